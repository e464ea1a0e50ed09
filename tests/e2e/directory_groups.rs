//! groupsync (guide §2.15, `services/ad/groups/*`) against the real Samba
//! AD DC of `scripts/servers/up.sh samba`: the seeded groups become the
//! tenant's mailing lists with their members resolved by address
//! (`rename_domains`, `rename_emails`, `cab_exclusions` and `aliases` at
//! work, a partner contact as an external member, members without a pbm
//! address left out); the dry run, the /v2 route, RunSync and the CLI; a
//! second run changes nothing; and, in an OU of the test's own, a group
//! renamed at the source (an update of the same list), one deleted (its
//! list removed), an address held by a local user (a conflict) and a list
//! the sync did not make (never touched). OpenLDAP and 389-ds stand in for
//! FreeIPA-like sources (`groupOfNames`). The periodic sync makes the lists
//! of the tenants `services/ad/sync_tenants` names. Runs on every store of
//! the e2e suite (`PBM_TEST_STORE`).

use std::collections::HashSet;

use pbm::pb;
use serde_json::Value;
use tonic::Code;

use crate::common::{
    Options, TestServer, ad, authed,
    fixtures::new_user,
    json,
    mailstore::leak,
    progress::{assert_progress, run_streamed},
    servers,
};

const TENANT: &str = "corp";

