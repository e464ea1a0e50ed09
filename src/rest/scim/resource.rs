//! What every SCIM resource shares: its version (the `ETag`) and
//! `If-Match`, its times, which attributes an answer carries
//! (`attributes`, `excludedAttributes`), a listing's `startIndex` and
//! `count` and its ListResponse, a string attribute read from a request, and
//! the externalIds kept beside the objects ([`ExternalIds`]).

use std::collections::HashMap;

use axum::http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value, json};

use super::discovery::LIST_RESPONSE;
use super::error::{ScimError, ScimType};
use super::filter;
use super::{Caller, DEFAULT_COUNT, MAX_COUNT, ScimState};

/// A string attribute of a request (absent or null: empty).
pub fn text(value: Option<&Value>, attribute: &str) -> Result<String, ScimError> {
    match value {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(ScimError::bad(ScimType::InvalidValue, format!("{attribute} must be a string"))),
    }
}

/// The ListResponse of one page: `resources` from `start` (1-based) of `total`.
pub fn list_response(start: usize, total: usize, resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_RESPONSE],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

/// The externalIds of one resource type's objects in the key's tenant
/// ([`crate::service::provisioning`]), read and written as that type's
/// `read` and `write` RPCs, so that the same scopes and walls apply.
pub struct ExternalIds<'a> {
    /// What the handlers call.
    pub state: &'a ScimState,
    /// Who asks.
    pub caller: &'a Caller,
    /// The key's tenant.
    pub tenant_id: &'a str,
    /// The RPC a read is authorised as (`GetUser`, `GetMailList`).
    pub read: &'static str,
    /// The RPC a change is authorised as (`UpdateUser`, `UpdateMailList`).
    pub write: &'static str,
}

fn fail(err: crate::error::Error) -> ScimError {
    ScimError::from_status(&err.into(), |field| if field == "external_id" { "externalId".into() } else { field.into() })
}

impl ExternalIds<'_> {
    /// The externalIds of those of `mails` that have one.
    pub async fn of_many(&self, mails: &[String]) -> Result<HashMap<String, String>, ScimError> {
        let ctx = self.caller.context(self.read);
        self.state.services.provisioning.external_ids(&ctx, self.tenant_id, mails).await.map_err(fail)
    }

    /// The externalId of `mail`, if it has one.
    pub async fn of(&self, mail: &str) -> Result<Option<String>, ScimError> {
        Ok(self.of_many(&[mail.to_owned()]).await?.remove(mail))
    }

    /// The live user or list holding `external_id`.
    pub async fn owner(&self, external_id: &str) -> Result<Option<String>, ScimError> {
        let ctx = self.caller.context(self.read);
        self.state.services.provisioning.user_with_external_id(&ctx, self.tenant_id, external_id).await.map_err(fail)
    }

    /// Refuses an externalId another user or list of the tenant than `mail`
    /// holds (409 `uniqueness`), before anything is stored.
    pub async fn check_free(&self, mail: Option<&str>, wanted: Option<&str>) -> Result<(), ScimError> {
        let Some(wanted) = wanted else { return Ok(()) };
        match self.owner(wanted).await? {
            Some(owner) if Some(owner.as_str()) != mail => {
                Err(ScimError::conflict(format!("another user or group of the tenant has the externalId {wanted:?}")))
            }
            _ => Ok(()),
        }
    }

    /// Sets the externalId of `mail` when `wanted` differs from `current`.
    pub async fn save(&self, mail: &str, current: Option<&str>, wanted: Option<&str>) -> Result<(), ScimError> {
        if current == wanted {
            return Ok(());
        }
        let ctx = self.caller.context(self.write);
        self.state.services.provisioning.set_external_id(&ctx, self.tenant_id, mail, wanted).await.map_err(fail)
    }
}

/// The weak ETag of a resource last changed at `updated`.
pub fn version(updated: Option<prost_types::Timestamp>) -> String {
    let at = updated.unwrap_or_default();
    format!("W/\"{}.{:09}\"", at.seconds, at.nanos)
}

