//! The caches of one replica: live sessions and API keys (so that a request
//! does not read the store to authenticate) and users (GetUser's hot path),
//! bounded, and emptied of what the change log names.
//!
//! Two sources drop entries: the stores' commit notices, synchronously
//! before a write returns (so this replica never serves what it just
//! changed), and the change feed, which applies every record of the log
//! (so other replicas' changes arrive within its poll interval). A replica
//! that cannot follow the log (the store is unreachable, or it lost
//! records to retention) empties its caches.
//!
//! A read that fills the cache can race a change: it read the old value,
//! the change commits and drops the key, then the read inserts the old
//! value. Every drop therefore first moves the generation on, and a fill
//! that sees the generation moved since its read started takes its entry
//! out again: an entry is never older than the last drop of its key.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use quick_cache::sync::Cache;

use crate::domain::{ChangeOp, ChangeRecord, ObjectKind, User};
use crate::service::service_accounts::CachedKey;

/// Sessions one replica keeps (a few hundred bytes each).
const SESSION_CAPACITY: usize = 200_000;
/// API keys one replica keeps.
const KEY_CAPACITY: usize = 10_000;

/// A live session as cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedSession {
    /// The account's primary address.
    pub account: String,
    /// Its tenant.
    pub tenant_id: String,
    /// When the session expires.
    pub expires_at: DateTime<Utc>,
}

/// The caches of this replica.
pub struct Caches {
    sessions: Cache<String, CachedSession>,
    /// Shared, not copied, by each hit: GetUser's hot path.
    users: Option<Cache<(String, String), Arc<User>>>,
    keys: Cache<String, CachedKey>,
    generation: AtomicU64,
}

/// A user's key as borrowed strings: it hashes as the stored
/// `(String, String)` does (a tuple and a struct hash their fields in
/// order), so a lookup allocates no key.
#[derive(Hash)]
struct UserKey<'a>(&'a str, &'a str);

impl quick_cache::Equivalent<(String, String)> for UserKey<'_> {
    fn equivalent(&self, key: &(String, String)) -> bool {
        self.0 == key.0 && self.1 == key.1
    }
}

/// Where a read that may fill a cache started: see the module doc.
#[derive(Debug, Clone, Copy)]
pub struct ReadStart(u64);

impl Caches {
    /// Caches keeping at most `users` users (0: no user cache).
    pub fn new(users: u64) -> Self {
        let users = usize::try_from(users).unwrap_or(usize::MAX);
        Self {
            sessions: Cache::new(SESSION_CAPACITY),
            users: (users > 0).then(|| Cache::new(users)),
            keys: Cache::new(KEY_CAPACITY),
            generation: AtomicU64::new(0),
        }
    }

    /// Marks the start of a read whose result may be cached.
    pub fn read_start(&self) -> ReadStart {
        ReadStart(self.generation.load(Ordering::SeqCst))
    }

    /// The cached session `id`, if it is cached and not expired at `now`.
    pub fn session(&self, id: &str, now: DateTime<Utc>) -> Option<CachedSession> {
        self.sessions.get(id).filter(|session| session.expires_at > now)
    }

    /// Caches the live session `id`, read from the store since `start`.
    pub fn remember_session(&self, start: ReadStart, id: &str, session: CachedSession) {
        self.sessions.insert(id.to_owned(), session);
        if self.generation.load(Ordering::SeqCst) != start.0 {
            self.sessions.remove(id);
        }
    }

    /// The cached live user `mail` of `tenant_id`.
    pub fn user(&self, tenant_id: &str, mail: &str) -> Option<Arc<User>> {
        self.users.as_ref()?.get(&UserKey(tenant_id, mail))
    }

    /// Caches a live user read from the store since `start`.
    pub fn remember_user(&self, start: ReadStart, user: &Arc<User>) {
        let Some(users) = &self.users else { return };
        let key = (user.tenant_id.clone(), user.mail.clone());
        users.insert(key.clone(), Arc::clone(user));
        if self.generation.load(Ordering::SeqCst) != start.0 {
            users.remove(&key);
        }
    }

    /// The cached API key `id` (live when read; the caller checks expiry).
    pub fn key(&self, id: &str) -> Option<CachedKey> {
        self.keys.get(id)
    }

    /// Caches API key `id`, read from the store since `start`.
    pub fn remember_key(&self, start: ReadStart, id: &str, key: CachedKey) {
        self.keys.insert(id.to_owned(), key);
        if self.generation.load(Ordering::SeqCst) != start.0 {
            self.keys.remove(id);
        }
    }

