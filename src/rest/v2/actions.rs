//! `/v2/actions/usersync/{tenant}/ad` (pbm, beside the guide's sync routes):
//! make the tenant's accounts match the company directory, transcoded into
//! `UserService.SyncAccounts`. Optional fields `dry_run` and `full` (`1`/`0`);
//! the answer is `{"success": true, "dry_run": …, "full": …, "read": N,
//! "created": N, "updated": N, "blocked": N, "removed": N, "unchanged": N,
//! "changes": […], "conflicts": […]}`.
//!
//! `/v2/actions/cabsync/{tenant}/ad` (guide §2.15, as printed): the
//! directory's people into the tenant's address book, transcoded into
//! `UserService.SyncAddressBook`. Optional field `dry_run`; the answer is
//! `{"success": true, "dry_run": …, "read": N, "created": N, "updated": N,
//! "removed": N, "unchanged": N, "changes": […], "conflicts": […]}`.
//!
//! `/v2/actions/expunge` (guide §2.16.4.1): recall a sent message by its
//! Message-ID from the given mailboxes, transcoded into
//! `MailService.RecallMessage`.
//!
//! Parameters as the guide prints them, as a form (`curl -d`) or a JSON
//! object: `cmd` (only `expunge`, the default), `messageid` (required),
//! `emails` (required: a JSON array — `-d emails="[\"a@x\", \"b@x\"]"` —
//! or comma-separated addresses), `force` (`1` also removes copies already
//! read; default `0`) and `notify` (`1`, the default, stores a report in the
//! requester's INBOX; `0` does not). The answer:
//!
//! ```json
//! {"success": true, "notified": true,
//!  "results": [{"email": "a@x", "result": "recalled", "recalled": 1, "kept": 0}]}
//! ```
//!
//! with `result` one of `recalled`, `read_kept` (a read copy was kept) and
//! `not_found`.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State, rejection::BytesRejection},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use crate::pb::{self, mail_service_server::MailService as _, user_service_server::UserService as _};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError},
    input::{Fields, Legacy, body},
};

/// Proto field path → legacy name, for error bodies.
const NAMES: FieldNames = &[("message_id", "messageid"), ("mailboxes", "emails")];

/// A legacy flag: `1`/`0` as the guide writes them (also `true`/`false`);
/// `default` when absent or empty.
fn flag(fields: &Fields, name: &str, default: bool) -> Result<bool, LegacyError> {
    match fields.text(name).map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") => Ok(default),
        Some("1" | "true" | "yes") => Ok(true),
        Some("0" | "false" | "no") => Ok(false),
        Some(_) => Err(LegacyError::invalid(name, format!("{name} must be 0 or 1"))),
    }
}

/// `POST /v2/actions/expunge`.
pub async fn expunge(
    State(gw): State<Gateway>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(&["cmd", "messageid", "emails", "force", "notify"])?;
    match fields.text("cmd").map(|c| c.trim().to_owned()).as_deref() {
        None | Some("") | Some("expunge") => {}
        Some(_) => return Err(LegacyError::invalid("cmd", "cmd must be expunge")),
    }
    let request = pb::RecallMessageRequest {
        message_id: fields.text("messageid").unwrap_or_default(),
        mailboxes: fields.get("emails").map(|v| v.list()).unwrap_or_default(),
        force: flag(&fields, "force", false)?,
        notify: Some(flag(&fields, "notify", true)?),
    };
    let answer = gw
        .mail
        .recall_message(legacy.grpc("RecallMessage", request))
        .await
        .map_err(|status| LegacyError::from_status(&status, NAMES))?
        .into_inner();
    let results: Vec<Value> = answer
        .results
        .iter()
        .map(|r| {
            let result = match pb::RecallOutcome::try_from(r.outcome) {
                Ok(pb::RecallOutcome::Recalled) => "recalled",
                Ok(pb::RecallOutcome::ReadKept) => "read_kept",
                _ => "not_found",
            };
            json!({ "email": r.mailbox, "result": result, "recalled": r.recalled, "kept": r.kept })
        })
        .collect();
    Ok(Json(json!({ "success": true, "notified": answer.notified, "results": results })).into_response())
}

/// `POST /v2/actions/usersync/{tenant_id}/{source}` (the source: `ad`).
pub async fn usersync(
    State(gw): State<Gateway>,
    Path((tenant_id, source)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    if source != "ad" {
        return Err(LegacyError::invalid(
            "source",
            "accounts are synchronised from the company directory only: use ad",
        ));
    }
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(&["dry_run", "full"])?;
    let request = pb::SyncAccountsRequest {
        tenant_id,
        dry_run: flag(&fields, "dry_run", false)?,
        full: flag(&fields, "full", false)?,
    };
    let r = gw
        .users
        .sync_accounts(legacy.grpc("SyncAccounts", request))
        .await
        .map_err(|status| LegacyError::from_status(&status, &[]))?
        .into_inner();
    Ok(Json(json!({
        "success": true, "dry_run": r.dry_run, "full": r.full, "read": r.read, "created": r.created,
        "updated": r.updated, "blocked": r.blocked, "removed": r.removed, "unchanged": r.unchanged,
        "changes": r.changes, "conflicts": r.conflicts,
    }))
    .into_response())
}

/// `POST /v2/actions/cabsync/{tenant_id}/{source}` (`ad`; `bitrix24` not built yet).
pub async fn cabsync(
    State(gw): State<Gateway>,
    Path((tenant_id, source)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let source = match source.as_str() {
        "ad" => pb::AddressBookSource::Ad,
        "bitrix24" => pb::AddressBookSource::Bitrix24,
        _ => return Err(LegacyError::invalid("source", "source must be ad or bitrix24")),
    };
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(&["dry_run"])?;
    let request =
        pb::SyncAddressBookRequest { tenant_id, source: source as i32, dry_run: flag(&fields, "dry_run", false)? };
    let r = gw
        .users
        .sync_address_book(legacy.grpc("SyncAddressBook", request))
        .await
        .map_err(|status| LegacyError::from_status(&status, &[]))?
        .into_inner();
    Ok(Json(json!({
        "success": true, "dry_run": r.dry_run, "read": r.read, "created": r.created, "updated": r.updated,
        "removed": r.removed, "unchanged": r.unchanged, "changes": r.changes, "conflicts": r.conflicts,
    }))
    .into_response())
}
