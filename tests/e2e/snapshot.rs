//! BackupService snapshots: a tar archive that `tar` lists, holding the
//! directory, the settings and the audit trail at one point in time
//! (changes made while it is read wait and land after it); restored into
//! empty installations on PostgreSQL and OpenLDAP with every object,
//! password, setting and audit event; refused — changing nothing — on a
//! non-empty installation, for a damaged archive and for non-superadmins;
//! an interrupted restore resumed by its id; and `pbm backup
//! snapshot|restore` online and offline.

use std::collections::{BTreeMap, BTreeSet};

use futures::StreamExt as _;
use pbm::pb::{self, audit_service_client::AuditServiceClient, settings_service_client::SettingsServiceClient};
use tonic::{Code, Status};

use crate::backup::{backup, entries, export, import, many_users, pbm_cli, populate, setting};
use crate::common::{
    CREATOR, CREATOR_PASSWORD, Options, TestServer, authed, expect_code,
    fixtures::{Tenant, USER_PASSWORD, new_user},
    fresh_ldap_url, fresh_postgres_database,
};

const MEMBERS: [&str; 4] = [
    "pbm-snapshot/manifest.json",
    "pbm-snapshot/settings.txt",
    "pbm-snapshot/directory.ldif",
    "pbm-snapshot/audit.jsonl",
];

/// A snapshot of `server`, whole.
pub(crate) async fn snapshot(server: &TestServer, token: &str) -> Result<Vec<u8>, Status> {
    let mut stream = backup(server).create_snapshot(authed(token, pb::CreateSnapshotRequest {})).await?.into_inner();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend(chunk?.data);
    }
    Ok(bytes)
}

/// Restores `archive` (resuming `resume_id` unless empty); every progress message.
pub(crate) async fn restore(
    server: &TestServer,
    token: &str,
    archive: &[u8],
    resume_id: &str,
) -> Result<Vec<pb::ImportProgress>, Status> {
    let mut stream = restore_stream(server, token, archive, resume_id).await?;
    let mut progress = Vec::new();
    while let Some(message) = stream.next().await {
        progress.push(message?);
    }
    Ok(progress)
}

async fn restore_stream(
    server: &TestServer,
    token: &str,
    archive: &[u8],
    resume_id: &str,
) -> Result<tonic::Streaming<pb::ImportProgress>, Status> {
    // Small chunks cut anywhere; the resume id rides on the first one.
    let messages: Vec<pb::RestoreSnapshotRequest> = archive
        .chunks(4000)
        .enumerate()
        .map(|(i, data)| pb::RestoreSnapshotRequest {
            data: data.to_vec(),
            resume_id: if i == 0 { resume_id.into() } else { String::new() },
        })
        .collect();
    Ok(backup(server).restore_snapshot(authed(token, tokio_stream::iter(messages))).await?.into_inner())
}

