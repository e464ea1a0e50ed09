//! DomainService over gRPC: mail domains and web domains.

use tonic::{Request, Response, Status};

use super::{context, convert};
use crate::error::Error;
use crate::pb::{self, domain_service_server::DomainService};
use crate::service::{
    Domains,
    domains::{MailDomainUpdate, WebDomainInput},
};

/// The tonic adapter of [`Domains`].
#[derive(Clone)]
pub struct DomainApi(pub Domains);

#[tonic::async_trait]
impl DomainService for DomainApi {
    async fn list_mail_domains(
        &self,
        request: Request<pb::ListMailDomainsRequest>,
    ) -> Result<Response<pb::ListMailDomainsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list_mail_domains(&ctx, &req.tenant_id, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListMailDomainsResponse {
            domains: page.items.iter().map(convert::mail_domain).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn get_mail_domain(
        &self,
        request: Request<pb::GetMailDomainRequest>,
    ) -> Result<Response<pb::MailDomain>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        if req.view() == pb::View::Full {
            let (domain, usage) = self.0.get_mail_domain_with_usage(&ctx, &req.tenant_id, &req.name).await?;
            return Ok(Response::new(pb::MailDomain {
                usage: Some(convert::domain_usage(&usage)),
                ..convert::mail_domain(&domain)
            }));
        }
        let domain = self.0.get_mail_domain(&ctx, &req.tenant_id, &req.name).await?;
        Ok(Response::new(convert::mail_domain(&domain)))
    }

    async fn create_mail_domain(
        &self,
        request: Request<pb::CreateMailDomainRequest>,
    ) -> Result<Response<pb::MailDomain>, Status> {
        let ctx = context(&request);
        let Some(domain) = request.into_inner().domain else { return Err(Error::required("domain").into()) };
        let created = self.0.create_mail_domain(&ctx, convert::mail_domain_input(domain)).await?;
        Ok(Response::new(convert::mail_domain(&created)))
    }

    async fn update_mail_domain(
        &self,
        request: Request<pb::UpdateMailDomainRequest>,
    ) -> Result<Response<pb::MailDomain>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let Some(domain) = req.domain else { return Err(Error::required("domain").into()) };
        let update = MailDomainUpdate {
            input: convert::mail_domain_input(domain),
            fields: convert::mail_domain_fields(req.update_mask)?,
        };
        let updated = self.0.update_mail_domain(&ctx, update).await?;
        Ok(Response::new(convert::mail_domain(&updated)))
    }

    async fn delete_mail_domain(&self, request: Request<pb::DeleteMailDomainRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete_mail_domain(&ctx, &req.tenant_id, &req.name, req.force).await?;
        Ok(Response::new(()))
    }

    async fn set_default_mail_domain(
        &self,
        request: Request<pb::SetDefaultMailDomainRequest>,
    ) -> Result<Response<pb::MailDomain>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let domain = self.0.set_default_mail_domain(&ctx, &req.tenant_id, &req.name).await?;
        Ok(Response::new(convert::mail_domain(&domain)))
    }

    async fn list_web_domains(
        &self,
        request: Request<pb::ListWebDomainsRequest>,
    ) -> Result<Response<pb::ListWebDomainsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list_web_domains(&ctx, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListWebDomainsResponse {
            web_domains: page.items.iter().map(convert::web_domain).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn get_web_domain(
        &self,
        request: Request<pb::GetWebDomainRequest>,
    ) -> Result<Response<pb::WebDomain>, Status> {
        let ctx = context(&request);
        let domain = self.0.get_web_domain(&ctx, &request.into_inner().name).await?;
        Ok(Response::new(convert::web_domain(&domain)))
    }

    async fn create_web_domain(
        &self,
        request: Request<pb::CreateWebDomainRequest>,
    ) -> Result<Response<pb::WebDomain>, Status> {
        let ctx = context(&request);
        let Some(domain) = request.into_inner().web_domain else { return Err(Error::required("web_domain").into()) };
        let input = WebDomainInput {
            name: domain.name,
            private_key_pem: Some(domain.private_key_pem),
            certificate_pem: Some(domain.certificate_pem),
        };
        let created = self.0.create_web_domain(&ctx, input).await?;
        Ok(Response::new(convert::web_domain(&created)))
    }

    async fn update_web_domain(
        &self,
        request: Request<pb::UpdateWebDomainRequest>,
    ) -> Result<Response<pb::WebDomain>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let Some(domain) = req.web_domain else { return Err(Error::required("web_domain").into()) };
        let (key, certificate) = convert::web_domain_fields(req.update_mask)?;
        let input = WebDomainInput {
            name: domain.name,
            private_key_pem: key.then_some(domain.private_key_pem),
            certificate_pem: certificate.then_some(domain.certificate_pem),
        };
        let updated = self.0.update_web_domain(&ctx, input).await?;
        Ok(Response::new(convert::web_domain(&updated)))
    }

    async fn delete_web_domain(&self, request: Request<pb::DeleteWebDomainRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        self.0.delete_web_domain(&ctx, &request.into_inner().name).await?;
        Ok(Response::new(()))
    }
}
