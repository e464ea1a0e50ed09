//! The gRPC transport: thin adapters that implement the generated tonic
//! service traits by converting the proto request (in [`convert`]), calling
//! the service layer and converting the answer back. No business rule lives
//! here. RPCs not built yet keep the generated default stub, which answers
//! UNIMPLEMENTED (`generate_default_stubs` in `build.rs`).

pub mod convert;

mod addressbook;
mod audit;
mod auth;
mod backup;
mod domains;
mod mail;
mod mail_lists;
mod resources;
mod service_accounts;
mod settings;
mod tenants;
mod users;
mod watch;

use std::net::SocketAddr;

pub use addressbook::AddressBookApi;
pub use audit::AuditApi;
pub use auth::AuthApi;
pub use backup::BackupApi;
pub use domains::DomainApi;
pub use mail::MailApi;
pub use mail_lists::MailListApi;
pub use resources::ResourceApi;
pub use service_accounts::ServiceAccountApi;
pub use settings::SettingsApi;
pub use tenants::TenantApi;
pub use users::UserApi;
pub use watch::WatchApi;

use crate::service::RequestContext;

/// The client's socket address, put into every request's extensions by the
/// server's accept loop (behind a proxy, the proxy's address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub SocketAddr);

/// The RPC a request calls (its method name, e.g. `GetUser`): put into the
/// request's extensions from the gRPC path by the server's router, and by
/// the /v2 gateway for the RPC it transcodes into. API keys are checked
/// against it (see [`crate::service::scopes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcName(pub String);

/// Marks a request the SCIM endpoint transcoded (put into its extensions by
/// `/scim/v2` only; extensions never come from the wire): the caller must be
/// an API key with the `scim` scope (see [`crate::service::scopes::SCIM_COVERS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViaScim;

/// Reads the bearer token, client address and RPC of a gRPC request.
pub fn context<T>(request: &tonic::Request<T>) -> RequestContext {
    let bearer = request
        .metadata()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(bearer_token)
        .map(str::to_owned);
    let peer_addr = request.extensions().get::<ClientAddr>().map(|addr| addr.0.ip());
    let forwarded_for =
        request.metadata().get("x-forwarded-for").and_then(|value| value.to_str().ok()).map(str::to_owned);
    let rpc = request.extensions().get::<RpcName>().map(|name| name.0.clone());
    let via_scim = request.extensions().get::<ViaScim>().is_some();
    RequestContext { bearer, peer_addr, forwarded_for, rpc, via_scim }
}

/// The token of an `Authorization: Bearer <token>` value (scheme
/// case-insensitive).
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_values() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer"), None);
    }
}
