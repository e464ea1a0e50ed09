//! `/v2/users` (guide §2.4–2.11): create with form fields (tables 2 and 3),
//! read (quota in kilobytes), list with `search`, `page`, `sort`, `orderby`,
//! JSON-Patch updates (attributes, `/alias`, `/alias/<addr>`,
//! `/userPassword`, `/inetUserStatus`, `/quota` in bytes) including the
//! `isAdmin: webAdminSolo` full-replace behaviour of §2.10.2, and delete.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, RawQuery, State, rejection::BytesRejection},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::{LegacyErrors, PatchOperation};
use crate::domain::page_token;
use crate::pb::{self, user_service_server::UserService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError, Success, success},
    input::{FieldValue, Fields, Legacy, PatchKind, body, parse_patch, query},
};

/// Header and value of the admin panel's full-form updates (§2.10.2).
const SOLO_HEADER: (&str, &str) = ("isAdmin", "webAdminSolo");

/// Proto field path → legacy attribute, for error bodies.
const NAMES: FieldNames = &[
    ("user.mail", "mail"),
    ("user.tenant_id", "tenant-id"),
    ("user.alternate_address", "mailAlternateAddress"),
    ("user.password", "userPassword"),
    ("user.role", "employeeNumber"),
    ("user.given_name", "cn"),
    ("user.surname", "sn"),
    ("user.address_book_visibility", "employeeType"),
    ("user.middle_name", "initials"),
    ("user.department", "ou"),
    ("user.title", "title"),
    ("user.aliases", "alias"),
    ("user.description", "description"),
    ("user.home_phone", "homePhone"),
    ("user.work_phone", "telephoneNumber"),
    ("user.city", "l"),
    ("user.telegram", "telegram"),
    ("user.skype", "skype"),
    ("user.quota_bytes", "quota"),
    ("user.display_name", "displayName"),
    ("user.status", "inetUserStatus"),
    ("user.lang", "lang"),
    ("add_aliases", "alias"),
    ("remove_aliases", "alias"),
    ("tenant_id", "tenant-id"),
    ("order_by", "orderby"),
    ("page_size", "page_size"),
    ("skip", "page"),
];

/// Legacy attributes a request may set (mail and tenant-id come from the URL).
pub(super) const ATTRIBUTES: &[&str] = &[
    "mailAlternateAddress",
    "userPassword",
    "employeeNumber",
    "cn",
    "sn",
    "employeeType",
    "initials",
    "ou",
    "title",
    "alias",
    "description",
    "homePhone",
    "telephoneNumber",
    "l",
    "telegram",
    "skype",
    "quota",
    "displayName",
    "inetUserStatus",
    "lang",
];

fn fail(status: tonic::Status) -> LegacyError {
    LegacyError::from_status(&status, NAMES)
}

fn parse_int(attr: &str, text: &str) -> Result<Option<i64>, LegacyError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| LegacyError::invalid(attr, format!("{attr} must be a whole number")))
}

/// Sets one legacy attribute on a proto user; returns the proto field name
/// (for an update mask).
fn set_attribute(user: &mut pb::User, attr: &str, value: &FieldValue) -> Result<&'static str, LegacyError> {
    let text = value.text();
    let field = match attr {
        "mailAlternateAddress" => {
            user.alternate_address = text;
            "alternate_address"
        }
        "userPassword" => {
            user.password = text;
            "password"
        }
        "employeeNumber" => {
            // The legacy role numbers are the proto's.
            user.role = parse_int(attr, &text)?.map_or(0, |n| i32::try_from(n).unwrap_or(-1));
            "role"
        }
        "inetUserStatus" => {
            user.status = match parse_int(attr, &text)? {
                None => pb::UserStatus::Unspecified,
                Some(0) => pb::UserStatus::Blocked,
                Some(1) => pb::UserStatus::Active,
                Some(2) => pb::UserStatus::AgreementPending,
                Some(_) => return Err(LegacyError::invalid(attr, "inetUserStatus must be 0, 1 or 2")),
            } as i32;
            "status"
        }
        "employeeType" => {
            user.address_book_visibility = parse_int(attr, &text)?.map(|n| i32::try_from(n).unwrap_or(-1));
            "address_book_visibility"
        }
        "quota" => {
            if !text.trim().chars().all(|c| c.is_ascii_digit()) {
                return Err(LegacyError::invalid(attr, "quota must be a number of bytes (digits only)"));
            }
            user.quota_bytes = parse_int(attr, &text)?;
            "quota_bytes"
        }
        "alias" => {
            user.aliases = value.list();
            "aliases"
        }
        "cn" => {
            user.given_name = text;
            "given_name"
        }
        "sn" => {
            user.surname = text;
            "surname"
        }
        "initials" => {
            user.middle_name = text;
            "middle_name"
        }
        "ou" => {
            user.department = text;
            "department"
        }
        "title" => {
            user.title = text;
            "title"
        }
        "description" => {
            user.description = text;
            "description"
        }
        "homePhone" => {
            user.home_phone = text;
            "home_phone"
        }
        "telephoneNumber" => {
            user.work_phone = text;
            "work_phone"
        }
        "l" => {
            user.city = text;
            "city"
        }
        "telegram" => {
            user.telegram = text;
            "telegram"
        }
        "skype" => {
            user.skype = text;
            "skype"
        }
        "displayName" => {
            user.display_name = text;
            "display_name"
        }
        "lang" => {
            user.lang = text;
            "lang"
        }
        "mail" | "tenant-id" => return Err(LegacyError::invalid(attr, format!("{attr} cannot be changed"))),
        other => return Err(LegacyError::invalid(other, format!("{other} is not a user attribute"))),
    };
    Ok(field)
}

