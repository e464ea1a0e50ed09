//! `POST /v2/auth` (guide §2.2.1): log in with `login` and `password`, or
//! refresh with `refresh_token` (the `Authorization` header the guide sends
//! along is accepted and not needed). When the client address must pass the
//! robot check (401 `CHALLENGE REQUIRED`), the login also carries
//! `challenge_id` and `challenge_answer`, a picture code from
//! `POST /v2/auth/challenge`.

use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::header,
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::LegacyErrors;
use crate::pb::{self, auth_service_server::AuthService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError},
    input::{Fields, Legacy, body},
};

const NAMES: FieldNames = &[("login", "login"), ("password", "password"), ("refresh_token", "refresh_token")];

/// The parameters `POST /v2/auth` accepts.
pub(super) const FIELDS: &[&str] = &["login", "password", "refresh_token", "challenge_id", "challenge_answer"];

/// The token answer (§2.2.1).
#[derive(Serialize, ToSchema)]
pub struct LegacyTokens {
    /// The bearer token of every other route.
    access_token: String,
    /// Trades for new tokens at `/v2/auth` (`refresh_token=…`).
    refresh_token: String,
    /// Seconds the access token lives.
    expire: i64,
    #[serde(rename = "tenant-id")]
    tenant_id: String,
    /// 1 tenant admin, 2 user, 3 superadmin.
    #[schema(minimum = 1, maximum = 3)]
    role: i32,
}

/// A picture code for the robot check.
#[derive(Serialize, ToSchema)]
pub struct LegacyChallenge {
    challenge_id: String,
    /// A `data:image/png;base64,…` URL.
    image: String,
    /// Seconds it stays valid.
    expire: i64,
}

/// The parameters of `POST /v2/auth` (a form or a JSON object): `login`
/// and `password`, or `refresh_token`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::Fields reads (FIELDS)")]
pub struct AuthFields {
    /// The user's address.
    #[schema(format = Email)]
    login: Option<String>,
    #[schema(format = Password)]
    password: Option<String>,
    /// A refresh token, instead of a login and password.
    refresh_token: Option<String>,
    /// After a 401 `CHALLENGE REQUIRED`: the id of a picture code of `/v2/auth/challenge`.
    challenge_id: Option<String>,
    /// The code read off the picture.
    challenge_answer: Option<String>,
}

/// The legacy token answer, which no cache may keep.
fn tokens(tokens: &pb::Tokens) -> Response {
    let no_store = [(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")];
    let answer = LegacyTokens {
        access_token: tokens.access_token.clone(),
        refresh_token: tokens.refresh_token.clone(),
        expire: tokens.expires_in,
        tenant_id: tokens.tenant_id.clone(),
        role: tokens.role,
    };
    (no_store, Json(answer)).into_response()
}

/// `POST /v2/auth`.
#[utoipa::path(post, path = "/v2/auth", tag = "auth", operation_id = "login",
    security(()),
    request_body(content(
        (AuthFields = "application/x-www-form-urlencoded"),
        (AuthFields = "application/json"),
    )),
    responses(
        (status = 200, description = "Tokens (not to be cached)", body = LegacyTokens,
         headers(("Cache-Control" = String, description = "no-store"))),
        LegacyErrors,
    ))]
pub async fn post(
    State(gw): State<Gateway>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(FIELDS)?;
    let answer = match fields.text("refresh_token") {
        Some(refresh_token) => gw.auth.refresh(legacy.grpc("Refresh", pb::RefreshRequest { refresh_token })).await,
        None => {
            let request = pb::LoginRequest {
                login: fields.text("login").unwrap_or_default(),
                password: fields.text("password").unwrap_or_default(),
                challenge_id: fields.text("challenge_id").unwrap_or_default(),
                challenge_answer: fields.text("challenge_answer").unwrap_or_default(),
            };
            gw.auth.login(legacy.grpc("Login", request)).await
        }
    };
    answer.map(|r| tokens(r.get_ref())).map_err(|s| LegacyError::from_status(&s, NAMES))
}

/// `POST /v2/auth/challenge`: a picture code for the robot check, as
/// `{"challenge_id": …, "image": "data:image/png;base64,…", "expire": seconds}`.
#[utoipa::path(post, path = "/v2/auth/challenge", tag = "auth", operation_id = "createLoginChallenge",
    security(()),
    responses((status = 200, description = "A picture code", body = LegacyChallenge), LegacyErrors))]
pub async fn challenge(State(gw): State<Gateway>, legacy: Legacy) -> Result<Response, LegacyError> {
    let request = legacy.grpc("CreateLoginChallenge", pb::CreateLoginChallengeRequest {});
    let challenge = gw.auth.create_login_challenge(request).await.map_err(|s| LegacyError::from_status(&s, NAMES))?;
    let challenge = challenge.into_inner();
    let expire = challenge.expire_time.map_or(0, |t| (t.seconds - chrono::Utc::now().timestamp()).max(0));
    let image = format!(
        "data:{};base64,{}",
        challenge.image_type,
        base64::engine::general_purpose::STANDARD.encode(&challenge.image)
    );
    Ok(Json(LegacyChallenge { challenge_id: challenge.challenge_id, image, expire }).into_response())
}
