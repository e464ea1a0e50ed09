//! Users: one row per account, its addresses in the `addresses` table whose
//! primary key makes every address unique installation-wide. An address a
//! user gives up (a removed alias, a purged account) leaves the mailing
//! lists of its tenant in the same transaction.

use std::{
    borrow::Cow,
    collections::{BTreeSet, HashMap, HashSet},
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::{StreamExt as _, stream::BoxStream};
use sqlx::QueryBuilder;

use super::addresses::{free, reserve};
use super::dialect::{BuilderExt as _, JsonRow, Lock, QueryExt as _, RowExt, bulk_insert, unique_or};
use super::{BulkInsert, Column, Dialect, SqlStore, db_error, dynamic, query};
use crate::domain::page_token::Cursor;
use crate::domain::{AuditEvent, ChangeOp, ObjectKind, Role, SessionCut, User, UserListQuery, UserSortKey, UserStatus};
use crate::error::{Error, Result};
use crate::ports::UserStore;
use crate::store::to_micros;

/// Address kinds owned by users.
const KIND_MAIL: &str = "mail";
const KIND_ALTERNATE: &str = "alternate";
const KIND_ALIAS: &str = "alias";

/// Largest number of owners or addresses bound in one statement.
const CHUNK: usize = 1000;

fn user_from_row<R: RowExt>(row: &R) -> Result<User> {
    let role = row.small("role")?;
    let status = row.small("status")?;
    Ok(User {
        tenant_id: row.text("tenant_id")?,
        mail: row.text("mail")?,
        alternate_address: row.text("alternate_address")?,
        role: Role::from_legacy(role.into()).ok_or_else(|| Error::internal(anyhow::anyhow!("stored role {role}")))?,
        given_name: row.text("given_name")?,
        surname: row.text("surname")?,
        middle_name: row.text("middle_name")?,
        department: row.text("department")?,
        title: row.text("title")?,
        description: row.text("description")?,
        home_phone: row.text("home_phone")?,
        work_phone: row.text("work_phone")?,
        mobile_phone: row.text("mobile_phone")?,
        city: row.text("city")?,
        telegram: row.text("telegram")?,
        skype: row.text("skype")?,
        quota_bytes: row.maybe_int("quota_bytes")?,
        display_name: row.text("display_name")?,
        status: UserStatus::from_legacy(status.into())
            .ok_or_else(|| Error::internal(anyhow::anyhow!("stored status {status}")))?,
        lang: row.text("lang")?,
        aliases: Vec::new(),
        address_book_visibility: row.small("address_book_visibility")?,
        password_hash: row.text("password_hash")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
        deleted_at: row.maybe_time("deleted_at")?,
        revision: row.int("revision")?,
    })
}

/// The columns [`user_from_row`] reads: what a whole-set read folds into
/// JSON ([`Dialect::json_batch_functions`]); one left out fails every read.
const USER_COLUMNS: [&str; 26] = [
    "tenant_id",
    "mail",
    "alternate_address",
    "role",
    "given_name",
    "surname",
    "middle_name",
    "department",
    "title",
    "description",
    "home_phone",
    "work_phone",
    "mobile_phone",
    "city",
    "telegram",
    "skype",
    "quota_bytes",
    "display_name",
    "status",
    "lang",
    "address_book_visibility",
    "password_hash",
    "created_at",
    "updated_at",
    "deleted_at",
    "revision",
];

/// `SELECT` of users with their aliases as a JSON array in the column
/// `alias_list` (NULL or `[]` for none), `rest` following `FROM users u`.
/// A user of a [`keyed_users`] row, its aliases with it.
fn keyed_user<R: RowExt>(row: &R) -> Result<User> {
    let mut user = user_from_row(row)?;
    if let Some(list) = row.maybe_text("alias_list")? {
        user.aliases = serde_json::from_str(&list).map_err(|e| Error::internal(anyhow::Error::from(e)))?;
        user.aliases.sort();
    }
    Ok(user)
}

fn keyed_users<D: Dialect>(rest: &str) -> QueryBuilder<D> {
    QueryBuilder::new(format!(
        "SELECT u.*, (SELECT {} FROM addresses al WHERE al.owner = u.mail AND al.kind = '{KIND_ALIAS}') AS alias_list
         FROM users u {rest}",
        D::json_text_array("al.address")
    ))
}

/// A batch of users folded into one JSON text by the database
/// ([`SqlStore::folded_user_batch`]).
struct FoldedBatch {
    json: String,
    /// How many users it holds.
    users: usize,
    /// The address of its last user.
    last: String,
}

/// Where a whole-set read of folded batches stands
/// ([`UserStore::user_batches`]).
struct Pipeline {
    /// The address the next batch starts after (`Some(None)`: the first);
    /// `None` once the last was read.
    read_after: Option<Option<String>>,
    /// The batch read last, being decoded.
    decoding: Option<tokio::task::JoinHandle<Result<Vec<User>>>>,
}

/// The users of a [`FoldedBatch`]'s JSON, by address: one array per user,
/// the values of [`USER_COLUMNS`] then its aliases.
fn decode_user_batch(json: &str) -> Result<Vec<User>> {
    let rows: Vec<Vec<serde_json::Value>> =
        serde_json::from_str(json).map_err(|e| Error::internal(anyhow::Error::from(e)))?;
    let mut users = rows
        .into_iter()
        .map(|mut values| {
            let aliases = values.pop();
            let mut user = user_from_row(&JsonRow::new(&USER_COLUMNS, values)?)?;
            let aliases = match aliases {
                Some(serde_json::Value::Array(aliases)) => aliases,
                _ => Vec::new(),
            };
            user.aliases = aliases
                .into_iter()
                .filter_map(|alias| match alias {
                    serde_json::Value::String(alias) => Some(alias),
                    _ => None,
                })
                .collect();
            user.aliases.sort();
            Ok(user)
        })
        .collect::<Result<Vec<_>>>()?;
    users.sort_by(|a, b| a.mail.cmp(&b.mail));
    Ok(users)
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
fn push_search<D: Dialect>(query: &mut QueryBuilder<D>, tenant_id: Option<&str>, search: Option<&str>) {
    if let Some(search) = search.filter(|s| !s.is_empty()) {
        D::push_user_search(query, tenant_id, search);
    }
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

/// Every address a user reserves, its primary address first.
fn all_addresses(user: &User) -> impl Iterator<Item = (String, &'static str)> + '_ {
    std::iter::once((user.mail.clone(), KIND_MAIL)).chain(secondary_addresses(user))
}

/// The `users` rows of `users` (every column a create writes), for
/// [`bulk_insert`] and, one row, for the update.
fn user_rows(users: &[User]) -> BulkInsert<'_> {
    let text = |pick: fn(&User) -> &str| Column::Text(users.iter().map(|u| Cow::Borrowed(pick(u))).collect());
    let lower =
        |pick: fn(&User) -> &str| Column::Text(users.iter().map(|u| Cow::Owned(pick(u).to_lowercase())).collect());
    let small = |pick: fn(&User) -> i32| Column::Small(users.iter().map(pick).collect());
    let time = |pick: fn(&User) -> DateTime<Utc>| Column::Int(users.iter().map(|u| to_micros(pick(u))).collect());
    let columns = vec![
        ("tenant_id", text(|u| &u.tenant_id)),
        ("mail", text(|u| &u.mail)),
        ("alternate_address", text(|u| &u.alternate_address)),
        ("role", small(|u| u.role.legacy())),
        ("given_name", text(|u| &u.given_name)),
        ("surname", text(|u| &u.surname)),
        ("given_name_key", lower(|u| &u.given_name)),
        ("surname_key", lower(|u| &u.surname)),
        ("middle_name", text(|u| &u.middle_name)),
        ("department", text(|u| &u.department)),
        ("title", text(|u| &u.title)),
        ("description", text(|u| &u.description)),
        ("home_phone", text(|u| &u.home_phone)),
        ("work_phone", text(|u| &u.work_phone)),
        ("mobile_phone", text(|u| &u.mobile_phone)),
        ("city", text(|u| &u.city)),
        ("telegram", text(|u| &u.telegram)),
        ("skype", text(|u| &u.skype)),
        ("quota_bytes", Column::MaybeInt(users.iter().map(|u| u.quota_bytes).collect())),
        ("display_name", text(|u| &u.display_name)),
        ("status", small(|u| u.status.legacy())),
        ("lang", text(|u| &u.lang)),
        ("address_book_visibility", small(|u| u.address_book_visibility)),
        ("password_hash", text(|u| &u.password_hash)),
        ("created_at", time(|u| u.created_at)),
        ("updated_at", time(|u| u.updated_at)),
    ];
    BulkInsert { table: "users", columns, suffix: "" }
}

/// Columns an update leaves as they were.
const IMMUTABLE: [&str; 3] = ["tenant_id", "mail", "created_at"];

/// `addresses` rows of every address of `users`.
fn address_rows(users: &[User]) -> BulkInsert<'_> {
    let (mut address, mut tenant, mut kind, mut owner) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for user in users {
        for (a, k) in all_addresses(user) {
            address.push(Cow::Owned(a));
            tenant.push(Cow::Borrowed(user.tenant_id.as_str()));
            kind.push(Cow::Borrowed(k));
            owner.push(Cow::Borrowed(user.mail.as_str()));
        }
    }
    BulkInsert {
        table: "addresses",
        columns: vec![
            ("address", Column::Text(address)),
            ("tenant_id", Column::Text(tenant)),
            ("kind", Column::Text(kind)),
            ("owner", Column::Text(owner)),
        ],
        suffix: "",
    }
}

impl<D: Dialect> SqlStore<D> {
    /// Fills the aliases of the given users.
    async fn attach_aliases(&self, users: &mut [User]) -> Result<()> {
        let mut by_owner: HashMap<String, Vec<String>> = HashMap::new();
        let mut conn = self.reader().await?;
        let owners: Vec<String> = users.iter().map(|u| u.mail.clone()).collect();
        for chunk in owners.chunks(CHUNK) {
            let mut query: QueryBuilder<D> = QueryBuilder::new("SELECT owner, address FROM addresses WHERE kind = ");
            query.arg(KIND_ALIAS.to_owned()).push(" AND ");
            D::push_in_texts(&mut query, "owner", chunk);
            query.push(" ORDER BY address");
            for row in query.build().rows(&mut conn).await? {
                by_owner.entry(row.text("owner")?).or_default().push(row.text("address")?);
            }
        }
        for user in users.iter_mut() {
            user.aliases = by_owner.remove(&user.mail).unwrap_or_default();
        }
        Ok(())
    }

    /// The next batch of a whole-set read ([`UserStore::user_batches`]): at
    /// most `batch` live users (of a tenant) after the address `after`, by
    /// address. Where the dialect folds rows into JSON, the batch is one
    /// value holding every user with its aliases; elsewhere it is a page of
    /// [`UserStore::list_users`].
    /// A whole-set read's batch where the dialect folds rows into JSON
    /// ([`Dialect::json_batch_functions`]): up to `batch` users after
    /// `after`, by address, as one JSON text (decoded by
    /// [`decode_user_batch`], which the reads need not wait for), with the
    /// last address and the count; `None` past the last user.
    async fn folded_user_batch(
        &self,
        (aggregate, row): (&str, &str),
        tenant_id: Option<&str>,
        after: Option<&str>,
        batch: usize,
    ) -> Result<Option<FoldedBatch>> {
        let mut query: QueryBuilder<D> = QueryBuilder::new(format!("SELECT {aggregate}({row}("));
        for column in USER_COLUMNS {
            query.push(format_args!("u.{column}, "));
        }
        query.push(format_args!("json((SELECT {aggregate}(address) FROM addresses WHERE owner = u.mail AND kind = "));
        query.arg(KIND_ALIAS.to_owned());
        query.push(")))) AS batch, COUNT(*) AS users, MAX(u.mail) AS last");
        query.push(" FROM (SELECT * FROM users WHERE deleted_at IS NULL");
        if let Some(tenant) = tenant_id {
            query.push(" AND tenant_id = ").arg(tenant.to_owned());
        }
        if let Some(after) = after {
            query.push(" AND mail > ").arg(after.to_owned());
        }
        query.push(" ORDER BY mail LIMIT ").arg(batch as i64).push(") u");
        let row = query.build().row(&mut *self.reader().await?).await?;
        let Some(last) = row.maybe_text("last")? else {
            return Ok(None);
        };
        Ok(Some(FoldedBatch { json: row.text("batch")?, users: row.count("users")? as usize, last }))
    }

    /// The users of a tenant (or of all), by address, in batches of
    /// `batch`, read as rows where the dialect does not fold them into JSON.
    fn user_batches_as_rows<'a>(
        &'a self,
        tenant_id: Option<&'a str>,
        batch: usize,
    ) -> BoxStream<'a, Result<Vec<User>>> {
        let first: Option<Option<String>> = Some(None);
        futures::stream::unfold(first, move |after| async move {
            let after = after?;
            let query = UserListQuery {
                tenant_id: tenant_id.map(str::to_owned),
                search: None,
                sort: UserSortKey::Mail,
                descending: false,
                after: after.map(|mail| Cursor { key: mail.clone(), id: mail }),
                skip: 0,
                limit: batch,
            };
            match self.list_users(&query).await {
                Ok(users) if users.is_empty() => None,
                Ok(users) => {
                    let next = (users.len() == batch).then(|| users.last().map(|u| u.mail.clone()));
                    Some((Ok(users), next))
                }
                Err(e) => Some((Err(e), None)),
            }
        })
        .boxed()
    }

    async fn fetch_users(&self, mut query: QueryBuilder<D>) -> Result<Vec<User>> {
        let rows = query.build().rows(&mut *self.reader().await?).await?;
        let mut users = rows.iter().map(user_from_row).collect::<Result<Vec<_>>>()?;
        if !users.is_empty() {
            self.attach_aliases(&mut users).await?;
        }
        Ok(users)
    }

    /// Users read by key, in no order, each row carrying its aliases
    /// (`rest` follows `FROM users u`): one query, where
    /// [`Self::fetch_users`] makes two. GetUser's cache misses take this
    /// path; ordered pages keep the separate read, since a database may
    /// compute a select-list subquery for every row it sorts.
    async fn fetch_keyed_users(&self, mut query: QueryBuilder<D>) -> Result<Vec<User>> {
        let rows = query.build().rows(&mut *self.reader().await?).await?;
        rows.iter().map(keyed_user).collect()
    }

    async fn fetch_user(&self, tenant_id: &str, mail: &str, deleted: bool) -> Result<Option<User>> {
        // An index lookup: inline where the database allows, unless the
        // read belongs to a list's snapshot.
        if let Some(inline) = &self.pools.inline
            && crate::store::snapshot::current().is_none()
        {
            let deleted = if deleted { "NOT NULL" } else { "NULL" };
            let query =
                keyed_users::<D>(&format!("WHERE u.tenant_id = ?1 AND u.mail = ?2 AND u.deleted_at IS {deleted}"));
            let sql = query.sql();
            if let Some(mut users) = inline.rows(sql.as_str(), &[tenant_id, mail], |row| keyed_user(row))? {
                return Ok(users.pop());
            }
        }
        let mut query = keyed_users::<D>("WHERE u.tenant_id = ");
        query.arg(tenant_id.to_owned()).push(" AND u.mail = ").arg(mail.to_owned());
        query.push(if deleted { " AND u.deleted_at IS NOT NULL" } else { " AND u.deleted_at IS NULL" });
        // Or on a connection kept for point reads (one round trip where the
        // pool adds more), unless the read belongs to a list's snapshot.
        if let Some(kept) = &self.pools.kept
            && crate::store::snapshot::current().is_none()
            && let Some(mut conn) = kept.take().await?
        {
            let rows = query.build().rows(&mut conn).await?;
            conn.put_back();
            return Ok(rows.iter().map(keyed_user).collect::<Result<Vec<_>>>()?.pop());
        }
        Ok(self.fetch_keyed_users(query).await?.pop())
    }

    /// The address that made a bulk insert fail: one given twice in the
    /// import, or one already stored.
    async fn first_taken_address(&self, users: &[User]) -> Result<String> {
        let mut seen = HashSet::new();
        let mut all = Vec::new();
        for user in users {
            for (address, _) in all_addresses(user) {
                if !seen.insert(address.clone()) {
                    return Ok(address);
                }
                all.push(address);
            }
        }
        let mut conn = self.reader().await?;
        for chunk in all.chunks(CHUNK) {
            let mut query: QueryBuilder<D> = QueryBuilder::new("SELECT address FROM addresses WHERE ");
            D::push_in_texts(&mut query, "address", chunk);
            query.push(" ORDER BY address LIMIT 1");
            if let Some(row) = query.build().maybe_row(&mut conn).await? {
                return row.text("address");
            }
        }
        Ok(users.first().map(|u| u.mail.clone()).unwrap_or_default())
    }
}

