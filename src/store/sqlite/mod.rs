//! The embedded SQLite backend: directory objects and service state in one
//! file in the data dir, WAL mode, migrations embedded in the binary.
//!
//! Writes go through a pool of exactly one connection and `BEGIN IMMEDIATE`
//! transactions, so writers queue inside pbm instead of failing with
//! `SQLITE_BUSY`; reads use a separate pool and run concurrently.

/// SQL of the domain part of an address column (`local@domain` → `domain`),
/// as a string literal for `concat!`, so that queries stay static text.
macro_rules! domain_part {
    ($column:literal) => {
        concat!("substr(", $column, ", instr(", $column, ", '@') + 1)")
    };
}

mod addresses;
mod audit;
mod imports;
mod mail_domains;
mod mail_lists;
mod resources;
mod sessions;
mod settings;
mod tenants;
mod throttle;
mod users;
mod web_domains;

use std::{path::Path, str::FromStr as _, time::Duration};

use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::error::Error;
use crate::store::PoolUsage;

/// Page cache of the writing connection (`PRAGMA cache_size`; negative: KiB).
const WRITER_CACHE: &str = "-65536";

/// The SQLite store; implements [`crate::ports::Directory`] and
/// [`crate::ports::SessionStore`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    read: SqlitePool,
    write: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and migrates it.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        // The one writer keeps a larger page cache than SQLite's 2 MiB: inserts
        // land at random places of the address and mail indexes, and a cache
        // smaller than their hot part makes a bulk import re-read pages.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone().pragma("cache_size", WRITER_CACHE))
            .await?;
        // sqlx takes no lock around SQLite migrations: processes (or stores in
        // one process) opening a new file at once would each create the tables.
        // A file lock beside the database makes them take turns.
        let lock_path = path.with_extension("db-migrate.lock");
        let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path)?;
        let lock = tokio::task::spawn_blocking(move || lock.lock().map(|()| lock)).await??;
        sqlx::migrate!("./migrations/sqlite").run(&write).await?;
        drop(lock);
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self { read, write })
    }

    /// Size and idle connections of the read and write pools.
    pub fn pool_usage(&self) -> Vec<PoolUsage> {
        [("read", &self.read), ("write", &self.write)]
            .into_iter()
            .map(|(name, pool)| PoolUsage { pool: name, size: pool.size(), idle: pool.num_idle() as u32 })
            .collect()
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, Error> {
        self.write.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)
    }
}

/// Maps a database error that the caller did not expect.
pub(crate) fn db_error(err: sqlx::Error) -> Error {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            Error::Unavailable(format!("sqlite: {err}"))
        }
        other => Error::internal(other),
    }
}

/// Whether an error is a UNIQUE or PRIMARY KEY violation.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error().is_some_and(|e| e.is_unique_violation())
}
