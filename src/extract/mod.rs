//! Article extraction: the main text and metadata of a news page.
//!
//! Pure (no I/O, no clock): the daemon feeds it fetched pages and `newswatch extract` feeds it
//! files. `decode_html` turns bytes into text (charset.rs); `ArticleExtractor::extract` parses
//! with scraper, walks the tree once without recursion (dom.rs), picks the body (body.rs) and
//! reads metadata (metadata.rs). `eval` is the benchmark metric used to measure all this.

mod body;
mod charset;
mod dom;
pub mod eval;
mod metadata;
mod prestrip;

pub use charset::{decode_html, sniff_encoding};

/// Default cap on the HTML given to the parser; larger pages are cut (at a char boundary).
pub const DEFAULT_MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;
/// Default cap on the markup parsed once scripts, styles and comments are emptied. Real article
/// pages carry well under 1 MB of it; the cap keeps a hostile 20 MB page within a second.
pub const DEFAULT_MAX_MARKUP_BYTES: usize = 4 * 1024 * 1024;
/// Default cap on paragraphs returned, bounding output on hostile pages.
pub const DEFAULT_MAX_PARAGRAPHS: usize = 5_000;

/// Extracts article text and metadata from HTML. Cheap to build; reuse freely across threads.
#[derive(Debug, Clone)]
pub struct ArticleExtractor {
    /// Bytes of HTML parsed at most; the rest of a larger page is ignored.
    pub max_input_bytes: usize,
    /// Bytes of markup parsed at most after scripts/styles/comments are emptied.
    pub max_markup_bytes: usize,
    /// Paragraphs returned at most.
    pub max_paragraphs: usize,
}

impl Default for ArticleExtractor {
    fn default() -> Self {
        Self {
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_markup_bytes: DEFAULT_MAX_MARKUP_BYTES,
            max_paragraphs: DEFAULT_MAX_PARAGRAPHS,
        }
    }
}

/// What a page says about its article.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ExtractedArticle {
    pub title: Option<String>,
    /// Author names only, comma separated, without "By".
    pub byline: Option<String>,
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    /// Primary language subtag, e.g. "en".
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
    /// Body paragraphs, each trimmed with whitespace collapsed (no newline inside).
    pub paragraphs: Vec<String>,
}

impl ExtractedArticle {
    /// The body as plain text: paragraphs joined by blank lines.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

impl ArticleExtractor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Extracts the article from `html` (already UTF-8). `page_url` resolves relative canonical
    /// links. Never fails: a page without an article gives empty fields.
    pub fn extract(&self, html: &str, page_url: Option<&url::Url>) -> ExtractedArticle {
        let html = truncate_at_char_boundary(html, self.max_input_bytes);
        let stripped = prestrip::prestrip(html);
        let parsed = scraper::Html::parse_document(truncate_at_char_boundary(
            &stripped,
            self.max_markup_bytes,
        ));
        let doc = dom::walk(&parsed);
        drop(parsed);
        let meta = metadata::build(&doc.meta, page_url);
        let mut paragraphs =
            body::extract_body(&doc, meta.article_body.as_deref(), meta.title.as_deref());
        for p in &mut paragraphs {
            if p.contains(char::is_whitespace) && (p.contains('\n') || p.contains("  ")) {
                *p = body::collapse(p);
            }
        }
        paragraphs.retain(|p| !p.is_empty());
        paragraphs.truncate(self.max_paragraphs);
        ExtractedArticle {
            title: meta.title,
            byline: meta.byline,
            published: meta.published,
            language: meta.language,
            canonical_url: meta.canonical_url,
            site_name: meta.site_name,
            paragraphs,
        }
    }
}

