//! WatchDirectory: the directory's changes, in revision order, from a
//! revision on (README "Change feed").
//!
//! A watch first reads the records it missed from the change log in the
//! store, then follows this replica's [`ChangeFeed`]; when it falls behind
//! the feed's ring it reads from the store again, so a slow watcher costs
//! store reads, never memory. Each event carries the object as it is when
//! the event is read (the log holds keys): an object changed twice is sent
//! twice in its latest state, and an event of an object gone since is left
//! out — its deletion follows. Deleted objects come as tombstones (kind and
//! name). A tenant's deletion is one event: what the tenant held went with
//! it. A watch that has been sent nothing for [`BOOKMARK_EVERY`] gets a
//! bookmark (the revision it has reached, past the records its filter left
//! out): the clock is the watcher's own, so a watch of a quiet tenant gets
//! its bookmarks while other tenants are busy.
//!
//! Access: a superadmin watches every tenant (and the installation-wide web
//! domains) or one; a tenant admin their own tenant only; nobody else.
//! A watch lives as long as the credential that opened it, not as long as
//! its access token: when the log says the caller's session ended (a
//! logout, every session of the account or the tenant ended), the stream
//! ends with UNAUTHENTICATED `SESSION ENDED`; when it says the caller's
//! service account changed, the key is checked again and a revoked,
//! deleted or narrowed key ends the stream with its error. Both reach every
//! replica's watches as fast as the log does (within a second). An access
//! token that merely expires does not end a watch opened with it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt as _, stream::BoxStream};
use tokio::sync::{broadcast, mpsc, oneshot};

use super::feed::{ChangeFeed, FeedEvent};
use super::{Caller, Core, RequestContext};
use crate::domain::{
    ChangeOp, ChangeRecord, MailDomain, MailList, ObjectKind, Resource, ResourceGroup, Role, Tenant, User, WebDomain,
};
use crate::error::{AuthFailure, Error, Result};

/// How often an idle watch gets a bookmark.
pub const BOOKMARK_EVERY: Duration = Duration::from_secs(5);
/// How long a watcher may leave its next event untaken (with its buffer
/// full) before it is ended with RESOURCE_EXHAUSTED.
pub const SLOW_WATCHER: Duration = Duration::from_secs(10);
/// Events buffered for one watcher.
const EVENT_BUFFER: usize = 256;
/// Records read from the store at once when catching up.
const CATCH_UP_BATCH: usize = 500;
/// Objects read at once for a batch of records.
const READS_IN_FLIGHT: usize = 16;

/// A directory object as a watcher receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectoryObject {
    /// A tenant.
    Tenant(Tenant),
    /// A mail domain.
    MailDomain(MailDomain),
    /// A live user.
    User(Box<User>),
    /// A resource group.
    ResourceGroup(ResourceGroup),
    /// A resource.
    Resource(Resource),
    /// A mailing list.
    MailList(MailList),
    /// A web domain.
    WebDomain(WebDomain),
    /// An external contact.
    Contact(crate::domain::Contact),
}

/// A change with its object, as the feed broadcasts it: one item shared
/// by every watch that passes it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The change.
    pub record: ChangeRecord,
    /// The object as read after the change; `None` for a deletion, a
    /// session record, or an object gone since.
    pub object: Option<DirectoryObject>,
}

/// What a watcher receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// A change of an object the watch covers (the feed's item itself,
    /// shared with the other watches).
    Change(Arc<FeedItem>),
    /// The watch has reached this revision.
    Bookmark(i64),
}

/// A WatchDirectory request.
#[derive(Debug, Clone, Default)]
pub struct WatchRequest {
    /// Events after this revision; 0: from now on (the first event is then a
    /// bookmark of the current revision).
    pub since_revision: i64,
    /// One tenant; empty: every tenant the caller may see.
    pub tenant_id: String,
    /// The kinds wanted; empty: every directory kind.
    pub kinds: Vec<ObjectKind>,
}

/// What one watch lets through.
#[derive(Debug, Clone)]
struct Filter {
    /// `None`: every tenant and the web domains.
    tenant: Option<String>,
    kinds: Vec<ObjectKind>,
}

impl Filter {
    fn covers(&self, record: &ChangeRecord) -> bool {
        let change = &record.change;
        change.kind.is_directory()
            && self.kinds.contains(&change.kind)
            && self.tenant.as_ref().is_none_or(|tenant| *tenant == change.tenant_id)
    }
}

