//! Server configuration: command line > environment > TOML file > built-in
//! defaults. The CLI fills [`ServeArgs`] (clap reads both flags and the
//! `PBM_*` environment variables); [`Config::resolve`] merges them with the
//! `--config` file.
//!
//! Secrets never have to be on the command line: the store URLs (which may
//! hold a password) and the first superadmin's password can come from a
//! file named by a `…_FILE` variable (`PBM_STORE_FILE`,
//! `PBM_STATE_STORE_FILE`, `PBM_CREATOR_PASSWORD_FILE`), and every setting
//! from `PBM_SETTING__…_FILE`, the convention of Docker and Kubernetes
//! secrets. A value given both ways is refused. `pbm config print` shows
//! what is in force and where each value came from ([`Config::describe`]),
//! with secrets masked.

use std::{
    collections::BTreeMap,
    net::SocketAddr,
    path::{Path, PathBuf},
};

use anyhow::Context as _;
use serde::Deserialize;

use crate::settings::{SettingError, Settings, StaticLayers, etcd::EtcdConfig, keys, read_secret_file};

/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Default data directory.
pub const DEFAULT_DATA_DIR: &str = "./pbm-data";
/// Default mail domain of the bootstrap tenant.
pub const DEFAULT_DOMAIN: &str = "example.com";
/// Default store: a SQLite file in the data dir.
pub const DEFAULT_STORE: &str = "sqlite:pbm.db";
/// Default argon2id cost: 19 MiB and 2 iterations (OWASP).
pub const DEFAULT_PASSWORD_HASH_COST: (u32, u32) = (19 * 1024, 2);
/// Default limit of a request body (/v2) or a gRPC message: 4 MiB.
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 4 * 1024 * 1024;

/// Values given on the command line or in the environment.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "PBM_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Directory for the SQLite store and the token signing key [default: ./pbm-data].
    #[arg(long, env = "PBM_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Mail domain of the `default` tenant created on first start [default: example.com].
    #[arg(long, env = "PBM_DOMAIN")]
    pub domain: Option<String>,
    /// TOML configuration file.
    #[arg(long, env = "PBM_CONFIG")]
    pub config: Option<PathBuf>,
    /// Store URL: sqlite:PATH (relative to the data dir), postgres://…, ldap://… or ldaps://… [default: sqlite:pbm.db].
    #[arg(long, env = "PBM_STORE")]
    pub store: Option<String>,
    /// With an LDAP store: where the service state (sessions, audit, settings, brute-force counts) lives,
    /// sqlite:PATH or postgres://… [default: sqlite:pbm.db].
    #[arg(long, env = "PBM_STATE_STORE")]
    pub state_store: Option<String>,
    /// PEM certificate chain; with --tls-key, serve TLS instead of plain TCP.
    #[arg(long, env = "PBM_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "PBM_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Largest accepted /v2 request body or gRPC message, in bytes [default: 4194304].
    #[arg(long, env = "PBM_MAX_REQUEST_BYTES")]
    pub max_request_bytes: Option<usize>,
    /// etcd endpoints (comma-separated, e.g. http://127.0.0.1:2379) holding runtime settings.
    #[arg(long, env = "PBM_ETCD_ENDPOINTS", value_delimiter = ',')]
    pub etcd_endpoints: Option<Vec<String>>,
    /// Prefix of pbm's keys in etcd, e.g. /mail1/ [default: none].
    #[arg(long, env = "PBM_ETCD_PREFIX")]
    pub etcd_prefix: Option<String>,
    /// Key file sealing secret values at rest (web domains' private keys, secret settings); made by
    /// `pbm secrets generate-key`, shared by every replica [default: none, nothing sealed].
    #[arg(long, env = "PBM_SECRETS_KEY_FILE")]
    pub secrets_key_file: Option<PathBuf>,
}

