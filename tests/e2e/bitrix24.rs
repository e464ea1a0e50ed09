//! cabsync from Bitrix24 (guide §2.15, `services/bitrix24/*`) against a fake
//! portal that serves the documented REST shapes (`tests/support/bitrix24.rs`:
//! the webhook path, pages of 50 with `next` and `total`, `QUERY_LIMIT_EXCEEDED`
//! as HTTP 503): its 130 users (Cyrillic names, dismissed ones, one without an
//! email, departments on two pages) become the tenant's contacts — through
//! RunSync (its progress), SyncAddressBook, the /v2 route and the CLI; a page
//! refused once is retried; a dry run writes nothing; a second run changes
//! nothing; a rename, a dismissal and a deletion at the portal reach the book;
//! an address held by a local user, by an admin's contact or by a contact of
//! the AD sync (the Samba AD DC, when it runs) is a conflict, never taken.
//! Bad settings change nothing, and the webhook's token is in no message.

use pbm::pb;
use serde_json::{Value, json};
use tonic::Code;
use tonic_types::StatusExt as _;

use crate::common::{
    Options, TestServer, authed, expect_code, json,
    mailstore::leak,
    progress::{assert_progress, run_streamed},
    servers,
};

#[path = "../support/bitrix24.rs"]
pub mod fake;

use fake::{FakeBitrix24, Logged, Portal, seeded_mail};

const TENANT: &str = "corp";

type BookClient = pb::address_book_service_client::AddressBookServiceClient<tonic::transport::Channel>;

/// A webhook token of the test's own.
fn token() -> String {
    format!("wh{}", servers::unique_suffix().replace('_', "").to_lowercase())
}

fn settings(portal: &FakeBitrix24) -> Vec<(&'static str, &'static str)> {
    vec![
        ("services/bitrix24/enabled", "true"),
        ("services/bitrix24/url", leak(portal.url.clone())),
        ("services/bitrix24/admin_userid", fake::USER_ID),
        ("services/bitrix24/webhook", leak(portal.token.clone())),
    ]
}

async fn start(settings: Vec<(&'static str, &'static str)>) -> (TestServer, String) {
    let server = TestServer::start_with(Options { settings, ..Default::default() }).await;
    let creator = server.creator_token().await;
    let created = server
        .tenants()
        .create_tenant(authed(
            &creator,
            pb::CreateTenantRequest { tenant_id: TENANT.into(), tenant: None, domain: "corp.test".into() },
        ))
        .await;
    if let Err(status) = created {
        assert_eq!(status.code(), Code::AlreadyExists, "tenant corp: {status:?}");
    }
    (server, creator)
}

async fn sync_from(
    server: &TestServer,
    token: &str,
    source: pb::AddressBookSource,
    dry_run: bool,
) -> Result<pb::SyncAddressBookResponse, tonic::Status> {
    let request = pb::SyncAddressBookRequest { tenant_id: TENANT.into(), source: source as i32, dry_run };
    server.users().sync_address_book(authed(token, request)).await.map(|r| r.into_inner())
}

async fn sync(server: &TestServer, token: &str, dry_run: bool) -> Result<pb::SyncAddressBookResponse, tonic::Status> {
    sync_from(server, token, pb::AddressBookSource::Bitrix24, dry_run).await
}

async fn contact(server: &TestServer, token: &str, mail: &str) -> Option<pb::Contact> {
    let request = pb::GetContactRequest { tenant_id: TENANT.into(), mail: mail.into() };
    match BookClient::new(server.channel()).get_contact(authed(token, request)).await {
        Ok(r) => Some(r.into_inner()),
        Err(s) if s.code() == Code::NotFound => None,
        Err(s) => panic!("GetContact {mail}: {s:?}"),
    }
}

async fn total(server: &TestServer, token: &str) -> i32 {
    let request = pb::ListContactsRequest { tenant_id: TENANT.into(), page_size: 1, ..Default::default() };
    BookClient::new(server.channel()).list_contacts(authed(token, request)).await.unwrap().into_inner().total_size
}

/// The (method, start, status) of the requests the portal answered.
fn pages(requests: &[Logged], method: &str) -> Vec<(u64, u16)> {
    requests.iter().filter(|r| r.method == method).map(|r| (r.start, r.status)).collect()
}

