//! `pbm-bench directory`: the company-directory syncs and the logins of
//! directory-owned accounts (issues 16 and 23), against the Samba AD DC of
//! `scripts/servers/up.sh samba` (its `PBM_TEST_SAMBA_*` variables), each
//! beside a baseline measured in the same run:
//!
//! - in an OU of the run's own under `OU=Tests`, `--users` people (Cyrillic
//!   names; the first one with a password, set as `unicodePwd` over LDAPS,
//!   and enabled) added over LDAPS by [`WRITERS`] connections, the add rate
//!   reported;
//! - the raw paged ldap3 search of those entries with the attributes the
//!   syncs read (the floor of every sync; [`RAW_SEARCHES`] times, the
//!   median); a raw LDAPS connect + bind as the person with the password,
//!   connected with ldap3's defaults (Nagle's algorithm on: the bind
//!   request sent right after the TLS handshake's last message waits for
//!   that message's delayed ACK), the same with `TCP_NODELAY` on the socket
//!   as pbm's directory reader connects (the floor of a directory login,
//!   pbm checking a password on a connection of its own), and the bind
//!   alone on an open connection (the directory's own share), each as many
//!   times as the logins;
//! - pbm (a `pbm serve` child on SQLite) owning tenant `corp`'s accounts
//!   (domain corp.test, the people's) and filling tenant `book`'s address
//!   book (domain book.test: a tenant's book refuses addresses its own users
//!   hold, so it is another tenant) from that OU: the first accounts sync
//!   (every account created) and the first cabsync (every contact created)
//!   into empty tenants; then `--changed` people's `title` changed at the
//!   source and the default (incremental) accounts pass; the same people
//!   changed again and a full accounts pass; a full pass with nothing left
//!   to change; the book's second pass (always full), which sees the same
//!   people changed;
//! - Login (gRPC) of the directory-owned person `--logins` times, one at a
//!   time: p50 and p99 against each raw figure.
//!
//! The report is `directory.json` and `directory.md` in the output
//! directory (the Markdown also on stdout). The OU and its people are
//! deleted at the end, also after a failure or a Ctrl-C.

use std::{
    collections::HashSet,
    path::{Path, PathBuf},
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    },
    time::Instant,
};

use anyhow::{Context as _, ensure};
use ldap3::{
    Ldap, LdapConnAsync, LdapConnSettings, Mod, Scope, SearchEntry,
    adapters::{Adapter, EntriesOnly, PagedResults},
};
use serde::Serialize;
use tonic::{
    Request,
    metadata::{Ascii, MetadataValue},
    transport::Channel,
};

use pbm::pb::{self, auth_service_client::AuthServiceClient, user_service_client::UserServiceClient};

use super::{CREATOR, CREATOR_PASSWORD, procs, report::Machine, write_private};

/// The password of the person whose logins are measured.
const PERSON_PASSWORD: &str = "Bench-Passw0rd!";
/// Connections adding, changing and deleting people at once.
const WRITERS: usize = 4;
/// Times the raw search runs; its median is the floor the passes are divided by.
const RAW_SEARCHES: usize = 3;
/// Entries per page of the raw search: pbm's `services/ad/page_size` default (AD's limit).
const PAGE: i32 = 1000;
/// The attributes the two syncs read with their default mappings (accounts:
/// `services/ad/accounts/mapping` and the status; the book:
/// `services/ad/users/mapping`), and the reader's bookkeeping (the stable id,
/// the change mark).
const SYNC_ATTRIBUTES: [&str; 18] = [
    "mail",
    "givenName",
    "sn",
    "cn",
    "displayName",
    "title",
    "department",
    "telephoneNumber",
    "mobile",
    "l",
    "proxyAddresses",
    "physicalDeliveryOfficeName",
    "streetAddress",
    "telexNumber",
    "userAccountControl",
    "nsAccountLock",
    "objectGUID",
    "uSNChanged",
];

/// The pbm child of the run while it runs (0: none), stopped if the run is interrupted.
static PBM_PID: AtomicU32 = AtomicU32::new(0);

