//! The Directory port: tenants, mail domains and users.

use std::collections::BTreeSet;

use pbm::{
    Error,
    domain::{Role, UserListQuery, UserSortKey, UserStatus, page_token::Cursor},
    ports::AuditQuery,
    store::Stores,
};

use rstest_reuse::apply;

use crate::backends::Backend;
use crate::every_backend;
use crate::fixtures::{any_event, event, now, tenant, user};

async fn with_tenant(stores: &Stores, id: &str) {
    let (t, d) = tenant(id);
    stores.directory.create_tenant(&t, &d, &any_event()).await.unwrap();
}

fn query(tenant: &str) -> UserListQuery {
    UserListQuery {
        tenant_id: Some(tenant.into()),
        search: None,
        sort: UserSortKey::Mail,
        descending: false,
        after: None,
        skip: 0,
        limit: 100,
    }
}

fn mails(users: &[pbm::domain::User]) -> Vec<String> {
    users.iter().map(|u| u.mail.split('@').next().unwrap().to_owned()).collect()
}

#[apply(every_backend)]
async fn tenant_lifecycle(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    assert_eq!(dir.count_tenants().await.unwrap(), 0);
    let (t, d) = tenant("acme");
    dir.create_tenant(&t, &d, &any_event()).await.unwrap();
    let got = dir.get_tenant("acme").await.unwrap().unwrap();
    assert_eq!(got, t);
    assert_eq!(dir.get_mail_domain("acme.test").await.unwrap().unwrap(), d);
    assert_eq!(dir.list_mail_domains("acme").await.unwrap(), std::slice::from_ref(&d));
    assert!(dir.get_tenant("nope").await.unwrap().is_none());
    assert!(dir.get_mail_domain("nope.test").await.unwrap().is_none());

    for id in ["beta", "gamma", "delta"] {
        with_tenant(&stores, id).await;
    }
    assert_eq!(dir.count_tenants().await.unwrap(), 4);
    let first: Vec<_> = dir.list_tenants(None, 2).await.unwrap().into_iter().map(|t| t.id).collect();
    assert_eq!(first, ["acme", "beta"]);
    let rest: Vec<_> = dir.list_tenants(Some("beta"), 10).await.unwrap().into_iter().map(|t| t.id).collect();
    assert_eq!(rest, ["delta", "gamma"]);

    let mut changed = got.clone();
    changed.display_name = "ACME Inc".into();
    changed.lang = "fr-FR".into();
    changed.updated_at = now();
    dir.update_tenant(&changed, &any_event()).await.unwrap();
    assert_eq!(dir.get_tenant("acme").await.unwrap().unwrap(), changed);
    let mut ghost = changed.clone();
    ghost.id = "ghost".into();
    assert!(matches!(dir.update_tenant(&ghost, &any_event()).await, Err(Error::NotFound { .. })));

    let contents = dir.tenant_contents("acme").await.unwrap();
    assert!(contents.is_empty(), "{contents:?}");
    assert_eq!(contents.domains, 1);
    dir.delete_tenant("acme", &any_event()).await.unwrap();
    assert!(dir.get_tenant("acme").await.unwrap().is_none());
    assert!(dir.get_mail_domain("acme.test").await.unwrap().is_none());
    assert!(matches!(dir.delete_tenant("acme", &any_event()).await, Err(Error::NotFound { .. })));
}

#[apply(every_backend)]
async fn tenant_ids_and_domains_are_unique(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    let (same_id, mut other_domain) = tenant("acme");
    other_domain.name = "other.test".into();
    match dir.create_tenant(&same_id, &other_domain, &any_event()).await {
        Err(Error::AlreadyExists { kind: "tenant", name }) => assert_eq!(name, "acme"),
        other => panic!("expected a tenant collision, got {other:?}"),
    }
    let (mut other, domain) = tenant("acme");
    other.id = "other".into();
    let mut domain = domain;
    domain.tenant_id = "other".into();
    match dir.create_tenant(&other, &domain, &any_event()).await {
        Err(Error::AlreadyExists { kind: "domain", name }) => assert_eq!(name, "acme.test"),
        other => panic!("expected a domain collision, got {other:?}"),
    }
    // Nothing of the refused creations remains.
    assert!(dir.get_tenant("other").await.unwrap().is_none());
    assert!(dir.get_mail_domain("other.test").await.unwrap().is_none());
    assert_eq!(dir.count_tenants().await.unwrap(), 1);
}

