//! ResourceService: resource groups (guide §2.12) and the bookable
//! resources in them (§2.13). Superadmins everywhere, admins inside their
//! own tenant.
//!
//! Rules decided here:
//! * a group name has 1–256 characters without `/`, is unique in its tenant
//!   and is matched case-insensitively (`Rooms` and `rooms` are one group);
//!   renaming keeps the group's resources; deleting a group deletes its
//!   resources and frees their addresses in the same transaction;
//! * a resource's address is an address like any other: unique in the
//!   installation and in a mail domain of the tenant. It and the group are
//!   fixed at creation; an update naming them is refused;
//! * `displayName` is required; `employeeType` is 0, 1 (the default) or 2;
//! * a request naming a group answers NOT_FOUND when the resource is in
//!   another group.

use std::{collections::BTreeSet, sync::Arc};

use super::listed_with_total;
use super::{Core, Page, PageRequest, RequestContext, UPDATE_ATTEMPTS, conflict_backoff};
use crate::domain::audit::{resource_group_view, resource_view};
use crate::domain::{
    self, Resource, ResourceField, ResourceGroup, ResourceInput,
    address::{domain_of, normalize_mail},
    resource::{MAX_RESOURCE_ADDRESS_BOOK_VISIBILITY, group_key, normalize_group_name},
    text::{MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, check_text},
    user::DEFAULT_ADDRESS_BOOK_VISIBILITY,
};
use crate::error::{Error, Result, Violations};

/// A change to a resource.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceUpdate {
    /// Identity (`tenant_id`, `mail`, optionally `group`) and new values.
    pub input: ResourceInput,
    /// Fields to change.
    pub fields: Vec<ResourceField>,
}

/// The resource service.
#[derive(Clone)]
pub struct Resources(pub(crate) Arc<Core>);

const CREATE_RESOURCE_GROUP: &str = "pbm.v2.ResourceService/CreateResourceGroup";
const RENAME_RESOURCE_GROUP: &str = "pbm.v2.ResourceService/RenameResourceGroup";
const DELETE_RESOURCE_GROUP: &str = "pbm.v2.ResourceService/DeleteResourceGroup";
const CREATE_RESOURCE: &str = "pbm.v2.ResourceService/CreateResource";
const UPDATE_RESOURCE: &str = "pbm.v2.ResourceService/UpdateResource";
const DELETE_RESOURCE: &str = "pbm.v2.ResourceService/DeleteResource";

fn group_target(tenant_id: &str, name: &str) -> String {
    format!("resource_group:{tenant_id}/{}", name.trim())
}

fn resource_target(mail: &str) -> String {
    format!("resource:{}", mail.trim().to_lowercase())
}

/// Sets one field of `resource` from `input`, recording violations.
fn apply(v: &mut Violations, resource: &mut Resource, input: &ResourceInput, field: ResourceField) {
    let path = format!("resource.{}", field.name());
    let mut text = |value: &str, max: usize| -> String {
        v.check(&path, check_text(value, max));
        value.trim().to_owned()
    };
    match field {
        ResourceField::DisplayName => {
            resource.display_name = text(&input.display_name, MAX_NAME_CHARS);
            if resource.display_name.is_empty() {
                v.required(&path);
            }
        }
        ResourceField::Description => resource.description = text(&input.description, MAX_DESCRIPTION_CHARS),
        ResourceField::City => resource.city = text(&input.city, MAX_NAME_CHARS),
        ResourceField::AddressBookVisibility => match input.address_book_visibility {
            Some(n) if !(0..=MAX_RESOURCE_ADDRESS_BOOK_VISIBILITY).contains(&n) => {
                v.invalid(&path, format!("must be between 0 and {MAX_RESOURCE_ADDRESS_BOOK_VISIBILITY}"))
            }
            n => resource.address_book_visibility = n.unwrap_or(DEFAULT_ADDRESS_BOOK_VISIBILITY),
        },
    }
}

