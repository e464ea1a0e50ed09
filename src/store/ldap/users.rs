//! Users on LDAP: one entry per account, `uid=<mail>` under `ou=People`
//! while live and under `ou=Blocked` once soft-deleted (a move is one
//! modify-DN), with the classes and attributes third-party tools and mail
//! servers expect: `inetOrgPerson` (cn, givenName = the given name, sn,
//! mail, telephoneNumber, homePhone, mobile, employeeNumber = role, employeeType =
//! address-book visibility, …), `inetUser` (`inetUserStatus` 0/1/2),
//! `mailRecipient` (`mailAlternateAddress`) and `pbmUser` (tenant-id, alias,
//! telegram, skype, quota in bytes, lang, the argon2id hash, revision and
//! times). On OpenLDAP `userPassword` also holds `{ARGON2}` + the hash, so
//! the directory itself verifies binds.
//!
//! Every address of an account is claimed under `ou=Addresses` before the
//! account is written. Listing reads the keys of a tenant's users (the
//! address and the sort key only) in one search, sorts and pages them in
//! memory with the same keyset semantics as the SQL stores (slapd cannot
//! sort cn/sn/mail on the server), counts them for the total, then reads
//! the page's entries. A search with few matches reads them whole in its one
//! search; a stream of a tenant reads the tenant's entries in one search
//! and sorts them, unless the tenant is too large to hold (then, as a
//! stream of every tenant, it reads the addresses once and the users batch
//! by batch).

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ldap3::Scope;

use super::conn::{Attrs, Entry, Mods, Outcome};
use super::{Flavor, LdapStore, and, eq, esc, int};
use crate::domain::{
    AddressKind, AuditEvent, ChangeOp, ObjectChange, ObjectKind, Role, SessionCut, User, UserListQuery, UserSortKey,
    UserStatus,
};
use crate::error::{Error, Result};
use crate::ports::UserStore;
use crate::store::{from_micros, to_micros};

/// Attributes of a user entry pbm reads (never `userPassword`).
pub const USER_ATTRS: &[&str] = &[
    "uid",
    "mail",
    "mailAlternateAddress",
    "employeeNumber",
    "cn",
    "sn",
    "initials",
    "ou",
    "title",
    "description",
    "pbmHomePhone",
    "pbmWorkPhone",
    "pbmMobilePhone",
    "l",
    "telegram",
    "skype",
    "quota",
    "displayName",
    "inetUserStatus",
    "lang",
    "alias",
    "employeeType",
    "pbmPasswordHash",
    "tenant-id",
    "pbmCreatedAt",
    "pbmUpdatedAt",
    "pbmDeletedAt",
    "pbmRevision",
];

/// Largest number of users of a page read by address in one search.
const PAGE_CHUNK: usize = 100;

/// Largest number of users read by address in one search of a stream.
const STREAM_CHUNK: usize = 500;

/// Batches of a stream read by address at once (in order): the reads
/// overlap, on as many of the pool's connections.
const STREAM_READS_IN_FLIGHT: usize = 3;

/// Most users of a tenant a stream reads whole in one search and sorts in
/// memory (tens of MB at this size); a larger tenant is streamed by address.
const STREAM_IN_ONE_SEARCH: usize = 50_000;

/// Most matches of a user search read whole by the search itself; with more,
/// the search reads their keys and then the page's entries.
const SEARCH_IN_ONE_READ: usize = 500;

/// The scheme prefix slapd's `argon2` module verifies.
const SLAPD_ARGON2: &str = "{ARGON2}";

