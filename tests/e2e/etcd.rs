//! Settings in a real etcd 3.4: loaded at start, watched so that an
//! `etcdctl put` takes effect without a restart, invalid values refused while
//! the old one holds, PutSetting written through, and pbm serving on while
//! etcd is down, then catching up when it is back.
//!
//! The shared etcd of `scripts/servers/up.sh` is used with a key prefix per
//! test; the outage test runs a private etcd it can stop.

use std::{process::Stdio, time::Duration};

use etcd_client::Client;
use pbm::{
    pb::{self, settings_service_client::SettingsServiceClient},
    settings::etcd::EtcdConfig,
};
use tonic::Code;

use crate::common::{
    CREATOR, CREATOR_PASSWORD, Options, TestServer, authed, expect_code, fixtures::new_user, require_server,
    servers_required,
};

fn prefix(test: &str) -> String {
    format!("/pbm-test/{test}-{}/", std::process::id())
}

async fn etcd(endpoints: &str) -> Client {
    Client::connect([endpoints], None).await.expect("etcd client")
}

/// Polls `check` until it holds (at most `within`).
async fn eventually<F, Fut>(within: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if check().await {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs the real `etcdctl` (v3 API), as an operator would.
async fn etcdctl(endpoints: &str, args: &[&str]) {
    let mut command = std::process::Command::new("etcdctl");
    command.env("ETCDCTL_API", "3").arg("--endpoints").arg(endpoints).args(args);
    let output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().expect("etcdctl runs");
    assert!(output.status.success(), "etcdctl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

async fn password_refused(server: &TestServer, token: &str, mail: &str, password: &str) -> bool {
    let user = new_user("default", mail, password, pb::Role::User);
    match server.users().create_user(authed(token, pb::CreateUserRequest { user: Some(user) })).await {
        Err(status) => status.code() == Code::InvalidArgument,
        Ok(_) => false,
    }
}

#[tokio::test]
async fn an_etcdctl_put_takes_effect_without_a_restart() {
    let _quiet = crate::common::deadline_test().await;
    let Some(endpoints) = require_server("PBM_TEST_ETCD_ENDPOINTS", "etcd") else { return };
    let prefix = prefix("live");
    let mut kv = etcd(&endpoints).await;
    kv.put(format!("{prefix}psn/bruteforce/max_attempts"), "42", None).await.unwrap();
    kv.put(format!("{prefix}some/other/service/key"), "ignored", None).await.unwrap();
    let server = TestServer::start_with(Options {
        etcd: Some(EtcdConfig { endpoints: vec![endpoints.clone()], prefix: prefix.clone() }),
        ..Default::default()
    })
    .await;
    let token = server.creator_token().await;
    let mut settings = SettingsServiceClient::new(server.channel());
    // Loaded at start.
    let attempts = settings
        .get_setting(authed(&token, pb::GetSettingRequest { key: "psn/bruteforce/max_attempts".into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((attempts.value.as_str(), attempts.source), ("42", pb::SettingSource::Runtime as i32));

    // The guide's scenario: min_length changed in etcd, the very next user creation obeys.
    assert!(!password_refused(&server, &token, "a1@example.com", "Short1").await);
    etcdctl(&endpoints, &["put", &format!("{prefix}psn/common/password_requirements/min_length"), "12"]).await;
    let mut n = 0;
    let applied = eventually(Duration::from_secs(1), || {
        n += 1;
        let mail = format!("probe{n}@example.com");
        let (server, token) = (&server, &token);
        async move { password_refused(server, token, &mail, "Short22").await }
    })
    .await;
    assert!(applied, "the new min_length did not apply within a second");

    // The access-token lifetime too.
    kv.put(format!("{prefix}pbm/auth/access_token_expire_time"), "45", None).await.unwrap();
    assert!(
        eventually(Duration::from_secs(1), || async { server.login(CREATOR, CREATOR_PASSWORD).await.expires_in == 45 })
            .await
    );

    // An invalid value is refused and the last good one stays.
    let before = server.metrics().await;
    kv.put(format!("{prefix}psn/common/password_requirements/min_length"), "twelve", None).await.unwrap();
    assert!(eventually(Duration::from_secs(2), || async { server.metrics().await != before }).await);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(server.metrics().await.contains("pbm_settings_reloads_total{result=\"refused\"}"));
    let min = settings
        .get_setting(authed(
            &token,
            pb::GetSettingRequest { key: "psn/common/password_requirements/min_length".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(min.value, "12");
    assert!(password_refused(&server, &token, "x@example.com", "Short22").await);

    // Deleting the key in etcd returns to the default.
    kv.delete(format!("{prefix}psn/common/password_requirements/min_length"), None).await.unwrap();
    assert!(
        eventually(Duration::from_secs(1), || async {
            !password_refused(&server, &token, "b@example.com", "Short1").await
        })
        .await
    );
    kv.delete(prefix.clone(), Some(etcd_client::DeleteOptions::new().with_prefix())).await.unwrap();
}

#[tokio::test]
async fn put_setting_writes_through_to_etcd() {
    let Some(endpoints) = require_server("PBM_TEST_ETCD_ENDPOINTS", "etcd") else { return };
    let prefix = prefix("through");
    let server = TestServer::start_with(Options {
        etcd: Some(EtcdConfig { endpoints: vec![endpoints.clone()], prefix: prefix.clone() }),
        ..Default::default()
    })
    .await;
    let token = server.creator_token().await;
    let mut settings = SettingsServiceClient::new(server.channel());
    let put = pb::PutSettingRequest { key: "psn/bruteforce/penalty".into(), value: "33".into() };
    settings.put_setting(authed(&token, put)).await.unwrap();
    let mut kv = etcd(&endpoints).await;
    let stored = kv.get(format!("{prefix}psn/bruteforce/penalty"), None).await.unwrap();
    assert_eq!(stored.kvs()[0].value_str().unwrap(), "33");
    let bad = pb::PutSettingRequest { key: "psn/bruteforce/penalty".into(), value: "-1".into() };
    expect_code(settings.put_setting(authed(&token, bad)).await, Code::InvalidArgument);
    assert_eq!(
        kv.get(format!("{prefix}psn/bruteforce/penalty"), None).await.unwrap().kvs()[0].value_str().unwrap(),
        "33"
    );
    settings
        .delete_setting(authed(&token, pb::DeleteSettingRequest { key: "psn/bruteforce/penalty".into() }))
        .await
        .unwrap();
    assert!(kv.get(format!("{prefix}psn/bruteforce/penalty"), None).await.unwrap().kvs().is_empty());
}

/// An etcd process of the test's own, which the test can stop and restart.
struct PrivateEtcd {
    child: Option<std::process::Child>,
    dir: tempfile::TempDir,
    client_port: u16,
    peer_port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl PrivateEtcd {
    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.client_port)
    }

    async fn start() -> Option<Self> {
        let mut etcd =
            Self { child: None, dir: tempfile::tempdir().unwrap(), client_port: free_port(), peer_port: free_port() };
        etcd.spawn().await?;
        Some(etcd)
    }

    async fn spawn(&mut self) -> Option<()> {
        let peer = format!("http://127.0.0.1:{}", self.peer_port);
        let child = std::process::Command::new("etcd")
            .args(["--name", "private", "--data-dir"])
            .arg(self.dir.path().join("data"))
            .args(["--listen-client-urls", &self.endpoint(), "--advertise-client-urls", &self.endpoint()])
            .args(["--listen-peer-urls", &peer, "--initial-advertise-peer-urls", &peer])
            .args(["--initial-cluster", &format!("private={peer}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match child {
            Ok(child) => child,
            Err(e) if servers_required() => panic!("cannot run etcd: {e}"),
            Err(e) => {
                eprintln!("SKIPPED: cannot run etcd ({e}); run scripts/servers/install.sh");
                return None;
            }
        };
        self.child = Some(child);
        let endpoint = self.endpoint();
        let up = eventually(Duration::from_secs(15), || {
            let endpoint = endpoint.clone();
            async move {
                match Client::connect([endpoint], None).await {
                    Ok(mut client) => client.status().await.is_ok(),
                    Err(_) => false,
                }
            }
        })
        .await;
        assert!(up, "private etcd did not start");
        Some(())
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for PrivateEtcd {
    fn drop(&mut self) {
        self.stop();
    }
}

#[tokio::test]
async fn pbm_keeps_serving_while_etcd_is_down_and_catches_up() {
    if require_server("PBM_TEST_ETCD_ENDPOINTS", "etcd").is_none() {
        return;
    }
    let Some(mut private) = PrivateEtcd::start().await else { return };
    let mut kv = etcd(&private.endpoint()).await;
    kv.put("psn/bruteforce/penalty", "61", None).await.unwrap();
    let server = TestServer::start_with(Options {
        etcd: Some(EtcdConfig { endpoints: vec![private.endpoint()], prefix: String::new() }),
        ..Default::default()
    })
    .await;
    let token = server.creator_token().await;
    let mut settings = SettingsServiceClient::new(server.channel());
    let penalty = || pb::GetSettingRequest { key: "psn/bruteforce/penalty".into() };
    assert!(
        eventually(Duration::from_secs(2), || async { server.metrics().await.contains("pbm_etcd_connected 1") }).await
    );
    let (code, report) = readiness(&server).await;
    assert_eq!((code, report["checks"]["etcd"].as_str()), (200, Some("ok")), "{report}");

    private.stop();
    assert!(
        eventually(Duration::from_secs(10), || async { server.metrics().await.contains("pbm_etcd_connected 0") }).await
    );
    // Not ready without its settings source (issue 22), and it says which check fails; still alive.
    // (An answer also serves the requests of the next second.)
    assert!(eventually(Duration::from_secs(5), || async { readiness(&server).await.0 == 503 }).await);
    let (code, report) = readiness(&server).await;
    assert_eq!((code, report["status"].as_str()), (503, Some("not ready")), "{report}");
    assert_eq!(report["checks"]["etcd"], "unavailable", "{report}");
    assert_eq!(report["checks"]["store"], "ok", "{report}");
    let live = server.http.get(server.url("/healthz/live")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    // Still serving, on the last good settings.
    server.login(CREATOR, CREATOR_PASSWORD).await;
    let value = settings.get_setting(authed(&token, penalty())).await.unwrap().into_inner().value;
    assert_eq!(value, "61");
    // Writes to the runtime source fail cleanly meanwhile.
    let put = pb::PutSettingRequest { key: "psn/bruteforce/penalty".into(), value: "70".into() };
    expect_code(settings.put_setting(authed(&token, put)).await, Code::Unavailable);

    private.spawn().await.unwrap();
    let mut kv = etcd(&private.endpoint()).await;
    kv.put("psn/bruteforce/penalty", "62", None).await.unwrap();
    let caught_up = eventually(Duration::from_secs(10), || {
        let mut settings = settings.clone();
        let token = token.clone();
        async move { settings.get_setting(authed(&token, penalty())).await.is_ok_and(|s| s.into_inner().value == "62") }
    })
    .await;
    assert!(caught_up, "the change made after etcd came back was not applied");
    assert!(eventually(Duration::from_secs(5), || async { readiness(&server).await.0 == 200 }).await, "ready again");
}

/// `GET /healthz/ready`: its status code and report.
async fn readiness(server: &TestServer) -> (u16, serde_json::Value) {
    let response = server.http.get(server.url("/healthz/ready")).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}
