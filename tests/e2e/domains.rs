//! DomainService over gRPC: mail domains (create, list, read, update, the
//! default domain, deletion with and without force, every refusal with
//! nothing changed) and web domains (key and certificate checks, RSA and
//! ECDSA, the key never read back).

use pbm::pb;
use prost_types::FieldMask;
use sha2::Digest as _;
use tonic::Code;

use crate::common::{
    CREATOR, TestServer, authed,
    certs::{self, Spec},
    expect_code,
    fixtures::{ADMIN_PASSWORD, Tenant, new_user},
    violations,
};

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask { paths: paths.iter().map(|p| p.to_string()).collect() })
}

fn new_domain(tenant: &str, name: &str) -> pb::CreateMailDomainRequest {
    pb::CreateMailDomainRequest {
        domain: Some(pb::MailDomain { tenant_id: tenant.into(), name: name.into(), ..Default::default() }),
    }
}

async fn add_domain(server: &TestServer, token: &str, tenant: &str, name: &str) -> pb::MailDomain {
    server.domains().create_mail_domain(authed(token, new_domain(tenant, name))).await.unwrap().into_inner()
}

/// The tenant's domains as (name, is_default).
async fn domains_of(server: &TestServer, token: &str, tenant: &str) -> Vec<(String, bool)> {
    let request = pb::ListMailDomainsRequest { tenant_id: tenant.into(), ..Default::default() };
    let page = server.domains().list_mail_domains(authed(token, request)).await.unwrap().into_inner();
    assert_eq!(page.total_size as usize, page.domains.len());
    page.domains.into_iter().map(|d| (d.name, d.is_default)).collect()
}

fn delete(tenant: &str, name: &str, force: bool) -> pb::DeleteMailDomainRequest {
    pb::DeleteMailDomainRequest { tenant_id: tenant.into(), name: name.into(), force }
}

fn owned(items: &[(&str, bool)]) -> Vec<(String, bool)> {
    items.iter().map(|(n, d)| (n.to_string(), *d)).collect()
}

