//! The LDAP directory backend, for OpenLDAP (slapd) and 389 Directory
//! Server: every directory object lives in the directory with pbm's schema
//! (`deploy/ldap/`), so that mail servers and third-party tools read the same
//! entries; service state (sessions, audit, settings, brute-force counts)
//! stays in SQL beside it and the audit event of each change is appended
//! there right after the change (LDAP shares no transaction with SQL).
//!
//! Layout under the root DN (every OU configurable, see [`Layout`]):
//!
//! ```text
//! ou=People     uid=<mail>                   live users (inetOrgPerson, inetUser, mailRecipient, pbmUser)
//! ou=Blocked    uid=<mail>                   soft-deleted users, moved here until purged
//! ou=Groups     pbmId=<id>                   mailing lists (groupOfUniqueNames, pbmMailList)
//! ou=resources  cn=<name>+tenant-id=<t>      resource groups;  uid=<mail>: resources
//! ou=Domains    cn=<domain>                  mail domains
//! ou=Tenants    tenant-id=<id>               tenants (their default domain)
//! ou=Addresses  pbmAddress=<address>         one entry per reserved address
//! ou=WebDomains cn=<host>                    web domains with key and certificate
//! ou=CAB        mail=<address>+tenant-id=<t>  external contacts (inetOrgPerson, pbmContact)
//! ```
//!
//! LDAP has no multi-entry transactions, so every write that touches several
//! entries is ordered around one single-entry operation that decides it (the
//! commit point), with compensation before it and idempotent clean-up after:
//! an address is claimed by adding its `ou=Addresses` entry (an add of an
//! existing DN fails atomically, also concurrently: uniqueness); an update is
//! a compare-and-swap of `pbmRevision` (delete the old value, add the next,
//! in one modify); a renamed resource group is one modify-DN; deleting a
//! tenant or a resource group first marks it `pbmDeleting` (it disappears
//! from every read at once), then removes what it held. What a crash leaves
//! behind — a claim whose owner does not hold it, a tenant or group marked
//! deleting — is finished by [`LdapStore::sweep`], run by the hourly purge
//! job and at start.

mod addresses;
mod avatars;
mod conn;
mod contacts;
mod mail_domains;
mod mail_lists;
mod mapping;
mod resources;
mod sweep;
mod tenants;
mod users;
mod web_domains;

use std::{sync::Arc, time::Duration};

use anyhow::{Context as _, bail};
use ldap3::{Scope, dn_escape, ldap_escape};
use percent_encoding::percent_decode_str;

pub use conn::ConnConfig;
use conn::{Entry, Outcome, Pool};
pub use mapping::{LdifMapping, LdifObject};
pub use users::USER_ATTRS;

use crate::domain::{AuditEvent, ChangeOp, ObjectChange, ObjectKind, SessionCut};
use crate::error::{Error, Result};
use crate::ports::ChangeLog;
use crate::settings::Settings;
use crate::store::{
    PoolUsage,
    barrier::{Admitted, WriteBarrier},
    new_id,
};

/// How long after the store opened it looks for address claims a crash
/// left behind (they must be older than the grace period to count).
pub const SWEEP_DELAY: Duration = Duration::from_secs(150);

/// Where each kind of entry lives: full DNs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The root (`psn/cab/root_dn`, or the path of the store URL).
    pub root: String,
    /// Live users (`psn/ldap/people_ou`, default `ou=People`).
    pub people: String,
    /// Soft-deleted users (`psn/ldap/blocked_ou`, default `ou=Blocked`).
    pub blocked: String,
    /// Mailing lists (`psn/ldap/groups_ou`, else `psn/cab/maillist_ou`, default `ou=Groups`).
    pub groups: String,
    /// Resource groups and resources (`psn/cab/resources_ou`, default `ou=resources`).
    pub resources: String,
    /// Mail domains (`psn/ldap/domains_ou`, default `ou=Domains`).
    pub domains: String,
    /// Tenants (`pbm/ldap/tenants_ou`, default `ou=Tenants`).
    pub tenants: String,
    /// Address claims (`pbm/ldap/addresses_ou`, default `ou=Addresses`).
    pub addresses: String,
    /// Web domains (`pbm/ldap/web_domains_ou`, default `ou=WebDomains`).
    pub web_domains: String,
    /// External contacts of the address book (`psn/cab/cab_ou`, default `ou=CAB`).
    pub contacts: String,
}

