//! `/scim/v2/Groups` ↔ the mailing lists of the key's tenant (README
//! "Provisioning with SCIM").
//!
//! | SCIM | pbm |
//! |---|---|
//! | `id` | the list's address; it cannot change |
//! | `displayName` | `display_name` (required) |
//! | `externalId` | kept beside the list, unique in the tenant (shared with the users' ids) |
//! | `members[].value` | the members: the ids (addresses) of the tenant's users, or any address the list accepts |
//! | `emails[0].value` (create only) | the list's address when the group carries one |
//!
//! A group created without an address gets one by `pbm/scim/group_address`
//! ([`crate::service::provisioning::Provisioning::group_address`]). PATCH
//! and PUT change the members by difference (one UpdateMailList adding and
//! removing them), so a member added meanwhile by an admin survives a PATCH
//! that does not name it. Listings read the tenant's lists (a tenant has
//! few) and filter them; `excludedAttributes=members` leaves the members
//! out, as Entra ID asks.

use std::collections::BTreeSet;

use axum::{
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use prost_types::FieldMask;
use serde_json::{Value, json};

use super::discovery::GROUP_SCHEMA;
use super::error::{ScimError, ScimType};
use super::filter::{self, Filter};
use super::resource::{ExternalIds, Projection, check_if_match, list_response, paging, rfc3339, text, version};
use super::{Caller, MAX_COUNT, ScimState, json_body, patch, scim_json};
use crate::pb::{self, mail_list_service_server::MailListService as _};

/// Proto field path → SCIM attribute, for error details.
const ATTRIBUTES: &[(&str, &str)] = &[
    ("mail_list.mail", "id"),
    ("mail_list.display_name", "displayName"),
    ("mail_list.members", "members"),
    ("add_members", "members"),
    ("remove_members", "members"),
    ("display_name", "displayName"),
    ("external_id", "externalId"),
];

fn fail(status: tonic::Status) -> ScimError {
    ScimError::from_status(&status, |field| {
        ATTRIBUTES.iter().find(|(path, _)| *path == field).map_or_else(|| field.to_owned(), |(_, n)| (*n).to_owned())
    })
}

fn fail_service(err: crate::error::Error) -> ScimError {
    fail(err.into())
}

/// The SCIM JSON of a list.
pub fn to_scim(list: &pb::MailList, external_id: Option<&str>, base: &str) -> Value {
    let members: Vec<Value> = list.members.iter().map(|member| json!({"value": member})).collect();
    let mut resource = json!({
        "schemas": [GROUP_SCHEMA],
        "id": list.mail,
        "displayName": list.display_name,
        "members": members,
        "meta": {
            "resourceType": "Group",
            "created": rfc3339(list.create_time),
            "lastModified": rfc3339(list.update_time),
            "location": format!("{base}/Groups/{}", list.mail),
            "version": version(list.update_time),
        },
    });
    if let Some(id) = external_id {
        resource["externalId"] = id.into();
    }
    resource
}

/// What a SCIM Group document sets.
#[derive(Debug, Default, PartialEq)]
struct GroupDoc {
    display_name: String,
    external_id: Option<String>,
    members: BTreeSet<String>,
    /// The address the group carries (`emails[0].value`), if any.
    address: Option<String>,
}

/// Top-level attributes a Group document may carry (read-only ones are ignored).
const KNOWN: &[&str] = &["schemas", "id", "meta", "externalId", "displayName", "members", "emails"];

fn from_scim(doc: &Value) -> Result<GroupDoc, ScimError> {
    let members = doc.as_object().ok_or_else(|| ScimError::bad(ScimType::InvalidSyntax, "a Group is a JSON object"))?;
    let empty = |value: &Value| value.is_null() || value.as_array().is_some_and(Vec::is_empty) || value == "";
    if let Some((name, _)) =
        members.iter().find(|(name, value)| !KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name)) && !empty(value))
    {
        return Err(ScimError::bad(ScimType::InvalidSyntax, format!("pbm does not keep the attribute {name}")));
    }
    let get = |name: &str| filter::field(doc, name);
    let mut group = GroupDoc {
        display_name: text(get("displayName"), "displayName")?.trim().to_owned(),
        external_id: Some(text(get("externalId"), "externalId")?).filter(|id| !id.is_empty()),
        ..Default::default()
    };
    if group.display_name.is_empty() {
        return Err(ScimError::bad(ScimType::InvalidValue, "displayName is required"));
    }
    let list = |name: &str| -> Result<Vec<Value>, ScimError> {
        match get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items.clone()),
            Some(_) => Err(ScimError::bad(ScimType::InvalidValue, format!("{name} must be an array"))),
        }
    };
    for member in list("members")? {
        let value = text(filter::field(&member, "value"), "members.value")?.trim().to_lowercase();
        if value.is_empty() {
            return Err(ScimError::bad(ScimType::InvalidValue, "a member needs its value (the member's id)"));
        }
        group.members.insert(value);
    }
    group.address = list("emails")?
        .iter()
        .map(|email| text(filter::field(email, "value"), "emails.value").map(|v| v.trim().to_lowercase()))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .find(|address| !address.is_empty());
    Ok(group)
}

