//! The connection pool of the LDAP backend: a few multiplexed ldap3
//! connections, each bound as pbm's account, opened lazily, used round
//! robin, and reopened when the directory went away (a restart, a dropped
//! connection). Every operation runs under a timeout; every way of not
//! reaching the directory is `Error::Unavailable`. Result codes the callers
//! care about (no such object, already exists, no such attribute) come back
//! as [`Outcome`]s, anything else as an error.
//!
//! Entries come back as [`Entry`]: attribute names lower-cased (servers
//! spell them differently), values as UTF-8 strings.

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use ldap3::{
    Ldap, LdapConnAsync, LdapConnSettings, LdapError, Mod, Scope, SearchEntry,
    adapters::{EntriesOnly, PagedResults},
};
use tokio::sync::Mutex;

use crate::error::{Error, Result};

/// Where and as whom to connect.
#[derive(Clone)]
pub struct ConnConfig {
    /// `ldap://host:port` or `ldaps://host:port`.
    pub url: String,
    /// DN pbm binds as; empty for an anonymous connection.
    pub bind_dn: String,
    /// Its password.
    pub password: String,
    /// How long opening and binding a connection may take.
    pub connect_timeout: Duration,
    /// How long one operation may take.
    pub op_timeout: Duration,
    /// Number of connections.
    pub size: usize,
    /// Skip TLS certificate verification (`ldaps://` to a test directory only).
    pub tls_insecure: bool,
}

impl std::fmt::Debug for ConnConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.debug_struct("ConnConfig").field("url", &self.url).field("bind_dn", &self.bind_dn).finish_non_exhaustive()
    }
}

/// An LDAP result code a caller decides about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// success (0).
    Done,
    /// noSuchObject (32): the entry (or its parent) does not exist.
    NoSuchObject,
    /// entryAlreadyExists (68).
    AlreadyExists,
    /// noSuchAttribute (16): e.g. a compare-and-swap lost (the old value is gone).
    NoSuchAttribute,
    /// attributeOrValueExists (20).
    ValueExists,
    /// notAllowedOnNonLeaf (66).
    NotLeaf,
}

/// An entry as read: DN and attributes (names lower-case).
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The DN as the server returned it.
    pub dn: String,
    /// Values by lower-cased attribute name (binary ones read as UTF-8,
    /// lossily: use [`Entry::bytes`] for those).
    pub attrs: HashMap<String, Vec<String>>,
    /// The values that are not UTF-8 (a `jpegPhoto`), as they are.
    binary: HashMap<String, Vec<Vec<u8>>>,
}

impl Entry {
    fn from_search(entry: SearchEntry) -> Self {
        let mut attrs: HashMap<String, Vec<String>> = HashMap::new();
        let mut binary: HashMap<String, Vec<Vec<u8>>> = HashMap::new();
        for (name, values) in entry.attrs {
            attrs.entry(name.to_ascii_lowercase()).or_default().extend(values);
        }
        for (name, values) in entry.bin_attrs {
            let name = name.to_ascii_lowercase();
            attrs
                .entry(name.clone())
                .or_default()
                .extend(values.iter().map(|v| String::from_utf8_lossy(v).into_owned()));
            binary.entry(name).or_default().extend(values);
        }
        Self { dn: entry.dn, attrs, binary }
    }

    /// An entry without attributes.
    pub fn new(dn: impl Into<String>) -> Self {
        Self { dn: dn.into(), ..Self::default() }
    }

    /// The first value of an attribute as bytes, exactly as stored.
    pub fn bytes(&self, name: &str) -> Option<Vec<u8>> {
        let name = name.to_ascii_lowercase();
        match self.binary.get(&name).and_then(|v| v.first()) {
            Some(value) => Some(value.clone()),
            None => self.attrs.get(&name).and_then(|v| v.first()).map(|v| v.clone().into_bytes()),
        }
    }

    /// The first value of an attribute, or "".
    pub fn text(&self, name: &str) -> String {
        self.attrs.get(&name.to_ascii_lowercase()).and_then(|v| v.first()).cloned().unwrap_or_default()
    }