/// A user as `/v2` shows it: the attribute names of the guide's tables 2
/// and 3, the quota in kilobytes (§2.9.2), `null` when the default quota
/// applies.
#[derive(Serialize, ToSchema)]
pub struct LegacyUser {
    /// The login address.
    mail: String,
    #[serde(rename = "tenant-id")]
    tenant_id: String,
    /// The alternate (recovery) address.
    #[serde(rename = "mailAlternateAddress")]
    alternate_address: String,
    /// The role: 1 tenant admin, 2 user, 3 superadmin (the guide's numbers).
    #[schema(minimum = 1, maximum = 3)]
    #[serde(rename = "employeeNumber")]
    role: i32,
    /// Given name.
    cn: String,
    /// Surname.
    sn: String,
    /// Address-book visibility (README, "The address book").
    #[serde(rename = "employeeType")]
    address_book_visibility: Option<i32>,
    /// Middle name.
    initials: String,
    /// Department.
    ou: String,
    title: String,
    /// The aliases.
    alias: Vec<String>,
    description: String,
    #[serde(rename = "homePhone")]
    home_phone: String,
    #[serde(rename = "telephoneNumber")]
    work_phone: String,
    /// City.
    l: String,
    telegram: String,
    skype: String,
    /// Kilobytes; `null`: the default quota.
    quota: Option<i64>,
    #[serde(rename = "displayName")]
    display_name: String,
    /// 0 blocked, 1 active, 2 awaiting the user's agreement.
    #[serde(rename = "inetUserStatus")]
    #[schema(minimum = 0, maximum = 2)]
    status: u8,
    lang: String,
}

impl From<&pb::User> for LegacyUser {
    fn from(user: &pb::User) -> Self {
        Self {
            mail: user.mail.clone(),
            tenant_id: user.tenant_id.clone(),
            alternate_address: user.alternate_address.clone(),
            role: user.role,
            cn: user.given_name.clone(),
            sn: user.surname.clone(),
            address_book_visibility: user.address_book_visibility,
            initials: user.middle_name.clone(),
            ou: user.department.clone(),
            title: user.title.clone(),
            alias: user.aliases.clone(),
            description: user.description.clone(),
            home_phone: user.home_phone.clone(),
            work_phone: user.work_phone.clone(),
            l: user.city.clone(),
            telegram: user.telegram.clone(),
            skype: user.skype.clone(),
            quota: user.quota_bytes.map(|bytes| bytes / 1024),
            display_name: user.display_name.clone(),
            status: match pb::UserStatus::try_from(user.status) {
                Ok(pb::UserStatus::Blocked) => 0,
                Ok(pb::UserStatus::Active) => 1,
                _ => 2,
            },
            lang: user.lang.clone(),
        }
    }
}

/// A page of users.
#[derive(Serialize, ToSchema)]
pub struct UserPage {
    users: Vec<LegacyUser>,
    /// Users matching the search, on every page.
    total: i32,
    /// This page's number, from 1.
    page: i64,
    page_size: i32,
}

