//! The change log: every committed change of a directory object, and every
//! ended session, gets a revision on every backend — the same records for
//! the same writes, in commit order, with no gap — and the log is read back,
//! pruned and (for a directory outside SQL) recovered from its intents.

use chrono::Duration;
use pbm::domain::{
    ChangeOp, ChangeRecord, MailDomain, MailList, ObjectChange, ObjectKind, Resource, ResourceGroup, SessionCut,
};
use pbm::ports::{Session, StoredRefreshToken};
use pbm::store::Stores;
use rstest_reuse::apply;

use crate::backends::Backend;
use crate::every_backend;
use crate::fixtures::{any_event, now, tenant, user};

use ChangeOp::{Added, Deleted, Modified};
use ObjectKind::{MailDomain as Domain, MailList as List, Resource as Res, ResourceGroup as Group, Tenant, User};

/// Reads the log after `*at`: checks that the revisions follow each other
/// from `*at + 1`, moves `*at` to the last, and answers what changed
/// (sorted: a backend may record one change's objects in another order).
async fn changes(stores: &Stores, at: &mut i64) -> Vec<(ObjectKind, String, ChangeOp)> {
    let records: Vec<ChangeRecord> = stores.changes.changes_after(*at, 1000).await.unwrap();
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record.revision, *at + 1 + i as i64, "revisions follow each other: {records:?}");
    }
    if let Some(last) = records.last() {
        *at = last.revision;
    }
    assert_eq!(stores.changes.revisions().await.unwrap().latest, *at, "the latest revision is the last record's");
    let mut seen: Vec<_> = records.into_iter().map(|r| (r.change.kind, r.change.name, r.change.op)).collect();
    seen.sort_by(|a, b| (a.0, &a.1, a.2 as u8).cmp(&(b.0, &b.1, b.2 as u8)));
    seen
}

fn of(changes: &[(ObjectKind, &str, ChangeOp)]) -> Vec<(ObjectKind, String, ChangeOp)> {
    let mut expected: Vec<_> = changes.iter().map(|(k, n, o)| (*k, n.to_string(), *o)).collect();
    expected.sort_by(|a, b| (a.0, &a.1, a.2 as u8).cmp(&(b.0, &b.1, b.2 as u8)));
    expected
}

fn list(mail: &str, members: &[&str]) -> MailList {
    MailList {
        tenant_id: "acme".into(),
        mail: mail.into(),
        display_name: "List".into(),
        members: members.iter().map(|m| m.to_string()).collect(),
        address_book_visibility: 1,
        internal_only: false,
        created_at: now(),
        updated_at: now(),
        revision: 1,
    }
}

