//! Test harness: a real pbm server in-process on a loopback port, with a
//! fresh data dir, reached through the generated Rust gRPC clients and
//! through plain HTTP the way the guide's curl commands reach it.

#![allow(dead_code)]

pub mod certs;
pub mod fixtures;
pub mod mailstore;
pub mod matrix;
pub mod progress;

use std::{net::SocketAddr, time::Duration};

use pbm::{
    config::Config,
    pb::{
        self, auth_service_client::AuthServiceClient, domain_service_client::DomainServiceClient,
        mail_list_service_client::MailListServiceClient, resource_service_client::ResourceServiceClient,
        tenant_service_client::TenantServiceClient, user_service_client::UserServiceClient,
    },
    settings::{StaticLayers, etcd::EtcdConfig},
};
use serde_json::Value;
use tempfile::TempDir;
use tokio::{sync::oneshot, task::JoinHandle};
use tonic::{Code, Request, Status, transport::Channel};

/// Password of `creator@example.com` in every test server.
pub const CREATOR: &str = "creator@example.com";
pub const CREATOR_PASSWORD: &str = "Creator-Pass1";

/// argon2id cost in tests: real argon2id, cheap enough for thousands of users.
pub const TEST_HASH_COST: (u32, u32) = (1024, 1);

/// The configuration of a test server in `data_dir`: test password and hash
/// cost, and the store `PBM_TEST_STORE` selects.
pub async fn test_config(data_dir: &std::path::Path) -> Config {
    let mut config = Config::with_data_dir(data_dir);
    config.creator_password = Some(CREATOR_PASSWORD.into());
    config.password_hash_cost = TEST_HASH_COST;
    if let Some(store) = test_store().await {
        config.store = store;
    }
    config
}

/// A running pbm.
pub struct TestServer {
    pub addr: SocketAddr,
    /// The store URL the server runs on.
    pub store: String,
    pub base: String,
    pub http: reqwest::Client,
    pub data_dir: TempDir,
    channel: Channel,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

/// How to start a test server.
#[derive(Default)]
pub struct Options {
    /// Settings overrides (key, value).
    pub settings: Vec<(&'static str, &'static str)>,
    /// Request size limit.
    pub max_request_bytes: Option<usize>,
    /// Runtime settings in etcd.
    pub etcd: Option<EtcdConfig>,
    /// An existing data dir (a second replica sharing the first one's key).
    pub data_dir: Option<std::path::PathBuf>,
    /// The store URL (a second replica on the same store).
    pub store: Option<String>,
    /// argon2id's cost (memory KiB, iterations) instead of [`TEST_HASH_COST`].
    pub hash_cost: Option<(u32, u32)>,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(Options::default()).await
    }

