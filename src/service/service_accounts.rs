//! ServiceAccountService: service accounts, their scopes and API keys
//! (README "Service accounts and API keys"), and the check of a key
//! presented as a bearer token ([`Core::authenticate_key`]).
//!
//! Rules: an admin manages the accounts of their own tenant, and may grant
//! only scopes that are not installation-wide (what those allow is a
//! superadmin's alone); installation-wide accounts (tenant `""`) are a
//! superadmin's. A caller using a key may grant only scopes its own account
//! holds, so a key can never make a stronger key. An account has at most
//! [`MAX_LIVE_KEYS`] live keys.
//!
//! The check of a key reads the store only when this replica's cache does
//! not hold the key; the change log drops a key from every replica's cache
//! when it is revoked or its account changes (see [`super::cache`]).
//! Failed checks (an unknown id or a wrong secret) count in the brute-force
//! throttle of the client address like failed logins; once the address is
//! locked out, keys that are not already verified in the cache are refused
//! without being looked up. A valid key's last use is written at most once
//! a minute, off the request's path.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use chrono::{DateTime, Utc};
use ipnet::IpNet;
use serde_json::json;

use super::scopes::{self, Access};
use super::{Caller, Core, Page, PageRequest, RequestContext};
use crate::domain::{self, ApiKey, Role, ServiceAccount, service_account::valid_name};
use crate::error::{AuthFailure, Error, Result, Violations};
use crate::security::api_keys;

/// Live keys one account may hold: at least two, so that a key can be
/// rotated without downtime.
pub const MAX_LIVE_KEYS: usize = 5;
/// Client networks one key may name.
const MAX_NETWORKS: usize = 32;
/// Longest description.
const MAX_DESCRIPTION: usize = 1024;
/// A key's last use is written at most this often.
const LAST_USE_EVERY: chrono::Duration = chrono::Duration::seconds(60);

const CREATE: &str = "pbm.v2.ServiceAccountService/CreateServiceAccount";
const UPDATE: &str = "pbm.v2.ServiceAccountService/UpdateServiceAccount";
const DELETE: &str = "pbm.v2.ServiceAccountService/DeleteServiceAccount";
const CREATE_KEY: &str = "pbm.v2.ServiceAccountService/CreateApiKey";
const REVOKE_KEY: &str = "pbm.v2.ServiceAccountService/RevokeApiKey";

/// A verified key as one replica caches it: what a request needs to become
/// a [`Caller`] without reading the store.
#[derive(Debug, Clone)]
pub struct CachedKey {
    /// The account's tenant (empty: installation-wide).
    pub tenant_id: String,
    /// The account's name.
    pub account: String,
    /// The account's scopes.
    pub scopes: Arc<[String]>,
    /// SHA-256 of the key's secret part.
    pub secret_hash: String,
    /// When the key stops working.
    pub expires_at: Option<DateTime<Utc>>,
    /// The client networks it may be used from (empty: any).
    pub networks: Arc<[IpNet]>,
    /// When this replica last wrote the key's use (Unix seconds), shared by
    /// the clones of the entry.
    last_use_written: Arc<AtomicI64>,
}

impl CachedKey {
    fn new(key: &ApiKey, account: &ServiceAccount) -> Self {
        Self {
            tenant_id: account.tenant_id.clone(),
            account: account.name.clone(),
            scopes: account.scopes.clone().into(),
            secret_hash: key.secret_hash.clone(),
            expires_at: key.expires_at,
            networks: key.networks.clone().into(),
            last_use_written: Arc::new(AtomicI64::new(key.last_used_at.map_or(i64::MIN, |t| t.timestamp()))),
        }
    }
}

/// The audit actor of a change made with key `key_id` of account `account`.
pub fn key_actor(account: &str, key_id: &str) -> String {
    format!("service-account:{account}/key:{key_id}")
}