/// The parameters of `PUT /v2/users/{tenant_id}/{mail}` (a form or a JSON
/// object): tables 2 and 3 of the guide. Numbers may be written as text.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::Fields reads (ATTRIBUTES)")]
pub struct UserFields {
    #[serde(rename = "mailAlternateAddress")]
    #[schema(format = Email)]
    alternate_address: Option<String>,
    /// The password (also the IMAP password). Never shown again.
    #[serde(rename = "userPassword")]
    #[schema(format = Password)]
    password: Option<String>,
    /// 1 tenant admin, 2 user (also 0 or empty), 3 superadmin.
    #[serde(rename = "employeeNumber")]
    #[schema(minimum = 0, maximum = 3)]
    role: Option<i32>,
    cn: Option<String>,
    sn: Option<String>,
    #[serde(rename = "employeeType")]
    #[schema(minimum = 0, maximum = 3)]
    address_book_visibility: Option<i32>,
    initials: Option<String>,
    ou: Option<String>,
    title: Option<String>,
    /// One address, a comma-separated list, or a JSON array.
    alias: Option<Vec<String>>,
    description: Option<String>,
    #[serde(rename = "homePhone")]
    home_phone: Option<String>,
    #[serde(rename = "telephoneNumber")]
    work_phone: Option<String>,
    l: Option<String>,
    telegram: Option<String>,
    skype: Option<String>,
    /// Bytes (read back in kilobytes).
    #[schema(minimum = 0)]
    quota: Option<i64>,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    /// 0 blocked, 1 active, 2 awaiting the user's agreement.
    #[serde(rename = "inetUserStatus")]
    #[schema(minimum = 0, maximum = 2)]
    status: Option<i32>,
    lang: Option<String>,
}

/// `PUT /v2/users/{tenant_id}/{mail}`: create a user from form fields.
#[utoipa::path(put, path = "/v2/users/{tenant_id}/{mail}", tag = "users", operation_id = "createUser",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The user's address")),
    request_body(content(
        (UserFields = "application/x-www-form-urlencoded"),
        (UserFields = "application/json"),
    )),
    responses((status = 200, description = "Created", body = Success), LegacyErrors))]
pub async fn create(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    let mut user = pb::User { tenant_id: tenant_id.clone(), mail: mail.clone(), ..Default::default() };
    for (attr, value) in &fields.0 {
        match attr.as_str() {
            // Repeating the URL's values in the body is harmless; contradicting them is not.
            "mail" if value.text().eq_ignore_ascii_case(&mail) => {}
            "tenant-id" if value.text() == tenant_id => {}
            _ => {
                set_attribute(&mut user, attr, value)?;
            }
        }
    }
    gw.users.create_user(legacy.grpc("CreateUser", pb::CreateUserRequest { user: Some(user) })).await.map_err(fail)?;
    Ok(success())
}

/// `GET /v2/users/{tenant_id}/{mail}`.
#[utoipa::path(get, path = "/v2/users/{tenant_id}/{mail}", tag = "users", operation_id = "getUser",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The user's address")),
    responses((status = 200, description = "The user", body = LegacyUser), LegacyErrors))]
pub async fn get(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let user = gw
        .users
        .get_user(legacy.grpc("GetUser", pb::GetUserRequest { tenant_id, mail }))
        .await
        .map_err(fail)?
        .into_inner();
    Ok(Json(LegacyUser::from(&user)).into_response())
}

/// `GET /v2/users/{tenant_id}?search=&page=&sort=&orderby=`: a page of users
/// and the total: `{"users": [...], "total": N, "page": P, "page_size": S}`.
#[utoipa::path(get, path = "/v2/users/{tenant_id}", tag = "users", operation_id = "listUsers",
    params(
        ("tenant_id" = String, Path, description = "The tenant"),
        ("search" = Option<String>, Query, description = "A part of the address or the names"),
        ("page" = Option<i64>, Query, minimum = 1, description = "The page, from 1"),
        ("page_size" = Option<i32>, Query, minimum = 0, description = "0: the default; more than the maximum: the maximum"),
        ("sort" = Option<String>, Query, pattern = "^[01]?$", description = "0 ascending, 1 descending"),
        ("orderby" = Option<String>, Query, pattern = "^(mail|cn|sn)?$", description = "mail, cn or sn"),
    ),
    responses((status = 200, description = "A page of users", body = UserPage), LegacyErrors))]
