//! SCIM 2.0 provisioning (`/scim/v2`) end to end, with the request shapes
//! Microsoft Entra ID and Okta document: a user's whole life (create, get,
//! filter, patch, deactivate, delete, come back), a group's as a mailing
//! list (members added and removed both ways), paging and projections,
//! ETags, the discovery endpoints, bad input answered in the SCIM error
//! schema with nothing stored, and the walls: only a tenant's key with the
//! `scim` scope gets in, and only to its own tenant. Runs on every backend
//! of the end-to-end passes (the externalIds live in the SQL state store).

use pbm::pb;
use serde_json::{Value, json};
use tonic::Code;

use crate::common::{TestServer, authed, expect_code, fixtures::Tenant, json};
use crate::service_accounts::{account, key};

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// A server, tenant `acme`, and a key of its account `idp` with the `scim` scope.
async fn provisioned() -> (TestServer, Tenant, String) {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    let acme = Tenant::create(&server, &creator, "acme").await;
    account(&server, &acme.admin_token, "acme", "idp", &["scim"]).await;
    let (key, _) = key(&server, &acme.admin_token, "acme", "idp").await;
    (server, acme, key)
}

async fn call(
    server: &TestServer,
    key: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = server.http.request(method, server.url(&format!("/scim/v2{path}"))).bearer_auth(key);
    if let Some(body) = body {
        request = request.header("content-type", "application/scim+json").body(body.to_string());
    }
    json(request.send().await.unwrap()).await
}

async fn get(server: &TestServer, key: &str, path: &str) -> (u16, Value) {
    call(server, key, reqwest::Method::GET, path, None).await
}

fn assert_error(status: u16, body: &Value, expected: u16, scim_type: Option<&str>) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["schemas"], json!([ERROR]), "{body}");
    assert_eq!(body["status"], expected.to_string(), "{body}");
    assert_eq!(body["scimType"].as_str(), scim_type, "{body}");
}

/// Entra ID's create request, as its SCIM tutorial prints it (with a real address).
fn entra_user(user_name: &str, external_id: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": external_id,
        "userName": user_name,
        "active": true,
        "emails": [{"primary": true, "type": "work", "value": user_name}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
        "roles": []
    })
}

