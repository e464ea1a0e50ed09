//! Private files: the data dir, the SQLite store and the key files hold
//! password hashes, TLS private keys and secret settings, so pbm creates
//! them for its own user only (directories 0700, files 0600) whatever the
//! umask, and refuses to start on an existing one that other users of the
//! host can reach, naming each such path and the `chmod` that fixes it. An
//! empty data dir made for pbm (`mkdir` under umask 022) holds nothing yet:
//! it is made private rather than refused.
//!
//! Dovecot's SQLite passdb reads `pbm.db` from its auth worker, which runs
//! as root by default (`service auth-worker { user = root }`), so it needs
//! no group access; an installation that moves the worker to another user
//! serves Dovecot from PostgreSQL or LDAP instead.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// Access bits of the group and of everyone else.
const SHARED_BITS: u32 = 0o077;

/// Makes every file and directory this process creates private (umask
/// 077). Called once at the start of the `pbm` binary.
pub fn restrict_umask() {
    // SAFETY: umask only swaps the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Creates `dir` (and its missing parents) for the owner only, or checks
/// that an existing one is private. An existing empty directory (made with
/// `mkdir` for pbm, holding nothing yet) is made private instead of refused.
pub fn ensure_private_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).with_context(|| format!("creating data dir {}", dir.display()))?;
    } else if is_empty_dir(dir) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .with_context(|| format!("making the empty data dir {} private (chmod 700)", dir.display()))?;
        }
    }
    refuse_shared(&[dir])
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Options that create a file for its owner only (mode 0600), whatever the
/// umask; the caller says how it opens (write, create, create_new, …).
pub fn owner_only() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates the empty file `path` with mode 0600 when it does not exist yet,
/// so that what opens it next (SQLite) keeps that mode — SQLite gives its
/// `-wal` and `-shm` files the mode of the database file.
pub fn touch_private_file(path: &Path) -> anyhow::Result<()> {
    match owner_only().write(true).create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
    }
}

/// Fails, naming every one of `paths` that exists and that the group or
/// other users may access, with the command that makes it private. Paths
/// that do not exist are skipped (pbm creates them private).
pub fn refuse_shared(paths: &[&Path]) -> anyhow::Result<()> {
    let shared = shared_paths(paths)?;
    if shared.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> =
        shared.iter().map(|(path, mode)| format!("{} (mode {mode:04o})", path.display())).collect();
    let fixes: Vec<String> = shared
        .iter()
        .map(|(path, _)| {
            let mode = if path.is_dir() { "700" } else { "600" };
            format!("chmod {mode} '{}'", path.display())
        })
        .collect();
    anyhow::bail!(
        "refusing to start: {} can be read by other users of this host, and hold{} password hashes, keys or \
         secret settings; make {} private to pbm's user ({}) and start again",
        listed.join(", "),
        if shared.len() == 1 { "s" } else { "" },
        if shared.len() == 1 { "it" } else { "them" },
        fixes.join(" && ")
    )
}

#[cfg(unix)]
fn shared_paths(paths: &[&Path]) -> anyhow::Result<Vec<(PathBuf, u32)>> {
    use std::os::unix::fs::PermissionsExt as _;
    let mut shared = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) => {
                let mode = meta.permissions().mode() & 0o7777;
                if mode & SHARED_BITS != 0 {
                    shared.push((path.to_path_buf(), mode));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("reading the mode of {}", path.display())),
        }
    }
    Ok(shared)
}

#[cfg(not(unix))]
fn shared_paths(_paths: &[&Path]) -> anyhow::Result<Vec<(PathBuf, u32)>> {
    Ok(Vec::new())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_data_dir_and_file_are_private_whatever_the_umask() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        ensure_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let file = dir.join("pbm.db");
        touch_private_file(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        // an existing file is left as it is
        std::fs::write(&file, b"kept").unwrap();
        touch_private_file(&file).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"kept");
    }

    #[test]
    fn shared_paths_are_named_with_their_fix() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let key = root.path().join("token-signing.key");
        std::fs::write(&key, b"k").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
        let missing = root.path().join("missing");
        let message = refuse_shared(&[&dir, &key, &missing]).unwrap_err().to_string();
        assert!(message.contains(&format!("{} (mode 0755)", dir.display())), "{message}");
        assert!(message.contains(&format!("{} (mode 0640)", key.display())), "{message}");
        assert!(message.contains(&format!("chmod 700 '{}'", dir.display())), "{message}");
        assert!(message.contains(&format!("chmod 600 '{}'", key.display())), "{message}");
        assert!(!message.contains("missing"), "{message}");
        // Empty, it is made private; holding a file, it is refused.
        ensure_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(dir.join("pbm.db"), b"").unwrap();
        assert!(ensure_private_dir(&dir).is_err());
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o400)).unwrap();
        refuse_shared(&[&dir, &key]).unwrap();
        ensure_private_dir(&dir).unwrap();
    }
}
