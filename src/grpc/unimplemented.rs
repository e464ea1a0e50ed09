//! Services of the contract that later issues build: registered so that
//! reflection lists them and every call answers UNIMPLEMENTED (the generated
//! default methods).

use crate::pb;

/// BackupService.
#[derive(Debug, Clone, Default)]
pub struct BackupApi;
#[tonic::async_trait]
impl pb::backup_service_server::BackupService for BackupApi {}
