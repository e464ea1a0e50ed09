//! The sync engine: every sync from an outside source (the company
//! directory's accounts, its people into the address book and its groups
//! into mailing lists; Bitrix24's users into the address book) reads the
//! source into a list of *desired* entries keyed by the source's stable
//! id, and one [`reconcile`] step diffs them against what
//! this source created before (its links) into a [`Plan`] of adds, updates
//! and removals. A dry run stops at the plan; a real run applies it through
//! the same store writes the services use, each with its audit event, and
//! records the result counts in one more audit event.
//!
//! - Keyed by stable id: a rename at the source is an update.
//! - Idempotent: a second run finds every entry equal and changes nothing.
//! - Scoped: a sync touches only objects it created (its links); an address
//!   already held by anything else is reported as a conflict, never taken.
//! - Incremental passes read only the entries changed since the last mark
//!   and never remove; a full pass (periodic, or asked for) finds removals.
//! - Interruption-safe: every applied change is recorded with its link
//!   right after it, so a run that stops midway leaves consistent objects,
//!   and the next run finishes the job.
//! - Progress: a run reports its phase and counts to a [`Progress`] sink,
//!   which `UserService.RunSync` streams (the unary calls and the periodic
//!   sync pass a silent one).

pub mod accounts;
pub mod bitrix24;
pub mod contacts;
pub mod lists;

use std::{collections::HashMap, sync::Arc};

use tokio::sync::watch;

use crate::directory::{ConnectionSettings, DirectoryReader, SourceEntry};
use crate::error::Result;

pub use accounts::AccountSync;
pub use bitrix24::Bitrix24Sync;
pub use contacts::ContactSync;
pub use lists::ListSync;

/// Something keyed by a source's stable id.
pub trait Keyed {
    /// The stable id.
    fn key(&self) -> &str;
}

/// What a sync would do (or did).
#[derive(Debug)]
pub struct Plan<D, C> {
    /// Entries of the source without a local object yet.
    pub create: Vec<D>,
    /// Entries whose local object differs: (desired, current).
    pub update: Vec<(D, C)>,
    /// Entries equal to their local object: (desired, current).
    pub unchanged: Vec<(D, C)>,
    /// Local objects whose entry is gone from the source (full passes only).
    pub remove: Vec<C>,
}

/// Diffs the desired entries of a source against the local objects it
/// created. `full`: the desired list is the whole source, so a local object
/// missing from it is removed; otherwise (an incremental pass) it is kept.
pub fn reconcile<D: Keyed, C: Keyed>(
    desired: Vec<D>,
    current: Vec<C>,
    full: bool,
    same: impl Fn(&D, &C) -> bool,
) -> Plan<D, C> {
    let mut current: HashMap<String, C> = current.into_iter().map(|c| (c.key().to_owned(), c)).collect();
    let mut plan = Plan { create: Vec::new(), update: Vec::new(), unchanged: Vec::new(), remove: Vec::new() };
    for d in desired {
        match current.remove(d.key()) {
            None => plan.create.push(d),
            Some(c) if same(&d, &c) => plan.unchanged.push((d, c)),
            Some(c) => plan.update.push((d, c)),
        }
    }
    if full {
        let mut gone: Vec<C> = current.into_values().collect();
        gone.sort_by(|a, b| a.key().cmp(b.key()));
        plan.remove = gone;
    }
    plan
}

/// The syncs there are (`UserService.RunSync` runs any of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    /// The accounts the company directory owns.
    Accounts,
    /// The address book from the company directory.
    AddressBookAd,
    /// The address book from Bitrix24.
    AddressBookBitrix24,
    /// The mailing lists from the company directory's groups.
    MailListsAd,
}

impl SyncKind {
    /// The unary RPC that runs this sync: whose scope an API key needs.
    pub fn rpc(self) -> &'static str {
        match self {
            Self::Accounts => "SyncAccounts",
            Self::AddressBookAd | Self::AddressBookBitrix24 => "SyncAddressBook",
            Self::MailListsAd => "SyncMailLists",
        }
    }
}

/// Where a running sync is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SyncPhase {
    /// Opening the connection to the source.
    #[default]
    Connecting,
    /// Reading the source's entries.
    Reading,
    /// Diffing them against what the source made before.
    Planning,
    /// Writing the changes.
    Applying,
}

/// A running sync's phase and counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncState {
    /// The phase.
    pub phase: SyncPhase,
    /// Entries read so far.
    pub read: u64,
    /// Changes to write (known from [`SyncPhase::Applying`] on).
    pub planned: u64,
    /// Changes written so far.
    pub applied: u64,
}

