#!/usr/bin/env bash
# The benchmark of docs/performance.md: builds pbm-bench (release) and runs it.
#
#   scripts/bench.sh                                   # SQLite, 1,000,000 users in 100 tenants
#   scripts/bench.sh --backend postgres                # PostgreSQL (the test server, a fresh database)
#   scripts/bench.sh --backend ldap                    # OpenLDAP (the test slapd, rebuilt empty; slapadd -q)
#   scripts/bench.sh --users 20000 --tenants 10 --seconds 1   # a quick look
#
# Every argument goes to pbm-bench (`pbm-bench --help`). Prerequisites: a Rust
# toolchain; for --backend postgres without --store, the test PostgreSQL of
# scripts/servers (Debian packages, installed and started here as root; its
# own settings: PBM_TEST_SERVERS_DIR, PBM_TEST_PORT_OFFSET); for --backend ldap
# without --store, the test slapd, which this script REBUILDS EMPTY before and
# after the run (its test data goes; the service state is a SQLite file in the
# output directory) and loads offline with scripts/servers/slapadd.sh. The run writes
# bench.json and bench.md under target/pbm-bench/ (or --out) and prints the
# Markdown. PBM_BENCH_PROFILE=debug uses a debug build (CI's smoke run).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${PBM_BENCH_PROFILE:-release}
target_dir=${CARGO_TARGET_DIR:-target}
if [ "$profile" = release ]; then
    cargo build --release --locked --bin pbm-bench
else
    # The debug binary as `cargo test` builds it (cargo builds the binaries for an integration
    # test, with the dev-dependencies' features): after the suite's build nothing is rebuilt,
    # where `cargo build --bin pbm-bench` would compile pbm and some dependencies again for the
    # features without them (2.3 min on 2 cores).
    cargo test --locked --no-run --test e2e
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

if [ "$backend" = ldap ] && [ "$has_store" = no ]; then
    scripts/servers/install.sh >/dev/null
    # A new, empty test slapd (its test data goes: up.sh makes it again), logging little;
    # and an empty one again afterwards, not a million users.
    export PBM_TEST_SLAPD_LOGLEVEL=${PBM_TEST_SLAPD_LOGLEVEL:-0}
    fresh_slapd() { scripts/servers/down.sh --purge slapd >/dev/null && scripts/servers/up.sh slapd >/dev/null; }
    fresh_slapd
    trap fresh_slapd EXIT
    # shellcheck disable=SC1091
    . "${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}/env"
    # 1M users and their address claims outgrow the test configuration's 8 GiB memory map.
    ldapmodify -x -H "$PBM_TEST_SLAPD_URL" -D "$PBM_TEST_SLAPD_CONFIG_DN" -w "$PBM_TEST_SLAPD_CONFIG_PW" >/dev/null <<LDIF
dn: olcDatabase={1}mdb,cn=config
changetype: modify
replace: olcDbMaxSize
olcDbMaxSize: 68719476736
LDIF
    bind_dn=${PBM_TEST_SLAPD_BIND_DN//,/%2c}
    extra=(--store "$PBM_TEST_SLAPD_URL/$PBM_TEST_LDAP_BASE_DN????bindname=$bind_dn,X-BINDPW=$PBM_TEST_SLAPD_BIND_PW"
           --ldap-load "$PWD/scripts/servers/slapadd.sh")
fi

"$bin" "$@" "${extra[@]}"
