//! Feed ingestion: bytes in, entries out. A layer in front of feed-rs (which stays the
//! parser) that makes the feeds the web really serves readable, never panics, and never
//! returns a silently empty feed.
//!
//! The clean path costs what feed-rs costs: the body is decompressed if needed and decoded to
//! UTF-8 (`decode`), then parsed once. Only when that parse fails, or succeeds with no entries
//! while the document has `<item>`/`<entry>` elements, does the body go through the repair
//! pass (`repair` for XML, `json` for JSON Feed) and a second parse. Every repair is recorded
//! in [`ParsedFeed::repairs`]; an HTML page yields the feeds it advertises (`discover`).
//! Entries get stable ids (`ident`) so re-polls never create duplicates.
//!
//! Used by the daemon's poller and by `newswatch feed INPUT...`.

mod decode;
mod discover;
mod ident;
mod json;
mod repair;

#[cfg(test)]
mod corpus;

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use feed_rs::model;
use regex::Regex;
use url::Url;

/// Cap on entries kept per feed.
pub const MAX_ENTRIES: usize = 1000;
/// Cap on a (decompressed) feed body; larger bodies are refused rather than parsed.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// Limits for one parse.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    pub max_entries: usize,
    pub max_bytes: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_entries: MAX_ENTRIES,
            max_bytes: MAX_BYTES,
        }
    }
}

/// A parsed feed, or the reason it could not be read (`error`), with the repairs applied.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ParsedFeed {
    /// "rss2" | "rss1" | "rss09x" | "atom" | "json"
    pub format: Option<String>,
    pub title: Option<String>,
    pub entries: Vec<FeedEntry>,
    /// Human-readable, e.g. "added missing rss version".
    pub repairs: Vec<String>,
    /// The parser's reason when nothing could be read.
    pub error: Option<String>,
    /// Feed URLs found via `<link rel="alternate">` when the input was an HTML page.
    pub alternates: Vec<String>,
    /// `<ttl>` or `sy:updatePeriod`/`sy:updateFrequency`, in minutes.
    pub ttl_minutes: Option<u32>,
}

/// One entry of a feed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FeedEntry {
    /// Stable identity: guid/id, else normalized link, else "h:" + FNV-1a of title and date.
    pub id: String,
    /// HTML entities decoded, control characters removed, whitespace collapsed.
    pub title: Option<String>,
    /// Absolute.
    pub link: Option<String>,
    /// Published, else updated.
    pub published: Option<DateTime<Utc>>,
    /// Plain text.
    pub summary: Option<String>,
    pub content_html: Option<String>,
    pub authors: Vec<String>,
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("could not decompress the {what} body: {reason}")]
    Decompress { what: &'static str, reason: String },
    #[error("feed body larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("empty document")]
    Empty,
    #[error("{0}")]
    Parse(String),
    #[error("feed parser panicked: {0}")]
    Panic(String),
    #[error("an HTML page, not a feed; it links to {} feed(s): {}", .0.len(), .0.join(", "))]
    HtmlPage(Vec<String>),
    #[error("an HTML page, not a feed, and it links to no feed")]
    HtmlNoFeeds,
    #[error(
        "the document has {items} <item>/<entry> elements but no entry could be read: {reason}"
    )]
    NoEntries { items: usize, reason: String },
}

impl ParsedFeed {
    /// The object `newswatch feed` prints for one input (DESIGN.md), plus `alternates`.
    pub fn to_cli_json(&self, input: &str) -> serde_json::Value {
        let entries: Vec<serde_json::Value> = self
            .entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id,
                    "title": e.title,
                    "link": e.link,
                    "published": e.published.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                })
            })
            .collect();
        serde_json::json!({
            "input": input,
            "format": self.format,
            "title": self.title,
            "entries": entries,
            "repairs": self.repairs,
            "error": self.error,
            "alternates": self.alternates,
        })
    }

    fn failed(error: &FeedError, repairs: Vec<String>) -> ParsedFeed {
        ParsedFeed {
            format: None,
            title: None,
            entries: Vec::new(),
            repairs,
            error: Some(error.to_string()),
            alternates: match error {
                FeedError::HtmlPage(a) => a.clone(),
                _ => Vec::new(),
            },
            ttl_minutes: None,
        }
    }
}

