//! Every curl command of the guide's §2.12–2.14 (resource groups, resources,
//! mailing lists), §2.17 (mail domains) and §2.18 (web domains), replayed
//! over HTTP as printed, with the answers the guide shows — and the guide's
//! error bodies (§8) for bad requests, with nothing changed.
//!
//! A few printed commands omit the `Authorization` header (§2.14.2's GET of
//! one list, §2.14.5, §2.17.9): pbm requires it like everywhere else, and
//! the tests show the 401 without it.

use reqwest::{
    Method,
    multipart::{Form, Part},
};
use serde_json::{Value, json};

use crate::common::{TestServer, certs, json};
use crate::v2_guide::{Curl, curl, ok};

async fn tenant(c: &Curl<'_>, id: &str, domain: &str) {
    let (code, body) = c.form(Method::PUT, &format!("/v2/tenants/{id}"), &format!("domain={domain}")).await;
    assert_eq!(code, 200, "{body}");
}

async fn user(c: &Curl<'_>, tenant: &str, mail: &str) {
    let path = format!("/v2/users/{tenant}/{mail}");
    assert_eq!(c.form(Method::PUT, &path, "userPassword=Reader01&cn=Ivan&sn=Petrov").await, ok());
}

async fn without_token(server: &TestServer, method: Method, path: &str) -> (u16, Value) {
    json(server.http.request(method, server.url(path)).send().await.unwrap()).await
}