impl Resources {
    fn core(&self) -> &Core {
        &self.0
    }

    async fn existing_group(&self, tenant_id: &str, name: &str) -> Result<ResourceGroup> {
        self.core()
            .directory
            .get_resource_group(tenant_id, name.trim())
            .await?
            .ok_or_else(|| Error::not_found("resource group", name.trim()))
    }

    /// The resource of the tenant; when `group` is given it must hold it.
    async fn existing_resource(&self, tenant_id: &str, group: &str, mail: &str) -> Result<Resource> {
        let mail = mail.trim().to_lowercase();
        match self.core().directory.get_resource(tenant_id, &mail).await? {
            Some(resource) if group.trim().is_empty() || group_key(group) == group_key(&resource.group) => Ok(resource),
            Some(_) => Err(Error::not_found("resource", format!("{mail} in group {}", group.trim()))),
            None => Err(Error::not_found("resource", mail)),
        }
    }

    /// Lists the resource groups of a tenant, ordered by name.
    pub async fn list_groups(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page<ResourceGroup>> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let page = PageRequest::decode(page_size, page_token, &[tenant_id, "resource_groups"])?;
        self.core().existing_tenant(tenant_id).await?;
        let dir = &self.core().directory;
        let (items, total) = listed_with_total(
            || dir.list_resource_groups(tenant_id, page.after(), page.fetch()),
            || dir.count_resource_groups(tenant_id),
        )
        .await?;
        Ok(page.page(items, total, |g| group_key(&g.name)))
    }

