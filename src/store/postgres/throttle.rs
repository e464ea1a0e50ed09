//! Brute-force bookkeeping on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{PostgresStore, db_error};
use crate::error::Result;
use crate::ports::LoginThrottle;
use crate::store::{from_micros, to_micros};

#[async_trait]
impl LoginThrottle for PostgresStore {
    async fn lockout(&self, source: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let until: Option<i64> = sqlx::query_scalar("SELECT until FROM lockouts WHERE source = $1 AND until > $2")
            .bind(source)
            .bind(to_micros(now))
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(until.map(from_micros))
    }

    async fn record_login_failure(
        &self,
        source: &str,
        attempt: &str,
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<u64> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE source = $1 AND at < $2")
            .bind(source)
            .bind(to_micros(window_start))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        sqlx::query("INSERT INTO login_failures (source, attempt, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(source)
            .bind(attempt)
            .bind(to_micros(now))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE source = $1")
            .bind(source)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(count as u64)
    }

    async fn lock_out(&self, source: &str, until: DateTime<Utc>) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO lockouts (source, until) VALUES ($1, $2)
             ON CONFLICT (source) DO UPDATE SET until = GREATEST(lockouts.until, excluded.until)",
        )
        .bind(source)
        .bind(to_micros(until))
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query("DELETE FROM login_failures WHERE source = $1")
            .bind(source)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    async fn purge_throttle(&self, before: DateTime<Utc>) -> Result<u64> {
        let cutoff = to_micros(before);
        let failures = sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        let lockouts = sqlx::query("DELETE FROM lockouts WHERE until < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(failures.rows_affected() + lockouts.rows_affected())
    }
}
