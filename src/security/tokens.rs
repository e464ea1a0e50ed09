//! Access and refresh tokens.
//!
//! Access tokens are JWTs signed with HMAC-SHA256 by a key that every replica
//! of an installation shares (generated once into the data dir unless
//! configured). They carry the account, its tenant and role, and the session
//! id that lets a logout or a block end them before they expire. A signer
//! remembers the tokens it verified, so a request does not decode the token
//! it sent before again (its expiry is checked each time). Refresh tokens
//! are 256 random bits; only their SHA-256 is stored.

use std::{path::Path, time::Duration};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, TimeZone, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::Role;
use crate::error::{AuthFailure, Error, Result};

const ISSUER: &str = "pbm";

/// Claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Primary address of the account.
    pub sub: String,
    /// Tenant of the account.
    pub tid: String,
    /// Legacy role number.
    pub role: i32,
    /// Session id.
    pub sid: String,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
    /// Issuer, always `pbm`.
    pub iss: String,
}

impl AccessClaims {
    /// The role, if the number is known.
    pub fn role(&self) -> Option<Role> {
        Role::from_legacy(self.role.into())
    }

    /// Expiry as a timestamp.
    pub fn expires_at(&self) -> DateTime<Utc> {
        Utc.timestamp_opt(self.exp, 0).single().unwrap_or_default()
    }
}

/// Signs and verifies access tokens.
#[derive(Clone)]
pub struct TokenSigner {
    encoding: EncodingKey,
    decoding: DecodingKey,
    secret: std::sync::Arc<[u8]>,
    /// Tokens this signer verified, with their claims: a request that
    /// presents one again is not decoded and its signature not checked
    /// again (the key is fixed for the signer's life, so the same bytes
    /// verify the same way); its expiry is checked on every use. Keyed by
    /// the whole token, so only those exact bytes are recognised.
    verified: std::sync::Arc<quick_cache::sync::Cache<String, AccessClaims>>,
}

/// Verified tokens a signer remembers (a few hundred bytes each).
const VERIFIED_CAPACITY: usize = 100_000;

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSigner(..)")
    }
}

/// Bytes of a generated signing key.
const KEY_BYTES: usize = 32;

impl TokenSigner {
    /// A signer with the given secret (at least 32 bytes).
    pub fn from_secret(secret: &[u8]) -> anyhow::Result<Self> {
        anyhow::ensure!(secret.len() >= KEY_BYTES, "the token signing key must have at least {KEY_BYTES} bytes");
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            secret: secret.into(),
            verified: std::sync::Arc::new(quick_cache::sync::Cache::new(VERIFIED_CAPACITY)),
        })
    }

    /// Loads the key from `path` (base64url text), creating it with fresh
    /// random bytes and mode 0600 when the file does not exist. Processes
    /// starting at once on one data dir agree on one key: the file appears
    /// complete or not at all (written aside, then linked into place).
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        use anyhow::Context as _;
        if !path.exists() {
            let mut secret = [0u8; KEY_BYTES];
            rand::thread_rng().fill_bytes(&mut secret);
            let aside = path.with_extension(format!("new-{}", random_token()));
            write_private(&aside, URL_SAFE_NO_PAD.encode(secret).as_bytes())
                .with_context(|| format!("writing token signing key {}", aside.display()))?;
            let linked = std::fs::hard_link(&aside, path);
            let _ = std::fs::remove_file(&aside);
            match linked {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {} // another process won
                Err(e) => return Err(e).with_context(|| format!("creating token signing key {}", path.display())),
            }
        }
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let secret =
            URL_SAFE_NO_PAD.decode(text.trim()).with_context(|| format!("{} is not base64url", path.display()))?;
        Self::from_secret(&secret)
    }

    /// Signs an access token.
    pub fn sign(&self, claims: &AccessClaims) -> Result<String> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding).map_err(Error::internal)
    }

    fn validation(check_expiry: bool) -> Validation {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_exp = check_expiry;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        validation
    }

    /// Verifies a token's signature and expiry.
    pub fn verify(&self, token: &str) -> Result<AccessClaims> {
        if let Some(claims) = self.verified.get(token) {
            // What the validation checks of time (no leeway): expired once `exp` is past.
            return if claims.exp < Utc::now().timestamp() {
                Err(Error::Unauthenticated(AuthFailure::TokenExpired))
            } else {
                Ok(claims)
            };
        }
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &Self::validation(true))
            .map(|data| data.claims)
            .map_err(|err| match err.kind() {
                ErrorKind::ExpiredSignature => Error::Unauthenticated(AuthFailure::TokenExpired),
                _ => Error::Unauthenticated(AuthFailure::InvalidToken),
            })?;
        self.verified.insert(token.to_owned(), claims.clone());
        Ok(claims)
    }

    /// Verifies a token's signature only (an expired token is accepted), as
    /// the legacy refresh call sends the old access token beside the refresh
    /// token.
    pub fn verify_ignoring_expiry(&self, token: &str) -> Result<AccessClaims> {
        jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &Self::validation(false))
            .map(|data| data.claims)
            .map_err(|_| Error::Unauthenticated(AuthFailure::InvalidToken))
    }

    /// A keyed digest (HMAC-SHA256 with the installation's key) of `parts`:
    /// lets replicas recognise a repeated value without storing it or a
    /// plain hash of it (used for failed login attempts).
    pub fn digest(&self, parts: &[&str]) -> String {
        use hmac::Mac as _;
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// Claims for a new access token.
    pub fn claims(account: &str, tenant_id: &str, role: Role, session_id: &str, ttl: Duration) -> AccessClaims {
        let now = Utc::now().timestamp();
        AccessClaims {
            sub: account.to_owned(),
            tid: tenant_id.to_owned(),
            role: role.legacy(),
            sid: session_id.to_owned(),
            iat: now,
            exp: now + i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX / 2),
            iss: ISSUER.to_owned(),
        }
    }
}

fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    super::private_files::owner_only().write(true).create_new(true).open(path)?.write_all(contents)
}

/// A fresh random token (refresh tokens, session ids): 256 bits, base64url.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 of a token, hex; what the store keeps instead of the token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> TokenSigner {
        TokenSigner::from_secret(&[7u8; 32]).unwrap()
    }

    #[test]
    fn sign_and_verify() {
        let claims = TokenSigner::claims("a@example.com", "t1", Role::Admin, "sid", Duration::from_secs(60));
        let token = signer().sign(&claims).unwrap();
        assert_eq!(signer().verify(&token).unwrap(), claims);
        let other = TokenSigner::from_secret(&[8u8; 32]).unwrap();
        assert!(matches!(other.verify(&token), Err(Error::Unauthenticated(AuthFailure::InvalidToken))));
        assert!(matches!(signer().verify("x.y.z"), Err(Error::Unauthenticated(AuthFailure::InvalidToken))));
    }

    #[test]
    fn expired_tokens_are_told_apart() {
        let mut claims = TokenSigner::claims("a@example.com", "t1", Role::User, "sid", Duration::from_secs(60));
        claims.exp = Utc::now().timestamp() - 5;
        let token = signer().sign(&claims).unwrap();
        assert!(matches!(signer().verify(&token), Err(Error::Unauthenticated(AuthFailure::TokenExpired))));
        assert_eq!(signer().verify_ignoring_expiry(&token).unwrap().sid, "sid");
    }

    #[test]
    fn a_verified_token_is_recognised_by_its_exact_bytes_and_expires() {
        let signer = signer();
        let claims = TokenSigner::claims("a@example.com", "t1", Role::Admin, "sid", Duration::from_secs(60));
        let token = signer.sign(&claims).unwrap();
        assert_eq!(signer.verify(&token).unwrap(), claims);
        assert_eq!(signer.verify(&token).unwrap(), claims, "answered again once remembered");
        // A token that differs from the remembered one in its signature is verified, and refused.
        let mut forged = token.clone().into_bytes();
        let inside_signature = forged.len() - 5;
        forged[inside_signature] = if forged[inside_signature] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        assert!(matches!(signer.verify(&forged), Err(Error::Unauthenticated(AuthFailure::InvalidToken))));
        // A remembered token is expired once its `exp` is past (remembered here as if it were).
        signer.verified.insert(token.clone(), AccessClaims { exp: Utc::now().timestamp() - 1, ..claims });
        assert!(matches!(signer.verify(&token), Err(Error::Unauthenticated(AuthFailure::TokenExpired))));
    }

    #[test]
    fn key_file_is_created_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let claims = TokenSigner::claims("a@example.com", "t1", Role::User, "sid", Duration::from_secs(60));
        let token = TokenSigner::load_or_create(&path).unwrap().sign(&claims).unwrap();
        assert!(TokenSigner::load_or_create(&path).unwrap().verify(&token).is_ok());
    }
}
