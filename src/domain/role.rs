//! Account roles and what each may do in general (the service layer applies
//! them to concrete objects).

/// The role of an account; the numbers are the legacy `employeeNumber`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Administrator of one tenant.
    Admin,
    /// Ordinary mailbox owner.
    User,
    /// Administrator of the whole installation.
    Superadmin,
}

impl Role {
    /// The legacy number: 1 admin, 2 user, 3 superadmin.
    pub fn legacy(self) -> i32 {
        match self {
            Self::Admin => 1,
            Self::User => 2,
            Self::Superadmin => 3,
        }
    }

    /// Parses the legacy number.
    pub fn from_legacy(value: i64) -> Option<Self> {
        match value {
            1 => Some(Self::Admin),
            2 => Some(Self::User),
            3 => Some(Self::Superadmin),
            _ => None,
        }
    }
}
