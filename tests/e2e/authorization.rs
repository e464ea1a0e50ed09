//! The authorization matrix: every RPC × superadmin / admin of the tenant /
//! admin of another tenant / user / no token, over gRPC, and a sample of the
//! same walls through /v2. The rows are here and in `mail.rs` and `backup.rs`;
//! `every_rpc_has_a_row` reads the RPCs from the server's descriptor set and
//! fails when one has no row. Tenants are walls: a denied call
//! changes nothing. Mail domains, resources and lists follow the tenant
//! walls; web domains are the superadmin's alone.

use futures::StreamExt as _;
use pbm::pb;
use prost_types::FieldMask;
use tonic::{Code, Request};

use crate::common::{
    TestServer, authed, certs, expect_code,
    fixtures::{Tenant, new_user},
    json,
    matrix::{self, Outcome, Row, Who, outcome},
};

use Outcome::{Allowed as A, Denied as D, Refused as R, Unauthenticated as U};

/// The directory, auth, settings and audit RPCs: superadmin, admin of the
/// tenant, admin of another tenant, user of the tenant, no token.
pub const ROWS: &[Row] = &[
    ("ListTenants", [A, A, A, D, U]),
    ("GetTenant", [A, A, D, D, U]),
    ("CreateTenant", [A, D, D, D, U]),
    ("UpdateTenant", [A, D, D, D, U]),
    ("DeleteTenant", [A, D, D, D, U]),
    ("CreateUser", [A, A, D, D, U]),
    ("GetUser", [A, A, D, D, U]),
    ("ListUsers", [A, A, D, D, U]),
    ("StreamUsers", [A, A, D, D, U]),
    ("StreamUsers all tenants", [A, D, D, D, U]),
    ("UpdateUser", [A, A, D, D, U]),
    ("DeleteUser", [A, A, D, D, U]),
    ("UndeleteUser", [A, A, D, D, U]),
    ("ListDeletedUsers", [A, A, D, D, U]),
    ("WhoAmI", [A, A, A, A, U]),
    ("ListMailDomains", [A, A, D, D, U]),
    ("GetMailDomain", [A, A, D, D, U]),
    ("CreateMailDomain", [A, A, D, D, U]),
    ("UpdateMailDomain", [A, A, D, D, U]),
    ("DeleteMailDomain", [A, A, D, D, U]),
    ("SetDefaultMailDomain", [A, A, D, D, U]),
    ("ListWebDomains", [A, D, D, D, U]),
    ("GetWebDomain", [A, D, D, D, U]),
    ("CreateWebDomain", [A, D, D, D, U]),
    ("UpdateWebDomain", [A, D, D, D, U]),
    ("DeleteWebDomain", [A, D, D, D, U]),
    ("ListResourceGroups", [A, A, D, D, U]),
    ("GetResourceGroup", [A, A, D, D, U]),
    ("CreateResourceGroup", [A, A, D, D, U]),
    ("RenameResourceGroup", [A, A, D, D, U]),
    ("DeleteResourceGroup", [A, A, D, D, U]),
    ("ListResources", [A, A, D, D, U]),
    ("GetResource", [A, A, D, D, U]),
    ("CreateResource", [A, A, D, D, U]),
    ("UpdateResource", [A, A, D, D, U]),
    ("DeleteResource", [A, A, D, D, U]),
    ("ListMailLists", [A, A, D, D, U]),
    ("GetMailList", [A, A, D, D, U]),
    ("CreateMailList", [A, A, D, D, U]),
    ("UpdateMailList", [A, A, D, D, U]),
    ("DeleteMailList", [A, A, D, D, U]),
    // The address book: every account of the tenant reads it; contacts are the admins'.
    ("SearchAddressBook", [A, A, D, A, U]),
    ("GetAddressBookEntry", [A, A, D, A, U]),
    ("ListContacts", [A, A, D, D, U]),
    ("GetContact", [A, A, D, D, U]),
    ("CreateContact", [A, A, D, D, U]),
    ("UpdateContact", [A, A, D, D, U]),
    ("DeleteContact", [A, A, D, D, U]),
    ("GetSetting", [A, D, D, D, U]),
    ("ListSettings", [A, D, D, D, U]),
    ("PutSetting", [A, D, D, D, U]),
    ("DeleteSetting", [A, D, D, D, U]),
    ("WatchSettings", [A, D, D, D, U]),
    ("ListAuditEvents", [A, A, D, D, U]),
    ("Login", [A, A, A, A, A]),
    ("Refresh", [A, A, A, A, A]),
    ("Logout", [A, A, A, A, U]),
    ("ChangePassword", [A, A, A, A, U]),
    ("GetPasswordPolicy", [A, A, A, A, U]),
    ("CreateLoginChallenge", [A, A, A, A, A]),
    ("SetUserAvatar", [A, A, D, D, U]),
    ("SetUserAvatar own", [A, A, A, A, U]),
    ("GetUserAvatar", [A, A, D, A, U]),
    ("DeleteUserAvatar", [A, A, D, D, U]),
    ("WatchDirectory", [A, A, D, D, U]),
    // No tenant: every tenant for a superadmin, the caller's own for an admin.
    ("WatchDirectory every tenant", [A, A, A, D, U]),
    // allowed callers reach the settings check: services/ad/enabled is off here
    ("SyncAddressBook", [R(Code::FailedPrecondition), R(Code::FailedPrecondition), D, D, U]),
    ("SyncAddressBook bitrix24", [R(Code::FailedPrecondition), R(Code::FailedPrecondition), D, D, U]),
    // allowed callers reach the settings check: no directory owns acme's accounts here
    ("SyncAccounts", [R(Code::FailedPrecondition), R(Code::FailedPrecondition), D, D, U]),
    // allowed callers reach the settings check: services/ad/enabled is off here
    ("SyncMailLists", [R(Code::FailedPrecondition), R(Code::FailedPrecondition), D, D, U]),
    // RunSync streams the sync it names, under that call's walls (the errors end the stream).
    ("RunSync", [R(Code::FailedPrecondition), R(Code::FailedPrecondition), D, D, U]),
    ("RunSync address book", [R(Code::FailedPrecondition), R(Code::FailedPrecondition), D, D, U]),
    ("RunSync address book bitrix24", [R(Code::FailedPrecondition), R(Code::FailedPrecondition), D, D, U]),
    ("RunSync mail lists", [R(Code::FailedPrecondition), R(Code::FailedPrecondition), D, D, U]),
    // Service accounts: an admin manages their own tenant's; installation-wide ones are the superadmin's.
    ("CreateServiceAccount", [A, A, D, D, U]),
    ("CreateServiceAccount installation-wide", [A, D, D, D, U]),
    ("ListServiceAccounts", [A, A, D, D, U]),
    ("GetServiceAccount", [A, A, D, D, U]),
    ("UpdateServiceAccount", [A, A, D, D, U]),
    ("DeleteServiceAccount", [A, A, D, D, U]),
    ("CreateApiKey", [A, A, D, D, U]),
    ("ListApiKeys", [A, A, D, D, U]),
    ("RevokeApiKey", [A, A, D, D, U]),
];

