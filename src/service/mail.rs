//! MailService: search, fetch, expunge and recall messages, share folders and
//! read quotas in the mail store (guide §2.16, §5.3.1), over the
//! [`MailBackend`](crate::ports::MailBackend) port.
//!
//! Rules, decided here:
//! * **Who.** Superadmins act on every mailbox. Admins act on mailboxes
//!   whose address is in a mail domain of their own tenant — decided from
//!   the address alone, before anything is asked of the mail store. An
//!   owner mask is confined to those domains: its domain pattern is
//!   narrowed to each tenant domain it matches (`*` → `*@d` for every
//!   domain `d` of the tenant), a literal domain of another tenant is
//!   PERMISSION_DENIED, and every user the store lists is checked again.
//!   Operations over all users are the superadmin's. Users may only recall
//!   messages they sent and read their own quota.
//! * **Many owners** are handled one by one (one doveadm request each, at
//!   most [`PARALLEL`] at a time): hits stream as each owner answers, and an
//!   owner that vanished meanwhile, or lacks the folder, is skipped. With
//!   one named owner, an unknown owner or folder is NOT_FOUND (the folder
//!   is looked up first: the store's search would just find nothing).
//! * **Expunge** searches first and then removes exactly the messages found,
//!   by mailbox GUID and UID, so the counts reported (and audited) are what
//!   was removed; a dry run stops after the search.
//! * **Recall** (`POST /v2/actions/expunge`) looks for the Message-ID in
//!   every folder of each mailbox: unread copies are removed, read ones only
//!   with `force` (which `psn/common/force_revoke` must allow;
//!   `psn/common/revoke_email` must allow recall at all). A user's recall
//!   removes only copies whose From is one of the user's addresses, in
//!   mailboxes of the user's tenant. With `notify`, a report is stored in
//!   the requester's INBOX through doveadm (`save`): no second delivery
//!   path, credentials or settings; a failed report does not undo the
//!   recall and is shown as `notified: false`.
//! * **Sharing** sets `user=<grantee>` rights on the owner's folder and
//!   subscribes the grantee to `shared/<owner>/<folder>` (guide §2.16.5);
//!   owner and grantee are resolved to their primary addresses first, as
//!   Dovecot's ACLs and shared namespace name users by them.
//! * **Audit.** Every expunge (dry runs too), recall, ACL change and fetch
//!   of message contents is recorded with its query and counts — also when
//!   it fails part-way, with what was done until then.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Arc,
};

use futures::{Stream, StreamExt as _, stream};
use serde_json::{Value, json};

use super::{Caller, Core, RequestContext};
use crate::domain::{
    self, AuditEvent, Role, User,
    address::domain_of,
    audit::RESULT_OK,
    mail::{
        AclEntry, FetchedMessage, MAX_FETCH_UIDS, MAX_RECALL_MAILBOXES, MailQuery, MailboxName, MailboxQuota,
        MailboxRight, MessageHit, MessagePart, OwnerMask, Owners, acl_user_id, header_addresses, normalize_message_id,
        normalize_owner,
    },
};
use crate::error::{Error, Result, Violations};
use crate::ports::MailBackend;

const EXPUNGE_MESSAGES: &str = "pbm.v2.MailService/ExpungeMessages";
const RECALL_MESSAGE: &str = "pbm.v2.MailService/RecallMessage";
const FETCH_MESSAGES: &str = "pbm.v2.MailService/FetchMessages";
const SET_MAILBOX_ACL: &str = "pbm.v2.MailService/SetMailboxAcl";
const DELETE_MAILBOX_ACL: &str = "pbm.v2.MailService/DeleteMailboxAcl";

/// Owners asked of the mail store at the same time.
pub const PARALLEL: usize = 4;

/// Whose mailboxes, as the request names them (before validation).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OwnersInput {
    /// Not given.
    #[default]
    Unset,
    /// One owner's address.
    User(String),
    /// A mask with `*` and `?`.
    Mask(String),
    /// Every user.
    AllUsers,
}

/// A search (or expunge) as requested.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageSearch {
    /// Whose mailboxes.
    pub owners: OwnersInput,
    /// Folder name; empty: every folder.
    pub mailbox: String,
    /// The criteria.
    pub query: MailQuery,
}

/// Messages removed (or that would be) in one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpungedFolder {
    /// Owner.
    pub owner: String,
    /// Folder name.
    pub mailbox: String,
    /// Folder GUID.
    pub mailbox_guid: String,
    /// Messages.
    pub count: u64,
}

/// What an expunge removed (or would remove).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExpungeReport {
    /// Per folder.
    pub folders: Vec<ExpungedFolder>,
    /// Sum of the counts.
    pub total: u64,
    /// Whether nothing was removed.
    pub dry_run: bool,
}

