//! Snapshots: an installation's directory, runtime settings and audit trail
//! as they were at one point in time, in one tar archive, restorable into an
//! empty installation on any backend.
//!
//! **Taking one.** The snapshot pauses the changes to the directory and the
//! runtime settings made through this process ([`WriteBarrier`]: changes in
//! flight finish, new ones wait, reads go on), notes the newest audit event,
//! reads the settings and exports the directory into a private temporary
//! file, and lets changes go on again. Every change to the directory writes
//! its audit event together with it, so the trail up to the noted event is
//! exactly the history of the directory read; it is read after the pause,
//! page by page, and put oldest first. Then the archive streams out:
//!
//! ```text
//! pbm-snapshot/manifest.json   format, version, when, counts, SHA-256 of each member
//! pbm-snapshot/settings.txt    the runtime settings, as `etcdctl get --prefix ''` prints them
//! pbm-snapshot/directory.ldif  the directory, as ExportDirectory writes it
//! pbm-snapshot/audit.jsonl     the audit trail, one JSON event per line, oldest first
//! ```
//!
//! Sessions, refresh tokens, brute-force counters and import checkpoints are
//! not in it: they belong to the installation that issued them (its token
//! signing key is not in the snapshot either), and they expire within hours.
//!
//! **Restoring one.** The whole archive is spooled, its members checked
//! against the manifest, the settings validated (alone and together with the
//! values in force) and the directory validated under the snapshot's root DN
//! — all before anything changes. The installation must be empty: no
//! tenant at all, or only what pbm's first start creates (tenant `default`
//! with its mail domain and its superadmin, nothing else), which the restore
//! removes first (and ends that tenant's sessions when it is done). Then the
//! settings are written, the directory imported (add-missing, with
//! checkpoints: an interrupted restore is resumed by its import id with the
//! same archive), and the audit trail appended with its original times, once
//! the directory is complete, with checkpoints of its own (a restore resumed
//! while appending it appends at most the events since the last checkpoint
//! twice).

use std::io::{BufRead as _, Write as _};

use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncSeekExt as _, AsyncWriteExt as _};

use super::*;
use crate::ports::AuditQuery;
use crate::store::barrier::WriteBarrier;
use crate::tar;

const CREATE_SNAPSHOT: &str = "pbm.v2.BackupService/CreateSnapshot";
const RESTORE_SNAPSHOT: &str = "pbm.v2.BackupService/RestoreSnapshot";

/// The `format` of a snapshot's manifest.
const FORMAT: &str = "pbm-snapshot";
/// The version of the format this pbm writes and reads.
const VERSION: u32 = 1;

const MANIFEST: &str = "pbm-snapshot/manifest.json";
const SETTINGS: &str = "pbm-snapshot/settings.txt";
const DIRECTORY: &str = "pbm-snapshot/directory.ldif";
const AUDIT: &str = "pbm-snapshot/audit.jsonl";

/// Audit events read per page.
const AUDIT_PAGE: usize = 500;

/// Largest manifest a restore reads.
const MAX_MANIFEST: u64 = 64 * 1024;

/// What a snapshot says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Manifest {
    /// Always [`FORMAT`].
    format: String,
    /// [`VERSION`] when written.
    version: u32,
    /// The point in time (RFC 3339).
    taken_at: String,
    /// The pbm that took it.
    pbm_version: String,
    /// Where its runtime settings came from (`etcd` or `store`).
    settings_source: String,
    /// Root DN of the directory LDIF.
    root_dn: String,
    /// LDIF entries in the directory.
    entries: u64,
    /// Settings keys.
    settings: u64,
    /// Audit events.
    audit_events: u64,
    /// SHA-256 (hex) of each other member, by name.
    sha256: BTreeMap<String, String>,
}

/// One audit event as a line of `audit.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AuditLine {
    at: String,
    actor: String,
    actor_tenant: String,
    client_addr: String,
    tenant_id: String,
    rpc: String,
    target: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    result: String,
    detail: String,
}

