#!/usr/bin/env bash
# Start the test servers: up.sh [slapd] [ds389] [etcd] [postgres] [dovecot] [samba]   (default: all)
#
# Each server runs on its own loopback port under $PBM_TEST_SERVERS_DIR (default
# /tmp/pbm-test-servers). Idempotent: a server already running with the same configuration is
# left alone; one whose configuration (template, hook files, port, password) changed is
# rebuilt or restarted. Waits until each one really answers, then writes
# $PBM_TEST_SERVERS_DIR/env. Exits non-zero (after trying all) if any failed, printing the tail
# of its log. Run as root after install.sh.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "up.sh: must run as root" >&2; exit 1; }
export LDAPTLS_REQCERT=never LDAPNOINIT=1   # ignore any ~/.ldaprc or /etc/ldap/ldap.conf

ldap_ok() { ldapsearch -x -LLL -o nettimeout=2 -H "$1" -b "" -s base namingContexts; }
ldap_bind_ok() { ldapwhoami -x -o nettimeout=2 -H "$1" -D "$2" -w "$3"; }
# ldap_apply URL DN PW FILE...: ldapmodify -a each file (records may carry changetype)
ldap_apply() {
  local url=$1 dn=$2 pw=$3 f r; shift 3
  for f in "$@"; do
    r=$(mktemp); render "$f" "$r" || { rm -f "$r"; return 1; }
    log "  applying $f"
    if ! ldapmodify -x -a -H "$url" -D "$dn" -w "$pw" -f "$r" >/dev/null; then
      warn "ldapmodify failed on $f"; rm -f "$r"; return 1
    fi
    rm -f "$r"
  done
}

# ---------------------------------------------------------------- OpenLDAP slapd
slapd_log() { echo "$PBM_TEST_SLAPD_DIR/slapd.log"; }
slapd_stop() {
  local pid
  pid=$(pid_of "$PBM_TEST_SLAPD_DIR/slapd.pid" slapd) || return 0
  stop_session "$pid" 20
}
slapd_start() {
  local D=$PBM_TEST_SLAPD_DIR
  rm -f "$D/slapd.pid"
  # -d keeps slapd in the foreground, its log on stderr; setsid detaches it from this script.
  setsid slapd -h "ldap://$PBM_TEST_HOST:$PBM_TEST_SLAPD_PORT/" -F "$D/slapd.d" \
    -d "$PBM_TEST_SLAPD_LOGLEVEL" >>"$D/slapd.log" 2>&1 </dev/null 9>&- &
  wait_up $! 20 ldap_ok "$PBM_TEST_SLAPD_URL"
}
slapd_up() {
  local D=$PBM_TEST_SLAPD_DIR stamp
  mkdir -p "$D"
  render "$PBM_SERVERS_SRC/slapd/config.ldif.in" "$D/config.ldif" || return 1
  # shellcheck disable=SC2046
  stamp=$(digest "$D/config.ldif" "$PBM_SERVERS_SRC/slapd/base.ldif" \
          $(hooks "$PBM_SERVERS_SRC/ldap/slapd") $(hooks "$PBM_SERVERS_SRC/ldap/data"))
  if [ -d "$D/slapd.d" ] && [ "$(cat "$D/stamp" 2>/dev/null)" = "$stamp" ]; then
    if pid_of "$D/slapd.pid" slapd >/dev/null && ldap_ok "$PBM_TEST_SLAPD_URL" >/dev/null 2>&1; then
      log "slapd: already running"; return 0
    fi
    slapd_stop
    log "slapd: starting"
    slapd_start || return 1
    return 0
  fi
  # new, or its configuration changed: build it afresh (the test data goes with it)
  log "slapd: building a new instance in $D"
  slapd_stop
  rm -rf "$D/slapd.d" "$D/data" "$D/stamp"
  mkdir -p "$D/slapd.d" "$D/data"
  slapadd -n0 -F "$D/slapd.d" -l "$D/config.ldif" >>"$D/slapd.log" 2>&1 || { warn "slapadd -n0 failed"; return 1; }
  slapd_start || return 1
  # shellcheck disable=SC2046
  ldap_apply "$PBM_TEST_SLAPD_URL" "$PBM_TEST_SLAPD_CONFIG_DN" "$PBM_TEST_SLAPD_CONFIG_PW" \
    $(hooks "$PBM_SERVERS_SRC/ldap/slapd") || return 1
  # shellcheck disable=SC2046
  ldap_apply "$PBM_TEST_SLAPD_URL" "$PBM_TEST_SLAPD_BIND_DN" "$PBM_TEST_SLAPD_BIND_PW" \
    "$PBM_SERVERS_SRC/slapd/base.ldif" $(hooks "$PBM_SERVERS_SRC/ldap/data") || return 1
  echo "$stamp" > "$D/stamp"
}

