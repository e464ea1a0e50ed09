//! Credentials: password hashing (argon2id), tokens (signed access tokens,
//! opaque refresh tokens), the API keys of service accounts and the login's
//! robot check (picture codes), the private files of the data dir, and the
//! sealing of secret values at rest.
//! Nothing here logs or returns a secret.

pub mod api_keys;
pub mod challenge;
pub mod password;
pub mod private_files;
pub mod sealing;
pub mod tokens;