struct World {
    server: TestServer,
    creator: String,
    acme: Tenant,
    other: Tenant,
    /// Numbers the accounts made for the session RPCs.
    fresh: std::sync::atomic::AtomicU32,
}

impl World {
    /// What the rows act on, made by the superadmin: acme's service account
    /// `robot`, the user `target`, a web domain, the resource group `Rooms`
    /// with a room, and the list `team`.
    async fn furnish(&self) {
        crate::service_accounts::account(&self.server, &self.creator, "acme", "robot", &["directory.read"]).await;
        self.user("target@acme.test").await;
        self.web_domain("web.example.com").await;
        self.group("Rooms").await;
        let room = pb::CreateResourceRequest { resource: Some(Self::resource("room@acme.test")) };
        self.server.resources().create_resource(authed(&self.creator, room)).await.unwrap();
        let team = pb::CreateMailListRequest { mail_list: Some(Self::list("team@acme.test")) };
        self.server.mail_lists().create_mail_list(authed(&self.creator, team)).await.unwrap();
    }

    fn settings(&self) -> pb::settings_service_client::SettingsServiceClient<tonic::transport::Channel> {
        pb::settings_service_client::SettingsServiceClient::new(self.server.channel())
    }

    fn token(&self, who: Who) -> Option<&str> {
        match who {
            Who::Superadmin => Some(&self.creator),
            Who::Admin => Some(&self.acme.admin_token),
            Who::OtherAdmin => Some(&self.other.admin_token),
            Who::User => Some(&self.acme.user_token),
            Who::Nobody => None,
        }
    }

    fn request<T>(&self, who: Who, message: T) -> Request<T> {
        matrix::request(self.token(who), message)
    }

    async fn user(&self, mail: &str) {
        self.server
            .users()
            .create_user(authed(
                &self.creator,
                pb::CreateUserRequest { user: Some(new_user("acme", mail, "Reader01", pb::Role::User)) },
            ))
            .await
            .unwrap();
    }

