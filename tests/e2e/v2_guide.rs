//! Every curl command of the guide's §2.2.1 and §2.3–2.11, replayed over
//! HTTP exactly as printed (form bodies, JSON-Patch with
//! `Content-Type: application/json-patch+json`, the `isAdmin: webAdminSolo`
//! header), with the answers the guide shows — and the guide's error bodies
//! (§8) for bad requests, with nothing changed.

use serde_json::{Value, json};

use crate::common::{CREATOR, CREATOR_PASSWORD, Options, TestServer, json};

const PATCH_TYPE: &str = "application/json-patch+json";

pub(crate) struct Curl<'a> {
    pub server: &'a TestServer,
    pub token: String,
}

impl Curl<'_> {
    pub(crate) async fn form(&self, method: reqwest::Method, path: &str, body: &str) -> (u16, Value) {
        let request = self
            .server
            .http
            .request(method, self.server.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .bearer_auth(&self.token)
            .body(body.to_owned());
        json(request.send().await.unwrap()).await
    }

    pub(crate) async fn get(&self, path: &str) -> (u16, Value) {
        json(self.server.http.get(self.server.url(path)).bearer_auth(&self.token).send().await.unwrap()).await
    }

    pub(crate) async fn delete(&self, path: &str) -> (u16, Value) {
        json(self.server.http.delete(self.server.url(path)).bearer_auth(&self.token).send().await.unwrap()).await
    }

    pub(crate) async fn patch(&self, path: &str, raw: &str) -> (u16, Value) {
        self.patch_with(path, raw, &[]).await
    }

    pub(crate) async fn patch_with(&self, path: &str, raw: &str, headers: &[(&str, &str)]) -> (u16, Value) {
        let mut request = self
            .server
            .http
            .patch(self.server.url(path))
            .header("content-type", PATCH_TYPE)
            .bearer_auth(&self.token)
            .body(raw.to_owned());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        json(request.send().await.unwrap()).await
    }
}

pub(crate) fn ok() -> (u16, Value) {
    (200, json!({"success": true}))
}

pub(crate) async fn curl(server: &TestServer) -> Curl<'_> {
    Curl { server, token: server.v2_login(CREATOR, CREATOR_PASSWORD).await }
}

