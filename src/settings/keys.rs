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
/// Browser origins allowed to call pbm with grpc-web from another origin (CORS).
pub const CORS_ALLOWED_ORIGINS: &str = "pbm/web/cors_allowed_origins";
/// Open client connections per replica, beyond which new ones are closed at once.
pub const MAX_CONNECTIONS: &str = "pbm/server/max_connections";
/// Seconds a new connection may take to send its first bytes, and an HTTP/1.1 request its headers.
pub const HEADER_READ_TIMEOUT: &str = "pbm/server/header_read_timeout";
/// Seconds between HTTP/2 pings on a quiet connection; a peer that does not answer within as long is dropped.
pub const HTTP2_KEEPALIVE_INTERVAL: &str = "pbm/server/http2_keepalive_interval";
/// Concurrent HTTP/2 streams (calls) per connection.
pub const HTTP2_MAX_CONCURRENT_STREAMS: &str = "pbm/server/http2_max_concurrent_streams";
/// HTTP/2 streams a client may open and reset before pbm accepts them, per connection (rapid reset).
pub const HTTP2_MAX_PENDING_RESETS: &str = "pbm/server/http2_max_pending_resets";
/// Seconds the calls in flight get to finish after SIGTERM or SIGINT.
pub const SHUTDOWN_GRACE: &str = "pbm/server/shutdown_grace";
/// What the address of a group created over SCIM without one is made of.
pub const SCIM_GROUP_ADDRESS: &str = "pbm/scim/group_address";
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

/// Address-book and group sync from the company directory on or off.
pub const AD_ENABLED: &str = "services/ad/enabled";
/// Host of the company directory.
pub const AD_HOST: &str = "services/ad/host";
/// Its port.
pub const AD_PORT: &str = "services/ad/port";
/// LDAPS.
pub const AD_SSL: &str = "services/ad/ssl";
/// StartTLS when not LDAPS.
pub const AD_STARTTLS: &str = "services/ad/starttls";
/// CA certificates to trust (PEM file).
pub const AD_CA_FILE: &str = "services/ad/ca_file";
/// Name the directory's certificate must carry.
pub const AD_SERVER_NAME: &str = "services/ad/server_name";
/// Seconds to connect and bind.
pub const AD_CONNECT_TIMEOUT: &str = "services/ad/connect_timeout";
/// Seconds per operation.
pub const AD_TIMEOUT: &str = "services/ad/timeout";
/// Entries per search page.
pub const AD_PAGE_SIZE: &str = "services/ad/page_size";
/// Service account DN.
pub const AD_BIND_DN: &str = "services/ad/bind_dn";
/// Service account password.
pub const AD_PASSWORD: &str = "services/ad/password";
/// Seconds between periodic syncs (0: off).
pub const AD_SYNC_INTERVAL: &str = "services/ad/sync_interval";
/// Tenants the periodic address-book sync fills.
pub const AD_SYNC_TENANTS: &str = "services/ad/sync_tenants";
/// Users: search base.
pub const AD_USERS_BASE_DN: &str = "services/ad/users/base_dn";
/// Users: filter.
pub const AD_USERS_FILTER: &str = "services/ad/users/filter";
/// Users: mapping.
pub const AD_USERS_MAPPING: &str = "services/ad/users/mapping";
/// Groups: search base.
pub const AD_GROUPS_BASE_DN: &str = "services/ad/groups/base_dn";
/// Groups: filter.
pub const AD_GROUPS_FILTER: &str = "services/ad/groups/filter";
/// Groups: mapping.
pub const AD_GROUPS_MAPPING: &str = "services/ad/groups/mapping";
/// Groups: aliases of imported lists.
pub const AD_GROUPS_ALIASES: &str = "services/ad/groups/aliases";
/// Groups left out of the address book.
pub const AD_GROUPS_CAB_EXCLUSIONS: &str = "services/ad/groups/cab_exclusions";
/// Groups: domain renames.
pub const AD_GROUPS_RENAME_DOMAINS: &str = "services/ad/groups/rename_domains";
/// Groups: address renames.
pub const AD_GROUPS_RENAME_EMAILS: &str = "services/ad/groups/rename_emails";
/// Directory-owned accounts on or off.
pub const AD_ACCOUNTS_ENABLED: &str = "services/ad/accounts/enabled";
/// The tenant of directory-owned accounts.
pub const AD_ACCOUNTS_TENANT: &str = "services/ad/accounts/tenant";
/// Accounts: search base.
pub const AD_ACCOUNTS_BASE_DN: &str = "services/ad/accounts/base_dn";
/// Accounts: filter.
pub const AD_ACCOUNTS_FILTER: &str = "services/ad/accounts/filter";
/// Accounts: mapping.
pub const AD_ACCOUNTS_MAPPING: &str = "services/ad/accounts/mapping";
/// Accounts: quota attribute.
pub const AD_ACCOUNTS_QUOTA_ATTRIBUTE: &str = "services/ad/accounts/quota_attribute";
/// Accounts: default quota.
pub const AD_ACCOUNTS_DEFAULT_QUOTA: &str = "services/ad/accounts/default_quota";
/// Accounts: seconds between full passes.
pub const AD_ACCOUNTS_FULL_SYNC_INTERVAL: &str = "services/ad/accounts/full_sync_interval";
/// Bitrix24 sync on or off.
pub const BITRIX24_ENABLED: &str = "services/bitrix24/enabled";
/// Bitrix24 portal URL.
pub const BITRIX24_URL: &str = "services/bitrix24/url";
/// Bitrix24 admin user id.
pub const BITRIX24_ADMIN_USERID: &str = "services/bitrix24/admin_userid";
/// Bitrix24 webhook token.
pub const BITRIX24_WEBHOOK: &str = "services/bitrix24/webhook";
/// Seconds between periodic Bitrix24 syncs.
pub const BITRIX24_SYNC_INTERVAL: &str = "services/bitrix24/sync_interval";
/// Tenants the periodic Bitrix24 sync fills.
pub const BITRIX24_SYNC_TENANTS: &str = "services/bitrix24/sync_tenants";

