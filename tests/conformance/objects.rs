//! The directory ports of mail domains, web domains, resource groups and
//! resources, mailing lists and reserved addresses: what every backend must
//! store, find, refuse and cascade, the same way.

use pbm::{
    Error,
    domain::{
        AddressKind, CertificateInfo, DomainUsage, MailDomain, MailDomainField, MailList, PrivateKeyPem, Resource,
        ResourceGroup, WebDomain,
    },
    store::Stores,
};

use rstest_reuse::apply;

use crate::backends::Backend;
use crate::every_backend;
use crate::fixtures::{any_event, now, tenant, user};

async fn with_tenant(stores: &Stores, id: &str) {
    let (t, d) = tenant(id);
    stores.directory.create_tenant(&t, &d, &any_event()).await.unwrap();
}

fn domain(tenant: &str, name: &str) -> MailDomain {
    MailDomain {
        name: name.into(),
        tenant_id: tenant.into(),
        display_name: String::new(),
        description: String::new(),
        associated_domain: String::new(),
        is_default: false,
        created_at: now(),
    }
}

fn group(tenant: &str, name: &str) -> ResourceGroup {
    ResourceGroup {
        tenant_id: tenant.into(),
        name: name.into(),
        resource_count: 0,
        created_at: now(),
        updated_at: now(),
    }
}

fn resource(tenant: &str, group: &str, mail: &str) -> Resource {
    Resource {
        tenant_id: tenant.into(),
        group: group.into(),
        mail: mail.into(),
        display_name: "Room".into(),
        description: String::new(),
        city: String::new(),
        address_book_visibility: 1,
        created_at: now(),
        updated_at: now(),
        revision: 1,
    }
}

fn list(tenant: &str, mail: &str, members: &[&str]) -> MailList {
    MailList {
        tenant_id: tenant.into(),
        mail: mail.into(),
        display_name: "List".into(),
        members: members.iter().map(|m| m.to_string()).collect(),
        address_book_visibility: 1,
        internal_only: true,
        created_at: now(),
        updated_at: now(),
        revision: 1,
    }
}

fn web(name: &str, fingerprint: &str) -> WebDomain {
    WebDomain {
        name: name.into(),
        certificate_pem: "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n".into(),
        certificate: CertificateInfo {
            subject: format!("CN={name}"),
            dns_names: vec![name.into(), format!("*.{name}")],
            issuer: "CN=Test CA".into(),
            not_before: now(),
            not_after: now() + chrono::Duration::days(90),
            sha256_fingerprint: fingerprint.into(),
        },
        created_at: now(),
        updated_at: now(),
    }
}

fn members(list: &Option<MailList>) -> Vec<String> {
    list.as_ref().map(|l| l.members.clone()).unwrap_or_default()
}

#[apply(every_backend)]
async fn mail_domains_keep_one_default_and_update_named_fields(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    dir.create_mail_domain(&domain("acme", "second.test"), &any_event()).await.unwrap();
    assert!(matches!(
        dir.create_mail_domain(&domain("acme", "second.test"), &any_event()).await,
        Err(Error::AlreadyExists { kind: "domain", .. })
    ));
    assert!(matches!(
        dir.create_mail_domain(&domain("nope", "other.test"), &any_event()).await,
        Err(Error::NotFound { kind: "tenant", .. })
    ));
    let mut changed = domain("acme", "second.test");
    changed.display_name = "Second".into();
    changed.description = "not named".into();
    dir.update_mail_domain(&changed, &[MailDomainField::DisplayName], &any_event()).await.unwrap();
    let stored = dir.get_mail_domain("second.test").await.unwrap().unwrap();
    assert_eq!((stored.display_name.as_str(), stored.description.as_str()), ("Second", ""));
    assert!(matches!(
        dir.update_mail_domain(&domain("acme", "nope.test"), &[MailDomainField::Description], &any_event()).await,
        Err(Error::NotFound { .. })
    ));
    dir.set_default_mail_domain("acme", "second.test", &any_event()).await.unwrap();
    let defaults: Vec<(String, bool)> =
        dir.list_mail_domains("acme").await.unwrap().into_iter().map(|d| (d.name, d.is_default)).collect();
    assert_eq!(defaults, [("acme.test".to_string(), false), ("second.test".to_string(), true)]);
    assert_eq!(dir.get_tenant("acme").await.unwrap().unwrap().default_domain, "second.test");
    assert!(dir.set_default_mail_domain("acme", "nope.test", &any_event()).await.is_err());
    assert!(dir.get_mail_domain("second.test").await.unwrap().unwrap().is_default);
}

