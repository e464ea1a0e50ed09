//! Mail domains on SQLite: one row per domain, the tenant's default marked by
//! `is_default` (a partial unique index allows one per tenant). What uses a
//! domain is counted from the addresses and objects whose address is in it;
//! a forced deletion removes exactly that, in one transaction.

use async_trait::async_trait;
use sqlx::{Row, SqliteConnection, sqlite::SqliteRow};

use super::addresses::free;
use super::{SqliteStore, db_error, is_unique_violation};
use crate::domain::{AuditEvent, DomainUsage, MailDomain, MailDomainField};
use crate::error::{Error, Result};
use crate::ports::MailDomainStore;
use crate::store::{from_micros, to_micros};

fn domain_from_row(row: &SqliteRow) -> Result<MailDomain> {
    Ok(MailDomain {
        name: row.try_get("name").map_err(db_error)?,
        tenant_id: row.try_get("tenant_id").map_err(db_error)?,
        display_name: row.try_get("display_name").map_err(db_error)?,
        description: row.try_get("description").map_err(db_error)?,
        associated_domain: row.try_get("associated_domain").map_err(db_error)?,
        is_default: row.try_get::<i64, _>("is_default").map_err(db_error)? != 0,
        created_at: from_micros(row.try_get("created_at").map_err(db_error)?),
    })
}

/// Counts what uses the domain `?2` of tenant `?1` (see [`DomainUsage`]):
/// alternate addresses, aliases and memberships are counted where their
/// holder is not itself addressed in the domain (those go with the holder).
async fn usage(conn: &mut SqliteConnection, tenant_id: &str, name: &str) -> Result<DomainUsage> {
    const USAGE: &str = concat!(
        "SELECT (SELECT COUNT(*) FROM users WHERE tenant_id = ?1 AND ",
        domain_part!("mail"),
        " = ?2) AS users, (SELECT COUNT(*) FROM users WHERE tenant_id = ?1 AND role = 3 AND ",
        domain_part!("mail"),
        " = ?2) AS superadmins, (SELECT COUNT(*) FROM addresses WHERE tenant_id = ?1 AND kind = 'alternate' AND ",
        domain_part!("address"),
        " = ?2 AND ",
        domain_part!("owner"),
        " <> ?2) AS alternates, (SELECT COUNT(*) FROM addresses WHERE tenant_id = ?1 AND kind = 'alias' AND ",
        domain_part!("address"),
        " = ?2 AND ",
        domain_part!("owner"),
        " <> ?2) AS aliases, (SELECT COUNT(*) FROM resources WHERE tenant_id = ?1 AND ",
        domain_part!("mail"),
        " = ?2) AS resources, (SELECT COUNT(*) FROM mail_lists WHERE tenant_id = ?1 AND ",
        domain_part!("mail"),
        " = ?2) AS mail_lists, (SELECT COUNT(*) FROM mail_list_members m JOIN mail_lists l ON l.id = m.list_id \
         WHERE l.tenant_id = ?1 AND ",
        domain_part!("m.member"),
        " = ?2 AND ",
        domain_part!("l.mail"),
        " <> ?2) AS list_members"
    );
    let row = sqlx::query(USAGE).bind(tenant_id).bind(name).fetch_one(conn).await.map_err(db_error)?;
    let count = |column: &str| -> Result<u64> { Ok(row.try_get::<i64, _>(column).map_err(db_error)? as u64) };
    Ok(DomainUsage {
        users: count("users")?,
        superadmins: count("superadmins")?,
        alternate_addresses: count("alternates")?,
        aliases: count("aliases")?,
        resources: count("resources")?,
        mail_lists: count("mail_lists")?,
        list_members: count("list_members")?,
    })
}

/// Frees every address of the objects selected by `select` (a query
/// returning one `address` column, binding `?1` tenant and `?2` domain).
async fn free_selected(
    conn: &mut SqliteConnection,
    tenant_id: &str,
    name: &str,
    select: &'static str,
) -> Result<Vec<String>> {
    let addresses: Vec<String> =
        sqlx::query_scalar(select).bind(tenant_id).bind(name).fetch_all(&mut *conn).await.map_err(db_error)?;
    for address in &addresses {
        free(conn, tenant_id, address).await?;
    }
    Ok(addresses)
}

