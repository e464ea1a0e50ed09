//! `GET /metrics`: Prometheus counters move as requests are made, by
//! service, method, transport and result code.

use pbm::pb;
use tonic::Code;

use crate::common::{CREATOR, TestServer, authed, expect_code};

fn value(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .find(|line| line.starts_with(series) && line[series.len()..].starts_with(' '))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn requests_failures_and_pools_are_counted() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let before = server.metrics().await;
    server
        .users()
        .get_user(authed(&token, pb::GetUserRequest { tenant_id: "default".into(), mail: CREATOR.into() }))
        .await
        .unwrap();
    expect_code(
        server
            .users()
            .get_user(authed(
                &token,
                pb::GetUserRequest { tenant_id: "default".into(), mail: "nobody@example.com".into() },
            ))
            .await,
        Code::NotFound,
    );
    expect_code(
        server
            .auth()
            .login(pb::LoginRequest { login: CREATOR.into(), password: "Wrong-1".into(), ..Default::default() })
            .await,
        Code::Unauthenticated,
    );
    let response = server.http.get(server.url("/v2/users/default")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let after = server.metrics().await;

    let grpc_ok = r#"pbm_requests_total{code="OK",method="GetUser",service="pbm.v2.UserService",transport="grpc"}"#;
    let grpc_not_found =
        r#"pbm_requests_total{code="NotFound",method="GetUser",service="pbm.v2.UserService",transport="grpc"}"#;
    let v2 = r#"pbm_requests_total{code="200",method="GET",service="/v2/users/{tenant_id}",transport="v2"}"#;
    assert_eq!(value(&after, grpc_ok) - value(&before, grpc_ok), 1.0, "{after}");
    assert_eq!(value(&after, grpc_not_found) - value(&before, grpc_not_found), 1.0);
    assert_eq!(value(&after, v2) - value(&before, v2), 1.0);
    assert_eq!(value(&after, "pbm_login_failures_total") - value(&before, "pbm_login_failures_total"), 1.0);
    assert!(after.contains(r#"pbm_request_duration_seconds_bucket{method="GetUser",service="pbm.v2.UserService",transport="grpc",le="0.1"}"#));
    assert!(
        after.lines().any(|l| l.starts_with("pbm_store_pool_connections{pool=") && l.contains(r#"state="open""#)),
        "{after}"
    );
    assert!(after.contains("pbm_settings_reloads_total"));
}
