//! Users on PostgreSQL: one row per account, its addresses in the
//! `addresses` table whose primary key makes every address unique
//! installation-wide. An address a user gives up (a removed alias, a purged
//! account) leaves the mailing lists of its tenant in the same transaction.

use std::collections::{BTreeSet, HashMap};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder, Row, postgres::PgRow};

use super::{PostgresStore, db_error, is_unique_violation};
use crate::domain::{AuditEvent, Role, User, UserListQuery, UserSortKey, UserStatus};
use crate::error::{Error, Result};
use crate::ports::UserStore;
use crate::store::{from_micros, like_escape, to_micros};

/// Address kinds owned by users.
const KIND_MAIL: &str = "mail";
const KIND_ALTERNATE: &str = "alternate";
const KIND_ALIAS: &str = "alias";

fn user_from_row(row: &PgRow) -> Result<User> {
    let get_str = |name: &str| -> Result<String> { row.try_get(name).map_err(db_error) };
    let get_int = |name: &str| -> Result<i64> { row.try_get(name).map_err(db_error) };
    let role = i64::from(row.try_get::<i32, _>("role").map_err(db_error)?);
    let status = i64::from(row.try_get::<i32, _>("status").map_err(db_error)?);
    Ok(User {
        tenant_id: get_str("tenant_id")?,
        mail: get_str("mail")?,
        alternate_address: get_str("alternate_address")?,
        role: Role::from_legacy(role).ok_or_else(|| Error::internal(anyhow::anyhow!("stored role {role}")))?,
        given_name: get_str("given_name")?,
        surname: get_str("surname")?,
        middle_name: get_str("middle_name")?,
        department: get_str("department")?,
        title: get_str("title")?,
        description: get_str("description")?,
        home_phone: get_str("home_phone")?,
        work_phone: get_str("work_phone")?,
        city: get_str("city")?,
        telegram: get_str("telegram")?,
        skype: get_str("skype")?,
        quota_bytes: row.try_get("quota_bytes").map_err(db_error)?,
        display_name: get_str("display_name")?,
        status: UserStatus::from_legacy(status)
            .ok_or_else(|| Error::internal(anyhow::anyhow!("stored status {status}")))?,
        lang: get_str("lang")?,
        aliases: Vec::new(),
        address_book_visibility: row.try_get("address_book_visibility").map_err(db_error)?,
        password_hash: get_str("password_hash")?,
        created_at: from_micros(get_int("created_at")?),
        updated_at: from_micros(get_int("updated_at")?),
        deleted_at: row.try_get::<Option<i64>, _>("deleted_at").map_err(db_error)?.map(from_micros),
        revision: get_int("revision")?,
    })
}

/// The column holding a sort key.
fn sort_column(key: UserSortKey) -> &'static str {
    match key {
        UserSortKey::Mail => "mail",
        UserSortKey::GivenName => "given_name_key",
        UserSortKey::Surname => "surname_key",
    }
}

/// Appends the search condition on mail, given name and surname.
fn push_search(query: &mut QueryBuilder<Postgres>, search: Option<&str>) {
    if let Some(search) = search.filter(|s| !s.is_empty()) {
        let pattern = format!("%{}%", like_escape(search));
        // The joined expression is the one `users_live_search` indexes (migration
        // 0006): it narrows the rows; the per-column conditions keep the meaning.
        query.push(" AND (mail || ' ' || given_name_key || ' ' || surname_key) LIKE ");
        query.push_bind(pattern.clone());
        query.push(" ESCAPE '\\' AND (mail LIKE ");
        query.push_bind(pattern.clone());
        query.push(" ESCAPE '\\' OR given_name_key LIKE ");
        query.push_bind(pattern.clone());
        query.push(" ESCAPE '\\' OR surname_key LIKE ");
        query.push_bind(pattern);
        query.push(" ESCAPE '\\')");
    }
}

/// Inserts one address; a taken address answers `AlreadyExists` naming it.
async fn reserve_address(
    conn: &mut PgConnection,
    address: &str,
    tenant_id: &str,
    kind: &str,
    owner: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO addresses (address, tenant_id, kind, owner) VALUES ($1, $2, $3, $4)")
        .bind(address)
        .bind(tenant_id)
        .bind(kind)
        .bind(owner)
        .execute(conn)
        .await
        .map_err(|e| if is_unique_violation(&e) { Error::already_exists("address", address) } else { db_error(e) })?;
    Ok(())
}

