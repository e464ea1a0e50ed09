//! Composes the one listener and runs it.
//!
//! One port serves gRPC over HTTP/2 (h2c, or TLS with ALPN), grpc-web with
//! CORS for browsers, server reflection v1 and v1alpha, `grpc.health.v1`,
//! `GET /healthz`, `/healthz/live` and `/healthz/ready` ([`crate::health`]),
//! the legacy `/v2` REST gateway and the admin panel at `/admin/`
//! ([`crate::admin_ui`]). [`run`] is the whole server: it opens the stores,
//! bootstraps an empty installation, starts the background jobs and serves
//! until `shutdown` resolves, then drains open connections
//! ([`crate::service::drain`]).

use std::{
    future::Future,
    path::PathBuf,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use anyhow::Context as _;
use axum::{
    Router,
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use tokio::net::TcpListener;
use tower::ServiceExt as _;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};

use crate::config::{Config, TlsFiles};
use crate::grpc::{self, ClientAddr};
use crate::health::{Health, HealthChecks};
use crate::metrics::{Metrics, MetricsLayer};
use crate::pb;
use crate::ports::SettingsStore;
use crate::rest;
use crate::runtime::{
    bootstrap::{Bootstrap, bootstrap},
    cef, feed, jobs,
};
use crate::security::{password::PasswordHasher, private_files, sealing::Sealer, tokens::TokenSigner};
use crate::service::{Core, Services};
use crate::settings::{
    ServerSettings, SettingsHandle,
    etcd::EtcdSettings,
    runtime::{self, RuntimeSettings, SealedSettings, StoreSettings},
};
use crate::store::{self, PoolUsage, notices::CommitNotices};

/// File descriptors kept for everything but client connections (store
/// pools, etcd, logs, backups) when the file limit caps the connections.
const RESERVED_FILES: u64 = 256;

/// A built pbm: its services and what keeps them running.
pub struct App {
    /// The services, ready for the transports.
    pub services: Services,
    /// Metrics of this server.
    pub metrics: Arc<Metrics>,
    /// Readiness and the gRPC health statuses.
    pub health: Health,
    pools: Arc<dyn Fn() -> Vec<PoolUsage> + Send + Sync>,
    settings_sync: SettingsSync,
    notices: CommitNotices,
    data_dir: PathBuf,
}

/// Where live settings changes come from.
enum SettingsSync {
    Etcd(Box<EtcdSettings>),
    Store(Arc<dyn SettingsStore>),
}

/// Age after which a backup spool file left in the temporary directory
/// belongs to no running import (see [`crate::service::backup::sweep_stale_spools`]).
pub const STALE_SPOOL: Duration = Duration::from_secs(24 * 3600);

/// How long the first load of runtime settings may take at start.
const FIRST_SETTINGS_LOAD: Duration = Duration::from_secs(3);

/// Opens the stores of `config`, builds the services over them and loads
/// the runtime settings.
pub async fn build(config: &Config) -> anyhow::Result<App> {
    private_files::ensure_private_dir(&config.data_dir)?;
    private_files::refuse_shared(&[&config.signing_key_file])?;
    let sealer = Arc::new(match &config.secrets_key_file {
        Some(path) => Sealer::load(path)?,
        None => Sealer::none(),
    });
    if sealer.seals() {
        tracing::info!(
            sealing_key = sealer.key_ids()[0],
            keys = sealer.key_ids().len(),
            "secret values are sealed at rest"
        );
    }
    let start_settings = config.settings.compose(&Default::default()).map_err(|e| anyhow::anyhow!(e))?;
    let stores = store::open_with(store::StoreOptions {
        url: &config.store,
        state_url: config.state_store.as_deref(),
        data_dir: &config.data_dir,
        settings: &start_settings,
    })
    .await?;
    let signer = TokenSigner::load_or_create(&config.signing_key_file)?;
    let metrics = Arc::new(Metrics::new());
    let settings = SettingsHandle::with_layers(config.settings.clone())?.sealed_with(sealer.clone());
    let (runtime_settings, settings_sync): (Arc<dyn RuntimeSettings>, SettingsSync) = match &config.etcd {
        Some(etcd) => {
            let client = EtcdSettings::connect(etcd, stores.audit.clone(), stores.barrier.clone()).await?;
            (Arc::new(client.clone()), SettingsSync::Etcd(Box::new(client)))
        }
        None => (Arc::new(StoreSettings::new(stores.settings.clone())), SettingsSync::Store(stores.settings.clone())),
    };
    let health = Health::new(HealthChecks {
        directory: stores.directory.clone(),
        etcd: match &settings_sync {
            SettingsSync::Etcd(client) => Some((**client).clone()),
            SettingsSync::Store(_) => None,
        },
        sql_url: crate::migrate::sql_url(&config.store, config.state_store.as_deref()).to_owned(),
        data_dir: config.data_dir.clone(),
        settings: settings.clone(),
    });
    let runtime_settings: Arc<dyn RuntimeSettings> = Arc::new(SealedSettings::new(runtime_settings, sealer.clone()));
    match tokio::time::timeout(FIRST_SETTINGS_LOAD, runtime_settings.load()).await {
        Ok(Ok(values)) => runtime::apply_all(&settings, &metrics, values),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, source = runtime_settings.name(), "runtime settings not loaded yet; starting on the file, environment and defaults")
        }
        Err(_) => tracing::warn!(
            source = runtime_settings.name(),
            "runtime settings source not answering yet; starting on the file, environment and defaults"
        ),
    }
    let caches = crate::service::cache::Caches::new(settings.current().changes.user_cache_size);
    let services = Services::new(Core {
        directory: stores.directory,
        sessions: stores.sessions,
        audit: stores.audit,
        throttle: stores.throttle,
        imports: stores.imports,
        changes: stores.changes,
        caches,
        feed: Default::default(),
        drain: Default::default(),
        directory_links: stores.directory_links,
        service_accounts: stores.service_accounts,
        external_ids: stores.external_ids,
        mail: Arc::new(crate::mail::Doveadm::new(settings.clone())),
        runtime_settings,
        barrier: stores.barrier,
        metrics: metrics.clone(),
        settings,
        signer,
        sealer,
        hasher: PasswordHasher::with_cost(config.password_hash_cost.0, config.password_hash_cost.1)?,
    });
    // This replica's own changes leave its caches before the write returns.
    // Weak: the stores hold the notices, and the core holds the stores; a
    // strong reference would keep the store's pool (and its connections)
    // alive after the server is gone.
    let core = Arc::downgrade(services.core());
    stores.notices.subscribe(move |records| {
        if let Some(core) = core.upgrade() {
            core.caches.apply(records);
        }
    });
    Ok(App {
        services,
        metrics,
        health,
        pools: stores.pools,
        settings_sync,
        notices: stores.notices,
        data_dir: config.data_dir.clone(),
    })
}

