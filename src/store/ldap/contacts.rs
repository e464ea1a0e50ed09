//! External contacts on LDAP, and the address-book search. A contact is an
//! `inetOrgPerson` + `pbmContact` entry under the corporate address book's
//! OU (`psn/cab/cab_ou`, default `ou=CAB`), where mail clients and
//! third-party tools look for it. Its RDN is its address and its tenant
//! (`mail=<address>+tenant-id=<tenant>`), so the add of a second contact
//! with the same address in the tenant fails atomically (uniqueness without
//! a claim: a contact reserves nothing installation-wide), and a new address
//! is one modify-DN. Phones are `telephoneNumber` values (the service admits
//! PrintableString characters only); the source and its stable id are
//! `pbmSource` and `pbmSourceId`.
//!
//! The book is read with one search per kind under the tenant, narrowed by
//! the prefix (initial substrings of the address and of the name's words),
//! then filtered exactly, sorted and paged in memory like the other LDAP
//! listings.

use async_trait::async_trait;
use ldap3::Scope;

use super::conn::{Attrs, Entry, Mods, Outcome};
use super::mail_lists::list_from_entry;
use super::resources::resource_from_entry;
use super::users::{USER_ATTRS, user_from_entry};
use super::{LdapStore, and, eq, esc, int, new_id, rdn};
use crate::domain::{
    AuditEvent, BookEntry, BookQuery, ChangeOp, Contact, EntryKind, ObjectChange, ObjectKind, ReservedAddress,
};
use crate::error::{Error, Result};
use crate::ports::{AddressBookStore, AddressStore as _, ContactStore};
use crate::store::{from_micros, to_micros};

/// Attributes of a contact entry pbm reads.
const CONTACT_ATTRS: &[&str] = &[
    "tenant-id",
    "mail",
    "cn",
    "telephoneNumber",
    "title",
    "departmentNumber",
    "physicalDeliveryOfficeName",
    "street",
    "l",
    "employeeType",
    "pbmSource",
    "pbmSourceId",
    "pbmCreatedAt",
    "pbmUpdatedAt",
    "pbmRevision",
];

pub(super) fn contact_from_entry(entry: &Entry) -> Result<Contact> {
    let mut phones = entry.values("telephoneNumber");
    phones.sort();
    Ok(Contact {
        tenant_id: entry.text("tenant-id"),
        mail: entry.text("mail").to_lowercase(),
        name: entry.text("cn"),
        phones,
        title: entry.text("title"),
        department: entry.text("departmentNumber"),
        office: entry.text("physicalDeliveryOfficeName"),
        street: entry.text("street"),
        city: entry.text("l"),
        address_book_visibility: entry.int("employeeType")?.unwrap_or_default() as i32,
        source: entry.text("pbmSource"),
        source_id: entry.text("pbmSourceId"),
        created_at: from_micros(entry.required_int("pbmCreatedAt")?),
        updated_at: from_micros(entry.required_int("pbmUpdatedAt")?),
        revision: entry.required_int("pbmRevision")?,
    })
}

pub(super) fn contact_rdn(tenant_id: &str, mail: &str) -> String {
    format!("{}+{}", rdn("mail", mail), rdn("tenant-id", tenant_id))
}

/// Attributes of a contact entry with the stable id `id`.
pub(super) fn contact_attrs(contact: &Contact, id: &str) -> Attrs {
    Attrs::default()
        .many(
            "objectClass",
            ["top".into(), "person".into(), "organizationalPerson".into(), "inetOrgPerson".into(), "pbmContact".into()],
        )
        .one("pbmId", id)
        .one("tenant-id", contact.tenant_id.as_str())
        .one("mail", contact.mail.as_str())
        .one("cn", contact.name.as_str())
        .one("sn", contact.name.as_str())
        .one("displayName", contact.name.as_str())
        .many("telephoneNumber", contact.phones.iter().cloned())
        .one("title", contact.title.as_str())
        .one("departmentNumber", contact.department.as_str())
        .one("physicalDeliveryOfficeName", contact.office.as_str())
        .one("street", contact.street.as_str())
        .one("l", contact.city.as_str())
        .one("employeeType", int(contact.address_book_visibility as i64))
        .one("pbmSource", contact.source.as_str())
        .one("pbmSourceId", contact.source_id.as_str())
        .one("pbmRevision", "1")
        .one("pbmCreatedAt", int(to_micros(contact.created_at)))
        .one("pbmUpdatedAt", int(to_micros(contact.updated_at)))
}

