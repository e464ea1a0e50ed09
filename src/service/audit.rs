//! AuditService: the audit trail, filtered and paged, newest first.
//! Superadmins see every event; admins see the events of their own tenant
//! only; users see nothing.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Core, Page, RequestContext};
use crate::domain::page_token::{self, Cursor};
use crate::error::{Error, Result};
use crate::ports::{AuditQuery, StoredAuditEvent};

/// Filters of an audit listing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAudit {
    /// Tenant of the object changed (admins: empty or their own).
    pub tenant_id: String,
    /// Actor.
    pub actor: String,
    /// Target, e.g. `user:ivan@example.com`.
    pub target: String,
    /// At or after.
    pub since: Option<DateTime<Utc>>,
    /// Before.
    pub until: Option<DateTime<Utc>>,
    /// Page size.
    pub page_size: i32,
    /// Page token.
    pub page_token: String,
}

/// The audit service.
#[derive(Clone)]
pub struct AuditService(pub(crate) Arc<Core>);

impl AuditService {
    /// A page of events.
    pub async fn list(&self, ctx: &RequestContext, request: ListAudit) -> Result<Page<StoredAuditEvent>> {
        let caller = self.0.authenticate(ctx).await?;
        let tenant_id = if caller.is_superadmin() {
            request.tenant_id.clone()
        } else {
            let tenant =
                if request.tenant_id.is_empty() { caller.tenant_id.clone() } else { request.tenant_id.clone() };
            caller.require_admin_of(&tenant)?;
            tenant
        };
        let limit = page_token::page_size(request.page_size).map_err(|e| Error::invalid("page_size", e))?;
        if let (Some(since), Some(until)) = (request.since, request.until)
            && since >= until
        {
            return Err(Error::invalid("end_time", "must be after start_time"));
        }
        let fingerprint = page_token::fingerprint(&[
            "audit",
            &tenant_id,
            &request.actor,
            &request.target,
            &request.since.map(|t| t.to_rfc3339()).unwrap_or_default(),
            &request.until.map(|t| t.to_rfc3339()).unwrap_or_default(),
        ]);
        let before_id = if request.page_token.is_empty() {
            None
        } else {
            let cursor =
                page_token::decode(&request.page_token, &fingerprint).map_err(|e| Error::invalid("page_token", e))?;
            Some(
                cursor
                    .id
                    .parse::<i64>()
                    .map_err(|_| Error::invalid("page_token", "is not a page token of this API"))?,
            )
        };
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let query = AuditQuery {
            tenant_id: non_empty(&tenant_id),
            actor: non_empty(&request.actor),
            target: non_empty(&request.target),
            since: request.since,
            until: request.until,
            before_id,
            limit: limit + 1,
        };
        let mut items = self.0.audit.list(&query).await?;
        let next_page_token = if items.len() > limit {
            items.truncate(limit);
            let last = items.last().expect("non-empty page").id;
            page_token::encode(&Cursor { key: String::new(), id: last.to_string() }, &fingerprint)
        } else {
            String::new()
        };
        // Counting a large trail for every page would cost more than the page: not computed.
        Ok(Page { items, next_page_token, total_size: 0 })
    }
}
