//! A byte-level pass that slims the HTML before the parser sees it: it empties `<script>`,
//! `<style>`, `<svg>`, `<noscript>` and `<template>` elements, drops comments, and drops the
//! attributes the extractor never reads (`data-*`, `srcset`, `onclick`, …).
//!
//! On news pages about half the bytes are inline scripts and styles and a third of the rest is
//! attributes; html5ever tokenises all of it character by character. Slimming here roughly
//! halves parse time. JSON-LD scripts are kept whole because metadata and `articleBody` come
//! from them. The pass is linear and never fails on malformed input: anything it does not
//! recognise is copied unchanged for the real parser to judge.

use memchr::{memchr, memmem};

/// Returns `html` with raw-text elements emptied; the tags themselves are kept.
pub(crate) fn prestrip(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut pos = 0usize;
    let mut copied = 0usize;
    // Approximate nesting depth: start tags minus end tags of elements that nest.
    let mut depth = 0usize;
    let mut scratch = String::new();
    while let Some(off) = bytes.get(pos..).and_then(|b| memchr(b'<', b)) {
        let lt = pos + off;
        let rest = bytes.get(lt..).unwrap_or(&[]);
        if rest.starts_with(b"<!--") {
            let end = memmem::find(rest.get(4..).unwrap_or(&[]), b"-->")
                .map(|e| lt + 4 + e + 3)
                .unwrap_or(bytes.len());
            push(&mut out, html, copied, lt);
            copied = end;
            pos = end;
            continue;
        }
        let name = raw_text_name(rest);
        let Some(name) = name else {
            if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
                push(&mut out, html, copied, lt);
                let tag = tag_name(rest.get(1..).unwrap_or(&[]));
                let nests = nests(tag);
                if nests {
                    depth += 1;
                }
                let end = if nests && depth > MAX_DEPTH {
                    // Too deep: the tag is dropped (its text stays) so the parser's per-element
                    // scope checks, linear in depth, stay cheap.
                    scratch.clear();
                    rewrite_tag(html, lt, &mut scratch)
                } else {
                    rewrite_tag(html, lt, &mut out)
                };
                copied = end;
                pos = end;
            } else if rest.get(1) == Some(&b'/') && rest.get(2).is_some_and(u8::is_ascii_alphabetic)
            {
                let tag = tag_name(rest.get(2..).unwrap_or(&[]));
                let end = memchr(b'>', rest)
                    .map(|g| lt + g + 1)
                    .unwrap_or(bytes.len());
                if nests(tag) {
                    if depth > MAX_DEPTH {
                        push(&mut out, html, copied, lt);
                        copied = end;
                    }
                    depth = depth.saturating_sub(1);
                }
                pos = end;
            } else {
                pos = lt + 1;
            }
            continue;
        };
        // End of the opening tag. Attribute values may contain '>' in theory; for script/style
        // this is rare and the worst case is a slightly shorter emptied range.
        let Some(gt) = memchr(b'>', rest) else { break };
        let open_end = lt + gt + 1;
        let open_tag = bytes.get(lt..open_end).unwrap_or(&[]);
        if name == "script" && contains_ignore_case(open_tag, b"ld+json") {
            pos = open_end;
            continue;
        }
        let close = find_close(bytes, open_end, name.as_bytes());
        push(&mut out, html, copied, open_end);
        copied = close;
        pos = close.max(open_end);
    }
    push(&mut out, html, copied, bytes.len());
    out
}

fn push(out: &mut String, html: &str, from: usize, to: usize) {
    if let Some(s) = html.get(from..to) {
        out.push_str(s);
    }
}

/// Nesting kept; deeper start tags are dropped. Real pages stay far below it.
const MAX_DEPTH: usize = 512;

fn tag_name(after_lt: &[u8]) -> &[u8] {
    let end = after_lt
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
        .unwrap_or(after_lt.len());
    after_lt.get(..end).unwrap_or(&[])
}

