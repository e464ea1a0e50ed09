//! The discovery endpoints (RFC 7644 §4): `/ServiceProviderConfig`,
//! `/ResourceTypes` and `/Schemas`, saying exactly what pbm supports: PATCH,
//! filters (up to [`super::MAX_COUNT`] results), ETags; no bulk operations,
//! no sorting, no password change through SCIM's `/Me`. The schemas list
//! the attributes [`super::users`] and [`super::groups`] map, and nothing
//! else. Like every SCIM request, they need the key (RFC 7644 lets them be
//! public; pbm tells nothing to strangers).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use serde_json::{Value, json};

use super::error::ScimError;
use super::filter::ENTERPRISE_USER;
use super::{Caller, MAX_COUNT, ScimState, scim_json};

/// The core User schema's URN.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The core Group schema's URN.
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// The ListResponse message's URN.
pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// The PatchOp message's URN.
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// `GET /ServiceProviderConfig`.
pub async fn service_provider_config(State(state): State<ScimState>, caller: Caller) -> Result<Response, ScimError> {
    caller.tenant(&state.services).await?;
    Ok(scim_json(
        StatusCode::OK,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": "https://github.com/pbm-mail/pbm#provisioning-with-scim",
            "patch": {"supported": true},
            "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": MAX_COUNT},
            "changePassword": {"supported": true},
            "sort": {"supported": false},
            "etag": {"supported": true},
            "authenticationSchemes": [{
                "type": "oauthbearertoken",
                "name": "API key",
                "description": "A pbm service account's API key with the scim scope, as a bearer token",
                "primary": true,
            }],
            "meta": {"resourceType": "ServiceProviderConfig"},
        }),
    ))
}

fn user_resource_type(base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "A pbm user: a mailbox of the key's tenant",
        "schema": USER_SCHEMA,
        "schemaExtensions": [{"schema": ENTERPRISE_USER, "required": false}],
        "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/User")},
    })
}

fn group_resource_type(base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "Group",
        "name": "Group",
        "endpoint": "/Groups",
        "description": "A mailing list of the key's tenant",
        "schema": GROUP_SCHEMA,
        "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/Group")},
    })
}

/// `GET /ResourceTypes`.
pub async fn resource_types(State(state): State<ScimState>, caller: Caller) -> Result<Response, ScimError> {
    caller.tenant(&state.services).await?;
    let base = caller.base_url();
    Ok(scim_json(StatusCode::OK, list(vec![user_resource_type(&base), group_resource_type(&base)])))
}

