//! ExportDirectory: the directory (or one tenant) as LDIF, streamed in
//! chunks page by page through the directory ports at constant memory.

use futures::{Stream, StreamExt as _};
use tokio::sync::mpsc;

use super::*;
use crate::domain::{Tenant, User};
use crate::error::{Error, Result};
use crate::ldif::{self, LdifEntry};
use crate::service::{Core, RequestContext};
use crate::store::ldap::LdifMapping;

impl Backup {
    /// Streams the directory — or one tenant — as LDIF, in chunks.
    pub async fn export(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
    ) -> Result<impl Stream<Item = Result<Vec<u8>>> + Send + 'static> {
        let caller = self.0.authenticate(ctx).await?;
        let target = if tenant_id.is_empty() { "directory".to_owned() } else { format!("tenant:{tenant_id}") };
        self.0
            .audited(ctx, EXPORT_DIRECTORY, tenant_id, &target, async {
                caller.require_superadmin()?;
                if !tenant_id.is_empty() {
                    self.0.existing_tenant(tenant_id).await?;
                }
                Ok(())
            })
            .await?;
        let (tx, rx) = mpsc::channel::<Result<Vec<u8>>>(4);
        let (core, mapping, tenant) = (self.0.clone(), self.mapping(), tenant_id.to_owned());
        let event = self.0.event(ctx, &caller, EXPORT_DIRECTORY, tenant_id, target);
        tokio::spawn(async move {
            let mut writer = ChunkWriter { tx, buffer: Vec::with_capacity(CHUNK), entries: 0 };
            let outcome = export_into(&core, &mapping, &tenant, &mut writer).await;
            let mut event = event;
            match &outcome {
                Ok(()) => event.detail = format!("{} entries", writer.entries),
                Err(e) => {
                    event.result = e.code_name();
                    event.detail = format!("failed after {} entries: {e}", writer.entries);
                }
            }
            if let Err(e) = core.audit.append(&event).await {
                tracing::warn!(error = %e, "could not record an export in the audit trail");
            }
            match outcome {
                Ok(()) => {
                    let _ = writer.flush().await;
                }
                Err(e) => {
                    let _ = writer.tx.send(Err(e)).await;
                }
            }
        });
        Ok(self.0.drain.ends_when_draining(tokio_stream::wrappers::ReceiverStream::new(rx)))
    }
}

/// Buffers LDIF and sends it in chunks of about [`CHUNK`] bytes.
pub(super) struct ChunkWriter {
    pub(super) tx: mpsc::Sender<Result<Vec<u8>>>,
    pub(super) buffer: Vec<u8>,
    pub(super) entries: u64,
}

impl ChunkWriter {
    pub(super) async fn entry(&mut self, entry: &LdifEntry) -> Result<()> {
        ldif::write_entry(&mut self.buffer, entry).map_err(Error::internal)?;
        self.entries += 1;
        if self.buffer.len() >= CHUNK { self.flush().await } else { Ok(()) }
    }

    pub(super) async fn entries(&mut self, entries: &[LdifEntry]) -> Result<()> {
        for entry in entries {
            self.entry(entry).await?;
        }
        Ok(())
    }

    pub(super) async fn flush(&mut self) -> Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        // The client went away: stop reading the stores.
        self.tx.send(Ok(chunk)).await.map_err(|_| Error::Unavailable("the export was cancelled".into()))
    }
}