    /// Performs `rpc` as `who` on fresh objects of tenant acme.
    async fn call(&self, rpc: &str, who: Who) -> Outcome {
        let s = &self.server;
        let tag = format!("{who:?}").to_lowercase();
        let acme = || "acme".to_string();
        match rpc {
            "ListTenants" => {
                let result = s.tenants().list_tenants(self.request(who, pb::ListTenantsRequest::default())).await;
                if let Ok(page) = &result {
                    let ids: Vec<_> = page.get_ref().tenants.iter().map(|t| t.id.as_str()).collect();
                    match who {
                        Who::Superadmin => assert!(ids.len() >= 3),
                        Who::Admin => assert_eq!(ids, ["acme"]),
                        Who::OtherAdmin => assert_eq!(ids, ["other"]),
                        _ => unreachable!(),
                    }
                }
                outcome(result)
            }
            "GetTenant" => outcome(
                s.tenants()
                    .get_tenant(self.request(who, pb::GetTenantRequest { tenant_id: acme(), ..Default::default() }))
                    .await,
            ),
            "CreateTenant" => outcome(
                s.tenants()
                    .create_tenant(self.request(
                        who,
                        pb::CreateTenantRequest {
                            tenant_id: String::new(),
                            tenant: None,
                            domain: format!("{tag}.new.test"),
                        },
                    ))
                    .await,
            ),
            "UpdateTenant" => {
                let request = pb::UpdateTenantRequest {
                    tenant: Some(pb::Tenant { id: acme(), display_name: format!("by {tag}"), ..Default::default() }),
                    update_mask: Some(FieldMask { paths: vec!["display_name".into()] }),
                };
                outcome(s.tenants().update_tenant(self.request(who, request)).await)
            }
            "DeleteTenant" => {
                let id = format!("tmp-{tag}");
                s.tenants()
                    .create_tenant(authed(
                        &self.creator,
                        pb::CreateTenantRequest { tenant_id: id.clone(), tenant: None, domain: format!("{id}.test") },
                    ))
                    .await
                    .unwrap();
                outcome(
                    s.tenants()
                        .delete_tenant(self.request(who, pb::DeleteTenantRequest { tenant_id: id, force: false }))
                        .await,
                )
            }
            "CreateUser" => {
                let user = new_user("acme", &format!("made-{tag}@acme.test"), "Reader01", pb::Role::User);
                outcome(s.users().create_user(self.request(who, pb::CreateUserRequest { user: Some(user) })).await)
            }
            "GetUser" => outcome(
                s.users()
                    .get_user(
                        self.request(who, pb::GetUserRequest { tenant_id: acme(), mail: "target@acme.test".into() }),
                    )
                    .await,
            ),
            "ListUsers" => outcome(
                s.users()
                    .list_users(self.request(who, pb::ListUsersRequest { tenant_id: acme(), ..Default::default() }))
                    .await,
            ),
            "StreamUsers" => {
                match s.users().stream_users(self.request(who, pb::StreamUsersRequest { tenant_id: acme() })).await {
                    Ok(stream) => {
                        let users: Vec<_> = stream.into_inner().collect().await;
                        assert!(users.iter().all(|u| u.as_ref().unwrap().tenant_id == "acme"));
                        A
                    }
                    Err(e) => outcome::<()>(Err(e)),
                }
            }
            "StreamUsers all tenants" => outcome(
                s.users().stream_users(self.request(who, pb::StreamUsersRequest { tenant_id: String::new() })).await,
            ),
            "UpdateUser" => {
                let request = pb::UpdateUserRequest {
                    user: Some(pb::User {
                        tenant_id: acme(),
                        mail: "target@acme.test".into(),
                        title: format!("by {tag}"),
                        ..Default::default()
                    }),
                    update_mask: Some(FieldMask { paths: vec!["title".into()] }),
                    ..Default::default()
                };
                outcome(s.users().update_user(self.request(who, request)).await)
            }
            "DeleteUser" => {
                let mail = format!("victim-{tag}@acme.test");
                self.user(&mail).await;
                outcome(
                    s.users().delete_user(self.request(who, pb::DeleteUserRequest { tenant_id: acme(), mail })).await,
                )
            }
            "UndeleteUser" => {
                let mail = format!("ghost-{tag}@acme.test");
                self.user(&mail).await;
                s.users()
                    .delete_user(authed(&self.creator, pb::DeleteUserRequest { tenant_id: acme(), mail: mail.clone() }))
                    .await
                    .unwrap();
                outcome(
                    s.users()
                        .undelete_user(self.request(who, pb::UndeleteUserRequest { tenant_id: acme(), mail }))
                        .await,
                )
            }
            "ListDeletedUsers" => outcome(
                s.users()
                    .list_deleted_users(
                        self.request(who, pb::ListDeletedUsersRequest { tenant_id: acme(), ..Default::default() }),
                    )
                    .await,
            ),
            "WhoAmI" => outcome(s.auth().who_am_i(self.request(who, pb::WhoAmIRequest {})).await),
            "GetSetting" => outcome(
                self.settings()
                    .get_setting(self.request(who, pb::GetSettingRequest { key: "psn/bruteforce/penalty".into() }))
                    .await,
            ),
            "ListSettings" => {
                outcome(self.settings().list_settings(self.request(who, pb::ListSettingsRequest::default())).await)
            }
            "PutSetting" => {
                let request = pb::PutSettingRequest { key: "psn/bruteforce/penalty".into(), value: "301".into() };
                outcome(self.settings().put_setting(self.request(who, request)).await)
            }
            "DeleteSetting" => {
                let request = pb::DeleteSettingRequest { key: "psn/bruteforce/penalty".into() };
                outcome(self.settings().delete_setting(self.request(who, request)).await)
            }
            "WatchSettings" => {
                outcome(self.settings().watch_settings(self.request(who, pb::WatchSettingsRequest::default())).await)
            }
            "ListAuditEvents" => {
                let request = pb::ListAuditEventsRequest { tenant_id: acme(), ..Default::default() };
                let mut client = pb::audit_service_client::AuditServiceClient::new(s.channel());
                outcome(client.list_audit_events(self.request(who, request)).await)
            }
            "Login" | "Refresh" | "Logout" | "ChangePassword" => self.call_session(rpc, who).await,
            "WatchDirectory" | "WatchDirectory every tenant" => {
                let tenant_id = if rpc == "WatchDirectory" { acme() } else { String::new() };
                let request = pb::WatchDirectoryRequest { tenant_id, ..Default::default() };
                let mut client = pb::watch_service_client::WatchServiceClient::new(s.channel());
                match client.watch_directory(self.request(who, request)).await {
                    // Allowed: the first event of a watch from now on is a bookmark.
                    Ok(response) => {
                        let first = response.into_inner().message().await.expect("first event").expect("a bookmark");
                        assert_eq!(first.r#type(), pb::directory_event::Type::Bookmark);
                        Outcome::Allowed
                    }
                    Err(status) => outcome::<()>(Err(status)),
                }
            }
            "GetPasswordPolicy" => {
                outcome(s.auth().get_password_policy(self.request(who, pb::GetPasswordPolicyRequest {})).await)
            }
            "CreateLoginChallenge" => {
                outcome(s.auth().create_login_challenge(self.request(who, pb::CreateLoginChallengeRequest {})).await)
            }
            "SetUserAvatar" => {
                let image = crate::avatars::picture(16, 16, image::ImageFormat::Png);
                let request = pb::SetUserAvatarRequest { tenant_id: acme(), mail: "target@acme.test".into(), image };
                outcome(s.users().set_user_avatar(self.request(who, request)).await)
            }
            "SetUserAvatar own" => {
                // Everyone's own picture (the no-token call names the user's).
                let (tenant_id, mail) = match who {
                    Who::Superadmin => ("default".to_owned(), crate::common::CREATOR.to_owned()),
                    Who::Admin => (acme(), self.acme.admin.clone()),
                    Who::OtherAdmin => ("other".to_owned(), self.other.admin.clone()),
                    Who::User | Who::Nobody => (acme(), self.acme.user.clone()),
                };
                let image = crate::avatars::picture(16, 16, image::ImageFormat::Png);
                outcome(
                    s.users()
                        .set_user_avatar(self.request(who, pb::SetUserAvatarRequest { tenant_id, mail, image }))
                        .await,
                )
            }
            "GetUserAvatar" => {
                self.target_picture().await;
                let request = pb::GetUserAvatarRequest { tenant_id: acme(), mail: "target@acme.test".into() };
                outcome(s.users().get_user_avatar(self.request(who, request)).await)
            }
            "DeleteUserAvatar" => {
                self.target_picture().await;
                let request = pb::DeleteUserAvatarRequest { tenant_id: acme(), mail: "target@acme.test".into() };
                outcome(s.users().delete_user_avatar(self.request(who, request)).await)
            }
            rpc if rpc.starts_with("SyncAddressBook") => {
                let source =
                    if rpc.ends_with("bitrix24") { pb::AddressBookSource::Bitrix24 } else { pb::AddressBookSource::Ad };
                let request = pb::SyncAddressBookRequest { tenant_id: acme(), source: source as i32, dry_run: true };
                outcome(s.users().sync_address_book(self.request(who, request)).await)
            }
            "SyncAccounts" => {
                let request = pb::SyncAccountsRequest { tenant_id: acme(), dry_run: false, full: false };
                outcome(s.users().sync_accounts(self.request(who, request)).await)
            }
            rpc if rpc.starts_with("RunSync") => {
                let kind = match rpc {
                    "RunSync" => pb::SyncKind::Accounts,
                    "RunSync address book" => pb::SyncKind::AddressBookAd,
                    "RunSync address book bitrix24" => pb::SyncKind::AddressBookBitrix24,
                    _ => pb::SyncKind::MailListsAd,
                };
                let request = pb::RunSyncRequest { tenant_id: acme(), kind: kind as i32, dry_run: true, full: false };
                match s.users().run_sync(self.request(who, request)).await {
                    Ok(stream) => {
                        let messages: Vec<Result<pb::SyncProgress, tonic::Status>> =
                            stream.into_inner().collect().await;
                        match messages.into_iter().find_map(Result::err) {
                            Some(error) => outcome::<()>(Err(error)),
                            None => A,
                        }
                    }
                    Err(e) => outcome::<()>(Err(e)),
                }
            }
            "SyncMailLists" => {
                let request = pb::SyncMailListsRequest { tenant_id: acme(), dry_run: true };
                outcome(s.mail_lists().sync_mail_lists(self.request(who, request)).await)
            }
            rpc if rpc.contains("ServiceAccount") || rpc.contains("ApiKey") => {
                self.call_service_accounts(rpc, who).await
            }
            other => self.call_directory(other, who).await,
        }
    }

    /// The ServiceAccountService RPCs on acme's account `robot` (made by
    /// the superadmin at the start), or on accounts made for one call.
    async fn call_service_accounts(&self, rpc: &str, who: Who) -> Outcome {
        let s = &self.server;
        let tag = format!("{who:?}").to_lowercase();
        let mut client = pb::service_account_service_client::ServiceAccountServiceClient::new(s.channel());
        let named = |tenant: &str, name: &str| pb::ServiceAccount {
            tenant_id: tenant.into(),
            name: name.into(),
            scopes: vec!["directory.read".into()],
            ..Default::default()
        };
        match rpc {
            "CreateServiceAccount" | "CreateServiceAccount installation-wide" => {
                let tenant = if rpc == "CreateServiceAccount" { "acme" } else { "" };
                let request =
                    pb::CreateServiceAccountRequest { service_account: Some(named(tenant, &format!("sa-{tag}"))) };
                outcome(client.create_service_account(self.request(who, request)).await)
            }
            "ListServiceAccounts" => {
                let request = pb::ListServiceAccountsRequest { tenant_id: "acme".into(), ..Default::default() };
                outcome(client.list_service_accounts(self.request(who, request)).await)
            }
            "GetServiceAccount" => {
                let request = pb::GetServiceAccountRequest { tenant_id: "acme".into(), name: "robot".into() };
                outcome(client.get_service_account(self.request(who, request)).await)
            }
            "UpdateServiceAccount" => {
                let account = pb::ServiceAccount { description: format!("by {tag}"), ..named("acme", "robot") };
                let request = pb::UpdateServiceAccountRequest {
                    service_account: Some(account),
                    update_mask: Some(FieldMask { paths: vec!["description".into()] }),
                };
                outcome(client.update_service_account(self.request(who, request)).await)
            }
            "DeleteServiceAccount" | "CreateApiKey" | "ListApiKeys" | "RevokeApiKey" => {
                // An account of its own per call (an account holds at most 5 live keys).
                let name = format!("{}-{tag}", rpc.to_lowercase());
                let request = pb::CreateServiceAccountRequest { service_account: Some(named("acme", &name)) };
                client.create_service_account(authed(&self.creator, request)).await.unwrap();
                let key = pb::CreateApiKeyRequest {
                    tenant_id: "acme".into(),
                    service_account: name.clone(),
                    ..Default::default()
                };
                let made = client.create_api_key(authed(&self.creator, key.clone())).await.unwrap().into_inner();
                let id = made.api_key.unwrap().id;
                match rpc {
                    "DeleteServiceAccount" => {
                        let request = pb::DeleteServiceAccountRequest { tenant_id: "acme".into(), name };
                        outcome(client.delete_service_account(self.request(who, request)).await)
                    }
                    "CreateApiKey" => outcome(client.create_api_key(self.request(who, key)).await),
                    "ListApiKeys" => {
                        let request = pb::ListApiKeysRequest { tenant_id: "acme".into(), service_account: name };
                        let result = client.list_api_keys(self.request(who, request)).await;
                        if let Ok(keys) = &result {
                            assert_eq!(keys.get_ref().api_keys.len(), 1);
                        }
                        outcome(result)
                    }
                    _ => {
                        let request = pb::RevokeApiKeyRequest { tenant_id: "acme".into(), service_account: name, id };
                        outcome(client.revoke_api_key(self.request(who, request)).await)
                    }
                }
            }
            other => panic!("not a ServiceAccountService RPC: {other}"),
        }
    }

    /// Gives the target user a picture (set by the superadmin).
    async fn target_picture(&self) {
        let image = crate::avatars::picture(8, 8, image::ImageFormat::Png);
        let request = pb::SetUserAvatarRequest { tenant_id: "acme".into(), mail: "target@acme.test".into(), image };
        self.server.users().set_user_avatar(authed(&self.creator, request)).await.unwrap();
    }

    /// The session RPCs act on the caller's own session or account, so each
    /// call gets a fresh account of the caller's kind (the world's tokens must
    /// outlive a logout or a password change): a superadmin in `default`, an
    /// admin of `acme` or of `other`, a user of `acme`; without a token, a
    /// user of `acme` logs in and refreshes.
    async fn call_session(&self, rpc: &str, who: Who) -> Outcome {
        let s = &self.server;
        let n = self.fresh.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (tenant, role) = match who {
            Who::Superadmin => ("default", pb::Role::Superadmin),
            Who::Admin => ("acme", pb::Role::Admin),
            Who::OtherAdmin => ("other", pb::Role::Admin),
            Who::User | Who::Nobody => ("acme", pb::Role::User),
        };
        let domain = if tenant == "default" { "example.com".to_owned() } else { format!("{tenant}.test") };
        let mail = format!("session-{n}@{domain}");
        let create = pb::CreateUserRequest { user: Some(new_user(tenant, &mail, "Reader01", role)) };
        s.users().create_user(authed(&self.creator, create)).await.unwrap();
        let login = pb::LoginRequest { login: mail.clone(), password: "Reader01".into(), ..Default::default() };
        if rpc == "Login" {
            return outcome(s.auth().login(self.request(who, login)).await);
        }
        let tokens = s.auth().login(login).await.unwrap().into_inner();
        let token = (who != Who::Nobody).then_some(tokens.access_token.as_str());
        match rpc {
            "Refresh" => {
                let request = pb::RefreshRequest { refresh_token: tokens.refresh_token.clone() };
                outcome(s.auth().refresh(matrix::request(token, request)).await)
            }
            "Logout" => outcome(s.auth().logout(matrix::request(token, pb::LogoutRequest {})).await),
            "ChangePassword" => {
                let request =
                    pb::ChangePasswordRequest { current_password: "Reader01".into(), new_password: "Reader02".into() };
                outcome(s.auth().change_password(matrix::request(token, request)).await)
            }
            other => panic!("not a session RPC: {other}"),
        }
    }

    /// A mail domain, web domain, group, resource or list created by the
    /// superadmin for one call.
    async fn mail_domain(&self, name: &str) {
        let domain = pb::MailDomain { tenant_id: "acme".into(), name: name.into(), ..Default::default() };
        let request = pb::CreateMailDomainRequest { domain: Some(domain) };
        self.server.domains().create_mail_domain(authed(&self.creator, request)).await.unwrap();
    }

    async fn web_domain(&self, name: &str) {
        let pair = certs::valid(name);
        let domain = pb::WebDomain {
            name: name.into(),
            private_key_pem: pair.key,
            certificate_pem: pair.crt,
            ..Default::default()
        };
        let request = pb::CreateWebDomainRequest { web_domain: Some(domain) };
        self.server.domains().create_web_domain(authed(&self.creator, request)).await.unwrap();
    }

    async fn group(&self, name: &str) {
        let request = pb::CreateResourceGroupRequest { tenant_id: "acme".into(), name: name.into() };
        self.server.resources().create_resource_group(authed(&self.creator, request)).await.unwrap();
    }

    fn resource(mail: &str) -> pb::Resource {
        pb::Resource {
            tenant_id: "acme".into(),
            group: "Rooms".into(),
            mail: mail.into(),
            display_name: "Room".into(),
            ..Default::default()
        }
    }

    fn list(mail: &str) -> pb::MailList {
        pb::MailList { tenant_id: "acme".into(), mail: mail.into(), display_name: "List".into(), ..Default::default() }
    }

    async fn call_directory(&self, rpc: &str, who: Who) -> Outcome {
        let s = &self.server;
        let tag = format!("{who:?}").to_lowercase();
        let acme = || "acme".to_string();
        match rpc {
            "ListMailDomains" => outcome(
                s.domains()
                    .list_mail_domains(
                        self.request(who, pb::ListMailDomainsRequest { tenant_id: acme(), ..Default::default() }),
                    )
                    .await,
            ),
            "GetMailDomain" => outcome(
                s.domains()
                    .get_mail_domain(self.request(
                        who,
                        pb::GetMailDomainRequest { tenant_id: acme(), name: "acme.test".into(), ..Default::default() },
                    ))
                    .await,
            ),
            "CreateMailDomain" => {
                let domain =
                    pb::MailDomain { tenant_id: acme(), name: format!("{tag}.extra.test"), ..Default::default() };
                outcome(
                    s.domains()
                        .create_mail_domain(self.request(who, pb::CreateMailDomainRequest { domain: Some(domain) }))
                        .await,
                )
            }
            "UpdateMailDomain" => {
                let request = pb::UpdateMailDomainRequest {
                    domain: Some(pb::MailDomain {
                        tenant_id: acme(),
                        name: "acme.test".into(),
                        display_name: format!("by {tag}"),
                        ..Default::default()
                    }),
                    update_mask: Some(FieldMask { paths: vec!["display_name".into()] }),
                };
                outcome(s.domains().update_mail_domain(self.request(who, request)).await)
            }
            "DeleteMailDomain" => {
                let name = format!("del-{tag}.test");
                self.mail_domain(&name).await;
                let request = pb::DeleteMailDomainRequest { tenant_id: acme(), name, force: false };
                outcome(s.domains().delete_mail_domain(self.request(who, request)).await)
            }
            "SetDefaultMailDomain" => {
                let name = format!("def-{tag}.test");
                self.mail_domain(&name).await;
                let request = pb::SetDefaultMailDomainRequest { tenant_id: acme(), name };
                outcome(s.domains().set_default_mail_domain(self.request(who, request)).await)
            }
            "ListWebDomains" => {
                outcome(s.domains().list_web_domains(self.request(who, pb::ListWebDomainsRequest::default())).await)
            }
            "GetWebDomain" => outcome(
                s.domains()
                    .get_web_domain(self.request(who, pb::GetWebDomainRequest { name: "web.example.com".into() }))
                    .await,
            ),
            "CreateWebDomain" => {
                let name = format!("{tag}.web.test");
                let pair = certs::valid(&name);
                let domain =
                    pb::WebDomain { name, private_key_pem: pair.key, certificate_pem: pair.crt, ..Default::default() };
                outcome(
                    s.domains()
                        .create_web_domain(self.request(who, pb::CreateWebDomainRequest { web_domain: Some(domain) }))
                        .await,
                )
            }
            "UpdateWebDomain" => {
                let pair = certs::valid("web.example.com");
                let request = pb::UpdateWebDomainRequest {
                    web_domain: Some(pb::WebDomain {
                        name: "web.example.com".into(),
                        private_key_pem: pair.key,
                        certificate_pem: pair.crt,
                        ..Default::default()
                    }),
                    update_mask: Some(FieldMask { paths: vec!["*".into()] }),
                };
                outcome(s.domains().update_web_domain(self.request(who, request)).await)
            }
            "DeleteWebDomain" => {
                let name = format!("del-{tag}.web.test");
                self.web_domain(&name).await;
                outcome(s.domains().delete_web_domain(self.request(who, pb::DeleteWebDomainRequest { name })).await)
            }
            "ListResourceGroups" => outcome(
                s.resources()
                    .list_resource_groups(
                        self.request(who, pb::ListResourceGroupsRequest { tenant_id: acme(), ..Default::default() }),
                    )
                    .await,
            ),
            "GetResourceGroup" => outcome(
                s.resources()
                    .get_resource_group(
                        self.request(who, pb::GetResourceGroupRequest { tenant_id: acme(), name: "Rooms".into() }),
                    )
                    .await,
            ),
            "CreateResourceGroup" => {
                outcome(
                    s.resources()
                        .create_resource_group(self.request(
                            who,
                            pb::CreateResourceGroupRequest { tenant_id: acme(), name: format!("g-{tag}") },
                        ))
                        .await,
                )
            }
            "RenameResourceGroup" => {
                let name = format!("r-{tag}");
                self.group(&name).await;
                let request =
                    pb::RenameResourceGroupRequest { tenant_id: acme(), new_name: format!("{name}-renamed"), name };
                outcome(s.resources().rename_resource_group(self.request(who, request)).await)
            }
            "DeleteResourceGroup" => {
                let name = format!("d-{tag}");
                self.group(&name).await;
                let request = pb::DeleteResourceGroupRequest { tenant_id: acme(), name };
                outcome(s.resources().delete_resource_group(self.request(who, request)).await)
            }
            "ListResources" => outcome(
                s.resources()
                    .list_resources(self.request(
                        who,
                        pb::ListResourcesRequest { tenant_id: acme(), group: "Rooms".into(), ..Default::default() },
                    ))
                    .await,
            ),
            "GetResource" => outcome(
                s.resources()
                    .get_resource(self.request(
                        who,
                        pb::GetResourceRequest {
                            tenant_id: acme(),
                            group: String::new(),
                            mail: "room@acme.test".into(),
                        },
                    ))
                    .await,
            ),
            "CreateResource" => {
                let resource = Self::resource(&format!("made-{tag}-room@acme.test"));
                outcome(
                    s.resources()
                        .create_resource(self.request(who, pb::CreateResourceRequest { resource: Some(resource) }))
                        .await,
                )
            }
            "UpdateResource" => {
                let request = pb::UpdateResourceRequest {
                    resource: Some(pb::Resource {
                        display_name: format!("by {tag}"),
                        ..Self::resource("room@acme.test")
                    }),
                    update_mask: Some(FieldMask { paths: vec!["display_name".into()] }),
                };
                outcome(s.resources().update_resource(self.request(who, request)).await)
            }
            "DeleteResource" => {
                let mail = format!("del-{tag}-room@acme.test");
                let create = pb::CreateResourceRequest { resource: Some(Self::resource(&mail)) };
                s.resources().create_resource(authed(&self.creator, create)).await.unwrap();
                let request = pb::DeleteResourceRequest { tenant_id: acme(), group: "Rooms".into(), mail };
                outcome(s.resources().delete_resource(self.request(who, request)).await)
            }
            "ListMailLists" => outcome(
                s.mail_lists()
                    .list_mail_lists(
                        self.request(who, pb::ListMailListsRequest { tenant_id: acme(), ..Default::default() }),
                    )
                    .await,
            ),
            "GetMailList" => outcome(
                s.mail_lists()
                    .get_mail_list(
                        self.request(who, pb::GetMailListRequest { tenant_id: acme(), mail: "team@acme.test".into() }),
                    )
                    .await,
            ),
            "CreateMailList" => {
                let list = Self::list(&format!("list-{tag}@acme.test"));
                outcome(
                    s.mail_lists()
                        .create_mail_list(self.request(who, pb::CreateMailListRequest { mail_list: Some(list) }))
                        .await,
                )
            }
            "UpdateMailList" => {
                let request = pb::UpdateMailListRequest {
                    mail_list: Some(pb::MailList { display_name: format!("by {tag}"), ..Self::list("team@acme.test") }),
                    update_mask: Some(FieldMask { paths: vec!["display_name".into()] }),
                    ..Default::default()
                };
                outcome(s.mail_lists().update_mail_list(self.request(who, request)).await)
            }
            "DeleteMailList" => {
                let mail = format!("del-{tag}-list@acme.test");
                let create = pb::CreateMailListRequest { mail_list: Some(Self::list(&mail)) };
                s.mail_lists().create_mail_list(authed(&self.creator, create)).await.unwrap();
                outcome(
                    s.mail_lists()
                        .delete_mail_list(self.request(who, pb::DeleteMailListRequest { tenant_id: acme(), mail }))
                        .await,
                )
            }
            "SearchAddressBook" => {
                let request =
                    pb::SearchAddressBookRequest { tenant_id: acme(), prefix: "te".into(), ..Default::default() };
                outcome(self.address_book().search_address_book(self.request(who, request)).await)
            }
            "GetAddressBookEntry" => {
                let request = pb::GetAddressBookEntryRequest { tenant_id: acme(), mail: "team@acme.test".into() };
                outcome(self.address_book().get_address_book_entry(self.request(who, request)).await)
            }
            "ListContacts" => {
                let request = pb::ListContactsRequest { tenant_id: acme(), ..Default::default() };
                outcome(self.address_book().list_contacts(self.request(who, request)).await)
            }
            "GetContact" => {
                let request = pb::GetContactRequest { tenant_id: acme(), mail: "partner@partner.test".into() };
                outcome(self.address_book().get_contact(self.request(who, request)).await)
            }
            "CreateContact" => {
                let contact = Self::contact(&format!("new-{tag}@partner.test"));
                outcome(
                    self.address_book()
                        .create_contact(self.request(who, pb::CreateContactRequest { contact: Some(contact) }))
                        .await,
                )
            }
            "UpdateContact" => {
                let request = pb::UpdateContactRequest {
                    contact: Some(pb::Contact { title: format!("by {tag}"), ..Self::contact("partner@partner.test") }),
                    update_mask: Some(FieldMask { paths: vec!["title".into()] }),
                    ..Default::default()
                };
                outcome(self.address_book().update_contact(self.request(who, request)).await)
            }
            "DeleteContact" => {
                let mail = format!("del-{tag}@partner.test");
                let create = pb::CreateContactRequest { contact: Some(Self::contact(&mail)) };
                self.address_book().create_contact(authed(&self.creator, create)).await.unwrap();
                outcome(
                    self.address_book()
                        .delete_contact(self.request(who, pb::DeleteContactRequest { tenant_id: acme(), mail }))
                        .await,
                )
            }
            other => panic!("no such RPC in the matrix: {other}"),
        }
    }

    fn address_book(&self) -> pb::address_book_service_client::AddressBookServiceClient<tonic::transport::Channel> {
        pb::address_book_service_client::AddressBookServiceClient::new(self.server.channel())
    }

    fn contact(mail: &str) -> pb::Contact {
        pb::Contact { tenant_id: "acme".into(), mail: mail.into(), name: "Partner".into(), ..Default::default() }
    }
}

/// Every RPC of the API has a row in one of the matrices.
#[test]
fn every_rpc_has_a_row() {
    let covered: std::collections::BTreeSet<&str> =
        [ROWS, crate::mail::ROWS, crate::backup::ROWS].into_iter().flatten().map(matrix::rpc_of).collect();
    let missing: Vec<String> = matrix::every_rpc().into_iter().filter(|rpc| !covered.contains(rpc.as_str())).collect();
    assert!(missing.is_empty(), "RPCs without a row in the authorization matrix: {missing:?}");
    let unknown: Vec<&str> = covered.iter().copied().filter(|rpc| !matrix::every_rpc().contains(*rpc)).collect();
    assert!(unknown.is_empty(), "rows of RPCs that do not exist: {unknown:?}");
}

#[tokio::test]
async fn every_rpc_for_every_kind_of_caller() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let other = Tenant::create(&server, &creator, "other").await;
    let world = World { server, creator, acme, other, fresh: Default::default() };
    world.furnish().await;
    let partner = pb::CreateContactRequest { contact: Some(World::contact("partner@partner.test")) };
    world.address_book().create_contact(authed(&world.creator, partner)).await.unwrap();

