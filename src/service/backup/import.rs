//! ImportDirectory: applying a validated LDIF kind by kind, with progress,
//! checkpoints every 100 objects, and resuming an interrupted import by id.

use std::sync::Arc;

use futures::Stream;
use futures::stream::BoxStream;
use tokio::sync::mpsc;

use super::validate::invalid;
use super::*;
use crate::domain::{
    AuditEvent, MailDomain, MailDomainField, ResourceGroup, SessionCut, Tenant, User,
    avatar::{self, Avatar},
};
use crate::error::{Error, Result};
use crate::service::users::ends_sessions;
use crate::service::{Caller, Core, RequestContext};
use crate::store::ldap::{LdifMapping, LdifObject};

impl Backup {
    /// Imports LDIF: `data` is the input, streamed; the answer streams
    /// progress. Nothing changes unless the whole input is valid.
    pub async fn import(
        &self,
        ctx: &RequestContext,
        options: ImportOptions,
        data: BoxStream<'static, Result<Vec<u8>>>,
    ) -> Result<impl Stream<Item = Result<ImportProgress>> + Send + 'static> {
        let caller = self.0.authenticate(ctx).await?;
        self.0.audited(ctx, IMPORT_DIRECTORY, "", "directory", async { caller.require_superadmin() }).await?;
        let import_id = options.resume_id.clone().unwrap_or_else(new_import_id);
        let spool = Spool::create(&format!("pbm-import-{}.ldif", new_import_id()))?;
        let (validated, input_sha256, resumed, running) = self
            .0
            .audited(ctx, IMPORT_DIRECTORY, "", "directory", async {
                let running = Running::claim(&import_id)?;
                let resumed = match &options.resume_id {
                    None => None,
                    Some(id) => Some(self.resumable(id, &options).await?),
                };
                let input_sha256 = spool.fill(data).await?;
                if let Some(checkpoint) = &resumed
                    && checkpoint.input_sha256 != input_sha256
                {
                    return Err(Error::FailedPrecondition(format!(
                        "import {}: the input differs from the one it was started with",
                        checkpoint.id
                    )));
                }
                let validated = validate(&self.0, &self.mapping(), spool.path()).await?;
                Ok((validated, input_sha256, resumed, running))
            })
            .await?;
        let (tx, rx) = mpsc::channel::<Result<ImportProgress>>(8);
        let mut importer =
            self.importer(ctx, caller, options, self.mapping(), import_id, resumed.as_ref(), input_sha256, tx);
        importer.running = Some(running);
        tokio::spawn(importer.run(spool, validated));
        Ok(self.0.drain.ends_when_draining(tokio_stream::wrappers::ReceiverStream::new(rx)))
    }

    /// The importer of a validated input, starting where `resumed` stopped.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn importer(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        options: ImportOptions,
        mapping: LdifMapping,
        import_id: String,
        resumed: Option<&crate::ports::ImportCheckpoint>,
        input_sha256: String,
        tx: mpsc::Sender<Result<ImportProgress>>,
    ) -> Importer {
        let mut progress = ImportProgress { import_id, ..Default::default() };
        let mut skip = 0;
        if let Some(checkpoint) = resumed {
            skip = checkpoint.applied;
            (progress.added, progress.replaced, progress.unchanged) =
                (checkpoint.added, checkpoint.replaced, checkpoint.unchanged);
        }
        Importer {
            core: self.0.clone(),
            ctx: ctx.clone(),
            caller,
            options,
            mapping,
            progress,
            position: 0,
            skip,
            input_sha256,
            tx,
            running: None,
        }
    }
}

/// Ids of the imports (and restores) running in this process.
pub(super) static RUNNING: std::sync::Mutex<std::collections::BTreeSet<String>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// An import id claimed while its import runs here, released when dropped:
/// resuming an import that has not stopped yet is refused rather than
/// raced.
pub(super) struct Running(String);

