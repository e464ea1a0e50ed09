//! groupsync (guide §2.15, `services/ad/groups/*`): the company
//! directory's groups become mailing lists of a tenant, read with the one
//! directory reader ([`crate::directory`]) and diffed by the one
//! [`reconcile`] step.
//!
//! - A group's address is its mapped `mail`, renamed by
//!   `rename_emails` (the whole address) or else `rename_domains` (its
//!   domain); its name the mapped `displayName`, else `cn`. It must lie in a
//!   mail domain of the tenant.
//! - Members are the group's `member` DNs (all of them: a group larger
//!   than AD's `MaxValRange` is read on range by range), each read for its
//!   `mail` and renamed by the same rules: people, contacts and nested
//!   groups alike.
//!   A member address in a mail domain of the tenant must be held there (a
//!   user, alias, resource or list, or a list this run makes); one in
//!   another tenant's domain is left out (tenants are walls); any other is
//!   external. A member left out is noted, the list is still made.
//! - `cab_exclusions` (addresses, before or after renaming): the list is
//!   made but kept out of the address book (`employeeType` 2);
//!   `aliases` (list address → extra address): pbm lists have no aliases,
//!   so the extra address becomes a list of its own, hidden from the book,
//!   whose one member is the list — mail to it reaches the same people.
//! - Keyed by the group's stable id (`<id>#alias` for its alias list), kept
//!   in the `directory_lists` links: a renamed group or a new address is an
//!   update of the same list. The sync owns the address, the name, the
//!   members and the book visibility of the lists it made; `internal_only`
//!   stays the admin's.
//! - Every run is a full pass: a group deleted at the source or no longer
//!   matched removes its list. The sync never touches a list it did not
//!   make: an address held by anything else is a conflict, reported.
//! - Idempotent, dry run, progress, audit (`mail_lists:ad`), and whole
//!   lists after an interruption, as every sync ([`super`]).

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::Arc,
};

use serde_json::json;

use super::{Keyed, Progress, SyncPhase, SyncReport, reconcile};
use crate::directory::{DirectoryReader, DirectorySettings, LocalField, SourceEntry, settings::GroupSettings};
use crate::domain::{
    self, MailList,
    address::{domain_of, normalize_alternate_address, normalize_mail},
    audit::mail_list_view,
    mail_list::{DEFAULT_LIST_ADDRESS_BOOK_VISIBILITY, MAX_MEMBERS},
    text::{MAX_NAME_CHARS, check_text},
};
use crate::error::{Error, Result};
use crate::ports::DirectoryLink;
use crate::service::{Core, RequestContext, addressbook::owner_kind};
use crate::settings::keys;

/// The audit name of a group sync.
pub const SYNC_MAIL_LISTS: &str = "pbm.v2.MailListService/SyncMailLists";
/// The `employeeType` of a list the book does not show.
const HIDDEN: i32 = 2;
/// What follows a group's stable id in the key of its alias list.
const ALIAS_KEY: &str = "#alias";

/// A group as the list it should be.
#[derive(Debug, Clone)]
struct Desired {
    key: String,
    dn: String,
    list: MailList,
}

impl Keyed for Desired {
    fn key(&self) -> &str {
        &self.key
    }
}

/// A list this source made (if it still exists).
#[derive(Debug, Clone)]
struct Current {
    link: DirectoryLink,
    list: Option<MailList>,
}

impl Keyed for Current {
    fn key(&self) -> &str {
        &self.link.source_id
    }
}

/// The address a source address becomes: `rename_emails` of the whole
/// address, else `rename_domains` of its domain, else itself (lower-case).
pub fn renamed(address: &str, groups: &GroupSettings) -> String {
    let address = address.trim().to_lowercase();
    if let Some(to) = groups.rename_emails.get(&address) {
        return to.trim().to_lowercase();
    }
    match address.rsplit_once('@') {
        Some((local, domain)) => match groups.rename_domains.get(domain) {
            Some(to) => format!("{local}@{}", to.trim().to_lowercase()),
            None => address,
        },
        None => address,
    }
}

