//! `/scim/v2/Users` ↔ the users of the key's tenant (README "Provisioning
//! with SCIM").
//!
//! | SCIM | pbm |
//! |---|---|
//! | `id`, `userName` | the primary address (`mail`); `userName` cannot change |
//! | `externalId` | kept beside the user, unique in the tenant |
//! | `name.givenName`, `name.familyName`, `name.middleName` | `given_name`, `surname`, `middle_name` (`name.formatted` is read only) |
//! | `displayName`, `title`, `preferredLanguage` (or Okta's `locale`) | `display_name`, `title`, `lang` |
//! | `active` | false: blocked; true: active (a user who has not accepted the agreement yet stays so) |
//! | `emails` | the primary address (type `work`, primary) and the aliases (type `other`); every value but `userName` is an alias |
//! | `phoneNumbers` of type `work`, `home`, `mobile` | `work_phone`, `home_phone`, `mobile_phone` |
//! | `addresses` of type `work`: `locality` | `city` |
//! | enterprise `department` | `department` |
//! | `password` | write only; a user created without one gets a password nobody knows |
//!
//! Any other attribute with a value is refused (400 `invalidSyntax`),
//! rather than dropped: an empty one (`"roles": []`) is ignored. DELETE is
//! pbm's soft delete; creating a user deleted within the last 30 days
//! undeletes it and applies the request. The `ETag` is the user's last
//! change time; `If-Match` on PUT, PATCH and DELETE must match it (412).
//!
//! Listing: `filter` (see [`super::filter`]), `startIndex`, `count` (at
//! most [`super::MAX_COUNT`]), `attributes`, `excludedAttributes`. `userName
//! eq`, `id eq` and `externalId eq` are lookups; other filters read the
//! tenant's users. An unfiltered listing in sequence (startIndex 1, then
//! 1+count, …) continues from where the last page ended ([`PageCursors`]),
//! so a page costs the same at the end of a large tenant as at its start.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use axum::{
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use prost_types::FieldMask;
use serde_json::{Map, Value, json};

use super::discovery::USER_SCHEMA;
use super::error::{ScimError, ScimType};
use super::filter::{self, ENTERPRISE_USER, Filter};
use super::resource::{ExternalIds, Projection, check_if_match, list_response, paging, rfc3339, text, version};
use super::{Caller, MAX_COUNT, ScimState, json_body, patch, scim_json};
use crate::pb::{self, user_service_server::UserService as _};

/// Proto field path → SCIM attribute, for error details.
const ATTRIBUTES: &[(&str, &str)] = &[
    ("user.mail", "userName"),
    ("user.given_name", "name.givenName"),
    ("user.surname", "name.familyName"),
    ("user.middle_name", "name.middleName"),
    ("user.display_name", "displayName"),
    ("user.title", "title"),
    ("user.lang", "preferredLanguage"),
    ("user.department", ENTERPRISE_USER),
    ("user.work_phone", "phoneNumbers[type eq \"work\"]"),
    ("user.home_phone", "phoneNumbers[type eq \"home\"]"),
    ("user.mobile_phone", "phoneNumbers[type eq \"mobile\"]"),
    ("user.city", "addresses[type eq \"work\"].locality"),
    ("user.password", "password"),
    ("user.aliases", "emails"),
    ("user.status", "active"),
    ("external_id", "externalId"),
];

fn attribute_of(field: &str) -> String {
    ATTRIBUTES.iter().find(|(path, _)| *path == field).map_or_else(|| field.to_owned(), |(_, name)| (*name).to_owned())
}

fn fail(status: tonic::Status) -> ScimError {
    ScimError::from_status(&status, attribute_of)
}

