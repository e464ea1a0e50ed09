//! The mail store's vocabulary, free of Dovecot: whose mailboxes an
//! operation covers (one owner, an owner mask, everyone), folder names,
//! search queries, message hits, ACL rights (RFC 4314) and quotas — with the
//! syntax rules every value must pass before it may reach the mail store.
//!
//! The rules are strict on purpose: a malformed doveadm request kills a
//! Dovecot worker, and a folder name with wildcards or path tricks must never
//! widen what an operation touches. Messages' own header texts are decoded
//! here too ([`decode_mime_words`]) and their addresses extracted
//! ([`header_addresses`]), for hits and for recall's sender check.

use std::collections::BTreeSet;

use base64::Engine as _;
use chrono::{DateTime, Utc};

use super::address::{normalize_alternate_address, normalize_domain, normalize_mail};
use crate::error::Violations;

/// Longest text of a query field.
pub const MAX_QUERY_TEXT: usize = 1024;
/// Longest folder name (Dovecot refuses longer ones anyway).
pub const MAX_MAILBOX_NAME: usize = 255;
/// Most UIDs one fetch may name.
pub const MAX_FETCH_UIDS: usize = 1000;
/// Most mailboxes one recall may name.
pub const MAX_RECALL_MAILBOXES: usize = 1000;
/// Longest Message-ID (RFC 5322 line limit, less the header name).
pub const MAX_MESSAGE_ID: usize = 995;

/// Validates a mailbox owner's address (primary or alias, ASCII; or an
/// alternate UTF-8 address) and returns it lower-cased.
pub fn normalize_owner(value: &str) -> Result<String, String> {
    normalize_mail(value).or_else(|ascii| normalize_alternate_address(value).map_err(|_| ascii))
}

/// Whose mailboxes an operation covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owners {
    /// One mailbox, by any of its addresses.
    User(String),
    /// The mailboxes whose address matches a mask.
    Mask(OwnerMask),
    /// Every mailbox of the installation.
    AllUsers,
}

/// An owner mask: `*` matches any characters, `?` one character, as
/// `doveadm -u` reads it; always split into a local-part and a domain
/// pattern (a mask without `@` has the domain pattern `*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerMask {
    local: String,
    domain: String,
}

impl OwnerMask {
    /// Parses a mask: lower-cased, at most one `@`, address characters and
    /// the wildcards only, at least one wildcard (else it is a user).
    pub fn parse(value: &str) -> Result<Self, String> {
        let mask = value.trim().to_lowercase();
        if mask.is_empty() {
            return Err("must not be empty".into());
        }
        if mask.chars().count() > super::address::MAX_ADDRESS_LEN {
            return Err(format!("must be at most {} characters", super::address::MAX_ADDRESS_LEN));
        }
        if !mask.contains(['*', '?']) {
            return Err("has no wildcard (`*` or `?`): name the user instead".into());
        }
        let (local, domain) = match mask.split_once('@') {
            Some((local, domain)) => (local.to_owned(), domain.to_owned()),
            None => (mask.clone(), "*".to_owned()),
        };
        if local.is_empty() || domain.is_empty() {
            return Err("needs a pattern on both sides of '@'".into());
        }
        if !local.chars().all(|c| c.is_alphanumeric() || "._+-*?".contains(c)) {
            return Err("local part may contain only letters, digits, '.', '_', '+', '-', '*' and '?'".into());
        }
        if !domain.chars().all(|c| c.is_ascii_alphanumeric() || ".-*?".contains(c)) {
            return Err("domain may contain only Latin letters, digits, '.', '-', '*' and '?'".into());
        }
        Ok(Self { local, domain })
    }

    /// The mask as doveadm reads it.
    pub fn as_doveadm(&self) -> String {
        format!("{}@{}", self.local, self.domain)
    }

    /// The literal domain, when the domain pattern has no wildcard.
    pub fn literal_domain(&self) -> Option<&str> {
        (!self.domain.contains(['*', '?'])).then_some(self.domain.as_str())
    }

