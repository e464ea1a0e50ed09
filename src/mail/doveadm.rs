//! The mail store over Dovecot's doveadm HTTP API (Dovecot 2.3): the
//! [`MailBackend`] port as `POST <services/doveadm/url>` requests of exactly
//! one command each, `[["<command>", {<parameters>}, "<tag>"]]`.
//!
//! Why so careful: a doveadm HTTP worker dies on a malformed command (a
//! missing `query`, an unknown fetch field or ACL right) and the client
//! only sees the connection close; 2.3.19 renders invalid JSON when a batch
//! holds a failed command; and a request carrying `Connection: close` with a
//! wrong key is never answered. So every parameter is checked here before it
//! is sent (the service layer has refused bad input already: a failed check
//! here is a bug, `Internal`), one command goes per request, no
//! `Connection: close` is ever sent (hyper's pooled HTTP/1.1 client), and
//! every request — connecting, sending, reading the whole answer — runs
//! under `services/doveadm/timeout`.
//!
//! Settings are read per request from the live snapshot (URL, login,
//! password or API key, timeout), so a change applies to the next call.
//! With a login, pbm authenticates with basic auth (`doveadm_password`);
//! with an empty login, the password is sent as an API key
//! (`X-Dovecot-API`, `doveadm_api_key`). Plain `http://` only.
//!
//! Answers: `[["doveadmResponse", <rows>, tag]]`, or `[["error", {"type":
//! "exitCode", "exitCode": N}, tag]]`: 67 unknown user and 68 missing
//! mailbox are NOT_FOUND, 75 (temporary failure) and transport failures
//! UNAVAILABLE. Values of rows are strings; message texts come back with LF
//! line ends.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use base64::Engine as _;
use bytes::Bytes;
use chrono::DateTime;
use http::{Method, Request, StatusCode, Uri, header};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use serde_json::{Value, json};

use crate::domain::mail::{
    AclEntry, FetchedMessage, MAX_FETCH_UIDS, MailQuery, MailboxName, MailboxQuota, MailboxRight, MessageHit,
    MessagePart, OwnerMask, decode_mime_words, is_mailbox_guid, normalize_owner,
};
use crate::error::{Error, Result};
use crate::ports::MailBackend;
use crate::settings::{DoveadmSettings, SettingsHandle};

/// Largest answer read (a fetch of big messages), in bytes.
const MAX_ANSWER_BYTES: usize = 256 * 1024 * 1024;
/// How long an idle pooled connection is kept: each one holds a doveadm
/// worker process (`client_limit = 1`), so not long.
const POOL_IDLE: Duration = Duration::from_secs(5);
/// Idle pooled connections kept at most.
const POOL_MAX_IDLE: usize = 4;
/// The tag of every command (one per request, so one tag suffices).
const TAG: &str = "pbm";

/// Fields of a search hit, as fetch names them.
const HIT_FIELDS: [&str; 9] = [
    "mailbox",
    "mailbox-guid",
    "uid",
    "flags",
    "hdr.message-id",
    "hdr.subject",
    "hdr.from",
    "date.received.unixtime",
    "size.physical",
];

/// The doveadm HTTP API client.
#[derive(Clone)]
pub struct Doveadm {
    settings: SettingsHandle,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl std::fmt::Debug for Doveadm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Doveadm").finish_non_exhaustive()
    }
}

/// What a NOT_FOUND answer is about.
struct Subject<'a> {
    user: &'a str,
    mailbox: Option<&'a str>,
}

impl<'a> Subject<'a> {
    fn user(user: &'a str) -> Self {
        Self { user, mailbox: None }
    }

    fn mailbox(user: &'a str, mailbox: &'a str) -> Self {
        Self { user, mailbox: Some(mailbox) }
    }
}

impl Doveadm {
    /// A client reading its settings from `settings` at every request.
    pub fn new(settings: SettingsHandle) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.enforce_http(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(POOL_IDLE)
            .pool_max_idle_per_host(POOL_MAX_IDLE)
            .build(connector);
        Self { settings, client }
    }