/// The SCIM JSON of a user.
pub fn to_scim(user: &pb::User, external_id: Option<&str>, base: &str) -> Value {
    let mut emails = vec![json!({"value": user.mail, "type": "work", "primary": true})];
    emails.extend(user.aliases.iter().map(|alias| json!({"value": alias, "type": "other"})));
    let mut phones = Vec::new();
    for (kind, number) in [("work", &user.work_phone), ("home", &user.home_phone), ("mobile", &user.mobile_phone)] {
        if !number.is_empty() {
            phones.push(json!({"value": number, "type": kind}));
        }
    }
    let mut resource = json!({
        "schemas": [USER_SCHEMA, ENTERPRISE_USER],
        "id": user.mail,
        "userName": user.mail,
        "name": {
            "givenName": user.given_name,
            "familyName": user.surname,
            "formatted": format!("{} {}", user.given_name, user.surname).trim().to_owned(),
        },
        "displayName": user.display_name,
        "active": user.status() != pb::UserStatus::Blocked,
        "emails": emails,
        ENTERPRISE_USER: {"department": user.department},
        "meta": {
            "resourceType": "User",
            "created": rfc3339(user.create_time),
            "lastModified": rfc3339(user.update_time),
            "location": format!("{base}/Users/{}", user.mail),
            "version": version(user.update_time),
        },
    });
    let members = resource.as_object_mut().expect("an object");
    if let Some(id) = external_id {
        members.insert("externalId".into(), id.into());
    }
    if !user.middle_name.is_empty() {
        members["name"]["middleName"] = user.middle_name.clone().into();
    }
    for (name, value) in [("title", &user.title), ("preferredLanguage", &user.lang)] {
        if !value.is_empty() {
            members.insert(name.into(), value.clone().into());
        }
    }
    if !phones.is_empty() {
        members.insert("phoneNumbers".into(), phones.into());
    }
    if !user.city.is_empty() {
        members.insert("addresses".into(), json!([{"type": "work", "locality": user.city}]));
    }
    resource
}

/// What a SCIM User document sets.
#[derive(Debug, Default, PartialEq)]
struct UserDoc {
    user_name: String,
    external_id: Option<String>,
    given_name: String,
    surname: String,
    middle_name: String,
    display_name: String,
    title: String,
    lang: Option<String>,
    department: String,
    active: Option<bool>,
    aliases: Vec<String>,
    work_phone: String,
    home_phone: String,
    mobile_phone: String,
    city: String,
    password: Option<String>,
}

/// Top-level attributes a User document may carry (read-only ones are ignored).
const KNOWN: &[&str] = &[
    "schemas",
    "id",
    "meta",
    "groups",
    "externalId",
    "userName",
    "name",
    "displayName",
    "title",
    "preferredLanguage",
    "locale",
    "active",
    "password",
    "emails",
    "phoneNumbers",
    "addresses",
    ENTERPRISE_USER,
];

/// Whether a value carries nothing (an unsupported attribute sent empty is ignored).
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.iter().all(is_empty),
        Value::Object(members) => members.values().all(is_empty),
        _ => false,
    }
}

/// A boolean, also written as a string (Entra ID's `"True"`).
fn boolean(value: &Value, attribute: &str) -> Result<bool, ScimError> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ScimError::bad(ScimType::InvalidValue, format!("{attribute} must be true or false"))),
    }
}

/// The sub-attributes of a complex value; those other than `allowed` must be empty.
fn complex<'a>(value: &'a Value, attribute: &str, allowed: &[&str]) -> Result<&'a Map<String, Value>, ScimError> {
    let members = value
        .as_object()
        .ok_or_else(|| ScimError::bad(ScimType::InvalidValue, format!("{attribute} must be an object")))?;
    if let Some((name, _)) =
        members.iter().find(|(name, value)| !allowed.iter().any(|a| a.eq_ignore_ascii_case(name)) && !is_empty(value))
    {
        return Err(ScimError::bad(ScimType::InvalidSyntax, format!("pbm does not keep {attribute}.{name}")));
    }
    Ok(members)
}

/// The elements of a multi-valued attribute.
fn elements<'a>(value: &'a Value, attribute: &str) -> Result<Vec<&'a Map<String, Value>>, ScimError> {
    let items = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        _ => return Err(ScimError::bad(ScimType::InvalidValue, format!("{attribute} must be an array"))),
    };
    items.iter().map(|item| complex(item, attribute, &["value", "type", "primary", "display", "locality"])).collect()
}

