//! `pbm secrets reseal`: after a new key is put first in the secrets key
//! file (see [`crate::security::sealing`]), every secret value at rest — the
//! secret runtime settings and the web domains' private keys — is written
//! again, sealed under that key. Clear values (from before the key file, or
//! written with `etcdctl put`) are sealed the same way. Each rewrite is
//! audited as pbm's own (`system`); the values never appear in the trail.

use serde::Serialize;

use super::Core;
use crate::error::{Error, Result};
use crate::security::sealing::{SealedFor, Sealer};

/// What the audit trail names a reseal.
const RESEAL: &str = "pbm secrets reseal";
/// Web domains read per page.
const PAGE: usize = 200;

/// What a reseal did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct ResealReport {
    /// Secret settings written again under the sealing key.
    pub settings: usize,
    /// Web domains whose private key was written again.
    pub web_domains: usize,
    /// Web domains already sealed under the sealing key, left alone.
    pub web_domains_current: usize,
}

impl Core {
    /// Seals every secret value under the first key of the key file.
    pub async fn reseal_secrets(&self) -> Result<ResealReport> {
        if !self.sealer.seals() {
            return Err(Error::FailedPrecondition(
                "no secrets key file is configured (--secrets-key-file, PBM_SECRETS_KEY_FILE, [auth] secrets_key_file)"
                    .into(),
            ));
        }
        let mut report = ResealReport::default();
        let values = self.runtime_settings.load().await?;
        for (key, value) in &values {
            if !crate::settings::keys::find(key).is_some_and(|def| def.secret) {
                continue;
            }
            if Sealer::is_sealed(value) {
                // The runtime source could not open it: say which, change nothing.
                self.sealer.open(SealedFor::Setting(key), value)?;
            }
            let event = self.system_event(RESEAL, "", format!("setting:{key}"));
            self.runtime_settings.put(key, value, &event).await?;
            report.settings += 1;
        }
        let mut after: Option<String> = None;
        loop {
            let domains = self.directory.list_web_domains(after.as_deref(), PAGE).await?;
            for domain in &domains {
                let Some(stored) = self.directory.web_domain_key(&domain.name).await? else { continue };
                if self.sealer.sealed_with_current(stored.expose()) {
                    report.web_domains_current += 1;
                    continue;
                }
                let key = self
                    .web_domain_key(&domain.name)
                    .await?
                    .ok_or_else(|| Error::not_found("web domain", &domain.name))?;
                let sealed = self.seal_web_domain_key(&domain.name, &key)?;
                let event = self.system_event(RESEAL, "", format!("web_domain:{}", domain.name));
                self.directory.update_web_domain(domain, &sealed, &event).await?;
                report.web_domains += 1;
            }
            match domains.last() {
                Some(last) if domains.len() == PAGE => after = Some(last.name.clone()),
                _ => break,
            }
        }
        tracing::info!(
            settings = report.settings,
            web_domains = report.web_domains,
            sealing_key = self.sealer.key_ids().first().copied().unwrap_or_default(),
            "secret values resealed"
        );
        Ok(report)
    }
}