impl App {
    /// The router of every protocol on the one port.
    pub fn router(&self, max_request_bytes: usize) -> Router {
        let metrics_state = MetricsState { metrics: self.metrics.clone(), pools: self.pools.clone() };
        router(&self.services, &self.health, max_request_bytes)
            .route("/metrics", get(metrics_endpoint).with_state(metrics_state))
            .layer(MetricsLayer(self.metrics.clone()))
    }

    /// Starts the background work — settings sync, purge, CEF export — until
    /// `stop` changes; returns their handles.
    pub fn spawn_background(&self, stop: &tokio::sync::watch::Receiver<()>) -> Vec<tokio::task::JoinHandle<()>> {
        let stopped = |rx: &tokio::sync::watch::Receiver<()>| {
            let mut rx = rx.clone();
            async move {
                let _ = rx.changed().await;
            }
        };
        let core = self.services.core().clone();
        let settings_task = match &self.settings_sync {
            SettingsSync::Etcd(client) => {
                tokio::spawn((**client).clone().run(core.settings.clone(), self.metrics.clone(), stopped(stop)))
            }
            SettingsSync::Store(store) => tokio::spawn(runtime::sync_store(
                core.settings.clone(),
                store.clone(),
                self.metrics.clone(),
                stopped(stop),
            )),
        };
        vec![
            settings_task,
            tokio::spawn(jobs::run_purge(core.clone(), stopped(stop))),
            tokio::spawn(feed::follow(core.clone(), self.notices.clone(), stopped(stop))),
            tokio::spawn(jobs::run_directory_sync(core.clone(), stopped(stop))),
            tokio::spawn(jobs::run_bitrix24_sync(core.clone(), stopped(stop))),
            tokio::spawn(cef::run(core, self.data_dir.clone(), stopped(stop))),
            tokio::spawn(self.health.clone().run(stopped(stop))),
        ]
    }
}