/// Writes the export: containers, then per tenant its entry, mail
/// domains, resource groups and resources, users (live, then
/// soft-deleted) and mailing lists; web domains last (whole exports only).
pub(super) async fn export_into(
    core: &Core,
    mapping: &LdifMapping,
    tenant_id: &str,
    out: &mut ChunkWriter,
) -> Result<()> {
    ldif::write_header(&mut out.buffer).map_err(Error::internal)?;
    out.entries(&mapping.containers()?).await?;
    let dir = &core.directory;
    if tenant_id.is_empty() {
        let mut after: Option<String> = None;
        loop {
            let tenants = dir.list_tenants(after.as_deref(), PAGE).await?;
            for tenant in &tenants {
                export_tenant(core, mapping, tenant, out).await?;
            }
            match tenants.last() {
                Some(last) if tenants.len() == PAGE => after = Some(last.id.clone()),
                _ => break,
            }
        }
        let mut after: Option<String> = None;
        loop {
            let domains = dir.list_web_domains(after.as_deref(), PAGE).await?;
            for domain in &domains {
                let key = core
                    .web_domain_key(&domain.name)
                    .await?
                    .ok_or_else(|| Error::internal(anyhow::anyhow!("web domain {} has no key", domain.name)))?;
                out.entry(&mapping.web_domain(domain, &key)?).await?;
            }
            match domains.last() {
                Some(last) if domains.len() == PAGE => after = Some(last.name.clone()),
                _ => break,
            }
        }
    } else {
        let tenant = core.existing_tenant(tenant_id).await?;
        export_tenant(core, mapping, &tenant, out).await?;
    }
    Ok(())
}

pub(super) async fn export_tenant(
    core: &Core,
    mapping: &LdifMapping,
    tenant: &Tenant,
    out: &mut ChunkWriter,
) -> Result<()> {
    let dir = &core.directory;
    let id = tenant.id.as_str();
    out.entry(&mapping.tenant(tenant)).await?;
    for domain in dir.list_mail_domains(id).await? {
        out.entry(&mapping.mail_domain(&domain)).await?;
    }
    let mut after_group: Option<String> = None;
    loop {
        let groups = dir.list_resource_groups(id, after_group.as_deref(), PAGE).await?;
        for group in &groups {
            out.entry(&mapping.resource_group(group)).await?;
            let mut after: Option<String> = None;
            loop {
                let resources = dir.list_resources(id, &group.name, after.as_deref(), PAGE).await?;
                for resource in &resources {
                    out.entries(&mapping.resource(resource)).await?;
                }
                match resources.last() {
                    Some(last) if resources.len() == PAGE => after = Some(last.mail.clone()),
                    _ => break,
                }
            }
        }
        match groups.last() {
            Some(last) if groups.len() == PAGE => {
                after_group = Some(crate::domain::resource::group_key(&last.name));
            }
            _ => break,
        }
    }
    let mut batches = dir.user_batches(Some(id), PAGE);
    while let Some(users) = batches.next().await {
        export_users(core, mapping, id, &users?, out).await?;
    }
    let mut after: Option<String> = None;
    loop {
        let users = dir.list_deleted_users(id, after.as_deref(), PAGE).await?;
        export_users(core, mapping, id, &users, out).await?;
        match users.last() {
            Some(last) if users.len() == PAGE => after = Some(last.mail.clone()),
            _ => break,
        }
    }
    let mut after: Option<String> = None;
    loop {
        let lists = dir.list_mail_lists(id, after.as_deref(), PAGE).await?;
        for list in &lists {
            out.entries(&mapping.mail_list(list)).await?;
        }
        match lists.last() {
            Some(last) if lists.len() == PAGE => after = Some(last.mail.clone()),
            _ => break,
        }
    }
    let mut after: Option<String> = None;
    loop {
        let contacts = dir.list_contacts(id, after.as_deref(), PAGE).await?;
        for contact in &contacts {
            out.entries(&mapping.contact(contact)).await?;
        }
        match contacts.last() {
            Some(last) if contacts.len() == PAGE => after = Some(last.mail.clone()),
            _ => break,
        }
    }
    Ok(())
}

/// Writes a page of users of a tenant with their pictures.
async fn export_users(
    core: &Core,
    mapping: &LdifMapping,
    tenant_id: &str,
    users: &[User],
    out: &mut ChunkWriter,
) -> Result<()> {
    let mails: Vec<String> = users.iter().map(|u| u.mail.clone()).collect();
    let avatars: std::collections::HashMap<String, crate::domain::avatar::Avatar> =
        core.directory.user_avatars(tenant_id, &mails).await?.into_iter().collect();
    for user in users {
        out.entries(&mapping.user(user, avatars.get(&user.mail))).await?;
    }
    Ok(())
}
