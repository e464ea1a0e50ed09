//! `/v2/maillists` (guide §2.14): list a tenant's lists, read one, create
//! one (`PUT` with `alias` — the members, as the guide's JSON array
//! `alias="[\"a@x\", \"b@x\"]"`, a comma-separated list or one address —,
//! `displayName`, `employeeType`, `accessTo`), change it by JSON-Patch and
//! delete it.
//!
//! The `PATCH` answers at both `/v2/maillists?tenant-id=<t>&mail=<m>` (the
//! guide's form) and `/v2/maillists/{t}/{m}`. Its operations: `/displayName`;
//! `/newMail` (renames the list); `/employeeType`; `/accessTo` (`local_only`
//! closes the list to senders outside the installation, an empty value or
//! `remove` opens it — a `PATCH` that does not name `/accessTo` leaves it as
//! it is, rather than reading the guide's "send the request without the
//! parameter" as "every other change opens the list"); `add /alias` adds
//! members (an address, a list or an array), `add /alias/<addr>` adds one,
//! `remove /alias/<addr>` removes one, `replace /alias` sets all members and
//! `remove /alias` removes all. The guide's malformed body of §2.14.3 is
//! accepted as meant (see `input::parse_patch`).
//!
//! `accessTo` on `PUT`: absent or `local_only` — internal senders only (the
//! guide's default); empty — anyone may send to the list.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, RawQuery, State, rejection::BytesRejection},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::{LegacyErrors, PatchOperation};
use super::whole_listing;
use crate::domain::mail_list::LOCAL_ONLY;
use crate::pb::{self, mail_list_service_server::MailListService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError, Success, success},
    input::{FieldValue, Fields, Legacy, PatchKind, body, parse_patch, query, whole_number},
};

/// Proto field path → legacy attribute, for error bodies.
const NAMES: FieldNames = &[
    ("mail_list.tenant_id", "tenant-id"),
    ("mail_list.mail", "mail"),
    ("mail_list.display_name", "displayName"),
    ("mail_list.members", "alias"),
    ("mail_list.address_book_visibility", "employeeType"),
    ("mail_list.internal_only", "accessTo"),
    ("add_members", "alias"),
    ("remove_members", "alias"),
    ("new_mail", "newMail"),
    ("tenant_id", "tenant-id"),
    ("update_mask", "body"),
];

fn fail(status: tonic::Status) -> LegacyError {
    LegacyError::from_status(&status, NAMES)
}

/// `accessTo` as the internal-only flag: `local_only` → true, empty → false.
fn access_to(value: &str) -> Result<bool, LegacyError> {
    match value.trim() {
        LOCAL_ONLY => Ok(true),
        "" => Ok(false),
        _ => Err(LegacyError::invalid(
            "accessTo",
            "accessTo must be local_only (senders inside the installation only) or empty (anyone)",
        )),
    }
}

fn employee_type(text: &str) -> Result<Option<i32>, LegacyError> {
    Ok(whole_number("employeeType", text)?.map(|n| i32::try_from(n).unwrap_or(-1)))
}

/// The parameters a list's creation accepts.
pub(super) const CREATE_FIELDS: &[&str] = &["alias", "displayName", "employeeType", "accessTo"];

/// A mailing list as `/v2` shows it.
#[derive(Serialize, ToSchema)]
pub struct LegacyMailList {
    mail: String,
    #[serde(rename = "tenant-id")]
    tenant_id: String,
    #[serde(rename = "displayName")]
    display_name: String,
    /// The members.
    alias: Vec<String>,
    /// Address-book visibility (README, "The address book").
    #[serde(rename = "employeeType")]
    address_book_visibility: Option<i32>,
    /// `local_only`: senders inside the installation only; empty: anyone.
    #[serde(rename = "accessTo")]
    #[schema(pattern = "^(local_only)?$")]
    access_to: &'static str,
}

impl From<&pb::MailList> for LegacyMailList {
    fn from(list: &pb::MailList) -> Self {
        Self {
            mail: list.mail.clone(),
            tenant_id: list.tenant_id.clone(),
            display_name: list.display_name.clone(),
            alias: list.members.clone(),
            address_book_visibility: list.address_book_visibility,
            access_to: if list.internal_only.unwrap_or(true) { LOCAL_ONLY } else { "" },
        }
    }
}

