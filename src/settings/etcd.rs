//! etcd as the runtime settings source: keys of the guide's §6 table under an
//! optional prefix, loaded at start and watched, so that an `etcdctl put`
//! takes effect within a second, with no restart.
//!
//! When etcd cannot be reached pbm keeps serving on the last good settings
//! and reconnects by itself; on every (re)connection it reloads all keys, so
//! changes made meanwhile are not missed. Values of keys pbm does not know
//! (other services share the keyspace) are ignored; invalid values are
//! refused with a logged error and the last good value stays.

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use async_trait::async_trait;
use etcd_client::{Client, ConnectOptions, EventType, GetOptions, WatchOptions};

use super::{
    SettingsHandle,
    runtime::{RuntimeSettings, append_audit, apply_all, apply_one},
};
use crate::domain::AuditEvent;
use crate::error::{Error, Result};
use crate::metrics::Metrics;
use crate::ports::AuditLog;
use crate::store::barrier::WriteBarrier;

/// How to reach etcd.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtcdConfig {
    /// `http://host:port` endpoints.
    pub endpoints: Vec<String>,
    /// Prefix before every key (e.g. `/mail1/`), empty for none.
    pub prefix: String,
}

/// Longest wait between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// etcd client for settings.
#[derive(Clone)]
pub struct EtcdSettings {
    client: Client,
    prefix: String,
    audit: Arc<dyn AuditLog>,
    barrier: WriteBarrier,
}

impl EtcdSettings {
    /// A client for `config` (connects lazily: etcd may be down now). Puts
    /// and deletes pass `barrier` and are recorded in `audit`.
    pub async fn connect(config: &EtcdConfig, audit: Arc<dyn AuditLog>, barrier: WriteBarrier) -> anyhow::Result<Self> {
        let options = ConnectOptions::new()
            .with_connect_timeout(Duration::from_secs(2))
            .with_timeout(Duration::from_secs(5))
            .with_keep_alive(Duration::from_secs(5), Duration::from_secs(3))
            .with_keep_alive_while_idle(true);
        let client = Client::connect(&config.endpoints, Some(options)).await?;
        Ok(Self { client, prefix: config.prefix.clone(), audit, barrier })
    }

    fn full_key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Loads every key under the prefix once, then applies each change as it
    /// is watched, until the connection fails (returns the error) or
    /// `shutdown` resolves (returns Ok).
    async fn follow(
        &self,
        handle: &SettingsHandle,
        metrics: &Metrics,
        shutdown: &mut (impl Future<Output = ()> + Unpin),
    ) -> Result<()> {
        let mut client = self.client.clone();
        let response = client
            .get(self.prefix.as_bytes(), Some(GetOptions::new().with_prefix()))
            .await
            .map_err(|e| Error::Unavailable(format!("etcd: {e}")))?;
        let revision = response.header().map_or(0, |h| h.revision());
        let mut values = BTreeMap::new();
        for kv in response.kvs() {
            if let (Ok(key), Ok(value)) = (kv.key_str(), kv.value_str())
                && let Some(key) = key.strip_prefix(&self.prefix)
            {
                values.insert(key.to_owned(), value.to_owned());
            }
        }
        apply_all(handle, metrics, values);
        let options = WatchOptions::new().with_prefix().with_start_revision(revision + 1);
        let mut stream = client
            .watch(self.prefix.as_bytes(), Some(options))
            .await
            .map_err(|e| Error::Unavailable(format!("etcd: {e}")))?;
        metrics.etcd_connected.set(1);
        tracing::info!(revision, "etcd settings loaded; watching for changes");
        loop {
            let message = tokio::select! {
                _ = &mut *shutdown => return Ok(()),
                message = stream.message() => message,
            };
            let response = match message {
                Ok(Some(response)) => response,
                Ok(None) => return Err(Error::Unavailable("etcd closed the watch".into())),
                Err(e) => return Err(Error::Unavailable(format!("etcd watch: {e}"))),
            };
            if response.canceled() {
                return Err(Error::Unavailable(format!("etcd cancelled the watch: {}", response.cancel_reason())));
            }
            for event in response.events() {
                let Some(kv) = event.kv() else { continue };
                let Some(key) = kv.key_str().ok().and_then(|k| k.strip_prefix(&self.prefix)) else { continue };
                match event.event_type() {
                    EventType::Put => match kv.value_str() {
                        Ok(value) => apply_one(handle, metrics, key, Some(value)),
                        Err(_) => tracing::error!(key, "refused a runtime setting that is not UTF-8"),
                    },
                    EventType::Delete => apply_one(handle, metrics, key, None),
                }
            }
        }
    }

    /// Whether etcd answers now: a count-only read of the prefix (readiness).
    pub async fn ping(&self) -> Result<()> {
        let options = GetOptions::new().with_prefix().with_count_only();
        self.client
            .clone()
            .get(self.prefix.as_bytes(), Some(options))
            .await
            .map(|_| ())
            .map_err(|e| Error::Unavailable(format!("etcd: {e}")))
    }

    /// Follows etcd until `shutdown`, reconnecting with backoff.
    pub async fn run(self, handle: SettingsHandle, metrics: Arc<Metrics>, shutdown: impl Future<Output = ()>) {
        let mut shutdown = Box::pin(shutdown);
        let mut backoff = Duration::from_millis(100);
        loop {
            let result = self.follow(&handle, &metrics, &mut shutdown).await;
            metrics.etcd_connected.set(0);
            match result {
                Ok(()) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "etcd unreachable; serving on the last good settings, reconnecting")
                }
            }
            tokio::select! {
                _ = &mut shutdown => return,
                _ = tokio::time::sleep(backoff) => {}
            }
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }
}

#[async_trait]
impl RuntimeSettings for EtcdSettings {
    fn name(&self) -> &'static str {
        "etcd"
    }

    async fn put(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()> {
        let _admitted = self.barrier.admit().await;
        self.client
            .clone()
            .put(self.full_key(key), value, None)
            .await
            .map_err(|e| Error::Unavailable(format!("etcd: {e}")))?;
        append_audit(self.audit.as_ref(), audit).await
    }

    async fn delete(&self, key: &str, audit: &AuditEvent) -> Result<()> {
        let _admitted = self.barrier.admit().await;
        self.client
            .clone()
            .delete(self.full_key(key), None)
            .await
            .map_err(|e| Error::Unavailable(format!("etcd: {e}")))?;
        append_audit(self.audit.as_ref(), audit).await
    }

    async fn load(&self) -> Result<BTreeMap<String, String>> {
        let response = self
            .client
            .clone()
            .get(self.prefix.as_bytes(), Some(GetOptions::new().with_prefix()))
            .await
            .map_err(|e| Error::Unavailable(format!("etcd: {e}")))?;
        Ok(response
            .kvs()
            .iter()
            .filter_map(|kv| {
                let key = kv.key_str().ok()?.strip_prefix(&self.prefix)?;
                Some((key.to_owned(), kv.value_str().ok()?.to_owned()))
            })
            .collect())
    }
}
