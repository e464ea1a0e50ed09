//! `/v2/webdomains` (guide §2.18), superadmin only: create (`PUT`), replace
//! the key and certificate (`PATCH`) and delete a web domain. `key` and `crt`
//! come as form fields (`-d "key=<key>" -d "crt=<crt>"`, also a JSON object)
//! or as uploaded files (`-F key=@key.pem -F crt=@crt.pem`, multipart). A
//! `PATCH` may give only one of them; the other stays.
//!
//! Beyond the guide: the answer to `PUT` and `PATCH` also reports when the
//! certificate expires (`{"success": true, "notAfter": "2026-..."}`), and
//! `GET /v2/webdomains` and `GET /v2/webdomains/{domain}` show the
//! certificates (subject, DNS names, issuer, validity, SHA-256 fingerprint,
//! the chain) — never the key.

use axum::{
    Json,
    body::Bytes,
    extract::{FromRequest as _, Multipart, Path, Request, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{SecondsFormat, TimeZone as _, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::LegacyErrors;
use super::whole_listing;
use crate::pb::{self, domain_service_server::DomainService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError, Success},
    input::{Fields, Legacy, body},
};

/// Proto field path → legacy name, for error bodies.
const NAMES: FieldNames = &[
    ("web_domain.name", "domain"),
    ("web_domain.private_key_pem", "key"),
    ("web_domain.certificate_pem", "crt"),
    ("name", "domain"),
];

/// The parameters of `PUT` and `PATCH`.
pub(super) const FIELDS: &[&str] = &["key", "crt"];

fn fail(status: tonic::Status) -> LegacyError {
    LegacyError::from_status(&status, NAMES)
}

/// An RFC 3339 time of a proto timestamp (empty when absent).
fn time(timestamp: Option<&prost_types::Timestamp>) -> String {
    timestamp
        .and_then(|t| Utc.timestamp_opt(t.seconds, 0).single())
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// A web domain as `/v2` shows it: its certificate, never its key.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyWebDomain {
    domain: String,
    /// The certificate's subject.
    subject: String,
    /// The names it is valid for.
    dns_names: Vec<String>,
    issuer: String,
    /// RFC 3339, UTC.
    not_before: String,
    /// RFC 3339, UTC.
    not_after: String,
    sha256_fingerprint: String,
    /// The certificate chain, PEM.
    crt: String,
}

impl From<&pb::WebDomain> for LegacyWebDomain {
    fn from(domain: &pb::WebDomain) -> Self {
        let cert = domain.certificate.clone().unwrap_or_default();
        Self {
            domain: domain.name.clone(),
            subject: cert.subject,
            dns_names: cert.dns_names,
            issuer: cert.issuer,
            not_before: time(cert.not_before.as_ref()),
            not_after: time(cert.not_after.as_ref()),
            sha256_fingerprint: cert.sha256_fingerprint,
            crt: domain.certificate_pem.clone(),
        }
    }
}

/// The answer to a change: the guide's, plus when the certificate expires.
#[derive(Serialize, ToSchema)]
pub struct WebDomainSaved {
    success: bool,
    /// RFC 3339, UTC.
    #[serde(rename = "notAfter")]
    not_after: String,
}

/// `{"success": true, "notAfter": ...}`: the guide's answer plus the expiry.
fn success_with_expiry(domain: &pb::WebDomain) -> Response {
    let not_after = time(domain.certificate.as_ref().and_then(|c| c.not_after.as_ref()));
    Json(WebDomainSaved { success: true, not_after }).into_response()
}

/// The parameters of `PUT` and `PATCH`: a form, a JSON object, or files
/// (multipart).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that key_and_crt reads")]
pub struct WebDomainFields {
    /// The private key, PEM. Stored sealed; never shown.
    key: Option<String>,
    /// The certificate chain, PEM.
    crt: Option<String>,
}

/// The `key` and `crt` of a request: multipart parts (files or text) or
/// form / JSON fields. Other parameters are refused.
async fn key_and_crt(request: Request) -> Result<(Option<String>, Option<String>), LegacyError> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (mut key, mut crt) = (None, None);
    if content_type.trim().to_ascii_lowercase().starts_with("multipart/form-data") {
        let multipart_error =
            |e: axum::extract::multipart::MultipartError| LegacyError::message(e.status(), e.body_text());
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|rejection| LegacyError::message(rejection.status(), rejection.body_text()))?;
        while let Some(part) = multipart.next_field().await.map_err(multipart_error)? {
            let name = part.name().unwrap_or_default().to_owned();
            let bytes = part.bytes().await.map_err(multipart_error)?;
            let slot = match name.as_str() {
                "key" => &mut key,
                "crt" => &mut crt,
                other => {
                    return Err(LegacyError::invalid(other, format!("{other} is not a parameter of this request")));
                }
            };
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| LegacyError::invalid(&name, format!("{name} must be PEM text")))?;
            *slot = Some(text);
        }
        return Ok((key, crt));
    }
    let headers = request.headers().clone();
    let raw = Bytes::from_request(request, &()).await;
    let fields = Fields::parse(&headers, &body(raw)?)?;
    fields.only(FIELDS)?;
    key = fields.text("key");
    crt = fields.text("crt");
    Ok((key, crt))
}

