//! AddressBookService: the corporate address book (guide §2.15, `psn/cab/*`)
//! and its external contacts.
//!
//! Rules decided here:
//! * the book of a tenant is its live users, resources, mailing lists and
//!   external contacts; any authenticated account of the tenant (and a
//!   superadmin) reads it, any other caller is refused without learning
//!   whether the tenant exists;
//! * search as you type: the prefix (trimmed, lower-cased, at most
//!   [`MAX_PREFIX_CHARS`]) starts the address or a word of the name (a
//!   user's given name or surname); entries are ordered by lower-cased name
//!   then address and paged by that key;
//! * `employeeType` per kind ([`crate::domain::contact::shown_in`]): users
//!   keep the §2.4 table (0 suggested, 1 and 3 both, 2 colleagues), the
//!   other kinds §2.13–§2.14 (0 suggested, 1 both, 2 neither);
//! * a contact's address is a valid address, unique within the tenant's
//!   book: no other contact of the tenant and no user, alias, resource or
//!   list of the tenant holds it. It is never a login and reserves nothing
//!   outside the tenant. Should a user or alias later take it, the book
//!   shows the user and hides the contact;
//! * contacts are managed by superadmins and the tenant's admins; a contact
//!   an admin makes has the source `manual`. A sync's contacts may be edited
//!   and deleted by hand too; the next run of that sync puts its fields back
//!   (or re-creates it).

use std::sync::Arc;

use super::listed_with_total;
use super::{Caller, Core, Page, PageRequest, RequestContext, UPDATE_ATTEMPTS, conflict_backoff};
use crate::domain::{
    self, AuditEvent, BookEntry, BookList, BookQuery, Contact, ContactField, ContactInput, EntryKind,
    address::normalize_mail,
    audit::contact_view,
    contact::{
        DEFAULT_CONTACT_ADDRESS_BOOK_VISIBILITY, MANUAL_SOURCE, MAX_CONTACT_ADDRESS_BOOK_VISIBILITY,
        MAX_CONTACT_PHONES, shown_in,
    },
    page_token::{self, Cursor},
    text::{MAX_NAME_CHARS, MAX_PHONE_CHARS, check_text},
};
use crate::error::{Error, Result, Violations};

/// Longest search prefix.
pub const MAX_PREFIX_CHARS: usize = 256;

/// A change to a contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactUpdate {
    /// Identity (`tenant_id`, `mail`) and new values.
    pub input: ContactInput,
    /// Fields to change.
    pub fields: Vec<ContactField>,
    /// New address; empty keeps it.
    pub new_mail: String,
}

/// A search of the book, as a transport received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookSearch {
    /// The tenant.
    pub tenant_id: String,
    /// What the user typed.
    pub prefix: String,
    /// Which list.
    pub list: BookList,
    /// Requested page size (0: the default).
    pub page_size: i32,
    /// Token of the previous page.
    pub page_token: String,
}

/// The address-book service.
#[derive(Clone)]
pub struct AddressBook(pub(crate) Arc<Core>);

const CREATE_CONTACT: &str = "pbm.v2.AddressBookService/CreateContact";
const UPDATE_CONTACT: &str = "pbm.v2.AddressBookService/UpdateContact";
const DELETE_CONTACT: &str = "pbm.v2.AddressBookService/DeleteContact";

fn target(mail: &str) -> String {
    format!("contact:{}", mail.trim().to_lowercase())
}

/// A phone a contact may hold: [`check_text`], at least one digit, and only
/// the characters an LDAP `telephoneNumber` (a PrintableString) takes.
pub(crate) fn check_contact_phone(phone: &str) -> std::result::Result<(), String> {
    check_text(phone, MAX_PHONE_CHARS)?;
    if !phone.chars().all(|c| c.is_ascii_digit() || " '()+,-./:=?".contains(c)) {
        return Err("must contain only digits, spaces and + ( ) - . / , : = ? '".into());
    }
    if !phone.chars().any(|c| c.is_ascii_digit()) {
        return Err("must contain at least one digit".into());
    }
    Ok(())
}

