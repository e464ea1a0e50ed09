//! BackupService over gRPC: the directory exported as LDIF and imported
//! into a second pbm (SQLite → PostgreSQL when the test server is up)
//! with every object and field intact and passwords still valid;
//! add-missing versus replace, dry runs, malformed LDIF refused with its
//! line and nothing changed, `ldapadd` of an export into the test slapd,
//! settings dumped and restored in `etcdctl get` format (store and etcd),
//! and superadmins only.

use std::collections::BTreeMap;

use futures::StreamExt as _;
use pbm::pb::{self, backup_service_client::BackupServiceClient, settings_service_client::SettingsServiceClient};
use prost_types::FieldMask;
use tonic::{Code, Status};

use crate::common::{
    TestServer, authed, certs, expect_code,
    fixtures::{Tenant, USER_PASSWORD, new_user},
    matrix::{self, Outcome, Row, Who, outcome},
    require_server, test_server_var, unique_suffix,
};
use Outcome::{Allowed as A, Denied as D, Refused as R, Unauthenticated as U};

pub(crate) fn backup(server: &TestServer) -> BackupServiceClient<tonic::transport::Channel> {
    BackupServiceClient::new(server.channel())
}

/// The whole export (or one tenant's) as text.
pub(crate) async fn export(server: &TestServer, token: &str, tenant_id: &str) -> Result<String, Status> {
    let request = pb::ExportDirectoryRequest { tenant_id: tenant_id.into() };
    let mut stream = backup(server).export_directory(authed(token, request)).await?.into_inner();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend(chunk?.data);
    }
    Ok(String::from_utf8(bytes).expect("LDIF is text"))
}

/// Imports `ldif` in `mode`; every progress message, the last one done.
pub(crate) async fn import(
    server: &TestServer,
    token: &str,
    mode: pb::ImportMode,
    dry_run: bool,
    ldif: &str,
) -> Result<Vec<pb::ImportProgress>, Status> {
    let options = pb::ImportOptions { mode: mode as i32, dry_run, resume_id: String::new() };
    import_with(server, token, options, ldif).await
}

async fn import_with(
    server: &TestServer,
    token: &str,
    options: pb::ImportOptions,
    ldif: &str,
) -> Result<Vec<pb::ImportProgress>, Status> {
    let mut messages =
        vec![pb::ImportDirectoryRequest { part: Some(pb::import_directory_request::Part::Options(options)) }];
    // Small chunks, cut anywhere: the server must not care where.
    for chunk in ldif.as_bytes().chunks(1000) {
        messages
            .push(pb::ImportDirectoryRequest { part: Some(pb::import_directory_request::Part::Data(chunk.to_vec())) });
    }
    let request = authed(token, tokio_stream::iter(messages));
    let mut stream = backup(server).import_directory(request).await?.into_inner();
    let mut progress = Vec::new();
    while let Some(message) = stream.next().await {
        progress.push(message?);
    }
    Ok(progress)
}

/// Entries by DN (lower-case), each a sorted list of (attribute, value).
pub(crate) fn entries(ldif: &str) -> BTreeMap<String, Vec<(String, Vec<u8>)>> {
    pbm::ldif::LdifReader::new(ldif.as_bytes())
        .map(|entry| {
            let entry = entry.expect("a valid export");
            let mut values: Vec<(String, Vec<u8>)> =
                entry.values.iter().map(|v| (v.attribute.to_lowercase(), v.value.clone())).collect();
            values.sort();
            (entry.dn.to_lowercase(), values)
        })
        .collect()
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask { paths: paths.iter().map(|p| p.to_string()).collect() })
}