#[apply(every_backend)]
async fn every_change_gets_a_revision_in_commit_order(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    let mut at = stores.changes.revisions().await.unwrap().latest;
    let ev = any_event();

    let (t, d) = tenant("acme");
    dir.create_tenant(&t, &d, &ev).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(Tenant, "acme", Added), (Domain, "acme.test", Added)]));

    let ivan = user("acme", "ivan");
    dir.create_user(&ivan, &ev).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(User, "ivan@acme.test", Added)]));
    let stored = dir.get_user("acme", "ivan@acme.test").await.unwrap().unwrap();
    let renamed =
        pbm::domain::User { surname: "Иванов".into(), aliases: vec!["vanya@acme.test".into()], ..stored };
    dir.update_user(&renamed, &ev, None).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(User, "ivan@acme.test", Modified)]));

    let second = MailDomain { name: "second.test".into(), is_default: false, ..d.clone() };
    dir.create_mail_domain(&second, &ev).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(Domain, "second.test", Added), (Tenant, "acme", Modified)]));
    dir.set_default_mail_domain("acme", "second.test", &ev).await.unwrap();
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(Domain, "second.test", Modified), (Domain, "acme.test", Modified), (Tenant, "acme", Modified)])
    );

    // A list holding an alias: freeing the alias changes the list too.
    dir.create_mail_list(&list("team@acme.test", &["vanya@acme.test", "ivan@acme.test"]), &ev).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(List, "team@acme.test", Added)]));
    let stored = dir.get_user("acme", "ivan@acme.test").await.unwrap().unwrap();
    dir.update_user(&pbm::domain::User { aliases: Vec::new(), ..stored }, &ev, None).await.unwrap();
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(User, "ivan@acme.test", Modified), (List, "team@acme.test", Modified)])
    );
    // A new address is a new key.
    let team = dir.get_mail_list("acme", "team@acme.test").await.unwrap().unwrap();
    dir.update_mail_list("team@acme.test", &MailList { mail: "crew@acme.test".into(), ..team }, &ev).await.unwrap();
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(List, "team@acme.test", Deleted), (List, "crew@acme.test", Added)])
    );

    let group = ResourceGroup {
        tenant_id: "acme".into(),
        name: "Rooms".into(),
        resource_count: 0,
        created_at: now(),
        updated_at: now(),
    };
    dir.create_resource_group(&group, &ev).await.unwrap();
    let room = Resource {
        tenant_id: "acme".into(),
        group: "Rooms".into(),
        mail: "room@acme.test".into(),
        display_name: "Room".into(),
        description: String::new(),
        city: String::new(),
        address_book_visibility: 1,
        created_at: now(),
        updated_at: now(),
        revision: 1,
    };
    dir.create_resource(&room, &ev).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(Group, "Rooms", Added), (Res, "room@acme.test", Added)]));
    dir.rename_resource_group("acme", "Rooms", "Halls", now(), &ev).await.unwrap();
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(Group, "Rooms", Deleted), (Group, "Halls", Added), (Res, "room@acme.test", Modified)])
    );
    // The lists holding a deleted resource are changed with it.
    dir.create_mail_list(&list("desk@acme.test", &["room@acme.test"]), &ev).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(List, "desk@acme.test", Added)]));
    dir.delete_resource_group("acme", "Halls", &ev).await.unwrap();
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(Group, "Halls", Deleted), (Res, "room@acme.test", Deleted), (List, "desk@acme.test", Modified)])
    );

    dir.delete_user("acme", "ivan@acme.test", now(), &ev).await.unwrap();
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(User, "ivan@acme.test", Deleted), (ObjectKind::AccountSessions, "ivan@acme.test", Deleted)]),
        "a deletion ends the account's sessions in its own write"
    );
    dir.undelete_user("acme", "ivan@acme.test", &ev).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(User, "ivan@acme.test", Added)]));

    // A refused write records nothing.
    assert!(dir.create_user(&user("acme", "ivan"), &ev).await.is_err());
    // (an LDAP write's intent is settled in the background: give it a moment)
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let after_refusal = changes(&stores, &mut at).await;
    assert!(
        after_refusal.iter().all(|(kind, name, op)| *kind == User && name == "ivan@acme.test" && *op == Modified),
        "a refused write records nothing, or (LDAP, whose write may or may not have happened) its object as modified: {after_refusal:?}"
    );

    dir.delete_tenant("acme", &ev).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(Tenant, "acme", Deleted)]), "one record for the whole tenant");
}