    /// The mask narrowed to each of `domains` its domain pattern matches,
    /// e.g. `*` over `{a.test, b.test}` → `*@a.test`, `*@b.test`.
    pub fn within(&self, domains: &BTreeSet<String>) -> Vec<String> {
        domains.iter().filter(|d| glob_match(&self.domain, d)).map(|d| format!("{}@{d}", self.local)).collect()
    }

    /// Whether an address matches the mask.
    pub fn matches(&self, address: &str) -> bool {
        glob_match(&self.as_doveadm(), &address.to_lowercase())
    }
}

/// Matches `text` against a pattern of `*` (any characters, also none) and
/// `?` (exactly one character), like Dovecot's `wildcard_match`.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// A folder name that may be sent to the mail store: hierarchy separator
/// `/`, `INBOX` in any case written `INBOX`, and none of: wildcards (`*`,
/// `%`, `?`), control characters, empty, `.` or `..` levels (so no leading,
/// trailing or doubled `/`), a leading `~`, or the `shared/` namespace of
/// other users' folders.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MailboxName(String);

impl MailboxName {
    /// Checks a folder name.
    pub fn parse(value: &str) -> Result<Self, String> {
        if value.is_empty() {
            return Err("must not be empty".into());
        }
        if value.chars().count() > MAX_MAILBOX_NAME {
            return Err(format!("must be at most {MAX_MAILBOX_NAME} characters"));
        }
        if value.chars().any(char::is_control) {
            return Err("must not contain control characters".into());
        }
        if value.contains(['*', '%', '?']) {
            return Err("must not contain wildcards (*, % or ?)".into());
        }
        if value.starts_with('~') {
            return Err("must not start with '~'".into());
        }
        let levels: Vec<&str> = value.split('/').collect();
        if levels.iter().any(|level| level.trim().is_empty() || *level == "." || *level == "..") {
            return Err("must not have empty, '.' or '..' levels (no leading, trailing or doubled '/')".into());
        }
        if levels[0].eq_ignore_ascii_case("shared") {
            return Err("folders under shared/ belong to other users: name the owner instead".into());
        }
        let mut name = value.to_owned();
        if levels[0].eq_ignore_ascii_case("INBOX") {
            name.replace_range(..5, "INBOX");
        }
        Ok(Self(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for MailboxName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A header name and a value substring.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderMatch {
    /// Header field name.
    pub name: String,
    /// Substring of its value (empty: the header is present).
    pub value: String,
}

/// A search query: every criterion set must match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MailQuery {
    /// Substring of Subject.
    pub subject: Option<String>,
    /// A header and a substring of its value.
    pub header: Option<HeaderMatch>,
    /// Substring of From.
    pub from: Option<String>,
    /// Substring of To.
    pub to: Option<String>,
    /// Substring of the body.
    pub body: Option<String>,
    /// Exact Message-ID, with angle brackets.
    pub message_id: Option<String>,
    /// Received at or after.
    pub since: Option<DateTime<Utc>>,
    /// Received before.
    pub before: Option<DateTime<Utc>>,
    /// Seen (true) or unseen (false) only.
    pub seen: Option<bool>,
}

impl MailQuery {
    /// Whether no criterion is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Checks every criterion, recording violations under `prefix`
    /// (e.g. `query`), and the query as a whole is not empty.
    pub fn check(&self, v: &mut Violations, prefix: &str) {
        if self.is_empty() {
            v.invalid(prefix, "set at least one criterion");
        }
        let text = |v: &mut Violations, field: &str, value: &Option<String>| {
            if let Some(value) = value {
                v.check(&format!("{prefix}.{field}"), check_query_text(value));
            }
        };
        text(v, "subject", &self.subject);
        text(v, "from", &self.from);
        text(v, "to", &self.to);
        text(v, "body", &self.body);
        if let Some(header) = &self.header {
            v.check(&format!("{prefix}.header.name"), check_header_name(&header.name));
            if !header.value.is_empty() {
                v.check(&format!("{prefix}.header.value"), check_query_text(&header.value));
            }
        }
        if let Some(id) = &self.message_id {
            v.check(&format!("{prefix}.message_id"), normalize_message_id(id).map(|_| ()));
        }
        if let (Some(since), Some(before)) = (self.since, self.before)
            && since >= before
        {
            v.invalid(&format!("{prefix}.before"), "must be later than since");
        }
        for (field, time) in [("since", self.since), ("before", self.before)] {
            if time.is_some_and(|t| t.timestamp() < 0) {
                v.invalid(&format!("{prefix}.{field}"), "must not be before 1970");
            }
        }
    }
}

/// A search text: non-blank, at most [`MAX_QUERY_TEXT`] characters, no
/// control characters.
pub fn check_query_text(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("must not be blank".into());
    }
    if value.chars().count() > MAX_QUERY_TEXT {
        return Err(format!("must be at most {MAX_QUERY_TEXT} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err("must not contain control characters".into());
    }
    Ok(())
}

/// A header field name (RFC 5322: printable ASCII but `:`), 1–76 characters.
pub fn check_header_name(value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > 76 {
        return Err("must have 1 to 76 characters".into());
    }
    if !value.bytes().all(|b| (33..=126).contains(&b) && b != b':') {
        return Err("may contain only printable ASCII characters other than ':' and space".into());
    }
    Ok(())
}

/// Normalises a Message-ID to `<id>`: printable ASCII without spaces or
/// inner angle brackets, at most [`MAX_MESSAGE_ID`] characters.
pub fn normalize_message_id(value: &str) -> Result<String, String> {
    let trimmed = value.trim();
    let inner = trimmed.strip_prefix('<').and_then(|s| s.strip_suffix('>')).unwrap_or(trimmed);
    if inner.is_empty() {
        return Err("must not be empty".into());
    }
    if inner.len() + 2 > MAX_MESSAGE_ID {
        return Err(format!("must be at most {MAX_MESSAGE_ID} characters"));
    }
    if !inner.bytes().all(|b| (33..=126).contains(&b) && b != b'<' && b != b'>') {
        return Err("may contain only printable ASCII characters, no spaces or inner '<' '>'".into());
    }
    Ok(format!("<{inner}>"))
}

/// Whether a text is a Dovecot mailbox GUID (32 hex digits).
pub fn is_mailbox_guid(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// One message found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageHit {
    /// Owner (the mail store's user name: the primary address).
    pub owner: String,
    /// Folder.
    pub mailbox: String,
    /// Mailbox GUID.
    pub mailbox_guid: String,
    /// IMAP UID.
    pub uid: u32,
    /// Message-ID header as stored (trimmed).
    pub message_id: String,
    /// Subject, MIME words decoded.
    pub subject: String,
    /// From, MIME words decoded.
    pub from: String,
    /// When received.
    pub date: Option<DateTime<Utc>>,
    /// Physical size in bytes.
    pub size: i64,
    /// IMAP flags, without `\Recent`.
    pub flags: Vec<String>,
}

impl MessageHit {
    /// Whether the message has been read.
    pub fn seen(&self) -> bool {
        self.flags.iter().any(|f| f.eq_ignore_ascii_case("\\Seen"))
    }
}

/// Which part of a message to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagePart {
    /// Headers and body.
    Text,
    /// Headers.
    Headers,
    /// Body.
    Body,
}

/// One fetched message part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedMessage {
    /// IMAP UID.
    pub uid: u32,
    /// The part's bytes.
    pub content: Vec<u8>,
}

/// The IMAP ACL rights of RFC 4314, as doveadm names them (guide §2.16.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MailboxRight {
    /// `l`: see the folder.
    Lookup,
    /// `r`: read messages.
    Read,
    /// `w`: change flags other than seen and deleted.
    Write,
    /// `s`: keep seen state.
    WriteSeen,
    /// `t`: set and clear deleted.
    WriteDeleted,
    /// `i`: append and copy into.
    Insert,
    /// `p`: send mail to the submission address.
    Post,
    /// `e`: expunge.
    Expunge,
    /// `k`: create subfolders.
    Create,
    /// `x`: delete the folder.
    Delete,
    /// `a`: administer the ACL.
    Admin,
}

impl MailboxRight {
    /// Every right, in RFC 4314 order.
    pub const ALL: [Self; 11] = [
        Self::Lookup,
        Self::Read,
        Self::Write,
        Self::WriteSeen,
        Self::WriteDeleted,
        Self::Insert,
        Self::Post,
        Self::Expunge,
        Self::Create,
        Self::Delete,
        Self::Admin,
    ];

