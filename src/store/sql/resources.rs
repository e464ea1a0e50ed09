//! Resource groups and resources. Resources reference their group by id, so
//! a renamed group keeps its resources and a deleted group takes them with
//! it (foreign key cascade) after their addresses are freed. A resource
//! created in a group share-locks the group's row; a group being deleted
//! holds its row lock.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::addresses::{free, reserve_in_domain};
use super::dialect::{Lock, QueryExt as _, RowExt, constraint_or, unique_or};
use super::{Dialect, SqlStore, dynamic, query};
use crate::domain::{AddressKind, AuditEvent, ChangeOp, ObjectKind, Resource, ResourceGroup, resource::group_key};
use crate::error::{Error, Result};
use crate::ports::ResourceStore;
use crate::store::to_micros;

/// Selects groups with their resource counts (a literal for `concat!`).
macro_rules! groups {
    () => {
        "SELECT g.*, (SELECT COUNT(*) FROM resources r WHERE r.group_id = g.id) AS resource_count \
         FROM resource_groups g"
    };
}
/// Selects resources with the name of their group (a literal for `concat!`).
macro_rules! resources {
    () => {
        "SELECT r.*, g.name AS group_name FROM resources r JOIN resource_groups g ON g.id = r.group_id"
    };
}

fn group_from_row<R: RowExt>(row: &R) -> Result<ResourceGroup> {
    Ok(ResourceGroup {
        tenant_id: row.text("tenant_id")?,
        name: row.text("name")?,
        resource_count: row.count("resource_count")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

fn resource_from_row<R: RowExt>(row: &R) -> Result<Resource> {
    Ok(Resource {
        tenant_id: row.text("tenant_id")?,
        group: row.text("group_name")?,
        mail: row.text("mail")?,
        display_name: row.text("display_name")?,
        description: row.text("description")?,
        city: row.text("city")?,
        address_book_visibility: row.small("address_book_visibility")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
        revision: row.int("revision")?,
    })
}

/// The id of a group of a tenant, by name in any case, its row locked.
async fn group_id<D: Dialect>(
    conn: &mut D::Connection,
    tenant_id: &str,
    name: &str,
    lock: Lock,
) -> Result<Option<i64>> {
    let sql = format!("SELECT id FROM resource_groups WHERE tenant_id = $1 AND name_key = $2{}", D::lock_clause(lock));
    let row = dynamic::<D>(sql).arg(tenant_id).arg(group_key(name)).maybe_row(conn).await?;
    row.map(|row| row.int("id")).transpose()
}

#[async_trait]
impl<D: Dialect> ResourceStore for SqlStore<D> {
    async fn list_resource_groups(
        &self,
        tenant_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ResourceGroup>> {
        let rows =
            query::<D>(concat!(groups!(), " WHERE g.tenant_id = $1 AND g.name_key > $2 ORDER BY g.name_key LIMIT $3"))
                .arg(tenant_id)
                .arg(after.unwrap_or(""))
                .arg(limit as i64)
                .rows(&mut *self.reader().await?)
                .await?;
        rows.iter().map(group_from_row).collect()
    }

    async fn count_resource_groups(&self, tenant_id: &str) -> Result<u64> {
        query::<D>("SELECT COUNT(*) AS n FROM resource_groups WHERE tenant_id = $1")
            .arg(tenant_id)
            .row(&mut *self.reader().await?)
            .await?
            .count("n")
    }

    async fn get_resource_group(&self, tenant_id: &str, name: &str) -> Result<Option<ResourceGroup>> {
        let row = query::<D>(concat!(groups!(), " WHERE g.tenant_id = $1 AND g.name_key = $2"))
            .arg(tenant_id)
            .arg(group_key(name))
            .maybe_row(&mut *self.reader().await?)
            .await?;
        row.as_ref().map(group_from_row).transpose()
    }

    async fn create_resource_group(&self, group: &ResourceGroup, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        query::<D>(
            "INSERT INTO resource_groups (tenant_id, name, name_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .arg(&group.tenant_id)
        .arg(&group.name)
        .arg(group_key(&group.name))
        .arg(to_micros(group.created_at))
        .arg(to_micros(group.updated_at))
        .try_run(&mut *tx)
        .await
        .map_err(|e| {
            constraint_or::<D>(
                e,
                || Error::already_exists("resource group", &group.name),
                || Error::not_found("tenant", &group.tenant_id),
            )
        })?;
        tx.changed(ObjectKind::ResourceGroup, &group.tenant_id, &group.name, ChangeOp::Added);
        tx.commit(audit).await
    }

    async fn rename_resource_group(
        &self,
        tenant_id: &str,
        name: &str,
        new_name: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.change().await?;
        let changed = query::<D>(
            "UPDATE resource_groups SET name = $1, name_key = $2, updated_at = $3 WHERE tenant_id = $4 AND name_key = $5",
        )
        .arg(new_name)
        .arg(group_key(new_name))
        .arg(to_micros(at))
        .arg(tenant_id)
        .arg(group_key(name))
        .try_run(&mut *tx)
        .await
        .map_err(|e| unique_or::<D>(e, || Error::already_exists("resource group", new_name)))?;
        if changed == 0 {
            return Err(Error::not_found("resource group", name));
        }
        // A new name is a new key; the group's resources name it.
        tx.changed(ObjectKind::ResourceGroup, tenant_id, name, ChangeOp::Deleted);
        tx.changed(ObjectKind::ResourceGroup, tenant_id, new_name, ChangeOp::Added);
        let resources = query::<D>(
            "SELECT r.mail FROM resources r JOIN resource_groups g ON g.id = r.group_id
             WHERE g.tenant_id = $1 AND g.name_key = $2",
        )
        .arg(tenant_id)
        .arg(group_key(new_name))
        .rows(&mut *tx)
        .await?;
        for row in resources {
            tx.changed(ObjectKind::Resource, tenant_id, &row.text("mail")?, ChangeOp::Modified);
        }
        tx.commit(audit).await
    }

    async fn delete_resource_group(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<Vec<String>> {
        let mut tx = self.change().await?;
        let id = group_id::<D>(&mut tx, tenant_id, name, Lock::Update)
            .await?
            .ok_or_else(|| Error::not_found("resource group", name))?;
        let rows =
            query::<D>("SELECT mail FROM resources WHERE group_id = $1 ORDER BY mail").arg(id).rows(&mut *tx).await?;
        let mails = rows.iter().map(|row| row.text("mail")).collect::<Result<Vec<_>>>()?;
        for mail in &mails {
            let lists = free::<D>(&mut tx, tenant_id, mail).await?;
            tx.lists_modified(tenant_id, lists);
            tx.changed(ObjectKind::Resource, tenant_id, mail, ChangeOp::Deleted);
        }
        // The resources go with the group (ON DELETE CASCADE).
        query::<D>("DELETE FROM resource_groups WHERE id = $1").arg(id).run(&mut *tx).await?;
        tx.changed(ObjectKind::ResourceGroup, tenant_id, name, ChangeOp::Deleted);
        tx.commit(audit).await?;
        Ok(mails)
    }

    async fn list_resources(
        &self,
        tenant_id: &str,
        group: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Resource>> {
        let rows = query::<D>(concat!(
            resources!(),
            " WHERE g.tenant_id = $1 AND g.name_key = $2 AND r.mail > $3 ORDER BY r.mail LIMIT $4"
        ))
        .arg(tenant_id)
        .arg(group_key(group))
        .arg(after.unwrap_or(""))
        .arg(limit as i64)
        .rows(&mut *self.reader().await?)
        .await?;
        rows.iter().map(resource_from_row).collect()
    }

    async fn count_resources(&self, tenant_id: &str, group: &str) -> Result<u64> {
        query::<D>(
            "SELECT COUNT(*) AS n FROM resources r JOIN resource_groups g ON g.id = r.group_id
             WHERE g.tenant_id = $1 AND g.name_key = $2",
        )
        .arg(tenant_id)
        .arg(group_key(group))
        .row(&mut *self.reader().await?)
        .await?
        .count("n")
    }

    async fn get_resource(&self, tenant_id: &str, mail: &str) -> Result<Option<Resource>> {
        let row = query::<D>(concat!(resources!(), " WHERE r.tenant_id = $1 AND r.mail = $2"))
            .arg(tenant_id)
            .arg(mail)
            .maybe_row(&mut *self.reader().await?)
            .await?;
        row.as_ref().map(resource_from_row).transpose()
    }

    async fn create_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let group = group_id::<D>(&mut tx, &resource.tenant_id, &resource.group, Lock::Share)
            .await?
            .ok_or_else(|| Error::not_found("resource group", &resource.group))?;
        reserve_in_domain::<D>(&mut tx, &resource.mail, &resource.tenant_id, AddressKind::Resource, &resource.mail)
            .await?;
        query::<D>(
            "INSERT INTO resources (mail, tenant_id, group_id, display_name, description, city, address_book_visibility,
               created_at, updated_at, revision, name_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10)",
        )
        .arg(&resource.mail)
        .arg(&resource.tenant_id)
        .arg(group)
        .arg(&resource.display_name)
        .arg(&resource.description)
        .arg(&resource.city)
        .arg(resource.address_book_visibility)
        .arg(to_micros(resource.created_at))
        .arg(to_micros(resource.updated_at))
        .arg(resource.display_name.to_lowercase())
        .try_run(&mut *tx)
        .await
        .map_err(|e| unique_or::<D>(e, || Error::already_exists("address", &resource.mail)))?;
        tx.changed(ObjectKind::Resource, &resource.tenant_id, &resource.mail, ChangeOp::Added);
        tx.commit(audit).await
    }

    async fn update_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<Resource> {
        let mut tx = self.change().await?;
        let sql = format!(
            "SELECT revision FROM resources WHERE tenant_id = $1 AND mail = $2{}",
            D::lock_clause(Lock::Update)
        );
        let Some(row) = dynamic::<D>(sql).arg(&resource.tenant_id).arg(&resource.mail).maybe_row(&mut *tx).await?
        else {
            return Err(Error::not_found("resource", &resource.mail));
        };
        let revision = row.int("revision")?;
        if revision != resource.revision {
            return Err(Error::Aborted(format!("resource {}", resource.mail)));
        }
        query::<D>(
            "UPDATE resources SET display_name = $1, description = $2, city = $3, address_book_visibility = $4,
               updated_at = $5, revision = revision + 1, name_key = $7
             WHERE mail = $6",
        )
        .arg(&resource.display_name)
        .arg(&resource.description)
        .arg(&resource.city)
        .arg(resource.address_book_visibility)
        .arg(to_micros(resource.updated_at))
        .arg(&resource.mail)
        .arg(resource.display_name.to_lowercase())
        .run(&mut *tx)
        .await?;
        tx.changed(ObjectKind::Resource, &resource.tenant_id, &resource.mail, ChangeOp::Modified);
        tx.commit(audit).await?;
        Ok(Resource { revision: revision + 1, ..resource.clone() })
    }

    async fn delete_resource(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let deleted = query::<D>("DELETE FROM resources WHERE tenant_id = $1 AND mail = $2")
            .arg(tenant_id)
            .arg(mail)
            .run(&mut *tx)
            .await?;
        if deleted == 0 {
            return Err(Error::not_found("resource", mail));
        }
        let lists = free::<D>(&mut tx, tenant_id, mail).await?;
        tx.lists_modified(tenant_id, lists);
        tx.changed(ObjectKind::Resource, tenant_id, mail, ChangeOp::Deleted);
        tx.commit(audit).await
    }
}