    /// Reads a resource group.
    pub async fn get_group(&self, ctx: &RequestContext, tenant_id: &str, name: &str) -> Result<ResourceGroup> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        self.existing_group(tenant_id, name).await
    }

    /// Creates a resource group.
    pub async fn create_group(&self, ctx: &RequestContext, tenant_id: &str, name: &str) -> Result<ResourceGroup> {
        let target = group_target(tenant_id, name);
        self.core()
            .audited(ctx, CREATE_RESOURCE_GROUP, tenant_id, &target, self.do_create_group(ctx, tenant_id, name))
            .await
    }

    async fn do_create_group(&self, ctx: &RequestContext, tenant_id: &str, name: &str) -> Result<ResourceGroup> {
        let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let name = if name.trim().is_empty() {
            return Err(Error::required("name"));
        } else {
            normalize_group_name(name).map_err(|e| Error::invalid("name", e))?
        };
        self.core().existing_tenant(tenant_id).await?;
        let now = domain::now();
        let group = ResourceGroup {
            tenant_id: tenant_id.to_owned(),
            name,
            resource_count: 0,
            created_at: now,
            updated_at: now,
        };
        let event = self
            .core()
            .event(ctx, &caller, CREATE_RESOURCE_GROUP, tenant_id, group_target(tenant_id, &group.name))
            .after(resource_group_view(&group));
        self.core().directory.create_resource_group(&group, &event).await?;
        tracing::info!(group = %group.name, tenant = %tenant_id, by = %caller.account, "resource group created");
        self.existing_group(tenant_id, &group.name).await
    }

    /// Renames a resource group; its resources stay in it.
    pub async fn rename_group(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        name: &str,
        new_name: &str,
    ) -> Result<ResourceGroup> {
        let target = group_target(tenant_id, name);
        self.core()
            .audited(
                ctx,
                RENAME_RESOURCE_GROUP,
                tenant_id,
                &target,
                self.do_rename_group(ctx, tenant_id, name, new_name),
            )
            .await
    }

    async fn do_rename_group(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        name: &str,
        new_name: &str,
    ) -> Result<ResourceGroup> {
        let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let new_name = if new_name.trim().is_empty() {
            return Err(Error::required("new_name"));
        } else {
            normalize_group_name(new_name).map_err(|e| Error::invalid("new_name", e))?
        };
        let before = self.existing_group(tenant_id, name).await?;
        let after = ResourceGroup { name: new_name.clone(), updated_at: domain::now(), ..before.clone() };
        let event = self
            .core()
            .event(ctx, &caller, RENAME_RESOURCE_GROUP, tenant_id, group_target(tenant_id, &before.name))
            .before(resource_group_view(&before))
            .after(resource_group_view(&after));
        self.core()
            .directory
            .rename_resource_group(tenant_id, &before.name, &new_name, after.updated_at, &event)
            .await?;
        tracing::info!(group = %before.name, new_name = %new_name, tenant = %tenant_id, by = %caller.account, "resource group renamed");
        self.existing_group(tenant_id, &new_name).await
    }

    /// Deletes a resource group and its resources.
    pub async fn delete_group(&self, ctx: &RequestContext, tenant_id: &str, name: &str) -> Result<()> {
        let target = group_target(tenant_id, name);
        self.core()
            .audited(ctx, DELETE_RESOURCE_GROUP, tenant_id, &target, self.do_delete_group(ctx, tenant_id, name))
            .await
    }

    async fn do_delete_group(&self, ctx: &RequestContext, tenant_id: &str, name: &str) -> Result<()> {
        let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let before = self.existing_group(tenant_id, name).await?;
        let mut view = resource_group_view(&before);
        view["resource_count"] = serde_json::json!(before.resource_count);
        let event = self
            .core()
            .event(ctx, &caller, DELETE_RESOURCE_GROUP, tenant_id, group_target(tenant_id, &before.name))
            .before(view);
        let freed = self.core().directory.delete_resource_group(tenant_id, &before.name, &event).await?;
        tracing::info!(
            group = %before.name, tenant = %tenant_id, by = %caller.account, resources = freed.len(),
            "resource group deleted with its resources"
        );
        Ok(())
    }

    /// Lists the resources of a group, ordered by address.
    pub async fn list(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        group: &str,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page<Resource>> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        if group.trim().is_empty() {
            return Err(Error::required("group"));
        }
        let page = PageRequest::decode(page_size, page_token, &[tenant_id, &group_key(group), "resources"])?;
        let group = self.existing_group(tenant_id, group).await?;
        let dir = &self.core().directory;
        let (items, total) = listed_with_total(
            || dir.list_resources(tenant_id, &group.name, page.after(), page.fetch()),
            || dir.count_resources(tenant_id, &group.name),
        )
        .await?;
        Ok(page.page(items, total, |r| r.mail.clone()))
    }

    /// Reads a resource.
    pub async fn get(&self, ctx: &RequestContext, tenant_id: &str, group: &str, mail: &str) -> Result<Resource> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        self.existing_resource(tenant_id, group, mail).await
    }

    /// Creates a resource in a group.
    pub async fn create(&self, ctx: &RequestContext, input: ResourceInput) -> Result<Resource> {
        let (tenant, target) = (input.tenant_id.clone(), resource_target(&input.mail));
        self.core().audited(ctx, CREATE_RESOURCE, &tenant, &target, self.do_create(ctx, input)).await
    }

    async fn do_create(&self, ctx: &RequestContext, input: ResourceInput) -> Result<Resource> {
        let tenant_id = input.tenant_id.clone();
        let caller = self.core().admin_of(ctx, &tenant_id, "resource.tenant_id").await?;
        let domains = self.core().tenant_domains(&tenant_id).await?;
        let mut v = Violations::new();
        if input.group.trim().is_empty() {
            v.required("resource.group");
        }
        let mail = tenant_address(&mut v, "resource.mail", &input.mail, &domains);
        let now = domain::now();
        let mut resource = Resource {
            tenant_id: tenant_id.clone(),
            group: input.group.trim().to_owned(),
            mail,
            display_name: String::new(),
            description: String::new(),
            city: String::new(),
            address_book_visibility: DEFAULT_ADDRESS_BOOK_VISIBILITY,
            created_at: now,
            updated_at: now,
            revision: 1,
        };
        for field in ResourceField::ALL {
            apply(&mut v, &mut resource, &input, field);
        }
        v.finish()?;
        let event = self
            .core()
            .event(ctx, &caller, CREATE_RESOURCE, &tenant_id, resource_target(&resource.mail))
            .after(resource_view(&resource));
        self.core().directory.create_resource(&resource, &event).await?;
        tracing::info!(resource = %resource.mail, group = %resource.group, tenant = %tenant_id, by = %caller.account, "resource created");
        self.existing_resource(&tenant_id, "", &resource.mail).await
    }

    /// Changes a resource's display name, description, city or visibility.
    pub async fn update(&self, ctx: &RequestContext, update: ResourceUpdate) -> Result<Resource> {
        let (tenant, target) = (update.input.tenant_id.clone(), resource_target(&update.input.mail));
        self.core().audited(ctx, UPDATE_RESOURCE, &tenant, &target, self.do_update(ctx, update)).await
    }

    async fn do_update(&self, ctx: &RequestContext, update: ResourceUpdate) -> Result<Resource> {
        let tenant_id = update.input.tenant_id.clone();
        let caller = self.core().admin_of(ctx, &tenant_id, "resource.tenant_id").await?;
        let mail = update.input.mail.trim().to_lowercase();
        if mail.is_empty() {
            return Err(Error::required("resource.mail"));
        }
        if update.fields.is_empty() {
            return Err(Error::required("update_mask"));
        }
        for attempt in 0..UPDATE_ATTEMPTS {
            let before = self.existing_resource(&tenant_id, &update.input.group, &mail).await?;
            let mut after = before.clone();
            let mut v = Violations::new();
            for field in &update.fields {
                apply(&mut v, &mut after, &update.input, *field);
            }
            v.finish()?;
            after.updated_at = domain::now();
            let event = self
                .core()
                .event(ctx, &caller, UPDATE_RESOURCE, &tenant_id, resource_target(&mail))
                .before(resource_view(&before))
                .after(resource_view(&after));
            match self.core().directory.update_resource(&after, &event).await {
                Ok(stored) => {
                    tracing::info!(resource = %mail, tenant = %tenant_id, by = %caller.account, "resource updated");
                    return Ok(stored);
                }
                Err(Error::Aborted(_)) => conflict_backoff(attempt).await,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Aborted(format!("resource {mail}")))
    }

    /// Deletes a resource and frees its address.
    pub async fn delete(&self, ctx: &RequestContext, tenant_id: &str, group: &str, mail: &str) -> Result<()> {
        let target = resource_target(mail);
        self.core().audited(ctx, DELETE_RESOURCE, tenant_id, &target, self.do_delete(ctx, tenant_id, group, mail)).await
    }

    async fn do_delete(&self, ctx: &RequestContext, tenant_id: &str, group: &str, mail: &str) -> Result<()> {
        let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let before = self.existing_resource(tenant_id, group, mail).await?;
        let event = self
            .core()
            .event(ctx, &caller, DELETE_RESOURCE, tenant_id, resource_target(&before.mail))
            .before(resource_view(&before));
        self.core().directory.delete_resource(tenant_id, &before.mail, &event).await?;
        tracing::info!(resource = %before.mail, tenant = %tenant_id, by = %caller.account, "resource deleted");
        Ok(())
    }
}

/// Normalises a required address that must be in one of the tenant's mail
/// domains, recording violations on `field`; empty when invalid.
pub(crate) fn tenant_address(v: &mut Violations, field: &str, raw: &str, domains: &BTreeSet<String>) -> String {
    if raw.trim().is_empty() {
        v.required(field);
        return String::new();
    }
    match normalize_mail(raw) {
        Err(e) => {
            v.invalid(field, e);
            String::new()
        }
        Ok(address) if !domains.contains(domain_of(&address)) => {
            v.invalid(field, format!("domain {} is not a mail domain of the tenant", domain_of(&address)));
            String::new()
        }
        Ok(address) => address,
    }
}
