//! SCIM filters (RFC 7644 §3.4.2.2): parsed into a [`Filter`] and evaluated
//! against a resource's SCIM JSON, and the attribute paths of PATCH
//! (`emails[type eq "work"].value`, §3.5.2) that share their grammar.
//!
//! What is supported: the comparisons `eq ne co sw ew gt ge lt le` and
//! `pr`, `and`, `or`, `not ( … )`, parentheses, and value filters on
//! multi-valued attributes (`emails[type eq "work" and primary eq true]`).
//! Attribute names and operators are case-insensitive; a schema URN prefix
//! (`urn:ietf:params:scim:schemas:core:2.0:User:userName`) is accepted.
//! String comparisons ignore case but for `id` and `externalId`, which
//! RFC 7643 marks case-exact. A multi-valued attribute matches when one of
//! its values does.

use serde_json::Value;

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `attr op value`.
    Compare(AttrPath, CompareOp, Value),
    /// `attr pr`.
    Present(AttrPath),
    /// `a and b`.
    And(Box<Filter>, Box<Filter>),
    /// `a or b`.
    Or(Box<Filter>, Box<Filter>),
    /// `not (a)`.
    Not(Box<Filter>),
    /// `attr[filter]`: one value of the multi-valued `attr` matches.
    ValuePath(AttrPath, Box<Filter>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `co`: contains.
    Co,
    /// `sw`: starts with.
    Sw,
    /// `ew`: ends with.
    Ew,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
}

/// An attribute path: `name` or `name.sub`, without the schema URN (the
/// enterprise extension's attributes keep theirs in `schema`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPath {
    /// The extension schema URN, for an extension's attribute.
    pub schema: Option<String>,
    /// The attribute's name as written.
    pub name: String,
    /// The sub-attribute's name, if any.
    pub sub: Option<String>,
}

/// A PATCH operation's `path`: an attribute, optionally narrowed to the
/// values of a multi-valued attribute that match a filter, and a
/// sub-attribute of those values (`emails[type eq "work"].value`).
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    /// The attribute (its `sub` is the sub-attribute when there is no filter).
    pub attr: AttrPath,
    /// The value filter.
    pub filter: Option<Filter>,
    /// The sub-attribute after a value filter.
    pub sub: Option<String>,
}

/// The enterprise user extension's URN.
pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The core schemas' URN prefix.
const CORE_PREFIX: &str = "urn:ietf:params:scim:schemas:core:2.0:";

/// Parses a filter; the error says what is wrong where.
pub fn parse(text: &str) -> Result<Filter, String> {
    let mut parser = Parser { tokens: tokenize(text)?, at: 0 };
    let filter = parser.or()?;
    match parser.peek() {
        None => Ok(filter),
        Some(token) => Err(format!("unexpected {token} after the filter")),
    }
}

/// Parses a PATCH `path`.
pub fn parse_path(text: &str) -> Result<PatchPath, String> {
    let mut parser = Parser { tokens: tokenize(text)?, at: 0 };
    let attr = parser.attr_path()?;
    let mut path = PatchPath { attr, filter: None, sub: None };
    if parser.eat(&Token::Open('[')) {
        if path.attr.sub.is_some() {
            return Err("a value filter follows an attribute, not a sub-attribute".into());
        }
        path.filter = Some(parser.or()?);
        if !parser.eat(&Token::Close(']')) {
            return Err("a value filter must end with ']'".into());
        }
        if let Some(Token::Word(word)) = parser.peek().cloned() {
            let sub = word.strip_prefix('.').ok_or_else(|| format!("unexpected {word} after ']'"))?;
            if sub.is_empty() || !sub.chars().all(is_name_char) {
                return Err(format!("bad sub-attribute {sub:?}"));
            }
            path.sub = Some(sub.to_owned());
            parser.at += 1;
        }
    }
    match parser.peek() {
        None => Ok(path),
        Some(token) => Err(format!("unexpected {token} in the path")),
    }
}

