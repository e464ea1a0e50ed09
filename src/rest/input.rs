//! Reading legacy requests: who sent them ([`Legacy`]), form or JSON bodies
//! ([`Fields`]), JSON-Patch documents ([`PatchOp`]) and query strings.

use axum::{
    body::Bytes,
    extract::{FromRequestParts, rejection::BytesRejection},
    http::{HeaderMap, StatusCode, header, request::Parts},
};
use serde_json::Value;
use tonic::metadata::MetadataValue;

use super::error::LegacyError;
use crate::grpc::ClientAddr;

/// The origin of a legacy request: its headers and client address, carried
/// over into the gRPC request the gateway builds.
#[derive(Debug, Clone)]
pub struct Legacy {
    /// Request headers.
    pub headers: HeaderMap,
    /// Client address from the accept loop.
    pub client: Option<ClientAddr>,
}

impl<S: Send + Sync> FromRequestParts<S> for Legacy {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self { headers: parts.headers.clone(), client: parts.extensions.get::<ClientAddr>().copied() })
    }
}

impl Legacy {
    /// A gRPC request to the RPC `rpc` (its method name, e.g. `GetUser`:
    /// what an API key's scopes are checked against) carrying this
    /// request's `Authorization` header and client address.
    pub fn grpc<T>(&self, rpc: &'static str, message: T) -> tonic::Request<T> {
        let mut request = tonic::Request::new(message);
        request.extensions_mut().insert(crate::grpc::RpcName(rpc.to_owned()));
        if let Some(value) = self
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| MetadataValue::try_from(v).ok())
        {
            request.metadata_mut().insert("authorization", value);
        }
        if let Some(value) = self
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| MetadataValue::try_from(v).ok())
        {
            request.metadata_mut().insert("x-forwarded-for", value);
        }
        if let Some(client) = self.client {
            request.extensions_mut().insert(client);
        }
        request
    }

    /// Whether a header has a value, compared case-insensitively.
    pub fn header_is(&self, name: &str, value: &str) -> bool {
        self.headers.get(name).and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim().eq_ignore_ascii_case(value))
    }
}

/// Turns a body-extraction failure (too large, unreadable) into a legacy error.
pub fn body(result: Result<Bytes, BytesRejection>) -> Result<Bytes, LegacyError> {
    result.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            LegacyError::message(status, "request body too large")
        } else {
            LegacyError::message(status, rejection.body_text())
        }
    })
}

/// A parameter value: text, or a list (a JSON array).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// Text (JSON numbers and booleans as written).
    Text(String),
    /// A list of texts.
    List(Vec<String>),
}

impl FieldValue {
    /// From a JSON value.
    pub fn from_json(value: &Value) -> Self {
        match value {
            Value::Array(items) => Self::List(items.iter().map(json_text).collect()),
            other => Self::Text(json_text(other)),
        }
    }

    /// The value as text (a list joined by commas).
    pub fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::List(items) => items.join(","),
        }
    }

    /// The value as a list: a JSON array, a JSON array written as text
    /// (`alias="[\"a@x\", \"b@x\"]"`, guide §2.14.2), or comma-separated
    /// text (`alias=a@x,b@x`, guide table 3). Items of comma-separated text
    /// lose stray quoting characters (`[`, `]`, `"`, `'`, `\\`) at their
    /// ends: the guide's §2.14.2 prints the array with broken shell quoting
    /// (`-d alias="\["email1@test.ru"\, \"email2@test.ru\"\\]"`), which
    /// arrives as `\[email1@test.ru\, "email2@test.ru"\]`.
    pub fn list(&self) -> Vec<String> {
        match self {
            Self::List(items) => items.clone(),
            Self::Text(text) => {
                let trimmed = text.trim();
                if trimmed.starts_with('[')
                    && let Ok(Value::Array(items)) = serde_json::from_str::<Value>(trimmed)
                {
                    return items.iter().map(json_text).collect();
                }
                let quoting = |c: char| c.is_whitespace() || matches!(c, '[' | ']' | '"' | '\'' | '\\');
                trimmed
                    .split(',')
                    .map(|item| item.trim_matches(quoting))
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            }
        }
    }
}

fn json_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The parameters of a form (`-d key=value`) or JSON-object body, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(pub Vec<(String, FieldValue)>);

