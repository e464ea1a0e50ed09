//! Address claims on LDAP: one `pbmAddressClaim` entry per reserved
//! address under `ou=Addresses`, named by the address. Adding an entry whose
//! DN exists fails atomically — also between concurrent writers and pbm
//! replicas — so the claim is what makes an address unique installation-wide.
//! A claim records its tenant, kind, owner (the owner's primary address) and
//! when it was made.
//!
//! A writer claims first and writes the owner after; when that fails it
//! deletes its claims again. A claim left by a crash in between belongs to
//! no one: once it is older than [`GRACE`], the next writer that wants the
//! address (or the sweep) finds that its owner does not hold it and removes
//! it. Freeing an address also takes it out of the tenant's mailing lists.

use async_trait::async_trait;
use ldap3::Scope;

use super::conn::{Entry, Mods, Outcome};
use super::mapping;
use super::{LdapChange, LdapStore, and, eq, esc, expect_done, lists_modified};
use crate::domain::{AddressKind, ReservedAddress, address::domain_of};
use crate::error::{Error, Result};
use crate::ports::AddressStore;
use crate::store::to_micros;

/// Age after which a claim whose owner does not hold the address is a
/// leftover, not a write in progress.
pub(super) const GRACE: chrono::Duration = chrono::Duration::seconds(120);

/// Attributes read from a claim.
const CLAIM_ATTRS: &[&str] = &["pbmAddress", "tenant-id", "pbmAddressKind", "pbmOwner", "pbmCreatedAt"];

/// Largest number of addresses looked up in one search.
const LOOKUP_CHUNK: usize = 100;

/// Most attempts of a compare-and-swap on a list before giving up.
const CAS_ATTEMPTS: usize = 20;

impl LdapStore {
    /// Claims `address` for `owner` (kind `kind`, tenant `tenant_id`);
    /// returns the claim's DN. A taken address answers
    /// `AlreadyExists { kind: "address" }`.
    pub(super) async fn claim(&self, address: &str, tenant_id: &str, kind: AddressKind, owner: &str) -> Result<String> {
        let dn = self.address_dn(address);
        let attrs = mapping::claim_attrs(address, tenant_id, kind, owner, to_micros(crate::domain::now()));
        for attempt in 0..2 {
            match self.pool.add(&dn, &attrs).await? {
                Outcome::Done => return Ok(dn),
                Outcome::AlreadyExists if attempt == 0 && self.collect_if_orphan(address).await? => continue,
                Outcome::AlreadyExists => break,
                other => return Err(Error::internal(anyhow::anyhow!("claiming {address}: {other:?}"))),
            }
        }
        Err(Error::already_exists("address", address))
    }

    /// Claims every address for `owner`, in order; on the first failure
    /// deletes the claims made and returns it. Returns the claims' DNs.
    pub(super) async fn claim_all(
        &self,
        addresses: &[(String, AddressKind)],
        tenant_id: &str,
        owner: &str,
    ) -> Result<Vec<String>> {
        let mut made = Vec::new();
        for (address, kind) in addresses {
            match self.claim(address, tenant_id, *kind, owner).await {
                Ok(dn) => made.push(dn),
                Err(e) => {
                    self.undo(&made).await;
                    return Err(e);
                }
            }
        }
        Ok(made)
    }

    /// Claims an address whose domain must be a mail domain of the tenant
    /// (`NotFound { kind: "mail domain" }` otherwise).
    pub(super) async fn claim_in_domain(
        &self,
        address: &str,
        tenant_id: &str,
        kind: AddressKind,
        owner: &str,
    ) -> Result<String> {
        let domain = domain_of(address);
        let entry = self.pool.read(&self.domain_dn(domain), &["tenant-id"]).await?;
        if !entry.is_some_and(|d| d.text("tenant-id").eq_ignore_ascii_case(tenant_id)) {
            return Err(Error::not_found("mail domain", domain));
        }
        self.claim(address, tenant_id, kind, owner).await
    }

    /// Frees an address of a tenant: takes it out of the tenant's lists
    /// (named in `change`'s intent before they are edited, when given),
    /// then deletes its claim. Answers the addresses of the lists edited.
    pub(super) async fn free(
        &self,
        tenant_id: &str,
        address: &str,
        change: Option<&mut LdapChange<'_>>,
    ) -> Result<Vec<String>> {
        let lists = self.replace_member_everywhere(tenant_id, address, None, None, change).await?;
        match self.pool.delete(&self.address_dn(address)).await? {
            Outcome::Done | Outcome::NoSuchObject => Ok(lists),
            other => Err(Error::internal(anyhow::anyhow!("freeing {address}: {other:?}"))),
        }
    }

    /// Changes the recorded kind of a claim (an alias that became the
    /// alternate address, or back).
    pub(super) async fn reclaim_as(&self, address: &str, kind: AddressKind) -> Result<()> {
        let outcome =
            self.pool.modify(&self.address_dn(address), Mods::default().set("pbmAddressKind", kind.name())).await?;
        expect_done(outcome, "changing the kind of a claim")
    }

