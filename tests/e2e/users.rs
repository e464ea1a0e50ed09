//! UserService over gRPC: every field, validation, uniqueness, listing,
//! streaming, updates by mask, aliases, soft delete and restore.

use std::collections::BTreeSet;

use futures::StreamExt as _;
use pbm::pb;
use prost_types::FieldMask;
use tonic::Code;

use crate::common::{
    TestServer, authed, expect_code,
    fixtures::{Tenant, new_user},
    violations,
};

/// A change applied to a user message.
type Change = Box<dyn Fn(&mut pb::User)>;

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask { paths: paths.iter().map(|p| p.to_string()).collect() })
}

async fn create(server: &TestServer, token: &str, user: pb::User) -> Result<pb::User, tonic::Status> {
    server.users().create_user(authed(token, pb::CreateUserRequest { user: Some(user) })).await.map(|r| r.into_inner())
}

async fn count(server: &TestServer, token: &str, tenant: &str) -> i32 {
    server
        .users()
        .list_users(authed(token, pb::ListUsersRequest { tenant_id: tenant.into(), ..Default::default() }))
        .await
        .unwrap()
        .into_inner()
        .total_size
}

#[tokio::test]
async fn create_stores_every_field_and_never_returns_the_password() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let user = pb::User {
        tenant_id: "default".into(),
        mail: "Ivan.Petrov@Example.com".into(),
        alternate_address: "иван.петров@example.com".into(),
        role: pb::Role::Admin as i32,
        given_name: "Иван".into(),
        surname: "Петров".into(),
        middle_name: "Сергеевич".into(),
        department: "Development".into(),
        title: "Engineer".into(),
        description: "Builds things".into(),
        home_phone: "+7 (495) 123-45-67".into(),
        work_phone: "8-800-555-35-35 #123".into(),
        mobile_phone: "+7 916 123-45-67".into(),
        city: "Москва".into(),
        telegram: "@ivan".into(),
        skype: "ivan.skype".into(),
        quota_bytes: Some(1_073_741_824),
        display_name: "Иван Петров".into(),
        status: pb::UserStatus::Active as i32,
        lang: "ru-RU".into(),
        aliases: vec!["ivan@example.com".into(), "i.petrov@example.com".into()],
        address_book_visibility: Some(3),
        password: "Reader01".into(),
        ..Default::default()
    };
    let created = create(&server, &token, user.clone()).await.unwrap();
    assert_eq!(created.mail, "ivan.petrov@example.com");
    assert_eq!(created.alternate_address, "иван.петров@example.com");
    assert_eq!(created.password, "");
    assert_eq!(created.aliases, ["i.petrov@example.com", "ivan@example.com"]);
    let expected = pb::User {
        mail: created.mail.clone(),
        aliases: created.aliases.clone(),
        password: String::new(),
        create_time: created.create_time,
        update_time: created.update_time,
        ..user
    };
    assert_eq!(created, expected);
    let got = server
        .users()
        .get_user(authed(
            &token,
            pb::GetUserRequest { tenant_id: "default".into(), mail: "IVAN.PETROV@example.com".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got, created);
}

#[tokio::test]
async fn defaults_of_a_minimal_user() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let created = create(&server, &token, new_user("default", "min@example.com", "Reader01", pb::Role::Unspecified))
        .await
        .unwrap();
    assert_eq!(created.role, pb::Role::User as i32);
    assert_eq!(created.status, pb::UserStatus::AgreementPending as i32);
    assert_eq!(created.lang, "en-US");
    assert_eq!(created.address_book_visibility, Some(1));
    assert_eq!(created.quota_bytes, None);
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_changes_nothing() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let before = count(&server, &token, "default").await;

    let missing = pb::User { tenant_id: "default".into(), ..Default::default() };
    let status = expect_code(create(&server, &token, missing).await, Code::InvalidArgument);
    let fields: BTreeSet<_> = violations(&status).into_iter().collect();
    let expected: BTreeSet<_> = [
        ("user.mail", "REQUIRED"),
        ("user.given_name", "REQUIRED"),
        ("user.surname", "REQUIRED"),
        ("user.password", "REQUIRED"),
    ]
    .into_iter()
    .map(|(f, r)| (f.to_string(), r.to_string()))
    .collect();
    assert_eq!(fields, expected);

    let cases: Vec<(&str, Change)> = vec![
        ("user.mail", Box::new(|u| u.mail = "not-an-address".into())),
        ("user.mail", Box::new(|u| u.mail = "ivan@not-our-domain.test".into())),
        ("user.password", Box::new(|u| u.password = "short".into())),
        ("user.password", Box::new(|u| u.password = "NoDigitsHere".into())),
        ("user.password", Box::new(|u| u.password = "Пароль123".into())),
        ("user.password", Box::new(|u| u.password = "with space1".into())),
        ("user.home_phone", Box::new(|u| u.home_phone = "call me".into())),
        ("user.work_phone", Box::new(|u| u.work_phone = "+7 abc".into())),
        ("user.lang", Box::new(|u| u.lang = "de-DE".into())),
        ("user.address_book_visibility", Box::new(|u| u.address_book_visibility = Some(4))),
        ("user.quota_bytes", Box::new(|u| u.quota_bytes = Some(-1))),
        ("user.role", Box::new(|u| u.role = 42)),
        ("user.status", Box::new(|u| u.status = 42)),
        ("user.aliases", Box::new(|u| u.aliases = vec!["x@elsewhere.test".into()])),
        ("user.aliases", Box::new(|u| u.aliases = vec!["bad@@example.com".into()])),
        ("user.aliases", Box::new(|u| u.aliases = vec!["new@example.com".into()])),
        ("user.alternate_address", Box::new(|u| u.alternate_address = "иван@пример.рф".into())),
        ("user.given_name", Box::new(|u| u.given_name = "x".repeat(300))),
        ("user.description", Box::new(|u| u.description = "line\nbreak".into())),
    ];
    for (field, change) in cases {
        let mut user = new_user("default", "new@example.com", "Reader01", pb::Role::User);
        change(&mut user);
        let status = expect_code(create(&server, &token, user).await, Code::InvalidArgument);
        assert!(violations(&status).iter().any(|(f, _)| f == field), "{field}: {status:?}");
    }
    let unknown_tenant = new_user("nope", "new@example.com", "Reader01", pb::Role::User);
    expect_code(create(&server, &token, unknown_tenant).await, Code::NotFound);
    assert_eq!(count(&server, &token, "default").await, before);
}

