//! Polls one feed: conditional GET, parse, record new entries, process them.
//!
//! A poll never fails the daemon: every outcome (304, new entries, a parse error, a dead host)
//! is written to the feed's row, with the next poll time computed here: the feed's interval with
//! jitter on success, exponential backoff on failure (honouring `Retry-After`). The log gets one
//! line per poll with status, new entries and duration.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::article::ArticleProcessor;
use crate::config::FeedConfig;
use crate::db::Db;
use crate::feed::parse_feed;
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use crate::politeness::Politeness;
use crate::store::{FeedRow, NewEntry, PollFailure, PollSuccess, StoreError, now_unix};

/// How many pending entries of one feed are processed at once (fetches are further bounded by
/// [`Politeness`]).
const ENTRY_CONCURRENCY: usize = 4;

#[derive(Clone)]
pub struct Poller {
    pub db: Db,
    pub fetcher: Fetcher,
    pub politeness: Arc<Politeness>,
    pub articles: ArticleProcessor,
    pub max_age: Duration,
    pub max_backoff: Duration,
    /// Permanent errors in a row before a feed is disabled (0: never).
    pub disable_after: u32,
    /// Bounds of the interval learned from a feed's publishing rate; `None`: fixed intervals.
    pub adaptive: Option<(Duration, Duration)>,
    /// Feeds in progress at once ([`Politeness::feeds_in_progress`]).
    pub feed_slots: Arc<tokio::sync::Semaphore>,
}

/// The outcome of one poll, for the log line, tests and metrics.
#[derive(Debug, Clone, PartialEq)]
pub enum PollResult {
    NotModified,
    Fetched {
        status: u16,
        entries: usize,
        new: usize,
        repairs: Vec<String>,
    },
    Failed {
        status: Option<u16>,
        error: String,
        /// The streak of permanent errors reached `disable_after`: the feed is no longer polled.
        disabled: bool,
    },
    /// The feed was disabled earlier; nothing was fetched.
    Disabled {
        reason: String,
    },
}

impl Poller {
    /// Polls `feed` once and processes its new entries. Returns the outcome and the time the feed
    /// should next be polled (unix seconds).
    pub async fn poll(&self, feed: &FeedConfig) -> Result<(PollResult, i64), StoreError> {
        // Ten thousand feeds due at once wait here as small futures; only the feeds in
        // progress carry the whole poll (HTTP state, parsed entries), boxed. Never closed; if
        // that changed, polls would go on unbounded rather than fail.
        let _slot = self.feed_slots.clone().acquire_owned().await.ok();
        Box::pin(self.poll_now(feed)).await
    }

