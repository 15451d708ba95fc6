//! Feed autodiscovery: when an operator (or a redirect) gives us an HTML page instead of a
//! feed, the page's `<link rel="alternate" type="application/rss+xml">` elements name the
//! feeds it offers. They are returned so the caller can report or follow them.

use std::sync::LazyLock;

use regex::Regex;
use url::Url;

static HTML_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<(?:!doctype\s+html|html|head|body|meta|title)[\s>]")
        .expect("static regex is valid")
});
static LINK_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<link\b[^>]*>").expect("static regex is valid"));
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)([a-z][a-z0-9_:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
        .expect("static regex is valid")
});

/// Whether the document looks like an HTML page (judged on its head only).
pub(super) fn looks_like_html(text: &str) -> bool {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    HTML_MARKER.is_match(text.get(..end).unwrap_or(""))
}

/// The feeds an HTML page advertises, absolute when `base` is known, in page order, deduplicated.
pub(super) fn alternates(html: &str, base: Option<&Url>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in LINK_TAG.find_iter(html).take(1000) {
        let mut rel = None;
        let mut ty = None;
        let mut href = None;
        for c in ATTR.captures_iter(tag.as_str()) {
            let name = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
            let value = c
                .get(2)
                .or_else(|| c.get(3))
                .or_else(|| c.get(4))
                .map_or("", |m| m.as_str());
            match name.as_str() {
                "rel" => rel = Some(value.to_ascii_lowercase()),
                "type" => ty = Some(value.trim().to_ascii_lowercase()),
                "href" => href = Some(htmlize::unescape(value).trim().to_owned()),
                _ => {}
            }
        }
        let is_alt = rel
            .as_deref()
            .is_some_and(|r| r.split_ascii_whitespace().any(|t| t == "alternate"));
        let is_feed_type = ty.as_deref().is_some_and(|t| {
            matches!(
                t.split(';').next().unwrap_or("").trim(),
                "application/rss+xml"
                    | "application/atom+xml"
                    | "application/feed+json"
                    | "application/rdf+xml"
                    | "application/json"
            )
        });
        let Some(href) = href.filter(|h| !h.is_empty()) else {
            continue;
        };
        if !(is_alt && is_feed_type) {
            continue;
        }
        let resolved = match base {
            Some(b) => b.join(&href).map(String::from).unwrap_or(href),
            None => href,
        };
        if !out.contains(&resolved) {
            out.push(resolved);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternates_are_found_and_resolved() {
        let html = r#"<!DOCTYPE html><html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml">
            <LINK REL='alternate' TYPE='application/atom+xml' HREF='https://other.example/atom?a=1&amp;b=2'>
            <link rel="alternate" hreflang="fr" href="/fr/">
            <link rel="alternate" type="application/feed+json" href="/feed.json"/>
            </head><body></body></html>"#;
        let base = Url::parse("https://site.example/blog/post").ok();
        assert!(looks_like_html(html));
        assert_eq!(
            alternates(html, base.as_ref()),
            vec![
                "https://site.example/feed.xml",
                "https://other.example/atom?a=1&b=2",
                "https://site.example/feed.json"
            ]
        );
    }
}
