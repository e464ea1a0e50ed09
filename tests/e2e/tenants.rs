//! TenantService: create (generated and given ids), read, update, list with
//! paging, delete with and without force — over gRPC.

use pbm::pb;
use prost_types::FieldMask;
use tonic::Code;

use crate::common::{TestServer, authed, expect_code, fixtures::Tenant, violations};

fn create(id: &str, domain: &str) -> pb::CreateTenantRequest {
    pb::CreateTenantRequest { tenant_id: id.into(), tenant: None, domain: domain.into() }
}

#[tokio::test]
async fn create_with_given_and_generated_ids() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    let named = server.tenants().create_tenant(authed(&token, create("Acme", "Acme.Test"))).await.unwrap().into_inner();
    assert_eq!((named.id.as_str(), named.default_domain.as_str()), ("acme", "acme.test"));
    assert_eq!(named.lang, "en-US");
    assert_eq!(named.domains, ["acme.test"]);

    let generated =
        server.tenants().create_tenant(authed(&token, create("", "promsystems.ru"))).await.unwrap().into_inner();
    assert_eq!(generated.id, "promsystems.ru");
    assert_eq!(generated.display_name, "promsystems.ru");

    let with_name = pb::CreateTenantRequest {
        tenant_id: "ooo".into(),
        tenant: Some(pb::Tenant {
            display_name: "ООО Промышленные системы".into(),
            lang: "ru-ru".into(),
            ..Default::default()
        }),
        domain: "ooo.test".into(),
    };
    let t = server.tenants().create_tenant(authed(&token, with_name)).await.unwrap().into_inner();
    assert_eq!((t.display_name.as_str(), t.lang.as_str()), ("ООО Промышленные системы", "ru-RU"));
    let got = server
        .tenants()
        .get_tenant(authed(&token, pb::GetTenantRequest { tenant_id: "ooo".into(), ..Default::default() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got, t);
}

#[tokio::test]
async fn create_refuses_bad_input_and_duplicates_changing_nothing() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    server.tenants().create_tenant(authed(&token, create("acme", "acme.test"))).await.unwrap();

    let status = expect_code(
        server.tenants().create_tenant(authed(&token, create("acme", "other.test"))).await,
        Code::AlreadyExists,
    );
    assert!(status.message().contains("tenant acme"), "{status:?}");
    let status = expect_code(
        server.tenants().create_tenant(authed(&token, create("other", "ACME.test"))).await,
        Code::AlreadyExists,
    );
    assert!(status.message().contains("acme.test"), "{status:?}");
    let status =
        expect_code(server.tenants().create_tenant(authed(&token, create("other", ""))).await, Code::InvalidArgument);
    assert_eq!(violations(&status), [("domain".into(), "REQUIRED".into())]);
    let status = expect_code(
        server.tenants().create_tenant(authed(&token, create("bad id!", "bad_domain.test"))).await,
        Code::InvalidArgument,
    );
    assert_eq!(violations(&status), [("domain".into(), "INVALID".into()), ("tenant_id".into(), "INVALID".into())]);
    let bad_lang = pb::CreateTenantRequest {
        tenant_id: "x1".into(),
        tenant: Some(pb::Tenant { lang: "de-DE".into(), ..Default::default() }),
        domain: "x1.test".into(),
    };
    let status = expect_code(server.tenants().create_tenant(authed(&token, bad_lang)).await, Code::InvalidArgument);
    assert_eq!(violations(&status), [("tenant.lang".into(), "INVALID".into())]);

    let list =
        server.tenants().list_tenants(authed(&token, pb::ListTenantsRequest::default())).await.unwrap().into_inner();
    let ids: Vec<_> = list.tenants.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["acme", "default"]);
    assert_eq!(list.total_size, 2);
}

