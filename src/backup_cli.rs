//! `pbm backup …`: the BackupService from the command line, either online —
//! over gRPC against a running pbm, with a superadmin's token — or offline,
//! on the stores of a data dir / store URL opened in this process (no
//! server running; the operator holding the data dir and its signing key
//! acts as a superadmin named [`OFFLINE_ACTOR`] in the audit trail).
//! Files written hold secret material and are created mode 0600; progress
//! goes to stderr.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use futures::stream::BoxStream;
use futures::{StreamExt as _, TryStreamExt as _};

use crate::client::{Client, ClientArgs, failure};
use crate::config::{Config, ServeArgs};
use crate::pb::{self, backup_service_client::BackupServiceClient};
use crate::service::backup::{ImportMode, ImportOptions, ImportProgress};
use crate::service::{RequestContext, Services};

/// The account offline runs act as (audit trail).
pub const OFFLINE_ACTOR: &str = "offline-cli";

/// Bytes per message sent to pbm.
const SEND_CHUNK: usize = 256 * 1024;

/// `pbm backup …` arguments.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// How to reach a running pbm (online, the default).
    #[command(flatten)]
    pub client: ClientArgs,
    /// Work on the stores of --data-dir / --store / --config directly, without a server.
    #[arg(long)]
    pub offline: bool,
    /// The stores (with --offline): the same flags and variables as `pbm serve`.
    #[command(flatten)]
    pub store: ServeArgs,
    /// What to do.
    #[command(subcommand)]
    pub action: BackupAction,
}

/// How `pbm backup import` treats existing entries.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ModeArg {
    /// Add absent entries, leave existing ones untouched (the guide's default).
    AddMissing,
    /// Overwrite existing entries with the imported ones.
    Replace,
}

