//! CEF export of the audit trail (guide §7.2): with
//! `psn/web/logger/cef_enabled`, every audit event is also appended as one
//! Common Event Format line to `<psn/web/logger/dir>/<cef_filename>` for SIEM
//! collection. Replicas claim the events still to export from the store, so
//! each event is written once, by one replica; events from while the export
//! was off are not written.

use std::{
    io::Write as _,
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use crate::domain::{AuditEvent, audit::RESULT_OK};
use crate::service::Core;
use crate::settings::CefSettings;

/// Events written per round.
const BATCH: usize = 500;

/// Escapes a CEF header field (`|` and `\`).
fn header(value: &str) -> String {
    value.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Escapes a CEF extension value (`\`, `=`, line breaks).
fn extension(value: &str) -> String {
    value.replace('\\', "\\\\").replace('=', "\\=").replace('\r', "\\r").replace('\n', "\\n")
}

/// The CEF severity of an event: routine changes 3, refusals of identity
/// or rights 7, other failures 5.
fn severity(event: &AuditEvent) -> u8 {
    match event.result.as_str() {
        RESULT_OK => 3,
        "UNAUTHENTICATED" | "PERMISSION_DENIED" | "RESOURCE_EXHAUSTED" => 7,
        _ => 5,
    }
}

/// One CEF line (without the newline).
pub fn line(prefix: &str, event: &AuditEvent) -> String {
    let method = event.rpc.rsplit('/').next().unwrap_or(&event.rpc);
    let mut fields = vec![
        format!("rt={}", event.at.timestamp_millis()),
        format!("suser={}", extension(&event.actor)),
        format!("cs1Label=actorTenant cs1={}", extension(&event.actor_tenant)),
        format!("src={}", extension(&event.client_addr)),
        format!("cs2Label=tenant cs2={}", extension(&event.tenant_id)),
        format!("cs3Label=target cs3={}", extension(&event.target)),
        format!("outcome={}", extension(&event.result)),
    ];
    if !event.detail.is_empty() {
        fields.push(format!("msg={}", extension(&event.detail)));
    }
    if let Some(before) = &event.before {
        fields.push(format!("cs4Label=before cs4={}", extension(&before.to_string())));
    }
    if let Some(after) = &event.after {
        fields.push(format!("cs5Label=after cs5={}", extension(&after.to_string())));
    }
    format!(
        "{}|{}|{}|{}|{}",
        prefix.trim_end_matches('|'),
        header(&event.rpc),
        header(method),
        severity(event),
        fields.join(" ")
    )
}

/// The CEF file of `settings`.
pub fn file_path(settings: &CefSettings, data_dir: &Path) -> PathBuf {
    let dir = if settings.dir.is_empty() { data_dir.join("logs") } else { PathBuf::from(&settings.dir) };
    dir.join(&settings.filename)
}

fn append(path: &Path, lines: &[String]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    let mut text = lines.join("\n");
    text.push('\n');
    file.write_all(text.as_bytes())
}

/// One export round: writes what is waiting, or moves the cursor past it
/// when the export is off.
pub async fn export_once(core: &Core, data_dir: &Path) -> crate::error::Result<usize> {
    let cef = core.settings.current().cef.clone();
    if !cef.enabled {
        core.audit.skip_export().await?;
        return Ok(0);
    }
    let path = file_path(&cef, data_dir);
    let mut written = 0;
    loop {
        let events = core.audit.claim_for_export(BATCH).await?;
        if events.is_empty() {
            return Ok(written);
        }
        let lines: Vec<String> = events.iter().map(|e| line(&cef.prefix, &e.event)).collect();
        let path = path.clone();
        let count = lines.len();
        tokio::task::spawn_blocking(move || append(&path, &lines))
            .await
            .map_err(crate::error::Error::internal)?
            .map_err(|e| crate::error::Error::Unavailable(format!("CEF log: {e}")))?;
        written += count;
    }
}

/// Exports once a second until `shutdown`, then once more: the events of
/// the server's last calls are in the CEF log when the process exits.
pub async fn run(core: Arc<Core>, data_dir: PathBuf, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    loop {
        let last_round = tokio::select! {
            _ = &mut shutdown => true,
            _ = ticker.tick() => false,
        };
        if let Err(e) = export_once(&core, &data_dir).await {
            tracing::error!(error = %e, "CEF export failed; events of this round are not in the CEF log");
        }
        if last_round {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_per_event_with_escaping() {
        let event = AuditEvent {
            at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            actor: "creator@example.com".into(),
            actor_tenant: "default".into(),
            client_addr: "10.0.0.1".into(),
            tenant_id: "acme".into(),
            rpc: "pbm.v2.UserService/UpdateUser".into(),
            target: "user:a=b@acme.test".into(),
            before: None,
            after: Some(serde_json::json!({"title": "x|y"})),
            result: "OK".into(),
            detail: String::new(),
        };
        let text = line("CEF:0|MyOffice|MyOffice Mail|pbm", &event);
        assert!(
            text.starts_with(
                "CEF:0|MyOffice|MyOffice Mail|pbm|pbm.v2.UserService/UpdateUser|UpdateUser|3|rt=1700000000000 "
            ),
            "{text}"
        );
        assert!(text.contains("cs3=user:a\\=b@acme.test"), "{text}");
        assert!(text.contains("suser=creator@example.com"));
        assert!(!text.contains('\n'));
    }
}
