#!/usr/bin/env bash
# The whole test suite of pbm — the README's test command and what CI runs.
#
# Runs, and fails on the first failure:
#   1. formatting and lints (cargo fmt --check, cargo clippy -D warnings);
#   2. installs and starts the real servers the tests use (scripts/servers/),
#      on loopback ports of their own (the Samba AD DC on 389/636 of its own
#      loopback address, PBM_TEST_SAMBA_HOST);
#   3. the Rust unit, conformance (SQLite, PostgreSQL, OpenLDAP, 389-ds), LDAP,
#      directory-reader (tests/directory) and end-to-end tests (real pbm servers on
#      loopback ports; the accounts owned by the company directory, on the Samba AD
#      DC, in tests/e2e/directory_accounts.rs, with Dovecot's AD passdb), with
#      PBM_REQUIRE_SERVERS=1 so that a test whose server is missing fails; the
#      end-to-end suite once per backend (the later passes without the tests that pick
#      their backends themselves and would only repeat the SQLite pass);
#   4. a smoke run of the benchmark tool (small N, SQLite and PostgreSQL);
#   5. the README's curl tour, as printed;
#   6. the other suites (scripts/test-*.sh: the generated clients and their packages,
#      grpcurl, the fuzz targets, Schemathesis on /v2's OpenAPI document, scim2-client on
#      /scim/v2, the container image under Podman (and a rolling restart of two containers),
#      the Debian package, the Swarm stack and the Helm chart), in the
#      background beside 3's other backends, 4 and 5: they start pbm servers of their own
#      and share no test-server state with them (the end-to-end passes share Dovecot's
#      fixed stores, so they run one after the other); then the admin
#      panel's browser suite (scripts/test-panel.sh), last and alone: it times the first
#      page of a 5,000-user tenant in Chromium, which a loaded machine would distort.
# Nothing is skipped silently: a stage that cannot run fails the whole run. Each stage's time
# is printed (`<== Ns`); README "Tests" lists the usual ones.
#
# The servers stay up afterwards for quick reruns; stop them with
# scripts/servers/down.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
    [ -z "${step_start:-}" ] || printf '<== %ss\n' "$(( $(date +%s) - step_start ))"
    step_start=$(date +%s)
    printf '\n==> %s\n' "$*"
}
start=$(date +%s)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

step "test servers"
scripts/servers/install.sh
# The LDAP tests leave a subtree per test behind: start both directories empty, so that no run
# inherits the entries of earlier ones (389-ds stops using an index for a value held by more
# than 4,000 entries, e.g. tenant-id=default, and scans instead).
scripts/servers/down.sh --purge slapd ds389
scripts/servers/up.sh slapd ds389 etcd postgres samba
scripts/dovecot-pbm.sh        # Dovecot reading pbm's stores (SQL and LDAP) with deploy/dovecot/
# shellcheck disable=SC1091
. "${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}/env"
# shellcheck disable=SC1091
. "${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}/pbm-dovecot.env"
export PBM_REQUIRE_SERVERS=1

# The tests that promise a deadline (a change, a logout, a revocation or an etcd setting reaching
# another process within 1 s) run alone, after the rest: beside the other tests of the pass (two
# at a time on two cores) they missed the second now and then. They do not depend on the store
# pass, so they run once.
deadline=(replicas::two_replicas_share replicas::a_revoked_api_key etcd::an_etcdctl_put)
skip_deadline=()
for name in "${deadline[@]}"; do skip_deadline+=(--skip "$name"); done

step "cargo test (unit, conformance on every backend, LDAP, end-to-end on SQLite)"
cargo test --locked -- "${skip_deadline[@]}"

step "the end-to-end tests with a 1-s deadline, one at a time"
cargo test --locked --test e2e -- --test-threads=1 "${deadline[@]}"

