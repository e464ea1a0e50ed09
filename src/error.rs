//! The one error type of pbm, and its one mapping to a gRPC `Status`.
//!
//! Services and stores return [`Error`]; the gRPC adapters turn it into a
//! `tonic::Status` carrying rich details (`BadRequest` field violations,
//! `ErrorInfo` reasons, `RetryInfo`), and the /v2 gateway reads those details
//! back to render the guide's JSON bodies. Internal causes are logged here and
//! never sent to the client.

use std::time::Duration;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `ErrorInfo.domain` of every error pbm sends.
pub const ERROR_DOMAIN: &str = "pbm.v2";

/// Why a caller is not authenticated; sent as `ErrorInfo.reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// No bearer token was sent.
    MissingToken,
    /// The token is malformed or not signed by this installation.
    InvalidToken,
    /// The token was valid but has expired.
    TokenExpired,
    /// The session behind the token was ended (logout, block, password change).
    SessionEnded,
    /// Login or password is wrong (never says which).
    BadCredentials,
    /// The account is blocked.
    AccountBlocked,
    /// The refresh token is unknown, expired or was already used.
    InvalidRefreshToken,
    /// This client address must answer a picture code before logging in.
    ChallengeRequired,
    /// The picture code was wrong, expired, or answered before.
    ChallengeFailed,
    /// The API key is malformed, unknown, revoked or wrong (never says which).
    ApiKeyInvalid,
    /// The API key has expired.
    ApiKeyExpired,
    /// The API key may not be used from the client's address.
    ApiKeyNetworkRefused,
    /// An API key was presented to a session RPC (login, refresh, logout,
    /// password change): a key is not a session.
    ApiKeyNotASession,
}

impl AuthFailure {
    /// Every failure, for reading a reason back.
    const ALL: [Self; 13] = [
        Self::MissingToken,
        Self::InvalidToken,
        Self::TokenExpired,
        Self::SessionEnded,
        Self::BadCredentials,
        Self::AccountBlocked,
        Self::InvalidRefreshToken,
        Self::ChallengeRequired,
        Self::ChallengeFailed,
        Self::ApiKeyInvalid,
        Self::ApiKeyExpired,
        Self::ApiKeyNetworkRefused,
        Self::ApiKeyNotASession,
    ];

    /// The failure's `ErrorInfo.reason`, its gRPC message, and its `/v2`
    /// message (guide §8): the one table both transports read.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::MissingToken => ("TOKEN_MISSING", "missing bearer token", "TOKEN MISSING"),
            Self::InvalidToken => ("TOKEN_INVALID", "invalid token", "TOKEN INVALID"),
            Self::TokenExpired => ("TOKEN_EXPIRED", "token expired", "TOKEN EXPIRED"),
            Self::SessionEnded => ("SESSION_ENDED", "session ended", "SESSION ENDED"),
            Self::BadCredentials => ("BAD_CREDENTIALS", "wrong login or password", "WRONG LOGIN OR PASSWORD"),
            Self::AccountBlocked => ("ACCOUNT_BLOCKED", "account is blocked", "ACCOUNT BLOCKED"),
            Self::InvalidRefreshToken => ("REFRESH_TOKEN_INVALID", "invalid refresh token", "REFRESH TOKEN INVALID"),
            Self::ChallengeRequired => {
                ("CHALLENGE_REQUIRED", "answer a picture code first (CreateLoginChallenge)", "CHALLENGE REQUIRED")
            }
            Self::ChallengeFailed => ("CHALLENGE_FAILED", "wrong or expired picture code", "CHALLENGE FAILED"),
            Self::ApiKeyInvalid => ("API_KEY_INVALID", "invalid API key", "API KEY INVALID"),
            Self::ApiKeyExpired => ("API_KEY_EXPIRED", "API key expired", "API KEY EXPIRED"),
            Self::ApiKeyNetworkRefused => (
                "API_KEY_NETWORK_REFUSED",
                "API key not allowed from this address",
                "API KEY NOT ALLOWED FROM THIS ADDRESS",
            ),
            Self::ApiKeyNotASession => {
                ("API_KEY_NOT_A_SESSION", "an API key is not a session: log in as a person", "API KEY IS NOT A SESSION")
            }
        }
    }

    /// The `ErrorInfo.reason` string.
    pub fn reason(self) -> &'static str {
        self.words().0
    }

    fn message(self) -> &'static str {
        self.words().1
    }

    /// The `/v2` message (`{"message": "TOKEN EXPIRED"}`).
    pub fn legacy_message(self) -> &'static str {
        self.words().2
    }

    /// The failure an `ErrorInfo.reason` names.
    pub fn from_reason(reason: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|failure| failure.reason() == reason)
    }
}

