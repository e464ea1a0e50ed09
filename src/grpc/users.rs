//! UserService over gRPC.

use futures::StreamExt as _;
use tonic::{Request, Response, Status, codegen::BoxStream};

use super::{context, convert};
use crate::error::Error;
use crate::pb::{self, user_service_server::UserService};
use crate::service::{
    Users,
    sync::{Progress, SyncKind, SyncPhase, SyncReport, SyncState},
    users::{ListUsers, UserStream, UserUpdate},
};

/// The shortest time between two progress messages of RunSync.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// A spawned sync, stopped when its stream is dropped (the client went away).
struct RunningSync(tokio::task::JoinHandle<crate::error::Result<SyncReport>>);

impl Drop for RunningSync {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn sync_kind(kind: i32) -> Result<SyncKind, Status> {
    match pb::SyncKind::try_from(kind) {
        Ok(pb::SyncKind::Accounts) => Ok(SyncKind::Accounts),
        Ok(pb::SyncKind::AddressBookAd) => Ok(SyncKind::AddressBookAd),
        Ok(pb::SyncKind::AddressBookBitrix24) => Ok(SyncKind::AddressBookBitrix24),
        Ok(pb::SyncKind::MailListsAd) => Ok(SyncKind::MailListsAd),
        _ => Err(Error::invalid("kind", "must be one of the SYNC_KIND_ values but UNSPECIFIED").into()),
    }
}

fn progress_message(state: SyncState) -> pb::SyncProgress {
    let phase = match state.phase {
        SyncPhase::Connecting => pb::SyncPhase::Connecting,
        SyncPhase::Reading => pb::SyncPhase::Reading,
        SyncPhase::Planning => pb::SyncPhase::Planning,
        SyncPhase::Applying => pb::SyncPhase::Applying,
    };
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    pb::SyncProgress {
        phase: phase as i32,
        read: n(state.read),
        planned: n(state.planned),
        applied: n(state.applied),
        report: None,
    }
}

fn report_message(r: SyncReport) -> pb::SyncReport {
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    pb::SyncReport {
        dry_run: r.dry_run,
        full: r.full,
        read: n(r.read),
        created: n(r.created),
        updated: n(r.updated),
        blocked: n(r.blocked),
        removed: n(r.removed),
        unchanged: n(r.unchanged),
        changes: r.changes,
        conflicts: r.conflicts,
    }
}

/// The tonic adapter of [`Users`].
#[derive(Clone)]
pub struct UserApi(pub Users);

#[tonic::async_trait]
impl UserService for UserApi {
    async fn create_user(&self, request: Request<pb::CreateUserRequest>) -> Result<Response<pb::User>, Status> {
        let ctx = context(&request);
        let Some(user) = request.into_inner().user else { return Err(Error::required("user").into()) };
        let created = self.0.create(&ctx, convert::user_input(user)?).await?;
        Ok(Response::new(convert::user(&created)))
    }

    async fn get_user(&self, request: Request<pb::GetUserRequest>) -> Result<Response<pb::User>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let user = self.0.get(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(convert::user(&user)))
    }

    async fn list_users(
        &self,
        request: Request<pb::ListUsersRequest>,
    ) -> Result<Response<pb::ListUsersResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self
            .0
            .list(
                &ctx,
                ListUsers {
                    tenant_id: req.tenant_id,
                    page_size: req.page_size,
                    page_token: req.page_token,
                    skip: req.skip,
                    search: req.search,
                    order_by: req.order_by,
                },
            )
            .await?;
        Ok(Response::new(pb::ListUsersResponse {
            users: page.items.iter().map(convert::user).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn stream_users(
        &self,
        request: Request<pb::StreamUsersRequest>,
    ) -> Result<Response<BoxStream<pb::User>>, Status> {
        let ctx = context(&request);
        let UserStream { users, read_at } = self.0.stream(&ctx, &request.into_inner().tenant_id).await?;
        let users = users.map(|item| item.map(|user| convert::user(&user)).map_err(Status::from));
        // A stream that ended whole tells, in its trailer, the revision all its
        // users were read at, when there is one (tonic sends a status's
        // metadata as trailers: code OK ends the stream successfully).
        let trailer = futures::stream::once(read_at).filter_map(|read_at| async move {
            let mut metadata = tonic::metadata::MetadataMap::new();
            metadata.insert(crate::server::REVISION_HEADER, read_at.ok()?.into());
            Some(Err(Status::with_metadata(tonic::Code::Ok, "", metadata)))
        });
        Ok(Response::new(Box::pin(users.chain(trailer))))
    }

    async fn update_user(&self, request: Request<pb::UpdateUserRequest>) -> Result<Response<pb::User>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let Some(user) = req.user else { return Err(Error::required("user").into()) };
        let (fields, replace_all) = convert::user_fields(req.update_mask)?;
        let update = UserUpdate {
            input: convert::user_input(user)?,
            fields,
            replace_all,
            add_aliases: req.add_aliases,
            remove_aliases: req.remove_aliases,
        };
        let updated = self.0.update(&ctx, update).await?;
        Ok(Response::new(convert::user(&updated)))
    }

    async fn delete_user(&self, request: Request<pb::DeleteUserRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(()))
    }

    async fn undelete_user(&self, request: Request<pb::UndeleteUserRequest>) -> Result<Response<pb::User>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let user = self.0.undelete(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(convert::user(&user)))
    }

