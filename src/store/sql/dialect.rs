//! What the SQL store needs of a database, and what differs between SQLite
//! and PostgreSQL.
//!
//! [`SqlDb`] gathers, once, everything the store's generic code does with a
//! `sqlx` database: binding and decoding the handful of value types it uses,
//! and running queries on a connection. A blanket impl gives it to every
//! database that can, so the store's signatures say `D: Dialect` and nothing
//! more (`where` clauses on foreign types are not implied in Rust; supertrait
//! bounds are, hence the capabilities as methods of supertraits).
//!
//! [`Dialect`] holds what truly differs, and nothing else: opening the pools,
//! how a write transaction starts, row locks, the substring search, the bulk
//! insert, list binds and the classification of errors. It is implemented in
//! `sqlite.rs` and `postgres.rs`.

use std::future::Future;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, QueryBuilder, Transaction, Type};

use super::{BulkInsert, Pools};
use crate::error::{Error, Result};
use crate::store::from_micros;

/// How long a connection may have been idle and still be handed out
/// without a ping first.
pub const PING_AFTER_IDLE: std::time::Duration = std::time::Duration::from_secs(1);

/// When a query of this process last failed for want of its connection
/// (the server went away), in microseconds since [`CLOCK_START`]; 0: never.
static LAST_CONNECTION_FAILURE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static CLOCK_START: std::sync::LazyLock<std::time::Instant> = std::sync::LazyLock::new(std::time::Instant::now);

/// Notes that a connection was found broken now (a query or a ping failed
/// for want of it): connections idle since before are pinged before use.
pub fn connection_failed() {
    let since_start = u64::try_from(CLOCK_START.elapsed().as_micros()).unwrap_or(u64::MAX).max(1);
    LAST_CONNECTION_FAILURE.fetch_max(since_start, std::sync::atomic::Ordering::Relaxed);
}

/// Whether a connection idle for `idle_for` must be pinged before use: it
/// has been idle for [`PING_AFTER_IDLE`] or more, or it went idle before
/// the last connection failure, so the outage that failed that query may
/// have broken it too. A connection is pinged when given back (sqlx does
/// that always), so one that is idle worked when it went idle.
pub fn needs_ping(idle_for: std::time::Duration) -> bool {
    if idle_for >= PING_AFTER_IDLE {
        return true;
    }
    let last_failure = LAST_CONNECTION_FAILURE.load(std::sync::atomic::Ordering::Relaxed);
    last_failure != 0 && {
        let since_failure = CLOCK_START.elapsed().saturating_sub(std::time::Duration::from_micros(last_failure));
        since_failure <= idle_for
    }
}

/// The options of every pool. sqlx pings each connection it hands out by
/// default: a round trip (PostgreSQL) or a hand-off to the connection's
/// thread (SQLite) before every query. Here only the connections that
/// [`needs_ping`] names are pinged; one whose ping fails is replaced.
pub fn pool_options<D: Database>() -> sqlx::pool::PoolOptions<D> {
    sqlx::pool::PoolOptions::new().test_before_acquire(false).before_acquire(|conn, meta| {
        Box::pin(async move {
            if needs_ping(meta.idle_for)
                && let Err(error) = sqlx::Connection::ping(conn).await
            {
                connection_failed();
                return Err(error);
            }
            Ok(true)
        })
    })
}

/// A query with its arguments, as `sqlx::query` builds it.
pub type Query<'q, D> = sqlx::query::Query<'q, D, <D as Database>::Arguments>;
/// A connection a query runs on, for as long as the query's arguments live.
type Conn<'q, D> = &'q mut <D as Database>::Connection;
/// What running a query answers.
type Answer<'q, T> = BoxFuture<'q, sqlx::Result<T>>;

