//! The audit trail on PostgreSQL.

use async_trait::async_trait;
use sqlx::{PgConnection, Postgres, QueryBuilder, Row, postgres::PgRow};

use super::{PostgresStore, db_error};
use crate::domain::AuditEvent;
use crate::error::Result;
use crate::ports::{AuditLog, AuditQuery, StoredAuditEvent};
use crate::store::{from_micros, to_micros};

fn event_from_row(row: &PgRow) -> Result<StoredAuditEvent> {
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
pub(super) async fn insert(conn: &mut PgConnection, event: &AuditEvent) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (at, actor, actor_tenant, client_addr, tenant_id, rpc, target, before, after, result, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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
impl AuditLog for PostgresStore {
    async fn append(&self, event: &AuditEvent) -> Result<()> {
        let mut conn = self.pool.acquire().await.map_err(db_error)?;
        insert(&mut conn, event).await
    }

    async fn list(&self, q: &AuditQuery) -> Result<Vec<StoredAuditEvent>> {
        let mut query: QueryBuilder<Postgres> = QueryBuilder::new("SELECT * FROM audit_events WHERE 1 = 1");
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
        let rows = query.build().fetch_all(&self.pool).await.map_err(db_error)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn claim_for_export(&self, limit: usize) -> Result<Vec<StoredAuditEvent>> {
        // SKIP LOCKED: replicas claiming at once take disjoint events.
        let rows = sqlx::query(
            "UPDATE audit_events SET exported = TRUE WHERE id IN (
                 SELECT id FROM audit_events WHERE NOT exported ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
             RETURNING *",
        )
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let mut events = rows.iter().map(event_from_row).collect::<Result<Vec<_>>>()?;
        events.sort_by_key(|e| e.id);
        Ok(events)
    }

    async fn skip_export(&self) -> Result<()> {
        sqlx::query("UPDATE audit_events SET exported = TRUE WHERE NOT exported")
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }
}
