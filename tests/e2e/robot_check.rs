//! The login's robot check (guide §2.2.2, Figure 3): after
//! `pbm/auth/challenge_after_failures` failed logins from one client address
//! (below `psn/bruteforce/max_attempts`), Login asks for a picture code; a
//! wrong or spent code is refused without checking the password and counts
//! as a failure; the right one lets the login through — over gRPC and `/v2`.

use pbm::pb;
use sqlx::sqlite::SqliteConnectOptions;
use tonic::Code;
use tonic_types::StatusExt as _;

use crate::common::{CREATOR, CREATOR_PASSWORD, Options, TestServer, expect_code, json};

fn options() -> Options {
    Options {
        settings: vec![
            ("pbm/auth/challenge_after_failures", "2"),
            ("psn/bruteforce/max_attempts", "6"),
            ("psn/bruteforce/penalty", "300"),
        ],
        ..Default::default()
    }
}

fn login(password: &str, challenge_id: &str, answer: &str) -> pb::LoginRequest {
    pb::LoginRequest {
        login: CREATOR.into(),
        password: password.into(),
        challenge_id: challenge_id.into(),
        challenge_answer: answer.into(),
    }
}

fn reason(status: &tonic::Status) -> String {
    status.get_details_error_info().map(|i| i.reason).unwrap_or_default()
}

/// The code of a challenge, read from the server's state store as an operator
/// with access to the database would (the picture is for people).
pub(crate) async fn challenge_code(server: &TestServer, id: &str) -> String {
    const SQL: &str = "SELECT code FROM login_challenges WHERE id = $1";
    if server.store.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&server.store).await.unwrap();
        sqlx::query_scalar(SQL).bind(id).fetch_one(&pool).await.unwrap()
    } else {
        // SQLite, and the SQLite state store beside an LDAP directory.
        let file = SqliteConnectOptions::new().filename(server.data_dir.path().join("pbm.db")).read_only(true);
        let pool = sqlx::SqlitePool::connect_with(file).await.unwrap();
        sqlx::query_scalar(SQL).bind(id).fetch_one(&pool).await.unwrap()
    }
}

#[tokio::test]
async fn the_robot_check_over_grpc() {
    let server = TestServer::start_with(options()).await;
    let auth = server.auth();
    for wrong in ["Wrong-1", "Wrong-2"] {
        let status = expect_code(auth.clone().login(login(wrong, "", "")).await, Code::Unauthenticated);
        assert_eq!(reason(&status), "BAD_CREDENTIALS");
    }
    // Now asked for, even with the right password.
    let status = expect_code(auth.clone().login(login(CREATOR_PASSWORD, "", "")).await, Code::Unauthenticated);
    assert_eq!(reason(&status), "CHALLENGE_REQUIRED");

    let challenge = auth.clone().create_login_challenge(pb::CreateLoginChallengeRequest {}).await.unwrap().into_inner();
    assert_eq!(challenge.image_type, "image/png");
    let picture = image::load_from_memory_with_format(&challenge.image, image::ImageFormat::Png).unwrap();
    assert!(picture.width() >= 100 && picture.height() >= 40);
    assert!(challenge.expire_time.is_some());
    let code = challenge_code(&server, &challenge.challenge_id).await;

    // A wrong answer is refused, spends the challenge, and the right answer to it later fails too.
    let status = expect_code(
        auth.clone().login(login(CREATOR_PASSWORD, &challenge.challenge_id, "WRONG")).await,
        Code::Unauthenticated,
    );
    assert_eq!(reason(&status), "CHALLENGE_FAILED");
    let status = expect_code(
        auth.clone().login(login(CREATOR_PASSWORD, &challenge.challenge_id, &code)).await,
        Code::Unauthenticated,
    );
    assert_eq!(reason(&status), "CHALLENGE_FAILED");
    let status =
        expect_code(auth.clone().login(login(CREATOR_PASSWORD, "no-such-id", "ABCDE")).await, Code::Unauthenticated);
    assert_eq!(reason(&status), "CHALLENGE_FAILED");

    // The right answer (any case) with the right password passes.
    let challenge = auth.clone().create_login_challenge(pb::CreateLoginChallengeRequest {}).await.unwrap().into_inner();
    let code = challenge_code(&server, &challenge.challenge_id).await;
    let tokens = auth
        .clone()
        .login(login(CREATOR_PASSWORD, &challenge.challenge_id, &code.to_lowercase()))
        .await
        .unwrap()
        .into_inner();
    assert!(!tokens.access_token.is_empty());
    // The right answer with a wrong password is a wrong password.
    let challenge = auth.clone().create_login_challenge(pb::CreateLoginChallengeRequest {}).await.unwrap().into_inner();
    let code = challenge_code(&server, &challenge.challenge_id).await;
    let status =
        expect_code(auth.clone().login(login("Wrong-9", &challenge.challenge_id, &code)).await, Code::Unauthenticated);
    assert_eq!(reason(&status), "BAD_CREDENTIALS");
    let metrics = server.metrics().await;
    assert!(
        metrics.contains("pbm_login_failures_total 6"),
        "two wrong passwords, three refused codes, one more: {metrics}"
    );
}

