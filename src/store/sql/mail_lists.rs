//! Mailing lists: one row per list (keyed by id, so a renamed list keeps its
//! members), one row per member address. Updates lock the list's row and
//! check its revision.

use std::{borrow::Cow, collections::HashMap};

use async_trait::async_trait;
use sqlx::QueryBuilder;

use super::addresses::{free, reserve_in_domain};
use super::dialect::{Lock, QueryExt as _, RowExt, bulk_insert, unique_or};
use super::{BulkInsert, Column, Dialect, SqlStore, db_error, dynamic, query};
use crate::domain::{AddressKind, AuditEvent, ChangeOp, MailList, ObjectKind};
use crate::error::{Error, Result};
use crate::ports::MailListStore;
use crate::store::to_micros;

fn list_from_row<R: RowExt>(row: &R) -> Result<(i64, MailList)> {
    let list = MailList {
        tenant_id: row.text("tenant_id")?,
        mail: row.text("mail")?,
        display_name: row.text("display_name")?,
        members: Vec::new(),
        address_book_visibility: row.small("address_book_visibility")?,
        internal_only: row.flag("internal_only")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
        revision: row.int("revision")?,
    };
    Ok((row.int("id")?, list))
}

/// Replaces the members of list `id` with `members`.
async fn write_members<D: Dialect>(conn: &mut D::Connection, id: i64, members: &[String]) -> Result<()> {
    query::<D>("DELETE FROM mail_list_members WHERE list_id = $1").arg(id).run(&mut *conn).await?;
    let insert = BulkInsert {
        table: "mail_list_members",
        columns: vec![
            ("list_id", Column::Int(vec![id; members.len()])),
            ("member", Column::Text(members.iter().map(|m| Cow::Borrowed(m.as_str())).collect())),
        ],
        suffix: " ON CONFLICT DO NOTHING",
    };
    bulk_insert::<D>(conn, &insert).await.map_err(db_error::<D>)
}

impl<D: Dialect> SqlStore<D> {
    /// Reads lists and their members.
    async fn fetch_lists(&self, rows: Vec<D::Row>) -> Result<Vec<MailList>> {
        let mut lists = rows.iter().map(list_from_row).collect::<Result<Vec<_>>>()?;
        if lists.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = lists.iter().map(|(id, _)| *id).collect();
        let mut query: QueryBuilder<D> = QueryBuilder::new("SELECT list_id, member FROM mail_list_members WHERE ");
        D::push_in_ints(&mut query, "list_id", &ids);
        query.push(" ORDER BY member");
        let mut by_list: HashMap<i64, Vec<String>> = HashMap::new();
        for row in query.build().rows(&mut *self.reader().await?).await? {
            by_list.entry(row.int("list_id")?).or_default().push(row.text("member")?);
        }
        for (id, list) in &mut lists {
            list.members = by_list.remove(id).unwrap_or_default();
        }
        Ok(lists.into_iter().map(|(_, list)| list).collect())
    }
}

#[async_trait]
impl<D: Dialect> MailListStore for SqlStore<D> {
    async fn list_mail_lists(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<MailList>> {
        let rows = query::<D>("SELECT * FROM mail_lists WHERE tenant_id = $1 AND mail > $2 ORDER BY mail LIMIT $3")
            .arg(tenant_id)
            .arg(after.unwrap_or(""))
            .arg(limit as i64)
            .rows(&mut *self.reader().await?)
            .await?;
        self.fetch_lists(rows).await
    }

    async fn count_mail_lists(&self, tenant_id: &str) -> Result<u64> {
        query::<D>("SELECT COUNT(*) AS n FROM mail_lists WHERE tenant_id = $1")
            .arg(tenant_id)
            .row(&mut *self.reader().await?)
            .await?
            .count("n")
    }

    async fn get_mail_list(&self, tenant_id: &str, mail: &str) -> Result<Option<MailList>> {
        let rows = query::<D>("SELECT * FROM mail_lists WHERE tenant_id = $1 AND mail = $2")
            .arg(tenant_id)
            .arg(mail)
            .rows(&mut *self.reader().await?)
            .await?;
        Ok(self.fetch_lists(rows).await?.pop())
    }

    async fn create_mail_list(&self, list: &MailList, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        reserve_in_domain::<D>(&mut tx, &list.mail, &list.tenant_id, AddressKind::MailList, &list.mail).await?;
        let created = query::<D>(
            "INSERT INTO mail_lists (tenant_id, mail, display_name, address_book_visibility, internal_only, created_at,
               updated_at, revision, name_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) RETURNING id",
        )
        .arg(&list.tenant_id)
        .arg(&list.mail)
        .arg(&list.display_name)
        .arg(list.address_book_visibility)
        .arg(list.internal_only)
        .arg(to_micros(list.created_at))
        .arg(to_micros(list.updated_at))
        .arg(list.display_name.to_lowercase());
        let id = D::fetch_optional(&mut tx, created)
            .await
            .map_err(|e| unique_or::<D>(e, || Error::already_exists("address", &list.mail)))?
            .ok_or_else(|| Error::internal(anyhow::anyhow!("INSERT … RETURNING answered no row")))?
            .int("id")?;
        write_members::<D>(&mut tx, id, &list.members).await?;
        tx.changed(ObjectKind::MailList, &list.tenant_id, &list.mail, ChangeOp::Added);
        tx.commit(audit).await
    }