#[apply(every_backend)]
async fn domain_deletion_checks_usage_and_removes_what_it_counted(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    dir.create_mail_domain(&domain("acme", "old.test"), &any_event()).await.unwrap();
    let mut leaving = user("acme", "x");
    leaving.mail = "leaving@old.test".into();
    leaving.aliases = vec!["l2@acme.test".into()];
    dir.create_user(&leaving, &any_event()).await.unwrap();
    let mut staying = user("acme", "staying");
    staying.aliases = vec!["s1@old.test".into()];
    staying.alternate_address = "остающийся@old.test".into();
    dir.create_user(&staying, &any_event()).await.unwrap();
    dir.create_resource_group(&group("acme", "Rooms"), &any_event()).await.unwrap();
    dir.create_resource(&resource("acme", "Rooms", "room@old.test"), &any_event()).await.unwrap();
    dir.create_mail_list(&list("acme", "team@acme.test", &["leaving@old.test", "friend@else.org"]), &any_event())
        .await
        .unwrap();
    let usage = dir.mail_domain_usage("acme", "old.test").await.unwrap();
    let expected = DomainUsage {
        users: 1,
        superadmins: 0,
        alternate_addresses: 1,
        aliases: 1,
        resources: 1,
        mail_lists: 0,
        list_members: 1,
    };
    assert_eq!(usage, expected);
    // A stale expectation and the default domain are refused, changing nothing.
    assert!(matches!(
        dir.delete_mail_domain("acme", "old.test", &DomainUsage::default(), &any_event()).await,
        Err(Error::Aborted(_))
    ));
    assert!(matches!(
        dir.delete_mail_domain("acme", "acme.test", &DomainUsage { users: 1, ..Default::default() }, &any_event())
            .await,
        Err(Error::Aborted(_))
    ));
    assert!(matches!(
        dir.delete_mail_domain("acme", "nope.test", &DomainUsage::default(), &any_event()).await,
        Err(Error::NotFound { .. })
    ));
    assert_eq!(dir.mail_domain_usage("acme", "old.test").await.unwrap(), expected);
    let deleted = dir.delete_mail_domain("acme", "old.test", &usage, &any_event()).await.unwrap();
    assert_eq!(deleted, ["leaving@old.test"]);
    assert!(dir.get_mail_domain("old.test").await.unwrap().is_none());
    assert!(dir.get_user("acme", "leaving@old.test").await.unwrap().is_none());
    let staying = dir.get_user("acme", &staying.mail).await.unwrap().unwrap();
    assert_eq!((staying.alternate_address.as_str(), staying.aliases.len()), ("", 0));
    assert!(dir.get_resource("acme", "room@old.test").await.unwrap().is_none());
    assert_eq!(members(&dir.get_mail_list("acme", "team@acme.test").await.unwrap()), ["friend@else.org"]);
    let freed = ["leaving@old.test", "l2@acme.test", "s1@old.test", "room@old.test"].map(str::to_owned);
    assert!(dir.find_addresses(&freed).await.unwrap().is_empty());
}

