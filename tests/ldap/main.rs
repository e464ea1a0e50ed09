//! What the LDAP backend promises beyond the conformance suite, on the real
//! test servers (scripts/servers/): third-party tools read pbm's entries as
//! the guide's TrueConf tables configure them (checked with `ldapsearch`
//! and the guide's filters), slapd verifies pbm's argon2id hashes on bind,
//! DNs escape every special character, leftovers of interrupted writes are
//! collected, and the pool reconnects after a directory restart (outages
//! answer UNAVAILABLE).
//!
//! Its own test binary: the restart test stops slapd, which must not hit
//! the conformance or end-to-end tests running beside it. Tests here take
//! [`SERVERS`] so that none runs during the restart.

use std::process::Command;

use pbm::{
    Error,
    domain::{AuditEvent, MailDomain, MailList, Resource, ResourceGroup, Role, Tenant, User, UserStatus},
    store::Stores,
};
use tokio::sync::Mutex;

#[path = "../support/servers.rs"]
mod servers;

/// Held by every test; the restart test holds it alone.
static SERVERS: Mutex<()> = Mutex::const_new(());

/// A fresh store on one LDAP test server and what `ldapsearch` needs to
/// read it as a third-party tool would.
struct Directory {
    stores: Stores,
    store_url: String,
    url: String,
    bind_dn: String,
    password: String,
    root: String,
    _state: tempfile::TempDir,
}

async fn directory(server: &str) -> Option<Directory> {
    let store_url = servers::fresh_ldap_url(server)?;
    let prefix = if server == "slapd" { "PBM_TEST_SLAPD" } else { "PBM_TEST_DS389" };
    let var = |name: &str| servers::test_server_var(&format!("{prefix}_{name}")).unwrap();
    let after_scheme = store_url.split_once("://").unwrap().1;
    let root = after_scheme.split_once('/').unwrap().1.split('?').next().unwrap().to_owned();
    let state = tempfile::tempdir().unwrap();
    let stores = pbm::store::open(&store_url, state.path()).await.expect("the LDAP store opens");
    Some(Directory {
        stores,
        store_url,
        url: var("URL"),
        bind_dn: var("BIND_DN"),
        password: var("BIND_PW"),
        root,
        _state: state,
    })
}