/// The members of an archive by name, read with pbm's tar reader.
fn members(archive: &[u8]) -> BTreeMap<String, String> {
    let mut reader = pbm::tar::Reader::new(archive);
    let mut members = BTreeMap::new();
    while let Some(member) = reader.next_member().unwrap() {
        let mut body = Vec::new();
        let mut buffer = [0u8; 8192];
        loop {
            let n = reader.body(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            body.extend_from_slice(&buffer[..n]);
        }
        members.insert(member.name, String::from_utf8(body).unwrap());
    }
    members
}

/// The audit lines of a snapshot as JSON values.
fn audit_lines(members: &BTreeMap<String, String>) -> Vec<serde_json::Value> {
    members[MEMBERS[3]].lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

/// The events of `server`'s trail whose target is `target`.
async fn audit_of(server: &TestServer, token: &str, target: &str) -> Vec<pb::AuditEvent> {
    let request = pb::ListAuditEventsRequest { target: target.into(), page_size: 100, ..Default::default() };
    AuditServiceClient::new(server.channel())
        .list_audit_events(authed(token, request))
        .await
        .unwrap()
        .into_inner()
        .events
}

/// `tar -tf` of the archive: GNU tar reads it and lists the four members in order.
fn tar_lists(archive: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.tar");
    std::fs::write(&path, archive).unwrap();
    let out = std::process::Command::new("tar").arg("-tf").arg(&path).output().expect("tar runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().collect::<Vec<_>>(), MEMBERS);
}

#[tokio::test]
async fn a_snapshot_moves_an_installation_into_empty_ones_on_other_backends() {
    let source = TestServer::start().await;
    let creator = source.creator_token().await;
    populate(&source, &creator).await;
    SettingsServiceClient::new(source.channel())
        .put_setting(authed(
            &creator,
            pb::PutSettingRequest { key: "psn/bruteforce/max_attempts".into(), value: "6".into() },
        ))
        .await
        .unwrap();
    let archive = snapshot(&source, &creator).await.unwrap();
    tar_lists(&archive);
    let parts = members(&archive);
    let manifest: serde_json::Value = serde_json::from_str(&parts[MEMBERS[0]]).unwrap();
    assert_eq!(manifest["format"], "pbm-snapshot");
    assert_eq!(manifest["version"], 1);
    assert_eq!(parts[MEMBERS[1]], "psn/bruteforce/max_attempts\n6\n");
    let directory = entries(&parts[MEMBERS[2]]);
    assert_eq!(manifest["entries"], directory.len() as u64);
    assert_eq!(directory, entries(&export(&source, &creator, "").await.unwrap()), "the directory as exported");
    let trail = audit_lines(&parts);
    assert_eq!(manifest["audit_events"], trail.len() as u64);
    let created_gone = trail
        .iter()
        .find(|e| e["rpc"] == "pbm.v2.UserService/CreateUser" && e["target"] == "user:gone@acme.test")
        .expect("the trail holds the history of the directory")
        .clone();
    let times: Vec<&str> = trail.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first: {times:?}");

    let mut targets = Vec::new();
    if let Some(store) = fresh_postgres_database().await {
        targets.push(("PostgreSQL", store));
    }
    if let Some(store) = fresh_ldap_url("slapd") {
        targets.push(("OpenLDAP", store));
    }
    for (backend, store) in targets {
        let target = TestServer::start_with(Options { store: Some(store), ..Default::default() }).await;
        let first_start_token = target.creator_token().await;
        let progress = restore(&target, &first_start_token, &archive, "").await.unwrap();
        let last = progress.last().unwrap();
        assert!(last.done && last.added > 0 && last.replaced == 0, "{backend}: {progress:?}");
        // The first-start tenant was removed and its sessions ended.
        expect_code(export(&target, &first_start_token, "").await, Code::Unauthenticated);
        // The snapshot's creator (same password in both test servers) logs in, and so does the user.
        let token = target.creator_token().await;
        target.login("user@acme.test", USER_PASSWORD).await;
        assert_eq!(entries(&export(&target, &token, "").await.unwrap()), directory, "{backend}: same directory");
        assert_eq!(setting(&target, &token, "psn/bruteforce/max_attempts").await.value, "6", "{backend}");
        let restored = audit_of(&target, &token, "user:gone@acme.test").await;
        let original = restored
            .iter()
            .find(|e| e.rpc == "pbm.v2.UserService/CreateUser" && e.actor == created_gone["actor"])
            .unwrap_or_else(|| panic!("{backend}: the source's event is in the trail: {restored:?}"));
        let at = original.time.as_ref().unwrap();
        let expected = chrono::DateTime::parse_from_rfc3339(created_gone["at"].as_str().unwrap()).unwrap();
        assert_eq!(at.seconds, expected.timestamp(), "{backend}: its original time");
        let restores = audit_of(&target, &token, "snapshot").await;
        assert!(
            restores.iter().any(|e| e.rpc == "pbm.v2.BackupService/RestoreSnapshot" && e.result == "OK"),
            "{backend}: the restore is audited: {restores:?}"
        );
        // Not empty any more.
        let status = expect_code(restore(&target, &token, &archive, "").await, Code::FailedPrecondition);
        assert!(status.message().contains("empty installation"), "{status:?}");
    }
}

#[tokio::test]
async fn a_snapshot_is_one_point_in_time_and_a_broken_restore_resumes() {
    let server = TestServer::start().await;
    let creator = server.creator_token().await;
    Tenant::create(&server, &creator, "acme").await;
    let acme = export(&server, &creator, "acme").await.unwrap();
    let hash_line = acme.lines().find(|l| l.starts_with("pbmPasswordHash: ")).unwrap();
    let bulk = many_users(1500, hash_line.trim_start_matches("pbmPasswordHash: "));
    import(&server, &creator, pb::ImportMode::AddMissing, false, &bulk).await.unwrap();

    // A writer creates users one after the other while the snapshot is taken.
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let (created_tx, mut created_rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let writer = {
        let (users, creator) = (server.users(), creator.clone());
        tokio::spawn(async move {
            let mut users = users;
            for i in 0.. {
                if *stopped.borrow_and_update() {
                    break;
                }
                let mail = format!("w{i:04}@acme.test");
                let user = new_user("acme", &mail, "Writer-Pass1", pb::Role::User);
                users.create_user(authed(&creator, pb::CreateUserRequest { user: Some(user) })).await.unwrap();
                created_tx.send(mail).unwrap();
            }
        })
    };
    let mut created = Vec::new();
    while created.len() < 5 {
        created.push(created_rx.recv().await.unwrap());
    }
    let archive = snapshot(&server, &creator).await.unwrap();
    let taken = created.len() + created_rx.len();
    while created.len() < taken + 5 {
        created.push(created_rx.recv().await.unwrap());
    }
    stop.send(true).unwrap();
    writer.await.unwrap();
    while let Ok(mail) = created_rx.try_recv() {
        created.push(mail);
    }

    let parts = members(&archive);
    let in_directory: BTreeSet<String> = entries(&parts[MEMBERS[2]])
        .keys()
        .filter_map(|dn| dn.strip_prefix("uid=").and_then(|rest| rest.split_once(',')).map(|(uid, _)| uid.to_owned()))
        .filter(|mail| mail.starts_with('w'))
        .collect();
    let in_trail: BTreeSet<String> = audit_lines(&parts)
        .iter()
        .filter(|e| e["rpc"] == "pbm.v2.UserService/CreateUser")
        .filter_map(|e| e["target"].as_str()?.strip_prefix("user:w").map(|rest| format!("w{rest}")))
        .collect();
    assert_eq!(in_directory, in_trail, "every user read has its creation in the trail, and no other");
    assert!(in_directory.len() >= 5, "the writes before the snapshot are in it: {in_directory:?}");
    assert!(created.len() > in_directory.len(), "writes waited and went on after it");
    for mail in &created[..in_directory.len()] {
        assert!(in_directory.contains(mail), "{mail}: the writes in it are the first ones");
    }

    // A restore whose client goes away after the first progress stops; resumed by its id, it finishes.
    let target = TestServer::start().await;
    let target_token = target.creator_token().await;
    let mut stream = restore_stream(&target, &target_token, &archive, "").await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert!(!first.done && !first.import_id.is_empty(), "{first:?}");
    drop(stream);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // The first-start tenant is gone and the snapshot's creator not restored yet: the session
    // that started the restore stays valid until it is done, to resume it.
    let status = target
        .auth()
        .login(pb::LoginRequest { login: CREATOR.into(), password: CREATOR_PASSWORD.into(), ..Default::default() })
        .await;
    expect_code(status, Code::Unauthenticated);
    let token = target_token;
    let mut damaged = archive.clone();
    let at = damaged.windows(12).position(|w| w == b"uid=u000100@").unwrap();
    damaged[at + 5] ^= 1;
    // The stopped restore lets go of its id at its next progress report (later on a slow
    // backend); until then resuming it is refused. A damaged archive is refused too.
    let damaged_resume = loop {
        match restore(&target, &token, &damaged, &first.import_id).await {
            Err(status) if status.code() == Code::FailedPrecondition && status.message().contains("still running") => {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            other => break other,
        }
    };
    expect_code(damaged_resume, Code::InvalidArgument);
    let resumed = restore(&target, &token, &archive, &first.import_id).await.unwrap();
    let last = resumed.last().unwrap();
    assert!(last.done, "{resumed:?}");
    assert_eq!(last.import_id, first.import_id);
    // The first-start session ended with the restore; the snapshot's creator logs in.
    let token = target.creator_token().await;
    let status = expect_code(restore(&target, &token, &archive, &first.import_id).await, Code::FailedPrecondition);
    assert!(status.message().contains("has finished"), "{status:?}");
    assert_eq!(entries(&export(&target, &token, "").await.unwrap()), entries(&parts[MEMBERS[2]]));
}

#[tokio::test]
async fn bad_restores_are_refused_and_change_nothing() {
    let source = TestServer::start().await;
    let creator = source.creator_token().await;
    let acme = Tenant::create(&source, &creator, "acme").await;
    let archive = snapshot(&source, &creator).await.unwrap();
    for token in [&acme.admin_token, &acme.user_token] {
        expect_code(snapshot(&source, token).await, Code::PermissionDenied);
        expect_code(restore(&source, token, &archive, "").await, Code::PermissionDenied);
    }
    expect_code(snapshot(&source, "").await, Code::Unauthenticated);
    expect_code(restore(&source, "", &archive, "").await, Code::Unauthenticated);

    // A fresh installation: only what the first start creates.
    let target = TestServer::start().await;
    let token = target.creator_token().await;
    let before = export(&target, &token, "").await.unwrap();
    let mut damaged = archive.clone();
    // A byte inside the directory member: its SHA-256 no longer matches.
    let at = damaged.windows(14).position(|w| w == b"dn: tenant-id=").unwrap();
    damaged[at + 14] ^= 0x20;
    let status = expect_code(restore(&target, &token, &damaged, "").await, Code::InvalidArgument);
    assert!(status.message().contains("SHA-256"), "{status:?}");
    let status = expect_code(restore(&target, &token, b"not a tar archive at all", "").await, Code::InvalidArgument);
    assert!(status.message().contains("not a valid pbm snapshot"), "{status:?}");
    let status = expect_code(restore(&target, &token, &archive[..archive.len() / 2], "").await, Code::InvalidArgument);
    assert!(status.message().contains("not a valid pbm snapshot"), "{status:?}");
    expect_code(restore(&target, &token, &archive, "nosuch").await, Code::NotFound);
    // A tenant of its own: not empty.
    Tenant::create(&target, &token, "other").await;
    let with_other = export(&target, &token, "").await.unwrap();
    let status = expect_code(restore(&target, &token, &archive, "").await, Code::FailedPrecondition);
    assert!(status.message().contains("empty installation"), "{status:?}");
    assert_eq!(entries(&export(&target, &token, "").await.unwrap()), entries(&with_other), "nothing changed");
    assert_ne!(before, with_other);
}

/// `pbm backup snapshot` over gRPC, `pbm backup restore` offline into an
/// empty data dir, then served from it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_takes_and_restores_snapshots() {
    use std::os::unix::fs::PermissionsExt as _;
    let source = TestServer::start().await;
    let creator = source.creator_token().await;
    populate(&source, &creator).await;
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("pbm.snapshot.tar");
    let server = format!("http://{}", source.addr);
    pbm_cli(&["backup", "--server", &server, "--token", &creator, "snapshot", "-o", file.to_str().unwrap()]);
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let archive = std::fs::read(&file).unwrap();
    tar_lists(&archive);

    let target_dir = tempfile::tempdir().unwrap();
    let offline = ["backup", "--offline", "--data-dir", target_dir.path().to_str().unwrap()];
    let stderr = pbm_cli(&[&offline[..], &["restore", file.to_str().unwrap()]].concat());
    assert!(stderr.contains("done:"), "{stderr}");
    let target = TestServer::start_with(Options {
        data_dir: Some(target_dir.path().to_owned()),
        store: Some("sqlite:pbm.db".into()),
        ..Default::default()
    })
    .await;
    target.login("user@acme.test", USER_PASSWORD).await;
    let token = target.login(CREATOR, CREATOR_PASSWORD).await.access_token;
    assert_eq!(entries(&export(&target, &token, "").await.unwrap()), entries(&members(&archive)[MEMBERS[2]]));
}
