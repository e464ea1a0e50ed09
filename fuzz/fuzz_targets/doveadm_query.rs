//! The doveadm search query builder: whatever a caller puts in a mail query
//! and a folder name, the arguments are either refused or free of a search
//! key smuggled in through a value (every value is one argument).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pbm::domain::mail::{HeaderMatch, MailQuery, MailboxName};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split('\u{1}').map(str::to_owned);
    let mut next = || parts.next().filter(|s| !s.is_empty());
    let mailbox = next();
    let query = MailQuery {
        subject: next(),
        header: next().map(|name| HeaderMatch { name, value: parts_value(&mut next) }),
        from: next(),
        to: next(),
        body: next(),
        message_id: next(),
        since: None,
        before: None,
        seen: None,
    };
    let mailbox = mailbox.and_then(|m| MailboxName::parse(&m).ok());
    if let Ok(args) = pbm::mail::doveadm::search_args(mailbox.as_ref(), &query) {
        assert!(!args.is_empty());
    }
});

fn parts_value(next: &mut impl FnMut() -> Option<String>) -> String {
    next().unwrap_or_default()
}
