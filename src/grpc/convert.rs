//! Every conversion between proto messages and domain types, in one place.
//! Proto-level shape errors (an unknown enum number, a mask naming an
//! unknown field) become `InvalidArgument` with the request field path.

use chrono::{DateTime, Utc};
use prost_types::{FieldMask, Timestamp};

use crate::domain::mail::{HeaderMatch, MailQuery, MailboxQuota, MailboxRight, MessageHit, MessagePart};
use crate::domain::{
    BookEntry, BookList, Contact, ContactField, ContactInput, DomainUsage, EntryKind, MailDomain, MailDomainField,
    MailList, MailListField, MailListInput, Resource, ResourceField, ResourceGroup, ResourceInput, Role, Tenant,
    TenantContents, User, UserField, UserInput, UserStatus, WebDomain,
};
use crate::error::{Error, Result, Violations};
use crate::pb;
use crate::ports::StoredAuditEvent;
use crate::service::{
    Caller,
    auth::IssuedTokens,
    domains::NewMailDomain,
    mail::{ExpungeReport, MailboxAcl, OwnersInput, RecallOutcome, RecallReport},
    settings::SettingView,
    users::DeletedUser,
};
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
        mobile_phone: user.mobile_phone.clone(),
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
        mobile_phone: user.mobile_phone,
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
        contents: None,
    }
}

