//! Article text → `QuoteExtractor::extract`; checks the code-point offset contract.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newswatch::quotes::{QuoteExtractor, split_paragraphs};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let quotes = QuoteExtractor::new().extract(&text);
    if quotes.is_empty() {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    let n_paras = split_paragraphs(&text).len();
    for q in &quotes {
        assert!(
            q.start <= q.end && q.end <= chars.len(),
            "quote offsets {}..{} out of 0..{}",
            q.start,
            q.end,
            chars.len()
        );
        let slice: String = chars[q.start..q.end].iter().collect();
        assert_eq!(
            q.text, slice,
            "quote text differs from input[{}..{}]",
            q.start, q.end
        );
        assert!(
            q.paragraph < n_paras,
            "paragraph index {} >= {} paragraphs",
            q.paragraph,
            n_paras
        );
    }
});
