//! `pbm-bench directory`: the company-directory syncs and the logins of
//! directory-owned accounts (issues 16 and 23), against the Samba AD DC of
//! `scripts/servers/up.sh samba` (its `PBM_TEST_SAMBA_*` variables), each
//! beside a baseline measured in the same run:
//!
//! - in an OU of the run's own, `--users` people (Cyrillic names; one with
//!   a password) added over LDAPS, the add rate reported;
//! - the raw paged ldap3 search of those entries with the attributes the
//!   syncs read (the floor of every sync), and a raw LDAPS connect + bind
//!   of the person with the password (the floor of a directory login: pbm
//!   checks a password on a connection of its own);
//! - pbm (a `pbm serve` child on SQLite) owning tenant `corp`'s accounts
//!   and filling tenant `book`'s address book from that OU: the first
//!   accounts sync (every account created) and the first cabsync (every
//!   contact created) into empty tenants; then `--changed` entries changed
//!   at the source, and the next passes (accounts: incremental, then full;
//!   the book: its full pass);
//! - Login (gRPC) of the directory-owned person `--logins` times, one at a
//!   time: p50 and p99 against the raw bind's.
//!
//! The OU and its people are deleted at the end, also after a failure.

use std::{collections::HashSet, path::PathBuf, sync::Arc, time::Instant};

use anyhow::{Context as _, ensure};
use ldap3::{
    Ldap, LdapConnAsync, LdapConnSettings, Mod, Scope,
    adapters::{Adapter, EntriesOnly, PagedResults},
};
use tonic::{Request, transport::Channel};

use pbm::pb::{self, auth_service_client::AuthServiceClient, user_service_client::UserServiceClient};

use super::{CREATOR, CREATOR_PASSWORD, procs, write_private};

/// The password of the person whose logins are measured.
const PERSON_PASSWORD: &str = "Bench-Passw0rd!";
/// Connections adding and changing people at once.
const WRITERS: usize = 4;

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
    /// Logins measured (and raw binds).
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
            std::env::var(format!("PBM_TEST_SAMBA_{name}"))
                .with_context(|| format!("PBM_TEST_SAMBA_{name}: source /tmp/pbm-test-servers/env (up.sh samba)"))
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

    /// An LDAPS connection, not bound yet.
    async fn connect(&self) -> anyhow::Result<Ldap> {
        let tls = pbm::directory::tls::client_config(&self.ca_file, &self.server_name).map_err(anyhow::Error::msg)?;
        let settings = LdapConnSettings::new().set_config(tls);
        let (conn, ldap) = LdapConnAsync::with_settings(settings, &format!("ldaps://{}:636", self.host)).await?;
        tokio::spawn(async move {
            let _ = conn.drive().await;
        });
        Ok(ldap)
    }

    /// An LDAPS connection bound as the administrator.
    async fn admin(&self) -> anyhow::Result<Ldap> {
        let mut ldap = self.connect().await?;
        ldap.simple_bind(&self.bind_dn, &self.password).await?.success()?;
        Ok(ldap)
    }

    /// pbm's connection settings for this controller.
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
        one("userAccountControl", b"544");
    }
    ldap.add(&dn, attrs).await?.success().with_context(|| format!("adding {dn}"))?;
    Ok(())
}

