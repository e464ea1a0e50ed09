//! Login sessions and refresh tokens on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{PostgresStore, db_error};
use crate::error::Result;
use crate::ports::{Rotation, Session, SessionStore, StoredRefreshToken};
use crate::store::{from_micros, to_micros};

#[async_trait]
impl SessionStore for PostgresStore {
    async fn open_session(&self, session: &Session, refresh: &StoredRefreshToken) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (id, account, tenant_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&session.id)
        .bind(&session.account)
        .bind(&session.tenant_id)
        .bind(to_micros(session.created_at))
        .bind(to_micros(session.expires_at))
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query("INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES ($1, $2, $3)")
            .bind(&refresh.hash)
            .bind(&refresh.session_id)
            .bind(to_micros(refresh.expires_at))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn session_active(&self, id: &str, now: DateTime<Utc>) -> Result<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1::BIGINT FROM sessions WHERE id = $1 AND ended_at IS NULL AND expires_at > $2")
                .bind(id)
                .bind(to_micros(now))
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(found.is_some())
    }

    async fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        next_hash: &str,
        next_expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Rotation> {
        let mut tx = self.begin().await?;
        type Found = (String, i64, Option<i64>, String, String, i64, Option<i64>);
        let found: Option<Found> = sqlx::query_as(
            "SELECT s.id, t.expires_at, t.used_at, s.account, s.tenant_id, s.created_at, s.ended_at
             FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.hash = $1
             FOR UPDATE OF t, s",
        )
        .bind(presented_hash)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        let Some((session_id, token_expires, used_at, account, tenant_id, created_at, ended_at)) = found else {
            return Ok(Rotation::Invalid);
        };
        let now_us = to_micros(now);
        if used_at.is_some() {
            // A used token came back: assume it was stolen and end the chain.
            sqlx::query("UPDATE sessions SET ended_at = COALESCE(ended_at, $1) WHERE id = $2")
                .bind(now_us)
                .bind(&session_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            tx.commit().await.map_err(db_error)?;
            return Ok(Rotation::Reused);
        }
        if ended_at.is_some() || token_expires <= now_us {
            return Ok(Rotation::Invalid);
        }
        sqlx::query("UPDATE refresh_tokens SET used_at = $1 WHERE hash = $2")
            .bind(now_us)
            .bind(presented_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        sqlx::query("INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES ($1, $2, $3)")
            .bind(next_hash)
            .bind(&session_id)
            .bind(to_micros(next_expires_at))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        sqlx::query("UPDATE sessions SET expires_at = $1 WHERE id = $2")
            .bind(to_micros(next_expires_at))
            .bind(&session_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(Rotation::Rotated(Session {
            id: session_id,
            account,
            tenant_id,
            created_at: from_micros(created_at),
            expires_at: next_expires_at,
        }))
    }

    async fn end_session(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
            .bind(to_micros(now))
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn end_sessions_of(&self, account: &str, keep: Option<&str>, now: DateTime<Utc>) -> Result<u64> {
        let done =
            sqlx::query("UPDATE sessions SET ended_at = $1 WHERE account = $2 AND id != $3 AND ended_at IS NULL")
                .bind(to_micros(now))
                .bind(account)
                .bind(keep.unwrap_or(""))
                .execute(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn end_sessions_of_tenant(&self, tenant_id: &str, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("UPDATE sessions SET ended_at = $1 WHERE tenant_id = $2 AND ended_at IS NULL")
            .bind(to_micros(now))
            .bind(tenant_id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn purge_sessions(&self, before: DateTime<Utc>) -> Result<u64> {
        let cutoff = to_micros(before);
        let done = sqlx::query("DELETE FROM sessions WHERE ended_at < $1 OR expires_at < $2")
            .bind(cutoff)
            .bind(cutoff)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }
}