#[async_trait]
impl<D: Dialect> UserStore for SqlStore<D> {
    async fn create_user(&self, user: &User, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        for (address, kind) in all_addresses(user) {
            reserve::<D>(&mut tx, &address, &user.tenant_id, kind, &user.mail).await?;
        }
        bulk_insert::<D>(&mut tx, &user_rows(std::slice::from_ref(user)))
            .await
            .map_err(|e| unique_or::<D>(e, || Error::already_exists("address", &user.mail)))?;
        tx.changed(ObjectKind::User, &user.tenant_id, &user.mail, ChangeOp::Added);
        tx.commit(audit).await
    }

    async fn import_users(&self, users: &[User], audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        if let Err(e) = bulk_insert::<D>(&mut tx, &address_rows(users)).await {
            if e.as_database_error().is_some_and(|d| d.is_unique_violation()) {
                tx.rollback().await?;
                return Err(Error::already_exists("address", self.first_taken_address(users).await?));
            }
            return Err(db_error::<D>(e));
        }
        bulk_insert::<D>(&mut tx, &user_rows(users))
            .await
            .map_err(|e| unique_or::<D>(e, || Error::already_exists("address", &users[0].mail)))?;
        for user in users {
            tx.changed(ObjectKind::User, &user.tenant_id, &user.mail, ChangeOp::Added);
        }
        tx.commit(audit).await
    }