    async fn update_mail_list(&self, current_mail: &str, list: &MailList, audit: &AuditEvent) -> Result<MailList> {
        let mut tx = self.change().await?;
        let sql = format!(
            "SELECT id, revision FROM mail_lists WHERE tenant_id = $1 AND mail = $2{}",
            D::lock_clause(Lock::Update)
        );
        let Some(row) = dynamic::<D>(sql).arg(&list.tenant_id).arg(current_mail).maybe_row(&mut *tx).await? else {
            return Err(Error::not_found("mailing list", current_mail));
        };
        let (id, revision) = (row.int("id")?, row.int("revision")?);
        if revision != list.revision {
            return Err(Error::Aborted(format!("mailing list {current_mail}")));
        }
        if list.mail != current_mail {
            reserve_in_domain::<D>(&mut tx, &list.mail, &list.tenant_id, AddressKind::MailList, &list.mail).await?;
            // Memberships of the old address in the tenant's lists follow the list.
            let holding = query::<D>(
                "SELECT mail FROM mail_lists WHERE tenant_id = $1
                 AND id IN (SELECT list_id FROM mail_list_members WHERE member = $2)",
            )
            .arg(&list.tenant_id)
            .arg(current_mail)
            .rows(&mut *tx)
            .await?;
            for row in holding {
                tx.changed(ObjectKind::MailList, &list.tenant_id, &row.text("mail")?, ChangeOp::Modified);
            }
            query::<D>(
                "INSERT INTO mail_list_members (list_id, member)
                 SELECT list_id, $3 FROM mail_list_members
                 WHERE member = $2 AND list_id IN (SELECT id FROM mail_lists WHERE tenant_id = $1)
                 ON CONFLICT DO NOTHING",
            )
            .arg(&list.tenant_id)
            .arg(current_mail)
            .arg(&list.mail)
            .run(&mut *tx)
            .await?;
            let lists = free::<D>(&mut tx, &list.tenant_id, current_mail).await?;
            tx.lists_modified(&list.tenant_id, lists);
        }
        query::<D>(
            "UPDATE mail_lists SET mail = $1, display_name = $2, address_book_visibility = $3, internal_only = $4,
               updated_at = $5, revision = $6, name_key = $8
             WHERE id = $7",
        )
        .arg(&list.mail)
        .arg(&list.display_name)
        .arg(list.address_book_visibility)
        .arg(list.internal_only)
        .arg(to_micros(list.updated_at))
        .arg(revision + 1)
        .arg(id)
        .arg(list.display_name.to_lowercase())
        .run(&mut *tx)
        .await?;
        write_members::<D>(&mut tx, id, &list.members).await?;
        if list.mail == current_mail {
            tx.changed(ObjectKind::MailList, &list.tenant_id, &list.mail, ChangeOp::Modified);
        } else {
            // A new address is a new key: the old one is gone.
            tx.changed(ObjectKind::MailList, &list.tenant_id, current_mail, ChangeOp::Deleted);
            tx.changed(ObjectKind::MailList, &list.tenant_id, &list.mail, ChangeOp::Added);
        }
        tx.commit(audit).await?;
        Ok(MailList { revision: revision + 1, ..list.clone() })
    }

    async fn delete_mail_list(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let deleted = query::<D>("DELETE FROM mail_lists WHERE tenant_id = $1 AND mail = $2")
            .arg(tenant_id)
            .arg(mail)
            .run(&mut *tx)
            .await?;
        if deleted == 0 {
            return Err(Error::not_found("mailing list", mail));
        }
        let lists = free::<D>(&mut tx, tenant_id, mail).await?;
        tx.lists_modified(tenant_id, lists);
        tx.changed(ObjectKind::MailList, tenant_id, mail, ChangeOp::Deleted);
        tx.commit(audit).await
    }
}
