//! Brute-force bookkeeping: the distinct failed attempts of each client
//! address within the window (a login's attempt is counted before its
//! password is checked, and forgotten when it was right), the lockouts, and
//! the picture codes of the login's robot check (each taken once).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::dialect::{QueryExt as _, RowExt as _};
use super::{Dialect, SqlStore, db_error, query};
use crate::error::Result;
use crate::ports::{AttemptReservation, LoginThrottle};
use crate::store::to_micros;

#[async_trait]
impl<D: Dialect> LoginThrottle for SqlStore<D> {
    async fn lockout(&self, source: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let row = query::<D>("SELECT until FROM lockouts WHERE source = $1 AND until > $2")
            .arg(source)
            .arg(to_micros(now))
            .maybe_row(&mut *self.reader().await?)
            .await?;
        row.map(|row| row.time("until")).transpose()
    }

    async fn record_login_failure(
        &self,
        source: &str,
        attempt: &str,
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<u64> {
        match self.count_attempt(source, attempt, now, window_start, false).await? {
            AttemptReservation::Counted(n) => Ok(n),
            AttemptReservation::LockedOut(_) => unreachable!("a failure is counted whatever the lockout"),
        }
    }

    async fn reserve_login_attempt(
        &self,
        source: &str,
        attempt: &str,
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<AttemptReservation> {
        self.count_attempt(source, attempt, now, window_start, true).await
    }

    async fn forget_login_attempt(&self, source: &str, attempt: &str) -> Result<()> {
        query::<D>("DELETE FROM login_failures WHERE source = $1 AND attempt = $2")
            .arg(source)
            .arg(format!("{PENDING}{attempt}"))
            .run(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    async fn login_failures(&self, source: &str, since: DateTime<Utc>) -> Result<u64> {
        query::<D>(
            "SELECT COUNT(*) AS n FROM login_failures WHERE source = $1 AND at >= $2 AND attempt NOT LIKE 'pending:%'",
        )
        .arg(source)
        .arg(to_micros(since))
        .row(&mut *self.reader().await?)
        .await?
        .count("n")
    }

    async fn save_challenge(
        &self,
        id: &str,
        source: &str,
        code: &str,
        expires_at: DateTime<Utc>,
        keep: usize,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        query::<D>("INSERT INTO login_challenges (id, source, code, expires_at) VALUES ($1, $2, $3, $4)")
            .arg(id)
            .arg(source)
            .arg(code)
            .arg(to_micros(expires_at))
            .run(&mut *tx)
            .await?;
        query::<D>(
            "DELETE FROM login_challenges WHERE source = $1 AND id NOT IN (
               SELECT id FROM login_challenges WHERE source = $1 ORDER BY expires_at DESC LIMIT $2)",
        )
        .arg(source)
        .arg(keep as i64)
        .run(&mut *tx)
        .await?;
        tx.commit().await.map_err(db_error::<D>)
    }

    async fn take_challenge(&self, id: &str, now: DateTime<Utc>) -> Result<Option<String>> {
        let taken = query::<D>("DELETE FROM login_challenges WHERE id = $1 RETURNING code, expires_at")
            .arg(id)
            .maybe_row(&mut *self.writer().await?)
            .await?;
        match taken {
            Some(row) if row.time("expires_at")? > now => row.text("code").map(Some),
            _ => Ok(None),
        }
    }

    async fn lock_out(&self, source: &str, until: DateTime<Utc>) -> Result<()> {
        let mut tx = self.begin().await?;
        query::<D>(
            "INSERT INTO lockouts (source, until) VALUES ($1, $2)
             ON CONFLICT (source) DO UPDATE
             SET until = CASE WHEN excluded.until > lockouts.until THEN excluded.until ELSE lockouts.until END",
        )
        .arg(source)
        .arg(to_micros(until))
        .run(&mut *tx)
        .await?;
        query::<D>("DELETE FROM login_failures WHERE source = $1").arg(source).run(&mut *tx).await?;
        tx.commit().await.map_err(db_error::<D>)
    }

    async fn purge_throttle(&self, before: DateTime<Utc>) -> Result<u64> {
        let cutoff = to_micros(before);
        let mut conn = self.writer().await?;
        let failures = query::<D>("DELETE FROM login_failures WHERE at < $1").arg(cutoff).run(&mut conn).await?;
        let lockouts = query::<D>("DELETE FROM lockouts WHERE until < $1").arg(cutoff).run(&mut conn).await?;
        let challenges =
            query::<D>("DELETE FROM login_challenges WHERE expires_at < $1").arg(cutoff).run(&mut conn).await?;
        Ok(failures + lockouts + challenges)
    }
}

/// The prefix of an attempt counted before its password is checked
/// (reserved): it counts towards the limit, not as a failure (the robot
/// check's count), and is dropped once the login ends.
const PENDING: &str = "pending:";

impl<D: Dialect> SqlStore<D> {
    /// Counts `attempt` of `source` in one write transaction serialized per
    /// source: the source's `lockouts` row is upserted first (`until` 0, "not
    /// locked", when new), which PostgreSQL locks until the commit, so that
    /// concurrent counts of one source on any replica see each other (SQLite
    /// has one writer anyway). With `respect_lockout` a locked-out source is
    /// answered as such and nothing is counted.
    async fn count_attempt(
        &self,
        source: &str,
        attempt: &str,
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
        respect_lockout: bool,
    ) -> Result<AttemptReservation> {
        let mut tx = self.begin().await?;
        let until = query::<D>(
            "INSERT INTO lockouts (source, until) VALUES ($1, 0)
             ON CONFLICT (source) DO UPDATE SET until = lockouts.until
             RETURNING until",
        )
        .arg(source)
        .row(&mut *tx)
        .await?
        .time("until")?;
        if respect_lockout && until > now {
            tx.commit().await.map_err(db_error::<D>)?;
            return Ok(AttemptReservation::LockedOut(until));
        }
        query::<D>("DELETE FROM login_failures WHERE source = $1 AND at < $2")
            .arg(source)
            .arg(to_micros(window_start))
            .run(&mut *tx)
            .await?;
        let row = if respect_lockout { format!("{PENDING}{attempt}") } else { attempt.to_owned() };
        query::<D>("INSERT INTO login_failures (source, attempt, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .arg(source)
            .arg(row)
            .arg(to_micros(now))
            .run(&mut *tx)
            .await?;
        // A pending attempt and the failure it became are one attempt.
        let count = query::<D>(
            "SELECT COUNT(DISTINCT REPLACE(attempt, 'pending:', '')) AS n FROM login_failures WHERE source = $1",
        )
        .arg(source)
        .row(&mut *tx)
        .await?;
        tx.commit().await.map_err(db_error::<D>)?;
        Ok(AttemptReservation::Counted(count.count("n")?))
    }
}
