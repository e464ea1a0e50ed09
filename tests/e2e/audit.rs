//! The audit trail: a row for every RPC that changes something — with who,
//! where from, tenant, RPC, target, before/after and result — none for reads,
//! no secret in any row or CEF line; admins see their own tenant only.

use std::time::Duration;

use pbm::pb::{self, audit_service_client::AuditServiceClient, settings_service_client::SettingsServiceClient};
use prost_types::FieldMask;
use tonic::Code;

use crate::common::{
    CREATOR, CREATOR_PASSWORD, TestServer, authed, expect_code,
    fixtures::{ADMIN_PASSWORD, Tenant, USER_PASSWORD, new_user},
};

async fn events(server: &TestServer, token: &str, request: pb::ListAuditEventsRequest) -> Vec<pb::AuditEvent> {
    AuditServiceClient::new(server.channel())
        .list_audit_events(authed(token, request))
        .await
        .unwrap()
        .into_inner()
        .events
}

async fn all_events(server: &TestServer, token: &str) -> Vec<pb::AuditEvent> {
    let mut all = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = AuditServiceClient::new(server.channel())
            .list_audit_events(authed(
                token,
                pb::ListAuditEventsRequest { page_size: 7, page_token, ..Default::default() },
            ))
            .await
            .unwrap()
            .into_inner();
        all.extend(page.events);
        if page.next_page_token.is_empty() {
            return all;
        }
        page_token = page.next_page_token;
    }
}

