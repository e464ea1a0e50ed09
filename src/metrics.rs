//! Prometheus metrics, served as text at `GET /metrics`: requests by
//! service, method, transport and result code, latency histograms, login
//! failures and lockouts, settings reloads and the etcd connection, store
//! pool usage. One registry per server, so several servers in one process
//! (tests) do not mix their counts.

use std::{
    sync::Arc,
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

/// The labels of a request: transport, service, method.
fn classify(request: &Request) -> Option<(&'static str, String, String)> {
    let path = request.uri().path();
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/grpc") {
        let transport = if content_type.starts_with("application/grpc-web") { "grpc-web" } else { "grpc" };
        let (service, method) = path.trim_start_matches('/').split_once('/').unwrap_or((path, ""));
        return Some((transport, service.to_owned(), method.to_owned()));
    }
    if path.starts_with("/v2/") || path == "/v2" {
        let route = request
            .extensions()
            .get::<axum::extract::MatchedPath>()
            .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
        return Some(("v2", route, request.method().as_str().to_owned()));
    }
    None
}

/// The result code of a response: the gRPC status name, or the HTTP status.
fn result_code(transport: &str, response: &Response) -> String {
    if transport == "v2" {
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

/// Tower layer counting and timing every gRPC, grpc-web and /v2 request.
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
                metrics.requests.with_label_values(&[&service, &method, transport, &code]).inc();
                metrics
                    .latency
                    .with_label_values(&[&service, &method, transport])
                    .observe(started.elapsed().as_secs_f64());
            }
            Ok(response)
        })
    }
}
