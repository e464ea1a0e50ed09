//! The one mapping between directory objects and LDAP entries, both ways:
//! the LDAP store adds exactly the attributes built here and reads objects
//! back with the `*_from_entry` functions of its modules, and the backup
//! service's LDIF export and import go through the same code
//! ([`LdifMapping`]), so that an export loaded with `ldapadd` into a
//! directory carrying pbm's schema is what the LDAP store would have
//! written, and the LDAP store reads it as is.
//!
//! Ids that the LDAP store makes up (the `pbmId` of resource groups and
//! mailing lists) are not part of the domain objects; an export derives
//! them from the object's key (a hash of tenant and name), and an import
//! reads them only to find a resource's group.

use std::collections::HashSet;

use sha2::{Digest as _, Sha256};

use super::conn::{Attrs, Entry};
use super::{Flavor, Layout, boolean, int, rdn, split_first_rdn};
use crate::domain::{
    AddressKind, MailDomain, MailList, PrivateKeyPem, Resource, ResourceGroup, Tenant, User, WebDomain, avatar::Avatar,
    resource::group_key,
};
use crate::error::{Error, Result};
use crate::ldif::{LdifEntry, LdifError};
use crate::store::to_micros;

/// The standard attribute of a user's picture (`inetOrgPerson`).
const PHOTO: &str = "jpegPhoto";

impl Layout {
    /// DN of a user, live or soft-deleted.
    pub(super) fn user_dn(&self, mail: &str, deleted: bool) -> String {
        format!("{},{}", rdn("uid", mail), if deleted { &self.blocked } else { &self.people })
    }

    /// DN of an address claim.
    pub(super) fn address_dn(&self, address: &str) -> String {
        format!("{},{}", rdn("pbmAddress", address), self.addresses)
    }

    /// DN of a tenant.
    pub(super) fn tenant_dn(&self, id: &str) -> String {
        format!("{},{}", rdn("tenant-id", id), self.tenants)
    }

    /// DN of a mail domain.
    pub(super) fn domain_dn(&self, name: &str) -> String {
        format!("{},{}", rdn("cn", name), self.domains)
    }

    /// RDN of a resource group (multi-valued: name and tenant).
    pub(super) fn group_rdn(tenant_id: &str, name: &str) -> String {
        format!("{}+{}", rdn("cn", name), rdn("tenant-id", tenant_id))
    }

    /// DN of a resource group.
    pub(super) fn group_dn(&self, tenant_id: &str, name: &str) -> String {
        format!("{},{}", Self::group_rdn(tenant_id, name), self.resources)
    }

    /// DN of a resource.
    pub(super) fn resource_dn(&self, mail: &str) -> String {
        format!("{},{}", rdn("uid", mail), self.resources)
    }

    /// DN of a mailing list by its id.
    pub(super) fn list_dn(&self, id: &str) -> String {
        format!("{},{}", rdn("pbmId", id), self.groups)
    }

    /// DN of a web domain.
    pub(super) fn web_domain_dn(&self, name: &str) -> String {
        format!("{},{}", rdn("cn", name), self.web_domains)
    }
}

/// Attributes of a tenant entry whose default domain is `default_domain`.
pub(super) fn tenant_attrs(tenant: &Tenant, default_domain: &str) -> Attrs {
    Attrs::default()
        .many("objectClass", ["top".into(), "pbmTenant".into()])
        .one("tenant-id", tenant.id.as_str())
        .one("displayName", tenant.display_name.as_str())
        .one("lang", tenant.lang.as_str())
        .one("pbmDefaultDomain", default_domain)
        .one("pbmCreatedAt", int(to_micros(tenant.created_at)))
        .one("pbmUpdatedAt", int(to_micros(tenant.updated_at)))
}

/// Attributes of a mail domain entry.
pub(super) fn domain_attrs(domain: &MailDomain) -> Attrs {
    Attrs::default()
        .many("objectClass", ["top".into(), "pbmMailDomain".into()])
        .one("cn", domain.name.as_str())
        .one("tenant-id", domain.tenant_id.as_str())
        .one("displayName", domain.display_name.as_str())
        .one("description", domain.description.as_str())
        .one("pbmAssociatedDomain", domain.associated_domain.as_str())
        .one("pbmCreatedAt", int(to_micros(domain.created_at)))
}

