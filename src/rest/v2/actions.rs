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
//! `/v2/actions/groupsync/{tenant}/ad` (guide §2.15, as printed): the
//! directory's groups into the tenant's mailing lists, transcoded into
//! `MailListService.SyncMailLists`. The same optional field and answer as
//! cabsync.
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
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::LegacyErrors;
use crate::pb::{
    self, mail_list_service_server::MailListService as _, mail_service_server::MailService as _,
    user_service_server::UserService as _,
};
use crate::rest::{
    Gateway,
    error::{FieldNames, LegacyError},
    input::{Fields, Legacy, body},
};

/// Proto field path → legacy name, for error bodies.
const NAMES: FieldNames = &[("message_id", "messageid"), ("mailboxes", "emails")];

/// The parameters of `/v2/actions/expunge`.
pub(super) const EXPUNGE_FIELDS: &[&str] = &["cmd", "messageid", "emails", "force", "notify"];

/// The parameters of `/v2/actions/usersync`.
pub(super) const USERSYNC_FIELDS: &[&str] = &["dry_run", "full"];

/// The parameters of `/v2/actions/cabsync` and `/v2/actions/groupsync`.
pub(super) const CABSYNC_FIELDS: &[&str] = &["dry_run"];

/// The parameters of a recall (a form or a JSON object).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::Fields reads (EXPUNGE_FIELDS)")]
pub struct ExpungeFields {
    /// `expunge`, the only command (and the default).
    #[schema(pattern = "^(expunge)?$")]
    cmd: Option<String>,
    /// The message's Message-ID.
    messageid: String,
    /// The mailboxes: a JSON array, or comma-separated addresses.
    emails: Vec<String>,
    /// `1` also removes copies already read (default `0`).
    #[schema(pattern = "^[01]?$")]
    force: Option<String>,
    /// `1` (the default) stores a report in the requester's INBOX.
    #[schema(pattern = "^[01]?$")]
    notify: Option<String>,
}

/// The answer to a recall.
#[derive(Serialize, ToSchema)]
pub struct ExpungeAnswer {
    success: bool,
    /// Whether a report was stored in the requester's INBOX.
    notified: bool,
    results: Vec<RecallResult>,
}

/// What a recall did in one mailbox.
#[derive(Serialize, ToSchema)]
pub struct RecallResult {
    email: String,
    /// `recalled`, `read_kept` (a read copy was kept) or `not_found`.
    #[schema(pattern = "^(recalled|read_kept|not_found)$")]
    result: &'static str,
    recalled: i32,
    kept: i32,
}

/// The parameters of a sync (a form or a JSON object); `1`/`0`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::Fields reads (USERSYNC_FIELDS)")]
pub struct UserSyncFields {
    /// `1`: report what would change, change nothing.
    #[schema(pattern = "^[01]?$")]
    dry_run: Option<String>,
    /// `1`: read every account again, not only those changed since the last run.
    #[schema(pattern = "^[01]?$")]
    full: Option<String>,
}

/// The parameters of an address-book sync (a form or a JSON object).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "documents the body that input::Fields reads (CABSYNC_FIELDS)")]
pub struct CabSyncFields {
    /// `1`: report what would change, change nothing.
    #[schema(pattern = "^[01]?$")]
    dry_run: Option<String>,
}

/// What an accounts sync did (or would do, in a dry run).
#[derive(Serialize, ToSchema)]
pub struct UserSyncAnswer {
    success: bool,
    dry_run: bool,
    full: bool,
    read: i64,
    created: i64,
    updated: i64,
    blocked: i64,
    removed: i64,
    unchanged: i64,
    /// One line per change.
    changes: Vec<String>,
    /// Entries left alone, and why.
    conflicts: Vec<String>,
}

/// What an address-book or group sync did (or would do, in a dry run).
#[derive(Serialize, ToSchema)]
pub struct CabSyncAnswer {
    success: bool,
    dry_run: bool,
    read: i64,
    created: i32,
    updated: i32,
    removed: i64,
    unchanged: i64,
    /// One line per change.
    changes: Vec<String>,
    /// Entries left alone, and why.
    conflicts: Vec<String>,
}

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
#[utoipa::path(post, path = "/v2/actions/expunge", tag = "actions", operation_id = "recallMessage",
    request_body(content(
        (ExpungeFields = "application/x-www-form-urlencoded"),
        (ExpungeFields = "application/json"),
    )),
    responses((status = 200, description = "What was recalled, per mailbox", body = ExpungeAnswer), LegacyErrors))]
