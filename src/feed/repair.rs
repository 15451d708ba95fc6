//! A tolerant re-serializer that turns the broken XML feeds of the real web into well-formed
//! XML feed-rs can read. It only runs after a plain parse failed (or came back empty while the
//! document has items), so clean feeds never pay for it.
//!
//! One linear pass over the text, with an element stack:
//! - everything before the root element (PHP warnings, `<br />`, an `<html><body>` wrapper) and
//!   after it is dropped; the root gets a usable `version` and namespace;
//! - feed *leaf* elements (`title`, `description`, `link`, ...) are read as raw text up to their
//!   close tag or the next feed element, so a missing `</title>` or an unescaped `<br>` in a
//!   description cannot swallow the rest of the feed: raw markup is wrapped in CDATA, bare `&`
//!   and `<` are escaped, control characters dropped;
//! - container elements are closed when their parent closes, a new `<item>` closes an open one,
//!   stray end tags are dropped, and a truncated document is closed, minus its partial entry
//!   (whose cut-off link or title would otherwise become a wrong, unstable identity);
//! - old namespaces (Atom 0.3, RSS 0.90) are mapped to the ones feed-rs reads, bogus RSS 2.0
//!   default namespaces removed, Atom `type` attributes feed-rs refuses replaced.

use std::fmt::Write as _;

use memchr::{memchr, memmem};

/// The kind of feed, from its root element; it decides which elements are leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RootKind {
    Rss,
    Rdf,
    Atom,
}

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const ATOM03_NS: &str = "http://purl.org/atom/ns#";
const RSS1_NS: &str = "http://purl.org/rss/1.0/";
const RSS090_NS: &str = "http://my.netscape.com/rdf/simple/0.9/";

/// What the repair pass did, counted so that each kind of repair is reported once.
#[derive(Debug, Default)]
struct Log {
    prefix_bytes: usize,
    html_wrapper: bool,
    version: Option<String>,
    bogus_ns: Vec<String>,
    atom03: bool,
    rss090: bool,
    ns_spelling: bool,
    bare_amp: usize,
    bare_lt: usize,
    control: usize,
    cdata_wrapped: usize,
    missing_close: usize,
    stray_close: usize,
    void_closed: usize,
    atom_types: Vec<String>,
    empty_dropped: usize,
    truncated: bool,
    partial_entry: bool,
    closed_at_end: usize,
    too_deep: usize,
    added_channel: bool,
}

impl Log {
    fn into_repairs(self) -> Vec<String> {
        let mut r = Vec::new();
        if self.html_wrapper {
            r.push("unwrapped the feed from an HTML page".to_owned());
        } else if self.prefix_bytes > 0 {
            r.push(format!(
                "removed {} bytes before the root element",
                self.prefix_bytes
            ));
        }
        if let Some(v) = self.version {
            r.push(v);
        }
        if self.added_channel {
            r.push("added the missing <channel> around RSS items".to_owned());
        }
        for ns in self.bogus_ns {
            r.push(format!("removed bogus RSS default namespace {ns}"));
        }
        if self.atom03 {
            r.push("mapped the Atom 0.3 namespace to Atom 1.0".to_owned());
        }
        if self.rss090 {
            r.push("mapped the RSS 0.90 namespace to RSS 1.0".to_owned());
        }
        if self.ns_spelling {
            r.push("corrected the spelling of a feed namespace".to_owned());
        }
        for t in self.atom_types {
            r.push(t);
        }
        let counts = [
            (self.bare_amp, "escaped bare '&'"),
            (self.bare_lt, "escaped bare '<'"),
            (self.control, "removed control characters"),
            (self.cdata_wrapped, "wrapped unescaped HTML in CDATA"),
            (self.void_closed, "self-closed unclosed empty elements"),
            (self.missing_close, "closed elements missing their end tag"),
            (self.stray_close, "dropped stray end tags"),
            (self.empty_dropped, "dropped empty Atom text elements"),
            (self.too_deep, "dropped elements nested too deeply"),
        ];
        for (n, what) in counts {
            if n > 0 {
                r.push(format!("{what} ({n}x)"));
            }
        }
        if self.truncated {
            r.push("closed a truncated document".to_owned());
        } else if self.closed_at_end > 0 {
            r.push(format!(
                "closed {} elements left open at the end",
                self.closed_at_end
            ));
        }
        if self.partial_entry {
            r.push("dropped the incomplete last entry of a truncated document".to_owned());
        }
        r
    }
}

/// One parsed tag (`<name a="b">`, `<name/>` or `</name>`), borrowed from the input.
#[derive(Debug)]
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, Option<&'a str>)>,
    self_closing: bool,
    is_end: bool,
    /// Index just past the closing `>`.
    end: usize,
}

enum TagParse<'a> {
    Tag(Tag<'a>),
    /// Not a tag: the `<` is a bare less-than sign in text.
    Broken,
    /// The input ends inside the tag.
    Eof,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

fn is_name_end(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'>' | b'/' | b'<' | b'=' | b'"' | b'\'')
}

