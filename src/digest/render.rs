//! Renders a [`DigestInput`] (or one alert) into a subject, a plain-text part and an HTML part.
//!
//! Rust builds a view model first (grouping duplicates, choosing quotes, formatting local times,
//! cleaning every web string of control characters and splitting snippets into highlighted
//! segments); the templates in `templates/` only lay it out. HTML escaping is minijinja's
//! autoescape for `.html` templates: templates never use `|safe`, so a hostile title cannot
//! inject markup. Links are emitted only for http(s) URLs. Operators may override any template
//! by putting a file of the same name in a directory ([`DigestRenderer::with_template_dir`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use jiff::tz::TimeZone;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;
use url::Url;

use super::dedup::{BodyFingerprint, canonical_url, same_story};
use super::model::{AlertInput, DigestArticle, DigestInput, DigestQuote, FailingFeed};
use super::schedule::from_chrono;

/// Template names; the extension decides autoescaping.
const DIGEST_HTML: &str = "digest.html";
const DIGEST_TXT: &str = "digest.txt";
const ALERT_HTML: &str = "alert.html";
const ALERT_TXT: &str = "alert.txt";

const BUILTIN_TEMPLATES: [(&str, &str); 4] = [
    (DIGEST_HTML, include_str!("templates/digest.html")),
    (DIGEST_TXT, include_str!("templates/digest.txt")),
    (ALERT_HTML, include_str!("templates/alert.html")),
    (ALERT_TXT, include_str!("templates/alert.txt")),
];

/// Quotes shown per article: enough to convey the voices, short enough to scan.
const MAX_QUOTES: usize = 3;
const MAX_TITLE_CHARS: usize = 300;
const MAX_SNIPPET_CHARS: usize = 600;
const MAX_QUOTE_CHARS: usize = 400;
const MAX_NAME_CHARS: usize = 120;
const MAX_ERROR_CHARS: usize = 300;
const MAX_SUBJECT_CHARS: usize = 200;
/// Width of the plain-text part (RFC 3676 suggests under 78).
const TEXT_WIDTH: usize = 76;

/// Why a digest could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error("template {name}: {source:#}")]
    Template {
        name: String,
        #[source]
        source: minijinja::Error,
    },
    #[error("cannot read template {}: {source}", path.display())]
    TemplateRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("template directory {} does not exist or is not a directory", .0.display())]
    TemplateDir(PathBuf),
}

/// What goes into the email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedDigest {
    /// One line, no control characters, no encoded-word openers: safe as a header value.
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Stories shown (duplicates count once; an article under two topics counts once).
    pub article_count: usize,
    /// Topics with at least one article.
    pub topic_count: usize,
}

/// Holds the template environment; build once, render many.
pub struct DigestRenderer {
    env: Environment<'static>,
}

impl std::fmt::Debug for DigestRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DigestRenderer").finish_non_exhaustive()
    }
}

impl DigestRenderer {
    /// A renderer with the built-in templates.
    pub fn new() -> Result<Self, DigestError> {
        let mut env = base_env();
        for (name, source) in BUILTIN_TEMPLATES {
            env.add_template(name, source)
                .map_err(|source| template_error(name, source))?;
        }
        Ok(DigestRenderer { env })
    }

    /// A renderer where each of `digest.html`, `digest.txt`, `alert.html`, `alert.txt` found in
    /// `dir` replaces the built-in one. Templates are read and compiled now, so a syntax error
    /// shows at startup (with its line), not at 07:00.
    pub fn with_template_dir(dir: &Path) -> Result<Self, DigestError> {
        if !dir.is_dir() {
            return Err(DigestError::TemplateDir(dir.to_path_buf()));
        }
        let mut env = base_env();
        for (name, builtin) in BUILTIN_TEMPLATES {
            let path = dir.join(name);
            let source = match std::fs::read_to_string(&path) {
                Ok(s) => s,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => builtin.to_string(),
                Err(source) => return Err(DigestError::TemplateRead { path, source }),
            };
            env.add_template_owned(name, source)
                .map_err(|source| template_error(name, source))?;
        }
        Ok(DigestRenderer { env })
    }

