//! Password hashing with argon2id, stored as a PHC string
//! (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
//!
//! The PHC string is the scheme Dovecot (ARGON2ID) and OpenLDAP's `argon2`
//! module verify too, so one stored hash can serve pbm, the directory and the
//! mail server. Hashing is CPU-bound and runs on the blocking pool, at most
//! one hash per CPU at a time: more would not finish sooner, and each holds
//! its memory cost (19 MiB by default) — 64 concurrent logins once grew
//! pbm to several GiB that the allocator kept (docs/performance.md). Each
//! hash's memory is now its own mapping, returned when it ends
//! (`server::return_large_blocks_at_once`).

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString, rand_core::OsRng},
};

use crate::error::{Error, Result};

/// Hashes and verifies passwords.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    params: Params,
    /// One permit per CPU: hashes and verifications running at once.
    running: std::sync::Arc<tokio::sync::Semaphore>,
    /// A hash of a random password, verified when a login names an unknown
    /// account so that the answer takes as long as for a known one.
    decoy: String,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        // OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
        Self::with_cost(19 * 1024, 2).expect("valid argon2 parameters")
    }
}

impl PasswordHasher {
    /// A hasher with the given memory (KiB) and iterations, one lane.
    pub fn with_cost(memory_kib: u32, iterations: u32) -> anyhow::Result<Self> {
        let params = Params::new(memory_kib, iterations, 1, None).map_err(|e| anyhow::anyhow!("argon2 cost: {e}"))?;
        Ok(Self::new(params))
    }

    /// A hasher with the given argon2id parameters.
    pub fn new(params: Params) -> Self {
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let salt = SaltString::generate(&mut OsRng);
        let decoy = argon.hash_password(b"decoy-password-0", &salt).expect("argon2 hashes").to_string();
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self { params, decoy, running: std::sync::Arc::new(tokio::sync::Semaphore::new(cpus)) }
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// Hashes a password into a PHC string.
    pub async fn hash(&self, password: &str) -> Result<String> {
        let argon = self.argon();
        let password = password.to_owned();
        let _permit = self.running.acquire().await.map_err(Error::internal)?;
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon.hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await
        .map_err(Error::internal)?
        .map_err(|e| Error::internal(anyhow::anyhow!("argon2: {e}")))
    }

    /// Whether `hash` is a PHC string that [`PasswordHasher::verify`] can
    /// check (argon2id, argon2i or argon2d with valid parameters).
    pub fn is_verifiable_hash(&self, hash: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(hash) else { return false };
        matches!(parsed.algorithm.as_str(), "argon2id" | "argon2i" | "argon2d")
            && parsed.hash.is_some()
            && Params::try_from(&parsed).is_ok()
    }

    /// Whether `password` matches the PHC string `hash`. `None` verifies
    /// against a decoy and answers false, taking the same time.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool> {
        let known = hash.is_some();
        let hash = hash.unwrap_or(&self.decoy).to_owned();
        let password = password.to_owned();
        let _permit = self.running.acquire().await.map_err(Error::internal)?;
        let matches = tokio::task::spawn_blocking(move || {
            let Ok(parsed) = PasswordHash::new(&hash) else { return false };
            // Verify with the parameters stored in the hash itself.
            Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
        })
        .await
        .map_err(Error::internal)?;
        Ok(known && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_and_verify() {
        let hasher = PasswordHasher::default();
        let hash = hasher.hash("Reader02").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$"));
        assert!(!hash.contains("Reader02"));
        assert!(hasher.verify("Reader02", Some(&hash)).await.unwrap());
        assert!(!hasher.verify("Reader03", Some(&hash)).await.unwrap());
        assert!(!hasher.verify("decoy-password-0", None).await.unwrap());
        assert!(!hasher.verify("x", Some("not a hash")).await.unwrap());
        assert!(hasher.is_verifiable_hash(&hash));
        assert!(!hasher.is_verifiable_hash("not a hash"));
        assert!(!hasher.is_verifiable_hash("$5$rounds=5000$salt$hash"));
    }
}
