//! cabsync (guide §2.15, `services/ad/users/*`): the company directory's
//! people become external contacts of a tenant's address book, read with
//! the one directory reader ([`crate::directory`]) and diffed by the one
//! [`reconcile`] step.
//!
//! - Keyed by the entry's stable id (`objectGUID`, `entryUUID`,
//!   `nsUniqueId`), kept on the contact itself (`source` `ad`,
//!   `source_id`): a rename at the source — a new name or a new address —
//!   is an update of the same contact.
//! - Every run is a full pass: an entry deleted at the source, no longer
//!   matched by the filter, or disabled (`userAccountControl` bit 2,
//!   `nsAccountLock: TRUE`) is removed from the book.
//! - Scoped: the sync touches only contacts whose source is `ad`; an
//!   address held by a user, alias, resource or list of the tenant, or by a
//!   contact of another source (an admin's), is reported as a conflict and
//!   left alone. Two entries with one address: neither is taken.
//! - Idempotent: a second run finds every contact equal and writes nothing.
//! - Interruption: each change is one store write with its audit event and
//!   its change-log record; a run stopped midway leaves whole contacts, and
//!   the next run (a full pass) completes the book.
//! - A dry run reports the plan and writes nothing; every run's counts are
//!   audited (`address_book:ad`).
//!
//! Mapping (`services/ad/users/mapping`, the guide's default): `mail` the
//! address; `displayname`, else `cn`, else `givenname` + `sn`, else the
//! address's local part, the name; `title`, `department` (or `ou`),
//! `physicaldeliveryofficename`, `streetaddress`, `l`; `telephonenumber`,
//! `mobile`, `telexnumber`, `homephone` the phones (a value a contact cannot
//! hold is left out and noted).
//!
//! The end of a run — duplicates and conflicts, the plan, the dry run, the
//! writes and the audit — is `fill_book`, which the Bitrix24 sync
//! ([`super::bitrix24`]) shares with its own source's contacts.

use std::{collections::HashMap, sync::Arc};

use serde_json::json;

use super::{Keyed, Progress, SyncReport, read_source, reconcile};
use crate::directory::{DirectorySettings, LocalField, Mapping, SourceEntry};
use crate::domain::{
    self, Contact,
    address::normalize_mail,
    audit::contact_view,
    contact::{DEFAULT_CONTACT_ADDRESS_BOOK_VISIBILITY, MAX_CONTACT_PHONES},
    text::{MAX_NAME_CHARS, check_text},
};
use crate::error::{Error, Result};
use crate::service::{Core, RequestContext, addressbook::check_contact_phone};
use crate::settings::keys;

/// The audit name of an address-book sync.
pub const SYNC_ADDRESS_BOOK: &str = "pbm.v2.UserService/SyncAddressBook";
/// The source of the contacts the directory sync makes.
pub const AD_SOURCE: &str = "ad";

/// An entry of a source as the contact it should be.
#[derive(Debug, Clone)]
pub(crate) struct Desired {
    /// How the report names the entry: its DN, `Bitrix24 user 17`.
    pub(crate) label: String,
    /// The contact.
    pub(crate) contact: Contact,
}

impl Keyed for Desired {
    fn key(&self) -> &str {
        &self.contact.source_id
    }
}

/// A contact this source made.
#[derive(Debug, Clone)]
struct Current(Contact);

impl Keyed for Current {
    fn key(&self) -> &str {
        &self.0.source_id
    }
}

