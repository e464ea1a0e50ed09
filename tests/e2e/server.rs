//! The one listener: reflection (v1, v1alpha), health, grpc-web with CORS,
//! fallbacks, message limits, TLS, restart and graceful shutdown.

use std::sync::Arc;

use futures::StreamExt as _;
use pbm::pb;
use prost::Message as _;
use tonic::Code;

use crate::common::{
    CREATOR, CREATOR_PASSWORD, Options, TEST_HASH_COST, TestServer, authed, expect_code, fixtures::new_user,
};
use crate::service_accounts::pbm_cli;

#[tokio::test]
async fn reflection_v1_and_v1alpha_list_every_service() {
    use tonic_reflection::pb::{v1, v1alpha};
    let server = TestServer::start().await;
    let expected = [
        "grpc.health.v1.Health",
        "pbm.v2.AddressBookService",
        "pbm.v2.AuditService",
        "pbm.v2.AuthService",
        "pbm.v2.BackupService",
        "pbm.v2.DomainService",
        "pbm.v2.MailListService",
        "pbm.v2.MailService",
        "pbm.v2.ResourceService",
        "pbm.v2.ServiceAccountService",
        "pbm.v2.SettingsService",
        "pbm.v2.TenantService",
        "pbm.v2.UserService",
        "pbm.v2.WatchService",
    ];

    let mut client = v1::server_reflection_client::ServerReflectionClient::new(server.channel());
    let request = v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1::server_reflection_request::MessageRequest::ListServices(String::new())),
    };
    let mut responses = client.server_reflection_info(futures::stream::iter([request])).await.unwrap().into_inner();
    let Some(v1::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
        responses.next().await.unwrap().unwrap().message_response
    else {
        panic!("not a list")
    };
    let mut names: Vec<_> =
        list.service.into_iter().map(|s| s.name).filter(|n| !n.starts_with("grpc.reflection")).collect();
    names.sort();
    assert_eq!(names, expected);

    // The descriptor of a service resolves, with its comments (the API docs).
    let request = v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1::server_reflection_request::MessageRequest::FileContainingSymbol(
            "pbm.v2.UserService".into(),
        )),
    };
    let mut responses = client.server_reflection_info(futures::stream::iter([request])).await.unwrap().into_inner();
    let Some(v1::server_reflection_response::MessageResponse::FileDescriptorResponse(files)) =
        responses.next().await.unwrap().unwrap().message_response
    else {
        panic!("no descriptor")
    };
    let file = prost_types::FileDescriptorProto::decode(files.file_descriptor_proto[0].as_slice()).unwrap();
    assert_eq!(file.name(), "pbm/v2/users.proto");

    let mut alpha = v1alpha::server_reflection_client::ServerReflectionClient::new(server.channel());
    let request = v1alpha::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1alpha::server_reflection_request::MessageRequest::ListServices(String::new())),
    };
    let mut responses = alpha.server_reflection_info(futures::stream::iter([request])).await.unwrap().into_inner();
    let Some(v1alpha::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
        responses.next().await.unwrap().unwrap().message_response
    else {
        panic!("not a list")
    };
    assert!(list.service.iter().any(|s| s.name == "pbm.v2.TenantService"));
}