/// Attributes of a web domain entry, key included.
pub(super) fn web_domain_attrs(domain: &WebDomain, key: &PrivateKeyPem) -> Result<Attrs> {
    let cert = &domain.certificate;
    Ok(Attrs::default()
        .many("objectClass", ["top".into(), "pbmWebDomain".into()])
        .one("cn", domain.name.as_str())
        .one("pbmPrivateKey", key.expose())
        .one("pbmCertificate", domain.certificate_pem.as_str())
        .one("pbmCertSubject", cert.subject.as_str())
        .one("pbmCertIssuer", cert.issuer.as_str())
        .one("pbmCertDnsNames", serde_json::to_string(&cert.dns_names).map_err(Error::internal)?)
        .one("pbmCertNotBefore", int(to_micros(cert.not_before)))
        .one("pbmCertNotAfter", int(to_micros(cert.not_after)))
        .one("pbmCertFingerprint", cert.sha256_fingerprint.as_str())
        .one("pbmCreatedAt", int(to_micros(domain.created_at)))
        .one("pbmUpdatedAt", int(to_micros(domain.updated_at))))
}

/// Attributes of a resource group entry with id `id`.
pub(super) fn group_attrs(group: &ResourceGroup, id: &str) -> Attrs {
    Attrs::default()
        .many("objectClass", ["top".into(), "pbmResourceGroup".into()])
        .one("cn", group.name.as_str())
        .one("tenant-id", group.tenant_id.as_str())
        .one("pbmId", id)
        .one("pbmCreatedAt", int(to_micros(group.created_at)))
        .one("pbmUpdatedAt", int(to_micros(group.updated_at)))
}

/// Attributes of a resource entry in the group with id `group_id`.
pub(super) fn resource_attrs(resource: &Resource, group_id: &str) -> Attrs {
    Attrs::default()
        .many("objectClass", ["top".into(), "pbmResource".into()])
        .one("uid", resource.mail.as_str())
        .one("mail", resource.mail.as_str())
        .one("tenant-id", resource.tenant_id.as_str())
        .one("pbmGroupId", group_id)
        .one("cn", resource.display_name.as_str())
        .one("displayName", resource.display_name.as_str())
        .one("description", resource.description.as_str())
        .one("l", resource.city.as_str())
        .one("employeeType", int(resource.address_book_visibility as i64))
        .one("pbmRevision", "1")
        .one("pbmCreatedAt", int(to_micros(resource.created_at)))
        .one("pbmUpdatedAt", int(to_micros(resource.updated_at)))
}

/// The `cn` of a list: its display name, or its address when it has none.
pub(super) fn list_cn(list: &MailList) -> &str {
    if list.display_name.is_empty() { &list.mail } else { &list.display_name }
}

/// The `uniqueMember` values of a list's members, for third-party tools
/// (TrueConf reads them): the DN a user with that primary address has.
pub(super) fn unique_members(layout: &Layout, flavor: Flavor, members: &[String]) -> Vec<String> {
    let mut values: Vec<String> = members.iter().map(|m| layout.user_dn(m, false)).collect();
    if values.is_empty() && flavor != Flavor::Ds389 {
        // groupOfUniqueNames MUSTs uniqueMember on OpenLDAP: the empty DN.
        values.push(String::new());
    }
    values
}

/// Attributes of a mailing list entry with id `id`.
pub(super) fn list_attrs(layout: &Layout, flavor: Flavor, list: &MailList, id: &str) -> Attrs {
    Attrs::default()
        .many("objectClass", ["top".into(), "groupOfUniqueNames".into(), "pbmMailList".into()])
        .one("pbmId", id)
        .one("cn", list_cn(list))
        .one("tenant-id", list.tenant_id.as_str())
        .one("mail", list.mail.as_str())
        .one("displayName", list.display_name.as_str())
        .one("employeeType", int(list.address_book_visibility as i64))
        .one("pbmInternalOnly", boolean(list.internal_only))
        .many("pbmMember", list.members.iter().cloned())
        .raw("uniqueMember", unique_members(layout, flavor, &list.members))
        .one("pbmRevision", "1")
        .one("pbmCreatedAt", int(to_micros(list.created_at)))
        .one("pbmUpdatedAt", int(to_micros(list.updated_at)))
}

