//! The reader of foreign directories (`src/directory/`) against real
//! servers: the Samba AD domain controller (LDAPS, StartTLS, the CA file
//! and the server name, paging past AD's 1,000-entry pages, referrals,
//! `objectGUID`, a large group's members in ranges), OpenLDAP (`entryUUID`, `entryCSN`) and 389-ds
//! (`nsUniqueId`, `modifyTimestamp`); errors that name the host or the
//! setting; and logins whose text tries to widen a filter or a DN.

use std::{collections::HashSet, time::Duration};

use ldap3::LdapConnAsync;
use pbm::{
    Error,
    directory::{BindOutcome, ConnectionSettings, DirectoryReader, IdKind, Security, filter},
    settings::Settings,
};

#[path = "../support/servers.rs"]
mod servers;

#[path = "../support/ad.rs"]
mod ad;

/// The connection settings of the test controller over LDAPS.
fn ldaps(ad: &ad::Ad) -> ConnectionSettings {
    Settings::from_pairs(ad.settings()).expect("valid settings").directory.connection
}

fn failed_precondition(err: &Error) -> &str {
    match err {
        Error::FailedPrecondition(message) => message,
        other => panic!("expected FAILED_PRECONDITION, got {other:?}"),
    }
}

#[tokio::test]
async fn ad_pages_past_a_thousand_entries_with_stable_ids() {
    let Some(ad) = ad::samba() else { return };
    let reader = DirectoryReader::new(&ldaps(&ad)).unwrap();
    let mut session = reader.open().await.unwrap();
    let started = std::time::Instant::now();
    let people = session
        .search_all(&ad.people(), "services/ad/users/base_dn", "(objectClass=user)", &["mail".into(), "cn".into()])
        .await
        .unwrap();
    assert!(people.len() > 1_200, "{} entries: paging stopped at a page", people.len());
    let ids: HashSet<&str> = people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), people.len(), "stable ids are unique");
    assert!(people.iter().all(|p| p.id_kind == IdKind::ObjectGuid && p.id.len() == 36));
    assert!(people.iter().all(|p| p.change.as_ref().is_some_and(|c| c.attribute == "uSNChanged")));
    let ivan = people.iter().find(|p| p.first("mail") == "ivan.petrov@corp.test").expect("ivan");
    assert_eq!(ivan.first("cn"), "Иван Петров");
    eprintln!("{} AD entries read in {:?}", people.len(), started.elapsed());

    // the same id on every read
    let again = session
        .search_all(&ad.people(), "services/ad/users/base_dn", "(mail=ivan.petrov@corp.test)", &[])
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, ivan.id);
    session.close().await;
}

#[tokio::test]
async fn ad_referrals_are_ignored() {
    let Some(ad) = ad::samba() else { return };
    let reader = DirectoryReader::new(&ldaps(&ad)).unwrap();
    let mut session = reader.open().await.unwrap();
    // under the domain root AD also answers continuation references (CN=Configuration, ...)
    let found = session
        .search_all(&ad.base, "services/ad/groups/base_dn", "(objectClass=group)", &["cn".into()])
        .await
        .unwrap();
    assert!(found.iter().any(|g| g.first("cn") == "Sales"), "the groups of OU=Groups are among them");
}

/// A group with more members than AD's `MaxValRange` (1,500) comes back as `member;range=0-1499`,
/// and the rest must be read range by range. Samba answers ranges only when asked, so the test asks
/// for the first range itself — the shape AD answers a plain request with — and the reader reads
/// the rest (`member;range=100-*`) from the real server.
#[tokio::test]
async fn ad_ranged_members_are_read_to_the_end() {
    let Some(ad) = ad::samba() else { return };
    let reader = DirectoryReader::new(&ldaps(&ad)).unwrap();
    let mut session = reader.open().await.unwrap();
    let groups = format!("OU=Groups,{}", ad.base);
    let read = |attribute: &str| vec![attribute.to_owned()];
    let whole =
        session.search_all(&groups, "services/ad/groups/base_dn", "(cn=Mail Users)", &read("member")).await.unwrap();
    let mut all = whole[0].values("member").to_vec();
    assert!(all.len() > 100, "{} members", all.len());

    let mut ranged = session
        .search_all(&groups, "services/ad/groups/base_dn", "(cn=Mail Users)", &read("member;range=0-99"))
        .await
        .unwrap();
    assert_eq!(ranged[0].values("member").len(), 100, "the first range under the plain name");
    session.complete_ranges(&mut ranged[0]).await.unwrap();
    let mut completed = ranged[0].values("member").to_vec();
    all.sort();
    completed.sort();
    assert_eq!(completed, all);
    session.complete_ranges(&mut ranged[0]).await.unwrap();
    assert_eq!(ranged[0].values("member").len(), all.len(), "nothing is read twice");
    session.close().await;
}