/// WatchService.
#[derive(Clone)]
pub struct Watch(pub(crate) Arc<Core>);

impl Watch {
    /// Starts a watch: checks the caller's rights and the request, then
    /// streams its events until the caller goes, the store fails
    /// (UNAVAILABLE) or the caller stops taking events (RESOURCE_EXHAUSTED).
    pub async fn watch(
        &self,
        ctx: &RequestContext,
        request: WatchRequest,
    ) -> Result<BoxStream<'static, Result<WatchEvent>>> {
        let core = &self.0;
        let caller = core.authenticate(ctx).await?;
        let tenant = request.tenant_id.clone();
        let tenant = match caller.role {
            Role::Superadmin if tenant.is_empty() => None,
            Role::Superadmin => Some(core.existing_tenant(&tenant).await?.id),
            Role::Admin if tenant.is_empty() || tenant == caller.tenant_id => Some(caller.tenant_id.clone()),
            Role::Admin | Role::User => return Err(Error::PermissionDenied),
        };
        if request.since_revision < 0 {
            return Err(Error::invalid("since_revision", "must not be negative"));
        }
        if let Some(kind) = request.kinds.iter().find(|kind| !kind.is_directory()) {
            return Err(Error::invalid("kinds", format!("{kind} is not a directory kind")));
        }
        let kinds = if request.kinds.is_empty() { ObjectKind::DIRECTORY.to_vec() } else { request.kinds };
        // Subscribed before the store is read: nothing falls between the two.
        let live = core.feed.subscribe();
        let revisions = core.changes.revisions().await?;
        let since = request.since_revision;
        if since > revisions.latest {
            return Err(Error::invalid(
                "since_revision",
                format!("revision {since} is ahead of the latest revision {}", revisions.latest),
            ));
        }
        if since > 0 && since < revisions.pruned_through {
            return Err(Error::ResyncRequired { since, current: revisions.latest });
        }
        let (events, received) = mpsc::channel(EVENT_BUFFER);
        let (last_word, ending) = oneshot::channel();
        let watcher = Watcher {
            core: core.clone(),
            filter: Filter { tenant, kinds },
            events,
            position: since,
            bookmark_due: tokio::time::Instant::now() + BOOKMARK_EVERY,
            caller,
            ctx: ctx.clone(),
        };
        let start_now = (since == 0).then_some(revisions.latest);
        core.metrics.watchers.inc();
        let metrics = core.metrics.clone();
        tokio::spawn(async move {
            let end = watcher.run(start_now, live).await;
            metrics.watchers.dec();
            if let Err(e) = end {
                let _ = last_word.send(e);
            }
        });
        let ending = futures::stream::once(ending).filter_map(|end| async move { end.ok().map(Err) });
        let events = tokio_stream::wrappers::ReceiverStream::new(received).map(Ok).chain(ending);
        // Dropped at the drain: the watcher task sees its receiver go.
        Ok(core.drain.ends_when_draining(events))
    }
}

/// One watch's task.
struct Watcher {
    core: Arc<Core>,
    filter: Filter,
    events: mpsc::Sender<WatchEvent>,
    /// The last revision passed on (or skipped by the filter).
    position: i64,
    /// When the next bookmark is due unless something is sent before.
    bookmark_due: tokio::time::Instant,
    /// Who opened the watch, and with what: checked again when the log
    /// says their credential may have been revoked.
    caller: Caller,
    ctx: RequestContext,
}

/// Whether `record` may have revoked `caller`'s credential: the end of
/// their session (one, their account's, their tenant's), or a change of
/// their service account or its keys (the record names the account, or
/// none for all of a tenant's).
fn may_revoke(caller: &Caller, record: &ChangeRecord) -> bool {
    let change = &record.change;
    match (&caller.api_key, change.kind) {
        (None, ObjectKind::Session) => change.name == caller.session_id,
        (None, ObjectKind::AccountSessions) => change.name == caller.account,
        (_, ObjectKind::TenantSessions) => change.name == caller.tenant_id,
        (Some(_), ObjectKind::ServiceAccount) => change.tenant_id == caller.tenant_id,
        _ => false,
    }
}

/// How a watch ends.
enum End {
    /// The watcher went: nothing to tell.
    Gone,
    /// The stream ends with this error.
    Error(Error),
}