/// Removes everything that uses the domain (the cascade of a forced
/// deletion) at time `now` (Unix microseconds); returns the primary
/// addresses of the accounts deleted.
async fn remove_contents(conn: &mut SqliteConnection, tenant_id: &str, name: &str, now: i64) -> Result<Vec<String>> {
    // Accounts addressed in the domain, for good, with every address they own.
    let accounts: Vec<String> =
        sqlx::query_scalar(concat!("SELECT mail FROM users WHERE tenant_id = ?1 AND ", domain_part!("mail"), " = ?2"))
            .bind(tenant_id)
            .bind(name)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_error)?;
    for account in &accounts {
        let owned: Vec<String> = sqlx::query_scalar(
            "SELECT address FROM addresses WHERE owner = ? AND kind IN ('mail', 'alternate', 'alias')",
        )
        .bind(account)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?;
        for address in &owned {
            free(conn, tenant_id, address).await?;
        }
        sqlx::query("DELETE FROM users WHERE mail = ?").bind(account).execute(&mut *conn).await.map_err(db_error)?;
    }
    // Alternate addresses and aliases in the domain, taken from their owners
    // (whose revision moves on, so that a stale update cannot restore them).
    for kind in ["alternate", "alias"] {
        let taken: Vec<(String, String)> = sqlx::query_as(concat!(
            "SELECT address, owner FROM addresses WHERE tenant_id = ?1 AND kind = ?3 AND ",
            domain_part!("address"),
            " = ?2"
        ))
        .bind(tenant_id)
        .bind(name)
        .bind(kind)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?;
        for (address, holder) in &taken {
            free(conn, tenant_id, address).await?;
            sqlx::query(if kind == "alternate" {
                "UPDATE users SET alternate_address = '', updated_at = ?, revision = revision + 1 WHERE mail = ?"
            } else {
                "UPDATE users SET updated_at = ?, revision = revision + 1 WHERE mail = ?"
            })
            .bind(now)
            .bind(holder)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
        }
    }
    // Resources and lists addressed in the domain.
    free_selected(
        conn,
        tenant_id,
        name,
        concat!("SELECT mail FROM resources WHERE tenant_id = ?1 AND ", domain_part!("mail"), " = ?2"),
    )
    .await?;
    sqlx::query(concat!("DELETE FROM resources WHERE tenant_id = ?1 AND ", domain_part!("mail"), " = ?2"))
        .bind(tenant_id)
        .bind(name)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    free_selected(
        conn,
        tenant_id,
        name,
        concat!("SELECT mail FROM mail_lists WHERE tenant_id = ?1 AND ", domain_part!("mail"), " = ?2"),
    )
    .await?;
    sqlx::query(concat!("DELETE FROM mail_lists WHERE tenant_id = ?1 AND ", domain_part!("mail"), " = ?2"))
        .bind(tenant_id)
        .bind(name)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    // Remaining memberships of addresses in the domain (external ones too).
    sqlx::query(concat!(
        "UPDATE mail_lists SET updated_at = ?3, revision = revision + 1 \
         WHERE tenant_id = ?1 AND id IN (SELECT list_id FROM mail_list_members WHERE ",
        domain_part!("member"),
        " = ?2)"
    ))
    .bind(tenant_id)
    .bind(name)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    sqlx::query(concat!(
        "DELETE FROM mail_list_members WHERE ",
        domain_part!("member"),
        " = ?2 AND list_id IN (SELECT id FROM mail_lists WHERE tenant_id = ?1)"
    ))
    .bind(tenant_id)
    .bind(name)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(accounts)
}

#[async_trait]
impl MailDomainStore for SqliteStore {
    async fn get_mail_domain(&self, name: &str) -> Result<Option<MailDomain>> {
        let row = sqlx::query("SELECT * FROM mail_domains WHERE name = ?")
            .bind(name)
            .fetch_optional(&self.read)
            .await
            .map_err(db_error)?;
        row.as_ref().map(domain_from_row).transpose()
    }

