//! Reads at one revision of the change log, for "list, then watch" (README
//! "Change feed"): a list read inside [`at_one_revision`] is answered with
//! the revision its rows were read at, so that a watch from it neither
//! misses a change nor repeats one.
//!
//! On SQLite and PostgreSQL the reads of the scope share one read-only
//! transaction (a snapshot: SQLite's deferred transaction, PostgreSQL's
//! REPEATABLE READ), whose first statement reads the log's latest revision.
//! The log's revisions are taken in commit order (`store/sql/changes.rs`),
//! so that snapshot holds every change up to that revision and none after.
//! The transport asks for the revision with [`noting_revision`] and sends
//! it as `pbm-revision`; a request that read no snapshot (a stream, whose
//! pages are read as it is sent) sends the replica's follower position
//! instead, which never leaves a gap.
//!
//! LDAP has no snapshot. Its reads instead note, with [`watch_writes`], the
//! latest revision and that no write of their tenant was under way (no open
//! intent: an LDAP write is made between its intent and its record,
//! `store/ldap`), and the scope checks again after them that no write of the
//! tenant was under way or recorded since. Then the reads saw exactly the
//! changes up to that revision and the response reports it. Otherwise they
//! are read again (at most [`QUIET_ATTEMPTS`] times, a write lasts
//! milliseconds), the last time with this replica's writes paused by the
//! write barrier (`store::barrier`) from before the reads until after the
//! check: what can still overlap them is another replica's write. A scope
//! that never finds its tenant quiet reports the follower position, which
//! may repeat a change but never misses one.
//!
//! Both scopes are task-local: nothing is passed through the ports. A read
//! made while another read of the same scope holds the snapshot's
//! connection (reads in parallel) reads from the pool, outside it.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use futures::future::BoxFuture;

use crate::error::Result;
use crate::ports::ChangeLog;
use crate::store::barrier::{WriteBarrier, WritesPaused};

/// The open read transaction of a scope, whatever its database.
pub trait SnapshotTransaction: Send {
    /// For the store that opened it to find its own type again.
    fn as_any(&self) -> &dyn Any;
    /// The same, to read through it.
    fn as_any_mut(&mut self) -> &mut dyn Any;
    /// Ends it (nothing was written: a rollback).
    fn end(self: Box<Self>) -> BoxFuture<'static, ()>;
}

/// The state of one [`at_one_revision`] scope.
#[derive(Default)]
pub struct Snapshot {
    /// The transaction, opened by the first read of the scope.
    pub transaction: Arc<tokio::sync::Mutex<Option<Box<dyn SnapshotTransaction>>>>,
    revision: ResponseRevision,
    /// Where the reads of a store without snapshots found the writes
    /// (locked while the first read marks it).
    quiet: tokio::sync::Mutex<Option<QuietMark>>,
    /// The last attempt of the scope's reads: they pause this replica's
    /// writes.
    last_attempt: bool,
}

/// The writes a scope's reads from LDAP must not overlap ([`watch_writes`]).
struct QuietMark {
    /// The log whose intents and records tell the writes.
    log: Arc<dyn ChangeLog>,
    /// The tenant read, `None` for every tenant.
    tenant: Option<String>,
    /// The latest revision before the reads.
    revision: i64,
    /// A write was under way before the reads (or their scope's tenants
    /// differ, or the log could not be read): they cannot be exact.
    spoiled: bool,
    /// This replica's writes, paused for the last attempt until the mark
    /// is checked and dropped.
    _paused: Option<WritesPaused>,
}

impl Snapshot {
    /// Notes the revision the snapshot's transaction read first.
    pub fn read_at(&self, revision: i64) {
        self.revision.note(revision);
    }
}

/// The revision a response reports, noted by the reads it made.
pub struct ResponseRevision(AtomicI64);

/// `ResponseRevision` before anything is noted (revisions are never negative).
const UNSET: i64 = -1;

impl ResponseRevision {
    /// A revision nothing noted yet.
    pub fn new() -> Self {
        Self(AtomicI64::new(UNSET))
    }

    fn note(&self, revision: i64) {
        self.0.store(revision, Ordering::Release);
    }

    /// The revision noted, if any.
    pub fn get(&self) -> Option<i64> {
        Some(self.0.load(Ordering::Acquire)).filter(|r| *r != UNSET)
    }
}

impl Default for ResponseRevision {
    fn default() -> Self {
        Self::new()
    }
}

tokio::task_local! {
    static RESPONSE_REVISION: Arc<ResponseRevision>;
    static SNAPSHOT: Arc<Snapshot>;
}

/// Runs `request` (a transport's handler), collecting into `revision` the
/// revision of the snapshot its list was read at, if it read one.
pub async fn noting_revision<F: Future>(revision: Arc<ResponseRevision>, request: F) -> F::Output {
    RESPONSE_REVISION.scope(revision, request).await
}

