//! What identity providers provisioning over SCIM keep beside the users and
//! mailing lists (README "Provisioning with SCIM"): the `externalId` each
//! provider gives its users and groups, unique within a tenant, and the
//! address a new group gets (`pbm/scim/group_address`). The users and lists
//! themselves are created, changed and deleted through [`super::Users`] and
//! [`super::MailLists`] like any other; this service only keeps the
//! providers' ids, with the same wall: an admin (or a key) of the tenant. The ids are service state (SQL, beside an
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

/// `text` as a mailbox name: lower-case Latin letters, digits, `.`, `-` and
/// `_` kept, every other run of characters one `-`, none at either end, at
/// most 64 characters.
pub fn mailbox_name(text: &str) -> String {
    let mut name = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-') {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name: String = name.trim_matches(|c| matches!(c, '-' | '.')).chars().take(64).collect();
    name.trim_end_matches(['-', '.']).to_owned()
}

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

    /// The live user or list holding `external_id`. The id of one deleted
    /// other than through SCIM (which drops it) is left behind: it is free.
    async fn live_owner(&self, tenant_id: &str, external_id: &str) -> Result<Option<String>> {
        let Some(owner) = self.0.external_ids.user_with_external_id(tenant_id, external_id).await? else {
            return Ok(None);
        };
        Ok(self.is_live(tenant_id, &owner).await?.then_some(owner))
    }

    /// Whether `mail` is a live user or a mailing list of `tenant_id`.
    async fn is_live(&self, tenant_id: &str, mail: &str) -> Result<bool> {
        if self.0.live_user(tenant_id, mail).await?.is_some() {
            return Ok(true);
        }
        Ok(self.0.directory.get_mail_list(tenant_id, mail).await?.is_some())
    }

    /// Gives the live user or mailing list `mail` of `tenant_id` the externalId
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
            if !self.is_live(tenant_id, &mail).await? {
                return Err(Error::not_found("user or mailing list", mail));
            }
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
    /// The address of a new mailing list an identity provider creates as a
    /// group without one: by `pbm/scim/group_address`, the group's display
    /// name (`display_name`, the default) or its externalId (`external_id`)
    /// made a mailbox name — lower-case Latin letters, digits, `.`, `-` and
    /// `_`, other runs of characters one `-` — at the tenant's default mail
    /// domain. INVALID_ARGUMENT when nothing is left of the name.
    pub async fn group_address(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        display_name: &str,
        external_id: Option<&str>,
    ) -> Result<String> {
        self.0.authenticate(ctx).await?.require_admin_of(tenant_id)?;
        let tenant = self.0.existing_tenant(tenant_id).await?;
        let settings = self.0.settings.current();
        let rule = settings.get(crate::settings::keys::SCIM_GROUP_ADDRESS);
        let by_external_id = rule.is_some_and(|rule| rule.eq_ignore_ascii_case("external_id"));
        let (field, source) = match (by_external_id, external_id) {
            (true, Some(id)) => ("external_id", id),
            _ => ("display_name", display_name),
        };
        let local = mailbox_name(source);
        if local.is_empty() {
            return Err(Error::invalid(
                field,
                "holds nothing a mailbox name can be made of; give the group an address",
            ));
        }
        Ok(format!("{local}@{}", tenant.default_domain))
    }

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

#[cfg(test)]
mod tests {
    use super::mailbox_name;

    #[test]
    fn names_become_mailbox_names() {
        assert_eq!(mailbox_name("Sales Team"), "sales-team");
        assert_eq!(mailbox_name("  R&D / Berlin "), "r-d-berlin");
        assert_eq!(mailbox_name("ops.oncall_1"), "ops.oncall_1");
        assert_eq!(mailbox_name("Отдел продаж"), "");
        assert_eq!(mailbox_name("Отдел 7"), "7");
        assert_eq!(mailbox_name(&"x".repeat(100)).len(), 64);
        assert_eq!(mailbox_name("-a-"), "a");
    }
}