    async fn poll_now(&self, feed: &FeedConfig) -> Result<(PollResult, i64), StoreError> {
        let started = Instant::now();
        let (url, name) = (feed.url.clone(), feed.name.clone());
        let row = self.db.call(move |s| s.ensure_feed(&url, &name)).await?;
        if let Some(reason) = row.disabled_reason.clone() {
            return Ok((PollResult::Disabled { reason }, i64::MAX));
        }
        let fetch_url = row.fetch_url.clone().unwrap_or_else(|| feed.url.clone());
        let validators = Validators {
            etag: row.etag.clone(),
            last_modified: row.last_modified.clone(),
        };
        // The feed's own rhythm, when learned, replaces the configured interval.
        let interval = match (self.adaptive, row.learned_interval) {
            (Some(_), Some(secs)) if secs > 0 => Duration::from_secs(secs as u64),
            _ => feed.poll_interval,
        };
        // A fetched body keeps its body slot until its entries are stored, so a fast network
        // cannot pile up feeds waiting for the parser or the disk. A 304 or an error frees
        // every slot at once.
        let permit = self.politeness.acquire(&fetch_url).await;
        // Time spent waiting for politeness slots: shows an operator when limits, not the
        // network, set the pace.
        let wait_ms = started.elapsed().as_millis();
        let fetched = self
            .politeness
            .run(
                &permit,
                self.fetcher.get_gated(&fetch_url, &validators, &permit),
            )
            .await;
        let fetch_ms = started.elapsed().as_millis() - wait_ms;
        let (result, next) = match fetched {
            Ok(FetchOutcome::NotModified { max_age }) => {
                // Nothing to parse or hold: the slot is for the next feed.
                permit.release();
                let next = next_success(interval, max_age);
                let id = row.id;
                self.db
                    .call(move |s| s.record_not_modified(id, next))
                    .await?;
                (PollResult::NotModified, next)
            }
            Ok(FetchOutcome::Body(body)) => {
                let ct = body.content_type.clone();
                let base = body.final_url.to_string();
                let bytes = body.body;
                let parsed = match tokio::task::spawn_blocking(move || {
                    parse_feed(&bytes, ct.as_deref(), Some(&base))
                })
                .await
                {
                    Ok(p) => p,
                    Err(join) => {
                        // parse_feed isolates feed-rs panics itself; this is the last line of
                        // defence, and it fails this feed only.
                        let failure = FeedFailure {
                            status: Some(body.status),
                            error: format!("the feed parser panicked: {join}"),
                            retry_after: None,
                            permanent: false,
                        };
                        let r = self.record_failure(&row, feed, failure, &[]).await?;
                        tracing::warn!(feed = %feed.name, "feed parser panicked");
                        return Ok(r);
                    }
                };
                let permanent = body.permanent_redirect.map(|u| u.to_string());
                if parsed.entries.is_empty() && parsed.error.is_some() {
                    let mut error = parsed.error.clone().unwrap_or_default();
                    if !parsed.alternates.is_empty() {
                        error = format!(
                            "{error}; the page links to feeds: {}",
                            parsed.alternates.join(", ")
                        );
                    }
                    // An HTML page with no feed in it will not turn into one by itself.
                    let permanent = parsed.format.is_none()
                        && parsed
                            .error
                            .as_deref()
                            .is_some_and(|e| e.to_ascii_lowercase().contains("html"));
                    let failure = FeedFailure {
                        status: Some(body.status),
                        error,
                        retry_after: None,
                        permanent,
                    };
                    // An HTML page pointing at its feed: follow it when the operator asked to.
                    if feed.autodiscover
                        && let Some(alt) = parsed.alternates.first().cloned()
                    {
                        let id = row.id;
                        tracing::info!(feed = %feed.name, to = %alt, "autodiscovered a feed; polling it from now on");
                        self.db.call(move |s| s.set_fetch_url(id, &alt)).await?;
                    }
                    self.record_failure(&row, feed, failure, &parsed.repairs)
                        .await?
                } else {
                    let now = now_unix();
                    let cutoff = now - self.max_age.as_secs() as i64;
                    let entries: Vec<NewEntry> = parsed
                        .entries
                        .iter()
                        .map(|e| {
                            let published = e.published.map(|p| p.timestamp());
                            NewEntry {
                                key: e.id.clone(),
                                title: e.title.clone(),
                                link: e.link.clone(),
                                published,
                                summary: e.summary.clone(),
                                content_html: e.content_html.clone(),
                                authors: e.authors.clone(),
                                too_old: published.is_some_and(|p| p < cutoff),
                            }
                        })
                        .collect();
                    let learned = self.adaptive.and_then(|(lo, hi)| {
                        let dates: Vec<i64> = entries.iter().filter_map(|e| e.published).collect();
                        learned_interval(&dates, lo, hi)
                    });
                    let next = next_success(
                        learned.unwrap_or(interval),
                        parsed
                            .ttl_minutes
                            .map(|m| Duration::from_secs(u64::from(m) * 60)),
                    );
                    let poll = PollSuccess {
                        status: body.status,
                        etag: body.validators.etag,
                        last_modified: body.validators.last_modified,
                        fetch_url: permanent,
                        format: parsed.format.clone(),
                        title: parsed.title.clone(),
                        repairs: parsed.repairs.clone(),
                        next_poll_at: next,
                        learned_interval: learned.map(|d| d.as_secs() as i64),
                    };
                    let n = entries.len();
                    let id = row.id;
                    let new = self
                        .db
                        .call(move |s| s.record_poll_success(id, &poll, &entries))
                        .await?;
                    if !parsed.repairs.is_empty() {
                        tracing::warn!(feed = %feed.name, repairs = ?parsed.repairs, "feed needed repairs to parse");
                    }
                    (
                        PollResult::Fetched {
                            status: body.status,
                            entries: n,
                            new,
                            repairs: parsed.repairs,
                        },
                        next,
                    )
                }
            }
            Err(e) => {
                permit.release();
                let failure = FeedFailure {
                    status: e.status(),
                    error: e.to_string(),
                    retry_after: e.retry_after(),
                    permanent: e.is_permanent(),
                };
                self.record_failure(&row, feed, failure, &[]).await?
            }
        };
        drop(permit);
        {
            use crate::metrics::{METRICS, inc};
            match &result {
                PollResult::NotModified => inc(&METRICS.polls_not_modified, 1),
                PollResult::Fetched { new, .. } => {
                    inc(&METRICS.polls_fetched, 1);
                    inc(&METRICS.entries_new, *new as u64);
                }
                PollResult::Failed { .. } => {
                    inc(&METRICS.polls_failed, 1);
                    METRICS.feed_error(&feed.name);
                }
                PollResult::Disabled { .. } => {}
            }
        }
        let processed = self.process_pending(Some(row.id)).await?;
        let ms = started.elapsed().as_millis();
        match &result {
            PollResult::NotModified => {
                tracing::info!(feed = %feed.name, status = 304, new = 0, processed, ms, wait_ms, fetch_ms, "polled")
            }
            PollResult::Fetched {
                status,
                entries,
                new,
                ..
            } => {
                tracing::info!(feed = %feed.name, status, entries, new, processed, ms, wait_ms, fetch_ms, "polled")
            }
            PollResult::Disabled { reason } => {
                tracing::debug!(feed = %feed.name, reason = %reason, "feed is disabled; not polled")
            }
            PollResult::Failed { status, error, .. } => {
                tracing::warn!(feed = %feed.name, status = ?status, error = %error, ms, "poll failed")
            }
        }
        Ok((result, next))
    }

