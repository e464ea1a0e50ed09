//! Web domains on PostgreSQL: the key and chain as PEM text beside the facts
//! of the leaf certificate. Reads select every column but the key.

use async_trait::async_trait;
use sqlx::{Row, postgres::PgRow};

use super::{PostgresStore, db_error, is_unique_violation};
use crate::domain::{AuditEvent, CertificateInfo, PrivateKeyPem, WebDomain};
use crate::error::{Error, Result};
use crate::ports::WebDomainStore;
use crate::store::{from_micros, to_micros};

/// Every column but `private_key_pem` (a literal for `concat!`).
macro_rules! columns {
    () => {
        "name, certificate_pem, subject, issuer, dns_names, not_before, not_after, sha256_fingerprint, created_at, \
         updated_at"
    };
}

fn web_domain_from_row(row: &PgRow) -> Result<WebDomain> {
    let dns_names: String = row.try_get("dns_names").map_err(db_error)?;
    Ok(WebDomain {
        name: row.try_get("name").map_err(db_error)?,
        certificate_pem: row.try_get("certificate_pem").map_err(db_error)?,
        certificate: CertificateInfo {
            subject: row.try_get("subject").map_err(db_error)?,
            dns_names: serde_json::from_str(&dns_names).map_err(Error::internal)?,
            issuer: row.try_get("issuer").map_err(db_error)?,
            not_before: from_micros(row.try_get("not_before").map_err(db_error)?),
            not_after: from_micros(row.try_get("not_after").map_err(db_error)?),
            sha256_fingerprint: row.try_get("sha256_fingerprint").map_err(db_error)?,
        },
        created_at: from_micros(row.try_get("created_at").map_err(db_error)?),
        updated_at: from_micros(row.try_get("updated_at").map_err(db_error)?),
    })
}

fn dns_names_json(domain: &WebDomain) -> Result<String> {
    serde_json::to_string(&domain.certificate.dns_names).map_err(Error::internal)
}

#[async_trait]
impl WebDomainStore for PostgresStore {
    async fn list_web_domains(&self, after: Option<&str>, limit: usize) -> Result<Vec<WebDomain>> {
        let rows =
            sqlx::query(concat!("SELECT ", columns!(), " FROM web_domains WHERE name > $1 ORDER BY name LIMIT $2"))
                .bind(after.unwrap_or(""))
                .bind(limit as i64)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        rows.iter().map(web_domain_from_row).collect()
    }

    async fn count_web_domains(&self) -> Result<u64> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM web_domains").fetch_one(&self.pool).await.map_err(db_error)?;
        Ok(n as u64)
    }

    async fn get_web_domain(&self, name: &str) -> Result<Option<WebDomain>> {
        let row = sqlx::query(concat!("SELECT ", columns!(), " FROM web_domains WHERE name = $1"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.as_ref().map(web_domain_from_row).transpose()
    }

    async fn web_domain_key(&self, name: &str) -> Result<Option<PrivateKeyPem>> {
        let key: Option<String> = sqlx::query_scalar("SELECT private_key_pem FROM web_domains WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(key.map(PrivateKeyPem::new))
    }

    async fn create_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let cert = &domain.certificate;
        sqlx::query(
            "INSERT INTO web_domains (name, private_key_pem, certificate_pem, subject, issuer, dns_names, not_before,
               not_after, sha256_fingerprint, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&domain.name)
        .bind(key.expose())
        .bind(&domain.certificate_pem)
        .bind(&cert.subject)
        .bind(&cert.issuer)
        .bind(dns_names_json(domain)?)
        .bind(to_micros(cert.not_before))
        .bind(to_micros(cert.not_after))
        .bind(&cert.sha256_fingerprint)
        .bind(to_micros(domain.created_at))
        .bind(to_micros(domain.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) { Error::already_exists("web domain", &domain.name) } else { db_error(e) }
        })?;
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn update_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let cert = &domain.certificate;
        let done = sqlx::query(
            "UPDATE web_domains SET private_key_pem = $1, certificate_pem = $2, subject = $3, issuer = $4,
               dns_names = $5, not_before = $6, not_after = $7, sha256_fingerprint = $8, updated_at = $9
             WHERE name = $10",
        )
        .bind(key.expose())
        .bind(&domain.certificate_pem)
        .bind(&cert.subject)
        .bind(&cert.issuer)
        .bind(dns_names_json(domain)?)
        .bind(to_micros(cert.not_before))
        .bind(to_micros(cert.not_after))
        .bind(&cert.sha256_fingerprint)
        .bind(to_micros(domain.updated_at))
        .bind(&domain.name)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("web domain", &domain.name));
        }
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn delete_web_domain(&self, name: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("DELETE FROM web_domains WHERE name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(Error::not_found("web domain", name));
        }
        super::audit::insert(&mut tx, audit).await?;
        tx.commit().await.map_err(db_error)
    }
}
