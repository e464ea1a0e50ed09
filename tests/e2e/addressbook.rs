//! AddressBookService over gRPC: contacts created, refused, renamed and
//! deleted by admins; the book searched as you type by every account of the
//! tenant (users, resources, lists and contacts; the `employeeType` of each
//! kind; paging), walls between tenants; contacts in the change feed, in the
//! audit trail, and through an export and import.

use pbm::pb;
use prost_types::FieldMask;
use tonic::Code;

use crate::common::{
    TestServer, authed, expect_code,
    fixtures::{Tenant, new_user},
    violations,
};

type BookClient = pb::address_book_service_client::AddressBookServiceClient<tonic::transport::Channel>;

fn book(server: &TestServer) -> BookClient {
    BookClient::new(server.channel())
}

fn contact(mail: &str, name: &str) -> pb::Contact {
    pb::Contact {
        tenant_id: "acme".into(),
        mail: mail.into(),
        name: name.into(),
        phones: vec!["+7 (495) 123-45-67".into()],
        title: "Менеджер".into(),
        department: "Продажи".into(),
        office: "12".into(),
        street: "Тверская, 1".into(),
        city: "Москва".into(),
        ..Default::default()
    }
}

async fn create(server: &TestServer, token: &str, contact: pb::Contact) -> Result<pb::Contact, tonic::Status> {
    book(server)
        .create_contact(authed(token, pb::CreateContactRequest { contact: Some(contact) }))
        .await
        .map(|r| r.into_inner())
}

async fn search(
    server: &TestServer,
    token: &str,
    tenant: &str,
    prefix: &str,
    list: pb::AddressBookList,
    page_size: i32,
    page_token: &str,
) -> Result<pb::SearchAddressBookResponse, tonic::Status> {
    let request = pb::SearchAddressBookRequest {
        tenant_id: tenant.into(),
        prefix: prefix.into(),
        list: list as i32,
        page_size,
        page_token: page_token.into(),
    };
    book(server).search_address_book(authed(token, request)).await.map(|r| r.into_inner())
}

fn mails(response: &pb::SearchAddressBookResponse) -> Vec<&str> {
    response.entries.iter().map(|e| e.mail.as_str()).collect()
}

/// acme (admin, user, Анна Смирнова colleague-only, a room, a list) and other.
async fn world(server: &TestServer) -> (String, Tenant, Tenant) {
    let creator = server.creator_token().await;
    let acme = Tenant::create(server, &creator, "acme").await;
    let other = Tenant::create(server, &creator, "other").await;
    let admin = &acme.admin_token;
    let mut anna = new_user("acme", "anna@acme.test", "Reader01", pb::Role::User);
    anna.given_name = "Анна".into();
    anna.surname = "Смирнова".into();
    anna.address_book_visibility = Some(2);
    server.users().create_user(authed(admin, pb::CreateUserRequest { user: Some(anna) })).await.unwrap();
    server
        .resources()
        .create_resource_group(authed(
            admin,
            pb::CreateResourceGroupRequest { tenant_id: "acme".into(), name: "Rooms".into() },
        ))
        .await
        .unwrap();
    let room = pb::Resource {
        tenant_id: "acme".into(),
        group: "Rooms".into(),
        mail: "room@acme.test".into(),
        display_name: "Переговорная Альфа".into(),
        address_book_visibility: Some(0),
        ..Default::default()
    };
    server
        .resources()
        .create_resource(authed(admin, pb::CreateResourceRequest { resource: Some(room) }))
        .await
        .unwrap();
    let list = pb::MailList {
        tenant_id: "acme".into(),
        mail: "all@acme.test".into(),
        display_name: "Все".into(),
        ..Default::default()
    };
    server
        .mail_lists()
        .create_mail_list(authed(admin, pb::CreateMailListRequest { mail_list: Some(list) }))
        .await
        .unwrap();
    (creator, acme, other)
}