/// `(|(attr=p*)(attr=* p*)…)` over `attrs`: the entries one of whose
/// attributes has a word starting with `prefix` (a superset of what the
/// book shows; the exact test is [`BookEntry::matches`]).
fn prefix_filter(prefix: &str, attrs: &[&str]) -> String {
    if prefix.is_empty() {
        return String::new();
    }
    let p = esc(prefix);
    let mut out = format!("(|(mail={p}*)");
    for attr in attrs {
        out.push_str(&format!("({attr}={p}*)({attr}=* {p}*)"));
    }
    out.push(')');
    out
}

impl LdapStore {
    fn contact_dn(&self, tenant_id: &str, mail: &str) -> String {
        format!("{},{}", contact_rdn(tenant_id, mail), self.layout.contacts)
    }

    async fn contacts(&self, tenant_id: &str, extra: &[String]) -> Result<Vec<Contact>> {
        let mut parts = vec![eq("tenant-id", tenant_id)];
        parts.extend_from_slice(extra);
        let entries =
            self.pool.search(&self.layout.contacts, Scope::OneLevel, &and("pbmContact", &parts), CONTACT_ATTRS).await?;
        entries.iter().map(contact_from_entry).collect()
    }

    async fn book_users(&self, tenant_id: &str, prefix: &str) -> Result<Vec<BookEntry>> {
        let mut parts = vec![eq("tenant-id", tenant_id)];
        parts.push(prefix_filter(prefix, &["givenName", "sn"]));
        let entries =
            self.pool.search(&self.layout.people, Scope::OneLevel, &and("pbmUser", &parts), USER_ATTRS).await?;
        let mut out = Vec::with_capacity(entries.len());
        for entry in &entries {
            let user = user_from_entry(entry, false)?;
            let name = if user.display_name.is_empty() {
                format!("{} {}", user.given_name, user.surname).trim().to_owned()
            } else {
                user.display_name.clone()
            };
            out.push(BookEntry {
                kind: EntryKind::User,
                tenant_id: user.tenant_id.clone(),
                sort_name: format!("{} {}", user.given_name.to_lowercase(), user.surname.to_lowercase())
                    .trim()
                    .to_owned(),
                mail: user.mail,
                name,
                title: user.title,
                department: user.department,
                phones: [user.work_phone, user.mobile_phone, user.home_phone]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect(),
                office: String::new(),
                street: String::new(),
                city: user.city,
                address_book_visibility: user.address_book_visibility,
            });
        }
        Ok(out)
    }

    async fn book_resources(&self, tenant_id: &str, prefix: &str) -> Result<Vec<BookEntry>> {
        let parts = vec![eq("tenant-id", tenant_id), prefix_filter(prefix, &["displayName"])];
        let attrs =
            &["mail", "tenant-id", "displayName", "l", "employeeType", "pbmCreatedAt", "pbmUpdatedAt", "pbmRevision"];
        let entries =
            self.pool.search(&self.layout.resources, Scope::Subtree, &and("pbmResource", &parts), attrs).await?;
        entries
            .iter()
            .map(|entry| {
                let r = resource_from_entry(entry, "")?;
                Ok(BookEntry {
                    kind: EntryKind::Resource,
                    tenant_id: r.tenant_id,
                    sort_name: r.display_name.to_lowercase(),
                    mail: r.mail,
                    name: r.display_name,
                    title: String::new(),
                    department: String::new(),
                    phones: Vec::new(),
                    office: String::new(),
                    street: String::new(),
                    city: r.city,
                    address_book_visibility: r.address_book_visibility,
                })
            })
            .collect()
    }

    async fn book_lists(&self, tenant_id: &str, prefix: &str) -> Result<Vec<BookEntry>> {
        let filter = prefix_filter(prefix, &["displayName"]);
        let extra: Vec<String> = if filter.is_empty() { Vec::new() } else { vec![filter] };
        let entries = self.lists(tenant_id, &extra).await?;
        entries
            .iter()
            .map(|entry| {
                let l = list_from_entry(entry)?;
                Ok(BookEntry {
                    kind: EntryKind::MailList,
                    tenant_id: l.tenant_id,
                    sort_name: l.display_name.to_lowercase(),
                    mail: l.mail,
                    name: l.display_name,
                    title: String::new(),
                    department: String::new(),
                    phones: Vec::new(),
                    office: String::new(),
                    street: String::new(),
                    city: String::new(),
                    address_book_visibility: l.address_book_visibility,
                })
            })
            .collect()
    }

