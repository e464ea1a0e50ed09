//! Typed settings, named as the guide's etcd key table (§6), in layers:
//! built-in defaults < the TOML file's `[settings]` table < environment
//! variables. A [`SettingsHandle`] hands out consistent snapshots and can be
//! swapped at runtime, which is how a live source (etcd) changes them
//! without a restart.
//!
//! Every key pbm reads is declared once in [`keys::KEYS`] with its default
//! and validation; unknown keys and invalid values are refused with a
//! message naming the key.

pub mod keys;

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use arc_swap::ArcSwap;

use crate::domain::password_policy::PasswordRequirements;
use keys::{KEYS, KeyDef};

/// Prefix of environment variables that set a key: `PBM_SETTING__` followed
/// by the key upper-cased with `/` written as `__`, e.g.
/// `PBM_SETTING__PBM__AUTH__ACCESS_TOKEN_EXPIRE_TIME=600`.
pub const ENV_PREFIX: &str = "PBM_SETTING__";

/// A refused setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("setting {key}: {reason}")]
pub struct SettingError {
    /// The key.
    pub key: String,
    /// What is wrong.
    pub reason: String,
}

/// Token lifetimes (`pbm/auth/*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    /// `pbm/auth/access_token_expire_time`.
    pub access_token_ttl: Duration,
    /// `pbm/auth/refresh_token_expire_time`.
    pub refresh_token_ttl: Duration,
}

/// Lifecycle of users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSettings {
    /// `pbm/users/deleted_retention_days`: how long a soft-deleted user can be
    /// restored and keeps its addresses reserved (guide §2.8.1: 30 days).
    pub deleted_retention: Duration,
}

/// One consistent set of settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    raw: BTreeMap<&'static str, String>,
    /// `pbm/auth/*`.
    pub auth: AuthSettings,
    /// `psn/common/password_requirements/*`.
    pub password: PasswordRequirements,
    /// `pbm/users/*`.
    pub users: UserSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self::from_pairs(std::iter::empty::<(String, String)>()).expect("built-in defaults are valid")
    }
}

impl Settings {
    /// Builds settings from key/value overrides on top of the defaults.
    pub fn from_pairs<K, V>(overrides: impl IntoIterator<Item = (K, V)>) -> Result<Self, SettingError>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut raw: BTreeMap<&'static str, String> = KEYS.iter().map(|k| (k.key, k.default.to_owned())).collect();
        for (key, value) in overrides {
            let def = keys::find(key.as_ref())
                .ok_or_else(|| SettingError { key: key.as_ref().to_owned(), reason: "unknown key".into() })?;
            let value = def.validate(value.as_ref())?;
            raw.insert(def.key, value);
        }
        Self::from_raw(raw)
    }

    fn from_raw(raw: BTreeMap<&'static str, String>) -> Result<Self, SettingError> {
        let num = |key: &str| -> u64 { raw[key].parse().expect("validated number") };
        let password = PasswordRequirements {
            min_length: num(keys::PASSWORD_MIN_LENGTH) as usize,
            max_length: num(keys::PASSWORD_MAX_LENGTH) as usize,
            min_digits: num(keys::PASSWORD_MIN_DIGITS) as usize,
            min_uppercase: num(keys::PASSWORD_MIN_UPPERCASE) as usize,
            min_lowercase: num(keys::PASSWORD_MIN_LOWERCASE) as usize,
            min_special: num(keys::PASSWORD_MIN_SPECIAL) as usize,
        };
        let required = password.min_digits + password.min_uppercase + password.min_lowercase + password.min_special;
        if password.min_length > password.max_length || required > password.max_length {
            return Err(SettingError {
                key: keys::PASSWORD_MAX_LENGTH.into(),
                reason: "max_length must be at least min_length and the sum of the minimum counts".into(),
            });
        }
        Ok(Self {
            auth: AuthSettings {
                access_token_ttl: Duration::from_secs(num(keys::ACCESS_TOKEN_TTL)),
                refresh_token_ttl: Duration::from_secs(num(keys::REFRESH_TOKEN_TTL)),
            },
            password,
            users: UserSettings { deleted_retention: Duration::from_secs(num(keys::DELETED_RETENTION_DAYS) * 86_400) },
            raw,
        })
    }

    /// The raw value of a key as in force.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.raw.get(key).map(String::as_str)
    }

    /// Every key with its value in force.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.raw.iter().map(|(k, v)| (*k, v.as_str()))
    }

    /// Reads the overrides of the environment (see [`ENV_PREFIX`]).
    pub fn env_overrides() -> Vec<(String, String)> {
        std::env::vars().filter_map(|(name, value)| Some((env_name_to_key(&name)?, value))).collect()
    }
}

/// `PBM_SETTING__PBM__AUTH__X` → `pbm/auth/x`.
fn env_name_to_key(name: &str) -> Option<String> {
    let rest = name.strip_prefix(ENV_PREFIX)?;
    Some(rest.split("__").map(str::to_ascii_lowercase).collect::<Vec<_>>().join("/"))
}

impl KeyDef {
    fn validate(&self, value: &str) -> Result<String, SettingError> {
        self.kind.validate(value.trim()).map_err(|reason| SettingError { key: self.key.into(), reason })
    }
}

/// Shared, swappable settings: readers take a cheap snapshot per request.
#[derive(Debug, Clone)]
pub struct SettingsHandle(Arc<ArcSwap<Settings>>);

impl SettingsHandle {
    /// A handle holding `settings`.
    pub fn new(settings: Settings) -> Self {
        Self(Arc::new(ArcSwap::from_pointee(settings)))
    }

    /// The settings in force now.
    pub fn current(&self) -> Arc<Settings> {
        self.0.load_full()
    }

    /// Replaces the settings in force.
    pub fn replace(&self, settings: Settings) {
        self.0.store(Arc::new(settings));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_guide() {
        let s = Settings::default();
        assert_eq!(s.auth.access_token_ttl, Duration::from_secs(3600));
        assert_eq!(s.auth.refresh_token_ttl, Duration::from_secs(360_000));
        assert_eq!(s.password, PasswordRequirements::default());
        assert_eq!(s.users.deleted_retention, Duration::from_secs(30 * 86_400));
    }

    #[test]
    fn overrides_are_validated() {
        let s = Settings::from_pairs([("pbm/auth/access_token_expire_time", "60")]).unwrap();
        assert_eq!(s.auth.access_token_ttl, Duration::from_secs(60));
        assert!(Settings::from_pairs([("pbm/auth/access_token_expire_time", "soon")]).is_err());
        assert!(Settings::from_pairs([("pbm/auth/access_token_expire_time", "0")]).is_err());
        assert!(Settings::from_pairs([("no/such/key", "1")]).is_err());
        let err = Settings::from_pairs([("psn/common/password_requirements/min_length", "200")]).unwrap_err();
        assert_eq!(err.key, "psn/common/password_requirements/max_length");
    }

    #[test]
    fn env_names_map_to_keys() {
        assert_eq!(
            env_name_to_key("PBM_SETTING__PBM__AUTH__ACCESS_TOKEN_EXPIRE_TIME").as_deref(),
            Some("pbm/auth/access_token_expire_time")
        );
        assert_eq!(env_name_to_key("PBM_LISTEN"), None);
    }
}