#[tokio::test]
async fn resource_groups_2_12() {
    let server = TestServer::start().await;
    let c = curl(&server).await;
    tenant(&c, "gost", "gost.myoffice-app.ru").await;
    // 2.12.2: curl -X GET "https://<pbm_url>/v2/resourcegroups/<tenant-id>" -H "Authorization: Bearer <access_token>"
    assert_eq!(c.get("/v2/resourcegroups/gost").await, (200, json!([])));
    // curl -X PUT "https://<pbm_url>/v2/resourcegroups/<tenant-id>/<name>" -H "Authorization: Bearer <access_token>"
    assert_eq!(c.form(Method::PUT, "/v2/resourcegroups/gost/Rooms", "").await, ok());
    assert_eq!(
        c.form(
            Method::PUT,
            "/v2/resourcegroups/gost/%D0%9F%D0%B5%D1%80%D0%B5%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%D0%BD%D1%8B%D0%B5",
            ""
        )
        .await,
        ok()
    );
    assert_eq!(
        c.get("/v2/resourcegroups/gost").await,
        (
            200,
            json!([
                {"name": "Rooms", "tenant-id": "gost", "resources": 0},
                {"name": "Переговорные", "tenant-id": "gost", "resources": 0}
            ])
        )
    );
    // curl -X PATCH ".../v2/resourcegroups/<tenant-id>/<name>"
    //   --data-raw ' [{ "op": "replace", "path": "/name", "value": "newName" } ]' -H 'Content-Type: application/json-patch+json'
    assert_eq!(
        c.patch("/v2/resourcegroups/gost/Rooms", r#" [{ "op": "replace", "path": "/name", "value": "newName" } ]"#)
            .await,
        ok()
    );
    assert_eq!(
        c.get("/v2/resourcegroups/gost/newname").await,
        (200, json!({"name": "newName", "tenant-id": "gost", "resources": 0}))
    );
    assert_eq!(
        c.get("/v2/resourcegroups/gost/Rooms").await,
        (404, json!({"message": "resource group Rooms not found"}))
    );

    // Errors (§8), nothing changed.
    let before = c.get("/v2/resourcegroups/gost").await;
    assert_eq!(
        c.form(Method::PUT, "/v2/resourcegroups/gost/NEWNAME", "").await,
        (409, json!({"message": "resource group NEWNAME already exists"}))
    );
    assert_eq!(
        c.form(Method::PUT, "/v2/resourcegroups/gost/a%2Fb", "").await,
        (400, json!({"message": {"name": "must not contain '/'"}}))
    );
    assert_eq!(
        c.patch("/v2/resourcegroups/gost/newName", r#"[{"op": "replace", "path": "/name", "value": ""}]"#).await,
        (400, json!({"message": {"name": "name is a required value"}}))
    );
    assert_eq!(
        c.patch("/v2/resourcegroups/gost/newName", r#"[{"op": "replace", "path": "/colour", "value": "red"}]"#).await.0,
        400
    );
    assert_eq!(
        c.form(Method::PUT, "/v2/resourcegroups/nope/x", "").await,
        (404, json!({"message": "tenant nope not found"}))
    );
    assert_eq!(c.get("/v2/resourcegroups/gost").await, before);

    // 2.12.5: curl -X DELETE "https://<pbm_url>/v2/resourcegroups/<tenant-id>/<name>" -H "Authorization: Bearer <access_token>"
    assert_eq!(
        c.form(Method::PUT, "/v2/resources/gost/newName/room1@gost.myoffice-app.ru", "displayName=Room").await,
        ok()
    );
    assert_eq!(c.delete("/v2/resourcegroups/gost/newName").await, ok());
    assert_eq!(
        c.get("/v2/resources/gost/newName/room1@gost.myoffice-app.ru").await.0,
        404,
        "the resources went with it"
    );
    assert_eq!(c.delete("/v2/resourcegroups/gost/newName").await.0, 404);
    assert_eq!(c.get("/v2/resourcegroups/gost").await.1.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn resources_2_13() {
    let server = TestServer::start().await;
    let c = curl(&server).await;
    tenant(&c, "gost", "gost.myoffice-app.ru").await;
    assert_eq!(c.form(Method::PUT, "/v2/resourcegroups/gost/Rooms", "").await, ok());
    let room = "/v2/resources/gost/Rooms/room1@gost.myoffice-app.ru";
    // 2.13.2: curl -X GET "https://<pbm_url>/v2/resources/<tenant-id>/<group>" -H "Authorization: Bearer <access_token>"
    assert_eq!(c.get("/v2/resources/gost/Rooms").await, (200, json!([])));
    // curl -X PUT ".../v2/resources/<tenant-id>/<group>/<mail>" -d "displayName=<displayName>"
    //   -d "description=<description>" -d "l=<l>" -d "employeeType=<employeeType>" -H "Authorization: ..."
    assert_eq!(
        c.form(Method::PUT, room, "displayName=Big room&description=12 seats&l=Moscow&employeeType=0").await,
        ok()
    );
    let expected = json!({
        "mail": "room1@gost.myoffice-app.ru",
        "tenant-id": "gost",
        "group": "Rooms",
        "displayName": "Big room",
        "description": "12 seats",
        "l": "Moscow",
        "employeeType": 0
    });
    assert_eq!(c.get("/v2/resources/gost/Rooms").await, (200, json!([expected.clone()])));
    // 2.13.4: curl -X PATCH ".../v2/resources/<tenant-id>/<group>/<mail>"
    //   --data-raw ' [{ "op": "replace", "path": "/displayName", "value": "test2res" }]' -H 'Content-Type: application/json-patch+json'
    assert_eq!(
        c.patch(
            room,
            r#" [{ "op": "replace", "path": "/displayName", "value": "test2res"
}]"#
        )
        .await,
        ok()
    );
    let (code, body) = c.get(room).await;
    assert_eq!((code, body["displayName"].clone(), body["l"].clone()), (200, json!("test2res"), json!("Moscow")));

    // The address and the group of a resource cannot change (§2.13.4); bad values are refused.
    let before = c.get(room).await;
    let cases: Vec<(&str, &str, u16, Value)> = vec![
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/mail", "value": "other@gost.myoffice-app.ru"}]"#,
            400,
            json!({"message": {"mail": "the address of a resource cannot be changed"}}),
        ),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/group", "value": "Cars"}]"#,
            400,
            json!({"message": {"group": "a resource cannot move to another group"}}),
        ),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/displayName", "value": ""}]"#,
            400,
            json!({"message": {"displayName": "displayName is a required value"}}),
        ),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/employeeType", "value": "7"}]"#,
            400,
            json!({"message": {"employeeType": "must be between 0 and 2"}}),
        ),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/colour", "value": "red"}]"#,
            400,
            json!({"message": {"colour": "colour is not a resource attribute"}}),
        ),
        (
            "PUT /v2/resources/gost/Rooms/room2@gost.myoffice-app.ru",
            "l=Moscow",
            400,
            json!({"message": {"displayName": "displayName is a required value"}}),
        ),
        (
            "PUT /v2/resources/gost/Rooms/room2@gost.myoffice-app.ru",
            "displayName=R&employeeType=x",
            400,
            json!({"message": {"employeeType": "employeeType must be a whole number"}}),
        ),
        (
            "PUT /v2/resources/gost/Rooms/room2@elsewhere.ru",
            "displayName=R",
            400,
            json!({"message": {"mail": "domain elsewhere.ru is not a mail domain of the tenant"}}),
        ),
        (
            "PUT /v2/resources/gost/Rooms/room1@gost.myoffice-app.ru",
            "displayName=R",
            409,
            json!({"message": "address room1@gost.myoffice-app.ru already exists"}),
        ),
        (
            "PUT /v2/resources/gost/Cars/room2@gost.myoffice-app.ru",
            "displayName=R",
            404,
            json!({"message": "resource group Cars not found"}),
        ),
        (
            "PUT /v2/resources/gost/Rooms/room2@gost.myoffice-app.ru",
            "displayName=R&mail=x",
            400,
            json!({"message": {"mail": "mail is not a parameter of this request"}}),
        ),
    ];
    for (what, body, code, expected) in cases {
        let (method, path) = what.split_once(' ').unwrap_or((what, room));
        let answer = match method {
            "PUT" => c.form(Method::PUT, path, body).await,
            _ => c.patch(path, body).await,
        };
        assert_eq!(answer, (code, expected), "{what} {body}");
    }
    assert_eq!(c.get(room).await, before);
    assert_eq!(c.get("/v2/resources/gost/Rooms").await.1.as_array().unwrap().len(), 1);

    // 2.13.6: curl -X DELETE "https://<pbm_url>/v2/resources/<tenant-id>/<group>/<mail>" -H "Authorization: ..."
    assert_eq!(c.delete(room).await, ok());
    assert_eq!(c.get("/v2/resources/gost/Rooms").await, (200, json!([])));
    assert_eq!(c.delete(room).await.0, 404);
}