impl From<Error> for End {
    fn from(e: Error) -> Self {
        Self::Error(e)
    }
}

impl Watcher {
    /// Runs the watch; the error to end its stream with, if any.
    async fn run(mut self, start_now: Option<i64>, mut live: broadcast::Receiver<FeedEvent>) -> Result<()> {
        match self.follow(start_now, &mut live).await {
            End::Gone => Ok(()),
            End::Error(e) => Err(e),
        }
    }

    async fn follow(&mut self, start_now: Option<i64>, live: &mut broadcast::Receiver<FeedEvent>) -> End {
        match self.follow_until_end(start_now, live).await {
            Ok(never) => match never {},
            Err(end) => end,
        }
    }

    async fn follow_until_end(
        &mut self,
        start_now: Option<i64>,
        live: &mut broadcast::Receiver<FeedEvent>,
    ) -> std::result::Result<std::convert::Infallible, End> {
        if let Some(now) = start_now {
            self.position = now;
            self.send(WatchEvent::Bookmark(now)).await?;
        }
        let core = self.core.clone();
        let feed: &ChangeFeed = &core.feed;
        loop {
            // Behind the feed: the store has what the ring may not.
            while self.position < feed.applied() {
                // Only what this replica has applied: its caches are not yet cleared of the
                // objects later records changed, and an event read from them would carry the
                // object as it was before its own change.
                let applied = feed.applied();
                let mut records = core.changes.changes_after(self.position, CATCH_UP_BATCH).await?;
                if records.first().is_some_and(|first| first.revision > self.position + 1) {
                    // Pruned while this watch lagged.
                    return Err(Error::ResyncRequired { since: self.position, current: applied }.into());
                }
                records.retain(|record| record.revision <= applied);
                let Some(last) = records.last() else { break };
                let last = last.revision;
                if records.iter().any(|record| may_revoke(&self.caller, record)) {
                    self.check_credential().await?;
                }
                let covered = records.into_iter().filter(|r| self.filter.covers(r)).collect();
                for item in objects_of(&core, covered).await? {
                    self.pass_on(Arc::new(item)).await?;
                }
                // Records the filter left out move the position too.
                self.position = self.position.max(last);
            }
            let event = tokio::select! {
                event = live.recv() => event,
                () = tokio::time::sleep_until(self.bookmark_due) => {
                    self.send(WatchEvent::Bookmark(self.position)).await?;
                    continue;
                }
                () = self.events.closed() => return Err(End::Gone),
            };
            match event {
                Ok(FeedEvent::Records(items)) => {
                    let Some(first) = items.first() else { continue };
                    if first.record.revision > self.position + 1 {
                        continue; // a gap: read it from the store first
                    }
                    for item in items.iter() {
                        if item.record.revision <= self.position {
                            continue;
                        }
                        if may_revoke(&self.caller, &item.record) {
                            self.check_credential().await?;
                        }
                        if self.filter.covers(&item.record) {
                            self.pass_on(Arc::clone(item)).await?;
                        }
                        self.position = item.record.revision;
                    }
                }
                Ok(FeedEvent::Unavailable(what)) => return Err(Error::Unavailable(what).into()),
                Err(broadcast::error::RecvError::Lagged(_)) => {} // read from the store
                Err(broadcast::error::RecvError::Closed) => return Err(End::Gone),
            }
        }
    }

