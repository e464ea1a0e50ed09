#!/usr/bin/env bash
# Installs pbm's LDAP schema, indexes (and, on OpenLDAP, access rules) into a directory server,
# over LDAP with ldapmodify (package ldap-utils). Idempotent: what is there already is kept.
#
#   deploy/ldap/install.sh openldap -H ldap://HOST:389 -D cn=admin,cn=config -w PASSWORD -s dc=example,dc=com
#   deploy/ldap/install.sh 389      -H ldap://HOST:389 -D "cn=Directory Manager" -w PASSWORD [-n userRoot]
#
# openldap: bind as the rootdn of cn=config; -s names the suffix of the database pbm's entries
#           live in (its olcDbIndex list is replaced and a rule hiding pbmPasswordHash and
#           pbmPrivateKey is put first: see openldap/*.ldif). Load the argon2 module too
#           (olcModuleLoad: argon2) if slapd itself should verify user binds.
# 389:      bind as Directory Manager; -n is the backend (default userRoot). New indexes are
#           built for existing entries by a reindex task.
# The test servers (scripts/servers/) load the same files through scripts/servers/ldap/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export LDAPTLS_REQCERT=${LDAPTLS_REQCERT:-demand} LDAPNOINIT=1

usage() { sed -n '2,14p' "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage
kind=$1; shift
url='' dn='' pw='' suffix='' backend=userRoot
while getopts "H:D:w:s:n:" opt; do
    case $opt in
        H) url=$OPTARG ;; D) dn=$OPTARG ;; w) pw=$OPTARG ;; s) suffix=$OPTARG ;; n) backend=$OPTARG ;; *) usage ;;
    esac
done
if [ -z "$url" ] || [ -z "$dn" ]; then usage; fi
auth=(-x -H "$url" -D "$dn" -w "$pw")
say() { printf 'install.sh: %s\n' "$*"; }

case $kind in
openldap)
    [ -n "$suffix" ] || { echo "install.sh: openldap needs -s SUFFIX (the database of pbm's entries)" >&2; exit 2; }
    if ldapsearch "${auth[@]}" -LLL -b cn=schema,cn=config '(cn=*pbm)' dn | grep -q '^dn:'; then
        say "schema: present"
    else
        ldapmodify "${auth[@]}" -a -f "$here/openldap/10-pbm-schema.ldif" >/dev/null
        say "schema: installed"
    fi
    db=$(ldapsearch "${auth[@]}" -LLL -o ldif-wrap=no -b cn=config "(olcSuffix=$suffix)" dn | sed -n 's/^dn: //p' | head -n1)
    [ -n "$db" ] || { echo "install.sh: no database with olcSuffix $suffix" >&2; exit 1; }
    sed "s/^dn: olcDatabase=.*/dn: $db/" "$here/openldap/20-pbm-indexes.ldif" | ldapmodify "${auth[@]}" >/dev/null
    say "indexes: set on $db (slapd indexes existing entries in the background)"
    if ldapsearch "${auth[@]}" -LLL -o ldif-wrap=no -b "$db" -s base olcAccess | grep -q 'pbmPasswordHash'; then
        say "access rules: present"
    else
        sed "s/^dn: olcDatabase=.*/dn: $db/" "$here/openldap/30-pbm-access.ldif" | ldapmodify "${auth[@]}" >/dev/null
        say "access rules: pbmPasswordHash and pbmPrivateKey hidden from all but the rootdn (see 30-pbm-access.ldif)"
    fi
    ;;
389)
    if ldapsearch "${auth[@]}" -LLL -o ldif-wrap=no -b cn=schema -s base objectClasses | grep -q "NAME 'pbmUser'"; then
        say "schema: present"
    else
        ldapmodify "${auth[@]}" -f "$here/389/10-pbm-schema.ldif" >/dev/null
        say "schema: installed"
    fi
    attrs=()
    while read -r attr; do
        entry="cn=$attr,cn=index,cn=$backend,cn=ldbm database,cn=plugins,cn=config"
        if ldapsearch "${auth[@]}" -LLL -b "$entry" -s base dn >/dev/null 2>&1; then continue; fi
        awk -v dn="dn: $entry" 'BEGIN{RS=""; ORS="\n\n"} index($0, dn) {print}' "$here/389/20-pbm-indexes.ldif" \
            | sed "s/cn=userRoot,/cn=$backend,/" | ldapmodify "${auth[@]}" >/dev/null
        attrs+=("$attr")
    done < <(sed -n 's/^dn: cn=\([^,]*\),cn=index,.*/\1/p' "$here/389/20-pbm-indexes.ldif")
    if [ ${#attrs[@]} -gt 0 ]; then
        task="cn=pbm-reindex-$(date +%s),cn=index,cn=tasks,cn=config"
        { printf 'dn: %s\nobjectClass: top\nobjectClass: extensibleObject\ncn: %s\nnsInstance: %s\n' \
            "$task" "${task%%,*}" "$backend"; printf 'nsIndexAttribute: %s\n' "${attrs[@]}"; } \
            | sed 's/^cn: cn=/cn: /' | ldapmodify "${auth[@]}" -a >/dev/null
        say "indexes: added ${attrs[*]} to $backend (reindex task $task started)"
    else
        say "indexes: present"
    fi
    ;;
*) usage ;;
esac
