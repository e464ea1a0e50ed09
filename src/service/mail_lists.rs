//! MailListService: mailing lists (guide §2.14). Superadmins everywhere,
//! admins inside their own tenant.
//!
//! Rules decided here:
//! * a list's address is an address like any other: unique in the
//!   installation, in a mail domain of the tenant. `new_mail` renames the
//!   list: the new address is reserved and the old one freed in one
//!   transaction, and the tenant's lists that had the old address as a
//!   member now have the new one;
//! * members are addresses. One in a mail domain of the tenant must exist
//!   there (a user's primary, alternate or alias address, a resource or
//!   another list — nested lists are allowed, a list never contains itself);
//!   one in a mail domain of another tenant is refused (tenants are walls);
//!   any other address is external and needs only a valid syntax;
//! * `displayName` is required; `employeeType` is 0, 1 (the default) or 2;
//!   `internal_only` (`accessTo=local_only`) is true unless set otherwise;
//! * at most [`MAX_MEMBERS`] members.

use std::{collections::BTreeSet, sync::Arc};

use super::listed_with_total;
use super::{Core, Page, PageRequest, RequestContext, UPDATE_ATTEMPTS, conflict_backoff, resources::tenant_address};
use crate::domain::audit::mail_list_view;
use crate::domain::{
    self, MailList, MailListField, MailListInput,
    address::{domain_of, normalize_alternate_address, normalize_mail},
    mail_list::{DEFAULT_LIST_ADDRESS_BOOK_VISIBILITY, MAX_LIST_ADDRESS_BOOK_VISIBILITY, MAX_MEMBERS},
    text::{MAX_NAME_CHARS, check_text},
};
use crate::error::{Error, Result, Violations};

/// A change to a mailing list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailListUpdate {
    /// Identity (`tenant_id`, `mail`) and new values.
    pub input: MailListInput,
    /// Fields to change.
    pub fields: Vec<MailListField>,
    /// Members to add after the fields.
    pub add_members: Vec<String>,
    /// Members to remove after the fields.
    pub remove_members: Vec<String>,
    /// New address of the list; empty keeps it.
    pub new_mail: String,
}

/// The mailing list service.
#[derive(Clone)]
pub struct MailLists(pub(crate) Arc<Core>);

const CREATE_MAIL_LIST: &str = "pbm.v2.MailListService/CreateMailList";
const UPDATE_MAIL_LIST: &str = "pbm.v2.MailListService/UpdateMailList";
const DELETE_MAIL_LIST: &str = "pbm.v2.MailListService/DeleteMailList";

fn target(mail: &str) -> String {
    format!("mail_list:{}", mail.trim().to_lowercase())
}

/// Sets one field of `list` from `input`, except members (checked against
/// the directory by [`MailLists::members`]).
fn apply(v: &mut Violations, list: &mut MailList, input: &MailListInput, field: MailListField) {
    let path = format!("mail_list.{}", field.name());
    match field {
        MailListField::DisplayName => {
            v.check(&path, check_text(&input.display_name, MAX_NAME_CHARS));
            list.display_name = input.display_name.trim().to_owned();
            if list.display_name.is_empty() {
                v.required(&path);
            }
        }
        MailListField::AddressBookVisibility => match input.address_book_visibility {
            Some(n) if !(0..=MAX_LIST_ADDRESS_BOOK_VISIBILITY).contains(&n) => {
                v.invalid(&path, format!("must be between 0 and {MAX_LIST_ADDRESS_BOOK_VISIBILITY}"))
            }
            n => list.address_book_visibility = n.unwrap_or(DEFAULT_LIST_ADDRESS_BOOK_VISIBILITY),
        },
        MailListField::InternalOnly => list.internal_only = input.internal_only.unwrap_or(true),
        MailListField::Members => {}
    }
}

impl MailLists {
    fn core(&self) -> &Core {
        &self.0
    }

    async fn existing(&self, tenant_id: &str, mail: &str) -> Result<MailList> {
        let mail = mail.trim().to_lowercase();
        self.core()
            .directory
            .get_mail_list(tenant_id, &mail)
            .await?
            .ok_or_else(|| Error::not_found("mailing list", mail))
    }

