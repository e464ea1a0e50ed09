//! Mail domains: one row per domain, the tenant's default marked by
//! `is_default` (a partial unique index allows one per tenant). What uses a
//! domain is counted from the addresses and objects whose address is in it;
//! a forced deletion removes exactly that, in one transaction that holds the
//! domain's row (address reservations in the domain share-lock it, so they
//! wait or see it gone).
//!
//! "Addressed in the domain" is `LIKE $2`, the pattern `%@<domain>` escaped:
//! an address has one `@`, so its domain part is the domain exactly when the
//! address ends with `@<domain>`.

use async_trait::async_trait;

use super::addresses::free;
use super::dialect::{Lock, QueryExt as _, RowExt, constraint_or};
use super::{Dialect, SqlStore, dynamic, like_escape, lists_modified, query};
use crate::domain::{
    AuditEvent, ChangeOp, DomainUsage, MailDomain, MailDomainField, ObjectChange, ObjectKind, SessionCut,
};
use crate::error::{Error, Result};
use crate::ports::MailDomainStore;
use crate::store::to_micros;

fn domain_from_row<R: RowExt>(row: &R) -> Result<MailDomain> {
    Ok(MailDomain {
        name: row.text("name")?,
        tenant_id: row.text("tenant_id")?,
        display_name: row.text("display_name")?,
        description: row.text("description")?,
        associated_domain: row.text("associated_domain")?,
        is_default: row.flag("is_default")?,
        created_at: row.time("created_at")?,
    })
}

/// The `LIKE` pattern of the addresses in domain `name`.
fn in_domain(name: &str) -> String {
    format!("%@{}", like_escape(name))
}

/// Counts what uses the domain `name` of tenant `$1` (see [`DomainUsage`]):
/// alternate addresses, aliases and memberships are counted where their
/// holder is not itself addressed in the domain (those go with the holder).
async fn usage<D: Dialect>(conn: &mut D::Connection, tenant_id: &str, name: &str) -> Result<DomainUsage> {
    let row = query::<D>(
        "SELECT
           (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND mail LIKE $2 ESCAPE '\\') AS users,
           (SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND role = 3 AND mail LIKE $2 ESCAPE '\\') AS superadmins,
           (SELECT COUNT(*) FROM addresses WHERE tenant_id = $1 AND kind = 'alternate'
              AND address LIKE $2 ESCAPE '\\' AND owner NOT LIKE $2 ESCAPE '\\') AS alternates,
           (SELECT COUNT(*) FROM addresses WHERE tenant_id = $1 AND kind = 'alias'
              AND address LIKE $2 ESCAPE '\\' AND owner NOT LIKE $2 ESCAPE '\\') AS aliases,
           (SELECT COUNT(*) FROM resources WHERE tenant_id = $1 AND mail LIKE $2 ESCAPE '\\') AS resources,
           (SELECT COUNT(*) FROM mail_lists WHERE tenant_id = $1 AND mail LIKE $2 ESCAPE '\\') AS mail_lists,
           (SELECT COUNT(*) FROM mail_list_members m JOIN mail_lists l ON l.id = m.list_id
              WHERE l.tenant_id = $1 AND m.member LIKE $2 ESCAPE '\\' AND l.mail NOT LIKE $2 ESCAPE '\\')
             AS list_members",
    )
    .arg(tenant_id)
    .arg(in_domain(name))
    .row(conn)
    .await?;
    Ok(DomainUsage {
        users: row.count("users")?,
        superadmins: row.count("superadmins")?,
        alternate_addresses: row.count("alternates")?,
        aliases: row.count("aliases")?,
        resources: row.count("resources")?,
        mail_lists: row.count("mail_lists")?,
        list_members: row.count("list_members")?,
    })
}

