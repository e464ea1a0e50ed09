"""The contract this client was generated from. Generated from proto/ by scripts/generate-clients.sh. DO NOT EDIT."""

#: The API package of the protos.
API = "pbm.v2"
#: The pbm server version (Cargo.toml) the client was generated with; also the package version.
VERSION = "0.1.0"
#: SHA-256 over the paths and contents of proto/**/*.proto.
PROTO_SHA256 = "771c3e6d569dfb885094821b290336e831af44eb973ee581a7b3ec82db2a0402"