/// The TOML file. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// See [`ServeArgs::listen`].
    pub listen: Option<SocketAddr>,
    /// See [`ServeArgs::data_dir`].
    pub data_dir: Option<PathBuf>,
    /// See [`ServeArgs::domain`].
    pub domain: Option<String>,
    /// See [`ServeArgs::store`].
    pub store: Option<String>,
    /// See [`ServeArgs::state_store`].
    pub state_store: Option<String>,
    /// See [`ServeArgs::max_request_bytes`].
    pub max_request_bytes: Option<usize>,
    /// See [`ServeArgs::etcd_endpoints`].
    pub etcd_endpoints: Option<Vec<String>>,
    /// See [`ServeArgs::etcd_prefix`].
    pub etcd_prefix: Option<String>,
    /// `[tls]`: `cert` and `key` paths.
    pub tls: Option<TlsFiles>,
    /// `[auth]`.
    #[serde(default)]
    pub auth: AuthFileConfig,
    /// `[settings]`: settings keys (as in the guide's etcd table) and values.
    #[serde(default)]
    pub settings: toml::Table,
}

/// `[auth]` of the TOML file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthFileConfig {
    /// File holding the access-token signing key (base64url, ≥ 32 bytes).
    /// Replicas of one installation must share it. Default:
    /// `<data_dir>/token-signing.key`, created on first start.
    pub signing_key_file: Option<PathBuf>,
    /// See [`ServeArgs::secrets_key_file`].
    pub secrets_key_file: Option<PathBuf>,
    /// argon2id memory cost of new password hashes, KiB (default 19456,
    /// OWASP's recommendation). Existing hashes verify with their own cost.
    pub password_hash_memory_kib: Option<u32>,
    /// argon2id iterations of new password hashes (default 2).
    pub password_hash_iterations: Option<u32>,
}

/// Paths of a TLS certificate chain and key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsFiles {
    /// PEM certificate chain.
    pub cert: PathBuf,
    /// PEM private key.
    pub key: PathBuf,
}

/// The resolved configuration of a server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Listen address.
    pub listen: SocketAddr,
    /// Data directory.
    pub data_dir: PathBuf,
    /// Bootstrap mail domain.
    pub domain: String,
    /// Store URL.
    pub store: String,
    /// Service-state store beside an LDAP store (`None`: the default SQLite file).
    pub state_store: Option<String>,
    /// TLS files, if TLS is on.
    pub tls: Option<TlsFiles>,
    /// Request size limit.
    pub max_request_bytes: usize,
    /// Signing key file.
    pub signing_key_file: PathBuf,
    /// Key file sealing secret values at rest (`None`: nothing is sealed).
    pub secrets_key_file: Option<PathBuf>,
    /// argon2id cost of new password hashes: (memory KiB, iterations).
    pub password_hash_cost: (u32, u32),
    /// Settings of the file and the environment (below the runtime source).
    pub settings: StaticLayers,
    /// etcd, when runtime settings live there.
    pub etcd: Option<EtcdConfig>,
    /// Password of the bootstrap superadmin (`PBM_CREATOR_PASSWORD`); generated when unset.
    pub creator_password: Option<String>,
    /// Where each value came from, by its name in [`Config::describe`].
    pub sources: BTreeMap<&'static str, Source>,
}

/// Where a configuration value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env,
    /// A file named by a `…_FILE` environment variable.
    EnvFile,
    /// The `--config` file.
    File,
    /// The built-in default.
    Default,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Self::Flag => "flag",
            Self::Env => "environment",
            Self::EnvFile => "environment (_FILE)",
            Self::File => "config file",
            Self::Default => "default",
        }
    }
}

/// The long flags given on the command line, to tell a flag from the
/// environment variable clap read in its place.
#[derive(Debug, Clone, Default)]
pub struct GivenFlags(Vec<String>);

impl GivenFlags {
    /// The flags of this process's command line (an argument that is not
    /// UTF-8 is no flag pbm knows).
    pub fn of_this_process() -> Self {
        Self(
            std::env::args_os()
                .filter_map(|arg| {
                    let flag = arg.to_str()?.strip_prefix("--")?;
                    Some(flag.split('=').next().unwrap_or_default().to_owned())
                })
                .collect(),
        )
    }

    /// These flags (tests).
    pub fn of(flags: &[&str]) -> Self {
        Self(flags.iter().map(|flag| (*flag).to_owned()).collect())
    }

    fn has(&self, flag: &str) -> bool {
        self.0.iter().any(|given| given == flag)
    }
}

/// Decides where each value comes from while [`Config::resolve`] merges.
struct Origins<'a> {
    flags: &'a GivenFlags,
    sources: BTreeMap<&'static str, Source>,
}

