# shellcheck shell=bash disable=SC2034
# Shared settings and helpers of scripts/servers/*.sh. Sourced, never run.
#
# Every setting is a PBM_TEST_* variable. Ports and passwords may be overridden from the
# environment when up.sh runs; up.sh writes the values in force to $PBM_TEST_SERVERS_DIR/env,
# which check.sh and down.sh read back (and tests source).

PBM_SERVERS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ALL_SERVERS=(slapd ds389 etcd postgres dovecot samba)

export PBM_TEST_SERVERS_DIR=${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}
case "$PBM_TEST_SERVERS_DIR" in /*) ;; *) PBM_TEST_SERVERS_DIR=$PWD/$PBM_TEST_SERVERS_DIR ;; esac
S=$PBM_TEST_SERVERS_DIR
# servers run as other users (postgres, dirsrv, vmail): work from a directory all of them can enter
cd /

: "${PBM_TEST_HOST:=127.0.0.1}"
# A second, independent set on the same machine (another worktree): its own PBM_TEST_SERVERS_DIR,
# PBM_TEST_PORT_OFFSET (added to every default port) and PBM_TEST_DS389_INSTANCE.
: "${PBM_TEST_PORT_OFFSET:=0}"
o=$PBM_TEST_PORT_OFFSET
PBM_TEST_LDAP_BASE_DN=dc=pbm,dc=test          # same suffix in both LDAP servers (fixed)

# OpenLDAP slapd: cn=config in $PBM_TEST_SLAPD_DIR/slapd.d, back_mdb in .../data
: "${PBM_TEST_SLAPD_PORT:=$((23389 + o))}"
: "${PBM_TEST_SLAPD_BIND_PW:=pbm-slapd-secret}"
: "${PBM_TEST_SLAPD_LOGLEVEL:=stats}"          # slapd -d level; 0 for benchmarks (less logging)
PBM_TEST_SLAPD_DIR=$S/slapd
PBM_TEST_SLAPD_URL=ldap://$PBM_TEST_HOST:$PBM_TEST_SLAPD_PORT
PBM_TEST_SLAPD_BIND_DN=cn=admin,$PBM_TEST_LDAP_BASE_DN
PBM_TEST_SLAPD_CONFIG_DN=cn=admin,cn=config    # rootdn of cn=config (schema, indexes online)
PBM_TEST_SLAPD_CONFIG_PW=$PBM_TEST_SLAPD_BIND_PW

# 389 Directory Server: instances are per machine (files in /etc/dirsrv/slapd-NAME, /var/lib/dirsrv/...).
# The default set's is `pbm`; another PBM_TEST_SERVERS_DIR gets one named after it, so that its
# down.sh never stops (or purges) the instance of the default set.
ds389_default_instance=pbm
[ "$S" = /tmp/pbm-test-servers ] || ds389_default_instance=pbm$(printf %s "$S" | cksum | cut -d' ' -f1)
: "${PBM_TEST_DS389_INSTANCE:=$ds389_default_instance}"
: "${PBM_TEST_DS389_PORT:=$((23390 + o))}"
: "${PBM_TEST_DS389_SECURE_PORT:=$((23636 + o))}"       # configured but not listening: TLS stays off
: "${PBM_TEST_DS389_BIND_PW:=pbm-ds389-secret}"
PBM_TEST_DS389_DIR=$S/ds389
PBM_TEST_DS389_URL=ldap://$PBM_TEST_HOST:$PBM_TEST_DS389_PORT
PBM_TEST_DS389_BIND_DN="cn=Directory Manager"

# etcd 3.4, single member
: "${PBM_TEST_ETCD_PORT:=$((22379 + o))}"
: "${PBM_TEST_ETCD_PEER_PORT:=$((22380 + o))}"
PBM_TEST_ETCD_DIR=$S/etcd
PBM_TEST_ETCD_ENDPOINTS=http://$PBM_TEST_HOST:$PBM_TEST_ETCD_PORT

# PostgreSQL 15: cluster in $PBM_TEST_PG_DIR/data, unix socket in $PBM_TEST_PG_DIR
: "${PBM_TEST_PG_PORT:=$((25432 + o))}"
: "${PBM_TEST_PG_USER:=pbm}"
: "${PBM_TEST_PG_PASSWORD:=pbm-pg-secret}"
: "${PBM_TEST_PG_DATABASE:=pbm}"
PBM_TEST_PG_DIR=$S/postgres
PBM_TEST_PG_SOCKET_DIR=$PBM_TEST_PG_DIR
PBM_TEST_PG_URL=postgres://$PBM_TEST_PG_USER:$PBM_TEST_PG_PASSWORD@$PBM_TEST_HOST:$PBM_TEST_PG_PORT/$PBM_TEST_PG_DATABASE
PBM_TEST_PG_ADMIN_URL="postgres://postgres@/postgres?host=$PBM_TEST_PG_SOCKET_DIR&port=$PBM_TEST_PG_PORT"

# Dovecot 2.3: private instance, config rendered to $PBM_TEST_DOVECOT_DIR/dovecot.conf
: "${PBM_TEST_DOVECOT_IMAP_PORT:=$((21143 + o))}"
: "${PBM_TEST_DOVECOT_LMTP_PORT:=$((21024 + o))}"
: "${PBM_TEST_DOVEADM_PORT:=$((21080 + o))}"
: "${PBM_TEST_DOVEADM_API_KEY:=pbm-doveadm-key}"
: "${PBM_TEST_DOVEADM_PASSWORD:=pbm-doveadm-secret}"
: "${PBM_TEST_DOVECOT_CONF_D:=}"               # extra snippet dirs (colon-separated), see README
PBM_TEST_DOVECOT_DIR=$S/dovecot
PBM_TEST_DOVECOT_CONF=$PBM_TEST_DOVECOT_DIR/dovecot.conf
PBM_TEST_DOVECOT_MAIL_DIR=$PBM_TEST_DOVECOT_DIR/mail
PBM_TEST_DOVEADM_URL=http://$PBM_TEST_HOST:$PBM_TEST_DOVEADM_PORT/doveadm/v1
# test users of dovecot/conf.d/90-auth-testusers.conf (passwd-file)
PBM_TEST_DOVECOT_USER1=test1@pbm.test
PBM_TEST_DOVECOT_PASS1=test1-secret
PBM_TEST_DOVECOT_USER2=test2@pbm.test
PBM_TEST_DOVECOT_PASS2=test2-secret

# Samba AD DC 4.17: a real Active Directory domain (corp.test) to sync from (src/directory/). Its
# LDAP ports are fixed (389, 636): a second set on the machine gives it another loopback address.
: "${PBM_TEST_SAMBA_HOST:=127.0.0.1}"
: "${PBM_TEST_SAMBA_ADMIN_PW:=Adm1n-Passw0rd!}"
: "${PBM_TEST_SAMBA_USERS:=1200}"              # generated employees (AD pages at 1,000)
PBM_TEST_SAMBA_REALM=CORP.TEST
PBM_TEST_SAMBA_DOMAIN=CORP
PBM_TEST_SAMBA_BASE_DN=DC=corp,DC=test
PBM_TEST_SAMBA_BIND_DN=CN=Administrator,CN=Users,DC=corp,DC=test
PBM_TEST_SAMBA_PORT=389
PBM_TEST_SAMBA_LDAPS_PORT=636
PBM_TEST_SAMBA_SERVER_NAME=dc.corp.test        # what its certificate names (with IP:$PBM_TEST_SAMBA_HOST)
PBM_TEST_SAMBA_DIR=$S/samba
PBM_TEST_SAMBA_CA_FILE=$PBM_TEST_SAMBA_DIR/tls/ca.crt

# every PBM_TEST_* name this file defines: the placeholders render() knows, the lines of the env file
PBM_VARS=$(sed -nE -e 's/^: "\$\{(PBM_TEST_[A-Z0-9_]+):=.*/\1/p' -e 's/^(export )?(PBM_TEST_[A-Z0-9_]+)=.*/\2/p' \
  "$PBM_SERVERS_SRC/lib.sh" | LC_ALL=C sort -u)

