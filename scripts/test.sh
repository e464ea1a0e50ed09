#!/usr/bin/env bash
# The whole test suite of pbm — the README's test command and what CI runs.
#
# Runs, and fails on the first failure:
#   1. formatting and lints (cargo fmt --check, cargo clippy -D warnings);
#   2. installs and starts the real servers the tests use (scripts/servers/),
#      on loopback ports of their own;
#   3. the Rust unit, conformance (SQLite, PostgreSQL, OpenLDAP, 389-ds), LDAP and
#      end-to-end tests (real pbm servers on loopback ports), with
#      PBM_REQUIRE_SERVERS=1 so that a test whose server is missing fails; the
#      end-to-end suite once per backend;
#   4. a smoke run of the benchmark tool (small N, SQLite and PostgreSQL);
#   5. the README's curl tour, as printed;
#   6. the other suites (scripts/test-*.sh: the generated clients, grpcurl); the admin
#      panel's browser suite (scripts/test-panel.sh) starts in the background as soon as
#      the SQLite pass has built target/debug/pbm, runs beside the other backends' passes,
#      and is waited for (its log printed, its failure failing the run) before them.
# Nothing is skipped silently: a stage that cannot run fails the whole run.
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
scripts/servers/up.sh slapd ds389 etcd postgres
scripts/dovecot-pbm.sh        # Dovecot reading pbm's stores (SQL and LDAP) with deploy/dovecot/
# shellcheck disable=SC1091
. "${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}/env"
# shellcheck disable=SC1091
. "${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}/pbm-dovecot.env"
export PBM_REQUIRE_SERVERS=1

step "cargo test (unit, conformance on every backend, LDAP, end-to-end on SQLite)"
cargo test --locked

# The admin panel's browser suite (Chromium, its own pbm on SQLite, and the test Dovecot's
# SQLite store, which the SQLite pass above was the last to use) beside the passes below.
panel_log=$(mktemp)
PBM_BIN="$PWD/target/debug/pbm" setsid scripts/test-panel.sh >"$panel_log" 2>&1 &
panel_pid=$!
panel_start=$(date +%s)
trap 'kill -- -"$panel_pid" 2>/dev/null || true' EXIT

step "end-to-end tests on PostgreSQL"
PBM_TEST_STORE=postgres cargo test --locked --test e2e

step "end-to-end tests on OpenLDAP"
PBM_TEST_STORE=openldap cargo test --locked --test e2e

step "end-to-end tests on 389 Directory Server"
PBM_TEST_STORE=ds389 cargo test --locked --test e2e

step "benchmark tool, smoke run (scripts/bench-smoke.sh; the full run: docs/performance.md)"
scripts/bench-smoke.sh

step "README examples"
scripts/readme-examples.sh

step "scripts/test-panel.sh (started in the background after the SQLite pass)"
panel_rc=0
wait "$panel_pid" || panel_rc=$?
trap - EXIT
cat "$panel_log"
rm -f "$panel_log"
printf '(the panel suite ran %ss, beside the stages above)\n' "$(( $(date +%s) - panel_start ))"
[ "$panel_rc" -eq 0 ] || { echo "scripts/test-panel.sh failed (exit $panel_rc)" >&2; exit "$panel_rc"; }

for suite in scripts/test-*.sh; do
    [ -e "$suite" ] || continue
    [ "$suite" != scripts/test-panel.sh ] || continue
    step "$suite"
    PBM_BIN="$PWD/target/debug/pbm" "$suite"
done

step "done"
printf '\nAll tests passed in %ss.\n' "$(( $(date +%s) - start ))"
