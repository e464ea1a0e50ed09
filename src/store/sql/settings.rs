//! Runtime settings kept in the store (when pbm runs without etcd): one row
//! per key, and a version that moves on with every change so that replicas
//! notice it.

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::dialect::{QueryExt as _, RowExt as _};
use super::{Dialect, SqlStore, db_error, query};
use crate::domain::AuditEvent;
use crate::error::Result;
use crate::ports::SettingsStore;
use crate::store::to_micros;

const VERSION: &str = "SELECT version FROM settings_version WHERE id = 1";
const BUMP: &str = "UPDATE settings_version SET version = version + 1 WHERE id = 1";

#[async_trait]
impl<D: Dialect> SettingsStore for SqlStore<D> {
    async fn load_settings(&self) -> Result<(i64, BTreeMap<String, String>)> {
        let mut tx = self.pools.read.begin().await.map_err(db_error::<D>)?;
        let version = query::<D>(VERSION).row(&mut *tx).await?.int("version")?;
        let rows = query::<D>("SELECT key, value FROM settings").rows(&mut *tx).await?;
        tx.commit().await.map_err(db_error::<D>)?;
        let values = rows.iter().map(|row| Ok((row.text("key")?, row.text("value")?))).collect::<Result<_>>()?;
        Ok((version, values))
    }

    async fn settings_version(&self) -> Result<i64> {
        query::<D>(VERSION).row(&mut *self.reader().await?).await?.int("version")
    }

    async fn put_setting(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        query::<D>(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .arg(key)
        .arg(value)
        .arg(to_micros(audit.at))
        .run(&mut *tx)
        .await?;
        query::<D>(BUMP).run(&mut *tx).await?;
        tx.commit(audit).await
    }

    async fn delete_setting(&self, key: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        query::<D>("DELETE FROM settings WHERE key = $1").arg(key).run(&mut *tx).await?;
        query::<D>(BUMP).run(&mut *tx).await?;
        tx.commit(audit).await
    }
}
