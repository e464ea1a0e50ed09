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
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::{LegacyErrors, PatchOperation};
use super::whole_listing;
use crate::pb::{self, tenant_service_server::TenantService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError, Success, success},
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

/// The parameters a tenant's creation accepts.
pub(super) const CREATE_FIELDS: &[&str] = &["domain", "displayName", "lang"];

/// A tenant as `/v2` shows it.
#[derive(Serialize, ToSchema)]
pub struct LegacyTenant {
    #[serde(rename = "tenant-id")]
    id: String,
    #[serde(rename = "displayName")]
    display_name: String,
    /// The language of its users' mail and pages (`ru`, `en`).
    lang: String,
    /// The default mail domain.
    domain: String,
    /// Every mail domain.
    domains: Vec<String>,
}

impl From<&pb::Tenant> for LegacyTenant {
    fn from(tenant: &pb::Tenant) -> Self {
        Self {
            id: tenant.id.clone(),
            display_name: tenant.display_name.clone(),
            lang: tenant.lang.clone(),
            domain: tenant.default_domain.clone(),
            domains: tenant.domains.clone(),
        }
    }
}

/// The answer to a creation: the guide's, with the tenant's id.
#[derive(Serialize, ToSchema)]
pub struct TenantCreated {
    success: bool,
    #[serde(rename = "tenant-id")]
    tenant_id: String,
}

/// The parameters of a creation (a form or a JSON object).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::Fields reads (CREATE_FIELDS)")]
pub struct TenantFields {
    /// The first mail domain (the generated id derives from it).
    domain: Option<String>,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    lang: Option<String>,
}

/// `GET /v2/tenants`: every tenant the caller may see, as an array.
#[utoipa::path(get, path = "/v2/tenants", tag = "tenants", operation_id = "listTenants",
    responses((status = 200, description = "Every tenant the caller may see", body = Vec<LegacyTenant>), LegacyErrors))]
pub async fn list(State(gw): State<Gateway>, legacy: Legacy) -> Result<Response, LegacyError> {
    let (gw, legacy) = (&gw, &legacy);
    whole_listing(
        |page_size, page_token| async move {
            let request = pb::ListTenantsRequest { page_size, page_token };
            let page = gw.tenants.list_tenants(legacy.grpc("ListTenants", request)).await.map_err(fail)?.into_inner();
            Ok((page.tenants, page.next_page_token))
        },
        |item| LegacyTenant::from(item),
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
    fields.only(CREATE_FIELDS)?;
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
    Ok(Json(TenantCreated { success: true, tenant_id: tenant.id }).into_response())
}

/// `POST /v2/tenants`: create with a generated id (derived from `domain`).
#[utoipa::path(post, path = "/v2/tenants", tag = "tenants", operation_id = "createTenant",
    request_body(content(
        (TenantFields = "application/x-www-form-urlencoded"),
        (TenantFields = "application/json"),
    )),
    responses((status = 200, description = "Created", body = TenantCreated), LegacyErrors))]
pub async fn create_generated(
    State(gw): State<Gateway>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    create(gw, legacy, String::new(), raw).await
}

/// `PUT /v2/tenants/{tenant_id}`: create with the given id.
#[utoipa::path(put, path = "/v2/tenants/{tenant_id}", tag = "tenants", operation_id = "createNamedTenant",
    params(("tenant_id" = String, Path, description = "The tenant")),
    request_body(content(
        (TenantFields = "application/x-www-form-urlencoded"),
        (TenantFields = "application/json"),
    )),
    responses((status = 200, description = "Created", body = TenantCreated), LegacyErrors))]
pub async fn create_named(
    State(gw): State<Gateway>,
    Path(tenant_id): Path<String>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    create(gw, legacy, tenant_id, raw).await
}

/// `GET /v2/tenants/{tenant_id}`.
#[utoipa::path(get, path = "/v2/tenants/{tenant_id}", tag = "tenants", operation_id = "getTenant",
    params(("tenant_id" = String, Path, description = "The tenant")),
    responses((status = 200, description = "The tenant", body = LegacyTenant), LegacyErrors))]
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
    Ok(Json(LegacyTenant::from(&tenant)).into_response())
}

/// `PATCH /v2/tenants/{tenant_id}` with `/displayName` and `/lang`.
#[utoipa::path(patch, path = "/v2/tenants/{tenant_id}", tag = "tenants", operation_id = "updateTenant",
    params(("tenant_id" = String, Path, description = "The tenant")),
    request_body(content(
        (Vec<PatchOperation> = "application/json-patch+json"),
        (Vec<PatchOperation> = "application/json"),
    )),
    responses((status = 200, description = "Changed", body = Success), LegacyErrors))]
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
#[utoipa::path(delete, path = "/v2/tenants/{tenant_id}", tag = "tenants", operation_id = "deleteTenant",
    params(("tenant_id" = String, Path, description = "The tenant"), ("force" = Option<bool>, Query, description = "true: also delete everything in it")),
    responses((status = 200, description = "Deleted", body = Success), LegacyErrors))]
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
