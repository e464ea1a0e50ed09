//! The reader of the company directory: one connection at a time, bound as
//! pbm's service account (`services/ad/bind_dn`) for searches, or as a
//! person for a login; over LDAPS, StartTLS, or plain LDAP only when the
//! operator turned both off; every search paged (AD answers at most 1,000
//! entries a page) with referrals and continuation references ignored;
//! every step under a timeout (`services/ad/connect_timeout` for connecting
//! and binding, `services/ad/timeout` for each operation).
//!
//! Entries come back as [`SourceEntry`]: the DN, the stable id the source
//! keys it by (`objectGUID` on AD, `entryUUID` on OpenLDAP, `nsUniqueId` on
//! 389-ds and FreeIPA), its change marker (`uSNChanged`, `entryCSN`,
//! `modifyTimestamp`) and its attributes by lower-cased name. An attribute
//! with more values than AD's `MaxValRange` (1,500 by default: a large
//! group's `member`) comes back in ranges (`member;range=0-1499`); the
//! entry keeps the values under the plain name and remembers where the next
//! range starts, and [`Session::complete_ranges`] reads the rest
//! (`member;range=1500-*`, …) before anyone relies on the values.
//!
//! Errors say what to fix: an unreachable or silent directory is
//! `DirectoryUnavailable` naming `host:port`; a refused service bind, a
//! required encryption, a missing base DN or an untrusted certificate is
//! `FailedPrecondition` naming the setting.

use std::{collections::HashMap, sync::Arc, time::Duration};

use ldap3::{
    Ldap, LdapConnAsync, LdapConnSettings, LdapError, Scope, SearchEntry,
    adapters::{Adapter, EntriesOnly, PagedResults},
};
use rustls::ClientConfig;

use super::settings::{ConnectionSettings, Security};
use crate::error::{Error, Result};

/// Which attribute holds an entry's stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// Active Directory's binary `objectGUID`, written in its usual text form.
    ObjectGuid,
    /// OpenLDAP's `entryUUID` (RFC 4530).
    EntryUuid,
    /// 389-ds' and FreeIPA's `nsUniqueId`.
    NsUniqueId,
}

impl IdKind {
    /// The attribute's name.
    pub fn attribute(self) -> &'static str {
        match self {
            Self::ObjectGuid => "objectGUID",
            Self::EntryUuid => "entryUUID",
            Self::NsUniqueId => "nsUniqueId",
        }
    }
}

/// The attributes every search asks for beside the mapped ones: the stable
/// ids and change markers of every kind of server (a server ignores the
/// names it does not know).
pub const BOOKKEEPING_ATTRIBUTES: [&str; 6] =
    ["objectGUID", "entryUUID", "nsUniqueId", "uSNChanged", "entryCSN", "modifyTimestamp"];

/// An attribute that orders an entry's changes, for incremental syncs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeMark {
    /// `uSNChanged` (AD), `entryCSN` (OpenLDAP) or `modifyTimestamp`.
    pub attribute: &'static str,
    /// Its value: a number for `uSNChanged`, a string that sorts in time
    /// order otherwise.
    pub value: String,
}

impl ChangeMark {
    /// Whether `self` is later than `other` (same attribute).
    pub fn is_after(&self, other: &ChangeMark) -> bool {
        if self.attribute == "uSNChanged" {
            let n = |v: &str| v.parse::<u64>().unwrap_or(0);
            n(&self.value) > n(&other.value)
        } else {
            self.value > other.value
        }
    }

    /// A filter matching the entries changed at or after this mark.
    pub fn since_filter(&self) -> String {
        format!("({}>={})", self.attribute, super::filter::filter_value(&self.value))
    }
}

