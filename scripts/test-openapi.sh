#!/usr/bin/env bash
# Tests /v2 against its OpenAPI 3.1 document (GET /v2/openapi.json, generated
# by utoipa from the handlers) with Schemathesis, from a fresh Debian machine
# with only Python 3.11 + pip, curl and openssl (issue 19):
#
#   1. installs the pinned Schemathesis (scripts/openapi/requirements.txt)
#      into a cached venv ($PBM_CLIENTS_CACHE/openapi-venv-*, the cache of
#      scripts/clients/common.sh);
#   2. starts its own pbm (${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm} serve) on SQLite on a
#      free loopback port with a temp data dir (0700), day-long access tokens
#      and the login throttle raised (see below);
#   3. logs in as the superadmin (POST /v2/auth) and seeds a little data with
#      curl: a tenant with a mail domain, a user with an avatar, a resource
#      group with a room, a mailing list, a web domain, and an empty second
#      tenant. Generated requests name these objects some of the time (a
#      Schemathesis dictionary per path parameter), and Schemathesis also
#      reuses what the answers show (its stateful phase and response data);
#   4. runs Schemathesis on every operation of the served document, all its
#      phases (examples, coverage, fuzzing, stateful), with exactly two checks:
#      no 5xx (not_a_server_error) and every answer matching its documented
#      schema (response_schema_conformance); DELETEs included, the server is
#      thrown away;
#   5. counts the requests pbm answered on /v2 during the run (from its
#      /metrics, pbm_requests_total{transport="v2"}) and fails below 2,000;
#      prints them by route, method and status, with Schemathesis's own count;
#   6. fails if Schemathesis found anything (its report is printed, and kept
#      with the JUnit and NDJSON reports in $PBM_OPENAPI_REPORT_DIR), or gave a
#      warning that means less was checked than it seems (a $ref the document
#      does not define, a pattern it cannot generate from, the token refused),
#      if the run outlived its time limit, if pbm panicked, or if the
#      superadmin's token stopped working during the run (the rest would have
#      been 401s).
#
# The login throttle: it counts failed logins per client address (every
# generated POST /v2/auth comes from 127.0.0.1) and would lock the address out
# after 10 (psn/bruteforce/max_attempts), and ask for a picture code after 3
# (pbm/auth/challenge_after_failures). The lockout only refuses logins, so the
# token the run uses would keep working, but POST /v2/auth would then answer
# 429 for the rest of the run and its real answers (400, 401) would go
# untested. The auth operations are therefore kept, and this throwaway pbm
# gets max_attempts 100000 (the counting still runs on every attempt) and no
# picture code; tests/e2e/bruteforce.rs tests the lockout itself.
#
# Time (2 cores, debug pbm, 45 operations): under 2 min by default
# (PBM_OPENAPI_EXAMPLES=50: about 3,900 requests), plus 40 s for the first
# install; the nightly-sized run,
#   PBM_OPENAPI_EXAMPLES=500 scripts/test-openapi.sh
# sends about 21,000 requests in 15 min.
#
# Env: PBM_BIN (the pbm binary), PBM_CLIENTS_CACHE (tool cache dir),
# PBM_OPENAPI_EXAMPLES (Schemathesis's --max-examples, test cases per
# operation and phase; default 50), PBM_OPENAPI_SEED (default 19),
# PBM_OPENAPI_WORKERS (default 1: one request at a time, the same order each
# run), PBM_OPENAPI_TIMEOUT (seconds before the run is stopped and fails;
# default 600 + 12 per example), PBM_OPENAPI_REPORT_DIR (the reports and
# Schemathesis's output; default target/openapi-report), PBM_OPENAPI_DOCUMENT
# (development: test this file instead of the served document).
source "$(dirname "${BASH_SOURCE[0]}")/clients/common.sh"
cd "$PBM_ROOT"

started=$(date +%s)
since() { printf '%ss' "$(( $(date +%s) - $1 ))"; }