#[apply(every_backend)]
async fn user_round_trip_keeps_every_field(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    let mut full = user("acme", "ivan");
    full.alternate_address = "иван@acme.test".into();
    full.role = Role::Admin;
    full.middle_name = "Сергеевич".into();
    full.department = "Разработка".into();
    full.title = "Engineer".into();
    full.description = "Builds = things (and *stars*) \\ backslash".into();
    full.home_phone = "+7 (495) 123-45-67".into();
    full.work_phone = "8-800-555-35-35 #123".into();
    full.mobile_phone = "+7 916 000-11-22".into();
    full.city = "Москва".into();
    full.telegram = "@ivan".into();
    full.skype = "ivan.skype".into();
    full.quota_bytes = Some(1_073_741_824);
    full.display_name = "Иван Петров".into();
    full.status = UserStatus::Active;
    full.lang = "ru-RU".into();
    full.aliases = vec!["i.petrov@acme.test".into(), "ivan.p@acme.test".into()];
    full.address_book_visibility = 3;
    dir.create_user(&full, &any_event()).await.unwrap();
    let got = dir.get_user("acme", "ivan@acme.test").await.unwrap().expect("stored");
    assert_eq!(got, full);
    let minimal = user("acme", "min");
    dir.create_user(&minimal, &any_event()).await.unwrap();
    assert_eq!(dir.get_user("acme", "min@acme.test").await.unwrap().unwrap(), minimal);
    assert!(dir.get_user("other", "ivan@acme.test").await.unwrap().is_none(), "tenant is part of the key");
}

#[apply(every_backend)]
async fn addresses_are_unique_across_users(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "beta").await;
    let mut first = user("acme", "first");
    first.aliases = vec!["alias@acme.test".into()];
    first.alternate_address = "первый@acme.test".into();
    dir.create_user(&first, &any_event()).await.unwrap();
    type Change = Box<dyn Fn(&mut pbm::domain::User)>;
    let collisions: Vec<(&str, Change)> = vec![
        ("first@acme.test", Box::new(|u| u.mail = "first@acme.test".into())),
        ("alias@acme.test", Box::new(|u| u.mail = "alias@acme.test".into())),
        ("first@acme.test", Box::new(|u| u.aliases = vec!["first@acme.test".into()])),
        ("alias@acme.test", Box::new(|u| u.aliases = vec!["alias@acme.test".into()])),
        ("первый@acme.test", Box::new(|u| u.alternate_address = "первый@acme.test".into())),
    ];
    for (address, change) in collisions {
        let mut second = user("beta", "second");
        change(&mut second);
        match dir.create_user(&second, &any_event()).await {
            Err(Error::AlreadyExists { kind: "address", name }) => assert_eq!(name, address),
            other => panic!("expected {address} to collide, got {other:?}"),
        }
        assert!(dir.get_user("beta", &second.mail).await.unwrap().is_none(), "half-created user");
    }
    // A refused creation reserved nothing: its other addresses are free.
    let mut partial = user("beta", "partial");
    partial.aliases = vec!["free@beta.test".into(), "alias@acme.test".into()];
    assert!(dir.create_user(&partial, &any_event()).await.is_err());
    let mut taker = user("beta", "taker");
    taker.aliases = vec!["free@beta.test".into()];
    dir.create_user(&taker, &any_event()).await.unwrap();
}

