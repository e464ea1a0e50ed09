//! The service-state ports (always SQL): sessions, runtime settings,
//! brute-force bookkeeping, the audit trail's listing and export, the SCIM
//! externalIds.

use chrono::Duration;
use pbm::ports::{AuditQuery, Rotation, Session, StoredRefreshToken};
use rstest_reuse::apply;

use crate::backends::Backend;
use crate::every_backend;
use crate::fixtures::{event, now};

fn new_session(id: &str, account: &str, tenant: &str) -> (Session, StoredRefreshToken) {
    let at = now();
    let session = Session {
        id: id.into(),
        account: account.into(),
        tenant_id: tenant.into(),
        created_at: at,
        expires_at: at + Duration::hours(1),
    };
    let token =
        StoredRefreshToken { hash: format!("hash-{id}-0"), session_id: id.into(), expires_at: session.expires_at };
    (session, token)
}

#[apply(every_backend)]
async fn sessions_rotate_and_detect_reuse(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let s = &stores.sessions;
    let (session, token) = new_session("s1", "ivan@acme.test", "acme");
    s.open_session(&session, &token).await.unwrap();
    assert!(s.session_active("s1", now()).await.unwrap());
    assert!(!s.session_active("nope", now()).await.unwrap());
    assert!(!s.session_active("s1", now() + Duration::hours(2)).await.unwrap(), "expired");

    let next_expiry = now() + Duration::hours(3);
    match s.rotate_refresh_token("hash-s1-0", "hash-s1-1", next_expiry, now()).await.unwrap() {
        Rotation::Rotated(rotated) => {
            assert_eq!(
                (rotated.id.as_str(), rotated.account.as_str(), rotated.tenant_id.as_str()),
                ("s1", "ivan@acme.test", "acme")
            );
            assert_eq!(rotated.expires_at, next_expiry);
        }
        other => panic!("expected a rotation, got {other:?}"),
    }
    assert!(s.session_active("s1", now() + Duration::hours(2)).await.unwrap(), "expiry moved with the new token");
    assert_eq!(s.rotate_refresh_token("unknown", "x", next_expiry, now()).await.unwrap(), Rotation::Invalid);
    // The used token again: theft; the session ends and its live token dies too.
    assert_eq!(s.rotate_refresh_token("hash-s1-0", "hash-s1-2", next_expiry, now()).await.unwrap(), Rotation::Reused);
    assert!(!s.session_active("s1", now()).await.unwrap());
    assert_eq!(s.rotate_refresh_token("hash-s1-1", "hash-s1-3", next_expiry, now()).await.unwrap(), Rotation::Invalid);

    // An expired refresh token does not rotate.
    let (mut short, mut token) = new_session("s2", "ivan@acme.test", "acme");
    short.expires_at = now() + Duration::seconds(1);
    token.expires_at = short.expires_at;
    s.open_session(&short, &token).await.unwrap();
    assert_eq!(
        s.rotate_refresh_token("hash-s2-0", "x2", next_expiry, now() + Duration::seconds(5)).await.unwrap(),
        Rotation::Invalid
    );

    // Concurrent rotations of one token: one wins.
    let (session, token) = new_session("s3", "ivan@acme.test", "acme");
    s.open_session(&session, &token).await.unwrap();
    let attempts = (0..4).map(|i| {
        let s = stores.sessions.clone();
        tokio::spawn(async move {
            s.rotate_refresh_token("hash-s3-0", &format!("hash-s3-n{i}"), next_expiry, now()).await.unwrap()
        })
    });
    let outcomes: Vec<_> = futures::future::join_all(attempts).await.into_iter().map(|r| r.unwrap()).collect();
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Rotation::Rotated(_))).count(), 1, "{outcomes:?}");
}

#[apply(every_backend)]
async fn sessions_end_by_account_and_tenant(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let s = &stores.sessions;
    for (id, account, tenant) in [
        ("a1", "a@acme.test", "acme"),
        ("a2", "a@acme.test", "acme"),
        ("b1", "b@acme.test", "acme"),
        ("c1", "c@beta.test", "beta"),
    ] {
        let (session, token) = new_session(id, account, tenant);
        s.open_session(&session, &token).await.unwrap();
    }
    assert_eq!(s.end_sessions_of("a@acme.test", Some("a2"), now()).await.unwrap(), 1);
    assert!(!s.session_active("a1", now()).await.unwrap());
    assert!(s.session_active("a2", now()).await.unwrap());
    s.end_session("a2", now()).await.unwrap();
    assert!(!s.session_active("a2", now()).await.unwrap());
    assert_eq!(s.end_sessions_of_tenant("acme", now()).await.unwrap(), 1);
    assert!(!s.session_active("b1", now()).await.unwrap());
    assert!(s.session_active("c1", now()).await.unwrap());
    let purged = s.purge_sessions(now() + Duration::seconds(1)).await.unwrap();
    assert_eq!(purged, 3);
    assert!(s.session_active("c1", now()).await.unwrap());
}

