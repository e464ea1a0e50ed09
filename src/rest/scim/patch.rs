//! PATCH (RFC 7644 §3.5.2) applied to a resource's SCIM JSON: the result is
//! then mapped back like a full replacement, so PATCH and PUT share one
//! mapping and one validation.
//!
//! The quirks of real clients are accepted: operation names in any case
//! (Entra ID sends `"Replace"`), an operation without `path` whose value
//! holds attributes by name or by path (`{"name.givenName": "Ann"}`), and a
//! `replace` through a value filter on `type` that matches nothing, which
//! adds the value (Entra ID replaces `phoneNumbers[type eq "work"].value`
//! on a user without a work phone), and a `remove` of a multi-valued
//! attribute with a `value` that lists the values to remove (Entra ID's way
//! of removing group members). Booleans written as strings are read by the
//! mapping.

use serde_json::{Map, Value};

use super::error::{ScimError, ScimType};
use super::filter::{self, AttrPath, CompareOp, Filter, PatchPath};

/// The most operations one PATCH may carry.
const MAX_OPERATIONS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Replace,
    Remove,
}

/// Applies the `Operations` of a PatchOp body to `resource`.
pub fn apply(resource: &mut Value, body: &Value) -> Result<(), ScimError> {
    let schemas = body.get("schemas").and_then(Value::as_array);
    if !schemas.is_some_and(|s| s.iter().any(|s| s.as_str() == Some(super::discovery::PATCH_OP))) {
        return Err(ScimError::bad(
            ScimType::InvalidSyntax,
            format!("schemas must name {}", super::discovery::PATCH_OP),
        ));
    }
    let operations = filter::field(body, "Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| ScimError::bad(ScimType::InvalidSyntax, "Operations must be an array"))?;
    if operations.is_empty() || operations.len() > MAX_OPERATIONS {
        return Err(ScimError::bad(ScimType::InvalidSyntax, format!("1 to {MAX_OPERATIONS} operations")));
    }
    for operation in operations {
        let op = match filter::field(operation, "op").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
            Some("add") => Op::Add,
            Some("replace") => Op::Replace,
            Some("remove") => Op::Remove,
            _ => return Err(ScimError::bad(ScimType::InvalidSyntax, "op must be add, replace or remove")),
        };
        let value = filter::field(operation, "value").cloned();
        match filter::field(operation, "path").and_then(Value::as_str) {
            Some(path) => {
                let path = filter::parse_path(path).map_err(|e| ScimError::bad(ScimType::InvalidPath, e))?;
                if op != Op::Remove && value.is_none() {
                    return Err(ScimError::bad(ScimType::InvalidSyntax, "add and replace need a value"));
                }
                apply_at(resource, op, &path, value)?;
            }
            None if op == Op::Remove => {
                return Err(ScimError::bad(ScimType::NoTarget, "remove needs a path"));
            }
            None => {
                let Some(Value::Object(members)) = value else {
                    return Err(ScimError::bad(ScimType::InvalidSyntax, "an operation without path takes an object"));
                };
                for (name, value) in members {
                    // A member may be an attribute or a path (Entra ID: "name.givenName").
                    let path = filter::parse_path(&name).map_err(|e| ScimError::bad(ScimType::InvalidPath, e))?;
                    apply_at(resource, op, &path, Some(value))?;
                }
            }
        }
    }
    Ok(())
}

/// The object holding `path`'s attribute (the resource, or its extension's object).
fn holder<'a>(resource: &'a mut Value, path: &AttrPath, create: bool) -> Option<&'a mut Map<String, Value>> {
    let object = resource.as_object_mut()?;
    match &path.schema {
        None => Some(object),
        Some(schema) => {
            let key = object.keys().find(|k| k.eq_ignore_ascii_case(schema)).cloned();
            let key = match key {
                Some(key) => key,
                None if create => {
                    object.insert(schema.clone(), Value::Object(Map::new()));
                    schema.clone()
                }
                None => return None,
            };
            object.get_mut(&key)?.as_object_mut()
        }
    }
}

