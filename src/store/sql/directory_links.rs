//! Which pbm users the company directory owns, keyed by the entries'
//! stable ids, and where each tenant's account sync stands (see
//! [`DirectoryLinks`]); service state, beside the directory.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::dialect::{QueryExt as _, RowExt as _};
use super::{Dialect, SqlStore, query};
use crate::error::{Error, Result};
use crate::ports::{DirectoryLink, DirectoryLinks, SyncCursor};
use crate::store::{from_micros, to_micros};

fn link_of_row<R: super::dialect::RowExt>(row: &R) -> Result<DirectoryLink> {
    let aliases: Vec<String> = serde_json::from_str(&row.text("aliases")?).map_err(Error::internal)?;
    Ok(DirectoryLink {
        tenant_id: row.text("tenant_id")?,
        source_id: row.text("source_id")?,
        mail: row.text("mail")?,
        dn: row.text("dn")?,
        aliases,
        change_mark: row.text("change_mark")?,
        updated_at: row.time("updated_at")?,
    })
}

#[async_trait]
impl<D: Dialect> DirectoryLinks for SqlStore<D> {
    async fn links(&self, tenant_id: &str) -> Result<Vec<DirectoryLink>> {
        let rows = query::<D>("SELECT * FROM directory_accounts WHERE tenant_id = $1 ORDER BY source_id")
            .arg(tenant_id)
            .rows(&mut *self.reader().await?)
            .await?;
        rows.iter().map(link_of_row).collect()
    }

    async fn link_of(&self, tenant_id: &str, mail: &str) -> Result<Option<DirectoryLink>> {
        let row = query::<D>("SELECT * FROM directory_accounts WHERE tenant_id = $1 AND mail = $2")
            .arg(tenant_id)
            .arg(mail)
            .maybe_row(&mut *self.reader().await?)
            .await?;
        row.as_ref().map(link_of_row).transpose()
    }

    async fn save_link(&self, link: &DirectoryLink) -> Result<()> {
        let aliases = serde_json::to_string(&link.aliases).map_err(Error::internal)?;
        query::<D>(
            "INSERT INTO directory_accounts (tenant_id, source_id, mail, dn, aliases, change_mark, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (tenant_id, source_id) DO UPDATE SET mail = excluded.mail, dn = excluded.dn,
                 aliases = excluded.aliases, change_mark = excluded.change_mark, updated_at = excluded.updated_at",
        )
        .arg(&link.tenant_id)
        .arg(&link.source_id)
        .arg(&link.mail)
        .arg(&link.dn)
        .arg(aliases)
        .arg(&link.change_mark)
        .arg(to_micros(link.updated_at))
        .run(&mut *self.writer().await?)
        .await?;
        Ok(())
    }

    async fn delete_link(&self, tenant_id: &str, source_id: &str) -> Result<()> {
        query::<D>("DELETE FROM directory_accounts WHERE tenant_id = $1 AND source_id = $2")
            .arg(tenant_id)
            .arg(source_id)
            .run(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    async fn cursor(&self, tenant_id: &str) -> Result<SyncCursor> {
        let row = query::<D>("SELECT last_mark, last_full_at FROM directory_syncs WHERE tenant_id = $1")
            .arg(tenant_id)
            .maybe_row(&mut *self.reader().await?)
            .await?;
        let Some(row) = row else { return Ok(SyncCursor { tenant_id: tenant_id.to_owned(), ..Default::default() }) };
        let full = row.int("last_full_at")?;
        Ok(SyncCursor {
            tenant_id: tenant_id.to_owned(),
            last_mark: row.text("last_mark")?,
            last_full_at: (full > 0).then(|| from_micros(full)),
        })
    }

    async fn save_cursor(&self, cursor: &SyncCursor) -> Result<()> {
        query::<D>(
            "INSERT INTO directory_syncs (tenant_id, last_mark, last_full_at, lease_holder, lease_until)
             VALUES ($1, $2, $3, '', 0)
             ON CONFLICT (tenant_id) DO UPDATE SET last_mark = excluded.last_mark,
                 last_full_at = excluded.last_full_at",
        )
        .arg(&cursor.tenant_id)
        .arg(&cursor.last_mark)
        .arg(cursor.last_full_at.map_or(0, to_micros))
        .run(&mut *self.writer().await?)
        .await?;
        Ok(())
    }

    async fn list_links(&self, tenant_id: &str) -> Result<Vec<DirectoryLink>> {
        let rows = query::<D>("SELECT * FROM directory_lists WHERE tenant_id = $1 ORDER BY source_id")
            .arg(tenant_id)
            .rows(&mut *self.reader().await?)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(DirectoryLink {
                    tenant_id: row.text("tenant_id")?,
                    source_id: row.text("source_id")?,
                    mail: row.text("mail")?,
                    dn: row.text("dn")?,
                    aliases: Vec::new(),
                    change_mark: String::new(),
                    updated_at: row.time("updated_at")?,
                })
            })
            .collect()
    }