impl AuditLine {
    fn of(event: &AuditEvent) -> Self {
        Self {
            at: event.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            actor: event.actor.clone(),
            actor_tenant: event.actor_tenant.clone(),
            client_addr: event.client_addr.clone(),
            tenant_id: event.tenant_id.clone(),
            rpc: event.rpc.clone(),
            target: event.target.clone(),
            before: event.before.clone(),
            after: event.after.clone(),
            result: event.result.clone(),
            detail: event.detail.clone(),
        }
    }

    /// The event of one line of `audit.jsonl`.
    fn parse(line: &str) -> std::result::Result<AuditEvent, String> {
        serde_json::from_str::<Self>(line).map_err(|e| e.to_string())?.into_event()
    }

    fn into_event(self) -> std::result::Result<AuditEvent, String> {
        let at = chrono::DateTime::parse_from_rfc3339(&self.at).map_err(|e| format!("at {:?}: {e}", self.at))?;
        Ok(AuditEvent {
            at: at.with_timezone(&chrono::Utc),
            actor: self.actor,
            actor_tenant: self.actor_tenant,
            client_addr: self.client_addr,
            tenant_id: self.tenant_id,
            rpc: self.rpc,
            target: self.target,
            before: self.before,
            after: self.after,
            result: self.result,
            detail: self.detail,
        })
    }
}

/// A snapshot read from the stores, waiting in temporary files to be sent.
struct Taken {
    manifest: Manifest,
    settings: Vec<u8>,
    directory: Spool,
    directory_len: u64,
    /// The trail, newest page first; each page's lines oldest first.
    audit: Spool,
    /// (offset, length) of each page in `audit`, newest page first.
    audit_pages: Vec<(u64, u64)>,
}

impl Taken {
    fn audit_len(&self) -> u64 {
        self.audit_pages.iter().map(|(_, len)| len).sum()
    }
}