    fn user_batches<'a>(&'a self, tenant_id: Option<&'a str>, batch: usize) -> BoxStream<'a, Result<Vec<User>>> {
        let Some(functions) = D::json_batch_functions() else {
            return self.user_batches_as_rows(tenant_id, batch);
        };
        // Each batch is read while the one before is decoded (on a blocking
        // thread): one stream keeps the database's thread and a core busy
        // at once rather than in turns (docs/performance.md). A batch is
        // handed on only once the next is read, so that no read is left
        // half-done, holding a connection, while the consumer waits.
        let start = Pipeline { read_after: Some(None), decoding: None };
        futures::stream::unfold(start, move |mut pipeline| async move {
            loop {
                let read = match pipeline.read_after.take() {
                    Some(after) => self.folded_user_batch(functions, tenant_id, after.as_deref(), batch).await,
                    None => Ok(None),
                };
                let next = match read {
                    Ok(Some(folded)) => {
                        pipeline.read_after = (folded.users == batch).then_some(Some(folded.last));
                        Some(tokio::task::spawn_blocking(move || decode_user_batch(&folded.json)))
                    }
                    Ok(None) => None,
                    Err(e) => return Some((Err(e), Pipeline { read_after: None, decoding: None })),
                };
                match std::mem::replace(&mut pipeline.decoding, next) {
                    Some(decoding) => {
                        let users = decoding.await.map_err(|e| Error::internal(anyhow::Error::from(e))).and_then(|r| r);
                        return Some((users, pipeline));
                    }
                    None if pipeline.decoding.is_none() => return None,
                    None => continue,
                }
            }
        })
        .boxed()
    }

