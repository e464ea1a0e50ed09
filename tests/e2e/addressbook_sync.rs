//! cabsync (guide §2.15, `services/ad/users/*`) against the real Samba AD DC
//! of `scripts/servers/up.sh samba`: the seeded 1,200+ people (paged reads,
//! Cyrillic names, disabled accounts, a partner `contact`) become the
//! tenant's external contacts; the dry run, the /v2 route and the CLI; a
//! second run changes nothing; an address held by a local user is a
//! conflict, never overwritten; and, in an OU of the test's own, a rename
//! at the source (an update of the same contact), a disabled and a deleted
//! entry (removed), an admin's contact the sync does not touch. OpenLDAP
//! and 389-ds stand in for FreeIPA-like sources (`entryUUID`,
//! `nsUniqueId`). A run interrupted midway leaves whole contacts, and the
//! next one completes the book. Bad sources change
//! nothing. The first run goes through RunSync, whose progress stream is
//! checked. Runs on every store of the e2e suite (`PBM_TEST_STORE`).

use std::collections::HashSet;

use pbm::pb;
use serde_json::Value;
use tonic::Code;

use crate::common::{
    Options, TestServer, authed, expect_code, json,
    mailstore::leak,
    progress::{assert_progress, run_streamed},
    servers,
};

use crate::common::ad;

const TENANT: &str = "corp";

type BookClient = pb::address_book_service_client::AddressBookServiceClient<tonic::transport::Channel>;

fn connection(ad: &ad::Ad) -> Vec<(&'static str, &'static str)> {
    let mut settings: Vec<(&'static str, &'static str)> =
        ad.settings().into_iter().map(|(k, v)| (leak(k), leak(v))).collect();
    settings.push(("services/ad/enabled", "true"));
    settings
}

async fn start(settings: Vec<(&'static str, &'static str)>, domain: &str) -> (TestServer, String) {
    let server = TestServer::start_with(Options { settings, ..Default::default() }).await;
    let creator = server.creator_token().await;
    let created = server
        .tenants()
        .create_tenant(authed(
            &creator,
            pb::CreateTenantRequest { tenant_id: TENANT.into(), tenant: None, domain: domain.into() },
        ))
        .await;
    if let Err(status) = created {
        assert_eq!(status.code(), Code::AlreadyExists, "tenant corp: {status:?}");
    }
    (server, creator)
}

