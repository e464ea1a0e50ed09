//! The OpenAPI 3.1 document of `/v2`, served at `GET /v2/openapi.json`
//! (no token needed: it describes the API, not the data).
//!
//! It is generated, not written: every route is declared once, with its
//! `#[utoipa::path]` beside its handler, and `routes()` mounts the handlers
//! through `utoipa_axum`'s `routes!`, so a route cannot exist without its
//! entry. The answers are typed (`Legacy*` structs with `From` the proto
//! messages), so the schema of an answer is the type the handler
//! serialises. The request bodies are read by the legacy parsers of
//! [`crate::rest::input`] (form or JSON object, JSON-Patch with the guide's
//! typo), so their schemas are documentation types here; a unit test checks
//! that each one names exactly the parameters its handler accepts.
//!
//! Errors are the guide's bodies ([`ErrorBody`]) under the statuses of
//! [`crate::rest::error`]; 500 is never documented, since it is never meant.
//! Schemathesis checks the running server against this document in
//! `scripts/test-openapi.sh`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, ResponsesBuilder};
use utoipa::{IntoResponses, Modify, OpenApi, PartialSchema, ToSchema};

use crate::rest::error::ErrorBody;

/// The name of the bearer-token security scheme.
pub const BEARER: &str = "bearer";

/// The document's frame: title, version, the security scheme, the global
/// requirement of a token (the login routes lift it) and the tags.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "pbm /v2: the legacy REST API",
        description = "The curl API of the mail system pbm replaces (admin guide, chapters 2 and 8), kept working \
                       unchanged, plus pbm's additions. Every route but /v2/auth takes `Authorization: Bearer <token>` \
                       (an access token from /v2/auth, or a service account's API key). Bodies are forms \
                       (`curl -d`) or JSON objects; changes are JSON-Patch documents (RFC 6902)."
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerScheme),
    security(("bearer" = [])),
    tags(
        (name = "auth", description = "Tokens (§2.2)"),
        (name = "tenants", description = "Tenants (§2.3)"),
        (name = "users", description = "Users (§2.4–§2.11)"),
        (name = "maildomains", description = "Mail domains (§2.17)"),
        (name = "webdomains", description = "Web domains and their certificates (§2.18)"),
        (name = "resources", description = "Resource groups and resources (§2.12–§2.13)"),
        (name = "maillists", description = "Mailing lists (§2.14)"),
        (name = "actions", description = "Sync (§2.15) and message recall (§2.16.4.1)"),
    )
)]
pub struct LegacyApi;

/// Adds the bearer scheme.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An access token of /v2/auth, or an API key"))
                    .build(),
            ),
        );
    }
}

/// The error answers every operation may give (the table of
/// [`crate::rest::error`]). A 500 is not among them.
pub struct LegacyErrors;

impl IntoResponses for LegacyErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        let error = |description: &str| {
            ResponseBuilder::new().description(description).content(
                "application/json",
                ContentBuilder::new().schema(Some(Ref::from_schema_name(ErrorBody::name()))).build(),
            )
        };
        let retry_after = utoipa::openapi::HeaderBuilder::new()
            .schema(u64::schema())
            .description(Some("Seconds to wait before trying again"))
            .build();
        ResponsesBuilder::new()
            .response("400", error("A parameter is missing or wrong: its legacy name and what is wrong"))
            .response("401", error("No token, or an expired, invalid or revoked one; wrong login or password"))
            .response("403", error("The caller's role may not do this (the guide's sentence)"))
            .response("404", error("No such object, or one the caller may not see"))
            .response("405", error("The route has no such method"))
            .response("409", error("The object exists already, or changed meanwhile"))
            .response("413", error("The body is larger than the server's limit"))
            .response("422", error("The request is well formed but cannot be done in the current state"))
            .response("429", error("Too many attempts: try again after Retry-After").header("Retry-After", retry_after))
            .response("501", error("Not built in this version"))
            .response("503", error("A store or service pbm needs does not answer"))
            .build()
            .into()
    }
}

/// One JSON-Patch (RFC 6902) operation as `/v2` reads it: `add`, `replace`
/// or `remove`, on a path of the resource's attributes. The guide's
/// malformed document of §2.14.3 (no opening `[`) is accepted as well.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::parse_patch reads")]
pub struct PatchOperation {
    /// `add`, `replace` or `remove`.
    op: PatchVerb,
    /// The attribute, e.g. `/displayName`, `/alias` or `/alias/a@example.com`.
    path: String,
    /// The new value (none for `remove`): text, a number or a list of texts.
    value: Option<Value>,
}