impl Filter {
    /// Whether `resource` (a SCIM resource's JSON) matches.
    pub fn matches(&self, resource: &Value) -> bool {
        match self {
            Filter::And(a, b) => a.matches(resource) && b.matches(resource),
            Filter::Or(a, b) => a.matches(resource) || b.matches(resource),
            Filter::Not(a) => !a.matches(resource),
            Filter::Present(path) => values(resource, path).iter().any(|v| present(v)),
            Filter::Compare(path, op, expected) => {
                let found = values(resource, path);
                if *op == CompareOp::Ne {
                    return !found.iter().any(|v| compare(path, CompareOp::Eq, v, expected));
                }
                found.iter().any(|v| compare(path, *op, v, expected))
            }
            Filter::ValuePath(path, inner) => {
                attribute(resource, path).map(as_list).unwrap_or_default().iter().any(|value| inner.matches(value))
            }
        }
    }

    /// The value `attr eq "value"` compares with, when the whole filter is
    /// that one comparison on `name` (a lookup the store can answer).
    pub fn equality_on(&self, name: &str) -> Option<&str> {
        match self {
            Filter::Compare(path, CompareOp::Eq, Value::String(value))
                if path.sub.is_none() && path.schema.is_none() && path.name.eq_ignore_ascii_case(name) =>
            {
                Some(value)
            }
            _ => None,
        }
    }
}

/// The attribute `path` names in `resource` (case-insensitive), before its sub-attribute.
pub fn attribute<'a>(resource: &'a Value, path: &AttrPath) -> Option<&'a Value> {
    let holder = match &path.schema {
        Some(schema) => field(resource, schema)?,
        None => resource,
    };
    field(holder, &path.name)
}

/// The member `name` of `object`, its name compared case-insensitively.
pub fn field<'a>(object: &'a Value, name: &str) -> Option<&'a Value> {
    object.as_object()?.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value)
}

/// The values `path` selects: a multi-valued attribute's elements (or their
/// sub-attribute), or the one value.
fn values<'a>(resource: &'a Value, path: &AttrPath) -> Vec<&'a Value> {
    let Some(value) = attribute(resource, path) else { return Vec::new() };
    let elements = as_list(value);
    match &path.sub {
        None => elements,
        Some(sub) => elements.into_iter().filter_map(|element| field(element, sub)).collect(),
    }
}

fn as_list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

fn present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(members) => !members.is_empty(),
        _ => true,
    }
}

/// Whether the attribute's string values compare with case.
fn case_exact(path: &AttrPath) -> bool {
    path.sub.is_none() && (path.name.eq_ignore_ascii_case("id") || path.name.eq_ignore_ascii_case("externalId"))
}

