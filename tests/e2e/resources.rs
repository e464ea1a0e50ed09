//! ResourceService over gRPC: resource groups (case-insensitive names,
//! rename, deletion with their resources), resources (every field, fixed
//! address and group), address uniqueness against users and lists, also
//! under concurrent requests, and forced tenant deletion.

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

fn group(tenant: &str, name: &str) -> pb::CreateResourceGroupRequest {
    pb::CreateResourceGroupRequest { tenant_id: tenant.into(), name: name.into() }
}

fn resource(group: &str, mail: &str) -> pb::Resource {
    pb::Resource {
        tenant_id: "acme".into(),
        group: group.into(),
        mail: mail.into(),
        display_name: format!("Room {mail}"),
        ..Default::default()
    }
}

async fn create_resource(
    server: &TestServer,
    token: &str,
    resource: pb::Resource,
) -> Result<pb::Resource, tonic::Status> {
    server
        .resources()
        .create_resource(authed(token, pb::CreateResourceRequest { resource: Some(resource) }))
        .await
        .map(|r| r.into_inner())
}

async fn groups(server: &TestServer, token: &str) -> Vec<(String, i32)> {
    let request = pb::ListResourceGroupsRequest { tenant_id: "acme".into(), ..Default::default() };
    let page = server.resources().list_resource_groups(authed(token, request)).await.unwrap().into_inner();
    assert_eq!(page.total_size as usize, page.groups.len());
    page.groups.into_iter().map(|g| (g.name, g.resource_count)).collect()
}

async fn resources_in(server: &TestServer, token: &str, group: &str) -> Vec<String> {
    let request = pb::ListResourcesRequest { tenant_id: "acme".into(), group: group.into(), ..Default::default() };
    let page = server.resources().list_resources(authed(token, request)).await.unwrap().into_inner();
    assert!(page.resources.iter().all(|r| r.group.to_lowercase() == group.to_lowercase()));
    page.resources.into_iter().map(|r| r.mail).collect()
}

fn named(items: &[(&str, i32)]) -> Vec<(String, i32)> {
    items.iter().map(|(n, c)| (n.to_string(), *c)).collect()
}

