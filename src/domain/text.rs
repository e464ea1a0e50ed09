//! Rules for free-text profile fields shared by users, tenants, resources and
//! lists: length limits and no control characters.

/// Longest name-like field (given name, surname, title, display name, ...).
pub const MAX_NAME_CHARS: usize = 256;
/// Longest description.
pub const MAX_DESCRIPTION_CHARS: usize = 1024;
/// Longest phone number.
pub const MAX_PHONE_CHARS: usize = 64;

/// Languages the web interface offers (guide table 3, `lang`).
pub const LANGUAGES: &[&str] = &["en-US", "ru-RU", "es-PA", "fr-FR", "it-IT", "pt-BR", "ba-RU", "tt-RU"];

/// Default language of users and tenants.
pub const DEFAULT_LANG: &str = "en-US";

/// Checks a free-text field: at most `max` characters, no control characters.
pub fn check_text(value: &str, max: usize) -> Result<(), String> {
    if value.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err("must not contain control characters".into());
    }
    Ok(())
}

/// Checks a phone number: digits and special characters only (no letters),
/// at least one digit (guide table 3, `homePhone`, `telephoneNumber`).
pub fn check_phone(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    check_text(value, MAX_PHONE_CHARS)?;
    if value.chars().any(char::is_alphabetic) {
        return Err("must contain only digits and special characters".into());
    }
    if !value.chars().any(|c| c.is_ascii_digit()) {
        return Err("must contain at least one digit".into());
    }
    Ok(())
}

/// Checks a language tag against [`LANGUAGES`] and returns its canonical form.
pub fn canonical_lang(value: &str) -> Result<&'static str, String> {
    LANGUAGES
        .iter()
        .find(|lang| lang.eq_ignore_ascii_case(value))
        .copied()
        .ok_or_else(|| format!("must be one of {}", LANGUAGES.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_allow_digits_and_specials_only() {
        assert!(check_phone("+7 (495) 123-45-67").is_ok());
        assert!(check_phone("123#45*6").is_ok());
        assert!(check_phone("call me").is_err());
        assert!(check_phone("+7 телефон").is_err());
        assert!(check_phone("---").is_err());
    }

    #[test]
    fn languages_are_canonicalised() {
        assert_eq!(canonical_lang("ru-ru").unwrap(), "ru-RU");
        assert!(canonical_lang("de-DE").is_err());
    }

    #[test]
    fn text_rejects_control_characters() {
        assert!(check_text("ok", 10).is_ok());
        assert!(check_text("bad\nline", 10).is_err());
        assert!(check_text(&"x".repeat(11), 10).is_err());
    }
}
