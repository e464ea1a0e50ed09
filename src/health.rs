//! Health: `GET /healthz/live` (the process answers), `GET /healthz/ready`
//! (the store answers, etcd answers when configured, every migration of
//! this binary is applied, and the server is not shutting down), the
//! `grpc.health.v1` status of the server (`""`) and of each `pbm.v2`
//! service, and the client side, `pbm healthcheck`, which images use
//! instead of curl.
//!
//! Readiness is computed for `/healthz/ready` (every check with a 2-second
//! limit; an answer serves the requests of the next second too, and
//! concurrent requests wait for the one check in flight, so that a flood of
//! unauthenticated probes asks the store and etcd at most once a second)
//! and every 5 seconds for the gRPC statuses, so that `Health.Watch`
//! clients see changes; the two always agree. `MailService`
//! reports NOT_SERVING while no mail store is configured
//! (`services/doveadm/url` empty), since every call would fail then. The
//! bodies name each check's result, never its error text (that is logged,
//! once per change): the endpoints are unauthenticated.

use std::{
    collections::BTreeMap,
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    path::PathBuf,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use tokio::time::Instant;

use anyhow::Context as _;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use prost::Message as _;
use serde::Serialize;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tonic_health::{
    ServingStatus,
    pb::health_server::HealthServer,
    server::{HealthReporter, HealthService},
};

use crate::ports::Directory;
use crate::settings::{SettingsHandle, etcd::EtcdSettings};

/// How long one readiness check may take.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a readiness answer also answers the `/healthz/ready` requests
/// that follow it.
const READY_REUSE: Duration = Duration::from_secs(1);
/// How often the gRPC statuses are recomputed.
const REFRESH_INTERVAL: Duration = Duration::from_secs(5);
/// The mail service, whose status also needs a configured mail store.
const MAIL_SERVICE: &str = "pbm.v2.MailService";

/// What readiness looks at.
pub struct HealthChecks {
    /// The directory: it must answer a count of tenants.
    pub directory: Arc<dyn Directory>,
    /// etcd, when the runtime settings live there: it must answer a read.
    pub etcd: Option<EtcdSettings>,
    /// The SQL database whose migrations must all be applied (the store, or
    /// the state store beside LDAP), and the data dir SQLite paths are in.
    pub sql_url: String,
    /// See [`HealthChecks::sql_url`].
    pub data_dir: PathBuf,
    /// Settings in force (whether a mail store is configured).
    pub settings: SettingsHandle,
}

/// The health of one server; cheap to clone.
#[derive(Clone)]
pub struct Health {
    inner: Arc<Inner>,
}

struct Inner {
    checks: HealthChecks,
    reporter: HealthReporter,
    services: Vec<String>,
    shutting_down: AtomicBool,
    /// Migrations never become unapplied: once current, not asked again.
    migrations_current: AtomicBool,
    last: Mutex<Option<Report>>,
    published: tokio::sync::Mutex<BTreeMap<String, ServingStatus>>,
    /// The last answer of `/healthz/ready` and when it was computed; its
    /// lock is held while a check runs (one check in flight).
    recent: tokio::sync::Mutex<Option<(Instant, Report)>>,
}

/// A readiness answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// `ready`, `not ready` or `shutting down`.
    pub status: &'static str,
    /// Each check and its outcome (`ok`, `unavailable`, `pending`, …).
    pub checks: BTreeMap<&'static str, String>,
}

impl Report {
    /// Whether the server takes traffic.
    pub fn is_ready(&self) -> bool {
        self.status == "ready"
    }
}

