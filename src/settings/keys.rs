//! The declaration of every settings key pbm reads: name (as in the guide's
//! §6 table where the guide has one), default and validation.

/// `pbm/auth/access_token_expire_time`: access-token lifetime in seconds.
pub const ACCESS_TOKEN_TTL: &str = "pbm/auth/access_token_expire_time";
/// `pbm/auth/refresh_token_expire_time`: refresh-token lifetime in seconds.
pub const REFRESH_TOKEN_TTL: &str = "pbm/auth/refresh_token_expire_time";
/// Minimum password length.
pub const PASSWORD_MIN_LENGTH: &str = "psn/common/password_requirements/min_length";
/// Maximum password length.
pub const PASSWORD_MAX_LENGTH: &str = "psn/common/password_requirements/max_length";
/// Minimum number of digits.
pub const PASSWORD_MIN_DIGITS: &str = "psn/common/password_requirements/min_digits_count";
/// Minimum number of upper-case letters.
pub const PASSWORD_MIN_UPPERCASE: &str = "psn/common/password_requirements/min_uppercase_letter_count";
/// Minimum number of lower-case letters.
pub const PASSWORD_MIN_LOWERCASE: &str = "psn/common/password_requirements/min_lowercase_letter_count";
/// Minimum number of special characters.
pub const PASSWORD_MIN_SPECIAL: &str = "psn/common/password_requirements/min_spec_symbols_count";
/// Days a soft-deleted user stays restorable (not in the guide's table; the
/// guide fixes 30 days in §2.8.1).
pub const DELETED_RETENTION_DAYS: &str = "pbm/users/deleted_retention_days";

/// What values a key accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An unsigned integer in a range.
    Integer {
        /// Smallest value.
        min: u64,
        /// Largest value.
        max: u64,
    },
}

impl Kind {
    /// Checks a value and returns its normal form.
    pub fn validate(self, value: &str) -> Result<String, String> {
        match self {
            Self::Integer { min, max } => {
                let n: u64 = value.parse().map_err(|_| format!("{value:?} is not a whole number"))?;
                if !(min..=max).contains(&n) {
                    return Err(format!("{n} is outside {min}..={max}"));
                }
                Ok(n.to_string())
            }
        }
    }
}

/// A declared key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyDef {
    /// Full key.
    pub key: &'static str,
    /// Built-in default.
    pub default: &'static str,
    /// Accepted values.
    pub kind: Kind,
    /// What it does.
    pub help: &'static str,
}

const YEAR: u64 = 366 * 86_400;

/// Every key pbm reads.
pub const KEYS: &[KeyDef] = &[
    KeyDef {
        key: ACCESS_TOKEN_TTL,
        default: "3600",
        kind: Kind::Integer { min: 1, max: YEAR },
        help: "access-token lifetime, seconds",
    },
    KeyDef {
        key: REFRESH_TOKEN_TTL,
        default: "360000",
        kind: Kind::Integer { min: 1, max: YEAR },
        help: "refresh-token lifetime, seconds",
    },
    KeyDef {
        key: PASSWORD_MIN_LENGTH,
        default: "6",
        kind: Kind::Integer { min: 1, max: 1024 },
        help: "password: minimum length",
    },
    KeyDef {
        key: PASSWORD_MAX_LENGTH,
        default: "128",
        kind: Kind::Integer { min: 1, max: 1024 },
        help: "password: maximum length",
    },
    KeyDef {
        key: PASSWORD_MIN_DIGITS,
        default: "1",
        kind: Kind::Integer { min: 0, max: 1024 },
        help: "password: minimum number of digits",
    },
    KeyDef {
        key: PASSWORD_MIN_UPPERCASE,
        default: "0",
        kind: Kind::Integer { min: 0, max: 1024 },
        help: "password: minimum number of upper-case letters",
    },
    KeyDef {
        key: PASSWORD_MIN_LOWERCASE,
        default: "0",
        kind: Kind::Integer { min: 0, max: 1024 },
        help: "password: minimum number of lower-case letters",
    },
    KeyDef {
        key: PASSWORD_MIN_SPECIAL,
        default: "0",
        kind: Kind::Integer { min: 0, max: 1024 },
        help: "password: minimum number of special characters",
    },
    KeyDef {
        key: DELETED_RETENTION_DAYS,
        default: "30",
        kind: Kind::Integer { min: 0, max: 3650 },
        help: "days a deleted user stays restorable and keeps its addresses",
    },
];

/// Looks a key up.
pub fn find(key: &str) -> Option<&'static KeyDef> {
    KEYS.iter().find(|k| k.key == key)
}
