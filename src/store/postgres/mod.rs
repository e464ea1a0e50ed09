//! The PostgreSQL backend: directory objects and service state in one
//! database, for installations that outgrow the embedded SQLite file or run
//! several pbm replicas. Same tables as SQLite (migrations embedded in
//! `migrations/postgres`), sorted text in `COLLATE "C"` so that every backend
//! orders and pages alike, trigram indexes for substring search.
//!
//! Unlike SQLite, writers run concurrently: uniqueness rests on primary keys,
//! optimistic revisions on `WHERE revision = …`, and the few read-then-write
//! sequences (refresh rotation, export cursors) lock their row first.

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

use std::time::Duration;

use sqlx::{
    PgPool,
    postgres::{PgConnectOptions, PgPoolOptions},
};

use crate::error::Error;
use crate::store::PoolUsage;

/// The PostgreSQL store; implements every port.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

/// Connections a replica opens at most.
const MAX_CONNECTIONS: u32 = 16;

impl PostgresStore {
    /// Connects to `url` (`postgres://user:password@host:port/db`) and
    /// migrates the database.
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options: PgConnectOptions = url.parse()?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Size and idle connections of the pool.
    pub fn pool_usage(&self) -> Vec<PoolUsage> {
        vec![PoolUsage { pool: "postgres", size: self.pool.size(), idle: self.pool.num_idle() as u32 }]
    }

    async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, Error> {
        self.pool.begin().await.map_err(db_error)
    }
}

/// Maps a database error that the caller did not expect.
pub(crate) fn db_error(err: sqlx::Error) -> Error {
    let unreachable = match &err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        // Class 08: connection exceptions; 57P01-03: the server is shutting down or starting.
        sqlx::Error::Database(db) => db.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        _ => false,
    };
    if unreachable { Error::Unavailable(format!("postgres: {err}")) } else { Error::internal(err) }
}

/// Whether an error is a UNIQUE or PRIMARY KEY violation.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error().is_some_and(|e| e.is_unique_violation())
}
