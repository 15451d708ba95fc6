//! From a recorded entry to a stored article: fetch the page, extract it, match it, find its
//! quotes, and store all of it in one transaction.
//!
//! The ArticleFetcher half does I/O (through the guarded client: article links come from third
//! parties); the rest calls the pure stages ([`ArticleExtractor`], [`TopicMatcher`],
//! [`QuoteExtractor`]) on the blocking pool, since parsing a big page is CPU work. When a page
//! cannot be fetched or yields no text, the entry's own content or summary stands in, and the
//! reason is stored with the article: an analyst still sees the story, and an operator sees why.

use std::sync::Arc;

use crate::db::Db;
use crate::extract::{ArticleExtractor, ExtractedArticle, decode_html};
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use crate::politeness::Politeness;
use crate::query::{Document, TopicMatch, TopicMatcher};
use crate::quotes::{Quote, QuoteExtractor};
use crate::store::{NewArticle, PendingEntry, StoreError};

/// The matcher sees at most this many characters of body: enough for any real article, and a
/// bound on the work a hostile page can cause.
pub const MAX_MATCH_CHARS: usize = 200_000;

/// Everything needed to process entries; cheap to clone.
#[derive(Clone)]
pub struct ArticleProcessor {
    pub db: Db,
    pub fetcher: Fetcher,
    pub politeness: Arc<Politeness>,
    pub extractor: Arc<ArticleExtractor>,
    pub quotes: Arc<QuoteExtractor>,
    pub matcher: SharedMatcher,
    /// robots.txt rules for article pages; `None` when `respect_robots_txt = false`.
    pub robots: Option<Arc<crate::robots::RobotsCache>>,
    pub limits: ArticleLimits,
}

/// Bounds on the article work in flight, shared by every feed: how many pages may be held in
/// memory between fetch and store, and how many analyses (parse, extract, match, quotes: CPU
/// work) run at once. Without them, ten thousand feeds finding new entries together would queue
/// thousands of fetched pages for the blocking pool and memory would follow.
#[derive(Clone, Debug)]
pub struct ArticleLimits {
    in_flight: Arc<tokio::sync::Semaphore>,
    cpu: Arc<tokio::sync::Semaphore>,
}

impl ArticleLimits {
    /// Pages in flight: one per concurrent fetch plus two per core waiting for a core; analyses:
    /// one per core.
    pub fn new(max_concurrent_fetches: usize) -> ArticleLimits {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        ArticleLimits {
            in_flight: Arc::new(tokio::sync::Semaphore::new(
                max_concurrent_fetches.max(1) + 2 * cores,
            )),
            cpu: Arc::new(tokio::sync::Semaphore::new(cores)),
        }
    }

    /// A place for one more article in flight. Taken before an article task is even spawned,
    /// so thousands of feeds with new entries do not become thousands of waiting tasks.
    pub async fn slot(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        // The semaphore is never closed; if that changed, work would go on unbounded rather
        // than fail.
        self.in_flight.clone().acquire_owned().await.ok()
    }
}

/// The compiled topics, swappable at run time: a config reload replaces them for the next
/// article while articles in flight finish with the ones they started with.
#[derive(Clone, Debug)]
pub struct SharedMatcher(Arc<std::sync::RwLock<Arc<TopicMatcher>>>);

impl SharedMatcher {
    pub fn new(m: TopicMatcher) -> SharedMatcher {
        SharedMatcher(Arc::new(std::sync::RwLock::new(Arc::new(m))))
    }

    pub fn current(&self) -> Arc<TopicMatcher> {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn replace(&self, m: TopicMatcher) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(m);
    }
}

/// What happened to one entry, for logs and tests.
#[derive(Debug, Clone)]
pub struct Processed {
    pub entry_id: i64,
    pub article_id: i64,
    pub source: &'static str,
    pub fallback_reason: Option<String>,
    pub matches: Vec<(i64, String)>,
    pub quotes: usize,
}

/// The result of the pure stages on one article.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub article: NewArticle,
    pub matches: Vec<TopicMatch>,
    pub quotes: Vec<Quote>,
}