fn truncate_at_char_boundary(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// The hostile-input bound: one second in optimised builds (`cargo test --release`).
    /// Unoptimised builds run html5ever and the byte scanner tens of times slower; there the
    /// bound only catches super-linear blow-ups.
    fn time_bound() -> Duration {
        if cfg!(debug_assertions) {
            Duration::from_secs(60)
        } else {
            Duration::from_secs(1)
        }
    }

    const NEWS: &str = r##"<!doctype html><html lang="en-GB"><head>
<title>Talks resume in Doha | Example News</title>
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="/world/talks-resume">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<main><article>
<h1>Talks resume in Doha</h1>
<div class="byline">By Jane Roe and John Doe</div>
<div class="share-bar"><a href="#">Share on Facebook</a><a href="#">Tweet this story</a></div>
<div class="article-body">
<p>Negotiators returned to the table on Monday, officials said, after a week of delays that had raised fears of a collapse.</p>
<figure><img src="x.jpg"><figcaption>Delegates arrive at the venue. Photo: Agency</figcaption></figure>
<p>The talks, mediated by Qatar and Egypt, focus on a phased release of hostages, according to two people briefed on the discussions.</p>
<div class="newsletter-signup"><p>Sign up for our daily briefing, delivered to your inbox every morning.</p></div>
<h2>What comes next</h2>
<p>A second round is expected later this week, although neither side has confirmed a date, and diplomats cautioned against optimism.</p>
</div>
<section class="related-articles"><ul>
<li><a href="/a">Earlier talks stalled over sequencing of releases</a></li>
<li><a href="/b">Analysis: what a ceasefire would need to hold</a></li></ul></section>
<div id="comments"><p>Great article, thanks for writing this. I agree with everything said here completely.</p></div>
</article></main>
<footer><p>Copyright Example News 2024. All rights reserved worldwide by the publisher.</p></footer>
</body></html>"##;

    fn extract(html: &str) -> ExtractedArticle {
        ArticleExtractor::new().extract(html, None)
    }

    #[test]
    fn body_keeps_paragraphs_and_drops_page_chrome() {
        let base = url::Url::parse("https://news.example.org/x?y=1").ok();
        let a = ArticleExtractor::new().extract(NEWS, base.as_ref());
        assert_eq!(a.paragraphs.len(), 4, "{:?}", a.paragraphs);
        assert!(a.paragraphs[0].starts_with("Negotiators returned"));
        assert_eq!(a.paragraphs[2], "What comes next");
        let text = a.text();
        for chrome in [
            "Home",
            "Share on",
            "Photo: Agency",
            "Sign up",
            "Earlier talks",
            "Great article",
            "Copyright",
            "Jane Roe",
        ] {
            assert!(!text.contains(chrome), "{chrome} leaked into {text}");
        }
        assert!(
            a.paragraphs
                .iter()
                .all(|p| !p.contains('\n') && p.trim() == p)
        );
        assert_eq!(a.text(), a.paragraphs.join("\n\n"));
        assert_eq!(a.title.as_deref(), Some("Talks resume in Doha"));
        assert_eq!(a.byline.as_deref(), Some("Jane Roe, John Doe"));
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.site_name.as_deref(), Some("Example News"));
        assert_eq!(
            a.canonical_url.as_deref(),
            Some("https://news.example.org/world/talks-resume")
        );
    }

    #[test]
    fn br_separated_text_becomes_paragraphs() {
        let html = "<html><body><div class='post'>First line of the story is long enough to be read as body text.<br><br>Second line of the story, also long enough to be body text here.<br>Third line of the story follows, with more words to make it count.</div></body></html>";
        let a = extract(html);
        assert_eq!(a.paragraphs.len(), 3, "{:?}", a.paragraphs);
        assert!(a.paragraphs[1].starts_with("Second line"));
    }

    #[test]
    fn body_split_across_sibling_divs_is_merged() {
        let para = |n: usize| {
            format!(
                "<p>Paragraph {n} of the report describes events in detail, with names, places, and times for readers.</p>"
            )
        };
        let html = format!(
            "<html><body><div id='wrap'><div class='block'>{}{}</div><div class='ad'>Advertisement</div><div class='block'>{}{}</div></div><div class='sidebar'><a href='/1'>Most read one</a></div></body></html>",
            para(1),
            para(2),
            para(3),
            para(4)
        );
        let a = extract(&html);
        assert_eq!(a.paragraphs.len(), 4, "{:?}", a.paragraphs);
        assert!(a.paragraphs[3].starts_with("Paragraph 4"));
    }

    #[test]
    fn json_ld_body_prunes_inline_promos() {
        let body = "Rescue teams reached the village on Tuesday after the floods cut it off for three days, residents said. Officials said the water level was falling slowly but warned of more rain later in the week across the region. Aid groups have set up shelters in two schools and a stadium for families whose homes were destroyed by the floods.";
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"Floods","articleBody":"{body}"}}</script></head><body><div class="story">
<p>Rescue teams reached the village on Tuesday after the floods cut it off for three days, residents said.</p>
<p>READ MORE: Our full coverage of the season's storms and what forecasters expect next month</p>
<p>Officials said the water level was falling slowly but warned of more rain later in the week across the region.</p>
<p>Aid groups have set up shelters in two schools and a stadium for families whose homes were destroyed by the floods.</p>
</div></body></html>"#
        );
        let a = extract(&html);
        assert_eq!(a.paragraphs.len(), 3, "{:?}", a.paragraphs);
        assert!(!a.text().contains("READ MORE"));
    }

    #[test]
    fn json_ld_body_is_used_when_the_dom_has_none() {
        let body = (0..40)
            .map(|i| format!("Sentence number {i} of the article body text."))
            .collect::<Vec<_>>()
            .join("\\n");
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"Article","articleBody":"{body}"}}</script></head><body><div id="app"></div></body></html>"#
        );
        let a = extract(&html);
        assert_eq!(a.paragraphs.len(), 40);
        assert_eq!(
            a.paragraphs[0],
            "Sentence number 0 of the article body text."
        );
    }

    #[test]
    fn long_comment_thread_is_not_the_article() {
        let story: String = (0..3)
            .map(|i| format!("<p>Story paragraph {i} explains the council vote, the budget, and what residents said at the meeting.</p>"))
            .collect();
        let comments: String = (0..12)
            .map(|i| format!("<div class='c'><p>Comment {i}: I have lived here for years, and honestly, this vote is a disgrace to everyone.</p></div>"))
            .collect();
        let html = format!(
            "<html><body><article><div class='story'>{story}</div><section id='comments'>{comments}</section></article></body></html>"
        );
        let a = extract(&html);
        assert_eq!(a.paragraphs.len(), 3, "{:?}", a.paragraphs);
        assert!(!a.text().contains("Comment"));
    }

    #[test]
    fn amp_page_chrome_is_dropped() {
        let html = "<html amp lang='en'><body><amp-sidebar id='s'><p>Menu entry that is long enough to look like a paragraph of text.</p></amp-sidebar><article><p>The AMP story text is here, long enough, with a comma, to be the body.</p><amp-ad><p>Sponsored content that is long enough to look like a paragraph.</p></amp-ad><p>A second paragraph of the AMP story follows the advertisement slot.</p></article></body></html>";
        let a = extract(html);
        assert_eq!(a.paragraphs.len(), 2, "{:?}", a.paragraphs);
        assert_eq!(a.language.as_deref(), Some("en"));
    }

    #[test]
    fn captions_datelines_and_calls_to_action_are_not_body() {
        let html = "<html><body><article>\
            <p>By Kim Park</p><p>March 3, 2024 at 10:15 am EST</p>\
            <p>The bridge reopened on Sunday after two years of repairs, city engineers said in a statement.</p>\
            <p>Traffic crosses the bridge on Sunday (Image: City Council)</p>\
            <p>Engineers replaced the deck and strengthened the piers, at a cost of about 40 million dollars.</p>\
            <p>Sign up for our newsletter to get the latest local news.</p>\
            </article></body></html>";
        let a = extract(html);
        assert_eq!(a.paragraphs.len(), 2, "{:?}", a.paragraphs);
        assert!(a.paragraphs[0].starts_with("The bridge reopened"));
    }

    #[test]
    fn json_ld_body_with_markup_and_entities_is_cleaned() {
        let body = (0..30)
            .map(|i| format!("<p>Line {i} of the story &amp; more words here.</p>"))
            .collect::<String>();
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{body}"}}</script></head><body></body></html>"#
        );
        let a = extract(&html);
        assert_eq!(a.paragraphs.len(), 30, "{:?}", a.paragraphs);
        assert_eq!(a.paragraphs[0], "Line 0 of the story & more words here.");
    }

    #[test]
    fn next_article_of_an_infinite_scroll_is_not_merged() {
        let story = |name: &str, n: usize| -> String {
            (0..n)
                .map(|i| format!("<p>{name} paragraph {i} tells what happened, who said it, and why it matters today.</p>"))
                .collect()
        };
        let html = format!(
            "<html><body><div id='stream'><article>{}</article><article>{}</article></div></body></html>",
            story("First", 5),
            story("Second", 4)
        );
        let a = extract(&html);
        assert_eq!(a.paragraphs.len(), 5, "{:?}", a.paragraphs);
        assert!(!a.text().contains("Second"));
    }

    #[test]
    fn empty_and_garbage_input_give_empty_article() {
        assert_eq!(extract(""), ExtractedArticle::default());
        let a = extract("<<<>>><!-- <p <a href=>");
        assert!(a.paragraphs.is_empty());
    }

    #[test]
    fn twenty_megabyte_page_is_bounded() {
        let para = "<p>Word after word after word, a paragraph that repeats to fill the page, with some commas.</p>\n";
        let mut html = String::from("<html><body><div class='content'>");
        while html.len() < 20 * 1024 * 1024 {
            html.push_str(para);
        }
        let start = Instant::now();
        let a = extract(&html);
        let took = start.elapsed();
        assert!(took < time_bound(), "took {took:?}");
        assert_eq!(a.paragraphs.len(), DEFAULT_MAX_PARAGRAPHS);
    }

    #[test]
    fn one_huge_text_node_is_bounded() {
        let html = format!(
            "<html><body><p>{}</p></body></html>",
            "lorem ipsum, ".repeat(1_600_000)
        );
        let start = Instant::now();
        let a = extract(&html);
        assert!(start.elapsed() < time_bound());
        assert_eq!(a.paragraphs.len(), 1);
    }

    #[test]
    fn input_beyond_the_cap_is_ignored() {
        let ex = ArticleExtractor {
            max_input_bytes: 200,
            ..ArticleExtractor::new()
        };
        let html = format!(
            "<p>{}</p><p>LATE TEXT that should never be seen by the parser at all.</p>",
            "é".repeat(150)
        );
        let a = ex.extract(&html, None);
        assert!(!a.text().contains("LATE"));
    }

    #[test]
    fn ten_thousand_deep_nesting_is_bounded() {
        for tag in ["div", "span", "b", "a", "table", "li"] {
            let mut html = String::from("<html><body>");
            for _ in 0..10_000 {
                html.push_str(&format!("<{tag} class='x'>"));
            }
            html.push_str("<p>Deep text that sits at the very bottom of the nesting, with a comma, and more.</p>");
            for _ in 0..10_000 {
                html.push_str(&format!("</{tag}>"));
            }
            html.push_str("</body></html>");
            let start = Instant::now();
            let a = extract(&html);
            let took = start.elapsed();
            assert!(took < time_bound(), "{tag}: took {took:?}");
            assert!(
                a.text().contains("Deep text") || tag != "div",
                "{tag}: {:?}",
                a.paragraphs
            );
        }
    }

    #[test]
    fn huge_attribute_lists_are_bounded() {
        // 100,000 attributes on one element and 5,000 elements with 200 attributes each.
        let attrs: String = (0..100_000)
            .map(|i| format!(" data-a{i}=\"v{i}\""))
            .collect();
        let small: String = (0..200).map(|i| format!(" x{i}='y'")).collect();
        let mut html = format!(
            "<html><body><div{attrs}><p>The article paragraph that must survive, with a comma, and a few more words.</p></div>"
        );
        for _ in 0..5_000 {
            html.push_str(&format!("<span{small}>s</span>"));
        }
        html.push_str("</body></html>");
        let start = Instant::now();
        let a = extract(&html);
        let took = start.elapsed();
        assert!(took < time_bound(), "took {took:?}");
        assert!(
            a.text().contains("The article paragraph"),
            "{:?}",
            a.paragraphs
        );
    }

    #[test]
    fn decode_then_extract_legacy_charset() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
            "<html><head><meta charset=windows-1252><title>Caf\u{e9}</title></head><body><article><p>Le caf\u{e9} \u{e9}tait plein, disait-on, depuis l'ouverture du march\u{e9} de No\u{eb}l.</p></article></body></html>",
        );
        let a = extract(&decode_html(&bytes, None));
        assert!(a.text().contains("Le café était plein"));
        assert_eq!(a.title.as_deref(), Some("Café"));
    }
}
