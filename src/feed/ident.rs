//! Entry identity and text clean-up: the stable id every entry gets (so re-polls and restarts
//! never duplicate an entry), link normalization, and the plain-text cleaning of titles and
//! summaries (HTML entities feed-rs leaves literally, control characters, tags).

use url::Url;

/// FNV-1a 64: tiny, fast, and (unlike std's `DefaultHasher`) guaranteed stable across Rust
/// versions and processes, which ids persisted in a database need.
pub(super) fn fnv1a64(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            // A separator byte that cannot occur in text keeps ("ab","c") apart from ("a","bc").
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Query parameters that only track the reader; they make one article look like many.
fn is_tracking_param(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_")
        || matches!(
            k.as_str(),
            "fbclid"
                | "gclid"
                | "gclsrc"
                | "dclid"
                | "gbraid"
                | "wbraid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "yclid"
                | "igshid"
                | "_hsenc"
                | "_hsmi"
                | "mkt_tok"
                | "ref_src"
                | "_ga"
                | "_gl"
                | "oly_anon_id"
                | "oly_enc_id"
                | "vero_id"
                | "twclid"
                | "ttclid"
                | "li_fat_id"
        )
}

/// Normalizes a link for use as an identity: absolute http(s) URL, lowercase scheme and host,
/// no default port, no fragment, no tracking parameters. Other query parameters keep their
/// order and encoding, since servers may depend on both.
pub(super) fn normalize_link(link: &str) -> Option<String> {
    let mut url = Url::parse(link.trim()).ok()?;
    url.set_fragment(None);
    if let Some(q) = url.query() {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|pair| {
                let key = pair.split('=').next().unwrap_or("");
                !key.is_empty() && !is_tracking_param(key)
            })
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            let joined = kept.join("&");
            url.set_query(Some(&joined));
        }
    }
    // `Url` already lowercases scheme and host and drops a default port.
    Some(url.into())
}

/// Makes a link absolute against `base`; `None` when that is impossible.
pub(super) fn absolute_link(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    match Url::parse(href) {
        Ok(u) => Some(u.into()),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            base.and_then(|b| b.join(href).ok()).map(Into::into)
        }
        Err(_) => None,
    }
}

/// The stable id of an entry: its own guid/id, else its normalized link, else a hash of its
/// title and date (and, when it has neither, of its text).
pub(super) fn entry_id(
    source_id: &str,
    link: Option<&str>,
    title: Option<&str>,
    date: Option<&str>,
    text: Option<&str>,
) -> String {
    let source_id = source_id.trim();
    if !source_id.is_empty() {
        return source_id.to_owned();
    }
    if let Some(n) = link.and_then(normalize_link) {
        return n;
    }
    let title = title.unwrap_or("");
    let date = date.unwrap_or("");
    let text = if title.is_empty() && date.is_empty() {
        text.unwrap_or("")
    } else {
        ""
    };
    format!("h:{:016x}", fnv1a64(&[title, date, text]))
}

/// Elements whose end (or a `<br>`) separates words, so stripping tags must leave a space.
fn breaks_words(name: &str) -> bool {
    matches!(
        name,
        "br" | "p"
            | "div"
            | "li"
            | "tr"
            | "td"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "figure"
            | "figcaption"
            | "section"
            | "article"
    )
}