/// How a field of a request is wrong; sent as `FieldViolation.reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViolationKind {
    /// The field is required and was empty.
    Required,
    /// The field has a value that is not allowed.
    Invalid,
}

impl ViolationKind {
    /// The `FieldViolation.reason` string.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Required => "REQUIRED",
            Self::Invalid => "INVALID",
        }
    }

    /// The kind a `FieldViolation.reason` names.
    pub fn from_reason(reason: &str) -> Option<Self> {
        [Self::Required, Self::Invalid].into_iter().find(|kind| kind.reason() == reason)
    }
}

/// One bad field of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    /// Request field path, e.g. `user.mail`.
    pub field: String,
    /// Required or invalid.
    pub kind: ViolationKind,
    /// What is wrong, for humans.
    pub description: String,
}

/// Everything that can go wrong in pbm, by what the caller should do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed; nothing was changed.
    #[error("invalid request: {}", describe(.0))]
    InvalidArgument(Vec<FieldViolation>),
    /// No valid credentials.
    #[error("unauthenticated: {}", .0.message())]
    Unauthenticated(AuthFailure),
    /// The caller may not do this.
    #[error("permission denied")]
    PermissionDenied,
    /// The object does not exist (or the caller may not know it exists).
    #[error("{kind} {name} not found")]
    NotFound {
        /// Kind of object, e.g. `user`.
        kind: &'static str,
        /// Its name.
        name: String,
    },
    /// The object or address already exists.
    #[error("{kind} {name} already exists")]
    AlreadyExists {
        /// Kind of object, e.g. `address`.
        kind: &'static str,
        /// Its name.
        name: String,
    },
    /// The request is valid but the state of the system forbids it.
    #[error("{0}")]
    FailedPrecondition(String),
    /// A concurrent change won; the caller may retry.
    #[error("concurrent modification of {0}")]
    Aborted(String),
    /// A watcher asked to resume from a revision the change log no longer
    /// holds: it must list again (FAILED_PRECONDITION, reason
    /// `RESYNC_REQUIRED`, the current revision in the metadata).
    #[error("revision {since} is older than the change log keeps; list again, then watch from revision {current}")]
    ResyncRequired {
        /// The revision asked for.
        since: i64,
        /// The latest revision now.
        current: i64,
    },
    /// A watcher did not take its events in time and was ended
    /// (RESOURCE_EXHAUSTED, reason `WATCHER_TOO_SLOW`, the revision to
    /// resume from in the metadata).
    #[error("the watcher fell behind; resume from revision {resume_from}")]
    WatcherTooSlow {
        /// The last revision delivered to it.
        resume_from: i64,
    },
    /// A stream read at one snapshot (StreamUsers on SQL) was not read to
    /// its end in time, and was ended so that the snapshot is not held any
    /// longer (RESOURCE_EXHAUSTED, reason `STREAM_TOO_SLOW`).
    #[error("the stream was not read to its end within {} s of its snapshot; stream again, or page with ListUsers", .limit.as_secs())]
    StreamTooSlow {
        /// How long a stream may hold its snapshot.
        limit: Duration,
    },
    /// Too many failed attempts from this client.
    #[error("too many attempts; retry in {} s", .retry_after.as_secs())]
    ResourceExhausted {
        /// When the client may try again.
        retry_after: Duration,
    },
    /// A backend (store, directory, mail server) cannot be reached.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The server is shutting down: a stream it ended (UNAVAILABLE, reason
    /// `SHUTTING_DOWN`); the client calls again and another replica answers.
    #[error("pbm is shutting down: call again (another replica answers)")]
    ShuttingDown,
    /// The company directory (`services/ad/host`) cannot be reached or does
    /// not answer in time; the message names it (never "wrong password").
    #[error("directory {host} unavailable: {reason}")]
    DirectoryUnavailable {
        /// `host:port`.
        host: String,
        /// What happened (no credentials, no internal details).
        reason: String,
    },
    /// The Bitrix24 portal (`services/bitrix24/url`) cannot be reached, does
    /// not answer in time, or stays over its request limit; the message
    /// names it (UNAVAILABLE, reason `BITRIX24_UNAVAILABLE`).
    #[error("Bitrix24 portal {host} unavailable: {reason}")]
    PortalUnavailable {
        /// `host:port`.
        host: String,
        /// What happened (never the webhook's token).
        reason: String,
    },
    /// The operation is part of the API but not built yet.
    #[error("{0} is not implemented yet")]
    Unimplemented(&'static str),
    /// A bug or an unexpected backend answer; details are logged only.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

fn describe(violations: &[FieldViolation]) -> String {
    violations.iter().map(|v| format!("{}: {}", v.field, v.description)).collect::<Vec<_>>().join("; ")
}

impl Error {
    /// One invalid field.
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::InvalidArgument(vec![FieldViolation {
            field: field.into(),
            kind: ViolationKind::Invalid,
            description: description.into(),
        }])
    }

    /// One missing required field.
    pub fn required(field: impl Into<String>) -> Self {
        let field = field.into();
        Self::InvalidArgument(vec![FieldViolation {
            description: format!("{field} is required"),
            field,
            kind: ViolationKind::Required,
        }])
    }

    /// An internal error from any error value.
    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        Self::Internal(err.into())
    }

    /// A `NotFound` of the given kind.
    pub fn not_found(kind: &'static str, name: impl Into<String>) -> Self {
        Self::NotFound { kind, name: name.into() }
    }

    /// An `AlreadyExists` of the given kind.
    pub fn already_exists(kind: &'static str, name: impl Into<String>) -> Self {
        Self::AlreadyExists { kind, name: name.into() }
    }
}

