//! The pbm process as operators run it (issue 22): its configuration from
//! flags, the environment, `…_FILE` secrets and the file, as
//! `pbm config print` shows it with secrets masked; its JSON log on stdout
//! when stdout is not a terminal; and the graceful shutdown of the real
//! binary: on SIGTERM pbm stops accepting, ends every server stream with
//! UNAVAILABLE after what it has sent, lets the calls in flight run for
//! `pbm/server/shutdown_grace`, writes the last audit events to the CEF log
//! and exits 0. On SQLite only: none of it depends on the store.

use std::{
    io::{BufRead as _, BufReader},
    net::SocketAddr,
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use futures::StreamExt as _;
use pbm::pb::{self, auth_service_client::AuthServiceClient, user_service_client::UserServiceClient};
use tonic::{Code, transport::Channel};

use crate::common::{
    CREATOR, CREATOR_PASSWORD, authed,
    fixtures::{USER_PASSWORD, new_user},
};

/// Users enough, with 1 KB descriptions, for StreamUsers to outgrow the
/// client's HTTP/2 window (set to 64 KiB) and hyper's send buffer
/// (400 KiB), so that a stream the client does not read stays open, its
/// end queued behind what pbm has sent.
const USERS: usize = 1000;

/// A `pbm serve` process and the lines of its JSON log (stdout).
struct Served {
    child: Child,
    addr: SocketAddr,
    log: mpsc::Receiver<serde_json::Value>,
}

impl Served {
    fn start(config: &std::path::Path) -> Self {
        Self::start_with_env(config, &[("PBM_CREATOR_PASSWORD", CREATOR_PASSWORD)])
    }

    fn start_with_env(config: &std::path::Path, env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pbm"))
            .args(["serve", "--listen", "127.0.0.1:0", "--config"])
            .arg(config)
            .env_remove("PBM_CREATOR_PASSWORD")
            .envs(env.iter().copied())
            .env_remove("PBM_LOG_FORMAT") // stdout is a pipe: JSON lines there
            .env("PBM_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("pbm starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let entry: serde_json::Value = serde_json::from_str(&line)
                    .unwrap_or_else(|_| panic!("a log line of `pbm serve` on a pipe is not JSON: {line}"));
                if tx.send(entry).is_err() {
                    return;
                }
            }
        });
        let serving = Self::wait(&log, "pbm serving");
        let addr = serving["fields"]["addr"].as_str().unwrap().parse().unwrap();
        Self { child, addr, log }
    }

    /// The next log entry with `message` (60 s at most).
    fn wait(log: &mpsc::Receiver<serde_json::Value>, message: &str) -> serde_json::Value {
        let mut seen = Vec::new();
        loop {
            let Ok(entry) = log.recv_timeout(Duration::from_secs(60)) else {
                panic!("no '{message}' logged; after the last wait:\n{}", seen.join("\n"))
            };
            if entry["fields"]["message"] == message {
                return entry;
            }
            seen.push(entry.to_string());
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn sigterm_ends_streams_with_unavailable_writes_the_cef_log_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    let config = dir.path().join("pbm.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = '{}'\n[auth]\npassword_hash_memory_kib = 1024\npassword_hash_iterations = 1\n\
             [settings]\n\"pbm/server/shutdown_grace\" = 30\n\"psn/web/logger/cef_enabled\" = true\n\
             \"psn/web/logger/dir\" = '{}'\n",
            dir.path().join("data").display(),
            logs.display()
        ),
    )
    .unwrap();
    let mut served = Served::start(&config);
    let channel = Channel::from_shared(format!("http://{}", served.addr)).unwrap().connect().await.unwrap();
    let login = pb::LoginRequest { login: CREATOR.into(), password: CREATOR_PASSWORD.into(), ..Default::default() };
    let token = AuthServiceClient::new(channel.clone()).login(login).await.unwrap().into_inner().access_token;
    let mut users = UserServiceClient::new(channel.clone());
    for i in 0..USERS {
        let user = pb::User {
            description: "d".repeat(1000),
            ..new_user("default", &format!("drain{i:04}@example.com"), USER_PASSWORD, pb::Role::User)
        };
        users.create_user(authed(&token, pb::CreateUserRequest { user: Some(user) })).await.unwrap();
    }

    // A watch, and a StreamUsers the client stops reading after one user.
    let mut watch = pb::watch_service_client::WatchServiceClient::new(channel.clone())
        .watch_directory(authed(&token, pb::WatchDirectoryRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert!(watch.next().await.unwrap().is_ok(), "the watch starts with a bookmark");
    // On a connection of its own with HTTP/2's own 64 KiB windows (tonic's
    // are megabytes), so that pbm cannot send the whole of the unread stream.
    let narrow = Channel::from_shared(format!("http://{}", served.addr))
        .unwrap()
        .initial_stream_window_size(Some(65_535))
        .initial_connection_window_size(Some(65_535))
        .connect()
        .await
        .unwrap();
    let mut stream = UserServiceClient::new(narrow.clone())
        .stream_users(authed(&token, pb::StreamUsersRequest { tenant_id: "default".into() }))
        .await
        .unwrap()
        .into_inner();
    assert!(stream.next().await.unwrap().is_ok());
    // The last change before the signal: its audit event must reach the CEF log.
    let last = new_user("default", "last-before-sigterm@example.com", USER_PASSWORD, pb::Role::User);
    users.create_user(authed(&token, pb::CreateUserRequest { user: Some(last) })).await.unwrap();

    let status = Command::new("kill").args(["-TERM", &served.child.id().to_string()]).status().unwrap();
    assert!(status.success());

    // The watch ends at once, while the unread stream (its end queued behind
    // what the client has not read) keeps pbm draining.
    let ended = loop {
        match watch.next().await {
            Some(Ok(_)) => continue, // the user created last, or a bookmark
            Some(Err(status)) => break status,
            None => panic!("the watch ended without a status"),
        }
    };
    assert_eq!(ended.code(), Code::Unavailable, "{ended:?}");
    assert!(ended.message().contains("shutting down"), "{ended:?}");
    assert!(served.child.try_wait().unwrap().is_none(), "pbm still drains the unread stream");
    // It no longer accepts.
    assert!(tokio::net::TcpStream::connect(served.addr).await.is_err(), "a new connection is refused while draining");

    // The stream ended at the signal too: what pbm had sent, then UNAVAILABLE.
    let mut received = 1;
    let end = loop {
        match stream.next().await {
            Some(Ok(_)) => received += 1,
            Some(Err(status)) => break status,
            None => panic!("StreamUsers ended without a status after {received} users"),
        }
    };
    assert_eq!(end.code(), Code::Unavailable, "{end:?}");
    assert!(end.message().contains("shutting down"), "{end:?}");
    assert!(received < USERS, "the stream was cut at the signal ({received} users of {USERS})");
    drop((stream, watch, users, channel, narrow));

    let exit = tokio::task::spawn_blocking(move || {
        let exit = served.child.wait().unwrap();
        Served::wait(&served.log, "pbm stopped");
        exit
    })
    .await
    .unwrap();
    assert!(exit.success(), "pbm exits 0 after a drain: {exit:?}");
    let cef = std::fs::read_to_string(logs.join("cef")).unwrap_or_default();
    assert!(cef.contains("user:last-before-sigterm@example.com"), "the last event is in the CEF log:\n{cef}");
}

/// `pbm config print` with `args` and `env`: (success, stdout, stderr).
fn config_print(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_pbm"))
        .args(["config", "print"])
        .args(args)
        .env_remove("PBM_CREATOR_PASSWORD")
        .env_remove("PBM_STORE")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.success(), text(&output.stdout), text(&output.stderr))
}

/// The `(value, source)` of `name` in the output of `pbm config print`.
fn printed<'a>(output: &'a str, name: &str) -> (&'a str, &'a str) {
    let line = output
        .lines()
        .find(|line| line.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("no {name} in:\n{output}"));
    let (value, source) = line.split_once(" = ").unwrap().1.rsplit_once("  # ").unwrap();
    (value.trim_matches('"'), source)
}

