//! `/v2/tenants` (guide §2.3): list (a JSON array), create with a generated
//! id (`POST`, `domain`) or a given one (`PUT /v2/tenants/{id}`), delete.
//! Beyond the guide: `GET /v2/tenants/{id}`, `PATCH` with `/displayName` and
//! `/lang`, `displayName`/`lang` parameters on create, and
//! `DELETE ...?force=true` to delete a tenant with everything in it.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, RawQuery, State, rejection::BytesRejection},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::whole_listing;
use crate::pb::{self, tenant_service_server::TenantService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError, success},
    input::{Fields, Legacy, PatchKind, body, force_query, parse_patch},
};

const NAMES: FieldNames = &[
    ("domain", "domain"),
    ("tenant_id", "tenant-id"),
    ("tenant.display_name", "displayName"),
    ("tenant.lang", "lang"),
    ("page_token", "page"),
];

fn fail(status: tonic::Status) -> LegacyError {
    LegacyError::from_status(&status, NAMES)
}

/// The legacy JSON of a tenant.
fn tenant_json(tenant: &pb::Tenant) -> Value {
    json!({
        "tenant-id": tenant.id,
        "displayName": tenant.display_name,
        "lang": tenant.lang,
        "domain": tenant.default_domain,
        "domains": tenant.domains,
    })
}

/// `GET /v2/tenants`: every tenant the caller may see, as an array.
pub async fn list(State(gw): State<Gateway>, legacy: Legacy) -> Result<Response, LegacyError> {
    let (gw, legacy) = (&gw, &legacy);
    whole_listing(
        |page_size, page_token| async move {
            let request = pb::ListTenantsRequest { page_size, page_token };
            let page = gw.tenants.list_tenants(legacy.grpc("ListTenants", request)).await.map_err(fail)?.into_inner();
            Ok((page.tenants, page.next_page_token))
        },
        tenant_json,
    )
    .await
}

async fn create(
    gw: Gateway,
    legacy: Legacy,
    tenant_id: String,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(&["domain", "displayName", "lang"])?;
    let request = pb::CreateTenantRequest {
        tenant_id,
        tenant: Some(pb::Tenant {
            display_name: fields.text("displayName").unwrap_or_default(),
            lang: fields.text("lang").unwrap_or_default(),
            ..Default::default()
        }),
        domain: fields.text("domain").unwrap_or_default(),
    };
    let tenant = gw.tenants.create_tenant(legacy.grpc("CreateTenant", request)).await.map_err(fail)?.into_inner();
    Ok(Json(json!({ "success": true, "tenant-id": tenant.id })).into_response())
}

/// `POST /v2/tenants`: create with a generated id (derived from `domain`).
pub async fn create_generated(
    State(gw): State<Gateway>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    create(gw, legacy, String::new(), raw).await
}

/// `PUT /v2/tenants/{tenant_id}`: create with the given id.
pub async fn create_named(
    State(gw): State<Gateway>,
    Path(tenant_id): Path<String>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    create(gw, legacy, tenant_id, raw).await
}

/// `GET /v2/tenants/{tenant_id}`.
pub async fn get(
    State(gw): State<Gateway>,
    Path(tenant_id): Path<String>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let tenant = gw
        .tenants
        .get_tenant(legacy.grpc("GetTenant", pb::GetTenantRequest { tenant_id, ..Default::default() }))
        .await
        .map_err(fail)?
        .into_inner();
    Ok(Json(tenant_json(&tenant)).into_response())
}

/// `PATCH /v2/tenants/{tenant_id}` with `/displayName` and `/lang`.
pub async fn patch(
    State(gw): State<Gateway>,
    Path(tenant_id): Path<String>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let mut tenant = pb::Tenant { id: tenant_id, ..Default::default() };
    let mut paths = Vec::new();
    for op in parse_patch(&body(raw)?)? {
        if op.kind == PatchKind::Remove {
            return Err(LegacyError::invalid("op", "tenant attributes cannot be removed"));
        }
        let value = crate::rest::input::FieldValue::from_json(&op.value).text();
        match op.path.as_slice() {
            [name] if name == "displayName" => {
                tenant.display_name = value;
                paths.push("display_name".to_owned());
            }
            [name] if name == "lang" => {
                tenant.lang = value;
                paths.push("lang".to_owned());
            }
            _ => {
                return Err(LegacyError::invalid(
                    "path",
                    format!("/{} cannot be changed: use /displayName or /lang", op.path.join("/")),
                ));
            }
        }
    }
    let request = pb::UpdateTenantRequest { tenant: Some(tenant), update_mask: Some(prost_types::FieldMask { paths }) };
    gw.tenants.update_tenant(legacy.grpc("UpdateTenant", request)).await.map_err(fail)?;
    Ok(success())
}

/// `DELETE /v2/tenants/{tenant_id}[?force=true]`.
pub async fn delete(
    State(gw): State<Gateway>,
    Path(tenant_id): Path<String>,
    RawQuery(raw_query): RawQuery,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let force = force_query(raw_query.as_deref())?;
    gw.tenants
        .delete_tenant(legacy.grpc("DeleteTenant", pb::DeleteTenantRequest { tenant_id, force }))
        .await
        .map_err(fail)?;
    Ok(success())
}
