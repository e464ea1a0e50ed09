#!/usr/bin/env bash
# /scim/v2 checked with a SCIM client library from outside pbm (issue 17): scim2-client, which
# discovers the server, builds its models from the schemas pbm serves and validates every answer
# against them (scripts/scim/check.py: a user's create, read, filter, paging, replace, patch,
# errors and delete; a group's create, member patch and delete). The request shapes of Entra ID
# and Okta are tested in tests/e2e/scim.rs.
#
#   1. installs the pinned scim2-client (scripts/scim/requirements.txt) into a cached venv
#      ($PBM_CLIENTS_CACHE/scim-venv-*, the cache of scripts/clients/common.sh);
#   2. starts its own pbm (${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm} serve) on SQLite on a free loopback
#      port with a temp data dir;
#   3. makes a tenant (/v2), a service account of it with the scim scope and a key (the CLI);
#   4. runs check.py against $base/scim/v2 with that key.
# Time: about 10 s, plus 20 s for the first install.
source "$(dirname "${BASH_SOURCE[0]}")/clients/common.sh"
cd "$PBM_ROOT"
command -v curl >/dev/null || die "curl not found"
command -v python3 >/dev/null || die "python3 not found"

tmp=$(mktemp -d)
pbm_pid=""
cleanup() {
  if [[ -n "$pbm_pid" ]]; then
    kill "$pbm_pid" 2>/dev/null && wait "$pbm_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

req="$PBM_ROOT/scripts/scim/requirements.txt"
pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PBM_VENV="$PBM_CLIENTS_CACHE/scim-venv-$pyver-$(printf '%s\n' "$pyver" | cat - "$req" | sha256sum | cut -c1-16)"
PBM_PY="$PBM_VENV/bin/python"
export PBM_VENV PBM_PY
if [[ ! -f "$PBM_VENV/.complete" ]]; then
  log "installing scim2-client into $PBM_VENV"
  rm -rf "$PBM_CLIENTS_CACHE"/scim-venv-"$pyver"-*
  mkdir -p "$PBM_CLIENTS_CACHE"
  python3 -m venv "$PBM_VENV" 2>/dev/null || { rm -rf "$PBM_VENV" && python3 -m venv --without-pip "$PBM_VENV"; }
  venv_pip install --quiet --disable-pip-version-check -r "$req"
  venv_pip check >/dev/null || { venv_pip check >&2; die "the pins of $req do not fit together"; }
  touch "$PBM_VENV/.complete"
fi

pbm_bin=${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm}
[[ -x "$pbm_bin" ]] || die "no pbm binary at $pbm_bin: build it (cargo build) or set PBM_BIN"
password="Scim-$(date +%s)-$RANDOM"
pbm_log="$tmp/pbm.log"
mkdir -m 700 "$tmp/data"
printf '[auth]\npassword_hash_memory_kib = 1024\npassword_hash_iterations = 1\n' >"$tmp/pbm.toml"
log "starting pbm ($pbm_bin) on SQLite"
PBM_CREATOR_PASSWORD="$password" NO_COLOR=1 PBM_LOG_FORMAT=text \
  "$pbm_bin" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" --config "$tmp/pbm.toml" >"$pbm_log" 2>&1 &
pbm_pid=$!
addr=""
for _ in $(seq 1 300); do
  addr=$(sed -n 's/.*pbm serving.* addr=\(127\.0\.0\.1:[0-9]*\).*/\1/p' "$pbm_log" | head -n1)
  [[ -n "$addr" ]] && break
  kill -0 "$pbm_pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n "$addr" ]] || { cat "$pbm_log" >&2; die "pbm did not start"; }
base="http://$addr"

log "a tenant, a service account with the scim scope, and its key"
token=$(curl -sSf -X POST "$base/v2/auth" -d login=creator@example.com -d "password=$password" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') || die "the superadmin cannot log in"
curl -sSf -X PUT "$base/v2/tenants/scimco" -d domain=scimco.example.com -H "Authorization: Bearer $token" >/dev/null ||
  die "the tenant was not created"
export PBM_SERVER="$base" PBM_LOGIN=creator@example.com PBM_PASSWORD="$password"
"$pbm_bin" service-accounts --tenant scimco create idp --description "the identity provider" --scopes scim >/dev/null ||
  die "the service account was not created"
key=$("$pbm_bin" keys --tenant scimco create --account idp --description "scim2-client" | grep -o 'pbm_sk_[0-9a-f_]*' | head -n1)
[[ -n "$key" ]] || die "no key was printed"

log "scim2-client against $base/scim/v2"
"$PBM_PY" scripts/scim/check.py "$base/scim/v2" "$key" scimco.example.com || { tail -n 30 "$pbm_log" >&2; die "scim2-client found a problem"; }
if grep -q "panicked" "$pbm_log"; then
  cat "$pbm_log" >&2
  die "pbm panicked"
fi