/// The parameters of `PUT /v2/maillists/{tenant_id}/{mail}` (a form or a
/// JSON object).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::Fields reads (CREATE_FIELDS)")]
pub struct MailListFields {
    /// The members: one address, a comma-separated list, or a JSON array.
    alias: Option<Vec<String>>,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    #[serde(rename = "employeeType")]
    #[schema(minimum = 0, maximum = 3)]
    address_book_visibility: Option<i32>,
    /// `local_only` (the default): senders inside the installation only; empty: anyone.
    #[serde(rename = "accessTo")]
    #[schema(pattern = "^(local_only)?$")]
    access_to: Option<String>,
}

/// `GET /v2/maillists/{tenant_id}`: the tenant's lists, as an array.
#[utoipa::path(get, path = "/v2/maillists/{tenant_id}", tag = "maillists", operation_id = "listMailLists",
    params(("tenant_id" = String, Path, description = "The tenant")),
    responses((status = 200, description = "The tenant's lists", body = Vec<LegacyMailList>), LegacyErrors))]
pub async fn list(
    State(gw): State<Gateway>,
    Path(tenant_id): Path<String>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let (gw, legacy, tenant_id) = (&gw, &legacy, &tenant_id);
    whole_listing(
        |page_size, page_token| async move {
            let request = pb::ListMailListsRequest { tenant_id: tenant_id.clone(), page_size, page_token };
            let page =
                gw.mail_lists.list_mail_lists(legacy.grpc("ListMailLists", request)).await.map_err(fail)?.into_inner();
            Ok((page.mail_lists, page.next_page_token))
        },
        |item| LegacyMailList::from(item),
    )
    .await
}

/// `GET /v2/maillists/{tenant_id}/{mail}`.
#[utoipa::path(get, path = "/v2/maillists/{tenant_id}/{mail}", tag = "maillists", operation_id = "getMailList",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The list's address")),
    responses((status = 200, description = "The list", body = LegacyMailList), LegacyErrors))]
pub async fn get(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let list = gw
        .mail_lists
        .get_mail_list(legacy.grpc("GetMailList", pb::GetMailListRequest { tenant_id, mail }))
        .await
        .map_err(fail)?
        .into_inner();
    Ok(Json(LegacyMailList::from(&list)).into_response())
}

/// `PUT /v2/maillists/{tenant_id}/{mail}`: create a list.
#[utoipa::path(put, path = "/v2/maillists/{tenant_id}/{mail}", tag = "maillists", operation_id = "createMailList",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The list's address")),
    request_body(content(
        (MailListFields = "application/x-www-form-urlencoded"),
        (MailListFields = "application/json"),
    )),
    responses((status = 200, description = "Created", body = Success), LegacyErrors))]
pub async fn create(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(CREATE_FIELDS)?;
    let list = pb::MailList {
        tenant_id,
        mail,
        display_name: fields.text("displayName").unwrap_or_default(),
        members: fields.get("alias").map(FieldValue::list).unwrap_or_default(),
        address_book_visibility: employee_type(&fields.text("employeeType").unwrap_or_default())?,
        internal_only: fields.text("accessTo").as_deref().map(access_to).transpose()?,
        ..Default::default()
    };
    gw.mail_lists
        .create_mail_list(legacy.grpc("CreateMailList", pb::CreateMailListRequest { mail_list: Some(list) }))
        .await
        .map_err(fail)?;
    Ok(success())
}

/// `PATCH /v2/maillists?tenant-id=<tenant>&mail=<mail>` (the guide's form).
#[utoipa::path(patch, path = "/v2/maillists", tag = "maillists", operation_id = "updateMailListByQuery",
    params(("tenant-id" = String, Query, description = "The tenant"), ("mail" = String, Query, description = "The list's address")),
    request_body(content(
        (Vec<PatchOperation> = "application/json-patch+json"),
        (Vec<PatchOperation> = "application/json"),
    )),
    responses((status = 200, description = "Changed", body = Success), LegacyErrors))]
