//! Brute-force protection (§6 `psn/bruteforce/*`): a source address is
//! refused for `penalty` seconds after `max_attempts` failed logins; the same
//! wrong pair repeated counts once; gRPC and /v2 alike; X-Forwarded-For only
//! from trusted proxies; replicas on one store enforce one limit.

use std::time::Duration;

use pbm::pb;
use serde_json::json;
use tonic::{Code, Request};

use crate::common::{CREATOR, CREATOR_PASSWORD, Options, TestServer, expect_code, json};

fn strict() -> Options {
    Options {
        settings: vec![("psn/bruteforce/max_attempts", "3"), ("psn/bruteforce/penalty", "2")],
        ..Default::default()
    }
}

fn login(login: &str, password: &str) -> pb::LoginRequest {
    pb::LoginRequest { login: login.into(), password: password.into(), ..Default::default() }
}

#[tokio::test]
async fn lockout_after_max_attempts_and_release_after_the_penalty() {
    let server = TestServer::start_with(strict()).await;
    for wrong in ["Wrong-1", "Wrong-2", "Wrong-3"] {
        expect_code(server.auth().login(login(CREATOR, wrong)).await, Code::Unauthenticated);
    }
    // Locked: even the right password is refused, with a retry delay.
    let status = expect_code(server.auth().login(login(CREATOR, CREATOR_PASSWORD)).await, Code::ResourceExhausted);
    use tonic_types::StatusExt as _;
    let delay = status.get_details_retry_info().and_then(|r| r.retry_delay).expect("RetryInfo");
    assert!(delay <= Duration::from_secs(2) && delay > Duration::ZERO, "{delay:?}");
    // The same over /v2: 429 with Retry-After.
    let response = server
        .http
        .post(server.url("/v2/auth"))
        .form(&[("login", CREATOR), ("password", CREATOR_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let metrics = server.metrics().await;
    assert!(metrics.contains("pbm_login_lockouts_total 1"), "{metrics}");
    assert!(metrics.contains("pbm_login_failures_total 3"), "{metrics}");

    tokio::time::sleep(Duration::from_millis(2200)).await;
    server.login(CREATOR, CREATOR_PASSWORD).await;
}

#[tokio::test]
async fn repeating_the_same_wrong_pair_does_not_count() {
    let server = TestServer::start_with(strict()).await;
    for _ in 0..6 {
        expect_code(server.auth().login(login(CREATOR, "Wrong-1")).await, Code::Unauthenticated);
    }
    // Through /v2 too: the same pair.
    let (code, _) = json(
        server
            .http
            .post(server.url("/v2/auth"))
            .form(&[("login", CREATOR), ("password", "Wrong-1")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 401);
    server.login(CREATOR, CREATOR_PASSWORD).await;
    // Distinct pairs over both transports count together.
    expect_code(server.auth().login(login(CREATOR, "Wrong-2")).await, Code::Unauthenticated);
    let (code, _) = json(
        server
            .http
            .post(server.url("/v2/auth"))
            .form(&[("login", CREATOR), ("password", "Wrong-3")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 401);
    let (code, body) = json(
        server
            .http
            .post(server.url("/v2/auth"))
            .form(&[("login", CREATOR), ("password", CREATOR_PASSWORD)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 429, "{body}");
}

#[tokio::test]
async fn disabled_protection_never_locks() {
    let mut options = strict();
    options.settings.push(("psn/bruteforce/enabled", "false"));
    let server = TestServer::start_with(options).await;
    for i in 0..6 {
        expect_code(server.auth().login(login(CREATOR, &format!("Wrong-{i}"))).await, Code::Unauthenticated);
    }
    server.login(CREATOR, CREATOR_PASSWORD).await;
}

fn from(addr: &str, request: pb::LoginRequest) -> Request<pb::LoginRequest> {
    let mut request = Request::new(request);
    request.metadata_mut().insert("x-forwarded-for", addr.parse().unwrap());
    request
}

#[tokio::test]
async fn forwarded_addresses_count_only_behind_trusted_proxies() {
    // Untrusted: X-Forwarded-For is ignored, every attempt is 127.0.0.1's.
    let server = TestServer::start_with(strict()).await;
    for (i, addr) in ["203.0.113.1", "203.0.113.2", "203.0.113.3"].iter().enumerate() {
        expect_code(
            server.auth().login(from(addr, login(CREATOR, &format!("Wrong-{i}")))).await,
            Code::Unauthenticated,
        );
    }
    expect_code(
        server.auth().login(from("198.51.100.9", login(CREATOR, CREATOR_PASSWORD))).await,
        Code::ResourceExhausted,
    );

    // Trusted loopback proxy: each forwarded client has its own count.
    let mut options = strict();
    options.settings.push(("pbm/common/trusted_proxies", "127.0.0.1, ::1"));
    let server = TestServer::start_with(options).await;
    for i in 0..3 {
        expect_code(
            server.auth().login(from("203.0.113.7", login(CREATOR, &format!("Wrong-{i}")))).await,
            Code::Unauthenticated,
        );
    }
    expect_code(
        server.auth().login(from("203.0.113.7", login(CREATOR, CREATOR_PASSWORD))).await,
        Code::ResourceExhausted,
    );
    // Another client behind the same proxy is not locked; the right-most untrusted hop counts.
    server.auth().login(from("203.0.113.7, 198.51.100.9", login(CREATOR, CREATOR_PASSWORD))).await.unwrap();
    server.auth().login(login(CREATOR, CREATOR_PASSWORD)).await.unwrap();
    // /v2 reads the header the same way.
    let response = server
        .http
        .post(server.url("/v2/auth"))
        .header("x-forwarded-for", "203.0.113.7")
        .form(&[("login", CREATOR), ("password", CREATOR_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn replicas_on_one_store_enforce_one_limit() {
    let first = TestServer::start_with(strict()).await;
    let mut options = strict();
    options.data_dir = Some(first.data_dir.path().to_owned());
    options.store = Some(first.store.clone());
    let second = TestServer::start_with(options).await;
    expect_code(first.auth().login(login(CREATOR, "Wrong-1")).await, Code::Unauthenticated);
    expect_code(second.auth().login(login(CREATOR, "Wrong-2")).await, Code::Unauthenticated);
    expect_code(first.auth().login(login(CREATOR, "Wrong-3")).await, Code::Unauthenticated);
    expect_code(second.auth().login(login(CREATOR, CREATOR_PASSWORD)).await, Code::ResourceExhausted);
    let _ = json!({});
}