/// The `pbm.v2` services of the descriptor set, by full name.
fn service_names() -> Vec<String> {
    let Ok(set) = prost_types::FileDescriptorSet::decode(crate::pb::FILE_DESCRIPTOR_SET) else { return Vec::new() };
    let mut names: Vec<String> = set
        .file
        .iter()
        .flat_map(|file| {
            let package = file.package.clone().unwrap_or_default();
            file.service.iter().map(move |s| format!("{package}.{}", s.name.clone().unwrap_or_default()))
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

impl Health {
    /// Health over these checks; the gRPC statuses start as NOT_SERVING
    /// until the first [`Health::refresh`].
    pub fn new(checks: HealthChecks) -> Self {
        Self {
            inner: Arc::new(Inner {
                checks,
                reporter: HealthReporter::new(),
                services: service_names(),
                shutting_down: AtomicBool::new(false),
                migrations_current: AtomicBool::new(false),
                last: Mutex::new(None),
                published: tokio::sync::Mutex::new(BTreeMap::new()),
                recent: tokio::sync::Mutex::new(None),
            }),
        }
    }

    /// The `grpc.health.v1.Health` service reporting these statuses.
    pub fn grpc_service(&self) -> HealthServer<HealthService> {
        HealthServer::new(HealthService::from_health_reporter(self.inner.reporter.clone()))
    }

    /// `GET /healthz/live` and `GET /healthz/ready`.
    pub fn routes(&self) -> Router {
        Router::new().route("/healthz/live", get(live)).route("/healthz/ready", get(ready)).with_state(self.clone())
    }

    /// Runs every check now.
    pub async fn check(&self) -> Report {
        let checks = &self.inner.checks;
        let store = async {
            match tokio::time::timeout(CHECK_TIMEOUT, checks.directory.count_tenants()).await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err("no answer within 2 s".to_owned()),
            }
        };
        let etcd = async {
            let Some(etcd) = &checks.etcd else { return None };
            Some(match tokio::time::timeout(CHECK_TIMEOUT, etcd.ping()).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err("no answer within 2 s".to_owned()),
            })
        };
        let migrations = async {
            if self.inner.migrations_current.load(Ordering::Relaxed) {
                return Ok(());
            }
            let status =
                tokio::time::timeout(CHECK_TIMEOUT, crate::migrate::status(&checks.sql_url, &checks.data_dir)).await;
            match status {
                Ok(Ok(status)) if status.is_current() => {
                    self.inner.migrations_current.store(true, Ordering::Relaxed);
                    Ok(())
                }
                Ok(Ok(status)) => Err(status.summary()),
                Ok(Err(e)) => Err(format!("{e:#}")),
                Err(_) => Err("no answer within 2 s".to_owned()),
            }
        };
        let (store, etcd, migrations) = tokio::join!(store, etcd, migrations);
        let mut results = BTreeMap::new();
        results.insert("store", store);
        results.insert("migrations", migrations);
        if let Some(etcd) = etcd {
            results.insert("etcd", etcd);
        }
        let ready = results.values().all(Result::is_ok);
        let shutting_down = self.inner.shutting_down.load(Ordering::Relaxed);
        let report = Report {
            status: if shutting_down {
                "shutting down"
            } else if ready {
                "ready"
            } else {
                "not ready"
            },
            checks: results
                .iter()
                .map(|(name, result)| {
                    let shown = match (name, result) {
                        (_, Ok(())) => "ok",
                        (&"migrations", Err(_)) => "not applied",
                        (_, Err(_)) => "unavailable",
                    };
                    (*name, shown.to_owned())
                })
                .collect(),
        };
        self.log_change(&report, &results);
        report
    }

    /// Logs a check whose outcome changed since the last report.
    fn log_change(&self, report: &Report, results: &BTreeMap<&'static str, Result<(), String>>) {
        let mut last = self.inner.last.lock().unwrap_or_else(|e| e.into_inner());
        for (name, result) in results {
            let before = last.as_ref().and_then(|r| r.checks.get(name));
            if before == report.checks.get(name) {
                continue;
            }
            match result {
                Ok(()) if before.is_some() => tracing::info!(check = name, "readiness check passes again"),
                Ok(()) => {}
                Err(e) => tracing::warn!(check = name, error = %e, "readiness check fails"),
            }
        }
        *last = Some(report.clone());
    }

    /// The readiness of `/healthz/ready`: the last answer when it is less
    /// than [`READY_REUSE`] old (with the shutdown, which does not wait),
    /// else a new check, which concurrent callers wait for and share.
    pub async fn recent_check(&self) -> Report {
        let mut recent = self.inner.recent.lock().await;
        if let Some((at, report)) = recent.as_ref()
            && at.elapsed() < READY_REUSE
        {
            let mut report = report.clone();
            if self.inner.shutting_down.load(Ordering::Relaxed) {
                report.status = "shutting down";
            }
            return report;
        }
        let report = self.check().await;
        *recent = Some((Instant::now(), report.clone()));
        report
    }

    /// Runs every check and publishes the outcome as the gRPC statuses.
    pub async fn refresh(&self) -> Report {
        let report = self.check().await;
        self.publish(&report).await;
        report
    }

    async fn publish(&self, report: &Report) {
        let serving = |ok: bool| if ok { ServingStatus::Serving } else { ServingStatus::NotServing };
        let mail_configured = !self.inner.checks.settings.current().doveadm.url.is_empty();
        let mut wanted = BTreeMap::new();
        wanted.insert(String::new(), serving(report.is_ready()));
        for service in &self.inner.services {
            let ok = report.is_ready() && (service != MAIL_SERVICE || mail_configured);
            wanted.insert(service.clone(), serving(ok));
        }
        // Sent only on change: every send wakes the Watch streams.
        let mut published = self.inner.published.lock().await;
        for (service, status) in wanted {
            if published.get(&service) != Some(&status) {
                self.inner.reporter.set_service_status(&service, status).await;
                published.insert(service, status);
            }
        }
    }

    /// Reports not ready from now on, on both endpoints and every gRPC status.
    pub async fn begin_shutdown(&self) {
        self.inner.shutting_down.store(true, Ordering::Relaxed);
        let report = Report { status: "shutting down", checks: BTreeMap::new() };
        self.publish(&report).await;
    }

    /// Recomputes the gRPC statuses every 5 seconds until `stop`.
    pub async fn run(self, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        let mut ticker = tokio::time::interval(REFRESH_INTERVAL);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = &mut stop => return,
                _ = ticker.tick() => {
                    if !self.inner.shutting_down.load(Ordering::Relaxed) {
                        self.refresh().await;
                    }
                }
            }
        }
    }
}

