//! Talking to the test Dovecot the way mail clients do: a minimal IMAP
//! client (log in, select, flags, folders, quota, append) and LMTP delivery;
//! and pbm servers on the stores that Dovecot reads (scripts/dovecot-pbm.sh).

use std::time::Duration;

use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};

use super::{Options, TestServer, require_server, test_server_var};

/// A minimal IMAP client.
pub struct Imap {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    tag: u32,
}

/// An IMAP quoted string.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

impl Imap {
    pub async fn connect(port: &str) -> Self {
        let stream = tokio::net::TcpStream::connect(format!("127.0.0.1:{port}")).await.expect("IMAP connects");
        let (read, writer) = stream.into_split();
        let mut imap = Self { reader: BufReader::new(read), writer, tag: 0 };
        let greeting = imap.line().await;
        assert!(greeting.starts_with("* OK"), "{greeting}");
        imap
    }

    /// Connects and logs in; panics when the login fails.
    pub async fn login(port: &str, login: &str, password: &str) -> Self {
        let mut imap = Self::connect(port).await;
        let (_, status) = imap.command(&format!("LOGIN {} {}", quoted(login), quoted(password))).await;
        assert!(status.starts_with("OK"), "IMAP login {login}: {status}");
        imap
    }

    async fn line(&mut self) -> String {
        let mut line = String::new();
        tokio::time::timeout(Duration::from_secs(30), self.reader.read_line(&mut line))
            .await
            .expect("IMAP answers")
            .unwrap();
        // A literal {n} follows: read it into the line.
        if let Some(n) = line
            .trim_end()
            .strip_suffix('}')
            .and_then(|l| l.rsplit_once('{'))
            .and_then(|(_, n)| n.parse::<usize>().ok())
        {
            let mut literal = vec![0; n];
            self.reader.read_exact(&mut literal).await.unwrap();
            line.push_str(&String::from_utf8_lossy(&literal));
            let mut rest = String::new();
            self.reader.read_line(&mut rest).await.unwrap();
            line.push_str(&rest);
        }
        line
    }

    /// Sends a command; returns the untagged lines and the tagged status line.
    pub async fn command(&mut self, command: &str) -> (Vec<String>, String) {
        self.tag += 1;
        let tag = format!("a{}", self.tag);
        self.writer.write_all(format!("{tag} {command}\r\n").as_bytes()).await.unwrap();
        self.finish(&tag).await
    }

    async fn finish(&mut self, tag: &str) -> (Vec<String>, String) {
        let mut untagged = Vec::new();
        loop {
            let line = self.line().await;
            if let Some(status) = line.strip_prefix(&format!("{tag} ")) {
                return (untagged, status.trim_end().to_owned());
            }
            untagged.push(line.trim_end().to_owned());
        }
    }

    /// Selects a folder; `None` when refused, else its message count.
    pub async fn select(&mut self, mailbox: &str) -> Option<u32> {
        let (lines, status) = self.command(&format!("SELECT {}", quoted(mailbox))).await;
        if !status.starts_with("OK") {
            return None;
        }
        lines.iter().find_map(|l| l.strip_prefix("* ")?.strip_suffix(" EXISTS")?.parse().ok())
    }

    /// UIDs of the selected folder matching an IMAP search.
    pub async fn uid_search(&mut self, criteria: &str) -> Vec<u32> {
        let (lines, status) = self.command(&format!("UID SEARCH {criteria}")).await;
        assert!(status.starts_with("OK"), "{status}");
        lines
            .iter()
            .filter_map(|l| l.strip_prefix("* SEARCH"))
            .flat_map(|rest| rest.split_whitespace().filter_map(|n| n.parse().ok()).collect::<Vec<_>>())
            .collect()
    }

    /// Marks messages of the selected folder read.
    pub async fn mark_seen(&mut self, uid: u32) {
        let (_, status) = self.command(&format!("UID STORE {uid} +FLAGS (\\Seen)")).await;
        assert!(status.starts_with("OK"), "{status}");
    }

    /// Creates a folder.
    pub async fn create(&mut self, mailbox: &str) {
        let (_, status) = self.command(&format!("CREATE {}", quoted(mailbox))).await;
        assert!(status.starts_with("OK"), "{status}");
    }

    /// Appends a message to a folder.
    pub async fn append(&mut self, mailbox: &str, message: &str) {
        self.tag += 1;
        let tag = format!("a{}", self.tag);
        self.writer
            .write_all(format!("{tag} APPEND {} {{{}}}\r\n", quoted(mailbox), message.len()).as_bytes())
            .await
            .unwrap();
        let go = self.line().await;
        assert!(go.starts_with('+'), "{go}");
        self.writer.write_all(format!("{message}\r\n").as_bytes()).await.unwrap();
        let (_, status) = self.finish(&tag).await;
        assert!(status.starts_with("OK"), "{status}");
    }

    /// The subscribed folders (LSUB).
    pub async fn subscribed(&mut self) -> Vec<String> {
        let (lines, status) = self.command("LSUB \"\" \"*\"").await;
        assert!(status.starts_with("OK"), "{status}");
        lines.iter().filter_map(|l| l.rsplit_once(' ').map(|(_, name)| name.trim_matches('"').to_owned())).collect()
    }

    /// (used, limit) of the STORAGE resource of INBOX's quota root, in KiB.
    pub async fn quota_root_storage(&mut self) -> Option<(u64, u64)> {
        let (lines, status) = self.command("GETQUOTAROOT INBOX").await;
        assert!(status.starts_with("OK"), "{status}");
        let quota = lines.iter().find(|l| l.starts_with("* QUOTA "))?;
        let inner = quota.split('(').nth(1)?.trim_end_matches(')');
        let words: Vec<&str> = inner.split_whitespace().collect();
        let at = words.iter().position(|w| *w == "STORAGE")?;
        Some((words.get(at + 1)?.parse().ok()?, words.get(at + 2)?.parse().ok()?))
    }
}

