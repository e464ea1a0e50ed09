//! Backends under test: each function opens a fresh, empty store, or
//! returns `None` (after saying why) when its server is not available and
//! the run does not require it.

use pbm::store::Stores;

/// Whether a missing server fails the run.
#[allow(dead_code)]
pub fn servers_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
        || std::env::var("PBM_REQUIRE_SERVERS").is_ok_and(|v| v == "1")
}

/// A variable of the test servers' env file (`scripts/servers/up.sh`) or of the environment.
#[allow(dead_code)]
pub fn test_server_var(name: &str) -> Option<String> {
    if let Ok(value) = std::env::var(name) {
        return Some(value);
    }
    let dir = std::env::var("PBM_TEST_SERVERS_DIR").unwrap_or_else(|_| "/tmp/pbm-test-servers".into());
    let env = std::fs::read_to_string(format!("{dir}/env")).ok()?;
    env.lines().find_map(|line| {
        let rest = line.strip_prefix("export ")?.strip_prefix(name)?.strip_prefix('=')?;
        Some(rest.trim_matches('\'').to_owned())
    })
}

/// The embedded SQLite store in a temporary directory (kept for the test's life).
pub async fn sqlite() -> Option<Stores> {
    let dir = tempfile::tempdir().unwrap();
    let stores = pbm::store::open("sqlite:pbm.db", dir.path()).await.expect("SQLite opens");
    // The directory must outlive the store; leak it for the test's duration.
    std::mem::forget(dir);
    Some(stores)
}
