//! External contacts and the corporate address book (guide §2.15, the
//! `psn/cab/*` keys): a contact is a person outside the installation's
//! logins — a partner, a colleague whose mailbox lives elsewhere — that mail
//! clients find in the tenant's address book beside its users, resources and
//! mailing lists. Admins create contacts by hand; a directory sync creates
//! them from AD, LDAP or Bitrix24 and marks them with its source and the
//! source's stable id.
//!
//! The address book's `employeeType` rule (which list shows an entry) is
//! decided here, per kind, in [`shown_in`]: the guide gives the values two
//! meanings, and pbm keeps each kind's own (README "Address book and
//! directory sync").

use chrono::{DateTime, Utc};

/// Highest `employeeType` of a contact: 0 suggested contacts only, 1 both
/// lists (the default), 2 hidden — the meaning §2.13–§2.14 give resources
/// and lists.
pub const MAX_CONTACT_ADDRESS_BOOK_VISIBILITY: i32 = 2;
/// Default `employeeType` of a contact.
pub const DEFAULT_CONTACT_ADDRESS_BOOK_VISIBILITY: i32 = 1;
/// Most phone numbers a contact may have.
pub const MAX_CONTACT_PHONES: usize = 8;
/// The source of a contact an admin created by hand.
pub const MANUAL_SOURCE: &str = "manual";

/// An external contact of a tenant's address book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Owning tenant.
    pub tenant_id: String,
    /// Address, lower-case; unique within the tenant's address book.
    pub mail: String,
    /// Full name as shown (required).
    pub name: String,
    /// Phone numbers, in the order given.
    pub phones: Vec<String>,
    /// Job title.
    pub title: String,
    /// Department.
    pub department: String,
    /// Office (room, building).
    pub office: String,
    /// Street address.
    pub street: String,
    /// City.
    pub city: String,
    /// `employeeType`, 0–2.
    pub address_book_visibility: i32,
    /// Who made it: [`MANUAL_SOURCE`], `ad` or `bitrix24`.
    pub source: String,
    /// The stable id of the entry at its source (empty for manual ones).
    pub source_id: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Incremented by every stored change; guards against lost updates.
    pub revision: i64,
}

impl Contact {
    /// The lower-cased name, as stores sort and search it.
    pub fn name_key(&self) -> String {
        self.name.to_lowercase()
    }
}

/// The values of a contact create or update request, not yet validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactInput {
    /// Tenant.
    pub tenant_id: String,
    /// Address (on update: the current address).
    pub mail: String,
    /// Full name.
    pub name: String,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// Job title.
    pub title: String,
    /// Department.
    pub department: String,
    /// Office.
    pub office: String,
    /// Street address.
    pub street: String,
    /// City.
    pub city: String,
    /// `employeeType`; `None` is the default (1) on create.
    pub address_book_visibility: Option<i32>,
}

/// A mutable field of a contact, named as in the proto `Contact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum ContactField {
    Name,
    Phones,
    Title,
    Department,
    Office,
    Street,
    City,
    AddressBookVisibility,
}

impl ContactField {
    /// Every mutable field.
    pub const ALL: [ContactField; 8] = [
        Self::Name,
        Self::Phones,
        Self::Title,
        Self::Department,
        Self::Office,
        Self::Street,
        Self::City,
        Self::AddressBookVisibility,
    ];

    /// The field's name in the proto message and in update masks.
    pub fn name(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Phones => "phones",
            Self::Title => "title",
            Self::Department => "department",
            Self::Office => "office",
            Self::Street => "street",
            Self::City => "city",
            Self::AddressBookVisibility => "address_book_visibility",
        }
    }

    /// Looks a field up by its name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// What an address-book entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// A user account of the tenant.
    User,
    /// A bookable resource.
    Resource,
    /// A mailing list.
    MailList,
    /// An external contact.
    Contact,
}

impl EntryKind {
    /// Every kind.
    pub const ALL: [EntryKind; 4] = [Self::User, Self::Resource, Self::MailList, Self::Contact];
}

/// Which list of the mail clients' address book is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookList {
    /// Every entry that is shown in at least one list.
    Any,
    /// The suggested contacts.
    Suggested,
    /// The colleagues.
    Colleagues,
}