impl Backup {
    /// Streams a snapshot (a tar archive, see the module docs) of the
    /// directory, the runtime settings and the audit trail at one point in
    /// time. Superadmin only; audited when it ends.
    pub async fn create_snapshot(
        &self,
        ctx: &RequestContext,
    ) -> Result<impl Stream<Item = Result<Vec<u8>>> + Send + 'static> {
        let caller = self.0.authenticate(ctx).await?;
        self.0.audited(ctx, CREATE_SNAPSHOT, "", "snapshot", async { caller.require_superadmin() }).await?;
        let (tx, rx) = mpsc::channel::<Result<Vec<u8>>>(4);
        let core = self.0.clone();
        let mut event = self.0.event(ctx, &caller, CREATE_SNAPSHOT, "", "snapshot");
        tokio::spawn(async move {
            let outcome = async {
                let taken = take(&core, &core.barrier).await?;
                send_archive(&taken, &tx).await?;
                Ok::<_, Error>(taken.manifest)
            }
            .await;
            match &outcome {
                Ok(m) => {
                    event.detail = format!(
                        "taken at {}: {} entries, {} settings, {} audit events",
                        m.taken_at, m.entries, m.settings, m.audit_events
                    )
                }
                Err(e) => {
                    event.result = e.code_name();
                    event.detail = format!("failed: {e}");
                }
            }
            if let Err(e) = core.audit.append(&event).await {
                tracing::warn!(error = %e, "could not record a snapshot in the audit trail");
            }
            if let Err(e) = outcome {
                let _ = tx.send(Err(e)).await;
            }
        });
        Ok(self.0.drain.ends_when_draining(tokio_stream::wrappers::ReceiverStream::new(rx)))
    }

    /// Restores a snapshot into an empty installation (see the module
    /// docs); `resume_id` resumes an interrupted restore. Everything is
    /// checked before anything changes; progress is that of the directory
    /// import, the last message (done) sent once the trail is appended.
    pub async fn restore_snapshot(
        &self,
        ctx: &RequestContext,
        resume_id: Option<String>,
        data: BoxStream<'static, Result<Vec<u8>>>,
    ) -> Result<impl Stream<Item = Result<ImportProgress>> + Send + 'static> {
        let caller = self.0.authenticate(ctx).await?;
        self.0.audited(ctx, RESTORE_SNAPSHOT, "", "snapshot", async { caller.require_superadmin() }).await?;
        let options = ImportOptions { mode: ImportMode::AddMissing, dry_run: false, resume_id: resume_id.clone() };
        let import_id = resume_id.clone().unwrap_or_else(new_import_id);
        let prepared = self
            .0
            .audited(ctx, RESTORE_SNAPSHOT, "", "snapshot", async {
                let running = Running::claim(&import_id)?;
                let resumed = match &resume_id {
                    Some(id) => Some(self.resumable_restore(id).await?),
                    None => None,
                };
                let archive = Spool::create(&format!("pbm-restore-{}.tar", new_import_id()))?;
                archive.fill(data).await?;
                let unpacked = unpack(archive).await?;
                let settings = self.check_settings_dump(&unpacked.settings)?;
                // The LDIF is under the root DN it was written with, whatever this pbm's is.
                let mapping = LdifMapping::new(&unpacked.manifest.root_dn, &settings.settings);
                let first_start = match &resumed {
                    Some(checkpoint) => {
                        if checkpoint.input_sha256 != unpacked.directory_sha256 {
                            return Err(Error::FailedPrecondition(format!(
                                "import {}: the snapshot differs from the one the restore was started with",
                                checkpoint.id
                            )));
                        }
                        None
                    }
                    None => self.require_empty().await?,
                };
                let validated = match &resumed {
                    Some(checkpoint) if checkpoint.done => None,
                    _ => Some(validate(&self.0, &mapping, unpacked.directory.path()).await?),
                };
                Ok((unpacked, settings, mapping, first_start, validated, resumed, running))
            })
            .await?;
        let (unpacked, settings, mapping, first_start, validated, resumed, running) = prepared;
        let directory = match (validated, &resumed) {
            (Some(validated), _) => {
                let (import_tx, rx) = mpsc::channel::<Result<ImportProgress>>(8);
                let importer = self.importer(
                    ctx,
                    caller.clone(),
                    options,
                    mapping,
                    import_id.clone(),
                    resumed.as_ref(),
                    unpacked.directory_sha256,
                    import_tx,
                );
                DirectoryStep::Import { importer: Box::new(importer), directory: unpacked.directory, validated, rx }
            }
            // Resuming a restore whose directory import had finished: only the trail is left.
            (None, Some(checkpoint)) => DirectoryStep::Imported(ImportProgress {
                import_id: import_id.clone(),
                entries_read: 0,
                added: checkpoint.added,
                replaced: checkpoint.replaced,
                unchanged: checkpoint.unchanged,
                done: true,
            }),
            (None, None) => return Err(Error::internal(anyhow::anyhow!("a restore without its directory"))),
        };
        let (tx, rx) = mpsc::channel::<Result<ImportProgress>>(8);
        let restore = Restore {
            backup: self.clone(),
            ctx: ctx.clone(),
            caller,
            manifest: unpacked.manifest,
            audit: unpacked.audit,
            settings,
            first_start,
            import_id,
            tx,
            _running: running,
        };
        tokio::spawn(restore.run(directory));
        Ok(self.0.drain.ends_when_draining(tokio_stream::wrappers::ReceiverStream::new(rx)))
    }

    /// The checkpoint of the restore `id` (an add-missing import), finished
    /// or not: a restore whose directory is in resumes with its trail.
    async fn resumable_restore(&self, id: &str) -> Result<crate::ports::ImportCheckpoint> {
        let checkpoint = self.0.imports.load_import(id).await?.ok_or_else(|| Error::not_found("import", id))?;
        if checkpoint.mode != ImportMode::AddMissing.name() {
            return Err(Error::FailedPrecondition(format!("import {id} is not a restore")));
        }
        if self.0.imports.load_import(&trail_id(id)).await?.is_some_and(|trail| trail.done) {
            return Err(Error::FailedPrecondition(format!("restore {id} has finished")));
        }
        Ok(checkpoint)
    }

    /// Nothing in the directory, or only what the first start creates:
    /// returns the first-start tenant to remove, if any; else refuses.
    async fn require_empty(&self) -> Result<Option<String>> {
        let dir = &self.0.directory;
        let not_empty = |what: String| {
            Error::FailedPrecondition(format!(
                "a snapshot is restored into an empty installation (nothing but what the first start creates): {what}"
            ))
        };
        if dir.count_web_domains().await? > 0 {
            return Err(not_empty("it has web domains".into()));
        }
        let tenants = dir.list_tenants(None, 2).await?;
        match tenants.as_slice() {
            [] => Ok(None),
            [tenant] if tenant.id == crate::runtime::bootstrap::DEFAULT_TENANT => {
                let contents = dir.tenant_contents(&tenant.id).await?;
                let only_the_creator = contents.users <= 1
                    && contents.superadmins == contents.users
                    && contents.deleted_users == 0
                    && contents.resource_groups == 0
                    && contents.resources == 0
                    && contents.mail_lists == 0
                    && contents.domains <= 1
                    && dir.count_contacts(&tenant.id).await? == 0;
                if only_the_creator {
                    Ok(Some(tenant.id.clone()))
                } else {
                    Err(not_empty(format!("tenant {} holds more than its first-start objects", tenant.id)))
                }
            }
            _ => Err(not_empty("it has tenants".into())),
        }
    }
}

