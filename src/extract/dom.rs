//! One iterative pass over the parsed page that turns the DOM into flat records.
//!
//! The extractor never recurses over the tree (hostile pages nest 10,000 deep): this walk uses
//! first-child / next-sibling / parent links only. It records every element (pre-order index,
//! parent, subtree end, class/id weight), every text block (a paragraph-like run of text between
//! block boundaries), and the raw metadata sources (`<meta>`, JSON-LD, `<title>`, …) that
//! `metadata.rs` interprets.

use regex::RegexSet;
use scraper::{Html, Node};
use std::sync::LazyLock;

/// What kind of element hosts a block, as far as scoring and filtering care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Paragraph,
    Heading(u8),
    ListItem,
    Quote,
    Pre,
    Cell,
    /// Text directly inside a div/section/article (or split by `<br>`).
    Loose,
}

/// One element of the page, indexed in document (pre-)order.
#[derive(Debug, Clone)]
pub(crate) struct Elem {
    pub parent: usize,
    /// Index of the last element inside this one (itself when it has no element children).
    pub end: usize,
    pub tag: Tag,
    /// Readability-style class/id weight: positive for content-ish names, negative for chrome.
    pub weight: f64,
    /// Characters of kept text inside the subtree, and of those inside links.
    pub chars: usize,
    pub link_chars: usize,
    /// Class/id looks like chrome (share bar, comments, related…).
    pub neg: bool,
    /// Chrome after all: marked `neg` and holding a minor part of the page's text, or inside
    /// such an element.
    pub dead: bool,
}

/// Share of the page's text above which a chrome-named element is kept anyway: wrappers named
/// "content-with-sidebar" or "ad-pusher" often hold the whole article.
const DEAD_MAX_SHARE: f64 = 0.4;

/// `<meta>` tags recorded at most.
const MAX_METAS: usize = 2000;

/// Text blocks recorded at most; far above any article, it bounds memory on hostile pages.
const MAX_BLOCKS: usize = 50_000;

/// The handful of tags the scorer distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Div,
    Article,
    Section,
    Main,
    Body,
    Other,
}

/// A run of text between block boundaries.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub text: String,
    /// The innermost block-level element around the text.
    pub host: usize,
    pub kind: Kind,
    pub chars: usize,
    pub link_chars: usize,
}

/// Raw metadata sources seen during the walk, in document order.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawMeta {
    pub html_lang: Option<String>,
    /// `(key, content)` of `<meta>` tags; key is the lowercased name/property/itemprop/http-equiv.
    pub metas: Vec<(String, String)>,
    pub json_ld: Vec<String>,
    pub title: Option<String>,
    pub h1: Option<String>,
    pub canonical: Option<String>,
    pub time_datetime: Option<String>,
    pub byline_class: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Doc {
    pub elems: Vec<Elem>,
    /// Elements marked `itemprop="articleBody"` (schema.org microdata), in document order.
    pub itemprop_body: Vec<usize>,
    pub blocks: Vec<Block>,
    pub meta: RawMeta,
}

/// Elements whose whole subtree is never article text.
fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "option"
            | "textarea"
            | "button"
            | "input"
            | "nav"
            | "aside"
            | "footer"
            | "header"
            | "figure"
            | "figcaption"
            | "dialog"
            | "title"
            | "head"
            | "menu"
            | "label"
            | "amp-ad"
            | "amp-sticky-ad"
            | "amp-embed"
            | "amp-sidebar"
            | "amp-social-share"
            | "amp-analytics"
            | "amp-consent"
            | "amp-iframe"
    )
}

fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "ul"
            | "caption"
    )
}