pub(super) fn user_from_entry(entry: &Entry, deleted: bool) -> Result<User> {
    let number = |name: &str| -> Result<i64> { Ok(entry.int(name)?.unwrap_or_default()) };
    let role = number("employeeNumber")?;
    let status = number("inetUserStatus")?;
    let mut aliases = entry.values("alias");
    aliases.sort();
    Ok(User {
        tenant_id: entry.text("tenant-id"),
        mail: entry.text("mail"),
        alternate_address: entry.text("mailAlternateAddress"),
        role: Role::from_legacy(role)
            .ok_or_else(|| Error::internal(anyhow::anyhow!("{}: employeeNumber {role}", entry.dn)))?,
        given_name: entry.text("cn"),
        surname: entry.text("sn"),
        middle_name: entry.text("initials"),
        department: entry.text("ou"),
        title: entry.text("title"),
        description: entry.text("description"),
        home_phone: entry.text("pbmHomePhone"),
        work_phone: entry.text("pbmWorkPhone"),
        mobile_phone: entry.text("pbmMobilePhone"),
        city: entry.text("l"),
        telegram: entry.text("telegram"),
        skype: entry.text("skype"),
        quota_bytes: entry.int("quota")?,
        display_name: entry.text("displayName"),
        status: UserStatus::from_legacy(status)
            .ok_or_else(|| Error::internal(anyhow::anyhow!("{}: inetUserStatus {status}", entry.dn)))?,
        lang: entry.text("lang"),
        aliases,
        address_book_visibility: number("employeeType")? as i32,
        password_hash: entry.text("pbmPasswordHash"),
        created_at: from_micros(entry.required_int("pbmCreatedAt")?),
        updated_at: from_micros(entry.required_int("pbmUpdatedAt")?),
        deleted_at: if deleted { entry.int("pbmDeletedAt")?.map(from_micros) } else { None },
        revision: entry.required_int("pbmRevision")?,
    })
}

/// The addresses a user owns besides its primary one, with their kinds.
fn secondary_addresses(user: &User) -> BTreeMap<String, AddressKind> {
    let mut map: BTreeMap<String, AddressKind> =
        user.aliases.iter().map(|alias| (alias.clone(), AddressKind::Alias)).collect();
    if !user.alternate_address.is_empty() {
        map.insert(user.alternate_address.clone(), AddressKind::Alternate);
    }
    map
}

/// Whether a user matches a lower-case search, as the SQL stores match it
/// (a substring of mail, given name or surname, compared lower-case).
fn matches_search(mail: &str, given_name: &str, surname: &str, search: &str) -> bool {
    mail.to_lowercase().contains(search)
        || given_name.to_lowercase().contains(search)
        || surname.to_lowercase().contains(search)
}

/// The value a listing sorts by besides the address (empty when it sorts by
/// address), compared lower-case as the SQL stores compare it.
fn sort_key(sort: UserSortKey, given_name: &str, surname: &str) -> String {
    match sort {
        UserSortKey::Mail => String::new(),
        UserSortKey::GivenName => given_name.to_lowercase(),
        UserSortKey::Surname => surname.to_lowercase(),
    }
}

/// The query's page of (sort key, address, row) rows: sorted by key then
/// address, after the query's cursor, past its skip, at most its limit — the
/// keyset semantics of the SQL stores.
fn page_of<T>(mut rows: Vec<(String, String, T)>, q: &UserListQuery) -> Vec<(String, String, T)> {
    rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    if q.descending {
        rows.reverse();
    }
    if let Some(after) = &q.after {
        let key = if q.sort == UserSortKey::Mail { "" } else { after.key.as_str() };
        let cursor = (key, after.id.as_str());
        rows.retain(|(k, mail, _)| {
            let row = (k.as_str(), mail.as_str());
            if q.descending { row < cursor } else { row > cursor }
        });
    }
    rows.into_iter().skip(q.skip.min(usize::MAX as u64) as usize).take(q.limit).collect()
}

/// `items` in batches of at most `batch` (at least 1), in order, made as
/// they are taken.
fn in_batches<T>(items: Vec<T>, batch: usize) -> impl Iterator<Item = Vec<T>> {
    let mut rest = items.into_iter();
    std::iter::from_fn(move || {
        let chunk: Vec<T> = rest.by_ref().take(batch.max(1)).collect();
        (!chunk.is_empty()).then_some(chunk)
    })
}