    /// doveadm's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Lookup => "lookup",
            Self::Read => "read",
            Self::Write => "write",
            Self::WriteSeen => "write-seen",
            Self::WriteDeleted => "write-deleted",
            Self::Insert => "insert",
            Self::Post => "post",
            Self::Expunge => "expunge",
            Self::Create => "create",
            Self::Delete => "delete",
            Self::Admin => "admin",
        }
    }

    /// A right by doveadm's name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// One entry of a folder's ACL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclEntry {
    /// Identifier, e.g. `user=bob@example.com`.
    pub id: String,
    /// From the global ACL file.
    pub global: bool,
    /// Rights granted.
    pub rights: Vec<MailboxRight>,
}

/// The ACL identifier of a user.
pub fn acl_user_id(address: &str) -> String {
    format!("user={address}")
}

/// Quota figures of a mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MailboxQuota {
    /// Bytes used.
    pub storage_used_bytes: i64,
    /// Byte limit (`None`: unlimited).
    pub storage_limit_bytes: Option<i64>,
    /// Messages stored.
    pub messages_used: i64,
    /// Message limit (`None`: unlimited).
    pub messages_limit: Option<i64>,
}

/// Decodes the MIME encoded-words (RFC 2047, `=?charset?B|Q?text?=`) of a
/// header value; whitespace between two encoded words is dropped, unknown
/// charsets and malformed words are left as written.
pub fn decode_mime_words(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    let mut pending_space = String::new();
    let mut last_was_word = false;
    while !rest.is_empty() {
        if let Some(start) = rest.find("=?") {
            let (before, from_word) = rest.split_at(start);
            match decode_word(from_word) {
                Some((text, used)) => {
                    let between_words = last_was_word && before.chars().all(char::is_whitespace);
                    if !between_words {
                        out.push_str(&pending_space);
                        out.push_str(before);
                    }
                    pending_space.clear();
                    out.push_str(&text);
                    rest = &from_word[used..];
                    last_was_word = true;
                    // Keep whitespace that follows, in case no word comes next.
                    let ws_len = rest.len() - rest.trim_start().len();
                    pending_space.push_str(&rest[..ws_len]);
                    rest = &rest[ws_len..];
                }
                None => {
                    out.push_str(&pending_space);
                    pending_space.clear();
                    out.push_str(before);
                    out.push_str("=?");
                    rest = &from_word[2..];
                    last_was_word = false;
                }
            }
        } else {
            out.push_str(&pending_space);
            pending_space.clear();
            out.push_str(rest);
            break;
        }
    }
    out.push_str(&pending_space);
    out
}