#[tokio::test]
async fn groups_are_listed_renamed_and_deleted_with_their_resources() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let admin = &acme.admin_token;
    for name in ["Переговорные", " Rooms ", "cars"] {
        server.resources().create_resource_group(authed(admin, group("acme", name))).await.unwrap();
    }
    create_resource(&server, admin, resource("rooms", "r1@acme.test")).await.unwrap();
    create_resource(&server, admin, resource("ROOMS", "r2@acme.test")).await.unwrap();
    assert_eq!(groups(&server, admin).await, named(&[("cars", 0), ("Rooms", 2), ("Переговорные", 0)]));
    let got = server
        .resources()
        .get_resource_group(authed(
            admin,
            pb::GetResourceGroupRequest { tenant_id: "acme".into(), name: "ROOMS".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got, pb::ResourceGroup { tenant_id: "acme".into(), name: "Rooms".into(), resource_count: 2 });
    // Pages.
    let first = server
        .resources()
        .list_resource_groups(authed(
            admin,
            pb::ListResourceGroupsRequest { tenant_id: "acme".into(), page_size: 2, page_token: String::new() },
        ))
        .await
        .unwrap()
        .into_inner();
    let rest = server
        .resources()
        .list_resource_groups(authed(
            admin,
            pb::ListResourceGroupsRequest { tenant_id: "acme".into(), page_size: 2, page_token: first.next_page_token },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((first.groups.len(), rest.groups.len(), rest.total_size), (2, 1, 3));
    assert_eq!(rest.groups[0].name, "Переговорные");

    // Names: unique case-insensitively, 1–256 characters, no '/'.
    let status = expect_code(
        server.resources().create_resource_group(authed(admin, group("acme", "CARS"))).await,
        Code::AlreadyExists,
    );
    assert!(status.message().contains("resource group"), "{status:?}");
    for (name, reason) in [("", "REQUIRED"), ("a/b", "INVALID"), ("tab\there", "INVALID")] {
        let status = expect_code(
            server.resources().create_resource_group(authed(admin, group("acme", name))).await,
            Code::InvalidArgument,
        );
        assert_eq!(violations(&status), [("name".into(), reason.into())]);
    }
    expect_code(server.resources().create_resource_group(authed(&creator, group("nope", "x"))).await, Code::NotFound);

    // Rename: the resources move with the group; collisions are refused.
    let rename = |name: &str, new_name: &str| pb::RenameResourceGroupRequest {
        tenant_id: "acme".into(),
        name: name.into(),
        new_name: new_name.into(),
    };
    let renamed = server
        .resources()
        .rename_resource_group(authed(admin, rename("rooms", "Meeting rooms")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((renamed.name.as_str(), renamed.resource_count), ("Meeting rooms", 2));
    assert_eq!(resources_in(&server, admin, "meeting rooms").await, ["r1@acme.test", "r2@acme.test"]);
    expect_code(
        server
            .resources()
            .list_resources(authed(
                admin,
                pb::ListResourcesRequest { tenant_id: "acme".into(), group: "Rooms".into(), ..Default::default() },
            ))
            .await,
        Code::NotFound,
    );
    expect_code(
        server.resources().rename_resource_group(authed(admin, rename("Meeting rooms", "Cars"))).await,
        Code::AlreadyExists,
    );
    let status = expect_code(
        server.resources().rename_resource_group(authed(admin, rename("Meeting rooms", ""))).await,
        Code::InvalidArgument,
    );
    assert_eq!(violations(&status), [("new_name".into(), "REQUIRED".into())]);
    expect_code(server.resources().rename_resource_group(authed(admin, rename("nope", "x"))).await, Code::NotFound);
    server.resources().rename_resource_group(authed(admin, rename("meeting rooms", "MEETING ROOMS"))).await.unwrap();
    assert_eq!(groups(&server, admin).await, named(&[("cars", 0), ("MEETING ROOMS", 2), ("Переговорные", 0)]));

    // Delete: the resources go too, their addresses are free again.
    server
        .resources()
        .delete_resource_group(authed(
            admin,
            pb::DeleteResourceGroupRequest { tenant_id: "acme".into(), name: "Meeting Rooms".into() },
        ))
        .await
        .unwrap();
    assert_eq!(groups(&server, admin).await, named(&[("cars", 0), ("Переговорные", 0)]));
    expect_code(
        server
            .resources()
            .get_resource(authed(
                admin,
                pb::GetResourceRequest { tenant_id: "acme".into(), group: String::new(), mail: "r1@acme.test".into() },
            ))
            .await,
        Code::NotFound,
    );
    create_resource(&server, admin, resource("cars", "r1@acme.test")).await.unwrap();
    server
        .users()
        .create_user(authed(
            admin,
            pb::CreateUserRequest { user: Some(new_user("acme", "r2@acme.test", "Reader01", pb::Role::User)) },
        ))
        .await
        .unwrap();
    expect_code(
        server
            .resources()
            .delete_resource_group(authed(
                admin,
                pb::DeleteResourceGroupRequest { tenant_id: "acme".into(), name: "Meeting Rooms".into() },
            ))
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn resources_keep_their_address_and_group_and_check_every_field() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let admin = &acme.admin_token;
    server.resources().create_resource_group(authed(admin, group("acme", "Rooms"))).await.unwrap();
    server.resources().create_resource_group(authed(admin, group("acme", "Cars"))).await.unwrap();
    let full = pb::Resource {
        tenant_id: "acme".into(),
        group: "rooms".into(),
        mail: " Big.Room@ACME.test ".into(),
        display_name: " Большая переговорная ".into(),
        description: "12 seats, projector".into(),
        city: "Москва".into(),
        address_book_visibility: Some(0),
        ..Default::default()
    };
    let created = create_resource(&server, admin, full).await.unwrap();
    assert_eq!(
        (created.mail.as_str(), created.group.as_str(), created.display_name.as_str(), created.address_book_visibility),
        ("big.room@acme.test", "Rooms", "Большая переговорная", Some(0))
    );
    assert_eq!((created.description.as_str(), created.city.as_str()), ("12 seats, projector", "Москва"));
    let get = |group: &str| pb::GetResourceRequest {
        tenant_id: "acme".into(),
        group: group.into(),
        mail: "BIG.ROOM@acme.test".into(),
    };
    assert_eq!(server.resources().get_resource(authed(admin, get("ROOMS"))).await.unwrap().into_inner(), created);
    assert_eq!(server.resources().get_resource(authed(admin, get(""))).await.unwrap().into_inner(), created);
    expect_code(server.resources().get_resource(authed(admin, get("Cars"))).await, Code::NotFound);
    let minimal = create_resource(&server, admin, resource("Rooms", "small@acme.test")).await.unwrap();
    assert_eq!((minimal.address_book_visibility, minimal.description.as_str()), (Some(1), ""));

    // Updates by mask.
    let update = |changes: pb::Resource, paths: &[&str]| pb::UpdateResourceRequest {
        resource: Some(changes),
        update_mask: mask(paths),
    };
    let changes = pb::Resource {
        tenant_id: "acme".into(),
        mail: "big.room@acme.test".into(),
        display_name: "test2res".into(),
        city: "Казань".into(),
        description: "ignored".into(),
        ..Default::default()
    };
    let updated = server
        .resources()
        .update_resource(authed(admin, update(changes.clone(), &["display_name", "city"])))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (updated.display_name.as_str(), updated.city.as_str(), updated.description.as_str(), updated.group.as_str()),
        ("test2res", "Казань", "12 seats, projector", "Rooms")
    );
    let replaced =
        server.resources().update_resource(authed(admin, update(changes.clone(), &["*"]))).await.unwrap().into_inner();
    assert_eq!((replaced.description.as_str(), replaced.address_book_visibility), ("ignored", Some(1)));
    // Address and group are fixed; bad values are refused; nothing changes.
    let refusals: Vec<(pb::UpdateResourceRequest, &str, Code)> = vec![
        (update(changes.clone(), &["mail"]), "resource.mail", Code::InvalidArgument),
        (update(changes.clone(), &["group"]), "resource.group", Code::InvalidArgument),
        (update(changes.clone(), &["tenant_id"]), "resource.tenant_id", Code::InvalidArgument),
        (
            update(pb::Resource { display_name: String::new(), ..changes.clone() }, &["display_name"]),
            "resource.display_name",
            Code::InvalidArgument,
        ),
        (
            update(pb::Resource { address_book_visibility: Some(3), ..changes.clone() }, &["address_book_visibility"]),
            "resource.address_book_visibility",
            Code::InvalidArgument,
        ),
        (update(changes.clone(), &[]), "update_mask", Code::InvalidArgument),
        (update(pb::Resource { group: "Cars".into(), ..changes.clone() }, &["city"]), "", Code::NotFound),
        (update(pb::Resource { mail: "nope@acme.test".into(), ..changes.clone() }, &["city"]), "", Code::NotFound),
    ];
    for (request, field, code) in refusals {
        let status = expect_code(server.resources().update_resource(authed(admin, request)).await, code);
        if !field.is_empty() {
            assert_eq!(violations(&status)[0].0, field, "{status:?}");
        }
    }
    assert_eq!(server.resources().get_resource(authed(admin, get(""))).await.unwrap().into_inner(), replaced);

    // Creation: every bad field at once.
    let bad = pb::Resource {
        tenant_id: "acme".into(),
        group: String::new(),
        mail: "room@elsewhere.test".into(),
        display_name: String::new(),
        address_book_visibility: Some(5),
        city: "x".repeat(300),
        ..Default::default()
    };
    let status = expect_code(create_resource(&server, admin, bad).await, Code::InvalidArgument);
    let fields: Vec<_> = violations(&status).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "resource.group",
            "resource.mail",
            "resource.display_name",
            "resource.city",
            "resource.address_book_visibility"
        ]
    );
    expect_code(create_resource(&server, admin, resource("No such group", "x@acme.test")).await, Code::NotFound);
    assert_eq!(resources_in(&server, admin, "rooms").await, ["big.room@acme.test", "small@acme.test"]);

    // Delete (the group must match when given).
    let delete = |group: &str, mail: &str| pb::DeleteResourceRequest {
        tenant_id: "acme".into(),
        group: group.into(),
        mail: mail.into(),
    };
    expect_code(
        server.resources().delete_resource(authed(admin, delete("Cars", "small@acme.test"))).await,
        Code::NotFound,
    );
    server.resources().delete_resource(authed(admin, delete("Rooms", "small@acme.test"))).await.unwrap();
    expect_code(
        server.resources().delete_resource(authed(admin, delete("Rooms", "small@acme.test"))).await,
        Code::NotFound,
    );
    assert_eq!(resources_in(&server, admin, "rooms").await, ["big.room@acme.test"]);
}

#[tokio::test]
async fn resource_addresses_are_unique_across_the_directory_also_concurrently() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let admin = &acme.admin_token;
    server.resources().create_resource_group(authed(admin, group("acme", "Rooms"))).await.unwrap();
    let mut user = new_user("acme", "person@acme.test", "Reader01", pb::Role::User);
    user.aliases = vec!["nickname@acme.test".into()];
    server.users().create_user(authed(admin, pb::CreateUserRequest { user: Some(user) })).await.unwrap();
    create_resource(&server, admin, resource("Rooms", "room@acme.test")).await.unwrap();
    for taken in ["person@acme.test", "nickname@acme.test", "room@acme.test", "admin@acme.test"] {
        let status = expect_code(create_resource(&server, admin, resource("Rooms", taken)).await, Code::AlreadyExists);
        assert_eq!(status.message(), format!("address {taken} already exists"));
    }
    let status = expect_code(
        server
            .users()
            .create_user(authed(
                admin,
                pb::CreateUserRequest { user: Some(new_user("acme", "room@acme.test", "Reader01", pb::Role::User)) },
            ))
            .await,
        Code::AlreadyExists,
    );
    assert!(status.message().contains("room@acme.test"));
    let list = pb::MailList {
        tenant_id: "acme".into(),
        mail: "room@acme.test".into(),
        display_name: "x".into(),
        ..Default::default()
    };
    expect_code(
        server.mail_lists().create_mail_list(authed(admin, pb::CreateMailListRequest { mail_list: Some(list) })).await,
        Code::AlreadyExists,
    );

    // Concurrent creations of one address as resources, lists and users: exactly one wins.
    let attempts = (0..9).map(|i| {
        let server = &server;
        let admin = admin.clone();
        async move {
            match i % 3 {
                0 => create_resource(server, &admin, resource("Rooms", "race@acme.test")).await.map(|_| ()),
                1 => server
                    .mail_lists()
                    .create_mail_list(authed(
                        &admin,
                        pb::CreateMailListRequest {
                            mail_list: Some(pb::MailList {
                                tenant_id: "acme".into(),
                                mail: "race@acme.test".into(),
                                display_name: "Race".into(),
                                ..Default::default()
                            }),
                        },
                    ))
                    .await
                    .map(|_| ()),
                _ => server
                    .users()
                    .create_user(authed(
                        &admin,
                        pb::CreateUserRequest {
                            user: Some(new_user("acme", "race@acme.test", "Reader01", pb::Role::User)),
                        },
                    ))
                    .await
                    .map(|_| ()),
            }
        }
    });
    let results = futures::future::join_all(attempts).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|s| s.code() == Code::AlreadyExists), "{results:?}");
}

