//! Resource groups and bookable resources (guide §2.12, §2.13): meeting
//! rooms and the like, each with a mailbox address so that calendar events
//! can invite it, grouped in named groups of a tenant.

use chrono::{DateTime, Utc};

use super::text::{MAX_NAME_CHARS, check_text};

/// Longest resource group name.
pub const MAX_GROUP_NAME_CHARS: usize = MAX_NAME_CHARS;
/// Highest `employeeType` of a resource: 0 suggested contacts only,
/// 1 suggested contacts and colleagues, 2 hidden.
pub const MAX_RESOURCE_ADDRESS_BOOK_VISIBILITY: i32 = 2;

/// A group of resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceGroup {
    /// Owning tenant.
    pub tenant_id: String,
    /// Name as given (unique in the tenant, compared case-insensitively).
    pub name: String,
    /// Number of resources in the group (filled by stores on read).
    pub resource_count: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change (rename).
    pub updated_at: DateTime<Utc>,
}

/// A bookable resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Owning tenant.
    pub tenant_id: String,
    /// Name of the group it belongs to (as the group is named now).
    pub group: String,
    /// Address, lower-case; immutable.
    pub mail: String,
    /// `displayName` (required).
    pub display_name: String,
    /// `description`.
    pub description: String,
    /// `l`: the city.
    pub city: String,
    /// `employeeType`, 0–2.
    pub address_book_visibility: i32,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Incremented by every stored change; guards against lost updates.
    pub revision: i64,
}

/// The values of a resource create or update request, not yet validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceInput {
    /// Tenant.
    pub tenant_id: String,
    /// Group; on update, when not empty it must be the resource's group.
    pub group: String,
    /// Address.
    pub mail: String,
    /// `displayName`.
    pub display_name: String,
    /// `description`.
    pub description: String,
    /// `l`.
    pub city: String,
    /// `employeeType`; `None` is the default (1) on create.
    pub address_book_visibility: Option<i32>,
}

/// A mutable field of a resource, named as in the proto `Resource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum ResourceField {
    DisplayName,
    Description,
    City,
    AddressBookVisibility,
}

impl ResourceField {
    /// Every mutable field.
    pub const ALL: [ResourceField; 4] = [Self::DisplayName, Self::Description, Self::City, Self::AddressBookVisibility];

    /// The field's name in the proto message and in update masks.
    pub fn name(self) -> &'static str {
        match self {
            Self::DisplayName => "display_name",
            Self::Description => "description",
            Self::City => "city",
            Self::AddressBookVisibility => "address_book_visibility",
        }
    }

    /// Looks a field up by its name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Validates a group name and returns it trimmed: 1–256 characters, no `/`
/// (it is a path segment of `/v2/resources/{tenant}/{group}/...`), no
/// control characters.
pub fn normalize_group_name(value: &str) -> Result<String, String> {
    let name = value.trim();
    if name.is_empty() {
        return Err("must not be empty".into());
    }
    check_text(name, MAX_GROUP_NAME_CHARS)?;
    if name.contains('/') {
        return Err("must not contain '/'".into());
    }
    Ok(name.to_owned())
}

/// The key a group name is compared and sorted by (lower-case).
pub fn group_key(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names() {
        assert_eq!(normalize_group_name("  Переговорные 5 этаж ").unwrap(), "Переговорные 5 этаж");
        assert!(normalize_group_name("").is_err());
        assert!(normalize_group_name("   ").is_err());
        assert!(normalize_group_name("a/b").is_err());
        assert!(normalize_group_name("tab\there").is_err());
        assert!(normalize_group_name(&"x".repeat(257)).is_err());
        assert_eq!(group_key("Переговорные"), "переговорные");
    }

    #[test]
    fn fields_by_name() {
        assert_eq!(ResourceField::from_name("city"), Some(ResourceField::City));
        assert_eq!(ResourceField::from_name("mail"), None);
        assert_eq!(ResourceField::from_name("group"), None);
    }
}
