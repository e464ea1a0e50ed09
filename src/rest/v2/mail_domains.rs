//! `/v2/maildomains` (guide §2.17): list a tenant's domains, create one
//! (`PUT`, no body needed), change `/displayName`, `/description` and
//! `/associatedDomain` by JSON-Patch, delete one (`?force=true` also removes
//! what uses it).
//!
//! Beyond the guide: `GET /v2/maildomains/{tenant}/{domain}`; `displayName`,
//! `description` and `associatedDomain` as optional form fields of the `PUT`;
//! and the default domain — the panel's flag (§2.17.8) — as the JSON-Patch
//! `[{"op": "replace", "path": "/default", "value": true}]`, which must be
//! the only operation of its request (it maps to SetDefaultMailDomain; the
//! previous default stops being one, so `false` is refused: set `true` on
//! the new default instead).

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
use crate::pb::{self, domain_service_server::DomainService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError, Success, success},
    input::{FieldValue, Fields, Legacy, PatchKind, body, force_query, parse_patch},
};

/// Proto field path → legacy name, for error bodies.
const NAMES: FieldNames = &[
    ("domain.name", "domain"),
    ("domain.tenant_id", "tenant-id"),
    ("domain.display_name", "displayName"),
    ("domain.description", "description"),
    ("domain.associated_domain", "associatedDomain"),
    ("domain.is_default", "default"),
    ("tenant_id", "tenant-id"),
    ("name", "domain"),
    ("update_mask", "body"),
];

/// Legacy attributes a create or patch may set, with their proto fields.
pub(super) const ATTRIBUTES: &[(&str, &str)] =
    &[("displayName", "display_name"), ("description", "description"), ("associatedDomain", "associated_domain")];

fn fail(status: tonic::Status) -> LegacyError {
    LegacyError::from_status(&status, NAMES)
}

/// Sets a legacy attribute on a proto domain; returns its proto field name.
fn set_attribute(domain: &mut pb::MailDomain, attr: &str, value: String) -> Option<&'static str> {
    let (_, field) = ATTRIBUTES.iter().find(|(name, _)| *name == attr)?;
    match *field {
        "display_name" => domain.display_name = value,
        "description" => domain.description = value,
        _ => domain.associated_domain = value,
    }
    Some(field)
}

/// A mail domain as `/v2` shows it.
#[derive(Serialize, ToSchema)]
pub struct LegacyMailDomain {
    domain: String,
    #[serde(rename = "tenant-id")]
    tenant_id: String,
    #[serde(rename = "displayName")]
    display_name: String,
    description: String,
    /// The web domain its pages are served under.
    #[serde(rename = "associatedDomain")]
    associated_domain: String,
    /// Whether it is the tenant's default domain.
    default: bool,
}

impl From<&pb::MailDomain> for LegacyMailDomain {
    fn from(domain: &pb::MailDomain) -> Self {
        Self {
            domain: domain.name.clone(),
            tenant_id: domain.tenant_id.clone(),
            display_name: domain.display_name.clone(),
            description: domain.description.clone(),
            associated_domain: domain.associated_domain.clone(),
            default: domain.is_default,
        }
    }
}

/// The parameters of `PUT /v2/maildomains/{tenant_id}/{domain}` (none is
/// needed): a form or a JSON object.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::Fields reads (ATTRIBUTES)")]
pub struct MailDomainFields {
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    description: Option<String>,
    #[serde(rename = "associatedDomain")]
    associated_domain: Option<String>,
}

/// `GET /v2/maildomains/{tenant_id}`: the tenant's domains, as an array.
#[utoipa::path(get, path = "/v2/maildomains/{tenant_id}", tag = "maildomains", operation_id = "listMailDomains",
    params(("tenant_id" = String, Path, description = "The tenant")),
    responses((status = 200, description = "The tenant's mail domains", body = Vec<LegacyMailDomain>), LegacyErrors))]
pub async fn list(
    State(gw): State<Gateway>,
    Path(tenant_id): Path<String>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let (gw, legacy, tenant_id) = (&gw, &legacy, &tenant_id);
    whole_listing(
        |page_size, page_token| async move {
            let request = pb::ListMailDomainsRequest { tenant_id: tenant_id.clone(), page_size, page_token };
            let page =
                gw.domains.list_mail_domains(legacy.grpc("ListMailDomains", request)).await.map_err(fail)?.into_inner();
            Ok((page.domains, page.next_page_token))
        },
        |item| LegacyMailDomain::from(item),
    )
    .await
}

/// `GET /v2/maildomains/{tenant_id}/{domain}`.
#[utoipa::path(get, path = "/v2/maildomains/{tenant_id}/{domain}", tag = "maildomains", operation_id = "getMailDomain",
    params(("tenant_id" = String, Path, description = "The tenant"), ("domain" = String, Path, description = "The mail domain")),
    responses((status = 200, description = "The mail domain", body = LegacyMailDomain), LegacyErrors))]