#[tokio::test]
async fn a_user_lives_its_whole_life_through_entra_id_requests() {
    let (server, acme, key) = provisioned().await;
    let mail = "jo.smith@acme.test";
    let (status, created) = call(&server, &key, reqwest::Method::POST, "/Users", Some(entra_user(mail, "e-42"))).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!((created["id"].as_str(), created["externalId"].as_str()), (Some(mail), Some("e-42")));
    assert_eq!(created["active"], true);
    // pbm has the user, and nobody knows its password.
    let user = server
        .users()
        .get_user(authed(&acme.admin_token, pb::GetUserRequest { tenant_id: "acme".into(), mail: mail.into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((user.given_name.as_str(), user.surname.as_str()), ("givenName", "familyName"));

    // Entra ID's lookups before each change.
    for filter in [format!("userName eq \"{mail}\""), "externalId eq \"e-42\"".to_owned()] {
        let query = format!("/Users?filter={}", urlencoding(&filter));
        let (status, list) = get(&server, &key, &query).await;
        assert_eq!(status, 200, "{list}");
        assert_eq!(list["totalResults"], 1, "{filter}: {list}");
        assert_eq!(list["Resources"][0]["id"], mail);
    }
    let (_, none) = get(&server, &key, &format!("/Users?filter={}", urlencoding("externalId eq \"E-42\""))).await;
    assert_eq!(none["totalResults"], 0, "externalId is case-exact: {none}");

    // Entra ID's PATCH: capitalised ops, a value filter, then the path-less form with string booleans.
    let patch = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
        {"op": "Add", "path": "phoneNumbers[type eq \"work\"].value", "value": "+7 495 000-00-00"},
        {"op": "Add", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "+7 916 000-00-00"},
        {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
         "value": "Sales"},
    ]});
    let (status, patched) = call(&server, &key, reqwest::Method::PATCH, &format!("/Users/{mail}"), Some(patch)).await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["name"]["familyName"], "updatedFamilyName");
    assert_eq!(
        patched["phoneNumbers"],
        json!([{"value": "+7 495 000-00-00", "type": "work"}, {"value": "+7 916 000-00-00", "type": "mobile"}])
    );
    let deactivate = json!({"schemas": [PATCH_OP], "Operations": [{"op": "Replace", "value": {"active": "False", "displayName": "Jo"}}]});
    let (status, off) = call(&server, &key, reqwest::Method::PATCH, &format!("/Users/{mail}"), Some(deactivate)).await;
    assert_eq!(status, 200, "{off}");
    assert_eq!((off["active"].as_bool(), off["displayName"].as_str()), (Some(false), Some("Jo")));
    let user = server
        .users()
        .get_user(authed(&acme.admin_token, pb::GetUserRequest { tenant_id: "acme".into(), mail: mail.into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(user.status(), pb::UserStatus::Blocked);
    assert_eq!((user.surname.as_str(), user.department.as_str()), ("updatedFamilyName", "Sales"));
    assert_eq!(user.mobile_phone, "+7 916 000-00-00");

    // DELETE is pbm's soft delete; creating the user again brings it back.
    let (status, _) = call(&server, &key, reqwest::Method::DELETE, &format!("/Users/{mail}"), None).await;
    assert_eq!(status, 204);
    let (status, body) = get(&server, &key, &format!("/Users/{mail}")).await;
    assert_error(status, &body, 404, None);
    let deleted = server
        .users()
        .list_deleted_users(authed(
            &acme.admin_token,
            pb::ListDeletedUsersRequest { tenant_id: "acme".into(), ..Default::default() },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(deleted.users.iter().any(|u| u.mail == mail), "soft-deleted");
    let (status, back) = call(&server, &key, reqwest::Method::POST, "/Users", Some(entra_user(mail, "e-43"))).await;
    assert_eq!(status, 201, "{back}");
    assert_eq!((back["externalId"].as_str(), back["active"].as_bool()), (Some("e-43"), Some(true)));
    assert_eq!(back["name"]["familyName"], "familyName", "the request's values apply");
}

const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

async fn members_of(server: &TestServer, token: &str, list: &str) -> Vec<String> {
    let request = pb::GetMailListRequest { tenant_id: "acme".into(), mail: list.into() };
    server.mail_lists().get_mail_list(authed(token, request)).await.unwrap().into_inner().members
}

#[tokio::test]
async fn groups_are_mailing_lists_through_entra_id_and_okta_requests() {
    let (server, acme, key) = provisioned().await;
    let post = |path: &'static str, body: Value| call(&server, &key, reqwest::Method::POST, path, Some(body));
    for n in 1..=3 {
        let (status, body) = post("/Users", entra_user(&format!("m{n}@acme.test"), &format!("u-{n}"))).await;
        assert_eq!(status, 201, "{body}");
    }
    // Entra ID's create: no address, so the display name makes one at the tenant's default domain.
    let entra_group = json!({"schemas": [GROUP], "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                             "displayName": "Sales Team", "meta": {"resourceType": "Group"}, "members": []});
    let (status, group) = post("/Groups", entra_group).await;
    assert_eq!(status, 201, "{group}");
    let id = "sales-team@acme.test";
    assert_eq!(group["id"], id);
    let query = format!("/Groups?filter={}&excludedAttributes=members", urlencoding("displayName eq \"Sales Team\""));
    let (_, found) = get(&server, &key, &query).await;
    assert_eq!(found["totalResults"], 1, "{found}");
    assert!(found["Resources"][0].get("members").is_none(), "{found}");

    // Entra ID's member changes: add three, remove one by a value filter and one by value.
    let path = format!("/Groups/{id}");
    let patch = |operations: Value| {
        call(
            &server,
            &key,
            reqwest::Method::PATCH,
            &path,
            Some(json!({"schemas": [PATCH_OP], "Operations": operations})),
        )
    };
    let (status, body) = patch(json!([{"op": "Add", "path": "members",
        "value": [{"value": "m1@acme.test"}, {"value": "m2@acme.test"}, {"value": "m3@acme.test"}]}]))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(members_of(&server, &acme.admin_token, id).await, ["m1@acme.test", "m2@acme.test", "m3@acme.test"]);
    let (status, body) = patch(json!([
        {"op": "Remove", "path": "members[value eq \"m1@acme.test\"]"},
        {"op": "Remove", "path": "members", "value": [{"value": "m2@acme.test"}]},
    ]))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(members_of(&server, &acme.admin_token, id).await, ["m3@acme.test"]);

    // Okta's rename (a path-less replace naming the id) and its full PUT of the members.
    let (status, body) = patch(json!([{"op": "replace", "value": {"id": id, "displayName": "Sales"}}])).await;
    assert_eq!((status, body["displayName"].as_str(), body["id"].as_str()), (200, Some("Sales"), Some(id)), "{body}");
    let put = json!({"schemas": [GROUP], "id": id, "displayName": "Sales",
                     "members": [{"value": "m1@acme.test", "display": "m1@acme.test"}]});
    let (status, body) = call(&server, &key, reqwest::Method::PUT, &path, Some(put)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(members_of(&server, &acme.admin_token, id).await, ["m1@acme.test"]);

    // A group that carries its address; the other rule of pbm/scim/group_address.
    let (status, ops) = post(
        "/Groups",
        json!({"schemas": [GROUP], "displayName": "Ops",
                                              "emails": [{"value": "ops-list@acme.test"}]}),
    )
    .await;
    assert_eq!((status, ops["id"].as_str()), (201, Some("ops-list@acme.test")), "{ops}");
    let settings = pb::settings_service_client::SettingsServiceClient::new(server.channel());
    let rule = pb::PutSettingRequest { key: "pbm/scim/group_address".into(), value: "external_id".into() };
    settings.clone().put_setting(authed(&server.creator_token().await, rule)).await.unwrap();
    let (status, by_id) =
        post("/Groups", json!({"schemas": [GROUP], "displayName": "Whatever", "externalId": "GRP 77"})).await;
    assert_eq!((status, by_id["id"].as_str()), (201, Some("grp-77@acme.test")), "{by_id}");

    // Refusals, with nothing stored.
    Tenant::create(&server, &server.creator_token().await, "other").await;
    let (status, body) = post("/Groups", json!({"schemas": [GROUP], "displayName": "Sales Team"})).await;
    assert_error(status, &body, 409, Some("uniqueness"));
    let (status, body) = post(
        "/Groups",
        json!({"schemas": [GROUP], "displayName": "X",
                                               "emails": [{"value": "x@acme.test"}],
                                               "members": [{"value": "user@other.test"}]}),
    )
    .await;
    assert_eq!(body["schemas"], json!([ERROR]), "{body}");
    assert!(status == 400 || status == 404, "a member of another tenant: {status} {body}");
    let request = pb::GetMailListRequest { tenant_id: "acme".into(), mail: "x@acme.test".into() };
    expect_code(server.mail_lists().get_mail_list(authed(&acme.admin_token, request)).await, Code::NotFound);
    let (status, body) = post("/Groups", json!({"schemas": [GROUP], "members": []})).await;
    assert_error(status, &body, 400, Some("invalidValue"));
    let moved = json!({"schemas": [GROUP], "displayName": "Sales", "emails": [{"value": "elsewhere@acme.test"}]});
    let (status, body) = call(&server, &key, reqwest::Method::PUT, &path, Some(moved)).await;
    assert_error(status, &body, 400, Some("mutability"));

    // Deleted: the list is gone.
    let (status, _) = call(&server, &key, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (status, body) = get(&server, &key, &path).await;
    assert_error(status, &body, 404, None);
    let request = pb::GetMailListRequest { tenant_id: "acme".into(), mail: id.into() };
    expect_code(server.mail_lists().get_mail_list(authed(&acme.admin_token, request)).await, Code::NotFound);
}

#[tokio::test]
async fn okta_creates_with_a_password_and_replaces_with_full_puts() {
    let (server, _acme, key) = provisioned().await;
    // Okta's create and update requests, as its SCIM 2.0 reference prints them.
    let create = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "test.user@acme.test",
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": true, "value": "test.user@acme.test", "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "1mz050nq",
        "active": true
    });
    let (status, created) = call(&server, &key, reqwest::Method::POST, "/Users", Some(create)).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["preferredLanguage"], "en-US");
    assert!(created.get("password").is_none(), "the password is never returned");
    server.login("test.user@acme.test", "1mz050nq").await;

    let etag = created["meta"]["version"].as_str().unwrap().to_owned();
    let mut put = created.clone();
    put["name"] = json!({"givenName": "Another", "familyName": "User"});
    put["displayName"] = json!("Another User");
    put["emails"] = json!([{"primary": true, "value": "test.user@acme.test", "type": "work"},
                           {"value": "t.user@acme.test", "type": "other"}]);
    let request = server
        .http
        .put(server.url("/scim/v2/Users/test.user@acme.test"))
        .bearer_auth(&key)
        .header("if-match", &etag)
        .json(&put);
    let response = request.send().await.unwrap();
    let new_etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let (status, replaced) = json(response).await;
    assert_eq!(status, 200, "{replaced}");
    assert_eq!(replaced["name"]["givenName"], "Another");
    assert_eq!(replaced["emails"][1]["value"], "t.user@acme.test", "an alias");
    assert_ne!(new_etag, etag);
    // The old version no longer matches.
    let stale =
        server.http.put(server.url("/scim/v2/Users/test.user@acme.test")).bearer_auth(&key).header("if-match", &etag);
    let (status, body) = json(stale.json(&put).send().await.unwrap()).await;
    assert_error(status, &body, 412, None);
    // Okta's deactivation.
    let deactivate = json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": false}}]});
    let (status, off) =
        call(&server, &key, reqwest::Method::PATCH, "/Users/test.user@acme.test", Some(deactivate)).await;
    assert_eq!((status, off["active"].as_bool()), (200, Some(false)), "{off}");
}

#[tokio::test]
async fn listings_page_filter_and_project() {
    let (server, _acme, key) = provisioned().await;
    for n in 0..7 {
        let mut user = entra_user(&format!("u{n}@acme.test"), &format!("x{n}"));
        user["name"]["familyName"] = json!(if n % 2 == 0 { "Even" } else { "Odd" });
        let (status, body) = call(&server, &key, reqwest::Method::POST, "/Users", Some(user)).await;
        assert_eq!(status, 201, "{body}");
    }
    // The tenant also has its admin and user (made over gRPC): 9 in all, in pages of 4.
    let mut seen = Vec::new();
    let mut start = 1;
    loop {
        let (status, page) = get(&server, &key, &format!("/Users?startIndex={start}&count=4")).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["totalResults"], 9);
        assert_eq!(page["startIndex"], start);
        let resources = page["Resources"].as_array().unwrap();
        seen.extend(resources.iter().map(|r| r["id"].as_str().unwrap().to_owned()));
        if resources.len() < 4 {
            break;
        }
        start += 4;
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "in address order, each once");
    assert_eq!(seen.len(), 9);
    // count=0 answers the number only.
    let (_, counted) = get(&server, &key, "/Users?count=0").await;
    assert_eq!((counted["totalResults"].as_u64(), counted["Resources"].as_array().map(Vec::len)), (Some(9), Some(0)));

    let filtered = |filter: &str| format!("/Users?filter={}&attributes=userName,name.familyName", urlencoding(filter));
    let (status, evens) = get(&server, &key, &filtered("name.familyName eq \"even\" and active eq true")).await;
    assert_eq!(status, 200, "{evens}");
    assert_eq!(evens["totalResults"], 4, "{evens}");
    let first = &evens["Resources"][0];
    assert_eq!(first["name"], json!({"familyName": "Even"}));
    assert!(first.get("emails").is_none() && first.get("id").is_some(), "{first}");
    let (_, some) = get(&server, &key, &filtered("userName sw \"u1\" or (externalId pr and userName co \"u6\")")).await;
    let ids: Vec<_> = some["Resources"].as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids, [json!("u1@acme.test"), json!("u6@acme.test")]);
    let (_, without) = get(&server, &key, "/Users/u2@acme.test?excludedAttributes=emails").await;
    assert!(without.get("emails").is_none() && without["userName"] == "u2@acme.test", "{without}");
}

#[tokio::test]
async fn bad_input_is_a_scim_error_and_stores_nothing() {
    let (server, acme, key) = provisioned().await;
    let post = |body: Value| call(&server, &key, reqwest::Method::POST, "/Users", Some(body));
    let mut unknown = entra_user("a@acme.test", "e-1");
    unknown["nickName"] = json!("Al");
    let (status, body) = post(unknown).await;
    assert_error(status, &body, 400, Some("invalidSyntax"));
    let (status, body) = post(entra_user("a@elsewhere.test", "e-1")).await;
    assert_error(status, &body, 400, Some("invalidValue"));
    let mut fax = entra_user("a@acme.test", "e-1");
    fax["phoneNumbers"] = json!([{"type": "fax", "value": "+1 555"}]);
    let (status, body) = post(fax).await;
    assert_error(status, &body, 400, Some("invalidValue"));
    let (status, body) = post(json!("not an object")).await;
    assert_error(status, &body, 400, Some("invalidSyntax"));
    let raw = server.http.post(server.url("/scim/v2/Users")).bearer_auth(&key).body("{not json").send().await.unwrap();
    let (status, body) = json(raw).await;
    assert_error(status, &body, 400, Some("invalidSyntax"));
    for mail in ["a@acme.test", "a@elsewhere.test"] {
        let request = pb::GetUserRequest { tenant_id: "acme".into(), mail: mail.into() };
        expect_code(server.users().get_user(authed(&acme.admin_token, request)).await, Code::NotFound);
    }

    // Duplicates: the tenant's user (made over gRPC), then an externalId another user has.
    let (status, body) = post(entra_user(&acme.user, "e-2")).await;
    assert_error(status, &body, 409, Some("uniqueness"));
    let (status, _) = post(entra_user("b@acme.test", "e-3")).await;
    assert_eq!(status, 201);
    let (status, body) = post(entra_user("c@acme.test", "e-3")).await;
    assert_error(status, &body, 409, Some("uniqueness"));
    let request = pb::GetUserRequest { tenant_id: "acme".into(), mail: "c@acme.test".into() };
    expect_code(server.users().get_user(authed(&acme.admin_token, request)).await, Code::NotFound);
    // Once its holder is deleted other than through SCIM (an admin over gRPC), the externalId is free.
    let request = pb::DeleteUserRequest { tenant_id: "acme".into(), mail: "b@acme.test".into() };
    server.users().delete_user(authed(&acme.admin_token, request)).await.unwrap();
    let (status, body) = post(entra_user("c@acme.test", "e-3")).await;
    assert_eq!((status, body["externalId"].as_str()), (201, Some("e-3")), "{body}");
    // Created again over SCIM without one, a user an admin deleted does not keep its old externalId.
    assert_eq!(post(entra_user("d@acme.test", "e-9")).await.0, 201);
    let request = pb::DeleteUserRequest { tenant_id: "acme".into(), mail: "d@acme.test".into() };
    server.users().delete_user(authed(&acme.admin_token, request)).await.unwrap();
    let mut again = entra_user("d@acme.test", "");
    again.as_object_mut().unwrap().remove("externalId");
    let (status, body) = post(again).await;
    assert_eq!(status, 201, "{body}");
    assert!(body.get("externalId").is_none(), "{body}");
    let (_, found) = get(&server, &key, &format!("/Users?filter={}", urlencoding("externalId eq \"e-9\""))).await;
    assert_eq!(found["totalResults"], 0, "{found}");

    // Filters, paths and changes that cannot be made.
    let (status, body) = get(&server, &key, &format!("/Users?filter={}", urlencoding("userName zz \"a\""))).await;
    assert_error(status, &body, 400, Some("invalidFilter"));
    let bad_path =
        json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "emails[type eq", "value": "x"}]});
    let (status, body) = call(&server, &key, reqwest::Method::PATCH, "/Users/c@acme.test", Some(bad_path)).await;
    assert_error(status, &body, 400, Some("invalidPath"));
    let rename =
        json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "userName", "value": "z@acme.test"}]});
    let (status, body) = call(&server, &key, reqwest::Method::PATCH, "/Users/c@acme.test", Some(rename)).await;
    assert_error(status, &body, 400, Some("mutability"));
    let weak = json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "password", "value": "x"}]});
    let (status, body) = call(&server, &key, reqwest::Method::PATCH, "/Users/c@acme.test", Some(weak)).await;
    assert_error(status, &body, 400, Some("invalidValue"));
    assert!(!body.to_string().contains("\"x\""), "the password is not echoed: {body}");
    let (status, body) = get(&server, &key, "/Users/nobody@acme.test").await;
    assert_error(status, &body, 404, None);
    let (status, body) = get(&server, &key, "/Bulk").await;
    assert_error(status, &body, 404, None);
}