/// Decodes one encoded word at the start of `text`; returns the text and
/// how many bytes the word took.
fn decode_word(text: &str) -> Option<(String, usize)> {
    let body = text.strip_prefix("=?")?;
    let (charset, body) = body.split_once('?')?;
    let (encoding, body) = body.split_once('?')?;
    let end = body.find("?=")?;
    let payload = &body[..end];
    if payload.contains(char::is_whitespace) || charset.is_empty() {
        return None;
    }
    let used = 2 + charset.len() + 1 + encoding.len() + 1 + end + 2;
    let bytes = match encoding {
        "B" | "b" => base64::engine::general_purpose::STANDARD
            .decode(payload)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(payload.trim_end_matches('=')))
            .ok()?,
        "Q" | "q" => decode_q(payload)?,
        _ => return None,
    };
    // RFC 2231 language suffix: `utf-8*ru`.
    let charset = charset.split('*').next().unwrap_or(charset);
    let encoding = encoding_rs::Encoding::for_label(charset.as_bytes())?;
    let (decoded, _, _) = encoding.decode(&bytes);
    Some((decoded.into_owned(), used))
}

fn decode_q(payload: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(payload.len());
    let bytes = payload.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = payload.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    Some(out)
}

/// The addresses in an address header (`From`, `To`): inside angle
/// brackets, or bare `local@domain` words; lower-cased.
pub fn header_addresses(value: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else { break };
        let inner = rest[open + 1..open + close].trim();
        if inner.contains('@') {
            found.push(inner.to_lowercase());
        }
        rest = &rest[open + close + 1..];
    }
    if found.is_empty() {
        found.extend(
            value
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .map(|w| w.trim_matches(|c| c == '"' || c == '(' || c == ')'))
                .filter(|w| w.contains('@'))
                .map(str::to_lowercase),
        );
    }
    found
}