/// Whether a start tag opens an element that stays open until its end tag: not a void element
/// and not one the parser closes implicitly (`<p>`, `<li>`, table parts…).
fn nests(name: &[u8]) -> bool {
    const FLAT: [&[u8]; 30] = [
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"source",
        b"track",
        b"wbr",
        b"param",
        b"keygen",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"option",
        b"optgroup",
        b"tr",
        b"td",
        b"th",
        b"thead",
        b"tbody",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"html",
    ];
    !FLAT.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// Attributes some part of the extractor reads; every other attribute is dropped.
fn is_kept_attr(name: &[u8]) -> bool {
    const KEPT: [&[u8]; 16] = [
        b"class",
        b"id",
        b"style",
        b"hidden",
        b"rel",
        b"href",
        b"lang",
        b"xml:lang",
        b"content",
        b"name",
        b"property",
        b"itemprop",
        b"http-equiv",
        b"datetime",
        b"type",
        b"charset",
    ];
    KEPT.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// Copies the start tag at `lt` into `out` without unused attributes; returns where it ends.
/// Follows the HTML tokenizer's rules for names and quoted/unquoted values.
fn rewrite_tag(html: &str, lt: usize, out: &mut String) -> usize {
    let b = html.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let mut i = lt + 1;
    while at(i).is_some_and(|c| !c.is_ascii_whitespace() && c != b'/' && c != b'>') {
        i += 1;
    }
    let Some(name) = html.get(lt..i) else {
        return lt;
    };
    out.push_str(name);
    loop {
        while at(i).is_some_and(|c| c.is_ascii_whitespace() || c == b'/') {
            i += 1;
        }
        match at(i) {
            None => return b.len(),
            Some(b'>') => {
                // A self-closing slash only matters for foreign elements, which are emptied.
                out.push('>');
                return i + 1;
            }
            Some(_) => {}
        }
        let name_start = i;
        i += 1;
        while at(i).is_some_and(|c| !c.is_ascii_whitespace() && c != b'/' && c != b'>' && c != b'=')
        {
            i += 1;
        }
        let name_end = i;
        let mut j = i;
        while at(j).is_some_and(|c| c.is_ascii_whitespace()) {
            j += 1;
        }
        if at(j) == Some(b'=') {
            j += 1;
            while at(j).is_some_and(|c| c.is_ascii_whitespace()) {
                j += 1;
            }
            match at(j) {
                Some(q @ (b'"' | b'\'')) => {
                    j = b
                        .get(j + 1..)
                        .and_then(|r| memchr(q, r))
                        .map(|e| j + 1 + e + 1)
                        .unwrap_or(b.len());
                }
                _ => {
                    while at(j).is_some_and(|c| !c.is_ascii_whitespace() && c != b'>') {
                        j += 1;
                    }
                }
            }
            i = j;
        }
        let attr_name = b.get(name_start..name_end).unwrap_or(&[]);
        if is_kept_attr(attr_name)
            && let Some(attr) = html.get(name_start..i)
        {
            out.push(' ');
            out.push_str(attr);
        }
    }
}

/// "script", "style" or "svg" when `rest` opens that element.
fn raw_text_name(rest: &[u8]) -> Option<&'static str> {
    for name in ["script", "style", "svg", "noscript", "template"] {
        let n = name.len();
        if rest.len() > n + 1
            && rest
                .get(1..=n)
                .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
            && rest
                .get(n + 1)
                .is_some_and(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())
        {
            return Some(name);
        }
    }
    None
}

/// Index of the `</name` that closes the element (or the end of input).
fn find_close(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(off) = bytes.get(at..).and_then(|b| memmem::find(b, b"</")) {
        let lt = at + off;
        let n = name.len();
        if bytes
            .get(lt + 2..lt + 2 + n)
            .is_some_and(|b| b.eq_ignore_ascii_case(name))
            && bytes
                .get(lt + 2 + n)
                .is_none_or(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())
        {
            return lt;
        }
        at = lt + 2;
    }
    bytes.len()
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empties_scripts_styles_and_comments() {
        let html =
            "<p>a</p><script>var x = '<p>no</p>';</script><STYLE>p{}</STYLE><!-- c --><p>b</p>";
        assert_eq!(
            prestrip(html),
            "<p>a</p><script></script><STYLE></STYLE><p>b</p>"
        );
    }

    #[test]
    fn drops_unused_attributes_only() {
        let html = r#"<div data-x="a>b" class='c' onclick=go()><a href="/x" data-y=1 rel=author>t</a><br/><img src=x srcset="a 1x"></div>"#;
        assert_eq!(
            prestrip(html),
            r#"<div class='c'><a href="/x" rel=author>t</a><br><img></div>"#
        );
    }

    #[test]
    fn caps_nesting_depth_but_keeps_text() {
        let html = format!(
            "{}deep text{}",
            "<div>".repeat(MAX_DEPTH + 100),
            "</div>".repeat(MAX_DEPTH + 100)
        );
        let out = prestrip(&html);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("deep text"));
        // Implicitly closed tags do not count towards the depth.
        let flat = "<p>x".repeat(2 * MAX_DEPTH);
        assert_eq!(prestrip(&flat), flat);
    }

    #[test]
    fn keeps_json_ld() {
        let html = r#"<script type="application/ld+json">{"a":1}</script>"#;
        assert_eq!(prestrip(html), html);
    }

    #[test]
    fn unterminated_constructs_do_not_panic() {
        for html in [
            "<script>abc",
            "<!-- abc",
            "<style",
            "<svg><path>",
            "<scriptx>ok</scriptx>",
            "<",
            "é<script>ü",
        ] {
            let out = prestrip(html);
            assert!(out.len() <= html.len());
        }
        assert_eq!(prestrip("<scriptx>ok</scriptx>"), "<scriptx>ok</scriptx>");
    }
}
