//! Typed settings, named as the guide's etcd key table (§6), in layers:
//! built-in defaults < the TOML file's `[settings]` table < environment
//! variables < the runtime source (etcd when configured, else the service
//! store). [`SettingsHandle`] hands out consistent snapshots, swaps them when
//! the runtime layer changes — no restart — and tells subscribers what
//! changed.
//!
//! Every key pbm reads is declared once in [`keys::KEYS`] with its default
//! and validation. A runtime value that fails validation is refused with a
//! logged error and the last good value stays in force.

pub mod etcd;
pub mod keys;
pub mod runtime;

use std::{collections::BTreeMap, net::IpAddr, sync::Arc, time::Duration};

use arc_swap::ArcSwap;
use tokio::sync::broadcast;

use crate::domain::password_policy::PasswordRequirements;
use crate::security::sealing::{SealedFor, Sealer};
use keys::{KEYS, KeyDef};

/// Prefix of environment variables that set a key: `PBM_SETTING__` followed
/// by the key upper-cased with `/` written as `__`, e.g.
/// `PBM_SETTING__PBM__AUTH__ACCESS_TOKEN_EXPIRE_TIME=600`.
pub const ENV_PREFIX: &str = "PBM_SETTING__";

/// What a secret's value is shown as.
pub const MASK: &str = "********";

/// A refused setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("setting {key}: {reason}")]
pub struct SettingError {
    /// The key.
    pub key: String,
    /// What is wrong.
    pub reason: String,
}

/// Where the value of a key in force comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// Built-in default.
    Default,
    /// The TOML file.
    File,
    /// An environment variable.
    Environment,
    /// The runtime source: etcd, or the service store without etcd.
    Runtime,
}

/// Token lifetimes (`pbm/auth/*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    /// `pbm/auth/access_token_expire_time`.
    pub access_token_ttl: Duration,
    /// `pbm/auth/refresh_token_expire_time`.
    pub refresh_token_ttl: Duration,
    /// `pbm/auth/challenge_after_failures` (0: never).
    pub challenge_after_failures: u32,
    /// `pbm/auth/challenge_lifetime`.
    pub challenge_lifetime: Duration,
}

/// How the server treats connections (`pbm/server/*`), read at each accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSettings {
    /// `pbm/server/max_connections`.
    pub max_connections: usize,
    /// `pbm/server/header_read_timeout`.
    pub header_read_timeout: Duration,
    /// `pbm/server/http2_keepalive_interval` (also the ping timeout).
    pub http2_keepalive_interval: Duration,
    /// `pbm/server/http2_max_concurrent_streams`.
    pub http2_max_concurrent_streams: u32,
    /// `pbm/server/http2_max_pending_resets`.
    pub http2_max_pending_resets: usize,
    /// `pbm/server/shutdown_grace`.
    pub shutdown_grace: Duration,
}

/// What browsers may do (`pbm/web/*`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WebSettings {
    /// `pbm/web/cors_allowed_origins`: serialized origins, e.g. `https://panel.example.com`.
    pub cors_allowed_origins: Vec<String>,
}

/// Lifecycle of users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSettings {
    /// `pbm/users/deleted_retention_days`: how long a soft-deleted user can be
    /// restored and keeps its addresses reserved (guide §2.8.1: 30 days).
    pub deleted_retention: Duration,
}

/// The change log and the caches it feeds (`pbm/changes/*`, `pbm/cache/*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSettings {
    /// `pbm/changes/retention_days`.
    pub retention: Duration,
    /// `pbm/cache/users` (0: no user cache).
    pub user_cache_size: u64,
}

/// Brute-force protection (`psn/bruteforce/*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BruteforceSettings {
    /// `psn/bruteforce/enabled`.
    pub enabled: bool,
    /// `psn/bruteforce/max_attempts`.
    pub max_attempts: u32,
    /// `psn/bruteforce/penalty`.
    pub penalty: Duration,
}