/// An entry of the company directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    /// The DN.
    pub dn: String,
    /// The stable id (lower-case).
    pub id: String,
    /// Where the id comes from.
    pub id_kind: IdKind,
    /// The change marker, when the server has one.
    pub change: Option<ChangeMark>,
    attrs: HashMap<String, Vec<String>>,
    /// The attributes (lower-case) that came in ranges with values still
    /// to read, and the index of the next range's first value.
    ranges_left: Vec<(String, u64)>,
}

/// The most values [`Session::complete_ranges`] reads of one attribute: a
/// directory answering ranges without end is an error, not a memory leak.
const MAX_RANGED_VALUES: usize = 1_000_000;

/// The range of an attribute's values in AD's ranged retrieval
/// (`member;range=1500-2999`; `*` ends the last range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueRange {
    /// The index of the first value.
    pub start: u64,
    /// The index of the last value; `None` for `*`, the last range.
    pub end: Option<u64>,
}

/// Splits an attribute description with a `range=` option into the
/// description without it (lower-case) and the range; `None` when it has
/// no such option (or a malformed one, which is then an ordinary name).
pub fn ranged_attribute(name: &str) -> Option<(String, ValueRange)> {
    let mut parts = name.split(';');
    let mut base = parts.next()?.to_ascii_lowercase();
    let mut range = None;
    for option in parts {
        let lower = option.to_ascii_lowercase();
        match lower.strip_prefix("range=") {
            Some(bounds) if range.is_none() => {
                let (start, end) = bounds.split_once('-')?;
                let start = start.parse().ok()?;
                let end = if end == "*" { None } else { Some(end.parse().ok()?) };
                if end.is_some_and(|end| end < start) {
                    return None;
                }
                range = Some(ValueRange { start, end });
            }
            _ => {
                base.push(';');
                base.push_str(&lower);
            }
        }
    }
    range.map(|range| (base, range))
}

impl SourceEntry {
    /// An entry from its parts (tests, the Bitrix24 reader).
    pub fn new(dn: impl Into<String>, id: impl Into<String>, id_kind: IdKind) -> Self {
        Self { dn: dn.into(), id: id.into(), id_kind, change: None, attrs: HashMap::new(), ranges_left: Vec::new() }
    }

    /// Adds values of an attribute.
    pub fn with(mut self, name: &str, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.attrs.entry(name.to_ascii_lowercase()).or_default().extend(values.into_iter().map(Into::into));
        self
    }

    /// Every value of an attribute (any case of its name).
    pub fn values(&self, name: &str) -> &[String] {
        self.attrs.get(&name.to_ascii_lowercase()).map(Vec::as_slice).unwrap_or_default()
    }

    /// The first non-blank value of an attribute, trimmed, or "".
    pub fn first(&self, name: &str) -> &str {
        self.values(name).iter().map(|v| v.trim()).find(|v| !v.is_empty()).unwrap_or_default()
    }

    /// Whether the entry is disabled at the source: AD's
    /// `userAccountControl` with bit 2 (ACCOUNTDISABLE), or FreeIPA's and
    /// 389-ds' `nsAccountLock: TRUE`.
    pub fn is_disabled(&self) -> bool {
        let uac = self.first("userAccountControl").parse::<u64>().unwrap_or(0);
        uac & 2 != 0 || self.first("nsAccountLock").eq_ignore_ascii_case("true")
    }