    async fn get_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>> {
        self.fetch_user(tenant_id, mail, false).await
    }

    async fn get_users(&self, tenant_id: &str, mails: &[String]) -> Result<Vec<User>> {
        let mut users = Vec::with_capacity(mails.len());
        for chunk in mails.chunks(CHUNK) {
            let mut query = keyed_users::<D>("WHERE u.deleted_at IS NULL AND u.tenant_id = ");
            query.arg(tenant_id.to_owned()).push(" AND ");
            D::push_in_texts(&mut query, "u.mail", chunk);
            users.extend(self.fetch_keyed_users(query).await?);
        }
        Ok(users)
    }

    async fn find_user_by_address(&self, address: &str) -> Result<Option<User>> {
        let mut query = keyed_users::<D>(
            "JOIN addresses a ON u.mail = a.owner
             WHERE a.kind IN ('mail', 'alternate', 'alias') AND u.deleted_at IS NULL AND a.address = ",
        );
        query.arg(address.to_owned());
        Ok(self.fetch_keyed_users(query).await?.pop())
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
        let mut query: QueryBuilder<D> = QueryBuilder::new(if q.skip > 0 {
            "SELECT * FROM users WHERE mail IN (SELECT mail FROM users WHERE deleted_at IS NULL"
        } else {
            "SELECT * FROM users WHERE deleted_at IS NULL"
        });
        if let Some(tenant) = &q.tenant_id {
            query.push(" AND tenant_id = ").arg(tenant.clone());
        }
        push_search(&mut query, q.tenant_id.as_deref(), q.search.as_deref());
        if let Some(after) = &q.after {
            if q.sort == UserSortKey::Mail {
                query.push(format_args!(" AND mail {cmp} ")).arg(after.id.clone());
            } else {
                query.push(format_args!(" AND ({column}, mail) {cmp} ("));
                query.arg(after.key.clone()).push(", ").arg(after.id.clone()).push(")");
            }
        }
        query.push(&order).push(" LIMIT ").arg(q.limit as i64);
        if q.skip > 0 {
            query.push(" OFFSET ").arg(q.skip.min(i64::MAX as u64) as i64);
            query.push(")").push(&order);
        }
        self.fetch_users(query).await
    }

