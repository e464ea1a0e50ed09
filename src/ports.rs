//! The ports: traits the service layer needs from the outside world.
//!
//! [`Directory`] holds the directory objects (tenants, mail and web domains,
//! users, resource groups and resources, mailing lists, and the addresses
//! they reserve), one trait per kind of object. It speaks domain types only:
//! the SQLite backend implements it today, PostgreSQL and LDAP backends
//! implement the same traits and pass the same conformance suite. A store is
//! dumb: it persists and finds, enforces address uniqueness and optimistic
//! revisions, and leaves every business rule to the services.
//!
//! [`SessionStore`] holds service state that is not directory data (login
//! sessions and refresh tokens). It always lives in SQL — the SQLite file or
//! PostgreSQL — even when the directory is LDAP, so that several replicas
//! share it.
//!
//! [`ServiceAccountStore`] holds service accounts and their API keys, in
//! SQL beside sessions.
//!
//! [`MailBackend`] is the mail store (Dovecot, through its doveadm HTTP
//! API in [`crate::mail::doveadm`]): one user's messages, folders, ACLs and
//! quota per call.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::mail::{
    AclEntry, FetchedMessage, MailQuery, MailboxName, MailboxQuota, MailboxRight, MessageHit, MessagePart,
};
use crate::domain::{
    ApiKey, AuditEvent, BookEntry, BookQuery, ChangeRecord, Contact, DomainUsage, MailDomain, MailDomainField,
    MailList, ObjectChange, PrivateKeyPem, ReservedAddress, Resource, ResourceGroup, Revisions, ServiceAccount,
    SessionCut, Tenant, TenantContents, User, UserListQuery, UserSortKey, WebDomain, WriteMark, avatar::Avatar,
    page_token::Cursor,
};
use crate::error::Result;
use futures::{StreamExt as _, stream::BoxStream};

/// Storage of directory objects: every per-object store below, behind one
/// trait object. Implemented automatically for any type implementing them all.
///
/// Every method that changes something takes the [`AuditEvent`] describing
/// the change and writes it together with the change — in the same
/// transaction where the backend has transactions (SQL), right after the
/// change otherwise (LDAP) — so that no change goes unrecorded.
///
/// Errors of every method: `AlreadyExists { kind: "address", name }` when an
/// address (primary, alternate, alias, resource, list) is taken anywhere in
/// the installation, naming it; `AlreadyExists { kind: "tenant" | "domain", .. }`
/// for ids; `Aborted` when an update lost a race (its revision was stale);
/// `Unavailable` when the backend cannot be reached.
pub trait Directory:
    TenantStore
    + MailDomainStore
    + WebDomainStore
    + UserStore
    + AvatarStore
    + ResourceStore
    + MailListStore
    + AddressStore
    + ContactStore
    + AddressBookStore
{
}

impl<T> Directory for T where
    T: TenantStore
        + MailDomainStore
        + WebDomainStore
        + UserStore
        + AvatarStore
        + ResourceStore
        + MailListStore
        + AddressStore
        + ContactStore
        + AddressBookStore
{
}

/// Tenants.
#[async_trait]
pub trait TenantStore: Send + Sync + 'static {
    /// Tenants ordered by id, starting after `after`.
    async fn list_tenants(&self, after: Option<&str>, limit: usize) -> Result<Vec<Tenant>>;
    /// Number of tenants.
    async fn count_tenants(&self) -> Result<u64>;
    /// One tenant with its domains.
    async fn get_tenant(&self, id: &str) -> Result<Option<Tenant>>;
    /// Creates a tenant together with its first mail domain (its default).
    async fn create_tenant(&self, tenant: &Tenant, first_domain: &MailDomain, audit: &AuditEvent) -> Result<()>;
    /// Stores a tenant's display name and language.
    async fn update_tenant(&self, tenant: &Tenant, audit: &AuditEvent) -> Result<()>;
    /// Counts what a tenant holds.
    async fn tenant_contents(&self, id: &str) -> Result<TenantContents>;
    /// Deletes a tenant and everything in it, atomically.
    async fn delete_tenant(&self, id: &str, audit: &AuditEvent) -> Result<()>;
}

