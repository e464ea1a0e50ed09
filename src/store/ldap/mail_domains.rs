//! Mail domains on LDAP: one `pbmMailDomain` entry per domain under
//! `ou=Domains`, named by the domain (so a name belongs to one tenant: the
//! add of a second one fails). Which domain is a tenant's default is kept on
//! the tenant entry, so moving it is one modify and there is always exactly
//! one.
//!
//! What uses a domain is counted with the same rules as the SQL stores. A
//! forced deletion removes what it counted — accounts, resources and lists
//! addressed in the domain, alternate addresses, aliases and memberships
//! held by others — and deletes the domain entry last: interrupted, it
//! leaves the domain in place with part of its contents gone, and running
//! the deletion again (the service re-reads the usage first) finishes it.

use async_trait::async_trait;
use ldap3::Scope;

use super::conn::{Entry, Mods, Outcome};
use super::mapping;
use super::{LdapStore, and, eq, esc, expect_done, int};
use crate::domain::{
    AddressKind, AuditEvent, ChangeOp, DomainUsage, MailDomain, MailDomainField, ObjectChange, ObjectKind, SessionCut,
    address::domain_of,
};
use crate::error::{Error, Result};
use crate::ports::MailDomainStore;
use crate::store::{from_micros, to_micros};

/// Attributes of a domain entry.
const DOMAIN_ATTRS: &[&str] = &["cn", "tenant-id", "displayName", "description", "pbmAssociatedDomain", "pbmCreatedAt"];

pub(super) fn domain_from_entry(entry: &Entry, default_domain: &str) -> Result<MailDomain> {
    let name = entry.text("cn");
    Ok(MailDomain {
        is_default: name.eq_ignore_ascii_case(default_domain),
        name,
        tenant_id: entry.text("tenant-id"),
        display_name: entry.text("displayName"),
        description: entry.text("description"),
        associated_domain: entry.text("pbmAssociatedDomain"),
        created_at: from_micros(entry.required_int("pbmCreatedAt")?),
    })
}

/// Whether an address is in the domain.
fn in_domain(address: &str, domain: &str) -> bool {
    domain_of(address).eq_ignore_ascii_case(domain)
}

/// What uses a domain, with the entries counted (a forced deletion
/// removes exactly these).
struct Usage {
    counts: DomainUsage,
    /// Accounts addressed in the domain (live and soft-deleted).
    accounts: Vec<Entry>,
    /// Claims of alternate addresses and aliases in the domain held by
    /// accounts outside it.
    taken: Vec<Entry>,
    /// Resources addressed in the domain.
    resources: Vec<Entry>,
    /// Lists addressed in the domain.
    lists: Vec<Entry>,
    /// Lists outside the domain with members in it.
    member_lists: Vec<Entry>,
}

impl Usage {
    /// What a forced deletion removing these entries changes, for the
    /// change log.
    fn changes(&self, tenant_id: &str) -> Vec<ObjectChange> {
        let change = |kind, name: String, op| ObjectChange::new(kind, tenant_id, &name, op);
        let mut changes: Vec<ObjectChange> =
            self.accounts.iter().map(|a| change(ObjectKind::User, a.text("mail"), ChangeOp::Deleted)).collect();
        changes.extend(self.taken.iter().map(|c| change(ObjectKind::User, c.text("pbmOwner"), ChangeOp::Modified)));
        changes.extend(self.resources.iter().map(|r| change(ObjectKind::Resource, r.text("mail"), ChangeOp::Deleted)));
        changes.extend(self.lists.iter().map(|l| change(ObjectKind::MailList, l.text("mail"), ChangeOp::Deleted)));
        changes
            .extend(self.member_lists.iter().map(|l| change(ObjectKind::MailList, l.text("mail"), ChangeOp::Modified)));
        changes
    }
}

impl LdapStore {
    /// The tenant's default domain, or `None` when the tenant is gone.
    async fn default_domain_of(&self, tenant_id: &str) -> Result<Option<String>> {
        Ok(self.tenant_live(tenant_id).await?.map(|t| t.text("pbmDefaultDomain")))
    }