impl Origins<'_> {
    /// The argument (flag or environment), else the file's value, else the default.
    fn pick<T>(&mut self, name: &'static str, arg: Option<T>, file: Option<T>, default: impl FnOnce() -> T) -> T {
        let arg = arg.map(|value| (value, self.arg_source(name)));
        self.pick_sourced(name, arg, file, default)
    }

    /// As [`Origins::pick`], the argument's source already known.
    fn pick_sourced<T>(
        &mut self,
        name: &'static str,
        arg: Option<(T, Source)>,
        file: Option<T>,
        default: impl FnOnce() -> T,
    ) -> T {
        let (value, source) = match (arg, file) {
            (Some(given), _) => given,
            (None, Some(value)) => (value, Source::File),
            (None, None) => (default(), Source::Default),
        };
        self.sources.insert(name, source);
        value
    }

    /// A flag, or the environment variable clap read in its place.
    fn arg_source(&self, name: &str) -> Source {
        if self.flags.has(&name.replace('_', "-")) { Source::Flag } else { Source::Env }
    }

    /// As [`Origins::pick`] for a value without a default.
    fn pick_optional<T>(&mut self, name: &'static str, arg: Option<T>, file: Option<T>) -> Option<T> {
        let value = self.pick(name, arg.map(Some), file.map(Some), || None);
        if value.is_none() {
            self.sources.remove(name);
        }
        value
    }

    /// `arg` (flag or `variable`), else the file `variable_FILE` names,
    /// with its source; both set is refused.
    fn secret(&self, name: &str, variable: &str, arg: Option<String>) -> anyhow::Result<Option<(String, Source)>> {
        let file_variable = format!("{variable}_FILE");
        let Some(path) = std::env::var(&file_variable).ok().filter(|p| !p.is_empty()) else {
            return Ok(arg.map(|value| (value, self.arg_source(name))));
        };
        anyhow::ensure!(
            arg.is_none(),
            "{file_variable} and {variable} (or --{}) are both given: give one",
            name.replace('_', "-")
        );
        let value = read_secret_file(&file_variable, &path).map_err(|e| anyhow::anyhow!(e))?;
        Ok(Some((value, Source::EnvFile)))
    }
}

