//! Web domains: the key and chain as PEM text beside the facts of the leaf
//! certificate. Reads select every column but the key.

use async_trait::async_trait;

use super::dialect::{QueryExt as _, RowExt, unique_or};
use super::{Dialect, SqlStore, query};
use crate::domain::{AuditEvent, CertificateInfo, ChangeOp, ObjectKind, PrivateKeyPem, WebDomain};
use crate::error::{Error, Result};
use crate::ports::WebDomainStore;
use crate::store::to_micros;

/// Every column but `private_key_pem` (a literal for `concat!`).
macro_rules! columns {
    () => {
        "name, certificate_pem, subject, issuer, dns_names, not_before, not_after, sha256_fingerprint, created_at, \
         updated_at"
    };
}

fn web_domain_from_row<R: RowExt>(row: &R) -> Result<WebDomain> {
    Ok(WebDomain {
        name: row.text("name")?,
        certificate_pem: row.text("certificate_pem")?,
        certificate: CertificateInfo {
            subject: row.text("subject")?,
            dns_names: serde_json::from_str(&row.text("dns_names")?).map_err(Error::internal)?,
            issuer: row.text("issuer")?,
            not_before: row.time("not_before")?,
            not_after: row.time("not_after")?,
            sha256_fingerprint: row.text("sha256_fingerprint")?,
        },
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

fn dns_names_json(domain: &WebDomain) -> Result<String> {
    serde_json::to_string(&domain.certificate.dns_names).map_err(Error::internal)
}

#[async_trait]
impl<D: Dialect> WebDomainStore for SqlStore<D> {
    async fn list_web_domains(&self, after: Option<&str>, limit: usize) -> Result<Vec<WebDomain>> {
        let rows =
            query::<D>(concat!("SELECT ", columns!(), " FROM web_domains WHERE name > $1 ORDER BY name LIMIT $2"))
                .arg(after.unwrap_or(""))
                .arg(limit as i64)
                .rows(&mut *self.reader().await?)
                .await?;
        rows.iter().map(web_domain_from_row).collect()
    }

    async fn count_web_domains(&self) -> Result<u64> {
        query::<D>("SELECT COUNT(*) AS n FROM web_domains").row(&mut *self.reader().await?).await?.count("n")
    }

    async fn get_web_domain(&self, name: &str) -> Result<Option<WebDomain>> {
        let row = query::<D>(concat!("SELECT ", columns!(), " FROM web_domains WHERE name = $1"))
            .arg(name)
            .maybe_row(&mut *self.reader().await?)
            .await?;
        row.as_ref().map(web_domain_from_row).transpose()
    }

    async fn web_domain_key(&self, name: &str) -> Result<Option<PrivateKeyPem>> {
        let row = query::<D>("SELECT private_key_pem FROM web_domains WHERE name = $1")
            .arg(name)
            .maybe_row(&mut *self.reader().await?)
            .await?;
        row.map(|row| row.text("private_key_pem").map(PrivateKeyPem::new)).transpose()
    }

    async fn create_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let cert = &domain.certificate;
        query::<D>(
            "INSERT INTO web_domains (name, private_key_pem, certificate_pem, subject, issuer, dns_names, not_before,
               not_after, sha256_fingerprint, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .arg(&domain.name)
        .arg(key.expose())
        .arg(&domain.certificate_pem)
        .arg(&cert.subject)
        .arg(&cert.issuer)
        .arg(dns_names_json(domain)?)
        .arg(to_micros(cert.not_before))
        .arg(to_micros(cert.not_after))
        .arg(&cert.sha256_fingerprint)
        .arg(to_micros(domain.created_at))
        .arg(to_micros(domain.updated_at))
        .try_run(&mut *tx)
        .await
        .map_err(|e| unique_or::<D>(e, || Error::already_exists("web domain", &domain.name)))?;
        tx.changed(ObjectKind::WebDomain, "", &domain.name, ChangeOp::Added);
        tx.commit(audit).await
    }

    async fn update_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        let cert = &domain.certificate;
        let changed = query::<D>(
            "UPDATE web_domains SET private_key_pem = $1, certificate_pem = $2, subject = $3, issuer = $4,
               dns_names = $5, not_before = $6, not_after = $7, sha256_fingerprint = $8, updated_at = $9
             WHERE name = $10",
        )
        .arg(key.expose())
        .arg(&domain.certificate_pem)
        .arg(&cert.subject)
        .arg(&cert.issuer)
        .arg(dns_names_json(domain)?)
        .arg(to_micros(cert.not_before))
        .arg(to_micros(cert.not_after))
        .arg(&cert.sha256_fingerprint)
        .arg(to_micros(domain.updated_at))
        .arg(&domain.name)
        .run(&mut *tx)
        .await?;
        if changed == 0 {
            return Err(Error::not_found("web domain", &domain.name));
        }
        tx.changed(ObjectKind::WebDomain, "", &domain.name, ChangeOp::Modified);
        tx.commit(audit).await
    }

    async fn delete_web_domain(&self, name: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.change().await?;
        if query::<D>("DELETE FROM web_domains WHERE name = $1").arg(name).run(&mut *tx).await? == 0 {
            return Err(Error::not_found("web domain", name));
        }
        tx.changed(ObjectKind::WebDomain, "", name, ChangeOp::Deleted);
        tx.commit(audit).await
    }
}