impl Layout {
    /// The layout under `root` with the OUs of the settings (full DNs, or
    /// RDNs taken relative to the root).
    pub fn new(root: &str, settings: &Settings) -> Self {
        let get = |key: &str| settings.get(key).unwrap_or_default().trim().to_owned();
        let under = |value: String, default: &str| -> String {
            let value = if value.is_empty() { default.to_owned() } else { value };
            if value.to_ascii_lowercase().ends_with(&root.to_ascii_lowercase()) {
                value
            } else {
                format!("{value},{root}")
            }
        };
        let groups = match get("psn/ldap/groups_ou") {
            v if v.is_empty() => get("psn/cab/maillist_ou"),
            v => v,
        };
        Self {
            root: root.to_owned(),
            people: under(get("psn/ldap/people_ou"), "ou=People"),
            blocked: under(get("psn/ldap/blocked_ou"), "ou=Blocked"),
            groups: under(groups, "ou=Groups"),
            resources: under(get("psn/cab/resources_ou"), "ou=resources"),
            domains: under(get("psn/ldap/domains_ou"), "ou=Domains"),
            tenants: under(get("pbm/ldap/tenants_ou"), "ou=Tenants"),
            addresses: under(get("pbm/ldap/addresses_ou"), "ou=Addresses"),
            web_domains: under(get("pbm/ldap/web_domains_ou"), "ou=WebDomains"),
            contacts: under(get("psn/cab/cab_ou"), "ou=CAB"),
        }
    }

    fn ous(&self) -> [&str; 9] {
        [
            &self.people,
            &self.blocked,
            &self.groups,
            &self.resources,
            &self.domains,
            &self.tenants,
            &self.addresses,
            &self.web_domains,
            &self.contacts,
        ]
    }
}

/// Which directory server pbm talks to (from its root DSE): what it can
/// store differs a little.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// OpenLDAP slapd: `userPassword` holds `{ARGON2}` + the PHC string
    /// (verified by its `argon2` module), `groupOfUniqueNames` must have a
    /// `uniqueMember` (an empty list holds the empty DN).
    OpenLdap,
    /// 389 Directory Server: it would hash an `{ARGON2}` value again, so
    /// `userPassword` is not written; `uniqueMember` may be absent.
    Ds389,
    /// Anything else: treated like 389 (no `userPassword`), with an empty
    /// DN for empty lists.
    Other,
}

/// Everything [`LdapStore::open`] needs.
#[derive(Debug, Clone)]
pub struct LdapOptions {
    /// Connection.
    pub conn: ConnConfig,
    /// Layout.
    pub layout: Layout,
}

