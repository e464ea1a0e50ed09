//! Attribute mappings of the guide's settings (`services/ad/users/mapping`,
//! `services/ad/groups/mapping`, and pbm's `services/ad/accounts/mapping`):
//! a JSON object whose keys are attributes of the company directory and
//! whose values name the local field each one fills, e.g.
//! `{"mail":"mail","displayName":"displayname","l":"l"}`.
//!
//! A mapping is parsed and checked when the setting is put: keys must be
//! attribute names, values local fields that kind of object has, and the
//! address (`mail`) must be mapped. The guide's own default for users
//! spells one key `"display name"`; spaces inside keys are dropped, so it
//! reads as `displayName` (attribute names compare case-insensitively).

/// A local field a directory attribute may fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LocalField {
    /// `mail`: the address (the login of an account).
    Mail,
    /// `cn`: the name (a user's given name in pbm's table 2).
    Cn,
    /// `sn`: the surname.
    Sn,
    /// `givenname`: the given name.
    GivenName,
    /// `displayname`.
    DisplayName,
    /// `title`.
    Title,
    /// `department` (also written `ou`).
    Department,
    /// `physicaldeliveryofficename`: the office.
    Office,
    /// `streetaddress`.
    StreetAddress,
    /// `l`: the city.
    City,
    /// `telephonenumber`: the work phone.
    WorkPhone,
    /// `mobile`.
    Mobile,
    /// `telexnumber`.
    Telex,
    /// `homephone`.
    HomePhone,
    /// `alias`: further addresses (AD's `proxyAddresses`: `smtp:` values).
    Alias,
    /// `description`.
    Description,
    /// `initials`: a user's middle name.
    Initials,
}

impl LocalField {
    const ALL: [Self; 17] = [
        Self::Mail,
        Self::Cn,
        Self::Sn,
        Self::GivenName,
        Self::DisplayName,
        Self::Title,
        Self::Department,
        Self::Office,
        Self::StreetAddress,
        Self::City,
        Self::WorkPhone,
        Self::Mobile,
        Self::Telex,
        Self::HomePhone,
        Self::Alias,
        Self::Description,
        Self::Initials,
    ];

    /// The key naming the field in a mapping.
    pub fn key(self) -> &'static str {
        match self {
            Self::Mail => "mail",
            Self::Cn => "cn",
            Self::Sn => "sn",
            Self::GivenName => "givenname",
            Self::DisplayName => "displayname",
            Self::Title => "title",
            Self::Department => "department",
            Self::Office => "physicaldeliveryofficename",
            Self::StreetAddress => "streetaddress",
            Self::City => "l",
            Self::WorkPhone => "telephonenumber",
            Self::Mobile => "mobile",
            Self::Telex => "telexnumber",
            Self::HomePhone => "homephone",
            Self::Alias => "alias",
            Self::Description => "description",
            Self::Initials => "initials",
        }
    }

    /// The field a mapping value names (any case; `ou` is the department).
    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_ascii_lowercase();
        if key == "ou" {
            return Some(Self::Department);
        }
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// Which objects a mapping fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingKind {
    /// Address-book contacts (`services/ad/users/mapping`).
    Contacts,
    /// Mailing lists (`services/ad/groups/mapping`).
    Groups,
    /// Mail accounts (`services/ad/accounts/mapping`).
    Accounts,
}

impl MappingKind {
    /// The local fields objects of this kind have.
    pub fn fields(self) -> &'static [LocalField] {
        use LocalField::*;
        match self {
            Self::Contacts => &[
                Mail,
                Cn,
                Sn,
                GivenName,
                DisplayName,
                Title,
                Department,
                Office,
                StreetAddress,
                City,
                WorkPhone,
                Mobile,
                Telex,
                HomePhone,
            ],
            Self::Groups => &[Mail, Cn, DisplayName],
            Self::Accounts => &[
                Mail,
                Cn,
                Sn,
                GivenName,
                DisplayName,
                Initials,
                Title,
                Department,
                City,
                WorkPhone,
                Mobile,
                HomePhone,
                Alias,
                Description,
            ],
        }
    }
}

/// A parsed mapping: pairs of (directory attribute, local field), in the
/// order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pairs: Vec<(String, LocalField)>,
}

