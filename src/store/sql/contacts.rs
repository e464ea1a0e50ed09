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
use crate::domain::{
    AuditEvent, BookEntry, BookQuery, ChangeOp, Contact, EntryKind, ObjectKind, user::MAX_USER_ADDRESS_BOOK_VISIBILITY,
};
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

/// The users a walk of the book's order reads before giving up (a prefix
/// whose matches are sparser than a page in this many is read by ranges).
const WALK_ROWS: i64 = 2_000;

/// A user's place in the book: what users_book_order holds.
const USER_SORT_NAME: &str = "TRIM(t.given_name_key || ' ' || t.surname_key)";

/// The query of one branch of the book filtered by `LIKE` on the address
/// and the words of the name, ordered and limited like the whole.
fn branch_query<D: Dialect>(q: &BookQuery, branch: &Branch, shown: &str) -> QueryBuilder<D> {
    let mut builder: QueryBuilder<D> = QueryBuilder::new("SELECT ");
    builder.push(BOOK_COLUMNS).push(" FROM (SELECT * FROM (");
    builder.push(branch.select);
    builder.push(" AND t.tenant_id = ").arg(q.tenant_id.clone());
    builder.push(format_args!(" AND t.address_book_visibility IN ({shown}){}", branch.extra));
    builder.push(") AS b WHERE 1 = 1");
    if !q.prefix.is_empty() {
        let (prefix, word) = (format!("{}%", like_escape(&q.prefix)), format!("% {}%", like_escape(&q.prefix)));
        builder.push(" AND (b.mail LIKE ").arg(prefix.clone()).push(" ESCAPE '\\'");
        builder.push(" OR b.sort_name LIKE ").arg(prefix).push(" ESCAPE '\\'");
        builder.push(" OR b.sort_name LIKE ").arg(word).push(" ESCAPE '\\')");
    }
    if let Some((name, mail)) = &q.after {
        // spelled out (not a row value), so that an index on the order serves it
        builder.push(" AND (b.sort_name > ").arg(name.clone());
        builder.push(" OR (b.sort_name = ").arg(name.clone()).push(" AND b.mail > ").arg(mail.clone()).push("))");
    }
    builder.push(" ORDER BY b.sort_name, b.mail LIMIT ").arg(q.limit as i64).push(") AS book");
    builder
}

/// How the users matching a prefix are found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UserKeys {
    /// The first [`WALK_ROWS`] live users in the book's order, from the
    /// index alone, filtered by the prefix of the address or of a word of
    /// the name: for a short prefix, whose matches are dense (read by
    /// ranges, they would be many).
    Walk,
    /// The ranges of the prefix: of the name's first word (the given name)
    /// in the book's order, only a page of it; of the surname and of the
    /// address, whole, from their covering indexes; the matches sorted.
    Ranges,
}

/// The (address, sort name) of the first page of users matching the
/// prefix; `visibility`: the condition on `employeeType`, when the list
/// leaves some values out (reading it costs a row lookup per user).
fn user_keys_query<D: Dialect>(q: &BookQuery, visibility: Option<&str>, how: UserKeys, upper: &str) -> QueryBuilder<D> {
    let scope = |builder: &mut QueryBuilder<D>| {
        builder.push(format_args!("SELECT t.mail AS mail, {USER_SORT_NAME} AS sort_name FROM users t"));
        builder.push(" WHERE t.deleted_at IS NULL AND t.tenant_id = ").arg(q.tenant_id.clone());
        if let Some(shown) = visibility {
            builder.push(format_args!(" AND t.address_book_visibility IN ({shown})"));
        }
    };
    let after_in_order = |builder: &mut QueryBuilder<D>| {
        if let Some((name, mail)) = &q.after {
            builder.push(format_args!(" AND ({USER_SORT_NAME} > ")).arg(name.clone());
            builder.push(format_args!(" OR ({USER_SORT_NAME} = ")).arg(name.clone());
            builder.push(" AND t.mail > ").arg(mail.clone()).push("))");
        }
    };
    let mut builder: QueryBuilder<D> = QueryBuilder::new("SELECT mail, sort_name FROM (");
    match how {
        UserKeys::Walk => {
            scope(&mut builder);
            after_in_order(&mut builder);
            builder.push(format_args!(" ORDER BY {USER_SORT_NAME}, t.mail LIMIT ")).arg(WALK_ROWS);
            let word = format!("% {}%", like_escape(&q.prefix));
            builder
                .push(") AS b WHERE ((b.mail >= ")
                .arg(q.prefix.clone())
                .push(" AND b.mail < ")
                .arg(upper.to_owned());
            builder
                .push(") OR (b.sort_name >= ")
                .arg(q.prefix.clone())
                .push(" AND b.sort_name < ")
                .arg(upper.to_owned());
            builder.push(") OR b.sort_name LIKE ").arg(word).push(" ESCAPE '\\')");
        }
        UserKeys::Ranges => {
            builder.push("SELECT * FROM (");
            scope(&mut builder);
            builder.push(format_args!(" AND {USER_SORT_NAME} >= ")).arg(q.prefix.clone());
            builder.push(format_args!(" AND {USER_SORT_NAME} < ")).arg(upper.to_owned());
            after_in_order(&mut builder);
            builder.push(format_args!(" ORDER BY {USER_SORT_NAME}, t.mail LIMIT ")).arg(q.limit as i64);
            builder.push(") AS first_word");
            for column in ["t.surname_key", "t.mail"] {
                builder.push(" UNION ");
                scope(&mut builder);
                builder.push(format_args!(" AND {column} >= ")).arg(q.prefix.clone());
                builder.push(format_args!(" AND {column} < ")).arg(upper.to_owned());
            }
            builder.push(") AS b WHERE 1 = 1");
            if let Some((name, mail)) = &q.after {
                builder.push(" AND (b.sort_name > ").arg(name.clone());
                builder
                    .push(" OR (b.sort_name = ")
                    .arg(name.clone())
                    .push(" AND b.mail > ")
                    .arg(mail.clone())
                    .push("))");
            }
        }
    }
    builder.push(" ORDER BY sort_name, mail LIMIT ").arg(q.limit as i64);
    builder
}

