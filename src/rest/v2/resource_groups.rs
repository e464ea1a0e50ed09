//! `/v2/resourcegroups` (guide §2.12): list a tenant's groups, create one
//! (`PUT`, the name in the path), rename it (JSON-Patch `/name`) and delete
//! it with its resources. Beyond the guide: `GET` of one group. A group
//! reads `{"name": ..., "tenant-id": ..., "resources": <count>}`.

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
    input::{FieldValue, Fields, Legacy, PatchKind, body, parse_patch},
};

/// Proto field path → legacy name, for error bodies.
const NAMES: FieldNames = &[("tenant_id", "tenant-id"), ("name", "name"), ("new_name", "name")];

fn fail(status: tonic::Status) -> LegacyError {
    LegacyError::from_status(&status, NAMES)
}

/// A resource group as `/v2` shows it.
#[derive(Serialize, ToSchema)]
pub struct LegacyResourceGroup {
    name: String,
    #[serde(rename = "tenant-id")]
    tenant_id: String,
    /// How many resources it holds.
    resources: i32,
}

impl From<&pb::ResourceGroup> for LegacyResourceGroup {
    fn from(group: &pb::ResourceGroup) -> Self {
        Self { name: group.name.clone(), tenant_id: group.tenant_id.clone(), resources: group.resource_count }
    }
}

/// The parameters of a group's creation: none (a form or a JSON object, empty).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the empty body that input::Fields reads")]
pub struct NoFields {}

/// `GET /v2/resourcegroups/{tenant_id}`: the tenant's groups, as an array.
#[utoipa::path(get, path = "/v2/resourcegroups/{tenant_id}", tag = "resources", operation_id = "listResourceGroups",
    params(("tenant_id" = String, Path, description = "The tenant")),
    responses((status = 200, description = "The tenant's resource groups", body = Vec<LegacyResourceGroup>), LegacyErrors))]
pub async fn list(
    State(gw): State<Gateway>,
    Path(tenant_id): Path<String>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let (gw, legacy, tenant_id) = (&gw, &legacy, &tenant_id);
    whole_listing(
        |page_size, page_token| async move {
            let request = pb::ListResourceGroupsRequest { tenant_id: tenant_id.clone(), page_size, page_token };
            let page = gw
                .resources
                .list_resource_groups(legacy.grpc("ListResourceGroups", request))
                .await
                .map_err(fail)?
                .into_inner();
            Ok((page.groups, page.next_page_token))
        },
        |item| LegacyResourceGroup::from(item),
    )
    .await
}

/// `GET /v2/resourcegroups/{tenant_id}/{name}`.
#[utoipa::path(get, path = "/v2/resourcegroups/{tenant_id}/{name}", tag = "resources", operation_id = "getResourceGroup",
    params(("tenant_id" = String, Path, description = "The tenant"), ("name" = String, Path, description = "The group's name")),
    responses((status = 200, description = "The group", body = LegacyResourceGroup), LegacyErrors))]
pub async fn get(
    State(gw): State<Gateway>,
    Path((tenant_id, name)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let request = pb::GetResourceGroupRequest { tenant_id, name };
    let group =
        gw.resources.get_resource_group(legacy.grpc("GetResourceGroup", request)).await.map_err(fail)?.into_inner();
    Ok(Json(LegacyResourceGroup::from(&group)).into_response())
}

/// `PUT /v2/resourcegroups/{tenant_id}/{name}`: create a group.
#[utoipa::path(put, path = "/v2/resourcegroups/{tenant_id}/{name}", tag = "resources", operation_id = "createResourceGroup",
    params(("tenant_id" = String, Path, description = "The tenant"), ("name" = String, Path, description = "The group's name")),
    request_body(content(
        (NoFields = "application/x-www-form-urlencoded"),
        (NoFields = "application/json"),
    )),
    responses((status = 200, description = "Created", body = Success), LegacyErrors))]
pub async fn create(
    State(gw): State<Gateway>,
    Path((tenant_id, name)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    Fields::parse(&legacy.headers, &body(raw)?)?.only(&[])?;
    let request = pb::CreateResourceGroupRequest { tenant_id, name };
    gw.resources.create_resource_group(legacy.grpc("CreateResourceGroup", request)).await.map_err(fail)?;
    Ok(success())
}

/// `PATCH /v2/resourcegroups/{tenant_id}/{name}` with
/// `[{"op": "replace", "path": "/name", "value": "newName"}]` (`add` too).
#[utoipa::path(patch, path = "/v2/resourcegroups/{tenant_id}/{name}", tag = "resources", operation_id = "renameResourceGroup",
    params(("tenant_id" = String, Path, description = "The tenant"), ("name" = String, Path, description = "The group's name")),
    request_body(content(
        (Vec<PatchOperation> = "application/json-patch+json"),
        (Vec<PatchOperation> = "application/json"),
    )),
    responses((status = 200, description = "Renamed", body = Success), LegacyErrors))]
pub async fn patch(
    State(gw): State<Gateway>,
    Path((tenant_id, name)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let mut new_name = None;
    for op in parse_patch(&body(raw)?)? {
        match (op.kind, op.path.as_slice()) {
            (PatchKind::Add | PatchKind::Replace, [attr]) if attr == "name" => {
                new_name = Some(FieldValue::from_json(&op.value).text());
            }
            (PatchKind::Remove, [attr]) if attr == "name" => {
                return Err(LegacyError::invalid("name", "a resource group keeps a name: replace it instead"));
            }
            _ => {
                return Err(LegacyError::invalid(
                    "path",
                    format!("/{} cannot be changed: a resource group has only /name", op.path.join("/")),
                ));
            }
        }
    }
    let request = pb::RenameResourceGroupRequest { tenant_id, name, new_name: new_name.unwrap_or_default() };
    gw.resources.rename_resource_group(legacy.grpc("RenameResourceGroup", request)).await.map_err(fail)?;
    Ok(success())
}

/// `DELETE /v2/resourcegroups/{tenant_id}/{name}`: the group and its resources.
#[utoipa::path(delete, path = "/v2/resourcegroups/{tenant_id}/{name}", tag = "resources", operation_id = "deleteResourceGroup",
    params(("tenant_id" = String, Path, description = "The tenant"), ("name" = String, Path, description = "The group's name")),
    responses((status = 200, description = "Deleted, with its resources", body = Success), LegacyErrors))]
pub async fn delete(
    State(gw): State<Gateway>,
    Path((tenant_id, name)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let request = pb::DeleteResourceGroupRequest { tenant_id, name };
    gw.resources.delete_resource_group(legacy.grpc("DeleteResourceGroup", request)).await.map_err(fail)?;
    Ok(success())
}
