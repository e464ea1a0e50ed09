//! Mail domains on PostgreSQL: one row per domain, the tenant's default
//! marked by `is_default` (a partial unique index allows one per tenant).
//! What uses a domain is counted from the addresses and objects whose
//! address is in it; a forced deletion removes exactly that, in one
//! transaction that holds the domain's row lock (address reservations in the
//! domain hold a share lock on it, so they wait or see it gone).

use async_trait::async_trait;
use sqlx::{PgConnection, Row, postgres::PgRow};

use super::addresses::free;
use super::{PostgresStore, db_error, is_unique_violation};
use crate::domain::{AuditEvent, DomainUsage, MailDomain, MailDomainField};
use crate::error::{Error, Result};
use crate::ports::MailDomainStore;
use crate::store::{from_micros, to_micros};

fn domain_from_row(row: &PgRow) -> Result<MailDomain> {
    Ok(MailDomain {
        name: row.try_get("name").map_err(db_error)?,
        tenant_id: row.try_get("tenant_id").map_err(db_error)?,
        display_name: row.try_get("display_name").map_err(db_error)?,
        description: row.try_get("description").map_err(db_error)?,
        associated_domain: row.try_get("associated_domain").map_err(db_error)?,
        is_default: row.try_get("is_default").map_err(db_error)?,
        created_at: from_micros(row.try_get("created_at").map_err(db_error)?),
    })
}

/// Counts what uses the domain `$2` of tenant `$1` (see [`DomainUsage`]):
/// alternate addresses, aliases and memberships are counted where their
/// holder is not itself addressed in the domain (those go with the holder).
async fn usage(conn: &mut PgConnection, tenant_id: &str, name: &str) -> Result<DomainUsage> {
    let row = sqlx::query(
        "SELECT
           (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND split_part(mail, '@', 2) = $2) AS users,
           (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND role = 3 AND split_part(mail, '@', 2) = $2)
             AS superadmins,
           (SELECT COUNT(*) FROM addresses WHERE tenant_id = $1 AND kind = 'alternate'
              AND split_part(address, '@', 2) = $2 AND split_part(owner, '@', 2) <> $2) AS alternates,
           (SELECT COUNT(*) FROM addresses WHERE tenant_id = $1 AND kind = 'alias'
              AND split_part(address, '@', 2) = $2 AND split_part(owner, '@', 2) <> $2) AS aliases,
           (SELECT COUNT(*) FROM resources WHERE tenant_id = $1 AND split_part(mail, '@', 2) = $2) AS resources,
           (SELECT COUNT(*) FROM mail_lists WHERE tenant_id = $1 AND split_part(mail, '@', 2) = $2) AS mail_lists,
           (SELECT COUNT(*) FROM mail_list_members m JOIN mail_lists l ON l.id = m.list_id
              WHERE l.tenant_id = $1 AND split_part(m.member, '@', 2) = $2 AND split_part(l.mail, '@', 2) <> $2)
             AS list_members",
    )
    .bind(tenant_id)
    .bind(name)
    .fetch_one(conn)
    .await
    .map_err(db_error)?;
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

/// Frees every address returned by `select` (one `address` column, binding
/// `$1` tenant and `$2` domain).
async fn free_selected(conn: &mut PgConnection, tenant_id: &str, name: &str, select: &'static str) -> Result<()> {
    let addresses: Vec<String> =
        sqlx::query_scalar(select).bind(tenant_id).bind(name).fetch_all(&mut *conn).await.map_err(db_error)?;
    for address in &addresses {
        free(conn, tenant_id, address).await?;
    }
    Ok(())
}

/// Removes everything that uses the domain (the cascade of a forced
/// deletion) at time `now` (Unix microseconds); returns the primary
/// addresses of the accounts deleted.
async fn remove_contents(conn: &mut PgConnection, tenant_id: &str, name: &str, now: i64) -> Result<Vec<String>> {
    let accounts: Vec<String> =
        sqlx::query_scalar("SELECT mail FROM users WHERE tenant_id = $1 AND split_part(mail, '@', 2) = $2")
            .bind(tenant_id)
            .bind(name)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_error)?;
    for account in &accounts {
        let owned: Vec<String> = sqlx::query_scalar(
            "SELECT address FROM addresses WHERE owner = $1 AND kind IN ('mail', 'alternate', 'alias')",
        )
        .bind(account)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?;
        for address in &owned {
            free(conn, tenant_id, address).await?;
        }
        sqlx::query("DELETE FROM users WHERE mail = $1").bind(account).execute(&mut *conn).await.map_err(db_error)?;
    }
    for kind in ["alternate", "alias"] {
        let taken: Vec<(String, String)> = sqlx::query_as(
            "SELECT address, owner FROM addresses WHERE tenant_id = $1 AND kind = $3 AND split_part(address, '@', 2) = $2",
        )
        .bind(tenant_id)
        .bind(name)
        .bind(kind)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?;
        for (address, holder) in &taken {
            free(conn, tenant_id, address).await?;
            sqlx::query(if kind == "alternate" {
                "UPDATE users SET alternate_address = '', updated_at = $1, revision = revision + 1 WHERE mail = $2"
            } else {
                "UPDATE users SET updated_at = $1, revision = revision + 1 WHERE mail = $2"
            })
            .bind(now)
            .bind(holder)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
        }
    }
    free_selected(
        conn,
        tenant_id,
        name,
        "SELECT mail FROM resources WHERE tenant_id = $1 AND split_part(mail, '@', 2) = $2",
    )
    .await?;
    sqlx::query("DELETE FROM resources WHERE tenant_id = $1 AND split_part(mail, '@', 2) = $2")
        .bind(tenant_id)
        .bind(name)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    free_selected(
        conn,
        tenant_id,
        name,
        "SELECT mail FROM mail_lists WHERE tenant_id = $1 AND split_part(mail, '@', 2) = $2",
    )
    .await?;
    sqlx::query("DELETE FROM mail_lists WHERE tenant_id = $1 AND split_part(mail, '@', 2) = $2")
        .bind(tenant_id)
        .bind(name)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    sqlx::query(
        "UPDATE mail_lists SET updated_at = $3, revision = revision + 1
         WHERE tenant_id = $1 AND id IN (SELECT list_id FROM mail_list_members WHERE split_part(member, '@', 2) = $2)",
    )
    .bind(tenant_id)
    .bind(name)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    sqlx::query(
        "DELETE FROM mail_list_members
         WHERE split_part(member, '@', 2) = $2 AND list_id IN (SELECT id FROM mail_lists WHERE tenant_id = $1)",
    )
    .bind(tenant_id)
    .bind(name)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(accounts)
}