/// Reads the snapshot while the barrier holds changes back (the directory
/// and settings), then the trail up to the event noted then.
async fn take(core: &Core, barrier: &WriteBarrier) -> Result<Taken> {
    let mapping = mapping_of(core);
    let id = new_import_id();
    let directory = Spool::create(&format!("pbm-snapshot-{id}.ldif"))?;
    let audit = Spool::create(&format!("pbm-snapshot-{id}.audit"))?;
    let mut sha256 = BTreeMap::new();

    let paused = barrier.pause_writes().await;
    let taken_at = crate::domain::now();
    let newest = core.audit.list(&AuditQuery { limit: 1, ..Default::default() }).await?;
    let audit_up_to = newest.first().map_or(0, |e| e.id);
    let values = core.runtime_settings.load().await?;
    let settings = write_settings_dump(values.iter())?;
    let (entries, directory_len, directory_sha256) = export_to_file(core, &mapping, directory.path()).await?;
    drop(paused);

    sha256.insert(SETTINGS.to_owned(), hex::encode(sha2::Sha256::digest(&settings)));
    sha256.insert(DIRECTORY.to_owned(), directory_sha256);
    let (audit_pages, audit_events) = trail_to_file(core, audit_up_to, audit.path()).await?;
    let mut taken = Taken {
        manifest: Manifest {
            format: FORMAT.to_owned(),
            version: VERSION,
            taken_at: taken_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            pbm_version: env!("CARGO_PKG_VERSION").to_owned(),
            settings_source: core.runtime_settings.name().to_owned(),
            root_dn: mapping.root().to_owned(),
            entries,
            settings: values.len() as u64,
            audit_events,
            sha256,
        },
        settings,
        directory,
        directory_len,
        audit,
        audit_pages,
    };
    let mut hash = sha2::Sha256::new();
    let mut file = tokio::fs::File::open(taken.audit.path()).await.map_err(Error::internal)?;
    // In the order the archive holds them: oldest page first.
    for &(offset, len) in taken.audit_pages.iter().rev() {
        hash.update(read_range(&mut file, offset, len).await?);
    }
    taken.manifest.sha256.insert(AUDIT.to_owned(), hex::encode(hash.finalize()));
    Ok(taken)
}

