//! Encryption at rest of secret values: the TLS private keys of web domains
//! and the secret settings (`KeyDef::secret`: bind passwords, the doveadm
//! password, webhook tokens) are sealed with AES-256-GCM before they reach
//! the store or etcd, under keys kept in a file apart from the store
//! (`[auth] secrets_key_file`, `--secrets-key-file`, `PBM_SECRETS_KEY_FILE`).
//!
//! - **The key file** holds one key per line (32 random bytes, base64url;
//!   `#` starts a comment), made by `pbm secrets generate-key`. The first key
//!   seals; every key opens. Rotation puts a new key first, restarts the
//!   replicas, runs `pbm secrets reseal`, then drops the old line.
//! - **A sealed value** reads `pbm-sealed:v1:<key id>:<base64url(nonce ‖
//!   ciphertext ‖ tag)>`. The key id is the start of the key's SHA-256, so a
//!   value names the key it needs without revealing it. The value is bound
//!   to what it belongs to (`setting:<key>`, `web-domain:<name>`) as
//!   associated data: a sealed value copied under another name does not open.
//! - **Clear values still read**: values from before the key file, and those
//!   an operator writes with `etcdctl put` as the guide does, are taken as
//!   they are; `pbm secrets reseal` seals them.
//! - **Without a key file** nothing is sealed, and a sealed value met then
//!   is an error naming its key id, never garbage passed on.
//!
//! Backups (LDIF exports, settings dumps, snapshots) carry the values in
//! clear, as before, so that they restore under any key: they are secret
//! files, written 0600.

use std::path::Path;

use anyhow::Context as _;
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore as _;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sha2::{Digest as _, Sha256};

use crate::error::{Error, Result};

/// What every sealed value starts with.
pub const SEALED_PREFIX: &str = "pbm-sealed:v1:";
/// Bytes of a key.
const KEY_BYTES: usize = 32;
/// Hex digits of a key id.
const KEY_ID_HEX: usize = 8;

/// One key of the key file.
struct SealingKey {
    id: String,
    key: LessSafeKey,
}

/// Seals and opens secret values; without keys, a pass-through that refuses
/// sealed values.
#[derive(Default)]
pub struct Sealer {
    /// The first seals; all open.
    keys: Vec<SealingKey>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealer").field("key_ids", &self.key_ids()).finish()
    }
}

/// What a sealed value belongs to: its associated data.
#[derive(Debug, Clone, Copy)]
pub enum SealedFor<'a> {
    /// A runtime setting, by key.
    Setting(&'a str),
    /// The private key of a web domain, by name.
    WebDomain(&'a str),
}

impl SealedFor<'_> {
    fn associated_data(&self) -> String {
        match self {
            Self::Setting(key) => format!("setting:{key}"),
            Self::WebDomain(name) => format!("web-domain:{name}"),
        }
    }
}

impl Sealer {
    /// No keys: nothing is sealed.
    pub fn none() -> Self {
        Self::default()
    }

    /// The keys of a key file's text.
    pub fn from_key_file_text(text: &str) -> anyhow::Result<Self> {
        let mut keys = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bytes = URL_SAFE_NO_PAD
                .decode(line)
                .ok()
                .filter(|b| b.len() == KEY_BYTES)
                .with_context(|| format!("line {} is not a key (32 bytes, base64url)", number + 1))?;
            keys.push(SealingKey::new(&bytes)?);
        }
        anyhow::ensure!(!keys.is_empty(), "it holds no key");
        Ok(Self { keys })
    }

    /// Loads a key file, refusing one other users of the host can read.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        super::private_files::refuse_shared(&[path])?;
        let text = std::fs::read_to_string(path).with_context(|| {
            format!("reading the secrets key file {} (make one with `pbm secrets generate-key`)", path.display())
        })?;
        Self::from_key_file_text(&text).with_context(|| format!("secrets key file {}", path.display()))
    }

    /// A new key, as a key file line.
    pub fn generate_key_line() -> String {
        let mut bytes = [0u8; KEY_BYTES];
        rand::thread_rng().fill_bytes(&mut bytes);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Whether values are sealed when written.
    pub fn seals(&self) -> bool {
        !self.keys.is_empty()
    }

    /// The ids of the keys, the sealing one first.
    pub fn key_ids(&self) -> Vec<&str> {
        self.keys.iter().map(|k| k.id.as_str()).collect()
    }

    /// Whether `value` is sealed (under any key).
    pub fn is_sealed(value: &str) -> bool {
        value.starts_with(SEALED_PREFIX)
    }

    /// Whether `value` is sealed under the sealing key already.
    pub fn sealed_with_current(&self, value: &str) -> bool {
        match (self.keys.first(), value.strip_prefix(SEALED_PREFIX)) {
            (Some(key), Some(rest)) => rest.split(':').next() == Some(key.id.as_str()),
            _ => false,
        }
    }

    /// Seals `clear` for `owner` under the first key; without keys, `clear`
    /// itself.
    pub fn seal(&self, owner: SealedFor<'_>, clear: &str) -> Result<String> {
        let Some(key) = self.keys.first() else { return Ok(clear.to_owned()) };
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let mut sealed = clear.as_bytes().to_vec();
        key.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(owner.associated_data().as_bytes()),
                &mut sealed,
            )
            .map_err(|_| Error::internal(anyhow::anyhow!("sealing a value of {} bytes failed", clear.len())))?;
        let mut payload = nonce.to_vec();
        payload.extend_from_slice(&sealed);
        Ok(format!("{SEALED_PREFIX}{}:{}", key.id, URL_SAFE_NO_PAD.encode(payload)))
    }

    /// The clear text of `value` stored for `owner`: a clear value as it is,
    /// a sealed one opened with the key it names.
    pub fn open(&self, owner: SealedFor<'_>, value: &str) -> Result<String> {
        let Some(rest) = value.strip_prefix(SEALED_PREFIX) else { return Ok(value.to_owned()) };
        let refused =
            |why: String| Error::FailedPrecondition(format!("the stored value of {} {why}", owner.associated_data()));
        let (id, payload) = rest.split_once(':').ok_or_else(|| refused("is not a well-formed sealed value".into()))?;
        let Some(key) = self.keys.iter().find(|k| k.id == id) else {
            return Err(refused(if self.keys.is_empty() {
                format!("is sealed with key {id}, and no secrets key file is configured")
            } else {
                format!("is sealed with key {id}, which the secrets key file does not hold")
            }));
        };
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .filter(|p| p.len() >= NONCE_LEN + AES_256_GCM.tag_len())
            .ok_or_else(|| refused("is not a well-formed sealed value".into()))?;
        let (nonce, sealed) = payload.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| refused("has a bad nonce".into()))?;
        let mut sealed = sealed.to_vec();
        let clear = key
            .key
            .open_in_place(nonce, Aad::from(owner.associated_data().as_bytes()), &mut sealed)
            .map_err(|_| refused(format!("does not open with key {id}: altered, or sealed for something else")))?;
        String::from_utf8(clear.to_vec()).map_err(|_| refused("is not text".into()))
    }
}

