//! Query text → `Query::parse`; a query that parses is compiled and matched against a small
//! document whose title and body are built from the same input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newswatch::query::{Document, Query, TopicMatcher};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(q) = Query::parse(src) else {
        return;
    };
    let matcher = TopicMatcher::new(vec![("t".into(), q)]);
    // Title: the query itself; body: a fixed paragraph, the query, and the query again in a
    // second paragraph, so phrase, NEAR/s and NEAR/p operators can hit.
    let title = src;
    let body = format!(
        "Hostage talks resumed in Doha on Monday. {src}\n\nThe White House said: \"{src}\" — {src}."
    );
    let doc = Document {
        title,
        body: &body,
        url: Some("https://www.example.org/2026/11/story"),
        feed: Some("Example Wire"),
        author: Some("Jane Doe"),
        language: Some("en"),
    };
    let field_len = |f: &str| -> usize {
        match f {
            "title" => title.chars().count(),
            "body" => body.chars().count(),
            "feed" => "Example Wire".chars().count(),
            "author" => "Jane Doe".chars().count(),
            other => panic!("unknown field {other:?}"),
        }
    };
    for m in matcher.matches(&doc) {
        for t in &m.terms {
            let len = field_len(&t.field);
            assert!(
                t.start <= t.end && t.end <= len,
                "term {:?} in {} at {}..{} (field has {} chars)",
                t.term,
                t.field,
                t.start,
                t.end,
                len
            );
        }
        let snip = m.snippet.chars().count();
        for &(a, b) in &m.highlights {
            assert!(
                a <= b && b <= snip,
                "highlight {a}..{b} outside snippet of {snip} chars"
            );
        }
    }
});
