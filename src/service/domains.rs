//! DomainService: the mail domains of tenants (guide §2.17) and the web
//! domains of the installation with their TLS certificates (§2.18).
//!
//! Rules decided here:
//! * mail domains: superadmins everywhere, admins inside their own tenant;
//!   web domains: superadmins only;
//! * a domain name follows the panel's rule (2–63 Latin letters, digits, `.`
//!   and `-`), is stored lower-case and belongs to one tenant only;
//! * every tenant has exactly one default domain: the first one, until
//!   another is made the default. The default domain is never deleted —
//!   while other domains exist, move the default first; a tenant's only
//!   domain stays until the tenant is deleted (users and lists always have a
//!   domain to live in);
//! * a domain still used by addresses (see [`DomainUsage`]) is deleted only
//!   with `force`, which removes exactly what the usage counts, atomically;
//!   even with force, a domain holding a superadmin's or the caller's own
//!   account is kept;
//! * a web domain's key and certificate are checked together
//!   ([`crate::domain::certificate`]) and the key is never returned.

use std::sync::Arc;

use super::listed_with_total;
use super::{Caller, Core, Page, PageRequest, RequestContext, UPDATE_ATTEMPTS, conflict_backoff};
use crate::domain::audit::{mail_domain_view, web_domain_view};
use crate::domain::{
    self, DomainUsage, MailDomain, MailDomainField, PrivateKeyPem, WebDomain,
    address::{domain_of, normalize_domain},
    certificate::{Problem, check_pair},
    mail_domain::{MAX_ASSOCIATED_DOMAIN_CHARS, MAX_DOMAIN_DESCRIPTION_CHARS, MAX_DOMAIN_DISPLAY_NAME_CHARS},
    text::check_text,
};
use crate::error::{Error, Result, Violations};
use crate::security::sealing::SealedFor;
use crate::store::snapshot::at_one_revision;

/// Input of a mail domain creation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewMailDomain {
    /// Owning tenant.
    pub tenant_id: String,
    /// Domain name.
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Description.
    pub description: String,
    /// Legacy `associatedDomain`.
    pub associated_domain: String,
}

/// A change to a mail domain: identity, new values and the fields to set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailDomainUpdate {
    /// Identity (`tenant_id`, `name`) and new values.
    pub input: NewMailDomain,
    /// Fields to change.
    pub fields: Vec<MailDomainField>,
}

/// A web domain to create, or the new key and certificate of one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebDomainInput {
    /// Host name.
    pub name: String,
    /// PEM private key; on update `None` keeps the stored key.
    pub private_key_pem: Option<String>,
    /// PEM certificate chain; on update `None` keeps the stored chain.
    pub certificate_pem: Option<String>,
}

/// The domain service.
#[derive(Clone)]
pub struct Domains(pub(crate) Arc<Core>);

const CREATE_MAIL_DOMAIN: &str = "pbm.v2.DomainService/CreateMailDomain";
const UPDATE_MAIL_DOMAIN: &str = "pbm.v2.DomainService/UpdateMailDomain";
const DELETE_MAIL_DOMAIN: &str = "pbm.v2.DomainService/DeleteMailDomain";
const SET_DEFAULT_MAIL_DOMAIN: &str = "pbm.v2.DomainService/SetDefaultMailDomain";
const CREATE_WEB_DOMAIN: &str = "pbm.v2.DomainService/CreateWebDomain";
const UPDATE_WEB_DOMAIN: &str = "pbm.v2.DomainService/UpdateWebDomain";
const DELETE_WEB_DOMAIN: &str = "pbm.v2.DomainService/DeleteWebDomain";

/// Field paths of web domain requests.
const KEY_FIELD: &str = "web_domain.private_key_pem";
const CERTIFICATE_FIELD: &str = "web_domain.certificate_pem";

