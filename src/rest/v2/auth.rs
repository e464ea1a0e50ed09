//! `POST /v2/auth` (guide §2.2.1): log in with `login` and `password`, or
//! refresh with `refresh_token` (the `Authorization` header the guide sends
//! along is accepted and not needed).

use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::pb::{self, auth_service_server::AuthService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError},
    input::{Fields, Legacy, body},
};

const NAMES: FieldNames = &[("login", "login"), ("password", "password"), ("refresh_token", "refresh_token")];

/// The legacy token answer.
fn tokens(tokens: &pb::Tokens) -> Response {
    Json(json!({
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "expire": tokens.expires_in,
        "tenant-id": tokens.tenant_id,
        "role": tokens.role,
    }))
    .into_response()
}

/// `POST /v2/auth`.
pub async fn post(
    State(gw): State<Gateway>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(&["login", "password", "refresh_token"])?;
    let answer = match fields.text("refresh_token") {
        Some(refresh_token) => gw.auth.refresh(legacy.grpc(pb::RefreshRequest { refresh_token })).await,
        None => {
            let request = pb::LoginRequest {
                login: fields.text("login").unwrap_or_default(),
                password: fields.text("password").unwrap_or_default(),
                ..Default::default()
            };
            gw.auth.login(legacy.grpc(request)).await
        }
    };
    answer.map(|r| tokens(r.get_ref())).map_err(|s| LegacyError::from_status(&s, NAMES))
}
