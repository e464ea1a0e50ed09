// The live suite over grpc-web (fetch, as in a browser), connect-web.
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { connectGrpcWeb } from "@pbm/client/web";
import { type TransportKind, runSuite } from "./suite.js";
import { runApiKeySuite } from "./api-key.js";
import { runWatchSuite } from "./watch.js";

const kind: TransportKind = {
  name: "grpc-web",
  connect: (addr, options) => connectGrpcWeb({ baseUrl: `http://${addr}`, ...options }),
  bare: (addr) => createGrpcWebTransport({ baseUrl: `http://${addr}` }),
};

runSuite(kind);
runWatchSuite(kind);
runApiKeySuite(kind);
