#!/usr/bin/env bash
# Stop the test servers: down.sh [--purge] [slapd] [ds389] [etcd] [postgres] [dovecot] [samba]   (default: all)
# Stops cleanly (SIGTERM / pg_ctl -m fast / dsctl stop) and keeps every file, so up.sh starts
# them again with their data. --purge also deletes their state (and the 389-ds instance).
set -uo pipefail
S=${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}
# the values up.sh used (ports, instance name) win over the defaults
# shellcheck disable=SC1091
[ -f "$S/env" ] && . "$S/env"
. "$(dirname "$0")/lib.sh"

purge=0 names=()
for a in "$@"; do
  case "$a" in
    --purge) purge=1 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) case " ${ALL_SERVERS[*]} " in *" $a "*) names+=("$a") ;; *) echo "down.sh: unknown server '$a'" >&2; exit 2 ;; esac ;;
  esac
done
all=0; [ ${#names[@]} -gt 0 ] || { all=1; names=("${ALL_SERVERS[@]}"); }

# term PIDFILE COMM NAME: SIGTERM the process and wait (SIGKILL after 30 s)
term() {
  local pid
  if pid=$(pid_of "$1" "$2"); then
    log "$3: stopping (pid $pid)"; stop_session "$pid" 30
  else
    log "$3: not running"
  fi
}

slapd_down() { term "$PBM_TEST_SLAPD_DIR/slapd.pid" slapd slapd; }
etcd_down() { term "$PBM_TEST_ETCD_DIR/etcd.pid" etcd etcd; }
samba_down() { term "$PBM_TEST_SAMBA_DIR/samba.pid" samba samba; }
dovecot_down() { term "$PBM_TEST_DOVECOT_DIR/run/master.pid" dovecot dovecot; }
postgres_down() {
  local data=$PBM_TEST_PG_DIR/data b
  if pid_of "$data/postmaster.pid" postgres >/dev/null; then
    log "postgres: stopping"
    for b in /usr/lib/postgresql/*/bin; do [ -x "$b/pg_ctl" ] && break; done
    runuser -u postgres -- "$b/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
  else
    log "postgres: not running"
  fi
}
ds389_down() {
  local I=$PBM_TEST_DS389_INSTANCE
  if [ ! -d "/etc/dirsrv/slapd-$I" ]; then log "ds389: no instance $I"; return 0; fi
  if [ "$purge" = 1 ]; then
    log "ds389: removing instance $I"; dsctl "$I" remove --do-it >/dev/null
  elif pid_of "/run/dirsrv/slapd-$I.pid" ns-slapd >/dev/null; then
    log "ds389: stopping instance $I"; dsctl "$I" stop >/dev/null
  else
    log "ds389: not running"
  fi
}

[ -d "$S" ] && lock
rc=0
for ((i = ${#names[@]} - 1; i >= 0; i--)); do
  n=${names[i]}
  "${n}_down" || { warn "$n: stop failed"; rc=1; }
  if [ "$purge" = 1 ]; then
    case "$n" in
      slapd) rm -rf "$PBM_TEST_SLAPD_DIR" ;;
      ds389) rm -rf "$PBM_TEST_DS389_DIR" ;;
      etcd) rm -rf "$PBM_TEST_ETCD_DIR" ;;
      postgres) rm -rf "$PBM_TEST_PG_DIR" ;;
      dovecot) rm -rf "$PBM_TEST_DOVECOT_DIR" ;;
      samba) rm -rf "$PBM_TEST_SAMBA_DIR" ;;
    esac
  fi
done
if [ $purge = 1 ] && [ $all = 1 ]; then rm -rf "$S"; log "purged $S"; fi
exit $rc