fn rpcs(events: &[pb::AuditEvent]) -> Vec<String> {
    events.iter().filter(|e| e.result == "OK").map(|e| e.rpc.rsplit('/').next().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn every_change_is_recorded_and_reads_are_not() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let tenant = Tenant::create(&server, &token, "acme").await;
    let baseline = all_events(&server, &token).await.len();

    // Reads: nothing recorded.
    server
        .users()
        .get_user(authed(&token, pb::GetUserRequest { tenant_id: "acme".into(), mail: tenant.user.clone() }))
        .await
        .unwrap();
    server
        .users()
        .list_users(authed(&token, pb::ListUsersRequest { tenant_id: "acme".into(), ..Default::default() }))
        .await
        .unwrap();
    server.tenants().list_tenants(authed(&token, pb::ListTenantsRequest::default())).await.unwrap();
    let (code, _) =
        crate::common::json(server.http.get(server.url("/v2/users/acme")).bearer_auth(&token).send().await.unwrap())
            .await;
    assert_eq!(code, 200);
    assert_eq!(all_events(&server, &token).await.len(), baseline);

    // Changes: one row each, newest first.
    let update = pb::UpdateUserRequest {
        user: Some(pb::User {
            tenant_id: "acme".into(),
            mail: tenant.user.clone(),
            title: "Boss".into(),
            password: "Changed-Pass1".into(),
            ..Default::default()
        }),
        update_mask: Some(FieldMask { paths: vec!["title".into(), "password".into()] }),
        ..Default::default()
    };
    server.users().update_user(authed(&token, update)).await.unwrap();
    server
        .users()
        .delete_user(authed(&token, pb::DeleteUserRequest { tenant_id: "acme".into(), mail: tenant.user.clone() }))
        .await
        .unwrap();
    server
        .users()
        .undelete_user(authed(&token, pb::UndeleteUserRequest { tenant_id: "acme".into(), mail: tenant.user.clone() }))
        .await
        .unwrap();
    let update_tenant = pb::UpdateTenantRequest {
        tenant: Some(pb::Tenant { id: "acme".into(), display_name: "ACME".into(), ..Default::default() }),
        update_mask: Some(FieldMask { paths: vec!["display_name".into()] }),
    };
    server.tenants().update_tenant(authed(&token, update_tenant)).await.unwrap();
    SettingsServiceClient::new(server.channel())
        .put_setting(authed(
            &token,
            pb::PutSettingRequest { key: "services/bitrix24/webhook".into(), value: "webhook-secret-1".into() },
        ))
        .await
        .unwrap();
    let (code, _) = crate::common::json(
        server
            .http
            .patch(server.url(&format!("/v2/users/acme/{}", tenant.admin)))
            .header("content-type", "application/json-patch+json")
            .bearer_auth(&token)
            .body(r#"[{"op": "replace", "path": "/ou", "value": "Ops"}]"#)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 200);
    let session = server.login(&tenant.admin, ADMIN_PASSWORD).await;
    server.auth().logout(authed(&session.access_token, pb::LogoutRequest {})).await.unwrap();

    let all = all_events(&server, &token).await;
    let new = &all[..all.len() - baseline];
    assert_eq!(
        rpcs(new),
        ["Logout", "Login", "UpdateUser", "PutSetting", "UpdateTenant", "UndeleteUser", "DeleteUser", "UpdateUser"]
    );
    let update = new.iter().rev().find(|e| e.rpc.ends_with("/UpdateUser")).unwrap();
    assert_eq!(
        (update.actor.as_str(), update.actor_tenant_id.as_str(), update.tenant_id.as_str()),
        (CREATOR, "default", "acme")
    );
    assert_eq!(update.target, format!("user:{}", tenant.user));
    assert_eq!(update.client_address, "127.0.0.1");
    let field = |s: &Option<prost_types::Struct>, name: &str| {
        s.as_ref().and_then(|s| s.fields.get(name)).and_then(|v| v.kind.clone())
    };
    use prost_types::value::Kind;
    assert_eq!(field(&update.before, "title"), Some(Kind::StringValue(String::new())));
    assert_eq!(field(&update.after, "title"), Some(Kind::StringValue("Boss".into())));
    assert_eq!(field(&update.after, "password_changed"), Some(Kind::BoolValue(true)));
    // The /v2 change is recorded under the gRPC method it was transcoded to.
    assert!(
        new.iter().any(|e| e.rpc == "pbm.v2.UserService/UpdateUser" && e.target == format!("user:{}", tenant.admin))
    );

    // No secret anywhere.
    let text = format!("{all:?}");
    for secret in [
        CREATOR_PASSWORD,
        ADMIN_PASSWORD,
        USER_PASSWORD,
        "Changed-Pass1",
        "webhook-secret-1",
        "argon2",
        &token,
        &session.access_token,
        &session.refresh_token,
    ] {
        assert!(!text.contains(secret), "audit trail leaks {secret}");
    }
}

#[tokio::test]
async fn refused_attempts_are_recorded_too() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let acme = Tenant::create(&server, &token, "acme").await;
    let other = Tenant::create(&server, &token, "other").await;
    expect_code(
        server
            .users()
            .delete_user(authed(
                &other.admin_token,
                pb::DeleteUserRequest { tenant_id: "acme".into(), mail: acme.user.clone() },
            ))
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        server
            .auth()
            .login(pb::LoginRequest { login: CREATOR.into(), password: "Wrong-Pass1".into(), ..Default::default() })
            .await,
        Code::Unauthenticated,
    );
    let found = events(
        &server,
        &token,
        pb::ListAuditEventsRequest { target: format!("user:{}", acme.user), ..Default::default() },
    )
    .await;
    let denied = found.iter().find(|e| e.result == "PERMISSION_DENIED").expect("the refused delete");
    assert_eq!((denied.actor.as_str(), denied.rpc.as_str()), (other.admin.as_str(), "pbm.v2.UserService/DeleteUser"));
    let failed = events(
        &server,
        &token,
        pb::ListAuditEventsRequest { target: format!("account:{CREATOR}"), ..Default::default() },
    )
    .await;
    assert!(
        failed
            .iter()
            .any(|e| e.result == "UNAUTHENTICATED" && e.actor == "anonymous" && !e.detail.contains("Wrong-Pass1"))
    );
}

#[tokio::test]
async fn admins_see_their_tenant_only_and_filters_work() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let acme = Tenant::create(&server, &token, "acme").await;
    Tenant::create(&server, &token, "other").await;
    let client = || AuditServiceClient::new(server.channel());

    let mine = events(&server, &acme.admin_token, pb::ListAuditEventsRequest::default()).await;
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|e| e.tenant_id == "acme"));
    expect_code(
        client()
            .list_audit_events(authed(
                &acme.admin_token,
                pb::ListAuditEventsRequest { tenant_id: "other".into(), ..Default::default() },
            ))
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        client().list_audit_events(authed(&acme.user_token, pb::ListAuditEventsRequest::default())).await,
        Code::PermissionDenied,
    );
    expect_code(client().list_audit_events(pb::ListAuditEventsRequest::default()).await, Code::Unauthenticated);

    let by_actor = events(
        &server,
        &token,
        pb::ListAuditEventsRequest { actor: CREATOR.into(), tenant_id: "other".into(), ..Default::default() },
    )
    .await;
    assert!(!by_actor.is_empty() && by_actor.iter().all(|e| e.actor == CREATOR && e.tenant_id == "other"));
    let future = prost_types::Timestamp { seconds: chrono::Utc::now().timestamp() + 3600, nanos: 0 };
    let none =
        events(&server, &token, pb::ListAuditEventsRequest { start_time: Some(future), ..Default::default() }).await;
    assert!(none.is_empty());
    let past = prost_types::Timestamp { seconds: 0, nanos: 0 };
    expect_code(
        client()
            .list_audit_events(authed(
                &token,
                pb::ListAuditEventsRequest { start_time: Some(future), end_time: Some(past), ..Default::default() },
            ))
            .await,
        Code::InvalidArgument,
    );
}

