//! Mailing lists on SQLite: one row per list (keyed by id, so a renamed list
//! keeps its members), one row per member address.

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, sqlite::SqliteRow};

use super::addresses::{free, reserve_in_domain};
use super::{SqliteStore, db_error, is_unique_violation};
use crate::domain::{AddressKind, AuditEvent, MailList};
use crate::error::{Error, Result};
use crate::ports::MailListStore;
use crate::store::{from_micros, to_micros};

fn list_from_row(row: &SqliteRow) -> Result<(i64, MailList)> {
    let list = MailList {
        tenant_id: row.try_get("tenant_id").map_err(db_error)?,
        mail: row.try_get("mail").map_err(db_error)?,
        display_name: row.try_get("display_name").map_err(db_error)?,
        members: Vec::new(),
        address_book_visibility: row.try_get::<i64, _>("address_book_visibility").map_err(db_error)? as i32,
        internal_only: row.try_get::<i64, _>("internal_only").map_err(db_error)? != 0,
        created_at: from_micros(row.try_get("created_at").map_err(db_error)?),
        updated_at: from_micros(row.try_get("updated_at").map_err(db_error)?),
        revision: row.try_get("revision").map_err(db_error)?,
    };
    Ok((row.try_get("id").map_err(db_error)?, list))
}

/// Replaces the members of list `id` with `members`.
async fn write_members(conn: &mut SqliteConnection, id: i64, members: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM mail_list_members WHERE list_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    for chunk in members.chunks(400) {
        let mut query: QueryBuilder<Sqlite> =
            QueryBuilder::new("INSERT OR IGNORE INTO mail_list_members (list_id, member) ");
        query.push_values(chunk, |mut row, member| {
            row.push_bind(id).push_bind(member.clone());
        });
        query.build().execute(&mut *conn).await.map_err(db_error)?;
    }
    Ok(())
}

impl SqliteStore {
    /// Reads lists and their members.
    async fn fetch_lists(&self, rows: Vec<SqliteRow>) -> Result<Vec<MailList>> {
        let mut lists = rows.iter().map(list_from_row).collect::<Result<Vec<_>>>()?;
        if lists.is_empty() {
            return Ok(Vec::new());
        }
        let mut query: QueryBuilder<Sqlite> =
            QueryBuilder::new("SELECT list_id, member FROM mail_list_members WHERE list_id IN (");
        let mut ids = query.separated(", ");
        for (id, _) in &lists {
            ids.push_bind(*id);
        }
        query.push(") ORDER BY member");
        let mut by_list: HashMap<i64, Vec<String>> = HashMap::new();
        for row in query.build().fetch_all(&self.read).await.map_err(db_error)? {
            by_list
                .entry(row.try_get("list_id").map_err(db_error)?)
                .or_default()
                .push(row.try_get("member").map_err(db_error)?);
        }
        for (id, list) in &mut lists {
            list.members = by_list.remove(id).unwrap_or_default();
        }
        Ok(lists.into_iter().map(|(_, list)| list).collect())
    }
}

#[async_trait]
impl MailListStore for SqliteStore {
    async fn list_mail_lists(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<MailList>> {
        let rows = sqlx::query("SELECT * FROM mail_lists WHERE tenant_id = ? AND mail > ? ORDER BY mail LIMIT ?")
            .bind(tenant_id)
            .bind(after.unwrap_or(""))
            .bind(limit as i64)
            .fetch_all(&self.read)
            .await
            .map_err(db_error)?;
        self.fetch_lists(rows).await
    }

    async fn count_mail_lists(&self, tenant_id: &str) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_lists WHERE tenant_id = ?")
            .bind(tenant_id)
            .fetch_one(&self.read)
            .await
            .map_err(db_error)?;
        Ok(n as u64)
    }

    async fn get_mail_list(&self, tenant_id: &str, mail: &str) -> Result<Option<MailList>> {
        let rows = sqlx::query("SELECT * FROM mail_lists WHERE tenant_id = ? AND mail = ?")
            .bind(tenant_id)
            .bind(mail)
            .fetch_all(&self.read)
            .await
            .map_err(db_error)?;
        Ok(self.fetch_lists(rows).await?.pop())
    }

    async fn create_mail_list(&self, list: &MailList, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
        reserve_in_domain(&mut tx, &list.mail, &list.tenant_id, AddressKind::MailList, &list.mail).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mail_lists (tenant_id, mail, display_name, address_book_visibility, internal_only, created_at,
               updated_at, revision)
             VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
        )
        .bind(&list.tenant_id)
        .bind(&list.mail)
        .bind(&list.display_name)
        .bind(list.address_book_visibility)
        .bind(i64::from(list.internal_only))
        .bind(to_micros(list.created_at))
        .bind(to_micros(list.updated_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) { Error::already_exists("address", &list.mail) } else { db_error(e) }
        })?;
        write_members(&mut tx, id, &list.members).await?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn update_mail_list(&self, current_mail: &str, list: &MailList, audit: &AuditEvent) -> Result<MailList> {
        let mut tx = self.begin_write().await?;
        let current: Option<(i64, i64)> =
            sqlx::query_as("SELECT id, revision FROM mail_lists WHERE tenant_id = ? AND mail = ?")
                .bind(&list.tenant_id)
                .bind(current_mail)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
        let Some((id, revision)) = current else { return Err(Error::not_found("mailing list", current_mail)) };
        if revision != list.revision {
            return Err(Error::Aborted(format!("mailing list {current_mail}")));
        }
        if list.mail != current_mail {
            reserve_in_domain(&mut tx, &list.mail, &list.tenant_id, AddressKind::MailList, &list.mail).await?;
            // Memberships of the old address in the tenant's other lists follow the list.
            sqlx::query(
                "UPDATE mail_lists SET revision = revision + 1
                 WHERE tenant_id = ?1 AND id <> ?3 AND id IN (SELECT list_id FROM mail_list_members WHERE member = ?2)",
            )
            .bind(&list.tenant_id)
            .bind(current_mail)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
            sqlx::query(
                "UPDATE OR IGNORE mail_list_members SET member = ?3
                 WHERE member = ?2 AND list_id IN (SELECT id FROM mail_lists WHERE tenant_id = ?1)",
            )
            .bind(&list.tenant_id)
            .bind(current_mail)
            .bind(&list.mail)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
            free(&mut tx, &list.tenant_id, current_mail).await?;
        }
        sqlx::query(
            "UPDATE mail_lists SET mail = ?, display_name = ?, address_book_visibility = ?, internal_only = ?,
               updated_at = ?, revision = revision + 1
             WHERE id = ?",
        )
        .bind(&list.mail)
        .bind(&list.display_name)
        .bind(list.address_book_visibility)
        .bind(i64::from(list.internal_only))
        .bind(to_micros(list.updated_at))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        write_members(&mut tx, id, &list.members).await?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(MailList { revision: revision + 1, ..list.clone() })
    }

    async fn delete_mail_list(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM mail_lists WHERE tenant_id = ? AND mail = ?")
            .bind(tenant_id)
            .bind(mail)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("mailing list", mail));
        }
        free(&mut tx, tenant_id, mail).await?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }
}
