//! The framework baselines, run in a child process of their own exactly as
//! pbm runs in one: a bare tonic `UserService` whose `GetUser` answers a
//! user read once from pbm and kept in memory, and a bare axum handler
//! answering the same user as pbm's `/v2` JSON. What pbm adds on top of them
//! — authentication, the store, conversions — is what the ratios show.

use std::{net::SocketAddr, path::Path};

use anyhow::Context as _;
use axum::{Json, Router, routing::get};
use prost::Message as _;
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::{Request, Response, Status, codegen::BoxStream};

use pbm::pb::{self, user_service_server::UserService, user_service_server::UserServiceServer};

/// A `UserService` that only answers `GetUser`, from memory.
struct BareUsers {
    user: pb::User,
}

#[tonic::async_trait]
impl UserService for BareUsers {
    async fn get_user(&self, _: Request<pb::GetUserRequest>) -> Result<Response<pb::User>, Status> {
        Ok(Response::new(self.user.clone()))
    }

    async fn create_user(&self, _: Request<pb::CreateUserRequest>) -> Result<Response<pb::User>, Status> {
        Err(Status::unimplemented("baseline"))
    }

    async fn list_users(&self, _: Request<pb::ListUsersRequest>) -> Result<Response<pb::ListUsersResponse>, Status> {
        Err(Status::unimplemented("baseline"))
    }

    async fn stream_users(&self, _: Request<pb::StreamUsersRequest>) -> Result<Response<BoxStream<pb::User>>, Status> {
        Err(Status::unimplemented("baseline"))
    }

    async fn update_user(&self, _: Request<pb::UpdateUserRequest>) -> Result<Response<pb::User>, Status> {
        Err(Status::unimplemented("baseline"))
    }

    async fn delete_user(&self, _: Request<pb::DeleteUserRequest>) -> Result<Response<()>, Status> {
        Err(Status::unimplemented("baseline"))
    }

    async fn undelete_user(&self, _: Request<pb::UndeleteUserRequest>) -> Result<Response<pb::User>, Status> {
        Err(Status::unimplemented("baseline"))
    }

    async fn list_deleted_users(
        &self,
        _: Request<pb::ListDeletedUsersRequest>,
    ) -> Result<Response<pb::ListDeletedUsersResponse>, Status> {
        Err(Status::unimplemented("baseline"))
    }

    async fn sync_address_book(
        &self,
        _: Request<pb::SyncAddressBookRequest>,
    ) -> Result<Response<pb::SyncAddressBookResponse>, Status> {
        Err(Status::unimplemented("baseline"))
    }
}

/// Serves both baselines on loopback ports of their own, printing
/// `listening grpc=ADDR http=ADDR` on stdout, until killed.
pub async fn serve(user_proto: &Path, user_json: &Path) -> anyhow::Result<()> {
    let user = pb::User::decode(std::fs::read(user_proto).context("reading the baseline user")?.as_slice())?;
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(user_json)?)?;
    let grpc_listener = TcpListener::bind("127.0.0.1:0").await?;
    let http_listener = TcpListener::bind("127.0.0.1:0").await?;
    let (grpc_addr, http_addr): (SocketAddr, SocketAddr) = (grpc_listener.local_addr()?, http_listener.local_addr()?);
    let grpc = tonic::transport::Server::builder()
        .add_service(UserServiceServer::new(BareUsers { user }))
        .serve_with_incoming(TcpListenerStream::new(grpc_listener));
    let router = Router::new().route(
        "/v2/users/{tenant}/{mail}",
        get(move || {
            let json = json.clone();
            async move { Json(json) }
        }),
    );
    let http = axum::serve(http_listener, router);
    println!("listening grpc={grpc_addr} http={http_addr}");
    tokio::try_join!(async { grpc.await.map_err(anyhow::Error::from) }, async {
        http.await.map_err(anyhow::Error::from)
    })?;
    Ok(())
}