    async fn book_contacts(&self, tenant_id: &str, prefix: &str) -> Result<Vec<BookEntry>> {
        let filter = prefix_filter(prefix, &["cn"]);
        let extra: Vec<String> = if filter.is_empty() { Vec::new() } else { vec![filter] };
        let contacts = self.contacts(tenant_id, &extra).await?;
        // A contact whose address an object of the tenant holds is shadowed by it.
        let addresses: Vec<String> = contacts.iter().map(|c| c.mail.clone()).collect();
        let held: std::collections::HashSet<String> = self
            .find_addresses(&addresses)
            .await?
            .into_iter()
            .filter(|a: &ReservedAddress| a.tenant_id == tenant_id)
            .map(|a| a.address)
            .collect();
        Ok(contacts
            .into_iter()
            .filter(|c| !held.contains(&c.mail))
            .map(|c| BookEntry {
                kind: EntryKind::Contact,
                tenant_id: c.tenant_id,
                sort_name: c.name.to_lowercase(),
                mail: c.mail,
                name: c.name,
                title: c.title,
                department: c.department,
                phones: c.phones,
                office: c.office,
                street: c.street,
                city: c.city,
                address_book_visibility: c.address_book_visibility,
            })
            .collect())
    }
}

#[async_trait]
impl ContactStore for LdapStore {
    async fn list_contacts(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<Contact>> {
        self.reading_listing(Some(tenant_id)).await;
        let mut contacts = self.contacts(tenant_id, &[]).await?;
        contacts.sort_by(|a, b| a.mail.cmp(&b.mail));
        Ok(contacts.into_iter().filter(|c| after.is_none_or(|a| c.mail.as_str() > a)).take(limit).collect())
    }

    async fn count_contacts(&self, tenant_id: &str) -> Result<u64> {
        self.reading_listing(Some(tenant_id)).await;
        self.count(&self.layout.contacts, &and("pbmContact", &[eq("tenant-id", tenant_id)])).await
    }

    async fn get_contact(&self, tenant_id: &str, mail: &str) -> Result<Option<Contact>> {
        self.pool
            .read(&self.contact_dn(tenant_id, mail), CONTACT_ATTRS)
            .await?
            .as_ref()
            .map(contact_from_entry)
            .transpose()
    }

    async fn contacts_of_source(&self, tenant_id: &str, source: &str) -> Result<Vec<Contact>> {
        let mut contacts = self.contacts(tenant_id, &[eq("pbmSource", source)]).await?;
        contacts.sort_by(|a, b| a.mail.cmp(&b.mail));
        Ok(contacts)
    }

    async fn create_contact(&self, contact: &Contact, audit: &AuditEvent) -> Result<()> {
        if self.tenant_live(&contact.tenant_id).await?.is_none() {
            return Err(Error::not_found("tenant", &contact.tenant_id));
        }
        let dn = self.contact_dn(&contact.tenant_id, &contact.mail);
        // Refused before the change-log intent, so that a refusal logs nothing.
        if self.pool.read(&dn, &["1.1"]).await?.is_some() {
            return Err(Error::already_exists("contact", &contact.mail));
        }
        let change = self
            .change(vec![ObjectChange::new(ObjectKind::Contact, &contact.tenant_id, &contact.mail, ChangeOp::Added)])
            .await?;
        match self
            .pool
            .add(&self.contact_dn(&contact.tenant_id, &contact.mail), &contact_attrs(contact, &new_id()))
            .await?
        {
            Outcome::Done => {}
            Outcome::AlreadyExists => return Err(Error::already_exists("contact", &contact.mail)),
            other => return Err(Error::internal(anyhow::anyhow!("adding contact {}: {other:?}", contact.mail))),
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn update_contact(&self, current_mail: &str, contact: &Contact, audit: &AuditEvent) -> Result<Contact> {
        let tenant_id = contact.tenant_id.as_str();
        let changes = if contact.mail == current_mail {
            vec![ObjectChange::new(ObjectKind::Contact, tenant_id, &contact.mail, ChangeOp::Modified)]
        } else {
            vec![
                ObjectChange::new(ObjectKind::Contact, tenant_id, current_mail, ChangeOp::Deleted),
                ObjectChange::new(ObjectKind::Contact, tenant_id, &contact.mail, ChangeOp::Added),
            ]
        };
        // What can be refused is refused before the change-log intent, so
        // that a refusal logs nothing (a lost race still settles the intent).
        let old_dn = self.contact_dn(tenant_id, current_mail);
        let Some(entry) = self.pool.read(&old_dn, CONTACT_ATTRS).await? else {
            return Err(Error::not_found("contact", current_mail));
        };
        let revision = entry.required_int("pbmRevision")?;
        if revision != contact.revision {
            return Err(Error::Aborted(format!("contact {current_mail}")));
        }
        let renamed = contact.mail != current_mail;
        if renamed && self.pool.read(&self.contact_dn(tenant_id, &contact.mail), &["1.1"]).await?.is_some() {
            return Err(Error::already_exists("contact", &contact.mail));
        }
        let change = self.change(changes).await?;
        let dn = if renamed {
            // The modify-DN is what makes the new address unique in the tenant.
            match self.pool.rename(&old_dn, &contact_rdn(tenant_id, &contact.mail), None).await? {
                Outcome::Done => self.contact_dn(tenant_id, &contact.mail),
                Outcome::AlreadyExists => return Err(Error::already_exists("contact", &contact.mail)),
                Outcome::NoSuchObject => return Err(Error::not_found("contact", current_mail)),
                other => return Err(Error::internal(anyhow::anyhow!("renaming contact {current_mail}: {other:?}"))),
            }
        } else {
            old_dn.clone()
        };
        let mods = Mods::default()
            .revision(revision)
            .set("cn", contact.name.as_str())
            .set("sn", contact.name.as_str())
            .set("displayName", contact.name.as_str())
            .set_all("telephoneNumber", contact.phones.iter().cloned())
            .set("title", contact.title.as_str())
            .set("departmentNumber", contact.department.as_str())
            .set("physicalDeliveryOfficeName", contact.office.as_str())
            .set("street", contact.street.as_str())
            .set("l", contact.city.as_str())
            .set("employeeType", int(contact.address_book_visibility as i64))
            .set("pbmSource", contact.source.as_str())
            .set("pbmSourceId", contact.source_id.as_str())
            .set("pbmUpdatedAt", int(to_micros(contact.updated_at)));
        let outcome = self.pool.modify(&dn, mods).await;
        if !matches!(outcome, Ok(Outcome::Done)) && renamed {
            // Compensation: the contact goes back to its address.
            if let Err(e) = self.pool.rename(&dn, &contact_rdn(tenant_id, current_mail), None).await {
                tracing::warn!(error = %e, dn, "could not move a contact back to its address");
            }
        }
        match outcome? {
            Outcome::Done => {}
            Outcome::NoSuchAttribute => return Err(Error::Aborted(format!("contact {current_mail}"))),
            Outcome::NoSuchObject => return Err(Error::not_found("contact", current_mail)),
            other => return Err(Error::internal(anyhow::anyhow!("updating contact {current_mail}: {other:?}"))),
        }
        change.audited(audit).await;
        let mut stored = contact.clone();
        stored.revision = revision + 1;
        stored.phones.sort();
        Ok(stored)
    }

    async fn delete_contact(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let dn = self.contact_dn(tenant_id, mail);
        if self.pool.read(&dn, &["1.1"]).await?.is_none() {
            return Err(Error::not_found("contact", mail));
        }
        let change =
            self.change(vec![ObjectChange::new(ObjectKind::Contact, tenant_id, mail, ChangeOp::Deleted)]).await?;
        match self.pool.delete(&dn).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("contact", mail)),
            other => return Err(Error::internal(anyhow::anyhow!("deleting contact {mail}: {other:?}"))),
        }
        change.audited(audit).await;
        Ok(())
    }
}

#[async_trait]
impl AddressBookStore for LdapStore {
    async fn search_address_book(&self, q: &BookQuery) -> Result<Vec<BookEntry>> {
        let mut entries = Vec::new();
        for (kind, shown) in q.shown.iter().filter(|(_, shown)| !shown.is_empty()) {
            let found = match kind {
                EntryKind::User => self.book_users(&q.tenant_id, &q.prefix).await?,
                EntryKind::Resource => self.book_resources(&q.tenant_id, &q.prefix).await?,
                EntryKind::MailList => self.book_lists(&q.tenant_id, &q.prefix).await?,
                EntryKind::Contact => self.book_contacts(&q.tenant_id, &q.prefix).await?,
            };
            entries.extend(
                found.into_iter().filter(|e| shown.contains(&e.address_book_visibility) && e.matches(&q.prefix)),
            );
        }
        entries.sort_by_key(BookEntry::sort_key);
        Ok(entries
            .into_iter()
            .filter(|e| q.after.as_ref().is_none_or(|after| e.sort_key() > *after))
            .take(q.limit)
            .collect())
    }
}