#[tokio::test]
async fn every_address_is_unique_across_the_installation() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    Tenant::create(&server, &token, "acme").await;
    let mut first = new_user("default", "first@example.com", "Reader01", pb::Role::User);
    first.aliases = vec!["alias@example.com".into()];
    first.alternate_address = "первый@example.com".into();
    create(&server, &token, first).await.unwrap();

    let collisions: Vec<Change> = vec![
        Box::new(|u| u.mail = "first@example.com".into()),
        Box::new(|u| u.mail = "alias@example.com".into()),
        Box::new(|u| u.aliases = vec!["first@example.com".into()]),
        Box::new(|u| u.aliases = vec!["alias@example.com".into()]),
        Box::new(|u| u.alternate_address = "первый@example.com".into()),
        Box::new(|u| u.mail = "creator@example.com".into()),
    ];
    for change in collisions {
        let mut user = new_user("default", "second@example.com", "Reader01", pb::Role::User);
        change(&mut user);
        let status = expect_code(create(&server, &token, user.clone()).await, Code::AlreadyExists);
        assert!(status.message().starts_with("address "), "{status:?}");
    }
    // An alias taken by another user cannot be added later either.
    create(&server, &token, new_user("default", "second@example.com", "Reader01", pb::Role::User)).await.unwrap();
    let update = pb::UpdateUserRequest {
        user: Some(pb::User { tenant_id: "default".into(), mail: "second@example.com".into(), ..Default::default() }),
        add_aliases: vec!["alias@example.com".into()],
        ..Default::default()
    };
    expect_code(server.users().update_user(authed(&token, update)).await, Code::AlreadyExists);
    // Concurrent creations of one address: exactly one wins.
    let attempts = (0..8).map(|i| {
        let user = new_user("default", "race@example.com", "Reader01", pb::Role::User);
        let server = &server;
        let token = &token;
        async move {
            let _ = i;
            create(server, token, user).await
        }
    });
    let results = futures::future::join_all(attempts).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|s| s.code() == Code::AlreadyExists));
}

