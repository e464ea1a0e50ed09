//! Mail accounts owned by the company directory (`services/ad/accounts/*`,
//! guide §5.3 and §5.3.1): the directory's people matched by the accounts
//! filter become pbm users of one tenant, and stay equal to their entries.
//!
//! - Keyed by the entry's stable id (`objectGUID`, `entryUUID`,
//!   `nsUniqueId`), kept in [`DirectoryLink`]s: a rename at the source is
//!   an update of the same user.
//! - A person disabled at the source (`userAccountControl` bit 2,
//!   `nsAccountLock: TRUE`) is blocked; one deleted there or no longer
//!   matched by the filter is soft-deleted (its addresses stay reserved for
//!   the retention period, as for any deleted user) — found by full passes.
//! - The directory owns the fields its mapping fills, the status, the quota
//!   (when `quota_attribute` or `default_quota` is set) and the aliases it
//!   sets; pbm stores no password for such a user: a login binds to the
//!   directory as the person ([`AccountSync::check_password`]).
//! - Quota (§5.3.1): the attribute holds bytes; empty means
//!   `default_quota`, or unlimited when there is none; 0 means unlimited
//!   (stored as 0, which Dovecot reads as no limit).

use std::{collections::BTreeSet, sync::Arc};

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{Keyed, Progress, SyncReport, read_source, reconcile};
use crate::directory::{
    BindOutcome, ChangeMark, DirectoryReader, DirectorySettings, LocalField, Mapping, SourceEntry, filter,
};
use crate::domain::{
    self, AuditEvent, Role, SessionCut, User, UserInput, UserStatus,
    address::domain_of,
    audit::{user_change_view, user_view},
    text::check_phone,
};
use crate::error::{AuthFailure, Error, Result};
use crate::ports::{DirectoryLink, SyncCursor};
use crate::service::users::ends_sessions;
use crate::service::{Core, RequestContext};

/// The audit name of an account sync.
pub const SYNC_ACCOUNTS: &str = "pbm.v2.UserService/SyncAccounts";

/// The change-mark attributes a cursor may hold.
const MARKS: [&str; 3] = ["uSNChanged", "entryCSN", "modifyTimestamp"];

/// Who runs a sync, for the audit trail.
#[derive(Debug, Clone)]
struct Actor {
    account: String,
    tenant_id: String,
}

impl Actor {
    fn system() -> Self {
        Self { account: "system".into(), tenant_id: String::new() }
    }
}

/// A directory entry as the user it should be.
#[derive(Debug, Clone)]
struct Desired {
    source_id: String,
    dn: String,
    mark: Option<ChangeMark>,
    /// The user as a new account would be (validated).
    user: User,
    /// The aliases the directory sets.
    aliases: Vec<String>,
    /// Whether the directory decides the quota.
    owns_quota: bool,
}

impl Keyed for Desired {
    fn key(&self) -> &str {
        &self.source_id
    }
}

/// A link and the user it owns (if it still exists).
#[derive(Debug, Clone)]
struct Current {
    link: DirectoryLink,
    user: Option<User>,
}

impl Keyed for Current {
    fn key(&self) -> &str {
        &self.link.source_id
    }
}

/// The fields of a user the directory owns under `mapping` (for the
/// ownership rule of UpdateUser and the README): the names always,
/// the other mapped fields, the status, the password, and the quota
/// when `quota_attribute` or `default_quota` is set.
pub fn owned_fields(settings: &DirectorySettings) -> Vec<&'static str> {
    let accounts = &settings.accounts;
    let m = &accounts.search.mapping;
    let mut fields = vec!["mail", "given_name", "surname", "status", "password"];
    for (field, name) in [
        (LocalField::Initials, "middle_name"),
        (LocalField::DisplayName, "display_name"),
        (LocalField::Title, "title"),
        (LocalField::Department, "department"),
        (LocalField::City, "city"),
        (LocalField::WorkPhone, "work_phone"),
        (LocalField::HomePhone, "home_phone"),
        (LocalField::Mobile, "mobile_phone"),
        (LocalField::Description, "description"),
    ] {
        if m.maps(field) {
            fields.push(name);
        }
    }
    if !accounts.quota_attribute.is_empty() || accounts.default_quota.is_some() {
        fields.push("quota_bytes");
    }
    fields
}