impl Fields {
    /// Parses a body by its content type: JSON objects for `application/json`,
    /// URL-encoded forms otherwise (what `curl -d` sends).
    pub fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Self, LegacyError> {
        let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if mime == "application/json" || mime.ends_with("+json") {
            let value: Value = serde_json::from_slice(body)
                .map_err(|e| LegacyError::invalid("body", format!("is not valid JSON: {e}")))?;
            let Value::Object(map) = value else {
                return Err(LegacyError::invalid("body", "must be a JSON object"));
            };
            return Ok(Self(map.iter().map(|(k, v)| (k.clone(), FieldValue::from_json(v))).collect()));
        }
        if mime.starts_with("multipart/") {
            return Err(LegacyError::invalid("body", "multipart bodies are accepted by /v2/webdomains only"));
        }
        Ok(Self(
            form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), FieldValue::Text(v.into_owned()))).collect(),
        ))
    }

    /// The last value of a parameter.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The text of a parameter.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(FieldValue::text)
    }

    /// Refuses parameters not in `known`. A long unknown name is shortened
    /// in the answer: it is usually a whole body sent without a name (`curl
    /// -d @key.pem`), which must not be echoed back.
    pub fn only(&self, known: &[&str]) -> Result<(), LegacyError> {
        const SHOWN_CHARS: usize = 40;
        let unknown: Vec<(String, String)> = self
            .0
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, _)| {
                let name = if k.chars().count() > SHOWN_CHARS {
                    format!("{}…", k.chars().take(SHOWN_CHARS).collect::<String>())
                } else {
                    k.clone()
                };
                (name.clone(), format!("{name} is not a parameter of this request"))
            })
            .collect();
        if unknown.is_empty() { Ok(()) } else { Err(LegacyError::fields(unknown)) }
    }
}

/// A legacy number written as text (`"employeeType": "1"`); empty is `None`.
pub fn whole_number(attr: &str, text: &str) -> Result<Option<i64>, LegacyError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| LegacyError::invalid(attr, format!("{attr} must be a whole number")))
}

/// A query string's parameters.
pub fn query(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default()
}

/// A JSON-Patch operation kind pbm supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchKind {
    /// `add`.
    Add,
    /// `replace`.
    Replace,
    /// `remove`.
    Remove,
}

/// One JSON-Patch (RFC 6902) operation.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchOp {
    /// The operation.
    pub kind: PatchKind,
    /// The path's segments, unescaped (`/alias/a@x` → `["alias", "a@x"]`).
    pub path: Vec<String>,
    /// The value (`null` for `remove`).
    pub value: Value,
}

/// Reads the `force` query parameter of a deletion (`?force=true`; also
/// `1`/`yes`, and `false`/`0`/`no`), refusing any other parameter.
pub fn force_query(raw: Option<&str>) -> Result<bool, LegacyError> {
    let mut force = false;
    for (key, value) in query(raw) {
        match (key.as_str(), value.to_ascii_lowercase().as_str()) {
            ("force", "1" | "true" | "yes") => force = true,
            ("force", "0" | "false" | "no" | "") => force = false,
            ("force", _) => return Err(LegacyError::invalid("force", "must be true or false")),
            (other, _) => {
                return Err(LegacyError::invalid(other, format!("{other} is not a parameter of this request")));
            }
        }
    }
    Ok(force)
}

/// The JSON-Patch body printed in the guide's §2.14.3 is malformed: a bare
/// sequence of operation objects separated by commas, with no opening `[`
/// and a stray `]]` at the end:
///
/// ```text
/// '{ "op": "replace", ... },
///  { "op": "add", ... },
///  { "op": "add", ... }]]'
/// ```
///
/// Exactly that shape — text starting with `{`, made of operation objects
/// separated by commas, followed by any number of `]` — is read as the
/// array it was meant to be. Anything else stays an error.
fn guide_typo(body: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(body).ok()?.trim();
    if !text.starts_with('{') {
        return None;
    }
    let objects = text.trim_end_matches(|c: char| c == ']' || c.is_whitespace());
    match serde_json::from_str::<Value>(&format!("[{objects}]")).ok()? {
        Value::Array(items) if items.iter().all(Value::is_object) => Some(Value::Array(items)),
        _ => None,
    }
}