impl LdapOptions {
    /// Reads a store URL — `ldap[s]://HOST:PORT/ROOT_DN????bindname=DN,X-BINDPW=PASSWORD`
    /// (RFC 4516 with the `bindname` and `X-BINDPW` extensions; every part
    /// but the scheme optional) — and the `psn/ldap/*`, `psn/cab/*` and
    /// `pbm/ldap/*` settings, which fill in what the URL leaves out.
    pub fn from_url(store_url: &str, settings: &Settings) -> anyhow::Result<Self> {
        let parsed = url::Url::parse(store_url).context("the LDAP store URL does not parse")?;
        let scheme = parsed.scheme();
        if scheme != "ldap" && scheme != "ldaps" {
            bail!("an LDAP store URL starts with ldap:// or ldaps://");
        }
        let get = |key: &str| settings.get(key).unwrap_or_default().trim().to_owned();
        let host = match parsed.host_str() {
            Some(h) if !h.is_empty() => h.to_owned(),
            _ => get("psn/ldap/host"),
        };
        if host.is_empty() {
            bail!("the LDAP store URL names no host and psn/ldap/host is not set");
        }
        let port = match parsed.port() {
            Some(p) => p,
            None => match get("psn/ldap/port") {
                p if p.is_empty() => {
                    if scheme == "ldaps" {
                        636
                    } else {
                        389
                    }
                }
                p => p.parse().context("psn/ldap/port")?,
            },
        };
        let path = percent_decode_str(parsed.path().trim_start_matches('/')).decode_utf8()?.trim().to_owned();
        let root = if path.is_empty() { get("psn/cab/root_dn") } else { path };
        if root.is_empty() {
            bail!("the LDAP store URL names no root DN and psn/cab/root_dn is not set");
        }
        let (mut bind_dn, mut password, mut tls_insecure) = (None, None, false);
        // attrs ? scope ? filter ? extensions
        if let Some(query) = parsed.query()
            && let Some(extensions) = query.split('?').nth(3)
        {
            for extension in extensions.split(',').filter(|e| !e.is_empty()) {
                let extension = extension.trim_start_matches('!');
                let (name, value) = extension.split_once('=').unwrap_or((extension, ""));
                let value = percent_decode_str(value).decode_utf8()?.into_owned();
                match name.to_ascii_lowercase().as_str() {
                    "bindname" => bind_dn = Some(value),
                    "x-bindpw" => password = Some(value),
                    "x-tls-insecure" => tls_insecure = value.is_empty() || value.eq_ignore_ascii_case("true"),
                    other => bail!("unknown LDAP URL extension {other:?}"),
                }
            }
        }
        let bind_dn = bind_dn.unwrap_or_else(|| get("psn/ldap/bind_dn"));
        let password = password.unwrap_or_else(|| settings.get("psn/ldap/password").unwrap_or_default().to_owned());
        let host = if host.contains(':') { format!("[{host}]") } else { host };
        Ok(Self {
            conn: ConnConfig {
                url: format!("{scheme}://{host}:{port}"),
                bind_dn,
                password,
                connect_timeout: Duration::from_secs(5),
                op_timeout: Duration::from_secs(30),
                size: 4,
                tls_insecure,
            },
            layout: Layout::new(&root, settings),
        })
    }
}

/// The LDAP store; implements every [`crate::ports::Directory`] port.
pub struct LdapStore {
    pool: Pool,
    layout: Layout,
    flavor: Flavor,
    changes: Arc<dyn ChangeLog>,
    barrier: WriteBarrier,
}

impl std::fmt::Debug for LdapStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LdapStore").field("pool", &self.pool).field("layout", &self.layout).finish()
    }
}

/// RFC 4515 escaping of a value inside a filter.
fn esc(value: &str) -> std::borrow::Cow<'_, str> {
    ldap_escape(value)
}

/// An RDN `attr=value` with the value escaped as RFC 4514 says.
fn rdn(attr: &str, value: &str) -> String {
    format!("{attr}={}", dn_escape(value))
}

/// `(&(objectClass=CLASS)…)` of escaped-already parts.
fn and(class: &str, parts: &[String]) -> String {
    format!("(&(objectClass={class}){})", parts.concat())
}

/// `(attr=value)` with the value escaped.
fn eq(attr: &str, value: &str) -> String {
    format!("({attr}={})", esc(value))
}

/// The names of the first RDN of a DN and its parent (`ou=X`, `dc=y,dc=z`).
fn split_first_rdn(dn: &str) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (i, c) in dn.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ',' if !escaped => return Some((&dn[..i], &dn[i + 1..])),
            _ => escaped = false,
        }
    }
    None
}