#[async_trait]
impl MailDomainStore for PostgresStore {
    async fn get_mail_domain(&self, name: &str) -> Result<Option<MailDomain>> {
        let row = sqlx::query("SELECT * FROM mail_domains WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.as_ref().map(domain_from_row).transpose()
    }

    async fn list_mail_domains(&self, tenant_id: &str) -> Result<Vec<MailDomain>> {
        let rows = sqlx::query("SELECT * FROM mail_domains WHERE tenant_id = $1 ORDER BY name")
            .bind(tenant_id)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.iter().map(domain_from_row).collect()
    }

    async fn create_mail_domain(&self, domain: &MailDomain, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO mail_domains (name, tenant_id, display_name, description, associated_domain, is_default, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&domain.name)
        .bind(&domain.tenant_id)
        .bind(&domain.display_name)
        .bind(&domain.description)
        .bind(&domain.associated_domain)
        .bind(domain.is_default)
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
        let mut tx = self.begin().await?;
        let named = |field| fields.contains(&field);
        let done = sqlx::query(
            "UPDATE mail_domains SET
               display_name = CASE WHEN $1 THEN $2 ELSE display_name END,
               description = CASE WHEN $3 THEN $4 ELSE description END,
               associated_domain = CASE WHEN $5 THEN $6 ELSE associated_domain END
             WHERE name = $7 AND tenant_id = $8",
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
        let mut tx = self.begin().await?;
        // Lock the tenant's domains: concurrent moves of the default queue here.
        let names: Vec<String> =
            sqlx::query_scalar("SELECT name FROM mail_domains WHERE tenant_id = $1 ORDER BY name FOR UPDATE")
                .bind(tenant_id)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
        if !names.iter().any(|n| n == name) {
            return Err(Error::not_found("mail domain", name));
        }
        // Two statements: the partial unique index is checked row by row.
        sqlx::query("UPDATE mail_domains SET is_default = FALSE WHERE tenant_id = $1 AND is_default AND name <> $2")
            .bind(tenant_id)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        sqlx::query("UPDATE mail_domains SET is_default = TRUE WHERE tenant_id = $1 AND name = $2")
            .bind(tenant_id)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn mail_domain_usage(&self, tenant_id: &str, name: &str) -> Result<DomainUsage> {
        let mut conn = self.pool.acquire().await.map_err(db_error)?;
        usage(&mut conn, tenant_id, name).await
    }

    async fn delete_mail_domain(
        &self,
        tenant_id: &str,
        name: &str,
        expected: &DomainUsage,
        audit: &AuditEvent,
    ) -> Result<Vec<String>> {
        let mut tx = self.begin().await?;
        let is_default: Option<bool> =
            sqlx::query_scalar("SELECT is_default FROM mail_domains WHERE name = $1 AND tenant_id = $2 FOR UPDATE")
                .bind(name)
                .bind(tenant_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
        match is_default {
            None => return Err(Error::not_found("mail domain", name)),
            Some(false) => {}
            Some(true) => return Err(Error::Aborted(format!("mail domain {name} became the default"))),
        }
        if usage(&mut tx, tenant_id, name).await? != *expected {
            return Err(Error::Aborted(format!("what uses mail domain {name} changed")));
        }
        let accounts = if expected.is_empty() {
            Vec::new()
        } else {
            remove_contents(&mut tx, tenant_id, name, to_micros(audit.at)).await?
        };
        sqlx::query("DELETE FROM mail_domains WHERE name = $1 AND tenant_id = $2 AND NOT is_default")
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