/// The `employeeType` values of `kind` shown in `list`.
///
/// * users (§2.4, the table of user attributes): 0 suggested contacts only,
///   1 both lists, 2 colleagues only, 3 both lists;
/// * resources, lists and contacts (§2.13, §2.14): 0 suggested contacts
///   only, 1 both lists, 2 shown in neither.
pub fn shown_in(kind: EntryKind, list: BookList) -> &'static [i32] {
    match (kind, list) {
        (EntryKind::User, BookList::Any) => &[0, 1, 2, 3],
        (EntryKind::User, BookList::Suggested) => &[0, 1, 3],
        (EntryKind::User, BookList::Colleagues) => &[1, 2, 3],
        (_, BookList::Any | BookList::Suggested) => &[0, 1],
        (_, BookList::Colleagues) => &[1],
    }
}

/// One entry of the address book, whatever its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookEntry {
    /// The kind of object.
    pub kind: EntryKind,
    /// Owning tenant.
    pub tenant_id: String,
    /// The entry's address (a user's primary address).
    pub mail: String,
    /// Name as shown: a user's display name (or given name and surname),
    /// the display name of a resource or list, a contact's name.
    pub name: String,
    /// Job title (users, contacts).
    pub title: String,
    /// Department (users, contacts).
    pub department: String,
    /// Phones (users: work and home; contacts: theirs).
    pub phones: Vec<String>,
    /// Office (contacts).
    pub office: String,
    /// Street address (contacts).
    pub street: String,
    /// City.
    pub city: String,
    /// `employeeType` with the kind's meaning (see [`shown_in`]).
    pub address_book_visibility: i32,
    /// What the book sorts by: the lower-cased name (a user's lower-cased
    /// given name and surname).
    pub sort_name: String,
}

/// A page of an address-book search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookQuery {
    /// The tenant.
    pub tenant_id: String,
    /// Lower-cased prefix of an address or of a word of a name (empty: all).
    pub prefix: String,
    /// The `employeeType` values shown, per kind ([`shown_in`]); a kind
    /// with none is left out.
    pub shown: Vec<(EntryKind, Vec<i32>)>,
    /// Only entries after this (lower-cased name, address), in that order.
    pub after: Option<(String, String)>,
    /// Page size.
    pub limit: usize,
}

impl BookEntry {
    /// The entry's sort key: lower-cased name, then address.
    pub fn sort_key(&self) -> (String, String) {
        (self.sort_name.clone(), self.mail.clone())
    }

    /// Whether `prefix` (lower-cased) starts the address or a word of the
    /// sort name (a user's given name or surname, the name of the others).
    pub fn matches(&self, prefix: &str) -> bool {
        prefix.is_empty()
            || self.mail.starts_with(prefix)
            || self.sort_name.split_whitespace().any(|word| word.starts_with(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_keep_the_user_table_meaning() {
        assert!(shown_in(EntryKind::User, BookList::Colleagues).contains(&2));
        assert!(!shown_in(EntryKind::User, BookList::Suggested).contains(&2));
        assert!(shown_in(EntryKind::User, BookList::Suggested).contains(&3));
    }

    #[test]
    fn other_kinds_hide_two() {
        for kind in [EntryKind::Resource, EntryKind::MailList, EntryKind::Contact] {
            assert!(!shown_in(kind, BookList::Any).contains(&2));
            assert!(!shown_in(kind, BookList::Colleagues).contains(&0));
        }
    }

    #[test]
    fn a_prefix_matches_words_and_addresses() {
        let entry = BookEntry {
            kind: EntryKind::Contact,
            tenant_id: "t".into(),
            mail: "ivan@partner.ru".into(),
            name: "Иван Петров".into(),
            title: String::new(),
            department: String::new(),
            phones: Vec::new(),
            office: String::new(),
            street: String::new(),
            city: String::new(),
            address_book_visibility: 1,
            sort_name: "иван петров".into(),
        };
        assert!(entry.matches("пет"));
        assert!(entry.matches("iv"));
        assert!(!entry.matches("ров"));
    }
}