fn parse_tag(s: &str, lt: usize) -> TagParse<'_> {
    let b = s.as_bytes();
    let mut i = lt + 1;
    let is_end = b.get(i) == Some(&b'/');
    if is_end {
        i += 1;
    }
    match b.get(i) {
        None => return TagParse::Eof,
        Some(c) if !is_name_start(*c) => return TagParse::Broken,
        _ => {}
    }
    let name_start = i;
    while b.get(i).is_some_and(|c| !is_name_end(*c)) {
        i += 1;
    }
    let Some(name) = s.get(name_start..i) else {
        return TagParse::Broken;
    };
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match b.get(i) {
            None => return TagParse::Eof,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                self_closing = !is_end;
                i += 2;
                break;
            }
            Some(b'<') => return TagParse::Broken,
            Some(c) if is_end || !is_name_start(*c) => {
                // Junk inside the tag (`</a x>`, `<a / b>`, `<a "x">`): skip it.
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let an_start = i;
        while b.get(i).is_some_and(|c| !is_name_end(*c)) {
            i += 1;
        }
        let Some(attr_name) = s.get(an_start..i) else {
            return TagParse::Broken;
        };
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            attrs.push((attr_name, None));
            continue;
        }
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match b.get(i) {
            None => return TagParse::Eof,
            Some(q @ (b'"' | b'\'')) => {
                // A quoted value never contains a raw '<' in XML; stopping there keeps every
                // tag scan within the distance to the next '<', so repair stays linear.
                let found = b.get(i + 1..).and_then(|r| memchr::memchr2(*q, b'<', r));
                let Some(rel) = found else {
                    return TagParse::Eof;
                };
                if b.get(i + 1 + rel) == Some(&b'<') {
                    return TagParse::Broken;
                }
                let Some(value) = s.get(i + 1..i + 1 + rel) else {
                    return TagParse::Broken;
                };
                attrs.push((attr_name, Some(value)));
                i += rel + 2;
            }
            Some(_) => {
                let v_start = i;
                while b
                    .get(i)
                    .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>' && *c != b'<')
                {
                    i += 1;
                }
                let mut v_end = i;
                if b.get(i) == Some(&b'>') && v_end > v_start && b.get(v_end - 1) == Some(&b'/') {
                    v_end -= 1;
                    self_closing = true;
                }
                let Some(value) = s.get(v_start..v_end) else {
                    return TagParse::Broken;
                };
                attrs.push((attr_name, Some(value)));
            }
        }
    }
    TagParse::Tag(Tag {
        name,
        attrs,
        self_closing,
        is_end,
        end: i,
    })
}

fn attr<'a>(tag: &Tag<'a>, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| *v)
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// Finds the feed's root element: the first `rss`, `RDF` or `feed` element, or a lone Atom
/// `entry` when that is the document's first element.
pub(super) fn find_root(text: &str) -> Option<(usize, RootKind)> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut first_element = true;
    while let Some(rel) = b.get(i..).and_then(|r| memchr(b'<', r)) {
        let lt = i + rel;
        let rest = text.get(lt..).unwrap_or("");
        if rest.starts_with("<!--") {
            i = skip_past(text, lt, "-->")?;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i = skip_past(text, lt, "]]>")?;
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            i = skip_past(text, lt, ">")?;
            continue;
        }
        match parse_tag(text, lt) {
            TagParse::Tag(t) if !t.is_end => {
                let l = local(t.name).to_ascii_lowercase();
                match l.as_str() {
                    "rss" => return Some((lt, RootKind::Rss)),
                    // RSS 1.0's root is always `rdf:RDF`; a lowercase `<rdf>` is page markup.
                    "rdf" if local(t.name) == "RDF" => return Some((lt, RootKind::Rdf)),
                    "feed" => return Some((lt, RootKind::Atom)),
                    "entry" if first_element => return Some((lt, RootKind::Atom)),
                    _ => {}
                }
                first_element = false;
                i = t.end;
            }
            TagParse::Tag(t) => i = t.end,
            TagParse::Broken => i = lt + 1,
            TagParse::Eof => return None,
        }
    }
    None
}

fn skip_past(text: &str, from: usize, pat: &str) -> Option<usize> {
    let rest = text.as_bytes().get(from..)?;
    memmem::find(rest, pat.as_bytes()).map(|p| from + p + pat.len())
}

/// Bytes before the root that are not ignorable prolog (declaration, PIs, comments, doctype).
fn junk_before_root(prefix: &str) -> (usize, bool) {
    let b = prefix.as_bytes();
    let mut i = 0;
    let mut junk = 0;
    let mut html = false;
    while i < b.len() {
        let rest = prefix.get(i..).unwrap_or("");
        let lead_ws = rest.len() - rest.trim_start().len();
        if lead_ws > 0 {
            i += lead_ws;
            continue;
        }
        let close = if rest.starts_with("<!--") {
            Some("-->")
        } else if rest.starts_with("<?") {
            Some("?>")
        } else if rest.starts_with("<!") {
            Some(">")
        } else {
            None
        };
        if let Some(close) = close {
            i = skip_past(prefix, i, close).unwrap_or(b.len());
            continue;
        }
        let next = b
            .get(i + 1..)
            .and_then(|r| memchr(b'<', r))
            .map_or(b.len(), |p| i + 1 + p);
        if let TagParse::Tag(t) = parse_tag(prefix, i) {
            let l = t.name.to_ascii_lowercase();
            html |= matches!(l.as_str(), "html" | "body" | "head" | "pre");
        }
        junk += next - i;
        i = next;
    }
    (junk, html)
}

/// An element currently open in the output.
struct Open {
    name: String,
    /// Output length before its start tag, to drop a partial entry.
    out_pos: usize,
    is_entry: bool,
}