    async fn record_failure(
        &self,
        row: &FeedRow,
        feed: &FeedConfig,
        failure: FeedFailure,
        repairs: &[String],
    ) -> Result<(PollResult, i64), StoreError> {
        let next = next_failure(
            feed.poll_interval,
            self.max_backoff,
            row.consecutive_failures + 1,
            failure.retry_after,
        );
        let record = PollFailure {
            status: failure.status,
            error: failure.error.clone(),
            repairs: repairs.to_vec(),
            next_poll_at: next,
            permanent: failure.permanent,
        };
        let (id, limit) = (row.id, i64::from(self.disable_after));
        let after = self
            .db
            .call(move |s| s.record_poll_failure(id, &record, limit))
            .await?;
        let disabled = after.disabled_reason.is_some();
        if disabled {
            tracing::error!(feed = %feed.name, reason = after.disabled_reason.as_deref().unwrap_or(""), "feed disabled; fix it, then run `newswatch enable-feed URL`");
        }
        Ok((
            PollResult::Failed {
                status: failure.status,
                error: failure.error,
                disabled,
            },
            if disabled { i64::MAX } else { next },
        ))
    }

    /// Processes pending entries (of one feed, or all); returns how many were stored.
    pub async fn process_pending(&self, feed_id: Option<i64>) -> Result<usize, StoreError> {
        let mut done = 0;
        loop {
            let batch = self
                .db
                .call(move |s| s.pending_entries(feed_id, 64))
                .await?;
            if batch.is_empty() {
                return Ok(done);
            }
            let mut set = tokio::task::JoinSet::new();
            let mut iter = batch.into_iter();
            let mut stored_in_batch = 0;
            loop {
                while set.len() < ENTRY_CONCURRENCY {
                    let Some(entry) = iter.next() else { break };
                    let proc = self.articles.clone();
                    let slot = proc.limits.slot().await;
                    set.spawn(async move {
                        let key = entry.key.clone();
                        (key, proc.process(entry, slot).await)
                    });
                }
                let Some(joined) = set.join_next().await else {
                    break;
                };
                match joined {
                    Ok((_, Ok(p))) => {
                        stored_in_batch += 1;
                        crate::metrics::inc(&crate::metrics::METRICS.articles, 1);
                        crate::metrics::inc(
                            &crate::metrics::METRICS.matches,
                            p.matches.len() as u64,
                        );
                        tracing::debug!(article = p.article_id, source = p.source, matches = p.matches.len(), quotes = p.quotes, reason = ?p.fallback_reason, "article stored");
                    }
                    Ok((key, Err(e))) => {
                        tracing::error!(entry = %key, error = %e, "could not store an article; it stays pending");
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "an article task panicked; the entry stays pending")
                    }
                }
            }
            done += stored_in_batch;
            if stored_in_batch == 0 {
                // Every entry of the batch failed to store (e.g. a full disk): stop rather than
                // spin; they stay pending for the next cycle.
                return Ok(done);
            }
        }
    }
}