/// Class/id patterns, matched together in one pass over the names of each element.
/// 0: chrome (share bars, related lists, comments…); 1: names that say "article body" and
/// override 0; 2 and 3: readability's positive and negative class weights.
static CLASS_PATTERNS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)share|sharing|newsletter|related|comment|sidebar|breadcrumb|outbrain|taboola|promo|byline|caption|subscribe|signup|sign-up|recommend|cookie|footer|disqus|popup|modal|masthead|toolbar|most-read|mostread|more-from|read-more|readmore|trending|tooltip|sponsor|advert|(?:^|[\s_-])(?:ad|ads|author|authors|dateline|tags|tag-list|nav|menu|print|pagination|pager|rss|banner|widget|skip|visually-hidden|sr-only|meta|timestamp|credit|credits|copyright|inline-related|video|audio|gallery|slideshow)(?:$|[\s_-])",
        r"(?i)article-?body|story-?body|entry-content|post-content|article-?content|main-content|body-?text|article-?text|story-?content|content-?body|post-?body|articlebody|paywall",
        r"(?i)article|body|content|entry|hentry|main|page|post|text|blog|story",
        r"(?i)hidden|combx|comment|com-|contact|foot|footer|footnote|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|byline|author|dateline",
    ])
    .unwrap_or_else(|_| unreachable!("static regex"))
});

/// Comment threads are never article text, however long they grow.
fn is_comment_thread(class: Option<&str>, id: Option<&str>) -> bool {
    let id_hit = id.is_some_and(|i| {
        matches!(
            i.to_ascii_lowercase().as_str(),
            "comments" | "disqus_thread" | "respond" | "comments-section" | "comment-section"
        )
    });
    id_hit
        || class.is_some_and(|c| {
            c.split_ascii_whitespace().any(|t| {
                matches!(
                    t.to_ascii_lowercase().as_str(),
                    "comments-area" | "comment-list" | "commentlist" | "comments-section"
                )
            })
        })
}

/// The part of a class attribute that describes the element, without WordPress taxonomy classes
/// (`tag-politics`, `category-news`) that say what the post is about, not what the box is.
fn descriptive_names(class: Option<&str>, id: Option<&str>) -> String {
    let mut s = String::new();
    for c in class.unwrap_or("").split_ascii_whitespace() {
        if c.starts_with("tag-") || c.starts_with("category-") || c.starts_with("categories-") {
            continue;
        }
        s.push_str(c);
        s.push(' ');
    }
    s.push_str(id.unwrap_or(""));
    s
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Accumulates text with HTML whitespace collapsing.
#[derive(Default)]
struct Pending {
    text: String,
    chars: usize,
    link_chars: usize,
    space: bool,
}

impl Pending {
    fn push(&mut self, s: &str, in_link: bool) {
        for c in s.chars() {
            if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' {
                if !self.text.is_empty() {
                    self.space = true;
                }
            } else {
                if self.space {
                    self.text.push(' ');
                    self.chars += 1;
                    self.space = false;
                }
                self.text.push(c);
                self.chars += 1;
                if in_link {
                    self.link_chars += 1;
                }
            }
        }
    }
}

