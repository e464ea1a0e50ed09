//! Users: the stored account, the input of create and update, the field
//! names of update masks, and the list query.

use chrono::{DateTime, Utc};

use super::{Role, page_token::Cursor};

/// Lock state of an account; the numbers are the legacy `inetUserStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserStatus {
    /// 0: blocked, cannot log in anywhere.
    Blocked,
    /// 1: active.
    Active,
    /// 2: has not accepted the user agreement — the default of a new account.
    /// May log in to pbm with the rights of its role (admins created by the
    /// guide's curl commands start in this state and must be able to work)
    /// and, with the shipped Dovecot configuration, to IMAP.
    AgreementPending,
}

impl UserStatus {
    /// The legacy number.
    pub fn legacy(self) -> i32 {
        match self {
            Self::Blocked => 0,
            Self::Active => 1,
            Self::AgreementPending => 2,
        }
    }

    /// Parses the legacy number.
    pub fn from_legacy(value: i64) -> Option<Self> {
        match value {
            0 => Some(Self::Blocked),
            1 => Some(Self::Active),
            2 => Some(Self::AgreementPending),
            _ => None,
        }
    }
}

/// Default address-book visibility (`employeeType` 1: suggested and colleagues).
pub const DEFAULT_ADDRESS_BOOK_VISIBILITY: i32 = 1;
/// Highest `employeeType` of a user.
pub const MAX_USER_ADDRESS_BOOK_VISIBILITY: i32 = 3;

/// A stored user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Tenant of the account.
    pub tenant_id: String,
    /// Primary address, lower-case; the account's identity.
    pub mail: String,
    /// Alternate UTF-8 address, or empty.
    pub alternate_address: String,
    /// Role.
    pub role: Role,
    /// `cn`.
    pub given_name: String,
    /// `sn`.
    pub surname: String,
    /// `initials`.
    pub middle_name: String,
    /// `ou`.
    pub department: String,
    /// `title`.
    pub title: String,
    /// `description`.
    pub description: String,
    /// `homePhone`.
    pub home_phone: String,
    /// `telephoneNumber`.
    pub work_phone: String,
    /// `mobile`.
    pub mobile_phone: String,
    /// `l`.
    pub city: String,
    /// `telegram`.
    pub telegram: String,
    /// `skype`.
    pub skype: String,
    /// `quota` in bytes; `None` is the installation default.
    pub quota_bytes: Option<i64>,
    /// `displayName`.
    pub display_name: String,
    /// `inetUserStatus`.
    pub status: UserStatus,
    /// `lang`.
    pub lang: String,
    /// `alias` values, lower-case, sorted.
    pub aliases: Vec<String>,
    /// `employeeType`.
    pub address_book_visibility: i32,
    /// argon2id PHC string. Never leaves the service layer.
    pub password_hash: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft-deletion time, for deleted users.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Incremented by every stored change; guards against lost updates.
    pub revision: i64,
}

impl User {
    /// Every address of the account: primary, alternate, aliases.
    pub fn addresses(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.mail.as_str())
            .chain((!self.alternate_address.is_empty()).then_some(self.alternate_address.as_str()))
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// The values of a create or update request, not yet validated. Empty
/// strings are "not given" on create and "clear" on update.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserInput {
    /// Tenant.
    pub tenant_id: String,
    /// Primary address.
    pub mail: String,
    /// Alternate UTF-8 address.
    pub alternate_address: String,
    /// Role; `None` means user on create.
    pub role: Option<Role>,
    /// `cn`.
    pub given_name: String,
    /// `sn`.
    pub surname: String,
    /// `initials`.
    pub middle_name: String,
    /// `ou`.
    pub department: String,
    /// `title`.
    pub title: String,
    /// `description`.
    pub description: String,
    /// `homePhone`.
    pub home_phone: String,
    /// `telephoneNumber`.
    pub work_phone: String,
    /// `mobile`.
    pub mobile_phone: String,
    /// `l`.
    pub city: String,
    /// `telegram`.
    pub telegram: String,
    /// `skype`.
    pub skype: String,
    /// Quota in bytes.
    pub quota_bytes: Option<i64>,
    /// `displayName`.
    pub display_name: String,
    /// Status; `None` means agreement pending on create.
    pub status: Option<UserStatus>,
    /// Language.
    pub lang: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// `employeeType`.
    pub address_book_visibility: Option<i32>,
    /// Plain password. Never logged, never stored.
    pub password: String,
}