impl SealingKey {
    fn new(bytes: &[u8]) -> anyhow::Result<Self> {
        let unbound = UnboundKey::new(&AES_256_GCM, bytes).map_err(|_| anyhow::anyhow!("not an AES-256 key"))?;
        let digest = Sha256::digest([b"pbm sealing key id\0".as_slice(), bytes].concat());
        Ok(Self { id: hex::encode(digest)[..KEY_ID_HEX].to_owned(), key: LessSafeKey::new(unbound) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(lines: &[&str]) -> Sealer {
        Sealer::from_key_file_text(&lines.join("\n")).unwrap()
    }

    #[test]
    fn a_sealed_value_opens_to_itself_and_shows_nothing_of_it() {
        let key = Sealer::generate_key_line();
        let sealer = sealer(&["# pbm secrets key", &key]);
        let sealed = sealer.seal(SealedFor::Setting("services/ad/password"), "Bind-Pass1").unwrap();
        assert!(Sealer::is_sealed(&sealed) && sealer.sealed_with_current(&sealed));
        assert!(!sealed.contains("Bind-Pass1"));
        assert_eq!(sealer.open(SealedFor::Setting("services/ad/password"), &sealed).unwrap(), "Bind-Pass1");
        // a fresh nonce each time
        assert_ne!(sealed, sealer.seal(SealedFor::Setting("services/ad/password"), "Bind-Pass1").unwrap());
    }

    #[test]
    fn a_value_moved_altered_or_under_an_unknown_key_does_not_open() {
        let first = sealer(&[&Sealer::generate_key_line()]);
        let sealed = first.seal(SealedFor::WebDomain("mail.acorp.ru"), "-----BEGIN PRIVATE KEY-----").unwrap();
        let moved = first.open(SealedFor::WebDomain("mail.bcorp.ru"), &sealed).unwrap_err().to_string();
        assert!(moved.contains("does not open"), "{moved}");
        let mut altered = sealed.clone();
        let last = altered.pop().unwrap();
        altered.push(if last == 'A' { 'B' } else { 'A' });
        assert!(first.open(SealedFor::WebDomain("mail.acorp.ru"), &altered).is_err());
        let other = sealer(&[&Sealer::generate_key_line()]);
        let unknown = other.open(SealedFor::WebDomain("mail.acorp.ru"), &sealed).unwrap_err().to_string();
        assert!(unknown.contains(first.key_ids()[0]) && unknown.contains("does not hold"), "{unknown}");
        let none = Sealer::none().open(SealedFor::WebDomain("mail.acorp.ru"), &sealed).unwrap_err().to_string();
        assert!(none.contains("no secrets key file"), "{none}");
        assert!(!unknown.contains("PRIVATE") && !none.contains("PRIVATE"));
    }

    #[test]
    fn rotation_seals_with_the_first_key_and_opens_with_every_key() {
        let (old, new) = (Sealer::generate_key_line(), Sealer::generate_key_line());
        let before = sealer(&[&old]);
        let sealed_old = before.seal(SealedFor::Setting("k"), "v").unwrap();
        let during = sealer(&[&new, &old]);
        assert_eq!(during.open(SealedFor::Setting("k"), &sealed_old).unwrap(), "v");
        assert!(!during.sealed_with_current(&sealed_old));
        let resealed = during.seal(SealedFor::Setting("k"), "v").unwrap();
        assert!(during.sealed_with_current(&resealed));
        assert_eq!(sealer(&[&new]).open(SealedFor::Setting("k"), &resealed).unwrap(), "v");
    }

    #[test]
    fn clear_values_pass_and_bad_key_files_are_refused() {
        let sealer = sealer(&[&Sealer::generate_key_line()]);
        assert_eq!(sealer.open(SealedFor::Setting("k"), "clear").unwrap(), "clear");
        assert_eq!(Sealer::none().seal(SealedFor::Setting("k"), "clear").unwrap(), "clear");
        assert!(Sealer::from_key_file_text("# only a comment\n").is_err());
        assert!(Sealer::from_key_file_text("c2hvcnQ\n").is_err());
        let error = Sealer::from_key_file_text("not base64 !").unwrap_err().to_string();
        assert!(error.contains("line 1"), "{error}");
    }
}
