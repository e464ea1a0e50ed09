//! The change log in SQL (migration 0010): [`append`] gives the changes of a
//! transaction their revisions and writes them inside it; the [`ChangeLog`]
//! port reads them back in order, prunes them, and keeps the write-ahead
//! intents of an LDAP directory beside it, and the pauses of those writes
//! that a list takes across replicas (`write_pauses`, migration 0018): an
//! intent of a paused tenant waits, and the pause and the intents are
//! ordered by [`Dialect::write_pause_lock`].
//!
//! Revisions come from the one row of `change_revision`, updated as the last
//! statement before the commit. On PostgreSQL its row lock is held until the
//! commit, so transactions take revisions in the order they commit: a reader
//! that sees revision N sees every revision below it, and polling "after the
//! last revision seen" misses nothing. SQLite has one writer at a time.

use std::borrow::Cow;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::dialect::{BuilderExt as _, QueryExt as _, RowExt, bulk_insert};
use super::sessions::end_cut;
use super::{BulkInsert, Column, Dialect, SqlStore, db_error, query};
use crate::domain::{AuditEvent, ChangeOp, ChangeRecord, ObjectChange, ObjectKind, Revisions, SessionCut, WriteMark};
use crate::error::{Error, Result};
use crate::ports::ChangeLog;
use crate::store::to_micros;

/// How often an intent held back by a pause of its tenant's writes looks
/// again: a pause lasts as long as a list's read, milliseconds.
const PAUSED_WRITE_POLL: std::time::Duration = std::time::Duration::from_millis(5);

/// Gives `changes` their revisions and writes them to the log, inside the
/// caller's transaction; run it last before the commit (it takes the
/// revision row's lock). Answers the records as committed.
pub(super) async fn append<D: Dialect>(
    conn: &mut D::Connection,
    changes: &[ObjectChange],
    at: DateTime<Utc>,
) -> Result<Vec<ChangeRecord>> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let count = i64::try_from(changes.len()).map_err(Error::internal)?;
    let latest = query::<D>("UPDATE change_revision SET latest = latest + $1 WHERE id = 1 RETURNING latest")
        .arg(count)
        .row(conn)
        .await?
        .int("latest")?;
    let first = latest - count + 1;
    let records: Vec<ChangeRecord> = changes
        .iter()
        .zip(first..)
        .map(|(change, revision)| ChangeRecord { revision, at, change: change.clone() })
        .collect();
    bulk_insert::<D>(conn, &log_rows(&records)).await.map_err(db_error::<D>)?;
    Ok(records)
}

/// The `change_log` rows of `records`.
fn log_rows(records: &[ChangeRecord]) -> BulkInsert<'_> {
    let text = |f: fn(&ChangeRecord) -> &str| Column::Text(records.iter().map(|r| Cow::Borrowed(f(r))).collect());
    BulkInsert {
        table: "change_log",
        columns: vec![
            ("revision", Column::Int(records.iter().map(|r| r.revision).collect())),
            ("at", Column::Int(records.iter().map(|r| to_micros(r.at)).collect())),
            ("tenant_id", text(|r| &r.change.tenant_id)),
            ("kind", text(|r| r.change.kind.as_str())),
            ("name", text(|r| &r.change.name)),
            ("op", Column::Small(records.iter().map(|r| r.change.op.code()).collect())),
        ],
        suffix: "",
    }
}

/// The change of a `change_log` or `change_intents` row.
fn change_of<R: RowExt>(row: &R) -> Result<ObjectChange> {
    let kind = row.text("kind")?;
    let op = row.small("op")?;
    Ok(ObjectChange {
        tenant_id: row.text("tenant_id")?,
        kind: ObjectKind::from_name(&kind)
            .ok_or_else(|| Error::internal(anyhow::anyhow!("change log: unknown kind {kind}")))?,
        name: row.text("name")?,
        op: ChangeOp::from_code(op).ok_or_else(|| Error::internal(anyhow::anyhow!("change log: unknown op {op}")))?,
    })
}