/// Whether a mail domain is valid syntax (for masks' literal domains).
pub fn is_domain(value: &str) -> bool {
    normalize_domain(value).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*", "anything@x.test"));
        assert!(glob_match("*@acme.test", "bob@acme.test"));
        assert!(!glob_match("*@acme.test", "bob@x.acme.test"));
        assert!(glob_match("user?@*", "user1@a.test"));
        assert!(!glob_match("user?@*", "user12@a.test"));
        assert!(glob_match("a*b*c", "aXXbYYc"));
        assert!(!glob_match("a*b*c", "aXXbYY"));
        assert!(glob_match("", ""));
        assert!(!glob_match("", "x"));
    }

    #[test]
    fn owner_masks() {
        let mask = OwnerMask::parse("*").unwrap();
        assert_eq!(mask.as_doveadm(), "*@*");
        assert_eq!(mask.literal_domain(), None);
        let domains: BTreeSet<String> = ["acme.test".to_owned(), "acme-mail.ru".to_owned()].into();
        assert_eq!(mask.within(&domains), ["*@acme-mail.ru", "*@acme.test"]);
        let mask = OwnerMask::parse("A?Min@Other.Test").unwrap();
        assert_eq!(mask.literal_domain(), Some("other.test"));
        assert!(mask.within(&domains).is_empty());
        assert_eq!(OwnerMask::parse("*@acme.*").unwrap().within(&domains), ["*@acme.test"]);
        assert!(OwnerMask::parse("ivan?@*").unwrap().matches("ivan1@x.test"));
        for bad in ["", "bob@acme.test", "*@", "@*", "a@b@*", "*@a b", "*;rm@*", "*@x\ny", "*/..@*"] {
            assert!(OwnerMask::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn mailbox_names() {
        assert_eq!(MailboxName::parse("inbox").unwrap().as_str(), "INBOX");
        assert_eq!(MailboxName::parse("Inbox/Sub").unwrap().as_str(), "INBOX/Sub");
        assert_eq!(MailboxName::parse("Архив/2024").unwrap().as_str(), "Архив/2024");
        assert_eq!(MailboxName::parse("Inboxes").unwrap().as_str(), "Inboxes");
        for bad in [
            "",
            "*",
            "INBOX*",
            "%",
            "a?",
            "../other",
            "a/../b",
            "a/./b",
            "/INBOX",
            "INBOX/",
            "a//b",
            "~root",
            "shared/bob@x.test/INBOX",
            "Shared",
            "a\nb",
            "a\0b",
            " ",
        ] {
            assert!(MailboxName::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(MailboxName::parse(&"x".repeat(256)).is_err());
    }

    #[test]
    fn queries() {
        let mut v = Violations::new();
        MailQuery::default().check(&mut v, "query");
        assert!(!v.is_empty(), "an empty query is refused");
        let mut v = Violations::new();
        let query = MailQuery {
            subject: Some("hello".into()),
            header: Some(HeaderMatch { name: "X-Spam-Flag".into(), value: String::new() }),
            ..Default::default()
        };
        query.check(&mut v, "query");
        assert!(v.is_empty());
        for bad in [
            MailQuery { subject: Some("  ".into()), ..Default::default() },
            MailQuery { body: Some("a\r\nb".into()), ..Default::default() },
            MailQuery {
                header: Some(HeaderMatch { name: "Bad Name".into(), value: "x".into() }),
                ..Default::default()
            },
            MailQuery { header: Some(HeaderMatch { name: "X:Y".into(), value: "x".into() }), ..Default::default() },
            MailQuery { message_id: Some("<a b@c>".into()), ..Default::default() },
            MailQuery { from: Some("x".repeat(MAX_QUERY_TEXT + 1)), ..Default::default() },
            MailQuery {
                since: Some(DateTime::from_timestamp(200, 0).unwrap()),
                before: Some(DateTime::from_timestamp(100, 0).unwrap()),
                ..Default::default()
            },
        ] {
            let mut v = Violations::new();
            bad.check(&mut v, "query");
            assert!(!v.is_empty(), "{bad:?} accepted");
        }
    }

    #[test]
    fn message_ids() {
        assert_eq!(normalize_message_id("abc@x.test").unwrap(), "<abc@x.test>");
        assert_eq!(normalize_message_id(" <abc@x.test> ").unwrap(), "<abc@x.test>");
        for bad in ["", "<>", "a b@c", "<a<b@c>", "é@x"] {
            assert!(normalize_message_id(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn mime_words() {
        assert_eq!(decode_mime_words("=?UTF-8?B?0J/RgNC40LLQtdGC?= hello"), "Привет hello");
        assert_eq!(decode_mime_words("=?utf-8?q?caf=C3=A9_au_lait?="), "café au lait");
        assert_eq!(decode_mime_words("=?UTF-8?B?0J/RgNC4?= =?UTF-8?B?0LLQtdGC?="), "Привет");
        assert_eq!(decode_mime_words("=?koi8-r?B?8NLJ18XU?="), "Привет");
        assert_eq!(decode_mime_words("=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?= x"), "Привет x");
        assert_eq!(decode_mime_words("plain =?bogus?B?AAAA?= text"), "plain =?bogus?B?AAAA?= text");
        assert_eq!(decode_mime_words("a =? b"), "a =? b");
        assert_eq!(decode_mime_words("=?UTF-8?B?0JjQstCw0L0=?= <ivan@x.test>"), "Иван <ivan@x.test>");
    }

    #[test]
    fn addresses_of_headers() {
        assert_eq!(header_addresses("Иван <Ivan@X.test>"), ["ivan@x.test"]);
        assert_eq!(header_addresses("ivan@x.test"), ["ivan@x.test"]);
        assert_eq!(header_addresses("\"A, B\" <a@x.test>, c@y.test"), ["a@x.test"]);
        assert!(header_addresses("undisclosed-recipients:;").is_empty());
    }

    #[test]
    fn owners_and_guids() {
        assert_eq!(normalize_owner("Bob@Acme.Test").unwrap(), "bob@acme.test");
        assert_eq!(normalize_owner("Иван@acme.test").unwrap(), "иван@acme.test");
        assert!(normalize_owner("*@acme.test").is_err());
        assert!(is_mailbox_guid("80ef2f2c8d120b6b8403000083ecc375"));
        assert!(!is_mailbox_guid("80ef2f2c8d120b6b8403000083ecc37"));
        assert!(!is_mailbox_guid("80ef2f2c8d120b6b8403000083ecc37g"));
    }
}