/// Binding values of type `T` (by the query's `$N` or a builder's placeholder).
pub trait Binds<'q, T: 'q>: Database {
    /// Binds the next `$N` of `query`.
    fn bind(query: Query<'q, Self>, value: T) -> Query<'q, Self>;
    /// Appends a placeholder and its value to `builder`.
    fn push_bind(builder: &mut QueryBuilder<Self>, value: T);
}

impl<'q, D: Database, T: 'q + Encode<'q, D> + Type<D> + Send> Binds<'q, T> for D {
    fn bind(query: Query<'q, Self>, value: T) -> Query<'q, Self> {
        query.bind(value)
    }
    fn push_bind(builder: &mut QueryBuilder<Self>, value: T) {
        builder.push_bind(value);
    }
}

/// Decoding values of type `T` from a column named in a row.
pub trait Decodes<T>: Database {
    /// The value of column `column`.
    fn decode(row: &Self::Row, column: &str) -> sqlx::Result<T>;
}

impl<D, T> Decodes<T> for D
where
    D: Database,
    T: for<'r> Decode<'r, D> + Type<D>,
    for<'a> &'a str: ColumnIndex<D::Row>,
{
    fn decode(row: &Self::Row, column: &str) -> sqlx::Result<T> {
        sqlx::Row::try_get(row, column)
    }
}

/// Running queries on a connection (a pooled one or a transaction's).
pub trait Runs: Database {
    /// Runs a statement; answers its result.
    fn execute<'q>(conn: Conn<'q, Self>, query: Query<'q, Self>) -> Answer<'q, Self::QueryResult>;
    /// Every row of a query.
    fn fetch_all<'q>(conn: Conn<'q, Self>, query: Query<'q, Self>) -> Answer<'q, Vec<Self::Row>>;
    /// The first row of a query, if any.
    fn fetch_optional<'q>(conn: Conn<'q, Self>, query: Query<'q, Self>) -> Answer<'q, Option<Self::Row>>;
}

impl<D: Database> Runs for D
where
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    D::Arguments: IntoArguments<D>,
{
    fn execute<'q>(conn: Conn<'q, Self>, query: Query<'q, Self>) -> Answer<'q, Self::QueryResult> {
        Box::pin(query.execute(conn))
    }
    fn fetch_all<'q>(conn: Conn<'q, Self>, query: Query<'q, Self>) -> Answer<'q, Vec<Self::Row>> {
        Box::pin(query.fetch_all(conn))
    }
    fn fetch_optional<'q>(conn: Conn<'q, Self>, query: Query<'q, Self>) -> Answer<'q, Option<Self::Row>> {
        Box::pin(query.fetch_optional(conn))
    }
}

/// Everything the store's generic code does with a database: the value
/// types it binds and decodes, and running queries. Given to every database
/// that can by the blanket impl below.
pub trait SqlDb:
    Runs
    + for<'q> Binds<'q, &'q str>
    + for<'q> Binds<'q, &'q String>
    + for<'q> Binds<'q, String>
    + for<'q> Binds<'q, &'q [u8]>
    + for<'q> Binds<'q, i64>
    + for<'q> Binds<'q, i32>
    + for<'q> Binds<'q, bool>
    + for<'q> Binds<'q, Option<i64>>
    + for<'q> Binds<'q, Option<String>>
    + Decodes<String>
    + Decodes<Vec<u8>>
    + Decodes<i64>
    + Decodes<i32>
    + Decodes<bool>
    + Decodes<Option<i64>>
    + Decodes<Option<String>>
{
}

impl<D> SqlDb for D where
    D: Runs
        + for<'q> Binds<'q, &'q str>
        + for<'q> Binds<'q, &'q String>
        + for<'q> Binds<'q, String>
        + for<'q> Binds<'q, &'q [u8]>
        + for<'q> Binds<'q, i64>
        + for<'q> Binds<'q, i32>
        + for<'q> Binds<'q, bool>
        + for<'q> Binds<'q, Option<i64>>
        + for<'q> Binds<'q, Option<String>>
        + Decodes<String>
        + Decodes<Vec<u8>>
        + Decodes<i64>
        + Decodes<i32>
        + Decodes<bool>
        + Decodes<Option<i64>>
        + Decodes<Option<String>>
{
}

/// The row lock a `SELECT` takes in a write transaction (PostgreSQL's
/// `FOR SHARE` / `FOR UPDATE`; SQLite's single writer needs none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Others may read and share-lock the row, not change it.
    Share,
    /// Nobody else may lock or change the row.
    Update,
    /// Lock for update, skipping rows another transaction holds (claims).
    SkipLocked,
}

/// What differs between the SQL databases pbm runs on.
pub trait Dialect: SqlDb {
    /// Connects to `location` (a file path for SQLite, a URL for PostgreSQL),
    /// migrates the database and answers its pools.
    fn open(location: &str) -> impl Future<Output = anyhow::Result<Pools<Self>>> + Send;
    /// Starts a write transaction (SQLite takes the write lock at once).
    fn begin_write(pool: &Pool<Self>) -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send;
    /// The statement that orders, across replicas, a write transaction
    /// checking the `write_pauses` of its tenants after any pause committed
    /// before it (store/sql/changes.rs): a transaction-scoped lock, `shared`
    /// by such writes and exclusive for a pause, where concurrent write
    /// transactions can each miss what the other inserts (PostgreSQL's READ
    /// COMMITTED); `None` where write transactions run one at a time
    /// (SQLite's `BEGIN IMMEDIATE`).
    fn write_pause_lock(shared: bool) -> Option<&'static str>;
    /// Starts a read-only transaction whose statements all read one
    /// snapshot, taken by its first statement (see `store::snapshot`).
    fn begin_snapshot(pool: &Pool<Self>) -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send;
    /// The clause appended to a `SELECT` to take `lock` ("" where rows are
    /// not locked).
    fn lock_clause(lock: Lock) -> &'static str;
    /// Appends ` AND …` narrowing users to those whose mail, given name or
    /// surname contains `search` (lower-case, non-empty), through the
    /// database's trigram index.
    fn push_user_search(builder: &mut QueryBuilder<Self>, tenant_id: Option<&str>, search: &str);
    /// Appends `column IN (…)` / `column = ANY(…)` over text values.
    fn push_in_texts(builder: &mut QueryBuilder<Self>, column: &str, values: &[String]);
    /// Appends `column IN (…)` / `column = ANY(…)` over integers.
    fn push_in_ints(builder: &mut QueryBuilder<Self>, column: &str, values: &[i64]);
    /// Rows of a bulk insert of `columns` columns per statement.
    fn rows_per_insert(columns: usize) -> usize;
    /// Appends the rows `rows` of `insert` to `builder` (which holds
    /// `INSERT INTO table (columns) `): multi-row `VALUES` / `SELECT * FROM
    /// UNNEST(…)` of one array per column.
    fn push_insert_rows(builder: &mut QueryBuilder<Self>, insert: &BulkInsert<'_>, rows: std::ops::Range<usize>);
    /// Rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;
    /// Whether a database error means the database cannot serve now
    /// (connection lost, shutting down, busy) rather than a bug.
    fn is_unavailable(error: &(dyn sqlx::error::DatabaseError + 'static)) -> bool;
    /// The aggregate and the row function that fold a whole-set read's batch
    /// of rows into one JSON array of arrays, each row's values in the order
    /// its columns are named (read back as [`JsonRow`]s), or
    /// `None` where rows are read as rows. SQLite's driver hands every row
    /// from its connection's thread to the reading task, one thread wake-up
    /// per row: most of a million-user stream's cost (docs/performance.md).
    /// One value per batch is one hand-off. PostgreSQL's rows arrive in the
    /// task's own socket buffer, and stay rows.
    fn json_batch_functions() -> Option<(&'static str, &'static str)> {
        None
    }
    /// An aggregate of `column`'s values as JSON array text (NULL or `[]`
    /// over no rows).
    fn json_text_array(column: &str) -> String;
}

/// Inserts the rows of `insert` (many at once: see [`Dialect::push_insert_rows`]).
pub async fn bulk_insert<D: Dialect>(conn: &mut D::Connection, insert: &BulkInsert<'_>) -> sqlx::Result<()> {
    let names: Vec<&str> = insert.columns.iter().map(|(name, _)| *name).collect();
    let per_statement = D::rows_per_insert(names.len()).max(1);
    let mut start = 0;
    while start < insert.rows() {
        let end = (start + per_statement).min(insert.rows());
        let mut query: QueryBuilder<D> =
            QueryBuilder::new(format!("INSERT INTO {} ({}) ", insert.table, names.join(", ")));
        D::push_insert_rows(&mut query, insert, start..end);
        query.push(insert.suffix);
        D::execute(conn, query.build()).await?;
        start = end;
    }
    Ok(())
}

/// Maps a database error that the caller did not expect: `Unavailable` when
/// the database cannot be reached or serve now, `Internal` otherwise.
pub fn db_error<D: Dialect>(err: sqlx::Error) -> Error {
    let unavailable = match &err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => true,
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) => {
            connection_failed();
            matches!(err, sqlx::Error::Io(_))
        }
        sqlx::Error::Database(db) => {
            let unavailable = D::is_unavailable(db.as_ref());
            if unavailable {
                connection_failed();
            }
            unavailable
        }
        _ => false,
    };
    if unavailable { Error::Unavailable(format!("{}: {err}", D::NAME)) } else { Error::internal(err) }
}

/// `conflict()` when `err` is a UNIQUE or PRIMARY KEY violation, else [`db_error`].
pub fn unique_or<D: Dialect>(err: sqlx::Error, conflict: impl FnOnce() -> Error) -> Error {
    if err.as_database_error().is_some_and(|e| e.is_unique_violation()) { conflict() } else { db_error::<D>(err) }
}

/// Like [`unique_or`], and `missing()` on a FOREIGN KEY violation.
pub fn constraint_or<D: Dialect>(
    err: sqlx::Error,
    conflict: impl FnOnce() -> Error,
    missing: impl FnOnce() -> Error,
) -> Error {
    if err.as_database_error().is_some_and(|e| e.is_foreign_key_violation()) {
        missing()
    } else {
        unique_or::<D>(err, conflict)
    }
}

/// Building and running queries in the store's terms: `arg` binds the next
/// `$N`, and the runners map errors with [`db_error`].
pub trait QueryExt<'q, D: Dialect>: Sized {
    /// Binds the next `$N`.
    fn arg<T: 'q>(self, value: T) -> Self
    where
        D: Binds<'q, T>;
    /// Runs a statement; answers the rows it changed, or the raw error for
    /// callers that tell constraint violations apart.
    fn try_run(self, conn: &'q mut D::Connection) -> impl Future<Output = sqlx::Result<u64>> + Send + 'q;
    /// Runs a statement; answers the rows it changed.
    fn run(self, conn: &'q mut D::Connection) -> impl Future<Output = Result<u64>> + Send + 'q;
    /// Every row of the query.
    fn rows(self, conn: &'q mut D::Connection) -> impl Future<Output = Result<Vec<D::Row>>> + Send + 'q;
    /// The first row of the query, if any.
    fn maybe_row(self, conn: &'q mut D::Connection) -> impl Future<Output = Result<Option<D::Row>>> + Send + 'q;
    /// The first row of a query that always answers one (`COUNT(*)`, `RETURNING`).
    fn row(self, conn: &'q mut D::Connection) -> impl Future<Output = Result<D::Row>> + Send + 'q;
}

impl<'q, D: Dialect> QueryExt<'q, D> for Query<'q, D> {
    fn arg<T: 'q>(self, value: T) -> Self
    where
        D: Binds<'q, T>,
    {
        D::bind(self, value)
    }
    fn try_run(self, conn: &'q mut D::Connection) -> impl Future<Output = sqlx::Result<u64>> + Send + 'q {
        let done = D::execute(conn, self);
        async move { done.await.map(|result| D::rows_affected(&result)) }
    }
    fn run(self, conn: &'q mut D::Connection) -> impl Future<Output = Result<u64>> + Send + 'q {
        let done = self.try_run(conn);
        async move { done.await.map_err(db_error::<D>) }
    }
    fn rows(self, conn: &'q mut D::Connection) -> impl Future<Output = Result<Vec<D::Row>>> + Send + 'q {
        let rows = D::fetch_all(conn, self);
        async move { rows.await.map_err(db_error::<D>) }
    }
    fn maybe_row(self, conn: &'q mut D::Connection) -> impl Future<Output = Result<Option<D::Row>>> + Send + 'q {
        let row = D::fetch_optional(conn, self);
        async move { row.await.map_err(db_error::<D>) }
    }
    fn row(self, conn: &'q mut D::Connection) -> impl Future<Output = Result<D::Row>> + Send + 'q {
        let row = D::fetch_optional(conn, self);
        async move {
            row.await
                .map_err(db_error::<D>)?
                .ok_or_else(|| Error::internal(anyhow::anyhow!("the query answered no row")))
        }
    }
}

/// Appending a bound value to a [`QueryBuilder`] in the store's terms.
pub trait BuilderExt<D: Dialect> {
    /// Appends a placeholder and its value.
    fn arg<T: 'static>(&mut self, value: T) -> &mut Self
    where
        D: Binds<'static, T>;
}

impl<D: Dialect> BuilderExt<D> for QueryBuilder<D> {
    fn arg<T: 'static>(&mut self, value: T) -> &mut Self
    where
        D: Binds<'static, T>,
    {
        D::push_bind(self, value);
        self
    }
}

/// Reading columns of a row by name, with the store's types: booleans,
/// integers and times read the same on every database.
pub trait RowExt {
    /// A text column.
    fn text(&self, column: &str) -> Result<String>;
    /// A nullable text column.
    fn maybe_text(&self, column: &str) -> Result<Option<String>>;
    /// A `BIGINT` column.
    fn int(&self, column: &str) -> Result<i64>;
    /// A nullable `BIGINT` column.
    fn maybe_int(&self, column: &str) -> Result<Option<i64>>;
    /// An `INTEGER` column (roles, statuses, visibility).
    fn small(&self, column: &str) -> Result<i32>;
    /// A count (`COUNT(*)`).
    fn count(&self, column: &str) -> Result<u64>;
    /// A boolean column.
    fn flag(&self, column: &str) -> Result<bool>;
    /// A time stored as Unix microseconds.
    fn time(&self, column: &str) -> Result<DateTime<Utc>>;
    /// A nullable time stored as Unix microseconds.
    fn maybe_time(&self, column: &str) -> Result<Option<DateTime<Utc>>>;
    /// A binary column.
    fn bytes(&self, column: &str) -> Result<Vec<u8>>;
}

impl<R> RowExt for R
where
    R: sqlx::Row,
    R::Database: Dialect,
{
    fn text(&self, column: &str) -> Result<String> {
        get(self, column)
    }
    fn maybe_text(&self, column: &str) -> Result<Option<String>> {
        get(self, column)
    }
    fn int(&self, column: &str) -> Result<i64> {
        get(self, column)
    }
    fn maybe_int(&self, column: &str) -> Result<Option<i64>> {
        get(self, column)
    }
    fn small(&self, column: &str) -> Result<i32> {
        get(self, column)
    }
    fn count(&self, column: &str) -> Result<u64> {
        Ok(u64::try_from(self.int(column)?).unwrap_or_default())
    }
    fn flag(&self, column: &str) -> Result<bool> {
        get(self, column)
    }
    fn time(&self, column: &str) -> Result<DateTime<Utc>> {
        self.int(column).map(from_micros)
    }
    fn maybe_time(&self, column: &str) -> Result<Option<DateTime<Utc>>> {
        Ok(self.maybe_int(column)?.map(from_micros))
    }
    fn bytes(&self, column: &str) -> Result<Vec<u8>> {
        get(self, column)
    }
}

/// One row of a batch folded into JSON ([`Dialect::json_batch_functions`]):
/// its values in the order of `columns`, read with the same [`RowExt`]
/// calls as a row, so that one decoding code serves both and they cannot
/// drift (a column missing is an error, as it is from a row). Each value is
/// moved out as it is read, a text costing no copy: a column is read once,
/// and a second read of it is an error rather than a silent `NULL`.
pub struct JsonRow {
    columns: &'static [&'static str],
    values: std::cell::RefCell<Vec<serde_json::Value>>,
    /// Bit `i` set once `columns[i]` was read.
    read: std::cell::Cell<u64>,
}

impl JsonRow {
    /// A row of `values`, one per column of `columns` (at most 64).
    pub fn new(columns: &'static [&'static str], values: Vec<serde_json::Value>) -> Result<Self> {
        if values.len() != columns.len() || columns.len() > 64 {
            return Err(Error::internal(anyhow::anyhow!(
                "a JSON row of {} values for {} columns",
                values.len(),
                columns.len()
            )));
        }
        Ok(Self { columns, values: std::cell::RefCell::new(values), read: std::cell::Cell::new(0) })
    }

    fn take(&self, column: &str) -> Result<serde_json::Value> {
        let index = self
            .columns
            .iter()
            .position(|c| *c == column)
            .ok_or_else(|| Error::internal(anyhow::anyhow!("column {column} missing from a JSON row")))?;
        let bit = 1u64 << index;
        if self.read.get() & bit != 0 {
            return Err(Error::internal(anyhow::anyhow!("column {column} of a JSON row read twice")));
        }
        self.read.set(self.read.get() | bit);
        Ok(std::mem::take(&mut self.values.borrow_mut()[index]))
    }

    fn maybe<T>(&self, column: &str, read: impl FnOnce(serde_json::Value) -> Option<T>) -> Result<Option<T>> {
        match self.take(column)? {
            serde_json::Value::Null => Ok(None),
            value => read(value)
                .map(Some)
                .ok_or_else(|| Error::internal(anyhow::anyhow!("column {column} of a JSON row has the wrong type"))),
        }
    }

    fn required<T>(&self, column: &str, read: impl FnOnce(serde_json::Value) -> Option<T>) -> Result<T> {
        self.maybe(column, read)?
            .ok_or_else(|| Error::internal(anyhow::anyhow!("column {column} of a JSON row is null")))
    }
}

/// A JSON string's text, moved out.
fn json_text(value: serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text),
        _ => None,
    }
}

impl RowExt for JsonRow {
    fn text(&self, column: &str) -> Result<String> {
        self.required(column, json_text)
    }
    fn maybe_text(&self, column: &str) -> Result<Option<String>> {
        self.maybe(column, json_text)
    }
    fn int(&self, column: &str) -> Result<i64> {
        self.required(column, |v| v.as_i64())
    }
    fn maybe_int(&self, column: &str) -> Result<Option<i64>> {
        self.maybe(column, |v| v.as_i64())
    }
    fn small(&self, column: &str) -> Result<i32> {
        self.required(column, |v| v.as_i64().and_then(|n| i32::try_from(n).ok()))
    }
    fn count(&self, column: &str) -> Result<u64> {
        Ok(u64::try_from(self.int(column)?).unwrap_or_default())
    }
    fn flag(&self, column: &str) -> Result<bool> {
        self.required(column, |v| v.as_bool().or_else(|| v.as_i64().map(|n| n != 0)))
    }
    fn time(&self, column: &str) -> Result<DateTime<Utc>> {
        self.int(column).map(from_micros)
    }
    fn maybe_time(&self, column: &str) -> Result<Option<DateTime<Utc>>> {
        Ok(self.maybe_int(column)?.map(from_micros))
    }
    fn bytes(&self, column: &str) -> Result<Vec<u8>> {
        Err(Error::internal(anyhow::anyhow!("column {column}: bytes are not folded into JSON rows")))
    }
}

fn get<R, T>(row: &R, column: &str) -> Result<T>
where
    R: sqlx::Row,
    R::Database: Dialect + Decodes<T>,
{
    <R::Database as Decodes<T>>::decode(row, column).map_err(db_error::<R::Database>)
}
