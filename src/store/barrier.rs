//! The write barrier: what lets a snapshot read the directory and the
//! runtime settings as they were at one point in time.
//!
//! Every change of the directory or the runtime settings is admitted by the
//! barrier in its store's one write path — the SQL store's
//! `SqlStore::change`, the LDAP store's `LdapStore::change`, etcd's put and
//! delete — and holds the admission until the change and its audit event are
//! written (a store records a change's audit event only through what the
//! admission gave it, so no write path can skip it). [`WriteBarrier::pause_writes`]
//! takes the exclusive side: it waits for the changes in flight to finish,
//! and until its guard is dropped new changes wait (they do not fail) while
//! reads go on. The lock is fair, so a waiting snapshot is not starved by a
//! stream of changes.
//!
//! The barrier is per process: with several replicas on one store it pauses
//! the changes made through the replica that takes the snapshot, not the
//! others' (README, "Snapshots").

use std::sync::Arc;

use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock};

/// Pauses changes while a snapshot reads. Clones share one barrier.
#[derive(Debug, Clone, Default)]
pub struct WriteBarrier {
    gate: Arc<RwLock<()>>,
}

/// While alive, no change passes its barrier.
pub type WritesPaused = OwnedRwLockWriteGuard<()>;

/// A change admitted by the barrier: held until the change is written.
pub type Admitted = OwnedRwLockReadGuard<()>;

impl WriteBarrier {
    /// Waits for the changes in flight, then holds back new ones until the
    /// returned guard is dropped.
    pub async fn pause_writes(&self) -> WritesPaused {
        self.gate.clone().write_owned().await
    }

    /// Admits one change (waiting while writes are paused).
    pub async fn admit(&self) -> Admitted {
        self.gate.clone().read_owned().await
    }
}
