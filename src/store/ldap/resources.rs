//! Resource groups and resources on LDAP, both under `ou=resources`.
//!
//! A group is named `cn=<name>+tenant-id=<tenant>`: the directory's own
//! case-insensitive matching of `cn` makes the name unique in its tenant,
//! and a rename is one modify-DN (atomic; the resources do not move). A
//! resource (`pbmResource`, named `uid=<mail>`) points at its group's stable
//! `pbmId`. Deleting a group first marks it `pbmDeleting` — from then on
//! neither it nor its resources are found — then deletes the resources,
//! freeing their addresses, and the group; the sweep finishes a deletion a
//! crash interrupted.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ldap3::Scope;

use super::conn::{Entry, Mods, Outcome};
use super::mapping;
use super::{LdapChange, LdapStore, and, eq, int, new_id};
use crate::domain::{
    AddressKind, AuditEvent, ChangeOp, ObjectChange, ObjectKind, Resource, ResourceGroup, resource::group_key,
};
use crate::error::{Error, Result};
use crate::ports::ResourceStore;
use crate::store::{from_micros, to_micros};

/// Attributes of a group entry.
const GROUP_ATTRS: &[&str] = &["cn", "tenant-id", "pbmId", "pbmCreatedAt", "pbmUpdatedAt", "pbmDeleting"];
/// Attributes of a resource entry.
const RESOURCE_ATTRS: &[&str] = &[
    "mail",
    "tenant-id",
    "pbmGroupId",
    "displayName",
    "description",
    "l",
    "employeeType",
    "pbmCreatedAt",
    "pbmUpdatedAt",
    "pbmRevision",
];

pub(super) fn group_from_entry(entry: &Entry, resource_count: u64) -> Result<ResourceGroup> {
    Ok(ResourceGroup {
        tenant_id: entry.text("tenant-id"),
        name: entry.text("cn"),
        resource_count,
        created_at: from_micros(entry.required_int("pbmCreatedAt")?),
        updated_at: from_micros(entry.required_int("pbmUpdatedAt")?),
    })
}

pub(super) fn resource_from_entry(entry: &Entry, group: &str) -> Result<Resource> {
    Ok(Resource {
        tenant_id: entry.text("tenant-id"),
        group: group.to_owned(),
        mail: entry.text("mail"),
        display_name: entry.text("displayName"),
        description: entry.text("description"),
        city: entry.text("l"),
        address_book_visibility: entry.int("employeeType")?.unwrap_or_default() as i32,
        created_at: from_micros(entry.required_int("pbmCreatedAt")?),
        updated_at: from_micros(entry.required_int("pbmUpdatedAt")?),
        revision: entry.required_int("pbmRevision")?,
    })
}

impl LdapStore {
    /// A live group of the tenant by name in any case.
    async fn read_group(&self, tenant_id: &str, name: &str) -> Result<Option<Entry>> {
        let entry = self.pool.read(&self.group_dn(tenant_id, name), GROUP_ATTRS).await?;
        Ok(entry.filter(|g| !g.flag("pbmDeleting") && g.text("tenant-id").eq_ignore_ascii_case(tenant_id)))
    }

    /// A live group by its id.
    async fn group_by_id(&self, id: &str) -> Result<Option<Entry>> {
        let filter = and("pbmResourceGroup", &[eq("pbmId", id), "(!(pbmDeleting=TRUE))".to_owned()]);
        Ok(self.pool.search(&self.layout.resources, Scope::OneLevel, &filter, GROUP_ATTRS).await?.into_iter().next())
    }

    /// The resources of a group, sorted by address.
    async fn resources_of(&self, group_id: &str) -> Result<Vec<Entry>> {
        let filter = and("pbmResource", &[eq("pbmGroupId", group_id)]);
        let mut entries = self.pool.search(&self.layout.resources, Scope::OneLevel, &filter, RESOURCE_ATTRS).await?;
        entries.sort_by_key(|e| e.text("mail"));
        Ok(entries)
    }

    /// Deletes the resources of a group marked `pbmDeleting`, freeing their
    /// addresses, then the group; returns the addresses freed. Idempotent:
    /// the sweep calls it for interrupted deletions.
    /// The lists the addresses leave are added to `change`, when given.
    pub(super) async fn finish_group_deletion(
        &self,
        group: &Entry,
        mut change: Option<&mut LdapChange<'_>>,
    ) -> Result<Vec<String>> {
        let mut freed = Vec::new();
        for resource in self.resources_of(&group.text("pbmId")).await? {
            match self.pool.delete(&resource.dn).await? {
                Outcome::Done | Outcome::NoSuchObject => {}
                other => return Err(Error::internal(anyhow::anyhow!("deleting {}: {other:?}", resource.dn))),
            }
            let mail = resource.text("mail");
            self.free(&resource.text("tenant-id"), &mail, change.as_deref_mut()).await?;
            freed.push(mail);
        }
        match self.pool.delete(&group.dn).await? {
            Outcome::Done | Outcome::NoSuchObject => Ok(freed),
            other => Err(Error::internal(anyhow::anyhow!("deleting {}: {other:?}", group.dn))),
        }
    }
}

