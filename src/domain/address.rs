//! Mail addresses, domain names and tenant ids: syntax and normal form.
//!
//! Primary addresses, aliases, resource and list addresses are ASCII
//! (`local@domain`, stored lower-case). The alternate address (the legacy
//! `mailAlternateAddress`, "Альтернативный логин (UTF-8)") may have a Unicode
//! local part, e.g. Cyrillic, in an ASCII domain — in one script: a mix
//! (UTS #39), which can pass for another address, is refused. Domain names follow the
//! panel's rule: 2–63 characters of Latin letters, digits, `.` and `-`.

/// Longest address (RFC 5321 path limit).
pub const MAX_ADDRESS_LEN: usize = 254;
/// Longest local part (RFC 5321).
pub const MAX_LOCAL_PART_LEN: usize = 64;

/// What owns an address in the directory (the `addresses` table's kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressKind {
    /// A user's primary address.
    Mail,
    /// A user's alternate (UTF-8) address.
    Alternate,
    /// A user's alias.
    Alias,
    /// A resource's address.
    Resource,
    /// A mailing list's address.
    MailList,
}

impl AddressKind {
    /// The kind's name as stores keep it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Mail => "mail",
            Self::Alternate => "alternate",
            Self::Alias => "alias",
            Self::Resource => "resource",
            Self::MailList => "mail_list",
        }
    }

    /// Parses a stored kind name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Mail, Self::Alternate, Self::Alias, Self::Resource, Self::MailList]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

/// A reserved address and what owns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservedAddress {
    /// The address, lower-case.
    pub address: String,
    /// Tenant of the owner.
    pub tenant_id: String,
    /// Kind of owner.
    pub kind: AddressKind,
    /// The owner's primary address (the address itself for users' primary
    /// addresses, resources and lists).
    pub owner: String,
}

/// Validates a mail domain name and returns it lower-cased.
pub fn normalize_domain(value: &str) -> Result<String, String> {
    let domain = value.trim().to_ascii_lowercase();
    let len = domain.chars().count();
    if !(2..=63).contains(&len) {
        return Err("must have 2 to 63 characters".into());
    }
    if !domain.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
        return Err("may contain only Latin letters, digits, '.' and '-'".into());
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Err("must not have empty labels (leading, trailing or double dots)".into());
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("labels must not start or end with '-'".into());
        }
    }
    Ok(domain)
}

fn split_address(value: &str) -> Result<(&str, &str), String> {
    let (local, domain) = value.rsplit_once('@').ok_or_else(|| "must be an address like name@domain".to_string())?;
    if local.is_empty() {
        return Err("must have a local part before '@'".into());
    }
    if local.contains('@') {
        return Err("must contain exactly one '@'".into());
    }
    Ok((local, domain))
}

fn check_dots(local: &str) -> Result<(), String> {
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("local part must not start or end with '.' or contain '..'".into());
    }
    Ok(())
}

/// Validates an ASCII mail address and returns it lower-cased.
pub fn normalize_mail(value: &str) -> Result<String, String> {
    let lowered = value.trim().to_ascii_lowercase();
    if lowered.len() > MAX_ADDRESS_LEN {
        return Err(format!("must be at most {MAX_ADDRESS_LEN} characters"));
    }
    let (local, domain) = split_address(&lowered)?;
    if local.len() > MAX_LOCAL_PART_LEN {
        return Err(format!("local part must be at most {MAX_LOCAL_PART_LEN} characters"));
    }
    if !local.chars().all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c)) {
        return Err("local part may contain only Latin letters, digits, '.', '_', '+' and '-'".into());
    }
    check_dots(local)?;
    let domain = normalize_domain(domain).map_err(|e| format!("domain {e}"))?;
    Ok(format!("{local}@{domain}"))
}

/// Validates an alternate (UTF-8) address and returns it lower-cased.
pub fn normalize_alternate_address(value: &str) -> Result<String, String> {
    let lowered = value.trim().to_lowercase();
    if lowered.chars().count() > MAX_ADDRESS_LEN {
        return Err(format!("must be at most {MAX_ADDRESS_LEN} characters"));
    }
    let (local, domain) = split_address(&lowered)?;
    if local.chars().count() > MAX_LOCAL_PART_LEN {
        return Err(format!("local part must be at most {MAX_LOCAL_PART_LEN} characters"));
    }
    if !local.chars().all(|c| c.is_alphanumeric() || "._+-".contains(c)) {
        return Err("local part may contain only letters, digits, '.', '_', '+' and '-'".into());
    }
    // UTS #39: a local part mixing scripts (`аdmin`, a Cyrillic `а` among
    // Latin letters) looks like another account's address; refuse it.
    if !unicode_security::MixedScript::is_single_script(local) {
        return Err(
            "local part mixes scripts (e.g. Cyrillic and Latin letters, which can look alike): write it in one script"
                .into(),
        );
    }
    check_dots(local)?;
    let domain = normalize_domain(domain).map_err(|e| format!("domain {e}"))?;
    Ok(format!("{local}@{domain}"))
}

/// The domain part of a normalised address.
pub fn domain_of(address: &str) -> &str {
    address.rsplit_once('@').map_or("", |(_, domain)| domain)
}

/// Validates a tenant id and returns it lower-cased: 2–63 characters of
/// Latin letters, digits, `.`, `_` and `-`, starting with a letter or digit.
pub fn normalize_tenant_id(value: &str) -> Result<String, String> {
    let id = value.trim().to_ascii_lowercase();
    let len = id.chars().count();
    if !(2..=63).contains(&len) {
        return Err("must have 2 to 63 characters".into());
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        return Err("may contain only Latin letters, digits, '.', '_' and '-'".into());
    }
    if !id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("must start with a letter or digit".into());
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_is_lowercased_and_checked() {
        assert_eq!(normalize_mail(" Ivan.Petrov@Example.COM ").unwrap(), "ivan.petrov@example.com");
        for bad in [
            "",
            "ivan",
            "@example.com",
            "ivan@",
            "a@b@example.com",
            "iv an@example.com",
            ".x@example.com",
            "x..y@example.com",
            "x@-example.com",
            "x@example..com",
            "иван@example.com",
        ] {
            assert!(normalize_mail(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn alternate_address_allows_cyrillic_local_part() {
        assert_eq!(normalize_alternate_address("Иван@example.com").unwrap(), "иван@example.com");
        assert_eq!(normalize_alternate_address("иван.петров-2@example.com").unwrap(), "иван.петров-2@example.com");
        // Mixed scripts pass for another address: a Cyrillic а among Latin letters, and the reverse.
        for mixed in ["\u{430}dmin@acorp.ru", "ивaн@example.com", "admin\u{440}@acorp.ru"] {
            let err = normalize_alternate_address(mixed).unwrap_err();
            assert!(err.contains("mixes scripts"), "{mixed}: {err}");
        }
        assert!(normalize_alternate_address("иван@пример.рф").is_err());
    }

    #[test]
    fn domain_rule_of_the_panel() {
        assert_eq!(normalize_domain("Promsystems.RU").unwrap(), "promsystems.ru");
        assert!(normalize_domain("a").is_err());
        assert!(normalize_domain(&"a".repeat(64)).is_err());
        assert!(normalize_domain("exa_mple.com").is_err());
        assert!(normalize_domain("пример.рф").is_err());
    }

    #[test]
    fn tenant_ids() {
        assert_eq!(normalize_tenant_id("Default").unwrap(), "default");
        assert!(normalize_tenant_id("-x").is_err());
        assert!(normalize_tenant_id("a b").is_err());
        assert!(normalize_tenant_id("x").is_err());
    }
}
