//! The LDAP backend of a run: the bulk load — the users validated by the
//! service (`Users::prepare_import`, the rules of CreateUser), written as
//! LDIF with pbm's own mapping (`LdifMapping`, as the backup export writes
//! them: an address claim and the account per user) and loaded offline by
//! the `--ldap-load` command (`scripts/servers/slapadd.sh`: stop slapd,
//! `slapadd -q`, start it) — and the raw ldap3 floor: the same reads and
//! adds done directly with ldap3 against the same directory (its limit).

use std::{
    collections::{BTreeMap, HashSet},
    fs::File,
    io::{BufWriter, Write as _},
    path::Path,
    process::{Command, Stdio},
    time::Instant,
};

use anyhow::{Context as _, ensure};
use ldap3::{Ldap, LdapConnAsync, Scope, SearchEntry, adapters::EntriesOnly, adapters::PagedResults, dn_escape};

use pbm::{
    domain::User,
    ldif::{self, LdifEntry},
    settings::Settings,
    store::ldap::{LdapOptions, LdifMapping, USER_ATTRS},
};

/// Page size of the paged searches, as pbm's LDAP pool pages them.
const SEARCH_PAGE: i32 = 500;

/// Where the directory is and how to bind, from the store URL.
#[derive(Clone)]
pub struct Target {
    url: String,
    bind_dn: String,
    password: String,
    /// The root DN.
    pub root: String,
    people: String,
}

impl Target {
    /// Reads an `ldap://…` store URL as pbm does.
    pub fn from_store_url(url: &str) -> anyhow::Result<Self> {
        let options = LdapOptions::from_url(url, &Settings::default())?;
        Ok(Self {
            url: options.conn.url,
            bind_dn: options.conn.bind_dn,
            password: options.conn.password,
            root: options.layout.root.clone(),
            people: options.layout.people,
        })
    }

    /// pbm's LDIF mapping under this root (default OUs).
    pub fn mapping(&self) -> LdifMapping {
        LdifMapping::new(&self.root, &Settings::default())
    }
}

/// The LDIF file of a bulk load.
pub struct LdifFile {
    out: BufWriter<File>,
    mapping: LdifMapping,
    /// Entries written.
    pub entries: u64,
}

impl LdifFile {
    /// Creates the file (without a `version:` line: slapadd takes plain records).
    pub fn create(path: &Path, target: &Target) -> anyhow::Result<Self> {
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Self { out: BufWriter::with_capacity(1 << 20, file), mapping: target.mapping(), entries: 0 })
    }

    /// Writes a user's address claims and entry.
    pub fn user(&mut self, user: &User) -> anyhow::Result<()> {
        for entry in self.mapping.user(user, None) {
            ldif::write_entry(&mut self.out, &entry)?;
            self.entries += 1;
        }
        Ok(())
    }

    /// Flushes the file.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// What the offline load took.
pub struct Loaded {
    /// The whole command (stop, slapadd, start), seconds.
    pub seconds: f64,
    /// `slapadd` alone, when the command reports it (`slapadd_seconds=S` on stdout).
    pub slapadd_seconds: Option<f64>,
}

