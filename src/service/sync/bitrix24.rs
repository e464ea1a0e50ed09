//! cabsync from Bitrix24 (guide §2.15, `services/bitrix24/*`): the portal's
//! active users become external contacts of a tenant's address book, read
//! through the portal's REST API with an incoming webhook and written by the
//! same end as the directory's cabsync (`contacts::fill_book`): the
//! same scope, conflicts, idempotence, dry run, audit and progress.
//!
//! - Calls: `<url>/rest/<admin_userid>/<webhook>/<method>.json`, a POST
//!   with a JSON body (the documented webhook form). `department.get` is
//!   read once (every page) for the departments' names, then `user.get`
//!   with `FILTER: {ACTIVE: true}` (dismissed users left out),
//!   `ADMIN_MODE: true` (every user, as the portal's admin sees them) and
//!   sorted by `ID`.
//! - Paging as documented: 50 entries a page, `start` 0, 50, …, each next
//!   value taken from the answer's `next`, until an answer has none.
//! - Keyed by the Bitrix24 user `ID`, kept on the contact (`source`
//!   `bitrix24`, `source_id`): a new name or address at the portal is an
//!   update of the same contact. Every run is a full pass: a user deleted
//!   or dismissed at the portal (or returned with `ACTIVE` false) is removed
//!   from the book.
//! - Mapping: `NAME` + `LAST_NAME` the name (`SECOND_NAME`, a patronymic,
//!   is left out, as a directory's `displayName` leaves it out; neither:
//!   the address's local part), `EMAIL` the address (a user without one is
//!   reported as a conflict and left out), `WORK_POSITION` the title,
//!   `WORK_PHONE` and `PERSONAL_MOBILE` the phones (a value a contact cannot
//!   hold is left out and noted), the `NAME`s of the `UF_DEPARTMENT` ids
//!   (through `department.get`; an unknown id is skipped) the department,
//!   joined by `, `, and `WORK_CITY`, else `PERSONAL_CITY`, the city.
//! - Errors, each before anything is written: `QUERY_LIMIT_EXCEEDED` (HTTP
//!   503; also the documented "retry the call" 500s) is retried on the
//!   same page after 0.5, 1, 2 and 4 s, then UNAVAILABLE; a webhook the
//!   portal refuses (`INVALID_CREDENTIALS`, `NO_AUTH_FOUND`,
//!   `expired_token`, a missing scope) FAILED_PRECONDITION naming
//!   `services/bitrix24/webhook`; a portal that cannot be reached or does
//!   not answer within [`REQUEST_TIMEOUT`] UNAVAILABLE naming `host:port`
//!   (every UNAVAILABLE of this sync is [`Error::PortalUnavailable`],
//!   reason `BITRIX24_UNAVAILABLE`: the source of the people is down, pbm
//!   is not).
//!   The webhook's token is a secret: it is in the request's path only, and
//!   no error, log line, audit event or report carries it.
//! - Transport: hyper's pooled client over TCP, with TLS (rustls, verified
//!   against the system's trust store, no "do not verify" switch) for an
//!   `https://` URL. Plain `http://` is allowed too — an on-premise portal
//!   behind a TLS-terminating proxy on the same host, or the tests' fake
//!   portal on the loopback — and the portal itself may refuse it
//!   (`INVALID_REQUEST`, "Https required": FAILED_PRECONDITION naming
//!   `services/bitrix24/url`).