impl LdapStore {
    /// Connects, checks that pbm's schema is installed and creates the
    /// root entry (an `ou=` or `dc=` one) and the OUs of the layout where
    /// they are missing. Changes pass `barrier`; their change-log records
    /// and audit events go to `changes` (the SQL state store).
    pub async fn open(
        options: LdapOptions,
        changes: Arc<dyn ChangeLog>,
        barrier: WriteBarrier,
    ) -> anyhow::Result<Self> {
        let pool = Pool::new(options.conn);
        let dse = pool
            .read("", &["vendorName", "objectClass", "subschemaSubentry"])
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .context("the directory has no root DSE")?;
        let flavor = if dse.values("objectClass").iter().any(|c| c.eq_ignore_ascii_case("OpenLDAProotDSE")) {
            Flavor::OpenLdap
        } else if dse.text("vendorName").contains("389") {
            Flavor::Ds389
        } else {
            Flavor::Other
        };
        let subschema = match dse.text("subschemaSubentry") {
            s if s.is_empty() => "cn=Subschema".to_owned(),
            s => s,
        };
        let schema = pool.read(&subschema, &["objectClasses"]).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let installed = schema.is_some_and(|s| s.values("objectClasses").iter().any(|c| c.contains("'pbmUser'")));
        if !installed {
            bail!("pbm's LDAP schema is not installed in the directory: see deploy/ldap/README.md");
        }
        let store = Self { pool, layout: options.layout, flavor, changes, barrier };
        store.create_layout().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        tracing::info!(flavor = ?store.flavor, root = %store.layout.root, "LDAP directory store opened");
        Ok(store)
    }

    async fn create_layout(&self) -> Result<()> {
        if self.pool.read(&self.layout.root, &["1.1"]).await?.is_none() {
            self.create_container(&self.layout.root).await?;
        }
        for ou in self.layout.ous() {
            self.create_container(ou).await?;
        }
        Ok(())
    }

    /// Adds an `ou=` or `dc=` entry unless it exists. Replicas starting at
    /// once on an empty directory race to add the same entries (and their
    /// parents): an add that fails is tried again a few times, and an entry
    /// that exists by then, whoever added it, is enough.
    async fn create_container(&self, dn: &str) -> Result<()> {
        let attrs = mapping::container_attrs(dn)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let added = self.pool.add(dn, &attrs).await;
            if matches!(added, Ok(Outcome::Done | Outcome::AlreadyExists))
                || self.pool.read(dn, &["1.1"]).await?.is_some()
            {
                return Ok(());
            }
            if attempt == CONTAINER_ATTEMPTS {
                return Err(match added {
                    Ok(other) => Error::internal(anyhow::anyhow!("creating {dn}: {other:?} (does its parent exist?)")),
                    Err(e) => e,
                });
            }
            tokio::time::sleep(std::time::Duration::from_millis(100 * attempt)).await;
        }
    }

    /// Usage of the connection pool, for metrics.
    pub fn pool_usage(&self) -> PoolUsage {
        PoolUsage { pool: "ldap", size: self.pool.open_connections(), idle: 0 }
    }

    /// Called first by each read of a listing of `tenant` (`None`: of every
    /// tenant): LDAP has no snapshot, so the read notes where the change
    /// log's writes stand, for the response's revision
    /// (`store::snapshot::watch_writes`).
    async fn reading_listing(&self, tenant: Option<&str>) {
        crate::store::snapshot::watch_writes(&self.changes, &self.barrier, tenant).await;
    }

    /// The server flavor found at open.
    pub fn flavor(&self) -> Flavor {
        self.flavor
    }

    /// Starts a change of the directory: admitted by the write barrier,
    /// recorded by [`LdapChange::audited`] (the one write path of the store).
    ///
    /// The changes it will make are written first, as an intent in the
    /// change log's SQL store: were pbm killed between the LDAP write and
    /// its record, the intent is recorded at the next start
    /// ([`ChangeLog::recover_intents`]), so no change made through pbm is
    /// missing from the log.
    async fn change(&self, changes: Vec<ObjectChange>) -> Result<LdapChange<'_>> {
        self.change_ending_sessions(changes, Vec::new()).await
    }

    /// [`LdapStore::change`] of accounts that ends sessions of them: they
    /// end with the intent and again with the record (see [`SessionCut`]).
    async fn change_ending_sessions(
        &self,
        changes: Vec<ObjectChange>,
        cuts: Vec<SessionCut>,
    ) -> Result<LdapChange<'_>> {
        let admitted = self.barrier.admit().await;
        let intent = new_id();
        // Written by a task of its own, with the guard already there: a
        // request cancelled while its intent is written (a client gone) would
        // otherwise leave the intent open until recovery, and every LDAP list
        // of its tenant answering the follower position until then. The
        // guard's drop waits for the write, then settles what it wrote.
        let (log, id, (written_changes, written_cuts)) =
            (self.changes.clone(), intent.clone(), (changes.clone(), cuts.clone()));
        let writing = tokio::spawn(async move {
            log.intend_changes(&id, &written_changes, &written_cuts, crate::domain::now()).await
        });
        let mut change =
            LdapChange { store: self, _admitted: admitted, intent, changes, cuts, done: false, writing: Some(writing) };
        match change.intent_written().await {
            Ok(()) => Ok(change),
            Err(e) => {
                // Nothing was written (one transaction): nothing to settle.
                change.done = true;
                Err(e)
            }
        }
    }
}

