#!/usr/bin/env bash
# Regenerates the generated code of the three clients from proto/:
#
#   clients/go/gen/                     protoc-gen-go + protoc-gen-go-grpc (buf generate)
#   clients/typescript/src/gen/         protoc-gen-es, incl. google/rpc/error_details (buf generate)
#   clients/python/src/pbm/             grpcio-tools + mypy-protobuf stubs (.pyi)
#
# Those directories are output only: never edit them by hand, change proto/
# and run this script, then commit the result. CI (scripts/test-clients.sh)
# fails when the committed code differs from what this script produces.
#
# Installs the pinned tools first (see scripts/clients/common.sh).
# Usage: scripts/generate-clients.sh
source "$(dirname "${BASH_SOURCE[0]}")/clients/common.sh"

ensure_tools
cd "$PBM_ROOT"

log "buf generate (Go, TypeScript)"
# buf.gen.yaml cleans clients/go/gen and clients/typescript/src/gen first.
buf generate

# google.rpc.BadRequest & co. for TypeScript: the error details pbm sends in
# grpc-status-details-bin. Go and Python take them from their usual packages
# (genproto, googleapis-common-protos); npm has no protobuf-es v2 build of
# them, so they are generated from the .proto that the pinned
# googleapis-common-protos wheel ships.
log "buf generate (TypeScript google.rpc error details)"
rpc_src=$("$PBM_PY" -c 'import os, google.rpc.error_details_pb2 as m; print(os.path.dirname(m.__file__))')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/google/rpc"
cp "$rpc_src/error_details.proto" "$tmp/google/rpc/"
buf generate "$tmp" --template '{
  "version": "v2",
  "plugins": [{
    "local": "protoc-gen-es",
    "out": "clients/typescript/src/gen",
    "opt": ["target=ts", "import_extension=js"]
  }]
}'

log "grpc_tools.protoc (Python)"
py_out=clients/python/src/pbm
rm -rf "$py_out"
mkdir -p "$py_out"
"$PBM_PY" -m grpc_tools.protoc \
  -I proto \
  --python_out=clients/python/src \
  --grpc_python_out=clients/python/src \
  --plugin=protoc-gen-mypy="$PBM_VENV/bin/protoc-gen-mypy" \
  --mypy_out=clients/python/src \
  --plugin=protoc-gen-mypy_grpc="$PBM_VENV/bin/protoc-gen-mypy_grpc" \
  --mypy_grpc_out=clients/python/src \
  $(cd proto && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort) \
  2> >(grep -v '^Writing mypy to ' >&2)
# Packages for the generated modules (protoc writes none) and the PEP 561
# marker that makes type checkers read the .pyi stubs.
while IFS= read -r dir; do
  printf '"""Generated from proto/ by scripts/generate-clients.sh. DO NOT EDIT."""\n' >"$dir/__init__.py"
done < <(find "$py_out" -type d | LC_ALL=C sort)
: >"$py_out/py.typed"

log "generated:"
git -c core.quotepath=off status --short -- clients/go/gen clients/typescript/src/gen "$py_out" >&2 || true
