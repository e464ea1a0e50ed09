//! Finding the real servers of `scripts/servers/up.sh` from tests, shared by
//! the test crates (`#[path]`-included): their variables, whether a missing
//! one fails the run, and fresh databases to run against.

#![allow(dead_code)]

/// Whether a test whose server is missing must fail (`CI=true`, or
/// `PBM_REQUIRE_SERVERS=1` as scripts/test.sh sets) rather than skip loudly.
pub fn servers_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
        || std::env::var("PBM_REQUIRE_SERVERS").is_ok_and(|v| v == "1")
}

/// A variable of the environment, or of the test servers' env files
/// (`env` from scripts/servers/up.sh, `pbm-dovecot.env` from
/// scripts/dovecot-pbm.sh).
pub fn test_server_var(name: &str) -> Option<String> {
    if let Ok(value) = std::env::var(name) {
        return Some(value);
    }
    let dir = std::env::var("PBM_TEST_SERVERS_DIR").unwrap_or_else(|_| "/tmp/pbm-test-servers".into());
    ["env", "pbm-dovecot.env"].iter().find_map(|file| {
        let env = std::fs::read_to_string(format!("{dir}/{file}")).ok()?;
        env.lines().find_map(|line| {
            let rest = line.strip_prefix("export ")?.strip_prefix(name)?.strip_prefix('=')?;
            Some(rest.trim_matches('\'').to_owned())
        })
    })
}

/// The value of a test server variable, or `None` after saying loudly that
/// the test is skipped; when servers are required the test fails instead.
pub fn require_server(name: &str, what: &str) -> Option<String> {
    match test_server_var(name) {
        Some(value) => Some(value),
        None if servers_required() => panic!("{what} is required but {name} is not set: run scripts/servers/up.sh"),
        None => {
            eprintln!("SKIPPED: {what} not available ({name} unset); run scripts/servers/up.sh, or scripts/test.sh");
            None
        }
    }
}

/// A URL of a new, empty PostgreSQL database on the test server, created as
/// the `postgres` superuser over the unix socket and owned by the test role.
pub async fn fresh_postgres_database() -> Option<String> {
    use sqlx::Connection as _;
    let url = require_server("PBM_TEST_PG_URL", "PostgreSQL")?;
    let socket = test_server_var("PBM_TEST_PG_SOCKET_DIR").expect("PBM_TEST_PG_SOCKET_DIR beside PBM_TEST_PG_URL");
    let port: u16 = test_server_var("PBM_TEST_PG_PORT").and_then(|p| p.parse().ok()).unwrap_or(5432);
    let user = test_server_var("PBM_TEST_PG_USER").unwrap_or_else(|| "pbm".into());
    let name = format!("pbm_test_{}_{}", std::process::id(), unique_suffix());
    let admin =
        sqlx::postgres::PgConnectOptions::new().socket(socket).port(port).username("postgres").database("postgres");
    let mut conn = sqlx::PgConnection::connect_with(&admin).await.expect("admin connection to PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name} OWNER {user}")))
        .execute(&mut conn)
        .await
        .expect("CREATE DATABASE");
    let (base, _) = url.rsplit_once('/').expect("a database URL");
    Some(format!("{base}/{name}"))
}

/// A store URL of a new, empty subtree on one of the LDAP test servers
/// (`slapd` or `ds389`): `ldap://HOST:PORT/ou=pbm-…,dc=pbm,dc=test` with the
/// server's admin credentials in the URL (pbm creates the subtree).
pub fn fresh_ldap_url(server: &str) -> Option<String> {
    let (prefix, what) = match server {
        "slapd" => ("PBM_TEST_SLAPD", "OpenLDAP (slapd)"),
        "ds389" => ("PBM_TEST_DS389", "389 Directory Server"),
        other => panic!("unknown LDAP test server {other}"),
    };
    let url = require_server(&format!("{prefix}_URL"), what)?;
    let var = |name: &str| {
        test_server_var(&format!("{prefix}_{name}")).unwrap_or_else(|| panic!("{prefix}_{name} beside {prefix}_URL"))
    };
    let base = test_server_var("PBM_TEST_LDAP_BASE_DN").unwrap_or_else(|| "dc=pbm,dc=test".into());
    let root = format!("ou=pbm-{}-{},{base}", std::process::id(), unique_suffix());
    Some(format!("{url}/{root}????bindname={},X-BINDPW={}", percent(&var("BIND_DN")), percent(&var("BIND_PW"))))
}

