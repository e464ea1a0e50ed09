/**
 * pbm over grpc-web (HTTP/1.1 or HTTP/2 with fetch), for browsers and any
 * runtime with a fetch API. pbm serves grpc-web with CORS on its one port.
 *
 * ```ts
 * import { connectGrpcWeb } from "@pbm/client/web";
 * const pbm = connectGrpcWeb({ baseUrl: "https://pbm.example.com", login, password });
 * // or, as a service account: { baseUrl, apiKey: process.env.PBM_API_KEY }
 * ```
 */
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { type PbmClient, type PbmConnectionOptions, type PbmCredentials, createPbmClient } from "./client.js";

/** Options of {@link connectGrpcWeb}. */
export type ConnectGrpcWebOptions = PbmCredentials & Omit<PbmConnectionOptions, "transport"> & {
  /** `http(s)://host:port` of pbm. */
  baseUrl: string;
  /** A fetch implementation; default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
};

/** A logged-in client of pbm over grpc-web (the first call logs in). */
export function connectGrpcWeb(options: ConnectGrpcWebOptions): PbmClient {
  const { baseUrl, fetch, ...rest } = options;
  return createPbmClient({
    ...rest,
    transport: (interceptors) => createGrpcWebTransport({ baseUrl, interceptors, ...(fetch ? { fetch } : {}) }),
  });
}
