//! Background jobs: purging users whose soft-deletion retention ended,
//! sessions that ended or expired, and change-log records past their
//! retention. They run in every replica; the work is
//! idempotent, so replicas running it at once do no harm.
//!
//! The periodic sync of the accounts the company directory owns
//! ([`run_directory_sync`]) runs in one replica at a time: the one holding
//! the tenant's lease in the shared state store.

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
    let event = core.system_event("pbm.v2.UserService/PurgeDeletedUsers", "", "");
    let users = core.directory.purge_deleted_users(cutoff, &event).await?;
    let sessions = core.sessions.purge_sessions(now).await?;
    let penalty = core.settings.current().bruteforce.penalty;
    core.throttle.purge_throttle(now - chrono::Duration::from_std(penalty).unwrap_or(chrono::Duration::MAX)).await?;
    let retention = core.settings.current().changes.retention;
    let before = now - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
    while core.changes.prune_changes(before, PRUNE_BATCH).await? == PRUNE_BATCH as u64 {}
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

/// Runs the account sync of the company directory every
/// `services/ad/sync_interval` (zero: off) while `services/ad/accounts/*`
/// owns a tenant, until `shutdown` resolves. Only the replica holding the
/// tenant's lease (two intervals long, renewed at each run) syncs; when it
/// stops, another takes over once the lease has run out. Passes are
/// incremental, full every `services/ad/accounts/full_sync_interval`.
pub async fn run_directory_sync(core: Arc<Core>, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let holder = crate::security::tokens::random_token();
    let sync = crate::service::AccountSync(core.clone());
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
        match sync.run_periodic(&holder, interval * 2).await {
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "periodic sync of the directory's accounts failed; retrying later"),
        }
    }
}
