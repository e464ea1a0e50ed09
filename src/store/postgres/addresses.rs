//! The `addresses` table on PostgreSQL: reserving an address for a resource
//! or a list (holding a share lock on its mail domain, so that a concurrent
//! deletion of the domain waits or wins cleanly), freeing addresses together
//! with their list memberships, and finding who owns addresses.

use async_trait::async_trait;
use sqlx::{PgConnection, Row};

use super::{PostgresStore, db_error, is_unique_violation};
use crate::domain::{AddressKind, ReservedAddress, address::domain_of};
use crate::error::{Error, Result};
use crate::ports::AddressStore;

/// Reserves `address` for `owner` if its domain is a mail domain of the
/// tenant (locked `FOR SHARE` until the transaction ends). A taken address
/// answers `AlreadyExists { kind: "address" }`, a foreign domain `NotFound`.
pub(super) async fn reserve_in_domain(
    conn: &mut PgConnection,
    address: &str,
    tenant_id: &str,
    kind: AddressKind,
    owner: &str,
) -> Result<()> {
    let domain: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM mail_domains WHERE tenant_id = $1 AND name = $2 FOR SHARE")
            .bind(tenant_id)
            .bind(domain_of(address))
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?;
    if domain.is_none() {
        return Err(Error::not_found("mail domain", domain_of(address)));
    }
    sqlx::query("INSERT INTO addresses (address, tenant_id, kind, owner) VALUES ($1, $2, $3, $4)")
        .bind(address)
        .bind(tenant_id)
        .bind(kind.name())
        .bind(owner)
        .execute(&mut *conn)
        .await
        .map_err(|e| if is_unique_violation(&e) { Error::already_exists("address", address) } else { db_error(e) })?;
    Ok(())
}

/// Frees an address of a tenant: removes it from the tenant's lists (their
/// revisions move on, so that a stale update cannot put it back) and from
/// `addresses`.
pub(super) async fn free(conn: &mut PgConnection, tenant_id: &str, address: &str) -> Result<()> {
    sqlx::query(
        "UPDATE mail_lists SET revision = revision + 1
         WHERE tenant_id = $1 AND id IN (SELECT list_id FROM mail_list_members WHERE member = $2)",
    )
    .bind(tenant_id)
    .bind(address)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    sqlx::query(
        "DELETE FROM mail_list_members
         WHERE member = $2 AND list_id IN (SELECT id FROM mail_lists WHERE tenant_id = $1)",
    )
    .bind(tenant_id)
    .bind(address)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    sqlx::query("DELETE FROM addresses WHERE address = $1")
        .bind(address)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    Ok(())
}

#[async_trait]
impl AddressStore for PostgresStore {
    async fn find_addresses(&self, addresses: &[String]) -> Result<Vec<ReservedAddress>> {
        let rows = sqlx::query("SELECT address, tenant_id, kind, owner FROM addresses WHERE address = ANY($1)")
            .bind(addresses)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("kind").map_err(db_error)?;
                Ok(ReservedAddress {
                    address: row.try_get("address").map_err(db_error)?,
                    tenant_id: row.try_get("tenant_id").map_err(db_error)?,
                    kind: AddressKind::from_name(&kind)
                        .ok_or_else(|| Error::internal(anyhow::anyhow!("stored address kind {kind:?}")))?,
                    owner: row.try_get("owner").map_err(db_error)?,
                })
            })
            .collect()
    }
}