/// Sets one field of `contact` from `input`, recording what is wrong.
pub(crate) fn apply_contact_field(
    v: &mut Violations,
    contact: &mut Contact,
    input: &ContactInput,
    field: ContactField,
) {
    let path = format!("contact.{}", field.name());
    let text = |v: &mut Violations, value: &str| -> String {
        v.check(&path, check_text(value, MAX_NAME_CHARS));
        value.trim().to_owned()
    };
    match field {
        ContactField::Name => {
            contact.name = text(v, &input.name);
            if contact.name.is_empty() {
                v.required(&path);
            }
        }
        ContactField::Phones => {
            let phones: Vec<String> =
                input.phones.iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
            if phones.len() > MAX_CONTACT_PHONES {
                v.invalid(&path, format!("a contact has at most {MAX_CONTACT_PHONES} phones"));
            }
            for phone in &phones {
                if let Err(e) = check_contact_phone(phone) {
                    v.invalid(&path, format!("{phone}: {e}"));
                }
            }
            let mut unique = Vec::new();
            for phone in phones {
                if !unique.contains(&phone) {
                    unique.push(phone);
                }
            }
            contact.phones = unique;
        }
        ContactField::Title => contact.title = text(v, &input.title),
        ContactField::Department => contact.department = text(v, &input.department),
        ContactField::Office => contact.office = text(v, &input.office),
        ContactField::Street => contact.street = text(v, &input.street),
        ContactField::City => contact.city = text(v, &input.city),
        ContactField::AddressBookVisibility => match input.address_book_visibility {
            Some(n) if !(0..=MAX_CONTACT_ADDRESS_BOOK_VISIBILITY).contains(&n) => {
                v.invalid(&path, format!("must be between 0 and {MAX_CONTACT_ADDRESS_BOOK_VISIBILITY}"))
            }
            n => contact.address_book_visibility = n.unwrap_or(DEFAULT_CONTACT_ADDRESS_BOOK_VISIBILITY),
        },
    }
}

/// A contact's address: required and valid (any domain).
fn contact_address(v: &mut Violations, field: &str, raw: &str) -> String {
    if raw.trim().is_empty() {
        v.required(field);
        return String::new();
    }
    normalize_mail(raw).unwrap_or_else(|e| {
        v.invalid(field, e);
        String::new()
    })
}

/// What owns an address of that kind, in words.
pub(crate) fn owner_kind(kind: crate::domain::AddressKind) -> &'static str {
    use crate::domain::AddressKind;
    match kind {
        AddressKind::Mail | AddressKind::Alternate | AddressKind::Alias => "user",
        AddressKind::Resource => "resource",
        AddressKind::MailList => "mailing list",
    }
}

/// The page token of a search: the last entry's sort key.
fn book_token(entry: &BookEntry, fingerprint: &str) -> String {
    page_token::encode(&Cursor { key: entry.sort_name.clone(), id: entry.mail.clone() }, fingerprint)
}

impl AddressBook {
    fn core(&self) -> &Core {
        &self.0
    }

    /// Authenticates and checks the caller may read the tenant's book.
    async fn reader_of(&self, ctx: &RequestContext, tenant_id: &str) -> Result<Caller> {
        let caller = self.core().authenticate(ctx).await?;
        if tenant_id.is_empty() {
            return Err(Error::required("tenant_id"));
        }
        if !caller.is_superadmin() && caller.tenant_id != tenant_id {
            return Err(Error::PermissionDenied);
        }
        Ok(caller)
    }

    async fn existing(&self, tenant_id: &str, mail: &str) -> Result<Contact> {
        let mail = mail.trim().to_lowercase();
        self.core().directory.get_contact(tenant_id, &mail).await?.ok_or_else(|| Error::not_found("contact", mail))
    }