/// Attributes of the claim of `address` by `owner`, made at `at` (micros).
pub(super) fn claim_attrs(address: &str, tenant_id: &str, kind: AddressKind, owner: &str, at: i64) -> Attrs {
    Attrs::default()
        .many("objectClass", ["top".into(), "pbmAddressClaim".into()])
        .one("pbmAddress", address)
        .one("tenant-id", tenant_id)
        .one("pbmAddressKind", kind.name())
        .one("pbmOwner", owner)
        .one("pbmCreatedAt", int(at))
}

/// Attributes of a container entry (`ou=` or `dc=`) named by `dn`'s first RDN.
pub(super) fn container_attrs(dn: &str) -> Result<Attrs> {
    let (first, _) = split_first_rdn(dn).unwrap_or((dn, ""));
    let (attr, value) = first.split_once('=').unwrap_or(("", ""));
    let value = ldap3::ldap_unescape(value.trim()).map_err(Error::internal)?.into_owned();
    match attr.trim().to_ascii_lowercase().as_str() {
        "ou" => Ok(Attrs::default().many("objectClass", ["top".into(), "organizationalUnit".into()]).one("ou", value)),
        "dc" => Ok(Attrs::default().many("objectClass", ["top".into(), "domain".into()]).one("dc", value)),
        _ => Err(Error::internal(anyhow::anyhow!("{dn} is neither ou= nor dc="))),
    }
}

/// A stable id derived from an object's key, for ids LDAP makes up.
fn derived_id(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hex::encode(&hash.finalize()[..16])
}

/// A directory object read from an LDIF entry.
#[derive(Debug, Clone, PartialEq)]
pub enum LdifObject {
    /// A container (the root or an OU): structure, nothing to import.
    Container,
    /// An address claim: derived from its owner, nothing to import.
    Claim,
    /// A tenant and the name of its default mail domain.
    Tenant(Tenant),
    /// A mail domain (`is_default` is not known from the entry alone).
    MailDomain(MailDomain),
    /// A web domain with its private key.
    WebDomain(WebDomain, PrivateKeyPem),
    /// A resource group and its `pbmId`.
    ResourceGroup(ResourceGroup, String),
    /// A resource (`group` empty) and its group's `pbmId`.
    Resource(Resource, String),
    /// A user, live or soft-deleted (`deleted_at`), and its picture as the
    /// entry holds it (`jpegPhoto`).
    User(Box<User>, Option<Vec<u8>>),
    /// A mailing list.
    MailList(MailList),
    /// An external contact.
    Contact(crate::domain::Contact),
}

/// Which attributes an entry of pbm's may carry (lower-case), per object
/// class; anything else in an imported entry is refused.
fn allowed_attributes(class: &str) -> &'static [&'static str] {
    match class {
        "pbmtenant" => &["tenant-id", "displayname", "lang", "pbmdefaultdomain", "pbmcreatedat", "pbmupdatedat"],
        "pbmmaildomain" => &["cn", "tenant-id", "displayname", "description", "pbmassociateddomain", "pbmcreatedat"],
        "pbmwebdomain" => &[
            "cn",
            "pbmprivatekey",
            "pbmcertificate",
            "pbmcertsubject",
            "pbmcertissuer",
            "pbmcertdnsnames",
            "pbmcertnotbefore",
            "pbmcertnotafter",
            "pbmcertfingerprint",
            "pbmcreatedat",
            "pbmupdatedat",
        ],
        "pbmresourcegroup" => &["cn", "tenant-id", "pbmid", "pbmcreatedat", "pbmupdatedat", "pbmdeleting"],
        "pbmresource" => &[
            "uid",
            "mail",
            "tenant-id",
            "pbmgroupid",
            "cn",
            "displayname",
            "description",
            "l",
            "employeetype",
            "pbmrevision",
            "pbmcreatedat",
            "pbmupdatedat",
        ],
        "pbmmaillist" => &[
            "pbmid",
            "cn",
            "tenant-id",
            "mail",
            "displayname",
            "employeetype",
            "pbminternalonly",
            "pbmmember",
            "uniquemember",
            "pbmrevision",
            "pbmcreatedat",
            "pbmupdatedat",
        ],
        "pbmaddressclaim" => &["pbmaddress", "tenant-id", "pbmaddresskind", "pbmowner", "pbmcreatedat"],
        "pbmcontact" => &[
            "pbmid",
            "tenant-id",
            "mail",
            "cn",
            "sn",
            "displayname",
            "telephonenumber",
            "title",
            "departmentnumber",
            "physicaldeliveryofficename",
            "street",
            "l",
            "employeetype",
            "pbmsource",
            "pbmsourceid",
            "pbmrevision",
            "pbmcreatedat",
            "pbmupdatedat",
        ],
        "pbmuser" => &[
            "uid",
            "mail",
            "mailalternateaddress",
            "employeenumber",
            "cn",
            "givenname",
            "sn",
            "initials",
            "ou",
            "title",
            "description",
            "pbmhomephone",
            "homephone",
            "pbmworkphone",
            "telephonenumber",
            "l",
            "telegram",
            "skype",
            "quota",
            "displayname",
            "inetuserstatus",
            "lang",
            "alias",
            "employeetype",
            "pbmpasswordhash",
            "userpassword",
            "tenant-id",
            "pbmcreatedat",
            "pbmupdatedat",
            "pbmdeletedat",
            "pbmrevision",
            "jpegphoto",
        ],
        "organizationalunit" => &["ou", "description"],
        "domain" | "dcobject" => &["dc", "description", "o"],
        _ => &[],
    }
}

