//! The declaration of every settings key pbm reads: its name (as in the
//! guide's §6 table wherever the guide has one), default, accepted values,
//! whether it is a secret, and what it does.
//!
//! Keys that pbm declares but a later part of the system consumes (the LDAP
//! backend, the doveadm client, address-book sync) are validated already, so
//! an operator's etcd holds no surprise the day they start being read.

/// `pbm/auth/access_token_expire_time`: access-token lifetime in seconds.
pub const ACCESS_TOKEN_TTL: &str = "pbm/auth/access_token_expire_time";
/// `pbm/auth/refresh_token_expire_time`: refresh-token lifetime in seconds.
pub const REFRESH_TOKEN_TTL: &str = "pbm/auth/refresh_token_expire_time";
/// Failed logins from one client address after which Login asks for a picture code (0: never).
pub const CHALLENGE_AFTER_FAILURES: &str = "pbm/auth/challenge_after_failures";
/// Seconds a picture code is accepted.
pub const CHALLENGE_LIFETIME: &str = "pbm/auth/challenge_lifetime";
/// Days the change log keeps its records (WatchDirectory resumes within them).
pub const CHANGE_RETENTION_DAYS: &str = "pbm/changes/retention_days";
/// Users each replica keeps in its cache of hot directory objects (0: no cache).
pub const USER_CACHE_SIZE: &str = "pbm/cache/users";
/// Minimum password length.
pub const PASSWORD_MIN_LENGTH: &str = "psn/common/password_requirements/min_length";
/// Maximum password length.
pub const PASSWORD_MAX_LENGTH: &str = "psn/common/password_requirements/max_length";
/// Minimum number of digits.
pub const PASSWORD_MIN_DIGITS: &str = "psn/common/password_requirements/min_digits_count";
/// Minimum number of upper-case letters.
pub const PASSWORD_MIN_UPPERCASE: &str = "psn/common/password_requirements/min_uppercase_letter_count";
/// Minimum number of lower-case letters.
pub const PASSWORD_MIN_LOWERCASE: &str = "psn/common/password_requirements/min_lowercase_letter_count";
/// Minimum number of special characters.
pub const PASSWORD_MIN_SPECIAL: &str = "psn/common/password_requirements/min_spec_symbols_count";
/// Days a soft-deleted user stays restorable (not in the guide's table; the
/// guide fixes 30 days in §2.8.1).
pub const DELETED_RETENTION_DAYS: &str = "pbm/users/deleted_retention_days";
/// Brute-force protection on or off.
pub const BRUTEFORCE_ENABLED: &str = "psn/bruteforce/enabled";
/// Failed logins from one address before it is locked out.
pub const BRUTEFORCE_MAX_ATTEMPTS: &str = "psn/bruteforce/max_attempts";
/// Lockout length in seconds (also the window failures are counted in).
pub const BRUTEFORCE_PENALTY: &str = "psn/bruteforce/penalty";
/// Proxies whose `X-Forwarded-For` is believed (pbm's own key).
pub const TRUSTED_PROXIES: &str = "pbm/common/trusted_proxies";
/// Recalling sent mail allowed.
pub const REVOKE_EMAIL: &str = "psn/common/revoke_email";
/// Recalling mail already read allowed.
pub const FORCE_REVOKE: &str = "psn/common/force_revoke";
/// URL of the doveadm HTTP API.
pub const DOVEADM_URL: &str = "services/doveadm/url";
/// User of the doveadm HTTP API (basic auth); empty: the password is an API key.
pub const DOVEADM_LOGIN: &str = "services/doveadm/login";
/// Password (or API key) of the doveadm HTTP API.
pub const DOVEADM_PASSWORD: &str = "services/doveadm/password";
/// Timeout of one doveadm request, seconds.
pub const DOVEADM_TIMEOUT: &str = "services/doveadm/timeout";
/// CEF export of audit events on or off.
pub const CEF_ENABLED: &str = "psn/web/logger/cef_enabled";
/// File name of the CEF log.
pub const CEF_FILENAME: &str = "psn/web/logger/cef_filename";
/// CEF header prefix (`CEF:Version|Vendor|Product|Version`).
pub const CEF_PREFIX: &str = "psn/web/logger/cef_prefix";
/// Directory of the CEF log; empty means `<data dir>/logs`.
pub const LOG_DIR: &str = "psn/web/logger/dir";