    /// Ends the watch when the caller's credential no longer holds: a
    /// session the log says ended is over; a key is authenticated again
    /// (this replica's caches already dropped what the log changed).
    async fn check_credential(&self) -> std::result::Result<(), End> {
        if self.caller.api_key.is_none() {
            return Err(Error::Unauthenticated(AuthFailure::SessionEnded).into());
        }
        match self.core.authenticate(&self.ctx).await {
            Ok(_) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Sends a change the filter covers (one whose object is gone since
    /// is left out: its deletion follows).
    async fn pass_on(&mut self, item: Arc<FeedItem>) -> std::result::Result<(), End> {
        let revision = item.record.revision;
        if item.record.change.op == ChangeOp::Deleted || item.object.is_some() {
            self.send(WatchEvent::Change(item)).await?;
        }
        self.position = self.position.max(revision);
        Ok(())
    }

    async fn send(&mut self, event: WatchEvent) -> std::result::Result<(), End> {
        match self.events.send_timeout(event, SLOW_WATCHER).await {
            Ok(()) => {
                self.bookmark_due = tokio::time::Instant::now() + BOOKMARK_EVERY;
                Ok(())
            }
            Err(mpsc::error::SendTimeoutError::Timeout(_)) => {
                Err(Error::WatcherTooSlow { resume_from: self.position }.into())
            }
            Err(mpsc::error::SendTimeoutError::Closed(_)) => Err(End::Gone),
        }
    }
}

/// The objects of `records` as they are now, in order. Session records and
/// deletions carry none. Users (most of a busy log: an import is one record
/// per user) are read in one store query per tenant and batch, the cached
/// ones not at all; the other kinds a few at a time.
pub async fn objects_of(core: &Arc<Core>, records: Vec<ChangeRecord>) -> Result<Vec<FeedItem>> {
    let users = changed_users(core, &records).await?;
    futures::stream::iter(records)
        .map(|record| {
            let user = (record.change.kind == ObjectKind::User)
                .then(|| users.get(&(record.change.tenant_id.clone(), record.change.name.clone())).cloned())
                .flatten();
            async move {
                let object = match user {
                    Some(user) => Some(DirectoryObject::User(Box::new(user))),
                    None if record.change.kind == ObjectKind::User => None,
                    None => object_of(core, &record).await?,
                };
                Ok(FeedItem { record, object })
            }
        })
        .buffered(READS_IN_FLIGHT)
        .collect::<Vec<Result<FeedItem>>>()
        .await
        .into_iter()
        .collect()
}

/// The live users that `records` added or modified, by tenant and address:
/// from this replica's cache where it has them, the others in one
/// [`UserStore::get_users`](crate::ports::UserStore::get_users) per tenant.
async fn changed_users(core: &Core, records: &[ChangeRecord]) -> Result<HashMap<(String, String), User>> {
    let mut missing: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut found = HashMap::new();
    for change in records.iter().map(|record| &record.change) {
        if change.kind != ObjectKind::User || change.op == ChangeOp::Deleted {
            continue;
        }
        let key = (change.tenant_id.clone(), change.name.clone());
        if found.contains_key(&key) {
            continue;
        }
        match core.caches.user(&change.tenant_id, &change.name) {
            Some(user) => {
                found.insert(key, Arc::unwrap_or_clone(user));
            }
            None => {
                missing.entry(&change.tenant_id).or_default().insert(&change.name);
            }
        }
    }
    for (tenant, mails) in missing {
        let mails: Vec<String> = mails.into_iter().map(str::to_owned).collect();
        for user in core.directory.get_users(tenant, &mails).await? {
            found.insert((user.tenant_id.clone(), user.mail.clone()), user);
        }
    }
    Ok(found)
}

async fn object_of(core: &Core, record: &ChangeRecord) -> Result<Option<DirectoryObject>> {
    let change = &record.change;
    if change.op == ChangeOp::Deleted || !change.kind.is_directory() {
        return Ok(None);
    }
    let dir = &core.directory;
    let (tenant, name) = (change.tenant_id.as_str(), change.name.as_str());
    Ok(match change.kind {
        ObjectKind::Tenant => dir.get_tenant(name).await?.map(DirectoryObject::Tenant),
        ObjectKind::MailDomain => {
            dir.get_mail_domain(name).await?.filter(|d| d.tenant_id == tenant).map(DirectoryObject::MailDomain)
        }
        ObjectKind::User => {
            core.live_user(tenant, name).await?.map(|u| DirectoryObject::User(Box::new(Arc::unwrap_or_clone(u))))
        }
        ObjectKind::ResourceGroup => dir.get_resource_group(tenant, name).await?.map(DirectoryObject::ResourceGroup),
        ObjectKind::Resource => dir.get_resource(tenant, name).await?.map(DirectoryObject::Resource),
        ObjectKind::MailList => dir.get_mail_list(tenant, name).await?.map(DirectoryObject::MailList),
        ObjectKind::WebDomain => dir.get_web_domain(name).await?.map(DirectoryObject::WebDomain),
        ObjectKind::Contact => dir.get_contact(tenant, name).await?.map(DirectoryObject::Contact),
        ObjectKind::Session | ObjectKind::AccountSessions | ObjectKind::TenantSessions | ObjectKind::ServiceAccount => {
            None
        }
    })
}
