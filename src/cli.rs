//! The `pbm` command line: `pbm serve` runs the server; `pbm settings`,
//! `pbm service-accounts`, `pbm keys` and `pbm backup` talk to a running server (`pbm backup --offline`: to the
//! stores of a data dir directly); `pbm secrets` manages the key file sealing secret values at rest;
//! `pbm migrate` and `pbm healthcheck` are the operator's steps around `serve` (an upgrade's
//! migration on its own; the probe container images run instead of curl); `pbm config print`
//! shows the configuration `serve` would run with. [`init_logging`] sets up every command's log.

use clap::{Parser, Subcommand};

use crate::client::{Client, ClientArgs, failure};
use crate::config::{Config, ServeArgs};
use crate::pb::{self, settings_service_client::SettingsServiceClient, user_service_client::UserServiceClient};

/// pbm: control plane of a multi-tenant corporate mail system.
#[derive(Debug, Parser)]
#[command(name = "pbm", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server: gRPC, grpc-web, reflection, health and the /v2 REST API on one port.
    Serve(ServeArgs),
    /// Read and change the settings of a running pbm (superadmin).
    Settings {
        /// How to reach pbm.
        #[command(flatten)]
        client: ClientArgs,
        /// What to do.
        #[command(subcommand)]
        action: SettingsAction,
    },
    /// Back up and restore: the directory as LDIF, the settings in etcdctl format (superadmin).
    Backup(crate::backup_cli::BackupArgs),
    /// Service accounts: identities of other programs, with scopes (admins of the tenant, superadmins).
    ServiceAccounts {
        /// How to reach pbm.
        #[command(flatten)]
        client: ClientArgs,
        /// Whose accounts.
        #[command(flatten)]
        tenant: crate::service_accounts_cli::TenantArg,
        /// What to do.
        #[command(subcommand)]
        action: crate::service_accounts_cli::AccountAction,
    },
    /// The API keys of service accounts (admins of the tenant, superadmins).
    Keys {
        /// How to reach pbm.
        #[command(flatten)]
        client: ClientArgs,
        /// Whose accounts.
        #[command(flatten)]
        tenant: crate::service_accounts_cli::TenantArg,
        /// What to do.
        #[command(subcommand)]
        action: crate::service_accounts_cli::KeyAction,
    },
    /// The key file sealing secret values at rest: make or rotate a key, reseal what is stored.
    Secrets {
        /// What to do.
        #[command(subcommand)]
        action: crate::secrets_cli::SecretsAction,
    },
    /// Synchronise from an outside source (admins of the tenant, superadmins).
    Sync {
        /// What to synchronise from.
        #[command(subcommand)]
        source: SyncSource,
    },
    /// Apply the pending schema migrations of the SQL store (what `serve` does on start), then exit.
    Migrate(MigrateArgs),
    /// Ask a running pbm for /healthz/ready (or /healthz/live): exit 0 when it answers 200.
    Healthcheck(HealthcheckArgs),
    /// The configuration `pbm serve` would run with.
    Config {
        /// What to do.
        #[command(subcommand)]
        action: ConfigAction,
    },
}

/// `pbm config …`
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the values in force (flags > environment > file > defaults) and where each came from,
    /// secrets masked; exit 1 on a configuration `pbm serve` would refuse.
    Print(ServeArgs),
}