#[tokio::test]
async fn a_forced_tenant_deletion_takes_groups_resources_and_lists_with_it() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let admin = &acme.admin_token;
    server.resources().create_resource_group(authed(admin, group("acme", "Rooms"))).await.unwrap();
    create_resource(&server, admin, resource("Rooms", "room@acme.test")).await.unwrap();
    let list = pb::MailList {
        tenant_id: "acme".into(),
        mail: "all@acme.test".into(),
        display_name: "All".into(),
        members: vec!["room@acme.test".into(), acme.user.clone()],
        ..Default::default()
    };
    server
        .mail_lists()
        .create_mail_list(authed(admin, pb::CreateMailListRequest { mail_list: Some(list.clone()) }))
        .await
        .unwrap();
    let status = expect_code(
        server
            .tenants()
            .delete_tenant(authed(&creator, pb::DeleteTenantRequest { tenant_id: "acme".into(), force: false }))
            .await,
        Code::FailedPrecondition,
    );
    assert!(status.message().contains("2 users, 1 resource group, 1 resource, 1 mailing list"), "{status:?}");
    assert_eq!(groups(&server, admin).await, named(&[("Rooms", 1)]));
    server
        .tenants()
        .delete_tenant(authed(&creator, pb::DeleteTenantRequest { tenant_id: "acme".into(), force: true }))
        .await
        .unwrap();
    // Everything went with it: the same objects can be made again.
    let again = Tenant::create(&server, &creator, "acme").await;
    assert!(groups(&server, &again.admin_token).await.is_empty());
    server.resources().create_resource_group(authed(&again.admin_token, group("acme", "Rooms"))).await.unwrap();
    create_resource(&server, &again.admin_token, resource("Rooms", "room@acme.test")).await.unwrap();
    let recreated = server
        .mail_lists()
        .create_mail_list(authed(&again.admin_token, pb::CreateMailListRequest { mail_list: Some(list) }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(recreated.members, ["room@acme.test", "user@acme.test"]);
}