/// The values of every mutable field of a user, as replacements.
pub(super) fn user_mods(user: &User, flavor: Flavor) -> Mods {
    let mut mods = Mods::default()
        .set("mailAlternateAddress", user.alternate_address.as_str())
        .set("employeeNumber", int(user.role.legacy() as i64))
        .set("cn", user.given_name.as_str())
        .set("givenName", user.given_name.as_str())
        .set("sn", user.surname.as_str())
        .set("initials", user.middle_name.as_str())
        .set("ou", user.department.as_str())
        .set("title", user.title.as_str())
        .set("description", user.description.as_str())
        .set("pbmHomePhone", user.home_phone.as_str())
        .set("homePhone", printable_phone(&user.home_phone))
        .set("pbmWorkPhone", user.work_phone.as_str())
        .set("telephoneNumber", printable_phone(&user.work_phone))
        .set("pbmMobilePhone", user.mobile_phone.as_str())
        .set("mobile", printable_phone(&user.mobile_phone))
        .set("l", user.city.as_str())
        .set("telegram", user.telegram.as_str())
        .set("skype", user.skype.as_str())
        .set("quota", user.quota_bytes.map(int).unwrap_or_default())
        .set("displayName", user.display_name.as_str())
        .set("inetUserStatus", int(user.status.legacy() as i64))
        .set("lang", user.lang.as_str())
        .set_all("alias", user.aliases.iter().cloned())
        .set("employeeType", int(user.address_book_visibility as i64))
        .set("pbmPasswordHash", user.password_hash.as_str())
        .set("pbmUpdatedAt", int(to_micros(user.updated_at)));
    if flavor == Flavor::OpenLdap {
        mods = mods.set("userPassword", slapd_password(&user.password_hash));
    }
    mods
}

/// Attributes of a new user entry (shared with the LDIF mapping).
pub(super) fn user_attrs(user: &User, flavor: Flavor) -> Attrs {
    let classes = ["top", "person", "organizationalPerson", "inetOrgPerson", "inetUser", "mailRecipient", "pbmUser"];
    let mut attrs = Attrs::default()
        .many("objectClass", classes.map(str::to_owned))
        .one("uid", user.mail.as_str())
        .one("mail", user.mail.as_str())
        .one("tenant-id", user.tenant_id.as_str())
        .one("pbmRevision", "1")
        .one("pbmCreatedAt", int(to_micros(user.created_at)));
    for change in user_mods(user, flavor).0 {
        if let ldap3::Mod::Replace(name, values) = change
            && !values.is_empty()
        {
            attrs.0.push((name, values));
        }
    }
    attrs
}

impl LdapStore {
    /// Claims the user's addresses and adds its entry; returns the DNs added
    /// (claims first, the account last). Nothing is left behind on failure.
    async fn add_user(&self, user: &User) -> Result<Vec<String>> {
        let mut addresses = vec![(user.mail.clone(), AddressKind::Mail)];
        addresses.extend(secondary_addresses(user));
        let mut added = self.claim_all(&addresses, &user.tenant_id, &user.mail).await?;
        let dn = self.user_dn(&user.mail, false);
        match self.pool.add(&dn, &user_attrs(user, self.flavor)).await {
            Ok(Outcome::Done) => {
                added.push(dn);
                Ok(added)
            }
            other => {
                self.undo(&added).await;
                Err(match other {
                    Ok(Outcome::AlreadyExists) => Error::already_exists("address", &user.mail),
                    Ok(o) => Error::internal(anyhow::anyhow!("adding user {}: {o:?}", user.mail)),
                    Err(e) => e,
                })
            }
        }
    }

    /// A user entry by primary address, live or soft-deleted, of the tenant.
    async fn read_user(&self, tenant_id: &str, mail: &str, deleted: bool) -> Result<Option<Entry>> {
        let entry = self.pool.read(&self.user_dn(mail, deleted), USER_ATTRS).await?;
        Ok(entry.filter(|e| e.has("pbmRevision") && e.text("tenant-id").eq_ignore_ascii_case(tenant_id)))
    }

    /// The filter of a listing: tenant and search (escaped; the exact match
    /// is checked again in memory).
    fn list_filter(tenant_id: Option<&str>, search: Option<&str>) -> String {
        let mut parts = Vec::new();
        if let Some(tenant) = tenant_id {
            parts.push(eq("tenant-id", tenant));
        }
        if let Some(search) = search.filter(|s| !s.is_empty()) {
            let s = esc(search);
            parts.push(format!("(|(mail=*{s}*)(cn=*{s}*)(sn=*{s}*))"));
        }
        and("pbmUser", &parts)
    }