/// Exports the whole directory into `path`; (entries, bytes, SHA-256).
async fn export_to_file(core: &Core, mapping: &LdifMapping, path: &Path) -> Result<(u64, u64, String)> {
    let (tx, mut rx) = mpsc::channel::<Result<Vec<u8>>>(4);
    let mut file = tokio::fs::OpenOptions::new().append(true).open(path).await.map_err(Error::internal)?;
    let writing = tokio::spawn(async move {
        let (mut hash, mut len) = (sha2::Sha256::new(), 0u64);
        while let Some(chunk) = rx.recv().await {
            let chunk = chunk?;
            hash.update(&chunk);
            len += chunk.len() as u64;
            file.write_all(&chunk).await.map_err(Error::internal)?;
        }
        file.flush().await.map_err(Error::internal)?;
        Ok::<_, Error>((len, hex::encode(hash.finalize())))
    });
    let mut writer = ChunkWriter { tx, buffer: Vec::with_capacity(CHUNK), entries: 0 };
    let exported = async {
        export_into(core, mapping, "", &mut writer).await?;
        writer.flush().await
    }
    .await;
    let entries = writer.entries;
    drop(writer);
    let written = writing.await.map_err(Error::internal)?;
    exported?;
    let (len, sha) = written?;
    Ok((entries, len, sha))
}

/// Writes the trail up to event `up_to` into `path`, page by page from the
/// newest; returns each page's (offset, length) and the number of events.
async fn trail_to_file(core: &Core, up_to: i64, path: &Path) -> Result<(Vec<(u64, u64)>, u64)> {
    let mut file = tokio::fs::OpenOptions::new().append(true).open(path).await.map_err(Error::internal)?;
    let (mut pages, mut offset, mut events) = (Vec::new(), 0u64, 0u64);
    let mut before = up_to + 1;
    while before > 1 {
        let page =
            core.audit.list(&AuditQuery { before_id: Some(before), limit: AUDIT_PAGE, ..Default::default() }).await?;
        let Some(last) = page.last() else { break };
        before = last.id;
        let mut bytes = Vec::new();
        for stored in page.iter().rev() {
            serde_json::to_writer(&mut bytes, &AuditLine::of(&stored.event)).map_err(Error::internal)?;
            bytes.push(b'\n');
        }
        file.write_all(&bytes).await.map_err(Error::internal)?;
        pages.push((offset, bytes.len() as u64));
        offset += bytes.len() as u64;
        events += page.len() as u64;
        if page.len() < AUDIT_PAGE {
            break;
        }
    }
    file.flush().await.map_err(Error::internal)?;
    Ok((pages, events))
}

async fn read_range(file: &mut tokio::fs::File, offset: u64, len: u64) -> Result<Vec<u8>> {
    file.seek(std::io::SeekFrom::Start(offset)).await.map_err(Error::internal)?;
    let mut bytes = vec![0u8; len as usize];
    file.read_exact(&mut bytes).await.map_err(Error::internal)?;
    Ok(bytes)
}

/// Streams the archive of `taken` into `tx`.
async fn send_archive(taken: &Taken, tx: &mpsc::Sender<Result<Vec<u8>>>) -> Result<()> {
    let send = |bytes: Vec<u8>| async move {
        tx.send(Ok(bytes)).await.map_err(|_| Error::Unavailable("the snapshot was cancelled".into()))
    };
    let mtime = chrono::DateTime::parse_from_rfc3339(&taken.manifest.taken_at).map_or(0, |t| t.timestamp());
    let header = |name: &str, size: u64| tar::file_header(name, size, mtime).map_err(Error::internal);
    let manifest = serde_json::to_vec_pretty(&taken.manifest).map_err(Error::internal)?;
    for (name, body) in [(MANIFEST, &manifest), (SETTINGS, &taken.settings)] {
        let mut bytes = header(name, body.len() as u64)?.to_vec();
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(tar::padding(body.len() as u64));
        send(bytes).await?;
    }
    send(header(DIRECTORY, taken.directory_len)?.to_vec()).await?;
    let mut file = tokio::fs::File::open(taken.directory.path()).await.map_err(Error::internal)?;
    let mut sent = 0u64;
    loop {
        let mut chunk = vec![0u8; CHUNK];
        let n = file.read(&mut chunk).await.map_err(Error::internal)?;
        if n == 0 {
            break;
        }
        chunk.truncate(n);
        sent += n as u64;
        send(chunk).await?;
    }
    if sent != taken.directory_len {
        return Err(Error::internal(anyhow::anyhow!("the spooled directory changed size while sent")));
    }
    send(tar::padding(sent).to_vec()).await?;
    let audit_len = taken.audit_len();
    send(header(AUDIT, audit_len)?.to_vec()).await?;
    let mut file = tokio::fs::File::open(taken.audit.path()).await.map_err(Error::internal)?;
    for &(offset, len) in taken.audit_pages.iter().rev() {
        send(read_range(&mut file, offset, len).await?).await?;
    }
    let mut tail = tar::padding(audit_len).to_vec();
    tail.extend_from_slice(&tar::end());
    send(tail).await
}

