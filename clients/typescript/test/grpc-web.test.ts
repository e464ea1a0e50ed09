// The live suite over grpc-web (fetch, as in a browser), connect-web.
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { connectGrpcWeb } from "@pbm/client/web";
import { runSuite } from "./suite.js";

runSuite({
  name: "grpc-web",
  connect: (addr, options) => connectGrpcWeb({ baseUrl: `http://${addr}`, login: "", password: "", ...options }),
  bare: (addr) => createGrpcWebTransport({ baseUrl: `http://${addr}` }),
});