/// The externalIds of lists, as GetMailList and UpdateMailList.
fn ids<'a>(state: &'a ScimState, caller: &'a Caller, tenant_id: &'a str) -> ExternalIds<'a> {
    ExternalIds { state, caller, tenant_id, read: "GetMailList", write: "UpdateMailList" }
}

async fn get_list(state: &ScimState, caller: &Caller, tenant_id: &str, mail: &str) -> Result<pb::MailList, ScimError> {
    let request = pb::GetMailListRequest { tenant_id: tenant_id.to_owned(), mail: mail.to_owned() };
    Ok(state.lists.get_mail_list(caller.grpc("GetMailList", request)).await.map_err(fail)?.into_inner())
}

/// `POST /Groups`.
pub async fn create(State(state): State<ScimState>, caller: Caller, body: Bytes) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let doc = from_scim(&json_body(&body)?)?;
    let mail = match &doc.address {
        Some(address) => address.clone(),
        None => {
            let ctx = caller.context("CreateMailList");
            let external_id = doc.external_id.as_deref();
            let provisioning = &state.services.provisioning;
            provisioning.group_address(&ctx, &tenant_id, &doc.display_name, external_id).await.map_err(fail_service)?
        }
    };
    ids(&state, &caller, &tenant_id).check_free(None, doc.external_id.as_deref()).await?;
    let list = pb::MailList {
        tenant_id: tenant_id.clone(),
        mail,
        display_name: doc.display_name.clone(),
        members: doc.members.iter().cloned().collect(),
        ..Default::default()
    };
    let request = pb::CreateMailListRequest { mail_list: Some(list) };
    let created = state.lists.create_mail_list(caller.grpc("CreateMailList", request)).await.map_err(fail)?;
    let created = created.into_inner();
    // A list of that address deleted other than through SCIM may have left its externalId.
    let before = ids(&state, &caller, &tenant_id).of(&created.mail).await?;
    ids(&state, &caller, &tenant_id).save(&created.mail, before.as_deref(), doc.external_id.as_deref()).await?;
    Ok(scim_json(StatusCode::CREATED, to_scim(&created, doc.external_id.as_deref(), &caller.base_url())))
}

/// `GET /Groups/{id}`.
pub async fn get(
    State(state): State<ScimState>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let projection = Projection::parse(query.as_deref())?;
    let list = get_list(&state, &caller, &tenant_id, &id.trim().to_lowercase()).await?;
    let external_id = ids(&state, &caller, &tenant_id).of(&list.mail).await?;
    Ok(scim_json(StatusCode::OK, projection.apply(to_scim(&list, external_id.as_deref(), &caller.base_url()))))
}

/// `PUT /Groups/{id}`.
pub async fn replace(
    State(state): State<ScimState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let current = get_list(&state, &caller, &tenant_id, &id.trim().to_lowercase()).await?;
    check_if_match(&headers, &version(current.update_time))?;
    let doc = from_scim(&json_body(&body)?)?;
    write(&state, &caller, &tenant_id, &current, doc).await
}

/// `PATCH /Groups/{id}`: Entra ID's and Okta's member additions and removals among them.
pub async fn patch(
    State(state): State<ScimState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let current = get_list(&state, &caller, &tenant_id, &id.trim().to_lowercase()).await?;
    check_if_match(&headers, &version(current.update_time))?;
    let external_id = ids(&state, &caller, &tenant_id).of(&current.mail).await?;
    let mut resource = to_scim(&current, external_id.as_deref(), &caller.base_url());
    patch::apply(&mut resource, &json_body(&body)?)?;
    let doc = from_scim(&resource)?;
    write(&state, &caller, &tenant_id, &current, doc).await
}

/// Stores `doc` over `current` (PUT and PATCH): the display name, and the members by difference.
async fn write(
    state: &ScimState,
    caller: &Caller,
    tenant_id: &str,
    current: &pb::MailList,
    doc: GroupDoc,
) -> Result<Response, ScimError> {
    if doc.address.as_ref().is_some_and(|address| *address != current.mail) {
        return Err(ScimError::bad(ScimType::Mutability, "a group's address cannot change"));
    }
    let external_id = ids(state, caller, tenant_id).of(&current.mail).await?;
    ids(state, caller, tenant_id).check_free(Some(&current.mail), doc.external_id.as_deref()).await?;
    let before: BTreeSet<String> = current.members.iter().cloned().collect();
    let request = pb::UpdateMailListRequest {
        mail_list: Some(pb::MailList {
            tenant_id: tenant_id.to_owned(),
            mail: current.mail.clone(),
            display_name: doc.display_name.clone(),
            ..Default::default()
        }),
        update_mask: Some(FieldMask {
            paths: (doc.display_name != current.display_name).then(|| "display_name".to_owned()).into_iter().collect(),
        }),
        add_members: doc.members.difference(&before).cloned().collect(),
        remove_members: before.difference(&doc.members).cloned().collect(),
        new_mail: String::new(),
    };
    let unchanged = request.add_members.is_empty()
        && request.remove_members.is_empty()
        && request.update_mask.as_ref().is_some_and(|mask| mask.paths.is_empty());
    let updated = if unchanged {
        current.clone()
    } else {
        state.lists.update_mail_list(caller.grpc("UpdateMailList", request)).await.map_err(fail)?.into_inner()
    };
    ids(state, caller, tenant_id).save(&current.mail, external_id.as_deref(), doc.external_id.as_deref()).await?;
    Ok(scim_json(StatusCode::OK, to_scim(&updated, doc.external_id.as_deref(), &caller.base_url())))
}