/// `pbm backup …` actions.
#[derive(Debug, clap::Subcommand)]
pub enum BackupAction {
    /// Export the directory (or one tenant) as LDIF. SECRET: holds password hashes and TLS private keys.
    Export {
        /// Only this tenant (no web domains).
        #[arg(long)]
        tenant: Option<String>,
        /// File to write (mode 0600), `-` for stdout.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Import LDIF (pbm's export, or the guide's ldapsearch dump of a pbm directory).
    Import {
        /// The LDIF file.
        file: PathBuf,
        /// add-missing or replace.
        #[arg(long, value_enum, default_value = "add-missing")]
        mode: ModeArg,
        /// Only report what would change.
        #[arg(long)]
        dry_run: bool,
        /// Resume the interrupted import with this id (printed in its progress), same file and mode.
        #[arg(long)]
        resume: Option<String>,
    },
    /// Dump the runtime settings as `etcdctl get --prefix ''` prints them. SECRET: holds passwords.
    SettingsDump {
        /// Only keys with this prefix.
        #[arg(long, default_value = "")]
        prefix: String,
        /// File to write (mode 0600), `-` for stdout.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Restore such a dump into the runtime settings (etcd, or the store).
    SettingsRestore {
        /// The dump.
        file: PathBuf,
    },
    /// Take a snapshot: directory, settings and audit trail at one point in time, as a tar archive.
    /// SECRET: holds password hashes, TLS private keys and secret settings.
    Snapshot {
        /// File to write (mode 0600), `-` for stdout.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Restore a snapshot into an empty installation (any backend).
    Restore {
        /// The snapshot (tar archive).
        file: PathBuf,
        /// Resume the interrupted restore with this import id (printed in its progress), same file.
        #[arg(long)]
        resume: Option<String>,
    },
}

/// Where the calls go.
enum Target {
    Online(Client),
    Offline(Box<Services>, RequestContext),
}

impl Target {
    async fn open(args: &BackupArgs) -> anyhow::Result<Self> {
        if !args.offline {
            return Ok(Self::Online(Client::connect(&args.client).await?));
        }
        let config = Config::resolve(args.store.clone())?;
        let app = crate::server::build(&config).await?;
        for path in crate::service::backup::sweep_stale_spools(None, crate::server::STALE_SPOOL) {
            eprintln!("removed {}, the spool file of an import that was killed", path.display());
        }
        let core = app.services.core().clone();
        let session_id = hex::encode(rand::random::<[u8; 16]>());
        let now = crate::domain::now();
        let session = crate::ports::Session {
            id: session_id.clone(),
            account: OFFLINE_ACTOR.into(),
            tenant_id: String::new(),
            created_at: now,
            expires_at: now + chrono::Duration::days(1),
        };
        let refresh = crate::ports::StoredRefreshToken {
            hash: hex::encode(rand::random::<[u8; 32]>()),
            session_id: session_id.clone(),
            expires_at: session.expires_at,
        };
        core.sessions.open_session(&session, &refresh).await?;
        let claims = crate::security::tokens::TokenSigner::claims(
            OFFLINE_ACTOR,
            "",
            crate::domain::Role::Superadmin,
            &session_id,
            std::time::Duration::from_secs(24 * 3600),
        );
        let token = core.signer.sign(&claims)?;
        let ctx = RequestContext { bearer: Some(token), ..Default::default() };
        Ok(Self::Offline(Box::new(app.services), ctx))
    }

    async fn close(&self) {
        if let Self::Offline(services, ctx) = self {
            let core = services.core();
            if let Some(claims) = ctx.bearer.as_deref().and_then(|t| core.signer.verify(t).ok()) {
                let _ = core.sessions.end_session(&claims.sid, crate::domain::now()).await;
            }
        }
    }

    async fn export(&self, tenant: &str) -> anyhow::Result<BoxStream<'static, anyhow::Result<Vec<u8>>>> {
        match self {
            Self::Online(client) => {
                let request = client.request(pb::ExportDirectoryRequest { tenant_id: tenant.into() });
                let stream = BackupServiceClient::new(client.channel.clone())
                    .export_directory(request)
                    .await
                    .map_err(failure)?
                    .into_inner();
                Ok(stream.map_ok(|c| c.data).map_err(failure).boxed())
            }
            Self::Offline(services, ctx) => {
                Ok(services.backup.export(ctx, tenant).await?.map_err(anyhow::Error::from).boxed())
            }
        }
    }

    async fn snapshot(&self) -> anyhow::Result<BoxStream<'static, anyhow::Result<Vec<u8>>>> {
        match self {
            Self::Online(client) => {
                let request = client.request(pb::CreateSnapshotRequest {});
                let stream = BackupServiceClient::new(client.channel.clone())
                    .create_snapshot(request)
                    .await
                    .map_err(failure)?
                    .into_inner();
                Ok(stream.map_ok(|c| c.data).map_err(failure).boxed())
            }
            Self::Offline(services, ctx) => {
                Ok(services.backup.create_snapshot(ctx).await?.map_err(anyhow::Error::from).boxed())
            }
        }
    }

    async fn restore(
        &self,
        resume: Option<String>,
        file: &Path,
    ) -> anyhow::Result<BoxStream<'static, anyhow::Result<ImportProgress>>> {
        let chunks = file_chunks(file)?;
        match self {
            Self::Online(client) => {
                let resume_id = resume.unwrap_or_default();
                let messages = sent_chunks(chunks, "the snapshot").enumerate().map(move |(i, data)| {
                    let resume_id = if i == 0 { resume_id.clone() } else { String::new() };
                    pb::RestoreSnapshotRequest { data, resume_id }
                });
                let stream = BackupServiceClient::new(client.channel.clone())
                    .restore_snapshot(client.request(messages))
                    .await
                    .map_err(failure)?
                    .into_inner();
                Ok(stream.map_ok(|p| progress_of(&p)).map_err(failure).boxed())
            }
            Self::Offline(services, ctx) => {
                let data = chunks.map_err(crate::Error::internal).boxed();
                Ok(services.backup.restore_snapshot(ctx, resume, data).await?.map_err(anyhow::Error::from).boxed())
            }
        }
    }