    pub async fn start_with(options: Options) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::with_data_dir(options.data_dir.as_deref().unwrap_or(data_dir.path()));
        config.creator_password = Some(CREATOR_PASSWORD.into());
        config.password_hash_cost = options.hash_cost.unwrap_or(TEST_HASH_COST);
        config.settings = StaticLayers::from_pairs(options.settings).expect("valid test settings");
        config.etcd = options.etcd;
        match options.store {
            Some(store) => config.store = store,
            None => {
                if let Some(store) = test_store().await {
                    config.store = store;
                }
            }
        }
        if let Some(limit) = options.max_request_bytes {
            config.max_request_bytes = limit;
        }
        Self::run(config, data_dir).await
    }

    /// The text of `GET /metrics`.
    pub async fn metrics(&self) -> String {
        self.http.get(self.url("/metrics")).send().await.unwrap().text().await.unwrap()
    }

    /// Starts a server on an existing data dir (restart tests).
    pub async fn run(config: Config, data_dir: TempDir) -> Self {
        let store = config.store.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(pbm::server::run(listener, config, async {
            let _ = rx.await;
        }));
        let base = format!("http://{addr}");
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
        // Wait until the store is open and bootstrap has run.
        for _ in 0..200 {
            if let Ok(r) = http.get(format!("{base}/healthz")).send().await
                && r.status().is_success()
            {
                break;
            }
            if task.is_finished() {
                // It ended before serving: say why instead of failing on the connect below.
                match task.await {
                    Ok(Err(e)) => panic!("the server did not start: {e:#}"),
                    other => panic!("the server ended before serving: {other:?}"),
                }
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let channel = Channel::from_shared(base.clone()).unwrap().connect().await.expect("gRPC connect");
        Self { addr, store, base, http, data_dir, channel, shutdown: Some(tx), task: Some(task) }
    }

    /// Stops the server and waits for it to finish; returns the data dir.
    pub async fn stop(mut self) -> TempDir {
        let _ = self.shutdown.take().unwrap().send(());
        let result = tokio::time::timeout(Duration::from_secs(10), self.task.take().unwrap()).await;
        result.expect("server stops within 10 s").expect("server task").expect("server ran cleanly");
        std::mem::replace(&mut self.data_dir, tempfile::tempdir().unwrap())
    }

    pub fn auth(&self) -> AuthServiceClient<Channel> {
        AuthServiceClient::new(self.channel.clone())
    }

    pub fn tenants(&self) -> TenantServiceClient<Channel> {
        TenantServiceClient::new(self.channel.clone())
    }

    pub fn users(&self) -> UserServiceClient<Channel> {
        UserServiceClient::new(self.channel.clone())
    }

    pub fn domains(&self) -> DomainServiceClient<Channel> {
        DomainServiceClient::new(self.channel.clone())
    }

    pub fn resources(&self) -> ResourceServiceClient<Channel> {
        ResourceServiceClient::new(self.channel.clone())
    }

    pub fn mail_lists(&self) -> MailListServiceClient<Channel> {
        MailListServiceClient::new(self.channel.clone())
    }

    pub fn channel(&self) -> Channel {
        self.channel.clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in over gRPC; panics on failure.
    pub async fn login(&self, login: &str, password: &str) -> pb::Tokens {
        self.auth()
            .login(pb::LoginRequest { login: login.into(), password: password.into(), ..Default::default() })
            .await
            .unwrap_or_else(|s| panic!("login {login}: {s:?}"))
            .into_inner()
    }

    /// The creator's access token.
    pub async fn creator_token(&self) -> String {
        self.login(CREATOR, CREATOR_PASSWORD).await.access_token
    }

    /// Logs in over /v2 and returns the access token.
    pub async fn v2_login(&self, login: &str, password: &str) -> String {
        let body: Value = self
            .http
            .post(self.url("/v2/auth"))
            .form(&[("login", login), ("password", password)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["access_token"].as_str().unwrap_or_else(|| panic!("no token in {body}")).to_owned()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The Samba AD DC (shared by the directory-accounts and address-book sync tests).
#[path = "../../support/ad.rs"]
pub mod ad;
#[path = "../../support/servers.rs"]
pub mod servers;
pub use servers::{
    fresh_ldap_url, fresh_postgres_database, percent, require_server, servers_required, test_server_var, unique_suffix,
};

/// Tests that promise a deadline (a change, a logout, a revocation or a setting reaching
/// another process within 1 s) and tests that load the machine on purpose (writers hammering a
/// replica that is then killed, the offline import of 20,000 users, 60 parallel logins) never
/// run at the same time: on CI's two cores the load took the CPU the deadline needs, and the
/// deadline tests failed now and then. Deadline tests share [`deadline_test`]; a load test
/// holds [`load_test`] alone.
static LOAD: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

/// Held for the whole of a test that asserts a deadline (see [`LOAD`]).
pub(crate) async fn deadline_test() -> tokio::sync::RwLockReadGuard<'static, ()> {
    LOAD.read().await
}

/// Held for the whole of a test that loads the machine on purpose (see [`LOAD`]).
pub(crate) async fn load_test() -> tokio::sync::RwLockWriteGuard<'static, ()> {
    LOAD.write().await
}

/// The store of a new test server: SQLite in its data dir, unless
/// `PBM_TEST_STORE` names another backend (`postgres`, `openldap`, `ds389`),
/// in which case every test gets a fresh database (PostgreSQL) or a fresh
/// subtree (LDAP, with the service state in SQLite in its data dir).
pub(crate) async fn test_store() -> Option<String> {
    match std::env::var("PBM_TEST_STORE").as_deref() {
        Err(_) | Ok("") | Ok("sqlite") => None,
        Ok("postgres") => Some(
            servers::fresh_postgres_database().await.expect("PBM_TEST_STORE=postgres needs the PostgreSQL test server"),
        ),
        Ok("openldap") => {
            Some(servers::fresh_ldap_url("slapd").expect("PBM_TEST_STORE=openldap needs the slapd test server"))
        }
        Ok("ds389") => {
            Some(servers::fresh_ldap_url("ds389").expect("PBM_TEST_STORE=ds389 needs the 389-ds test server"))
        }
        Ok(other) => panic!("unknown PBM_TEST_STORE {other:?}"),
    }
}

/// A gRPC request with a bearer token.
pub fn authed<T>(token: &str, message: T) -> Request<T> {
    let mut request = Request::new(message);
    request.metadata_mut().insert("authorization", format!("Bearer {token}").parse().unwrap());
    request
}

/// Asserts a gRPC result failed with `code`; returns the status.
#[track_caller]
pub fn expect_code<T: std::fmt::Debug>(result: Result<T, Status>, code: Code) -> Status {
    match result {
        Ok(value) => panic!("expected {code:?}, got Ok({value:?})"),
        Err(status) => {
            assert_eq!(status.code(), code, "unexpected status: {status:?}");
            status
        }
    }
}

/// The (field, reason) pairs of a status's BadRequest detail.
pub fn violations(status: &Status) -> Vec<(String, String)> {
    use tonic_types::StatusExt as _;
    status
        .get_details_bad_request()
        .map(|b| b.field_violations.into_iter().map(|v| (v.field, v.reason)).collect())
        .unwrap_or_default()
}

/// An HTTP answer: status code and JSON body.
pub async fn json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text));
    (status, body)
}