#[tokio::test]
async fn the_robot_check_over_v2() {
    let server = TestServer::start_with(options()).await;
    let post = |fields: Vec<(&'static str, String)>| {
        let request = server.http.post(server.url("/v2/auth")).form(&fields);
        async move { json(request.send().await.unwrap()).await }
    };
    for wrong in ["Wrong-1", "Wrong-2"] {
        let (code, body) = post(vec![("login", CREATOR.into()), ("password", wrong.into())]).await;
        assert_eq!((code, body["message"].as_str()), (401, Some("WRONG LOGIN OR PASSWORD")));
    }
    let (code, body) = post(vec![("login", CREATOR.into()), ("password", CREATOR_PASSWORD.into())]).await;
    assert_eq!((code, body["message"].as_str()), (401, Some("CHALLENGE REQUIRED")));

    let (code, challenge) = json(server.http.post(server.url("/v2/auth/challenge")).send().await.unwrap()).await;
    assert_eq!(code, 200, "{challenge}");
    assert!(challenge["image"].as_str().unwrap().starts_with("data:image/png;base64,"));
    assert!(challenge["expire"].as_i64().unwrap() > 60);
    let id = challenge["challenge_id"].as_str().unwrap().to_owned();
    let (code, body) = post(vec![
        ("login", CREATOR.into()),
        ("password", CREATOR_PASSWORD.into()),
        ("challenge_id", id.clone()),
        ("challenge_answer", "nope".into()),
    ])
    .await;
    assert_eq!((code, body["message"].as_str()), (401, Some("CHALLENGE FAILED")));

    let (_, challenge) = json(server.http.post(server.url("/v2/auth/challenge")).send().await.unwrap()).await;
    let id = challenge["challenge_id"].as_str().unwrap().to_owned();
    let answer = challenge_code(&server, &id).await;
    let (code, body) = post(vec![
        ("login", CREATOR.into()),
        ("password", CREATOR_PASSWORD.into()),
        ("challenge_id", id),
        ("challenge_answer", answer),
    ])
    .await;
    assert_eq!(code, 200, "{body}");
    assert!(body["access_token"].is_string());
}

#[tokio::test]
async fn the_lockout_still_comes_after_max_attempts() {
    // Wrong codes count as failed logins: a script answering codes at random is locked out.
    let server = TestServer::start_with(options()).await;
    let auth = server.auth();
    for wrong in ["Wrong-1", "Wrong-2"] {
        expect_code(auth.clone().login(login(wrong, "", "")).await, Code::Unauthenticated);
    }
    for _ in 0..4 {
        let challenge =
            auth.clone().create_login_challenge(pb::CreateLoginChallengeRequest {}).await.unwrap().into_inner();
        expect_code(
            auth.clone().login(login(CREATOR_PASSWORD, &challenge.challenge_id, "-")).await,
            Code::Unauthenticated,
        );
    }
    expect_code(auth.clone().login(login(CREATOR_PASSWORD, "", "")).await, Code::ResourceExhausted);
}
