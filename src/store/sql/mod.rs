//! The SQL backend, one store for SQLite and PostgreSQL: the directory
//! objects and the service state (sessions, audit, settings, brute-force
//! counts, import checkpoints) in one database.
//!
//! [`SqlStore<D>`] implements every port once, generic over the database
//! `D`; [`Dialect`] holds what differs (`sqlite.rs`, `postgres.rs`). Both
//! databases keep the same tables (migrations per database in
//! `migrations/`, since their DDL differs; Dovecot reads the same tables,
//! see `deploy/dovecot/`). Text is sorted by code point on both
//! (`COLLATE "C"` on PostgreSQL), so every backend orders and pages alike.
//!
//! Writes run in transactions from [`Dialect::begin_write`]: on SQLite one
//! writer at a time (`BEGIN IMMEDIATE` on a pool of one connection), so
//! writers queue inside pbm; on PostgreSQL concurrently, uniqueness resting
//! on primary keys, optimistic revisions on `WHERE revision = …`, and the
//! few read-then-write sequences locking their rows first
//! ([`Dialect::lock_clause`]). Every change writes its audit event in the
//! same transaction.

mod addresses;
mod audit;
mod avatars;
mod changes;
mod contacts;
mod dialect;
mod directory_links;
mod external_ids;
mod imports;
mod inline;
mod kept;
mod mail_domains;
mod mail_lists;
mod postgres;
mod resources;
mod service_accounts;
mod sessions;
mod settings;
mod sqlite;
mod tenants;
mod throttle;
mod users;
mod web_domains;

use std::{
    borrow::Cow,
    ops::{Deref, DerefMut},
};

use sqlx::{Database, Pool, QueryBuilder, Transaction, pool::PoolConnection};

pub use dialect::Dialect;
use dialect::db_error;

use crate::domain::{AuditEvent, ChangeOp, ObjectChange, ObjectKind, SessionCut};
use crate::error::Result;
use crate::store::snapshot::SnapshotTransaction;
use crate::store::{
    PoolUsage,
    barrier::{Admitted, WriteBarrier},
    notices::CommitNotices,
};

/// The SQL store over the database `D` (`sqlx::Sqlite` or `sqlx::Postgres`);
/// implements every port of [`crate::ports`].
#[derive(Debug, Clone)]
pub struct SqlStore<D: Database> {
    pools: Pools<D>,
    barrier: WriteBarrier,
    notices: CommitNotices,
    /// Whether reads in `store::snapshot::at_one_revision` share a
    /// snapshot: only where this store holds the directory (beside LDAP its
    /// revision would not be the revision of what a list read from LDAP).
    snapshots: bool,
    /// Permits for the snapshots streams hold while they are read
    /// (`store::snapshot::stream_at_one_revision`), each on a read
    /// connection: half the read pool, so that streams never take it all.
    stream_snapshots: std::sync::Arc<tokio::sync::Semaphore>,
}

/// The connection pools of a store.
#[derive(Debug, Clone)]
pub struct Pools<D: Database> {
    /// Where reads go.
    pub read: Pool<D>,
    /// Where writes go: the same pool where the database takes concurrent
    /// writers.
    pub write: Pool<D>,
    /// Each distinct pool with its metrics label.
    pub labelled: Vec<(&'static str, Pool<D>)>,
    /// Point reads done inline, where the database allows (SQLite).
    pub inline: Option<std::sync::Arc<inline::InlineReads>>,
    /// Point reads on connections kept out of the pool, where a pooled
    /// read costs extra round trips (PostgreSQL).
    pub kept: Option<std::sync::Arc<kept::KeptConnections<D>>>,
}

impl<D: Dialect> SqlStore<D> {
    /// Opens (creating and migrating as needed) the database at `location`:
    /// a file path for SQLite, a `postgres://` URL for PostgreSQL. Its
    /// changes of the directory and the runtime settings pass `barrier`;
    /// their records are published on `notices` once committed.
    pub async fn open(location: &str, barrier: WriteBarrier, notices: CommitNotices) -> anyhow::Result<Self> {
        let pools = D::open(location).await?;
        let room = usize::try_from(pools.read.options().get_max_connections() / 2).unwrap_or(1).max(1);
        let stream_snapshots = std::sync::Arc::new(tokio::sync::Semaphore::new(room));
        Ok(Self { pools, barrier, notices, snapshots: true, stream_snapshots })
    }

    /// This store as the service state beside a directory elsewhere (LDAP):
    /// its reads never take a snapshot's revision for a list's.
    pub fn beside_a_directory(self) -> Self {
        Self { snapshots: false, ..self }
    }

    /// Size and idle connections of each pool.
    pub fn pool_usage(&self) -> Vec<PoolUsage> {
        let usage = |(name, pool): &(&'static str, Pool<D>)| PoolUsage {
            pool: name,
            size: pool.size(),
            idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
        };
        let mut usage: Vec<PoolUsage> = self.pools.labelled.iter().map(usage).collect();
        // The point-read connections kept out of the pool (PostgreSQL) count
        // against the server's connection limit too.
        if let Some(kept) = &self.pools.kept {
            let (open, idle) = kept.usage();
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            usage.push(PoolUsage { pool: "kept", size: count(open), idle: count(idle) });
        }
        usage
    }

