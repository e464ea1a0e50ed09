/**
 * pbm over gRPC (HTTP/2, h2c or TLS) from Node.js, with connect-node.
 *
 * ```ts
 * import { connectGrpc } from "@pbm/client/node";
 * const pbm = connectGrpc({ baseUrl: "http://127.0.0.1:8080", login, password });
 * // or, as a service account: { baseUrl, apiKey: process.env.PBM_API_KEY }
 * ```
 */
import { createGrpcTransport } from "@connectrpc/connect-node";
import { type PbmClient, type PbmConnectionOptions, type PbmCredentials, createPbmClient } from "./client.js";

/** Options of {@link connectGrpc}. */
export type ConnectGrpcOptions = PbmCredentials & Omit<PbmConnectionOptions, "transport"> & {
  /** `http://host:port` (h2c) or `https://host:port` (TLS). */
  baseUrl: string;
};

/** A logged-in client of pbm over gRPC (the first call logs in). */
export function connectGrpc(options: ConnectGrpcOptions): PbmClient {
  const { baseUrl, ...rest } = options;
  return createPbmClient({
    ...rest,
    transport: (interceptors) => createGrpcTransport({ baseUrl, interceptors }),
  });
}

export { connectGrpcWeb, type ConnectGrpcWebOptions } from "./web.js";