#[tokio::test]
async fn starttls_and_the_server_name() {
    let Some(ad) = ad::samba() else { return };
    let mut settings = ldaps(&ad);
    settings.security = Security::StartTls;
    settings.port = 389;
    let reader = DirectoryReader::new(&settings).unwrap();
    reader.open().await.expect("StartTLS with the CA and the certificate's name");

    settings.server_name = "other.corp.test".into();
    let err = DirectoryReader::new(&settings).unwrap().open().await.err().expect("a name the certificate lacks");
    let message = failed_precondition(&err);
    assert!(message.contains("services/ad/server_name") && message.contains(&ad.host), "{message}");

    settings.server_name = ad.server_name.clone();
    settings.ca_file = String::new();
    let err = match DirectoryReader::new(&settings) {
        Ok(reader) => reader.open().await.err().expect("the system does not trust the test CA"),
        Err(err) => err,
    };
    assert!(failed_precondition(&err).contains("services/ad/ca_file"), "{err:?}");
}

#[tokio::test]
async fn ad_refuses_plain_binds_and_wrong_passwords_naming_the_setting() {
    let Some(ad) = ad::samba() else { return };
    let mut settings = ldaps(&ad);
    settings.security = Security::Plain;
    settings.port = 389;
    let err = DirectoryReader::new(&settings).unwrap().open().await.err().expect("AD refuses plain simple binds");
    assert!(failed_precondition(&err).contains("services/ad/starttls"), "{err:?}");

    let mut settings = ldaps(&ad);
    settings.password = pbm::settings::Secret::new("wrong-password");
    let err = DirectoryReader::new(&settings).unwrap().open().await.err().expect("a wrong service password");
    let message = failed_precondition(&err);
    assert!(message.contains("services/ad/password") && !message.contains("wrong-password"), "{message}");

    let reader = DirectoryReader::new(&ldaps(&ad)).unwrap();
    let mut session = reader.open().await.unwrap();
    let err = session
        .search_all(&format!("OU=Nowhere,{}", ad.base), "services/ad/users/base_dn", "(objectClass=user)", &[])
        .await
        .unwrap_err();
    assert!(failed_precondition(&err).contains("services/ad/users/base_dn"), "{err:?}");
}