/// Runs `each(connection, i)` for `0..count` over [`WRITERS`] administrator connections.
async fn over_writers<F, Fut>(samba: &Arc<Samba>, count: usize, each: F) -> anyhow::Result<f64>
where
    F: Fn(Ldap, usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = anyhow::Result<Ldap>> + Send,
{
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (samba, each) = (samba.clone(), each.clone());
        tasks.push(tokio::spawn(async move {
            let mut ldap = samba.admin().await?;
            for i in (w..count).step_by(WRITERS) {
                ldap = each(ldap, i).await?;
            }
            let _ = ldap.unbind().await;
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Percentile `p` (0–1) of sorted microseconds, in milliseconds.
fn percentile_ms(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize] / 1000.0
}

/// One sync's outcome and time.
struct Pass {
    what: &'static str,
    seconds: f64,
    read: i64,
    created: i64,
    updated: i64,
    removed: i64,
}

pub async fn run(args: DirectoryArgs) -> anyhow::Result<()> {
    ensure!(args.users >= 2 && args.changed < args.users, "--users at least 2, --changed fewer than --users");
    ensure!(args.logins >= 1, "--logins at least 1");
    let samba = Arc::new(Samba::from_env()?);
    let started_at = chrono::Utc::now();
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!("target/pbm-bench/directory-{}-{}", args.users, started_at.format("%Y%m%d-%H%M%S")))
    });
    std::fs::create_dir_all(&out)?;
    let out = out.canonicalize()?;
    let tag = format!("{:x}", started_at.timestamp() % 0x10_0000);
    let ou = format!("OU=bench-{tag},OU=Tests,{}", samba.base);
    let mut admin = samba.admin().await.context("binding to the Samba AD DC as its administrator")?;
    admin.add(&ou, vec![("objectClass", HashSet::from(["organizationalUnit"]))]).await?.success()?;
    let result = measure(&args, &samba, &ou, &tag, &out).await;
    eprintln!("pbm-bench: deleting the run's {} people …", args.users);
    let users = args.users;
    let (cleanup_ou, cleanup_tag) = (ou.clone(), tag.clone());
    let deleted = over_writers(&samba, users, move |mut ldap, i| {
        let (dn, _) = person(&cleanup_ou, &cleanup_tag, i);
        async move {
            let _ = ldap.delete(&dn).await;
            Ok(ldap)
        }
    })
    .await;
    let _ = admin.delete(&ou).await;
    let _ = admin.unbind().await;
    let report = result?;
    deleted?;
    std::fs::write(out.join("directory.md"), &report)?;
    println!("{report}");
    eprintln!("pbm-bench: wrote {}/directory.md", out.display());
    Ok(())
}

async fn measure(
    args: &DirectoryArgs,
    samba: &Arc<Samba>,
    ou: &str,
    tag: &str,
    out: &std::path::Path,
) -> anyhow::Result<String> {
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
    let attributes = vec![
        "mail",
        "givenName",
        "sn",
        "cn",
        "displayName",
        "initials",
        "title",
        "department",
        "ou",
        "l",
        "telephoneNumber",
        "homePhone",
        "mobile",
        "description",
        "proxyAddresses",
        "userAccountControl",
        "objectGUID",
        "uSNChanged",
        "physicalDeliveryOfficeName",
        "streetAddress",
        "telexNumber",
    ];
    let mut ldap = samba.admin().await?;
    let searching = Instant::now();
    let adapters: Vec<Box<dyn Adapter<_, _>>> = vec![Box::new(EntriesOnly::new()), Box::new(PagedResults::new(1000))];
    let mut stream = ldap.streaming_search_with(adapters, ou, Scope::Subtree, "(objectClass=user)", attributes).await?;
    let mut found = 0usize;
    while stream.next().await?.is_some() {
        found += 1;
    }
    stream.finish().await.success()?;
    let raw_search_seconds = searching.elapsed().as_secs_f64();
    ensure!(found == args.users, "the raw search found {found} of {} people", args.users);
    let _ = ldap.unbind().await;

    // The floor of a directory login: a connection of its own, then the bind.
    let (person_dn, person_mail) = person(ou, tag, 0);
    let mut raw_binds = Vec::with_capacity(args.logins);
    for _ in 0..args.logins {
        let t = Instant::now();
        let mut ldap = samba.connect().await?;
        ldap.simple_bind(&person_dn, PERSON_PASSWORD).await?.success()?;
        raw_binds.push(t.elapsed().as_secs_f64() * 1e6);
        let _ = ldap.unbind().await;
    }
    raw_binds.sort_by(f64::total_cmp);

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
    let outcome =
        against_pbm(args, samba, ou, tag, addr, (&person_mail, &raw_binds), (add_seconds, raw_search_seconds)).await;
    server.stop();
    let _ = std::fs::remove_dir_all(&data_dir);
    outcome
}

async fn against_pbm(
    args: &DirectoryArgs,
    samba: &Arc<Samba>,
    ou: &str,
    tag: &str,
    addr: std::net::SocketAddr,
    (person_mail, raw_binds): (&str, &[f64]),
    (add_seconds, raw_search_seconds): (f64, f64),
) -> anyhow::Result<String> {
    let channel = Channel::from_shared(format!("http://{addr}"))?.connect().await?;
    let mut auth = AuthServiceClient::new(channel.clone());
    let login = |login: &str, password: &str| pb::LoginRequest {
        login: login.into(),
        password: password.into(),
        ..Default::default()
    };
    let token = auth.login(login(CREATOR, CREATOR_PASSWORD)).await?.into_inner().access_token;
    let bearer: tonic::metadata::MetadataValue<tonic::metadata::Ascii> = format!("Bearer {token}").parse()?;
    fn authed<T>(bearer: &tonic::metadata::MetadataValue<tonic::metadata::Ascii>, message: T) -> Request<T> {
        let mut request = Request::new(message);
        request.metadata_mut().insert("authorization", bearer.clone());
        request
    }
    let mut tenants = pb::tenant_service_client::TenantServiceClient::new(channel.clone());
    for (id, domain) in [("corp", "corp.test"), ("book", "book.test")] {
        let request = pb::CreateTenantRequest { tenant_id: id.into(), tenant: None, domain: domain.into() };
        tenants.create_tenant(authed(&bearer, request)).await?;
    }
    let mut users = UserServiceClient::new(channel.clone());
    let mut passes = Vec::new();
    let accounts = |full: bool| pb::SyncAccountsRequest { tenant_id: "corp".into(), dry_run: false, full };
    let book = || pb::SyncAddressBookRequest {
        tenant_id: "book".into(),
        source: pb::AddressBookSource::Ad as i32,
        dry_run: false,
    };
    let t = Instant::now();
    let r = users.sync_accounts(authed(&bearer, accounts(false))).await?.into_inner();
    passes.push(Pass {
        what: "accounts, first pass (into an empty tenant)",
        seconds: t.elapsed().as_secs_f64(),
        read: r.read,
        created: r.created,
        updated: r.updated,
        removed: r.removed,
    });
    ensure!(
        r.created as usize == args.users,
        "the first accounts pass created {} of {}: {:?}",
        r.created,
        args.users,
        r.conflicts.first()
    );
    let t = Instant::now();
    let r = users.sync_address_book(authed(&bearer, book())).await?.into_inner();
    passes.push(Pass {
        what: "address book, first pass (into an empty book)",
        seconds: t.elapsed().as_secs_f64(),
        read: r.read,
        created: r.created.into(),
        updated: r.updated.into(),
        removed: r.removed,
    });
    ensure!(r.created as usize == args.users, "the first cabsync created {} of {}", r.created, args.users);

    // --changed people change their title at the source.
    eprintln!("pbm-bench: changing {} people at the source …", args.changed);
    let (change_ou, change_tag, people) = (ou.to_owned(), tag.to_owned(), args.users);
    over_writers(samba, args.changed, move |mut ldap, i| {
        // spread over the directory: every 7th person (wrapping), never the one who logs in
        let (dn, _) = person(&change_ou, &change_tag, 1 + (i * 7) % (people - 1));
        async move {
            let title = HashSet::from([format!("Ведущий специалист {i}")]);
            ldap.modify(&dn, vec![Mod::Replace("title".to_owned(), title)]).await?.success()?;
            Ok(ldap)
        }
    })
    .await?;
    let t = Instant::now();
    let r = users.sync_accounts(authed(&bearer, accounts(false))).await?.into_inner();
    passes.push(Pass {
        what: "accounts, incremental pass after the changes",
        seconds: t.elapsed().as_secs_f64(),
        read: r.read,
        created: r.created,
        updated: r.updated,
        removed: r.removed,
    });
    let t = Instant::now();
    let r = users.sync_accounts(authed(&bearer, accounts(true))).await?.into_inner();
    passes.push(Pass {
        what: "accounts, full pass (nothing left to change)",
        seconds: t.elapsed().as_secs_f64(),
        read: r.read,
        created: r.created,
        updated: r.updated,
        removed: r.removed,
    });
    let t = Instant::now();
    let r = users.sync_address_book(authed(&bearer, book())).await?.into_inner();
    passes.push(Pass {
        what: "address book, second pass after the changes",
        seconds: t.elapsed().as_secs_f64(),
        read: r.read,
        created: r.created.into(),
        updated: r.updated.into(),
        removed: r.removed,
    });

    // Logins of the directory-owned person, one at a time.
    let mut logins = Vec::with_capacity(args.logins);
    for _ in 0..args.logins {
        let t = Instant::now();
        auth.login(login(person_mail, PERSON_PASSWORD)).await.context("a directory login")?;
        logins.push(t.elapsed().as_secs_f64() * 1e6);
    }
    logins.sort_by(f64::total_cmp);

    let mut md = format!(
        "### pbm-bench directory: {} people in the Samba AD DC, {} changed (release build: {}, {})\n\n",
        args.users,
        args.changed,
        !cfg!(debug_assertions),
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
    );
    md += &format!(
        "Adding the people over LDAPS ({WRITERS} connections): {add_seconds:.1} s ({:.0}/s). Raw paged ldap3 search of \
         the same entries and attributes (pages of 1,000): **{raw_search_seconds:.2} s**.\n\n",
        args.users as f64 / add_seconds
    );
    md += "| pass | seconds | vs the raw search | read | created | updated | removed |\n|---|---:|---:|---:|---:|---:|---:|\n";
    for p in &passes {
        md += &format!(
            "| {} | {:.2} | {:.1}× | {} | {} | {} | {} |\n",
            p.what,
            p.seconds,
            p.seconds / raw_search_seconds,
            p.read,
            p.created,
            p.updated,
            p.removed
        );
    }
    let (p50, p99) = (percentile_ms(&logins, 0.5), percentile_ms(&logins, 0.99));
    let (raw50, raw99) = (percentile_ms(raw_binds, 0.5), percentile_ms(raw_binds, 0.99));
    md += &format!(
        "\n| login of a directory-owned account, c=1 ({} each) | p50 ms | p99 ms |\n|---|---:|---:|\n\
         | raw ldap3: LDAPS connect + bind as the person | {raw50:.2} | {raw99:.2} |\n\
         | pbm Login (gRPC): lookup, throttle check, LDAPS connect + bind, session | {p50:.2} ({:.2}×) | {p99:.2} ({:.2}×) |\n",
        args.logins,
        p50 / raw50,
        p99 / raw99
    );
    Ok(md)
}
