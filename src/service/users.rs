//! UserService: create, read, list, stream, update, soft-delete, undelete
//! (guide §2.4–2.11, §2.8.1).
//!
//! Rules beyond the guide, decided here:
//! * admins act only on non-superadmin accounts of their own tenant and
//!   cannot grant the superadmin role;
//! * nobody changes their own role, blocks or deletes themselves (it would
//!   lock the installation out);
//! * every address of a user (primary, alternate, aliases) must be in a mail
//!   domain of the user's tenant;
//! * changing an account's password, role or blocking it ends its sessions.

use std::time::Duration;
use std::{collections::BTreeSet, sync::Arc};

use chrono::{DateTime, Utc};
use futures::{Stream, StreamExt as _};
use tokio_stream::wrappers::ReceiverStream;

use super::listed_with_total;
use super::sync::{Progress, SyncKind, SyncReport};
use super::{Caller, Core, Page, RequestContext, UPDATE_ATTEMPTS, conflict_backoff};
use crate::domain::audit::{user_change_view, user_view};
use crate::domain::{
    self, Role, SessionCut, User, UserField, UserInput, UserListQuery, UserSortKey, UserStatus,
    address::{domain_of, normalize_alternate_address, normalize_mail},
    page_token::{self, Cursor},
    password_policy::PasswordRequirements,
    text::{DEFAULT_LANG, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, canonical_lang, check_phone, check_text},
    user::{DEFAULT_ADDRESS_BOOK_VISIBILITY, MAX_USER_ADDRESS_BOOK_VISIBILITY},
};
use crate::error::{Error, Result, Violations};
use crate::store::snapshot::{at_one_revision, stream_at_one_revision};

/// Parameters of a user listing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUsers {
    /// Tenant.
    pub tenant_id: String,
    /// Requested page size (0: default).
    pub page_size: i32,
    /// Token of the page to read.
    pub page_token: String,
    /// Items to skip (legacy paging).
    pub skip: i32,
    /// Substring of mail, given name or surname.
    pub search: String,
    /// `mail`, `given_name` or `surname`, optionally followed by ` desc`.
    pub order_by: String,
}

/// A change to a user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserUpdate {
    /// Identity (`tenant_id`, `mail`) and new values.
    pub input: UserInput,
    /// Fields to change.
    pub fields: Vec<UserField>,
    /// The mask was `*`: every field is replaced, except that an empty
    /// password, role or status keeps the stored one.
    pub replace_all: bool,
    /// Aliases to add after the fields.
    pub add_aliases: Vec<String>,
    /// Aliases to remove after the fields.
    pub remove_aliases: Vec<String>,
}

/// One account of a bulk import: its fields, and its password already
/// hashed (a PHC string pbm verifies, e.g. argon2id) — as a migration from
/// another directory carries them, and as the benchmark imports a million
/// accounts without a million argon2 runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedUser {
    /// The account; its `password` is ignored.
    pub input: UserInput,
    /// The stored password hash.
    pub password_hash: String,
}

/// A soft-deleted user and when it will be purged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedUser {
    /// The user as it was.
    pub user: User,
    /// When the purge job removes it for good.
    pub purge_at: DateTime<Utc>,
}

/// The user service.
#[derive(Clone)]
pub struct Users(pub(crate) Arc<Core>);

const CREATE_USER: &str = "pbm.v2.UserService/CreateUser";
const UPDATE_USER: &str = "pbm.v2.UserService/UpdateUser";
const DELETE_USER: &str = "pbm.v2.UserService/DeleteUser";
const UNDELETE_USER: &str = "pbm.v2.UserService/UndeleteUser";
/// The audit name of a bulk import (not an RPC: library callers only).
const IMPORT_USERS: &str = "pbm.v2.UserService/ImportUsers";

/// The audit target of a user.
/// Whether changing `before` into `after` ends the account's sessions: a new
/// password, a new role, or a block (a deletion ends them too, in the store).
pub(crate) fn ends_sessions(before: &User, after: &User) -> bool {
    after.password_hash != before.password_hash
        || after.role != before.role
        || (after.status == UserStatus::Blocked && before.status != UserStatus::Blocked)
}

fn target(mail: &str) -> String {
    format!("user:{}", mail.trim().to_lowercase())
}

/// Batch size of [`Users::stream`]; the server holds at most three batches
/// of a stream in memory (one being read, two queued).
const STREAM_BATCH: usize = 500;

/// How long [`Users::stream`] may take to be read to its end: its batches
/// are read in one snapshot (on SQL), which holds back SQLite's checkpoints
/// and PostgreSQL's vacuum while it is open, so a client that stops reading
/// must not hold it for ever. A million users stream in about 15 s; ten
/// minutes leaves a client 1,700 users a second at the least.
pub const STREAM_SNAPSHOT_LIMIT: Duration = Duration::from_secs(600);

/// A stream of users ([`Users::stream`]), and the revision all of them were
/// read at, told once it has ended whole (the transport sends it as a
/// trailer): on SQL the revision its headers carry, on LDAP only when no
/// write of the tenant overlapped its reads (`store::snapshot`).
pub struct UserStream<S> {
    /// The users, then the stream's end or its error.
    pub users: S,
    /// Told after the last read, when it holds.
    pub read_at: tokio::sync::oneshot::Receiver<i64>,
}