struct Repairer<'a> {
    text: &'a str,
    kind: RootKind,
    out: String,
    stack: Vec<Open>,
    log: Log,
    had_channel: bool,
}

/// Rewrites `text` into well-formed XML. Returns `None` when there is no feed root at all.
pub(super) fn repair_xml(text: &str) -> Option<(String, Vec<String>)> {
    let (root_at, kind) = find_root(text)?;
    let mut r = Repairer {
        text,
        kind,
        out: String::with_capacity(text.len() + text.len() / 8 + 64),
        stack: Vec::new(),
        log: Log::default(),
        had_channel: false,
    };
    let (junk, html) = junk_before_root(text.get(..root_at).unwrap_or(""));
    r.log.prefix_bytes = junk;
    r.log.html_wrapper = html;
    // No XML declaration: the text is UTF-8, and undeclared UTF-8 parses fastest.
    r.run(root_at);
    Some((r.out, r.log.into_repairs()))
}

/// Deepest element nesting kept; real feeds (even with XHTML content) stay far below.
const MAX_DEPTH: usize = 256;

const HTML_VOID: &[&str] = &[
    "br", "hr", "img", "meta", "input", "wbr", "area", "base", "col", "embed", "param", "track",
    "keygen",
];

impl<'a> Repairer<'a> {
    fn run(&mut self, root_at: usize) {
        let text = self.text;
        let b = text.as_bytes();
        let mut i = root_at;
        let mut started = false;
        loop {
            if started && self.stack.is_empty() {
                // The root closed: whatever follows (scripts injected by a CDN...) is not feed.
                return;
            }
            let Some(rel) = b.get(i..).and_then(|r| memchr(b'<', r)) else {
                let rest = text.get(i..).unwrap_or("");
                self.escape_text(rest);
                self.finish_eof(!rest.trim().is_empty());
                return;
            };
            let lt = i + rel;
            self.escape_text(text.get(i..lt).unwrap_or(""));
            let rest = text.get(lt..).unwrap_or("");
            if rest.starts_with("<![CDATA[") {
                match skip_past(text, lt, "]]>") {
                    Some(end) => {
                        self.push_cdata_verbatim(text.get(lt + 9..end - 3).unwrap_or(""));
                        i = end;
                    }
                    None => {
                        self.push_cdata_verbatim(text.get(lt + 9..).unwrap_or(""));
                        self.finish_eof(true);
                        return;
                    }
                }
                continue;
            }
            let skip = if rest.starts_with("<!--") {
                Some("-->")
            } else if rest.starts_with("<?") {
                Some("?>")
            } else if rest.starts_with("<!") {
                Some(">")
            } else {
                None
            };
            if let Some(pat) = skip {
                match skip_past(text, lt, pat) {
                    Some(end) => i = end,
                    None => {
                        self.finish_eof(true);
                        return;
                    }
                }
                continue;
            }
            match parse_tag(text, lt) {
                TagParse::Broken => {
                    self.log.bare_lt += 1;
                    self.out.push_str("&lt;");
                    i = lt + 1;
                }
                TagParse::Eof => {
                    self.finish_eof(true);
                    return;
                }
                TagParse::Tag(t) if t.is_end => {
                    self.end_tag(t.name);
                    i = t.end;
                }
                TagParse::Tag(t) => {
                    let is_root = !started;
                    started = true;
                    match self.start_tag(t, is_root) {
                        Some(next) => i = next,
                        None => {
                            self.finish_eof(true);
                            return;
                        }
                    }
                }
            }
        }
    }

