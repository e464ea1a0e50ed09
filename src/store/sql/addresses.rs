//! The `addresses` table: its primary key makes every address unique
//! installation-wide. Reserving an address (checking in the same
//! transaction that its domain is a mail domain of the tenant, the domain's
//! row share-locked so that a concurrent deletion of the domain waits or
//! wins cleanly), freeing addresses together with their list memberships,
//! and finding who owns addresses.

use async_trait::async_trait;
use sqlx::QueryBuilder;

use super::dialect::{Lock, QueryExt as _, RowExt as _, unique_or};
use super::{Dialect, SqlStore, dynamic, query};
use crate::domain::{AddressKind, ReservedAddress, address::domain_of};
use crate::error::{Error, Result};
use crate::ports::AddressStore;

/// Reserves `address` for `owner` (`kind` is an [`AddressKind`] name);
/// a taken address answers `AlreadyExists { kind: "address" }`.
pub(super) async fn reserve<D: Dialect>(
    conn: &mut D::Connection,
    address: &str,
    tenant_id: &str,
    kind: &str,
    owner: &str,
) -> Result<()> {
    query::<D>("INSERT INTO addresses (address, tenant_id, kind, owner) VALUES ($1, $2, $3, $4)")
        .arg(address)
        .arg(tenant_id)
        .arg(kind)
        .arg(owner)
        .try_run(conn)
        .await
        .map_err(|e| unique_or::<D>(e, || Error::already_exists("address", address)))?;
    Ok(())
}

/// Reserves `address` for `owner` if its domain is a mail domain of the
/// tenant (share-locked until the transaction ends). A taken address
/// answers `AlreadyExists { kind: "address" }`, a foreign domain `NotFound`.
pub(super) async fn reserve_in_domain<D: Dialect>(
    conn: &mut D::Connection,
    address: &str,
    tenant_id: &str,
    kind: AddressKind,
    owner: &str,
) -> Result<()> {
    let sql =
        format!("SELECT name FROM mail_domains WHERE tenant_id = $1 AND name = $2{}", D::lock_clause(Lock::Share));
    let domain = dynamic::<D>(sql).arg(tenant_id).arg(domain_of(address)).maybe_row(&mut *conn).await?;
    if domain.is_none() {
        return Err(Error::not_found("mail domain", domain_of(address)));
    }
    reserve::<D>(conn, address, tenant_id, kind.name(), owner).await
}

/// Frees an address of a tenant: removes it from the tenant's lists (their
/// revisions move on, so that a stale update cannot put it back) and from
/// `addresses`. Answers the addresses of the lists it was taken out of.
pub(super) async fn free<D: Dialect>(conn: &mut D::Connection, tenant_id: &str, address: &str) -> Result<Vec<String>> {
    let lists = query::<D>(
        "UPDATE mail_lists SET revision = revision + 1
         WHERE tenant_id = $1 AND id IN (SELECT list_id FROM mail_list_members WHERE member = $2) RETURNING mail",
    )
    .arg(tenant_id)
    .arg(address)
    .rows(&mut *conn)
    .await?;
    query::<D>(
        "DELETE FROM mail_list_members
         WHERE member = $2 AND list_id IN (SELECT id FROM mail_lists WHERE tenant_id = $1)",
    )
    .arg(tenant_id)
    .arg(address)
    .run(&mut *conn)
    .await?;
    query::<D>("DELETE FROM addresses WHERE address = $1").arg(address).run(conn).await?;
    lists.iter().map(|row| row.text("mail")).collect()
}

/// Largest number of addresses looked up in one statement.
const LOOKUP_CHUNK: usize = 500;

#[async_trait]
impl<D: Dialect> AddressStore for SqlStore<D> {
    async fn find_addresses(&self, addresses: &[String]) -> Result<Vec<ReservedAddress>> {
        let mut conn = self.reader().await?;
        let mut found = Vec::new();
        for chunk in addresses.chunks(LOOKUP_CHUNK) {
            let mut query: QueryBuilder<D> =
                QueryBuilder::new("SELECT address, tenant_id, kind, owner FROM addresses WHERE ");
            D::push_in_texts(&mut query, "address", chunk);
            for row in query.build().rows(&mut conn).await? {
                let kind = row.text("kind")?;
                found.push(ReservedAddress {
                    address: row.text("address")?,
                    tenant_id: row.text("tenant_id")?,
                    kind: AddressKind::from_name(&kind)
                        .ok_or_else(|| Error::internal(anyhow::anyhow!("stored address kind {kind:?}")))?,
                    owner: row.text("owner")?,
                });
            }
        }
        Ok(found)
    }
}
