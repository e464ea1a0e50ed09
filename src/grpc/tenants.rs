//! TenantService over gRPC.

use tonic::{Request, Response, Status};

use super::{context, convert};
use crate::error::Error;
use crate::pb::{self, tenant_service_server::TenantService};
use crate::service::{
    Tenants,
    tenants::{NewTenant, TenantUpdate},
};

/// The tonic adapter of [`Tenants`].
#[derive(Clone)]
pub struct TenantApi(pub Tenants);

#[tonic::async_trait]
impl TenantService for TenantApi {
    async fn list_tenants(
        &self,
        request: Request<pb::ListTenantsRequest>,
    ) -> Result<Response<pb::ListTenantsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list(&ctx, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListTenantsResponse {
            tenants: page.items.iter().map(convert::tenant).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn get_tenant(&self, request: Request<pb::GetTenantRequest>) -> Result<Response<pb::Tenant>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        if req.view() == pb::View::Full {
            let (tenant, contents) = self.0.get_with_contents(&ctx, &req.tenant_id).await?;
            return Ok(Response::new(pb::Tenant {
                contents: Some(convert::tenant_contents(&contents)),
                ..convert::tenant(&tenant)
            }));
        }
        let tenant = self.0.get(&ctx, &req.tenant_id).await?;
        Ok(Response::new(convert::tenant(&tenant)))
    }

    async fn create_tenant(&self, request: Request<pb::CreateTenantRequest>) -> Result<Response<pb::Tenant>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let tenant = req.tenant.unwrap_or_default();
        let input =
            NewTenant { id: req.tenant_id, display_name: tenant.display_name, lang: tenant.lang, domain: req.domain };
        let created = self.0.create(&ctx, input).await?;
        Ok(Response::new(convert::tenant(&created)))
    }

    async fn update_tenant(&self, request: Request<pb::UpdateTenantRequest>) -> Result<Response<pb::Tenant>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let tenant = req.tenant.unwrap_or_default();
        let paths = req.update_mask.map(|m| m.paths).unwrap_or_default();
        let mut update = TenantUpdate { id: tenant.id, ..Default::default() };
        for path in &paths {
            match path.strip_prefix("tenant.").unwrap_or(path) {
                "display_name" => update.display_name = Some(tenant.display_name.clone()),
                "lang" => update.lang = Some(tenant.lang.clone()),
                "*" => {
                    update.display_name = Some(tenant.display_name.clone());
                    update.lang = Some(tenant.lang.clone());
                }
                other => {
                    return Err(Error::invalid(
                        "update_mask",
                        format!("cannot update {other:?}: use display_name or lang"),
                    )
                    .into());
                }
            }
        }
        if paths.is_empty() {
            return Err(Error::required("update_mask").into());
        }
        let updated = self.0.update(&ctx, update).await?;
        Ok(Response::new(convert::tenant(&updated)))
    }

    async fn delete_tenant(&self, request: Request<pb::DeleteTenantRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete(&ctx, &req.tenant_id, req.force).await?;
        Ok(Response::new(()))
    }
}
