//! The password policy of guide §2.4.1, with limits read from the settings
//! `psn/common/password_requirements/*` so that it can change live.

/// Special characters a password may contain (guide §2.4.1).
pub const SPECIAL_CHARS: &str = "-_!@#$%^&*()";

/// Limits of the password policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordRequirements {
    /// `min_length`, default 6.
    pub min_length: usize,
    /// `max_length`, default 128.
    pub max_length: usize,
    /// `min_digits_count`, default 1.
    pub min_digits: usize,
    /// `min_uppercase_letter_count`, default 0.
    pub min_uppercase: usize,
    /// `min_lowercase_letter_count`, default 0.
    pub min_lowercase: usize,
    /// `min_spec_symbols_count`, default 0.
    pub min_special: usize,
}

impl Default for PasswordRequirements {
    fn default() -> Self {
        Self { min_length: 6, max_length: 128, min_digits: 1, min_uppercase: 0, min_lowercase: 0, min_special: 0 }
    }
}

impl PasswordRequirements {
    /// Checks a password; the error says which rule failed (never echoes it).
    pub fn check(&self, password: &str) -> Result<(), String> {
        if password.chars().any(is_cyrillic) {
            return Err("must not contain Cyrillic characters".into());
        }
        if let Some(bad) = password.chars().find(|c| !(c.is_ascii_alphanumeric() || SPECIAL_CHARS.contains(*c))) {
            let what = if bad.is_whitespace() { "whitespace".to_string() } else { format!("'{bad}'") };
            return Err(format!("may contain only Latin letters, digits and {SPECIAL_CHARS} (found {what})"));
        }
        let len = password.chars().count();
        if len < self.min_length {
            return Err(format!("must have at least {} characters", self.min_length));
        }
        if len > self.max_length {
            return Err(format!("must have at most {} characters", self.max_length));
        }
        let count = |pred: fn(&char) -> bool| password.chars().filter(pred).count();
        let rules: [(usize, usize, &str); 4] = [
            (count(char::is_ascii_digit), self.min_digits, "digits"),
            (count(char::is_ascii_uppercase), self.min_uppercase, "upper-case letters"),
            (count(char::is_ascii_lowercase), self.min_lowercase, "lower-case letters"),
            (count(|c| SPECIAL_CHARS.contains(*c)), self.min_special, "special characters"),
        ];
        for (found, needed, what) in rules {
            if found < needed {
                return Err(format!("must contain at least {needed} {what}"));
            }
        }
        Ok(())
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_of_the_guide() {
        let policy = PasswordRequirements::default();
        assert!(policy.check("Reader02").is_ok());
        assert!(policy.check("abc-1!").is_ok());
        assert!(policy.check("abc1").unwrap_err().contains("at least 6"));
        assert!(policy.check("abcdefgh").unwrap_err().contains("digits"));
        assert!(policy.check("Пароль123").unwrap_err().contains("Cyrillic"));
        assert!(policy.check("pass word1").unwrap_err().contains("whitespace"));
        assert!(policy.check("pass+word1").is_err());
        assert!(policy.check(&format!("a1{}", "b".repeat(127))).is_err());
    }

    #[test]
    fn stricter_limits_apply() {
        let policy = PasswordRequirements { min_length: 10, min_uppercase: 2, min_special: 1, ..Default::default() };
        assert!(policy.check("Reader02").is_err());
        assert!(policy.check("ReaDer02!xy").is_ok());
    }
}