use std::{
    collections::{HashMap, HashSet},
    future::Future,
    io,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use bytes::Bytes;
use http::{Method, Request, StatusCode, Uri, header, uri::Scheme};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper_util::{
    client::legacy::{
        Client,
        connect::{Connected, Connection, HttpConnector},
    },
    rt::{TokioExecutor, TokioIo},
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpStream,
};

use super::{
    Progress, SyncPhase, SyncReport,
    contacts::{BookRun, Desired, SYNC_ADDRESS_BOOK, fill_book, phones_of, text},
};
use crate::directory::Bitrix24Settings;
use crate::domain::{
    self, Contact,
    address::normalize_mail,
    contact::DEFAULT_CONTACT_ADDRESS_BOOK_VISIBILITY,
    text::{MAX_NAME_CHARS, check_text},
};
use crate::error::{Error, Result};
use crate::service::{Core, RequestContext};
use crate::settings::keys;

/// The source of the contacts the Bitrix24 sync makes.
pub const BITRIX24_SOURCE: &str = "bitrix24";

/// The longest one request may take, connection and answer included (a
/// fixed value: Bitrix24 answers a page in well under a second).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The waits before the retries of a page the portal refused with
/// `QUERY_LIMIT_EXCEEDED`: five tries in all.
const RETRY_DELAYS: [Duration; 4] =
    [Duration::from_millis(500), Duration::from_secs(1), Duration::from_secs(2), Duration::from_secs(4)];

/// The largest answer read (a page is 50 entries).
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// The most pages one list is read in (a million users): a portal whose
/// `next` never ends is refused rather than followed forever.
const MAX_PAGES: u64 = 20_000;

/// Characters escaped in a path segment (the user id, the token).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A connection to the portal: plain TCP (`http://`) or TLS over TCP.
enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Self::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Self::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_flush(cx),
            Self::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Self::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

impl Connection for Stream {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

/// hyper's TCP connector, with TLS on top for `https://` URIs.
#[derive(Clone)]
struct Connector {
    tcp: HttpConnector,
    /// `None`: the portal's URL is `http://`, and so is every request.
    tls: Option<tokio_rustls::TlsConnector>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl tower::Service<Uri> for Connector {
    type Response = TokioIo<Stream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = std::result::Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), BoxError>> {
        self.tcp.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let https = uri.scheme() == Some(&Scheme::HTTPS);
        let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_owned();
        let connecting = self.tcp.call(uri);
        let tls = self.tls.clone();
        Box::pin(async move {
            let tcp = connecting.await?.into_inner();
            if !https {
                return Ok(TokioIo::new(Stream::Plain(tcp)));
            }
            let tls = tls.ok_or("an https request on a client made for http")?;
            let name = rustls::pki_types::ServerName::try_from(host)?;
            let stream = tls.connect(name, tcp).await?;
            Ok(TokioIo::new(Stream::Tls(Box::new(stream))))
        })
    }
}

/// TLS towards the portal: the system's trust store, HTTP/1.1.
fn tls_connector(url: &str) -> Result<tokio_rustls::TlsConnector> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if roots.is_empty() {
        return Err(Error::FailedPrecondition(format!(
            "{}: the system has no CA certificates to verify {url} with (install ca-certificates)",
            keys::BITRIX24_URL
        )));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal(anyhow::anyhow!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

/// What one call came to.
enum Outcome {
    /// The answer object.
    Answer(Value),
    /// Worth a retry (`QUERY_LIMIT_EXCEEDED`): why.
    Retry(String),
    /// A failure.
    Failed(Error),
}

/// A portal's REST API through its incoming webhook.
struct Portal {
    client: Client<Connector, Full<Bytes>>,
    /// `<url>/rest/<admin_userid>/<webhook>/`: holds the secret, never shown.
    base: String,
    /// `host:port`, what messages name.
    endpoint: String,
    /// The token, taken out of any message that would carry it.
    token: String,
}

impl Portal {
    fn new(settings: &Bitrix24Settings) -> Result<Self> {
        let url = settings.url.as_str();
        let bad_url = || Error::FailedPrecondition(format!("{}: {url:?} is not an http(s) URL", keys::BITRIX24_URL));
        let parsed: Uri = url.parse().map_err(|_| bad_url())?;
        let https = match parsed.scheme() {
            Some(s) if *s == Scheme::HTTPS => true,
            Some(s) if *s == Scheme::HTTP => false,
            _ => return Err(bad_url()),
        };
        let host = parsed.host().filter(|h| !h.is_empty()).ok_or_else(bad_url)?;
        let port = parsed.port_u16().unwrap_or(if https { 443 } else { 80 });
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(REQUEST_TIMEOUT));
        let tls = if https { Some(tls_connector(url)?) } else { None };
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(1)
            .build(Connector { tcp, tls });
        let token = settings.webhook.expose().trim().to_owned();
        let segment = |s: &str| utf8_percent_encode(s, SEGMENT).to_string();
        let base = format!("{url}/rest/{}/{}/", segment(settings.admin_userid.trim()), segment(&token));
        Ok(Self { client, base, endpoint: format!("{host}:{port}"), token })
    }

    /// `message` without the token (defence in depth: nothing pbm writes
    /// names it, but a message built from a lower layer's error might).
    fn scrub(&self, message: String) -> String {
        if self.token.len() < 6 {
            return message;
        }
        let encoded = utf8_percent_encode(&self.token, SEGMENT).to_string();
        message.replace(&self.token, "***").replace(&encoded, "***")
    }

    /// UNAVAILABLE naming the portal's `host:port` (a plain `Unavailable`
    /// is masked; this one is the caller's to see).
    fn unavailable(&self, reason: String) -> Error {
        Error::PortalUnavailable { host: self.endpoint.clone(), reason: self.scrub(reason) }
    }

    fn precondition(&self, message: String) -> Error {
        Error::FailedPrecondition(self.scrub(message))
    }

    /// One call of `method`, retried on `QUERY_LIMIT_EXCEEDED`.
    async fn call(&self, method: &str, params: &Value) -> Result<Value> {
        let mut tries = 0;
        loop {
            tries += 1;
            match self.once(method, params).await {
                Outcome::Answer(answer) => return Ok(answer),
                Outcome::Failed(e) => return Err(e),
                Outcome::Retry(reason) => match RETRY_DELAYS.get(tries - 1) {
                    Some(delay) => {
                        tracing::info!(method, reason, retry_in_ms = delay.as_millis() as u64, "Bitrix24 retry");
                        tokio::time::sleep(*delay).await;
                    }
                    None => {
                        return Err(self.unavailable(format!(
                            "still answers {method} with {reason} after {tries} tries; run the sync later"
                        )));
                    }
                },
            }
        }
    }

    /// One request.
    async fn once(&self, method: &str, params: &Value) -> Outcome {
        let endpoint = &self.endpoint;
        let body = match serde_json::to_vec(params) {
            Ok(body) => body,
            Err(e) => return Outcome::Failed(Error::internal(e)),
        };
        let uri: Uri = match format!("{}{method}.json", self.base).parse() {
            Ok(uri) => uri,
            Err(_) => {
                return Outcome::Failed(self.precondition(format!(
                    "{} with {} and {} is not a valid URL",
                    keys::BITRIX24_URL,
                    keys::BITRIX24_ADMIN_USERID,
                    keys::BITRIX24_WEBHOOK
                )));
            }
        };
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, concat!("pbm/", env!("CARGO_PKG_VERSION")))
            .body(Full::new(Bytes::from(body)));
        let request = match request {
            Ok(request) => request,
            Err(e) => return Outcome::Failed(Error::internal(e)),
        };
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| self.unavailable(format!("cannot be reached: {}", causes(&e))))?;
            let status = response.status();
            let bytes = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                .collect()
                .await
                .map_err(|e| self.unavailable(format!("did not finish its answer to {method}: {e}")))?
                .to_bytes();
            Ok::<_, Error>((status, bytes))
        };
        let (status, bytes) = match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(e)) => return Outcome::Failed(e),
            Err(_) => {
                return Outcome::Failed(
                    self.unavailable(format!("did not answer {method} within {} s", REQUEST_TIMEOUT.as_secs())),
                );
            }
        };
        tracing::debug!(method, status = status.as_u16(), bytes = bytes.len(), "Bitrix24");
        let answer: Option<Value> = serde_json::from_slice(&bytes).ok().filter(Value::is_object);
        let Some(answer) = answer else {
            if status.is_server_error() {
                return Outcome::Failed(self.unavailable(format!("answered {method} with HTTP {status}")));
            }
            return Outcome::Failed(self.precondition(format!(
                "{endpoint} answered {method} with HTTP {status} and no Bitrix24 answer: is {} the portal's address?",
                keys::BITRIX24_URL
            )));
        };
        match answer.get("error") {
            None | Some(Value::Null) if status.is_success() => Outcome::Answer(answer),
            None | Some(Value::Null) => {
                Outcome::Failed(self.unavailable(format!("answered {method} with HTTP {status}")))
            }
            Some(code) => {
                let code = scalar(code);
                let description = answer.get("error_description").map(scalar).unwrap_or_default();
                self.refusal(method, status, &code, &description)
            }
        }
    }

    /// What an error answer means (the documented system errors).
    fn refusal(&self, method: &str, status: StatusCode, code: &str, description: &str) -> Outcome {
        let endpoint = &self.endpoint;
        let what = if description.is_empty() { code.to_owned() } else { format!("{code}: {description}") };
        let webhook = keys::BITRIX24_WEBHOOK;
        match code {
            "QUERY_LIMIT_EXCEEDED" | "INTERNAL_SERVER_ERROR" | "ERROR_UNEXPECTED_ANSWER" => Outcome::Retry(code.into()),
            "INVALID_CREDENTIALS" | "NO_AUTH_FOUND" | "expired_token" | "invalid_token" | "WRONG_AUTH_TYPE" => {
                Outcome::Failed(self.precondition(format!(
                    "Bitrix24 at {endpoint} refused the webhook ({what}): check {webhook} and {}, the webhook's user",
                    keys::BITRIX24_ADMIN_USERID
                )))
            }
            "insufficient_scope" | "ERROR_METHOD_NOT_FOUND" => Outcome::Failed(self.precondition(format!(
                "Bitrix24 at {endpoint} does not let the webhook call {method} ({what}): \
                 the webhook of {webhook} needs the scopes user and department"
            ))),
            "ACCESS_DENIED" | "user_access_error" => Outcome::Failed(self.precondition(format!(
                "Bitrix24 at {endpoint} refused {method} ({what}): check the portal's plan and {webhook}"
            ))),
            "INVALID_REQUEST" => Outcome::Failed(self.precondition(format!(
                "Bitrix24 at {endpoint} refused {method} ({what}): set {} to its https:// address",
                keys::BITRIX24_URL
            ))),
            "PORTAL_DELETED" => Outcome::Failed(self.precondition(format!(
                "Bitrix24 at {endpoint} answered {method} with {what}: check {}",
                keys::BITRIX24_URL
            ))),
            _ => Outcome::Failed(self.unavailable(format!("answered {method} with {what} (HTTP {status})"))),
        }
    }

    /// Every entry of a list method, page after page (`start`, then each
    /// answer's `next` until one has none); `on_page` hears the count read.
    async fn list(&self, method: &str, params: Value, mut on_page: impl FnMut(u64)) -> Result<Vec<Value>> {
        let mut entries = Vec::new();
        let mut start = 0u64;
        for _ in 0..MAX_PAGES {
            let mut params = params.clone();
            params["start"] = json!(start);
            let answer = self.call(method, &params).await?;
            let Some(page) = answer.get("result").and_then(Value::as_array) else {
                return Err(self.unavailable(format!("answered {method} without a list of results")));
            };
            entries.extend(page.iter().cloned());
            on_page(entries.len() as u64);
            match answer.get("next").map(scalar).filter(|n| !n.is_empty()) {
                None => return Ok(entries),
                Some(next) => match next.parse::<u64>() {
                    Ok(next) if next > start => start = next,
                    _ => {
                        return Err(
                            self.unavailable(format!("answered {method} from {start} with the next page at {next:?}"))
                        );
                    }
                },
            }
        }
        Err(self.unavailable(format!("has more than {MAX_PAGES} pages of {method}")))
    }
}

