//! Feed bytes as served → `parse_feed`. The first byte picks the Content-Type header, so the
//! charset paths (header-declared UTF-16 / windows-1252, sniffed) are all reached; the whole
//! input, first byte included, is also parsed without a header.
//!
//! `parse_feed` deliberately catches panics of the feed-rs/quick-xml stack (`catch_unwind` per
//! parse attempt), but libfuzzer-sys' panic hook aborts on *every* panic, caught or not. By
//! default this target therefore installs a quiet hook and only fails when a panic escapes
//! `parse_feed` (a newswatch bug: its "never panics" contract is broken). Set
//! `NW_FUZZ_STRICT_PANICS=1` to keep libfuzzer-sys' hook and report caught dependency panics
//! too (each one also prints a panic message on the daemon's stderr and wastes a parse attempt).
#![no_main]

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use libfuzzer_sys::fuzz_target;
use newswatch::feed::{MAX_ENTRIES, ParsedFeed, parse_feed};

const CONTENT_TYPES: [Option<&str>; 6] = [
    None,
    Some("text/xml; charset=utf-16"),
    Some("application/rss+xml; charset=windows-1252"),
    Some("application/atom+xml"),
    Some("application/feed+json; charset=utf-8"),
    Some("text/html; charset=iso-8859-1"),
];

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn check(feed: &ParsedFeed) {
    assert!(
        feed.entries.len() <= MAX_ENTRIES,
        "{} entries > MAX_ENTRIES",
        feed.entries.len()
    );
}

fn run(data: &[u8]) {
    check(&parse_feed(data, None, Some("https://example.org/feed")));
    if let Some((&selector, rest)) = data.split_first() {
        let ct = CONTENT_TYPES[selector as usize % CONTENT_TYPES.len()];
        check(&parse_feed(rest, ct, Some("https://example.org/feed")));
    }
}

fuzz_target!(
    init: {
        if std::env::var_os("NW_FUZZ_STRICT_PANICS").is_none() {
            std::panic::set_hook(Box::new(|info| {
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
            }));
        }
    },
    |data: &[u8]| {
        if catch_unwind(AssertUnwindSafe(|| run(data))).is_err() {
            let msg = LAST_PANIC.with(|p| p.borrow_mut().take());
            eprintln!("panic escaped parse_feed: {}", msg.as_deref().unwrap_or("(message lost)"));
            std::process::abort();
        }
    }
);