/// Tries to add a container entry before giving up (see `create_container`).
const CONTAINER_ATTEMPTS: u64 = 5;

/// The change-log notes of the lists `lists` of `tenant_id`, modified (a
/// member was taken out of them).
fn lists_modified(tenant_id: &str, lists: Vec<String>) -> Vec<ObjectChange> {
    lists.iter().map(|list| ObjectChange::new(ObjectKind::MailList, tenant_id, list, ChangeOp::Modified)).collect()
}

/// A change of the directory in progress, admitted by the write barrier
/// until it is dropped; its intent is completed by [`LdapChange::audited`]
/// or, when dropped without (the write failed, or the request was cancelled
/// in the middle of it), settled: recorded as modified objects, since
/// whether the write happened is not known.
struct LdapChange<'a> {
    store: &'a LdapStore,
    _admitted: Admitted,
    intent: String,
    changes: Vec<ObjectChange>,
    /// The sessions the change ends.
    cuts: Vec<SessionCut>,
    done: bool,
    /// The intent's write, while it is under way.
    writing: Option<tokio::task::JoinHandle<Result<()>>>,
}

impl LdapChange<'_> {
    /// Adds changes to the intent, before they are made: a cascade's, and
    /// the lists an address is taken out of, found before they are edited
    /// ([`LdapStore::free`]), so that a kill in the middle leaves each of
    /// them named in the intent.
    async fn also(&mut self, changes: Vec<ObjectChange>) -> Result<()> {
        self.also_ending_sessions(changes, Vec::new()).await
    }

    /// [`LdapChange::also`], ending sessions too (a cascade deleting
    /// accounts): they end now, with the intent, and again with the record.
    async fn also_ending_sessions(&mut self, changes: Vec<ObjectChange>, cuts: Vec<SessionCut>) -> Result<()> {
        // Written by a task of its own, as the intent's first part is
        // (`LdapStore::change_ending_sessions`): a drop while it is written
        // settles it once it is.
        let (log, id, (written_changes, written_cuts)) =
            (self.store.changes.clone(), self.intent.clone(), (changes.clone(), cuts.clone()));
        self.writing = Some(tokio::spawn(async move {
            log.intend_changes(&id, &written_changes, &written_cuts, crate::domain::now()).await
        }));
        self.intent_written().await?;
        self.changes.extend(changes);
        self.cuts.extend(cuts);
        Ok(())
    }

    /// Waits for the intent's write under way, if any.
    async fn intent_written(&mut self) -> Result<()> {
        let Some(writing) = self.writing.as_mut() else { return Ok(()) };
        let written = writing.await;
        self.writing = None;
        written.map_err(|e| Error::internal(anyhow::anyhow!("writing a change's intent: {e}")))?
    }

    /// Records the change just made — its change-log records and its audit
    /// event, in one SQL transaction. The change stands even when the SQL
    /// store cannot take them (LDAP has no shared transaction with SQL):
    /// the failure is logged, and the intent, still stored, is recorded at
    /// the next start.
    ///
    /// They are written by a task of their own: a request cancelled while
    /// they are written (its client gone) still completes the intent.
    async fn audited(mut self, event: &AuditEvent) {
        self.done = true;
        let log = self.store.changes.clone();
        let (intent, changes, cuts, event) = (
            std::mem::take(&mut self.intent),
            std::mem::take(&mut self.changes),
            std::mem::take(&mut self.cuts),
            event.clone(),
        );
        let completing = tokio::spawn(async move {
            if let Err(e) = log.complete_changes(&intent, &changes, &cuts, &event).await {
                tracing::error!(
                    error = %e,
                    rpc = %event.rpc,
                    target = %event.target,
                    tenant = %event.tenant_id,
                    actor = %event.actor,
                    "an LDAP change was made but its audit event and change-log records could not be stored"
                );
            }
        });
        let _ = completing.await;
    }
}