#[apply(every_backend)]
async fn ended_sessions_are_recorded_for_the_caches_of_every_replica(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let mut at = stores.changes.revisions().await.unwrap().latest;
    let open = |id: &str, account: &str| {
        let session = Session {
            id: id.into(),
            account: account.into(),
            tenant_id: "acme".into(),
            created_at: now(),
            expires_at: now() + Duration::hours(1),
        };
        let token =
            StoredRefreshToken { hash: format!("h-{id}"), session_id: id.into(), expires_at: session.expires_at };
        (session, token)
    };
    for (id, account) in [("s1", "ivan@acme.test"), ("s2", "olga@acme.test"), ("s3", "olga@acme.test")] {
        let (session, token) = open(id, account);
        stores.sessions.open_session(&session, &token).await.unwrap();
    }
    assert_eq!(changes(&stores, &mut at).await, of(&[]), "opening a session is no change");
    stores.sessions.end_session("s1", now()).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(ObjectKind::Session, "s1", Deleted)]));
    stores.sessions.end_session("s1", now()).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[]), "a session ends once");
    stores.sessions.end_sessions_of("olga@acme.test", Some("s3"), now()).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(ObjectKind::AccountSessions, "olga@acme.test", Deleted)]));
    stores.sessions.end_sessions_of_tenant("acme", now()).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(ObjectKind::TenantSessions, "acme", Deleted)]));
    stores.sessions.end_sessions_of_tenant("acme", now()).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[]), "nothing live, nothing recorded");
}

/// Opens session `id` of `account` in acme.
async fn open_session(stores: &Stores, id: &str, account: &str) {
    let session = Session {
        id: id.into(),
        account: account.into(),
        tenant_id: "acme".into(),
        created_at: now(),
        expires_at: now() + Duration::hours(1),
    };
    let token = StoredRefreshToken { hash: format!("h-{id}"), session_id: id.into(), expires_at: session.expires_at };
    stores.sessions.open_session(&session, &token).await.unwrap();
}

async fn active(stores: &Stores, ids: &[&str]) -> Vec<bool> {
    let mut states = Vec::new();
    for id in ids {
        states.push(stores.sessions.session_active(id, now()).await.unwrap());
    }
    states
}

#[apply(every_backend)]
async fn a_change_that_ends_sessions_ends_them_in_its_own_write(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    let ev = any_event();
    let (t, d) = tenant("acme");
    dir.create_tenant(&t, &d, &ev).await.unwrap();
    dir.create_user(&user("acme", "ivan"), &ev).await.unwrap();
    dir.create_user(&user("acme", "olga"), &ev).await.unwrap();
    for (id, account) in [("s1", "ivan@acme.test"), ("s2", "ivan@acme.test"), ("s3", "olga@acme.test")] {
        open_session(&stores, id, account).await;
    }
    let mut at = stores.changes.revisions().await.unwrap().latest;

    // A password change of ivan's own, keeping the session it was made in.
    let stored = dir.get_user("acme", "ivan@acme.test").await.unwrap().unwrap();
    let cut = SessionCut { account: "ivan@acme.test".into(), keep: Some("s2".into()) };
    let changed = pbm::domain::User {
        password_hash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAA".into(),
        ..stored
    };
    let changed = dir.update_user(&changed, &ev, Some(&cut)).await.unwrap();
    assert_eq!(active(&stores, &["s1", "s2", "s3"]).await, [false, true, true], "s1 ended, s2 kept, olga's untouched");
    let records = stores.changes.changes_after(at, 100).await.unwrap();
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(User, "ivan@acme.test", Modified), (ObjectKind::AccountSessions, "ivan@acme.test", Deleted)])
    );
    assert!(records.iter().all(|r| r.at == records[0].at), "one commit: {records:?}");

    // A change without a cut ends nothing.
    open_session(&stores, "s4", "ivan@acme.test").await;
    dir.update_user(&pbm::domain::User { surname: "Other".into(), ..changed }, &ev, None).await.unwrap();
    assert_eq!(active(&stores, &["s2", "s4"]).await, [true, true]);
    assert_eq!(changes(&stores, &mut at).await, of(&[(User, "ivan@acme.test", Modified)]));

    // A deletion ends all of them.
    dir.delete_user("acme", "ivan@acme.test", now(), &ev).await.unwrap();
    assert_eq!(active(&stores, &["s2", "s4", "s3"]).await, [false, false, true]);

    // So does a mail domain's deletion, for the accounts it takes along.
    dir.create_mail_domain(&MailDomain { name: "second.test".into(), is_default: false, ..d }, &ev).await.unwrap();
    let pavel = pbm::domain::User { mail: "pavel@second.test".into(), ..user("acme", "pavel") };
    dir.create_user(&pavel, &ev).await.unwrap();
    open_session(&stores, "s5", "pavel@second.test").await;
    let usage = dir.mail_domain_usage("acme", "second.test").await.unwrap();
    let mut at = stores.changes.revisions().await.unwrap().latest;
    assert_eq!(dir.delete_mail_domain("acme", "second.test", &usage, &ev).await.unwrap(), ["pavel@second.test"]);
    assert_eq!(active(&stores, &["s5", "s3"]).await, [false, true]);
    assert!(changes(&stores, &mut at).await.contains(&(
        ObjectKind::AccountSessions,
        "pavel@second.test".into(),
        Deleted
    )));
}