struct FeedFailure {
    status: Option<u16>,
    error: String,
    retry_after: Option<Duration>,
    permanent: bool,
}

/// Half the median gap between a feed's recent entries, within `[lo, hi]`: a feed that
/// publishes every 20 minutes is polled every 10, one that publishes twice a day every few hours.
/// `None` when fewer than 3 dated entries say nothing about the rhythm.
pub fn learned_interval(published: &[i64], lo: Duration, hi: Duration) -> Option<Duration> {
    let mut ts: Vec<i64> = published.to_vec();
    ts.sort_unstable_by(|a, b| b.cmp(a));
    ts.truncate(20);
    if ts.len() < 3 {
        return None;
    }
    let mut gaps: Vec<i64> = ts
        .windows(2)
        .map(|w| w[0] - w[1])
        .filter(|g| *g >= 0)
        .collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let median = gaps[gaps.len() / 2].max(0) as u64;
    Some(Duration::from_secs(median / 2).clamp(lo, hi.max(lo)))
}

/// The interval with ±10% jitter so feeds configured together drift apart; a server's
/// `max-age`/`ttl` longer than the interval is respected.
pub fn next_success(interval: Duration, server_hint: Option<Duration>) -> i64 {
    let base = match server_hint {
        Some(h) if h > interval => h.min(interval * 4),
        _ => interval,
    };
    now_unix() + jittered(base, 0.9, 1.1).as_secs().max(1) as i64
}

/// Exponential backoff from the feed's interval, capped, with jitter; `Retry-After` wins when it
/// asks for longer.
pub fn next_failure(
    interval: Duration,
    max_backoff: Duration,
    failures: i64,
    retry_after: Option<Duration>,
) -> i64 {
    now_unix()
        + backoff_delay(interval, max_backoff, failures, retry_after)
            .as_secs()
            .max(1) as i64
}

pub fn backoff_delay(
    interval: Duration,
    max_backoff: Duration,
    failures: i64,
    retry_after: Option<Duration>,
) -> Duration {
    let exp = failures.clamp(1, 20) as u32 - 1;
    let base = interval
        .checked_mul(1u32 << exp.min(16))
        .unwrap_or(max_backoff)
        .min(max_backoff.max(interval));
    let d = jittered(base, 0.8, 1.2).min(max_backoff.max(interval));
    match retry_after {
        Some(r) if r > d => r.min(Duration::from_secs(7 * 86_400)),
        _ => d,
    }
}

fn jittered(d: Duration, lo: f64, hi: f64) -> Duration {
    d.mul_f64(lo + fastrand::f64() * (hi - lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learned_interval_follows_the_publishing_rate() {
        let lo = Duration::from_secs(300);
        let hi = Duration::from_secs(7200);
        let every_20m: Vec<i64> = (0..10).map(|i| 1_000_000 - i * 1200).collect();
        assert_eq!(
            learned_interval(&every_20m, lo, hi),
            Some(Duration::from_secs(600))
        );
        let twice_a_day: Vec<i64> = (0..6).map(|i| 1_000_000 - i * 43_200).collect();
        assert_eq!(learned_interval(&twice_a_day, lo, hi), Some(hi));
        let bursty: Vec<i64> = (0..10).map(|i| 1_000_000 - i * 10).collect();
        assert_eq!(learned_interval(&bursty, lo, hi), Some(lo));
        assert_eq!(learned_interval(&[1, 2], lo, hi), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let i = Duration::from_secs(60);
        let cap = Duration::from_secs(3600);
        let d1 = backoff_delay(i, cap, 1, None);
        let d3 = backoff_delay(i, cap, 3, None);
        let d30 = backoff_delay(i, cap, 30, None);
        assert!(
            d1 >= Duration::from_secs(48) && d1 <= Duration::from_secs(72),
            "{d1:?}"
        );
        assert!(
            d3 >= Duration::from_secs(192) && d3 <= Duration::from_secs(288),
            "{d3:?}"
        );
        assert!(d30 <= cap, "{d30:?}");
        let ra = backoff_delay(i, cap, 1, Some(Duration::from_secs(900)));
        assert_eq!(ra, Duration::from_secs(900));
    }
}
