//! External contacts (migration 0012) and the address-book search: one row
//! per contact, unique by (tenant, address), phones kept as a JSON array;
//! the search is one `UNION ALL` over the live users, resources, lists and
//! contacts of a tenant, each branch reading its own (tenant, name key,
//! address) index up to the page size, so a page costs four short index
//! scans whatever the tenant's size.

use async_trait::async_trait;
use sqlx::QueryBuilder;

use super::dialect::{BuilderExt as _, Lock, QueryExt as _, RowExt, constraint_or, unique_or};
use super::{Dialect, SqlStore, dynamic, like_escape, query};
use crate::domain::{AuditEvent, BookEntry, BookQuery, ChangeOp, Contact, EntryKind, ObjectKind};
use crate::error::{Error, Result};
use crate::ports::{AddressBookStore, ContactStore};
use crate::store::to_micros;

fn contact_from_row<R: RowExt>(row: &R) -> Result<Contact> {
    Ok(Contact {
        tenant_id: row.text("tenant_id")?,
        mail: row.text("mail")?,
        name: row.text("name")?,
        phones: serde_json::from_str(&row.text("phones")?).map_err(Error::internal)?,
        title: row.text("title")?,
        department: row.text("department")?,
        office: row.text("office")?,
        street: row.text("street")?,
        city: row.text("city")?,
        address_book_visibility: row.small("address_book_visibility")?,
        source: row.text("source")?,
        source_id: row.text("source_id")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
        revision: row.int("revision")?,
    })
}

fn phones_json(contact: &Contact) -> Result<String> {
    serde_json::to_string(&contact.phones).map_err(Error::internal)
}

#[async_trait]
impl<D: Dialect> ContactStore for SqlStore<D> {
    async fn list_contacts(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<Contact>> {
        let rows = query::<D>("SELECT * FROM contacts WHERE tenant_id = $1 AND mail > $2 ORDER BY mail LIMIT $3")
            .arg(tenant_id)
            .arg(after.unwrap_or(""))
            .arg(limit as i64)
            .rows(&mut *self.reader().await?)
            .await?;
        rows.iter().map(contact_from_row).collect()
    }

    async fn count_contacts(&self, tenant_id: &str) -> Result<u64> {
        query::<D>("SELECT COUNT(*) AS n FROM contacts WHERE tenant_id = $1")
            .arg(tenant_id)
            .row(&mut *self.reader().await?)
            .await?
            .count("n")
    }

    async fn get_contact(&self, tenant_id: &str, mail: &str) -> Result<Option<Contact>> {
        query::<D>("SELECT * FROM contacts WHERE tenant_id = $1 AND mail = $2")
            .arg(tenant_id)
            .arg(mail)
            .maybe_row(&mut *self.reader().await?)
            .await?
            .as_ref()
            .map(contact_from_row)
            .transpose()
    }

    async fn contacts_of_source(&self, tenant_id: &str, source: &str) -> Result<Vec<Contact>> {
        let rows = query::<D>("SELECT * FROM contacts WHERE tenant_id = $1 AND source = $2 ORDER BY mail")
            .arg(tenant_id)
            .arg(source)
            .rows(&mut *self.reader().await?)
            .await?;
        rows.iter().map(contact_from_row).collect()
    }

    async fn create_contact(&self, contact: &Contact, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        query::<D>(
            "INSERT INTO contacts (tenant_id, mail, name, name_key, phones, title, department, office, street, city,
               address_book_visibility, source, source_id, created_at, updated_at, revision)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1)",
        )
        .arg(&contact.tenant_id)
        .arg(&contact.mail)
        .arg(&contact.name)
        .arg(contact.name_key())
        .arg(phones_json(contact)?)
        .arg(&contact.title)
        .arg(&contact.department)
        .arg(&contact.office)
        .arg(&contact.street)
        .arg(&contact.city)
        .arg(contact.address_book_visibility)
        .arg(&contact.source)
        .arg(&contact.source_id)
        .arg(to_micros(contact.created_at))
        .arg(to_micros(contact.updated_at))
        .try_run(&mut *tx)
        .await
        .map_err(|e| {
            constraint_or::<D>(
                e,
                || Error::already_exists("contact", &contact.mail),
                || Error::not_found("tenant", &contact.tenant_id),
            )
        })?;
        tx.changed(ObjectKind::Contact, &contact.tenant_id, &contact.mail, ChangeOp::Added);
        tx.commit(audit).await
    }

    async fn update_contact(&self, current_mail: &str, contact: &Contact, audit: &AuditEvent) -> Result<Contact> {
        let mut tx = self.change().await?;
        let sql = format!(
            "SELECT id, revision FROM contacts WHERE tenant_id = $1 AND mail = $2{}",
            D::lock_clause(Lock::Update)
        );
        let Some(row) = dynamic::<D>(sql).arg(&contact.tenant_id).arg(current_mail).maybe_row(&mut *tx).await? else {
            return Err(Error::not_found("contact", current_mail));
        };
        let (id, revision) = (row.int("id")?, row.int("revision")?);
        if revision != contact.revision {
            return Err(Error::Aborted(format!("contact {current_mail}")));
        }
        query::<D>(
            "UPDATE contacts SET mail = $1, name = $2, name_key = $3, phones = $4, title = $5, department = $6,
               office = $7, street = $8, city = $9, address_book_visibility = $10, source = $11, source_id = $12,
               updated_at = $13, revision = $14
             WHERE id = $15",
        )
        .arg(&contact.mail)
        .arg(&contact.name)
        .arg(contact.name_key())
        .arg(phones_json(contact)?)
        .arg(&contact.title)
        .arg(&contact.department)
        .arg(&contact.office)
        .arg(&contact.street)
        .arg(&contact.city)
        .arg(contact.address_book_visibility)
        .arg(&contact.source)
        .arg(&contact.source_id)
        .arg(to_micros(contact.updated_at))
        .arg(revision + 1)
        .arg(id)
        .try_run(&mut *tx)
        .await
        .map_err(|e| unique_or::<D>(e, || Error::already_exists("contact", &contact.mail)))?;
        if contact.mail == current_mail {
            tx.changed(ObjectKind::Contact, &contact.tenant_id, &contact.mail, ChangeOp::Modified);
        } else {
            // A new address is a new key: the old one is gone.
            tx.changed(ObjectKind::Contact, &contact.tenant_id, current_mail, ChangeOp::Deleted);
            tx.changed(ObjectKind::Contact, &contact.tenant_id, &contact.mail, ChangeOp::Added);
        }
        tx.commit(audit).await?;
        Ok(Contact { revision: revision + 1, ..contact.clone() })
    }

    async fn delete_contact(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let deleted = query::<D>("DELETE FROM contacts WHERE tenant_id = $1 AND mail = $2")
            .arg(tenant_id)
            .arg(mail)
            .run(&mut *tx)
            .await?;
        if deleted == 0 {
            return Err(Error::not_found("contact", mail));
        }
        tx.changed(ObjectKind::Contact, tenant_id, mail, ChangeOp::Deleted);
        tx.commit(audit).await
    }
}

