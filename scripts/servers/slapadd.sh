#!/usr/bin/env bash
# Load an LDIF file offline into the test slapd: slapadd.sh FILE
#
# Stops slapd, adds the file's entries to its database with `slapadd -q` (to what is there
# already: each entry's parent must exist, in the database or earlier in the file), starts it
# again, and prints `slapadd_seconds=S` (slapadd alone; pbm-bench reads it). Root, after
# `up.sh slapd`. For test data: -q skips consistency checks, and an interrupted load leaves the
# database unusable (`down.sh --purge slapd` and `up.sh slapd` make a new one).
set -euo pipefail
file=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
S=${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}
# shellcheck disable=SC1091
. "$S/env"
"$here/down.sh" slapd >&2
started=$(date +%s.%N)
if ! slapadd -q -F "$PBM_TEST_SLAPD_DIR/slapd.d" -b "$PBM_TEST_LDAP_BASE_DN" -l "$file" >&2; then
    echo "slapadd.sh: slapadd failed; starting slapd again" >&2
    "$here/up.sh" slapd >&2 || true
    exit 1
fi
ended=$(date +%s.%N)
"$here/up.sh" slapd >&2
awk -v a="$started" -v b="$ended" 'BEGIN { printf "slapadd_seconds=%.3f\n", b - a }'
