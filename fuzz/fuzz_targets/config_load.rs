//! TOML text → `Config::parse`; must not panic (errors are fine).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newswatch::config::Config;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = Config::parse(std::path::Path::new("fuzz.toml"), s);
    }
});
