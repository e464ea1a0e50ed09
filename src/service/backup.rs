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
//! Snapshots — directory, settings and audit trail at one point in time,
//! restored into an empty installation — are in the `snapshot` module, on top of the
//! export and the import here.

use std::collections::BTreeMap;
use std::io::{BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::stream::BoxStream;
use futures::{Stream, StreamExt as _};
use tokio::sync::mpsc;

use super::{Caller, Core, RequestContext};
use crate::domain::{AuditEvent, MailDomain, MailDomainField, ResourceGroup, Tenant, User};
use crate::error::{Error, Result};
use crate::ldif::{self, LdifEntry, LdifReader};
use crate::store::ldap::{LdifMapping, LdifObject};

mod snapshot;

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

    /// Streams the directory — or one tenant — as LDIF, in chunks.
    pub async fn export(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
    ) -> Result<impl Stream<Item = Result<Vec<u8>>> + Send + 'static> {
        let caller = self.0.authenticate(ctx).await?;
        let target = if tenant_id.is_empty() { "directory".to_owned() } else { format!("tenant:{tenant_id}") };
        self.0
            .audited(ctx, EXPORT_DIRECTORY, tenant_id, &target, async {
                caller.require_superadmin()?;
                if !tenant_id.is_empty() {
                    self.0.existing_tenant(tenant_id).await?;
                }
                Ok(())
            })
            .await?;
        let (tx, rx) = mpsc::channel::<Result<Vec<u8>>>(4);
        let (core, mapping, tenant) = (self.0.clone(), self.mapping(), tenant_id.to_owned());
        let event = self.0.event(ctx, &caller, EXPORT_DIRECTORY, tenant_id, target);
        tokio::spawn(async move {
            let mut writer = ChunkWriter { tx, buffer: Vec::with_capacity(CHUNK), entries: 0 };
            let outcome = export_into(&core, &mapping, &tenant, &mut writer).await;
            let mut event = event;
            match &outcome {
                Ok(()) => event.detail = format!("{} entries", writer.entries),
                Err(e) => {
                    event.result = e.code_name().to_owned();
                    event.detail = format!("failed after {} entries: {e}", writer.entries);
                }
            }
            if let Err(e) = core.audit.append(&event).await {
                tracing::warn!(error = %e, "could not record an export in the audit trail");
            }
            match outcome {
                Ok(()) => {
                    let _ = writer.flush().await;
                }
                Err(e) => {
                    let _ = writer.tx.send(Err(e)).await;
                }
            }
        });
        Ok(tokio_stream::wrappers::ReceiverStream::new(rx))
    }

    /// Imports LDIF: `data` is the input, streamed; the answer streams
    /// progress. Nothing changes unless the whole input is valid.
    pub async fn import(
        &self,
        ctx: &RequestContext,
        options: ImportOptions,
        data: BoxStream<'static, Result<Vec<u8>>>,
    ) -> Result<impl Stream<Item = Result<ImportProgress>> + Send + 'static> {
        let caller = self.0.authenticate(ctx).await?;
        self.0.audited(ctx, IMPORT_DIRECTORY, "", "directory", async { caller.require_superadmin() }).await?;
        let import_id = options.resume_id.clone().unwrap_or_else(new_import_id);
        let spool = Spool::create(&format!("pbm-import-{}.ldif", new_import_id()))?;
        let (validated, input_sha256, resumed, running) = self
            .0
            .audited(ctx, IMPORT_DIRECTORY, "", "directory", async {
                let running = Running::claim(&import_id)?;
                let resumed = match &options.resume_id {
                    None => None,
                    Some(id) => Some(self.resumable(id, &options).await?),
                };
                let input_sha256 = spool.fill(data).await?;
                if let Some(checkpoint) = &resumed
                    && checkpoint.input_sha256 != input_sha256
                {
                    return Err(Error::FailedPrecondition(format!(
                        "import {}: the input differs from the one it was started with",
                        checkpoint.id
                    )));
                }
                let validated = validate(&self.0, &self.mapping(), spool.path()).await?;
                Ok((validated, input_sha256, resumed, running))
            })
            .await?;
        let (tx, rx) = mpsc::channel::<Result<ImportProgress>>(8);
        let mut importer =
            self.importer(ctx, caller, options, self.mapping(), import_id, resumed.as_ref(), input_sha256, tx);
        importer.running = Some(running);
        tokio::spawn(importer.run(spool, validated));
        Ok(tokio_stream::wrappers::ReceiverStream::new(rx))
    }

    /// The importer of a validated input, starting where `resumed` stopped.
    #[allow(clippy::too_many_arguments)]
    fn importer(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        options: ImportOptions,
        mapping: LdifMapping,
        import_id: String,
        resumed: Option<&crate::ports::ImportCheckpoint>,
        input_sha256: String,
        tx: mpsc::Sender<Result<ImportProgress>>,
    ) -> Importer {
        let mut progress = ImportProgress { import_id, ..Default::default() };
        let mut skip = 0;
        if let Some(checkpoint) = resumed {
            skip = checkpoint.applied;
            (progress.added, progress.replaced, progress.unchanged) =
                (checkpoint.added, checkpoint.replaced, checkpoint.unchanged);
        }
        Importer {
            core: self.0.clone(),
            ctx: ctx.clone(),
            caller,
            options,
            mapping,
            progress,
            position: 0,
            skip,
            input_sha256,
            tx,
            running: None,
        }
    }
}

