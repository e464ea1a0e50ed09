//! The conformance suite of the ports: one set of tests, run unchanged
//! against every backend (`backends.rs`). A backend passes when it stores and
//! finds what the services expect: uniqueness, keyset paging, revisions,
//! soft deletion, cascades, audit rows written with the changes, sessions,
//! settings and brute-force bookkeeping, and the directory objects (mail and
//! web domains, resource groups and resources, lists, reserved addresses).
//!
//! A backend whose server is not reachable is skipped loudly, or fails under
//! CI (`CI=true` / `PBM_REQUIRE_SERVERS=1`).

mod backends;
mod directory;
mod fixtures;
mod objects;
mod state;

/// Instantiates every test of the suite for each backend.
macro_rules! conformance {
    (backends: [$($backend:ident),*]; tests: $tests:tt) => {
        $( backend_tests!($backend, $tests); )*
    };
}

/// The tests of one backend, in a module named after it.
macro_rules! backend_tests {
    ($backend:ident, [$($suite:ident :: $test:ident),* $(,)?]) => {
        mod $backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let Some(stores) = crate::backends::$backend().await else { return };
                    crate::$suite::$test(stores).await;
                }
            )*
        }
    };
}

conformance! {
    backends: [sqlite, postgres, openldap, ds389];
    tests: [
        directory::tenant_lifecycle,
        directory::tenant_ids_and_domains_are_unique,
        directory::user_round_trip_keeps_every_field,
        directory::addresses_are_unique_across_users,
        directory::users_are_found_by_any_address,
        directory::listing_sorts_searches_and_pages,
        directory::user_batches_cover_every_live_user_in_order,
        directory::list_pages_count_their_whole_match,
        directory::search_treats_filter_syntax_as_text,
        directory::updates_check_revisions_and_move_addresses,
        directory::soft_delete_undelete_and_purge,
        directory::deleting_a_tenant_removes_everything_in_it,
        directory::changes_are_audited_with_the_change,
        directory::concurrent_creations_of_one_address,
        directory::imports_store_every_user_or_none,
        objects::mail_domains_keep_one_default_and_update_named_fields,
        objects::domain_deletion_checks_usage_and_removes_what_it_counted,
        objects::web_domains_are_read_without_their_key,
        objects::groups_and_resources_cascade_and_check_revisions,
        objects::lists_keep_members_through_renames_and_free_addresses,
        objects::concurrent_reservations_of_one_address_across_kinds,
        state::sessions_rotate_and_detect_reuse,
        state::sessions_end_by_account_and_tenant,
        state::runtime_settings_are_versioned,
        state::login_failures_count_distinct_attempts,
        state::audit_lists_filter_and_exports_once,
    ]
}