    async fn list_deleted_users(
        &self,
        request: Request<pb::ListDeletedUsersRequest>,
    ) -> Result<Response<pb::ListDeletedUsersResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let page = self.0.list_deleted(&ctx, &req.tenant_id, req.page_size, &req.page_token).await?;
        Ok(Response::new(pb::ListDeletedUsersResponse {
            users: page.items.iter().map(convert::deleted_user).collect(),
            next_page_token: page.next_page_token,
            total_size: convert::total_size(page.total_size),
        }))
    }

    async fn sync_accounts(
        &self,
        request: Request<pb::SyncAccountsRequest>,
    ) -> Result<Response<pb::SyncAccountsResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let r = self.0.sync_accounts(&ctx, &req.tenant_id, (req.dry_run, req.full), &Progress::silent()).await?;
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        Ok(Response::new(pb::SyncAccountsResponse {
            dry_run: r.dry_run,
            full: r.full,
            read: n(r.read),
            created: n(r.created),
            updated: n(r.updated),
            blocked: n(r.blocked),
            removed: n(r.removed),
            unchanged: n(r.unchanged),
            changes: r.changes,
            conflicts: r.conflicts,
        }))
    }

    async fn sync_address_book(
        &self,
        request: Request<pb::SyncAddressBookRequest>,
    ) -> Result<Response<pb::SyncAddressBookResponse>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let kind = match pb::AddressBookSource::try_from(req.source) {
            Ok(pb::AddressBookSource::Ad) => SyncKind::AddressBookAd,
            Ok(pb::AddressBookSource::Bitrix24) => SyncKind::AddressBookBitrix24,
            _ => return Err(Error::invalid("source", "must be ADDRESS_BOOK_SOURCE_AD or _BITRIX24").into()),
        };
        let r = self.0.run_sync(&ctx, kind, &req.tenant_id, (req.dry_run, false), &Progress::silent()).await?;
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let small = |v: u64| i32::try_from(v).unwrap_or(i32::MAX);
        Ok(Response::new(pb::SyncAddressBookResponse {
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

    async fn run_sync(
        &self,
        request: Request<pb::RunSyncRequest>,
    ) -> Result<Response<BoxStream<pb::SyncProgress>>, Status> {
        let mut ctx = context(&request);
        let req = request.into_inner();
        let kind = sync_kind(req.kind)?;
        // the call it stands for, whose scope an API key needs
        ctx.rpc = Some(kind.rpc().to_owned());
        let (progress, mut states) = Progress::channel();
        states.mark_changed(); // the first message goes out at once
        let users = self.0.clone();
        let run = RunningSync(tokio::spawn(async move {
            users.run_sync(&ctx, kind, &req.tenant_id, (req.dry_run, req.full), &progress).await
        }));
        let mut ticker = tokio::time::interval(PROGRESS_EVERY);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let stream = futures::stream::unfold(Some((run, states, ticker)), |running| async move {
            let (mut run, mut states, mut ticker) = running?;
            loop {
                tokio::select! {
                    biased;
                    outcome = &mut run.0 => {
                        let item = match outcome {
                            Ok(Ok(report)) => {
                                let mut last = progress_message(*states.borrow());
                                last.phase = pb::SyncPhase::Done as i32;
                                last.report = Some(report_message(report));
                                Ok(last)
                            }
                            Ok(Err(e)) => Err(Status::from(e)),
                            Err(e) => Err(Status::from(Error::internal(anyhow::anyhow!("the sync stopped: {e}")))),
                        };
                        return Some((item, None));
                    }
                    _ = ticker.tick() => {
                        if states.has_changed().unwrap_or(false) {
                            let state = *states.borrow_and_update();
                            return Some((Ok(progress_message(state)), Some((run, states, ticker))));
                        }
                    }
                }
            }
        });
        Ok(Response::new(Box::pin(stream)))
    }

    async fn set_user_avatar(
        &self,
        request: Request<pb::SetUserAvatarRequest>,
    ) -> Result<Response<pb::UserAvatar>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let avatar = self.0.set_avatar(&ctx, &req.tenant_id, &req.mail, req.image).await?;
        Ok(Response::new(convert::avatar(&req.tenant_id, &req.mail, &avatar, false)))
    }

    async fn get_user_avatar(
        &self,
        request: Request<pb::GetUserAvatarRequest>,
    ) -> Result<Response<pb::UserAvatar>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let avatar = self.0.avatar(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(convert::avatar(&req.tenant_id, &req.mail, &avatar, true)))
    }

    async fn delete_user_avatar(&self, request: Request<pb::DeleteUserAvatarRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.delete_avatar(&ctx, &req.tenant_id, &req.mail).await?;
        Ok(Response::new(()))
    }
}
