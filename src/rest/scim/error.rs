//! SCIM error answers (RFC 7644 §3.12): the error schema with the HTTP
//! status as a string and, for 400s and 409s, the `scimType`, rendered
//! from the gRPC `Status` the adapters return, or made by the SCIM layer
//! for what only SCIM can get wrong (a bad filter, path or body).
//!
//! | gRPC code | HTTP | scimType |
//! |---|---|---|
//! | INVALID_ARGUMENT | 400 | `invalidValue` (the field violations in `detail`, by SCIM attribute) |
//! | ALREADY_EXISTS | 409 | `uniqueness` |
//! | ABORTED | 412 | (a concurrent change: read again) |
//! | UNAUTHENTICATED | 401 | |
//! | PERMISSION_DENIED | 403 | |
//! | NOT_FOUND | 404 | |
//! | FAILED_PRECONDITION | 400 | `mutability` |
//! | RESOURCE_EXHAUSTED | 429 | (with `Retry-After`) |
//! | UNAVAILABLE | 503 | |
//! | anything else | 500 | |

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;
use tonic::{Code, Status};
use tonic_types::StatusExt as _;

/// The error schema's URN.
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// RFC 7644's `scimType` values pbm answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScimType {
    /// The filter cannot be parsed or names what cannot be filtered.
    InvalidFilter,
    /// The request body is not what the schema allows.
    InvalidSyntax,
    /// A PATCH path is malformed or names nothing.
    InvalidPath,
    /// A value is not allowed (policy, format, an address outside the tenant).
    InvalidValue,
    /// A value must be unique and is not.
    Uniqueness,
    /// An attempt to change what cannot be changed.
    Mutability,
    /// A PATCH path's filter selected nothing.
    NoTarget,
}

impl ScimType {
    fn as_str(self) -> &'static str {
        match self {
            Self::InvalidFilter => "invalidFilter",
            Self::InvalidSyntax => "invalidSyntax",
            Self::InvalidPath => "invalidPath",
            Self::InvalidValue => "invalidValue",
            Self::Uniqueness => "uniqueness",
            Self::Mutability => "mutability",
            Self::NoTarget => "noTarget",
        }
    }
}

/// An error answer of `/scim/v2`.
#[derive(Debug)]
pub struct ScimError {
    status: StatusCode,
    scim_type: Option<ScimType>,
    detail: String,
    retry_after: Option<u64>,
}

impl ScimError {
    /// A 400 with its `scimType`.
    pub fn bad(scim_type: ScimType, detail: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, scim_type: Some(scim_type), detail: detail.into(), retry_after: None }
    }

    /// Any status without a `scimType`.
    pub fn status(status: StatusCode, detail: impl Into<String>) -> Self {
        Self { status, scim_type: None, detail: detail.into(), retry_after: None }
    }

    /// A 409 `uniqueness`.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self { scim_type: Some(ScimType::Uniqueness), ..Self::status(StatusCode::CONFLICT, detail) }
    }

    /// A 404 for a resource that is not there (or not the caller's to see).
    pub fn not_found(what: &str) -> Self {
        Self::status(StatusCode::NOT_FOUND, format!("{what} not found"))
    }

    /// The HTTP status.
    pub fn http_status(&self) -> StatusCode {
        self.status
    }

    /// The SCIM rendering of a gRPC status; `attribute` names a proto field
    /// path (`user.given_name`) by its SCIM attribute (`name.givenName`).
    pub fn from_status(status: &Status, attribute: impl Fn(&str) -> String) -> Self {
        match status.code() {
            Code::InvalidArgument => {
                let violations = status.get_details_bad_request().map(|b| b.field_violations).unwrap_or_default();
                let detail = if violations.is_empty() {
                    status.message().to_owned()
                } else {
                    violations
                        .iter()
                        .map(|v| format!("{}: {}", attribute(&v.field), v.description))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                Self::bad(ScimType::InvalidValue, detail)
            }
            Code::AlreadyExists => Self::conflict(status.message()),
            Code::Aborted => Self::status(StatusCode::PRECONDITION_FAILED, status.message()),
            Code::FailedPrecondition => Self::bad(ScimType::Mutability, status.message()),
            Code::Unauthenticated => {
                Self::status(StatusCode::UNAUTHORIZED, "a valid API key of a service account is required")
            }
            Code::PermissionDenied => Self::status(
                StatusCode::FORBIDDEN,
                "the API key's service account must belong to a tenant and hold the scim scope",
            ),
            Code::NotFound => Self::status(StatusCode::NOT_FOUND, status.message()),
            Code::ResourceExhausted => {
                let retry = status.get_details_retry_info().and_then(|r| r.retry_delay).map(|d| d.as_secs().max(1));
                Self { retry_after: retry, ..Self::status(StatusCode::TOO_MANY_REQUESTS, status.message()) }
            }
            Code::Unavailable => Self::status(StatusCode::SERVICE_UNAVAILABLE, status.message()),
            _ => Self::status(StatusCode::INTERNAL_SERVER_ERROR, "internal server error"),
        }
    }

    /// The error schema's JSON.
    pub fn body(&self) -> serde_json::Value {
        let mut body = json!({
            "schemas": [ERROR_SCHEMA],
            "status": self.status.as_u16().to_string(),
            "detail": self.detail,
        });
        if let Some(scim_type) = self.scim_type {
            body["scimType"] = scim_type.as_str().into();
        }
        body
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(super::SCIM_JSON));
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn violations_are_named_by_scim_attribute() {
        let status = Status::from(Error::required("user.given_name"));
        let error = ScimError::from_status(&status, |field| field.replace("user.given_name", "name.givenName"));
        assert_eq!(error.http_status(), StatusCode::BAD_REQUEST);
        let body = error.body();
        assert_eq!(body["schemas"][0], ERROR_SCHEMA);
        assert_eq!(body["status"], "400");
        assert_eq!(body["scimType"], "invalidValue");
        assert!(body["detail"].as_str().unwrap().starts_with("name.givenName: "), "{body}");
    }

    #[test]
    fn duplicates_are_409_uniqueness() {
        let status = Status::already_exists("user a@b.c exists");
        let body = ScimError::from_status(&status, str::to_owned).body();
        assert_eq!((body["status"].as_str(), body["scimType"].as_str()), (Some("409"), Some("uniqueness")));
    }
}
