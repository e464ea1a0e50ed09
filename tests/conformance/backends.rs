//! Backends under test: each function opens a fresh, empty store, or
//! returns `None` (after saying why) when its server is not available and
//! the run does not require it.

use pbm::store::Stores;

#[path = "../support/servers.rs"]
mod servers;

/// The embedded SQLite store in a temporary directory (kept for the test's life).
pub async fn sqlite() -> Option<Stores> {
    let dir = tempfile::tempdir().unwrap();
    let stores = pbm::store::open("sqlite:pbm.db", dir.path()).await.expect("SQLite opens");
    // The directory must outlive the store; leak it for the test's duration.
    std::mem::forget(dir);
    Some(stores)
}

/// A fresh database on the PostgreSQL test server.
pub async fn postgres() -> Option<Stores> {
    let url = servers::fresh_postgres_database().await?;
    Some(pbm::store::open(&url, std::path::Path::new(".")).await.expect("PostgreSQL opens"))
}
