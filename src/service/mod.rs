//! The service layer: business rules and authorization, one file per API
//! service, shared by every transport. gRPC adapters and the /v2 gateway
//! call exactly these functions, so the two cannot disagree.
//!
//! Each call receives a [`RequestContext`] (the bearer token and the client
//! address, as the transport saw them), authenticates it into a [`Caller`]
//! and checks the caller's rights before touching any object — so a request
//! for another tenant's object is refused without revealing whether the
//! object exists.

pub mod addressbook;
pub mod audit;
pub mod auth;
pub mod avatars;
pub mod backup;
pub mod cache;
pub mod domains;
pub mod drain;
pub mod feed;
pub mod mail;
pub mod mail_lists;
pub mod provisioning;
pub mod resources;
pub mod scopes;
pub mod secrets;
pub mod service_accounts;
pub mod settings;
pub mod sync;
pub mod tenants;
pub mod users;
pub mod watch;

use std::{net::IpAddr, sync::Arc};

use chrono::{DateTime, Utc};

use crate::domain::{
    self, AuditEvent, Role,
    audit::RESULT_OK,
    page_token::{self, Cursor},
};
use crate::error::{AuthFailure, Error, Result, Violations};
use crate::metrics::Metrics;
use crate::ports::{
    AuditLog, ChangeLog, Directory, DirectoryLinks, ExternalIds, ImportJournal, LoginThrottle, MailBackend,
    ServiceAccountStore, SessionStore,
};
use crate::security::{password::PasswordHasher, tokens::TokenSigner};
use crate::settings::SettingsHandle;
use crate::settings::runtime::RuntimeSettings;

pub use addressbook::AddressBook;
pub use audit::AuditService;
pub use auth::Auth;
pub use backup::Backup;
pub use domains::Domains;
pub use mail::Mail;
pub use mail_lists::MailLists;
pub use resources::Resources;
pub use service_accounts::ServiceAccounts;
pub use settings::SettingsService;
pub use sync::AccountSync;
pub use tenants::Tenants;
pub use users::Users;
pub use watch::Watch;

/// What a transport knows about a request's origin.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    /// The bearer token, without the `Bearer ` prefix.
    pub bearer: Option<String>,
    /// The address of the connection's peer (a client or a proxy).
    pub peer_addr: Option<IpAddr>,
    /// The `X-Forwarded-For` header, believed only from trusted proxies.
    pub forwarded_for: Option<String>,
    /// The RPC the request calls (its method name, e.g. `GetUser`), as the
    /// transport routed it: what an API key's scopes are checked against
    /// ([`scopes::RPC_ACCESS`]). `None`: no key may make the call.
    pub rpc: Option<String>,
    /// The request came through the SCIM endpoint (`/scim/v2`): only an
    /// API key of a tenant's service account holding the `scim` scope may
    /// make it, and that scope stands for the scopes SCIM's RPCs need
    /// ([`scopes::SCIM_COVERS`]).
    pub via_scim: bool,
}

impl RequestContext {
    /// The client's address: the peer, or — when the peer is a trusted proxy
    /// — the right-most address of `X-Forwarded-For` that is not itself a
    /// trusted proxy.
    pub fn client_addr(&self, network: &crate::settings::NetworkSettings) -> Option<IpAddr> {
        let peer = self.peer_addr?;
        if !network.is_trusted_proxy(peer) {
            return Some(peer);
        }
        let Some(chain) = &self.forwarded_for else { return Some(peer) };
        let mut client = peer;
        for hop in chain.rsplit(',') {
            let Ok(addr) = hop.trim().parse::<IpAddr>() else { break };
            client = addr;
            if !network.is_trusted_proxy(addr) {
                break;
            }
        }
        Some(client)
    }
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
    /// The API key the caller presented, when it is a service account (its
    /// `account` is then `service-account:<name>` and `session_id` empty).
    pub api_key: Option<service_accounts::ApiKeyCaller>,
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