/// Maps directory objects to LDIF entries under a root DN and back, with
/// the LDAP store's layout and attributes.
#[derive(Debug, Clone)]
pub struct LdifMapping {
    layout: Layout,
    root_lower: String,
}

impl LdifMapping {
    /// The mapping under the layout of `root` and the OU settings.
    pub fn new(root: &str, settings: &crate::settings::Settings) -> Self {
        Self { layout: Layout::new(root, settings), root_lower: normalize_dn(root) }
    }

    /// The root DN.
    pub fn root(&self) -> &str {
        &self.layout.root
    }

    fn entry(dn: String, attrs: Attrs) -> LdifEntry {
        let mut entry = LdifEntry::new(dn);
        for (name, values) in attrs.0 {
            let mut values: Vec<String> = values.into_iter().collect();
            values.sort();
            if name.eq_ignore_ascii_case("objectClass") {
                // Superclasses first, as people read them.
                values.sort_by_key(|v| (v != "top", v.starts_with("pbm")));
            }
            for value in values {
                entry.push(&name, value);
            }
        }
        entry
    }

    /// The root entry and the OUs, parents first.
    pub fn containers(&self) -> Result<Vec<LdifEntry>> {
        let mut dns = vec![self.layout.root.clone()];
        dns.extend(self.layout.ous().iter().map(|s| s.to_string()));
        dns.into_iter().map(|dn| Ok(Self::entry(dn.clone(), container_attrs(&dn)?))).collect()
    }

    /// A tenant's entry.
    pub fn tenant(&self, tenant: &Tenant) -> LdifEntry {
        Self::entry(self.layout.tenant_dn(&tenant.id), tenant_attrs(tenant, &tenant.default_domain))
    }

    /// A mail domain's entry.
    pub fn mail_domain(&self, domain: &MailDomain) -> LdifEntry {
        Self::entry(self.layout.domain_dn(&domain.name), domain_attrs(domain))
    }

    /// A web domain's entry, private key included.
    pub fn web_domain(&self, domain: &WebDomain, key: &PrivateKeyPem) -> Result<LdifEntry> {
        Ok(Self::entry(self.layout.web_domain_dn(&domain.name), web_domain_attrs(domain, key)?))
    }

    /// A resource group's entry.
    pub fn resource_group(&self, group: &ResourceGroup) -> LdifEntry {
        let id = derived_id(&[&group.tenant_id, &group_key(&group.name)]);
        Self::entry(self.layout.group_dn(&group.tenant_id, &group.name), group_attrs(group, &id))
    }

    /// A resource's address claim and entry.
    pub fn resource(&self, resource: &Resource) -> Vec<LdifEntry> {
        let group_id = derived_id(&[&resource.tenant_id, &group_key(&resource.group)]);
        vec![
            self.claim(&resource.mail, &resource.tenant_id, AddressKind::Resource, &resource.mail, resource.created_at),
            Self::entry(self.layout.resource_dn(&resource.mail), resource_attrs(resource, &group_id)),
        ]
    }

