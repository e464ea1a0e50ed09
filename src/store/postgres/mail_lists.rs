//! Mailing lists on PostgreSQL: one row per list (keyed by id, so a renamed
//! list keeps its members), one row per member address. Updates lock the
//! list's row and check its revision.

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::{PgConnection, Row, postgres::PgRow};

use super::addresses::{free, reserve_in_domain};
use super::{PostgresStore, db_error, is_unique_violation};
use crate::domain::{AddressKind, AuditEvent, MailList};
use crate::error::{Error, Result};
use crate::ports::MailListStore;
use crate::store::{from_micros, to_micros};

fn list_from_row(row: &PgRow) -> Result<(i64, MailList)> {
    let list = MailList {
        tenant_id: row.try_get("tenant_id").map_err(db_error)?,
        mail: row.try_get("mail").map_err(db_error)?,
        display_name: row.try_get("display_name").map_err(db_error)?,
        members: Vec::new(),
        address_book_visibility: row.try_get("address_book_visibility").map_err(db_error)?,
        internal_only: row.try_get("internal_only").map_err(db_error)?,
        created_at: from_micros(row.try_get("created_at").map_err(db_error)?),
        updated_at: from_micros(row.try_get("updated_at").map_err(db_error)?),
        revision: row.try_get("revision").map_err(db_error)?,
    };
    Ok((row.try_get("id").map_err(db_error)?, list))
}

/// Replaces the members of list `id` with `members`.
async fn write_members(conn: &mut PgConnection, id: i64, members: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM mail_list_members WHERE list_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    sqlx::query("INSERT INTO mail_list_members (list_id, member) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING")
        .bind(id)
        .bind(members)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    Ok(())
}

impl PostgresStore {
    /// Reads lists and their members.
    async fn fetch_lists(&self, rows: Vec<PgRow>) -> Result<Vec<MailList>> {
        let mut lists = rows.iter().map(list_from_row).collect::<Result<Vec<_>>>()?;
        if lists.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = lists.iter().map(|(id, _)| *id).collect();
        let rows = sqlx::query("SELECT list_id, member FROM mail_list_members WHERE list_id = ANY($1) ORDER BY member")
            .bind(&ids)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        let mut by_list: HashMap<i64, Vec<String>> = HashMap::new();
        for row in rows {
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
impl MailListStore for PostgresStore {
    async fn list_mail_lists(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<MailList>> {
        let rows = sqlx::query("SELECT * FROM mail_lists WHERE tenant_id = $1 AND mail > $2 ORDER BY mail LIMIT $3")
            .bind(tenant_id)
            .bind(after.unwrap_or(""))
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        self.fetch_lists(rows).await
    }

    async fn count_mail_lists(&self, tenant_id: &str) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_lists WHERE tenant_id = $1")
            .bind(tenant_id)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(n as u64)
    }

    async fn get_mail_list(&self, tenant_id: &str, mail: &str) -> Result<Option<MailList>> {
        let rows = sqlx::query("SELECT * FROM mail_lists WHERE tenant_id = $1 AND mail = $2")
            .bind(tenant_id)
            .bind(mail)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(self.fetch_lists(rows).await?.pop())
    }

    async fn create_mail_list(&self, list: &MailList, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        reserve_in_domain(&mut tx, &list.mail, &list.tenant_id, AddressKind::MailList, &list.mail).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mail_lists (tenant_id, mail, display_name, address_book_visibility, internal_only, created_at,
               updated_at, revision)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id",
        )
        .bind(&list.tenant_id)
        .bind(&list.mail)
        .bind(&list.display_name)
        .bind(list.address_book_visibility)
        .bind(list.internal_only)
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
        let mut tx = self.begin().await?;
        let current: Option<(i64, i64)> =
            sqlx::query_as("SELECT id, revision FROM mail_lists WHERE tenant_id = $1 AND mail = $2 FOR UPDATE")
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
            // Memberships of the old address in the tenant's lists follow the list.
            sqlx::query(
                "INSERT INTO mail_list_members (list_id, member)
                 SELECT list_id, $3 FROM mail_list_members
                 WHERE member = $2 AND list_id IN (SELECT id FROM mail_lists WHERE tenant_id = $1)
                 ON CONFLICT DO NOTHING",
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
            "UPDATE mail_lists SET mail = $1, display_name = $2, address_book_visibility = $3, internal_only = $4,
               updated_at = $5, revision = $6
             WHERE id = $7",
        )
        .bind(&list.mail)
        .bind(&list.display_name)
        .bind(list.address_book_visibility)
        .bind(list.internal_only)
        .bind(to_micros(list.updated_at))
        .bind(revision + 1)
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
        let mut tx = self.begin().await?;
        let done = sqlx::query("DELETE FROM mail_lists WHERE tenant_id = $1 AND mail = $2")
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