/// How many times the reads of a store without snapshots are made before
/// the scope gives up finding their tenant quiet.
pub const QUIET_ATTEMPTS: u32 = 3;

/// Runs `reads` at one revision of the change log (see the module doc),
/// and notes that revision for the response. On a store without snapshots
/// `reads` may run again (up to [`QUIET_ATTEMPTS`] times in all) when a
/// write overlapped them; an error ends it at once. `reads` only read: on
/// the last attempt this replica's writes wait for them.
pub async fn at_one_revision<T, F, Fut>(mut reads: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut attempt = 1;
    loop {
        let snapshot = Arc::new(Snapshot { last_attempt: attempt == QUIET_ATTEMPTS, ..Snapshot::default() });
        let output = SNAPSHOT.scope(snapshot.clone(), reads()).await;
        // A stream made in the scope may still hold the connection: it then
        // ends the transaction when it drops it (sqlx rolls back on drop).
        let transaction = snapshot.transaction.try_lock().ok().and_then(|mut held| held.take());
        if let Some(transaction) = transaction {
            transaction.end().await;
        }
        let quiet = snapshot.quiet.lock().await.take();
        if let Some(mark) = quiet
            && output.is_ok()
        {
            if mark.held().await {
                snapshot.read_at(mark.revision);
            } else if attempt < QUIET_ATTEMPTS {
                // A write lasts milliseconds: let it end before reading again.
                tokio::time::sleep(std::time::Duration::from_millis(5 * u64::from(attempt))).await;
                attempt += 1;
                continue;
            }
        }
        if let Some(revision) = snapshot.revision.get() {
            // Outside a transport's scope (a CLI, a test), nobody asked.
            let _ = RESPONSE_REVISION.try_with(|response| response.note(revision));
        }
        return output;
    }
}

/// Called by a read of a store without snapshots (LDAP) of `tenant` (`None`
/// for every tenant), before it reads: inside [`at_one_revision`], notes
/// the latest revision of `log` and whether a write was under way (see the
/// module doc), on the scope's last attempt after pausing the writes of
/// `barrier`. The first read of a scope marks it; a later one of another
/// tenant spoils it. A log that cannot be read spoils it too: the list is
/// still answered, at the follower position.
pub async fn watch_writes(log: &Arc<dyn ChangeLog>, barrier: &WriteBarrier, tenant: Option<&str>) {
    let Some(snapshot) = current() else {
        return;
    };
    // Held while marking: a read beside it waits, then finds the mark.
    let mut quiet = snapshot.quiet.lock().await;
    if let Some(mark) = quiet.as_mut() {
        mark.spoiled |= mark.tenant.as_deref() != tenant;
        return;
    }
    let paused = if snapshot.last_attempt { Some(barrier.pause_writes().await) } else { None };
    let (revision, spoiled) = match log.write_mark(tenant, None).await {
        Ok(mark) => (mark.latest, mark.busy),
        Err(e) => {
            tracing::warn!(error = %e, "the change log could not be read for a list's revision");
            (0, true)
        }
    };
    // A write was under way already: nothing to hold the others back for.
    let paused = paused.filter(|_| !spoiled);
    let tenant = tenant.map(str::to_owned);
    *quiet = Some(QuietMark { log: log.clone(), tenant, revision, spoiled, _paused: paused });
}

impl QuietMark {
    /// Whether no write of the tenant was under way before the reads, nor
    /// under way or recorded since.
    async fn held(&self) -> bool {
        if self.spoiled {
            return false;
        }
        match self.log.write_mark(self.tenant.as_deref(), Some(self.revision)).await {
            Ok(mark) => !mark.busy,
            Err(e) => {
                tracing::warn!(error = %e, "the change log could not be read for a list's revision");
                false
            }
        }
    }
}

/// The scope's snapshot, when a read runs inside [`at_one_revision`].
pub fn current() -> Option<Arc<Snapshot>> {
    SNAPSHOT.try_with(Arc::clone).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_revision_reaches_the_response_only_from_a_snapshot_read_in_its_scope() {
        let response = Arc::new(ResponseRevision::new());
        noting_revision(response.clone(), async {}).await;
        assert_eq!(response.get(), None, "no snapshot read: nothing noted");

        noting_revision(
            response.clone(),
            at_one_revision(|| async {
                current().expect("inside the scope").read_at(42);
                Ok(())
            }),
        )
        .await
        .unwrap();
        assert_eq!(response.get(), Some(42));

        // Outside any transport scope: no panic, nothing to note.
        at_one_revision(|| async {
            current().expect("inside").read_at(7);
            Ok(())
        })
        .await
        .unwrap();
        assert!(current().is_none(), "the scope ends with its future");
    }
}
