#!/usr/bin/env bash
# Tests the admin panel (web/admin/) in a real browser, from a fresh Debian
# machine with only Node 20 + npm and the pbm binary:
#
#   1. installs Debian's chromium (apt; never a downloaded browser), openssl,
#      and the panel's npm packages (npm ci, also in clients/typescript);
#   2. rebuilds the bundle (npm run build: the TypeScript client, a type check
#      of the app and the tests, esbuild, the 300 KB first-load budget) and
#      fails if web/admin/dist/ differs in any way from what is committed;
#   3. starts its own pbm (${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm} serve) on SQLite on a
#      free loopback port, and — when the test Dovecot of scripts/servers/ is
#      up (scripts/dovecot-pbm.sh) — a second one on the store Dovecot reads,
#      for the message recall;
#   4. runs the Playwright suite (web/admin/tests/) in Chromium, every flow
#      in English and in Russian, with axe-core on every screen, saving a
#      screenshot of every screen;
#   5. stops the servers; exits non-zero if anything failed.
#
# Nothing is skipped silently: under CI=true or PBM_REQUIRE_SERVERS=1 a test
# whose server is missing (the recall's Dovecot) fails.
#
# Env: PBM_BIN (the pbm binary), PBM_PANEL_SCREENSHOTS (where screenshots go;
# default web/admin/test-results/screens; docs/panel/ holds the committed ones),
# PBM_PANEL_SKIP_BUILD_CHECK=1 (development only: skip step 2),
# PBM_PANEL_GREP (only the tests whose title matches).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$(date +%s)

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
since() { printf '%ss' "$(( $(date +%s) - $1 ))"; }

tmp=$(mktemp -d)
declare -a pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# -- 1. tools ----------------------------------------------------------------------

