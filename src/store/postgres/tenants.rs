//! Tenants on PostgreSQL (their mail domains are in `mail_domains.rs`).

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::{Row, postgres::PgRow};

use super::{PostgresStore, db_error, is_unique_violation};
use crate::domain::{AuditEvent, MailDomain, Tenant, TenantContents};
use crate::error::{Error, Result};
use crate::ports::TenantStore;
use crate::store::{from_micros, to_micros};

fn tenant_from_row(row: &PgRow) -> Result<Tenant> {
    Ok(Tenant {
        id: row.try_get("id").map_err(db_error)?,
        display_name: row.try_get("display_name").map_err(db_error)?,
        lang: row.try_get("lang").map_err(db_error)?,
        default_domain: String::new(),
        domains: Vec::new(),
        created_at: from_micros(row.try_get("created_at").map_err(db_error)?),
        updated_at: from_micros(row.try_get("updated_at").map_err(db_error)?),
    })
}

impl PostgresStore {
    /// Fills `domains` and `default_domain` of the given tenants.
    async fn attach_domains(&self, tenants: &mut [Tenant]) -> Result<()> {
        if tenants.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = tenants.iter().map(|t| t.id.clone()).collect();
        let rows =
            sqlx::query("SELECT tenant_id, name, is_default FROM mail_domains WHERE tenant_id = ANY($1) ORDER BY name")
                .bind(&ids)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        let mut by_tenant: HashMap<String, (String, Vec<String>)> = HashMap::new();
        for row in rows {
            let tenant: String = row.try_get("tenant_id").map_err(db_error)?;
            let name: String = row.try_get("name").map_err(db_error)?;
            let entry = by_tenant.entry(tenant).or_default();
            if row.try_get::<bool, _>("is_default").map_err(db_error)? {
                entry.0 = name.clone();
            }
            entry.1.push(name);
        }
        for tenant in tenants.iter_mut() {
            if let Some((default, domains)) = by_tenant.remove(&tenant.id) {
                tenant.default_domain = default;
                tenant.domains = domains;
            }
        }
        Ok(())
    }
}

#[async_trait]
impl TenantStore for PostgresStore {
    async fn list_tenants(&self, after: Option<&str>, limit: usize) -> Result<Vec<Tenant>> {
        let rows = sqlx::query("SELECT * FROM tenants WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after.unwrap_or(""))
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        let mut tenants = rows.iter().map(tenant_from_row).collect::<Result<Vec<_>>>()?;
        self.attach_domains(&mut tenants).await?;
        Ok(tenants)
    }

    async fn count_tenants(&self) -> Result<u64> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM tenants").fetch_one(&self.pool).await.map_err(db_error)?;
        Ok(n as u64)
    }

    async fn get_tenant(&self, id: &str) -> Result<Option<Tenant>> {
        let row = sqlx::query("SELECT * FROM tenants WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        let mut tenants = [tenant_from_row(&row)?];
        self.attach_domains(&mut tenants).await?;
        let [tenant] = tenants;
        Ok(Some(tenant))
    }

    async fn create_tenant(&self, tenant: &Tenant, domain: &MailDomain, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("INSERT INTO tenants (id, display_name, lang, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&tenant.id)
            .bind(&tenant.display_name)
            .bind(&tenant.lang)
            .bind(to_micros(tenant.created_at))
            .bind(to_micros(tenant.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(
                |e| if is_unique_violation(&e) { Error::already_exists("tenant", &tenant.id) } else { db_error(e) },
            )?;
        sqlx::query(
            "INSERT INTO mail_domains (name, tenant_id, display_name, description, associated_domain, is_default, created_at)
             VALUES ($1, $2, $3, $4, $5, TRUE, $6)",
        )
        .bind(&domain.name)
        .bind(&tenant.id)
        .bind(&domain.display_name)
        .bind(&domain.description)
        .bind(&domain.associated_domain)
        .bind(to_micros(domain.created_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| if is_unique_violation(&e) { Error::already_exists("domain", &domain.name) } else { db_error(e) })?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn update_tenant(&self, tenant: &Tenant, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE tenants SET display_name = $1, lang = $2, updated_at = $3 WHERE id = $4")
            .bind(&tenant.display_name)
            .bind(&tenant.lang)
            .bind(to_micros(tenant.updated_at))
            .bind(&tenant.id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("tenant", &tenant.id));
        }
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn tenant_contents(&self, id: &str) -> Result<TenantContents> {
        let row = sqlx::query(
            "SELECT
               (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND deleted_at IS NULL) AS users,
               (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND deleted_at IS NOT NULL) AS deleted_users,
               (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND role = 3) AS superadmins,
               (SELECT COUNT(*) FROM mail_domains WHERE tenant_id = $1) AS domains,
               (SELECT COUNT(*) FROM resource_groups WHERE tenant_id = $1) AS resource_groups,
               (SELECT COUNT(*) FROM resources WHERE tenant_id = $1) AS resources,
               (SELECT COUNT(*) FROM mail_lists WHERE tenant_id = $1) AS mail_lists",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)?;
        let count = |name: &str| -> Result<u64> { Ok(row.try_get::<i64, _>(name).map_err(db_error)? as u64) };
        Ok(TenantContents {
            users: count("users")?,
            deleted_users: count("deleted_users")?,
            superadmins: count("superadmins")?,
            domains: count("domains")?,
            resource_groups: count("resource_groups")?,
            resources: count("resources")?,
            mail_lists: count("mail_lists")?,
        })
    }

    async fn delete_tenant(&self, id: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let done =
            sqlx::query("DELETE FROM tenants WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("tenant", id));
        }
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }
}