    async fn usage(&self, tenant_id: &str, name: &str) -> Result<Usage> {
        let suffix = format!("(mail=*@{})", esc(name));
        let of_tenant = |class: &str, extra: String| and(class, &[eq("tenant-id", tenant_id), extra]);
        let user_attrs = ["mail", "mailAlternateAddress", "alias", "employeeNumber", "pbmRevision"];
        let mut accounts = Vec::new();
        for base in [&self.layout.people, &self.layout.blocked] {
            let found =
                self.pool.search(base, Scope::OneLevel, &of_tenant("pbmUser", suffix.clone()), &user_attrs).await?;
            accounts.extend(found.into_iter().filter(|u| in_domain(&u.text("mail"), name)));
        }
        let claims_filter = of_tenant("pbmAddressClaim", format!("(pbmAddress=*@{})", esc(name)));
        let claims = self
            .pool
            .search(
                &self.layout.addresses,
                Scope::OneLevel,
                &claims_filter,
                &["pbmAddress", "pbmAddressKind", "pbmOwner"],
            )
            .await?;
        let taken: Vec<Entry> = claims
            .into_iter()
            .filter(|c| {
                matches!(c.text("pbmAddressKind").as_str(), "alternate" | "alias")
                    && in_domain(&c.text("pbmAddress"), name)
                    && !in_domain(&c.text("pbmOwner"), name)
            })
            .collect();
        let resources: Vec<Entry> = self
            .pool
            .search(&self.layout.resources, Scope::OneLevel, &of_tenant("pbmResource", suffix.clone()), &["mail"])
            .await?
            .into_iter()
            .filter(|r| in_domain(&r.text("mail"), name))
            .collect();
        let lists: Vec<Entry> = self
            .pool
            .search(&self.layout.groups, Scope::OneLevel, &of_tenant("pbmMailList", suffix), &["mail"])
            .await?
            .into_iter()
            .filter(|l| in_domain(&l.text("mail"), name))
            .collect();
        let member_filter = of_tenant("pbmMailList", format!("(pbmMember=*@{})", esc(name)));
        let member_lists: Vec<Entry> = self
            .pool
            .search(&self.layout.groups, Scope::OneLevel, &member_filter, &["mail", "pbmMember"])
            .await?
            .into_iter()
            .filter(|l| !in_domain(&l.text("mail"), name))
            .collect();
        let list_members = member_lists
            .iter()
            .map(|l| l.values("pbmMember").iter().filter(|m| in_domain(m, name)).count() as u64)
            .sum();
        let kind_count = |kind: &str| taken.iter().filter(|c| c.text("pbmAddressKind") == kind).count() as u64;
        let counts = DomainUsage {
            users: accounts.len() as u64,
            superadmins: accounts.iter().filter(|u| u.text("employeeNumber") == "3").count() as u64,
            alternate_addresses: kind_count("alternate"),
            aliases: kind_count("alias"),
            resources: resources.len() as u64,
            mail_lists: lists.len() as u64,
            list_members,
        };
        Ok(Usage { counts, accounts, taken, resources, lists, member_lists })
    }

    /// Removes what `usage` counted (the cascade of a forced deletion);
    /// returns the primary addresses of the accounts deleted.
    async fn remove_contents(&self, tenant_id: &str, name: &str, usage: Usage, now: i64) -> Result<Vec<String>> {
        let mut deleted = Vec::new();
        for account in &usage.accounts {
            match self.pool.delete(&account.dn).await? {
                Outcome::Done | Outcome::NoSuchObject => {}
                other => return Err(Error::internal(anyhow::anyhow!("deleting {}: {other:?}", account.dn))),
            }
            let mut owned = vec![account.text("mail")];
            owned.extend(account.values("mailAlternateAddress"));
            owned.extend(account.values("alias"));
            for address in owned {
                self.free(tenant_id, &address, None).await?;
            }
            deleted.push(account.text("mail"));
        }
        for claim in &usage.taken {
            let address = claim.text("pbmAddress");
            let attr = if claim.text("pbmAddressKind") == AddressKind::Alternate.name() {
                "mailAlternateAddress"
            } else {
                "alias"
            };
            self.take_address_from_user(&claim.text("pbmOwner"), attr, &address, now).await?;
            self.free(tenant_id, &address, None).await?;
        }
        for entry in usage.resources.iter().chain(&usage.lists) {
            match self.pool.delete(&entry.dn).await? {
                Outcome::Done | Outcome::NoSuchObject => {}
                other => return Err(Error::internal(anyhow::anyhow!("deleting {}: {other:?}", entry.dn))),
            }
            self.free(tenant_id, &entry.text("mail"), None).await?;
        }
        for list in &usage.member_lists {
            self.edit_members(&list.dn, |members| members.retain(|m| !in_domain(m, name))).await?;
        }
        deleted.sort();
        Ok(deleted)
    }

