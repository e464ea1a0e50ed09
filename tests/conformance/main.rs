//! The conformance suite of the ports: one set of tests, run unchanged
//! against every backend (`backends.rs`). A backend passes when it stores and
//! finds what the services expect: uniqueness, keyset paging, revisions,
//! soft deletion, cascades, audit rows written with the changes, sessions,
//! settings and brute-force bookkeeping, and the directory objects (mail and
//! web domains, resource groups and resources, lists, reserved addresses).
//!
//! A test is registered where it is defined: `#[apply(every_backend)]` on
//! the test makes one test per backend (`directory::tenant_lifecycle::case_1_sqlite`,
//! …), so there is no list to keep. A suite function without it is dead
//! code, which the lints refuse.
//!
//! A backend whose server is not reachable is skipped loudly, or fails under
//! CI (`CI=true` / `PBM_REQUIRE_SERVERS=1`).

use rstest_reuse::template;

mod avatars;
mod backends;
mod changes;
mod contacts;
mod directory;
mod fixtures;
mod objects;
mod service_accounts;
mod state;

/// Every backend, one test each: apply to a suite test with
/// `#[apply(every_backend)]`; the test takes `#[case] backend: Backend`.
#[template]
#[rstest::rstest]
#[case::sqlite(crate::backends::Backend::Sqlite)]
#[case::postgres(crate::backends::Backend::Postgres)]
#[case::openldap(crate::backends::Backend::OpenLdap)]
#[case::ds389(crate::backends::Backend::Ds389)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
fn every_backend(#[case] backend: crate::backends::Backend) {}
