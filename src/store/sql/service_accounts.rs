//! Service accounts and their API keys (migration 0013; see
//! [`ServiceAccountStore`]): service state, beside the directory. Every
//! change writes its audit event and a change-log record (kind
//! `service_account`) in its transaction, so that every replica drops the
//! account's keys from its cache.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::dialect::{Lock, QueryExt as _, RowExt, unique_or};
use super::{Dialect, SqlStore, audit, changes, db_error, dynamic, query};
use crate::domain::{ApiKey, AuditEvent, ChangeOp, ObjectChange, ObjectKind, ServiceAccount};
use crate::error::{Error, Result};
use crate::ports::ServiceAccountStore;
use crate::store::to_micros;

fn account_of_row<R: RowExt>(row: &R) -> Result<ServiceAccount> {
    Ok(ServiceAccount {
        tenant_id: row.text("tenant_id")?,
        name: row.text("name")?,
        description: row.text("description")?,
        scopes: serde_json::from_str(&row.text("scopes")?).map_err(Error::internal)?,
        created_by: row.text("created_by")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

fn key_of_row<R: RowExt>(row: &R) -> Result<ApiKey> {
    let networks: Vec<String> = serde_json::from_str(&row.text("networks")?).map_err(Error::internal)?;
    Ok(ApiKey {
        id: row.text("id")?,
        tenant_id: row.text("tenant_id")?,
        account: row.text("account")?,
        secret_hash: row.text("secret_hash")?,
        description: row.text("description")?,
        networks: networks.iter().map(|n| n.parse().map_err(Error::internal)).collect::<Result<_>>()?,
        created_at: row.time("created_at")?,
        expires_at: row.maybe_time("expires_at")?,
        revoked_at: row.maybe_time("revoked_at")?,
        last_used_at: row.maybe_time("last_used_at")?,
        last_used_addr: row.text("last_used_addr")?,
    })
}

fn scopes_json(account: &ServiceAccount) -> Result<String> {
    serde_json::to_string(&account.scopes).map_err(Error::internal)
}

/// The change-log record of a change to an account (or, with an empty
/// name, to every account of a tenant).
fn changed(tenant_id: &str, name: &str, op: ChangeOp) -> ObjectChange {
    ObjectChange::new(ObjectKind::ServiceAccount, tenant_id, name, op)
}

const KEY_COLUMNS: &str = "k.id, k.tenant_id, k.account, k.secret_hash, k.description, k.networks, k.created_at, \
     k.expires_at, k.revoked_at, k.last_used_at, k.last_used_addr";

impl<D: Dialect> SqlStore<D> {
    /// Records `event` and `change`, commits, and publishes the record to
    /// this process (its key cache drops the account at once).
    async fn commit_account_change(
        &self,
        mut tx: sqlx::Transaction<'static, D>,
        change: ObjectChange,
        event: &AuditEvent,
    ) -> Result<()> {
        audit::insert::<D>(&mut tx, event).await?;
        let records = changes::append::<D>(&mut tx, &[change], event.at).await?;
        tx.commit().await.map_err(db_error::<D>)?;
        self.notices.published(&records);
        Ok(())
    }
}

#[async_trait]
impl<D: Dialect> ServiceAccountStore for SqlStore<D> {
    async fn create_service_account(&self, account: &ServiceAccount, event: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        query::<D>(
            "INSERT INTO service_accounts (tenant_id, name, description, scopes, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .arg(&account.tenant_id)
        .arg(&account.name)
        .arg(&account.description)
        .arg(scopes_json(account)?)
        .arg(&account.created_by)
        .arg(to_micros(account.created_at))
        .arg(to_micros(account.updated_at))
        .try_run(&mut *tx)
        .await
        .map_err(|e| {
            unique_or::<D>(e, || Error::AlreadyExists { kind: "service account", name: account.name.clone() })
        })?;
        self.commit_account_change(tx, changed(&account.tenant_id, &account.name, ChangeOp::Added), event).await
    }

    async fn get_service_account(&self, tenant_id: &str, name: &str) -> Result<Option<ServiceAccount>> {
        let row = query::<D>("SELECT * FROM service_accounts WHERE tenant_id = $1 AND name = $2")
            .arg(tenant_id)
            .arg(name)
            .maybe_row(&mut *self.reader().await?)
            .await?;
        row.as_ref().map(account_of_row).transpose()
    }

    async fn list_service_accounts(
        &self,
        tenant_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ServiceAccount>> {
        let rows =
            query::<D>("SELECT * FROM service_accounts WHERE tenant_id = $1 AND name > $2 ORDER BY name LIMIT $3")
                .arg(tenant_id)
                .arg(after.unwrap_or(""))
                .arg(i64::try_from(limit).unwrap_or(i64::MAX))
                .rows(&mut *self.reader().await?)
                .await?;
        rows.iter().map(account_of_row).collect()
    }

    async fn count_service_accounts(&self, tenant_id: &str) -> Result<u64> {
        query::<D>("SELECT COUNT(*) AS n FROM service_accounts WHERE tenant_id = $1")
            .arg(tenant_id)
            .row(&mut *self.reader().await?)
            .await?
            .count("n")
    }

    async fn update_service_account(&self, account: &ServiceAccount, event: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let updated = query::<D>(
            "UPDATE service_accounts SET description = $1, scopes = $2, updated_at = $3 WHERE tenant_id = $4 AND name = $5",
        )
        .arg(&account.description)
        .arg(scopes_json(account)?)
        .arg(to_micros(account.updated_at))
        .arg(&account.tenant_id)
        .arg(&account.name)
        .run(&mut *tx)
        .await?;
        if updated == 0 {
            return Err(Error::not_found("service account", &account.name));
        }
        self.commit_account_change(tx, changed(&account.tenant_id, &account.name, ChangeOp::Modified), event).await
    }

    async fn delete_service_account(&self, tenant_id: &str, name: &str, event: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        // Explicitly, not only by the foreign key's cascade: SQLite enforces
        // foreign keys per connection setting.
        query::<D>("DELETE FROM api_keys WHERE tenant_id = $1 AND account = $2")
            .arg(tenant_id)
            .arg(name)
            .run(&mut *tx)
            .await?;
        let deleted = query::<D>("DELETE FROM service_accounts WHERE tenant_id = $1 AND name = $2")
            .arg(tenant_id)
            .arg(name)
            .run(&mut *tx)
            .await?;
        if deleted == 0 {
            return Err(Error::not_found("service account", name));
        }
        self.commit_account_change(tx, changed(tenant_id, name, ChangeOp::Deleted), event).await
    }

    async fn delete_tenant_service_accounts(&self, tenant_id: &str, event: &AuditEvent) -> Result<u64> {
        let mut tx = self.begin().await?;
        query::<D>("DELETE FROM api_keys WHERE tenant_id = $1").arg(tenant_id).run(&mut *tx).await?;
        let deleted =
            query::<D>("DELETE FROM service_accounts WHERE tenant_id = $1").arg(tenant_id).run(&mut *tx).await?;
        if deleted == 0 {
            return Ok(0);
        }
        self.commit_account_change(tx, changed(tenant_id, "", ChangeOp::Deleted), event).await?;
        Ok(deleted)
    }

    async fn create_api_key(&self, key: &ApiKey, max_live: usize, event: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        // The account's row lock serialises key creations of one account, so
        // that two at once cannot both pass the count.
        let sql = format!(
            "SELECT name FROM service_accounts WHERE tenant_id = $1 AND name = $2{}",
            D::lock_clause(Lock::Update)
        );
        if dynamic::<D>(sql).arg(&key.tenant_id).arg(&key.account).maybe_row(&mut *tx).await?.is_none() {
            return Err(Error::not_found("service account", &key.account));
        }
        let live = query::<D>(
            "SELECT COUNT(*) AS n FROM api_keys WHERE tenant_id = $1 AND account = $2 AND revoked_at IS NULL
             AND (expires_at IS NULL OR expires_at > $3)",
        )
        .arg(&key.tenant_id)
        .arg(&key.account)
        .arg(to_micros(key.created_at))
        .row(&mut *tx)
        .await?
        .count("n")?;
        if live >= u64::try_from(max_live).unwrap_or(u64::MAX) {
            return Err(Error::FailedPrecondition(format!(
                "service account {} already has {live} live keys, the most it may have: revoke one first",
                key.account
            )));
        }
        let networks: Vec<String> = key.networks.iter().map(ToString::to_string).collect();
        query::<D>(
            "INSERT INTO api_keys (id, tenant_id, account, secret_hash, description, networks, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .arg(&key.id)
        .arg(&key.tenant_id)
        .arg(&key.account)
        .arg(&key.secret_hash)
        .arg(&key.description)
        .arg(serde_json::to_string(&networks).map_err(Error::internal)?)
        .arg(to_micros(key.created_at))
        .arg(key.expires_at.map(to_micros))
        .try_run(&mut *tx)
        .await
        .map_err(|e| unique_or::<D>(e, || Error::AlreadyExists { kind: "API key", name: key.id.clone() }))?;
        self.commit_account_change(tx, changed(&key.tenant_id, &key.account, ChangeOp::Modified), event).await
    }

    async fn api_key(&self, id: &str) -> Result<Option<(ApiKey, ServiceAccount)>> {
        let sql = format!(
            "SELECT {KEY_COLUMNS}, a.name, a.description AS account_description, a.scopes, a.created_by,
                    a.created_at AS account_created_at, a.updated_at
             FROM api_keys k JOIN service_accounts a ON a.tenant_id = k.tenant_id AND a.name = k.account
             WHERE k.id = $1"
        );
        let Some(row) = dynamic::<D>(sql).arg(id).maybe_row(&mut *self.reader().await?).await? else {
            return Ok(None);
        };
        let key = key_of_row(&row)?;
        let account = ServiceAccount {
            tenant_id: key.tenant_id.clone(),
            name: row.text("name")?,
            description: row.text("account_description")?,
            scopes: serde_json::from_str(&row.text("scopes")?).map_err(Error::internal)?,
            created_by: row.text("created_by")?,
            created_at: row.time("account_created_at")?,
            updated_at: row.time("updated_at")?,
        };
        Ok(Some((key, account)))
    }

    async fn list_api_keys(&self, tenant_id: &str, account: &str) -> Result<Vec<ApiKey>> {
        let sql = format!(
            "SELECT {KEY_COLUMNS} FROM api_keys k WHERE k.tenant_id = $1 AND k.account = $2 ORDER BY k.created_at, k.id"
        );
        let rows = dynamic::<D>(sql).arg(tenant_id).arg(account).rows(&mut *self.reader().await?).await?;
        rows.iter().map(key_of_row).collect()
    }

    async fn revoke_api_key(
        &self,
        tenant_id: &str,
        account: &str,
        id: &str,
        at: DateTime<Utc>,
        event: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let found = query::<D>("SELECT revoked_at FROM api_keys WHERE id = $1 AND tenant_id = $2 AND account = $3")
            .arg(id)
            .arg(tenant_id)
            .arg(account)
            .maybe_row(&mut *tx)
            .await?;
        let Some(found) = found else { return Err(Error::not_found("API key", id)) };
        if found.maybe_int("revoked_at")?.is_some() {
            return Ok(false);
        }
        query::<D>("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .arg(to_micros(at))
            .arg(id)
            .run(&mut *tx)
            .await?;
        self.commit_account_change(tx, changed(tenant_id, account, ChangeOp::Modified), event).await?;
        Ok(true)
    }

    async fn record_key_use(
        &self,
        id: &str,
        at: DateTime<Utc>,
        client_addr: &str,
        not_since: DateTime<Utc>,
    ) -> Result<bool> {
        let written = query::<D>(
            "UPDATE api_keys SET last_used_at = $1, last_used_addr = $2
             WHERE id = $3 AND (last_used_at IS NULL OR last_used_at < $4)",
        )
        .arg(to_micros(at))
        .arg(client_addr)
        .arg(id)
        .arg(to_micros(not_since))
        .run(&mut *self.writer().await?)
        .await?;
        Ok(written > 0)
    }
}