    fn from_search(entry: SearchEntry) -> Option<Self> {
        let mut attrs: HashMap<String, Vec<String>> = HashMap::new();
        let mut guid = None;
        let mut ranges_left = Vec::new();
        for (name, values) in entry.attrs {
            let lower = name.to_ascii_lowercase();
            if lower == "objectguid" {
                guid = values.first().map(|v| v.as_bytes().to_vec());
                continue;
            }
            if let Some((base, range)) = ranged_attribute(&name) {
                if let Some(end) = range.end {
                    ranges_left.push((base.clone(), end.saturating_add(1)));
                }
                attrs.entry(base).or_default().extend(values);
                continue;
            }
            attrs.entry(lower).or_default().extend(values);
        }
        for (name, values) in entry.bin_attrs {
            let lower = name.to_ascii_lowercase();
            if lower == "objectguid" {
                guid = values.first().cloned();
                continue;
            }
            attrs.entry(lower).or_default().extend(values.iter().map(|v| String::from_utf8_lossy(v).into_owned()));
        }
        let text = |name: &str| attrs.get(name).and_then(|v| v.first()).map(|v| v.trim().to_ascii_lowercase());
        let (id, id_kind) = if let Some(guid) = guid.as_deref().and_then(guid_text) {
            (guid, IdKind::ObjectGuid)
        } else if let Some(unique) = text("nsuniqueid").filter(|v| !v.is_empty()) {
            // before entryUUID: 389-ds 2.x has both, and nsUniqueId is the one FreeIPA keys by
            (unique, IdKind::NsUniqueId)
        } else if let Some(uuid) = text("entryuuid").filter(|v| !v.is_empty()) {
            (uuid, IdKind::EntryUuid)
        } else {
            return None;
        };
        let change = [("usnchanged", "uSNChanged"), ("entrycsn", "entryCSN"), ("modifytimestamp", "modifyTimestamp")]
            .into_iter()
            .find_map(|(key, attribute)| {
                let value = attrs.get(key)?.first()?.trim().to_owned();
                (!value.is_empty()).then_some(ChangeMark { attribute, value })
            });
        Some(Self { dn: entry.dn, id, id_kind, change, attrs, ranges_left })
    }
}

/// An `objectGUID` (16 bytes, the first three groups little-endian) in the
/// text form AD tools show: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
pub fn guid_text(bytes: &[u8]) -> Option<String> {
    let b: &[u8; 16] = bytes.try_into().ok()?;
    Some(format!(
        "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
        b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]
    ))
}

/// What a person's bind answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindOutcome {
    /// The directory accepted the password.
    Accepted,
    /// Wrong password, unknown DN, or an account the directory refuses
    /// (disabled, expired, locked): LDAP's invalidCredentials (49).
    Refused,
}

/// Opens connections to the company directory.
#[derive(Clone)]
pub struct DirectoryReader {
    settings: ConnectionSettings,
    tls: Option<Arc<ClientConfig>>,
}

impl std::fmt::Debug for DirectoryReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectoryReader").field("endpoint", &self.endpoint()).finish_non_exhaustive()
    }
}

impl DirectoryReader {
    /// A reader over the connection settings in force; refuses a missing
    /// host and an unusable CA file or server name, naming the setting.
    pub fn new(settings: &ConnectionSettings) -> Result<Self> {
        if settings.host.is_empty() {
            return Err(Error::FailedPrecondition(
                "services/ad/host is not set: pbm does not know the directory to read".into(),
            ));
        }
        let tls = match settings.security {
            Security::Plain => None,
            Security::Ldaps | Security::StartTls => {
                Some(super::tls::client_config(&settings.ca_file, &settings.server_name).map_err(|e| {
                    Error::FailedPrecondition(format!("services/ad/ca_file, services/ad/server_name: {e}"))
                })?)
            }
        };
        Ok(Self { settings: settings.clone(), tls })
    }

    /// `host:port` of the directory, as errors name it.
    pub fn endpoint(&self) -> String {
        format!("{}:{}", self.settings.host, self.settings.port)
    }

    fn url(&self) -> String {
        let scheme = if self.settings.security == Security::Ldaps { "ldaps" } else { "ldap" };
        let host = &self.settings.host;
        if host.contains(':') {
            format!("{scheme}://[{host}]:{}", self.settings.port)
        } else {
            format!("{scheme}://{host}:{}", self.settings.port)
        }
    }

    fn unreachable(&self, reason: impl Into<String>) -> Error {
        Error::DirectoryUnavailable { host: self.endpoint(), reason: reason.into() }
    }