/// The mail domains of tenants. Every tenant has exactly one default domain;
/// a domain name belongs to one tenant.
#[async_trait]
pub trait MailDomainStore: Send + Sync + 'static {
    /// The mail domain with this name, in whichever tenant owns it.
    async fn get_mail_domain(&self, name: &str) -> Result<Option<MailDomain>>;
    /// The mail domains of a tenant, ordered by name (a tenant has few).
    async fn list_mail_domains(&self, tenant_id: &str) -> Result<Vec<MailDomain>>;
    /// Adds a domain to its tenant, as default when `domain.is_default`.
    /// Errors: `AlreadyExists { kind: "domain" }` when the name is taken by
    /// any tenant, `NotFound { kind: "tenant" }`.
    async fn create_mail_domain(&self, domain: &MailDomain, audit: &AuditEvent) -> Result<()>;
    /// Stores the named fields of a domain of `domain.tenant_id`, leaving
    /// the others as stored (`NotFound { kind: "mail domain" }`).
    async fn update_mail_domain(
        &self,
        domain: &MailDomain,
        fields: &[MailDomainField],
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Makes `name` the tenant's only default domain (`NotFound` when it is
    /// not a domain of the tenant).
    async fn set_default_mail_domain(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<()>;
    /// What uses a domain of the tenant (see [`DomainUsage`]).
    async fn mail_domain_usage(&self, tenant_id: &str, name: &str) -> Result<DomainUsage>;
    /// Deletes a non-default domain of the tenant if what uses it is still
    /// exactly `expected` — `Aborted` otherwise (the domain became the
    /// default or its usage changed: the caller reads again and decides
    /// again). In the same transaction removes what `expected` counts (see
    /// [`DomainUsage`]): accounts whose primary address is in the domain
    /// (for good, with all their addresses), resources and lists addressed
    /// in it, and the domain's alternate addresses, aliases and list
    /// memberships held by other objects, and ends the deleted accounts'
    /// sessions ([`SessionCut::all`]). Returns the primary addresses of the
    /// accounts deleted.
    async fn delete_mail_domain(
        &self,
        tenant_id: &str,
        name: &str,
        expected: &DomainUsage,
        audit: &AuditEvent,
    ) -> Result<Vec<String>>;
}

/// Web domains of the installation with their TLS key and certificate.
/// Reads never return the private key; only [`WebDomainStore::web_domain_key`]
/// does, for the TLS layer and for checking a new certificate against it.
#[async_trait]
pub trait WebDomainStore: Send + Sync + 'static {
    /// Web domains ordered by name, starting after `after`.
    async fn list_web_domains(&self, after: Option<&str>, limit: usize) -> Result<Vec<WebDomain>>;
    /// Number of web domains.
    async fn count_web_domains(&self) -> Result<u64>;
    /// One web domain, without its key.
    async fn get_web_domain(&self, name: &str) -> Result<Option<WebDomain>>;
    /// The private key of a web domain.
    async fn web_domain_key(&self, name: &str) -> Result<Option<PrivateKeyPem>>;
    /// Stores a new web domain (`AlreadyExists { kind: "web domain" }`).
    async fn create_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()>;
    /// Replaces the key and certificate of a web domain (`NotFound`).
    async fn update_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()>;
    /// Deletes a web domain (`NotFound`).
    async fn delete_web_domain(&self, name: &str, audit: &AuditEvent) -> Result<()>;
}

