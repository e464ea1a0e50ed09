//! The Samba AD domain controller of `scripts/servers/up.sh samba` from
//! tests: its connection as pbm's settings, and an administrator's
//! connection (LDAPS, the test CA) to add and change people in an OU of
//! the test's own under `OU=Tests` — the seeded `OU=People` and
//! `OU=Groups` are shared by every test and never changed.

#![allow(dead_code)]

use std::collections::HashSet;

use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, Mod, Scope, SearchEntry};

use super::servers;

/// The test domain controller.
#[derive(Debug, Clone)]
pub struct Ad {
    /// Its loopback address.
    pub host: String,
    /// The test CA's certificate file.
    pub ca_file: String,
    /// The name its certificate carries.
    pub server_name: String,
    /// The administrator's DN.
    pub bind_dn: String,
    /// The administrator's password.
    pub password: String,
    /// `DC=corp,DC=test`.
    pub base: String,
}

/// The test domain controller, or `None` (loudly) when it is not running
/// and the run does not require it.
pub fn samba() -> Option<Ad> {
    let host = servers::require_server("PBM_TEST_SAMBA_HOST", "the Samba AD DC")?;
    let var = |name: &str| {
        servers::test_server_var(&format!("PBM_TEST_SAMBA_{name}"))
            .unwrap_or_else(|| panic!("PBM_TEST_SAMBA_{name} beside PBM_TEST_SAMBA_HOST"))
    };
    Some(Ad {
        host,
        ca_file: var("CA_FILE"),
        server_name: var("SERVER_NAME"),
        bind_dn: var("BIND_DN"),
        password: var("ADMIN_PW"),
        base: var("BASE_DN"),
    })
}

/// `value` as the UTF-16 `unicodePwd` AD takes.
fn unicode_pwd(password: &str) -> Vec<u8> {
    format!("\"{password}\"").encode_utf16().flat_map(u16::to_le_bytes).collect()
}

