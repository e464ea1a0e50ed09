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
use serde_json::{Value, json};

use super::whole_listing;
use crate::pb::{self, domain_service_server::DomainService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError},
    input::{Fields, Legacy, body},
};

/// Proto field path → legacy name, for error bodies.
const NAMES: FieldNames = &[
    ("web_domain.name", "domain"),
    ("web_domain.private_key_pem", "key"),
    ("web_domain.certificate_pem", "crt"),
    ("name", "domain"),
];

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

/// The legacy JSON of a web domain.
fn domain_json(domain: &pb::WebDomain) -> Value {
    let cert = domain.certificate.clone().unwrap_or_default();
    json!({
        "domain": domain.name,
        "subject": cert.subject,
        "dnsNames": cert.dns_names,
        "issuer": cert.issuer,
        "notBefore": time(cert.not_before.as_ref()),
        "notAfter": time(cert.not_after.as_ref()),
        "sha256Fingerprint": cert.sha256_fingerprint,
        "crt": domain.certificate_pem,
    })
}

/// `{"success": true, "notAfter": ...}`: the guide's answer plus the expiry.
fn success_with_expiry(domain: &pb::WebDomain) -> Response {
    let not_after = time(domain.certificate.as_ref().and_then(|c| c.not_after.as_ref()));
    Json(json!({ "success": true, "notAfter": not_after })).into_response()
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
    fields.only(&["key", "crt"])?;
    key = fields.text("key");
    crt = fields.text("crt");
    Ok((key, crt))
}

/// `GET /v2/webdomains`: every web domain, as an array.
pub async fn list(State(gw): State<Gateway>, legacy: Legacy) -> Result<Response, LegacyError> {
    let (gw, legacy) = (&gw, &legacy);
    whole_listing(
        |page_size, page_token| async move {
            let request = pb::ListWebDomainsRequest { page_size, page_token };
            let page =
                gw.domains.list_web_domains(legacy.grpc("ListWebDomains", request)).await.map_err(fail)?.into_inner();
            Ok((page.web_domains, page.next_page_token))
        },
        domain_json,
    )
    .await
}

/// `GET /v2/webdomains/{domain}`.
pub async fn get(State(gw): State<Gateway>, Path(name): Path<String>, legacy: Legacy) -> Result<Response, LegacyError> {
    let domain = gw
        .domains
        .get_web_domain(legacy.grpc("GetWebDomain", pb::GetWebDomainRequest { name }))
        .await
        .map_err(fail)?
        .into_inner();
    Ok(Json(domain_json(&domain)).into_response())
}

/// `PUT /v2/webdomains/{domain}` with `key` and `crt`.
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
