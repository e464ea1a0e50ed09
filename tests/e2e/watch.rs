//! WatchDirectory end to end (README "Change feed"): a list, or a
//! StreamUsers, and then a watch from its `pbm-revision` miss nothing, events come in revision
//! order with their objects, a watch resumes exactly where it stopped,
//! tenants are walls for watchers, a revision the log no longer keeps asks
//! for a resync, a watcher that stops reading is ended with the revision to
//! resume from, bad requests are refused field by field, and grpc-web
//! streams the same events. Runs on the store `PBM_TEST_STORE` selects.

use std::collections::BTreeSet;
use std::time::Duration;

use pbm::pb::{self, DirectoryEvent, ObjectKind, directory_event::Type, watch_service_client::WatchServiceClient};
use prost::Message as _;
use tonic::{Code, Status, Streaming, transport::Channel};

use crate::common::{
    TestServer, authed, expect_code,
    fixtures::{Tenant, new_user},
    violations,
};

/// The `pbm-revision` header of a response.
fn revision_of<T>(response: &tonic::Response<T>) -> i64 {
    let value = response.metadata().get("pbm-revision").expect("every response carries pbm-revision");
    value.to_str().unwrap().parse().expect("a revision")
}

async fn watch(
    channel: Channel,
    token: &str,
    request: pb::WatchDirectoryRequest,
) -> Result<Streaming<DirectoryEvent>, Status> {
    let mut client = WatchServiceClient::new(channel);
    client.watch_directory(authed(token, request)).await.map(tonic::Response::into_inner)
}

/// The next event, bookmarks included (within 10 s: bookmarks come every 5 s).
async fn next_event(stream: &mut Streaming<DirectoryEvent>) -> DirectoryEvent {
    tokio::time::timeout(Duration::from_secs(10), stream.message())
        .await
        .expect("an event within 10 s")
        .expect("the watch goes on")
        .expect("the stream is open")
}

/// The next event that is not a bookmark.
async fn next_change(stream: &mut Streaming<DirectoryEvent>) -> DirectoryEvent {
    loop {
        let event = next_event(stream).await;
        if event.r#type() != Type::Bookmark {
            return event;
        }
    }
}

/// The revision `ListUsers` of `tenant` answers with.
async fn listed_revision(server: &TestServer, token: &str, tenant: &str) -> i64 {
    let request = pb::ListUsersRequest { tenant_id: tenant.into(), ..Default::default() };
    revision_of(&server.users().list_users(authed(token, request)).await.unwrap())
}

async fn create_user(server: &TestServer, token: &str, tenant: &str, mail: &str) -> pb::User {
    let user = new_user(tenant, mail, "Reader01", pb::Role::User);
    server.users().create_user(authed(token, pb::CreateUserRequest { user: Some(user) })).await.unwrap().into_inner()
}

async fn set_title(server: &TestServer, token: &str, tenant: &str, mail: &str, title: &str) {
    let user = pb::User { tenant_id: tenant.into(), mail: mail.into(), title: title.into(), ..Default::default() };
    let mask = prost_types::FieldMask { paths: vec!["title".into()] };
    let request = pb::UpdateUserRequest { user: Some(user), update_mask: Some(mask), ..Default::default() };
    server.users().update_user(authed(token, request)).await.unwrap();
}

fn watch_from(since_revision: i64, tenant: &str) -> pb::WatchDirectoryRequest {
    pb::WatchDirectoryRequest { since_revision, tenant_id: tenant.into(), kinds: vec![] }
}

