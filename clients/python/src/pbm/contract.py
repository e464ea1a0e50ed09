"""The contract this client was generated from. Generated from proto/ by scripts/generate-clients.sh. DO NOT EDIT."""

#: The API package of the protos.
API = "pbm.v2"
#: The pbm server version (Cargo.toml) the client was generated with; also the package version.
VERSION = "0.1.0"
#: SHA-256 over the paths and contents of proto/**/*.proto.
PROTO_SHA256 = "d8f8195654dd1807b66cc901311d2b31f3a172a7ee0257d577a76c11dc20884d"