fn from_scim(doc: &Value) -> Result<UserDoc, ScimError> {
    let members = doc.as_object().ok_or_else(|| ScimError::bad(ScimType::InvalidSyntax, "a User is a JSON object"))?;
    if let Some((name, _)) =
        members.iter().find(|(name, value)| !KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name)) && !is_empty(value))
    {
        return Err(ScimError::bad(ScimType::InvalidSyntax, format!("pbm does not keep the attribute {name}")));
    }
    let get = |name: &str| filter::field(doc, name);
    let mut user = UserDoc {
        user_name: text(get("userName"), "userName")?.trim().to_lowercase(),
        display_name: text(get("displayName"), "displayName")?,
        title: text(get("title"), "title")?,
        lang: Some(text(get("preferredLanguage"), "preferredLanguage")?).filter(|l| !l.is_empty()).or(Some(text(
            get("locale"),
            "locale",
        )?)
        .filter(|l| !l.is_empty())),
        external_id: Some(text(get("externalId"), "externalId")?).filter(|id| !id.is_empty()),
        password: Some(text(get("password"), "password")?).filter(|p| !p.is_empty()),
        active: get("active").filter(|v| !v.is_null()).map(|v| boolean(v, "active")).transpose()?,
        ..Default::default()
    };
    if user.user_name.is_empty() {
        return Err(ScimError::bad(ScimType::InvalidValue, "userName is required"));
    }
    if let Some(name) = get("name").filter(|v| !v.is_null()) {
        let name = complex(name, "name", &["givenName", "familyName", "middleName", "formatted"])?;
        let part = |sub: &str| text(filter::field(&Value::Object(name.clone()), sub), &format!("name.{sub}"));
        user.given_name = part("givenName")?;
        user.surname = part("familyName")?;
        user.middle_name = part("middleName")?;
    }
    if let Some(enterprise) = get(ENTERPRISE_USER).filter(|v| !v.is_null()) {
        complex(enterprise, ENTERPRISE_USER, &["department"])?;
        user.department = text(filter::field(enterprise, "department"), "department")?;
    }
    let mut aliases = BTreeSet::new();
    for email in elements(get("emails").unwrap_or(&Value::Null), "emails")? {
        let value = text(email.get("value"), "emails.value")?.trim().to_lowercase();
        if !value.is_empty() && value != user.user_name {
            aliases.insert(value);
        }
    }
    user.aliases = aliases.into_iter().collect();
    for phone in elements(get("phoneNumbers").unwrap_or(&Value::Null), "phoneNumbers")? {
        let number = text(phone.get("value"), "phoneNumbers.value")?;
        let kind = text(phone.get("type"), "phoneNumbers.type")?.to_ascii_lowercase();
        match kind.as_str() {
            _ if number.is_empty() => {}
            "work" => user.work_phone = number,
            "home" => user.home_phone = number,
            "mobile" => user.mobile_phone = number,
            other => {
                return Err(ScimError::bad(
                    ScimType::InvalidValue,
                    format!("pbm keeps work, home and mobile phones, not {other:?} ones"),
                ));
            }
        }
    }
    for address in elements(get("addresses").unwrap_or(&Value::Null), "addresses")? {
        let kind = text(address.get("type"), "addresses.type")?.to_ascii_lowercase();
        let city = text(address.get("locality"), "addresses.locality")?;
        if kind != "work" && !city.is_empty() {
            return Err(ScimError::bad(ScimType::InvalidValue, "pbm keeps the city of the work address only"));
        }
        if !city.is_empty() {
            user.city = city;
        }
    }
    Ok(user)
}

impl UserDoc {
    /// The proto user it describes, in `tenant_id`, keeping what SCIM does
    /// not map from `current`.
    fn to_proto(&self, tenant_id: &str, current: Option<&pb::User>) -> pb::User {
        let mut user = current.cloned().unwrap_or_default();
        user.tenant_id = tenant_id.to_owned();
        user.mail = self.user_name.clone();
        user.given_name = self.given_name.clone();
        user.surname = self.surname.clone();
        user.middle_name = self.middle_name.clone();
        user.display_name = self.display_name.clone();
        user.title = self.title.clone();
        if let Some(lang) = &self.lang {
            user.lang = lang.clone();
        }
        user.department = self.department.clone();
        user.work_phone = self.work_phone.clone();
        user.home_phone = self.home_phone.clone();
        user.mobile_phone = self.mobile_phone.clone();
        user.city = self.city.clone();
        user.aliases = self.aliases.clone();
        user.password = self.password.clone().unwrap_or_default();
        let current_status = current.map_or(pb::UserStatus::Unspecified, |u| u.status());
        user.set_status(match (self.active, current_status) {
            (Some(false), _) => pb::UserStatus::Blocked,
            (Some(true), pb::UserStatus::Blocked) => pb::UserStatus::Active,
            (_, status) => status,
        });
        user
    }
}