# ---------------------------------------------------------------- 389 Directory Server
ds389_log() { echo "/var/log/dirsrv/slapd-$PBM_TEST_DS389_INSTANCE/errors"; }
ds389_ready() { ldap_bind_ok "$PBM_TEST_DS389_URL" "$PBM_TEST_DS389_BIND_DN" "$PBM_TEST_DS389_BIND_PW"; }
ds389_up() {
  local D=$PBM_TEST_DS389_DIR I=$PBM_TEST_DS389_INSTANCE stamp f
  local defaults=/usr/share/dirsrv/inf/defaults.inf
  [ -f "$defaults" ] || { warn "ds389: 389-ds-base is not installed (run install.sh)"; return 1; }
  # without systemd (see install.sh); repeated here because a package upgrade undoes it
  grep -q '^with_systemd = 1' "$defaults" && sed -i 's/^with_systemd = 1/with_systemd = 0/' "$defaults"
  mkdir -p "$D"
  render "$PBM_SERVERS_SRC/ds389/ds.inf.in" "$D/ds.inf" || return 1
  # shellcheck disable=SC2046
  stamp=$(digest "$D/ds.inf" $(hooks "$PBM_SERVERS_SRC/ldap/389") $(hooks "$PBM_SERVERS_SRC/ldap/data"))
  # /run is a tmpfs on a rebooted machine: recreate the run and lock dirs the instance uses
  if id dirsrv >/dev/null 2>&1; then
    mkdir -p /run/dirsrv "/run/lock/dirsrv/slapd-$I"
    chown dirsrv:dirsrv /run/dirsrv /run/lock/dirsrv "/run/lock/dirsrv/slapd-$I"
  fi
  if [ -d "/etc/dirsrv/slapd-$I" ]; then
    if [ "$(cat "$D/stamp" 2>/dev/null)" = "$stamp" ]; then
      if ds389_ready >/dev/null 2>&1; then log "ds389: already running"; return 0; fi
      log "ds389: starting instance $I"
      # a killed ns-slapd leaves its pid file and lock behind; while the dead process is a zombie
      # (an init that does not reap), dsctl takes it for a running server and starts nothing
      if [ -f "/run/dirsrv/slapd-$I.pid" ] && ! pid_of "/run/dirsrv/slapd-$I.pid" ns-slapd >/dev/null; then
        rm -f "/run/dirsrv/slapd-$I.pid"
      fi
      for f in "/run/lock/dirsrv/slapd-$I"/*/*; do
        [ -f "$f" ] && case "${f##*/}" in *[!0-9]*) ;; *) alive "${f##*/}" || rm -f "$f" ;; esac
      done
      dsctl "$I" start >>"$D/dsctl.log" 2>&1 9>&- || { warn "ds389: dsctl start failed"; show_log "$D/dsctl.log"; return 1; }
      wait_for 60 ds389_ready || return 1
      return 0
    fi
    log "ds389: configuration changed: removing instance $I"
    dsctl "$I" remove --do-it >>"$D/dsctl.log" 2>&1 || { warn "ds389: dsctl remove failed"; return 1; }
  fi
  rm -f "$D/stamp"
  log "ds389: creating instance $I (dscreate, ~8 s)"
  if ! dscreate from-file "$D/ds.inf" >"$D/dscreate.log" 2>&1 9>&-; then
    warn "ds389: dscreate failed"; show_log "$D/dscreate.log"
    return 1
  fi
  # listen on loopback only: nsslapd-listenhost beside nsslapd-port in cn=config (instance stopped)
  sed -i "0,/^nsslapd-port: /s//nsslapd-listenhost: $PBM_TEST_HOST\n&/" "/etc/dirsrv/slapd-$I/dse.ldif"
  grep -q "^nsslapd-listenhost: $PBM_TEST_HOST" "/etc/dirsrv/slapd-$I/dse.ldif" \
    || { warn "ds389: could not set nsslapd-listenhost"; return 1; }
  dsctl "$I" start >>"$D/dsctl.log" 2>&1 9>&- || { warn "ds389: dsctl start failed"; show_log "$D/dsctl.log"; return 1; }
  wait_for 60 ds389_ready || return 1
  # shellcheck disable=SC2046
  ldap_apply "$PBM_TEST_DS389_URL" "$PBM_TEST_DS389_BIND_DN" "$PBM_TEST_DS389_BIND_PW" \
    $(hooks "$PBM_SERVERS_SRC/ldap/389") $(hooks "$PBM_SERVERS_SRC/ldap/data") || return 1
  # The LMDB backend (ds.inf.in says why) opens the databases of indexes added online only at
  # start: until a restart, writes to an indexed attribute fail ("could not open index attr").
  dsctl "$I" restart >>"$D/dsctl.log" 2>&1 9>&- || { warn "ds389: dsctl restart failed"; show_log "$D/dsctl.log"; return 1; }
  wait_for 60 ds389_ready || return 1
  echo "$stamp" > "$D/stamp"
}

