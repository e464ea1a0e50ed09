//! Connections kept out of the pool for point reads (PostgreSQL): a cache
//! miss of GetUser needs one round trip, and sqlx's pool adds up to two of
//! its own to every use: a ping when a connection is taken (here only when
//! it may be broken, see `dialect::pool_options`) and one
//! when it is given back, which sqlx always sends. A kept connection is
//! taken and put back without either, so the server wakes once per miss.
//!
//! The connections are opened by the pool and detached from it (they no
//! longer count against its limit) and live here until a use fails or is
//! abandoned: a connection is put back only after a read that succeeded,
//! so a broken one (the server restarted) or one left mid-answer (the
//! caller was cancelled) is dropped, and the next take opens another. As in
//! the pool, a connection idle for a second or more, or since before the
//! last connection failure, is pinged before use.

use std::ops::{Deref, DerefMut};
use std::sync::Mutex;
use std::time::Instant;

use sqlx::{Database, Pool};

use crate::error::Result;

use super::dialect::{Dialect, connection_failed, db_error, needs_ping};

/// Point-read connections of one database, at most `limit` at once.
pub struct KeptConnections<D: Database> {
    pool: Pool<D>,
    limit: usize,
    state: Mutex<KeptState<D>>,
}

struct KeptState<D: Database> {
    /// Idle connections, each with when it was put back.
    idle: Vec<(D::Connection, Instant)>,
    /// Connections that exist: idle, or taken and not yet back or dropped.
    open: usize,
}

impl<D: Database> std::fmt::Debug for KeptConnections<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let open = self.state.lock().unwrap_or_else(|e| e.into_inner()).open;
        f.debug_struct("KeptConnections").field("limit", &self.limit).field("open", &open).finish()
    }
}

impl<D: Dialect> KeptConnections<D> {
    /// At most `limit` connections detached from `pool` when first needed.
    pub fn new(pool: Pool<D>, limit: usize) -> Self {
        Self { pool, limit, state: Mutex::new(KeptState { idle: Vec::new(), open: 0 }) }
    }

    /// Connections that exist (idle or in use), and the idle ones among
    /// them: what the metrics report beside the pools' figures.
    pub fn usage(&self) -> (usize, usize) {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (state.open, state.idle.len())
    }

    /// An idle kept connection, or a new one while fewer than the limit
    /// exist; `None` when all are in use (the caller reads through the pool).
    /// One that `dialect::needs_ping` names is pinged first, as the pool
    /// does, and replaced if that fails.
    pub async fn take(&self) -> Result<Option<KeptConnection<'_, D>>> {
        loop {
            let idle = {
                let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                match state.idle.pop() {
                    Some(idle) => Some(idle),
                    None if state.open >= self.limit => return Ok(None),
                    None => {
                        state.open += 1;
                        None
                    }
                }
            };
            // From here the place is counted: dropping it (a failed ping or
            // open, or the caller cancelled) gives the place back.
            let mut place = KeptConnection { owner: self, conn: None, put_back: false };
            match idle {
                Some((mut conn, since)) => {
                    if !needs_ping(since.elapsed()) || sqlx::Connection::ping(&mut conn).await.is_ok() {
                        place.conn = Some(conn);
                        return Ok(Some(place));
                    }
                    connection_failed();
                }
                None => {
                    let conn = self.pool.acquire().await.map_err(db_error::<D>)?;
                    place.conn = Some(conn.detach());
                    return Ok(Some(place));
                }
            }
        }
    }
}

/// A kept connection in use; dropped unless [`KeptConnection::put_back`]
/// is called after a read that succeeded.
pub struct KeptConnection<'a, D: Database> {
    owner: &'a KeptConnections<D>,
    /// `None` until opened, and once put back.
    conn: Option<D::Connection>,
    put_back: bool,
}

impl<D: Database> KeptConnection<'_, D> {
    /// Returns the connection for the next point read.
    pub fn put_back(mut self) {
        if let Some(conn) = self.conn.take() {
            self.owner.state.lock().unwrap_or_else(|e| e.into_inner()).idle.push((conn, Instant::now()));
            self.put_back = true;
        }
    }
}

impl<D: Database> Drop for KeptConnection<'_, D> {
    /// Not put back: the connection, if it was opened, closes with its
    /// socket, and its place is free for another.
    fn drop(&mut self) {
        if self.put_back {
            return;
        }
        let mut state = self.owner.state.lock().unwrap_or_else(|e| e.into_inner());
        state.open = state.open.saturating_sub(1);
    }
}

impl<D: Database> Deref for KeptConnection<'_, D> {
    type Target = D::Connection;
    fn deref(&self) -> &D::Connection {
        self.conn.as_ref().expect("a kept connection in use is open until put back")
    }
}

impl<D: Database> DerefMut for KeptConnection<'_, D> {
    fn deref_mut(&mut self) -> &mut D::Connection {
        self.conn.as_mut().expect("a kept connection in use is open until put back")
    }
}