#[apply(every_backend)]
async fn scim_external_ids_are_unique_per_tenant(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let ids = &stores.external_ids;
    ids.set_external_id("t1", "a@t1.test", Some("ext-a")).await.unwrap();
    ids.set_external_id("t1", "b@t1.test", Some("ext-b")).await.unwrap();
    // Another tenant may use the same externalId; the same tenant may not.
    ids.set_external_id("t2", "a@t2.test", Some("ext-a")).await.unwrap();
    let taken = ids.set_external_id("t1", "c@t1.test", Some("ext-a")).await.unwrap_err();
    assert!(matches!(taken, pbm::error::Error::AlreadyExists { .. }), "{taken:?}");
    assert_eq!(ids.user_with_external_id("t1", "ext-a").await.unwrap().as_deref(), Some("a@t1.test"));
    assert_eq!(ids.user_with_external_id("t2", "ext-a").await.unwrap().as_deref(), Some("a@t2.test"));
    assert_eq!(ids.user_with_external_id("t1", "EXT-A").await.unwrap(), None, "externalId is case-exact");
    // Changed, then read in bulk; a user without one is left out.
    ids.set_external_id("t1", "a@t1.test", Some("ext-a2")).await.unwrap();
    let mails = ["a@t1.test", "b@t1.test", "c@t1.test"].map(str::to_owned);
    let found = ids.external_ids("t1", &mails).await.unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found["a@t1.test"], "ext-a2");
    assert_eq!(ids.user_with_external_id("t1", "ext-a").await.unwrap(), None);
    // Taken away.
    ids.set_external_id("t1", "b@t1.test", None).await.unwrap();
    assert_eq!(ids.user_with_external_id("t1", "ext-b").await.unwrap(), None);
    assert!(ids.external_ids("t1", &mails[1..2]).await.unwrap().is_empty());
    // A deleted tenant's go; another tenant's stay.
    ids.forget_tenant_external_ids("t1").await.unwrap();
    assert!(ids.external_ids("t1", &mails).await.unwrap().is_empty());
    assert_eq!(ids.user_with_external_id("t2", "ext-a").await.unwrap().as_deref(), Some("a@t2.test"));
}