/// Fills a server with one of everything: a tenant with two mail domains,
/// an admin, a user with alternate address, alias and Cyrillic fields, a
/// soft-deleted user, a resource group with a resource, a mailing list
/// with an internal and an external member, and a web domain.
pub(crate) async fn populate(server: &TestServer, creator: &str) -> Tenant {
    let acme = Tenant::create(server, creator, "acme").await;
    server
        .domains()
        .create_mail_domain(authed(
            creator,
            pb::CreateMailDomainRequest {
                domain: Some(pb::MailDomain {
                    name: "acme2.test".into(),
                    tenant_id: "acme".into(),
                    display_name: "Second".into(),
                    description: "Вторая".into(),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap();
    let mut user = new_user("acme", &acme.user, "", pb::Role::User);
    user.alternate_address = "user.alt@acme2.test".into();
    user.aliases = vec!["u2@acme.test".into()];
    user.department = "Отдел продаж".into();
    user.work_phone = "+7 (495) 123-45-67 #89".into();
    user.quota_bytes = Some(1 << 30);
    server
        .users()
        .update_user(authed(
            creator,
            pb::UpdateUserRequest {
                user: Some(user),
                update_mask: mask(&["alternate_address", "aliases", "department", "work_phone", "quota_bytes"]),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    let gone = new_user("acme", "gone@acme.test", "Gone-Pass1", pb::Role::User);
    server.users().create_user(authed(creator, pb::CreateUserRequest { user: Some(gone) })).await.unwrap();
    server
        .users()
        .delete_user(authed(creator, pb::DeleteUserRequest { tenant_id: "acme".into(), mail: "gone@acme.test".into() }))
        .await
        .unwrap();
    server
        .resources()
        .create_resource_group(authed(
            creator,
            pb::CreateResourceGroupRequest { tenant_id: "acme".into(), name: "Переговорные".into() },
        ))
        .await
        .unwrap();
    server
        .resources()
        .create_resource(authed(
            creator,
            pb::CreateResourceRequest {
                resource: Some(pb::Resource {
                    tenant_id: "acme".into(),
                    group: "Переговорные".into(),
                    mail: "room1@acme.test".into(),
                    display_name: "Room 1".into(),
                    description: "12 seats".into(),
                    city: "Moscow".into(),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap();
    server
        .mail_lists()
        .create_mail_list(authed(
            creator,
            pb::CreateMailListRequest {
                mail_list: Some(pb::MailList {
                    tenant_id: "acme".into(),
                    mail: "team@acme2.test".into(),
                    display_name: "Team".into(),
                    members: vec!["user@acme.test".into(), "partner@example.org".into()],
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap();
    let pair = certs::valid("mail.acme.test");
    server
        .domains()
        .create_web_domain(authed(
            creator,
            pb::CreateWebDomainRequest {
                web_domain: Some(pb::WebDomain {
                    name: "mail.acme.test".into(),
                    private_key_pem: pair.key.clone(),
                    certificate_pem: pair.crt.clone(),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap();
    acme
}

/// A second server: on a fresh PostgreSQL database when the test server is
/// up (the other backend), else SQLite.
pub(crate) async fn second_server() -> TestServer {
    TestServer::start_with(crate::common::Options { store: second_server_store().await, ..Default::default() }).await
}

async fn second_server_store() -> Option<String> {
    match test_server_var("PBM_TEST_PG_URL") {
        Some(_) => crate::common::fresh_postgres_database().await,
        None => None,
    }
}

#[tokio::test]
async fn export_import_round_trip_keeps_every_object_and_password() {
    let source = TestServer::start().await;
    let creator = source.creator_token().await;
    populate(&source, &creator).await;
    let ldif = export(&source, &creator, "").await.unwrap();
    assert!(ldif.starts_with("version: 1\n"), "{ldif}");
    for expected in [
        "dn: dc=pbm,dc=local",
        "dn: uid=user@acme.test,ou=People,dc=pbm,dc=local",
        "dn: uid=gone@acme.test,ou=Blocked,dc=pbm,dc=local",
        "dn: pbmAddress=u2@acme.test,ou=Addresses,dc=pbm,dc=local",
        "dn: cn=mail.acme.test,ou=WebDomains,dc=pbm,dc=local",
        "pbmPrivateKey:",
        "pbmPasswordHash: $argon2id$",
        "userPassword: {ARGON2}$argon2id$",
        "pbmMember: partner@example.org",
    ] {
        assert!(ldif.contains(expected), "{expected} missing from the export:\n{ldif}");
    }

    let target = second_server().await;
    let target_creator = target.creator_token().await;
    let progress = import(&target, &target_creator, pb::ImportMode::Replace, false, &ldif).await.unwrap();
    let last = progress.last().unwrap();
    assert!(last.done, "{progress:?}");
    assert!(!last.import_id.is_empty());
    // default tenant + domain + creator exist on both sides; acme's 2 domains, 3 users,
    // group, resource, list, web domain and tenant are new.
    assert_eq!(last.added, 10, "{last:?}");
    // The bootstrap objects (tenant default, example.com, the creator) were the
    // target's own before: their creation times stay the target's.
    let own = |dn: &String| !dn.contains("example.com") && !dn.contains("tenant-id=default");
    let mut again = entries(&export(&target, &target_creator, "").await.unwrap());
    let mut expected = entries(&ldif);
    again.retain(|dn, _| own(dn));
    expected.retain(|dn, _| own(dn));
    assert_eq!(again, expected, "the target exports what the source exported");

    // Passwords came along: the user and the (replaced) creator log in with their old ones.
    target.login("user@acme.test", USER_PASSWORD).await;
    target.login(crate::common::CREATOR, crate::common::CREATOR_PASSWORD).await;
    let deleted = target
        .users()
        .list_deleted_users(authed(
            &target_creator,
            pb::ListDeletedUsersRequest { tenant_id: "acme".into(), ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(deleted.users.len(), 1);
    assert_eq!(deleted.users[0].mail, "gone@acme.test");

    // One tenant alone: its objects, no other tenant's, no web domains.
    let one = export(&source, &creator, "acme").await.unwrap();
    assert!(one.contains("uid=user@acme.test"));
    assert!(!one.contains("creator@example.com"));
    assert!(!one.contains("pbmPrivateKey"));
}

#[tokio::test]
async fn add_missing_leaves_existing_entries_and_replace_overwrites_them() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = populate(&server, &creator).await;
    let ldif = export(&server, &creator, "").await.unwrap();

    let mut changed = new_user("acme", &acme.user, "", pb::Role::User);
    changed.given_name = "Changed".into();
    server
        .users()
        .update_user(authed(
            &creator,
            pb::UpdateUserRequest { user: Some(changed), update_mask: mask(&["given_name"]), ..Default::default() },
        ))
        .await
        .unwrap();
    let given_name = |server: &TestServer| {
        let creator = creator.clone();
        let mail = acme.user.clone();
        let mut users = server.users();
        async move {
            users
                .get_user(authed(&creator, pb::GetUserRequest { tenant_id: "acme".into(), mail }))
                .await
                .unwrap()
                .into_inner()
                .given_name
        }
    };

    let added = import(&server, &creator, pb::ImportMode::AddMissing, false, &ldif).await.unwrap();
    let last = added.last().unwrap();
    assert_eq!((last.added, last.replaced), (0, 0), "{last:?}");
    assert!(last.unchanged >= 10, "{last:?}");
    assert_eq!(given_name(&server).await, "Changed", "add-missing leaves an existing entry untouched");

    let dry = import(&server, &creator, pb::ImportMode::Replace, true, &ldif).await.unwrap();
    assert_eq!(dry.last().unwrap().replaced, 1, "{dry:?}");
    assert_eq!(given_name(&server).await, "Changed", "a dry run changes nothing");

    let replaced = import(&server, &creator, pb::ImportMode::Replace, false, &ldif).await.unwrap();
    assert_eq!(replaced.last().unwrap().replaced, 1, "{replaced:?}");
    assert_eq!(given_name(&server).await, "Given", "replace overwrites it");
    assert_eq!(entries(&export(&server, &creator, "").await.unwrap()), entries(&ldif));

    // Deleted since the export: add-missing brings it back.
    server
        .resources()
        .delete_resource(authed(
            &creator,
            pb::DeleteResourceRequest {
                tenant_id: "acme".into(),
                group: "Переговорные".into(),
                mail: "room1@acme.test".into(),
            },
        ))
        .await
        .unwrap();
    let again = import(&server, &creator, pb::ImportMode::AddMissing, false, &ldif).await.unwrap();
    assert_eq!(again.last().unwrap().added, 1);
    assert_eq!(entries(&export(&server, &creator, "").await.unwrap()), entries(&ldif));
}

#[tokio::test]
async fn malformed_ldif_names_its_line_and_changes_nothing() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let ldif = export(&server, &creator, "").await.unwrap();
    // A valid new tenant comes first: it must not be imported either.
    let valid = "dn: tenant-id=fresh,ou=Tenants,dc=pbm,dc=local\nobjectClass: top\nobjectClass: pbmTenant\n\
                 tenant-id: fresh\npbmDefaultDomain: fresh.test\npbmCreatedAt: 1\npbmUpdatedAt: 1\n\n\
                 dn: cn=fresh.test,ou=Domains,dc=pbm,dc=local\nobjectClass: top\nobjectClass: pbmMailDomain\n\
                 cn: fresh.test\ntenant-id: fresh\npbmCreatedAt: 1\n\n";
    let base = format!("{ldif}{valid}");
    let first = base.lines().count() + 1;
    let cases = [
        ("bad base64", "dn: cn=x.test,ou=Domains,dc=pbm,dc=local\ndescription:: not*base64\n", first + 1),
        (
            "unknown attribute",
            "dn: cn=x.test,ou=Domains,dc=pbm,dc=local\nobjectClass: pbmMailDomain\ncn: x.test\nfavouriteColour: red\n",
            first + 3,
        ),
        ("broken continuation", "\n dangling continuation\n", first + 1),
        ("outside the suffix", "dn: cn=x.test,ou=Domains,dc=elsewhere\nobjectClass: pbmMailDomain\n", first),
        (
            "an address outside the tenant's domains",
            "dn: uid=x@nowhere.test,ou=People,dc=pbm,dc=local\nobjectClass: pbmUser\nuid: x@nowhere.test\n\
             mail: x@nowhere.test\ntenant-id: default\nemployeeNumber: 2\ninetUserStatus: 1\n\
             pbmCreatedAt: 1\npbmUpdatedAt: 1\npbmRevision: 1\n",
            first,
        ),
    ];
    for (what, bad, line) in cases {
        let status = expect_code(
            import(&server, &creator, pb::ImportMode::Replace, false, &format!("{base}{bad}")).await,
            Code::InvalidArgument,
        );
        assert!(status.message().contains(&format!("line {line}")), "{what}: {}", status.message());
        let tenant = server
            .tenants()
            .get_tenant(authed(&creator, pb::GetTenantRequest { tenant_id: "fresh".into(), ..Default::default() }))
            .await;
        expect_code(tenant, Code::NotFound);
    }
    // The valid part alone imports.
    let progress = import(&server, &creator, pb::ImportMode::AddMissing, false, &base).await.unwrap();
    assert_eq!(progress.last().unwrap().added, 2);
}

/// The BackupService RPCs (see `common::matrix`): superadmins only.
pub const ROWS: &[Row] = &[
    ("ExportDirectory", [A, D, D, D, U]),
    ("ExportDirectory own tenant", [A, D, D, D, U]),
    ("ImportDirectory", [A, D, D, D, U]),
    ("DumpSettings", [A, D, D, D, U]),
    ("RestoreSettings", [A, D, D, D, U]),
    ("CreateSnapshot", [A, D, D, D, U]),
    // Past the wall, a restore into an installation that is not empty is refused.
    ("RestoreSnapshot", [R(Code::FailedPrecondition), D, D, D, U]),
];

/// One row of [`ROWS`] called as `token`, with `ldif` to import and `archive` to restore.
async fn backup_row(server: &TestServer, token: &str, rpc: &str, ldif: &str, archive: &[u8]) -> Outcome {
    match rpc {
        "ExportDirectory" => outcome(export(server, token, "").await),
        "ExportDirectory own tenant" => outcome(export(server, token, "acme").await),
        "ImportDirectory" => outcome(import(server, token, pb::ImportMode::AddMissing, true, ldif).await),
        "DumpSettings" => outcome(dump_settings(server, token, "").await),
        "RestoreSettings" => outcome(restore_settings(server, token, "psn/bruteforce/penalty\n60\n").await),
        "CreateSnapshot" => outcome(crate::snapshot::snapshot(server, token).await),
        "RestoreSnapshot" => outcome(crate::snapshot::restore(server, token, archive, "").await),
        other => unreachable!("{other}"),
    }
}

/// Superadmins only; the same with API keys (an installation-wide key with
/// `backup`, keys of the tenants with every scope they may hold).
#[tokio::test]
async fn only_superadmins_back_up() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let other = Tenant::create(&server, &creator, "other").await;
    let archive = crate::snapshot::snapshot(&server, &creator).await.unwrap();
    let token = |who: Who| match who {
        Who::Superadmin => creator.as_str(),
        Who::Admin => acme.admin_token.as_str(),
        Who::OtherAdmin => other.admin_token.as_str(),
        Who::User => acme.user_token.as_str(),
        Who::Nobody => "",
    };
    let ldif = export(&server, &creator, "").await.unwrap();
    let (server, archive, ldif) = (&server, &archive, ldif.as_str());
    matrix::check(ROWS, |rpc, who| backup_row(server, token(who), rpc, ldif, archive)).await;
    // The same walls for API keys: an installation-wide key with `backup`, keys of the tenants.
    let keys = crate::service_accounts::keys_for_matrix(server, &creator, "acme", "other").await;
    let keys = &keys;
    matrix::check_keys(ROWS, |rpc, who| {
        let key = match who {
            Who::Superadmin => &keys[0],
            Who::Admin => &keys[1],
            _ => &keys[2],
        };
        backup_row(server, key, rpc, ldif, archive)
    })
    .await;
    expect_code(export(server, &creator, "nosuch").await, Code::NotFound);
    let resume = pb::ImportOptions { mode: pb::ImportMode::AddMissing as i32, dry_run: false, resume_id: "x".into() };
    let request = tokio_stream::iter([pb::ImportDirectoryRequest {
        part: Some(pb::import_directory_request::Part::Options(resume)),
    }]);
    expect_code(backup(server).import_directory(authed(&creator, request)).await, Code::NotFound);
}

/// `ldapadd` (ldap-utils) loads an export into the test slapd (and
/// 389-ds) under a new root, and a pbm on that directory serves it: the user logs in. The
/// guide's `ldapsearch` dump of it imports into a pbm on PostgreSQL (when
/// its test server is up): SQLite → LDIF → LDAP → LDIF → PostgreSQL.
#[tokio::test]
async fn ldapadd_loads_an_export_into_slapd() {
    ldapadd_loads_an_export("PBM_TEST_SLAPD", "OpenLDAP (slapd)").await;
}

/// The same with 389 Directory Server.
#[tokio::test]
async fn ldapadd_loads_an_export_into_389ds() {
    ldapadd_loads_an_export("PBM_TEST_DS389", "389 Directory Server").await;
}

async fn ldapadd_loads_an_export(prefix: &str, what: &str) {
    let Some(url) = require_server(&format!("{prefix}_URL"), what) else { return };
    let var = |name: &str| test_server_var(name).unwrap_or_else(|| panic!("{name} beside {prefix}_URL"));
    let (bind_dn, bind_pw) = (var(&format!("{prefix}_BIND_DN")), var(&format!("{prefix}_BIND_PW")));
    let base = test_server_var("PBM_TEST_LDAP_BASE_DN").unwrap_or_else(|| "dc=pbm,dc=test".into());
    let root: &'static str = Box::leak(format!("ou=bk-{}-{},{base}", std::process::id(), unique_suffix()).into());
    let source = TestServer::start_with(crate::common::Options {
        settings: vec![("psn/cab/root_dn", root)],
        ..Default::default()
    })
    .await;
    let creator = source.creator_token().await;
    populate(&source, &creator).await;
    let ldif = export(&source, &creator, "").await.unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &ldif).unwrap();
    let output = std::process::Command::new("ldapadd")
        .args(["-x", "-H", &url, "-D", &bind_dn, "-w", &bind_pw, "-f"])
        .arg(file.path())
        .output()
        .expect("ldapadd (ldap-utils) runs");
    assert!(
        output.status.success(),
        "ldapadd failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );

    let store = format!(
        "{url}/{root}????bindname={},X-BINDPW={}",
        crate::common::percent(&bind_dn),
        crate::common::percent(&bind_pw)
    );
    let ldap = TestServer::start_with(crate::common::Options {
        store: Some(store),
        settings: vec![("psn/cab/root_dn", root)],
        ..Default::default()
    })
    .await;
    ldap.login("user@acme.test", USER_PASSWORD).await;
    let ldap_creator = ldap.creator_token().await;
    assert_eq!(entries(&export(&ldap, &ldap_creator, "").await.unwrap()), entries(&ldif));

    // The guide's §3.2 dump of that directory (`ldapsearch -x -D … -w … '*'`,
    // comments and trailer included) imports into a pbm on another backend.
    let dump = std::process::Command::new("ldapsearch")
        .args(["-x", "-H", &url, "-D", &bind_dn, "-w", &bind_pw, "-b", root, "*"])
        .output()
        .expect("ldapsearch (ldap-utils) runs");
    assert!(dump.status.success(), "ldapsearch failed: {}", String::from_utf8_lossy(&dump.stderr));
    let dump = String::from_utf8(dump.stdout).unwrap();
    assert!(dump.contains("# numEntries:"), "{dump}");
    let target = TestServer::start_with(crate::common::Options {
        store: second_server_store().await,
        settings: vec![("psn/cab/root_dn", root)],
        ..Default::default()
    })
    .await;
    let target_creator = target.creator_token().await;
    import(&target, &target_creator, pb::ImportMode::Replace, false, &dump).await.unwrap();
    let own = |dn: &String| !dn.contains("example.com") && !dn.contains("tenant-id=default");
    let mut again = entries(&export(&target, &target_creator, "").await.unwrap());
    let mut expected = entries(&ldif);
    again.retain(|dn, _| own(dn));
    expected.retain(|dn, _| own(dn));
    assert_eq!(again, expected);
    target.login("user@acme.test", USER_PASSWORD).await;
}

pub(crate) async fn dump_settings(server: &TestServer, token: &str, prefix: &str) -> Result<String, Status> {
    let request = pb::DumpSettingsRequest { prefix: prefix.into() };
    let mut stream = backup(server).dump_settings(authed(token, request)).await?.into_inner();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend(chunk?.data);
    }
    Ok(String::from_utf8(bytes).unwrap())
}

async fn restore_settings(server: &TestServer, token: &str, dump: &str) -> Result<i32, Status> {
    let messages: Vec<pb::RestoreSettingsRequest> =
        dump.as_bytes().chunks(7).map(|c| pb::RestoreSettingsRequest { data: c.to_vec() }).collect();
    let request = authed(token, tokio_stream::iter(messages));
    Ok(backup(server).restore_settings(request).await?.into_inner().keys_written)
}

pub(crate) async fn setting(server: &TestServer, token: &str, key: &str) -> pb::Setting {
    SettingsServiceClient::new(server.channel())
        .get_setting(authed(token, pb::GetSettingRequest { key: key.into() }))
        .await
        .unwrap()
        .into_inner()
}

#[tokio::test]
async fn settings_dump_and_restore_in_etcdctl_format() {
    let source = TestServer::start().await;
    let creator = source.creator_token().await;
    let mut settings = SettingsServiceClient::new(source.channel());
    for (key, value) in [("psn/bruteforce/max_attempts", "5"), ("psn/common/password_requirements/min_length", "10")] {
        settings
            .put_setting(authed(&creator, pb::PutSettingRequest { key: key.into(), value: value.into() }))
            .await
            .unwrap();
    }
    let dump = dump_settings(&source, &creator, "").await.unwrap();
    assert_eq!(dump, "psn/bruteforce/max_attempts\n5\npsn/common/password_requirements/min_length\n10\n");
    assert_eq!(dump_settings(&source, &creator, "psn/bruteforce/").await.unwrap(), "psn/bruteforce/max_attempts\n5\n");

    let target = TestServer::start().await;
    let target_creator = target.creator_token().await;
    // Keys of other services sharing etcd are skipped.
    let written =
        restore_settings(&target, &target_creator, &format!("{dump}other/service/key\nvalue\n")).await.unwrap();
    assert_eq!(written, 2);
    assert_eq!(setting(&target, &target_creator, "psn/bruteforce/max_attempts").await.value, "5");
    assert_eq!(setting(&target, &target_creator, "psn/common/password_requirements/min_length").await.value, "10");

    // Nothing is written unless every value is valid, alone and together.
    for (bad, words) in [
        ("psn/bruteforce/penalty\n60\npsn/bruteforce/max_attempts\nmany\n", "line 3"),
        ("psn/bruteforce/penalty\n60\npsn/common/password_requirements/min_length\n500\n", "max_length"),
        ("psn/bruteforce/penalty\n60\ndangling/key\n", "line 3"),
    ] {
        let status = expect_code(restore_settings(&target, &target_creator, bad).await, Code::InvalidArgument);
        assert!(status.message().contains(words), "{bad:?}: {}", status.message());
        assert_ne!(setting(&target, &target_creator, "psn/bruteforce/penalty").await.value, "60", "{bad:?}");
    }
}

#[tokio::test]
async fn settings_dump_and_restore_through_etcd() {
    let Some(endpoints) = require_server("PBM_TEST_ETCD_ENDPOINTS", "etcd") else { return };
    let prefix = format!("/pbm-test/backup-{}-{}/", std::process::id(), unique_suffix());
    let mut kv = etcd_client::Client::connect([endpoints.as_str()], None).await.unwrap();
    kv.put(format!("{prefix}psn/bruteforce/max_attempts"), "7", None).await.unwrap();
    let etcd = pbm::settings::etcd::EtcdConfig { endpoints: vec![endpoints.clone()], prefix: prefix.clone() };
    let server = TestServer::start_with(crate::common::Options { etcd: Some(etcd), ..Default::default() }).await;
    let creator = server.creator_token().await;
    assert_eq!(dump_settings(&server, &creator, "").await.unwrap(), "psn/bruteforce/max_attempts\n7\n");
    assert_eq!(restore_settings(&server, &creator, "psn/bruteforce/penalty\n90\n").await.unwrap(), 1);
    let stored = kv.get(format!("{prefix}psn/bruteforce/penalty"), None).await.unwrap();
    assert_eq!(stored.kvs()[0].value_str().unwrap(), "90", "restored into etcd");
    kv.delete(prefix, Some(etcd_client::DeleteOptions::new().with_prefix())).await.unwrap();
}

/// Runs the `pbm` binary; its stderr, or a failure with it.
pub(crate) fn pbm_cli(args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pbm")).args(args).output().expect("pbm runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "pbm {args:?} failed:\n{stderr}");
    stderr
}

/// `pbm backup` online (gRPC with a token) and offline (on a data dir): an
/// installation exported over the wire, imported offline into an empty
/// data dir, served from there with the same objects and passwords.
// Several threads: the test blocks on the CLI while its server answers it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_moves_an_installation_online_and_offline() {
    use std::os::unix::fs::PermissionsExt as _;
    let source = TestServer::start().await;
    let creator = source.creator_token().await;
    populate(&source, &creator).await;
    SettingsServiceClient::new(source.channel())
        .put_setting(authed(
            &creator,
            pb::PutSettingRequest { key: "psn/bruteforce/max_attempts".into(), value: "6".into() },
        ))
        .await
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    let (ldif, dump) = (work.path().join("dir.ldif"), work.path().join("etcd_keys.txt"));
    let server = format!("http://{}", source.addr);
    let online = ["backup", "--server", &server, "--token", &creator];
    pbm_cli(&[&online[..], &["export", "-o", ldif.to_str().unwrap()]].concat());
    pbm_cli(&[&online[..], &["settings-dump", "-o", dump.to_str().unwrap()]].concat());
    for file in [&ldif, &dump] {
        assert_eq!(std::fs::metadata(file).unwrap().permissions().mode() & 0o777, 0o600, "{}", file.display());
    }
    let exported = std::fs::read_to_string(&ldif).unwrap();
    assert_eq!(entries(&exported), entries(&export(&source, &creator, "").await.unwrap()));
    assert_eq!(std::fs::read_to_string(&dump).unwrap(), "psn/bruteforce/max_attempts\n6\n");

    // Offline, into an empty data dir (SQLite), then served from it.
    let target_dir = tempfile::tempdir().unwrap();
    let offline = ["backup", "--offline", "--data-dir", target_dir.path().to_str().unwrap()];
    let dry = pbm_cli(&[&offline[..], &["import", ldif.to_str().unwrap(), "--dry-run"]].concat());
    assert!(dry.contains("done:") && dry.contains("0 replaced"), "{dry}");
    let stderr = pbm_cli(&[&offline[..], &["import", ldif.to_str().unwrap(), "--mode", "replace"]].concat());
    assert!(stderr.contains("done:"), "{stderr}");
    pbm_cli(&[&offline[..], &["settings-restore", dump.to_str().unwrap()]].concat());
    let target = TestServer::start_with(crate::common::Options {
        data_dir: Some(target_dir.path().to_owned()),
        store: Some("sqlite:pbm.db".into()),
        ..Default::default()
    })
    .await;
    target.login("user@acme.test", USER_PASSWORD).await;
    let target_creator = target.creator_token().await;
    assert_eq!(entries(&export(&target, &target_creator, "").await.unwrap()), entries(&exported));
    assert_eq!(setting(&target, &target_creator, "psn/bruteforce/max_attempts").await.value, "6");
}

/// `count` users of tenant acme as LDIF entries, sharing one password hash.
pub(crate) fn many_users(count: usize, hash: &str) -> String {
    let mut ldif = String::from("version: 1\n\n");
    for i in 0..count {
        ldif.push_str(&format!(
            "dn: uid=u{i:06}@acme.test,ou=People,dc=pbm,dc=local\nobjectClass: top\nobjectClass: inetOrgPerson\n\
             objectClass: pbmUser\nuid: u{i:06}@acme.test\nmail: u{i:06}@acme.test\ntenant-id: acme\n\
             employeeNumber: 2\ncn: User\nsn: Number {i}\ninetUserStatus: 1\nemployeeType: 1\n\
             pbmPasswordHash: {hash}\npbmCreatedAt: 1700000000000000\npbmUpdatedAt: 1700000000000000\n\
             pbmRevision: 1\n\n"
        ));
    }
    ldif
}

/// An import interrupted by its client (the stream dropped after a few
/// progress messages) leaves whole objects behind and stops; resuming it by
/// id (same input, same mode) finishes it, with the result of an
/// uninterrupted one; running it again would too.
#[tokio::test]
async fn an_interrupted_import_is_resumed_by_id() {
    const USERS: usize = 2000;
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    Tenant::create(&server, &creator, "acme").await;
    let source = export(&server, &creator, "acme").await.unwrap();
    let hash_line = source.lines().find(|l| l.starts_with("pbmPasswordHash: ")).unwrap();
    let ldif = many_users(USERS, hash_line.trim_start_matches("pbmPasswordHash: "));

    let options =
        pb::ImportOptions { mode: pb::ImportMode::AddMissing as i32, dry_run: false, resume_id: String::new() };
    let messages = vec![
        pb::ImportDirectoryRequest { part: Some(pb::import_directory_request::Part::Options(options)) },
        pb::ImportDirectoryRequest { part: Some(pb::import_directory_request::Part::Data(ldif.clone().into_bytes())) },
    ];
    let mut stream =
        backup(&server).import_directory(authed(&creator, tokio_stream::iter(messages))).await.unwrap().into_inner();
    let mut import_id = String::new();
    while let Some(progress) = stream.next().await {
        let progress = progress.unwrap();
        import_id = progress.import_id;
        if progress.added >= 200 {
            break;
        }
    }
    drop(stream);
    let count = || async {
        let request = pb::ListUsersRequest { tenant_id: "acme".into(), page_size: 1, ..Default::default() };
        server.users().list_users(authed(&creator, request)).await.unwrap().into_inner().total_size as usize
    };
    // The import stops at its next progress report: the count settles below the total.
    let mut settled = count().await;
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let now = count().await;
        if now == settled {
            break;
        }
        settled = now;
    }
    let before = settled - 2; // the admin and the user of Tenant::create
    assert!((200..USERS).contains(&before), "interrupted after {before} of {USERS} users");

    let resume =
        |mode: pb::ImportMode| pb::ImportOptions { mode: mode as i32, dry_run: false, resume_id: import_id.clone() };
    let other_input = format!("{ldif}# another input\n");
    let status = import_with(&server, &creator, resume(pb::ImportMode::AddMissing), &other_input).await;
    expect_code(status, Code::FailedPrecondition);
    expect_code(import_with(&server, &creator, resume(pb::ImportMode::Replace), &ldif).await, Code::InvalidArgument);
    let resumed = import_with(&server, &creator, resume(pb::ImportMode::AddMissing), &ldif).await.unwrap();
    let last = resumed.last().unwrap();
    assert!(last.done);
    assert_eq!(last.import_id, import_id);
    // Objects applied after the last checkpoint are found again and count as unchanged.
    assert_eq!(last.added + last.unchanged, USERS as i64, "{last:?}");
    assert!(last.added as usize >= before - 100 && (last.unchanged as usize) < 200, "{last:?}");
    assert_eq!(count().await, USERS + 2);
    expect_code(
        import_with(&server, &creator, resume(pb::ImportMode::AddMissing), &ldif).await,
        Code::FailedPrecondition,
    );
    // Running the whole import again changes nothing.
    let rerun = import(&server, &creator, pb::ImportMode::AddMissing, false, &ldif).await.unwrap();
    assert_eq!(rerun.last().unwrap().unchanged, USERS as i64);

    // The same users as one uninterrupted import elsewhere.
    let other = TestServer::start().await;
    let other_creator = other.creator_token().await;
    Tenant::create(&other, &other_creator, "acme").await;
    import(&other, &other_creator, pb::ImportMode::AddMissing, false, &ldif).await.unwrap();
    let users_of = |text: &str| {
        let mut map = entries(text);
        map.retain(|dn, _| dn.starts_with("uid=u0") && dn.contains("ou=people"));
        map
    };
    let imported = users_of(&export(&server, &creator, "acme").await.unwrap());
    assert_eq!(imported.len(), USERS);
    assert_eq!(users_of(&export(&other, &other_creator, "acme").await.unwrap()), imported);
}

/// An offline `pbm backup import` of many users killed with SIGKILL
/// mid-way, then resumed by its id, ends with the directory of an
/// uninterrupted import. `PBM_BACKUP_KILL_USERS` sets the size: 20,000 by
/// default (CI), the backup issue's 100,000 in the long mode (about 10 min
/// on a debug build). It runs offline on SQLite whatever `PBM_TEST_STORE`
/// says, so scripts/test.sh runs it in the SQLite pass only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_import_killed_mid_way_is_resumed() {
    use std::io::BufRead as _;
    let _load = crate::common::load_test().await;
    let users: usize = std::env::var("PBM_BACKUP_KILL_USERS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let tenant = "dn: tenant-id=acme,ou=Tenants,dc=pbm,dc=local\nobjectClass: top\nobjectClass: pbmTenant\n\
                  tenant-id: acme\npbmDefaultDomain: acme.test\npbmCreatedAt: 1700000000000000\n\
                  pbmUpdatedAt: 1700000000000000\n\n\
                  dn: cn=acme.test,ou=Domains,dc=pbm,dc=local\nobjectClass: top\nobjectClass: pbmMailDomain\n\
                  cn: acme.test\ntenant-id: acme\npbmCreatedAt: 1700000000000000\n\n";
    let hash = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("big.ldif");
    std::fs::write(&file, format!("{tenant}{}", many_users(users, hash))).unwrap();
    let (killed, whole) = (work.path().join("killed"), work.path().join("whole"));
    let file_arg = file.to_str().unwrap();

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pbm"))
        .args(["backup", "--offline", "--data-dir", killed.to_str().unwrap(), "import", file_arg])
        // Its spool file stays behind when it is killed: in the test's own dir.
        .env("TMPDIR", work.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut import_id = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(id) = line.strip_suffix(')').and_then(|l| l.rsplit_once("(import ")).map(|(_, id)| id) {
            import_id = id.to_owned();
        }
        let added: usize =
            line.split(", ").find_map(|part| part.strip_suffix(" added")?.parse().ok()).unwrap_or_default();
        if added >= users / 5 {
            break;
        }
        assert!(!line.starts_with("done:"), "the import finished before it could be killed: {line}");
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(!import_id.is_empty());

    let stderr = pbm_cli(&[
        "backup",
        "--offline",
        "--data-dir",
        killed.to_str().unwrap(),
        "import",
        file_arg,
        "--resume",
        &import_id,
    ]);
    assert!(stderr.contains("done:"), "{stderr}");
    pbm_cli(&["backup", "--offline", "--data-dir", whole.to_str().unwrap(), "import", file_arg]);
    let export_of = |dir: &std::path::Path| {
        let out = dir.join("export.ldif");
        pbm_cli(&["backup", "--offline", "--data-dir", dir.to_str().unwrap(), "export", "-o", out.to_str().unwrap()]);
        entries(&std::fs::read_to_string(out).unwrap())
    };
    let (resumed, uninterrupted) = (export_of(&killed), export_of(&whole));
    assert_eq!(resumed.keys().filter(|dn| dn.starts_with("uid=u0")).count(), users);
    assert_eq!(resumed, uninterrupted);
}
