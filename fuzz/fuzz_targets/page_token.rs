//! Page tokens come back from clients: any text decodes to a cursor of the
//! same list or an error, and a token pbm made decodes to what it encoded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pbm::domain::page_token::{decode, encode, fingerprint};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let list = fingerprint(&["tenant", "users", "mail"]);
    if let Ok(cursor) = decode(text, &list) {
        let again = encode(&cursor, &list);
        assert_eq!(decode(&again, &list).ok(), Some(cursor), "a re-encoded cursor decodes to itself");
        assert!(decode(&again, &fingerprint(&["another list"])).is_err(), "a token works on its own list only");
    }
});
