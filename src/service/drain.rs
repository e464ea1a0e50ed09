//! The server's shutdown as the open streams see it.
//!
//! On SIGTERM or SIGINT the server reports not ready, stops accepting and
//! begins the drain: every server stream (a watch, StreamUsers, an export, an
//! import's progress, a mail search) ends with UNAVAILABLE, reason
//! `SHUTTING_DOWN`, after what it has already sent, so that its client calls
//! again on another replica (a watch resumes from the last revision it
//! received). The unary calls in flight get `pbm/server/shutdown_grace`
//! (default 20 s) to finish. [`Drain`] is the signal, and
//! [`Drain::ends_when_draining`] wraps every stream the service layer
//! returns.

use futures::{Stream, StreamExt as _, stream::BoxStream};
use tokio::sync::watch;

use crate::error::{Error, Result};

/// The shutdown signal, shared by the server and the streams it serves.
#[derive(Debug, Clone)]
pub struct Drain {
    draining: watch::Sender<bool>,
}

impl Default for Drain {
    fn default() -> Self {
        Self { draining: watch::Sender::new(false) }
    }
}

impl Drain {
    /// Begins the drain (the server got its signal and stopped accepting).
    pub fn begin(&self) {
        self.draining.send_replace(true);
    }

    /// Resolves once the drain has begun (at once if it has).
    pub async fn draining(&self) {
        let mut changes = self.draining.subscribe();
        // The sender lives as long as `self`: the wait cannot fail.
        let _ = changes.wait_for(|draining| *draining).await;
    }

    /// `stream`, ended with [`Error::ShuttingDown`] as soon as the drain
    /// begins, unless it has ended by itself before.
    pub fn ends_when_draining<T: Send + 'static>(
        &self,
        stream: impl Stream<Item = Result<T>> + Send + 'static,
    ) -> BoxStream<'static, Result<T>> {
        let drain = self.clone();
        futures::stream::unfold(Some(stream.boxed()), move |open| {
            let drain = drain.clone();
            async move {
                let mut stream = open?;
                tokio::select! {
                    biased;
                    () = drain.draining() => Some((Err(Error::ShuttingDown), None)),
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
    async fn a_stream_ends_with_shutting_down_when_the_drain_begins() {
        let drain = Drain::default();
        let (items, received) = tokio::sync::mpsc::channel::<Result<u32>>(4);
        let mut stream = drain.ends_when_draining(tokio_stream::wrappers::ReceiverStream::new(received));
        items.send(Ok(1)).await.unwrap();
        assert_eq!(stream.next().await.unwrap().unwrap(), 1);
        drain.begin();
        items.send(Ok(2)).await.unwrap();
        assert!(matches!(stream.next().await, Some(Err(Error::ShuttingDown))));
        assert!(stream.next().await.is_none(), "nothing after the UNAVAILABLE");
    }

    #[tokio::test]
    async fn a_watch_that_never_ends_by_itself_ends_too() {
        let drain = Drain::default();
        let mut watch = drain.ends_when_draining(futures::stream::pending::<Result<u32>>());
        drain.begin();
        assert!(matches!(watch.next().await, Some(Err(Error::ShuttingDown))));
        assert!(watch.next().await.is_none());
    }

    #[tokio::test]
    async fn a_stream_that_ends_first_ends_as_it_would() {
        let drain = Drain::default();
        let mut stream = drain.ends_when_draining(futures::stream::iter(vec![Ok::<_, Error>(1), Ok(2)]));
        assert_eq!(stream.next().await.unwrap().unwrap(), 1);
        assert_eq!(stream.next().await.unwrap().unwrap(), 2);
        assert!(stream.next().await.is_none());
    }
}