pub async fn list(
    State(gw): State<Gateway>,
    Path(tenant_id): Path<String>,
    RawQuery(raw_query): RawQuery,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let (mut page, mut page_size, mut search, mut descending, mut order) =
        (1i64, page_token::DEFAULT_PAGE_SIZE as i32, String::new(), false, "mail");
    for (key, value) in query(raw_query.as_deref()) {
        match key.as_str() {
            "page" => {
                page = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|p| *p >= 1)
                    .ok_or_else(|| LegacyError::invalid("page", "page must be a whole number from 1"))?;
            }
            "page_size" => {
                // The API's one rule (AIP-158): 0 is the default, more than the
                // maximum is the maximum, negative is refused.
                let requested: i32 = value
                    .trim()
                    .parse()
                    .map_err(|_| LegacyError::invalid("page_size", "page_size must be a whole number"))?;
                page_size = page_token::page_size(requested)
                    .map_err(|e| LegacyError::invalid("page_size", format!("page_size {e}")))?
                    as i32;
            }
            "search" => search = value,
            "sort" => {
                descending = match value.trim() {
                    "" | "0" => false,
                    "1" => true,
                    _ => return Err(LegacyError::invalid("sort", "sort must be 0 (ascending) or 1 (descending)")),
                };
            }
            "orderby" => {
                order = match value.trim() {
                    "" | "mail" => "mail",
                    "cn" => "given_name",
                    "sn" => "surname",
                    _ => return Err(LegacyError::invalid("orderby", "orderby must be mail, cn or sn")),
                };
            }
            "tenant-id" => {}
            other => return Err(LegacyError::invalid(other, format!("{other} is not a parameter of this request"))),
        }
    }
    let skip = (page - 1).saturating_mul(i64::from(page_size));
    let request = pb::ListUsersRequest {
        tenant_id,
        page_size,
        page_token: String::new(),
        skip: i32::try_from(skip).map_err(|_| LegacyError::invalid("page", "page is too large"))?,
        search,
        order_by: if descending { format!("{order} desc") } else { order.to_owned() },
    };
    let answer = gw.users.list_users(legacy.grpc("ListUsers", request)).await.map_err(fail)?.into_inner();
    Ok(Json(UserPage {
        users: answer.users.iter().map(LegacyUser::from).collect(),
        total: answer.total_size,
        page,
        page_size,
    })
    .into_response())
}

/// `PATCH /v2/users/{tenant_id}/{mail}` with a JSON-Patch document.
///
/// `add`/`replace` of an attribute sets it, `remove` clears it; `add` of
/// `/alias` adds aliases (one address, a comma-separated list or an array),
/// `replace` of `/alias` sets the whole list, `remove` of `/alias/<addr>`
/// removes one and of `/alias` all. With the header `isAdmin: webAdminSolo`
/// the patch is the whole profile: every optional attribute it does not
/// name is cleared, and an empty `/alias` removes all aliases.
#[utoipa::path(patch, path = "/v2/users/{tenant_id}/{mail}", tag = "users", operation_id = "updateUser",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The user's address"),
        ("isAdmin" = Option<String>, Header, pattern = "^(webAdminSolo)?$",
         description = "webAdminSolo: the patch is the whole profile (§2.10.2)")),
    request_body(content(
        (Vec<PatchOperation> = "application/json-patch+json"),
        (Vec<PatchOperation> = "application/json"),
    )),
    responses((status = 200, description = "Changed", body = Success), LegacyErrors))]
pub async fn patch(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let solo = legacy.header_is(SOLO_HEADER.0, SOLO_HEADER.1);
    let mut user = pb::User { tenant_id, mail, ..Default::default() };
    let mut paths: Vec<String> = Vec::new();
    let (mut add_aliases, mut remove_aliases) = (Vec::new(), Vec::new());
    for op in parse_patch(&body(raw)?)? {
        let value = FieldValue::from_json(&op.value);
        match (op.kind, op.path.as_slice()) {
            (PatchKind::Add, [attr]) if attr == "alias" && !solo => add_aliases.extend(value.list()),
            (PatchKind::Add | PatchKind::Replace, [attr, address]) if attr == "alias" => {
                add_aliases.push(address.clone())
            }
            (PatchKind::Remove, [attr, address]) if attr == "alias" => remove_aliases.push(address.clone()),
            (kind, [attr]) if ATTRIBUTES.contains(&attr.as_str()) || attr == "mail" || attr == "tenant-id" => {
                let value = if kind == PatchKind::Remove { FieldValue::Text(String::new()) } else { value };
                let field = set_attribute(&mut user, attr, &value)?;
                paths.push(field.to_owned());
            }
            (_, [attr]) => return Err(LegacyError::invalid(attr, format!("{attr} is not a user attribute"))),
            _ => return Err(LegacyError::invalid("path", format!("/{} is not a user attribute", op.path.join("/")))),
        }
    }
    if solo {
        paths = vec!["*".to_owned()];
    }
    let request = pb::UpdateUserRequest {
        user: Some(user),
        update_mask: Some(prost_types::FieldMask { paths }),
        add_aliases,
        remove_aliases,
    };
    gw.users.update_user(legacy.grpc("UpdateUser", request)).await.map_err(fail)?;
    Ok(success())
}

/// `DELETE /v2/users/{tenant_id}/{mail}`: soft delete (§2.8).
#[utoipa::path(delete, path = "/v2/users/{tenant_id}/{mail}", tag = "users", operation_id = "deleteUser",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The user's address")),
    responses((status = 200, description = "Deleted", body = Success), LegacyErrors))]
pub async fn delete(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    gw.users.delete_user(legacy.grpc("DeleteUser", pb::DeleteUserRequest { tenant_id, mail })).await.map_err(fail)?;
    Ok(success())
}
