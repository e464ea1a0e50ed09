//! Service accounts and API keys end to end: a key acts as an admin of its
//! account's tenant limited to the account's scopes, on gRPC, grpc-web and
//! /v2; expired, revoked, wrong and out-of-network keys are refused (and
//! failed checks lock the client address out like failed logins); a key is
//! never a session; changes made with a key are audited under the account's
//! name and the key's id; the key itself appears in no answer but its
//! creation's, in no error and in no audit event. The walls of every RPC for
//! a key of another tenant are in `authorization.rs`; the revocation across
//! two replicas in `replicas.rs`.

use std::time::Duration;

use pbm::pb::{self, service_account_service_client::ServiceAccountServiceClient};
use prost::Message as _;
use tonic::{Code, transport::Channel};
use tonic_types::StatusExt as _;

use crate::common::{
    Options, TestServer, authed, expect_code,
    fixtures::{Tenant, new_user},
    json, violations,
};

pub fn accounts(server: &TestServer) -> ServiceAccountServiceClient<Channel> {
    ServiceAccountServiceClient::new(server.channel())
}

fn reason(status: &tonic::Status) -> String {
    status.get_details_error_info().map(|i| i.reason).unwrap_or_default()
}

/// Creates account `name` of `tenant` with `scopes` as `token`.
pub async fn account(
    server: &TestServer,
    token: &str,
    tenant: &str,
    name: &str,
    scopes: &[&str],
) -> pb::ServiceAccount {
    let account = pb::ServiceAccount {
        tenant_id: tenant.into(),
        name: name.into(),
        description: format!("{name} robot"),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    accounts(server)
        .create_service_account(authed(token, pb::CreateServiceAccountRequest { service_account: Some(account) }))
        .await
        .expect("service account created")
        .into_inner()
}

/// A new key of account `name` of `tenant`, made as `token`: (key, its id).
pub async fn key_with(server: &TestServer, token: &str, request: pb::CreateApiKeyRequest) -> (String, String) {
    let created = accounts(server).create_api_key(authed(token, request)).await.expect("key created").into_inner();
    (created.key, created.api_key.unwrap().id)
}

pub async fn key(server: &TestServer, token: &str, tenant: &str, name: &str) -> (String, String) {
    let request =
        pb::CreateApiKeyRequest { tenant_id: tenant.into(), service_account: name.into(), ..Default::default() };
    key_with(server, token, request).await
}

/// Every scope a tenant's account may hold.
pub const TENANT_SCOPES: &[&str] = &[
    "directory.read",
    "users.write",
    "lists.write",
    "domains.write",
    "resources.write",
    "addressbook.read",
    "addressbook.write",
    "mail.search",
    "mail.recall",
    "mail.acl",
    "audit.read",
    "scim",
    "accounts.read",
    "accounts.write",
];

/// Every scope only an installation-wide account may hold, with the tenant scopes.
pub const INSTALLATION_SCOPES: &[&str] = &[
    "directory.read",
    "users.write",
    "lists.write",
    "domains.write",
    "resources.write",
    "tenants.write",
    "addressbook.read",
    "addressbook.write",
    "mail.search",
    "mail.recall",
    "mail.acl",
    "audit.read",
    "settings.read",
    "settings.write",
    "backup",
    "accounts.read",
    "accounts.write",
];

/// Keys standing for the superadmin, the admin of `tenant` and the admin of
/// `other` (see `common::matrix::KEYED`), each holding every scope its
/// account may hold, made by the superadmin `creator`.
pub async fn keys_for_matrix(server: &TestServer, creator: &str, tenant: &str, other: &str) -> [String; 3] {
    // Unique names: an installation-wide account's name is the installation's, and some
    // servers (the mail tests') are shared by several tests and runs.
    let names =
        ["installation", "tenant", "other"].map(|who| format!("matrix-{who}-{}", crate::common::unique_suffix()));
    let tenants = ["", tenant, other];
    let mut keys = Vec::new();
    for ((name, tenant), scopes) in names.iter().zip(tenants).zip([INSTALLATION_SCOPES, TENANT_SCOPES, TENANT_SCOPES]) {
        account(server, creator, tenant, name, scopes).await;
        keys.push(key(server, creator, tenant, name).await.0);
    }
    keys.try_into().expect("three keys")
}

fn list_users(tenant: &str) -> pb::ListUsersRequest {
    pb::ListUsersRequest { tenant_id: tenant.into(), ..Default::default() }
}

#[tokio::test]
async fn a_key_carries_its_scopes_within_its_tenant_and_is_audited_by_name_and_id() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    Tenant::create(&server, &creator, "beta").await;
    let created = account(&server, &acme.admin_token, "acme", "crm", &["directory.read"]).await;
    assert_eq!((created.tenant_id.as_str(), created.scopes.as_slice()), ("acme", &["directory.read".to_string()][..]));
    assert_eq!(created.created_by, acme.admin);
    let (key, key_id) = key(&server, &acme.admin_token, "acme", "crm").await;
    assert!(key.starts_with(&format!("pbm_sk_{key_id}_")), "recognisable prefix and id part");

    // Reads of its tenant: allowed; writes: not its scope; another tenant: the wall.
    let page = server.users().list_users(authed(&key, list_users("acme"))).await.expect("directory.read").into_inner();
    assert!(page.users.iter().any(|u| u.mail == acme.user));
    expect_code(server.users().list_users(authed(&key, list_users("beta"))).await, Code::PermissionDenied);
    let user = new_user("acme", "robot-made@acme.test", "Reader01", pb::Role::User);
    let create = || pb::CreateUserRequest { user: Some(user.clone()) };
    expect_code(server.users().create_user(authed(&key, create())).await, Code::PermissionDenied);
    let me = server.auth().who_am_i(authed(&key, pb::WhoAmIRequest {})).await.unwrap().into_inner();
    assert_eq!(
        (me.mail.as_str(), me.tenant_id.as_str(), me.role),
        ("service-account:crm", "acme", pb::Role::Admin as i32)
    );

    // New scopes apply at once (this replica dropped the key from its cache).
    let mut update = created.clone();
    update.scopes = vec!["directory.read".into(), "users.write".into()];
    let request = pb::UpdateServiceAccountRequest {
        service_account: Some(update),
        update_mask: Some(prost_types::FieldMask { paths: vec!["scopes".into()] }),
    };
    accounts(&server).update_service_account(authed(&acme.admin_token, request)).await.unwrap();
    server.users().create_user(authed(&key, create())).await.expect("users.write now");

    // RunSync needs the scope of the sync it runs: users.write for the accounts (which then
    // reach the settings check), addressbook.write for the address book.
    for (kind, code) in [
        (pb::SyncKind::Accounts, Code::FailedPrecondition),
        (pb::SyncKind::AddressBookAd, Code::PermissionDenied),
        (pb::SyncKind::AddressBookBitrix24, Code::PermissionDenied),
    ] {
        let request = pb::RunSyncRequest { tenant_id: "acme".into(), kind: kind as i32, dry_run: true, full: false };
        let stream = server.users().run_sync(authed(&key, request)).await.expect("the stream opens").into_inner();
        let messages: Vec<Result<pb::SyncProgress, tonic::Status>> = futures::StreamExt::collect(stream).await;
        let error = messages.into_iter().find_map(Result::err).expect("the sync ends with an error");
        assert_eq!(error.code(), code, "{kind:?}: {error:?}");
    }

    // The change is audited under the account's name and the key's id; the key is nowhere.
    let events = pb::audit_service_client::AuditServiceClient::new(server.channel())
        .list_audit_events(authed(
            &creator,
            pb::ListAuditEventsRequest { tenant_id: "acme".into(), page_size: 1000, ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    let made = events.events.iter().find(|e| e.target == "user:robot-made@acme.test").expect("the creation's event");
    assert_eq!(made.actor, format!("service-account:crm/key:{key_id}"));
    let secret = key.rsplit('_').next().unwrap();
    assert!(!format!("{events:?}").contains(secret), "the key's secret is in no audit event");
}

#[tokio::test]
async fn keys_work_on_grpc_web_and_v2_wherever_a_token_works() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    account(&server, &acme.admin_token, "acme", "reader", &["directory.read"]).await;
    let (key, _) = key(&server, &acme.admin_token, "acme", "reader").await;

    // /v2: a read with the scope; a write without it is the guide's 403.
    let (status, body) =
        json(server.http.get(server.url("/v2/users/acme")).bearer_auth(&key).send().await.unwrap()).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.to_string().contains(&acme.user), "{body}");
    let delete = server.http.delete(server.url(&format!("/v2/users/acme/{}", acme.user))).bearer_auth(&key);
    let (status, body) = json(delete.send().await.unwrap()).await;
    assert_eq!(status, 403, "{body}");
    let (status, _) =
        json(server.http.get(server.url("/v2/users/default")).bearer_auth(&key).send().await.unwrap()).await;
    assert_eq!(status, 403, "another tenant");

    // grpc-web (a browser's framing over HTTP/1.1).
    let payload = list_users("acme").encode_to_vec();
    let mut frame = vec![0u8];
    frame.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    frame.extend_from_slice(&payload);
    let response = server
        .http
        .post(server.url("/pbm.v2.UserService/ListUsers"))
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .header("authorization", format!("Bearer {key}"))
        .body(frame)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = response.bytes().await.unwrap();
    let len = u32::from_be_bytes(body[1..5].try_into().unwrap()) as usize;
    let page = pb::ListUsersResponse::decode(&body[5..5 + len]).unwrap();
    assert!(page.users.iter().any(|u| u.mail == acme.user));
}

#[tokio::test]
async fn a_key_is_not_a_session() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    account(&server, &acme.admin_token, "acme", "crm", &["directory.read"]).await;
    let (key, _) = key(&server, &acme.admin_token, "acme", "crm").await;
    let auth = || server.auth();
    let refused = [
        auth().logout(authed(&key, pb::LogoutRequest {})).await.map(|_| ()),
        auth()
            .change_password(authed(
                &key,
                pb::ChangePasswordRequest { current_password: "x".into(), new_password: "Reader02x".into() },
            ))
            .await
            .map(|_| ()),
        auth().refresh(pb::RefreshRequest { refresh_token: key.clone() }).await.map(|_| ()),
        auth()
            .login(pb::LoginRequest { login: acme.admin.clone(), password: key.clone(), ..Default::default() })
            .await
            .map(|_| ()),
        auth()
            .login(authed(
                &key,
                pb::LoginRequest { login: "x@acme.test".into(), password: "y".into(), ..Default::default() },
            ))
            .await
            .map(|_| ()),
    ];
    for result in refused {
        let status = expect_code(result, Code::Unauthenticated);
        assert_eq!(reason(&status), "API_KEY_NOT_A_SESSION", "{status:?}");
        assert!(!status.message().contains(&key));
    }
    // /v2's login with a key as the password: refused, and the key is not echoed.
    let response =
        server.http.post(server.url("/v2/auth")).form(&[("login", acme.admin.as_str()), ("password", key.as_str())]);
    let (status, body) = json(response.send().await.unwrap()).await;
    assert_eq!(status, 401, "{body}");
    assert!(!body.to_string().contains(&key));
    // The key still works: refusing it as a session did not count against it.
    server.auth().who_am_i(authed(&key, pb::WhoAmIRequest {})).await.expect("the key works");
}