/// User accounts, live and soft-deleted.
#[async_trait]
pub trait UserStore: Send + Sync + 'static {
    /// Creates a user and reserves its addresses.
    async fn create_user(&self, user: &User, audit: &AuditEvent) -> Result<()>;
    /// Creates many users (a bulk import) and reserves their addresses: all,
    /// or on any error none (SQL: one transaction of multi-row inserts; LDAP:
    /// one by one, the ones added undone on failure). `audit` describes the
    /// whole import and is written once.
    async fn import_users(&self, users: &[User], audit: &AuditEvent) -> Result<()>;
    /// Every live user of a tenant (or of all tenants), ordered by primary
    /// address, in batches of at most `batch`: the whole-set read of
    /// StreamUsers and of the backup export. The default pages with
    /// [`Self::list_users`] by keyset; a backend whose every list reads all
    /// the keys it sorts (LDAP) overrides it to read them once.
    fn user_batches<'a>(&'a self, tenant_id: Option<&'a str>, batch: usize) -> BoxStream<'a, Result<Vec<User>>> {
        let first: Option<Option<Cursor>> = Some(None);
        futures::stream::unfold(first, move |after| async move {
            let query = UserListQuery {
                tenant_id: tenant_id.map(str::to_owned),
                search: None,
                sort: UserSortKey::Mail,
                descending: false,
                after: after?,
                skip: 0,
                limit: batch,
            };
            match self.list_users(&query).await {
                Ok(users) if users.is_empty() => None,
                Ok(users) => {
                    let next = (users.len() == batch)
                        .then(|| users.last().map(|u| Cursor { key: u.mail.clone(), id: u.mail.clone() }));
                    Some((Ok(users), next))
                }
                Err(e) => Some((Err(e), None)),
            }
        })
        .boxed()
    }
    /// A live (not deleted) user by tenant and primary address.
    async fn get_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>>;
    /// The live users of a tenant among `mails` (primary addresses), in no
    /// particular order; missing ones are left out. The change feed's
    /// catch-up reads a batch of changed users with it. The default asks
    /// [`Self::get_user`] for each; the SQL store reads them in one query
    /// per thousand.
    async fn get_users(&self, tenant_id: &str, mails: &[String]) -> Result<Vec<User>> {
        let mut users = Vec::with_capacity(mails.len());
        for mail in mails {
            users.extend(self.get_user(tenant_id, mail).await?);
        }
        Ok(users)
    }
    /// A live user by any of its addresses (primary, alternate, alias).
    async fn find_user_by_address(&self, address: &str) -> Result<Option<User>>;
    /// A page of live users.
    async fn list_users(&self, query: &UserListQuery) -> Result<Vec<User>>;
    /// Number of live users matching a tenant and a lower-case search.
    async fn count_users(&self, tenant_id: Option<&str>, search: Option<&str>) -> Result<u64>;
    /// A page of [`Self::list_users`] and the [`Self::count_users`] of the
    /// query's tenant and search, as ListUsers answers them. The default
    /// makes the two calls; a backend that must read every key of a listing
    /// anyway (LDAP) overrides it to count them from the same read.
    async fn list_users_page(&self, query: &UserListQuery) -> Result<(Vec<User>, u64)> {
        let page = self.list_users(query).await?;
        let total = self.count_users(query.tenant_id.as_deref(), query.search.as_deref()).await?;
        Ok((page, total))
    }
    /// Stores every field of `user` if its stored revision is still
    /// `user.revision`, adjusting reserved addresses; returns the user as
    /// stored (with the next revision). `cut`: the sessions the change ends,
    /// in the same write (see [`SessionCut`]).
    async fn update_user(&self, user: &User, audit: &AuditEvent, cut: Option<&SessionCut>) -> Result<User>;
    /// Soft-deletes a live user at `at`; its addresses stay reserved, and
    /// its sessions end in the same write ([`SessionCut::all`]).
    async fn delete_user(&self, tenant_id: &str, mail: &str, at: DateTime<Utc>, audit: &AuditEvent) -> Result<()>;
    /// A soft-deleted user.
    async fn get_deleted_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>>;
    /// Soft-deleted users of a tenant ordered by address, after `after`.
    async fn list_deleted_users(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<User>>;
    /// Number of soft-deleted users of a tenant.
    async fn count_deleted_users(&self, tenant_id: &str) -> Result<u64>;
    /// Makes a soft-deleted user live again.
    async fn undelete_user(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()>;
    /// Removes for good the users deleted before `deleted_before` and frees
    /// their addresses; returns their addresses. `audit` (a `system` event)
    /// is written once per purged user, its target set to the user.
    async fn purge_deleted_users(&self, deleted_before: DateTime<Utc>, audit: &AuditEvent) -> Result<Vec<String>>;
}

/// The pictures of live users (at most one each). A user's picture goes
/// with the user: kept while it is soft-deleted, removed when it is purged.
#[async_trait]
pub trait AvatarStore: Send + Sync + 'static {
    /// Sets the picture of a live user, replacing any (`NotFound { kind: "user" }`).
    async fn set_user_avatar(&self, tenant_id: &str, mail: &str, avatar: &Avatar, audit: &AuditEvent) -> Result<()>;
    /// The picture of a live user.
    async fn user_avatar(&self, tenant_id: &str, mail: &str) -> Result<Option<Avatar>>;
    /// Removes the picture of a live user; false when it had none.
    async fn delete_user_avatar(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<bool>;
    /// The pictures of the named users of a tenant (live or soft-deleted)
    /// that have one, by primary address (the backup export reads them a
    /// page at a time).
    async fn user_avatars(&self, tenant_id: &str, mails: &[String]) -> Result<Vec<(String, Avatar)>>;
}

/// Resource groups and the resources in them. A group name is unique in its
/// tenant and compared case-insensitively; a resource's address is reserved
/// like every address (kind `resource`).
#[async_trait]
pub trait ResourceStore: Send + Sync + 'static {
    /// Groups of a tenant ordered by lower-cased name, after the group whose
    /// lower-cased name is `after`.
    async fn list_resource_groups(
        &self,
        tenant_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ResourceGroup>>;
    /// Number of groups of a tenant.
    async fn count_resource_groups(&self, tenant_id: &str) -> Result<u64>;
    /// One group, by name in any case.
    async fn get_resource_group(&self, tenant_id: &str, name: &str) -> Result<Option<ResourceGroup>>;
    /// Creates a group (`AlreadyExists { kind: "resource group" }`).
    async fn create_resource_group(&self, group: &ResourceGroup, audit: &AuditEvent) -> Result<()>;
    /// Renames a group; its resources stay in it (`NotFound`,
    /// `AlreadyExists` when another group has the new name).
    async fn rename_resource_group(
        &self,
        tenant_id: &str,
        name: &str,
        new_name: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Deletes a group and its resources, freeing their addresses, in one
    /// transaction; returns the addresses freed (`NotFound`).
    async fn delete_resource_group(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<Vec<String>>;
    /// Resources of a group ordered by address, after `after`.
    async fn list_resources(
        &self,
        tenant_id: &str,
        group: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Resource>>;
    /// Number of resources in a group.
    async fn count_resources(&self, tenant_id: &str, group: &str) -> Result<u64>;
    /// One resource of a tenant by address.
    async fn get_resource(&self, tenant_id: &str, mail: &str) -> Result<Option<Resource>>;
    /// Creates a resource in its group and reserves its address, which must
    /// be in a mail domain of the tenant (`NotFound { kind: "resource group"
    /// | "mail domain" }`, `AlreadyExists { kind: "address" }`).
    async fn create_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<()>;
    /// Stores the mutable fields if the stored revision is still
    /// `resource.revision` (`Aborted` otherwise); returns it as stored.
    async fn update_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<Resource>;
    /// Deletes a resource and frees its address (`NotFound`).
    async fn delete_resource(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()>;
}

/// Mailing lists and their members. A list's address is reserved like every
/// address (kind `mail_list`); members are addresses, internal or external.
#[async_trait]
pub trait MailListStore: Send + Sync + 'static {
    /// Lists of a tenant ordered by address, after `after`.
    async fn list_mail_lists(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<MailList>>;
    /// Number of lists of a tenant.
    async fn count_mail_lists(&self, tenant_id: &str) -> Result<u64>;
    /// One list of a tenant with its members.
    async fn get_mail_list(&self, tenant_id: &str, mail: &str) -> Result<Option<MailList>>;
    /// Creates a list and reserves its address, which must be in a mail
    /// domain of the tenant (`NotFound { kind: "mail domain" }`,
    /// `AlreadyExists { kind: "address" }`).
    async fn create_mail_list(&self, list: &MailList, audit: &AuditEvent) -> Result<()>;
    /// Stores every field of the list now addressed `current_mail` if its
    /// stored revision is still `list.revision` (`Aborted` otherwise). When
    /// `list.mail` differs, the new address is reserved, the old one freed,
    /// and memberships of the old address in the tenant's lists follow the
    /// list to its new address. Returns the list as stored.
    async fn update_mail_list(&self, current_mail: &str, list: &MailList, audit: &AuditEvent) -> Result<MailList>;
    /// Deletes a list and frees its address (also removing it from the
    /// tenant's other lists) (`NotFound`).
    async fn delete_mail_list(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()>;
}

/// External contacts of the tenants' address books. A contact's address is
/// unique within its tenant's contacts (`AlreadyExists { kind: "contact" }`)
/// and is not reserved installation-wide: a contact is never a login. The
/// service checks it against the tenant's reserved addresses.
#[async_trait]
pub trait ContactStore: Send + Sync + 'static {
    /// Contacts of a tenant ordered by address, after `after`.
    async fn list_contacts(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<Contact>>;
    /// Number of contacts of a tenant.
    async fn count_contacts(&self, tenant_id: &str) -> Result<u64>;
    /// One contact of a tenant by address.
    async fn get_contact(&self, tenant_id: &str, mail: &str) -> Result<Option<Contact>>;
    /// Every contact of a tenant made by `source`, in any order (what a
    /// sync compares its source with).
    async fn contacts_of_source(&self, tenant_id: &str, source: &str) -> Result<Vec<Contact>>;
    /// Stores a new contact (`NotFound { kind: "tenant" }`,
    /// `AlreadyExists { kind: "contact" }`).
    async fn create_contact(&self, contact: &Contact, audit: &AuditEvent) -> Result<()>;
    /// Stores every field of the contact now addressed `current_mail` if
    /// its stored revision is still `contact.revision` (`Aborted`
    /// otherwise); `contact.mail` may differ (a new address). Returns it as
    /// stored.
    async fn update_contact(&self, current_mail: &str, contact: &Contact, audit: &AuditEvent) -> Result<Contact>;
    /// Deletes a contact (`NotFound`).
    async fn delete_contact(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()>;
}

/// The address book as mail clients read it: one ordered view over the
/// tenant's live users, resources, lists and contacts.
#[async_trait]
pub trait AddressBookStore: Send + Sync + 'static {
    /// A page of the entries of `query.tenant_id` whose address or a word of
    /// whose sort name starts with `query.prefix`, shown per `query.shown`,
    /// ordered by (sort name, address), after `query.after`. A contact whose
    /// address an object of the tenant holds is left out.
    async fn search_address_book(&self, query: &BookQuery) -> Result<Vec<BookEntry>>;
}

/// The addresses reserved in the directory, whatever owns them.
///
/// Whenever a store frees an address (an alias removed, a resource, list or
/// purged account deleted, a domain force-deleted), it also removes that
/// address from the lists of the same tenant in the same transaction, so that
/// an address given out again later does not inherit old memberships.
#[async_trait]
pub trait AddressStore: Send + Sync + 'static {
    /// The reserved addresses among `addresses` (lower-case), in any order.
    async fn find_addresses(&self, addresses: &[String]) -> Result<Vec<ReservedAddress>>;
}

/// An audit event as stored, with its sequence number.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAuditEvent {
    /// Increasing sequence number.
    pub id: i64,
    /// The event.
    pub event: AuditEvent,
}

/// A page of the audit trail, newest first; every filter set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Tenant of the object changed.
    pub tenant_id: Option<String>,
    /// The actor.
    pub actor: Option<String>,
    /// The object, e.g. `user:ivan@example.com`.
    pub target: Option<String>,
    /// At or after.
    pub since: Option<DateTime<Utc>>,
    /// Before.
    pub until: Option<DateTime<Utc>>,
    /// Only events older than this sequence number (keyset paging).
    pub before_id: Option<i64>,
    /// Page size.
    pub limit: usize,
}

/// The audit trail (service state, always SQL).
#[async_trait]
pub trait AuditLog: Send + Sync + 'static {
    /// Appends an event that is not part of a directory transaction: a
    /// refused or failed attempt, a login, a refresh, a logout.
    async fn append(&self, event: &AuditEvent) -> Result<()>;
    /// A page of events, newest first.
    async fn list(&self, query: &AuditQuery) -> Result<Vec<StoredAuditEvent>>;
    /// Hands up to `limit` events not exported yet (oldest first) to this
    /// caller and marks them exported atomically, so that with several
    /// replicas each event is exported once.
    async fn claim_for_export(&self, limit: usize) -> Result<Vec<StoredAuditEvent>>;
    /// Marks every event exported without handing it out (export switched off).
    async fn skip_export(&self) -> Result<()>;
}

/// Runtime settings kept in the service store when pbm runs without etcd.
#[async_trait]
pub trait SettingsStore: Send + Sync + 'static {
    /// Every runtime value and the version they are at.
    async fn load_settings(&self) -> Result<(i64, std::collections::BTreeMap<String, String>)>;
    /// A number that changes whenever a runtime value changes.
    async fn settings_version(&self) -> Result<i64>;
    /// Stores a value, recording `audit` in the same transaction.
    async fn put_setting(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()>;
    /// Removes a value, recording `audit` in the same transaction.
    async fn delete_setting(&self, key: &str, audit: &AuditEvent) -> Result<()>;
}

/// Where a directory import stands, recorded as it goes (service state,
/// always SQL) so that an interrupted import can be resumed by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportCheckpoint {
    /// The import's id.
    pub id: String,
    /// SHA-256 (hex) of the input: a resume must bring the same bytes.
    pub input_sha256: String,
    /// `add-missing` or `replace`.
    pub mode: String,
    /// Objects applied so far, in the import's (deterministic) order.
    pub applied: i64,
    /// Objects added so far.
    pub added: i64,
    /// Objects overwritten so far.
    pub replaced: i64,
    /// Objects left as they were so far.
    pub unchanged: i64,
    /// Whether the import finished.
    pub done: bool,
    /// When recorded.
    pub updated_at: DateTime<Utc>,
}

/// The change log (README "Change feed"): the committed changes of the
/// directory and the ended sessions, in revision order. Always in SQL: the
/// SQL directory writes its records inside each change's transaction; an
/// LDAP directory writes intents before its LDAP write and completes them
/// after (so no change made through pbm goes unrecorded, even when pbm is
/// killed in between).
#[async_trait]
pub trait ChangeLog: Send + Sync + 'static {
    /// The records after `revision`, oldest first, at most `limit`.
    async fn changes_after(&self, revision: i64, limit: usize) -> Result<Vec<ChangeRecord>>;
    /// The latest revision and how far retention pruned.
    async fn revisions(&self) -> Result<Revisions>;
    /// The latest revision, and whether an intent of a directory object of
    /// `tenant` (of every tenant when `None`) is open or, given `since`, a
    /// change of one was recorded after that revision: read at one instant,
    /// so that a write is always seen as one or the other.
    async fn write_mark(&self, tenant: Option<&str>, since: Option<i64>) -> Result<WriteMark>;
    /// Removes up to `limit` of the oldest records committed before
    /// `before`; answers how many went.
    async fn prune_changes(&self, before: DateTime<Utc>, limit: usize) -> Result<u64>;
    /// Writes the intent `intent` (a fresh id) to make `changes`, before
    /// they are made in a directory outside SQL; ends the sessions of `cuts`
    /// in the same transaction (and names them in the intent). Waits first
    /// while a pause of their tenants' writes holds ([`Self::pause_writes`]).
    async fn intend_changes(
        &self,
        intent: &str,
        changes: &[ObjectChange],
        cuts: &[SessionCut],
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// Holds back the intents of changes of `tenant` (of every tenant when
    /// `None`), every replica's, until [`Self::resume_writes`] or `until`,
    /// whichever comes first; the intents being written when it is asked
    /// are written first. Answers the pause's id. An intent written before
    /// is still open until its change is made: the caller waits for those.
    async fn pause_writes(&self, tenant: Option<&str>, until: DateTime<Utc>) -> Result<String>;
    /// Ends the pause `pause`.
    async fn resume_writes(&self, pause: &str) -> Result<()>;
    /// The changes of `intent` were made: records them (revisions) with
    /// their audit event, and ends the sessions of `cuts` again (those opened
    /// since the intent), in one transaction, and publishes them.
    async fn complete_changes(
        &self,
        intent: &str,
        changes: &[ObjectChange],
        cuts: &[SessionCut],
        event: &AuditEvent,
    ) -> Result<Vec<ChangeRecord>>;
    /// Whether the changes of `intent` were made is not known (the write
    /// failed or was cancelled): records them as modified objects, and
    /// publishes them.
    /// The sessions it was to end are ended again, as `cuts` (the
    /// process that wrote it still knows which session each keeps).
    async fn settle_intent(&self, intent: &str, cuts: &[SessionCut]) -> Result<Vec<ChangeRecord>>;
    /// Records the changes of intents older than `older_than` (left by a
    /// process that died between the write and its record) as modified
    /// objects, whether or not the write happened, and publishes them; the
    /// sessions an intent was to end are ended (all of the account's).
    async fn recover_intents(&self, older_than: DateTime<Utc>) -> Result<Vec<ChangeRecord>>;
}

/// Checkpoints of directory imports.
#[async_trait]
pub trait ImportJournal: Send + Sync + 'static {
    /// Records (or updates) a checkpoint.
    async fn save_import(&self, checkpoint: &ImportCheckpoint) -> Result<()>;
    /// The checkpoint of an import.
    async fn load_import(&self, id: &str) -> Result<Option<ImportCheckpoint>>;
}

