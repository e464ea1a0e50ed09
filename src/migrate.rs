//! Schema migrations across versions: the migrators the SQL stores run when
//! they open, what `pbm migrate` reports and applies, and what readiness
//! (`/healthz/ready`) checks.
//!
//! The rule that lets two versions of pbm share one database during a
//! rolling upgrade (docs/migrations.md): a release only *expands* the schema
//! (new tables, new nullable or defaulted columns, new indexes) in a way the
//! previous release keeps working on; what the previous release needs is
//! removed (*contracted*) in a later release, once no replica of that
//! previous release can run any more. So an older pbm must start on a
//! database a newer one has migrated: the migrators here ignore applied
//! migrations they do not know ([`sqlx::migrate::Migrator::set_ignore_missing`]),
//! while a known migration whose checksum differs still stops the start.

use std::path::Path;

use anyhow::Context as _;
use sqlx::{
    Connection as _,
    migrate::{Migration, Migrator},
};

/// The PostgreSQL migrator (`migrations/postgres`), tolerant of newer migrations.
pub fn postgres() -> Migrator {
    let mut migrator = sqlx::migrate!("./migrations/postgres");
    migrator.set_ignore_missing(true);
    migrator
}

/// The SQLite migrator (`migrations/sqlite`), tolerant of newer migrations.
pub fn sqlite() -> Migrator {
    let mut migrator = sqlx::migrate!("./migrations/sqlite");
    migrator.set_ignore_missing(true);
    migrator
}

/// The SQL database of a store configuration: the store itself when it is
/// SQL, else the service-state store beside LDAP.
pub fn sql_url<'a>(store: &'a str, state_store: Option<&'a str>) -> &'a str {
    if store.starts_with("ldap://") || store.starts_with("ldaps://") {
        state_store.unwrap_or(crate::store::DEFAULT_STATE_STORE)
    } else {
        store
    }
}

/// One migration this binary knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// Version (the number in the file name).
    pub version: i64,
    /// Description (the rest of the file name).
    pub description: String,
}

/// How a database stands against the migrations of this binary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Known and applied.
    pub applied: Vec<Known>,
    /// Known and not applied yet.
    pub pending: Vec<Known>,
    /// Applied by a newer pbm (unknown to this one): fine under the expand/contract rule.
    pub newer: Vec<i64>,
    /// Applied with another checksum than this binary's: the migration file was
    /// changed after release; pbm refuses to start on it.
    pub mismatched: Vec<i64>,
    /// Started and failed (left dirty): needs an operator.
    pub failed: Vec<i64>,
}

impl Status {
    /// Whether every migration of this binary is applied, cleanly.
    pub fn is_current(&self) -> bool {
        self.pending.is_empty() && self.mismatched.is_empty() && self.failed.is_empty()
    }

    /// A one-line summary, e.g. `7 applied, 0 pending, 1 newer`.
    pub fn summary(&self) -> String {
        let mut text = format!("{} applied, {} pending", self.applied.len(), self.pending.len());
        if !self.newer.is_empty() {
            text.push_str(&format!(", {} newer (from a later pbm: {:?})", self.newer.len(), self.newer));
        }
        if !self.mismatched.is_empty() {
            text.push_str(&format!(", checksum mismatch: {:?}", self.mismatched));
        }
        if !self.failed.is_empty() {
            text.push_str(&format!(", failed: {:?}", self.failed));
        }
        text
    }
}

/// A row of `_sqlx_migrations`: version, success, checksum.
type AppliedRow = (i64, bool, Vec<u8>);

/// The migration status of the SQL database `url` (`sqlite:PATH` relative
/// to `data_dir`, or `postgres://…`), read without changing anything: a
/// SQLite file that does not exist yet has every migration pending.
pub async fn status(url: &str, data_dir: &Path) -> anyhow::Result<Status> {
    let (migrator, rows) = if let Some(path) = url.strip_prefix("sqlite:") {
        let path = data_dir.join(path.strip_prefix("//").unwrap_or(path));
        let rows = if path.exists() { sqlite_rows(&path).await? } else { Vec::new() };
        (sqlite(), rows)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        (postgres(), postgres_rows(url).await?)
    } else {
        anyhow::bail!("no SQL store in {:?}", crate::store::redact(url));
    };
    Ok(compare(migrator.iter(), &rows))
}

