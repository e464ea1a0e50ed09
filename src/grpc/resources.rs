//! ResourceService over gRPC: resource groups and resources.

use tonic::{Request, Response, Status};

use super::{context, convert};
use crate::error::Error;
use crate::pb::{self, resource_service_server::ResourceService};
use crate::service::{Resources, resources::ResourceUpdate};

/// The tonic adapter of [`Resources`].
#[derive(Clone)]
pub struct ResourceApi(pub Resources);

#[tonic::async_trait]
impl ResourceService for ResourceApi {
    async fn list_resource_groups(
        &self,
        request: Request<pb::ListResourceGroupsRequest>,
    ) -> Result<Response<pb::ListResourceGroupsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list_groups(&ctx, &req.tenant_id, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListResourceGroupsResponse {
            groups: page.items.iter().map(convert::resource_group).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn get_resource_group(
        &self,
        request: Request<pb::GetResourceGroupRequest>,
    ) -> Result<Response<pb::ResourceGroup>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let group = self.0.get_group(&ctx, &req.tenant_id, &req.name).await?;
        Ok(Response::new(convert::resource_group(&group)))
    }

    async fn create_resource_group(
        &self,
        request: Request<pb::CreateResourceGroupRequest>,
    ) -> Result<Response<pb::ResourceGroup>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let group = self.0.create_group(&ctx, &req.tenant_id, &req.name).await?;
        Ok(Response::new(convert::resource_group(&group)))
    }

    async fn rename_resource_group(
        &self,
        request: Request<pb::RenameResourceGroupRequest>,
    ) -> Result<Response<pb::ResourceGroup>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let group = self.0.rename_group(&ctx, &req.tenant_id, &req.name, &req.new_name).await?;
        Ok(Response::new(convert::resource_group(&group)))
    }

    async fn delete_resource_group(
        &self,
        request: Request<pb::DeleteResourceGroupRequest>,
    ) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete_group(&ctx, &req.tenant_id, &req.name).await?;
        Ok(Response::new(()))
    }

    async fn list_resources(
        &self,
        request: Request<pb::ListResourcesRequest>,
    ) -> Result<Response<pb::ListResourcesResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list(&ctx, &req.tenant_id, &req.group, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListResourcesResponse {
            resources: page.items.iter().map(convert::resource).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn get_resource(&self, request: Request<pb::GetResourceRequest>) -> Result<Response<pb::Resource>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let resource = self.0.get(&ctx, &req.tenant_id, &req.group, &req.mail).await?;
        Ok(Response::new(convert::resource(&resource)))
    }

    async fn create_resource(
        &self,
        request: Request<pb::CreateResourceRequest>,
    ) -> Result<Response<pb::Resource>, Status> {
        let ctx = context(&request);
        let Some(resource) = request.into_inner().resource else { return Err(Error::required("resource").into()) };
        let created = self.0.create(&ctx, convert::resource_input(resource)).await?;
        Ok(Response::new(convert::resource(&created)))
    }

    async fn update_resource(
        &self,
        request: Request<pb::UpdateResourceRequest>,
    ) -> Result<Response<pb::Resource>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let Some(resource) = req.resource else { return Err(Error::required("resource").into()) };
        let update = ResourceUpdate {
            input: convert::resource_input(resource),
            fields: convert::resource_fields(req.update_mask)?,
        };
        let updated = self.0.update(&ctx, update).await?;
        Ok(Response::new(convert::resource(&updated)))
    }

    async fn delete_resource(&self, request: Request<pb::DeleteResourceRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete(&ctx, &req.tenant_id, &req.group, &req.mail).await?;
        Ok(Response::new(()))
    }
}
