//! What every SCIM resource shares: its version (the `ETag`) and
//! `If-Match`, its times, which attributes an answer carries
//! (`attributes`, `excludedAttributes`) and a listing's `startIndex` and
//! `count`.

use axum::http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value};

use super::error::{ScimError, ScimType};
use super::filter;
use super::{DEFAULT_COUNT, MAX_COUNT};

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