    /// Every value of an attribute.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.attrs.get(&name.to_ascii_lowercase()).cloned().unwrap_or_default()
    }

    /// Whether the attribute has a value.
    pub fn has(&self, name: &str) -> bool {
        self.attrs.get(&name.to_ascii_lowercase()).is_some_and(|v| !v.is_empty())
    }

    /// The first value as an integer.
    pub fn int(&self, name: &str) -> Result<Option<i64>> {
        match self.attrs.get(&name.to_ascii_lowercase()).and_then(|v| v.first()) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Error::internal(anyhow::anyhow!("{}: {name} is not an integer: {v:?}", self.dn))),
        }
    }

    /// The first value as an integer, required.
    pub fn required_int(&self, name: &str) -> Result<i64> {
        self.int(name)?.ok_or_else(|| Error::internal(anyhow::anyhow!("{}: no {name}", self.dn)))
    }

    /// The first value as an LDAP boolean (`TRUE`).
    pub fn flag(&self, name: &str) -> bool {
        self.text(name).eq_ignore_ascii_case("TRUE")
    }
}

/// Attribute values of an add, by name; empty values are left out (LDAP
/// has no empty strings: an empty field is an absent attribute).
#[derive(Debug, Default, Clone)]
pub struct Attrs(pub Vec<(String, HashSet<String>)>);

impl Attrs {
    /// Adds one value unless it is empty.
    pub fn one(mut self, name: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.is_empty() {
            self.0.push((name.to_owned(), HashSet::from([value])));
        }
        self
    }

    /// Adds exactly these values (even an empty one), if there are any.
    pub fn raw(mut self, name: &str, values: impl IntoIterator<Item = String>) -> Self {
        let values: HashSet<String> = values.into_iter().collect();
        if !values.is_empty() {
            self.0.push((name.to_owned(), values));
        }
        self
    }

    /// Adds several values (none when empty).
    pub fn many(mut self, name: &str, values: impl IntoIterator<Item = String>) -> Self {
        let values: HashSet<String> = values.into_iter().filter(|v| !v.is_empty()).collect();
        if !values.is_empty() {
            self.0.push((name.to_owned(), values));
        }
        self
    }
}

/// A modification list builder.
#[derive(Debug, Default)]
pub struct Mods(pub Vec<Mod<String>>);

impl Mods {
    /// Replaces an attribute with one value, or removes it when `value` is empty.
    pub fn set(mut self, name: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        let set = if value.is_empty() { HashSet::new() } else { HashSet::from([value]) };
        self.0.push(Mod::Replace(name.to_owned(), set));
        self
    }

    /// Replaces an attribute with these values (removes it when there are none).
    pub fn set_all(mut self, name: &str, values: impl IntoIterator<Item = String>) -> Self {
        let set: HashSet<String> = values.into_iter().filter(|v| !v.is_empty()).collect();
        self.0.push(Mod::Replace(name.to_owned(), set));
        self
    }

    /// Replaces an attribute with exactly these values (even an empty one:
    /// the empty DN of an empty `uniqueMember`).
    pub fn set_raw(mut self, name: &str, values: impl IntoIterator<Item = String>) -> Self {
        self.0.push(Mod::Replace(name.to_owned(), values.into_iter().collect()));
        self
    }

    /// Deletes one value (fails with `NoSuchAttribute` when it is not there:
    /// the compare half of a compare-and-swap).
    pub fn remove(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0.push(Mod::Delete(name.to_owned(), HashSet::from([value.into()])));
        self
    }

    /// Adds one value.
    pub fn add(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0.push(Mod::Add(name.to_owned(), HashSet::from([value.into()])));
        self
    }

    /// Compare-and-swap of the revision: fails with `NoSuchAttribute` unless
    /// the stored revision is still `current`.
    pub fn revision(self, current: i64) -> Self {
        self.remove("pbmRevision", current.to_string()).add("pbmRevision", (current + 1).to_string())
    }
}

/// Page size of paged searches.
const PAGE_SIZE: i32 = 500;

/// The pool.
pub struct Pool {
    config: Arc<ConnConfig>,
    slots: Vec<Mutex<Option<Ldap>>>,
    /// Held by the paged search running on the slot's connection: OpenLDAP
    /// keeps one paged-results state per connection, so a second paged
    /// search on it invalidates the first one's cookie ("paged results
    /// cookie is invalid or old", unwillingToPerform). Other operations
    /// still share the connection.
    paging: Vec<Mutex<()>>,
    next: AtomicUsize,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool").field("config", &self.config).field("size", &self.slots.len()).finish()
    }
}

/// Whether an ldap3 error means the connection is gone (as opposed to a
/// bad request).
fn connection_lost(err: &LdapError) -> bool {
    matches!(
        err,
        LdapError::Io { .. }
            | LdapError::OpSend { .. }
            | LdapError::ResultRecv { .. }
            | LdapError::IdScrubSend { .. }
            | LdapError::MiscSend { .. }
            | LdapError::Timeout { .. }
            | LdapError::EndOfStream
            | LdapError::Rustls { .. }
    )
}

