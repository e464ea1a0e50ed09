//! The authorization matrix's vocabulary: who calls ([`Who`]), what they get
//! ([`Outcome`]), and the RPCs that must each have a row
//! ([`every_rpc`], read from the server's own file descriptor set, so a new
//! RPC without a row fails the coverage test in `authorization.rs`).
//!
//! The rows live beside the worlds that can run them: `authorization.rs`
//! (directory, auth, settings, audit), `mail.rs` (a real Dovecot),
//! `backup.rs`. A row's name is the RPC's, optionally followed by a space and
//! a variant (`SearchMessages all users`).

use std::collections::BTreeSet;

use prost::Message as _;
use tonic::{Code, Request, Status};

use super::authed;

/// The kinds of caller every RPC is tried with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The installation's superadmin.
    Superadmin,
    /// An admin of the tenant the call is about.
    Admin,
    /// An admin of another tenant.
    OtherAdmin,
    /// A user (role 2) of the tenant the call is about.
    User,
    /// No token at all.
    Nobody,
}

/// Every kind of caller, in the order of a row.
pub const EVERYONE: [Who; 5] = [Who::Superadmin, Who::Admin, Who::OtherAdmin, Who::User, Who::Nobody];

/// What a call got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It did what was asked.
    Allowed,
    /// PERMISSION_DENIED: the wall held.
    Denied,
    /// UNAUTHENTICATED.
    Unauthenticated,
    /// Past the wall, then refused with this code for a reason of its own
    /// (e.g. a restore into an installation that is not empty).
    Refused(Code),
}

/// A row: an RPC (and variant) and the outcome for each of [`EVERYONE`].
pub type Row = (&'static str, [Outcome; 5]);

/// The outcome of a call; any other failure is a bug of the test or the server.
pub fn outcome<T>(result: Result<T, Status>) -> Outcome {
    match result {
        Ok(_) => Outcome::Allowed,
        Err(s) if s.code() == Code::PermissionDenied => Outcome::Denied,
        Err(s) if s.code() == Code::Unauthenticated => Outcome::Unauthenticated,
        Err(s) => Outcome::Refused(s.code()),
    }
}

/// A request with the caller's token, or without one.
pub fn request<T>(token: Option<&str>, message: T) -> Request<T> {
    match token {
        Some(token) => authed(token, message),
        None => Request::new(message),
    }
}

/// Runs `rows`, calling `call(rpc, who)` for each cell; fails listing every
/// cell that differs.
pub async fn check<F, Fut>(rows: &[Row], mut call: F)
where
    F: FnMut(&'static str, Who) -> Fut,
    Fut: Future<Output = Outcome>,
{
    let mut failures = Vec::new();
    for (rpc, expected) in rows {
        for (who, expected) in EVERYONE.iter().zip(expected) {
            let got = call(rpc, *who).await;
            if got != *expected {
                failures.push(format!("{rpc} as {who:?}: expected {expected:?}, got {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix:\n{}", failures.join("\n"));
}

/// The callers a service account's key can stand for: an installation-wide
/// key for the superadmin, a key of the tenant for its admin, a key of the
/// other tenant for theirs (a key is never a user, and no key is no token).
pub const KEYED: [Who; 3] = [Who::Superadmin, Who::Admin, Who::OtherAdmin];

/// Runs the [`KEYED`] cells of `rows` with `call(rpc, who)`, where `who`
/// now means the API key standing for that caller (each holding every scope
/// its account may hold): a key meets the walls its kind of caller meets.
pub async fn check_keys<F, Fut>(rows: &[Row], mut call: F)
where
    F: FnMut(&'static str, Who) -> Fut,
    Fut: Future<Output = Outcome>,
{
    let mut failures = Vec::new();
    for (rpc, expected) in rows {
        for (who, expected) in EVERYONE.iter().zip(expected).filter(|(who, _)| KEYED.contains(who)) {
            let got = call(rpc, *who).await;
            if got != *expected {
                failures.push(format!("{rpc} with the key of {who:?}: expected {expected:?}, got {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix with keys:\n{}", failures.join("\n"));
}

/// Every RPC of pbm's own services (`pbm.v2.*`), by method name, read from
/// the file descriptor set the server serves by reflection.
pub fn every_rpc() -> BTreeSet<String> {
    let set = prost_types::FileDescriptorSet::decode(pbm::pb::FILE_DESCRIPTOR_SET).expect("descriptor set decodes");
    let mut names = BTreeSet::new();
    for file in set.file.iter().filter(|f| f.package() == "pbm.v2") {
        for method in file.service.iter().flat_map(|s| &s.method) {
            assert!(names.insert(method.name().to_owned()), "two services have an RPC {}", method.name());
        }
    }
    names
}

/// The RPC a row is about (its name without the variant).
pub fn rpc_of(row: &Row) -> &'static str {
    row.0.split(' ').next().unwrap_or(row.0)
}