/// The network position of pbm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSettings {
    /// `pbm/common/trusted_proxies`.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl NetworkSettings {
    /// Whether `addr` is a trusted proxy.
    pub fn is_trusted_proxy(&self, addr: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&addr))
    }
}

/// CEF export of the audit trail (`psn/web/logger/*`, §7.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CefSettings {
    /// `psn/web/logger/cef_enabled`.
    pub enabled: bool,
    /// `psn/web/logger/cef_filename`.
    pub filename: String,
    /// `psn/web/logger/cef_prefix`.
    pub prefix: String,
    /// `psn/web/logger/dir` (empty: the data dir's `logs`).
    pub dir: String,
}

/// A secret value: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// A secret holding `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(MASK)
    }
}

/// The doveadm HTTP API of the mail store (`services/doveadm/*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoveadmSettings {
    /// `services/doveadm/url`; empty: no mail store configured.
    pub url: String,
    /// `services/doveadm/login`; empty: `password` is an API key.
    pub login: String,
    /// `services/doveadm/password`.
    pub password: Secret,
    /// `services/doveadm/timeout`: of each request.
    pub timeout: Duration,
}

/// Recalling sent mail (`psn/common/revoke_email`, `psn/common/force_revoke`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecallSettings {
    /// `psn/common/revoke_email`: recall allowed at all.
    pub enabled: bool,
    /// `psn/common/force_revoke`: recalling copies already read allowed.
    pub force_allowed: bool,
}

/// One consistent set of settings. Its `Debug` masks secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct Settings {
    raw: BTreeMap<&'static str, String>,
    /// `pbm/auth/*`.
    pub auth: AuthSettings,
    /// `psn/common/password_requirements/*`.
    pub password: PasswordRequirements,
    /// `pbm/users/*`.
    pub users: UserSettings,
    /// `pbm/changes/*`, `pbm/cache/*`.
    pub changes: ChangeSettings,
    /// `psn/bruteforce/*`.
    pub bruteforce: BruteforceSettings,
    /// `pbm/common/trusted_proxies`.
    pub network: NetworkSettings,
    /// `psn/web/logger/cef_*`.
    pub cef: CefSettings,
    /// `services/doveadm/*`.
    pub doveadm: DoveadmSettings,
    /// `psn/common/revoke_email`, `psn/common/force_revoke`.
    pub recall: RecallSettings,
    /// `services/ad/*` and `services/bitrix24/*`: the company directory and Bitrix24.
    pub directory: crate::directory::DirectorySettings,
    /// `pbm/web/*`.
    pub web: WebSettings,
    /// `pbm/server/*`.
    pub server: ServerSettings,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.raw.keys().map(|key| (*key, self.shown(key).unwrap_or_default()))).finish()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self::from_pairs(std::iter::empty::<(String, String)>()).expect("built-in defaults are valid")
    }
}

