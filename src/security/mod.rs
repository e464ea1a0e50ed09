//! Credentials: password hashing (argon2id) and tokens (signed access tokens,
//! opaque refresh tokens). Nothing here logs or returns a secret.

pub mod password;
pub mod tokens;
