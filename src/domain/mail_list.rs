//! Mailing lists (guide §2.14): an address of a tenant that the mail layer
//! expands to its members, optionally closed to senders outside the
//! installation (`accessTo=local_only`).

use chrono::{DateTime, Utc};

/// Highest `employeeType` of a list: 0 suggested contacts only, 1 suggested
/// contacts and colleagues (the default), 2 hidden.
pub const MAX_LIST_ADDRESS_BOOK_VISIBILITY: i32 = 2;
/// Default `employeeType` of a list (§2.14.2).
pub const DEFAULT_LIST_ADDRESS_BOOK_VISIBILITY: i32 = 1;
/// Most members a list may have.
pub const MAX_MEMBERS: usize = 10_000;
/// The legacy `accessTo` value of an internal-only list.
pub const LOCAL_ONLY: &str = "local_only";

/// A stored mailing list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailList {
    /// Owning tenant.
    pub tenant_id: String,
    /// Address, lower-case.
    pub mail: String,
    /// `displayName` (required).
    pub display_name: String,
    /// Member addresses, lower-case, sorted, without repetitions.
    pub members: Vec<String>,
    /// `employeeType`, 0–2.
    pub address_book_visibility: i32,
    /// Accept mail from inside the installation only.
    pub internal_only: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Incremented by every stored change; guards against lost updates.
    pub revision: i64,
}

/// The values of a list create or update request, not yet validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailListInput {
    /// Tenant.
    pub tenant_id: String,
    /// Address (on update: the current address).
    pub mail: String,
    /// `displayName`.
    pub display_name: String,
    /// Members (`alias`).
    pub members: Vec<String>,
    /// `employeeType`; `None` is the default (1) on create.
    pub address_book_visibility: Option<i32>,
    /// `accessTo=local_only`; `None` is the default (true) on create.
    pub internal_only: Option<bool>,
}

/// A mutable field of a list, named as in the proto `MailList`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum MailListField {
    DisplayName,
    Members,
    AddressBookVisibility,
    InternalOnly,
}

impl MailListField {
    /// Every mutable field.
    pub const ALL: [MailListField; 4] =
        [Self::DisplayName, Self::Members, Self::AddressBookVisibility, Self::InternalOnly];

    /// The field's name in the proto message and in update masks.
    pub fn name(self) -> &'static str {
        match self {
            Self::DisplayName => "display_name",
            Self::Members => "members",
            Self::AddressBookVisibility => "address_book_visibility",
            Self::InternalOnly => "internal_only",
        }
    }

    /// Looks a field up by its name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_by_name() {
        assert_eq!(MailListField::from_name("internal_only"), Some(MailListField::InternalOnly));
        assert_eq!(MailListField::from_name("mail"), None);
    }
}