async fn sync(server: &TestServer, token: &str, dry_run: bool) -> Result<pb::SyncAddressBookResponse, tonic::Status> {
    let request =
        pb::SyncAddressBookRequest { tenant_id: TENANT.into(), source: pb::AddressBookSource::Ad as i32, dry_run };
    server.users().sync_address_book(authed(token, request)).await.map(|r| r.into_inner())
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

#[tokio::test]
async fn the_seeded_directory_fills_the_address_book() {
    let Some(ad) = ad::samba() else { return };
    let mut settings = connection(&ad);
    settings.push(("services/ad/users/base_dn", leak(ad.people())));
    let (server, creator) = start(settings, "corp.test").await;
    // A local user holds anna's address: a conflict, never overwritten.
    let anna = crate::common::fixtures::new_user(TENANT, "anna.smirnova@corp.test", "Local-Passw0rd!", pb::Role::User);
    server.users().create_user(authed(&creator, pb::CreateUserRequest { user: Some(anna) })).await.unwrap();

    let started = std::time::Instant::now();
    let plan = sync(&server, &creator, true).await.unwrap();
    assert!(plan.dry_run);
    assert!(plan.read > 1_000, "paged: {} entries read", plan.read);
    assert!(plan.changes.iter().any(|c| c == "create ivan.petrov@corp.test"), "{:?}", &plan.changes[..5]);
    assert_eq!(total(&server, &creator).await, 0, "a dry run writes nothing");

    // The first real run through RunSync: its progress, then the same report.
    let messages = run_streamed(&server, &creator, TENANT, pb::SyncKind::AddressBookAd).await;
    let report = assert_progress(&messages);
    let first = pb::SyncAddressBookResponse {
        created: i32::try_from(report.created).unwrap(),
        updated: i32::try_from(report.updated).unwrap(),
        dry_run: report.dry_run,
        read: report.read,
        removed: report.removed,
        unchanged: report.unchanged,
        changes: report.changes,
        conflicts: report.conflicts,
    };
    eprintln!("cabsync of the seeded AD: {:?} in {:?}", (first.read, first.created), started.elapsed());
    assert_eq!((first.created, first.read), (plan.created, plan.read));
    assert_eq!(total(&server, &creator).await, first.created);
    assert!(
        first.conflicts.iter().any(|c| c.contains("anna.smirnova@corp.test") && c.contains("user")),
        "{:?}",
        first.conflicts
    );
    let ivan = contact(&server, &creator, "ivan.petrov@corp.test").await.expect("ivan");
    // The guide's default users mapping has no department (nor telephoneNumber).
    assert_eq!((ivan.name.as_str(), ivan.title.as_str(), ivan.department.as_str()), ("Иван Петров", "Инженер", ""));
    assert_eq!(
        (ivan.office.as_str(), ivan.street.as_str(), ivan.city.as_str()),
        ("Офис 101", "ул. Тверская, 1", "Москва")
    );
    assert_eq!(ivan.phones, ["+7 900 000-00-01"], "mobile");
    assert_eq!(ivan.source, "ad");
    assert_eq!(ivan.source_id.len(), 36, "the objectGUID: {}", ivan.source_id);
    assert!(contact(&server, &creator, "olga.disabled@corp.test").await.is_none(), "disabled at the source");
    assert!(contact(&server, &creator, "employee0050@corp.test").await.is_none(), "disabled at the source");
    assert!(contact(&server, &creator, "partner@partner.example").await.is_some(), "an AD contact object");
    // The local user stays the tenant's, and the book shows the user.
    let user = server
        .users()
        .get_user(authed(
            &creator,
            pb::GetUserRequest { tenant_id: TENANT.into(), mail: "anna.smirnova@corp.test".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(user.given_name, "Given");
    assert!(contact(&server, &creator, "anna.smirnova@corp.test").await.is_none());

    // A second run changes nothing (gRPC, then the guide's route).
    let again = sync(&server, &creator, false).await.unwrap();
    assert_eq!((again.created, again.updated, again.removed, again.unchanged), (0, 0, 0, i64::from(first.created)));
    let (status, body) = json(
        server
            .http
            .post(server.url("/v2/actions/cabsync/corp/ad"))
            .bearer_auth(&creator)
            .form(&[("dry_run", "1")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["success"].clone(), body["created"].clone()), (Value::Bool(true), Value::from(0)));
    assert_eq!(body["unchanged"], Value::from(first.created));

    // The CLI: pbm sync ad --tenant corp --dry-run (off the test's thread).
    let (base, token) = (server.base.clone(), creator.clone());
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_pbm"))
            .args(["sync", "ad", "--server", &base, "--token", &token, "--tenant", TENANT, "--dry-run"])
            .output()
            .expect("pbm runs")
    })
    .await
    .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed} {}", String::from_utf8_lossy(&output.stderr));
    assert!(
        printed.contains(&format!("address book (dry run: nothing written): read {}, created 0", first.read)),
        "{printed}"
    );

    // The run's counts are audited.
    let events = pb::audit_service_client::AuditServiceClient::new(server.channel())
        .list_audit_events(authed(
            &creator,
            pb::ListAuditEventsRequest {
                tenant_id: TENANT.into(),
                target: "address_book:ad".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(events.events.len() >= 2, "{:?}", events.events.len());
}

#[tokio::test]
async fn renames_disables_and_deletions_at_the_source_reach_the_book() {
    let Some(ad) = ad::samba() else { return };
    let ou = ad.fresh_ou("cab").await;
    let mut settings = connection(&ad);
    settings.push(("services/ad/users/base_dn", leak(ou.clone())));
    let (server, creator) = start(settings, "corp.test").await;
    let tag = servers::unique_suffix().replace('_', "").to_lowercase();
    let sam = |name: &str| format!("{name}{tag}");
    let phone: &[&str] = &["+7 812 000-00-02"];
    let keep = ad.add_user(&ou, &sam("keep"), "Пётр", "Оставшийся", None, &[("mobile", phone)]).await;
    let moved = ad.add_user(&ou, &sam("moved"), "Вера", "Прежняя", None, &[]).await;
    let off = ad.add_user(&ou, &sam("off"), "Глеб", "Выключаемый", None, &[]).await;
    let gone = ad.add_user(&ou, &sam("gone"), "Дина", "Удаляемая", None, &[]).await;
    // An admin's own contact at an address the directory also has: left alone.
    let admin_own = pb::Contact {
        tenant_id: TENANT.into(),
        mail: format!("{}@corp.test", sam("mine")),
        name: "Admin's own".into(),
        ..Default::default()
    };
    BookClient::new(server.channel())
        .create_contact(authed(&creator, pb::CreateContactRequest { contact: Some(admin_own.clone()) }))
        .await
        .unwrap();
    ad.add_user(&ou, &sam("mine"), "Чужой", "Контакт", None, &[]).await;

    let first = sync(&server, &creator, false).await.unwrap();
    assert_eq!((first.read, first.created), (5, 4), "{first:?}");
    assert!(first.conflicts.iter().any(|c| c.contains(&admin_own.mail)), "{:?}", first.conflicts);
    assert_eq!(contact(&server, &creator, &admin_own.mail).await.unwrap().name, "Admin's own", "not overwritten");
    let before = contact(&server, &creator, &format!("{}@corp.test", sam("moved"))).await.unwrap();

    // A rename (new name and address), a disable, a deletion.
    let new_mail = format!("{}@corp.test", sam("renamed"));
    let moved = ad.rename(&moved, "CN=Вера Новая").await;
    ad.replace(&moved, &[("mail", &[new_mail.as_str()]), ("displayName", &["Вера Новая"])]).await;
    ad.replace(&off, &[("userAccountControl", &["546"])]).await;
    ad.delete(&gone).await;
    let plan = sync(&server, &creator, true).await.unwrap();
    assert_eq!((plan.created, plan.updated, plan.removed), (0, 1, 2), "{plan:?}");
    let next = sync(&server, &creator, false).await.unwrap();
    assert_eq!((next.created, next.updated, next.removed, next.unchanged), (0, 1, 2, 1), "{next:?}");
    let after = contact(&server, &creator, &new_mail).await.expect("the renamed contact");
    assert_eq!(
        (after.name.as_str(), after.source_id.as_str()),
        ("Вера Новая", before.source_id.as_str()),
        "the same contact"
    );
    assert!(contact(&server, &creator, &before.mail).await.is_none());
    assert!(contact(&server, &creator, &format!("{}@corp.test", sam("off"))).await.is_none(), "disabled: removed");
    assert!(contact(&server, &creator, &format!("{}@corp.test", sam("gone"))).await.is_none(), "deleted: removed");
    let kept = contact(&server, &creator, &format!("{}@corp.test", sam("keep"))).await.unwrap();
    assert_eq!(kept.phones, phone);
    let again = sync(&server, &creator, false).await.unwrap();
    assert_eq!((again.created, again.updated, again.removed), (0, 0, 0), "{again:?}");
    let _ = keep;
    ad.delete_tree(&ou).await;
}

/// An LDAP server standing in for FreeIPA: `inetOrgPerson` people, keyed by
/// `entryUUID` (OpenLDAP) or `nsUniqueId` (389-ds).
async fn freeipa_like_source(kind: &str) {
    let prefix = if kind == "slapd" { "PBM_TEST_SLAPD" } else { "PBM_TEST_DS389" };
    let Some(url) = servers::require_server(&format!("{prefix}_URL"), kind) else { return };
    let var = |name: &str| servers::test_server_var(&format!("{prefix}_{name}")).unwrap();
    let (bind_dn, bind_pw) = (var("BIND_DN"), var("BIND_PW"));
    let base = servers::test_server_var("PBM_TEST_LDAP_BASE_DN").unwrap_or_else(|| "dc=pbm,dc=test".into());
    let tag = servers::unique_suffix().replace('_', "");
    let ou = format!("ou=cab-{tag},{base}");
    let (conn, mut ldap) = ldap3::LdapConnAsync::new(&url).await.unwrap();
    tokio::spawn(async move {
        let _ = conn.drive().await;
    });
    ldap.simple_bind(&bind_dn, &bind_pw).await.unwrap().success().unwrap();
    ldap.add(&ou, vec![("objectClass", HashSet::from(["organizationalUnit"]))]).await.unwrap().success().unwrap();
    let mut dns = Vec::new();
    for (uid, cn) in [("z1", "Зоя Кротова"), ("z2", "Ян Местный")] {
        let dn = format!("uid={uid},{ou}");
        let mail = format!("{uid}-{tag}@partner.test");
        let attrs = vec![
            ("objectClass", HashSet::from(["inetOrgPerson"])),
            ("uid", HashSet::from([uid])),
            ("cn", HashSet::from([cn])),
            ("sn", HashSet::from([cn])),
            ("mail", HashSet::from([mail.as_str()])),
            ("title", HashSet::from(["Аналитик"])),
        ];
        ldap.add(&dn, attrs).await.unwrap().success().unwrap();
        dns.push(dn);
    }
    let host_port = url.trim_start_matches("ldap://").trim_end_matches('/');
    let (host, port) = host_port.rsplit_once(':').unwrap();
    let settings: Vec<(&'static str, &'static str)> = vec![
        ("services/ad/enabled", "true"),
        ("services/ad/host", leak(host.to_owned())),
        ("services/ad/port", leak(port.to_owned())),
        ("services/ad/ssl", "false"),
        ("services/ad/starttls", "false"),
        ("services/ad/bind_dn", leak(bind_dn.clone())),
        ("services/ad/password", leak(bind_pw.clone())),
        ("services/ad/users/base_dn", leak(ou.clone())),
    ];
    let (server, creator) = start(settings, "corp.test").await;
    let first = sync(&server, &creator, false).await.unwrap();
    assert_eq!((first.read, first.created), (2, 2), "{first:?}");
    let z1 = contact(&server, &creator, &format!("z1-{tag}@partner.test")).await.unwrap();
    assert_eq!((z1.name.as_str(), z1.title.as_str()), ("Зоя Кротова", "Аналитик"));
    // entryUUID: 8-4-4-4-12 hex digits; nsUniqueId: four groups of 8
    let id_len = if kind == "slapd" { 36 } else { 35 };
    assert_eq!(z1.source_id.len(), id_len, "{kind}: the stable id {}", z1.source_id);
    ldap.delete(&dns[1]).await.unwrap().success().unwrap();
    let next = sync(&server, &creator, false).await.unwrap();
    assert_eq!((next.created, next.updated, next.removed, next.unchanged), (0, 0, 1, 1), "{next:?}");
    ldap.delete(&dns[0]).await.unwrap().success().unwrap();
    let _ = ldap.delete(&ou).await;
}

#[tokio::test]
async fn openldap_as_a_freeipa_like_source() {
    freeipa_like_source("slapd").await;
}

#[tokio::test]
async fn ds389_as_a_freeipa_like_source() {
    freeipa_like_source("ds389").await;
}

/// A run stopped midway — its RunSync client goes away while it writes —
/// leaves whole contacts, and the next run completes the book.
#[tokio::test]
async fn an_interrupted_sync_leaves_a_consistent_book_that_the_next_run_completes() {
    let Some(ad) = ad::samba() else { return };
    let mut settings = connection(&ad);
    settings.push(("services/ad/users/base_dn", leak(ad.people())));
    let (server, creator) = start(settings, "corp.test").await;
    let plan = sync(&server, &creator, true).await.unwrap();
    let request = pb::RunSyncRequest {
        tenant_id: TENANT.into(),
        kind: pb::SyncKind::AddressBookAd as i32,
        dry_run: false,
        full: false,
    };
    let mut stream = server.users().run_sync(authed(&creator, request)).await.unwrap().into_inner();
    loop {
        let message = stream.message().await.unwrap().expect("the run ends with a report");
        assert!(message.report.is_none(), "the run finished before it could be interrupted: {message:?}");
        if message.phase == pb::SyncPhase::Applying as i32 && message.applied > 0 {
            break;
        }
    }
    drop(stream); // the client goes away: the server stops the run
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let written = total(&server, &creator).await;
    assert!(written > 0 && written < plan.created, "stopped midway: {written} of {}", plan.created);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(total(&server, &creator).await, written, "the run is stopped, not running on");

    let next = sync(&server, &creator, false).await.unwrap();
    assert_eq!((next.created, next.unchanged), (plan.created - written, i64::from(written)), "{next:?}");
    assert_eq!(total(&server, &creator).await, plan.created, "complete");
    let ivan = contact(&server, &creator, "ivan.petrov@corp.test").await.expect("ivan");
    assert_eq!(ivan.name, "Иван Петров");
}

#[tokio::test]
async fn bad_sources_change_nothing_and_name_what_to_fix() {
    // Off: FAILED_PRECONDITION naming services/ad/enabled.
    let (server, creator) = start(Vec::new(), "corp.test").await;
    let status = expect_code(sync(&server, &creator, false).await, Code::FailedPrecondition);
    assert!(status.message().contains("services/ad/enabled"), "{status:?}");
    // Unreachable: UNAVAILABLE naming host:port.
    let settings = vec![
        ("services/ad/enabled", "true"),
        ("services/ad/host", "127.0.0.1"),
        ("services/ad/port", "1"),
        ("services/ad/ssl", "false"),
        ("services/ad/starttls", "false"),
        ("services/ad/users/base_dn", "ou=people,dc=nowhere,dc=test"),
    ];
    let (server, creator) = start(settings, "corp.test").await;
    let status = expect_code(sync(&server, &creator, false).await, Code::Unavailable);
    assert!(status.message().contains("127.0.0.1:1"), "{status:?}");
    assert_eq!(total(&server, &creator).await, 0);
    // A bad bind at the real AD: FAILED_PRECONDITION naming the setting.
    let Some(ad) = ad::samba() else { return };
    let mut settings: Vec<(&'static str, &'static str)> = connection(&ad)
        .into_iter()
        .map(|(k, v)| if k == "services/ad/password" { (k, "Wrong-Passw0rd!") } else { (k, v) })
        .collect();
    settings.push(("services/ad/users/base_dn", leak(ad.people())));
    let (server, creator) = start(settings, "corp.test").await;
    let status = expect_code(sync(&server, &creator, false).await, Code::FailedPrecondition);
    assert!(status.message().contains("services/ad/"), "{status:?}");
    assert_eq!(total(&server, &creator).await, 0);
    // Another tenant's admin and users are refused.
    expect_code(
        server
            .users()
            .sync_address_book(authed(
                "not-a-token",
                pb::SyncAddressBookRequest { tenant_id: TENANT.into(), source: 1, dry_run: true },
            ))
            .await,
        Code::Unauthenticated,
    );
}
