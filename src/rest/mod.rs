//! The legacy `/v2` REST gateway: the curl API of the product pbm replaces,
//! kept working unchanged (see the guide's chapters 2 and 8); and beside it
//! [`scim`], SCIM 2.0 provisioning at `/scim/v2`, built the same way.
//!
//! It is a transcoder. Each handler parses the legacy form, JSON or
//! JSON-Patch request ([`input`]), builds the proto request, calls the very
//! gRPC adapter a gRPC client would reach, and renders the legacy JSON answer
//! or the guide's error bodies ([`error`]). No business rule and no second
//! validation live here; only the legacy names and value formats (numbers
//! written as strings, quota read back in kilobytes) are translated.

pub mod error;
pub mod input;
pub mod scim;
mod v2;

use axum::{Router, extract::DefaultBodyLimit, response::Response};

use crate::grpc::{AuthApi, DomainApi, MailApi, MailListApi, ResourceApi, TenantApi, UserApi};
use crate::service::Services;

/// The gRPC adapters the gateway transcodes into.
#[derive(Clone)]
pub struct Gateway {
    /// AuthService.
    pub auth: AuthApi,
    /// TenantService.
    pub tenants: TenantApi,
    /// UserService.
    pub users: UserApi,
    /// DomainService.
    pub domains: DomainApi,
    /// ResourceService.
    pub resources: ResourceApi,
    /// MailListService.
    pub mail_lists: MailListApi,
    /// MailService.
    pub mail: MailApi,
}

/// The `/v2` routes, with bodies limited to `max_request_bytes`.
pub fn router(services: &Services, max_request_bytes: usize) -> Router {
    let gateway = Gateway {
        auth: AuthApi(services.auth.clone()),
        tenants: TenantApi(services.tenants.clone()),
        users: UserApi(services.users.clone()),
        domains: DomainApi(services.domains.clone()),
        resources: ResourceApi(services.resources.clone()),
        mail_lists: MailListApi(services.mail_lists.clone()),
        mail: MailApi(services.mail.clone()),
    };
    v2::routes()
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(max_request_bytes))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(gateway)
}

/// Headers on every `/v2` answer: the body is data for scripts, never a
/// page — browsers must not sniff it into HTML, frame it, run anything in
/// it or send the URL on; and nothing is cached unless the route says so
/// (avatars carry their own `Cache-Control` with an `ETag`).
pub(crate) async fn security_headers(mut response: Response) -> Response {
    use axum::http::{HeaderValue, header};
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; sandbox"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}
