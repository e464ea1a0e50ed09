//! AuditService over gRPC.

use tonic::{Request, Response, Status};

use super::{context, convert};
use crate::pb::{self, audit_service_server::AuditService};
use crate::service::audit::ListAudit;

/// The tonic adapter of [`crate::service::AuditService`].
#[derive(Clone)]
pub struct AuditApi(pub crate::service::AuditService);

#[tonic::async_trait]
impl AuditService for AuditApi {
    async fn list_audit_events(
        &self,
        request: Request<pb::ListAuditEventsRequest>,
    ) -> Result<Response<pb::ListAuditEventsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let list = ListAudit {
            tenant_id: req.tenant_id,
            actor: req.actor,
            target: req.target,
            since: convert::time_from(req.start_time, "start_time")?,
            until: convert::time_from(req.end_time, "end_time")?,
            page_size: req.page_size,
            page_token: req.page_token,
        };
        let page = self.0.list(&ctx, list).await?;
        Ok(Response::new(pb::ListAuditEventsResponse {
            events: page.items.iter().map(convert::audit_event).collect(),
            next_page_token: page.next_page_token,
            total_size: 0,
        }))
    }
}