#[async_trait]
impl<D: Dialect> ChangeLog for SqlStore<D> {
    async fn changes_after(&self, revision: i64, limit: usize) -> Result<Vec<ChangeRecord>> {
        let rows = query::<D>(
            "SELECT revision, at, tenant_id, kind, name, op FROM change_log WHERE revision > $1
             ORDER BY revision LIMIT $2",
        )
        .arg(revision)
        .arg(i64::try_from(limit).unwrap_or(i64::MAX))
        .rows(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ChangeRecord { revision: row.int("revision")?, at: row.time("at")?, change: change_of(row)? })
            })
            .collect()
    }

    async fn revisions(&self) -> Result<Revisions> {
        let row = query::<D>("SELECT latest, pruned_through FROM change_revision WHERE id = 1")
            .row(&mut *self.reader().await?)
            .await?;
        Ok(Revisions { latest: row.int("latest")?, pruned_through: row.int("pruned_through")? })
    }

    async fn write_mark(&self, tenant: Option<&str>, since: Option<i64>) -> Result<WriteMark> {
        // One statement: one snapshot of both tables, where a completed
        // intent is a record and an open one is not yet. Only directory
        // objects count (ObjectKind::DIRECTORY): what ended sessions or
        // changed service accounts is in no list of the directory.
        static WRITE_MARK: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let kinds: Vec<String> = ObjectKind::DIRECTORY.iter().map(|kind| format!("'{}'", kind.as_str())).collect();
            let kinds = kinds.join(", ");
            format!(
                "SELECT latest,
                    (SELECT COUNT(*) FROM (SELECT 1 FROM change_intents WHERE ($1 = '' OR tenant_id = $1)
                        AND kind IN ({kinds}) LIMIT 1) AS i) AS open,
                    (SELECT COUNT(*) FROM (SELECT 1 FROM change_log WHERE revision > $2 AND ($1 = '' OR tenant_id = $1)
                        AND kind IN ({kinds}) LIMIT 1) AS r) AS recorded
                 FROM change_revision WHERE id = 1"
            )
        });
        let row = query::<D>(WRITE_MARK.as_str())
            .arg(tenant.unwrap_or(""))
            .arg(since.unwrap_or(i64::MAX))
            .row(&mut *self.reader().await?)
            .await?;
        Ok(WriteMark { latest: row.int("latest")?, busy: row.int("open")? > 0 || row.int("recorded")? > 0 })
    }

    async fn prune_changes(&self, before: DateTime<Utc>, limit: usize) -> Result<u64> {
        let mut tx = self.begin().await?;
        let newest = query::<D>(
            "SELECT MAX(revision) AS newest FROM (SELECT revision FROM change_log WHERE at < $1 ORDER BY revision LIMIT $2) AS old",
        )
        .arg(to_micros(before))
        .arg(i64::try_from(limit).unwrap_or(i64::MAX))
        .row(&mut *tx)
        .await?
        .maybe_int("newest")?;
        let Some(newest) = newest else {
            return Ok(0);
        };
        let pruned = query::<D>("DELETE FROM change_log WHERE revision <= $1").arg(newest).run(&mut *tx).await?;
        query::<D>("UPDATE change_revision SET pruned_through = $1 WHERE id = 1 AND pruned_through < $1")
            .arg(newest)
            .run(&mut *tx)
            .await?;
        tx.commit().await.map_err(db_error::<D>)?;
        Ok(pruned)
    }

    async fn intend_changes(
        &self,
        intent: &str,
        changes: &[ObjectChange],
        cuts: &[SessionCut],
        at: DateTime<Utc>,
    ) -> Result<()> {
        let changes: Vec<ObjectChange> = changes.iter().cloned().chain(cuts.iter().map(SessionCut::change)).collect();
        if changes.is_empty() {
            return Ok(());
        }
        let text = |f: fn(&ObjectChange) -> &str| Column::Text(changes.iter().map(|c| Cow::Borrowed(f(c))).collect());
        let rows = BulkInsert {
            table: "change_intents",
            columns: vec![
                ("intent", Column::Text(vec![Cow::Borrowed(intent); changes.len()])),
                ("at", Column::Int(vec![to_micros(at); changes.len()])),
                ("tenant_id", text(|c| &c.tenant_id)),
                ("kind", text(|c| c.kind.as_str())),
                ("name", text(|c| &c.name)),
                ("op", Column::Small(changes.iter().map(|c| c.op.code()).collect())),
            ],
            suffix: "",
        };
        let mut tenants: Vec<String> = changes.iter().map(|c| c.tenant_id.clone()).collect();
        tenants.sort();
        tenants.dedup();
        loop {
            let mut tx = self.begin().await?;
            if let Some(lock) = D::write_pause_lock(true) {
                query::<D>(lock).run(&mut *tx).await?;
            }
            let mut paused: QueryBuilder<D> =
                QueryBuilder::new("SELECT COUNT(*) AS paused FROM write_pauses WHERE until > ");
            paused.arg(to_micros(crate::domain::now())).push(" AND (tenant_id = '' OR ");
            D::push_in_texts(&mut paused, "tenant_id", &tenants);
            paused.push(")");
            if paused.build().row(&mut *tx).await?.count("paused")? > 0 {
                tx.rollback().await.map_err(db_error::<D>)?;
                tokio::time::sleep(PAUSED_WRITE_POLL).await;
                continue;
            }
            bulk_insert::<D>(&mut tx, &rows).await.map_err(db_error::<D>)?;
            for cut in cuts {
                end_cut::<D>(&mut tx, cut, at).await?;
            }
            return tx.commit().await.map_err(db_error::<D>);
        }
    }

    async fn pause_writes(&self, tenant: Option<&str>, until: DateTime<Utc>) -> Result<String> {
        let pause = crate::store::new_id();
        let mut tx = self.begin().await?;
        if let Some(lock) = D::write_pause_lock(false) {
            query::<D>(lock).run(&mut *tx).await?;
        }
        // Pauses left by a replica that died mid-list lapsed: they go.
        query::<D>("DELETE FROM write_pauses WHERE until <= $1")
            .arg(to_micros(crate::domain::now()))
            .run(&mut *tx)
            .await?;
        query::<D>("INSERT INTO write_pauses (pause, tenant_id, until) VALUES ($1, $2, $3)")
            .arg(pause.as_str())
            .arg(tenant.unwrap_or(""))
            .arg(to_micros(until))
            .run(&mut *tx)
            .await?;
        tx.commit().await.map_err(db_error::<D>)?;
        Ok(pause)
    }

    async fn resume_writes(&self, pause: &str) -> Result<()> {
        query::<D>("DELETE FROM write_pauses WHERE pause = $1").arg(pause).run(&mut *self.writer().await?).await?;
        Ok(())
    }

    async fn complete_changes(
        &self,
        intent: &str,
        changes: &[ObjectChange],
        cuts: &[SessionCut],
        event: &AuditEvent,
    ) -> Result<Vec<ChangeRecord>> {
        let mut tx = self.begin().await?;
        query::<D>("DELETE FROM change_intents WHERE intent = $1").arg(intent).run(&mut *tx).await?;
        super::audit::insert::<D>(&mut tx, event).await?;
        let now = crate::domain::now();
        for cut in cuts {
            end_cut::<D>(&mut tx, cut, now).await?;
        }
        let changes: Vec<ObjectChange> = changes.iter().cloned().chain(cuts.iter().map(SessionCut::change)).collect();
        let records = append::<D>(&mut tx, &changes, now).await?;
        tx.commit().await.map_err(db_error::<D>)?;
        self.notices.published(&records);
        Ok(records)
    }

    async fn settle_intent(&self, intent: &str, cuts: &[SessionCut]) -> Result<Vec<ChangeRecord>> {
        self.record_intents(Some(intent), None, cuts).await
    }

    async fn recover_intents(&self, older_than: DateTime<Utc>) -> Result<Vec<ChangeRecord>> {
        self.record_intents(None, Some(older_than), &[]).await
    }
}

