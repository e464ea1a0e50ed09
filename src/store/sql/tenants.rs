//! Tenants (their mail domains are in `mail_domains.rs`). Deleting a tenant
//! cascades, through foreign keys, to its domains, users, addresses, resource
//! groups, resources, lists and their members in the same statement, hence
//! the same transaction.

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::QueryBuilder;

use super::dialect::{QueryExt as _, RowExt, unique_or};
use super::{Dialect, SqlStore, query};
use crate::domain::{AuditEvent, ChangeOp, MailDomain, ObjectKind, Tenant, TenantContents};
use crate::error::{Error, Result};
use crate::ports::TenantStore;
use crate::store::to_micros;

fn tenant_from_row<R: RowExt>(row: &R) -> Result<Tenant> {
    Ok(Tenant {
        id: row.text("id")?,
        display_name: row.text("display_name")?,
        lang: row.text("lang")?,
        default_domain: String::new(),
        domains: Vec::new(),
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

impl<D: Dialect> SqlStore<D> {
    /// Reads tenants with their `domains` and `default_domain`.
    async fn fetch_tenants(&self, rows: Vec<D::Row>) -> Result<Vec<Tenant>> {
        let mut tenants = rows.iter().map(tenant_from_row).collect::<Result<Vec<_>>>()?;
        if tenants.is_empty() {
            return Ok(tenants);
        }
        let ids: Vec<String> = tenants.iter().map(|t| t.id.clone()).collect();
        let mut query: QueryBuilder<D> =
            QueryBuilder::new("SELECT tenant_id, name, is_default FROM mail_domains WHERE ");
        D::push_in_texts(&mut query, "tenant_id", &ids);
        query.push(" ORDER BY name");
        let mut by_tenant: HashMap<String, (String, Vec<String>)> = HashMap::new();
        for row in query.build().rows(&mut *self.reader().await?).await? {
            let name = row.text("name")?;
            let entry = by_tenant.entry(row.text("tenant_id")?).or_default();
            if row.flag("is_default")? {
                entry.0 = name.clone();
            }
            entry.1.push(name);
        }
        for tenant in &mut tenants {
            if let Some((default, domains)) = by_tenant.remove(&tenant.id) {
                tenant.default_domain = default;
                tenant.domains = domains;
            }
        }
        Ok(tenants)
    }
}

#[async_trait]
impl<D: Dialect> TenantStore for SqlStore<D> {
    async fn list_tenants(&self, after: Option<&str>, limit: usize) -> Result<Vec<Tenant>> {
        let rows = query::<D>("SELECT * FROM tenants WHERE id > $1 ORDER BY id LIMIT $2")
            .arg(after.unwrap_or(""))
            .arg(limit as i64)
            .rows(&mut *self.reader().await?)
            .await?;
        self.fetch_tenants(rows).await
    }

    async fn count_tenants(&self) -> Result<u64> {
        query::<D>("SELECT COUNT(*) AS n FROM tenants").row(&mut *self.reader().await?).await?.count("n")
    }

    async fn get_tenant(&self, id: &str) -> Result<Option<Tenant>> {
        let rows = query::<D>("SELECT * FROM tenants WHERE id = $1").arg(id).rows(&mut *self.reader().await?).await?;
        Ok(self.fetch_tenants(rows).await?.pop())
    }

    async fn create_tenant(&self, tenant: &Tenant, domain: &MailDomain, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        query::<D>("INSERT INTO tenants (id, display_name, lang, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)")
            .arg(&tenant.id)
            .arg(&tenant.display_name)
            .arg(&tenant.lang)
            .arg(to_micros(tenant.created_at))
            .arg(to_micros(tenant.updated_at))
            .try_run(&mut *tx)
            .await
            .map_err(|e| unique_or::<D>(e, || Error::already_exists("tenant", &tenant.id)))?;
        query::<D>(
            "INSERT INTO mail_domains (name, tenant_id, display_name, description, associated_domain, is_default, created_at)
             VALUES ($1, $2, $3, $4, $5, TRUE, $6)",
        )
        .arg(&domain.name)
        .arg(&tenant.id)
        .arg(&domain.display_name)
        .arg(&domain.description)
        .arg(&domain.associated_domain)
        .arg(to_micros(domain.created_at))
        .try_run(&mut *tx)
        .await
        .map_err(|e| unique_or::<D>(e, || Error::already_exists("domain", &domain.name)))?;
        tx.changed(ObjectKind::Tenant, &tenant.id, &tenant.id, ChangeOp::Added);
        tx.changed(ObjectKind::MailDomain, &tenant.id, &domain.name, ChangeOp::Added);
        tx.commit(audit).await
    }

    async fn update_tenant(&self, tenant: &Tenant, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let changed = query::<D>("UPDATE tenants SET display_name = $1, lang = $2, updated_at = $3 WHERE id = $4")
            .arg(&tenant.display_name)
            .arg(&tenant.lang)
            .arg(to_micros(tenant.updated_at))
            .arg(&tenant.id)
            .run(&mut *tx)
            .await?;
        if changed == 0 {
            return Err(Error::not_found("tenant", &tenant.id));
        }
        tx.changed(ObjectKind::Tenant, &tenant.id, &tenant.id, ChangeOp::Modified);
        tx.commit(audit).await
    }

    async fn tenant_contents(&self, id: &str) -> Result<TenantContents> {
        let row = query::<D>(
            "SELECT
               (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND deleted_at IS NULL) AS users,
               (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND deleted_at IS NOT NULL) AS deleted_users,
               (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND role = 3) AS superadmins,
               (SELECT COUNT(*) FROM mail_domains WHERE tenant_id = $1) AS domains,
               (SELECT COUNT(*) FROM resource_groups WHERE tenant_id = $1) AS resource_groups,
               (SELECT COUNT(*) FROM resources WHERE tenant_id = $1) AS resources,
               (SELECT COUNT(*) FROM mail_lists WHERE tenant_id = $1) AS mail_lists",
        )
        .arg(id)
        .row(&mut *self.reader().await?)
        .await?;
        Ok(TenantContents {
            users: row.count("users")?,
            deleted_users: row.count("deleted_users")?,
            superadmins: row.count("superadmins")?,
            domains: row.count("domains")?,
            resource_groups: row.count("resource_groups")?,
            resources: row.count("resources")?,
            mail_lists: row.count("mail_lists")?,
        })
    }

    async fn delete_tenant(&self, id: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        if query::<D>("DELETE FROM tenants WHERE id = $1").arg(id).run(&mut *tx).await? == 0 {
            return Err(Error::not_found("tenant", id));
        }
        // One record: everything in the tenant went with it (README "Change feed").
        tx.changed(ObjectKind::Tenant, id, id, ChangeOp::Deleted);
        tx.commit(audit).await
    }
}