#[tokio::test]
async fn health_and_healthz() {
    use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient};
    let server = TestServer::start().await;
    let mut health = HealthClient::new(server.channel());
    for service in ["", "pbm.v2.UserService"] {
        let status = health.check(HealthCheckRequest { service: service.into() }).await.unwrap().into_inner().status;
        assert_eq!(status, ServingStatus::Serving as i32, "{service:?}");
    }
    let response = server.http.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<serde_json::Value>().await.unwrap(), serde_json::json!({"status": "ok"}));
    // Issue 22: liveness, and readiness naming each check (never its error text).
    let live = server.http.get(server.url("/healthz/live")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    assert_eq!(live.json::<serde_json::Value>().await.unwrap(), serde_json::json!({"status": "alive"}));
    let ready = server.http.get(server.url("/healthz/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let report = ready.json::<serde_json::Value>().await.unwrap();
    assert_eq!(report["status"], "ready", "{report}");
    assert_eq!(report["checks"]["store"], "ok", "{report}");
    assert_eq!(report["checks"]["migrations"], "ok", "{report}");
}

/// `pbm healthcheck` (what container images run instead of curl) exits 0
/// with the report of a ready server, and fails when nothing answers.
#[tokio::test]
async fn pbm_healthcheck_asks_for_readiness() {
    let server = TestServer::start().await;
    let addr = server.addr.to_string();
    let (ok, out, err) =
        tokio::task::spawn_blocking(move || pbm_cli(&["healthcheck", "--address", &addr])).await.unwrap();
    assert!(ok, "{err}");
    assert!(out.contains(r#""status":"ready""#), "{out}");
    let addr = server.addr.to_string();
    let (ok, out, err) =
        tokio::task::spawn_blocking(move || pbm_cli(&["healthcheck", "--probe", "live", "--address", &addr]))
            .await
            .unwrap();
    assert!(ok, "{err}");
    assert!(out.contains("alive"), "{out}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let (ok, _, err) = pbm_cli(&["healthcheck", "--address", &closed, "--timeout", "2"]);
    assert!(!ok, "nothing listens on {closed}");
    assert!(err.contains("connecting to"), "{err}");
}

/// `pbm migrate --check` reports pending migrations of a new data dir and
/// creates nothing; `pbm migrate` applies them; the check then passes.
#[test]
fn pbm_migrate_reports_and_applies_the_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    let (ok, out, _) = pbm_cli(&["migrate", "--check", "--data-dir", data_dir]);
    assert!(!ok, "{out}");
    assert!(out.contains("pending: "), "{out}");
    assert!(!dir.path().join("pbm.db").exists(), "a check creates nothing");
    let (ok, out, err) = pbm_cli(&["migrate", "--data-dir", data_dir]);
    assert!(ok, "{err}");
    assert!(out.contains("migrated: ") && out.contains(" 0 pending"), "{out}");
    let (ok, out, err) = pbm_cli(&["migrate", "--check", "--data-dir", data_dir]);
    assert!(ok, "{err}");
    assert!(!out.contains("pending: "), "{out}");
}

/// A grpc-web frame of a message.
fn grpc_web_frame(message: &impl prost::Message) -> Vec<u8> {
    let payload = message.encode_to_vec();
    let mut frame = vec![0u8];
    frame.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    frame.extend_from_slice(&payload);
    frame
}

#[tokio::test]
async fn grpc_web_over_http1_with_cors() {
    let server = TestServer::start_with(Options {
        settings: vec![("pbm/web/cors_allowed_origins", "https://admin.example.com")],
        ..Default::default()
    })
    .await;
    // A browser's preflight.
    let preflight = server
        .http
        .request(reqwest::Method::OPTIONS, server.url("/pbm.v2.AuthService/Login"))
        .header("origin", "https://admin.example.com")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,x-grpc-web,authorization")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://admin.example.com");

    let login = pb::LoginRequest { login: CREATOR.into(), password: CREATOR_PASSWORD.into(), ..Default::default() };
    let response = server
        .http
        .post(server.url("/pbm.v2.AuthService/Login"))
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .header("origin", "https://admin.example.com")
        .body(grpc_web_frame(&login))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.version(), reqwest::Version::HTTP_11);
    let exposed = response.headers()["access-control-expose-headers"].to_str().unwrap().to_owned();
    assert!(exposed.contains("grpc-status"), "{exposed}");
    let body = response.bytes().await.unwrap();
    assert_eq!(body[0], 0, "first frame is the message");
    let len = u32::from_be_bytes(body[1..5].try_into().unwrap()) as usize;
    let tokens = pb::Tokens::decode(&body[5..5 + len]).unwrap();
    assert_eq!(tokens.role, pb::Role::Superadmin as i32);
    let trailers = String::from_utf8_lossy(&body[5 + len + 5..]).to_string();
    assert!(trailers.contains("grpc-status:0"), "{trailers}");
}

#[tokio::test]
async fn unknown_methods_and_paths() {
    let server = TestServer::start().await;
    // A path no service has, spoken as gRPC.
    let response = server
        .http
        .post(server.url("/pbm.v2.NoSuchService/Call"))
        .header("content-type", "application/grpc-web+proto")
        .body(grpc_web_frame(&pb::LogoutRequest {}))
        .send()
        .await
        .unwrap();
    let grpc_status = response.headers().get("grpc-status").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(grpc_status.as_deref(), Some("12"));
    // ... and as plain HTTP.
    let response = server.http.get(server.url("/nothing")).send().await.unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn grpc_messages_over_the_limit_are_refused() {
    let server = TestServer::start_with(Options { max_request_bytes: Some(16 * 1024), ..Default::default() }).await;
    let token = server.creator_token().await;
    let mut user = new_user("default", "big@example.com", "Reader01", pb::Role::User);
    user.description = "x".repeat(20 * 1024);
    let status = expect_code(
        server.users().create_user(authed(&token, pb::CreateUserRequest { user: Some(user) })).await,
        Code::OutOfRange,
    );
    assert!(status.message().contains("too large"));
    expect_code(
        server
            .users()
            .get_user(authed(
                &token,
                pb::GetUserRequest { tenant_id: "default".into(), mail: "big@example.com".into() },
            ))
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn restart_keeps_the_data_and_bootstraps_only_once() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    server
        .users()
        .create_user(authed(
            &token,
            pb::CreateUserRequest { user: Some(new_user("default", "kept@example.com", "Reader01", pb::Role::User)) },
        ))
        .await
        .unwrap();
    let store = server.store.clone();
    let data_dir = server.stop().await;

    let mut config = pbm::config::Config::with_data_dir(data_dir.path());
    config.password_hash_cost = TEST_HASH_COST;
    config.creator_password = Some("Different-Pass1".into());
    config.store = store;
    let server = TestServer::run(config, data_dir).await;
    // The old password still works (no second bootstrap) and so do old tokens (same key).
    server.login(CREATOR, CREATOR_PASSWORD).await;
    server.auth().who_am_i(authed(&token, pb::WhoAmIRequest {})).await.unwrap();
    server.login("kept@example.com", "Reader01").await;
}

#[tokio::test]
async fn shutdown_waits_for_a_stream_in_flight() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let mut stream = server
        .users()
        .stream_users(authed(&token, pb::StreamUsersRequest { tenant_id: "default".into() }))
        .await
        .unwrap()
        .into_inner();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.mail, CREATOR);
    server.stop().await;
}

fn self_signed() -> (rcgen::CertifiedKey<rcgen::KeyPair>, tempfile::TempDir) {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cert.pem"), cert.cert.pem()).unwrap();
    std::fs::write(dir.path().join("key.pem"), cert.signing_key.serialize_pem()).unwrap();
    (cert, dir)
}

#[tokio::test]
async fn tls_serves_http1_and_h2_with_alpn() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let (cert, pem_dir) = self_signed();
    let data_dir = tempfile::tempdir().unwrap();
    let mut config = crate::common::test_config(data_dir.path()).await;
    config.tls =
        Some(pbm::config::TlsFiles { cert: pem_dir.path().join("cert.pem"), key: pem_dir.path().join("key.pem") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(pbm::server::run(listener, config, async {
        let _ = stopped.await;
    }));

    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let client_config = |alpn: &[&[u8]]| {
        let mut config = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots.clone())
            .with_no_client_auth();
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        tokio_rustls::TlsConnector::from(Arc::new(config))
    };
    let name = rustls_pki_types::ServerName::try_from("localhost").unwrap();

    // HTTP/1.1 over TLS.
    let mut tls = None;
    for _ in 0..100 {
        if let Ok(tcp) = tokio::net::TcpStream::connect(addr).await
            && let Ok(stream) = client_config(&[b"http/1.1"]).connect(name.clone(), tcp).await
        {
            tls = Some(stream);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let mut tls = tls.expect("TLS handshake");
    let mut ok = false;
    for _ in 0..100 {
        tls.write_all(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n").await.unwrap();
        let mut buf = vec![0u8; 512];
        let n = tls.read(&mut buf).await.unwrap();
        let text = String::from_utf8_lossy(&buf[..n]).to_string();
        if text.starts_with("HTTP/1.1 200") {
            ok = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(ok, "healthz over TLS");

    // The server offers h2 by ALPN.
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let stream = client_config(&[b"h2", b"http/1.1"]).connect(name.clone(), tcp).await.unwrap();
    assert_eq!(stream.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    // A plain-text client cannot talk to the TLS port.
    let plain = reqwest::Client::new().get(format!("http://{addr}/healthz")).send().await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());

    stop.send(()).unwrap();
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_key_that_does_not_match_the_certificate_is_refused_at_start() {
    let (_, pem_dir) = self_signed();
    let (_, other_dir) = self_signed();
    let data_dir = tempfile::tempdir().unwrap();
    let mut config = crate::common::test_config(data_dir.path()).await;
    config.tls =
        Some(pbm::config::TlsFiles { cert: pem_dir.path().join("cert.pem"), key: other_dir.path().join("key.pem") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let error = pbm::server::run(listener, config, std::future::pending()).await.unwrap_err();
    assert!(format!("{error:#}").contains("does not match"), "{error:#}");
}

#[tokio::test]
async fn replicas_starting_at_once_on_an_empty_store_bootstrap_once() {
    let store = crate::common::test_config(std::path::Path::new("/nonexistent")).await.store;
    let shared = tempfile::tempdir().unwrap();
    let start = |_: usize| {
        let store = store.clone();
        let dir = shared.path().to_owned();
        async move {
            crate::common::TestServer::start_with(Options {
                data_dir: Some(dir),
                store: Some(store),
                ..Default::default()
            })
            .await
        }
    };
    let servers = futures::future::join_all((0..3).map(start)).await;
    for server in &servers {
        server.login(CREATOR, CREATOR_PASSWORD).await;
    }
    let token = servers[0].creator_token().await;
    let tenants = servers[1]
        .tenants()
        .list_tenants(authed(&token, pb::ListTenantsRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(tenants.total_size, 1);
}
