//! Web-domain certificates: any key and chain text (split at the first NUL)
//! is checked into a pair or a list of problems, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (key, chain) = text.split_once('\0').unwrap_or((text, text));
    let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    let _ = pbm::domain::certificate::check_pair("mail.example.com", key, chain, now);
});