/// Parses a JSON-Patch document. A single operation object is accepted as a
/// one-element document, and the malformed document the guide prints in
/// §2.14.3 as the array it means (see [`guide_typo`]).
pub fn parse_patch(body: &[u8]) -> Result<Vec<PatchOp>, LegacyError> {
    let document: Value = match serde_json::from_slice(body) {
        Ok(document) => document,
        Err(e) => guide_typo(body)
            .ok_or_else(|| LegacyError::invalid("body", format!("is not a JSON-Patch document: {e}")))?,
    };
    let operations = match document {
        Value::Array(items) => items,
        object @ Value::Object(_) => vec![object],
        _ => return Err(LegacyError::invalid("body", "a JSON-Patch document is an array of operations")),
    };
    if operations.is_empty() {
        return Err(LegacyError::invalid("body", "the JSON-Patch document has no operations"));
    }
    operations
        .into_iter()
        .map(|operation| {
            let Value::Object(mut map) = operation else {
                return Err(LegacyError::invalid("body", "every JSON-Patch operation must be an object"));
            };
            let kind = match map.get("op").and_then(Value::as_str) {
                Some("add") => PatchKind::Add,
                Some("replace") => PatchKind::Replace,
                Some("remove") => PatchKind::Remove,
                Some(other) => {
                    return Err(LegacyError::invalid(
                        "op",
                        format!("unsupported operation {other:?}: use add, replace or remove"),
                    ));
                }
                None => return Err(LegacyError::required("op")),
            };
            let path = map.get("path").and_then(Value::as_str).ok_or_else(|| LegacyError::required("path"))?;
            let Some(pointer) = path.strip_prefix('/') else {
                return Err(LegacyError::invalid("path", format!("{path:?} must start with '/'")));
            };
            let path: Vec<String> = pointer.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
            if path.iter().any(String::is_empty) {
                return Err(LegacyError::invalid("path", "must not have empty segments"));
            }
            // `add` / `replace` without a value set the empty value.
            let value = map.remove("value").unwrap_or(Value::Null);
            Ok(PatchOp { kind, path, value })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_every_legacy_spelling() {
        assert_eq!(FieldValue::Text("[\"a@x.ru\", \"b@x.ru\"]".into()).list(), ["a@x.ru", "b@x.ru"]);
        assert_eq!(FieldValue::Text("a@x.ru,b@x.ru".into()).list(), ["a@x.ru", "b@x.ru"]);
        assert_eq!(FieldValue::Text(String::new()).list(), Vec::<String>::new());
        // §2.14.2 as printed, after the shell has read its quoting.
        assert_eq!(
            FieldValue::Text(r#"\[email1@test.ru\, "email2@test.ru"\]"#.into()).list(),
            ["email1@test.ru", "email2@test.ru"]
        );
    }

    #[test]
    fn forms_and_json_bodies() {
        let mut headers = HeaderMap::new();
        let form = Fields::parse(&headers, b"userPassword=Reader02&cn=Ivan&employeeNumber=1").unwrap();
        assert_eq!(form.text("cn").as_deref(), Some("Ivan"));
        headers.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        let json = Fields::parse(&headers, br#"{"employeeNumber": 1, "alias": ["a@x.ru"]}"#).unwrap();
        assert_eq!(json.text("employeeNumber").as_deref(), Some("1"));
        assert_eq!(json.get("alias").unwrap().list(), ["a@x.ru"]);
        assert!(Fields::parse(&headers, b"[1]").is_err());
    }

    #[test]
    fn patches_of_the_guide() {
        let ops = parse_patch(br#" [{ "op": "remove", "path": "/alias/test2@gost.myoffice-app.ru" } ]"#).unwrap();
        assert_eq!(ops[0].kind, PatchKind::Remove);
        assert_eq!(ops[0].path, ["alias", "test2@gost.myoffice-app.ru"]);
        assert!(parse_patch(br#"[{"op": "move", "path": "/ou"}]"#).is_err());
        assert!(parse_patch(br#"[{"op": "add", "path": "ou"}]"#).is_err());
        assert!(parse_patch(b"[]").is_err());
        assert!(parse_patch(b"{nope").is_err());
    }

    #[test]
    fn the_malformed_patch_of_2_14_3_is_read_as_meant() {
        let printed = br#"{ "op": "replace", "path": "/displayName", "value":
"testgroup" },
{ "op": "add", "path": "/alias", "value": "user0@gr.myoffice-app.ru" },
{ "op": "add", "path": "/alias", "value": "user1@gr.myoffice-app.ru" }]]"#;
        let ops = parse_patch(printed).unwrap();
        assert_eq!(ops.len(), 3);
        assert_eq!((ops[0].kind, ops[0].path.as_slice()), (PatchKind::Replace, ["displayName".to_string()].as_slice()));
        assert_eq!(ops[2].value, Value::String("user1@gr.myoffice-app.ru".into()));
        // A single object followed by a stray bracket, and a bare sequence without one.
        assert_eq!(parse_patch(br#"{"op": "remove", "path": "/alias/a@x.ru"}]"#).unwrap().len(), 1);
        assert_eq!(parse_patch(br#"{"op": "add", "path": "/a"}, {"op": "add", "path": "/b"}"#).unwrap().len(), 2);
        // Other malformed documents stay errors.
        for bad in [&br#"[{"op": "add", "path": "/a"}"#[..], br#"{"op": "add", "path": "/a"}, 1]"#, b"]]", b"{"] {
            assert!(parse_patch(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn force_flags() {
        assert!(force_query(Some("force=true")).unwrap());
        assert!(!force_query(Some("force=0")).unwrap());
        assert!(!force_query(None).unwrap());
        assert!(force_query(Some("force=maybe")).is_err());
        assert!(force_query(Some("colour=red")).is_err());
    }
}