impl Directory {
    /// `ldapsearch -LLL` as the server admin (TrueConf binds as the manager,
    /// guide table 5): the output, lines unfolded.
    fn ldapsearch(&self, base: &str, filter: &str, attrs: &[&str]) -> String {
        let output = Command::new("ldapsearch")
            .args(["-x", "-LLL", "-o", "ldif-wrap=no", "-H", &self.url, "-D", &self.bind_dn, "-w", &self.password])
            .args(["-b", base, filter])
            .args(attrs)
            .env("LDAPTLS_REQCERT", "never")
            .output()
            .expect("ldapsearch runs (apt-get install ldap-utils)");
        assert!(output.status.success(), "ldapsearch {filter}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    }

    fn people(&self) -> String {
        format!("ou=People,{}", self.root)
    }
}

fn event() -> AuditEvent {
    AuditEvent {
        at: pbm::domain::now(),
        actor: "creator@example.com".into(),
        actor_tenant: "default".into(),
        client_addr: "127.0.0.1".into(),
        tenant_id: "acme".into(),
        rpc: "pbm.v2.Test/Change".into(),
        target: String::new(),
        before: None,
        after: None,
        result: "OK".into(),
        detail: String::new(),
    }
}

async fn tenant(stores: &Stores, id: &str) {
    let at = pbm::domain::now();
    let domain = format!("{id}.test");
    let tenant = Tenant {
        id: id.into(),
        display_name: id.into(),
        lang: "ru-RU".into(),
        default_domain: domain.clone(),
        domains: vec![domain.clone()],
        created_at: at,
        updated_at: at,
    };
    let mail_domain = MailDomain {
        name: domain,
        tenant_id: id.into(),
        display_name: String::new(),
        description: String::new(),
        associated_domain: String::new(),
        is_default: true,
        created_at: at,
    };
    stores.directory.create_tenant(&tenant, &mail_domain, &event()).await.unwrap();
}

async fn user(stores: &Stores, mail: &str, password: &str) -> User {
    let at = pbm::domain::now();
    let hasher = pbm::security::password::PasswordHasher::with_cost(1024, 1).unwrap();
    let user = User {
        tenant_id: "acme".into(),
        mail: mail.into(),
        alternate_address: String::new(),
        role: Role::User,
        given_name: "Ivan".into(),
        surname: "Petrov".into(),
        middle_name: String::new(),
        department: String::new(),
        title: String::new(),
        description: String::new(),
        home_phone: "+7 495 111-22-33".into(),
        work_phone: "8-800-555-35-35 #123".into(),
        mobile_phone: "+7 916 000-11-22".into(),
        city: String::new(),
        telegram: String::new(),
        skype: String::new(),
        quota_bytes: Some(1 << 30),
        display_name: "Ivan Petrov".into(),
        status: UserStatus::Active,
        lang: "ru-RU".into(),
        aliases: vec![],
        address_book_visibility: 1,
        password_hash: hasher.hash(password).await.unwrap(),
        created_at: at,
        updated_at: at,
        deleted_at: None,
        revision: 1,
    };
    stores.directory.create_user(&user, &event()).await.unwrap();
    user
}

fn list(mail: &str, members: &[&str]) -> MailList {
    MailList {
        tenant_id: "acme".into(),
        mail: mail.into(),
        display_name: "Team".into(),
        members: members.iter().map(|m| m.to_string()).collect(),
        address_book_visibility: 1,
        internal_only: true,
        created_at: pbm::domain::now(),
        updated_at: pbm::domain::now(),
        revision: 1,
    }
}

/// Guide §5.4.1.1, tables 5 and 6: base DN ou=People, users by mail with
/// cn, givenName, sn, telephoneNumber, homePhone; groups found by
/// `(objectClass=GroupOfUniqueNames)`, members in `uniqueMember`.
async fn trueconf_reads(server: &str) {
    let _guard = SERVERS.lock().await;
    let Some(dir) = directory(server).await else { return };
    tenant(&dir.stores, "acme").await;
    user(&dir.stores, "ivan@acme.test", "Reader01").await;
    dir.stores.directory.create_mail_list(&list("team@acme.test", &["ivan@acme.test"]), &event()).await.unwrap();
    dir.stores.directory.create_mail_list(&list("empty@acme.test", &[]), &event()).await.unwrap();

    let people = dir.ldapsearch(
        &dir.people(),
        "(mail=ivan@acme.test)",
        &["mail", "cn", "givenName", "sn", "telephoneNumber", "homePhone", "mobile", "userPassword", "pbmPasswordHash"],
    );
    let dn = format!("dn: uid=ivan@acme.test,{}", dir.people());
    for line in [
        dn.as_str(),
        "mail: ivan@acme.test",
        "cn: Ivan",
        "givenName: Ivan",
        "sn: Petrov",
        "telephoneNumber: 8-800-555-35-35 123",
        "homePhone: +7 495 111-22-33",
        "mobile: +7 916 000-11-22",
    ] {
        assert!(people.lines().any(|l| l == line), "{server}: no {line:?} in\n{people}");
    }
    // Everyone in the People OU, with TrueConf's "Filter Disabled" on 389-ds (slapd has no nsrole:
    // configured as an OpenLDAP server there, the same is said with inetUserStatus).
    let disabled = if server == "ds389" { "(nsrole=cn=nsdisablerole.*)" } else { "(inetUserStatus=0)" };
    let all = dir.ldapsearch(&dir.people(), &format!("(&(mail=*)(!{disabled}))"), &["mail"]);
    assert!(all.contains("mail: ivan@acme.test"), "{server}: {all}");

    let groups = dir.ldapsearch(&dir.root, "(objectClass=GroupOfUniqueNames)", &["cn", "mail", "uniqueMember"]);
    let member = format!("uniqueMember: uid=ivan@acme.test,{}", dir.people());
    assert!(groups.lines().any(|l| l == member), "{server}: no {member:?} in\n{groups}");
    assert!(groups.lines().any(|l| l == "cn: Team"), "{server}: {groups}");
    assert_eq!(groups.matches("mail: ").count(), 2, "{server}: both lists, the empty one too:\n{groups}");
}

#[tokio::test]
async fn trueconf_reads_users_and_lists_on_openldap() {
    trueconf_reads("slapd").await;
}

#[tokio::test]
async fn trueconf_reads_users_and_lists_on_ds389() {
    trueconf_reads("ds389").await;
}

/// slapd verifies pbm's argon2id hash itself (`userPassword: {ARGON2}…`):
/// a third-party tool can authenticate users by binding.
#[tokio::test]
async fn slapd_verifies_pbm_password_hashes_on_bind() {
    let _guard = SERVERS.lock().await;
    let Some(dir) = directory("slapd").await else { return };
    tenant(&dir.stores, "acme").await;
    user(&dir.stores, "ivan@acme.test", "Reader01").await;
    let bind = |password: &str| {
        Command::new("ldapwhoami")
            .args(["-x", "-H", &dir.url, "-D", &format!("uid=ivan@acme.test,{}", dir.people()), "-w", password])
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(bind("Reader01"));
    assert!(!bind("Reader02"));
    // pbm reads the hash back unchanged and never hands out userPassword.
    let stored = dir.stores.directory.get_user("acme", "ivan@acme.test").await.unwrap().unwrap();
    assert!(stored.password_hash.starts_with("$argon2id$"), "{}", stored.password_hash.len());
}

/// RFC 4514: names with every DN special character make valid DNs and
/// round-trip (resource group names are free text).
async fn special_names(server: &str) {
    let _guard = SERVERS.lock().await;
    let Some(dir) = directory(server).await else { return };
    tenant(&dir.stores, "acme").await;
    let d = &dir.stores.directory;
    let at = pbm::domain::now();
    let name = " #Room, 1+2 = \"big\" <a;b> \\ ";
    let group = ResourceGroup {
        tenant_id: "acme".into(),
        name: name.into(),
        resource_count: 0,
        created_at: at,
        updated_at: at,
    };
    d.create_resource_group(&group, &event()).await.unwrap();
    assert!(matches!(d.create_resource_group(&group, &event()).await, Err(Error::AlreadyExists { .. })));
    let resource = Resource {
        tenant_id: "acme".into(),
        group: name.into(),
        mail: "room@acme.test".into(),
        display_name: "Room (big) *".into(),
        description: String::new(),
        city: String::new(),
        address_book_visibility: 1,
        created_at: at,
        updated_at: at,
        revision: 1,
    };
    d.create_resource(&resource, &event()).await.unwrap();
    assert_eq!(d.get_resource("acme", "room@acme.test").await.unwrap().unwrap().group, name);
    let renamed = "x=y,z+w";
    d.rename_resource_group("acme", name, renamed, at, &event()).await.unwrap();
    assert_eq!(d.get_resource("acme", "room@acme.test").await.unwrap().unwrap().group, renamed);
    assert_eq!(d.delete_resource_group("acme", renamed, &event()).await.unwrap(), ["room@acme.test"]);
    assert!(d.find_addresses(&["room@acme.test".to_string()]).await.unwrap().is_empty());
}

#[tokio::test]
async fn special_characters_in_names_on_openldap() {
    special_names("slapd").await;
}

#[tokio::test]
async fn special_characters_in_names_on_ds389() {
    special_names("ds389").await;
}

/// Leftovers of a crash — a claim without owner, a group marked deleting —
/// are collected: the claim by the next writer that wants the address, the
/// group by the sweep after the purge.
#[tokio::test]
async fn leftovers_of_interrupted_writes_are_collected() {
    let _guard = SERVERS.lock().await;
    let Some(dir) = directory("slapd").await else { return };
    tenant(&dir.stores, "acme").await;
    let d = &dir.stores.directory;
    let old = (pbm::domain::now() - chrono::Duration::minutes(10)).timestamp_micros();
    let ldif = format!(
        "dn: pbmAddress=lost@acme.test,ou=Addresses,{root}\nobjectClass: pbmAddressClaim\npbmAddress: lost@acme.test\n\
         tenant-id: acme\npbmAddressKind: alias\npbmOwner: crashed@acme.test\npbmCreatedAt: {old}\n\n\
         dn: pbmAddress=fresh@acme.test,ou=Addresses,{root}\nobjectClass: pbmAddressClaim\npbmAddress: fresh@acme.test\n\
         tenant-id: acme\npbmAddressKind: alias\npbmOwner: busy@acme.test\npbmCreatedAt: {now}\n",
        root = dir.root,
        now = pbm::domain::now().timestamp_micros()
    );
    ldapmodify(&dir, &ldif, true);
    // An old claim whose owner does not hold the address is taken over...
    let mut taker = user(&dir.stores, "taker@acme.test", "Reader01").await;
    taker.aliases = vec!["lost@acme.test".into()];
    d.update_user(&taker, &event(), None).await.unwrap();
    // ...a fresh one may be a write in progress: it stays taken.
    taker = d.get_user("acme", "taker@acme.test").await.unwrap().unwrap();
    taker.aliases.push("fresh@acme.test".into());
    assert!(matches!(d.update_user(&taker, &event(), None).await, Err(Error::AlreadyExists { .. })));

    // A group whose deletion was interrupted right after its commit point.
    let at = pbm::domain::now();
    let group = ResourceGroup {
        tenant_id: "acme".into(),
        name: "Rooms".into(),
        resource_count: 0,
        created_at: at,
        updated_at: at,
    };
    d.create_resource_group(&group, &event()).await.unwrap();
    let resource = Resource {
        tenant_id: "acme".into(),
        group: "Rooms".into(),
        mail: "room@acme.test".into(),
        display_name: "Room".into(),
        description: String::new(),
        city: String::new(),
        address_book_visibility: 1,
        created_at: at,
        updated_at: at,
        revision: 1,
    };
    d.create_resource(&resource, &event()).await.unwrap();
    let marked = format!(
        "dn: cn=Rooms+tenant-id=acme,ou=resources,{}\nchangetype: modify\nadd: pbmDeleting\npbmDeleting: TRUE\n",
        dir.root
    );
    ldapmodify(&dir, &marked, false);
    assert!(d.get_resource_group("acme", "Rooms").await.unwrap().is_none(), "gone at the commit point");
    assert!(d.get_resource("acme", "room@acme.test").await.unwrap().is_none());
    assert_eq!(d.find_addresses(&["room@acme.test".to_string()]).await.unwrap().len(), 1);
    d.purge_deleted_users(pbm::domain::now(), &event()).await.unwrap();
    assert!(d.find_addresses(&["room@acme.test".to_string()]).await.unwrap().is_empty(), "the sweep finished it");
    d.create_resource_group(&group, &event()).await.unwrap();
}

/// The claims step of the sweep (a grace period after start) frees the old
/// claims their owners do not hold and keeps those of live accounts, which it
/// recognises in bulk from one read of the live addresses.
#[tokio::test]
async fn the_sweep_frees_orphaned_claims_and_keeps_held_ones() {
    let _guard = SERVERS.lock().await;
    let Some(dir) = directory("slapd").await else { return };
    tenant(&dir.stores, "acme").await;
    let d = &dir.stores.directory;
    let mut kept = user(&dir.stores, "kept@acme.test", "Reader01").await;
    kept.aliases = vec!["kept-alias@acme.test".into()];
    d.update_user(&kept, &event(), None).await.unwrap();
    let old = (pbm::domain::now() - chrono::Duration::minutes(10)).timestamp_micros();
    let mut ldif = String::new();
    for address in ["kept@acme.test", "kept-alias@acme.test"] {
        ldif += &format!(
            "dn: pbmAddress={address},ou=Addresses,{root}\nchangetype: modify\nreplace: pbmCreatedAt\npbmCreatedAt: {old}\n\n",
            root = dir.root
        );
    }
    ldapmodify(&dir, &ldif, false);
    let orphans = format!(
        "dn: pbmAddress=gone@acme.test,ou=Addresses,{root}\nobjectClass: pbmAddressClaim\npbmAddress: gone@acme.test\n\
         tenant-id: acme\npbmAddressKind: mail\npbmOwner: gone@acme.test\npbmCreatedAt: {old}\n\n\
         dn: pbmAddress=lost@acme.test,ou=Addresses,{root}\nobjectClass: pbmAddressClaim\npbmAddress: lost@acme.test\n\
         tenant-id: acme\npbmAddressKind: alias\npbmOwner: kept@acme.test\npbmCreatedAt: {old}\n",
        root = dir.root
    );
    ldapmodify(&dir, &orphans, true);

    let options = pbm::store::ldap::LdapOptions::from_url(&dir.store_url, &pbm::settings::Settings::default()).unwrap();
    let store = pbm::store::ldap::LdapStore::open(options, dir.stores.changes.clone(), dir.stores.barrier.clone())
        .await
        .unwrap();
    let swept = store.sweep(true).await.unwrap();
    assert_eq!(swept.claims, 2, "{swept:?}");
    let all = ["kept@acme.test", "kept-alias@acme.test", "gone@acme.test", "lost@acme.test"].map(String::from);
    let mut left: Vec<String> = d.find_addresses(&all).await.unwrap().into_iter().map(|r| r.address).collect();
    left.sort();
    assert_eq!(left, ["kept-alias@acme.test", "kept@acme.test"]);
    assert_eq!(store.sweep(true).await.unwrap().claims, 0, "nothing left to free");
}

fn ldapmodify(dir: &Directory, ldif: &str, add: bool) {
    use std::io::Write as _;
    let mut child = Command::new("ldapmodify")
        .args(["-x", "-H", &dir.url, "-D", &dir.bind_dn, "-w", &dir.password])
        .args(if add { &["-a"][..] } else { &[][..] })
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(ldif.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success(), "ldapmodify");
}

/// The pool reopens its connections after a directory restart; while the
/// directory is down, operations answer `Unavailable` (gRPC UNAVAILABLE).
#[tokio::test]
async fn reconnects_after_a_slapd_restart() {
    let _guard = SERVERS.lock().await;
    let Some(dir) = directory("slapd").await else { return };
    tenant(&dir.stores, "acme").await;
    let scripts = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/servers");
    let run = |script: &str| {
        let status = Command::new(format!("{scripts}/{script}")).arg("slapd").output().expect("runs").status;
        assert!(status.success(), "{script} slapd");
    };
    run("down.sh");
    let outage = dir.stores.directory.get_tenant("acme").await;
    let group = ResourceGroup {
        tenant_id: "acme".into(),
        name: "Rooms".into(),
        resource_count: 0,
        created_at: pbm::domain::now(),
        updated_at: pbm::domain::now(),
    };
    let refused = dir.stores.directory.create_resource_group(&group, &event()).await;
    run("up.sh");
    assert!(matches!(outage, Err(Error::Unavailable(_))), "{outage:?}");
    assert!(matches!(refused, Err(Error::Unavailable(_))), "{refused:?}");
    let status = tonic::Status::from(Error::Unavailable("ldap".into()));
    assert_eq!(status.code(), tonic::Code::Unavailable);
    // Back: reads and writes work again on fresh connections.
    assert_eq!(dir.stores.directory.get_tenant("acme").await.unwrap().unwrap().id, "acme");
    user(&dir.stores, "after@acme.test", "Reader01").await;
}

/// Listings run concurrently on the pool's few connections: slapd keeps one
/// paged-results state per connection, so two paged searches sharing one
/// broke each other ("paged results cookie is invalid or old"). The tenant
/// holds more users than one page of the pool's paged searches (500).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_listings_on_openldap() {
    let _guard = SERVERS.lock().await;
    let Some(dir) = directory("slapd").await else { return };
    tenant(&dir.stores, "acme").await;
    let first = user(&dir.stores, "u0000@acme.test", "Reader01").await;
    let users: Vec<User> = (1..1200).map(|i| User { mail: format!("u{i:04}@acme.test"), ..first.clone() }).collect();
    dir.stores.directory.import_users(&users, &event()).await.unwrap();
    let query = pbm::domain::UserListQuery {
        tenant_id: Some("acme".into()),
        search: None,
        sort: pbm::domain::UserSortKey::Mail,
        descending: false,
        after: None,
        skip: 1150,
        limit: 50,
    };
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (directory, query) = (dir.stores.directory.clone(), query.clone());
            tokio::spawn(async move {
                (directory.list_users(&query).await, directory.count_users(Some("acme"), None).await)
            })
        })
        .collect();
    for task in tasks {
        let (page, count) = task.await.unwrap();
        let page = page.expect("a listing beside others succeeds");
        assert_eq!(page.first().map(|u| u.mail.as_str()), Some("u1150@acme.test"));
        assert_eq!(page.len(), 50);
        assert_eq!(count.expect("a count beside others succeeds"), 1200);
    }
}