# ---------------------------------------------------------------- etcd
etcd_log() { echo "$PBM_TEST_ETCD_DIR/etcd.log"; }
etcd_ready() { ETCDCTL_API=3 etcdctl --endpoints="$PBM_TEST_ETCD_ENDPOINTS" --command-timeout=2s endpoint health; }
etcd_up() {
  local D=$PBM_TEST_ETCD_DIR peer=http://$PBM_TEST_HOST:$PBM_TEST_ETCD_PEER_PORT
  mkdir -p "$D"
  if pid_of "$D/etcd.pid" etcd >/dev/null && etcd_ready >/dev/null 2>&1; then
    log "etcd: already running"; return 0
  fi
  log "etcd: starting"
  setsid etcd --name pbm-test --data-dir "$D/data" \
    --listen-client-urls "$PBM_TEST_ETCD_ENDPOINTS" --advertise-client-urls "$PBM_TEST_ETCD_ENDPOINTS" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "pbm-test=$peer" --initial-cluster-state new \
    --logger zap --log-outputs stderr >>"$D/etcd.log" 2>&1 </dev/null 9>&- &
  echo $! > "$D/etcd.pid"
  wait_up $! 30 etcd_ready
}

# ---------------------------------------------------------------- PostgreSQL
pg_bin() {
  local b
  for b in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$b/pg_ctl" ] && { echo "$b"; return 0; }
  done
  return 1
}
postgres_log() { echo "$PBM_TEST_PG_DIR/postgres.log"; }
pg_ready() { pg_isready -q -h "$PBM_TEST_PG_SOCKET_DIR" -p "$PBM_TEST_PG_PORT"; }
pg_sql() { # pg_sql DB SQL: run as the superuser over the unix socket
  PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$PBM_TEST_PG_SOCKET_DIR" -p "$PBM_TEST_PG_PORT" -U postgres -d "$1" -tA -c "$2"
}
postgres_up() {
  local D=$PBM_TEST_PG_DIR B data
  B=$(pg_bin) || { warn "postgres: no PostgreSQL server binaries (run install.sh)"; return 1; }
  data=$D/data
  mkdir -p "$D"; chown postgres:postgres "$D"; chmod 0755 "$D"
  if [ ! -s "$data/PG_VERSION" ]; then
    log "postgres: initdb in $data"
    rm -rf "$data"
    runuser -u postgres -- "$B/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$D/initdb.log" 2>&1 \
      || { warn "postgres: initdb failed"; show_log "$D/initdb.log"; return 1; }
    echo "include_if_exists = 'pbm.conf'" >> "$data/postgresql.conf"
  fi
  render "$PBM_SERVERS_SRC/postgres/pbm.conf.in" "$D/pbm.conf.new" || return 1
  if pid_of "$data/postmaster.pid" postgres >/dev/null && pg_ready; then
    if cmp -s "$D/pbm.conf.new" "$data/pbm.conf"; then
      log "postgres: already running"
    else
      log "postgres: settings changed: restarting"
      install -o postgres -g postgres -m 0644 "$D/pbm.conf.new" "$data/pbm.conf"
      runuser -u postgres -- "$B/pg_ctl" -D "$data" -m fast -w -t 60 restart -l "$D/postgres.log" >/dev/null 9>&- || return 1
    fi
  else
    install -o postgres -g postgres -m 0644 "$D/pbm.conf.new" "$data/pbm.conf"
    # a postmaster.pid left by a killed server whose pid now belongs to another process
    if [ -f "$data/postmaster.pid" ] && ! pid_of "$data/postmaster.pid" postgres >/dev/null; then
      rm -f "$data/postmaster.pid"
    fi
    log "postgres: starting"
    setsid -w runuser -u postgres -- "$B/pg_ctl" -D "$data" -l "$D/postgres.log" -w -t 60 start >/dev/null 9>&- \
      || { warn "postgres: pg_ctl start failed"; return 1; }
  fi
  rm -f "$D/pbm.conf.new"
  wait_for 30 pg_ready || return 1
  # role, database and pg_trgm (idempotent; also in template1, so databases tests create have it)
  pg_sql postgres "DO \$\$BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PBM_TEST_PG_USER') THEN
        CREATE ROLE \"$PBM_TEST_PG_USER\" LOGIN CREATEDB;
      END IF;
    END\$\$; ALTER ROLE \"$PBM_TEST_PG_USER\" PASSWORD '$PBM_TEST_PG_PASSWORD';" || return 1
  if [ -z "$(pg_sql postgres "SELECT 1 FROM pg_database WHERE datname = '$PBM_TEST_PG_DATABASE'")" ]; then
    pg_sql template1 "CREATE EXTENSION IF NOT EXISTS pg_trgm" || return 1
    pg_sql postgres "CREATE DATABASE \"$PBM_TEST_PG_DATABASE\" OWNER \"$PBM_TEST_PG_USER\"" || return 1
  fi
  pg_sql template1 "CREATE EXTENSION IF NOT EXISTS pg_trgm" || return 1
  pg_sql "$PBM_TEST_PG_DATABASE" "CREATE EXTENSION IF NOT EXISTS pg_trgm" || return 1
}