#[apply(every_backend)]
async fn web_domains_are_read_without_their_key(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    let key = PrivateKeyPem::new("-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n".into());
    for name in ["b.example.com", "a.example.com", "c.example.com"] {
        dir.create_web_domain(&web(name, "00"), &key, &any_event()).await.unwrap();
    }
    assert!(matches!(
        dir.create_web_domain(&web("a.example.com", "00"), &key, &any_event()).await,
        Err(Error::AlreadyExists { kind: "web domain", .. })
    ));
    assert_eq!(dir.count_web_domains().await.unwrap(), 3);
    let first: Vec<_> = dir.list_web_domains(None, 2).await.unwrap().into_iter().map(|d| d.name).collect();
    assert_eq!(first, ["a.example.com", "b.example.com"]);
    let rest: Vec<_> =
        dir.list_web_domains(Some("b.example.com"), 10).await.unwrap().into_iter().map(|d| d.name).collect();
    assert_eq!(rest, ["c.example.com"]);
    let stored = dir.get_web_domain("a.example.com").await.unwrap().unwrap();
    assert_eq!(stored, web("a.example.com", "00").clone_with_times(&stored));
    assert_eq!(dir.web_domain_key("a.example.com").await.unwrap(), Some(key.clone()));
    let renewed_key = PrivateKeyPem::new("-----BEGIN PRIVATE KEY-----\nnew\n-----END PRIVATE KEY-----\n".into());
    dir.update_web_domain(&web("a.example.com", "ff"), &renewed_key, &any_event()).await.unwrap();
    assert_eq!(dir.get_web_domain("a.example.com").await.unwrap().unwrap().certificate.sha256_fingerprint, "ff");
    assert_eq!(dir.web_domain_key("a.example.com").await.unwrap(), Some(renewed_key.clone()));
    assert!(dir.update_web_domain(&web("nope.example.com", "ff"), &renewed_key, &any_event()).await.is_err());
    dir.delete_web_domain("a.example.com", &any_event()).await.unwrap();
    assert!(dir.get_web_domain("a.example.com").await.unwrap().is_none());
    assert!(dir.web_domain_key("a.example.com").await.unwrap().is_none());
    assert!(matches!(dir.delete_web_domain("a.example.com", &any_event()).await, Err(Error::NotFound { .. })));
}

/// Test helper: `self` with the stored times of `stored` (stores keep
/// microseconds; the fixture's were taken at another moment).
trait WithTimes {
    fn clone_with_times(&self, stored: &WebDomain) -> WebDomain;
}

impl WithTimes for WebDomain {
    fn clone_with_times(&self, stored: &WebDomain) -> WebDomain {
        let mut copy = self.clone();
        copy.created_at = stored.created_at;
        copy.updated_at = stored.updated_at;
        copy.certificate.not_before = stored.certificate.not_before;
        copy.certificate.not_after = stored.certificate.not_after;
        copy
    }
}

