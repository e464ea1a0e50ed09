//! PostgreSQL as a [`Dialect`]: for installations that outgrow the embedded
//! SQLite file or run several pbm replicas. Migrations in
//! `migrations/postgres`; sorted text in `COLLATE "C"`.
//!
//! Writers run concurrently, so read-then-write sequences lock their rows
//! (`FOR UPDATE`, `FOR SHARE`; claims `SKIP LOCKED`). Substring search uses
//! the trigram index `users_live_search` (`pg_trgm` with `btree_gin`); lists
//! are bound as one array (`= ANY($n)`); bulk inserts `UNNEST` one array per
//! column.

use std::{ops::Range, time::Duration};

use sqlx::{
    Pool, Postgres, QueryBuilder, Transaction,
    postgres::{PgConnectOptions, PgQueryResult},
};

use super::dialect::{BuilderExt as _, Lock};
use super::kept::KeptConnections;
use super::{BulkInsert, Column, Dialect, Pools, like_escape};

/// Connections a replica opens at most.
const MAX_CONNECTIONS: u32 = 16;
/// Connections kept out of the pool for point reads (`kept.rs`), beside
/// the pool's.
const KEPT_CONNECTIONS: usize = 8;
/// Rows per `INSERT … SELECT FROM UNNEST(…)`.
const ROWS_PER_STATEMENT: usize = 10_000;

impl Dialect for Postgres {
    async fn open(location: &str) -> anyhow::Result<Pools<Self>> {
        let options: PgConnectOptions = location.parse()?;
        let pool = super::dialect::pool_options::<Postgres>()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        crate::migrate::postgres().run(&pool).await?;
        let kept = Some(std::sync::Arc::new(KeptConnections::new(pool.clone(), KEPT_CONNECTIONS)));
        Ok(Pools { labelled: vec![("postgres", pool.clone())], read: pool.clone(), write: pool, inline: None, kept })
    }

    async fn begin_write(pool: &Pool<Self>) -> sqlx::Result<Transaction<'static, Self>> {
        pool.begin().await
    }

    fn write_pause_lock(shared: bool) -> Option<&'static str> {
        // One advisory key for every tenant: the shared holders never wait
        // for each other, and a pause waits for the intents being written.
        Some(if shared {
            "SELECT pg_advisory_xact_lock_shared(1885498624)"
        } else {
            "SELECT pg_advisory_xact_lock(1885498624)"
        })
    }

    async fn begin_snapshot(pool: &Pool<Self>) -> sqlx::Result<Transaction<'static, Self>> {
        // REPEATABLE READ: one snapshot, taken by the first statement.
        pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await
    }

    fn lock_clause(lock: Lock) -> &'static str {
        match lock {
            Lock::Share => " FOR SHARE",
            Lock::Update => " FOR UPDATE",
            Lock::SkipLocked => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// The joined expression is the one `users_live_search` indexes
    /// (migration 0006): it narrows the rows; the per-column conditions keep
    /// the meaning.
    fn push_user_search(builder: &mut QueryBuilder<Self>, _tenant_id: Option<&str>, search: &str) {
        let pattern = format!("%{}%", like_escape(search));
        builder.push(" AND (mail || ' ' || given_name_key || ' ' || surname_key) LIKE ");
        builder.arg(pattern.clone()).push(" ESCAPE '\\'");
        for (i, column) in ["mail", "given_name_key", "surname_key"].into_iter().enumerate() {
            builder.push(if i == 0 { " AND (" } else { " OR " });
            builder.push(column).push(" LIKE ").arg(pattern.clone()).push(" ESCAPE '\\'");
        }
        builder.push(")");
    }

    fn json_text_array(column: &str) -> String {
        format!("json_agg({column})::text")
    }

    fn push_in_texts(builder: &mut QueryBuilder<Self>, column: &str, values: &[String]) {
        builder.push(column).push(" = ANY(");
        builder.push_bind(values.to_vec());
        builder.push(")");
    }

    fn push_in_ints(builder: &mut QueryBuilder<Self>, column: &str, values: &[i64]) {
        builder.push(column).push(" = ANY(");
        builder.push_bind(values.to_vec());
        builder.push(")");
    }

    fn rows_per_insert(_columns: usize) -> usize {
        ROWS_PER_STATEMENT
    }

    fn push_insert_rows(builder: &mut QueryBuilder<Self>, insert: &BulkInsert<'_>, rows: Range<usize>) {
        builder.push("SELECT * FROM UNNEST(");
        let mut arrays = builder.separated(", ");
        for (_, column) in &insert.columns {
            match column {
                Column::Text(values) => {
                    let slice: Vec<&str> = values[rows.clone()].iter().map(|v| v.as_ref()).collect();
                    arrays.push_bind(slice).push_unseparated("::text[]")
                }
                Column::Int(values) => arrays.push_bind(values[rows.clone()].to_vec()).push_unseparated("::bigint[]"),
                Column::Small(values) => arrays.push_bind(values[rows.clone()].to_vec()).push_unseparated("::int[]"),
                Column::MaybeInt(values) => {
                    arrays.push_bind(values[rows.clone()].to_vec()).push_unseparated("::bigint[]")
                }
            };
        }
        builder.push(")");
    }

    fn rows_affected(result: &PgQueryResult) -> u64 {
        result.rows_affected()
    }

    /// Class 08: connection exceptions; 57P01–03: the server is shutting
    /// down or starting.
    fn is_unavailable(error: &(dyn sqlx::error::DatabaseError + 'static)) -> bool {
        error.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P"))
    }
}
