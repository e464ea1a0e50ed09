//! Plain types and rules of the directory, free of transports and stores:
//! what a user, a tenant, a domain, a resource, a mailing list, an address,
//! a certificate and a password may look like. Services combine these rules
//! with state (which domains a tenant owns, which addresses are taken);
//! stores persist the types as they are.

pub mod address;
pub mod audit;
pub mod avatar;
pub mod certificate;
pub mod change;
pub mod contact;
pub mod mail;
pub mod mail_domain;
pub mod mail_list;
pub mod page_token;
pub mod password_policy;
pub mod resource;
pub mod role;
pub mod service_account;
pub mod tenant;
pub mod text;
pub mod user;
pub mod web_domain;

use chrono::{DateTime, SubsecRound as _, Utc};

pub use audit::AuditEvent;
pub use role::Role;
pub use service_account::{ApiKey, ServiceAccount};

/// The current time at the precision every store keeps (microseconds), so
/// that what a service returns equals what a later read returns.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
pub use address::{AddressKind, ReservedAddress};
pub use change::{ChangeOp, ChangeRecord, ObjectChange, ObjectKind, Revisions, SessionCut, WriteMark};
pub use contact::{BookEntry, BookList, BookQuery, Contact, ContactField, ContactInput, EntryKind};
pub use mail_domain::{DomainUsage, MailDomain, MailDomainField};
pub use mail_list::{MailList, MailListField, MailListInput};
pub use resource::{Resource, ResourceField, ResourceGroup, ResourceInput};
pub use tenant::{Tenant, TenantContents};
pub use user::{User, UserField, UserInput, UserListQuery, UserSortKey, UserStatus};
pub use web_domain::{CertificateInfo, PrivateKeyPem, WebDomain};