    /// Search as you type over the tenant's book.
    pub async fn search(&self, ctx: &RequestContext, search: BookSearch) -> Result<Page<BookEntry>> {
        let tenant_id = search.tenant_id.clone();
        self.reader_of(ctx, &tenant_id).await?;
        let prefix = search.prefix.trim().to_lowercase();
        let list = format!("{:?}", search.list);
        let fingerprint = page_token::fingerprint(&[&tenant_id, "address_book", &prefix, &list]);
        let mut v = Violations::new();
        v.check("prefix", check_text(&prefix, MAX_PREFIX_CHARS));
        let limit = page_token::page_size(search.page_size).unwrap_or_else(|e| {
            v.invalid("page_size", e);
            1
        });
        let after = if search.page_token.is_empty() {
            None
        } else {
            page_token::decode(&search.page_token, &fingerprint).map(|c| Some((c.key, c.id))).unwrap_or_else(|e| {
                v.invalid("page_token", e);
                None
            })
        };
        v.finish()?;
        self.core().existing_tenant(&tenant_id).await?;
        let query = BookQuery {
            tenant_id,
            prefix,
            shown: EntryKind::ALL.iter().map(|kind| (*kind, shown_in(*kind, search.list).to_vec())).collect(),
            after,
            limit: limit + 1,
        };
        let mut items = self.core().directory.search_address_book(&query).await?;
        let next_page_token = if items.len() > limit {
            items.truncate(limit);
            items.last().map(|last| book_token(last, &fingerprint)).unwrap_or_default()
        } else {
            String::new()
        };
        Ok(Page { total_size: 0, items, next_page_token })
    }