/// The first non-blank value of the attributes that fill `field`.
fn first_of(entry: &SourceEntry, mapping: &Mapping, field: LocalField) -> String {
    mapping.sources(field).map(|a| entry.first(a)).find(|v| !v.is_empty()).unwrap_or_default().to_owned()
}

/// The addresses an alias attribute holds: AD's `proxyAddresses` keeps the
/// SMTP ones (`SMTP:` primary, `smtp:` secondary; X400 and others are not
/// mail addresses), other attributes are taken as they are.
fn alias_values<'a>(attribute: &str, values: &'a [String]) -> impl Iterator<Item = String> + 'a {
    let proxy = attribute.eq_ignore_ascii_case("proxyAddresses");
    values.iter().filter_map(move |v| {
        let v = v.trim();
        let address = if proxy {
            let (kind, rest) = v.split_once(':')?;
            if !kind.eq_ignore_ascii_case("smtp") {
                return None;
            }
            rest
        } else {
            v
        };
        let address = address.trim().to_lowercase();
        (!address.is_empty()).then_some(address)
    })
}

/// Reads a quota (§5.3.1) from the entry: `Ok(None)` when the directory does
/// not decide quotas.
fn quota_of(entry: &SourceEntry, settings: &DirectorySettings) -> std::result::Result<Option<i64>, String> {
    let accounts = &settings.accounts;
    let default = || Some(accounts.default_quota.unwrap_or(0));
    if accounts.quota_attribute.is_empty() {
        return Ok(accounts.default_quota.map(Some).unwrap_or(None));
    }
    let raw = entry.first(&accounts.quota_attribute);
    if raw.is_empty() {
        return Ok(default());
    }
    match raw.parse::<i64>() {
        Ok(bytes) if bytes >= 0 => Ok(Some(bytes)),
        _ => Err(format!("{} = {raw:?} is not a number of bytes", accounts.quota_attribute)),
    }
}