    /// Sends one command; returns the rows (or object) of its answer.
    async fn call(&self, command: &'static str, parameters: Value, subject: Subject<'_>) -> Result<Value> {
        let settings = self.settings.current();
        let config = &settings.doveadm;
        let uri = endpoint(config)?;
        let body = serde_json::to_vec(&json!([[command, parameters, TAG]])).map_err(Error::internal)?;
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(uri.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json");
        if let Some(value) = authorization(config) {
            request = request.header(header::AUTHORIZATION, value);
        }
        let request = request.body(Full::new(Bytes::from(body))).map_err(Error::internal)?;
        // host:port only: a URL's user:password@ must never reach a message.
        let where_ = format!("{}:{}", uri.host().unwrap_or_default(), uri.port_u16().unwrap_or(80));
        let started = Instant::now();
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| {
                Error::Unavailable(format!(
                    "doveadm at {where_}: {}",
                    std::error::Error::source(&e).map_or_else(|| e.to_string(), ToString::to_string)
                ))
            })?;
            let status = response.status();
            let bytes = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                .collect()
                .await
                .map_err(|e| Error::Unavailable(format!("doveadm at {where_}: reading the answer: {e}")))?
                .to_bytes();
            Ok::<_, Error>((status, bytes))
        };
        let (status, bytes) = tokio::time::timeout(config.timeout, exchange).await.map_err(|_| {
            Error::Unavailable(format!(
                "doveadm at {where_} did not answer {command} within {} s",
                config.timeout.as_secs()
            ))
        })??;
        tracing::debug!(
            command,
            user = subject.user,
            status = status.as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "doveadm"
        );
        match status {
            StatusCode::OK => {}
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                return Err(Error::Unavailable(format!(
                    "doveadm at {where_} refused pbm's credentials (HTTP {status}): check services/doveadm/login and password"
                )));
            }
            status if status.is_server_error() => {
                return Err(Error::Unavailable(format!("doveadm at {where_} answered HTTP {status}")));
            }
            status => {
                return Err(Error::internal(anyhow::anyhow!("doveadm answered {command} with HTTP {status}")));
            }
        }
        answer(command, &bytes, &subject)
    }
}

/// The URL of the API, checked.
fn endpoint(config: &DoveadmSettings) -> Result<Uri> {
    if config.url.is_empty() {
        return Err(Error::FailedPrecondition("the mail store is not configured: set services/doveadm/url".into()));
    }
    let uri: Uri =
        config.url.parse().map_err(|_| Error::FailedPrecondition("services/doveadm/url is not a valid URL".into()))?;
    match uri.scheme_str() {
        Some("http") if uri.authority().is_some() => Ok(uri),
        _ => Err(Error::FailedPrecondition(
            "services/doveadm/url must be an http:// URL (https is not supported: keep doveadm on a private network)"
                .into(),
        )),
    }
}

