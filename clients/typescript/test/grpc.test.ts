// The live suite over gRPC (HTTP/2 h2c, connect-node).
import { createGrpcTransport } from "@connectrpc/connect-node";
import { connectGrpc } from "@pbm/client/node";
import { type TransportKind, runSuite } from "./suite.js";
import { runApiKeySuite } from "./api-key.js";
import { runWatchSuite } from "./watch.js";

const kind: TransportKind = {
  name: "grpc",
  connect: (addr, options) => connectGrpc({ baseUrl: `http://${addr}`, ...options }),
  bare: (addr) => createGrpcTransport({ baseUrl: `http://${addr}` }),
};

runSuite(kind);
runWatchSuite(kind);
runApiKeySuite(kind);
