//! DumpSettings and RestoreSettings: the runtime settings in `etcdctl get`
//! format (key line, value line), every key validated before any is written.

use std::collections::BTreeMap;

use futures::StreamExt as _;
use futures::stream::BoxStream;

use super::*;
use crate::error::{Error, Result};
use crate::service::{Caller, RequestContext};

impl Backup {
    /// The runtime settings — the values in etcd, or in the store when pbm
    /// runs without etcd — whose keys start with `prefix`, in the format
    /// `etcdctl get --prefix ''` prints: a key line, then a value line.
    /// Secrets are included in clear: a dump is secret material.
    pub async fn dump_settings(&self, ctx: &RequestContext, prefix: &str) -> Result<Vec<u8>> {
        let caller = self.0.authenticate(ctx).await?;
        let target = format!("settings:{prefix}");
        self.0.audited(ctx, DUMP_SETTINGS, "", &target, async { caller.require_superadmin() }).await?;
        let values = self.0.runtime_settings.load().await?;
        let dump = write_settings_dump(values.iter().filter(|(key, _)| key.starts_with(prefix)))?;
        let mut event = self.0.event(ctx, &caller, DUMP_SETTINGS, "", target);
        event.detail = format!(
            "{} keys from {}",
            values.keys().filter(|k| k.starts_with(prefix)).count(),
            self.0.runtime_settings.name()
        );
        if let Err(e) = self.0.audit.append(&event).await {
            tracing::warn!(error = %e, "could not record a settings dump in the audit trail");
        }
        Ok(dump)
    }

    /// Restores a dump in that format into the runtime source. Every key
    /// pbm declares is validated — alone and all together with the values
    /// in force — before any is written; keys pbm does not know (other
    /// services sharing the etcd keyspace) are skipped. Returns the number
    /// of keys written.
    pub async fn restore_settings(
        &self,
        ctx: &RequestContext,
        data: BoxStream<'static, Result<Vec<u8>>>,
    ) -> Result<i32> {
        let caller = self.0.authenticate(ctx).await?;
        self.0.audited(ctx, RESTORE_SETTINGS, "", "settings", self.do_restore_settings(ctx, &caller, data)).await
    }

    pub(super) async fn do_restore_settings(
        &self,
        ctx: &RequestContext,
        caller: &Caller,
        mut data: BoxStream<'static, Result<Vec<u8>>>,
    ) -> Result<i32> {
        caller.require_superadmin()?;
        let mut bytes = Vec::new();
        while let Some(chunk) = data.next().await {
            bytes.extend(chunk?);
            if bytes.len() > MAX_SETTINGS_DUMP {
                return Err(Error::invalid("data", format!("a settings dump is at most {MAX_SETTINGS_DUMP} bytes")));
            }
        }
        let checked = self.check_settings_dump(&bytes)?;
        self.write_settings(ctx, caller, RESTORE_SETTINGS, &checked).await?;
        Ok(checked.normal.len() as i32)
    }

    /// Reads a settings dump and validates every key pbm declares, alone
    /// and all together with the values in force; changes nothing.
    pub(super) fn check_settings_dump(&self, bytes: &[u8]) -> Result<CheckedSettings> {
        let pairs = read_settings_dump(bytes)?;
        let (mut known, mut skipped) = (BTreeMap::new(), 0usize);
        for (key, value, _) in &pairs {
            if crate::settings::keys::find(key).is_some() {
                known.insert(key.clone(), value.clone());
            } else {
                skipped += 1;
            }
        }
        let (normal, settings) =
            self.0.settings.preview(&known).map_err(|e| match pairs.iter().find(|(k, _, _)| *k == e.key) {
                Some((_, _, line)) => Error::invalid("data", format!("line {line}: {}: {}", e.key, e.reason)),
                None => Error::invalid("data", format!("with the values in force, {}: {}", e.key, e.reason)),
            })?;
        Ok(CheckedSettings { normal, skipped, settings })
    }

    /// Writes checked settings into the runtime source and applies them
    /// here, each key with its audit event, then one event for the whole.
    pub(super) async fn write_settings(
        &self,
        ctx: &RequestContext,
        caller: &Caller,
        rpc: &str,
        checked: &CheckedSettings,
    ) -> Result<()> {
        for (key, value) in &checked.normal {
            let event = self.0.event(ctx, caller, rpc, "", format!("setting:{key}"));
            self.0.runtime_settings.put(key, value, &event).await?;
            self.0
                .settings
                .apply(key, Some(value))
                .map_err(|e| Error::invalid("data", format!("{}: {}", e.key, e.reason)))?;
        }
        let mut event = self.0.event(ctx, caller, rpc, "", "settings");
        event.detail = format!(
            "{} keys written to {}, {} keys of other services skipped",
            checked.normal.len(),
            self.0.runtime_settings.name(),
            checked.skipped
        );
        if let Err(e) = self.0.audit.append(&event).await {
            tracing::warn!(error = %e, "could not record a settings restore in the audit trail");
        }
        Ok(())
    }
}

/// A settings dump validated against the values in force.
pub(super) struct CheckedSettings {
    /// The keys pbm declares, with normalized values.
    pub(super) normal: BTreeMap<String, String>,
    /// Keys of other services, not written.
    pub(super) skipped: usize,
    /// The settings in force once `normal` is written.
    pub(super) settings: crate::settings::Settings,
}

/// Writes key and value lines as `etcdctl get --prefix ''` does. A value
/// holding a line break could not be read back: refused.
pub fn write_settings_dump<'a>(values: impl Iterator<Item = (&'a String, &'a String)>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for (key, value) in values {
        if key.contains('\n') || value.contains('\n') {
            return Err(Error::FailedPrecondition(format!("setting {key} holds a line break: it cannot be dumped")));
        }
        out.extend_from_slice(key.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(value.as_bytes());
        out.push(b'\n');
    }
    Ok(out)
}

/// Reads a dump: (key, value, line of the key) pairs.
pub fn read_settings_dump(bytes: &[u8]) -> Result<Vec<(String, String, usize)>> {
    let text = std::str::from_utf8(bytes).map_err(|_| Error::invalid("data", "a settings dump is UTF-8 text"))?;
    let mut lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    if !lines.len().is_multiple_of(2) {
        return Err(Error::invalid(
            "data",
            format!("line {}: a key without a value line (the format is a key line, then a value line)", lines.len()),
        ));
    }
    let mut pairs = Vec::with_capacity(lines.len() / 2);
    for (i, pair) in lines.chunks(2).enumerate() {
        let line = 2 * i + 1;
        let key = pair[0].trim();
        if key.is_empty() {
            return Err(Error::invalid("data", format!("line {line}: an empty key")));
        }
        pairs.push((key.to_owned(), pair[1].to_owned(), line));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_dumps_read_back() {
        let values: BTreeMap<String, String> =
            [("psn/bruteforce/max_attempts".into(), "5".into()), ("psn/cab/root_dn".into(), String::new())].into();
        let dump = write_settings_dump(values.iter()).unwrap();
        assert_eq!(String::from_utf8(dump.clone()).unwrap(), "psn/bruteforce/max_attempts\n5\npsn/cab/root_dn\n\n");
        let pairs = read_settings_dump(&dump).unwrap();
        assert_eq!(pairs[1], ("psn/cab/root_dn".into(), String::new(), 3));
        let error = read_settings_dump(b"a\nb\nc\n").unwrap_err();
        assert!(error.to_string().contains("line 3"), "{error}");
    }
}
