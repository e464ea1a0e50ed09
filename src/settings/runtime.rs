//! The runtime settings source: where `SettingsService.PutSetting` writes and
//! whence live changes come. With `--etcd-endpoints` it is etcd (see
//! [`super::etcd`]); without, the service store (SQLite or PostgreSQL), which
//! every replica polls once a second. [`SealedSettings`] wraps either, so
//! that secret values are sealed at rest.

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use async_trait::async_trait;

use super::SettingsHandle;
use crate::domain::AuditEvent;
use crate::error::Result;
use crate::metrics::Metrics;
use crate::ports::{AuditLog, SettingsStore};
use crate::security::sealing::{SealedFor, Sealer};

/// Writes runtime settings; their changes come back through the source's
/// sync loop (and are applied locally at once by the caller).
#[async_trait]
pub trait RuntimeSettings: Send + Sync + 'static {
    /// `etcd` or `store`.
    fn name(&self) -> &'static str;
    /// Stores a validated value and records `audit`.
    async fn put(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()>;
    /// Removes a value (back to the lower layers) and records `audit`.
    async fn delete(&self, key: &str, audit: &AuditEvent) -> Result<()>;
    /// Every runtime value, by key.
    async fn load(&self) -> Result<BTreeMap<String, String>>;
}

/// Runtime settings in the service store.
pub struct StoreSettings {
    store: Arc<dyn SettingsStore>,
}

impl StoreSettings {
    /// Runtime settings kept in `store`.
    pub fn new(store: Arc<dyn SettingsStore>) -> Self {
        Self { store }
    }
}

#[async_trait]
impl RuntimeSettings for StoreSettings {
    fn name(&self) -> &'static str {
        "store"
    }

    async fn put(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()> {
        self.store.put_setting(key, value, audit).await
    }

    async fn delete(&self, key: &str, audit: &AuditEvent) -> Result<()> {
        self.store.delete_setting(key, audit).await
    }

    async fn load(&self) -> Result<BTreeMap<String, String>> {
        Ok(self.store.load_settings().await?.1)
    }
}

/// Seals the values of secret keys before `inner` stores them, and opens
/// them when read back (see [`crate::security::sealing`]). A value that does
/// not open is passed on sealed: the settings handle refuses it with the
/// reason, and the last good value stays in force.
pub struct SealedSettings {
    inner: Arc<dyn RuntimeSettings>,
    sealer: Arc<Sealer>,
}

impl SealedSettings {
    /// `inner`, sealing with `sealer`.
    pub fn new(inner: Arc<dyn RuntimeSettings>, sealer: Arc<Sealer>) -> Self {
        Self { inner, sealer }
    }
}

#[async_trait]
impl RuntimeSettings for SealedSettings {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    async fn put(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()> {
        let secret = super::keys::find(key).is_some_and(|def| def.secret);
        if !secret || Sealer::is_sealed(value) {
            return self.inner.put(key, value, audit).await;
        }
        let sealed = self.sealer.seal(SealedFor::Setting(key), value)?;
        self.inner.put(key, &sealed, audit).await
    }

    async fn delete(&self, key: &str, audit: &AuditEvent) -> Result<()> {
        self.inner.delete(key, audit).await
    }

    async fn load(&self) -> Result<BTreeMap<String, String>> {
        let mut values = self.inner.load().await?;
        for (key, value) in values.iter_mut().filter(|(_, value)| Sealer::is_sealed(value)) {
            match self.sealer.open(SealedFor::Setting(key), value) {
                Ok(clear) => *value = clear,
                Err(e) => tracing::warn!(key = %key, error = %e, "a sealed setting does not open; passed on sealed"),
            }
        }
        Ok(values)
    }
}

/// Keeps `handle` in step with the store: loads the runtime values now and
/// whenever their version changes (another replica wrote), until `shutdown`.
pub async fn sync_store(
    handle: SettingsHandle,
    store: Arc<dyn SettingsStore>,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    let mut seen: Option<i64> = None;
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = &mut shutdown => return,
            _ = ticker.tick() => {}
        }
        let version = match store.settings_version().await {
            Ok(version) => version,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the settings version; keeping the settings in force");
                continue;
            }
        };
        if seen == Some(version) {
            continue;
        }
        match store.load_settings().await {
            Ok((version, values)) => {
                apply_all(&handle, &metrics, values);
                seen = Some(version);
            }
            Err(e) => tracing::warn!(error = %e, "cannot load runtime settings; keeping the settings in force"),
        }
    }
}

/// Replaces the runtime layer, logging and counting refused values.
pub(crate) fn apply_all(handle: &SettingsHandle, metrics: &Metrics, values: BTreeMap<String, String>) {
    for refused in handle.replace_runtime(values) {
        tracing::error!(key = %refused.key, reason = %refused.reason, "refused a runtime setting; the last good value stays");
        metrics.settings_reloads.with_label_values(&["refused"]).inc();
    }
    metrics.settings_reloads.with_label_values(&["ok"]).inc();
}

/// Applies one runtime change, logging and counting a refusal.
pub(crate) fn apply_one(handle: &SettingsHandle, metrics: &Metrics, key: &str, value: Option<&str>) {
    if super::keys::find(key).is_none() {
        return; // a key of another service sharing the keyspace
    }
    match handle.apply(key, value) {
        Ok(()) => {
            tracing::info!(key, "runtime setting applied");
            metrics.settings_reloads.with_label_values(&["ok"]).inc();
        }
        Err(refused) => {
            tracing::error!(key = %refused.key, reason = %refused.reason, "refused a runtime setting; the last good value stays");
            metrics.settings_reloads.with_label_values(&["refused"]).inc();
        }
    }
}

/// Appends an audit event, for sources without transactions shared with it.
pub(crate) async fn append_audit(audit: &dyn AuditLog, event: &AuditEvent) -> Result<()> {
    audit.append(event).await
}