impl Running {
    pub(super) fn claim(id: &str) -> Result<Self> {
        let mut running = RUNNING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !running.insert(id.to_owned()) {
            return Err(Error::FailedPrecondition(format!(
                "import {id} is still running: resume it once it has stopped"
            )));
        }
        Ok(Self(id.to_owned()))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&self.0);
    }
}

impl Backup {
    /// The checkpoint of an import that can be resumed with these options.
    pub(super) async fn resumable(&self, id: &str, options: &ImportOptions) -> Result<crate::ports::ImportCheckpoint> {
        if options.dry_run {
            return Err(Error::invalid("options.resume_id", "a dry run is not resumed: run it again"));
        }
        let checkpoint = self.0.imports.load_import(id).await?.ok_or_else(|| Error::not_found("import", id))?;
        if checkpoint.done {
            return Err(Error::FailedPrecondition(format!("import {id} has finished")));
        }
        if checkpoint.mode != options.mode.name() {
            return Err(Error::invalid("options.mode", format!("import {id} ran in mode {}", checkpoint.mode)));
        }
        Ok(checkpoint)
    }
}

/// What happened to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Added,
    Replaced,
    Unchanged,
}

/// Applies a validated import and reports progress.
pub(super) struct Importer {
    pub(super) core: Arc<Core>,
    pub(super) ctx: RequestContext,
    pub(super) caller: Caller,
    pub(super) options: ImportOptions,
    pub(super) mapping: LdifMapping,
    pub(super) progress: ImportProgress,
    /// Objects processed so far, in the import's order.
    pub(super) position: i64,
    /// Objects a resumed import skips (applied before the interruption).
    pub(super) skip: i64,
    pub(super) input_sha256: String,
    pub(super) tx: mpsc::Sender<Result<ImportProgress>>,
    /// The claim on the import id, released when the import stops (a
    /// restore holds it itself).
    pub(super) running: Option<Running>,
}

/// The phases of an import, in order: what each pass over the input applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    WebDomains,
    Resources,
    Users,
    MailLists,
    Contacts,
}

impl Importer {
    pub(super) async fn run(mut self, spool: Spool, validated: Validated) {
        let outcome = self.apply(&spool, validated).await;
        let mut event = self.core.event(&self.ctx, &self.caller, IMPORT_DIRECTORY, "", "directory");
        let p = &self.progress;
        let mode = self.options.mode.name();
        let dry = if self.options.dry_run { ", dry run" } else { "" };
        let resumed = if self.skip > 0 { format!(", resumed after {} objects", self.skip) } else { String::new() };
        event.detail = format!(
            "import {} ({mode}{dry}{resumed}): {} entries read, {} added, {} replaced, {} unchanged",
            p.import_id, p.entries_read, p.added, p.replaced, p.unchanged
        );
        if let Err(e) = &outcome {
            event.result = e.code_name();
            event.detail = format!("{}; stopped: {e}", event.detail);
        }
        if let Err(e) = self.core.audit.append(&event).await {
            tracing::warn!(error = %e, "could not record an import in the audit trail");
        }
        match outcome {
            Ok(()) => {
                self.progress.done = true;
                if let Err(e) = self.checkpoint().await {
                    tracing::warn!(error = %e, "could not record the end of an import");
                }
                let _ = self.tx.send(Ok(self.progress.clone())).await;
            }
            Err(e) => {
                let _ = self.tx.send(Err(e)).await;
            }
        }
        drop(spool);
    }

    pub(super) fn event(&self, tenant_id: &str, target: String) -> AuditEvent {
        self.core.event(&self.ctx, &self.caller, IMPORT_DIRECTORY, tenant_id, target)
    }

    /// Whether the next object was applied before a resumed import was
    /// interrupted (and is skipped now).
    pub(super) fn skip_one(&mut self) -> bool {
        if self.position < self.skip {
            self.position += 1;
            true
        } else {
            false
        }
    }