/// Parses a feed body as served (possibly compressed, in any charset, broken). Never panics.
pub fn parse_feed(bytes: &[u8], content_type: Option<&str>, base_url: Option<&str>) -> ParsedFeed {
    parse_feed_with(bytes, content_type, base_url, &ParseOptions::default())
}

/// [`parse_feed`] with explicit limits.
pub fn parse_feed_with(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: Option<&str>,
    opts: &ParseOptions,
) -> ParsedFeed {
    // Defence in depth: feed-rs panics are caught per attempt, but a bug of ours on some
    // hostile input must not take the daemon down either.
    catch_unwind(AssertUnwindSafe(|| {
        parse_inner(bytes, content_type, base_url, opts)
    }))
    .unwrap_or_else(|p| ParsedFeed::failed(&FeedError::Panic(panic_message(&*p)), Vec::new()))
}

fn parse_inner(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: Option<&str>,
    opts: &ParseOptions,
) -> ParsedFeed {
    let mut repairs = Vec::new();
    if bytes.len() > opts.max_bytes {
        return ParsedFeed::failed(
            &FeedError::TooLarge {
                limit: opts.max_bytes,
            },
            repairs,
        );
    }
    // feed-rs refuses the whole feed when handed an unparseable base URI.
    let base = base_url.and_then(|b| Url::parse(b).ok());
    let decompressed = match decode::decompress(bytes, opts.max_bytes, &mut repairs) {
        Ok(d) => d,
        Err(e) => return ParsedFeed::failed(&e, repairs),
    };
    let body = decompressed.as_deref().unwrap_or(bytes);
    // The TLD is the detector's prior for which legacy encoding a site uses.
    let tld = base
        .as_ref()
        .and_then(Url::host_str)
        .and_then(|h| h.rsplit('.').next())
        .map(str::to_owned);
    let text = decode::to_utf8(body, content_type, tld.as_deref(), &mut repairs);
    let head = text.trim_start();
    if head.is_empty() {
        return ParsedFeed::failed(&FeedError::Empty, repairs);
    }
    let ctx = Ctx {
        base: base.as_ref(),
        opts,
    };
    if head.starts_with('{') || head.starts_with('[') {
        return ctx.parse_json(&text, repairs);
    }
    ctx.parse_xml(&text, repairs)
}

struct Ctx<'a> {
    base: Option<&'a Url>,
    opts: &'a ParseOptions,
}