/// A recall as requested (`POST /v2/actions/expunge`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecallRequest {
    /// Message-ID.
    pub message_id: String,
    /// Mailboxes to recall it from.
    pub mailboxes: Vec<String>,
    /// Remove read copies too.
    pub force: bool,
    /// Store a report in the requester's INBOX.
    pub notify: bool,
}

/// What a recall did in one mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecallOutcome {
    /// Every copy removed.
    Recalled,
    /// A read copy kept (force off).
    ReadKept,
    /// No copy there (or no such mailbox).
    NotFound,
}

impl RecallOutcome {
    /// The legacy word.
    pub fn name(self) -> &'static str {
        match self {
            Self::Recalled => "recalled",
            Self::ReadKept => "read_kept",
            Self::NotFound => "not_found",
        }
    }
}

/// Recall result of one mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecallResult {
    /// The mailbox as requested.
    pub mailbox: String,
    /// What happened.
    pub outcome: RecallOutcome,
    /// Copies removed.
    pub recalled: u32,
    /// Read copies kept.
    pub kept: u32,
}

/// What a recall did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecallReport {
    /// One per requested mailbox.
    pub results: Vec<RecallResult>,
    /// Whether the report reached the requester.
    pub notified: bool,
}

/// The ACL of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxAcl {
    /// Owner (primary address).
    pub owner: String,
    /// Folder.
    pub mailbox: String,
    /// Entries.
    pub entries: Vec<AclEntry>,
}

/// The mail service.
#[derive(Clone)]
pub struct Mail(pub(crate) Arc<Core>);

/// Whose mailboxes an operation reaches, resolved.
enum Scope {
    /// One named owner: its errors are the operation's.
    One(String),
    /// Owners listed by the mail store: one that vanished is skipped.
    Many(Vec<String>),
}

impl Scope {
    fn users(self) -> (bool, Vec<String>) {
        match self {
            Self::One(user) => (true, vec![user]),
            Self::Many(users) => (false, users),
        }
    }
}

/// What an audited operation leaves in the trail, filled in as it goes.
struct Trail {
    tenant_id: String,
    target: String,
    after: Value,
}

impl Trail {
    fn new(target: impl Into<String>) -> Self {
        Self { tenant_id: String::new(), target: target.into(), after: json!({}) }
    }
}

/// The audit view of a query: the criteria set.
fn query_view(query: &MailQuery) -> Value {
    let mut view = serde_json::Map::new();
    let mut put = |key: &str, value: Value| {
        view.insert(key.to_owned(), value);
    };
    for (key, value) in [
        ("subject", &query.subject),
        ("from", &query.from),
        ("to", &query.to),
        ("body", &query.body),
        ("message_id", &query.message_id),
    ] {
        if let Some(value) = value {
            put(key, json!(value));
        }
    }
    if let Some(header) = &query.header {
        put("header", json!({ "name": header.name, "value": header.value }));
    }
    if let Some(since) = query.since {
        put("since", json!(since.to_rfc3339()));
    }
    if let Some(before) = query.before {
        put("before", json!(before.to_rfc3339()));
    }
    if let Some(seen) = query.seen {
        put("seen", json!(seen));
    }
    Value::Object(view)
}

fn owners_view(owners: &Owners) -> Value {
    match owners {
        Owners::User(user) => json!({ "user": user }),
        Owners::Mask(mask) => json!({ "user_mask": mask.as_doveadm() }),
        Owners::AllUsers => json!({ "all_users": true }),
    }
}

fn owners_target(owners: &OwnersInput) -> String {
    match owners {
        OwnersInput::User(user) => format!("mailbox:{}", user.trim().to_lowercase()),
        OwnersInput::Mask(mask) => format!("mailboxes:{}", mask.trim().to_lowercase()),
        OwnersInput::AllUsers => "mailboxes:*".into(),
        OwnersInput::Unset => "mailboxes:".into(),
    }
}

/// Keeps the hits whose Message-ID is exactly the one asked (the store
/// matches substrings).
fn exact(query: &MailQuery, hits: Vec<MessageHit>) -> Vec<MessageHit> {
    match &query.message_id {
        Some(id) => hits.into_iter().filter(|h| h.message_id == *id).collect(),
        None => hits,
    }
}

/// Groups hits by folder: (mailbox, GUID) → UIDs.
fn by_folder(hits: &[MessageHit]) -> BTreeMap<(String, String), Vec<u32>> {
    let mut folders: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
    for hit in hits {
        folders.entry((hit.mailbox.clone(), hit.mailbox_guid.clone())).or_default().push(hit.uid);
    }
    folders
}

