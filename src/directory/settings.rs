//! The typed settings of the company directory (`services/ad/*`,
//! `services/ad/accounts/*`) and of Bitrix24 (`services/bitrix24/*`),
//! built from values the settings registry has validated already
//! (`src/settings/keys.rs` declares each key, its default and its check).

use std::{collections::BTreeMap, time::Duration};

use super::mapping::{Mapping, MappingKind};
use crate::settings::{Secret, keys};

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// LDAPS: TLS from the first byte (`services/ad/ssl` true).
    Ldaps,
    /// StartTLS on the LDAP port (`services/ad/starttls` true, the default).
    StartTls,
    /// Plain LDAP: only when the operator turned both off.
    Plain,
}

/// Where the directory is and how pbm reaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionSettings {
    /// `services/ad/host`.
    pub host: String,
    /// `services/ad/port`.
    pub port: u16,
    /// `services/ad/ssl`, `services/ad/starttls`.
    pub security: Security,
    /// `services/ad/bind_dn` (empty: anonymous).
    pub bind_dn: String,
    /// `services/ad/password`.
    pub password: Secret,
    /// `services/ad/ca_file` (empty: the system's CAs).
    pub ca_file: String,
    /// `services/ad/server_name` (empty: the host).
    pub server_name: String,
    /// `services/ad/connect_timeout`.
    pub connect_timeout: Duration,
    /// `services/ad/timeout`.
    pub op_timeout: Duration,
    /// `services/ad/page_size`.
    pub page_size: i32,
}

/// One search: base, filter and mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchSettings {
    /// Base DN (empty: not configured).
    pub base_dn: String,
    /// Its setting's key, for errors.
    pub base_dn_key: &'static str,
    /// Filter.
    pub filter: String,
    /// Attribute mapping.
    pub mapping: Mapping,
}

/// `services/ad/groups/*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSettings {
    /// Base, filter, mapping.
    pub search: SearchSettings,
    /// List address → an extra address of the list.
    pub aliases: BTreeMap<String, String>,
    /// List addresses left out.
    pub cab_exclusions: Vec<String>,
    /// Domain → domain.
    pub rename_domains: BTreeMap<String, String>,
    /// Address → address.
    pub rename_emails: BTreeMap<String, String>,
}

/// `services/ad/accounts/*`: mail accounts owned by the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSettings {
    /// On or off.
    pub enabled: bool,
    /// The tenant whose accounts the directory owns.
    pub tenant: String,
    /// Base, filter, mapping.
    pub search: SearchSettings,
    /// Attribute holding the quota in bytes (empty: none).
    pub quota_attribute: String,
    /// Quota when the attribute is unset (`None`: unlimited).
    pub default_quota: Option<i64>,
    /// Time between full passes (zero: every sync is full).
    pub full_sync_interval: Duration,
}

/// `services/bitrix24/*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitrix24Settings {
    /// On or off.
    pub enabled: bool,
    /// The portal, e.g. `https://example.bitrix24.ru`.
    pub url: String,
    /// The id of the user whose incoming webhook pbm calls.
    pub admin_userid: String,
    /// The webhook's secret token.
    pub webhook: Secret,
    /// Time between periodic syncs (zero: off).
    pub sync_interval: Duration,
    /// Tenants the periodic sync fills.
    pub sync_tenants: Vec<String>,
}

/// Everything about the company directory and Bitrix24.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectorySettings {
    /// `services/ad/enabled`: address-book and group sync allowed.
    pub enabled: bool,
    /// The connection.
    pub connection: ConnectionSettings,
    /// `services/ad/users/*`: people → address-book contacts.
    pub users: SearchSettings,
    /// `services/ad/groups/*`: groups → mailing lists.
    pub groups: GroupSettings,
    /// `services/ad/accounts/*`.
    pub accounts: AccountSettings,
    /// `services/ad/sync_interval` (zero: off).
    pub sync_interval: Duration,
    /// `services/ad/sync_tenants`.
    pub sync_tenants: Vec<String>,
    /// `services/bitrix24/*`.
    pub bitrix24: Bitrix24Settings,
}

fn string_map(text: &str) -> BTreeMap<String, String> {
    serde_json::from_str::<BTreeMap<String, String>>(text)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_lowercase()))
        .collect()
}

fn string_list(text: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(text).unwrap_or_default().into_iter().map(|v| v.trim().to_owned()).collect()
}