/// The user an entry describes, validated like CreateUser validates; `Err`
/// names what pbm refuses. `notes` collects values left out.
fn desired_of(
    entry: &SourceEntry,
    settings: &DirectorySettings,
    domains: &BTreeSet<String>,
    password: &crate::domain::password_policy::PasswordRequirements,
    tenant_id: &str,
    notes: &mut Vec<String>,
) -> std::result::Result<Desired, String> {
    let mapping = &settings.accounts.search.mapping;
    let mail = first_of(entry, mapping, LocalField::Mail).to_lowercase();
    if mail.is_empty() {
        return Err("has no address (the attributes mapped to mail are empty)".into());
    }
    if !domains.contains(domain_of(&mail)) {
        return Err(format!("{mail}: domain {} is not a mail domain of tenant {tenant_id}", domain_of(&mail)));
    }
    let local = mail.split('@').next().unwrap_or_default().to_owned();
    let display_name = first_of(entry, mapping, LocalField::DisplayName);
    let mut given_name = first_of(entry, mapping, LocalField::GivenName);
    if given_name.is_empty() {
        given_name = first_of(entry, mapping, LocalField::Cn);
    }
    if given_name.is_empty() {
        given_name = if display_name.is_empty() { local.clone() } else { display_name.clone() };
    }
    let mut surname = first_of(entry, mapping, LocalField::Sn);
    if surname.is_empty() {
        surname = local.clone();
    }
    let mut phone = |field: LocalField, name: &str| {
        let value = first_of(entry, mapping, field);
        if let Err(e) = check_phone(&value) {
            notes.push(format!("{mail}: {name} {value:?} left out: {e}"));
            return String::new();
        }
        value
    };
    let work_phone = phone(LocalField::WorkPhone, "work_phone");
    let home_phone = phone(LocalField::HomePhone, "home_phone");
    let mobile_phone = phone(LocalField::Mobile, "mobile_phone");
    let mut aliases = BTreeSet::new();
    for attribute in mapping.sources(LocalField::Alias) {
        for alias in alias_values(attribute, entry.values(attribute)) {
            if alias == mail {
                continue;
            }
            if !domains.contains(domain_of(&alias)) {
                notes.push(format!("{mail}: alias {alias} left out: not a mail domain of tenant {tenant_id}"));
                continue;
            }
            aliases.insert(alias);
        }
    }
    let aliases: Vec<String> = aliases.into_iter().collect();
    let quota = quota_of(entry, settings)?;
    let input = UserInput {
        tenant_id: tenant_id.to_owned(),
        mail: mail.clone(),
        role: Some(Role::User),
        given_name,
        surname,
        middle_name: first_of(entry, mapping, LocalField::Initials),
        department: first_of(entry, mapping, LocalField::Department),
        title: first_of(entry, mapping, LocalField::Title),
        description: first_of(entry, mapping, LocalField::Description),
        home_phone,
        work_phone,
        mobile_phone,
        city: first_of(entry, mapping, LocalField::City),
        quota_bytes: quota,
        display_name,
        status: Some(if entry.is_disabled() { UserStatus::Blocked } else { UserStatus::Active }),
        aliases: aliases.clone(),
        ..Default::default()
    };
    let user = crate::service::users::directory_user(domains, password, tenant_id, &input)
        .map_err(|e| format!("{mail}: {e}"))?;
    let owns_quota = !settings.accounts.quota_attribute.is_empty() || settings.accounts.default_quota.is_some();
    Ok(Desired {
        source_id: entry.id.clone(),
        dn: entry.dn.clone(),
        mark: entry.change.clone(),
        user,
        aliases,
        owns_quota,
    })
}

/// `before` with what the directory owns taken from `d`; the aliases the
/// directory set before (`link_aliases`) are replaced by the ones it sets
/// now, the admin's own stay.
fn with_owned(before: &User, link_aliases: &[String], d: &Desired) -> User {
    let mut after = before.clone();
    let src = &d.user;
    after.given_name.clone_from(&src.given_name);
    after.surname.clone_from(&src.surname);
    after.middle_name.clone_from(&src.middle_name);
    after.display_name.clone_from(&src.display_name);
    after.title.clone_from(&src.title);
    after.department.clone_from(&src.department);
    after.city.clone_from(&src.city);
    after.work_phone.clone_from(&src.work_phone);
    after.home_phone.clone_from(&src.home_phone);
    after.mobile_phone.clone_from(&src.mobile_phone);
    after.description.clone_from(&src.description);
    if d.owns_quota {
        after.quota_bytes = src.quota_bytes;
    }
    after.status = match (src.status, before.status) {
        (UserStatus::Blocked, _) => UserStatus::Blocked,
        (_, UserStatus::Blocked) => UserStatus::Active,
        (_, kept) => kept,
    };
    let mut aliases: BTreeSet<String> = before.aliases.iter().filter(|a| !link_aliases.contains(a)).cloned().collect();
    aliases.extend(d.aliases.iter().cloned());
    // pbm cannot rename a mailbox's primary address: a new primary address at
    // the source becomes an alias, so mail to it and logins with it work
    if src.mail != before.mail {
        aliases.insert(src.mail.clone());
    }
    aliases.remove(&before.mail);
    after.aliases = aliases.into_iter().collect();
    after
}

/// The fields (audit names) in which two versions of a user differ;
/// `password` when the hash changed.
pub(crate) fn changed_fields(before: &User, after: &User) -> Vec<String> {
    let (a, b) = (user_view(before), user_view(after));
    let mut fields: Vec<String> = match (a.as_object(), b.as_object()) {
        (Some(a), Some(b)) => b.iter().filter(|(k, v)| a.get(*k) != Some(*v)).map(|(k, _)| k.clone()).collect(),
        _ => Vec::new(),
    };
    if before.password_hash != after.password_hash {
        fields.push("password".into());
    }
    fields
}