#[apply(every_backend)]
async fn sessions_an_unrecorded_write_was_to_end_are_ended_when_its_intent_is(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let log = &stores.changes;
    for (id, account) in [("s1", "ivan@acme.test"), ("s2", "ivan@acme.test"), ("s3", "olga@acme.test")] {
        open_session(&stores, id, account).await;
    }
    let mut at = log.revisions().await.unwrap().latest;
    let user_change = [ObjectChange::new(User, "acme", "ivan@acme.test", Modified)];
    let cut = SessionCut { account: "ivan@acme.test".into(), keep: Some("s2".into()) };

    // The intent ends the sessions before the write (a directory outside SQL).
    log.intend_changes("i1", &user_change, std::slice::from_ref(&cut), now()).await.unwrap();
    assert_eq!(active(&stores, &["s1", "s2", "s3"]).await, [false, true, true]);
    // One opened between the intent and the record is ended by the record.
    open_session(&stores, "s4", "ivan@acme.test").await;
    log.complete_changes("i1", &user_change, std::slice::from_ref(&cut), &any_event()).await.unwrap();
    assert_eq!(active(&stores, &["s2", "s4"]).await, [true, false]);
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(User, "ivan@acme.test", Modified), (ObjectKind::AccountSessions, "ivan@acme.test", Deleted)])
    );

    // The write failed (or its request was cancelled): settling the intent
    // ends those opened since, and keeps the kept one.
    log.intend_changes("i3", &user_change, std::slice::from_ref(&cut), now()).await.unwrap();
    open_session(&stores, "s6", "ivan@acme.test").await;
    log.settle_intent("i3", std::slice::from_ref(&cut)).await.unwrap();
    assert_eq!(active(&stores, &["s2", "s6"]).await, [true, false]);
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(User, "ivan@acme.test", Modified), (ObjectKind::AccountSessions, "ivan@acme.test", Modified)])
    );

    // Killed between the write and its record: the recovery ends them all
    // (which one was kept is not stored), those opened since included.
    log.intend_changes("i2", &user_change, std::slice::from_ref(&cut), now()).await.unwrap();
    open_session(&stores, "s5", "ivan@acme.test").await;
    assert_eq!(active(&stores, &["s2", "s5", "s3"]).await, [true, true, true]);
    log.recover_intents(now() + Duration::seconds(1)).await.unwrap();
    assert_eq!(active(&stores, &["s2", "s5", "s3"]).await, [false, false, true]);
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(User, "ivan@acme.test", Modified), (ObjectKind::AccountSessions, "ivan@acme.test", Modified)])
    );
}

#[apply(every_backend)]
async fn old_records_are_pruned_and_a_reader_can_tell(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let start = stores.changes.revisions().await.unwrap().latest;
    let (t, d) = tenant("acme");
    stores.directory.create_tenant(&t, &d, &any_event()).await.unwrap();
    stores.directory.create_user(&user("acme", "ivan"), &any_event()).await.unwrap();
    let latest = stores.changes.revisions().await.unwrap().latest;
    assert_eq!(latest, start + 3);

    let pruned = stores.changes.prune_changes(now() + Duration::seconds(5), 2).await.unwrap();
    assert_eq!(pruned, 2, "at most the limit, oldest first");
    let revisions = stores.changes.revisions().await.unwrap();
    assert_eq!((revisions.latest, revisions.pruned_through), (latest, start + 2));
    let left = stores.changes.changes_after(0, 10).await.unwrap();
    assert_eq!(left.first().map(|r| r.revision), Some(start + 3), "the reader sees the gap");
    assert_eq!(stores.changes.prune_changes(now() - Duration::hours(1), 100).await.unwrap(), 0, "nothing that old");
}

