//! Objects the suite stores.

use chrono::{DateTime, Utc};
use pbm::domain::{AuditEvent, MailDomain, Role, Tenant, User, UserStatus, audit::RESULT_OK};

/// A fresh time at store precision.
pub fn now() -> DateTime<Utc> {
    pbm::domain::now()
}

pub fn tenant(id: &str) -> (Tenant, MailDomain) {
    let at = now();
    let domain = format!("{id}.test");
    let tenant = Tenant {
        id: id.into(),
        display_name: format!("Tenant {id}"),
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
    (tenant, mail_domain)
}

pub fn user(tenant: &str, local: &str) -> User {
    let at = now();
    User {
        tenant_id: tenant.into(),
        mail: format!("{local}@{tenant}.test"),
        alternate_address: String::new(),
        role: Role::User,
        given_name: "Иван".into(),
        surname: format!("Петров-{local}"),
        middle_name: String::new(),
        department: String::new(),
        title: String::new(),
        description: String::new(),
        home_phone: String::new(),
        work_phone: String::new(),
        mobile_phone: String::new(),
        city: String::new(),
        telegram: String::new(),
        skype: String::new(),
        quota_bytes: None,
        display_name: String::new(),
        status: UserStatus::AgreementPending,
        lang: "en-US".into(),
        aliases: Vec::new(),
        address_book_visibility: 1,
        password_hash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$3fhXwU6kcbu4fMJ9n0Y1lQ".into(),
        created_at: at,
        updated_at: at,
        deleted_at: None,
        revision: 1,
    }
}

pub fn event(rpc: &str, tenant: &str, target: &str) -> AuditEvent {
    AuditEvent {
        at: now(),
        actor: "creator@example.com".into(),
        actor_tenant: "default".into(),
        client_addr: "127.0.0.1".into(),
        tenant_id: tenant.into(),
        rpc: rpc.into(),
        target: target.into(),
        before: None,
        after: None,
        result: RESULT_OK.into(),
        detail: String::new(),
    }
}

/// An event for tests that do not look at it.
pub fn any_event() -> AuditEvent {
    event("pbm.v2.Test/Change", "", "")
}