    /// The (sort key, address) of the live users matching a tenant and a
    /// search, unsorted: one search reading the address and the sort key
    /// (and, for a search, the three attributes it matches, to check the
    /// match as the SQL stores make it).
    async fn user_keys(
        &self,
        tenant_id: Option<&str>,
        search: Option<&str>,
        sort: UserSortKey,
    ) -> Result<Vec<(String, String, ())>> {
        let search = search.filter(|s| !s.is_empty());
        let attrs: &[&str] = match (search, sort) {
            (Some(_), _) => &["mail", "cn", "sn"],
            (None, UserSortKey::Mail) => &["mail"],
            (None, UserSortKey::GivenName) => &["mail", "cn"],
            (None, UserSortKey::Surname) => &["mail", "sn"],
        };
        let filter = Self::list_filter(tenant_id, search);
        let keep = |e: Entry| {
            let (mail, given, surname) = (e.text("mail"), e.text("cn"), e.text("sn"));
            search
                .is_none_or(|s| matches_search(&mail, &given, &surname, s))
                .then(|| (sort_key(sort, &given, &surname), mail, ()))
        };
        let found =
            self.pool.search_with(&self.layout.people, Scope::OneLevel, &filter, attrs, usize::MAX, keep).await?;
        Ok(found.unwrap_or_default().into_iter().flatten().collect())
    }

    /// The primary addresses of the users under `base` matching `filter`,
    /// sorted (the address alone is read and held).
    pub(super) async fn sorted_mails(&self, base: &str, filter: &str) -> Result<Vec<String>> {
        let found =
            self.pool.search_with(base, Scope::OneLevel, filter, &["mail"], usize::MAX, |e| e.text("mail")).await?;
        let mut mails = found.unwrap_or_default();
        mails.sort();
        Ok(mails)
    }

    /// Reads the users with these primary addresses from `base`, in this
    /// order, `chunk` addresses per search.
    async fn users_by_mail(&self, base: &str, mails: &[String], deleted: bool, chunk: usize) -> Result<Vec<User>> {
        let mut by_mail: HashMap<String, User> = HashMap::new();
        for chunk in mails.chunks(chunk.max(1)) {
            let any: String = chunk.iter().map(|m| eq("uid", m)).collect();
            let filter = and("pbmUser", &[format!("(|{any})")]);
            for entry in self.pool.search(base, Scope::OneLevel, &filter, USER_ATTRS).await? {
                let user = user_from_entry(&entry, deleted)?;
                by_mail.insert(user.mail.clone(), user);
            }
        }
        Ok(mails.iter().filter_map(|m| by_mail.remove(m)).collect())
    }

    /// The live users matching a tenant and a search, read whole in one
    /// search, unsorted; `None` when more than `max` match.
    async fn users_if_few(
        &self,
        tenant_id: Option<&str>,
        search: Option<&str>,
        max: usize,
    ) -> Result<Option<Vec<User>>> {
        let filter = Self::list_filter(tenant_id, search);
        let keep = |e: Entry| user_from_entry(&e, false);
        let found = self.pool.search_with(&self.layout.people, Scope::OneLevel, &filter, USER_ATTRS, max, keep).await?;
        found.map(|users| users.into_iter().collect()).transpose()
    }
}

/// A phone number for `telephoneNumber`/`homePhone`, whose syntax is a
/// PrintableString: the characters it cannot hold (`#`, `*`, …) are left
/// out; `pbmWorkPhone`/`pbmHomePhone` keep the number as entered.
fn printable_phone(phone: &str) -> String {
    let kept: String = phone.chars().filter(|c| c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(*c)).collect();
    let kept = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    if kept.chars().any(|c| c.is_ascii_digit()) { kept } else { String::new() }
}

/// `userPassword` for slapd: its `argon2` module verifies the PHC string.
fn slapd_password(hash: &str) -> String {
    if hash.is_empty() { String::new() } else { format!("{SLAPD_ARGON2}{hash}") }
}

#[async_trait]
impl UserStore for LdapStore {
    async fn create_user(&self, user: &User, audit: &AuditEvent) -> Result<()> {
        let change = self
            .change(vec![ObjectChange::new(ObjectKind::User, &user.tenant_id, &user.mail, ChangeOp::Added)])
            .await?;
        self.add_user(user).await?;
        change.audited(audit).await;
        Ok(())
    }