impl DirectorySettings {
    /// Builds the typed settings from validated values (`get` answers the
    /// value in force of a declared key).
    pub fn from_values(get: &dyn Fn(&str) -> String) -> Self {
        let num = |key: &str| -> u64 { get(key).parse().unwrap_or(0) };
        let flag = |key: &str| -> bool { get(key) == "true" };
        let mapping = |key: &str, kind| {
            Mapping::parse(kind, &get(key)).unwrap_or_else(|_| {
                let default = keys::find(key).map(|d| d.default).unwrap_or("{}");
                Mapping::parse(kind, default).expect("default mappings are valid")
            })
        };
        let security = if flag(keys::AD_SSL) {
            Security::Ldaps
        } else if flag(keys::AD_STARTTLS) {
            Security::StartTls
        } else {
            Security::Plain
        };
        let port = match get(keys::AD_PORT).parse::<u16>() {
            Ok(port) => port,
            Err(_) if security == Security::Ldaps => 636,
            Err(_) => 389,
        };
        Self {
            enabled: flag(keys::AD_ENABLED),
            connection: ConnectionSettings {
                host: get(keys::AD_HOST),
                port,
                security,
                bind_dn: get(keys::AD_BIND_DN),
                password: Secret::new(get(keys::AD_PASSWORD)),
                ca_file: get(keys::AD_CA_FILE),
                server_name: get(keys::AD_SERVER_NAME),
                connect_timeout: Duration::from_secs(num(keys::AD_CONNECT_TIMEOUT).max(1)),
                op_timeout: Duration::from_secs(num(keys::AD_TIMEOUT).max(1)),
                page_size: i32::try_from(num(keys::AD_PAGE_SIZE)).unwrap_or(1000).clamp(1, 1000),
            },
            users: SearchSettings {
                base_dn: get(keys::AD_USERS_BASE_DN),
                base_dn_key: keys::AD_USERS_BASE_DN,
                filter: get(keys::AD_USERS_FILTER),
                mapping: mapping(keys::AD_USERS_MAPPING, MappingKind::Contacts),
            },
            groups: GroupSettings {
                search: SearchSettings {
                    base_dn: get(keys::AD_GROUPS_BASE_DN),
                    base_dn_key: keys::AD_GROUPS_BASE_DN,
                    filter: get(keys::AD_GROUPS_FILTER),
                    mapping: mapping(keys::AD_GROUPS_MAPPING, MappingKind::Groups),
                },
                aliases: string_map(&get(keys::AD_GROUPS_ALIASES)),
                cab_exclusions: string_list(&get(keys::AD_GROUPS_CAB_EXCLUSIONS))
                    .into_iter()
                    .map(|v| v.to_lowercase())
                    .collect(),
                rename_domains: string_map(&get(keys::AD_GROUPS_RENAME_DOMAINS)),
                rename_emails: string_map(&get(keys::AD_GROUPS_RENAME_EMAILS)),
            },
            accounts: AccountSettings {
                enabled: flag(keys::AD_ACCOUNTS_ENABLED),
                tenant: get(keys::AD_ACCOUNTS_TENANT),
                search: SearchSettings {
                    base_dn: get(keys::AD_ACCOUNTS_BASE_DN),
                    base_dn_key: keys::AD_ACCOUNTS_BASE_DN,
                    filter: get(keys::AD_ACCOUNTS_FILTER),
                    mapping: mapping(keys::AD_ACCOUNTS_MAPPING, MappingKind::Accounts),
                },
                quota_attribute: get(keys::AD_ACCOUNTS_QUOTA_ATTRIBUTE),
                default_quota: get(keys::AD_ACCOUNTS_DEFAULT_QUOTA).parse::<i64>().ok(),
                full_sync_interval: Duration::from_secs(num(keys::AD_ACCOUNTS_FULL_SYNC_INTERVAL)),
            },
            sync_interval: Duration::from_secs(num(keys::AD_SYNC_INTERVAL)),
            sync_tenants: string_list(&get(keys::AD_SYNC_TENANTS)),
            bitrix24: Bitrix24Settings {
                enabled: flag(keys::BITRIX24_ENABLED),
                url: get(keys::BITRIX24_URL).trim_end_matches('/').to_owned(),
                admin_userid: get(keys::BITRIX24_ADMIN_USERID),
                webhook: Secret::new(get(keys::BITRIX24_WEBHOOK)),
                sync_interval: Duration::from_secs(num(keys::BITRIX24_SYNC_INTERVAL)),
                sync_tenants: string_list(&get(keys::BITRIX24_SYNC_TENANTS)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn defaults_and_security() {
        let s = Settings::default();
        let d = &s.directory;
        assert!(!d.enabled && !d.accounts.enabled);
        assert_eq!(d.connection.security, Security::StartTls);
        assert_eq!(d.connection.port, 389);
        assert_eq!(d.connection.page_size, 1000);
        assert_eq!(d.users.filter, "(&(objectClass=person)(mail=*))");
        let s = Settings::from_pairs([("services/ad/ssl", "true"), ("services/ad/port", "636")]).unwrap();
        assert_eq!(s.directory.connection.security, Security::Ldaps);
        let s = Settings::from_pairs([("services/ad/starttls", "false")]).unwrap();
        assert_eq!(s.directory.connection.security, Security::Plain);
    }

    #[test]
    fn malformed_filters_and_mappings_are_refused_when_put() {
        assert!(Settings::from_pairs([("services/ad/users/filter", "(objectClass=person")]).is_err());
        assert!(Settings::from_pairs([("services/ad/users/mapping", r#"{"cn":"cn"}"#)]).is_err());
        assert!(Settings::from_pairs([("services/ad/groups/mapping", r#"{"mail":"mail","x":"title"}"#)]).is_err());
        assert!(Settings::from_pairs([("services/ad/users/base_dn", "not a dn")]).is_err());
        assert!(Settings::from_pairs([("services/ad/accounts/quota_attribute", "mail quota")]).is_err());
        assert!(Settings::from_pairs([("services/ad/groups/rename_domains", r#"{"a.ru":1}"#)]).is_err());
        let s = Settings::from_pairs([
            ("services/ad/groups/rename_domains", r#"{"Corp.Local":"corp.test"}"#),
            ("services/ad/groups/cab_exclusions", r#"["Excluded@corp.test"]"#),
            ("services/ad/accounts/default_quota", "1073741824"),
        ])
        .unwrap();
        assert_eq!(s.directory.groups.rename_domains["corp.local"], "corp.test");
        assert_eq!(s.directory.groups.cab_exclusions, ["excluded@corp.test"]);
        assert_eq!(s.directory.accounts.default_quota, Some(1 << 30));
    }
}
