//! SettingsService over gRPC.

use futures::StreamExt as _;
use tonic::{Request, Response, Status, codegen::BoxStream};

use super::{context, convert};
use crate::pb::{self, settings_service_server::SettingsService};

/// The tonic adapter of [`crate::service::SettingsService`].
#[derive(Clone)]
pub struct SettingsApi(pub crate::service::SettingsService);

#[tonic::async_trait]
impl SettingsService for SettingsApi {
    async fn get_setting(&self, request: Request<pb::GetSettingRequest>) -> Result<Response<pb::Setting>, Status> {
        let ctx = context(&request);
        let view = self.0.get(&ctx, &request.into_inner().key).await?;
        Ok(Response::new(convert::setting(&view)))
    }

    async fn list_settings(
        &self,
        request: Request<pb::ListSettingsRequest>,
    ) -> Result<Response<pb::ListSettingsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list(&ctx, &req.prefix, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListSettingsResponse {
            settings: page.items.iter().map(convert::setting).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn put_setting(&self, request: Request<pb::PutSettingRequest>) -> Result<Response<pb::Setting>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let view = self.0.put(&ctx, &req.key, &req.value).await?;
        Ok(Response::new(convert::setting(&view)))
    }

    async fn delete_setting(
        &self,
        request: Request<pb::DeleteSettingRequest>,
    ) -> Result<Response<pb::Setting>, Status> {
        let ctx = context(&request);
        let view = self.0.delete(&ctx, &request.into_inner().key).await?;
        Ok(Response::new(convert::setting(&view)))
    }

    async fn watch_settings(
        &self,
        request: Request<pb::WatchSettingsRequest>,
    ) -> Result<Response<BoxStream<pb::Setting>>, Status> {
        let ctx = context(&request);
        let changes = self.0.watch(&ctx, &request.into_inner().prefix).await?;
        let stream = changes.map(|item| item.map(|view| convert::setting(&view)).map_err(Status::from));
        Ok(Response::new(Box::pin(stream)))
    }
}