    /// One user after another; on any error every entry this import added
    /// is deleted again (LDAP has no transactions: the same compensation as
    /// the other multi-entry writes), and the import is audited once.
    async fn import_users(&self, users: &[User], audit: &AuditEvent) -> Result<()> {
        let added = |u: &User| ObjectChange::new(ObjectKind::User, &u.tenant_id, &u.mail, ChangeOp::Added);
        let change = self.change(users.iter().map(added).collect()).await?;
        let mut added = Vec::new();
        for user in users {
            match self.add_user(user).await {
                Ok(dns) => added.extend(dns),
                Err(e) => {
                    self.undo(&added).await;
                    return Err(e);
                }
            }
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn get_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>> {
        self.read_user(tenant_id, mail, false).await?.map(|e| user_from_entry(&e, false)).transpose()
    }

    async fn find_user_by_address(&self, address: &str) -> Result<Option<User>> {
        let any = format!("(|{}{}{})", eq("mail", address), eq("mailAlternateAddress", address), eq("alias", address));
        let filter = and("pbmUser", &[any]);
        let found = self.pool.search(&self.layout.people, Scope::OneLevel, &filter, USER_ATTRS).await?;
        found.first().map(|e| user_from_entry(e, false)).transpose()
    }

    /// A tenant of at most [`STREAM_IN_ONE_SEARCH`] users is read in one
    /// search and sorted in memory, at one revision of the change log
    /// (`store::snapshot::read_whole_stream`). Every tenant together (or a larger
    /// tenant) is read as its addresses once (one search, the address
    /// alone: ~60 bytes per user held), sorted, then the users batch by
    /// batch by address. Paging with [`Self::list_users`] instead would read
    /// all the keys once per batch.
    fn user_batches<'a>(
        &'a self,
        tenant_id: Option<&'a str>,
        batch: usize,
    ) -> futures::stream::BoxStream<'a, Result<Vec<User>>> {
        use futures::StreamExt as _;
        enum Source {
            Whole(Vec<User>),
            ByMail(Vec<String>),
        }
        let source = async move {
            if tenant_id.is_some() {
                // Read whole before any is sent: in a stream's scope
                // (StreamUsers) at one revision like a list, which its
                // headers and trailer then tell.
                let few = crate::store::snapshot::read_whole_stream(|| async {
                    self.reading_listing(tenant_id).await;
                    self.users_if_few(tenant_id, None, STREAM_IN_ONE_SEARCH).await
                })
                .await?;
                if let Some(mut users) = few {
                    users.sort_by(|a, b| a.mail.cmp(&b.mail));
                    return Ok(Source::Whole(users));
                }
            }
            // In a stream's scope: its trailer's revision, if the tenant stays quiet.
            self.reading_listing(tenant_id).await;
            let mails = self.sorted_mails(&self.layout.people, &Self::list_filter(tenant_id, None)).await?;
            Ok::<_, Error>(Source::ByMail(mails))
        };
        futures::stream::once(source)
            .flat_map(move |source| match source {
                Err(e) => futures::stream::iter([Err(e)]).boxed(),
                Ok(Source::Whole(users)) => futures::stream::iter(in_batches(users, batch).map(Ok)).boxed(),
                Ok(Source::ByMail(mails)) => futures::stream::iter(in_batches(mails, batch))
                    .map(move |chunk| async move {
                        self.users_by_mail(&self.layout.people, &chunk, false, STREAM_CHUNK).await
                    })
                    .buffered(STREAM_READS_IN_FLIGHT)
                    .boxed(),
            })
            .boxed()
    }

    async fn list_users(&self, q: &UserListQuery) -> Result<Vec<User>> {
        Ok(self.list_users_page(q).await?.0)
    }