/// `pbm-bench directory`.
#[derive(Debug, clap::Parser)]
#[command(name = "pbm-bench directory")]
pub struct DirectoryArgs {
    /// People in the directory.
    #[arg(long, default_value_t = 10_000)]
    users: usize,
    /// People changed at the source before the second passes.
    #[arg(long, default_value_t = 100)]
    changed: usize,
    /// Logins measured (and raw binds of each kind).
    #[arg(long, default_value_t = 500)]
    logins: usize,
    /// Output directory [default: target/pbm-bench/directory-USERS-TIME].
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The test domain controller, from `PBM_TEST_SAMBA_*`.
struct Samba {
    host: String,
    ca_file: String,
    server_name: String,
    bind_dn: String,
    password: String,
    base: String,
}

impl Samba {
    fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| {
            std::env::var(format!("PBM_TEST_SAMBA_{name}")).with_context(|| {
                format!("PBM_TEST_SAMBA_{name} is not set: start the Samba AD DC (scripts/servers/up.sh samba) and source /tmp/pbm-test-servers/env")
            })
        };
        Ok(Self {
            host: var("HOST")?,
            ca_file: var("CA_FILE")?,
            server_name: var("SERVER_NAME")?,
            bind_dn: var("BIND_DN")?,
            password: var("ADMIN_PW")?,
            base: var("BASE_DN")?,
        })
    }

    /// An LDAPS connection, not bound yet, with ldap3's defaults, or with
    /// `TCP_NODELAY` on its socket as pbm's directory reader opens one.
    async fn connect_with(&self, nodelay: bool) -> anyhow::Result<Ldap> {
        let tls = pbm::directory::tls::client_config(&self.ca_file, &self.server_name).map_err(anyhow::Error::msg)?;
        let mut settings = LdapConnSettings::new().set_config(tls);
        let url = format!("ldaps://{}:636", self.host);
        if nodelay {
            let tcp = tokio::net::TcpStream::connect((self.host.as_str(), 636)).await.with_context(|| url.clone())?;
            tcp.set_nodelay(true)?;
            settings = settings.set_std_stream(ldap3::StdStream::Tcp(tcp.into_std()?));
        }
        let (conn, ldap) = LdapConnAsync::with_settings(settings, &url).await.with_context(|| url.clone())?;
        tokio::spawn(async move {
            let _ = conn.drive().await;
        });
        Ok(ldap)
    }

    /// An LDAPS connection with ldap3's defaults, not bound yet.
    async fn connect(&self) -> anyhow::Result<Ldap> {
        self.connect_with(false).await
    }

    /// An LDAPS connection bound as the administrator.
    async fn admin(&self) -> anyhow::Result<Ldap> {
        let mut ldap = self.connect().await?;
        ldap.simple_bind(&self.bind_dn, &self.password).await?.success()?;
        Ok(ldap)
    }

    /// pbm's connection settings for this controller (as tests/support/ad.rs gives them).
    fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("services/ad/host", self.host.clone()),
            ("services/ad/port", "636".into()),
            ("services/ad/ssl", "true".into()),
            ("services/ad/ca_file", self.ca_file.clone()),
            ("services/ad/server_name", self.server_name.clone()),
            ("services/ad/bind_dn", self.bind_dn.clone()),
            ("services/ad/password", self.password.clone()),
        ]
    }
}

/// `value` as the UTF-16 `unicodePwd` AD takes.
fn unicode_pwd(password: &str) -> Vec<u8> {
    format!("\"{password}\"").encode_utf16().flat_map(u16::to_le_bytes).collect()
}

const GIVEN: [&str; 8] = ["Алексей", "Мария", "Дмитрий", "Елена", "Сергей", "Наталья", "Андрей", "Ирина"];
const SURNAMES: [&str; 8] = ["Иванов", "Кузнецова", "Соколов", "Попова", "Лебедев", "Козлова", "Новиков", "Морозова"];

/// The DN and address of person `i` of the run `tag` in `ou`.
fn person(ou: &str, tag: &str, i: usize) -> (String, String) {
    (format!("CN=b{tag}p{i:05},{ou}"), format!("b{tag}p{i:05}@corp.test"))
}