/// Ids of the imports (and restores) running in this process.
static RUNNING: std::sync::Mutex<std::collections::BTreeSet<String>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// An import id claimed while its import runs here, released when dropped:
/// resuming an import that has not stopped yet is refused rather than
/// raced.
struct Running(String);

impl Running {
    fn claim(id: &str) -> Result<Self> {
        let mut running = RUNNING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !running.insert(id.to_owned()) {
            return Err(Error::FailedPrecondition(format!(
                "import {id} is still running: resume it once it has stopped"
            )));
        }
        Ok(Self(id.to_owned()))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&self.0);
    }
}

impl Backup {
    /// The runtime settings — the values in etcd, or in the store when pbm
    /// runs without etcd — whose keys start with `prefix`, in the format
    /// `etcdctl get --prefix ''` prints: a key line, then a value line.
    /// Secrets are included in clear: a dump is secret material.
    pub async fn dump_settings(&self, ctx: &RequestContext, prefix: &str) -> Result<Vec<u8>> {
        let caller = self.0.authenticate(ctx).await?;
        let target = format!("settings:{prefix}");
        self.0.audited(ctx, DUMP_SETTINGS, "", &target, async { caller.require_superadmin() }).await?;
        let values = self.0.runtime_settings.load().await?;
        let dump = write_settings_dump(values.iter().filter(|(key, _)| key.starts_with(prefix)))?;
        let mut event = self.0.event(ctx, &caller, DUMP_SETTINGS, "", target);
        event.detail = format!(
            "{} keys from {}",
            values.keys().filter(|k| k.starts_with(prefix)).count(),
            self.0.runtime_settings.name()
        );
        if let Err(e) = self.0.audit.append(&event).await {
            tracing::warn!(error = %e, "could not record a settings dump in the audit trail");
        }
        Ok(dump)
    }

    /// Restores a dump in that format into the runtime source. Every key
    /// pbm declares is validated — alone and all together with the values
    /// in force — before any is written; keys pbm does not know (other
    /// services sharing the etcd keyspace) are skipped. Returns the number
    /// of keys written.
    pub async fn restore_settings(
        &self,
        ctx: &RequestContext,
        data: BoxStream<'static, Result<Vec<u8>>>,
    ) -> Result<i32> {
        let caller = self.0.authenticate(ctx).await?;
        self.0.audited(ctx, RESTORE_SETTINGS, "", "settings", self.do_restore_settings(ctx, &caller, data)).await
    }

    async fn do_restore_settings(
        &self,
        ctx: &RequestContext,
        caller: &Caller,
        mut data: BoxStream<'static, Result<Vec<u8>>>,
    ) -> Result<i32> {
        caller.require_superadmin()?;
        let mut bytes = Vec::new();
        while let Some(chunk) = data.next().await {
            bytes.extend(chunk?);
            if bytes.len() > MAX_SETTINGS_DUMP {
                return Err(Error::invalid("data", format!("a settings dump is at most {MAX_SETTINGS_DUMP} bytes")));
            }
        }
        let checked = self.check_settings_dump(&bytes)?;
        self.write_settings(ctx, caller, RESTORE_SETTINGS, &checked).await?;
        Ok(checked.normal.len() as i32)
    }

    /// Reads a settings dump and validates every key pbm declares, alone
    /// and all together with the values in force; changes nothing.
    fn check_settings_dump(&self, bytes: &[u8]) -> Result<CheckedSettings> {
        let pairs = read_settings_dump(bytes)?;
        let (mut known, mut skipped) = (BTreeMap::new(), 0usize);
        for (key, value, _) in &pairs {
            if crate::settings::keys::find(key).is_some() {
                known.insert(key.clone(), value.clone());
            } else {
                skipped += 1;
            }
        }
        let (normal, settings) =
            self.0.settings.preview(&known).map_err(|e| match pairs.iter().find(|(k, _, _)| *k == e.key) {
                Some((_, _, line)) => Error::invalid("data", format!("line {line}: {}: {}", e.key, e.reason)),
                None => Error::invalid("data", format!("with the values in force, {}: {}", e.key, e.reason)),
            })?;
        Ok(CheckedSettings { normal, skipped, settings })
    }

    /// Writes checked settings into the runtime source and applies them
    /// here, each key with its audit event, then one event for the whole.
    async fn write_settings(
        &self,
        ctx: &RequestContext,
        caller: &Caller,
        rpc: &str,
        checked: &CheckedSettings,
    ) -> Result<()> {
        for (key, value) in &checked.normal {
            let event = self.0.event(ctx, caller, rpc, "", format!("setting:{key}"));
            self.0.runtime_settings.put(key, value, &event).await?;
            self.0
                .settings
                .apply(key, Some(value))
                .map_err(|e| Error::invalid("data", format!("{}: {}", e.key, e.reason)))?;
        }
        let mut event = self.0.event(ctx, caller, rpc, "", "settings");
        event.detail = format!(
            "{} keys written to {}, {} keys of other services skipped",
            checked.normal.len(),
            self.0.runtime_settings.name(),
            checked.skipped
        );
        if let Err(e) = self.0.audit.append(&event).await {
            tracing::warn!(error = %e, "could not record a settings restore in the audit trail");
        }
        Ok(())
    }
}