fn compare(path: &AttrPath, op: CompareOp, found: &Value, expected: &Value) -> bool {
    use std::cmp::Ordering;
    let ordering = match (found, expected) {
        (Value::String(found), Value::String(expected)) => {
            let (found, expected) = if case_exact(path) {
                (found.clone(), expected.clone())
            } else {
                (found.to_lowercase(), expected.to_lowercase())
            };
            match op {
                CompareOp::Co => return found.contains(&expected),
                CompareOp::Sw => return found.starts_with(&expected),
                CompareOp::Ew => return found.ends_with(&expected),
                _ => found.cmp(&expected),
            }
        }
        (Value::Number(found), Value::Number(expected)) => {
            match found.as_f64().zip(expected.as_f64()).and_then(|(a, b)| a.partial_cmp(&b)) {
                Some(ordering) => ordering,
                None => return false,
            }
        }
        (Value::Bool(found), Value::Bool(expected)) => {
            return matches!(op, CompareOp::Eq) && found == expected;
        }
        // Entra ID writes booleans as strings.
        (Value::Bool(found), Value::String(expected)) => {
            return matches!(op, CompareOp::Eq) && expected.eq_ignore_ascii_case(if *found { "true" } else { "false" });
        }
        (_, Value::Null) => return op == CompareOp::Eq && !present(found),
        _ => return false,
    };
    match op {
        CompareOp::Eq => ordering == Ordering::Equal,
        CompareOp::Gt => ordering == Ordering::Greater,
        CompareOp::Ge => ordering != Ordering::Less,
        CompareOp::Lt => ordering == Ordering::Less,
        CompareOp::Le => ordering != Ordering::Greater,
        CompareOp::Ne | CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// An attribute path, an operator or a keyword (`true`, `and`, …).
    Word(String),
    /// A JSON string.
    Text(String),
    /// A number.
    Number(serde_json::Number),
    Open(char),
    Close(char),
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Token::Word(word) => write!(f, "'{word}'"),
            Token::Text(text) => write!(f, "{text:?}"),
            Token::Number(number) => write!(f, "{number}"),
            Token::Open(c) | Token::Close(c) => write!(f, "'{c}'"),
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$'
}

/// Filters longer than this are refused (a filter is a short expression).
const MAX_FILTER_BYTES: usize = 4096;
/// Nesting deeper than this is refused (no stack exhaustion on input).
const MAX_DEPTH: usize = 32;

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    if text.len() > MAX_FILTER_BYTES {
        return Err(format!("longer than {MAX_FILTER_BYTES} bytes"));
    }
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | '[' => {
                chars.next();
                tokens.push(Token::Open(c));
            }
            ')' | ']' => {
                chars.next();
                tokens.push(Token::Close(c));
            }
            '"' => {
                // A JSON string: find its end, honouring escapes, and let serde decode it.
                chars.next();
                let mut escaped = false;
                let mut end = None;
                for (at, c) in chars.by_ref() {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => {
                            end = Some(at);
                            break;
                        }
                        _ => {}
                    }
                }
                let end = end.ok_or("a string is not closed")?;
                let decoded: String = serde_json::from_str(&text[start..=end]).map_err(|_| "a bad string escape")?;
                tokens.push(Token::Text(decoded));
            }
            c if c == '-' || c.is_ascii_digit() => {
                let mut end = start;
                while let Some(&(at, c)) = chars.peek() {
                    if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
                        end = at + c.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let number = text[start..end].parse().map_err(|_| format!("bad number {}", &text[start..end]))?;
                tokens.push(Token::Number(number));
            }
            c if is_name_char(c) || c == '.' || c == ':' => {
                let mut end = start;
                while let Some(&(at, c)) = chars.peek() {
                    if is_name_char(c) || c == '.' || c == ':' {
                        end = at + c.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(text[start..end].to_owned()));
            }
            other => return Err(format!("unexpected character {other:?}")),
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, token: &Token) -> bool {
        if self.peek() == Some(token) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn keyword(&mut self, word: &str) -> bool {
        match self.peek() {
            Some(Token::Word(w)) if w.eq_ignore_ascii_case(word) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }

    fn depth_checked(&self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH { Err(format!("nested deeper than {MAX_DEPTH}")) } else { Ok(()) }
    }

    fn or(&mut self) -> Result<Filter, String> {
        self.or_at(0)
    }

    fn or_at(&mut self, depth: usize) -> Result<Filter, String> {
        self.depth_checked(depth)?;
        let mut filter = self.and_at(depth)?;
        while self.keyword("or") {
            filter = Filter::Or(Box::new(filter), Box::new(self.and_at(depth)?));
        }
        Ok(filter)
    }

    fn and_at(&mut self, depth: usize) -> Result<Filter, String> {
        let mut filter = self.unary_at(depth)?;
        while self.keyword("and") {
            filter = Filter::And(Box::new(filter), Box::new(self.unary_at(depth)?));
        }
        Ok(filter)
    }

    fn unary_at(&mut self, depth: usize) -> Result<Filter, String> {
        if self.keyword("not") {
            if !self.eat(&Token::Open('(')) {
                return Err("'not' must be followed by '('".into());
            }
            let inner = self.or_at(depth + 1)?;
            if !self.eat(&Token::Close(')')) {
                return Err("a ')' is missing".into());
            }
            return Ok(Filter::Not(Box::new(inner)));
        }
        if self.eat(&Token::Open('(')) {
            let inner = self.or_at(depth + 1)?;
            if !self.eat(&Token::Close(')')) {
                return Err("a ')' is missing".into());
            }
            return Ok(inner);
        }
        let path = self.attr_path()?;
        if self.eat(&Token::Open('[')) {
            if path.sub.is_some() {
                return Err("a value filter follows an attribute, not a sub-attribute".into());
            }
            let inner = self.or_at(depth + 1)?;
            if !self.eat(&Token::Close(']')) {
                return Err("a value filter must end with ']'".into());
            }
            return Ok(Filter::ValuePath(path, Box::new(inner)));
        }
        let op = match self.tokens.get(self.at) {
            Some(Token::Word(op)) => op.to_ascii_lowercase(),
            Some(token) => return Err(format!("an operator was expected, not {token}")),
            None => return Err("an operator is missing".into()),
        };
        self.at += 1;
        let op = match op.as_str() {
            "pr" => return Ok(Filter::Present(path)),
            "eq" => CompareOp::Eq,
            "ne" => CompareOp::Ne,
            "co" => CompareOp::Co,
            "sw" => CompareOp::Sw,
            "ew" => CompareOp::Ew,
            "gt" => CompareOp::Gt,
            "ge" => CompareOp::Ge,
            "lt" => CompareOp::Lt,
            "le" => CompareOp::Le,
            other => return Err(format!("unknown operator '{other}'")),
        };
        let value = match self.tokens.get(self.at).cloned() {
            Some(Token::Text(text)) => Value::String(text),
            Some(Token::Number(number)) => Value::Number(number),
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("true") => Value::Bool(true),
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("false") => Value::Bool(false),
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("null") => Value::Null,
            Some(token) => return Err(format!("a value was expected, not {token}")),
            None => return Err("a value is missing".into()),
        };
        self.at += 1;
        if matches!(op, CompareOp::Co | CompareOp::Sw | CompareOp::Ew) && !value.is_string() {
            return Err("co, sw and ew compare with a string".into());
        }
        Ok(Filter::Compare(path, op, value))
    }

    fn attr_path(&mut self) -> Result<AttrPath, String> {
        let word = match self.tokens.get(self.at) {
            Some(Token::Word(word)) => word.clone(),
            Some(token) => return Err(format!("an attribute was expected, not {token}")),
            None => return Err("an attribute is missing".into()),
        };
        self.at += 1;
        attr_path(&word)
    }
}

/// Parses `[urn:…:]name[.sub]`.
fn attr_path(word: &str) -> Result<AttrPath, String> {
    let (schema, rest) = match word.rfind(':') {
        Some(at) => {
            let urn = &word[..at];
            if urn.eq_ignore_ascii_case(ENTERPRISE_USER) {
                (Some(ENTERPRISE_USER.to_owned()), &word[at + 1..])
            } else if urn.len() > CORE_PREFIX.len() && urn[..CORE_PREFIX.len()].eq_ignore_ascii_case(CORE_PREFIX) {
                (None, &word[at + 1..])
            } else {
                return Err(format!("unknown schema {urn}"));
            }
        }
        None => (None, word),
    };
    let mut parts = rest.splitn(2, '.');
    let name = parts.next().unwrap_or_default();
    let sub = parts.next();
    let valid = |part: &str| !part.is_empty() && part.chars().all(is_name_char) && !part.starts_with('-');
    if !valid(name) || sub.is_some_and(|sub| !valid(sub)) {
        return Err(format!("bad attribute {word:?}"));
    }
    Ok(AttrPath { schema, name: name.to_owned(), sub: sub.map(str::to_owned) })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn user() -> Value {
        json!({
            "id": "ABC", "userName": "Ann.Lee@Example.com", "externalId": "e-1", "active": true,
            "name": {"givenName": "Ann", "familyName": "Lee"},
            "emails": [{"value": "ann.lee@example.com", "type": "work", "primary": true},
                       {"value": "ann@example.com", "type": "other"}],
            ENTERPRISE_USER: {"department": "Sales"},
        })
    }

    fn holds(filter: &str) -> bool {
        parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}")).matches(&user())
    }

    #[test]
    fn comparisons_ignore_case_but_on_case_exact_attributes() {
        assert!(holds(r#"userName eq "ann.lee@example.com""#));
        assert!(holds(r#"USERNAME Eq "ANN.LEE@example.com""#));
        assert!(holds(r#"externalId eq "e-1""#));
        assert!(!holds(r#"externalId eq "E-1""#));
        assert!(holds(r#"userName sw "ann" and userName ew ".com" and userName co "lee@""#));
        assert!(holds(r#"userName ne "bob@example.com""#));
        assert!(!holds(r#"userName ne "ann.lee@example.com""#));
        assert!(holds(r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ann.lee@example.com""#));
    }

    #[test]
    fn multi_valued_attributes_sub_attributes_and_extensions() {
        assert!(holds(r#"emails.value eq "ann@example.com""#));
        assert!(holds(r#"emails[type eq "work" and value co "lee"]"#));
        assert!(!holds(r#"emails[type eq "home"]"#));
        assert!(holds(r#"name.familyName eq "Lee""#));
        assert!(holds(r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "sales""#));
        assert!(holds("active eq true and emails pr and not (title pr)"));
        assert!(holds(r#"active eq "True""#), "Entra ID's string booleans");
    }

    #[test]
    fn and_binds_tighter_than_or() {
        assert!(holds(r#"userName eq "x" or userName sw "ann" and active eq true"#));
        assert!(!holds(r#"(userName eq "x" or userName sw "ann") and active eq false"#));
    }

    #[test]
    fn the_equality_a_store_can_answer() {
        let filter = parse(r#"userName eq "a@b.c""#).unwrap();
        assert_eq!(filter.equality_on("username"), Some("a@b.c"));
        assert_eq!(parse(r#"userName eq "a" or active eq true"#).unwrap().equality_on("userName"), None);
    }

    #[test]
    fn bad_filters_are_refused_with_a_reason() {
        for bad in [
            "",
            "userName",
            "userName eq",
            r#"userName zz "a""#,
            r#"userName eq "a" and"#,
            r#"(userName eq "a""#,
            r#"userName eq "a"#,
            r#"emails[type eq "work""#,
            "userName co 3",
            r#"urn:example:foo:bar eq "a""#,
            r#"userName eq "a" )"#,
            "userName eq @",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} was accepted");
        }
        let deep = format!("{}userName pr{}", "(".repeat(100), ")".repeat(100));
        assert!(parse(&deep).unwrap_err().contains("nested"));
        assert!(parse(&"a".repeat(5000)).is_err());
    }

    #[test]
    fn patch_paths() {
        let path = parse_path(r#"emails[type eq "work"].value"#).unwrap();
        assert_eq!(path.attr.name, "emails");
        assert!(path.filter.is_some());
        assert_eq!(path.sub.as_deref(), Some("value"));
        let path = parse_path("name.givenName").unwrap();
        assert_eq!((path.attr.name.as_str(), path.attr.sub.as_deref()), ("name", Some("givenName")));
        let path = parse_path(&format!("{ENTERPRISE_USER}:department")).unwrap();
        assert_eq!(path.attr.schema.as_deref(), Some(ENTERPRISE_USER));
        assert!(parse_path("emails[").is_err());
        assert!(parse_path("name.givenName[type eq \"a\"]").is_err());
    }
}
