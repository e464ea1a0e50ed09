//! The child processes of a run: pbm itself (this binary re-executed as
//! `pbm serve`, so the server is exactly the build being measured) and the
//! framework baselines. Each listens on a loopback port it picks itself and
//! reports; its memory is read from `/proc`.

use std::{
    io::{BufRead as _, BufReader, Write as _},
    net::SocketAddr,
    path::Path,
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use anyhow::{Context as _, bail};

/// A child process serving on loopback.
pub struct Server {
    child: Child,
    /// Its process id.
    pub pid: u32,
    /// What it is, for messages.
    name: &'static str,
}

impl Server {
    /// Resident memory now and at its peak, MiB (`VmRSS`, `VmHWM`).
    pub fn memory_mib(&self) -> Option<(f64, f64)> {
        Some((status_mib(self.pid, "VmRSS:")?, status_mib(self.pid, "VmHWM:")?))
    }

    /// Stops the process (SIGTERM, then SIGKILL after 10 s).
    pub fn stop(mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.pid.to_string()).status();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!("pbm-bench: {} did not stop on SIGTERM; killing it", self.name);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A memory figure of `/proc/PID/status`, MiB.
fn status_mib(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The CPU time process `pid` has used so far (user and system), seconds:
/// fields 14 and 15 of `/proc/PID/stat`, in the kernel's USER_HZ (100 on
/// Linux).
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces.
    let after_name = &stat[stat.rfind(')')? + 2..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// The resident memory of process `pid` now, MiB.
pub fn rss_mib(pid: u32) -> Option<f64> {
    status_mib(pid, "VmRSS:")
}

/// Starts pbm (`pbm serve --config CONFIG --listen 127.0.0.1:0`) with its
/// JSON log (stdout) in `log`; returns once it listens.
pub fn start_pbm(config: &Path, log: &Path) -> anyhow::Result<(Server, SocketAddr)> {
    let mut child = Command::new(std::env::current_exe()?)
        .args(["__pbm", "serve", "--listen", "127.0.0.1:0", "--config"])
        .arg(config)
        .env("PBM_LOG_FORMAT", "json")
        .env("PBM_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting pbm")?;
    let stdout = child.stdout.take().expect("piped stdout");
    let mut log_file = std::fs::File::create(log)?;
    let (tx, rx) = mpsc::channel();
    // Copies the log and reports the listening address from `pbm serving`.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = writeln!(log_file, "{line}");
            if let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line)
                && entry["fields"]["message"] == "pbm serving"
                && let Some(addr) = entry["fields"]["addr"].as_str().and_then(|a| a.parse::<SocketAddr>().ok())
            {
                let _ = tx.send(addr);
            }
        }
    });
    let pid = child.id();
    let mut server = Server { child, pid, name: "pbm" };
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(addr) => Ok((server, addr)),
        Err(_) => {
            let _ = server.child.kill();
            let tail = std::fs::read_to_string(log).unwrap_or_default();
            let tail: Vec<&str> = tail.lines().rev().take(20).collect();
            bail!("pbm did not start; the end of its log:\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"))
        }
    }
}

/// Starts the baseline servers; returns their gRPC and HTTP addresses.
pub fn start_baselines(user_proto: &Path, user_json: &Path) -> anyhow::Result<(Server, SocketAddr, SocketAddr)> {
    let mut child = Command::new(std::env::current_exe()?)
        .arg("__baseline")
        .arg(user_proto)
        .arg(user_json)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("starting the baselines")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line)?;
    let pid = child.id();
    let server = Server { child, pid, name: "baselines" };
    let addr = |key: &str| -> anyhow::Result<SocketAddr> {
        let word = line.split_whitespace().find_map(|w| w.strip_prefix(key)).context("baseline address")?;
        Ok(word.parse()?)
    };
    let (grpc, http) = match (addr("grpc="), addr("http=")) {
        (Ok(grpc), Ok(http)) => (grpc, http),
        _ => {
            server.stop();
            bail!("the baselines did not start (said {line:?})");
        }
    };
    Ok((server, grpc, http))
}

/// Waits until pbm's log says its start-up sweep of address claims (LDAP)
/// finished; returns the sweep's own duration, or `None` after `timeout`.
pub async fn wait_for_sweep(log: &Path, timeout: Duration) -> Option<f64> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let seconds = text.lines().find_map(|line| {
            let entry: serde_json::Value = serde_json::from_str(line).ok()?;
            let fields = &entry["fields"];
            (fields["message"] == "LDAP sweep at start finished" && fields["claims"] == true)
                .then(|| fields["seconds"].as_f64())
                .flatten()
        });
        if seconds.is_some() || std::time::Instant::now() >= deadline {
            return seconds;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