#[apply(every_backend)]
async fn intents_are_recorded_when_their_write_did_not_finish(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let log = &stores.changes;
    let mut at = log.revisions().await.unwrap().latest;
    let change = |name: &str, op| ObjectChange::new(User, "acme", name, op);

    // Completed: recorded as intended, with its audit event.
    log.intend_changes("i1", &[change("a@acme.test", Added)], &[], now()).await.unwrap();
    log.complete_changes("i1", &[change("a@acme.test", Added)], &[], &any_event()).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(User, "a@acme.test", Added)]));

    // Not finished (the write failed or was cancelled): recorded as modified.
    log.intend_changes("i2", &[change("b@acme.test", Deleted)], &[], now()).await.unwrap();
    log.settle_intent("i2", &[]).await.unwrap();
    assert_eq!(changes(&stores, &mut at).await, of(&[(User, "b@acme.test", Modified)]));

    // Left by a process that died: recorded once older than the grace.
    log.intend_changes("i3", &[change("c@acme.test", Added), change("d@acme.test", Added)], &[], now()).await.unwrap();
    assert!(log.recover_intents(now() - Duration::minutes(2)).await.unwrap().is_empty(), "a live write's intent stays");
    let recovered = log.recover_intents(now() + Duration::seconds(1)).await.unwrap();
    assert_eq!(recovered.len(), 2);
    assert_eq!(
        changes(&stores, &mut at).await,
        of(&[(User, "c@acme.test", Modified), (User, "d@acme.test", Modified)])
    );
    assert!(log.recover_intents(now() + Duration::seconds(1)).await.unwrap().is_empty(), "recorded once");
}

/// Whether an intent of `tenant` is open.
async fn intent_open(stores: &Stores, tenant: &str) -> bool {
    stores.changes.write_mark(Some(tenant), None).await.unwrap().busy
}

/// A pause of a tenant's writes (a list's last attempt, across replicas)
/// holds back the intents of that tenant until it ends or lapses, and no
/// other tenant's; a pause of every tenant holds back all of them.
#[apply(every_backend)]
async fn a_pause_holds_back_the_intents_of_its_tenant_until_it_ends(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let log = stores.changes.clone();
    let change = |tenant: &str, name: &str| ObjectChange::new(User, tenant, name, Added);
    let intend = |id: &'static str, tenant: &'static str| {
        let log = log.clone();
        tokio::spawn(async move { log.intend_changes(id, &[change(tenant, "p@x.test")], &[], now()).await.unwrap() })
    };
    let settled = |id: &'static str| {
        let log = log.clone();
        async move { log.settle_intent(id, &[]).await.unwrap() }
    };
    let soon = || now() + Duration::seconds(30);

    let acme_paused = log.pause_writes(Some("acme"), soon()).await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), intend("beta-1", "beta"))
        .await
        .expect("another tenant's intent is not held back")
        .unwrap();
    assert!(intent_open(&stores, "beta").await);
    settled("beta-1").await;
    let held = intend("acme-1", "acme");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(!intent_open(&stores, "acme").await, "the paused tenant's intent waits");
    assert!(!held.is_finished());
    log.resume_writes(&acme_paused).await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), held).await.expect("written once resumed").unwrap();
    assert!(intent_open(&stores, "acme").await);
    settled("acme-1").await;

    let everyone_paused = log.pause_writes(None, soon()).await.unwrap();
    let held = intend("beta-2", "beta");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(!intent_open(&stores, "beta").await, "a pause of every tenant holds back each");
    log.resume_writes(&everyone_paused).await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), held).await.expect("written once resumed").unwrap();
    settled("beta-2").await;

    // Left by a replica that died mid-list: it lapses.
    let lapsing = log.pause_writes(Some("acme"), now() + Duration::milliseconds(300)).await.unwrap();
    let held = intend("acme-2", "acme");
    tokio::time::timeout(std::time::Duration::from_secs(10), held).await.expect("written once lapsed").unwrap();
    settled("acme-2").await;
    log.resume_writes(&lapsing).await.unwrap();
}

