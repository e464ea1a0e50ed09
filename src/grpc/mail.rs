//! MailService over gRPC.

use futures::StreamExt as _;
use tonic::{Request, Response, Status, codegen::BoxStream};

use super::{context, convert};
use crate::pb::{self, mail_service_server::MailService};
use crate::service::{
    Mail,
    mail::{MessageSearch, RecallRequest},
};

/// The tonic adapter of [`Mail`].
#[derive(Clone)]
pub struct MailApi(pub Mail);

/// A search or expunge request in service terms.
fn search(
    owners: Option<pb::MailboxOwners>,
    mailbox: String,
    query: Option<pb::MessageQuery>,
) -> Result<MessageSearch, Status> {
    Ok(MessageSearch { owners: convert::owners_input(owners), mailbox, query: convert::mail_query(query)? })
}

#[tonic::async_trait]
impl MailService for MailApi {
    async fn search_messages(
        &self,
        request: Request<pb::SearchMessagesRequest>,
    ) -> Result<Response<BoxStream<pb::MessageHit>>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let hits = self.0.search(&ctx, &search(req.owners, req.mailbox, req.query)?).await?;
        let stream = hits.map(|item| item.map(|hit| convert::message_hit(&hit)).map_err(Status::from));
        Ok(Response::new(Box::pin(stream)))
    }

    async fn fetch_messages(
        &self,
        request: Request<pb::FetchMessagesRequest>,
    ) -> Result<Response<BoxStream<pb::FetchedMessage>>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let part = convert::message_part_from(req.part)?;
        let messages = self.0.fetch(&ctx, &req.owner, &req.mailbox_guid, &req.uids, part).await?;
        let stream = futures::stream::iter(
            messages.into_iter().map(|m| Ok(pb::FetchedMessage { uid: m.uid, content: m.content })),
        );
        Ok(Response::new(Box::pin(stream)))
    }

    async fn expunge_messages(
        &self,
        request: Request<pb::ExpungeMessagesRequest>,
    ) -> Result<Response<pb::ExpungeMessagesResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let report = self.0.expunge(&ctx, &search(req.owners, req.mailbox, req.query)?, req.dry_run).await?;
        Ok(Response::new(convert::expunge_report(&report)))
    }

    async fn recall_message(
        &self,
        request: Request<pb::RecallMessageRequest>,
    ) -> Result<Response<pb::RecallMessageResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let recall = RecallRequest {
            message_id: req.message_id,
            mailboxes: req.mailboxes,
            force: req.force,
            // The guide's default: notify=1.
            notify: req.notify.unwrap_or(true),
        };
        let report = self.0.recall(&ctx, &recall).await?;
        Ok(Response::new(convert::recall_report(&report)))
    }

    async fn set_mailbox_acl(
        &self,
        request: Request<pb::SetMailboxAclRequest>,
    ) -> Result<Response<pb::MailboxAcl>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let rights = convert::mailbox_rights_from(&req.rights)?;
        let acl = self.0.set_acl(&ctx, &req.owner, &req.mailbox, &req.grantee, &rights).await?;
        Ok(Response::new(convert::mailbox_acl(&acl)))
    }

    async fn get_mailbox_acl(
        &self,
        request: Request<pb::GetMailboxAclRequest>,
    ) -> Result<Response<pb::MailboxAcl>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let acl = self.0.get_acl(&ctx, &req.owner, &req.mailbox).await?;
        Ok(Response::new(convert::mailbox_acl(&acl)))
    }

    async fn delete_mailbox_acl(&self, request: Request<pb::DeleteMailboxAclRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete_acl(&ctx, &req.owner, &req.mailbox, &req.grantee).await?;
        Ok(Response::new(()))
    }

    async fn get_mailbox_quota(
        &self,
        request: Request<pb::GetMailboxQuotaRequest>,
    ) -> Result<Response<pb::MailboxQuota>, Status> {
        let ctx = context(&request);
        let (owner, quota) = self.0.quota(&ctx, &request.into_inner().owner).await?;
        Ok(Response::new(convert::mailbox_quota(&owner, &quota)))
    }
}
