//! Scopes: the named permissions of service accounts, and the one table
//! that says which scope each RPC needs when it is called with an API key.
//!
//! A key acts as an admin of its account's tenant (a superadmin for an
//! installation-wide account), so every wall of the services holds for it
//! as for a person; on top of that, each RPC needs the scope [`RPC_ACCESS`]
//! names. An RPC missing from the table is refused to every key (and a unit
//! test fails: it reads the RPCs from the server's own descriptor set). To
//! add an RPC, add one row.
//!
//! Session RPCs refuse keys outright: a key is not a session, so it cannot
//! log in, refresh, log out or change a password.

/// What an RPC demands of a caller presenting an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The key's account must hold this scope.
    Scope(&'static str),
    /// Any valid key (who-am-i, the password policy).
    AnyKey,
    /// Sessions only: a key is refused (UNAUTHENTICATED, `API_KEY_NOT_A_SESSION`).
    SessionOnly,
    /// `RunSync`: its transport names the sync it runs (`SyncAccounts`, …)
    /// as the request's RPC, so that call's row applies; this row itself
    /// admits no key.
    AsTheSyncItRuns,
}

/// A scope a service account may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// Its name.
    pub name: &'static str,
    /// What it allows.
    pub description: &'static str,
    /// Whether only installation-wide accounts may hold it (what it allows
    /// is a superadmin's alone, so a tenant's account would gain nothing,
    /// and a tenant admin may not grant it).
    pub installation_only: bool,
}

const fn scope(name: &'static str, description: &'static str, installation_only: bool) -> Scope {
    Scope { name, description, installation_only }
}

/// Every scope.
pub const SCOPES: &[Scope] = &[
    scope("directory.read", "read tenants, users, domains, resources, lists and their changes", false),
    scope("users.write", "create, change, delete and sync users and their pictures", false),
    scope("lists.write", "create, change and delete mailing lists", false),
    scope("domains.write", "create, change and delete mail domains (web domains: installation-wide)", false),
    scope("resources.write", "create, change and delete resource groups and resources", false),
    scope("tenants.write", "create, change and delete tenants", true),
    scope("addressbook.read", "read the corporate address book and its external contacts", false),
    scope("addressbook.write", "create, change and delete external contacts, and sync the address book", false),
    scope("mail.search", "search and read messages, read folder ACLs and quotas", false),
    scope("mail.recall", "recall and expunge messages", false),
    scope("mail.acl", "share folders (change folder ACLs)", false),
    scope("audit.read", "read the audit trail", false),
    scope("settings.read", "read the runtime settings", true),
    scope("settings.write", "change the runtime settings", true),
    scope("backup", "export and import the directory and settings, snapshots", true),
    scope("scim", "provision users and groups over SCIM 2.0 (/scim/v2/)", false),
    scope("accounts.read", "read service accounts and their keys (never a key's secret)", false),
    scope("accounts.write", "manage service accounts and keys, within the caller's own scopes", false),
];

/// The scopes the `scim` scope stands for on the requests `/scim/v2`
/// transcodes (and only there): reading the directory, and writing users
/// and mailing lists (SCIM's Users and Groups).
pub const SCIM_COVERS: &[&str] = &["directory.read", "users.write", "lists.write"];

/// The scope named `name`.
pub fn find(name: &str) -> Option<&'static Scope> {
    SCOPES.iter().find(|scope| scope.name == name)
}

use Access::{AnyKey, Scope as S, SessionOnly};