    /// A user's address claims and entry (under `ou=Blocked` when
    /// soft-deleted). `userPassword` is written as slapd verifies it.
    pub fn user(&self, user: &User, avatar: Option<&Avatar>) -> Vec<LdifEntry> {
        let mut entries = vec![self.claim(&user.mail, &user.tenant_id, AddressKind::Mail, &user.mail, user.created_at)];
        if !user.alternate_address.is_empty() {
            let address = &user.alternate_address;
            entries.push(self.claim(address, &user.tenant_id, AddressKind::Alternate, &user.mail, user.created_at));
        }
        for alias in &user.aliases {
            entries.push(self.claim(alias, &user.tenant_id, AddressKind::Alias, &user.mail, user.created_at));
        }
        let mut attrs = super::users::user_attrs(user, Flavor::OpenLdap);
        if let Some(at) = user.deleted_at {
            attrs = attrs.one("pbmDeletedAt", int(to_micros(at)));
        }
        let mut entry = Self::entry(self.layout.user_dn(&user.mail, user.deleted_at.is_some()), attrs);
        if let Some(avatar) = avatar {
            entry.push(PHOTO, &avatar.jpeg);
        }
        entries.push(entry);
        entries
    }

    /// A mailing list's address claim and entry.
    pub fn mail_list(&self, list: &MailList) -> Vec<LdifEntry> {
        let id = derived_id(&[&list.tenant_id, &list.mail]);
        vec![
            self.claim(&list.mail, &list.tenant_id, AddressKind::MailList, &list.mail, list.created_at),
            Self::entry(self.layout.list_dn(&id), list_attrs(&self.layout, Flavor::OpenLdap, list, &id)),
        ]
    }

    /// An external contact's entry.
    pub fn contact(&self, contact: &crate::domain::Contact) -> Vec<LdifEntry> {
        let id = derived_id(&[&contact.tenant_id, &contact.mail]);
        let dn =
            format!("{},{}", super::contacts::contact_rdn(&contact.tenant_id, &contact.mail), self.layout.contacts);
        vec![Self::entry(dn, super::contacts::contact_attrs(contact, &id))]
    }