impl Core {
    /// Turns an API key presented as a bearer token into a caller: an admin
    /// of the account's tenant (a superadmin for an installation-wide
    /// account), allowed the RPC `ctx.rpc` only if the account holds the
    /// scope [`scopes::RPC_ACCESS`] names for it.
    pub(crate) async fn authenticate_key(&self, ctx: &RequestContext, token: &str) -> Result<Caller> {
        let access = ctx.rpc.as_deref().and_then(scopes::access_of);
        if access == Some(Access::SessionOnly) {
            return Err(Error::Unauthenticated(AuthFailure::ApiKeyNotASession));
        }
        let now = domain::now();
        let source = self.client_addr(ctx);
        let presented = api_keys::parse(token);
        let cached = presented.as_ref().and_then(|key| {
            self.caches.key(key.id).filter(|cached| api_keys::secret_matches(key.secret, &cached.secret_hash))
        });
        let entry = match cached {
            Some(entry) => entry,
            None => self.look_up_key(presented.as_ref(), &source, now).await?,
        };
        let key_id = presented.as_ref().map(|key| key.id).unwrap_or_default().to_owned();
        if entry.expires_at.is_some_and(|at| at <= now) {
            return Err(Error::Unauthenticated(AuthFailure::ApiKeyExpired));
        }
        let client = ctx.client_addr(&self.settings.current().network);
        if !entry.networks.is_empty() && !client.is_some_and(|addr| entry.networks.iter().any(|n| n.contains(&addr))) {
            tracing::warn!(key = %key_id, %source, "API key used from outside its allowed networks");
            return Err(Error::Unauthenticated(AuthFailure::ApiKeyNetworkRefused));
        }
        let holds = |scope: &str| entry.scopes.iter().any(|s| s == scope);
        if ctx.via_scim {
            // Through /scim/v2: a tenant's account with the scim scope, which covers what SCIM calls.
            let covered = match access {
                Some(Access::AnyKey) => true,
                Some(Access::Scope(scope)) => scopes::SCIM_COVERS.contains(&scope),
                _ => false,
            };
            if !covered || !holds("scim") || entry.tenant_id.is_empty() {
                return Err(Error::PermissionDenied);
            }
        } else {
            match access {
                Some(Access::AnyKey) => {}
                Some(Access::Scope(scope)) if holds(scope) => {}
                _ => return Err(Error::PermissionDenied),
            }
        }
        self.note_key_use(&entry, &key_id, now, source);
        Ok(Caller {
            account: format!("service-account:{}", entry.account),
            tenant_id: entry.tenant_id.clone(),
            role: if entry.tenant_id.is_empty() { Role::Superadmin } else { Role::Admin },
            session_id: String::new(),
            expires_at: entry.expires_at.unwrap_or(chrono::DateTime::<Utc>::MAX_UTC),
            api_key: Some(ApiKeyCaller { key_id, account: entry.account.clone(), scopes: entry.scopes.clone() }),
        })
    }

    /// The store's answer for a key this replica does not hold verified:
    /// refused at once from a locked-out address; an unknown, revoked or
    /// wrong key counts as a failed attempt.
    async fn look_up_key(
        &self,
        presented: Option<&api_keys::PresentedKey<'_>>,
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<CachedKey> {
        let bruteforce = self.settings.current().bruteforce.clone();
        if bruteforce.enabled
            && let Some(until) = self.throttle.lockout(source, now).await?
        {
            self.metrics.refused_locked.inc();
            let retry_after = (until - now).to_std().unwrap_or_default().max(std::time::Duration::from_secs(1));
            return Err(Error::ResourceExhausted { retry_after });
        }
        let start = self.caches.read_start();
        let found = match presented {
            Some(key) => self.service_accounts.api_key(key.id).await?,
            None => None,
        };
        let verified = found.filter(|(stored, _)| {
            stored.revoked_at.is_none()
                && presented.is_some_and(|key| api_keys::secret_matches(key.secret, &stored.secret_hash))
        });
        let Some((stored, account)) = verified else {
            if bruteforce.enabled {
                self.count_key_failure(source, presented.map(|key| key.id).unwrap_or("malformed"), &bruteforce, now)
                    .await?;
            }
            return Err(Error::Unauthenticated(AuthFailure::ApiKeyInvalid));
        };
        let entry = CachedKey::new(&stored, &account);
        self.caches.remember_key(start, &stored.id, entry.clone());
        Ok(entry)
    }

    /// Counts a failed key check from `source` (a repeated key counts once,
    /// like a repeated login and password), locking it out at the limit.
    async fn count_key_failure(
        &self,
        source: &str,
        key_id: &str,
        bruteforce: &crate::settings::BruteforceSettings,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let penalty = chrono::Duration::from_std(bruteforce.penalty).unwrap_or(chrono::Duration::MAX);
        let attempt = self.signer.digest(&["api-key", key_id]);
        let failures = self.throttle.record_login_failure(source, &attempt, now, now - penalty).await?;
        if failures >= u64::from(bruteforce.max_attempts) {
            self.throttle.lock_out(source, now + penalty).await?;
            self.metrics.lockouts.inc();
            tracing::warn!(%source, failures, "source address locked out after failed API key checks");
        }
        Ok(())
    }

    /// Writes the key's last use when this replica has not written it for
    /// a minute (the store also skips a write when another replica did),
    /// off the request's path.
    fn note_key_use(&self, entry: &CachedKey, key_id: &str, now: DateTime<Utc>, source: String) {
        let last = entry.last_use_written.load(Ordering::Relaxed);
        if now.timestamp().saturating_sub(last) < LAST_USE_EVERY.num_seconds()
            || entry
                .last_use_written
                .compare_exchange(last, now.timestamp(), Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        let store = self.service_accounts.clone();
        let key_id = key_id.to_owned();
        tokio::spawn(async move {
            if let Err(e) = store.record_key_use(&key_id, now, &source, now - LAST_USE_EVERY).await {
                tracing::warn!(error = %e, key = %key_id, "could not record an API key's last use");
            }
        });
    }
}

/// What a caller using an API key carries besides its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyCaller {
    /// The key's id (never its secret).
    pub key_id: String,
    /// The service account's name.
    pub account: String,
    /// The account's scopes.
    pub scopes: Arc<[String]>,
}

/// The fields of a service account an update may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountField {
    /// `description`.
    Description,
    /// `scopes`.
    Scopes,
}

