//! Checking a whole LDIF input before anything changes: syntax, DNs under
//! the root, pbm's classes and attributes only, complete objects and the
//! references between them; an error names the line.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::Path;

use crate::domain::{MailDomain, ResourceGroup, Tenant};
use crate::error::{Error, Result};
use crate::ldif::{self, LdifReader};
use crate::service::Core;
use crate::store::ldap::{LdifMapping, LdifObject};

/// What validation keeps for applying: the few objects of which an
/// installation has few (tenants, mail domains, resource groups).
#[derive(Debug, Default)]
pub(super) struct Validated {
    pub(super) tenants: Vec<Tenant>,
    pub(super) domains: Vec<MailDomain>,
    /// Resource groups by `pbmId`.
    pub(super) groups: BTreeMap<String, ResourceGroup>,
    pub(super) entries: u64,
}

pub(super) fn invalid(error: ldif::LdifError) -> Error {
    Error::invalid("data", error.to_string())
}

/// Reads the whole input: every entry must map to an object and every
/// reference must resolve, in the input or in the directory: a resource's
/// group, a tenant's default domain, the tenant of every object, the mail
/// domain (of the object's tenant) of every address an object claims. What
/// is kept per reference is bounded by the number of tenants, domains and
/// groups, not by the number of entries.
pub(super) async fn validate(core: &Core, mapping: &LdifMapping, path: &Path) -> Result<Validated> {
    use crate::domain::address::domain_of;
    let (mapping_owned, path_owned) = (mapping.clone(), path.to_owned());
    type Refs = (BTreeMap<String, usize>, BTreeMap<(String, String), usize>);
    // Reading and parsing is synchronous work on a file: off the runtime.
    let (validated, (tenants_used, domains_used)) =
        tokio::task::spawn_blocking(move || -> Result<(Validated, Refs)> {
            let mut validated = Validated::default();
            // First line naming each tenant / (domain, tenant) / group id.
            let mut tenants_used: BTreeMap<String, usize> = BTreeMap::new();
            let mut domains_used: BTreeMap<(String, String), usize> = BTreeMap::new();
            let mut group_refs: BTreeMap<String, usize> = BTreeMap::new();
            let file = std::fs::File::open(&path_owned).map_err(Error::internal)?;
            let mut reader = LdifReader::new(BufReader::new(file));
            let mut uses = |tenant: &str, addresses: &[&str], line: usize| {
                tenants_used.entry(tenant.to_lowercase()).or_insert(line);
                for address in addresses.iter().filter(|a| !a.is_empty()) {
                    let key = (domain_of(address).to_lowercase(), tenant.to_lowercase());
                    domains_used.entry(key).or_insert(line);
                }
            };
            while let Some(entry) = reader.next_entry().map_err(invalid)? {
                validated.entries += 1;
                let line = entry.line;
                match mapping_owned.parse(&entry).map_err(invalid)? {
                    LdifObject::Container | LdifObject::Claim | LdifObject::WebDomain(..) => {}
                    LdifObject::Tenant(tenant) => validated.tenants.push(tenant),
                    LdifObject::MailDomain(domain) => {
                        uses(&domain.tenant_id, &[], line);
                        validated.domains.push(domain);
                    }
                    LdifObject::ResourceGroup(group, id) => {
                        uses(&group.tenant_id, &[], line);
                        validated.groups.insert(id, group);
                    }
                    LdifObject::Resource(resource, group_id) => {
                        uses(&resource.tenant_id, &[&resource.mail], line);
                        group_refs.entry(group_id).or_insert(line);
                    }
                    LdifObject::User(user, photo) => {
                        if let Some(photo) = photo {
                            crate::domain::avatar::from_imported(photo, crate::domain::now()).map_err(|e| {
                                Error::invalid("data", format!("LDIF line {line}: the jpegPhoto of {} {e}", user.mail))
                            })?;
                        }
                        let mut addresses = vec![user.mail.as_str(), user.alternate_address.as_str()];
                        addresses.extend(user.aliases.iter().map(String::as_str));
                        uses(&user.tenant_id, &addresses, line);
                    }
                    LdifObject::MailList(list) => uses(&list.tenant_id, &[&list.mail], line),
                    // A contact's address is not the tenant's (it may be anywhere).
                    LdifObject::Contact(contact) => uses(&contact.tenant_id, &[], line),
                }
            }
            for (group_id, line) in group_refs {
                if !validated.groups.contains_key(&group_id) {
                    return Err(Error::invalid(
                        "data",
                        format!("LDIF line {line}: the resource's group (pbmGroupId {group_id}) is not in the input"),
                    ));
                }
            }
            for tenant in &validated.tenants {
                let has_default = validated.domains.iter().any(|d| {
                    d.name.eq_ignore_ascii_case(&tenant.default_domain) && d.tenant_id.eq_ignore_ascii_case(&tenant.id)
                });
                if !has_default {
                    return Err(Error::invalid(
                        "data",
                        format!(
                            "tenant {}: its default mail domain {} is not in the input",
                            tenant.id, tenant.default_domain
                        ),
                    ));
                }
            }
            tenants_used.retain(|tenant, _| !validated.tenants.iter().any(|t| t.id.eq_ignore_ascii_case(tenant)));
            domains_used.retain(|(domain, tenant), _| {
                !validated
                    .domains
                    .iter()
                    .any(|d| d.name.eq_ignore_ascii_case(domain) && d.tenant_id.eq_ignore_ascii_case(tenant))
            });
            Ok((validated, (tenants_used, domains_used)))
        })
        .await
        .map_err(Error::internal)??;
    // References the input does not resolve: the directory must.
    for (tenant, line) in tenants_used {
        if core.directory.get_tenant(&tenant).await?.is_none() {
            return Err(Error::invalid(
                "data",
                format!("LDIF line {line}: tenant {tenant} is neither in the input nor in the directory"),
            ));
        }
    }
    for ((domain, tenant), line) in domains_used {
        let owner = core.directory.get_mail_domain(&domain).await?.map(|d| d.tenant_id.to_lowercase());
        if owner.as_deref() != Some(tenant.as_str()) {
            return Err(Error::invalid(
                "data",
                format!("LDIF line {line}: {domain} is not a mail domain of tenant {tenant}, in the input or here"),
            ));
        }
    }
    Ok(validated)
}
