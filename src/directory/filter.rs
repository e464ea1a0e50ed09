//! The text of LDAP requests built from values that come from people:
//! RFC 4515 escaping of filter values, RFC 4514 escaping of DN attribute
//! values, and the checks that a filter or a DN an operator puts into a
//! setting is well formed (so a malformed one is refused when it is put,
//! not when a sync runs).
//!
//! Every value pbm places into a filter or a DN passes [`filter_value`] or
//! [`dn_value`]: `*`, `(`, `)`, `\` and NUL in a login never widen a search,
//! and `,`, `+`, `=`, `"`, `;`, `<`, `>`, `#` and leading or trailing
//! spaces never make a DN name another entry.

use std::fmt::Write as _;

/// A value escaped for an LDAP filter assertion (RFC 4515 §3): `*`, `(`,
/// `)`, `\` and NUL become `\2a`, `\28`, `\29`, `\5c`, `\00`; everything
/// else (UTF-8 included) is kept.
pub fn filter_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '*' | '(' | ')' | '\\' | '\0' => {
                let _ = write!(out, "\\{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A login typed by a person, ready for a filter: `None` when it cannot be
/// anyone's login — empty, longer than 320 characters, or holding control
/// characters (NUL among them: some servers, Samba's, cut a value at NUL,
/// so `ivan\0` would find `ivan`) — else [`filter_value`] of it.
pub fn login_value(login: &str) -> Option<String> {
    let login = login.trim();
    if login.is_empty() || login.chars().count() > 320 || login.chars().any(char::is_control) {
        return None;
    }
    Some(filter_value(login))
}

/// A value escaped for an attribute value of a DN (RFC 4514 §2.4): `"`,
/// `+`, `,`, `;`, `<`, `>`, `\` and `=` are backslash-escaped, a leading `#`
/// or space and a trailing space too, NUL as `\00`.
pub fn dn_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 4);
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' | '=' => {
                out.push('\\');
                out.push(c);
            }
            '\0' => out.push_str("\\00"),
            '#' | ' ' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            ' ' if i == last => out.push_str("\\ "),
            c => out.push(c),
        }
    }
    out
}

/// Checks a search filter of a setting (RFC 4515: parenthesised, balanced,
/// every assertion well formed); returns it trimmed.
pub fn check_filter(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("is empty: give a filter such as (objectClass=person)".into());
    }
    if !value.starts_with('(') || !value.ends_with(')') {
        return Err(format!("{value:?} is not an LDAP filter: it must be enclosed in parentheses"));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err("must not contain control characters".into());
    }
    ldap3::parse_filter(value).map_err(|()| format!("{value:?} is not a valid LDAP filter (RFC 4515)"))?;
    Ok(value.to_owned())
}

/// `(&a b)`: both filters must match.
pub fn and(a: &str, b: &str) -> String {
    format!("(&{a}{b})")
}

/// Checks a DN of a setting (RFC 4514: `attr=value` pairs separated by
/// commas, `+` for multi-valued RDNs, special characters escaped); empty is
/// allowed (not configured). Returns it trimmed.
pub fn check_dn(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    if value.chars().any(|c| c.is_control()) {
        return Err("must not contain control characters".into());
    }
    for rdn in split_unescaped(value, ',') {
        for ava in split_unescaped(&rdn, '+') {
            let Some((attr, val)) = ava.split_once('=') else {
                return Err(format!("{value:?} is not a DN: {ava:?} has no attribute=value"));
            };
            let attr = attr.trim();
            if !is_attribute_name(attr) {
                return Err(format!("{value:?} is not a DN: {attr:?} is not an attribute name"));
            }
            if val.trim().is_empty() {
                return Err(format!("{value:?} is not a DN: {attr} has no value"));
            }
            check_dn_escapes(val).map_err(|e| format!("{value:?} is not a DN: {e}"))?;
        }
    }
    Ok(value.to_owned())
}

/// Whether `name` is an attribute description: a name (letter, then
/// letters, digits and `-`) or a numeric OID.
pub fn is_attribute_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => chars.all(|c| c.is_ascii_alphanumeric() || c == '-'),
        Some(c) if c.is_ascii_digit() => {
            name.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        }
        _ => false,
    }
}

