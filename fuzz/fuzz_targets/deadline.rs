#![no_main]
//! The deadline-wording parser must never panic on any text.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        plan::load::fuzz::deadline(text);
    }
});