/// `attribute:value` of a mark, as cursors keep it.
fn mark_text(mark: &ChangeMark) -> String {
    format!("{}:{}", mark.attribute, mark.value)
}

fn parse_mark(text: &str) -> Option<ChangeMark> {
    let (attribute, value) = text.split_once(':')?;
    let attribute = MARKS.into_iter().find(|m| *m == attribute)?;
    Some(ChangeMark { attribute, value: value.to_owned() })
}

/// The account sync of the company directory.
#[derive(Clone)]
pub struct AccountSync(pub(crate) Arc<Core>);

impl AccountSync {
    fn core(&self) -> &Core {
        &self.0
    }

    /// The settings in force, when the directory owns `tenant_id`'s accounts.
    fn settings_for(&self, tenant_id: &str) -> Result<DirectorySettings> {
        let settings = self.core().settings.current().directory.clone();
        let accounts = &settings.accounts;
        if !accounts.enabled {
            return Err(Error::FailedPrecondition(
                "services/ad/accounts/enabled is false: the company directory owns no accounts".into(),
            ));
        }
        if accounts.tenant != tenant_id {
            return Err(Error::FailedPrecondition(format!(
                "services/ad/accounts/tenant is {:?}: the company directory owns the accounts of that tenant, not of {tenant_id:?}",
                accounts.tenant
            )));
        }
        if accounts.search.base_dn.is_empty() {
            return Err(Error::FailedPrecondition(
                "services/ad/accounts/base_dn is not set: pbm does not know where the accounts are".into(),
            ));
        }
        Ok(settings)
    }

    /// Synchronises the accounts of `tenant_id` with the directory
    /// (admins of the tenant and superadmins): a full pass when `full`, when
    /// none ran yet or when `full_sync_interval` has passed, else only the
    /// entries changed since the last pass. A dry run reports the plan and
    /// writes nothing. The run reports to `progress`.
    pub async fn sync(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        (dry_run, full): (bool, bool),
        progress: &Progress,
    ) -> Result<SyncReport> {
        self.core()
            .audited(ctx, SYNC_ACCOUNTS, tenant_id, "accounts:directory", async {
                let caller = self.core().admin_of(ctx, tenant_id, "tenant_id").await?;
                let actor = Actor { account: caller.account, tenant_id: caller.tenant_id };
                self.run(ctx, &actor, tenant_id, (dry_run, full), progress).await
            })
            .await
    }

    /// The periodic sync of one replica (see `runtime::jobs`): runs when
    /// this replica holds the lease of the tenant's sync.
    pub async fn run_periodic(&self, holder: &str, lease: std::time::Duration) -> Result<Option<SyncReport>> {
        let tenant_id = self.core().settings.current().directory.accounts.tenant.clone();
        if tenant_id.is_empty() || self.settings_for(&tenant_id).is_err() {
            return Ok(None);
        }
        let now = domain::now();
        let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
        if !self.core().directory_links.take_lease(&tenant_id, holder, now, until).await? {
            return Ok(None);
        }
        self.run(&RequestContext::default(), &Actor::system(), &tenant_id, (false, false), &Progress::silent())
            .await
            .map(Some)
    }

