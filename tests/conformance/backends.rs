//! Backends under test: each function opens a fresh, empty store, or
//! returns `None` (after saying why) when its server is not available and
//! the run does not require it.

use pbm::store::Stores;

#[path = "../support/servers.rs"]
mod servers;

/// A backend of the suite.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    /// The embedded SQLite store.
    Sqlite,
    /// The PostgreSQL test server.
    Postgres,
    /// The OpenLDAP test server.
    OpenLdap,
    /// The 389 Directory Server test instance.
    Ds389,
}

impl Backend {
    /// A fresh, empty store of this backend, or `None` when its server is
    /// not available and the run does not require it.
    pub async fn open(self) -> Option<Stores> {
        match self {
            Self::Sqlite => sqlite().await,
            Self::Postgres => postgres().await,
            Self::OpenLdap => openldap().await,
            Self::Ds389 => ds389().await,
        }
    }
}

/// The embedded SQLite store in a temporary directory (kept for the test's life).
async fn sqlite() -> Option<Stores> {
    let dir = tempfile::tempdir().unwrap();
    let stores = pbm::store::open("sqlite:pbm.db", dir.path()).await.expect("SQLite opens");
    // The directory must outlive the store; leak it for the test's duration.
    std::mem::forget(dir);
    Some(stores)
}

/// A fresh database on the PostgreSQL test server.
async fn postgres() -> Option<Stores> {
    let url = servers::fresh_postgres_database().await?;
    Some(pbm::store::open(&url, std::path::Path::new(".")).await.expect("PostgreSQL opens"))
}

/// A fresh subtree of the OpenLDAP test server, beside a SQLite state store.
async fn openldap() -> Option<Stores> {
    ldap("slapd").await
}

/// A fresh subtree of the 389 Directory Server test instance, beside a SQLite state store.
async fn ds389() -> Option<Stores> {
    ldap("ds389").await
}

async fn ldap(server: &str) -> Option<Stores> {
    let url = servers::fresh_ldap_url(server)?;
    let dir = tempfile::tempdir().unwrap();
    let stores = pbm::store::open(&url, dir.path()).await.expect("the LDAP store opens");
    std::mem::forget(dir);
    Some(stores)
}