    /// A connection for reads: inside `store::snapshot::at_one_revision`,
    /// the scope's snapshot (opened by its first read, which reads the
    /// change log's latest revision first), unless another read of the
    /// scope holds it, or the scope is a stream's and the streams' permits
    /// are all taken; otherwise one from the pool.
    async fn reader(&self) -> Result<Reader<D>> {
        if self.snapshots
            && let Some(snapshot) = crate::store::snapshot::current()
            && let Ok(mut held) = snapshot.transaction.clone().try_lock_owned()
        {
            let admitted = || {
                let permit = self.stream_snapshots.clone().try_acquire_owned().ok()?;
                Some(Box::new(permit) as Box<dyn std::any::Any + Send + Sync>)
            };
            if held.is_none() {
                if !snapshot.admit_long(admitted) {
                    return Ok(Reader::Pooled(self.pools.read.acquire().await.map_err(db_error::<D>)?));
                }
                let mut tx = D::begin_snapshot(&self.pools.read).await.map_err(db_error::<D>)?;
                use dialect::{QueryExt as _, RowExt as _};
                let latest = query::<D>("SELECT latest FROM change_revision WHERE id = 1").row(&mut *tx).await?;
                snapshot.read_at(latest.int("latest")?);
                *held = Some(Box::new(tx));
            }
            if held.as_mut().is_some_and(|tx| tx.as_any_mut().is::<Transaction<'static, D>>()) {
                return Ok(Reader::InSnapshot(held));
            }
        }
        Ok(Reader::Pooled(self.pools.read.acquire().await.map_err(db_error::<D>)?))
    }

    /// A connection for a write outside a transaction.
    async fn writer(&self) -> Result<PoolConnection<D>> {
        self.pools.write.acquire().await.map_err(db_error::<D>)
    }

    /// A write transaction of service state (sessions, brute-force counts).
    async fn begin(&self) -> Result<Transaction<'static, D>> {
        D::begin_write(&self.pools.write).await.map_err(db_error::<D>)
    }

    /// A change of the directory or the runtime settings: admitted by the
    /// write barrier, then a write transaction, committed with its audit
    /// event and its change-log records by [`Change::commit`].
    async fn change(&self) -> Result<Change<D>> {
        let admitted = self.barrier.admit().await;
        Ok(Change { tx: self.begin().await?, _admitted: admitted, changed: Vec::new(), notices: self.notices.clone() })
    }

    /// Commits a transaction of service state that ended sessions, with
    /// the change-log record of what ended (so every replica's session
    /// cache drops it).
    async fn commit_ended(&self, mut tx: Transaction<'static, D>, ended: ObjectChange) -> Result<()> {
        let records = changes::append::<D>(&mut tx, &[ended], crate::domain::now()).await?;
        tx.commit().await.map_err(db_error::<D>)?;
        self.notices.published(&records);
        Ok(())
    }
}

/// A connection for reads ([`SqlStore::reader`]); dereferences to it.
enum Reader<D: Database> {
    Pooled(PoolConnection<D>),
    /// The snapshot transaction of the scope (checked to be `D`'s).
    InSnapshot(tokio::sync::OwnedMutexGuard<Option<Box<dyn SnapshotTransaction>>>),
}

impl<D: Database> Reader<D> {
    fn snapshot(held: &mut Option<Box<dyn SnapshotTransaction>>) -> &mut Transaction<'static, D> {
        held.as_mut()
            .and_then(|tx| tx.as_any_mut().downcast_mut::<Transaction<'static, D>>())
            .expect("SqlStore::reader hands out only a snapshot of its own database")
    }
}

impl<D: Database> Deref for Reader<D> {
    type Target = D::Connection;
    fn deref(&self) -> &D::Connection {
        match self {
            Reader::Pooled(conn) => conn,
            Reader::InSnapshot(held) => {
                let tx = held.as_ref().and_then(|tx| tx.as_any().downcast_ref::<Transaction<'static, D>>());
                tx.expect("SqlStore::reader hands out only a snapshot of its own database")
            }
        }
    }
}

impl<D: Database> DerefMut for Reader<D> {
    fn deref_mut(&mut self) -> &mut D::Connection {
        match self {
            Reader::Pooled(conn) => conn,
            Reader::InSnapshot(held) => Self::snapshot(held),
        }
    }
}

impl<D: Database> SnapshotTransaction for Transaction<'static, D> {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn end(self: Box<Self>) -> futures::future::BoxFuture<'static, ()> {
        Box::pin(async move {
            if let Err(e) = self.rollback().await {
                tracing::debug!(error = %e, "ending a read snapshot");
            }
        })
    }
}

