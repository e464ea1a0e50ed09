//! Login sessions and refresh tokens: one row per session, one per refresh
//! token (only its hash). A rotation locks the token's and the session's
//! rows, so that a refresh token presented twice at once rotates once.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::dialect::{Lock, QueryExt as _, RowExt as _};
use super::{Dialect, SqlStore, db_error, dynamic, query};
use crate::domain::{ChangeOp, ObjectChange, ObjectKind, SessionCut};
use crate::error::Result;
use crate::ports::{Rotation, Session, SessionStore, StoredRefreshToken};
use crate::store::to_micros;

#[async_trait]
impl<D: Dialect> SessionStore for SqlStore<D> {
    async fn open_session(&self, session: &Session, refresh: &StoredRefreshToken) -> Result<()> {
        let mut tx = self.begin().await?;
        query::<D>("INSERT INTO sessions (id, account, tenant_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .arg(&session.id)
            .arg(&session.account)
            .arg(&session.tenant_id)
            .arg(to_micros(session.created_at))
            .arg(to_micros(session.expires_at))
            .run(&mut *tx)
            .await?;
        query::<D>("INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES ($1, $2, $3)")
            .arg(&refresh.hash)
            .arg(&refresh.session_id)
            .arg(to_micros(refresh.expires_at))
            .run(&mut *tx)
            .await?;
        tx.commit().await.map_err(db_error::<D>)
    }

    async fn session_active(&self, id: &str, now: DateTime<Utc>) -> Result<bool> {
        let found = query::<D>("SELECT id FROM sessions WHERE id = $1 AND ended_at IS NULL AND expires_at > $2")
            .arg(id)
            .arg(to_micros(now))
            .maybe_row(&mut *self.reader().await?)
            .await?;
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
        // The lock covers both rows of the join (the token's and the session's).
        let sql = format!(
            "SELECT s.id, t.expires_at, t.used_at, s.account, s.tenant_id, s.created_at, s.ended_at
             FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.hash = $1{}",
            D::lock_clause(Lock::Update)
        );
        let Some(found) = dynamic::<D>(sql).arg(presented_hash).maybe_row(&mut *tx).await? else {
            return Ok(Rotation::Invalid);
        };
        let session_id = found.text("id")?;
        let now_us = to_micros(now);
        if found.maybe_int("used_at")?.is_some() {
            // A used token came back: assume it was stolen and end the chain.
            query::<D>("UPDATE sessions SET ended_at = COALESCE(ended_at, $1) WHERE id = $2")
                .arg(now_us)
                .arg(&session_id)
                .run(&mut *tx)
                .await?;
            self.commit_ended(tx, ended(ObjectKind::Session, &found.text("tenant_id")?, &session_id)).await?;
            return Ok(Rotation::Reused);
        }
        if found.maybe_int("ended_at")?.is_some() || found.int("expires_at")? <= now_us {
            return Ok(Rotation::Invalid);
        }
        query::<D>("UPDATE refresh_tokens SET used_at = $1 WHERE hash = $2")
            .arg(now_us)
            .arg(presented_hash)
            .run(&mut *tx)
            .await?;
        query::<D>("INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES ($1, $2, $3)")
            .arg(next_hash)
            .arg(&session_id)
            .arg(to_micros(next_expires_at))
            .run(&mut *tx)
            .await?;
        query::<D>("UPDATE sessions SET expires_at = $1 WHERE id = $2")
            .arg(to_micros(next_expires_at))
            .arg(&session_id)
            .run(&mut *tx)
            .await?;
        tx.commit().await.map_err(db_error::<D>)?;
        Ok(Rotation::Rotated(Session {
            id: session_id,
            account: found.text("account")?,
            tenant_id: found.text("tenant_id")?,
            created_at: found.time("created_at")?,
            expires_at: next_expires_at,
        }))
    }

    async fn end_session(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.begin().await?;
        let Some(row) =
            query::<D>("UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL RETURNING tenant_id")
                .arg(to_micros(now))
                .arg(id)
                .maybe_row(&mut *tx)
                .await?
        else {
            return Ok(());
        };
        self.commit_ended(tx, ended(ObjectKind::Session, &row.text("tenant_id")?, id)).await
    }

    async fn end_sessions_of(&self, account: &str, keep: Option<&str>, now: DateTime<Utc>) -> Result<u64> {
        let mut tx = self.begin().await?;
        let cut = SessionCut { account: account.to_owned(), keep: keep.map(str::to_owned) };
        let count = end_cut::<D>(&mut *tx, &cut, now).await?;
        if count == 0 {
            return Ok(0);
        }
        // The kept session is not named: replicas drop every cached session
        // of the account and read the kept one again.
        self.commit_ended(tx, cut.change()).await?;
        Ok(count)
    }

    async fn end_sessions_of_tenant(&self, tenant_id: &str, now: DateTime<Utc>) -> Result<u64> {
        let mut tx = self.begin().await?;
        let count = query::<D>("UPDATE sessions SET ended_at = $1 WHERE tenant_id = $2 AND ended_at IS NULL")
            .arg(to_micros(now))
            .arg(tenant_id)
            .run(&mut *tx)
            .await?;
        if count == 0 {
            return Ok(0);
        }
        self.commit_ended(tx, ended(ObjectKind::TenantSessions, tenant_id, tenant_id)).await?;
        Ok(count)
    }

    async fn purge_sessions(&self, before: DateTime<Utc>) -> Result<u64> {
        query::<D>("DELETE FROM sessions WHERE ended_at < $1 OR expires_at < $1")
            .arg(to_micros(before))
            .run(&mut *self.writer().await?)
            .await
    }
}

/// Ends the sessions of `cut` inside the caller's transaction (its record,
/// [`SessionCut::change`], is the caller's to log); answers how many ended.
pub(super) async fn end_cut<D: Dialect>(conn: &mut D::Connection, cut: &SessionCut, now: DateTime<Utc>) -> Result<u64> {
    query::<D>("UPDATE sessions SET ended_at = $1 WHERE account = $2 AND id != $3 AND ended_at IS NULL")
        .arg(to_micros(now))
        .arg(&cut.account)
        .arg(cut.keep.as_deref().unwrap_or(""))
        .run(conn)
        .await
}

/// The change-log record of ended sessions.
fn ended(kind: ObjectKind, tenant_id: &str, name: &str) -> ObjectChange {
    ObjectChange::new(kind, tenant_id, name, ChangeOp::Deleted)
}