impl Ctx<'_> {
    fn attempt(&self, text: &str) -> Result<model::Feed, FeedError> {
        let base = self.base.map(Url::as_str);
        let result = catch_unwind(AssertUnwindSafe(|| {
            // A fresh parser every time: one reused after an error panics on the next feed.
            // Ids are left empty when the feed has none (feed-rs would invent a random UUID)
            // and computed in `ident` instead.
            feed_rs::parser::Builder::new()
                .base_uri(base)
                .id_generator(|_, _, _| String::new())
                .sanitize_content(false)
                .build()
                .parse(text.as_bytes())
        }));
        match result {
            Ok(Ok(feed)) => Ok(feed),
            Ok(Err(e)) => Err(FeedError::Parse(e.to_string())),
            Err(p) => Err(FeedError::Panic(panic_message(&*p))),
        }
    }

    fn parse_json(&self, text: &str, mut repairs: Vec<String>) -> ParsedFeed {
        let first = match self.attempt(text) {
            Ok(feed) => return self.build(feed, text, repairs),
            Err(e) => e,
        };
        let Some((fixed, fixes)) = json::normalize(text) else {
            return ParsedFeed::failed(&first, repairs);
        };
        repairs.extend(fixes);
        match self.attempt(&fixed) {
            Ok(feed) => self.build(feed, &fixed, repairs),
            Err(e) => ParsedFeed::failed(&e, repairs),
        }
    }

    fn parse_xml(&self, text: &str, mut repairs: Vec<String>) -> ParsedFeed {
        // quick-xml panics on an XML declaration that follows other text; skip the doomed
        // plain attempt (and its panic message on stderr) and go straight to repair.
        let plain = if late_declaration(text) {
            Err(FeedError::Parse("XML declaration after other text".into()))
        } else {
            self.attempt(text)
        };
        let first_err = match plain {
            Ok(feed) if !feed.entries.is_empty() => return self.build(feed, text, repairs),
            Ok(feed) => {
                let items = count_items(text);
                if items == 0 {
                    return self.build(feed, text, repairs);
                }
                FeedError::NoEntries {
                    items,
                    reason: "the parser returned none (unsupported namespace or version?)".into(),
                }
            }
            Err(e) => e,
        };
        let Some((fixed, fixes)) = repair::repair_xml(text) else {
            // No XML feed root: maybe a JSON Feed behind a PHP notice.
            if text.contains('{')
                && let Some(feed) = self.json_after_junk(text, &repairs)
            {
                return feed;
            }
            if discover::looks_like_html(text) {
                let alts = discover::alternates(text, self.base);
                let err = if alts.is_empty() {
                    FeedError::HtmlNoFeeds
                } else {
                    FeedError::HtmlPage(alts)
                };
                return ParsedFeed::failed(&err, repairs);
            }
            return ParsedFeed::failed(&first_err, repairs);
        };
        repairs.extend(fixes);
        let second = self.attempt(&fixed);
        if !second.as_ref().is_ok_and(|f| !f.entries.is_empty()) && discover::looks_like_html(text)
        {
            // An HTML page that merely contains a feed-like tag: report it as a page.
            let alts = discover::alternates(text, self.base);
            if !alts.is_empty() {
                return ParsedFeed::failed(&FeedError::HtmlPage(alts), Vec::new());
            }
        }
        match second {
            Ok(feed) if !feed.entries.is_empty() => self.build(feed, &fixed, repairs),
            Ok(feed) => {
                let items = count_items(text);
                let mut out = self.build(feed, &fixed, repairs);
                if items > 0 {
                    let err = FeedError::NoEntries {
                        items,
                        reason: first_err.to_string(),
                    };
                    out.error = Some(err.to_string());
                }
                out
            }
            Err(e) => {
                // Both reasons help an operator: what the feed does wrong, and what is still
                // wrong after our repairs.
                let err = match first_err {
                    FeedError::NoEntries { .. } => first_err,
                    _ if first_err.to_string() == e.to_string() => e,
                    _ => FeedError::Parse(format!("{e} (before repairs: {first_err})")),
                };
                ParsedFeed::failed(&err, repairs)
            }
        }
    }

    fn json_after_junk(&self, text: &str, repairs: &[String]) -> Option<ParsedFeed> {
        let start = text.find('{')?;
        let (fixed, fixes) = json::normalize(text.get(start..)?)?;
        let feed = self.attempt(&fixed).ok()?;
        let mut repairs = repairs.to_vec();
        repairs.push(format!("removed {start} bytes before the JSON object"));
        repairs.extend(fixes);
        Some(self.build(feed, &fixed, repairs))
    }

    fn build(&self, feed: model::Feed, text: &str, mut repairs: Vec<String>) -> ParsedFeed {
        let format = match feed.feed_type {
            model::FeedType::Atom => "atom",
            model::FeedType::JSON => "json",
            model::FeedType::RSS0 => "rss09x",
            model::FeedType::RSS1 => "rss1",
            model::FeedType::RSS2 => "rss2",
        };
        let mut notes = Notes::default();
        let title = feed.title.as_ref().and_then(|t| notes.text(t));
        let ttl_minutes = feed.ttl.or_else(|| sy_update_minutes(text));
        let mut seen = HashSet::new();
        let mut entries = Vec::with_capacity(feed.entries.len().min(self.opts.max_entries));
        for e in feed.entries {
            if entries.len() >= self.opts.max_entries {
                break;
            }
            let entry = self.entry(e, &mut notes);
            if seen.insert(entry.id.clone()) {
                entries.push(entry);
            }
        }
        if notes.entities {
            repairs.push("decoded HTML entities left in titles".to_owned());
        }
        if notes.controls {
            repairs.push("removed control characters from text".to_owned());
        }
        ParsedFeed {
            format: Some(format.to_owned()),
            title,
            entries,
            repairs,
            error: None,
            alternates: Vec::new(),
            ttl_minutes,
        }
    }

    fn entry(&self, e: model::Entry, notes: &mut Notes) -> FeedEntry {
        let title = e.title.as_ref().and_then(|t| notes.text(t));
        let link = pick_link(&e.links).and_then(|l| ident::absolute_link(l, self.base));
        let published = e.published.or(e.updated);
        let summary = e
            .summary
            .as_ref()
            .and_then(|s| ident::clean_text(&s.content, true).text);
        let content_html = e.content.and_then(|c| c.body);
        let authors = e
            .authors
            .iter()
            .filter_map(|p| ident::clean_text(p.name.as_deref()?, true).text)
            .collect();
        let id = if e.id.trim().is_empty() {
            let date = published.map(|d| d.to_rfc3339());
            ident::entry_id(
                &e.id,
                link.as_deref(),
                title.as_deref(),
                date.as_deref(),
                summary.as_deref().or(content_html.as_deref()),
            )
        } else {
            e.id.trim().to_owned()
        };
        FeedEntry {
            id,
            title,
            link,
            published,
            summary,
            content_html,
            authors,
        }
    }
}