#[apply(every_backend)]
async fn users_are_found_by_any_address(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    let mut ivan = user("acme", "ivan");
    ivan.aliases = vec!["iv@acme.test".into()];
    ivan.alternate_address = "иван@acme.test".into();
    dir.create_user(&ivan, &any_event()).await.unwrap();
    for address in ["ivan@acme.test", "iv@acme.test", "иван@acme.test"] {
        let found = dir.find_user_by_address(address).await.unwrap().unwrap_or_else(|| panic!("{address}"));
        assert_eq!(found.mail, "ivan@acme.test");
    }
    assert!(dir.find_user_by_address("nobody@acme.test").await.unwrap().is_none());
    assert!(dir.find_user_by_address("*").await.unwrap().is_none());
    assert!(dir.find_user_by_address("ivan@acme.test)(mail=*").await.unwrap().is_none());
}

#[apply(every_backend)]
async fn listing_sorts_searches_and_pages(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "beta").await;
    let people = [
        ("anna", "Anna", "Zorina"),
        ("boris", "boris", "Yakovlev"),
        ("vera", "Vera", "Xenina"),
        ("gleb", "Gleb", "Petrov"),
        ("dina", "Dina", "petrov"),
    ];
    for (local, given, surname) in people {
        let mut u = user("acme", local);
        u.given_name = given.into();
        u.surname = surname.into();
        dir.create_user(&u, &any_event()).await.unwrap();
    }
    dir.create_user(&user("beta", "zeta"), &any_event()).await.unwrap();

    assert_eq!(mails(&dir.list_users(&query("acme")).await.unwrap()), ["anna", "boris", "dina", "gleb", "vera"]);
    let by = |sort, descending| UserListQuery { sort, descending, ..query("acme") };
    assert_eq!(
        mails(&dir.list_users(&by(UserSortKey::GivenName, false)).await.unwrap()),
        ["anna", "boris", "dina", "gleb", "vera"]
    );
    // Case-insensitive, ties broken by mail (in the same direction).
    assert_eq!(
        mails(&dir.list_users(&by(UserSortKey::Surname, false)).await.unwrap()),
        ["dina", "gleb", "vera", "boris", "anna"]
    );
    assert_eq!(
        mails(&dir.list_users(&by(UserSortKey::Surname, true)).await.unwrap()),
        ["anna", "boris", "vera", "gleb", "dina"]
    );
    assert_eq!(
        mails(&dir.list_users(&by(UserSortKey::Mail, true)).await.unwrap()),
        ["vera", "gleb", "dina", "boris", "anna"]
    );

    // Keyset: after (key, mail) in each order.
    let after = |sort, descending, key: &str, id: &str| UserListQuery {
        sort,
        descending,
        after: Some(Cursor { key: key.into(), id: id.into() }),
        ..query("acme")
    };
    assert_eq!(
        mails(&dir.list_users(&after(UserSortKey::Mail, false, "boris@acme.test", "boris@acme.test")).await.unwrap()),
        ["dina", "gleb", "vera"]
    );
    assert_eq!(
        mails(&dir.list_users(&after(UserSortKey::Surname, false, "petrov", "dina@acme.test")).await.unwrap()),
        ["gleb", "vera", "boris", "anna"]
    );
    assert_eq!(
        mails(&dir.list_users(&after(UserSortKey::Surname, true, "petrov", "gleb@acme.test")).await.unwrap()),
        ["dina"]
    );
    // Skip and limit.
    let page = UserListQuery { skip: 1, limit: 2, ..query("acme") };
    assert_eq!(mails(&dir.list_users(&page).await.unwrap()), ["boris", "dina"]);

    // Search: case-insensitive substring of mail, given name or surname.
    let search = |text: &str| UserListQuery { search: Some(text.into()), ..query("acme") };
    assert_eq!(mails(&dir.list_users(&search("petrov")).await.unwrap()), ["dina", "gleb"]);
    assert_eq!(mails(&dir.list_users(&search("or")).await.unwrap()), ["anna", "boris"]);
    assert_eq!(mails(&dir.list_users(&search("@acme")).await.unwrap()).len(), 5);
    // A term spanning two fields (mail's end and the given name's start) is no hit.
    assert!(dir.list_users(&search("test gleb")).await.unwrap().is_empty());
    assert!(dir.list_users(&search("gleb petrov")).await.unwrap().is_empty());
    assert_eq!(dir.count_users(Some("acme"), Some("test gleb")).await.unwrap(), 0);
    assert_eq!(dir.count_users(Some("acme"), Some("petrov")).await.unwrap(), 2);
    assert_eq!(dir.count_users(Some("acme"), None).await.unwrap(), 5);
    assert_eq!(dir.count_users(None, None).await.unwrap(), 6);
    let everyone = UserListQuery { tenant_id: None, ..query("acme") };
    assert_eq!(dir.list_users(&everyone).await.unwrap().len(), 6);
}