impl ArticleProcessor {
    /// Fetches, analyses and stores one entry's article, holding `slot` (from
    /// [`ArticleLimits::slot`]) until it is stored.
    pub async fn process(
        &self,
        entry: PendingEntry,
        slot: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Result<Processed, StoreError> {
        let _slot = slot;
        let page = match entry.link.as_deref() {
            Some(link) => self.fetch_page(link).await,
            None => Err("the entry has no link".to_string()),
        };
        let matcher = self.matcher.current();
        let extractor = self.extractor.clone();
        let quotes = self.quotes.clone();
        let entry_for_analysis = entry.clone();
        let analysis = {
            // Never closed, as above.
            let _core = self.limits.cpu.acquire().await.ok();
            tokio::task::spawn_blocking(move || {
                analyse(&entry_for_analysis, page, &extractor, &matcher, &quotes)
            })
            .await
        };
        let analysis = match analysis {
            Ok(a) => a,
            Err(join) => {
                // A panic in a pure stage must not lose the entry: store it title-only.
                tracing::error!(entry = %entry.key, error = %join, "article analysis panicked; storing the entry without its page");
                fallback_only(&entry, format!("analysis panicked: {join}"))
            }
        };
        let entry_id = entry.id;
        let feed_id = entry.feed_id;
        let source = analysis.article.source;
        let fallback_reason = analysis.article.fallback_reason.clone();
        let nquotes = analysis.quotes.len();
        let (article_id, matches) = self
            .db
            .call(move |s| {
                s.store_article(
                    entry_id,
                    feed_id,
                    &analysis.article,
                    &analysis.matches,
                    &analysis.quotes,
                )
            })
            .await?;
        Ok(Processed {
            entry_id,
            article_id,
            source,
            fallback_reason,
            matches,
            quotes: nquotes,
        })
    }

    async fn fetch_page(&self, link: &str) -> Result<(String, Option<String>, String), String> {
        if let Some(robots) = &self.robots {
            robots.check(link).await?;
            if let (Some(delay), Some(host)) = (
                robots.crawl_delay(link),
                url::Url::parse(link)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string)),
            ) {
                self.politeness.set_host_delay(&host, delay);
            }
        }
        let permit = self.politeness.acquire(link).await;
        let fetched = self
            .politeness
            .run(
                &permit,
                self.fetcher
                    .get_gated(link, &Validators::default(), &permit),
            )
            .await;
        // From here the page is bounded by the article slot, not the fetch's.
        drop(permit);
        match fetched {
            Ok(FetchOutcome::Body(b)) => {
                let html = decode_html(&b.body, b.content_type.as_deref());
                Ok((html, b.content_type, b.final_url.to_string()))
            }
            Ok(FetchOutcome::NotModified { .. }) => {
                Err("the page answered 304 to an unconditional GET".into())
            }
            Err(e) => Err(format!("page fetch failed: {e}")),
        }
    }
}

/// The pure part: extraction with fallback, matching and quotes. No I/O.
pub fn analyse(
    entry: &PendingEntry,
    page: Result<(String, Option<String>, String), String>,
    extractor: &ArticleExtractor,
    matcher: &TopicMatcher,
    quotes: &QuoteExtractor,
) -> Analysis {
    let (extracted, url, reason) = match page {
        Ok((html, _ct, final_url)) => {
            let base = url::Url::parse(&final_url).ok();
            let ex = extractor.extract(&html, base.as_ref());
            if ex.paragraphs.is_empty() {
                (
                    Some(ex),
                    Some(final_url),
                    Some("the page yielded no article text".to_string()),
                )
            } else {
                (Some(ex), Some(final_url), None)
            }
        }
        Err(reason) => (None, entry.link.clone(), Some(reason)),
    };
    let mut article = match (&extracted, &reason) {
        (Some(ex), None) => from_extracted(entry, ex, url.clone()),
        _ => {
            let mut a = fallback_only(entry, reason.clone().unwrap_or_default()).article;
            if let Some(ex) = &extracted {
                // Metadata from the page is still better than none.
                a.byline = ex.byline.clone().or(a.byline);
                a.published = ex.published.map(|p| p.timestamp()).or(a.published);
                a.language = ex.language.clone();
                a.canonical_url = ex.canonical_url.clone();
            }
            a.url = url.clone();
            a
        }
    };
    if article.title.is_empty() {
        article.title = entry.link.clone().unwrap_or_else(|| "(untitled)".into());
    }
    let text = article.paragraphs.join("\n\n");
    let body: &str = match text.char_indices().nth(MAX_MATCH_CHARS) {
        Some((i, _)) => &text[..i],
        None => &text,
    };
    let doc = Document {
        title: &article.title,
        body,
        url: article.url.as_deref(),
        feed: Some(&entry.feed_name),
        author: article.byline.as_deref(),
        language: article.language.as_deref(),
    };
    let matches = matcher.matches(&doc);
    let found = quotes.extract(body);
    Analysis {
        article,
        matches,
        quotes: found,
    }
}