#[tokio::test]
async fn mail_lists_2_14() {
    let server = TestServer::start().await;
    let c = curl(&server).await;
    tenant(&c, "gr", "gr.myoffice-app.ru").await;
    for local in ["email1", "email2", "user0", "user1"] {
        user(&c, "gr", &format!("{local}@gr.myoffice-app.ru")).await;
    }
    let group = "/v2/maillists/gr/group@gr.myoffice-app.ru";
    // 2.14.2 (1): curl -X GET "https://<pbm_url>/v2/maillists/<tenant-id>" -H "Authorization: Bearer <access_token>"
    assert_eq!(c.get("/v2/maillists/gr").await, (200, json!([])));
    // (2): curl -X PUT ".../v2/maillists/<tenant-id>/<mail>" -d "alias=<alias>" -d "displayName=<displayName>"
    //      -d "employeeType=<employeeType>" -d "accessTo=local_only" -H "Authorization: ..."
    //      with alias as the JSON array -d alias="[\"email1@gr.myoffice-app.ru\", \"email2@gr.myoffice-app.ru\"]"
    let form = r#"alias=["email1@gr.myoffice-app.ru", "email2@gr.myoffice-app.ru"]&displayName=Group&employeeType=1&accessTo=local_only"#;
    assert_eq!(c.form(Method::PUT, group, form).await, ok());
    // The array exactly as printed, after the shell has read its broken quoting:
    // -d alias="\["email1@test.ru"\, \"email2@test.ru\"\\]"  →  alias=\[email1@test.ru\, "email2@test.ru"\]
    let printed = r#"alias=\[email1@gr.myoffice-app.ru\, "email2@gr.myoffice-app.ru"\]&displayName=Printed"#;
    assert_eq!(c.form(Method::PUT, "/v2/maillists/gr/printed@gr.myoffice-app.ru", printed).await, ok());
    // (3): curl -X GET "https://<pbm_url>/v2/maillists/<tenant-id>/<mail>" (with the token: pbm requires it)
    let expected = json!({
        "mail": "group@gr.myoffice-app.ru",
        "tenant-id": "gr",
        "displayName": "Group",
        "alias": ["email1@gr.myoffice-app.ru", "email2@gr.myoffice-app.ru"],
        "employeeType": 1,
        "accessTo": "local_only"
    });
    assert_eq!(c.get(group).await, (200, expected));
    assert_eq!(
        c.get("/v2/maillists/gr/printed@gr.myoffice-app.ru").await.1["alias"],
        json!(["email1@gr.myoffice-app.ru", "email2@gr.myoffice-app.ru"])
    );
    assert_eq!(without_token(&server, Method::GET, group).await, (401, json!({"message": "TOKEN MISSING"})));

    // 2.14.3: curl -X PATCH "https://<pbm_url>/v2/maillists?tenant-id=<tenant-id>" with the body exactly as printed
    // (a bare sequence of operations closed by "]]") and the list's mail, which the text names as required.
    let printed_patch = r#"{ "op": "replace", "path": "/displayName", "value":
"testgroup" },
{ "op": "add", "path": "/alias", "value": "user0@gr.myoffice-app.ru" },
{ "op": "add", "path": "/alias", "value": "user1@gr.myoffice-app.ru" }]]"#;
    assert_eq!(c.patch("/v2/maillists?tenant-id=gr&mail=group@gr.myoffice-app.ru", printed_patch).await, ok());
    let (_, body) = c.get(group).await;
    assert_eq!(body["displayName"], "testgroup");
    assert_eq!(
        body["alias"],
        json!([
            "email1@gr.myoffice-app.ru",
            "email2@gr.myoffice-app.ru",
            "user0@gr.myoffice-app.ru",
            "user1@gr.myoffice-app.ru"
        ])
    );
    assert_eq!(
        c.patch("/v2/maillists?tenant-id=gr", printed_patch).await,
        (400, json!({"message": {"mail": "mail is a required value"}}))
    );
    // The other parameters of §2.14.3 — accessTo, newMail, removing a member — through the path form.
    assert_eq!(
        c.patch(
            group,
            r#"[{"op": "remove", "path": "/accessTo"}, {"op": "remove", "path": "/alias/email1@gr.myoffice-app.ru"}]"#
        )
        .await,
        ok()
    );
    let (_, body) = c.get(group).await;
    assert_eq!((body["accessTo"].clone(), body["alias"].as_array().unwrap().len()), (json!(""), 3));
    assert_eq!(c.patch(group, r#"[{"op": "replace", "path": "/accessTo", "value": "local_only"}]"#).await, ok());
    assert_eq!(c.get(group).await.1["accessTo"], "local_only");
    assert_eq!(
        c.patch(group, r#"[{"op": "replace", "path": "/newMail", "value": "team@gr.myoffice-app.ru"}]"#).await,
        ok()
    );
    assert_eq!(c.get(group).await.0, 404);
    let team = "/v2/maillists/gr/team@gr.myoffice-app.ru";
    assert_eq!(c.get(team).await.1["displayName"], "testgroup");

    // Errors (§8), nothing changed.
    let before = c.get(team).await;
    let cases: Vec<(&str, &str, u16, Value)> = vec![
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/newMail", "value": "printed@gr.myoffice-app.ru"}]"#,
            409,
            json!({"message": "address printed@gr.myoffice-app.ru already exists"}),
        ),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/newMail", "value": "user0@gr.myoffice-app.ru"}]"#,
            409,
            json!({"message": "address user0@gr.myoffice-app.ru already exists"}),
        ),
        (
            "PATCH",
            r#"[{"op": "add", "path": "/alias", "value": "ghost@gr.myoffice-app.ru"}]"#,
            400,
            json!({"message": {"alias": "ghost@gr.myoffice-app.ru: no user, alias, resource or list of the tenant has this address"}}),
        ),
        (
            "PATCH",
            r#"[{"op": "add", "path": "/alias", "value": "team@gr.myoffice-app.ru"}]"#,
            400,
            json!({"message": {"alias": "team@gr.myoffice-app.ru: a list cannot contain itself"}}),
        ),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/accessTo", "value": "everyone"}]"#,
            400,
            json!({"message": {"accessTo": "accessTo must be local_only (senders inside the installation only) or empty (anyone)"}}),
        ),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/mail", "value": "x@gr.myoffice-app.ru"}]"#,
            400,
            json!({"message": {"mail": "the address of a list changes only through new_mail (/newMail)"}}),
        ),
        (
            "PATCH",
            r#"[{"op": "replace", "path": "/displayName", "value": ""}]"#,
            400,
            json!({"message": {"displayName": "displayName is a required value"}}),
        ),
        (
            "PATCH /v2/maillists?tenant-id=gr&mail=nope@gr.myoffice-app.ru",
            r#"[{"op": "replace", "path": "/displayName", "value": "x"}]"#,
            404,
            json!({"message": "mailing list nope@gr.myoffice-app.ru not found"}),
        ),
        (
            "PUT /v2/maillists/gr/new@gr.myoffice-app.ru",
            "alias=email1@gr.myoffice-app.ru",
            400,
            json!({"message": {"displayName": "displayName is a required value"}}),
        ),
        (
            "PUT /v2/maillists/gr/new@gr.myoffice-app.ru",
            "displayName=New&accessTo=local",
            400,
            json!({"message": {"accessTo": "accessTo must be local_only (senders inside the installation only) or empty (anyone)"}}),
        ),
        (
            "PUT /v2/maillists/gr/user1@gr.myoffice-app.ru",
            "displayName=New",
            409,
            json!({"message": "address user1@gr.myoffice-app.ru already exists"}),
        ),
    ];
    for (what, body, code, expected) in cases {
        let (method, path) = what.split_once(' ').unwrap_or((what, team));
        let answer = match method {
            "PUT" => c.form(Method::PUT, path, body).await,
            _ => c.patch(path, body).await,
        };
        assert_eq!(answer, (code, expected), "{what} {body}");
    }
    assert_eq!(c.get(team).await, before);
    assert_eq!(c.get("/v2/maillists/gr").await.1.as_array().unwrap().len(), 2);

    // 2.14.5: curl -X DELETE "https://<pbm_url>/v2/maillists/<tenant-id>/<mail>" (with the token: pbm requires it)
    assert_eq!(without_token(&server, Method::DELETE, team).await, (401, json!({"message": "TOKEN MISSING"})));
    assert_eq!(c.delete(team).await, ok());
    assert_eq!(c.get(team).await.0, 404);
    assert_eq!(c.get("/v2/maillists/gr").await.1.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn mail_domains_2_17() {
    let server = TestServer::start().await;
    let c = curl(&server).await;
    tenant(&c, "gost", "gost.myoffice-app.ru").await;
    // 2.17.2: curl -X PUT "https://<pbm_url>/v2/maildomains/<tenant-id>/<domain>" -H "Authorization: Bearer <access_token>"
    assert_eq!(c.form(Method::PUT, "/v2/maildomains/gost/Test2.ru", "").await, ok());
    // 2.17.6: curl -X GET "https://<pbm_url>/v2/maildomains/<tenant-id>" -H "Authorization: Bearer <access_token>"
    let domain = |name: &str, default: bool| json!({"domain": name, "tenant-id": "gost", "displayName": "", "description": "", "associatedDomain": "", "default": default});
    assert_eq!(
        c.get("/v2/maildomains/gost").await,
        (200, json!([domain("gost.myoffice-app.ru", true), domain("test2.ru", false)]))
    );
    // 2.17.4: curl -X PATCH ".../v2/maildomains/<tenant-id>/<domain>"
    //   --data-raw ' [{ "op": "add", "path": "/displayName", "value": "test2domain" },
    //                { "op": "add", "path": "/description", "value": "test2domain_desk" },
    //                { "op": "add", "path": "/associatedDomain", "value": "false" } ]'
    let printed = r#" [{ "op": "add", "path": "/displayName", "value":
"test2domain" },
                { "op": "add", "path": "/description", "value":
"test2domain_desk" },
                { "op": "add", "path": "/associatedDomain", "value":
"false" } ]"#;
    assert_eq!(c.patch("/v2/maildomains/gost/test2.ru", printed).await, ok());
    let patched = json!({"domain": "test2.ru", "tenant-id": "gost", "displayName": "test2domain",
                         "description": "test2domain_desk", "associatedDomain": "false", "default": false});
    assert_eq!(c.get("/v2/maildomains/gost/test2.ru").await, (200, patched));
    // 2.17.8: the default domain's flag, as a JSON-Patch of /default.
    assert_eq!(
        c.patch("/v2/maildomains/gost/test2.ru", r#"[{"op": "replace", "path": "/default", "value": true}]"#).await,
        ok()
    );
    let (_, body) = c.get("/v2/maildomains/gost").await;
    assert_eq!((body[0]["default"].clone(), body[1]["default"].clone()), (json!(false), json!(true)));

    // Errors (§8), nothing changed.
    user(&c, "gost", "ivan@gost.myoffice-app.ru").await;
    let before = c.get("/v2/maildomains/gost").await;
    let cases: Vec<(&str, &str, &str, u16, Value)> = vec![
        (
            "PUT",
            "/v2/maildomains/gost/bad_domain.ru",
            "",
            400,
            json!({"message": {"domain": "may contain only Latin letters, digits, '.' and '-'"}}),
        ),
        ("PUT", "/v2/maildomains/gost/x", "", 400, json!({"message": {"domain": "must have 2 to 63 characters"}})),
        ("PUT", "/v2/maildomains/gost/test2.ru", "", 409, json!({"message": "domain test2.ru already exists"})),
        ("PUT", "/v2/maildomains/gost/example.com", "", 409, json!({"message": "domain example.com already exists"})),
        (
            "PUT",
            "/v2/maildomains/gost/new.ru",
            "colour=red",
            400,
            json!({"message": {"colour": "colour is not a parameter of this request"}}),
        ),
        (
            "PATCH",
            "/v2/maildomains/gost/test2.ru",
            r#"[{"op": "replace", "path": "/domain", "value": "x.ru"}]"#,
            400,
            json!({"message": {"domain": "the name of a mail domain cannot be changed"}}),
        ),
        (
            "PATCH",
            "/v2/maildomains/gost/test2.ru",
            r#"[{"op": "replace", "path": "/default", "value": false}]"#,
            400,
            json!({"message": {"default": "/default can only be set to true: make another domain the default instead"}}),
        ),
        (
            "PATCH",
            "/v2/maildomains/gost/test2.ru",
            r#"[{"op": "replace", "path": "/default", "value": true}, {"op": "add", "path": "/description", "value": "x"}]"#,
            400,
            json!({"message": {"default": "/default must be the only operation of its request"}}),
        ),
        (
            "DELETE",
            "/v2/maildomains/gost/test2.ru",
            "",
            422,
            json!({"message": "mail domain test2.ru is the default domain of tenant gost; make another domain the default first"}),
        ),
        (
            "DELETE",
            "/v2/maildomains/gost/gost.myoffice-app.ru",
            "",
            422,
            json!({"message": "mail domain gost.myoffice-app.ru is still used by 1 user; remove them first or delete with force"}),
        ),
        (
            "DELETE",
            "/v2/maildomains/gost/gost.myoffice-app.ru?force=maybe",
            "",
            400,
            json!({"message": {"force": "must be true or false"}}),
        ),
        (
            "DELETE",
            "/v2/maildomains/gost/example.com",
            "",
            404,
            json!({"message": "mail domain example.com not found"}),
        ),
    ];
    for (method, path, body, code, expected) in cases {
        let answer = match method {
            "PUT" => c.form(Method::PUT, path, body).await,
            "PATCH" => c.patch(path, body).await,
            _ => c.delete(path).await,
        };
        assert_eq!(answer, (code, expected), "{method} {path} {body}");
    }
    assert_eq!(c.get("/v2/maildomains/gost").await, before);
    assert_eq!(c.get("/v2/users/gost/ivan@gost.myoffice-app.ru").await.0, 200);

    // 2.17.9: curl -X DELETE "https://<pbm_url>/v2/maildomains/<tenant-id>/<domain>" (with the token: pbm requires it);
    // a domain in use goes with ?force=true, taking its users with it.
    assert_eq!(
        without_token(&server, Method::DELETE, "/v2/maildomains/gost/gost.myoffice-app.ru").await,
        (401, json!({"message": "TOKEN MISSING"}))
    );
    assert_eq!(c.delete("/v2/maildomains/gost/gost.myoffice-app.ru?force=true").await, ok());
    assert_eq!(c.get("/v2/maildomains/gost").await.1.as_array().unwrap().len(), 1);
    assert_eq!(c.get("/v2/users/gost/ivan@gost.myoffice-app.ru").await.0, 404);
}