    /// One entry of the tenant's book by its address.
    pub async fn entry(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<BookEntry> {
        self.reader_of(ctx, tenant_id).await?;
        let mail = mail.trim().to_lowercase();
        if mail.is_empty() {
            return Err(Error::required("mail"));
        }
        let query = BookQuery {
            tenant_id: tenant_id.to_owned(),
            prefix: mail.clone(),
            shown: EntryKind::ALL.iter().map(|kind| (*kind, shown_in(*kind, BookList::Any).to_vec())).collect(),
            after: None,
            limit: 1000,
        };
        self.core()
            .directory
            .search_address_book(&query)
            .await?
            .into_iter()
            .find(|entry| entry.mail == mail)
            .ok_or_else(|| Error::not_found("address book entry", mail))
    }

    /// Lists the tenant's contacts, ordered by address.
    pub async fn list(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page<Contact>> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let page = PageRequest::decode(page_size, page_token, &[tenant_id, "contacts"])?;
        self.core().existing_tenant(tenant_id).await?;
        let dir = &self.core().directory;
        let (items, total) = listed_with_total(
            || dir.list_contacts(tenant_id, page.after(), page.fetch()),
            || dir.count_contacts(tenant_id),
        )
        .await?;
        Ok(page.page(items, total, |c| c.mail.clone()))
    }

    /// Reads a contact.
    pub async fn get(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<Contact> {
        self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        self.existing(tenant_id, mail).await
    }

    /// Refuses an address an object of the tenant holds (a contact is
    /// shadowed by it and would never be shown).
    pub(crate) async fn check_not_held(
        &self,
        v: &mut Violations,
        field: &str,
        tenant_id: &str,
        mail: &str,
    ) -> Result<()> {
        if mail.is_empty() {
            return Ok(());
        }
        let held = self.core().directory.find_addresses(&[mail.to_owned()]).await?;
        if let Some(owner) = held.iter().find(|a| a.tenant_id == tenant_id) {
            v.invalid(field, format!("{mail} is an address of a {} of the tenant", owner_kind(owner.kind)));
        }
        Ok(())
    }

    /// Creates a contact by hand.
    pub async fn create(&self, ctx: &RequestContext, input: ContactInput) -> Result<Contact> {
        let (tenant, audit_target) = (input.tenant_id.clone(), target(&input.mail));
        self.core().audited(ctx, CREATE_CONTACT, &tenant, &audit_target, self.do_create(ctx, input)).await
    }

    async fn do_create(&self, ctx: &RequestContext, input: ContactInput) -> Result<Contact> {
        let tenant_id = input.tenant_id.clone();
        let caller = self.core().admin_of(ctx, &tenant_id, "contact.tenant_id").await?;
        self.core().existing_tenant(&tenant_id).await?;
        let mut v = Violations::new();
        let mail = contact_address(&mut v, "contact.mail", &input.mail);
        let now = domain::now();
        let mut contact = Contact {
            tenant_id: tenant_id.clone(),
            mail: mail.clone(),
            name: String::new(),
            phones: Vec::new(),
            title: String::new(),
            department: String::new(),
            office: String::new(),
            street: String::new(),
            city: String::new(),
            address_book_visibility: DEFAULT_CONTACT_ADDRESS_BOOK_VISIBILITY,
            source: MANUAL_SOURCE.to_owned(),
            source_id: String::new(),
            created_at: now,
            updated_at: now,
            revision: 1,
        };
        for field in ContactField::ALL {
            apply_contact_field(&mut v, &mut contact, &input, field);
        }
        self.check_not_held(&mut v, "contact.mail", &tenant_id, &mail).await?;
        v.finish()?;
        let event =
            self.core().event(ctx, &caller, CREATE_CONTACT, &tenant_id, target(&mail)).after(contact_view(&contact));
        self.core().directory.create_contact(&contact, &event).await?;
        tracing::info!(contact = %mail, tenant = %tenant_id, by = %caller.account, "contact created");
        self.existing(&tenant_id, &mail).await
    }

    /// Changes a contact: fields by mask, and a new address.
    pub async fn update(&self, ctx: &RequestContext, update: ContactUpdate) -> Result<Contact> {
        let (tenant, audit_target) = (update.input.tenant_id.clone(), target(&update.input.mail));
        self.core().audited(ctx, UPDATE_CONTACT, &tenant, &audit_target, self.do_update(ctx, update)).await
    }

    async fn do_update(&self, ctx: &RequestContext, update: ContactUpdate) -> Result<Contact> {
        let tenant_id = update.input.tenant_id.clone();
        let caller = self.core().admin_of(ctx, &tenant_id, "contact.tenant_id").await?;
        let mail = update.input.mail.trim().to_lowercase();
        if mail.is_empty() {
            return Err(Error::required("contact.mail"));
        }
        let renames = !update.new_mail.trim().is_empty();
        if update.fields.is_empty() && !renames {
            return Err(Error::required("update_mask"));
        }
        for attempt in 0..UPDATE_ATTEMPTS {
            let before = self.existing(&tenant_id, &mail).await?;
            let mut v = Violations::new();
            let mut after = before.clone();
            if renames {
                after.mail = contact_address(&mut v, "new_mail", &update.new_mail);
                if after.mail != before.mail {
                    self.check_not_held(&mut v, "new_mail", &tenant_id, &after.mail).await?;
                }
            }
            for field in &update.fields {
                apply_contact_field(&mut v, &mut after, &update.input, *field);
            }
            v.finish()?;
            after.updated_at = domain::now();
            let event = self
                .core()
                .event(ctx, &caller, UPDATE_CONTACT, &tenant_id, target(&mail))
                .before(contact_view(&before))
                .after(contact_view(&after));
            match self.core().directory.update_contact(&before.mail, &after, &event).await {
                Ok(stored) => {
                    tracing::info!(contact = %mail, new_mail = %stored.mail, tenant = %tenant_id, by = %caller.account, "contact updated");
                    return Ok(stored);
                }
                Err(Error::Aborted(_)) => conflict_backoff(attempt).await,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Aborted(format!("contact {mail}")))
    }

    /// Deletes a contact.
    pub async fn delete(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<()> {
        let audit_target = target(mail);
        self.core().audited(ctx, DELETE_CONTACT, tenant_id, &audit_target, self.do_delete(ctx, tenant_id, mail)).await
    }

    async fn do_delete(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<()> {
        let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
        let before = self.existing(tenant_id, mail).await?;
        let event: AuditEvent = self
            .core()
            .event(ctx, &caller, DELETE_CONTACT, tenant_id, target(&before.mail))
            .before(contact_view(&before));
        self.core().directory.delete_contact(tenant_id, &before.mail, &event).await?;
        tracing::info!(contact = %before.mail, tenant = %tenant_id, by = %caller.account, "contact deleted");
        Ok(())
    }
}