/// What a new key is given.
#[derive(Debug, Clone, Default)]
pub struct KeyRequest {
    /// What it is for.
    pub description: String,
    /// When it stops working.
    pub expires_at: Option<DateTime<Utc>>,
    /// Allowed client networks, as the caller wrote them.
    pub networks: Vec<String>,
}

/// The service.
#[derive(Clone)]
pub struct ServiceAccounts(pub(crate) Arc<Core>);

fn account_view(account: &ServiceAccount) -> serde_json::Value {
    json!({"name": account.name, "description": account.description, "scopes": account.scopes})
}

fn key_view(key: &ApiKey) -> serde_json::Value {
    json!({
        "id": key.id,
        "service_account": key.account,
        "description": key.description,
        "allowed_networks": key.networks.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "expires_at": key.expires_at.map(|t| t.to_rfc3339()),
        "revoked_at": key.revoked_at.map(|t| t.to_rfc3339()),
    })
}

fn target(tenant_id: &str, name: &str) -> String {
    if tenant_id.is_empty() { format!("service-account:{name}") } else { format!("service-account:{tenant_id}/{name}") }
}

impl ServiceAccounts {
    /// The caller, if it may manage the accounts of `tenant_id` (`""`:
    /// installation-wide, superadmins only).
    async fn manager(&self, ctx: &RequestContext, tenant_id: &str) -> Result<Caller> {
        let caller = self.0.authenticate(ctx).await?;
        if tenant_id.is_empty() {
            caller.require_superadmin()?;
        } else {
            caller.require_admin_of(tenant_id)?;
            self.0.existing_tenant(tenant_id).await?;
        }
        Ok(caller)
    }

    /// Checks `scopes` for an account of `tenant_id` granted by `caller`:
    /// known, sorted and deduplicated, within an admin's rights for a
    /// tenant's account, within the caller's own scopes for a key.
    fn checked_scopes(
        caller: &Caller,
        tenant_id: &str,
        scopes: &[String],
        v: &mut Violations,
        field: &str,
    ) -> Vec<String> {
        let mut checked: Vec<String> = Vec::new();
        for (i, name) in scopes.iter().enumerate() {
            let name = name.trim();
            match scopes::find(name) {
                None => v.invalid(&format!("{field}[{i}]"), format!("{name:?} is not a scope")),
                Some(scope) if scope.installation_only && !tenant_id.is_empty() => v.invalid(
                    &format!("{field}[{i}]"),
                    format!("{name} is a superadmin's scope: only an installation-wide account may hold it"),
                ),
                Some(_) if caller.api_key.as_ref().is_some_and(|key| !key.scopes.iter().any(|s| s == name)) => {
                    v.invalid(&format!("{field}[{i}]"), format!("{name} is not a scope of the calling key's account"))
                }
                Some(scope) => checked.push(scope.name.to_owned()),
            }
        }
        checked.sort();
        checked.dedup();
        checked
    }

