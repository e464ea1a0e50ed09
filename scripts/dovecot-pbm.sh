#!/usr/bin/env bash
# Points the test Dovecot (scripts/servers/) at pbm's own stores, with the
# shipped configuration of deploy/dovecot/ — only the `connect` lines are
# rewritten — so that the Dovecot tests (tests/e2e/dovecot.rs) log in over
# IMAP as users created through pbm.
#
# Stores Dovecot reads (pbm test servers use the same ones):
#   SQLite      $S/pbm-dovecot/sqlite/pbm.db        (PBM_TEST_DOVECOT_SQLITE_DIR)
#   PostgreSQL  database pbm_dovecot                 (PBM_TEST_DOVECOT_PG_URL)
# Writes $S/pbm-dovecot.env with those variables and (re)starts Dovecot.
# Needs: scripts/servers/up.sh postgres (and the packages of install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
S=${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}
# shellcheck disable=SC1091
. "$S/env"

dir=$S/pbm-dovecot
mkdir -p "$dir/conf.d" "$dir/sqlite"

# The PostgreSQL database, created once (pbm migrates it when a test starts on it).
if ! psql "$PBM_TEST_PG_ADMIN_URL" -tAc "SELECT 1 FROM pg_database WHERE datname = 'pbm_dovecot'" | grep -q 1; then
    psql "$PBM_TEST_PG_ADMIN_URL" -qc "CREATE DATABASE pbm_dovecot OWNER $PBM_TEST_PG_USER"
fi
pg_url="postgres://$PBM_TEST_PG_USER:$PBM_TEST_PG_PASSWORD@127.0.0.1:$PBM_TEST_PG_PORT/pbm_dovecot"

# Snippets: the shipped passdb/userdb, each pointing at its own .conf.ext.
for backend in sqlite pgsql; do
    sed "s|/etc/dovecot/pbm-sql.conf.ext|@PBM_TEST_DOVECOT_DIR@/conf.d/pbm-$backend.conf.ext|" \
        deploy/dovecot/conf.d/10-auth-pbm-sql.conf >"$dir/conf.d/10-auth-pbm-$backend.conf"
done
sed "s|^connect = .*|connect = $dir/sqlite/pbm.db|" deploy/dovecot/pbm-sqlite.conf.ext >"$dir/conf.d/pbm-sqlite.conf.ext"
sed "s|^connect = .*|connect = host=127.0.0.1 port=$PBM_TEST_PG_PORT dbname=pbm_dovecot user=$PBM_TEST_PG_USER password=$PBM_TEST_PG_PASSWORD|" \
    deploy/dovecot/pbm-pgsql.conf.ext >"$dir/conf.d/pbm-pgsql.conf.ext"

cat >"$S/pbm-dovecot.env" <<ENV
export PBM_TEST_DOVECOT_SQLITE_DIR='$dir/sqlite'
export PBM_TEST_DOVECOT_PG_URL='$pg_url'
ENV

PBM_TEST_DOVECOT_CONF_D="$dir/conf.d" scripts/servers/up.sh dovecot
