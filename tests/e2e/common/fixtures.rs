//! Shared objects of the tests: a second tenant with an admin and a user.

use pbm::pb;

use super::{TestServer, authed};

pub const ADMIN_PASSWORD: &str = "Admin-Pass1";
pub const USER_PASSWORD: &str = "User-Pass1";

/// A tenant with an admin and a user, created by the creator.
pub struct Tenant {
    pub id: String,
    pub domain: String,
    pub admin: String,
    pub admin_token: String,
    pub user: String,
    pub user_token: String,
}

/// A user message with the required fields.
pub fn new_user(tenant: &str, mail: &str, password: &str, role: pb::Role) -> pb::User {
    pb::User {
        tenant_id: tenant.into(),
        mail: mail.into(),
        password: password.into(),
        given_name: "Given".into(),
        surname: "Surname".into(),
        role: role as i32,
        ..Default::default()
    }
}

impl Tenant {
    /// Creates tenant `id` with domain `<id>.test`, an admin and a user.
    pub async fn create(server: &TestServer, creator: &str, id: &str) -> Self {
        let domain = format!("{id}.test");
        server
            .tenants()
            .create_tenant(authed(
                creator,
                pb::CreateTenantRequest { tenant_id: id.into(), tenant: None, domain: domain.clone() },
            ))
            .await
            .expect("create tenant");
        let admin = format!("admin@{domain}");
        let user = format!("user@{domain}");
        for (mail, password, role) in
            [(&admin, ADMIN_PASSWORD, pb::Role::Admin), (&user, USER_PASSWORD, pb::Role::User)]
        {
            server
                .users()
                .create_user(authed(creator, pb::CreateUserRequest { user: Some(new_user(id, mail, password, role)) }))
                .await
                .expect("create user");
        }
        let admin_token = server.login(&admin, ADMIN_PASSWORD).await.access_token;
        let user_token = server.login(&user, USER_PASSWORD).await.access_token;
        Self { id: id.into(), domain, admin, admin_token, user, user_token }
    }
}
