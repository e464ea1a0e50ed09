//! ServiceAccountService over gRPC: proto ⇄ domain conversions of service
//! accounts and API keys around the calls of [`ServiceAccounts`]. A key's
//! secret leaves only in CreateApiKey's answer.

use tonic::{Request, Response, Status};

use super::{context, convert};
use crate::domain::{ApiKey, ServiceAccount};
use crate::error::Error;
use crate::pb::{self, service_account_service_server::ServiceAccountService};
use crate::service::{
    ServiceAccounts,
    service_accounts::{AccountField, KeyRequest},
};

/// The tonic adapter of [`ServiceAccounts`].
#[derive(Clone)]
pub struct ServiceAccountApi(pub ServiceAccounts);

fn account(account: &ServiceAccount) -> pb::ServiceAccount {
    pb::ServiceAccount {
        tenant_id: account.tenant_id.clone(),
        name: account.name.clone(),
        description: account.description.clone(),
        scopes: account.scopes.clone(),
        created_by: account.created_by.clone(),
        create_time: Some(convert::timestamp(account.created_at)),
        update_time: Some(convert::timestamp(account.updated_at)),
    }
}

fn api_key(key: &ApiKey) -> pb::ApiKey {
    pb::ApiKey {
        id: key.id.clone(),
        tenant_id: key.tenant_id.clone(),
        service_account: key.account.clone(),
        description: key.description.clone(),
        allowed_networks: key.networks.iter().map(ToString::to_string).collect(),
        create_time: Some(convert::timestamp(key.created_at)),
        expire_time: key.expires_at.map(convert::timestamp),
        revoke_time: key.revoked_at.map(convert::timestamp),
        last_use_time: key.last_used_at.map(convert::timestamp),
        last_use_address: key.last_used_addr.clone(),
    }
}

/// The fields an update mask names (empty: description and scopes).
fn account_fields(mask: Option<prost_types::FieldMask>) -> Result<Vec<AccountField>, Error> {
    let paths = mask.map(|m| m.paths).unwrap_or_default();
    if paths.is_empty() {
        return Ok(vec![AccountField::Description, AccountField::Scopes]);
    }
    paths
        .iter()
        .map(|path| match path.strip_prefix("service_account.").unwrap_or(path) {
            "description" => Ok(AccountField::Description),
            "scopes" => Ok(AccountField::Scopes),
            other => Err(Error::invalid("update_mask", format!("cannot update {other:?}: use description or scopes"))),
        })
        .collect()
}

#[tonic::async_trait]
impl ServiceAccountService for ServiceAccountApi {
    async fn create_service_account(
        &self,
        request: Request<pb::CreateServiceAccountRequest>,
    ) -> Result<Response<pb::ServiceAccount>, Status> {
        let ctx = context(&request);
        let input = request.into_inner().service_account.unwrap_or_default();
        let created = self.0.create(&ctx, &input.tenant_id, &input.name, &input.description, &input.scopes).await?;
        Ok(Response::new(account(&created)))
    }

    async fn list_service_accounts(
        &self,
        request: Request<pb::ListServiceAccountsRequest>,
    ) -> Result<Response<pb::ListServiceAccountsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list(&ctx, &req.tenant_id, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListServiceAccountsResponse {
            service_accounts: page.items.iter().map(account).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn get_service_account(
        &self,
        request: Request<pb::GetServiceAccountRequest>,
    ) -> Result<Response<pb::ServiceAccount>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        Ok(Response::new(account(&self.0.get(&ctx, &req.tenant_id, &req.name).await?)))
    }

    async fn update_service_account(
        &self,
        request: Request<pb::UpdateServiceAccountRequest>,
    ) -> Result<Response<pb::ServiceAccount>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let fields = account_fields(req.update_mask)?;
        let input = req.service_account.unwrap_or_default();
        let updated =
            self.0.update(&ctx, &input.tenant_id, &input.name, &input.description, &input.scopes, &fields).await?;
        Ok(Response::new(account(&updated)))
    }

    async fn delete_service_account(
        &self,
        request: Request<pb::DeleteServiceAccountRequest>,
    ) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete(&ctx, &req.tenant_id, &req.name).await?;
        Ok(Response::new(()))
    }

    async fn create_api_key(
        &self,
        request: Request<pb::CreateApiKeyRequest>,
    ) -> Result<Response<pb::CreatedApiKey>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let input = KeyRequest {
            description: req.description,
            expires_at: convert::time_from(req.expire_time, "expire_time")?,
            networks: req.allowed_networks,
        };
        let (key, whole) = self.0.create_key(&ctx, &req.tenant_id, &req.service_account, &input).await?;
        Ok(Response::new(pb::CreatedApiKey { api_key: Some(api_key(&key)), key: whole }))
    }

    async fn list_api_keys(
        &self,
        request: Request<pb::ListApiKeysRequest>,
    ) -> Result<Response<pb::ListApiKeysResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let keys = self.0.list_keys(&ctx, &req.tenant_id, &req.service_account).await?;
        Ok(Response::new(pb::ListApiKeysResponse { api_keys: keys.iter().map(api_key).collect() }))
    }

    async fn revoke_api_key(&self, request: Request<pb::RevokeApiKeyRequest>) -> Result<Response<pb::ApiKey>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let key = self.0.revoke_key(&ctx, &req.tenant_id, &req.service_account, &req.id).await?;
        Ok(Response::new(api_key(&key)))
    }
}
