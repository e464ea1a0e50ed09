#!/usr/bin/env bash
# Points the test Dovecot (scripts/servers/) at pbm's own stores, with the
# shipped configuration of deploy/dovecot/ — only the `connect` lines are
# rewritten — so that the Dovecot tests (tests/e2e/dovecot.rs) log in over
# IMAP as users created through pbm.
#
# Stores Dovecot reads (pbm test servers use the same ones):
#   SQLite      $S/pbm-dovecot/sqlite/pbm.db        (PBM_TEST_DOVECOT_SQLITE_DIR)
#   PostgreSQL  database pbm_dovecot                 (PBM_TEST_DOVECOT_PG_URL)
#   OpenLDAP    ou=pbm-dovecot,dc=pbm,dc=test        (PBM_TEST_DOVECOT_SLAPD_STORE, a pbm store URL)
#   389-ds      ou=pbm-dovecot,dc=pbm,dc=test        (PBM_TEST_DOVECOT_DS389_STORE)
# Writes $S/pbm-dovecot.env with those variables and (re)starts Dovecot.
# Needs: scripts/servers/up.sh slapd ds389 postgres (and the packages of install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
S=${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}
# shellcheck disable=SC1091
. "$S/env"

dir=$S/pbm-dovecot
mkdir -p "$dir/conf.d" "$dir/sqlite"
# pbm refuses a data dir, store or key others can read (files of an older run included)
chmod 700 "$dir/sqlite"
find "$dir/sqlite" -maxdepth 1 -type f -exec chmod 600 {} +

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

# LDAP: the root pbm's test servers use, with its People OU made now so that
# Dovecot's searches find the base before pbm first opens it (pbm adds the rest).
percent() { # every byte but letters and digits as %XX (an LDAP URL extension value)
    local s=$1 i c out=
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in [a-zA-Z0-9]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
    done
    printf %s "$out"
}
root="ou=pbm-dovecot,$PBM_TEST_LDAP_BASE_DN"
ldap_env=
rm -f "$dir"/conf.d/*-auth-pbm-ldap-*.conf
# LDAP passdbs first: they answer "unknown user" at once for the SQL stores' users.
for server in slapd ds389; do
    prefix=PBM_TEST_$(tr '[:lower:]' '[:upper:]' <<<"$server")
    url_var=${prefix}_URL dn_var=${prefix}_BIND_DN pw_var=${prefix}_BIND_PW
    url=${!url_var} bind_dn=${!dn_var} bind_pw=${!pw_var}
    printf 'dn: %s\nobjectClass: organizationalUnit\nou: pbm-dovecot\n\ndn: ou=People,%s\nobjectClass: organizationalUnit\nou: People\n' \
        "$root" "$root" | ldapadd -c -x -H "$url" -D "$bind_dn" -w "$bind_pw" >/dev/null 2>&1 || true
    ldapsearch -x -LLL -H "$url" -D "$bind_dn" -w "$bind_pw" -b "ou=People,$root" -s base dn >/dev/null \
        || { echo "dovecot-pbm.sh: $server is not reachable (scripts/servers/up.sh $server)" >&2; exit 1; }
    sed "s|/etc/dovecot/pbm-ldap.conf.ext|@PBM_TEST_DOVECOT_DIR@/conf.d/pbm-ldap-$server.conf.ext|" \
        deploy/dovecot/conf.d/10-auth-pbm-ldap.conf >"$dir/conf.d/05-auth-pbm-ldap-$server.conf"
    sed -e "s|^uris = .*|uris = $url|" -e "s|^dn = .*|dn = $bind_dn|" -e "s|^dnpass = .*|dnpass = $bind_pw|" \
        -e "s|^base = .*|base = ou=People,$root|" deploy/dovecot/pbm-ldap.conf.ext >"$dir/conf.d/pbm-ldap-$server.conf.ext"
    ldap_env+="export ${prefix/PBM_TEST_/PBM_TEST_DOVECOT_}_STORE='$url/$root????bindname=$(percent "$bind_dn"),X-BINDPW=$(percent "$bind_pw")'"$'\n'
done

# The company directory's passdb (deploy/dovecot/conf.d/20-auth-pbm-ad.conf) against the test
# Samba AD DC (scripts/servers/up.sh samba), as shipped but for its connection, base and group.
rm -f "$dir/conf.d/20-auth-pbm-ad.conf" "$dir/conf.d/pbm-ad.conf.ext" "$dir/conf.d/company-directory-ca.crt"
if [ -n "${PBM_TEST_SAMBA_HOST:-}" ]; then
    cp "$PBM_TEST_SAMBA_CA_FILE" "$dir/conf.d/company-directory-ca.crt"
    sed "s|/etc/dovecot/pbm-ad.conf.ext|@PBM_TEST_DOVECOT_DIR@/conf.d/pbm-ad.conf.ext|" \
        deploy/dovecot/conf.d/20-auth-pbm-ad.conf >"$dir/conf.d/20-auth-pbm-ad.conf"
    sed -e "s|^uris = .*|uris = ldaps://$PBM_TEST_SAMBA_HOST:$PBM_TEST_SAMBA_LDAPS_PORT|" \
        -e "s|^tls_ca_cert_file = .*|tls_ca_cert_file = @PBM_TEST_DOVECOT_DIR@/conf.d/company-directory-ca.crt|" \
        -e "s|^dn = .*|dn = $PBM_TEST_SAMBA_BIND_DN|" -e "s|^dnpass = .*|dnpass = $PBM_TEST_SAMBA_ADMIN_PW|" \
        -e "s|DC=corp,DC=example|$PBM_TEST_SAMBA_BASE_DN|g" \
        deploy/dovecot/pbm-ad.conf.ext >"$dir/conf.d/pbm-ad.conf.ext"
fi

cat >"$S/pbm-dovecot.env" <<ENV
export PBM_TEST_DOVECOT_SQLITE_DIR='$dir/sqlite'
export PBM_TEST_DOVECOT_PG_URL='$pg_url'
$ldap_env
ENV

PBM_TEST_DOVECOT_CONF_D="$dir/conf.d" scripts/servers/up.sh dovecot