#[async_trait]
impl<D: Dialect> AddressBookStore for SqlStore<D> {
    /// Each kind is read by a query of its own, ordered and limited, and the
    /// pages merged. Users, the bulk of a book, are found by index when a
    /// prefix is given (a prefix of the address, of the given name or of
    /// the surname): a short prefix by a walk of the book's order, a longer
    /// one (or a short one the walk did not fill a page with) by its
    /// ranges; then the page's rows are read by address.
    async fn search_address_book(&self, q: &BookQuery) -> Result<Vec<BookEntry>> {
        let upper = prefix_upper_bound(&q.prefix);
        let mut entries = Vec::new();
        for branch in &BRANCHES {
            let Some((_, shown)) = q.shown.iter().find(|(kind, shown)| *kind == branch.kind && !shown.is_empty())
            else {
                continue;
            };
            // `shown` holds pbm's own small integers, never input.
            let every =
                branch.kind == EntryKind::User && (0..=MAX_USER_ADDRESS_BOOK_VISIBILITY).all(|v| shown.contains(&v));
            let shown = shown.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
            let rows = match (&upper, branch.kind) {
                (Some(upper), EntryKind::User) if !q.prefix.is_empty() => {
                    let visibility = (!every).then_some(shown.as_str());
                    let mut keys = Vec::new();
                    if q.prefix.chars().count() < 3 {
                        keys = self.book_rows(user_keys_query::<D>(q, visibility, UserKeys::Walk, upper)).await?;
                    }
                    if keys.len() < q.limit {
                        keys = self.book_rows(user_keys_query::<D>(q, visibility, UserKeys::Ranges, upper)).await?;
                    }
                    if keys.is_empty() {
                        continue;
                    }
                    let mails = keys.iter().map(|row| row.text("mail")).collect::<Result<Vec<_>>>()?;
                    let mut builder: QueryBuilder<D> = QueryBuilder::new("SELECT ");
                    builder.push(BOOK_COLUMNS).push(" FROM (").push(branch.select);
                    builder.push(" AND t.tenant_id = ").arg(q.tenant_id.clone()).push(" AND ");
                    D::push_in_texts(&mut builder, "t.mail", &mails);
                    builder.push(") AS book");
                    self.book_rows(builder).await?
                }
                _ => self.book_rows(branch_query::<D>(q, branch, &shown)).await?,
            };
            for row in &rows {
                entries.push(entry_from_row(row, &q.tenant_id)?);
            }
        }
        entries.sort_by_key(BookEntry::sort_key);
        entries.truncate(q.limit);
        Ok(entries)
    }
}

impl<D: Dialect> SqlStore<D> {
    async fn book_rows(&self, mut builder: QueryBuilder<D>) -> Result<Vec<D::Row>> {
        builder.build().rows(&mut *self.reader().await?).await
    }
}

/// The least string greater than every string that starts with `prefix`,
/// in binary order (SQLite's, and PostgreSQL's `COLLATE "C"` columns): the
/// prefix with its last character incremented; `None` when there is none.
fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = (last as u32 + 1..=char::MAX as u32).find_map(char::from_u32) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upper_bound_of_a_prefix_follows_it_in_binary_order() {
        assert_eq!(prefix_upper_bound("miro").as_deref(), Some("mirp"));
        assert_eq!(prefix_upper_bound("смир").as_deref(), Some("смис"));
        assert_eq!(prefix_upper_bound("a\u{d7ff}").as_deref(), Some("a\u{e000}"), "surrogates skipped");
        assert_eq!(prefix_upper_bound("a\u{10ffff}").as_deref(), Some("b"));
        assert_eq!(prefix_upper_bound("\u{10ffff}"), None);
        for (prefix, inside) in [("miro", "mironov"), ("смир", "смирнова")] {
            let upper = prefix_upper_bound(prefix).unwrap();
            assert!(prefix <= inside && inside < upper.as_str());
        }
    }
}