    async fn save_list_link(&self, link: &DirectoryLink) -> Result<()> {
        query::<D>(
            "INSERT INTO directory_lists (tenant_id, source_id, mail, dn, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (tenant_id, source_id) DO UPDATE SET mail = excluded.mail, dn = excluded.dn,
                 updated_at = excluded.updated_at",
        )
        .arg(&link.tenant_id)
        .arg(&link.source_id)
        .arg(&link.mail)
        .arg(&link.dn)
        .arg(to_micros(link.updated_at))
        .run(&mut *self.writer().await?)
        .await?;
        Ok(())
    }

    async fn delete_list_link(&self, tenant_id: &str, source_id: &str) -> Result<()> {
        query::<D>("DELETE FROM directory_lists WHERE tenant_id = $1 AND source_id = $2")
            .arg(tenant_id)
            .arg(source_id)
            .run(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    async fn forget_tenant_links(&self, tenant_id: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        for forget in
            ["DELETE FROM directory_accounts WHERE tenant_id = $1", "DELETE FROM directory_lists WHERE tenant_id = $1"]
        {
            query::<D>(forget).arg(tenant_id).run(&mut *tx).await?;
        }
        // The accounts sync's cursor and lease are named by the tenant, the other syncs' leases
        // `<kind>:<tenant>` (runtime::jobs::lease_name).
        query::<D>("DELETE FROM directory_syncs WHERE tenant_id = $1 OR tenant_id LIKE $2 ESCAPE '\\'")
            .arg(tenant_id)
            .arg(format!("%:{}", super::like_escape(tenant_id)))
            .run(&mut *tx)
            .await?;
        tx.commit().await.map_err(super::db_error::<D>)
    }

    async fn take_lease(
        &self,
        tenant_id: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        let taken = query::<D>(
            "INSERT INTO directory_syncs (tenant_id, last_mark, last_full_at, lease_holder, lease_until)
             VALUES ($1, '', 0, $2, $3)
             ON CONFLICT (tenant_id) DO UPDATE SET lease_holder = excluded.lease_holder,
                 lease_until = excluded.lease_until
             WHERE directory_syncs.lease_holder = excluded.lease_holder OR directory_syncs.lease_until < $4",
        )
        .arg(tenant_id)
        .arg(holder)
        .arg(to_micros(until))
        .arg(to_micros(now))
        .run(&mut *self.writer().await?)
        .await?;
        Ok(taken == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::barrier::WriteBarrier;

    /// A new SQLite store in `dir`.
    async fn sqlite_store(dir: &tempfile::TempDir) -> SqlStore<sqlx::Sqlite> {
        let path = dir.path().join("pbm.db");
        SqlStore::open(&path.to_string_lossy(), WriteBarrier::default(), Default::default()).await.unwrap()
    }

    #[tokio::test]
    async fn links_cursors_and_one_lease_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let store = sqlite_store(&dir).await;
        let now = crate::domain::now();
        let link = DirectoryLink {
            tenant_id: "corp".into(),
            source_id: "guid-1".into(),
            mail: "ivan@corp.test".into(),
            dn: "CN=Ivan,OU=People,DC=corp,DC=test".into(),
            aliases: vec!["i@corp.test".into()],
            change_mark: "uSNChanged:10".into(),
            updated_at: now,
        };
        store.save_link(&link).await.unwrap();
        store
            .save_link(&DirectoryLink { dn: "CN=Ivan P,OU=People,DC=corp,DC=test".into(), ..link.clone() })
            .await
            .unwrap();
        let links = store.links("corp").await.unwrap();
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].dn, "CN=Ivan P,OU=People,DC=corp,DC=test");
        assert_eq!(store.link_of("corp", "ivan@corp.test").await.unwrap().unwrap().aliases, ["i@corp.test"]);
        assert!(store.link_of("corp", "other@corp.test").await.unwrap().is_none());
        assert!(store.link_of("other", "ivan@corp.test").await.unwrap().is_none(), "another tenant's user");

        assert_eq!(store.cursor("corp").await.unwrap().last_mark, "");
        let later = now + chrono::Duration::seconds(60);
        assert!(store.take_lease("corp", "replica-a", now, later).await.unwrap());
        assert!(!store.take_lease("corp", "replica-b", now, later).await.unwrap(), "a's lease runs");
        assert!(store.take_lease("corp", "replica-a", now, later).await.unwrap(), "a renews its own");
        let cursor =
            SyncCursor { tenant_id: "corp".into(), last_mark: "uSNChanged:12".into(), last_full_at: Some(now) };
        store.save_cursor(&cursor).await.unwrap();
        assert_eq!(store.cursor("corp").await.unwrap().last_mark, "uSNChanged:12");
        assert!(!store.take_lease("corp", "replica-b", now, later).await.unwrap(), "a cursor keeps the lease");
        let after = later + chrono::Duration::seconds(1);
        assert!(store.take_lease("corp", "replica-b", after, after + chrono::Duration::seconds(60)).await.unwrap());

        store.delete_link("corp", "guid-1").await.unwrap();
        assert!(store.links("corp").await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_deleted_tenants_links_cursor_and_leases_are_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let store = sqlite_store(&dir).await;
        let now = crate::domain::now();
        let later = now + chrono::Duration::seconds(60);
        for tenant in ["corp_2", "corpx2"] {
            let link = DirectoryLink {
                tenant_id: tenant.into(),
                source_id: "guid-1".into(),
                mail: format!("ivan@{tenant}.test"),
                dn: "CN=Ivan,OU=People,DC=corp,DC=test".into(),
                aliases: Vec::new(),
                change_mark: "uSNChanged:10".into(),
                updated_at: now,
            };
            store.save_link(&link).await.unwrap();
            store.save_list_link(&DirectoryLink { source_id: "guid-2".into(), ..link }).await.unwrap();
            let cursor =
                SyncCursor { tenant_id: tenant.into(), last_mark: "uSNChanged:12".into(), last_full_at: Some(now) };
            store.save_cursor(&cursor).await.unwrap();
            assert!(store.take_lease(&format!("address_book:{tenant}"), "replica-a", now, later).await.unwrap());
        }
        store.forget_tenant_links("corp_2").await.unwrap();
        assert!(store.links("corp_2").await.unwrap().is_empty());
        assert!(store.list_links("corp_2").await.unwrap().is_empty());
        assert!(store.link_of("corp_2", "ivan@corp_2.test").await.unwrap().is_none());
        let fresh = SyncCursor { tenant_id: "corp_2".into(), ..Default::default() };
        assert_eq!(store.cursor("corp_2").await.unwrap(), fresh);
        assert!(store.take_lease("address_book:corp_2", "replica-b", now, later).await.unwrap(), "the lease went");
        // `_` is a LIKE wildcard: the other tenant keeps everything
        assert_eq!(store.links("corpx2").await.unwrap().len(), 1);
        assert_eq!(store.list_links("corpx2").await.unwrap().len(), 1);
        assert_eq!(store.cursor("corpx2").await.unwrap().last_mark, "uSNChanged:12");
        assert!(!store.take_lease("address_book:corpx2", "replica-b", now, later).await.unwrap(), "a's lease runs");
    }

    #[tokio::test]
    async fn list_links_are_their_own_table() {
        let dir = tempfile::tempdir().unwrap();
        let store = sqlite_store(&dir).await;
        let link = DirectoryLink {
            tenant_id: "corp".into(),
            source_id: "guid-2".into(),
            mail: "sales@corp.test".into(),
            dn: "CN=Sales,OU=Groups,DC=corp,DC=test".into(),
            aliases: Vec::new(),
            change_mark: String::new(),
            updated_at: crate::domain::now(),
        };
        store.save_list_link(&link).await.unwrap();
        store.save_list_link(&DirectoryLink { mail: "sales2@corp.test".into(), ..link.clone() }).await.unwrap();
        let lists = store.list_links("corp").await.unwrap();
        assert_eq!((lists.len(), lists[0].mail.as_str()), (1, "sales2@corp.test"));
        assert!(store.links("corp").await.unwrap().is_empty(), "no account link");
        assert!(store.list_links("other").await.unwrap().is_empty());
        store.delete_list_link("corp", "guid-2").await.unwrap();
        assert!(store.list_links("corp").await.unwrap().is_empty());
    }
}