/// A pbm user owned by an entry of the company directory
/// (`services/ad/accounts/*`): service state, always SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryLink {
    /// The tenant the directory's accounts live in.
    pub tenant_id: String,
    /// The entry's stable id (`objectGUID`, `entryUUID`, `nsUniqueId`).
    pub source_id: String,
    /// The primary address of the pbm user it owns.
    pub mail: String,
    /// The entry's DN at the last sync: what a login binds as.
    pub dn: String,
    /// The aliases the directory set (others are the admin's).
    pub aliases: Vec<String>,
    /// The entry's change mark at the last sync.
    pub change_mark: String,
    /// When recorded.
    pub updated_at: DateTime<Utc>,
}

/// Where a tenant's account sync stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncCursor {
    /// The tenant.
    pub tenant_id: String,
    /// The highest change mark seen by the last pass (empty: none yet).
    pub last_mark: String,
    /// When the last full pass finished (`None`: never).
    pub last_full_at: Option<DateTime<Utc>>,
}

/// The links between directory entries and the pbm users they own (and
/// between groups and the lists the group sync made), the cursors of the
/// syncs, and the lease of the periodic sync.
#[async_trait]
pub trait DirectoryLinks: Send + Sync + 'static {
    /// Every link of a tenant.
    async fn links(&self, tenant_id: &str) -> Result<Vec<DirectoryLink>>;
    /// The link owning the user `mail` of `tenant_id`, if it is
    /// directory-owned (a link of another tenant never owns it).
    async fn link_of(&self, tenant_id: &str, mail: &str) -> Result<Option<DirectoryLink>>;
    /// Records (or replaces) a link.
    async fn save_link(&self, link: &DirectoryLink) -> Result<()>;
    /// Forgets a link.
    async fn delete_link(&self, tenant_id: &str, source_id: &str) -> Result<()>;
    /// The cursor of a tenant's sync.
    async fn cursor(&self, tenant_id: &str) -> Result<SyncCursor>;
    /// Records a cursor.
    async fn save_cursor(&self, cursor: &SyncCursor) -> Result<()>;
    /// Takes (or renews) the lease of a periodic sync for `holder` until
    /// `until`; false when another holder's lease runs at `now`. The lease
    /// of a tenant's accounts sync is named by the tenant id, the others
    /// `<kind>:<tenant>` (`runtime::jobs::lease_name`); the table is
    /// `directory_syncs`, whose cursor columns only the accounts sync uses.
    async fn take_lease(&self, tenant_id: &str, holder: &str, now: DateTime<Utc>, until: DateTime<Utc>)
    -> Result<bool>;
    /// Every list the group sync made in a tenant (`aliases` and
    /// `change_mark` are empty).
    async fn list_links(&self, tenant_id: &str) -> Result<Vec<DirectoryLink>>;
    /// Records (or replaces) the link of a list the group sync made.
    async fn save_list_link(&self, link: &DirectoryLink) -> Result<()>;
    /// Forgets the link of a list.
    async fn delete_list_link(&self, tenant_id: &str, source_id: &str) -> Result<()>;
    /// Forgets everything of a deleted tenant: its users' and lists' links
    /// and its syncs' cursor and leases, so a tenant made again under the
    /// same id starts with a full pass, and nobody who later gets one of its
    /// addresses is taken for a directory-owned account.
    async fn forget_tenant_links(&self, tenant_id: &str) -> Result<()>;
}