impl Drop for LdapChange<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        // A record of an unchanged object is harmless (a reader reads the
        // object as it is); a change missing from the log is not. Without a
        // runtime, the next start records the intent.
        let (changes, intent, cuts) =
            (self.store.changes.clone(), std::mem::take(&mut self.intent), std::mem::take(&mut self.cuts));
        let writing = self.writing.take();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                // Dropped while its intent was written: settled once written
                // (an intent that has no rows settles as nothing).
                if let Some(writing) = writing {
                    let _ = writing.await;
                }
                if let Err(e) = changes.settle_intent(&intent, &cuts).await {
                    tracing::warn!(error = %e, "could not settle the intent of an unfinished LDAP change");
                }
            });
        }
    }
}

impl LdapStore {
    /// Deletes entries made by a step that failed (compensation); failures
    /// are logged — what is left over is a claim without owner, which the
    /// sweep removes.
    async fn undo(&self, dns: &[String]) {
        for dn in dns.iter().rev() {
            if let Err(e) = self.pool.delete(dn).await {
                tracing::warn!(error = %e, dn, "could not undo an LDAP add; the sweep will remove it");
            }
        }
    }

    // ---- DNs (see [`mapping`])

    fn user_dn(&self, mail: &str, deleted: bool) -> String {
        self.layout.user_dn(mail, deleted)
    }

    fn address_dn(&self, address: &str) -> String {
        self.layout.address_dn(address)
    }

    fn tenant_dn(&self, id: &str) -> String {
        self.layout.tenant_dn(id)
    }

    fn domain_dn(&self, name: &str) -> String {
        self.layout.domain_dn(name)
    }

    fn group_rdn(tenant_id: &str, name: &str) -> String {
        Layout::group_rdn(tenant_id, name)
    }

    fn group_dn(&self, tenant_id: &str, name: &str) -> String {
        self.layout.group_dn(tenant_id, name)
    }

    fn resource_dn(&self, mail: &str) -> String {
        self.layout.resource_dn(mail)
    }

    fn list_dn(&self, id: &str) -> String {
        self.layout.list_dn(id)
    }

    fn web_domain_dn(&self, name: &str) -> String {
        self.layout.web_domain_dn(name)
    }

    /// The `uniqueMember` values of a list's members (see [`mapping::unique_members`]).
    fn unique_members(&self, members: &[String]) -> Vec<String> {
        mapping::unique_members(&self.layout, self.flavor, members)
    }

    /// Counts the entries under `base` matching `filter`.
    async fn count(&self, base: &str, filter: &str) -> Result<u64> {
        Ok(self.pool.search(base, Scope::Subtree, filter, &["1.1"]).await?.len() as u64)
    }