/// What values a key accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An unsigned integer in a range.
    Integer {
        /// Smallest value.
        min: u64,
        /// Largest value.
        max: u64,
    },
    /// `true` or `false` (any case).
    Bool,
    /// Free text up to a length.
    Text {
        /// Longest value in characters.
        max: usize,
    },
    /// One of the given words.
    Choice(&'static [&'static str]),
    /// An `http://` or `https://` URL, or empty.
    Url,
    /// A JSON object.
    JsonObject,
    /// A JSON array of strings.
    JsonArray,
    /// IP addresses or CIDR networks, separated by commas or spaces.
    Networks,
    /// A TCP port, or empty.
    Port,
}

impl Kind {
    /// Checks a value and returns its normal form.
    pub fn validate(self, value: &str) -> Result<String, String> {
        let value = value.trim();
        match self {
            Self::Integer { min, max } => {
                let n: u64 = value.parse().map_err(|_| format!("{value:?} is not a whole number"))?;
                if !(min..=max).contains(&n) {
                    return Err(format!("{n} is outside {min}..={max}"));
                }
                Ok(n.to_string())
            }
            Self::Bool => match value.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok("true".into()),
                "false" | "0" | "no" => Ok("false".into()),
                _ => Err(format!("{value:?} is not true or false")),
            },
            Self::Text { max } => {
                if value.chars().count() > max {
                    return Err(format!("is longer than {max} characters"));
                }
                if value.chars().any(char::is_control) {
                    return Err("must not contain control characters".into());
                }
                Ok(value.to_owned())
            }
            Self::Choice(options) => options
                .iter()
                .find(|o| o.eq_ignore_ascii_case(value))
                .map(|o| (*o).to_owned())
                .ok_or_else(|| format!("{value:?} is not one of {}", options.join(", "))),
            Self::Url => {
                if value.is_empty() || value.starts_with("http://") || value.starts_with("https://") {
                    Ok(value.to_owned())
                } else {
                    Err(format!("{value:?} is not an http(s) URL"))
                }
            }
            Self::JsonObject => match serde_json::from_str::<serde_json::Value>(value) {
                Ok(v @ serde_json::Value::Object(_)) => Ok(v.to_string()),
                _ => Err("is not a JSON object".into()),
            },
            Self::JsonArray => match serde_json::from_str::<serde_json::Value>(value) {
                Ok(serde_json::Value::Array(items)) if items.iter().all(serde_json::Value::is_string) => {
                    Ok(serde_json::Value::Array(items).to_string())
                }
                _ => Err("is not a JSON array of strings".into()),
            },
            Self::Networks => {
                let networks = parse_networks(value)?;
                Ok(networks.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
            }
            Self::Port => {
                if value.is_empty() {
                    return Ok(String::new());
                }
                match value.parse::<u16>() {
                    Ok(p) if p > 0 => Ok(p.to_string()),
                    _ => Err(format!("{value:?} is not a TCP port")),
                }
            }
        }
    }
}

/// Parses a list of IP addresses and CIDR networks.
pub fn parse_networks(value: &str) -> Result<Vec<ipnet::IpNet>, String> {
    value
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("{item:?} is not an IP address or CIDR network"))
        })
        .collect()
}

/// A declared key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyDef {
    /// Full key.
    pub key: &'static str,
    /// Built-in default.
    pub default: &'static str,
    /// Accepted values.
    pub kind: Kind,
    /// A password, token or key: never shown by pbm.
    pub secret: bool,
    /// What it does.
    pub help: &'static str,
}

const YEAR: u64 = 366 * 86_400;

const fn key(key: &'static str, default: &'static str, kind: Kind, help: &'static str) -> KeyDef {
    KeyDef { key, default, kind, secret: false, help }
}

const fn secret(key: &'static str, help: &'static str) -> KeyDef {
    KeyDef { key, default: "", kind: Kind::Text { max: 4096 }, secret: true, help }
}

const COUNT: Kind = Kind::Integer { min: 0, max: 1024 };
const TEXT: Kind = Kind::Text { max: 1024 };

