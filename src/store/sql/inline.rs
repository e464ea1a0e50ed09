//! Point reads of a SQLite file done inline, on the calling thread: what a
//! cache miss of GetUser needs (one index lookup), without the two thread
//! hand-offs of a sqlx query (its command to the connection's thread, its
//! row back), which `docs/profiles/getuser-zipf-sqlite-c64.txt` shows as the
//! largest part of pbm's CPU beyond the bare handler's.
//!
//! A few read-only connections (rusqlite, on the same SQLite library sqlx
//! links), each taken for one statement and put back; WAL mode lets them
//! read while the writer writes, and each statement sees what was committed
//! before it, as sqlx's read pool does. Only index lookups go this way: a
//! statement that scans would hold a runtime thread.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::dialect::RowExt;
use crate::error::{Error, Result};
use crate::store::from_micros;

/// Connections kept for inline reads; a read beyond them opens none and
/// answers `None` (the caller reads through sqlx).
const CONNECTIONS: usize = 4;

/// Inline point reads of one SQLite file.
#[derive(Debug)]
pub struct InlineReads {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    opened: Mutex<usize>,
}

impl InlineReads {
    /// Inline reads of the database file at `path` (opened on first use).
    pub fn new(path: &Path) -> Self {
        Self { path: path.to_owned(), idle: Mutex::new(Vec::new()), opened: Mutex::new(0) }
    }

    /// The rows of `sql` (an index lookup) bound to `args`, each mapped by
    /// `map`; `None` when every connection is in use (read through sqlx).
    pub fn rows<T>(
        &self,
        sql: &str,
        args: &[&str],
        map: impl Fn(&InlineRow<'_, '_>) -> Result<T>,
    ) -> Result<Option<Vec<T>>> {
        let Some(conn) = self.take()? else { return Ok(None) };
        let answer = Self::run(&conn, sql, args, map);
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(conn);
        answer.map(Some)
    }

    fn run<T>(
        conn: &Connection,
        sql: &str,
        args: &[&str],
        map: impl Fn(&InlineRow<'_, '_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut statement = conn.prepare_cached(sql).map_err(sqlite_error)?;
        let mut rows = statement.query(rusqlite::params_from_iter(args)).map_err(sqlite_error)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(sqlite_error)? {
            out.push(map(&InlineRow(row))?);
        }
        Ok(out)
    }

    /// An idle connection, or a new one while fewer than CONNECTIONS exist.
    fn take(&self) -> Result<Option<Connection>> {
        if let Some(conn) = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            return Ok(Some(conn));
        }
        let mut opened = self.opened.lock().unwrap_or_else(|e| e.into_inner());
        if *opened >= CONNECTIONS {
            return Ok(None);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).map_err(sqlite_error)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(sqlite_error)?;
        *opened += 1;
        Ok(Some(conn))
    }
}

fn sqlite_error(e: rusqlite::Error) -> Error {
    Error::internal(anyhow::Error::from(e).context("inline SQLite read"))
}

/// A row of an inline read, read like a sqlx row ([`RowExt`]).
pub struct InlineRow<'stmt, 'row>(&'row rusqlite::Row<'stmt>);

impl InlineRow<'_, '_> {
    fn get<T: rusqlite::types::FromSql>(&self, column: &str) -> Result<T> {
        self.0.get(column).map_err(sqlite_error)
    }
}

impl RowExt for InlineRow<'_, '_> {
    fn text(&self, column: &str) -> Result<String> {
        self.get(column)
    }

    fn maybe_text(&self, column: &str) -> Result<Option<String>> {
        self.get(column)
    }

    fn int(&self, column: &str) -> Result<i64> {
        self.get(column)
    }

    fn maybe_int(&self, column: &str) -> Result<Option<i64>> {
        self.get(column)
    }

    fn small(&self, column: &str) -> Result<i32> {
        self.get(column)
    }

    fn count(&self, column: &str) -> Result<u64> {
        u64::try_from(self.get::<i64>(column)?).map_err(Error::internal)
    }

    fn flag(&self, column: &str) -> Result<bool> {
        self.get(column)
    }

    fn time(&self, column: &str) -> Result<DateTime<Utc>> {
        Ok(from_micros(self.get(column)?))
    }

    fn maybe_time(&self, column: &str) -> Result<Option<DateTime<Utc>>> {
        Ok(self.get::<Option<i64>>(column)?.map(from_micros))
    }

    fn bytes(&self, column: &str) -> Result<Vec<u8>> {
        self.get(column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_like_sqlx_and_gives_way_when_its_connections_are_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("inline.db");
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 CREATE TABLE t (name TEXT NOT NULL, n INTEGER, at INTEGER NOT NULL, ok INTEGER NOT NULL);
                 INSERT INTO t VALUES ('a', NULL, 1000000, 1), ('b', 7, 2000000, 0);",
            )
            .unwrap();
        let reads = InlineReads::new(&path);
        let rows = reads
            .rows("SELECT * FROM t WHERE name = ?1 OR name = ?2 ORDER BY name", &["a", "b"], |row| {
                Ok((row.text("name")?, row.maybe_int("n")?, row.time("at")?.timestamp(), row.flag("ok")?))
            })
            .unwrap()
            .expect("a connection is free");
        assert_eq!(rows, [("a".to_owned(), None, 1, true), ("b".to_owned(), Some(7), 2, false)]);
        // A commit is seen by the next read.
        writer.execute("UPDATE t SET n = 8 WHERE name = 'b'", []).unwrap();
        let n = reads.rows("SELECT n FROM t WHERE name = ?1", &["b"], |row| row.int("n")).unwrap();
        assert_eq!(n, Some(vec![8]));
        // Every connection taken: the caller is told to read through sqlx.
        let taken: Vec<Connection> = (0..CONNECTIONS).filter_map(|_| reads.take().unwrap()).collect();
        assert_eq!(taken.len(), CONNECTIONS);
        assert!(reads.rows("SELECT 1 AS n", &[], |row| row.int("n")).unwrap().is_none());
        // A mistake in SQL is an error, not a panic.
        reads.idle.lock().unwrap().extend(taken);
        assert!(reads.rows("SELECT nope FROM t", &[], |row| row.int("nope")).is_err());
    }
}
