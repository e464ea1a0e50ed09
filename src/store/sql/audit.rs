//! The audit trail: one row per event, written inside the transaction of the
//! change it records (see [`insert`]), read newest first, and claimed for the
//! CEF export so that with several replicas each event is exported once.

use async_trait::async_trait;
use sqlx::QueryBuilder;

use super::dialect::{BuilderExt as _, Lock, QueryExt as _, RowExt};
use super::{Dialect, SqlStore, dynamic, query};
use crate::domain::AuditEvent;
use crate::error::Result;
use crate::ports::{AuditLog, AuditQuery, StoredAuditEvent};
use crate::store::to_micros;

fn event_from_row<R: RowExt>(row: &R) -> Result<StoredAuditEvent> {
    let json = |name: &str| -> Result<Option<serde_json::Value>> {
        Ok(row.maybe_text(name)?.and_then(|v| serde_json::from_str(&v).ok()))
    };
    Ok(StoredAuditEvent {
        id: row.int("id")?,
        event: AuditEvent {
            at: row.time("at")?,
            actor: row.text("actor")?,
            actor_tenant: row.text("actor_tenant")?,
            client_addr: row.text("client_addr")?,
            tenant_id: row.text("tenant_id")?,
            rpc: row.text("rpc")?,
            target: row.text("target")?,
            before: json("before")?,
            after: json("after")?,
            result: row.text("result")?,
            detail: row.text("detail")?,
        },
    })
}

/// Inserts an event on a connection (inside the caller's transaction).
pub(super) async fn insert<D: Dialect>(conn: &mut D::Connection, event: &AuditEvent) -> Result<()> {
    query::<D>(
        "INSERT INTO audit_events (at, actor, actor_tenant, client_addr, tenant_id, rpc, target, before, after, result, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .arg(to_micros(event.at))
    .arg(&event.actor)
    .arg(&event.actor_tenant)
    .arg(&event.client_addr)
    .arg(&event.tenant_id)
    .arg(&event.rpc)
    .arg(&event.target)
    .arg(event.before.as_ref().map(|v| v.to_string()))
    .arg(event.after.as_ref().map(|v| v.to_string()))
    .arg(&event.result)
    .arg(&event.detail)
    .run(conn)
    .await?;
    Ok(())
}

#[async_trait]
impl<D: Dialect> AuditLog for SqlStore<D> {
    async fn append(&self, event: &AuditEvent) -> Result<()> {
        insert::<D>(&mut *self.writer().await?, event).await
    }

    async fn list(&self, q: &AuditQuery) -> Result<Vec<StoredAuditEvent>> {
        let mut query: QueryBuilder<D> = QueryBuilder::new("SELECT * FROM audit_events WHERE 1 = 1");
        for (column, value) in [("tenant_id", &q.tenant_id), ("actor", &q.actor), ("target", &q.target)] {
            if let Some(value) = value {
                query.push(format_args!(" AND {column} = ")).arg(value.clone());
            }
        }
        if let Some(since) = q.since {
            query.push(" AND at >= ").arg(to_micros(since));
        }
        if let Some(until) = q.until {
            query.push(" AND at < ").arg(to_micros(until));
        }
        if let Some(before) = q.before_id {
            query.push(" AND id < ").arg(before);
        }
        query.push(" ORDER BY id DESC LIMIT ").arg(q.limit as i64);
        let rows = query.build().rows(&mut *self.reader().await?).await?;
        rows.iter().map(event_from_row).collect()
    }

    async fn claim_for_export(&self, limit: usize) -> Result<Vec<StoredAuditEvent>> {
        // Locked rows are skipped: replicas claiming at once take disjoint events.
        let sql = format!(
            "UPDATE audit_events SET exported = TRUE WHERE id IN (
                 SELECT id FROM audit_events WHERE NOT exported ORDER BY id LIMIT $1{})
             RETURNING *",
            D::lock_clause(Lock::SkipLocked)
        );
        let mut tx = self.begin().await?;
        let rows = dynamic::<D>(sql).arg(limit as i64).rows(&mut *tx).await?;
        tx.commit().await.map_err(super::db_error::<D>)?;
        let mut events = rows.iter().map(event_from_row).collect::<Result<Vec<_>>>()?;
        events.sort_by_key(|e| e.id);
        Ok(events)
    }

    async fn skip_export(&self) -> Result<()> {
        query::<D>("UPDATE audit_events SET exported = TRUE WHERE NOT exported")
            .run(&mut *self.writer().await?)
            .await?;
        Ok(())
    }
}