    /// Removes one alternate address or alias from a user (live or
    /// soft-deleted), moving its revision on.
    async fn take_address_from_user(&self, owner: &str, attr: &str, address: &str, now: i64) -> Result<()> {
        for deleted in [false, true] {
            let dn = self.user_dn(owner, deleted);
            for _ in 0..20 {
                let Some(user) = self.pool.read(&dn, &[attr, "pbmRevision"]).await? else { break };
                let values: Vec<String> =
                    user.values(attr).into_iter().filter(|v| !v.eq_ignore_ascii_case(address)).collect();
                let mods = Mods::default()
                    .revision(user.required_int("pbmRevision")?)
                    .set_all(attr, values)
                    .set("pbmUpdatedAt", int(now));
                match self.pool.modify(&dn, mods).await? {
                    Outcome::Done | Outcome::NoSuchObject => return Ok(()),
                    Outcome::NoSuchAttribute => continue,
                    other => return Err(Error::internal(anyhow::anyhow!("updating {dn}: {other:?}"))),
                }
            }
        }
        Ok(())
    }

    /// A domain entry of the tenant.
    async fn domain_of_tenant(&self, tenant_id: &str, name: &str) -> Result<Option<Entry>> {
        let entry = self.pool.read(&self.domain_dn(name), DOMAIN_ATTRS).await?;
        Ok(entry.filter(|d| d.text("tenant-id").eq_ignore_ascii_case(tenant_id)))
    }
}

#[async_trait]
impl MailDomainStore for LdapStore {
    async fn get_mail_domain(&self, name: &str) -> Result<Option<MailDomain>> {
        let Some(entry) = self.pool.read(&self.domain_dn(name), DOMAIN_ATTRS).await? else { return Ok(None) };
        let Some(default) = self.default_domain_of(&entry.text("tenant-id")).await? else { return Ok(None) };
        Ok(Some(domain_from_entry(&entry, &default)?))
    }

    async fn list_mail_domains(&self, tenant_id: &str) -> Result<Vec<MailDomain>> {
        self.reading_listing(Some(tenant_id)).await;
        let Some(default) = self.default_domain_of(tenant_id).await? else { return Ok(Vec::new()) };
        let filter = and("pbmMailDomain", &[eq("tenant-id", tenant_id)]);
        let entries = self.pool.search(&self.layout.domains, Scope::OneLevel, &filter, DOMAIN_ATTRS).await?;
        let mut domains = entries.iter().map(|e| domain_from_entry(e, &default)).collect::<Result<Vec<_>>>()?;
        domains.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(domains)
    }

