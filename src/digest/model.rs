//! Input of the digest renderer, as the daemon builds it from the store.
//!
//! Every string here may come from a hostile web page or feed: the renderer escapes and sanitizes
//! it, so callers pass raw values. Times are `chrono::DateTime<Utc>` because the store and feed-rs
//! speak chrono; the renderer converts to the recipient's zone with jiff.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Everything one recipient's digest shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DigestInput {
    /// The recipient's email address (shown in the header, never parsed).
    pub recipient: String,
    /// IANA time zone name; an unknown name falls back to UTC rather than failing the digest.
    pub timezone: String,
    /// The instant the digest is built (its date goes into the subject).
    pub generated_at: DateTime<Utc>,
    /// Start of the period covered (the previous digest), if any.
    pub period_start: Option<DateTime<Utc>>,
    /// Sections in the recipient's topic order; empty sections are not shown.
    pub topics: Vec<TopicSection>,
    /// Feeds failing for over a day, listed in the footer.
    pub failing_feeds: Vec<FailingFeed>,
    /// The List-Id value, e.g. "newswatch.example.org"; named in the footer.
    pub list_id: String,
}

/// One topic and the articles that matched it in the period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopicSection {
    pub name: String,
    pub articles: Vec<DigestArticle>,
}

/// One matched article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DigestArticle {
    pub article_id: i64,
    pub title: String,
    pub url: String,
    pub feed_name: String,
    pub published: Option<DateTime<Utc>>,
    /// Text around the match.
    pub snippet: String,
    /// Matched terms as end-exclusive Unicode code-point ranges into `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// 0-based paragraphs where the matched terms are (quotes near them are shown first).
    pub match_paragraphs: Vec<usize>,
    pub quotes: Vec<DigestQuote>,
    /// The article body, used only to detect near-duplicates; never rendered.
    pub body_text: String,
}

/// One quotation, as the quote extractor reports it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DigestQuote {
    pub text: String,
    pub speaker: Option<String>,
    pub role: Option<String>,
    pub paragraph: usize,
    pub partial: bool,
}

/// A feed that has failed for over a day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FailingFeed {
    pub name: String,
    pub url: String,
    pub failing_since: DateTime<Utc>,
    pub last_error: String,
}

/// An immediate alert: one article that matched one urgent topic.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AlertInput {
    pub recipient: String,
    pub timezone: String,
    pub generated_at: DateTime<Utc>,
    pub topic: String,
    pub article: DigestArticle,
    pub list_id: String,
}