examples=${PBM_OPENAPI_EXAMPLES:-50}
seed=${PBM_OPENAPI_SEED:-19}
workers=${PBM_OPENAPI_WORKERS:-1}
deadline=${PBM_OPENAPI_TIMEOUT:-$(( 600 + 12 * examples ))}
report_dir=${PBM_OPENAPI_REPORT_DIR:-$PBM_ROOT/target/openapi-report}
min_requests=2000
for n in "$examples" "$seed" "$workers" "$deadline"; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "PBM_OPENAPI_EXAMPLES, _SEED, _WORKERS and _TIMEOUT are whole numbers (got '$n')"
done
command -v curl >/dev/null || die "curl not found"
command -v openssl >/dev/null || die "openssl not found (apt-get install -y openssl): the seeded web domain needs a certificate"

tmp=$(mktemp -d)
pbm_pid=""
cleanup() {
  if [[ -n "$pbm_pid" ]]; then
    kill "$pbm_pid" 2>/dev/null && wait "$pbm_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# -- 1. Schemathesis --------------------------------------------------------------

# The venv, keyed by the Python version and the pins; venv_pip (common.sh)
# installs into PBM_VENV with the system pip when Debian's python3 has no
# ensurepip.
req="$PBM_ROOT/scripts/openapi/requirements.txt"
command -v python3 >/dev/null || die "python3 not found"
pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PBM_VENV="$PBM_CLIENTS_CACHE/openapi-venv-$pyver-$(printf '%s\n' "$pyver" | cat - "$req" | sha256sum | cut -c1-16)"
PBM_PY="$PBM_VENV/bin/python"
export PBM_VENV PBM_PY
if [[ ! -f "$PBM_VENV/.complete" ]]; then
  t0=$(date +%s)
  log "installing Schemathesis into $PBM_VENV"
  # Older venvs of this cache were made from other pins.
  rm -rf "$PBM_CLIENTS_CACHE"/openapi-venv-"$pyver"-*
  mkdir -p "$PBM_CLIENTS_CACHE"
  python3 -m venv "$PBM_VENV" 2>/dev/null || { rm -rf "$PBM_VENV" && python3 -m venv --without-pip "$PBM_VENV"; }
  venv_pip install --quiet --disable-pip-version-check -r "$req"
  venv_pip check >/dev/null || { venv_pip check >&2; die "the pins of $req do not fit together"; }
  touch "$PBM_VENV/.complete"
  echo "installed in $(since "$t0")"
fi
schemathesis="$PBM_VENV/bin/schemathesis"
"$schemathesis" --version

# -- 2. pbm --------------------------------------------------------------------------

pbm_bin=${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm}
[[ -x "$pbm_bin" ]] || die "no pbm binary at $pbm_bin: build it (cargo build) or set PBM_BIN"
password="Oas-$(date +%s)-$RANDOM"
login=creator@example.com
pbm_log="$tmp/pbm.log"
mkdir -m 700 "$tmp/data"
# Cheap argon2 for the logins (real argon2id all the same).
printf '[auth]\npassword_hash_memory_kib = 1024\npassword_hash_iterations = 1\n' >"$tmp/pbm.toml"
log "starting pbm ($pbm_bin) on SQLite"
PBM_CREATOR_PASSWORD="$password" NO_COLOR=1 \
  PBM_SETTING__PBM__AUTH__ACCESS_TOKEN_EXPIRE_TIME=86400 \
  PBM_SETTING__PSN__BRUTEFORCE__MAX_ATTEMPTS=100000 \
  PBM_SETTING__PBM__AUTH__CHALLENGE_AFTER_FAILURES=0 \
  PBM_LOG_FORMAT=text "$pbm_bin" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" --config "$tmp/pbm.toml" >"$pbm_log" 2>&1 &
pbm_pid=$!
addr=""
for _ in $(seq 1 300); do
  addr=$(sed 's/\x1b\[[0-9;]*m//g' "$pbm_log" | sed -n 's/.*pbm serving.* addr=\(127\.0\.0\.1:[0-9]*\).*/\1/p' | head -n1)
  [[ -n "$addr" ]] && break
  kill -0 "$pbm_pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n "$addr" ]] || { cat "$pbm_log" >&2; die "pbm did not start (no 'pbm serving addr=...' line in its log)"; }
base="http://$addr"
for i in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  [[ $i -lt 100 ]] || { cat "$pbm_log" >&2; die "pbm on $addr is not healthy"; }
  sleep 0.1
done
echo "pbm on $base"

# The document: OpenAPI 3.1, and how many operations it has.
if [[ -n "${PBM_OPENAPI_DOCUMENT:-}" ]]; then
  document=$(cd "$(dirname "$PBM_OPENAPI_DOCUMENT")" && pwd)/$(basename "$PBM_OPENAPI_DOCUMENT")
  cp "$document" "$tmp/openapi.json"
  log "testing $document (PBM_OPENAPI_DOCUMENT), not the served document"
else
  document="$base/v2/openapi.json"
  status=$(curl -sS -o "$tmp/openapi.json" -w '%{http_code}' "$document")
  [[ "$status" == 200 ]] || die "GET /v2/openapi.json answered $status: $(head -c 300 "$tmp/openapi.json")"
fi
operations=$(python3 - "$tmp/openapi.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
version = str(doc.get("openapi", ""))
if not version.startswith("3.1."):
    sys.exit(f"the document is not OpenAPI 3.1 (openapi: {version!r})")
methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
print(sum(1 for item in doc.get("paths", {}).values() for m in item if m in methods))
EOF
) || die "not a usable OpenAPI document"
echo "the document: OpenAPI 3.1, $operations operations, $examples examples each per phase"

# -- 3. a token, and some data ----------------------------------------------------------

# api METHOD PATH [CURL ARGS...]: one /v2 request as the superadmin; fails on an
# HTTP error, printing the answer.
api() {
  local method=$1 path=$2 out status
  shift 2
  out=$(curl -sS -X "$method" "$base$path" -H "Authorization: Bearer $token" -w '\n%{http_code}' "$@") ||
    die "$method $path: no answer"
  status=${out##*$'\n'}
  [[ "$status" -lt 400 ]] || die "$method $path answered $status: ${out%$'\n'*}"
}

log "logging in (POST /v2/auth) and seeding"
token=$(curl -sS -X POST "$base/v2/auth" --data-urlencode "login=$login" --data-urlencode "password=$password" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') || die "POST /v2/auth gave no access_token"
tenant=oas
domain=oas.example.net
mail_domain=oas-mail.example.net
web_domain=mail.$mail_domain
user=ivan@$domain
room=room1@$domain
list=team@$mail_domain
api PUT "/v2/tenants/$tenant" -d "domain=$domain"
api PUT "/v2/tenants/${tenant}2" -d "domain=${tenant}2.example.net"
api PUT "/v2/maildomains/$tenant/$mail_domain"
api PUT "/v2/users/$tenant/$user" -d userPassword=Reader01 -d employeeNumber=1 -d cn=Ivan -d sn=Petrov
# A superadmin in the tenant (employeeNumber 3: the /v2 role numbers are the
# proto's) keeps it from being deleted (DELETE answers 422) for the whole
# run; the second tenant, empty, can be deleted.
api PUT "/v2/users/$tenant/keeper@$domain" -d userPassword=Keeper01 -d employeeNumber=3 -d cn=Keeper -d sn=Oas
api PUT "/v2/users/$tenant/ann@$domain" -d userPassword=Reader02 -d employeeNumber=2 -d cn=Ann -d sn=Smirnova \
  -d "alias=ann.s@$mail_domain"
python3 -c '
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rows = b"".join(b"\0" + bytes([40, 90, 160]) * 64 for _ in range(64))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
                        + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))' >"$tmp/avatar.png"
api PUT "/v2/users/$tenant/$user/avatar" -T "$tmp/avatar.png" -H 'Content-Type: image/png'
api PUT "/v2/resourcegroups/$tenant/Rooms"
api PUT "/v2/resources/$tenant/Rooms/$room" -d "displayName=Room 1" -d "description=12 seats" -d l=Moscow -d employeeType=1
api PUT "/v2/maillists/$tenant/$list" -d "alias=[\"$user\"]" -d displayName=Team -d employeeType=1 -d accessTo=local_only
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$web_domain" -addext "subjectAltName=DNS:$web_domain" \
  -keyout "$tmp/web.key" -out "$tmp/web.crt" 2>/dev/null
api PUT "/v2/webdomains/$web_domain" --data-urlencode "key@$tmp/web.key" --data-urlencode "crt@$tmp/web.crt"
echo "seeded tenants $tenant, ${tenant}2; $mail_domain, $user (+ avatar), ann@$domain, keeper@$domain, Rooms/$room, $list, $web_domain"

# -- 4. Schemathesis ------------------------------------------------------------------------

# Path and query parameters take a seeded value with probability 0.3
# (otherwise a generated one); the names are those of the /v2 routes. No
# cache: a run does not replay the failures of earlier runs (nor writes
# .schemathesis/ into the work tree).
cat >"$tmp/schemathesis.toml" <<EOF
[cache]
enabled = false

# Warnings that mean the run checked less than it seems fail it: a \$ref the
# document does not define (the answers it describes go unvalidated), a
# pattern Schemathesis cannot generate from, the token refused, requests
# missing the API.
[warnings]
fail-on = ["unresolvable_reference", "unsupported_regex", "missing_auth", "base_url_mismatch"]

[dictionaries.tenants]
values = ["$tenant", "${tenant}2"]
[dictionaries.addresses]
values = ["$user", "ann@$domain", "$room", "$list"]
[dictionaries.domains]
values = ["$mail_domain", "$domain", "$web_domain"]
[dictionaries.groups]
values = ["Rooms"]
[dictionaries.sources]
values = ["ad"]

[parameters]
"path.tenant_id" = { dictionary = "tenants", probability = 0.3 }
"query.tenant-id" = { dictionary = "tenants", probability = 0.3 }
"path.mail" = { dictionary = "addresses", probability = 0.3 }
"query.mail" = { dictionary = "addresses", probability = 0.3 }
"path.domain" = { dictionary = "domains", probability = 0.3 }
"path.name" = { dictionary = "groups", probability = 0.3 }
"path.group" = { dictionary = "groups", probability = 0.3 }
"path.source" = { dictionary = "sources", probability = 0.3 }
EOF

# v2 requests pbm has answered, by route, method and status (the document's
# own route left out: Schemathesis loads it).
metrics() {
  curl -fsS "$base/metrics" | python3 -c '
import re, sys
for line in sys.stdin:
    if not line.startswith("pbm_requests_total{"):
        continue
    labels = dict(re.findall(r"(\w+)=\"([^\"]*)\"", line[: line.rindex("}")]))
    if labels.get("transport") == "v2" and labels.get("service") != "/v2/openapi.json":
        print(labels["service"], labels["method"], labels["code"], int(float(line.split()[-1])), sep="\t")
'
}
metrics >"$tmp/metrics-before.tsv"

mkdir -p "$report_dir"
rm -f "$report_dir"/{junit.xml,events.ndjson,schemathesis.txt,pbm.log}
cmd=("$schemathesis" --config-file "$tmp/schemathesis.toml" run "$document"
  --url "$base"
  --checks "not_a_server_error,response_schema_conformance"
  --max-examples "$examples" --seed "$seed" --workers "$workers"
  --continue-on-failure
  --generation-database none
  --request-timeout 30
  --report "junit,ndjson" --report-dir "$report_dir"
  --report-junit-path "$report_dir/junit.xml" --report-ndjson-path "$report_dir/events.ndjson"
  --no-color
  -H "Authorization: Bearer $token")
log "schemathesis run $document (--max-examples $examples --seed $seed --workers $workers; stopped after ${deadline}s)"
t0=$(date +%s)
set +e
# From the temp dir: nothing Schemathesis or Hypothesis writes lands in the work tree.
(cd "$tmp" && COLUMNS=${COLUMNS:-120} exec timeout --kill-after=30 "$deadline" "${cmd[@]}") 2>&1 | tee "$report_dir/schemathesis.txt"
st_status=${PIPESTATUS[0]}
set -e
took=$(since "$t0")
metrics >"$tmp/metrics-after.tsv"

# -- 5. how many requests, and what pbm answered ------------------------------------------

log "requests pbm answered on /v2 during the run, by route and method"
sent=$(python3 - "$tmp/metrics-before.tsv" "$tmp/metrics-after.tsv" "$report_dir/events.ndjson" <<'EOF'
import collections, json, os, sys

def load(path):
    counts = collections.Counter()
    for line in open(path):
        route, method, code, n = line.rstrip("\n").split("\t")
        counts[route, method, code] += int(n)
    return counts

delta = load(sys.argv[2])
delta.subtract(load(sys.argv[1]))
rows = collections.defaultdict(collections.Counter)
for (route, method, code), n in delta.items():
    if n > 0:
        rows[route, method][code] += n
width = max([len(f"{m} {r}") for r, m in rows] or [10])
for (route, method), codes in sorted(rows.items()):
    detail = "  ".join(f"{code}:{n}" for code, n in sorted(codes.items()))
    print(f"  {method + ' ' + route:<{width}}  {sum(codes.values()):6}  {detail}", file=sys.stderr)
total = sum(n for codes in rows.values() for n in codes.values())
server_errors = sum(n for codes in rows.values() for code, n in codes.items() if code.startswith("5"))
# Schemathesis's own count: the test cases it recorded, each one request.
cases = 0
if os.path.exists(sys.argv[3]):
    for line in open(sys.argv[3]):
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if finished:
            cases += len((finished.get("recorder") or {}).get("interactions") or {})
print(f"  total {total} requests ({server_errors} answered 5xx); Schemathesis recorded {cases} test cases",
      file=sys.stderr)
print(total)
EOF
)

# -- 6. verdict -------------------------------------------------------------------------------

failed=0
case $st_status in
  0) echo "Schemathesis: no failures ($took)" ;;
  124 | 137) echo "Schemathesis was stopped after ${deadline}s (PBM_OPENAPI_TIMEOUT)" >&2; failed=1 ;;
  *)
    echo "Schemathesis failed (exit $st_status, $took): failures, or a warning of [warnings] fail-on; its report" \
      "is above, and in $report_dir" >&2
    failed=1
    ;;
esac
if [[ "$sent" -lt "$min_requests" ]]; then
  echo "only $sent requests reached /v2, fewer than $min_requests: raise PBM_OPENAPI_EXAMPLES" >&2
  failed=1
fi
status=$(curl -sS -o /dev/null -w '%{http_code}' "$base/v2/tenants" -H "Authorization: Bearer $token")
if [[ "$status" != 200 ]]; then
  echo "the superadmin's token stopped working during the run (GET /v2/tenants: $status): later requests were refused" >&2
  failed=1
fi
if grep -q -E ' (ERROR|panicked)' "$pbm_log"; then
  log "pbm logged errors (first 20):"
  grep -E ' (ERROR|panicked)' "$pbm_log" | head -n 20 >&2
  if grep -q panicked "$pbm_log"; then failed=1; fi
fi
cp "$pbm_log" "$report_dir/pbm.log"

if [[ $failed -ne 0 ]]; then
  log "FAILED after $(since "$started") (reports: $report_dir)"
  exit 1
fi
log "passed: $sent requests, $operations operations, no 5xx, every answer as documented ($(since "$started"))"
