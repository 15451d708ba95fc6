//! The long-running service and the one-shot cycle.
//!
//! `run` gives every feed its own task that sleeps until the feed's `next_poll_at` (kept in the
//! store, so a restart resumes the schedule and the backoff), polls, and sleeps again: a slow or
//! failing feed only delays itself. Entries left pending by a crash are resumed first. On
//! SIGINT/SIGTERM every task abandons its in-flight work at the next await (store writes are
//! transactions, so nothing is half-written) and the process exits within seconds.

use std::time::Duration;

use crate::app::App;
use crate::config::FeedConfig;
use crate::delivery::DeliveryLoop;
use crate::poller::PollResult;
use crate::shutdown::Shutdown;
use crate::store::now_unix;

/// How long tasks get to stop after a shutdown request before they are aborted.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

#[derive(Debug, Clone)]
pub struct FeedSummary {
    pub name: String,
    pub url: String,
    pub result: Result<PollResult, String>,
}

/// One poll of every enabled feed (concurrently, within the politeness limits), then exit.
pub async fn once(app: &App) -> anyhow::Result<Vec<FeedSummary>> {
    let resumed = app.poller.process_pending(None).await?;
    if resumed > 0 {
        tracing::info!(resumed, "resumed entries left pending by an earlier run");
    }
    let mut set = tokio::task::JoinSet::new();
    for feed in app.config.feeds.iter().filter(|f| f.enabled).cloned() {
        let poller = app.poller.clone();
        set.spawn(async move {
            let r = poller.poll(&feed).await;
            FeedSummary {
                name: feed.name.clone(),
                url: feed.url.clone(),
                result: r.map(|(p, _)| p).map_err(|e| e.to_string()),
            }
        });
    }
    let mut out = Vec::new();
    while let Some(j) = set.join_next().await {
        match j {
            Ok(s) => out.push(s),
            Err(e) => tracing::error!(error = %e, "a feed task panicked"),
        }
    }
    Ok(out)
}

/// The daemon: polls until shutdown, and delivers digests when `delivery` is given.
pub async fn run(
    app: App,
    delivery: Option<DeliveryLoop>,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let mut set = tokio::task::JoinSet::new();
    {
        let poller = app.poller.clone();
        let mut sd = shutdown.clone();
        set.spawn(async move {
            tokio::select! {
                r = poller.process_pending(None) => {
                    match r {
                        Ok(n) if n > 0 => tracing::info!(resumed = n, "resumed entries left pending by an earlier run"),
                        Ok(_) => {}
                        Err(e) => tracing::error!(error = %e, "could not resume pending entries"),
                    }
                }
                _ = sd.recv() => {}
            }
        });
    }
    let enabled = app.config.feeds.iter().filter(|f| f.enabled).count();
    // First polls are spread over up to 30 s (100 ms per feed), so a big config does not open
    // every connection at once and a small one starts at once.
    let spread = Duration::from_millis((enabled as u64 * 100).min(30_000));
    for feed in app.config.feeds.iter().filter(|f| f.enabled).cloned() {
        set.spawn(feed_loop(app.clone(), feed, spread, shutdown.clone()));
    }
    if let Some(d) = delivery {
        set.spawn(d.run(shutdown.clone()));
    }
    tracing::info!(
        feeds = app.config.feeds.iter().filter(|f| f.enabled).count(),
        topics = app.config.topics.len(),
        recipients = app.config.recipients.len(),
        "newswatch is running"
    );
    let mut sd = shutdown.clone();
    sd.recv().await;
    tracing::info!("shutting down");
    let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE;
    loop {
        match tokio::time::timeout_at(deadline, set.join_next()).await {
            Ok(Some(_)) => continue,
            Ok(None) => break,
            Err(_) => {
                tracing::warn!(
                    tasks = set.len(),
                    "tasks still busy at the shutdown deadline; abandoning them"
                );
                set.abort_all();
                break;
            }
        }
    }
    Ok(())
}

async fn feed_loop(app: App, feed: FeedConfig, spread: Duration, mut shutdown: Shutdown) {
    let (url, name) = (feed.url.clone(), feed.name.clone());
    let row = match app.db.call(move |s| s.ensure_feed(&url, &name)).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(feed = %feed.name, error = %e, "cannot register the feed; it will not be polled");
            return;
        }
    };
    // First poll: when the store says (a restart keeps the schedule and the backoff), else soon.
    let mut wait = match row.next_poll_at {
        Some(at) => Duration::from_secs((at - now_unix()).max(0) as u64),
        None => spread.mul_f64(fastrand::f64()),
    };
    loop {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.recv() => return,
        }
        let next = tokio::select! {
            r = app.poller.poll(&feed) => match r {
                Ok((_, n)) => n,
                Err(e) => {
                    // The store failed (disk full, locked): retry later, keep the rest running.
                    tracing::error!(feed = %feed.name, error = %e, "could not record a poll; retrying in a minute");
                    now_unix() + 60
                }
            },
            _ = shutdown.recv() => return,
        };
        wait = Duration::from_secs((next - now_unix()).max(0) as u64);
    }
}