/// The `Authorization` header: basic auth with a login, else the API key.
fn authorization(config: &DoveadmSettings) -> Option<String> {
    let secret = config.password.expose();
    if secret.is_empty() {
        return None;
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    Some(if config.login.is_empty() {
        format!("X-Dovecot-API {}", b64.encode(secret))
    } else {
        format!("Basic {}", b64.encode(format!("{}:{secret}", config.login)))
    })
}

/// Reads an answer body: the payload of `doveadmResponse`, or the error.
fn answer(command: &str, bytes: &[u8], subject: &Subject<'_>) -> Result<Value> {
    if bytes.is_empty() {
        // The signature of a worker that died on the request.
        return Err(Error::Unavailable(format!("doveadm closed the connection without answering {command}")));
    }
    // Message texts need not be UTF-8; their bytes are not ours to refuse.
    let text = String::from_utf8_lossy(bytes);
    let document: Value = serde_json::from_str(&text)
        .map_err(|e| Error::internal(anyhow::anyhow!("doveadm answered {command} with invalid JSON: {e}")))?;
    let reply = document.as_array().and_then(|a| a.first()).and_then(Value::as_array);
    let (kind, payload) = match reply.map(Vec::as_slice) {
        Some([Value::String(kind), payload, ..]) => (kind.as_str(), payload),
        _ => return Err(Error::internal(anyhow::anyhow!("doveadm answered {command} with an unexpected shape"))),
    };
    match kind {
        "doveadmResponse" => Ok(payload.clone()),
        "error" => Err(error_of(command, payload, subject)),
        other => Err(Error::internal(anyhow::anyhow!("doveadm answered {command} with {other:?}"))),
    }
}

/// The error of an `["error", {...}]` answer.
fn error_of(command: &str, payload: &Value, subject: &Subject<'_>) -> Error {
    let kind = payload.get("type").and_then(Value::as_str).unwrap_or_default();
    let code = payload.get("exitCode").and_then(Value::as_i64);
    match (kind, code) {
        ("exitCode", Some(67)) => Error::not_found("mailbox owner", subject.user),
        ("exitCode", Some(68)) => Error::not_found("mailbox", subject.mailbox.unwrap_or(subject.user)),
        ("exitCode", Some(69 | 71 | 74 | 75)) => {
            Error::Unavailable(format!("doveadm {command} failed temporarily (exit code {})", code.unwrap_or_default()))
        }
        ("exitCode", Some(65)) => {
            Error::FailedPrecondition(format!("the mail store could not {command} (exit code 65)"))
        }
        _ => Error::internal(anyhow::anyhow!("doveadm {command} failed: {payload}")),
    }
}

/// A parameter that fails its check: a bug of the caller.
fn refused(what: &str, why: impl std::fmt::Display) -> Error {
    Error::internal(anyhow::anyhow!("refusing to send a bad {what} to doveadm: {why}"))
}

/// A single user name.
fn check_user(user: &str) -> Result<()> {
    if user.contains(['*', '?']) {
        return Err(refused("user", "wildcards in a user name"));
    }
    normalize_owner(user).map(|_| ()).map_err(|e| refused("user", e))
}

/// A folder name of a user's namespaces (`shared/<owner>/<folder>` too).
fn check_namespace_mailbox(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= 600
        && !name.chars().any(char::is_control)
        && !name.contains(['*', '%', '?'])
        && name.split('/').all(|level| !level.is_empty() && level != "." && level != "..");
    if ok { Ok(()) } else { Err(refused("mailbox", "not a plain folder name")) }
}

fn check_guid(guid: &str) -> Result<()> {
    if is_mailbox_guid(guid) { Ok(()) } else { Err(refused("mailbox GUID", "not 32 hex digits")) }
}

/// A UID set, e.g. `1:3,7`; 1 to [`MAX_FETCH_UIDS`] non-zero UIDs.
fn uid_set(uids: &[u32]) -> Result<String> {
    if uids.is_empty() || uids.contains(&0) {
        return Err(refused("UID set", "empty, or a zero UID"));
    }
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut ranges: Vec<String> = Vec::new();
    let mut start = sorted[0];
    let mut end = start;
    for &uid in &sorted[1..] {
        if uid == end + 1 {
            end = uid;
        } else {
            ranges.push(if start == end { start.to_string() } else { format!("{start}:{end}") });
            start = uid;
            end = uid;
        }
    }
    ranges.push(if start == end { start.to_string() } else { format!("{start}:{end}") });
    Ok(ranges.join(","))
}

/// The doveadm search query of a folder and a query (checked again).
/// Public for the fuzz target `doveadm_query` (fuzz/).
pub fn search_args(mailbox: Option<&MailboxName>, query: &MailQuery) -> Result<Vec<String>> {
    let mut v = crate::error::Violations::new();
    query.check(&mut v, "query");
    v.finish().map_err(|e| refused("query", e))?;
    let mut args: Vec<String> = Vec::new();
    let mut push = |words: &[&str]| args.extend(words.iter().map(|w| (*w).to_owned()));
    if let Some(mailbox) = mailbox {
        push(&["mailbox", mailbox.as_str()]);
    }
    if let Some(subject) = &query.subject {
        push(&["subject", subject]);
    }
    if let Some(header) = &query.header {
        push(&["header", &header.name, &header.value]);
    }
    if let Some(from) = &query.from {
        push(&["from", from]);
    }
    if let Some(to) = &query.to {
        push(&["to", to]);
    }
    if let Some(body) = &query.body {
        push(&["body", body]);
    }
    if let Some(id) = &query.message_id {
        push(&["header", "message-id", id]);
    }
    if let Some(since) = query.since {
        push(&["since", &since.timestamp().to_string()]);
    }
    if let Some(before) = query.before {
        push(&["before", &before.timestamp().to_string()]);
    }
    match query.seen {
        Some(true) => push(&["seen"]),
        Some(false) => push(&["unseen"]),
        None => {}
    }
    Ok(args)
}

/// The rows of an answer.
fn rows(command: &str, payload: Value) -> Result<Vec<serde_json::Map<String, Value>>> {
    match payload {
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(map) => Ok(map),
                _ => Err(Error::internal(anyhow::anyhow!("doveadm {command}: a row is not an object"))),
            })
            .collect(),
        _ => Err(Error::internal(anyhow::anyhow!("doveadm {command}: the answer is not a list of rows"))),
    }
}