/// What post-parse cleaning of text fields did, reported once per feed.
#[derive(Default)]
struct Notes {
    entities: bool,
    controls: bool,
}

impl Notes {
    fn text(&mut self, t: &model::Text) -> Option<String> {
        let html = t.content_type.subty().as_str().contains("html");
        let c = ident::clean_text(&t.content, html);
        // Decoding entities in an HTML title is its normal reading, not a repair.
        self.entities |= c.decoded_entities && !html;
        self.controls |= c.removed_controls;
        c.text
    }
}

/// The entry's own page: an alternate (or rel-less) link, not comments, enclosures or self.
fn pick_link(links: &[model::Link]) -> Option<&str> {
    let usable = |l: &&model::Link| l.target.is_none() && !l.href.trim().is_empty();
    links
        .iter()
        .filter(usable)
        .find(|l| {
            l.rel
                .as_deref()
                .is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
        })
        .or_else(|| {
            links.iter().filter(usable).find(|l| {
                !matches!(
                    l.rel.as_deref(),
                    Some("self" | "enclosure" | "replies" | "edit" | "hub" | "license")
                )
            })
        })
        .map(|l| l.href.as_str())
}

/// Whether an XML declaration comes after other content (it must open the document).
fn late_declaration(text: &str) -> bool {
    let head = text.get(..text.len().min(2048)).unwrap_or_else(|| {
        let mut end = text.len().min(2048);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.get(..end).unwrap_or("")
    });
    // The declaration proper is `<?xml` followed by whitespace; `<?xml-stylesheet …?>` and other
    // processing instructions whose names start with "xml" are not it (found by fuzzing).
    head.match_indices("<?xml")
        .map(|(p, _)| p)
        .find(|&p| {
            head.get(p + 5..)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_whitespace()))
        })
        .is_some_and(|p| {
            !head
                .get(..p)
                .unwrap_or("")
                .trim_start_matches('\u{feff}')
                .trim()
                .is_empty()
        })
}

static ITEM_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<(?:[a-z0-9_.-]+:)?(?:item|entry)[\s>/]").expect("static regex is valid")
});

/// How many `<item>`/`<entry>` start tags the document has (capped), to catch silent empties.
fn count_items(text: &str) -> usize {
    ITEM_TAG.find_iter(text).take(100_000).count()
}

