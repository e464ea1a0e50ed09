//! The change feed of one replica: how far it has followed the change log,
//! and the records it followed, broadcast to the watchers of
//! WatchDirectory. The follower task (`runtime::feed`) reads the log and
//! calls [`ChangeFeed::delivered`]; watchers [`ChangeFeed::subscribe`].
//!
//! The broadcast is a bounded ring: a watcher that falls behind it reads
//! the records it missed from the store again (the log is the source of
//! truth; the ring only spares the store the reads of watchers that keep
//! up), so memory does not grow with slow watchers.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use tokio::sync::broadcast;

use super::watch::FeedItem;

/// Batches of records the ring holds for watchers that lag.
const RING_BATCHES: usize = 1024;

/// What the follower tells watchers.
#[derive(Debug, Clone)]
pub enum FeedEvent {
    /// Records followed, in revision order, with their objects (read once
    /// for every watcher).
    Records(Arc<[Arc<FeedItem>]>),
    /// The log cannot be read (the store is unreachable): watchers end with
    /// UNAVAILABLE and resume later from their last revision.
    Unavailable(String),
}

/// The change feed of this replica.
pub struct ChangeFeed {
    applied: AtomicI64,
    sender: broadcast::Sender<FeedEvent>,
}

impl Default for ChangeFeed {
    fn default() -> Self {
        Self { applied: AtomicI64::new(0), sender: broadcast::channel(RING_BATCHES).0 }
    }
}

impl ChangeFeed {
    /// The revision this replica has followed the log to: every change up
    /// to it has reached its caches and its watchers.
    pub fn applied(&self) -> i64 {
        self.applied.load(Ordering::SeqCst)
    }

    /// Receives what the follower tells watchers from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<FeedEvent> {
        self.sender.subscribe()
    }

    /// The follower starts at `revision` (nothing to deliver before it).
    pub fn start_at(&self, revision: i64) {
        self.applied.fetch_max(revision, Ordering::SeqCst);
    }

    /// Whether anybody watches (the follower reads objects only then).
    pub fn watched(&self) -> bool {
        self.sender.receiver_count() > 0
    }

    /// The follower applied the records of `items` to the caches: watchers
    /// get them, and the feed stands at `revision` (the last record read,
    /// which `items` may leave out when nobody watches).
    pub fn delivered(&self, revision: i64, items: Vec<FeedItem>) {
        if !items.is_empty() {
            // No receiver is not an error: the last watcher just went.
            let _ = self.sender.send(FeedEvent::Records(items.into_iter().map(Arc::new).collect()));
        }
        self.applied.fetch_max(revision, Ordering::SeqCst);
    }

    /// The follower cannot read the log.
    pub fn unavailable(&self, what: String) {
        let _ = self.sender.send(FeedEvent::Unavailable(what));
    }
}
