//! `/scim/v2`: SCIM 2.0 provisioning (RFC 7643, RFC 7644) for identity
//! providers — Microsoft Entra ID, Okta, Keycloak — that push a company's
//! people into pbm (README "Provisioning with SCIM").
//!
//! Like `/v2`, it is a transcoder: each handler maps SCIM's JSON onto the
//! proto request, calls the gRPC adapter a gRPC client would reach, and
//! renders SCIM's JSON or its error schema ([`error`]). The caller is an API
//! key of a tenant's service account holding the `scim` scope; the tenant is
//! the key's. Requests are marked [`crate::grpc::ViaScim`], so the services
//! refuse any other credential and let `scim` stand for the scopes SCIM's
//! RPCs need. What SCIM adds beside a user, its `externalId`, is kept by
//! [`crate::service::provisioning`].
//!
//! - [`users`]: `/Users` ↔ pbm users.
//! - [`groups`]: `/Groups` ↔ mailing lists.
//! - [`resource`]: what both share (versions, projections, paging).
//! - [`filter`]: the filter grammar, shared with PATCH paths.
//! - [`patch`]: PATCH operations applied to a resource's JSON.
//! - [`discovery`]: `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`.

pub mod discovery;
pub mod error;
pub mod filter;
pub mod groups;
pub mod patch;
pub mod resource;
pub mod users;

use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, FromRequestParts},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::{any, get},
};
use serde_json::Value;

use self::error::{ScimError, ScimType};
use crate::grpc::{ClientAddr, MailListApi, UserApi, ViaScim};
use crate::service::{RequestContext, Services};

/// SCIM's media type.
pub const SCIM_JSON: &str = "application/scim+json";

/// Results per page when the request gives no `count`, and the most a page holds.
pub const DEFAULT_COUNT: usize = 100;
/// The most results one page holds (ServiceProviderConfig's `filter.maxResults`).
pub const MAX_COUNT: usize = 1000;

/// What the handlers call.
#[derive(Clone)]
pub struct ScimState {
    /// UserService, as gRPC clients reach it.
    pub users: UserApi,
    /// MailListService, as gRPC clients reach it.
    pub lists: MailListApi,
    /// The services (who the key is; the externalIds).
    pub services: Services,
    /// Where the next page of a sequential listing starts (see [`users::PageCursors`]).
    pub cursors: Arc<Mutex<users::PageCursors>>,
}

/// The `/scim/v2` routes, with bodies limited to `max_request_bytes`.
pub fn router(services: &Services, max_request_bytes: usize) -> Router {
    let state = ScimState {
        users: UserApi(services.users.clone()),
        lists: MailListApi(services.mail_lists.clone()),
        services: services.clone(),
        cursors: Arc::default(),
    };
    // Merged into the server's router: no router-wide fallbacks (the server has its own); unknown
    // paths under /scim/v2 and unknown methods get SCIM errors route by route.
    Router::new()
        .route("/scim/v2/ServiceProviderConfig", get(discovery::service_provider_config).fallback(method_not_allowed))
        .route("/scim/v2/ResourceTypes", get(discovery::resource_types).fallback(method_not_allowed))
        .route("/scim/v2/ResourceTypes/{name}", get(discovery::resource_type).fallback(method_not_allowed))
        .route("/scim/v2/Schemas", get(discovery::schemas).fallback(method_not_allowed))
        .route("/scim/v2/Schemas/{id}", get(discovery::schema).fallback(method_not_allowed))
        .route("/scim/v2/Users", get(users::list).post(users::create).fallback(method_not_allowed))
        .route(
            "/scim/v2/Users/{id}",
            get(users::get).put(users::replace).patch(users::patch).delete(users::delete).fallback(method_not_allowed),
        )
        .route("/scim/v2/Groups", get(groups::list).post(groups::create).fallback(method_not_allowed))
        .route(
            "/scim/v2/Groups/{id}",
            get(groups::get)
                .put(groups::replace)
                .patch(groups::patch)
                .delete(groups::delete)
                .fallback(method_not_allowed),
        )
        .route("/scim/v2", any(not_found))
        .route("/scim/v2/{*rest}", any(not_found))
        .layer(DefaultBodyLimit::max(max_request_bytes))
        .layer(axum::middleware::map_response(super::security_headers))
        .with_state(state)
}