#[derive(Clone)]
struct MetricsState {
    metrics: Arc<Metrics>,
    pools: Arc<dyn Fn() -> Vec<PoolUsage> + Send + Sync>,
}

/// `GET /metrics`: Prometheus text, pool gauges read at scrape time.
async fn metrics_endpoint(State(state): State<MetricsState>) -> Response {
    for usage in (state.pools)() {
        state.metrics.pool.with_label_values(&[usage.pool, "open"]).set(i64::from(usage.size));
        state.metrics.pool.with_label_values(&[usage.pool, "idle"]).set(i64::from(usage.idle));
    }
    state.metrics.response()
}

/// The router of every protocol on the one port, its health reported by `health`.
pub fn router(services: &Services, health: &Health, max_request_bytes: usize) -> Router {
    use pb::{
        address_book_service_server::AddressBookServiceServer, audit_service_server::AuditServiceServer,
        auth_service_server::AuthServiceServer, backup_service_server::BackupServiceServer,
        domain_service_server::DomainServiceServer, mail_list_service_server::MailListServiceServer,
        mail_service_server::MailServiceServer, resource_service_server::ResourceServiceServer,
        service_account_service_server::ServiceAccountServiceServer, settings_service_server::SettingsServiceServer,
        tenant_service_server::TenantServiceServer, user_service_server::UserServiceServer,
        watch_service_server::WatchServiceServer,
    };
    macro_rules! limited {
        ($server:expr) => {
            $server.max_decoding_message_size(max_request_bytes)
        };
    }
    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            // google.rpc.BadRequest & co., so that reflection clients (grpcurl,
            // buf curl) decode the error details pbm sends.
            .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
    };

    let grpc = tonic::service::Routes::new(limited!(AuthServiceServer::new(grpc::AuthApi(services.auth.clone()))))
        .add_service(limited!(SettingsServiceServer::new(grpc::SettingsApi(services.settings.clone()))))
        .add_service(limited!(AuditServiceServer::new(grpc::AuditApi(services.audit.clone()))))
        .add_service(limited!(TenantServiceServer::new(grpc::TenantApi(services.tenants.clone()))))
        .add_service(limited!(UserServiceServer::new(grpc::UserApi(services.users.clone()))))
        .add_service(limited!(DomainServiceServer::new(grpc::DomainApi(services.domains.clone()))))
        .add_service(limited!(ResourceServiceServer::new(grpc::ResourceApi(services.resources.clone()))))
        .add_service(limited!(MailListServiceServer::new(grpc::MailListApi(services.mail_lists.clone()))))
        .add_service(limited!(MailServiceServer::new(grpc::MailApi(services.mail.clone()))))
        .add_service(limited!(AddressBookServiceServer::new(grpc::AddressBookApi(services.address_book.clone()))))
        .add_service(limited!(BackupServiceServer::new(grpc::BackupApi(services.backup.clone()))))
        .add_service(limited!(WatchServiceServer::new(grpc::WatchApi(services.watch.clone()))))
        .add_service(limited!(ServiceAccountServiceServer::new(grpc::ServiceAccountApi(
            services.service_accounts.clone()
        ))))
        .add_service(reflection().build_v1().expect("valid descriptor sets"))
        .add_service(reflection().build_v1alpha().expect("valid descriptor sets"))
        .add_service(health.grpc_service())
        .into_axum_router()
        // The RPC's name, for the scope check of API keys.
        .layer(axum::middleware::from_fn(|mut request: Request, next: Next| {
            if let Some(method) = crate::service::scopes::method_of_path(request.uri().path()) {
                let name = grpc::RpcName(method.to_owned());
                request.extensions_mut().insert(name);
            }
            next.run(request)
        }))
        // grpc-web only on the gRPC routes: on plain REST requests it would answer 400.
        .layer(tonic_web::GrpcWebLayer::new())
        .layer(grpc_web_cors(services.core().settings.clone()));

    let rest = rest::router(services, max_request_bytes)
        .merge(rest::scim::router(services, max_request_bytes))
        .merge(Router::new().route("/healthz", get(healthz)).with_state(services.clone()))
        .merge(health.routes());

    let core = services.core().clone();
    grpc.merge(rest)
        .merge(crate::admin_ui::router())
        .fallback(fallback)
        .layer(axum::middleware::from_fn(move |request: Request, next: Next| {
            let followed = core.feed.applied();
            async move {
                let read_at = Arc::new(crate::store::snapshot::ResponseRevision::new());
                let mut response = crate::store::snapshot::noting_revision(read_at.clone(), next.run(request)).await;
                let revision = read_at.get().unwrap_or(followed);
                response.headers_mut().insert(REVISION_HEADER, HeaderValue::from(revision));
                response
            }
        }))
        .layer(axum::middleware::from_fn(refuse_connect_protocol))
}