#[apply(every_backend)]
async fn search_treats_filter_syntax_as_text(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    let mut odd = user("acme", "odd");
    odd.given_name = "Star*(Paren)\\Back%Under_".into();
    dir.create_user(&odd, &any_event()).await.unwrap();
    dir.create_user(&user("acme", "plain"), &any_event()).await.unwrap();
    let search = |text: &str| UserListQuery { search: Some(text.into()), ..query("acme") };
    for text in ["*", "(", ")", "\\", "%", "_", "*)(mail=*", "r*(p"] {
        let found = mails(&dir.list_users(&search(text)).await.unwrap());
        let expected: Vec<String> =
            if "star*(paren)\\back%under_".contains(text) { vec!["odd".into()] } else { vec![] };
        assert_eq!(found, expected, "search {text:?}");
        assert_eq!(dir.count_users(Some("acme"), Some(text)).await.unwrap(), expected.len() as u64, "count {text:?}");
    }
}

#[apply(every_backend)]
async fn updates_check_revisions_and_move_addresses(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    let mut ivan = user("acme", "ivan");
    ivan.aliases = vec!["old@acme.test".into()];
    dir.create_user(&ivan, &any_event()).await.unwrap();
    let stored = dir.get_user("acme", "ivan@acme.test").await.unwrap().unwrap();

    let mut changed = stored.clone();
    changed.title = "Boss".into();
    changed.aliases = vec!["new@acme.test".into()];
    changed.alternate_address = "иван@acme.test".into();
    changed.updated_at = now();
    let after = dir.update_user(&changed, &any_event(), None).await.unwrap();
    assert!(after.revision > stored.revision);
    let reread = dir.get_user("acme", "ivan@acme.test").await.unwrap().unwrap();
    assert_eq!(reread, after);
    assert_eq!(reread.title, "Boss");
    // The old alias is free, the new ones taken.
    dir.create_user(&user("acme", "old"), &any_event()).await.unwrap();
    assert!(matches!(dir.create_user(&user("acme", "new"), &any_event()).await, Err(Error::AlreadyExists { .. })));
    assert_eq!(dir.find_user_by_address("иван@acme.test").await.unwrap().unwrap().mail, "ivan@acme.test");

    // A stale revision loses and changes nothing.
    let mut stale = stored.clone();
    stale.title = "Stale".into();
    assert!(matches!(dir.update_user(&stale, &any_event(), None).await, Err(Error::Aborted(_))));
    assert_eq!(dir.get_user("acme", "ivan@acme.test").await.unwrap().unwrap().title, "Boss");
    // A colliding alias is refused atomically.
    let mut colliding = reread.clone();
    colliding.title = "Collide".into();
    colliding.aliases = vec!["old@acme.test".into()];
    match dir.update_user(&colliding, &any_event(), None).await {
        Err(Error::AlreadyExists { kind: "address", name }) => assert_eq!(name, "old@acme.test"),
        other => panic!("expected a collision, got {other:?}"),
    }
    let unchanged = dir.get_user("acme", "ivan@acme.test").await.unwrap().unwrap();
    assert_eq!(unchanged, reread);
    let mut ghost = user("acme", "ghost");
    ghost.title = "x".into();
    assert!(matches!(dir.update_user(&ghost, &any_event(), None).await, Err(Error::NotFound { .. })));
}