/// The update of `current` to `wanted`: the mask of what changed.
fn update_mask(current: &pb::User, wanted: &pb::User) -> Vec<String> {
    let mut mask = Vec::new();
    let mut differs = |changed: bool, field: &str| {
        if changed {
            mask.push(field.to_owned());
        }
    };
    differs(current.given_name != wanted.given_name, "given_name");
    differs(current.surname != wanted.surname, "surname");
    differs(current.middle_name != wanted.middle_name, "middle_name");
    differs(current.display_name != wanted.display_name, "display_name");
    differs(current.title != wanted.title, "title");
    differs(current.lang != wanted.lang, "lang");
    differs(current.department != wanted.department, "department");
    differs(current.work_phone != wanted.work_phone, "work_phone");
    differs(current.home_phone != wanted.home_phone, "home_phone");
    differs(current.mobile_phone != wanted.mobile_phone, "mobile_phone");
    differs(current.city != wanted.city, "city");
    differs(current.aliases != wanted.aliases, "aliases");
    differs(current.status != wanted.status, "status");
    differs(!wanted.password.is_empty(), "password");
    mask
}

/// The externalIds of users, as GetUser and UpdateUser.
fn ids<'a>(state: &'a ScimState, caller: &'a Caller, tenant_id: &'a str) -> ExternalIds<'a> {
    ExternalIds { state, caller, tenant_id, read: "GetUser", write: "UpdateUser" }
}

async fn get_user(state: &ScimState, caller: &Caller, tenant_id: &str, mail: &str) -> Result<pb::User, ScimError> {
    let request = pb::GetUserRequest { tenant_id: tenant_id.to_owned(), mail: mail.to_owned() };
    let user = state.users.get_user(caller.grpc("GetUser", request)).await.map_err(fail)?.into_inner();
    Ok(user)
}

/// `POST /Users`.
pub async fn create(State(state): State<ScimState>, caller: Caller, body: Bytes) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let doc = from_scim(&json_body(&body)?)?;
    ids(&state, &caller, &tenant_id).check_free(Some(&doc.user_name), doc.external_id.as_deref()).await?;
    let mut user = doc.to_proto(&tenant_id, None);
    if user.password.is_empty() {
        user.password = state.services.provisioning.unknowable_password();
    }
    let created =
        match state.users.create_user(caller.grpc("CreateUser", pb::CreateUserRequest { user: Some(user) })).await {
            Ok(created) => created.into_inner(),
            Err(status) if status.code() == tonic::Code::AlreadyExists => {
                // A user deleted within the last 30 days comes back with the request's values.
                let undelete = pb::UndeleteUserRequest { tenant_id: tenant_id.clone(), mail: doc.user_name.clone() };
                let Ok(restored) = state.users.undelete_user(caller.grpc("UndeleteUser", undelete)).await else {
                    return Err(fail(status));
                };
                let restored = restored.into_inner();
                update(&state, &caller, &restored, &doc.to_proto(&tenant_id, Some(&restored))).await?
            }
            Err(status) => return Err(fail(status)),
        };
    // A user brought back, or deleted other than through SCIM, may still carry an old externalId.
    let before = ids(&state, &caller, &tenant_id).of(&created.mail).await?;
    ids(&state, &caller, &tenant_id).save(&created.mail, before.as_deref(), doc.external_id.as_deref()).await?;
    Ok(scim_json(StatusCode::CREATED, to_scim(&created, doc.external_id.as_deref(), &caller.base_url())))
}

/// Applies `wanted` to `current` (only what changed).
async fn update(
    state: &ScimState,
    caller: &Caller,
    current: &pb::User,
    wanted: &pb::User,
) -> Result<pb::User, ScimError> {
    let mask = update_mask(current, wanted);
    if mask.is_empty() {
        return Ok(current.clone());
    }
    let request = pb::UpdateUserRequest {
        user: Some(wanted.clone()),
        update_mask: Some(FieldMask { paths: mask }),
        ..Default::default()
    };
    Ok(state.users.update_user(caller.grpc("UpdateUser", request)).await.map_err(fail)?.into_inner())
}

/// The `{id}` of a path, as pbm keys users.
fn user_id(id: &str) -> String {
    id.trim().to_lowercase()
}

