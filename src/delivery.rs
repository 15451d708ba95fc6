//! The DigestScheduler and the outbox: when each recipient's digest is due, what goes in it, and
//! getting it to the mail server exactly once.
//!
//! A due digest is built from the store (matches after the recipient's cursor), rendered once,
//! composed with a deterministic Message-ID, and written to the outbox in the same transaction that
//! advances the cursor. Sending reads the outbox: a message is marked sent only after the server
//! accepted it, 4xx and connection errors are retried with backoff, 5xx is recorded as failed and
//! does not hold up anyone else. A kill between the server's acceptance and `mark_sent` is the only
//! way to send twice, and then the copy carries the same Message-ID.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::{Config, RecipientConfig};
use crate::db::Db;
use crate::digest::schedule::{from_chrono, to_chrono};
use crate::digest::{
    DigestArticle, DigestInput, DigestQuote, DigestRenderer, FailingFeed, RenderedDigest,
    TopicSection,
};
use crate::mailer::{Mailer, SendError, compose, retry_delay};
use crate::shutdown::Shutdown;
use crate::store::{DigestRow, QueuedMessage, StoreError, now_unix};

/// How often the loop looks for due digests and messages to retry.
pub const TICK: Duration = Duration::from_secs(5);

/// A feed shows in the footer once it has failed for this long.
pub const FAILING_FOOTER_SECS: i64 = 86_400;

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Render(#[from] crate::digest::DigestError),
    #[error(transparent)]
    Mailer(#[from] crate::mailer::MailerError),
    #[error("no [email] table in the configuration: newswatch does not know how to send mail")]
    NoEmail,
    #[error("no recipient {0} in the configuration")]
    UnknownRecipient(String),
}

/// A digest built from the store, not yet queued.
#[derive(Debug, Clone)]
pub struct BuiltDigest {
    pub input: DigestInput,
    pub rendered: RenderedDigest,
    /// The highest match id included: the recipient's next cursor.
    pub cursor: i64,
}

#[derive(Clone)]
pub struct DeliveryLoop {
    pub db: Db,
    pub config: std::sync::Arc<Config>,
    pub renderer: std::sync::Arc<DigestRenderer>,
    pub mailer: Mailer,
}

impl DeliveryLoop {
    pub fn new(db: Db, config: std::sync::Arc<Config>) -> Result<DeliveryLoop, DeliveryError> {
        let email = config.email.as_ref().ok_or(DeliveryError::NoEmail)?;
        Ok(DeliveryLoop {
            mailer: Mailer::from_config(email)?,
            renderer: std::sync::Arc::new(DigestRenderer::new()?),
            db,
            config,
        })
    }

    /// Runs until shutdown; a new configuration arriving on `updates` (a reload) applies from
    /// the next tick.
    pub async fn run(
        mut self,
        mut updates: Option<tokio::sync::watch::Receiver<std::sync::Arc<Config>>>,
        mut shutdown: Shutdown,
    ) {
        loop {
            if let Some(rx) = updates.as_mut()
                && rx.has_changed().unwrap_or(false)
            {
                let new = rx.borrow_and_update().clone();
                match new.email.as_ref().map(crate::mailer::Mailer::from_config) {
                    Some(Ok(m)) => {
                        self.mailer = m;
                        self.config = new;
                    }
                    Some(Err(e)) => {
                        tracing::error!(error = %e, "the reloaded mail settings do not work; keeping the previous ones")
                    }
                    None => self.config = new,
                }
            }
            if let Err(e) = self.queue_due(now_unix()).await {
                tracing::error!(error = %e, "could not prepare due digests; will retry");
            }
            if let Err(e) = self.queue_alerts(now_unix()).await {
                tracing::error!(error = %e, "could not prepare alerts; will retry");
            }
            if let Err(e) = self.flush(now_unix()).await {
                tracing::error!(error = %e, "could not deliver queued mail; will retry");
            }
            tokio::select! {
                _ = tokio::time::sleep(TICK) => {}
                _ = shutdown.recv() => return,
            }
        }
    }

    /// Queues every digest whose slot has come. Returns how many were queued.
    pub async fn queue_due(&self, now: i64) -> Result<usize, DeliveryError> {
        let mut queued = 0;
        for r in &self.config.recipients {
            let email = r.email.clone();
            let (_cursor, last_slot) = self.db.call(move |s| s.recipient_state(&email)).await?;
            let now_ts = from_chrono(DateTime::from_timestamp(now, 0).unwrap_or_default());
            let Some(last) = last_slot else {
                // A new recipient starts with the next slot: no digest of everything ever seen.
                if let Some(slot) = r.schedule.due_slot(None, now_ts) {
                    let (email, slot) = (r.email.clone(), to_chrono(slot).timestamp());
                    self.db.call(move |s| s.skip_slot(&email, slot)).await?;
                }
                continue;
            };
            let since = from_chrono(DateTime::from_timestamp(last, 0).unwrap_or_default());
            let Some(slot) = r.schedule.due_slot(Some(since), now_ts) else {
                continue;
            };
            let slot = to_chrono(slot).timestamp();
            if self.queue_digest(r, slot, now).await? {
                queued += 1;
            }
        }
        Ok(queued)
    }

    /// Queues an immediate alert for each new match on a topic marked `alert = "immediate"`, per
    /// recipient following it. Returns how many were queued.
    pub async fn queue_alerts(&self, now: i64) -> Result<usize, DeliveryError> {
        let Some(email_cfg) = self.config.email.as_ref() else {
            return Ok(0);
        };
        let mut queued = 0;
        for r in &self.config.recipients {
            let urgent: Vec<String> = r
                .topics
                .iter()
                .filter(|t| self.config.topic(t).is_some_and(|tc| tc.alert_immediate))
                .cloned()
                .collect();
            if urgent.is_empty() {
                continue;
            }
            let email = r.email.clone();
            let cursor = self.db.call(move |s| s.alert_cursor(&email)).await?;
            let rows = self
                .db
                .call(move |s| s.digest_rows(cursor, &urgent))
                .await?;
            for row in rows {
                let slot = row.match_id;
                let input = crate::digest::AlertInput {
                    recipient: r.email.clone(),
                    timezone: r.timezone.clone(),
                    generated_at: DateTime::from_timestamp(now, 0).unwrap_or_default(),
                    topic: row.topic.clone(),
                    article: to_article(row),
                    list_id: email_cfg.list_id.clone(),
                };
                let rendered = self.renderer.render_alert(&input)?;
                let message_id = message_id("alert", slot, &r.email, &email_cfg.from);
                let raw = compose(
                    &email_cfg.from,
                    &r.email,
                    &email_cfg.list_id,
                    &message_id,
                    &rendered,
                )?;
                let msg = QueuedMessage {
                    recipient: r.email.clone(),
                    kind: "alert",
                    slot,
                    message_id,
                    subject: rendered.subject.clone(),
                    message: raw,
                };
                if self.db.call(move |s| s.queue_alert(&msg)).await? {
                    tracing::info!(recipient = %r.email, topic = %input.topic, "alert queued");
                    queued += 1;
                }
            }
        }
        Ok(queued)
    }

    /// Builds, renders and queues one digest for `slot`. Returns false when there was nothing to
    /// send (and `send_empty` is off) or the slot was already queued.
    pub async fn queue_digest(
        &self,
        r: &RecipientConfig,
        slot: i64,
        now: i64,
    ) -> Result<bool, DeliveryError> {
        let built = self.build(r, now).await?;
        if built.rendered.article_count == 0 && !r.send_empty {
            let email = r.email.clone();
            self.db.call(move |s| s.skip_slot(&email, slot)).await?;
            tracing::info!(recipient = %r.email, "nothing matched since the last digest; no email");
            return Ok(false);
        }
        let email = self.config.email.as_ref().ok_or(DeliveryError::NoEmail)?;
        let message_id = message_id("digest", slot, &r.email, &email.from);
        let raw = compose(
            &email.from,
            &r.email,
            &email.list_id,
            &message_id,
            &built.rendered,
        )?;
        let msg = QueuedMessage {
            recipient: r.email.clone(),
            kind: "digest",
            slot,
            message_id,
            subject: built.rendered.subject.clone(),
            message: raw,
        };
        let cursor = built.cursor;
        let queued = self.db.call(move |s| s.queue_digest(&msg, cursor)).await?;
        if queued {
            tracing::info!(recipient = %r.email, articles = built.rendered.article_count, topics = built.rendered.topic_count, "digest queued");
        }
        Ok(queued)
    }

    /// What the recipient's digest would contain now.
    pub async fn build(&self, r: &RecipientConfig, now: i64) -> Result<BuiltDigest, DeliveryError> {
        let email = r.email.clone();
        let (cursor, last_slot) = self.db.call(move |s| s.recipient_state(&email)).await?;
        let topics = r.topics.clone();
        let rows = self
            .db
            .call(move |s| s.digest_rows(cursor, &topics))
            .await?;
        let failing = self
            .db
            .call(move |s| s.failing_feeds(now, FAILING_FOOTER_SECS))
            .await?;
        let new_cursor = rows.iter().map(|r| r.match_id).max().unwrap_or(cursor);
        let list_id = self
            .config
            .email
            .as_ref()
            .map(|e| e.list_id.clone())
            .unwrap_or_else(|| "digest.newswatch.localhost".into());
        let input = digest_input(r, rows, failing, now, last_slot, list_id);
        let rendered = self.renderer.render(&input)?;
        Ok(BuiltDigest {
            input,
            rendered,
            cursor: new_cursor,
        })
    }

    /// Sends every queued message whose next attempt is due by `due_by` (the daemon passes now;
    /// `digest send` passes `i64::MAX`: an operator saying "send now" means it).
    pub async fn flush(&self, due_by: i64) -> Result<FlushSummary, DeliveryError> {
        let due = self.db.call(move |s| s.due_messages(due_by)).await?;
        let from = self
            .config
            .email
            .as_ref()
            .map(|e| e.from.clone())
            .ok_or(DeliveryError::NoEmail)?;
        let mut summary = FlushSummary::default();
        for m in due {
            match self
                .mailer
                .send(&from, &m.recipient, &m.message_id, &m.message)
                .await
            {
                Ok(reply) => {
                    let id = m.id;
                    self.db.call(move |s| s.mark_sent(id)).await?;
                    tracing::info!(recipient = %m.recipient, kind = %m.kind, message_id = %m.message_id, reply = %reply, "mail delivered");
                    summary.sent += 1;
                    crate::metrics::inc(&crate::metrics::METRICS.mail_sent, 1);
                }
                Err(SendError::Transient(e)) => {
                    let next = now_unix() + retry_delay(m.attempts).as_secs() as i64;
                    let (id, err) = (m.id, e.clone());
                    self.db.call(move |s| s.mark_retry(id, &err, next)).await?;
                    tracing::warn!(recipient = %m.recipient, error = %e, retry_in_s = next - now_unix(), "mail not delivered; will retry");
                    summary.retrying += 1;
                    crate::metrics::inc(&crate::metrics::METRICS.mail_retried, 1);
                }
                Err(SendError::Permanent(e)) => {
                    let (id, err) = (m.id, e.clone());
                    self.db.call(move |s| s.mark_failed(id, &err)).await?;
                    tracing::error!(recipient = %m.recipient, error = %e, "mail refused by the server; not retrying");
                    summary.failed += 1;
                    crate::metrics::inc(&crate::metrics::METRICS.mail_failed, 1);
                }
            }
        }
        Ok(summary)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlushSummary {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// Deterministic, so that the same digest always carries the same id.
pub fn message_id(kind: &str, slot: i64, recipient: &str, from: &str) -> String {
    let domain = from
        .rsplit('@')
        .next()
        .unwrap_or("localhost")
        .trim_end_matches('>')
        .trim();
    let domain = if domain.is_empty() {
        "localhost"
    } else {
        domain
    };
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in recipient.to_ascii_lowercase().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("<{kind}.{slot}.{h:016x}@{domain}>")
}

fn digest_input(
    r: &RecipientConfig,
    rows: Vec<DigestRow>,
    failing: Vec<crate::store::FeedRow>,
    now: i64,
    last_slot: Option<i64>,
    list_id: String,
) -> DigestInput {
    let mut by_topic: HashMap<String, Vec<DigestArticle>> = HashMap::new();
    for row in rows {
        let article = to_article(row.clone());
        by_topic.entry(row.topic).or_default().push(article);
    }
    let topics = r
        .topics
        .iter()
        .filter_map(|t| {
            let mut articles = by_topic.remove(t)?;
            articles.sort_by_key(|a| std::cmp::Reverse(a.published));
            Some(TopicSection {
                name: t.clone(),
                articles,
            })
        })
        .collect();
    DigestInput {
        recipient: r.email.clone(),
        timezone: r.timezone.clone(),
        generated_at: DateTime::from_timestamp(now, 0).unwrap_or_default(),
        period_start: last_slot.and_then(|s| DateTime::from_timestamp(s, 0)),
        topics,
        failing_feeds: failing
            .into_iter()
            .map(|f| FailingFeed {
                name: f.name,
                url: f.url,
                failing_since: f
                    .failing_since
                    .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
                    .unwrap_or_default(),
                last_error: f.disabled_reason.or(f.last_error).unwrap_or_default(),
            })
            .collect(),
        list_id,
    }
}

fn to_article(mut row: DigestRow) -> DigestArticle {
    let match_paragraphs = paragraphs_of_terms(&row.text, &row.terms);
    if row.snippet.trim().is_empty() {
        // Matched on the title or a field only: the lead stands in for the snippet.
        row.snippet = lead(&row.text, 280);
        row.highlights.clear();
    } else if !row
        .snippet
        .trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', '…', ':'])
    {
        // A passage cut mid-sentence says so.
        row.snippet = format!("{}…", row.snippet.trim_end());
    }
    DigestArticle {
        article_id: row.article_id,
        title: row.title,
        url: row.url,
        feed_name: row.feed_name,
        published: row
            .published
            .or(Some(row.fetched_at))
            .and_then(|p| DateTime::from_timestamp(p, 0)),
        snippet: row.snippet,
        highlights: row.highlights,
        match_paragraphs,
        quotes: row
            .quotes
            .into_iter()
            .map(|q| DigestQuote {
                // “…, ” said X: the comma belongs to the sentence around the quote, not to it.
                text: display_quote(&q.text),
                speaker: q.speaker,
                role: q.role,
                paragraph: q.paragraph,
                partial: q.partial,
            })
            .collect(),
        body_text: row.text,
    }
}

/// A quotation as a reader expects it alone: a trailing comma (from `“…,” she said`) becomes a
/// full stop.
fn display_quote(text: &str) -> String {
    let t = text.trim_end();
    match t.strip_suffix([',', ';']) {
        Some(rest) => format!("{rest}."),
        None => t.to_string(),
    }
}

/// The start of the first paragraph, cut at a word boundary.
fn lead(text: &str, max_chars: usize) -> String {
    let first = text.split("\n\n").next().unwrap_or("");
    if first.chars().count() <= max_chars {
        return first.to_string();
    }
    let cut: String = first.chars().take(max_chars).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

/// Paragraph indices of the body hits recorded with a match (offsets are code points into the
/// text, whose paragraphs are separated by blank lines).
fn paragraphs_of_terms(text: &str, terms: &serde_json::Value) -> Vec<usize> {
    let mut starts = vec![0usize];
    let mut chars = 0usize;
    let mut prev_newline = false;
    for c in text.chars() {
        chars += 1;
        if c == '\n' {
            if prev_newline {
                starts.push(chars);
            }
            prev_newline = true;
        } else {
            prev_newline = false;
        }
    }
    let mut out: Vec<usize> = terms
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| {
            t.get("field")
                .and_then(|f| f.as_str())
                .is_none_or(|f| f == "body")
        })
        .filter_map(|t| t.get("start").and_then(|s| s.as_u64()))
        .map(|s| {
            starts
                .partition_point(|&p| p <= s as usize)
                .saturating_sub(1)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_stable_and_distinct() {
        let a = message_id("digest", 100, "a@example.org", "newswatch <n@example.org>");
        assert_eq!(
            a,
            message_id("digest", 100, "A@example.org", "newswatch <n@example.org>")
        );
        assert_ne!(
            a,
            message_id("digest", 101, "a@example.org", "newswatch <n@example.org>")
        );
        assert!(
            a.starts_with("<digest.100.") && a.ends_with("@example.org>"),
            "{a}"
        );
    }

    #[test]
    fn quotes_end_like_sentences() {
        assert_eq!(
            display_quote("it holds saves lives,"),
            "it holds saves lives."
        );
        assert_eq!(display_quote("Is it over?"), "Is it over?");
    }

    #[test]
    fn term_offsets_map_to_paragraphs() {
        let text = "first para\n\nsecond para\n\nthird";
        let terms = serde_json::json!([{"term": "x", "field": "body", "start": 13, "end": 15},
                                       {"term": "y", "field": "body", "start": 26, "end": 28}]);
        assert_eq!(paragraphs_of_terms(text, &terms), vec![1, 2]);
    }
}