/// Checks a search or expunge request.
fn check_search(request: &MessageSearch) -> Result<(Owners, Option<MailboxName>, MailQuery)> {
    let mut v = Violations::new();
    let owners = match &request.owners {
        OwnersInput::Unset => {
            v.required("owners");
            None
        }
        OwnersInput::User(user) => match normalize_owner(user) {
            Ok(user) => Some(Owners::User(user)),
            Err(e) => {
                v.invalid("owners.user", e);
                None
            }
        },
        OwnersInput::Mask(mask) => match OwnerMask::parse(mask) {
            Ok(mask) => Some(Owners::Mask(mask)),
            Err(e) => {
                v.invalid("owners.user_mask", e);
                None
            }
        },
        OwnersInput::AllUsers => Some(Owners::AllUsers),
    };
    let mailbox = if request.mailbox.is_empty() {
        None
    } else {
        MailboxName::parse(&request.mailbox).map(Some).unwrap_or_else(|e| {
            v.invalid("mailbox", e);
            None
        })
    };
    let mut query = request.query.clone();
    if let Some(id) = &query.message_id
        && let Ok(normal) = normalize_message_id(id)
    {
        query.message_id = Some(normal);
    }
    query.check(&mut v, "query");
    v.finish()?;
    Ok((owners.expect("checked"), mailbox, query))
}

fn check_owner(v: &mut Violations, field: &str, value: &str) -> String {
    if value.trim().is_empty() {
        v.required(field);
        return String::new();
    }
    normalize_owner(value).unwrap_or_else(|e| {
        v.invalid(field, e);
        String::new()
    })
}

fn check_mailbox(v: &mut Violations, value: &str) -> Option<MailboxName> {
    if value.is_empty() {
        v.required("mailbox");
        return None;
    }
    MailboxName::parse(value).map(Some).unwrap_or_else(|e| {
        v.invalid("mailbox", e);
        None
    })
}

impl Mail {
    fn backend(&self) -> &Arc<dyn MailBackend> {
        &self.0.mail
    }

    /// Records an audited operation, whatever its result.
    async fn record<T>(&self, ctx: &RequestContext, rpc: &str, trail: Trail, result: &Result<T>) {
        let (actor, actor_tenant) = ctx
            .bearer
            .as_deref()
            .and_then(|token| self.0.signer.verify_ignoring_expiry(token).ok())
            .map_or_else(|| ("anonymous".to_owned(), String::new()), |claims| (claims.sub, claims.tid));
        let mut event: AuditEvent = self.0.event_by(ctx, &actor, &actor_tenant, rpc, &trail.tenant_id, trail.target);
        event.after = Some(trail.after);
        match result {
            Ok(_) => event.result = RESULT_OK.to_owned(),
            Err(error) => {
                event.result = error.code_name();
                event.detail = error.to_string();
            }
        }
        if let Err(e) = self.0.audit.append(&event).await {
            tracing::warn!(error = %e, rpc, "could not record a mail operation in the audit trail");
        }
    }

    /// Refuses users (role 2): the mail store is administered by admins.
    fn require_admin(caller: &Caller) -> Result<()> {
        if caller.role == Role::User { Err(Error::PermissionDenied) } else { Ok(()) }
    }

    /// Whether `caller` may act on the mailbox of `address`: superadmins on
    /// all, admins (and, where a rule allows users, users) on addresses in
    /// their tenant's domains.
    async fn require_mailbox_of_tenant(&self, caller: &Caller, address: &str) -> Result<()> {
        if caller.is_superadmin() {
            return Ok(());
        }
        let domains = self.0.tenant_domains(&caller.tenant_id).await?;
        if domains.contains(domain_of(address)) { Ok(()) } else { Err(Error::PermissionDenied) }
    }

    /// The tenant owning an address's domain ("" when none does).
    async fn tenant_of(&self, caller: &Caller, address: &str) -> Result<String> {
        if !caller.is_superadmin() {
            return Ok(caller.tenant_id.clone());
        }
        Ok(self.0.directory.get_mail_domain(domain_of(address)).await?.map(|d| d.tenant_id).unwrap_or_default())
    }

    /// The primary address of the account having `address` (primary,
    /// alternate or alias); the address itself when the directory has no
    /// such account (the mail store may know users pbm does not).
    async fn primary(&self, address: &str) -> Result<String> {
        Ok(self.0.directory.find_user_by_address(address).await?.map_or_else(|| address.to_owned(), |u| u.mail))
    }

    /// The mailboxes `owners` reaches for `caller`.
    async fn scope(&self, caller: &Caller, owners: &Owners) -> Result<Scope> {
        match owners {
            Owners::User(user) => {
                self.require_mailbox_of_tenant(caller, user).await?;
                Ok(Scope::One(user.clone()))
            }
            Owners::AllUsers => {
                caller.require_superadmin()?;
                Ok(Scope::Many(self.backend().list_users("*").await?))
            }
            Owners::Mask(mask) if caller.is_superadmin() => {
                Ok(Scope::Many(self.backend().list_users(&mask.as_doveadm()).await?))
            }
            Owners::Mask(mask) => {
                let domains = self.0.tenant_domains(&caller.tenant_id).await?;
                if mask.literal_domain().is_some_and(|d| !domains.contains(d)) {
                    return Err(Error::PermissionDenied);
                }
                let mut users = BTreeSet::new();
                for narrowed in mask.within(&domains) {
                    for user in self.backend().list_users(&narrowed).await? {
                        if domains.contains(domain_of(&user)) && mask.matches(&user) {
                            users.insert(user);
                        }
                    }
                }
                Ok(Scope::Many(users.into_iter().collect()))
            }
        }
    }

