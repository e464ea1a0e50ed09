//! The write barrier: what lets a snapshot read the directory and the
//! settings as they were at one point in time.
//!
//! [`WriteBarrier::directory`] and [`WriteBarrier::settings`] wrap the
//! directory and runtime-settings ports. Reads pass straight through; every
//! change holds a shared guard for as long as the store takes to apply it.
//! [`WriteBarrier::pause_writes`] takes the exclusive guard: it waits for
//! the changes in flight to finish, and until the guard is dropped new
//! changes wait (they do not fail) while reads go on. The lock is fair, so a
//! waiting snapshot is not starved by a stream of changes.
//!
//! The barrier is per process: with several replicas on one store it pauses
//! the changes made through the replica that takes the snapshot, not the
//! others' (README, "Snapshots").

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock};

use crate::domain::{
    AuditEvent, DomainUsage, MailDomain, MailDomainField, MailList, PrivateKeyPem, ReservedAddress, Resource,
    ResourceGroup, Tenant, TenantContents, User, UserListQuery, WebDomain,
};
use crate::error::Result;
use crate::ports::{
    AddressStore, Directory, MailDomainStore, MailListStore, ResourceStore, TenantStore, UserStore, WebDomainStore,
};
use crate::settings::runtime::RuntimeSettings;

/// Pauses changes while a snapshot reads. Clones share one barrier.
#[derive(Clone, Default)]
pub struct WriteBarrier {
    gate: Arc<RwLock<()>>,
}

/// While alive, no change goes through the wrapped ports of its barrier.
pub type WritesPaused = OwnedRwLockWriteGuard<()>;

impl WriteBarrier {
    /// Waits for the changes in flight, then holds back new ones until the
    /// returned guard is dropped.
    pub async fn pause_writes(&self) -> WritesPaused {
        self.gate.clone().write_owned().await
    }

    /// `inner` with its changes behind this barrier.
    pub fn directory(&self, inner: Arc<dyn Directory>) -> Arc<dyn Directory> {
        Arc::new(BarrierDirectory { inner, barrier: self.clone() })
    }

    /// `inner` with its writes behind this barrier.
    pub fn settings(&self, inner: Arc<dyn RuntimeSettings>) -> Arc<dyn RuntimeSettings> {
        Arc::new(BarrierSettings { inner, barrier: self.clone() })
    }

    async fn change(&self) -> OwnedRwLockReadGuard<()> {
        self.gate.clone().read_owned().await
    }
}

struct BarrierDirectory {
    inner: Arc<dyn Directory>,
    barrier: WriteBarrier,
}

struct BarrierSettings {
    inner: Arc<dyn RuntimeSettings>,
    barrier: WriteBarrier,
}

#[async_trait]
impl RuntimeSettings for BarrierSettings {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    async fn put(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.put(key, value, audit).await
    }

    async fn delete(&self, key: &str, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.delete(key, audit).await
    }

    async fn load(&self) -> Result<std::collections::BTreeMap<String, String>> {
        self.inner.load().await
    }
}

#[async_trait]
impl TenantStore for BarrierDirectory {
    async fn list_tenants(&self, after: Option<&str>, limit: usize) -> Result<Vec<Tenant>> {
        self.inner.list_tenants(after, limit).await
    }

    async fn count_tenants(&self) -> Result<u64> {
        self.inner.count_tenants().await
    }

    async fn get_tenant(&self, id: &str) -> Result<Option<Tenant>> {
        self.inner.get_tenant(id).await
    }

    async fn create_tenant(&self, tenant: &Tenant, first_domain: &MailDomain, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.create_tenant(tenant, first_domain, audit).await
    }

    async fn update_tenant(&self, tenant: &Tenant, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.update_tenant(tenant, audit).await
    }

    async fn tenant_contents(&self, id: &str) -> Result<TenantContents> {
        self.inner.tenant_contents(id).await
    }

    async fn delete_tenant(&self, id: &str, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.delete_tenant(id, audit).await
    }
}

