//! The change log's vocabulary: which object changed ([`ObjectKind`] and
//! name, within a tenant), how ([`ChangeOp`]), and the revision the log gave
//! the change ([`ChangeRecord`]).
//!
//! Every committed change of a directory object, and every ended session,
//! is one record with a revision: one number per installation, strictly
//! increasing in commit order. The log holds keys, not objects: a reader
//! that needs the object reads it (WatchDirectory does, README "Change
//! feed"); the caches of each replica drop what a record names.

use std::fmt;

use chrono::{DateTime, Utc};

/// What kind of object a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    /// A tenant (name: its id).
    Tenant,
    /// A mail domain (name: the domain).
    MailDomain,
    /// A user (name: the primary address); its aliases, status and picture
    /// are part of it.
    User,
    /// A resource group (name: the group's name).
    ResourceGroup,
    /// A resource (name: its address).
    Resource,
    /// A mailing list (name: its address).
    MailList,
    /// A web domain, installation-wide (tenant empty; name: the host).
    WebDomain,
    /// An external contact of a tenant's address book (name: its address).
    Contact,
    /// One login session ended (name: the session id). Not a directory
    /// object: replicas drop it from their caches; watchers never see it.
    Session,
    /// Every session of an account ended (name: the account's address).
    AccountSessions,
    /// Every session of a tenant ended (name: the tenant id).
    TenantSessions,
    /// A service account or one of its keys changed (name: the account's
    /// name; empty: every account of the tenant, which is empty for the
    /// installation-wide ones). Not served to watchers: replicas drop the
    /// account's keys from their caches.
    ServiceAccount,
}

impl ObjectKind {
    /// The kinds WatchDirectory serves, in API order.
    pub const DIRECTORY: [ObjectKind; 8] = [
        Self::Tenant,
        Self::MailDomain,
        Self::User,
        Self::ResourceGroup,
        Self::Resource,
        Self::MailList,
        Self::WebDomain,
        Self::Contact,
    ];

    const ALL: [ObjectKind; 12] = [
        Self::Tenant,
        Self::MailDomain,
        Self::User,
        Self::ResourceGroup,
        Self::Resource,
        Self::MailList,
        Self::WebDomain,
        Self::Contact,
        Self::Session,
        Self::AccountSessions,
        Self::TenantSessions,
        Self::ServiceAccount,
    ];

    /// The name stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tenant => "tenant",
            Self::MailDomain => "mail_domain",
            Self::User => "user",
            Self::ResourceGroup => "resource_group",
            Self::Resource => "resource",
            Self::MailList => "mail_list",
            Self::WebDomain => "web_domain",
            Self::Contact => "contact",
            Self::Session => "session",
            Self::AccountSessions => "account_sessions",
            Self::TenantSessions => "tenant_sessions",
            Self::ServiceAccount => "service_account",
        }
    }

    /// The kind stored as `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Whether the kind is a directory object (served to watchers), not a
    /// session record.
    pub fn is_directory(self) -> bool {
        !matches!(self, Self::Session | Self::AccountSessions | Self::TenantSessions | Self::ServiceAccount)
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an object changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeOp {
    /// Created (or brought back: an undeleted user).
    Added,
    /// Changed.
    Modified,
    /// Deleted (a user: soft-deleted or purged; a session: ended).
    Deleted,
}

impl ChangeOp {
    /// The number stored in the log.
    pub fn code(self) -> i32 {
        match self {
            Self::Added => 1,
            Self::Modified => 2,
            Self::Deleted => 3,
        }
    }

    /// The operation stored as `code`.
    pub fn from_code(code: i32) -> Option<Self> {
        [Self::Added, Self::Modified, Self::Deleted].into_iter().find(|op| op.code() == code)
    }
}

/// A change about to be committed: which object, how.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectChange {
    /// The object's tenant (empty for web domains).
    pub tenant_id: String,
    /// Its kind.
    pub kind: ObjectKind,
    /// Its name within the kind and tenant.
    pub name: String,
    /// What happened to it.
    pub op: ChangeOp,
}

impl ObjectChange {
    /// A change of `kind` `name` in `tenant_id`.
    pub fn new(kind: ObjectKind, tenant_id: &str, name: &str, op: ChangeOp) -> Self {
        Self { tenant_id: tenant_id.to_owned(), kind, name: name.to_owned(), op }
    }
}

/// The sessions of an account that a change of the account ends in its own
/// write: a new password, a new role, a block (`keep`: the caller's own
/// session, when users change their own password) or a deletion (all).
///
/// The store ends them in the transaction that commits the change, and logs
/// them as one [`ObjectKind::AccountSessions`] record, so that no crash can
/// leave the change made and the old sessions alive. On LDAP, whose writes
/// share no transaction with SQL, they are ended with the change's intent
/// (before the LDAP write), again with its record (after it), and, were pbm
/// killed in between, when the intent is recovered (then the kept session
/// too: which one it was is not kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCut {
    /// The account (its primary address).
    pub account: String,
    /// A session of it that stays.
    pub keep: Option<String>,
}

impl SessionCut {
    /// Every session of `account`.
    pub fn all(account: &str) -> Self {
        Self { account: account.to_owned(), keep: None }
    }

    /// The change-log record of the cut.
    pub fn change(&self) -> ObjectChange {
        ObjectChange::new(ObjectKind::AccountSessions, "", &self.account, ChangeOp::Deleted)
    }
}

/// A committed change with its revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRecord {
    /// Its place in the installation's order of changes (from 1).
    pub revision: i64,
    /// When it was committed.
    pub at: DateTime<Utc>,
    /// What changed.
    pub change: ObjectChange,
}

/// Where the log stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Revisions {
    /// The latest revision given (0 before the first change).
    pub latest: i64,
    /// Records up to this revision were pruned (retention): a reader
    /// resuming from an older revision has missed changes.
    pub pruned_through: i64,
}

/// Where the writes of a tenant stand, for a list read from a directory
/// without snapshots (LDAP, `store::snapshot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteMark {
    /// The latest revision given.
    pub latest: i64,
    /// A write of the tenant is under way (its intent is open) or, after a
    /// given revision, was recorded.
    pub busy: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_ops_read_back_what_they_store() {
        for kind in ObjectKind::ALL {
            assert_eq!(ObjectKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(ObjectKind::from_name("users"), None);
        for op in [ChangeOp::Added, ChangeOp::Modified, ChangeOp::Deleted] {
            assert_eq!(ChangeOp::from_code(op.code()), Some(op));
        }
        assert_eq!(ChangeOp::from_code(0), None);
        assert!(ObjectKind::DIRECTORY.iter().all(|kind| kind.is_directory()));
        assert!(!ObjectKind::Session.is_directory());
    }
}