/// A domain name as looked up (names are stored lower-case).
fn lookup_name(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

fn mail_domain_target(name: &str) -> String {
    format!("mail_domain:{}", lookup_name(name))
}

fn web_domain_target(name: &str) -> String {
    format!("web_domain:{}", lookup_name(name))
}

/// Checks a text field of a mail domain into `v`; returns it trimmed.
fn domain_text(v: &mut Violations, field: MailDomainField, input: &NewMailDomain) -> String {
    let (value, max) = match field {
        MailDomainField::DisplayName => (&input.display_name, MAX_DOMAIN_DISPLAY_NAME_CHARS),
        MailDomainField::Description => (&input.description, MAX_DOMAIN_DESCRIPTION_CHARS),
        MailDomainField::AssociatedDomain => (&input.associated_domain, MAX_ASSOCIATED_DOMAIN_CHARS),
    };
    v.check(&format!("domain.{}", field.name()), check_text(value, max));
    value.trim().to_owned()
}

/// The error of a refused key/certificate pair: one field violation per
/// problem, on the key or the certificate.
fn pair_refused(problems: Vec<Problem>) -> Error {
    let mut v = Violations::new();
    for problem in problems {
        match problem {
            Problem::Key(text) => v.invalid(KEY_FIELD, text),
            Problem::Certificate(text) => v.invalid(CERTIFICATE_FIELD, text),
        }
    }
    match v.finish() {
        Err(error) => error,
        Ok(()) => Error::invalid(CERTIFICATE_FIELD, "was refused"),
    }
}

/// Web domains' private keys at rest: sealed before the store sees them,
/// opened when read back (see [`crate::security::sealing`]).
impl Core {
    /// `key` as the store keeps it for the web domain `name`.
    pub(crate) fn seal_web_domain_key(&self, name: &str, key: &PrivateKeyPem) -> Result<PrivateKeyPem> {
        self.sealer.seal(SealedFor::WebDomain(name), key.expose()).map(PrivateKeyPem::new)
    }

    /// The private key of the web domain `name`, in clear.
    pub(crate) async fn web_domain_key(&self, name: &str) -> Result<Option<PrivateKeyPem>> {
        let Some(stored) = self.directory.web_domain_key(name).await? else { return Ok(None) };
        self.sealer.open(SealedFor::WebDomain(name), stored.expose()).map(|clear| Some(PrivateKeyPem::new(clear)))
    }
}

impl Domains {
    fn core(&self) -> &Core {
        &self.0
    }

    /// A mail domain of the tenant, or NOT_FOUND (also when another tenant
    /// owns it: tenants do not learn about each other's domains here).
    async fn owned_domain(&self, tenant_id: &str, name: &str) -> Result<MailDomain> {
        match self.core().directory.get_mail_domain(name).await? {
            Some(domain) if domain.tenant_id == tenant_id => Ok(domain),
            _ => Err(Error::not_found("mail domain", name)),
        }
    }

    /// Lists the mail domains of a tenant, ordered by name.
    pub async fn list_mail_domains(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page<MailDomain>> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let page = PageRequest::decode(page_size, page_token, &[tenant_id, "mail_domains"])?;
        self.core().existing_tenant(tenant_id).await?;
        // A tenant has few domains: the store returns them all, ordered.
        let all = at_one_revision(|| self.core().directory.list_mail_domains(tenant_id)).await?;
        let total = all.len() as u64;
        let items: Vec<MailDomain> = all
            .into_iter()
            .filter(|d| page.after().is_none_or(|after| d.name.as_str() > after))
            .take(page.fetch())
            .collect();
        Ok(page.page(items, total, |d| d.name.clone()))
    }

    /// Reads a mail domain of a tenant.
    pub async fn get_mail_domain(&self, ctx: &RequestContext, tenant_id: &str, name: &str) -> Result<MailDomain> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        self.owned_domain(tenant_id, &lookup_name(name)).await
    }

    /// A mail domain with what uses it (GetMailDomain's full view): the
    /// panel shows the counts before a forced deletion.
    pub async fn get_mail_domain_with_usage(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        name: &str,
    ) -> Result<(MailDomain, DomainUsage)> {
        let domain = self.get_mail_domain(ctx, tenant_id, name).await?;
        let usage = self.core().directory.mail_domain_usage(&domain.tenant_id, &domain.name).await?;
        Ok((domain, usage))
    }

    /// Adds a mail domain to a tenant; a tenant's first domain becomes its
    /// default.
    pub async fn create_mail_domain(&self, ctx: &RequestContext, input: NewMailDomain) -> Result<MailDomain> {
        let (tenant, target) = (input.tenant_id.clone(), mail_domain_target(&input.name));
        self.core().audited(ctx, CREATE_MAIL_DOMAIN, &tenant, &target, self.do_create_mail_domain(ctx, input)).await
    }

    async fn do_create_mail_domain(&self, ctx: &RequestContext, input: NewMailDomain) -> Result<MailDomain> {
        let tenant_id = input.tenant_id.clone();
        let caller = self.core().admin_of(ctx, &tenant_id, "domain.tenant_id").await?;
        let mut v = Violations::new();
        let name = if input.name.trim().is_empty() {
            v.required("domain.name");
            String::new()
        } else {
            normalize_domain(&input.name).unwrap_or_else(|e| {
                v.invalid("domain.name", e);
                String::new()
            })
        };
        let display_name = domain_text(&mut v, MailDomainField::DisplayName, &input);
        let description = domain_text(&mut v, MailDomainField::Description, &input);
        let associated_domain = domain_text(&mut v, MailDomainField::AssociatedDomain, &input);
        v.finish()?;
        let tenant = self.core().existing_tenant(&tenant_id).await?;
        let dir = &self.core().directory;
        if dir.get_mail_domain(&name).await?.is_some() {
            return Err(Error::already_exists("domain", &name));
        }
        let domain = MailDomain {
            name: name.clone(),
            tenant_id: tenant_id.clone(),
            display_name,
            description,
            associated_domain,
            is_default: tenant.domains.is_empty(),
            created_at: domain::now(),
        };
        let event = self
            .core()
            .event(ctx, &caller, CREATE_MAIL_DOMAIN, &tenant_id, mail_domain_target(&name))
            .after(mail_domain_view(&domain));
        dir.create_mail_domain(&domain, &event).await?;
        tracing::info!(domain = %name, tenant = %tenant_id, by = %caller.account, "mail domain created");
        self.owned_domain(&tenant_id, &name).await
    }

    /// Changes the display name, description or `associatedDomain` of a
    /// mail domain.
    pub async fn update_mail_domain(&self, ctx: &RequestContext, update: MailDomainUpdate) -> Result<MailDomain> {
        let (tenant, target) = (update.input.tenant_id.clone(), mail_domain_target(&update.input.name));
        self.core().audited(ctx, UPDATE_MAIL_DOMAIN, &tenant, &target, self.do_update_mail_domain(ctx, update)).await
    }

    async fn do_update_mail_domain(&self, ctx: &RequestContext, update: MailDomainUpdate) -> Result<MailDomain> {
        let tenant_id = update.input.tenant_id.clone();
        let caller = self.core().admin_of(ctx, &tenant_id, "domain.tenant_id").await?;
        let name = lookup_name(&update.input.name);
        if name.is_empty() {
            return Err(Error::required("domain.name"));
        }
        if update.fields.is_empty() {
            return Err(Error::required("update_mask"));
        }
        let before = self.owned_domain(&tenant_id, &name).await?;
        let mut after = before.clone();
        let mut v = Violations::new();
        for field in &update.fields {
            let value = domain_text(&mut v, *field, &update.input);
            match field {
                MailDomainField::DisplayName => after.display_name = value,
                MailDomainField::Description => after.description = value,
                MailDomainField::AssociatedDomain => after.associated_domain = value,
            }
        }
        v.finish()?;
        let event = self
            .core()
            .event(ctx, &caller, UPDATE_MAIL_DOMAIN, &tenant_id, mail_domain_target(&name))
            .before(mail_domain_view(&before))
            .after(mail_domain_view(&after));
        self.core().directory.update_mail_domain(&after, &update.fields, &event).await?;
        tracing::info!(domain = %name, tenant = %tenant_id, by = %caller.account, "mail domain updated");
        self.owned_domain(&tenant_id, &name).await
    }

    /// Makes a mail domain the tenant's default domain (the previous default
    /// stops being one). Idempotent.
    pub async fn set_default_mail_domain(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        name: &str,
    ) -> Result<MailDomain> {
        let target = mail_domain_target(name);
        self.core()
            .audited(ctx, SET_DEFAULT_MAIL_DOMAIN, tenant_id, &target, self.do_set_default(ctx, tenant_id, name))
            .await
    }

    async fn do_set_default(&self, ctx: &RequestContext, tenant_id: &str, name: &str) -> Result<MailDomain> {
        let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let name = lookup_name(name);
        let before = self.owned_domain(tenant_id, &name).await?;
        if before.is_default {
            return Ok(before);
        }
        let after = MailDomain { is_default: true, ..before.clone() };
        let event = self
            .core()
            .event(ctx, &caller, SET_DEFAULT_MAIL_DOMAIN, tenant_id, mail_domain_target(&name))
            .before(mail_domain_view(&before))
            .after(mail_domain_view(&after));
        self.core().directory.set_default_mail_domain(tenant_id, &name, &event).await?;
        tracing::info!(domain = %name, tenant = %tenant_id, by = %caller.account, "default mail domain moved");
        self.owned_domain(tenant_id, &name).await
    }

    /// Deletes a mail domain; with `force` also what uses it (see
    /// [`DomainUsage`]).
    pub async fn delete_mail_domain(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        name: &str,
        force: bool,
    ) -> Result<()> {
        let target = mail_domain_target(name);
        self.core()
            .audited(
                ctx,
                DELETE_MAIL_DOMAIN,
                tenant_id,
                &target,
                self.do_delete_mail_domain(ctx, tenant_id, name, force),
            )
            .await
    }

    async fn do_delete_mail_domain(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        name: &str,
        force: bool,
    ) -> Result<()> {
        let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let name = lookup_name(name);
        let dir = &self.core().directory;
        for attempt in 0..UPDATE_ATTEMPTS {
            let domain = self.owned_domain(tenant_id, &name).await?;
            if domain.is_default {
                let others = dir.list_mail_domains(tenant_id).await?.len().saturating_sub(1);
                return Err(Error::FailedPrecondition(if others == 0 {
                    format!(
                        "mail domain {name} is the only mail domain of tenant {tenant_id}; a tenant always keeps \
                         one (delete the tenant instead)"
                    )
                } else {
                    format!(
                        "mail domain {name} is the default domain of tenant {tenant_id}; make another domain the \
                         default first"
                    )
                }));
            }
            let usage = dir.mail_domain_usage(tenant_id, &name).await?;
            if !usage.is_empty() {
                self.check_forced_deletion(&caller, tenant_id, &name, &usage, force)?;
            }
            let mut view = mail_domain_view(&domain);
            view["removed_with_it"] = serde_json::json!(usage.describe());
            let event =
                self.core().event(ctx, &caller, DELETE_MAIL_DOMAIN, tenant_id, mail_domain_target(&name)).before(view);
            match dir.delete_mail_domain(tenant_id, &name, &usage, &event).await {
                // The removed accounts' sessions ended in the same write.
                Ok(_accounts) => {
                    tracing::info!(
                        domain = %name, tenant = %tenant_id, by = %caller.account, force,
                        removed = %usage.describe(), "mail domain deleted"
                    );
                    return Ok(());
                }
                Err(Error::Aborted(_)) => conflict_backoff(attempt).await,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Aborted(format!("mail domain {name}")))
    }

    /// Refuses deleting a domain that is still used, unless forced; refuses
    /// even forced deletions that would remove a superadmin or the caller.
    fn check_forced_deletion(
        &self,
        caller: &Caller,
        tenant_id: &str,
        name: &str,
        usage: &DomainUsage,
        force: bool,
    ) -> Result<()> {
        if !force {
            return Err(Error::FailedPrecondition(format!(
                "mail domain {name} is still used by {}; remove them first or delete with force",
                usage.describe()
            )));
        }
        if usage.superadmins > 0 {
            return Err(Error::FailedPrecondition(format!(
                "mail domain {name} holds a superadmin account; it cannot be deleted, not even with force"
            )));
        }
        if caller.tenant_id == tenant_id && domain_of(&caller.account) == name {
            return Err(Error::FailedPrecondition(format!(
                "mail domain {name} holds your own account; it cannot be deleted by you, not even with force"
            )));
        }
        Ok(())
    }

    /// Lists the web domains, ordered by name (superadmins only).
    pub async fn list_web_domains(
        &self,
        ctx: &RequestContext,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page<WebDomain>> {
        self.core().authenticate(ctx).await?.require_superadmin()?;
        let page = PageRequest::decode(page_size, page_token, &["web_domains"])?;
        let dir = &self.core().directory;
        let (items, total) =
            listed_with_total(|| dir.list_web_domains(page.after(), page.fetch()), || dir.count_web_domains()).await?;
        Ok(page.page(items, total, |d| d.name.clone()))
    }

    /// Reads a web domain: certificate facts, never the key.
    pub async fn get_web_domain(&self, ctx: &RequestContext, name: &str) -> Result<WebDomain> {
        self.core().authenticate(ctx).await?.require_superadmin()?;
        let name = lookup_name(name);
        self.core().directory.get_web_domain(&name).await?.ok_or_else(|| Error::not_found("web domain", name))
    }

    /// Adds a web domain after checking its key and certificate.
    pub async fn create_web_domain(&self, ctx: &RequestContext, input: WebDomainInput) -> Result<WebDomain> {
        let target = web_domain_target(&input.name);
        self.core().audited(ctx, CREATE_WEB_DOMAIN, "", &target, self.do_create_web_domain(ctx, input)).await
    }

    async fn do_create_web_domain(&self, ctx: &RequestContext, input: WebDomainInput) -> Result<WebDomain> {
        let caller = self.core().authenticate(ctx).await?;
        caller.require_superadmin()?;
        let mut v = Violations::new();
        let name = if input.name.trim().is_empty() {
            v.required("web_domain.name");
            None
        } else {
            normalize_domain(&input.name).map(Some).unwrap_or_else(|e| {
                v.invalid("web_domain.name", e);
                None
            })
        };
        let key = input.private_key_pem.unwrap_or_default();
        let certificate = input.certificate_pem.unwrap_or_default();
        if key.trim().is_empty() {
            v.required(KEY_FIELD);
        }
        if certificate.trim().is_empty() {
            v.required(CERTIFICATE_FIELD);
        }
        v.finish()?;
        let Some(name) = name else { return Err(Error::required("web_domain.name")) };
        let checked = check_pair(&name, &key, &certificate, domain::now()).map_err(pair_refused)?;
        let dir = &self.core().directory;
        if dir.get_web_domain(&name).await?.is_some() {
            return Err(Error::already_exists("web domain", &name));
        }
        let now = domain::now();
        let web_domain = WebDomain {
            name: name.clone(),
            certificate_pem: checked.certificate_pem,
            certificate: checked.info,
            created_at: now,
            updated_at: now,
        };
        let event = self
            .core()
            .event(ctx, &caller, CREATE_WEB_DOMAIN, "", web_domain_target(&name))
            .after(web_domain_view(&web_domain));
        let sealed = self.core().seal_web_domain_key(&name, &checked.key)?;
        dir.create_web_domain(&web_domain, &sealed, &event).await?;
        tracing::info!(domain = %name, by = %caller.account, not_after = %web_domain.certificate.not_after, "web domain created");
        Ok(web_domain)
    }

    /// Replaces the key, the certificate or both of a web domain; the pair
    /// in force afterwards is checked as on creation.
    pub async fn update_web_domain(&self, ctx: &RequestContext, input: WebDomainInput) -> Result<WebDomain> {
        let target = web_domain_target(&input.name);
        self.core().audited(ctx, UPDATE_WEB_DOMAIN, "", &target, self.do_update_web_domain(ctx, input)).await
    }

    async fn do_update_web_domain(&self, ctx: &RequestContext, input: WebDomainInput) -> Result<WebDomain> {
        let caller = self.core().authenticate(ctx).await?;
        caller.require_superadmin()?;
        let name = lookup_name(&input.name);
        if name.is_empty() {
            return Err(Error::required("web_domain.name"));
        }
        let mut v = Violations::new();
        match (&input.private_key_pem, &input.certificate_pem) {
            (None, None) => return Err(Error::required("update_mask")),
            (key, certificate) => {
                if key.as_ref().is_some_and(|k| k.trim().is_empty()) {
                    v.required(KEY_FIELD);
                }
                if certificate.as_ref().is_some_and(|c| c.trim().is_empty()) {
                    v.required(CERTIFICATE_FIELD);
                }
            }
        }
        v.finish()?;
        let dir = &self.core().directory;
        let before = dir.get_web_domain(&name).await?.ok_or_else(|| Error::not_found("web domain", &name))?;
        let stored_key =
            self.core().web_domain_key(&name).await?.ok_or_else(|| Error::not_found("web domain", &name))?;
        let key = input.private_key_pem.unwrap_or_else(|| stored_key.expose().to_owned());
        let certificate = input.certificate_pem.unwrap_or_else(|| before.certificate_pem.clone());
        let checked = check_pair(&name, &key, &certificate, domain::now()).map_err(pair_refused)?;
        let key_changed = checked.key != stored_key;
        let after = WebDomain {
            certificate_pem: checked.certificate_pem,
            certificate: checked.info,
            updated_at: domain::now(),
            ..before.clone()
        };
        let mut after_view = web_domain_view(&after);
        after_view["private_key_changed"] = serde_json::json!(key_changed);
        let event = self
            .core()
            .event(ctx, &caller, UPDATE_WEB_DOMAIN, "", web_domain_target(&name))
            .before(web_domain_view(&before))
            .after(after_view);
        let sealed = self.core().seal_web_domain_key(&name, &checked.key)?;
        dir.update_web_domain(&after, &sealed, &event).await?;
        tracing::info!(domain = %name, by = %caller.account, not_after = %after.certificate.not_after, "web domain updated");
        Ok(after)
    }

    /// Deletes a web domain with its key and certificate.
    pub async fn delete_web_domain(&self, ctx: &RequestContext, name: &str) -> Result<()> {
        let target = web_domain_target(name);
        self.core().audited(ctx, DELETE_WEB_DOMAIN, "", &target, self.do_delete_web_domain(ctx, name)).await
    }

    async fn do_delete_web_domain(&self, ctx: &RequestContext, name: &str) -> Result<()> {
        let caller = self.core().authenticate(ctx).await?;
        caller.require_superadmin()?;
        let name = lookup_name(name);
        let dir = &self.core().directory;
        let before = dir.get_web_domain(&name).await?.ok_or_else(|| Error::not_found("web domain", &name))?;
        let event = self
            .core()
            .event(ctx, &caller, DELETE_WEB_DOMAIN, "", web_domain_target(&name))
            .before(web_domain_view(&before));
        dir.delete_web_domain(&name, &event).await?;
        tracing::info!(domain = %name, by = %caller.account, "web domain deleted");
        Ok(())
    }
}