    async fn run(
        &self,
        ctx: &RequestContext,
        actor: &Actor,
        tenant_id: &str,
        (dry_run, force_full): (bool, bool),
        progress: &Progress,
    ) -> Result<SyncReport> {
        let core = self.core();
        let settings = self.settings_for(tenant_id)?;
        let domains = core.tenant_domains(tenant_id).await?;
        let password_rules = core.settings.current().password.clone();
        let accounts = &settings.accounts;
        let now = domain::now();
        let cursor = core.directory_links.cursor(tenant_id).await?;
        let since = parse_mark(&cursor.last_mark);
        let full = force_full || since.is_none() || is_due(cursor.last_full_at, accounts.full_sync_interval, now);

        // read
        let search = &accounts.search;
        let mut attributes = search.mapping.attributes();
        for extra in [accounts.quota_attribute.as_str(), "userAccountControl", "nsAccountLock"] {
            if !extra.is_empty() && !attributes.iter().any(|a| a.eq_ignore_ascii_case(extra)) {
                attributes.push(extra.to_owned());
            }
        }
        let query = match (&since, full) {
            (Some(mark), false) => filter::and(&search.filter, &mark.since_filter()),
            _ => search.filter.clone(),
        };
        let base = (search.base_dn.as_str(), search.base_dn_key);
        let entries = read_source(&settings.connection, base, &query, &attributes, progress).await?;

        let mut report = SyncReport { dry_run, full, read: entries.len() as u64, ..Default::default() };
        let mut newest = since.clone();
        let mut desired = Vec::with_capacity(entries.len());
        let mut notes = Vec::new();
        for entry in &entries {
            if let Some(mark) = &entry.change
                && newest.as_ref().is_none_or(|n| n.attribute != mark.attribute || mark.is_after(n))
            {
                newest = Some(mark.clone());
            }
            match desired_of(entry, &settings, &domains, &password_rules, tenant_id, &mut notes) {
                Ok(d) => desired.push(d),
                Err(reason) => report.conflicts.push(format!("{}: {reason}", entry.dn)),
            }
        }
        report.changes.extend(notes);
        // two entries of the source with one address: neither is taken
        let mut by_mail: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for d in &desired {
            *by_mail.entry(d.user.mail.clone()).or_default() += 1;
        }
        desired.retain(|d| {
            let unique = by_mail[&d.user.mail] == 1;
            if !unique {
                report.conflicts.push(format!("{}: {} is the address of several entries", d.dn, d.user.mail));
            }
            unique
        });

        // What this source created before. An incremental pass diffs only
        // the entries it read (the others are kept as they are), so only
        // their users are read: not one store read per account of the tenant.
        let links = core.directory_links.links(tenant_id).await?;
        let read_ids: std::collections::HashSet<&str> = desired.iter().map(|d| d.source_id.as_str()).collect();
        let mut current = Vec::with_capacity(if full { links.len() } else { read_ids.len() });
        for link in links {
            if !full && !read_ids.contains(link.source_id.as_str()) {
                continue;
            }
            let user = core.directory.get_user(tenant_id, &link.mail).await?;
            current.push(Current { link, user });
        }
        let plan = reconcile(desired, current, full, |d, c| {
            c.user.as_ref().is_some_and(|u| with_owned(u, &c.link.aliases, d) == *u)
        });

        report.unchanged = plan.unchanged.len() as u64;
        for c in &plan.remove {
            report.changes.push(format!("remove {}", c.link.mail));
        }
        for (d, c) in &plan.update {
            match &c.user {
                Some(u) => {
                    let after = with_owned(u, &c.link.aliases, d);
                    report.changes.push(format!("update {}: {}", u.mail, changed_fields(u, &after).join(", ")));
                }
                None => report.changes.push(format!("create {} (its user is gone)", d.user.mail)),
            }
        }
        for d in &plan.create {
            report.changes.push(format!("create {}", d.user.mail));
        }
        if dry_run {
            report.removed = plan.remove.len() as u64;
            report.updated = plan.update.iter().filter(|(_, c)| c.user.is_some()).count() as u64;
            report.blocked = plan
                .update
                .iter()
                .filter(|(d, c)| {
                    d.user.status == UserStatus::Blocked
                        && c.user.as_ref().is_some_and(|u| u.status != UserStatus::Blocked)
                })
                .count() as u64;
            report.created = (plan.create.len() + plan.update.len()) as u64 - report.updated;
            for d in &plan.create {
                if let Some(holder) = core.directory.find_user_by_address(&d.user.mail).await? {
                    report.conflicts.push(format!("{}: {} is held by user {}", d.dn, d.user.mail, holder.mail));
                }
            }
            return Ok(report);
        }

        // apply: removals, updates, creations; each link right after its change
        progress.applying((plan.remove.len() + plan.update.len() + plan.create.len()) as u64);
        let event = |target: &str| {
            core.event_by(ctx, &actor.account, &actor.tenant_id, SYNC_ACCOUNTS, tenant_id, format!("user:{target}"))
        };
        for c in &plan.remove {
            if let Some(user) = &c.user {
                let at = domain::now();
                // Its sessions end in the same write.
                core.directory
                    .delete_user(tenant_id, &user.mail, at, &event(&user.mail).before(user_view(user)))
                    .await?;
            }
            core.directory_links.delete_link(tenant_id, &c.link.source_id).await?;
            report.removed += 1;
            progress.applied_one();
        }
        for (d, c) in &plan.update {
            let Some(before) = &c.user else {
                if self.create(d, &event(&d.user.mail), &mut report).await? {
                    report.created += 1;
                }
                progress.applied_one();
                continue;
            };
            let mut after = with_owned(before, &c.link.aliases, d);
            after.updated_at = domain::now();
            let audit = event(&before.mail).before(user_view(before)).after(user_change_view(before, &after));
            let cut = ends_sessions(before, &after).then(|| SessionCut::all(&before.mail));
            match core.directory.update_user(&after, &audit, cut.as_ref()).await {
                Ok(stored) => {
                    if stored.status == UserStatus::Blocked && before.status != UserStatus::Blocked {
                        report.blocked += 1;
                    }
                    report.updated += 1;
                    self.save_link(tenant_id, &before.mail, d).await?;
                }
                Err(e @ (Error::AlreadyExists { .. } | Error::InvalidArgument(_))) => {
                    report.conflicts.push(format!("{}: {e}", d.dn));
                }
                Err(e) => return Err(e),
            }
            progress.applied_one();
        }
        for (d, c) in &plan.unchanged {
            if c.link.dn != d.dn || c.link.aliases != d.aliases {
                self.save_link(tenant_id, &c.link.mail, d).await?;
            }
        }
        for d in &plan.create {
            if self.create(d, &event(&d.user.mail), &mut report).await? {
                report.created += 1;
            }
            progress.applied_one();
        }
        let newest = newest.as_ref().map(mark_text).unwrap_or_default();
        let last_full_at = if full { Some(now) } else { cursor.last_full_at };
        core.directory_links
            .save_cursor(&SyncCursor { tenant_id: tenant_id.to_owned(), last_mark: newest, last_full_at })
            .await?;
        let summary = core
            .event_by(ctx, &actor.account, &actor.tenant_id, SYNC_ACCOUNTS, tenant_id, "accounts:directory")
            .after(json!({
                "full": report.full, "read": report.read, "created": report.created, "updated": report.updated,
                "blocked": report.blocked, "removed": report.removed, "unchanged": report.unchanged,
                "conflicts": report.conflicts.len(),
            }));
        core.audit.append(&summary).await?;
        tracing::info!(
            tenant = tenant_id,
            full,
            read = report.read,
            created = report.created,
            updated = report.updated,
            blocked = report.blocked,
            removed = report.removed,
            conflicts = report.conflicts.len(),
            "directory accounts synchronised"
        );
        Ok(report)
    }