/// Validates one key/value pair against its declaration.
pub fn validate(key: &str, value: &str) -> Result<(&'static KeyDef, String), SettingError> {
    let def = keys::find(key).ok_or_else(|| SettingError { key: key.to_owned(), reason: "unknown key".into() })?;
    let value = def.kind.validate(value).map_err(|reason| SettingError { key: def.key.into(), reason })?;
    Ok((def, value))
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
            let (def, value) = validate(key.as_ref(), value.as_ref())?;
            raw.insert(def.key, value);
        }
        Self::from_raw(raw)
    }

    fn from_raw(raw: BTreeMap<&'static str, String>) -> Result<Self, SettingError> {
        let num = |key: &str| -> u64 { raw[key].parse().expect("validated number") };
        let flag = |key: &str| -> bool { raw[key] == "true" };
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
                challenge_after_failures: num(keys::CHALLENGE_AFTER_FAILURES) as u32,
                challenge_lifetime: Duration::from_secs(num(keys::CHALLENGE_LIFETIME)),
            },
            password,
            users: UserSettings { deleted_retention: Duration::from_secs(num(keys::DELETED_RETENTION_DAYS) * 86_400) },
            changes: ChangeSettings {
                retention: Duration::from_secs(num(keys::CHANGE_RETENTION_DAYS) * 86_400),
                user_cache_size: num(keys::USER_CACHE_SIZE),
            },
            bruteforce: BruteforceSettings {
                enabled: flag(keys::BRUTEFORCE_ENABLED),
                max_attempts: num(keys::BRUTEFORCE_MAX_ATTEMPTS) as u32,
                penalty: Duration::from_secs(num(keys::BRUTEFORCE_PENALTY)),
            },
            network: NetworkSettings {
                trusted_proxies: keys::parse_networks(&raw[keys::TRUSTED_PROXIES]).expect("validated networks"),
            },
            cef: CefSettings {
                enabled: flag(keys::CEF_ENABLED),
                filename: raw[keys::CEF_FILENAME].clone(),
                prefix: raw[keys::CEF_PREFIX].clone(),
                dir: raw[keys::LOG_DIR].clone(),
            },
            doveadm: DoveadmSettings {
                url: raw[keys::DOVEADM_URL].clone(),
                login: raw[keys::DOVEADM_LOGIN].clone(),
                password: Secret(raw[keys::DOVEADM_PASSWORD].clone()),
                timeout: Duration::from_secs(num(keys::DOVEADM_TIMEOUT)),
            },
            recall: RecallSettings { enabled: flag(keys::REVOKE_EMAIL), force_allowed: flag(keys::FORCE_REVOKE) },
            directory: crate::directory::DirectorySettings::from_values(&|key| raw[key].clone()),
            web: WebSettings {
                cors_allowed_origins: keys::parse_origins(&raw[keys::CORS_ALLOWED_ORIGINS]).expect("validated origins"),
            },
            server: ServerSettings {
                max_connections: num(keys::MAX_CONNECTIONS) as usize,
                header_read_timeout: Duration::from_secs(num(keys::HEADER_READ_TIMEOUT)),
                http2_keepalive_interval: Duration::from_secs(num(keys::HTTP2_KEEPALIVE_INTERVAL)),
                http2_max_concurrent_streams: num(keys::HTTP2_MAX_CONCURRENT_STREAMS) as u32,
                http2_max_pending_resets: num(keys::HTTP2_MAX_PENDING_RESETS) as usize,
                shutdown_grace: Duration::from_secs(num(keys::SHUTDOWN_GRACE)),
            },
            raw,
        })
    }

    /// The value of a key in force.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.raw.get(key).map(String::as_str)
    }

    /// The value of a key as it may be shown (secrets masked when set).
    pub fn shown(&self, key: &str) -> Option<String> {
        let value = self.get(key)?;
        Some(if keys::find(key).is_some_and(|d| d.secret) && !value.is_empty() { MASK.into() } else { value.into() })
    }

    /// Every key with its value in force.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.raw.iter().map(|(k, v)| (*k, v.as_str()))
    }

    /// Reads the overrides of the environment (see [`ENV_PREFIX`]): a
    /// variable names its key, or, with `_FILE` appended to a key's name, a
    /// file holding its value (the convention of Docker and Kubernetes
    /// secrets; one trailing line break is not part of the value). A key
    /// given both ways is refused.
    pub fn env_overrides() -> Result<Vec<(String, String)>, String> {
        let vars: BTreeMap<String, String> = std::env::vars().collect();
        let mut overrides = Vec::new();
        for (name, value) in &vars {
            if let Some(direct) = name.strip_suffix("_FILE")
                && let Some(key) = env_name_to_key(direct)
                && keys::find(&key).is_some()
            {
                if vars.contains_key(direct) {
                    return Err(format!("{direct} and {name} are both set: give one"));
                }
                overrides.push((key, read_secret_file(name, value)?));
            } else if let Some(key) = env_name_to_key(name) {
                overrides.push((key, value.clone()));
            }
        }
        Ok(overrides)
    }
}