#[tokio::test]
async fn mail_domains_are_created_read_updated_and_the_default_moves() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let admin = &acme.admin_token;

    let request = pb::CreateMailDomainRequest {
        domain: Some(pb::MailDomain {
            tenant_id: "acme".into(),
            name: " Second.ACME.test ".into(),
            display_name: "Second".into(),
            description: "for the sales team".into(),
            associated_domain: "false".into(),
            is_default: true, // output only: ignored
            ..Default::default()
        }),
    };
    let created = server.domains().create_mail_domain(authed(admin, request)).await.unwrap().into_inner();
    assert_eq!(
        (created.name.as_str(), created.tenant_id.as_str(), created.is_default),
        ("second.acme.test", "acme", false)
    );
    assert_eq!((created.display_name.as_str(), created.associated_domain.as_str()), ("Second", "false"));
    assert!(created.create_time.is_some());
    assert_eq!(domains_of(&server, admin, "acme").await, owned(&[("acme.test", true), ("second.acme.test", false)]));
    let got = server
        .domains()
        .get_mail_domain(authed(
            admin,
            pb::GetMailDomainRequest {
                tenant_id: "acme".into(),
                name: "SECOND.acme.test".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got, created);

    // Pages by token.
    let first = server
        .domains()
        .list_mail_domains(authed(
            admin,
            pb::ListMailDomainsRequest { tenant_id: "acme".into(), page_size: 1, page_token: String::new() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((first.domains.len(), first.total_size), (1, 2));
    let second = server
        .domains()
        .list_mail_domains(authed(
            admin,
            pb::ListMailDomainsRequest { tenant_id: "acme".into(), page_size: 1, page_token: first.next_page_token },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(second.domains[0].name, "second.acme.test");
    assert!(second.next_page_token.is_empty());

    // Only the masked fields change.
    let update = |domain: pb::MailDomain, paths: &[&str]| pb::UpdateMailDomainRequest {
        domain: Some(domain),
        update_mask: mask(paths),
    };
    let changed = pb::MailDomain {
        tenant_id: "acme".into(),
        name: "second.acme.test".into(),
        display_name: "Sales".into(),
        description: "ignored".into(),
        ..Default::default()
    };
    let updated = server
        .domains()
        .update_mail_domain(authed(admin, update(changed, &["display_name"])))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (updated.display_name.as_str(), updated.description.as_str(), updated.associated_domain.as_str()),
        ("Sales", "for the sales team", "false")
    );
    let cleared = pb::MailDomain { tenant_id: "acme".into(), name: "second.acme.test".into(), ..Default::default() };
    let updated =
        server.domains().update_mail_domain(authed(admin, update(cleared, &["*"]))).await.unwrap().into_inner();
    assert_eq!((updated.display_name, updated.description, updated.associated_domain), Default::default());

    // The default moves; exactly one domain is the default.
    let moved = server
        .domains()
        .set_default_mail_domain(authed(
            admin,
            pb::SetDefaultMailDomainRequest { tenant_id: "acme".into(), name: "second.acme.test".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(moved.is_default);
    assert_eq!(domains_of(&server, admin, "acme").await, owned(&[("acme.test", false), ("second.acme.test", true)]));
    let tenant = server
        .tenants()
        .get_tenant(authed(admin, pb::GetTenantRequest { tenant_id: "acme".into(), ..Default::default() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(tenant.default_domain, "second.acme.test");
    assert_eq!(tenant.domains, ["acme.test", "second.acme.test"]);
    // The new domain holds addresses like the first.
    server
        .users()
        .create_user(authed(
            admin,
            pb::CreateUserRequest { user: Some(new_user("acme", "anna@second.acme.test", "Reader01", pb::Role::User)) },
        ))
        .await
        .unwrap();
}

#[tokio::test]
async fn bad_names_and_taken_domains_are_refused_with_nothing_changed() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let admin = &acme.admin_token;
    let long = format!("{}.ru", "a".repeat(61));
    for bad in ["a", long.as_str(), "bad_domain.ru", "пример.рф", "-x.ru", "a..b", "x.ru-", "sp ace.ru"] {
        let status = expect_code(
            server.domains().create_mail_domain(authed(admin, new_domain("acme", bad))).await,
            Code::InvalidArgument,
        );
        assert_eq!(violations(&status), [("domain.name".into(), "INVALID".into())], "{bad}");
    }
    // Every bad field at once.
    let request = pb::CreateMailDomainRequest {
        domain: Some(pb::MailDomain {
            tenant_id: "acme".into(),
            display_name: "line\nbreak".into(),
            associated_domain: "x".repeat(300),
            ..Default::default()
        }),
    };
    let status = expect_code(server.domains().create_mail_domain(authed(admin, request)).await, Code::InvalidArgument);
    assert_eq!(
        violations(&status),
        [
            ("domain.name".into(), "REQUIRED".into()),
            ("domain.display_name".into(), "INVALID".into()),
            ("domain.associated_domain".into(), "INVALID".into())
        ]
    );
    // A domain belongs to one tenant.
    for taken in ["acme.test", "ACME.test", "example.com"] {
        let status = expect_code(
            server.domains().create_mail_domain(authed(admin, new_domain("acme", taken))).await,
            Code::AlreadyExists,
        );
        assert!(status.message().contains("domain"), "{status:?}");
        assert!(!status.message().contains("default"), "the owner is not revealed: {status:?}");
    }
    expect_code(
        server.domains().create_mail_domain(authed(&creator, new_domain("nope", "fresh.test"))).await,
        Code::NotFound,
    );
    // Immutable and unknown fields in masks.
    for (path, field) in [
        ("name", "domain.name"),
        ("tenant_id", "domain.tenant_id"),
        ("is_default", "domain.is_default"),
        ("colour", "update_mask"),
    ] {
        let request = pb::UpdateMailDomainRequest {
            domain: Some(pb::MailDomain { tenant_id: "acme".into(), name: "acme.test".into(), ..Default::default() }),
            update_mask: mask(&[path]),
        };
        let status =
            expect_code(server.domains().update_mail_domain(authed(admin, request)).await, Code::InvalidArgument);
        assert_eq!(violations(&status)[0].0, field);
    }
    let no_mask = pb::UpdateMailDomainRequest {
        domain: Some(pb::MailDomain { tenant_id: "acme".into(), name: "acme.test".into(), ..Default::default() }),
        update_mask: None,
    };
    expect_code(server.domains().update_mail_domain(authed(admin, no_mask)).await, Code::InvalidArgument);
    // Another tenant's domain is unknown here.
    expect_code(
        server
            .domains()
            .get_mail_domain(authed(
                &creator,
                pb::GetMailDomainRequest { tenant_id: "acme".into(), name: "example.com".into(), ..Default::default() },
            ))
            .await,
        Code::NotFound,
    );
    assert_eq!(domains_of(&server, admin, "acme").await, owned(&[("acme.test", true)]));
    assert_eq!(domains_of(&server, &creator, "default").await, owned(&[("example.com", true)]));
}

#[tokio::test]
async fn the_default_and_the_last_domain_are_never_deleted() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let admin = &acme.admin_token;
    for force in [false, true] {
        let status = expect_code(
            server.domains().delete_mail_domain(authed(admin, delete("acme", "acme.test", force))).await,
            Code::FailedPrecondition,
        );
        assert!(status.message().contains("only mail domain"), "{status:?}");
    }
    add_domain(&server, admin, "acme", "spare.test").await;
    let status = expect_code(
        server.domains().delete_mail_domain(authed(admin, delete("acme", "acme.test", true))).await,
        Code::FailedPrecondition,
    );
    assert!(status.message().contains("default domain"), "{status:?}");
    expect_code(
        server.domains().delete_mail_domain(authed(admin, delete("acme", "never.test", false))).await,
        Code::NotFound,
    );
    assert_eq!(domains_of(&server, admin, "acme").await, owned(&[("acme.test", true), ("spare.test", false)]));
    // An unused, non-default domain goes; so does the old default once moved.
    server.domains().delete_mail_domain(authed(admin, delete("acme", "spare.test", false))).await.unwrap();
    add_domain(&server, admin, "acme", "next.test").await;
    server
        .domains()
        .set_default_mail_domain(authed(
            admin,
            pb::SetDefaultMailDomainRequest { tenant_id: "acme".into(), name: "next.test".into() },
        ))
        .await
        .unwrap();
    let status = expect_code(
        server.domains().delete_mail_domain(authed(admin, delete("acme", "acme.test", false))).await,
        Code::FailedPrecondition,
    );
    assert!(status.message().contains("2 users"), "the admin and the user live there: {status:?}");
    assert_eq!(domains_of(&server, admin, "acme").await, owned(&[("acme.test", false), ("next.test", true)]));
}

#[tokio::test]
async fn a_used_domain_needs_force_which_removes_exactly_what_uses_it() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    let admin = &acme.admin_token;
    add_domain(&server, admin, "acme", "old.test").await;
    let users = server.users();
    let create_user = |user: pb::User| {
        let mut users = users.clone();
        let token = admin.clone();
        async move { users.create_user(authed(&token, pb::CreateUserRequest { user: Some(user) })).await.unwrap() }
    };
    // Owned by the domain: a user (with an alias in the domain and one outside), a soft-deleted user.
    let mut leaving = new_user("acme", "leaving@old.test", "Reader01", pb::Role::User);
    leaving.aliases = vec!["l1@old.test".into(), "l2@acme.test".into()];
    create_user(leaving).await;
    create_user(new_user("acme", "gone@old.test", "Reader01", pb::Role::User)).await;
    users
        .clone()
        .delete_user(authed(admin, pb::DeleteUserRequest { tenant_id: "acme".into(), mail: "gone@old.test".into() }))
        .await
        .unwrap();
    // Held by others: an alternate address and an alias of a user of acme.test.
    let mut staying = new_user("acme", "staying@acme.test", "Reader01", pb::Role::User);
    staying.aliases = vec!["s1@old.test".into(), "s2@acme.test".into()];
    staying.alternate_address = "остающийся@old.test".into();
    create_user(staying).await;
    // A resource and a list in the domain, and a list outside it with members in it.
    server
        .resources()
        .create_resource_group(authed(
            admin,
            pb::CreateResourceGroupRequest { tenant_id: "acme".into(), name: "Rooms".into() },
        ))
        .await
        .unwrap();
    let resource = pb::Resource {
        tenant_id: "acme".into(),
        group: "Rooms".into(),
        mail: "room@old.test".into(),
        display_name: "Room".into(),
        ..Default::default()
    };
    server
        .resources()
        .create_resource(authed(admin, pb::CreateResourceRequest { resource: Some(resource) }))
        .await
        .unwrap();
    let list = |mail: &str, members: &[&str]| pb::CreateMailListRequest {
        mail_list: Some(pb::MailList {
            tenant_id: "acme".into(),
            mail: mail.into(),
            display_name: mail.into(),
            members: members.iter().map(|m| m.to_string()).collect(),
            ..Default::default()
        }),
    };
    server
        .mail_lists()
        .create_mail_list(authed(admin, list("old-list@old.test", &["staying@acme.test"])))
        .await
        .unwrap();
    server
        .mail_lists()
        .create_mail_list(authed(
            admin,
            list(
                "team@acme.test",
                &["leaving@old.test", "staying@acme.test", "friend@outside.org", "old-list@old.test"],
            ),
        ))
        .await
        .unwrap();

    // Without force: refused with the counts, nothing changed.
    let status = expect_code(
        server.domains().delete_mail_domain(authed(admin, delete("acme", "old.test", false))).await,
        Code::FailedPrecondition,
    );
    assert_eq!(
        status.message(),
        "mail domain old.test is still used by 2 users, 1 alternate address, 1 alias, 1 resource, 1 mailing list, \
         2 list memberships; remove them first or delete with force"
    );
    // The full view answers the same counts before the deletion is asked; the basic one none.
    let full = |view: pb::View| pb::GetMailDomainRequest {
        tenant_id: "acme".into(),
        name: "old.test".into(),
        view: view as i32,
    };
    let usage = server.domains().get_mail_domain(authed(admin, full(pb::View::Full))).await.unwrap().into_inner().usage;
    assert_eq!(
        usage,
        Some(pb::DomainUsage {
            users: 2,
            superadmins: 0,
            alternate_addresses: 1,
            aliases: 1,
            resources: 1,
            mail_lists: 1,
            list_members: 2
        })
    );
    let basic = server.domains().get_mail_domain(authed(admin, full(pb::View::Basic))).await.unwrap().into_inner();
    assert_eq!(basic.usage, None);
    server.login("leaving@old.test", "Reader01").await;
    let team = server
        .mail_lists()
        .get_mail_list(authed(
            admin,
            pb::GetMailListRequest { tenant_id: "acme".into(), mail: "team@acme.test".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(team.members.len(), 4);

    // With force: exactly that goes, atomically.
    let leaving_token = server.login("leaving@old.test", "Reader01").await.access_token;
    server.domains().delete_mail_domain(authed(admin, delete("acme", "old.test", true))).await.unwrap();
    assert_eq!(domains_of(&server, admin, "acme").await, owned(&[("acme.test", true)]));
    for mail in ["leaving@old.test", "gone@old.test"] {
        expect_code(
            server
                .users()
                .get_user(authed(admin, pb::GetUserRequest { tenant_id: "acme".into(), mail: mail.into() }))
                .await,
            Code::NotFound,
        );
    }
    let deleted = server
        .users()
        .list_deleted_users(authed(
            admin,
            pb::ListDeletedUsersRequest { tenant_id: "acme".into(), ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(deleted.total_size, 0, "soft-deleted accounts of the domain are gone for good");
    expect_code(server.auth().who_am_i(authed(&leaving_token, pb::WhoAmIRequest {})).await, Code::Unauthenticated);
    let staying = server
        .users()
        .get_user(authed(admin, pb::GetUserRequest { tenant_id: "acme".into(), mail: "staying@acme.test".into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (staying.alternate_address.as_str(), staying.aliases.as_slice()),
        ("", ["s2@acme.test".to_string()].as_slice())
    );
    let rooms = server
        .resources()
        .get_resource_group(authed(
            admin,
            pb::GetResourceGroupRequest { tenant_id: "acme".into(), name: "rooms".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(rooms.resource_count, 0, "the group stays, its resource in the domain went");
    expect_code(
        server
            .mail_lists()
            .get_mail_list(authed(
                admin,
                pb::GetMailListRequest { tenant_id: "acme".into(), mail: "old-list@old.test".into() },
            ))
            .await,
        Code::NotFound,
    );
    let team = server
        .mail_lists()
        .get_mail_list(authed(
            admin,
            pb::GetMailListRequest { tenant_id: "acme".into(), mail: "team@acme.test".into() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(team.members, ["friend@outside.org", "staying@acme.test"]);
    // Every address of the domain is free again, and addresses outside it that went with their owner.
    add_domain(&server, admin, "acme", "old.test").await;
    for mail in [
        "leaving@old.test",
        "gone@old.test",
        "l1@old.test",
        "s1@old.test",
        "room@old.test",
        "old-list@old.test",
        "l2@acme.test",
    ] {
        create_user(new_user("acme", mail, "Reader01", pb::Role::User)).await;
    }
}

#[tokio::test]
async fn force_never_removes_a_superadmin_or_the_callers_own_account() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    // The superadmin lives in example.com.
    add_domain(&server, &creator, "default", "other.example").await;
    server
        .domains()
        .set_default_mail_domain(authed(
            &creator,
            pb::SetDefaultMailDomainRequest { tenant_id: "default".into(), name: "other.example".into() },
        ))
        .await
        .unwrap();
    let status = expect_code(
        server.domains().delete_mail_domain(authed(&creator, delete("default", "example.com", true))).await,
        Code::FailedPrecondition,
    );
    assert!(status.message().contains("superadmin"), "{status:?}");
    server.login(CREATOR, crate::common::CREATOR_PASSWORD).await;
    // An admin whose own account is in the domain.
    let acme = Tenant::create(&server, &creator, "acme").await;
    add_domain(&server, &acme.admin_token, "acme", "own.test").await;
    server
        .users()
        .create_user(authed(
            &creator,
            pb::CreateUserRequest { user: Some(new_user("acme", "boss@own.test", ADMIN_PASSWORD, pb::Role::Admin)) },
        ))
        .await
        .unwrap();
    let boss = server.login("boss@own.test", ADMIN_PASSWORD).await.access_token;
    let status = expect_code(
        server.domains().delete_mail_domain(authed(&boss, delete("acme", "own.test", true))).await,
        Code::FailedPrecondition,
    );
    assert!(status.message().contains("your own account"), "{status:?}");
    server.login("boss@own.test", ADMIN_PASSWORD).await;
    // Another admin of the tenant may.
    server.domains().delete_mail_domain(authed(&acme.admin_token, delete("acme", "own.test", true))).await.unwrap();
    expect_code(server.auth().who_am_i(authed(&boss, pb::WhoAmIRequest {})).await, Code::Unauthenticated);
}

fn web(name: &str, pair: &certs::Pair) -> pb::CreateWebDomainRequest {
    pb::CreateWebDomainRequest {
        web_domain: Some(pb::WebDomain {
            name: name.into(),
            private_key_pem: pair.key.clone(),
            certificate_pem: pair.crt.clone(),
            ..Default::default()
        }),
    }
}

fn fingerprint(crt_pem: &str) -> String {
    use rustls_pki_types::{CertificateDer, pem::PemObject as _};
    let der = CertificateDer::from_pem_slice(crt_pem.as_bytes()).unwrap();
    hex::encode(sha2::Sha256::digest(der.as_ref()))
}

#[tokio::test]
async fn web_domains_with_ecdsa_and_rsa_certificates_never_return_the_key() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let ecdsa = certs::pair(Spec::valid(&["mail.example.com", "webmail.example.com"]));
    let created = server
        .domains()
        .create_web_domain(authed(&creator, web("Mail.Example.com", &ecdsa)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.name, "mail.example.com");
    assert_eq!(created.private_key_pem, "");
    let cert = created.certificate.clone().unwrap();
    assert_eq!(cert.subject, "CN=mail.example.com");
    assert_eq!(cert.issuer, "CN=mail.example.com");
    assert_eq!(cert.dns_names, ["mail.example.com", "webmail.example.com"]);
    assert_eq!(cert.sha256_fingerprint, fingerprint(&ecdsa.crt));
    assert_eq!(cert.not_after.unwrap().seconds, 4_070_908_800, "2099-01-01");
    assert_eq!(cert.not_before.unwrap().seconds, 1_577_836_800, "2020-01-01");

    let rsa = certs::pair(Spec { rsa: true, ..Spec::valid(&["*.rsa.test"]) });
    assert!(rsa.key.contains("BEGIN PRIVATE KEY"));
    let created_rsa =
        server.domains().create_web_domain(authed(&creator, web("web.rsa.test", &rsa))).await.unwrap().into_inner();
    assert_eq!(created_rsa.certificate.unwrap().dns_names, ["*.rsa.test"]);

    let got = server
        .domains()
        .get_web_domain(authed(&creator, pb::GetWebDomainRequest { name: "mail.example.com".into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got, created);
    let all = server
        .domains()
        .list_web_domains(authed(&creator, pb::ListWebDomainsRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.total_size, 2);
    assert_eq!(
        all.web_domains.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
        ["mail.example.com", "web.rsa.test"]
    );
    assert!(all.web_domains.iter().all(|d| d.private_key_pem.is_empty() && !d.certificate_pem.contains("PRIVATE")));

    // Replace the certificate alone (same key, new validity), then key and certificate together.
    let same_key = rcgen::KeyPair::from_pem(&ecdsa.key).unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["mail.example.com".to_string()]).unwrap();
    params.not_after = rcgen::date_time_ymd(2098, 1, 1);
    let renewed = params.self_signed(&same_key).unwrap().pem();
    let update = |key: &str, crt: &str, paths: &[&str]| pb::UpdateWebDomainRequest {
        web_domain: Some(pb::WebDomain {
            name: "mail.example.com".into(),
            private_key_pem: key.into(),
            certificate_pem: crt.into(),
            ..Default::default()
        }),
        update_mask: mask(paths),
    };
    let updated = server
        .domains()
        .update_web_domain(authed(&creator, update("", &renewed, &["certificate_pem"])))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.certificate.unwrap().sha256_fingerprint, fingerprint(&renewed));
    let next = certs::valid("mail.example.com");
    let updated = server
        .domains()
        .update_web_domain(authed(&creator, update(&next.key, &next.crt, &["*"])))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.certificate.unwrap().sha256_fingerprint, fingerprint(&next.crt));
    assert_eq!(updated.private_key_pem, "");

    server
        .domains()
        .delete_web_domain(authed(&creator, pb::DeleteWebDomainRequest { name: "web.rsa.test".into() }))
        .await
        .unwrap();
    expect_code(
        server
            .domains()
            .get_web_domain(authed(&creator, pb::GetWebDomainRequest { name: "web.rsa.test".into() }))
            .await,
        Code::NotFound,
    );
    expect_code(
        server
            .domains()
            .delete_web_domain(authed(&creator, pb::DeleteWebDomainRequest { name: "web.rsa.test".into() }))
            .await,
        Code::NotFound,
    );

    // The key is in no audit record (read through the Audit RPC, whatever the backend).
    let mut audit = pb::audit_service_client::AuditServiceClient::new(server.channel());
    let mut events = Vec::new();
    let mut page_token = String::new();
    loop {
        let request = pb::ListAuditEventsRequest { page_size: 1000, page_token, ..Default::default() };
        let page = audit.list_audit_events(authed(&creator, request)).await.unwrap().into_inner();
        events.extend(page.events);
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    let web_events: Vec<_> =
        events.iter().filter(|e| e.target.starts_with("web_domain:") && e.result == "OK").collect();
    assert_eq!(web_events.len(), 5, "two creations, two updates, one deletion");
    assert!(events.iter().all(|e| !format!("{e:?}").contains("PRIVATE KEY")), "a key leaked into the audit trail");
    let renewal = web_events.iter().find(|e| e.rpc.ends_with("UpdateWebDomain")).unwrap();
    assert!(format!("{:?}", renewal.after).contains("private_key_changed"), "{renewal:?}");
}

#[tokio::test]
async fn bad_keys_and_certificates_are_refused_precisely_with_nothing_changed() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let good = certs::valid("mail.example.com");
    let original = server
        .domains()
        .create_web_domain(authed(&creator, web("mail.example.com", &good)))
        .await
        .unwrap()
        .into_inner();
    let other_key = certs::valid("mail.example.com").key;
    let key_field = "web_domain.private_key_pem";
    let crt_field = "web_domain.certificate_pem";
    /// A creation that must be refused: host, pair, expected (field, reason)s, text of the message.
    type Refusal<'a> = (&'a str, certs::Pair, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Refusal<'_>> = vec![
        ("web.example.com", certs::expired("web.example.com"), vec![(crt_field, "INVALID")], "expired on 2021-01-01"),
        ("web.example.com", certs::valid("other.test"), vec![(crt_field, "INVALID")], "does not cover web.example.com"),
        (
            "web.example.com",
            certs::Pair { key: other_key.clone(), crt: certs::valid("web.example.com").crt },
            vec![(key_field, "INVALID")],
            "does not match the certificate",
        ),
        (
            "web.example.com",
            certs::Pair { key: "not a key".into(), crt: "not a certificate".into() },
            vec![(key_field, "INVALID"), (crt_field, "INVALID")],
            "is not a PEM private key",
        ),
        (
            "web.example.com",
            certs::Pair { key: String::new(), crt: String::new() },
            vec![(key_field, "REQUIRED"), (crt_field, "REQUIRED")],
            "is required",
        ),
        ("bad_name.test", certs::valid("bad_name.test"), vec![("web_domain.name", "INVALID")], "Latin letters"),
    ];
    for (name, pair, expected, text) in cases {
        let status = expect_code(
            server.domains().create_web_domain(authed(&creator, web(name, &pair))).await,
            Code::InvalidArgument,
        );
        let expected: Vec<(String, String)> = expected.iter().map(|(f, r)| (f.to_string(), r.to_string())).collect();
        assert_eq!(violations(&status), expected, "{name}: {status:?}");
        assert!(status.message().contains(text), "{name}: {status:?}");
    }
    expect_code(
        server.domains().create_web_domain(authed(&creator, web("mail.example.com", &good))).await,
        Code::AlreadyExists,
    );

    // Updates are checked against the pair in force afterwards.
    let update = |key: &str, crt: &str, paths: &[&str]| pb::UpdateWebDomainRequest {
        web_domain: Some(pb::WebDomain {
            name: "mail.example.com".into(),
            private_key_pem: key.into(),
            certificate_pem: crt.into(),
            ..Default::default()
        }),
        update_mask: mask(paths),
    };
    let foreign = certs::valid("mail.example.com");
    for (request, field) in [
        (update("", &foreign.crt, &["certificate_pem"]), key_field),
        (update(&other_key, "", &["private_key_pem"]), key_field),
        (update(&good.key, &certs::expired("mail.example.com").crt, &["*"]), crt_field),
        (update("", "", &["name"]), "web_domain.name"),
    ] {
        let status =
            expect_code(server.domains().update_web_domain(authed(&creator, request)).await, Code::InvalidArgument);
        assert_eq!(violations(&status)[0].0, field, "{status:?}");
    }
    expect_code(
        server.domains().update_web_domain(authed(&creator, update("", "", &["*"]))).await,
        Code::InvalidArgument,
    );
    let status = expect_code(
        server
            .domains()
            .update_web_domain(authed(
                &creator,
                pb::UpdateWebDomainRequest {
                    web_domain: Some(pb::WebDomain {
                        name: "nope.example.com".into(),
                        certificate_pem: good.crt.clone(),
                        ..Default::default()
                    }),
                    update_mask: mask(&["certificate_pem"]),
                },
            ))
            .await,
        Code::NotFound,
    );
    assert!(status.message().contains("nope.example.com"));

    let all = server
        .domains()
        .list_web_domains(authed(&creator, pb::ListWebDomainsRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.web_domains, [original]);
}
