//! Storage backends, one folder each with one file per kind of object, all
//! implementing the ports of [`crate::ports`]; [`open_with`] picks one from a
//! store URL.
//!
//! - [`sql`]: one store for SQLite (the embedded default) and PostgreSQL,
//!   holding the directory and the service state in one database.
//! - [`ldap`]: OpenLDAP or 389 Directory Server, holding the directory only,
//!   beside a SQL store for the service state (the `--state-store`).

pub mod barrier;
pub mod ldap;
pub mod notices;
pub mod snapshot;
pub mod sql;

use std::{collections::BTreeMap, path::Path, sync::Arc};

use anyhow::{Context as _, bail};
use chrono::{DateTime, TimeZone, Utc};

use crate::ports::{
    AuditLog, ChangeLog, Directory, DirectoryLinks, ExternalIds, ImportJournal, LoginThrottle, ServiceAccountStore,
    SessionStore, SettingsStore,
};
use crate::settings::{Settings, StaticLayers};
use barrier::WriteBarrier;
use notices::CommitNotices;

/// The default store of the service state beside an LDAP directory: the
/// SQLite file in the data dir.
pub const DEFAULT_STATE_STORE: &str = "sqlite:pbm.db";

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
    /// Checkpoints of directory imports.
    pub imports: Arc<dyn ImportJournal>,
    /// The change log.
    pub changes: Arc<dyn ChangeLog>,
    /// Notices of the changes this process commits.
    pub notices: CommitNotices,
    /// The users the company directory owns, and its syncs' cursors.
    pub directory_links: Arc<dyn DirectoryLinks>,
    /// Service accounts and their API keys (in SQL, beside LDAP too).
    pub service_accounts: Arc<dyn ServiceAccountStore>,
    /// The externalIds of users provisioned over SCIM (in SQL, beside LDAP too).
    pub external_ids: Arc<dyn ExternalIds>,
    /// Connection pool usage, for metrics.
    pub pools: Arc<dyn Fn() -> Vec<PoolUsage> + Send + Sync>,
    /// The barrier every change of the directory and the runtime settings
    /// passes (snapshots pause it).
    pub barrier: WriteBarrier,
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

/// What [`open_with`] opens.
#[derive(Debug, Clone, Copy)]
pub struct StoreOptions<'a> {
    /// The directory store: `sqlite:PATH`, `postgres://…`, `ldap://…` or `ldaps://…`.
    pub url: &'a str,
    /// The service-state store beside an LDAP directory (`sqlite:PATH` or
    /// `postgres://…`; default [`DEFAULT_STATE_STORE`]). Refused with a SQL
    /// directory store, which holds the state itself.
    pub state_url: Option<&'a str>,
    /// Data dir: relative SQLite paths are taken relative to it.
    pub data_dir: &'a Path,
    /// The settings in force at start (the LDAP backend reads `psn/ldap/*`,
    /// `psn/cab/*` and `pbm/ldap/*`).
    pub settings: &'a Settings,
}

/// Opens the store named by `url` with the settings of the environment
/// (`PBM_SETTING__…`); see [`open_with`].
pub async fn open(url: &str, data_dir: &Path) -> anyhow::Result<Stores> {
    let overrides = Settings::env_overrides().map_err(|e| anyhow::anyhow!(e))?;
    let settings = StaticLayers::new(Vec::new(), overrides)
        .and_then(|layers| layers.compose(&BTreeMap::new()))
        .map_err(|e| anyhow::anyhow!(e))?;
    open_with(StoreOptions { url, state_url: None, data_dir, settings: &settings }).await
}

/// Opens the stores: `sqlite:PATH` (relative paths are taken relative to
/// the data dir), `postgres://…`, or an LDAP directory (`ldap://…`,
/// `ldaps://…`, see [`ldap::LdapOptions::from_url`]) beside the SQL state
/// store `state_url`.
pub async fn open_with(options: StoreOptions<'_>) -> anyhow::Result<Stores> {
    let url = options.url;
    let barrier = WriteBarrier::default();
    let notices = CommitNotices::default();
    if url.starts_with("ldap://") || url.starts_with("ldaps://") {
        let state_url = options.state_url.unwrap_or(DEFAULT_STATE_STORE);
        let state = open_sql(state_url, options.data_dir, barrier.clone(), notices, StoreRole::BesideADirectory)
            .await
            .context("opening the service-state store beside LDAP")?;
        let ldap_options = ldap::LdapOptions::from_url(url, options.settings)?;
        let directory = Arc::new(
            ldap::LdapStore::open(ldap_options, state.changes.clone(), barrier)
                .await
                .with_context(|| format!("opening the LDAP store {}", redact(url)))?,
        );
        let sweeper = directory.clone();
        tokio::spawn(async move {
            // Tombstones now; leftover claims once they are past the grace period.
            for claims in [false, true] {
                if claims {
                    tokio::time::sleep(ldap::SWEEP_DELAY).await;
                }
                let started = std::time::Instant::now();
                match sweeper.sweep(claims).await {
                    // Logged even when it found nothing: after a bulk load, the claims step reads
                    // every address claim of the last day (pbm-bench shows when it ran).
                    Ok(swept) => tracing::info!(
                        claims,
                        ?swept,
                        seconds = started.elapsed().as_secs_f64(),
                        "LDAP sweep at start finished"
                    ),
                    Err(e) => tracing::warn!(error = %e, "LDAP sweep at start failed; the hourly purge runs it again"),
                }
            }
        });
        let sql_pools = state.pools.clone();
        let ldap_pool = directory.clone();
        return Ok(Stores {
            directory,
            pools: Arc::new(move || {
                let mut pools = sql_pools();
                pools.push(ldap_pool.pool_usage());
                pools
            }),
            ..state
        });
    }
    if options.state_url.is_some() {
        bail!("--state-store goes with an LDAP store only: a SQL store keeps the service state itself");
    }
    open_sql(url, options.data_dir, barrier, notices, StoreRole::Everything).await
}