/// A change in progress: the one write path of the directory and the
/// runtime settings, so that every change passes the write barrier and is
/// recorded with its audit event and its change-log records in its own
/// transaction. Dereferences to the transaction's connection.
struct Change<D: Database> {
    tx: Transaction<'static, D>,
    _admitted: Admitted,
    /// The objects changed, for the change log (see [`Change::changed`]).
    changed: Vec<ObjectChange>,
    notices: CommitNotices,
}

impl<D: Dialect> Change<D> {
    /// Notes that the change touches `kind` `name` of `tenant_id`: it gets
    /// a change-log record (a revision) when the change commits.
    fn changed(&mut self, kind: ObjectKind, tenant_id: &str, name: &str, op: ChangeOp) {
        self.changed.push(ObjectChange::new(kind, tenant_id, name, op));
    }

    /// Ends the sessions of `cut` in this change's transaction, and logs
    /// them with it.
    async fn end_sessions(&mut self, cut: &SessionCut) -> Result<()> {
        sessions::end_cut::<D>(&mut self.tx, cut, crate::domain::now()).await?;
        self.changed.push(cut.change());
        Ok(())
    }

    /// Notes that the lists `lists` of `tenant_id` lost a member.
    fn lists_modified(&mut self, tenant_id: &str, lists: Vec<String>) {
        self.changed.extend(lists_modified(tenant_id, lists));
    }

    /// Records `event` in the change's transaction (a change recording
    /// several events, such as a purge, records all but the last this way).
    async fn record(&mut self, event: &AuditEvent) -> Result<()> {
        audit::insert::<D>(&mut self.tx, event).await
    }

    /// Gives the change up.
    async fn rollback(self) -> Result<()> {
        self.tx.rollback().await.map_err(db_error::<D>)
    }

    /// Records `event` and the change-log records, commits, and publishes
    /// the records to this process.
    async fn commit(mut self, event: &AuditEvent) -> Result<()> {
        self.record(event).await?;
        let records = changes::append::<D>(&mut self.tx, &self.changed, event.at).await?;
        self.tx.commit().await.map_err(db_error::<D>)?;
        self.notices.published(&records);
        Ok(())
    }
}

impl<D: Database> Deref for Change<D> {
    type Target = D::Connection;
    fn deref(&self) -> &D::Connection {
        &self.tx
    }
}

impl<D: Database> DerefMut for Change<D> {
    fn deref_mut(&mut self) -> &mut D::Connection {
        &mut self.tx
    }
}

/// The change-log notes of the lists `lists` of `tenant_id`, modified.
fn lists_modified(tenant_id: &str, lists: Vec<String>) -> impl Iterator<Item = ObjectChange> + '_ {
    lists.into_iter().map(move |list| ObjectChange::new(ObjectKind::MailList, tenant_id, &list, ChangeOp::Modified))
}

/// Rows for [`Dialect::bulk_insert`], column by column.
#[derive(Debug)]
pub struct BulkInsert<'a> {
    /// The table.
    pub table: &'static str,
    /// Each column's name and values; every column has one value per row.
    pub columns: Vec<(&'static str, Column<'a>)>,
    /// Appended to the statement, e.g. ` ON CONFLICT DO NOTHING`.
    pub suffix: &'static str,
}

/// The values of one column of a [`BulkInsert`].
#[derive(Debug)]
pub enum Column<'a> {
    /// `TEXT`.
    Text(Vec<Cow<'a, str>>),
    /// `BIGINT`.
    Int(Vec<i64>),
    /// `INTEGER`.
    Small(Vec<i32>),
    /// Nullable `BIGINT`.
    MaybeInt(Vec<Option<i64>>),
}

impl BulkInsert<'_> {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, column)| column.len())
    }
}

impl Column<'_> {
    /// Appends the value of row `row` as a placeholder.
    fn push_value<D: Dialect>(&self, builder: &mut QueryBuilder<D>, row: usize) {
        use dialect::BuilderExt as _;
        match self {
            Self::Text(values) => builder.arg(values[row].to_string()),
            Self::Int(values) => builder.arg(values[row]),
            Self::Small(values) => builder.arg(values[row]),
            Self::MaybeInt(values) => builder.arg(values[row]),
        };
    }

    /// Number of values.
    fn len(&self) -> usize {
        match self {
            Self::Text(v) => v.len(),
            Self::Int(v) => v.len(),
            Self::Small(v) => v.len(),
            Self::MaybeInt(v) => v.len(),
        }
    }
}

/// `%`, `_` and `\` escaped for a `LIKE … ESCAPE '\'` pattern.
fn like_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A statement of the store (static text with `$N` placeholders, which both
/// databases accept) on the database `D`.
fn query<'q, D: Dialect>(sql: &'static str) -> dialect::Query<'q, D> {
    sqlx::query(sql)
}

/// A statement whose text depends on the dialect (a row lock): SQL built at
/// run time from the store's own fragments, never from input.
fn dynamic<'q, D: Dialect>(sql: String) -> dialect::Query<'q, D> {
    sqlx::query(sqlx::AssertSqlSafe(sql))
}
