//! Mailing lists on LDAP: one entry per list under `ou=Groups`, named by a
//! stable `pbmId` so that a new address is one modify. It is a
//! `groupOfUniqueNames` — third-party tools find lists by that class and
//! their members in `uniqueMember` (the DN a user with that address has) —
//! and a `pbmMailList`: the list's address, display name, visibility,
//! internal-only flag and revision, and its members as addresses in
//! `pbmMember`, which is what pbm reads (members may be external).
//!
//! A new address is claimed first; the modify that moves the list to it is
//! the commit point; then the memberships of the old address follow it and
//! the old claim is freed.

use async_trait::async_trait;
use ldap3::Scope;

use super::conn::{Entry, Mods, Outcome};
use super::mapping;
use super::{LdapStore, and, boolean, eq, int, new_id};
use crate::domain::{AddressKind, AuditEvent, ChangeOp, MailList, ObjectChange, ObjectKind};
use crate::error::{Error, Result};
use crate::ports::MailListStore;
use crate::store::{from_micros, to_micros};

/// Attributes of a list entry pbm reads.
const LIST_ATTRS: &[&str] = &[
    "pbmId",
    "tenant-id",
    "mail",
    "displayName",
    "employeeType",
    "pbmInternalOnly",
    "pbmMember",
    "pbmCreatedAt",
    "pbmUpdatedAt",
    "pbmRevision",
];

pub(super) fn list_from_entry(entry: &Entry) -> Result<MailList> {
    let mut members = entry.values("pbmMember");
    members.sort();
    Ok(MailList {
        tenant_id: entry.text("tenant-id"),
        mail: entry.text("mail"),
        display_name: entry.text("displayName"),
        members,
        address_book_visibility: entry.int("employeeType")?.unwrap_or_default() as i32,
        internal_only: entry.flag("pbmInternalOnly"),
        created_at: from_micros(entry.required_int("pbmCreatedAt")?),
        updated_at: from_micros(entry.required_int("pbmUpdatedAt")?),
        revision: entry.required_int("pbmRevision")?,
    })
}

impl LdapStore {
    /// The list entries of a tenant matching `extra` (escaped filter parts).
    pub(super) async fn lists(&self, tenant_id: &str, extra: &[String]) -> Result<Vec<Entry>> {
        let mut parts = vec![eq("tenant-id", tenant_id)];
        parts.extend_from_slice(extra);
        self.pool.search(&self.layout.groups, Scope::OneLevel, &and("pbmMailList", &parts), LIST_ATTRS).await
    }

    async fn list_entry(&self, tenant_id: &str, mail: &str) -> Result<Option<Entry>> {
        Ok(self.lists(tenant_id, &[eq("mail", mail)]).await?.into_iter().next())
    }
}

