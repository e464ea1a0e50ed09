//! The authorization matrix: every implemented RPC × superadmin / admin of
//! the tenant / admin of another tenant / user / no token, over gRPC, and a
//! sample of the same walls through /v2. Tenants are walls: a denied call
//! changes nothing.

use futures::StreamExt as _;
use pbm::pb;
use prost_types::FieldMask;
use tonic::{Code, Request, Status};

use crate::common::{
    TestServer, authed, expect_code,
    fixtures::{Tenant, new_user},
    json,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Superadmin,
    Admin,
    OtherAdmin,
    User,
    Nobody,
}

const EVERYONE: [Who; 5] = [Who::Superadmin, Who::Admin, Who::OtherAdmin, Who::User, Who::Nobody];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Denied,
    Unauthenticated,
}
use Outcome::{Allowed as A, Denied as D, Unauthenticated as U};

fn outcome<T>(result: Result<T, Status>) -> Outcome {
    match result {
        Ok(_) => A,
        Err(s) if s.code() == Code::PermissionDenied => D,
        Err(s) if s.code() == Code::Unauthenticated => U,
        Err(s) => panic!("unexpected status {s:?}"),
    }
}

struct World {
    server: TestServer,
    creator: String,
    acme: Tenant,
    other: Tenant,
}

impl World {
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
        match self.token(who) {
            Some(token) => authed(token, message),
            None => Request::new(message),
        }
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
            "GetTenant" => {
                outcome(s.tenants().get_tenant(self.request(who, pb::GetTenantRequest { tenant_id: acme() })).await)
            }
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
            "StreamAllUsers" => outcome(
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
            other => panic!("no such RPC in the matrix: {other}"),
        }
    }
}

#[tokio::test]
async fn every_rpc_for_every_kind_of_caller() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let other = Tenant::create(&server, &creator, "other").await;
    let world = World { server, creator, acme, other };
    world.user("target@acme.test").await;

    //                 superadmin, admin, other admin, user, no token
    let matrix: &[(&str, [Outcome; 5])] = &[
        ("ListTenants", [A, A, A, D, U]),
        ("GetTenant", [A, A, D, D, U]),
        ("CreateTenant", [A, D, D, D, U]),
        ("UpdateTenant", [A, D, D, D, U]),
        ("DeleteTenant", [A, D, D, D, U]),
        ("CreateUser", [A, A, D, D, U]),
        ("GetUser", [A, A, D, D, U]),
        ("ListUsers", [A, A, D, D, U]),
        ("StreamUsers", [A, A, D, D, U]),
        ("StreamAllUsers", [A, D, D, D, U]),
        ("UpdateUser", [A, A, D, D, U]),
        ("DeleteUser", [A, A, D, D, U]),
        ("UndeleteUser", [A, A, D, D, U]),
        ("ListDeletedUsers", [A, A, D, D, U]),
        ("WhoAmI", [A, A, A, A, U]),
        ("GetSetting", [A, D, D, D, U]),
        ("ListSettings", [A, D, D, D, U]),
        ("PutSetting", [A, D, D, D, U]),
        ("DeleteSetting", [A, D, D, D, U]),
        ("WatchSettings", [A, D, D, D, U]),
        ("ListAuditEvents", [A, A, D, D, U]),
    ];
    let mut failures = Vec::new();
    for (rpc, expected) in matrix {
        for (who, expected) in EVERYONE.iter().zip(expected) {
            let got = world.call(rpc, *who).await;
            if got != *expected {
                failures.push(format!("{rpc} as {who:?}: expected {expected:?}, got {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix:\n{}", failures.join("\n"));

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
        .get_tenant(authed(&world.creator, pb::GetTenantRequest { tenant_id: "acme".into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(tenant.display_name, "by superadmin");
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