#[apply(every_backend)]
async fn groups_and_resources_cascade_and_check_revisions(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "other").await;
    for name in ["Rooms", "cars", "Переговорные"] {
        dir.create_resource_group(&group("acme", name), &any_event()).await.unwrap();
    }
    assert!(matches!(
        dir.create_resource_group(&group("acme", "ROOMS"), &any_event()).await,
        Err(Error::AlreadyExists { kind: "resource group", .. })
    ));
    let names: Vec<_> = dir.list_resource_groups("acme", None, 10).await.unwrap().into_iter().map(|g| g.name).collect();
    assert_eq!(names, ["cars", "Rooms", "Переговорные"]);
    let after_cars: Vec<_> =
        dir.list_resource_groups("acme", Some("cars"), 1).await.unwrap().into_iter().map(|g| g.name).collect();
    assert_eq!(after_cars, ["Rooms"]);
    assert_eq!(dir.count_resource_groups("acme").await.unwrap(), 3);

    dir.create_resource(&resource("acme", "rooms", "r1@acme.test"), &any_event()).await.unwrap();
    dir.create_resource(&resource("acme", "Rooms", "r2@acme.test"), &any_event()).await.unwrap();
    assert!(matches!(
        dir.create_resource(&resource("acme", "Rooms", "r1@acme.test"), &any_event()).await,
        Err(Error::AlreadyExists { kind: "address", .. })
    ));
    assert!(matches!(
        dir.create_resource(&resource("acme", "nope", "r3@acme.test"), &any_event()).await,
        Err(Error::NotFound { kind: "resource group", .. })
    ));
    assert!(matches!(
        dir.create_resource(&resource("acme", "Rooms", "r3@other.test"), &any_event()).await,
        Err(Error::NotFound { kind: "mail domain", .. })
    ));
    assert_eq!(dir.get_resource_group("acme", "ROOMS").await.unwrap().unwrap().resource_count, 2);
    let reserved = dir.find_addresses(&["r1@acme.test".to_string()]).await.unwrap();
    assert_eq!((reserved[0].kind, reserved[0].owner.as_str()), (AddressKind::Resource, "r1@acme.test"));

    let mut changed = dir.get_resource("acme", "r1@acme.test").await.unwrap().unwrap();
    changed.city = "Москва".into();
    let stored = dir.update_resource(&changed, &any_event()).await.unwrap();
    assert_eq!(stored.revision, changed.revision + 1);
    assert!(matches!(dir.update_resource(&changed, &any_event()).await, Err(Error::Aborted(_))));
    assert_eq!(dir.get_resource("acme", "r1@acme.test").await.unwrap().unwrap().city, "Москва");

    dir.rename_resource_group("acme", "rooms", "Meeting rooms", now(), &any_event()).await.unwrap();
    assert!(matches!(
        dir.rename_resource_group("acme", "Meeting rooms", "CARS", now(), &any_event()).await,
        Err(Error::AlreadyExists { .. })
    ));
    let moved: Vec<_> =
        dir.list_resources("acme", "meeting rooms", None, 10).await.unwrap().into_iter().map(|r| r.mail).collect();
    assert_eq!(moved, ["r1@acme.test", "r2@acme.test"]);
    assert_eq!(dir.get_resource("acme", "r2@acme.test").await.unwrap().unwrap().group, "Meeting rooms");
    assert_eq!(dir.count_resources("acme", "Meeting Rooms").await.unwrap(), 2);
    let contents = dir.tenant_contents("acme").await.unwrap();
    assert_eq!((contents.resource_groups, contents.resources), (3, 2));

    let freed = dir.delete_resource_group("acme", "MEETING ROOMS", &any_event()).await.unwrap();
    assert_eq!(freed, ["r1@acme.test", "r2@acme.test"]);
    assert!(dir.get_resource("acme", "r1@acme.test").await.unwrap().is_none());
    assert!(dir.find_addresses(&freed).await.unwrap().is_empty());
    assert!(matches!(
        dir.delete_resource_group("acme", "Meeting rooms", &any_event()).await,
        Err(Error::NotFound { .. })
    ));
    dir.create_resource(&resource("acme", "cars", "r1@acme.test"), &any_event()).await.unwrap();
    dir.delete_resource("acme", "r1@acme.test", &any_event()).await.unwrap();
    assert!(matches!(dir.delete_resource("acme", "r1@acme.test", &any_event()).await, Err(Error::NotFound { .. })));
}

