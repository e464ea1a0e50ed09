//! Audit events: who changed what, from where, in which tenant, through
//! which RPC, the object before and after (secrets removed) and the result.
//!
//! Directory changes are written by the store in the same transaction as the
//! change itself; refused or failed attempts and session events (login,
//! refresh, logout) are appended on their own right after.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{MailDomain, MailList, Resource, ResourceGroup, Tenant, User, WebDomain};

/// `result` of a change that succeeded.
pub const RESULT_OK: &str = "OK";

/// One audited event.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Account that acted (`anonymous` when unauthenticated, `system` for jobs).
    pub actor: String,
    /// Tenant of the actor.
    pub actor_tenant: String,
    /// Client address the request came from.
    pub client_addr: String,
    /// Tenant of the object changed.
    pub tenant_id: String,
    /// Full gRPC method, e.g. `pbm.v2.UserService/UpdateUser`.
    pub rpc: String,
    /// The object, e.g. `user:ivan@example.com`.
    pub target: String,
    /// The object before (secrets removed).
    pub before: Option<Value>,
    /// The object after (secrets removed).
    pub after: Option<Value>,
    /// `OK` or the gRPC code name of the failure, e.g. `PERMISSION_DENIED`.
    pub result: String,
    /// For failures: what went wrong (never a secret).
    pub detail: String,
}

impl AuditEvent {
    /// Sets the state before the change.
    pub fn before(mut self, value: Value) -> Self {
        self.before = Some(value);
        self
    }

    /// Sets the state after the change.
    pub fn after(mut self, value: Value) -> Self {
        self.after = Some(value);
        self
    }
}

/// A user as audited: every field but the password hash; a changed password
/// shows only as `"password_changed": true` on the after side.
pub fn user_view(user: &User) -> Value {
    json!({
        "tenant_id": user.tenant_id,
        "mail": user.mail,
        "alternate_address": user.alternate_address,
        "role": user.role.legacy(),
        "given_name": user.given_name,
        "surname": user.surname,
        "middle_name": user.middle_name,
        "department": user.department,
        "title": user.title,
        "description": user.description,
        "home_phone": user.home_phone,
        "mobile_phone": user.mobile_phone,
        "work_phone": user.work_phone,
        "city": user.city,
        "telegram": user.telegram,
        "skype": user.skype,
        "quota_bytes": user.quota_bytes,
        "display_name": user.display_name,
        "status": user.status.legacy(),
        "lang": user.lang,
        "aliases": user.aliases,
        "address_book_visibility": user.address_book_visibility,
        "deleted": user.deleted_at.is_some(),
    })
}

/// The after-view of a user update, flagging a password change.
pub fn user_change_view(before: &User, after: &User) -> Value {
    let mut view = user_view(after);
    if before.password_hash != after.password_hash {
        view["password_changed"] = Value::Bool(true);
    }
    view
}

/// A tenant as audited.
pub fn tenant_view(tenant: &Tenant) -> Value {
    json!({
        "id": tenant.id,
        "display_name": tenant.display_name,
        "lang": tenant.lang,
        "domains": tenant.domains,
        "default_domain": tenant.default_domain,
    })
}

/// A mail domain as audited.
pub fn mail_domain_view(domain: &MailDomain) -> Value {
    json!({
        "name": domain.name,
        "tenant_id": domain.tenant_id,
        "display_name": domain.display_name,
        "description": domain.description,
        "associated_domain": domain.associated_domain,
        "is_default": domain.is_default,
    })
}

/// A web domain as audited: the certificate's facts, never the private key
/// (a new key shows only as `"private_key_changed": true`, set by the caller).
pub fn web_domain_view(domain: &WebDomain) -> Value {
    let cert = &domain.certificate;
    json!({
        "name": domain.name,
        "certificate": {
            "subject": cert.subject,
            "dns_names": cert.dns_names,
            "issuer": cert.issuer,
            "not_before": cert.not_before.to_rfc3339(),
            "not_after": cert.not_after.to_rfc3339(),
            "sha256_fingerprint": cert.sha256_fingerprint,
        },
    })
}

/// A resource group as audited.
pub fn resource_group_view(group: &ResourceGroup) -> Value {
    json!({ "tenant_id": group.tenant_id, "name": group.name })
}

/// A resource as audited.
pub fn resource_view(resource: &Resource) -> Value {
    json!({
        "tenant_id": resource.tenant_id,
        "group": resource.group,
        "mail": resource.mail,
        "display_name": resource.display_name,
        "description": resource.description,
        "city": resource.city,
        "address_book_visibility": resource.address_book_visibility,
    })
}

/// An external contact as audited.
pub fn contact_view(contact: &crate::domain::Contact) -> Value {
    json!({
        "tenant_id": contact.tenant_id,
        "mail": contact.mail,
        "name": contact.name,
        "phones": contact.phones,
        "title": contact.title,
        "department": contact.department,
        "office": contact.office,
        "street": contact.street,
        "city": contact.city,
        "address_book_visibility": contact.address_book_visibility,
        "source": contact.source,
        "source_id": contact.source_id,
    })
}

/// A mailing list as audited.
pub fn mail_list_view(list: &MailList) -> Value {
    json!({
        "tenant_id": list.tenant_id,
        "mail": list.mail,
        "display_name": list.display_name,
        "members": list.members,
        "address_book_visibility": list.address_book_visibility,
        "internal_only": list.internal_only,
    })
}