    /// Handles a start tag; returns where to continue, or `None` when the input ended inside a
    /// leaf element.
    fn start_tag(&mut self, mut t: Tag<'a>, is_root: bool) -> Option<usize> {
        let lname = t.name.to_ascii_lowercase();
        let lloc = local(&lname).to_owned();
        let mut extra: Vec<(&'static str, String)> = Vec::new();
        if is_root {
            self.fix_root(&mut t, &lloc, &mut extra);
        } else if self.kind == RootKind::Rss {
            // RSS 2.0 has no namespace; a default one on an inner element hides it too.
            while let Some(pos) = t.attrs.iter().position(|(n, _)| *n == "xmlns") {
                let (_, v) = t.attrs.remove(pos);
                self.log.bogus_ns.push(v.unwrap_or("").to_owned());
            }
        }
        let mut name = t.name.to_owned();
        if self.kind == RootKind::Atom && self.log.atom03 {
            if let Some(new) = atom03_rename(&lloc) {
                name = new.to_owned();
            }
            self.fix_atom03_mode(&mut t, &mut extra);
        }
        let lloc = local(&name).to_ascii_lowercase();

        if self.kind == RootKind::Rss
            && lloc == "item"
            && self.stack.len() == 1
            && !self.had_channel
        {
            // RSS 2.0 items live in <channel>; feed-rs finds none directly under <rss>.
            self.log.added_channel = true;
            self.had_channel = true;
            let out_pos = self.out.len();
            self.out.push_str("<channel>");
            self.stack.push(Open {
                name: "channel".to_owned(),
                out_pos,
                is_entry: false,
            });
        }
        if lloc == "channel" {
            self.had_channel = true;
        }
        if matches!(lloc.as_str(), "item" | "entry")
            && let Some(k) = self.stack.iter().rposition(|o| o.is_entry)
        {
            // Entries never nest: a new one means the previous lacks its end tag.
            self.log.missing_close += self.stack.len() - k;
            self.close_to(k);
        }

        let has_href = attr(&t, "href").is_some() || attr(&t, "url").is_some();
        let void = HTML_VOID.contains(&lname.as_str())
            || (matches!(
                lloc.as_str(),
                "link" | "enclosure" | "thumbnail" | "image" | "player"
            ) && has_href);
        if void {
            if !t.self_closing {
                self.log.void_closed += 1;
            }
            self.push_start(&name, &t.attrs, &extra, true);
            return Some(t.end);
        }

        let atom_text = self.kind == RootKind::Atom
            && matches!(
                lloc.as_str(),
                "title" | "subtitle" | "summary" | "rights" | "content"
            )
            && (lloc != "content" || attr(&t, "src").is_none());
        if atom_text {
            self.fix_atom_type(&mut t, &lloc, &mut extra);
        }
        let xhtml = extra
            .iter()
            .find(|(n, _)| *n == "type")
            .map(|(_, v)| v.as_str())
            .or_else(|| attr(&t, "type"))
            == Some("xhtml");

        if atom_text && t.self_closing {
            self.log.empty_dropped += 1;
            return Some(t.end);
        }
        if t.self_closing {
            self.push_start(&name, &t.attrs, &extra, true);
            return Some(t.end);
        }
        if !xhtml && self.is_leaf(&lname, &lloc, &t) {
            return self.leaf(&name, t, extra, atom_text);
        }
        if self.stack.len() >= MAX_DEPTH {
            // Feeds are shallow; hostile nesting is dropped to keep end-tag lookups cheap.
            self.log.too_deep += 1;
            return Some(t.end);
        }
        let out_pos = self.out.len();
        self.push_start(&name, &t.attrs, &extra, false);
        self.stack.push(Open {
            name,
            out_pos,
            is_entry: matches!(lloc.as_str(), "item" | "entry"),
        });
        Some(t.end)
    }

    fn fix_root(&mut self, t: &mut Tag<'a>, lloc: &str, extra: &mut Vec<(&'static str, String)>) {
        for (n, v) in t.attrs.iter_mut() {
            let Some(val) = v else { continue };
            if !n.starts_with("xmlns") {
                continue;
            }
            let canon = val.trim().trim_end_matches('/').to_ascii_lowercase();
            let canon = canon
                .trim_start_matches("https://")
                .trim_start_matches("http://");
            if *val == ATOM03_NS {
                self.log.atom03 = true;
                *v = Some(ATOM_NS);
            } else if *val == RSS090_NS {
                self.log.rss090 = true;
                *v = Some(RSS1_NS);
            } else if canon == "www.w3.org/2005/atom" && *val != ATOM_NS {
                self.log.ns_spelling = true;
                *v = Some(ATOM_NS);
            } else if canon == "purl.org/rss/1.0" && *val != RSS1_NS && self.kind == RootKind::Rdf {
                self.log.ns_spelling = true;
                *v = Some(RSS1_NS);
            }
        }
        if self.kind == RootKind::Rss && lloc == "rss" {
            while let Some(pos) = t.attrs.iter().position(|(n, _)| *n == "xmlns") {
                let (_, v) = t.attrs.remove(pos);
                self.log.bogus_ns.push(v.unwrap_or("").to_owned());
            }
            let version = attr(t, "version");
            let fixed = match version {
                None => {
                    self.log.version = Some("added missing rss version".to_owned());
                    "2.0"
                }
                Some(v) => {
                    let trimmed = v.trim();
                    let ok = matches!(trimmed, "2.0" | "0.91" | "0.92");
                    let new = if ok { trimmed } else { "2.0" };
                    if new != v {
                        self.log.version = Some(format!("changed rss version {v:?} to {new}"));
                    }
                    new
                }
            };
            t.attrs.retain(|(n, _)| !n.eq_ignore_ascii_case("version"));
            extra.push(("version", fixed.to_owned()));
        }
    }