    async fn import(
        &self,
        options: ImportOptions,
        file: &Path,
    ) -> anyhow::Result<BoxStream<'static, anyhow::Result<ImportProgress>>> {
        let chunks = file_chunks(file)?;
        match self {
            Self::Online(client) => {
                let mode = match options.mode {
                    ImportMode::AddMissing => pb::ImportMode::AddMissing,
                    ImportMode::Replace => pb::ImportMode::Replace,
                };
                let first = pb::ImportDirectoryRequest {
                    part: Some(pb::import_directory_request::Part::Options(pb::ImportOptions {
                        mode: mode as i32,
                        dry_run: options.dry_run,
                        resume_id: options.resume_id.clone().unwrap_or_default(),
                    })),
                };
                let data = sent_chunks(chunks, "the input").map(|data| pb::ImportDirectoryRequest {
                    part: Some(pb::import_directory_request::Part::Data(data)),
                });
                let messages = futures::stream::iter([first]).chain(data);
                let stream = BackupServiceClient::new(client.channel.clone())
                    .import_directory(client.request(messages))
                    .await
                    .map_err(failure)?
                    .into_inner();
                Ok(stream.map_ok(|p| progress_of(&p)).map_err(failure).boxed())
            }
            Self::Offline(services, ctx) => {
                let data = chunks.map_err(crate::Error::internal).boxed();
                Ok(services.backup.import(ctx, options, data).await?.map_err(anyhow::Error::from).boxed())
            }
        }
    }

    async fn dump_settings(&self, prefix: &str) -> anyhow::Result<Vec<u8>> {
        match self {
            Self::Online(client) => {
                let request = client.request(pb::DumpSettingsRequest { prefix: prefix.into() });
                let mut stream = BackupServiceClient::new(client.channel.clone())
                    .dump_settings(request)
                    .await
                    .map_err(failure)?
                    .into_inner();
                let mut bytes = Vec::new();
                while let Some(chunk) = stream.next().await {
                    bytes.extend(chunk.map_err(failure)?.data);
                }
                Ok(bytes)
            }
            Self::Offline(services, ctx) => Ok(services.backup.dump_settings(ctx, prefix).await?),
        }
    }

    async fn restore_settings(&self, file: &Path) -> anyhow::Result<i32> {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        match self {
            Self::Online(client) => {
                let messages: Vec<pb::RestoreSettingsRequest> =
                    bytes.chunks(SEND_CHUNK).map(|c| pb::RestoreSettingsRequest { data: c.to_vec() }).collect();
                let response = BackupServiceClient::new(client.channel.clone())
                    .restore_settings(client.request(futures::stream::iter(messages)))
                    .await
                    .map_err(failure)?;
                Ok(response.into_inner().keys_written)
            }
            Self::Offline(services, ctx) => {
                let data = futures::stream::iter([Ok(bytes)]).boxed();
                Ok(services.backup.restore_settings(ctx, data).await?)
            }
        }
    }
}

fn progress_of(p: &pb::ImportProgress) -> ImportProgress {
    ImportProgress {
        import_id: p.import_id.clone(),
        entries_read: p.entries_read,
        added: p.added,
        replaced: p.replaced,
        unchanged: p.unchanged,
        done: p.done,
    }
}

/// The chunks of a file to send up to the first read error, which is
/// reported on stderr: the rest is not sent, so the server sees a cut input
/// (a snapshot then fails its checksums; an LDIF cut between entries does
/// not), never one with a gap in the middle.
fn sent_chunks(
    chunks: BoxStream<'static, std::io::Result<Vec<u8>>>,
    what: &'static str,
) -> impl futures::Stream<Item = Vec<u8>> + Send + 'static {
    chunks
        .take_while(move |chunk| {
            if let Err(e) = chunk {
                eprintln!("pbm: reading {what}: {e}; stopped sending it");
            }
            futures::future::ready(chunk.is_ok())
        })
        .filter_map(|chunk| futures::future::ready(chunk.ok()))
}