/// Sends `batches` to `tx` until they end, the client goes away or a batch
/// fails (its error is sent): `Ok` then. Past `limit` it stops and answers
/// [`Error::StreamTooSlow`]. Calls `read` after each read of a batch.
async fn send_batches(
    mut batches: impl Stream<Item = Result<Vec<User>>> + Unpin,
    tx: &tokio::sync::mpsc::Sender<Result<Vec<User>>>,
    limit: Duration,
    mut read: impl FnMut(),
) -> Result<()> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let batch =
            tokio::time::timeout_at(deadline, batches.next()).await.map_err(|_| Error::StreamTooSlow { limit })?;
        read();
        let Some(batch) = batch else { return Ok(()) };
        let failed = batch.is_err();
        match tokio::time::timeout_at(deadline, tx.send(batch)).await {
            Ok(Ok(())) if !failed => {}
            Ok(_) => return Ok(()),
            Err(_) => return Err(Error::StreamTooSlow { limit }),
        }
    }
}

/// What field validation needs to know about the tenant and the settings.
struct Rules<'a> {
    domains: &'a BTreeSet<String>,
    password: &'a PasswordRequirements,
}

impl Rules<'_> {
    /// Normalises an address of the tenant into `out`, recording violations.
    fn address(
        &self,
        v: &mut Violations,
        field: &str,
        raw: &str,
        normalize: fn(&str) -> Result<String, String>,
    ) -> Option<String> {
        match normalize(raw) {
            Err(e) => {
                v.invalid(field, e);
                None
            }
            Ok(address) if !self.domains.contains(domain_of(&address)) => {
                v.invalid(field, format!("domain {} is not a mail domain of the tenant", domain_of(&address)));
                None
            }
            Ok(address) => Some(address),
        }
    }

    /// Sets one field of `user` from `input`. `creating` treats empty values
    /// as "not given" (defaults); otherwise they clear or, for required
    /// fields, are refused (unless `lenient`, the `*` mask, keeps them).
    /// Returns the new plain password when the field is the password.
    fn apply(
        &self,
        v: &mut Violations,
        user: &mut User,
        input: &UserInput,
        field: UserField,
        lenient: bool,
    ) -> Option<String> {
        let path = format!("user.{}", field.name());
        let text = |v: &mut Violations, value: &str, max: usize| -> String {
            v.check(&path, check_text(value, max));
            value.trim().to_owned()
        };
        match field {
            UserField::AlternateAddress => {
                user.alternate_address = if input.alternate_address.trim().is_empty() {
                    String::new()
                } else {
                    self.address(v, &path, &input.alternate_address, normalize_alternate_address).unwrap_or_default()
                };
            }
            UserField::Role => match input.role {
                Some(role) => user.role = role,
                None if lenient => {}
                None => v.required(&path),
            },
            UserField::GivenName | UserField::Surname => {
                let raw = if field == UserField::GivenName { &input.given_name } else { &input.surname };
                if raw.trim().is_empty() {
                    v.required(&path);
                }
                let value = text(v, raw, MAX_NAME_CHARS);
                if field == UserField::GivenName { user.given_name = value } else { user.surname = value }
            }
            UserField::MiddleName => user.middle_name = text(v, &input.middle_name, MAX_NAME_CHARS),
            UserField::Department => user.department = text(v, &input.department, MAX_NAME_CHARS),
            UserField::Title => user.title = text(v, &input.title, MAX_NAME_CHARS),
            UserField::Description => user.description = text(v, &input.description, MAX_DESCRIPTION_CHARS),
            UserField::HomePhone => {
                v.check(&path, check_phone(input.home_phone.trim()));
                user.home_phone = input.home_phone.trim().to_owned();
            }
            UserField::WorkPhone => {
                v.check(&path, check_phone(input.work_phone.trim()));
                user.work_phone = input.work_phone.trim().to_owned();
            }
            UserField::MobilePhone => {
                v.check(&path, check_phone(input.mobile_phone.trim()));
                user.mobile_phone = input.mobile_phone.trim().to_owned();
            }
            UserField::City => user.city = text(v, &input.city, MAX_NAME_CHARS),
            UserField::Telegram => user.telegram = text(v, &input.telegram, MAX_NAME_CHARS),
            UserField::Skype => user.skype = text(v, &input.skype, MAX_NAME_CHARS),
            UserField::QuotaBytes => match input.quota_bytes {
                Some(q) if q < 0 => v.invalid(&path, "must not be negative"),
                quota => user.quota_bytes = quota,
            },
            UserField::DisplayName => user.display_name = text(v, &input.display_name, MAX_NAME_CHARS),
            UserField::Status => match input.status {
                Some(status) => user.status = status,
                None if lenient => {}
                None => v.required(&path),
            },
            UserField::Lang => {
                user.lang = if input.lang.trim().is_empty() {
                    DEFAULT_LANG.to_owned()
                } else {
                    canonical_lang(input.lang.trim()).map(str::to_owned).unwrap_or_else(|e| {
                        v.invalid(&path, e);
                        DEFAULT_LANG.to_owned()
                    })
                };
            }
            UserField::Aliases => {
                let mut aliases = BTreeSet::new();
                for raw in input.aliases.iter().filter(|a| !a.trim().is_empty()) {
                    if let Some(alias) = self.address(v, &path, raw, normalize_mail) {
                        aliases.insert(alias);
                    }
                }
                user.aliases = aliases.into_iter().collect();
            }
            UserField::AddressBookVisibility => match input.address_book_visibility {
                Some(n) if !(0..=MAX_USER_ADDRESS_BOOK_VISIBILITY).contains(&n) => {
                    v.invalid(&path, format!("must be between 0 and {MAX_USER_ADDRESS_BOOK_VISIBILITY}"))
                }
                n => user.address_book_visibility = n.unwrap_or(DEFAULT_ADDRESS_BOOK_VISIBILITY),
            },
            UserField::Password => {
                if input.password.is_empty() {
                    if !lenient {
                        v.required(&path);
                    }
                } else if let Err(e) = self.password.check(&input.password) {
                    v.invalid(&path, e);
                } else {
                    return Some(input.password.clone());
                }
            }
        }
        None
    }
}