    /// Checks member addresses (see the module rules), recording one
    /// violation per bad address on `field`; returns them normalised.
    /// `own` are the list's own addresses (current and new).
    async fn members(
        &self,
        v: &mut Violations,
        field: &str,
        raw: &[String],
        tenant_id: &str,
        domains: &BTreeSet<String>,
        own: &[&str],
    ) -> Result<BTreeSet<String>> {
        let mut accepted = BTreeSet::new();
        let mut internal = BTreeSet::new();
        let mut external = BTreeSet::new();
        for raw in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
            let address = match normalize_alternate_address(raw) {
                Ok(address) => address,
                Err(e) => {
                    v.invalid(field, format!("{raw}: {e}"));
                    continue;
                }
            };
            if own.contains(&address.as_str()) {
                v.invalid(field, format!("{address}: a list cannot contain itself"));
            } else if domains.contains(domain_of(&address)) {
                internal.insert(address);
            } else if let Err(e) = normalize_mail(&address) {
                v.invalid(field, format!("{address}: an external address {e}"));
            } else {
                external.insert(address);
            }
        }
        let dir = &self.core().directory;
        let wanted: Vec<String> = internal.iter().cloned().collect();
        let found: BTreeSet<String> = dir
            .find_addresses(&wanted)
            .await?
            .into_iter()
            .filter(|reserved| reserved.tenant_id == tenant_id)
            .map(|reserved| reserved.address)
            .collect();
        for address in internal {
            if found.contains(&address) {
                accepted.insert(address);
            } else {
                v.invalid(field, format!("{address}: no user, alias, resource or list of the tenant has this address"));
            }
        }
        let foreign: BTreeSet<String> = {
            let mut foreign = BTreeSet::new();
            for domain in external.iter().map(|a| domain_of(a).to_owned()).collect::<BTreeSet<_>>() {
                if dir.get_mail_domain(&domain).await?.is_some() {
                    foreign.insert(domain);
                }
            }
            foreign
        };
        for address in external {
            if foreign.contains(domain_of(&address)) {
                v.invalid(
                    field,
                    format!("{address}: {} is a mail domain of another tenant; members must be addresses of this tenant or external", domain_of(&address)),
                );
            } else {
                accepted.insert(address);
            }
        }
        Ok(accepted)
    }

    /// MailListService.SyncMailLists: see [`super::sync::ListSync::sync`].
    pub async fn sync(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        dry_run: bool,
        progress: &super::sync::Progress,
    ) -> Result<super::sync::SyncReport> {
        super::sync::ListSync(self.0.clone()).sync(ctx, tenant_id, dry_run, progress).await
    }

    /// Lists the mailing lists of a tenant, ordered by address.
    pub async fn list(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page<MailList>> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let page = PageRequest::decode(page_size, page_token, &[tenant_id, "mail_lists"])?;
        self.core().existing_tenant(tenant_id).await?;
        let dir = &self.core().directory;
        let (items, total) = listed_with_total(
            || dir.list_mail_lists(tenant_id, page.after(), page.fetch()),
            || dir.count_mail_lists(tenant_id),
        )
        .await?;
        Ok(page.page(items, total, |l| l.mail.clone()))
    }

    /// Reads a mailing list with its members.
    pub async fn get(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<MailList> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        self.existing(tenant_id, mail).await
    }

    /// Creates a mailing list.
    pub async fn create(&self, ctx: &RequestContext, input: MailListInput) -> Result<MailList> {
        let (tenant, audit_target) = (input.tenant_id.clone(), target(&input.mail));
        self.core().audited(ctx, CREATE_MAIL_LIST, &tenant, &audit_target, self.do_create(ctx, input)).await
    }

    async fn do_create(&self, ctx: &RequestContext, input: MailListInput) -> Result<MailList> {
        let tenant_id = input.tenant_id.clone();
        let caller = self.core().admin_of(ctx, &tenant_id, "mail_list.tenant_id").await?;
        let domains = self.core().tenant_domains(&tenant_id).await?;
        let mut v = Violations::new();
        let mail = tenant_address(&mut v, "mail_list.mail", &input.mail, &domains);
        let now = domain::now();
        let mut list = MailList {
            tenant_id: tenant_id.clone(),
            mail: mail.clone(),
            display_name: String::new(),
            members: Vec::new(),
            address_book_visibility: DEFAULT_LIST_ADDRESS_BOOK_VISIBILITY,
            internal_only: true,
            created_at: now,
            updated_at: now,
            revision: 1,
        };
        for field in MailListField::ALL {
            apply(&mut v, &mut list, &input, field);
        }
        let members = self.members(&mut v, "mail_list.members", &input.members, &tenant_id, &domains, &[&mail]).await?;
        if members.len() > MAX_MEMBERS {
            v.invalid("mail_list.members", format!("a list has at most {MAX_MEMBERS} members"));
        }
        list.members = members.into_iter().collect();
        v.finish()?;
        let event =
            self.core().event(ctx, &caller, CREATE_MAIL_LIST, &tenant_id, target(&mail)).after(mail_list_view(&list));
        self.core().directory.create_mail_list(&list, &event).await?;
        tracing::info!(list = %mail, tenant = %tenant_id, by = %caller.account, members = list.members.len(), "mailing list created");
        self.existing(&tenant_id, &mail).await
    }

    /// Changes a mailing list: fields by mask, members added and removed,
    /// and a new address, atomically.
    pub async fn update(&self, ctx: &RequestContext, update: MailListUpdate) -> Result<MailList> {
        let (tenant, audit_target) = (update.input.tenant_id.clone(), target(&update.input.mail));
        self.core().audited(ctx, UPDATE_MAIL_LIST, &tenant, &audit_target, self.do_update(ctx, update)).await
    }

    async fn do_update(&self, ctx: &RequestContext, update: MailListUpdate) -> Result<MailList> {
        let tenant_id = update.input.tenant_id.clone();
        let caller = self.core().admin_of(ctx, &tenant_id, "mail_list.tenant_id").await?;
        let mail = update.input.mail.trim().to_lowercase();
        if mail.is_empty() {
            return Err(Error::required("mail_list.mail"));
        }
        let renames = !update.new_mail.trim().is_empty();
        if update.fields.is_empty() && update.add_members.is_empty() && update.remove_members.is_empty() && !renames {
            return Err(Error::required("update_mask"));
        }
        for attempt in 0..UPDATE_ATTEMPTS {
            let before = self.existing(&tenant_id, &mail).await?;
            let domains = self.core().tenant_domains(&tenant_id).await?;
            let mut v = Violations::new();
            let mut after = before.clone();
            if renames {
                after.mail = tenant_address(&mut v, "new_mail", &update.new_mail, &domains);
            }
            let new_mail = after.mail.clone();
            let own = [before.mail.as_str(), new_mail.as_str()];
            let mut members: BTreeSet<String> = before.members.iter().cloned().collect();
            for field in &update.fields {
                if *field == MailListField::Members {
                    members = self
                        .members(&mut v, "mail_list.members", &update.input.members, &tenant_id, &domains, &own)
                        .await?;
                } else {
                    apply(&mut v, &mut after, &update.input, *field);
                }
            }
            members.extend(self.members(&mut v, "add_members", &update.add_members, &tenant_id, &domains, &own).await?);
            for raw in update.remove_members.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
                let member = raw.to_lowercase();
                if !members.remove(&member) {
                    v.invalid("remove_members", format!("{member} is not a member of {mail}"));
                }
            }
            if members.len() > MAX_MEMBERS {
                v.invalid("mail_list.members", format!("a list has at most {MAX_MEMBERS} members"));
            }
            after.members = members.into_iter().collect();
            v.finish()?;
            after.updated_at = domain::now();
            let event = self
                .core()
                .event(ctx, &caller, UPDATE_MAIL_LIST, &tenant_id, target(&mail))
                .before(mail_list_view(&before))
                .after(mail_list_view(&after));
            match self.core().directory.update_mail_list(&before.mail, &after, &event).await {
                Ok(stored) => {
                    tracing::info!(list = %mail, new_mail = %stored.mail, tenant = %tenant_id, by = %caller.account, "mailing list updated");
                    return Ok(stored);
                }
                Err(Error::Aborted(_)) => conflict_backoff(attempt).await,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Aborted(format!("mailing list {mail}")))
    }

    /// Deletes a mailing list and frees its address.
    pub async fn delete(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<()> {
        let audit_target = target(mail);
        self.core().audited(ctx, DELETE_MAIL_LIST, tenant_id, &audit_target, self.do_delete(ctx, tenant_id, mail)).await
    }

    async fn do_delete(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<()> {
        let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let before = self.existing(tenant_id, mail).await?;
        let event = self
            .core()
            .event(ctx, &caller, DELETE_MAIL_LIST, tenant_id, target(&before.mail))
            .before(mail_list_view(&before));
        self.core().directory.delete_mail_list(tenant_id, &before.mail, &event).await?;
        tracing::info!(list = %before.mail, tenant = %tenant_id, by = %caller.account, "mailing list deleted");
        Ok(())
    }
}