/// The value in the file a `…_FILE` variable names: its text without one
/// trailing line break.
pub fn read_secret_file(variable: &str, path: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{variable}: cannot read {path}: {e}"))?;
    let text = text.strip_suffix('\n').unwrap_or(&text);
    Ok(text.strip_suffix('\r').unwrap_or(text).to_owned())
}

/// `PBM_SETTING__PBM__AUTH__X` → `pbm/auth/x`.
fn env_name_to_key(name: &str) -> Option<String> {
    let rest = name.strip_prefix(ENV_PREFIX)?;
    Some(rest.split("__").map(str::to_ascii_lowercase).collect::<Vec<_>>().join("/"))
}

/// The static layers of the settings, fixed at start: the file and the
/// environment (each already validated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaticLayers {
    /// `[settings]` of the TOML file.
    pub file: BTreeMap<String, String>,
    /// `PBM_SETTING__*` variables.
    pub env: BTreeMap<String, String>,
}

impl StaticLayers {
    /// Validates and keeps the file's and the environment's values.
    pub fn new(
        file: impl IntoIterator<Item = (String, String)>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, SettingError> {
        let check =
            |pairs: &mut dyn Iterator<Item = (String, String)>| -> Result<BTreeMap<String, String>, SettingError> {
                pairs.map(|(k, v)| validate(&k, &v).map(|(def, v)| (def.key.to_owned(), v))).collect()
            };
        let layers = Self { file: check(&mut file.into_iter())?, env: check(&mut env.into_iter())? };
        layers.compose(&BTreeMap::new())?;
        Ok(layers)
    }

    /// Layers with only file values (tests, tools).
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, SettingError> {
        Self::new(pairs.into_iter().map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned())), [])
    }

    /// Settings of these layers under a runtime layer.
    pub fn compose(&self, runtime: &BTreeMap<String, String>) -> Result<Settings, SettingError> {
        Settings::from_pairs(self.file.iter().chain(self.env.iter()).chain(runtime.iter()))
    }

    /// Where the value in force of `key` comes from.
    pub fn source(&self, key: &str, runtime: &BTreeMap<String, String>) -> Source {
        if runtime.contains_key(key) {
            Source::Runtime
        } else if self.env.contains_key(key) {
            Source::Environment
        } else if self.file.contains_key(key) {
            Source::File
        } else {
            Source::Default
        }
    }

    /// The value `key` would have without a runtime value.
    pub fn underlying(&self, key: &str) -> Option<String> {
        self.env
            .get(key)
            .or_else(|| self.file.get(key))
            .cloned()
            .or_else(|| keys::find(key).map(|d| d.default.to_owned()))
    }
}

/// A change of the value in force of one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingChange {
    /// The key.
    pub key: &'static str,
    /// The new value in force (secrets masked).
    pub value: String,
    /// Where it now comes from.
    pub source: Source,
}

struct HandleState {
    layers: StaticLayers,
    runtime: BTreeMap<String, String>,
}

/// Shared, swappable settings: readers take a cheap snapshot per request;
/// the runtime source replaces values, and subscribers hear of each change.
#[derive(Clone)]
pub struct SettingsHandle {
    current: Arc<ArcSwap<Settings>>,
    state: Arc<std::sync::Mutex<HandleState>>,
    changes: broadcast::Sender<SettingChange>,
    /// Opens runtime values sealed at rest (see [`crate::security::sealing`]).
    sealer: Arc<Sealer>,
}

impl std::fmt::Debug for SettingsHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SettingsHandle").finish_non_exhaustive()
    }
}

impl SettingsHandle {
    /// A handle holding `settings` and no static layers (tests, tools).
    pub fn new(settings: Settings) -> Self {
        let layers = StaticLayers {
            file: settings.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect(),
            env: BTreeMap::new(),
        };
        Self::with_layers(layers).expect("settings that exist are valid")
    }

