//! Legacy error bodies (guide §8), rendered from the gRPC `Status` the
//! adapters return, so that /v2 and gRPC answer the same question the same
//! way.
//!
//! | gRPC code | HTTP | body |
//! |---|---|---|
//! | INVALID_ARGUMENT | 400 | `{"message": {"<param>": "<param> is a required value"}}` or the violation's description |
//! | UNAUTHENTICATED | 401 | `{"message": "TOKEN EXPIRED"}` (or `TOKEN MISSING`, `TOKEN INVALID`, `SESSION ENDED`, `WRONG LOGIN OR PASSWORD`, `ACCOUNT BLOCKED`, `REFRESH TOKEN INVALID`) |
//! | PERMISSION_DENIED | 403 | the guide's sentence |
//! | NOT_FOUND | 404 | `{"message": "..."}` |
//! | ALREADY_EXISTS, ABORTED | 409 | `{"message": "..."}` |
//! | FAILED_PRECONDITION | 422 | `{"message": "..."}` |
//! | RESOURCE_EXHAUSTED | 429 | `{"message": "..."}` + `Retry-After` |
//! | UNIMPLEMENTED | 501 | `{"message": "..."}` |
//! | UNAVAILABLE | 503 | `{"message": "..."}` |
//! | anything else | 500 | `{"message": "Internal server error"}` |
//!
//! Parameter names in 400 bodies are the legacy ones (`userPassword`, `cn`,
//! ...): each resource passes the table mapping its proto field paths to them.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Map, Value};
use tonic::{Code, Status};
use tonic_types::StatusExt as _;
use utoipa::ToSchema;

use crate::error::{AuthFailure, ViolationKind};

/// The guide's 403 sentence.
pub const FORBIDDEN_MESSAGE: &str = "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.";

/// Proto field path → legacy parameter name, per resource.
pub type FieldNames = &'static [(&'static str, &'static str)];

/// The guide's answer to a change: `{"success": true}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Success {
    /// Always `true`.
    pub success: bool,
}

impl Success {
    /// The one value.
    pub const YES: Self = Self { success: true };
}

/// An error answer (guide §8): `{"message": "…"}`, or for bad parameters
/// `{"message": {"<parameter>": "<what is wrong>"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub message: ErrorMessage,
}

/// The message of an error answer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ErrorMessage {
    /// A sentence (`TOKEN EXPIRED`, the guide's 403 sentence, …).
    Text(String),
    /// Bad parameters, by their legacy names.
    Fields(FieldMessages),
}

/// Legacy parameter name → what is wrong with it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(value_type = BTreeMap<String, String>)]
pub struct FieldMessages(pub Map<String, Value>);

/// An error answer of the gateway.
#[derive(Debug)]
pub struct LegacyError {
    status: StatusCode,
    body: ErrorBody,
    retry_after: Option<u64>,
}

impl LegacyError {
    /// A 400 naming bad parameters: `(legacy name, text)`.
    pub fn fields(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut map = Map::new();
        for (name, text) in pairs {
            match map.get_mut(&name) {
                Some(Value::String(existing)) => {
                    existing.push_str("; ");
                    existing.push_str(&text);
                }
                _ => {
                    map.insert(name, Value::String(text));
                }
            }
        }
        let body = ErrorBody { message: ErrorMessage::Fields(FieldMessages(map)) };
        Self { status: StatusCode::BAD_REQUEST, body, retry_after: None }
    }

    /// A 400 for one bad parameter.
    pub fn invalid(name: &str, text: impl Into<String>) -> Self {
        Self::fields([(name.to_owned(), text.into())])
    }

    /// A 400 for one missing parameter, in the guide's words.
    pub fn required(name: &str) -> Self {
        Self::invalid(name, format!("{name} is a required value"))
    }