    matrix::check(ROWS, |rpc, who| world.call(rpc, who)).await;

    // Denied calls changed nothing: the target's title is the last allowed writer's.
    let target = world
        .server
        .users()
        .get_user(authed(
            &world.creator,
            pb::GetUserRequest { tenant_id: "acme".into(), mail: "target@acme.test".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(target.title, "by admin");
    let tenant = world
        .server
        .tenants()
        .get_tenant(authed(&world.creator, pb::GetTenantRequest { tenant_id: "acme".into(), ..Default::default() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(tenant.display_name, "by superadmin");
    // ... and the directory objects' are too; nothing was created for the denied callers.
    let creator = &world.creator;
    let s = &world.server;
    let domain = s
        .domains()
        .get_mail_domain(authed(
            creator,
            pb::GetMailDomainRequest { tenant_id: "acme".into(), name: "acme.test".into(), ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(domain.display_name, "by admin");
    let domains = s
        .domains()
        .list_mail_domains(authed(
            creator,
            pb::ListMailDomainsRequest { tenant_id: "acme".into(), ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    let default: Vec<_> = domains.domains.iter().filter(|d| d.is_default).map(|d| d.name.as_str()).collect();
    assert_eq!(default, ["def-admin.test"]);
    let room = s
        .resources()
        .get_resource(authed(
            creator,
            pb::GetResourceRequest { tenant_id: "acme".into(), group: String::new(), mail: "room@acme.test".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(room.display_name, "by admin");
    let team = s
        .mail_lists()
        .get_mail_list(authed(
            creator,
            pb::GetMailListRequest { tenant_id: "acme".into(), mail: "team@acme.test".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(team.display_name, "by admin");
    let webs =
        s.domains().list_web_domains(authed(creator, pb::ListWebDomainsRequest::default())).await.unwrap().into_inner();
    let names: Vec<_> = webs.web_domains.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "del-admin.web.test",
            "del-nobody.web.test",
            "del-otheradmin.web.test",
            "del-user.web.test",
            "superadmin.web.test",
            "web.example.com"
        ]
    );
    let groups = s
        .resources()
        .list_resource_groups(authed(
            creator,
            pb::ListResourceGroupsRequest { tenant_id: "acme".into(), ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    let names: Vec<_> = groups.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "d-nobody",
            "d-otheradmin",
            "d-user",
            "g-admin",
            "g-superadmin",
            "r-admin-renamed",
            "r-nobody",
            "r-otheradmin",
            "r-superadmin-renamed",
            "r-user",
            "Rooms"
        ]
    );
    for tag in ["otheradmin", "user", "nobody"] {
        expect_code(
            world
                .server
                .users()
                .get_user(authed(
                    &world.creator,
                    pb::GetUserRequest { tenant_id: "acme".into(), mail: format!("made-{tag}@acme.test") },
                ))
                .await,
            Code::NotFound,
        );
    }
}

#[tokio::test]
async fn users_read_only_their_own_profile() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let me = server
        .users()
        .get_user(authed(&acme.user_token, pb::GetUserRequest { tenant_id: "acme".into(), mail: acme.user.clone() }))
        .await
        .unwrap();
    assert_eq!(me.get_ref().mail, acme.user);
    let update_self = pb::UpdateUserRequest {
        user: Some(pb::User {
            tenant_id: "acme".into(),
            mail: acme.user.clone(),
            title: "self-promoted".into(),
            ..Default::default()
        }),
        update_mask: Some(FieldMask { paths: vec!["title".into()] }),
        ..Default::default()
    };
    expect_code(server.users().update_user(authed(&acme.user_token, update_self)).await, Code::PermissionDenied);
}

#[tokio::test]
async fn admins_cannot_touch_or_create_superadmins() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    // An admin of the superadmin's own tenant.
    server
        .users()
        .create_user(authed(
            &creator,
            pb::CreateUserRequest { user: Some(new_user("default", "boss@example.com", "Reader01", pb::Role::Admin)) },
        ))
        .await
        .unwrap();
    let admin = server.login("boss@example.com", "Reader01").await.access_token;
    let reset_creator = pb::UpdateUserRequest {
        user: Some(pb::User {
            tenant_id: "default".into(),
            mail: "creator@example.com".into(),
            password: "Hijack123".into(),
            ..Default::default()
        }),
        update_mask: Some(FieldMask { paths: vec!["password".into()] }),
        ..Default::default()
    };
    expect_code(server.users().update_user(authed(&admin, reset_creator)).await, Code::PermissionDenied);
    expect_code(
        server
            .users()
            .delete_user(authed(
                &admin,
                pb::DeleteUserRequest { tenant_id: "default".into(), mail: "creator@example.com".into() },
            ))
            .await,
        Code::PermissionDenied,
    );
    let make_super = new_user("default", "evil@example.com", "Reader01", pb::Role::Superadmin);
    expect_code(
        server.users().create_user(authed(&admin, pb::CreateUserRequest { user: Some(make_super) })).await,
        Code::PermissionDenied,
    );
    let promote_self = pb::UpdateUserRequest {
        user: Some(pb::User {
            tenant_id: "default".into(),
            mail: "boss@example.com".into(),
            role: pb::Role::Superadmin as i32,
            ..Default::default()
        }),
        update_mask: Some(FieldMask { paths: vec!["role".into()] }),
        ..Default::default()
    };
    expect_code(server.users().update_user(authed(&admin, promote_self)).await, Code::PermissionDenied);
    // Nobody locks themselves out.
    let demote_self = pb::UpdateUserRequest {
        user: Some(pb::User {
            tenant_id: "default".into(),
            mail: "creator@example.com".into(),
            role: pb::Role::User as i32,
            ..Default::default()
        }),
        update_mask: Some(FieldMask { paths: vec!["role".into()] }),
        ..Default::default()
    };
    expect_code(server.users().update_user(authed(&creator, demote_self)).await, Code::InvalidArgument);
    expect_code(
        server
            .users()
            .delete_user(authed(
                &creator,
                pb::DeleteUserRequest { tenant_id: "default".into(), mail: "creator@example.com".into() },
            ))
            .await,
        Code::FailedPrecondition,
    );
    server.login("creator@example.com", crate::common::CREATOR_PASSWORD).await;
}

#[tokio::test]
async fn the_same_walls_through_v2() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let other = Tenant::create(&server, &creator, "other").await;
    let forbidden = serde_json::json!({"message": pbm::rest::error::FORBIDDEN_MESSAGE});
    let cases = [
        (server.http.get(server.url("/v2/users/acme")).bearer_auth(&other.admin_token), 403),
        (server.http.get(server.url(&format!("/v2/users/acme/{}", acme.user))).bearer_auth(&other.admin_token), 403),
        (server.http.delete(server.url(&format!("/v2/users/acme/{}", acme.user))).bearer_auth(&other.admin_token), 403),
        (server.http.get(server.url("/v2/users/acme")).bearer_auth(&acme.user_token), 403),
        (server.http.post(server.url("/v2/tenants")).form(&[("domain", "x.test")]).bearer_auth(&acme.admin_token), 403),
        (server.http.delete(server.url("/v2/tenants/other")).bearer_auth(&acme.admin_token), 403),
        (server.http.get(server.url("/v2/users/acme")), 401),
        (server.http.get(server.url("/v2/maildomains/acme")).bearer_auth(&other.admin_token), 403),
        (server.http.put(server.url("/v2/maildomains/acme/new.test")).bearer_auth(&acme.user_token), 403),
        (
            server.http.delete(server.url("/v2/maildomains/acme/acme.test?force=true")).bearer_auth(&other.admin_token),
            403,
        ),
        (server.http.get(server.url("/v2/webdomains")).bearer_auth(&acme.admin_token), 403),
        (
            server
                .http
                .put(server.url("/v2/webdomains/x.test"))
                .form(&[("key", "k"), ("crt", "c")])
                .bearer_auth(&acme.admin_token),
            403,
        ),
        (server.http.delete(server.url("/v2/webdomains/x.test")).bearer_auth(&acme.admin_token), 403),
        (server.http.get(server.url("/v2/resourcegroups/acme")).bearer_auth(&acme.user_token), 403),
        (server.http.put(server.url("/v2/resourcegroups/acme/Rooms")).bearer_auth(&other.admin_token), 403),
        (
            server
                .http
                .put(server.url("/v2/resources/acme/Rooms/r@acme.test"))
                .form(&[("displayName", "R")])
                .bearer_auth(&other.admin_token),
            403,
        ),
        (server.http.get(server.url("/v2/maillists/acme")).bearer_auth(&other.admin_token), 403),
        (server.http.delete(server.url("/v2/maillists/acme/team@acme.test")).bearer_auth(&other.admin_token), 403),
        (
            server
                .http
                .patch(server.url("/v2/maillists?tenant-id=acme&mail=team@acme.test"))
                .body(r#"[{"op": "replace", "path": "/displayName", "value": "x"}]"#)
                .bearer_auth(&acme.user_token),
            403,
        ),
        (server.http.get(server.url("/v2/webdomains")), 401),
    ];
    for (request, expected) in cases {
        let (code, body) = json(request.send().await.unwrap()).await;
        assert_eq!(code, expected, "{body}");
        if code == 403 {
            assert_eq!(body, forbidden);
        }
    }
    let (code, _) =
        json(server.http.get(server.url("/v2/users/acme")).bearer_auth(&acme.admin_token).send().await.unwrap()).await;
    assert_eq!(code, 200);
    server.login(&acme.user, crate::common::fixtures::USER_PASSWORD).await; // not deleted
}

/// A key of tenant `other` holding every scope a tenant's account may hold
/// meets every wall an admin of `other` meets: each row's "admin of another
/// tenant" cell, called with the key instead of that admin's token. The
/// session RPCs are left out (a key is refused there: see
/// `service_accounts::a_key_is_not_a_session`), and so is the one row about
/// the caller's own user, which a service account is not.
#[tokio::test]
async fn a_key_of_another_tenant_meets_every_wall() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let mut other = Tenant::create(&server, &creator, "other").await;
    let scopes = crate::service_accounts::TENANT_SCOPES;
    crate::service_accounts::account(&server, &other.admin_token, "other", "everything", scopes).await;
    other.admin_token = crate::service_accounts::key(&server, &other.admin_token, "other", "everything").await.0;
    let world = World { server, creator, acme, other, fresh: Default::default() };
    world.furnish().await;

    let left_out = ["Login", "Refresh", "Logout", "ChangePassword", "SetUserAvatar own"];
    let mut failures = Vec::new();
    let mut walls = 0;
    for (rpc, expected) in ROWS.iter().filter(|(rpc, _)| !left_out.contains(rpc)) {
        let expected = expected[2];
        let got = world.call(rpc, Who::OtherAdmin).await;
        if got != expected {
            failures.push(format!("{rpc} with a key of another tenant: expected {expected:?}, got {got:?}"));
        }
        walls += usize::from(expected == D);
    }
    assert!(failures.is_empty(), "tenant walls for keys:\n{}", failures.join("\n"));
    assert!(walls > 40, "the walls were tried: {walls}");
    // Nothing of acme changed: the target's title is still unset.
    let target = world
        .server
        .users()
        .get_user(authed(
            &world.creator,
            pb::GetUserRequest { tenant_id: "acme".into(), mail: "target@acme.test".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(target.title, "");
}

/// A key whose account holds only the `scim` scope is refused by every RPC
/// but the two any key may call (WhoAmI, GetPasswordPolicy): the scope opens
/// `/scim/v2` alone (`scim.rs`), where it stands for the scopes SCIM needs.
/// The key is of the tenant the calls are about, so only the scope stops it.
#[tokio::test]
async fn a_scim_key_opens_no_rpc() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let mut other = Tenant::create(&server, &creator, "other").await;
    crate::service_accounts::account(&server, &acme.admin_token, "acme", "idp", &["scim"]).await;
    other.admin_token = crate::service_accounts::key(&server, &acme.admin_token, "acme", "idp").await.0;
    let world = World { server, creator, acme, other, fresh: Default::default() };
    world.furnish().await;

    let left_out = ["Login", "Refresh", "Logout", "ChangePassword", "SetUserAvatar own"];
    let any_key = ["WhoAmI", "GetPasswordPolicy"];
    let mut failures = Vec::new();
    for (rpc, row) in ROWS.iter().filter(|(rpc, _)| !left_out.contains(rpc)) {
        // What everybody gets, with or without a token, a key gets too (an anonymous RPC, one not built).
        let expected = if any_key.contains(rpc) || row.iter().all(|cell| *cell == row[4]) { row[2] } else { D };
        let got = world.call(rpc, Who::OtherAdmin).await;
        if got != expected {
            failures.push(format!("{rpc} with a scim-only key: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