/// `current` with what the sync owns taken from `desired`.
fn with_owned(current: &MailList, desired: &MailList) -> MailList {
    let mut after = current.clone();
    after.mail = desired.mail.clone();
    after.display_name = desired.display_name.clone();
    after.members = desired.members.clone();
    after.address_book_visibility = desired.address_book_visibility;
    after
}

/// The fields in which two versions of a list differ.
fn changed_fields(before: &MailList, after: &MailList) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if before.mail != after.mail {
        fields.push("mail");
    }
    if before.display_name != after.display_name {
        fields.push("display_name");
    }
    if before.members != after.members {
        fields.push("members");
    }
    if before.address_book_visibility != after.address_book_visibility {
        fields.push("address_book_visibility");
    }
    fields
}

/// The group sync of the company directory.
#[derive(Clone)]
pub struct ListSync(pub(crate) Arc<Core>);

impl ListSync {
    fn core(&self) -> &Core {
        &self.0
    }

    /// The settings in force, when the group sync may run.
    fn settings(&self) -> Result<DirectorySettings> {
        let settings = self.core().settings.current().directory.clone();
        if !settings.enabled {
            return Err(Error::FailedPrecondition(format!(
                "{} is false: the group sync from the company directory is off",
                keys::AD_ENABLED
            )));
        }
        if settings.connection.host.is_empty() {
            return Err(Error::FailedPrecondition(format!(
                "{} is not set: pbm does not know the directory",
                keys::AD_HOST
            )));
        }
        if settings.groups.search.base_dn.is_empty() {
            return Err(Error::FailedPrecondition(format!(
                "{} is not set: pbm does not know where the groups are",
                keys::AD_GROUPS_BASE_DN
            )));
        }
        Ok(settings)
    }

    /// groupsync of `tenant_id` (admins of the tenant and superadmins): the
    /// directory's groups into the tenant's mailing lists. A dry run reports
    /// the plan and writes nothing. The run reports to `progress`.
    pub async fn sync(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        dry_run: bool,
        progress: &Progress,
    ) -> Result<SyncReport> {
        self.core()
            .audited(ctx, SYNC_MAIL_LISTS, tenant_id, "mail_lists:ad", async {
                let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
                self.core().existing_tenant(tenant_id).await?;
                self.run(ctx, (&caller.account, &caller.tenant_id), tenant_id, dry_run, progress).await
            })
            .await
    }

    /// Reads the groups and the addresses of their members.
    async fn read(
        &self,
        settings: &DirectorySettings,
        progress: &Progress,
    ) -> Result<(Vec<SourceEntry>, HashMap<String, Option<String>>)> {
        let search = &settings.groups.search;
        let mut attributes = search.mapping.attributes();
        if !attributes.iter().any(|a| a.eq_ignore_ascii_case("member")) {
            attributes.push("member".to_owned());
        }
        progress.phase(SyncPhase::Connecting);
        let reader = DirectoryReader::new(&settings.connection)?;
        let mut session = reader.open().await?;
        progress.read(0);
        let mut groups = Vec::new();
        let searched = session
            .search(&search.base_dn, search.base_dn_key, &search.filter, &attributes, |entry| {
                groups.push(entry);
                Ok(())
            })
            .await;
        // every member's address, read once: member DN (lower-case) → its mail
        let mut members: HashMap<String, Option<String>> = HashMap::new();
        let mut read = Ok(());
        if searched.is_ok() {
            progress.read(groups.len() as u64);
            // a group larger than AD's MaxValRange came with its first 1,500 members only
            for group in &mut groups {
                if let Err(e) = session.complete_ranges(group).await {
                    read = Err(e);
                    break;
                }
            }
        }
        if searched.is_ok() && read.is_ok() {
            for dn in groups.iter().flat_map(|g| g.values("member")) {
                let key = dn.to_lowercase();
                if members.contains_key(&key) {
                    continue;
                }
                match session.values_at(dn, "mail").await {
                    Ok(mails) => {
                        members.insert(key, mails.into_iter().map(|m| m.trim().to_owned()).find(|m| !m.is_empty()));
                    }
                    Err(e) => {
                        read = Err(e);
                        break;
                    }
                }
            }
        }
        session.close().await;
        searched?;
        read?;
        progress.phase(SyncPhase::Planning);
        Ok((groups, members))
    }

