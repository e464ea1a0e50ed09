//! Private files and secrets at rest (issue 19, finding 5): the real `pbm`
//! binary under umask 000 makes its data dir 0700 and every file in it 0600,
//! refuses to start on a data dir or key file others can read, and with a
//! secrets key file the web domains' private keys and the secret settings
//! reach the store sealed — then a key rotation with `pbm secrets reseal`.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use pbm::pb::{self, settings_service_client::SettingsServiceClient};
use pbm::security::sealing::SEALED_PREFIX;
use prost_types::FieldMask;
use tonic::Code;

use crate::backup::dump_settings;
use crate::common::{CREATOR_PASSWORD, TestServer, authed, certs, expect_code, test_config};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

/// `pbm serve` on `data_dir` under umask 000, its log in `log`.
fn serve_under_umask_000(data_dir: &Path, log: &Path, extra: &str) -> std::process::Child {
    let script = format!(
        "umask 000; exec '{}' serve --listen 127.0.0.1:0 --data-dir '{}' {extra}",
        env!("CARGO_BIN_EXE_pbm"),
        data_dir.display()
    );
    std::process::Command::new("sh")
        .args(["-c", &script])
        .env("PBM_CREATOR_PASSWORD", CREATOR_PASSWORD)
        .env("PBM_LOG", "info")
        .env_remove("PBM_SECRETS_KEY_FILE")
        .stdout(std::fs::File::create(log).unwrap())
        .stderr(std::fs::File::create(log.with_extension("err")).unwrap())
        .spawn()
        .unwrap()
}

/// What `pbm serve` said before it exited on its own (it must, within 30 s).
fn refusal(data_dir: &Path, log: &Path, extra: &str) -> String {
    let mut child = serve_under_umask_000(data_dir, log, extra);
    for _ in 0..300 {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(!status.success());
            return std::fs::read_to_string(log.with_extension("err")).unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("pbm started on shared files: {}", std::fs::read_to_string(log.with_extension("err")).unwrap());
}

#[tokio::test]
async fn the_data_dir_and_its_files_are_private_whatever_the_umask() {
    let root = tempfile::tempdir().unwrap();
    // An empty data dir made for pbm by a `mkdir` under umask 022 is made private.
    let data = root.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let log = root.path().join("serve.log");
    let mut child = serve_under_umask_000(&data, &log, "");
    let stderr = log.with_extension("err");
    let mut serving = false;
    for _ in 0..300 {
        // The log of `pbm serve`: JSON lines on stdout, which is not a terminal.
        if std::fs::read_to_string(&log).unwrap_or_default().contains("\"pbm serving\"") {
            serving = true;
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "pbm exited: {}", std::fs::read_to_string(&stderr).unwrap());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(serving, "pbm did not start: {}", std::fs::read_to_string(&stderr).unwrap());
    assert_eq!(mode(&data), 0o700);
    let files: Vec<PathBuf> = std::fs::read_dir(&data).unwrap().map(|e| e.unwrap().path()).collect();
    for name in ["pbm.db", "pbm.db-wal", "pbm.db-shm", "token-signing.key"] {
        assert!(files.contains(&data.join(name)), "{name} missing from {files:?}");
    }
    for file in &files {
        let expected = if file.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(file), expected, "{}", file.display());
    }
}

#[tokio::test]
async fn pbm_refuses_a_data_dir_or_key_file_others_can_read_and_says_how_to_fix_it() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let log = root.path().join("serve.log");
    // A data dir that holds a store already and others can read (pbm 0.1.0 under umask 022).
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = data.join("pbm.db");
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let said = refusal(&data, &log, "");
    assert!(said.contains("refusing to start") && said.contains(&format!("chmod 700 '{}'", data.display())), "{said}");
    assert_eq!(std::fs::read_dir(&data).unwrap().count(), 1, "nothing is created in a refused data dir");

    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    let signing = data.join("token-signing.key");
    std::fs::write(&signing, "c2VjcmV0LXNpZ25pbmcta2V5LW9mLWF0LWxlYXN0LTMyLWJ5dGVz").unwrap();
    std::fs::set_permissions(&signing, std::fs::Permissions::from_mode(0o644)).unwrap();
    let said = refusal(&data, &log, "");
    assert!(said.contains(&format!("chmod 600 '{}'", signing.display())), "{said}");

    std::fs::set_permissions(&signing, std::fs::Permissions::from_mode(0o600)).unwrap();
    let secrets = root.path().join("secrets.key");
    std::fs::write(&secrets, format!("{}\n", pbm::security::sealing::Sealer::generate_key_line())).unwrap();
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o640)).unwrap();
    let said = refusal(&data, &log, &format!("--secrets-key-file '{}'", secrets.display()));
    assert!(said.contains(&format!("chmod 600 '{}'", secrets.display())), "{said}");
    assert!(!said.contains(std::fs::read_to_string(&secrets).unwrap().trim()), "the key is never printed");

    // A database file made readable by others (an older pbm under umask 022) is named too.
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let said = refusal(&data, &log, "");
    assert!(said.contains(&format!("chmod 600 '{}'", db.display())), "{said}");
}

