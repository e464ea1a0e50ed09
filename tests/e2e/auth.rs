//! AuthService: login, rotation, reuse detection, expiry, logout, who-am-i
//! and password changes, over gRPC and /v2.

use std::time::Duration;

use pbm::pb;
use serde_json::json;
use tonic::Code;

use crate::common::{
    CREATOR, CREATOR_PASSWORD, Options, TestServer, authed, expect_code,
    fixtures::{ADMIN_PASSWORD, Tenant, USER_PASSWORD, new_user},
    json, violations,
};

#[tokio::test]
async fn login_answers_tokens_tenant_and_role() {
    let server = TestServer::start().await;
    let tokens = server.login(CREATOR, CREATOR_PASSWORD).await;
    assert_eq!(tokens.tenant_id, "default");
    assert_eq!(tokens.role, pb::Role::Superadmin as i32);
    assert_eq!(tokens.expires_in, 3600);
    assert_eq!(tokens.mail, CREATOR);
    let me = server.auth().who_am_i(authed(&tokens.access_token, pb::WhoAmIRequest {})).await.unwrap().into_inner();
    assert_eq!((me.mail.as_str(), me.tenant_id.as_str(), me.role), (CREATOR, "default", pb::Role::Superadmin as i32));

    // Login is case-insensitive in the address.
    server.login("Creator@Example.COM", CREATOR_PASSWORD).await;
}

#[tokio::test]
async fn wrong_credentials_do_not_say_which_part_was_wrong() {
    let server = TestServer::start().await;
    for (login, password) in [(CREATOR, "Wrong-Pass1"), ("nobody@example.com", CREATOR_PASSWORD)] {
        let status = expect_code(
            server
                .auth()
                .login(pb::LoginRequest { login: login.into(), password: password.into(), ..Default::default() })
                .await,
            Code::Unauthenticated,
        );
        assert_eq!(status.message(), "wrong login or password");
    }
    let status = expect_code(server.auth().login(pb::LoginRequest::default()).await, Code::InvalidArgument);
    assert_eq!(violations(&status), [("login".into(), "REQUIRED".into()), ("password".into(), "REQUIRED".into())]);
}

#[tokio::test]
async fn login_by_alias_and_alternate_address() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let mut user = new_user("default", "ivan@example.com", "Ivan-Pass1", pb::Role::User);
    user.aliases = vec!["i.petrov@example.com".into()];
    user.alternate_address = "иван@example.com".into();
    server.users().create_user(authed(&creator, pb::CreateUserRequest { user: Some(user) })).await.unwrap();
    for login in ["i.petrov@example.com", "Иван@example.com", "ivan@example.com"] {
        let tokens = server.login(login, "Ivan-Pass1").await;
        assert_eq!(tokens.mail, "ivan@example.com", "login {login}");
        assert_eq!(tokens.role, pb::Role::User as i32);
    }
}