/// `GET /ResourceTypes/{name}`.
pub async fn resource_type(
    State(state): State<ScimState>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<Response, ScimError> {
    caller.tenant(&state.services).await?;
    match name.as_str() {
        "User" => Ok(scim_json(StatusCode::OK, user_resource_type(&caller.base_url()))),
        "Group" => Ok(scim_json(StatusCode::OK, group_resource_type(&caller.base_url()))),
        _ => Err(ScimError::not_found("resource type")),
    }
}

fn attribute(name: &str, kind: &str, description: &str) -> Value {
    json!({
        "name": name, "type": kind, "multiValued": false, "description": description, "required": false,
        "caseExact": false, "mutability": "readWrite", "returned": "default", "uniqueness": "none",
    })
}

fn multi_valued(name: &str, description: &str, types: &[&str]) -> Value {
    json!({
        "name": name, "type": "complex", "multiValued": true, "description": description, "required": false,
        "mutability": "readWrite", "returned": "default", "uniqueness": "none",
        "subAttributes": [
            attribute("value", "string", "The value"),
            {"name": "type", "type": "string", "multiValued": false, "required": false, "caseExact": false,
             "canonicalValues": types, "mutability": "readWrite", "returned": "default", "uniqueness": "none",
             "description": "The kind of value"},
            attribute("primary", "boolean", "Whether it is the primary value"),
        ],
    })
}

fn user_schema(base: &str) -> Value {
    let mut user_name = attribute("userName", "string", "The primary address: the login, the mailbox's address");
    user_name["required"] = true.into();
    user_name["uniqueness"] = "server".into();
    let mut id = attribute("id", "string", "The primary address, as pbm keys the user");
    id["mutability"] = "readOnly".into();
    id["caseExact"] = true.into();
    let mut external_id = attribute("externalId", "string", "The identity provider's id, unique in the tenant");
    external_id["caseExact"] = true.into();
    let mut password = attribute("password", "string", "Write only; must satisfy pbm's password policy");
    password["mutability"] = "writeOnly".into();
    password["returned"] = "never".into();
    json!({
        "id": USER_SCHEMA,
        "name": "User",
        "description": "A pbm user",
        "attributes": [
            id, external_id, user_name,
            {"name": "name", "type": "complex", "multiValued": false, "required": true,
             "mutability": "readWrite", "returned": "default", "uniqueness": "none",
             "description": "The parts of the user's name (given and family name are required by pbm)",
             "subAttributes": [
                attribute("givenName", "string", "First name (cn)"),
                attribute("familyName", "string", "Last name (sn)"),
                attribute("middleName", "string", "Patronymic (initials)"),
                attribute("formatted", "string", "Read: given and family name"),
             ]},
            attribute("displayName", "string", "Name shown in the address book"),
            attribute("title", "string", "Job title"),
            attribute("preferredLanguage", "string", "Interface language: en-US, ru-RU, …"),
            attribute("active", "boolean", "false: blocked (mail is still delivered)"),
            password,
            multi_valued("emails", "The primary address (type work, primary) and the aliases", &["work", "other"]),
            multi_valued("phoneNumbers", "Work, home and mobile phones", &["work", "home", "mobile"]),
        ],
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{USER_SCHEMA}")},
    })
}

fn group_schema(base: &str) -> Value {
    let mut display_name = attribute("displayName", "string", "The list's display name");
    display_name["required"] = true.into();
    let mut id = attribute("id", "string", "The list's address, as pbm keys the list");
    id["mutability"] = "readOnly".into();
    let mut external_id = attribute("externalId", "string", "The identity provider's id, unique in the tenant");
    external_id["caseExact"] = true.into();
    json!({
        "id": GROUP_SCHEMA,
        "name": "Group",
        "description": "A pbm mailing list",
        "attributes": [
            id, external_id, display_name,
            {"name": "members", "type": "complex", "multiValued": true, "required": false,
             "mutability": "readWrite", "returned": "default", "uniqueness": "none",
             "description": "The members: the ids (addresses) of users, or addresses the list accepts",
             "subAttributes": [
                attribute("value", "string", "The member's id (its address)"),
                attribute("display", "string", "Ignored"),
             ]},
        ],
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{GROUP_SCHEMA}")},
    })
}

fn enterprise_schema(base: &str) -> Value {
    json!({
        "id": ENTERPRISE_USER,
        "name": "EnterpriseUser",
        "description": "The enterprise extension: pbm maps its department",
        "attributes": [attribute("department", "string", "Department (ou)")],
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{ENTERPRISE_USER}")},
    })
}

/// `GET /Schemas`.
pub async fn schemas(State(state): State<ScimState>, caller: Caller) -> Result<Response, ScimError> {
    caller.tenant(&state.services).await?;
    let base = caller.base_url();
    Ok(scim_json(StatusCode::OK, list(vec![user_schema(&base), group_schema(&base), enterprise_schema(&base)])))
}

/// `GET /Schemas/{id}`.
pub async fn schema(
    State(state): State<ScimState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ScimError> {
    caller.tenant(&state.services).await?;
    let base = caller.base_url();
    match id.as_str() {
        USER_SCHEMA => Ok(scim_json(StatusCode::OK, user_schema(&base))),
        ENTERPRISE_USER => Ok(scim_json(StatusCode::OK, enterprise_schema(&base))),
        GROUP_SCHEMA => Ok(scim_json(StatusCode::OK, group_schema(&base))),
        _ => Err(ScimError::not_found("schema")),
    }
}

/// A ListResponse of every one of `resources`.
fn list(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_RESPONSE],
        "totalResults": resources.len(),
        "startIndex": 1,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}