    pub(super) async fn count(&mut self, outcome: Outcome) -> Result<()> {
        match outcome {
            Outcome::Added => self.progress.added += 1,
            Outcome::Replaced => self.progress.replaced += 1,
            Outcome::Unchanged => self.progress.unchanged += 1,
        }
        self.position += 1;
        if (self.position as u64).is_multiple_of(PROGRESS_EVERY) {
            self.checkpoint().await?;
            self.report().await?;
        }
        Ok(())
    }

    /// Records how far the import got (not for dry runs). An object applied
    /// after the last checkpoint is applied again on resume: add-missing
    /// then finds it and counts it unchanged, replace rewrites it the same.
    pub(super) async fn checkpoint(&self) -> Result<()> {
        if self.options.dry_run {
            return Ok(());
        }
        let checkpoint = crate::ports::ImportCheckpoint {
            id: self.progress.import_id.clone(),
            input_sha256: self.input_sha256.clone(),
            mode: self.options.mode.name().to_owned(),
            applied: self.position,
            added: self.progress.added,
            replaced: self.progress.replaced,
            unchanged: self.progress.unchanged,
            done: self.progress.done,
            updated_at: crate::domain::now(),
        };
        self.core.imports.save_import(&checkpoint).await
    }

    pub(super) async fn report(&self) -> Result<()> {
        // The client went away: stop here (re-running the import finishes it).
        self.tx
            .send(Ok(self.progress.clone()))
            .await
            .map_err(|_| Error::Unavailable("the import was cancelled by the client".into()))
    }

    /// Whether to write: a dry run only counts.
    pub(super) fn write(&self) -> bool {
        !self.options.dry_run
    }

    pub(super) fn replace(&self) -> bool {
        self.options.mode == ImportMode::Replace
    }

    pub(super) async fn apply(&mut self, spool: &Spool, validated: Validated) -> Result<()> {
        self.progress.entries_read = validated.entries as i64;
        if self.skip == 0 {
            self.checkpoint().await?;
        }
        self.report().await?;
        let mut created: Vec<String> = Vec::new();
        for tenant in &validated.tenants {
            if self.skip_one() {
                continue;
            }
            let default = validated
                .domains
                .iter()
                .find(|d| d.name.eq_ignore_ascii_case(&tenant.default_domain))
                .cloned()
                .ok_or_else(|| Error::internal(anyhow::anyhow!("validated tenant without default domain")))?;
            let outcome = self.tenant(tenant, default).await?;
            if outcome == Outcome::Added {
                created.push(tenant.default_domain.to_lowercase());
            }
            self.count(outcome).await?;
        }
        for domain in &validated.domains {
            if self.skip_one() {
                continue;
            }
            // The default domain of a tenant added just now came with it.
            let outcome = if created.contains(&domain.name.to_lowercase()) {
                Outcome::Added
            } else {
                self.mail_domain(domain, &validated.tenants).await?
            };
            self.count(outcome).await?;
        }
        for group in validated.groups.values() {
            if self.skip_one() {
                continue;
            }
            let outcome = self.resource_group(group).await?;
            self.count(outcome).await?;
        }
        for phase in [Phase::WebDomains, Phase::Resources, Phase::Users, Phase::MailLists, Phase::Contacts] {
            let mut reader = spool.reader()?;
            let mut users: Vec<(User, Option<Avatar>)> = Vec::with_capacity(USER_BATCH);
            while let Some(entry) = reader.next_entry().map_err(invalid)? {
                let object = self.mapping.parse(&entry).map_err(invalid)?;
                let relevant = matches!(
                    (phase, &object),
                    (Phase::WebDomains, LdifObject::WebDomain(..))
                        | (Phase::Resources, LdifObject::Resource(..))
                        | (Phase::Users, LdifObject::User(..))
                        | (Phase::MailLists, LdifObject::MailList(..))
                        | (Phase::Contacts, LdifObject::Contact(..))
                );
                if !relevant || self.skip_one() {
                    continue;
                }
                let outcome = match (phase, object) {
                    (Phase::WebDomains, LdifObject::WebDomain(domain, key)) => self.web_domain(&domain, &key).await?,
                    (Phase::Resources, LdifObject::Resource(mut resource, group_id)) => {
                        resource.group = validated.groups[&group_id].name.clone();
                        self.resource(&resource).await?
                    }
                    (Phase::Users, LdifObject::User(user, photo)) => {
                        // Checked by the validation: a picture that is there reads.
                        let avatar = photo.and_then(|photo| avatar::from_imported(photo, user.updated_at).ok());
                        users.push((*user, avatar));
                        if users.len() == USER_BATCH {
                            self.users(std::mem::take(&mut users)).await?;
                        }
                        continue;
                    }
                    (Phase::MailLists, LdifObject::MailList(list)) => self.mail_list(&list).await?,
                    (Phase::Contacts, LdifObject::Contact(contact)) => self.contact(&contact).await?,
                    _ => continue,
                };
                self.count(outcome).await?;
            }
            if !users.is_empty() {
                self.users(users).await?;
            }
        }
        Ok(())
    }