/// Acme's users listed at one revision (`store::snapshot::at_one_revision`,
/// as a ListUsers is): the page, the revision the response reports (none
/// when the reads never found the tenant quiet), and how many times they
/// were read; `written_after_first_read` is created right after the first.
async fn listed_at_one_revision(
    stores: &Stores,
    written_after_first_read: Option<&pbm::domain::User>,
) -> (Vec<String>, Option<i64>, u32) {
    use pbm::store::snapshot::{ResponseRevision, at_one_revision, noting_revision};
    use std::sync::atomic::{AtomicU32, Ordering};
    let query = pbm::domain::UserListQuery {
        tenant_id: Some("acme".into()),
        search: None,
        sort: pbm::domain::UserSortKey::Mail,
        descending: false,
        after: None,
        skip: 0,
        limit: 100,
    };
    let attempts = &AtomicU32::new(0);
    let (response, query) = (std::sync::Arc::new(ResponseRevision::new()), &query);
    let reads = at_one_revision(|| async move {
        let attempt = attempts.fetch_add(1, Ordering::SeqCst) + 1;
        let (page, _) = stores.directory.list_users_page(query).await?;
        if attempt == 1
            && let Some(user) = written_after_first_read
        {
            stores.directory.create_user(user, &any_event()).await?;
        }
        Ok(page)
    });
    let page = noting_revision(response.clone(), reads).await.unwrap();
    (page.into_iter().map(|u| u.mail).collect(), response.get(), attempts.load(Ordering::SeqCst))
}

#[apply(every_backend)]
async fn a_list_answers_a_revision_its_page_agrees_with(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let ldap = matches!(backend, Backend::OpenLdap | Backend::Ds389);
    let (t, d) = tenant("acme");
    stores.directory.create_tenant(&t, &d, &any_event()).await.unwrap();
    stores.directory.create_user(&user("acme", "ivan"), &any_event()).await.unwrap();
    let latest = || async { stores.changes.revisions().await.unwrap().latest };

    // Quiet: the latest revision, read once.
    let (page, revision, attempts) = listed_at_one_revision(&stores, None).await;
    assert_eq!((page, revision, attempts), (vec!["ivan@acme.test".to_owned()], Some(latest().await), 1));

    // A write of another tenant under way changes nothing.
    let elsewhere = ObjectChange::new(User, "other", "x@other.test", Added);
    stores.changes.intend_changes("elsewhere", &[elsewhere], &[], now()).await.unwrap();
    let (_, revision, attempts) = listed_at_one_revision(&stores, None).await;
    assert_eq!((revision, attempts), (Some(latest().await), 1), "another tenant's write");

    // A write of acme under way the whole time: LDAP, which has no
    // snapshot, cannot tell whether the page holds it, and reports no
    // revision of its own after three reads; SQL reads its snapshot.
    let here = ObjectChange::new(User, "acme", "y@acme.test", Added);
    stores.changes.intend_changes("here", &[here], &[], now()).await.unwrap();
    let (_, revision, attempts) = listed_at_one_revision(&stores, None).await;
    if ldap {
        assert_eq!((revision, attempts), (None, pbm::store::snapshot::QUIET_ATTEMPTS), "a write of acme under way");
    } else {
        assert_eq!((revision, attempts), (Some(latest().await), 1));
    }
    stores.changes.settle_intent("here", &[]).await.unwrap();
    stores.changes.settle_intent("elsewhere", &[]).await.unwrap();

    // A write of acme made during the first read: whatever the page, its
    // revision agrees with it (LDAP reads again; SQL answers its snapshot).
    let before = latest().await;
    let (page, revision, attempts) = listed_at_one_revision(&stores, Some(&user("acme", "olga"))).await;
    let created = latest().await;
    assert!(created > before, "olga's creation has a revision");
    let revision = revision.expect("a revision of its own once acme is quiet");
    let holds_olga = page.iter().any(|mail| mail == "olga@acme.test");
    assert_eq!(holds_olga, revision >= created, "page {page:?} at revision {revision} (olga's: {created})");
    assert_eq!(attempts, if ldap { 2 } else { 1 });
}