impl Error {
    /// The gRPC code this error maps to: the one mapping of variants to codes.
    pub fn code(&self) -> Code {
        match self {
            Self::InvalidArgument(_) => Code::InvalidArgument,
            Self::Unauthenticated(_) => Code::Unauthenticated,
            Self::PermissionDenied => Code::PermissionDenied,
            Self::NotFound { .. } => Code::NotFound,
            Self::AlreadyExists { .. } => Code::AlreadyExists,
            Self::FailedPrecondition(_) => Code::FailedPrecondition,
            Self::Aborted(_) => Code::Aborted,
            Self::ResyncRequired { .. } => Code::FailedPrecondition,
            Self::WatcherTooSlow { .. } | Self::StreamTooSlow { .. } | Self::ResourceExhausted { .. } => {
                Code::ResourceExhausted
            }
            Self::Unavailable(_)
            | Self::DirectoryUnavailable { .. }
            | Self::PortalUnavailable { .. }
            | Self::ShuttingDown => Code::Unavailable,
            Self::Unimplemented(_) => Code::Unimplemented,
            Self::Internal(_) => Code::Internal,
        }
    }

    /// The name of [`Self::code`], e.g. `PERMISSION_DENIED` (the `result` of
    /// an audit event, the `ErrorInfo.reason` of errors without one of their own).
    pub fn code_name(&self) -> String {
        screaming_snake(&format!("{:?}", self.code()))
    }
}

/// `PermissionDenied` → `PERMISSION_DENIED`.
fn screaming_snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// Collects field violations while a request is validated, so that one
/// answer lists every bad field.
#[derive(Debug, Default)]
pub struct Violations(Vec<FieldViolation>);

impl Violations {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a missing required field.
    pub fn required(&mut self, field: &str) {
        self.0.push(FieldViolation {
            field: field.to_owned(),
            kind: ViolationKind::Required,
            description: format!("{field} is required"),
        });
    }

    /// Records an invalid field.
    pub fn invalid(&mut self, field: &str, description: impl Into<String>) {
        self.0.push(FieldViolation {
            field: field.to_owned(),
            kind: ViolationKind::Invalid,
            description: description.into(),
        });
    }

    /// Records `Err(description)` of a check as an invalid field.
    pub fn check(&mut self, field: &str, outcome: std::result::Result<(), String>) {
        if let Err(description) = outcome {
            self.invalid(field, description);
        }
    }