    /// Replaces `old` by `new` — or removes it when `new` is `None` — in
    /// every list of the tenant but the one with pbmId `except`; answers the
    /// lists edited. The lists found are added to `change`'s intent before
    /// they are edited (see [`LdapChange::also`]).
    pub(super) async fn replace_member_everywhere(
        &self,
        tenant_id: &str,
        old: &str,
        new: Option<&str>,
        except: Option<&str>,
        change: Option<&mut LdapChange<'_>>,
    ) -> Result<Vec<String>> {
        let filter = and("pbmMailList", &[eq("tenant-id", tenant_id), eq("pbmMember", old)]);
        let mut lists = self.pool.search(&self.layout.groups, Scope::Subtree, &filter, &["pbmId", "mail"]).await?;
        lists.retain(|list| !except.is_some_and(|id| list.text("pbmId").eq_ignore_ascii_case(id)));
        if let Some(change) = change {
            change.also(lists_modified(tenant_id, lists.iter().map(|l| l.text("mail")).collect())).await?;
        }
        let mut edited = Vec::new();
        for list in lists {
            self.edit_members(&list.dn, |members| {
                let before = members.len();
                members.retain(|m| !m.eq_ignore_ascii_case(old));
                if let Some(new) = new
                    && members.len() < before
                    && !members.iter().any(|m| m.eq_ignore_ascii_case(new))
                {
                    members.push(new.to_owned());
                }
            })
            .await?;
            edited.push(list.text("mail"));
        }
        Ok(edited)
    }

    /// Applies `edit` to the members of the list at `dn` with a
    /// compare-and-swap of its revision, retrying when a concurrent change
    /// wins; a list that disappeared is left alone.
    pub(super) async fn edit_members(&self, dn: &str, edit: impl Fn(&mut Vec<String>)) -> Result<()> {
        for _ in 0..CAS_ATTEMPTS {
            let Some(entry) = self.pool.read(dn, &["pbmMember", "pbmRevision"]).await? else { return Ok(()) };
            let mut members = entry.values("pbmMember");
            let before = members.clone();
            edit(&mut members);
            if members == before {
                return Ok(());
            }
            let mods = Mods::default()
                .revision(entry.required_int("pbmRevision")?)
                .set_all("pbmMember", members.clone())
                .set_raw("uniqueMember", self.unique_members(&members));
            match self.pool.modify(dn, mods).await? {
                Outcome::Done | Outcome::NoSuchObject => return Ok(()),
                Outcome::NoSuchAttribute => continue,
                other => return Err(Error::internal(anyhow::anyhow!("editing members of {dn}: {other:?}"))),
            }
        }
        Err(Error::Aborted(format!("members of {dn}")))
    }

    /// Whether the claim of `address` is a leftover — older than [`GRACE`]
    /// and not held by its owner — and if so removes it. Also true when the
    /// claim vanished meanwhile (the caller may try again).
    pub(super) async fn collect_if_orphan(&self, address: &str) -> Result<bool> {
        let Some(claim) = self.pool.read(&self.address_dn(address), CLAIM_ATTRS).await? else { return Ok(true) };
        let made = claim.int("pbmCreatedAt")?.unwrap_or(0);
        if to_micros(crate::domain::now() - GRACE) < made || self.owner_holds(&claim).await? {
            return Ok(false);
        }
        tracing::warn!(address, owner = %claim.text("pbmOwner"), "removing an address claim its owner does not hold");
        self.free(&claim.text("tenant-id"), address, None).await?;
        Ok(true)
    }

    /// Whether the owner named by a claim exists and holds the address.
    pub(super) async fn owner_holds(&self, claim: &Entry) -> Result<bool> {
        let address = claim.text("pbmAddress");
        let owner = claim.text("pbmOwner");
        let holds = |entry: &Entry, attrs: &[&str]| {
            attrs.iter().any(|a| entry.values(a).iter().any(|v| v.eq_ignore_ascii_case(&address)))
        };
        match AddressKind::from_name(&claim.text("pbmAddressKind")) {
            Some(AddressKind::Mail | AddressKind::Alternate | AddressKind::Alias) => {
                for deleted in [false, true] {
                    let attrs = ["mail", "mailAlternateAddress", "alias"];
                    if let Some(user) = self.pool.read(&self.user_dn(&owner, deleted), &attrs).await? {
                        return Ok(holds(&user, &attrs));
                    }
                }
                Ok(false)
            }
            Some(AddressKind::Resource) => {
                Ok(self.pool.read(&self.resource_dn(&owner), &["mail"]).await?.is_some_and(|r| holds(&r, &["mail"])))
            }
            Some(AddressKind::MailList) => {
                let filter = and("pbmMailList", &[eq("mail", &address)]);
                Ok(!self.pool.search(&self.layout.groups, Scope::Subtree, &filter, &["1.1"]).await?.is_empty())
            }
            None => Ok(false),
        }
    }
}

fn reserved_from_entry(entry: &Entry) -> Result<ReservedAddress> {
    let kind = entry.text("pbmAddressKind");
    Ok(ReservedAddress {
        address: entry.text("pbmAddress"),
        tenant_id: entry.text("tenant-id"),
        kind: AddressKind::from_name(&kind)
            .ok_or_else(|| Error::internal(anyhow::anyhow!("{}: address kind {kind:?}", entry.dn)))?,
        owner: entry.text("pbmOwner"),
    })
}

#[async_trait]
impl AddressStore for LdapStore {
    async fn find_addresses(&self, addresses: &[String]) -> Result<Vec<ReservedAddress>> {
        let mut found = Vec::new();
        for chunk in addresses.chunks(LOOKUP_CHUNK) {
            if chunk.is_empty() {
                continue;
            }
            let any: String = chunk.iter().map(|a| format!("(pbmAddress={})", esc(a))).collect();
            let filter = and("pbmAddressClaim", &[format!("(|{any})")]);
            for entry in self.pool.search(&self.layout.addresses, Scope::OneLevel, &filter, CLAIM_ATTRS).await? {
                found.push(reserved_from_entry(&entry)?);
            }
        }
        Ok(found)
    }
}