#[apply(every_backend)]
async fn runtime_settings_are_versioned(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let s = &stores.settings;
    let (v0, values) = s.load_settings().await.unwrap();
    assert!(values.is_empty());
    s.put_setting(
        "psn/bruteforce/penalty",
        "60",
        &event("pbm.v2.SettingsService/PutSetting", "", "setting:psn/bruteforce/penalty"),
    )
    .await
    .unwrap();
    s.put_setting(
        "psn/bruteforce/penalty",
        "61",
        &event("pbm.v2.SettingsService/PutSetting", "", "setting:psn/bruteforce/penalty"),
    )
    .await
    .unwrap();
    let (v1, values) = s.load_settings().await.unwrap();
    assert!(v1 > v0);
    assert_eq!(values.get("psn/bruteforce/penalty").map(String::as_str), Some("61"));
    assert_eq!(s.settings_version().await.unwrap(), v1);
    s.delete_setting(
        "psn/bruteforce/penalty",
        &event("pbm.v2.SettingsService/DeleteSetting", "", "setting:psn/bruteforce/penalty"),
    )
    .await
    .unwrap();
    let (v2, values) = s.load_settings().await.unwrap();
    assert!(v2 > v1 && values.is_empty());
    let audited = stores
        .audit
        .list(&AuditQuery { target: Some("setting:psn/bruteforce/penalty".into()), limit: 10, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(audited.len(), 3);
}

#[apply(every_backend)]
async fn login_failures_count_distinct_attempts(#[case] backend: Backend) {
    use pbm::ports::AttemptReservation::{Counted, LockedOut};
    let Some(stores) = backend.open().await else { return };
    let t = &stores.throttle;
    let start = now();
    let window = start - Duration::minutes(5);
    assert_eq!(t.record_login_failure("10.0.0.1", "pair-a", start, window).await.unwrap(), 1);
    assert_eq!(
        t.record_login_failure("10.0.0.1", "pair-a", start, window).await.unwrap(),
        1,
        "a repeated pair counts once"
    );
    assert_eq!(t.record_login_failure("10.0.0.1", "pair-b", start, window).await.unwrap(), 2);
    assert_eq!(t.record_login_failure("10.0.0.2", "pair-a", start, window).await.unwrap(), 1, "per source");
    // Failures older than the window no longer count.
    let later = start + Duration::minutes(10);
    assert_eq!(t.record_login_failure("10.0.0.1", "pair-c", later, later - Duration::minutes(5)).await.unwrap(), 1);

    assert_eq!(t.lockout("10.0.0.1", start).await.unwrap(), None);
    let until = start + Duration::seconds(30);
    t.lock_out("10.0.0.1", until).await.unwrap();
    assert_eq!(t.lockout("10.0.0.1", start).await.unwrap(), Some(until));
    assert_eq!(t.lockout("10.0.0.2", start).await.unwrap(), None);
    assert_eq!(t.lockout("10.0.0.1", until + Duration::seconds(1)).await.unwrap(), None, "expired");
    // A lockout resets the count.
    assert_eq!(t.record_login_failure("10.0.0.1", "pair-d", start, window).await.unwrap(), 1);
    // A reservation of a locked-out source counts nothing and says until when.
    assert_eq!(t.reserve_login_attempt("10.0.0.1", "pair-e", start, window).await.unwrap(), LockedOut(until));
    assert_eq!(t.login_failures("10.0.0.1", window).await.unwrap(), 1);
    assert!(t.purge_throttle(until + Duration::hours(1)).await.unwrap() >= 2);

    // Reserving counts before the password is checked; a right one is forgotten.
    let s = "10.0.0.3";
    assert_eq!(t.reserve_login_attempt(s, "pair-a", start, window).await.unwrap(), Counted(1));
    assert_eq!(t.reserve_login_attempt(s, "pair-b", start, window).await.unwrap(), Counted(2));
    assert_eq!(t.reserve_login_attempt(s, "pair-b", start, window).await.unwrap(), Counted(2), "a repeat counts once");
    assert_eq!(t.login_failures(s, window).await.unwrap(), 0, "attempts being checked are not failures");
    t.forget_login_attempt(s, "pair-a").await.unwrap();
    // pair-b failed: recorded, then its reservation dropped; it still counts once.
    assert_eq!(t.record_login_failure(s, "pair-b", start, window).await.unwrap(), 1);
    t.forget_login_attempt(s, "pair-b").await.unwrap();
    assert_eq!(t.login_failures(s, window).await.unwrap(), 1);
    assert_eq!(t.lockout(s, start).await.unwrap(), None, "reserving locks nothing out");
    assert_eq!(t.record_login_failure(s, "pair-c", start, window).await.unwrap(), 2);
}

#[apply(every_backend)]
async fn audit_lists_filter_and_exports_once(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let audit = &stores.audit;
    // Events from while the export is off are skipped.
    audit.append(&event("pbm.v2.X/Before", "acme", "x:0")).await.unwrap();
    audit.skip_export().await.unwrap();
    assert!(audit.claim_for_export(10).await.unwrap().is_empty());
    for i in 1..=5 {
        let tenant = if i % 2 == 0 { "beta" } else { "acme" };
        let mut e = event("pbm.v2.X/Change", tenant, &format!("x:{i}"));
        e.before = Some(serde_json::json!({"n": i}));
        audit.append(&e).await.unwrap();
    }
    let all = audit.list(&AuditQuery { limit: 100, ..Default::default() }).await.unwrap();
    assert_eq!(all.len(), 6);
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    assert_eq!(all[0].event.before, Some(serde_json::json!({"n": 5})));
    let acme =
        audit.list(&AuditQuery { tenant_id: Some("acme".into()), limit: 100, ..Default::default() }).await.unwrap();
    assert_eq!(acme.len(), 4);
    let page = audit.list(&AuditQuery { before_id: Some(all[1].id), limit: 2, ..Default::default() }).await.unwrap();
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [all[2].id, all[3].id]);
    let later = audit
        .list(&AuditQuery { since: Some(now() + Duration::seconds(10)), limit: 10, ..Default::default() })
        .await
        .unwrap();
    assert!(later.is_empty());

    let first = audit.claim_for_export(3).await.unwrap();
    let second = audit.claim_for_export(10).await.unwrap();
    let targets: Vec<_> = first.iter().chain(second.iter()).map(|r| r.event.target.clone()).collect();
    assert_eq!(targets, ["x:1", "x:2", "x:3", "x:4", "x:5"]);
    assert!(audit.claim_for_export(10).await.unwrap().is_empty());
    audit.append(&event("pbm.v2.X/Skipped", "acme", "x:6")).await.unwrap();
    audit.skip_export().await.unwrap();
    assert!(audit.claim_for_export(10).await.unwrap().is_empty());
    // Concurrent claims hand each event to one claimer.
    for i in 7..27 {
        audit.append(&event("pbm.v2.X/Change", "acme", &format!("x:{i}"))).await.unwrap();
    }
    let claims = (0..4).map(|_| {
        let audit = stores.audit.clone();
        tokio::spawn(async move { audit.claim_for_export(3).await.unwrap() })
    });
    let mut claimed: Vec<String> =
        futures::future::join_all(claims).await.into_iter().flat_map(|r| r.unwrap()).map(|e| e.event.target).collect();
    while let Some(more) = Some(audit.claim_for_export(5).await.unwrap()).filter(|m| !m.is_empty()) {
        claimed.extend(more.into_iter().map(|e| e.event.target));
    }
    claimed.sort();
    let mut expected: Vec<String> = (7..27).map(|i| format!("x:{i}")).collect();
    expected.sort();
    assert_eq!(claimed, expected);
}