#[async_trait]
impl MailDomainStore for BarrierDirectory {
    async fn get_mail_domain(&self, name: &str) -> Result<Option<MailDomain>> {
        self.inner.get_mail_domain(name).await
    }

    async fn list_mail_domains(&self, tenant_id: &str) -> Result<Vec<MailDomain>> {
        self.inner.list_mail_domains(tenant_id).await
    }

    async fn create_mail_domain(&self, domain: &MailDomain, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.create_mail_domain(domain, audit).await
    }

    async fn update_mail_domain(
        &self,
        domain: &MailDomain,
        fields: &[MailDomainField],
        audit: &AuditEvent,
    ) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.update_mail_domain(domain, fields, audit).await
    }

    async fn set_default_mail_domain(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.set_default_mail_domain(tenant_id, name, audit).await
    }

    async fn mail_domain_usage(&self, tenant_id: &str, name: &str) -> Result<DomainUsage> {
        self.inner.mail_domain_usage(tenant_id, name).await
    }

    async fn delete_mail_domain(
        &self,
        tenant_id: &str,
        name: &str,
        expected: &DomainUsage,
        audit: &AuditEvent,
    ) -> Result<Vec<String>> {
        let _change = self.barrier.change().await;
        self.inner.delete_mail_domain(tenant_id, name, expected, audit).await
    }
}

#[async_trait]
impl WebDomainStore for BarrierDirectory {
    async fn list_web_domains(&self, after: Option<&str>, limit: usize) -> Result<Vec<WebDomain>> {
        self.inner.list_web_domains(after, limit).await
    }

    async fn count_web_domains(&self) -> Result<u64> {
        self.inner.count_web_domains().await
    }

    async fn get_web_domain(&self, name: &str) -> Result<Option<WebDomain>> {
        self.inner.get_web_domain(name).await
    }

    async fn web_domain_key(&self, name: &str) -> Result<Option<PrivateKeyPem>> {
        self.inner.web_domain_key(name).await
    }

    async fn create_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.create_web_domain(domain, key, audit).await
    }

    async fn update_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.update_web_domain(domain, key, audit).await
    }

    async fn delete_web_domain(&self, name: &str, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.delete_web_domain(name, audit).await
    }
}

#[async_trait]
impl UserStore for BarrierDirectory {
    async fn create_user(&self, user: &User, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.create_user(user, audit).await
    }

    async fn import_users(&self, users: &[User], audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.import_users(users, audit).await
    }

    fn user_batches<'a>(
        &'a self,
        tenant_id: Option<&'a str>,
        batch: usize,
    ) -> futures::stream::BoxStream<'a, Result<Vec<User>>> {
        self.inner.user_batches(tenant_id, batch)
    }

    async fn get_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>> {
        self.inner.get_user(tenant_id, mail).await
    }

    async fn find_user_by_address(&self, address: &str) -> Result<Option<User>> {
        self.inner.find_user_by_address(address).await
    }

    async fn list_users(&self, query: &UserListQuery) -> Result<Vec<User>> {
        self.inner.list_users(query).await
    }

    async fn count_users(&self, tenant_id: Option<&str>, search: Option<&str>) -> Result<u64> {
        self.inner.count_users(tenant_id, search).await
    }

    async fn list_users_page(&self, query: &UserListQuery) -> Result<(Vec<User>, u64)> {
        self.inner.list_users_page(query).await
    }

    async fn update_user(&self, user: &User, audit: &AuditEvent) -> Result<User> {
        let _change = self.barrier.change().await;
        self.inner.update_user(user, audit).await
    }

    async fn delete_user(&self, tenant_id: &str, mail: &str, at: DateTime<Utc>, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.delete_user(tenant_id, mail, at, audit).await
    }

    async fn get_deleted_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>> {
        self.inner.get_deleted_user(tenant_id, mail).await
    }

    async fn list_deleted_users(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<User>> {
        self.inner.list_deleted_users(tenant_id, after, limit).await
    }

    async fn count_deleted_users(&self, tenant_id: &str) -> Result<u64> {
        self.inner.count_deleted_users(tenant_id).await
    }

    async fn undelete_user(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.undelete_user(tenant_id, mail, audit).await
    }

    async fn purge_deleted_users(&self, deleted_before: DateTime<Utc>, audit: &AuditEvent) -> Result<Vec<String>> {
        let _change = self.barrier.change().await;
        self.inner.purge_deleted_users(deleted_before, audit).await
    }
}

