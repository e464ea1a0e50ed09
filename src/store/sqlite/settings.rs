//! Runtime settings on SQLite (used when pbm runs without etcd).

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::{SqliteStore, db_error};
use crate::domain::AuditEvent;
use crate::error::Result;
use crate::ports::SettingsStore;
use crate::store::to_micros;

#[async_trait]
impl SettingsStore for SqliteStore {
    async fn load_settings(&self) -> Result<(i64, BTreeMap<String, String>)> {
        let mut tx = self.read.begin().await.map_err(db_error)?;
        let version: i64 = sqlx::query_scalar("SELECT version FROM settings_version WHERE id = 1")
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?;
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM settings").fetch_all(&mut *tx).await.map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok((version, rows.into_iter().collect()))
    }

    async fn settings_version(&self) -> Result<i64> {
        sqlx::query_scalar("SELECT version FROM settings_version WHERE id = 1")
            .fetch_one(&self.read)
            .await
            .map_err(db_error)
    }

    async fn put_setting(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(to_micros(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query("UPDATE settings_version SET version = version + 1 WHERE id = 1")
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn delete_setting(&self, key: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM settings WHERE key = ?").bind(key).execute(&mut *tx).await.map_err(db_error)?;
        sqlx::query("UPDATE settings_version SET version = version + 1 WHERE id = 1")
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }
}