#[tokio::test]
async fn tenants_2_3() {
    let server = TestServer::start().await;
    let c = curl(&server).await;
    // 2.3.2: curl -X POST "https://<pbm_url>/v2/tenants" -d domain=<domain> -H "Authorization: Bearer <access_token>"
    let (code, body) = c.form(reqwest::Method::POST, "/v2/tenants", "domain=promsystems.ru").await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["success"], true);
    let generated = body["tenant-id"].as_str().unwrap().to_owned();
    // curl -X PUT "https://<pbm_url>/v2/tenants/<tenant-id>" -d domain=<domain> ...
    let (code, body) = c.form(reqwest::Method::PUT, "/v2/tenants/gost", "domain=gost.myoffice-app.ru").await;
    assert_eq!((code, body["success"].clone(), body["tenant-id"].clone()), (200, json!(true), json!("gost")));

    // 2.3.1: curl -X GET "https://<pbm_url>/v2/tenants" -H "Authorization: Bearer <access_token>"
    let (code, body) = c.get("/v2/tenants").await;
    assert_eq!(code, 200);
    let tenants = body.as_array().unwrap();
    let ids: Vec<_> = tenants.iter().map(|t| t["tenant-id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["default", "gost", generated.as_str()]);
    assert_eq!(tenants[1]["domain"], "gost.myoffice-app.ru");
    assert_eq!(tenants[1]["domains"], json!(["gost.myoffice-app.ru"]));

    // Beyond the guide: read, rename.
    assert_eq!(
        c.patch("/v2/tenants/gost", r#"[{"op": "replace", "path": "/displayName", "value": "ГОСТ"}]"#).await,
        ok()
    );
    let (_, body) = c.get("/v2/tenants/gost").await;
    assert_eq!(body["displayName"], "ГОСТ");

    // 2.3.3: curl -X DELETE "https://<pbm_url>/v2/tenants/<tenant-id>" -H "Authorization: Bearer <access_token>"
    assert_eq!(c.delete("/v2/tenants/gost").await, ok());
    assert_eq!(c.get("/v2/tenants/gost").await.0, 404);

    // Errors of §8.
    assert_eq!(
        c.form(reqwest::Method::POST, "/v2/tenants", "").await,
        (400, json!({"message": {"domain": "domain is a required value"}}))
    );
    let (code, body) = c.form(reqwest::Method::PUT, "/v2/tenants/again", "domain=promsystems.ru").await;
    assert_eq!(code, 409, "{body}");
    let (code, body) = c.form(reqwest::Method::POST, "/v2/tenants", "domain=bad_domain").await;
    assert_eq!(code, 400);
    assert!(body["message"]["domain"].as_str().unwrap().contains("Latin"), "{body}");
    let (code, body) = c.form(reqwest::Method::POST, "/v2/tenants", "domain=x.test&colour=red").await;
    assert_eq!((code, body), (400, json!({"message": {"colour": "colour is not a parameter of this request"}})));
    assert_eq!(c.get("/v2/tenants").await.1.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn users_2_4_to_2_11() {
    let server = TestServer::start().await;
    let c = curl(&server).await;
    assert_eq!(c.form(reqwest::Method::PUT, "/v2/tenants/gost", "domain=gost.myoffice-app.ru").await.0, 200);
    let user = "/v2/users/gost/test@gost.myoffice-app.ru";

    // 2.4.2: curl -X PUT ".../v2/users/<tenant-id>/<mail>" -d "userPassword=<password>" -d "employeeNumber=1"
    //        -d "cn=<name>" -d "sn=<surname>" -H "accept: application/json" -H "Authorization: Bearer <access_token>"
    assert_eq!(
        c.form(reqwest::Method::PUT, user, "userPassword=Reader01&employeeNumber=1&cn=Ivan&sn=Petrov").await,
        ok()
    );

    // 2.5.2: curl -X GET ".../v2/users/<tenant-id>?page=1&orderby=mail"
    let (code, body) = c.get("/v2/users/gost?page=1&orderby=mail").await;
    assert_eq!(code, 200);
    assert_eq!(body["total"], 1);
    assert_eq!(body["users"][0]["mail"], "test@gost.myoffice-app.ru");
    // curl -X GET ".../v2/users/<tenant-id>/<mail>"
    let (code, body) = c.get(user).await;
    assert_eq!(code, 200);
    assert_eq!(
        (
            body["cn"].clone(),
            body["sn"].clone(),
            body["employeeNumber"].clone(),
            body["inetUserStatus"].clone(),
            body["lang"].clone()
        ),
        (json!("Ivan"), json!("Petrov"), json!(1), json!(2), json!("en-US"))
    );
    assert!(body.get("userPassword").is_none());

    // 2.6.2: the ou / sn patch.
    let raw = r#"[{ "op": "add", "path": "/ou", "value": "Development" },
             { "op": "replace", "path": "/sn", "value": "MailTest" }]"#;
    assert_eq!(c.patch(user, raw).await, ok());
    let (_, body) = c.get(user).await;
    assert_eq!((body["ou"].clone(), body["sn"].clone()), (json!("Development"), json!("MailTest")));

    // 2.9.2: quota written in bytes, read in kilobytes.
    assert_eq!(c.patch(user, r#"[{"op": "replace", "path": "/quota", "value": "1073741824" }]"#).await, ok());
    assert_eq!(c.get(user).await.1["quota"], 1_048_576);

    // 2.10.2: two aliases added.
    let raw = r#" [{ "op": "add", "path": "/alias", "value":
"test2@gost.myoffice-app.ru"},
                { "op": "add", "path": "/alias", "value":
"test3@gost.myoffice-app.ru"} ]"#;
    assert_eq!(c.patch(user, raw).await, ok());
    assert_eq!(c.get(user).await.1["alias"], json!(["test2@gost.myoffice-app.ru", "test3@gost.myoffice-app.ru"]));
    // ... and one removed.
    let raw = r#" [{ "op": "remove", "path": "/alias/test2@gost.myoffice-app.ru" } ]"#;
    assert_eq!(c.patch(user, raw).await, ok());
    assert_eq!(c.get(user).await.1["alias"], json!(["test3@gost.myoffice-app.ru"]));
    // The alias logs in.
    server.v2_login("test3@gost.myoffice-app.ru", "Reader01").await;

    // 2.11.2: a new password.
    assert_eq!(c.patch(user, r#" [{ "op": "replace", "path": "/userPassword", "value": "Reader02" } ]"#).await, ok());
    server.v2_login("test@gost.myoffice-app.ru", "Reader02").await;
    let (code, _) = json(
        server
            .http
            .post(server.url("/v2/auth"))
            .form(&[("login", "test@gost.myoffice-app.ru"), ("password", "Reader01")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, 401);

    // 2.7: block (inetUserStatus 0); the user can no longer log in.
    assert_eq!(c.patch(user, r#" [{ "op": "replace", "path": "/inetUserStatus", "value": "0" } ]"#).await, ok());
    assert_eq!(c.get(user).await.1["inetUserStatus"], 0);
    let (code, body) = json(
        server
            .http
            .post(server.url("/v2/auth"))
            .form(&[("login", "test@gost.myoffice-app.ru"), ("password", "Reader02")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((code, body), (401, json!({"message": "ACCOUNT BLOCKED"})));
    assert_eq!(c.patch(user, r#"[{ "op": "replace", "path": "/inetUserStatus", "value": "1" }]"#).await, ok());
    server.v2_login("test@gost.myoffice-app.ru", "Reader02").await;

    // 2.10.2 with isAdmin: webAdminSolo: an empty alias removes every alias, and
    // every optional attribute not sent is cleared too.
    let raw = r#"[{"op": "replace", "path": "/cn", "value": "Ivan"},
                  {"op": "replace", "path": "/sn", "value": "MailTest"},
                  {"op": "replace", "path": "/alias", "value": ""}]"#;
    assert_eq!(c.patch_with(user, raw, &[("isAdmin", "webAdminSolo")]).await, ok());
    let (_, body) = c.get(user).await;
    assert_eq!(body["alias"], json!([]));
    assert_eq!(body["ou"], "");
    assert_eq!(body["quota"], Value::Null);
    assert_eq!(body["employeeNumber"], 1, "the role is kept");
    server.v2_login("test@gost.myoffice-app.ru", "Reader02").await; // password kept

    // 2.8.2: delete; the login stays reserved.
    assert_eq!(c.delete(user).await, ok());
    assert_eq!(c.get(user).await.0, 404);
    let (code, body) = c.form(reqwest::Method::PUT, user, "userPassword=Reader01&cn=Ivan&sn=Petrov").await;
    assert_eq!(code, 409, "{body}");
}

#[tokio::test]
async fn user_listing_parameters_of_2_5_2() {
    let server = TestServer::start().await;
    let c = curl(&server).await;
    for (mail, cn, sn) in [("anna", "Anna", "Zorina"), ("boris", "Boris", "Yakovlev"), ("vera", "Vera", "Xenina")] {
        let body = format!("userPassword=Reader01&cn={cn}&sn={sn}");
        assert_eq!(c.form(reqwest::Method::PUT, &format!("/v2/users/default/{mail}@example.com"), &body).await, ok());
    }
    let mails = |body: &Value| {
        body["users"].as_array().unwrap().iter().map(|u| u["mail"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    let (_, body) = c.get("/v2/users/default").await;
    assert_eq!(mails(&body), ["anna@example.com", "boris@example.com", "creator@example.com", "vera@example.com"]);
    assert_eq!((body["total"].clone(), body["page"].clone()), (json!(4), json!(1)));
    let (_, body) = c.get("/v2/users/default?orderby=sn&sort=0").await;
    assert_eq!(mails(&body), ["creator@example.com", "vera@example.com", "boris@example.com", "anna@example.com"]);
    let (_, body) = c.get("/v2/users/default?orderby=cn&sort=1").await;
    assert_eq!(mails(&body), ["vera@example.com", "creator@example.com", "boris@example.com", "anna@example.com"]);
    let (_, body) = c.get("/v2/users/default?search=OR").await;
    assert_eq!(mails(&body), ["anna@example.com", "boris@example.com", "creator@example.com"]);
    assert_eq!(body["total"], 3);
    let (_, body) = c.get("/v2/users/default?page=2&page_size=3").await;
    assert_eq!(mails(&body), ["vera@example.com"]);
    assert_eq!(body["total"], 4);
    // page_size follows the API's one rule: 0 is the default, above 1000 is 1000.
    let (_, body) = c.get("/v2/users/default?page_size=0").await;
    assert_eq!((body["page_size"].as_i64(), mails(&body).len()), (Some(50), 4));
    let (_, body) = c.get("/v2/users/default?page_size=5000").await;
    assert_eq!(body["page_size"], 1000);
    for bad in ["page=0", "sort=2", "orderby=password", "page_size=-1", "page_size=many", "colour=red"] {
        let (code, body) = c.get(&format!("/v2/users/default?{bad}")).await;
        assert_eq!(code, 400, "{bad}: {body}");
        assert!(body["message"].is_object());
    }
    assert_eq!(c.get("/v2/users/nope").await.0, 404);
}

#[tokio::test]
async fn bad_requests_get_the_guides_error_bodies_and_change_nothing() {
    let server = TestServer::start_with(Options { max_request_bytes: Some(64 * 1024), ..Default::default() }).await;
    let c = curl(&server).await;
    let user = "/v2/users/default/ivan@example.com";
    assert_eq!(c.form(reqwest::Method::PUT, user, "userPassword=Reader01&cn=Ivan&sn=Petrov").await, ok());
    let before = c.get(user).await;

    let cases: Vec<(&str, &str, u16, Value)> = vec![
        ("PUT", "userPassword=Reader01&cn=Ivan&sn=Petrov", 409, Value::Null),
        (
            "PUT /v2/users/default/new@example.com",
            "cn=A&sn=B",
            400,
            json!({"message": {"userPassword": "userPassword is a required value"}}),
        ),
        ("PUT /v2/users/default/new@example.com", "userPassword=weak&cn=A&sn=B", 400, Value::Null),
        (
            "PUT /v2/users/default/new@example.com",
            "userPassword=Пароль123&cn=A&sn=B",
            400,
            json!({"message": {"userPassword": "must not contain Cyrillic characters"}}),
        ),
        ("PUT /v2/users/default/not-an-address", "userPassword=Reader01&cn=A&sn=B", 400, Value::Null),
        ("PUT /v2/users/default/new@other.test", "userPassword=Reader01&cn=A&sn=B", 400, Value::Null),
        ("PUT /v2/users/nope/new@example.com", "userPassword=Reader01&cn=A&sn=B", 404, Value::Null),
        (
            "PUT /v2/users/default/new@example.com",
            "userPassword=Reader01&cn=A&sn=B&employeeNumber=x",
            400,
            json!({"message": {"employeeNumber": "employeeNumber must be a whole number"}}),
        ),
        (
            "PUT /v2/users/default/new@example.com",
            "userPassword=Reader01&cn=A&sn=B&employeeNumber=7",
            400,
            json!({"message": {"employeeNumber": "unknown role 7"}}),
        ),
        ("PUT /v2/users/default/new@example.com", "userPassword=Reader01&cn=A&sn=B&quota=1GB", 400, Value::Null),
        (
            "PUT /v2/users/default/new@example.com",
            "userPassword=Reader01&cn=A&sn=B&homePhone=call+me",
            400,
            Value::Null,
        ),
        ("PUT /v2/users/default/new@example.com", "userPassword=Reader01&cn=A&sn=B&inetUserStatus=5", 400, Value::Null),
        ("PATCH", "not json", 400, Value::Null),
        ("PATCH", "[]", 400, Value::Null),
        ("PATCH", r#"[{"op": "move", "from": "/ou", "path": "/title"}]"#, 400, Value::Null),
        ("PATCH", r#"[{"op": "replace", "path": "ou", "value": "x"}]"#, 400, Value::Null),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/mail", "value": "x@example.com"}]"#,
            400,
            json!({"message": {"mail": "mail cannot be changed"}}),
        ),
        ("PATCH", r#"[{"op": "replace", "path": "/colour", "value": "red"}]"#, 400, Value::Null),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/cn", "value": ""}]"#,
            400,
            json!({"message": {"cn": "cn is a required value"}}),
        ),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/ou", "value": "ok"}, {"op": "replace", "path": "/userPassword", "value": "short"}]"#,
            400,
            Value::Null,
        ),
        ("PATCH", r#"[{"op": "add", "path": "/alias", "value": "creator@example.com"}]"#, 409, Value::Null),
        ("PATCH", r#"[{"op": "remove", "path": "/alias/never@example.com"}]"#, 400, Value::Null),
        (
            "PATCH /v2/users/default/nobody@example.com",
            r#"[{"op": "replace", "path": "/ou", "value": "x"}]"#,
            404,
            Value::Null,
        ),
    ];
    for (what, body, expected_code, expected_body) in cases {
        let (method, path) = what.split_once(' ').unwrap_or((what, user));
        let (code, answer) = match method {
            "PUT" => c.form(reqwest::Method::PUT, path, body).await,
            _ => c.patch(path, body).await,
        };
        assert_eq!(code, expected_code, "{what} {body}: {answer}");
        assert!(answer["message"].is_object() || answer["message"].is_string(), "{what}: {answer}");
        if !expected_body.is_null() {
            assert_eq!(answer, expected_body, "{what} {body}");
        }
    }
    // An oversized body is refused before it is read to the end.
    let huge = format!("userPassword=Reader01&cn=A&sn=B&description={}", "x".repeat(100 * 1024));
    let (code, answer) = c.form(reqwest::Method::PUT, "/v2/users/default/new@example.com", &huge).await;
    assert_eq!((code, answer), (413, json!({"message": "request body too large"})));

    assert_eq!(c.get(user).await, before);
    assert_eq!(c.get("/v2/users/default").await.1["total"], 2);
    // Unknown routes and methods.
    assert_eq!(c.get("/v2/nothing-here").await, (404, json!({"message": "not found"})));
    assert_eq!(c.delete("/v2/tenants").await.0, 405);
}

/// The property names of a component schema of the OpenAPI document.
fn schema_properties(document: &Value, schema: &str) -> Vec<String> {
    let mut names: Vec<String> =
        document["components"]["schemas"][schema]["properties"].as_object().unwrap().keys().cloned().collect();
    names.sort();
    names
}

fn keys(answer: &Value) -> Vec<String> {
    let mut names: Vec<String> = answer.as_object().unwrap().keys().cloned().collect();
    names.sort();
    names
}

/// `/v2/openapi.json` (issue 19) is served without a token, is OpenAPI
/// 3.1, and the answers of the live server have exactly the properties the
/// document gives them (Schemathesis checks every operation in depth:
/// scripts/test-openapi.sh).
#[tokio::test]
async fn the_openapi_document_is_served_and_matches_the_answers() {
    let server = TestServer::start().await;
    let response = server.http.get(server.url("/v2/openapi.json")).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "application/json");
    let (code, document) = json(response).await;
    assert_eq!(code, 200);
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(document["paths"]["/v2/users/{tenant_id}/{mail}"]["put"]["requestBody"].is_object());

    let c = curl(&server).await;
    let (code, created) = c.form(reqwest::Method::POST, "/v2/tenants", "domain=openapi.example").await;
    assert_eq!(code, 200, "{created}");
    assert_eq!(keys(&created), schema_properties(&document, "TenantCreated"));
    let tenant = created["tenant-id"].as_str().unwrap().to_owned();
    let (code, answer) = c.get(&format!("/v2/tenants/{tenant}")).await;
    assert_eq!(code, 200);
    assert_eq!(keys(&answer), schema_properties(&document, "LegacyTenant"));

    let user = format!("/v2/users/{tenant}/ann@openapi.example");
    let (code, answer) = c.form(reqwest::Method::PUT, &user, "cn=Ann&sn=Lee&userPassword=Openapi-Pass1").await;
    assert_eq!((code, answer), ok());
    let (code, answer) = c.get(&user).await;
    assert_eq!(code, 200);
    assert_eq!(keys(&answer), schema_properties(&document, "LegacyUser"));
    let (code, page) = c.get(&format!("/v2/users/{tenant}")).await;
    assert_eq!(code, 200);
    assert_eq!(keys(&page), schema_properties(&document, "UserPage"));

    let (code, error) = c.get(&format!("/v2/users/{tenant}?orderby=nothing")).await;
    assert_eq!(code, 400);
    assert_eq!(keys(&error), schema_properties(&document, "ErrorBody"));
    assert!(document["paths"]["/v2/users/{tenant_id}"]["get"]["responses"]["400"].is_object());
}