/// A form body as `curl -d "key=<key>" -d "crt=<crt>"` sends it: joined with
/// `&`, not URL-encoded (so every `+` of the base64 arrives as a space).
fn curl_d(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// `curl -F key=@key.pem -F crt=@crt.pem`.
fn curl_f(pair: &certs::Pair) -> Form {
    Form::new()
        .part("key", Part::text(pair.key.clone()).file_name("key.pem"))
        .part("crt", Part::text(pair.crt.clone()).file_name("crt.pem"))
}

#[tokio::test]
async fn web_domains_2_18() {
    let server = TestServer::start().await;
    let c = curl(&server).await;
    let multipart = |method: Method, path: &str, form: Form| {
        server.http.request(method, server.url(path)).bearer_auth(&c.token).multipart(form).send()
    };
    let first = certs::valid("mail.gost.ru");
    // 2.18.1: curl -X PUT "https://<pbm_url>/v2/webdomains/<domain>" -d "key=<key>" -d "crt=<crt>" -H "Authorization: ..."
    let (code, body) =
        c.form(Method::PUT, "/v2/webdomains/mail.gost.ru", &curl_d(&[("key", &first.key), ("crt", &first.crt)])).await;
    assert_eq!((code, body), (200, json!({"success": true, "notAfter": "2099-01-01T00:00:00Z"})));
    // 2.18.2: curl -X PATCH ".../v2/webdomains/<domain>" -d "key=<key>" -d "crt=<crt>" -H "Authorization: ..."
    let second = certs::pair(certs::Spec { until: (2098, 6, 1), ..certs::Spec::valid(&["mail.gost.ru"]) });
    let (code, body) = c
        .form(Method::PATCH, "/v2/webdomains/mail.gost.ru", &curl_d(&[("key", &second.key), ("crt", &second.crt)]))
        .await;
    assert_eq!((code, body), (200, json!({"success": true, "notAfter": "2098-06-01T00:00:00Z"})));
    // "... can be sent as a form instead of the parameter": curl -F key=@key.pem -F crt=@crt.pem
    let rsa = certs::pair(certs::Spec { rsa: true, ..certs::Spec::valid(&["*.gost.ru"]) });
    let (code, body) = json(multipart(Method::PATCH, "/v2/webdomains/mail.gost.ru", curl_f(&rsa)).await.unwrap()).await;
    assert_eq!((code, body["success"].clone()), (200, json!(true)), "{body}");
    let other = certs::valid("web.gost.ru");
    let (code, body) = json(multipart(Method::PUT, "/v2/webdomains/web.gost.ru", curl_f(&other)).await.unwrap()).await;
    assert_eq!((code, body["success"].clone()), (200, json!(true)), "{body}");
    // Beyond the guide: the certificates can be read, never the keys.
    let (code, body) = c.get("/v2/webdomains").await;
    assert_eq!(code, 200);
    assert_eq!(
        body.as_array().unwrap().iter().map(|d| d["domain"].as_str().unwrap()).collect::<Vec<_>>(),
        ["mail.gost.ru", "web.gost.ru"]
    );
    assert!(!body.to_string().contains("PRIVATE KEY"));
    let (_, one) = c.get("/v2/webdomains/mail.gost.ru").await;
    assert_eq!((one["dnsNames"].clone(), one["subject"].clone()), (json!(["*.gost.ru"]), json!("CN=*.gost.ru")));
    assert_eq!(one["sha256Fingerprint"].as_str().unwrap().len(), 64);

    // Errors (§8), nothing changed.
    let before = c.get("/v2/webdomains").await;
    let mismatched = certs::Pair { key: certs::valid("new.gost.ru").key, crt: certs::valid("new.gost.ru").crt };
    let expired = certs::expired("new.gost.ru");
    let foreign = certs::valid("other.test");
    let cases: Vec<(Method, &str, String, u16, Value)> = vec![
        (
            Method::PUT,
            "/v2/webdomains/new.gost.ru",
            curl_d(&[("key", &mismatched.key), ("crt", &mismatched.crt)]),
            400,
            json!({"message": {"key": "does not match the certificate: it is not the private half of its public key"}}),
        ),
        (
            Method::PUT,
            "/v2/webdomains/new.gost.ru",
            curl_d(&[("key", &expired.key), ("crt", &expired.crt)]),
            400,
            json!({"message": {"crt": "expired on 2021-01-01T00:00:00Z"}}),
        ),
        (
            Method::PUT,
            "/v2/webdomains/new.gost.ru",
            curl_d(&[("key", &foreign.key), ("crt", &foreign.crt)]),
            400,
            json!({"message": {"crt": "does not cover new.gost.ru: it is for other.test"}}),
        ),
        (
            Method::PUT,
            "/v2/webdomains/new.gost.ru",
            String::new(),
            400,
            json!({"message": {"key": "key is a required value", "crt": "crt is a required value"}}),
        ),
        (
            Method::PUT,
            "/v2/webdomains/mail.gost.ru",
            curl_d(&[("key", &rsa.key), ("crt", &rsa.crt)]),
            409,
            json!({"message": "web domain mail.gost.ru already exists"}),
        ),
        (
            Method::PATCH,
            "/v2/webdomains/mail.gost.ru",
            curl_d(&[("crt", &foreign.crt)]),
            400,
            json!({"message": {"key": "does not match the certificate: it is not the private half of its public key",
                            "crt": "does not cover mail.gost.ru: it is for other.test"}}),
        ),
        (
            Method::PATCH,
            "/v2/webdomains/nope.gost.ru",
            curl_d(&[("crt", &rsa.crt)]),
            404,
            json!({"message": "web domain nope.gost.ru not found"}),
        ),
        (
            Method::PUT,
            "/v2/webdomains/new.gost.ru",
            format!("{}&colour=red", curl_d(&[("key", &first.key)])),
            400,
            json!({"message": {"colour": "colour is not a parameter of this request"}}),
        ),
    ];
    for (method, path, body, code, expected) in cases {
        assert_eq!(c.form(method.clone(), path, &body).await, (code, expected), "{method} {path}");
    }
    let unknown_part = Form::new().part("certificate", Part::text(rsa.crt.clone()));
    let (code, body) = json(multipart(Method::PATCH, "/v2/webdomains/mail.gost.ru", unknown_part).await.unwrap()).await;
    assert_eq!(
        (code, body),
        (400, json!({"message": {"certificate": "certificate is not a parameter of this request"}}))
    );
    // A body sent without a name (curl -d @key.pem) is not echoed back whole.
    let (code, body) = c.form(Method::PUT, "/v2/webdomains/new.gost.ru", &first.key).await;
    assert_eq!(code, 400);
    assert!(body.to_string().len() < 200 && !body.to_string().contains("END PRIVATE KEY"), "{body}");
    assert_eq!(c.get("/v2/webdomains").await, before);

    // 2.18.3: curl -X DELETE "https://<pbm_url>/v2/webdomains/<domain>" -H "Authorization: ..." → {"success": true}
    assert_eq!(c.delete("/v2/webdomains/web.gost.ru").await, ok());
    assert_eq!(
        c.get("/v2/webdomains/web.gost.ru").await,
        (404, json!({"message": "web domain web.gost.ru not found"}))
    );
    assert_eq!(c.delete("/v2/webdomains/web.gost.ru").await.0, 404);
}