/// Person `i` of the `changed` (all different), in a run of `people`:
/// spread evenly over the directory, never person 0 (the one who logs in).
fn changed_person(i: usize, changed: usize, people: usize) -> usize {
    1 + i * (people - 1) / changed
}

/// Adds person `i`; the first gets a password (and logs in).
async fn add_person(ldap: &mut Ldap, ou: &str, tag: &str, i: usize) -> anyhow::Result<()> {
    let (dn, mail) = person(ou, tag, i);
    let sam = format!("b{tag}p{i:05}");
    let (given, surname) = (GIVEN[i % GIVEN.len()], SURNAMES[(i / GIVEN.len()) % SURNAMES.len()]);
    let display = format!("{given} {surname}-{i}");
    let mut attrs: Vec<(Vec<u8>, HashSet<Vec<u8>>)> = Vec::new();
    let mut one = |name: &str, value: &[u8]| attrs.push((name.as_bytes().to_vec(), HashSet::from([value.to_vec()])));
    one("objectClass", b"user");
    one("sAMAccountName", sam.as_bytes());
    one("userPrincipalName", mail.as_bytes());
    one("givenName", given.as_bytes());
    one("sn", format!("{surname}-{i}").as_bytes());
    one("displayName", display.as_bytes());
    one("mail", mail.as_bytes());
    one("title", "Специалист".as_bytes());
    if i == 0 {
        one("unicodePwd", &unicode_pwd(PERSON_PASSWORD));
        one("userAccountControl", b"512");
    } else {
        // enabled, no password required: the syncs take them, nobody logs in as them
        one("userAccountControl", b"544");
    }
    ldap.add(&dn, attrs).await?.success().with_context(|| format!("adding {dn}"))?;
    Ok(())
}