# ---------------------------------------------------------------- helpers
log() { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*"; }
warn() { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*" >&2; }

# alive PID: the process exists and is not a zombie (an init that does not reap leaves those)
alive() {
  local st
  { st=$(<"/proc/$1/stat"); } 2>/dev/null || return 1
  st=${st##*) }
  [ "${st%% *}" != Z ]
}

# pid_of FILE COMM: print the pid in FILE if that process is alive and its name starts with COMM
pid_of() {
  local pid comm
  [ -s "$1" ] || return 1
  pid=$(head -n1 "$1" | tr -dc 0-9)
  [ -n "$pid" ] && alive "$pid" || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  case "$comm" in "$2"*) echo "$pid" ;; *) return 1 ;; esac
}

# wait_for SECONDS CMD...: retry CMD every 0.2 s until it succeeds or time runs out
wait_for() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# wait_up PID SECONDS CMD...: like wait_for, but give up at once when the server PID has died
wait_up() {
  local pid=$1 deadline=$(( $(date +%s) + $2 )); shift 2
  until "$@" >/dev/null 2>&1; do
    alive "$pid" || { warn "the server (pid $pid) exited"; return 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { warn "not ready in time"; return 1; }
    sleep 0.2
  done
}

# wait_gone PID SECONDS: wait until PID exits; SIGKILL it when time runs out
wait_gone() {
  local i=0 n=$(( $2 * 5 ))
  while alive "$1"; do
    i=$((i + 1))
    if [ $i -gt $n ]; then warn "pid $1 did not exit in $2 s: SIGKILL"; kill -9 "$1" 2>/dev/null; sleep 0.2; return 0; fi
    sleep 0.2
  done
}

# session_pids SID: the processes of session SID (servers are started with setsid, so a session
# holds one server and every child it forked)
session_pids() {
  local f st sid state
  for f in /proc/[0-9]*/stat; do
    { st=$(<"$f"); } 2>/dev/null || continue
    st=${st##*) }                                  # after "pid (comm) ": state ppid pgrp session
    read -r state _ _ sid _ <<<"$st"
    [ "$sid" = "$1" ] && [ "$state" != Z ] && { f=${f#/proc/}; echo "${f%/stat}"; }
  done
}

# stop_session PID [SECONDS]: SIGTERM PID, wait for it, then end what is left of its session
# (Dovecot leaves stuck doveadm-server, log, config and stats processes behind otherwise)
stop_session() {
  local pid=$1 left
  kill "$pid" 2>/dev/null; wait_gone "$pid" "${2:-30}"
  left=$(session_pids "$pid" | tr '\n' ' ')
  if [ -n "$left" ]; then
    # shellcheck disable=SC2086
    kill $left 2>/dev/null; sleep 0.5
    left=$(session_pids "$pid" | tr '\n' ' ')
    # shellcheck disable=SC2086
    [ -z "$left" ] || kill -9 $left 2>/dev/null
  fi
  return 0
}

# render SRC DST: copy SRC to DST replacing every @PBM_TEST_X@ by the value of $PBM_TEST_X
render() {
  local v val args=()
  for v in $PBM_VARS; do
    val=${!v}; val=${val//\\/\\\\}; val=${val//&/\\&}; val=${val//|/\\|}
    args+=(-e "s|@$v@|$val|g")
  done
  sed "${args[@]}" "$1" > "$2"
  if grep -q '@PBM_TEST_[A-Z0-9_]*@' "$2"; then
    warn "render: unknown placeholder in $1: $(grep -o '@PBM_TEST_[A-Z0-9_]*@' "$2" | sort -u | tr '\n' ' ')"
    return 1
  fi
}

# digest FILE...: one hash over the names and contents of the existing FILEs (names relative to
# this folder, so two checkouts of the same scripts agree)
digest() {
  local f
  for f in "$@"; do [ -f "$f" ] && { echo "== ${f#"$PBM_SERVERS_SRC"/}"; cat "$f"; }; done | sha256sum | cut -d' ' -f1
}

# show_log FILE [LINES]: the tail of a server log, for failure reports
show_log() {
  [ -f "$1" ] || { warn "(no log at $1)"; return 0; }
  warn "---- last ${2:-30} lines of $1"
  tail -n "${2:-30}" "$1" >&2
  warn "----"
}

# lock: one up.sh / down.sh at a time (tests may restart a server while another starts).
# Holds fd 9: whatever up.sh starts must get 9>&-.
lock() {
  mkdir -p "$S"; chmod 0755 "$S"
  exec 9>"$S/.lock"
  flock -w 300 9 || { warn "could not lock $S/.lock within 300 s"; exit 1; }
}

# hooks DIR: the *.ldif files of DIR in name order (nothing when none)
hooks() { compgen -G "$1/*.ldif" | LC_ALL=C sort || true; }

# write_env FILE: the export lines tests source
write_env() {
  local v
  {
    echo "# written by scripts/servers/up.sh: test-only endpoints and credentials"
    for v in $PBM_VARS; do printf "export %s='%s'\n" "$v" "${!v//\'/\'\\\'\'}"; done
  } > "$1.tmp"
  mv -f "$1.tmp" "$1"
}
