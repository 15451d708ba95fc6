//! robots.txt for article fetches: newswatch fetches a publisher's pages only where the
//! publisher allows it.
//!
//! Feeds are published to be polled, so only article pages are checked. Each origin's
//! robots.txt is fetched once (through the same guarded, bounded client as the articles) and
//! cached for a day; following the common practice of crawlers: a 4xx means no rules (allow all),
//! a 5xx or a network failure means "not now" (disallow, retried after an hour). An article that
//! may not be fetched is stored from its feed entry instead, with the reason.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use texting_robots::Robot;

use crate::fetch::{FetchError, FetchOutcome, Fetcher, Validators};

const FRESH: Duration = Duration::from_secs(24 * 3600);
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(3600);
/// robots.txt files are small; anything larger is treated as having no rules we can trust.
pub const MAX_ROBOTS_BYTES: usize = 512 * 1024;

#[derive(Clone)]
enum Rules {
    AllowAll,
    DisallowAll(String),
    Robot(Arc<Robot>),
}

pub struct RobotsCache {
    fetcher: Fetcher,
    agent: String,
    cache: Mutex<HashMap<String, (Instant, Duration, Rules)>>,
    /// One fetch of an origin's robots.txt at a time: concurrent articles of one site wait for it.
    inflight: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl std::fmt::Debug for RobotsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RobotsCache")
            .field("agent", &self.agent)
            .finish()
    }
}

impl RobotsCache {
    /// `user_agent` is the full User-Agent header; rules are matched on its product token.
    pub fn new(fetcher: Fetcher, user_agent: &str) -> RobotsCache {
        let agent = user_agent
            .split(['/', ' '])
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("newswatch")
            .to_string();
        RobotsCache {
            fetcher,
            agent,
            cache: Mutex::new(HashMap::new()),
            inflight: Mutex::new(HashMap::new()),
        }
    }

    /// The site's `Crawl-delay` for us, when its robots.txt is cached and sets one.
    pub fn crawl_delay(&self, url: &str) -> Option<Duration> {
        let origin = url::Url::parse(url).ok()?.origin().ascii_serialization();
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        match cache.get(&origin) {
            Some((_, _, Rules::Robot(r))) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(60.0))),
            _ => None,
        }
    }

    /// Ok when `url` may be fetched, Err with the reason otherwise.
    pub async fn check(&self, url: &str) -> Result<(), String> {
        let Ok(parsed) = url::Url::parse(url) else {
            return Ok(());
        };
        let origin = parsed.origin().ascii_serialization();
        let gate = {
            let mut m = self.inflight.lock().unwrap_or_else(|p| p.into_inner());
            m.entry(origin.clone()).or_default().clone()
        };
        let _turn = gate.lock().await;
        let cached = {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            cache
                .get(&origin)
                .filter(|(at, ttl, _)| at.elapsed() < *ttl)
                .map(|(_, _, r)| r.clone())
        };
        let rules = match cached {
            Some(r) => r,
            None => {
                let (rules, ttl) = self.fetch_rules(&origin).await;
                let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
                cache.insert(origin.clone(), (Instant::now(), ttl, rules.clone()));
                rules
            }
        };
        match rules {
            Rules::AllowAll => Ok(()),
            Rules::DisallowAll(why) => Err(why),
            Rules::Robot(r) if r.allowed(url) => Ok(()),
            Rules::Robot(_) => Err(format!(
                "{origin}/robots.txt disallows this page for {}",
                self.agent
            )),
        }
    }

    async fn fetch_rules(&self, origin: &str) -> (Rules, Duration) {
        let robots_url = format!("{origin}/robots.txt");
        match self.fetcher.get(&robots_url, &Validators::default()).await {
            Ok(FetchOutcome::Body(b)) => match Robot::new(&self.agent, &b.body) {
                Ok(r) => (Rules::Robot(Arc::new(r)), FRESH),
                // Unparseable rules are no rules.
                Err(_) => (Rules::AllowAll, FRESH),
            },
            Ok(FetchOutcome::NotModified { .. }) => (Rules::AllowAll, FRESH),
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => {
                (Rules::AllowAll, FRESH)
            }
            Err(FetchError::TooLarge { .. }) => (Rules::AllowAll, FRESH),
            Err(e) => (
                Rules::DisallowAll(format!(
                    "{robots_url} could not be read ({e}); trying again later"
                )),
                RETRY_AFTER_FAILURE,
            ),
        }
    }
}
