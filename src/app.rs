//! Wires the stages together from a [`Config`]: the one place that knows how to build a running
//! newswatch. The daemon, `once` and the CLI commands that need the network all start here.

use std::sync::Arc;

use crate::article::{ArticleLimits, ArticleProcessor, SharedMatcher};
use crate::config::Config;
use crate::db::Db;
use crate::extract::ArticleExtractor;
use crate::fetch::{FetchSettings, Fetcher};
use crate::politeness::Politeness;
use crate::poller::Poller;
use crate::query::TopicMatcher;
use crate::quotes::QuoteExtractor;
use crate::store::Store;

/// The built pipeline.
#[derive(Clone)]
pub struct App {
    pub config: Arc<Config>,
    pub db: Db,
    pub poller: Poller,
}

pub fn fetch_settings(config: &Config, max_body: usize) -> FetchSettings {
    FetchSettings {
        user_agent: config.daemon.user_agent.clone(),
        connect_timeout: config.daemon.connect_timeout,
        timeout: config.daemon.timeout,
        max_body,
        allow_private_networks: config.daemon.allow_private_networks,
    }
}

pub fn build_matcher(config: &Config) -> TopicMatcher {
    TopicMatcher::new(
        config
            .topics
            .iter()
            .map(|t| (t.name.clone(), t.query.clone()))
            .collect(),
    )
}

impl App {
    pub fn new(config: Config) -> anyhow::Result<App> {
        let store = Store::open(&config.daemon.state_dir)?;
        App::with_store(config, Db::new(store))
    }

    pub fn with_store(config: Config, db: Db) -> anyhow::Result<App> {
        let politeness = Arc::new(Politeness::with_delay(
            config.daemon.max_concurrent_fetches,
            config.daemon.per_host_concurrency,
            config.daemon.per_host_delay,
        ));
        let feed_fetcher = Fetcher::trusted(fetch_settings(&config, config.daemon.max_feed_size))?;
        let article_fetcher =
            Fetcher::guarded(fetch_settings(&config, config.daemon.max_article_size))?;
        let robots = config.daemon.respect_robots_txt.then(|| {
            let mut s = fetch_settings(&config, crate::robots::MAX_ROBOTS_BYTES);
            s.timeout = s.timeout.min(std::time::Duration::from_secs(15));
            Fetcher::guarded(s).map(|f| {
                Arc::new(crate::robots::RobotsCache::new(
                    f,
                    &config.daemon.user_agent,
                ))
            })
        });
        let robots = robots.transpose()?;
        let articles = ArticleProcessor {
            db: db.clone(),
            fetcher: article_fetcher,
            politeness: politeness.clone(),
            extractor: Arc::new(ArticleExtractor::new()),
            quotes: Arc::new(QuoteExtractor::new()),
            matcher: SharedMatcher::new(build_matcher(&config)),
            robots,
            limits: ArticleLimits::new(config.daemon.max_concurrent_fetches),
        };
        let feed_slots = Arc::new(tokio::sync::Semaphore::new(politeness.feeds_in_progress()));
        let poller = Poller {
            db: db.clone(),
            fetcher: feed_fetcher,
            politeness,
            articles,
            feed_slots,
            max_age: config.daemon.max_age,
            max_backoff: config.daemon.max_backoff,
            disable_after: config.daemon.disable_after,
            adaptive: config.daemon.adaptive_polling.then_some((
                config.daemon.min_poll_interval,
                config.daemon.max_poll_interval,
            )),
        };
        Ok(App {
            config: Arc::new(config),
            db,
            poller,
        })
    }
}