/// The audit events of the Bitrix24 runs of tenant corp, as text.
async fn audit_trail(server: &TestServer, token: &str) -> Vec<String> {
    let events = pb::audit_service_client::AuditServiceClient::new(server.channel())
        .list_audit_events(authed(
            token,
            pb::ListAuditEventsRequest {
                tenant_id: TENANT.into(),
                target: "address_book:bitrix24".into(),
                page_size: 1000,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    events.events.iter().map(|e| format!("{e:?}")).collect()
}

#[tokio::test]
async fn the_portal_fills_the_address_book() {
    let portal = FakeBitrix24::start(Portal::seeded(), &token()).await;
    let mut settings = settings(&portal);
    // A person of the AD sync at the address of Bitrix24 user 6, when the
    // Samba AD DC runs: a contact of another source, never touched.
    let ad = crate::common::ad::samba();
    let mut ad_person = None;
    if let Some(ad) = &ad {
        let ou = ad.fresh_ou("b24").await;
        let sam = format!("ada{}", servers::unique_suffix().replace('_', "").to_lowercase());
        ad.add_user(&ou, &sam, "Ада", "Каренина", None, &[]).await;
        settings.extend(ad.settings().into_iter().map(|(k, v)| (leak(k), leak(v))));
        settings.push(("services/ad/enabled", "true"));
        settings.push(("services/ad/users/base_dn", leak(ou.clone())));
        let mail = format!("{sam}@corp.test");
        portal.with(|p| p.users.get_mut(&6).unwrap()["EMAIL"] = json!(mail.clone()));
        ad_person = Some((ou, mail));
    }
    let (server, creator) = start(settings).await;
    // A local user holds user 4's address, an admin's contact user 5's.
    let local = crate::common::fixtures::new_user(TENANT, &seeded_mail(4), "Local-Passw0rd!", pb::Role::User);
    server.users().create_user(authed(&creator, pb::CreateUserRequest { user: Some(local) })).await.unwrap();
    let manual = pb::Contact {
        tenant_id: TENANT.into(),
        mail: seeded_mail(5),
        name: "Admin's own".into(),
        ..Default::default()
    };
    BookClient::new(server.channel())
        .create_contact(authed(&creator, pb::CreateContactRequest { contact: Some(manual.clone()) }))
        .await
        .unwrap();
    if ad_person.is_some() {
        let ad_run = sync_from(&server, &creator, pb::AddressBookSource::Ad, false).await.unwrap();
        assert_eq!(ad_run.created, 1, "{ad_run:?}");
    }
    let others = total(&server, &creator).await;
    // 130 users, 6 dismissed, one without an email, user 4 and 5 (and 6) held.
    let active = 124;
    let expected = 123 - 2 - i32::from(ad_person.is_some());

    // A dry run: the plan, nothing written.
    let plan = sync(&server, &creator, true).await.unwrap();
    assert!(plan.dry_run);
    assert_eq!((plan.read, plan.created, plan.updated, plan.removed), (active, expected, 0, 0), "{plan:?}");
    assert!(plan.changes.iter().any(|c| c == "create anna.kuznetsova@corp.test"), "{:?}", &plan.changes[..5]);
    assert_eq!(total(&server, &creator).await, others, "a dry run writes nothing");
    // The documented paging: departments (60) on two pages, active users on three.
    let requests = portal.take_requests();
    assert_eq!(pages(&requests, "department.get"), [(0, 200), (50, 200)]);
    assert_eq!(pages(&requests, "user.get"), [(0, 200), (50, 200), (100, 200)]);
    assert!(requests.iter().filter(|r| r.method == "user.get").all(|r| r.active_filter), "{requests:?}");

    // The first real run, through RunSync, with the second page of users
    // refused once: retried, and the same report.
    portal.with(|p| p.fail_once = Some(("user.get".into(), 50)));
    let messages = run_streamed(&server, &creator, TENANT, pb::SyncKind::AddressBookBitrix24).await;
    let report = assert_progress(&messages);
    // The retry's wait (0.5 s) is longer than the stream's beat (0.25 s).
    assert!(messages.iter().any(|m| m.phase == pb::SyncPhase::Reading as i32 && m.read > 0), "{messages:?}");
    assert_eq!((report.read, report.created, report.updated, report.removed), (active, i64::from(expected), 0, 0));
    assert_eq!(pages(&portal.take_requests(), "user.get"), [(0, 200), (50, 503), (50, 200), (100, 200)], "retried");
    assert_eq!(total(&server, &creator).await, others + expected);

    // What a contact holds.
    let anna = contact(&server, &creator, "anna.kuznetsova@corp.test").await.expect("anna");
    assert_eq!((anna.name.as_str(), anna.title.as_str()), ("Анна Кузнецова", "Главный бухгалтер"));
    assert_eq!((anna.department.as_str(), anna.city.as_str()), ("Бухгалтерия, Отдел продаж", "Москва"));
    assert_eq!(anna.phones, ["+7 495 000-00-02", "+7 900 123-45-67"], "work phone and mobile");
    assert_eq!((anna.source.as_str(), anna.source_id.as_str()), ("bitrix24", "2"));
    let third = contact(&server, &creator, &seeded_mail(3)).await.expect("user 3");
    assert!(third.phones.is_empty(), "{third:?}");
    assert!(report.changes.iter().any(|c| c.contains(&seeded_mail(3)) && c.contains("доб. 123")), "a noted phone");
    assert_eq!(third.name, "Елена Попова");
    assert!(contact(&server, &creator, &seeded_mail(20)).await.is_none(), "dismissed");
    // Conflicts: no email; a local user's, an admin's and the AD sync's addresses.
    let conflicts = &report.conflicts;
    assert!(conflicts.iter().any(|c| c.starts_with("Bitrix24 user 55 ") && c.contains("EMAIL")), "{conflicts:?}");
    assert!(conflicts.iter().any(|c| c.contains(&seeded_mail(4)) && c.contains("user of the tenant")), "{conflicts:?}");
    assert!(conflicts.iter().any(|c| c.contains(&seeded_mail(5)) && c.contains("did not make")), "{conflicts:?}");
    assert!(contact(&server, &creator, &seeded_mail(4)).await.is_none(), "the local user's address: no contact");
    let user = server
        .users()
        .get_user(authed(&creator, pb::GetUserRequest { tenant_id: TENANT.into(), mail: seeded_mail(4) }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((user.given_name.as_str(), user.surname.as_str()), ("Given", "Surname"), "not overwritten");
    let kept = contact(&server, &creator, &seeded_mail(5)).await.unwrap();
    assert_eq!((kept.name.as_str(), kept.source.as_str()), ("Admin's own", "manual"), "not overwritten");
    if let Some((_, mail)) = &ad_person {
        assert!(conflicts.iter().any(|c| c.contains(mail.as_str())), "{conflicts:?}");
        let ad_contact = contact(&server, &creator, mail).await.unwrap();
        assert_eq!((ad_contact.name.as_str(), ad_contact.source.as_str()), ("Ада Каренина", "ad"));
    }

    // A second run changes nothing (gRPC, then the guide's route).
    let again = sync(&server, &creator, false).await.unwrap();
    assert_eq!((again.created, again.updated, again.removed, again.unchanged), (0, 0, 0, i64::from(expected)));
    let (status, body) = json(
        server
            .http
            .post(server.url("/v2/actions/cabsync/corp/bitrix24"))
            .bearer_auth(&creator)
            .form(&[("dry_run", "1")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["success"].clone(), body["dry_run"].clone()), (Value::Bool(true), Value::Bool(true)));
    assert_eq!((body["read"].clone(), body["created"].clone()), (Value::from(active), Value::from(0)));
    assert_eq!(body["unchanged"], Value::from(expected));

    // The CLI: pbm sync bitrix24 --tenant corp --dry-run (off the test's thread).
    let (base, token) = (server.base.clone(), creator.clone());
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_pbm"))
            .args(["sync", "bitrix24", "--server", &base, "--token", &token, "--tenant", TENANT, "--dry-run"])
            .output()
            .expect("pbm runs")
    })
    .await
    .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed} {}", String::from_utf8_lossy(&output.stderr));
    assert!(
        printed.contains(&format!("address book (dry run: nothing written): read {active}, created 0, updated 0")),
        "{printed}"
    );

    // At the portal: user 7 renamed (a new name and address), user 8
    // dismissed, user 9 deleted.
    let before = contact(&server, &creator, &seeded_mail(7)).await.unwrap();
    portal.with(|p| {
        let u = p.users.get_mut(&7).unwrap();
        u["NAME"] = json!("Виктория");
        u["LAST_NAME"] = json!("Новикова");
        u["EMAIL"] = json!("v.novikova@corp.test");
        p.users.get_mut(&8).unwrap()["ACTIVE"] = json!(false);
        p.users.remove(&9);
    });
    let plan = sync(&server, &creator, true).await.unwrap();
    assert_eq!((plan.created, plan.updated, plan.removed), (0, 1, 2), "{plan:?}");
    let next = sync(&server, &creator, false).await.unwrap();
    assert_eq!(
        (next.read, next.created, next.updated, next.removed, next.unchanged),
        (active - 2, 0, 1, 2, i64::from(expected - 3)),
        "{next:?}"
    );
    let renamed = contact(&server, &creator, "v.novikova@corp.test").await.expect("the renamed contact");
    assert_eq!((renamed.name.as_str(), renamed.source_id.as_str()), ("Виктория Новикова", before.source_id.as_str()));
    assert!(contact(&server, &creator, &seeded_mail(7)).await.is_none(), "the old address is gone");
    assert!(contact(&server, &creator, &seeded_mail(8)).await.is_none(), "dismissed: removed");
    assert!(contact(&server, &creator, &seeded_mail(9)).await.is_none(), "deleted: removed");

    // A portal that answers dismissed users whatever the filter: they are
    // still left out, and nothing changes.
    portal.with(|p| p.ignore_active_filter = true);
    let loose = sync(&server, &creator, false).await.unwrap();
    assert_eq!(
        (loose.read, loose.created, loose.updated, loose.removed, loose.unchanged),
        (129, 0, 0, 0, i64::from(expected - 2)),
        "{loose:?}"
    );
    portal.with(|p| p.ignore_active_filter = false);

    // The runs' counts are audited; the token is nowhere in the trail.
    let trail = audit_trail(&server, &creator).await;
    assert!(trail.len() >= 4, "{trail:?}");
    assert!(trail.iter().all(|e| !e.contains(&portal.token)), "{trail:?}");
    // The AD sync's contact is still the AD sync's.
    if let (Some(ad), Some((ou, mail))) = (&ad, &ad_person) {
        let ad_run = sync_from(&server, &creator, pb::AddressBookSource::Ad, false).await.unwrap();
        assert_eq!((ad_run.created, ad_run.updated, ad_run.removed, ad_run.unchanged), (0, 0, 0, 1), "{ad_run:?}");
        assert_eq!(contact(&server, &creator, mail).await.unwrap().source, "ad");
        ad.delete_tree(ou).await;
    }
}

#[tokio::test]
async fn bad_settings_change_nothing_and_never_show_the_token() {
    let portal = FakeBitrix24::start(Portal::seeded(), &token()).await;
    let (server, creator) = start(settings(&portal)).await;
    let filled = sync(&server, &creator, false).await.unwrap();
    let count = total(&server, &creator).await;
    assert_eq!(count, filled.created);
    let settings = pb::settings_service_client::SettingsServiceClient::new(server.channel());
    let put = |key: &str, value: &str| {
        let mut settings = settings.clone();
        let request = authed(&creator, pb::PutSettingRequest { key: key.into(), value: value.into() });
        async move { settings.put_setting(request).await.unwrap() }
    };
    let mine = portal.token.clone();

    // A webhook the portal does not know: FAILED_PRECONDITION naming the setting, not the token.
    let wrong = format!("{mine}x");
    put("services/bitrix24/webhook", &wrong).await;
    let status = expect_code(sync(&server, &creator, false).await, Code::FailedPrecondition);
    assert!(status.message().contains("services/bitrix24/webhook"), "{status:?}");
    assert!(status.message().contains("INVALID_CREDENTIALS"), "{status:?}");
    assert!(!status.message().contains(&mine) && !status.message().contains(&wrong), "{status:?}");
    assert_eq!(total(&server, &creator).await, count, "nothing changed");
    // The /v2 route says the same.
    let (code, body) = json(
        server.http.post(server.url("/v2/actions/cabsync/corp/bitrix24")).bearer_auth(&creator).send().await.unwrap(),
    )
    .await;
    assert!(code >= 400 && !body.to_string().contains(&wrong), "{code} {body}");
    put("services/bitrix24/webhook", &mine).await;

    // An unreachable portal: UNAVAILABLE naming the host.
    put("services/bitrix24/url", "http://127.0.0.1:1").await;
    let status = expect_code(sync(&server, &creator, false).await, Code::Unavailable);
    assert!(status.message().contains("127.0.0.1:1"), "{status:?}");
    assert_eq!(status.get_details_error_info().map(|i| i.reason).as_deref(), Some("BITRIX24_UNAVAILABLE"));
    assert!(!status.message().contains(&mine), "{status:?}");
    assert_eq!(total(&server, &creator).await, count, "nothing changed");
    put("services/bitrix24/url", &portal.url).await;

    // A portal over its request limit for good: five tries, then UNAVAILABLE.
    portal.take_requests();
    portal.with(|p| p.always_limited = true);
    let status = expect_code(sync(&server, &creator, false).await, Code::Unavailable);
    assert!(status.message().contains("QUERY_LIMIT_EXCEEDED"), "{status:?}");
    assert_eq!(pages(&portal.take_requests(), "department.get"), [(0, 503); 5]);
    assert_eq!(total(&server, &creator).await, count, "nothing changed");
    portal.with(|p| p.always_limited = false);

    // Switched off, or a setting missing: FAILED_PRECONDITION naming the key.
    put("services/bitrix24/enabled", "false").await;
    let status = expect_code(sync(&server, &creator, false).await, Code::FailedPrecondition);
    assert!(status.message().contains("services/bitrix24/enabled"), "{status:?}");
    put("services/bitrix24/enabled", "true").await;
    put("services/bitrix24/admin_userid", "").await;
    let status = expect_code(sync(&server, &creator, false).await, Code::FailedPrecondition);
    assert!(status.message().contains("services/bitrix24/admin_userid"), "{status:?}");
    put("services/bitrix24/admin_userid", fake::USER_ID).await;

    // Back to the right settings: nothing to do.
    let again = sync(&server, &creator, false).await.unwrap();
    assert_eq!((again.created, again.updated, again.removed), (0, 0, 0), "{again:?}");
    assert_eq!(total(&server, &creator).await, count);
    // The failures are audited, without the token.
    let trail = audit_trail(&server, &creator).await;
    assert!(trail.iter().any(|e| e.contains("services/bitrix24/webhook")), "{trail:?}");
    assert!(trail.iter().all(|e| !e.contains(&mine) && !e.contains(&wrong)), "{trail:?}");
}

/// `services/bitrix24/sync_interval` with `sync_tenants`: the book is filled
/// without a call, and a user added at the portal reaches it at a later pass.
#[tokio::test]
async fn the_periodic_sync_follows_the_portal() {
    let portal = FakeBitrix24::start(Portal::seeded(), &token()).await;
    let mut settings = settings(&portal);
    settings.push(("services/bitrix24/sync_interval", "1"));
    settings.push(("services/bitrix24/sync_tenants", r#"["corp"]"#));
    let (server, creator) = start(settings).await;
    let first = seeded_mail(1);
    let mut found = None;
    for _ in 0..150 {
        found = contact(&server, &creator, &first).await;
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let found = found.expect("the periodic sync did not fill the book within 15 s");
    assert_eq!(found.source, "bitrix24", "{found:?}");
    let newcomer = format!("newcomer{}@corp.test", servers::unique_suffix().replace('_', "").to_lowercase());
    portal.with(|p| {
        p.users.insert(1000, fake::user(1000, "Новый", "Сотрудник", &newcomer, &[]));
    });
    let mut arrived = None;
    for _ in 0..150 {
        arrived = contact(&server, &creator, &newcomer).await;
        if arrived.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let arrived = arrived.expect("a user added at the portal did not reach the book within 15 s");
    assert_eq!((arrived.name.as_str(), arrived.source_id.as_str()), ("Новый Сотрудник", "1000"));
    // The passes are the system's, audited under the book's target.
    let trail = audit_trail(&server, &creator).await;
    assert!(trail.iter().any(|e| e.contains("system")), "{trail:?}");
}
