//! BackupService: the directory exported and imported as LDIF (guide §3.2),
//! superadmin only.
//!
//! The LDIF is exactly what the LDAP backend writes — the entries come from
//! [`LdifMapping`], the mapping the LDAP store itself uses — under the root
//! DN `psn/cab/root_dn` (default [`DEFAULT_ROOT`]), whichever backend pbm
//! runs on: `ldapadd` loads an export into a directory with pbm's schema,
//! and an import reads pbm's exports and `ldapsearch` dumps of a pbm
//! directory. Exports stream page by page through the directory ports at
//! constant memory and include password hashes, soft-deleted users and
//! web-domain private keys (secret material: see the README).
//!
//! An import first spools the input to a private temporary file and
//! validates all of it — LDIF syntax, DNs under the root, pbm's classes and
//! attributes only, complete objects, references between them — before it
//! changes anything; an error names the line. It then applies the objects
//! kind by kind (tenants and mail domains, web domains, resource groups,
//! resources, users, mailing lists), each object with its addresses in one
//! store transaction and its own audit event (new users in atomic batches
//! of up to [`USER_BATCH`], one event per batch), reporting progress, and
//! ends with one audit event carrying the counts. Every 100 objects it records a
//! checkpoint ([`crate::ports::ImportJournal`], SQL service state): an
//! interrupted import is resumed by its id with the same input (checked by
//! SHA-256) and mode, skipping what the checkpoint covers; objects applied
//! after it are found again (unchanged with add-missing, rewritten the same
//! with replace). Re-running the whole import finishes it too.
//!
//! One file per part: `export.rs` (LDIF out, in chunks), `validate.rs` (the
//! whole input checked before anything changes), `import.rs` (applying,
//! checkpoints, resuming), `settings_dump.rs` (runtime settings in
//! `etcdctl get` format), `spool.rs` (private temporary files of inputs and
//! archives), and `snapshot.rs` (directory, settings and audit trail at one
//! point in time, restored into an empty installation) on top of them.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use futures::Stream;
use futures::stream::BoxStream;
use tokio::sync::mpsc;

use super::{Caller, Core, RequestContext};
use crate::domain::AuditEvent;
use crate::error::{Error, Result};
use crate::store::ldap::LdifMapping;

mod export;
mod import;
mod settings_dump;
mod snapshot;
mod spool;
mod validate;

use export::*;
use import::*;
use settings_dump::*;
pub use settings_dump::{read_settings_dump, write_settings_dump};
pub use spool::sweep_stale_spools;
use spool::*;
use validate::*;

const EXPORT_DIRECTORY: &str = "pbm.v2.BackupService/ExportDirectory";
const IMPORT_DIRECTORY: &str = "pbm.v2.BackupService/ImportDirectory";
const DUMP_SETTINGS: &str = "pbm.v2.BackupService/DumpSettings";
const RESTORE_SETTINGS: &str = "pbm.v2.BackupService/RestoreSettings";

/// Largest settings dump a restore reads.
const MAX_SETTINGS_DUMP: usize = 4 * 1024 * 1024;

/// Root DN of pbm's LDIF when `psn/cab/root_dn` is not set.
pub const DEFAULT_ROOT: &str = "dc=pbm,dc=local";

/// Objects read from the stores per page while exporting.
const PAGE: usize = 200;

/// Bytes of LDIF per streamed chunk.
const CHUNK: usize = 64 * 1024;

/// Entries applied between two progress messages.
const PROGRESS_EVERY: u64 = 100;

/// New users an import writes in one atomic bulk write.
const USER_BATCH: usize = 100;

/// How an import treats objects that already exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Leave them untouched, add only the absent ones (the guide's default).
    AddMissing,
    /// Overwrite them with the imported values (the guide's "clean first").
    Replace,
}

/// Options of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Add-missing or replace.
    pub mode: ImportMode,
    /// Only count what would change.
    pub dry_run: bool,
    /// Resume the interrupted import with this id (same input, same mode).
    pub resume_id: Option<String>,
}

impl ImportMode {
    fn name(self) -> &'static str {
        match self {
            Self::AddMissing => "add-missing",
            Self::Replace => "replace",
        }
    }
}

/// Progress of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportProgress {
    /// Id of the import (in its audit event).
    pub import_id: String,
    /// Entries read so far (containers and address claims included).
    pub entries_read: i64,
    /// Objects added.
    pub added: i64,
    /// Objects overwritten.
    pub replaced: i64,
    /// Objects that existed and were left as they were (or equal).
    pub unchanged: i64,
    /// Whether the import has finished.
    pub done: bool,
}

/// The backup service.
#[derive(Clone)]
pub struct Backup(pub(crate) Arc<Core>);

impl Backup {
    /// The LDIF mapping under the root in force.
    fn mapping(&self) -> LdifMapping {
        mapping_of(&self.0)
    }
}

/// The mapping under `psn/cab/root_dn` (or [`DEFAULT_ROOT`]).
fn mapping_of(core: &Core) -> LdifMapping {
    let settings = core.settings.current();
    let root = settings.get("psn/cab/root_dn").map(str::trim).filter(|r| !r.is_empty()).unwrap_or(DEFAULT_ROOT);
    LdifMapping::new(root, &settings)
}

fn new_import_id() -> String {
    use rand::RngCore as _;
    let mut bytes = [0u8; 8];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}