/// Runs `each(connection, i)` for `0..count` over [`WRITERS`] administrator
/// connections; answers the seconds it took. On a failure the other
/// connections stop too before the error is answered.
async fn over_writers<F, Fut>(samba: &Arc<Samba>, count: usize, each: F) -> anyhow::Result<f64>
where
    F: Fn(Ldap, usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = anyhow::Result<Ldap>> + Send,
{
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..WRITERS {
        let (samba, each) = (samba.clone(), each.clone());
        tasks.spawn(async move {
            let mut ldap = samba.admin().await?;
            for i in (w..count).step_by(WRITERS) {
                ldap = each(ldap, i).await?;
            }
            let _ = ldap.unbind().await;
            anyhow::Ok(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        if let Err(e) = done.map_err(anyhow::Error::from).and_then(|r| r) {
            tasks.shutdown().await;
            return Err(e);
        }
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Latency figures of a repeated operation, one at a time.
#[derive(Debug, Clone, Serialize)]
struct Latency {
    /// What was timed.
    what: &'static str,
    /// Times.
    n: usize,
    p50_ms: f64,
    p99_ms: f64,
    mean_ms: f64,
}

impl Latency {
    /// The figures of `micros` (unsorted microseconds).
    fn of(what: &'static str, mut micros: Vec<f64>) -> Self {
        micros.sort_by(f64::total_cmp);
        let at = |p: f64| {
            if micros.is_empty() { 0.0 } else { micros[((micros.len() - 1) as f64 * p).round() as usize] / 1000.0 }
        };
        let mean = if micros.is_empty() { 0.0 } else { micros.iter().sum::<f64>() / micros.len() as f64 / 1000.0 };
        Self { what, n: micros.len(), p50_ms: at(0.5), p99_ms: at(0.99), mean_ms: mean }
    }
}

/// Times `op` `n` times, one after the other.
async fn time_each<F, Fut>(n: usize, mut op: F) -> anyhow::Result<Vec<f64>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let mut micros = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        op().await?;
        micros.push(t.elapsed().as_secs_f64() * 1e6);
    }
    Ok(micros)
}

/// One sync's outcome and time.
#[derive(Debug, Clone, Serialize)]
struct Pass {
    what: &'static str,
    /// A full pass (every entry read, removals found); the book's always are.
    full: bool,
    seconds: f64,
    /// `seconds` ÷ the raw search's median.
    vs_raw_search: f64,
    read: i64,
    created: i64,
    updated: i64,
    removed: i64,
    unchanged: i64,
    conflicts: usize,
}

/// Everything a run measured: `directory.json`.
#[derive(Debug, Clone, Serialize)]
struct DirectoryReport {
    tool: &'static str,
    started_at: String,
    machine: Machine,
    users: usize,
    changed: usize,
    logins: usize,
    /// Adding the people over LDAPS, seconds.
    add_seconds: f64,
    add_per_second: f64,
    add_connections: usize,
    /// The raw paged ldap3 search of the people, every run, seconds.
    raw_search_seconds: Vec<f64>,
    /// Their median: the floor of the passes.
    raw_search_median_seconds: f64,
    passes: Vec<Pass>,
    /// The raw LDAPS connect + bind as the person, ldap3's defaults (Nagle on).
    raw_connect_bind: Latency,
    /// The same with `TCP_NODELAY` on the socket, as pbm connects.
    raw_connect_nodelay_bind: Latency,
    /// The raw bind as the person on an open connection.
    raw_bind: Latency,
    /// pbm's Login of the person over gRPC.
    login: Latency,
}

impl DirectoryReport {
    fn markdown(&self) -> String {
        let m = &self.machine;
        let mut md = format!(
            "### pbm-bench directory: {} people in the Samba AD DC, {} changed ({} build, {})\n\n",
            self.users, self.changed, m.build, self.started_at
        );
        md += &format!(
            "Machine: {} × {}, {:.0} GiB, kernel {}; load average before {}, after {}; commit {}.\n\n",
            m.cpus, m.cpu, m.memory_gib, m.kernel, m.load_before, m.load_after, m.commit
        );
        let searches: Vec<String> = self.raw_search_seconds.iter().map(|s| format!("{s:.2}")).collect();
        md += &format!(
            "Adding the people over LDAPS ({} connections): {:.1} s ({:.0}/s). Raw paged ldap3 search of the same \
             entries with the attributes the syncs read (pages of {PAGE}), median of {}: **{:.2} s** ({} s).\n\n",
            self.add_connections,
            self.add_seconds,
            self.add_per_second,
            self.raw_search_seconds.len(),
            self.raw_search_median_seconds,
            searches.join(", ")
        );
        md += "| pass | seconds | vs the raw search | read | created | updated | removed |\n\
               |---|---:|---:|---:|---:|---:|---:|\n";
        for p in &self.passes {
            md += &format!(
                "| {} | {:.2} | {:.1}× | {} | {} | {} | {} |\n",
                p.what, p.seconds, p.vs_raw_search, p.read, p.created, p.updated, p.removed
            );
        }
        let l = &self.login;
        md += &format!(
            "\n| login of a directory-owned account, c=1 ({} each) | p50 ms | p99 ms | mean ms | pbm's p50 ÷ this | \
             pbm's p99 ÷ this |\n|---|---:|---:|---:|---:|---:|\n",
            self.logins
        );
        for x in [&self.raw_connect_bind, &self.raw_connect_nodelay_bind, &self.raw_bind] {
            md += &format!(
                "| {} | {:.2} | {:.2} | {:.2} | {:.2}× | {:.2}× |\n",
                x.what,
                x.p50_ms,
                x.p99_ms,
                x.mean_ms,
                l.p50_ms / x.p50_ms,
                l.p99_ms / x.p99_ms
            );
        }
        md += &format!("| {} | {:.2} | {:.2} | {:.2} | | |\n", l.what, l.p50_ms, l.p99_ms, l.mean_ms);
        md
    }
}

pub async fn run(args: DirectoryArgs) -> anyhow::Result<()> {
    ensure!(args.users >= 2 && args.changed < args.users, "--users at least 2, --changed fewer than --users");
    ensure!(args.logins >= 1, "--logins at least 1");
    let samba = Arc::new(Samba::from_env()?);
    let started_at = chrono::Utc::now();
    let load_before = super::loadavg();
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!("target/pbm-bench/directory-{}-{}", args.users, started_at.format("%Y%m%d-%H%M%S")))
    });
    std::fs::create_dir_all(&out)?;
    let out = out.canonicalize()?;
    // The run's own names (sAMAccountName: at most 20 characters; b<tag>p<i> is 12).
    let tag = format!("{:05x}", (started_at.timestamp_subsec_nanos() ^ std::process::id()) % 0x10_0000);
    let ou = format!("OU=bench-{tag},OU=Tests,{}", samba.base);
    let mut admin = samba.admin().await.context("binding to the Samba AD DC as its administrator")?;
    admin
        .add(&ou, vec![("objectClass", HashSet::from(["organizationalUnit"]))])
        .await?
        .success()
        .with_context(|| format!("adding {ou}"))?;
    let _ = admin.unbind().await;
    let result = tokio::select! {
        result = measure(&args, &samba, &ou, &tag, &out) => result,
        _ = tokio::signal::ctrl_c() => {
            let pid = PBM_PID.swap(0, Ordering::SeqCst);
            if pid != 0 {
                let _ = std::process::Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
            }
            Err(anyhow::anyhow!("interrupted"))
        }
    };
    eprintln!("pbm-bench: deleting {ou} and the run's {} people …", args.users);
    let cleaned = clean_up(&samba, &ou, &tag, args.users).await;
    if let Err(e) = &cleaned {
        eprintln!("pbm-bench: could not delete all of {ou}: {e:#}");
    }
    let mut report = result?;
    cleaned?;
    report.started_at = started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    report.machine = super::machine(load_before);
    std::fs::write(out.join("directory.json"), serde_json::to_string_pretty(&report)?)?;
    let markdown = report.markdown();
    std::fs::write(out.join("directory.md"), &markdown)?;
    println!("{markdown}");
    eprintln!("pbm-bench: wrote {0}/directory.json and {0}/directory.md", out.display());
    Ok(())
}

/// Deletes the run's people (by DN, over [`WRITERS`] connections), then
/// whatever else is left under the OU, and the OU.
async fn clean_up(samba: &Arc<Samba>, ou: &str, tag: &str, users: usize) -> anyhow::Result<()> {
    let (by_ou, by_tag) = (ou.to_owned(), tag.to_owned());
    let by_dn = over_writers(samba, users, move |mut ldap, i| {
        let (dn, _) = person(&by_ou, &by_tag, i);
        async move {
            let _ = ldap.delete(&dn).await;
            Ok(ldap)
        }
    })
    .await;
    let mut ldap = samba.admin().await?;
    let adapters: Vec<Box<dyn Adapter<_, _>>> = vec![Box::new(EntriesOnly::new()), Box::new(PagedResults::new(PAGE))];
    let mut stream = ldap.streaming_search_with(adapters, ou, Scope::Subtree, "(objectClass=*)", vec!["1.1"]).await?;
    let mut dns = Vec::new();
    while let Some(entry) = stream.next().await? {
        dns.push(SearchEntry::construct(entry).dn);
    }
    stream.finish().await.success()?;
    // the deepest first, the OU last
    dns.sort_by_key(|dn| std::cmp::Reverse(dn.len()));
    for dn in &dns {
        ldap.delete(dn).await?.success().with_context(|| format!("deleting {dn}"))?;
    }
    let _ = ldap.unbind().await;
    by_dn.map(|_| ())
}

async fn measure(
    args: &DirectoryArgs,
    samba: &Arc<Samba>,
    ou: &str,
    tag: &str,
    out: &Path,
) -> anyhow::Result<DirectoryReport> {
    eprintln!("pbm-bench: adding {} people to {ou} …", args.users);
    let (add_ou, add_tag) = (ou.to_owned(), tag.to_owned());
    let add_seconds = over_writers(samba, args.users, move |mut ldap, i| {
        let (ou, tag) = (add_ou.clone(), add_tag.clone());
        async move {
            add_person(&mut ldap, &ou, &tag, i).await?;
            Ok(ldap)
        }
    })
    .await?;
    eprintln!("pbm-bench: added in {add_seconds:.1} s ({:.0}/s)", args.users as f64 / add_seconds);

    // The floor of a sync: the raw paged search of the same entries and attributes.
    let mut raw_search_seconds = Vec::new();
    for _ in 0..RAW_SEARCHES {
        let mut ldap = samba.admin().await?;
        let searching = Instant::now();
        let adapters: Vec<Box<dyn Adapter<_, _>>> =
            vec![Box::new(EntriesOnly::new()), Box::new(PagedResults::new(PAGE))];
        let mut stream = ldap
            .streaming_search_with(adapters, ou, Scope::Subtree, "(objectClass=user)", SYNC_ATTRIBUTES.to_vec())
            .await?;
        let mut found = 0usize;
        while let Some(entry) = stream.next().await? {
            let _ = SearchEntry::construct(entry);
            found += 1;
        }
        stream.finish().await.success()?;
        raw_search_seconds.push(searching.elapsed().as_secs_f64());
        ensure!(found == args.users, "the raw search found {found} of {} people", args.users);
        let _ = ldap.unbind().await;
    }
    let mut sorted = raw_search_seconds.clone();
    sorted.sort_by(f64::total_cmp);
    let raw_search_median = sorted[sorted.len() / 2];
    eprintln!("pbm-bench: the raw search took {raw_search_seconds:.2?} s");

    // The floor of a directory login: a connection of its own, then the bind; and the bind alone.
    let (person_dn, person_mail) = person(ou, tag, 0);
    let raw_connect_bind = time_each(args.logins, || async {
        let mut ldap = samba.connect().await?;
        ldap.simple_bind(&person_dn, PERSON_PASSWORD).await?.success()?;
        let _ = ldap.unbind().await;
        Ok(())
    })
    .await
    .context("a raw connect + bind")?;
    let raw_connect_nodelay_bind = time_each(args.logins, || async {
        let mut ldap = samba.connect_with(true).await?;
        ldap.simple_bind(&person_dn, PERSON_PASSWORD).await?.success()?;
        let _ = ldap.unbind().await;
        Ok(())
    })
    .await
    .context("a raw connect (TCP_NODELAY) + bind")?;
    // (the first bind on a connection waits for the handshake's delayed ACK: not timed)
    let mut bound = samba.connect().await?;
    bound.simple_bind(&person_dn, PERSON_PASSWORD).await?.success()?;
    let raw_bind = time_each(args.logins, || {
        let mut ldap = bound.clone();
        let dn = person_dn.clone();
        async move {
            ldap.simple_bind(&dn, PERSON_PASSWORD).await?.success()?;
            Ok(())
        }
    })
    .await
    .context("a raw bind")?;
    let _ = bound.unbind().await;
    let raw_connect_bind =
        Latency::of("raw ldap3: LDAPS connect + bind as the person (ldap3's defaults, Nagle on)", raw_connect_bind);
    let raw_connect_nodelay_bind =
        Latency::of("raw ldap3: the same with TCP_NODELAY on the socket (as pbm connects)", raw_connect_nodelay_bind);
    let raw_bind = Latency::of("raw ldap3: bind as the person on an open LDAPS connection", raw_bind);
    eprintln!(
        "pbm-bench: raw connect + bind p50 {:.2} ms, with TCP_NODELAY {:.2} ms, the bind alone {:.2} ms",
        raw_connect_bind.p50_ms, raw_connect_nodelay_bind.p50_ms, raw_bind.p50_ms
    );

    // pbm, owning corp's accounts and filling book's address book from the OU.
    let data_dir = out.join("data");
    if data_dir.exists() {
        std::fs::remove_dir_all(&data_dir)?;
    }
    pbm::security::private_files::ensure_private_dir(&data_dir)?;
    let mut settings = samba.settings();
    settings.extend([
        ("services/ad/enabled", "true".into()),
        ("services/ad/users/base_dn", ou.to_owned()),
        ("services/ad/accounts/enabled", "true".into()),
        ("services/ad/accounts/tenant", "corp".into()),
        ("services/ad/accounts/base_dn", ou.to_owned()),
        ("services/ad/accounts/filter", "(objectClass=user)".into()),
        ("pbm/auth/access_token_expire_time", "86400".into()),
    ]);
    let settings: String = settings.iter().map(|(k, v)| format!("{k:?} = {v:?}\n")).collect();
    let config_path = out.join("pbm.toml");
    // The file holds the directory's administrator password: the owner's only.
    write_private(
        &config_path,
        &format!(
            "data_dir = {:?}\nstore = \"sqlite:pbm.db\"\ndomain = \"bench.test\"\n[settings]\n{settings}",
            data_dir.display().to_string()
        ),
    )?;
    // The first start creates the superadmin from PBM_CREATOR_PASSWORD.
    // SAFETY: set before any other thread reads the environment of this process's children.
    unsafe { std::env::set_var("PBM_CREATOR_PASSWORD", CREATOR_PASSWORD) };
    let (server, addr) = procs::start_pbm(&config_path, &out.join("pbm.log"))?;
    PBM_PID.store(server.pid, Ordering::SeqCst);
    eprintln!("pbm-bench: pbm (pid {}) serves on {addr}", server.pid);
    let outcome = against_pbm(args, samba, ou, tag, addr, &person_mail, raw_search_median).await;
    PBM_PID.store(0, Ordering::SeqCst);
    server.stop();
    let (passes, login) = outcome?;
    let _ = std::fs::remove_dir_all(&data_dir);
    Ok(DirectoryReport {
        tool: "pbm-bench directory",
        started_at: String::new(),
        machine: Machine::default(),
        users: args.users,
        changed: args.changed,
        logins: args.logins,
        add_seconds,
        add_per_second: args.users as f64 / add_seconds,
        add_connections: WRITERS,
        raw_search_seconds,
        raw_search_median_seconds: raw_search_median,
        passes,
        raw_connect_bind,
        raw_connect_nodelay_bind,
        raw_bind,
        login,
    })
}

/// A request with the bearer token.
fn authed<T>(bearer: &MetadataValue<Ascii>, message: T) -> Request<T> {
    let mut request = Request::new(message);
    request.metadata_mut().insert("authorization", bearer.clone());
    request
}

async fn against_pbm(
    args: &DirectoryArgs,
    samba: &Arc<Samba>,
    ou: &str,
    tag: &str,
    addr: std::net::SocketAddr,
    person_mail: &str,
    raw_search: f64,
) -> anyhow::Result<(Vec<Pass>, Latency)> {
    let channel = Channel::from_shared(format!("http://{addr}"))?.connect().await?;
    let mut auth = AuthServiceClient::new(channel.clone());
    let login = |login: &str, password: &str| pb::LoginRequest {
        login: login.into(),
        password: password.into(),
        ..Default::default()
    };
    let token = auth.login(login(CREATOR, CREATOR_PASSWORD)).await?.into_inner().access_token;
    let bearer: MetadataValue<Ascii> = format!("Bearer {token}").parse()?;
    let mut tenants = pb::tenant_service_client::TenantServiceClient::new(channel.clone());
    // corp owns the people's domain; the book is another tenant's (a book refuses its own users' addresses)
    for (id, domain) in [("corp", "corp.test"), ("book", "book.test")] {
        let request = pb::CreateTenantRequest { tenant_id: id.into(), tenant: None, domain: domain.into() };
        tenants.create_tenant(authed(&bearer, request)).await.with_context(|| format!("creating tenant {id}"))?;
    }
    let mut users = UserServiceClient::new(channel.clone());
    let mut passes = Vec::new();
    let mut accounts = async |what: &'static str, full: bool| -> anyhow::Result<Pass> {
        let request = pb::SyncAccountsRequest { tenant_id: "corp".into(), dry_run: false, full };
        let t = Instant::now();
        let r = users.sync_accounts(authed(&bearer, request)).await.context(what)?.into_inner();
        let seconds = t.elapsed().as_secs_f64();
        eprintln!("pbm-bench: {what}: {seconds:.2} s (read {}, updated {})", r.read, r.updated);
        Ok(Pass {
            what,
            full: r.full,
            seconds,
            vs_raw_search: seconds / raw_search,
            read: r.read,
            created: r.created,
            updated: r.updated,
            removed: r.removed,
            unchanged: r.unchanged,
            conflicts: r.conflicts.len(),
        })
    };
    let mut book_users = UserServiceClient::new(channel.clone());
    let mut book = async |what: &'static str| -> anyhow::Result<Pass> {
        let request = pb::SyncAddressBookRequest {
            tenant_id: "book".into(),
            source: pb::AddressBookSource::Ad as i32,
            dry_run: false,
        };
        let t = Instant::now();
        let r = book_users.sync_address_book(authed(&bearer, request)).await.context(what)?.into_inner();
        let seconds = t.elapsed().as_secs_f64();
        eprintln!("pbm-bench: {what}: {seconds:.2} s (read {}, updated {})", r.read, r.updated);
        Ok(Pass {
            what,
            full: true,
            seconds,
            vs_raw_search: seconds / raw_search,
            read: r.read,
            created: r.created.into(),
            updated: r.updated.into(),
            removed: r.removed,
            unchanged: r.unchanged,
            conflicts: r.conflicts.len(),
        })
    };
    let (n, changed) = (args.users as i64, args.changed as i64);
    let expect = |p: &Pass, (created, updated): (i64, i64)| -> anyhow::Result<()> {
        ensure!(
            (p.created, p.updated, p.removed, p.conflicts) == (created, updated, 0, 0),
            "{}: created {}, updated {}, removed {}, {} conflicts; expected {created} created, {updated} updated",
            p.what,
            p.created,
            p.updated,
            p.removed,
            p.conflicts
        );
        Ok(())
    };

    let p = accounts("accounts, first pass (into an empty tenant)", false).await?;
    expect(&p, (n, 0))?;
    passes.push(p);
    let p = book("address book, first pass (into an empty book)").await?;
    expect(&p, (n, 0))?;
    passes.push(p);

    // --changed people change their title at the source: the default (incremental) pass.
    change_titles(samba, ou, tag, args, "Ведущий специалист").await?;
    let p = accounts("accounts, incremental pass after the changes", false).await?;
    expect(&p, (0, changed))?;
    passes.push(p);
    // The same people change again: a full pass.
    change_titles(samba, ou, tag, args, "Главный специалист").await?;
    let p = accounts("accounts, full pass after the changes", true).await?;
    expect(&p, (0, changed))?;
    passes.push(p);
    let p = accounts("accounts, full pass (nothing left to change)", true).await?;
    expect(&p, (0, 0))?;
    passes.push(p);
    // The book's second pass (a full one, as every book pass) sees the same people changed.
    let p = book("address book, second pass after the changes").await?;
    expect(&p, (0, changed))?;
    passes.push(p);

    // Logins of the directory-owned person, one at a time.
    eprintln!("pbm-bench: {} logins …", args.logins);
    let logins = time_each(args.logins, || {
        let mut auth = auth.clone();
        let request = login(person_mail, PERSON_PASSWORD);
        async move {
            auth.login(request).await.context("a directory login")?;
            Ok(())
        }
    })
    .await?;
    let login = Latency::of("pbm Login (gRPC): lookup, throttle check, LDAPS connect + bind, session", logins);
    Ok((passes, login))
}

/// Sets the `title` of the `--changed` people to `title` and their number.
async fn change_titles(
    samba: &Arc<Samba>,
    ou: &str,
    tag: &str,
    args: &DirectoryArgs,
    title: &'static str,
) -> anyhow::Result<()> {
    eprintln!("pbm-bench: changing {} people at the source …", args.changed);
    let (change_ou, change_tag, changed, people) = (ou.to_owned(), tag.to_owned(), args.changed, args.users);
    over_writers(samba, changed, move |mut ldap, i| {
        let (dn, _) = person(&change_ou, &change_tag, changed_person(i, changed, people));
        async move {
            let title = HashSet::from([format!("{title} {i}")]);
            ldap.modify(&dn, vec![Mod::Replace("title".to_owned(), title)]).await?.success()?;
            Ok(ldap)
        }
    })
    .await?;
    Ok(())
}