fn field<'a>(row: &'a serde_json::Map<String, Value>, name: &str) -> &'a str {
    row.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn number<T: std::str::FromStr>(command: &str, row: &serde_json::Map<String, Value>, name: &str) -> Result<T> {
    field(row, name)
        .trim()
        .parse()
        .map_err(|_| Error::internal(anyhow::anyhow!("doveadm {command}: {name} is not a number")))
}

/// A header value unfolded (line breaks inside a header are folding).
fn unfold(value: &str) -> String {
    value.replace("\r\n", "").replace('\n', "").trim().to_owned()
}

fn hit(user: &str, row: &serde_json::Map<String, Value>) -> Result<MessageHit> {
    let unix: i64 = number("fetch", row, "date.received.unixtime").unwrap_or(-1);
    Ok(MessageHit {
        owner: user.to_owned(),
        mailbox: field(row, "mailbox").to_owned(),
        mailbox_guid: field(row, "mailbox-guid").to_owned(),
        uid: number("fetch", row, "uid")?,
        message_id: unfold(field(row, "hdr.message-id")),
        subject: decode_mime_words(&unfold(field(row, "hdr.subject"))),
        from: decode_mime_words(&unfold(field(row, "hdr.from"))),
        date: (unix >= 0).then(|| DateTime::from_timestamp(unix, 0)).flatten(),
        size: number("fetch", row, "size.physical").unwrap_or_default(),
        flags: field(row, "flags")
            .split_whitespace()
            .filter(|f| !f.eq_ignore_ascii_case("\\Recent"))
            .map(str::to_owned)
            .collect(),
    })
}

/// A quota figure in KiB as bytes; `-` (unlimited) is `None`.
fn kib(value: &str) -> Option<i64> {
    value.trim().parse::<i64>().ok().map(|k| k.saturating_mul(1024))
}

