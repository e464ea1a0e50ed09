//! The LDIF reader (`pbm import`, backups of LDAP stores): any bytes give
//! entries or an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = pbm::ldif::LdifReader::new(data);
    // Each entry consumes input, so this ends; the bound is a guard.
    for _ in 0..10_000 {
        match reader.next_entry() {
            Ok(Some(entry)) => {
                for value in &entry.values {
                    let _ = (value.name(), value.text());
                }
            }
            Ok(None) | Err(_) => break,
        }
    }
});