impl<D: Dialect> SqlStore<D> {
    /// Records the changes of intent `intent`, or of the intents older than
    /// `older_than`, as modified objects (whether their writes happened is
    /// not known), and publishes them. The sessions an intent was to end
    /// are ended: as in `known_cuts` when it names the account (a settled
    /// intent: its kept session stays), all of them otherwise (recovered).
    async fn record_intents(
        &self,
        intent: Option<&str>,
        older_than: Option<DateTime<Utc>>,
        known_cuts: &[SessionCut],
    ) -> Result<Vec<ChangeRecord>> {
        let mut tx = self.begin().await?;
        let rows = query::<D>(
            "SELECT intent, tenant_id, kind, name, op FROM change_intents WHERE intent = $1 OR at < $2
             ORDER BY intent, tenant_id, kind, name",
        )
        .arg(intent.unwrap_or(""))
        .arg(older_than.map_or(i64::MIN, to_micros))
        .rows(&mut *tx)
        .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut intents: Vec<String> = Vec::new();
        let mut changes: Vec<ObjectChange> = Vec::new();
        for row in &rows {
            let intent = row.text("intent")?;
            if intents.last() != Some(&intent) {
                intents.push(intent);
            }
            // Whether the LDAP write happened is not known: the object is
            // named as modified, and a reader reads what it is now. The
            // sessions the write was to end are ended again (those opened
            // since its intent; after a crash the kept one too, which the
            // intent does not name).
            let change = ObjectChange { op: ChangeOp::Modified, ..change_of(row)? };
            if change.kind == ObjectKind::AccountSessions {
                let cut = known_cuts.iter().find(|cut| cut.account == change.name);
                let cut = cut.cloned().unwrap_or_else(|| SessionCut::all(&change.name));
                end_cut::<D>(&mut tx, &cut, crate::domain::now()).await?;
            }
            if !changes.contains(&change) {
                changes.push(change);
            }
        }
        for intent in &intents {
            query::<D>("DELETE FROM change_intents WHERE intent = $1").arg(intent).run(&mut *tx).await?;
        }
        let records = append::<D>(&mut tx, &changes, crate::domain::now()).await?;
        tx.commit().await.map_err(db_error::<D>)?;
        self.notices.published(&records);
        Ok(records)
    }
}
