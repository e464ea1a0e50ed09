//! SettingsService: read, change and watch the runtime settings (superadmin
//! only). Changes go to the runtime source — etcd when configured, else the
//! service store — and take effect at once in this replica and within a
//! second in the others. Secrets are never shown: their values read as
//! `********`.

use std::sync::Arc;

use futures::Stream;
use serde_json::json;

use super::{Core, Page, RequestContext};
use crate::domain::page_token::{self, Cursor};
use crate::error::{Error, Result};
use crate::settings::{MASK, Source, keys};

const PUT_SETTING: &str = "pbm.v2.SettingsService/PutSetting";
const DELETE_SETTING: &str = "pbm.v2.SettingsService/DeleteSetting";

/// A key with its value in force, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingView {
    /// The key.
    pub key: String,
    /// The value in force (masked for secrets).
    pub value: String,
    /// The built-in default (masked for secrets).
    pub default_value: String,
    /// Where the value comes from.
    pub source: Source,
    /// Whether the value is a secret.
    pub secret: bool,
    /// What the key does.
    pub description: String,
}

/// The settings service.
#[derive(Clone)]
pub struct SettingsService(pub(crate) Arc<Core>);

fn masked(secret: bool, value: &str) -> String {
    if secret && !value.is_empty() { MASK.into() } else { value.into() }
}

impl SettingsService {
    fn view(&self, def: &keys::KeyDef) -> SettingView {
        let settings = self.0.settings.current();
        SettingView {
            key: def.key.into(),
            value: settings.shown(def.key).unwrap_or_default(),
            default_value: masked(def.secret, def.default),
            source: self.0.settings.source(def.key),
            secret: def.secret,
            description: def.help.into(),
        }
    }

    fn known(key: &str) -> Result<&'static keys::KeyDef> {
        if key.is_empty() {
            return Err(Error::required("key"));
        }
        keys::find(key).ok_or_else(|| Error::not_found("setting", key))
    }

    /// One key.
    pub async fn get(&self, ctx: &RequestContext, key: &str) -> Result<SettingView> {
        self.0.authenticate(ctx).await?.require_superadmin()?;
        Ok(self.view(Self::known(key)?))
    }

    /// The keys starting with `prefix`, in key order.
    pub async fn list(
        &self,
        ctx: &RequestContext,
        prefix: &str,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page<SettingView>> {
        self.0.authenticate(ctx).await?.require_superadmin()?;
        let limit = page_token::page_size(page_size).map_err(|e| Error::invalid("page_size", e))?;
        let fingerprint = page_token::fingerprint(&["settings", prefix]);
        let after = if page_token.is_empty() {
            None
        } else {
            Some(page_token::decode(page_token, &fingerprint).map_err(|e| Error::invalid("page_token", e))?.id)
        };
        let mut matching: Vec<&keys::KeyDef> = keys::KEYS.iter().filter(|d| d.key.starts_with(prefix)).collect();
        matching.sort_by_key(|d| d.key);
        let total_size = matching.len() as u64;
        let mut items: Vec<SettingView> = matching
            .into_iter()
            .filter(|d| after.as_deref().is_none_or(|a| d.key > a))
            .take(limit + 1)
            .map(|d| self.view(d))
            .collect();
        let next_page_token = if items.len() > limit {
            items.truncate(limit);
            let last = items.last().expect("non-empty page").key.clone();
            page_token::encode(&Cursor { key: String::new(), id: last }, &fingerprint)
        } else {
            String::new()
        };
        Ok(Page { items, next_page_token, total_size })
    }

    /// Sets a key at runtime; the value is validated alone and together with
    /// every other value in force.
    pub async fn put(&self, ctx: &RequestContext, key: &str, value: &str) -> Result<SettingView> {
        self.0.audited(ctx, PUT_SETTING, "", &format!("setting:{key}"), self.do_put(ctx, key, value)).await
    }

    async fn do_put(&self, ctx: &RequestContext, key: &str, value: &str) -> Result<SettingView> {
        let caller = self.0.authenticate(ctx).await?;
        caller.require_superadmin()?;
        let def = Self::known(key)?;
        let normal = def.kind.validate(value).map_err(|e| Error::invalid("value", e))?;
        self.0.settings.check(key, &normal).map_err(|e| Error::invalid("value", format!("{}: {}", e.key, e.reason)))?;
        let before = self.view(def);
        let event = self
            .0
            .event(ctx, &caller, PUT_SETTING, "", format!("setting:{key}"))
            .before(json!({ "value": before.value, "source": format!("{:?}", before.source) }))
            .after(json!({ "value": masked(def.secret, &normal) }));
        self.0.runtime_settings.put(key, &normal, &event).await?;
        self.0.settings.apply(key, Some(&normal)).map_err(|e| Error::invalid("value", e.reason))?;
        tracing::info!(key, by = %caller.account, source = self.0.runtime_settings.name(), "setting changed");
        Ok(self.view(def))
    }

    /// Removes a key's runtime value: the file's, the environment's or the
    /// built-in value applies again.
    pub async fn delete(&self, ctx: &RequestContext, key: &str) -> Result<SettingView> {
        self.0.audited(ctx, DELETE_SETTING, "", &format!("setting:{key}"), self.do_delete(ctx, key)).await
    }

    async fn do_delete(&self, ctx: &RequestContext, key: &str) -> Result<SettingView> {
        let caller = self.0.authenticate(ctx).await?;
        caller.require_superadmin()?;
        let def = Self::known(key)?;
        let before = self.view(def);
        let underlying = self.0.settings.underlying(key).unwrap_or_default();
        let event = self
            .0
            .event(ctx, &caller, DELETE_SETTING, "", format!("setting:{key}"))
            .before(json!({ "value": before.value, "source": format!("{:?}", before.source) }))
            .after(json!({ "value": masked(def.secret, &underlying) }));
        self.0.runtime_settings.delete(key, &event).await?;
        self.0.settings.apply(key, None).map_err(|e| Error::FailedPrecondition(e.to_string()))?;
        Ok(self.view(def))
    }

    /// Streams every change of a key starting with `prefix` from now on.
    pub async fn watch(
        &self,
        ctx: &RequestContext,
        prefix: &str,
    ) -> Result<impl Stream<Item = Result<SettingView>> + Send + 'static> {
        self.0.authenticate(ctx).await?.require_superadmin()?;
        let mut changes = self.0.settings.subscribe();
        let prefix = prefix.to_owned();
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                let change = match changes.recv().await {
                    Ok(change) => change,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(missed)) => {
                        let _ =
                            tx.send(Err(Error::Aborted(format!("{missed} changes were missed; watch again")))).await;
                        return;
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                };
                if !change.key.starts_with(&prefix) {
                    continue;
                }
                let def = keys::find(change.key).expect("changes name declared keys");
                let view = SettingView {
                    key: change.key.into(),
                    value: change.value,
                    default_value: masked(def.secret, def.default),
                    source: change.source,
                    secret: def.secret,
                    description: def.help.into(),
                };
                if tx.send(Ok(view)).await.is_err() {
                    return;
                }
            }
        });
        Ok(self.0.drain.ends_when_draining(tokio_stream::wrappers::ReceiverStream::new(rx)))
    }
}