#[tokio::test]
async fn a_list_then_a_watch_misses_nothing_and_comes_in_order() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let acme = Tenant::create(&server, &token, "acme").await;
    let listed = listed_revision(&server, &token, "acme").await;
    assert!(listed > 0, "the tenant's creation has a revision");
    let mut events = watch(server.channel(), &token, watch_from(listed, "acme")).await.unwrap();

    let created = create_user(&server, &token, "acme", "ivan@acme.test").await;
    let added = next_change(&mut events).await;
    assert_eq!((added.r#type(), added.kind(), added.name.as_str()), (Type::Added, ObjectKind::User, "ivan@acme.test"));
    assert_eq!(added.tenant_id, "acme");
    assert!(added.revision > listed);
    assert!(added.commit_time.is_some());
    match added.object {
        Some(pb::directory_event::Object::User(user)) => {
            assert_eq!(user.mail, created.mail);
            assert!(user.password.is_empty(), "no secret in an event");
        }
        other => panic!("a user object, got {other:?}"),
    }

    // The replica that made a change reads it at once, cache or not.
    set_title(&server, &token, "acme", "ivan@acme.test", "Engineer").await;
    let get = pb::GetUserRequest { tenant_id: "acme".into(), mail: "ivan@acme.test".into() };
    assert_eq!(server.users().get_user(authed(&token, get.clone())).await.unwrap().into_inner().title, "Engineer");
    let modified = next_change(&mut events).await;
    assert_eq!(modified.r#type(), Type::Modified);
    assert!(modified.revision > added.revision, "revision order");
    let Some(pb::directory_event::Object::User(user)) = modified.object else { panic!("a user object") };
    assert_eq!(user.title, "Engineer");

    let domain = pb::MailDomain { tenant_id: "acme".into(), name: "mail.acme.test".into(), ..Default::default() };
    server
        .domains()
        .create_mail_domain(authed(&token, pb::CreateMailDomainRequest { domain: Some(domain) }))
        .await
        .unwrap();
    let domain_added = next_change(&mut events).await;
    assert_eq!((domain_added.r#type(), domain_added.kind()), (Type::Added, ObjectKind::MailDomain));
    assert_eq!(domain_added.name, "mail.acme.test");
    assert!(domain_added.revision > modified.revision);
    // The tenant lists its domains: it changed too, in the same commit.
    let tenant_modified = next_change(&mut events).await;
    assert_eq!((tenant_modified.r#type(), tenant_modified.kind()), (Type::Modified, ObjectKind::Tenant));
    let Some(pb::directory_event::Object::Tenant(tenant)) = tenant_modified.object else { panic!("a tenant") };
    assert!(tenant.domains.iter().any(|d| d == "mail.acme.test"), "{:?}", tenant.domains);

    // A deletion is a tombstone: kind, tenant and name, no object.
    let delete = pb::DeleteUserRequest { tenant_id: "acme".into(), mail: "ivan@acme.test".into() };
    server.users().delete_user(authed(&token, delete)).await.unwrap();
    let deleted = next_change(&mut events).await;
    assert_eq!(
        (deleted.r#type(), deleted.kind(), deleted.name.as_str()),
        (Type::Deleted, ObjectKind::User, "ivan@acme.test")
    );
    assert!(deleted.object.is_none());
    expect_code(server.users().get_user(authed(&token, get)).await, Code::NotFound);

    // A list answered after the changes carries a revision at least theirs.
    assert!(listed_revision(&server, &acme.admin_token, "acme").await >= deleted.revision);
}

/// The users of acme (one page) and the revision the list answered with.
async fn listed_users(server: &TestServer, token: &str) -> (BTreeSet<String>, i64) {
    let request = pb::ListUsersRequest { tenant_id: "acme".into(), page_size: 1000, ..Default::default() };
    let response = server.users().list_users(authed(token, request)).await.unwrap();
    let revision = revision_of(&response);
    (response.into_inner().users.into_iter().map(|u| u.mail).collect(), revision)
}

/// Acme's users listed once the writer has committed after `revision` (at
/// least 50 ms later; at most 10 s on a loaded machine).
async fn listed_after(server: &TestServer, token: &str, revision: i64) -> (BTreeSet<String>, i64) {
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let (listed, listed_at) = listed_users(server, token).await;
        if listed_at > revision {
            return (listed, listed_at);
        }
    }
    listed_users(server, token).await
}

/// The users a watch of acme from `since` adds up to revision `until`
/// (read until an event or bookmark at or past it), in order.
async fn added_until(server: &TestServer, token: &str, since: i64, until: i64) -> Vec<String> {
    let mut events = watch(server.channel(), token, watch_from(since, "acme")).await.unwrap();
    let mut added = Vec::new();
    loop {
        let event = next_event(&mut events).await;
        if event.revision <= until && event.r#type() == Type::Added && event.kind() == ObjectKind::User {
            added.push(event.name);
        }
        if event.revision >= until {
            return added;
        }
    }
}

/// A writer adding users to acme (`{prefix}{i}@acme.test`) until stopped,
/// `pace` between two creations.
struct Writer {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Writer {
    fn start(server: &TestServer, token: &str, prefix: &str, pace: Duration) -> Self {
        let (mut users, token, prefix) = (server.users(), token.to_owned(), prefix.to_owned());
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let task = tokio::spawn(async move {
            for i in 0.. {
                if stopped.load(std::sync::atomic::Ordering::SeqCst) {
                    return;
                }
                let user = new_user("acme", &format!("{prefix}{i}@acme.test"), "Reader01", pb::Role::User);
                if users.create_user(authed(&token, pb::CreateUserRequest { user: Some(user) })).await.is_err() {
                    return;
                }
                if !pace.is_zero() {
                    tokio::time::sleep(pace).await;
                }
            }
        });
        Self { stop, task }
    }

    /// Stops the writer between two creations, never in the middle of one
    /// (a creation cancelled half-way could leave its LDAP intent open
    /// until its recovery, and the tenant's lists at the follower position).
    async fn stop(self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        self.task.await.unwrap();
    }
}

#[tokio::test]
async fn a_list_read_while_users_are_added_and_a_watch_from_its_revision_neither_miss_nor_repeat_one() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    Tenant::create(&server, &token, "acme").await;
    // A writer adds users the whole time.
    let writer = Writer::start(&server, &token, "w", Duration::ZERO);
    for round in 0..12 {
        tokio::time::sleep(Duration::from_millis(30)).await;
        let (listed, listed_at) = listed_users(&server, &token).await;
        let (later, later_at) = listed_after(&server, &token, listed_at).await;
        assert!(later_at > listed_at, "round {round}: the writer committed in between");
        let added = added_until(&server, &token, listed_at, later_at).await;
        // On LDAP too: the writer writes through this replica, whose writes
        // wait for a list's last attempt (store::snapshot).
        let twice: Vec<&String> = added.iter().filter(|mail| listed.contains(*mail)).collect();
        assert!(twice.is_empty(), "round {round}: listed at {listed_at} and sent again by the watch: {twice:?}");
        let mirrored: BTreeSet<String> = listed.iter().chain(&added).cloned().collect();
        assert_eq!(
            mirrored, later,
            "round {round}: the list at {listed_at} and the watch to {later_at} make the list at {later_at}"
        );
    }
    writer.stop().await;
}

/// The users StreamUsers of acme sends, the revision its headers answer,
/// and the one its trailer tells (the revision all its users were read at,
/// when there is one).
async fn streamed_users(server: &TestServer, token: &str) -> (BTreeSet<String>, i64, Option<i64>) {
    let request = pb::StreamUsersRequest { tenant_id: "acme".into() };
    let response = server.users().stream_users(authed(token, request)).await.unwrap();
    let revision = revision_of(&response);
    let mut stream = response.into_inner();
    let mut users = BTreeSet::new();
    while let Some(user) = stream.message().await.expect("the stream ends whole") {
        users.insert(user.mail);
    }
    let trailers = stream.trailers().await.expect("the trailers are read").unwrap_or_default();
    let read_at = trailers.get("pbm-revision").map(|value| value.to_str().unwrap().parse().expect("a revision"));
    (users, revision, read_at)
}

#[tokio::test]
async fn a_stream_read_while_users_are_added_and_a_watch_from_its_revision_miss_none_and_repeat_none() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    Tenant::create(&server, &token, "acme").await;
    // Fewer than the 1,000 users a list page holds in all.
    let writer = Writer::start(&server, &token, "s", Duration::from_millis(5));
    // On SQL the stream is read in one snapshot, on LDAP acme (a small
    // tenant) is read whole like a list before its first user is sent:
    // headers and trailer answer the one revision the users were read at.
    for round in 0..12 {
        tokio::time::sleep(Duration::from_millis(30)).await;
        let (streamed, headers_at, trailer_at) = streamed_users(&server, &token).await;
        assert_eq!(trailer_at, Some(headers_at), "round {round}: read at one revision, told twice");
        let streamed_at = headers_at;
        let (later, later_at) = listed_after(&server, &token, streamed_at).await;
        assert!(later_at > streamed_at, "round {round}: the writer committed in between");
        let added = added_until(&server, &token, streamed_at, later_at).await;
        let twice: Vec<&String> = added.iter().filter(|mail| streamed.contains(*mail)).collect();
        assert!(twice.is_empty(), "round {round}: streamed at {streamed_at} and sent again by the watch: {twice:?}");
        let mirrored: BTreeSet<String> = streamed.iter().chain(&added).cloned().collect();
        assert_eq!(
            mirrored, later,
            "round {round}: the stream at {streamed_at} and the watch to {later_at} make the list at {later_at}"
        );
    }
    writer.stop().await;
    // Quiet now: the trailer tells the revision on every store.
    let (streamed, _, trailer_at) = streamed_users(&server, &token).await;
    let (listed, listed_at) = listed_users(&server, &token).await;
    assert_eq!((streamed, trailer_at), (listed, Some(listed_at)), "a quiet tenant's stream, and its list");
}

#[tokio::test]
async fn a_watch_resumes_exactly_where_it_stopped() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let start = listed_revision(&server, &token, "default").await;
    for n in 0..5 {
        create_user(&server, &token, "default", &format!("resume{n}@example.com")).await;
    }
    let mut first = watch(server.channel(), &token, watch_from(start, "default")).await.unwrap();
    let seen: Vec<DirectoryEvent> = [next_change(&mut first).await, next_change(&mut first).await].into();
    drop(first);
    let mut resumed = watch(server.channel(), &token, watch_from(seen[1].revision, "default")).await.unwrap();
    let mut rest = Vec::new();
    for _ in 0..3 {
        rest.push(next_change(&mut resumed).await);
    }
    let names: Vec<&str> = seen.iter().chain(&rest).map(|e| e.name.as_str()).collect();
    let expected: Vec<String> = (0..5).map(|n| format!("resume{n}@example.com")).collect();
    assert_eq!(names, expected, "every change once, in order, across the resume");
    let revisions: Vec<i64> = seen.iter().chain(&rest).map(|e| e.revision).collect();
    assert!(revisions.windows(2).all(|w| w[0] < w[1]), "{revisions:?}");
}

#[tokio::test]
async fn tenants_are_walls_for_watchers_and_kinds_filter() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let acme = Tenant::create(&server, &token, "acme").await;
    let other = Tenant::create(&server, &token, "other").await;

    // An admin watching "every tenant" gets their own; the superadmin every tenant.
    let mut admin_watch = watch(server.channel(), &acme.admin_token, watch_from(0, "")).await.unwrap();
    let mut all = watch(server.channel(), &token, watch_from(0, "")).await.unwrap();
    let mut domains_only =
        pb::WatchDirectoryRequest { kinds: vec![ObjectKind::MailDomain as i32], ..watch_from(0, "") };
    domains_only.tenant_id = "acme".into();
    let mut domain_watch = watch(server.channel(), &token, domains_only).await.unwrap();
    for stream in [&mut admin_watch, &mut all, &mut domain_watch] {
        let first = stream.message().await.unwrap().unwrap();
        assert_eq!(first.r#type(), Type::Bookmark, "a watch from now on starts with a bookmark");
    }

    create_user(&server, &token, "other", "secret@other.test").await;
    create_user(&server, &token, "acme", "visible@acme.test").await;
    let domain = pb::MailDomain { tenant_id: "acme".into(), name: "two.acme.test".into(), ..Default::default() };
    server
        .domains()
        .create_mail_domain(authed(&token, pb::CreateMailDomainRequest { domain: Some(domain) }))
        .await
        .unwrap();

    let first = next_change(&mut admin_watch).await;
    assert_eq!((first.tenant_id.as_str(), first.name.as_str()), ("acme", "visible@acme.test"), "other's change unseen");
    let second = next_change(&mut admin_watch).await;
    assert_eq!(second.name, "two.acme.test");
    let names = [next_change(&mut all).await.name, next_change(&mut all).await.name];
    assert_eq!(names, ["secret@other.test", "visible@acme.test"]);
    let domain_event = next_change(&mut domain_watch).await;
    assert_eq!((domain_event.kind(), domain_event.name.as_str()), (ObjectKind::MailDomain, "two.acme.test"));

    // Another tenant's admin, and a user, are refused.
    expect_code(watch(server.channel(), &other.admin_token, watch_from(0, "acme")).await, Code::PermissionDenied);
    expect_code(watch(server.channel(), &acme.user_token, watch_from(0, "")).await, Code::PermissionDenied);
    // An unknown tenant is not found for a superadmin.
    expect_code(watch(server.channel(), &token, watch_from(0, "nosuch")).await, Code::NotFound);
}

/// A watch of a quiet tenant gets its bookmarks while another tenant is busy, and each
/// bookmark moves past the records its filter left out (so a resume from it is short, and
/// never older than the log keeps).
#[tokio::test]
async fn a_quiet_tenants_watch_gets_bookmarks_while_others_are_busy() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    Tenant::create(&server, &token, "quiet").await;
    Tenant::create(&server, &token, "busy").await;
    let mut quiet = watch(server.channel(), &token, watch_from(0, "quiet")).await.unwrap();
    let start = quiet.message().await.unwrap().unwrap();
    assert_eq!(start.r#type(), Type::Bookmark);

    // Writes to the busy tenant more often than a bookmark is due, until the quiet watch
    // gets one (at most 3 bookmark periods).
    let deadline = tokio::time::Instant::now() + 3 * pbm::service::watch::BOOKMARK_EVERY;
    let mut written = 0;
    let bookmark = loop {
        assert!(tokio::time::Instant::now() < deadline, "no bookmark while another tenant was busy");
        create_user(&server, &token, "busy", &format!("u{written}@busy.test")).await;
        written += 1;
        match tokio::time::timeout(Duration::from_millis(300), quiet.message()).await {
            Err(_) => continue,
            Ok(event) => {
                let event = event.unwrap().expect("the stream is open");
                assert_eq!(event.r#type(), Type::Bookmark, "nothing of the busy tenant: {event:?}");
                break event;
            }
        }
    };
    assert!(written > 1, "writes went on while the bookmark was due");
    assert!(bookmark.revision > start.revision, "the bookmark moved past the busy tenant's records: {bookmark:?}");
}

#[tokio::test]
async fn bad_watch_requests_are_refused_field_by_field() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let status = expect_code(watch(server.channel(), &token, watch_from(-1, "")).await, Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "since_revision");
    let ahead = listed_revision(&server, &token, "default").await + 1_000;
    let status = expect_code(watch(server.channel(), &token, watch_from(ahead, "")).await, Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "since_revision");
    let kinds = pb::WatchDirectoryRequest { kinds: vec![ObjectKind::User as i32, 0, 99], ..watch_from(0, "") };
    let status = expect_code(watch(server.channel(), &token, kinds).await, Code::InvalidArgument);
    let fields: Vec<String> = violations(&status).into_iter().map(|(field, _)| field).collect();
    assert_eq!(fields, ["kinds[1]", "kinds[2]"]);
    expect_code(watch(server.channel(), "not-a-token", watch_from(0, "")).await, Code::Unauthenticated);
}

#[tokio::test]
async fn a_tenant_deletion_is_one_event() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    Tenant::create(&server, &token, "gone").await;
    let mut events = watch(server.channel(), &token, watch_from(0, "")).await.unwrap();
    events.message().await.unwrap().unwrap();
    let delete = pb::DeleteTenantRequest { tenant_id: "gone".into(), force: true };
    server.tenants().delete_tenant(authed(&token, delete)).await.unwrap();
    let deleted = next_change(&mut events).await;
    assert_eq!((deleted.r#type(), deleted.kind(), deleted.name.as_str()), (Type::Deleted, ObjectKind::Tenant, "gone"));
    // Nothing else of the tenant follows: the next event is a later change.
    create_user(&server, &token, "default", "after@example.com").await;
    assert_eq!(next_change(&mut events).await.name, "after@example.com");
}

#[tokio::test]
async fn a_revision_the_log_no_longer_keeps_asks_for_a_resync() {
    let data_dir = tempfile::tempdir().unwrap();
    let config = crate::common::test_config(data_dir.path()).await;
    let server = TestServer::run(config.clone(), data_dir).await;
    let token = server.creator_token().await;
    let old = listed_revision(&server, &token, "default").await;
    create_user(&server, &token, "default", "first@example.com").await;
    create_user(&server, &token, "default", "second@example.com").await;
    let data_dir = server.stop().await;
    // What the background pruning does after the retention, at once.
    let app = pbm::server::build(&config).await.unwrap();
    let pruned = app.services.core().changes.prune_changes(pbm::domain::now() + chrono::Duration::hours(1), 10_000);
    assert!(pruned.await.unwrap() > 0);
    drop(app);
    let server = TestServer::run(config, data_dir).await;
    let token = server.creator_token().await;
    let status = expect_code(watch(server.channel(), &token, watch_from(old, "")).await, Code::FailedPrecondition);
    let info = tonic_types::StatusExt::get_details_error_info(&status).expect("ErrorInfo");
    assert_eq!(info.reason, "RESYNC_REQUIRED");
    let current: i64 = info.metadata["current_revision"].parse().unwrap();
    assert!(current > old);
    // From the current revision (a fresh list's) the watch goes on.
    let listed = listed_revision(&server, &token, "default").await;
    let mut events = watch(server.channel(), &token, watch_from(listed, "")).await.unwrap();
    create_user(&server, &token, "default", "third@example.com").await;
    assert_eq!(next_change(&mut events).await.name, "third@example.com");
}

#[tokio::test]
async fn a_watcher_that_stops_reading_is_ended_with_where_to_resume() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    // A small HTTP/2 window, so the server's buffers fill soon.
    let channel = Channel::from_shared(server.base.clone())
        .unwrap()
        .initial_stream_window_size(65_535)
        .initial_connection_window_size(65_535)
        .connect()
        .await
        .unwrap();
    let start = listed_revision(&server, &token, "default").await;
    create_user(&server, &token, "default", "busy@example.com").await;
    let mut slow = watch(channel, &token, watch_from(start, "default")).await.unwrap();
    // Many big events while the watcher reads nothing.
    let long = "x".repeat(200);
    for n in 0..1_500 {
        set_title(&server, &token, "default", "busy@example.com", &format!("{n}{long}")).await;
    }
    tokio::time::sleep(pbm::service::watch::SLOW_WATCHER + Duration::from_secs(2)).await;
    // What was buffered still arrives, then the end.
    let mut received = 0;
    let mut last = start;
    let status = loop {
        match tokio::time::timeout(Duration::from_secs(10), slow.message()).await.expect("no hang") {
            Ok(Some(event)) => {
                received += 1;
                last = event.revision;
            }
            Ok(None) => panic!("the watch ended without an error after {received} events"),
            Err(status) => break status,
        }
    };
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    let info = tonic_types::StatusExt::get_details_error_info(&status).expect("ErrorInfo");
    assert_eq!(info.reason, "WATCHER_TOO_SLOW");
    let resume_from: i64 = info.metadata["resume_from"].parse().unwrap();
    assert!(received < 1_501, "the watcher was ended before the end of the changes");
    assert!(resume_from >= last, "resume_from {resume_from} covers what was received ({last})");
    // Resuming from there loses nothing: the rest comes, up to the last title.
    let mut resumed = watch(server.channel(), &token, watch_from(resume_from, "default")).await.unwrap();
    let last_title = format!("1499{long}");
    loop {
        let event = next_change(&mut resumed).await;
        if let Some(pb::directory_event::Object::User(user)) = event.object
            && user.title == last_title
        {
            break;
        }
    }
}

#[tokio::test]
async fn grpc_web_streams_the_same_events() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let request = watch_from(0, "");
    let payload = request.encode_to_vec();
    let mut frame = vec![0u8];
    frame.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    frame.extend_from_slice(&payload);
    let mut response = server
        .http
        .post(server.url("/pbm.v2.WatchService/WatchDirectory"))
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .header("origin", "https://admin.example.com")
        .header("authorization", format!("Bearer {token}"))
        .body(frame)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let exposed = response.headers()["access-control-expose-headers"].to_str().unwrap().to_owned();
    assert!(exposed.contains("pbm-revision"), "{exposed}");
    let revision: i64 = response.headers()["pbm-revision"].to_str().unwrap().parse().unwrap();
    // The first frame is the bookmark of the revision the watch starts at.
    let mut body = Vec::new();
    while body.len() < 5 || body.len() < 5 + u32::from_be_bytes(body[1..5].try_into().unwrap()) as usize {
        let chunk = tokio::time::timeout(Duration::from_secs(10), response.chunk()).await.unwrap().unwrap();
        body.extend_from_slice(&chunk.expect("the stream is open"));
    }
    let len = u32::from_be_bytes(body[1..5].try_into().unwrap()) as usize;
    let event = DirectoryEvent::decode(&body[5..5 + len]).unwrap();
    assert_eq!(event.r#type(), Type::Bookmark);
    assert!(event.revision >= revision);
}

/// A TCP proxy in front of a server that can cut every connection and
/// refuse new ones (an outage), then let them through again.
struct Proxy {
    addr: std::net::SocketAddr,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
    links: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl Proxy {
    async fn start(upstream: String) -> Self {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let open = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let links = std::sync::Arc::new(std::sync::Mutex::new(Vec::<tokio::task::AbortHandle>::new()));
        let (open_, links_) = (open.clone(), links.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !open_.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused at once
                }
                let upstream = upstream.clone();
                let link = tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                links_.lock().unwrap().push(link.abort_handle());
            }
        });
        Self { addr, open, links, accept }
    }

    fn cut(&self) {
        self.open.store(false, std::sync::atomic::Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

/// PostgreSQL unreachable (every connection cut, new ones refused, as a network partition
/// does): watches end with UNAVAILABLE (their clients resume elsewhere or later); when it is
/// back, a watch from the last revision received loses nothing.
#[tokio::test]
async fn a_store_outage_ends_watches_unavailable_and_they_resume() {
    let Some(database) = crate::common::fresh_postgres_database().await else { return };
    let port = crate::common::test_server_var("PBM_TEST_PG_PORT").unwrap_or_else(|| "5432".into());
    let proxy = Proxy::start(format!("127.0.0.1:{port}")).await;
    let store = database.replacen(&format!("127.0.0.1:{port}"), &proxy.addr.to_string(), 1);
    assert_ne!(store, database, "the store goes through the proxy");
    watches_outlive(store, async { proxy.cut() }, async { proxy.restore() }).await;
}

/// PostgreSQL itself stopped (`pg_ctl stop -m fast`: it ends its connections and refuses new
/// ones) and started again: the same as a cut network, on a cluster of the test's own.
#[tokio::test]
async fn a_postgresql_stopped_and_started_ends_watches_unavailable_and_they_resume() {
    let Some(postgres) = crate::common::servers::PrivatePostgres::start().await else { return };
    watches_outlive(postgres.url(), postgres.stop(), postgres.start_again()).await;
}

/// A watch on a pbm over `store` through `outage`: it ends with UNAVAILABLE; after `recovery`
/// writes work again, a watch from the last revision received gets what was written since, and
/// the first point read of a user not cached (on a connection kept for point reads, which the
/// outage broke) answers at once.
async fn watches_outlive(store: String, outage: impl Future<Output = ()>, recovery: impl Future<Output = ()>) {
    let server = TestServer::start_with(crate::common::Options { store: Some(store), ..Default::default() }).await;
    let token = server.creator_token().await;
    let get_user = |mail: &str| {
        let request = pb::GetUserRequest { tenant_id: "default".into(), mail: mail.into() };
        let (mut users, request) = (server.users(), authed(&token, request));
        async move { users.get_user(request).await }
    };
    for mail in ["read-before@example.com", "read-after@example.com"] {
        let user = new_user("default", mail, "Reader01", pb::Role::User);
        server.users().create_user(authed(&token, pb::CreateUserRequest { user: Some(user) })).await.unwrap();
    }
    get_user("read-before@example.com").await.expect("a point read before the outage");
    let mut events = watch(server.channel(), &token, watch_from(0, "")).await.unwrap();
    let bookmark = events.message().await.unwrap().unwrap();
    assert_eq!(bookmark.r#type(), Type::Bookmark);

    outage.await;
    let status = loop {
        match tokio::time::timeout(Duration::from_secs(30), events.message()).await.expect("ended within 30 s") {
            Ok(Some(event)) => assert_eq!(event.r#type(), Type::Bookmark, "no change during the outage"),
            Ok(None) => panic!("the watch ended without a status"),
            Err(status) => break status,
        }
    };
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");

    recovery.await;
    // Back: writes work again (the pool reconnects), and a watch from the
    // last revision received gets what was written since.
    let mut created = None;
    for _ in 0..100 {
        let user = new_user("default", "back@example.com", "Reader01", pb::Role::User);
        match server.users().create_user(authed(&token, pb::CreateUserRequest { user: Some(user) })).await {
            Ok(user) => {
                created = Some(user.into_inner());
                break;
            }
            Err(status) if status.code() == Code::Unavailable => tokio::time::sleep(Duration::from_millis(100)).await,
            Err(status) => panic!("{status:?}"),
        }
    }
    assert!(created.is_some(), "the store is reachable again within 10 s");
    let after = get_user("read-after@example.com").await.expect("the first point read after the outage");
    assert_eq!(after.into_inner().mail, "read-after@example.com");
    let mut resumed = loop {
        match watch(server.channel(), &token, watch_from(bookmark.revision, "")).await {
            Ok(stream) => break stream,
            Err(status) if status.code() == Code::Unavailable => tokio::time::sleep(Duration::from_millis(100)).await,
            Err(status) => panic!("{status:?}"),
        }
    };
    assert_eq!(next_change(&mut resumed).await.name, "back@example.com");
}

/// How `stream` ends (within 10 s), passing over the events before.
async fn end_of(stream: &mut Streaming<DirectoryEvent>) -> Status {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.message()).await.expect("the end within 10 s") {
            Ok(Some(_)) => continue,
            Ok(None) => panic!("the stream ended without a status"),
            Err(status) => return status,
        }
    }
}

/// A watch lives as long as the credential that opened it (issue 17): a
/// revoked key ends the key's watch with UNAUTHENTICATED, a logout ends the
/// session's with `SESSION_ENDED`, and the other watches go on.
#[tokio::test]
async fn a_watch_ends_when_its_key_is_revoked_or_its_session_ends() {
    use crate::service_accounts::{account, accounts, key};
    use tonic_types::StatusExt as _;
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let acme = Tenant::create(&server, &token, "acme").await;
    account(&server, &acme.admin_token, "acme", "feed", &["directory.read"]).await;
    let (feed_key, feed_key_id) = key(&server, &acme.admin_token, "acme", "feed").await;

    let mut key_watch = watch(server.channel(), &feed_key, watch_from(0, "acme")).await.unwrap();
    let mut admin_watch = watch(server.channel(), &acme.admin_token, watch_from(0, "acme")).await.unwrap();
    let mut creator_watch = watch(server.channel(), &token, watch_from(0, "")).await.unwrap();
    for stream in [&mut key_watch, &mut admin_watch, &mut creator_watch] {
        assert_eq!(stream.message().await.unwrap().unwrap().r#type(), Type::Bookmark);
    }

    let revoke = pb::RevokeApiKeyRequest { tenant_id: "acme".into(), service_account: "feed".into(), id: feed_key_id };
    accounts(&server).revoke_api_key(authed(&acme.admin_token, revoke)).await.unwrap();
    let ended = end_of(&mut key_watch).await;
    assert_eq!(ended.code(), Code::Unauthenticated, "{ended:?}");

    // The key's revocation is not the admin's: their watch goes on until they log out.
    create_user(&server, &token, "acme", "first@acme.test").await;
    assert_eq!(next_change(&mut admin_watch).await.name, "first@acme.test");
    server.auth().logout(authed(&acme.admin_token, pb::LogoutRequest {})).await.unwrap();
    let ended = end_of(&mut admin_watch).await;
    assert_eq!(ended.code(), Code::Unauthenticated, "{ended:?}");
    assert_eq!(ended.get_details_error_info().map(|info| info.reason).as_deref(), Some("SESSION_ENDED"));

    // Everybody else's watch goes on.
    create_user(&server, &token, "acme", "second@acme.test").await;
    let names = [next_change(&mut creator_watch).await.name, next_change(&mut creator_watch).await.name];
    assert_eq!(names, ["first@acme.test", "second@acme.test"]);
}
