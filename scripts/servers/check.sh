#!/usr/bin/env bash
# Self-check after up.sh: check.sh [slapd] [ds389] [etcd] [postgres] [dovecot] [samba]   (default: all)
# Proves each server really works (binds, writes, searches, mail delivery and the doveadm HTTP
# API), leaves no test data behind, and exits non-zero on any failure.
set -uo pipefail
S=${PBM_TEST_SERVERS_DIR:-/tmp/pbm-test-servers}
[ -f "$S/env" ] || { echo "check.sh: no $S/env: run up.sh first" >&2; exit 1; }
. "$S/env"
. "$(dirname "$0")/lib.sh"
export LDAPTLS_REQCERT=never LDAPNOINIT=1

passed=0 failed=0
# check DESCRIPTION CMD...: run CMD; print ok, or FAIL with its output
check() {
  local what=$1 out; shift
  if out=$("$@" 2>&1); then
    echo "ok   $what"; passed=$((passed + 1))
  else
    echo "FAIL $what"; printf '%s\n' "$out" | tail -n 15 | sed 's/^/     | /'; failed=$((failed + 1))
  fi
}
# expect PATTERN CMD...: CMD succeeds and its output matches the extended regexp PATTERN
expect() {
  local pat=$1 out; shift
  out=$("$@" 2>&1) || { printf '%s\n' "$out"; return 1; }
  grep -qE -- "$pat" <<<"$out" || { printf 'expected /%s/ in:\n%s\n' "$pat" "$out"; return 1; }
}
# expect_not PATTERN CMD...: CMD succeeds and no line of its output matches PATTERN
expect_not() {
  local pat=$1 out; shift
  out=$("$@" 2>&1) || { printf '%s\n' "$out"; return 1; }
  ! grep -qE -- "$pat" <<<"$out" || { printf 'did not expect /%s/ in:\n%s\n' "$pat" "$out"; return 1; }
}
tag=check-$$-$(date +%s)

# ---------------------------------------------------------------- LDAP (both servers)
# ldap_checks NAME URL BIND_DN BIND_PW [EXTRA]: search, add, bind as the new entry, sorted
# search, EXTRA USER_DN, delete
ldap_checks() {
  local n=$1 url=$2 dn=$3 pw=$4 user="uid=$tag,$PBM_TEST_LDAP_BASE_DN"
  local L=(-x -o nettimeout=5 -H "$url")
  check "$n: search the suffix as $dn" \
    expect "^dn: $PBM_TEST_LDAP_BASE_DN" ldapsearch "${L[@]}" -LLL -D "$dn" -w "$pw" -b "$PBM_TEST_LDAP_BASE_DN" -s base dn
  check "$n: add an inetOrgPerson" ldapadd "${L[@]}" -D "$dn" -w "$pw" <<EOF2
dn: $user
objectClass: inetOrgPerson
uid: $tag
cn: Check $tag
sn: Check
mail: $tag@pbm.test
userPassword: user-secret
EOF2
  check "$n: bind as the new entry" expect "$user" ldapwhoami "${L[@]}" -D "$user" -w user-secret
  # sort key createTimestamp: slapd's cn, sn, mail, uid have no ORDERING rule (error 18)
  check "$n: server-side sorted, paged search (critical controls)" \
    expect "^dn: $user" ldapsearch "${L[@]}" -LLL -D "$dn" -w "$pw" -b "$PBM_TEST_LDAP_BASE_DN" \
      -E '!sss=createTimestamp' -E '!pr=10/noprompt' "(uid=$tag)" dn
  [ -z "${5:-}" ] || "$5" "$user"
  # memberOf kept from groupOfNames (ldap/*/40-memberof.ldif), as FreeIPA keeps it
  local group="cn=$tag-group,$PBM_TEST_LDAP_BASE_DN"
  check "$n: add a groupOfNames with the entry" ldapadd "${L[@]}" -D "$dn" -w "$pw" <<EOF2
dn: $group
objectClass: groupOfNames
cn: $tag-group
member: $user
EOF2
  check "$n: the member's memberOf names the group" \
    expect "^memberOf: $group\$" ldapsearch "${L[@]}" -LLL -D "$dn" -w "$pw" -b "$user" -s base memberOf
  check "$n: a search filtering on memberOf finds the member" \
    expect "^dn: $user" ldapsearch "${L[@]}" -LLL -D "$dn" -w "$pw" -b "$PBM_TEST_LDAP_BASE_DN" "(memberOf=$group)" dn
  check "$n: delete the group" ldapdelete "${L[@]}" -D "$dn" -w "$pw" "$group"
  check "$n: deleting the group clears the member's memberOf" \
    expect_not "^memberOf:" ldapsearch "${L[@]}" -LLL -D "$dn" -w "$pw" -b "$user" -s base memberOf
  check "$n: delete the entry" ldapdelete "${L[@]}" -D "$dn" -w "$pw" "$user"
}
# set_pw_and_bind URL ADMIN_DN ADMIN_PW USER HASH: store HASH as USER's password, bind with it
set_pw_and_bind() {
  printf 'dn: %s\nchangetype: modify\nreplace: userPassword\nuserPassword: %s\n' "$4" "$5" |
    ldapmodify -x -H "$1" -D "$2" -w "$3" >/dev/null &&
  ldapwhoami -x -H "$1" -D "$4" -w user-secret
}
slapd_password_schemes() {
  local h s
  for s in ARGON2:argon2 SSHA512:pw-sha2; do
    h=$(slappasswd -o module-path=/usr/lib/ldap -o "module-load=${s#*:}" -h "{${s%%:*}}" -s user-secret)
    check "slapd: binds with a {${s%%:*}} password (module ${s#*:})" \
      set_pw_and_bind "$PBM_TEST_SLAPD_URL" "$PBM_TEST_SLAPD_BIND_DN" "$PBM_TEST_SLAPD_BIND_PW" "$1" "$h"
  done
}
slapd_checks() {
  ldap_checks slapd "$PBM_TEST_SLAPD_URL" "$PBM_TEST_SLAPD_BIND_DN" "$PBM_TEST_SLAPD_BIND_PW" slapd_password_schemes
  check "slapd: modules pw-sha2, argon2, sssvlv loaded" \
    expect '\{3\}sssvlv' ldapsearch -x -LLL -H "$PBM_TEST_SLAPD_URL" -D "$PBM_TEST_SLAPD_CONFIG_DN" \
      -w "$PBM_TEST_SLAPD_CONFIG_PW" -b 'cn=module{0},cn=config' -s base olcModuleLoad
}
ds389_checks() {
  ldap_checks ds389 "$PBM_TEST_DS389_URL" "$PBM_TEST_DS389_BIND_DN" "$PBM_TEST_DS389_BIND_PW"
}

