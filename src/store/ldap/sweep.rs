//! The sweep: finishes what an interrupted multi-entry write left behind.
//! Tenants and resource groups marked `pbmDeleting` are deleted with what
//! they hold (after each hourly purge of soft-deleted users, and at start);
//! address claims of the last day older than the grace period whose owner
//! does not hold the address are freed (once, a grace period after the
//! store opened: a crash is what leaves them, and a restart follows it;
//! claims of a primary address by its own live account are recognised
//! from one read of the live addresses, so a bulk-loaded day costs two
//! searches, not three reads per user).
//! An older leftover claim is still freed by the first writer that wants
//! its address. Every step is idempotent, so the sweep may run on several
//! replicas at once.

use ldap3::Scope;

use super::LdapStore;
use super::addresses::GRACE;
use super::and;
use crate::domain::AddressKind;
use crate::error::Result;
use crate::store::to_micros;

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Tenant deletions finished.
    pub tenants: usize,
    /// Resource group deletions finished.
    pub groups: usize,
    /// Orphaned address claims freed.
    pub claims: usize,
}

impl LdapStore {
    /// Runs one sweep; with `claims`, also looks for orphaned claims.
    pub async fn sweep(&self, claims: bool) -> Result<Swept> {
        let mut swept = Swept::default();
        let deleting = "(pbmDeleting=TRUE)".to_owned();
        for tenant in self
            .pool
            .search(
                &self.layout.tenants,
                Scope::OneLevel,
                &and("pbmTenant", std::slice::from_ref(&deleting)),
                &["tenant-id"],
            )
            .await?
        {
            self.finish_tenant_deletion(&tenant.text("tenant-id")).await?;
            swept.tenants += 1;
        }
        let groups = self
            .pool
            .search(
                &self.layout.resources,
                Scope::OneLevel,
                &and("pbmResourceGroup", &[deleting]),
                &["pbmId", "tenant-id"],
            )
            .await?;
        for group in groups {
            self.finish_group_deletion(&group, None).await?;
            swept.groups += 1;
        }
        if !claims {
            return Ok(swept);
        }
        let now = crate::domain::now();
        let recent = format!(
            "(pbmCreatedAt<={})(pbmCreatedAt>={})",
            to_micros(now - GRACE),
            to_micros(now - chrono::Duration::days(1))
        );
        // A primary address claimed by its own live account is held: that
        // is known from one read of the live addresses, without three reads
        // per claim (after a bulk load every claim of the day is recent).
        // Only the other claims are checked one by one.
        let live = self.sorted_mails(&self.layout.people, &and("pbmUser", &[])).await?;
        let held = |e: &super::conn::Entry| {
            let address = e.text("pbmAddress");
            e.text("pbmAddressKind") == AddressKind::Mail.name()
                && e.text("pbmOwner") == address
                && live.binary_search(&address).is_ok()
        };
        let unsure = self
            .pool
            .search_with(
                &self.layout.addresses,
                Scope::OneLevel,
                &and("pbmAddressClaim", &[recent]),
                &["pbmAddress", "pbmAddressKind", "pbmOwner"],
                usize::MAX,
                |e| (!held(&e)).then(|| (e.dn.clone(), e.text("pbmAddress"))),
            )
            .await?
            .unwrap_or_default();
        drop(live);
        for (dn, address) in unsure.into_iter().flatten() {
            // Checks age and owner itself and frees the claim if it is an orphan.
            if self.pool.read(&dn, &["1.1"]).await?.is_some() && self.collect_if_orphan(&address).await? {
                swept.claims += 1;
            }
        }
        if swept != Swept::default() {
            tracing::info!(?swept, "LDAP sweep finished interrupted changes");
        }
        Ok(swept)
    }
}
