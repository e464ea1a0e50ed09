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
//! it as `pbm-revision`; a request that read no snapshot sends the
//! replica's follower position instead, which never leaves a gap. A stream,
//! whose pages are read after its headers are sent, holds its snapshot in
//! the task that reads them ([`stream_at_one_revision`]); its headers wait
//! for the first page. On LDAP a stream of a tenant small enough is read
//! whole before its first page, like a list ([`read_whole_stream`]).
//!
//! LDAP has no snapshot. Its reads instead note, with [`watch_writes`], the
//! latest revision and that no write of their tenant was under way (no open
//! intent: an LDAP write is made between its intent and its record,
//! `store/ldap`), and the scope checks again after them that no write of the
//! tenant was under way or recorded since. Then the reads saw exactly the
//! changes up to that revision and the response reports it. Otherwise they
//! are read again (at most [`QUIET_ATTEMPTS`] times, a write lasts
//! milliseconds), the last time with the writes paused from before the
//! reads until after the check: this replica's by its write barrier
//! (`store::barrier`), and the tenant's LDAP writes of every replica by a
//! pause in the change log ([`ChangeLog::pause_writes`]: no replica writes
//! an intent of the tenant meanwhile), once the writes already under way
//! ended. A scope that still does not find its tenant quiet (a write that
//! outlasted the wait, reads that outlasted the pause, a log that could not
//! be read) reports the follower position, which may repeat a change but
//! never misses one.
//!
//! Both scopes are task-local: nothing is passed through the ports. A read
//! made while another read of the same scope holds the snapshot's
//! connection (reads in parallel) reads from the pool, outside it.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

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
    /// A stream's scope ([`stream_at_one_revision`]): its transaction is
    /// held as long as the stream is read, so the store opens it only while
    /// it has room ([`Snapshot::admit_long`]).
    long: bool,
    long_hold: std::sync::Mutex<LongHold>,
}

/// Whether a stream's scope may hold a transaction ([`Snapshot::admit_long`]).
#[derive(Default)]
enum LongHold {
    /// Not asked yet.
    #[default]
    Unasked,
    /// Admitted: the store's permit, held until the scope ends.
    Admitted { _permit: Box<dyn Any + Send + Sync> },
    /// Refused: the scope's reads go to the pool, and it reports no revision.
    Refused,
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
    /// The writes paused for the last attempt until the mark is checked
    /// and dropped.
    _paused: Option<WritesHeld>,
}

impl Snapshot {
    /// Notes the revision the snapshot's transaction read first.
    pub fn read_at(&self, revision: i64) {
        self.revision.note(revision);
    }

    /// Asked by a store before it opens the scope's transaction: whether
    /// it may. A list's scope may (it holds it for its reads only). A
    /// stream's may if `permit` answers one of the store's permits for long
    /// transactions, which the scope keeps until it ends; the first answer
    /// is the scope's, so that its reads are all in the snapshot or none.
    pub fn admit_long(&self, permit: impl FnOnce() -> Option<Box<dyn Any + Send + Sync>>) -> bool {
        if !self.long {
            return true;
        }
        let mut hold = self.long_hold.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if matches!(*hold, LongHold::Unasked) {
            *hold = permit().map_or(LongHold::Refused, |permit| LongHold::Admitted { _permit: permit });
        }
        matches!(*hold, LongHold::Admitted { .. })
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
pub async fn at_one_revision<T, F, Fut>(reads: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let (output, revision) = read_at_one_revision(reads).await;
    if let Some(revision) = revision {
        // Outside a transport's scope (a CLI, a test), nobody asked.
        let _ = RESPONSE_REVISION.try_with(|response| response.note(revision));
    }
    output
}

/// For a stream's reads from a store without snapshots (LDAP) that read
/// everything the stream sends before it sends any (a tenant read in one
/// search): makes `reads` like a list's, at one revision
/// ([`at_one_revision`]: read again when a write of the tenant overlapped
/// them, the last time with its writes paused), and answers what they read.
/// When that is something (`Some`) read at one revision, the revision is
/// the stream's, for its headers and its trailer. Outside a stream's scope
/// `reads` are made once, as they are (a backup's export, whose own pause
/// of the writes the last attempt would wait for).
pub async fn read_whole_stream<T, F, Fut>(mut reads: F) -> Result<Option<T>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let Some(stream) = current().filter(|scope| scope.long) else {
        return reads().await;
    };
    let (output, revision) = read_at_one_revision(reads).await;
    if let (Ok(Some(_)), Some(revision)) = (&output, revision) {
        stream.read_at(revision);
    }
    output
}

/// [`at_one_revision`]'s reads, answering the revision they were read at,
/// if any, rather than noting it for the response.
async fn read_at_one_revision<T, F, Fut>(mut reads: F) -> (Result<T>, Option<i64>)
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
        return (output, snapshot.revision.get());
    }
}

/// Signalled by a stream's reads once their first read is done
/// ([`stream_at_one_revision`]).
pub struct FirstRead(Option<tokio::sync::oneshot::Sender<()>>);

impl FirstRead {
    /// The first read is done (later calls do nothing): the response's
    /// headers may go.
    pub fn done(&mut self) {
        if let Some(sender) = self.0.take() {
            let _ = sender.send(());
        }
    }
}

