//! The settings validators: any value for every declared key is normalized
//! or refused, and a normalized value validates to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else { return };
    for def in pbm::settings::keys::KEYS {
        if let Ok((_, normalized)) = pbm::settings::validate(def.key, value) {
            let again = pbm::settings::validate(def.key, &normalized).ok().map(|(_, v)| v);
            assert_eq!(again.as_deref(), Some(normalized.as_str()), "{}: {value:?}", def.key);
        }
    }
});
