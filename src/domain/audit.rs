//! Audit events: who changed what, from where, in which tenant, through
//! which RPC, the object before and after (secrets removed) and the result.
//!
//! Directory changes are written by the store in the same transaction as the
//! change itself; refused or failed attempts and session events (login,
//! refresh, logout) are appended on their own right after.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{Tenant, User};

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