/// The response header with the revision of the change log a list was read
/// at (`store::snapshot`: a snapshot on SQL, a tenant found quiet around the
/// reads on LDAP): a watch from it neither misses nor repeats a change.
/// StreamUsers on SQL reports the revision of the snapshot all its pages
/// are read in, and tells it again in a trailer of the same name when it
/// ends whole, on LDAP too when no write of the tenant overlapped its reads
/// (`grpc::users`). Other responses (StreamUsers' headers on LDAP; an LDAP list another
/// replica's writes of its tenant kept overlapping) carry how far the
/// replica had followed the log when the request started: a watch from it
/// misses nothing, and may repeat a change made during the read (README
/// "Change feed").
pub const REVISION_HEADER: &str = "pbm-revision";

/// What a Connect-protocol client is told.
pub const CONNECT_REFUSED: &str = "pbm speaks gRPC and grpc-web, not the Connect protocol: \
use a gRPC client (grpcurl, buf curl --protocol grpc) or a grpc-web one";

/// Answers Connect-protocol requests (the default of `buf curl` and
/// connect-go) with 415 and a message naming what pbm speaks, instead of
/// letting tonic fail on their framing. A request is Connect when it sends
/// `Connect-Protocol-Version`, a `application/connect+…` body, or a
/// `application/json` / `application/proto` body (or a `GET` with
/// `?connect=v1`) to a gRPC method's path. The body is Connect's error JSON,
/// so Connect clients print the message.
async fn refuse_connect_protocol(request: Request, next: axum::middleware::Next) -> Response {
    let headers = request.headers();
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let method_path = crate::metrics::is_known_grpc_path(request.uri().path());
    let connect = headers.contains_key("connect-protocol-version")
        || content_type.starts_with("application/connect+")
        || (method_path
            && (content_type.starts_with("application/json") || content_type.starts_with("application/proto")))
        || (method_path && request.uri().query().is_some_and(|q| q.split('&').any(|p| p == "connect=v1")));
    if !connect {
        return next.run(request).await;
    }
    (
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        axum::Json(serde_json::json!({"code": "unimplemented", "message": CONNECT_REFUSED})),
    )
        .into_response()
}

/// CORS for browsers using grpc-web: only the origins of
/// `pbm/web/cors_allowed_origins` (read per request, so a change applies at
/// once) and pbm's own origin (its panel at `/admin/`) are allowed; every
/// other page gets no `Access-Control-Allow-Origin`, so the browser keeps
/// the answer from it. The gRPC status headers are exposed.
fn grpc_web_cors(settings: SettingsHandle) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, parts: &http::request::Parts| {
            origin_allowed(origin, parts, &settings.current().web.cors_allowed_origins)
        }))
        .allow_methods(AllowMethods::mirror_request())
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([
            header::HeaderName::from_static("grpc-status"),
            header::HeaderName::from_static("grpc-message"),
            header::HeaderName::from_static("grpc-status-details-bin"),
            header::HeaderName::from_static(REVISION_HEADER),
        ])
        .max_age(Duration::from_secs(3600))
}