    async fn create_mail_domain(&self, domain: &MailDomain, audit: &AuditEvent) -> Result<()> {
        let change = self
            .change(vec![
                ObjectChange::new(ObjectKind::MailDomain, &domain.tenant_id, &domain.name, ChangeOp::Added),
                ObjectChange::new(ObjectKind::Tenant, &domain.tenant_id, &domain.tenant_id, ChangeOp::Modified),
            ])
            .await?;
        if self.tenant_live(&domain.tenant_id).await?.is_none() {
            return Err(Error::not_found("tenant", &domain.tenant_id));
        }
        let dn = self.domain_dn(&domain.name);
        let attrs = mapping::domain_attrs(domain);
        match self.pool.add(&dn, &attrs).await? {
            Outcome::Done => {}
            Outcome::AlreadyExists => return Err(Error::already_exists("domain", &domain.name)),
            other => return Err(Error::internal(anyhow::anyhow!("adding domain {}: {other:?}", domain.name))),
        }
        if domain.is_default {
            let mods = Mods::default().set("pbmDefaultDomain", domain.name.as_str());
            if let Err(e) = self
                .pool
                .modify(&self.tenant_dn(&domain.tenant_id), mods)
                .await
                .and_then(|o| expect_done(o, "default domain"))
            {
                self.undo(&[dn]).await;
                return Err(e);
            }
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn update_mail_domain(
        &self,
        domain: &MailDomain,
        fields: &[MailDomainField],
        audit: &AuditEvent,
    ) -> Result<()> {
        let change = self
            .change(vec![ObjectChange::new(
                ObjectKind::MailDomain,
                &domain.tenant_id,
                &domain.name,
                ChangeOp::Modified,
            )])
            .await?;
        if self.domain_of_tenant(&domain.tenant_id, &domain.name).await?.is_none() {
            return Err(Error::not_found("mail domain", &domain.name));
        }
        let mut mods = Mods::default();
        for field in fields {
            mods = match field {
                MailDomainField::DisplayName => mods.set("displayName", domain.display_name.as_str()),
                MailDomainField::Description => mods.set("description", domain.description.as_str()),
                MailDomainField::AssociatedDomain => mods.set("pbmAssociatedDomain", domain.associated_domain.as_str()),
            };
        }
        if !mods.0.is_empty() {
            match self.pool.modify(&self.domain_dn(&domain.name), mods).await? {
                Outcome::Done => {}
                Outcome::NoSuchObject => return Err(Error::not_found("mail domain", &domain.name)),
                other => return Err(Error::internal(anyhow::anyhow!("updating domain {}: {other:?}", domain.name))),
            }
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn set_default_mail_domain(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<()> {
        let modified = |kind, name: &str| ObjectChange::new(kind, tenant_id, name, ChangeOp::Modified);
        let mut changes = vec![modified(ObjectKind::MailDomain, name), modified(ObjectKind::Tenant, tenant_id)];
        if let Some(previous) = self.default_domain_of(tenant_id).await?.filter(|p| !p.eq_ignore_ascii_case(name)) {
            changes.push(modified(ObjectKind::MailDomain, &previous));
        }
        let change = self.change(changes).await?;
        let Some(entry) = self.domain_of_tenant(tenant_id, name).await? else {
            return Err(Error::not_found("mail domain", name));
        };
        let mods = Mods::default().set("pbmDefaultDomain", entry.text("cn"));
        match self.pool.modify(&self.tenant_dn(tenant_id), mods).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("tenant", tenant_id)),
            other => return Err(Error::internal(anyhow::anyhow!("setting the default domain: {other:?}"))),
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn mail_domain_usage(&self, tenant_id: &str, name: &str) -> Result<DomainUsage> {
        Ok(self.usage(tenant_id, name).await?.counts)
    }

    async fn delete_mail_domain(
        &self,
        tenant_id: &str,
        name: &str,
        expected: &DomainUsage,
        audit: &AuditEvent,
    ) -> Result<Vec<String>> {
        let mut change = self
            .change(vec![
                ObjectChange::new(ObjectKind::MailDomain, tenant_id, name, ChangeOp::Deleted),
                ObjectChange::new(ObjectKind::Tenant, tenant_id, tenant_id, ChangeOp::Modified),
            ])
            .await?;
        if self.domain_of_tenant(tenant_id, name).await?.is_none() {
            return Err(Error::not_found("mail domain", name));
        }
        let default = self.default_domain_of(tenant_id).await?.unwrap_or_default();
        if default.eq_ignore_ascii_case(name) {
            return Err(Error::Aborted(format!("mail domain {name} became the default")));
        }
        let usage = self.usage(tenant_id, name).await?;
        if usage.counts != *expected {
            return Err(Error::Aborted(format!("what uses mail domain {name} changed")));
        }
        let accounts = if expected.is_empty() {
            Vec::new()
        } else {
            // The accounts' sessions end with the deletion (see SessionCut).
            let cuts = usage.accounts.iter().map(|a| SessionCut::all(&a.text("mail"))).collect();
            change.also_ending_sessions(usage.changes(tenant_id), cuts).await?;
            self.remove_contents(tenant_id, name, usage, to_micros(audit.at)).await?
        };
        match self.pool.delete(&self.domain_dn(name)).await? {
            Outcome::Done | Outcome::NoSuchObject => {}
            other => return Err(Error::internal(anyhow::anyhow!("deleting domain {name}: {other:?}"))),
        }
        change.audited(audit).await;
        Ok(accounts)
    }
}