/// The member of `object` named `name` in any case: its key as stored, or `name`.
fn key_of(object: &Map<String, Value>, name: &str) -> String {
    object.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned().unwrap_or_else(|| name.to_owned())
}

fn apply_at(resource: &mut Value, op: Op, path: &PatchPath, value: Option<Value>) -> Result<(), ScimError> {
    let Some(object) = holder(resource, &path.attr, op != Op::Remove) else { return Ok(()) };
    let key = key_of(object, &path.attr.name);
    if let Some(filter) = &path.filter {
        return apply_filtered(object, &key, op, filter, path.sub.as_deref(), value);
    }
    match (&path.attr.sub, op) {
        (Some(sub), Op::Remove) => {
            if let Some(Value::Object(inner)) = object.get_mut(&key) {
                let sub = key_of(inner, sub);
                inner.remove(&sub);
            }
        }
        (Some(sub), _) => {
            let inner = object.entry(key).or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(inner) = inner else {
                return Err(ScimError::bad(ScimType::InvalidPath, format!("{} has no sub-attributes", path.attr.name)));
            };
            let sub = key_of(inner, sub);
            inner.insert(sub, value.unwrap_or(Value::Null));
        }
        (None, Op::Remove) => match (object.get_mut(&key), value) {
            // Entra ID removes group members as {"path": "members", "value": [{"value": id}]}.
            (Some(Value::Array(existing)), Some(Value::Array(gone))) => {
                let id = |v: &Value| filter::field(v, "value").cloned().unwrap_or_else(|| v.clone());
                let gone: Vec<Value> = gone.iter().map(id).collect();
                existing.retain(|element| !gone.contains(&id(element)));
            }
            _ => {
                object.remove(&key);
            }
        },
        (None, _) => {
            let value = value.unwrap_or(Value::Null);
            match (object.get_mut(&key), value) {
                // add to a multi-valued attribute appends what is not there yet
                (Some(Value::Array(existing)), Value::Array(values)) if op == Op::Add => {
                    for value in values {
                        if !existing.contains(&value) {
                            existing.push(value);
                        }
                    }
                }
                // a complex attribute takes the sub-attributes given, and keeps the others
                (Some(Value::Object(existing)), Value::Object(values)) => {
                    for (sub, value) in values {
                        let sub = key_of(existing, &sub);
                        existing.insert(sub, value);
                    }
                }
                (Some(slot), value) => *slot = value,
                (None, value) => {
                    object.insert(key, value);
                }
            }
        }
    }
    Ok(())
}