    /// A handle over the static layers, without runtime values yet.
    pub fn with_layers(layers: StaticLayers) -> Result<Self, SettingError> {
        let settings = layers.compose(&BTreeMap::new())?;
        Ok(Self {
            current: Arc::new(ArcSwap::from_pointee(settings)),
            state: Arc::new(std::sync::Mutex::new(HandleState { layers, runtime: BTreeMap::new() })),
            changes: broadcast::channel(1024).0,
            sealer: Arc::new(Sealer::none()),
        })
    }

    /// This handle, opening sealed runtime values with `sealer`.
    pub fn sealed_with(mut self, sealer: Arc<Sealer>) -> Self {
        self.sealer = sealer;
        self
    }

    /// Validates a runtime value, opening it first when it is sealed: the
    /// settings in force hold clear values only.
    fn validate_runtime(&self, key: &str, value: &str) -> Result<(&'static KeyDef, String), SettingError> {
        if !Sealer::is_sealed(value) {
            return validate(key, value);
        }
        let clear = self
            .sealer
            .open(SealedFor::Setting(key), value)
            .map_err(|e| SettingError { key: key.to_owned(), reason: e.to_string() })?;
        validate(key, &clear)
    }

    /// The settings in force now.
    pub fn current(&self) -> Arc<Settings> {
        self.current.load_full()
    }