/// A settings dump validated against the values in force.
struct CheckedSettings {
    /// The keys pbm declares, with normalized values.
    normal: BTreeMap<String, String>,
    /// Keys of other services, not written.
    skipped: usize,
    /// The settings in force once `normal` is written.
    settings: crate::settings::Settings,
}

/// Writes key and value lines as `etcdctl get --prefix ''` does. A value
/// holding a line break could not be read back: refused.
pub fn write_settings_dump<'a>(values: impl Iterator<Item = (&'a String, &'a String)>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for (key, value) in values {
        if key.contains('\n') || value.contains('\n') {
            return Err(Error::FailedPrecondition(format!("setting {key} holds a line break: it cannot be dumped")));
        }
        out.extend_from_slice(key.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(value.as_bytes());
        out.push(b'\n');
    }
    Ok(out)
}

/// Reads a dump: (key, value, line of the key) pairs.
pub fn read_settings_dump(bytes: &[u8]) -> Result<Vec<(String, String, usize)>> {
    let text = std::str::from_utf8(bytes).map_err(|_| Error::invalid("data", "a settings dump is UTF-8 text"))?;
    let mut lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    if !lines.len().is_multiple_of(2) {
        return Err(Error::invalid(
            "data",
            format!("line {}: a key without a value line (the format is a key line, then a value line)", lines.len()),
        ));
    }
    let mut pairs = Vec::with_capacity(lines.len() / 2);
    for (i, pair) in lines.chunks(2).enumerate() {
        let line = 2 * i + 1;
        let key = pair[0].trim();
        if key.is_empty() {
            return Err(Error::invalid("data", format!("line {line}: an empty key")));
        }
        pairs.push((key.to_owned(), pair[1].to_owned(), line));
    }
    Ok(pairs)
}