/// An error and its causes, `: `-joined (hyper's own message is vague).
fn causes(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// A scalar as text: a string trimmed, a number or a bool written out;
/// anything else empty.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn field(user: &Value, key: &str) -> String {
    user.get(key).map(scalar).unwrap_or_default()
}

/// `ACTIVE` of a user: `true` or `"Y"` (older portals); absent: active (the
/// request asked for active users only).
fn is_active(user: &Value) -> bool {
    match user.get("ACTIVE") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(other) => matches!(scalar(other).to_ascii_lowercase().as_str(), "y" | "true" | "1"),
    }
}

/// The department ids of a user: `UF_DEPARTMENT`, an array (or one value).
fn department_ids(user: &Value) -> Vec<String> {
    match user.get("UF_DEPARTMENT") {
        Some(Value::Array(ids)) => ids.iter().map(scalar).filter(|id| !id.is_empty()).collect(),
        Some(one) => Some(scalar(one)).filter(|id| !id.is_empty()).into_iter().collect(),
        None => Vec::new(),
    }
}

/// How the report names a user: `Bitrix24 user 17 (Анна Кузнецова)`.
fn label_of(user: &Value) -> String {
    let name = format!("{} {}", field(user, "NAME"), field(user, "LAST_NAME")).trim().to_owned();
    match (field(user, "ID"), name.is_empty()) {
        (id, true) => format!("Bitrix24 user {id}"),
        (id, false) => format!("Bitrix24 user {id} ({name})"),
    }
}