#[apply(every_backend)]
async fn soft_delete_undelete_and_purge(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    let mut ivan = user("acme", "ivan");
    ivan.aliases = vec!["iv@acme.test".into()];
    dir.create_user(&ivan, &any_event()).await.unwrap();
    dir.create_user(&user("acme", "keep"), &any_event()).await.unwrap();
    let at = now();
    dir.delete_user("acme", "ivan@acme.test", at, &any_event()).await.unwrap();
    assert!(matches!(dir.delete_user("acme", "ivan@acme.test", at, &any_event()).await, Err(Error::NotFound { .. })));
    assert!(dir.get_user("acme", "ivan@acme.test").await.unwrap().is_none());
    assert!(dir.find_user_by_address("iv@acme.test").await.unwrap().is_none());
    assert_eq!(mails(&dir.list_users(&query("acme")).await.unwrap()), ["keep"]);
    assert_eq!(dir.count_users(Some("acme"), None).await.unwrap(), 1);
    // Its addresses stay reserved.
    assert!(matches!(dir.create_user(&user("acme", "ivan"), &any_event()).await, Err(Error::AlreadyExists { .. })));
    assert!(matches!(dir.create_user(&user("acme", "iv"), &any_event()).await, Err(Error::AlreadyExists { .. })));

    let deleted = dir.get_deleted_user("acme", "ivan@acme.test").await.unwrap().unwrap();
    assert_eq!(deleted.deleted_at, Some(at));
    assert_eq!(deleted.aliases, ["iv@acme.test"]);
    assert_eq!(mails(&dir.list_deleted_users("acme", None, 10).await.unwrap()), ["ivan"]);
    assert!(dir.list_deleted_users("acme", Some("ivan@acme.test"), 10).await.unwrap().is_empty());
    assert_eq!(dir.count_deleted_users("acme").await.unwrap(), 1);
    assert_eq!(dir.tenant_contents("acme").await.unwrap().deleted_users, 1);

    dir.undelete_user("acme", "ivan@acme.test", &any_event()).await.unwrap();
    let back = dir.get_user("acme", "ivan@acme.test").await.unwrap().unwrap();
    assert_eq!((back.aliases.clone(), back.deleted_at), (vec!["iv@acme.test".to_owned()], None));
    assert!(matches!(dir.undelete_user("acme", "ivan@acme.test", &any_event()).await, Err(Error::NotFound { .. })));

    // Purge removes only what was deleted before the cutoff, and frees its addresses.
    dir.delete_user("acme", "ivan@acme.test", now(), &any_event()).await.unwrap();
    assert!(dir.purge_deleted_users(now() - chrono::Duration::hours(1), &any_event()).await.unwrap().is_empty());
    let purged = dir.purge_deleted_users(now() + chrono::Duration::seconds(1), &any_event()).await.unwrap();
    assert_eq!(purged, ["ivan@acme.test"]);
    assert!(dir.get_deleted_user("acme", "ivan@acme.test").await.unwrap().is_none());
    dir.create_user(&user("acme", "ivan"), &any_event()).await.unwrap();
    dir.create_user(&user("acme", "iv"), &any_event()).await.unwrap();
}

#[apply(every_backend)]
async fn deleting_a_tenant_removes_everything_in_it(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "beta").await;
    let mut ivan = user("acme", "ivan");
    ivan.aliases = vec!["iv@acme.test".into()];
    ivan.role = Role::Superadmin;
    dir.create_user(&ivan, &any_event()).await.unwrap();
    dir.create_user(&user("acme", "gone"), &any_event()).await.unwrap();
    dir.delete_user("acme", "gone@acme.test", now(), &any_event()).await.unwrap();
    dir.create_user(&user("beta", "stays"), &any_event()).await.unwrap();
    let contents = dir.tenant_contents("acme").await.unwrap();
    assert_eq!((contents.users, contents.deleted_users, contents.superadmins, contents.domains), (1, 1, 1, 1));
    assert!(!contents.is_empty());

    dir.delete_tenant("acme", &any_event()).await.unwrap();
    assert!(dir.find_user_by_address("ivan@acme.test").await.unwrap().is_none());
    assert!(dir.get_deleted_user("acme", "gone@acme.test").await.unwrap().is_none());
    assert_eq!(dir.count_users(None, None).await.unwrap(), 1);
    // Every address is free again, even in a new tenant with the same domain.
    with_tenant(&stores, "acme").await;
    let mut again = user("acme", "ivan");
    again.aliases = vec!["iv@acme.test".into(), "gone@acme.test".into()];
    dir.create_user(&again, &any_event()).await.unwrap();
}

