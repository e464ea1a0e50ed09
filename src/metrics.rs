//! Prometheus metrics, served as text at `GET /metrics`: requests by
//! service, method, transport and result code, latency histograms, login
//! failures and lockouts, settings reloads and the etcd connection, store
//! pool usage. One registry per server, so several servers in one process
//! (tests) do not mix their counts.
//!
//! Label values never come from the client as sent: a gRPC method is labelled
//! only if the server serves it (read from its descriptor sets), a `/v2` or
//! `/scim/v2` request by its route template, an HTTP method only if it is one of the
//! usual seven; everything else is `unknown` (or `unmatched`, `OTHER`). So
//! anonymous requests cannot grow the registry (issue #19, finding 2).

use std::{
    collections::HashMap,
    sync::{Arc, LazyLock},
    task::{Context, Poll},
    time::Instant,
};

use axum::{
    extract::Request,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use futures::future::BoxFuture;
use prometheus::{
    Encoder as _, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

/// The metrics of one server.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    /// `pbm_requests_total{service, method, transport, code}`.
    pub requests: IntCounterVec,
    /// `pbm_request_duration_seconds{service, method, transport}` (to the response head).
    pub latency: HistogramVec,
    /// `pbm_login_failures_total`.
    pub login_failures: IntCounter,
    /// `pbm_login_lockouts_total`.
    pub lockouts: IntCounter,
    /// `pbm_login_refused_locked_total`: logins refused because the address is locked out.
    pub refused_locked: IntCounter,
    /// `pbm_settings_reloads_total{result}`: runtime settings applied (`ok`) or refused (`refused`).
    pub settings_reloads: IntCounterVec,
    /// `pbm_etcd_connected`: 1 while the etcd watch is established.
    pub etcd_connected: IntGauge,
    /// `pbm_store_pool_connections{pool, state}`.
    pub pool: IntGaugeVec,
    /// `pbm_watchers`: open WatchDirectory streams.
    pub watchers: IntGauge,
    /// `pbm_change_feed_revision`: the change-log revision this replica has followed to.
    pub feed_revision: IntGauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics(..)")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry with every metric.
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("pbm_requests_total", "Requests by service, method, transport and result code"),
            &["service", "method", "transport", "code"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("pbm_request_duration_seconds", "Time to the response head")
                .buckets(vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["service", "method", "transport"],
        )
        .expect("valid metric");
        let login_failures = IntCounter::new("pbm_login_failures_total", "Failed logins").expect("valid metric");
        let lockouts =
            IntCounter::new("pbm_login_lockouts_total", "Source addresses locked out").expect("valid metric");
        let refused_locked =
            IntCounter::new("pbm_login_refused_locked_total", "Logins refused during a lockout").expect("valid metric");
        let settings_reloads = IntCounterVec::new(
            Opts::new("pbm_settings_reloads_total", "Runtime settings changes by result"),
            &["result"],
        )
        .expect("valid metric");
        let etcd_connected =
            IntGauge::new("pbm_etcd_connected", "1 while the etcd watch is established").expect("valid metric");
        let pool = IntGaugeVec::new(
            Opts::new("pbm_store_pool_connections", "Store connection pool usage"),
            &["pool", "state"],
        )
        .expect("valid metric");
        let watchers = IntGauge::new("pbm_watchers", "Open WatchDirectory streams").expect("valid metric");
        let feed_revision =
            IntGauge::new("pbm_change_feed_revision", "Change-log revision this replica has followed to")
                .expect("valid metric");
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(watchers.clone()),
            Box::new(feed_revision.clone()),
            Box::new(latency.clone()),
            Box::new(login_failures.clone()),
            Box::new(lockouts.clone()),
            Box::new(refused_locked.clone()),
            Box::new(settings_reloads.clone()),
            Box::new(etcd_connected.clone()),
            Box::new(pool.clone()),
        ] {
            registry.register(collector).expect("unique metric names");
        }
        Self {
            registry,
            requests,
            latency,
            login_failures,
            lockouts,
            refused_locked,
            settings_reloads,
            etcd_connected,
            pool,
            watchers,
            feed_revision,
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer).expect("text encoding");
        String::from_utf8(buffer).expect("UTF-8 exposition")
    }

    /// `GET /metrics`.
    pub fn response(&self) -> Response {
        let mut response = self.render().into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"));
        response
    }
}