/// Checks that no address of the user is repeated within it.
fn check_own_addresses(v: &mut Violations, user: &User) {
    if user.aliases.iter().any(|a| *a == user.mail || *a == user.alternate_address) {
        v.invalid("user.aliases", "an alias must differ from the primary and alternate addresses");
    }
    if !user.alternate_address.is_empty() && user.alternate_address == user.mail {
        v.invalid("user.alternate_address", "must differ from the primary address");
    }
}

/// A new account of `tenant_id` built from `input` with the rules of
/// creation: required fields checked, defaults for what is not given, every
/// violation collected. With `with_password` the password is required and
/// checked against the policy and returned in plain text for hashing;
/// without (an import carrying hashes) it is not looked at.
fn new_user(
    rules: &Rules<'_>,
    tenant_id: String,
    input: &UserInput,
    with_password: bool,
) -> Result<(User, Option<String>)> {
    let mut v = Violations::new();
    let mail = if input.mail.trim().is_empty() {
        v.required("user.mail");
        String::new()
    } else {
        rules.address(&mut v, "user.mail", &input.mail, normalize_mail).unwrap_or_default()
    };
    let now = domain::now();
    let mut user = User {
        tenant_id,
        mail,
        alternate_address: String::new(),
        role: Role::User,
        given_name: String::new(),
        surname: String::new(),
        middle_name: String::new(),
        department: String::new(),
        title: String::new(),
        description: String::new(),
        home_phone: String::new(),
        work_phone: String::new(),
        mobile_phone: String::new(),
        city: String::new(),
        telegram: String::new(),
        skype: String::new(),
        quota_bytes: None,
        display_name: String::new(),
        status: UserStatus::AgreementPending,
        lang: DEFAULT_LANG.to_owned(),
        aliases: Vec::new(),
        address_book_visibility: DEFAULT_ADDRESS_BOOK_VISIBILITY,
        password_hash: String::new(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        revision: 1,
    };
    let mut password = None;
    for field in UserField::ALL {
        if field == UserField::Password && !with_password {
            continue;
        }
        let required = matches!(field, UserField::GivenName | UserField::Surname | UserField::Password);
        let given = match field {
            UserField::Role => input.role.is_some(),
            UserField::Status => input.status.is_some(),
            UserField::QuotaBytes => input.quota_bytes.is_some(),
            UserField::AddressBookVisibility => input.address_book_visibility.is_some(),
            _ => true,
        };
        if required || given {
            password = rules.apply(&mut v, &mut user, input, field, false).or(password);
        }
    }
    check_own_addresses(&mut v, &user);
    v.finish()?;
    Ok((user, password))
}

/// A user of `tenant_id` as the company directory describes it (no
/// password: the directory checks it), validated with the rules of
/// CreateUser against the tenant's `domains`; for the account sync
/// ([`super::sync::accounts`]).
pub(crate) fn directory_user(
    domains: &BTreeSet<String>,
    password: &PasswordRequirements,
    tenant_id: &str,
    input: &UserInput,
) -> Result<User> {
    let rules = Rules { domains, password };
    new_user(&rules, tenant_id.to_owned(), input, false).map(|(user, _)| user)
}

fn parse_order(order_by: &str) -> Result<(UserSortKey, bool)> {
    let mut words = order_by.split_whitespace();
    let key = match words.next() {
        None | Some("mail") => UserSortKey::Mail,
        Some("given_name") => UserSortKey::GivenName,
        Some("surname") => UserSortKey::Surname,
        Some(other) => {
            return Err(Error::invalid(
                "order_by",
                format!("cannot sort by {other:?}: use mail, given_name or surname"),
            ));
        }
    };
    let descending = match words.next() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => return Err(Error::invalid("order_by", format!("unknown direction {other:?}: use asc or desc"))),
    };
    if words.next().is_some() {
        return Err(Error::invalid("order_by", "expected a field and an optional direction"));
    }
    Ok((key, descending))
}