pub async fn expunge(
    State(gw): State<Gateway>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(EXPUNGE_FIELDS)?;
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
    let results = answer
        .results
        .iter()
        .map(|r| RecallResult {
            email: r.mailbox.clone(),
            result: match pb::RecallOutcome::try_from(r.outcome) {
                Ok(pb::RecallOutcome::Recalled) => "recalled",
                Ok(pb::RecallOutcome::ReadKept) => "read_kept",
                _ => "not_found",
            },
            recalled: r.recalled,
            kept: r.kept,
        })
        .collect();
    Ok(Json(ExpungeAnswer { success: true, notified: answer.notified, results }).into_response())
}

/// `POST /v2/actions/usersync/{tenant_id}/{source}` (the source: `ad`).
#[utoipa::path(post, path = "/v2/actions/usersync/{tenant_id}/{source}", tag = "actions", operation_id = "syncAccounts",
    params(("tenant_id" = String, Path, description = "The tenant"), ("source" = String, Path, description = "The source: ad (usersync), ad or bitrix24 (cabsync)")),
    request_body(content(
        (UserSyncFields = "application/x-www-form-urlencoded"),
        (UserSyncFields = "application/json"),
    )),
    responses((status = 200, description = "What the sync did", body = UserSyncAnswer), LegacyErrors))]
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
    fields.only(USERSYNC_FIELDS)?;
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
    Ok(Json(UserSyncAnswer {
        success: true,
        dry_run: r.dry_run,
        full: r.full,
        read: r.read,
        created: r.created,
        updated: r.updated,
        blocked: r.blocked,
        removed: r.removed,
        unchanged: r.unchanged,
        changes: r.changes,
        conflicts: r.conflicts,
    })
    .into_response())
}

/// `POST /v2/actions/cabsync/{tenant_id}/{source}`: the address book from the
/// company directory (`ad`) or from Bitrix24 (`bitrix24`).
#[utoipa::path(post, path = "/v2/actions/cabsync/{tenant_id}/{source}", tag = "actions", operation_id = "syncAddressBook",
    params(("tenant_id" = String, Path, description = "The tenant"), ("source" = String, Path, description = "The source: ad (usersync), ad or bitrix24 (cabsync)")),
    request_body(content(
        (CabSyncFields = "application/x-www-form-urlencoded"),
        (CabSyncFields = "application/json"),
    )),
    responses((status = 200, description = "What the sync did", body = CabSyncAnswer), LegacyErrors))]
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
    fields.only(CABSYNC_FIELDS)?;
    let request =
        pb::SyncAddressBookRequest { tenant_id, source: source as i32, dry_run: flag(&fields, "dry_run", false)? };
    let r = gw
        .users
        .sync_address_book(legacy.grpc("SyncAddressBook", request))
        .await
        .map_err(|status| LegacyError::from_status(&status, &[]))?
        .into_inner();
    Ok(Json(CabSyncAnswer {
        success: true,
        dry_run: r.dry_run,
        read: r.read,
        created: r.created,
        updated: r.updated,
        removed: r.removed,
        unchanged: r.unchanged,
        changes: r.changes,
        conflicts: r.conflicts,
    })
    .into_response())
}

/// `POST /v2/actions/groupsync/{tenant_id}/{source}` (the source: `ad`).
#[utoipa::path(post, path = "/v2/actions/groupsync/{tenant_id}/{source}", tag = "actions", operation_id = "syncMailLists",
    params(("tenant_id" = String, Path, description = "The tenant"), ("source" = String, Path, description = "The source: ad")),
    request_body(content(
        (CabSyncFields = "application/x-www-form-urlencoded"),
        (CabSyncFields = "application/json"),
    )),
    responses((status = 200, description = "What the sync did", body = CabSyncAnswer), LegacyErrors))]
pub async fn groupsync(
    State(gw): State<Gateway>,
    Path((tenant_id, source)): Path<(String, String)>,
    legacy: Legacy,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, LegacyError> {
    if source != "ad" {
        return Err(LegacyError::invalid("source", "groups are synchronised from the company directory only: use ad"));
    }
    let fields = Fields::parse(&legacy.headers, &body(raw)?)?;
    fields.only(CABSYNC_FIELDS)?;
    let request = pb::SyncMailListsRequest { tenant_id, dry_run: flag(&fields, "dry_run", false)? };
    let r = gw
        .mail_lists
        .sync_mail_lists(legacy.grpc("SyncMailLists", request))
        .await
        .map_err(|status| LegacyError::from_status(&status, &[]))?
        .into_inner();
    Ok(Json(CabSyncAnswer {
        success: true,
        dry_run: r.dry_run,
        read: r.read,
        created: r.created,
        updated: r.updated,
        removed: r.removed,
        unchanged: r.unchanged,
        changes: r.changes,
        conflicts: r.conflicts,
    })
    .into_response())
}
