//! User pictures on LDAP: the standard `jpegPhoto` of the user's
//! `inetOrgPerson` entry, so that address books and mail clients reading
//! the directory see it too. It moves with the entry when the user is
//! soft-deleted and goes with it when the user is purged. Its time is the
//! entry's `modifyTimestamp` (the last change of the entry).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDateTime, Utc};
use ldap3::Scope;

use super::conn::{Entry, Outcome};
use super::{LdapStore, and, eq};
use crate::domain::{AuditEvent, ChangeOp, ObjectChange, ObjectKind, avatar::Avatar};
use crate::error::{Error, Result};
use crate::ports::AvatarStore;

const PHOTO: &str = "jpegPhoto";
const ATTRS: &[&str] = &["mail", "tenant-id", "pbmRevision", PHOTO, "modifyTimestamp"];

/// `modifyTimestamp` (GeneralizedTime, `YYYYMMDDhhmmss[.fff]Z`).
fn generalized_time(value: &str) -> DateTime<Utc> {
    value
        .get(..14)
        .and_then(|digits| NaiveDateTime::parse_from_str(digits, "%Y%m%d%H%M%S").ok())
        .map(|time| time.and_utc())
        .unwrap_or_default()
}

fn avatar_of(entry: &Entry) -> Result<Option<Avatar>> {
    let Some(jpeg) = entry.bytes(PHOTO) else { return Ok(None) };
    Avatar::from_stored_jpeg(jpeg, generalized_time(&entry.text("modifyTimestamp")))
        .map(Some)
        .map_err(|e| Error::internal(anyhow::anyhow!("{}: {e}", entry.dn)))
}

impl LdapStore {
    /// The entry of a live user with its picture, if the user exists.
    async fn avatar_entry(&self, tenant_id: &str, mail: &str) -> Result<Option<Entry>> {
        let entry = self.pool.read(&self.user_dn(mail, false), ATTRS).await?;
        Ok(entry.filter(|e| e.has("pbmRevision") && e.text("tenant-id").eq_ignore_ascii_case(tenant_id)))
    }

    /// Writes (or removes) the picture of an entry.
    async fn write_photo(&self, entry: &Entry, mail: &str, jpeg: Option<&[u8]>) -> Result<()> {
        match self.pool.set_binary(&entry.dn, PHOTO, jpeg).await? {
            Outcome::Done => Ok(()),
            Outcome::NoSuchObject => Err(Error::not_found("user", mail)),
            other => Err(Error::internal(anyhow::anyhow!("{}: {PHOTO} not written: {other:?}", entry.dn))),
        }
    }
}

#[async_trait]
impl AvatarStore for LdapStore {
    async fn set_user_avatar(&self, tenant_id: &str, mail: &str, avatar: &Avatar, audit: &AuditEvent) -> Result<()> {
        let change =
            self.change(vec![ObjectChange::new(ObjectKind::User, tenant_id, mail, ChangeOp::Modified)]).await?;
        let entry = self.avatar_entry(tenant_id, mail).await?.ok_or_else(|| Error::not_found("user", mail))?;
        self.write_photo(&entry, mail, Some(&avatar.jpeg)).await?;
        change.audited(audit).await;
        Ok(())
    }

    async fn user_avatar(&self, tenant_id: &str, mail: &str) -> Result<Option<Avatar>> {
        match self.avatar_entry(tenant_id, mail).await? {
            Some(entry) => avatar_of(&entry),
            None => Ok(None),
        }
    }

    async fn delete_user_avatar(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<bool> {
        let change =
            self.change(vec![ObjectChange::new(ObjectKind::User, tenant_id, mail, ChangeOp::Modified)]).await?;
        let entry = self.avatar_entry(tenant_id, mail).await?.ok_or_else(|| Error::not_found("user", mail))?;
        if !entry.has(PHOTO) {
            return Ok(false);
        }
        self.write_photo(&entry, mail, None).await?;
        change.audited(audit).await;
        Ok(true)
    }

    async fn user_avatars(&self, tenant_id: &str, mails: &[String]) -> Result<Vec<(String, Avatar)>> {
        let mut found = Vec::new();
        for chunk in mails.chunks(200) {
            let any: String = chunk.iter().map(|mail| eq("mail", mail)).collect();
            let filter = and("pbmUser", &[eq("tenant-id", tenant_id), format!("({PHOTO}=*)"), format!("(|{any})")]);
            for base in [&self.layout.people, &self.layout.blocked] {
                for entry in self.pool.search(base, Scope::OneLevel, &filter, ATTRS).await? {
                    if let Some(avatar) = avatar_of(&entry)? {
                        found.push((entry.text("mail").to_lowercase(), avatar));
                    }
                }
            }
        }
        Ok(found)
    }
}
