//! `/v2/users/{tenant_id}/{mail}/avatar`: a user's picture (guide §2.4
//! item 1), beyond the guide's routes since its panel uploads it.
//!
//! - `PUT` takes the picture as the body (`Content-Type: image/jpeg`,
//!   `image/png` or `image/webp`: `curl -T photo.png`) or as a multipart file
//!   field `avatar` (`curl -F avatar=@photo.png`); answers
//!   `{"success": true, "etag": …, "width": …, "height": …}`.
//! - `GET` answers the stored JPEG (`image/jpeg`) with its `ETag`; a request
//!   whose `If-None-Match` names it gets `304 Not Modified`.
//! - `DELETE` answers `{"success": true}`.

use axum::{
    Json,
    body::Bytes,
    extract::{FromRequest as _, Multipart, Path, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::LegacyErrors;
use crate::pb::{self, user_service_server::UserService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError, Success, success},
    input::Legacy,
};

const NAMES: FieldNames = &[("image", "avatar")];

/// The answer to an upload.
#[derive(Serialize, ToSchema)]
pub struct AvatarSaved {
    success: bool,
    /// The stored picture's tag, for `If-None-Match`.
    etag: String,
    width: i32,
    height: i32,
}

/// A picture's bytes.
#[derive(Deserialize, ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code, reason = "documents the body that picture() reads and get() answers")]
pub struct Picture(Vec<u8>);

/// A multipart upload: the picture in the field `avatar`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that picture() reads")]
pub struct AvatarUpload {
    /// JPEG, PNG or WebP.
    avatar: Picture,
}

fn fail(status: tonic::Status) -> LegacyError {
    LegacyError::from_status(&status, NAMES)
}

/// The picture of a request: the body itself, or the multipart field `avatar`.
async fn picture(request: Request) -> Result<Vec<u8>, LegacyError> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.trim().to_ascii_lowercase().starts_with("multipart/form-data") {
        let bytes = Bytes::from_request(request, &())
            .await
            .map_err(|rejection| LegacyError::message(rejection.status(), rejection.body_text()))?;
        return Ok(bytes.to_vec());
    }
    let multipart_error = |e: axum::extract::multipart::MultipartError| LegacyError::message(e.status(), e.body_text());
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| LegacyError::message(rejection.status(), rejection.body_text()))?;
    let mut picture = None;
    while let Some(part) = multipart.next_field().await.map_err(multipart_error)? {
        match part.name().unwrap_or_default() {
            "avatar" => picture = Some(part.bytes().await.map_err(multipart_error)?.to_vec()),
            other => return Err(LegacyError::invalid(other, format!("{other} is not a parameter of this request"))),
        }
    }
    picture.ok_or_else(|| LegacyError::required("avatar"))
}

/// `PUT /v2/users/{tenant_id}/{mail}/avatar`.
#[utoipa::path(put, path = "/v2/users/{tenant_id}/{mail}/avatar", tag = "users", operation_id = "setUserAvatar",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The user's address")),
    request_body(content(
        (Picture = "image/jpeg"),
        (Picture = "image/png"),
        (Picture = "image/webp"),
        (Picture = "application/octet-stream"),
        (AvatarUpload = "multipart/form-data"),
    )),
    responses((status = 200, description = "Stored as a JPEG", body = AvatarSaved), LegacyErrors))]
pub async fn put(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
    request: Request,
) -> Result<Response, LegacyError> {
    let image = picture(request).await?;
    let request = pb::SetUserAvatarRequest { tenant_id, mail, image };
    let avatar = gw.users.set_user_avatar(legacy.grpc("SetUserAvatar", request)).await.map_err(fail)?.into_inner();
    Ok(Json(AvatarSaved { success: true, etag: avatar.etag, width: avatar.width, height: avatar.height })
        .into_response())
}

/// `GET /v2/users/{tenant_id}/{mail}/avatar`.
#[utoipa::path(get, path = "/v2/users/{tenant_id}/{mail}/avatar", tag = "users", operation_id = "getUserAvatar",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The user's address"), ("If-None-Match" = Option<String>, Header, description = "The ETag of a copy the client holds")),
    responses(
        (status = 200, description = "The picture", content_type = "image/jpeg", body = Picture,
         headers(("ETag" = String, description = "The picture's tag"))),
        (status = 304, description = "The client's copy is current"),
        LegacyErrors,
    ))]
pub async fn get(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let request = pb::GetUserAvatarRequest { tenant_id, mail };
    let avatar = gw.users.get_user_avatar(legacy.grpc("GetUserAvatar", request)).await.map_err(fail)?.into_inner();
    let etag = format!("\"{}\"", avatar.etag);
    let unchanged = legacy
        .headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, avatar.image).into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    Ok(response)
}

/// `DELETE /v2/users/{tenant_id}/{mail}/avatar`.
#[utoipa::path(delete, path = "/v2/users/{tenant_id}/{mail}/avatar", tag = "users", operation_id = "deleteUserAvatar",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The user's address")),
    responses((status = 200, description = "Deleted", body = Success), LegacyErrors))]
pub async fn delete(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let request = pb::DeleteUserAvatarRequest { tenant_id, mail };
    gw.users.delete_user_avatar(legacy.grpc("DeleteUserAvatar", request)).await.map_err(fail)?;
    Ok(success())
}
