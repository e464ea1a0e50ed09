//! Background jobs: purging users whose soft-deletion retention ended,
//! sessions that ended or expired, and change-log records past their
//! retention. They run in every replica; the work is
//! idempotent, so replicas running it at once do no harm.
//!
//! The periodic syncs from the company directory ([`run_directory_sync`]:
//! the accounts it owns, the address books and mailing lists it fills) run
//! in one replica at a time each: the one holding that sync's lease in the
//! shared state store. So does the periodic address-book sync from
//! Bitrix24 ([`run_bitrix24_sync`]).

use std::{sync::Arc, time::Duration};

use crate::error::Result;
use crate::service::Core;

/// How often the purge runs.
pub const PURGE_INTERVAL: Duration = Duration::from_secs(3600);

/// Change-log records pruned in one transaction.
const PRUNE_BATCH: usize = 10_000;

/// Runs one purge pass; returns (users purged, sessions purged).
pub async fn purge_once(core: &Core) -> Result<(u64, u64)> {
    let now = crate::domain::now();
    let retention = core.settings.current().users.deleted_retention;
    let cutoff = now - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
    // Each step runs whether or not the ones before it failed (a directory refusing the purge
    // must not stop the change log's retention); the first failure is answered.
    let event = core.system_event("pbm.v2.UserService/PurgeDeletedUsers", "", "");
    let users = core.directory.purge_deleted_users(cutoff, &event).await;
    let sessions = core.sessions.purge_sessions(now).await;
    let penalty = core.settings.current().bruteforce.penalty;
    let throttle =
        core.throttle.purge_throttle(now - chrono::Duration::from_std(penalty).unwrap_or(chrono::Duration::MAX)).await;
    let retention = core.settings.current().changes.retention;
    let before = now - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
    let pruned = async {
        while core.changes.prune_changes(before, PRUNE_BATCH).await? == PRUNE_BATCH as u64 {}
        Ok::<(), crate::error::Error>(())
    }
    .await;
    let (users, sessions) = (users?, sessions?);
    throttle?;
    pruned?;
    Ok((users.len() as u64, sessions))
}

/// Runs the purge every [`PURGE_INTERVAL`] until `shutdown` resolves.
pub async fn run_purge(core: Arc<Core>, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let mut ticker = tokio::time::interval(PURGE_INTERVAL);
    loop {
        tokio::select! {
            _ = &mut shutdown => return,
            _ = ticker.tick() => match purge_once(&core).await {
                Ok((0, 0)) => {}
                Ok((users, sessions)) => tracing::info!(users, sessions, "purged deleted users and old sessions"),
                Err(e) => tracing::warn!(error = %e, "purge failed; retrying later"),
            },
        }
    }
}

/// How often the directory sync looks at its settings while it is off.
const DIRECTORY_SYNC_IDLE: Duration = Duration::from_secs(30);

/// The name of the lease of a tenant's periodic sync of `kind`. (The
/// accounts sync's lease, the first there was, is named by the bare tenant
/// id.)
pub fn lease_name(kind: &str, tenant_id: &str) -> String {
    format!("{kind}:{tenant_id}")
}

/// Runs the company directory's periodic syncs every
/// `services/ad/sync_interval` (zero: off) until `shutdown` resolves: the
/// accounts of the tenant `services/ad/accounts/*` owns (incremental
/// passes, full every `services/ad/accounts/full_sync_interval`), and —
/// while `services/ad/enabled` is on — the address book (when
/// `services/ad/users/base_dn` is set) and the mailing lists (when
/// `services/ad/groups/base_dn` is set) of each tenant of
/// `services/ad/sync_tenants`. Each sync of each tenant runs in the one
/// replica holding its lease in the shared state store (two intervals
/// long, renewed at each pass); when that replica stops, another takes over
/// once the lease has run out. A failed pass is logged and retried at the
/// next interval.
pub async fn run_directory_sync(core: Arc<Core>, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let holder = crate::security::tokens::random_token();
    let accounts = crate::service::AccountSync(core.clone());
    let book = crate::service::sync::ContactSync(core.clone());
    let lists = crate::service::sync::ListSync(core.clone());
    loop {
        let interval = core.settings.current().directory.sync_interval;
        let wait = if interval.is_zero() { DIRECTORY_SYNC_IDLE } else { interval };
        tokio::select! {
            _ = &mut shutdown => return,
            _ = tokio::time::sleep(wait) => {}
        }
        if interval.is_zero() {
            continue;
        }
        let lease = interval * 2;
        if let Err(e) = accounts.run_periodic(&holder, lease).await {
            tracing::warn!(error = %e, "periodic sync of the directory's accounts failed; retrying later");
        }
        let directory = core.settings.current().directory.clone();
        if !directory.enabled {
            continue;
        }
        for tenant in &directory.sync_tenants {
            if !directory.users.base_dn.is_empty()
                && holds_lease(&core, &lease_name("address_book:ad", tenant), &holder, lease).await
                && let Err(e) = book.run_periodic(tenant).await
            {
                tracing::warn!(tenant = %tenant, error = %e, "periodic address-book sync from the directory failed; retrying later");
            }
            if !directory.groups.search.base_dn.is_empty()
                && holds_lease(&core, &lease_name("mail_lists:ad", tenant), &holder, lease).await
                && let Err(e) = lists.run_periodic(tenant).await
            {
                tracing::warn!(tenant = %tenant, error = %e, "periodic group sync from the directory failed; retrying later");
            }
        }
    }
}

/// Runs the periodic address-book sync from Bitrix24 every
/// `services/bitrix24/sync_interval` (zero: off) while
/// `services/bitrix24/enabled` is on, for each tenant of
/// `services/bitrix24/sync_tenants`, until `shutdown` resolves. Each
/// tenant's sync runs in the one replica holding its lease
/// (`address_book:bitrix24:<tenant>`, two intervals long, renewed at each
/// pass), as the directory's syncs do; a failed pass (the portal
/// unreachable, over its limit, the webhook refused) is logged and retried
/// at the next interval.
pub async fn run_bitrix24_sync(core: Arc<Core>, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let holder = crate::security::tokens::random_token();
    let book = crate::service::sync::Bitrix24Sync(core.clone());
    loop {
        let interval = core.settings.current().directory.bitrix24.sync_interval;
        let wait = if interval.is_zero() { DIRECTORY_SYNC_IDLE } else { interval };
        tokio::select! {
            _ = &mut shutdown => return,
            _ = tokio::time::sleep(wait) => {}
        }
        let bitrix24 = core.settings.current().directory.bitrix24.clone();
        if interval.is_zero() || !bitrix24.enabled {
            continue;
        }
        let lease = interval * 2;
        for tenant in &bitrix24.sync_tenants {
            if holds_lease(&core, &lease_name("address_book:bitrix24", tenant), &holder, lease).await
                && let Err(e) = book.run_periodic(tenant).await
            {
                tracing::warn!(tenant = %tenant, error = %e, "periodic address-book sync from Bitrix24 failed; retrying later");
            }
        }
    }
}

/// Takes (or renews) the lease `name` for `holder`; false (and a warning)
/// when the state store cannot say.
async fn holds_lease(core: &Core, name: &str, holder: &str, lease: Duration) -> bool {
    let now = crate::domain::now();
    let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
    match core.directory_links.take_lease(name, holder, now, until).await {
        Ok(held) => held,
        Err(e) => {
            tracing::warn!(lease = name, error = %e, "the lease of a periodic sync could not be taken; skipping the pass");
            false
        }
    }
}