/// A stream's reads of acme's users in one scope
/// (`store::snapshot::stream_at_one_revision`, as a StreamUsers is): the
/// first batch (one user) before the response's headers, the rest once
/// `go` is sent. Answers the revision the response's headers report, `go`,
/// what the stream reads, and the revision its trailer tells.
async fn streamed_in_one_scope(stores: &Stores, tenant: Option<&'static str>) -> Streamed {
    use futures::StreamExt as _;
    use pbm::store::snapshot::{ResponseRevision, noting_revision, stream_at_one_revision};
    let directory = stores.directory.clone();
    let (go, going) = tokio::sync::oneshot::channel::<()>();
    let (rest, read) = tokio::sync::oneshot::channel();
    let response = std::sync::Arc::new(ResponseRevision::new());
    let opened = stream_at_one_revision(move |mut first_read| async move {
        let mut batches = directory.user_batches(tenant, 1);
        let mut mails = Vec::new();
        if let Some(batch) = batches.next().await {
            mails.extend(batch.unwrap().into_iter().map(|u| u.mail));
        }
        first_read.done();
        let _ = going.await;
        while let Some(batch) = batches.next().await {
            mails.extend(batch.unwrap().into_iter().map(|u| u.mail));
        }
        let _ = rest.send(mails);
    });
    let trailer = noting_revision(response.clone(), opened).await;
    Streamed { headers: response.get(), go, read, trailer }
}

/// A stream of [`streamed_in_one_scope`], waiting for `go`.
struct Streamed {
    headers: Option<i64>,
    go: tokio::sync::oneshot::Sender<()>,
    read: tokio::sync::oneshot::Receiver<Vec<String>>,
    trailer: tokio::sync::oneshot::Receiver<i64>,
}

impl Streamed {
    /// Lets it read the rest: what it read, and its trailer's revision.
    async fn finish(self) -> (Vec<String>, Option<i64>) {
        self.go.send(()).unwrap();
        let mut mails = self.read.await.unwrap();
        mails.sort();
        (mails, self.trailer.await.ok())
    }
}