fn unavailable(err: impl std::fmt::Display) -> Error {
    Error::Unavailable(format!("ldap: {err}"))
}

/// Maps a result code: the ones callers decide about, transient server
/// states as `Unavailable`, anything else as an internal error.
fn outcome(rc: u32, text: &str, what: &str) -> Result<Outcome> {
    match rc {
        0 => Ok(Outcome::Done),
        16 => Ok(Outcome::NoSuchAttribute),
        20 => Ok(Outcome::ValueExists),
        32 => Ok(Outcome::NoSuchObject),
        66 => Ok(Outcome::NotLeaf),
        68 => Ok(Outcome::AlreadyExists),
        // busy, unavailable, unwillingToPerform (e.g. a read-only replica), loopDetect, other
        51 | 52 | 53 | 80 | 3 => Err(unavailable(format!("{what}: result {rc} {text}"))),
        _ => Err(Error::internal(anyhow::anyhow!("ldap {what}: result {rc} {text}"))),
    }
}

/// For an `ldap://` or `ldaps://` URL, the server's socket opened with
/// `TCP_NODELAY` (ldap3 opens it with Nagle's algorithm on: a request
/// written while an earlier segment is unacknowledged — the first after the
/// TLS handshake, or one of several in flight on the shared connection —
/// waits for the server's delayed ACK, ~40 ms). `None` for `ldapi://`.
async fn tcp_nodelay_socket(url: &str, timeout: Duration) -> Result<Option<std::net::TcpStream>> {
    let parsed = url::Url::parse(url).map_err(|e| unavailable(format!("connect: {url}: {e}")))?;
    let port = match parsed.scheme() {
        "ldap" => parsed.port().unwrap_or(389),
        "ldaps" => parsed.port().unwrap_or(636),
        _ => return Ok(None),
    };
    let host = match parsed.host() {
        Some(url::Host::Domain(name)) => name.to_owned(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        None => "localhost".to_owned(),
    };
    let tcp = match tokio::time::timeout(timeout, tokio::net::TcpStream::connect((host.as_str(), port))).await {
        Err(_) => return Err(unavailable(format!("connect: {host}:{port}: no answer in time"))),
        Ok(Err(e)) => return Err(unavailable(format!("connect: {host}:{port}: {e}"))),
        Ok(Ok(tcp)) => tcp,
    };
    let socket = tcp.set_nodelay(true).and_then(|()| tcp.into_std());
    socket.map(Some).map_err(|e| unavailable(format!("connect: {host}:{port}: {e}")))
}

impl Pool {
    /// A pool; connects on first use.
    pub fn new(config: ConnConfig) -> Self {
        let size = config.size.max(1);
        Self {
            config: Arc::new(config),
            slots: (0..size).map(|_| Mutex::new(None)).collect(),
            paging: (0..size).map(|_| Mutex::new(())).collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// Number of open connections.
    pub fn open_connections(&self) -> u32 {
        let mut open = 0;
        for slot in &self.slots {
            if let Ok(mut guard) = slot.try_lock()
                && guard.as_mut().is_some_and(|l| !l.is_closed())
            {
                open += 1;
            }
        }
        open
    }

    async fn connect(&self) -> Result<Ldap> {
        let config = &self.config;
        let mut settings = LdapConnSettings::new().set_conn_timeout(config.connect_timeout);
        if config.tls_insecure {
            settings = settings.set_no_tls_verify(true);
        }
        if let Some(socket) = tcp_nodelay_socket(&config.url, config.connect_timeout).await? {
            settings = settings.set_std_stream(ldap3::StdStream::Tcp(socket));
        }
        let (conn, mut ldap) = LdapConnAsync::with_settings(settings, &config.url)
            .await
            .map_err(|e| unavailable(format!("connect: {e}")))?;
        tokio::spawn(async move {
            if let Err(e) = conn.drive().await {
                tracing::debug!(error = %e, "LDAP connection closed");
            }
        });
        if !config.bind_dn.is_empty() {
            let result = ldap
                .with_timeout(config.connect_timeout)
                .simple_bind(&config.bind_dn, &config.password)
                .await
                .map_err(|e| unavailable(format!("bind: {e}")))?;
            if result.rc != 0 {
                // Wrong credentials are a configuration error, reported as the directory being unusable.
                return Err(unavailable(format!(
                    "bind as {} refused: result {} {}",
                    config.bind_dn, result.rc, result.text
                )));
            }
        }
        Ok(ldap)
    }

    /// A live connection (slot index, handle), opening one if needed.
    async fn handle(&self) -> Result<(usize, Ldap)> {
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.slots.len();
        Ok((index, self.slot_handle(index).await?))
    }

    /// A live connection no other paged search is using, and the guard that
    /// keeps it so: the first one free from the round-robin position, else
    /// that one once its paged search ends.
    async fn paging_handle(&self) -> Result<(usize, Ldap, tokio::sync::MutexGuard<'_, ()>)> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let size = self.slots.len();
        let free = (0..size).map(|k| (start + k) % size).find_map(|i| self.paging[i].try_lock().ok().map(|g| (i, g)));
        let (index, guard) = match free {
            Some(free) => free,
            None => (start % size, self.paging[start % size].lock().await),
        };
        Ok((index, self.slot_handle(index).await?, guard))
    }

    /// The live connection of slot `index`, opening one if needed.
    async fn slot_handle(&self, index: usize) -> Result<Ldap> {
        let mut slot = self.slots[index].lock().await;
        if let Some(ldap) = slot.as_mut()
            && !ldap.is_closed()
        {
            return Ok(ldap.clone());
        }
        *slot = None;
        let ldap = self.connect().await?;
        *slot = Some(ldap.clone());
        Ok(ldap)
    }

    /// Forgets a connection that failed, so that the next use reopens it.
    async fn drop_slot(&self, index: usize) {
        *self.slots[index].lock().await = None;
    }

    /// Runs `op` on a connection; when the connection turns out to be dead,
    /// retries once on a fresh one if `retry` (reads; writes only when the
    /// request cannot have reached the server).
    async fn run<T, F, Fut>(&self, what: &str, retry: bool, op: F) -> Result<T>
    where
        F: Fn(Ldap) -> Fut,
        Fut: std::future::Future<Output = std::result::Result<T, LdapError>>,
    {
        self.run_with(what, retry, false, op).await
    }

    /// [`Pool::run`]; with `paged`, on a connection no other paged search uses meanwhile.
    async fn run_with<T, F, Fut>(&self, what: &str, retry: bool, paged: bool, op: F) -> Result<T>
    where
        F: Fn(Ldap) -> Fut,
        Fut: std::future::Future<Output = std::result::Result<T, LdapError>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (index, mut ldap, _paging) = if paged {
                let (index, ldap, guard) = self.paging_handle().await?;
                (index, ldap, Some(guard))
            } else {
                let (index, ldap) = self.handle().await?;
                (index, ldap, None)
            };
            ldap.with_timeout(self.config.op_timeout);
            match op(ldap).await {
                Ok(value) => return Ok(value),
                Err(err) if connection_lost(&err) => {
                    self.drop_slot(index).await;
                    let unsent = matches!(err, LdapError::OpSend { .. });
                    if attempt < 2 && (retry || unsent) {
                        tracing::debug!(error = %err, what, "LDAP connection lost; retrying on a new one");
                        continue;
                    }
                    return Err(unavailable(format!("{what}: {err}")));
                }
                Err(err) => return Err(Error::internal(anyhow::anyhow!("ldap {what}: {err}"))),
            }
        }
    }

    /// A search returning every entry (paged, so that no size limit of the
    /// server's ends a listing early). A missing base answers no entries.
    pub async fn search(&self, base: &str, scope: Scope, filter: &str, attrs: &[&str]) -> Result<Vec<Entry>> {
        let found = self.search_with(base, scope, filter, attrs, usize::MAX, |entry| entry).await?;
        Ok(found.unwrap_or_default())
    }

    /// A search whose entries are turned by `keep` into what the caller holds
    /// as they arrive (so that a large result is never held as entries), paged
    /// like [`Pool::search`]. With more than `max` entries the search is
    /// abandoned and the answer is `None`. A missing base answers no entries.
    pub async fn search_with<T, F>(
        &self,
        base: &str,
        scope: Scope,
        filter: &str,
        attrs: &[&str],
        max: usize,
        keep: F,
    ) -> Result<Option<Vec<T>>>
    where
        F: Fn(Entry) -> T + Sync,
    {
        let attrs: Vec<String> = attrs.iter().map(|a| (*a).to_owned()).collect();
        let keep = &keep;
        self.run_with("search", true, true, |mut ldap| {
            let attrs = attrs.clone();
            let base = base.to_owned();
            let filter = filter.to_owned();
            async move {
                let adapters: Vec<Box<dyn ldap3::adapters::Adapter<_, _>>> =
                    vec![Box::new(EntriesOnly::new()), Box::new(PagedResults::new(PAGE_SIZE))];
                let mut stream = ldap.streaming_search_with(adapters, &base, scope, &filter, attrs).await?;
                let mut kept = Vec::new();
                while let Some(entry) = stream.next().await? {
                    if kept.len() == max {
                        let id = stream.ldap_handle().last_id();
                        stream.finish().await;
                        stream.ldap_handle().abandon(id).await?;
                        return Ok((None, 0, String::new()));
                    }
                    kept.push(keep(Entry::from_search(SearchEntry::construct(entry))));
                }
                let result = stream.finish().await;
                Ok((Some(kept), result.rc, result.text))
            }
        })
        .await
        .and_then(|(kept, rc, text)| match rc {
            0 => Ok(kept),
            32 => Ok(Some(Vec::new())),
            rc => outcome(rc, &text, "search").map(|_| kept),
        })
    }

    /// One entry by DN (`None` when it does not exist).
    pub async fn read(&self, dn: &str, attrs: &[&str]) -> Result<Option<Entry>> {
        let attrs: Vec<String> = attrs.iter().map(|a| (*a).to_owned()).collect();
        let found = self
            .run("read", true, |mut ldap| {
                let attrs = attrs.clone();
                let dn = dn.to_owned();
                async move {
                    let result = ldap.search(&dn, Scope::Base, "(objectClass=*)", attrs).await?;
                    Ok((result.0, result.1.rc, result.1.text))
                }
            })
            .await?;
        match found.1 {
            0 => Ok(found.0.into_iter().next().map(|e| Entry::from_search(SearchEntry::construct(e)))),
            32 => Ok(None),
            rc => outcome(rc, &found.2, "read").map(|_| None),
        }
    }

    /// Adds an entry.
    pub async fn add(&self, dn: &str, attrs: &Attrs) -> Result<Outcome> {
        let (rc, text) = self
            .run("add", false, |mut ldap| {
                let attrs = attrs.0.clone();
                let dn = dn.to_owned();
                async move {
                    let r = ldap.add(&dn, attrs).await?;
                    Ok((r.rc, r.text))
                }
            })
            .await?;
        outcome(rc, &text, "add")
    }

    /// Modifies an entry.
    pub async fn modify(&self, dn: &str, mods: Mods) -> Result<Outcome> {
        let mods = mods.0;
        let (rc, text) = self
            .run("modify", false, |mut ldap| {
                let mods = mods.clone();
                let dn = dn.to_owned();
                async move {
                    let r = ldap.modify(&dn, mods).await?;
                    Ok((r.rc, r.text))
                }
            })
            .await?;
        outcome(rc, &text, "modify")
    }

    /// Replaces a binary attribute with one value, or removes it (`None`).
    pub async fn set_binary(&self, dn: &str, name: &str, value: Option<&[u8]>) -> Result<Outcome> {
        let values: HashSet<Vec<u8>> = value.map(|v| HashSet::from([v.to_vec()])).unwrap_or_default();
        let (rc, text) = self
            .run("modify", false, |mut ldap| {
                let mods = vec![Mod::Replace(name.as_bytes().to_vec(), values.clone())];
                let dn = dn.to_owned();
                async move {
                    let r = ldap.modify(&dn, mods).await?;
                    Ok((r.rc, r.text))
                }
            })
            .await?;
        outcome(rc, &text, "modify")
    }

    /// Deletes an entry.
    pub async fn delete(&self, dn: &str) -> Result<Outcome> {
        let (rc, text) = self
            .run("delete", false, |mut ldap| {
                let dn = dn.to_owned();
                async move {
                    let r = ldap.delete(&dn).await?;
                    Ok((r.rc, r.text))
                }
            })
            .await?;
        outcome(rc, &text, "delete")
    }

    /// Renames (and/or moves) an entry, removing the old RDN values.
    pub async fn rename(&self, dn: &str, new_rdn: &str, new_parent: Option<&str>) -> Result<Outcome> {
        let (rc, text) = self
            .run("rename", false, |mut ldap| {
                let dn = dn.to_owned();
                let rdn = new_rdn.to_owned();
                let parent = new_parent.map(str::to_owned);
                async move {
                    let r = ldap.modifydn(&dn, &rdn, true, parent.as_deref()).await?;
                    Ok((r.rc, r.text))
                }
            })
            .await?;
        outcome(rc, &text, "rename")
    }
}
