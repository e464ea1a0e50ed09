//! Service accounts and API keys (service state, always SQL: beside an LDAP
//! directory they live in its state store): uniqueness per tenant, the
//! live-key limit, revocation, last use written at most once per interval,
//! cascades, audit rows and change-log records with every change.

use chrono::Duration;
use pbm::domain::{ApiKey, ChangeOp, ObjectKind, ServiceAccount};
use pbm::error::Error;
use pbm::ports::AuditQuery;
use pbm::store::Stores;
use rstest_reuse::apply;

use crate::backends::Backend;
use crate::every_backend;
use crate::fixtures::{event, now};

fn account(tenant: &str, name: &str, scopes: &[&str]) -> ServiceAccount {
    ServiceAccount {
        tenant_id: tenant.into(),
        name: name.into(),
        description: "the CRM".into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        created_by: "admin@acme.test".into(),
        created_at: now(),
        updated_at: now(),
    }
}

fn key(id: &str, tenant: &str, account: &str) -> ApiKey {
    ApiKey {
        id: id.into(),
        tenant_id: tenant.into(),
        account: account.into(),
        secret_hash: format!("hash-of-{id}"),
        description: "prod".into(),
        networks: vec!["10.0.0.0/8".parse().unwrap(), "2001:db8::/32".parse().unwrap()],
        created_at: now(),
        expires_at: None,
        revoked_at: None,
        last_used_at: None,
        last_used_addr: String::new(),
    }
}

/// The service-account records of the change log after `*at` (moving it).
async fn account_changes(stores: &Stores, at: &mut i64) -> Vec<(String, String, ChangeOp)> {
    let records = stores.changes.changes_after(*at, 1000).await.unwrap();
    if let Some(last) = records.last() {
        *at = last.revision;
    }
    records
        .into_iter()
        .filter(|r| r.change.kind == ObjectKind::ServiceAccount)
        .map(|r| (r.change.tenant_id, r.change.name, r.change.op))
        .collect()
}

#[apply(every_backend)]
async fn service_accounts_are_unique_per_tenant_and_listed_in_order(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let s = &stores.service_accounts;
    let mut at = stores.changes.revisions().await.unwrap().latest;
    for (tenant, name) in [("acme", "crm"), ("acme", "backup"), ("beta", "crm"), ("", "monitoring")] {
        s.create_service_account(&account(tenant, name, &["directory.read"]), &event("Create", tenant, name))
            .await
            .unwrap();
    }
    let again = s.create_service_account(&account("acme", "crm", &[]), &event("Create", "acme", "crm")).await;
    assert!(matches!(again, Err(Error::AlreadyExists { kind: "service account", .. })), "{again:?}");

    let names = |list: Vec<ServiceAccount>| list.into_iter().map(|a| a.name).collect::<Vec<_>>();
    assert_eq!(names(s.list_service_accounts("acme", None, 10).await.unwrap()), ["backup", "crm"]);
    assert_eq!(names(s.list_service_accounts("acme", Some("backup"), 10).await.unwrap()), ["crm"]);
    assert_eq!(names(s.list_service_accounts("", None, 10).await.unwrap()), ["monitoring"]);
    assert_eq!(s.count_service_accounts("acme").await.unwrap(), 2);
    let crm = s.get_service_account("acme", "crm").await.unwrap().unwrap();
    assert_eq!((crm.description.as_str(), crm.scopes.clone()), ("the CRM", vec!["directory.read".to_string()]));
    assert!(s.get_service_account("gamma", "crm").await.unwrap().is_none());

    let mut changed = crm.clone();
    changed.scopes = vec!["directory.read".into(), "users.write".into()];
    changed.description = "the new CRM".into();
    s.update_service_account(&changed, &event("Update", "acme", "crm")).await.unwrap();
    assert_eq!(s.get_service_account("acme", "crm").await.unwrap().unwrap().scopes, changed.scopes);
    let missing = s.update_service_account(&account("acme", "nope", &[]), &event("Update", "acme", "nope")).await;
    assert!(matches!(missing, Err(Error::NotFound { .. })), "{missing:?}");

    s.delete_service_account("acme", "backup", &event("Delete", "acme", "backup")).await.unwrap();
    let gone = s.delete_service_account("acme", "backup", &event("Delete", "acme", "backup")).await;
    assert!(matches!(gone, Err(Error::NotFound { .. })), "{gone:?}");

    use ChangeOp::{Added, Deleted, Modified};
    let expected: Vec<(String, String, ChangeOp)> = [
        ("acme", "crm", Added),
        ("acme", "backup", Added),
        ("beta", "crm", Added),
        ("", "monitoring", Added),
        ("acme", "crm", Modified),
        ("acme", "backup", Deleted),
    ]
    .into_iter()
    .map(|(t, n, o)| (t.to_string(), n.to_string(), o))
    .collect();
    assert_eq!(account_changes(&stores, &mut at).await, expected);
    // Each change wrote its audit event; the refused ones wrote none.
    let query = AuditQuery { tenant_id: Some("acme".into()), limit: 100, ..Default::default() };
    assert_eq!(stores.audit.list(&query).await.unwrap().len(), 4);
}