impl Ad {
    /// pbm's connection settings for this controller over LDAPS, verifying
    /// its certificate against the test CA and its name.
    pub fn settings(&self) -> Vec<(String, String)> {
        [
            ("services/ad/host", self.host.as_str()),
            ("services/ad/port", "636"),
            ("services/ad/ssl", "true"),
            ("services/ad/ca_file", self.ca_file.as_str()),
            ("services/ad/server_name", self.server_name.as_str()),
            ("services/ad/bind_dn", self.bind_dn.as_str()),
            ("services/ad/password", self.password.as_str()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    /// `OU=People` of the seeded data.
    pub fn people(&self) -> String {
        format!("OU=People,{}", self.base)
    }

    /// `OU=Groups` of the seeded data.
    pub fn groups(&self) -> String {
        format!("OU=Groups,{}", self.base)
    }

    /// A connection bound as the administrator.
    pub async fn admin(&self) -> Ldap {
        let tls = pbm::directory::tls::client_config(&self.ca_file, &self.server_name).expect("the test CA");
        let settings = LdapConnSettings::new().set_config(tls);
        let (conn, mut ldap) =
            LdapConnAsync::with_settings(settings, &format!("ldaps://{}:636", self.host)).await.expect("LDAPS");
        tokio::spawn(async move {
            let _ = conn.drive().await;
        });
        ldap.simple_bind(&self.bind_dn, &self.password).await.unwrap().success().expect("administrator bind");
        ldap
    }

    /// A new, empty OU of the test's own under `OU=Tests`.
    pub async fn fresh_ou(&self, name: &str) -> String {
        let dn = format!("OU={name}-{},OU=Tests,{}", servers::unique_suffix(), self.base);
        let mut ldap = self.admin().await;
        ldap.add(&dn, vec![("objectClass", HashSet::from(["organizationalUnit"]))]).await.unwrap().success().unwrap();
        dn
    }

    /// Adds a person (enabled, with `password` when given) to `ou`; `extra`
    /// attributes beside the names and `mail`. Answers the DN.
    pub async fn add_user(
        &self,
        ou: &str,
        sam: &str,
        given: &str,
        surname: &str,
        password: Option<&str>,
        extra: &[(&str, &[&str])],
    ) -> String {
        let dn = format!("CN={given} {surname},{ou}");
        let domain = "corp.test";
        let mut attrs: Vec<(Vec<u8>, HashSet<Vec<u8>>)> = Vec::new();
        let mut one = |name: &str, value: &[u8]| {
            attrs.push((name.as_bytes().to_vec(), HashSet::from([value.to_vec()])));
        };
        one("objectClass", b"user");
        one("sAMAccountName", sam.as_bytes());
        one("userPrincipalName", format!("{sam}@{domain}").as_bytes());
        one("givenName", given.as_bytes());
        one("sn", surname.as_bytes());
        one("displayName", format!("{given} {surname}").as_bytes());
        one("mail", format!("{sam}@{domain}").as_bytes());
        match password {
            Some(password) => {
                one("unicodePwd", &unicode_pwd(password));
                one("userAccountControl", b"512");
            }
            None => one("userAccountControl", b"544"),
        }
        for (name, values) in extra {
            attrs.push((name.as_bytes().to_vec(), values.iter().map(|v| v.as_bytes().to_vec()).collect()));
        }
        let mut ldap = self.admin().await;
        ldap.add(&dn, attrs).await.unwrap().success().unwrap_or_else(|e| panic!("adding {dn}: {e}"));
        dn
    }

    /// Adds a group with a mail address and members to `ou`.
    pub async fn add_group(&self, ou: &str, cn: &str, mail: &str, members: &[&str]) -> String {
        let dn = format!("CN={cn},{ou}");
        let mut attrs: Vec<(&str, HashSet<&str>)> = vec![
            ("objectClass", HashSet::from(["group"])),
            ("mail", HashSet::from([mail])),
            ("displayName", HashSet::from([cn])),
        ];
        if !members.is_empty() {
            attrs.push(("member", members.iter().copied().collect()));
        }
        let mut ldap = self.admin().await;
        ldap.add(&dn, attrs).await.unwrap().success().unwrap_or_else(|e| panic!("adding {dn}: {e}"));
        dn
    }

    /// Replaces attributes of an entry.
    pub async fn replace(&self, dn: &str, attrs: &[(&str, &[&str])]) {
        let mods: Vec<Mod<Vec<u8>>> = attrs
            .iter()
            .map(|(name, values)| {
                Mod::Replace(name.as_bytes().to_vec(), values.iter().map(|v| v.as_bytes().to_vec()).collect())
            })
            .collect();
        let mut ldap = self.admin().await;
        ldap.modify(dn, mods).await.unwrap().success().unwrap_or_else(|e| panic!("modifying {dn}: {e}"));
    }

    /// Sets a person's password (as an administrator's reset).
    pub async fn set_password(&self, dn: &str, password: &str) {
        let mods = vec![Mod::Replace(b"unicodePwd".to_vec(), HashSet::from([unicode_pwd(password)]))];
        let mut ldap = self.admin().await;
        ldap.modify(dn, mods).await.unwrap().success().unwrap_or_else(|e| panic!("password of {dn}: {e}"));
    }

    /// Renames an entry within its OU.
    pub async fn rename(&self, dn: &str, new_rdn: &str) -> String {
        let mut ldap = self.admin().await;
        ldap.modifydn(dn, new_rdn, true, None).await.unwrap().success().unwrap();
        let parent = dn.split_once(',').unwrap().1;
        format!("{new_rdn},{parent}")
    }

    /// Deletes an entry.
    pub async fn delete(&self, dn: &str) {
        let mut ldap = self.admin().await;
        ldap.delete(dn).await.unwrap().success().unwrap_or_else(|e| panic!("deleting {dn}: {e}"));
    }

    /// Deletes an OU and everything in it.
    pub async fn delete_tree(&self, ou: &str) {
        let mut ldap = self.admin().await;
        let (entries, _) =
            ldap.search(ou, Scope::Subtree, "(objectClass=*)", vec!["1.1"]).await.unwrap().success().unwrap();
        let mut dns: Vec<String> = entries.into_iter().map(|e| SearchEntry::construct(e).dn).collect();
        dns.sort_by_key(|dn| std::cmp::Reverse(dn.len()));
        for dn in dns {
            let _ = ldap.delete(&dn).await;
        }
    }
}