#[async_trait]
impl MailBackend for Doveadm {
    async fn list_users(&self, mask: &str) -> Result<Vec<String>> {
        OwnerMask::parse(mask).map_err(|e| refused("user mask", e))?;
        let payload = self.call("user", json!({ "userMask": [mask] }), Subject::user(mask)).await?;
        let list = payload
            .get("userList")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::internal(anyhow::anyhow!("doveadm user: no userList in the answer")))?;
        let mut users: Vec<String> = list.iter().filter_map(Value::as_str).map(str::to_owned).collect();
        users.sort();
        users.dedup();
        Ok(users)
    }

    async fn mailbox_guid(&self, user: &str, mailbox: &MailboxName) -> Result<String> {
        check_user(user)?;
        let parameters = json!({ "user": user, "field": ["guid"], "mailboxMask": [mailbox.as_str()] });
        let payload = self.call("mailboxStatus", parameters, Subject::mailbox(user, mailbox.as_str())).await?;
        let rows = rows("mailboxStatus", payload)?;
        let guid = rows.iter().find(|r| field(r, "mailbox") == mailbox.as_str()).map(|r| field(r, "guid").to_owned());
        guid.filter(|g| is_mailbox_guid(g)).ok_or_else(|| Error::not_found("mailbox", mailbox.as_str()))
    }

    async fn search(&self, user: &str, mailbox: Option<&MailboxName>, query: &MailQuery) -> Result<Vec<MessageHit>> {
        check_user(user)?;
        let args = search_args(mailbox, query)?;
        let subject = Subject { user, mailbox: mailbox.map(MailboxName::as_str) };
        let payload = self.call("fetch", json!({ "user": user, "field": HIT_FIELDS, "query": args }), subject).await?;
        rows("fetch", payload)?.iter().map(|row| hit(user, row)).collect()
    }

    async fn fetch(
        &self,
        user: &str,
        mailbox_guid: &str,
        uids: &[u32],
        part: MessagePart,
    ) -> Result<Vec<FetchedMessage>> {
        check_user(user)?;
        check_guid(mailbox_guid)?;
        if uids.len() > MAX_FETCH_UIDS {
            return Err(refused("UID set", "too many UIDs"));
        }
        let set = uid_set(uids)?;
        let name = match part {
            MessagePart::Text => "text",
            MessagePart::Headers => "hdr",
            MessagePart::Body => "body",
        };
        let parameters =
            json!({ "user": user, "field": ["uid", name], "query": ["mailbox-guid", mailbox_guid, "uid", set] });
        let payload = self.call("fetch", parameters, Subject::mailbox(user, mailbox_guid)).await?;
        rows("fetch", payload)?
            .iter()
            .map(|row| {
                Ok(FetchedMessage { uid: number("fetch", row, "uid")?, content: field(row, name).as_bytes().to_vec() })
            })
            .collect()
    }

    async fn expunge(&self, user: &str, mailbox_guid: &str, uids: &[u32]) -> Result<()> {
        check_user(user)?;
        check_guid(mailbox_guid)?;
        let set = uid_set(uids)?;
        let parameters = json!({ "user": user, "query": ["mailbox-guid", mailbox_guid, "uid", set] });
        self.call("expunge", parameters, Subject::mailbox(user, mailbox_guid)).await.map(|_| ())
    }

    async fn save(&self, user: &str, mailbox: &MailboxName, message: &[u8]) -> Result<()> {
        check_user(user)?;
        let text = std::str::from_utf8(message).map_err(|e| refused("message", e))?;
        if text.is_empty() || text.contains('\0') {
            return Err(refused("message", "empty or with NUL bytes"));
        }
        let parameters = json!({ "user": user, "mailbox": mailbox.as_str(), "file": text });
        self.call("save", parameters, Subject::mailbox(user, mailbox.as_str())).await.map(|_| ())
    }

    async fn set_acl(&self, owner: &str, mailbox: &MailboxName, id: &str, rights: &[MailboxRight]) -> Result<()> {
        check_user(owner)?;
        check_acl_id(id)?;
        if rights.is_empty() {
            return Err(refused("rights", "none"));
        }
        let names: Vec<&str> = rights.iter().map(|r| r.name()).collect();
        let parameters = json!({ "user": owner, "mailbox": mailbox.as_str(), "id": id, "right": names });
        self.call("aclSet", parameters, Subject::mailbox(owner, mailbox.as_str())).await.map(|_| ())
    }

    async fn get_acl(&self, owner: &str, mailbox: &MailboxName) -> Result<Vec<AclEntry>> {
        check_user(owner)?;
        let parameters = json!({ "user": owner, "mailbox": mailbox.as_str() });
        let payload = self.call("aclGet", parameters, Subject::mailbox(owner, mailbox.as_str())).await?;
        Ok(rows("aclGet", payload)?
            .iter()
            .map(|row| AclEntry {
                id: field(row, "id").to_owned(),
                global: !matches!(field(row, "global").trim(), "" | "0" | "no" | "false"),
                rights: field(row, "rights").split_whitespace().filter_map(MailboxRight::from_name).collect(),
            })
            .collect())
    }

    async fn delete_acl(&self, owner: &str, mailbox: &MailboxName, id: &str) -> Result<()> {
        check_user(owner)?;
        check_acl_id(id)?;
        let parameters = json!({ "user": owner, "mailbox": mailbox.as_str(), "id": id });
        self.call("aclDelete", parameters, Subject::mailbox(owner, mailbox.as_str())).await.map(|_| ())
    }

    async fn subscribe(&self, user: &str, mailbox: &str) -> Result<()> {
        check_user(user)?;
        check_namespace_mailbox(mailbox)?;
        let parameters = json!({ "user": user, "mailbox": [mailbox] });
        self.call("mailboxSubscribe", parameters, Subject::mailbox(user, mailbox)).await.map(|_| ())
    }

    async fn unsubscribe(&self, user: &str, mailbox: &str) -> Result<()> {
        check_user(user)?;
        check_namespace_mailbox(mailbox)?;
        let parameters = json!({ "user": user, "mailbox": [mailbox] });
        self.call("mailboxUnsubscribe", parameters, Subject::mailbox(user, mailbox)).await.map(|_| ())
    }

    async fn quota(&self, user: &str) -> Result<MailboxQuota> {
        check_user(user)?;
        let payload = self.call("quotaGet", json!({ "user": user }), Subject::user(user)).await?;
        let rows = rows("quotaGet", payload)?;
        let mut quota = MailboxQuota::default();
        // The first quota root is the user's (pbm configures one).
        let root = rows.first().map(|r| field(r, "root").to_owned()).unwrap_or_default();
        for row in rows.iter().filter(|r| field(r, "root") == root) {
            match field(row, "type") {
                "STORAGE" => {
                    quota.storage_used_bytes = kib(field(row, "value")).unwrap_or_default();
                    quota.storage_limit_bytes = kib(field(row, "limit"));
                }
                "MESSAGE" => {
                    quota.messages_used = field(row, "value").trim().parse().unwrap_or_default();
                    quota.messages_limit = field(row, "limit").trim().parse().ok();
                }
                _ => {}
            }
        }
        Ok(quota)
    }
}

