//! `/v2/resources` (guide §2.13): list a group's resources, create one
//! (`PUT` with `displayName`, `description`, `l`, `employeeType`), change it
//! by JSON-Patch (`/mail` and `/group` are refused: a resource keeps its
//! address and group) and delete it. Beyond the guide: `GET` of one resource.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State, rejection::BytesRejection},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::{LegacyErrors, PatchOperation};
use super::whole_listing;
use crate::pb::{self, resource_service_server::ResourceService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError, Success, success},
    input::{FieldValue, Fields, Legacy, PatchKind, body, parse_patch, whole_number},
};

/// Proto field path → legacy attribute, for error bodies.
const NAMES: FieldNames = &[
    ("resource.tenant_id", "tenant-id"),
    ("resource.group", "group"),
    ("resource.mail", "mail"),
    ("resource.display_name", "displayName"),
    ("resource.description", "description"),
    ("resource.city", "l"),
    ("resource.address_book_visibility", "employeeType"),
    ("tenant_id", "tenant-id"),
    ("group", "group"),
    ("update_mask", "body"),
];

fn fail(status: tonic::Status) -> LegacyError {
    LegacyError::from_status(&status, NAMES)
}

/// Sets one legacy attribute on a proto resource; returns the proto field
/// name (for an update mask). `mail`, `group` and `tenant-id` name fields a
/// resource cannot change: the adapter refuses them.
fn set_attribute(resource: &mut pb::Resource, attr: &str, value: &FieldValue) -> Result<&'static str, LegacyError> {
    let text = value.text();
    Ok(match attr {
        "displayName" => {
            resource.display_name = text;
            "display_name"
        }
        "description" => {
            resource.description = text;
            "description"
        }
        "l" => {
            resource.city = text;
            "city"
        }
        "employeeType" => {
            resource.address_book_visibility = whole_number(attr, &text)?.map(|n| i32::try_from(n).unwrap_or(-1));
            "address_book_visibility"
        }
        "mail" => "mail",
        "group" => "group",
        "tenant-id" => "tenant_id",
        other => return Err(LegacyError::invalid(other, format!("{other} is not a resource attribute"))),
    })
}

/// The parameters a resource's creation accepts.
pub(super) const CREATE_FIELDS: &[&str] = &["displayName", "description", "l", "employeeType"];

/// A resource (a room, a car, …) as `/v2` shows it.
#[derive(Serialize, ToSchema)]
pub struct LegacyResource {
    mail: String,
    #[serde(rename = "tenant-id")]
    tenant_id: String,
    group: String,
    #[serde(rename = "displayName")]
    display_name: String,
    description: String,
    /// City.
    l: String,
    /// Address-book visibility (README, "The address book").
    #[serde(rename = "employeeType")]
    address_book_visibility: Option<i32>,
}

impl From<&pb::Resource> for LegacyResource {
    fn from(resource: &pb::Resource) -> Self {
        Self {
            mail: resource.mail.clone(),
            tenant_id: resource.tenant_id.clone(),
            group: resource.group.clone(),
            display_name: resource.display_name.clone(),
            description: resource.description.clone(),
            l: resource.city.clone(),
            address_book_visibility: resource.address_book_visibility,
        }
    }
}

/// The parameters of `PUT /v2/resources/{tenant_id}/{group}/{mail}` (a
/// form or a JSON object).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::Fields reads (CREATE_FIELDS)")]
pub struct ResourceFields {
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    description: Option<String>,
    /// City.
    l: Option<String>,
    #[serde(rename = "employeeType")]
    #[schema(minimum = 0, maximum = 3)]
    address_book_visibility: Option<i32>,
}

/// `GET /v2/resources/{tenant_id}/{group}`: the group's resources, as an array.
#[utoipa::path(get, path = "/v2/resources/{tenant_id}/{group}", tag = "resources", operation_id = "listResources",
    params(("tenant_id" = String, Path, description = "The tenant"), ("group" = String, Path, description = "The resource group")),
    responses((status = 200, description = "The group's resources", body = Vec<LegacyResource>), LegacyErrors))]