    /// Drops what `records` name.
    pub fn apply(&self, records: &[ChangeRecord]) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        for record in records {
            let change = &record.change;
            match change.kind {
                ObjectKind::User => {
                    if let Some(users) = &self.users {
                        users.remove(&(change.tenant_id.clone(), change.name.clone()));
                    }
                }
                ObjectKind::Tenant if change.op == ChangeOp::Deleted => {
                    if let Some(users) = &self.users {
                        users.retain(|(tenant, _), _| *tenant != change.tenant_id);
                    }
                    self.sessions.retain(|_, session| session.tenant_id != change.tenant_id);
                    self.keys.retain(|_, key| key.tenant_id != change.tenant_id);
                }
                // An account changed (scopes, a key revoked, deleted), or — with no name — every account of the tenant.
                ObjectKind::ServiceAccount => self.keys.retain(|_, key| {
                    key.tenant_id != change.tenant_id || !(change.name.is_empty() || key.account == change.name)
                }),
                ObjectKind::Session => {
                    self.sessions.remove(&change.name);
                }
                ObjectKind::AccountSessions => self.sessions.retain(|_, session| session.account != change.name),
                ObjectKind::TenantSessions => self.sessions.retain(|_, session| session.tenant_id != change.name),
                ObjectKind::Tenant
                | ObjectKind::MailDomain
                | ObjectKind::ResourceGroup
                | ObjectKind::Resource
                | ObjectKind::MailList
                | ObjectKind::WebDomain
                | ObjectKind::Contact => {}
            }
        }
    }

    /// Drops everything (the log cannot be followed: what changed is not
    /// known).
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.sessions.clear();
        self.keys.clear();
        if let Some(users) = &self.users {
            users.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ObjectChange;

    fn record(kind: ObjectKind, tenant: &str, name: &str, op: ChangeOp) -> ChangeRecord {
        ChangeRecord { revision: 1, at: Utc::now(), change: ObjectChange::new(kind, tenant, name, op) }
    }

    fn session(account: &str, tenant: &str) -> CachedSession {
        CachedSession {
            account: account.into(),
            tenant_id: tenant.into(),
            expires_at: Utc::now() + chrono::Duration::hours(1),
        }
    }

    #[test]
    fn records_drop_what_they_name_and_nothing_else() {
        let caches = Caches::new(10);
        let now = Utc::now();
        for (id, account, tenant) in [("s1", "a@x", "x"), ("s2", "b@x", "x"), ("s3", "c@y", "y")] {
            caches.remember_session(caches.read_start(), id, session(account, tenant));
        }
        caches.apply(&[record(ObjectKind::Session, "x", "s1", ChangeOp::Deleted)]);
        assert!(caches.session("s1", now).is_none());
        assert!(caches.session("s2", now).is_some());
        caches.apply(&[record(ObjectKind::AccountSessions, "", "b@x", ChangeOp::Deleted)]);
        assert!(caches.session("s2", now).is_none());
        assert!(caches.session("s3", now).is_some());
        caches.apply(&[record(ObjectKind::TenantSessions, "y", "y", ChangeOp::Deleted)]);
        assert!(caches.session("s3", now).is_none());
    }

    #[test]
    fn a_fill_that_raced_a_drop_does_not_stay() {
        let caches = Caches::new(10);
        let start = caches.read_start();
        // The session ends while the read is in flight...
        caches.apply(&[record(ObjectKind::Session, "x", "s1", ChangeOp::Deleted)]);
        // ...so the read's (stale) answer is not kept.
        caches.remember_session(start, "s1", session("a@x", "x"));
        assert!(caches.session("s1", Utc::now()).is_none());
        // A read started after the drop is kept.
        caches.remember_session(caches.read_start(), "s1", session("a@x", "x"));
        assert!(caches.session("s1", Utc::now()).is_some());
    }

    #[test]
    fn a_borrowed_user_key_finds_what_its_owned_key_stored() {
        let cache: Cache<(String, String), u32> = Cache::new(10);
        for (n, (tenant, mail)) in [("x", "a@x"), ("x", "b@x"), ("y", "a@x"), ("xa", "@x")].into_iter().enumerate() {
            cache.insert((tenant.into(), mail.into()), n as u32);
        }
        assert_eq!(cache.get(&UserKey("x", "a@x")), Some(0));
        assert_eq!(cache.get(&UserKey("y", "a@x")), Some(2));
        assert_eq!(cache.get(&UserKey("xa", "@x")), Some(3));
        assert_eq!(cache.get(&UserKey("x", "c@x")), None);
    }

    #[test]
    fn expired_sessions_are_not_answered() {
        let caches = Caches::new(10);
        let expired = CachedSession { expires_at: Utc::now() - chrono::Duration::seconds(1), ..session("a@x", "x") };
        caches.remember_session(caches.read_start(), "s1", expired);
        assert!(caches.session("s1", Utc::now()).is_none());
    }
}