#[tokio::test]
async fn admins_manage_contacts_and_bad_input_changes_nothing() {
    let server = TestServer::start().await;
    let (_, acme, other) = world(&server).await;
    let admin = &acme.admin_token;
    let created = create(&server, admin, contact(" Petrov@Partner.RU ", " Пётр Петров ")).await.unwrap();
    assert_eq!((created.mail.as_str(), created.name.as_str()), ("petrov@partner.ru", "Пётр Петров"));
    assert_eq!((created.source.as_str(), created.source_id.as_str()), ("manual", ""));
    assert_eq!(created.address_book_visibility, Some(1), "the default: both lists");

    // Refused, naming the field: a taken address, an address of the
    // tenant's user, a bad address, no name, a bad phone, a bad visibility.
    let status = expect_code(create(&server, admin, contact("petrov@partner.ru", "Again")).await, Code::AlreadyExists);
    assert!(status.message().contains("petrov@partner.ru"), "{status:?}");
    let status = expect_code(create(&server, admin, contact("anna@acme.test", "Anna")).await, Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "contact.mail");
    let mut bad = contact("not an address", "");
    bad.phones = vec!["call me".into()];
    bad.address_book_visibility = Some(7);
    let status = expect_code(create(&server, admin, bad).await, Code::InvalidArgument);
    let fields: Vec<String> = violations(&status).into_iter().map(|(f, _)| f).collect();
    for field in ["contact.mail", "contact.name", "contact.phones", "contact.address_book_visibility"] {
        assert!(fields.iter().any(|f| f == field), "{field} not named: {fields:?}");
    }
    // Another tenant's admin may keep a contact with the same address.
    let mut theirs = contact("petrov@partner.ru", "Пётр");
    theirs.tenant_id = "other".into();
    create(&server, &other.admin_token, theirs).await.unwrap();

    // Update by mask, and a new address.
    let request = pb::UpdateContactRequest {
        contact: Some(pb::Contact { title: "Директор".into(), ..contact("petrov@partner.ru", "") }),
        update_mask: Some(FieldMask { paths: vec!["title".into()] }),
        new_mail: "p.petrov@partner.ru".into(),
    };
    let updated = book(&server).update_contact(authed(admin, request)).await.unwrap().into_inner();
    assert_eq!(
        (updated.mail.as_str(), updated.title.as_str(), updated.name.as_str()),
        ("p.petrov@partner.ru", "Директор", "Пётр Петров")
    );
    let request = pb::UpdateContactRequest {
        contact: Some(contact("p.petrov@partner.ru", "")),
        update_mask: Some(FieldMask { paths: vec!["source".into()] }),
        ..Default::default()
    };
    expect_code(book(&server).update_contact(authed(admin, request)).await, Code::InvalidArgument);
    let list = book(&server)
        .list_contacts(authed(admin, pb::ListContactsRequest { tenant_id: "acme".into(), ..Default::default() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((list.contacts.len(), list.total_size), (1, 1));

    // The audit trail names each change.
    let events = pb::audit_service_client::AuditServiceClient::new(server.channel())
        .list_audit_events(authed(admin, pb::ListAuditEventsRequest { tenant_id: "acme".into(), ..Default::default() }))
        .await
        .unwrap()
        .into_inner();
    assert!(
        events
            .events
            .iter()
            .any(|e| e.rpc == "pbm.v2.AddressBookService/UpdateContact" && e.target == "contact:petrov@partner.ru")
    );

    book(&server)
        .delete_contact(authed(
            admin,
            pb::DeleteContactRequest { tenant_id: "acme".into(), mail: "p.petrov@partner.ru".into() },
        ))
        .await
        .unwrap();
    expect_code(
        book(&server)
            .get_contact(authed(
                admin,
                pb::GetContactRequest { tenant_id: "acme".into(), mail: "p.petrov@partner.ru".into() },
            ))
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn every_account_of_the_tenant_searches_its_book_and_no_one_else_does() {
    let server = TestServer::start().await;
    let (creator, acme, other) = world(&server).await;
    create(&server, &acme.admin_token, contact("anton@partner.ru", "Антон Агеев")).await.unwrap();
    let user = &acme.user_token;

    let all = search(&server, user, "acme", "", pb::AddressBookList::Unspecified, 0, "").await.unwrap();
    let kinds: Vec<(String, i32)> = all.entries.iter().map(|e| (e.mail.clone(), e.kind)).collect();
    for (mail, kind) in [
        ("anna@acme.test", pb::AddressBookEntryKind::User),
        ("anton@partner.ru", pb::AddressBookEntryKind::Contact),
        ("room@acme.test", pb::AddressBookEntryKind::Resource),
        ("all@acme.test", pb::AddressBookEntryKind::MailList),
        ("admin@acme.test", pb::AddressBookEntryKind::User),
    ] {
        assert!(kinds.contains(&(mail.to_string(), kind as i32)), "{mail} missing: {kinds:?}");
    }
    assert!(!all.entries.iter().any(|e| e.tenant_id != "acme"), "one tenant's book");

    let found = search(&server, user, "acme", "АН", pb::AddressBookList::Unspecified, 0, "").await.unwrap();
    assert_eq!(mails(&found), ["anna@acme.test", "anton@partner.ru"], "a word of the name, any case");
    let found = search(&server, user, "acme", "room", pb::AddressBookList::Unspecified, 0, "").await.unwrap();
    assert_eq!(mails(&found), ["room@acme.test"]);
    // employeeType: Анна (2) is a colleague only, the room (0) suggested only.
    let suggested = search(&server, user, "acme", "", pb::AddressBookList::Suggested, 0, "").await.unwrap();
    assert!(!mails(&suggested).contains(&"anna@acme.test") && mails(&suggested).contains(&"room@acme.test"));
    let colleagues = search(&server, user, "acme", "", pb::AddressBookList::Colleagues, 0, "").await.unwrap();
    assert!(mails(&colleagues).contains(&"anna@acme.test") && !mails(&colleagues).contains(&"room@acme.test"));

    // Pages of one, following the tokens, give the whole book in order.
    let (mut token, mut paged) = (String::new(), Vec::new());
    loop {
        let page = search(&server, user, "acme", "", pb::AddressBookList::Unspecified, 1, &token).await.unwrap();
        paged.extend(page.entries.iter().map(|e| e.mail.clone()));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(paged, mails(&all));
    // A token of another search is refused.
    let first = search(&server, user, "acme", "", pb::AddressBookList::Unspecified, 1, "").await.unwrap();
    let status = expect_code(
        search(&server, user, "acme", "a", pb::AddressBookList::Unspecified, 1, &first.next_page_token).await,
        Code::InvalidArgument,
    );
    assert_eq!(violations(&status)[0].0, "page_token");

    let entry = book(&server)
        .get_address_book_entry(authed(
            user,
            pb::GetAddressBookEntryRequest { tenant_id: "acme".into(), mail: "ANTON@partner.ru".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((entry.name.as_str(), entry.city.as_str(), entry.phones.len()), ("Антон Агеев", "Москва", 1));

    // Walls: another tenant's accounts are refused whatever exists; the superadmin reads.
    for token in [&other.user_token, &other.admin_token] {
        expect_code(
            search(&server, token, "acme", "", pb::AddressBookList::Unspecified, 0, "").await,
            Code::PermissionDenied,
        );
        expect_code(
            search(&server, token, "nope", "", pb::AddressBookList::Unspecified, 0, "").await,
            Code::PermissionDenied,
        );
        expect_code(
            book(&server)
                .get_address_book_entry(authed(
                    token,
                    pb::GetAddressBookEntryRequest { tenant_id: "acme".into(), mail: "anton@partner.ru".into() },
                ))
                .await,
            Code::PermissionDenied,
        );
    }
    let theirs =
        search(&server, &other.user_token, "other", "", pb::AddressBookList::Unspecified, 0, "").await.unwrap();
    assert!(!mails(&theirs).contains(&"anton@partner.ru"));
    search(&server, &creator, "acme", "an", pb::AddressBookList::Unspecified, 0, "").await.unwrap();
    expect_code(search(&server, &creator, "nope", "", pb::AddressBookList::Unspecified, 0, "").await, Code::NotFound);
    // Bad input: an unknown list.
    let request = pb::SearchAddressBookRequest { tenant_id: "acme".into(), list: 9, ..Default::default() };
    expect_code(book(&server).search_address_book(authed(user, request)).await, Code::InvalidArgument);
}

#[tokio::test]
async fn contacts_go_through_an_export_and_an_import() {
    let source = TestServer::start().await;
    let (creator, acme, _) = world(&source).await;
    create(&source, &acme.admin_token, contact("anton@partner.ru", "Антон Агеев")).await.unwrap();
    let ldif = crate::backup::export(&source, &creator, "acme").await.unwrap();
    assert!(ldif.contains("objectClass: pbmContact"), "{ldif}");
    assert!(ldif.contains("ou=CAB,dc=pbm,dc=local"), "{ldif}");

    let target = TestServer::start().await;
    let target_creator = target.creator_token().await;
    let progress =
        crate::backup::import(&target, &target_creator, pb::ImportMode::AddMissing, false, &ldif).await.unwrap();
    assert!(progress.last().unwrap().done, "{progress:?}");
    let stored = book(&target)
        .get_contact(authed(
            &target_creator,
            pb::GetContactRequest { tenant_id: "acme".into(), mail: "anton@partner.ru".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (stored.name.as_str(), stored.phones.clone(), stored.street.as_str()),
        ("Антон Агеев", vec!["+7 (495) 123-45-67".to_string()], "Тверская, 1")
    );
}
