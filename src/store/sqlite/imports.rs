//! Import checkpoints on SQLite: where an interrupted directory import
//! stopped, so that it can be resumed by id (see [`ImportJournal`]).

use async_trait::async_trait;

use super::{SqliteStore, db_error};
use crate::error::Result;
use crate::ports::{ImportCheckpoint, ImportJournal};
use crate::store::{from_micros, to_micros};

type Row = (String, String, String, i64, i64, i64, i64, bool, i64);

#[async_trait]
impl ImportJournal for SqliteStore {
    async fn save_import(&self, checkpoint: &ImportCheckpoint) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO backup_imports (id, input_sha256, mode, applied, added, replaced, unchanged, done, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET applied = excluded.applied, added = excluded.added,
                 replaced = excluded.replaced, unchanged = excluded.unchanged, done = excluded.done,
                 updated_at = excluded.updated_at",
        )
        .bind(&checkpoint.id)
        .bind(&checkpoint.input_sha256)
        .bind(&checkpoint.mode)
        .bind(checkpoint.applied)
        .bind(checkpoint.added)
        .bind(checkpoint.replaced)
        .bind(checkpoint.unchanged)
        .bind(checkpoint.done)
        .bind(to_micros(checkpoint.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn load_import(&self, id: &str) -> Result<Option<ImportCheckpoint>> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, input_sha256, mode, applied, added, replaced, unchanged, done, updated_at
             FROM backup_imports WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await
        .map_err(db_error)?;
        Ok(row.map(|(id, input_sha256, mode, applied, added, replaced, unchanged, done, at)| ImportCheckpoint {
            id,
            input_sha256,
            mode,
            applied,
            added,
            replaced,
            unchanged,
            done,
            updated_at: from_micros(at),
        }))
    }
}