/// A file read in chunks.
fn file_chunks(path: &Path) -> anyhow::Result<BoxStream<'static, std::io::Result<Vec<u8>>>> {
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let stream = futures::stream::unfold(Some(file), |file| async move {
        use std::io::Read as _;
        let mut file = file?;
        let mut buffer = vec![0u8; SEND_CHUNK];
        match file.read(&mut buffer) {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok(buffer), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    Ok(stream.boxed())
}

/// Opens an output: stdout for `-`, else a file created (or truncated)
/// with mode 0600 — it holds secrets.
fn output(path: &Path) -> anyhow::Result<Box<dyn std::io::Write>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdout().lock()));
    }
    let file = crate::security::private_files::owner_only()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // An existing file keeps its mode on open: narrow it.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(Box::new(std::io::BufWriter::new(file)))
}

fn print_progress(p: &ImportProgress) {
    let state = if p.done { "done" } else { "importing" };
    eprintln!(
        "{state}: {} entries read, {} added, {} replaced, {} unchanged (import {})",
        p.entries_read, p.added, p.replaced, p.unchanged, p.import_id
    );
}

/// Writes a stream of bytes to `path` (mode 0600, `-` for stdout), with
/// progress every 16 MiB; returns the bytes written.
async fn write_stream(
    mut stream: BoxStream<'static, anyhow::Result<Vec<u8>>>,
    path: &Path,
    what: &str,
) -> anyhow::Result<usize> {
    let mut out = output(path)?;
    let (mut bytes, mut shown) = (0usize, 0usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        out.write_all(&chunk)?;
        bytes += chunk.len();
        if bytes - shown >= 16 << 20 {
            eprintln!("{what}: {} MiB", bytes >> 20);
            shown = bytes;
        }
    }
    out.flush()?;
    Ok(bytes)
}

/// Prints the progress of an import or restore; fails unless it got done,
/// saying how to resume.
async fn follow_progress(
    mut stream: BoxStream<'static, anyhow::Result<ImportProgress>>,
    what: &str,
) -> anyhow::Result<()> {
    let (mut done, mut id) = (false, String::new());
    while let Some(progress) = stream.next().await {
        let progress = progress.with_context(|| match id.as_str() {
            "" => format!("the {what} failed"),
            id => format!("{what} {id} stopped: resume it with --resume {id}"),
        })?;
        print_progress(&progress);
        done |= progress.done;
        id = progress.import_id;
    }
    if !done {
        anyhow::bail!("{what} {id} ended before it was done: resume it with --resume {id}");
    }
    Ok(())
}

/// Runs `pbm backup …`.
pub async fn run(args: BackupArgs) -> anyhow::Result<()> {
    let target = Target::open(&args).await?;
    let result = run_on(&target, args.action).await;
    target.close().await;
    result
}

async fn run_on(target: &Target, action: BackupAction) -> anyhow::Result<()> {
    match action {
        BackupAction::Export { tenant, output: path } => {
            let stream = target.export(tenant.as_deref().unwrap_or_default()).await?;
            let bytes = write_stream(stream, &path, "exported").await?;
            eprintln!("exported {bytes} bytes of LDIF");
        }
        BackupAction::Import { file, mode, dry_run, resume } => {
            let mode = match mode {
                ModeArg::AddMissing => ImportMode::AddMissing,
                ModeArg::Replace => ImportMode::Replace,
            };
            let options = ImportOptions { mode, dry_run, resume_id: resume };
            follow_progress(target.import(options, &file).await?, "import").await?;
        }
        BackupAction::Snapshot { output: path } => {
            let bytes = write_stream(target.snapshot().await?, &path, "snapshot").await?;
            eprintln!("wrote a snapshot of {bytes} bytes");
        }
        BackupAction::Restore { file, resume } => {
            follow_progress(target.restore(resume, &file).await?, "restore").await?;
        }
        BackupAction::SettingsDump { prefix, output: path } => {
            let dump = target.dump_settings(&prefix).await?;
            let mut out = output(&path)?;
            out.write_all(&dump)?;
            out.flush()?;
            eprintln!("dumped {} keys", dump.iter().filter(|&&b| b == b'\n').count() / 2);
        }
        BackupAction::SettingsRestore { file } => {
            let written = target.restore_settings(&file).await?;
            eprintln!("restored {written} keys");
        }
    }
    Ok(())
}
