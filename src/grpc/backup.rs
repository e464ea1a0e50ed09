//! BackupService over gRPC: LDIF export and import of the directory,
//! settings dump and restore, snapshots (see [`crate::service::backup`]).

use futures::StreamExt as _;
use tonic::{Request, Response, Status, Streaming, codegen::BoxStream};

use super::{context, convert};
use crate::error::Error;
use crate::pb::{self, backup_service_server::BackupService};

/// The tonic adapter of [`crate::service::Backup`].
#[derive(Clone)]
pub struct BackupApi(pub crate::service::Backup);

#[tonic::async_trait]
impl BackupService for BackupApi {
    async fn export_directory(
        &self,
        request: Request<pb::ExportDirectoryRequest>,
    ) -> Result<Response<BoxStream<pb::DataChunk>>, Status> {
        let ctx = context(&request);
        let chunks = self.0.export(&ctx, &request.get_ref().tenant_id).await?;
        let stream = chunks.map(|chunk| chunk.map(|data| pb::DataChunk { data }).map_err(Status::from));
        Ok(Response::new(Box::pin(stream)))
    }

    async fn import_directory(
        &self,
        request: Request<Streaming<pb::ImportDirectoryRequest>>,
    ) -> Result<Response<BoxStream<pb::ImportProgress>>, Status> {
        let ctx = context(&request);
        let mut input = request.into_inner();
        let first = input.message().await?;
        let options = match first.and_then(|m| m.part) {
            Some(pb::import_directory_request::Part::Options(options)) => convert::import_options(&options)?,
            _ => return Err(Error::invalid("options", "the first message must carry the options").into()),
        };
        let data = input
            .map(|message| match message {
                Ok(pb::ImportDirectoryRequest { part: Some(pb::import_directory_request::Part::Data(data)) }) => {
                    Ok(data)
                }
                Ok(_) => Err(Error::invalid("data", "only the first message carries options")),
                Err(status) => Err(Error::Unavailable(format!("reading the import: {}", status.message()))),
            })
            .boxed();
        let progress = self.0.import(&ctx, options, data).await?;
        let stream = progress.map(|item| item.map(|p| convert::import_progress(&p)).map_err(Status::from));
        Ok(Response::new(Box::pin(stream)))
    }

    async fn dump_settings(
        &self,
        request: Request<pb::DumpSettingsRequest>,
    ) -> Result<Response<BoxStream<pb::DataChunk>>, Status> {
        let ctx = context(&request);
        let dump = self.0.dump_settings(&ctx, &request.get_ref().prefix).await?;
        let stream = futures::stream::once(async move { Ok(pb::DataChunk { data: dump }) });
        Ok(Response::new(Box::pin(stream)))
    }

    async fn restore_settings(
        &self,
        request: Request<Streaming<pb::RestoreSettingsRequest>>,
    ) -> Result<Response<pb::RestoreSettingsResponse>, Status> {
        let ctx = context(&request);
        let data = request
            .into_inner()
            .map(|message| {
                message
                    .map(|m| m.data)
                    .map_err(|status| Error::Unavailable(format!("reading the dump: {}", status.message())))
            })
            .boxed();
        let keys_written = self.0.restore_settings(&ctx, data).await?;
        Ok(Response::new(pb::RestoreSettingsResponse { keys_written }))
    }

    async fn create_snapshot(
        &self,
        request: Request<pb::CreateSnapshotRequest>,
    ) -> Result<Response<BoxStream<pb::DataChunk>>, Status> {
        let ctx = context(&request);
        let chunks = self.0.create_snapshot(&ctx).await?;
        let stream = chunks.map(|chunk| chunk.map(|data| pb::DataChunk { data }).map_err(Status::from));
        Ok(Response::new(Box::pin(stream)))
    }

    async fn restore_snapshot(
        &self,
        request: Request<Streaming<pb::RestoreSnapshotRequest>>,
    ) -> Result<Response<BoxStream<pb::ImportProgress>>, Status> {
        let ctx = context(&request);
        let mut input = request.into_inner();
        let first = input.message().await?.unwrap_or_default();
        let resume_id = Some(first.resume_id.trim().to_owned()).filter(|id| !id.is_empty());
        let data = futures::stream::iter([Ok(first.data)])
            .chain(input.map(|message| {
                message
                    .map(|m| m.data)
                    .map_err(|status| Error::Unavailable(format!("reading the snapshot: {}", status.message())))
            }))
            .boxed();
        let progress = self.0.restore_snapshot(&ctx, resume_id, data).await?;
        let stream = progress.map(|item| item.map(|p| convert::import_progress(&p)).map_err(Status::from));
        Ok(Response::new(Box::pin(stream)))
    }
}