    /// Renders the daily digest.
    pub fn render(&self, input: &DigestInput) -> Result<RenderedDigest, DigestError> {
        let view = digest_view(input);
        let text = self.render_one(DIGEST_TXT, &view)?;
        let html = self.render_one(DIGEST_HTML, &view)?;
        Ok(RenderedDigest {
            subject: view.subject,
            text,
            html,
            article_count: view.article_count,
            topic_count: view.topic_count,
        })
    }

    /// Renders the short immediate alert for one article that matched one topic.
    pub fn render_alert(&self, input: &AlertInput) -> Result<RenderedDigest, DigestError> {
        let view = alert_view(input);
        let text = self.render_one(ALERT_TXT, &view)?;
        let html = self.render_one(ALERT_HTML, &view)?;
        Ok(RenderedDigest {
            subject: view.subject,
            text,
            html,
            article_count: 1,
            topic_count: 1,
        })
    }

    fn render_one<T: Serialize>(&self, name: &str, view: &T) -> Result<String, DigestError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|source| template_error(name, source))?;
        template
            .render(Serde(view))
            .map_err(|source| template_error(name, source))
    }
}

fn template_error(name: &str, source: minijinja::Error) -> DigestError {
    DigestError::Template {
        name: name.to_string(),
        source,
    }
}

fn base_env() -> Environment<'static> {
    let mut env = Environment::new();
    // Lenient undefined values would silently print nothing for a misspelt field in an
    // operator's template; semi-strict still lets `{% if x %}` test optional fields.
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    // Text parts end with a newline like any text file.
    syntax
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true);
    if let Ok(syntax) = syntax.build() {
        env.set_syntax(syntax);
    }
    env.set_formatter(html_formatter);
    env.add_filter("wrap", wrap_filter);
    env
}