#[tokio::test]
async fn cef_lines_for_siem_collection() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let logs = tempfile::tempdir().unwrap();
    let mut settings = SettingsServiceClient::new(server.channel());
    let put = |key: &str, value: &str| pb::PutSettingRequest { key: key.into(), value: value.into() };
    // Changes made while the export is off are not written.
    server
        .users()
        .create_user(authed(
            &token,
            pb::CreateUserRequest {
                user: Some(new_user("default", "early@example.com", "Early-Pass1", pb::Role::User)),
            },
        ))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    settings.put_setting(authed(&token, put("psn/web/logger/dir", logs.path().to_str().unwrap()))).await.unwrap();
    settings
        .put_setting(authed(&token, put("psn/web/logger/cef_prefix", "CEF:0|MyOffice|MyOffice Mail|2.8")))
        .await
        .unwrap();
    settings.put_setting(authed(&token, put("psn/web/logger/cef_enabled", "true"))).await.unwrap();
    server
        .users()
        .create_user(authed(
            &token,
            pb::CreateUserRequest {
                user: Some(new_user("default", "cef@example.com", "Cef-Secret-1", pb::Role::User)),
            },
        ))
        .await
        .unwrap();

    let path = logs.path().join("cef");
    let mut text = String::new();
    for _ in 0..60 {
        text = std::fs::read_to_string(&path).unwrap_or_default();
        if text.contains("user:cef@example.com") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let line =
        text.lines().find(|l| l.contains("user:cef@example.com")).unwrap_or_else(|| panic!("no CEF line in {text:?}"));
    assert!(line.starts_with("CEF:0|MyOffice|MyOffice Mail|2.8|pbm.v2.UserService/CreateUser|CreateUser|3|"), "{line}");
    assert!(
        line.contains(&format!("suser={CREATOR}")) && line.contains("outcome=OK") && line.contains("src=127.0.0.1"),
        "{line}"
    );
    assert!(!text.contains("early@example.com"), "exported a change made while the export was off");
    for secret in ["Cef-Secret-1", CREATOR_PASSWORD, &token] {
        assert!(!text.contains(secret), "CEF log leaks {secret}");
    }
    assert_eq!(text.lines().filter(|l| l.contains("user:cef@example.com")).count(), 1);
}