impl Users {
    pub(super) fn core(&self) -> &Core {
        &self.0
    }

    /// The tenant's mail domains, or NOT_FOUND for an unknown tenant.
    async fn tenant_domains(&self, tenant_id: &str) -> Result<BTreeSet<String>> {
        Ok(self.core().existing_tenant(tenant_id).await?.domains.into_iter().collect())
    }

    /// Refuses admins acting on superadmin accounts.
    pub(super) fn check_target(caller: &Caller, target: &User) -> Result<()> {
        if target.role == Role::Superadmin && !caller.is_superadmin() {
            return Err(Error::PermissionDenied);
        }
        Ok(())
    }

    /// Creates a user.
    pub async fn create(&self, ctx: &RequestContext, input: UserInput) -> Result<User> {
        let (tenant, audit_target) = (input.tenant_id.clone(), target(&input.mail));
        self.core().audited(ctx, CREATE_USER, &tenant, &audit_target, self.do_create(ctx, input)).await
    }

    async fn do_create(&self, ctx: &RequestContext, input: UserInput) -> Result<User> {
        let caller = self.core().authenticate(ctx).await?;
        let tenant_id = input.tenant_id.clone();
        if tenant_id.is_empty() {
            return Err(Error::required("user.tenant_id"));
        }
        caller.require_admin_of(&tenant_id)?;
        if input.role == Some(Role::Superadmin) && !caller.is_superadmin() {
            return Err(Error::PermissionDenied);
        }
        let domains = self.tenant_domains(&tenant_id).await?;
        let settings = self.core().settings.current();
        let rules = Rules { domains: &domains, password: &settings.password };
        let (mut user, password) = new_user(&rules, tenant_id, &input, true)?;
        user.password_hash = self.core().hasher.hash(&password.expect("validated password")).await?;
        let event =
            self.core().event(ctx, &caller, CREATE_USER, &user.tenant_id, target(&user.mail)).after(user_view(&user));
        self.core().directory.create_user(&user, &event).await?;
        tracing::info!(user = %user.mail, tenant = %user.tenant_id, by = %caller.account, "user created");
        self.core()
            .directory
            .get_user(&user.tenant_id, &user.mail)
            .await?
            .ok_or_else(|| Error::not_found("user", &user.mail))
    }

    /// Imports accounts in one store transaction (superadmin only): each is
    /// validated exactly as [`Users::create`] validates, its password hash
    /// must be one pbm can verify, and either every account is stored or
    /// none. One audit event records the import and every address created.
    /// Returns how many were stored.
    pub async fn import(&self, ctx: &RequestContext, users: Vec<ImportedUser>) -> Result<usize> {
        self.core().audited(ctx, IMPORT_USERS, "", "users:import", self.do_import(ctx, users)).await
    }

    /// Validates users as [`Users::import`] does (superadmin only; the
    /// rules of CreateUser, verifiable password hashes) and returns them as
    /// they would be stored, without storing them: for loaders that write
    /// the directory offline, e.g. LDIF for `slapadd` (pbm-bench). Nothing
    /// is audited: the caller's load is not pbm's write.
    pub async fn prepare_import(&self, ctx: &RequestContext, imported: Vec<ImportedUser>) -> Result<Vec<User>> {
        let caller = self.core().authenticate(ctx).await?;
        caller.require_superadmin()?;
        self.validated_import(imported).await
    }

    async fn do_import(&self, ctx: &RequestContext, imported: Vec<ImportedUser>) -> Result<usize> {
        let caller = self.core().authenticate(ctx).await?;
        caller.require_superadmin()?;
        let users = self.validated_import(imported).await?;
        if users.is_empty() {
            return Ok(0);
        }
        let mails: Vec<&str> = users.iter().map(|u| u.mail.as_str()).collect();
        let tenant =
            if users.iter().all(|u| u.tenant_id == users[0].tenant_id) { users[0].tenant_id.as_str() } else { "" };
        let event = self
            .core()
            .event(ctx, &caller, IMPORT_USERS, tenant, "users:import")
            .after(serde_json::json!({ "imported": users.len(), "mails": mails }));
        self.core().directory.import_users(&users, &event).await?;
        tracing::info!(count = users.len(), by = %caller.account, "users imported");
        Ok(users.len())
    }