async fn not_found() -> ScimError {
    ScimError::status(
        StatusCode::NOT_FOUND,
        "no such SCIM endpoint (pbm serves /Users, /Groups and the discovery endpoints)",
    )
}

async fn method_not_allowed() -> ScimError {
    ScimError::status(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
}

/// Who sent a SCIM request: its headers and client address, carried over
/// into the requests made for it.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Request headers.
    pub headers: HeaderMap,
    /// Client address from the accept loop.
    pub client: Option<ClientAddr>,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self { headers: parts.headers.clone(), client: parts.extensions.get::<ClientAddr>().copied() })
    }
}

impl Caller {
    /// A gRPC request to `rpc` carrying the key, the client address and the SCIM mark.
    pub fn grpc<T>(&self, rpc: &'static str, message: T) -> tonic::Request<T> {
        let legacy = crate::rest::input::Legacy { headers: self.headers.clone(), client: self.client };
        let mut request = legacy.grpc(rpc, message);
        request.extensions_mut().insert(ViaScim);
        request
    }

    /// The same as a request context of the services, for the RPC `rpc`.
    pub fn context(&self, rpc: &'static str) -> RequestContext {
        crate::grpc::context(&self.grpc(rpc, ()))
    }

    /// The tenant of the key: every request acts in it. 401/403 when the
    /// credential is not a tenant's key with the `scim` scope.
    pub async fn tenant(&self, services: &Services) -> Result<String, ScimError> {
        let bearer = self.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        if !bearer.and_then(crate::grpc::bearer_token).is_some_and(crate::security::api_keys::looks_like_key) {
            return Err(ScimError::status(
                StatusCode::UNAUTHORIZED,
                "SCIM takes a service account's API key: Authorization: Bearer pbm_sk_…",
            ));
        }
        let caller = services.auth.who_am_i(&self.context("WhoAmI")).await.map_err(|err| status_error(err.into()))?;
        Ok(caller.tenant_id)
    }

    /// The base URL of this endpoint as the client reached it
    /// (`X-Forwarded-Proto` and `Host`), for `meta.location`.
    pub fn base_url(&self) -> String {
        let host = self.headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
        let https = self.headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
        format!("{}://{host}/scim/v2", if https { "https" } else { "http" })
    }
}

/// A status without field names to translate.
fn status_error(status: tonic::Status) -> ScimError {
    ScimError::from_status(&status, str::to_owned)
}

/// A SCIM JSON answer with `status`, and the resource's `ETag` when it has a version.
pub fn scim_json(status: StatusCode, body: Value) -> Response {
    let version = body.pointer("/meta/version").and_then(Value::as_str).map(str::to_owned);
    let location = (status == StatusCode::CREATED)
        .then(|| body.pointer("/meta/location").and_then(Value::as_str).map(str::to_owned))
        .flatten();
    let mut response = (status, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(version) = version.and_then(|v| HeaderValue::from_str(&v).ok()) {
        headers.insert(header::ETAG, version);
    }
    if let Some(location) = location.and_then(|v| HeaderValue::from_str(&v).ok()) {
        headers.insert(header::LOCATION, location);
    }
    response
}

/// Reads a JSON body (any content type: clients send `application/json`
/// and `application/scim+json`).
pub fn json_body(body: &[u8]) -> Result<Value, ScimError> {
    serde_json::from_slice(body)
        .map_err(|err| ScimError::bad(ScimType::InvalidSyntax, format!("the body is not JSON: {err}")))
}