/// Spawns a stream's `reads`, which go on after its response's headers are
/// sent, in one snapshot scope, and returns once their first read is done
/// (they call [`FirstRead::done`]) or they ended: the revision that read
/// noted is then the response's. On SQL the scope's transaction is held
/// until the reads end, so every page is read at that revision (it holds
/// back SQLite's checkpoints and PostgreSQL's vacuum as long); the reads
/// end it, or it is rolled back when their task is dropped. It also holds
/// one of the store's read connections, so the store admits only so many
/// such scopes at once ([`Snapshot::admit_long`]): the others read from its
/// pool as before and report the follower position. On LDAP a tenant read
/// whole before its first user is sent is read like a list
/// ([`read_whole_stream`]), and the headers report that revision; a stream
/// read in batches cannot check its tenant quiet before the headers go:
/// they report the follower position.
///
/// Answers what the stream's trailer may tell once the reads have ended:
/// the revision every one of them was read at — on SQL the snapshot's (the
/// headers' too), on LDAP the headers' when read whole, otherwise the
/// latest revision before the reads if no write
/// of their tenant was under way or recorded until after them (the check of
/// [`at_one_revision`], made once, after the stream). Nothing is sent when
/// neither holds.
pub async fn stream_at_one_revision<Fut>(reads: impl FnOnce(FirstRead) -> Fut) -> tokio::sync::oneshot::Receiver<i64>
where
    Fut: Future<Output = ()> + Send + 'static,
{
    let snapshot = Arc::new(Snapshot { long: true, ..Snapshot::default() });
    let (first_read, first_read_done) = tokio::sync::oneshot::channel();
    let (all_read, all_read_at) = tokio::sync::oneshot::channel();
    let reads = reads(FirstRead(Some(first_read)));
    let scope = snapshot.clone();
    tokio::spawn(SNAPSHOT.scope(snapshot.clone(), async move {
        reads.await;
        let transaction = scope.transaction.lock().await.take();
        if let Some(transaction) = transaction {
            transaction.end().await;
        }
        let quiet = scope.quiet.lock().await.take();
        let read_at = match quiet {
            Some(mark) => mark.held().await.then_some(mark.revision),
            None => scope.revision.get(),
        };
        if let Some(revision) = read_at {
            let _ = all_read.send(revision);
        }
    }));
    // Sent by the first read, or dropped as the reads ended without one.
    let _ = first_read_done.await;
    if let Some(revision) = snapshot.revision.get() {
        let _ = RESPONSE_REVISION.try_with(|response| response.note(revision));
    }
    all_read_at
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
    let paused = if snapshot.last_attempt { Some(WritesHeld::hold(log, barrier, tenant).await) } else { None };
    // Paused, the writes under way end within milliseconds: wait for them.
    let patience = tokio::time::Instant::now() + if paused.is_some() { WRITES_UNDER_WAY_WAIT } else { Duration::ZERO };
    let (revision, spoiled) = loop {
        match log.write_mark(tenant, None).await {
            Ok(mark) if mark.busy && tokio::time::Instant::now() < patience => {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            Ok(mark) => break (mark.latest, mark.busy),
            Err(e) => {
                tracing::warn!(error = %e, "the change log could not be read for a list's revision");
                break (0, true);
            }
        }
    };
    // A write was under way already: nothing to hold the others back for.
    let paused = paused.filter(|_| !spoiled);
    let tenant = tenant.map(str::to_owned);
    *quiet = Some(QuietMark { log: log.clone(), tenant, revision, spoiled, _paused: paused });
}

/// The writes held back for a scope's last attempt: this replica's (its
/// write barrier), and the intents of the tenant's changes of every replica
/// (a pause in the change log, lapsing after [`ACROSS_REPLICAS_PAUSE`] if
/// this replica dies first). Dropped, both resume.
struct WritesHeld {
    _here: WritesPaused,
    across: Option<(Arc<dyn ChangeLog>, String)>,
}

/// The longest the writes of other replicas wait for one list: past it a
/// list still reading may be overlapped, and then answers the follower
/// position.
const ACROSS_REPLICAS_PAUSE: Duration = Duration::from_secs(5);

/// How long a last attempt waits for the writes already under way (their
/// intents open) to end before it reads. An LDAP write takes milliseconds,
/// more on a loaded machine. An intent left open by a replica killed
/// mid-write stays open until its recovery (up to 120 s), and every last
/// attempt of its tenant's lists meanwhile waits this long, this replica's
/// writes paused, before it gives up.
const WRITES_UNDER_WAY_WAIT: Duration = Duration::from_secs(1);

impl WritesHeld {
    async fn hold(log: &Arc<dyn ChangeLog>, barrier: &WriteBarrier, tenant: Option<&str>) -> Self {
        let here = barrier.pause_writes().await;
        let until = crate::domain::now() + ACROSS_REPLICAS_PAUSE;
        let across = match log.pause_writes(tenant, until).await {
            Ok(pause) => Some((log.clone(), pause)),
            Err(e) => {
                tracing::warn!(error = %e, "the writes of other replicas could not be paused for a list");
                None
            }
        };
        Self { _here: here, across }
    }
}

impl Drop for WritesHeld {
    fn drop(&mut self) {
        let Some((log, pause)) = self.across.take() else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(e) = log.resume_writes(&pause).await {
                    tracing::warn!(error = %e, "a pause of the writes of other replicas lapses instead of ending");
                }
            });
        }
    }
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
