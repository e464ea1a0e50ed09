//! SQLite as a [`Dialect`]: the embedded default, one file in the data dir,
//! WAL mode, migrations in `migrations/sqlite`.
//!
//! Writes go through a pool of exactly one connection and `BEGIN IMMEDIATE`
//! transactions, so writers queue inside pbm instead of failing with
//! `SQLITE_BUSY`, and rows need no locks; reads use a separate read-only
//! pool and run concurrently. Substring search uses the FTS5 trigram index
//! `users_search`; lists are bound as `IN (…)`; bulk inserts are multi-row
//! `VALUES` within SQLite's limit of bound parameters. Point reads of a
//! user are done inline (`inline.rs`), without sqlx's connection thread.

use std::{ops::Range, path::Path, str::FromStr as _, time::Duration};

use sqlx::{
    Pool, QueryBuilder, Sqlite, Transaction,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteQueryResult, SqliteSynchronous},
};

use super::dialect::{BuilderExt as _, Lock};
use super::inline::InlineReads;
use super::{BulkInsert, Column, Dialect, Pools, like_escape};
use crate::security::private_files;

/// Page cache of the writing connection (`PRAGMA cache_size`; negative: KiB).
const WRITER_CACHE: &str = "-65536";
/// Bound parameters per multi-row statement, under SQLite's 32,766.
const PARAMETERS_PER_STATEMENT: usize = 30_000;
/// Extended result codes that mean "try again later": SQLITE_BUSY (5) and
/// SQLITE_LOCKED (6) with their extended variants (low byte 5 or 6).
fn busy_or_locked(code: &str) -> bool {
    code.parse::<u32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6))
}

