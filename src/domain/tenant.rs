//! Tenants and what they hold (mail domains are in [`super::mail_domain`]).

use chrono::{DateTime, Utc};

/// A tenant (organisation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    /// Identifier, lower-case (see `address::normalize_tenant_id`).
    pub id: String,
    /// Human-readable name.
    pub display_name: String,
    /// Language tag from `text::LANGUAGES`.
    pub lang: String,
    /// The default mail domain (filled by stores on read).
    pub default_domain: String,
    /// Every mail domain, sorted (filled by stores on read).
    pub domains: Vec<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// What a tenant still holds; decides whether it can be deleted without force.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TenantContents {
    /// Live users.
    pub users: u64,
    /// Soft-deleted users not purged yet.
    pub deleted_users: u64,
    /// Users with the superadmin role (live or deleted).
    pub superadmins: u64,
    /// Mail domains.
    pub domains: u64,
    /// Resource groups.
    pub resource_groups: u64,
    /// Resources.
    pub resources: u64,
    /// Mailing lists.
    pub mail_lists: u64,
}

impl TenantContents {
    /// Whether the tenant holds nothing but its default domain.
    pub fn is_empty(&self) -> bool {
        self.users + self.deleted_users + self.resource_groups + self.resources + self.mail_lists == 0
            && self.domains <= 1
    }

    /// "3 users, 1 mailing list" — the non-zero counts, for error messages.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.users, "user"),
            (self.deleted_users, "deleted user"),
            (self.domains.saturating_sub(1), "additional domain"),
            (self.resource_groups, "resource group"),
            (self.resources, "resource"),
            (self.mail_lists, "mailing list"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}{}", if n == 1 { "" } else { "s" }))
        .collect();
        parts.join(", ")
    }
}
