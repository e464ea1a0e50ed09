//! The one reader of foreign directories — Active Directory (and Samba
//! DC), FreeIPA/ALD Pro, OpenLDAP and 389-ds — used by the address-book and
//! group sync and by the accounts the company directory owns (their
//! provisioning and their logins): connection settings ([`settings`]),
//! TLS with a CA file and an explicit server name ([`tls`]), paged
//! searches that ignore referrals, stable ids and change markers
//! ([`reader`]), attribute mappings checked when put ([`mapping`]), and the
//! RFC 4515 / RFC 4514 escaping of every value placed into a filter or a
//! DN ([`filter`]).
//!
//! This is not a store of pbm's: nothing here writes to the company
//! directory. pbm reads it, and binds to it as a person only to check that
//! person's password.

pub mod filter;
pub mod mapping;
pub mod reader;
pub mod settings;
pub mod tls;

pub use mapping::{LocalField, Mapping, MappingKind};
pub use reader::{BindOutcome, ChangeMark, DirectoryReader, IdKind, SearchSummary, Session, SourceEntry};
pub use settings::{AccountSettings, Bitrix24Settings, ConnectionSettings, DirectorySettings, Security};
