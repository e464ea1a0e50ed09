"""The contract this client was generated from. Generated from proto/ by scripts/generate-clients.sh. DO NOT EDIT."""

#: The API package of the protos.
API = "pbm.v2"
#: The pbm server version (Cargo.toml) the client was generated with; also the package version.
VERSION = "0.1.0"
#: SHA-256 over the paths and contents of proto/**/*.proto.
PROTO_SHA256 = "9749598c3e3e7faad0b3fd247a83c0c06c784d9777240e199aa9bc85fa827b0c"