pub async fn list(
    State(gw): State<Gateway>,
    Path((tenant_id, group)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let (gw, legacy, tenant_id, group) = (&gw, &legacy, &tenant_id, &group);
    whole_listing(
        |page_size, page_token| async move {
            let request =
                pb::ListResourcesRequest { tenant_id: tenant_id.clone(), group: group.clone(), page_size, page_token };
            let page =
                gw.resources.list_resources(legacy.grpc("ListResources", request)).await.map_err(fail)?.into_inner();
            Ok((page.resources, page.next_page_token))
        },
        |item| LegacyResource::from(item),
    )
    .await
}

/// `GET /v2/resources/{tenant_id}/{group}/{mail}`.
#[utoipa::path(get, path = "/v2/resources/{tenant_id}/{group}/{mail}", tag = "resources", operation_id = "getResource",
    params(("tenant_id" = String, Path, description = "The tenant"), ("group" = String, Path, description = "The resource group"), ("mail" = String, Path, description = "The resource's address")),
    responses((status = 200, description = "The resource", body = LegacyResource), LegacyErrors))]
pub async fn get(
    State(gw): State<Gateway>,
    Path((tenant_id, group, mail)): Path<(String, String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let request = pb::GetResourceRequest { tenant_id, group, mail };
    let resource = gw.resources.get_resource(legacy.grpc("GetResource", request)).await.map_err(fail)?.into_inner();
    Ok(Json(LegacyResource::from(&resource)).into_response())
}

/// `PUT /v2/resources/{tenant_id}/{group}/{mail}`: create a resource.
#[utoipa::path(put, path = "/v2/resources/{tenant_id}/{group}/{mail}", tag = "resources", operation_id = "createResource",
    params(("tenant_id" = String, Path, description = "The tenant"), ("group" = String, Path, description = "The resource group"), ("mail" = String, Path, description = "The resource's address")),
    request_body(content(
        (ResourceFields = "application/x-www-form-urlencoded"),
        (ResourceFields = "application/json"),
    )),
    responses((status = 200, description = "Created", body = Success), LegacyErrors))]
pub async fn create(
    State(gw): State<Gateway>,
    Path((tenant_id, group, mail)): Path<(String, String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(CREATE_FIELDS)?;
    let mut resource = pb::Resource { tenant_id, group, mail, ..Default::default() };
    for (attr, value) in &fields.0 {
        set_attribute(&mut resource, attr, value)?;
    }
    gw.resources
        .create_resource(legacy.grpc("CreateResource", pb::CreateResourceRequest { resource: Some(resource) }))
        .await
        .map_err(fail)?;
    Ok(success())
}

/// `PATCH /v2/resources/{tenant_id}/{group}/{mail}` with a JSON-Patch
/// document: `add`/`replace` set an attribute, `remove` clears it.
#[utoipa::path(patch, path = "/v2/resources/{tenant_id}/{group}/{mail}", tag = "resources", operation_id = "updateResource",
    params(("tenant_id" = String, Path, description = "The tenant"), ("group" = String, Path, description = "The resource group"), ("mail" = String, Path, description = "The resource's address")),
    request_body(content(
        (Vec<PatchOperation> = "application/json-patch+json"),
        (Vec<PatchOperation> = "application/json"),
    )),
    responses((status = 200, description = "Changed", body = Success), LegacyErrors))]
pub async fn patch(
    State(gw): State<Gateway>,
    Path((tenant_id, group, mail)): Path<(String, String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let mut resource = pb::Resource { tenant_id, group, mail, ..Default::default() };
    let mut paths = Vec::new();
    for op in parse_patch(&body(raw)?)? {
        let [attr] = op.path.as_slice() else {
            return Err(LegacyError::invalid("path", format!("/{} is not a resource attribute", op.path.join("/"))));
        };
        let value = if op.kind == PatchKind::Remove {
            FieldValue::Text(String::new())
        } else {
            FieldValue::from_json(&op.value)
        };
        paths.push(set_attribute(&mut resource, attr, &value)?.to_owned());
    }
    let request =
        pb::UpdateResourceRequest { resource: Some(resource), update_mask: Some(prost_types::FieldMask { paths }) };
    gw.resources.update_resource(legacy.grpc("UpdateResource", request)).await.map_err(fail)?;
    Ok(success())
}

/// `DELETE /v2/resources/{tenant_id}/{group}/{mail}`.
#[utoipa::path(delete, path = "/v2/resources/{tenant_id}/{group}/{mail}", tag = "resources", operation_id = "deleteResource",
    params(("tenant_id" = String, Path, description = "The tenant"), ("group" = String, Path, description = "The resource group"), ("mail" = String, Path, description = "The resource's address")),
    responses((status = 200, description = "Deleted", body = Success), LegacyErrors))]
pub async fn delete(
    State(gw): State<Gateway>,
    Path((tenant_id, group, mail)): Path<(String, String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let request = pb::DeleteResourceRequest { tenant_id, group, mail };
    gw.resources.delete_resource(legacy.grpc("DeleteResource", request)).await.map_err(fail)?;
    Ok(success())
}
