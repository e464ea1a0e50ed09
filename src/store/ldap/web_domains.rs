//! Web domains on LDAP: one `pbmWebDomain` entry per host name under
//! `ou=WebDomains`, with the PEM key and chain and the facts of the leaf
//! certificate. Reads never ask for `pbmPrivateKey`, except
//! [`WebDomainStore::web_domain_key`]; the shipped access rules
//! (`deploy/ldap/openldap/30-pbm-access.ldif`) hide it from everyone but pbm.

use async_trait::async_trait;
use ldap3::Scope;

use super::conn::{Entry, Mods, Outcome};
use super::mapping;
use super::{LdapStore, and, int};
use crate::domain::{AuditEvent, CertificateInfo, ChangeOp, ObjectChange, ObjectKind, PrivateKeyPem, WebDomain};
use crate::error::{Error, Result};
use crate::ports::WebDomainStore;
use crate::store::{from_micros, to_micros};

/// Every attribute but the key.
const WEB_ATTRS: &[&str] = &[
    "cn",
    "pbmCertificate",
    "pbmCertSubject",
    "pbmCertIssuer",
    "pbmCertDnsNames",
    "pbmCertNotBefore",
    "pbmCertNotAfter",
    "pbmCertFingerprint",
    "pbmCreatedAt",
    "pbmUpdatedAt",
];

pub(super) fn web_domain_from_entry(entry: &Entry) -> Result<WebDomain> {
    let dns_names = entry.text("pbmCertDnsNames");
    Ok(WebDomain {
        name: entry.text("cn"),
        certificate_pem: entry.text("pbmCertificate"),
        certificate: CertificateInfo {
            subject: entry.text("pbmCertSubject"),
            dns_names: if dns_names.is_empty() {
                Vec::new()
            } else {
                serde_json::from_str(&dns_names).map_err(Error::internal)?
            },
            issuer: entry.text("pbmCertIssuer"),
            not_before: from_micros(entry.required_int("pbmCertNotBefore")?),
            not_after: from_micros(entry.required_int("pbmCertNotAfter")?),
            sha256_fingerprint: entry.text("pbmCertFingerprint"),
        },
        created_at: from_micros(entry.required_int("pbmCreatedAt")?),
        updated_at: from_micros(entry.required_int("pbmUpdatedAt")?),
    })
}

fn dns_names_json(domain: &WebDomain) -> Result<String> {
    serde_json::to_string(&domain.certificate.dns_names).map_err(Error::internal)
}

impl LdapStore {
    async fn web_domains(&self) -> Result<Vec<WebDomain>> {
        let filter = and("pbmWebDomain", &[]);
        let entries = self.pool.search(&self.layout.web_domains, Scope::OneLevel, &filter, WEB_ATTRS).await?;
        let mut domains = entries.iter().map(web_domain_from_entry).collect::<Result<Vec<_>>>()?;
        domains.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(domains)
    }
}

#[async_trait]
impl WebDomainStore for LdapStore {
    async fn list_web_domains(&self, after: Option<&str>, limit: usize) -> Result<Vec<WebDomain>> {
        self.reading_listing(None).await;
        Ok(self
            .web_domains()
            .await?
            .into_iter()
            .filter(|d| after.is_none_or(|a| d.name.as_str() > a))
            .take(limit)
            .collect())
    }

    async fn count_web_domains(&self) -> Result<u64> {
        self.reading_listing(None).await;
        self.count(&self.layout.web_domains, &and("pbmWebDomain", &[])).await
    }

    async fn get_web_domain(&self, name: &str) -> Result<Option<WebDomain>> {
        let entry = self.pool.read(&self.web_domain_dn(name), WEB_ATTRS).await?;
        entry.as_ref().map(web_domain_from_entry).transpose()
    }

    async fn web_domain_key(&self, name: &str) -> Result<Option<PrivateKeyPem>> {
        let entry = self.pool.read(&self.web_domain_dn(name), &["pbmPrivateKey"]).await?;
        Ok(entry.map(|e| PrivateKeyPem::new(e.text("pbmPrivateKey"))))
    }

    async fn create_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()> {
        let change =
            self.change(vec![ObjectChange::new(ObjectKind::WebDomain, "", &domain.name, ChangeOp::Added)]).await?;
        let attrs = mapping::web_domain_attrs(domain, key)?;
        match self.pool.add(&self.web_domain_dn(&domain.name), &attrs).await? {
            Outcome::Done => {}
            Outcome::AlreadyExists => return Err(Error::already_exists("web domain", &domain.name)),
            other => return Err(Error::internal(anyhow::anyhow!("adding web domain {}: {other:?}", domain.name))),
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn update_web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem, audit: &AuditEvent) -> Result<()> {
        let change =
            self.change(vec![ObjectChange::new(ObjectKind::WebDomain, "", &domain.name, ChangeOp::Modified)]).await?;
        let cert = &domain.certificate;
        let mods = Mods::default()
            .set("pbmPrivateKey", key.expose())
            .set("pbmCertificate", domain.certificate_pem.as_str())
            .set("pbmCertSubject", cert.subject.as_str())
            .set("pbmCertIssuer", cert.issuer.as_str())
            .set("pbmCertDnsNames", dns_names_json(domain)?)
            .set("pbmCertNotBefore", int(to_micros(cert.not_before)))
            .set("pbmCertNotAfter", int(to_micros(cert.not_after)))
            .set("pbmCertFingerprint", cert.sha256_fingerprint.as_str())
            .set("pbmUpdatedAt", int(to_micros(domain.updated_at)));
        match self.pool.modify(&self.web_domain_dn(&domain.name), mods).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("web domain", &domain.name)),
            other => return Err(Error::internal(anyhow::anyhow!("updating web domain {}: {other:?}", domain.name))),
        }
        change.audited(audit).await;
        Ok(())
    }

    async fn delete_web_domain(&self, name: &str, audit: &AuditEvent) -> Result<()> {
        let change = self.change(vec![ObjectChange::new(ObjectKind::WebDomain, "", name, ChangeOp::Deleted)]).await?;
        match self.pool.delete(&self.web_domain_dn(name)).await? {
            Outcome::Done => {}
            Outcome::NoSuchObject => return Err(Error::not_found("web domain", name)),
            other => return Err(Error::internal(anyhow::anyhow!("deleting web domain {name}: {other:?}"))),
        }
        change.audited(audit).await;
        Ok(())
    }
}