#[tokio::test]
async fn update_display_name_and_language() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    server.tenants().create_tenant(authed(&token, create("acme", "acme.test"))).await.unwrap();
    let update = |paths: &[&str], name: &str, lang: &str| pb::UpdateTenantRequest {
        tenant: Some(pb::Tenant {
            id: "acme".into(),
            display_name: name.into(),
            lang: lang.into(),
            ..Default::default()
        }),
        update_mask: Some(FieldMask { paths: paths.iter().map(|p| p.to_string()).collect() }),
    };
    let t = server
        .tenants()
        .update_tenant(authed(&token, update(&["display_name"], "Acme Inc", "ignored")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((t.display_name.as_str(), t.lang.as_str()), ("Acme Inc", "en-US"));
    let t = server.tenants().update_tenant(authed(&token, update(&["*"], "Acme", "fr-FR"))).await.unwrap().into_inner();
    assert_eq!((t.display_name.as_str(), t.lang.as_str()), ("Acme", "fr-FR"));
    expect_code(server.tenants().update_tenant(authed(&token, update(&["id"], "", ""))).await, Code::InvalidArgument);
    expect_code(server.tenants().update_tenant(authed(&token, update(&[], "", ""))).await, Code::InvalidArgument);
    expect_code(
        server.tenants().update_tenant(authed(&token, update(&["lang"], "", "xx"))).await,
        Code::InvalidArgument,
    );
    let unknown = pb::UpdateTenantRequest {
        tenant: Some(pb::Tenant { id: "nope".into(), display_name: "x".into(), ..Default::default() }),
        update_mask: Some(FieldMask { paths: vec!["display_name".into()] }),
    };
    expect_code(server.tenants().update_tenant(authed(&token, unknown)).await, Code::NotFound);
}

#[tokio::test]
async fn list_pages_through_every_tenant() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    for i in 0..7 {
        server.tenants().create_tenant(authed(&token, create(&format!("t{i}"), &format!("t{i}.test")))).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = server
            .tenants()
            .list_tenants(authed(&token, pb::ListTenantsRequest { page_size: 3, page_token }))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(page.total_size, 8);
        assert!(page.tenants.len() <= 3);
        seen.extend(page.tenants.into_iter().map(|t| t.id));
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    assert_eq!(seen, ["default", "t0", "t1", "t2", "t3", "t4", "t5", "t6"]);
    let status = expect_code(
        server
            .tenants()
            .list_tenants(authed(&token, pb::ListTenantsRequest { page_size: 3, page_token: "bogus".into() }))
            .await,
        Code::InvalidArgument,
    );
    assert_eq!(violations(&status), [("page_token".into(), "INVALID".into())]);
}

#[tokio::test]
async fn delete_needs_force_when_the_tenant_is_not_empty() {
    let server = TestServer::start().await;
    let token = server.creator_token().await;
    server.tenants().create_tenant(authed(&token, create("empty", "empty.test"))).await.unwrap();
    server
        .tenants()
        .delete_tenant(authed(&token, pb::DeleteTenantRequest { tenant_id: "empty".into(), force: false }))
        .await
        .unwrap();
    expect_code(
        server
            .tenants()
            .get_tenant(authed(&token, pb::GetTenantRequest { tenant_id: "empty".into(), ..Default::default() }))
            .await,
        Code::NotFound,
    );

    let tenant = Tenant::create(&server, &token, "acme").await;
    let status = expect_code(
        server
            .tenants()
            .delete_tenant(authed(&token, pb::DeleteTenantRequest { tenant_id: "acme".into(), force: false }))
            .await,
        Code::FailedPrecondition,
    );
    assert!(status.message().contains("2 users"), "{status:?}");
    // The full view answers what a forced deletion removes; the basic one none.
    let full = pb::GetTenantRequest { tenant_id: "acme".into(), view: pb::View::Full as i32 };
    let contents = server.tenants().get_tenant(authed(&token, full)).await.unwrap().into_inner().contents;
    assert_eq!(
        contents,
        Some(pb::TenantContents {
            users: 2,
            deleted_users: 0,
            superadmins: 0,
            domains: 1,
            resource_groups: 0,
            resources: 0,
            mail_lists: 0
        })
    );
    server
        .tenants()
        .get_tenant(authed(&token, pb::GetTenantRequest { tenant_id: "acme".into(), ..Default::default() }))
        .await
        .unwrap();

    server
        .tenants()
        .delete_tenant(authed(&token, pb::DeleteTenantRequest { tenant_id: "acme".into(), force: true }))
        .await
        .unwrap();
    // Everything went with it: the users cannot log in, their addresses and the domain are free again.
    expect_code(
        server
            .auth()
            .login(pb::LoginRequest {
                login: tenant.user.clone(),
                password: crate::common::fixtures::USER_PASSWORD.into(),
                ..Default::default()
            })
            .await,
        Code::Unauthenticated,
    );
    expect_code(server.auth().who_am_i(authed(&tenant.admin_token, pb::WhoAmIRequest {})).await, Code::Unauthenticated);
    Tenant::create(&server, &token, "acme").await;

    // The tenant of a superadmin is never deleted.
    let status = expect_code(
        server
            .tenants()
            .delete_tenant(authed(&token, pb::DeleteTenantRequest { tenant_id: "default".into(), force: true }))
            .await,
        Code::FailedPrecondition,
    );
    assert!(status.message().contains("superadmin"));
    expect_code(
        server
            .tenants()
            .delete_tenant(authed(&token, pb::DeleteTenantRequest { tenant_id: "nope".into(), force: true }))
            .await,
        Code::NotFound,
    );
}