/// `DELETE /Groups/{id}`: the list is deleted.
pub async fn delete(
    State(state): State<ScimState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let current = get_list(&state, &caller, &tenant_id, &id.trim().to_lowercase()).await?;
    check_if_match(&headers, &version(current.update_time))?;
    let external_id = ids(&state, &caller, &tenant_id).of(&current.mail).await?;
    let request = pb::DeleteMailListRequest { tenant_id: tenant_id.clone(), mail: current.mail.clone() };
    state.lists.delete_mail_list(caller.grpc("DeleteMailList", request)).await.map_err(fail)?;
    ids(&state, &caller, &tenant_id).save(&current.mail, external_id.as_deref(), None).await?;
    Ok(axum::response::IntoResponse::into_response(StatusCode::NO_CONTENT))
}

/// `GET /Groups`.
pub async fn list(
    State(state): State<ScimState>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ScimError> {
    let tenant_id = caller.tenant(&state.services).await?;
    let pairs = crate::rest::input::query(query.as_deref());
    let (start, count) = paging(&pairs)?;
    let projection = Projection::parse(query.as_deref())?;
    let filter: Option<Filter> = match pairs.iter().find(|(k, _)| k == "filter") {
        Some((_, text)) => Some(filter::parse(text).map_err(|e| ScimError::bad(ScimType::InvalidFilter, e))?),
        None => None,
    };
    let base = caller.base_url();
    let mut lists = Vec::new();
    let mut token = String::new();
    loop {
        let request = pb::ListMailListsRequest {
            tenant_id: tenant_id.clone(),
            page_size: i32::try_from(MAX_COUNT).unwrap_or(1000),
            page_token: std::mem::take(&mut token),
        };
        let page = state.lists.list_mail_lists(caller.grpc("ListMailLists", request)).await.map_err(fail)?;
        let page = page.into_inner();
        lists.extend(page.mail_lists);
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let mails: Vec<String> = lists.iter().map(|list| list.mail.clone()).collect();
    let known = ids(&state, &caller, &tenant_id).of_many(&mails).await?;
    let matches: Vec<Value> = lists
        .iter()
        .map(|list| to_scim(list, known.get(&list.mail).map(String::as_str), &base))
        .filter(|resource| filter.as_ref().is_none_or(|filter| filter.matches(resource)))
        .collect();
    let total = matches.len();
    let resources: Vec<Value> =
        matches.into_iter().skip(start - 1).take(count).map(|resource| projection.apply(resource)).collect();
    Ok(scim_json(StatusCode::OK, list_response(start, total, resources)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_round_trips_through_its_scim_json() {
        let list = pb::MailList {
            tenant_id: "t".into(),
            mail: "team@example.com".into(),
            display_name: "Team".into(),
            members: vec!["a@example.com".into(), "b@example.com".into()],
            ..Default::default()
        };
        let resource = to_scim(&list, Some("g-1"), "http://h/scim/v2");
        assert_eq!(resource["members"], json!([{"value": "a@example.com"}, {"value": "b@example.com"}]));
        let doc = from_scim(&resource).unwrap();
        assert_eq!(doc.display_name, "Team");
        assert_eq!(doc.external_id.as_deref(), Some("g-1"));
        assert_eq!(doc.members.len(), 2);
        assert_eq!(doc.address, None);
    }

    #[test]
    fn bad_groups_are_refused() {
        for (doc, scim_type) in [
            (json!({"members": []}), "invalidValue"),
            (json!({"displayName": "T", "owners": ["x"]}), "invalidSyntax"),
            (json!({"displayName": "T", "members": [{"display": "no value"}]}), "invalidValue"),
            (json!({"displayName": "T", "members": "a@example.com"}), "invalidValue"),
        ] {
            assert_eq!(from_scim(&doc).unwrap_err().body()["scimType"], scim_type, "{doc}");
        }
        let carried = json!({"displayName": "T", "emails": [{"value": "Team@Example.com"}]});
        assert_eq!(from_scim(&carried).unwrap().address.as_deref(), Some("team@example.com"));
    }
}
