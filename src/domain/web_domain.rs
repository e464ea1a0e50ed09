//! Web domains (guide §2.18): host names of the web interface with their TLS
//! certificate chain and private key. The key is a [`PrivateKeyPem`], kept
//! apart from [`WebDomain`] so that no read path can carry it by accident.

use chrono::{DateTime, Utc};

/// Facts read from the leaf certificate of a web domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// Subject distinguished name, e.g. `CN=mail.example.com`.
    pub subject: String,
    /// DNS names of the subjectAltName extension, lower-case.
    pub dns_names: Vec<String>,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Start of validity.
    pub not_before: DateTime<Utc>,
    /// End of validity.
    pub not_after: DateTime<Utc>,
    /// SHA-256 of the DER certificate, lower-case hex.
    pub sha256_fingerprint: String,
}

/// A web domain as read: everything but the private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebDomain {
    /// Host name, lower-case.
    pub name: String,
    /// PEM certificate chain, leaf first (normalised PEM).
    pub certificate_pem: String,
    /// Facts of the leaf certificate.
    pub certificate: CertificateInfo,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change of key or certificate.
    pub updated_at: DateTime<Utc>,
}

/// A PEM private key. Its `Debug` never shows the key, so it cannot leak
/// into logs; only [`PrivateKeyPem::expose`] gives the text, for storage and
/// for the TLS layer.
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKeyPem(String);

impl PrivateKeyPem {
    /// Wraps a PEM text.
    pub fn new(pem: String) -> Self {
        Self(pem)
    }

    /// The PEM text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PrivateKeyPem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateKeyPem(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_show_in_debug_output() {
        let key = PrivateKeyPem::new("-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----".into());
        assert!(!format!("{key:?}").contains("secret"));
        assert!(key.expose().contains("secret"));
    }
}