#[apply(every_backend)]
async fn changes_are_audited_with_the_change(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    let (t, d) = tenant("acme");
    dir.create_tenant(&t, &d, &event("pbm.v2.TenantService/CreateTenant", "acme", "tenant:acme")).await.unwrap();
    let u = user("acme", "ivan");
    dir.create_user(&u, &event("pbm.v2.UserService/CreateUser", "acme", "user:ivan@acme.test")).await.unwrap();
    // A refused change writes no success row.
    let _ = dir.create_user(&u, &event("pbm.v2.UserService/CreateUser", "acme", "user:dup")).await.unwrap_err();
    let rows = stores
        .audit
        .list(&AuditQuery { tenant_id: Some("acme".into()), limit: 10, ..Default::default() })
        .await
        .unwrap();
    let targets: Vec<_> = rows.iter().map(|r| r.event.target.as_str()).collect();
    assert_eq!(targets, ["user:ivan@acme.test", "tenant:acme"]);
    assert!(rows[0].id > rows[1].id);
}

#[apply(every_backend)]
async fn concurrent_creations_of_one_address(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    with_tenant(&stores, "acme").await;
    let attempts = (0..8).map(|i| {
        let dir = stores.directory.clone();
        tokio::spawn(async move {
            let mut u = user("acme", &format!("u{i}"));
            u.aliases = vec!["shared@acme.test".into()];
            dir.create_user(&u, &any_event()).await
        })
    });
    let results: Vec<_> = futures::future::join_all(attempts).await.into_iter().map(|r| r.unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| matches!(e, Error::AlreadyExists { .. })));
    assert_eq!(stores.directory.count_users(Some("acme"), None).await.unwrap(), 1);
    let owners: BTreeSet<_> =
        stores.directory.list_users(&query("acme")).await.unwrap().into_iter().map(|u| u.aliases).collect();
    assert_eq!(owners.len(), 1);
}

