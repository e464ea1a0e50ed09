//! Credentials: password hashing (argon2id), tokens (signed access tokens,
//! opaque refresh tokens) and the login's robot check (picture codes).
//! Nothing here logs or returns a secret.

pub mod challenge;
pub mod password;
pub mod tokens;
