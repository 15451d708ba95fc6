//! Page bytes → `decode_html` → `ArticleExtractor::extract`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newswatch::extract::{ArticleExtractor, decode_html};

fuzz_target!(|data: &[u8]| {
    let html = decode_html(data, None);
    let article = ArticleExtractor::new().extract(&html, None);
    for (i, p) in article.paragraphs.iter().enumerate() {
        assert!(!p.contains('\n'), "paragraph {i} contains a newline: {p:?}");
    }
});
