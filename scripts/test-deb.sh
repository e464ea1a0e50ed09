#!/usr/bin/env bash
# The Debian package and its systemd unit (issue 22), on this machine:
#   1. builds the package from ${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm} (scripts/package-deb.sh);
#   2. checks the unit: `systemd-analyze verify` passes and `systemd-analyze security
#      --offline=yes` rates its exposure 2.0 or lower;
#   3. installs it with dpkg -i: the system user pbm, /var/lib/pbm 0700 and the configuration
#      readable by pbm only; pbm is not started (no default secret);
#   4. runs the packaged binary as the packaged user against the packaged configuration
#      (its address moved to a free port), the superadmin's password from a file: it turns
#      ready, a login works, SIGTERM ends it with exit 0;
#   5. purges it: nothing is left (binary, unit, /etc/pbm, /var/lib/pbm, user, group).
# Needs root (dpkg -i). It installs pbm on this machine for a minute: CI's machines are
# throwaway; elsewhere run it in a container or a VM. A pbm package installed before is
# purged first.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "test-deb.sh: $*" >&2; exit 1; }
log() { printf '\n==> %s\n' "$*"; }
[ "$(id -u)" = 0 ] || die "must run as root (dpkg -i)"
pbm_bin=${PBM_BIN:-${CARGO_TARGET_DIR:-target}/debug/pbm}
[ -x "$pbm_bin" ] || die "no pbm binary at $pbm_bin: build it (cargo build) or set PBM_BIN"
for tool in dpkg-deb systemd-analyze setpriv curl python3; do
    command -v "$tool" >/dev/null || die "$tool not found"
done

tmp=$(mktemp -d)
pid=
cleanup() {
    [ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true
    dpkg --purge pbm >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
if dpkg-query -W -f='${db:Status-Abbrev}' pbm 2>/dev/null | grep -q '^.i'; then
    log "purging the pbm package installed before"
    dpkg --purge pbm
fi

log "building the package"
deb=$(PBM_DEB_FAST=1 scripts/package-deb.sh --binary "$pbm_bin" --out "$tmp/deb")
echo "$deb ($(du -h "$deb" | cut -f1))"

log "installing it"
dpkg -i "$deb"
getent passwd pbm >/dev/null || die "no user pbm after the install"
uid=$(id -u pbm)
[ "$uid" -lt 1000 ] || die "pbm is not a system user (uid $uid)"
[ "$(getent passwd pbm | cut -d: -f7)" = /usr/sbin/nologin ] || die "pbm has a login shell"
[ "$(stat -c '%a %U %G' /var/lib/pbm)" = "700 pbm pbm" ] || die "/var/lib/pbm is $(stat -c '%a %U %G' /var/lib/pbm), not 700 pbm pbm"
[ "$(stat -c '%a %U %G' /etc/pbm/pbm.toml)" = "640 root pbm" ] || die "/etc/pbm/pbm.toml is $(stat -c '%a %U %G' /etc/pbm/pbm.toml)"
[ "$(stat -c '%a %U' /etc/pbm/pbm.env)" = "600 root" ] || die "/etc/pbm/pbm.env is $(stat -c '%a %U' /etc/pbm/pbm.env)"
! pgrep -u pbm -x pbm >/dev/null || die "the package started pbm"
echo "user pbm (uid $uid), /var/lib/pbm 700, /etc/pbm readable by pbm only, pbm not started"

log "the unit: systemd-analyze verify and security"
unit=/lib/systemd/system/pbm.service
verify=$(systemd-analyze verify "$unit" 2>&1) || die "systemd-analyze verify failed: $verify"
# Lines about other units of this machine are not pbm's.
if grep -i 'pbm' <<<"$verify"; then die "systemd-analyze verify complains about pbm.service"; fi
exposure=$(systemd-analyze security --offline=yes "$unit" 2>&1 | sed -n 's/.*Overall exposure level for pbm.service: \([0-9.]*\).*/\1/p')
[ -n "$exposure" ] || die "no exposure level from systemd-analyze security"
python3 -c "import sys; sys.exit(0 if float('$exposure') <= 2.0 else 1)" || die "exposure $exposure is above 2.0"
echo "verify: clean; exposure $exposure (2.0 or lower)"

log "the packaged binary as the packaged user, on the packaged configuration"
printf '%s\n' 'Deb-Creator-Pass1' | install -m 0400 -o pbm -g pbm /dev/stdin /etc/pbm/creator-password
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# setpriv execs pbm itself (no parent in between), so $! is pbm and SIGTERM reaches it.
env -i PATH=/usr/bin:/bin PBM_LISTEN="127.0.0.1:$port" PBM_CREATOR_PASSWORD_FILE=/etc/pbm/creator-password \
    setpriv --reuid=pbm --regid=pbm --init-groups \
    /usr/bin/pbm serve --config /etc/pbm/pbm.toml >"$tmp/serve.log" 2>"$tmp/serve.err" &
pid=$!
ready=no
for _ in $(seq 1 300); do
    if setpriv --reuid=pbm --regid=pbm --init-groups /usr/bin/pbm healthcheck --config /etc/pbm/pbm.toml --address "127.0.0.1:$port" >/dev/null 2>&1; then
        ready=yes
        break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
done
[ "$ready" = yes ] || { cat "$tmp/serve.log" "$tmp/serve.err" >&2; die "pbm did not turn ready"; }
grep -q '"pbm serving"' "$tmp/serve.log" || die "no JSON 'pbm serving' line on stdout"
token=$(curl -sf -X POST "http://127.0.0.1:$port/v2/auth" -d login=creator@example.com -d password=Deb-Creator-Pass1 |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') || die "the superadmin cannot log in"
[ -n "$token" ] || die "no access token"
[ "$(stat -c '%a %U' /var/lib/pbm/pbm.db)" = "600 pbm" ] || die "/var/lib/pbm/pbm.db is $(stat -c '%a %U' /var/lib/pbm/pbm.db)"
echo "ready on 127.0.0.1:$port as $(ps -o user= -p "$pid"); the superadmin logged in; pbm.db 600 pbm"
kill -TERM "$pid"
set +e
wait "$pid"
status=$?
set -e
pid=
[ "$status" = 0 ] || { cat "$tmp/serve.log" >&2; die "pbm exited $status after SIGTERM"; }
echo "SIGTERM: exit 0"

log "purging the package"
dpkg --purge pbm
for path in /usr/bin/pbm "$unit" /etc/pbm /var/lib/pbm; do
    [ ! -e "$path" ] || die "$path is left after the purge"
done
! getent passwd pbm >/dev/null || die "the user pbm is left after the purge"
! getent group pbm >/dev/null || die "the group pbm is left after the purge"
echo "nothing left"
log "the Debian package installs, runs as its user, stops cleanly and purges without a trace"