# ---------------------------------------------------------------- etcd
etcd_checks() {
  local E=(etcdctl --endpoints="$PBM_TEST_ETCD_ENDPOINTS" --command-timeout=5s)
  export ETCDCTL_API=3
  check "etcd: endpoint health" "${E[@]}" endpoint health
  check "etcd: put" "${E[@]}" put "pbm-check/$tag" "value-$tag"
  check "etcd: get returns the value" expect "^value-$tag\$" "${E[@]}" get --print-value-only "pbm-check/$tag"
  check "etcd: delete" expect '^1$' "${E[@]}" del "pbm-check/$tag"
}

# ---------------------------------------------------------------- Samba AD DC
samba_checks() {
  local T=(env -u LDAPNOINIT LDAPCONF=/dev/null LDAPRC=/dev/null LDAPTLS_REQCERT=demand
           LDAPTLS_CACERT="$PBM_TEST_SAMBA_CA_FILE" ldapsearch -x -LLL -o nettimeout=5)
  local A=(-D "$PBM_TEST_SAMBA_BIND_DN" -w "$PBM_TEST_SAMBA_ADMIN_PW")
  local people="OU=People,$PBM_TEST_SAMBA_BASE_DN"
  check "samba: LDAPS with the test CA, as the administrator" \
    expect "^dn: $people" "${T[@]}" -H "ldaps://$PBM_TEST_SAMBA_HOST" "${A[@]}" -b "$people" -s base dn
  check "samba: StartTLS, as a person" \
    expect "^mailQuota: 1073741824" "${T[@]}" -ZZ -H "ldap://$PBM_TEST_SAMBA_HOST" -D ivan.petrov@corp.test \
    -w 'Ivan-Passw0rd!' -b "$people" '(sAMAccountName=ivan.petrov)' mailQuota
  check "samba: a paged search finds all the people (more than AD's 1,000 a page)" \
    expect "^1[2-9][0-9]{2}$" sh -c '"$@" | grep -c "^dn"' - "${T[@]}" -H "ldaps://$PBM_TEST_SAMBA_HOST" "${A[@]}" \
    -E pr=1000/noprompt -b "$people" '(objectClass=user)' 1.1
  check "samba: plain simple binds are refused" \
    expect "Strong\(er\) authentication required" sh -c "ldapsearch -x -H ldap://$PBM_TEST_SAMBA_HOST \
      -D '$PBM_TEST_SAMBA_BIND_DN' -w '$PBM_TEST_SAMBA_ADMIN_PW' -b '' -s base 2>&1; true"
}

