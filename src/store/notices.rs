//! Commit notices: how the rest of this process learns, at once, of the
//! changes its own stores committed.
//!
//! A store publishes the records of a change right after its commit, before
//! the write returns to the service, so that the caches of this replica drop
//! what changed before the caller can read it again (README "Change feed").
//! Subscribers are called synchronously and must be quick (they drop cache
//! entries); the change feed is only woken, and reads the log itself. Other
//! replicas learn of the same changes from the log.

use std::sync::{Arc, RwLock};

use tokio::sync::Notify;

use crate::domain::ChangeRecord;

/// A subscriber: called with the records of each commit.
type Subscriber = Box<dyn Fn(&[ChangeRecord]) + Send + Sync>;

/// The in-process notice board of committed changes. Clones share it.
#[derive(Clone, Default)]
pub struct CommitNotices {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    subscribers: RwLock<Vec<Subscriber>>,
    committed: Notify,
}

impl std::fmt::Debug for CommitNotices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommitNotices").finish_non_exhaustive()
    }
}

impl CommitNotices {
    /// Calls `subscriber` with the records of every later commit.
    pub fn subscribe(&self, subscriber: impl Fn(&[ChangeRecord]) + Send + Sync + 'static) {
        self.inner.subscribers.write().unwrap_or_else(|e| e.into_inner()).push(Box::new(subscriber));
    }

    /// Tells every subscriber of `records`, just committed, and wakes the
    /// task waiting in [`CommitNotices::committed`].
    pub fn published(&self, records: &[ChangeRecord]) {
        if records.is_empty() {
            return;
        }
        for subscriber in self.inner.subscribers.read().unwrap_or_else(|e| e.into_inner()).iter() {
            subscriber(records);
        }
        self.inner.committed.notify_one();
    }

    /// Waits for a commit that published records (one waiter: the change
    /// feed; a commit while it was not waiting wakes its next wait at once).
    pub async fn committed(&self) {
        self.inner.committed.notified().await;
    }
}