    /// Any status with a plain message.
    pub fn message(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, body: ErrorBody { message: ErrorMessage::Text(message.into()) }, retry_after: None }
    }

    /// The body of the answer.
    pub fn body(&self) -> &ErrorBody {
        &self.body
    }

    /// The legacy rendering of a gRPC status.
    pub fn from_status(status: &Status, names: FieldNames) -> Self {
        let legacy_name = |field: &str| -> String {
            names
                .iter()
                .find(|(path, _)| *path == field)
                .map_or_else(|| field.to_owned(), |(_, name)| (*name).to_owned())
        };
        match status.code() {
            Code::InvalidArgument => {
                let violations = status.get_details_bad_request().map(|b| b.field_violations).unwrap_or_default();
                if violations.is_empty() {
                    return Self::invalid("request", status.message());
                }
                Self::fields(violations.into_iter().map(|v| {
                    let name = legacy_name(&v.field);
                    let text = match ViolationKind::from_reason(&v.reason) {
                        Some(ViolationKind::Required) => format!("{name} is a required value"),
                        _ => v.description,
                    };
                    (name, text)
                }))
            }
            Code::Unauthenticated => {
                let reason = status.get_details_error_info().map(|i| i.reason).unwrap_or_default();
                let failure = AuthFailure::from_reason(&reason).unwrap_or(AuthFailure::InvalidToken);
                Self::message(StatusCode::UNAUTHORIZED, failure.legacy_message())
            }
            Code::PermissionDenied => Self::message(StatusCode::FORBIDDEN, FORBIDDEN_MESSAGE),
            Code::NotFound => Self::message(StatusCode::NOT_FOUND, status.message()),
            Code::AlreadyExists | Code::Aborted => Self::message(StatusCode::CONFLICT, status.message()),
            Code::FailedPrecondition => Self::message(StatusCode::UNPROCESSABLE_ENTITY, status.message()),
            Code::ResourceExhausted => {
                let retry = status.get_details_retry_info().and_then(|r| r.retry_delay).map(|d| d.as_secs().max(1));
                Self { retry_after: retry, ..Self::message(StatusCode::TOO_MANY_REQUESTS, status.message()) }
            }
            Code::Unimplemented => Self::message(StatusCode::NOT_IMPLEMENTED, status.message()),
            Code::Unavailable => Self::message(StatusCode::SERVICE_UNAVAILABLE, status.message()),
            _ => Self::message(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error"),
        }
    }
}

impl IntoResponse for LegacyError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// `{"success": true}`, the guide's answer to a change.
pub fn success() -> Response {
    Json(Success::YES).into_response()
}

/// Answer to a method a route does not have.
pub async fn method_not_allowed() -> LegacyError {
    LegacyError::message(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use serde_json::json;

    const NAMES: FieldNames = &[("user.password", "userPassword")];

    fn body(err: LegacyError) -> (StatusCode, Value) {
        (err.status, serde_json::to_value(err.body).expect("serialises"))
    }

    #[test]
    fn required_parameters_are_named_as_in_the_guide() {
        let status = Status::from(Error::required("user.password"));
        let (code, body) = body(LegacyError::from_status(&status, NAMES));
        assert_eq!(code, StatusCode::BAD_REQUEST);
        assert_eq!(body, json!({"message": {"userPassword": "userPassword is a required value"}}));
    }

    #[test]
    fn expired_tokens_say_so() {
        let status = Status::from(Error::Unauthenticated(crate::error::AuthFailure::TokenExpired));
        let (code, body) = body(LegacyError::from_status(&status, NAMES));
        assert_eq!(code, StatusCode::UNAUTHORIZED);
        assert_eq!(body, json!({"message": "TOKEN EXPIRED"}));
    }

    #[test]
    fn forbidden_uses_the_guide_sentence() {
        let (code, body) = body(LegacyError::from_status(&Status::from(Error::PermissionDenied), NAMES));
        assert_eq!(code, StatusCode::FORBIDDEN);
        assert_eq!(body["message"], FORBIDDEN_MESSAGE);
    }
}