    async fn count_users(&self, tenant_id: Option<&str>, search: Option<&str>) -> Result<u64> {
        let mut query: QueryBuilder<D> = QueryBuilder::new("SELECT COUNT(*) AS n FROM users WHERE deleted_at IS NULL");
        if let Some(tenant) = tenant_id {
            query.push(" AND tenant_id = ").arg(tenant.to_owned());
        }
        push_search(&mut query, tenant_id, search);
        query.build().row(&mut *self.reader().await?).await?.count("n")
    }

    async fn update_user(&self, user: &User, audit: &AuditEvent, cut: Option<&SessionCut>) -> Result<User> {
        let mut tx = self.change().await?;
        let sql = format!(
            "SELECT id, revision FROM users WHERE tenant_id = $1 AND mail = $2 AND deleted_at IS NULL{}",
            D::lock_clause(Lock::Update)
        );
        let Some(row) = dynamic::<D>(sql).arg(&user.tenant_id).arg(&user.mail).maybe_row(&mut *tx).await? else {
            return Err(Error::not_found("user", &user.mail));
        };
        let (id, revision) = (row.int("id")?, row.int("revision")?);
        if revision != user.revision {
            return Err(Error::Aborted(format!("user {}", user.mail)));
        }
        let rows =
            query::<D>("SELECT address, kind FROM addresses WHERE owner = $1 AND kind IN ('alternate', 'alias')")
                .arg(&user.mail)
                .rows(&mut *tx)
                .await?;
        let stored =
            rows.iter().map(|row| Ok((row.text("address")?, row.text("kind")?))).collect::<Result<BTreeSet<_>>>()?;
        let wanted: BTreeSet<(String, String)> =
            secondary_addresses(user).into_iter().map(|(a, k)| (a, k.to_owned())).collect();
        for (address, _) in stored.difference(&wanted) {
            let lists = free::<D>(&mut tx, &user.tenant_id, address).await?;
            tx.lists_modified(&user.tenant_id, lists);
        }
        for (address, kind) in wanted.difference(&stored) {
            reserve::<D>(&mut tx, address, &user.tenant_id, kind, &user.mail).await?;
        }
        let values = user_rows(std::slice::from_ref(user));
        let mut update: QueryBuilder<D> = QueryBuilder::new("UPDATE users SET revision = revision + 1");
        for (name, column) in values.columns.iter().filter(|(name, _)| !IMMUTABLE.contains(name)) {
            update.push(format_args!(", {name} = "));
            column.push_value(&mut update, 0);
        }
        update.push(" WHERE id = ").arg(id);
        update.build().run(&mut *tx).await?;
        tx.changed(ObjectKind::User, &user.tenant_id, &user.mail, ChangeOp::Modified);
        if let Some(cut) = cut {
            tx.end_sessions(cut).await?;
        }
        tx.commit(audit).await?;
        let mut stored = user.clone();
        stored.revision = revision + 1;
        stored.aliases.sort();
        Ok(stored)
    }