#[async_trait]
impl ResourceStore for BarrierDirectory {
    async fn list_resource_groups(
        &self,
        tenant_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ResourceGroup>> {
        self.inner.list_resource_groups(tenant_id, after, limit).await
    }

    async fn count_resource_groups(&self, tenant_id: &str) -> Result<u64> {
        self.inner.count_resource_groups(tenant_id).await
    }

    async fn get_resource_group(&self, tenant_id: &str, name: &str) -> Result<Option<ResourceGroup>> {
        self.inner.get_resource_group(tenant_id, name).await
    }

    async fn create_resource_group(&self, group: &ResourceGroup, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.create_resource_group(group, audit).await
    }

    async fn rename_resource_group(
        &self,
        tenant_id: &str,
        name: &str,
        new_name: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.rename_resource_group(tenant_id, name, new_name, at, audit).await
    }

    async fn delete_resource_group(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<Vec<String>> {
        let _change = self.barrier.change().await;
        self.inner.delete_resource_group(tenant_id, name, audit).await
    }

    async fn list_resources(
        &self,
        tenant_id: &str,
        group: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Resource>> {
        self.inner.list_resources(tenant_id, group, after, limit).await
    }

    async fn count_resources(&self, tenant_id: &str, group: &str) -> Result<u64> {
        self.inner.count_resources(tenant_id, group).await
    }

    async fn get_resource(&self, tenant_id: &str, mail: &str) -> Result<Option<Resource>> {
        self.inner.get_resource(tenant_id, mail).await
    }

    async fn create_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.create_resource(resource, audit).await
    }

    async fn update_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<Resource> {
        let _change = self.barrier.change().await;
        self.inner.update_resource(resource, audit).await
    }

    async fn delete_resource(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.delete_resource(tenant_id, mail, audit).await
    }
}

#[async_trait]
impl MailListStore for BarrierDirectory {
    async fn list_mail_lists(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<MailList>> {
        self.inner.list_mail_lists(tenant_id, after, limit).await
    }

    async fn count_mail_lists(&self, tenant_id: &str) -> Result<u64> {
        self.inner.count_mail_lists(tenant_id).await
    }

    async fn get_mail_list(&self, tenant_id: &str, mail: &str) -> Result<Option<MailList>> {
        self.inner.get_mail_list(tenant_id, mail).await
    }

    async fn create_mail_list(&self, list: &MailList, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.create_mail_list(list, audit).await
    }

    async fn update_mail_list(&self, current_mail: &str, list: &MailList, audit: &AuditEvent) -> Result<MailList> {
        let _change = self.barrier.change().await;
        self.inner.update_mail_list(current_mail, list, audit).await
    }

    async fn delete_mail_list(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let _change = self.barrier.change().await;
        self.inner.delete_mail_list(tenant_id, mail, audit).await
    }
}

#[async_trait]
impl AddressStore for BarrierDirectory {
    async fn find_addresses(&self, addresses: &[String]) -> Result<Vec<ReservedAddress>> {
        self.inner.find_addresses(addresses).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change waits while writes are paused and goes through once the
    /// guard is dropped.
    #[tokio::test]
    async fn a_change_waits_while_writes_are_paused() {
        let barrier = WriteBarrier::default();
        let paused = barrier.pause_writes().await;
        let waiting = tokio::spawn({
            let barrier = barrier.clone();
            async move {
                let _change = barrier.change().await;
            }
        });
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "a change went through a paused barrier");
        drop(paused);
        waiting.await.unwrap();
        let _again = barrier.pause_writes().await;
    }
}