    /// Maps a failure to connect or to talk to the directory.
    fn connection_error(&self, err: LdapError) -> Error {
        if let LdapError::Io { source } = &err
            && let Some(tls) = source.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>())
        {
            return Error::FailedPrecondition(format!(
                "services/ad/ca_file, services/ad/server_name: the certificate of {} is not trusted: {tls}",
                self.endpoint()
            ));
        }
        match err {
            LdapError::Timeout { .. } => self.unreachable("no answer in time"),
            LdapError::Io { source } => self.unreachable(source.kind().to_string()),
            LdapError::LdapResult { result } if result.rc == 2 || result.rc == 52 || result.rc == 53 => {
                Error::FailedPrecondition(format!(
                    "services/ad/ssl, services/ad/starttls: {} refused StartTLS: {}",
                    self.endpoint(),
                    result.text
                ))
            }
            other => self.unreachable(other.to_string()),
        }
    }

    /// A connection, not yet bound, under the connect timeout. The socket
    /// is opened here with `TCP_NODELAY` and handed to ldap3: with Nagle's
    /// algorithm on, the bind that follows the TLS handshake waits for the
    /// server's delayed ACK (about 40 ms a login on Linux; measured in
    /// docs/performance.md, "Directory syncs and directory logins").
    async fn connect(&self) -> Result<Ldap> {
        let timeout = self.settings.connect_timeout;
        let host = self.settings.host.as_str();
        let tcp = match tokio::time::timeout(timeout, tokio::net::TcpStream::connect((host, self.settings.port))).await
        {
            Err(_) => return Err(self.unreachable("no answer in time")),
            Ok(Err(e)) => return Err(self.unreachable(e.kind().to_string())),
            Ok(Ok(tcp)) => tcp,
        };
        let socket = tcp.set_nodelay(true).and_then(|()| tcp.into_std());
        let socket = socket.map_err(|e| self.unreachable(e.kind().to_string()))?;
        let mut conn_settings =
            LdapConnSettings::new().set_conn_timeout(timeout).set_std_stream(ldap3::StdStream::Tcp(socket));
        if let Some(tls) = &self.tls {
            conn_settings = conn_settings.set_config(tls.clone());
        }
        if self.settings.security == Security::StartTls {
            conn_settings = conn_settings.set_starttls(true);
        }
        let url = self.url();
        let connecting = LdapConnAsync::with_settings(conn_settings, &url);
        let (conn, ldap) = match tokio::time::timeout(timeout, connecting).await {
            Err(_) => return Err(self.unreachable("no answer in time")),
            Ok(Err(e)) => return Err(self.connection_error(e)),
            Ok(Ok(pair)) => pair,
        };
        tokio::spawn(async move {
            if let Err(e) = conn.drive().await {
                tracing::debug!(error = %e, "directory connection closed");
            }
        });
        Ok(ldap)
    }

    /// A bind under the connect timeout: its result code and text.
    async fn bind(&self, ldap: &mut Ldap, dn: &str, password: &str) -> Result<(u32, String)> {
        let timeout = self.settings.connect_timeout;
        match tokio::time::timeout(timeout, ldap.with_timeout(timeout).simple_bind(dn, password)).await {
            Err(_) => Err(self.unreachable("no answer to the bind in time")),
            Ok(Err(e)) => Err(self.connection_error(e)),
            Ok(Ok(result)) => Ok((result.rc, result.text)),
        }
    }

    /// A connection bound as pbm's service account (anonymous when
    /// `services/ad/bind_dn` is empty).
    pub async fn open(&self) -> Result<Session> {
        let mut ldap = self.connect().await?;
        if !self.settings.bind_dn.is_empty() {
            let (rc, text) = self.bind(&mut ldap, &self.settings.bind_dn, self.settings.password.expose()).await?;
            match rc {
                0 => {}
                49 => {
                    return Err(Error::FailedPrecondition(format!(
                        "services/ad/bind_dn, services/ad/password: {} refused the bind of {} (invalid credentials)",
                        self.endpoint(),
                        self.settings.bind_dn
                    )));
                }
                8 | 13 => {
                    return Err(Error::FailedPrecondition(format!(
                        "services/ad/ssl, services/ad/starttls: {} accepts binds over an encrypted connection only",
                        self.endpoint()
                    )));
                }
                rc => {
                    return Err(Error::FailedPrecondition(format!(
                        "services/ad/bind_dn: {} refused the bind of {}: result {rc} {text}",
                        self.endpoint(),
                        self.settings.bind_dn
                    )));
                }
            }
        }
        Ok(Session { ldap, reader: self.clone() })
    }

    /// Checks a person's password by binding as `dn` on a connection of its
    /// own. An empty password is refused before anything is sent (LDAP
    /// would take it for an anonymous bind and succeed).
    pub async fn check_password(&self, dn: &str, password: &str) -> Result<BindOutcome> {
        if dn.is_empty() || password.is_empty() || password.contains('\0') {
            return Ok(BindOutcome::Refused);
        }
        let mut ldap = self.connect().await?;
        let (rc, text) = self.bind(&mut ldap, dn, password).await?;
        let _ = tokio::time::timeout(Duration::from_secs(1), ldap.unbind()).await;
        match rc {
            0 => Ok(BindOutcome::Accepted),
            49 | 50 | 53 => Ok(BindOutcome::Refused),
            8 | 13 => Err(Error::FailedPrecondition(format!(
                "services/ad/ssl, services/ad/starttls: {} accepts binds over an encrypted connection only",
                self.endpoint()
            ))),
            rc => Err(self.unreachable(format!("bind answered {rc} {text}"))),
        }
    }
}