/// Whether a browser page of `origin` may read pbm's answers: it is pbm's
/// own origin (the `Host` the request was sent to), or one of `allowed`.
fn origin_allowed(origin: &HeaderValue, parts: &http::request::Parts, allowed: &[String]) -> bool {
    let Ok(origin) = origin.to_str() else { return false };
    let origin = origin.to_ascii_lowercase();
    if allowed.contains(&origin) {
        return true;
    }
    let host =
        parts.headers.get(header::HOST).and_then(|h| h.to_str().ok()).or(parts.uri.authority().map(|a| a.as_str()));
    let own = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    matches!((own, host), (Some(own), Some(host)) if own.eq_ignore_ascii_case(host))
}

/// `GET /healthz`: 200 when the store answers, 503 otherwise.
async fn healthz(State(services): State<Services>) -> Response {
    match services.core().directory.count_tenants().await {
        Ok(_) => (StatusCode::OK, axum::Json(serde_json::json!({"status": "ok"}))).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"status": "unavailable"}))).into_response()
        }
    }
}

/// Unknown paths: gRPC UNIMPLEMENTED for gRPC requests, a JSON 404 otherwise.
async fn fallback(request: Request) -> Response {
    let is_grpc = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/grpc"));
    if is_grpc {
        let mut response = Response::new(Body::empty());
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/grpc"));
        headers.insert("grpc-status", HeaderValue::from(tonic::Code::Unimplemented as i32));
        headers.insert("grpc-message", HeaderValue::from_static("unknown service or method"));
        return response;
    }
    (StatusCode::NOT_FOUND, axum::Json(serde_json::json!({"message": "not found"}))).into_response()
}

/// A TLS acceptor for the certificate and key files, offering h2 and http/1.1.
pub fn tls_acceptor(files: &TlsFiles) -> anyhow::Result<tokio_rustls::TlsAcceptor> {
    use rustls_pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject as _};
    let certs = CertificateDer::pem_file_iter(&files.cert)
        .with_context(|| format!("reading {}", files.cert.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("parsing {}", files.cert.display()))?;
    anyhow::ensure!(!certs.is_empty(), "{} holds no certificate", files.cert.display());
    let key =
        PrivateKeyDer::from_pem_file(&files.key).with_context(|| format!("reading key {}", files.key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .context("the TLS key does not match the certificate")?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// Runs pbm on `listener` until `shutdown` resolves.
pub async fn run(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let app = build(&config).await?;
    let services = &app.services;
    for path in crate::service::backup::sweep_stale_spools(None, STALE_SPOOL) {
        tracing::info!(path = %path.display(), "removed the spool file of an import that was killed");
    }
    match bootstrap(services.core(), &config.domain, config.creator_password.clone()).await? {
        Bootstrap::Created { creator, generated_password: Some(password) } => {
            // Shown once, on the terminal only: it is the only way to learn it.
            eprintln!("pbm: created superadmin {creator} with the generated password: {password}");
            eprintln!("pbm: set PBM_CREATOR_PASSWORD before the first start to choose it instead.");
        }
        Bootstrap::Created { creator, generated_password: None } => {
            tracing::info!(%creator, "created the default tenant and superadmin");
        }
        Bootstrap::AlreadyInitialised => {}
    }
    // The revision responses carry (`pbm-revision`) starts at the log's latest before the first
    // request, not at 0 until the follower's first read: a watch from 0 means "from now", so a
    // list answered with 0 and a watch from it could miss the changes in between.
    if let Ok(revisions) = services.core().changes.revisions().await {
        services.core().feed.start_at(revisions.latest);
    }
    let tls = config.tls.as_ref().map(tls_acceptor).transpose()?;
    raise_file_limit();
    return_large_blocks_at_once();
    let router = app.router(config.max_request_bytes);
    let (stop, stopped) = tokio::sync::watch::channel(());
    let background = app.spawn_background(&stopped);
    let report = app.health.refresh().await;
    tracing::info!(
        addr = %listener.local_addr()?,
        tls = tls.is_some(),
        store = %store::redact(&config.store),
        etcd = config.etcd.is_some(),
        ready = report.is_ready(),
        "pbm serving"
    );
    // Not ready from the signal on, on /healthz/ready and every gRPC status.
    let health = app.health.clone();
    let shutdown = async move {
        shutdown.await;
        health.begin_shutdown().await;
    };
    let core = services.core();
    serve(listener, router, tls, core.settings.clone(), shutdown, core.drain.clone()).await;
    // The background jobs end; the CEF export writes what is left first.
    let _ = stop.send(());
    for task in background {
        let _ = task.await;
    }
    tracing::info!("pbm stopped");
    Ok(())
}

/// Raises the soft limit of open files to the hard limit, so that client
/// connections are capped by `pbm/server/max_connections` rather than by
/// `accept` failing with "Too many open files" (which also starves the
/// store's own connections), and logs both limits.
pub fn raise_file_limit() {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit and setrlimit only read and write the struct given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            tracing::warn!(error = %std::io::Error::last_os_error(), "cannot read the open-file limit");
            return;
        }
        let before = limit.rlim_cur;
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max;
            // SAFETY: as above.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
                tracing::warn!(error = %std::io::Error::last_os_error(), soft = before, hard = limit.rlim_max, "cannot raise the open-file limit");
                return;
            }
        }
        tracing::info!(soft_before = before, soft = limit.rlim_cur, hard = limit.rlim_max, "open-file limit");
    }
}

