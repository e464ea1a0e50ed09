#!/usr/bin/env bash
# The SCIM paging figure of docs/performance.md (issue 17: "listing 100,000 users in pages of 100
# costs the same per page at the end as at the start"). Not part of scripts/test.sh: it is a
# measurement, and loading the tenant takes minutes.
#
#   PBM_SCIM_USERS=100000 scripts/scim-paging.sh      (default 100,000; PBM_BIN picks the binary)
#
# Starts its own pbm on SQLite (the binary ${PBM_BIN:-target/release/pbm}, else target/debug/pbm),
# imports a tenant of that many users as LDIF (`pbm backup import`), makes a service account of
# it with the scim scope and a key, then runs scripts/scim/paging.py: every page of 100 in order,
# the median of the first and the last ten, and two pages reached by a jump.
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "scim-paging.sh: $*" >&2; exit 1; }
users=${PBM_SCIM_USERS:-100000}
[[ "$users" =~ ^[0-9]+$ ]] && (( users >= 1000 )) || die "PBM_SCIM_USERS is a whole number of at least 1000"
pbm_bin=${PBM_BIN:-}
if [[ -z "$pbm_bin" ]]; then
  for candidate in "${CARGO_TARGET_DIR:-target}/release/pbm" "${CARGO_TARGET_DIR:-target}/debug/pbm"; do [[ -x "$candidate" ]] && { pbm_bin=$candidate; break; }; done
fi
[[ -x "$pbm_bin" ]] || die "no pbm binary: cargo build --release, or set PBM_BIN"

tmp=$(mktemp -d)
pbm_pid=""
trap '[[ -n "$pbm_pid" ]] && kill "$pbm_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
password="Paging-$(date +%s)-$RANDOM"
mkdir -m 700 "$tmp/data"
printf '[auth]\npassword_hash_memory_kib = 1024\npassword_hash_iterations = 1\n' >"$tmp/pbm.toml"
PBM_CREATOR_PASSWORD="$password" NO_COLOR=1 PBM_LOG_FORMAT=text \
  "$pbm_bin" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" --config "$tmp/pbm.toml" >"$tmp/pbm.log" 2>&1 &
pbm_pid=$!
addr=""
for _ in $(seq 1 300); do
  addr=$(sed -n 's/.*pbm serving.* addr=\(127\.0\.0\.1:[0-9]*\).*/\1/p' "$tmp/pbm.log" | head -n1)
  [[ -n "$addr" ]] && break
  sleep 0.1
done
[[ -n "$addr" ]] || { cat "$tmp/pbm.log" >&2; die "pbm did not start"; }
base="http://$addr"
export PBM_SERVER="$base" PBM_LOGIN=creator@example.com PBM_PASSWORD="$password"

echo "importing $users users into tenant scale ($pbm_bin)"
python3 - "$users" >"$tmp/scale.ldif" <<'PY'
import sys
users = int(sys.argv[1])
root, stamp = "dc=pbm,dc=local", "1700000000000000"
hash_ = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
out = ["version: 1\n",
       f"dn: tenant-id=scale,ou=Tenants,{root}\nobjectClass: top\nobjectClass: pbmTenant\ntenant-id: scale\n"
       f"pbmDefaultDomain: scale.example.com\npbmCreatedAt: {stamp}\npbmUpdatedAt: {stamp}\n",
       f"dn: cn=scale.example.com,ou=Domains,{root}\nobjectClass: top\nobjectClass: pbmMailDomain\n"
       f"cn: scale.example.com\ntenant-id: scale\npbmCreatedAt: {stamp}\n"]
for i in range(users):
    mail = f"u{i:06d}@scale.example.com"
    out.append(f"dn: uid={mail},ou=People,{root}\nobjectClass: top\nobjectClass: inetOrgPerson\nobjectClass: pbmUser\n"
               f"uid: {mail}\nmail: {mail}\ntenant-id: scale\nemployeeNumber: 2\ncn: Given\nsn: Surname-{i}\n"
               f"inetUserStatus: 1\nemployeeType: 1\npbmPasswordHash: {hash_}\npbmCreatedAt: {stamp}\n"
               f"pbmUpdatedAt: {stamp}\npbmRevision: 1\n")
print("\n".join(out))
PY
t0=$(date +%s)
"$pbm_bin" backup import "$tmp/scale.ldif" >/dev/null 2>"$tmp/import.log" || { cat "$tmp/import.log" >&2; die "the import failed"; }
echo "imported in $(( $(date +%s) - t0 )) s"
"$pbm_bin" service-accounts --tenant scale create idp --scopes scim >/dev/null
key=$("$pbm_bin" keys --tenant scale create --account idp 2>/dev/null | grep -o 'pbm_sk_[0-9a-f_]*' | head -n1)
[[ -n "$key" ]] || die "no key"
python3 scripts/scim/paging.py "$base/scim/v2" "$key" "$users"