#[apply(every_backend)]
async fn imports_store_every_user_or_none(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "beta").await;
    let mut full = user("acme", "ivan");
    full.alternate_address = "иван@acme.test".into();
    full.aliases = vec!["i.petrov@acme.test".into()];
    full.quota_bytes = Some(1_073_741_824);
    full.title = "Engineer".into();
    let mut users = vec![full.clone()];
    users.extend((0..1500).map(|i| user("acme", &format!("bulk{i:04}"))));
    users.push(user("beta", "other"));
    dir.import_users(&users, &event("pbm.v2.UserService/ImportUsers", "", "users:import")).await.unwrap();
    assert_eq!(dir.get_user("acme", "ivan@acme.test").await.unwrap().unwrap(), full);
    assert_eq!(dir.find_user_by_address("i.petrov@acme.test").await.unwrap().unwrap().mail, "ivan@acme.test");
    assert_eq!(dir.count_users(Some("acme"), None).await.unwrap(), 1501);
    assert_eq!(dir.count_users(Some("beta"), None).await.unwrap(), 1);
    let page = dir.list_users(&UserListQuery { skip: 1000, limit: 2, ..query("acme") }).await.unwrap();
    assert_eq!(mails(&page), ["bulk1000", "bulk1001"]);
    let rows = stores.audit.list(&AuditQuery { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(rows.iter().filter(|r| r.event.target == "users:import").count(), 1, "one event for the import");

    // One taken address refuses the whole import, naming it.
    let mut clash = user("acme", "late");
    clash.aliases = vec!["bulk0007@acme.test".into()];
    let refused = vec![user("acme", "fresh1"), clash, user("acme", "fresh2")];
    match dir.import_users(&refused, &any_event()).await {
        Err(Error::AlreadyExists { kind: "address", name }) => assert_eq!(name, "bulk0007@acme.test"),
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    // So does an address given twice within the import.
    let twice = vec![user("acme", "fresh3"), user("acme", "fresh3")];
    assert!(matches!(dir.import_users(&twice, &any_event()).await, Err(Error::AlreadyExists { .. })));
    for gone in ["fresh1", "fresh2", "fresh3", "late"] {
        assert!(dir.get_user("acme", &format!("{gone}@acme.test")).await.unwrap().is_none(), "{gone} not stored");
        assert!(dir.find_addresses(&[format!("{gone}@acme.test")]).await.unwrap().is_empty());
    }
    assert_eq!(dir.count_users(Some("acme"), None).await.unwrap(), 1501);
}

/// `user_batches`: every live user of a tenant (or of all), ordered by
/// address, in batches of the size asked, soft-deleted users left out.
/// ListUsers' page and total in one port call agree with the page of
/// `list_users` and the `count_users` of the same tenant and search, for
/// searches with few matches and with more than a backend may read whole
/// (LDAP reads up to 500 matches in the search itself, then keys).
#[apply(every_backend)]
async fn list_pages_count_their_whole_match(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "beta").await;
    let mut users: Vec<pbm::domain::User> = (0..520)
        .map(|i| {
            let mut u = user("acme", &format!("page{i:03}"));
            u.given_name = format!("Name{}", (i * 7) % 520);
            u
        })
        .collect();
    for (i, u) in users.iter_mut().enumerate().take(3) {
        u.surname = format!("Zorkin{}", 3 - i);
    }
    dir.import_users(&users, &any_event()).await.unwrap();
    dir.create_user(&user("beta", "page999"), &any_event()).await.unwrap();

    let search = |s: &str, sort, descending, skip, limit| UserListQuery {
        search: Some(s.into()),
        sort,
        descending,
        skip,
        limit,
        ..query("acme")
    };
    let cases = [
        UserListQuery { skip: 10, limit: 20, ..query("acme") },
        UserListQuery {
            descending: true,
            after: Some(Cursor { key: String::new(), id: users[100].mail.clone() }),
            limit: 7,
            ..query("acme")
        },
        UserListQuery { sort: UserSortKey::GivenName, limit: 5, skip: 500, ..query("acme") },
        search("page", UserSortKey::Surname, false, 5, 51),
        search("page", UserSortKey::Mail, true, 0, 3),
        search("zork", UserSortKey::Surname, false, 0, 51),
        search("zork", UserSortKey::GivenName, true, 1, 51),
        search("nothing-like-it", UserSortKey::Mail, false, 0, 51),
    ];
    for q in &cases {
        let (page, total) = dir.list_users_page(q).await.unwrap();
        assert_eq!(page, dir.list_users(q).await.unwrap(), "{q:?}");
        assert_eq!(total, dir.count_users(q.tenant_id.as_deref(), q.search.as_deref()).await.unwrap(), "{q:?}");
    }
    let (page, total) = dir.list_users_page(&cases[0]).await.unwrap();
    assert_eq!(total, 520);
    assert_eq!(mails(&page), (10..30).map(|i| format!("page{i:03}")).collect::<Vec<_>>());
    let (page, total) = dir.list_users_page(&cases[3]).await.unwrap();
    assert_eq!(total, 520, "every user of the tenant matches, none of the other tenant");
    assert_eq!(page.len(), 51);
    let (page, total) = dir.list_users_page(&cases[5]).await.unwrap();
    assert_eq!(total, 3);
    assert_eq!(mails(&page), ["page002", "page001", "page000"], "by surname: Zorkin1, Zorkin2, Zorkin3");
    let (page, total) = dir.list_users_page(&cases[7]).await.unwrap();
    assert_eq!((page.len(), total), (0, 0));
}

#[apply(every_backend)]
async fn user_batches_cover_every_live_user_in_order(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    use futures::StreamExt as _;
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "beta").await;
    let locals: Vec<String> = (0..7).rev().map(|i| format!("u{i}")).collect();
    for local in &locals {
        dir.create_user(&user("acme", local), &any_event()).await.unwrap();
    }
    let mut zeta = user("beta", "zeta");
    zeta.aliases = vec!["zeta.b@beta.test".into(), "zeta.a@beta.test".into()];
    zeta.quota_bytes = Some(5 << 30);
    zeta.department = "Отдел \"кавычек\" и \\ слэшей".into();
    dir.create_user(&zeta, &any_event()).await.unwrap();
    dir.create_user(&user("acme", "gone"), &any_event()).await.unwrap();
    let gone = user("acme", "gone").mail;
    dir.delete_user("acme", &gone, now(), &any_event()).await.unwrap();

    let batches: Vec<Vec<pbm::domain::User>> =
        dir.user_batches(Some("acme"), 3).map(|batch| batch.unwrap()).collect().await;
    let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    assert_eq!(sizes, [3, 3, 1]);
    let all: Vec<pbm::domain::User> = batches.into_iter().flatten().collect();
    assert_eq!(mails(&all), ["u0", "u1", "u2", "u3", "u4", "u5", "u6"]);
    assert!(all.iter().all(|u| u.tenant_id == "acme"));
    let whole: Vec<usize> = dir.user_batches(Some("acme"), 7).map(|batch| batch.unwrap().len()).collect().await;
    assert_eq!(whole, [7], "a last batch exactly full is followed by none");
    let everyone: Vec<pbm::domain::User> =
        dir.user_batches(None, 100).map(|batch| batch.unwrap()).collect::<Vec<_>>().await.concat();
    let mut expected: Vec<String> = everyone.iter().map(|u| u.mail.clone()).collect();
    expected.sort();
    assert_eq!(everyone.iter().map(|u| u.mail.clone()).collect::<Vec<_>>(), expected, "ordered by address");
    assert_eq!(everyone.len(), 8, "{:?}", mails(&everyone));
    for streamed in &everyone {
        let read = dir.get_user(&streamed.tenant_id, &streamed.mail).await.unwrap();
        assert_eq!(Some(streamed), read.as_ref(), "a streamed user is the user as read, aliases and all");
    }
    let zeta = everyone.iter().find(|u| u.tenant_id == "beta").unwrap();
    assert_eq!(zeta.aliases, ["zeta.a@beta.test", "zeta.b@beta.test"]);
    assert_eq!(zeta.quota_bytes, Some(5 << 30));
    let empty: Vec<_> = dir.user_batches(Some("nosuch"), 10).collect().await;
    assert!(empty.is_empty());
}

