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
//! it as `pbm-revision`; a request that read no snapshot (a directory in
//! LDAP, which has none; a stream, whose pages are read as it is sent)
//! sends the replica's follower position instead, which never leaves a gap.
//!
//! Both scopes are task-local: nothing is passed through the ports. A read
//! made while another read of the same scope holds the snapshot's
//! connection (reads in parallel) reads from the pool, outside it.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use futures::future::BoxFuture;

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

/// Runs `reads` at one revision of the change log (see the module doc),
/// and notes that revision for the response.
pub async fn at_one_revision<F: Future>(reads: F) -> F::Output {
    let snapshot = Arc::new(Snapshot::default());
    let output = SNAPSHOT.scope(snapshot.clone(), reads).await;
    // A stream made in the scope may still hold the connection: it then
    // ends the transaction when it drops it (sqlx rolls back on drop).
    let transaction = snapshot.transaction.try_lock().ok().and_then(|mut held| held.take());
    if let Some(transaction) = transaction {
        transaction.end().await;
    }
    if let Some(revision) = snapshot.revision.get() {
        // Outside a transport's scope (a CLI, a test), nobody asked.
        let _ = RESPONSE_REVISION.try_with(|response| response.note(revision));
    }
    output
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
            at_one_revision(async {
                current().expect("inside the scope").read_at(42);
            }),
        )
        .await;
        assert_eq!(response.get(), Some(42));

        // Outside any transport scope: no panic, nothing to note.
        at_one_revision(async { current().expect("inside").read_at(7) }).await;
        assert!(current().is_none(), "the scope ends with its future");
    }
}