impl Mapping {
    /// Parses and checks a mapping of `kind`.
    pub fn parse(kind: MappingKind, text: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(text.trim()).map_err(|_| "is not a JSON object".to_owned())?;
        let serde_json::Value::Object(object) = value else {
            return Err("is not a JSON object".into());
        };
        let mut pairs = Vec::with_capacity(object.len());
        for (attribute, local) in &object {
            let attribute: String = attribute.chars().filter(|c| !c.is_whitespace()).collect();
            if !super::filter::is_attribute_name(&attribute) {
                return Err(format!("key {attribute:?} is not an LDAP attribute name"));
            }
            let Some(local) = local.as_str() else {
                return Err(format!("the value of {attribute:?} is not a string"));
            };
            let field = LocalField::from_key(local).filter(|f| kind.fields().contains(f)).ok_or_else(|| {
                let known: Vec<&str> = kind.fields().iter().map(|f| f.key()).collect();
                format!("{attribute:?} maps to {local:?}, which is not one of {}", known.join(", "))
            })?;
            if pairs.iter().any(|(a, f): &(String, LocalField)| a.eq_ignore_ascii_case(&attribute) && *f == field) {
                continue;
            }
            pairs.push((attribute, field));
        }
        if !pairs.iter().any(|(_, f)| *f == LocalField::Mail) {
            return Err("maps no attribute to \"mail\" (the address is required)".into());
        }
        Ok(Self { pairs })
    }

    /// The directory attributes to ask for.
    pub fn attributes(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for (attribute, _) in &self.pairs {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(attribute)) {
                names.push(attribute.clone());
            }
        }
        names
    }

    /// The directory attributes that fill `field`, in the order given.
    pub fn sources(&self, field: LocalField) -> impl Iterator<Item = &str> {
        self.pairs.iter().filter(move |(_, f)| *f == field).map(|(a, _)| a.as_str())
    }

    /// Whether some attribute fills `field`.
    pub fn maps(&self, field: LocalField) -> bool {
        self.sources(field).next().is_some()
    }
}

/// Checks a mapping setting; answers its normal form (compact JSON).
pub fn check(kind: MappingKind, text: &str) -> Result<String, String> {
    Mapping::parse(kind, text)?;
    let value: serde_json::Value = serde_json::from_str(text.trim()).map_err(|e| e.to_string())?;
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_defaults_parse() {
        let users = r#"{"mail":"mail","cn":"cn","display name":"displayname","title":"title","physicaldeliveryofficename":"physicaldeliveryofficename","telexnumber":"telexnumber","mobile":"mobile","streetaddress":"streetaddress","l":"l","sn":"sn"}"#;
        let m = Mapping::parse(MappingKind::Contacts, users).unwrap();
        assert_eq!(m.sources(LocalField::DisplayName).collect::<Vec<_>>(), ["displayname"]);
        assert_eq!(m.attributes().len(), 10);
        let groups = r#"{"mail":"mail","cn":"cn","displayName":"displayname"}"#;
        assert!(Mapping::parse(MappingKind::Groups, groups).is_ok());
    }

    #[test]
    fn malformed_mappings_are_refused() {
        for (kind, bad) in [
            (MappingKind::Contacts, "[]"),
            (MappingKind::Contacts, "{"),
            (MappingKind::Contacts, r#"{"cn":"cn"}"#),
            (MappingKind::Contacts, r#"{"mail":"mail","bad_attr":"cn"}"#),
            (MappingKind::Contacts, r#"{"mail":"mail","cn":"password"}"#),
            (MappingKind::Contacts, r#"{"mail":"mail","cn":1}"#),
            (MappingKind::Groups, r#"{"mail":"mail","title":"title"}"#),
        ] {
            assert!(Mapping::parse(kind, bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn accounts_map_aliases_and_several_sources() {
        let m = Mapping::parse(
            MappingKind::Accounts,
            r#"{"mail":"mail","userPrincipalName":"mail","proxyAddresses":"alias","department":"ou"}"#,
        )
        .unwrap();
        assert_eq!(m.sources(LocalField::Mail).collect::<Vec<_>>(), ["mail", "userPrincipalName"]);
        assert!(m.maps(LocalField::Alias) && m.maps(LocalField::Department));
        assert_eq!(check(MappingKind::Accounts, r#" {"mail" : "mail"} "#).unwrap(), r#"{"mail":"mail"}"#);
    }
}
