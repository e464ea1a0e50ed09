//! Spools: private temporary files holding an import's input or a
//! restore's archive while it is checked and applied, and the sweep of
//! spools left behind by a killed process.

use std::io::{BufReader, Write as _};
use std::path::{Path, PathBuf};

use futures::StreamExt as _;
use futures::stream::BoxStream;

use crate::error::{Error, Result};
use crate::ldif::LdifReader;
use crate::security::private_files::owner_only;

/// The import's input in a private temporary file, removed when dropped.
pub(super) struct Spool {
    pub(super) path: PathBuf,
}

impl Spool {
    /// A new empty file `file_name` in the temporary directory, mode 0600.
    pub(super) fn create(file_name: &str) -> Result<Self> {
        let path = std::env::temp_dir().join(file_name);
        owner_only().write(true).create_new(true).open(&path).map_err(Error::internal)?;
        Ok(Self { path })
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the input to the file; returns its SHA-256 (hex).
    pub(super) async fn fill(&self, mut data: BoxStream<'static, Result<Vec<u8>>>) -> Result<String> {
        use sha2::Digest as _;
        let mut hash = sha2::Sha256::new();
        let mut file = std::io::BufWriter::new(
            std::fs::OpenOptions::new().append(true).open(&self.path).map_err(Error::internal)?,
        );
        while let Some(chunk) = data.next().await {
            let chunk = chunk?;
            hash.update(&chunk);
            file.write_all(&chunk).map_err(Error::internal)?;
        }
        file.flush().map_err(Error::internal)?;
        Ok(hex::encode(hash.finalize()))
    }

    pub(super) fn reader(&self) -> Result<LdifReader<BufReader<std::fs::File>>> {
        Ok(LdifReader::new(BufReader::new(std::fs::File::open(&self.path).map_err(Error::internal)?)))
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Prefixes of the spool files imports, snapshots and restores create in
/// the temporary directory.
pub(super) const SPOOL_PREFIXES: [&str; 3] = ["pbm-import-", "pbm-snapshot-", "pbm-restore-"];

/// Removes the spool files of `dir` (the temporary directory when `None`)
/// last modified more than `older_than` ago: a process killed with SIGKILL
/// leaves its spool behind (mode 0600, but secret material: password hashes,
/// keys). A spool is written when its import starts, so a file that old
/// belongs to an import started a day ago: longer than any import runs (a
/// million users one by one at slapd's durable add rate take about five
/// hours). Returns the files removed.
pub fn sweep_stale_spools(dir: Option<&Path>, older_than: std::time::Duration) -> Vec<PathBuf> {
    let dir = dir.map_or_else(std::env::temp_dir, Path::to_owned);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let now = std::time::SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !SPOOL_PREFIXES.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age > older_than));
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_spool_files_are_swept_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join("pbm-import-0123.ldif");
        let fresh = dir.path().join("pbm-restore-4567.tar");
        let other = dir.path().join("someone-else.ldif");
        for path in [&stale, &fresh, &other] {
            std::fs::write(path, "x").unwrap();
        }
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 24 * 3600);
        for path in [&stale, &other] {
            std::fs::File::options().write(true).open(path).unwrap().set_modified(old).unwrap();
        }
        let removed = sweep_stale_spools(Some(dir.path()), std::time::Duration::from_secs(24 * 3600));
        assert_eq!(removed, vec![stale.clone()]);
        assert!(!stale.exists() && fresh.exists() && other.exists());
    }
}
