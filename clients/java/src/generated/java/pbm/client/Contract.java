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
  public static final String PROTO_SHA256 = "ccb9bf8624fa1b3bb9aa41972604c61bd2e0b1a7ea7b9e91ed9929cf6a9a5d53";
}