/// The contact a Bitrix24 user is; `Err` says why it cannot be one.
fn desired_of(
    user: &Value,
    departments: &HashMap<String, String>,
    tenant_id: &str,
    notes: &mut Vec<String>,
) -> std::result::Result<Desired, String> {
    let id = field(user, "ID");
    if id.is_empty() {
        return Err("has no ID".into());
    }
    let raw = field(user, "EMAIL");
    if raw.is_empty() {
        return Err("has no address (EMAIL is empty)".into());
    }
    let mail = normalize_mail(&raw).map_err(|e| format!("address {raw:?} {e}"))?;
    let mut name = text(format!("{} {}", field(user, "NAME"), field(user, "LAST_NAME")));
    if name.is_empty() {
        name = mail.split('@').next().unwrap_or_default().to_owned();
    }
    check_text(&name, MAX_NAME_CHARS).map_err(|e| format!("{mail}: name {e}"))?;
    let phones =
        phones_of(&mail, [field(user, "WORK_PHONE"), field(user, "PERSONAL_MOBILE")].iter().map(String::as_str), notes);
    let mut seen = HashSet::new();
    let department: Vec<&str> = department_ids(user)
        .iter()
        .filter_map(|id| departments.get(id))
        .map(|name| name.as_str())
        .filter(|name| !name.is_empty() && seen.insert(*name))
        .collect();
    let mut city = field(user, "WORK_CITY");
    if city.is_empty() {
        city = field(user, "PERSONAL_CITY");
    }
    let now = domain::now();
    Ok(Desired {
        label: label_of(user),
        contact: Contact {
            tenant_id: tenant_id.to_owned(),
            mail,
            name,
            phones,
            title: text(field(user, "WORK_POSITION")),
            department: text(department.join(", ")),
            office: String::new(),
            street: String::new(),
            city: text(city),
            address_book_visibility: DEFAULT_CONTACT_ADDRESS_BOOK_VISIBILITY,
            source: BITRIX24_SOURCE.to_owned(),
            source_id: id,
            created_at: now,
            updated_at: now,
            revision: 1,
        },
    })
}