    /// Applies up to [`USER_BATCH`] users read one after the other: those
    /// that are new — live, none of their addresses taken — in one atomic
    /// bulk write with one audit event naming them, the others one by one.
    pub(super) async fn users(&mut self, users: Vec<(User, Option<Avatar>)>) -> Result<()> {
        let dir = self.core.directory.clone();
        let addresses: Vec<String> = users.iter().flat_map(|(u, _)| u.addresses().map(str::to_lowercase)).collect();
        let taken: std::collections::HashSet<String> =
            dir.find_addresses(&addresses).await?.into_iter().map(|r| r.address).collect();
        let is_new =
            |user: &User| user.deleted_at.is_none() && user.addresses().all(|a| !taken.contains(&a.to_lowercase()));
        let new: Vec<User> = users.iter().map(|(u, _)| u).filter(|u| is_new(u)).cloned().collect();
        if !new.is_empty() && self.write() {
            let mut event = self.event("", "directory".into());
            let mails: Vec<&str> = new.iter().map(|u| u.mail.as_str()).collect();
            event.detail =
                format!("import {}: {} users added at once: {}", self.progress.import_id, new.len(), mails.join(", "));
            dir.import_users(&new, &event).await?;
        }
        for (user, avatar) in &users {
            let outcome = if is_new(user) {
                if let Some(avatar) = avatar.as_ref().filter(|_| self.write()) {
                    let event = self.event(&user.tenant_id, format!("user:{}", user.mail));
                    dir.set_user_avatar(&user.tenant_id, &user.mail, avatar, &event).await?;
                }
                Outcome::Added
            } else {
                self.user(user, avatar.as_ref()).await?
            };
            self.count(outcome).await?;
        }
        Ok(())
    }

