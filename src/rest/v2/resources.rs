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
use serde_json::{Value, json};

use super::whole_listing;
use crate::pb::{self, resource_service_server::ResourceService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError, success},
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

/// The legacy JSON of a resource.
fn resource_json(resource: &pb::Resource) -> Value {
    json!({
        "mail": resource.mail,
        "tenant-id": resource.tenant_id,
        "group": resource.group,
        "displayName": resource.display_name,
        "description": resource.description,
        "l": resource.city,
        "employeeType": resource.address_book_visibility,
    })
}

/// `GET /v2/resources/{tenant_id}/{group}`: the group's resources, as an array.
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
        resource_json,
    )
    .await
}

/// `GET /v2/resources/{tenant_id}/{group}/{mail}`.
pub async fn get(
    State(gw): State<Gateway>,
    Path((tenant_id, group, mail)): Path<(String, String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let request = pb::GetResourceRequest { tenant_id, group, mail };
    let resource = gw.resources.get_resource(legacy.grpc("GetResource", request)).await.map_err(fail)?.into_inner();
    Ok(Json(resource_json(&resource)).into_response())
}

/// `PUT /v2/resources/{tenant_id}/{group}/{mail}`: create a resource.
pub async fn create(
    State(gw): State<Gateway>,
    Path((tenant_id, group, mail)): Path<(String, String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(&["displayName", "description", "l", "employeeType"])?;
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
pub async fn delete(
    State(gw): State<Gateway>,
    Path((tenant_id, group, mail)): Path<(String, String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let request = pb::DeleteResourceRequest { tenant_id, group, mail };
    gw.resources.delete_resource(legacy.grpc("DeleteResource", request)).await.map_err(fail)?;
    Ok(success())
}
