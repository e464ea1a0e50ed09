//! SCIM's client-written grammar (`/scim/v2`): filters (`?filter=`),
//! PATCH paths and whole PatchOp bodies, chosen by the first byte. Any
//! bytes parse or give an error, never a panic or a runaway recursion; a
//! parsed filter is evaluated against a user, a PatchOp is applied to one
//! (it leaves an object, or is refused with a 400; the caller drops a
//! refused PatchOp's half-applied copy).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pbm::rest::scim::{filter, patch};
use serde_json::{Value, json};

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "ivan@corp.test",
        "externalId": "E-1",
        "userName": "ivan@corp.test",
        "active": true,
        "name": {"givenName": "Иван", "familyName": "Петров"},
        "emails": [{"value": "ivan@corp.test", "type": "work", "primary": true}],
        "phoneNumbers": [{"value": "+7 495 000-00-00", "type": "work"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales"},
        "meta": {"resourceType": "User", "lastModified": "2026-12-05T10:00:00Z"}
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    match selector % 3 {
        0 => {
            let Ok(text) = std::str::from_utf8(rest) else { return };
            if let Ok(parsed) = filter::parse(text) {
                let first = parsed.matches(&user());
                assert_eq!(parsed.matches(&user()), first, "a filter's answer depends on the resource only");
                assert_eq!(filter::parse(text).ok(), Some(parsed), "parsing is deterministic");
            }
        }
        1 => {
            let Ok(text) = std::str::from_utf8(rest) else { return };
            let _ = filter::parse_path(text);
        }
        _ => {
            let Ok(body) = serde_json::from_slice::<Value>(rest) else { return };
            let mut resource = user();
            match patch::apply(&mut resource, &body) {
                Ok(()) => assert!(resource.is_object(), "a patched user is still an object"),
                Err(refused) => assert_eq!(refused.http_status(), http::StatusCode::BAD_REQUEST, "{refused:?}"),
            }
        }
    }
});
