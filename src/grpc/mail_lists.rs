//! MailListService over gRPC.

use tonic::{Request, Response, Status};

use super::{context, convert};
use crate::error::Error;
use crate::pb::{self, mail_list_service_server::MailListService};
use crate::service::{MailLists, mail_lists::MailListUpdate, sync::Progress};

/// The tonic adapter of [`MailLists`].
#[derive(Clone)]
pub struct MailListApi(pub MailLists);

#[tonic::async_trait]
impl MailListService for MailListApi {
    async fn list_mail_lists(
        &self,
        request: Request<pb::ListMailListsRequest>,
    ) -> Result<Response<pb::ListMailListsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list(&ctx, &req.tenant_id, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListMailListsResponse {
            mail_lists: page.items.iter().map(convert::mail_list).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn get_mail_list(&self, request: Request<pb::GetMailListRequest>) -> Result<Response<pb::MailList>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let list = self.0.get(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(convert::mail_list(&list)))
    }

    async fn create_mail_list(
        &self,
        request: Request<pb::CreateMailListRequest>,
    ) -> Result<Response<pb::MailList>, Status> {
        let ctx = context(&request);
        let Some(list) = request.into_inner().mail_list else { return Err(Error::required("mail_list").into()) };
        let created = self.0.create(&ctx, convert::mail_list_input(list)).await?;
        Ok(Response::new(convert::mail_list(&created)))
    }

    async fn update_mail_list(
        &self,
        request: Request<pb::UpdateMailListRequest>,
    ) -> Result<Response<pb::MailList>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let Some(list) = req.mail_list else { return Err(Error::required("mail_list").into()) };
        let update = MailListUpdate {
            input: convert::mail_list_input(list),
            fields: convert::mail_list_fields(req.update_mask)?,
            add_members: req.add_members,
            remove_members: req.remove_members,
            new_mail: req.new_mail,
        };
        let updated = self.0.update(&ctx, update).await?;
        Ok(Response::new(convert::mail_list(&updated)))
    }

    async fn delete_mail_list(&self, request: Request<pb::DeleteMailListRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(()))
    }

    async fn sync_mail_lists(
        &self,
        request: Request<pb::SyncMailListsRequest>,
    ) -> Result<Response<pb::SyncMailListsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let r = self.0.sync(&ctx, &req.tenant_id, req.dry_run, &Progress::silent()).await?;
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let small = |v: u64| i32::try_from(v).unwrap_or(i32::MAX);
        Ok(Response::new(pb::SyncMailListsResponse {
            created: small(r.created),
            updated: small(r.updated),
            dry_run: r.dry_run,
            read: n(r.read),
            removed: n(r.removed),
            unchanged: n(r.unchanged),
            changes: r.changes,
            conflicts: r.conflicts,
        }))
    }
}