/// `get_users`: the live users of a tenant among the addresses asked (the
/// change feed's catch-up), the same as `get_user` reads each; unknown,
/// soft-deleted and other tenants' addresses are left out.
#[apply(every_backend)]
async fn get_users_reads_the_live_users_asked(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "beta").await;
    let mut ann = user("acme", "ann");
    ann.aliases = vec!["ann.alias@acme.test".into()];
    for u in [ann, user("acme", "bob"), user("acme", "gone"), user("beta", "cat")] {
        dir.create_user(&u, &any_event()).await.unwrap();
    }
    dir.delete_user("acme", &user("acme", "gone").mail, now(), &any_event()).await.unwrap();
    let asked: Vec<String> = ["ann", "bob", "gone", "nobody"]
        .iter()
        .map(|l| user("acme", l).mail)
        .chain([user("beta", "cat").mail])
        .collect();
    let mut read = dir.get_users("acme", &asked).await.unwrap();
    read.sort_by(|a, b| a.mail.cmp(&b.mail));
    assert_eq!(mails(&read), ["ann", "bob"]);
    for u in &read {
        assert_eq!(Some(u), dir.get_user("acme", &u.mail).await.unwrap().as_ref());
    }
    assert_eq!(read[0].aliases, ["ann.alias@acme.test"]);
    assert!(dir.get_users("acme", &[]).await.unwrap().is_empty());
}
