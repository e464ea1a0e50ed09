//! User pictures: one row per user in `user_avatars`, keyed by the user's
//! row id, so a picture goes with its user (foreign key cascade).

use async_trait::async_trait;
use sqlx::QueryBuilder;

use super::dialect::{BuilderExt as _, Lock, QueryExt as _, RowExt};
use super::{Dialect, SqlStore, dynamic, query};
use crate::domain::{AuditEvent, ChangeOp, ObjectKind, avatar::Avatar};
use crate::error::{Error, Result};
use crate::ports::AvatarStore;
use crate::store::to_micros;

fn avatar_from_row<R: RowExt>(row: &R) -> Result<Avatar> {
    let side = |column| -> Result<u32> { Ok(u32::try_from(row.small(column)?).unwrap_or_default()) };
    Ok(Avatar {
        jpeg: row.bytes("jpeg")?,
        width: side("width")?,
        height: side("height")?,
        updated_at: row.time("updated_at")?,
    })
}

impl<D: Dialect> SqlStore<D> {
    /// The row id of a live user, its row locked for the change.
    async fn live_user_id(conn: &mut D::Connection, tenant_id: &str, mail: &str) -> Result<i64> {
        let sql = format!(
            "SELECT id FROM users WHERE tenant_id = $1 AND mail = $2 AND deleted_at IS NULL{}",
            D::lock_clause(Lock::Update)
        );
        match dynamic::<D>(sql).arg(tenant_id).arg(mail).maybe_row(conn).await? {
            Some(row) => row.int("id"),
            None => Err(Error::not_found("user", mail)),
        }
    }
}

#[async_trait]
impl<D: Dialect> AvatarStore for SqlStore<D> {
    async fn set_user_avatar(&self, tenant_id: &str, mail: &str, avatar: &Avatar, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let id = Self::live_user_id(&mut tx, tenant_id, mail).await?;
        query::<D>(
            "INSERT INTO user_avatars (user_id, jpeg, width, height, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id) DO UPDATE SET jpeg = excluded.jpeg, width = excluded.width,
               height = excluded.height, updated_at = excluded.updated_at",
        )
        .arg(id)
        .arg(avatar.jpeg.as_slice())
        .arg(i32::try_from(avatar.width).unwrap_or(i32::MAX))
        .arg(i32::try_from(avatar.height).unwrap_or(i32::MAX))
        .arg(to_micros(avatar.updated_at))
        .run(&mut *tx)
        .await?;
        tx.changed(ObjectKind::User, tenant_id, mail, ChangeOp::Modified);
        tx.commit(audit).await
    }

    async fn user_avatar(&self, tenant_id: &str, mail: &str) -> Result<Option<Avatar>> {
        let row = query::<D>(
            "SELECT a.* FROM user_avatars a JOIN users u ON u.id = a.user_id
             WHERE u.tenant_id = $1 AND u.mail = $2 AND u.deleted_at IS NULL",
        )
        .arg(tenant_id)
        .arg(mail)
        .maybe_row(&mut *self.reader().await?)
        .await?;
        row.as_ref().map(avatar_from_row).transpose()
    }

    async fn delete_user_avatar(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<bool> {
        let mut tx = self.change().await?;
        let id = Self::live_user_id(&mut tx, tenant_id, mail).await?;
        if query::<D>("DELETE FROM user_avatars WHERE user_id = $1").arg(id).run(&mut *tx).await? == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.changed(ObjectKind::User, tenant_id, mail, ChangeOp::Modified);
        tx.commit(audit).await?;
        Ok(true)
    }

    async fn user_avatars(&self, tenant_id: &str, mails: &[String]) -> Result<Vec<(String, Avatar)>> {
        let mut found = Vec::new();
        let mut conn = self.reader().await?;
        for chunk in mails.chunks(500) {
            let mut query: QueryBuilder<D> = QueryBuilder::new(
                "SELECT u.mail, a.* FROM user_avatars a JOIN users u ON u.id = a.user_id WHERE u.tenant_id = ",
            );
            query.arg(tenant_id.to_owned()).push(" AND ");
            D::push_in_texts(&mut query, "u.mail", chunk);
            for row in query.build().rows(&mut conn).await? {
                found.push((row.text("mail")?, avatar_from_row(&row)?));
            }
        }
        Ok(found)
    }
}