    /// One search gives the page and the total: the keys (address and sort
    /// key) of every match, or, for a search with at most
    /// [`SEARCH_IN_ONE_READ`] matches, the matching entries whole; a second
    /// search reads the page's entries when only keys were read.
    async fn list_users_page(&self, q: &UserListQuery) -> Result<(Vec<User>, u64)> {
        self.reading_listing(q.tenant_id.as_deref()).await;
        let search = q.search.as_deref().filter(|s| !s.is_empty());
        if let Some(search) = search
            && let Some(found) = self.users_if_few(q.tenant_id.as_deref(), Some(search), SEARCH_IN_ONE_READ).await?
        {
            let rows: Vec<(String, String, User)> = found
                .into_iter()
                .filter(|u| matches_search(&u.mail, &u.given_name, &u.surname, search))
                .map(|u| (sort_key(q.sort, &u.given_name, &u.surname), u.mail.clone(), u))
                .collect();
            let total = rows.len() as u64;
            return Ok((page_of(rows, q).into_iter().map(|(_, _, user)| user).collect(), total));
        }
        let keys = self.user_keys(q.tenant_id.as_deref(), search, q.sort).await?;
        let total = keys.len() as u64;
        let page: Vec<String> = page_of(keys, q).into_iter().map(|(_, mail, ())| mail).collect();
        Ok((self.users_by_mail(&self.layout.people, &page, false, PAGE_CHUNK).await?, total))
    }

    async fn count_users(&self, tenant_id: Option<&str>, search: Option<&str>) -> Result<u64> {
        Ok(self.user_keys(tenant_id, search, UserSortKey::Mail).await?.len() as u64)
    }

    async fn update_user(&self, user: &User, audit: &AuditEvent, cut: Option<&SessionCut>) -> Result<User> {
        let mut change = self
            .change_ending_sessions(
                vec![ObjectChange::new(ObjectKind::User, &user.tenant_id, &user.mail, ChangeOp::Modified)],
                cut.into_iter().cloned().collect(),
            )
            .await?;
        let Some(current) = self.read_user(&user.tenant_id, &user.mail, false).await? else {
            return Err(Error::not_found("user", &user.mail));
        };
        let current = user_from_entry(&current, false)?;
        if current.revision != user.revision {
            return Err(Error::Aborted(format!("user {}", user.mail)));
        }
        let stored = secondary_addresses(&current);
        let wanted = secondary_addresses(user);
        let new: Vec<(String, AddressKind)> =
            wanted.iter().filter(|(a, _)| !stored.contains_key(*a)).map(|(a, k)| (a.clone(), *k)).collect();
        let claims = self.claim_all(&new, &user.tenant_id, &user.mail).await?;
        let mods = user_mods(user, self.flavor).revision(user.revision);
        match self.pool.modify(&self.user_dn(&user.mail, false), mods).await {
            Ok(Outcome::Done) => {}
            other => {
                self.undo(&claims).await;
                return Err(match other {
                    Ok(Outcome::NoSuchAttribute) => Error::Aborted(format!("user {}", user.mail)),
                    Ok(Outcome::NoSuchObject) => Error::not_found("user", &user.mail),
                    Ok(o) => Error::internal(anyhow::anyhow!("updating user {}: {o:?}", user.mail)),
                    Err(e) => e,
                });
            }
        }
        // After the commit point: give up what the user no longer holds.
        for (address, kind) in &stored {
            match wanted.get(address) {
                None => {
                    self.free(&user.tenant_id, address, Some(&mut change)).await?;
                }
                Some(now) if now != kind => self.reclaim_as(address, *now).await?,
                Some(_) => {}
            }
        }
        change.audited(audit).await;
        let mut stored = user.clone();
        stored.revision = user.revision + 1;
        stored.aliases.sort();
        Ok(stored)
    }