/// The `externalId`s identity providers give the users they provision over
/// SCIM (service state, always SQL — also beside an LDAP directory), unique
/// within a tenant.
#[async_trait]
pub trait ExternalIds: Send + Sync + 'static {
    /// The externalIds of those of `mails` (users of `tenant_id`) that have one.
    async fn external_ids(
        &self,
        tenant_id: &str,
        mails: &[String],
    ) -> Result<std::collections::HashMap<String, String>>;
    /// The user of `tenant_id` whose externalId is `external_id`.
    async fn user_with_external_id(&self, tenant_id: &str, external_id: &str) -> Result<Option<String>>;
    /// Gives the user `mail` of `tenant_id` the externalId `external_id`,
    /// or takes it away (`None`). `AlreadyExists` when another user of the
    /// tenant has it.
    async fn set_external_id(&self, tenant_id: &str, mail: &str, external_id: Option<&str>) -> Result<()>;
    /// Forgets every externalId of a tenant (the tenant was deleted).
    async fn forget_tenant_external_ids(&self, tenant_id: &str) -> Result<()>;
}

/// Service accounts and their API keys (service state, always SQL — also
/// beside an LDAP directory, like sessions). Every change writes its audit
/// event and a change-log record of kind `service_account` (name: the
/// account's) in one transaction, so that every replica's key cache drops
/// the account's keys.
#[async_trait]
pub trait ServiceAccountStore: Send + Sync + 'static {
    /// Stores a new account (`AlreadyExists { kind: "service account" }`
    /// when its tenant has one of that name).
    async fn create_service_account(&self, account: &ServiceAccount, audit: &AuditEvent) -> Result<()>;
    /// One account of a tenant (`""`: installation-wide).
    async fn get_service_account(&self, tenant_id: &str, name: &str) -> Result<Option<ServiceAccount>>;
    /// The accounts of a tenant ordered by name, after `after`.
    async fn list_service_accounts(
        &self,
        tenant_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ServiceAccount>>;
    /// Number of accounts of a tenant.
    async fn count_service_accounts(&self, tenant_id: &str) -> Result<u64>;
    /// Stores an account's description and scopes (`NotFound`).
    async fn update_service_account(&self, account: &ServiceAccount, audit: &AuditEvent) -> Result<()>;
    /// Deletes an account and its keys (`NotFound`).
    async fn delete_service_account(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<()>;
    /// Deletes every account of a tenant and their keys (the tenant was
    /// deleted); answers how many accounts went.
    async fn delete_tenant_service_accounts(&self, tenant_id: &str, audit: &AuditEvent) -> Result<u64>;
    /// Stores a new key of its account if the account has fewer than
    /// `max_live` live keys at `key.created_at` (`NotFound { kind: "service
    /// account" }`, `FailedPrecondition` when it has that many).
    async fn create_api_key(&self, key: &ApiKey, max_live: usize, audit: &AuditEvent) -> Result<()>;
    /// A key by its id, with its account: the one read of a key check.
    async fn api_key(&self, id: &str) -> Result<Option<(ApiKey, ServiceAccount)>>;
    /// The keys of an account (live, expired and revoked), oldest first.
    async fn list_api_keys(&self, tenant_id: &str, account: &str) -> Result<Vec<ApiKey>>;
    /// Revokes a key of an account at `at` (`NotFound { kind: "API key" }`);
    /// false, changing nothing, when it was revoked already.
    async fn revoke_api_key(
        &self,
        tenant_id: &str,
        account: &str,
        id: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Records a use of key `id` at `at` from `client_addr` unless one was
    /// recorded since `not_since`; answers whether it wrote. Not audited and
    /// not in the change log (bookkeeping, not a change).
    async fn record_key_use(
        &self,
        id: &str,
        at: DateTime<Utc>,
        client_addr: &str,
        not_since: DateTime<Utc>,
    ) -> Result<bool>;
}

/// What [`LoginThrottle::reserve_login_attempt`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptReservation {
    /// The source is locked out until then: nothing was counted.
    LockedOut(DateTime<Utc>),
    /// Counted: the distinct attempts of the source in the window, this one included.
    Counted(u64),
}

/// Failed-login bookkeeping shared by every replica (brute-force protection).
#[async_trait]
pub trait LoginThrottle: Send + Sync + 'static {
    /// Until when `source` is locked out, if it is at `now`.
    async fn lockout(&self, source: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>>;
    /// Records a failed `attempt` (an opaque digest of login and password)
    /// from `source`; returns how many distinct attempts `source` made since
    /// `window_start`, this one included. Repeating an attempt counts once.
    async fn record_login_failure(
        &self,
        source: &str,
        attempt: &str,
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<u64>;
    /// Counts `attempt` from `source` *before* its password is checked, so
    /// that logins in flight at once cannot each pass the limit (the caller
    /// calls [`forget_login_attempt`](Self::forget_login_attempt) when the
    /// password was right). Serialized per source across replicas: answers
    /// [`AttemptReservation::LockedOut`] when `source` is locked out at `now`
    /// (a lockout another request just set included), otherwise the distinct
    /// attempts since `window_start`, this one included.
    async fn reserve_login_attempt(
        &self,
        source: &str,
        attempt: &str,
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<AttemptReservation>;
    /// Forgets a reserved attempt once its login ended (a wrong password is
    /// recorded with [`record_login_failure`](Self::record_login_failure) first).
    async fn forget_login_attempt(&self, source: &str, attempt: &str) -> Result<()>;
    /// Distinct failed attempts `source` made since `since` (reserved attempts
    /// still being checked are not failures).
    async fn login_failures(&self, source: &str, since: DateTime<Utc>) -> Result<u64>;
    /// Keeps a picture code handed out to `source` as challenge `id` until
    /// `expires_at`; `source` keeps its newest `keep` challenges only.
    async fn save_challenge(
        &self,
        id: &str,
        source: &str,
        code: &str,
        expires_at: DateTime<Utc>,
        keep: usize,
    ) -> Result<()>;
    /// Takes challenge `id`: its code if it exists and has not expired at
    /// `now`. A challenge is taken once, whatever the answer.
    async fn take_challenge(&self, id: &str, now: DateTime<Utc>) -> Result<Option<String>>;
    /// Locks `source` out until `until` and forgets its failures.
    async fn lock_out(&self, source: &str, until: DateTime<Utc>) -> Result<()>;
    /// Forgets failures, lockouts and challenges older than `before`.
    async fn purge_throttle(&self, before: DateTime<Utc>) -> Result<u64>;
}

/// A login session: what a refresh-token chain and its access tokens belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Random id, carried in access tokens as `sid`.
    pub id: String,
    /// Primary address of the account.
    pub account: String,
    /// Tenant of the account.
    pub tenant_id: String,
    /// When the session was opened.
    pub created_at: DateTime<Utc>,
    /// When the session's current refresh token expires.
    pub expires_at: DateTime<Utc>,
}

/// A refresh token as stored: only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRefreshToken {
    /// SHA-256 of the token, hex.
    pub hash: String,
    /// Session it belongs to.
    pub session_id: String,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
}

/// Outcome of presenting a refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The token was valid; it is now used and the next one is stored.
    Rotated(Session),
    /// The token had already been used: the whole session is now ended.
    Reused,
    /// Unknown token, expired token or ended session.
    Invalid,
}