fn groups_settings(
    ad: &ad::Ad,
    base: &str,
    extra: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut settings: Vec<(&'static str, &'static str)> =
        ad.settings().into_iter().map(|(k, v)| (leak(k), leak(v))).collect();
    settings.push(("services/ad/enabled", "true"));
    settings.push(("services/ad/groups/base_dn", leak(base.to_owned())));
    settings.extend_from_slice(extra);
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

async fn sync(server: &TestServer, token: &str, dry_run: bool) -> Result<pb::SyncMailListsResponse, tonic::Status> {
    let request = pb::SyncMailListsRequest { tenant_id: TENANT.into(), dry_run };
    server.mail_lists().sync_mail_lists(authed(token, request)).await.map(|r| r.into_inner())
}

async fn list(server: &TestServer, token: &str, mail: &str) -> Option<pb::MailList> {
    let request = pb::GetMailListRequest { tenant_id: TENANT.into(), mail: mail.into() };
    match server.mail_lists().get_mail_list(authed(token, request)).await {
        Ok(r) => Some(r.into_inner()),
        Err(s) if s.code() == Code::NotFound => None,
        Err(s) => panic!("GetMailList {mail}: {s:?}"),
    }
}

async fn user(server: &TestServer, token: &str, mail: &str) {
    let user = new_user(TENANT, mail, "Local-Passw0rd!", pb::Role::User);
    server.users().create_user(authed(token, pb::CreateUserRequest { user: Some(user) })).await.unwrap();
}

fn sorted(members: &[String]) -> Vec<&str> {
    let mut members: Vec<&str> = members.iter().map(String::as_str).collect();
    members.sort();
    members
}

#[tokio::test]
async fn the_seeded_groups_become_mailing_lists() {
    let Some(ad) = ad::samba() else { return };
    let settings = groups_settings(
        &ad,
        &ad.groups(),
        &[
            ("services/ad/groups/rename_domains", r#"{"corp.local": "corp.test"}"#),
            ("services/ad/groups/rename_emails", r#"{"old-name@corp.test": "new-name@corp.test"}"#),
            ("services/ad/groups/cab_exclusions", r#"["excluded@corp.test"]"#),
            ("services/ad/groups/aliases", r#"{"sales@corp.test": "sales-team@corp.test"}"#),
        ],
    );
    let (server, creator) = start(settings, "corp.test").await;
    // Two of the members have pbm accounts; employee0001-0003 have none here.
    user(&server, &creator, "ivan.petrov@corp.test").await;
    user(&server, &creator, "anna.smirnova@corp.test").await;

    let plan = sync(&server, &creator, true).await.unwrap();
    assert!(plan.dry_run);
    assert_eq!((plan.read, plan.created), (4, 5), "four groups with mail, one alias list: {plan:?}");
    assert!(list(&server, &creator, "sales@corp.test").await.is_none(), "a dry run writes nothing");

    // The real run through RunSync, with its progress.
    let messages = run_streamed(&server, &creator, TENANT, pb::SyncKind::MailListsAd).await;
    let first = assert_progress(&messages);
    let last = messages.last().unwrap();
    assert_eq!((last.phase, last.applied, last.planned), (pb::SyncPhase::Done as i32, 5, 5), "{last:?}");
    assert_eq!((first.read, first.created, first.conflicts.len()), (4, 5, 0), "{first:?}");
    for missing in ["employee0001@corp.test", "employee0002@corp.test", "employee0003@corp.test"] {
        assert!(
            first.changes.iter().any(|c| c.starts_with("sales@corp.test: member") && c.contains(missing)),
            "{missing} is noted as left out: {:?}",
            first.changes
        );
    }

    let sales = list(&server, &creator, "sales@corp.test").await.expect("sales");
    assert_eq!(sales.display_name, "Отдел продаж");
    assert_eq!(
        sorted(&sales.members),
        ["anna.smirnova@corp.test", "ivan.petrov@corp.test", "partner@partner.example"],
        "people by address, the partner contact as an external member"
    );
    assert_eq!(sales.address_book_visibility, Some(1));
    let alias = list(&server, &creator, "sales-team@corp.test").await.expect("the alias list");
    assert_eq!(
        (alias.members.as_slice(), alias.address_book_visibility),
        (&["sales@corp.test".to_string()][..], Some(2))
    );
    let excluded = list(&server, &creator, "excluded@corp.test").await.expect("excluded");
    assert_eq!(excluded.address_book_visibility, Some(2), "cab_exclusions: kept out of the book");
    let legacy = list(&server, &creator, "legacy@corp.test").await.expect("rename_domains corp.local → corp.test");
    assert_eq!(legacy.members, ["ivan.petrov@corp.test"]);
    assert!(list(&server, &creator, "new-name@corp.test").await.is_some(), "rename_emails");
    assert!(list(&server, &creator, "old-name@corp.test").await.is_none());

    // A second run changes nothing (gRPC, then the guide's route).
    let again = sync(&server, &creator, false).await.unwrap();
    assert_eq!((again.created, again.updated, again.removed, again.unchanged), (0, 0, 0, 5), "{again:?}");
    let (status, body) = json(
        server
            .http
            .post(server.url("/v2/actions/groupsync/corp/ad"))
            .bearer_auth(&creator)
            .form(&[("dry_run", "1")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["success"].clone(), body["unchanged"].clone()), (Value::Bool(true), Value::from(5)));
    let (status, body) = json(
        server.http.post(server.url("/v2/actions/groupsync/corp/bitrix24")).bearer_auth(&creator).send().await.unwrap(),
    )
    .await;
    assert_eq!(status, 400, "{body}");

    // The CLI: pbm sync ad --tenant corp --groups --dry-run.
    let (base, token) = (server.base.clone(), creator.clone());
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_pbm"))
            .args(["sync", "ad", "--server", &base, "--token", &token, "--tenant", TENANT, "--groups", "--dry-run"])
            .output()
            .expect("pbm runs")
    })
    .await
    .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed} {}", String::from_utf8_lossy(&output.stderr));
    assert!(printed.contains("mailing lists (dry run: nothing written): read 4, created 0, updated 0"), "{printed}");

    // The run's counts are audited.
    let events = pb::audit_service_client::AuditServiceClient::new(server.channel())
        .list_audit_events(authed(
            &creator,
            pb::ListAuditEventsRequest {
                tenant_id: TENANT.into(),
                target: "mail_lists:ad".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(events.events.len() >= 2, "{:?}", events.events.len());
}

#[tokio::test]
async fn renames_and_deletions_at_the_source_reach_the_lists_and_nothing_else_is_touched() {
    let Some(ad) = ad::samba() else { return };
    let ou = ad.fresh_ou("groups").await;
    let tag = servers::unique_suffix().replace('_', "");
    let (team, held) = (format!("team{tag}@corp.test"), format!("held{tag}@corp.test"));
    let member = ad.add_user(&ou, &format!("m{tag}"), "Член", "Группы", None, &[]).await;
    let team_dn = ad.add_group(&ou, &format!("Team {tag}"), &team, &[member.as_str()]).await;
    let gone_dn = ad.add_group(&ou, &format!("Gone {tag}"), &format!("gone{tag}@corp.test"), &[]).await;
    ad.add_group(&ou, &format!("Held {tag}"), &held, &[]).await;
    let (server, creator) = start(groups_settings(&ad, &ou, &[]), "corp.test").await;
    user(&server, &creator, &format!("m{tag}@corp.test")).await;
    user(&server, &creator, &held).await; // a local user holds a group's address
    let own = pb::MailList {
        tenant_id: TENANT.into(),
        mail: format!("admins{tag}@corp.test"),
        display_name: "Admins' own".into(),
        members: vec![format!("m{tag}@corp.test")],
        ..Default::default()
    };
    server
        .mail_lists()
        .create_mail_list(authed(&creator, pb::CreateMailListRequest { mail_list: Some(own.clone()) }))
        .await
        .unwrap();

    let first = sync(&server, &creator, false).await.unwrap();
    assert_eq!((first.read, first.created), (3, 2), "{first:?}");
    assert!(first.conflicts.iter().any(|c| c.contains(&held) && c.contains("user")), "{:?}", first.conflicts);
    assert_eq!(list(&server, &creator, &team).await.unwrap().members, [format!("m{tag}@corp.test")]);

    // Renamed at the source (a new CN and a new address): the same list, updated.
    let renamed_team = format!("crew{tag}@corp.test");
    let team_dn = ad.rename(&team_dn, &format!("CN=Crew {tag}")).await;
    ad.replace(&team_dn, &[("mail", &[renamed_team.as_str()]), ("displayName", &["Экипаж"])]).await;
    ad.delete(&gone_dn).await;
    let next = sync(&server, &creator, false).await.unwrap();
    assert_eq!((next.created, next.updated, next.removed), (0, 1, 1), "{next:?}");
    assert!(list(&server, &creator, &team).await.is_none(), "the old address is gone");
    let crew = list(&server, &creator, &renamed_team).await.expect("renamed");
    assert_eq!((crew.display_name.as_str(), crew.members.len()), ("Экипаж", 1));
    assert!(list(&server, &creator, &format!("gone{tag}@corp.test")).await.is_none(), "deleted at the source");
    let untouched = list(&server, &creator, &own.mail).await.expect("the admin's list");
    assert_eq!(untouched.display_name, "Admins' own");
    let again = sync(&server, &creator, false).await.unwrap();
    assert_eq!((again.created, again.updated, again.removed, again.unchanged), (0, 0, 0, 1), "{again:?}");
    ad.delete_tree(&ou).await;
}

/// An LDAP server standing in for FreeIPA: `groupOfNames` groups carrying a
/// `mail` (through `extensibleObject`), members that are `inetOrgPerson`s.
async fn freeipa_like_groups(server: &str) {
    let prefix = if server == "slapd" { "PBM_TEST_SLAPD" } else { "PBM_TEST_DS389" };
    let Some(url) = servers::require_server(&format!("{prefix}_URL"), server) else { return };
    let var = |name: &str| servers::test_server_var(&format!("{prefix}_{name}")).unwrap();
    let (bind_dn, bind_pw) = (var("BIND_DN"), var("BIND_PW"));
    let base = servers::test_server_var("PBM_TEST_LDAP_BASE_DN").unwrap_or_else(|| "dc=pbm,dc=test".into());
    let tag = servers::unique_suffix().replace('_', "");
    let ou = format!("ou=groups-{tag},{base}");
    let domain = format!("ipa{tag}.test");
    let (conn, mut ldap) = ldap3::LdapConnAsync::new(&url).await.unwrap();
    tokio::spawn(async move {
        let _ = conn.drive().await;
    });
    ldap.simple_bind(&bind_dn, &bind_pw).await.unwrap().success().unwrap();
    ldap.add(&ou, vec![("objectClass", HashSet::from(["organizationalUnit"]))]).await.unwrap().success().unwrap();
    let person = format!("uid=g1,{ou}");
    let person_mail = format!("g1@{domain}");
    ldap.add(
        &person,
        vec![
            ("objectClass", HashSet::from(["inetOrgPerson"])),
            ("uid", HashSet::from(["g1"])),
            ("cn", HashSet::from(["Глеб Первый"])),
            ("sn", HashSet::from(["Первый"])),
            ("mail", HashSet::from([person_mail.as_str()])),
        ],
    )
    .await
    .unwrap()
    .success()
    .unwrap_or_else(|e| panic!("{server}: adding {person}: {e}"));
    let group = format!("cn=devs,{ou}");
    let group_mail = format!("devs@{domain}");
    ldap.add(
        &group,
        vec![
            ("objectClass", HashSet::from(["groupOfNames", "extensibleObject"])),
            ("cn", HashSet::from(["devs"])),
            ("mail", HashSet::from([group_mail.as_str()])),
            ("member", HashSet::from([person.as_str()])),
        ],
    )
    .await
    .unwrap()
    .success()
    .unwrap_or_else(|e| panic!("{server}: adding {group}: {e}"));
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
        ("services/ad/groups/base_dn", leak(ou.clone())),
        // the guide's recommended filter for FreeIPA/ALD Pro/OpenLDAP/389-ds
        ("services/ad/groups/filter", "(&(objectClass=groupOfNames)(mail=*))"),
    ];
    let (pbm, creator) = start(settings, &domain).await;
    user(&pbm, &creator, &person_mail).await;
    let first = sync(&pbm, &creator, false).await.unwrap();
    assert_eq!((first.read, first.created), (1, 1), "{server}: {first:?}");
    let devs = list(&pbm, &creator, &group_mail).await.expect("devs");
    assert_eq!((devs.display_name.as_str(), devs.members.as_slice()), ("devs", &[person_mail.clone()][..]), "{server}");
    let again = sync(&pbm, &creator, false).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 1), "{server}: {again:?}");
    let _ = ldap.delete(&group).await;
    let _ = ldap.delete(&person).await;
    let _ = ldap.delete(&ou).await;
}

#[tokio::test]
async fn openldap_groups_as_a_freeipa_like_source() {
    freeipa_like_groups("slapd").await;
}

#[tokio::test]
async fn ds389_groups_as_a_freeipa_like_source() {
    freeipa_like_groups("ds389").await;
}

#[tokio::test]
async fn the_periodic_sync_makes_the_lists_of_the_listed_tenants() {
    let Some(ad) = ad::samba() else { return };
    let ou = ad.fresh_ou("periodic-groups").await;
    let tag = servers::unique_suffix().replace('_', "");
    let mail = format!("periodic{tag}@corp.test");
    ad.add_group(&ou, &format!("Periodic {tag}"), &mail, &[]).await;
    let settings =
        groups_settings(&ad, &ou, &[("services/ad/sync_interval", "1"), ("services/ad/sync_tenants", r#"["corp"]"#)]);
    let (server, creator) = start(settings, "corp.test").await;
    let mut found = None;
    for _ in 0..100 {
        found = list(&server, &creator, &mail).await;
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found.is_some(), "the periodic sync did not make the list within 10 s");
    ad.delete_tree(&ou).await;
}