use crate::directory::mapping::MappingKind;

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
    /// An LDAP search filter (RFC 4515).
    Filter,
    /// An LDAP DN (RFC 4514), or empty.
    Dn,
    /// An LDAP attribute name, or empty.
    Attribute,
    /// An attribute mapping of the company directory (JSON object).
    Mapping(MappingKind),
    /// A JSON object whose values are strings.
    StringMap,
    /// A whole number up to `max`, or empty.
    OptionalInteger {
        /// Largest value.
        max: u64,
    },
    /// Web origins (`https://host[:port]`, no path), separated by commas or spaces.
    Origins,
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
            Self::Filter => crate::directory::filter::check_filter(value),
            Self::Dn => crate::directory::filter::check_dn(value),
            Self::Attribute => {
                if value.is_empty() || crate::directory::filter::is_attribute_name(value) {
                    Ok(value.to_owned())
                } else {
                    Err(format!("{value:?} is not an LDAP attribute name"))
                }
            }
            Self::Mapping(kind) => crate::directory::mapping::check(kind, value),
            Self::StringMap => match serde_json::from_str::<serde_json::Value>(value) {
                Ok(serde_json::Value::Object(map)) if map.values().all(serde_json::Value::is_string) => {
                    Ok(serde_json::Value::Object(map).to_string())
                }
                _ => Err("is not a JSON object of strings".into()),
            },
            Self::OptionalInteger { max } => {
                if value.is_empty() {
                    return Ok(String::new());
                }
                let n: u64 = value.parse().map_err(|_| format!("{value:?} is not a whole number"))?;
                if n > max {
                    return Err(format!("{n} is above {max}"));
                }
                Ok(n.to_string())
            }
            Self::Origins => Ok(parse_origins(value)?.join(",")),
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

