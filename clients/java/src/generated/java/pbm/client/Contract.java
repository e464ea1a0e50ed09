// Generated from proto/ by scripts/generate-clients.sh. DO NOT EDIT.
package pbm.client;

/** The contract this client was generated from. */
public final class Contract {
  private Contract() {}

  /** The API package of the protos. */
  public static final String API = "pbm.v2";
  /** The pbm server version (Cargo.toml) the client was generated with; also the artifact version. */
  public static final String VERSION = "0.1.0";
  /** SHA-256 over the paths and contents of proto/ (every .proto file). */
  public static final String PROTO_SHA256 = "9fb9c3d6c9afa66432fe06c9a0c69cfbaa56fef482e0cf25aa9db87cec2945dc";
}