    fn claim(
        &self,
        address: &str,
        tenant_id: &str,
        kind: AddressKind,
        owner: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> LdifEntry {
        Self::entry(self.layout.address_dn(address), claim_attrs(address, tenant_id, kind, owner, to_micros(at)))
    }

    /// Reads one entry: its DN must be under the root, its classes pbm's
    /// (or a container's), its attributes those the LDAP store writes, and
    /// the object complete. Errors name the entry's (or value's) line.
    pub fn parse(&self, ldif: &LdifEntry) -> std::result::Result<LdifObject, LdifError> {
        let fail = |line: usize, message: String| LdifError { line, message };
        let dn = normalize_dn(&ldif.dn);
        let under_root = dn == self.root_lower || dn.ends_with(&format!(",{}", self.root_lower));
        if !under_root {
            return Err(fail(ldif.line, format!("{} is outside the suffix {}", ldif.dn, self.layout.root)));
        }
        let mut entry = Entry::new(ldif.dn.clone());
        for value in ldif.values.iter().filter(|v| !v.name().eq_ignore_ascii_case(PHOTO)) {
            let text = value.text()?.to_owned();
            entry.attrs.entry(value.name()).or_default().push(text);
        }
        let classes: HashSet<String> = entry.values("objectClass").iter().map(|c| c.to_ascii_lowercase()).collect();
        let pbm_class = [
            "pbmtenant",
            "pbmmaildomain",
            "pbmwebdomain",
            "pbmresourcegroup",
            "pbmresource",
            "pbmmaillist",
            "pbmaddressclaim",
            "pbmcontact",
            "pbmuser",
        ]
        .into_iter()
        .find(|c| classes.contains(*c));
        let class = match pbm_class {
            Some(class) => class,
            None if classes.contains("organizationalunit") => "organizationalunit",
            None if classes.contains("domain") || classes.contains("dcobject") => "domain",
            None => {
                return Err(fail(
                    ldif.line,
                    format!("{} is not an entry of pbm's schema (object classes {:?})", ldif.dn, classes),
                ));
            }
        };
        let allowed = allowed_attributes(class);
        for value in &ldif.values {
            let name = value.name();
            if name != "objectclass" && !allowed.contains(&name.as_str()) {
                return Err(fail(value.line, format!("unknown attribute {} in a {class} entry", value.attribute)));
            }
        }
        let parent = split_first_rdn(&ldif.dn).map(|(_, p)| normalize_dn(p)).unwrap_or_default();
        let wrong_place = |ou: &str| parent != normalize_dn(ou);
        let object = |result: Result<LdifObject>| {
            result.map_err(|e| {
                let detail = match &e {
                    Error::Internal(inner) => format!("{inner:#}"),
                    other => other.to_string(),
                };
                fail(ldif.line, format!("{}: {detail}", ldif.dn))
            })
        };
        let place_error = |ou: &str| fail(ldif.line, format!("{} must be directly under {ou}", ldif.dn));
        match class {
            "organizationalunit" | "domain" => Ok(LdifObject::Container),
            "pbmaddressclaim" => Ok(LdifObject::Claim),
            "pbmtenant" if wrong_place(&self.layout.tenants) => Err(place_error(&self.layout.tenants)),
            "pbmtenant" => object(super::tenants::tenant_from_entry(&entry).map(LdifObject::Tenant)),
            "pbmmaildomain" if wrong_place(&self.layout.domains) => Err(place_error(&self.layout.domains)),
            "pbmmaildomain" => object(super::mail_domains::domain_from_entry(&entry, "").map(LdifObject::MailDomain)),
            "pbmwebdomain" if wrong_place(&self.layout.web_domains) => Err(place_error(&self.layout.web_domains)),
            "pbmwebdomain" => object(
                super::web_domains::web_domain_from_entry(&entry)
                    .map(|d| LdifObject::WebDomain(d, PrivateKeyPem::new(entry.text("pbmPrivateKey")))),
            ),
            "pbmresourcegroup" | "pbmresource" if wrong_place(&self.layout.resources) => {
                Err(place_error(&self.layout.resources))
            }
            "pbmresourcegroup" => object(
                super::resources::group_from_entry(&entry, 0)
                    .map(|g| LdifObject::ResourceGroup(g, entry.text("pbmId").to_lowercase())),
            ),
            "pbmresource" => object(
                super::resources::resource_from_entry(&entry, "")
                    .map(|r| LdifObject::Resource(r, entry.text("pbmGroupId").to_lowercase())),
            ),
            "pbmmaillist" if wrong_place(&self.layout.groups) => Err(place_error(&self.layout.groups)),
            "pbmmaillist" => object(super::mail_lists::list_from_entry(&entry).map(LdifObject::MailList)),
            "pbmcontact" if wrong_place(&self.layout.contacts) => Err(place_error(&self.layout.contacts)),
            "pbmcontact" => object(super::contacts::contact_from_entry(&entry).map(LdifObject::Contact)),
            _ => {
                let deleted = if parent == normalize_dn(&self.layout.blocked) {
                    true
                } else if parent == normalize_dn(&self.layout.people) {
                    false
                } else {
                    return Err(fail(
                        ldif.line,
                        format!("{} must be under {} or {}", ldif.dn, self.layout.people, self.layout.blocked),
                    ));
                };
                let user = super::users::user_from_entry(&entry, deleted).and_then(|user| {
                    if deleted && user.deleted_at.is_none() {
                        Err(Error::internal(anyhow::anyhow!("a user under {} needs pbmDeletedAt", self.layout.blocked)))
                    } else {
                        Ok(user)
                    }
                });
                let photo = ldif.get(PHOTO).next().map(|v| v.value.clone());
                object(user.map(|u| LdifObject::User(Box::new(u), photo)))
            }
        }
    }
}

/// A DN compared case-insensitively, without spaces around separators.
fn normalize_dn(dn: &str) -> String {
    dn.split(',')
        .map(|rdn| rdn.trim().replace(" =", "=").replace("= ", "="))
        .collect::<Vec<_>>()
        .join(",")
        .to_lowercase()
}