/// Parses a list of web origins: `http(s)://host[:port]`, lower-cased,
/// without a path, query or trailing slash (browsers send them that way).
pub fn parse_origins(value: &str) -> Result<Vec<String>, String> {
    value
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|item| {
            let parsed = url::Url::parse(item).map_err(|_| format!("{item:?} is not an origin"))?;
            let origin = parsed.origin();
            if !matches!(parsed.scheme(), "http" | "https")
                || !origin.is_tuple()
                || parsed.path() != "/"
                || parsed.query().is_some()
                || parsed.fragment().is_some()
                || !parsed.username().is_empty()
                || item.trim_end_matches('/').len() != origin.ascii_serialization().len()
            {
                return Err(format!("{item:?} is not an origin like https://panel.example.com[:port]"));
            }
            Ok(origin.ascii_serialization())
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
    // pbm/server (pbm): connections (README "Connections and limits"); read at each accept
    key(
        MAX_CONNECTIONS,
        "10000",
        Kind::Integer { min: 1, max: 1_000_000 },
        "open client connections per replica; more are closed at once (also capped by the file limit)",
    ),
    key(
        HEADER_READ_TIMEOUT,
        "20",
        Kind::Integer { min: 1, max: 3600 },
        "seconds a new connection may take to send its first bytes (and TLS to finish), and an HTTP/1.1 request its headers; also the idle time of a kept-alive HTTP/1.1 connection",
    ),
    key(
        HTTP2_KEEPALIVE_INTERVAL,
        "30",
        Kind::Integer { min: 1, max: 3600 },
        "seconds between HTTP/2 pings on a connection; one not answered within as long drops the connection",
    ),
    key(
        HTTP2_MAX_CONCURRENT_STREAMS,
        "256",
        Kind::Integer { min: 1, max: 100_000 },
        "concurrent HTTP/2 streams (calls, watches) per connection",
    ),
    key(
        HTTP2_MAX_PENDING_RESETS,
        "20",
        Kind::Integer { min: 1, max: 10_000 },
        "HTTP/2 streams a client may open and reset before pbm accepts them, per connection; beyond it the connection is closed (rapid reset)",
    ),
    key(
        SHUTDOWN_GRACE,
        "20",
        Kind::Integer { min: 0, max: 3600 },
        "seconds the calls in flight get to finish after SIGTERM or SIGINT (server streams end at once with UNAVAILABLE); connections still open then are closed",
    ),
    // pbm/scim (pbm): provisioning over SCIM (README "Provisioning with SCIM")
    key(
        SCIM_GROUP_ADDRESS,
        "display_name",
        Kind::Choice(&["display_name", "external_id"]),
        "the address of a group created over SCIM without one: its displayName (or externalId) made a mailbox name, at the tenant's default mail domain",
    ),
    // pbm/web (pbm): browsers
    key(
        CORS_ALLOWED_ORIGINS,
        "",
        Kind::Origins,
        "origins (https://host[:port]) whose pages may call pbm with grpc-web; empty: only pages pbm serves itself (same origin, e.g. /admin/)",
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
    // services/ad (§6): the company directory (AD, FreeIPA, OpenLDAP, 389-ds) — one connection
    // (src/directory/) shared by the address-book sync, the group sync and directory-owned accounts.
    key(AD_ENABLED, "false", Kind::Bool, "address-book and group sync from the company directory"),
    key(AD_HOST, "", TEXT, "domain controller (host name or address)"),
    key(AD_PORT, "389", Kind::Port, "its LDAP port (389; 636 for LDAPS)"),
    key(AD_SSL, "false", Kind::Bool, "LDAPS (TLS from the first byte)"),
    key(
        AD_STARTTLS,
        "true",
        Kind::Bool,
        "without ssl: StartTLS on the LDAP port (pbm); false with ssl false is plain LDAP, passwords in clear",
    ),
    key(AD_CA_FILE, "", TEXT, "PEM file of the CA certificates to trust (pbm; empty: the system's)"),
    key(
        AD_SERVER_NAME,
        "",
        Kind::Text { max: 253 },
        "name the directory's certificate must carry (pbm; empty: services/ad/host)",
    ),
    key(AD_CONNECT_TIMEOUT, "10", Kind::Integer { min: 1, max: 300 }, "seconds to connect and bind (pbm)"),
    key(AD_TIMEOUT, "60", Kind::Integer { min: 1, max: 3600 }, "seconds one directory operation may take (pbm)"),
    key(
        AD_PAGE_SIZE,
        "1000",
        Kind::Integer { min: 1, max: 1000 },
        "entries per search page (pbm; AD's limit is 1,000)",
    ),
    key(AD_BIND_DN, "", Kind::Dn, "account to bind as (pbm; the guide names only the password)"),
    secret(AD_PASSWORD, "password of the bind account"),
    key(
        AD_SYNC_INTERVAL,
        "0",
        Kind::Integer { min: 0, max: YEAR },
        "seconds between periodic syncs from the directory (pbm; 0: on request only)",
    ),
    key(AD_SYNC_TENANTS, "[]", Kind::JsonArray, "tenants whose address book and lists the periodic sync fills (pbm)"),
    key(AD_USERS_BASE_DN, "", Kind::Dn, "users: search base"),
    key(AD_USERS_FILTER, "(&(objectClass=person)(mail=*))", Kind::Filter, "users: filter"),
    key(
        AD_USERS_MAPPING,
        r#"{"mail":"mail","cn":"cn","display name":"displayname","title":"title","physicaldeliveryofficename":"physicaldeliveryofficename","telexnumber":"telexnumber","mobile":"mobile","streetaddress":"streetaddress","l":"l","sn":"sn"}"#,
        Kind::Mapping(MappingKind::Contacts),
        "users: directory attribute → address-book field",
    ),
    key(AD_GROUPS_BASE_DN, "", Kind::Dn, "groups: search base"),
    key(AD_GROUPS_FILTER, "(&(objectClass=group)(mail=*))", Kind::Filter, "groups: filter"),
    key(
        AD_GROUPS_MAPPING,
        r#"{"mail":"mail","cn":"cn","displayName":"displayname"}"#,
        Kind::Mapping(MappingKind::Groups),
        "groups: directory attribute → mailing-list field",
    ),
    key(AD_GROUPS_ALIASES, "{}", Kind::StringMap, "groups: list address → extra address (alias) of the imported list"),
    key(AD_GROUPS_CAB_EXCLUSIONS, "[]", Kind::JsonArray, "groups (addresses) left out of the address book"),
    key(AD_GROUPS_RENAME_DOMAINS, "{}", Kind::StringMap, "groups: domain renames on import"),
    key(AD_GROUPS_RENAME_EMAILS, "{}", Kind::StringMap, "groups: address renames on import"),
    // services/ad/accounts (pbm, §5.3): mail accounts owned by the directory
    key(AD_ACCOUNTS_ENABLED, "false", Kind::Bool, "mail accounts provisioned from the directory (§5.3)"),
    key(AD_ACCOUNTS_TENANT, "", Kind::Text { max: 255 }, "tenant whose accounts the directory owns"),
    key(AD_ACCOUNTS_BASE_DN, "", Kind::Dn, "accounts: search base"),
    key(
        AD_ACCOUNTS_FILTER,
        "(&(objectClass=person)(mail=*))",
        Kind::Filter,
        "accounts: who gets a mailbox, e.g. (&(objectClass=user)(memberOf=CN=Mail,OU=Groups,DC=corp,DC=example))",
    ),
    key(
        AD_ACCOUNTS_MAPPING,
        r#"{"mail":"mail","givenName":"cn","sn":"sn","displayName":"displayname","title":"title","department":"ou","telephoneNumber":"telephonenumber","mobile":"mobile","l":"l","proxyAddresses":"alias"}"#,
        Kind::Mapping(MappingKind::Accounts),
        "accounts: directory attribute → user field (mail: the login)",
    ),
    key(AD_ACCOUNTS_QUOTA_ATTRIBUTE, "", Kind::Attribute, "accounts: attribute holding the quota in bytes (§5.3.1)"),
    key(
        AD_ACCOUNTS_DEFAULT_QUOTA,
        "",
        Kind::OptionalInteger { max: 1 << 50 },
        "accounts: quota in bytes when the attribute is unset (§5.3.1; empty: unlimited)",
    ),
    key(
        AD_ACCOUNTS_FULL_SYNC_INTERVAL,
        "3600",
        Kind::Integer { min: 0, max: YEAR },
        "accounts: seconds between full passes that find deletions (0: every sync is full)",
    ),
    // services/bitrix24 (§6)
    key(BITRIX24_ENABLED, "false", Kind::Bool, "address-book sync from Bitrix24"),
    key(BITRIX24_URL, "", Kind::Url, "Bitrix24 URL"),
    key(BITRIX24_ADMIN_USERID, "", Kind::Text { max: 255 }, "Bitrix24 admin user id (the webhook's user)"),
    secret(BITRIX24_WEBHOOK, "Bitrix24 webhook token"),
    key(
        BITRIX24_SYNC_INTERVAL,
        "0",
        Kind::Integer { min: 0, max: YEAR },
        "seconds between periodic Bitrix24 syncs (pbm; 0: on request only)",
    ),
    key(
        BITRIX24_SYNC_TENANTS,
        "[]",
        Kind::JsonArray,
        "tenants whose address book the periodic Bitrix24 sync fills (pbm)",
    ),
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
        assert_eq!(
            Kind::Origins.validate("https://Panel.example.com, http://127.0.0.1:3000").unwrap(),
            "https://panel.example.com,http://127.0.0.1:3000"
        );
        assert_eq!(Kind::Origins.validate("https://panel.example.com/").unwrap(), "https://panel.example.com");
        for bad in
            ["*", "panel.example.com", "https://panel.example.com/admin", "ftp://x.example", "https://a@x.example"]
        {
            assert!(Kind::Origins.validate(bad).is_err(), "{bad}");
        }
    }
}
