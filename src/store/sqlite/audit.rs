//! The audit trail on SQLite.

use async_trait::async_trait;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, sqlite::SqliteRow};

use super::{SqliteStore, db_error};
use crate::domain::AuditEvent;
use crate::error::Result;
use crate::ports::{AuditLog, AuditQuery, StoredAuditEvent};
use crate::store::{from_micros, to_micros};

fn event_from_row(row: &SqliteRow) -> Result<StoredAuditEvent> {
    let text = |name: &str| -> Result<String> { row.try_get(name).map_err(db_error) };
    let json = |name: &str| -> Result<Option<serde_json::Value>> {
        let value: Option<String> = row.try_get(name).map_err(db_error)?;
        Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
    };
    Ok(StoredAuditEvent {
        id: row.try_get("id").map_err(db_error)?,
        event: AuditEvent {
            at: from_micros(row.try_get("at").map_err(db_error)?),
            actor: text("actor")?,
            actor_tenant: text("actor_tenant")?,
            client_addr: text("client_addr")?,
            tenant_id: text("tenant_id")?,
            rpc: text("rpc")?,
            target: text("target")?,
            before: json("before")?,
            after: json("after")?,
            result: text("result")?,
            detail: text("detail")?,
        },
    })
}

/// Inserts an event on a connection (inside the caller's transaction).
pub(super) async fn insert(conn: &mut SqliteConnection, event: &AuditEvent) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (at, actor, actor_tenant, client_addr, tenant_id, rpc, target, before, after, result, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(to_micros(event.at))
    .bind(&event.actor)
    .bind(&event.actor_tenant)
    .bind(&event.client_addr)
    .bind(&event.tenant_id)
    .bind(&event.rpc)
    .bind(&event.target)
    .bind(event.before.as_ref().map(|v| v.to_string()))
    .bind(event.after.as_ref().map(|v| v.to_string()))
    .bind(&event.result)
    .bind(&event.detail)
    .execute(conn)
    .await
    .map_err(db_error)?;
    Ok(())
}

#[async_trait]
impl AuditLog for SqliteStore {
    async fn append(&self, event: &AuditEvent) -> Result<()> {
        let mut conn = self.write.acquire().await.map_err(db_error)?;
        insert(&mut conn, event).await
    }

    async fn list(&self, q: &AuditQuery) -> Result<Vec<StoredAuditEvent>> {
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT * FROM audit_events WHERE 1 = 1");
        for (column, value) in [("tenant_id", &q.tenant_id), ("actor", &q.actor), ("target", &q.target)] {
            if let Some(value) = value {
                query.push(format_args!(" AND {column} = "));
                query.push_bind(value.clone());
            }
        }
        if let Some(since) = q.since {
            query.push(" AND at >= ");
            query.push_bind(to_micros(since));
        }
        if let Some(until) = q.until {
            query.push(" AND at < ");
            query.push_bind(to_micros(until));
        }
        if let Some(before) = q.before_id {
            query.push(" AND id < ");
            query.push_bind(before);
        }
        query.push(" ORDER BY id DESC LIMIT ");
        query.push_bind(q.limit as i64);
        let rows = query.build().fetch_all(&self.read).await.map_err(db_error)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn claim_for_export(&self, limit: usize) -> Result<Vec<StoredAuditEvent>> {
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query("SELECT * FROM audit_events WHERE exported = 0 ORDER BY id LIMIT ?")
            .bind(limit as i64)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_error)?;
        let events = rows.iter().map(event_from_row).collect::<Result<Vec<_>>>()?;
        if let Some(last) = events.last() {
            sqlx::query("UPDATE audit_events SET exported = 1 WHERE exported = 0 AND id <= ?")
                .bind(last.id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(events)
    }

    async fn skip_export(&self) -> Result<()> {
        sqlx::query("UPDATE audit_events SET exported = 1 WHERE exported = 0")
            .execute(&self.write)
            .await
            .map_err(db_error)?;
        Ok(())
    }
}