/// An ACL identifier: `user=<address>` (the only kind pbm sets).
fn check_acl_id(id: &str) -> Result<()> {
    match id.strip_prefix("user=") {
        Some(user) => check_user(user),
        None => Err(refused("ACL identifier", "not user=<address>")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mail::HeaderMatch;
    use crate::settings::Settings;

    #[test]
    fn uid_sets_are_ranges() {
        assert_eq!(uid_set(&[3, 1, 2, 7, 9, 8, 2]).unwrap(), "1:3,7:9");
        assert_eq!(uid_set(&[5]).unwrap(), "5");
        assert!(uid_set(&[]).is_err());
        assert!(uid_set(&[0, 1]).is_err());
    }

    #[test]
    fn queries_become_doveadm_arguments() {
        let query = MailQuery {
            subject: Some("hello".into()),
            header: Some(HeaderMatch { name: "X-Spam-Flag".into(), value: "YES".into() }),
            message_id: Some("<a@b>".into()),
            since: DateTime::from_timestamp(100, 0),
            seen: Some(false),
            ..Default::default()
        };
        let inbox = MailboxName::parse("INBOX").unwrap();
        assert_eq!(
            search_args(Some(&inbox), &query).unwrap(),
            [
                "mailbox",
                "INBOX",
                "subject",
                "hello",
                "header",
                "X-Spam-Flag",
                "YES",
                "header",
                "message-id",
                "<a@b>",
                "since",
                "100",
                "unseen"
            ]
        );
        assert!(search_args(None, &MailQuery::default()).is_err(), "an empty query is never sent");
        let bad = MailQuery { body: Some("a\nb".into()), ..Default::default() };
        assert!(search_args(None, &bad).is_err());
    }

    #[test]
    fn parameters_are_checked_before_sending() {
        assert!(check_user("bob@acme.test").is_ok());
        assert!(check_user("*@acme.test").is_err());
        assert!(check_user("bob").is_err());
        assert!(check_namespace_mailbox("shared/bob@acme.test/INBOX").is_ok());
        for bad in ["", "a/../b", "*", "a\nb", "/a"] {
            assert!(check_namespace_mailbox(bad).is_err(), "{bad:?}");
        }
        assert!(check_guid("80ef2f2c8d120b6b8403000083ecc375").is_ok());
        assert!(check_guid("nope").is_err());
        assert!(check_acl_id("user=bob@acme.test").is_ok());
        assert!(check_acl_id("anyone").is_err());
    }

    #[test]
    fn answers_and_errors() {
        let subject = Subject::mailbox("bob@acme.test", "Spam");
        let ok = answer("fetch", br#"[["doveadmResponse",[{"uid":"1"}],"pbm"]]"#, &subject).unwrap();
        assert_eq!(ok, json!([{"uid": "1"}]));
        let code = |n: i64| {
            let body = format!(r#"[["error",{{"type":"exitCode", "exitCode":{n}}},"pbm"]]"#);
            answer("fetch", body.as_bytes(), &subject).unwrap_err()
        };
        assert!(matches!(code(67), Error::NotFound { kind: "mailbox owner", .. }));
        assert!(matches!(code(68), Error::NotFound { kind: "mailbox", ref name } if name == "Spam"));
        assert!(matches!(code(75), Error::Unavailable(_)));
        assert!(matches!(code(64), Error::Internal(_)));
        assert!(matches!(answer("fetch", b"", &subject).unwrap_err(), Error::Unavailable(_)));
        assert!(matches!(answer("fetch", b"[[\"doveadmResponse\",", &subject).unwrap_err(), Error::Internal(_)));
        // Bytes that are not UTF-8 inside a message text do not fail the answer.
        let latin1 = b"[[\"doveadmResponse\",[{\"uid\":\"1\",\"text\":\"caf\xe9\"}],\"pbm\"]]";
        assert!(answer("fetch", latin1, &subject).is_ok());
    }

    #[test]
    fn hits_are_decoded() {
        let row = json!({
            "mailbox": "INBOX", "mailbox-guid": "80ef2f2c8d120b6b8403000083ecc375", "uid": "7",
            "flags": "\\Recent \\Seen", "hdr.message-id": " <abc@x.test>",
            "hdr.subject": "=?UTF-8?B?0J/RgNC40LLQtdGC?=\n hello",
            "hdr.from": "=?UTF-8?B?0JjQstCw0L0=?= <ivan@x.test>",
            "date.received.unixtime": "1795887757", "size.physical": "189"
        });
        let hit = hit("bob@acme.test", row.as_object().unwrap()).unwrap();
        assert_eq!(hit.uid, 7);
        assert_eq!(hit.subject, "Привет hello");
        assert_eq!(hit.from, "Иван <ivan@x.test>");
        assert_eq!(hit.flags, ["\\Seen"]);
        assert!(hit.seen());
        assert_eq!(hit.message_id, "<abc@x.test>");
        assert_eq!(hit.date.unwrap().timestamp(), 1_795_887_757);
        assert_eq!(hit.size, 189);
    }

    #[test]
    fn credentials_and_urls() {
        let settings = Settings::from_pairs([
            ("services/doveadm/url", "http://127.0.0.1:8080/doveadm/v1"),
            ("services/doveadm/password", "secret"),
        ])
        .unwrap();
        assert_eq!(authorization(&settings.doveadm).unwrap(), "Basic ZG92ZWFkbTpzZWNyZXQ=");
        assert!(endpoint(&settings.doveadm).is_ok());
        let key = Settings::from_pairs([("services/doveadm/login", ""), ("services/doveadm/password", "k")]).unwrap();
        assert_eq!(authorization(&key.doveadm).unwrap(), "X-Dovecot-API aw==");
        assert!(matches!(endpoint(&key.doveadm), Err(Error::FailedPrecondition(_))));
        let https = Settings::from_pairs([("services/doveadm/url", "https://dovecot/doveadm/v1")]).unwrap();
        assert!(matches!(endpoint(&https.doveadm), Err(Error::FailedPrecondition(_))));
    }

    #[test]
    fn quota_figures() {
        assert_eq!(kib("10240"), Some(10_485_760));
        assert_eq!(kib("-"), None);
    }
}
