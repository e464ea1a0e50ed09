#!/usr/bin/env bash
# Builds pbm's Debian package from a pbm binary, with dpkg-deb (no cargo-deb to build first):
# the binary in /usr/bin, the sandboxed systemd unit, /etc/pbm/pbm.toml and pbm.env as
# conffiles, and the maintainer scripts of deploy/debian/ (a system user `pbm`, the data dir
# /var/lib/pbm created 0700; a purge removes both). README "Deploying" has the walk-through.
#
#   scripts/package-deb.sh [--binary PATH] [--out DIR]
#
# Default binary: ${CARGO_TARGET_DIR:-target}/release/pbm (`cargo build --release` first). The version is the one
# of Cargo.toml. Prints the path of the .deb. PBM_DEB_FAST=1 compresses with gzip -1 instead of
# xz (the tests' package of a 100 MB debug binary: seconds instead of most of a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${CARGO_TARGET_DIR:-target}/release/pbm
out=target/deb
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "package-deb.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -x "$binary" ] || { echo "package-deb.sh: no pbm binary at $binary (cargo build --release, or --binary)" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
chmod 0755 "$root"
trap 'rm -rf "$root"' EXIT

install -D -m 0755 "$binary" "$root/usr/bin/pbm"
install -D -m 0644 deploy/debian/pbm.service "$root/lib/systemd/system/pbm.service"
install -D -m 0644 deploy/debian/pbm.toml "$root/etc/pbm/pbm.toml"
install -D -m 0600 deploy/debian/pbm.env "$root/etc/pbm/pbm.env"
install -D -m 0644 README.md "$root/usr/share/doc/pbm/README.md"
install -d -m 0755 "$root/DEBIAN"
for script in postinst prerm postrm; do
    install -m 0755 "deploy/debian/$script" "$root/DEBIAN/$script"
done
printf '/etc/pbm/pbm.toml\n/etc/pbm/pbm.env\n' >"$root/DEBIAN/conffiles"
cat >"$root/usr/share/doc/pbm/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: pbm
License: Apache-2.0
 On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.
COPYRIGHT
installed_kib=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: pbm
Version: $version
Architecture: $arch
Maintainer: pbm developers <pbm@example.com>
Section: mail
Priority: optional
Depends: libc6 (>= 2.36), passwd, ca-certificates
Installed-Size: $installed_kib
Homepage: https://github.com/pbm-mail/pbm
Description: control plane of a multi-tenant corporate mail system
 pbm manages the directory (tenants, mail and web domains, users, resources,
 mailing lists), the mail store (through Dovecot) and backups, behind one
 gRPC API with grpc-web and the legacy /v2 REST API on one port.
CONTROL
mkdir -p "$out"
deb="$out/pbm_${version}_${arch}.deb"
if [ "${PBM_DEB_FAST:-0}" = 1 ]; then compression=(-Zgzip -z1); else compression=(-Zxz); fi
dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$deb" >/dev/null
echo "$deb"