    /// Hears of every change from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<SettingChange> {
        self.changes.subscribe()
    }

    /// Where the value in force of `key` comes from.
    pub fn source(&self, key: &str) -> Source {
        let state = self.state.lock().expect("settings lock");
        state.layers.source(key, &state.runtime)
    }

    /// The value `key` would have without its runtime value.
    pub fn underlying(&self, key: &str) -> Option<String> {
        self.state.lock().expect("settings lock").layers.underlying(key)
    }

    /// Checks that setting `key` to `value` at runtime would be accepted
    /// (alone and together with every other value in force).
    pub fn check(&self, key: &str, value: &str) -> Result<(), SettingError> {
        let (def, value) = self.validate_runtime(key, value)?;
        let state = self.state.lock().expect("settings lock");
        let mut runtime = state.runtime.clone();
        runtime.insert(def.key.to_owned(), value);
        state.layers.compose(&runtime).map(|_| ())
    }

    /// Checks that setting all of `values` at runtime at once would be
    /// accepted (each alone and all together with the values in force);
    /// returns them normalized.
    pub fn check_all(&self, values: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, SettingError> {
        self.preview(values).map(|(normal, _)| normal)
    }

    /// [`Self::check_all`], also returning the settings that would be in
    /// force once all of `values` are set.
    pub fn preview(
        &self,
        values: &BTreeMap<String, String>,
    ) -> Result<(BTreeMap<String, String>, Settings), SettingError> {
        let state = self.state.lock().expect("settings lock");
        let mut runtime = state.runtime.clone();
        let mut normal = BTreeMap::new();
        for (key, value) in values {
            let (def, value) = self.validate_runtime(key, value)?;
            runtime.insert(def.key.to_owned(), value.clone());
            normal.insert(def.key.to_owned(), value);
        }
        let settings = state.layers.compose(&runtime)?;
        Ok((normal, settings))
    }

    /// Sets (`Some`) or removes (`None`) one runtime value. A refused value
    /// changes nothing.
    pub fn apply(&self, key: &str, value: Option<&str>) -> Result<(), SettingError> {
        let mut state = self.state.lock().expect("settings lock");
        let mut runtime = state.runtime.clone();
        match value {
            Some(value) => {
                let (def, value) = self.validate_runtime(key, value)?;
                runtime.insert(def.key.to_owned(), value);
            }
            None => {
                runtime.remove(key);
            }
        }
        self.install(&mut state, runtime)
    }

    /// Replaces the whole runtime layer (a resync from the source). Keys
    /// pbm does not know are ignored; invalid values keep the last good value
    /// of their key. Returns the refused keys.
    pub fn replace_runtime(&self, values: BTreeMap<String, String>) -> Vec<SettingError> {
        let mut state = self.state.lock().expect("settings lock");
        let mut refused = Vec::new();
        let mut runtime = BTreeMap::new();
        for (key, value) in values {
            if keys::find(&key).is_none() {
                continue;
            }
            match self.validate_runtime(&key, &value) {
                Ok((def, value)) => {
                    runtime.insert(def.key.to_owned(), value);
                }
                Err(e) => {
                    if let Some(old) = state.runtime.get(&key) {
                        runtime.insert(key.clone(), old.clone());
                    }
                    refused.push(e);
                }
            }
        }
        if let Err(e) = self.install(&mut state, runtime) {
            refused.push(e);
        }
        refused
    }

    fn install(&self, state: &mut HandleState, runtime: BTreeMap<String, String>) -> Result<(), SettingError> {
        let next = state.layers.compose(&runtime)?;
        let previous = self.current.load_full();
        let sources_before: BTreeMap<&str, Source> =
            KEYS.iter().map(|d| (d.key, state.layers.source(d.key, &state.runtime))).collect();
        state.runtime = runtime;
        let next = Arc::new(next);
        self.current.store(next.clone());
        for def in KEYS {
            let source = state.layers.source(def.key, &state.runtime);
            if previous.get(def.key) != next.get(def.key) || sources_before[def.key] != source {
                let value = next.shown(def.key).unwrap_or_default();
                let _ = self.changes.send(SettingChange { key: def.key, value, source });
            }
        }
        Ok(())
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
        assert!(s.bruteforce.enabled);
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

    #[test]
    fn layers_in_order_and_refused_runtime_values() {
        let layers = StaticLayers::new(
            [("psn/common/password_requirements/min_length".to_owned(), "8".to_owned())],
            [("psn/common/password_requirements/min_length".to_owned(), "9".to_owned())],
        )
        .unwrap();
        let handle = SettingsHandle::with_layers(layers).unwrap();
        let mut changes = handle.subscribe();
        let key = keys::PASSWORD_MIN_LENGTH;
        assert_eq!(handle.current().password.min_length, 9);
        assert_eq!(handle.source(key), Source::Environment);

        handle.apply(key, Some("10")).unwrap();
        assert_eq!(handle.current().password.min_length, 10);
        assert_eq!(handle.source(key), Source::Runtime);
        let change = changes.try_recv().unwrap();
        assert_eq!((change.key, change.value.as_str(), change.source), (key, "10", Source::Runtime));

        assert!(handle.apply(key, Some("ten")).is_err());
        assert!(handle.apply(key, Some("500")).is_err(), "above max_length");
        assert_eq!(handle.current().password.min_length, 10);
        assert!(changes.try_recv().is_err());

        let refused = handle.replace_runtime(BTreeMap::from([
            (key.to_owned(), "x".to_owned()),
            ("other/app/key".to_owned(), "1".to_owned()),
        ]));
        assert_eq!(refused.len(), 1);
        assert_eq!(handle.current().password.min_length, 10, "last good value stays");

        handle.apply(key, None).unwrap();
        assert_eq!(handle.current().password.min_length, 9);
        assert_eq!(handle.underlying(key).as_deref(), Some("9"));
    }

    #[test]
    fn secrets_are_masked() {
        let s = Settings::from_pairs([("services/doveadm/password", "hunter2")]).unwrap();
        assert_eq!(s.shown("services/doveadm/password").as_deref(), Some(MASK));
        assert_eq!(s.get("services/doveadm/password"), Some("hunter2"));
        assert_eq!(s.doveadm.password.expose(), "hunter2");
        assert!(!format!("{:?}", s.doveadm).contains("hunter2"));
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