impl Dialect for Sqlite {
    async fn open(location: &str) -> anyhow::Result<Pools<Self>> {
        let path = Path::new(location);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
            private_files::ensure_private_dir(parent)?;
        }
        // The file holds hashes, keys and secret settings: created 0600 (its
        // -wal and -shm take its mode), and refused when others can read it.
        private_files::touch_private_file(path)?;
        let journal =
            |suffix: &str| path.with_file_name(format!("{}{suffix}", path.file_name().unwrap_or_default().display()));
        private_files::refuse_shared(&[path, &journal("-wal"), &journal("-shm")])?;
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        // sqlx takes no lock around SQLite migrations: processes (or stores in
        // one process) opening a new file at once would each create the tables.
        // A file lock beside the database makes them take turns — from the
        // first connection on, since that connection switches a new file to
        // WAL, which needs the file to itself (SQLITE_BUSY, busy timeout or
        // not, when another process is migrating it).
        let lock_path = path.with_extension("db-migrate.lock");
        let lock = private_files::owner_only().create(true).truncate(false).write(true).open(&lock_path)?;
        let lock = tokio::task::spawn_blocking(move || lock.lock().map(|()| lock)).await??;
        // The one writer keeps a larger page cache than SQLite's 2 MiB: inserts
        // land at random places of the address and mail indexes, and a cache
        // smaller than their hot part makes a bulk import re-read pages.
        let write = super::dialect::pool_options::<Sqlite>()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone().pragma("cache_size", WRITER_CACHE))
            .await?;
        crate::migrate::sqlite().run(&write).await?;
        drop(lock);
        let read = super::dialect::pool_options::<Sqlite>()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.read_only(true))
            .await?;
        let inline = Some(std::sync::Arc::new(InlineReads::new(path)));
        Ok(Pools { labelled: vec![("read", read.clone()), ("write", write.clone())], read, write, inline, kept: None })
    }

    async fn begin_write(pool: &Pool<Self>) -> sqlx::Result<Transaction<'static, Self>> {
        pool.begin_with("BEGIN IMMEDIATE").await
    }

    fn write_pause_lock(_shared: bool) -> Option<&'static str> {
        None
    }

    async fn begin_snapshot(pool: &Pool<Self>) -> sqlx::Result<Transaction<'static, Self>> {
        // Deferred: in WAL mode the first read fixes what the transaction sees.
        pool.begin_with("BEGIN DEFERRED").await
    }

    fn json_batch_functions() -> Option<(&'static str, &'static str)> {
        Some(("json_group_array", "json_array"))
    }

    fn json_text_array(column: &str) -> String {
        format!("json_group_array({column})")
    }

    fn lock_clause(_lock: Lock) -> &'static str {
        // One writer at a time: a write transaction's reads are already stable.
        ""
    }

    /// The rows the trigram index `users_search` finds for a term of three
    /// characters or more, checked with `LIKE` (which alone would scan the
    /// tenant). Within a tenant the index is read only between the tenant's
    /// lowest and highest row id (`users_by_tenant` finds both at once): all
    /// of a tenant's rows are there, and a tenant whose users were created
    /// together (an import, a migration) is a narrow range instead of the
    /// whole installation.
    fn push_user_search(builder: &mut QueryBuilder<Self>, tenant_id: Option<&str>, search: &str) {
        if search.chars().count() >= 3 {
            // An FTS5 string: the term as one phrase, quotes doubled.
            builder.push(" AND id IN (SELECT rowid FROM users_search WHERE users_search MATCH ");
            builder.arg(format!("\"{}\"", search.replace('"', "\"\"")));
            if let Some(tenant) = tenant_id {
                builder.push(" AND rowid BETWEEN (SELECT min(id) FROM users WHERE tenant_id = ");
                builder.arg(tenant.to_owned());
                builder.push(") AND (SELECT max(id) FROM users WHERE tenant_id = ");
                builder.arg(tenant.to_owned());
                builder.push(")");
            }
            builder.push(")");
        }
        let pattern = format!("%{}%", like_escape(search));
        for (i, column) in ["mail", "given_name_key", "surname_key"].into_iter().enumerate() {
            builder.push(if i == 0 { " AND (" } else { " OR " });
            builder.push(column).push(" LIKE ").arg(pattern.clone()).push(" ESCAPE '\\'");
        }
        builder.push(")");
    }

    fn push_in_texts(builder: &mut QueryBuilder<Self>, column: &str, values: &[String]) {
        builder.push(column).push(" IN (");
        let mut list = builder.separated(", ");
        for value in values {
            list.push_bind(value.clone());
        }
        builder.push(")");
    }

    fn push_in_ints(builder: &mut QueryBuilder<Self>, column: &str, values: &[i64]) {
        builder.push(column).push(" IN (");
        let mut list = builder.separated(", ");
        for value in values {
            list.push_bind(*value);
        }
        builder.push(")");
    }

    fn rows_per_insert(columns: usize) -> usize {
        PARAMETERS_PER_STATEMENT / columns.max(1)
    }

    fn push_insert_rows(builder: &mut QueryBuilder<Self>, insert: &BulkInsert<'_>, rows: Range<usize>) {
        builder.push_values(rows, |mut row, i| {
            for (_, column) in &insert.columns {
                match column {
                    Column::Text(values) => row.push_bind(values[i].to_string()),
                    Column::Int(values) => row.push_bind(values[i]),
                    Column::Small(values) => row.push_bind(values[i]),
                    Column::MaybeInt(values) => row.push_bind(values[i]),
                };
            }
        });
    }

    fn rows_affected(result: &SqliteQueryResult) -> u64 {
        result.rows_affected()
    }

    fn is_unavailable(error: &(dyn sqlx::error::DatabaseError + 'static)) -> bool {
        error.code().is_some_and(|code| busy_or_locked(&code))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn busy_and_locked_codes_are_recognised_with_their_extended_variants() {
        for code in ["5", "6", "261", "517", "262"] {
            assert!(super::busy_or_locked(code), "{code}");
        }
        for code in ["1", "19", "2067", "787", "x"] {
            assert!(!super::busy_or_locked(code), "{code}");
        }
    }
}