    async fn list_mail_domains(&self, tenant_id: &str) -> Result<Vec<MailDomain>> {
        let rows = sqlx::query("SELECT * FROM mail_domains WHERE tenant_id = ? ORDER BY name")
            .bind(tenant_id)
            .fetch_all(&self.read)
            .await
            .map_err(db_error)?;
        rows.iter().map(domain_from_row).collect()
    }

    async fn create_mail_domain(&self, domain: &MailDomain, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO mail_domains (name, tenant_id, display_name, description, associated_domain, is_default, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&domain.name)
        .bind(&domain.tenant_id)
        .bind(&domain.display_name)
        .bind(&domain.description)
        .bind(&domain.associated_domain)
        .bind(i64::from(domain.is_default))
        .bind(to_micros(domain.created_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::already_exists("domain", &domain.name)
            } else if e.as_database_error().is_some_and(|d| d.is_foreign_key_violation()) {
                Error::not_found("tenant", &domain.tenant_id)
            } else {
                db_error(e)
            }
        })?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn update_mail_domain(
        &self,
        domain: &MailDomain,
        fields: &[MailDomainField],
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let named = |field| i64::from(fields.contains(&field));
        let done = sqlx::query(
            "UPDATE mail_domains SET
               display_name = CASE WHEN ?1 THEN ?2 ELSE display_name END,
               description = CASE WHEN ?3 THEN ?4 ELSE description END,
               associated_domain = CASE WHEN ?5 THEN ?6 ELSE associated_domain END
             WHERE name = ?7 AND tenant_id = ?8",
        )
        .bind(named(MailDomainField::DisplayName))
        .bind(&domain.display_name)
        .bind(named(MailDomainField::Description))
        .bind(&domain.description)
        .bind(named(MailDomainField::AssociatedDomain))
        .bind(&domain.associated_domain)
        .bind(&domain.name)
        .bind(&domain.tenant_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("mail domain", &domain.name));
        }
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn set_default_mail_domain(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM mail_domains WHERE name = ? AND tenant_id = ?")
            .bind(name)
            .bind(tenant_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
        if exists.is_none() {
            return Err(Error::not_found("mail domain", name));
        }
        // Two statements: the partial unique index is checked row by row.
        sqlx::query("UPDATE mail_domains SET is_default = 0 WHERE tenant_id = ? AND is_default = 1 AND name <> ?")
            .bind(tenant_id)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        sqlx::query("UPDATE mail_domains SET is_default = 1 WHERE tenant_id = ? AND name = ?")
            .bind(tenant_id)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn mail_domain_usage(&self, tenant_id: &str, name: &str) -> Result<DomainUsage> {
        let mut conn = self.read.acquire().await.map_err(db_error)?;
        usage(&mut conn, tenant_id, name).await
    }

    async fn delete_mail_domain(
        &self,
        tenant_id: &str,
        name: &str,
        expected: &DomainUsage,
        audit: &AuditEvent,
    ) -> Result<Vec<String>> {
        let mut tx = self.begin_write().await?;
        let is_default: Option<i64> =
            sqlx::query_scalar("SELECT is_default FROM mail_domains WHERE name = ? AND tenant_id = ?")
                .bind(name)
                .bind(tenant_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
        match is_default {
            None => return Err(Error::not_found("mail domain", name)),
            Some(0) => {}
            Some(_) => return Err(Error::Aborted(format!("mail domain {name} became the default"))),
        }
        if usage(&mut tx, tenant_id, name).await? != *expected {
            return Err(Error::Aborted(format!("what uses mail domain {name} changed")));
        }
        let accounts = if expected.is_empty() {
            Vec::new()
        } else {
            remove_contents(&mut tx, tenant_id, name, to_micros(audit.at)).await?
        };
        sqlx::query("DELETE FROM mail_domains WHERE name = ? AND tenant_id = ? AND is_default = 0")
            .bind(name)
            .bind(tenant_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(accounts)
    }
}
