//! Resource groups and resources on PostgreSQL. Resources reference their
//! group by id, so a renamed group keeps its resources and a deleted group
//! takes them with it (foreign key cascade) after their addresses are freed.
//! A resource created in a group holds a share lock on the group's row; a
//! group being deleted holds its row lock.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Row, postgres::PgRow};

use super::addresses::{free, reserve_in_domain};
use super::{PostgresStore, db_error, is_unique_violation};
use crate::domain::{AddressKind, AuditEvent, Resource, ResourceGroup, resource::group_key};
use crate::error::{Error, Result};
use crate::ports::ResourceStore;
use crate::store::{from_micros, to_micros};

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

fn group_from_row(row: &PgRow) -> Result<ResourceGroup> {
    Ok(ResourceGroup {
        tenant_id: row.try_get("tenant_id").map_err(db_error)?,
        name: row.try_get("name").map_err(db_error)?,
        resource_count: row.try_get::<i64, _>("resource_count").map_err(db_error)? as u64,
        created_at: from_micros(row.try_get("created_at").map_err(db_error)?),
        updated_at: from_micros(row.try_get("updated_at").map_err(db_error)?),
    })
}

fn resource_from_row(row: &PgRow) -> Result<Resource> {
    Ok(Resource {
        tenant_id: row.try_get("tenant_id").map_err(db_error)?,
        group: row.try_get("group_name").map_err(db_error)?,
        mail: row.try_get("mail").map_err(db_error)?,
        display_name: row.try_get("display_name").map_err(db_error)?,
        description: row.try_get("description").map_err(db_error)?,
        city: row.try_get("city").map_err(db_error)?,
        address_book_visibility: row.try_get("address_book_visibility").map_err(db_error)?,
        created_at: from_micros(row.try_get("created_at").map_err(db_error)?),
        updated_at: from_micros(row.try_get("updated_at").map_err(db_error)?),
        revision: row.try_get("revision").map_err(db_error)?,
    })
}

/// The id of a group of a tenant, by name in any case, its row locked as
/// `lock` says (`FOR SHARE` or `FOR UPDATE`).
async fn group_id(conn: &mut PgConnection, tenant_id: &str, name: &str, lock: Lock) -> Result<Option<i64>> {
    sqlx::query_scalar(match lock {
        Lock::Share => "SELECT id FROM resource_groups WHERE tenant_id = $1 AND name_key = $2 FOR SHARE",
        Lock::Update => "SELECT id FROM resource_groups WHERE tenant_id = $1 AND name_key = $2 FOR UPDATE",
    })
    .bind(tenant_id)
    .bind(group_key(name))
    .fetch_optional(conn)
    .await
    .map_err(db_error)
}

/// The row lock a transaction takes on a group.
#[derive(Clone, Copy)]
enum Lock {
    Share,
    Update,
}

#[async_trait]
impl ResourceStore for PostgresStore {
    async fn list_resource_groups(
        &self,
        tenant_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<ResourceGroup>> {
        let rows =
            sqlx::query(concat!(groups!(), " WHERE g.tenant_id = $1 AND g.name_key > $2 ORDER BY g.name_key LIMIT $3"))
                .bind(tenant_id)
                .bind(after.unwrap_or(""))
                .bind(limit as i64)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        rows.iter().map(group_from_row).collect()
    }

    async fn count_resource_groups(&self, tenant_id: &str) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resource_groups WHERE tenant_id = $1")
            .bind(tenant_id)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(n as u64)
    }

    async fn get_resource_group(&self, tenant_id: &str, name: &str) -> Result<Option<ResourceGroup>> {
        let row = sqlx::query(concat!(groups!(), " WHERE g.tenant_id = $1 AND g.name_key = $2"))
            .bind(tenant_id)
            .bind(group_key(name))
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.as_ref().map(group_from_row).transpose()
    }