t0=$(date +%s)
log "Debian packages: chromium, openssl"
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v openssl >/dev/null || need+=(openssl)
command -v python3 >/dev/null || need+=(python3)
# Fonts for both scripts of the panel (Latin and Cyrillic) in screenshots.
[[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || need+=(fonts-dejavu-core)
if [[ ${#need[@]} -gt 0 ]]; then
  [[ $(id -u) -eq 0 ]] || die "install ${need[*]} (apt-get install -y --no-install-recommends ${need[*]}) or run as root"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
export PBM_CHROMIUM=${PBM_CHROMIUM:-$(command -v chromium)}
"$PBM_CHROMIUM" --version

command -v npm >/dev/null || die "npm (Node 20) is needed: apt-get install -y nodejs npm, or Node from nodejs.org"
log "npm ci (web/admin)"
(cd web/admin && npm ci --no-audit --no-fund --loglevel=error)
echo "tools ready in $(since "$t0")"

# -- 2. the committed bundle is what the sources build ------------------------------

if [[ "${PBM_PANEL_SKIP_BUILD_CHECK:-}" == 1 && ( "${CI:-}" == true || "${PBM_REQUIRE_SERVERS:-}" == 1 ) ]]; then
  die "PBM_PANEL_SKIP_BUILD_CHECK=1 is for development only: CI checks the committed bundle"
fi
if [[ "${PBM_PANEL_SKIP_BUILD_CHECK:-}" != 1 ]]; then
  t0=$(date +%s)
  log "npm run build (web/admin) and compare with the committed dist/"
  (cd web/admin && npm run build)
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "not a git work tree: cannot compare web/admin/dist"
  untracked=$(git ls-files --others --exclude-standard -- web/admin/dist)
  if ! git diff --exit-code --stat -- web/admin/dist || [[ -n "$untracked" ]]; then
    [[ -z "$untracked" ]] || printf 'untracked files in web/admin/dist:\n%s\n' "$untracked" >&2
    die "web/admin/dist differs from a fresh build: run (cd web/admin && npm ci && npm run build) and commit dist/"
  fi
  echo "the build reproduces the committed dist/ exactly ($(since "$t0"))"
else
  (cd web/admin && npm run typecheck)
fi

# -- 3. pbm servers --------------------------------------------------------------------

pbm_bin=${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm}
[[ -x "$pbm_bin" ]] || die "no pbm binary at $pbm_bin: build it (cargo build) or set PBM_BIN"
pbm_bin=$(cd "$(dirname "$pbm_bin")" && pwd)/$(basename "$pbm_bin")
export PBM_BIN=$pbm_bin
export PBM_PANEL_PASSWORD="Panel-$(date +%s)-$RANDOM"

# start_pbm NAME DATA_DIR [ENV=VALUE...]: starts pbm on 127.0.0.1:0 and waits for
# /healthz; sets pbm_addr.
start_pbm() {
  local name=$1 data=$2 log="$tmp/pbm-$1.log" addr="" i
  shift 2
  mkdir -p -m 700 "$data"
  : >"$log"
  # Cheap argon2 for the suite's logins (real argon2id all the same).
  printf '[auth]\npassword_hash_memory_kib = 1024\npassword_hash_iterations = 1\n' >"$tmp/pbm-$name.toml"
  env "$@" NO_COLOR=1 PBM_SETTING__PBM__COMMON__TRUSTED_PROXIES=127.0.0.1 \
    PBM_LOG_FORMAT=text "$pbm_bin" serve --listen 127.0.0.1:0 --data-dir "$data" --config "$tmp/pbm-$name.toml" >"$log" 2>&1 &
  pids+=($!)
  for i in $(seq 1 300); do
    addr=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | sed -n 's/.*pbm serving.* addr=\(127\.0\.0\.1:[0-9]*\).*/\1/p' | head -n1)
    [[ -n "$addr" ]] && break
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n "$addr" ]] || { cat "$log" >&2; die "pbm ($name) did not start"; }
  for i in $(seq 1 100); do
    curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && { pbm_addr=$addr; return 0; }
    sleep 0.1
  done
  cat "$log" >&2
  die "pbm ($name) on $addr is not healthy"
}

log "starting pbm ($pbm_bin) on SQLite"
start_pbm panel "$tmp/data" PBM_CREATOR_PASSWORD="$PBM_PANEL_PASSWORD"
export PBM_PANEL_URL="http://$pbm_addr" PBM_PANEL_DATA_DIR="$tmp/data"
echo "panel pbm on $PBM_PANEL_URL"

# The recall needs a mail store: the test Dovecot, reading pbm's SQLite store
# in $PBM_TEST_DOVECOT_SQLITE_DIR (shared with tests/e2e, whose superadmin
# password is Creator-Pass1).
servers=${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}
if [[ -z "${PBM_TEST_DOVECOT_SQLITE_DIR:-}" && -f "$servers/pbm-dovecot.env" ]]; then
  # shellcheck disable=SC1091
  . "$servers/env"
  # shellcheck disable=SC1091
  . "$servers/pbm-dovecot.env"
fi
if [[ -n "${PBM_TEST_DOVECOT_SQLITE_DIR:-}" && -n "${PBM_TEST_DOVEADM_URL:-}" ]]; then
  log "starting pbm on the store the test Dovecot reads ($PBM_TEST_DOVECOT_SQLITE_DIR)"
  start_pbm mail "$PBM_TEST_DOVECOT_SQLITE_DIR" PBM_CREATOR_PASSWORD=Creator-Pass1 \
    PBM_SETTING__SERVICES__DOVEADM__URL="$PBM_TEST_DOVEADM_URL" \
    PBM_SETTING__SERVICES__DOVEADM__LOGIN=doveadm \
    PBM_SETTING__SERVICES__DOVEADM__PASSWORD="$PBM_TEST_DOVEADM_PASSWORD" \
    PBM_SETTING__SERVICES__DOVEADM__TIMEOUT=10
  export PBM_PANEL_MAIL_URL="http://$pbm_addr" PBM_PANEL_MAIL_PASSWORD=Creator-Pass1
  export PBM_PANEL_LMTP_PORT=${PBM_TEST_DOVECOT_LMTP_PORT:?}
  echo "mail pbm on $PBM_PANEL_MAIL_URL (Dovecot LMTP on $PBM_PANEL_LMTP_PORT)"
else
  echo "NOTE: no test Dovecot (scripts/servers/up.sh dovecot && scripts/dovecot-pbm.sh): the recall test cannot run" >&2
fi

# -- 4. the browser suite ------------------------------------------------------------

t0=$(date +%s)
log "Playwright suite (Chromium $("$PBM_CHROMIUM" --version | awk '{print $2}'), English and Russian)"
export PBM_PANEL_SCREENSHOTS=${PBM_PANEL_SCREENSHOTS:-$root/web/admin/test-results/screens}
args=()
[[ -z "${PBM_PANEL_GREP:-}" ]] || args+=(--grep "$PBM_PANEL_GREP")
set +e
(cd web/admin && npx playwright test -c tests/playwright.config.ts "${args[@]}")
rc=$?
set -e
echo "browser suite: $(since "$t0")"

for name in panel mail; do
  [[ -f "$tmp/pbm-$name.log" ]] || continue
  if grep -q -E ' (ERROR|panicked)' "$tmp/pbm-$name.log"; then
    log "pbm ($name) logged errors:"
    grep -E ' (ERROR|panicked)' "$tmp/pbm-$name.log" | head -n 20 >&2
  fi
done
[[ $rc -eq 0 ]] || die "the panel's browser suite failed (exit $rc); report: web/admin/playwright-report, screenshots: $PBM_PANEL_SCREENSHOTS"
printf '\npanel tests passed in %s\n' "$(since "$started")"