/// Walks the whole document once, iteratively.
pub(crate) fn walk(html: &Html) -> Doc {
    let mut doc = Doc::default();
    let mut pending = Pending::default();
    // Open elements: (elem index, block host index, kind of host, link?, skip?).
    let mut stack: Vec<usize> = Vec::new();
    let mut host_stack: Vec<(usize, Kind)> = Vec::new();
    let mut link_depth = 0usize;
    // While Some(depth): inside a skipped subtree opened at that stack depth.
    let mut skip_at: Option<usize> = None;
    let mut title_text: Option<String> = None;
    let mut in_title = false;
    let mut h1_capture: Option<(usize, String)> = None;
    let mut byline_capture: Option<(usize, String)> = None;
    let mut ld_capture: Option<(usize, String)> = None;

    let root = html.tree.root();
    let mut node = root;
    // Index of the element opened for `node` (if it is an element), kept per stack level.
    loop {
        // ---- open ----
        let mut descend = true;
        match node.value() {
            Node::Element(el) => {
                let name = el.name();
                let idx = doc.elems.len();
                let parent = stack.last().copied().unwrap_or(idx);
                collect_meta(&mut doc.meta, el, name);
                // Elements inside skipped subtrees hold no blocks: their names do not matter.
                let names = if skip_at.is_none() {
                    descriptive_names(el.attr("class"), el.id())
                } else {
                    String::new()
                };
                let hits = if names.is_empty() {
                    [false; 4]
                } else {
                    let m = CLASS_PATTERNS.matches(&names);
                    [m.matched(0), m.matched(1), m.matched(2), m.matched(3)]
                };
                let mut weight = 0.0;
                if hits[3] {
                    weight -= 25.0;
                }
                if hits[2] {
                    weight += 25.0;
                }
                let tag = match name {
                    "div" => Tag::Div,
                    "article" => Tag::Article,
                    "section" => Tag::Section,
                    "main" => Tag::Main,
                    "body" => Tag::Body,
                    _ => Tag::Other,
                };
                doc.elems.push(Elem {
                    parent,
                    end: idx,
                    tag,
                    weight,
                    chars: 0,
                    link_chars: 0,
                    neg: false,
                    dead: false,
                });
                stack.push(idx);
                if el.attr("itemprop").is_some_and(|v| {
                    v.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("articleBody"))
                }) {
                    doc.itemprop_body.push(idx);
                }
                let depth = stack.len();
                if name == "title" && title_text.is_none() {
                    in_title = true;
                    title_text = Some(String::new());
                }
                if name == "script"
                    && el
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                {
                    ld_capture = Some((depth, String::new()));
                }
                if name == "h1" && doc.meta.h1.is_none() && h1_capture.is_none() {
                    h1_capture = Some((depth, String::new()));
                }
                if byline_capture.is_none() && doc.meta.byline_class.is_none() {
                    let cls = el.attr("class").unwrap_or("");
                    if cls.contains("byline") || el.attr("rel") == Some("author") {
                        byline_capture = Some((depth, String::new()));
                    }
                }
                if skip_at.is_none() {
                    let structural = matches!(name, "html" | "body" | "article" | "main");
                    // Chrome-like class names only mark the element: whether it is really
                    // chrome depends on how much of the page it holds (see `mark_dead`).
                    if !structural
                        && hits[0]
                        && !hits[1]
                        && let Some(e) = doc.elems.last_mut()
                    {
                        e.neg = true;
                    }
                    let skip = is_skipped_tag(name)
                        || is_hidden(el)
                        || (!structural && is_comment_thread(el.attr("class"), el.id()));
                    if skip {
                        skip_at = Some(depth);
                    } else {
                        if name == "br" {
                            flush(&mut doc, &mut pending, &host_stack);
                        } else if name == "a" {
                            link_depth += 1;
                        } else if is_block_tag(name) {
                            flush(&mut doc, &mut pending, &host_stack);
                            let kind = match name {
                                "p" => Kind::Paragraph,
                                "h1" => Kind::Heading(1),
                                "h2" => Kind::Heading(2),
                                "h3" => Kind::Heading(3),
                                "h4" => Kind::Heading(4),
                                "h5" => Kind::Heading(5),
                                "h6" => Kind::Heading(6),
                                "li" | "dt" | "dd" => Kind::ListItem,
                                "blockquote" => Kind::Quote,
                                "pre" => Kind::Pre,
                                "td" | "th" => Kind::Cell,
                                _ => Kind::Loose,
                            };
                            host_stack.push((idx, kind));
                        }
                    }
                }
            }
            Node::Text(t) => {
                let s: &str = t;
                if in_title && let Some(tt) = title_text.as_mut() {
                    tt.push_str(s);
                }
                if let Some((_, buf)) = ld_capture.as_mut() {
                    buf.push_str(s);
                }
                if let Some((_, buf)) = h1_capture.as_mut() {
                    buf.push_str(s);
                }
                if let Some((_, buf)) = byline_capture.as_mut()
                    && buf.len() < 1000
                {
                    buf.push_str(s);
                }
                if skip_at.is_none() {
                    pending.push(s, link_depth > 0);
                }
                descend = false;
            }
            Node::Document | Node::Fragment => {}
            _ => descend = false,
        }

        if descend && let Some(child) = node.first_child() {
            node = child;
            continue;
        }
        // ---- close this node and any ancestors that are finished ----
        loop {
            if let Node::Element(el) = node.value() {
                let name = el.name();
                let depth = stack.len();
                if let Some(idx) = stack.pop() {
                    let last = doc.elems.len().saturating_sub(1);
                    if let Some(e) = doc.elems.get_mut(idx) {
                        e.end = last;
                    }
                }
                if name == "title" {
                    in_title = false;
                }
                if ld_capture.as_ref().is_some_and(|(d, _)| *d == depth)
                    && let Some((_, buf)) = ld_capture.take()
                {
                    doc.meta.json_ld.push(buf);
                }
                if h1_capture.as_ref().is_some_and(|(d, _)| *d == depth)
                    && let Some((_, buf)) = h1_capture.take()
                {
                    doc.meta.h1 = Some(buf);
                }
                if byline_capture.as_ref().is_some_and(|(d, _)| *d == depth)
                    && let Some((_, buf)) = byline_capture.take()
                {
                    doc.meta.byline_class = Some(buf);
                }
                match skip_at {
                    Some(d) if d == depth => skip_at = None,
                    Some(_) => {}
                    None => {
                        if name == "a" {
                            link_depth = link_depth.saturating_sub(1);
                        } else if is_block_tag(name) {
                            flush(&mut doc, &mut pending, &host_stack);
                            host_stack.pop();
                        }
                    }
                }
            }
            if node == root {
                flush(&mut doc, &mut pending, &host_stack);
                doc.meta.title = title_text;
                accumulate(&mut doc);
                mark_dead(&mut doc);
                return doc;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(p) => node = p,
                None => {
                    flush(&mut doc, &mut pending, &host_stack);
                    doc.meta.title = title_text;
                    accumulate(&mut doc);
                    mark_dead(&mut doc);
                    return doc;
                }
            }
        }
    }
}