/// `GET /v2/webdomains`: every web domain, as an array.
#[utoipa::path(get, path = "/v2/webdomains", tag = "webdomains", operation_id = "listWebDomains",
    responses((status = 200, description = "Every web domain (superadmin only)", body = Vec<LegacyWebDomain>), LegacyErrors))]
pub async fn list(State(gw): State<Gateway>, legacy: Legacy) -> Result<Response, LegacyError> {
    let (gw, legacy) = (&gw, &legacy);
    whole_listing(
        |page_size, page_token| async move {
            let request = pb::ListWebDomainsRequest { page_size, page_token };
            let page =
                gw.domains.list_web_domains(legacy.grpc("ListWebDomains", request)).await.map_err(fail)?.into_inner();
            Ok((page.web_domains, page.next_page_token))
        },
        |item| LegacyWebDomain::from(item),
    )
    .await
}

/// `GET /v2/webdomains/{domain}`.
#[utoipa::path(get, path = "/v2/webdomains/{domain}", tag = "webdomains", operation_id = "getWebDomain",
    params(("domain" = String, Path, description = "The web domain")),
    responses((status = 200, description = "The web domain", body = LegacyWebDomain), LegacyErrors))]
pub async fn get(State(gw): State<Gateway>, Path(name): Path<String>, legacy: Legacy) -> Result<Response, LegacyError> {
    let domain = gw
        .domains
        .get_web_domain(legacy.grpc("GetWebDomain", pb::GetWebDomainRequest { name }))
        .await
        .map_err(fail)?
        .into_inner();
    Ok(Json(LegacyWebDomain::from(&domain)).into_response())
}

/// `PUT /v2/webdomains/{domain}` with `key` and `crt`.
#[utoipa::path(put, path = "/v2/webdomains/{domain}", tag = "webdomains", operation_id = "createWebDomain",
    params(("domain" = String, Path, description = "The web domain")),
    request_body(content(
        (WebDomainFields = "application/x-www-form-urlencoded"),
        (WebDomainFields = "application/json"),
        (WebDomainFields = "multipart/form-data"),
    )),
    responses((status = 200, description = "Created", body = WebDomainSaved), LegacyErrors))]
pub async fn create(
    State(gw): State<Gateway>,
    Path(name): Path<String>,
    legacy: Legacy,
    request: Request,
) -> Result<Response, LegacyError> {
    let (key, crt) = key_and_crt(request).await?;
    let web_domain = pb::WebDomain {
        name,
        private_key_pem: key.unwrap_or_default(),
        certificate_pem: crt.unwrap_or_default(),
        ..Default::default()
    };
    let request = pb::CreateWebDomainRequest { web_domain: Some(web_domain) };
    let created =
        gw.domains.create_web_domain(legacy.grpc("CreateWebDomain", request)).await.map_err(fail)?.into_inner();
    Ok(success_with_expiry(&created))
}

/// `PATCH /v2/webdomains/{domain}` with `key`, `crt` or both.
#[utoipa::path(patch, path = "/v2/webdomains/{domain}", tag = "webdomains", operation_id = "updateWebDomain",
    params(("domain" = String, Path, description = "The web domain")),
    request_body(content(
        (WebDomainFields = "application/x-www-form-urlencoded"),
        (WebDomainFields = "application/json"),
        (WebDomainFields = "multipart/form-data"),
    )),
    responses((status = 200, description = "Changed", body = WebDomainSaved), LegacyErrors))]
pub async fn patch(
    State(gw): State<Gateway>,
    Path(name): Path<String>,
    legacy: Legacy,
    request: Request,
) -> Result<Response, LegacyError> {
    let (key, crt) = key_and_crt(request).await?;
    let mut paths = Vec::new();
    if key.is_some() {
        paths.push("private_key_pem".to_owned());
    }
    if crt.is_some() {
        paths.push("certificate_pem".to_owned());
    }
    if paths.is_empty() {
        // Neither given: ask for both, in the guide's words.
        paths.push("*".to_owned());
    }
    let web_domain = pb::WebDomain {
        name,
        private_key_pem: key.unwrap_or_default(),
        certificate_pem: crt.unwrap_or_default(),
        ..Default::default()
    };
    let request = pb::UpdateWebDomainRequest {
        web_domain: Some(web_domain),
        update_mask: Some(prost_types::FieldMask { paths }),
    };
    let updated =
        gw.domains.update_web_domain(legacy.grpc("UpdateWebDomain", request)).await.map_err(fail)?.into_inner();
    Ok(success_with_expiry(&updated))
}

/// `DELETE /v2/webdomains/{domain}`.
#[utoipa::path(delete, path = "/v2/webdomains/{domain}", tag = "webdomains", operation_id = "deleteWebDomain",
    params(("domain" = String, Path, description = "The web domain")),
    responses((status = 200, description = "Deleted", body = Success), LegacyErrors))]
pub async fn delete(
    State(gw): State<Gateway>,
    Path(name): Path<String>,
    legacy: Legacy,
) -> Result<Response, LegacyError> {
    gw.domains
        .delete_web_domain(legacy.grpc("DeleteWebDomain", pb::DeleteWebDomainRequest { name }))
        .await
        .map_err(fail)?;
    Ok(crate::rest::error::success())
}