/// Makes glibc's malloc serve every block of 128 KiB or more with its own
/// mapping, given back to the system when freed. By default glibc raises that
/// threshold to the size of the largest block freed (up to 32 MiB), so after
/// the first login the 19 MiB of each argon2 hash came from the per-thread
/// arenas of the blocking pool and stayed there: 200 parallel failed logins
/// left pbm at 922 MB when idle (issue #19, finding 4; docs/performance.md
/// "Memory after a burst of logins").
pub fn return_large_blocks_at_once() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only sets a parameter of the allocator.
        if unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024) } != 1 {
            tracing::warn!("cannot fix malloc's mmap threshold: memory of password hashes may stay in use");
        }
    }
}

/// The client connections the open-file limit leaves room for: each holds
/// two descriptors (its socket, and the duplicate it lingers on, [`Linger`]).
fn connections_the_file_limit_allows() -> usize {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit only writes the struct given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 && limit.rlim_cur != libc::RLIM_INFINITY {
            let allowed = (limit.rlim_cur.saturating_sub(RESERVED_FILES) / 2).max(1);
            return usize::try_from(allowed).unwrap_or(usize::MAX);
        }
    }
    usize::MAX
}

/// One open client connection, counted while it lives.
struct OpenConnection(Arc<AtomicUsize>);

impl OpenConnection {
    fn new(open: &Arc<AtomicUsize>) -> Self {
        open.fetch_add(1, Ordering::Relaxed);
        Self(open.clone())
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// How long a closed connection's socket is kept to read what the peer still
/// sends, before it is closed for good ([`Linger`]).
const LINGER: Duration = Duration::from_secs(2);

/// A second handle on a connection's socket (a duplicated descriptor), so
/// that its close is graceful once hyper is done with it: FIN after the last
/// byte, then what the peer still sends is read and dropped until it closes
/// too (at most [`LINGER`]). Closed at once instead, a socket that still had
/// unread bytes from the peer (an HTTP/2 client's WINDOW_UPDATE as it reads
/// the end of a response) answers with a reset, and the client fails every
/// stream of the connection with what it had not read yet: at a drain, a
/// server stream's last items and its UNAVAILABLE were lost that way.
struct Linger(tokio::net::TcpStream);

impl Linger {
    /// A duplicate of `stream`'s socket; `None` when the descriptor cannot be duplicated.
    fn of(stream: &tokio::net::TcpStream) -> Option<Self> {
        use std::os::fd::AsFd as _;
        let fd = stream.as_fd().try_clone_to_owned().ok()?;
        tokio::net::TcpStream::from_std(std::net::TcpStream::from(fd)).ok().map(Self)
    }

    /// Sends FIN, then reads until the peer closes or [`LINGER`] passes.
    async fn close(mut self) {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let _ = self.0.shutdown().await;
        let mut sink = [0u8; 4096];
        let _ = tokio::time::timeout(LINGER, async { while matches!(self.0.read(&mut sink).await, Ok(n) if n > 0) {} })
            .await;
    }
}

/// The HTTP/1.1 and HTTP/2 settings of a new connection (`pbm/server/*`).
fn connection_builder(limits: &ServerSettings) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.http2_keepalive_interval)
        .keep_alive_timeout(limits.http2_keepalive_interval)
        .max_concurrent_streams(limits.http2_max_concurrent_streams)
        .max_pending_accept_reset_streams(limits.http2_max_pending_resets);
    builder
}