/// The address-book sync from Bitrix24.
#[derive(Clone)]
pub struct Bitrix24Sync(pub(crate) Arc<Core>);

impl Bitrix24Sync {
    fn core(&self) -> &Core {
        &self.0
    }

    /// The settings in force, when the sync may run.
    fn settings(&self) -> Result<Bitrix24Settings> {
        let settings = self.core().settings.current().directory.bitrix24.clone();
        if !settings.enabled {
            return Err(Error::FailedPrecondition(format!(
                "{} is false: the address-book sync from Bitrix24 is off",
                keys::BITRIX24_ENABLED
            )));
        }
        let missing = [
            (settings.url.is_empty(), keys::BITRIX24_URL, "the portal's address"),
            (settings.admin_userid.trim().is_empty(), keys::BITRIX24_ADMIN_USERID, "the webhook's user"),
            (settings.webhook.expose().trim().is_empty(), keys::BITRIX24_WEBHOOK, "the webhook"),
        ];
        if let Some((_, key, what)) = missing.iter().find(|(empty, _, _)| *empty) {
            return Err(Error::FailedPrecondition(format!("{key} is not set: pbm does not know {what}")));
        }
        Ok(settings)
    }

    /// cabsync of `tenant_id` from Bitrix24 (admins of the tenant and
    /// superadmins): the portal's active users into the book's contacts. A
    /// dry run reports the plan and writes nothing. The run reports to
    /// `progress`.
    pub async fn sync(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        dry_run: bool,
        progress: &Progress,
    ) -> Result<SyncReport> {
        self.core()
            .audited(ctx, SYNC_ADDRESS_BOOK, tenant_id, "address_book:bitrix24", async {
                let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
                self.core().existing_tenant(tenant_id).await?;
                self.run(ctx, (&caller.account, &caller.tenant_id), tenant_id, dry_run, progress).await
            })
            .await
    }

