#!/usr/bin/env bash
# Install the Debian packages the test servers need (see README.md beside this file).
# Idempotent: when everything is already installed it only re-checks the small fixes and exits.
# Run as root on Debian 12. Starts nothing.
set -euo pipefail

PACKAGES=(
  # OpenLDAP slapd 2.5 + client tools (ldapsearch, ldapmodify, ldapwhoami, slappasswd)
  slapd ldap-utils
  # 389 Directory Server 2.3 (dscreate, dsctl, dsconf come with its python3-lib389 dependency)
  389-ds-base
  # Dovecot 2.3 with the drivers later work needs for LDAP and SQL userdb/passdb
  dovecot-core dovecot-imapd dovecot-lmtpd dovecot-ldap dovecot-sqlite dovecot-pgsql
  # etcd 3.4
  etcd-server etcd-client
  # PostgreSQL 15 (pg_trgm ships in postgresql-15; -contrib is the metapackage naming it)
  postgresql postgresql-contrib
  # Samba 4.17 as an Active Directory domain controller (a real AD to sync from; LDAP only);
  # samba-ad-provision holds the AD schema, ldb-tools the bulk loader (ldbadd), openssl the test CA
  samba-ad-dc samba samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind krb5-user ldb-tools openssl
  # used by the scripts themselves: curl (readiness of doveadm), python3 (check.sh: IMAP/LMTP/JSON),
  # sqlite3 (handy for Dovecot sqlite userdb work), procps (ps), iproute2 (ss, in failure reports)
  curl python3 sqlite3 procps iproute2
)

[ "$(id -u)" = 0 ] || { echo "install.sh: must run as root" >&2; exit 1; }

missing=()
for p in "${PACKAGES[@]}"; do
  case "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)" in
    ii*) ;;
    *) missing+=("$p") ;;
  esac
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install.sh: installing ${missing[*]}"
  # Forbid the packages' postinst scripts from starting the system services on their default
  # ports (slapd :389, etcd :2379, dovecot :143, postgres :5432, ...). Our own instances are
  # started by up.sh. A policy-rc.d that already denies is kept; one that would allow is
  # replaced for the duration of the install and restored afterwards.
  POLICY=/usr/sbin/policy-rc.d
  if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\n# written by pbm scripts/servers/install.sh: no service autostart from apt\nexit 101\n' > "$POLICY"
    chmod 755 "$POLICY"
  elif ! grep -q '^exit 101' "$POLICY"; then
    cp -p "$POLICY" "$POLICY.pbm-saved"
    trap 'mv -f "$POLICY.pbm-saved" "$POLICY"' EXIT
    printf '#!/bin/sh\nexit 101\n' > "$POLICY"; chmod 755 "$POLICY"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
else
  echo "install.sh: all ${#PACKAGES[@]} packages already installed"
fi

# 389-ds: lib389 reads with_systemd from defaults.inf and, with 1, starts instances through
# systemctl, which fails without systemd as PID 1. With 0 it runs ns-slapd itself.
# (A package upgrade rewrites the file, so up.sh applies this too.)
DS_DEFAULTS=/usr/share/dirsrv/inf/defaults.inf
if grep -q '^with_systemd = 1' "$DS_DEFAULTS"; then
  sed -i 's/^with_systemd = 1/with_systemd = 0/' "$DS_DEFAULTS"
  echo "install.sh: set with_systemd = 0 in $DS_DEFAULTS"
fi

# Dovecot delivers and reads mail as vmail (uid/gid 5000), see dovecot/dovecot.conf.in.
if ! getent group vmail >/dev/null; then groupadd -g 5000 vmail; fi
if ! id vmail >/dev/null 2>&1; then
  useradd -u 5000 -g vmail -M -d /nonexistent -s /usr/sbin/nologin vmail
fi
[ "$(id -u vmail)" = 5000 ] || echo "install.sh: warning: vmail exists with uid $(id -u vmail), not 5000" >&2

echo "install.sh: done"