impl Backup {
    /// The checkpoint of an import that can be resumed with these options.
    async fn resumable(&self, id: &str, options: &ImportOptions) -> Result<crate::ports::ImportCheckpoint> {
        if options.dry_run {
            return Err(Error::invalid("options.resume_id", "a dry run is not resumed: run it again"));
        }
        let checkpoint = self.0.imports.load_import(id).await?.ok_or_else(|| Error::not_found("import", id))?;
        if checkpoint.done {
            return Err(Error::FailedPrecondition(format!("import {id} has finished")));
        }
        if checkpoint.mode != options.mode.name() {
            return Err(Error::invalid("options.mode", format!("import {id} ran in mode {}", checkpoint.mode)));
        }
        Ok(checkpoint)
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

/// Buffers LDIF and sends it in chunks of about [`CHUNK`] bytes.
struct ChunkWriter {
    tx: mpsc::Sender<Result<Vec<u8>>>,
    buffer: Vec<u8>,
    entries: u64,
}

impl ChunkWriter {
    async fn entry(&mut self, entry: &LdifEntry) -> Result<()> {
        ldif::write_entry(&mut self.buffer, entry).map_err(Error::internal)?;
        self.entries += 1;
        if self.buffer.len() >= CHUNK { self.flush().await } else { Ok(()) }
    }

    async fn entries(&mut self, entries: &[LdifEntry]) -> Result<()> {
        for entry in entries {
            self.entry(entry).await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        // The client went away: stop reading the stores.
        self.tx.send(Ok(chunk)).await.map_err(|_| Error::Unavailable("the export was cancelled".into()))
    }
}

/// Writes the export: containers, then per tenant its entry, mail
/// domains, resource groups and resources, users (live, then
/// soft-deleted) and mailing lists; web domains last (whole exports only).
async fn export_into(core: &Core, mapping: &LdifMapping, tenant_id: &str, out: &mut ChunkWriter) -> Result<()> {
    ldif::write_header(&mut out.buffer).map_err(Error::internal)?;
    out.entries(&mapping.containers()?).await?;
    let dir = &core.directory;
    if tenant_id.is_empty() {
        let mut after: Option<String> = None;
        loop {
            let tenants = dir.list_tenants(after.as_deref(), PAGE).await?;
            for tenant in &tenants {
                export_tenant(core, mapping, tenant, out).await?;
            }
            match tenants.last() {
                Some(last) if tenants.len() == PAGE => after = Some(last.id.clone()),
                _ => break,
            }
        }
        let mut after: Option<String> = None;
        loop {
            let domains = dir.list_web_domains(after.as_deref(), PAGE).await?;
            for domain in &domains {
                let key = dir
                    .web_domain_key(&domain.name)
                    .await?
                    .ok_or_else(|| Error::internal(anyhow::anyhow!("web domain {} has no key", domain.name)))?;
                out.entry(&mapping.web_domain(domain, &key)?).await?;
            }
            match domains.last() {
                Some(last) if domains.len() == PAGE => after = Some(last.name.clone()),
                _ => break,
            }
        }
    } else {
        let tenant = core.existing_tenant(tenant_id).await?;
        export_tenant(core, mapping, &tenant, out).await?;
    }
    Ok(())
}

async fn export_tenant(core: &Core, mapping: &LdifMapping, tenant: &Tenant, out: &mut ChunkWriter) -> Result<()> {
    let dir = &core.directory;
    let id = tenant.id.as_str();
    out.entry(&mapping.tenant(tenant)).await?;
    for domain in dir.list_mail_domains(id).await? {
        out.entry(&mapping.mail_domain(&domain)).await?;
    }
    let mut after_group: Option<String> = None;
    loop {
        let groups = dir.list_resource_groups(id, after_group.as_deref(), PAGE).await?;
        for group in &groups {
            out.entry(&mapping.resource_group(group)).await?;
            let mut after: Option<String> = None;
            loop {
                let resources = dir.list_resources(id, &group.name, after.as_deref(), PAGE).await?;
                for resource in &resources {
                    out.entries(&mapping.resource(resource)).await?;
                }
                match resources.last() {
                    Some(last) if resources.len() == PAGE => after = Some(last.mail.clone()),
                    _ => break,
                }
            }
        }
        match groups.last() {
            Some(last) if groups.len() == PAGE => {
                after_group = Some(crate::domain::resource::group_key(&last.name));
            }
            _ => break,
        }
    }
    let mut batches = dir.user_batches(Some(id), PAGE);
    while let Some(users) = batches.next().await {
        for user in &users? {
            out.entries(&mapping.user(user)).await?;
        }
    }
    let mut after: Option<String> = None;
    loop {
        let users = dir.list_deleted_users(id, after.as_deref(), PAGE).await?;
        for user in &users {
            out.entries(&mapping.user(user)).await?;
        }
        match users.last() {
            Some(last) if users.len() == PAGE => after = Some(last.mail.clone()),
            _ => break,
        }
    }
    let mut after: Option<String> = None;
    loop {
        let lists = dir.list_mail_lists(id, after.as_deref(), PAGE).await?;
        for list in &lists {
            out.entries(&mapping.mail_list(list)).await?;
        }
        match lists.last() {
            Some(last) if lists.len() == PAGE => after = Some(last.mail.clone()),
            _ => break,
        }
    }
    Ok(())
}

/// The import's input in a private temporary file, removed when dropped.
struct Spool {
    path: PathBuf,
}

impl Spool {
    /// A new empty file `file_name` in the temporary directory, mode 0600.
    fn create(file_name: &str) -> Result<Self> {
        let path = std::env::temp_dir().join(file_name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&path).map_err(Error::internal)?;
        Ok(Self { path })
    }

    fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the input to the file; returns its SHA-256 (hex).
    async fn fill(&self, mut data: BoxStream<'static, Result<Vec<u8>>>) -> Result<String> {
        use sha2::Digest as _;
        let mut hash = sha2::Sha256::new();
        let mut file = std::io::BufWriter::new(
            std::fs::OpenOptions::new().append(true).open(&self.path).map_err(Error::internal)?,
        );
        while let Some(chunk) = data.next().await {
            let chunk = chunk?;
            hash.update(&chunk);
            file.write_all(&chunk).map_err(Error::internal)?;
        }
        file.flush().map_err(Error::internal)?;
        Ok(hex::encode(hash.finalize()))
    }

    fn reader(&self) -> Result<LdifReader<BufReader<std::fs::File>>> {
        Ok(LdifReader::new(BufReader::new(std::fs::File::open(&self.path).map_err(Error::internal)?)))
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Prefixes of the spool files imports, snapshots and restores create in
/// the temporary directory.
const SPOOL_PREFIXES: [&str; 3] = ["pbm-import-", "pbm-snapshot-", "pbm-restore-"];

/// Removes the spool files of `dir` (the temporary directory when `None`)
/// last modified more than `older_than` ago: a process killed with SIGKILL
/// leaves its spool behind (mode 0600, but secret material: password hashes,
/// keys). A spool is written when its import starts, so a file that old
/// belongs to an import started a day ago: longer than any import runs (a
/// million users one by one at slapd's durable add rate take about five
/// hours). Returns the files removed.
pub fn sweep_stale_spools(dir: Option<&Path>, older_than: std::time::Duration) -> Vec<PathBuf> {
    let dir = dir.map_or_else(std::env::temp_dir, Path::to_owned);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let now = std::time::SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !SPOOL_PREFIXES.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age > older_than));
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

/// What validation keeps for applying: the few objects of which an
/// installation has few (tenants, mail domains, resource groups).
#[derive(Debug, Default)]
struct Validated {
    tenants: Vec<Tenant>,
    domains: Vec<MailDomain>,
    /// Resource groups by `pbmId`.
    groups: BTreeMap<String, ResourceGroup>,
    entries: u64,
}

fn invalid(error: ldif::LdifError) -> Error {
    Error::invalid("data", error.to_string())
}

/// Reads the whole input: every entry must map to an object and every
/// reference must resolve, in the input or in the directory: a resource's
/// group, a tenant's default domain, the tenant of every object, the mail
/// domain (of the object's tenant) of every address an object claims. What
/// is kept per reference is bounded by the number of tenants, domains and
/// groups, not by the number of entries.
async fn validate(core: &Core, mapping: &LdifMapping, path: &Path) -> Result<Validated> {
    use crate::domain::address::domain_of;
    let (mapping_owned, path_owned) = (mapping.clone(), path.to_owned());
    type Refs = (BTreeMap<String, usize>, BTreeMap<(String, String), usize>);
    // Reading and parsing is synchronous work on a file: off the runtime.
    let (validated, (tenants_used, domains_used)) =
        tokio::task::spawn_blocking(move || -> Result<(Validated, Refs)> {
            let mut validated = Validated::default();
            // First line naming each tenant / (domain, tenant) / group id.
            let mut tenants_used: BTreeMap<String, usize> = BTreeMap::new();
            let mut domains_used: BTreeMap<(String, String), usize> = BTreeMap::new();
            let mut group_refs: BTreeMap<String, usize> = BTreeMap::new();
            let file = std::fs::File::open(&path_owned).map_err(Error::internal)?;
            let mut reader = LdifReader::new(BufReader::new(file));
            let mut uses = |tenant: &str, addresses: &[&str], line: usize| {
                tenants_used.entry(tenant.to_lowercase()).or_insert(line);
                for address in addresses.iter().filter(|a| !a.is_empty()) {
                    let key = (domain_of(address).to_lowercase(), tenant.to_lowercase());
                    domains_used.entry(key).or_insert(line);
                }
            };
            while let Some(entry) = reader.next_entry().map_err(invalid)? {
                validated.entries += 1;
                let line = entry.line;
                match mapping_owned.parse(&entry).map_err(invalid)? {
                    LdifObject::Container | LdifObject::Claim | LdifObject::WebDomain(..) => {}
                    LdifObject::Tenant(tenant) => validated.tenants.push(tenant),
                    LdifObject::MailDomain(domain) => {
                        uses(&domain.tenant_id, &[], line);
                        validated.domains.push(domain);
                    }
                    LdifObject::ResourceGroup(group, id) => {
                        uses(&group.tenant_id, &[], line);
                        validated.groups.insert(id, group);
                    }
                    LdifObject::Resource(resource, group_id) => {
                        uses(&resource.tenant_id, &[&resource.mail], line);
                        group_refs.entry(group_id).or_insert(line);
                    }
                    LdifObject::User(user) => {
                        let mut addresses = vec![user.mail.as_str(), user.alternate_address.as_str()];
                        addresses.extend(user.aliases.iter().map(String::as_str));
                        uses(&user.tenant_id, &addresses, line);
                    }
                    LdifObject::MailList(list) => uses(&list.tenant_id, &[&list.mail], line),
                }
            }
            for (group_id, line) in group_refs {
                if !validated.groups.contains_key(&group_id) {
                    return Err(Error::invalid(
                        "data",
                        format!("LDIF line {line}: the resource's group (pbmGroupId {group_id}) is not in the input"),
                    ));
                }
            }
            for tenant in &validated.tenants {
                let has_default = validated.domains.iter().any(|d| {
                    d.name.eq_ignore_ascii_case(&tenant.default_domain) && d.tenant_id.eq_ignore_ascii_case(&tenant.id)
                });
                if !has_default {
                    return Err(Error::invalid(
                        "data",
                        format!(
                            "tenant {}: its default mail domain {} is not in the input",
                            tenant.id, tenant.default_domain
                        ),
                    ));
                }
            }
            tenants_used.retain(|tenant, _| !validated.tenants.iter().any(|t| t.id.eq_ignore_ascii_case(tenant)));
            domains_used.retain(|(domain, tenant), _| {
                !validated
                    .domains
                    .iter()
                    .any(|d| d.name.eq_ignore_ascii_case(domain) && d.tenant_id.eq_ignore_ascii_case(tenant))
            });
            Ok((validated, (tenants_used, domains_used)))
        })
        .await
        .map_err(Error::internal)??;
    // References the input does not resolve: the directory must.
    for (tenant, line) in tenants_used {
        if core.directory.get_tenant(&tenant).await?.is_none() {
            return Err(Error::invalid(
                "data",
                format!("LDIF line {line}: tenant {tenant} is neither in the input nor in the directory"),
            ));
        }
    }
    for ((domain, tenant), line) in domains_used {
        let owner = core.directory.get_mail_domain(&domain).await?.map(|d| d.tenant_id.to_lowercase());
        if owner.as_deref() != Some(tenant.as_str()) {
            return Err(Error::invalid(
                "data",
                format!("LDIF line {line}: {domain} is not a mail domain of tenant {tenant}, in the input or here"),
            ));
        }
    }
    Ok(validated)
}

/// What happened to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Added,
    Replaced,
    Unchanged,
}

/// Applies a validated import and reports progress.
struct Importer {
    core: Arc<Core>,
    ctx: RequestContext,
    caller: Caller,
    options: ImportOptions,
    mapping: LdifMapping,
    progress: ImportProgress,
    /// Objects processed so far, in the import's order.
    position: i64,
    /// Objects a resumed import skips (applied before the interruption).
    skip: i64,
    input_sha256: String,
    tx: mpsc::Sender<Result<ImportProgress>>,
    /// The claim on the import id, released when the import stops (a
    /// restore holds it itself).
    running: Option<Running>,
}

/// The phases of an import, in order: what each pass over the input applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    WebDomains,
    Resources,
    Users,
    MailLists,
}

impl Importer {
    async fn run(mut self, spool: Spool, validated: Validated) {
        let outcome = self.apply(&spool, validated).await;
        let mut event = self.core.event(&self.ctx, &self.caller, IMPORT_DIRECTORY, "", "directory");
        let p = &self.progress;
        let mode = self.options.mode.name();
        let dry = if self.options.dry_run { ", dry run" } else { "" };
        let resumed = if self.skip > 0 { format!(", resumed after {} objects", self.skip) } else { String::new() };
        event.detail = format!(
            "import {} ({mode}{dry}{resumed}): {} entries read, {} added, {} replaced, {} unchanged",
            p.import_id, p.entries_read, p.added, p.replaced, p.unchanged
        );
        if let Err(e) = &outcome {
            event.result = e.code_name().to_owned();
            event.detail = format!("{}; stopped: {e}", event.detail);
        }
        if let Err(e) = self.core.audit.append(&event).await {
            tracing::warn!(error = %e, "could not record an import in the audit trail");
        }
        match outcome {
            Ok(()) => {
                self.progress.done = true;
                if let Err(e) = self.checkpoint().await {
                    tracing::warn!(error = %e, "could not record the end of an import");
                }
                let _ = self.tx.send(Ok(self.progress.clone())).await;
            }
            Err(e) => {
                let _ = self.tx.send(Err(e)).await;
            }
        }
        drop(spool);
    }

    fn event(&self, tenant_id: &str, target: String) -> AuditEvent {
        self.core.event(&self.ctx, &self.caller, IMPORT_DIRECTORY, tenant_id, target)
    }

    /// Whether the next object was applied before a resumed import was
    /// interrupted (and is skipped now).
    fn skip_one(&mut self) -> bool {
        if self.position < self.skip {
            self.position += 1;
            true
        } else {
            false
        }
    }

    async fn count(&mut self, outcome: Outcome) -> Result<()> {
        match outcome {
            Outcome::Added => self.progress.added += 1,
            Outcome::Replaced => self.progress.replaced += 1,
            Outcome::Unchanged => self.progress.unchanged += 1,
        }
        self.position += 1;
        if (self.position as u64).is_multiple_of(PROGRESS_EVERY) {
            self.checkpoint().await?;
            self.report().await?;
        }
        Ok(())
    }

    /// Records how far the import got (not for dry runs). An object applied
    /// after the last checkpoint is applied again on resume: add-missing
    /// then finds it and counts it unchanged, replace rewrites it the same.
    async fn checkpoint(&self) -> Result<()> {
        if self.options.dry_run {
            return Ok(());
        }
        let checkpoint = crate::ports::ImportCheckpoint {
            id: self.progress.import_id.clone(),
            input_sha256: self.input_sha256.clone(),
            mode: self.options.mode.name().to_owned(),
            applied: self.position,
            added: self.progress.added,
            replaced: self.progress.replaced,
            unchanged: self.progress.unchanged,
            done: self.progress.done,
            updated_at: crate::domain::now(),
        };
        self.core.imports.save_import(&checkpoint).await
    }

    async fn report(&self) -> Result<()> {
        // The client went away: stop here (re-running the import finishes it).
        self.tx
            .send(Ok(self.progress.clone()))
            .await
            .map_err(|_| Error::Unavailable("the import was cancelled by the client".into()))
    }

    /// Whether to write: a dry run only counts.
    fn write(&self) -> bool {
        !self.options.dry_run
    }

    fn replace(&self) -> bool {
        self.options.mode == ImportMode::Replace
    }

    async fn apply(&mut self, spool: &Spool, validated: Validated) -> Result<()> {
        self.progress.entries_read = validated.entries as i64;
        if self.skip == 0 {
            self.checkpoint().await?;
        }
        self.report().await?;
        let mut created: Vec<String> = Vec::new();
        for tenant in &validated.tenants {
            if self.skip_one() {
                continue;
            }
            let default = validated
                .domains
                .iter()
                .find(|d| d.name.eq_ignore_ascii_case(&tenant.default_domain))
                .cloned()
                .ok_or_else(|| Error::internal(anyhow::anyhow!("validated tenant without default domain")))?;
            let outcome = self.tenant(tenant, default).await?;
            if outcome == Outcome::Added {
                created.push(tenant.default_domain.to_lowercase());
            }
            self.count(outcome).await?;
        }
        for domain in &validated.domains {
            if self.skip_one() {
                continue;
            }
            // The default domain of a tenant added just now came with it.
            let outcome = if created.contains(&domain.name.to_lowercase()) {
                Outcome::Added
            } else {
                self.mail_domain(domain, &validated.tenants).await?
            };
            self.count(outcome).await?;
        }
        for group in validated.groups.values() {
            if self.skip_one() {
                continue;
            }
            let outcome = self.resource_group(group).await?;
            self.count(outcome).await?;
        }
        for phase in [Phase::WebDomains, Phase::Resources, Phase::Users, Phase::MailLists] {
            let mut reader = spool.reader()?;
            let mut users: Vec<User> = Vec::with_capacity(USER_BATCH);
            while let Some(entry) = reader.next_entry().map_err(invalid)? {
                let object = self.mapping.parse(&entry).map_err(invalid)?;
                let relevant = matches!(
                    (phase, &object),
                    (Phase::WebDomains, LdifObject::WebDomain(..))
                        | (Phase::Resources, LdifObject::Resource(..))
                        | (Phase::Users, LdifObject::User(..))
                        | (Phase::MailLists, LdifObject::MailList(..))
                );
                if !relevant || self.skip_one() {
                    continue;
                }
                let outcome = match (phase, object) {
                    (Phase::WebDomains, LdifObject::WebDomain(domain, key)) => self.web_domain(&domain, &key).await?,
                    (Phase::Resources, LdifObject::Resource(mut resource, group_id)) => {
                        resource.group = validated.groups[&group_id].name.clone();
                        self.resource(&resource).await?
                    }
                    (Phase::Users, LdifObject::User(user)) => {
                        users.push(*user);
                        if users.len() == USER_BATCH {
                            self.users(std::mem::take(&mut users)).await?;
                        }
                        continue;
                    }
                    (Phase::MailLists, LdifObject::MailList(list)) => self.mail_list(&list).await?,
                    _ => continue,
                };
                self.count(outcome).await?;
            }
            if !users.is_empty() {
                self.users(users).await?;
            }
        }
        Ok(())
    }

    /// Applies up to [`USER_BATCH`] users read one after the other: those
    /// that are new — live, none of their addresses taken — in one atomic
    /// bulk write with one audit event naming them, the others one by one.
    async fn users(&mut self, users: Vec<User>) -> Result<()> {
        let dir = self.core.directory.clone();
        let addresses: Vec<String> = users.iter().flat_map(|u| u.addresses().map(str::to_lowercase)).collect();
        let taken: std::collections::HashSet<String> =
            dir.find_addresses(&addresses).await?.into_iter().map(|r| r.address).collect();
        let is_new =
            |user: &User| user.deleted_at.is_none() && user.addresses().all(|a| !taken.contains(&a.to_lowercase()));
        let new: Vec<User> = users.iter().filter(|u| is_new(u)).cloned().collect();
        if !new.is_empty() && self.write() {
            let mut event = self.event("", "directory".into());
            let mails: Vec<&str> = new.iter().map(|u| u.mail.as_str()).collect();
            event.detail =
                format!("import {}: {} users added at once: {}", self.progress.import_id, new.len(), mails.join(", "));
            dir.import_users(&new, &event).await?;
        }
        for user in &users {
            let outcome = if is_new(user) { Outcome::Added } else { self.user(user).await? };
            self.count(outcome).await?;
        }
        Ok(())
    }

    async fn tenant(&self, tenant: &Tenant, mut default: MailDomain) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("tenant:{}", tenant.id);
        match dir.get_tenant(&tenant.id).await? {
            None => {
                if self.write() {
                    default.is_default = true;
                    dir.create_tenant(tenant, &default, &self.event(&tenant.id, target)).await?;
                }
                Ok(Outcome::Added)
            }
            Some(existing) => {
                let same = existing.display_name == tenant.display_name && existing.lang == tenant.lang;
                if same || !self.replace() {
                    return Ok(Outcome::Unchanged);
                }
                if self.write() {
                    dir.update_tenant(tenant, &self.event(&tenant.id, target)).await?;
                }
                Ok(Outcome::Replaced)
            }
        }
    }

    async fn mail_domain(&self, domain: &MailDomain, tenants: &[Tenant]) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("mail_domain:{}", domain.name);
        let default_of_tenant = tenants
            .iter()
            .find(|t| t.id.eq_ignore_ascii_case(&domain.tenant_id))
            .is_some_and(|t| t.default_domain.eq_ignore_ascii_case(&domain.name));
        let existing = dir.get_mail_domain(&domain.name).await?;
        let Some(existing) = existing else {
            if self.write() {
                let domain = MailDomain { is_default: false, ..domain.clone() };
                dir.create_mail_domain(&domain, &self.event(&domain.tenant_id, target.clone())).await?;
                if default_of_tenant && self.replace() {
                    dir.set_default_mail_domain(
                        &domain.tenant_id,
                        &domain.name,
                        &self.event(&domain.tenant_id, target),
                    )
                    .await?;
                }
            }
            return Ok(Outcome::Added);
        };
        if existing.tenant_id != domain.tenant_id {
            return Err(Error::FailedPrecondition(format!(
                "mail domain {} belongs to tenant {} here, to {} in the input",
                domain.name, existing.tenant_id, domain.tenant_id
            )));
        }
        let same = existing.display_name == domain.display_name
            && existing.description == domain.description
            && existing.associated_domain == domain.associated_domain
            && (existing.is_default || !default_of_tenant);
        if same || !self.replace() {
            return Ok(Outcome::Unchanged);
        }
        if self.write() {
            let fields =
                [MailDomainField::DisplayName, MailDomainField::Description, MailDomainField::AssociatedDomain];
            dir.update_mail_domain(domain, &fields, &self.event(&domain.tenant_id, target.clone())).await?;
            if default_of_tenant && !existing.is_default {
                dir.set_default_mail_domain(&domain.tenant_id, &domain.name, &self.event(&domain.tenant_id, target))
                    .await?;
            }
        }
        Ok(Outcome::Replaced)
    }