#[tokio::test]
async fn only_a_tenants_key_with_the_scim_scope_gets_in_and_only_to_its_tenant() {
    let (server, acme, acme_key) = provisioned().await;
    let creator = server.creator_token().await;
    let other = Tenant::create(&server, &creator, "other").await;
    account(&server, &other.admin_token, "other", "idp", &["scim"]).await;
    let (other_key, _) = key(&server, &other.admin_token, "other", "idp").await;
    account(&server, &acme.admin_token, "acme", "reader", &["directory.read", "users.write"]).await;
    let (reader_key, _) = key(&server, &acme.admin_token, "acme", "reader").await;
    account(&server, &creator, "", "wide", &["scim"]).await;
    let (wide_key, _) = key(&server, &creator, "", "wide").await;

    let (status, body) = json(server.http.get(server.url("/scim/v2/Users")).send().await.unwrap()).await;
    assert_error(status, &body, 401, None);
    for (credential, expected) in [(&acme.admin_token, 401), (&reader_key, 403), (&wide_key, 403)] {
        let (status, body) = get(&server, credential, "/Users").await;
        assert_error(status, &body, expected, None);
    }
    // The scim scope reaches no RPC outside /scim/v2.
    let request = pb::ListUsersRequest { tenant_id: "acme".into(), ..Default::default() };
    expect_code(server.users().list_users(authed(&acme_key, request)).await, Code::PermissionDenied);

    // Each tenant's key sees its own users only.
    let (_, mine) = get(&server, &acme_key, "/Users").await;
    assert!(mine.to_string().contains(&acme.user) && !mine.to_string().contains(&other.user), "{mine}");
    for (method, body) in [
        (reqwest::Method::GET, None),
        (reqwest::Method::PUT, Some(entra_user(&acme.user, "x"))),
        (
            reqwest::Method::PATCH,
            Some(json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "title", "value": "x"}]})),
        ),
        (reqwest::Method::DELETE, None),
    ] {
        let (status, answer) = call(&server, &other_key, method.clone(), &format!("/Users/{}", acme.user), body).await;
        assert!(status == 403 || status == 404, "{method} across tenants: {status} {answer}");
        assert_eq!(answer["schemas"], json!([ERROR]));
    }
    let request = pb::GetUserRequest { tenant_id: "acme".into(), mail: acme.user.clone() };
    let user = server.users().get_user(authed(&acme.admin_token, request)).await.unwrap().into_inner();
    assert_eq!(user.title, "", "nothing changed across the wall");
    let (status, created) =
        call(&server, &other_key, reqwest::Method::POST, "/Users", Some(entra_user("x@acme.test", "x"))).await;
    assert_error(status, &created, 400, Some("invalidValue"));
}