/// Runs the `pbm` binary; its stdout, or a panic with its stderr.
async fn pbm_cli(args: Vec<String>) -> String {
    tokio::task::spawn_blocking(move || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_pbm")).args(&args).output().unwrap();
        assert!(output.status.success(), "pbm {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    })
    .await
    .unwrap()
}

/// The raw values the store holds: the web domain's key and the setting.
async fn at_rest(store: &str, data_dir: &Path, domain: &str, key: &str) -> (String, String) {
    let stores = pbm::store::open(store, data_dir).await.unwrap();
    let private_key = stores.directory.web_domain_key(domain).await.unwrap().unwrap().expose().to_owned();
    let setting = stores.settings.load_settings().await.unwrap().1.get(key).cloned().unwrap_or_default();
    (private_key, setting)
}

fn sealed_under(value: &str) -> &str {
    value.strip_prefix(SEALED_PREFIX).and_then(|rest| rest.split(':').next()).unwrap_or("(clear)")
}

const DOMAIN: &str = "webmail.sealed.test";
const SECRET_KEY: &str = "services/ad/password";
const SECRET: &str = "Bind-Secret-at-rest-1";

/// Replaces the web domain's certificate alone: pbm must open the stored key
/// to check the new certificate against it.
async fn renew_certificate(server: &TestServer, token: &str, key_pem: &str) -> Result<(), tonic::Status> {
    let key = rcgen::KeyPair::from_pem(key_pem).unwrap();
    let renewed = rcgen::CertificateParams::new(vec![DOMAIN.to_string()]).unwrap().self_signed(&key).unwrap().pem();
    let request = pb::UpdateWebDomainRequest {
        web_domain: Some(pb::WebDomain { name: DOMAIN.into(), certificate_pem: renewed, ..Default::default() }),
        update_mask: Some(FieldMask { paths: vec!["certificate_pem".into()] }),
    };
    server.domains().update_web_domain(authed(token, request)).await.map(|_| ())
}

#[tokio::test]
async fn secrets_are_sealed_at_rest_and_a_key_rotation_reseals_them() {
    let keys = tempfile::tempdir().unwrap();
    let key_file = keys.path().join("secrets.key");
    pbm_cli(vec!["secrets".into(), "generate-key".into(), "--out".into(), key_file.display().to_string()]).await;
    assert_eq!(mode(&key_file), 0o600);
    let data_dir = tempfile::tempdir().unwrap();
    let mut config = test_config(data_dir.path()).await;
    config.secrets_key_file = Some(key_file.clone());
    let server = TestServer::run(config.clone(), data_dir).await;
    let creator = server.creator_token().await;
    let pair = certs::valid(DOMAIN);
    let create = pb::CreateWebDomainRequest {
        web_domain: Some(pb::WebDomain {
            name: DOMAIN.into(),
            private_key_pem: pair.key.clone(),
            certificate_pem: pair.crt.clone(),
            ..Default::default()
        }),
    };
    server.domains().create_web_domain(authed(&creator, create)).await.unwrap();
    let mut settings = SettingsServiceClient::new(server.channel());
    let put = pb::PutSettingRequest { key: SECRET_KEY.into(), value: SECRET.into() };
    settings.put_setting(authed(&creator, put)).await.unwrap();

    // At rest: sealed, nothing of the clear text; in force and in backups: clear.
    let first_key = pbm::security::sealing::Sealer::load(&key_file).unwrap().key_ids()[0].to_owned();
    let (private_key, setting) = at_rest(&server.store, server.data_dir.path(), DOMAIN, SECRET_KEY).await;
    assert_eq!((sealed_under(&private_key), sealed_under(&setting)), (first_key.as_str(), first_key.as_str()));
    assert!(!private_key.contains("PRIVATE KEY") && !setting.contains(SECRET));
    let dump = dump_settings(&server, &creator, "services/ad/").await.unwrap();
    assert!(dump.contains(&format!("{SECRET_KEY}\n{SECRET}\n")), "{dump}");
    renew_certificate(&server, &creator, &pair.key).await.unwrap();
    let data_dir = server.stop().await;

    // Rotation: a new key first, reseal, then the old key goes.
    pbm_cli(vec!["secrets".into(), "generate-key".into(), "--out".into(), key_file.display().to_string()]).await;
    let rotated = pbm::security::sealing::Sealer::load(&key_file).unwrap();
    let second_key = rotated.key_ids()[0].to_owned();
    assert_eq!(rotated.key_ids(), [second_key.as_str(), first_key.as_str()]);
    let report = pbm_cli(vec![
        "secrets".into(),
        "reseal".into(),
        "--data-dir".into(),
        data_dir.path().display().to_string(),
        "--store".into(),
        config.store.clone(),
        "--secrets-key-file".into(),
        key_file.display().to_string(),
    ])
    .await;
    let report: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    assert_eq!(report["web_domains"], 1, "{report}");
    assert!(report["settings"].as_u64().unwrap() >= 1, "{report}");
    let (private_key, setting) = at_rest(&config.store, data_dir.path(), DOMAIN, SECRET_KEY).await;
    assert_eq!((sealed_under(&private_key), sealed_under(&setting)), (second_key.as_str(), second_key.as_str()));
    let new_line = std::fs::read_to_string(&key_file)
        .unwrap()
        .lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .unwrap()
        .to_owned();
    std::fs::write(&key_file, format!("{new_line}\n")).unwrap();
    let server = TestServer::run(config.clone(), data_dir).await;
    let creator = server.creator_token().await;
    let dump = dump_settings(&server, &creator, "services/ad/").await.unwrap();
    assert!(dump.contains(&format!("{SECRET_KEY}\n{SECRET}\n")), "{dump}");
    renew_certificate(&server, &creator, &pair.key).await.unwrap();
    let data_dir = server.stop().await;

    // Without the key file, a sealed value is an error naming its key, never passed on.
    config.secrets_key_file = None;
    let server = TestServer::run(config, data_dir).await;
    let creator = server.creator_token().await;
    let status = expect_code(renew_certificate(&server, &creator, &pair.key).await, Code::FailedPrecondition);
    assert!(status.message().contains(&second_key) && status.message().contains("no secrets key file"), "{status:?}");
    let mut settings = SettingsServiceClient::new(server.channel());
    let get = pb::GetSettingRequest { key: SECRET_KEY.into() };
    let in_force = settings.get_setting(authed(&creator, get)).await.unwrap().into_inner();
    assert_ne!(in_force.source, pb::SettingSource::Runtime as i32, "a value that does not open is not in force");
    server.stop().await;
}
