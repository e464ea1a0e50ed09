//! The server's shutdown as the open streams see it.
//!
//! On SIGTERM or SIGINT the server stops accepting, reports not ready and
//! begins the drain: in-flight calls get `pbm/server/shutdown_grace`
//! (default 20 s) to finish. Server streams end with UNAVAILABLE, so that
//! their clients go on on another replica: a watch at once (it never ends by
//! itself, and its client resumes from the last revision it received), the
//! finite streams (StreamUsers, exports, imports' progress, mail search) when
//! the grace runs out, if they have not finished by then. [`Drain`] is the
//! signal; the streams of the service layer end through
//! [`Drain::ends_at_grace`], the watches (of the directory and of the
//! settings) through [`Drain::ends_when_draining`].

use futures::{Stream, StreamExt as _, stream::BoxStream};
use tokio::sync::watch;

use crate::error::{Error, Result};

/// Where the server is in its shutdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Serving.
    Serving,
    /// Asked to stop: no new connections, calls in flight go on.
    Draining,
    /// The grace ran out: streams still open end now.
    GraceOver,
}

/// The shutdown signal, shared by the server and the streams it serves.
#[derive(Debug, Clone)]
pub struct Drain {
    phase: watch::Sender<Phase>,
}

impl Default for Drain {
    fn default() -> Self {
        Self { phase: watch::Sender::new(Phase::Serving) }
    }
}

impl Drain {
    /// Begins the drain (the server got its signal).
    pub fn begin(&self) {
        self.advance(Phase::Draining);
    }

    /// The grace is over: the streams still open end.
    pub fn end_grace(&self) {
        self.advance(Phase::GraceOver);
    }

    fn advance(&self, to: Phase) {
        self.phase.send_if_modified(|phase| {
            let later = to > *phase;
            if later {
                *phase = to;
            }
            later
        });
    }

    /// The current phase.
    pub fn phase(&self) -> Phase {
        *self.phase.borrow()
    }

    /// Resolves once the server reaches `phase` (at once if it has).
    async fn reached(&self, phase: Phase) {
        let mut changes = self.phase.subscribe();
        // The sender lives as long as `self`: the wait cannot fail.
        let _ = changes.wait_for(|now| *now >= phase).await;
    }

    /// Resolves once the drain has begun.
    pub async fn draining(&self) {
        self.reached(Phase::Draining).await;
    }

    /// `stream`, ended with UNAVAILABLE when the grace runs out before it
    /// has: the finite streams.
    pub fn ends_at_grace<T: Send + 'static>(
        &self,
        stream: impl Stream<Item = Result<T>> + Send + 'static,
    ) -> BoxStream<'static, Result<T>> {
        self.ends_at(Phase::GraceOver, stream)
    }

    /// `stream`, ended with UNAVAILABLE as soon as the drain begins: the
    /// streams that never end by themselves (watches).
    pub fn ends_when_draining<T: Send + 'static>(
        &self,
        stream: impl Stream<Item = Result<T>> + Send + 'static,
    ) -> BoxStream<'static, Result<T>> {
        self.ends_at(Phase::Draining, stream)
    }

    fn ends_at<T: Send + 'static>(
        &self,
        phase: Phase,
        stream: impl Stream<Item = Result<T>> + Send + 'static,
    ) -> BoxStream<'static, Result<T>> {
        let drain = self.clone();
        futures::stream::unfold(Some(stream.boxed()), move |open| {
            let drain = drain.clone();
            async move {
                let mut stream = open?;
                tokio::select! {
                    biased;
                    () = drain.reached(phase) => Some((Err(Error::ShuttingDown), None)),
                    item = stream.next() => item.map(|item| (item, Some(stream))),
                }
            }
        })
        .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stream_ends_with_unavailable_when_the_grace_runs_out() {
        let drain = Drain::default();
        let (items, received) = tokio::sync::mpsc::channel::<Result<u32>>(4);
        let mut stream = drain.ends_at_grace(tokio_stream::wrappers::ReceiverStream::new(received));
        items.send(Ok(1)).await.unwrap();
        assert_eq!(stream.next().await.unwrap().unwrap(), 1);
        drain.begin();
        items.send(Ok(2)).await.unwrap();
        assert_eq!(stream.next().await.unwrap().unwrap(), 2, "draining lets a stream go on");
        drain.end_grace();
        items.send(Ok(3)).await.unwrap();
        assert!(matches!(stream.next().await, Some(Err(Error::ShuttingDown))));
        assert!(stream.next().await.is_none(), "nothing after the UNAVAILABLE");
    }

    #[tokio::test]
    async fn a_stream_that_ends_first_ends_as_it_would() {
        let drain = Drain::default();
        let mut stream = drain.ends_at_grace(futures::stream::iter(vec![Ok::<_, Error>(1), Ok(2)]));
        assert_eq!(stream.next().await.unwrap().unwrap(), 1);
        assert_eq!(stream.next().await.unwrap().unwrap(), 2);
        assert!(stream.next().await.is_none());
        drain.end_grace();
        assert_eq!(drain.phase(), Phase::GraceOver);
    }

    #[tokio::test]
    async fn a_watch_ends_as_soon_as_the_drain_begins() {
        let drain = Drain::default();
        let mut watch = drain.ends_when_draining(futures::stream::pending::<Result<u32>>());
        drain.begin();
        assert!(matches!(watch.next().await, Some(Err(Error::ShuttingDown))));
        assert!(watch.next().await.is_none());
    }

    #[tokio::test]
    async fn phases_only_move_forward() {
        let drain = Drain::default();
        drain.end_grace();
        drain.begin();
        assert_eq!(drain.phase(), Phase::GraceOver);
        drain.draining().await;
    }
}