    /// Creates a service account.
    pub async fn create(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        name: &str,
        description: &str,
        scopes: &[String],
    ) -> Result<ServiceAccount> {
        self.0
            .audited(ctx, CREATE, tenant_id, &target(tenant_id, name), async {
                let caller = self.manager(ctx, tenant_id).await?;
                let mut v = Violations::new();
                let name = name.trim();
                if name.is_empty() {
                    v.required("service_account.name");
                } else if !valid_name(name) {
                    v.invalid(
                        "service_account.name",
                        "1 to 64 lower-case Latin letters, digits, '-', '_' and '.', starting with a letter or digit",
                    );
                }
                if description.chars().count() > MAX_DESCRIPTION {
                    v.invalid("service_account.description", format!("at most {MAX_DESCRIPTION} characters"));
                }
                let scopes = Self::checked_scopes(&caller, tenant_id, scopes, &mut v, "service_account.scopes");
                v.finish()?;
                let now = domain::now();
                let account = ServiceAccount {
                    tenant_id: tenant_id.to_owned(),
                    name: name.to_owned(),
                    description: description.to_owned(),
                    scopes,
                    created_by: self.0.actor(&caller),
                    created_at: now,
                    updated_at: now,
                };
                let event = self
                    .0
                    .event(ctx, &caller, CREATE, tenant_id, target(tenant_id, name))
                    .after(account_view(&account));
                self.0.service_accounts.create_service_account(&account, &event).await?;
                Ok(account)
            })
            .await
    }