/// An operation on the values of the multi-valued `key` that match `filter`.
fn apply_filtered(
    object: &mut Map<String, Value>,
    key: &str,
    op: Op,
    filter: &Filter,
    sub: Option<&str>,
    value: Option<Value>,
) -> Result<(), ScimError> {
    let values = object.entry(key.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(values) = values else {
        return Err(ScimError::bad(ScimType::InvalidPath, format!("{key} is not multi-valued")));
    };
    if op == Op::Remove {
        match sub {
            None => values.retain(|element| !filter.matches(element)),
            Some(sub) => {
                for element in values.iter_mut().filter(|element| filter.matches(element)) {
                    if let Value::Object(inner) = element {
                        let sub = key_of(inner, sub);
                        inner.remove(&sub);
                    }
                }
            }
        }
        return Ok(());
    }
    let value = value.unwrap_or(Value::Null);
    let mut matched = false;
    for element in values.iter_mut().filter(|element| filter.matches(element)) {
        matched = true;
        match (sub, element) {
            (Some(sub), Value::Object(inner)) => {
                let sub = key_of(inner, sub);
                inner.insert(sub, value.clone());
            }
            (None, element) => *element = value.clone(),
            (Some(_), _) => return Err(ScimError::bad(ScimType::InvalidPath, format!("{key} has no sub-attributes"))),
        }
    }
    if matched {
        return Ok(());
    }
    // Nothing matched: a filter on `type` adds a value of that type; any other selects nothing.
    match filter {
        Filter::Compare(AttrPath { schema: None, name, sub: None }, CompareOp::Eq, Value::String(kind))
            if name.eq_ignore_ascii_case("type") =>
        {
            let mut element = match (sub, value) {
                (Some(sub), value) => Map::from_iter([(sub.to_owned(), value)]),
                (None, Value::Object(members)) => members,
                (None, _) => return Err(ScimError::bad(ScimType::InvalidValue, format!("a {key} value is an object"))),
            };
            element.insert("type".into(), Value::String(kind.clone()));
            values.push(Value::Object(element));
            Ok(())
        }
        _ => Err(ScimError::bad(ScimType::NoTarget, format!("no {key} value matches the path's filter"))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn patched(operations: Value) -> Result<Value, ScimError> {
        let mut user = json!({
            "userName": "ann@example.com", "active": true,
            "name": {"givenName": "Ann", "familyName": "Lee"},
            "emails": [{"value": "ann@example.com", "type": "work", "primary": true}],
            "phoneNumbers": [{"value": "+1 555", "type": "work"}],
        });
        apply(&mut user, &json!({"schemas": [super::super::discovery::PATCH_OP], "Operations": operations}))?;
        Ok(user)
    }

    #[test]
    fn entra_id_capitalised_ops_and_members_by_path() {
        let user = patched(json!([
            {"op": "Replace", "value": {"active": "False", "name.givenName": "Anna"}},
            {"op": "Add", "path": "title", "value": "Engineer"},
        ]))
        .unwrap();
        assert_eq!(user["active"], "False");
        assert_eq!(user["name"], json!({"givenName": "Anna", "familyName": "Lee"}));
        assert_eq!(user["title"], "Engineer");
    }

    #[test]
    fn value_filters_select_replace_add_and_remove() {
        let user = patched(json!([
            {"op": "replace", "path": "phoneNumbers[type eq \"work\"].value", "value": "+1 777"},
            {"op": "replace", "path": "phoneNumbers[type eq \"home\"].value", "value": "+1 888"},
            {"op": "add", "path": "emails", "value": [{"value": "a@example.com", "type": "other"}]},
            {"op": "remove", "path": "emails[value eq \"ann@example.com\"]"},
        ]))
        .unwrap();
        assert_eq!(
            user["phoneNumbers"],
            json!([{"value": "+1 777", "type": "work"}, {"value": "+1 888", "type": "home"}])
        );
        assert_eq!(user["emails"], json!([{"value": "a@example.com", "type": "other"}]));
    }

    #[test]
    fn a_remove_with_values_removes_those_values() {
        let user = patched(json!([
            {"op": "add", "path": "emails", "value": [{"value": "b@example.com"}, {"value": "c@example.com"}]},
            {"op": "Remove", "path": "emails", "value": [{"value": "ann@example.com"}, {"value": "c@example.com"}]},
        ]))
        .unwrap();
        assert_eq!(user["emails"], json!([{"value": "b@example.com"}]));
    }

    #[test]
    fn complex_attributes_merge_and_sub_attributes_go() {
        let user = patched(json!([
            {"op": "replace", "path": "name", "value": {"familyName": "Li"}},
            {"op": "remove", "path": "name.givenName"},
        ]))
        .unwrap();
        assert_eq!(user["name"], json!({"familyName": "Li"}));
    }

    #[test]
    fn bad_operations_are_refused() {
        for (operations, scim_type) in [
            (json!([{"op": "move", "path": "title", "value": "x"}]), "invalidSyntax"),
            (json!([{"op": "remove"}]), "noTarget"),
            (json!([{"op": "add", "path": "title"}]), "invalidSyntax"),
            (json!([{"op": "add", "path": "emails[type eq"}]), "invalidPath"),
            (json!([{"op": "replace", "path": "emails[value eq \"x\"].value", "value": "y"}]), "noTarget"),
            (json!([]), "invalidSyntax"),
        ] {
            let err = patched(operations.clone()).unwrap_err();
            assert_eq!(err.body()["scimType"], scim_type, "{operations}");
        }
    }
}