    /// Superadmins, and admins of `tenant_id`. A tenant id not in its
    /// canonical form (`normalize_tenant_id`: `gost ` or `GOST` for `gost`)
    /// names no tenant: NOT_FOUND, before any store is asked — LDAP compares
    /// ids ignoring case and surrounding spaces, SQL does not, and a padded
    /// id must mean the same on every backend. (Empty is the installation's
    /// own scope where a call allows it.)
    pub fn require_admin_of(&self, tenant_id: &str) -> Result<()> {
        match self.role {
            Role::Superadmin
                if !tenant_id.is_empty()
                    && crate::domain::address::normalize_tenant_id(tenant_id).as_deref() != Ok(tenant_id) =>
            {
                Err(Error::not_found("tenant", tenant_id))
            }
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

/// A page of a listing and the number of all its matches, read at one
/// revision of the change log (`store::snapshot`), which the response
/// reports: a watch from it neither misses nor repeats a change.
/// Each is a closure making its read, which may be made again on a
/// directory without snapshots (LDAP) when a write overlapped it.
pub(crate) async fn listed_with_total<T, Items, Total>(
    mut items: impl FnMut() -> Items,
    mut total: impl FnMut() -> Total,
) -> Result<(Vec<T>, u64)>
where
    Items: Future<Output = Result<Vec<T>>>,
    Total: Future<Output = Result<u64>>,
{
    crate::store::snapshot::at_one_revision(|| {
        let (items, total) = (items(), total());
        async { Ok((items.await?, total.await?)) }
    })
    .await
}

/// A decoded page request of a listing ordered by one unique key (AIP-158).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageRequest {
    /// Items per page.
    pub limit: usize,
    /// Key of the last item of the previous page.
    pub after: Option<String>,
    fingerprint: String,
}

impl PageRequest {
    /// Decodes `page_size` and `page_token` of a query whose parameters are
    /// `query` (a token of another query is refused), naming every bad field.
    pub fn decode(page_size: i32, page_token: &str, query: &[&str]) -> Result<Self> {
        let fingerprint = page_token::fingerprint(query);
        let mut v = Violations::new();
        let limit = page_token::page_size(page_size).unwrap_or_else(|e| {
            v.invalid("page_size", e);
            1
        });
        let after = if page_token.is_empty() {
            None
        } else {
            page_token::decode(page_token, &fingerprint).map(|cursor| Some(cursor.id)).unwrap_or_else(|e| {
                v.invalid("page_token", e);
                None
            })
        };
        v.finish()?;
        Ok(Self { limit, after, fingerprint })
    }

    /// The key to start after, as stores take it.
    pub fn after(&self) -> Option<&str> {
        self.after.as_deref()
    }

    /// How many items to fetch: one more than a page, to know whether
    /// another page follows.
    pub fn fetch(&self) -> usize {
        self.limit + 1
    }

    /// Cuts items fetched with [`PageRequest::fetch`] into a page; `key_of`
    /// gives the sort key of an item.
    pub fn page<T>(&self, mut items: Vec<T>, total_size: u64, key_of: impl Fn(&T) -> String) -> Page<T> {
        let next_page_token = if items.len() > self.limit {
            items.truncate(self.limit);
            items
                .last()
                .map(|last| page_token::encode(&Cursor { key: String::new(), id: key_of(last) }, &self.fingerprint))
                .unwrap_or_default()
        } else {
            String::new()
        };
        Page { items, next_page_token, total_size }
    }
}

/// The ports and shared machinery every service uses.
pub struct Core {
    /// Directory objects.
    pub directory: Arc<dyn Directory>,
    /// Login sessions.
    pub sessions: Arc<dyn SessionStore>,
    /// The audit trail.
    pub audit: Arc<dyn AuditLog>,
    /// Brute-force bookkeeping.
    pub throttle: Arc<dyn LoginThrottle>,
    /// Checkpoints of directory imports.
    pub imports: Arc<dyn ImportJournal>,
    /// The change log.
    pub changes: Arc<dyn ChangeLog>,
    /// This replica's caches of sessions and users, emptied by the log.
    pub caches: cache::Caches,
    /// This replica's position in the change log, and its watchers' feed.
    pub feed: feed::ChangeFeed,
    /// The server's shutdown, which ends the open streams.
    pub drain: drain::Drain,
    /// The users the company directory owns, and its syncs' cursors.
    pub directory_links: Arc<dyn DirectoryLinks>,
    /// Service accounts and their API keys.
    pub service_accounts: Arc<dyn ServiceAccountStore>,
    /// The externalIds of users provisioned over SCIM.
    pub external_ids: Arc<dyn ExternalIds>,
    /// The mail store.
    pub mail: Arc<dyn MailBackend>,
    /// Where runtime settings are written (etcd or the store).
    pub runtime_settings: Arc<dyn RuntimeSettings>,
    /// Pauses the changes to `directory` and `runtime_settings` (both
    /// wrapped by it) while a snapshot reads.
    pub barrier: crate::store::barrier::WriteBarrier,
    /// Metrics of this server.
    pub metrics: Arc<Metrics>,
    /// Settings in force.
    pub settings: SettingsHandle,
    /// Access-token signer.
    pub signer: TokenSigner,
    /// Seals secret values at rest (web domains' private keys; the settings
    /// are sealed by the runtime source's wrapper).
    pub sealer: Arc<crate::security::sealing::Sealer>,
    /// Password hasher.
    pub hasher: PasswordHasher,
}

impl Core {
    /// Turns a request's bearer token into a caller: the signature and
    /// expiry must hold and the session must still be active. A service
    /// account's API key is checked by [`Core::authenticate_key`].
    pub async fn authenticate(&self, ctx: &RequestContext) -> Result<Caller> {
        let token = ctx.bearer.as_deref().ok_or(Error::Unauthenticated(AuthFailure::MissingToken))?;
        if crate::security::api_keys::looks_like_key(token) {
            return self.authenticate_key(ctx, token).await;
        }
        if ctx.via_scim {
            // SCIM is for identity providers, which present a key, never a person's session.
            return Err(Error::Unauthenticated(AuthFailure::InvalidToken));
        }
        let claims = self.signer.verify(token)?;
        let role = claims.role().ok_or(Error::Unauthenticated(AuthFailure::InvalidToken))?;
        let now = domain::now();
        if self.caches.session(&claims.sid, now).is_none() {
            let start = self.caches.read_start();
            if !self.sessions.session_active(&claims.sid, now).await? {
                return Err(Error::Unauthenticated(AuthFailure::SessionEnded));
            }
            let session = cache::CachedSession {
                account: claims.sub.clone(),
                tenant_id: claims.tid.clone(),
                expires_at: claims.expires_at(),
            };
            self.caches.remember_session(start, &claims.sid, session);
        }
        Ok(Caller {
            expires_at: claims.expires_at(),
            account: claims.sub,
            tenant_id: claims.tid,
            role,
            session_id: claims.sid,
            api_key: None,
        })
    }

    /// The name the audit trail gives the caller's changes: the account,
    /// or for an API key the service account and the key's id.
    pub fn actor(&self, caller: &Caller) -> String {
        match &caller.api_key {
            Some(key) => service_accounts::key_actor(&key.account, &key.key_id),
            None => caller.account.clone(),
        }
    }

    /// The audit event of a change made by `caller` through `rpc`.
    pub fn event(
        &self,
        ctx: &RequestContext,
        caller: &Caller,
        rpc: &str,
        tenant_id: &str,
        target: impl Into<String>,
    ) -> AuditEvent {
        self.event_by(ctx, &self.actor(caller), &caller.tenant_id, rpc, tenant_id, target)
    }

    /// The audit event of a change made by `actor` (of `actor_tenant`).
    pub fn event_by(
        &self,
        ctx: &RequestContext,
        actor: &str,
        actor_tenant: &str,
        rpc: &str,
        tenant_id: &str,
        target: impl Into<String>,
    ) -> AuditEvent {
        AuditEvent {
            at: domain::now(),
            actor: actor.to_owned(),
            actor_tenant: actor_tenant.to_owned(),
            client_addr: self.client_addr(ctx),
            tenant_id: tenant_id.to_owned(),
            rpc: rpc.to_owned(),
            target: target.into(),
            before: None,
            after: None,
            result: RESULT_OK.to_owned(),
            detail: String::new(),
        }
    }

    /// The client address of a request under the settings in force.
    pub fn client_addr(&self, ctx: &RequestContext) -> String {
        ctx.client_addr(&self.settings.current().network).map(|a| a.to_string()).unwrap_or_default()
    }

    /// An event of pbm itself (bootstrap, background jobs).
    pub fn system_event(&self, rpc: &str, tenant_id: &str, target: impl Into<String>) -> AuditEvent {
        self.event_by(&RequestContext::default(), "system", "", rpc, tenant_id, target)
    }

    /// Runs a change and, when it fails, appends the refused attempt to the
    /// audit trail (successes are written by the store with the change).
    pub async fn audited<T>(
        &self,
        ctx: &RequestContext,
        rpc: &str,
        tenant_id: &str,
        target: &str,
        change: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let result = change.await;
        if let Err(error) = &result {
            // Name the actor when the token at least carries our signature
            // (an API key: by its id, never its secret).
            let bearer = ctx.bearer.as_deref();
            let (actor, actor_tenant) = match bearer.and_then(crate::security::api_keys::id_of) {
                Some(key_id) => (format!("api-key:{key_id}"), String::new()),
                None => bearer
                    .and_then(|token| self.signer.verify_ignoring_expiry(token).ok())
                    .map_or_else(|| ("anonymous".to_owned(), String::new()), |claims| (claims.sub, claims.tid)),
            };
            let mut event = self.event_by(ctx, &actor, &actor_tenant, rpc, tenant_id, target);
            event.result = error.code_name();
            event.detail = error.to_string();
            if let Err(e) = self.audit.append(&event).await {
                tracing::warn!(error = %e, rpc, "could not record a failed attempt in the audit trail");
            }
        }
        result
    }

    /// The live user `mail` of `tenant_id`, from this replica's cache when
    /// it holds it (never staler than the change feed: see [`cache`]).
    pub async fn live_user(&self, tenant_id: &str, mail: &str) -> Result<Option<Arc<crate::domain::User>>> {
        if let Some(user) = self.caches.user(tenant_id, mail) {
            return Ok(Some(user));
        }
        let start = self.caches.read_start();
        let user = self.directory.get_user(tenant_id, mail).await?.map(Arc::new);
        if let Some(user) = &user {
            self.caches.remember_user(start, user);
        }
        Ok(user)
    }

    /// Authenticates the call and checks the caller administers
    /// `tenant_id` (its admins, superadmins); an empty id is a missing
    /// `field`.
    pub async fn admin_of(&self, ctx: &RequestContext, tenant_id: &str, field: &str) -> Result<Caller> {
        let caller = self.authenticate(ctx).await?;
        if tenant_id.is_empty() {
            return Err(Error::required(field));
        }
        caller.require_admin_of(tenant_id)?;
        Ok(caller)
    }

    /// The tenant, or NOT_FOUND.
    pub async fn existing_tenant(&self, tenant_id: &str) -> Result<crate::domain::Tenant> {
        self.directory.get_tenant(tenant_id).await?.ok_or_else(|| Error::not_found("tenant", tenant_id))
    }

    /// The mail domains of a tenant, or NOT_FOUND for an unknown tenant.
    pub async fn tenant_domains(&self, tenant_id: &str) -> Result<std::collections::BTreeSet<String>> {
        Ok(self.existing_tenant(tenant_id).await?.domains.into_iter().collect())
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
    /// SettingsService.
    pub settings: SettingsService,
    /// AuditService.
    pub audit: AuditService,
    /// DomainService.
    pub domains: Domains,
    /// ResourceService.
    pub resources: Resources,
    /// MailListService.
    pub mail_lists: MailLists,
    /// MailService.
    pub mail: Mail,
    /// BackupService.
    pub backup: Backup,
    /// WatchService.
    pub watch: Watch,
    /// The accounts the company directory owns (UserService.SyncAccounts).
    pub account_sync: AccountSync,
    /// ServiceAccountService.
    pub service_accounts: ServiceAccounts,
    /// AddressBookService.
    pub address_book: AddressBook,
    /// What SCIM's identity providers keep beside the users (`/scim/v2`).
    pub provisioning: provisioning::Provisioning,
    core: Arc<Core>,
}

impl Services {
    /// Builds the services over one core.
    pub fn new(core: Core) -> Self {
        let core = Arc::new(core);
        Self {
            auth: Auth(core.clone()),
            tenants: Tenants(core.clone()),
            users: Users(core.clone()),
            settings: SettingsService(core.clone()),
            audit: AuditService(core.clone()),
            domains: Domains(core.clone()),
            resources: Resources(core.clone()),
            mail_lists: MailLists(core.clone()),
            mail: Mail(core.clone()),
            backup: Backup(core.clone()),
            watch: Watch(core.clone()),
            account_sync: AccountSync(core.clone()),
            service_accounts: ServiceAccounts(core.clone()),
            address_book: AddressBook(core.clone()),
            provisioning: provisioning::Provisioning(core.clone()),
            core,
        }
    }

    /// The shared core (for background jobs and bootstrap).
    pub fn core(&self) -> &Arc<Core> {
        &self.core
    }
}