#[tokio::test]
async fn blocked_accounts_cannot_log_in_and_status_2_can() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let tenant = Tenant::create(&server, &creator, "acme").await;
    // A new user starts with status 2 (agreement pending) and may log in to pbm.
    let user = server
        .users()
        .get_user(authed(&creator, pb::GetUserRequest { tenant_id: "acme".into(), mail: tenant.user.clone() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(user.status, pb::UserStatus::AgreementPending as i32);

    let block = pb::UpdateUserRequest {
        user: Some(pb::User {
            tenant_id: "acme".into(),
            mail: tenant.user.clone(),
            status: pb::UserStatus::Blocked as i32,
            ..Default::default()
        }),
        update_mask: Some(prost_types::FieldMask { paths: vec!["status".into()] }),
        ..Default::default()
    };
    server.users().update_user(authed(&creator, block)).await.unwrap();
    let status = expect_code(
        server
            .auth()
            .login(pb::LoginRequest {
                login: tenant.user.clone(),
                password: USER_PASSWORD.into(),
                ..Default::default()
            })
            .await,
        Code::Unauthenticated,
    );
    assert_eq!(status.message(), "account is blocked");
    // Blocking ended the sessions the user had.
    expect_code(server.auth().who_am_i(authed(&tenant.user_token, pb::WhoAmIRequest {})).await, Code::Unauthenticated);
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_ends_the_session() {
    let server = TestServer::start().await;
    let first = server.login(CREATOR, CREATOR_PASSWORD).await;
    let second = server
        .auth()
        .refresh(pb::RefreshRequest { refresh_token: first.refresh_token.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(second.role, pb::Role::Superadmin as i32);
    // The new access token works.
    server.auth().who_am_i(authed(&second.access_token, pb::WhoAmIRequest {})).await.unwrap();

    // Presenting the used token again is theft: the whole chain dies.
    let status = expect_code(
        server.auth().refresh(pb::RefreshRequest { refresh_token: first.refresh_token.clone() }).await,
        Code::Unauthenticated,
    );
    assert_eq!(status.message(), "invalid refresh token");
    expect_code(
        server.auth().refresh(pb::RefreshRequest { refresh_token: second.refresh_token }).await,
        Code::Unauthenticated,
    );
    expect_code(
        server.auth().who_am_i(authed(&second.access_token, pb::WhoAmIRequest {})).await,
        Code::Unauthenticated,
    );

    // Other sessions of the account are unaffected.
    let other = server.creator_token().await;
    server.auth().who_am_i(authed(&other, pb::WhoAmIRequest {})).await.unwrap();
    expect_code(
        server.auth().refresh(pb::RefreshRequest { refresh_token: "garbage".into() }).await,
        Code::Unauthenticated,
    );
}

#[tokio::test]
async fn access_tokens_expire_after_the_configured_lifetime() {
    let server = TestServer::start_with(Options {
        settings: vec![("pbm/auth/access_token_expire_time", "1")],
        ..Default::default()
    })
    .await;
    let tokens = server.login(CREATOR, CREATOR_PASSWORD).await;
    assert_eq!(tokens.expires_in, 1);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let status = expect_code(
        server.auth().who_am_i(authed(&tokens.access_token, pb::WhoAmIRequest {})).await,
        Code::Unauthenticated,
    );
    assert_eq!(status.message(), "token expired");
    // /v2 says it in the guide's words.
    let (code, body) =
        json(server.http.get(server.url("/v2/tenants")).bearer_auth(&tokens.access_token).send().await.unwrap()).await;
    assert_eq!((code, body), (401, json!({"message": "TOKEN EXPIRED"})));
    // The refresh token still works and gives a fresh access token.
    let fresh =
        server.auth().refresh(pb::RefreshRequest { refresh_token: tokens.refresh_token }).await.unwrap().into_inner();
    server.auth().who_am_i(authed(&fresh.access_token, pb::WhoAmIRequest {})).await.unwrap();
}

#[tokio::test]
async fn refresh_tokens_expire_too() {
    let server = TestServer::start_with(Options {
        settings: vec![("pbm/auth/refresh_token_expire_time", "1")],
        ..Default::default()
    })
    .await;
    let tokens = server.login(CREATOR, CREATOR_PASSWORD).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    expect_code(
        server.auth().refresh(pb::RefreshRequest { refresh_token: tokens.refresh_token }).await,
        Code::Unauthenticated,
    );
}

#[tokio::test]
async fn logout_ends_access_and_refresh_tokens() {
    let server = TestServer::start().await;
    let tokens = server.login(CREATOR, CREATOR_PASSWORD).await;
    server.auth().logout(authed(&tokens.access_token, pb::LogoutRequest {})).await.unwrap();
    let status = expect_code(
        server.auth().who_am_i(authed(&tokens.access_token, pb::WhoAmIRequest {})).await,
        Code::Unauthenticated,
    );
    assert_eq!(status.message(), "session ended");
    expect_code(
        server.auth().refresh(pb::RefreshRequest { refresh_token: tokens.refresh_token }).await,
        Code::Unauthenticated,
    );
    expect_code(server.auth().logout(pb::LogoutRequest {}).await, Code::Unauthenticated);
}

#[tokio::test]
async fn tokens_of_another_installation_are_refused() {
    let server = TestServer::start().await;
    let other = TestServer::start().await;
    let foreign = other.creator_token().await;
    let status =
        expect_code(server.auth().who_am_i(authed(&foreign, pb::WhoAmIRequest {})).await, Code::Unauthenticated);
    assert_eq!(status.message(), "invalid token");
    expect_code(server.auth().who_am_i(authed("not.a.jwt", pb::WhoAmIRequest {})).await, Code::Unauthenticated);
}

#[tokio::test]
async fn change_own_password() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let tenant = Tenant::create(&server, &creator, "acme").await;
    let second_session = server.login(&tenant.user, USER_PASSWORD).await.access_token;
    let change = |current: &str, new: &str| pb::ChangePasswordRequest {
        current_password: current.into(),
        new_password: new.into(),
    };

    let status = expect_code(
        server.auth().change_password(authed(&tenant.user_token, change("Wrong-Pass1", "New-Pass22"))).await,
        Code::InvalidArgument,
    );
    assert_eq!(violations(&status), [("current_password".into(), "INVALID".into())]);
    let status = expect_code(
        server.auth().change_password(authed(&tenant.user_token, change(USER_PASSWORD, "Пароль123"))).await,
        Code::InvalidArgument,
    );
    assert_eq!(violations(&status), [("new_password".into(), "INVALID".into())]);
    server.login(&tenant.user, USER_PASSWORD).await; // nothing changed

    server.auth().change_password(authed(&tenant.user_token, change(USER_PASSWORD, "New-Pass22"))).await.unwrap();
    // The calling session lives on, the other one ended.
    server.auth().who_am_i(authed(&tenant.user_token, pb::WhoAmIRequest {})).await.unwrap();
    expect_code(server.auth().who_am_i(authed(&second_session, pb::WhoAmIRequest {})).await, Code::Unauthenticated);
    server.login(&tenant.user, "New-Pass22").await;
    expect_code(
        server
            .auth()
            .login(pb::LoginRequest {
                login: tenant.user.clone(),
                password: USER_PASSWORD.into(),
                ..Default::default()
            })
            .await,
        Code::Unauthenticated,
    );
}

#[tokio::test]
async fn admin_password_reset_ends_the_users_sessions() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let tenant = Tenant::create(&server, &creator, "acme").await;
    let reset = pb::UpdateUserRequest {
        user: Some(pb::User {
            tenant_id: "acme".into(),
            mail: tenant.user.clone(),
            password: "Reset-Pass1".into(),
            ..Default::default()
        }),
        update_mask: Some(prost_types::FieldMask { paths: vec!["password".into()] }),
        ..Default::default()
    };
    server.users().update_user(authed(&tenant.admin_token, reset)).await.unwrap();
    expect_code(server.auth().who_am_i(authed(&tenant.user_token, pb::WhoAmIRequest {})).await, Code::Unauthenticated);
    server.login(&tenant.user, "Reset-Pass1").await;
    // The admin's own session is untouched.
    server.auth().who_am_i(authed(&tenant.admin_token, pb::WhoAmIRequest {})).await.unwrap();
    let _ = ADMIN_PASSWORD;
}

#[tokio::test]
async fn v2_auth_login_and_refresh_as_printed() {
    let server = TestServer::start().await;
    // curl -X POST "https://<pbm_url>/v2/auth" -d "login=<login>" -d "password=<password>"
    let (code, body) = json(
        server
            .http
            .post(server.url("/v2/auth"))
            .body(format!("login={CREATOR}&password={CREATOR_PASSWORD}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(body["expire"], 3600);
    assert_eq!(body["tenant-id"], "default");
    assert_eq!(body["role"], 3);
    let access = body["access_token"].as_str().unwrap().to_owned();
    let refresh = body["refresh_token"].as_str().unwrap().to_owned();

    // curl -X POST "https://<pbm_url>/v2/auth" -d "refresh_token=<refresh_token>" -H "Authorization: Bearer <access_token>"
    let (code, body) = json(
        server
            .http
            .post(server.url("/v2/auth"))
            .form(&[("refresh_token", &refresh)])
            .bearer_auth(&access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert_ne!(body["refresh_token"], refresh.as_str());
    assert_eq!(body["role"], 3);

    let (code, body) =
        json(server.http.post(server.url("/v2/auth")).form(&[("refresh_token", &refresh)]).send().await.unwrap()).await;
    assert_eq!((code, body), (401, json!({"message": "REFRESH TOKEN INVALID"})));
    let (code, body) =
        json(server.http.post(server.url("/v2/auth")).form(&[("login", CREATOR)]).send().await.unwrap()).await;
    assert_eq!((code, body), (400, json!({"message": {"password": "password is a required value"}})));
    let (code, body) = json(
        server
            .http
            .post(server.url("/v2/auth"))
            .form(&[("login", CREATOR), ("password", "nope")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((code, body), (401, json!({"message": "WRONG LOGIN OR PASSWORD"})));
}

/// Logins racing a password reset: each login that read the old password
/// before the reset committed, and opened its session after, must not keep
/// it (a session opened with a password that no longer is). A costly hash
/// (tens of ms to verify) widens the race.
#[tokio::test]
async fn a_login_racing_a_password_reset_keeps_no_session_of_the_old_password() {
    let server = TestServer::start_with(Options { hash_cost: Some((32768, 2)), ..Default::default() }).await;
    let creator = server.creator_token().await;
    let tenant = Tenant::create(&server, &creator, "acme").await;
    let mut password = USER_PASSWORD.to_owned();
    let mut kept = Vec::new();
    for round in 0..6 {
        let logins: Vec<_> = (0..6)
            .map(|i| {
                let (auth, login, password) = (server.auth(), tenant.user.clone(), password.clone());
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(5 * i)).await;
                    let request = pb::LoginRequest { login, password, ..Default::default() };
                    auth.clone().login(request).await.ok().map(|t| t.into_inner().access_token)
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(10)).await;
        let next = format!("Reset-Pass{round}");
        let reset = pb::UpdateUserRequest {
            user: Some(pb::User {
                tenant_id: "acme".into(),
                mail: tenant.user.clone(),
                password: next.clone(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask { paths: vec!["password".into()] }),
            ..Default::default()
        };
        server.users().update_user(authed(&tenant.admin_token, reset)).await.unwrap();
        for login in logins {
            if let Some(token) = login.await.unwrap() {
                kept.push((round, token));
            }
        }
        password = next;
    }
    assert!(!kept.is_empty(), "some logins with the old password got through before the resets");
    let mut alive = Vec::new();
    for (round, token) in &kept {
        if server.auth().who_am_i(authed(token, pb::WhoAmIRequest {})).await.is_ok() {
            alive.push(round);
        }
    }
    println!("{} logins with a password about to be reset got through; {} kept a session", kept.len(), alive.len());
    assert!(alive.is_empty(), "sessions of a reset password still alive (rounds {alive:?}) of {}", kept.len());
}