#[apply(every_backend)]
async fn api_keys_are_found_by_id_limited_revoked_and_cascaded(#[case] backend: Backend) {
    let Some(stores) = backend.open().await else { return };
    let s = &stores.service_accounts;
    s.create_service_account(&account("acme", "crm", &["users.write"]), &event("Create", "acme", "crm")).await.unwrap();
    let mut at = stores.changes.revisions().await.unwrap().latest;

    let orphan = s.create_api_key(&key("00000000000000aa", "acme", "nope"), 2, &event("Key", "acme", "nope")).await;
    assert!(matches!(orphan, Err(Error::NotFound { kind: "service account", .. })), "{orphan:?}");
    let mut expiring = key("00000000000000a1", "acme", "crm");
    expiring.expires_at = Some(now() + Duration::hours(1));
    s.create_api_key(&expiring, 2, &event("Key", "acme", "crm")).await.unwrap();
    s.create_api_key(&key("00000000000000a2", "acme", "crm"), 2, &event("Key", "acme", "crm")).await.unwrap();
    // Two live keys: the limit of 2 refuses a third, and nothing is stored.
    let third = s.create_api_key(&key("00000000000000a3", "acme", "crm"), 2, &event("Key", "acme", "crm")).await;
    assert!(matches!(third, Err(Error::FailedPrecondition(_))), "{third:?}");
    assert!(s.api_key("00000000000000a3").await.unwrap().is_none());
    let duplicate = s.create_api_key(&key("00000000000000a2", "acme", "crm"), 9, &event("Key", "acme", "crm")).await;
    assert!(matches!(duplicate, Err(Error::AlreadyExists { .. })), "{duplicate:?}");

    let (found, owner) = s.api_key("00000000000000a1").await.unwrap().unwrap();
    assert_eq!(found.expires_at, expiring.expires_at);
    assert_eq!(found.networks, expiring.networks);
    assert_eq!((found.secret_hash.as_str(), owner.name.as_str()), ("hash-of-00000000000000a1", "crm"));
    assert_eq!(owner.scopes, ["users.write"]);
    assert!(s.api_key("ffffffffffffffff").await.unwrap().is_none());

    // Revoked: kept (listed), no longer live, so a new key fits under the limit.
    assert!(s.revoke_api_key("acme", "crm", "00000000000000a1", now(), &event("Revoke", "acme", "crm")).await.unwrap());
    assert!(
        !s.revoke_api_key("acme", "crm", "00000000000000a1", now(), &event("Revoke", "acme", "crm")).await.unwrap()
    );
    let elsewhere = s.revoke_api_key("beta", "crm", "00000000000000a2", now(), &event("Revoke", "beta", "crm")).await;
    assert!(matches!(elsewhere, Err(Error::NotFound { kind: "API key", .. })), "{elsewhere:?}");
    assert!(s.api_key("00000000000000a1").await.unwrap().unwrap().0.revoked_at.is_some());
    s.create_api_key(&key("00000000000000a3", "acme", "crm"), 2, &event("Key", "acme", "crm")).await.unwrap();
    let ids: Vec<String> = s.list_api_keys("acme", "crm").await.unwrap().into_iter().map(|k| k.id).collect();
    assert_eq!(ids, ["00000000000000a1", "00000000000000a2", "00000000000000a3"]);

    // Last use: written, then not again within the interval.
    let t0 = now();
    assert!(s.record_key_use("00000000000000a2", t0, "10.1.2.3", t0 - Duration::seconds(60)).await.unwrap());
    let t1 = t0 + Duration::seconds(10);
    assert!(!s.record_key_use("00000000000000a2", t1, "10.9.9.9", t1 - Duration::seconds(60)).await.unwrap());
    let used = s.api_key("00000000000000a2").await.unwrap().unwrap().0;
    assert_eq!((used.last_used_at, used.last_used_addr.as_str()), (Some(t0), "10.1.2.3"));
    let t2 = t0 + Duration::seconds(61);
    assert!(s.record_key_use("00000000000000a2", t2, "10.9.9.9", t2 - Duration::seconds(60)).await.unwrap());

    // Every key change is a record naming the account (caches drop its keys).
    let changes = account_changes(&stores, &mut at).await;
    assert_eq!(changes.len(), 4, "two keys, one revocation, one key: {changes:?}");
    assert!(changes.iter().all(|(t, n, o)| (t.as_str(), n.as_str(), *o) == ("acme", "crm", ChangeOp::Modified)));

    // Deleting the account takes its keys; deleting a tenant's accounts takes theirs.
    s.create_service_account(&account("acme", "other", &[]), &event("Create", "acme", "other")).await.unwrap();
    s.create_api_key(&key("00000000000000b1", "acme", "other"), 2, &event("Key", "acme", "other")).await.unwrap();
    s.delete_service_account("acme", "crm", &event("Delete", "acme", "crm")).await.unwrap();
    assert!(s.api_key("00000000000000a2").await.unwrap().is_none());
    assert_eq!(s.delete_tenant_service_accounts("acme", &event("DeleteTenant", "acme", "acme")).await.unwrap(), 1);
    assert!(s.api_key("00000000000000b1").await.unwrap().is_none());
    assert_eq!(s.delete_tenant_service_accounts("acme", &event("DeleteTenant", "acme", "acme")).await.unwrap(), 0);
    let last = account_changes(&stores, &mut at).await;
    assert_eq!(last.last().map(|(t, n, o)| (t.as_str(), n.as_str(), *o)), Some(("acme", "", ChangeOp::Deleted)));
}
