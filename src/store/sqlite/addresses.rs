//! The `addresses` table on SQLite: reserving an address for a resource or a
//! list (inside a transaction, checking that its domain still belongs to the
//! tenant), freeing addresses together with their list memberships, and
//! finding who owns addresses.

use async_trait::async_trait;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use super::{SqliteStore, db_error, is_unique_violation};
use crate::domain::{AddressKind, ReservedAddress, address::domain_of};
use crate::error::{Error, Result};
use crate::ports::AddressStore;

/// Reserves `address` for `owner` if its domain is a mail domain of the
/// tenant — checked in the same statement, so that a domain deleted
/// concurrently cannot end up with addresses. A taken address answers
/// `AlreadyExists { kind: "address" }`, a foreign domain `NotFound`.
pub(super) async fn reserve_in_domain(
    conn: &mut SqliteConnection,
    address: &str,
    tenant_id: &str,
    kind: AddressKind,
    owner: &str,
) -> Result<()> {
    let done = sqlx::query(
        "INSERT INTO addresses (address, tenant_id, kind, owner)
         SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM mail_domains WHERE tenant_id = ?2 AND name = ?5)",
    )
    .bind(address)
    .bind(tenant_id)
    .bind(kind.name())
    .bind(owner)
    .bind(domain_of(address))
    .execute(conn)
    .await
    .map_err(|e| if is_unique_violation(&e) { Error::already_exists("address", address) } else { db_error(e) })?;
    if done.rows_affected() == 0 {
        return Err(Error::not_found("mail domain", domain_of(address)));
    }
    Ok(())
}

/// Frees an address of a tenant: removes it from the tenant's lists (their
/// revisions move on, so that a stale update cannot put it back) and from
/// `addresses`.
pub(super) async fn free(conn: &mut SqliteConnection, tenant_id: &str, address: &str) -> Result<()> {
    sqlx::query(
        "UPDATE mail_lists SET revision = revision + 1
         WHERE tenant_id = ?1 AND id IN (SELECT list_id FROM mail_list_members WHERE member = ?2)",
    )
    .bind(tenant_id)
    .bind(address)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    sqlx::query(
        "DELETE FROM mail_list_members
         WHERE member = ?2 AND list_id IN (SELECT id FROM mail_lists WHERE tenant_id = ?1)",
    )
    .bind(tenant_id)
    .bind(address)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    sqlx::query("DELETE FROM addresses WHERE address = ?").bind(address).execute(&mut *conn).await.map_err(db_error)?;
    Ok(())
}

/// Largest number of addresses looked up in one statement.
const LOOKUP_CHUNK: usize = 500;

#[async_trait]
impl AddressStore for SqliteStore {
    async fn find_addresses(&self, addresses: &[String]) -> Result<Vec<ReservedAddress>> {
        let mut found = Vec::new();
        for chunk in addresses.chunks(LOOKUP_CHUNK) {
            let mut query: QueryBuilder<Sqlite> =
                QueryBuilder::new("SELECT address, tenant_id, kind, owner FROM addresses WHERE address IN (");
            let mut list = query.separated(", ");
            for address in chunk {
                list.push_bind(address.clone());
            }
            query.push(")");
            for row in query.build().fetch_all(&self.read).await.map_err(db_error)? {
                let kind: String = row.try_get("kind").map_err(db_error)?;
                found.push(ReservedAddress {
                    address: row.try_get("address").map_err(db_error)?,
                    tenant_id: row.try_get("tenant_id").map_err(db_error)?,
                    kind: AddressKind::from_name(&kind)
                        .ok_or_else(|| Error::internal(anyhow::anyhow!("stored address kind {kind:?}")))?,
                    owner: row.try_get("owner").map_err(db_error)?,
                });
            }
        }
        Ok(found)
    }
}