#[test]
fn config_print_names_each_source_and_masks_every_secret() {
    let dir = tempfile::tempdir().unwrap();
    let store_file = dir.path().join("store");
    std::fs::write(&store_file, "postgres://pbm:Store-Secret-1@db.internal:5432/pbm\n").unwrap();
    let ad_password = dir.path().join("ad-password");
    std::fs::write(&ad_password, "Ad-Secret-2").unwrap();
    let config = dir.path().join("pbm.toml");
    std::fs::write(
        &config,
        "domain = 'file.example'\nmax_request_bytes = 1000\n[settings]\n\"services/ad/bind_dn\" = 'cn=pbm'\n",
    )
    .unwrap();
    let (ok, out, err) = config_print(
        &["--listen", "0.0.0.0:9000", "--config", config.to_str().unwrap()],
        &[
            ("PBM_STORE_FILE", store_file.to_str().unwrap()),
            ("PBM_DOMAIN", "env.example"),
            ("PBM_CREATOR_PASSWORD", "Creator-Secret-3"),
            ("PBM_SETTING__SERVICES__AD__PASSWORD_FILE", ad_password.to_str().unwrap()),
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(printed(&out, "listen"), ("0.0.0.0:9000", "flag"));
    assert_eq!(printed(&out, "domain"), ("env.example", "environment"));
    assert_eq!(printed(&out, "max_request_bytes"), ("1000", "config file"));
    assert_eq!(printed(&out, "data_dir"), ("./pbm-data", "default"));
    assert_eq!(printed(&out, "store"), ("postgres://pbm:****@db.internal:5432/pbm", "environment (_FILE)"));
    assert_eq!(printed(&out, "creator_password"), ("****", "environment"));
    assert_eq!(printed(&out, "settings.services/ad/password"), ("****", "environment"));
    assert_eq!(printed(&out, "settings.services/ad/bind_dn"), ("cn=pbm", "config file [settings]"));
    for secret in ["Store-Secret-1", "Ad-Secret-2", "Creator-Secret-3"] {
        assert!(!out.contains(secret) && !err.contains(secret), "{secret} printed:\n{out}{err}");
    }
}

#[test]
fn a_secret_given_both_ways_or_in_a_missing_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store_file = dir.path().join("store");
    std::fs::write(&store_file, "sqlite:other.db").unwrap();
    let (ok, _, err) =
        config_print(&[], &[("PBM_STORE", "sqlite:pbm.db"), ("PBM_STORE_FILE", store_file.to_str().unwrap())]);
    assert!(!ok);
    assert!(err.contains("PBM_STORE_FILE and PBM_STORE"), "{err}");
    let (ok, _, err) = config_print(&["--store", "sqlite:pbm.db"], &[("PBM_STORE_FILE", store_file.to_str().unwrap())]);
    assert!(!ok, "a flag and a _FILE are refused too");
    assert!(err.contains("give one"), "{err}");
    let missing = dir.path().join("missing");
    let (ok, _, err) = config_print(&[], &[("PBM_SETTING__SERVICES__AD__PASSWORD_FILE", missing.to_str().unwrap())]);
    assert!(!ok);
    assert!(err.contains("PBM_SETTING__SERVICES__AD__PASSWORD_FILE: cannot read"), "{err}");
}

#[tokio::test]
async fn serve_takes_its_secrets_from_files_and_logs_json_lines_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let password_file = dir.path().join("creator-password");
    std::fs::write(&password_file, "File-Creator-Pass1\n").unwrap();
    let store_file = dir.path().join("store");
    std::fs::write(&store_file, "sqlite:from-file.db").unwrap();
    let config = dir.path().join("pbm.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = '{}'\n[auth]\npassword_hash_memory_kib = 1024\npassword_hash_iterations = 1\n",
            dir.path().join("data").display()
        ),
    )
    .unwrap();
    // Every line of the log is JSON (Served::start checks each), and the first says where it serves.
    let served = Served::start_with_env(
        &config,
        &[
            ("PBM_CREATOR_PASSWORD_FILE", password_file.to_str().unwrap()),
            ("PBM_STORE_FILE", store_file.to_str().unwrap()),
        ],
    );
    assert!(dir.path().join("data/from-file.db").exists(), "the store URL came from PBM_STORE_FILE");
    let response = reqwest::Client::new()
        .post(format!("http://{}/v2/auth", served.addr))
        .form(&[("login", CREATOR), ("password", "File-Creator-Pass1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "the superadmin's password came from its file, without the line break");
}
