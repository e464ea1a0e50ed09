//! The sync engine: every sync from an outside source (the company
//! directory's accounts today; its address book and groups, and Bitrix24,
//! next) reads the source into a list of *desired* entries keyed by the
//! source's stable id, and one [`reconcile`] step diffs them against what
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

pub mod accounts;
pub mod contacts;

use std::collections::HashMap;

pub use accounts::AccountSync;
pub use contacts::ContactSync;

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
