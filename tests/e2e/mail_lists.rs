//! MailListService over gRPC: create with defaults, read, list, update by
//! mask with members added and removed, renames (onto a taken address too),
//! which member addresses are accepted, memberships that follow renames and
//! leave with freed addresses, and deletion.

use pbm::pb;
use prost_types::FieldMask;
use tonic::Code;

use crate::common::{
    TestServer, authed, expect_code,
    fixtures::{Tenant, new_user},
    violations,
};

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask { paths: paths.iter().map(|p| p.to_string()).collect() })
}

fn list(mail: &str, members: &[&str]) -> pb::MailList {
    pb::MailList {
        tenant_id: "acme".into(),
        mail: mail.into(),
        display_name: format!("List {mail}"),
        members: members.iter().map(|m| m.to_string()).collect(),
        ..Default::default()
    }
}

async fn create(server: &TestServer, token: &str, list: pb::MailList) -> Result<pb::MailList, tonic::Status> {
    server
        .mail_lists()
        .create_mail_list(authed(token, pb::CreateMailListRequest { mail_list: Some(list) }))
        .await
        .map(|r| r.into_inner())
}

async fn get(server: &TestServer, token: &str, mail: &str) -> Result<pb::MailList, tonic::Status> {
    server
        .mail_lists()
        .get_mail_list(authed(token, pb::GetMailListRequest { tenant_id: "acme".into(), mail: mail.into() }))
        .await
        .map(|r| r.into_inner())
}

fn update(mail: &str) -> pb::UpdateMailListRequest {
    pb::UpdateMailListRequest {
        mail_list: Some(pb::MailList { tenant_id: "acme".into(), mail: mail.into(), ..Default::default() }),
        ..Default::default()
    }
}

async fn apply(
    server: &TestServer,
    token: &str,
    request: pb::UpdateMailListRequest,
) -> Result<pb::MailList, tonic::Status> {
    server.mail_lists().update_mail_list(authed(token, request)).await.map(|r| r.into_inner())
}