/// Runs `COMMAND LDIF` (through `sh`), which loads the file into the
/// directory offline and brings the directory back up.
pub fn load(command: &str, ldif: &Path) -> anyhow::Result<Loaded> {
    let started = Instant::now();
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("sh")
        .arg(ldif)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("running the LDAP load command {command:?}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&output.stdout);
    ensure!(output.status.success(), "the LDAP load command failed ({}): {stdout}", output.status);
    let slapadd_seconds =
        stdout.lines().find_map(|l| l.trim().strip_prefix("slapadd_seconds=")).and_then(|s| s.parse().ok());
    Ok(Loaded { seconds, slapadd_seconds })
}

/// Raw ldap3 clients of the same directory, bound as pbm binds.
pub struct Raw {
    conns: Vec<Ldap>,
    /// One paged search per connection at a time, as pbm's pool does (slapd
    /// keeps one paged-results state per connection).
    paging: Vec<tokio::sync::Mutex<()>>,
    people: String,
    mapping: LdifMapping,
}

impl Raw {
    /// Opens `connections` connections (as many as pbm's LDAP pool has).
    pub async fn connect(target: &Target, connections: usize) -> anyhow::Result<Self> {
        let mut conns = Vec::new();
        for _ in 0..connections {
            let (conn, mut ldap) = LdapConnAsync::new(&target.url).await.context("connecting to the directory")?;
            tokio::spawn(async move {
                let _ = conn.drive().await;
            });
            ldap.simple_bind(&target.bind_dn, &target.password).await?.success().context("binding")?;
            conns.push(ldap);
        }
        let paging = conns.iter().map(|_| tokio::sync::Mutex::new(())).collect();
        Ok(Self { conns, paging, people: target.people.clone(), mapping: target.mapping() })
    }

    fn conn(&self, concurrency: usize, worker: usize) -> Ldap {
        self.conns[worker % concurrency.min(self.conns.len())].clone()
    }

    fn tenant_filter(tenant: &str) -> String {
        format!("(&(objectClass=pbmUser)(tenant-id={}))", ldap3::ldap_escape(tenant))
    }

    /// A search returning every entry, paged by `page` as pbm pages, on a
    /// connection no other paged search uses meanwhile (the worker's, or
    /// the next free one).
    async fn search(
        &self,
        concurrency: usize,
        worker: usize,
        filter: &str,
        attrs: &[&str],
        page: i32,
    ) -> anyhow::Result<Vec<SearchEntry>> {
        let size = concurrency.min(self.conns.len());
        let start = worker % size;
        let free = (0..size).map(|k| (start + k) % size).find_map(|i| self.paging[i].try_lock().ok().map(|g| (i, g)));
        let (index, _paging) = match free {
            Some(free) => free,
            None => (start, self.paging[start].lock().await),
        };
        let mut ldap = self.conns[index].clone();
        let base = self.people.as_str();
        let attrs: Vec<String> = attrs.iter().map(|a| (*a).to_owned()).collect();
        let adapters: Vec<Box<dyn ldap3::adapters::Adapter<_, _>>> =
            vec![Box::new(EntriesOnly::new()), Box::new(PagedResults::new(page))];
        let mut stream = ldap.streaming_search_with(adapters, base, Scope::OneLevel, filter, attrs).await?;
        let mut entries = Vec::new();
        while let Some(entry) = stream.next().await? {
            entries.push(SearchEntry::construct(entry));
        }
        stream.finish().await.success()?;
        Ok(entries)
    }

    /// GetUser's read: the entry by DN, base scope.
    pub async fn get_user(&self, concurrency: usize, worker: usize, mail: &str) -> anyhow::Result<u64> {
        let dn = format!("uid={},{}", dn_escape(mail), self.people);
        let (entries, _) =
            self.conn(concurrency, worker).search(&dn, Scope::Base, "(objectClass=*)", USER_ATTRS).await?.success()?;
        ensure!(entries.len() == 1, "{dn}: not found");
        Ok(1)
    }

    /// A sorted page as the LDAP backend makes one, done once: the keys
    /// (mail) of the tenant's users in one search, sorted in memory, the
    /// page's 50 entries read in one search; the key count is the total.
    pub async fn keys_page(&self, concurrency: usize, worker: usize, tenant: &str, skip: usize) -> anyhow::Result<u64> {
        let keys = self.search(concurrency, worker, &Self::tenant_filter(tenant), &["mail"], SEARCH_PAGE).await?;
        let mut mails: Vec<String> =
            keys.into_iter().filter_map(|mut e| e.attrs.remove("mail").and_then(|v| v.into_iter().next())).collect();
        mails.sort();
        let page: Vec<&String> = mails.iter().skip(skip).take(super::PAGE_SIZE).collect();
        ensure!(!page.is_empty(), "empty page");
        let any: String = page.iter().map(|m| format!("(uid={})", ldap3::ldap_escape(m.as_str()))).collect();
        let filter = format!("(&(objectClass=pbmUser)(|{any}))");
        let entries = self.search(concurrency, worker, &filter, USER_ATTRS, SEARCH_PAGE).await?;
        ensure!(entries.len() == page.len(), "read {} of {} entries", entries.len(), page.len());
        Ok(entries.len() as u64)
    }

    /// The deep page the only way simple paged results (RFC 2696) reach
    /// it: walking every page of 50 before it (entry order, not sorted).
    pub async fn paged_walk(&self, concurrency: usize, worker: usize, tenant: &str) -> anyhow::Result<u64> {
        let page = super::PAGE_SIZE as i32;
        let entries = self.search(concurrency, worker, &Self::tenant_filter(tenant), USER_ATTRS, page).await?;
        let last = entries.len().saturating_sub(1) / super::PAGE_SIZE * super::PAGE_SIZE;
        Ok(entries.len().saturating_sub(last) as u64)
    }

    /// `(|(mail=*x*)(cn=*x*)(sn=*x*))` among the tenant's users, every
    /// match's entry read, sorted by mail in memory, the first page kept.
    pub async fn search_page(
        &self,
        concurrency: usize,
        worker: usize,
        tenant: &str,
        term: &str,
    ) -> anyhow::Result<u64> {
        let s = ldap3::ldap_escape(term);
        let filter = format!(
            "(&(objectClass=pbmUser)(tenant-id={})(|(mail=*{s}*)(cn=*{s}*)(sn=*{s}*)))",
            ldap3::ldap_escape(tenant)
        );
        let mut entries = self.search(concurrency, worker, &filter, USER_ATTRS, SEARCH_PAGE).await?;
        let key = |e: &SearchEntry| e.attrs.get("mail").and_then(|v| v.first()).cloned().unwrap_or_default();
        entries.sort_by_key(key);
        Ok(entries.len().min(super::PAGE_SIZE) as u64)
    }

    /// Every user entry of a tenant (StreamUsers' data), one paged search.
    pub async fn stream_tenant(&self, concurrency: usize, worker: usize, tenant: &str) -> anyhow::Result<u64> {
        let entries = self.search(concurrency, worker, &Self::tenant_filter(tenant), USER_ATTRS, SEARCH_PAGE).await?;
        Ok(entries.len() as u64)
    }

    /// The entries CreateUser writes for `user` — its address claim, then
    /// the account — added as they are, one after the other.
    pub async fn add_user(&self, concurrency: usize, worker: usize, user: &User) -> anyhow::Result<u64> {
        let mut ldap = self.conn(concurrency, worker);
        for entry in self.mapping.user(user, None) {
            let dn = entry.dn.clone();
            ldap.add(&dn, add_attrs(entry)?).await?.success().with_context(|| format!("adding {dn}"))?;
        }
        Ok(1)
    }
}

/// An LDIF entry's values as ldap3 adds them.
fn add_attrs(entry: LdifEntry) -> anyhow::Result<Vec<(String, HashSet<String>)>> {
    let mut attrs: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for value in entry.values {
        attrs.entry(value.attribute).or_default().insert(String::from_utf8(value.value)?);
    }
    Ok(attrs.into_iter().collect())
}