#[apply(every_backend)]
async fn lists_keep_members_through_renames_and_free_addresses(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    dir.create_user(&user("acme", "anna"), &any_event()).await.unwrap();
    dir.create_mail_list(&list("acme", "team@acme.test", &["anna@acme.test", "ext@else.org"]), &any_event())
        .await
        .unwrap();
    dir.create_mail_list(&list("acme", "all@acme.test", &["team@acme.test"]), &any_event()).await.unwrap();
    assert!(matches!(
        dir.create_mail_list(&list("acme", "anna@acme.test", &[]), &any_event()).await,
        Err(Error::AlreadyExists { kind: "address", .. })
    ));
    assert_eq!(dir.count_mail_lists("acme").await.unwrap(), 2);
    let page: Vec<_> = dir.list_mail_lists("acme", Some("all@acme.test"), 10).await.unwrap();
    assert_eq!((page.len(), page[0].members.clone()), (1, vec!["anna@acme.test".to_string(), "ext@else.org".into()]));

    let mut renamed = dir.get_mail_list("acme", "team@acme.test").await.unwrap().unwrap();
    renamed.mail = "crew@acme.test".into();
    renamed.internal_only = false;
    renamed.members = vec!["ext@else.org".into()];
    let stored = dir.update_mail_list("team@acme.test", &renamed, &any_event()).await.unwrap();
    assert_eq!(stored.revision, renamed.revision + 1);
    assert!(dir.get_mail_list("acme", "team@acme.test").await.unwrap().is_none());
    let crew = dir.get_mail_list("acme", "crew@acme.test").await.unwrap().unwrap();
    assert_eq!((crew.members.clone(), crew.internal_only), (vec!["ext@else.org".to_string()], false));
    assert_eq!(members(&dir.get_mail_list("acme", "all@acme.test").await.unwrap()), ["crew@acme.test"]);
    assert!(dir.find_addresses(&["team@acme.test".to_string()]).await.unwrap().is_empty());
    // A stale revision and a taken address are refused.
    assert!(matches!(dir.update_mail_list("crew@acme.test", &renamed, &any_event()).await, Err(Error::Aborted(_))));
    let mut onto_user = crew.clone();
    onto_user.mail = "anna@acme.test".into();
    assert!(matches!(
        dir.update_mail_list("crew@acme.test", &onto_user, &any_event()).await,
        Err(Error::AlreadyExists { kind: "address", .. })
    ));
    assert_eq!(dir.get_mail_list("acme", "crew@acme.test").await.unwrap().unwrap(), crew);
    // Deleting a list frees its address and its memberships elsewhere.
    dir.delete_mail_list("acme", "crew@acme.test", &any_event()).await.unwrap();
    assert!(members(&dir.get_mail_list("acme", "all@acme.test").await.unwrap()).is_empty());
    assert!(matches!(dir.delete_mail_list("acme", "crew@acme.test", &any_event()).await, Err(Error::NotFound { .. })));
    // Removing an alias takes it out of the lists too.
    let mut anna = dir.get_user("acme", "anna@acme.test").await.unwrap().unwrap();
    anna.aliases = vec!["a@acme.test".into()];
    let anna = dir.update_user(&anna, &any_event(), None).await.unwrap();
    dir.create_mail_list(&list("acme", "crew@acme.test", &["a@acme.test", "anna@acme.test"]), &any_event())
        .await
        .unwrap();
    let mut without = anna.clone();
    without.aliases.clear();
    dir.update_user(&without, &any_event(), None).await.unwrap();
    assert_eq!(members(&dir.get_mail_list("acme", "crew@acme.test").await.unwrap()), ["anna@acme.test"]);
    assert_eq!(dir.tenant_contents("acme").await.unwrap().mail_lists, 2);
}

#[apply(every_backend)]
async fn concurrent_reservations_of_one_address_across_kinds(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    dir.create_resource_group(&group("acme", "Rooms"), &any_event()).await.unwrap();
    let attempts = (0..12).map(|i| {
        let dir = dir.clone();
        tokio::spawn(async move {
            if i % 2 == 0 {
                dir.create_resource(&resource("acme", "Rooms", "race@acme.test"), &any_event()).await
            } else {
                dir.create_mail_list(&list("acme", "race@acme.test", &[]), &any_event()).await
            }
        })
    });
    let results: Vec<_> = futures::future::join_all(attempts).await.into_iter().map(|r| r.unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().all(|r| matches!(r, Ok(()) | Err(Error::AlreadyExists { kind: "address", .. }))));
    assert_eq!(dir.find_addresses(&["race@acme.test".to_string()]).await.unwrap().len(), 1);
}