static SY_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<sy:updatePeriod>\s*(hourly|daily|weekly|monthly|yearly)\s*<")
        .expect("static regex is valid")
});
static SY_FREQ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<sy:updateFrequency>\s*(\d{1,6})\s*<").expect("static regex is valid")
});

/// The syndication module's update interval, which feed-rs does not read.
fn sy_update_minutes(text: &str) -> Option<u32> {
    memchr::memmem::find(text.as_bytes(), b"updatePeriod")?;
    let period = SY_PERIOD
        .captures(text)?
        .get(1)?
        .as_str()
        .to_ascii_lowercase();
    let minutes: u32 = match period.as_str() {
        "hourly" => 60,
        "daily" => 1440,
        "weekly" => 10_080,
        "monthly" => 43_200,
        _ => 525_600,
    };
    let freq = SY_FREQ
        .captures(text)
        .and_then(|c| c.get(1)?.as_str().parse::<u32>().ok())
        .filter(|f| *f > 0)
        .unwrap_or(1);
    Some((minutes / freq).max(1))
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS2: &str = include_str!("fixtures/rss2.xml");
    const RSS1: &str = include_str!("fixtures/rss1.xml");
    const ATOM: &str = include_str!("fixtures/atom.xml");
    const JSON: &str = include_str!("fixtures/feed.json");
    const RSS091: &str = include_str!("fixtures/rss091.xml");

    fn titles(f: &ParsedFeed) -> Vec<&str> {
        f.entries
            .iter()
            .filter_map(|e| e.title.as_deref())
            .collect()
    }

    #[test]
    fn all_formats_parse_cleanly_without_repairs() {
        for (doc, format, n) in [
            (RSS2, "rss2", 5),
            (RSS1, "rss1", 3),
            (ATOM, "atom", 3),
            (JSON, "json", 3),
            (RSS091, "rss09x", 2),
        ] {
            let f = parse_feed(doc.as_bytes(), None, None);
            assert_eq!(f.error, None, "{format}");
            assert_eq!(f.format.as_deref(), Some(format));
            assert_eq!(f.entries.len(), n, "{format}");
            assert!(f.repairs.is_empty(), "{format}: {:?}", f.repairs);
            assert!(
                f.entries
                    .iter()
                    .all(|e| e.link.is_some() && e.title.is_some())
            );
        }
    }

    #[test]
    fn rss2_fields_and_ids() {
        let f = parse_feed(RSS2.as_bytes(), None, None);
        assert_eq!(f.title.as_deref(), Some("Harbour Town Gazette"));
        assert_eq!(f.ttl_minutes, Some(30));
        let e = &f.entries[0];
        assert_eq!(e.id, "gazette-20261125-001");
        assert_eq!(
            e.title.as_deref(),
            Some("Council approves new ferry timetable & fares")
        );
        assert_eq!(e.authors, vec!["Amira Haddad"]);
        assert_eq!(
            e.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-11-25T09:15:00+00:00")
        );
        assert!(
            e.content_html
                .as_deref()
                .is_some_and(|c| c.contains("<b>7-2</b>"))
        );
        // No guid: the id is the normalized link.
        assert_eq!(
            f.entries[2].id,
            "https://gazette.example.com/news/2026/11/festival"
        );
        assert_eq!(
            f.entries[1].summary.as_deref(),
            Some("Gusts of up to 90 km/h are expected overnight.")
        );
    }

    #[test]
    fn atom_html_title_is_decoded_once_and_sy_period_read() {
        let f = parse_feed(ATOM.as_bytes(), None, None);
        assert_eq!(
            titles(&f)[1],
            "Tabs &amp; spaces, again".replace("&amp;", "&")
        );
        let f = parse_feed(RSS1.as_bytes(), None, None);
        assert_eq!(f.ttl_minutes, Some(30));
    }

    #[test]
    fn entries_without_guid_or_link_keep_their_id_across_parses() {
        let doc = r#"<rss version="2.0"><channel><title>t</title>
            <item><title>No link</title><pubDate>Wed, 25 Nov 2026 09:15:00 +0000</pubDate></item>
            <item><description>Only text</description></item></channel></rss>"#;
        let a = parse_feed(doc.as_bytes(), None, None);
        let b = parse_feed(doc.as_bytes(), None, None);
        assert_eq!(a.entries.len(), 2);
        let ids = |f: &ParsedFeed| f.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert!(ids(&a).iter().all(|i| i.starts_with("h:")));
        assert_ne!(ids(&a)[0], ids(&a)[1]);
    }

    #[test]
    fn html_entities_in_titles_are_decoded() {
        let doc = r#"<rss version="2.0"><channel><title>t</title>
            <item><title>Caf&eacute;&nbsp;opens &ndash; &#8220;finally&#8221;</title><link>http://x.example/a</link></item>
            </channel></rss>"#;
        let f = parse_feed(doc.as_bytes(), None, None);
        assert_eq!(titles(&f), vec!["Café opens – “finally”"]);
        assert!(
            f.repairs.iter().any(|r| r.contains("entities")),
            "{:?}",
            f.repairs
        );
    }

    #[test]
    fn relative_links_are_made_absolute() {
        let doc = r#"<rss version="2.0"><channel><title>t</title>
            <item><title>a</title><link>/post/1</link></item></channel></rss>"#;
        let f = parse_feed(doc.as_bytes(), None, Some("https://blog.example/feed"));
        assert_eq!(
            f.entries[0].link.as_deref(),
            Some("https://blog.example/post/1")
        );
        // A garbage base URL must not make feed-rs refuse the feed.
        let f = parse_feed(doc.as_bytes(), None, Some("not a url"));
        assert_eq!(f.entries.len(), 1);
    }

    #[test]
    fn html_page_reports_its_feeds() {
        let page = r#"<!doctype html><html><head><title>Blog</title>
            <link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>
            <body><p>Hello</p></body></html>"#;
        let f = parse_feed(
            page.as_bytes(),
            Some("text/html"),
            Some("https://blog.example/"),
        );
        assert_eq!(f.alternates, vec!["https://blog.example/rss.xml"]);
        assert!(f.error.as_deref().is_some_and(|e| e.contains("HTML page")));
        let f = parse_feed(b"<html><body>nothing</body></html>", None, None);
        assert!(f.error.as_deref().is_some_and(|e| e.contains("no feed")));
    }

    #[test]
    fn a_feed_rs_panic_becomes_an_error() {
        // quick-xml asserts when a late XML declaration (after a PHP warning) names a
        // non-UTF-8 encoding.
        let doc = format!(
            "{}<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel></channel></rss>",
            "\nWarning: Cannot modify header information in /var/www/feed.php on line 3\n"
        );
        let opts = ParseOptions::default();
        let ctx = Ctx {
            base: None,
            opts: &opts,
        };
        assert!(matches!(ctx.attempt(&doc), Err(FeedError::Panic(_))));
        // The same document through the public entry point: repaired, no panic.
        let f = parse_feed(doc.as_bytes(), None, None);
        assert_eq!(f.error, None);
        assert_eq!(f.format.as_deref(), Some("rss2"));
    }

    #[test]
    fn a_failed_parse_does_not_poison_the_next_one() {
        let broken = parse_feed(
            b"<rss version=\"2.0\"><channel><item><title>x</ti",
            None,
            None,
        );
        assert!(broken.error.is_some() || broken.entries.is_empty());
        let f = parse_feed(RSS2.as_bytes(), None, None);
        assert_eq!(f.entries.len(), 5);
    }

    #[test]
    fn cli_json_has_the_design_shape() {
        let f = parse_feed(
            RSS2.replacen(" version=\"2.0\"", "", 1).as_bytes(),
            None,
            None,
        );
        let v = f.to_cli_json("feed.xml");
        assert_eq!(v["input"], "feed.xml");
        assert_eq!(v["format"], "rss2");
        assert_eq!(v["entries"][0]["id"], "gazette-20261125-001");
        assert_eq!(v["entries"][0]["published"], "2026-11-25T09:15:00Z");
        assert_eq!(v["repairs"][0], "added missing rss version");
        assert!(v["error"].is_null());
    }

    #[test]
    fn max_entries_caps_the_feed() {
        let mut doc = String::from(r#"<rss version="2.0"><channel><title>t</title>"#);
        for i in 0..20 {
            doc.push_str(&format!(
                "<item><title>{i}</title><link>http://x.example/{i}</link></item>"
            ));
        }
        doc.push_str("</channel></rss>");
        let opts = ParseOptions {
            max_entries: 5,
            ..ParseOptions::default()
        };
        assert_eq!(
            parse_feed_with(doc.as_bytes(), None, None, &opts)
                .entries
                .len(),
            5
        );
    }

    #[test]
    fn garbage_never_panics_and_errors() {
        for doc in [
            &b""[..],
            b"   ",
            b"\x00\x01\x02",
            b"{",
            b"<",
            b"<rss",
            b"<<<<>>>>",
            b"\xff\xfe<\x00",
        ] {
            let f = parse_feed(doc, None, None);
            assert!(f.error.is_some() || f.entries.is_empty());
        }
    }

    #[test]
    fn document_with_items_never_silently_empty() {
        // Items in an unknown default namespace feed-rs cannot place.
        let doc = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://example.com/unknown/">
            <channel><title>t</title></channel><item><title>a</title><link>http://x.example/a</link></item></rdf:RDF>"#;
        let f = parse_feed(doc.as_bytes(), None, None);
        assert!(!f.entries.is_empty() || f.error.is_some(), "{f:?}");
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        const DOCS: [&str; 5] = [RSS2, RSS1, ATOM, JSON, RSS091];
        const SPECIAL: &[&str] = &[
            "<",
            ">",
            "&",
            "\"",
            "'",
            "</",
            "/>",
            "<![CDATA[",
            "]]>",
            "<!--",
            "\u{0}",
            "\u{1b}",
            "<item>",
            "</item>",
            "<entry>",
            "</title>",
            "<br>",
            "&nbsp;",
            "&#0;",
            "{",
            "}",
            "é",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(400))]

            /// Hostile bytes: no panic anywhere in our code (parse_inner is not wrapped in
            /// catch_unwind, so a bug of ours would fail here).
            #[test]
            fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
                let _ = parse_inner(&bytes, None, None, &ParseOptions::default());
            }

            /// Fixtures with random cuts and insertions: no panic, and never a silent empty.
            #[test]
            fn mutated_fixtures_never_panic_or_silently_empty(
                doc in 0usize..5,
                edits in proptest::collection::vec((0usize..4000, 0usize..40, 0usize..22), 1..6),
            ) {
                let mut text = DOCS[doc].to_owned();
                for (pos, del, ins) in edits {
                    let mut p = pos.min(text.len());
                    while !text.is_char_boundary(p) { p -= 1; }
                    let mut e = (p + del).min(text.len());
                    while !text.is_char_boundary(e) { e -= 1; }
                    text.replace_range(p..e, SPECIAL[ins % SPECIAL.len()]);
                }
                let f = parse_inner(text.as_bytes(), None, None, &ParseOptions::default());
                let items = count_items(&text);
                prop_assert!(
                    items == 0 || !f.entries.is_empty() || f.error.is_some(),
                    "silent empty: {:?}", f
                );
            }
        }

        #[test]
        fn hostile_nesting_and_unterminated_quotes_stay_fast() {
            let mut doc = String::from("<rss version=\"2.0\"><channel>");
            doc.push_str(&"<a x=\"".repeat(50_000));
            doc.push_str(&"<div>".repeat(50_000));
            doc.push_str("<item><title>t</title><link>http://x.example/</link></item>");
            let start = std::time::Instant::now();
            let f = parse_inner(doc.as_bytes(), None, None, &ParseOptions::default());
            assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
            assert!(f.error.is_some() || !f.entries.is_empty());
        }
    }
}
