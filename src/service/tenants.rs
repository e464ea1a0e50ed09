//! TenantService: list, get, create (generated or given id), update and
//! delete tenants (guide §2.3). Superadmin only, except that an admin reads
//! their own tenant.

use std::sync::Arc;

use super::listed_with_total;
use super::{Core, Page, RequestContext};
use crate::domain::audit::tenant_view;
use crate::domain::{
    self, MailDomain, Tenant, TenantContents,
    address::{normalize_domain, normalize_tenant_id},
    page_token::{self, Cursor},
    text::{DEFAULT_LANG, MAX_NAME_CHARS, canonical_lang, check_text},
};
use crate::error::{Error, Result, Violations};

/// Input of a tenant creation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewTenant {
    /// Requested id; generated from the domain when empty.
    pub id: String,
    /// Display name; defaults to the domain.
    pub display_name: String,
    /// Language; defaults to en-US.
    pub lang: String,
    /// First mail domain.
    pub domain: String,
}

/// Changes to a tenant; `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TenantUpdate {
    /// The tenant.
    pub id: String,
    /// New display name.
    pub display_name: Option<String>,
    /// New language.
    pub lang: Option<String>,
}

/// The tenant service.
#[derive(Clone)]
pub struct Tenants(pub(crate) Arc<Core>);

const LIST_FINGERPRINT: &str = "tenants";
const CREATE_TENANT: &str = "pbm.v2.TenantService/CreateTenant";
const UPDATE_TENANT: &str = "pbm.v2.TenantService/UpdateTenant";
const DELETE_TENANT: &str = "pbm.v2.TenantService/DeleteTenant";

impl Tenants {
    /// Lists tenants: all of them for a superadmin, their own for an admin.
    pub async fn list(&self, ctx: &RequestContext, page_size: i32, page_token: &str) -> Result<Page<Tenant>> {
        let caller = self.0.authenticate(ctx).await?;
        let limit = page_token::page_size(page_size).map_err(|e| Error::invalid("page_size", e))?;
        let after = if page_token.is_empty() {
            None
        } else {
            Some(page_token::decode(page_token, LIST_FINGERPRINT).map_err(|e| Error::invalid("page_token", e))?)
        };
        if !caller.is_superadmin() {
            caller.require_admin_of(&caller.tenant_id)?;
            let own = self.0.existing_tenant(&caller.tenant_id).await?;
            let items = if after.is_none() { vec![own] } else { Vec::new() };
            return Ok(Page { items, next_page_token: String::new(), total_size: 1 });
        }
        let dir = &self.0.directory;
        let after = after.as_ref().map(|c| c.id.as_str());
        let (mut items, total_size) =
            listed_with_total(|| dir.list_tenants(after, limit + 1), || dir.count_tenants()).await?;
        let next_page_token = if items.len() > limit {
            items.truncate(limit);
            let last = items.last().expect("non-empty page");
            page_token::encode(&Cursor { key: String::new(), id: last.id.clone() }, LIST_FINGERPRINT)
        } else {
            String::new()
        };
        Ok(Page { items, next_page_token, total_size })
    }

    /// Reads a tenant.
    pub async fn get(&self, ctx: &RequestContext, id: &str) -> Result<Tenant> {
        let caller = self.0.authenticate(ctx).await?;
        caller.require_admin_of(id)?;
        self.0.existing_tenant(id).await
    }

    /// A tenant with what it holds (GetTenant's full view): the panel shows
    /// the counts before a forced deletion.
    pub async fn get_with_contents(&self, ctx: &RequestContext, id: &str) -> Result<(Tenant, TenantContents)> {
        let tenant = self.get(ctx, id).await?;
        let contents = self.0.directory.tenant_contents(&tenant.id).await?;
        Ok((tenant, contents))
    }

    /// Creates a tenant with its first (default) mail domain.
    pub async fn create(&self, ctx: &RequestContext, input: NewTenant) -> Result<Tenant> {
        let id = input.id.trim().to_lowercase();
        self.0.audited(ctx, CREATE_TENANT, &id, &format!("tenant:{id}"), self.do_create(ctx, input)).await
    }

    async fn do_create(&self, ctx: &RequestContext, input: NewTenant) -> Result<Tenant> {
        let caller = self.0.authenticate(ctx).await?;
        caller.require_superadmin()?;
        let mut violations = Violations::new();
        let domain = if input.domain.trim().is_empty() {
            violations.required("domain");
            String::new()
        } else {
            normalize_domain(&input.domain).unwrap_or_else(|e| {
                violations.invalid("domain", e);
                String::new()
            })
        };
        let id = if input.id.trim().is_empty() {
            None
        } else {
            normalize_tenant_id(&input.id).map(Some).unwrap_or_else(|e| {
                violations.invalid("tenant_id", e);
                None
            })
        };
        violations.check("tenant.display_name", check_text(&input.display_name, MAX_NAME_CHARS));
        let lang = if input.lang.is_empty() {
            DEFAULT_LANG
        } else {
            canonical_lang(&input.lang).unwrap_or_else(|e| {
                violations.invalid("tenant.lang", e);
                DEFAULT_LANG
            })
        };
        violations.finish()?;
        let dir = &self.0.directory;
        if let Some(owner) = dir.get_mail_domain(&domain).await? {
            return Err(Error::AlreadyExists {
                kind: "domain",
                name: format!("{domain} (owned by tenant {})", owner.tenant_id),
            });
        }
        let id = match id {
            Some(id) => id,
            None => self.generate_id(&domain).await?,
        };
        let now = domain::now();
        let display_name =
            if input.display_name.trim().is_empty() { domain.clone() } else { input.display_name.trim().to_owned() };
        let tenant = Tenant {
            id: id.clone(),
            display_name,
            lang: lang.to_owned(),
            default_domain: domain.clone(),
            domains: vec![domain.clone()],
            created_at: now,
            updated_at: now,
        };
        let first_domain = MailDomain {
            name: domain,
            tenant_id: id.clone(),
            display_name: String::new(),
            description: String::new(),
            associated_domain: String::new(),
            is_default: true,
            created_at: now,
        };
        let event = self.0.event(ctx, &caller, CREATE_TENANT, &id, format!("tenant:{id}")).after(tenant_view(&tenant));
        dir.create_tenant(&tenant, &first_domain, &event).await?;
        tracing::info!(tenant = %id, by = %caller.account, "tenant created");
        self.0.existing_tenant(&id).await
    }

