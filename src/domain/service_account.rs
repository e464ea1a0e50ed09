//! Service accounts and their API keys: the identities of other programs
//! (the web client, scripts, an identity provider). An account belongs to a
//! tenant, or to none (installation-wide); it holds named scopes, and its
//! keys act as an admin of its tenant (a superadmin when installation-wide)
//! limited to those scopes (see [`crate::service::scopes`]).

use chrono::{DateTime, Utc};
use ipnet::IpNet;

/// A service account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    /// Its tenant; empty for an installation-wide account.
    pub tenant_id: String,
    /// Its name, unique in the tenant: lower-case letters, digits, `-`, `_`, `.`.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// The scopes its keys carry, sorted, without duplicates.
    pub scopes: Vec<String>,
    /// Who created it.
    pub created_by: String,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// An API key as stored: never the key itself, only its id and the hash of
/// its secret part (see [`crate::security::api_keys`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// The id part of the key.
    pub id: String,
    /// The account's tenant (empty: installation-wide).
    pub tenant_id: String,
    /// The account's name.
    pub account: String,
    /// SHA-256 (hex) of the secret part.
    pub secret_hash: String,
    /// What it is for (e.g. where it is deployed).
    pub description: String,
    /// The client networks it may be used from; empty: any.
    pub networks: Vec<IpNet>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it was last used (written at most once a minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// The client address of that use.
    pub last_used_addr: String,
}

impl ApiKey {
    /// Whether the key works at `now` (not revoked, not expired).
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| at > now)
    }

    /// Whether a request from `client` may use the key.
    pub fn allows(&self, client: Option<std::net::IpAddr>) -> bool {
        self.networks.is_empty() || client.is_some_and(|addr| self.networks.iter().any(|net| net.contains(&addr)))
    }
}

/// Whether `name` is a valid service-account name: 1 to 64 characters of
/// lower-case ASCII letters, digits, `-`, `_` and `.`, starting with a
/// letter or digit.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for good in ["crm", "mail-web.1", "a_b"] {
            assert!(valid_name(good), "{good}");
        }
        for bad in ["", "-x", "Crm", "a b", "a/b", &"x".repeat(65)] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn liveness_and_networks() {
        let now = Utc::now();
        let mut key = ApiKey {
            id: "k".into(),
            tenant_id: "acme".into(),
            account: "crm".into(),
            secret_hash: String::new(),
            description: String::new(),
            networks: vec![],
            created_at: now,
            expires_at: None,
            revoked_at: None,
            last_used_at: None,
            last_used_addr: String::new(),
        };
        assert!(key.is_live(now) && key.allows(None));
        key.expires_at = Some(now);
        assert!(!key.is_live(now));
        key.networks = vec!["10.0.0.0/8".parse().unwrap()];
        assert!(key.allows(Some("10.1.2.3".parse().unwrap())));
        assert!(!key.allows(Some("192.168.0.1".parse().unwrap())));
        assert!(!key.allows(None));
    }
}