/// Delivers a message over LMTP to each recipient (one transaction each).
pub async fn deliver(port: &str, from: &str, recipients: &[&str], message: &str) {
    let stream = tokio::net::TcpStream::connect(format!("127.0.0.1:{port}")).await.expect("LMTP connects");
    let (read, mut writer) = stream.into_split();
    let mut reader = BufReader::new(read);
    let reply = async |reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>| -> String {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            tokio::time::timeout(Duration::from_secs(10), reader.read_line(&mut line))
                .await
                .expect("LMTP answers")
                .unwrap();
            all.push_str(&line);
            if line.len() < 4 || line.as_bytes()[3] != b'-' {
                return all;
            }
        }
    };
    let greeting = reply(&mut reader).await;
    assert!(greeting.starts_with("220"), "{greeting}");
    writer.write_all(b"LHLO pbm.test\r\n").await.unwrap();
    assert!(reply(&mut reader).await.starts_with("250"));
    // Dot-stuffing and CRLF line ends.
    let mut data = String::new();
    for line in message.replace("\r\n", "\n").split('\n') {
        if line.starts_with('.') {
            data.push('.');
        }
        data.push_str(line);
        data.push_str("\r\n");
    }
    for rcpt in recipients {
        for command in [format!("MAIL FROM:<{from}>"), format!("RCPT TO:<{rcpt}>")] {
            writer.write_all(format!("{command}\r\n").as_bytes()).await.unwrap();
            let answer = reply(&mut reader).await;
            assert!(answer.starts_with("250"), "{command}: {answer}");
        }
        writer.write_all(b"DATA\r\n").await.unwrap();
        assert!(reply(&mut reader).await.starts_with("354"));
        writer.write_all(format!("{data}.\r\n").as_bytes()).await.unwrap();
        let answer = reply(&mut reader).await;
        assert!(answer.starts_with("250"), "delivery to {rcpt}: {answer}");
    }
    writer.write_all(b"QUIT\r\n").await.unwrap();
}

/// A plain-text message.
pub fn message(from: &str, to: &str, subject: &str, message_id: &str, extra_headers: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\nDate: {}\r\n{extra_headers}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        chrono::Utc::now().to_rfc2822()
    )
}

/// Serializes starting servers on the shared stores Dovecot reads: a fresh
/// store is migrated and bootstrapped by the first server only.
static STORE_START: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The store Dovecot reads for this run (`PBM_TEST_STORE`: SQLite by
/// default, PostgreSQL), as (data dir, store URL); `None` after a loud skip.
pub fn dovecot_store() -> Option<(Option<std::path::PathBuf>, String)> {
    match std::env::var("PBM_TEST_STORE").as_deref() {
        Ok("postgres") => {
            let url = require_server(
                "PBM_TEST_DOVECOT_PG_URL",
                "Dovecot reading pbm's PostgreSQL store (scripts/dovecot-pbm.sh)",
            )?;
            Some((None, url))
        }
        _ => {
            let dir = require_server(
                "PBM_TEST_DOVECOT_SQLITE_DIR",
                "Dovecot reading pbm's SQLite store (scripts/dovecot-pbm.sh)",
            )?;
            Some((Some(dir.into()), "sqlite:pbm.db".into()))
        }
    }
}

/// Whether both stores Dovecot reads have been migrated in this run.
static PRIMED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A pbm on a store Dovecot reads, with `options` (its data dir and store
/// are set here). The first call migrates every store Dovecot reads: Dovecot
/// asks all its userdbs about an unknown user and iterates all of them for
/// masks, and one whose tables do not exist yet fails the whole lookup.
pub async fn start_on_store(data_dir: Option<std::path::PathBuf>, store: String, mut options: Options) -> TestServer {
    let _one_at_a_time = STORE_START.lock().await;
    if !PRIMED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        let stores = [
            test_server_var("PBM_TEST_DOVECOT_SQLITE_DIR").map(|dir| (Some(dir.into()), "sqlite:pbm.db".to_owned())),
            test_server_var("PBM_TEST_DOVECOT_PG_URL").map(|url| (None, url)),
        ];
        for (dir, url) in stores.into_iter().flatten() {
            TestServer::start_with(Options { data_dir: dir, store: Some(url), ..Default::default() })
                .await
                .stop()
                .await;
        }
    }
    options.data_dir = data_dir;
    options.store = Some(store);
    TestServer::start_with(options).await
}

/// The doveadm settings of the shared test Dovecot: its URL, with basic
/// auth (`doveadm` + password).
pub fn doveadm_settings() -> Option<Vec<(&'static str, &'static str)>> {
    let url = require_server("PBM_TEST_DOVEADM_URL", "Dovecot's doveadm HTTP API")?;
    let password = test_server_var("PBM_TEST_DOVEADM_PASSWORD").expect("PBM_TEST_DOVEADM_PASSWORD beside the URL");
    Some(vec![
        ("services/doveadm/url", leak(url)),
        ("services/doveadm/login", "doveadm"),
        ("services/doveadm/password", leak(password)),
        ("services/doveadm/timeout", "10"),
    ])
}

/// A `'static` copy of a string (test settings are `'static`).
pub fn leak(value: String) -> &'static str {
    Box::leak(value.into_boxed_str())
}
