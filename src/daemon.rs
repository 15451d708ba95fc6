//! The long-running service and the one-shot cycle.
//!
//! `run` gives every feed its own task that sleeps until the feed's `next_poll_at` (kept in the
//! store, so a restart resumes the schedule and the backoff), polls, and sleeps again: a slow or
//! failing feed only delays itself. Entries left pending by a crash are resumed first. On
//! SIGINT/SIGTERM every task abandons its in-flight work at the next await (store writes are
//! transactions, so nothing is half-written) and the process exits within seconds.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::app::{App, build_matcher};
use crate::config::{Config, FeedConfig};
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

/// What the daemon can be told while it runs.
#[derive(Debug)]
pub enum Control {
    /// Re-read the configuration file (SIGHUP, `systemctl reload`).
    Reload,
}

/// The daemon: polls until shutdown, delivers digests when `delivery` is given, and reloads its
/// configuration on [`Control::Reload`]: new feeds start, removed ones stop, changed topics apply
/// to the next article; an invalid file is rejected with its errors logged and the running
/// configuration kept.
pub async fn run(
    app: App,
    delivery: Option<DeliveryLoop>,
    mut control: tokio::sync::mpsc::Receiver<Control>,
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
    let mut feeds = FeedTasks::default();
    feeds.apply(&app, &app.config, &mut set, &shutdown);
    let (config_tx, config_rx) = tokio::sync::watch::channel(app.config.clone());
    if let Some(d) = delivery {
        set.spawn(d.run(Some(config_rx), shutdown.clone()));
    }
    if let Some(addr) = app.config.daemon.listen {
        match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => {
                // With port 0 the system picks one: log the real address.
                let bound = l.local_addr().map(|a| a.to_string()).unwrap_or_default();
                tracing::info!(addr = %bound, "serving /healthz and /metrics");
                set.spawn(crate::metrics::serve(l, app.db.clone(), shutdown.clone()));
            }
            Err(e) => {
                tracing::error!(%addr, error = %e, "cannot listen for /healthz and /metrics; running without them")
            }
        }
    }
    let mut current = app.config.clone();
    tracing::info!(
        feeds = feeds.len(),
        topics = current.topics.len(),
        recipients = current.recipients.len(),
        "newswatch is running"
    );
    notify_systemd(&[sd_notify::NotifyState::Ready]);
    // systemd's watchdog is fed from this loop, so a wedged runtime stops the pings.
    let watchdog = sd_notify::watchdog_enabled().map(|d| d / 2);
    let mut tick = tokio::time::interval(watchdog.unwrap_or(Duration::from_secs(30)));
    let mut sd = shutdown.clone();
    loop {
        tokio::select! {
            _ = sd.recv() => break,
            _ = tick.tick() => {
                let status = status_line(&app, feeds.len()).await;
                if watchdog.is_some() {
                    notify_systemd(&[sd_notify::NotifyState::Watchdog, sd_notify::NotifyState::Status(&status)]);
                } else {
                    notify_systemd(&[sd_notify::NotifyState::Status(&status)]);
                }
            }
            Some(Control::Reload) = control.recv() => {
                let mut states = vec![sd_notify::NotifyState::Reloading];
                if let Ok(t) = sd_notify::NotifyState::monotonic_usec_now() {
                    states.push(t);
                }
                notify_systemd(&states);
                match Config::load(&current.path) {
                    Ok(new) => {
                        let new = Arc::new(new);
                        app.poller.articles.matcher.replace(build_matcher(&new));
                        let (added, removed) = feeds.apply(&app, &new, &mut set, &shutdown);
                        let _ = config_tx.send(new.clone());
                        tracing::info!(added, removed, feeds = feeds.len(), topics = new.topics.len(), recipients = new.recipients.len(), "configuration reloaded");
                        current = new;
                    }
                    Err(errors) => {
                        for e in &errors.0 {
                            tracing::error!("{e}");
                        }
                        tracing::error!(errors = errors.0.len(), "the new configuration is invalid; still running the previous one");
                    }
                }
                notify_systemd(&[sd_notify::NotifyState::Ready]);
            }
        }
    }
    tracing::info!("shutting down");
    notify_systemd(&[sd_notify::NotifyState::Stopping]);
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

fn notify_systemd(states: &[sd_notify::NotifyState]) {
    // Outside systemd (no NOTIFY_SOCKET) this does nothing.
    if let Err(e) = sd_notify::notify(states) {
        tracing::debug!(error = %e, "could not notify systemd");
    }
}

async fn status_line(app: &App, feeds: usize) -> String {
    match app.db.call(|s| s.counts()).await {
        Ok(c) => format!(
            "{feeds} feeds; {} articles, {} matches; {} pending entries; outbox {} pending, {} failed",
            c.articles, c.matches, c.pending, c.outbox_pending, c.outbox_failed
        ),
        Err(e) => format!("{feeds} feeds; store unavailable: {e}"),
    }
}

/// The running feed tasks, by URL, so a reload can start and stop exactly the feeds that changed.
#[derive(Default)]
struct FeedTasks {
    running: HashMap<String, (FeedConfig, tokio::task::AbortHandle)>,
}

impl FeedTasks {
    fn len(&self) -> usize {
        self.running.len()
    }

    /// Makes the running tasks match `config`; returns (started, stopped).
    fn apply(
        &mut self,
        app: &App,
        config: &Config,
        set: &mut tokio::task::JoinSet<()>,
        shutdown: &Shutdown,
    ) -> (usize, usize) {
        let wanted: HashMap<&str, &FeedConfig> = config
            .feeds
            .iter()
            .filter(|f| f.enabled)
            .map(|f| (f.url.as_str(), f))
            .collect();
        let mut stopped = 0;
        self.running.retain(|url, (cfg, handle)| {
            let keep = wanted.get(url.as_str()).is_some_and(|w| *w == cfg);
            if !keep {
                handle.abort();
                stopped += 1;
            }
            keep
        });
        // First polls are spread over up to 30 s (100 ms per feed), so a big config does not
        // open every connection at once and a small one starts at once.
        let spread = Duration::from_millis((wanted.len() as u64 * 100).min(30_000));
        let mut started = 0;
        for (url, feed) in wanted {
            if self.running.contains_key(url) {
                continue;
            }
            let handle = set.spawn(feed_loop(
                app.clone(),
                feed.clone(),
                spread,
                shutdown.clone(),
            ));
            self.running.insert(url.to_string(), (feed.clone(), handle));
            started += 1;
        }
        (started, stopped)
    }
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
                Ok((_, i64::MAX)) => {
                    tracing::warn!(feed = %feed.name, "feed is disabled; not polling it (see `newswatch status`)");
                    return;
                }
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
