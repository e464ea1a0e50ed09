#!/usr/bin/env bash
# The whole test suite of pbm — the README's test command and what CI runs.
#
# Runs, and fails on the first failure:
#   1. formatting and lints (cargo fmt --check, cargo clippy -D warnings);
#   2. the Rust unit and end-to-end tests (real pbm servers on loopback ports);
#   3. the suites of later stages when they are present (scripts/test-*.sh),
#      each of which installs and starts what it needs itself.
# Nothing is skipped silently: a stage that cannot run fails the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

step "cargo test"
cargo test --locked

step "README examples"
scripts/readme-examples.sh

for suite in scripts/test-*.sh; do
    [ -e "$suite" ] || continue
    step "$suite"
    PBM_BIN="$PWD/target/debug/pbm" "$suite"
done

printf '\nAll tests passed in %ss.\n' "$(( $(date +%s) - start ))"
