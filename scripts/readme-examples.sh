#!/usr/bin/env bash
# Runs the README's curl tour (between <!-- examples:start --> and
# <!-- examples:end -->) exactly as printed against a fresh pbm on
# 127.0.0.1:8080, failing when any request answers an HTTP error.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm}
[ -x "$bin" ] || cargo build --locked
# The recall example needs the mail store: the test Dovecot when it runs.
S=${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}
# shellcheck disable=SC1091
[ -n "${PBM_TEST_DOVEADM_URL:-}" ] || [ ! -f "$S/env" ] || . "$S/env"
if [ -n "${PBM_TEST_DOVEADM_URL:-}" ]; then
    export PBM_SETTING__SERVICES__DOVEADM__URL=$PBM_TEST_DOVEADM_URL
    export PBM_SETTING__SERVICES__DOVEADM__PASSWORD=$PBM_TEST_DOVEADM_PASSWORD
fi
data=$(mktemp -d)
log="$data/pbm.log"
PBM_CREATOR_PASSWORD='Creator-Pass1' "$bin" serve --listen 127.0.0.1:8080 --data-dir "$data" >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 100); do
    curl -sf http://127.0.0.1:8080/healthz >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "pbm did not start" >&2; exit 1; }
    sleep 0.1
done

script=$(sed -n '/<!-- examples:start -->/,/<!-- examples:end -->/p' README.md | sed '/^```/d; /^<!--/d')
[ -n "$script" ] || { echo "README.md has no examples block" >&2; exit 1; }

# `curl` as the examples call it, but failing on HTTP errors.
wrapper='curl() {
    local out status
    out=$(command curl -w "\n%{http_code}" "$@") || return
    status=${out##*$'"'"'\n'"'"'}
    printf "%s\n" "${out%$'"'"'\n'"'"'*}"
    if [ "$status" -ge 400 ]; then echo "HTTP $status from: curl $*" >&2; return 1; fi
}'
bash -euo pipefail -c "$wrapper
$script"
echo "README examples: all requests succeeded"