#[tokio::test]
async fn expired_revoked_wrong_and_out_of_network_keys_are_refused() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    account(&server, &acme.admin_token, "acme", "crm", &["directory.read"]).await;
    let who = |key: &str| {
        let (mut auth, request) = (server.auth(), authed(key, pb::WhoAmIRequest {}));
        async move { auth.who_am_i(request).await }
    };

    // Expiry: works until it passes.
    let soon = chrono::Utc::now() + chrono::Duration::seconds(2);
    let request = pb::CreateApiKeyRequest {
        tenant_id: "acme".into(),
        service_account: "crm".into(),
        expire_time: Some(prost_types::Timestamp { seconds: soon.timestamp(), nanos: 0 }),
        ..Default::default()
    };
    let (expiring, _) = key_with(&server, &acme.admin_token, request).await;
    who(&expiring).await.expect("live until it expires");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let status = expect_code(who(&expiring).await, Code::Unauthenticated);
    assert_eq!(reason(&status), "API_KEY_EXPIRED");

    // Revocation: at once on this replica (it had the key cached).
    let (revoked, revoked_id) = key(&server, &acme.admin_token, "acme", "crm").await;
    who(&revoked).await.expect("live");
    let request = pb::RevokeApiKeyRequest { tenant_id: "acme".into(), service_account: "crm".into(), id: revoked_id };
    let answer = accounts(&server).revoke_api_key(authed(&acme.admin_token, request)).await.unwrap().into_inner();
    assert!(answer.revoke_time.is_some());
    let status = expect_code(who(&revoked).await, Code::Unauthenticated);
    assert_eq!(reason(&status), "API_KEY_INVALID");

    // A wrong secret for a real id, a made-up key, a malformed one.
    let (good, good_id) = key(&server, &acme.admin_token, "acme", "crm").await;
    let wrong = format!("pbm_sk_{good_id}_{}", "0".repeat(64));
    for bad in [
        wrong.as_str(),
        "pbm_sk_0123456789abcdef_0000000000000000000000000000000000000000000000000000000000000000",
        "pbm_sk_nope",
    ] {
        let status = expect_code(who(bad).await, Code::Unauthenticated);
        assert_eq!(reason(&status), "API_KEY_INVALID");
        assert!(!status.message().contains(bad));
    }
    who(&good).await.expect("the right secret still works");

    // Networks: this client is 127.0.0.1.
    let fenced = |networks: &[&str]| pb::CreateApiKeyRequest {
        tenant_id: "acme".into(),
        service_account: "crm".into(),
        allowed_networks: networks.iter().map(|n| n.to_string()).collect(),
        ..Default::default()
    };
    let (outside, _) = key_with(&server, &acme.admin_token, fenced(&["10.0.0.0/8", "2001:db8::/32"])).await;
    let status = expect_code(who(&outside).await, Code::Unauthenticated);
    assert_eq!(reason(&status), "API_KEY_NETWORK_REFUSED");
    let (inside, _) = key_with(&server, &acme.admin_token, fenced(&["127.0.0.0/8"])).await;
    who(&inside).await.expect("allowed from loopback");

    // The keys list says which is which, and never a secret.
    let listed = accounts(&server)
        .list_api_keys(authed(
            &acme.admin_token,
            pb::ListApiKeysRequest { tenant_id: "acme".into(), service_account: "crm".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.api_keys.len(), 5);
    assert_eq!(listed.api_keys.iter().filter(|k| k.revoke_time.is_some()).count(), 1);
    for secret in [&expiring, &revoked, &good, &outside, &inside] {
        assert!(!format!("{listed:?}").contains(secret.rsplit('_').next().unwrap()));
    }
    // Last use was recorded (time and address) — written off the request path.
    let mut recorded = false;
    for _ in 0..40 {
        let listed = accounts(&server)
            .list_api_keys(authed(
                &acme.admin_token,
                pb::ListApiKeysRequest { tenant_id: "acme".into(), service_account: "crm".into() },
            ))
            .await
            .unwrap()
            .into_inner();
        let used = listed.api_keys.iter().find(|k| k.id == good_id).unwrap();
        if used.last_use_time.is_some() {
            assert_eq!(used.last_use_address, "127.0.0.1");
            recorded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(recorded, "the key's last use is recorded");
}

#[tokio::test]
async fn failed_key_checks_lock_the_client_address_out() {
    let server = TestServer::start_with(Options {
        settings: vec![("psn/bruteforce/max_attempts", "3"), ("psn/bruteforce/penalty", "300")],
        ..Default::default()
    })
    .await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    account(&server, &acme.admin_token, "acme", "crm", &["directory.read"]).await;
    let (good, _) = key(&server, &acme.admin_token, "acme", "crm").await;
    let who = |key: &str| {
        let (mut auth, request) = (server.auth(), authed(key, pb::WhoAmIRequest {}));
        async move { auth.who_am_i(request).await }
    };
    // The key's creation reaches this replica's change feed after its answer
    // and drops the account's keys from the cache (on PostgreSQL that can come
    // after the first check): verify until the feed is quiet — the same
    // revision before and after — so that the key stays cached.
    let revision = |answer: &tonic::Response<pb::Identity>| {
        answer.metadata().get("pbm-revision").and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    let mut settled = false;
    for _ in 0..50 {
        let first = who(&good).await.expect("a good key");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let second = who(&good).await.expect("a good key");
        if revision(&first).is_some() && revision(&first) == revision(&second) {
            settled = true;
            break;
        }
    }
    assert!(settled, "the change feed never settled");
    who(&good).await.expect("verified: cached by this replica");
    for n in 0..3 {
        let guess = format!("pbm_sk_{n:016x}_{}", "1".repeat(64));
        expect_code(who(&guess).await, Code::Unauthenticated);
    }
    let guess = format!("pbm_sk_{:016x}_{}", 9, "1".repeat(64));
    expect_code(who(&guess).await, Code::ResourceExhausted);
    // So is a login from the same address: one throttle for both.
    let login = pb::LoginRequest { login: acme.admin.clone(), password: "Admin-Pass1".into(), ..Default::default() };
    expect_code(server.auth().login(login).await, Code::ResourceExhausted);
    // A key this replica already verified is not a guess: it keeps working.
    who(&good).await.expect("a verified key is not throttled");
}

#[tokio::test]
async fn admins_manage_their_own_tenant_within_an_admins_rights() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let beta = Tenant::create(&server, &creator, "beta").await;
    let server = &server;
    let create = |token: &str, tenant: &str, name: &str, scopes: &[&str]| {
        let account = pb::ServiceAccount {
            tenant_id: tenant.into(),
            name: name.into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let request = authed(token, pb::CreateServiceAccountRequest { service_account: Some(account) });
        async move { accounts(server).create_service_account(request).await }
    };
    // Installation-wide accounts: the superadmin's alone.
    expect_code(create(&acme.admin_token, "", "global", &["directory.read"]).await, Code::PermissionDenied);
    create(&creator, "", "global", &["settings.read", "backup"]).await.expect("superadmin");
    // Another tenant's: the wall.
    expect_code(create(&beta.admin_token, "acme", "intruder", &[]).await, Code::PermissionDenied);
    expect_code(create(&acme.user_token, "acme", "mine", &[]).await, Code::PermissionDenied);
    // Scopes beyond an admin's, unknown scopes, bad names: refused, naming each, nothing stored.
    let status = expect_code(
        create(&acme.admin_token, "acme", "Bad Name", &["settings.read", "nope"]).await,
        Code::InvalidArgument,
    );
    let fields: Vec<String> = violations(&status).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["service_account.name", "service_account.scopes[0]", "service_account.scopes[1]"]);
    expect_code(create(&creator, "acme", "x", &["backup"]).await, Code::InvalidArgument);
    // Duplicates.
    create(&acme.admin_token, "acme", "crm", &["directory.read", "accounts.write"]).await.unwrap();
    expect_code(create(&acme.admin_token, "acme", "crm", &[]).await, Code::AlreadyExists);
    create(&beta.admin_token, "beta", "crm", &[]).await.expect("the same name in another tenant");
    let listed = accounts(server)
        .list_service_accounts(authed(
            &acme.admin_token,
            pb::ListServiceAccountsRequest { tenant_id: "acme".into(), ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.service_accounts.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["crm"]);

    // A key with accounts.write cannot make a stronger account or key.
    let (robot, _) = key(server, &acme.admin_token, "acme", "crm").await;
    let status = expect_code(create(&robot, "acme", "stronger", &["users.write"]).await, Code::InvalidArgument);
    assert!(status.message().contains("users.write") || format!("{status:?}").contains("users.write"));
    create(&robot, "acme", "weaker", &["directory.read"]).await.expect("within its own scopes");
    account(server, &acme.admin_token, "acme", "writer", &["users.write"]).await;
    let request =
        pb::CreateApiKeyRequest { tenant_id: "acme".into(), service_account: "writer".into(), ..Default::default() };
    expect_code(accounts(server).create_api_key(authed(&robot, request)).await, Code::FailedPrecondition);

    // At most 5 live keys: two at once for a rotation, and then some; a revoked one makes room.
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(key(server, &acme.admin_token, "acme", "crm").await.1);
    }
    let sixth =
        pb::CreateApiKeyRequest { tenant_id: "acme".into(), service_account: "crm".into(), ..Default::default() };
    expect_code(
        accounts(server).create_api_key(authed(&acme.admin_token, sixth.clone())).await,
        Code::FailedPrecondition,
    );
    let revoke =
        pb::RevokeApiKeyRequest { tenant_id: "acme".into(), service_account: "crm".into(), id: ids[0].clone() };
    accounts(server).revoke_api_key(authed(&acme.admin_token, revoke)).await.unwrap();
    accounts(server).create_api_key(authed(&acme.admin_token, sixth)).await.expect("room after a revocation");

    // Deleting the account ends its keys at once.
    server.auth().who_am_i(authed(&robot, pb::WhoAmIRequest {})).await.expect("live");
    let delete = pb::DeleteServiceAccountRequest { tenant_id: "acme".into(), name: "crm".into() };
    accounts(server).delete_service_account(authed(&acme.admin_token, delete)).await.unwrap();
    expect_code(server.auth().who_am_i(authed(&robot, pb::WhoAmIRequest {})).await, Code::Unauthenticated);

    // Deleting a tenant takes its accounts: a new tenant of the same id starts without them.
    account(server, &creator, "beta", "leftover", &["directory.read"]).await;
    let (leftover, _) = key(server, &creator, "beta", "leftover").await;
    let request = pb::DeleteTenantRequest { tenant_id: "beta".into(), force: true };
    server.tenants().delete_tenant(authed(&creator, request)).await.unwrap();
    expect_code(server.auth().who_am_i(authed(&leftover, pb::WhoAmIRequest {})).await, Code::Unauthenticated);
}

#[tokio::test]
async fn an_installation_wide_key_acts_as_a_superadmin_within_its_scopes() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    Tenant::create(&server, &creator, "acme").await;
    account(&server, &creator, "", "monitoring", &["directory.read", "settings.read"]).await;
    let (key, _) = key(&server, &creator, "", "monitoring").await;
    let tenants =
        server.tenants().list_tenants(authed(&key, pb::ListTenantsRequest::default())).await.unwrap().into_inner();
    assert!(tenants.tenants.iter().any(|t| t.id == "acme") && tenants.tenants.iter().any(|t| t.id == "default"));
    let settings = pb::settings_service_client::SettingsServiceClient::new(server.channel());
    let get = pb::GetSettingRequest { key: "psn/bruteforce/max_attempts".into() };
    settings.clone().get_setting(authed(&key, get)).await.expect("settings.read");
    let put = pb::PutSettingRequest { key: "psn/bruteforce/max_attempts".into(), value: "7".into() };
    expect_code(settings.clone().put_setting(authed(&key, put)).await, Code::PermissionDenied);
    let request = pb::CreateTenantRequest { tenant_id: "new".into(), tenant: None, domain: "new.test".into() };
    expect_code(server.tenants().create_tenant(authed(&key, request)).await, Code::PermissionDenied);
}

/// Runs the `pbm` binary; answers (success, stdout, stderr).
pub(crate) fn pbm_cli(args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pbm")).args(args).output().expect("pbm runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.success(), text(&output.stdout), text(&output.stderr))
}

// The CLI runs as a child process while the server answers in this one: two worker threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_manages_accounts_and_keys() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let base = server.base.clone();
    let client = ["--server", base.as_str(), "--token", acme.admin_token.as_str(), "--tenant", "acme"];
    let run = |command: &str, rest: &[&str]| {
        let mut args = vec![command];
        args.extend_from_slice(&client);
        args.extend_from_slice(rest);
        pbm_cli(&args)
    };
    let (ok, out, err) = run(
        "service-accounts",
        &["create", "crm", "--description", "the CRM", "--scopes", "directory.read,users.write"],
    );
    assert!(ok, "{err}");
    assert!(out.contains("crm") && out.contains("directory.read,users.write"), "{out}");
    let (ok, out, err) = run("keys", &["create", "--account", "crm", "--network", "127.0.0.0/8"]);
    assert!(ok, "{err}");
    let key = out.lines().find(|line| line.starts_with("pbm_sk_")).expect("the key on a line of its own").to_owned();
    assert!(err.contains("only time"), "{err}");
    server.users().list_users(authed(&key, list_users("acme"))).await.expect("the printed key works");

    let (ok, out, _) = run("service-accounts", &["update", "crm", "--scopes", "directory.read"]);
    assert!(ok && out.contains("scopes: directory.read\t"), "{out}");
    let (ok, out, _) = run("keys", &["list", "--account", "crm"]);
    let id = key.strip_prefix("pbm_sk_").unwrap().split('_').next().unwrap();
    assert!(ok && out.contains(id) && out.contains("live") && !out.contains(&key), "{out}");
    let (ok, out, _) = run("keys", &["revoke", "--account", "crm", id]);
    assert!(ok && out.contains("revoked"), "{out}");
    expect_code(server.users().list_users(authed(&key, list_users("acme"))).await, Code::Unauthenticated);
    let (ok, _, err) = run("service-accounts", &["create", "Bad Name"]);
    assert!(!ok && err.contains("service_account.name"), "{err}");
    let (ok, out, _) = run("service-accounts", &["list"]);
    assert!(ok && out.lines().count() == 1, "{out}");
    let (ok, out, _) = run("service-accounts", &["delete", "crm"]);
    assert!(ok && out.contains("deleted crm"), "{out}");
}