/// The values of `field`'s attributes, trimmed, non-blank, in mapping order.
fn values_of<'a>(entry: &'a SourceEntry, mapping: &'a Mapping, field: LocalField) -> impl Iterator<Item = &'a str> {
    mapping.sources(field).flat_map(|a| entry.values(a).iter()).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn first_of(entry: &SourceEntry, mapping: &Mapping, field: LocalField) -> String {
    values_of(entry, mapping, field).next().unwrap_or_default().to_owned()
}

/// A text field as a contact holds it: cut to the longest allowed, control
/// characters dropped (a source's value is not refused for its length).
pub(crate) fn text(value: impl AsRef<str>) -> String {
    let clean: String = value.as_ref().chars().filter(|c| !c.is_control()).take(MAX_NAME_CHARS).collect();
    clean.trim().to_owned()
}

/// The phones of the contact at `mail` from a source's values, in order,
/// trimmed, blank and repeated ones skipped, sorted: a value a contact
/// cannot hold ([`check_contact_phone`], more than [`MAX_CONTACT_PHONES`])
/// is left out with a note.
pub(crate) fn phones_of<'a>(
    mail: &str,
    values: impl IntoIterator<Item = &'a str>,
    notes: &mut Vec<String>,
) -> Vec<String> {
    let mut phones: Vec<String> = Vec::new();
    for phone in values.into_iter().map(str::trim).filter(|v| !v.is_empty()) {
        if phones.iter().any(|p| p == phone) {
            continue;
        }
        match check_contact_phone(phone) {
            Ok(()) if phones.len() < MAX_CONTACT_PHONES => phones.push(phone.to_owned()),
            Ok(()) => notes.push(format!("{mail}: phone {phone:?} left out: more than {MAX_CONTACT_PHONES}")),
            Err(e) => notes.push(format!("{mail}: phone {phone:?} left out: {e}")),
        }
    }
    phones.sort();
    phones
}

/// The contact an entry describes; `Err` says why it cannot be one.
fn desired_of(
    entry: &SourceEntry,
    mapping: &Mapping,
    tenant_id: &str,
    notes: &mut Vec<String>,
) -> std::result::Result<Desired, String> {
    let raw = first_of(entry, mapping, LocalField::Mail);
    if raw.is_empty() {
        return Err("has no address (the attributes mapped to mail are empty)".into());
    }
    let mail = normalize_mail(&raw).map_err(|e| format!("address {raw:?} {e}"))?;
    let mut name = first_of(entry, mapping, LocalField::DisplayName);
    if name.is_empty() {
        name = first_of(entry, mapping, LocalField::Cn);
    }
    if name.is_empty() {
        let given = first_of(entry, mapping, LocalField::GivenName);
        let sn = first_of(entry, mapping, LocalField::Sn);
        name = format!("{given} {sn}").trim().to_owned();
    }
    if name.is_empty() {
        name = mail.split('@').next().unwrap_or_default().to_owned();
    }
    let phones = phones_of(
        &mail,
        [LocalField::WorkPhone, LocalField::Mobile, LocalField::Telex, LocalField::HomePhone]
            .into_iter()
            .flat_map(|field| values_of(entry, mapping, field)),
        notes,
    );
    let name = text(name);
    check_text(&name, MAX_NAME_CHARS).map_err(|e| format!("{mail}: name {e}"))?;
    let now = domain::now();
    Ok(Desired {
        label: entry.dn.clone(),
        contact: Contact {
            tenant_id: tenant_id.to_owned(),
            mail,
            name,
            phones,
            title: text(first_of(entry, mapping, LocalField::Title)),
            department: text(first_of(entry, mapping, LocalField::Department)),
            office: text(first_of(entry, mapping, LocalField::Office)),
            street: text(first_of(entry, mapping, LocalField::StreetAddress)),
            city: text(first_of(entry, mapping, LocalField::City)),
            address_book_visibility: DEFAULT_CONTACT_ADDRESS_BOOK_VISIBILITY,
            source: AD_SOURCE.to_owned(),
            source_id: entry.id.clone(),
            created_at: now,
            updated_at: now,
            revision: 1,
        },
    })
}