    /// The users of an import, validated (see [`Users::prepare_import`]).
    async fn validated_import(&self, imported: Vec<ImportedUser>) -> Result<Vec<User>> {
        let settings = self.core().settings.current();
        let mut domains_of: std::collections::HashMap<String, BTreeSet<String>> = std::collections::HashMap::new();
        let mut users = Vec::with_capacity(imported.len());
        for (index, item) in imported.into_iter().enumerate() {
            let tenant_id = item.input.tenant_id.clone();
            if tenant_id.is_empty() {
                return Err(Error::required(format!("users[{index}].user.tenant_id")));
            }
            if !domains_of.contains_key(&tenant_id) {
                let domains = self.tenant_domains(&tenant_id).await?;
                domains_of.insert(tenant_id.clone(), domains);
            }
            let rules = Rules { domains: &domains_of[&tenant_id], password: &settings.password };
            let (mut user, _) = new_user(&rules, tenant_id, &item.input, false).map_err(|e| match e {
                Error::InvalidArgument(violations) => Error::InvalidArgument(
                    violations
                        .into_iter()
                        .map(|mut v| {
                            v.field = format!("users[{index}].{}", v.field);
                            v
                        })
                        .collect(),
                ),
                other => other,
            })?;
            if !self.core().hasher.is_verifiable_hash(&item.password_hash) {
                return Err(Error::invalid(
                    format!("users[{index}].password_hash"),
                    "must be a PHC string of argon2id, argon2i or argon2d",
                ));
            }
            user.password_hash = item.password_hash;
            users.push(user);
        }
        Ok(users)
    }

    /// Reads a user: admins of its tenant, superadmins, and the user itself.
    pub async fn get(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<Arc<User>> {
        let caller = self.core().authenticate(ctx).await?;
        let mail = mail.trim().to_lowercase();
        if !caller.is_account(tenant_id, &mail) {
            caller.require_admin_of(tenant_id)?;
        }
        self.core().live_user(tenant_id, &mail).await?.ok_or_else(|| Error::not_found("user", mail))
    }

    /// Lists, searches and sorts the users of a tenant.
    pub async fn list(&self, ctx: &RequestContext, req: ListUsers) -> Result<Page<User>> {
        let caller = self.core().authenticate(ctx).await?;
        if req.tenant_id.is_empty() {
            return Err(Error::required("tenant_id"));
        }
        caller.require_admin_of(&req.tenant_id)?;
        self.core().existing_tenant(&req.tenant_id).await?;
        let mut v = Violations::new();
        let limit = page_token::page_size(req.page_size).unwrap_or_else(|e| {
            v.invalid("page_size", e);
            1
        });
        if req.skip < 0 {
            v.invalid("skip", "must not be negative");
        }
        let (sort, descending) = match parse_order(&req.order_by) {
            Ok(order) => order,
            Err(e) => {
                v.absorb(Err(e))?;
                (UserSortKey::Mail, false)
            }
        };
        let search = req.search.trim().to_lowercase();
        let fingerprint =
            page_token::fingerprint(&[&req.tenant_id, &search, sort.name(), if descending { "desc" } else { "asc" }]);
        let after = if req.page_token.is_empty() {
            None
        } else {
            page_token::decode(&req.page_token, &fingerprint).map(Some).unwrap_or_else(|e| {
                v.invalid("page_token", e);
                None
            })
        };
        v.finish()?;
        let search = (!search.is_empty()).then_some(search);
        let query = UserListQuery {
            tenant_id: Some(req.tenant_id.clone()),
            search: search.clone(),
            sort,
            descending,
            after,
            skip: req.skip.max(0) as u64,
            limit: limit + 1,
        };
        let (mut items, total_size) = at_one_revision(|| self.core().directory.list_users_page(&query)).await?;
        let next_page_token = if items.len() > limit {
            items.truncate(limit);
            let last = items.last().expect("non-empty page");
            page_token::encode(&Cursor { key: sort.value_of(last), id: last.mail.clone() }, &fingerprint)
        } else {
            String::new()
        };
        Ok(Page { items, next_page_token, total_size })
    }

    /// Streams every user of a tenant, or of all tenants (superadmin only,
    /// `tenant_id` empty), ordered by address, at constant memory. On SQL
    /// every batch is read in one snapshot whose revision the response
    /// reports (`store::snapshot::stream_at_one_revision`), so a watch from
    /// it neither misses nor repeats a change; a stream not read to its end
    /// within [`STREAM_SNAPSHOT_LIMIT`] ends with `STREAM_TOO_SLOW`. The
    /// revision all its users were read at, if any, comes once it ended
    /// ([`UserStream::read_at`]). On LDAP a tenant small enough is read
    /// whole first, like a list, and answers that revision too; all tenants
    /// or a larger one answer it in the trailer when the tenant stayed quiet.
    pub async fn stream(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
    ) -> Result<UserStream<impl Stream<Item = Result<User>> + Send + 'static>> {
        let caller = self.core().authenticate(ctx).await?;
        let tenant = if tenant_id.is_empty() {
            caller.require_superadmin()?;
            None
        } else {
            caller.require_admin_of(tenant_id)?;
            self.core().existing_tenant(tenant_id).await?;
            Some(tenant_id.to_owned())
        };
        let core = self.0.clone();
        // Whole batches cross the channel (one wake-up per batch, not per
        // user); two in flight let the next query overlap the sending.
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<User>>>(2);
        // How the reads ended, told after their last batch: a stream whose
        // reads were cut (the snapshot's limit) or lost (their task gone)
        // must not end as if it were whole.
        let (ended, how_it_ended) = tokio::sync::oneshot::channel::<Result<()>>();
        // Every batch is read at the revision the response reports (on SQL,
        // and a tenant read whole on LDAP; otherwise the follower position):
        // the headers wait for the first.
        let read_at = stream_at_one_revision(|mut first_read| async move {
            let batches = core.directory.user_batches(tenant.as_deref(), STREAM_BATCH);
            let how = send_batches(batches, &tx, STREAM_SNAPSHOT_LIMIT, || first_read.done()).await;
            let _ = ended.send(how);
        })
        .await;
        let last = futures::stream::once(how_it_ended).filter_map(|how| async move {
            match how {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(Err(e)),
                Err(_) => Some(Err(Error::internal(anyhow::anyhow!("the reads of a user stream ended unfinished")))),
            }
        });
        let users = ReceiverStream::new(rx)
            .flat_map(|batch| {
                let items: Vec<Result<User>> = match batch {
                    Ok(users) => users.into_iter().map(Ok).collect(),
                    Err(e) => vec![Err(e)],
                };
                futures::stream::iter(items)
            })
            .chain(last);
        Ok(UserStream { users: self.core().drain.ends_when_draining(users), read_at })
    }