/// `GET /Users/{id}`.
pub async fn get(
    State(state): State<ScimState>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let projection = Projection::parse(query.as_deref())?;
    let user = get_user(&state, &caller, &tenant_id, &user_id(&id)).await?;
    let external_id = ids(&state, &caller, &tenant_id).of(&user.mail).await?;
    let resource = to_scim(&user, external_id.as_deref(), &caller.base_url());
    Ok(scim_json(StatusCode::OK, projection.apply(resource)))
}

/// `PUT /Users/{id}`: the user becomes what the body says (what SCIM does not map is kept).
pub async fn replace(
    State(state): State<ScimState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let current = get_user(&state, &caller, &tenant_id, &user_id(&id)).await?;
    check_if_match(&headers, &version(current.update_time))?;
    let doc = from_scim(&json_body(&body)?)?;
    write(&state, &caller, &tenant_id, &current, doc).await
}

/// `PATCH /Users/{id}`.
pub async fn patch(
    State(state): State<ScimState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let current = get_user(&state, &caller, &tenant_id, &user_id(&id)).await?;
    check_if_match(&headers, &version(current.update_time))?;
    let external_id = ids(&state, &caller, &tenant_id).of(&current.mail).await?;
    let mut resource = to_scim(&current, external_id.as_deref(), &caller.base_url());
    patch::apply(&mut resource, &json_body(&body)?)?;
    let doc = from_scim(&resource)?;
    write(&state, &caller, &tenant_id, &current, doc).await
}

/// Stores `doc` over `current` (PUT and PATCH).
async fn write(
    state: &ScimState,
    caller: &Caller,
    tenant_id: &str,
    current: &pb::User,
    doc: UserDoc,
) -> Result<Response, ScimError> {
    if doc.user_name != current.mail {
        return Err(ScimError::bad(ScimType::Mutability, "userName cannot change: it is the mailbox's address"));
    }
    let external_id = ids(state, caller, tenant_id).of(&current.mail).await?;
    ids(state, caller, tenant_id).check_free(Some(&current.mail), doc.external_id.as_deref()).await?;
    let updated = update(state, caller, current, &doc.to_proto(tenant_id, Some(current))).await?;
    ids(state, caller, tenant_id).save(&current.mail, external_id.as_deref(), doc.external_id.as_deref()).await?;
    Ok(scim_json(StatusCode::OK, to_scim(&updated, doc.external_id.as_deref(), &caller.base_url())))
}

