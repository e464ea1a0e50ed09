//! Every conversion between proto messages and domain types, in one place.
//! Proto-level shape errors (an unknown enum number, a mask naming an
//! unknown field) become `InvalidArgument` with the request field path.

use chrono::{DateTime, Utc};
use prost_types::{FieldMask, Timestamp};

use crate::domain::{Role, Tenant, User, UserField, UserInput, UserStatus};
use crate::error::{Error, Result};
use crate::pb;
use crate::ports::StoredAuditEvent;
use crate::service::{Caller, auth::IssuedTokens, settings::SettingView, users::DeletedUser};
use crate::settings::Source;

/// A proto timestamp of a time.
pub fn timestamp(time: DateTime<Utc>) -> Timestamp {
    Timestamp { seconds: time.timestamp(), nanos: time.timestamp_subsec_nanos() as i32 }
}

/// The proto enum of a role.
pub fn role(role: Role) -> pb::Role {
    match role {
        Role::Admin => pb::Role::Admin,
        Role::User => pb::Role::User,
        Role::Superadmin => pb::Role::Superadmin,
    }
}

/// A role from its proto number; unspecified is `None`.
pub fn role_from(value: i32, field: &str) -> Result<Option<Role>> {
    match pb::Role::try_from(value) {
        Ok(pb::Role::Unspecified) => Ok(None),
        Ok(pb::Role::Admin) => Ok(Some(Role::Admin)),
        Ok(pb::Role::User) => Ok(Some(Role::User)),
        Ok(pb::Role::Superadmin) => Ok(Some(Role::Superadmin)),
        Err(_) => Err(Error::invalid(field, format!("unknown role {value}"))),
    }
}

/// The proto enum of a user status.
pub fn status(status: UserStatus) -> pb::UserStatus {
    match status {
        UserStatus::Blocked => pb::UserStatus::Blocked,
        UserStatus::Active => pb::UserStatus::Active,
        UserStatus::AgreementPending => pb::UserStatus::AgreementPending,
    }
}

/// A user status from its proto number; unspecified is `None`.
pub fn status_from(value: i32, field: &str) -> Result<Option<UserStatus>> {
    match pb::UserStatus::try_from(value) {
        Ok(pb::UserStatus::Unspecified) => Ok(None),
        Ok(pb::UserStatus::Blocked) => Ok(Some(UserStatus::Blocked)),
        Ok(pb::UserStatus::Active) => Ok(Some(UserStatus::Active)),
        Ok(pb::UserStatus::AgreementPending) => Ok(Some(UserStatus::AgreementPending)),
        Err(_) => Err(Error::invalid(field, format!("unknown status {value}"))),
    }
}

/// The proto message of a user (never with a password).
pub fn user(user: &User) -> pb::User {
    pb::User {
        mail: user.mail.clone(),
        tenant_id: user.tenant_id.clone(),
        alternate_address: user.alternate_address.clone(),
        role: role(user.role).into(),
        given_name: user.given_name.clone(),
        surname: user.surname.clone(),
        middle_name: user.middle_name.clone(),
        department: user.department.clone(),
        title: user.title.clone(),
        description: user.description.clone(),
        home_phone: user.home_phone.clone(),
        work_phone: user.work_phone.clone(),
        city: user.city.clone(),
        telegram: user.telegram.clone(),
        skype: user.skype.clone(),
        quota_bytes: user.quota_bytes,
        display_name: user.display_name.clone(),
        status: status(user.status).into(),
        lang: user.lang.clone(),
        aliases: user.aliases.clone(),
        address_book_visibility: Some(user.address_book_visibility),
        password: String::new(),
        create_time: Some(timestamp(user.created_at)),
        update_time: Some(timestamp(user.updated_at)),
        delete_time: user.deleted_at.map(timestamp),
        purge_time: None,
    }
}

/// The proto message of a soft-deleted user.
pub fn deleted_user(deleted: &DeletedUser) -> pb::User {
    pb::User { purge_time: Some(timestamp(deleted.purge_at)), ..user(&deleted.user) }
}

/// The values of a proto user as service input.
pub fn user_input(user: pb::User) -> Result<UserInput> {
    Ok(UserInput {
        role: role_from(user.role, "user.role")?,
        status: status_from(user.status, "user.status")?,
        tenant_id: user.tenant_id,
        mail: user.mail,
        alternate_address: user.alternate_address,
        given_name: user.given_name,
        surname: user.surname,
        middle_name: user.middle_name,
        department: user.department,
        title: user.title,
        description: user.description,
        home_phone: user.home_phone,
        work_phone: user.work_phone,
        city: user.city,
        telegram: user.telegram,
        skype: user.skype,
        quota_bytes: user.quota_bytes,
        display_name: user.display_name,
        lang: user.lang,
        aliases: user.aliases,
        address_book_visibility: user.address_book_visibility,
        password: user.password,
    })
}

/// The fields a user update mask names, and whether it was `*`.
pub fn user_fields(mask: Option<FieldMask>) -> Result<(Vec<UserField>, bool)> {
    let paths = mask.map(|m| m.paths).unwrap_or_default();
    if paths.iter().any(|p| p == "*") {
        return Ok((UserField::ALL.to_vec(), true));
    }
    let mut fields = Vec::with_capacity(paths.len());
    for path in &paths {
        let name = path.strip_prefix("user.").unwrap_or(path);
        match UserField::from_name(name) {
            Some(field) if !fields.contains(&field) => fields.push(field),
            Some(_) => {}
            None if matches!(name, "mail" | "tenant_id") => {
                return Err(Error::invalid("update_mask", format!("{name} cannot be changed")));
            }
            None => return Err(Error::invalid("update_mask", format!("unknown or read-only field {path:?}"))),
        }
    }
    Ok((fields, false))
}