/// The columns every branch of the book's `UNION ALL` answers, in order.
const BOOK_COLUMNS: &str = "kind, mail, name, sort_name, title, department, work_phone, home_phone, mobile_phone, \
                            phones, office, street, city, address_book_visibility";

/// One branch: `select` answers [`BOOK_COLUMNS`] from table alias `t`
/// (its `sort_name` holds the words a prefix may start), `extra` narrows it.
struct Branch {
    kind: EntryKind,
    select: &'static str,
    extra: &'static str,
}

const BRANCHES: [Branch; 4] = [
    Branch {
        kind: EntryKind::User,
        select: "SELECT 'user' AS kind, t.mail, CASE WHEN t.display_name <> '' THEN t.display_name
                   ELSE TRIM(t.given_name || ' ' || t.surname) END AS name,
                 TRIM(t.given_name_key || ' ' || t.surname_key) AS sort_name, t.title, t.department, t.work_phone,
                 t.home_phone, t.mobile_phone, '[]' AS phones, '' AS office, '' AS street, t.city,
                 t.address_book_visibility FROM users t WHERE t.deleted_at IS NULL",
        extra: "",
    },
    Branch {
        kind: EntryKind::Resource,
        select: "SELECT 'resource' AS kind, t.mail, t.display_name AS name, t.name_key AS sort_name, '' AS title,
                 '' AS department, '' AS work_phone, '' AS home_phone, '' AS mobile_phone, '[]' AS phones,
                 '' AS office, '' AS street,
                 t.city, t.address_book_visibility FROM resources t WHERE 1 = 1",
        extra: "",
    },
    Branch {
        kind: EntryKind::MailList,
        select: "SELECT 'mail_list' AS kind, t.mail, t.display_name AS name, t.name_key AS sort_name, '' AS title,
                 '' AS department, '' AS work_phone, '' AS home_phone, '' AS mobile_phone, '[]' AS phones,
                 '' AS office, '' AS street,
                 '' AS city, t.address_book_visibility FROM mail_lists t WHERE 1 = 1",
        extra: "",
    },
    Branch {
        kind: EntryKind::Contact,
        select: "SELECT 'contact' AS kind, t.mail, t.name, t.name_key AS sort_name, t.title, t.department,
                 '' AS work_phone, '' AS home_phone, '' AS mobile_phone, t.phones, t.office, t.street, t.city,
                 t.address_book_visibility
                 FROM contacts t WHERE 1 = 1",
        // A contact whose address an object of the tenant holds is shadowed by it.
        extra: " AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.address = t.mail AND a.tenant_id = t.tenant_id)",
    },
];

