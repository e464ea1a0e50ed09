//! Storage backends. Each backend lives in its own folder with the same
//! file names (`mod.rs`, `tenants.rs`, `mail_domains.rs`, `web_domains.rs`,
//! `users.rs`, `resources.rs`, `mail_lists.rs`, `addresses.rs`,
//! `sessions.rs`, `audit.rs`) and implements the ports of [`crate::ports`];
//! [`open`] picks one from a store URL.

pub mod postgres;
pub mod sqlite;

use std::{path::Path, sync::Arc};

use anyhow::{Context as _, bail};
use chrono::{DateTime, TimeZone, Utc};

use crate::ports::{AuditLog, Directory, LoginThrottle, SessionStore, SettingsStore};

/// The opened stores of a running pbm.
#[derive(Clone)]
pub struct Stores {
    /// Directory objects.
    pub directory: Arc<dyn Directory>,
    /// Login sessions.
    pub sessions: Arc<dyn SessionStore>,
    /// The audit trail.
    pub audit: Arc<dyn AuditLog>,
    /// Runtime settings (without etcd).
    pub settings: Arc<dyn SettingsStore>,
    /// Brute-force bookkeeping.
    pub throttle: Arc<dyn LoginThrottle>,
    /// Connection pool usage, for metrics.
    pub pools: Arc<dyn Fn() -> Vec<PoolUsage> + Send + Sync>,
}

/// Usage of one connection pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    /// Pool name, e.g. `read`.
    pub pool: &'static str,
    /// Open connections.
    pub size: u32,
    /// Idle connections among them.
    pub idle: u32,
}

/// Opens the store named by `url`: `sqlite:PATH` (relative paths are taken
/// relative to `data_dir`) or `postgres://…`. The LDAP directory backend
/// comes with its own URL scheme.
pub async fn open(url: &str, data_dir: &Path) -> anyhow::Result<Stores> {
    if let Some(path) = url.strip_prefix("sqlite:") {
        let path = path.strip_prefix("//").unwrap_or(path);
        let path = data_dir.join(path);
        let store = Arc::new(
            sqlite::SqliteStore::open(&path)
                .await
                .with_context(|| format!("opening SQLite store {}", path.display()))?,
        );
        let pools = store.clone();
        return Ok(Stores {
            directory: store.clone(),
            sessions: store.clone(),
            audit: store.clone(),
            settings: store.clone(),
            throttle: store,
            pools: Arc::new(move || pools.pool_usage()),
        });
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = Arc::new(postgres::PostgresStore::open(url).await.context("opening the PostgreSQL store")?);
        let pools = store.clone();
        return Ok(Stores {
            directory: store.clone(),
            sessions: store.clone(),
            audit: store.clone(),
            settings: store.clone(),
            throttle: store,
            pools: Arc::new(move || pools.pool_usage()),
        });
    }
    bail!("unsupported store URL {url:?}: expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
}

/// Unix microseconds of a time, as SQL stores keep it.
pub(crate) fn to_micros(time: DateTime<Utc>) -> i64 {
    time.timestamp_micros()
}

/// A time from Unix microseconds.
pub(crate) fn from_micros(micros: i64) -> DateTime<Utc> {
    Utc.timestamp_micros(micros).single().unwrap_or_default()
}

/// `%`, `_` and `\` escaped for a `LIKE … ESCAPE '\'` pattern.
pub(crate) fn like_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