    /// Streams the messages matching a query, owner by owner.
    pub async fn search(
        &self,
        ctx: &RequestContext,
        request: &MessageSearch,
    ) -> Result<impl Stream<Item = Result<MessageHit>> + Send + 'static> {
        let caller = self.0.authenticate(ctx).await?;
        Self::require_admin(&caller)?;
        let (owners, mailbox, query) = check_search(request)?;
        let (single, users) = self.scope(&caller, &owners).await?.users();
        if single && let Some(mailbox) = &mailbox {
            // A named owner's folder must exist (the store's search just finds nothing).
            self.backend().mailbox_guid(&users[0], mailbox).await?;
        }
        let backend = self.backend().clone();
        let query = Arc::new(query);
        let mailbox = Arc::new(mailbox);
        let per_owner = {
            let query = query.clone();
            move |user: String| {
                let (backend, query, mailbox) = (backend.clone(), query.clone(), mailbox.clone());
                async move { backend.search(&user, mailbox.as_ref().as_ref(), &query).await }
            }
        };
        let hits = stream::iter(users).map(per_owner).buffered(PARALLEL).flat_map(move |result| {
            let items: Vec<Result<MessageHit>> = match result {
                Ok(hits) => exact(&query, hits).into_iter().map(Ok).collect(),
                Err(Error::NotFound { .. }) if !single => Vec::new(),
                Err(error) => vec![Err(error)],
            };
            stream::iter(items)
        });
        Ok(self.0.drain.ends_when_draining(hits))
    }

    /// A part of messages of one owner's folder, by GUID and UIDs; audited.
    pub async fn fetch(
        &self,
        ctx: &RequestContext,
        owner: &str,
        mailbox_guid: &str,
        uids: &[u32],
        part: Option<MessagePart>,
    ) -> Result<Vec<FetchedMessage>> {
        let mut trail = Trail::new(format!("mailbox:{}", owner.trim().to_lowercase()));
        let result = self.do_fetch(ctx, owner, mailbox_guid, uids, part, &mut trail).await;
        self.record(ctx, FETCH_MESSAGES, trail, &result).await;
        result
    }

    async fn do_fetch(
        &self,
        ctx: &RequestContext,
        owner: &str,
        mailbox_guid: &str,
        uids: &[u32],
        part: Option<MessagePart>,
        trail: &mut Trail,
    ) -> Result<Vec<FetchedMessage>> {
        let caller = self.0.authenticate(ctx).await?;
        Self::require_admin(&caller)?;
        let mut v = Violations::new();
        let owner = check_owner(&mut v, "owner", owner);
        if mailbox_guid.is_empty() {
            v.required("mailbox_guid");
        } else if !domain::mail::is_mailbox_guid(mailbox_guid) {
            v.invalid("mailbox_guid", "must be 32 hexadecimal digits (a Dovecot mailbox GUID)");
        }
        if uids.is_empty() {
            v.required("uids");
        } else if uids.len() > MAX_FETCH_UIDS {
            v.invalid("uids", format!("at most {MAX_FETCH_UIDS} UIDs per request"));
        } else if uids.contains(&0) {
            v.invalid("uids", "UIDs start at 1");
        }
        if part.is_none() {
            v.required("part");
        }
        v.finish()?;
        self.require_mailbox_of_tenant(&caller, &owner).await?;
        trail.tenant_id = self.tenant_of(&caller, &owner).await?;
        trail.after = json!({ "mailbox_guid": mailbox_guid, "uids": uids, "part": format!("{part:?}").to_lowercase() });
        let guid = mailbox_guid.to_ascii_lowercase();
        let messages = self.backend().fetch(&owner, &guid, uids, part.expect("checked")).await?;
        trail.after["fetched"] = json!(messages.len());
        if messages.is_empty() {
            return Err(Error::not_found("message", format!("{} in mailbox {guid}", uid_list(uids))));
        }
        Ok(messages)
    }

    /// Removes (or, with `dry_run`, counts) the messages matching a query.
    pub async fn expunge(&self, ctx: &RequestContext, request: &MessageSearch, dry_run: bool) -> Result<ExpungeReport> {
        let mut trail = Trail::new(owners_target(&request.owners));
        let result = self.do_expunge(ctx, request, dry_run, &mut trail).await;
        self.record(ctx, EXPUNGE_MESSAGES, trail, &result).await;
        result
    }

    async fn do_expunge(
        &self,
        ctx: &RequestContext,
        request: &MessageSearch,
        dry_run: bool,
        trail: &mut Trail,
    ) -> Result<ExpungeReport> {
        let caller = self.0.authenticate(ctx).await?;
        Self::require_admin(&caller)?;
        let (owners, mailbox, query) = check_search(request)?;
        trail.after = json!({
            "owners": owners_view(&owners),
            "mailbox": mailbox.as_ref().map(MailboxName::as_str),
            "query": query_view(&query),
            "dry_run": dry_run,
        });
        let scope = self.scope(&caller, &owners).await?;
        trail.tenant_id = match &owners {
            Owners::User(user) => self.tenant_of(&caller, user).await?,
            _ if caller.is_superadmin() => String::new(),
            _ => caller.tenant_id.clone(),
        };
        let (single, users) = scope.users();
        if single && let Some(mailbox) = &mailbox {
            self.backend().mailbox_guid(&users[0], mailbox).await?;
        }
        let mut report = ExpungeReport { dry_run, ..Default::default() };
        let result = self.expunge_each(&users, single, mailbox.as_ref(), &query, &mut report).await;
        trail.after["total"] = json!(report.total);
        trail.after["folders"] = json!(
            report
                .folders
                .iter()
                .map(|f| json!({ "owner": f.owner, "mailbox": f.mailbox, "count": f.count }))
                .collect::<Vec<_>>()
        );
        result.map(|()| report)
    }

    async fn expunge_each(
        &self,
        users: &[String],
        single: bool,
        mailbox: Option<&MailboxName>,
        query: &MailQuery,
        report: &mut ExpungeReport,
    ) -> Result<()> {
        for user in users {
            let hits = match self.backend().search(user, mailbox, query).await {
                Ok(hits) => exact(query, hits),
                Err(Error::NotFound { .. }) if !single => continue,
                Err(e) => return Err(e),
            };
            for ((name, guid), uids) in by_folder(&hits) {
                if !report.dry_run {
                    self.backend().expunge(user, &guid, &uids).await?;
                }
                report.total += uids.len() as u64;
                report.folders.push(ExpungedFolder {
                    owner: user.clone(),
                    mailbox: name,
                    mailbox_guid: guid,
                    count: uids.len() as u64,
                });
            }
        }
        Ok(())
    }

    /// Recalls a message by Message-ID from mailboxes (guide §2.16.4.1).
    pub async fn recall(&self, ctx: &RequestContext, request: &RecallRequest) -> Result<RecallReport> {
        let mut trail = Trail::new(format!("message:{}", request.message_id.trim()));
        let result = self.do_recall(ctx, request, &mut trail).await;
        self.record(ctx, RECALL_MESSAGE, trail, &result).await;
        result
    }

    async fn do_recall(
        &self,
        ctx: &RequestContext,
        request: &RecallRequest,
        trail: &mut Trail,
    ) -> Result<RecallReport> {
        let caller = self.0.authenticate(ctx).await?;
        let mut v = Violations::new();
        let message_id = if request.message_id.trim().is_empty() {
            v.required("message_id");
            String::new()
        } else {
            normalize_message_id(&request.message_id).unwrap_or_else(|e| {
                v.invalid("message_id", e);
                String::new()
            })
        };
        let mut mailboxes: Vec<(String, String)> = Vec::new();
        if request.mailboxes.is_empty() {
            v.required("mailboxes");
        } else if request.mailboxes.len() > MAX_RECALL_MAILBOXES {
            v.invalid("mailboxes", format!("at most {MAX_RECALL_MAILBOXES} mailboxes per request"));
        }
        for raw in request.mailboxes.iter().take(MAX_RECALL_MAILBOXES) {
            match normalize_owner(raw) {
                Ok(address) if mailboxes.iter().any(|(_, a)| *a == address) => {}
                Ok(address) => mailboxes.push((raw.trim().to_owned(), address)),
                Err(e) => v.invalid("mailboxes", format!("{raw:?}: {e}")),
            }
        }
        v.finish()?;
        trail.target = format!("message:{message_id}");
        trail.after = json!({
            "message_id": message_id,
            "mailboxes": mailboxes.iter().map(|(_, a)| a).collect::<Vec<_>>(),
            "force": request.force,
            "notify": request.notify,
        });
        let settings = self.0.settings.current();
        if !settings.recall.enabled {
            return Err(Error::FailedPrecondition(
                "recalling messages is switched off (psn/common/revoke_email)".into(),
            ));
        }
        if request.force && !settings.recall.force_allowed {
            return Err(Error::FailedPrecondition(
                "recalling messages already read is not allowed (psn/common/force_revoke)".into(),
            ));
        }
        for (_, address) in &mailboxes {
            self.require_mailbox_of_tenant(&caller, address).await?;
        }
        trail.tenant_id = if caller.is_superadmin() {
            match mailboxes.first() {
                Some((_, address)) => self.tenant_of(&caller, address).await?,
                None => String::new(),
            }
        } else {
            caller.tenant_id.clone()
        };
        let requester = self.0.directory.get_user(&caller.tenant_id, &caller.account).await?;
        // A user recalls only what they sent: copies From one of their addresses.
        let senders: Option<BTreeSet<String>> = (caller.role == Role::User).then(|| {
            let mut own = BTreeSet::from([caller.account.clone()]);
            if let Some(user) = &requester {
                own.extend(user.aliases.iter().cloned());
                if !user.alternate_address.is_empty() {
                    own.insert(user.alternate_address.clone());
                }
            }
            own
        });
        let query = MailQuery { message_id: Some(message_id.clone()), ..Default::default() };
        let mut report = RecallReport::default();
        let result = self.recall_each(&mailboxes, &query, request.force, senders.as_ref(), &mut report).await;
        let results: Vec<Value> = report
            .results
            .iter()
            .map(|r| json!({ "mailbox": r.mailbox, "outcome": r.outcome.name(), "recalled": r.recalled, "kept": r.kept }))
            .collect();
        trail.after["results"] = json!(results);
        trail.after["recalled"] = json!(report.results.iter().map(|r| r.recalled).sum::<u32>());
        trail.after["kept"] = json!(report.results.iter().map(|r| r.kept).sum::<u32>());
        result?;
        if request.notify {
            match self.notify(&caller, requester.as_ref(), &message_id, &report).await {
                Ok(()) => report.notified = true,
                Err(e) => tracing::warn!(error = %e, requester = %caller.account, "recall report not delivered"),
            }
        }
        trail.after["notified"] = json!(report.notified);
        Ok(report)
    }

    async fn recall_each(
        &self,
        mailboxes: &[(String, String)],
        query: &MailQuery,
        force: bool,
        senders: Option<&BTreeSet<String>>,
        report: &mut RecallReport,
    ) -> Result<()> {
        for (asked, address) in mailboxes {
            let hits = match self.backend().search(address, None, query).await {
                Ok(hits) => exact(query, hits),
                Err(Error::NotFound { .. }) => Vec::new(),
                Err(e) => return Err(e),
            };
            let hits: Vec<MessageHit> = match senders {
                Some(own) => {
                    hits.into_iter().filter(|h| header_addresses(&h.from).iter().any(|a| own.contains(a))).collect()
                }
                None => hits,
            };
            let (kept, remove): (Vec<MessageHit>, Vec<MessageHit>) =
                hits.into_iter().partition(|hit| hit.seen() && !force);
            let owner = remove.first().map(|h| h.owner.clone());
            for ((_, guid), uids) in by_folder(&remove) {
                self.backend().expunge(owner.as_deref().unwrap_or(address), &guid, &uids).await?;
            }
            let outcome = if !kept.is_empty() {
                RecallOutcome::ReadKept
            } else if !remove.is_empty() {
                RecallOutcome::Recalled
            } else {
                RecallOutcome::NotFound
            };
            report.results.push(RecallResult {
                mailbox: asked.clone(),
                outcome,
                recalled: remove.len() as u32,
                kept: kept.len() as u32,
            });
        }
        Ok(())
    }

    /// Stores the recall report in the requester's INBOX.
    async fn notify(
        &self,
        caller: &Caller,
        requester: Option<&User>,
        message_id: &str,
        report: &RecallReport,
    ) -> Result<()> {
        let russian = requester.is_some_and(|u| u.lang.starts_with("ru"));
        let message = recall_report(&caller.account, message_id, report, russian, domain::now());
        let inbox = MailboxName::parse("INBOX").expect("INBOX is a folder name");
        self.backend().save(&caller.account, &inbox, message.as_bytes()).await
    }

    /// Grants rights on a folder and subscribes the grantee to it.
    pub async fn set_acl(
        &self,
        ctx: &RequestContext,
        owner: &str,
        mailbox: &str,
        grantee: &str,
        rights: &[MailboxRight],
    ) -> Result<MailboxAcl> {
        let mut trail = Trail::new(format!("mailbox:{}/{mailbox}", owner.trim().to_lowercase()));
        let result = self.do_set_acl(ctx, owner, mailbox, grantee, rights, &mut trail).await;
        self.record(ctx, SET_MAILBOX_ACL, trail, &result).await;
        result
    }

    async fn do_set_acl(
        &self,
        ctx: &RequestContext,
        owner: &str,
        mailbox: &str,
        grantee: &str,
        rights: &[MailboxRight],
        trail: &mut Trail,
    ) -> Result<MailboxAcl> {
        let caller = self.0.authenticate(ctx).await?;
        Self::require_admin(&caller)?;
        let mut v = Violations::new();
        let owner = check_owner(&mut v, "owner", owner);
        let mailbox = check_mailbox(&mut v, mailbox);
        let grantee = check_owner(&mut v, "grantee", grantee);
        if rights.is_empty() {
            v.required("rights");
        }
        if !owner.is_empty() && owner == grantee {
            v.invalid("grantee", "must not be the owner");
        }
        v.finish()?;
        let mailbox = mailbox.expect("checked");
        self.require_mailbox_of_tenant(&caller, &owner).await?;
        self.require_mailbox_of_tenant(&caller, &grantee).await?;
        trail.tenant_id = self.tenant_of(&caller, &owner).await?;
        let (owner, grantee) = (self.primary(&owner).await?, self.primary(&grantee).await?);
        if owner == grantee {
            return Err(Error::invalid("grantee", "is an address of the owner"));
        }
        let mut rights = rights.to_vec();
        rights.sort();
        rights.dedup();
        trail.target = format!("mailbox:{owner}/{mailbox}");
        trail.after = json!({
            "grantee": grantee,
            "rights": rights.iter().map(|r| r.name()).collect::<Vec<_>>(),
        });
        self.backend().set_acl(&owner, &mailbox, &acl_user_id(&grantee), &rights).await?;
        self.backend().subscribe(&grantee, &format!("shared/{owner}/{mailbox}")).await?;
        let entries = self.backend().get_acl(&owner, &mailbox).await?;
        Ok(MailboxAcl { owner, mailbox: mailbox.to_string(), entries })
    }

    /// The ACL of a folder.
    pub async fn get_acl(&self, ctx: &RequestContext, owner: &str, mailbox: &str) -> Result<MailboxAcl> {
        let caller = self.0.authenticate(ctx).await?;
        Self::require_admin(&caller)?;
        let mut v = Violations::new();
        let owner = check_owner(&mut v, "owner", owner);
        let mailbox = check_mailbox(&mut v, mailbox);
        v.finish()?;
        let mailbox = mailbox.expect("checked");
        self.require_mailbox_of_tenant(&caller, &owner).await?;
        let owner = self.primary(&owner).await?;
        let entries = self.backend().get_acl(&owner, &mailbox).await?;
        Ok(MailboxAcl { owner, mailbox: mailbox.to_string(), entries })
    }

    /// Removes a grantee's rights on a folder and unsubscribes them.
    pub async fn delete_acl(&self, ctx: &RequestContext, owner: &str, mailbox: &str, grantee: &str) -> Result<()> {
        let mut trail = Trail::new(format!("mailbox:{}/{mailbox}", owner.trim().to_lowercase()));
        let result = self.do_delete_acl(ctx, owner, mailbox, grantee, &mut trail).await;
        self.record(ctx, DELETE_MAILBOX_ACL, trail, &result).await;
        result
    }

    async fn do_delete_acl(
        &self,
        ctx: &RequestContext,
        owner: &str,
        mailbox: &str,
        grantee: &str,
        trail: &mut Trail,
    ) -> Result<()> {
        let caller = self.0.authenticate(ctx).await?;
        Self::require_admin(&caller)?;
        let mut v = Violations::new();
        let owner = check_owner(&mut v, "owner", owner);
        let mailbox = check_mailbox(&mut v, mailbox);
        let grantee = check_owner(&mut v, "grantee", grantee);
        v.finish()?;
        let mailbox = mailbox.expect("checked");
        self.require_mailbox_of_tenant(&caller, &owner).await?;
        self.require_mailbox_of_tenant(&caller, &grantee).await?;
        trail.tenant_id = self.tenant_of(&caller, &owner).await?;
        let (owner, grantee) = (self.primary(&owner).await?, self.primary(&grantee).await?);
        trail.target = format!("mailbox:{owner}/{mailbox}");
        let id = acl_user_id(&grantee);
        let entries = self.backend().get_acl(&owner, &mailbox).await?;
        let Some(entry) = entries.iter().find(|e| e.id == id) else {
            return Err(Error::not_found("mailbox ACL entry", format!("{id} on {owner}/{mailbox}")));
        };
        trail.after =
            json!({ "grantee": grantee, "removed_rights": entry.rights.iter().map(|r| r.name()).collect::<Vec<_>>() });
        self.backend().delete_acl(&owner, &mailbox, &id).await?;
        // Dovecot keeps a subscription to another user's INBOX under the
        // name it lists it by, `shared/<owner>`: unsubscribe both names.
        let mut names = vec![format!("shared/{owner}/{mailbox}")];
        if mailbox.as_str() == "INBOX" {
            names.push(format!("shared/{owner}"));
        }
        for name in names {
            if let Err(e) = self.backend().unsubscribe(&grantee, &name).await {
                tracing::warn!(error = %e, %grantee, "ACL removed but the grantee is still subscribed to the folder");
            }
        }
        Ok(())
    }

    /// Quota usage and limits of a mailbox.
    pub async fn quota(&self, ctx: &RequestContext, owner: &str) -> Result<(String, MailboxQuota)> {
        let caller = self.0.authenticate(ctx).await?;
        let mut v = Violations::new();
        let owner = check_owner(&mut v, "owner", owner);
        if caller.role == Role::User {
            // Users read their own quota only (before anything else is said).
            if owner != caller.account {
                return Err(Error::PermissionDenied);
            }
        }
        v.finish()?;
        self.require_mailbox_of_tenant(&caller, &owner).await?;
        let quota = self.backend().quota(&owner).await?;
        Ok((owner, quota))
    }
}