/// What a SQL store holds.
#[derive(PartialEq)]
enum StoreRole {
    /// The directory and the service state.
    Everything,
    /// The service state, beside a directory in LDAP.
    BesideADirectory,
}

/// `url` with its passwords masked, for logs and messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("****"));
            }
            if let Some(query) = parsed.query() {
                let masked: Vec<String> = query
                    .split('?')
                    .map(|part| {
                        part.split(',')
                            .map(|ext| match ext.split_once('=') {
                                Some((name, _)) if name.trim_start_matches('!').eq_ignore_ascii_case("x-bindpw") => {
                                    format!("{name}=****")
                                }
                                _ => ext.to_owned(),
                            })
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                    .collect();
                parsed.set_query(Some(&masked.join("?")));
            }
            parsed.to_string()
        }
        Err(_) => url.split('@').next_back().unwrap_or_default().to_owned(),
    }
}

/// A SQL store holding what `role` says.
async fn open_sql(
    url: &str,
    data_dir: &Path,
    barrier: WriteBarrier,
    notices: CommitNotices,
    role: StoreRole,
) -> anyhow::Result<Stores> {
    let beside = role == StoreRole::BesideADirectory;
    if let Some(path) = url.strip_prefix("sqlite:") {
        let path = data_dir.join(path.strip_prefix("//").unwrap_or(path));
        let store = sql::SqlStore::<sqlx::Sqlite>::open(&path.to_string_lossy(), barrier.clone(), notices.clone())
            .await
            .with_context(|| format!("opening SQLite store {}", path.display()))?;
        let store = if beside { store.beside_a_directory() } else { store };
        return Ok(sql_stores(store, barrier, notices));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = sql::SqlStore::<sqlx::Postgres>::open(url, barrier.clone(), notices.clone())
            .await
            .context("opening the PostgreSQL store")?;
        let store = if beside { store.beside_a_directory() } else { store };
        return Ok(sql_stores(store, barrier, notices));
    }
    bail!(
        "unsupported store URL {:?}: expected sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DATABASE, ldap://… or ldaps://…",
        redact(url)
    )
}

/// Every port served by one SQL store.
fn sql_stores<D: sql::Dialect>(store: sql::SqlStore<D>, barrier: WriteBarrier, notices: CommitNotices) -> Stores {
    let store = Arc::new(store);
    let pools = store.clone();
    Stores {
        directory: store.clone(),
        sessions: store.clone(),
        audit: store.clone(),
        settings: store.clone(),
        imports: store.clone(),
        changes: store.clone(),
        directory_links: store.clone(),
        service_accounts: store.clone(),
        external_ids: store.clone(),
        throttle: store,
        notices,
        pools: Arc::new(move || pools.pool_usage()),
        barrier,
    }
}

/// A random id, 128 bits in hex: LDAP entries whose name can change,
/// change intents, pauses of writes.
pub(crate) fn new_id() -> String {
    use rand::RngCore as _;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Unix microseconds of a time, as SQL stores keep it.
pub(crate) fn to_micros(time: DateTime<Utc>) -> i64 {
    time.timestamp_micros()
}

/// A time from Unix microseconds.
pub(crate) fn from_micros(micros: i64) -> DateTime<Utc> {
    Utc.timestamp_micros(micros).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacted_urls_show_no_password() {
        assert_eq!(super::redact("postgres://pbm:secret@db:5432/pbm"), "postgres://pbm:****@db:5432/pbm");
        let ldap = super::redact("ldap://h:389/dc=x????bindname=cn=a%2cdc=x,X-BINDPW=secret");
        assert!(!ldap.contains("secret") && ldap.contains("X-BINDPW=****"), "{ldap}");
        assert_eq!(super::redact("sqlite:pbm.db"), "sqlite:pbm.db");
    }
}