/// `current` with what the directory owns taken from `desired`: everything
/// but the admin's `employeeType`, the times and the revision.
fn with_owned(current: &Contact, desired: &Contact) -> Contact {
    let mut after = desired.clone();
    after.address_book_visibility = current.address_book_visibility;
    after.created_at = current.created_at;
    after.updated_at = current.updated_at;
    after.revision = current.revision;
    after
}

/// The fields in which two versions of a contact differ.
fn changed_fields(before: &Contact, after: &Contact) -> Vec<String> {
    let (a, b) = (contact_view(before), contact_view(after));
    match (a.as_object(), b.as_object()) {
        (Some(a), Some(b)) => b.iter().filter(|(k, v)| a.get(*k) != Some(*v)).map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    }
}

fn same(desired: &Contact, current: &Contact) -> bool {
    let mut current = current.clone();
    current.phones.sort();
    with_owned(&current, desired) == current
}

/// The address-book sync of the company directory.
#[derive(Clone)]
pub struct ContactSync(pub(crate) Arc<Core>);

impl ContactSync {
    fn core(&self) -> &Core {
        &self.0
    }

    /// The settings in force, when the address-book sync may run.
    fn settings(&self) -> Result<DirectorySettings> {
        let settings = self.core().settings.current().directory.clone();
        if !settings.enabled {
            return Err(Error::FailedPrecondition(format!(
                "{} is false: the address-book sync from the company directory is off",
                keys::AD_ENABLED
            )));
        }
        if settings.connection.host.is_empty() {
            return Err(Error::FailedPrecondition(format!(
                "{} is not set: pbm does not know the directory",
                keys::AD_HOST
            )));
        }
        if settings.users.base_dn.is_empty() {
            return Err(Error::FailedPrecondition(format!(
                "{} is not set: pbm does not know where the people are",
                keys::AD_USERS_BASE_DN
            )));
        }
        Ok(settings)
    }

    /// cabsync of `tenant_id` (admins of the tenant and superadmins): the
    /// directory's people into the book's contacts. A dry run reports the
    /// plan and writes nothing. The run reports to `progress`.
    pub async fn sync(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        dry_run: bool,
        progress: &Progress,
    ) -> Result<SyncReport> {
        self.core()
            .audited(ctx, SYNC_ADDRESS_BOOK, tenant_id, "address_book:ad", async {
                let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
                self.core().existing_tenant(tenant_id).await?;
                self.run(ctx, (&caller.account, &caller.tenant_id), tenant_id, dry_run, progress).await
            })
            .await
    }

    /// The periodic cabsync of `tenant_id` (`services/ad/sync_tenants`, see
    /// `runtime::jobs`), run as the system by the replica holding its lease.
    pub async fn run_periodic(&self, tenant_id: &str) -> Result<SyncReport> {
        self.core().existing_tenant(tenant_id).await?;
        self.run(&RequestContext::default(), ("system", ""), tenant_id, false, &Progress::silent()).await
    }

    async fn run(
        &self,
        ctx: &RequestContext,
        actor: (&str, &str),
        tenant_id: &str,
        dry_run: bool,
        progress: &Progress,
    ) -> Result<SyncReport> {
        let settings = self.settings()?;
        let search = &settings.users;
        let mut attributes = search.mapping.attributes();
        for extra in ["userAccountControl", "nsAccountLock"] {
            if !attributes.iter().any(|a| a.eq_ignore_ascii_case(extra)) {
                attributes.push(extra.to_owned());
            }
        }
        let base = (search.base_dn.as_str(), search.base_dn_key);
        let entries = read_source(&settings.connection, base, &search.filter, &attributes, progress).await?;

        let mut report = SyncReport { dry_run, full: true, read: entries.len() as u64, ..Default::default() };
        let mut desired = Vec::with_capacity(entries.len());
        let mut notes = Vec::new();
        for entry in entries.iter().filter(|e| !e.is_disabled()) {
            match desired_of(entry, &search.mapping, tenant_id, &mut notes) {
                Ok(d) => desired.push(d),
                Err(reason) => report.conflicts.push(format!("{}: {reason}", entry.dn)),
            }
        }
        report.changes.extend(notes);
        let run = BookRun {
            ctx,
            actor,
            tenant_id,
            source: AD_SOURCE,
            source_name: "the company directory",
            dry_run,
            progress,
        };
        fill_book(self.core(), &run, desired, report).await
    }
}

