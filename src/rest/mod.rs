//! The legacy `/v2` REST gateway: the curl API of the product pbm replaces,
//! kept working unchanged (see the guide's chapters 2 and 8).
//!
//! It is a transcoder. Each handler parses the legacy form, JSON or
//! JSON-Patch request ([`input`]), builds the proto request, calls the very
//! gRPC adapter a gRPC client would reach, and renders the legacy JSON answer
//! or the guide's error bodies ([`error`]). No business rule and no second
//! validation live here; only the legacy names and value formats (numbers
//! written as strings, quota read back in kilobytes) are translated.

pub mod error;
pub mod input;
mod v2;

use axum::{Router, extract::DefaultBodyLimit};

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
        .with_state(gateway)
}