# ---------------------------------------------------------------- PostgreSQL
postgres_checks() {
  local P=(psql -X -tA -v ON_ERROR_STOP=1 "$PBM_TEST_PG_URL")
  check "postgres: connect as $PBM_TEST_PG_USER over TCP with a password" \
    expect "^$PBM_TEST_PG_USER\|$PBM_TEST_PG_DATABASE\|$PBM_TEST_PG_USER\$" \
    "${P[@]}" -c "SELECT current_user, current_database(), pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
  check "postgres: pg_trgm similarity" expect '^t$' "${P[@]}" -c "SELECT similarity('pbm-test', 'pbm-tset') > 0.1"
  check "postgres: trigram GIN index serves an ILIKE on Cyrillic text" expect '^1$' "${P[@]}" -c "
    CREATE TEMP TABLE t (s text);
    CREATE INDEX ON t USING gin (s gin_trgm_ops);
    INSERT INTO t VALUES ('Привет, мир'), ('hello world'), ('до свидания');
    SET enable_seqscan = off;
    SELECT count(*) FROM t WHERE s ILIKE '%ПРИВ%'"
  check "postgres: role $PBM_TEST_PG_USER may create databases (tests isolate in their own)" \
    expect '^t$' "${P[@]}" -c "SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user"
}

