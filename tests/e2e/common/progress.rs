//! The progress stream of `UserService.RunSync`, as the sync tests read it:
//! every message of a run, and the rules every stream keeps.

use pbm::pb;

use super::{TestServer, authed};

/// RunSync of `kind` for `tenant` (a real run, not full): every message it streams.
pub async fn run_streamed(server: &TestServer, token: &str, tenant: &str, kind: pb::SyncKind) -> Vec<pb::SyncProgress> {
    let request = pb::RunSyncRequest { tenant_id: tenant.into(), kind: kind as i32, dry_run: false, full: false };
    let mut stream = server.users().run_sync(authed(token, request)).await.unwrap().into_inner();
    let mut messages = Vec::new();
    while let Some(message) = stream.message().await.unwrap() {
        messages.push(message);
    }
    messages
}

/// The rules of a progress stream: CONNECTING first, phases and counts that
/// only grow, and one last DONE message whose counts are the report's.
pub fn assert_progress(messages: &[pb::SyncProgress]) -> pb::SyncReport {
    let (last, before) = messages.split_last().expect("messages");
    assert_eq!(messages[0].phase, pb::SyncPhase::Connecting as i32, "{:?}", messages[0]);
    for pair in messages.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a.phase <= b.phase && a.read <= b.read && a.applied <= b.applied, "{a:?} then {b:?}");
    }
    assert!(before.iter().all(|m| m.report.is_none() && m.phase != pb::SyncPhase::Done as i32));
    assert_eq!(last.phase, pb::SyncPhase::Done as i32);
    let report = last.report.clone().expect("the last message carries the report");
    assert_eq!(last.read, report.read);
    assert_eq!(last.applied, last.planned, "every planned change written");
    assert!(last.planned >= report.created + report.updated + report.removed, "{last:?}");
    report
}
