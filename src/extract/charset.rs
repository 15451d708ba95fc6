//! Turning fetched bytes into UTF-8 text before extraction.
//!
//! Follows the WHATWG encoding-sniffing order: byte-order mark, the HTTP `Content-Type` charset,
//! a `<meta charset>` / `http-equiv` prescan of the first 1024 bytes, then a statistical guess
//! (chardetng). Decoding never fails: malformed sequences become U+FFFD.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// How many bytes the `<meta>` prescan looks at (the WHATWG figure).
const PRESCAN_BYTES: usize = 1024;
/// How many bytes chardetng sees; enough for a confident guess without scanning huge pages.
const DETECT_BYTES: usize = 64 * 1024;

static META_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)<meta\b[^>]*>").unwrap_or_else(|_| unreachable!("static regex"))
});
static CHARSET_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)\bcharset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)"#)
        .unwrap_or_else(|_| unreachable!("static regex"))
});
static HTTP_EQUIV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)http-equiv\s*=\s*["']?\s*content-type"#)
        .unwrap_or_else(|_| unreachable!("static regex"))
});
static CHARSET_META_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)(?:^|[\s"'/])charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)"#)
        .unwrap_or_else(|_| unreachable!("static regex"))
});

/// Decodes an HTML document to UTF-8, choosing the encoding in WHATWG order. Never fails.
pub fn decode_html(bytes: &[u8], http_content_type: Option<&str>) -> String {
    let encoding = sniff_encoding(bytes, http_content_type);
    // `decode` re-checks the BOM and strips it, which is the WHATWG behaviour as the BOM wins.
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

/// Picks the encoding of `bytes` without decoding them.
pub fn sniff_encoding(bytes: &[u8], http_content_type: Option<&str>) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if let Some(enc) = http_content_type.and_then(charset_from_content_type) {
        return html_override(enc);
    }
    if let Some(enc) = prescan_meta(bytes.get(..PRESCAN_BYTES).unwrap_or(bytes)) {
        return html_override(enc);
    }
    // Valid UTF-8 is by far the common case and cheaper to confirm than to guess.
    let head = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    match std::str::from_utf8(head) {
        Ok(_) => return UTF_8,
        // A multi-byte sequence cut at the window edge is still UTF-8.
        Err(e) if e.error_len().is_none() && head.len() < bytes.len() => return UTF_8,
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(head, head.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// The charset parameter of a `Content-Type` header value, if it names a known encoding.
fn charset_from_content_type(value: &str) -> Option<&'static Encoding> {
    let caps = CHARSET_ATTR.captures(value.as_bytes())?;
    Encoding::for_label(caps.get(1)?.as_bytes())
}

/// WHATWG overrides for labels found in HTML: a declared UTF-16 means the bytes are ASCII
/// compatible after all, and x-user-defined is treated as windows-1252.
fn html_override(enc: &'static Encoding) -> &'static Encoding {
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        UTF_8
    } else if enc == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        enc
    }
}

/// A simplified prescan: `<meta charset=…>` or `<meta http-equiv=content-type content="…charset=…">`.
fn prescan_meta(head: &[u8]) -> Option<&'static Encoding> {
    for tag in META_TAG.find_iter(head) {
        let tag = tag.as_bytes();
        if HTTP_EQUIV.is_match(tag) {
            if let Some(enc) = CHARSET_ATTR
                .captures(tag)
                .and_then(|c| c.get(1))
                .and_then(|m| Encoding::for_label(m.as_bytes()))
            {
                return Some(enc);
            }
        } else if let Some(enc) = CHARSET_META_ATTR
            .captures(tag)
            .and_then(|c| c.get(1))
            .and_then(|m| Encoding::for_label(m.as_bytes()))
        {
            return Some(enc);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_header_and_meta() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=\"iso-8859-1\"><p>café</p>".as_bytes());
        let text = decode_html(&bytes, Some("text/html; charset=windows-1252"));
        assert!(text.contains("café"));
        assert!(!text.starts_with('\u{feff}'));
    }

    #[test]
    fn http_header_charset_is_used() {
        let bytes = b"<html><p>caf\xe9</p></html>";
        let text = decode_html(bytes, Some("text/html; charset=ISO-8859-1"));
        assert!(text.contains("café"));
    }

    #[test]
    fn meta_charset_is_used() {
        let bytes = b"<html><head><meta charset='windows-1252'></head><p>\x93quoted\x94</p>";
        let text = decode_html(bytes, None);
        assert!(text.contains("\u{201c}quoted\u{201d}"));
    }

    #[test]
    fn meta_http_equiv_is_used() {
        let mut bytes =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>"
                .to_vec();
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("日本語のニュース");
        bytes.extend_from_slice(&sjis);
        let text = decode_html(&bytes, None);
        assert!(text.contains("日本語のニュース"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_guessed() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("<p>Le café était très réputé à Genève, où l'été dernier déjà…</p>");
        let text = decode_html(&bytes, None);
        assert!(text.contains("café était très"));
    }

    #[test]
    fn declared_utf16_in_meta_means_utf8() {
        let text = decode_html("<meta charset=utf-16><p>naïve</p>".as_bytes(), None);
        assert!(text.contains("naïve"));
    }

    #[test]
    fn invalid_bytes_never_fail() {
        let text = decode_html(
            &[0xff, 0xfe, 0xfd, 0x00, 0xc3],
            Some("text/html; charset=utf-8"),
        );
        assert!(!text.is_empty());
    }
}
