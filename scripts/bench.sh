#!/usr/bin/env bash
# The benchmark of docs/performance.md: builds pbm-bench (release) and runs it.
#
#   scripts/bench.sh                                   # SQLite, 1,000,000 users in 100 tenants
#   scripts/bench.sh --backend postgres                # PostgreSQL (the test server, a fresh database)
#   scripts/bench.sh --users 20000 --tenants 10 --seconds 1   # a quick look
#
# Every argument goes to pbm-bench (`pbm-bench --help`). Prerequisites: a Rust
# toolchain; for --backend postgres without --store, the test PostgreSQL of
# scripts/servers (Debian packages, installed and started here as root; its
# own settings: PBM_TEST_SERVERS_DIR, PBM_TEST_PORT_OFFSET). The run writes
# bench.json and bench.md under target/pbm-bench/ (or --out) and prints the
# Markdown. PBM_BENCH_PROFILE=debug uses a debug build (CI's smoke run).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${PBM_BENCH_PROFILE:-release}
target_dir=${CARGO_TARGET_DIR:-target}
if [ "$profile" = release ]; then
    cargo build --release --locked --bin pbm-bench
else
    cargo build --locked --bin pbm-bench
fi
bin="$target_dir/$profile/pbm-bench"

backend=sqlite
has_store=no
prev=
for arg in "$@"; do
    case "$prev" in --backend) backend=$arg ;; esac
    case "$arg" in
        --backend=*) backend=${arg#--backend=} ;;
        --store|--store=*) has_store=yes ;;
    esac
    prev=$arg
done

extra=()
if [ "$backend" = postgres ] && [ "$has_store" = no ]; then
    scripts/servers/install.sh >/dev/null
    scripts/servers/up.sh postgres >/dev/null
    # shellcheck disable=SC1091
    . "${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}/env"
    database="pbm_bench_$$"
    psql -q "$PBM_TEST_PG_ADMIN_URL" -c "CREATE DATABASE $database OWNER $PBM_TEST_PG_USER"
    trap 'psql -q "$PBM_TEST_PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $database" || true' EXIT
    extra=(--store "${PBM_TEST_PG_URL%/*}/$database")
fi

"$bin" "$@" "${extra[@]}"
