#!/usr/bin/env bash
# CI's smoke run of the benchmark tool (scripts/test.sh): pbm-bench end to end
# at a small N on SQLite, PostgreSQL and OpenLDAP, then a check of its JSON report; and
# `pbm-bench directory` against the Samba AD DC.
# Proves the tool works; its figures mean nothing at this size (debug build,
# a fraction of a second per measurement). The full run: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${CARGO_TARGET_DIR:-target}/pbm-bench-smoke
rm -rf "$out"
# LDAP: the test slapd scripts/test.sh started, under a root of this run's own (left behind, as
# the LDAP tests leave theirs), loaded by slapadd.sh (which stops and restarts slapd around it).
# shellcheck disable=SC1091
. "${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}/env"
ldap_root="ou=bench-smoke-$(date +%s)-$$,$PBM_TEST_LDAP_BASE_DN"
ldap=(--store "$PBM_TEST_SLAPD_URL/$ldap_root????bindname=${PBM_TEST_SLAPD_BIND_DN//,/%2c},X-BINDPW=$PBM_TEST_SLAPD_BIND_PW"
      --ldap-load "$PWD/scripts/servers/slapadd.sh" --sweep-wait-seconds 0)
for backend in sqlite postgres ldap; do
    extra=()
    [ "$backend" = ldap ] && extra=("${ldap[@]}")
    PBM_BENCH_PROFILE=debug scripts/bench.sh --backend "$backend" --users 1200 --tenants 3 \
        --seconds 0.1 --concurrency 1,4 --argon2-cost 1024,1 --batch 500 --out "$out/$backend" "${extra[@]}" >/dev/null
    python3 - "$out/$backend/bench.json" "$backend" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
floor = [("read by DN, base scope", "ldap3"), ("add claim + account entry", "ldap3")] if sys.argv[2] == "ldap" \
    else [("GetUser", "store")]
assert report["tool"] == "pbm-bench" and report["config"]["backend"] == sys.argv[2], report["config"]
assert report["import"]["users"] == 1200 and report["import"]["seconds"] > 0
assert report["stream_all"]["users"] >= 1200
ops = {(m["op"], m["transport"], m["concurrency"]) for m in report["measurements"]}
for op, via in [("GetUser", "grpc"), ("GetUser, Zipf keys", "grpc"), ("bare tonic GetUser", "baseline"), ("bare axum GET user", "baseline"),
                ("ListUsers deep page (page token)", "grpc"), ("search, substring", "grpc"), ("Login", "grpc"),
                ("CreateUser", "grpc"), ("UpdateUser", "grpc"), ("StreamUsers of a tenant", "grpc"),
                ("GET /v2/users/{t}/{mail}", "v2"), ("argon2id verify", "argon2")] + floor:
    for c in (1, 4):
        assert (op, via, c) in ops, (op, via, c)
for m in report["measurements"]:
    assert m["ops"] > 0 and m["errors"] == 0, m
    if m["transport"] in ("grpc", "v2"):
        assert m["ratios"] and all(r["throughput"] > 0 for r in m["ratios"]), m
assert report["targets"], "targets evaluated"
watch = report["watch"]
assert watch["events_expected_each"] > 0 and watch["events_fewest"] == watch["events_expected_each"], watch
sustained = watch["sustained"]
assert sustained["events_expected_each"] > 0 and sustained["events_fewest"] == sustained["events_expected_each"], watch
assert sustained["writes_per_second_asked"] < watch["writes_per_second_asked"], watch
assert watch["rss_with_idle_mib"] > 0, watch
# The SQL stores log the import (one record per user); slapadd's offline load is not pbm's change.
assert sys.argv[2] == "ldap" or watch["catch_up_events"] >= 1200, watch
print(f"bench smoke ({sys.argv[2]}): {len(report['measurements'])} measurements, JSON report complete")
PY
done

# The company directory's syncs and logins (`pbm-bench directory`) against the Samba AD DC
# scripts/test.sh started (a missing one fails the run): a few people, a few logins; the report
# must hold every pass with the counts the tool checks, and every login figure.
"${CARGO_TARGET_DIR:-target}/debug/pbm-bench" directory --users 60 --changed 6 --logins 10 \
    --out "$out/directory" >/dev/null
python3 - "$out/directory/directory.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report["tool"] == "pbm-bench directory" and report["users"] == 60, report
assert report["add_seconds"] > 0 and report["raw_search_median_seconds"] > 0, report
passes = {p["what"]: p for p in report["passes"]}
expected = {  # (read, created, updated, removed)
    "accounts, first pass (into an empty tenant)": (60, 60, 0, 0),
    "address book, first pass (into an empty book)": (60, 60, 0, 0),
    "accounts, incremental pass after the changes": (None, 0, 6, 0),
    "accounts, full pass after the changes": (60, 0, 6, 0),
    "accounts, full pass (nothing left to change)": (60, 0, 0, 0),
    "address book, second pass after the changes": (60, 0, 6, 0),
}
for what, (read, created, updated, removed) in expected.items():
    p = passes[what]
    assert (p["created"], p["updated"], p["removed"]) == (created, updated, removed), p
    assert read is None or p["read"] == read, p
    assert p["seconds"] > 0 and p["vs_raw_search"] > 0 and p["conflicts"] == 0, p
assert passes["accounts, incremental pass after the changes"]["read"] < 60, "an incremental pass reads what changed"
for key in ("raw_connect_bind", "raw_connect_nodelay_bind", "raw_bind", "login"):
    assert report[key]["n"] == 10 and 0 < report[key]["p50_ms"] <= report[key]["p99_ms"], report[key]
print("bench smoke (directory): every pass and the logins reported")
PY
