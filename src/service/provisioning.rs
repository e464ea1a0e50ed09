//! What identity providers provisioning over SCIM keep beside the users
//! (README "Provisioning with SCIM"): the `externalId` each provider gives
//! its users, unique within a tenant. The users themselves are created,
//! changed and deleted through [`super::Users`] like any other; this
//! service only keeps the providers' ids, with the same wall: an admin (or
//! a key) of the user's tenant. The ids are service state (SQL, beside an
//! LDAP directory too); they are not directory changes, so they are not
//! audited or logged as changes (the user's own change is).

use std::collections::HashMap;
use std::sync::Arc;

use super::{Core, RequestContext};
use crate::error::{Error, Result};

/// The longest externalId kept.
pub const MAX_EXTERNAL_ID_CHARS: usize = 256;

/// The service.
#[derive(Clone)]
pub struct Provisioning(pub(crate) Arc<Core>);

impl Provisioning {
    /// The externalIds of those of `mails` (users of `tenant_id`) that have one.
    pub async fn external_ids(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        mails: &[String],
    ) -> Result<HashMap<String, String>> {
        self.0.authenticate(ctx).await?.require_admin_of(tenant_id)?;
        self.0.external_ids.external_ids(tenant_id, mails).await
    }

    /// The primary address of the live user of `tenant_id` whose externalId is `external_id`.
    pub async fn user_with_external_id(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        external_id: &str,
    ) -> Result<Option<String>> {
        self.0.authenticate(ctx).await?.require_admin_of(tenant_id)?;
        self.live_owner(tenant_id, external_id).await
    }

    /// The live user holding `external_id`. The id of a user deleted other
    /// than through SCIM (which drops it first) is left behind: it is free.
    async fn live_owner(&self, tenant_id: &str, external_id: &str) -> Result<Option<String>> {
        let Some(owner) = self.0.external_ids.user_with_external_id(tenant_id, external_id).await? else {
            return Ok(None);
        };
        Ok(self.0.live_user(tenant_id, &owner).await?.map(|user| user.mail))
    }

    /// Gives the live user `mail` of `tenant_id` the externalId
    /// `external_id`, or takes it away (`None` or empty; also from a user
    /// just deleted). ALREADY_EXISTS when another live user of the tenant
    /// has it.
    pub async fn set_external_id(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        mail: &str,
        external_id: Option<&str>,
    ) -> Result<()> {
        self.0.authenticate(ctx).await?.require_admin_of(tenant_id)?;
        let external_id = external_id.filter(|id| !id.is_empty());
        if let Some(id) = external_id
            && (id.chars().count() > MAX_EXTERNAL_ID_CHARS || id.chars().any(char::is_control))
        {
            return Err(Error::invalid(
                "external_id",
                format!("at most {MAX_EXTERNAL_ID_CHARS} characters, without control characters"),
            ));
        }
        let mail = mail.trim().to_lowercase();
        if let Some(id) = external_id {
            self.0.live_user(tenant_id, &mail).await?.ok_or_else(|| Error::not_found("user", mail.clone()))?;
            // A deleted user's id is given up to the live one that asks for it.
            let holder = self.0.external_ids.user_with_external_id(tenant_id, id).await?;
            if let Some(holder) = holder.filter(|holder| *holder != mail)
                && self.live_owner(tenant_id, id).await?.is_none()
            {
                self.0.external_ids.set_external_id(tenant_id, &holder, None).await?;
            }
        }
        self.0.external_ids.set_external_id(tenant_id, &mail, external_id).await
    }
}

impl Provisioning {
    /// The password of a user an identity provider creates without one:
    /// random characters nobody is told, as long as the password policy in
    /// force allows (up to 48) and with every class it asks for, so that the
    /// user cannot log in with a password until an admin sets one (README
    /// "Provisioning with SCIM").
    pub fn unknowable_password(&self) -> String {
        use rand::{Rng as _, seq::SliceRandom as _};
        let policy = self.0.settings.current().password.clone();
        let mut rng = rand::thread_rng();
        let mut pick = |set: &[u8], n: usize| -> Vec<u8> { (0..n).map(|_| set[rng.gen_range(0..set.len())]).collect() };
        let (digits, upper, lower) = (b"0123456789", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz");
        let special = crate::domain::password_policy::SPECIAL_CHARS.as_bytes();
        let mut chars = pick(digits, policy.min_digits.max(1));
        chars.extend(pick(upper, policy.min_uppercase.max(1)));
        chars.extend(pick(lower, policy.min_lowercase.max(1)));
        chars.extend(pick(special, policy.min_special.max(1)));
        let length = policy.min_length.max(48).min(policy.max_length).max(chars.len());
        let alphanumeric = [&digits[..], &upper[..], &lower[..]].concat();
        let fill = length - chars.len();
        chars.extend(pick(&alphanumeric, fill));
        chars.shuffle(&mut rand::thread_rng());
        String::from_utf8(chars).expect("ASCII")
    }
}