#[async_trait]
impl MailListStore for LdapStore {
    async fn list_mail_lists(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<MailList>> {
        self.reading_listing(Some(tenant_id)).await;
        let mut lists = self.lists(tenant_id, &[]).await?.iter().map(list_from_entry).collect::<Result<Vec<_>>>()?;
        lists.sort_by(|a, b| a.mail.cmp(&b.mail));
        Ok(lists.into_iter().filter(|l| after.is_none_or(|a| l.mail.as_str() > a)).take(limit).collect())
    }

    async fn count_mail_lists(&self, tenant_id: &str) -> Result<u64> {
        self.reading_listing(Some(tenant_id)).await;
        self.count(&self.layout.groups, &and("pbmMailList", &[eq("tenant-id", tenant_id)])).await
    }

    async fn get_mail_list(&self, tenant_id: &str, mail: &str) -> Result<Option<MailList>> {
        self.list_entry(tenant_id, mail).await?.as_ref().map(list_from_entry).transpose()
    }

    async fn create_mail_list(&self, list: &MailList, audit: &AuditEvent) -> Result<()> {
        let change = self
            .change(vec![ObjectChange::new(ObjectKind::MailList, &list.tenant_id, &list.mail, ChangeOp::Added)])
            .await?;
        let claim = self.claim_in_domain(&list.mail, &list.tenant_id, AddressKind::MailList, &list.mail).await?;
        let id = new_id();
        let attrs = mapping::list_attrs(&self.layout, self.flavor, list, &id);
        match self.pool.add(&self.list_dn(&id), &attrs).await {
            Ok(Outcome::Done) => {}
            other => {
                self.undo(&[claim]).await;
                return Err(match other {
                    Ok(o) => Error::internal(anyhow::anyhow!("adding list {}: {o:?}", list.mail)),
                    Err(e) => e,
                });
            }
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn update_mail_list(&self, current_mail: &str, list: &MailList, audit: &AuditEvent) -> Result<MailList> {
        let changes = if list.mail == current_mail {
            vec![ObjectChange::new(ObjectKind::MailList, &list.tenant_id, &list.mail, ChangeOp::Modified)]
        } else {
            // A new address is a new key: the old one is gone.
            vec![
                ObjectChange::new(ObjectKind::MailList, &list.tenant_id, current_mail, ChangeOp::Deleted),
                ObjectChange::new(ObjectKind::MailList, &list.tenant_id, &list.mail, ChangeOp::Added),
            ]
        };
        let mut change = self.change(changes).await?;
        let Some(entry) = self.list_entry(&list.tenant_id, current_mail).await? else {
            return Err(Error::not_found("mailing list", current_mail));
        };
        let revision = entry.required_int("pbmRevision")?;
        if revision != list.revision {
            return Err(Error::Aborted(format!("mailing list {current_mail}")));
        }
        let renamed = list.mail != current_mail;
        let claim = if renamed {
            Some(self.claim_in_domain(&list.mail, &list.tenant_id, AddressKind::MailList, &list.mail).await?)
        } else {
            None
        };
        let mods = Mods::default()
            .revision(revision)
            .set("mail", list.mail.as_str())
            .set("cn", mapping::list_cn(list))
            .set("displayName", list.display_name.as_str())
            .set("employeeType", int(list.address_book_visibility as i64))
            .set("pbmInternalOnly", boolean(list.internal_only))
            .set_all("pbmMember", list.members.iter().cloned())
            .set_raw("uniqueMember", self.unique_members(&list.members))
            .set("pbmUpdatedAt", int(to_micros(list.updated_at)));
        match self.pool.modify(&entry.dn, mods).await {
            Ok(Outcome::Done) => {}
            other => {
                self.undo(&claim.into_iter().collect::<Vec<_>>()).await;
                return Err(match other {
                    Ok(Outcome::NoSuchAttribute) => Error::Aborted(format!("mailing list {current_mail}")),
                    Ok(Outcome::NoSuchObject) => Error::not_found("mailing list", current_mail),
                    Ok(o) => Error::internal(anyhow::anyhow!("updating list {current_mail}: {o:?}")),
                    Err(e) => e,
                });
            }
        }
        if renamed {
            // Memberships of the old address follow the list; then it is free.
            let id = entry.text("pbmId");
            self.replace_member_everywhere(
                &list.tenant_id,
                current_mail,
                Some(&list.mail),
                Some(&id),
                Some(&mut change),
            )
            .await?;
            self.free(&list.tenant_id, current_mail, None).await?;
        }
        change.audited(audit).await;
        let mut stored = list.clone();
        stored.revision = revision + 1;
        stored.members.sort();
        Ok(stored)
    }

    async fn delete_mail_list(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let mut change =
            self.change(vec![ObjectChange::new(ObjectKind::MailList, tenant_id, mail, ChangeOp::Deleted)]).await?;
        let Some(entry) = self.list_entry(tenant_id, mail).await? else {
            return Err(Error::not_found("mailing list", mail));
        };
        match self.pool.delete(&entry.dn).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("mailing list", mail)),
            other => return Err(Error::internal(anyhow::anyhow!("deleting list {mail}: {other:?}"))),
        }
        self.free(tenant_id, mail, Some(&mut change)).await?;
        change.audited(audit).await;
        Ok(())
    }
}