/// Whether the peer sent its first bytes within `timeout` (hyper picks the
/// protocol without a timer, so a silent peer would be held forever).
async fn first_bytes_within(stream: &tokio::net::TcpStream, timeout: Duration) -> bool {
    let mut byte = [0u8; 1];
    matches!(tokio::time::timeout(timeout, stream.peek(&mut byte)).await, Ok(Ok(n)) if n > 0)
}

/// Accepts connections until `shutdown`, serving HTTP/1.1 and HTTP/2 (h2c
/// or TLS) on each, then drains: `drain` ends every server stream with
/// UNAVAILABLE, HTTP/2 clients are told with GOAWAY to open new calls
/// elsewhere, and the calls in flight get `pbm/server/shutdown_grace` to
/// finish; the connections still open then are closed. Every closed
/// connection's socket lingers until its peer has read the end ([`Linger`]).
///
/// Limits (`pbm/server/*`, read at each accept, so a change applies to new
/// connections): at most `max_connections` open at once, and fewer when the
/// open-file limit leaves less room — one more is closed at once; a new
/// connection must send its first bytes (or finish TLS) within
/// `header_read_timeout`, and an HTTP/1.1 request its headers (also the
/// idle time allowed between kept-alive requests); HTTP/2 pings a quiet peer
/// every `http2_keepalive_interval` and drops it when the answer takes as
/// long, and bounds concurrent streams and streams reset before accepted.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    settings: SettingsHandle,
    shutdown: impl Future<Output = ()> + Send,
    drain: crate::service::drain::Drain,
) {
    let graceful = GracefulShutdown::new();
    let open = Arc::new(AtomicUsize::new(0));
    let file_cap = connections_the_file_limit_allows();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: back off, keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let limits = settings.current().server.clone();
        let cap = limits.max_connections.min(file_cap);
        if open.load(Ordering::Relaxed) >= cap {
            tracing::debug!(%peer, cap, "connection refused: at the connection cap");
            drop(stream);
            continue;
        }
        let counted = OpenConnection::new(&open);
        let _ = stream.set_nodelay(true);
        let service = app.clone().map_request(move |mut request: http::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ClientAddr(peer));
            request
        });
        let service = TowerToHyperService::new(service);
        let builder = connection_builder(&limits);
        let watcher = graceful.watcher();
        let tls = tls.clone();
        tokio::spawn(async move {
            let _counted = counted;
            let linger = Linger::of(&stream);
            let result = match tls {
                None => {
                    if !first_bytes_within(&stream, limits.header_read_timeout).await {
                        tracing::debug!(%peer, "connection closed: nothing sent in time");
                        return;
                    }
                    let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
                    watcher.watch(connection.into_owned()).await
                }
                Some(acceptor) => match tokio::time::timeout(limits.header_read_timeout, acceptor.accept(stream)).await
                {
                    Ok(Ok(stream)) => {
                        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
                        watcher.watch(connection.into_owned()).await
                    }
                    Ok(Err(e)) => {
                        tracing::debug!(%peer, error = %e, "TLS handshake failed");
                        return;
                    }
                    Err(_) => {
                        tracing::debug!(%peer, "TLS handshake timed out");
                        return;
                    }
                },
            };
            if let Err(e) = result {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            if let Some(linger) = linger {
                linger.close().await;
            }
        });
    }
    drop(listener);
    // No new connection from here on; the server streams end at once
    // (crate::service::drain).
    drain.begin();
    let grace = settings.current().server.shutdown_grace;
    let connections = open.load(Ordering::Relaxed);
    tracing::info!(connections, grace_seconds = grace.as_secs(), "shutting down: draining open connections");
    if tokio::time::timeout(grace, graceful.shutdown()).await.is_err() {
        let connections = open.load(Ordering::Relaxed);
        tracing::warn!(connections, "calls still open when the grace ran out: closing their connections");
    }
    // The closed connections' sockets linger until their peers have read the end (Linger).
    let lingering = tokio::time::Instant::now() + LINGER;
    while open.load(Ordering::Relaxed) > 0 && tokio::time::Instant::now() < lingering {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