/// `pbm migrate …`
#[derive(Debug, clap::Args)]
pub struct MigrateArgs {
    /// Only report: exit 1 when migrations are pending, change nothing.
    #[arg(long)]
    pub check: bool,
    /// The store, as `pbm serve` takes it.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// `pbm healthcheck …`
#[derive(Debug, clap::Args)]
pub struct HealthcheckArgs {
    /// Which endpoint.
    #[arg(long, value_enum, default_value = "ready")]
    pub probe: crate::health::Probe,
    /// Address to ask [default: the --listen address, on loopback when it is 0.0.0.0 or [::]].
    #[arg(long)]
    pub address: Option<std::net::SocketAddr>,
    /// Seconds to wait for the answer.
    #[arg(long, default_value_t = 5)]
    pub timeout: u64,
    /// The server's configuration (its listen address and TLS), as `pbm serve` takes it.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// `pbm sync …`
#[derive(Debug, Subcommand)]
pub enum SyncSource {
    /// The company directory (services/ad/*).
    Ad {
        /// How to reach pbm.
        #[command(flatten)]
        client: ClientArgs,
        /// The tenant.
        #[arg(long)]
        tenant: String,
        /// The mail accounts the directory owns (services/ad/accounts/*);
        /// without --accounts or --groups: the address book (services/ad/users/*).
        #[arg(long, conflicts_with = "groups")]
        accounts: bool,
        /// The groups into the tenant's mailing lists (services/ad/groups/*).
        #[arg(long)]
        groups: bool,
        /// Print what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// A full pass (finds removals) even when an incremental one would do.
        #[arg(long)]
        full: bool,
    },
    /// Bitrix24 (services/bitrix24/*): its active users into the tenant's address book.
    Bitrix24 {
        /// How to reach pbm.
        #[command(flatten)]
        client: ClientArgs,
        /// The tenant.
        #[arg(long)]
        tenant: String,
        /// Print what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// How a progress message reads on the terminal.
fn describe_progress(progress: &pb::SyncProgress) -> String {
    match pb::SyncPhase::try_from(progress.phase).unwrap_or_default() {
        pb::SyncPhase::Connecting => "connecting to the source…".to_owned(),
        pb::SyncPhase::Reading => format!("reading: {} entries", progress.read),
        pb::SyncPhase::Planning => format!("read {} entries; comparing…", progress.read),
        pb::SyncPhase::Applying => format!("writing: {} of {} changes", progress.applied, progress.planned),
        pb::SyncPhase::Done | pb::SyncPhase::Unspecified => String::new(),
    }
}

/// `pbm sync ad|bitrix24`: runs the sync through `UserService.RunSync`,
/// showing its progress on standard error (one line per phase when that is
/// not a terminal) and printing the changes, the conflicts and the counts.
async fn sync(source: SyncSource) -> anyhow::Result<()> {
    use std::io::{IsTerminal as _, Write as _};
    let (client, tenant, kind, dry_run, full) = match source {
        SyncSource::Ad { client, tenant, accounts, groups, dry_run, full } => {
            let kind = match (accounts, groups) {
                (true, _) => pb::SyncKind::Accounts,
                (_, true) => pb::SyncKind::MailListsAd,
                _ => pb::SyncKind::AddressBookAd,
            };
            (client, tenant, kind, dry_run, full)
        }
        SyncSource::Bitrix24 { client, tenant, dry_run } => {
            (client, tenant, pb::SyncKind::AddressBookBitrix24, dry_run, false)
        }
    };
    let client = Client::connect(&client).await?;
    let mut users = UserServiceClient::new(client.channel.clone());
    let request = pb::RunSyncRequest { tenant_id: tenant, kind: kind as i32, dry_run, full };
    let mut stream = users.run_sync(client.request(request)).await.map_err(failure)?.into_inner();
    let terminal = std::io::stderr().is_terminal();
    let mut last_phase = None;
    let r = loop {
        let Some(progress) = stream.message().await.map_err(failure)? else {
            anyhow::bail!("the sync ended without a report");
        };
        if let Some(report) = progress.report {
            if terminal {
                eprintln!();
            }
            break report;
        }
        if terminal {
            eprint!("\r{:<60}", describe_progress(&progress));
            let _ = std::io::stderr().flush();
        } else if last_phase != Some(progress.phase) {
            eprintln!("{}", describe_progress(&progress));
        }
        last_phase = Some(progress.phase);
    };
    for change in &r.changes {
        println!("{}{change}", if r.dry_run { "would " } else { "" });
    }
    for conflict in &r.conflicts {
        println!("conflict: {conflict}");
    }
    let what = match kind {
        pb::SyncKind::Accounts => format!("{} pass", if r.full { "full" } else { "incremental" }),
        pb::SyncKind::MailListsAd => "mailing lists".to_owned(),
        _ => "address book".to_owned(),
    };
    let updated = match kind {
        pb::SyncKind::Accounts => format!("{} (blocked {})", r.updated, r.blocked),
        _ => r.updated.to_string(),
    };
    println!(
        "{what}{}: read {}, created {}, updated {updated}, removed {}, unchanged {}, conflicts {}",
        if r.dry_run { " (dry run: nothing written)" } else { "" },
        r.read,
        r.created,
        r.removed,
        r.unchanged,
        r.conflicts.len()
    );
    Ok(())
}

/// `pbm settings …`
#[derive(Debug, Subcommand)]
pub enum SettingsAction {
    /// Show one key: value, source, default.
    Get {
        /// The key, e.g. psn/common/password_requirements/min_length.
        key: String,
    },
    /// List the keys under a prefix (all without one).
    List {
        /// Key prefix, e.g. psn/bruteforce/.
        #[arg(default_value = "")]
        prefix: String,
    },
    /// Set a key at runtime (etcd, or pbm's store without etcd).
    Put {
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// Remove a key's runtime value: the file, environment or default applies again.
    Delete {
        /// The key.
        key: String,
    },
}

fn print_setting(setting: &pb::Setting) {
    let source = pb::SettingSource::try_from(setting.source).map_or("unknown", |s| match s {
        pb::SettingSource::Default => "default",
        pb::SettingSource::File => "file",
        pb::SettingSource::Environment => "environment",
        pb::SettingSource::Runtime => "runtime",
        pb::SettingSource::Unspecified => "unknown",
    });
    println!("{} = {}\t({source}; default {:?})", setting.key, setting.value, setting.default_value);
}

async fn settings(client: ClientArgs, action: SettingsAction) -> anyhow::Result<()> {
    let client = Client::connect(&client).await?;
    let mut settings = SettingsServiceClient::new(client.channel.clone());
    match action {
        SettingsAction::Get { key } => {
            let setting = settings.get_setting(client.request(pb::GetSettingRequest { key })).await.map_err(failure)?;
            print_setting(setting.get_ref());
        }
        SettingsAction::List { prefix } => {
            let mut page_token = String::new();
            loop {
                let request = pb::ListSettingsRequest { prefix: prefix.clone(), page_size: 1000, page_token };
                let page = settings.list_settings(client.request(request)).await.map_err(failure)?.into_inner();
                page.settings.iter().for_each(print_setting);
                if page.next_page_token.is_empty() {
                    break;
                }
                page_token = page.next_page_token;
            }
        }
        SettingsAction::Put { key, value } => {
            let setting =
                settings.put_setting(client.request(pb::PutSettingRequest { key, value })).await.map_err(failure)?;
            print_setting(setting.get_ref());
        }
        SettingsAction::Delete { key } => {
            let setting =
                settings.delete_setting(client.request(pb::DeleteSettingRequest { key })).await.map_err(failure)?;
            print_setting(setting.get_ref());
        }
    }
    Ok(())
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => {
            let config = Config::resolve(args)?;
            let listener = tokio::net::TcpListener::bind(config.listen)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
            crate::server::run(listener, config, shutdown_signal()).await
        }
        Command::Settings { client, action } => settings(client, action).await,
        Command::Backup(args) => crate::backup_cli::run(args).await,
        Command::Sync { source } => sync(source).await,
        Command::Migrate(args) => migrate(args).await,
        Command::Healthcheck(args) => {
            let config = Config::resolve(args.serve)?;
            let address = args.address.unwrap_or_else(|| crate::health::local_address(config.listen));
            let timeout = std::time::Duration::from_secs(args.timeout);
            let body = crate::health::probe(address, config.tls.is_some(), args.probe, timeout).await?;
            println!("{}", body.trim());
            Ok(())
        }
        Command::Config { action: ConfigAction::Print(args) } => {
            let config = Config::resolve(args)?;
            let lines = config.describe();
            let width = lines.iter().map(|(name, ..)| name.len()).max().unwrap_or(0);
            for (name, value, source) in lines {
                println!("{name:width$} = {value:?}  # {source}");
            }
            Ok(())
        }
        Command::Secrets { action } => crate::secrets_cli::run(action).await,
        Command::ServiceAccounts { client, tenant, action } => {
            crate::service_accounts_cli::accounts(client, tenant, action).await
        }
        Command::Keys { client, tenant, action } => crate::service_accounts_cli::keys(client, tenant, action).await,
    }
}

/// `pbm migrate`: reports the SQL store's migrations, applies the pending
/// ones by opening the stores as `pbm serve` does (no bootstrap, no
/// listener), and reports again. `--check` only reports.
async fn migrate(args: MigrateArgs) -> anyhow::Result<()> {
    let config = Config::resolve(args.serve)?;
    let url = crate::migrate::sql_url(&config.store, config.state_store.as_deref());
    let before = crate::migrate::status(url, &config.data_dir).await?;
    println!("{}: {}", crate::store::redact(url), before.summary());
    for pending in &before.pending {
        println!("pending: {} {}", pending.version, pending.description);
    }
    if args.check {
        anyhow::ensure!(before.is_current(), "the database is not current: {}", before.summary());
        return Ok(());
    }
    crate::security::private_files::ensure_private_dir(&config.data_dir)?;
    let settings = config.settings.compose(&Default::default()).map_err(|e| anyhow::anyhow!(e))?;
    drop(
        crate::store::open_with(crate::store::StoreOptions {
            url: &config.store,
            state_url: config.state_store.as_deref(),
            data_dir: &config.data_dir,
            settings: &settings,
        })
        .await?,
    );
    let after = crate::migrate::status(url, &config.data_dir).await?;
    println!("migrated: {}", after.summary());
    anyhow::ensure!(after.is_current(), "the database is still not current: {}", after.summary());
    Ok(())
}

/// Sets up the log of a command. `pbm serve` writes JSON lines to stdout
/// when stdout is not a terminal (a container, a unit, a pipe: what log
/// collectors read), and readable lines to stderr on a terminal. The
/// one-shot commands log to stderr, since their stdout is their output
/// (`pbm backup -o -`, `pbm config print`). `PBM_LOG_FORMAT=json|text`
/// chooses the format (JSON goes to stdout for `serve`); `PBM_LOG` (or
/// `RUST_LOG`) the level, `info` by default.
pub fn init_logging(command: &Command) {
    use std::io::IsTerminal as _;
    use tracing_subscriber::{EnvFilter, fmt};
    let filter = EnvFilter::try_from_env("PBM_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let serving = matches!(command, Command::Serve(_));
    let json = match std::env::var("PBM_LOG_FORMAT").map(|f| f.to_ascii_lowercase()).as_deref() {
        Ok("json") => true,
        Ok("text") => false,
        _ => serving && !std::io::stdout().is_terminal(),
    };
    match (json, serving) {
        (true, true) => fmt().json().with_env_filter(filter).with_writer(std::io::stdout).init(),
        (true, false) => fmt().json().with_env_filter(filter).with_writer(std::io::stderr).init(),
        (false, _) => fmt().with_env_filter(filter).with_writer(std::io::stderr).init(),
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing the SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