/// The gRPC methods this server serves, `package.Service/Method` →
/// (service, method), read once from the descriptor sets it serves (pbm's own,
/// health, reflection v1 and v1alpha). Only these become label values: a
/// path a client makes up is counted as `unknown` (see [`classify`]).
static KNOWN_METHODS: LazyLock<HashMap<String, (&'static str, &'static str)>> = LazyLock::new(|| {
    use prost::Message as _;
    let mut known = HashMap::new();
    for encoded in [
        crate::pb::FILE_DESCRIPTOR_SET,
        tonic_health::pb::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
    ] {
        let set = prost_types::FileDescriptorSet::decode(encoded).expect("valid descriptor set");
        for file in set.file {
            for service in &file.service {
                let full = format!("{}.{}", file.package(), service.name());
                let full: &'static str = Box::leak(full.into_boxed_str());
                for method in &service.method {
                    let name: &'static str = Box::leak(method.name().to_owned().into_boxed_str());
                    known.insert(format!("{full}/{name}"), (full, name));
                }
            }
        }
    }
    known
});

/// The label value of anything a client named that pbm does not serve.
pub const UNKNOWN: &str = "unknown";

/// The HTTP methods that get a label of their own on `/v2`; any other
/// (a client may send any token) is counted as `OTHER`.
const HTTP_METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Whether `path` (`/package.Service/Method`) is a gRPC method this server serves.
pub fn is_known_grpc_path(path: &str) -> bool {
    KNOWN_METHODS.contains_key(path.trim_start_matches('/'))
}

/// The labels of a request: transport, service, method. Every value comes
/// from a fixed set — the served gRPC methods, the `/v2` route table, the
/// usual HTTP methods, or `unknown`/`unmatched`/`OTHER` — so that no client
/// can add series (each with a histogram) by making up paths or methods.
fn classify(request: &Request) -> Option<(&'static str, &'static str, &'static str)> {
    let path = request.uri().path();
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/grpc") {
        let transport = if content_type.starts_with("application/grpc-web") { "grpc-web" } else { "grpc" };
        let (service, method) = KNOWN_METHODS.get(path.trim_start_matches('/')).copied().unwrap_or((UNKNOWN, UNKNOWN));
        return Some((transport, service, method));
    }
    for (prefix, transport) in [("/v2", "v2"), ("/scim/v2", "scim")] {
        if path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')) {
            let route = request.extensions().get::<axum::extract::MatchedPath>().map_or("unmatched", |m| {
                // A matched path is one of the router's own route strings: intern it.
                intern_route(m.as_str())
            });
            let method = HTTP_METHODS.iter().find(|m| **m == request.method().as_str()).copied().unwrap_or("OTHER");
            return Some((transport, route, method));
        }
    }
    None
}

/// The `'static` copy of a route string of the router (a bounded set:
/// the routes are fixed when the server starts).
fn intern_route(route: &str) -> &'static str {
    static ROUTES: LazyLock<std::sync::Mutex<std::collections::HashSet<&'static str>>> =
        LazyLock::new(Default::default);
    let mut routes = ROUTES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = routes.get(route) {
        return known;
    }
    let leaked: &'static str = Box::leak(route.to_owned().into_boxed_str());
    routes.insert(leaked);
    leaked
}

/// The result code of a response: the gRPC status name, or the HTTP status.
fn result_code(transport: &str, response: &Response) -> String {
    if transport == "v2" || transport == "scim" {
        return response.status().as_u16().to_string();
    }
    match response.headers().get("grpc-status").and_then(|v| v.to_str().ok()) {
        // Success comes in the trailers: a response head without a status is OK.
        None if response.status().is_success() => "OK".into(),
        None => format!("HTTP_{}", response.status().as_u16()),
        Some(code) => {
            let code = code.parse::<i32>().map(tonic::Code::from).unwrap_or(tonic::Code::Unknown);
            format!("{code:?}")
        }
    }
}

/// Tower layer counting and timing every gRPC, grpc-web, /v2 and /scim/v2 request.
#[derive(Clone)]
pub struct MetricsLayer(pub Arc<Metrics>);

impl<S> tower::Layer<S> for MetricsLayer {
    type Service = MetricsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        MetricsService { inner, metrics: self.0.clone() }
    }
}

/// The service of [`MetricsLayer`].
#[derive(Clone)]
pub struct MetricsService<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

impl<S> tower::Service<Request> for MetricsService<S>
where
    S: tower::Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let labels = classify(&request);
        let metrics = self.metrics.clone();
        let started = Instant::now();
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await?;
            if let Some((transport, service, method)) = labels {
                let code = result_code(transport, &response);
                metrics.requests.with_label_values(&[service, method, transport, &code]).inc();
                metrics
                    .latency
                    .with_label_values(&[service, method, transport])
                    .observe(started.elapsed().as_secs_f64());
            }
            Ok(response)
        })
    }
}
