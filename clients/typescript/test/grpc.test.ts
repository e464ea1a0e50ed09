// The live suite over gRPC (HTTP/2 h2c, connect-node).
import { createGrpcTransport } from "@connectrpc/connect-node";
import { connectGrpc } from "@pbm/client/node";
import { runSuite } from "./suite.js";

runSuite({
  name: "grpc",
  connect: (addr, options) => connectGrpc({ baseUrl: `http://${addr}`, login: "", password: "", ...options }),
  bare: (addr) => createGrpcTransport({ baseUrl: `http://${addr}` }),
});