/// A snapshot taken apart and checked against its manifest.
struct Unpacked {
    manifest: Manifest,
    settings: Vec<u8>,
    directory: Spool,
    directory_sha256: String,
    audit: Spool,
}

fn bad(what: impl std::fmt::Display) -> Error {
    Error::invalid("data", format!("not a valid pbm snapshot: {what}"))
}

/// Takes the spooled archive apart into its members, checking the
/// manifest, every member's SHA-256 and every audit line.
async fn unpack(archive: Spool) -> Result<Unpacked> {
    let id = new_import_id();
    let directory = Spool::create(&format!("pbm-restore-{id}.ldif"))?;
    let audit = Spool::create(&format!("pbm-restore-{id}.audit"))?;
    let paths = (archive.path().to_owned(), directory.path().to_owned(), audit.path().to_owned());
    let (manifest, settings, directory_sha256) =
        tokio::task::spawn_blocking(move || unpack_files(&paths.0, &paths.1, &paths.2))
            .await
            .map_err(Error::internal)??;
    drop(archive);
    Ok(Unpacked { manifest, settings, directory, directory_sha256, audit })
}

/// [`unpack`]'s work on files: the members in their order, each checked.
fn unpack_files(archive: &Path, directory: &Path, audit: &Path) -> Result<(Manifest, Vec<u8>, String)> {
    let file = std::fs::File::open(archive).map_err(Error::internal)?;
    let mut reader = tar::Reader::new(BufReader::new(file));
    let mut manifest_bytes = Vec::new();
    expect_member(&mut reader, MANIFEST, Some(MAX_MANIFEST))?;
    copy_member(&mut reader, &mut manifest_bytes)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| bad(format!("{MANIFEST}: {e}")))?;
    if manifest.format != FORMAT {
        return Err(bad(format!("{MANIFEST} names the format {:?}", manifest.format)));
    }
    if manifest.version != VERSION {
        return Err(bad(format!("it is of version {}, this pbm reads version {VERSION}", manifest.version)));
    }
    let check = |name: &str, sha256: String| -> Result<String> {
        if manifest.sha256.get(name) == Some(&sha256) {
            Ok(sha256)
        } else {
            Err(bad(format!("{name} does not match its SHA-256 in the manifest (damaged or altered)")))
        }
    };
    let mut settings = Vec::new();
    expect_member(&mut reader, SETTINGS, Some(MAX_SETTINGS_DUMP as u64))?;
    check(SETTINGS, copy_member(&mut reader, &mut settings)?)?;
    let open = |path: &Path| -> Result<std::io::BufWriter<std::fs::File>> {
        let file = std::fs::OpenOptions::new().append(true).open(path).map_err(Error::internal)?;
        Ok(std::io::BufWriter::new(file))
    };
    expect_member(&mut reader, DIRECTORY, None)?;
    let mut out = open(directory)?;
    let directory_sha256 = check(DIRECTORY, copy_member(&mut reader, &mut out)?)?;
    out.flush().map_err(Error::internal)?;
    expect_member(&mut reader, AUDIT, None)?;
    let mut out = open(audit)?;
    check(AUDIT, copy_member(&mut reader, &mut out)?)?;
    out.flush().map_err(Error::internal)?;
    if let Some(extra) = reader.next_member().map_err(bad)? {
        return Err(bad(format!("unexpected member {}", extra.name)));
    }
    let mut events = 0u64;
    for (i, line) in BufReader::new(std::fs::File::open(audit).map_err(Error::internal)?).lines().enumerate() {
        let line = line.map_err(Error::internal)?;
        AuditLine::parse(&line).map_err(|e| bad(format!("{AUDIT} line {}: {e}", i + 1)))?;
        events += 1;
    }
    if events != manifest.audit_events {
        return Err(bad(format!("{AUDIT} holds {events} events, the manifest says {}", manifest.audit_events)));
    }
    Ok((manifest, settings, directory_sha256))
}