/// Storage of login sessions and refresh tokens.
#[async_trait]
pub trait SessionStore: Send + Sync + 'static {
    /// Opens a session with its first refresh token.
    async fn open_session(&self, session: &Session, refresh: &StoredRefreshToken) -> Result<()>;
    /// Whether the session exists, has not ended and has not expired.
    async fn session_active(&self, id: &str, now: DateTime<Utc>) -> Result<bool>;
    /// Atomically marks the presented token used and stores the next token
    /// (`next_hash`, expiring at `next_expires_at`) in the same session, which
    /// then expires with it.
    async fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        next_hash: &str,
        next_expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Rotation>;
    /// Ends one session.
    async fn end_session(&self, id: &str, now: DateTime<Utc>) -> Result<()>;
    /// Ends every session of an account except `keep`; returns how many.
    async fn end_sessions_of(&self, account: &str, keep: Option<&str>, now: DateTime<Utc>) -> Result<u64>;
    /// Ends every session of a tenant's accounts; returns how many.
    async fn end_sessions_of_tenant(&self, tenant_id: &str, now: DateTime<Utc>) -> Result<u64>;
    /// Deletes sessions that ended or expired before `before`.
    async fn purge_sessions(&self, before: DateTime<Utc>) -> Result<u64>;
}