/// `1,2,5` for messages.
fn uid_list(uids: &[u32]) -> String {
    let shown: Vec<String> = uids.iter().take(10).map(ToString::to_string).collect();
    let more = if uids.len() > 10 { ",…" } else { "" };
    format!("UID {}{more}", shown.join(","))
}

/// A header value as one RFC 2047 encoded word when it is not ASCII.
fn encoded_header(text: &str) -> String {
    use base64::Engine as _;
    if text.is_ascii() {
        text.to_owned()
    } else {
        format!("=?UTF-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(text))
    }
}

/// The report of a recall as an RFC 5322 message (CRLF line ends, UTF-8).
pub fn recall_report(
    requester: &str,
    message_id: &str,
    report: &RecallReport,
    russian: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let (subject, intro, words) = if russian {
        (
            format!("Отзыв письма {message_id}"),
            format!("Результат отзыва письма {message_id}:"),
            ["отозвано", "прочитано, оставлено", "не найдено"],
        )
    } else {
        (
            format!("Recall of message {message_id}"),
            format!("Result of recalling message {message_id}:"),
            ["recalled", "already read, kept", "not found"],
        )
    };
    let domain = domain_of(requester);
    let mut body = format!("{intro}\r\n\r\n");
    for result in &report.results {
        let word = match result.outcome {
            RecallOutcome::Recalled => words[0],
            RecallOutcome::ReadKept => words[1],
            RecallOutcome::NotFound => words[2],
        };
        body.push_str(&format!("{}: {word}\r\n", result.mailbox));
    }
    let unique: u64 = rand::random();
    format!(
        "From: Mail recall <postmaster@{domain}>\r\n\
         To: <{requester}>\r\n\
         Subject: {}\r\n\
         Date: {}\r\n\
         Message-ID: <recall-{unique:016x}@{domain}>\r\n\
         Auto-Submitted: auto-generated\r\n\
         X-Pbm-Recalled-Message-Id: {message_id}\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n{body}",
        encoded_header(&subject),
        now.to_rfc2822(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_are_checked() {
        let ok = MessageSearch {
            owners: OwnersInput::User("Bob@Acme.Test".into()),
            mailbox: "inbox".into(),
            query: MailQuery { message_id: Some("abc@x".into()), ..Default::default() },
        };
        let (owners, mailbox, query) = check_search(&ok).unwrap();
        assert_eq!(owners, Owners::User("bob@acme.test".into()));
        assert_eq!(mailbox.unwrap().as_str(), "INBOX");
        assert_eq!(query.message_id.as_deref(), Some("<abc@x>"));
        let bad =
            MessageSearch { owners: OwnersInput::Mask("*@a b".into()), mailbox: "../x".into(), ..Default::default() };
        let Err(Error::InvalidArgument(violations)) = check_search(&bad) else { panic!("accepted") };
        let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["owners.user_mask", "mailbox", "query"]);
        let Err(Error::InvalidArgument(violations)) = check_search(&MessageSearch::default()) else { panic!() };
        assert_eq!(violations[0].field, "owners");
    }

    #[test]
    fn reports_are_mail_messages() {
        let report = RecallReport {
            results: vec![
                RecallResult { mailbox: "a@x.test".into(), outcome: RecallOutcome::Recalled, recalled: 1, kept: 0 },
                RecallResult { mailbox: "b@x.test".into(), outcome: RecallOutcome::ReadKept, recalled: 0, kept: 1 },
            ],
            notified: false,
        };
        let text = recall_report("me@x.test", "<id@x>", &report, false, domain::now());
        assert!(text.contains("Subject: Recall of message <id@x>\r\n"));
        assert!(text.contains(
            "\r\n\r\nResult of recalling message <id@x>:\r\n\r\na@x.test: recalled\r\nb@x.test: already read, kept\r\n"
        ));
        let russian = recall_report("me@x.test", "<id@x>", &report, true, domain::now());
        let subject = russian.lines().find(|l| l.starts_with("Subject: ")).unwrap();
        assert_eq!(domain::mail::decode_mime_words(&subject[9..]), "Отзыв письма <id@x>");
    }
}