impl Config {
    /// A configuration with every default, for a data dir (tests, tools).
    pub fn with_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        let data_dir = data_dir.into();
        Self {
            listen: DEFAULT_LISTEN.parse().expect("valid default"),
            signing_key_file: data_dir.join("token-signing.key"),
            secrets_key_file: None,
            password_hash_cost: DEFAULT_PASSWORD_HASH_COST,
            data_dir,
            domain: DEFAULT_DOMAIN.into(),
            store: DEFAULT_STORE.into(),
            state_store: None,
            tls: None,
            max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
            settings: StaticLayers::default(),
            etcd: None,
            creator_password: None,
            sources: BTreeMap::new(),
        }
    }

    /// Merges arguments, the file they name, and the environment's settings.
    pub fn resolve(args: ServeArgs) -> anyhow::Result<Self> {
        Self::resolve_given(args, &GivenFlags::of_this_process())
    }

    /// [`Config::resolve`], with the flags the command line gave.
    pub fn resolve_given(args: ServeArgs, flags: &GivenFlags) -> anyhow::Result<Self> {
        let file = match &args.config {
            Some(path) => load_file(path)?,
            None => FileConfig::default(),
        };
        let mut origins = Origins { flags, sources: BTreeMap::new() };
        let o = &mut origins;
        let data_dir = o.pick("data_dir", args.data_dir, file.data_dir, || DEFAULT_DATA_DIR.into());
        let tls = match (args.tls_cert, args.tls_key) {
            (Some(cert), Some(key)) => o.pick_optional("tls_cert", Some(TlsFiles { cert, key }), None),
            _ => o.pick_optional("tls_cert", None, file.tls),
        };
        let overrides = Settings::env_overrides().map_err(|e| anyhow::anyhow!(e))?;
        let settings = StaticLayers::new(settings_from_toml(&file.settings)?, overrides)
            .map_err(|e: SettingError| anyhow::anyhow!(e))?;
        let endpoints = o.pick("etcd_endpoints", args.etcd_endpoints, file.etcd_endpoints, Vec::new);
        let endpoints: Vec<String> =
            endpoints.into_iter().map(|e| e.trim().to_owned()).filter(|e| !e.is_empty()).collect();
        let prefix = o.pick("etcd_prefix", args.etcd_prefix, file.etcd_prefix, String::new);
        let etcd = (!endpoints.is_empty()).then_some(EtcdConfig { endpoints, prefix });
        let store = o.secret("store", "PBM_STORE", args.store)?;
        let state_store = o.secret("state_store", "PBM_STATE_STORE", args.state_store)?;
        let creator_password = std::env::var("PBM_CREATOR_PASSWORD").ok().filter(|p| !p.is_empty());
        let creator_password = o.secret("creator_password", "PBM_CREATOR_PASSWORD", creator_password)?;
        let creator_password =
            o.pick_sourced("creator_password", creator_password.map(|(v, s)| (Some(v), s)), None, || None);
        let config = Self {
            listen: o.pick("listen", args.listen, file.listen, || DEFAULT_LISTEN.parse().expect("valid default")),
            signing_key_file: o
                .pick("signing_key_file", None, file.auth.signing_key_file, || data_dir.join("token-signing.key")),
            secrets_key_file: o.pick_optional("secrets_key_file", args.secrets_key_file, file.auth.secrets_key_file),
            password_hash_cost: (
                file.auth.password_hash_memory_kib.unwrap_or(DEFAULT_PASSWORD_HASH_COST.0),
                file.auth.password_hash_iterations.unwrap_or(DEFAULT_PASSWORD_HASH_COST.1),
            ),
            domain: o.pick("domain", args.domain, file.domain, || DEFAULT_DOMAIN.into()),
            store: o.pick_sourced("store", store, file.store, || DEFAULT_STORE.into()),
            state_store: o.pick_sourced(
                "state_store",
                state_store.map(|(v, s)| (Some(v), s)),
                file.state_store.map(Some),
                || None,
            ),
            max_request_bytes: o.pick("max_request_bytes", args.max_request_bytes, file.max_request_bytes, || {
                DEFAULT_MAX_REQUEST_BYTES
            }),
            tls,
            data_dir,
            settings,
            etcd,
            creator_password,
            sources: BTreeMap::new(),
        };
        Ok(Self { sources: origins.sources, ..config })
    }

    /// The configuration in force, one `(name, value, source)` per value,
    /// with secrets masked: the password of a store URL, the superadmin's
    /// password, and the settings the key table marks secret. What
    /// `pbm config print` shows.
    pub fn describe(&self) -> Vec<(String, String, &'static str)> {
        let source = |name: &str| self.sources.get(name).copied().unwrap_or(Source::Default).as_str();
        let mut lines = vec![
            ("listen".to_owned(), self.listen.to_string(), source("listen")),
            ("data_dir".to_owned(), self.data_dir.display().to_string(), source("data_dir")),
            ("domain".to_owned(), self.domain.clone(), source("domain")),
            ("store".to_owned(), crate::store::redact(&self.store), source("store")),
        ];
        if let Some(state) = &self.state_store {
            lines.push(("state_store".into(), crate::store::redact(state), source("state_store")));
        }
        if let Some(tls) = &self.tls {
            lines.push(("tls.cert".into(), tls.cert.display().to_string(), source("tls_cert")));
            lines.push(("tls.key".into(), tls.key.display().to_string(), source("tls_cert")));
        }
        lines.push(("max_request_bytes".into(), self.max_request_bytes.to_string(), source("max_request_bytes")));
        if let Some(etcd) = &self.etcd {
            lines.push(("etcd_endpoints".into(), etcd.endpoints.join(","), source("etcd_endpoints")));
            lines.push(("etcd_prefix".into(), etcd.prefix.clone(), source("etcd_prefix")));
        }
        lines.push((
            "auth.signing_key_file".into(),
            self.signing_key_file.display().to_string(),
            source("signing_key_file"),
        ));
        if let Some(path) = &self.secrets_key_file {
            lines.push(("auth.secrets_key_file".into(), path.display().to_string(), source("secrets_key_file")));
        }
        lines.push((
            "auth.password_hash_cost".into(),
            format!("{} KiB, {} iterations", self.password_hash_cost.0, self.password_hash_cost.1),
            "config file or default",
        ));
        lines.push((
            "creator_password".into(),
            if self.creator_password.is_some() { MASK } else { "(generated on the first start)" }.into(),
            source("creator_password"),
        ));
        let layers = [(&self.settings.file, "config file [settings]"), (&self.settings.env, "environment")];
        for (values, origin) in layers {
            for (key, value) in values {
                let secret = keys::find(key).is_some_and(|def| def.secret);
                let shown = if secret && !value.is_empty() { MASK.to_owned() } else { value.clone() };
                lines.push((format!("settings.{key}"), shown, origin));
            }
        }
        lines
    }
}