    async fn delete_user(&self, tenant_id: &str, mail: &str, at: DateTime<Utc>, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let deleted = query::<D>(
            "UPDATE users SET deleted_at = $1, revision = revision + 1
             WHERE tenant_id = $2 AND mail = $3 AND deleted_at IS NULL",
        )
        .arg(to_micros(at))
        .arg(tenant_id)
        .arg(mail)
        .run(&mut *tx)
        .await?;
        if deleted == 0 {
            return Err(Error::not_found("user", mail));
        }
        tx.changed(ObjectKind::User, tenant_id, mail, ChangeOp::Deleted);
        tx.end_sessions(&SessionCut::all(mail)).await?;
        tx.commit(audit).await
    }

    async fn get_deleted_user(&self, tenant_id: &str, mail: &str) -> Result<Option<User>> {
        self.fetch_user(tenant_id, mail, true).await
    }

    async fn list_deleted_users(&self, tenant_id: &str, after: Option<&str>, limit: usize) -> Result<Vec<User>> {
        let mut query: QueryBuilder<D> =
            QueryBuilder::new("SELECT * FROM users WHERE deleted_at IS NOT NULL AND tenant_id = ");
        query.arg(tenant_id.to_owned()).push(" AND mail > ").arg(after.unwrap_or("").to_owned());
        query.push(" ORDER BY mail LIMIT ").arg(limit as i64);
        self.fetch_users(query).await
    }