/// `DELETE /Users/{id}`: pbm's soft delete (undone by creating the user again within 30 days).
pub async fn delete(
    State(state): State<ScimState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let current = get_user(&state, &caller, &tenant_id, &user_id(&id)).await?;
    check_if_match(&headers, &version(current.update_time))?;
    let external_id = ids(&state, &caller, &tenant_id).of(&current.mail).await?;
    let request = pb::DeleteUserRequest { tenant_id: tenant_id.clone(), mail: current.mail.clone() };
    state.users.delete_user(caller.grpc("DeleteUser", request)).await.map_err(fail)?;
    // The externalId goes with the user (a deleted user's would be free anyway).
    ids(&state, &caller, &tenant_id).save(&current.mail, external_id.as_deref(), None).await?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// Where sequential unfiltered listings continue: (tenant, startIndex,
/// count) → the page token of the page starting there. A listing that
/// jumps, or whose entry expired, skips rows instead (its cost grows with
/// `startIndex`).
#[derive(Debug, Default)]
pub struct PageCursors {
    next: HashMap<(String, usize, usize), (String, Instant)>,
}

/// How long a listing's next page is remembered.
const CURSOR_TTL: Duration = Duration::from_secs(600);
/// The most listings remembered at once.
const MAX_CURSORS: usize = 1000;

impl PageCursors {
    fn take(&mut self, key: &(String, usize, usize)) -> Option<String> {
        self.next.remove(key).filter(|(_, at)| at.elapsed() < CURSOR_TTL).map(|(token, _)| token)
    }

    fn put(&mut self, key: (String, usize, usize), token: String) {
        if self.next.len() >= MAX_CURSORS {
            self.next.retain(|_, (_, at)| at.elapsed() < CURSOR_TTL);
            if self.next.len() >= MAX_CURSORS {
                self.next.clear();
            }
        }
        self.next.insert(key, (token, Instant::now()));
    }
}

/// `GET /Users`.
pub async fn list(
    State(state): State<ScimState>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let pairs = crate::rest::input::query(query.as_deref());
    let (start, count) = paging(&pairs)?;
    let projection = Projection::parse(query.as_deref())?;
    let filter = match pairs.iter().find(|(k, _)| k == "filter") {
        Some((_, text)) => Some(filter::parse(text).map_err(|e| ScimError::bad(ScimType::InvalidFilter, e))?),
        None => None,
    };
    let base = caller.base_url();
    let (total, page) = match &filter {
        None => unfiltered_page(&state, &caller, &tenant_id, start, count, &base).await?,
        Some(filter) => {
            let matches = matching(&state, &caller, &tenant_id, filter, &base).await?;
            let total = matches.len();
            (total, matches.into_iter().skip(start - 1).take(count).collect())
        }
    };
    let resources: Vec<Value> = page.into_iter().map(|resource| projection.apply(resource)).collect();
    Ok(scim_json(StatusCode::OK, list_response(start, total, resources)))
}

/// The SCIM JSON of `users`, with their externalIds.
async fn resources_of(
    state: &ScimState,
    caller: &Caller,
    tenant_id: &str,
    users: &[pb::User],
    base: &str,
) -> Result<Vec<Value>, ScimError> {
    let mails: Vec<String> = users.iter().map(|u| u.mail.clone()).collect();
    let known = ids(state, caller, tenant_id).of_many(&mails).await?;
    Ok(users.iter().map(|user| to_scim(user, known.get(&user.mail).map(String::as_str), base)).collect())
}

/// One page of the tenant's users in address order, and their number.
async fn unfiltered_page(
    state: &ScimState,
    caller: &Caller,
    tenant_id: &str,
    start: usize,
    count: usize,
    base: &str,
) -> Result<(usize, Vec<Value>), ScimError> {
    let key = (tenant_id.to_owned(), start, count);
    let token = if start == 1 { None } else { state.cursors.lock().unwrap_or_else(|e| e.into_inner()).take(&key) };
    let mut request = pb::ListUsersRequest {
        tenant_id: tenant_id.to_owned(),
        page_size: i32::try_from(count.max(1)).unwrap_or(1),
        ..Default::default()
    };
    match token {
        Some(token) => request.page_token = token,
        None => request.skip = i32::try_from(start - 1).unwrap_or(i32::MAX),
    }
    let page = state.users.list_users(caller.grpc("ListUsers", request)).await.map_err(fail)?.into_inner();
    let total = usize::try_from(page.total_size).unwrap_or(0);
    if count == 0 {
        return Ok((total, Vec::new()));
    }
    if !page.next_page_token.is_empty() {
        let next = (tenant_id.to_owned(), start + page.users.len(), count);
        state.cursors.lock().unwrap_or_else(|e| e.into_inner()).put(next, page.next_page_token);
    }
    Ok((total, resources_of(state, caller, tenant_id, &page.users, base).await?))
}

/// Every user of the tenant `filter` matches, in address order.
async fn matching(
    state: &ScimState,
    caller: &Caller,
    tenant_id: &str,
    filter: &Filter,
    base: &str,
) -> Result<Vec<Value>, ScimError> {
    // Lookups first: the filters identity providers send before every change.
    let by_name = filter.equality_on("userName").or_else(|| filter.equality_on("id")).map(user_id);
    let by_external_id = match filter.equality_on("externalId") {
        Some(external_id) => Some(ids(state, caller, tenant_id).owner(external_id).await?),
        None => None,
    };
    if let Some(mail) = by_name.or(by_external_id.clone().flatten()) {
        let request = pb::GetUserRequest { tenant_id: tenant_id.to_owned(), mail };
        return match state.users.get_user(caller.grpc("GetUser", request)).await {
            Ok(user) => {
                let resources = resources_of(state, caller, tenant_id, &[user.into_inner()], base).await?;
                Ok(resources.into_iter().filter(|r| filter.matches(r)).collect())
            }
            Err(status) if status.code() == tonic::Code::NotFound => Ok(Vec::new()),
            Err(status) => Err(fail(status)),
        };
    }
    if by_external_id.is_some() {
        return Ok(Vec::new());
    }
    // Any other filter reads the tenant's users, a thousand at a time.
    let mut matches = Vec::new();
    let mut token = String::new();
    loop {
        let request = pb::ListUsersRequest {
            tenant_id: tenant_id.to_owned(),
            page_size: i32::try_from(MAX_COUNT).unwrap_or(1000),
            page_token: std::mem::take(&mut token),
            ..Default::default()
        };
        let page = state.users.list_users(caller.grpc("ListUsers", request)).await.map_err(fail)?.into_inner();
        let resources = resources_of(state, caller, tenant_id, &page.users, base).await?;
        matches.extend(resources.into_iter().filter(|resource| filter.matches(resource)));
        if page.next_page_token.is_empty() {
            return Ok(matches);
        }
        token = page.next_page_token;
    }
}

#[cfg(test)]
mod tests {
    use axum::http::header;

    use super::*;

    fn user() -> pb::User {
        pb::User {
            tenant_id: "t".into(),
            mail: "ann@example.com".into(),
            given_name: "Ann".into(),
            surname: "Lee".into(),
            department: "Sales".into(),
            work_phone: "+1 555".into(),
            aliases: vec!["a@example.com".into()],
            status: pb::UserStatus::Active as i32,
            lang: "en-US".into(),
            city: "Paris".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_user_round_trips_through_its_scim_json() {
        let resource = to_scim(&user(), Some("ext-1"), "http://h/scim/v2");
        assert_eq!(resource["userName"], "ann@example.com");
        assert_eq!(resource["externalId"], "ext-1");
        assert_eq!(resource["meta"]["location"], "http://h/scim/v2/Users/ann@example.com");
        let doc = from_scim(&resource).unwrap();
        assert_eq!(doc.aliases, vec!["a@example.com".to_owned()]);
        assert_eq!(doc.active, Some(true));
        let back = doc.to_proto("t", Some(&user()));
        assert!(update_mask(&user(), &back).is_empty(), "{:?}", update_mask(&user(), &back));
    }

    #[test]
    fn unknown_attributes_with_values_are_refused_and_empty_ones_ignored() {
        let mut resource = to_scim(&user(), None, "http://h/scim/v2");
        resource["roles"] = json!([]);
        assert!(from_scim(&resource).is_ok());
        resource["nickName"] = json!("annie");
        let err = from_scim(&resource).unwrap_err();
        assert_eq!(err.body()["scimType"], "invalidSyntax");
        let mut resource = to_scim(&user(), None, "http://h/scim/v2");
        resource["phoneNumbers"] = json!([{"type": "fax", "value": "+1 999"}]);
        assert_eq!(from_scim(&resource).unwrap_err().body()["scimType"], "invalidValue");
    }

    #[test]
    fn active_maps_onto_the_status_without_accepting_the_agreement() {
        let mut pending = user();
        pending.set_status(pb::UserStatus::AgreementPending);
        let doc = UserDoc { user_name: "ann@example.com".into(), active: Some(true), ..Default::default() };
        assert_eq!(doc.to_proto("t", Some(&pending)).status(), pb::UserStatus::AgreementPending);
        let mut blocked = user();
        blocked.set_status(pb::UserStatus::Blocked);
        assert_eq!(doc.to_proto("t", Some(&blocked)).status(), pb::UserStatus::Active);
        let off = UserDoc { active: Some(false), ..doc };
        assert_eq!(off.to_proto("t", Some(&pending)).status(), pb::UserStatus::Blocked);
    }

    #[test]
    fn attributes_and_excluded_attributes_shape_the_answer() {
        let resource = to_scim(&user(), None, "http://h/scim/v2");
        let only = Projection::parse(Some("attributes=userName,name.givenName")).unwrap().apply(resource.clone());
        assert_eq!(only["name"], json!({"givenName": "Ann"}));
        assert!(only.get("emails").is_none() && only.get("id").is_some());
        let without = Projection::parse(Some("excludedAttributes=emails,name.formatted")).unwrap().apply(resource);
        assert!(without.get("emails").is_none());
        assert_eq!(without["name"], json!({"givenName": "Ann", "familyName": "Lee"}));
    }

    #[test]
    fn if_match_compares_versions() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MATCH, version(user().update_time).parse().unwrap());
        assert!(check_if_match(&headers, &version(user().update_time)).is_ok());
        headers.insert(header::IF_MATCH, "W/\"1.000000000\"".parse().unwrap());
        let mut changed = user();
        changed.update_time = Some(prost_types::Timestamp { seconds: 2, nanos: 0 });
        let stale = check_if_match(&headers, &version(changed.update_time)).unwrap_err();
        assert_eq!(stale.http_status(), StatusCode::PRECONDITION_FAILED);
    }
}