/// The proto message of a tenant.
pub fn tenant(tenant: &Tenant) -> pb::Tenant {
    pb::Tenant {
        id: tenant.id.clone(),
        display_name: tenant.display_name.clone(),
        lang: tenant.lang.clone(),
        default_domain: tenant.default_domain.clone(),
        domains: tenant.domains.clone(),
        create_time: Some(timestamp(tenant.created_at)),
        update_time: Some(timestamp(tenant.updated_at)),
    }
}

/// The proto message of issued tokens.
pub fn tokens(tokens: &IssuedTokens) -> pb::Tokens {
    pb::Tokens {
        access_token: tokens.access_token.clone(),
        refresh_token: tokens.refresh_token.clone(),
        expires_in: tokens.expires_in.as_secs() as i64,
        expire_time: Some(timestamp(tokens.expires_at)),
        refresh_expire_time: Some(timestamp(tokens.refresh_expires_at)),
        tenant_id: tokens.tenant_id.clone(),
        role: role(tokens.role).into(),
        mail: tokens.mail.clone(),
    }
}

/// The proto message of a caller.
pub fn identity(caller: &Caller) -> pb::Identity {
    pb::Identity {
        mail: caller.account.clone(),
        tenant_id: caller.tenant_id.clone(),
        role: role(caller.role).into(),
        expire_time: Some(timestamp(caller.expires_at)),
    }
}

/// A time from a proto timestamp; out-of-range values are refused.
pub fn time_from(timestamp: Option<Timestamp>, field: &str) -> Result<Option<DateTime<Utc>>> {
    timestamp
        .map(|t| {
            DateTime::from_timestamp(t.seconds, u32::try_from(t.nanos).unwrap_or(u32::MAX))
                .ok_or_else(|| Error::invalid(field, "is not a valid time"))
        })
        .transpose()
}

/// The proto message of a setting.
pub fn setting(view: &SettingView) -> pb::Setting {
    let source = match view.source {
        Source::Default => pb::SettingSource::Default,
        Source::File => pb::SettingSource::File,
        Source::Environment => pb::SettingSource::Environment,
        Source::Runtime => pb::SettingSource::Runtime,
    };
    pb::Setting {
        key: view.key.clone(),
        value: view.value.clone(),
        default_value: view.default_value.clone(),
        source: source.into(),
        secret: view.secret,
        description: view.description.clone(),
    }
}

/// A JSON value as a protobuf `Value`.
fn json_value(value: &serde_json::Value) -> prost_types::Value {
    use prost_types::value::Kind;
    let kind = match value {
        serde_json::Value::Null => Kind::NullValue(0),
        serde_json::Value::Bool(b) => Kind::BoolValue(*b),
        serde_json::Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or_default()),
        serde_json::Value::String(s) => Kind::StringValue(s.clone()),
        serde_json::Value::Array(items) => {
            Kind::ListValue(prost_types::ListValue { values: items.iter().map(json_value).collect() })
        }
        serde_json::Value::Object(map) => Kind::StructValue(json_struct(map)),
    };
    prost_types::Value { kind: Some(kind) }
}

fn json_struct(map: &serde_json::Map<String, serde_json::Value>) -> prost_types::Struct {
    prost_types::Struct { fields: map.iter().map(|(k, v)| (k.clone(), json_value(v))).collect() }
}

/// The proto message of an audit event.
pub fn audit_event(stored: &StoredAuditEvent) -> pb::AuditEvent {
    let event = &stored.event;
    let as_struct = |value: &Option<serde_json::Value>| match value {
        Some(serde_json::Value::Object(map)) => Some(json_struct(map)),
        _ => None,
    };
    pb::AuditEvent {
        id: stored.id,
        time: Some(timestamp(event.at)),
        actor: event.actor.clone(),
        actor_tenant_id: event.actor_tenant.clone(),
        client_address: event.client_addr.clone(),
        tenant_id: event.tenant_id.clone(),
        rpc: event.rpc.clone(),
        target: event.target.clone(),
        before: as_struct(&event.before),
        after: as_struct(&event.after),
        result: event.result.clone(),
        detail: event.detail.clone(),
    }
}

/// A total count as the proto's `int32 total_size`.
pub fn total_size(total: u64) -> i32 {
    i32::try_from(total).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        let mask = |paths: &[&str]| Some(FieldMask { paths: paths.iter().map(|p| p.to_string()).collect() });
        assert_eq!(
            user_fields(mask(&["given_name", "user.quota_bytes"])).unwrap(),
            (vec![UserField::GivenName, UserField::QuotaBytes], false)
        );
        assert!(user_fields(mask(&["*"])).unwrap().1);
        assert!(user_fields(mask(&["mail"])).is_err());
        assert!(user_fields(mask(&["password_hash"])).is_err());
        assert_eq!(user_fields(None).unwrap(), (vec![], false));
    }

    #[test]
    fn unknown_enum_numbers_are_refused() {
        assert!(role_from(9, "user.role").is_err());
        assert_eq!(role_from(0, "user.role").unwrap(), None);
        assert_eq!(status_from(1, "user.status").unwrap(), Some(UserStatus::Blocked));
    }
}