/// The addresses a user should own besides its primary address.
fn secondary_addresses(user: &User) -> BTreeSet<(String, &'static str)> {
    let mut set: BTreeSet<(String, &'static str)> =
        user.aliases.iter().map(|alias| (alias.clone(), KIND_ALIAS)).collect();
    if !user.alternate_address.is_empty() {
        set.insert((user.alternate_address.clone(), KIND_ALTERNATE));
    }
    set
}

/// Rows per `INSERT … SELECT FROM UNNEST(…)` of an import.
const IMPORT_ROWS_PER_STATEMENT: usize = 10_000;

/// Every address a user reserves, its primary address first.
fn all_addresses(user: &User) -> impl Iterator<Item = (String, &'static str)> + '_ {
    std::iter::once((user.mail.clone(), KIND_MAIL)).chain(secondary_addresses(user))
}

/// The address that made a bulk insert fail: one already stored, or one
/// given twice in the import.
async fn first_taken_address(pool: &sqlx::PgPool, users: &[User]) -> Result<String> {
    let mut seen = std::collections::HashSet::new();
    let mut all = Vec::new();
    for user in users {
        for (address, _) in all_addresses(user) {
            if !seen.insert(address.clone()) {
                return Ok(address);
            }
            all.push(address);
        }
    }
    let stored: Option<String> =
        sqlx::query_scalar("SELECT address FROM addresses WHERE address = ANY($1) ORDER BY address LIMIT 1")
            .bind(&all)
            .fetch_optional(pool)
            .await
            .map_err(db_error)?;
    Ok(stored.unwrap_or_else(|| users.first().map(|u| u.mail.clone()).unwrap_or_default()))
}

impl PostgresStore {
    /// Fills the aliases of the given users.
    async fn attach_aliases(&self, users: &mut [User]) -> Result<()> {
        if users.is_empty() {
            return Ok(());
        }
        let mut query: QueryBuilder<Postgres> = QueryBuilder::new("SELECT owner, address FROM addresses WHERE kind = ");
        query.push_bind(KIND_ALIAS);
        query.push(" AND owner IN (");
        let mut owners = query.separated(", ");
        for user in users.iter() {
            owners.push_bind(user.mail.clone());
        }
        query.push(") ORDER BY address");
        let rows = query.build().fetch_all(&self.pool).await.map_err(db_error)?;
        let mut by_owner: HashMap<String, Vec<String>> = HashMap::new();
        for row in rows {
            by_owner
                .entry(row.try_get("owner").map_err(db_error)?)
                .or_default()
                .push(row.try_get("address").map_err(db_error)?);
        }
        for user in users.iter_mut() {
            user.aliases = by_owner.remove(&user.mail).unwrap_or_default();
        }
        Ok(())
    }

    async fn fetch_users(&self, mut query: QueryBuilder<Postgres>) -> Result<Vec<User>> {
        let rows = query.build().fetch_all(&self.pool).await.map_err(db_error)?;
        let mut users = rows.iter().map(user_from_row).collect::<Result<Vec<_>>>()?;
        self.attach_aliases(&mut users).await?;
        Ok(users)
    }

    async fn fetch_user(&self, tenant_id: &str, mail: &str, deleted: bool) -> Result<Option<User>> {
        let mut query: QueryBuilder<Postgres> = QueryBuilder::new("SELECT * FROM users WHERE tenant_id = ");
        query.push_bind(tenant_id.to_owned());
        query.push(" AND mail = ");
        query.push_bind(mail.to_owned());
        query.push(if deleted { " AND deleted_at IS NOT NULL" } else { " AND deleted_at IS NULL" });
        Ok(self.fetch_users(query).await?.pop())
    }
}

#[async_trait]
impl UserStore for PostgresStore {
    async fn create_user(&self, user: &User, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        reserve_address(&mut tx, &user.mail, &user.tenant_id, KIND_MAIL, &user.mail).await?;
        for (address, kind) in secondary_addresses(user) {
            reserve_address(&mut tx, &address, &user.tenant_id, kind, &user.mail).await?;
        }
        sqlx::query(
            "INSERT INTO users (tenant_id, mail, alternate_address, role, given_name, surname, given_name_key,
               surname_key, middle_name, department, title, description, home_phone, work_phone, city, telegram,
               skype, quota_bytes, display_name, status, lang, address_book_visibility, password_hash, created_at,
               updated_at, deleted_at, revision)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, NULL, 1)",
        )
        .bind(&user.tenant_id)
        .bind(&user.mail)
        .bind(&user.alternate_address)
        .bind(user.role.legacy())
        .bind(&user.given_name)
        .bind(&user.surname)
        .bind(user.given_name.to_lowercase())
        .bind(user.surname.to_lowercase())
        .bind(&user.middle_name)
        .bind(&user.department)
        .bind(&user.title)
        .bind(&user.description)
        .bind(&user.home_phone)
        .bind(&user.work_phone)
        .bind(&user.city)
        .bind(&user.telegram)
        .bind(&user.skype)
        .bind(user.quota_bytes)
        .bind(&user.display_name)
        .bind(user.status.legacy())
        .bind(&user.lang)
        .bind(user.address_book_visibility)
        .bind(&user.password_hash)
        .bind(to_micros(user.created_at))
        .bind(to_micros(user.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) { Error::already_exists("address", &user.mail) } else { db_error(e) }
        })?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn import_users(&self, users: &[User], audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let addresses: Vec<(String, &str, &str, &str)> = users
            .iter()
            .flat_map(|user| {
                all_addresses(user).map(|(address, kind)| (address, user.tenant_id.as_str(), kind, user.mail.as_str()))
            })
            .collect();
        for chunk in addresses.chunks(IMPORT_ROWS_PER_STATEMENT) {
            let (mut address, mut tenant, mut kind, mut owner) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (a, t, k, o) in chunk {
                address.push(a.as_str());
                tenant.push(*t);
                kind.push(*k);
                owner.push(*o);
            }
            let inserted = sqlx::query(
                "INSERT INTO addresses (address, tenant_id, kind, owner)
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])",
            )
            .bind(address)
            .bind(tenant)
            .bind(kind)
            .bind(owner)
            .execute(&mut *tx)
            .await;
            if let Err(e) = inserted {
                if is_unique_violation(&e) {
                    tx.rollback().await.map_err(db_error)?;
                    return Err(Error::already_exists("address", first_taken_address(&self.pool, users).await?));
                }
                return Err(db_error(e));
            }
        }
        for chunk in users.chunks(IMPORT_ROWS_PER_STATEMENT) {
            let text = |pick: fn(&User) -> &str| -> Vec<&str> { chunk.iter().map(pick).collect() };
            let lower =
                |pick: fn(&User) -> &str| -> Vec<String> { chunk.iter().map(|u| pick(u).to_lowercase()).collect() };
            let int = |pick: fn(&User) -> i32| -> Vec<i32> { chunk.iter().map(pick).collect() };
            let big = |pick: fn(&User) -> i64| -> Vec<i64> { chunk.iter().map(pick).collect() };
            let quotas: Vec<Option<i64>> = chunk.iter().map(|u| u.quota_bytes).collect();
            sqlx::query(
                "INSERT INTO users (tenant_id, mail, alternate_address, role, given_name, surname, given_name_key,
                   surname_key, middle_name, department, title, description, home_phone, work_phone, city, telegram,
                   skype, quota_bytes, display_name, status, lang, address_book_visibility, password_hash, created_at,
                   updated_at)
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[],
                   $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                   $14::text[], $15::text[], $16::text[], $17::text[], $18::bigint[], $19::text[], $20::int[],
                   $21::text[], $22::int[], $23::text[], $24::bigint[], $25::bigint[])",
            )
            .bind(text(|u| &u.tenant_id))
            .bind(text(|u| &u.mail))
            .bind(text(|u| &u.alternate_address))
            .bind(int(|u| u.role.legacy()))
            .bind(text(|u| &u.given_name))
            .bind(text(|u| &u.surname))
            .bind(lower(|u| &u.given_name))
            .bind(lower(|u| &u.surname))
            .bind(text(|u| &u.middle_name))
            .bind(text(|u| &u.department))
            .bind(text(|u| &u.title))
            .bind(text(|u| &u.description))
            .bind(text(|u| &u.home_phone))
            .bind(text(|u| &u.work_phone))
            .bind(text(|u| &u.city))
            .bind(text(|u| &u.telegram))
            .bind(text(|u| &u.skype))
            .bind(quotas)
            .bind(text(|u| &u.display_name))
            .bind(int(|u| u.status.legacy()))
            .bind(text(|u| &u.lang))
            .bind(int(|u| u.address_book_visibility))
            .bind(text(|u| &u.password_hash))
            .bind(big(|u| to_micros(u.created_at)))
            .bind(big(|u| to_micros(u.updated_at)))
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) { Error::already_exists("address", &chunk[0].mail) } else { db_error(e) }
            })?;
        }
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn get_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>> {
        self.fetch_user(tenant_id, mail, false).await
    }

    async fn find_user_by_address(&self, address: &str) -> Result<Option<User>> {
        let mut query: QueryBuilder<Postgres> = QueryBuilder::new(
            "SELECT u.* FROM addresses a JOIN users u ON u.mail = a.owner
             WHERE a.kind IN ('mail', 'alternate', 'alias') AND u.deleted_at IS NULL AND a.address = ",
        );
        query.push_bind(address.to_owned());
        Ok(self.fetch_users(query).await?.pop())
    }

    async fn list_users(&self, q: &UserListQuery) -> Result<Vec<User>> {
        let column = sort_column(q.sort);
        let (cmp, dir) = if q.descending { ("<", "DESC") } else { (">", "ASC") };
        let order = if q.sort == UserSortKey::Mail {
            format!(" ORDER BY mail {dir}")
        } else {
            format!(" ORDER BY {column} {dir}, mail {dir}")
        };
        // Skipped rows (legacy `page`) are counted on the sort index alone:
        // the inner query reads only indexed columns, and only the page's
        // rows are fetched whole (a deferred join).
        let mut query: QueryBuilder<Postgres> = QueryBuilder::new(if q.skip > 0 {
            "SELECT * FROM users WHERE mail IN (SELECT mail FROM users WHERE deleted_at IS NULL"
        } else {
            "SELECT * FROM users WHERE deleted_at IS NULL"
        });
        if let Some(tenant) = &q.tenant_id {
            query.push(" AND tenant_id = ");
            query.push_bind(tenant.clone());
        }
        push_search(&mut query, q.search.as_deref());
        if let Some(after) = &q.after {
            if q.sort == UserSortKey::Mail {
                query.push(format_args!(" AND mail {cmp} "));
                query.push_bind(after.id.clone());
            } else {
                query.push(format_args!(" AND ({column}, mail) {cmp} ("));
                query.push_bind(after.key.clone());
                query.push(", ");
                query.push_bind(after.id.clone());
                query.push(")");
            }
        }
        query.push(&order);
        query.push(" LIMIT ");
        query.push_bind(q.limit as i64);
        if q.skip > 0 {
            query.push(" OFFSET ");
            query.push_bind(q.skip.min(i64::MAX as u64) as i64);
            query.push(")");
            query.push(&order);
        }
        self.fetch_users(query).await
    }

    async fn count_users(&self, tenant_id: Option<&str>, search: Option<&str>) -> Result<u64> {
        let mut query: QueryBuilder<Postgres> =
            QueryBuilder::new("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL");
        if let Some(tenant) = tenant_id {
            query.push(" AND tenant_id = ");
            query.push_bind(tenant.to_owned());
        }
        push_search(&mut query, search);
        let n: i64 = query.build_query_scalar().fetch_one(&self.pool).await.map_err(db_error)?;
        Ok(n as u64)
    }

    async fn update_user(&self, user: &User, audit: &AuditEvent) -> Result<User> {
        let mut tx = self.begin().await?;
        let current: Option<(i64, i64)> = sqlx::query_as(
            "SELECT id, revision FROM users WHERE tenant_id = $1 AND mail = $2 AND deleted_at IS NULL FOR UPDATE",
        )
        .bind(&user.tenant_id)
        .bind(&user.mail)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        let Some((id, revision)) = current else { return Err(Error::not_found("user", &user.mail)) };
        if revision != user.revision {
            return Err(Error::Aborted(format!("user {}", user.mail)));
        }
        let stored: Vec<(String, String)> =
            sqlx::query_as("SELECT address, kind FROM addresses WHERE owner = $1 AND kind IN ('alternate', 'alias')")
                .bind(&user.mail)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
        let stored: BTreeSet<(String, String)> = stored.into_iter().collect();
        let wanted: BTreeSet<(String, String)> =
            secondary_addresses(user).into_iter().map(|(a, k)| (a, k.to_owned())).collect();
        for (address, _) in stored.difference(&wanted) {
            super::addresses::free(&mut tx, &user.tenant_id, address).await?;
        }
        for (address, kind) in wanted.difference(&stored) {
            reserve_address(&mut tx, address, &user.tenant_id, kind, &user.mail).await?;
        }
        sqlx::query(
            "UPDATE users SET alternate_address = $1, role = $2, given_name = $3, surname = $4, given_name_key = $5,
               surname_key = $6, middle_name = $7, department = $8, title = $9, description = $10, home_phone = $11,
               work_phone = $12, city = $13, telegram = $14, skype = $15, quota_bytes = $16, display_name = $17, status = $18,
               lang = $19, address_book_visibility = $20, password_hash = $21, updated_at = $22, revision = revision + 1
             WHERE id = $23",
        )
        .bind(&user.alternate_address)
        .bind(user.role.legacy())
        .bind(&user.given_name)
        .bind(&user.surname)
        .bind(user.given_name.to_lowercase())
        .bind(user.surname.to_lowercase())
        .bind(&user.middle_name)
        .bind(&user.department)
        .bind(&user.title)
        .bind(&user.description)
        .bind(&user.home_phone)
        .bind(&user.work_phone)
        .bind(&user.city)
        .bind(&user.telegram)
        .bind(&user.skype)
        .bind(user.quota_bytes)
        .bind(&user.display_name)
        .bind(user.status.legacy())
        .bind(&user.lang)
        .bind(user.address_book_visibility)
        .bind(&user.password_hash)
        .bind(to_micros(user.updated_at))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)?;
        let mut stored = user.clone();
        stored.revision = revision + 1;
        stored.aliases.sort();
        Ok(stored)
    }

    async fn delete_user(&self, tenant_id: &str, mail: &str, at: DateTime<Utc>, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE users SET deleted_at = $1, revision = revision + 1
             WHERE tenant_id = $2 AND mail = $3 AND deleted_at IS NULL",
        )
        .bind(to_micros(at))
        .bind(tenant_id)
        .bind(mail)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("user", mail));
        }
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn get_deleted_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>> {
        self.fetch_user(tenant_id, mail, true).await
    }

    async fn list_deleted_users(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<User>> {
        let mut query: QueryBuilder<Postgres> =
            QueryBuilder::new("SELECT * FROM users WHERE deleted_at IS NOT NULL AND tenant_id = ");
        query.push_bind(tenant_id.to_owned());
        query.push(" AND mail > ");
        query.push_bind(after.unwrap_or("").to_owned());
        query.push(" ORDER BY mail LIMIT ");
        query.push_bind(limit as i64);
        self.fetch_users(query).await
    }

    async fn count_deleted_users(&self, tenant_id: &str) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE deleted_at IS NOT NULL AND tenant_id = $1")
            .bind(tenant_id)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(n as u64)
    }

    async fn undelete_user(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE users SET deleted_at = NULL, revision = revision + 1
             WHERE tenant_id = $1 AND mail = $2 AND deleted_at IS NOT NULL",
        )
        .bind(tenant_id)
        .bind(mail)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("deleted user", mail));
        }
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn purge_deleted_users(&self, deleted_before: DateTime<Utc>, audit: &AuditEvent) -> Result<Vec<String>> {
        let mut tx = self.begin().await?;
        let cutoff = to_micros(deleted_before);
        let purged: Vec<(String, String)> =
            sqlx::query_as("SELECT tenant_id, mail FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1")
                .bind(cutoff)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
        // Their addresses leave the lists of their tenant with them.
        sqlx::query(
            "DELETE FROM mail_list_members m USING mail_lists l, addresses a
             WHERE l.id = m.list_id AND a.address = m.member AND a.tenant_id = l.tenant_id
               AND a.kind IN ('mail', 'alternate', 'alias')
               AND a.owner IN (SELECT mail FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1)",
        )
        .bind(cutoff)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query(
            "DELETE FROM addresses WHERE kind IN ('mail', 'alternate', 'alias')
               AND owner IN (SELECT mail FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1)",
        )
        .bind(cutoff)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query("DELETE FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1")
            .bind(cutoff)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for (tenant_id, mail) in &purged {
            let event = AuditEvent { tenant_id: tenant_id.clone(), target: format!("user:{mail}"), ..audit.clone() };
            super::audit::insert(&mut tx, &event).await?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(purged.into_iter().map(|(_, mail)| mail).collect())
    }
}