/// Where a sync reports its progress: a `watch` channel, so a reader that
/// falls behind sees the newest state and never holds the sync back; or
/// nothing (the unary calls, the periodic sync).
#[derive(Debug, Clone, Default)]
pub struct Progress(Option<Arc<watch::Sender<SyncState>>>);

impl Progress {
    /// A sink nobody reads.
    pub fn silent() -> Self {
        Self(None)
    }

    /// A sink and the receiver of its states.
    pub fn channel() -> (Self, watch::Receiver<SyncState>) {
        let (sender, receiver) = watch::channel(SyncState::default());
        (Self(Some(Arc::new(sender))), receiver)
    }

    fn update(&self, change: impl FnOnce(&mut SyncState)) {
        if let Some(sender) = &self.0 {
            sender.send_modify(change);
        }
    }

    /// Enters `phase`.
    pub fn phase(&self, phase: SyncPhase) {
        self.update(|s| s.phase = phase);
    }

    /// `read` entries have been read so far.
    pub fn read(&self, read: u64) {
        self.update(|s| {
            s.phase = SyncPhase::Reading;
            s.read = read;
        });
    }

    /// The run starts writing `planned` changes.
    pub fn applying(&self, planned: u64) {
        self.update(|s| {
            s.phase = SyncPhase::Applying;
            s.planned = planned;
        });
    }

    /// One more change was written (or left out as a conflict).
    pub fn applied_one(&self) {
        self.update(|s| s.applied += 1);
    }
}

/// Reads every entry `filter` matches under `base` (its setting
/// `base_setting` named in errors) with one session of the directory
/// reader, reporting the connection, the count as it grows and the start of
/// the planning to `progress`.
pub(crate) async fn read_source(
    connection: &ConnectionSettings,
    (base, base_setting): (&str, &str),
    filter: &str,
    attributes: &[String],
    progress: &Progress,
) -> Result<Vec<SourceEntry>> {
    /// Entries between two reports of the count.
    const REPORT_EVERY: usize = 100;
    progress.phase(SyncPhase::Connecting);
    let reader = DirectoryReader::new(connection)?;
    let mut session = reader.open().await?;
    progress.read(0);
    let mut found = Vec::new();
    let searched = session
        .search(base, base_setting, filter, attributes, |entry| {
            found.push(entry);
            if found.len() % REPORT_EVERY == 0 {
                progress.read(found.len() as u64);
            }
            Ok(())
        })
        .await;
    session.close().await;
    searched?;
    progress.read(found.len() as u64);
    progress.phase(SyncPhase::Planning);
    Ok(found)
}

/// The outcome of a sync, as the RPC, the route and the CLI report it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Nothing was written.
    pub dry_run: bool,
    /// A full pass (removals found) rather than an incremental one.
    pub full: bool,
    /// Entries read from the source.
    pub read: u64,
    /// Objects created.
    pub created: u64,
    /// Objects updated (blocks and unblocks included).
    pub updated: u64,
    /// Of the updates, accounts blocked because the source disabled them.
    pub blocked: u64,
    /// Objects removed (soft-deleted).
    pub removed: u64,
    /// Entries equal to their object.
    pub unchanged: u64,
    /// What the run did or would do, one line per change
    /// (`create ivan.petrov@corp.test`, `update …: given_name, aliases`).
    pub changes: Vec<String>,
    /// Entries left alone, with the reason (an address held by a local
    /// user, a value pbm refuses, …).
    pub conflicts: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct E(&'static str, i32);
    impl Keyed for E {
        fn key(&self) -> &str {
            self.0
        }
    }

    #[test]
    fn progress_keeps_the_newest_state_and_a_silent_sink_costs_nothing() {
        let (progress, receiver) = Progress::channel();
        progress.read(10);
        progress.read(20);
        progress.applying(3);
        progress.applied_one();
        let state = *receiver.borrow();
        assert_eq!(state, SyncState { phase: SyncPhase::Applying, read: 20, planned: 3, applied: 1 });
        Progress::silent().applied_one();
    }

    #[test]
    fn plans_adds_updates_and_removals_by_key() {
        let desired = vec![E("a", 1), E("b", 2), E("c", 3)];
        let current = vec![E("b", 2), E("c", 4), E("d", 5)];
        let plan = reconcile(desired.clone(), current.clone(), true, |d, c| d.1 == c.1);
        assert_eq!(plan.create, [E("a", 1)]);
        assert_eq!(plan.update, [(E("c", 3), E("c", 4))]);
        assert_eq!(plan.unchanged.len(), 1);
        assert_eq!(plan.remove, [E("d", 5)]);
        // incremental: nothing is removed
        let plan = reconcile(desired, current, false, |d, c| d.1 == c.1);
        assert!(plan.remove.is_empty());
    }
}
