//! `pbm secrets`: the key file that seals secret values at rest (see
//! [`crate::security::sealing`]). `generate-key` makes a key file or puts a
//! new key first in an existing one (rotation); `reseal` opens the stores of
//! the same configuration as `pbm serve` and writes every secret value again
//! under the first key.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Subcommand;

use crate::config::{Config, ServeArgs};
use crate::security::{private_files, sealing::Sealer};

/// `pbm secrets …`
#[derive(Debug, Subcommand)]
pub enum SecretsAction {
    /// Make a key: printed, or written to --out (mode 0600). An existing --out keeps its keys after the new one,
    /// which seals from the next start on (rotation).
    GenerateKey {
        /// The key file to create or to put the new key first in.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write every secret value at rest again under the key file's first key (after a rotation, or to seal
    /// values stored in clear). Uses the same flags and variables as `pbm serve`.
    Reseal {
        /// The stores and the key file, as for `pbm serve`.
        #[command(flatten)]
        store: Box<ServeArgs>,
    },
}

/// Runs `pbm secrets …`.
pub async fn run(action: SecretsAction) -> anyhow::Result<()> {
    match action {
        SecretsAction::GenerateKey { out: None } => {
            println!("{}", Sealer::generate_key_line());
            Ok(())
        }
        SecretsAction::GenerateKey { out: Some(path) } => {
            let (kept, id) = write_new_key(&path)?;
            eprintln!(
                "{}: new sealing key {id} first{}",
                path.display(),
                if kept > 0 { format!(", {kept} older key(s) kept to open what they sealed") } else { String::new() }
            );
            Ok(())
        }
        SecretsAction::Reseal { store } => {
            let config = Config::resolve(*store)?;
            anyhow::ensure!(
                config.secrets_key_file.is_some(),
                "no secrets key file is configured (--secrets-key-file, PBM_SECRETS_KEY_FILE, [auth] secrets_key_file)"
            );
            let app = crate::server::build(&config).await?;
            let report = app.services.core().reseal_secrets().await?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
    }
}

/// Writes `path` with a new key first and its old keys after; returns how
/// many keys were kept and the new key's id.
fn write_new_key(path: &Path) -> anyhow::Result<(usize, String)> {
    let old = if path.exists() {
        private_files::refuse_shared(&[path])?;
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Sealer::from_key_file_text(&text).with_context(|| format!("{} is not a secrets key file", path.display()))?;
        text
    } else {
        String::new()
    };
    let line = Sealer::generate_key_line();
    let new = Sealer::from_key_file_text(&line)?;
    let id = new.key_ids()[0].to_owned();
    let kept = old.lines().filter(|l| !l.trim().is_empty() && !l.trim().starts_with('#')).count();
    let made = chrono::Utc::now().format("%Y-%m-%d");
    let text = format!("# pbm secrets key {id}, made {made}; the first key seals, every key opens\n{line}\n{old}");
    let aside = path.with_extension(format!("new-{}", crate::security::tokens::random_token()));
    let written = private_files::owner_only()
        .write(true)
        .create_new(true)
        .open(&aside)
        .and_then(|mut file| file.write_all(text.as_bytes()).and_then(|()| file.sync_all()));
    if let Err(e) = written.and_then(|()| std::fs::rename(&aside, path)) {
        let _ = std::fs::remove_file(&aside);
        return Err(e).with_context(|| format!("writing {}", path.display()));
    }
    Ok((kept, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_key_creates_a_private_file_then_rotates_keeping_old_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.key");
        let (kept, first) = write_new_key(&path).unwrap();
        assert_eq!(kept, 0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let (kept, second) = write_new_key(&path).unwrap();
        assert_eq!(kept, 1);
        let sealer = Sealer::load(&path).unwrap();
        assert_eq!(sealer.key_ids(), vec![second.as_str(), first.as_str()]);
    }
}
