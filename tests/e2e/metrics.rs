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
    if std::env::var("PBM_TEST_STORE").as_deref() == Ok("postgres") {
        // The point-read connections kept out of the pool are counted too.
        assert!(after.contains(r#"pbm_store_pool_connections{pool="kept",state="open"}"#), "{after}");
    }
}

/// Anonymous requests with made-up gRPC paths, HTTP methods and `/v2` paths
/// add no series: they are all counted under `unknown` / `unmatched` /
/// `OTHER`, and `/metrics` stays the same size however many are sent.
#[tokio::test]
async fn client_chosen_names_do_not_grow_the_metrics() {
    let server = TestServer::start().await;
    let h2 = reqwest::Client::builder().http2_prior_knowledge().build().unwrap();
    let grpc = |path: String| {
        h2.post(server.url(&path))
            .header("content-type", "application/grpc")
            .header("te", "trailers")
            .body(vec![0u8; 5])
    };
    // Warm up every label the flood will use once, then measure.
    grpc("/x.Warmup/Method".into()).send().await.unwrap();
    server
        .http
        .request(reqwest::Method::from_bytes(b"WARMUP").unwrap(), server.url("/v2/tenants"))
        .send()
        .await
        .unwrap();
    server.http.get(server.url("/v2/no/such/route/warmup")).send().await.unwrap();
    let before = server.metrics().await;
    let series_before = before.lines().filter(|l| l.starts_with("pbm_requests_total{")).count();

    let mut flood = Vec::new();
    for i in 0..600 {
        flood.push(grpc(format!("/attacker.Service{i}/Method{i}")).send());
        flood.push(grpc(format!("/pbm.v2.UserService/NoSuchMethod{i}")).send());
    }
    for answer in futures::future::join_all(flood).await {
        let answer = answer.unwrap();
        assert_eq!(answer.headers().get("grpc-status").map(|v| v.to_str().unwrap().to_owned()).as_deref(), Some("12"));
    }
    for i in 0..300 {
        let method = reqwest::Method::from_bytes(format!("M{i}").as_bytes()).unwrap();
        let answer = server.http.request(method, server.url("/v2/tenants")).send().await.unwrap();
        assert!(answer.status().is_client_error(), "{}", answer.status());
        let answer = server.http.get(server.url(&format!("/v2/no/such/route/{i}"))).send().await.unwrap();
        assert_eq!(answer.status(), 404);
    }

    let after = server.metrics().await;
    let series_after = after.lines().filter(|l| l.starts_with("pbm_requests_total{")).count();
    assert_eq!(series_after, series_before, "new series appeared:\n{after}");
    // Only counts grow (more digits), not series: a few hundred bytes, where
    // before the fix each path added a histogram of ~1.5 KB.
    assert!(after.len() <= before.len() + 1024, "/metrics grew from {} to {} bytes", before.len(), after.len());
    assert!(!after.contains("attacker") && !after.contains("NoSuchMethod") && !after.contains("M17"), "{after}");
    let unknown = r#"pbm_requests_total{code="Unimplemented",method="unknown",service="unknown",transport="grpc"}"#;
    assert_eq!(value(&after, unknown) - value(&before, unknown), 1200.0, "{after}");
}