/// What a secret shows as.
const MASK: &str = "****";

fn load_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// `[settings]` values as strings (numbers and booleans written bare).
fn settings_from_toml(table: &toml::Table) -> anyhow::Result<Vec<(String, String)>> {
    table
        .iter()
        .map(|(key, value)| {
            let text = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                toml::Value::Float(f) => f.to_string(),
                other => anyhow::bail!("[settings] {key}: unsupported value {other}"),
            };
            Ok((key.clone(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_values_apply_below_arguments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pbm.toml");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:9000\"\ndomain = \"corp.example\"\n[settings]\n\"pbm/auth/access_token_expire_time\" = 120\n",
        )
        .unwrap();
        let args = ServeArgs { config: Some(path), domain: Some("cli.example".into()), ..Default::default() };
        let config = Config::resolve(args).unwrap();
        assert_eq!(config.listen.port(), 9000);
        assert_eq!(config.domain, "cli.example");
        assert_eq!(config.settings.compose(&Default::default()).unwrap().auth.access_token_ttl.as_secs(), 120);
        assert_eq!(config.store, DEFAULT_STORE);
    }

    #[test]
    fn each_value_names_where_it_came_from() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pbm.toml");
        std::fs::write(&path, "domain = \"file.example\"\nmax_request_bytes = 1000\n").unwrap();
        let args = ServeArgs {
            config: Some(path),
            listen: Some("127.0.0.1:9000".parse().unwrap()),
            domain: Some("arg.example".into()),
            ..Default::default()
        };
        // --listen on the command line; the domain as clap read it from PBM_DOMAIN.
        let config = Config::resolve_given(args, &GivenFlags::of(&["listen", "config"])).unwrap();
        assert_eq!(config.sources["listen"], Source::Flag);
        assert_eq!(config.sources["domain"], Source::Env);
        assert_eq!(config.domain, "arg.example");
        assert_eq!(config.sources["max_request_bytes"], Source::File);
        assert_eq!(config.sources["data_dir"], Source::Default);
        let described = config.describe();
        let line = |name: &str| described.iter().find(|(n, ..)| n == name).cloned().unwrap();
        assert_eq!(line("listen"), ("listen".into(), "127.0.0.1:9000".into(), "flag"));
        assert_eq!(line("max_request_bytes").2, "config file");
    }

    #[test]
    fn secrets_are_masked_in_the_description() {
        let mut config = Config::with_data_dir("/var/lib/pbm");
        config.store = "postgres://pbm:Secret-1@db:5432/pbm".into();
        config.creator_password = Some("Secret-2".into());
        config.settings =
            StaticLayers::new(vec![("services/ad/password".into(), "Secret-3".into())], Vec::new()).unwrap();
        let text = format!("{:?}", config.describe());
        for secret in ["Secret-1", "Secret-2", "Secret-3"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("postgres://pbm:****@db:5432/pbm"), "{text}");
    }

    #[test]
    fn a_secret_file_loses_one_line_break_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        std::fs::write(&path, "pass word\n\n").unwrap();
        assert_eq!(read_secret_file("X_FILE", path.to_str().unwrap()).unwrap(), "pass word\n");
        std::fs::write(&path, "pass word\r\n").unwrap();
        assert_eq!(read_secret_file("X_FILE", path.to_str().unwrap()).unwrap(), "pass word");
        let missing = read_secret_file("X_FILE", dir.path().join("missing").to_str().unwrap()).unwrap_err();
        assert!(missing.starts_with("X_FILE: cannot read"), "{missing}");
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pbm.toml");
        std::fs::write(&path, "lisen = \"127.0.0.1:9000\"\n").unwrap();
        assert!(Config::resolve(ServeArgs { config: Some(path), ..Default::default() }).is_err());
    }
}
