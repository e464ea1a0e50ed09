//! The `/v2` body decoders: a form or JSON object (chosen by the first
//! byte, as the content type would), and JSON-Patch (with the guide's typo
//! tolerated): any bytes give fields or a legacy error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pbm::rest::input::{Fields, parse_patch};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let content_type = match selector % 3 {
        0 => "application/x-www-form-urlencoded",
        1 => "application/json",
        _ => "application/json-patch+json",
    };
    let mut headers = http::HeaderMap::new();
    headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(content_type));
    if let Ok(fields) = Fields::parse(&headers, body) {
        for (name, _) in &fields.0 {
            let _ = fields.text(name);
        }
    }
    let _ = parse_patch(body);
});