pub async fn get(
    State(gw): State<Gateway>,
    Path((tenant_id, name)): Path<(String, String)>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let request = pb::GetMailDomainRequest { tenant_id, name, ..Default::default() };
    let domain = gw.domains.get_mail_domain(legacy.grpc("GetMailDomain", request)).await.map_err(fail)?.into_inner();
    Ok(Json(LegacyMailDomain::from(&domain)).into_response())
}

/// `PUT /v2/maildomains/{tenant_id}/{domain}`: add a domain to a tenant.
#[utoipa::path(put, path = "/v2/maildomains/{tenant_id}/{domain}", tag = "maildomains", operation_id = "createMailDomain",
    params(("tenant_id" = String, Path, description = "The tenant"), ("domain" = String, Path, description = "The mail domain")),
    request_body(content(
        (MailDomainFields = "application/x-www-form-urlencoded"),
        (MailDomainFields = "application/json"),
    )),
    responses((status = 200, description = "Created", body = Success), LegacyErrors))]
pub async fn create(
    State(gw): State<Gateway>,
    Path((tenant_id, name)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(&ATTRIBUTES.iter().map(|(name, _)| *name).collect::<Vec<_>>())?;
    let mut domain = pb::MailDomain { tenant_id, name, ..Default::default() };
    for (attr, value) in &fields.0 {
        set_attribute(&mut domain, attr, value.text());
    }
    let request = pb::CreateMailDomainRequest { domain: Some(domain) };
    gw.domains.create_mail_domain(legacy.grpc("CreateMailDomain", request)).await.map_err(fail)?;
    Ok(success())
}

/// `PATCH /v2/maildomains/{tenant_id}/{domain}` with a JSON-Patch document:
/// `add`/`replace` set an attribute, `remove` clears it; `/default` makes
/// the domain the tenant's default.
#[utoipa::path(patch, path = "/v2/maildomains/{tenant_id}/{domain}", tag = "maildomains", operation_id = "updateMailDomain",
    params(("tenant_id" = String, Path, description = "The tenant"), ("domain" = String, Path, description = "The mail domain")),
    request_body(content(
        (Vec<PatchOperation> = "application/json-patch+json"),
        (Vec<PatchOperation> = "application/json"),
    )),
    responses((status = 200, description = "Changed", body = Success), LegacyErrors))]
pub async fn patch(
    State(gw): State<Gateway>,
    Path((tenant_id, name)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let ops = parse_patch(&body(raw)?)?;
    if ops.iter().any(|op| op.path == ["default"]) {
        let [op] = ops.as_slice() else {
            return Err(LegacyError::invalid("default", "/default must be the only operation of its request"));
        };
        let value = FieldValue::from_json(&op.value).text();
        if op.kind == PatchKind::Remove || !matches!(value.trim().to_ascii_lowercase().as_str(), "true" | "1") {
            return Err(LegacyError::invalid(
                "default",
                "/default can only be set to true: make another domain the default instead",
            ));
        }
        let request = pb::SetDefaultMailDomainRequest { tenant_id, name };
        gw.domains.set_default_mail_domain(legacy.grpc("SetDefaultMailDomain", request)).await.map_err(fail)?;
        return Ok(success());
    }
    let mut domain = pb::MailDomain { tenant_id, name, ..Default::default() };
    let mut paths = Vec::new();
    for op in ops {
        let value = if op.kind == PatchKind::Remove { String::new() } else { FieldValue::from_json(&op.value).text() };
        match op.path.as_slice() {
            [attr] if attr == "domain" || attr == "name" => paths.push("name".to_owned()),
            [attr] if attr == "tenant-id" => paths.push("tenant_id".to_owned()),
            [attr] => match set_attribute(&mut domain, attr, value) {
                Some(field) => paths.push(field.to_owned()),
                None => return Err(LegacyError::invalid(attr, format!("{attr} is not a mail domain attribute"))),
            },
            _ => {
                return Err(LegacyError::invalid(
                    "path",
                    format!("/{} is not a mail domain attribute", op.path.join("/")),
                ));
            }
        }
    }
    let request =
        pb::UpdateMailDomainRequest { domain: Some(domain), update_mask: Some(prost_types::FieldMask { paths }) };
    gw.domains.update_mail_domain(legacy.grpc("UpdateMailDomain", request)).await.map_err(fail)?;
    Ok(success())
}

/// `DELETE /v2/maildomains/{tenant_id}/{domain}[?force=true]`.
#[utoipa::path(delete, path = "/v2/maildomains/{tenant_id}/{domain}", tag = "maildomains", operation_id = "deleteMailDomain",
    params(("tenant_id" = String, Path, description = "The tenant"), ("domain" = String, Path, description = "The mail domain"), ("force" = Option<bool>, Query, description = "true: also delete what uses it")),
    responses((status = 200, description = "Deleted", body = Success), LegacyErrors))]
pub async fn delete(
    State(gw): State<Gateway>,
    Path((tenant_id, name)): Path<(String, String)>,
    RawQuery(raw_query): RawQuery,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    let force = force_query(raw_query.as_deref())?;
    let request = pb::DeleteMailDomainRequest { tenant_id, name, force };
    gw.domains.delete_mail_domain(legacy.grpc("DeleteMailDomain", request)).await.map_err(fail)?;
    Ok(success())
}