    async fn create_resource_group(&self, group: &ResourceGroup, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO resource_groups (tenant_id, name, name_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&group.tenant_id)
        .bind(&group.name)
        .bind(group_key(&group.name))
        .bind(to_micros(group.created_at))
        .bind(to_micros(group.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::already_exists("resource group", &group.name)
            } else if e.as_database_error().is_some_and(|d| d.is_foreign_key_violation()) {
                Error::not_found("tenant", &group.tenant_id)
            } else {
                db_error(e)
            }
        })?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn rename_resource_group(
        &self,
        tenant_id: &str,
        name: &str,
        new_name: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE resource_groups SET name = $1, name_key = $2, updated_at = $3 WHERE tenant_id = $4 AND name_key = $5",
        )
        .bind(new_name)
        .bind(group_key(new_name))
        .bind(to_micros(at))
        .bind(tenant_id)
        .bind(group_key(name))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) { Error::already_exists("resource group", new_name) } else { db_error(e) }
        })?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("resource group", name));
        }
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn delete_resource_group(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<Vec<String>> {
        let mut tx = self.begin().await?;
        let id = group_id(&mut tx, tenant_id, name, Lock::Update)
            .await?
            .ok_or_else(|| Error::not_found("resource group", name))?;
        let mails: Vec<String> = sqlx::query_scalar("SELECT mail FROM resources WHERE group_id = $1 ORDER BY mail")
            .bind(id)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_error)?;
        for mail in &mails {
            free(&mut tx, tenant_id, mail).await?;
        }
        // The resources go with the group (ON DELETE CASCADE).
        sqlx::query("DELETE FROM resource_groups WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(db_error)?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(mails)
    }

    async fn list_resources(
        &self,
        tenant_id: &str,
        group: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Resource>> {
        let rows = sqlx::query(concat!(
            resources!(),
            " WHERE g.tenant_id = $1 AND g.name_key = $2 AND r.mail > $3 ORDER BY r.mail LIMIT $4"
        ))
        .bind(tenant_id)
        .bind(group_key(group))
        .bind(after.unwrap_or(""))
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(resource_from_row).collect()
    }

    async fn count_resources(&self, tenant_id: &str, group: &str) -> Result<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM resources r JOIN resource_groups g ON g.id = r.group_id
             WHERE g.tenant_id = $1 AND g.name_key = $2",
        )
        .bind(tenant_id)
        .bind(group_key(group))
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(n as u64)
    }

    async fn get_resource(&self, tenant_id: &str, mail: &str) -> Result<Option<Resource>> {
        let row = sqlx::query(concat!(resources!(), " WHERE r.tenant_id = $1 AND r.mail = $2"))
            .bind(tenant_id)
            .bind(mail)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.as_ref().map(resource_from_row).transpose()
    }

    async fn create_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let group = group_id(&mut tx, &resource.tenant_id, &resource.group, Lock::Share)
            .await?
            .ok_or_else(|| Error::not_found("resource group", &resource.group))?;
        reserve_in_domain(&mut tx, &resource.mail, &resource.tenant_id, AddressKind::Resource, &resource.mail).await?;
        sqlx::query(
            "INSERT INTO resources (mail, tenant_id, group_id, display_name, description, city, address_book_visibility,
               created_at, updated_at, revision)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)",
        )
        .bind(&resource.mail)
        .bind(&resource.tenant_id)
        .bind(group)
        .bind(&resource.display_name)
        .bind(&resource.description)
        .bind(&resource.city)
        .bind(resource.address_book_visibility)
        .bind(to_micros(resource.created_at))
        .bind(to_micros(resource.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(
            |e| if is_unique_violation(&e) { Error::already_exists("address", &resource.mail) } else { db_error(e) },
        )?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn update_resource(&self, resource: &Resource, audit: &AuditEvent) -> Result<Resource> {
        let mut tx = self.begin().await?;
        let revision: Option<i64> =
            sqlx::query_scalar("SELECT revision FROM resources WHERE tenant_id = $1 AND mail = $2 FOR UPDATE")
                .bind(&resource.tenant_id)
                .bind(&resource.mail)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
        let Some(revision) = revision else { return Err(Error::not_found("resource", &resource.mail)) };
        if revision != resource.revision {
            return Err(Error::Aborted(format!("resource {}", resource.mail)));
        }
        sqlx::query(
            "UPDATE resources SET display_name = $1, description = $2, city = $3, address_book_visibility = $4,
               updated_at = $5, revision = revision + 1
             WHERE mail = $6",
        )
        .bind(&resource.display_name)
        .bind(&resource.description)
        .bind(&resource.city)
        .bind(resource.address_book_visibility)
        .bind(to_micros(resource.updated_at))
        .bind(&resource.mail)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(Resource { revision: revision + 1, ..resource.clone() })
    }

    async fn delete_resource(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("DELETE FROM resources WHERE tenant_id = $1 AND mail = $2")
            .bind(tenant_id)
            .bind(mail)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("resource", mail));
        }
        free(&mut tx, tenant_id, mail).await?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }
}