/// A time as SCIM writes it (RFC 3339, UTC).
pub fn rfc3339(at: Option<prost_types::Timestamp>) -> String {
    let at = at.unwrap_or_default();
    chrono::DateTime::from_timestamp(at.seconds, u32::try_from(at.nanos).unwrap_or(0))
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `If-Match`: the request applies only to the version it names (`*`: any).
pub fn check_if_match(headers: &HeaderMap, current: &str) -> Result<(), ScimError> {
    let Some(wanted) = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) else { return Ok(()) };
    let strip = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    if wanted.split(',').any(|tag| tag.trim() == "*" || strip(tag) == strip(current)) {
        Ok(())
    } else {
        Err(ScimError::status(StatusCode::PRECONDITION_FAILED, "it changed since that version: read it again"))
    }
}

/// Which attributes an answer carries (`attributes`, `excludedAttributes`).
/// Each entry is a top-level member (an attribute, or an extension's URN)
/// and optionally one of its sub-attributes.
#[derive(Debug, Default)]
pub struct Projection {
    only: Vec<(String, Option<String>)>,
    except: Vec<(String, Option<String>)>,
}

impl Projection {
    fn parse_list(value: &str) -> Result<Vec<(String, Option<String>)>, ScimError> {
        value
            .split(',')
            .filter(|name| !name.trim().is_empty())
            .map(|name| {
                let path = filter::parse_path(name.trim()).map_err(|e| ScimError::bad(ScimType::InvalidPath, e))?;
                Ok(match path.attr.schema {
                    Some(schema) => (schema, Some(path.attr.name)),
                    None => (path.attr.name, path.attr.sub),
                })
            })
            .collect()
    }

    /// `attributes` and `excludedAttributes` of a query string.
    pub fn parse(query: Option<&str>) -> Result<Self, ScimError> {
        let mut projection = Self::default();
        for (name, value) in crate::rest::input::query(query) {
            match name.as_str() {
                "attributes" => projection.only = Self::parse_list(&value)?,
                "excludedAttributes" => projection.except = Self::parse_list(&value)?,
                _ => {}
            }
        }
        Ok(projection)
    }

    /// The sub-attributes of `member` that `entries` name: `None` when an
    /// entry names the whole member, else the names (empty: not named at all).
    fn named(entries: &[(String, Option<String>)], member: &str) -> Option<Vec<String>> {
        let mut subs = Vec::new();
        for (_, sub) in entries.iter().filter(|(top, _)| top.eq_ignore_ascii_case(member)) {
            match sub {
                None => return None,
                Some(sub) => subs.push(sub.clone()),
            }
        }
        Some(subs)
    }

    /// `resource` with only the attributes asked for (`id`, `schemas`, `meta` always).
    pub fn apply(&self, resource: Value) -> Value {
        let Value::Object(members) = resource else { return resource };
        let always = |name: &str| ["id", "schemas", "meta"].iter().any(|a| a.eq_ignore_ascii_case(name));
        let keep_subs = |value: Value, subs: &[String], keep: bool| match value {
            Value::Object(inner) => Value::Object(
                inner.into_iter().filter(|(k, _)| subs.iter().any(|s| s.eq_ignore_ascii_case(k)) == keep).collect(),
            ),
            other => other,
        };
        let mut kept = Map::new();
        for (name, value) in members {
            if always(&name) {
                kept.insert(name, value);
                continue;
            }
            let value = if self.only.is_empty() {
                value
            } else {
                match Self::named(&self.only, &name) {
                    None => value,
                    Some(subs) if subs.is_empty() => continue,
                    Some(subs) => keep_subs(value, &subs, true),
                }
            };
            let value = match Self::named(&self.except, &name) {
                None => continue,
                Some(subs) if subs.is_empty() => value,
                Some(subs) => keep_subs(value, &subs, false),
            };
            kept.insert(name, value);
        }
        Value::Object(kept)
    }
}

/// `startIndex` and `count` of a listing (1-based; count clamped to [`MAX_COUNT`]).
pub fn paging(query: &[(String, String)]) -> Result<(usize, usize), ScimError> {
    let number = |name: &str, default: usize| -> Result<usize, ScimError> {
        match query.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
            None => Ok(default),
            Some((_, value)) => value
                .trim()
                .parse::<i64>()
                .map(|n| usize::try_from(n.max(0)).unwrap_or(0))
                .map_err(|_| ScimError::bad(ScimType::InvalidValue, format!("{name} must be a whole number"))),
        }
    };
    Ok((number("startIndex", 1)?.max(1), number("count", DEFAULT_COUNT)?.min(MAX_COUNT)))
}