#[tokio::test]
async fn list_searches_sorts_and_pages_with_tokens_and_skip() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let people = [
        ("anna", "Anna", "Zorina"),
        ("boris", "Boris", "Yakovlev"),
        ("vera", "Vera", "Xenina"),
        ("gleb", "Gleb", "Petrov"),
        ("dina", "Dina", "Petrova"),
    ];
    for (local, given, surname) in people {
        let mut user = new_user("default", &format!("{local}@example.com"), "Reader01", pb::Role::User);
        user.given_name = given.into();
        user.surname = surname.into();
        create(&server, &token, user).await.unwrap();
    }
    let list = |search: &str, order_by: &str, page_size: i32, page_token: String, skip: i32| pb::ListUsersRequest {
        tenant_id: "default".into(),
        page_size,
        page_token,
        skip,
        search: search.into(),
        order_by: order_by.into(),
    };
    let mails = |r: &pb::ListUsersResponse| {
        r.users.iter().map(|u| u.mail.split('@').next().unwrap().to_owned()).collect::<Vec<_>>()
    };

    let all = server.users().list_users(authed(&token, list("", "", 0, String::new(), 0))).await.unwrap().into_inner();
    assert_eq!(mails(&all), ["anna", "boris", "creator", "dina", "gleb", "vera"]);
    assert_eq!(all.total_size, 6);

    let found = server
        .users()
        .list_users(authed(&token, list("PETROV", "surname desc", 0, String::new(), 0)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(mails(&found), ["dina", "gleb"]);
    assert_eq!(found.total_size, 2);
    let by_name = server
        .users()
        .list_users(authed(&token, list("", "given_name", 0, String::new(), 0)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(mails(&by_name), ["anna", "boris", "creator", "dina", "gleb", "vera"]);
    let by_surname =
        server.users().list_users(authed(&token, list("", "surname", 0, String::new(), 0))).await.unwrap().into_inner();
    assert_eq!(mails(&by_surname), ["gleb", "dina", "creator", "vera", "boris", "anna"]);
    // % and _ are literal in searches.
    let none =
        server.users().list_users(authed(&token, list("%", "", 0, String::new(), 0))).await.unwrap().into_inner();
    assert_eq!(none.total_size, 0);

    // Pages by token, in each order, to the end.
    for order in ["mail", "mail desc", "surname", "given_name desc"] {
        let mut seen = Vec::new();
        let mut page_token = String::new();
        loop {
            let page = server
                .users()
                .list_users(authed(&token, list("", order, 2, page_token, 0)))
                .await
                .unwrap()
                .into_inner();
            assert_eq!(page.total_size, 6);
            seen.extend(mails(&page));
            if page.next_page_token.is_empty() {
                break;
            }
            page_token = page.next_page_token;
        }
        let whole =
            server.users().list_users(authed(&token, list("", order, 0, String::new(), 0))).await.unwrap().into_inner();
        assert_eq!(seen, mails(&whole), "order {order}");
    }
    let skipped =
        server.users().list_users(authed(&token, list("", "", 2, String::new(), 4))).await.unwrap().into_inner();
    assert_eq!(mails(&skipped), ["gleb", "vera"]);

    // A token of one query cannot be used for another.
    let first =
        server.users().list_users(authed(&token, list("", "mail", 2, String::new(), 0))).await.unwrap().into_inner();
    let status = expect_code(
        server.users().list_users(authed(&token, list("", "surname", 2, first.next_page_token, 0))).await,
        Code::InvalidArgument,
    );
    assert_eq!(violations(&status), [("page_token".into(), "INVALID".into())]);
    let status = expect_code(
        server.users().list_users(authed(&token, list("", "password", 0, String::new(), 0))).await,
        Code::InvalidArgument,
    );
    assert_eq!(violations(&status), [("order_by".into(), "INVALID".into())]);
    expect_code(
        server.users().list_users(authed(&token, list("", "", -1, String::new(), 0))).await,
        Code::InvalidArgument,
    );
    expect_code(
        server
            .users()
            .list_users(authed(&token, pb::ListUsersRequest { tenant_id: "nope".into(), ..Default::default() }))
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn stream_returns_every_user_of_a_tenant_or_all() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    Tenant::create(&server, &token, "acme").await;
    // More than two of the server's batches of 500.
    for i in 0..1001 {
        create(&server, &token, new_user("default", &format!("u{i:04}@example.com"), "Reader01", pb::Role::User))
            .await
            .unwrap();
    }
    let collect = |tenant: &str| {
        let server = &server;
        let token = token.clone();
        let tenant = tenant.to_owned();
        async move {
            let mut stream = server
                .users()
                .stream_users(authed(&token, pb::StreamUsersRequest { tenant_id: tenant }))
                .await
                .unwrap()
                .into_inner();
            let mut mails = Vec::new();
            while let Some(user) = stream.next().await {
                mails.push(user.unwrap().mail);
            }
            mails
        }
    };
    let default = collect("default").await;
    assert_eq!(default.len(), 1002);
    let mut sorted = default.clone();
    sorted.sort();
    assert_eq!(default, sorted);
    let everyone = collect("").await;
    assert_eq!(everyone.len(), 1004);
}

#[tokio::test]
async fn update_by_mask_changes_only_the_named_fields() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let mut user = new_user("default", "ivan@example.com", "Reader01", pb::Role::User);
    user.department = "Sales".into();
    user.title = "Manager".into();
    user.aliases = vec!["iv@example.com".into()];
    let before = create(&server, &token, user).await.unwrap();

    let update = pb::UpdateUserRequest {
        user: Some(pb::User {
            tenant_id: "default".into(),
            mail: "ivan@example.com".into(),
            department: "Development".into(),
            title: "should not change".into(),
            quota_bytes: Some(1_073_741_824),
            ..Default::default()
        }),
        update_mask: mask(&["department", "quota_bytes"]),
        add_aliases: vec!["ivan.p@example.com".into()],
        remove_aliases: vec!["IV@example.com".into()],
    };
    let after = server.users().update_user(authed(&token, update)).await.unwrap().into_inner();
    assert_eq!(after.department, "Development");
    assert_eq!(after.title, "Manager");
    assert_eq!(after.quota_bytes, Some(1_073_741_824));
    assert_eq!(after.aliases, ["ivan.p@example.com"]);
    assert_eq!(after.given_name, before.given_name);
    // The removed alias is free again.
    create(&server, &token, new_user("default", "iv@example.com", "Reader01", pb::Role::User)).await.unwrap();

    // "*" replaces everything: unnamed optional fields are cleared, required ones must be given.
    let replace_all = pb::UpdateUserRequest {
        user: Some(pb::User {
            tenant_id: "default".into(),
            mail: "ivan@example.com".into(),
            given_name: "Ivan".into(),
            surname: "Petrov".into(),
            ..Default::default()
        }),
        update_mask: mask(&["*"]),
        ..Default::default()
    };
    let replaced = server.users().update_user(authed(&token, replace_all)).await.unwrap().into_inner();
    assert_eq!((replaced.department.as_str(), replaced.title.as_str()), ("", ""));
    assert!(replaced.aliases.is_empty());
    assert_eq!(replaced.quota_bytes, None);
    assert_eq!(replaced.role, before.role, "role is kept when not given");
    server.login("ivan@example.com", "Reader01").await; // password kept

    let bad: Vec<(&[&str], pb::User)> = vec![
        (&["mail"], pb::User::default()),
        (&["no_such_field"], pb::User::default()),
        (&["given_name"], pb::User::default()),
        (&["role"], pb::User::default()),
        (&["password"], pb::User { password: "weak".into(), ..Default::default() }),
    ];
    for (paths, values) in bad {
        let update = pb::UpdateUserRequest {
            user: Some(pb::User { tenant_id: "default".into(), mail: "ivan@example.com".into(), ..values }),
            update_mask: mask(paths),
            ..Default::default()
        };
        expect_code(server.users().update_user(authed(&token, update)).await, Code::InvalidArgument);
    }
    let remove_unknown = pb::UpdateUserRequest {
        user: Some(pb::User { tenant_id: "default".into(), mail: "ivan@example.com".into(), ..Default::default() }),
        remove_aliases: vec!["never@example.com".into()],
        ..Default::default()
    };
    let status = expect_code(server.users().update_user(authed(&token, remove_unknown)).await, Code::InvalidArgument);
    assert_eq!(violations(&status), [("remove_aliases".into(), "INVALID".into())]);
    let unknown = pb::UpdateUserRequest {
        user: Some(pb::User { tenant_id: "default".into(), mail: "nobody@example.com".into(), ..Default::default() }),
        update_mask: mask(&["title"]),
        ..Default::default()
    };
    expect_code(server.users().update_user(authed(&token, unknown)).await, Code::NotFound);
    let unchanged = server
        .users()
        .get_user(authed(&token, pb::GetUserRequest { tenant_id: "default".into(), mail: "ivan@example.com".into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(unchanged, replaced);
}

#[tokio::test]
async fn concurrent_updates_of_different_fields_are_all_kept() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    create(&server, &token, new_user("default", "ivan@example.com", "Reader01", pb::Role::User)).await.unwrap();
    let updates =
        [("department", "D"), ("title", "T"), ("city", "C"), ("skype", "S"), ("telegram", "@t"), ("description", "X")]
            .map(|(field, value)| {
                let mut user =
                    pb::User { tenant_id: "default".into(), mail: "ivan@example.com".into(), ..Default::default() };
                match field {
                    "department" => user.department = value.into(),
                    "title" => user.title = value.into(),
                    "city" => user.city = value.into(),
                    "skype" => user.skype = value.into(),
                    "telegram" => user.telegram = value.into(),
                    _ => user.description = value.into(),
                }
                let request =
                    pb::UpdateUserRequest { user: Some(user), update_mask: mask(&[field]), ..Default::default() };
                let mut client = server.users();
                let token = token.clone();
                async move { client.update_user(authed(&token, request)).await }
            });
    for result in futures::future::join_all(updates).await {
        result.unwrap();
    }
    let user = server
        .users()
        .get_user(authed(&token, pb::GetUserRequest { tenant_id: "default".into(), mail: "ivan@example.com".into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        [user.department, user.title, user.city, user.skype, user.telegram, user.description],
        ["D", "T", "C", "S", "@t", "X"].map(String::from)
    );
}

#[tokio::test]
async fn soft_delete_reserves_the_login_and_undelete_restores_everything() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let mut user = new_user("default", "ivan@example.com", "Reader01", pb::Role::User);
    user.aliases = vec!["iv@example.com".into()];
    user.quota_bytes = Some(5_000_000);
    user.status = pb::UserStatus::Active as i32;
    let created = create(&server, &token, user).await.unwrap();
    let session = server.login("iv@example.com", "Reader01").await.access_token;

    let key = || pb::DeleteUserRequest { tenant_id: "default".into(), mail: "ivan@example.com".into() };
    server.users().delete_user(authed(&token, key())).await.unwrap();
    expect_code(server.users().delete_user(authed(&token, key())).await, Code::NotFound);
    expect_code(
        server
            .users()
            .get_user(authed(
                &token,
                pb::GetUserRequest { tenant_id: "default".into(), mail: "ivan@example.com".into() },
            ))
            .await,
        Code::NotFound,
    );
    assert_eq!(count(&server, &token, "default").await, 1);
    expect_code(server.auth().who_am_i(authed(&session, pb::WhoAmIRequest {})).await, Code::Unauthenticated);
    expect_code(
        server
            .auth()
            .login(pb::LoginRequest {
                login: "ivan@example.com".into(),
                password: "Reader01".into(),
                ..Default::default()
            })
            .await,
        Code::Unauthenticated,
    );
    // The login and its aliases stay reserved.
    expect_code(
        create(&server, &token, new_user("default", "ivan@example.com", "Reader01", pb::Role::User)).await,
        Code::AlreadyExists,
    );
    expect_code(
        create(&server, &token, new_user("default", "iv@example.com", "Reader01", pb::Role::User)).await,
        Code::AlreadyExists,
    );

    let deleted = server
        .users()
        .list_deleted_users(authed(
            &token,
            pb::ListDeletedUsersRequest { tenant_id: "default".into(), ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(deleted.total_size, 1);
    let entry = &deleted.users[0];
    let (deleted_at, purge_at) = (entry.delete_time.unwrap().seconds, entry.purge_time.unwrap().seconds);
    assert_eq!(purge_at - deleted_at, 30 * 86_400);

    let restored = server
        .users()
        .undelete_user(authed(
            &token,
            pb::UndeleteUserRequest { tenant_id: "default".into(), mail: "ivan@example.com".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (restored.aliases.clone(), restored.quota_bytes, restored.status),
        (created.aliases.clone(), created.quota_bytes, created.status)
    );
    assert_eq!(restored.delete_time, None);
    server.login("iv@example.com", "Reader01").await;
    expect_code(
        server
            .users()
            .undelete_user(authed(
                &token,
                pb::UndeleteUserRequest { tenant_id: "default".into(), mail: "ivan@example.com".into() },
            ))
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn the_purge_frees_logins_after_the_retention_period() {
    let data_dir = tempfile::tempdir().unwrap();
    let mut config = crate::common::test_config(data_dir.path()).await;
    config.settings = pbm::settings::StaticLayers::from_pairs([("pbm/users/deleted_retention_days", "0")]).unwrap();
    let server = TestServer::run(config.clone(), data_dir).await;
    let token = server.creator_token().await;
    create(&server, &token, new_user("default", "gone@example.com", "Reader01", pb::Role::User)).await.unwrap();
    server
        .users()
        .delete_user(authed(
            &token,
            pb::DeleteUserRequest { tenant_id: "default".into(), mail: "gone@example.com".into() },
        ))
        .await
        .unwrap();
    // With a retention of 0 days the user cannot be restored any more.
    expect_code(
        server
            .users()
            .undelete_user(authed(
                &token,
                pb::UndeleteUserRequest { tenant_id: "default".into(), mail: "gone@example.com".into() },
            ))
            .await,
        Code::NotFound,
    );
    let data_dir = server.stop().await;
    let app = pbm::server::build(&config).await.unwrap();
    let (users, _sessions) = pbm::runtime::jobs::purge_once(app.services.core()).await.unwrap();
    assert_eq!(users, 1);
    drop(app);
    let server = TestServer::run(config, data_dir).await;
    let token = server.creator_token().await;
    create(&server, &token, new_user("default", "gone@example.com", "Reader01", pb::Role::User)).await.unwrap();
}