    /// Applies an update and returns the user as stored.
    pub async fn update(&self, ctx: &RequestContext, update: UserUpdate) -> Result<User> {
        let (tenant, audit_target) = (update.input.tenant_id.clone(), target(&update.input.mail));
        self.core().audited(ctx, UPDATE_USER, &tenant, &audit_target, self.do_update(ctx, update)).await
    }

    async fn do_update(&self, ctx: &RequestContext, update: UserUpdate) -> Result<User> {
        let caller = self.core().authenticate(ctx).await?;
        let tenant_id = update.input.tenant_id.clone();
        let mail = update.input.mail.trim().to_lowercase();
        if tenant_id.is_empty() || mail.is_empty() {
            let mut v = Violations::new();
            if tenant_id.is_empty() {
                v.required("user.tenant_id");
            }
            if mail.is_empty() {
                v.required("user.mail");
            }
            return Err(v.finish().unwrap_err());
        }
        caller.require_admin_of(&tenant_id)?;
        if update.input.role == Some(Role::Superadmin)
            && (update.replace_all || update.fields.contains(&UserField::Role))
            && !caller.is_superadmin()
        {
            return Err(Error::PermissionDenied);
        }
        let fields: Vec<UserField> = if update.replace_all { UserField::ALL.to_vec() } else { update.fields.clone() };
        let mut hashed: Option<String> = None;
        for attempt in 0..UPDATE_ATTEMPTS {
            let before = self
                .core()
                .directory
                .get_user(&tenant_id, &mail)
                .await?
                .ok_or_else(|| Error::not_found("user", &mail))?;
            Self::check_target(&caller, &before)?;
            let domains = self.tenant_domains(&tenant_id).await?;
            let settings = self.core().settings.current();
            let rules = Rules { domains: &domains, password: &settings.password };
            let mut v = Violations::new();
            let mut after = before.clone();
            let mut new_password = None;
            for field in &fields {
                new_password =
                    rules.apply(&mut v, &mut after, &update.input, *field, update.replace_all).or(new_password);
            }
            let mut aliases: BTreeSet<String> = after.aliases.iter().cloned().collect();
            for raw in &update.add_aliases {
                if let Some(alias) = rules.address(&mut v, "add_aliases", raw, normalize_mail) {
                    aliases.insert(alias);
                }
            }
            for raw in &update.remove_aliases {
                let alias = raw.trim().to_lowercase();
                if !aliases.remove(&alias) {
                    v.invalid("remove_aliases", format!("{alias} is not an alias of {mail}"));
                }
            }
            after.aliases = aliases.into_iter().collect();
            check_own_addresses(&mut v, &after);
            if new_password.is_some()
                || update.replace_all
                || !update.fields.is_empty()
                || !update.remove_aliases.is_empty()
            {
                self.check_directory_owned(&before, &after, new_password.is_some(), &settings).await?;
            }
            if caller.is_account(&tenant_id, &mail)
                && (after.role != before.role || after.status == UserStatus::Blocked)
            {
                v.invalid(
                    if after.role != before.role { "user.role" } else { "user.status" },
                    "you cannot change your own role or block yourself",
                );
            }
            v.finish()?;
            if let Some(password) = new_password {
                if hashed.is_none() {
                    hashed = Some(self.core().hasher.hash(&password).await?);
                }
                after.password_hash = hashed.clone().expect("just hashed");
            }
            after.updated_at = domain::now();
            let event = self
                .core()
                .event(ctx, &caller, UPDATE_USER, &tenant_id, target(&mail))
                .before(user_view(&before))
                .after(user_change_view(&before, &after));
            // Sessions end in the write itself: a crash cannot leave the change made and them alive.
            let cut = ends_sessions(&before, &after).then(|| SessionCut {
                account: mail.clone(),
                keep: caller.is_account(&tenant_id, &mail).then(|| caller.session_id.clone()),
            });
            match self.core().directory.update_user(&after, &event, cut.as_ref()).await {
                Ok(stored) => {
                    tracing::info!(user = %mail, tenant = %tenant_id, by = %caller.account, "user updated");
                    return Ok(stored);
                }
                Err(Error::Aborted(_)) => conflict_backoff(attempt).await,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Aborted(format!("user {mail}")))
    }

    /// UserService.SyncAccounts: see [`super::sync::AccountSync::sync`].
    pub async fn sync_accounts(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        (dry_run, full): (bool, bool),
        progress: &Progress,
    ) -> Result<SyncReport> {
        super::sync::AccountSync(self.0.clone()).sync(ctx, tenant_id, (dry_run, full), progress).await
    }

    /// UserService.RunSync, and SyncAddressBook by its source's kind: the
    /// sync `kind` names, as its own call runs it
    /// (`ctx.rpc` must name that call, for an API key's scope), reporting
    /// to `progress`.
    pub async fn run_sync(
        &self,
        ctx: &RequestContext,
        kind: SyncKind,
        tenant_id: &str,
        (dry_run, full): (bool, bool),
        progress: &Progress,
    ) -> Result<SyncReport> {
        match kind {
            SyncKind::Accounts => self.sync_accounts(ctx, tenant_id, (dry_run, full), progress).await,
            SyncKind::AddressBookAd => {
                super::sync::ContactSync(self.0.clone()).sync(ctx, tenant_id, dry_run, progress).await
            }
            SyncKind::AddressBookBitrix24 => {
                super::sync::Bitrix24Sync(self.0.clone()).sync(ctx, tenant_id, dry_run, progress).await
            }
            SyncKind::MailListsAd => {
                super::sync::ListSync(self.0.clone()).sync(ctx, tenant_id, dry_run, progress).await
            }
        }
    }

    /// Refuses a change of a field the company directory owns
    /// (`services/ad/accounts/*`, see [`super::sync::accounts::owned_fields`]):
    /// FAILED_PRECONDITION naming the field and the source. Fields pbm alone
    /// has (telegram, skype, lang, role, the address-book visibility, the
    /// alternate address, aliases beside the directory's) stay editable.
    async fn check_directory_owned(
        &self,
        before: &User,
        after: &User,
        new_password: bool,
        settings: &crate::settings::Settings,
    ) -> Result<()> {
        let Some(link) = self.core().directory_links.link_of(&before.tenant_id, &before.mail).await? else {
            return Ok(());
        };
        let source = format!("the company directory ({}, entry {})", settings.directory.connection.host, link.dn);
        if new_password {
            return Err(Error::FailedPrecondition(format!(
                "user.password of {}: the password is managed by {source}; change it there",
                before.mail
            )));
        }
        if let Some(alias) = link.aliases.iter().find(|a| !after.aliases.contains(a)) {
            return Err(Error::FailedPrecondition(format!(
                "user.aliases of {}: {alias} comes from {source}; remove it there",
                before.mail
            )));
        }
        let owned = super::sync::accounts::owned_fields(&settings.directory);
        let changed = super::sync::accounts::changed_fields(before, after);
        if let Some(field) = changed.iter().find(|f| owned.contains(&f.as_str())) {
            return Err(Error::FailedPrecondition(format!(
                "user.{field} of {} comes from {source}: change it there",
                before.mail
            )));
        }
        Ok(())
    }

    /// Soft-deletes a user (§2.8.1): it vanishes from lists, cannot log in,
    /// and its addresses stay reserved until the purge.
    pub async fn delete(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<()> {
        self.core().audited(ctx, DELETE_USER, tenant_id, &target(mail), self.do_delete(ctx, tenant_id, mail)).await
    }

    async fn do_delete(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<()> {
        let caller = self.core().authenticate(ctx).await?;
        caller.require_admin_of(tenant_id)?;
        let mail = mail.trim().to_lowercase();
        let target_user =
            self.core().directory.get_user(tenant_id, &mail).await?.ok_or_else(|| Error::not_found("user", &mail))?;
        Self::check_target(&caller, &target_user)?;
        if caller.is_account(tenant_id, &mail) {
            return Err(Error::FailedPrecondition("you cannot delete your own account".into()));
        }
        if let Some(link) = self.core().directory_links.link_of(tenant_id, &mail).await? {
            return Err(Error::FailedPrecondition(format!(
                "{mail} is owned by the company directory (entry {}): delete or disable it there, or leave the accounts filter",
                link.dn
            )));
        }
        let now = domain::now();
        let event =
            self.core().event(ctx, &caller, DELETE_USER, tenant_id, target(&mail)).before(user_view(&target_user));
        // Its sessions end in the same write.
        self.core().directory.delete_user(tenant_id, &mail, now, &event).await?;
        tracing::info!(user = %mail, tenant = %tenant_id, by = %caller.account, "user deleted");
        Ok(())
    }

    fn purge_at(&self, deleted_at: DateTime<Utc>) -> DateTime<Utc> {
        let retention = self.core().settings.current().users.deleted_retention;
        deleted_at + chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX)
    }

    /// Restores a soft-deleted user while the retention period lasts.
    pub async fn undelete(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<User> {
        self.core().audited(ctx, UNDELETE_USER, tenant_id, &target(mail), self.do_undelete(ctx, tenant_id, mail)).await
    }

    async fn do_undelete(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<User> {
        let caller = self.core().authenticate(ctx).await?;
        caller.require_admin_of(tenant_id)?;
        let mail = mail.trim().to_lowercase();
        let dir = &self.core().directory;
        let target_user =
            dir.get_deleted_user(tenant_id, &mail).await?.ok_or_else(|| Error::not_found("deleted user", &mail))?;
        Self::check_target(&caller, &target_user)?;
        if target_user.deleted_at.is_some_and(|at| self.purge_at(at) <= domain::now()) {
            return Err(Error::not_found("deleted user", &mail));
        }
        let mut restored = target_user.clone();
        restored.deleted_at = None;
        let event = self
            .core()
            .event(ctx, &caller, UNDELETE_USER, tenant_id, target(&mail))
            .before(user_view(&target_user))
            .after(user_view(&restored));
        dir.undelete_user(tenant_id, &mail, &event).await?;
        tracing::info!(user = %mail, tenant = %tenant_id, by = %caller.account, "user restored");
        dir.get_user(tenant_id, &mail).await?.ok_or_else(|| Error::not_found("user", &mail))
    }

    /// Lists the soft-deleted users of a tenant that can still be restored.
    pub async fn list_deleted(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page<DeletedUser>> {
        let caller = self.core().authenticate(ctx).await?;
        if tenant_id.is_empty() {
            return Err(Error::required("tenant_id"));
        }
        caller.require_admin_of(tenant_id)?;
        self.core().existing_tenant(tenant_id).await?;
        let limit = page_token::page_size(page_size).map_err(|e| Error::invalid("page_size", e))?;
        let fingerprint = page_token::fingerprint(&[tenant_id, "deleted"]);
        let after = if page_token.is_empty() {
            None
        } else {
            Some(page_token::decode(page_token, &fingerprint).map_err(|e| Error::invalid("page_token", e))?)
        };
        let dir = &self.core().directory;
        let after = after.as_ref().map(|c| c.id.as_str());
        let (mut users, total_size) = listed_with_total(
            || dir.list_deleted_users(tenant_id, after, limit + 1),
            || dir.count_deleted_users(tenant_id),
        )
        .await?;
        let next_page_token = if users.len() > limit {
            users.truncate(limit);
            let last = users.last().expect("non-empty page");
            page_token::encode(&Cursor { key: String::new(), id: last.mail.clone() }, &fingerprint)
        } else {
            String::new()
        };
        let items = users
            .into_iter()
            .map(|user| {
                let purge_at = self.purge_at(user.deleted_at.unwrap_or_default());
                DeletedUser { user, purge_at }
            })
            .collect();
        Ok(Page { items, next_page_token, total_size })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_by_grammar() {
        assert_eq!(parse_order("").unwrap(), (UserSortKey::Mail, false));
        assert_eq!(parse_order("surname desc").unwrap(), (UserSortKey::Surname, true));
        assert_eq!(parse_order("given_name asc").unwrap(), (UserSortKey::GivenName, false));
        assert!(parse_order("password").is_err());
        assert!(parse_order("mail sideways").is_err());
        assert!(parse_order("mail desc extra").is_err());
    }

    #[tokio::test]
    async fn a_stream_read_to_its_end_ends_whole_and_one_left_unread_past_the_limit_is_cut() {
        let three = || futures::stream::iter((0..3).map(|_| Ok(Vec::new())));
        let (tx, mut rx) = tokio::sync::mpsc::channel(1);
        let reading = tokio::spawn(async move {
            let mut received = 0;
            while rx.recv().await.is_some() {
                received += 1;
            }
            received
        });
        let mut reads = 0;
        send_batches(three(), &tx, Duration::from_secs(60), || reads += 1).await.unwrap();
        drop(tx);
        assert_eq!((reading.await.unwrap(), reads), (3, 4), "three batches sent; the fourth read found the end");

        // Nobody reads: the second batch waits for room past the limit.
        let (tx, _unread) = tokio::sync::mpsc::channel(1);
        let limit = Duration::from_millis(50);
        let cut = send_batches(three(), &tx, limit, || {}).await;
        assert!(matches!(cut, Err(Error::StreamTooSlow { limit: l }) if l == limit), "{cut:?}");
        assert_eq!(tonic::Status::from(cut.unwrap_err()).code(), tonic::Code::ResourceExhausted);

        // A failed batch is sent, and ends the stream as told (no second error).
        let (tx, mut rx) = tokio::sync::mpsc::channel(4);
        let failing = futures::stream::iter([Ok(Vec::new()), Err(Error::Unavailable("store".into())), Ok(Vec::new())]);
        send_batches(failing, &tx, Duration::from_secs(60), || {}).await.unwrap();
        drop(tx);
        assert!(rx.recv().await.unwrap().is_ok());
        assert!(rx.recv().await.unwrap().is_err());
        assert!(rx.recv().await.is_none(), "nothing after the error");
    }
}