# The end-to-end test binary just built: the container suite runs its rolling restart again with
# two containers of the image it builds (PBM_TEST_REPLICA_IMAGE).
PBM_E2E_BIN=$(cargo test --locked --test e2e --no-run --message-format=json 2>/dev/null | python3 -c '
import json, sys
print([m["executable"] for m in map(json.loads, sys.stdin) if m.get("executable") and m["target"]["name"] == "e2e"][-1])')
export PBM_E2E_BIN

# The other suites but the panel's, in the background (their own process group, killed if
# the run fails first): one log each, shown when it ends. They yield the CPU to the passes in
# front (nice 10, and the same for their session's autogroup where the kernel groups by
# session): the passes hold the kill tests and others that need their CPU, the background
# suites only have to end before the panel's turn, and the fuzz build alone would take both cores.
# The clients first, alone among them (their watch tests read a replica's revision right after
# their own writes, and a replica's log follower lags more on a busier machine); then the fuzz
# suite (mostly its ASan build) beside the others one after the other, since the passes in
# front leave about a third of the CPU idle.
suites_log=$(mktemp -d)
setsid nice -n 10 bash -c '
    echo 10 >"/proc/$$/autogroup" 2>/dev/null || true
    run_suite() {
        local suite=$1 name suite_start
        name=$(basename "$suite" .sh)
        suite_start=$(date +%s)
        if PBM_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/pbm" "$suite" >"$0/$name.log" 2>&1; then
            echo "ok $name $(( $(date +%s) - suite_start ))s" >>"$0/summary"
        else
            echo "FAILED $name $(( $(date +%s) - suite_start ))s" >>"$0/summary"
        fi
    }
    run_suite scripts/test-clients.sh
    run_suite scripts/test-fuzz.sh &
    for suite in scripts/test-*.sh; do
        case "$suite" in scripts/test-panel.sh|scripts/test-fuzz.sh|scripts/test-clients.sh) continue ;; esac
        run_suite "$suite"
    done
    wait
' "$suites_log" &
suites_pid=$!
trap 'kill -- -"$suites_pid" 2>/dev/null || true' EXIT

# The passes of the other backends leave out what would only repeat the SQLite pass: the tests
# that choose their backends themselves, whatever PBM_TEST_STORE says (Dovecot's login on each
# store, the offline import on SQLite, the replicas and their rolling restart on PostgreSQL and
# OpenLDAP, an LDAP list on the other replica, the periodic sync's lease on PostgreSQL,
# PostgreSQL's outage, the SIGTERM drain of the binary on SQLite), and, in the LDAP passes, the
# mail actions and the directory accounts' IMAP logins (Dovecot reads pbm's SQLite store there,
# tests/e2e/common/mailstore.rs). libtest prints how many tests each pass filtered out.
once=(--skip dovecot:: --skip backup::an_offline_import_killed_mid_way_is_resumed
      --skip replicas::ldap_writes_killed_mid_way --skip replicas::a_rolling_restart
      --skip replicas::an_ldap_list_on_the_other_replica
      --skip watch::a_store_outage --skip process:: --skip replicas::one_replica_runs_the_periodic_sync
      "${skip_deadline[@]}")
sqlite_dovecot=(--skip mail:: --skip directory_accounts::imap_logins_bind_to_the_directory)

step "end-to-end tests on PostgreSQL"
PBM_TEST_STORE=postgres cargo test --locked --test e2e -- "${once[@]}"

step "end-to-end tests on OpenLDAP"
PBM_TEST_STORE=openldap cargo test --locked --test e2e -- "${once[@]}" "${sqlite_dovecot[@]}"

step "end-to-end tests on 389 Directory Server"
PBM_TEST_STORE=ds389 cargo test --locked --test e2e -- "${once[@]}" "${sqlite_dovecot[@]}"

step "benchmark tool, smoke run (scripts/bench-smoke.sh; the full run: docs/performance.md)"
scripts/bench-smoke.sh

step "README examples"
scripts/readme-examples.sh

step "the other suites (scripts/test-*.sh, run in the background since the end-to-end passes)"
wait "$suites_pid" || true
trap - EXIT
failed=no
for log in "$suites_log"/test-*.log; do
    [ -e "$log" ] || continue
    name=$(basename "$log" .log)
    printf '\n--- %s ---\n' "$name"
    if grep -q "^ok $name " "$suites_log/summary"; then
        tail -n 15 "$log"
    else
        cat "$log"
        failed=yes
    fi
done
printf '\n'
cat "$suites_log/summary" 2>/dev/null || true
rm -rf "$suites_log"
[ "$failed" = no ] || { echo "a suite failed (its whole log is above)" >&2; exit 1; }

step "scripts/test-panel.sh (the admin panel in Chromium)"
PBM_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/pbm" scripts/test-panel.sh

step "done"
printf '\nAll tests passed in %ss.\n' "$(( $(date +%s) - start ))"
