//! The audit trail on SQLite.

use async_trait::async_trait;
use sqlx::SqliteConnection;

use super::{SqliteStore, db_error};
use crate::domain::AuditEvent;
use crate::error::Result;
use crate::ports::AuditLog;
use crate::store::to_micros;

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
}
