//! Import checkpoints: where an interrupted directory import stopped, so
//! that it can be resumed by id (see [`ImportJournal`]).

use async_trait::async_trait;

use super::dialect::{QueryExt as _, RowExt as _};
use super::{Dialect, SqlStore, query};
use crate::error::Result;
use crate::ports::{ImportCheckpoint, ImportJournal};
use crate::store::to_micros;

#[async_trait]
impl<D: Dialect> ImportJournal for SqlStore<D> {
    async fn save_import(&self, checkpoint: &ImportCheckpoint) -> Result<()> {
        query::<D>(
            "INSERT INTO backup_imports (id, input_sha256, mode, applied, added, replaced, unchanged, done, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET applied = excluded.applied, added = excluded.added,
                 replaced = excluded.replaced, unchanged = excluded.unchanged, done = excluded.done,
                 updated_at = excluded.updated_at",
        )
        .arg(&checkpoint.id)
        .arg(&checkpoint.input_sha256)
        .arg(&checkpoint.mode)
        .arg(checkpoint.applied)
        .arg(checkpoint.added)
        .arg(checkpoint.replaced)
        .arg(checkpoint.unchanged)
        .arg(checkpoint.done)
        .arg(to_micros(checkpoint.updated_at))
        .run(&mut *self.writer().await?)
        .await?;
        Ok(())
    }

    async fn load_import(&self, id: &str) -> Result<Option<ImportCheckpoint>> {
        let row = query::<D>("SELECT * FROM backup_imports WHERE id = $1")
            .arg(id)
            .maybe_row(&mut *self.reader().await?)
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ImportCheckpoint {
            id: row.text("id")?,
            input_sha256: row.text("input_sha256")?,
            mode: row.text("mode")?,
            applied: row.int("applied")?,
            added: row.int("added")?,
            replaced: row.int("replaced")?,
            unchanged: row.int("unchanged")?,
            done: row.flag("done")?,
            updated_at: row.time("updated_at")?,
        }))
    }
}