# ---------------------------------------------------------------- Dovecot
dovecot_log() { echo "$PBM_TEST_DOVECOT_DIR/dovecot.log"; }
# banner HOST PORT PREFIX: the server greets with PREFIX
banner() {
  local line
  exec 3<>"/dev/tcp/$1/$2" || return 1
  IFS= read -r -t 3 line <&3; exec 3<&- 3>&-
  case "$line" in "$3"*) return 0 ;; *) return 1 ;; esac
}
doveadm_http_ok() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -m 3 \
        -H "Authorization: X-Dovecot-API $(printf %s "$PBM_TEST_DOVEADM_API_KEY" | base64 -w0)" \
        "$PBM_TEST_DOVEADM_URL")" = 200 ]
}
dovecot_ready() {
  banner "$PBM_TEST_HOST" "$PBM_TEST_DOVECOT_IMAP_PORT" '* OK' &&
  banner "$PBM_TEST_HOST" "$PBM_TEST_DOVECOT_LMTP_PORT" '220' &&
  doveadm_http_ok
}
dovecot_up() {
  local D=$PBM_TEST_DOVECOT_DIR f dir conf_new stamp pid
  id vmail >/dev/null 2>&1 || { warn "dovecot: no vmail user (run install.sh)"; return 1; }
  command -v dovecot >/dev/null || { warn "dovecot: not installed (run install.sh)"; return 1; }
  mkdir -p "$D/run" "$D/state" "$PBM_TEST_DOVECOT_MAIL_DIR"
  chown vmail:vmail "$PBM_TEST_DOVECOT_MAIL_DIR"
  # render the config and every snippet into a fresh conf.d.new, then swap it in
  conf_new=$D/conf.d.new; rm -rf "$conf_new"; mkdir -p "$conf_new"
  render "$PBM_SERVERS_SRC/dovecot/dovecot.conf.in" "$D/dovecot.conf.new" || return 1
  local extra=()
  [ -z "$PBM_TEST_DOVECOT_CONF_D" ] || IFS=: read -ra extra <<<"$PBM_TEST_DOVECOT_CONF_D"
  for dir in "$PBM_SERVERS_SRC/dovecot/conf.d" "${extra[@]}"; do
    [ -d "$dir" ] || { warn "dovecot: snippet dir $dir does not exist"; return 1; }
    for f in "$dir"/*; do
      [ -f "$f" ] || continue
      render "$f" "$conf_new/$(basename "$f")" || return 1
    done
  done
  # auth processes run as user dovecot: passwd files, *.conf.ext must be readable by it
  chown -R root:dovecot "$conf_new"; chmod 0750 "$conf_new"; chmod 0640 "$conf_new"/* 2>/dev/null
  # shellcheck disable=SC2046
  stamp=$(cd "$conf_new" && digest "$D/dovecot.conf.new" $(ls))
  if pid=$(pid_of "$D/run/master.pid" dovecot); then
    if [ "$(cat "$D/stamp" 2>/dev/null)" = "$stamp" ] && dovecot_ready >/dev/null 2>&1; then
      rm -rf "$conf_new" "$D/dovecot.conf.new"
      log "dovecot: already running"; return 0
    fi
    log "dovecot: configuration changed: restarting"
    stop_session "$pid" 20
  fi
  rm -rf "$D/conf.d"; mv "$conf_new" "$D/conf.d"; mv -f "$D/dovecot.conf.new" "$PBM_TEST_DOVECOT_CONF"
  if ! doveconf -c "$PBM_TEST_DOVECOT_CONF" -n >/dev/null 2>"$D/doveconf.err"; then
    warn "dovecot: invalid configuration"; show_log "$D/doveconf.err"; return 1
  fi
  rm -f "$D/run/master.pid" "$D/stamp"
  log "dovecot: starting"
  setsid dovecot -c "$PBM_TEST_DOVECOT_CONF" </dev/null >>"$D/dovecot.log" 2>&1 9>&- || return 1
  # the daemonized master writes its pid file a moment after `dovecot` returns
  wait_for 10 pid_of "$D/run/master.pid" dovecot || { warn "dovecot: no master process"; return 1; }
  pid=$(pid_of "$D/run/master.pid" dovecot)
  wait_up "$pid" 30 dovecot_ready || return 1
  echo "$stamp" > "$D/stamp"
}

# ---------------------------------------------------------------- Samba AD DC
samba_log() { echo "$PBM_TEST_SAMBA_DIR/samba.log"; }
samba_ldaps_ok() {
  env -u LDAPNOINIT LDAPCONF=/dev/null LDAPRC=/dev/null LDAPTLS_REQCERT=demand LDAPTLS_CACERT="$PBM_TEST_SAMBA_CA_FILE" \
    ldapsearch -x -LLL -o nettimeout=2 \
    -H "ldaps://$PBM_TEST_SAMBA_HOST:$PBM_TEST_SAMBA_LDAPS_PORT" -D "$PBM_TEST_SAMBA_BIND_DN" \
    -w "$PBM_TEST_SAMBA_ADMIN_PW" -b "OU=People,$PBM_TEST_SAMBA_BASE_DN" -s base dn
}
samba_stop() {
  local pid
  pid=$(pid_of "$PBM_TEST_SAMBA_DIR/samba.pid" samba) || return 0
  stop_session "$pid" 20
}
samba_start() {
  local D=$PBM_TEST_SAMBA_DIR
  setsid samba --foreground --no-process-group -s "$D/etc/smb.conf" >>"$D/samba.out" 2>&1 </dev/null 9>&- &
  echo $! > "$D/samba.pid"
  wait_up $! 60 samba_ldaps_ok
}
samba_up() {
  local D=$PBM_TEST_SAMBA_DIR stamp t0 r
  command -v samba-tool >/dev/null || { warn "samba: not installed (run install.sh)"; return 1; }
  mkdir -p "$D"
  stamp=$(printf '%s\n' "$PBM_TEST_SAMBA_HOST" "$PBM_TEST_SAMBA_ADMIN_PW" "$PBM_TEST_SAMBA_USERS" |
          cat - "$PBM_SERVERS_SRC"/samba/* | sha256sum | cut -d' ' -f1)
  if [ -f "$D/etc/smb.conf" ] && [ "$(cat "$D/stamp" 2>/dev/null)" = "$stamp" ]; then
    if pid_of "$D/samba.pid" samba >/dev/null && samba_ldaps_ok >/dev/null 2>&1; then
      log "samba: already running"; return 0
    fi
    samba_stop
    log "samba: starting"
    samba_start || return 1
    return 0
  fi
  # new, or its data changed: provision the domain afresh (the test data goes with it)
  log "samba: provisioning $PBM_TEST_SAMBA_REALM in $D (~15 s)"
  samba_stop
  rm -rf "$D"; mkdir -p "$D/tls"
  # a CA and a certificate naming the controller (and its address), as an operator would issue them
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=pbm test AD CA" \
    -keyout "$D/tls/ca.key" -out "$D/tls/ca.crt" 2>/dev/null || { warn "samba: openssl (CA) failed"; return 1; }
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$PBM_TEST_SAMBA_SERVER_NAME" \
    -keyout "$D/tls/dc.key" -out "$D/tls/dc.csr" 2>/dev/null || { warn "samba: openssl (key) failed"; return 1; }
  printf 'subjectAltName=DNS:%s,IP:%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' \
    "$PBM_TEST_SAMBA_SERVER_NAME" "$PBM_TEST_SAMBA_HOST" > "$D/tls/ext"
  openssl x509 -req -in "$D/tls/dc.csr" -CA "$D/tls/ca.crt" -CAkey "$D/tls/ca.key" -CAcreateserial \
    -days 3650 -extfile "$D/tls/ext" -out "$D/tls/dc.crt" 2>/dev/null || { warn "samba: openssl (sign) failed"; return 1; }
  chmod 0600 "$D/tls/dc.key" "$D/tls/ca.key"; chmod 0644 "$D/tls/ca.crt"
  t0=$(date +%s)
  # LDAP only (no SMB, RPC, KDC, DNS): what pbm talks to; on the one loopback address
  if ! samba-tool domain provision --realm="$PBM_TEST_SAMBA_REALM" --domain="$PBM_TEST_SAMBA_DOMAIN" \
      --server-role=dc --dns-backend=NONE --use-rfc2307 --adminpass="$PBM_TEST_SAMBA_ADMIN_PW" \
      --targetdir="$D" --option="interfaces=$PBM_TEST_SAMBA_HOST/8" --option="bind interfaces only=yes" \
      --option="server services=ldap" --option="prefork children=2" \
      --option="log file=$D/samba.log" --option="pid directory=$D" --option="tls enabled=yes" \
      --option="tls keyfile=$D/tls/dc.key" --option="tls certfile=$D/tls/dc.crt" \
      --option="tls cafile=$D/tls/ca.crt" >"$D/provision.log" 2>&1; then
    warn "samba: provision failed"; show_log "$D/provision.log"; return 1
  fi
  log "samba: provisioned in $(( $(date +%s) - t0 )) s; loading the schema and test data"
  t0=$(date +%s)
  r=$(mktemp); render "$PBM_SERVERS_SRC/samba/schema.ldif" "$r" || return 1
  ldbmodify -H "$D/private/sam.ldb" --option="dsdb:schema update allowed=true" "$r" >>"$D/load.log" 2>&1 \
    || { warn "samba: schema.ldif failed"; show_log "$D/load.log"; rm -f "$r"; return 1; }
  render "$PBM_SERVERS_SRC/samba/schema-user.ldif" "$r" || return 1
  ldbmodify -H "$D/private/sam.ldb" --option="dsdb:schema update allowed=true" "$r" >>"$D/load.log" 2>&1 \
    || { warn "samba: schema-user.ldif failed"; show_log "$D/load.log"; rm -f "$r"; return 1; }
  python3 "$PBM_SERVERS_SRC/samba/seed.py" "$PBM_TEST_SAMBA_BASE_DN" "$PBM_TEST_SAMBA_USERS" > "$r" \
    || { warn "samba: seed.py failed"; rm -f "$r"; return 1; }
  ldbadd --nosync -H "$D/private/sam.ldb" "$r" >>"$D/load.log" 2>&1 \
    || { warn "samba: loading the test data failed"; show_log "$D/load.log"; rm -f "$r"; return 1; }
  rm -f "$r"
  log "samba: test data loaded in $(( $(date +%s) - t0 )) s"
  samba_start || return 1
  echo "$stamp" > "$D/stamp"
}

# ---------------------------------------------------------------- main
names=("$@"); [ ${#names[@]} -gt 0 ] || names=("${ALL_SERVERS[@]}")
for n in "${names[@]}"; do
  case " ${ALL_SERVERS[*]} " in *" $n "*) ;; *) echo "up.sh: unknown server '$n' (known: ${ALL_SERVERS[*]})" >&2; exit 2 ;; esac
done
lock
write_env "$S/env"
# every server below is started with 9>&-: a server that inherited the lock would hold it forever

failed=()
for n in "${names[@]}"; do
  t0=$(date +%s%N)
  if "${n}_up"; then
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    log "$n: ready ($((ms / 1000)).$(printf '%03d' $((ms % 1000))) s)"
  else
    warn "$n: FAILED"
    show_log "$("${n}_log")" 40
    failed+=("$n")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  warn "up.sh: failed: ${failed[*]}"
  exit 1
fi
log "up.sh: ready: ${names[*]} — source $S/env"