fn compare<'a>(known: impl Iterator<Item = &'a Migration>, rows: &[AppliedRow]) -> Status {
    let mut status = Status::default();
    let known: Vec<&Migration> = known.filter(|m| !m.migration_type.is_down_migration()).collect();
    for migration in &known {
        let entry = Known { version: migration.version, description: migration.description.to_string() };
        match rows.iter().find(|(version, ..)| *version == migration.version) {
            None => status.pending.push(entry),
            Some((_, false, _)) => status.failed.push(migration.version),
            Some((_, true, checksum)) if checksum.as_slice() != &*migration.checksum => {
                status.mismatched.push(migration.version)
            }
            Some(_) => status.applied.push(entry),
        }
    }
    for (version, success, _) in rows {
        if !known.iter().any(|m| m.version == *version) {
            if *success {
                status.newer.push(*version);
            } else {
                status.failed.push(*version);
            }
        }
    }
    status
}

async fn sqlite_rows(path: &Path) -> anyhow::Result<Vec<AppliedRow>> {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = sqlx::sqlite::SqliteConnection::connect_with(&options)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let (tables,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_one(&mut conn)
            .await?;
    let rows = if tables == 0 {
        Vec::new()
    } else {
        sqlx::query_as("SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut conn)
            .await?
    };
    conn.close().await?;
    Ok(rows)
}

async fn postgres_rows(url: &str) -> anyhow::Result<Vec<AppliedRow>> {
    let options: sqlx::postgres::PgConnectOptions = url.parse().context("parsing the PostgreSQL URL")?;
    let mut conn = sqlx::postgres::PgConnection::connect_with(&options)
        .await
        .with_context(|| format!("connecting to {}", crate::store::redact(url)))?;
    let (exists,): (bool,) =
        sqlx::query_as("SELECT to_regclass('_sqlx_migrations') IS NOT NULL").fetch_one(&mut conn).await?;
    let rows = if exists {
        sqlx::query_as("SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut conn)
            .await?
    } else {
        Vec::new()
    };
    conn.close().await?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_sqlite_file_has_everything_pending_and_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let found = status("sqlite:pbm.db", dir.path()).await.unwrap();
        assert!(!found.is_current());
        assert_eq!(found.pending.len(), sqlite().iter().count());
        assert!(!dir.path().join("pbm.db").exists(), "a status read creates nothing");
    }

    #[tokio::test]
    async fn an_opened_store_is_current_and_tolerates_a_newer_migration() {
        let dir = tempfile::tempdir().unwrap();
        drop(crate::store::open("sqlite:pbm.db", dir.path()).await.unwrap());
        let found = status("sqlite:pbm.db", dir.path()).await.unwrap();
        assert!(found.is_current(), "{}", found.summary());
        assert!(found.newer.is_empty());

        // A later pbm applied migration 99990001 (expand): this one still starts and reports it.
        let path = dir.path().join("pbm.db");
        let mut conn = sqlx::sqlite::SqliteConnection::connect(&format!("sqlite:{}", path.display())).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99990001, 'a later expand', 1, x'00', 1)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
        drop(crate::store::open("sqlite:pbm.db", dir.path()).await.expect("an older pbm opens a newer database"));
        let found = status("sqlite:pbm.db", dir.path()).await.unwrap();
        assert!(found.is_current());
        assert_eq!(found.newer, vec![99990001]);
    }

    #[test]
    fn the_sql_url_of_an_ldap_store_is_its_state_store() {
        assert_eq!(sql_url("postgres://h/db", None), "postgres://h/db");
        assert_eq!(sql_url("ldap://h/dc=x", None), crate::store::DEFAULT_STATE_STORE);
        assert_eq!(sql_url("ldap://h/dc=x", Some("postgres://h/s")), "postgres://h/s");
    }
}