# ---------------------------------------------------------------- Dovecot
dovecot_checks() {
  check "dovecot: doveconf reads the rendered config" doveconf -c "$PBM_TEST_DOVECOT_CONF" -n
  check "dovecot: doveadm CLI user lookup" expect "quota_rule" doveadm -c "$PBM_TEST_DOVECOT_CONF" user "$PBM_TEST_DOVECOT_USER1"
  local out rc
  out=$(TAG=$tag python3 - <<'PY' 2>&1
import base64, http.client, imaplib, json, os, re, smtplib, sys, time

E = os.environ
host = E["PBM_TEST_HOST"]
u1, p1 = E["PBM_TEST_DOVECOT_USER1"], E["PBM_TEST_DOVECOT_PASS1"]
u2, p2 = E["PBM_TEST_DOVECOT_USER2"], E["PBM_TEST_DOVECOT_PASS2"]
tag = E["TAG"]
fails = 0

def report(ok, what, detail=""):
    global fails
    print(("ok   " if ok else "FAIL ") + "dovecot: " + what + ("" if ok or not detail else "\n     | " + str(detail)[:800]))
    fails += 0 if ok else 1
    return ok

def api(cmds, key=E["PBM_TEST_DOVEADM_API_KEY"]):
    """POST one doveadm command; return (http status, parsed body or None).
    http.client, not urllib: urllib sends "Connection: close", and Dovecot 2.3.19 never answers
    a POST with that header and a wrong key (no 401, the client waits for its timeout)."""
    c = http.client.HTTPConnection(host, int(E["PBM_TEST_DOVEADM_PORT"]), timeout=10)
    try:
        c.request("POST", "/doveadm/v1", body=json.dumps(cmds).encode(),
                  headers={"Content-Type": "application/json",
                           "Authorization": "X-Dovecot-API " + base64.b64encode(key.encode()).decode()})
        r = c.getresponse()
        data = r.read()
        return r.status, (json.loads(data) if r.status == 200 and data else None)
    finally:
        c.close()

def rows(cmd, params):
    status, body = api([[cmd, params, "t"]])
    if status != 200 or not body or body[0][0] != "doveadmResponse":
        raise RuntimeError(f"{cmd}: HTTP {status} {body}")
    return body[0][1]

def imap(user, password):
    m = imaplib.IMAP4(host, int(E["PBM_TEST_DOVECOT_IMAP_PORT"]), timeout=10)
    m.login(user, password)
    return m

try:
    # IMAP login, wrong password refused at once (login_trusted_networks, auth_failure_delay = 0)
    m = imap(u1, p1)
    report(True, f"IMAP login as {u1}")
    typ, q = m.getquotaroot("INBOX")
    report(typ == "OK" and len(q) > 1 and re.search(rb"STORAGE \d+ 10240", b" ".join(q[1])) is not None,
           "IMAP GETQUOTAROOT shows the userdb quota (10 MiB)", q)
    m.logout()
    t0 = time.time()
    try:
        imap(u1, "wrong"); report(False, "IMAP login with a wrong password is refused", "accepted")
    except imaplib.IMAP4.error:
        report(time.time() - t0 < 2, "IMAP login with a wrong password is refused without delay",
               f"took {time.time() - t0:.1f} s")

    # LMTP delivery
    subject = f"pbm {tag}"
    msg = (f"From: checker@pbm.test\r\nTo: {u1}\r\nSubject: {subject}\r\n"
           f"Message-ID: <{tag}@pbm.test>\r\n\r\nbody of {tag}\r\n")
    with smtplib.LMTP(host, int(E["PBM_TEST_DOVECOT_LMTP_PORT"]), timeout=10) as s:
        refused = s.sendmail("checker@pbm.test", [u1], msg)
    report(not refused, f"LMTP delivery to {u1}", refused)

    # doveadm HTTP API: search, fetch
    hits = rows("search", {"user": u1, "query": ["mailbox", "INBOX", "subject", tag]})
    report(len(hits) == 1 and "mailbox-guid" in hits[0], "doveadm API search finds the delivered message", hits)
    guid, uid = hits[0]["mailbox-guid"], hits[0]["uid"]
    got = rows("fetch", {"user": u1, "field": ["hdr.message-id", "text"],
                         "query": ["mailbox-guid", guid, "uid", uid]})
    report(len(got) == 1 and f"<{tag}@pbm.test>" in got[0].get("hdr.message-id", "")
           and f"body of {tag}" in got[0].get("text", ""), "doveadm API fetch by mailbox GUID + UID", got)
    hits = rows("search", {"user": "test*@pbm.test", "query": ["mailbox", "INBOX", "subject", tag]})
    report(len(hits) == 1 and hits[0].get("username") == u1, "doveadm API search with a user mask", hits)

    # the same message over IMAP
    m = imap(u1, p1); m.select("INBOX", readonly=True)
    typ, d = m.search(None, "SUBJECT", f'"{tag}"')
    report(typ == "OK" and len(d[0].split()) == 1, "IMAP SEARCH sees the message", d)
    m.logout()

    # sharing: ACL through the API, the grantee opens shared/<owner>/INBOX over IMAP
    rows("aclSet", {"user": u1, "mailbox": "INBOX", "id": f"user={u2}", "right": ["lookup", "read"]})
    acl = rows("aclGet", {"user": u1, "mailbox": "INBOX"})
    report(any(a.get("id") == f"user={u2}" for a in acl), "doveadm API aclSet/aclGet", acl)
    m = imap(u2, p2)
    typ, d = m.select(f'"shared/{u1}/INBOX"', readonly=True)
    typ2, d2 = m.search(None, "SUBJECT", f'"{tag}"')
    report(typ == "OK" and typ2 == "OK" and len(d2[0].split()) == 1,
           f"{u2} reads shared/{u1}/INBOX over IMAP", (typ, d, typ2, d2))
    m.logout()
    rows("aclDelete", {"user": u1, "mailbox": "INBOX", "id": f"user={u2}"})

    # quota through the API (KiB, strings)
    qg = rows("quotaGet", {"user": u1})
    report(any(r.get("type") == "STORAGE" and r.get("limit") == "10240" for r in qg), "doveadm API quotaGet", qg)

    # expunge through the API, then nothing is left
    rows("expunge", {"user": u1, "query": ["mailbox-guid", guid, "uid", uid]})
    hits = rows("search", {"user": u1, "query": ["mailbox", "INBOX", "subject", tag]})
    report(hits == [], "doveadm API expunge removes the message", hits)

    status, _ = api([["quotaGet", {"user": u1}, "t"]], key="wrong-key")
    report(status == 401, "doveadm API refuses a wrong key (401)", status)
except Exception as e:  # an unexpected error is a failure too
    report(False, "unexpected error", repr(e))
sys.exit(1 if fails else 0)
PY
  ); rc=$?
  printf '%s\n' "$out"
  passed=$((passed + $(grep -c '^ok ' <<<"$out")))
  failed=$((failed + $(grep -c '^FAIL ' <<<"$out")))
  [ $rc -eq 0 ] || grep -q '^FAIL ' <<<"$out" || failed=$((failed + 1))
}

# ---------------------------------------------------------------- main
names=("$@"); [ ${#names[@]} -gt 0 ] || names=("${ALL_SERVERS[@]}")
for n in "${names[@]}"; do
  case " ${ALL_SERVERS[*]} " in *" $n "*) "${n}_checks" ;; *) echo "check.sh: unknown server '$n'" >&2; exit 2 ;; esac
done
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