/// A mutable field of a user, named as in the proto `User` message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum UserField {
    AlternateAddress,
    Role,
    GivenName,
    Surname,
    MiddleName,
    Department,
    Title,
    Description,
    HomePhone,
    WorkPhone,
    MobilePhone,
    City,
    Telegram,
    Skype,
    QuotaBytes,
    DisplayName,
    Status,
    Lang,
    Aliases,
    AddressBookVisibility,
    Password,
}

impl UserField {
    /// Every mutable field.
    pub const ALL: [UserField; 21] = [
        Self::AlternateAddress,
        Self::Role,
        Self::GivenName,
        Self::Surname,
        Self::MiddleName,
        Self::Department,
        Self::Title,
        Self::Description,
        Self::HomePhone,
        Self::WorkPhone,
        Self::MobilePhone,
        Self::City,
        Self::Telegram,
        Self::Skype,
        Self::QuotaBytes,
        Self::DisplayName,
        Self::Status,
        Self::Lang,
        Self::Aliases,
        Self::AddressBookVisibility,
        Self::Password,
    ];

    /// The field's name in the proto `User` message and in update masks.
    pub fn name(self) -> &'static str {
        match self {
            Self::AlternateAddress => "alternate_address",
            Self::Role => "role",
            Self::GivenName => "given_name",
            Self::Surname => "surname",
            Self::MiddleName => "middle_name",
            Self::Department => "department",
            Self::Title => "title",
            Self::Description => "description",
            Self::HomePhone => "home_phone",
            Self::WorkPhone => "work_phone",
            Self::MobilePhone => "mobile_phone",
            Self::City => "city",
            Self::Telegram => "telegram",
            Self::Skype => "skype",
            Self::QuotaBytes => "quota_bytes",
            Self::DisplayName => "display_name",
            Self::Status => "status",
            Self::Lang => "lang",
            Self::Aliases => "aliases",
            Self::AddressBookVisibility => "address_book_visibility",
            Self::Password => "password",
        }
    }

    /// Looks a field up by its name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The key users are sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserSortKey {
    /// Primary address (the default).
    Mail,
    /// `cn`.
    GivenName,
    /// `sn`.
    Surname,
}

impl UserSortKey {
    /// The key's name in `order_by`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Mail => "mail",
            Self::GivenName => "given_name",
            Self::Surname => "surname",
        }
    }

    /// The value of this key in a user, as stores compare it (lower-case).
    pub fn value_of(self, user: &User) -> String {
        match self {
            Self::Mail => user.mail.clone(),
            Self::GivenName => user.given_name.to_lowercase(),
            Self::Surname => user.surname.to_lowercase(),
        }
    }
}

/// A page of a user listing, as stores execute it. Users are ordered by
/// `(sort key, mail)`, case-insensitively, ascending or descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserListQuery {
    /// Tenant; `None` lists every tenant.
    pub tenant_id: Option<String>,
    /// Lower-cased substring of mail, given name or surname.
    pub search: Option<String>,
    /// Sort key.
    pub sort: UserSortKey,
    /// Descending order.
    pub descending: bool,
    /// Start after this item (keyset paging).
    pub after: Option<Cursor>,
    /// Items to skip before the page (legacy offset paging).
    pub skip: u64,
    /// Page size.
    pub limit: usize,
}