/// The next member must be `name` (and at most `max` bytes).
fn expect_member<R: std::io::Read>(reader: &mut tar::Reader<R>, name: &str, max: Option<u64>) -> Result<()> {
    let member = reader.next_member().map_err(bad)?.ok_or_else(|| bad(format!("{name} is missing")))?;
    if member.name != name {
        return Err(bad(format!("expected {name}, found {}", member.name)));
    }
    if max.is_some_and(|max| member.size > max) {
        return Err(bad(format!("{name} is larger than {} bytes", max.unwrap_or_default())));
    }
    Ok(())
}

/// Copies the current member into `out`; its SHA-256 (hex).
fn copy_member<R: std::io::Read>(reader: &mut tar::Reader<R>, out: &mut impl std::io::Write) -> Result<String> {
    let mut hash = sha2::Sha256::new();
    let mut buffer = vec![0u8; CHUNK];
    loop {
        let n = reader.body(&mut buffer).map_err(bad)?;
        if n == 0 {
            break;
        }
        hash.update(&buffer[..n]);
        out.write_all(&buffer[..n]).map_err(Error::internal)?;
    }
    Ok(hex::encode(hash.finalize()))
}

/// The directory part of a restore.
enum DirectoryStep {
    /// To import: the importer, the LDIF it reads and its progress.
    Import {
        importer: Box<Importer>,
        directory: Spool,
        validated: Validated,
        rx: mpsc::Receiver<Result<ImportProgress>>,
    },
    /// Imported already (a resumed restore): its last progress.
    Imported(ImportProgress),
}

/// A checked restore, applied in a task of its own.
struct Restore {
    backup: Backup,
    ctx: RequestContext,
    caller: Caller,
    manifest: Manifest,
    /// The snapshot's audit trail, checked.
    audit: Spool,
    settings: CheckedSettings,
    /// The first-start tenant to remove before importing.
    first_start: Option<String>,
    /// Id of the restore (its directory import's).
    import_id: String,
    tx: mpsc::Sender<Result<ImportProgress>>,
    /// The claim on `import_id` while the restore runs.
    _running: Running,
}

impl Restore {
    async fn run(self, directory: DirectoryStep) {
        let core = self.backup.0.clone();
        let mut event = core.event(&self.ctx, &self.caller, RESTORE_SNAPSHOT, "", "snapshot");
        let outcome = self.apply(directory).await;
        let m = &self.manifest;
        match &outcome {
            Ok((last, appended)) => {
                event.detail = format!(
                    "snapshot taken at {} restored: import {} ({} added, {} unchanged), {} settings, {appended} audit events",
                    m.taken_at,
                    last.import_id,
                    last.added,
                    last.unchanged,
                    self.settings.normal.len()
                );
            }
            Err(e) => {
                event.result = e.code_name();
                event.detail = format!("restoring the snapshot taken at {} stopped: {e}", m.taken_at);
            }
        }
        if let Err(e) = core.audit.append(&event).await {
            tracing::warn!(error = %e, "could not record a snapshot restore in the audit trail");
        }
        let _ = match outcome {
            Ok((last, _)) => self.tx.send(Ok(last)).await,
            Err(e) => self.tx.send(Err(e)).await,
        };
    }