#[apply(every_backend)]
async fn a_stream_reads_every_batch_at_the_revision_it_answers_while_the_store_has_room(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let ldap = matches!(backend, Backend::OpenLdap | Backend::Ds389);
    let (t, d) = tenant("acme");
    stores.directory.create_tenant(&t, &d, &any_event()).await.unwrap();
    for name in ["anna", "boris"] {
        stores.directory.create_user(&user("acme", name), &any_event()).await.unwrap();
    }
    let latest = || async { stores.changes.revisions().await.unwrap().latest };

    // A user created after the first batch was read is not in the rest,
    // and the revision answered (headers and trailer) is the one before it:
    // on SQL the stream reads one snapshot; on LDAP acme, a small tenant,
    // is read whole before the first batch, like a list.
    let before = latest().await;
    let stream = streamed_in_one_scope(&stores, Some("acme")).await;
    let headers = stream.headers;
    stores.directory.create_user(&user("acme", "vera"), &any_event()).await.unwrap();
    let (read, trailer) = stream.finish().await;
    assert_eq!((headers, trailer), (Some(before), Some(before)));
    assert_eq!(read, ["anna@acme.test", "boris@acme.test"], "read at revision {before}, before vera");

    // Every tenant: on LDAP read batch by batch after the headers, which
    // tell no revision of their own (the follower position is sent), nor
    // does the trailer, as a write was recorded during the reads.
    let before = latest().await;
    let stream = streamed_in_one_scope(&stores, None).await;
    let headers = stream.headers;
    stores.directory.create_user(&user("acme", "walt"), &any_event()).await.unwrap();
    let (read, trailer) = stream.finish().await;
    let expected = if ldap { (None, None) } else { (Some(before), Some(before)) };
    assert_eq!((headers, trailer), expected, "every tenant's stream, walt created during it");
    assert_eq!(
        read,
        ["anna@acme.test", "boris@acme.test", "vera@acme.test"],
        "walt came after the addresses were read"
    );
    let now = latest().await;
    let (_, trailer) = streamed_in_one_scope(&stores, None).await.finish().await;
    assert_eq!(trailer, Some(now), "every tenant's stream, quiet: its trailer");

    // A quiet tenant: the trailer tells the revision on every store.
    const ACME: [&str; 4] = ["anna@acme.test", "boris@acme.test", "vera@acme.test", "walt@acme.test"];
    let now = latest().await;
    let (read, trailer) = streamed_in_one_scope(&stores, Some("acme")).await.finish().await;
    assert_eq!(read, ACME);
    assert_eq!(trailer, Some(now), "a quiet stream's trailer");

    // Streams held open at once take one read connection each: past the
    // store's room (half its read pool) a stream reads from the pool and
    // answers no revision of its own, and still reads everything.
    let mut open = Vec::new();
    for _ in 0..9 {
        open.push(streamed_in_one_scope(&stores, Some("acme")).await);
    }
    let answered: Vec<Option<i64>> = open.iter().map(|stream| stream.headers).collect();
    if ldap {
        // LDAP holds no connection for a stream: every one is read whole.
        assert!(answered.iter().all(|r| *r == Some(now)), "{answered:?}");
    } else {
        let held = answered.iter().take_while(|r| **r == Some(now)).count();
        assert!(held >= 1 && held < answered.len(), "some held, then none: {answered:?}");
        assert!(answered[held..].iter().all(Option::is_none), "past the room, none: {answered:?}");
    }
    for stream in open {
        let (read, _) = stream.finish().await;
        assert_eq!(read, ACME);
    }
    // Their room is given back as they end (their tasks end just after
    // their last read).
    let mut again = None;
    for _ in 0..100 {
        let stream = streamed_in_one_scope(&stores, Some("acme")).await;
        again = stream.headers;
        stream.finish().await;
        if again.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(again, Some(now), "room again once the streams ended");
}

/// A change whose request is cancelled at any point (its client went
/// away) leaves no intent of its tenant open: on LDAP the intent's write
/// finishes, then the change is settled, so that the tenant's lists and
/// streams do not answer the follower position until the intent's recovery.
#[apply(every_backend)]
async fn a_change_cancelled_at_any_point_leaves_no_intent_open(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let (t, d) = tenant("acme");
    stores.directory.create_tenant(&t, &d, &any_event()).await.unwrap();
    for (n, micros) in [0u64, 200, 500, 1_000, 2_000, 3_000, 5_000, 8_000, 13_000, 21_000].into_iter().enumerate() {
        let cancelled = user("acme", &format!("cancelled{n}"));
        let within = std::time::Duration::from_micros(micros);
        let _ = tokio::time::timeout(within, stores.directory.create_user(&cancelled, &any_event())).await;
        let mut open = true;
        for _ in 0..100 {
            open = stores.changes.write_mark(Some("acme"), None).await.unwrap().busy;
            if !open {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(!open, "a creation cancelled after {micros} µs left an intent of acme open for 2 s");
    }
}