    pub(super) async fn tenant(&self, tenant: &Tenant, mut default: MailDomain) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("tenant:{}", tenant.id);
        match dir.get_tenant(&tenant.id).await? {
            None => {
                if self.write() {
                    default.is_default = true;
                    dir.create_tenant(tenant, &default, &self.event(&tenant.id, target)).await?;
                }
                Ok(Outcome::Added)
            }
            Some(existing) => {
                let same = existing.display_name == tenant.display_name && existing.lang == tenant.lang;
                if same || !self.replace() {
                    return Ok(Outcome::Unchanged);
                }
                if self.write() {
                    dir.update_tenant(tenant, &self.event(&tenant.id, target)).await?;
                }
                Ok(Outcome::Replaced)
            }
        }
    }

    pub(super) async fn mail_domain(&self, domain: &MailDomain, tenants: &[Tenant]) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("mail_domain:{}", domain.name);
        let default_of_tenant = tenants
            .iter()
            .find(|t| t.id.eq_ignore_ascii_case(&domain.tenant_id))
            .is_some_and(|t| t.default_domain.eq_ignore_ascii_case(&domain.name));
        let existing = dir.get_mail_domain(&domain.name).await?;
        let Some(existing) = existing else {
            if self.write() {
                let domain = MailDomain { is_default: false, ..domain.clone() };
                dir.create_mail_domain(&domain, &self.event(&domain.tenant_id, target.clone())).await?;
                if default_of_tenant && self.replace() {
                    dir.set_default_mail_domain(
                        &domain.tenant_id,
                        &domain.name,
                        &self.event(&domain.tenant_id, target),
                    )
                    .await?;
                }
            }
            return Ok(Outcome::Added);
        };
        if existing.tenant_id != domain.tenant_id {
            return Err(Error::FailedPrecondition(format!(
                "mail domain {} belongs to tenant {} here, to {} in the input",
                domain.name, existing.tenant_id, domain.tenant_id
            )));
        }
        let same = existing.display_name == domain.display_name
            && existing.description == domain.description
            && existing.associated_domain == domain.associated_domain
            && (existing.is_default || !default_of_tenant);
        if same || !self.replace() {
            return Ok(Outcome::Unchanged);
        }
        if self.write() {
            let fields =
                [MailDomainField::DisplayName, MailDomainField::Description, MailDomainField::AssociatedDomain];
            dir.update_mail_domain(domain, &fields, &self.event(&domain.tenant_id, target.clone())).await?;
            if default_of_tenant && !existing.is_default {
                dir.set_default_mail_domain(&domain.tenant_id, &domain.name, &self.event(&domain.tenant_id, target))
                    .await?;
            }
        }
        Ok(Outcome::Replaced)
    }

    pub(super) async fn web_domain(
        &self,
        domain: &crate::domain::WebDomain,
        key: &crate::domain::PrivateKeyPem,
    ) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("web_domain:{}", domain.name);
        match dir.get_web_domain(&domain.name).await? {
            None => {
                if self.write() {
                    let sealed = self.core.seal_web_domain_key(&domain.name, key)?;
                    dir.create_web_domain(domain, &sealed, &self.event("", target)).await?;
                }
                Ok(Outcome::Added)
            }
            Some(existing) => {
                let same_key = self.core.web_domain_key(&domain.name).await?.is_some_and(|k| k == *key);
                if (existing.certificate_pem == domain.certificate_pem && same_key) || !self.replace() {
                    return Ok(Outcome::Unchanged);
                }
                if self.write() {
                    let sealed = self.core.seal_web_domain_key(&domain.name, key)?;
                    dir.update_web_domain(domain, &sealed, &self.event("", target)).await?;
                }
                Ok(Outcome::Replaced)
            }
        }
    }

    pub(super) async fn resource_group(&self, group: &ResourceGroup) -> Result<Outcome> {
        let dir = &self.core.directory;
        if dir.get_resource_group(&group.tenant_id, &group.name).await?.is_some() {
            return Ok(Outcome::Unchanged);
        }
        if self.write() {
            let event = self.event(&group.tenant_id, format!("resource_group:{}", group.name));
            dir.create_resource_group(group, &event).await?;
        }
        Ok(Outcome::Added)
    }

    pub(super) async fn resource(&self, resource: &crate::domain::Resource) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("resource:{}", resource.mail);
        match dir.get_resource(&resource.tenant_id, &resource.mail).await? {
            None => {
                if self.write() {
                    dir.create_resource(resource, &self.event(&resource.tenant_id, target)).await?;
                }
                Ok(Outcome::Added)
            }
            Some(existing) => {
                let imported = crate::domain::Resource { revision: existing.revision, ..resource.clone() };
                if existing == imported || !self.replace() {
                    return Ok(Outcome::Unchanged);
                }
                if !existing.group.eq_ignore_ascii_case(&resource.group) {
                    return Err(Error::FailedPrecondition(format!(
                        "resource {} is in group {} here, in {} in the input: a resource's group is fixed",
                        resource.mail, existing.group, resource.group
                    )));
                }
                if self.write() {
                    dir.update_resource(&imported, &self.event(&resource.tenant_id, target)).await?;
                }
                Ok(Outcome::Replaced)
            }
        }
    }

    pub(super) async fn user(&self, user: &User, avatar: Option<&Avatar>) -> Result<Outcome> {
        let dir = &self.core.directory;
        let (tenant, mail) = (user.tenant_id.as_str(), user.mail.as_str());
        let target = format!("user:{mail}");
        let live = dir.get_user(tenant, mail).await?;
        let existing = match live {
            Some(user) => Some(user),
            None => dir.get_deleted_user(tenant, mail).await?,
        };
        let Some(existing) = existing else {
            if self.write() {
                dir.create_user(&User { deleted_at: None, ..user.clone() }, &self.event(tenant, target.clone()))
                    .await?;
                if let Some(avatar) = avatar {
                    dir.set_user_avatar(tenant, mail, avatar, &self.event(tenant, target.clone())).await?;
                }
                if let Some(at) = user.deleted_at {
                    dir.delete_user(tenant, mail, at, &self.event(tenant, target)).await?;
                }
            }
            return Ok(Outcome::Added);
        };
        let imported = User { revision: existing.revision, ..user.clone() };
        let stored_avatar = dir.user_avatars(tenant, &[mail.to_owned()]).await?.pop().map(|(_, a)| a.etag());
        if (existing == imported && stored_avatar == avatar.map(Avatar::etag)) || !self.replace() {
            return Ok(Outcome::Unchanged);
        }
        if self.write() {
            if existing.deleted_at.is_some() {
                dir.undelete_user(tenant, mail, &self.event(tenant, target.clone())).await?;
            }
            let current = dir.get_user(tenant, mail).await?.ok_or_else(|| Error::not_found("user", mail))?;
            let update = User { revision: current.revision, deleted_at: None, ..user.clone() };
            // A replaced password, role or block ends the account's sessions, as an
            // update does; the importing superadmin's own session stays.
            let cut = ends_sessions(&current, &update).then(|| SessionCut {
                account: mail.to_owned(),
                keep: self.caller.is_account(tenant, mail).then(|| self.caller.session_id.clone()),
            });
            dir.update_user(&update, &self.event(tenant, target.clone()), cut.as_ref()).await?;
            match avatar {
                Some(avatar) => dir.set_user_avatar(tenant, mail, avatar, &self.event(tenant, target.clone())).await?,
                None => {
                    dir.delete_user_avatar(tenant, mail, &self.event(tenant, target.clone())).await?;
                }
            }
            if let Some(at) = user.deleted_at {
                dir.delete_user(tenant, mail, at, &self.event(tenant, target)).await?;
            }
        }
        Ok(Outcome::Replaced)
    }

    pub(super) async fn mail_list(&self, list: &crate::domain::MailList) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("mail_list:{}", list.mail);
        match dir.get_mail_list(&list.tenant_id, &list.mail).await? {
            None => {
                if self.write() {
                    dir.create_mail_list(list, &self.event(&list.tenant_id, target)).await?;
                }
                Ok(Outcome::Added)
            }
            Some(existing) => {
                let imported = crate::domain::MailList { revision: existing.revision, ..list.clone() };
                if existing == imported || !self.replace() {
                    return Ok(Outcome::Unchanged);
                }
                if self.write() {
                    dir.update_mail_list(&list.mail, &imported, &self.event(&list.tenant_id, target)).await?;
                }
                Ok(Outcome::Replaced)
            }
        }
    }

    pub(super) async fn contact(&self, contact: &crate::domain::Contact) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("contact:{}", contact.mail);
        match dir.get_contact(&contact.tenant_id, &contact.mail).await? {
            None => {
                if self.write() {
                    dir.create_contact(contact, &self.event(&contact.tenant_id, target)).await?;
                }
                Ok(Outcome::Added)
            }
            Some(existing) => {
                let mut imported = crate::domain::Contact { revision: existing.revision, ..contact.clone() };
                imported.phones.sort();
                let mut stored = existing.clone();
                stored.phones.sort();
                if stored == imported || !self.replace() {
                    return Ok(Outcome::Unchanged);
                }
                if self.write() {
                    dir.update_contact(&contact.mail, &imported, &self.event(&contact.tenant_id, target)).await?;
                }
                Ok(Outcome::Replaced)
            }
        }
    }
}