pub async fn patch_by_query(
    State(gw): State<Gateway>,
    RawQuery(raw_query): RawQuery,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let (mut tenant_id, mut mail) = (String::new(), String::new());
    for (key, value) in query(raw_query.as_deref()) {
        match key.as_str() {
            "tenant-id" => tenant_id = value,
            "mail" => mail = value,
            other => {
                return Err(LegacyError::invalid(other, format!("{other} is not a parameter of this request")));
            }
        }
    }
    let missing: Vec<(String, String)> = [("tenant-id", &tenant_id), ("mail", &mail)]
        .into_iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(name, _)| (name.to_owned(), format!("{name} is a required value")))
        .collect();
    if !missing.is_empty() {
        return Err(LegacyError::fields(missing));
    }
    update(gw, legacy, tenant_id, mail, raw).await
}

/// `PATCH /v2/maillists/{tenant_id}/{mail}`.
#[utoipa::path(patch, path = "/v2/maillists/{tenant_id}/{mail}", tag = "maillists", operation_id = "updateMailList",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The list's address")),
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
    update(gw, legacy, tenant_id, mail, raw).await
}

/// Transcodes a JSON-Patch document into one UpdateMailList request.
async fn update(
    gw: Gateway,
    legacy: Legacy,
    tenant_id: String,
    mail: String,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let mut list = pb::MailList { tenant_id, mail, ..Default::default() };
    let mut request = pb::UpdateMailListRequest::default();
    let mut paths: Vec<String> = Vec::new();
    for op in parse_patch(&body(raw)?)? {
        let value = FieldValue::from_json(&op.value);
        let removes = op.kind == PatchKind::Remove;
        let field = match op.path.as_slice() {
            [attr] if attr == "displayName" => {
                list.display_name = if removes { String::new() } else { value.text() };
                "display_name"
            }
            [attr] if attr == "newMail" => {
                if removes {
                    return Err(LegacyError::invalid("newMail", "a list keeps an address: replace /newMail instead"));
                }
                request.new_mail = value.text();
                continue;
            }
            [attr] if attr == "employeeType" => {
                list.address_book_visibility = if removes { None } else { employee_type(&value.text())? };
                "address_book_visibility"
            }
            [attr] if attr == "accessTo" => {
                list.internal_only = Some(!removes && access_to(&value.text())?);
                "internal_only"
            }
            [attr] if attr == "alias" && op.kind == PatchKind::Add => {
                request.add_members.extend(value.list());
                continue;
            }
            [attr] if attr == "alias" => {
                list.members = if removes { Vec::new() } else { value.list() };
                "members"
            }
            [attr, member] if attr == "alias" => {
                if removes {
                    request.remove_members.push(member.clone());
                } else {
                    request.add_members.push(member.clone());
                }
                continue;
            }
            [attr] if attr == "mail" => "mail",
            [attr] if attr == "tenant-id" => "tenant_id",
            [attr] => return Err(LegacyError::invalid(attr, format!("{attr} is not a mailing list attribute"))),
            _ => {
                return Err(LegacyError::invalid(
                    "path",
                    format!("/{} is not a mailing list attribute", op.path.join("/")),
                ));
            }
        };
        paths.push(field.to_owned());
    }
    request.mail_list = Some(list);
    request.update_mask = Some(prost_types::FieldMask { paths });
    gw.mail_lists.update_mail_list(legacy.grpc("UpdateMailList", request)).await.map_err(fail)?;
    Ok(success())
}

/// `DELETE /v2/maillists/{tenant_id}/{mail}`.
#[utoipa::path(delete, path = "/v2/maillists/{tenant_id}/{mail}", tag = "maillists", operation_id = "deleteMailList",
    params(("tenant_id" = String, Path, description = "The tenant"), ("mail" = String, Path, description = "The list's address")),
    responses((status = 200, description = "Deleted", body = Success), LegacyErrors))]
pub async fn delete(
    State(gw): State<Gateway>,
    Path((tenant_id, mail)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    gw.mail_lists
        .delete_mail_list(legacy.grpc("DeleteMailList", pb::DeleteMailListRequest { tenant_id, mail }))
        .await
        .map_err(fail)?;
    Ok(success())
}