#[tokio::test]
async fn the_discovery_endpoints_say_what_is_supported() {
    let (server, _acme, key) = provisioned().await;
    let (status, config) = get(&server, &key, "/ServiceProviderConfig").await;
    assert_eq!(status, 200, "{config}");
    assert_eq!(
        (config["patch"]["supported"].as_bool(), config["bulk"]["supported"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(
        (config["filter"]["maxResults"].as_u64(), config["etag"]["supported"].as_bool()),
        (Some(1000), Some(true))
    );
    let (_, types) = get(&server, &key, "/ResourceTypes").await;
    assert_eq!(types["Resources"][0]["endpoint"], "/Users");
    assert_eq!(types["Resources"][1]["endpoint"], "/Groups");
    let (_, schemas) = get(&server, &key, "/Schemas").await;
    let names: Vec<_> =
        schemas["Resources"][0]["attributes"].as_array().unwrap().iter().map(|a| a["name"].clone()).collect();
    for name in ["userName", "externalId", "name", "emails", "phoneNumbers", "active", "password"] {
        assert!(names.contains(&json!(name)), "{name} in {names:?}");
    }
    assert!(schemas["Resources"].as_array().unwrap().iter().any(|schema| schema["id"] == GROUP), "{schemas}");
    let (status, user_schema) = get(&server, &key, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").await;
    assert_eq!((status, user_schema["name"].as_str()), (200, Some("User")));
    let (status, _) = get(&server, &key, "/made-up/path").await;
    assert_eq!(status, 404);
    // Counted by route template, never by the path as sent.
    let metrics = server.metrics().await;
    assert!(metrics.contains(r#"method="GET",service="/scim/v2/ServiceProviderConfig",transport="scim""#), "{metrics}");
    assert!(metrics.contains(r#"service="/scim/v2/{*rest}",transport="scim""#), "{metrics}");
    assert!(!metrics.contains("made-up"));
}

/// Percent-encodes a query value.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