fn flush(doc: &mut Doc, pending: &mut Pending, host_stack: &[(usize, Kind)]) {
    if pending.text.is_empty() || doc.blocks.len() >= MAX_BLOCKS {
        *pending = Pending::default();
        return;
    }
    let (host, kind) = host_stack.last().copied().unwrap_or((0, Kind::Loose));
    let p = std::mem::take(pending);
    if let Some(e) = doc.elems.get_mut(host) {
        e.chars += p.chars;
        e.link_chars += p.link_chars;
    }
    doc.blocks.push(Block {
        text: p.text,
        host,
        kind,
        chars: p.chars,
        link_chars: p.link_chars,
    });
}

/// Adds each element's direct text counts to its ancestors; children always follow parents in
/// pre-order, so one reverse sweep suffices.
fn accumulate(doc: &mut Doc) {
    for i in (1..doc.elems.len()).rev() {
        let (parent, chars, links) = match doc.elems.get(i) {
            Some(e) => (e.parent, e.chars, e.link_chars),
            None => continue,
        };
        if parent != i
            && let Some(p) = doc.elems.get_mut(parent)
        {
            p.chars += chars;
            p.link_chars += links;
        }
    }
}

/// Propagates "chrome" down the tree in pre-order (parents come first).
fn mark_dead(doc: &mut Doc) {
    let total = doc
        .elems
        .first()
        .map(|e| e.chars.saturating_sub(e.link_chars))
        .unwrap_or(0) as f64;
    for i in 0..doc.elems.len() {
        let parent_dead = doc
            .elems
            .get(i)
            .map(|e| e.parent)
            .filter(|&p| p != i)
            .and_then(|p| doc.elems.get(p))
            .is_some_and(|p| p.dead);
        if let Some(e) = doc.elems.get_mut(i) {
            let own = e.chars.saturating_sub(e.link_chars) as f64;
            e.dead = parent_dead || (e.neg && own < total * DEAD_MAX_SHARE);
        }
    }
}

fn collect_meta(meta: &mut RawMeta, el: &scraper::node::Element, name: &str) {
    match name {
        "html" if meta.html_lang.is_none() => {
            meta.html_lang = el
                .attr("lang")
                .or_else(|| el.attr("xml:lang"))
                .map(str::to_string);
        }
        "meta" => {
            let key = el
                .attr("property")
                .or_else(|| el.attr("name"))
                .or_else(|| el.attr("itemprop"))
                .or_else(|| el.attr("http-equiv"));
            let content = el.attr("content").or_else(|| el.attr("datetime"));
            if let (Some(k), Some(c)) = (key, content)
                && meta.metas.len() < MAX_METAS
            {
                meta.metas
                    .push((k.trim().to_ascii_lowercase(), c.to_string()));
            }
        }
        "link"
            if meta.canonical.is_none()
                && el.attr("rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("canonical"))
                }) =>
        {
            meta.canonical = el.attr("href").map(str::to_string);
        }
        "time" if meta.time_datetime.is_none() => {
            meta.time_datetime = el.attr("datetime").map(str::to_string);
        }
        _ => {}
    }
}