/// Splits at `sep` where it is not escaped by a backslash.
fn split_unescaped(value: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(String::new());
            continue;
        }
        parts.last_mut().expect("one part at least").push(c);
    }
    parts
}

/// Every backslash of a DN value escapes a special character or starts two
/// hex digits.
fn check_dn_escapes(value: &str) -> Result<(), String> {
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        match chars.next() {
            Some(n) if " \"#+,;<=>\\".contains(n) => {}
            Some(h) if h.is_ascii_hexdigit() && chars.peek().is_some_and(char::is_ascii_hexdigit) => {
                chars.next();
            }
            _ => return Err("a backslash escapes neither a special character nor two hex digits".into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_cannot_widen_a_search() {
        assert_eq!(filter_value("*"), "\\2a");
        assert_eq!(filter_value("u*)(mail=*"), "u\\2a\\29\\28mail=\\2a");
        assert_eq!(filter_value("a\\b"), "a\\5cb");
        assert_eq!(filter_value("nul\0"), "nul\\00");
        assert_eq!(filter_value("Иван.Петров@corp.test"), "Иван.Петров@corp.test");
        // the escaped value parses as one equality assertion
        let filter = format!("(mail={})", filter_value("x*)(|(objectClass=*"));
        assert!(ldap3::parse_filter(&filter).is_ok(), "{filter}");
        assert!(!filter.contains("(|"));
    }

    #[test]
    fn logins_with_control_characters_are_no_ones() {
        assert_eq!(login_value("ivan@corp.test\0"), None);
        assert_eq!(login_value("ivan\n"), Some("ivan".into()), "trimmed");
        assert_eq!(login_value("iv\u{1}an"), None);
        assert_eq!(login_value("  "), None);
        assert_eq!(login_value("u*"), Some("u\\2a".into()));
    }

    #[test]
    fn dn_values_cannot_name_another_entry() {
        assert_eq!(dn_value("Petrov, Ivan"), "Petrov\\, Ivan");
        assert_eq!(dn_value("a+b=c"), "a\\+b\\=c");
        assert_eq!(dn_value("#x"), "\\#x");
        assert_eq!(dn_value(" lead"), "\\ lead");
        assert_eq!(dn_value("trail "), "trail\\ ");
        assert_eq!(dn_value("q\"<>;\\"), "q\\\"\\<\\>\\;\\\\");
        assert_eq!(dn_value("n\0"), "n\\00");
        let dn = format!("CN={},OU=People,DC=corp,DC=test", dn_value("x,OU=Admins"));
        assert_eq!(check_dn(&dn).unwrap(), dn);
        assert_eq!(split_unescaped(&dn, ',').len(), 4);
    }

    #[test]
    fn filters_of_settings_are_checked() {
        assert_eq!(check_filter(" (&(objectClass=person)(mail=*)) ").unwrap(), "(&(objectClass=person)(mail=*))");
        assert!(check_filter("(memberOf=CN=Mail Users,OU=Groups,DC=corp,DC=test)").is_ok());
        for bad in ["", "objectClass=person", "(&(objectClass=person)", "(objectClass=person))", "(=x)", "(a=b)(c=d)"] {
            assert!(check_filter(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn dns_of_settings_are_checked() {
        assert_eq!(check_dn("").unwrap(), "");
        assert!(check_dn("OU=People,DC=corp,DC=test").is_ok());
        assert!(check_dn("cn=a\\,b+uid=c,dc=x").is_ok());
        assert!(check_dn("CN=x\\2cy,DC=x").is_ok());
        for bad in ["people", "OU=,DC=x", "OU=a,,DC=x", "1x=a", "CN=a\\q,DC=x", "OU=a\u{7},DC=x"] {
            assert!(check_dn(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn attribute_names() {
        for good in ["mail", "objectGUID", "extensionAttribute1", "x-y", "2.5.4.3"] {
            assert!(is_attribute_name(good), "{good}");
        }
        for bad in ["", "display name", "-x", "2.5..4", "mail;binary", "a_b"] {
            assert!(!is_attribute_name(bad), "{bad}");
        }
    }
}