/// One run of an address-book sync: who runs it (the caller, or `system`
/// and no request for the periodic sync), the tenant whose book it fills,
/// the source whose contacts it owns, and how.
pub(crate) struct BookRun<'a> {
    /// The request (a default one for the periodic sync).
    pub(crate) ctx: &'a RequestContext,
    /// The actor and its tenant, as the audit names them.
    pub(crate) actor: (&'a str, &'a str),
    /// The tenant whose book is filled.
    pub(crate) tenant_id: &'a str,
    /// The contacts' source ([`AD_SOURCE`], `bitrix24`): the only ones the
    /// run may change; the audit target is `address_book:<source>`.
    pub(crate) source: &'a str,
    /// The source as the log names it (`the company directory`).
    pub(crate) source_name: &'a str,
    /// Report the plan, write nothing.
    pub(crate) dry_run: bool,
    /// Where the run reports.
    pub(crate) progress: &'a Progress,
}

/// The common end of every address-book sync (a full pass): makes the
/// contacts of `run.source` in the tenant's book match `desired`, the
/// source's whole list, and completes `report` (which already holds the
/// count read, the entries that could not be contacts and the notes).
///
/// Two entries with one address: neither is taken. An address held by a
/// user, alias, resource or list of the tenant, or by a contact of another
/// source, is a conflict and left alone. A dry run stops at the plan;
/// otherwise each change is one store write with its audit event, then the
/// counts are audited (`address_book:<source>`).
pub(crate) async fn fill_book(
    core: &Core,
    run: &BookRun<'_>,
    mut desired: Vec<Desired>,
    mut report: SyncReport,
) -> Result<SyncReport> {
    let BookRun { ctx, actor: (actor, actor_tenant), tenant_id, source, source_name, dry_run, progress } = *run;
    let mut by_mail: HashMap<String, usize> = HashMap::new();
    for d in &desired {
        *by_mail.entry(d.contact.mail.clone()).or_default() += 1;
    }
    desired.retain(|d| {
        let unique = by_mail[&d.contact.mail] == 1;
        if !unique {
            report.conflicts.push(format!("{}: {} is the address of several entries", d.label, d.contact.mail));
        }
        unique
    });
    // Addresses the tenant's own objects hold, and other sources' contacts.
    let wanted: Vec<String> = desired.iter().map(|d| d.contact.mail.clone()).collect();
    let held: HashMap<String, String> = core
        .directory
        .find_addresses(&wanted)
        .await?
        .into_iter()
        .filter(|a| a.tenant_id == tenant_id)
        .map(|a| (a.address, crate::service::addressbook::owner_kind(a.kind).to_owned()))
        .collect();
    // Contacts of the tenant this source did not make (an admin's, another sync's).
    let others: std::collections::HashSet<String> = core
        .directory
        .list_contacts(tenant_id, None, usize::MAX / 2)
        .await?
        .into_iter()
        .filter(|c| c.source != source)
        .map(|c| c.mail)
        .collect();

    let current: Vec<Current> =
        core.directory.contacts_of_source(tenant_id, source).await?.into_iter().map(Current).collect();
    let ours: HashMap<String, String> = current.iter().map(|c| (c.0.mail.clone(), c.0.source_id.clone())).collect();
    let plan = reconcile(desired, current, true, |d, c| same(&d.contact, &c.0));
    report.unchanged = plan.unchanged.len() as u64;

    // What may not be written: an address held by the tenant, or by a
    // contact this source did not make.
    let blocked = |d: &Desired, report: &mut SyncReport| -> bool {
        if let Some(kind) = held.get(&d.contact.mail) {
            report.conflicts.push(format!("{}: {} is held by a {kind} of the tenant", d.label, d.contact.mail));
            return true;
        }
        if others.contains(&d.contact.mail) {
            report
                .conflicts
                .push(format!("{}: {} is held by a contact the sync did not make", d.label, d.contact.mail));
            return true;
        }
        if ours.get(&d.contact.mail).is_some_and(|id| *id != d.contact.source_id) {
            // another entry of this source holds it now; the next run settles it
            report.conflicts.push(format!("{}: {} is held by another synced contact", d.label, d.contact.mail));
            return true;
        }
        false
    };
    let mut creates = Vec::new();
    for d in plan.create {
        if !blocked(&d, &mut report) {
            creates.push(d);
        }
    }
    let mut updates = Vec::new();
    for (d, c) in plan.update {
        if d.contact.mail != c.0.mail && blocked(&d, &mut report) {
            continue;
        }
        updates.push((d, c));
    }
    for c in &plan.remove {
        report.changes.push(format!("remove {}", c.0.mail));
    }
    for (d, c) in &updates {
        let after = with_owned(&c.0, &d.contact);
        report.changes.push(format!("update {}: {}", c.0.mail, changed_fields(&c.0, &after).join(", ")));
    }
    for d in &creates {
        report.changes.push(format!("create {}", d.contact.mail));
    }
    if dry_run {
        report.removed = plan.remove.len() as u64;
        report.updated = updates.len() as u64;
        report.created = creates.len() as u64;
        return Ok(report);
    }

    progress.applying((plan.remove.len() + updates.len() + creates.len()) as u64);
    let event = |target: &str| {
        core.event_by(ctx, actor, actor_tenant, SYNC_ADDRESS_BOOK, tenant_id, format!("contact:{target}"))
    };
    for c in &plan.remove {
        match core.directory.delete_contact(tenant_id, &c.0.mail, &event(&c.0.mail).before(contact_view(&c.0))).await {
            Ok(()) | Err(Error::NotFound { .. }) => report.removed += 1,
            Err(e) => return Err(e),
        }
        progress.applied_one();
    }
    for (d, c) in &updates {
        let mut after = with_owned(&c.0, &d.contact);
        after.updated_at = domain::now();
        let audit = event(&c.0.mail).before(contact_view(&c.0)).after(contact_view(&after));
        match core.directory.update_contact(&c.0.mail, &after, &audit).await {
            Ok(_) => report.updated += 1,
            Err(e @ (Error::AlreadyExists { .. } | Error::Aborted(_) | Error::NotFound { .. })) => {
                report.conflicts.push(format!("{}: {e}", d.label));
            }
            Err(e) => return Err(e),
        }
        progress.applied_one();
    }
    for d in &creates {
        let audit = event(&d.contact.mail).after(contact_view(&d.contact));
        match core.directory.create_contact(&d.contact, &audit).await {
            Ok(()) => report.created += 1,
            Err(e @ Error::AlreadyExists { .. }) => report.conflicts.push(format!("{}: {e}", d.label)),
            Err(e) => return Err(e),
        }
        progress.applied_one();
    }
    let target = format!("address_book:{source}");
    let summary = core.event_by(ctx, actor, actor_tenant, SYNC_ADDRESS_BOOK, tenant_id, target).after(json!({
        "read": report.read, "created": report.created, "updated": report.updated,
        "removed": report.removed, "unchanged": report.unchanged, "conflicts": report.conflicts.len(),
    }));
    core.audit.append(&summary).await?;
    tracing::info!(
        tenant = tenant_id,
        source,
        read = report.read,
        created = report.created,
        updated = report.updated,
        removed = report.removed,
        conflicts = report.conflicts.len(),
        "address book synchronised from {source_name}"
    );
    Ok(report)
}
