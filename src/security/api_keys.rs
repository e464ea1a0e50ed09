//! API keys of service accounts: their format, how they are made, and how a
//! presented key is checked against what the store keeps.
//!
//! A key reads `pbm_sk_<id>_<secret>`: the fixed prefix lets secret scanners
//! (GitHub's, gitleaks, trufflehog) recognise a leaked key, and the id part
//! lets pbm find the key's row by primary key instead of hashing against
//! every row. The id is 16 hex digits (64 random bits) and names the key in
//! listings and in the audit trail; the secret is 64 hex digits (256 random
//! bits) and is shown once, at creation.
//!
//! The store keeps only SHA-256 of the secret. A fast unkeyed hash is enough
//! here, unlike for passwords: the secret is 256 bits drawn by pbm, so there
//! is no dictionary to try and no slow hash would make a brute force of
//! 2^256 any less hopeless, while a slow hash (argon2) would cost every
//! request that misses the replica's cache tens of milliseconds. The hashes
//! are compared in constant time ([`secret_matches`]).

use rand::RngCore as _;
use sha2::{Digest as _, Sha256};

/// What every key starts with.
pub const KEY_PREFIX: &str = "pbm_sk_";
/// Hex digits of the id part.
const ID_HEX: usize = 16;
/// Hex digits of the secret part.
const SECRET_HEX: usize = 64;

/// A key as presented, split into its parts (the secret is never logged:
/// this type has no `Debug`).
pub struct PresentedKey<'a> {
    /// The id part.
    pub id: &'a str,
    /// The secret part.
    pub secret: &'a str,
}

/// Whether `token` has the shape of an API key (not whether it is valid):
/// bearer values of this shape are API keys, never signed access tokens.
pub fn looks_like_key(token: &str) -> bool {
    token.starts_with(KEY_PREFIX)
}

/// The parts of `token` when it is a well-formed key.
pub fn parse(token: &str) -> Option<PresentedKey<'_>> {
    let rest = token.strip_prefix(KEY_PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    let hex =
        |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (hex(id, ID_HEX) && hex(secret, SECRET_HEX)).then_some(PresentedKey { id, secret })
}

/// The id part of `token` when it has the shape of a key, for naming it in
/// the audit trail of a refused attempt (never the secret).
pub fn id_of(token: &str) -> Option<&str> {
    parse(token).map(|key| key.id)
}

/// A new key: `(id, whole key to show once, hash of its secret to store)`.
pub fn generate() -> (String, String, String) {
    let mut id = [0u8; ID_HEX / 2];
    let mut secret = [0u8; SECRET_HEX / 2];
    rand::thread_rng().fill_bytes(&mut id);
    rand::thread_rng().fill_bytes(&mut secret);
    let (id, secret) = (hex::encode(id), hex::encode(secret));
    let key = format!("{KEY_PREFIX}{id}_{secret}");
    let hash = secret_hash(&secret);
    (id, key, hash)
}

/// SHA-256 (hex) of a secret part: what the store keeps.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Whether `secret` hashes to `stored_hash`, comparing in time independent
/// of where the two differ.
pub fn secret_matches(secret: &str, stored_hash: &str) -> bool {
    constant_time_eq(secret_hash(secret).as_bytes(), stored_hash.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_parses_and_matches_its_hash_only() {
        let (id, key, hash) = generate();
        assert!(looks_like_key(&key));
        let parsed = parse(&key).expect("well formed");
        assert_eq!(parsed.id, id);
        assert!(secret_matches(parsed.secret, &hash));
        let (_, other, _) = generate();
        assert!(!secret_matches(parse(&other).unwrap().secret, &hash));
        assert_eq!(id_of(&key), Some(id.as_str()));
    }

    #[test]
    fn malformed_keys_are_refused() {
        for bad in [
            "",
            "pbm_sk_",
            "pbm_sk_0123456789abcdef",
            "pbm_sk_0123456789abcdef_",
            "pbm_sk_0123456789ABCDEF_0000000000000000000000000000000000000000000000000000000000000000",
            "pbm_sk_0123456789abcde_00000000000000000000000000000000000000000000000000000000000000000",
            "eyJhbGciOiJIUzI1NiJ9.e30.x",
        ] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
        assert!(
            parse("pbm_sk_0123456789abcdef_0000000000000000000000000000000000000000000000000000000000000000").is_some()
        );
    }
}