fn kind_named(name: &str) -> Result<EntryKind> {
    Ok(match name {
        "user" => EntryKind::User,
        "resource" => EntryKind::Resource,
        "mail_list" => EntryKind::MailList,
        "contact" => EntryKind::Contact,
        other => return Err(Error::internal(anyhow::anyhow!("address book: unknown kind {other}"))),
    })
}

fn entry_from_row<R: RowExt>(row: &R, tenant_id: &str) -> Result<BookEntry> {
    let kind = kind_named(&row.text("kind")?)?;
    let phones = match kind {
        EntryKind::User => [row.text("work_phone")?, row.text("mobile_phone")?, row.text("home_phone")?]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect(),
        _ => serde_json::from_str(&row.text("phones")?).map_err(Error::internal)?,
    };
    Ok(BookEntry {
        kind,
        tenant_id: tenant_id.to_owned(),
        mail: row.text("mail")?,
        name: row.text("name")?,
        title: row.text("title")?,
        department: row.text("department")?,
        phones,
        office: row.text("office")?,
        street: row.text("street")?,
        city: row.text("city")?,
        address_book_visibility: row.small("address_book_visibility")?,
        sort_name: row.text("sort_name")?,
    })
}

#[async_trait]
impl<D: Dialect> AddressBookStore for SqlStore<D> {
    async fn search_address_book(&self, q: &BookQuery) -> Result<Vec<BookEntry>> {
        let limit = q.limit as i64;
        let prefix = format!("{}%", like_escape(&q.prefix));
        let word = format!("% {}%", like_escape(&q.prefix));
        let mut builder: QueryBuilder<D> = QueryBuilder::new("SELECT ");
        builder.push(BOOK_COLUMNS).push(" FROM (");
        let mut first = true;
        for branch in &BRANCHES {
            let Some((_, shown)) = q.shown.iter().find(|(kind, shown)| *kind == branch.kind && !shown.is_empty())
            else {
                continue;
            };
            if !first {
                builder.push(" UNION ALL ");
            }
            first = false;
            // `shown` holds pbm's own small integers, never input.
            let shown = shown.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
            builder.push(format_args!("SELECT * FROM (SELECT * FROM ({}", branch.select));
            builder.push(" AND t.tenant_id = ").arg(q.tenant_id.clone());
            builder.push(format_args!(" AND t.address_book_visibility IN ({shown}){}", branch.extra));
            builder.push(") AS b WHERE 1 = 1");
            if !q.prefix.is_empty() {
                builder.push(" AND (b.mail LIKE ").arg(prefix.clone()).push(" ESCAPE '\\'");
                builder.push(" OR b.sort_name LIKE ").arg(prefix.clone()).push(" ESCAPE '\\'");
                builder.push(" OR b.sort_name LIKE ").arg(word.clone()).push(" ESCAPE '\\')");
            }
            if let Some((name, mail)) = &q.after {
                builder.push(" AND (b.sort_name, b.mail) > (").arg(name.clone()).push(", ").arg(mail.clone()).push(")");
            }
            builder.push(" ORDER BY b.sort_name, b.mail LIMIT ").arg(limit).push(") AS p");
        }
        if first {
            return Ok(Vec::new());
        }
        builder.push(") AS book ORDER BY sort_name, mail LIMIT ").arg(limit);
        let rows = builder.build().rows(&mut *self.reader().await?).await?;
        rows.iter().map(|row| entry_from_row(row, &q.tenant_id)).collect()
    }
}