/// RPC (method name; unique across pbm's services) → what a key needs.
pub const RPC_ACCESS: &[(&str, Access)] = &[
    // AuthService
    ("Login", SessionOnly),
    ("Refresh", SessionOnly),
    ("Logout", SessionOnly),
    ("ChangePassword", SessionOnly),
    ("CreateLoginChallenge", SessionOnly),
    ("WhoAmI", AnyKey),
    ("GetPasswordPolicy", AnyKey),
    // TenantService
    ("ListTenants", S("directory.read")),
    ("GetTenant", S("directory.read")),
    ("CreateTenant", S("tenants.write")),
    ("UpdateTenant", S("tenants.write")),
    ("DeleteTenant", S("tenants.write")),
    // UserService
    ("CreateUser", S("users.write")),
    ("GetUser", S("directory.read")),
    ("ListUsers", S("directory.read")),
    ("StreamUsers", S("directory.read")),
    ("UpdateUser", S("users.write")),
    ("DeleteUser", S("users.write")),
    ("UndeleteUser", S("users.write")),
    ("ListDeletedUsers", S("directory.read")),
    ("SyncAddressBook", S("addressbook.write")),
    ("SyncAccounts", S("users.write")),
    ("RunSync", Access::AsTheSyncItRuns),
    ("SetUserAvatar", S("users.write")),
    ("GetUserAvatar", S("directory.read")),
    ("DeleteUserAvatar", S("users.write")),
    // AddressBookService
    ("SearchAddressBook", S("addressbook.read")),
    ("GetAddressBookEntry", S("addressbook.read")),
    ("ListContacts", S("addressbook.read")),
    ("GetContact", S("addressbook.read")),
    ("CreateContact", S("addressbook.write")),
    ("UpdateContact", S("addressbook.write")),
    ("DeleteContact", S("addressbook.write")),
    // DomainService
    ("ListMailDomains", S("directory.read")),
    ("GetMailDomain", S("directory.read")),
    ("CreateMailDomain", S("domains.write")),
    ("UpdateMailDomain", S("domains.write")),
    ("DeleteMailDomain", S("domains.write")),
    ("SetDefaultMailDomain", S("domains.write")),
    ("ListWebDomains", S("directory.read")),
    ("GetWebDomain", S("directory.read")),
    ("CreateWebDomain", S("domains.write")),
    ("UpdateWebDomain", S("domains.write")),
    ("DeleteWebDomain", S("domains.write")),
    // ResourceService
    ("ListResourceGroups", S("directory.read")),
    ("GetResourceGroup", S("directory.read")),
    ("CreateResourceGroup", S("resources.write")),
    ("RenameResourceGroup", S("resources.write")),
    ("DeleteResourceGroup", S("resources.write")),
    ("ListResources", S("directory.read")),
    ("GetResource", S("directory.read")),
    ("CreateResource", S("resources.write")),
    ("UpdateResource", S("resources.write")),
    ("DeleteResource", S("resources.write")),
    // MailListService
    ("ListMailLists", S("directory.read")),
    ("GetMailList", S("directory.read")),
    ("CreateMailList", S("lists.write")),
    ("UpdateMailList", S("lists.write")),
    ("DeleteMailList", S("lists.write")),
    ("SyncMailLists", S("lists.write")),
    // MailService
    ("SearchMessages", S("mail.search")),
    ("FetchMessages", S("mail.search")),
    ("ExpungeMessages", S("mail.recall")),
    ("RecallMessage", S("mail.recall")),
    ("SetMailboxAcl", S("mail.acl")),
    ("GetMailboxAcl", S("mail.search")),
    ("DeleteMailboxAcl", S("mail.acl")),
    ("GetMailboxQuota", S("mail.search")),
    // SettingsService
    ("GetSetting", S("settings.read")),
    ("ListSettings", S("settings.read")),
    ("WatchSettings", S("settings.read")),
    ("PutSetting", S("settings.write")),
    ("DeleteSetting", S("settings.write")),
    // AuditService
    ("ListAuditEvents", S("audit.read")),
    // BackupService
    ("ExportDirectory", S("backup")),
    ("ImportDirectory", S("backup")),
    ("DumpSettings", S("backup")),
    ("RestoreSettings", S("backup")),
    ("CreateSnapshot", S("backup")),
    ("RestoreSnapshot", S("backup")),
    // WatchService
    ("WatchDirectory", S("directory.read")),
    // ServiceAccountService
    ("CreateServiceAccount", S("accounts.write")),
    ("ListServiceAccounts", S("accounts.read")),
    ("GetServiceAccount", S("accounts.read")),
    ("UpdateServiceAccount", S("accounts.write")),
    ("DeleteServiceAccount", S("accounts.write")),
    ("CreateApiKey", S("accounts.write")),
    ("ListApiKeys", S("accounts.read")),
    ("RevokeApiKey", S("accounts.write")),
];

/// What a key needs to call `rpc` (a method name); `None`: the RPC is not
/// in the table, and no key may call it.
pub fn access_of(rpc: &str) -> Option<Access> {
    RPC_ACCESS.iter().find(|(name, _)| *name == rpc).map(|(_, access)| *access)
}

/// The method name of a gRPC request path `/pbm.v2.UserService/GetUser`
/// (only pbm's own services).
pub fn method_of_path(path: &str) -> Option<&str> {
    let (service, method) = path.strip_prefix('/')?.split_once('/')?;
    (service.starts_with("pbm.v2.") && !method.is_empty() && !method.contains('/')).then_some(method)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use prost::Message as _;

    use super::*;

    fn every_rpc() -> BTreeSet<String> {
        let set = prost_types::FileDescriptorSet::decode(crate::pb::FILE_DESCRIPTOR_SET).unwrap();
        set.file
            .iter()
            .filter(|f| f.package() == "pbm.v2")
            .flat_map(|f| &f.service)
            .flat_map(|s| &s.method)
            .map(|m| m.name().to_owned())
            .collect()
    }

    #[test]
    fn every_rpc_has_a_scope() {
        let missing: Vec<String> = every_rpc().into_iter().filter(|rpc| access_of(rpc).is_none()).collect();
        assert!(missing.is_empty(), "RPCs without a row in scopes::RPC_ACCESS: {missing:?}");
    }

    #[test]
    fn every_row_names_a_real_rpc_once_and_a_known_scope() {
        let rpcs = every_rpc();
        let mut seen = BTreeSet::new();
        for (rpc, access) in RPC_ACCESS {
            assert!(rpcs.contains(*rpc), "scopes::RPC_ACCESS names {rpc}, which no service has");
            assert!(seen.insert(*rpc), "{rpc} has two rows");
            if let Access::Scope(name) = access {
                assert!(find(name).is_some(), "{rpc} needs the unknown scope {name}");
            }
        }
    }

    #[test]
    fn paths() {
        assert_eq!(method_of_path("/pbm.v2.UserService/GetUser"), Some("GetUser"));
        assert_eq!(method_of_path("/grpc.health.v1.Health/Check"), None);
        assert_eq!(method_of_path("/v2/users/acme"), None);
    }
}