/// Tenant acme with users anna and boris (boris with an alias), a resource
/// and a second domain.
async fn world(server: &TestServer) -> (String, Tenant) {
    let creator = server.creator_token().await;
    let acme = Tenant::create(server, &creator, "acme").await;
    let admin = &acme.admin_token;
    server
        .domains()
        .create_mail_domain(authed(
            admin,
            pb::CreateMailDomainRequest {
                domain: Some(pb::MailDomain {
                    tenant_id: "acme".into(),
                    name: "gr.acme.test".into(),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap();
    let mut boris = new_user("acme", "boris@acme.test", "Reader01", pb::Role::User);
    boris.aliases = vec!["b@acme.test".into()];
    for user in [new_user("acme", "anna@acme.test", "Reader01", pb::Role::User), boris] {
        server.users().create_user(authed(admin, pb::CreateUserRequest { user: Some(user) })).await.unwrap();
    }
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
        display_name: "Room".into(),
        ..Default::default()
    };
    server
        .resources()
        .create_resource(authed(admin, pb::CreateResourceRequest { resource: Some(room) }))
        .await
        .unwrap();
    (creator, acme)
}

#[tokio::test]
async fn lists_are_created_with_defaults_read_listed_and_deleted() {
    let server = TestServer::start().await;
    let (_, acme) = world(&server).await;
    let admin = &acme.admin_token;
    let created = create(
        &server,
        admin,
        list(
            " Team@GR.acme.test ",
            &["Anna@acme.test", "b@acme.test", "room@acme.test", "Friend@Gmail.com", "anna@acme.test"],
        ),
    )
    .await
    .unwrap();
    assert_eq!(created.mail, "team@gr.acme.test");
    assert_eq!(created.members, ["anna@acme.test", "b@acme.test", "friend@gmail.com", "room@acme.test"]);
    assert_eq!((created.address_book_visibility, created.internal_only), (Some(1), Some(true)), "the guide's defaults");
    assert_eq!(get(&server, admin, "TEAM@gr.acme.test").await.unwrap(), created);
    // Lists can contain lists; settings are kept as given.
    let mut open = list("all@acme.test", &["team@gr.acme.test"]);
    open.internal_only = Some(false);
    open.address_book_visibility = Some(2);
    let open = create(&server, admin, open).await.unwrap();
    assert_eq!((open.internal_only, open.address_book_visibility), (Some(false), Some(2)));
    let page = server
        .mail_lists()
        .list_mail_lists(authed(
            admin,
            pb::ListMailListsRequest { tenant_id: "acme".into(), page_size: 1, page_token: String::new() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((page.mail_lists.len(), page.total_size, page.mail_lists[0].mail.as_str()), (1, 2, "all@acme.test"));
    let rest = server
        .mail_lists()
        .list_mail_lists(authed(
            admin,
            pb::ListMailListsRequest { tenant_id: "acme".into(), page_size: 1, page_token: page.next_page_token },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(rest.mail_lists, [created]);
    // Deleting a list frees its address and takes it out of the lists containing it.
    server
        .mail_lists()
        .delete_mail_list(authed(
            admin,
            pb::DeleteMailListRequest { tenant_id: "acme".into(), mail: "team@gr.acme.test".into() },
        ))
        .await
        .unwrap();
    expect_code(get(&server, admin, "team@gr.acme.test").await, Code::NotFound);
    assert!(get(&server, admin, "all@acme.test").await.unwrap().members.is_empty());
    expect_code(
        server
            .mail_lists()
            .delete_mail_list(authed(
                admin,
                pb::DeleteMailListRequest { tenant_id: "acme".into(), mail: "team@gr.acme.test".into() },
            ))
            .await,
        Code::NotFound,
    );
    server
        .users()
        .create_user(authed(
            admin,
            pb::CreateUserRequest { user: Some(new_user("acme", "team@gr.acme.test", "Reader01", pb::Role::User)) },
        ))
        .await
        .unwrap();
}

#[tokio::test]
async fn members_must_exist_inside_the_tenant_and_never_be_the_list_itself() {
    let server = TestServer::start().await;
    let (creator, acme) = world(&server).await;
    let admin = &acme.admin_token;
    Tenant::create(&server, &creator, "other").await;
    let cases: Vec<(&[&str], &str)> = vec![
        (&["ghost@acme.test"], "ghost@acme.test: no user, alias, resource or list of the tenant has this address"),
        (&["user@other.test"], "user@other.test: other.test is a mail domain of another tenant"),
        (&["not an address"], "not an address: must be an address like name@domain"),
        (&["team@acme.test"], "team@acme.test: a list cannot contain itself"),
        (&["иван@gmail.com"], "иван@gmail.com: an external address local part may contain only Latin letters"),
    ];
    for (members, text) in cases {
        let status = expect_code(create(&server, admin, list("team@acme.test", members)).await, Code::InvalidArgument);
        assert_eq!(violations(&status), [("mail_list.members".into(), "INVALID".into())], "{members:?}");
        assert!(status.message().contains(text), "{members:?}: {status:?}");
    }
    // Every bad field at once.
    let bad = pb::MailList {
        tenant_id: "acme".into(),
        mail: "team@elsewhere.test".into(),
        display_name: String::new(),
        members: vec!["ghost@acme.test".into(), "anna@acme.test".into(), "x@other.test".into()],
        address_book_visibility: Some(3),
        ..Default::default()
    };
    let status = expect_code(create(&server, admin, bad).await, Code::InvalidArgument);
    let fields: Vec<_> = violations(&status).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "mail_list.mail",
            "mail_list.display_name",
            "mail_list.address_book_visibility",
            "mail_list.members",
            "mail_list.members"
        ]
    );
    // Taken addresses, and unknown tenants.
    for taken in ["anna@acme.test", "b@acme.test", "room@acme.test", "admin@acme.test"] {
        expect_code(create(&server, admin, list(taken, &[])).await, Code::AlreadyExists);
    }
    expect_code(
        create(&server, &creator, pb::MailList { tenant_id: "nope".into(), ..list("x@acme.test", &[]) }).await,
        Code::NotFound,
    );
    let page = server
        .mail_lists()
        .list_mail_lists(authed(admin, pb::ListMailListsRequest { tenant_id: "acme".into(), ..Default::default() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.total_size, 0, "nothing was created");
}

#[tokio::test]
async fn updates_by_mask_with_members_added_removed_and_a_new_address() {
    let server = TestServer::start().await;
    let (_, acme) = world(&server).await;
    let admin = &acme.admin_token;
    create(&server, admin, list("team@acme.test", &["anna@acme.test"])).await.unwrap();
    create(&server, admin, list("all@acme.test", &["team@acme.test", "boris@acme.test"])).await.unwrap();

    let mut request = update("team@acme.test");
    let changes = request.mail_list.as_mut().unwrap();
    changes.display_name = "testgroup".into();
    changes.internal_only = Some(false);
    request.update_mask = mask(&["display_name", "internal_only"]);
    request.add_members = vec!["boris@acme.test".into(), "room@acme.test".into()];
    request.remove_members = vec!["ANNA@acme.test".into()];
    let updated = apply(&server, admin, request).await.unwrap();
    assert_eq!(
        (updated.display_name.as_str(), updated.internal_only, updated.members.as_slice()),
        ("testgroup", Some(false), ["boris@acme.test".to_string(), "room@acme.test".to_string()].as_slice())
    );
    // Replace all members; then `*` resets everything not given to its default.
    let mut request = update("team@acme.test");
    request.mail_list.as_mut().unwrap().members = vec!["b@acme.test".into()];
    request.update_mask = mask(&["members"]);
    assert_eq!(apply(&server, admin, request).await.unwrap().members, ["b@acme.test"]);
    let mut request = update("team@acme.test");
    request.mail_list.as_mut().unwrap().display_name = "Team".into();
    request.update_mask = mask(&["*"]);
    let reset = apply(&server, admin, request).await.unwrap();
    assert_eq!((reset.members.len(), reset.internal_only, reset.address_book_visibility), (0, Some(true), Some(1)));

    // newMail renames: the old address is free, lists containing it follow.
    let mut request = update("team@acme.test");
    request.new_mail = "Renamed@GR.acme.test".into();
    request.add_members = vec!["anna@acme.test".into()];
    let renamed = apply(&server, admin, request).await.unwrap();
    assert_eq!(
        (renamed.mail.as_str(), renamed.members.as_slice()),
        ("renamed@gr.acme.test", ["anna@acme.test".to_string()].as_slice())
    );
    expect_code(get(&server, admin, "team@acme.test").await, Code::NotFound);
    assert_eq!(
        get(&server, admin, "all@acme.test").await.unwrap().members,
        ["boris@acme.test", "renamed@gr.acme.test"]
    );
    create(&server, admin, list("team@acme.test", &[])).await.unwrap();

    // Renaming onto a taken address, or a bad one, changes nothing.
    let before = get(&server, admin, "renamed@gr.acme.test").await.unwrap();
    for (new_mail, code, field) in [
        ("anna@acme.test", Code::AlreadyExists, ""),
        ("b@acme.test", Code::AlreadyExists, ""),
        ("all@acme.test", Code::AlreadyExists, ""),
        ("x@elsewhere.test", Code::InvalidArgument, "new_mail"),
        ("not-an-address", Code::InvalidArgument, "new_mail"),
    ] {
        let mut request = update("renamed@gr.acme.test");
        request.new_mail = new_mail.into();
        request.mail_list.as_mut().unwrap().display_name = "changed".into();
        request.update_mask = mask(&["display_name"]);
        let status = expect_code(apply(&server, admin, request).await, code);
        if code == Code::AlreadyExists {
            assert_eq!(status.message(), format!("address {new_mail} already exists"));
        } else {
            assert_eq!(violations(&status)[0].0, field);
        }
    }
    assert_eq!(get(&server, admin, "renamed@gr.acme.test").await.unwrap(), before);

    // Other refusals, each changing nothing.
    let refusals: Vec<(pb::UpdateMailListRequest, &str)> = vec![
        (
            pb::UpdateMailListRequest {
                remove_members: vec!["boris@acme.test".into()],
                ..update("renamed@gr.acme.test")
            },
            "remove_members",
        ),
        (
            pb::UpdateMailListRequest {
                add_members: vec!["renamed@gr.acme.test".into()],
                ..update("renamed@gr.acme.test")
            },
            "add_members",
        ),
        (
            pb::UpdateMailListRequest { add_members: vec!["ghost@acme.test".into()], ..update("renamed@gr.acme.test") },
            "add_members",
        ),
        (
            pb::UpdateMailListRequest { update_mask: mask(&["mail"]), ..update("renamed@gr.acme.test") },
            "mail_list.mail",
        ),
        (
            pb::UpdateMailListRequest { update_mask: mask(&["display_name"]), ..update("renamed@gr.acme.test") },
            "mail_list.display_name",
        ),
        (update("renamed@gr.acme.test"), "update_mask"),
    ];
    for (request, field) in refusals {
        let status = expect_code(apply(&server, admin, request).await, Code::InvalidArgument);
        assert_eq!(violations(&status)[0].0, field, "{status:?}");
    }
    expect_code(
        apply(
            &server,
            admin,
            pb::UpdateMailListRequest { add_members: vec!["anna@acme.test".into()], ..update("nope@acme.test") },
        )
        .await,
        Code::NotFound,
    );
    assert_eq!(get(&server, admin, "renamed@gr.acme.test").await.unwrap(), before);
}

#[tokio::test]
async fn memberships_leave_with_the_addresses_they_name() {
    let server = TestServer::start().await;
    let (_, acme) = world(&server).await;
    let admin = &acme.admin_token;
    create(
        &server,
        admin,
        list("team@acme.test", &["anna@acme.test", "b@acme.test", "room@acme.test", "friend@gmail.com"]),
    )
    .await
    .unwrap();
    // An alias removed from its user.
    let remove_alias = pb::UpdateUserRequest {
        user: Some(pb::User { tenant_id: "acme".into(), mail: "boris@acme.test".into(), ..Default::default() }),
        remove_aliases: vec!["b@acme.test".into()],
        ..Default::default()
    };
    server.users().update_user(authed(admin, remove_alias)).await.unwrap();
    // A resource deleted.
    server
        .resources()
        .delete_resource(authed(
            admin,
            pb::DeleteResourceRequest { tenant_id: "acme".into(), group: String::new(), mail: "room@acme.test".into() },
        ))
        .await
        .unwrap();
    // A soft-deleted user stays a member (it can be restored).
    server
        .users()
        .delete_user(authed(admin, pb::DeleteUserRequest { tenant_id: "acme".into(), mail: "anna@acme.test".into() }))
        .await
        .unwrap();
    assert_eq!(get(&server, admin, "team@acme.test").await.unwrap().members, ["anna@acme.test", "friend@gmail.com"]);
    // The address given out again does not inherit the old membership.
    server
        .resources()
        .create_resource(authed(
            admin,
            pb::CreateResourceRequest {
                resource: Some(pb::Resource {
                    tenant_id: "acme".into(),
                    group: "Rooms".into(),
                    mail: "b@acme.test".into(),
                    display_name: "B".into(),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap();
    assert_eq!(get(&server, admin, "team@acme.test").await.unwrap().members, ["anna@acme.test", "friend@gmail.com"]);
}

#[tokio::test]
async fn concurrent_renames_and_member_additions() {
    let server = TestServer::start().await;
    let (_, acme) = world(&server).await;
    let admin = &acme.admin_token;
    for mail in ["one@acme.test", "two@acme.test", "three@acme.test", "four@acme.test"] {
        create(&server, admin, list(mail, &[])).await.unwrap();
    }
    // Four lists renamed onto one free address at once: exactly one gets it.
    let renames = ["one@acme.test", "two@acme.test", "three@acme.test", "four@acme.test"].map(|mail| {
        let request = pb::UpdateMailListRequest { new_mail: "wanted@acme.test".into(), ..update(mail) };
        apply(&server, admin, request)
    });
    let results = futures::future::join_all(renames).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|s| s.code() == Code::AlreadyExists), "{results:?}");
    let page = server
        .mail_lists()
        .list_mail_lists(authed(admin, pb::ListMailListsRequest { tenant_id: "acme".into(), ..Default::default() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.total_size, 4);
    assert_eq!(page.mail_lists.iter().filter(|l| l.mail == "wanted@acme.test").count(), 1);
    // Members added to one list at once by separate requests: every one is kept.
    let target = page.mail_lists.iter().find(|l| l.mail != "wanted@acme.test").unwrap().mail.clone();
    let members = ["anna@acme.test", "boris@acme.test", "b@acme.test", "room@acme.test", "x@gmail.com", "y@gmail.com"];
    let additions = members.map(|member| {
        let request = pb::UpdateMailListRequest { add_members: vec![member.into()], ..update(&target) };
        apply(&server, admin, request)
    });
    for result in futures::future::join_all(additions).await {
        result.unwrap();
    }
    let mut expected = members.map(str::to_owned).to_vec();
    expected.sort();
    assert_eq!(get(&server, admin, &target).await.unwrap().members, expected);
}