    /// Creates the user of an entry and its link; a taken address is a
    /// conflict (false), not an error.
    async fn create(&self, d: &Desired, audit: &AuditEvent, report: &mut SyncReport) -> Result<bool> {
        let core = self.core();
        let mut user = d.user.clone();
        let now = domain::now();
        (user.created_at, user.updated_at) = (now, now);
        match core.directory.create_user(&user, &audit.clone().after(user_view(&user))).await {
            Ok(()) => {
                self.save_link(&user.tenant_id, &user.mail, d).await?;
                Ok(true)
            }
            Err(e @ Error::AlreadyExists { .. }) => {
                report.conflicts.push(format!("{}: {e}", d.dn));
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    async fn save_link(&self, tenant_id: &str, mail: &str, d: &Desired) -> Result<()> {
        self.core()
            .directory_links
            .save_link(&DirectoryLink {
                tenant_id: tenant_id.to_owned(),
                source_id: d.source_id.clone(),
                mail: mail.to_owned(),
                dn: d.dn.clone(),
                aliases: d.aliases.clone(),
                change_mark: d.mark.as_ref().map(mark_text).unwrap_or_default(),
                updated_at: domain::now(),
            })
            .await
    }

    /// Checks the password of a directory-owned user by binding to the
    /// directory as the person (the DN of the link; when the entry moved,
    /// its DN is looked up again by the stable id's address). Never stores
    /// or logs the password.
    pub async fn check_password(&self, link: &DirectoryLink, password: &str) -> Result<bool> {
        let settings = self.core().settings.current().directory.clone();
        let reader = DirectoryReader::new(&settings.connection)?;
        if reader.check_password(&link.dn, password).await? == BindOutcome::Accepted {
            return Ok(true);
        }
        // the entry may have been renamed or moved since the last sync
        let Some(entry) = self.find_entry(&reader, &settings, &link.mail).await? else { return Ok(false) };
        if entry.id != link.source_id || entry.dn == link.dn {
            return Ok(false);
        }
        Ok(reader.check_password(&entry.dn, password).await? == BindOutcome::Accepted)
    }

    /// The one entry matched by the accounts filter whose mapped address is
    /// `login` (escaped for the filter: `*`, `(`, `)`, `\` and NUL never
    /// widen the search); `None` when there is not exactly one.
    async fn find_entry(
        &self,
        reader: &DirectoryReader,
        settings: &DirectorySettings,
        login: &str,
    ) -> Result<Option<SourceEntry>> {
        let Some(value) = filter::login_value(login) else { return Ok(None) };
        let search = &settings.accounts.search;
        if search.base_dn.is_empty() {
            return Ok(None);
        }
        let by_login: String = search.mapping.sources(LocalField::Mail).map(|a| format!("({a}={value})")).collect();
        let query = filter::and(&search.filter, &format!("(|{by_login})"));
        let mut attributes = search.mapping.attributes();
        for extra in [settings.accounts.quota_attribute.as_str(), "userAccountControl", "nsAccountLock"] {
            if !extra.is_empty() {
                attributes.push(extra.to_owned());
            }
        }
        let mut session = reader.open().await?;
        let found = session.search_all(&search.base_dn, search.base_dn_key, &query, &attributes).await;
        session.close().await;
        let mut found = found?;
        Ok(if found.len() == 1 { found.pop() } else { None })
    }

    /// Just-in-time provisioning at login: a person matched by the accounts
    /// filter who logs in before the next sync. Binds as the person first;
    /// only an accepted password creates the account. `None`: not such a
    /// person, or a wrong password.
    pub(crate) async fn provision_at_login(&self, login: &str, password: &str) -> Result<Option<User>> {
        let tenant_id = self.core().settings.current().directory.accounts.tenant.clone();
        let Ok(settings) = self.settings_for(&tenant_id) else { return Ok(None) };
        if filter::login_value(login).is_none() || password.is_empty() {
            return Ok(None);
        }
        let reader = DirectoryReader::new(&settings.connection)?;
        let Some(entry) = self.find_entry(&reader, &settings, login).await? else { return Ok(None) };
        if reader.check_password(&entry.dn, password).await? != BindOutcome::Accepted {
            return Ok(None);
        }
        let core = self.core();
        let domains = core.tenant_domains(&tenant_id).await?;
        let password_rules = core.settings.current().password.clone();
        let mut notes = Vec::new();
        let d = desired_of(&entry, &settings, &domains, &password_rules, &tenant_id, &mut notes)
            .map_err(|reason| Error::FailedPrecondition(format!("{}: {reason}", entry.dn)))?;
        if let Some(link) =
            core.directory_links.links(&tenant_id).await?.into_iter().find(|l| l.source_id == d.source_id)
        {
            // provisioned under another address already: the next sync updates it
            return core.directory.get_user(&tenant_id, &link.mail).await;
        }
        let audit = core.event_by(
            &RequestContext::default(),
            "system",
            "",
            SYNC_ACCOUNTS,
            &tenant_id,
            format!("user:{}", d.user.mail),
        );
        let mut report = SyncReport::default();
        if !self.create(&d, &audit, &mut report).await? {
            tracing::warn!(conflicts = ?report.conflicts, "a directory login could not be provisioned");
            return Err(Error::Unauthenticated(AuthFailure::BadCredentials));
        }
        tracing::info!(user = %d.user.mail, tenant = %tenant_id, "account provisioned at its first login");
        core.directory.get_user(&tenant_id, &d.user.mail).await
    }
}

/// Whether a full pass is due: `interval` after the last one (zero: always).
pub fn is_due(last_full_at: Option<DateTime<Utc>>, interval: std::time::Duration, now: DateTime<Utc>) -> bool {
    let interval = chrono::Duration::from_std(interval).unwrap_or(chrono::Duration::MAX);
    interval.is_zero() || last_full_at.is_none_or(|at| now - at >= interval)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn proxy_addresses_keep_smtp_ones() {
        let values: Vec<String> =
            ["SMTP:Ivan@corp.test", "smtp:i.petrov@corp.test", "X400:c=RU;a= ;p=Corp", "sip:ivan@corp.test"]
                .map(String::from)
                .to_vec();
        let got: Vec<String> = alias_values("proxyAddresses", &values).collect();
        assert_eq!(got, ["ivan@corp.test", "i.petrov@corp.test"]);
        let got: Vec<String> = alias_values("mailAlternateAddress", &values[1..2]).collect();
        assert_eq!(got, ["smtp:i.petrov@corp.test"]);
    }

    #[test]
    fn quota_per_5_3_1() {
        let settings = |pairs: &[(&str, &str)]| Settings::from_pairs(pairs.iter().copied()).unwrap().directory;
        let entry = |q: Option<&str>| {
            let e = SourceEntry::new("cn=x", "1", crate::directory::IdKind::EntryUuid);
            match q {
                Some(q) => e.with("mailQuota", [q]),
                None => e,
            }
        };
        let with_attr = settings(&[("services/ad/accounts/quota_attribute", "mailQuota")]);
        assert_eq!(quota_of(&entry(Some("1073741824")), &with_attr), Ok(Some(1 << 30)));
        assert_eq!(quota_of(&entry(Some("0")), &with_attr), Ok(Some(0)), "0: unlimited");
        assert_eq!(quota_of(&entry(None), &with_attr), Ok(Some(0)), "empty, no default: unlimited");
        assert!(quota_of(&entry(Some("lots")), &with_attr).is_err());
        let with_default = settings(&[
            ("services/ad/accounts/quota_attribute", "mailQuota"),
            ("services/ad/accounts/default_quota", "52428800"),
        ]);
        assert_eq!(quota_of(&entry(None), &with_default), Ok(Some(52428800)), "empty: the default");
        assert_eq!(quota_of(&entry(Some("0")), &with_default), Ok(Some(0)));
        assert_eq!(quota_of(&entry(Some("7")), &settings(&[])), Ok(None), "no attribute: pbm's quota");
    }

    #[test]
    fn marks_round_trip_and_schedule() {
        let mark = ChangeMark { attribute: "uSNChanged", value: "4711".into() };
        assert_eq!(parse_mark(&mark_text(&mark)), Some(mark));
        assert_eq!(parse_mark("bogus:1"), None);
        let now = domain::now();
        let hour = std::time::Duration::from_secs(3600);
        assert!(is_due(None, hour, now));
        assert!(!is_due(Some(now), hour, now));
        assert!(is_due(Some(now - chrono::Duration::hours(2)), hour, now));
        assert!(is_due(Some(now), std::time::Duration::ZERO, now));
    }
}
