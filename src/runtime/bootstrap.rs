//! First start: on an empty store, create tenant `default` owning the
//! installation's mail domain and the superadmin `creator@<domain>`.

use rand::{Rng, distributions::Alphanumeric};

use crate::domain::{
    self, MailDomain, Role, Tenant, User, UserStatus, address::normalize_domain, audit, text::DEFAULT_LANG,
    user::DEFAULT_ADDRESS_BOOK_VISIBILITY,
};
use crate::service::Core;

/// Id of the tenant created on first start.
pub const DEFAULT_TENANT: &str = "default";

/// What bootstrap did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bootstrap {
    /// The store already held tenants; nothing was created.
    AlreadyInitialised,
    /// Created the default tenant and the superadmin.
    Created {
        /// Address of the superadmin.
        creator: String,
        /// The password, when pbm generated it (to be shown once).
        generated_password: Option<String>,
    },
}

/// Creates the default tenant and superadmin if the store is empty. The
/// superadmin's password is `password`, or a generated one. Replicas that
/// start at once on one empty store race here: the one whose tenant creation
/// wins creates the superadmin, the others find the store initialised.
pub async fn bootstrap(core: &Core, domain: &str, password: Option<String>) -> anyhow::Result<Bootstrap> {
    if core.directory.count_tenants().await? > 0 {
        return Ok(Bootstrap::AlreadyInitialised);
    }
    let domain = normalize_domain(domain).map_err(|e| anyhow::anyhow!("--domain {domain:?}: {e}"))?;
    let generated = password.is_none();
    let password = password.unwrap_or_else(generate_password);
    core.settings
        .current()
        .password
        .check(&password)
        .map_err(|e| anyhow::anyhow!("PBM_CREATOR_PASSWORD does not satisfy the password policy: it {e}"))?;
    let now = domain::now();
    let tenant = Tenant {
        id: DEFAULT_TENANT.into(),
        display_name: "Default".into(),
        lang: DEFAULT_LANG.into(),
        default_domain: domain.clone(),
        domains: vec![domain.clone()],
        created_at: now,
        updated_at: now,
    };
    let mail_domain = MailDomain {
        name: domain.clone(),
        tenant_id: DEFAULT_TENANT.into(),
        display_name: String::new(),
        description: String::new(),
        associated_domain: String::new(),
        is_default: true,
        created_at: now,
    };
    let event = core
        .system_event("pbm.v2.TenantService/CreateTenant", DEFAULT_TENANT, format!("tenant:{DEFAULT_TENANT}"))
        .after(audit::tenant_view(&tenant));
    match core.directory.create_tenant(&tenant, &mail_domain, &event).await {
        // Another replica starting on the same empty store got there first.
        Err(crate::error::Error::AlreadyExists { .. }) => return Ok(Bootstrap::AlreadyInitialised),
        other => other?,
    }
    let creator = format!("creator@{domain}");
    let user = User {
        tenant_id: DEFAULT_TENANT.into(),
        mail: creator.clone(),
        alternate_address: String::new(),
        role: Role::Superadmin,
        given_name: "Creator".into(),
        surname: "Superadmin".into(),
        middle_name: String::new(),
        department: String::new(),
        title: String::new(),
        description: "Superadmin created on first start".into(),
        home_phone: String::new(),
        mobile_phone: String::new(),
        work_phone: String::new(),
        city: String::new(),
        telegram: String::new(),
        skype: String::new(),
        quota_bytes: None,
        display_name: "Creator".into(),
        status: UserStatus::Active,
        lang: DEFAULT_LANG.into(),
        aliases: Vec::new(),
        address_book_visibility: DEFAULT_ADDRESS_BOOK_VISIBILITY,
        password_hash: core.hasher.hash(&password).await?,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        revision: 1,
    };
    let event = core
        .system_event("pbm.v2.UserService/CreateUser", DEFAULT_TENANT, format!("user:{creator}"))
        .after(audit::user_view(&user));
    core.directory.create_user(&user, &event).await?;
    Ok(Bootstrap::Created { creator, generated_password: generated.then_some(password) })
}

/// 20 random Latin letters and digits, with at least one digit.
fn generate_password() -> String {
    let mut rng = rand::thread_rng();
    let mut password: String = (&mut rng).sample_iter(&Alphanumeric).take(19).map(char::from).collect();
    password.push(char::from(b'0' + rng.gen_range(0..10)));
    password
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::password_policy::PasswordRequirements;

    #[test]
    fn generated_passwords_satisfy_the_default_policy() {
        for _ in 0..100 {
            assert!(PasswordRequirements::default().check(&generate_password()).is_ok());
        }
    }
}