/// The JSON-Patch operations `/v2` supports.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code, reason = "documents the body that input::parse_patch reads")]
enum PatchVerb {
    Add,
    Replace,
    Remove,
}

#[cfg(test)]
pub(super) mod tests {
    //! The document's shape, and its request schemas against the handlers.
    use super::*;

    /// The property names of a component schema of the document.
    pub fn properties(doc: &Value, schema: &str) -> Vec<String> {
        let mut names: Vec<String> = doc["components"]["schemas"][schema]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no schema {schema}"))
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    /// `names` sorted, as owned strings.
    pub fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        names.sort();
        names
    }

    /// The document, with every route of `/v2` in it, as JSON.
    pub fn json() -> Value {
        serde_json::to_value(super::super::openapi_router().into_openapi()).expect("the document serialises")
    }

    #[test]
    #[ignore = "prints the document: cargo test --lib print_the_document -- --ignored --nocapture"]
    fn print_the_document() {
        println!("{}", serde_json::to_string_pretty(&json()).expect("serialises"));
    }

    #[test]
    fn the_document_is_openapi_3_1_with_every_route() {
        let doc = json();
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().expect("paths");
        let operations: usize = paths.values().map(|p| p.as_object().map_or(0, |m| m.len())).sum();
        assert_eq!(paths.len(), 22, "paths: {:?}", paths.keys().collect::<Vec<_>>());
        assert_eq!(operations, 46);
        for (path, item) in paths {
            for (method, op) in item.as_object().expect("path item") {
                let responses = op["responses"].as_object().expect("responses");
                assert!(responses.keys().any(|s| s.starts_with('2')), "{method} {path} has no success answer");
                assert!(!responses.contains_key("500"), "{method} {path} documents a 500");
                assert!(responses.contains_key("400"), "{method} {path} lacks the error answers");
                assert!(op["operationId"].is_string(), "{method} {path} has no operationId");
            }
        }
    }

    #[test]
    fn only_the_login_routes_go_without_a_token() {
        let doc = json();
        assert_eq!(doc["security"], serde_json::json!([{ BEARER: [] }]));
        let mut open = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                if op.get("security").is_some() {
                    open.push(format!("{method} {path}"));
                    assert_eq!(op["security"], serde_json::json!([{}]), "{method} {path}");
                }
            }
        }
        assert_eq!(open, ["post /v2/auth", "post /v2/auth/challenge"]);
    }

    #[test]
    fn error_bodies_match_their_schema() {
        use crate::rest::error::LegacyError;
        let doc = json();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["ErrorBody"]["required"], serde_json::json!(["message"]));
        assert_eq!(schemas["ErrorMessage"]["oneOf"][0]["type"], "string");
        assert_eq!(schemas["FieldMessages"]["additionalProperties"]["type"], "string");
        for error in [LegacyError::required("cn"), LegacyError::message(axum::http::StatusCode::NOT_FOUND, "no")] {
            let body = serde_json::to_value(error.body()).expect("serialises");
            assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{body}");
            let message = &body["message"];
            assert!(message.is_string() || message.as_object().is_some_and(|m| m.values().all(Value::is_string)));
        }
    }

    /// Each documented request body names exactly the parameters its
    /// handler accepts: the lists the handlers pass to `Fields::only`.
    #[test]
    fn request_schemas_name_what_the_handlers_accept() {
        use super::super::{actions, auth, mail_domains, mail_lists, resources, tenants, users, web_domains};
        let doc = json();
        let domain_attributes: Vec<&str> = mail_domains::ATTRIBUTES.iter().map(|(name, _)| *name).collect();
        let cases: [(&str, &[&str]); 11] = [
            ("UserFields", users::ATTRIBUTES),
            ("TenantFields", tenants::CREATE_FIELDS),
            ("MailDomainFields", &domain_attributes),
            ("MailListFields", mail_lists::CREATE_FIELDS),
            ("ResourceFields", resources::CREATE_FIELDS),
            ("WebDomainFields", web_domains::FIELDS),
            ("AuthFields", auth::FIELDS),
            ("ExpungeFields", actions::EXPUNGE_FIELDS),
            ("UserSyncFields", actions::USERSYNC_FIELDS),
            ("CabSyncFields", actions::CABSYNC_FIELDS),
            ("PatchOperation", &["op", "path", "value"]),
        ];
        for (schema, accepted) in cases {
            assert_eq!(properties(&doc, schema), sorted(accepted), "{schema}");
            assert_eq!(doc["components"]["schemas"][schema]["additionalProperties"], false, "{schema}");
        }
        assert_eq!(doc["components"]["schemas"]["NoFields"]["additionalProperties"], false);
    }
}
