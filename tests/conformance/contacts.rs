//! External contacts and the address-book search: every backend stores,
//! finds, renames and refuses contacts the same way, logs each change, and
//! answers the same book — the tenant's live users, resources, lists and
//! contacts, matched by prefix, shown per `employeeType`, ordered by name
//! then address and paged by that key.

use pbm::{
    Error,
    domain::{
        BookEntry, BookList, BookQuery, ChangeOp, Contact, EntryKind, MailList, ObjectKind, Resource, ResourceGroup,
        contact::shown_in,
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

fn contact(tenant: &str, mail: &str, name: &str) -> Contact {
    Contact {
        tenant_id: tenant.into(),
        mail: mail.into(),
        name: name.into(),
        phones: vec!["+7 495 123-45-67".into(), "8 (800) 000".into()],
        title: "Инженер".into(),
        department: "Снабжение".into(),
        office: "301".into(),
        street: "ул. Ленина, 1".into(),
        city: "Москва".into(),
        address_book_visibility: 1,
        source: "manual".into(),
        source_id: String::new(),
        created_at: now(),
        updated_at: now(),
        revision: 1,
    }
}

fn sorted_phones(mut c: Contact) -> Contact {
    c.phones.sort();
    c
}

fn query(tenant: &str, prefix: &str, list: BookList) -> BookQuery {
    BookQuery {
        tenant_id: tenant.into(),
        prefix: prefix.into(),
        shown: EntryKind::ALL.iter().map(|k| (*k, shown_in(*k, list).to_vec())).collect(),
        after: None,
        limit: 100,
    }
}

fn mails(entries: &[BookEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.mail.as_str()).collect()
}

#[apply(every_backend)]
async fn contacts_are_stored_renamed_and_deleted(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "beta").await;
    let mut at = stores.changes.revisions().await.unwrap().latest;

    let petrov = contact("acme", "petrov@partner.ru", "Пётр Петров");
    dir.create_contact(&petrov, &any_event()).await.unwrap();
    assert_eq!(
        dir.get_contact("acme", "petrov@partner.ru").await.unwrap().map(sorted_phones),
        Some(sorted_phones(petrov.clone()))
    );
    // Unique within the tenant's book only: another tenant may hold it too.
    assert!(matches!(
        dir.create_contact(&contact("acme", "petrov@partner.ru", "Другой"), &any_event()).await,
        Err(Error::AlreadyExists { kind: "contact", .. })
    ));
    dir.create_contact(&contact("beta", "petrov@partner.ru", "Пётр"), &any_event()).await.unwrap();
    assert!(matches!(
        dir.create_contact(&contact("nope", "x@partner.ru", "X"), &any_event()).await,
        Err(Error::NotFound { kind: "tenant", .. })
    ));
    // A contact reserves nothing: the address is not a login anywhere.
    assert!(dir.find_addresses(&["petrov@partner.ru".into()]).await.unwrap().is_empty());

    let mut synced = contact("acme", "ivanov@corp.test", "Иван Иванов");
    synced.source = "ad".into();
    synced.source_id = "5f2c0d3e-guid".into();
    synced.phones = Vec::new();
    dir.create_contact(&synced, &any_event()).await.unwrap();
    let of_ad = dir.contacts_of_source("acme", "ad").await.unwrap();
    assert_eq!(
        of_ad.iter().map(|c| (c.mail.as_str(), c.source_id.as_str())).collect::<Vec<_>>(),
        [("ivanov@corp.test", "5f2c0d3e-guid")]
    );
    assert_eq!(dir.count_contacts("acme").await.unwrap(), 2);
    let page = dir.list_contacts("acme", None, 1).await.unwrap();
    assert_eq!(page.iter().map(|c| c.mail.as_str()).collect::<Vec<_>>(), ["ivanov@corp.test"]);
    let page = dir.list_contacts("acme", Some("ivanov@corp.test"), 10).await.unwrap();
    assert_eq!(page.iter().map(|c| c.mail.as_str()).collect::<Vec<_>>(), ["petrov@partner.ru"]);

    // A rename at the source: a new address, same contact.
    let stored = dir.get_contact("acme", "ivanov@corp.test").await.unwrap().unwrap();
    let mut renamed = stored.clone();
    renamed.mail = "i.ivanov@corp.test".into();
    renamed.name = "Иван Иванович Иванов".into();
    let after = dir.update_contact("ivanov@corp.test", &renamed, &any_event()).await.unwrap();
    assert_eq!(after.revision, stored.revision + 1);
    assert!(dir.get_contact("acme", "ivanov@corp.test").await.unwrap().is_none());
    let read = dir.get_contact("acme", "i.ivanov@corp.test").await.unwrap().unwrap();
    assert_eq!(
        (read.name.as_str(), read.source_id.as_str(), read.revision),
        ("Иван Иванович Иванов", "5f2c0d3e-guid", after.revision)
    );
    // A stale revision loses; a taken address is refused and changes nothing.
    assert!(matches!(dir.update_contact("i.ivanov@corp.test", &renamed, &any_event()).await, Err(Error::Aborted(_))));
    let mut onto = read.clone();
    onto.mail = "petrov@partner.ru".into();
    assert!(matches!(
        dir.update_contact("i.ivanov@corp.test", &onto, &any_event()).await,
        Err(Error::AlreadyExists { kind: "contact", .. })
    ));
    assert_eq!(dir.get_contact("acme", "i.ivanov@corp.test").await.unwrap(), Some(read.clone()));

    dir.delete_contact("acme", "i.ivanov@corp.test", &any_event()).await.unwrap();
    assert!(matches!(
        dir.delete_contact("acme", "i.ivanov@corp.test", &any_event()).await,
        Err(Error::NotFound { .. })
    ));

    let records = stores.changes.changes_after(at, 100).await.unwrap();
    at = records.last().map(|r| r.revision).unwrap_or(at);
    let seen: Vec<(ObjectKind, String, ChangeOp)> =
        records.into_iter().map(|r| (r.change.kind, r.change.name, r.change.op)).collect();
    use ChangeOp::{Added, Deleted};
    let expected: Vec<(ObjectKind, String, ChangeOp)> = [
        ("petrov@partner.ru", Added),
        ("petrov@partner.ru", Added),
        ("ivanov@corp.test", Added),
        ("ivanov@corp.test", Deleted),
        ("i.ivanov@corp.test", Added),
        ("i.ivanov@corp.test", Deleted),
    ]
    .into_iter()
    .map(|(n, o)| (ObjectKind::Contact, n.to_string(), o))
    .collect();
    assert_eq!(seen, expected, "every contact change is logged, the failed ones not");

    // A tenant's deletion takes its contacts with it.
    dir.delete_tenant("beta", &any_event()).await.unwrap();
    assert!(dir.get_contact("beta", "petrov@partner.ru").await.unwrap().is_none());
    assert!(at > 0);
}

#[apply(every_backend)]
async fn the_book_searches_every_kind_by_prefix_and_pages(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let dir = &stores.directory;
    with_tenant(&stores, "acme").await;
    with_tenant(&stores, "beta").await;
    // Users: given name Иван, surnames Петров-<local>.
    let mut anna = user("acme", "anna");
    anna.given_name = "Анна".into();
    anna.surname = "Смирнова".into();
    anna.work_phone = "+7 1".into();
    dir.create_user(&anna, &any_event()).await.unwrap();
    let mut colleague_only = user("acme", "kolya");
    colleague_only.given_name = "Николай".into();
    colleague_only.surname = "Ков".into();
    colleague_only.address_book_visibility = 2;
    dir.create_user(&colleague_only, &any_event()).await.unwrap();
    let mut gone = user("acme", "gone");
    gone.given_name = "Анатолий".into();
    dir.create_user(&gone, &any_event()).await.unwrap();
    dir.delete_user("acme", "gone@acme.test", now(), &any_event()).await.unwrap();
    dir.create_user(&user("beta", "anya"), &any_event()).await.unwrap();
    // A resource, a hidden resource, a list.
    let group = ResourceGroup {
        tenant_id: "acme".into(),
        name: "Rooms".into(),
        resource_count: 0,
        created_at: now(),
        updated_at: now(),
    };
    dir.create_resource_group(&group, &any_event()).await.unwrap();
    let room = |mail: &str, name: &str, visibility: i32| Resource {
        tenant_id: "acme".into(),
        group: "Rooms".into(),
        mail: mail.into(),
        display_name: name.into(),
        description: String::new(),
        city: "Казань".into(),
        address_book_visibility: visibility,
        created_at: now(),
        updated_at: now(),
        revision: 1,
    };
    dir.create_resource(&room("room1@acme.test", "Аудитория Альфа", 0), &any_event()).await.unwrap();
    dir.create_resource(&room("room2@acme.test", "Аудитория Бета", 2), &any_event()).await.unwrap();
    let list = MailList {
        tenant_id: "acme".into(),
        mail: "all@acme.test".into(),
        display_name: "Все сотрудники".into(),
        members: Vec::new(),
        address_book_visibility: 1,
        internal_only: true,
        created_at: now(),
        updated_at: now(),
        revision: 1,
    };
    dir.create_mail_list(&list, &any_event()).await.unwrap();
    dir.create_contact(&contact("acme", "anton@partner.ru", "Антон Агеев"), &any_event()).await.unwrap();
    // A contact shadowed by a user of the tenant with the same address.
    dir.create_contact(&contact("acme", "anna@acme.test", "Анна (контакт)"), &any_event()).await.unwrap();

    let all = dir.search_address_book(&query("acme", "", BookList::Any)).await.unwrap();
    assert_eq!(
        mails(&all),
        ["anna@acme.test", "anton@partner.ru", "room1@acme.test", "all@acme.test", "kolya@acme.test"],
        "ordered by lower-cased name; hidden, deleted, shadowed and foreign entries left out: {all:?}"
    );
    let anna_entry = all.iter().find(|e| e.mail == "anna@acme.test").unwrap();
    assert_eq!(
        (anna_entry.kind, anna_entry.name.as_str(), anna_entry.phones.clone()),
        (EntryKind::User, "Анна Смирнова", vec!["+7 1".to_string()])
    );
    let anton = all.iter().find(|e| e.kind == EntryKind::Contact).unwrap();
    assert_eq!((anton.city.as_str(), anton.office.as_str(), anton.phones.len()), ("Москва", "301", 2));

    // Prefixes: a word of the name (any case), or the address.
    let found = dir.search_address_book(&query("acme", "ан", BookList::Any)).await.unwrap();
    assert_eq!(mails(&found), ["anna@acme.test", "anton@partner.ru"]);
    // Users by index: a prefix of three letters or more of the surname, the given name or the
    // address reads each range; a shorter one walks the book in order.
    let found = dir.search_address_book(&query("acme", "смир", BookList::Any)).await.unwrap();
    assert_eq!(mails(&found), ["anna@acme.test"], "a surname prefix");
    let found = dir.search_address_book(&query("acme", "kol", BookList::Any)).await.unwrap();
    assert_eq!(mails(&found), ["kolya@acme.test"], "an address prefix");
    let found = dir.search_address_book(&query("acme", "анн", BookList::Any)).await.unwrap();
    assert_eq!(mails(&found), ["anna@acme.test"], "a given-name prefix");
    let found = dir.search_address_book(&query("acme", "k", BookList::Any)).await.unwrap();
    assert_eq!(mails(&found), ["kolya@acme.test"], "one letter");
    let found = dir.search_address_book(&query("acme", "агеев", BookList::Any)).await.unwrap();
    assert_eq!(mails(&found), ["anton@partner.ru"]);
    let found = dir.search_address_book(&query("acme", "альф", BookList::Any)).await.unwrap();
    assert_eq!(mails(&found), ["room1@acme.test"]);
    let found = dir.search_address_book(&query("acme", "room", BookList::Any)).await.unwrap();
    assert_eq!(mails(&found), ["room1@acme.test"]);
    let found = dir.search_address_book(&query("acme", "сотр", BookList::Any)).await.unwrap();
    assert_eq!(mails(&found), ["all@acme.test"]);
    let found = dir.search_address_book(&query("acme", "%", BookList::Any)).await.unwrap();
    assert!(found.is_empty(), "LIKE wildcards are literal: {found:?}");

    // Lists: a user with 2 is a colleague only; a resource with 0 is suggested only.
    let suggested = dir.search_address_book(&query("acme", "", BookList::Suggested)).await.unwrap();
    assert_eq!(mails(&suggested), ["anna@acme.test", "anton@partner.ru", "room1@acme.test", "all@acme.test"]);
    let colleagues = dir.search_address_book(&query("acme", "", BookList::Colleagues)).await.unwrap();
    assert_eq!(mails(&colleagues), ["anna@acme.test", "anton@partner.ru", "all@acme.test", "kolya@acme.test"]);

    // Paging by (sort name, address).
    let mut q = query("acme", "", BookList::Any);
    q.limit = 2;
    let first = dir.search_address_book(&q).await.unwrap();
    q.after = Some(first.last().unwrap().sort_key());
    let second = dir.search_address_book(&q).await.unwrap();
    q.after = Some(second.last().unwrap().sort_key());
    let third = dir.search_address_book(&q).await.unwrap();
    let paged: Vec<&str> = mails(&first).into_iter().chain(mails(&second)).chain(mails(&third)).collect();
    assert_eq!(paged, mails(&all));
    // Paging a prefix search, one entry a page, by walk ("а") and by ranges ("ков"): the same
    // entries in the same order as one page.
    for prefix in ["а", "ков"] {
        let whole = dir.search_address_book(&query("acme", prefix, BookList::Any)).await.unwrap();
        assert!(!whole.is_empty(), "{prefix}");
        let mut q = query("acme", prefix, BookList::Any);
        q.limit = 1;
        let mut paged = Vec::new();
        loop {
            let page = dir.search_address_book(&q).await.unwrap();
            let Some(last) = page.last() else { break };
            q.after = Some(last.sort_key());
            paged.push(last.mail.clone());
        }
        assert_eq!(paged, mails(&whole), "{prefix}");
    }

    // Other tenants see their own book only.
    let beta = dir.search_address_book(&query("beta", "", BookList::Any)).await.unwrap();
    assert_eq!(mails(&beta), ["anya@beta.test"]);
}