    /// Whether the tenant exists and is not being deleted.
    async fn tenant_live(&self, tenant_id: &str) -> Result<Option<Entry>> {
        let entry = self.pool.read(&self.tenant_dn(tenant_id), &["*"]).await?;
        Ok(entry.filter(|e| !e.flag("pbmDeleting")))
    }
}

/// An integer attribute value.
fn int(value: i64) -> String {
    value.to_string()
}

/// A boolean attribute value.
fn boolean(value: bool) -> String {
    if value { "TRUE" } else { "FALSE" }.to_owned()
}

/// The outcome of a write that must have succeeded.
fn expect_done(outcome: Outcome, what: &str) -> Result<()> {
    match outcome {
        Outcome::Done => Ok(()),
        other => Err(Error::internal(anyhow::anyhow!("ldap {what}: {other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_host_root_and_credentials() {
        let settings = Settings::default();
        let options = LdapOptions::from_url(
            "ldap://127.0.0.1:23389/ou=t1,dc=pbm,dc=test????bindname=cn=admin%2cdc=pbm%2cdc=test,X-BINDPW=s%2cecret",
            &settings,
        )
        .unwrap();
        assert_eq!(options.conn.url, "ldap://127.0.0.1:23389");
        assert_eq!(options.conn.bind_dn, "cn=admin,dc=pbm,dc=test");
        assert_eq!(options.conn.password, "s,ecret");
        assert_eq!(options.layout.root, "ou=t1,dc=pbm,dc=test");
        assert_eq!(options.layout.people, "ou=People,ou=t1,dc=pbm,dc=test");
        assert!(!format!("{options:?}").contains("s,ecret"), "the password is never shown");
    }

    #[test]
    fn settings_fill_in_what_the_url_leaves_out() {
        let settings = Settings::from_pairs([
            ("psn/ldap/host", "ldap.example.com"),
            ("psn/ldap/port", "1389"),
            ("psn/cab/root_dn", "dc=example,dc=com"),
            ("psn/ldap/bind_dn", "cn=pbm,dc=example,dc=com"),
            ("psn/ldap/people_ou", "ou=Staff,dc=example,dc=com"),
            ("psn/cab/maillist_ou", "ou=Lists"),
        ])
        .unwrap();
        let options = LdapOptions::from_url("ldaps:///", &settings).unwrap();
        assert_eq!(options.conn.url, "ldaps://ldap.example.com:1389");
        assert_eq!(options.layout.people, "ou=Staff,dc=example,dc=com");
        assert_eq!(options.layout.groups, "ou=Lists,dc=example,dc=com");
        assert_eq!(options.layout.blocked, "ou=Blocked,dc=example,dc=com");
        assert!(LdapOptions::from_url("ldap:///", &Settings::default()).is_err());
        assert!(LdapOptions::from_url("ldap://h/dc=x????bogus=1", &Settings::default()).is_err());
    }

    #[test]
    fn dns_and_filters_escape_their_values() {
        assert_eq!(rdn("cn", "a,b+c=\"d\"\\ "), "cn=a\\2cb\\2bc\\3d\\22d\\22\\5c\\20");
        assert_eq!(rdn("cn", "#x"), "cn=\\23x");
        assert_eq!(eq("mail", "*)(mail=*"), "(mail=\\2a\\29\\28mail=\\2a)");
        assert_eq!(split_first_rdn("ou=a\\,b,dc=x"), Some(("ou=a\\,b", "dc=x")));
    }

    /// The schema of pbm's own attributes and classes is one definition for
    /// both servers.
    #[test]
    fn both_schema_files_define_pbm_identically() {
        let defs = |text: &str| -> Vec<String> {
            text.lines().filter_map(|l| l.split_once(": ( 2.25.")).map(|(_, rest)| rest.to_owned()).collect()
        };
        let openldap = defs(include_str!("../../../deploy/ldap/openldap/10-pbm-schema.ldif"));
        let ds389 = defs(include_str!("../../../deploy/ldap/389/10-pbm-schema.ldif"));
        assert!(openldap.len() > 30);
        assert_eq!(openldap, ds389);
    }
}
