//! AddressBookService over gRPC: the address-book search and the external
//! contacts, converted in [`convert`] and served by [`AddressBook`].

use tonic::{Request, Response, Status};

use super::{context, convert};
use crate::error::Error;
use crate::pb::{self, address_book_service_server::AddressBookService};
use crate::service::{
    AddressBook,
    addressbook::{BookSearch, ContactUpdate},
};

/// The tonic adapter of [`AddressBook`].
#[derive(Clone)]
pub struct AddressBookApi(pub AddressBook);

#[tonic::async_trait]
impl AddressBookService for AddressBookApi {
    async fn search_address_book(
        &self,
        request: Request<pb::SearchAddressBookRequest>,
    ) -> Result<Response<pb::SearchAddressBookResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let search = BookSearch {
            tenant_id: req.tenant_id,
            prefix: req.prefix,
            list: convert::book_list(req.list)?,
            page_size: req.page_size,
            page_token: req.page_token,
        };
        let page = self.0.search(&ctx, search).await?;
        Ok(Response::new(pb::SearchAddressBookResponse {
            entries: page.items.iter().map(convert::book_entry).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn get_address_book_entry(
        &self,
        request: Request<pb::GetAddressBookEntryRequest>,
    ) -> Result<Response<pb::AddressBookEntry>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let entry = self.0.entry(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(convert::book_entry(&entry)))
    }

    async fn list_contacts(
        &self,
        request: Request<pb::ListContactsRequest>,
    ) -> Result<Response<pb::ListContactsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list(&ctx, &req.tenant_id, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListContactsResponse {
            contacts: page.items.iter().map(convert::contact).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn get_contact(&self, request: Request<pb::GetContactRequest>) -> Result<Response<pb::Contact>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let contact = self.0.get(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(convert::contact(&contact)))
    }

    async fn create_contact(
        &self,
        request: Request<pb::CreateContactRequest>,
    ) -> Result<Response<pb::Contact>, Status> {
        let ctx = context(&request);
        let Some(contact) = request.into_inner().contact else { return Err(Error::required("contact").into()) };
        let created = self.0.create(&ctx, convert::contact_input(contact)).await?;
        Ok(Response::new(convert::contact(&created)))
    }

    async fn update_contact(
        &self,
        request: Request<pb::UpdateContactRequest>,
    ) -> Result<Response<pb::Contact>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let Some(contact) = req.contact else { return Err(Error::required("contact").into()) };
        let update = ContactUpdate {
            input: convert::contact_input(contact),
            fields: convert::contact_fields(req.update_mask)?,
            new_mail: req.new_mail,
        };
        let updated = self.0.update(&ctx, update).await?;
        Ok(Response::new(convert::contact(&updated)))
    }

    async fn delete_contact(&self, request: Request<pb::DeleteContactRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(()))
    }
}
