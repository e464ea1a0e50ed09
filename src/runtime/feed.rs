//! The follower of the change log: the task that keeps this replica's
//! caches and watchers in step with every committed change, its own and
//! other replicas'.
//!
//! It reads the log after the last revision it applied — when this process
//! commits (the stores' commit notices wake it: at once after a quiet spell,
//! otherwise [`GATHER`] after its previous read, so that under a steady
//! write rate each read gathers several commits and each watcher wakes and
//! writes once for them), and every [`POLL_EVERY`] otherwise (other replicas' changes; PostgreSQL's row lock
//! on the revision counter makes revisions visible in order, so nothing is
//! skipped). For each batch it drops what the records name from the
//! caches, reads the objects once if anybody watches, and hands the batch
//! to the watchers. When the log cannot be read it empties the caches and
//! ends the watches (UNAVAILABLE); when records it has not applied were
//! pruned, it empties the caches and goes on from the oldest record left.
//!
//! It also records the intents an LDAP change left behind older than
//! [`INTENT_GRACE`] (a replica killed between its LDAP write and its record).

use std::{sync::Arc, time::Duration};

use crate::domain::{ChangeOp, ChangeRecord, ObjectChange};
use crate::service::Core;
use crate::service::watch::objects_of;
use crate::store::notices::CommitNotices;

/// How often the log is read for other replicas' changes: the bound on how
/// stale a cache of this replica can be (README "Change feed").
pub const POLL_EVERY: Duration = Duration::from_millis(100);
/// Records read at once.
const BATCH: usize = 1000;
/// The least time between two reads of the log woken by this replica's
/// commits: what an event may wait under load, for batches that cut pbm's
/// CPU per write and its 100 events from 3.5 to 1.1 ms in pbm-bench's
/// fan-out (docs/performance.md). The environment variable
/// `PBM_FEED_GATHER_MS` sets another (0: a read per commit).
pub const GATHER: Duration = Duration::from_millis(10);
/// Age after which an LDAP change's intent belongs to no live write (an
/// LDAP operation times out after 30 s; a change makes a few). The
/// environment variable `PBM_INTENT_GRACE_SECONDS` sets another (tests).
pub const INTENT_GRACE: Duration = Duration::from_secs(120);
/// How often intents are looked for (at most).
const INTENTS_EVERY: Duration = Duration::from_secs(60);
/// Pause after the log could not be read.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Follows the log until `shutdown` resolves.
pub async fn follow(core: Arc<Core>, notices: CommitNotices, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    // The follower starts at the latest revision: nothing before it is
    // applied. The server may already have answered (and cached) reads by
    // then, and a change committed between such a read and this point would
    // never drop its entry: what was cached before the start goes.
    loop {
        match core.changes.revisions().await {
            Ok(revisions) => {
                core.feed.start_at(revisions.latest);
                core.caches.clear();
                break;
            }
            Err(e) => {
                tracing::warn!(error = %e, "the change log cannot be read yet; caches stay off");
                tokio::select! {
                    () = &mut shutdown => return,
                    () = tokio::time::sleep(RETRY_AFTER) => {}
                }
            }
        }
    }
    let grace = std::env::var("PBM_INTENT_GRACE_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(INTENT_GRACE, Duration::from_secs);
    let mut intents = tokio::time::interval(INTENTS_EVERY.min(grace).max(Duration::from_secs(1)));
    let mut failing = false;
    let gather =
        std::env::var("PBM_FEED_GATHER_MS").ok().and_then(|v| v.parse().ok()).map_or(GATHER, Duration::from_millis);
    let mut last_catch_up = tokio::time::Instant::now();
    loop {
        tokio::select! {
            () = &mut shutdown => return,
            () = notices.committed() => {
                // Under a steady write rate, the commits of the next few
                // milliseconds go out as one batch: each watcher then wakes
                // and writes once for several events.
                tokio::time::sleep_until(last_catch_up + gather).await;
            }
            () = tokio::time::sleep(if failing { RETRY_AFTER } else { POLL_EVERY }) => {}
            _ = intents.tick() => record_intents(&core, grace).await,
        }
        last_catch_up = tokio::time::Instant::now();
        match catch_up(&core).await {
            Ok(()) => {
                if failing {
                    tracing::info!(revision = core.feed.applied(), "the change log can be read again");
                }
                failing = false;
            }
            Err(e) => {
                if !failing {
                    tracing::warn!(error = %e, "the change log cannot be read: caches emptied, watches ended");
                }
                failing = true;
                core.caches.clear();
                core.feed.unavailable(e.to_string());
            }
        }
    }
}

/// Applies every record after the feed's revision.
async fn catch_up(core: &Arc<Core>) -> crate::error::Result<()> {
    loop {
        let applied = core.feed.applied();
        let records = core.changes.changes_after(applied, BATCH).await?;
        let (Some(first), Some(last)) = (records.first(), records.last()) else { return Ok(()) };
        if first.revision > applied + 1 {
            tracing::warn!(
                applied,
                oldest = first.revision,
                "records this replica had not applied were pruned: caches emptied"
            );
            core.caches.clear();
        }
        let (last, count) = (last.revision, records.len());
        core.caches.apply(&records);
        let items = if core.feed.watched() { objects_of(core, records).await? } else { Vec::new() };
        core.feed.delivered(last, items);
        core.metrics.feed_revision.set(last);
        if count < BATCH {
            return Ok(());
        }
    }
}

/// Records the intents left by LDAP changes that did not finish. Whether
/// each write happened is not known, so each object is recorded as
/// modified; one that is gone now (the write was its deletion) is then
/// recorded as deleted too, so that watchers get its tombstone (a modified
/// record of a gone object is left out of their streams).
async fn record_intents(core: &Arc<Core>, grace: Duration) {
    let before = crate::domain::now() - chrono::Duration::from_std(grace).unwrap_or_default();
    match core.changes.recover_intents(before).await {
        Ok(records) if records.is_empty() => {}
        Ok(records) => {
            tracing::warn!(
                records = records.len(),
                "recorded the changes of LDAP writes whose process died before recording them"
            );
            if let Err(e) = record_the_gone(core, records).await {
                tracing::warn!(error = %e, "could not record the deletions among the recovered LDAP changes");
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not look for unrecorded LDAP changes"),
    }
}

/// Records as deleted the directory objects of `recovered` that no longer
/// exist.
async fn record_the_gone(core: &Arc<Core>, recovered: Vec<ChangeRecord>) -> crate::error::Result<()> {
    // Read from the directory, not from objects this replica cached before the write.
    core.caches.apply(&recovered);
    let gone: Vec<ObjectChange> = objects_of(core, recovered)
        .await?
        .into_iter()
        .filter(|item| item.object.is_none() && item.record.change.kind.is_directory())
        .map(|item| ObjectChange { op: ChangeOp::Deleted, ..item.record.change })
        .collect();
    if gone.is_empty() {
        return Ok(());
    }
    let event = core.system_event("pbm.ChangeLog/RecoverIntents", "", format!("deleted:{}", gone.len()));
    let marker = format!("recovered-{}", crate::domain::now().timestamp_micros());
    core.changes.complete_changes(&marker, &gone, &[], &event).await?;
    Ok(())
}
