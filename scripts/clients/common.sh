# Shared by scripts/generate-clients.sh and scripts/test-clients.sh (sourced,
# never run). Installs the pinned client tool chain into a cache directory and
# puts it on PATH. Needs only what a fresh Debian machine of this project has:
# Go, Python 3.11 with pip and venv, Node.js 20 with npm.
#
# Every version is pinned in exactly one place:
#   Python generator + test deps  clients/python/requirements-dev.txt (==)
#   buf, protoc-gen-es, tsc       clients/typescript/package.json + package-lock.json
#   protoc-gen-go                 google.golang.org/protobuf in clients/go/go.mod
#   protoc-gen-go-grpc, grpcurl   below
#   protoc, protoc-gen-grpc-java,
#   grpc-java, JUnit              clients/java/pom.xml (from Maven Central)
#
# Cache: ${PBM_CLIENTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pbm-clients},
# keyed by those pins, so a changed pin installs afresh.

set -euo pipefail

PBM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PBM_CLIENTS_CACHE=${PBM_CLIENTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pbm-clients}

PROTOC_GEN_GO_GRPC_VERSION=v1.6.2
GRPCURL_VERSION=v1.9.3

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

_hash() { sha256sum "$@" | sha256sum | cut -c1-16; }

# Python venv with grpcio-tools, mypy-protobuf, the runtime deps and pytest.
# Sets PBM_VENV and PBM_PY.
ensure_python() {
  local req="$PBM_ROOT/clients/python/requirements-dev.txt"
  command -v python3 >/dev/null || die "python3 not found"
  local pyver key
  pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  key=$(printf '%s\n' "$pyver" | cat - "$req" | sha256sum | cut -c1-16)
  PBM_VENV="$PBM_CLIENTS_CACHE/venv-$pyver-$key"
  PBM_PY="$PBM_VENV/bin/python"
  if [[ ! -f "$PBM_VENV/.complete" ]]; then
    log "creating Python venv $PBM_VENV"
    # Older venvs of this cache were made from other pins.
    rm -rf "$PBM_CLIENTS_CACHE"/venv-"$pyver"-*
    mkdir -p "$PBM_CLIENTS_CACHE"
    # Debian's python3 lacks ensurepip unless python3-venv is installed: then
    # the venv gets no pip of its own and the system pip installs into it.
    python3 -m venv "$PBM_VENV" 2>/dev/null || { rm -rf "$PBM_VENV" && python3 -m venv --without-pip "$PBM_VENV"; }
    venv_pip install --quiet --disable-pip-version-check -r "$req"
    touch "$PBM_VENV/.complete"
  fi
  export PBM_VENV PBM_PY
}

# pip for the venv: its own, or the system pip aimed at it (pip --python).
venv_pip() {
  if [[ -x "$PBM_VENV/bin/pip" ]]; then
    "$PBM_PY" -m pip "$@"
  else
    python3 -m pip --python "$PBM_PY" "$@"
  fi
}

# node_modules of clients/typescript from the committed lock file (npm ci).
# Lifecycle scripts are not run here; the test step builds explicitly.
ensure_node() {
  command -v npm >/dev/null || die "npm not found"
  local dir="$PBM_ROOT/clients/typescript"
  local stamp="$dir/node_modules/.pbm-lock-hash"
  local want
  want=$(_hash "$dir/package.json" "$dir/package-lock.json")
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    log "npm ci in clients/typescript"
    (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    printf '%s\n' "$want" >"$stamp"
  fi
}

# protoc-gen-go, protoc-gen-go-grpc and grpcurl, built with `go install` at
# pinned versions into a cache bin directory. Sets PBM_GOBIN.
ensure_go_tools() {
  command -v go >/dev/null || die "go not found"
  local pbver
  pbver=$(cd "$PBM_ROOT/clients/go" && go list -m -f '{{.Version}}' google.golang.org/protobuf)
  [[ -n "$pbver" ]] || die "cannot read the google.golang.org/protobuf version of clients/go/go.mod"
  PBM_GOBIN="$PBM_CLIENTS_CACHE/go-bin/protobuf-$pbver.grpc-$PROTOC_GEN_GO_GRPC_VERSION.grpcurl-$GRPCURL_VERSION"
  if [[ ! -f "$PBM_GOBIN/.complete" ]]; then
    log "go install protoc-gen-go@$pbver protoc-gen-go-grpc@$PROTOC_GEN_GO_GRPC_VERSION grpcurl@$GRPCURL_VERSION"
    mkdir -p "$PBM_GOBIN"
    # Run outside clients/go so that its go.mod plays no part.
    (cd / &&
      GOBIN="$PBM_GOBIN" GOFLAGS=-mod=mod go install "google.golang.org/protobuf/cmd/protoc-gen-go@$pbver" &&
      GOBIN="$PBM_GOBIN" GOFLAGS=-mod=mod go install "google.golang.org/grpc/cmd/protoc-gen-go-grpc@$PROTOC_GEN_GO_GRPC_VERSION" &&
      GOBIN="$PBM_GOBIN" GOFLAGS=-mod=mod go install "github.com/fullstorydev/grpcurl/cmd/grpcurl@$GRPCURL_VERSION")
    touch "$PBM_GOBIN/.complete"
  fi
  export PBM_GOBIN
}

# A JDK (17 or newer) and Maven: Debian's packages when missing (as root, or
# with sudo). Maven's local repository is a cache directory too; `pbm_mvn`
# runs Maven with it, in batch mode. Under CI=true a missing tool that cannot
# be installed fails (never skips).
PBM_M2="$PBM_CLIENTS_CACHE/m2"
ensure_maven() {
  if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
    log "installing a JDK and Maven (Debian packages default-jdk-headless, maven)"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq default-jdk-headless maven >/dev/null ||
      die "cannot install a JDK and Maven: install them (javac 17+, mvn 3.8+)"
  fi
  local jv
  jv=$(javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
  [[ -n "$jv" && "$jv" -ge 17 ]] || die "javac 17 or newer needed, found: $(javac -version 2>&1)"
  mkdir -p "$PBM_M2"
  export PBM_M2
}

pbm_mvn() {
  mvn -B --no-transfer-progress -Dmaven.repo.local="$PBM_M2" -Dstyle.color=never "$@"
}

# The version of every client: the server's (Cargo.toml [package] version).
pbm_version() {
  sed -n '/^\[package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$PBM_ROOT/Cargo.toml" | head -n1
}

# The pbm.v2 contract a client is generated from: SHA-256 over the paths and
# contents of proto/**/*.proto (the same on every machine and checkout).
pbm_proto_sha256() {
  (cd "$PBM_ROOT/proto" && find . -name '*.proto' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
}

# All of the above, with the tools first on PATH: buf and protoc-gen-es from
# node_modules/.bin, the Go plugins and grpcurl, the venv's protoc plugins.
ensure_tools() {
  ensure_python
  ensure_node
  ensure_go_tools
  ensure_maven
  export PATH="$PBM_ROOT/clients/typescript/node_modules/.bin:$PBM_GOBIN:$PBM_VENV/bin:$PATH"
}
