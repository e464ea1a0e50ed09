// The contract this client was generated from. Generated from proto/ by scripts/generate-clients.sh. DO NOT EDIT.

/** The API package of the protos. */
export const API = "pbm.v2";
/** The pbm server version (Cargo.toml) the client was generated with; also the package version. */
export const VERSION = "0.1.0";
/** SHA-256 over the paths and contents of proto/ (every .proto file). */
export const PROTO_SHA256 = "9fb9c3d6c9afa66432fe06c9a0c69cfbaa56fef482e0cf25aa9db87cec2945dc";
