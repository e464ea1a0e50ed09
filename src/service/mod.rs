//! The service layer: business rules and authorization, one file per API
//! service, shared by every transport. gRPC adapters and the /v2 gateway
//! call exactly these functions, so the two cannot disagree.
//!
//! Each call receives a [`RequestContext`] (the bearer token and the client
//! address, as the transport saw them), authenticates it into a [`Caller`]
//! and checks the caller's rights before touching any object — so a request
//! for another tenant's object is refused without revealing whether the
//! object exists.

pub mod auth;
pub mod bootstrap;
pub mod jobs;
pub mod tenants;
pub mod users;

use std::{net::IpAddr, sync::Arc};

use chrono::{DateTime, Utc};

use crate::domain::{self, Role};
use crate::error::{AuthFailure, Error, Result};
use crate::ports::{Directory, SessionStore};
use crate::security::{password::PasswordHasher, tokens::TokenSigner};
use crate::settings::SettingsHandle;

pub use auth::Auth;
pub use tenants::Tenants;
pub use users::Users;

/// What a transport knows about a request's origin.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    /// The bearer token, without the `Bearer ` prefix.
    pub bearer: Option<String>,
    /// The client's address.
    pub client_addr: Option<IpAddr>,
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Primary address of the account.
    pub account: String,
    /// Tenant of the account.
    pub tenant_id: String,
    /// Role of the account.
    pub role: Role,
    /// Session of the access token.
    pub session_id: String,
    /// When the access token expires.
    pub expires_at: DateTime<Utc>,
}

impl Caller {
    /// Whether the caller is a superadmin.
    pub fn is_superadmin(&self) -> bool {
        self.role == Role::Superadmin
    }

    /// Superadmins only.
    pub fn require_superadmin(&self) -> Result<()> {
        if self.is_superadmin() { Ok(()) } else { Err(Error::PermissionDenied) }
    }

    /// Superadmins, and admins of `tenant_id`.
    pub fn require_admin_of(&self, tenant_id: &str) -> Result<()> {
        match self.role {
            Role::Superadmin => Ok(()),
            Role::Admin if self.tenant_id == tenant_id => Ok(()),
            _ => Err(Error::PermissionDenied),
        }
    }

    /// Whether the caller is the account `mail` of `tenant_id`.
    pub fn is_account(&self, tenant_id: &str, mail: &str) -> bool {
        self.tenant_id == tenant_id && self.account == mail
    }
}

/// A page of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// Items of the page.
    pub items: Vec<T>,
    /// Token of the next page, empty on the last one.
    pub next_page_token: String,
    /// Number of matches over all pages.
    pub total_size: u64,
}

/// The ports and shared machinery every service uses.
pub struct Core {
    /// Directory objects.
    pub directory: Arc<dyn Directory>,
    /// Login sessions.
    pub sessions: Arc<dyn SessionStore>,
    /// Settings in force.
    pub settings: SettingsHandle,
    /// Access-token signer.
    pub signer: TokenSigner,
    /// Password hasher.
    pub hasher: PasswordHasher,
}

impl Core {
    /// Turns a request's bearer token into a caller: the signature and
    /// expiry must hold and the session must still be active.
    pub async fn authenticate(&self, ctx: &RequestContext) -> Result<Caller> {
        let token = ctx.bearer.as_deref().ok_or(Error::Unauthenticated(AuthFailure::MissingToken))?;
        let claims = self.signer.verify(token)?;
        let role = claims.role().ok_or(Error::Unauthenticated(AuthFailure::InvalidToken))?;
        if !self.sessions.session_active(&claims.sid, domain::now()).await? {
            return Err(Error::Unauthenticated(AuthFailure::SessionEnded));
        }
        Ok(Caller {
            expires_at: claims.expires_at(),
            account: claims.sub,
            tenant_id: claims.tid,
            role,
            session_id: claims.sid,
        })
    }

    /// The tenant, or NOT_FOUND.
    pub async fn existing_tenant(&self, tenant_id: &str) -> Result<crate::domain::Tenant> {
        self.directory.get_tenant(tenant_id).await?.ok_or_else(|| Error::not_found("tenant", tenant_id))
    }
}

/// How often an update that lost a race to a concurrent writer is retried.
pub(crate) const UPDATE_ATTEMPTS: u32 = 10;

/// Waits a little, growing with `attempt`, with jitter, before retrying an
/// update that lost a race (optimistic concurrency on revisions).
pub(crate) async fn conflict_backoff(attempt: u32) {
    use rand::Rng as _;
    let millis = rand::thread_rng().gen_range(1..=5) * u64::from(attempt + 1);
    tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
}

/// Every service, ready for the transports.
#[derive(Clone)]
pub struct Services {
    /// AuthService.
    pub auth: Auth,
    /// TenantService.
    pub tenants: Tenants,
    /// UserService.
    pub users: Users,
    core: Arc<Core>,
}

impl Services {
    /// Builds the services over one core.
    pub fn new(core: Core) -> Self {
        let core = Arc::new(core);
        Self { auth: Auth(core.clone()), tenants: Tenants(core.clone()), users: Users(core.clone()), core }
    }

    /// The shared core (for background jobs and bootstrap).
    pub fn core(&self) -> &Arc<Core> {
        &self.core
    }
}