fn from_extracted(entry: &PendingEntry, ex: &ExtractedArticle, url: Option<String>) -> NewArticle {
    NewArticle {
        url,
        canonical_url: ex.canonical_url.clone(),
        title: entry
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| ex.title.clone())
            .unwrap_or_default(),
        byline: ex.byline.clone().or_else(|| entry.authors.first().cloned()),
        published: entry.published.or(ex.published.map(|p| p.timestamp())),
        language: ex.language.clone(),
        paragraphs: ex.paragraphs.clone(),
        source: "page",
        fallback_reason: None,
    }
}

/// The entry's own content, else its summary, else its title alone.
fn fallback_only(entry: &PendingEntry, reason: String) -> Analysis {
    let (paragraphs, source) = if let Some(p) = entry
        .content_html
        .as_deref()
        .map(html_paragraphs)
        .filter(|p| !p.is_empty())
    {
        (p, "feed-content")
    } else if let Some(p) = entry
        .summary
        .as_deref()
        .map(html_paragraphs)
        .filter(|p| !p.is_empty())
    {
        (p, "feed-summary")
    } else {
        (Vec::new(), "title-only")
    };
    Analysis {
        article: NewArticle {
            url: entry.link.clone(),
            canonical_url: None,
            title: entry.title.clone().unwrap_or_default(),
            byline: entry.authors.first().cloned(),
            published: entry.published,
            language: None,
            paragraphs,
            source,
            fallback_reason: Some(reason),
        },
        matches: Vec::new(),
        quotes: Vec::new(),
    }
}

/// Paragraphs of a feed's HTML fragment (or plain text): block elements and `<br>` break
/// paragraphs; whitespace is collapsed so that no paragraph contains a newline.
pub fn html_paragraphs(fragment: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(fragment);
    let mut out = Vec::new();
    let mut cur = String::new();
    fn flush(cur: &mut String, out: &mut Vec<String>) {
        let p = cur.split_whitespace().collect::<Vec<_>>().join(" ");
        if !p.is_empty() {
            out.push(p);
        }
        cur.clear();
    }
    for edge in doc.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                if let Some(el) = node.value().as_element() {
                    if is_block(el.name()) {
                        flush(&mut cur, &mut out);
                    }
                } else if let Some(t) = node.value().as_text() {
                    // Plain-text summaries separate paragraphs with blank lines.
                    let mut parts = t.split("\n\n").peekable();
                    while let Some(part) = parts.next() {
                        cur.push_str(part);
                        if parts.peek().is_some() {
                            flush(&mut cur, &mut out);
                        }
                    }
                }
            }
            ego_tree::iter::Edge::Close(node) => {
                if let Some(el) = node.value().as_element()
                    && is_block(el.name())
                {
                    flush(&mut cur, &mut out);
                }
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "section"
            | "article"
            | "tr"
            | "pre"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(content: String) -> PendingEntry {
        PendingEntry {
            id: 1,
            feed_id: 1,
            feed_name: "F".into(),
            feed_url: "https://example.org/rss".into(),
            key: "k".into(),
            title: Some("Huge".into()),
            link: None,
            published: None,
            summary: None,
            content_html: Some(content),
            authors: vec![],
        }
    }

    #[test]
    fn the_matcher_sees_a_bounded_prefix_of_a_huge_article() {
        // 2 MB of body with the only ceasefire far past the cap: no match, in bounded time.
        let filler =
            "<p>Nothing to see in this paragraph, just words and more words.</p>".repeat(30_000);
        let html = format!("{filler}<p>A ceasefire was agreed.</p>");
        let matcher = TopicMatcher::new(vec![(
            "C".into(),
            crate::query::Query::parse("ceasefire").unwrap(),
        )]);
        let start = std::time::Instant::now();
        let a = analyse(
            &entry(html),
            Err("no page".into()),
            &ArticleExtractor::new(),
            &matcher,
            &QuoteExtractor::new(),
        );
        assert!(a.article.paragraphs.len() > 1000);
        assert!(
            a.matches.is_empty(),
            "text past MAX_MATCH_CHARS is not matched"
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
        // Within the cap, it matches.
        let a = analyse(
            &entry("<p>A ceasefire was agreed.</p>".into()),
            Err("no page".into()),
            &ArticleExtractor::new(),
            &matcher,
            &QuoteExtractor::new(),
        );
        assert_eq!(a.matches.len(), 1);
    }

    #[test]
    fn fragment_paragraphs() {
        assert_eq!(
            html_paragraphs("<p>One  two</p><p>Three<br>Four</p>"),
            vec!["One two", "Three", "Four"]
        );
        assert_eq!(
            html_paragraphs("plain\n\ntext here"),
            vec!["plain", "text here"]
        );
        assert!(html_paragraphs("   ").is_empty());
    }
}