/// minijinja's HTML escaping also turns `/` into `&#x2f;`, which is valid but makes every
/// href look obfuscated to spam filters and to anyone reading the source. This escapes the
/// five characters that matter (`& < > " '`) and defers to the default formatter otherwise.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if matches!(state.auto_escape(), AutoEscape::Html)
        && !value.is_safe()
        && let Some(s) = value.as_str()
    {
        return out.write_str(&escape_html(s)).map_err(|_| {
            minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write output")
        });
    }
    minijinja::escape_formatter(out, state, value)
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `{{ text|wrap(76, "  ") }}`: greedy word wrap for the plain-text part; continuation lines get
/// `indent`. Words longer than the width (URLs) are kept whole.
fn wrap_filter(value: String, width: usize, indent: Option<String>) -> String {
    let indent = indent.unwrap_or_default();
    let width = width.max(20);
    let mut out = String::with_capacity(value.len() + 16);
    let mut line_len = 0usize;
    for word in value.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            out.push_str(&indent);
            line_len = indent.chars().count();
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// View model: what the templates see.

#[derive(Debug, Serialize)]
struct DigestView {
    subject: String,
    recipient: String,
    generated: String,
    period_start: Option<String>,
    timezone: String,
    article_count: usize,
    topic_count: usize,
    /// "3 articles in 2 topics"
    summary: String,
    topics: Vec<TopicView>,
    failing_feeds: Vec<FailingView>,
    list_id: String,
    text_width: usize,
}

#[derive(Debug, Serialize)]
struct TopicView {
    name: String,
    story_count: usize,
    stories: Vec<StoryView>,
}

#[derive(Debug, Serialize)]
struct StoryView {
    title: String,
    /// Present only for http(s) URLs.
    href: Option<String>,
    feed: String,
    published: Option<String>,
    snippet: Vec<Segment>,
    /// The snippet for the text part, matched terms as `*term*`.
    snippet_text: String,
    quotes: Vec<QuoteView>,
    also_in: Vec<AlsoView>,
    /// "Feed B, Feed C"
    also_in_text: String,
}

#[derive(Debug, Serialize)]
struct Segment {
    text: String,
    mark: bool,
}

#[derive(Debug, Serialize)]
struct QuoteView {
    speaker: Option<String>,
    role: Option<String>,
    text: String,
    /// `Speaker (role): “text”` for the text part.
    line: String,
}

#[derive(Debug, Serialize)]
struct AlsoView {
    feed: String,
    href: Option<String>,
}

#[derive(Debug, Serialize)]
struct FailingView {
    name: String,
    url: String,
    href: Option<String>,
    since: String,
    error: String,
}

#[derive(Debug, Serialize)]
struct AlertView {
    subject: String,
    recipient: String,
    generated: String,
    timezone: String,
    topic: String,
    story: StoryView,
    list_id: String,
    text_width: usize,
}

fn digest_view(input: &DigestInput) -> DigestView {
    let tz = zone(&input.timezone);
    let mut counted: HashSet<i64> = HashSet::new();
    let mut topics = Vec::new();
    for section in &input.topics {
        let stories = group_stories(&section.articles, &tz);
        if stories.is_empty() {
            continue;
        }
        counted.extend(stories.iter().map(|(id, _)| *id));
        topics.push(TopicView {
            name: clean(&section.name, MAX_NAME_CHARS),
            story_count: stories.len(),
            stories: stories.into_iter().map(|(_, s)| s).collect(),
        });
    }
    let article_count = counted.len();
    let topic_count = topics.len();
    let summary = summary_line(article_count, topic_count);
    let day = format_time(input.generated_at, &tz, "%-d %b %Y");
    let subject = sanitize_subject(&if article_count == 0 {
        format!("newswatch: no new articles — {day}")
    } else {
        format!("newswatch: {summary} — {day}")
    });
    let mut failing: Vec<&FailingFeed> = input.failing_feeds.iter().collect();
    failing.sort_by_key(|f| f.failing_since);
    DigestView {
        subject,
        recipient: clean(&input.recipient, MAX_NAME_CHARS * 2),
        generated: format_time(input.generated_at, &tz, TIME_FORMAT),
        period_start: input.period_start.map(|t| format_time(t, &tz, TIME_FORMAT)),
        timezone: zone_label(&tz),
        article_count,
        topic_count,
        summary,
        topics,
        failing_feeds: failing
            .into_iter()
            .map(|f| FailingView {
                name: clean(&f.name, MAX_NAME_CHARS),
                url: clean(&f.url, MAX_TITLE_CHARS),
                href: safe_href(&f.url),
                since: format_time(f.failing_since, &tz, TIME_FORMAT),
                error: clean(&f.last_error, MAX_ERROR_CHARS),
            })
            .collect(),
        list_id: clean(&input.list_id, MAX_NAME_CHARS),
        text_width: TEXT_WIDTH,
    }
}

fn alert_view(input: &AlertInput) -> AlertView {
    let tz = zone(&input.timezone);
    let story = story_view(&input.article, &[], &tz);
    let topic = clean(&input.topic, MAX_NAME_CHARS);
    let subject = sanitize_subject(&format!("newswatch alert: {topic} — {}", story.title));
    AlertView {
        subject,
        recipient: clean(&input.recipient, MAX_NAME_CHARS * 2),
        generated: format_time(input.generated_at, &tz, TIME_FORMAT),
        timezone: zone_label(&tz),
        topic,
        story,
        list_id: clean(&input.list_id, MAX_NAME_CHARS),
        text_width: TEXT_WIDTH,
    }
}

fn summary_line(articles: usize, topics: usize) -> String {
    if articles == 0 {
        return "No new articles".to_string();
    }
    let a = if articles == 1 { "article" } else { "articles" };
    let t = if topics == 1 { "topic" } else { "topics" };
    format!("{articles} {a} in {topics} {t}")
}

/// Groups one section's articles into stories (same canonical URL, same article id, or
/// near-identical body), newest first. Returns each story's primary article id with its view.
fn group_stories(articles: &[DigestArticle], tz: &TimeZone) -> Vec<(i64, StoryView)> {
    let n = articles.len();
    let mut uf = UnionFind::new(n);
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        for key in [format!("id:{}", a.article_id), canonical_url(&a.url)] {
            if key.is_empty() {
                continue;
            }
            match by_key.get(&key) {
                Some(&j) => uf.union(i, j),
                None => {
                    by_key.insert(key, i);
                }
            }
        }
    }
    let prints: Vec<BodyFingerprint> = articles
        .iter()
        .map(|a| BodyFingerprint::new(&a.body_text))
        .collect();
    for i in 0..n {
        for j in (i + 1)..n {
            if let (Some(a), Some(b)) = (prints.get(i), prints.get(j))
                && uf.find(i) != uf.find(j)
                && same_story(a, b)
            {
                uf.union(i, j);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<&DigestArticle>> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        groups.entry(uf.find(i)).or_default().push(a);
    }
    let mut stories: Vec<(Option<DateTime<Utc>>, i64, StoryView)> = groups
        .into_values()
        .filter_map(|mut members| {
            // The earliest report is the story's primary entry; the others are "also in".
            members.sort_by_key(|a| (a.published.is_none(), a.published, a.article_id));
            let (primary, others) = members.split_first()?;
            Some((
                primary.published,
                primary.article_id,
                story_view(primary, others, tz),
            ))
        })
        .collect();
    // Newest first; undated articles last.
    stories.sort_by(|a, b| {
        b.0.is_some()
            .cmp(&a.0.is_some())
            .then(b.0.cmp(&a.0))
            .then(b.1.cmp(&a.1))
    });
    stories.into_iter().map(|(_, id, s)| (id, s)).collect()
}

fn story_view(primary: &DigestArticle, others: &[&DigestArticle], tz: &TimeZone) -> StoryView {
    let feed = clean(&primary.feed_name, MAX_NAME_CHARS);
    let mut seen_feeds: HashSet<String> = HashSet::from([feed.to_lowercase()]);
    let mut also_in = Vec::new();
    for other in others {
        let name = clean(&other.feed_name, MAX_NAME_CHARS);
        if !name.is_empty() && seen_feeds.insert(name.to_lowercase()) {
            also_in.push(AlsoView {
                feed: name,
                href: safe_href(&other.url),
            });
        }
    }
    let also_in_text = also_in
        .iter()
        .map(|a| a.feed.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    // A syndicated copy may carry quotes the primary's extraction missed.
    let quote_source = std::iter::once(primary)
        .chain(others.iter().copied())
        .find(|a| a.quotes.iter().any(|q| !q.text.trim().is_empty()))
        .unwrap_or(primary);
    let snippet = snippet_segments(&primary.snippet, &primary.highlights);
    let snippet_text = snippet
        .iter()
        .map(|s| {
            let core = s.text.trim();
            if s.mark && !core.is_empty() {
                // Spaces stay outside the markers so `*term*` reads as emphasis.
                let lead = if s.text.starts_with(' ') { " " } else { "" };
                let trail = if s.text.ends_with(' ') { " " } else { "" };
                format!("{lead}*{core}*{trail}")
            } else {
                s.text.clone()
            }
        })
        .collect();
    let mut title = clean(&primary.title, MAX_TITLE_CHARS);
    if title.is_empty() {
        title = "(untitled)".to_string();
    }
    StoryView {
        title,
        href: safe_href(&primary.url),
        feed,
        published: primary.published.map(|t| format_time(t, tz, TIME_FORMAT)),
        snippet,
        snippet_text,
        quotes: choose_quotes(&quote_source.quotes, &quote_source.match_paragraphs),
        also_in,
        also_in_text,
    }
}

/// Up to [`MAX_QUOTES`] quotes, nearest to the matched paragraphs first, full quotations before
/// partial ones at the same distance, duplicates removed.
fn choose_quotes(quotes: &[DigestQuote], match_paragraphs: &[usize]) -> Vec<QuoteView> {
    let distance = |p: usize| {
        match_paragraphs
            .iter()
            .map(|m| m.abs_diff(p))
            .min()
            .unwrap_or(0)
    };
    let mut ranked: Vec<&DigestQuote> = quotes
        .iter()
        .filter(|q| !q.text.trim().is_empty())
        .collect();
    ranked.sort_by_key(|q| (distance(q.paragraph), q.partial, q.paragraph));
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for q in ranked {
        let text = clean(&q.text, MAX_QUOTE_CHARS);
        if !seen.insert(text.to_lowercase()) {
            continue;
        }
        let speaker = q
            .speaker
            .as_deref()
            .map(|s| clean(s, MAX_NAME_CHARS))
            .filter(|s| !s.is_empty());
        let role = q
            .role
            .as_deref()
            .map(|s| clean(s, MAX_NAME_CHARS))
            .filter(|s| !s.is_empty());
        let line = match (&speaker, &role) {
            (Some(s), Some(r)) => format!("{s} ({r}): “{text}”"),
            (Some(s), None) => format!("{s}: “{text}”"),
            (None, _) => format!("“{text}”"),
        };
        out.push(QuoteView {
            speaker,
            role,
            text,
            line,
        });
        if out.len() >= MAX_QUOTES {
            break;
        }
    }
    out
}

/// Splits the snippet at the highlight ranges (code points, clamped, merged when overlapping)
/// and cleans each piece, keeping single spaces at the seams.
fn snippet_segments(snippet: &str, highlights: &[(usize, usize)]) -> Vec<Segment> {
    let chars: Vec<char> = snippet.chars().collect();
    let len = chars.len();
    let mut ranges: Vec<(usize, usize)> = highlights
        .iter()
        .map(|&(s, e)| (s.min(len), e.min(len)))
        .filter(|(s, e)| s < e)
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let piece = |s: usize, e: usize| -> String { chars.get(s..e).unwrap_or(&[]).iter().collect() };
    let mut raw: Vec<(String, bool)> = Vec::new();
    let mut pos = 0;
    for (s, e) in merged {
        if pos < s {
            raw.push((piece(pos, s), false));
        }
        raw.push((piece(s, e), true));
        pos = e;
    }
    if pos < len {
        raw.push((piece(pos, len), false));
    }
    let mut out: Vec<Segment> = Vec::new();
    let mut budget = MAX_SNIPPET_CHARS;
    let last_index = raw.len().saturating_sub(1);
    for (i, (text, mark)) in raw.into_iter().enumerate() {
        let mut text = collapse_whitespace(&text);
        if i == 0 {
            text = text.trim_start().to_string();
        }
        if i == last_index {
            text = text.trim_end().to_string();
        }
        let n = text.chars().count();
        if n > budget {
            let mut cut: String = text.chars().take(budget).collect();
            cut.push('…');
            out.push(Segment { text: cut, mark });
            break;
        }
        budget -= n;
        if !text.is_empty() {
            out.push(Segment { text, mark });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Strings from the web.

/// Removes control and bidi-override characters (which would break the text layout or spoof
/// direction), collapses whitespace to single spaces, trims, and truncates to `max` characters.
fn clean(s: &str, max: usize) -> String {
    let collapsed = collapse_whitespace(s);
    let trimmed = collapsed.trim();
    if trimmed.chars().count() <= max {
        return trimmed.to_string();
    }
    let mut out: String = trimmed.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = true;
        } else if is_format_override(c) {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    if pending_space {
        out.push(' ');
    }
    out
}

fn is_format_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// A header-safe subject: one line, no encoded-word opener `=?` (a title could otherwise
/// smuggle a MIME encoded word into the header), bounded length.
fn sanitize_subject(s: &str) -> String {
    clean(&s.replace("=?", "= ?"), MAX_SUBJECT_CHARS)
}

/// The URL as an href, only when it is an absolute http(s) URL (no `javascript:`, `data:` …).
/// The url crate's serialization percent-encodes spaces and quotes.
fn safe_href(raw: &str) -> Option<String> {
    let parsed = Url::parse(raw.trim()).ok()?;
    match parsed.scheme() {
        "http" | "https" if parsed.host().is_some() => Some(parsed.to_string()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Time.

const TIME_FORMAT: &str = "%-d %b %Y %H:%M %Z";

/// The recipient's zone; an unknown name (config validation should have caught it) falls back
/// to UTC so the digest still goes out, with times labelled UTC.
fn zone(name: &str) -> TimeZone {
    TimeZone::get(name.trim()).unwrap_or(TimeZone::UTC)
}

fn zone_label(tz: &TimeZone) -> String {
    tz.iana_name().unwrap_or("UTC").to_string()
}

fn format_time(t: DateTime<Utc>, tz: &TimeZone, format: &str) -> String {
    let zoned = from_chrono(t).to_zoned_datetime(tz.clone());
    // The fallible formatter: `strftime(..).to_string()` panics if a zone lacks an abbreviation.
    jiff::fmt::strtime::format(format, &zoned)
        .or_else(|_| jiff::fmt::strtime::format("%-d %b %Y %H:%M %:z", &zoned))
        .unwrap_or_else(|_| zoned.to_string())
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            // Path halving keeps the trees shallow.
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grand;
            }
            i = grand;
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb
            && let Some(slot) = self.parent.get_mut(ra.max(rb))
        {
            *slot = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests;