    /// A free id derived from the domain: the domain itself, else with a
    /// numeric suffix.
    async fn generate_id(&self, domain: &str) -> Result<String> {
        let base: String = domain.chars().take(58).collect();
        for n in 1..1000 {
            let candidate = if n == 1 { base.clone() } else { format!("{base}-{n}") };
            if self.0.directory.get_tenant(&candidate).await?.is_none() {
                return Ok(candidate);
            }
        }
        Err(Error::already_exists("tenant", base))
    }

    /// Changes a tenant's display name or language.
    pub async fn update(&self, ctx: &RequestContext, update: TenantUpdate) -> Result<Tenant> {
        let id = update.id.clone();
        self.0.audited(ctx, UPDATE_TENANT, &id, &format!("tenant:{id}"), self.do_update(ctx, update)).await
    }

    async fn do_update(&self, ctx: &RequestContext, update: TenantUpdate) -> Result<Tenant> {
        let caller = self.0.authenticate(ctx).await?;
        caller.require_superadmin()?;
        let before = self.0.existing_tenant(&update.id).await?;
        let mut tenant = before.clone();
        let mut violations = Violations::new();
        if let Some(name) = update.display_name {
            violations.check("tenant.display_name", check_text(&name, MAX_NAME_CHARS));
            if name.trim().is_empty() {
                violations.required("tenant.display_name");
            }
            tenant.display_name = name.trim().to_owned();
        }
        if let Some(lang) = update.lang {
            match canonical_lang(&lang) {
                Ok(lang) => tenant.lang = lang.to_owned(),
                Err(e) => violations.invalid("tenant.lang", e),
            }
        }
        violations.finish()?;
        tenant.updated_at = domain::now();
        let event = self
            .0
            .event(ctx, &caller, UPDATE_TENANT, &tenant.id, format!("tenant:{}", tenant.id))
            .before(tenant_view(&before))
            .after(tenant_view(&tenant));
        self.0.directory.update_tenant(&tenant, &event).await?;
        Ok(tenant)
    }

    /// Deletes a tenant; with `force` also everything it holds. A tenant
    /// holding a superadmin is never deleted (it would lock the
    /// installation out).
    pub async fn delete(&self, ctx: &RequestContext, id: &str, force: bool) -> Result<()> {
        self.0.audited(ctx, DELETE_TENANT, id, &format!("tenant:{id}"), self.do_delete(ctx, id, force)).await
    }

    async fn do_delete(&self, ctx: &RequestContext, id: &str, force: bool) -> Result<()> {
        let caller = self.0.authenticate(ctx).await?;
        caller.require_superadmin()?;
        let tenant = self.0.existing_tenant(id).await?;
        let contents = self.0.directory.tenant_contents(id).await?;
        if contents.superadmins > 0 {
            return Err(Error::FailedPrecondition(format!(
                "tenant {id} holds a superadmin account and cannot be deleted"
            )));
        }
        if !contents.is_empty() && !force {
            return Err(Error::FailedPrecondition(format!(
                "tenant {id} still holds {}; delete them first or use force",
                contents.describe()
            )));
        }
        let mut view = tenant_view(&tenant);
        view["contents"] = serde_json::json!(contents.describe());
        let event = self.0.event(ctx, &caller, DELETE_TENANT, id, format!("tenant:{id}")).before(view);
        self.0.directory.delete_tenant(id, &event).await?;
        self.0.sessions.end_sessions_of_tenant(id, domain::now()).await?;
        // Service state beside the directory (also when it is LDAP): the tenant's service accounts and keys
        // go too, the externalIds its identity provider gave, and its directory links and syncs' cursor
        // (else a later holder of one of its addresses would be taken for a directory-owned account).
        let accounts = self.0.event(ctx, &caller, DELETE_TENANT, id, format!("service-account:{id}/*"));
        self.0.service_accounts.delete_tenant_service_accounts(id, &accounts).await?;
        self.0.external_ids.forget_tenant_external_ids(id).await?;
        self.0.directory_links.forget_tenant_links(id).await?;
        tracing::info!(tenant = %id, by = %caller.account, force, "tenant deleted");
        Ok(())
    }
}