/// Removes tags, comments and `<script>`/`<style>` bodies in one pass (regex passes cost
/// more than the rest of the per-entry work). A `<` that does not start a tag is kept.
fn remove_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        out.push_str(rest.get(..lt).unwrap_or(""));
        let after = rest.get(lt..).unwrap_or("");
        let next = after.as_bytes().get(1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
            out.push('<');
            rest = after.get(1..).unwrap_or("");
            continue;
        }
        if let Some(body) = after.strip_prefix("<!--") {
            rest = body
                .find("-->")
                .and_then(|e| body.get(e + 3..))
                .unwrap_or("");
            continue;
        }
        let Some(end) = after.find('>') else {
            // An unterminated tag at the end: drop it rather than show half of it.
            rest = "";
            break;
        };
        let tag = after.get(1..end).unwrap_or("");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        rest = after.get(end + 1..).unwrap_or("");
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            // Case-insensitive search for the end tag, without copying the rest.
            let rb = rest.as_bytes();
            let end_at = memchr::memmem::find_iter(rb, b"</").find(|p| {
                rb.get(p + 2..p + 2 + name.len())
                    .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            });
            rest = end_at
                .and_then(|p| rest.get(p..))
                .and_then(|r| r.find('>').and_then(|e| r.get(e + 1..)))
                .unwrap_or("");
            continue;
        }
        if breaks_words(&name) {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

/// Whether `s` may hold an entity reference (`&` followed by a name or `#`).
fn may_have_entity(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b'&', b).any(|i| {
        b.get(i + 1)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'#')
    })
}

/// A cleaned text field and what cleaning it took, so repairs can be reported.
#[derive(Debug, Default)]
pub(super) struct Cleaned {
    pub text: Option<String>,
    pub decoded_entities: bool,
    pub removed_controls: bool,
}

/// Cleans a text field for display: optionally strips tags, decodes HTML entities (twice at
/// most, since double-escaped `&amp;amp;` is common), removes control characters and collapses
/// whitespace.
pub(super) fn clean_text(raw: &str, strip_tags: bool) -> Cleaned {
    let mut s: std::borrow::Cow<'_, str> = raw.into();
    if strip_tags && s.contains('<') {
        s = remove_tags(&s).into();
    }
    let mut decoded_entities = false;
    for _ in 0..2 {
        if !may_have_entity(&s) {
            break;
        }
        let u = htmlize::unescape(s.as_ref());
        if u == s {
            break;
        }
        decoded_entities = true;
        s = u.into_owned().into();
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut removed_controls = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            pending_space = !out.is_empty();
        } else if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}' | '\u{feff}') {
            removed_controls = true;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    Cleaned {
        text: (!out.is_empty()).then_some(out),
        decoded_entities,
        removed_controls,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_reference_vector() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a64(&["ab", "c"]), fnv1a64(&["a", "bc"]));
    }

    #[test]
    fn links_are_normalized() {
        assert_eq!(
            normalize_link("HTTPS://Example.COM:443/a/b?utm_source=x&id=7&fbclid=z#top").as_deref(),
            Some("https://example.com/a/b?id=7")
        );
        assert_eq!(
            normalize_link("http://example.com:80/?utm_medium=rss").as_deref(),
            Some("http://example.com/")
        );
        assert_eq!(normalize_link("/relative"), None);
    }

    #[test]
    fn id_prefers_guid_then_link_then_hash() {
        assert_eq!(entry_id(" g1 ", Some("http://x/"), None, None, None), "g1");
        assert_eq!(
            entry_id("", Some("http://X/#a"), None, None, None),
            "http://x/"
        );
        let a = entry_id("", None, Some("T"), Some("2026-01-01T00:00:00Z"), None);
        let b = entry_id("", None, Some("T"), Some("2026-01-01T00:00:00Z"), None);
        assert_eq!(a, b);
        assert!(a.starts_with("h:"));
        assert_ne!(
            a,
            entry_id("", None, Some("T2"), Some("2026-01-01T00:00:00Z"), None)
        );
    }

    #[test]
    fn entities_tags_and_controls_are_cleaned() {
        assert_eq!(
            clean_text("Tom&nbsp;&amp;amp; Jerry&rsquo;s\u{1}  show ", false)
                .text
                .as_deref(),
            Some("Tom & Jerry’s show")
        );
        assert_eq!(
            clean_text("<p>One<br>two</p><script>x()</script>", true)
                .text
                .as_deref(),
            Some("One two")
        );
        let c = clean_text(" \u{3} ", false);
        assert_eq!(c.text, None);
        assert!(c.removed_controls);
    }
}
