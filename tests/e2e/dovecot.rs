//! A real Dovecot 2.3 reading pbm's directory through the shipped
//! configuration (deploy/dovecot, installed by scripts/dovecot-pbm.sh): a
//! user created with the guide's curl command logs in over IMAP with the
//! password set through pbm, also by an alias; a changed password applies at
//! once; a blocked or deleted user cannot log in; the quota set through pbm
//! is the limit IMAP reports — on each store: SQLite, PostgreSQL, OpenLDAP
//! and 389-ds.

use serde_json::{Value, json};

use crate::common::{
    CREATOR, CREATOR_PASSWORD, Options, TestServer, json,
    mailstore::{Imap, quoted, start_on_store},
    require_server,
};

/// Whether `login`/`password` log in over IMAP.
///
/// A temporary failure (`NO [UNAVAILABLE]`) is asked again, a few times: it
/// is Dovecot's, not an answer about the password — e.g. its SQLite auth
/// worker reports "database schema has changed" once after pbm migrated the
/// file it had open, then prepares its query again.
async fn imap_login(port: &str, login: &str, password: &str) -> bool {
    for _ in 0..3 {
        let mut imap = Imap::connect(port).await;
        let (_, status) = imap.command(&format!("LOGIN {} {}", quoted(login), quoted(password))).await;
        if !status.contains("[UNAVAILABLE]") {
            return status.starts_with("OK");
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    false
}

/// The STORAGE limit (KiB) of INBOX's quota root.
async fn imap_quota_limit(port: &str, login: &str, password: &str) -> Option<u64> {
    let mut imap = Imap::connect(port).await;
    let (_, status) = imap.command(&format!("LOGIN {} {}", quoted(login), quoted(password))).await;
    assert!(status.starts_with("OK"), "{status}");
    let (lines, status) = imap.command("GETQUOTAROOT INBOX").await;
    assert!(status.starts_with("OK"), "{status}");
    let quota = lines.iter().find(|l| l.starts_with("* QUOTA "))?;
    let inner = quota.split('(').nth(1)?.trim_end_matches(')');
    let words: Vec<&str> = inner.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "STORAGE")?;
    words.get(at + 2)?.parse().ok()
}

async fn v2(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: &str,
    patch: bool,
) -> (u16, Value) {
    let content_type = if patch { "application/json-patch+json" } else { "application/x-www-form-urlencoded" };
    json(
        server
            .http
            .request(method, server.url(path))
            .header("content-type", content_type)
            .bearer_auth(token)
            .body(body.to_owned())
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// The whole flow against one pbm store that Dovecot reads.
async fn flow(server: TestServer, backend: &str) {
    let Some(port) = require_server("PBM_TEST_DOVECOT_IMAP_PORT", "Dovecot") else { return };
    let suffix = crate::common::unique_suffix();
    let tenant = format!("dv-{backend}-{suffix}").replace('_', "-");
    let domain = format!("{tenant}.test");
    let token = server.v2_login(CREATOR, CREATOR_PASSWORD).await;
    let ok = (200, json!({"success": true}));
    let (code, body) =
        v2(&server, &token, reqwest::Method::PUT, &format!("/v2/tenants/{tenant}"), &format!("domain={domain}"), false)
            .await;
    assert_eq!(code, 200, "{body}");
    let user = format!("test@{domain}");
    let path = format!("/v2/users/{tenant}/{user}");

    // §2.4.2, as printed: the new account logs in over IMAP.
    let created = v2(
        &server,
        &token,
        reqwest::Method::PUT,
        &path,
        "userPassword=Reader01&employeeNumber=1&cn=Ivan&sn=Petrov",
        false,
    )
    .await;
    assert_eq!(created, ok);
    assert!(imap_login(&port, &user, "Reader01").await, "{backend}: the new user cannot log in");
    assert!(!imap_login(&port, &user, "Reader02").await, "{backend}: a wrong password logs in");

    // By an alias (§2.10.2).
    let alias = format!("alias@{domain}");
    let patch = format!(r#"[{{ "op": "add", "path": "/alias", "value": "{alias}" }}]"#);
    assert_eq!(v2(&server, &token, reqwest::Method::PATCH, &path, &patch, true).await, ok);
    assert!(imap_login(&port, &alias, "Reader01").await, "{backend}: the alias cannot log in");

    // A new password (§2.11.2) applies at once.
    let patch = r#"[{ "op": "replace", "path": "/userPassword", "value": "Reader02" }]"#;
    assert_eq!(v2(&server, &token, reqwest::Method::PATCH, &path, patch, true).await, ok);
    assert!(imap_login(&port, &user, "Reader02").await);
    assert!(!imap_login(&port, &user, "Reader01").await, "{backend}: the old password still logs in");

    // The quota set through pbm is the limit Dovecot reports (§2.9.2): 1 GiB = 1048576 KiB.
    let patch = r#"[{"op": "replace", "path": "/quota", "value": "1073741824" }]"#;
    assert_eq!(v2(&server, &token, reqwest::Method::PATCH, &path, patch, true).await, ok);
    assert_eq!(imap_quota_limit(&port, &user, "Reader02").await, Some(1_048_576), "{backend}");

    // Blocked (§2.7): no login; unblocked: login again.
    let block = r#"[{ "op": "replace", "path": "/inetUserStatus", "value": "0" }]"#;
    assert_eq!(v2(&server, &token, reqwest::Method::PATCH, &path, block, true).await, ok);
    assert!(!imap_login(&port, &user, "Reader02").await, "{backend}: a blocked user logs in");
    assert!(!imap_login(&port, &alias, "Reader02").await, "{backend}: a blocked user logs in by alias");
    let unblock = r#"[{ "op": "replace", "path": "/inetUserStatus", "value": "1" }]"#;
    assert_eq!(v2(&server, &token, reqwest::Method::PATCH, &path, unblock, true).await, ok);
    assert!(imap_login(&port, &user, "Reader02").await);

    // Deleted (§2.8.2): no login.
    assert_eq!(v2(&server, &token, reqwest::Method::DELETE, &path, "", false).await, ok);
    assert!(!imap_login(&port, &user, "Reader02").await, "{backend}: a deleted user logs in");
    let (code, _) =
        v2(&server, &token, reqwest::Method::DELETE, &format!("/v2/tenants/{tenant}?force=true"), "", false).await;
    assert_eq!(code, 200);
}

#[tokio::test]
async fn imap_login_with_pbm_on_sqlite() {
    let Some(dir) =
        require_server("PBM_TEST_DOVECOT_SQLITE_DIR", "Dovecot reading pbm's SQLite store (scripts/dovecot-pbm.sh)")
    else {
        return;
    };
    let server = start_on_store(Some(dir.into()), "sqlite:pbm.db".into(), Options::default()).await;
    flow(server, "sqlite").await;
}

#[tokio::test]
async fn imap_login_with_pbm_on_postgres() {
    let Some(url) =
        require_server("PBM_TEST_DOVECOT_PG_URL", "Dovecot reading pbm's PostgreSQL store (scripts/dovecot-pbm.sh)")
    else {
        return;
    };
    let server = start_on_store(None, url, Options::default()).await;
    flow(server, "postgres").await;
}

#[tokio::test]
async fn imap_login_with_pbm_on_openldap() {
    let Some(url) =
        require_server("PBM_TEST_DOVECOT_SLAPD_STORE", "Dovecot reading pbm's OpenLDAP store (scripts/dovecot-pbm.sh)")
    else {
        return;
    };
    let server = TestServer::start_with(Options { store: Some(url), ..Default::default() }).await;
    flow(server, "openldap").await;
}

#[tokio::test]
async fn imap_login_with_pbm_on_ds389() {
    let Some(url) =
        require_server("PBM_TEST_DOVECOT_DS389_STORE", "Dovecot reading pbm's 389-ds store (scripts/dovecot-pbm.sh)")
    else {
        return;
    };
    let server = TestServer::start_with(Options { store: Some(url), ..Default::default() }).await;
    flow(server, "ds389").await;
}