    /// Records every violation of an `InvalidArgument` error; other errors
    /// are returned.
    pub fn absorb(&mut self, result: Result<()>) -> Result<()> {
        match result {
            Err(Error::InvalidArgument(more)) => {
                self.0.extend(more);
                Ok(())
            }
            other => other,
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing was recorded, else `InvalidArgument`.
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() { Ok(()) } else { Err(Error::InvalidArgument(self.0)) }
    }
}

impl From<Error> for Status {
    fn from(err: Error) -> Self {
        let code = err.code();
        let info = |reason: &str| {
            ErrorDetails::with_error_info(reason, ERROR_DOMAIN, std::collections::HashMap::<String, String>::new())
        };
        match err {
            Error::InvalidArgument(violations) => {
                let message = format!("invalid request: {}", describe(&violations));
                let violations: Vec<_> = violations
                    .into_iter()
                    .map(|v| {
                        let mut fv = tonic_types::FieldViolation::new(v.field, v.description);
                        fv.reason = v.kind.reason().to_owned();
                        fv
                    })
                    .collect();
                Status::with_error_details(code, message, ErrorDetails::with_bad_request(violations))
            }
            Error::Unauthenticated(failure) => {
                Status::with_error_details(code, failure.message(), info(failure.reason()))
            }
            Error::PermissionDenied
            | Error::NotFound { .. }
            | Error::AlreadyExists { .. }
            | Error::FailedPrecondition(_) => {
                let reason = err.code_name();
                let message = match err {
                    Error::PermissionDenied => "permission denied".to_owned(),
                    Error::FailedPrecondition(message) => message,
                    other => other.to_string(),
                };
                Status::with_error_details(code, message, info(&reason))
            }
            ref e @ Error::ResyncRequired { current, .. } => {
                let metadata = std::collections::HashMap::from([("current_revision".to_owned(), current.to_string())]);
                Status::with_error_details(
                    code,
                    e.to_string(),
                    ErrorDetails::with_error_info("RESYNC_REQUIRED", ERROR_DOMAIN, metadata),
                )
            }
            ref e @ Error::WatcherTooSlow { resume_from } => {
                let metadata = std::collections::HashMap::from([("resume_from".to_owned(), resume_from.to_string())]);
                Status::with_error_details(
                    code,
                    e.to_string(),
                    ErrorDetails::with_error_info("WATCHER_TOO_SLOW", ERROR_DOMAIN, metadata),
                )
            }
            e @ Error::StreamTooSlow { .. } => Status::with_error_details(code, e.to_string(), info("STREAM_TOO_SLOW")),
            e @ Error::ResourceExhausted { retry_after } => {
                Status::with_error_details(code, e.to_string(), ErrorDetails::with_retry_info(Some(retry_after)))
            }
            Error::Unavailable(what) => {
                tracing::warn!(backend = %what, "backend unavailable");
                Status::new(code, "service temporarily unavailable")
            }
            e @ Error::ShuttingDown => Status::with_error_details(code, e.to_string(), info("SHUTTING_DOWN")),
            e @ Error::DirectoryUnavailable { .. } => {
                tracing::warn!(error = %e, "company directory unavailable");
                Status::with_error_details(code, e.to_string(), info("DIRECTORY_UNAVAILABLE"))
            }
            e @ Error::PortalUnavailable { .. } => {
                tracing::warn!(error = %e, "Bitrix24 portal unavailable");
                Status::with_error_details(code, e.to_string(), info("BITRIX24_UNAVAILABLE"))
            }
            Error::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                Status::new(code, "internal error")
            }
            e @ (Error::Aborted(_) | Error::Unimplemented(_)) => Status::new(code, e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_argument_carries_field_violations() {
        let mut v = Violations::new();
        v.required("user.mail");
        v.invalid("user.password", "too short");
        let status = Status::from(v.finish().unwrap_err());
        assert_eq!(status.code(), Code::InvalidArgument);
        let bad = status.get_details_bad_request().expect("BadRequest detail");
        let fields: Vec<_> = bad.field_violations.iter().map(|f| (f.field.as_str(), f.reason.as_str())).collect();
        assert_eq!(fields, [("user.mail", "REQUIRED"), ("user.password", "INVALID")]);
    }

    #[test]
    fn internal_details_are_not_sent() {
        let status = Status::from(Error::internal(anyhow::anyhow!("db password is hunter2")));
        assert_eq!(status.code(), Code::Internal);
        assert!(!status.message().contains("hunter2"));
    }

    #[test]
    fn code_names_are_the_grpc_names() {
        assert_eq!(Error::PermissionDenied.code_name(), "PERMISSION_DENIED");
        assert_eq!(Error::ResourceExhausted { retry_after: Duration::ZERO }.code_name(), "RESOURCE_EXHAUSTED");
        assert_eq!(Error::internal(anyhow::anyhow!("x")).code_name(), "INTERNAL");
    }

    #[test]
    fn reasons_read_back() {
        for failure in AuthFailure::ALL {
            assert_eq!(AuthFailure::from_reason(failure.reason()), Some(failure));
        }
        assert_eq!(ViolationKind::from_reason("REQUIRED"), Some(ViolationKind::Required));
        assert_eq!(AuthFailure::from_reason("NOPE"), None);
    }

    #[test]
    fn unauthenticated_carries_reason() {
        let status = Status::from(Error::Unauthenticated(AuthFailure::TokenExpired));
        assert_eq!(status.get_details_error_info().unwrap().reason, "TOKEN_EXPIRED");
    }
}