/// Removes everything that uses the domain (the cascade of a forced
/// deletion) at time `now` (Unix microseconds); returns the primary
/// addresses of the accounts deleted, and notes every object deleted or
/// changed in `changed` (for the change log).
async fn remove_contents<D: Dialect>(
    conn: &mut D::Connection,
    tenant_id: &str,
    name: &str,
    now: i64,
    changed: &mut Vec<ObjectChange>,
) -> Result<Vec<String>> {
    let pattern = in_domain(name);
    // Accounts addressed in the domain, for good, with every address they own.
    let rows = query::<D>("SELECT mail FROM users WHERE tenant_id = $1 AND mail LIKE $2 ESCAPE '\\'")
        .arg(tenant_id)
        .arg(pattern.as_str())
        .rows(&mut *conn)
        .await?;
    let accounts = rows.iter().map(|row| row.text("mail")).collect::<Result<Vec<_>>>()?;
    for account in &accounts {
        let owned =
            query::<D>("SELECT address FROM addresses WHERE owner = $1 AND kind IN ('mail', 'alternate', 'alias')")
                .arg(account)
                .rows(&mut *conn)
                .await?;
        for row in owned {
            let lists = free::<D>(conn, tenant_id, &row.text("address")?).await?;
            changed.extend(lists_modified(tenant_id, lists));
        }
        query::<D>("DELETE FROM users WHERE mail = $1").arg(account).run(&mut *conn).await?;
        changed.push(ObjectChange::new(ObjectKind::User, tenant_id, account, ChangeOp::Deleted));
    }
    // Alternate addresses and aliases in the domain, taken from their owners
    // (whose revision moves on, so that a stale update cannot restore them).
    for kind in ["alternate", "alias"] {
        let taken = query::<D>(
            "SELECT address, owner FROM addresses WHERE tenant_id = $1 AND kind = $3 AND address LIKE $2 ESCAPE '\\'",
        )
        .arg(tenant_id)
        .arg(pattern.as_str())
        .arg(kind)
        .rows(&mut *conn)
        .await?;
        for row in taken {
            let lists = free::<D>(conn, tenant_id, &row.text("address")?).await?;
            changed.extend(lists_modified(tenant_id, lists));
            changed.push(ObjectChange::new(ObjectKind::User, tenant_id, &row.text("owner")?, ChangeOp::Modified));
            query::<D>(if kind == "alternate" {
                "UPDATE users SET alternate_address = '', updated_at = $1, revision = revision + 1 WHERE mail = $2"
            } else {
                "UPDATE users SET updated_at = $1, revision = revision + 1 WHERE mail = $2"
            })
            .arg(now)
            .arg(row.text("owner")?)
            .run(&mut *conn)
            .await?;
        }
    }
    // Resources and lists addressed in the domain, their addresses freed.
    for (table, kind) in [("resources", ObjectKind::Resource), ("mail_lists", ObjectKind::MailList)] {
        let condition = format!("FROM {table} WHERE tenant_id = $1 AND mail LIKE $2 ESCAPE '\\'");
        let rows = dynamic::<D>(format!("SELECT mail {condition}"))
            .arg(tenant_id)
            .arg(pattern.as_str())
            .rows(&mut *conn)
            .await?;
        for row in rows {
            let mail = row.text("mail")?;
            let lists = free::<D>(conn, tenant_id, &mail).await?;
            changed.extend(lists_modified(tenant_id, lists));
            changed.push(ObjectChange::new(kind, tenant_id, &mail, ChangeOp::Deleted));
        }
        dynamic::<D>(format!("DELETE {condition}")).arg(tenant_id).arg(pattern.as_str()).run(&mut *conn).await?;
    }
    // Remaining memberships of addresses in the domain (external ones too).
    let lists = query::<D>(
        "SELECT mail FROM mail_lists
         WHERE tenant_id = $1 AND id IN (SELECT list_id FROM mail_list_members WHERE member LIKE $2 ESCAPE '\\')",
    )
    .arg(tenant_id)
    .arg(pattern.as_str())
    .rows(&mut *conn)
    .await?;
    for row in lists {
        changed.push(ObjectChange::new(ObjectKind::MailList, tenant_id, &row.text("mail")?, ChangeOp::Modified));
    }
    query::<D>(
        "UPDATE mail_lists SET updated_at = $3, revision = revision + 1
         WHERE tenant_id = $1 AND id IN (SELECT list_id FROM mail_list_members WHERE member LIKE $2 ESCAPE '\\')",
    )
    .arg(tenant_id)
    .arg(pattern.as_str())
    .arg(now)
    .run(&mut *conn)
    .await?;
    query::<D>(
        "DELETE FROM mail_list_members
         WHERE member LIKE $2 ESCAPE '\\' AND list_id IN (SELECT id FROM mail_lists WHERE tenant_id = $1)",
    )
    .arg(tenant_id)
    .arg(pattern.as_str())
    .run(&mut *conn)
    .await?;
    Ok(accounts)
}

#[async_trait]
impl<D: Dialect> MailDomainStore for SqlStore<D> {
    async fn get_mail_domain(&self, name: &str) -> Result<Option<MailDomain>> {
        let row = query::<D>("SELECT * FROM mail_domains WHERE name = $1")
            .arg(name)
            .maybe_row(&mut *self.reader().await?)
            .await?;
        row.as_ref().map(domain_from_row).transpose()
    }

    async fn list_mail_domains(&self, tenant_id: &str) -> Result<Vec<MailDomain>> {
        let rows = query::<D>("SELECT * FROM mail_domains WHERE tenant_id = $1 ORDER BY name")
            .arg(tenant_id)
            .rows(&mut *self.reader().await?)
            .await?;
        rows.iter().map(domain_from_row).collect()
    }