    /// The periodic groupsync of `tenant_id` (`services/ad/sync_tenants`, see
    /// `runtime::jobs`), run as the system by the replica holding its lease.
    pub async fn run_periodic(&self, tenant_id: &str) -> Result<SyncReport> {
        self.core().existing_tenant(tenant_id).await?;
        self.run(&RequestContext::default(), ("system", ""), tenant_id, false, &Progress::silent()).await
    }

    async fn run(
        &self,
        ctx: &RequestContext,
        (actor, actor_tenant): (&str, &str),
        tenant_id: &str,
        dry_run: bool,
        progress: &Progress,
    ) -> Result<SyncReport> {
        let core = self.core();
        let settings = self.settings()?;
        let groups_settings = &settings.groups;
        let domains = core.tenant_domains(tenant_id).await?;
        let (groups, member_mail) = self.read(&settings, progress).await?;
        let mut report = SyncReport { dry_run, full: true, read: groups.len() as u64, ..Default::default() };

        // the lists the groups describe, members not yet checked
        let mapping = &groups_settings.search.mapping;
        let first = |entry: &SourceEntry, field: LocalField| -> String {
            mapping.sources(field).map(|a| entry.first(a).trim()).find(|v| !v.is_empty()).unwrap_or_default().to_owned()
        };
        let mut desired: Vec<Desired> = Vec::new();
        let mut member_dns: HashMap<String, Vec<String>> = HashMap::new();
        let now = domain::now();
        for entry in &groups {
            let raw = first(entry, LocalField::Mail);
            if raw.is_empty() {
                report
                    .conflicts
                    .push(format!("{}: has no address (the attributes mapped to mail are empty)", entry.dn));
                continue;
            }
            let original = raw.to_lowercase();
            let mail = match normalize_mail(&renamed(&raw, groups_settings)) {
                Ok(mail) => mail,
                Err(e) => {
                    report.conflicts.push(format!("{}: address {raw:?} {e}", entry.dn));
                    continue;
                }
            };
            if !domains.contains(domain_of(&mail)) {
                report.conflicts.push(format!("{}: {mail} is not in a mail domain of the tenant", entry.dn));
                continue;
            }
            let mut name = first(entry, LocalField::DisplayName);
            if name.is_empty() {
                name = first(entry, LocalField::Cn);
            }
            if name.is_empty() {
                name = mail.split('@').next().unwrap_or_default().to_owned();
            }
            let name: String = name.chars().filter(|c| !c.is_control()).take(MAX_NAME_CHARS).collect();
            let name = name.trim().to_owned();
            if let Err(e) = check_text(&name, MAX_NAME_CHARS) {
                report.conflicts.push(format!("{}: name {e}", entry.dn));
                continue;
            }
            let excluded = groups_settings
                .cab_exclusions
                .iter()
                .map(|x| x.trim().to_lowercase())
                .any(|x| x == original || x == mail);
            let list = MailList {
                tenant_id: tenant_id.to_owned(),
                mail: mail.clone(),
                display_name: name.clone(),
                members: Vec::new(),
                address_book_visibility: if excluded { HIDDEN } else { DEFAULT_LIST_ADDRESS_BOOK_VISIBILITY },
                internal_only: true,
                created_at: now,
                updated_at: now,
                revision: 1,
            };
            member_dns.insert(entry.id.clone(), entry.values("member").to_vec());
            let alias = groups_settings.aliases.get(&original).or_else(|| groups_settings.aliases.get(&mail));
            desired.push(Desired { key: entry.id.clone(), dn: entry.dn.clone(), list });
            if let Some(alias) = alias {
                match normalize_mail(alias) {
                    Ok(alias) if domains.contains(domain_of(&alias)) => {
                        let list = MailList {
                            mail: alias,
                            members: vec![mail.clone()],
                            address_book_visibility: HIDDEN,
                            ..desired.last().expect("just pushed").list.clone()
                        };
                        desired.push(Desired { key: format!("{}{ALIAS_KEY}", entry.id), dn: entry.dn.clone(), list });
                    }
                    Ok(alias) => report
                        .conflicts
                        .push(format!("{}: alias {alias} is not in a mail domain of the tenant", entry.dn)),
                    Err(e) => report.conflicts.push(format!("{}: alias {alias:?} {e}", entry.dn)),
                }
            }
        }
        // two groups with one address: neither is taken
        let mut by_mail: HashMap<String, usize> = HashMap::new();
        for d in &desired {
            *by_mail.entry(d.list.mail.clone()).or_default() += 1;
        }
        desired.retain(|d| {
            let unique = by_mail[&d.list.mail] == 1;
            if !unique {
                report.conflicts.push(format!("{}: {} is the address of several groups", d.dn, d.list.mail));
            }
            unique
        });

        // members: addresses, renamed, checked against the tenant
        let planned: BTreeSet<String> = desired.iter().map(|d| d.list.mail.clone()).collect();
        let mut wanted: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for d in desired.iter().filter(|d| !d.key.ends_with(ALIAS_KEY)) {
            let mut addresses = Vec::new();
            for dn in member_dns.get(&d.key).into_iter().flatten() {
                match member_mail.get(&dn.to_lowercase()).cloned().flatten() {
                    Some(mail) => addresses.push(renamed(&mail, groups_settings)),
                    None => report.changes.push(format!("{}: member {dn} left out: no address", d.list.mail)),
                }
            }
            wanted.insert(d.key.clone(), addresses);
        }
        let internal: Vec<String> = wanted
            .values()
            .flatten()
            .filter(|a| domains.contains(domain_of(a)) && !planned.contains(*a))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let held_here: BTreeSet<String> = core
            .directory
            .find_addresses(&internal)
            .await?
            .into_iter()
            .filter(|a| a.tenant_id == tenant_id)
            .map(|a| a.address)
            .collect();
        let mut foreign_domains: HashMap<String, bool> = HashMap::new();
        for d in desired.iter_mut() {
            let Some(addresses) = wanted.remove(&d.key) else { continue };
            let mut members = BTreeSet::new();
            for raw in addresses {
                let address = match normalize_alternate_address(&raw) {
                    Ok(address) => address,
                    Err(e) => {
                        report.changes.push(format!("{}: member {raw:?} left out: {e}", d.list.mail));
                        continue;
                    }
                };
                let domain = domain_of(&address).to_owned();
                if address == d.list.mail {
                    continue; // a list never contains itself
                } else if domains.contains(&domain) {
                    if !held_here.contains(&address) && !planned.contains(&address) {
                        report.changes.push(format!(
                            "{}: member {address} left out: no user, alias, resource or list of the tenant has it",
                            d.list.mail
                        ));
                        continue;
                    }
                } else {
                    if let Err(e) = normalize_mail(&address) {
                        report.changes.push(format!("{}: member {address} left out: {e}", d.list.mail));
                        continue;
                    }
                    let foreign = match foreign_domains.get(&domain) {
                        Some(foreign) => *foreign,
                        None => {
                            let foreign = core.directory.get_mail_domain(&domain).await?.is_some();
                            foreign_domains.insert(domain.clone(), foreign);
                            foreign
                        }
                    };
                    if foreign {
                        report.changes.push(format!(
                            "{}: member {address} left out: {domain} is a mail domain of another tenant",
                            d.list.mail
                        ));
                        continue;
                    }
                }
                members.insert(address);
            }
            d.list.members = members.into_iter().collect();
        }
        desired.retain(|d| {
            let fits = d.list.members.len() <= MAX_MEMBERS;
            if !fits {
                report.conflicts.push(format!("{}: more than {MAX_MEMBERS} members", d.dn));
            }
            fits
        });

        // what this source made before
        let links = core.directory_links.list_links(tenant_id).await?;
        let mut current = Vec::with_capacity(links.len());
        for link in links {
            let list = core.directory.get_mail_list(tenant_id, &link.mail).await?;
            current.push(Current { link, list });
        }
        let ours: HashMap<String, String> =
            current.iter().map(|c| (c.link.mail.clone(), c.link.source_id.clone())).collect();
        let plan =
            reconcile(desired, current, true, |d, c| c.list.as_ref().is_some_and(|l| with_owned(l, &d.list) == *l));
        report.unchanged = plan.unchanged.len() as u64;

        // addresses held by anything this source did not make
        let new_addresses: Vec<String> = plan
            .create
            .iter()
            .map(|d| d.list.mail.clone())
            .chain(plan.update.iter().filter(|(d, c)| c.link.mail != d.list.mail).map(|(d, _)| d.list.mail.clone()))
            .collect();
        let held: HashMap<String, (String, String)> = core
            .directory
            .find_addresses(&new_addresses)
            .await?
            .into_iter()
            .filter(|a| !ours.contains_key(&a.address))
            .map(|a| (a.address, (a.tenant_id, owner_kind(a.kind).to_owned())))
            .collect();
        let blocked = |d: &Desired, report: &mut SyncReport| -> bool {
            match held.get(&d.list.mail) {
                Some((tenant, kind)) if tenant == tenant_id => {
                    report.conflicts.push(format!("{}: {} is held by a {kind} of the tenant", d.dn, d.list.mail));
                    true
                }
                Some(_) => {
                    report.conflicts.push(format!("{}: {} is held in another tenant", d.dn, d.list.mail));
                    true
                }
                None => {
                    if ours.get(&d.list.mail).is_some_and(|key| *key != d.key) {
                        // another group of this source holds it now; the next run settles it
                        report.conflicts.push(format!("{}: {} is held by another synced list", d.dn, d.list.mail));
                        return true;
                    }
                    false
                }
            }
        };
        let mut creates = Vec::new();
        for d in plan.create {
            if !blocked(&d, &mut report) {
                creates.push(d);
            }
        }
        let mut updates = Vec::new();
        for (d, c) in plan.update {
            let moved = c.list.as_ref().is_none_or(|l| l.mail != d.list.mail);
            if moved && blocked(&d, &mut report) {
                continue;
            }
            updates.push((d, c));
        }
        for c in &plan.remove {
            report.changes.push(format!("remove {}", c.link.mail));
        }
        for (d, c) in &updates {
            match &c.list {
                Some(list) => {
                    let after = with_owned(list, &d.list);
                    report.changes.push(format!("update {}: {}", list.mail, changed_fields(list, &after).join(", ")));
                }
                None => report.changes.push(format!("create {} (its list is gone)", d.list.mail)),
            }
        }
        for d in &creates {
            report.changes.push(format!("create {}", d.list.mail));
        }
        if dry_run {
            report.removed = plan.remove.len() as u64;
            report.updated = updates.iter().filter(|(_, c)| c.list.is_some()).count() as u64;
            report.created = (creates.len() + updates.len()) as u64 - report.updated;
            return Ok(report);
        }

        // apply: removals, updates, creations; each link right after its change
        progress.applying((plan.remove.len() + updates.len() + creates.len()) as u64);
        let event = |target: &str| {
            core.event_by(ctx, actor, actor_tenant, SYNC_MAIL_LISTS, tenant_id, format!("list:{target}"))
        };
        for c in &plan.remove {
            if let Some(list) = &c.list {
                let audit = event(&list.mail).before(mail_list_view(list));
                match core.directory.delete_mail_list(tenant_id, &list.mail, &audit).await {
                    Ok(()) | Err(Error::NotFound { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
            core.directory_links.delete_list_link(tenant_id, &c.link.source_id).await?;
            report.removed += 1;
            progress.applied_one();
        }
        for (d, c) in &updates {
            let Some(before) = &c.list else {
                if self.create(d, &event(&d.list.mail), &mut report).await? {
                    report.created += 1;
                }
                progress.applied_one();
                continue;
            };
            let mut after = with_owned(before, &d.list);
            after.updated_at = domain::now();
            let audit = event(&before.mail).before(mail_list_view(before)).after(mail_list_view(&after));
            match core.directory.update_mail_list(&before.mail, &after, &audit).await {
                Ok(stored) => {
                    report.updated += 1;
                    self.save_link(d, &stored.mail).await?;
                }
                Err(e @ (Error::AlreadyExists { .. } | Error::Aborted(_) | Error::NotFound { .. })) => {
                    report.conflicts.push(format!("{}: {e}", d.dn));
                }
                Err(e) => return Err(e),
            }
            progress.applied_one();
        }
        for d in &creates {
            if self.create(d, &event(&d.list.mail), &mut report).await? {
                report.created += 1;
            }
            progress.applied_one();
        }
        let summary =
            core.event_by(ctx, actor, actor_tenant, SYNC_MAIL_LISTS, tenant_id, "mail_lists:ad").after(json!({
                "read": report.read, "created": report.created, "updated": report.updated,
                "removed": report.removed, "unchanged": report.unchanged, "conflicts": report.conflicts.len(),
            }));
        core.audit.append(&summary).await?;
        tracing::info!(
            tenant = tenant_id,
            read = report.read,
            created = report.created,
            updated = report.updated,
            removed = report.removed,
            conflicts = report.conflicts.len(),
            "mailing lists synchronised from the company directory"
        );
        Ok(report)
    }

    /// Creates the list of a group and its link; a taken address is a
    /// conflict (false), not an error.
    async fn create(&self, d: &Desired, audit: &domain::AuditEvent, report: &mut SyncReport) -> Result<bool> {
        let mut list = d.list.clone();
        let now = domain::now();
        (list.created_at, list.updated_at) = (now, now);
        match self.core().directory.create_mail_list(&list, &audit.clone().after(mail_list_view(&list))).await {
            Ok(()) => {
                self.save_link(d, &list.mail).await?;
                Ok(true)
            }
            Err(e @ Error::AlreadyExists { .. }) => {
                report.conflicts.push(format!("{}: {e}", d.dn));
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    async fn save_link(&self, d: &Desired, mail: &str) -> Result<()> {
        self.core()
            .directory_links
            .save_list_link(&DirectoryLink {
                tenant_id: d.list.tenant_id.clone(),
                source_id: d.key.clone(),
                mail: mail.to_owned(),
                dn: d.dn.clone(),
                aliases: Vec::new(),
                change_mark: String::new(),
                updated_at: domain::now(),
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_take_the_whole_address_first_then_the_domain() {
        let groups = GroupSettings {
            search: crate::settings::Settings::default().directory.groups.search,
            aliases: BTreeMap::new(),
            cab_exclusions: Vec::new(),
            rename_domains: BTreeMap::from([("corp.local".into(), "corp.test".into())]),
            rename_emails: BTreeMap::from([("old-name@corp.test".into(), "new-name@corp.test".into())]),
        };
        assert_eq!(renamed("Legacy@Corp.Local", &groups), "legacy@corp.test");
        assert_eq!(renamed("old-name@corp.test", &groups), "new-name@corp.test");
        assert_eq!(renamed("sales@corp.test", &groups), "sales@corp.test");
        assert_eq!(renamed("no-at-sign", &groups), "no-at-sign");
    }
}