/// Every byte but letters and digits written `%XX` (an LDAP URL extension value).
pub fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A suffix unique within the process.
pub fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{nanos}_{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A PostgreSQL cluster of one test's own, made with the test server's binaries (`initdb`,
/// `pg_ctl`) in a directory under the test servers' one: a test that stops and starts its
/// store cannot use the shared server, which other tests use at the same time. Trust
/// authentication on 127.0.0.1 and a unix socket in its directory; run as `postgres` when the
/// test runs as root (PostgreSQL refuses root). Stopped at once and removed on drop.
pub struct PrivatePostgres {
    bin: std::path::PathBuf,
    dir: std::path::PathBuf,
    port: u16,
}

impl PrivatePostgres {
    /// A new cluster, started; `None` (skipped loudly, or a failure under CI) where the test
    /// PostgreSQL is not installed.
    pub async fn start() -> Option<Self> {
        require_server("PBM_TEST_PG_URL", "PostgreSQL")?;
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("the PostgreSQL binaries under /usr/lib/postgresql (scripts/servers/install.sh)")
            .filter_map(|version| Some(version.ok()?.path().join("bin")))
            .find(|bin| bin.join("initdb").is_file())
            .expect("initdb under /usr/lib/postgresql/*/bin");
        let root = test_server_var("PBM_TEST_SERVERS_DIR").unwrap_or_else(|| "/tmp/pbm-test-servers".into());
        let dir = std::path::Path::new(&root).join(format!("pg-private-{}-{}", std::process::id(), unique_suffix()));
        std::fs::create_dir_all(&dir).expect("the private cluster's directory");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let cluster = Self { bin, dir, port };
        if cluster.as_root() {
            cluster.run("chown", &["-R", "postgres:postgres", cluster.dir.to_str().unwrap()]).await;
        }
        let data = cluster.data();
        cluster
            .run_pg(
                "initdb",
                &["-D", &data, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--auth=trust", "--no-sync"],
            )
            .await;
        cluster.start_again().await;
        Some(cluster)
    }

    /// The store URL of its `postgres` database, as its superuser.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// `pg_ctl stop -m fast`: the server ends every connection and stops.
    pub async fn stop(&self) {
        self.run_pg("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "-t", "60", "stop"]).await;
    }

    /// `pg_ctl start` (again) on the same port and data.
    pub async fn start_again(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.display());
        let log = self.dir.join("postgres.log");
        self.run_pg(
            "pg_ctl",
            &["-D", &self.data(), "-o", &options, "-l", log.to_str().unwrap(), "-w", "-t", "60", "start"],
        )
        .await;
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn as_root(&self) -> bool {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }

    async fn run_pg(&self, tool: &str, args: &[&str]) {
        let program = self.bin.join(tool).display().to_string();
        if self.as_root() {
            let mut with_user = vec!["-u", "postgres", "--", program.as_str()];
            with_user.extend_from_slice(args);
            self.run("runuser", &with_user).await;
        } else {
            self.run(&program, args).await;
        }
    }

    async fn run(&self, program: &str, args: &[&str]) {
        let (program, args) = (program.to_owned(), args.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        let output = tokio::task::spawn_blocking(move || {
            std::process::Command::new(&program)
                .args(&args)
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap_or_else(|e| panic!("{program}: {e}"))
        })
        .await
        .unwrap();
        let log = std::fs::read_to_string(self.dir.join("postgres.log")).unwrap_or_default();
        assert!(
            output.status.success(),
            "{}\n{}\nserver log:\n{log}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let pg_ctl = self.bin.join("pg_ctl").display().to_string();
        let data = self.data();
        let args = ["-D", data.as_str(), "-m", "immediate", "-w", "stop"];
        let _ = if self.as_root() {
            std::process::Command::new("runuser").args(["-u", "postgres", "--", &pg_ctl]).args(args).output()
        } else {
            std::process::Command::new(&pg_ctl).args(args).output()
        };
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