    async fn delete_user(&self, tenant_id: &str, mail: &str, at: DateTime<Utc>, audit: &AuditEvent) -> Result<()> {
        let change = self
            .change_ending_sessions(
                vec![ObjectChange::new(ObjectKind::User, tenant_id, mail, ChangeOp::Deleted)],
                vec![SessionCut::all(mail)],
            )
            .await?;
        if self.read_user(tenant_id, mail, false).await?.is_none() {
            return Err(Error::not_found("user", mail));
        }
        let dn = self.user_dn(mail, false);
        // The deletion time first (a live user's is never read), then the move.
        let mods = Mods::default().set("pbmDeletedAt", int(to_micros(at)));
        match self.pool.modify(&dn, mods).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("user", mail)),
            other => return Err(Error::internal(anyhow::anyhow!("deleting user {mail}: {other:?}"))),
        }
        // The commit point: the move out of ou=People.
        let rdn = super::rdn("uid", mail);
        match self.pool.rename(&dn, &rdn, Some(&self.layout.blocked)).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("user", mail)),
            other => {
                return Err(Error::internal(anyhow::anyhow!(
                    "moving user {mail} to {}: {other:?}",
                    self.layout.blocked
                )));
            }
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn get_deleted_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>> {
        self.read_user(tenant_id, mail, true).await?.map(|e| user_from_entry(&e, true)).transpose()
    }

    async fn list_deleted_users(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<User>> {
        self.reading_listing(Some(tenant_id)).await;
        let filter = and("pbmUser", &[eq("tenant-id", tenant_id)]);
        let mails = self.sorted_mails(&self.layout.blocked, &filter).await?;
        let page: Vec<String> =
            mails.into_iter().filter(|m| after.is_none_or(|a| m.as_str() > a)).take(limit).collect();
        self.users_by_mail(&self.layout.blocked, &page, true, PAGE_CHUNK).await
    }

    async fn count_deleted_users(&self, tenant_id: &str) -> Result<u64> {
        self.reading_listing(Some(tenant_id)).await;
        self.count(&self.layout.blocked, &and("pbmUser", &[eq("tenant-id", tenant_id)])).await
    }

    async fn undelete_user(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let change = self.change(vec![ObjectChange::new(ObjectKind::User, tenant_id, mail, ChangeOp::Added)]).await?;
        let Some(entry) = self.read_user(tenant_id, mail, true).await? else {
            return Err(Error::not_found("deleted user", mail));
        };
        let revision = entry.required_int("pbmRevision")?;
        let dn = self.user_dn(mail, true);
        // The commit point: the move back into ou=People.
        match self.pool.rename(&dn, &super::rdn("uid", mail), Some(&self.layout.people)).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("deleted user", mail)),
            other => return Err(Error::internal(anyhow::anyhow!("moving user {mail} back: {other:?}"))),
        }
        // A live user's deletion time is never read; clear it all the same.
        let mods = Mods::default().set("pbmDeletedAt", "").revision(revision);
        if let Err(e) = self.pool.modify(&self.user_dn(mail, false), mods).await {
            tracing::warn!(error = %e, mail, "user undeleted; its deletion time stays");
        }
        change.audited(audit).await;
        Ok(())
    }

    /// One change per purged user (the users were deleted for the change
    /// log when soft-deleted; the lists their addresses leave are recorded).
    async fn purge_deleted_users(&self, deleted_before: DateTime<Utc>, audit: &AuditEvent) -> Result<Vec<String>> {
        let cutoff = to_micros(deleted_before) - 1;
        let filter = and("pbmUser", &[format!("(pbmDeletedAt<={cutoff})")]);
        let attrs = ["mail", "mailAlternateAddress", "alias", "tenant-id"];
        let mut purged = Vec::new();
        for entry in self.pool.search(&self.layout.blocked, Scope::OneLevel, &filter, &attrs).await? {
            let (tenant_id, mail) = (entry.text("tenant-id"), entry.text("mail"));
            let mut change = self.change(Vec::new()).await?;
            match self.pool.delete(&entry.dn).await? {
                Outcome::Done => {}
                Outcome::NoSuchObject => continue,
                other => return Err(Error::internal(anyhow::anyhow!("purging {mail}: {other:?}"))),
            }
            let mut owned = vec![mail.clone()];
            owned.extend(entry.values("mailAlternateAddress"));
            owned.extend(entry.values("alias"));
            for address in &owned {
                self.free(&tenant_id, address, Some(&mut change)).await?;
            }
            let event = AuditEvent { tenant_id, target: format!("user:{mail}"), ..audit.clone() };
            change.audited(&event).await;
            purged.push(mail);
        }
        if let Err(e) = self.sweep(false).await {
            tracing::warn!(error = %e, "LDAP sweep failed; it runs again with the next purge");
        }
        purged.sort();
        Ok(purged)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn phones_are_printable_strings_for_third_party_tools() {
        assert_eq!(super::printable_phone("8-800-555-35-35 #123"), "8-800-555-35-35 123");
        assert_eq!(super::printable_phone("+7 (495) 123-45-67"), "+7 (495) 123-45-67");
        assert_eq!(super::printable_phone("#*"), "");
    }
}
