//! Tenants on LDAP: one `pbmTenant` entry per tenant under `ou=Tenants`,
//! named by its id, holding its display name, language and default mail
//! domain (so that moving the default is one modify). Its mail domains are
//! in `mail_domains.rs`.
//!
//! Deleting a tenant first marks it `pbmDeleting` — from then on it and its
//! objects are gone for every tenant-scoped read — then deletes what it
//! holds and finally the tenant entry; the sweep finishes a deletion a
//! crash interrupted.

use std::collections::HashMap;

use async_trait::async_trait;
use ldap3::Scope;

use super::conn::{Entry, Mods, Outcome};
use super::mapping;
use super::{LdapStore, and, eq, int};
use crate::domain::{AuditEvent, ChangeOp, MailDomain, ObjectChange, ObjectKind, Tenant, TenantContents};
use crate::error::{Error, Result};
use crate::ports::TenantStore;
use crate::store::{from_micros, to_micros};

/// Attributes of a tenant entry.
const TENANT_ATTRS: &[&str] = &["tenant-id", "displayName", "lang", "pbmDefaultDomain", "pbmCreatedAt", "pbmUpdatedAt"];

pub(super) fn tenant_from_entry(entry: &Entry) -> Result<Tenant> {
    Ok(Tenant {
        id: entry.text("tenant-id"),
        display_name: entry.text("displayName"),
        lang: entry.text("lang"),
        default_domain: entry.text("pbmDefaultDomain"),
        domains: Vec::new(),
        created_at: from_micros(entry.required_int("pbmCreatedAt")?),
        updated_at: from_micros(entry.required_int("pbmUpdatedAt")?),
    })
}

impl LdapStore {
    /// Live tenants (not being deleted), sorted by id.
    async fn live_tenants(&self) -> Result<Vec<Tenant>> {
        let filter = and("pbmTenant", &["(!(pbmDeleting=TRUE))".to_owned()]);
        let entries = self.pool.search(&self.layout.tenants, Scope::OneLevel, &filter, TENANT_ATTRS).await?;
        let mut tenants = entries.iter().map(tenant_from_entry).collect::<Result<Vec<_>>>()?;
        tenants.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(tenants)
    }

    /// Fills the domains of the given tenants.
    async fn attach_domains(&self, tenants: &mut [Tenant]) -> Result<()> {
        if tenants.is_empty() {
            return Ok(());
        }
        let ids: String = tenants.iter().map(|t| eq("tenant-id", &t.id)).collect();
        let filter = and("pbmMailDomain", &[format!("(|{ids})")]);
        let entries = self.pool.search(&self.layout.domains, Scope::OneLevel, &filter, &["cn", "tenant-id"]).await?;
        let mut by_tenant: HashMap<String, Vec<String>> = HashMap::new();
        for entry in entries {
            by_tenant.entry(entry.text("tenant-id").to_lowercase()).or_default().push(entry.text("cn"));
        }
        for tenant in tenants.iter_mut() {
            let mut domains = by_tenant.remove(&tenant.id.to_lowercase()).unwrap_or_default();
            domains.sort();
            tenant.domains = domains;
        }
        Ok(())
    }

    /// Deletes everything a tenant marked `pbmDeleting` holds, then the
    /// tenant entry. Idempotent: the sweep calls it for interrupted deletions.
    pub(super) async fn finish_tenant_deletion(&self, id: &str) -> Result<()> {
        let of_tenant = |class: &str| and(class, &[eq("tenant-id", id)]);
        let bases: [(&str, String); 8] = [
            (self.layout.people.as_str(), of_tenant("pbmUser")),
            (self.layout.blocked.as_str(), of_tenant("pbmUser")),
            (self.layout.resources.as_str(), of_tenant("pbmResource")),
            (self.layout.resources.as_str(), of_tenant("pbmResourceGroup")),
            (self.layout.groups.as_str(), of_tenant("pbmMailList")),
            (self.layout.contacts.as_str(), of_tenant("pbmContact")),
            (self.layout.addresses.as_str(), of_tenant("pbmAddressClaim")),
            (self.layout.domains.as_str(), of_tenant("pbmMailDomain")),
        ];
        for (base, filter) in bases {
            for entry in self.pool.search(base, Scope::Subtree, &filter, &["1.1"]).await? {
                match self.pool.delete(&entry.dn).await? {
                    Outcome::Done | Outcome::NoSuchObject => {}
                    other => return Err(Error::internal(anyhow::anyhow!("deleting {}: {other:?}", entry.dn))),
                }
            }
        }
        match self.pool.delete(&self.tenant_dn(id)).await? {
            Outcome::Done | Outcome::NoSuchObject => Ok(()),
            other => Err(Error::internal(anyhow::anyhow!("deleting tenant {id}: {other:?}"))),
        }
    }
}

#[async_trait]
impl TenantStore for LdapStore {
    async fn list_tenants(&self, after: Option<&str>, limit: usize) -> Result<Vec<Tenant>> {
        self.reading_listing(None).await;
        let mut tenants: Vec<Tenant> = self
            .live_tenants()
            .await?
            .into_iter()
            .filter(|t| after.is_none_or(|a| t.id.as_str() > a))
            .take(limit)
            .collect();
        self.attach_domains(&mut tenants).await?;
        Ok(tenants)
    }

    async fn count_tenants(&self) -> Result<u64> {
        self.reading_listing(None).await;
        Ok(self.live_tenants().await?.len() as u64)
    }