    /// Removes the first-start objects, writes the settings, imports the
    /// directory (forwarding its progress), appends the trail; returns the
    /// import's last progress and the events appended.
    async fn apply(&self, directory: DirectoryStep) -> Result<(ImportProgress, u64)> {
        let core = &self.backup.0;
        if let Some(tenant) = &self.first_start {
            let mut event = core.event(&self.ctx, &self.caller, RESTORE_SNAPSHOT, tenant, format!("tenant:{tenant}"));
            event.detail = "first-start objects removed before restoring a snapshot".into();
            core.directory.delete_tenant(tenant, &event).await?;
        }
        self.backup.write_settings(&self.ctx, &self.caller, RESTORE_SNAPSHOT, &self.settings).await?;
        let mut last = match directory {
            DirectoryStep::Imported(last) => last,
            DirectoryStep::Import { importer, directory, validated, mut rx } => {
                let running = tokio::spawn(importer.run(directory, validated));
                let mut outcome = Err(Error::Unavailable("the directory import stopped".into()));
                while let Some(progress) = rx.recv().await {
                    match progress {
                        Ok(progress) if progress.done => outcome = Ok(progress),
                        Ok(progress) => {
                            if self.tx.send(Ok(progress)).await.is_err() {
                                outcome = Err(Error::Unavailable("the restore was cancelled by the client".into()));
                                break;
                            }
                        }
                        Err(e) => {
                            outcome = Err(e);
                            break;
                        }
                    }
                }
                // The import stops at its next progress report once nobody listens; the restore
                // keeps its claim on the id until then, so that a resume cannot race it.
                drop(rx);
                running.await.map_err(Error::internal)?;
                outcome?
            }
        };
        let appended = self.append_trail().await?;
        if let Some(tenant) = &self.first_start {
            core.sessions.end_sessions_of_tenant(tenant, crate::domain::now()).await?;
        }
        last.done = true;
        Ok((last, appended))
    }

    /// Appends the snapshot's trail, oldest first, with its original times,
    /// recording every [`TRAIL_CHECKPOINT`] events how far it got (a resumed
    /// restore appends from there: at most the events since that checkpoint
    /// are appended twice).
    async fn append_trail(&self) -> Result<u64> {
        let imports = &self.backup.0.imports;
        let id = trail_id(&self.import_id);
        let sha256 = self.manifest.sha256.get(AUDIT).cloned().unwrap_or_default();
        let skip = imports.load_import(&id).await?.map_or(0, |trail| trail.applied);
        let checkpoint = |applied: i64, done: bool| crate::ports::ImportCheckpoint {
            id: id.clone(),
            input_sha256: sha256.clone(),
            mode: TRAIL_MODE.to_owned(),
            applied,
            added: applied,
            replaced: 0,
            unchanged: 0,
            done,
            updated_at: crate::domain::now(),
        };
        let file = tokio::fs::File::open(self.audit.path()).await.map_err(Error::internal)?;
        let mut lines = tokio::io::BufReader::new(file).lines();
        let (mut position, mut appended) = (0i64, 0u64);
        while let Some(line) = lines.next_line().await.map_err(Error::internal)? {
            position += 1;
            if position <= skip {
                continue;
            }
            let event = AuditLine::parse(&line).map_err(|e| bad(format!("{AUDIT}: {e}")))?;
            self.backup.0.audit.append(&event).await?;
            appended += 1;
            if position % TRAIL_CHECKPOINT == 0 {
                imports.save_import(&checkpoint(position, false)).await?;
            }
        }
        imports.save_import(&checkpoint(position, true)).await?;
        Ok(appended)
    }
}

/// Audit events appended between two checkpoints of a restore's trail.
const TRAIL_CHECKPOINT: i64 = 500;

/// The `mode` of a trail checkpoint.
const TRAIL_MODE: &str = "restore-trail";

/// Id of the checkpoint of restore `import_id`'s trail.
fn trail_id(import_id: &str) -> String {
    format!("{import_id}-trail")
}