#[async_trait]
impl ResourceStore for LdapStore {
    async fn list_resource_groups(
        &self,
        tenant_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ResourceGroup>> {
        self.reading_listing(Some(tenant_id)).await;
        let filter = and("pbmResourceGroup", &[eq("tenant-id", tenant_id), "(!(pbmDeleting=TRUE))".to_owned()]);
        let mut groups = self.pool.search(&self.layout.resources, Scope::OneLevel, &filter, GROUP_ATTRS).await?;
        groups.sort_by_key(|g| group_key(&g.text("cn")));
        groups.retain(|g| after.is_none_or(|a| group_key(&g.text("cn")).as_str() > a));
        groups.truncate(limit);
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let filter = and("pbmResource", &[eq("tenant-id", tenant_id)]);
        let mut counts: HashMap<String, u64> = HashMap::new();
        for resource in self.pool.search(&self.layout.resources, Scope::OneLevel, &filter, &["pbmGroupId"]).await? {
            *counts.entry(resource.text("pbmGroupId").to_lowercase()).or_default() += 1;
        }
        groups
            .iter()
            .map(|g| group_from_entry(g, counts.get(&g.text("pbmId").to_lowercase()).copied().unwrap_or(0)))
            .collect()
    }

    async fn count_resource_groups(&self, tenant_id: &str) -> Result<u64> {
        self.reading_listing(Some(tenant_id)).await;
        let filter = and("pbmResourceGroup", &[eq("tenant-id", tenant_id), "(!(pbmDeleting=TRUE))".to_owned()]);
        self.count(&self.layout.resources, &filter).await
    }

    async fn get_resource_group(&self, tenant_id: &str, name: &str) -> Result<Option<ResourceGroup>> {
        let Some(group) = self.read_group(tenant_id, name).await? else { return Ok(None) };
        let count =
            self.count(&self.layout.resources, &and("pbmResource", &[eq("pbmGroupId", &group.text("pbmId"))])).await?;
        Ok(Some(group_from_entry(&group, count)?))
    }

    async fn create_resource_group(&self, group: &ResourceGroup, audit: &AuditEvent) -> Result<()> {
        let change = self
            .change(vec![ObjectChange::new(ObjectKind::ResourceGroup, &group.tenant_id, &group.name, ChangeOp::Added)])
            .await?;
        if self.tenant_live(&group.tenant_id).await?.is_none() {
            return Err(Error::not_found("tenant", &group.tenant_id));
        }
        let attrs = mapping::group_attrs(group, &new_id());
        match self.pool.add(&self.group_dn(&group.tenant_id, &group.name), &attrs).await? {
            Outcome::Done => {}
            Outcome::AlreadyExists => return Err(Error::already_exists("resource group", &group.name)),
            other => return Err(Error::internal(anyhow::anyhow!("adding group {}: {other:?}", group.name))),
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn rename_resource_group(
        &self,
        tenant_id: &str,
        name: &str,
        new_name: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<()> {
        let Some(group) = self.read_group(tenant_id, name).await? else {
            return Err(Error::not_found("resource group", name));
        };
        // A new name is a new key; the group's resources name it.
        let mut changes = vec![
            ObjectChange::new(ObjectKind::ResourceGroup, tenant_id, name, ChangeOp::Deleted),
            ObjectChange::new(ObjectKind::ResourceGroup, tenant_id, new_name, ChangeOp::Added),
        ];
        changes.extend(
            self.resources_of(&group.text("pbmId"))
                .await?
                .iter()
                .map(|r| ObjectChange::new(ObjectKind::Resource, tenant_id, &r.text("mail"), ChangeOp::Modified)),
        );
        let change = self.change(changes).await?;
        // The commit point: one modify-DN; the name's uniqueness is the DN's.
        match self.pool.rename(&group.dn, &Self::group_rdn(tenant_id, new_name), None).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("resource group", name)),
            Outcome::AlreadyExists => return Err(Error::already_exists("resource group", new_name)),
            other => return Err(Error::internal(anyhow::anyhow!("renaming group {name}: {other:?}"))),
        }
        let dn = self.group_dn(tenant_id, new_name);
        if let Err(e) = self.pool.modify(&dn, Mods::default().set("pbmUpdatedAt", int(to_micros(at)))).await {
            tracing::warn!(error = %e, group = new_name, "group renamed; its change time stays");
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn delete_resource_group(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<Vec<String>> {
        let Some(group) = self.read_group(tenant_id, name).await? else {
            return Err(Error::not_found("resource group", name));
        };
        let mut changes = vec![ObjectChange::new(ObjectKind::ResourceGroup, tenant_id, name, ChangeOp::Deleted)];
        changes.extend(
            self.resources_of(&group.text("pbmId"))
                .await?
                .iter()
                .map(|r| ObjectChange::new(ObjectKind::Resource, tenant_id, &r.text("mail"), ChangeOp::Deleted)),
        );
        let mut change = self.change(changes).await?;
        // The commit point: the group and its resources disappear for every reader.
        match self.pool.modify(&group.dn, Mods::default().add("pbmDeleting", "TRUE")).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject | Outcome::ValueExists => return Err(Error::not_found("resource group", name)),
            other => return Err(Error::internal(anyhow::anyhow!("marking group {name} deleted: {other:?}"))),
        }
        let freed = self.finish_group_deletion(&group, Some(&mut change)).await?;
        change.audited(audit).await;
        Ok(freed)
    }

    async fn list_resources(
        &self,
        tenant_id: &str,
        group: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Resource>> {
        self.reading_listing(Some(tenant_id)).await;
        let Some(group) = self.read_group(tenant_id, group).await? else { return Ok(Vec::new()) };
        let name = group.text("cn");
        self.resources_of(&group.text("pbmId"))
            .await?
            .iter()
            .filter(|r| after.is_none_or(|a| r.text("mail").as_str() > a))
            .take(limit)
            .map(|r| resource_from_entry(r, &name))
            .collect()
    }

    async fn count_resources(&self, tenant_id: &str, group: &str) -> Result<u64> {
        self.reading_listing(Some(tenant_id)).await;
        let Some(group) = self.read_group(tenant_id, group).await? else { return Ok(0) };
        self.count(&self.layout.resources, &and("pbmResource", &[eq("pbmGroupId", &group.text("pbmId"))])).await
    }

    async fn get_resource(&self, tenant_id: &str, mail: &str) -> Result<Option<Resource>> {
        let Some(entry) = self.pool.read(&self.resource_dn(mail), RESOURCE_ATTRS).await? else { return Ok(None) };
        if !entry.text("tenant-id").eq_ignore_ascii_case(tenant_id) || !entry.has("pbmGroupId") {
            return Ok(None);
        }
        let Some(group) = self.group_by_id(&entry.text("pbmGroupId")).await? else { return Ok(None) };
        Ok(Some(resource_from_entry(&entry, &group.text("cn"))?))
    }

    async fn create_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<()> {
        let change = self
            .change(vec![ObjectChange::new(ObjectKind::Resource, &resource.tenant_id, &resource.mail, ChangeOp::Added)])
            .await?;
        let Some(group) = self.read_group(&resource.tenant_id, &resource.group).await? else {
            return Err(Error::not_found("resource group", &resource.group));
        };
        let claim =
            self.claim_in_domain(&resource.mail, &resource.tenant_id, AddressKind::Resource, &resource.mail).await?;
        let attrs = mapping::resource_attrs(resource, &group.text("pbmId"));
        match self.pool.add(&self.resource_dn(&resource.mail), &attrs).await {
            Ok(Outcome::Done) => {}
            other => {
                self.undo(&[claim]).await;
                return Err(match other {
                    Ok(Outcome::AlreadyExists) => Error::already_exists("address", &resource.mail),
                    Ok(o) => Error::internal(anyhow::anyhow!("adding resource {}: {o:?}", resource.mail)),
                    Err(e) => e,
                });
            }
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn update_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<Resource> {
        let change = self
            .change(vec![ObjectChange::new(
                ObjectKind::Resource,
                &resource.tenant_id,
                &resource.mail,
                ChangeOp::Modified,
            )])
            .await?;
        let Some(current) = self.get_resource(&resource.tenant_id, &resource.mail).await? else {
            return Err(Error::not_found("resource", &resource.mail));
        };
        if current.revision != resource.revision {
            return Err(Error::Aborted(format!("resource {}", resource.mail)));
        }
        let mods = Mods::default()
            .revision(resource.revision)
            .set("cn", resource.display_name.as_str())
            .set("displayName", resource.display_name.as_str())
            .set("description", resource.description.as_str())
            .set("l", resource.city.as_str())
            .set("employeeType", int(resource.address_book_visibility as i64))
            .set("pbmUpdatedAt", int(to_micros(resource.updated_at)));
        match self.pool.modify(&self.resource_dn(&resource.mail), mods).await? {
            Outcome::Done => {}
            Outcome::NoSuchAttribute => return Err(Error::Aborted(format!("resource {}", resource.mail))),
            Outcome::NoSuchObject => return Err(Error::not_found("resource", &resource.mail)),
            other => return Err(Error::internal(anyhow::anyhow!("updating resource {}: {other:?}", resource.mail))),
        }
        change.audited(audit).await;
        Ok(Resource { revision: resource.revision + 1, ..resource.clone() })
    }

    async fn delete_resource(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let mut change =
            self.change(vec![ObjectChange::new(ObjectKind::Resource, tenant_id, mail, ChangeOp::Deleted)]).await?;
        if self.get_resource(tenant_id, mail).await?.is_none() {
            return Err(Error::not_found("resource", mail));
        }
        match self.pool.delete(&self.resource_dn(mail)).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("resource", mail)),
            other => return Err(Error::internal(anyhow::anyhow!("deleting resource {mail}: {other:?}"))),
        }
        self.free(tenant_id, mail, Some(&mut change)).await?;
        change.audited(audit).await;
        Ok(())
    }
}