    async fn get_tenant(&self, id: &str) -> Result<Option<Tenant>> {
        let Some(entry) = self.tenant_live(id).await? else { return Ok(None) };
        let mut tenants = [tenant_from_entry(&entry)?];
        self.attach_domains(&mut tenants).await?;
        let [tenant] = tenants;
        Ok(Some(tenant))
    }

    async fn create_tenant(&self, tenant: &Tenant, domain: &MailDomain, audit: &AuditEvent) -> Result<()> {
        let change = self
            .change(vec![
                ObjectChange::new(ObjectKind::Tenant, &tenant.id, &tenant.id, ChangeOp::Added),
                ObjectChange::new(ObjectKind::MailDomain, &tenant.id, &domain.name, ChangeOp::Added),
            ])
            .await?;
        // A tenant whose deletion was interrupted gives its id back first.
        if let Some(old) = self.pool.read(&self.tenant_dn(&tenant.id), &["pbmDeleting"]).await?
            && old.flag("pbmDeleting")
        {
            self.finish_tenant_deletion(&tenant.id).await?;
        }
        // The domain first: a name taken anywhere refuses the tenant, and a
        // tenant id taken gives the domain back.
        let domain_dn = self.domain_dn(&domain.name);
        let domain_attrs = mapping::domain_attrs(&MailDomain { tenant_id: tenant.id.clone(), ..domain.clone() });
        match self.pool.add(&domain_dn, &domain_attrs).await? {
            Outcome::Done => {}
            Outcome::AlreadyExists => return Err(Error::already_exists("domain", &domain.name)),
            other => return Err(Error::internal(anyhow::anyhow!("adding domain {}: {other:?}", domain.name))),
        }
        let attrs = mapping::tenant_attrs(tenant, &domain.name);
        let outcome = self.pool.add(&self.tenant_dn(&tenant.id), &attrs).await;
        match outcome {
            Ok(Outcome::Done) => {}
            Ok(Outcome::AlreadyExists) => {
                self.undo(&[domain_dn]).await;
                return Err(Error::already_exists("tenant", &tenant.id));
            }
            other => {
                self.undo(&[domain_dn]).await;
                return Err(match other {
                    Err(e) => e,
                    Ok(o) => Error::internal(anyhow::anyhow!("adding tenant {}: {o:?}", tenant.id)),
                });
            }
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn update_tenant(&self, tenant: &Tenant, audit: &AuditEvent) -> Result<()> {
        let change = self
            .change(vec![ObjectChange::new(ObjectKind::Tenant, &tenant.id, &tenant.id, ChangeOp::Modified)])
            .await?;
        if self.tenant_live(&tenant.id).await?.is_none() {
            return Err(Error::not_found("tenant", &tenant.id));
        }
        let mods = Mods::default()
            .set("displayName", tenant.display_name.as_str())
            .set("lang", tenant.lang.as_str())
            .set("pbmUpdatedAt", int(to_micros(tenant.updated_at)));
        match self.pool.modify(&self.tenant_dn(&tenant.id), mods).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("tenant", &tenant.id)),
            other => return Err(Error::internal(anyhow::anyhow!("updating tenant {}: {other:?}", tenant.id))),
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn tenant_contents(&self, id: &str) -> Result<TenantContents> {
        let of_tenant = |class: &str, extra: &[String]| {
            let mut parts = vec![eq("tenant-id", id)];
            parts.extend_from_slice(extra);
            and(class, &parts)
        };
        let live_groups = of_tenant("pbmResourceGroup", &["(!(pbmDeleting=TRUE))".to_owned()]);
        Ok(TenantContents {
            users: self.count(&self.layout.people, &of_tenant("pbmUser", &[])).await?,
            deleted_users: self.count(&self.layout.blocked, &of_tenant("pbmUser", &[])).await?,
            superadmins: self.count(&self.layout.people, &of_tenant("pbmUser", &[eq("employeeNumber", "3")])).await?
                + self.count(&self.layout.blocked, &of_tenant("pbmUser", &[eq("employeeNumber", "3")])).await?,
            domains: self.count(&self.layout.domains, &of_tenant("pbmMailDomain", &[])).await?,
            resource_groups: self.count(&self.layout.resources, &live_groups).await?,
            resources: self.count(&self.layout.resources, &of_tenant("pbmResource", &[])).await?,
            mail_lists: self.count(&self.layout.groups, &of_tenant("pbmMailList", &[])).await?,
        })
    }

    async fn delete_tenant(&self, id: &str, audit: &AuditEvent) -> Result<()> {
        // One record: everything in the tenant went with it (README "Change feed").
        let change = self.change(vec![ObjectChange::new(ObjectKind::Tenant, id, id, ChangeOp::Deleted)]).await?;
        // The commit point: from here on the tenant is gone for every read.
        match self.pool.modify(&self.tenant_dn(id), Mods::default().add("pbmDeleting", "TRUE")).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject | Outcome::ValueExists => return Err(Error::not_found("tenant", id)),
            other => return Err(Error::internal(anyhow::anyhow!("marking tenant {id} deleted: {other:?}"))),
        }
        change.audited(audit).await;
        if let Err(e) = self.finish_tenant_deletion(id).await {
            // The tenant is deleted for every reader; the sweep removes the rest.
            tracing::warn!(error = %e, tenant = id, "tenant deleted, but removing what it held was interrupted");
        }
        Ok(())
    }
}