    /// The accounts of a tenant, a page at a time.
    pub async fn list(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page<ServiceAccount>> {
        self.manager(ctx, tenant_id).await?;
        let page = PageRequest::decode(page_size, page_token, &["service_accounts", tenant_id])?;
        let store = &self.0.service_accounts;
        let items = store.list_service_accounts(tenant_id, page.after(), page.fetch()).await?;
        let total = store.count_service_accounts(tenant_id).await?;
        Ok(page.page(items, total, |account| account.name.clone()))
    }

    /// One account.
    pub async fn get(&self, ctx: &RequestContext, tenant_id: &str, name: &str) -> Result<ServiceAccount> {
        self.manager(ctx, tenant_id).await?;
        self.existing(tenant_id, name).await
    }

    async fn existing(&self, tenant_id: &str, name: &str) -> Result<ServiceAccount> {
        self.0
            .service_accounts
            .get_service_account(tenant_id, name)
            .await?
            .ok_or_else(|| Error::not_found("service account", name))
    }

    /// Changes an account's description and/or scopes.
    pub async fn update(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        name: &str,
        description: &str,
        scopes: &[String],
        fields: &[AccountField],
    ) -> Result<ServiceAccount> {
        self.0
            .audited(ctx, UPDATE, tenant_id, &target(tenant_id, name), async {
                let caller = self.manager(ctx, tenant_id).await?;
                let before = self.existing(tenant_id, name).await?;
                let mut account = before.clone();
                let mut v = Violations::new();
                if fields.contains(&AccountField::Description) {
                    if description.chars().count() > MAX_DESCRIPTION {
                        v.invalid("service_account.description", format!("at most {MAX_DESCRIPTION} characters"));
                    }
                    account.description = description.to_owned();
                }
                if fields.contains(&AccountField::Scopes) {
                    account.scopes = Self::checked_scopes(&caller, tenant_id, scopes, &mut v, "service_account.scopes");
                }
                v.finish()?;
                account.updated_at = domain::now();
                let event = self
                    .0
                    .event(ctx, &caller, UPDATE, tenant_id, target(tenant_id, name))
                    .before(account_view(&before))
                    .after(account_view(&account));
                self.0.service_accounts.update_service_account(&account, &event).await?;
                Ok(account)
            })
            .await
    }

    /// Deletes an account and its keys.
    pub async fn delete(&self, ctx: &RequestContext, tenant_id: &str, name: &str) -> Result<()> {
        self.0
            .audited(ctx, DELETE, tenant_id, &target(tenant_id, name), async {
                let caller = self.manager(ctx, tenant_id).await?;
                let before = self.existing(tenant_id, name).await?;
                let event = self
                    .0
                    .event(ctx, &caller, DELETE, tenant_id, target(tenant_id, name))
                    .before(account_view(&before));
                self.0.service_accounts.delete_service_account(tenant_id, name, &event).await
            })
            .await
    }

    /// Creates a key of an account: the key as stored and the key itself
    /// (shown this once).
    pub async fn create_key(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        account: &str,
        request: &KeyRequest,
    ) -> Result<(ApiKey, String)> {
        self.0
            .audited(ctx, CREATE_KEY, tenant_id, &target(tenant_id, account), async {
                let caller = self.manager(ctx, tenant_id).await?;
                let now = domain::now();
                let mut v = Violations::new();
                if request.description.chars().count() > MAX_DESCRIPTION {
                    v.invalid("description", format!("at most {MAX_DESCRIPTION} characters"));
                }
                if request.expires_at.is_some_and(|at| at <= now) {
                    v.invalid("expire_time", "must be in the future");
                }
                if request.networks.len() > MAX_NETWORKS {
                    v.invalid("allowed_networks", format!("at most {MAX_NETWORKS} networks"));
                }
                let mut networks = Vec::new();
                for (i, text) in request.networks.iter().enumerate() {
                    match parse_network(text) {
                        Some(net) => networks.push(net),
                        None => v.invalid(
                            &format!("allowed_networks[{i}]"),
                            format!("{:?} is not a network (CIDR such as 10.0.0.0/8) or an address", text.trim()),
                        ),
                    }
                }
                v.finish()?;
                let owner = self.existing(tenant_id, account).await?;
                if let Some(key) = &caller.api_key {
                    // A key may not make a key stronger than itself.
                    if let Some(scope) = owner.scopes.iter().find(|s| !key.scopes.contains(s)) {
                        return Err(Error::FailedPrecondition(format!(
                            "service account {account} holds {scope}, which the calling key's account does not"
                        )));
                    }
                }
                let (id, whole, secret_hash) = api_keys::generate();
                let key = ApiKey {
                    id,
                    tenant_id: tenant_id.to_owned(),
                    account: owner.name.clone(),
                    secret_hash,
                    description: request.description.clone(),
                    networks,
                    created_at: now,
                    expires_at: request.expires_at,
                    revoked_at: None,
                    last_used_at: None,
                    last_used_addr: String::new(),
                };
                let event =
                    self.0.event(ctx, &caller, CREATE_KEY, tenant_id, target(tenant_id, account)).after(key_view(&key));
                self.0.service_accounts.create_api_key(&key, MAX_LIVE_KEYS, &event).await?;
                tracing::info!(tenant = %tenant_id, account = %account, key = %key.id, "API key created");
                Ok((key, whole))
            })
            .await
    }

    /// The keys of an account.
    pub async fn list_keys(&self, ctx: &RequestContext, tenant_id: &str, account: &str) -> Result<Vec<ApiKey>> {
        self.manager(ctx, tenant_id).await?;
        self.existing(tenant_id, account).await?;
        self.0.service_accounts.list_api_keys(tenant_id, account).await
    }

    /// Revokes a key; revoking a revoked key changes nothing.
    pub async fn revoke_key(&self, ctx: &RequestContext, tenant_id: &str, account: &str, id: &str) -> Result<ApiKey> {
        self.0
            .audited(ctx, REVOKE_KEY, tenant_id, &target(tenant_id, account), async {
                let caller = self.manager(ctx, tenant_id).await?;
                if id.trim().is_empty() {
                    return Err(Error::required("id"));
                }
                let now = domain::now();
                let event = self
                    .0
                    .event(ctx, &caller, REVOKE_KEY, tenant_id, target(tenant_id, account))
                    .before(json!({"id": id}));
                self.0.service_accounts.revoke_api_key(tenant_id, account, id, now, &event).await?;
                self.0
                    .service_accounts
                    .list_api_keys(tenant_id, account)
                    .await?
                    .into_iter()
                    .find(|key| key.id == id)
                    .ok_or_else(|| Error::not_found("API key", id))
            })
            .await
    }
}

/// A CIDR, or a single address (a /32 or /128).
fn parse_network(text: &str) -> Option<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>().ok().map(|net| net.trunc()).or_else(|| text.parse::<std::net::IpAddr>().ok().map(IpNet::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks() {
        assert_eq!(parse_network("10.1.2.3/8"), Some("10.0.0.0/8".parse().unwrap()));
        assert_eq!(parse_network(" 192.0.2.7 "), Some("192.0.2.7/32".parse().unwrap()));
        assert_eq!(parse_network("2001:db8::/32"), Some("2001:db8::/32".parse().unwrap()));
        assert_eq!(parse_network("10.0.0.0/33"), None);
        assert_eq!(parse_network("example.com"), None);
    }
}