    /// The periodic cabsync of `tenant_id` from Bitrix24
    /// (`services/bitrix24/sync_tenants`), run as the system.
    pub async fn run_periodic(&self, tenant_id: &str) -> Result<SyncReport> {
        self.core().existing_tenant(tenant_id).await?;
        self.run(&RequestContext::default(), ("system", ""), tenant_id, false, &Progress::silent()).await
    }

    async fn run(
        &self,
        ctx: &RequestContext,
        actor: (&str, &str),
        tenant_id: &str,
        dry_run: bool,
        progress: &Progress,
    ) -> Result<SyncReport> {
        let settings = self.settings()?;
        progress.phase(SyncPhase::Connecting);
        let portal = Portal::new(&settings)?;
        let listed = portal.list("department.get", json!({"sort": "ID", "order": "ASC"}), |_| {}).await?;
        let departments: HashMap<String, String> =
            listed.iter().map(|d| (field(d, "ID"), field(d, "NAME"))).filter(|(id, _)| !id.is_empty()).collect();
        progress.read(0);
        let params = json!({"FILTER": {"ACTIVE": true}, "ADMIN_MODE": true, "sort": "ID", "order": "ASC"});
        let users = portal.list("user.get", params, |read| progress.read(read)).await?;
        progress.phase(SyncPhase::Planning);

        let mut report = SyncReport { dry_run, full: true, read: users.len() as u64, ..Default::default() };
        let mut desired = Vec::with_capacity(users.len());
        let mut notes = Vec::new();
        for user in users.iter().filter(|u| is_active(u)) {
            match desired_of(user, &departments, tenant_id, &mut notes) {
                Ok(d) => desired.push(d),
                Err(reason) => report.conflicts.push(format!("{}: {reason}", label_of(user))),
            }
        }
        report.changes.extend(notes);
        let run =
            BookRun { ctx, actor, tenant_id, source: BITRIX24_SOURCE, source_name: "Bitrix24", dry_run, progress };
        fill_book(self.core(), &run, desired, report).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_becomes_a_contact() {
        let departments =
            HashMap::from([("1".to_owned(), "Головной офис".to_owned()), ("3".to_owned(), "Продажи".to_owned())]);
        let user = json!({
            "ID": "17", "ACTIVE": true, "NAME": "Анна", "LAST_NAME": "Кузнецова", "SECOND_NAME": "Петровна",
            "EMAIL": " Anna.Kuznetsova@Corp.Test ", "WORK_POSITION": "Бухгалтер",
            "WORK_PHONE": "+7 495 000-00-02", "PERSONAL_MOBILE": "доб. 5", "PERSONAL_PHONE": "+7 900 1",
            "UF_DEPARTMENT": [3, 1, 99, 3], "WORK_CITY": "", "PERSONAL_CITY": "Тверь",
        });
        let mut notes = Vec::new();
        let d = desired_of(&user, &departments, "corp", &mut notes).unwrap();
        assert_eq!(d.label, "Bitrix24 user 17 (Анна Кузнецова)");
        let c = d.contact;
        assert_eq!(
            (c.mail.as_str(), c.name.as_str(), c.title.as_str()),
            ("anna.kuznetsova@corp.test", "Анна Кузнецова", "Бухгалтер")
        );
        assert_eq!((c.department.as_str(), c.city.as_str()), ("Продажи, Головной офис", "Тверь"));
        assert_eq!(c.phones, ["+7 495 000-00-02"]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!((c.source.as_str(), c.source_id.as_str()), ("bitrix24", "17"));
        let no_mail = json!({"ID": 18, "NAME": "Пётр", "EMAIL": ""});
        assert!(desired_of(&no_mail, &departments, "corp", &mut notes).unwrap_err().contains("EMAIL"));
        let numeric = json!({"ID": 19, "EMAIL": "x@corp.test", "UF_DEPARTMENT": 1});
        let d = desired_of(&numeric, &departments, "corp", &mut notes).unwrap();
        assert_eq!(
            (d.contact.source_id.as_str(), d.contact.name.as_str(), d.contact.department.as_str()),
            ("19", "x", "Головной офис")
        );
    }

    #[test]
    fn active_flags() {
        assert!(is_active(&json!({"ACTIVE": true})) && is_active(&json!({"ACTIVE": "Y"})) && is_active(&json!({})));
        assert!(!is_active(&json!({"ACTIVE": false})) && !is_active(&json!({"ACTIVE": "N"})));
    }

    fn portal(url: &str, token: &str) -> Result<Portal> {
        Portal::new(&Bitrix24Settings {
            enabled: true,
            url: url.into(),
            admin_userid: "1".into(),
            webhook: crate::settings::Secret::new(token),
            sync_interval: Duration::ZERO,
            sync_tenants: Vec::new(),
        })
    }

    #[test]
    fn the_token_is_escaped_in_the_path_and_scrubbed_from_messages() {
        let p = portal("https://portal.example", "abc/def123").unwrap();
        assert_eq!(p.base, "https://portal.example/rest/1/abc%2Fdef123/");
        assert_eq!(p.endpoint, "portal.example:443");
        assert_eq!(p.scrub("x abc/def123 y abc%2Fdef123".into()), "x *** y ***");
        assert!(
            matches!(portal("ftp://x", "t"), Err(Error::FailedPrecondition(m)) if m.contains("services/bitrix24/url"))
        );
    }

    #[tokio::test]
    async fn refusals_are_named_and_limits_retried() {
        let p = portal("http://127.0.0.1:1", "secret-token").unwrap();
        let failed = |o: Outcome| match o {
            Outcome::Failed(e) => e,
            _ => panic!("not a failure"),
        };
        let e = failed(p.refusal(
            "user.get",
            StatusCode::UNAUTHORIZED,
            "expired_token",
            "The access token provided has expired",
        ));
        assert!(matches!(&e, Error::FailedPrecondition(m) if m.contains("services/bitrix24/webhook")), "{e}");
        assert!(matches!(
            p.refusal("user.get", StatusCode::SERVICE_UNAVAILABLE, "QUERY_LIMIT_EXCEEDED", ""),
            Outcome::Retry(_)
        ));
        let e = failed(p.refusal("user.get", StatusCode::UNAUTHORIZED, "INVALID_REQUEST", "Https required"));
        assert!(e.to_string().contains("services/bitrix24/url"), "{e}");
        // Nothing listens on port 1: UNAVAILABLE naming the host, never the token.
        let e = p.call("user.get", &json!({})).await.unwrap_err();
        assert!(matches!(&e, Error::PortalUnavailable { host, .. } if host == "127.0.0.1:1"), "{e}");
        assert!(!e.to_string().contains("secret-token"), "{e}");
    }

    /// https is verified against the system's trust store: a portal with a
    /// certificate of its own making is refused, naming the host.
    #[tokio::test]
    async fn https_portals_are_verified() {
        let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
        let key = rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert.cert.der().clone()], key)
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let _ = acceptor.accept(tcp).await;
            }
        });
        let p = match portal(&format!("https://localhost:{port}"), "secret-token") {
            Ok(p) => p,
            Err(Error::FailedPrecondition(m))
                if m.contains("no CA certificates") && std::env::var_os("CI").is_none() =>
            {
                eprintln!("skipped: {m}");
                return;
            }
            Err(e) => panic!("{e}"),
        };
        let e = p.call("user.get", &json!({})).await.unwrap_err();
        let message = e.to_string();
        assert!(matches!(e, Error::PortalUnavailable { .. }), "{message}");
        assert!(message.contains(&format!("localhost:{port}")) && message.contains("certificate"), "{message}");
        server.abort();
    }
}
