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
use serde_json::json;

use crate::pb::{self, auth_service_server::AuthService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError},
    input::{Fields, Legacy, body},
};

const NAMES: FieldNames = &[("login", "login"), ("password", "password"), ("refresh_token", "refresh_token")];

/// The legacy token answer, which no cache may keep.
fn tokens(tokens: &pb::Tokens) -> Response {
    let no_store = [(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")];
    (
        no_store,
        Json(json!({
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "expire": tokens.expires_in,
            "tenant-id": tokens.tenant_id,
            "role": tokens.role,
        })),
    )
        .into_response()
}

/// `POST /v2/auth`.
pub async fn post(
    State(gw): State<Gateway>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(&["login", "password", "refresh_token", "challenge_id", "challenge_answer"])?;
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
    Ok(Json(json!({"challenge_id": challenge.challenge_id, "image": image, "expire": expire})).into_response())
}