    async fn web_domain(
        &self,
        domain: &crate::domain::WebDomain,
        key: &crate::domain::PrivateKeyPem,
    ) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("web_domain:{}", domain.name);
        match dir.get_web_domain(&domain.name).await? {
            None => {
                if self.write() {
                    dir.create_web_domain(domain, key, &self.event("", target)).await?;
                }
                Ok(Outcome::Added)
            }
            Some(existing) => {
                let same_key = dir.web_domain_key(&domain.name).await?.is_some_and(|k| k == *key);
                if (existing.certificate_pem == domain.certificate_pem && same_key) || !self.replace() {
                    return Ok(Outcome::Unchanged);
                }
                if self.write() {
                    dir.update_web_domain(domain, key, &self.event("", target)).await?;
                }
                Ok(Outcome::Replaced)
            }
        }
    }

    async fn resource_group(&self, group: &ResourceGroup) -> Result<Outcome> {
        let dir = &self.core.directory;
        if dir.get_resource_group(&group.tenant_id, &group.name).await?.is_some() {
            return Ok(Outcome::Unchanged);
        }
        if self.write() {
            let event = self.event(&group.tenant_id, format!("resource_group:{}", group.name));
            dir.create_resource_group(group, &event).await?;
        }
        Ok(Outcome::Added)
    }

    async fn resource(&self, resource: &crate::domain::Resource) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("resource:{}", resource.mail);
        match dir.get_resource(&resource.tenant_id, &resource.mail).await? {
            None => {
                if self.write() {
                    dir.create_resource(resource, &self.event(&resource.tenant_id, target)).await?;
                }
                Ok(Outcome::Added)
            }
            Some(existing) => {
                let imported = crate::domain::Resource { revision: existing.revision, ..resource.clone() };
                if existing == imported || !self.replace() {
                    return Ok(Outcome::Unchanged);
                }
                if !existing.group.eq_ignore_ascii_case(&resource.group) {
                    return Err(Error::FailedPrecondition(format!(
                        "resource {} is in group {} here, in {} in the input: a resource's group is fixed",
                        resource.mail, existing.group, resource.group
                    )));
                }
                if self.write() {
                    dir.update_resource(&imported, &self.event(&resource.tenant_id, target)).await?;
                }
                Ok(Outcome::Replaced)
            }
        }
    }

    async fn user(&self, user: &User) -> Result<Outcome> {
        let dir = &self.core.directory;
        let (tenant, mail) = (user.tenant_id.as_str(), user.mail.as_str());
        let target = format!("user:{mail}");
        let live = dir.get_user(tenant, mail).await?;
        let existing = match live {
            Some(user) => Some(user),
            None => dir.get_deleted_user(tenant, mail).await?,
        };
        let Some(existing) = existing else {
            if self.write() {
                dir.create_user(&User { deleted_at: None, ..user.clone() }, &self.event(tenant, target.clone()))
                    .await?;
                if let Some(at) = user.deleted_at {
                    dir.delete_user(tenant, mail, at, &self.event(tenant, target)).await?;
                }
            }
            return Ok(Outcome::Added);
        };
        let imported = User { revision: existing.revision, ..user.clone() };
        if existing == imported || !self.replace() {
            return Ok(Outcome::Unchanged);
        }
        if self.write() {
            if existing.deleted_at.is_some() {
                dir.undelete_user(tenant, mail, &self.event(tenant, target.clone())).await?;
            }
            let current = dir.get_user(tenant, mail).await?.ok_or_else(|| Error::not_found("user", mail))?;
            let update = User { revision: current.revision, deleted_at: None, ..user.clone() };
            dir.update_user(&update, &self.event(tenant, target.clone())).await?;
            if let Some(at) = user.deleted_at {
                dir.delete_user(tenant, mail, at, &self.event(tenant, target)).await?;
            }
        }
        Ok(Outcome::Replaced)
    }

    async fn mail_list(&self, list: &crate::domain::MailList) -> Result<Outcome> {
        let dir = &self.core.directory;
        let target = format!("mail_list:{}", list.mail);
        match dir.get_mail_list(&list.tenant_id, &list.mail).await? {
            None => {
                if self.write() {
                    dir.create_mail_list(list, &self.event(&list.tenant_id, target)).await?;
                }
                Ok(Outcome::Added)
            }
            Some(existing) => {
                let imported = crate::domain::MailList { revision: existing.revision, ..list.clone() };
                if existing == imported || !self.replace() {
                    return Ok(Outcome::Unchanged);
                }
                if self.write() {
                    dir.update_mail_list(&list.mail, &imported, &self.event(&list.tenant_id, target)).await?;
                }
                Ok(Outcome::Replaced)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_spool_files_are_swept_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join("pbm-import-0123.ldif");
        let fresh = dir.path().join("pbm-restore-4567.tar");
        let other = dir.path().join("someone-else.ldif");
        for path in [&stale, &fresh, &other] {
            std::fs::write(path, "x").unwrap();
        }
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 24 * 3600);
        for path in [&stale, &other] {
            std::fs::File::options().write(true).open(path).unwrap().set_modified(old).unwrap();
        }
        let removed = sweep_stale_spools(Some(dir.path()), std::time::Duration::from_secs(24 * 3600));
        assert_eq!(removed, vec![stale.clone()]);
        assert!(!stale.exists() && fresh.exists() && other.exists());
    }

    #[test]
    fn settings_dumps_read_back() {
        let values: BTreeMap<String, String> =
            [("psn/bruteforce/max_attempts".into(), "5".into()), ("psn/cab/root_dn".into(), String::new())].into();
        let dump = write_settings_dump(values.iter()).unwrap();
        assert_eq!(String::from_utf8(dump.clone()).unwrap(), "psn/bruteforce/max_attempts\n5\npsn/cab/root_dn\n\n");
        let pairs = read_settings_dump(&dump).unwrap();
        assert_eq!(pairs[1], ("psn/cab/root_dn".into(), String::new(), 3));
        let error = read_settings_dump(b"a\nb\nc\n").unwrap_err();
        assert!(error.to_string().contains("line 3"), "{error}");
    }
}