    async fn count_deleted_users(&self, tenant_id: &str) -> Result<u64> {
        query::<D>("SELECT COUNT(*) AS n FROM users WHERE deleted_at IS NOT NULL AND tenant_id = $1")
            .arg(tenant_id)
            .row(&mut *self.reader().await?)
            .await?
            .count("n")
    }

    async fn undelete_user(&self, tenant_id: &str, mail: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let restored = query::<D>(
            "UPDATE users SET deleted_at = NULL, revision = revision + 1
             WHERE tenant_id = $1 AND mail = $2 AND deleted_at IS NOT NULL",
        )
        .arg(tenant_id)
        .arg(mail)
        .run(&mut *tx)
        .await?;
        if restored == 0 {
            return Err(Error::not_found("deleted user", mail));
        }
        tx.changed(ObjectKind::User, tenant_id, mail, ChangeOp::Added);
        tx.commit(audit).await
    }

    async fn purge_deleted_users(&self, deleted_before: DateTime<Utc>, audit: &AuditEvent) -> Result<Vec<String>> {
        let mut tx = self.change().await?;
        let cutoff = to_micros(deleted_before);
        let rows = query::<D>("SELECT tenant_id, mail FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1")
            .arg(cutoff)
            .rows(&mut *tx)
            .await?;
        let purged =
            rows.iter().map(|row| Ok((row.text("tenant_id")?, row.text("mail")?))).collect::<Result<Vec<_>>>()?;
        // Their addresses leave the lists of their tenant with them. (The
        // users themselves were deleted for the change log when soft-deleted.)
        let lists = query::<D>(
            "SELECT DISTINCT l.tenant_id, l.mail FROM mail_list_members m
               JOIN mail_lists l ON l.id = m.list_id
               JOIN addresses a ON a.address = m.member AND a.tenant_id = l.tenant_id
             WHERE a.kind IN ('mail', 'alternate', 'alias')
               AND a.owner IN (SELECT mail FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1)",
        )
        .arg(cutoff)
        .rows(&mut *tx)
        .await?;
        for row in lists {
            tx.changed(ObjectKind::MailList, &row.text("tenant_id")?, &row.text("mail")?, ChangeOp::Modified);
        }
        query::<D>(
            "DELETE FROM mail_list_members WHERE (list_id, member) IN (
               SELECT m.list_id, m.member FROM mail_list_members m
                 JOIN mail_lists l ON l.id = m.list_id
                 JOIN addresses a ON a.address = m.member AND a.tenant_id = l.tenant_id
               WHERE a.kind IN ('mail', 'alternate', 'alias')
                 AND a.owner IN (SELECT mail FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1))",
        )
        .arg(cutoff)
        .run(&mut *tx)
        .await?;
        query::<D>(
            "DELETE FROM addresses WHERE kind IN ('mail', 'alternate', 'alias')
               AND owner IN (SELECT mail FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1)",
        )
        .arg(cutoff)
        .run(&mut *tx)
        .await?;
        query::<D>("DELETE FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1")
            .arg(cutoff)
            .run(&mut *tx)
            .await?;
        // One event per purged user; nothing purged, nothing changed to commit.
        let mut events = purged
            .iter()
            .map(|(tenant_id, mail)| AuditEvent {
                tenant_id: tenant_id.clone(),
                target: format!("user:{mail}"),
                ..audit.clone()
            })
            .collect::<Vec<_>>();
        if let Some(last) = events.pop() {
            for event in &events {
                tx.record(event).await?;
            }
            tx.commit(&last).await?;
        }
        Ok(purged.into_iter().map(|(_, mail)| mail).collect())
    }
}