#[tokio::test]
async fn unreachable_and_silent_directories_name_the_host() {
    // nothing listens here
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut settings = Settings::default().directory.connection;
    settings.host = "127.0.0.1".into();
    settings.port = port;
    settings.security = Security::Plain;
    settings.connect_timeout = Duration::from_secs(2);
    let err = DirectoryReader::new(&settings).unwrap().open().await.err().expect("connection refused");
    assert!(
        matches!(&err, Error::DirectoryUnavailable { host, .. } if *host == format!("127.0.0.1:{port}")),
        "{err:?}"
    );
    let status = tonic::Status::from(err);
    assert_eq!(status.code(), tonic::Code::Unavailable);
    assert!(status.message().contains(&format!("127.0.0.1:{port}")), "{}", status.message());

    // a server that accepts and never answers: the timeouts end the wait
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    settings.port = silent.local_addr().unwrap().port();
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    settings.bind_dn = "cn=x".into();
    let started = std::time::Instant::now();
    let err = DirectoryReader::new(&settings).unwrap().open().await.err().expect("no answer");
    assert!(matches!(err, Error::DirectoryUnavailable { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "the connect timeout ended it: {:?}", started.elapsed());
    holder.abort();
}

#[tokio::test]
async fn ad_logins_bind_as_the_person_and_cannot_be_widened() {
    let Some(ad) = ad::samba() else { return };
    let reader = DirectoryReader::new(&ldaps(&ad)).unwrap();
    let ivan = format!("CN=Иван Петров,{}", ad.people());
    assert_eq!(reader.check_password(&ivan, "Ivan-Passw0rd!").await.unwrap(), BindOutcome::Accepted);
    assert_eq!(reader.check_password(&ivan, "wrong").await.unwrap(), BindOutcome::Refused);
    assert_eq!(reader.check_password(&ivan, "").await.unwrap(), BindOutcome::Refused, "no anonymous bind");
    // a disabled account is refused by the directory itself
    let olga = format!("CN=Ольга Отключённая,{}", ad.people());
    assert_eq!(reader.check_password(&olga, "Olga-Passw0rd!").await.unwrap(), BindOutcome::Refused);

    // logins that try to widen the search find no one: escaped, each is one literal value
    let mut session = reader.open().await.unwrap();
    assert_eq!(filter::login_value("ivan.petrov@corp.test\0"), None, "Samba cuts values at NUL: refused before");
    for login in ["*", "ivan*", "u*)(mail=*", "*)(objectClass=*", "\\2a", "ivan.petrov@corp.test)"] {
        let value = filter::login_value(login).expect("no control characters");
        let f = filter::and("(objectClass=user)", &format!("(mail={value})"));
        let found = session.search_all(&ad.people(), "services/ad/users/base_dn", &f, &[]).await.unwrap();
        assert!(found.is_empty(), "{login:?} matched {} entries", found.len());
    }
    // a DN built from a login names exactly one RDN value
    let dn = format!("CN={},{}", filter::dn_value("Иван Петров,OU=People"), ad.people());
    assert_eq!(reader.check_password(&dn, "Ivan-Passw0rd!").await.unwrap(), BindOutcome::Refused);
}

/// Adds `count` inetOrgPerson entries under a fresh OU of an OpenLDAP or
/// 389-ds test server (plain LDAP, the admin); answers the OU and the
/// reader's settings.
async fn freeipa_like(server: &str, count: usize) -> Option<(String, ConnectionSettings)> {
    let prefix = if server == "slapd" { "PBM_TEST_SLAPD" } else { "PBM_TEST_DS389" };
    let url = servers::require_server(&format!("{prefix}_URL"), server)?;
    let var = |name: &str| servers::test_server_var(&format!("{prefix}_{name}")).unwrap();
    let base = servers::test_server_var("PBM_TEST_LDAP_BASE_DN").unwrap_or_else(|| "dc=pbm,dc=test".into());
    let ou = format!("ou=src-{},{base}", servers::unique_suffix());
    let (conn, mut ldap) = LdapConnAsync::new(&url).await.unwrap();
    tokio::spawn(async move {
        let _ = conn.drive().await;
    });
    ldap.simple_bind(&var("BIND_DN"), &var("BIND_PW")).await.unwrap().success().unwrap();
    ldap.add(&ou, vec![("objectClass", HashSet::from(["organizationalUnit"]))]).await.unwrap().success().unwrap();
    for i in 0..count {
        let uid = format!("person{i}");
        let mail = format!("person{i}@ipa.test");
        let dn = format!("uid={uid},{ou}");
        let attrs = vec![
            ("objectClass", HashSet::from(["inetOrgPerson"])),
            ("uid", HashSet::from([uid.as_str()])),
            ("cn", HashSet::from(["Пётр Сидоров"])),
            ("sn", HashSet::from(["Сидоров"])),
            ("mail", HashSet::from([mail.as_str()])),
        ];
        ldap.add(&dn, attrs).await.unwrap().success().unwrap();
    }
    let mut settings = Settings::default().directory.connection;
    let host_port = url.trim_start_matches("ldap://").trim_end_matches('/');
    let (host, port) = host_port.rsplit_once(':').unwrap();
    settings.host = host.to_owned();
    settings.port = port.parse().unwrap();
    settings.security = Security::Plain;
    settings.bind_dn = var("BIND_DN");
    settings.password = pbm::settings::Secret::new(var("BIND_PW"));
    settings.page_size = 7;
    Some((ou, settings))
}

#[tokio::test]
async fn openldap_ids_are_entry_uuids() {
    let Some((ou, settings)) = freeipa_like("slapd", 20).await else { return };
    let filter = "(objectClass=inetOrgPerson)";
    let mut session = DirectoryReader::new(&settings).unwrap().open().await.unwrap();
    let found = session.search_all(&ou, "services/ad/users/base_dn", filter, &["cn".into()]).await.unwrap();
    assert_eq!(found.len(), 20, "pages of 7");
    assert!(found.iter().all(|e| e.id_kind == IdKind::EntryUuid && e.id.len() == 36));
    assert!(found.iter().all(|e| e.change.as_ref().is_some_and(|c| c.attribute == "entryCSN")));
    assert_eq!(found[0].first("cn"), "Пётр Сидоров");
    // entries changed since a mark: the incremental filter of the account sync
    let newest = found.iter().filter_map(|e| e.change.clone()).max_by(|a, b| a.value.cmp(&b.value)).unwrap();
    let since = filter::and(filter, &newest.since_filter());
    let changed = session.search_all(&ou, "services/ad/users/base_dn", &since, &[]).await.unwrap();
    assert_eq!(changed.len(), 1, "only the newest entry is at or after its own mark");
}

#[tokio::test]
async fn ds389_ids_are_unique_ids() {
    let Some((ou, settings)) = freeipa_like("ds389", 5).await else { return };
    let mut session = DirectoryReader::new(&settings).unwrap().open().await.unwrap();
    let found = session.search_all(&ou, "base", "(objectClass=inetOrgPerson)", &["mail".into()]).await.unwrap();
    assert_eq!(found.len(), 5);
    assert!(found.iter().all(|e| e.id_kind == IdKind::NsUniqueId && !e.id.is_empty()), "{found:?}");
    assert!(found.iter().all(|e| e.change.as_ref().is_some_and(|c| c.attribute == "modifyTimestamp")));
}