    async fn create_mail_domain(&self, domain: &MailDomain, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        query::<D>(
            "INSERT INTO mail_domains (name, tenant_id, display_name, description, associated_domain, is_default, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .arg(&domain.name)
        .arg(&domain.tenant_id)
        .arg(&domain.display_name)
        .arg(&domain.description)
        .arg(&domain.associated_domain)
        .arg(domain.is_default)
        .arg(to_micros(domain.created_at))
        .try_run(&mut *tx)
        .await
        .map_err(|e| {
            constraint_or::<D>(
                e,
                || Error::already_exists("domain", &domain.name),
                || Error::not_found("tenant", &domain.tenant_id),
            )
        })?;
        tx.changed(ObjectKind::MailDomain, &domain.tenant_id, &domain.name, ChangeOp::Added);
        // The tenant lists its domains.
        tx.changed(ObjectKind::Tenant, &domain.tenant_id, &domain.tenant_id, ChangeOp::Modified);
        tx.commit(audit).await
    }

    async fn update_mail_domain(
        &self,
        domain: &MailDomain,
        fields: &[MailDomainField],
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.change().await?;
        let named = |field| fields.contains(&field);
        let changed = query::<D>(
            "UPDATE mail_domains SET
               display_name = CASE WHEN $1 THEN $2 ELSE display_name END,
               description = CASE WHEN $3 THEN $4 ELSE description END,
               associated_domain = CASE WHEN $5 THEN $6 ELSE associated_domain END
             WHERE name = $7 AND tenant_id = $8",
        )
        .arg(named(MailDomainField::DisplayName))
        .arg(&domain.display_name)
        .arg(named(MailDomainField::Description))
        .arg(&domain.description)
        .arg(named(MailDomainField::AssociatedDomain))
        .arg(&domain.associated_domain)
        .arg(&domain.name)
        .arg(&domain.tenant_id)
        .run(&mut *tx)
        .await?;
        if changed == 0 {
            return Err(Error::not_found("mail domain", &domain.name));
        }
        tx.changed(ObjectKind::MailDomain, &domain.tenant_id, &domain.name, ChangeOp::Modified);
        tx.commit(audit).await
    }

    async fn set_default_mail_domain(&self, tenant_id: &str, name: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        // Lock the tenant's domains: concurrent moves of the default queue here.
        let sql =
            format!("SELECT name FROM mail_domains WHERE tenant_id = $1 ORDER BY name{}", D::lock_clause(Lock::Update));
        let names = dynamic::<D>(sql).arg(tenant_id).rows(&mut *tx).await?;
        if !names.iter().any(|row| row.text("name").is_ok_and(|n| n == name)) {
            return Err(Error::not_found("mail domain", name));
        }
        // Two statements: the partial unique index is checked row by row.
        let sql = "UPDATE mail_domains SET is_default = FALSE WHERE tenant_id = $1 AND is_default AND name <> $2 RETURNING name";
        for row in query::<D>(sql).arg(tenant_id).arg(name).rows(&mut *tx).await? {
            tx.changed(ObjectKind::MailDomain, tenant_id, &row.text("name")?, ChangeOp::Modified);
        }
        query::<D>("UPDATE mail_domains SET is_default = TRUE WHERE tenant_id = $1 AND name = $2")
            .arg(tenant_id)
            .arg(name)
            .run(&mut *tx)
            .await?;
        tx.changed(ObjectKind::MailDomain, tenant_id, name, ChangeOp::Modified);
        // The tenant's default domain is a field of the tenant.
        tx.changed(ObjectKind::Tenant, tenant_id, tenant_id, ChangeOp::Modified);
        tx.commit(audit).await
    }

    async fn mail_domain_usage(&self, tenant_id: &str, name: &str) -> Result<DomainUsage> {
        usage::<D>(&mut *self.reader().await?, tenant_id, name).await
    }

    async fn delete_mail_domain(
        &self,
        tenant_id: &str,
        name: &str,
        expected: &DomainUsage,
        audit: &AuditEvent,
    ) -> Result<Vec<String>> {
        let mut tx = self.change().await?;
        let sql = format!(
            "SELECT is_default FROM mail_domains WHERE name = $1 AND tenant_id = $2{}",
            D::lock_clause(Lock::Update)
        );
        match dynamic::<D>(sql).arg(name).arg(tenant_id).maybe_row(&mut *tx).await? {
            None => return Err(Error::not_found("mail domain", name)),
            Some(row) if row.flag("is_default")? => {
                return Err(Error::Aborted(format!("mail domain {name} became the default")));
            }
            Some(_) => {}
        }
        if usage::<D>(&mut tx, tenant_id, name).await? != *expected {
            return Err(Error::Aborted(format!("what uses mail domain {name} changed")));
        }
        let mut changed = Vec::new();
        let accounts = if expected.is_empty() {
            Vec::new()
        } else {
            remove_contents::<D>(&mut tx, tenant_id, name, to_micros(audit.at), &mut changed).await?
        };
        query::<D>("DELETE FROM mail_domains WHERE name = $1 AND tenant_id = $2 AND NOT is_default")
            .arg(name)
            .arg(tenant_id)
            .run(&mut *tx)
            .await?;
        tx.changed.append(&mut changed);
        // The accounts' sessions end with the deletion (see SessionCut).
        for account in &accounts {
            tx.end_sessions(&SessionCut::all(account)).await?;
        }
        tx.changed(ObjectKind::MailDomain, tenant_id, name, ChangeOp::Deleted);
        tx.changed(ObjectKind::Tenant, tenant_id, tenant_id, ChangeOp::Modified);
        tx.commit(audit).await?;
        Ok(accounts)
    }
}
