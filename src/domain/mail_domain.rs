//! Mail domains of tenants (guide §2.17): the stored domain, the fields an
//! update may change, and what still uses a domain (which decides whether
//! it can be deleted, and what a forced deletion removes).

use chrono::{DateTime, Utc};

use super::text::{MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS};

/// Longest legacy `associatedDomain` value.
pub const MAX_ASSOCIATED_DOMAIN_CHARS: usize = MAX_NAME_CHARS;
/// Longest display name of a domain.
pub const MAX_DOMAIN_DISPLAY_NAME_CHARS: usize = MAX_NAME_CHARS;
/// Longest description of a domain.
pub const MAX_DOMAIN_DESCRIPTION_CHARS: usize = MAX_DESCRIPTION_CHARS;

/// A mail domain owned by a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailDomain {
    /// Domain name, lower-case.
    pub name: String,
    /// Owning tenant.
    pub tenant_id: String,
    /// Display name.
    pub display_name: String,
    /// Description.
    pub description: String,
    /// Legacy `associatedDomain` value, kept as given (the panel writes
    /// `true`/`false`).
    pub associated_domain: String,
    /// Whether this is the tenant's default domain.
    pub is_default: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// A mutable field of a mail domain, named as in the proto `MailDomain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum MailDomainField {
    DisplayName,
    Description,
    AssociatedDomain,
}

impl MailDomainField {
    /// Every mutable field.
    pub const ALL: [MailDomainField; 3] = [Self::DisplayName, Self::Description, Self::AssociatedDomain];

    /// The field's name in the proto message and in update masks.
    pub fn name(self) -> &'static str {
        match self {
            Self::DisplayName => "display_name",
            Self::Description => "description",
            Self::AssociatedDomain => "associated_domain",
        }
    }

    /// Looks a field up by its name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// What uses a mail domain: the objects addressed in it, within its tenant.
///
/// A domain is deleted without `force` only when every count is zero. A
/// forced deletion removes exactly what is counted here, atomically: the
/// accounts, resources and lists whose own address is in the domain are
/// deleted (accounts for good, with all their addresses), and the alternate
/// addresses, aliases and list memberships in the domain are taken away from
/// the objects holding them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DomainUsage {
    /// Accounts whose primary address is in the domain, live or soft-deleted.
    pub users: u64,
    /// Of those, superadmins (a forced deletion never removes them).
    pub superadmins: u64,
    /// Alternate (UTF-8) addresses in the domain.
    pub alternate_addresses: u64,
    /// Aliases in the domain.
    pub aliases: u64,
    /// Resources addressed in the domain.
    pub resources: u64,
    /// Mailing lists addressed in the domain.
    pub mail_lists: u64,
    /// Memberships of addresses in the domain in the tenant's lists.
    pub list_members: u64,
}

impl DomainUsage {
    /// Whether nothing uses the domain.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// "2 users, 1 alias" — the non-zero counts, for error messages.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.users, "user", "users"),
            (self.alternate_addresses, "alternate address", "alternate addresses"),
            (self.aliases, "alias", "aliases"),
            (self.resources, "resource", "resources"),
            (self.mail_lists, "mailing list", "mailing lists"),
            (self.list_members, "list membership", "list memberships"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_is_described_by_its_non_zero_counts() {
        assert!(DomainUsage::default().is_empty());
        let usage = DomainUsage { users: 2, aliases: 1, list_members: 3, ..Default::default() };
        assert!(!usage.is_empty());
        assert_eq!(usage.describe(), "2 users, 1 alias, 3 list memberships");
    }

    #[test]
    fn fields_by_name() {
        assert_eq!(MailDomainField::from_name("associated_domain"), Some(MailDomainField::AssociatedDomain));
        assert_eq!(MailDomainField::from_name("name"), None);
    }
}