    /// Atom 0.3 `mode` becomes an Atom 1.0 `type`.
    fn fix_atom03_mode(&mut self, t: &mut Tag<'a>, extra: &mut Vec<(&'static str, String)>) {
        let Some(mode) = attr(t, "mode") else { return };
        t.attrs.retain(|(n, _)| !n.eq_ignore_ascii_case("mode"));
        let ty = attr(t, "type").unwrap_or("text/plain").to_ascii_lowercase();
        let new = match mode.trim() {
            "xml" => "xhtml",
            "escaped" if ty.contains("html") => "html",
            "escaped" => "text",
            _ => return,
        };
        t.attrs.retain(|(n, _)| !n.eq_ignore_ascii_case("type"));
        extra.push(("type", new.to_owned()));
    }

    /// feed-rs refuses a text construct whose `type` is not text, html or xhtml.
    fn fix_atom_type(
        &mut self,
        t: &mut Tag<'a>,
        lloc: &str,
        extra: &mut Vec<(&'static str, String)>,
    ) {
        if extra.iter().any(|(n, _)| *n == "type") {
            return;
        }
        let Some(ty) = attr(t, "type") else { return };
        let norm = ty.trim().to_ascii_lowercase();
        let new = match norm.as_str() {
            "text" | "html" | "xhtml" | "text/html" => norm.clone(),
            "text/plain" => "text".to_owned(),
            n if n.contains("xhtml") => "xhtml".to_owned(),
            n if lloc == "content" && n.contains('/') && !n.ends_with("+xml") => return,
            _ => "html".to_owned(),
        };
        if new != ty {
            self.log
                .atom_types
                .push(format!("changed Atom type {ty:?} to {new:?} on <{lloc}>"));
            t.attrs.retain(|(n, _)| !n.eq_ignore_ascii_case("type"));
            extra.push(("type", new));
        }
    }

    fn is_leaf(&self, lname: &str, lloc: &str, t: &Tag<'_>) -> bool {
        match self.kind {
            RootKind::Rss | RootKind::Rdf => {
                matches!(
                    lname,
                    "title"
                        | "description"
                        | "guid"
                        | "pubdate"
                        | "comments"
                        | "author"
                        | "category"
                        | "source"
                        | "lastbuilddate"
                        | "language"
                        | "copyright"
                        | "managingeditor"
                        | "webmaster"
                        | "generator"
                        | "docs"
                        | "ttl"
                        | "rating"
                        | "name"
                        | "url"
                        | "width"
                        | "height"
                        | "content:encoded"
                        | "slash:comments"
                        | "wfw:commentrss"
                        | "feedburner:origlink"
                        | "itunes:summary"
                        | "itunes:subtitle"
                        | "itunes:author"
                        | "itunes:duration"
                        | "itunes:explicit"
                        | "itunes:keywords"
                        | "media:title"
                        | "media:description"
                        | "media:keywords"
                ) || (lname == "link" && attr(t, "href").is_none())
                    || lname.starts_with("dc:")
                    || lname.starts_with("sy:")
            }
            RootKind::Atom => {
                let unprefixed = !lname.contains(':') || lname.starts_with("atom:");
                unprefixed
                    && matches!(
                        lloc,
                        "title"
                            | "subtitle"
                            | "summary"
                            | "rights"
                            | "content"
                            | "id"
                            | "updated"
                            | "published"
                            | "created"
                            | "name"
                            | "email"
                            | "uri"
                            | "icon"
                            | "logo"
                            | "generator"
                    )
                    && (lloc != "content" || attr(t, "src").is_none())
            }
        }
    }

    /// Whether `t` is a feed element, so it cannot be inside a leaf's text: meeting it means
    /// the leaf lacks its end tag.
    fn is_boundary(&self, t: &Tag<'_>) -> bool {
        let lname = t.name.to_ascii_lowercase();
        match self.kind {
            RootKind::Rss | RootKind::Rdf => {
                matches!(
                    lname.as_str(),
                    "item"
                        | "title"
                        | "link"
                        | "description"
                        | "guid"
                        | "pubdate"
                        | "comments"
                        | "author"
                        | "category"
                        | "enclosure"
                        | "channel"
                        | "rss"
                        | "rdf:rdf"
                        | "image"
                        | "textinput"
                        | "content:encoded"
                ) || [
                    "dc:",
                    "media:",
                    "itunes:",
                    "atom:",
                    "sy:",
                    "slash:",
                    "wfw:",
                    "feedburner:",
                ]
                .iter()
                .any(|p| lname.starts_with(p))
            }
            RootKind::Atom => {
                let l = lname.strip_prefix("atom:").unwrap_or(&lname);
                matches!(
                    l,
                    "entry"
                        | "feed"
                        | "title"
                        | "link"
                        | "id"
                        | "updated"
                        | "published"
                        | "summary"
                        | "content"
                        | "author"
                        | "contributor"
                        | "category"
                        | "rights"
                        | "subtitle"
                        | "issued"
                        | "modified"
                )
            }
        }
    }

    /// Reads a leaf element's content as raw text. Returns where to continue, or `None` when
    /// the input ended inside it.
    fn leaf(
        &mut self,
        name: &str,
        t: Tag<'a>,
        mut extra: Vec<(&'static str, String)>,
        atom_text: bool,
    ) -> Option<usize> {
        let text = self.text;
        let b = text.as_bytes();
        let start = t.end;
        let mut j = start;
        let mut has_markup = false;
        let mut eof = false;
        let (inner_end, next) = loop {
            let Some(rel) = b.get(j..).and_then(|r| memchr(b'<', r)) else {
                eof = true;
                break (b.len(), b.len());
            };
            let p = j + rel;
            let rest = text.get(p..).unwrap_or("");
            if rest.starts_with("<![CDATA[") {
                match skip_past(text, p, "]]>") {
                    Some(e) => j = e,
                    None => {
                        eof = true;
                        break (b.len(), b.len());
                    }
                }
                continue;
            }
            if rest.starts_with("<!--") {
                match skip_past(text, p, "-->") {
                    Some(e) => j = e,
                    None => {
                        eof = true;
                        break (p, b.len());
                    }
                }
                continue;
            }
            match parse_tag(text, p) {
                TagParse::Tag(ct) if ct.is_end && ct.name.eq_ignore_ascii_case(t.name) => {
                    break (p, ct.end);
                }
                TagParse::Tag(ct)
                    if self.is_boundary(&ct) || ct.name.eq_ignore_ascii_case(t.name) =>
                {
                    self.log.missing_close += 1;
                    break (p, p);
                }
                TagParse::Tag(ct) => {
                    has_markup = true;
                    j = ct.end;
                }
                TagParse::Broken => j = p + 1,
                TagParse::Eof => {
                    eof = true;
                    break (p, b.len());
                }
            }
        };
        let inner = text.get(start..inner_end).unwrap_or("");
        if eof {
            // A leaf cut by the end of input is never trusted: its entry is dropped below.
            self.finish_eof(true);
            return None;
        }
        if atom_text && inner.trim().is_empty() {
            // feed-rs refuses an empty Atom text construct ("missing text").
            self.log.empty_dropped += 1;
            return Some(next);
        }
        if has_markup {
            if atom_text {
                let ty = extra
                    .iter()
                    .find(|(n, _)| *n == "type")
                    .map(|(_, v)| v.clone())
                    .or_else(|| attr(&t, "type").map(str::to_owned));
                if matches!(ty.as_deref(), None | Some("text")) {
                    extra.retain(|(n, _)| *n != "type");
                    extra.push(("type", "html".to_owned()));
                }
            }
            let attrs: Vec<_> = t
                .attrs
                .iter()
                .filter(|(n, _)| {
                    !(atom_text && n.eq_ignore_ascii_case("type"))
                        || extra.iter().all(|(e, _)| *e != "type")
                })
                .copied()
                .collect();
            self.push_start(name, &attrs, &extra, false);
            self.log.cdata_wrapped += 1;
            self.push_cdata_markup(inner);
        } else {
            self.push_start(name, &t.attrs, &extra, false);
            self.escape_leaf_text(inner);
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        Some(next)
    }

    fn end_tag(&mut self, name: &str) {
        let pos = self
            .stack
            .iter()
            .rposition(|o| o.name == name)
            .or_else(|| {
                self.stack
                    .iter()
                    .rposition(|o| o.name.eq_ignore_ascii_case(name))
            })
            .or_else(|| {
                // An Atom 0.3 end tag of a renamed element.
                let renamed = atom03_rename(&local(name).to_ascii_lowercase())?;
                self.stack.iter().rposition(|o| local(&o.name) == renamed)
            });
        match pos {
            Some(k) => {
                self.log.missing_close += self.stack.len() - k - 1;
                self.close_to(k);
            }
            None => self.log.stray_close += 1,
        }
    }

    /// Closes stack entries `k..`, innermost first.
    fn close_to(&mut self, k: usize) {
        while self.stack.len() > k {
            if let Some(o) = self.stack.pop() {
                self.out.push_str("</");
                self.out.push_str(&o.name);
                self.out.push('>');
            }
        }
    }

    /// End of input with elements still open: drop a partial entry, close the rest.
    fn finish_eof(&mut self, truncated: bool) {
        if let Some(k) = self.stack.iter().position(|o| o.is_entry) {
            if let Some(o) = self.stack.get(k) {
                self.out.truncate(o.out_pos);
            }
            self.stack.truncate(k);
            self.log.partial_entry = true;
            self.log.truncated = true;
        }
        if truncated && !self.stack.is_empty() {
            self.log.truncated = true;
        }
        self.log.closed_at_end += self.stack.len();
        self.close_to(0);
    }

    fn push_start(
        &mut self,
        name: &str,
        attrs: &[(&str, Option<&str>)],
        extra: &[(&'static str, String)],
        self_close: bool,
    ) {
        self.out.push('<');
        self.out.push_str(name);
        let mut seen: Vec<&str> = Vec::with_capacity(attrs.len() + extra.len());
        for (n, v) in extra {
            seen.push(n);
            let _ = write!(self.out, " {n}=\"");
            self.escape_attr(v);
            self.out.push('"');
        }
        for (n, v) in attrs {
            let valid =
                n.as_bytes().first().is_some_and(|c| is_name_start(*c)) && !n.contains(['"', '\'']);
            if !valid || seen.iter().any(|s| s.eq_ignore_ascii_case(n)) {
                continue;
            }
            seen.push(n);
            self.out.push(' ');
            self.out.push_str(n);
            self.out.push_str("=\"");
            self.escape_attr(v.unwrap_or(n));
            self.out.push('"');
        }
        self.out.push_str(if self_close { "/>" } else { ">" });
    }

    fn escape_attr(&mut self, v: &str) {
        let mut last = 0;
        for (i, c) in v.char_indices() {
            let rep: Option<&str> = match c {
                '"' => Some("&quot;"),
                '<' => Some("&lt;"),
                '&' => match entity_len(v.get(i..).unwrap_or("")) {
                    Some(EntityKind::Xml) => None,
                    Some(EntityKind::Html(n)) => {
                        // Attribute values go through quick-xml's unescaper, which knows only
                        // the five XML entities.
                        self.out.push_str(v.get(last..i).unwrap_or(""));
                        let ent = v.get(i..i + n).unwrap_or("");
                        self.escape_attr_plain(&htmlize::unescape(ent));
                        last = i + n;
                        continue;
                    }
                    Some(EntityKind::BadCharRef(n)) => {
                        self.out.push_str(v.get(last..i).unwrap_or(""));
                        self.log.control += 1;
                        last = i + n;
                        continue;
                    }
                    None => {
                        self.log.bare_amp += 1;
                        Some("&amp;")
                    }
                },
                c if is_bad_char(c) => {
                    self.log.control += 1;
                    Some("")
                }
                _ => None,
            };
            if i < last {
                continue;
            }
            if let Some(rep) = rep {
                self.out.push_str(v.get(last..i).unwrap_or(""));
                self.out.push_str(rep);
                last = i + c.len_utf8();
            }
        }
        self.out.push_str(v.get(last..).unwrap_or(""));
    }

    fn escape_attr_plain(&mut self, v: &str) {
        for c in v.chars() {
            match c {
                '"' => self.out.push_str("&quot;"),
                '<' => self.out.push_str("&lt;"),
                '&' => self.out.push_str("&amp;"),
                c if is_bad_char(c) => {}
                c => self.out.push(c),
            }
        }
    }

    /// Escapes text content: bare `&` and `<`, control characters. Valid references (including
    /// HTML ones such as `&nbsp;`, which feed-rs keeps literally) are kept.
    fn escape_text(&mut self, s: &str) {
        let b = s.as_bytes();
        let mut last = 0;
        let mut i = 0;
        while i < b.len() {
            let c = b.get(i).copied().unwrap_or(0);
            let (skip, rep): (usize, Option<&str>) = match c {
                b'&' => match entity_len(s.get(i..).unwrap_or("")) {
                    Some(EntityKind::Xml | EntityKind::Html(_)) => (1, None),
                    Some(EntityKind::BadCharRef(n)) => {
                        self.log.control += 1;
                        (n, Some(""))
                    }
                    None => {
                        self.log.bare_amp += 1;
                        (1, Some("&amp;"))
                    }
                },
                b'<' => {
                    self.log.bare_lt += 1;
                    (1, Some("&lt;"))
                }
                0..=0x08 | 0x0b | 0x0c | 0x0e..=0x1f => {
                    self.log.control += 1;
                    (1, Some(""))
                }
                // U+FFFE / U+FFFF (EF BF BE/BF) are not XML characters either.
                0xef if b.get(i + 1) == Some(&0xbf)
                    && matches!(b.get(i + 2), Some(0xbe | 0xbf)) =>
                {
                    self.log.control += 1;
                    (3, Some(""))
                }
                _ => (1, None),
            };
            if let Some(rep) = rep {
                self.out.push_str(s.get(last..i).unwrap_or(""));
                self.out.push_str(rep);
                last = i + skip;
            }
            i += skip;
        }
        self.out.push_str(s.get(last..).unwrap_or(""));
    }

    /// Leaf text without markup: CDATA sections are kept, comments dropped, the rest escaped.
    fn escape_leaf_text(&mut self, inner: &str) {
        // One forward scan over "<!" keeps this linear however many sections there are.
        let mut rest = inner;
        let mut from = 0;
        while let Some(rel) = rest.get(from..).and_then(|r| r.find("<!")) {
            let at = from + rel;
            let tail = rest.get(at..).unwrap_or("");
            let (open, close) = if tail.starts_with("<![CDATA[") {
                (9, "]]>")
            } else if tail.starts_with("<!--") {
                (4, "-->")
            } else {
                from = at + 2;
                continue;
            };
            self.escape_text(rest.get(..at).unwrap_or(""));
            let body = rest.get(at + open..).unwrap_or("");
            let end = body.find(close).unwrap_or(body.len());
            if close == "]]>" {
                self.push_cdata_verbatim(body.get(..end).unwrap_or(""));
            }
            rest = body.get(end + close.len()..).unwrap_or("");
            from = 0;
        }
        self.escape_text(rest);
    }

    fn push_cdata_verbatim(&mut self, body: &str) {
        self.out.push_str("<![CDATA[");
        self.push_cdata_body(body);
        self.out.push_str("]]>");
    }

    /// Leaf content with raw markup becomes one CDATA section (existing CDATA markers are
    /// unwrapped, the content inside them already being raw).
    fn push_cdata_markup(&mut self, inner: &str) {
        self.out.push_str("<![CDATA[");
        let mut rest = inner;
        while let Some(p) = rest.find("<![CDATA[") {
            self.push_cdata_body(rest.get(..p).unwrap_or(""));
            let body = rest.get(p + 9..).unwrap_or("");
            let end = body.find("]]>").unwrap_or(body.len());
            self.push_cdata_body(body.get(..end).unwrap_or(""));
            rest = body.get(end + 3..).unwrap_or("");
        }
        self.push_cdata_body(rest);
        self.out.push_str("]]>");
    }

    fn push_cdata_body(&mut self, body: &str) {
        // A literal "]]>" inside would end the section early: split it across two sections.
        let mut parts = body.split("]]>");
        if let Some(first) = parts.next() {
            self.push_clean(first);
        }
        for p in parts {
            self.out.push_str("]]]]><![CDATA[>");
            self.push_clean(p);
        }
    }

    fn push_clean(&mut self, s: &str) {
        for c in s.chars() {
            if is_bad_char(c) {
                self.log.control += 1;
            } else {
                self.out.push(c);
            }
        }
    }
}

fn is_bad_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

fn atom03_rename(lloc: &str) -> Option<&'static str> {
    match lloc {
        "issued" => Some("published"),
        "modified" => Some("updated"),
        "tagline" => Some("subtitle"),
        "copyright" => Some("rights"),
        _ => None,
    }
}

enum EntityKind {
    /// `&amp;`-style XML entity or a valid character reference.
    Xml,
    /// An HTML named entity of this byte length (`&nbsp;`).
    Html(usize),
    /// A character reference to a character XML forbids, of this byte length.
    BadCharRef(usize),
}

/// Classifies the reference starting at `s` (which begins with `&`); `None` for a bare `&`.
fn entity_len(s: &str) -> Option<EntityKind> {
    let b = s.as_bytes();
    let semi = b.iter().take(40).position(|c| *c == b';')?;
    let body = s.get(1..semi)?;
    if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.len() <= 8 => u32::from_str_radix(hex, 16).ok(),
            Some(_) => None,
            None if !num.is_empty() && num.len() <= 10 => num.parse::<u32>().ok(),
            None => None,
        };
        return match value.map(char::from_u32) {
            Some(Some(c)) if !is_bad_char(c) && c != '\0' => Some(EntityKind::Xml),
            Some(_) => Some(EntityKind::BadCharRef(semi + 1)),
            None if num.bytes().all(|c| c.is_ascii_alphanumeric()) && !num.is_empty() => {
                Some(EntityKind::BadCharRef(semi + 1))
            }
            None => None,
        };
    }
    let valid_name = body.bytes().next().is_some_and(|c| c.is_ascii_alphabetic())
        && body.bytes().all(|c| c.is_ascii_alphanumeric());
    if !valid_name {
        return None;
    }
    if matches!(body, "amp" | "lt" | "gt" | "quot" | "apos") {
        Some(EntityKind::Xml)
    } else {
        Some(EntityKind::Html(semi + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> (String, Vec<String>) {
        repair_xml(s).unwrap_or_default()
    }

    #[test]
    fn missing_version_is_added() {
        let (out, r) = fix("<rss><channel><title>x</title></channel></rss>");
        assert!(out.contains("<rss version=\"2.0\">"), "{out}");
        assert_eq!(r, vec!["added missing rss version".to_owned()]);
    }

    #[test]
    fn bare_ampersand_and_less_than_are_escaped() {
        let (out, r) =
            fix("<rss version=\"2.0\"><channel><title>A & B < C &amp; D</title></channel></rss>");
        assert!(
            out.contains("<title>A &amp; B &lt; C &amp; D</title>"),
            "{out}"
        );
        assert_eq!(r.len(), 2, "{r:?}");
    }

    #[test]
    fn unescaped_html_in_description_becomes_cdata() {
        let (out, _) = fix(
            "<rss version=\"2.0\"><channel><item><description>a<br>b & c</description></item></channel></rss>",
        );
        assert!(
            out.contains("<description><![CDATA[a<br>b & c]]></description>"),
            "{out}"
        );
    }

    #[test]
    fn missing_title_close_stops_at_next_feed_element() {
        let (out, _) = fix(
            "<rss version=\"2.0\"><channel><item><title>T<link>http://x/</link></item></channel></rss>",
        );
        assert!(
            out.contains("<title>T</title><link>http://x/</link></item>"),
            "{out}"
        );
    }

    #[test]
    fn truncated_document_is_closed_without_partial_entry() {
        let (out, r) =
            fix("<rss version=\"2.0\"><channel><item><title>A</title></item><item><title>B</ti");
        assert!(
            out.ends_with("<item><title>A</title></item></channel></rss>"),
            "{out}"
        );
        assert!(r.iter().any(|x| x.contains("truncated")), "{r:?}");
    }

    #[test]
    fn junk_before_root_and_html_wrapper_are_removed() {
        let (out, r) =
            fix("<br />\n<b>Warning</b>: x<?xml version=\"1.0\"?><rss version=\"2.0\"></rss>");
        assert!(out.ends_with("<rss version=\"2.0\"></rss>"), "{out}");
        assert!(
            r.first().is_some_and(|x| x.contains("bytes before")),
            "{r:?}"
        );
        let (out, r) = fix("<html><body><rss version=\"2.0\"></rss></body></html>");
        assert!(out.ends_with("<rss version=\"2.0\"></rss>"), "{out}");
        assert!(r.first().is_some_and(|x| x.contains("HTML")), "{r:?}");
    }

    #[test]
    fn atom03_is_mapped() {
        let (out, _) = fix(
            "<feed xmlns=\"http://purl.org/atom/ns#\"><entry><issued>2004-01-01T00:00:00Z</issued><content type=\"text/html\" mode=\"escaped\">x</content></entry></feed>",
        );
        assert!(
            out.contains(ATOM_NS)
                && out.contains("<published>2004")
                && out.contains("type=\"html\""),
            "{out}"
        );
    }

    #[test]
    fn items_without_channel_get_one() {
        let (out, r) =
            fix("<rss version=\"2.0\"><title>t</title><item><title>a</title></item></rss>");
        assert!(
            out.contains("<channel><item><title>a</title></item></channel></rss>"),
            "{out}"
        );
        assert!(r.iter().any(|x| x.contains("channel")), "{r:?}");
    }

    #[test]
    fn unclosed_empty_elements_do_not_swallow_siblings() {
        let (out, _) = fix(
            "<rss version=\"2.0\"><channel><item><enclosure url=\"http://x/a.mp3\" type=\"audio/mpeg\"><media:thumbnail url=\"http://x/t.jpg\"><title>T</title></item></channel></rss>",
        );
        assert!(
            out.contains("<media:thumbnail url=\"http://x/t.jpg\"/><title>T</title></item>"),
            "{out}"
        );
    }

    #[test]
    fn control_characters_are_removed() {
        let (out, _) =
            fix("<rss version=\"2.0\"><channel><title>a\u{1}b&#x1;</title></channel></rss>");
        assert!(out.contains("<title>ab</title>"), "{out}");
    }

    #[test]
    fn cdata_cannot_be_closed_early() {
        let (out, _) = fix(
            "<rss version=\"2.0\"><channel><description>x<b>]]></b></description></channel></rss>",
        );
        assert!(!out.contains("<![CDATA[x<b>]]></b>]]>"), "{out}");
    }
}