/// The proto message of what a tenant holds.
pub fn tenant_contents(contents: &TenantContents) -> pb::TenantContents {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    pb::TenantContents {
        users: count(contents.users),
        deleted_users: count(contents.deleted_users),
        superadmins: count(contents.superadmins),
        domains: count(contents.domains),
        resource_groups: count(contents.resource_groups),
        resources: count(contents.resources),
        mail_lists: count(contents.mail_lists),
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

/// The fields an update mask names: `*` names every field of `all`, a path
/// may carry the resource prefix (`domain.display_name`), and `fixed` lists
/// paths that exist but cannot change, each with the field violation to
/// answer (its field path and description).
fn mask_fields<F: Copy + PartialEq>(
    mask: Option<FieldMask>,
    prefix: &str,
    all: &[F],
    from_name: fn(&str) -> Option<F>,
    fixed: &[(&str, &str, &str)],
) -> Result<Vec<F>> {
    let paths = mask.map(|m| m.paths).unwrap_or_default();
    let mut fields = Vec::with_capacity(paths.len());
    for path in &paths {
        let name = path.strip_prefix(prefix).and_then(|p| p.strip_prefix('.')).unwrap_or(path);
        if name == "*" {
            return Ok(all.to_vec());
        }
        match from_name(name) {
            Some(field) if !fields.contains(&field) => fields.push(field),
            Some(_) => {}
            None => {
                return Err(match fixed.iter().find(|(fixed_name, _, _)| *fixed_name == name) {
                    Some((_, field, description)) => Error::invalid(*field, *description),
                    None => Error::invalid("update_mask", format!("unknown or read-only field {path:?}")),
                });
            }
        }
    }
    Ok(fields)
}

/// The proto message of a mail domain.
pub fn mail_domain(domain: &MailDomain) -> pb::MailDomain {
    pb::MailDomain {
        name: domain.name.clone(),
        tenant_id: domain.tenant_id.clone(),
        display_name: domain.display_name.clone(),
        description: domain.description.clone(),
        associated_domain: domain.associated_domain.clone(),
        is_default: domain.is_default,
        create_time: Some(timestamp(domain.created_at)),
        usage: None,
    }
}

/// The proto message of what uses a mail domain.
pub fn domain_usage(usage: &DomainUsage) -> pb::DomainUsage {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    pb::DomainUsage {
        users: count(usage.users),
        superadmins: count(usage.superadmins),
        alternate_addresses: count(usage.alternate_addresses),
        aliases: count(usage.aliases),
        resources: count(usage.resources),
        mail_lists: count(usage.mail_lists),
        list_members: count(usage.list_members),
    }
}

/// The values of a proto mail domain as service input.
pub fn mail_domain_input(domain: pb::MailDomain) -> NewMailDomain {
    NewMailDomain {
        tenant_id: domain.tenant_id,
        name: domain.name,
        display_name: domain.display_name,
        description: domain.description,
        associated_domain: domain.associated_domain,
    }
}

/// The fields a mail domain update mask names.
pub fn mail_domain_fields(mask: Option<FieldMask>) -> Result<Vec<MailDomainField>> {
    mask_fields(
        mask,
        "domain",
        &MailDomainField::ALL,
        MailDomainField::from_name,
        &[
            ("name", "domain.name", "the name of a mail domain cannot be changed"),
            ("tenant_id", "domain.tenant_id", "a mail domain cannot move to another tenant"),
            ("is_default", "domain.is_default", "use SetDefaultMailDomain to make a domain the default"),
        ],
    )
}

/// The proto message of a web domain: never with the private key.
pub fn web_domain(domain: &WebDomain) -> pb::WebDomain {
    let cert = &domain.certificate;
    pb::WebDomain {
        name: domain.name.clone(),
        private_key_pem: String::new(),
        certificate_pem: domain.certificate_pem.clone(),
        certificate: Some(pb::CertificateInfo {
            subject: cert.subject.clone(),
            dns_names: cert.dns_names.clone(),
            issuer: cert.issuer.clone(),
            not_before: Some(timestamp(cert.not_before)),
            not_after: Some(timestamp(cert.not_after)),
            sha256_fingerprint: cert.sha256_fingerprint.clone(),
        }),
        create_time: Some(timestamp(domain.created_at)),
        update_time: Some(timestamp(domain.updated_at)),
    }
}

/// Which of key (`private_key_pem`) and certificate (`certificate_pem`) a
/// web domain update mask names.
pub fn web_domain_fields(mask: Option<FieldMask>) -> Result<(bool, bool)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Part {
        Key,
        Certificate,
    }
    let parts = mask_fields(
        mask,
        "web_domain",
        &[Part::Key, Part::Certificate],
        |name| match name {
            "private_key_pem" => Some(Part::Key),
            "certificate_pem" => Some(Part::Certificate),
            _ => None,
        },
        &[("name", "web_domain.name", "the name of a web domain cannot be changed")],
    )?;
    Ok((parts.contains(&Part::Key), parts.contains(&Part::Certificate)))
}

/// The proto message of a resource group.
pub fn resource_group(group: &ResourceGroup) -> pb::ResourceGroup {
    pb::ResourceGroup {
        tenant_id: group.tenant_id.clone(),
        name: group.name.clone(),
        resource_count: total_size(group.resource_count),
    }
}

/// The proto message of a resource.
pub fn resource(resource: &Resource) -> pb::Resource {
    pb::Resource {
        tenant_id: resource.tenant_id.clone(),
        group: resource.group.clone(),
        mail: resource.mail.clone(),
        display_name: resource.display_name.clone(),
        description: resource.description.clone(),
        city: resource.city.clone(),
        address_book_visibility: Some(resource.address_book_visibility),
        create_time: Some(timestamp(resource.created_at)),
        update_time: Some(timestamp(resource.updated_at)),
    }
}

/// The values of a proto resource as service input.
pub fn resource_input(resource: pb::Resource) -> ResourceInput {
    ResourceInput {
        tenant_id: resource.tenant_id,
        group: resource.group,
        mail: resource.mail,
        display_name: resource.display_name,
        description: resource.description,
        city: resource.city,
        address_book_visibility: resource.address_book_visibility,
    }
}

/// The fields a resource update mask names; `mail` and `group` are refused.
pub fn resource_fields(mask: Option<FieldMask>) -> Result<Vec<ResourceField>> {
    mask_fields(
        mask,
        "resource",
        &ResourceField::ALL,
        ResourceField::from_name,
        &[
            ("mail", "resource.mail", "the address of a resource cannot be changed"),
            ("group", "resource.group", "a resource cannot move to another group"),
            ("tenant_id", "resource.tenant_id", "a resource cannot move to another tenant"),
        ],
    )
}

/// The proto message of a mailing list.
pub fn mail_list(list: &MailList) -> pb::MailList {
    pb::MailList {
        tenant_id: list.tenant_id.clone(),
        mail: list.mail.clone(),
        display_name: list.display_name.clone(),
        members: list.members.clone(),
        address_book_visibility: Some(list.address_book_visibility),
        internal_only: Some(list.internal_only),
        create_time: Some(timestamp(list.created_at)),
        update_time: Some(timestamp(list.updated_at)),
    }
}

/// The values of a proto mailing list as service input.
pub fn mail_list_input(list: pb::MailList) -> MailListInput {
    MailListInput {
        tenant_id: list.tenant_id,
        mail: list.mail,
        display_name: list.display_name,
        members: list.members,
        address_book_visibility: list.address_book_visibility,
        internal_only: list.internal_only,
    }
}

/// A stored contact as the proto `Contact`.
pub fn contact(contact: &Contact) -> pb::Contact {
    pb::Contact {
        tenant_id: contact.tenant_id.clone(),
        mail: contact.mail.clone(),
        name: contact.name.clone(),
        phones: contact.phones.clone(),
        title: contact.title.clone(),
        department: contact.department.clone(),
        office: contact.office.clone(),
        street: contact.street.clone(),
        city: contact.city.clone(),
        address_book_visibility: Some(contact.address_book_visibility),
        source: contact.source.clone(),
        source_id: contact.source_id.clone(),
        create_time: Some(timestamp(contact.created_at)),
        update_time: Some(timestamp(contact.updated_at)),
    }
}

/// The values of a proto contact as service input.
pub fn contact_input(contact: pb::Contact) -> ContactInput {
    ContactInput {
        tenant_id: contact.tenant_id,
        mail: contact.mail,
        name: contact.name,
        phones: contact.phones,
        title: contact.title,
        department: contact.department,
        office: contact.office,
        street: contact.street,
        city: contact.city,
        address_book_visibility: contact.address_book_visibility,
    }
}

/// The fields a contact update mask names; the address changes through
/// `new_mail` only.
pub fn contact_fields(mask: Option<FieldMask>) -> Result<Vec<ContactField>> {
    mask_fields(
        mask,
        "contact",
        &ContactField::ALL,
        ContactField::from_name,
        &[
            ("mail", "contact.mail", "the address of a contact changes only through new_mail"),
            ("tenant_id", "contact.tenant_id", "a contact cannot move to another tenant"),
            ("source", "contact.source", "the source of a contact is output only"),
            ("source_id", "contact.source_id", "the source id of a contact is output only"),
        ],
    )
}

/// An address-book entry as the proto `AddressBookEntry`.
pub fn book_entry(entry: &BookEntry) -> pb::AddressBookEntry {
    let kind = match entry.kind {
        EntryKind::User => pb::AddressBookEntryKind::User,
        EntryKind::Resource => pb::AddressBookEntryKind::Resource,
        EntryKind::MailList => pb::AddressBookEntryKind::MailList,
        EntryKind::Contact => pb::AddressBookEntryKind::Contact,
    };
    pb::AddressBookEntry {
        kind: kind.into(),
        tenant_id: entry.tenant_id.clone(),
        mail: entry.mail.clone(),
        name: entry.name.clone(),
        title: entry.title.clone(),
        department: entry.department.clone(),
        phones: entry.phones.clone(),
        office: entry.office.clone(),
        street: entry.street.clone(),
        city: entry.city.clone(),
        address_book_visibility: entry.address_book_visibility,
    }
}

/// The list of a search request (an unknown number is refused).
pub fn book_list(list: i32) -> Result<BookList> {
    match pb::AddressBookList::try_from(list) {
        Ok(pb::AddressBookList::Unspecified) => Ok(BookList::Any),
        Ok(pb::AddressBookList::Suggested) => Ok(BookList::Suggested),
        Ok(pb::AddressBookList::Colleagues) => Ok(BookList::Colleagues),
        Err(_) => Err(Error::invalid("list", format!("{list} is not an address-book list"))),
    }
}

/// The fields a mailing list update mask names; the address changes through
/// `new_mail` only.
pub fn mail_list_fields(mask: Option<FieldMask>) -> Result<Vec<MailListField>> {
    mask_fields(
        mask,
        "mail_list",
        &MailListField::ALL,
        MailListField::from_name,
        &[
            ("mail", "mail_list.mail", "the address of a list changes only through new_mail (/newMail)"),
            ("tenant_id", "mail_list.tenant_id", "a list cannot move to another tenant"),
        ],
    )
}

/// Whose mailboxes a mail request names.
pub fn owners_input(owners: Option<pb::MailboxOwners>) -> OwnersInput {
    use pb::mailbox_owners::Owners as O;
    match owners.and_then(|o| o.owners) {
        None => OwnersInput::Unset,
        Some(O::User(user)) => OwnersInput::User(user),
        Some(O::UserMask(mask)) => OwnersInput::Mask(mask),
        Some(O::AllUsers(true)) => OwnersInput::AllUsers,
        Some(O::AllUsers(false)) => OwnersInput::Unset,
    }
}

/// A search query; empty strings are criteria not set.
pub fn mail_query(query: Option<pb::MessageQuery>) -> Result<MailQuery> {
    let Some(q) = query else { return Ok(MailQuery::default()) };
    let text = |s: String| (!s.is_empty()).then_some(s);
    Ok(MailQuery {
        subject: text(q.subject),
        header: q
            .header
            .filter(|h| !(h.name.is_empty() && h.value.is_empty()))
            .map(|h| HeaderMatch { name: h.name, value: h.value }),
        from: text(q.from),
        to: text(q.to),
        body: text(q.body),
        message_id: text(q.message_id),
        since: time_from(q.since, "query.since")?,
        before: time_from(q.before, "query.before")?,
        seen: q.seen,
    })
}

/// The proto message of a search hit.
pub fn message_hit(hit: &MessageHit) -> pb::MessageHit {
    pb::MessageHit {
        owner: hit.owner.clone(),
        mailbox: hit.mailbox.clone(),
        mailbox_guid: hit.mailbox_guid.clone(),
        uid: hit.uid,
        message_id: hit.message_id.clone(),
        subject: hit.subject.clone(),
        from: hit.from.clone(),
        date: hit.date.map(timestamp),
        size: hit.size,
        flags: hit.flags.clone(),
    }
}

/// A message part from its proto number; unspecified is `None`.
pub fn message_part_from(value: i32) -> Result<Option<MessagePart>> {
    match pb::MessagePart::try_from(value) {
        Ok(pb::MessagePart::Unspecified) => Ok(None),
        Ok(pb::MessagePart::Text) => Ok(Some(MessagePart::Text)),
        Ok(pb::MessagePart::Headers) => Ok(Some(MessagePart::Headers)),
        Ok(pb::MessagePart::Body) => Ok(Some(MessagePart::Body)),
        Err(_) => Err(Error::invalid("part", format!("unknown message part {value}"))),
    }
}

/// The proto enum of an ACL right.
pub fn mailbox_right(right: MailboxRight) -> pb::MailboxRight {
    match right {
        MailboxRight::Lookup => pb::MailboxRight::Lookup,
        MailboxRight::Read => pb::MailboxRight::Read,
        MailboxRight::Write => pb::MailboxRight::Write,
        MailboxRight::WriteSeen => pb::MailboxRight::WriteSeen,
        MailboxRight::WriteDeleted => pb::MailboxRight::WriteDeleted,
        MailboxRight::Insert => pb::MailboxRight::Insert,
        MailboxRight::Post => pb::MailboxRight::Post,
        MailboxRight::Expunge => pb::MailboxRight::Expunge,
        MailboxRight::Create => pb::MailboxRight::Create,
        MailboxRight::Delete => pb::MailboxRight::Delete,
        MailboxRight::Admin => pb::MailboxRight::Admin,
    }
}

/// ACL rights from their proto numbers; unspecified or unknown ones are
/// refused, naming each.
pub fn mailbox_rights_from(values: &[i32]) -> Result<Vec<MailboxRight>> {
    let mut v = Violations::new();
    let mut rights = Vec::new();
    for &value in values {
        match pb::MailboxRight::try_from(value) {
            Ok(pb::MailboxRight::Unspecified) | Err(_) => {
                v.invalid("rights", format!("unknown right {value}: use lookup, read, write, write-seen, write-deleted, insert, post, expunge, create, delete or admin"));
            }
            Ok(right) => rights.extend(MailboxRight::ALL.into_iter().find(|r| mailbox_right(*r) == right)),
        }
    }
    v.finish()?;
    Ok(rights)
}

/// The proto message of a folder's ACL.
pub fn mailbox_acl(acl: &MailboxAcl) -> pb::MailboxAcl {
    pb::MailboxAcl {
        owner: acl.owner.clone(),
        mailbox: acl.mailbox.clone(),
        entries: acl
            .entries
            .iter()
            .map(|e| pb::MailboxAclEntry {
                id: e.id.clone(),
                global: e.global,
                rights: e.rights.iter().map(|r| mailbox_right(*r) as i32).collect(),
            })
            .collect(),
    }
}

/// The proto answer of an expunge.
pub fn expunge_report(report: &ExpungeReport) -> pb::ExpungeMessagesResponse {
    let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    pb::ExpungeMessagesResponse {
        folders: report
            .folders
            .iter()
            .map(|f| pb::ExpungedFolder {
                owner: f.owner.clone(),
                mailbox: f.mailbox.clone(),
                count: count(f.count),
                mailbox_guid: f.mailbox_guid.clone(),
            })
            .collect(),
        total: count(report.total),
        dry_run: report.dry_run,
    }
}

/// The proto answer of a recall.
pub fn recall_report(report: &RecallReport) -> pb::RecallMessageResponse {
    pb::RecallMessageResponse {
        results: report
            .results
            .iter()
            .map(|r| pb::RecallResult {
                mailbox: r.mailbox.clone(),
                outcome: match r.outcome {
                    RecallOutcome::Recalled => pb::RecallOutcome::Recalled,
                    RecallOutcome::ReadKept => pb::RecallOutcome::ReadKept,
                    RecallOutcome::NotFound => pb::RecallOutcome::NotFound,
                } as i32,
                recalled: i32::try_from(r.recalled).unwrap_or(i32::MAX),
                kept: i32::try_from(r.kept).unwrap_or(i32::MAX),
            })
            .collect(),
        notified: report.notified,
    }
}

/// The proto message of a quota.
pub fn mailbox_quota(owner: &str, quota: &MailboxQuota) -> pb::MailboxQuota {
    pb::MailboxQuota {
        owner: owner.to_owned(),
        storage_used_bytes: quota.storage_used_bytes,
        storage_limit_bytes: quota.storage_limit_bytes,
        messages_used: quota.messages_used,
        messages_limit: quota.messages_limit,
    }
}

/// A total count as the proto's `int32 total_size`.
pub fn total_size(total: u64) -> i32 {
    i32::try_from(total).unwrap_or(i32::MAX)
}

/// The options of an import.
pub fn import_options(options: &pb::ImportOptions) -> Result<crate::service::backup::ImportOptions> {
    use crate::service::backup::ImportMode;
    let mode = match pb::ImportMode::try_from(options.mode) {
        Ok(pb::ImportMode::AddMissing) => ImportMode::AddMissing,
        Ok(pb::ImportMode::Replace) => ImportMode::Replace,
        _ => return Err(Error::invalid("options.mode", "IMPORT_MODE_ADD_MISSING or IMPORT_MODE_REPLACE")),
    };
    let resume_id = Some(options.resume_id.trim().to_owned()).filter(|id| !id.is_empty());
    Ok(crate::service::backup::ImportOptions { mode, dry_run: options.dry_run, resume_id })
}

/// Progress of an import.
pub fn import_progress(progress: &crate::service::backup::ImportProgress) -> pb::ImportProgress {
    pb::ImportProgress {
        import_id: progress.import_id.clone(),
        entries_read: progress.entries_read,
        added: progress.added,
        replaced: progress.replaced,
        unchanged: progress.unchanged,
        done: progress.done,
    }
}

/// A user's picture; the JPEG itself only when `with_image`.
pub fn avatar(tenant_id: &str, mail: &str, avatar: &crate::domain::avatar::Avatar, with_image: bool) -> pb::UserAvatar {
    pb::UserAvatar {
        tenant_id: tenant_id.to_owned(),
        mail: mail.trim().to_lowercase(),
        image: if with_image { avatar.jpeg.clone() } else { Vec::new() },
        content_type: "image/jpeg".into(),
        width: i32::try_from(avatar.width).unwrap_or(i32::MAX),
        height: i32::try_from(avatar.height).unwrap_or(i32::MAX),
        etag: avatar.etag(),
        update_time: Some(timestamp(avatar.updated_at)),
    }
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
    fn masks_of_directory_objects() {
        let mask = |paths: &[&str]| Some(FieldMask { paths: paths.iter().map(|p| p.to_string()).collect() });
        assert_eq!(
            resource_fields(mask(&["resource.city", "display_name", "city"])).unwrap(),
            [ResourceField::City, ResourceField::DisplayName]
        );
        assert_eq!(resource_fields(mask(&["*"])).unwrap(), ResourceField::ALL);
        let refused = resource_fields(mask(&["mail"])).unwrap_err();
        assert!(matches!(refused, Error::InvalidArgument(v) if v[0].field == "resource.mail"));
        assert!(resource_fields(mask(&["colour"])).is_err());
        assert_eq!(web_domain_fields(mask(&["certificate_pem"])).unwrap(), (false, true));
        assert_eq!(web_domain_fields(mask(&["*"])).unwrap(), (true, true));
        assert!(mail_domain_fields(mask(&["is_default"])).is_err());
        assert_eq!(mail_list_fields(None).unwrap(), []);
    }

    #[test]
    fn mail_requests() {
        assert_eq!(mailbox_rights_from(&[1, 11]).unwrap(), [MailboxRight::Lookup, MailboxRight::Admin]);
        assert!(mailbox_rights_from(&[0]).is_err());
        assert!(mailbox_rights_from(&[12]).is_err());
        assert_eq!(message_part_from(2).unwrap(), Some(MessagePart::Headers));
        assert!(message_part_from(7).is_err());
        let query = mail_query(Some(pb::MessageQuery {
            subject: "x".into(),
            header: Some(pb::HeaderMatch::default()),
            seen: Some(false),
            ..Default::default()
        }))
        .unwrap();
        assert_eq!(query, MailQuery { subject: Some("x".into()), seen: Some(false), ..Default::default() });
        let all = Some(pb::MailboxOwners { owners: Some(pb::mailbox_owners::Owners::AllUsers(true)) });
        assert_eq!(owners_input(all), OwnersInput::AllUsers);
    }

    #[test]
    fn unknown_enum_numbers_are_refused() {
        assert!(role_from(9, "user.role").is_err());
        assert_eq!(role_from(0, "user.role").unwrap(), None);
        assert_eq!(status_from(1, "user.status").unwrap(), Some(UserStatus::Blocked));
    }
}