/// Every key pbm reads.
pub const KEYS: &[KeyDef] = &[
    // pbm/auth (§6)
    key(ACCESS_TOKEN_TTL, "3600", Kind::Integer { min: 1, max: YEAR }, "access-token lifetime, seconds"),
    key(REFRESH_TOKEN_TTL, "360000", Kind::Integer { min: 1, max: YEAR }, "refresh-token lifetime, seconds"),
    key(
        CHALLENGE_AFTER_FAILURES,
        "3",
        Kind::Integer { min: 0, max: 100_000 },
        "failed logins from one address before Login asks for a picture code (0: never; set it below psn/bruteforce/max_attempts, or the lockout comes first)",
    ),
    key(CHALLENGE_LIFETIME, "120", Kind::Integer { min: 10, max: 3600 }, "seconds a login picture code is accepted"),
    // pbm/changes, pbm/cache (README "Change feed")
    key(
        CHANGE_RETENTION_DAYS,
        "7",
        Kind::Integer { min: 1, max: 3650 },
        "days the change log keeps its records; a watcher resuming from an older revision must list again",
    ),
    key(
        USER_CACHE_SIZE,
        "100000",
        Kind::Integer { min: 0, max: 100_000_000 },
        "users each replica caches for reads (0: none); entries are dropped by the change log",
    ),
    // psn/common/password_requirements (§2.4.1, §6)
    key(PASSWORD_MIN_LENGTH, "6", Kind::Integer { min: 1, max: 1024 }, "password: minimum length"),
    key(PASSWORD_MAX_LENGTH, "128", Kind::Integer { min: 1, max: 1024 }, "password: maximum length"),
    key(PASSWORD_MIN_DIGITS, "1", COUNT, "password: minimum number of digits"),
    key(PASSWORD_MIN_UPPERCASE, "0", COUNT, "password: minimum number of upper-case letters"),
    key(PASSWORD_MIN_LOWERCASE, "0", COUNT, "password: minimum number of lower-case letters"),
    key(PASSWORD_MIN_SPECIAL, "0", COUNT, "password: minimum number of special characters"),
    // users (pbm)
    key(
        DELETED_RETENTION_DAYS,
        "30",
        Kind::Integer { min: 0, max: 3650 },
        "days a deleted user stays restorable and keeps its addresses",
    ),
    // psn/bruteforce (§6)
    key(BRUTEFORCE_ENABLED, "true", Kind::Bool, "refuse source addresses after repeated failed logins"),
    key(
        BRUTEFORCE_MAX_ATTEMPTS,
        "10",
        Kind::Integer { min: 1, max: 100_000 },
        "failed logins (distinct login+password pairs) before a lockout",
    ),
    key(
        BRUTEFORCE_PENALTY,
        "300",
        Kind::Integer { min: 1, max: YEAR },
        "lockout length, seconds; failures are counted over the same window",
    ),
    key(TRUSTED_PROXIES, "", Kind::Networks, "proxies (IPs or CIDRs) whose X-Forwarded-For names the client"),
    // psn/common (§6)
    key(REVOKE_EMAIL, "true", Kind::Bool, "recalling sent mail (POST /v2/actions/expunge) allowed"),
    key(FORCE_REVOKE, "false", Kind::Bool, "recalling mail the recipient has already read allowed"),
    // psn/web/logger (§6, §7.2)
    key(CEF_ENABLED, "false", Kind::Bool, "also write audit events as CEF lines for SIEM collection"),
    key(CEF_FILENAME, "cef", Kind::Text { max: 255 }, "file name of the CEF log"),
    key(CEF_PREFIX, "CEF:0|MyOffice|MyOffice Mail|pbm", TEXT, "CEF header prefix: CEF:Version|Vendor|Product|Version"),
    key(LOG_DIR, "", TEXT, "directory of the CEF log; empty: <data dir>/logs"),
    // psn/ldap (§6): the LDAP directory backend (--store ldap://…), read at start from the
    // file and the environment (the URL wins where it says the same). OUs: a full DN, or an
    // RDN taken under the root DN; empty: the default in brackets.
    key("psn/ldap/host", "", TEXT, "LDAP server host, when the store URL names none"),
    key("psn/ldap/port", "", Kind::Port, "LDAP server port, when the store URL names none"),
    key("psn/ldap/bind_dn", "", TEXT, "DN pbm binds as (URL extension bindname)"),
    secret("psn/ldap/password", "password of psn/ldap/bind_dn (URL extension X-BINDPW)"),
    key("psn/ldap/people_ou", "", TEXT, "OU of live users [ou=People]"),
    key("psn/ldap/groups_ou", "", TEXT, "OU of mailing lists [psn/cab/maillist_ou]"),
    key("psn/ldap/domains_ou", "", TEXT, "OU of mail domains [ou=Domains]"),
    key("psn/ldap/blocked_ou", "", TEXT, "OU of soft-deleted users [ou=Blocked]"),
    // psn/cab (§6): the corporate address book layout
    key("psn/cab/root_dn", "", TEXT, "root DN of pbm's entries, when the store URL names none"),
    key("psn/cab/maillist_ou", "ou=Groups", TEXT, "RDN of the mailing-lists OU"),
    key("psn/cab/resources_ou", "ou=resources", TEXT, "RDN of the resource groups and resources OU"),
    // pbm/ldap (pbm): OUs of the entries the guide's layout has no key for
    key("pbm/ldap/tenants_ou", "", TEXT, "OU of tenants [ou=Tenants]"),
    key("pbm/ldap/addresses_ou", "", TEXT, "OU of address claims, one entry per reserved address [ou=Addresses]"),
    key("pbm/ldap/web_domains_ou", "", TEXT, "OU of web domains with their TLS keys [ou=WebDomains]"),
    // services/doveadm (§6): the mail store
    key(DOVEADM_URL, "", Kind::Url, "doveadm HTTP API URL, e.g. http://dovecot:2222/doveadm/v1 (http only)"),
    key(
        DOVEADM_LOGIN,
        "doveadm",
        Kind::Text { max: 255 },
        "doveadm HTTP API user (basic auth); empty: the password is sent as the API key",
    ),
    secret(DOVEADM_PASSWORD, "doveadm HTTP API password (doveadm_password), or API key (doveadm_api_key)"),
    key(DOVEADM_TIMEOUT, "10", Kind::Integer { min: 1, max: 600 }, "timeout of one doveadm request, seconds (pbm)"),
    // services/ad (§6): address-book sync from a directory
    key("services/ad/enabled", "false", Kind::Bool, "address-book sync from AD/LDAP"),
    key("services/ad/host", "", TEXT, "domain controller"),
    key("services/ad/port", "389", Kind::Port, "its LDAP port"),
    key("services/ad/ssl", "false", Kind::Bool, "LDAPS"),
    key("services/ad/bind_dn", "", TEXT, "account to bind as (pbm; the guide names only the password)"),
    secret("services/ad/password", "password of the bind account"),
    key("services/ad/users/base_dn", "", TEXT, "users: search base"),
    key("services/ad/users/filter", "(&(objectClass=person)(mail=*))", TEXT, "users: filter"),
    key(
        "services/ad/users/mapping",
        r#"{"mail":"mail","cn":"cn","displayname":"displayname","title":"title","l":"l","sn":"sn"}"#,
        Kind::JsonObject,
        "users: AD attribute → local attribute",
    ),
    key("services/ad/groups/base_dn", "", TEXT, "groups: search base"),
    key("services/ad/groups/filter", "(&(objectClass=group)(mail=*))", TEXT, "groups: filter"),
    key(
        "services/ad/groups/mapping",
        r#"{"mail":"mail","cn":"cn","displayName":"displayname"}"#,
        Kind::JsonObject,
        "groups: attribute mapping",
    ),
    key("services/ad/groups/aliases", "{}", Kind::JsonObject, "groups: aliases of imported groups"),
    key("services/ad/groups/cab_exclusions", "[]", Kind::JsonArray, "groups left out of the address book"),
    key("services/ad/groups/rename_domains", "{}", Kind::JsonObject, "groups: domain renames on import"),
    key("services/ad/groups/rename_emails", "{}", Kind::JsonObject, "groups: address renames on import"),
    // services/bitrix24 (§6)
    key("services/bitrix24/enabled", "false", Kind::Bool, "address-book sync from Bitrix24"),
    key("services/bitrix24/url", "", Kind::Url, "Bitrix24 URL"),
    key("services/bitrix24/admin_userid", "", Kind::Text { max: 255 }, "Bitrix24 admin user id"),
    secret("services/bitrix24/webhook", "Bitrix24 webhook token"),
];

/// Looks a key up.
pub fn find(key: &str) -> Option<&'static KeyDef> {
    KEYS.iter().find(|k| k.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_is_valid_and_keys_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for def in KEYS {
            assert!(seen.insert(def.key), "duplicate {}", def.key);
            assert_eq!(def.kind.validate(def.default).as_deref(), Ok(def.default), "{}", def.key);
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(Kind::Bool.validate("True").unwrap(), "true");
        assert!(Kind::Bool.validate("maybe").is_err());
        assert_eq!(Kind::Networks.validate("10.0.0.1, 192.168.0.0/16").unwrap(), "10.0.0.1/32,192.168.0.0/16");
        assert!(Kind::Networks.validate("nope").is_err());
        assert!(Kind::Url.validate("ftp://x").is_err());
        assert!(Kind::JsonObject.validate("[1]").is_err());
        assert!(Kind::JsonArray.validate("[\"a\"]").is_ok());
        assert!(Kind::Port.validate("70000").is_err());
        assert!(Kind::Choice(&["info", "debug"]).validate("DEBUG").is_ok());
    }
}