/// The mail store: messages, folders, ACLs and quotas of its users, one user
/// per call (operations over many users are the service's loops, so that
/// each call is bounded and one vanished user fails alone).
///
/// Implementations check every parameter again before sending it (a bad one
/// is `Internal`: the service should have refused it) and read their
/// connection settings per call, so changes apply at once. Errors: `NotFound
/// { kind: "mailbox owner" }` for a user the store does not know,
/// `NotFound { kind: "mailbox" }` for a missing folder, `Unavailable` when
/// the store cannot be reached, times out or fails temporarily,
/// `FailedPrecondition` when no store is configured.
#[async_trait]
pub trait MailBackend: Send + Sync + 'static {
    /// The user names (primary addresses) matching a mask of `*` and `?`,
    /// sorted and without duplicates.
    async fn list_users(&self, mask: &str) -> Result<Vec<String>>;
    /// The GUID of a folder of `user` (`NotFound { kind: "mailbox" }` when
    /// it does not exist).
    async fn mailbox_guid(&self, user: &str, mailbox: &MailboxName) -> Result<String>;
    /// The messages of `user` matching `query`, in `mailbox` or in every
    /// folder; `owner` of each hit is `user`.
    async fn search(&self, user: &str, mailbox: Option<&MailboxName>, query: &MailQuery) -> Result<Vec<MessageHit>>;
    /// A part of the messages with these UIDs in the folder `mailbox_guid`
    /// (the ones that exist, by UID).
    async fn fetch(
        &self,
        user: &str,
        mailbox_guid: &str,
        uids: &[u32],
        part: MessagePart,
    ) -> Result<Vec<FetchedMessage>>;
    /// Removes the messages with these UIDs from the folder `mailbox_guid`.
    async fn expunge(&self, user: &str, mailbox_guid: &str, uids: &[u32]) -> Result<()>;
    /// Stores a message in a folder of `user` (a report to them).
    async fn save(&self, user: &str, mailbox: &MailboxName, message: &[u8]) -> Result<()>;
    /// Sets the rights of ACL identifier `id` on a folder, replacing its
    /// previous rights.
    async fn set_acl(&self, owner: &str, mailbox: &MailboxName, id: &str, rights: &[MailboxRight]) -> Result<()>;
    /// The ACL of a folder.
    async fn get_acl(&self, owner: &str, mailbox: &MailboxName) -> Result<Vec<AclEntry>>;
    /// Removes ACL identifier `id` from a folder.
    async fn delete_acl(&self, owner: &str, mailbox: &MailboxName, id: &str) -> Result<()>;
    /// Subscribes `user` to a folder name of their namespaces (e.g.
    /// `shared/<owner>/<folder>`).
    async fn subscribe(&self, user: &str, mailbox: &str) -> Result<()>;
    /// Unsubscribes `user` from a folder name.
    async fn unsubscribe(&self, user: &str, mailbox: &str) -> Result<()>;
    /// Quota usage and limits of `user`.
    async fn quota(&self, user: &str) -> Result<MailboxQuota>;
}
