//! Services of the contract that later issues build: registered so that
//! reflection lists them and every call answers UNIMPLEMENTED (the generated
//! default methods).

use crate::pb;

/// DomainService (mail and web domains).
#[derive(Debug, Clone, Default)]
pub struct DomainApi;
#[tonic::async_trait]
impl pb::domain_service_server::DomainService for DomainApi {}

/// ResourceService (resource groups and resources).
#[derive(Debug, Clone, Default)]
pub struct ResourceApi;
#[tonic::async_trait]
impl pb::resource_service_server::ResourceService for ResourceApi {}

/// MailListService (mailing lists).
#[derive(Debug, Clone, Default)]
pub struct MailListApi;
#[tonic::async_trait]
impl pb::mail_list_service_server::MailListService for MailListApi {}

/// MailService (doveadm).
#[derive(Debug, Clone, Default)]
pub struct MailApi;
#[tonic::async_trait]
impl pb::mail_service_server::MailService for MailApi {}

/// BackupService.
#[derive(Debug, Clone, Default)]
pub struct BackupApi;
#[tonic::async_trait]
impl pb::backup_service_server::BackupService for BackupApi {}