/// A connection bound as the service account.
pub struct Session {
    ldap: Ldap,
    reader: DirectoryReader,
}

/// What a search read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchSummary {
    /// Entries handed over.
    pub entries: usize,
    /// Entries without a stable id (left out).
    pub without_id: usize,
}

impl Session {
    /// Searches the subtree of `base` for `filter`, paged, handing each
    /// entry with a stable id to `each` as it arrives (references to other
    /// servers are ignored). `setting` names the base DN's setting for the
    /// error when the base does not exist.
    pub async fn search(
        &mut self,
        base: &str,
        setting: &str,
        filter: &str,
        attributes: &[String],
        mut each: impl FnMut(SourceEntry) -> Result<()>,
    ) -> Result<SearchSummary> {
        let op_timeout = self.reader.settings.op_timeout;
        let mut attrs: Vec<String> = attributes.to_vec();
        for extra in BOOKKEEPING_ATTRIBUTES {
            if !attrs.iter().any(|a| a.eq_ignore_ascii_case(extra)) {
                attrs.push(extra.to_owned());
            }
        }
        let page = self.reader.settings.page_size;
        let adapters: Vec<Box<dyn Adapter<_, _>>> =
            vec![Box::new(EntriesOnly::new()), Box::new(PagedResults::new(page))];
        let ldap = &mut self.ldap;
        let reader = &self.reader;
        let started =
            ldap.with_timeout(op_timeout).streaming_search_with(adapters, base, Scope::Subtree, filter, attrs);
        let mut stream = match tokio::time::timeout(op_timeout, started).await {
            Err(_) => return Err(reader.unreachable("no answer to a search in time")),
            Ok(Err(e)) => return Err(reader.connection_error(e)),
            Ok(Ok(stream)) => stream,
        };
        let mut summary = SearchSummary::default();
        loop {
            let next = match tokio::time::timeout(op_timeout, stream.next()).await {
                Err(_) => return Err(reader.unreachable("a search page did not come in time")),
                Ok(Err(e)) => return Err(reader.connection_error(e)),
                Ok(Ok(next)) => next,
            };
            let Some(raw) = next else { break };
            let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| SearchEntry::construct(raw)));
            let Ok(entry) = parsed else {
                return Err(Error::internal(anyhow::anyhow!("{}: an entry could not be decoded", reader.endpoint())));
            };
            match SourceEntry::from_search(entry) {
                Some(entry) => {
                    summary.entries += 1;
                    each(entry)?;
                }
                None => summary.without_id += 1,
            }
        }
        let result = stream.finish().await;
        match result.rc {
            0 => Ok(summary),
            32 => {
                Err(Error::FailedPrecondition(format!("{setting}: {base:?} does not exist on {}", reader.endpoint())))
            }
            10 => Err(Error::FailedPrecondition(format!(
                "{setting}: {base:?} is not held by {} (it answered with a referral)",
                reader.endpoint()
            ))),
            87 => Err(Error::FailedPrecondition(format!("{} refused the search filter {filter:?}", reader.endpoint()))),
            rc => Err(reader.unreachable(format!("search answered {rc} {}", result.text))),
        }
    }

    /// Every entry of a search (see [`Session::search`]).
    pub async fn search_all(
        &mut self,
        base: &str,
        setting: &str,
        filter: &str,
        attributes: &[String],
    ) -> Result<Vec<SourceEntry>> {
        let mut found = Vec::new();
        self.search(base, setting, filter, attributes, |e| {
            found.push(e);
            Ok(())
        })
        .await?;
        Ok(found)
    }

    /// The values of `attribute` on the entry at `dn` (a member's `mail`,
    /// say); empty when there is no such entry here (or it is a referral).
    pub async fn values_at(&mut self, dn: &str, attribute: &str) -> Result<Vec<String>> {
        let Some(entry) = self.read_at(dn, attribute).await? else { return Ok(Vec::new()) };
        Ok(entry
            .attrs
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(attribute))
            .map(|(_, v)| v)
            .unwrap_or_default())
    }

    /// Reads the values of `entry`'s attributes that came in ranges and
    /// are not all there yet (see the module's doc): `member;range=1500-*`
    /// at its DN, and on from where each answer ends, until a range ends
    /// in `*`. An entry gone meanwhile, or an answer without the
    /// attribute, ends it with the values read so far; a server whose
    /// ranges do not move forward is an error (never an endless loop).
    pub async fn complete_ranges(&mut self, entry: &mut SourceEntry) -> Result<()> {
        for (attribute, mut next) in std::mem::take(&mut entry.ranges_left) {
            loop {
                let asked = format!("{attribute};range={next}-*");
                let Some(answer) = self.read_at(&entry.dn, &asked).await? else { break };
                let Some((range, values)) = answer.attrs.into_iter().find_map(|(name, values)| {
                    ranged_attribute(&name).filter(|(base, _)| *base == attribute).map(|(_, range)| (range, values))
                }) else {
                    break;
                };
                let held = entry.attrs.entry(attribute.clone()).or_default();
                held.extend(values);
                if held.len() > MAX_RANGED_VALUES {
                    return Err(self
                        .reader
                        .unreachable(format!("{attribute} of {} has more than {MAX_RANGED_VALUES} values", entry.dn)));
                }
                match range.end {
                    None => break,
                    Some(end) if range.start == next && end.checked_add(1).is_some() => next = end + 1,
                    Some(_) => {
                        return Err(self.reader.unreachable(format!(
                            "asked for {asked} of {}, it answered the range {}-{:?}",
                            entry.dn, range.start, range.end
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// The entry at `dn` with `attribute` (base scope); `None` when there
    /// is no such entry here (or it is a referral).
    async fn read_at(&mut self, dn: &str, attribute: &str) -> Result<Option<SearchEntry>> {
        let op_timeout = self.reader.settings.op_timeout;
        let searched = self.ldap.with_timeout(op_timeout).search(dn, Scope::Base, "(objectClass=*)", vec![attribute]);
        let ldap3::SearchResult(raw, result) = match tokio::time::timeout(op_timeout, searched).await {
            Err(_) => return Err(self.reader.unreachable("no answer to a read in time")),
            Ok(Err(e)) => return Err(self.reader.connection_error(e)),
            Ok(Ok(found)) => found,
        };
        match result.rc {
            0 => {}
            10 | 32 | 34 => return Ok(None), // a referral, no such object, a malformed DN
            rc => return Err(self.reader.unreachable(format!("a read answered {rc} {}", result.text))),
        }
        let Some(raw) = raw.into_iter().next() else { return Ok(None) };
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| SearchEntry::construct(raw)));
        match parsed {
            Ok(entry) => Ok(Some(entry)),
            Err(_) => {
                Err(Error::internal(anyhow::anyhow!("{}: an entry could not be decoded", self.reader.endpoint())))
            }
        }
    }

    /// Ends the session.
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(1), self.ldap.unbind()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_read_as_ad_writes_them() {
        // objectGUID:: j+ERmePaeUOkr/fld5UiVw== is {9911e18f-dae3-4379-a4af-f7e577952257}
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD.decode("j+ERmePaeUOkr/fld5UiVw==").unwrap();
        assert_eq!(guid_text(&bytes).unwrap(), "9911e18f-dae3-4379-a4af-f7e577952257");
        assert_eq!(guid_text(&bytes[..15]), None);
    }

    #[test]
    fn ranged_attribute_names() {
        let range = |start, end| ValueRange { start, end };
        assert_eq!(ranged_attribute("member;range=0-1499"), Some(("member".into(), range(0, Some(1499)))));
        assert_eq!(ranged_attribute("Member;Range=1500-*"), Some(("member".into(), range(1500, None))));
        assert_eq!(ranged_attribute("member;binary;range=3-4"), Some(("member;binary".into(), range(3, Some(4)))));
        for plain in
            ["member", "member;binary", "member;range=", "member;range=a-b", "member;range=5-4", "member;range=1"]
        {
            assert_eq!(ranged_attribute(plain), None, "{plain}");
        }
    }

    #[test]
    fn ranged_values_keep_the_plain_name_and_what_is_left() {
        let mut search = SearchEntry {
            dn: "cn=all,dc=corp,dc=test".into(),
            attrs: HashMap::from([
                ("member;range=0-1".to_owned(), vec!["cn=a".to_owned(), "cn=b".to_owned()]),
                ("mail".to_owned(), vec!["all@corp.test".to_owned()]),
                ("entryUUID".to_owned(), vec!["U-1".to_owned()]),
            ]),
            bin_attrs: HashMap::new(),
        };
        let entry = SourceEntry::from_search(search.clone()).unwrap();
        assert_eq!(entry.values("member"), ["cn=a", "cn=b"]);
        assert_eq!(entry.ranges_left, [("member".to_owned(), 2)]);
        let first = search.attrs.remove("member;range=0-1").unwrap();
        search.attrs.insert("member;range=0-*".into(), first);
        let whole = SourceEntry::from_search(search).unwrap();
        assert_eq!(whole.values("member").len(), 2);
        assert!(whole.ranges_left.is_empty(), "the last range");
    }

    #[test]
    fn disabled_and_change_marks() {
        let e = SourceEntry::new("cn=x", "1", IdKind::EntryUuid).with("userAccountControl", ["514"]);
        assert!(e.is_disabled());
        let e = SourceEntry::new("cn=x", "1", IdKind::EntryUuid).with("userAccountControl", ["512"]);
        assert!(!e.is_disabled());
        let e = SourceEntry::new("cn=x", "1", IdKind::NsUniqueId).with("nsAccountLock", ["TRUE"]);
        assert!(e.is_disabled());
        let a = ChangeMark { attribute: "uSNChanged", value: "999".into() };
        let b = ChangeMark { attribute: "uSNChanged", value: "1000".into() };
        assert!(b.is_after(&a) && !a.is_after(&b));
        assert_eq!(b.since_filter(), "(uSNChanged>=1000)");
    }
}
