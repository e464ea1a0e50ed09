"""The contract this client was generated from. Generated from proto/ by scripts/generate-clients.sh. DO NOT EDIT."""

#: The API package of the protos.
API = "pbm.v2"
#: The pbm server version (Cargo.toml) the client was generated with; also the package version.
VERSION = "0.1.0"
#: SHA-256 over the paths and contents of proto/**/*.proto.
PROTO_SHA256 = "b8f123535cc36c1bb85c114a9c8831bdec3e08abee2edaf991f5f785c3676cc9"
