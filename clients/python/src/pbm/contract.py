"""The contract this client was generated from. Generated from proto/ by scripts/generate-clients.sh. DO NOT EDIT."""

#: The API package of the protos.
API = "pbm.v2"
#: The pbm server version (Cargo.toml) the client was generated with; also the package version.
VERSION = "0.1.0"
#: SHA-256 over the paths and contents of proto/**/*.proto.
PROTO_SHA256 = "ccb9bf8624fa1b3bb9aa41972604c61bd2e0b1a7ea7b9e91ed9929cf6a9a5d53"