/// `GET /healthz/live`: 200 while the process serves HTTP, also while it drains.
async fn live() -> Response {
    (StatusCode::OK, axum::Json(serde_json::json!({"status": "alive"}))).into_response()
}

/// `GET /healthz/ready`: 200 and `{"status": "ready", "checks": {…}}`, or 503.
async fn ready(State(health): State<Health>) -> Response {
    let report = health.recent_check().await;
    if !health.inner.shutting_down.load(Ordering::Relaxed) {
        health.publish(&report).await;
    }
    let code = if report.is_ready() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, axum::Json(report)).into_response()
}

/// What `pbm healthcheck` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Probe {
    /// `/healthz/ready`.
    Ready,
    /// `/healthz/live`.
    Live,
}

/// The address a local client reaches a server listening on `listen` at:
/// the loopback address when it listens on every address.
pub fn local_address(listen: SocketAddr) -> SocketAddr {
    match listen.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), listen.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(Ipv6Addr::LOCALHOST.into(), listen.port()),
        _ => listen,
    }
}

/// `pbm healthcheck`: asks `addr` (TLS when `tls`) for `/healthz/ready` or
/// `/healthz/live` over HTTP/1.1; Ok with the body on 200, an error naming
/// the status otherwise. With TLS the server's certificate is not verified:
/// this checks the process at a known local address and sends nothing secret.
pub async fn probe(addr: SocketAddr, tls: bool, probe: Probe, timeout: Duration) -> anyhow::Result<String> {
    let path = match probe {
        Probe::Ready => "/healthz/ready",
        Probe::Live => "/healthz/live",
    };
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: pbm-healthcheck\r\nConnection: close\r\n\r\n");
    let exchange = async {
        let tcp = tokio::net::TcpStream::connect(addr).await.with_context(|| format!("connecting to {addr}"))?;
        let mut answer = Vec::new();
        if tls {
            let connector = tokio_rustls::TlsConnector::from(Arc::new(unverified_tls()?));
            let name = rustls_pki_types::ServerName::try_from("localhost").expect("a valid name");
            let mut stream = connector.connect(name, tcp).await.context("TLS handshake")?;
            stream.write_all(request.as_bytes()).await?;
            // A server may close without close_notify after Connection: close.
            let _ = stream.read_to_end(&mut answer).await;
        } else {
            let mut stream = tcp;
            stream.write_all(request.as_bytes()).await?;
            stream.read_to_end(&mut answer).await?;
        }
        anyhow::Ok(answer)
    };
    let answer = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| anyhow::anyhow!("no answer from {addr} within {timeout:?}"))??;
    let text = String::from_utf8_lossy(&answer);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).unwrap_or_default();
    let body =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { dechunk(body) } else { body.to_owned() };
    anyhow::ensure!(
        status == "200",
        "{path} answered {}: {}",
        if status.is_empty() { "nothing" } else { status },
        body.trim()
    );
    Ok(body)
}

/// The body of a chunked HTTP/1.1 answer.
fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else { break };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// A TLS client that checks signatures but not whose certificate it is.
fn unverified_tls() -> anyhow::Result<rustls::ClientConfig> {
    #[derive(Debug)]
    struct AnyCertificate(Arc<rustls::crypto::CryptoProvider>);
    impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
        fn verify_server_cert(
            &self,
            _: &rustls_pki_types::CertificateDer<'_>,
            _: &[rustls_pki_types::CertificateDer<'_>],
            _: &rustls_pki_types::ServerName<'_>,
            _: &[u8],
            _: rustls_pki_types::UnixTime,
        ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
            Ok(rustls::client::danger::ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &rustls_pki_types::CertificateDer<'_>,
            dss: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
        }
        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &rustls_pki_types::CertificateDer<'_>,
            dss: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
        }
        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
        .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pbm_service_has_a_status() {
        let names = service_names();
        for service in ["pbm.v2.UserService", "pbm.v2.MailService", "pbm.v2.BackupService", "pbm.v2.SettingsService"] {
            assert!(names.iter().any(|n| n == service), "{service} in {names:?}");
        }
    }

    #[test]
    fn a_wildcard_listener_is_reached_on_loopback() {
        assert_eq!(local_address("0.0.0.0:8080".parse().unwrap()), "127.0.0.1:8080".parse().unwrap());
        assert_eq!(local_address("[::]:9".parse().unwrap()), "[::1]:9".parse().unwrap());
        assert_eq!(local_address("10.1.2.3:8080".parse().unwrap()), "10.1.2.3:8080".parse().unwrap());
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk("4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n"), "{\"a\":1}");
    }
}
