//! Finding the real servers of `scripts/servers/up.sh` from tests, shared by
//! the test crates (`#[path]`-included): their variables, whether a missing
//! one fails the run, and fresh databases to run against.

#![allow(dead_code)]

/// Whether a test whose server is missing must fail (`CI=true`, or
/// `PBM_REQUIRE_SERVERS=1` as scripts/test.sh sets) rather than skip loudly.
pub fn servers_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
        || std::env::var("PBM_REQUIRE_SERVERS").is_ok_and(|v| v == "1")
}

/// A variable of the environment, or of the test servers' env files
/// (`env` from scripts/servers/up.sh, `pbm-dovecot.env` from
/// scripts/dovecot-pbm.sh).
pub fn test_server_var(name: &str) -> Option<String> {
    if let Ok(value) = std::env::var(name) {
        return Some(value);
    }
    let dir = std::env::var("PBM_TEST_SERVERS_DIR").unwrap_or_else(|_| "/tmp/pbm-test-servers".into());
    ["env", "pbm-dovecot.env"].iter().find_map(|file| {
        let env = std::fs::read_to_string(format!("{dir}/{file}")).ok()?;
        env.lines().find_map(|line| {
            let rest = line.strip_prefix("export ")?.strip_prefix(name)?.strip_prefix('=')?;
            Some(rest.trim_matches('\'').to_owned())
        })
    })
}

/// The value of a test server variable, or `None` after saying loudly that
/// the test is skipped; when servers are required the test fails instead.
pub fn require_server(name: &str, what: &str) -> Option<String> {
    match test_server_var(name) {
        Some(value) => Some(value),
        None if servers_required() => panic!("{what} is required but {name} is not set: run scripts/servers/up.sh"),
        None => {
            eprintln!("SKIPPED: {what} not available ({name} unset); run scripts/servers/up.sh, or scripts/test.sh");
            None
        }
    }
}

/// A URL of a new, empty PostgreSQL database on the test server, created as
/// the `postgres` superuser over the unix socket and owned by the test role.
pub async fn fresh_postgres_database() -> Option<String> {
    use sqlx::Connection as _;
    let url = require_server("PBM_TEST_PG_URL", "PostgreSQL")?;
    let socket = test_server_var("PBM_TEST_PG_SOCKET_DIR").expect("PBM_TEST_PG_SOCKET_DIR beside PBM_TEST_PG_URL");
    let port: u16 = test_server_var("PBM_TEST_PG_PORT").and_then(|p| p.parse().ok()).unwrap_or(5432);
    let user = test_server_var("PBM_TEST_PG_USER").unwrap_or_else(|| "pbm".into());
    let name = format!("pbm_test_{}_{}", std::process::id(), unique_suffix());
    let admin =
        sqlx::postgres::PgConnectOptions::new().socket(socket).port(port).username("postgres").database("postgres");
    let mut conn = sqlx::PgConnection::connect_with(&admin).await.expect("admin connection to PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name} OWNER {user}")))
        .execute(&mut conn)
        .await
        .expect("CREATE DATABASE");
    let (base, _) = url.rsplit_once('/').expect("a database URL");
    Some(format!("{base}/{name}"))
}

/// A store URL of a new, empty subtree on one of the LDAP test servers
/// (`slapd` or `ds389`): `ldap://HOST:PORT/ou=pbm-…,dc=pbm,dc=test` with the
/// server's admin credentials in the URL (pbm creates the subtree).
pub fn fresh_ldap_url(server: &str) -> Option<String> {
    let (prefix, what) = match server {
        "slapd" => ("PBM_TEST_SLAPD", "OpenLDAP (slapd)"),
        "ds389" => ("PBM_TEST_DS389", "389 Directory Server"),
        other => panic!("unknown LDAP test server {other}"),
    };
    let url = require_server(&format!("{prefix}_URL"), what)?;
    let var = |name: &str| {
        test_server_var(&format!("{prefix}_{name}")).unwrap_or_else(|| panic!("{prefix}_{name} beside {prefix}_URL"))
    };
    let base = test_server_var("PBM_TEST_LDAP_BASE_DN").unwrap_or_else(|| "dc=pbm,dc=test".into());
    let root = format!("ou=pbm-{}-{},{base}", std::process::id(), unique_suffix());
    Some(format!("{url}/{root}????bindname={},X-BINDPW={}", percent(&var("BIND_DN")), percent(&var("BIND_PW"))))
}

/// Every byte but letters and digits written `%XX` (an LDAP URL extension value).
pub fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A suffix unique within the process.
pub fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{nanos}_{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
