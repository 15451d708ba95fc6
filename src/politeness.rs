//! How many requests are in flight, globally and per host, and how often a host is asked.
//!
//! Three limits, each for its own reason:
//! - **bodies** (`max_concurrent_fetches`): responses being read and worked on. This is the
//!   limit that bounds memory, so a fetch takes a body slot only once the server has answered
//!   and a body is about to be read ([`FetchPermit::body`]), and a feed keeps it until its
//!   entries are stored. A 304 or an error never takes one.
//! - **sockets**: requests open at once, [`SOCKETS_PER_BODY`] times the body limit. A server
//!   that accepts a connection and never answers costs a socket until the timeout, not a body
//!   slot, so a few dead hosts cannot stall every healthy feed behind them.
//! - **per host** (`per_host_concurrency`): keeps newswatch from hammering one publisher that
//!   hosts many feeds and articles, with an optional minimum delay between two requests to it
//!   (`per_host_delay`, raised by a site's robots.txt `Crawl-delay`). A request that has had no
//!   answer after [`SLOW_AFTER`] frees its host slot ([`Politeness::run`]), so one dead feed
//!   does not hold up the other feeds of its host; a silent host still sees at most
//!   `per_host` new requests every [`SLOW_AFTER`].

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::fetch::FetchGate;

/// How long a request may go unanswered before it frees its host slot.
pub const SLOW_AFTER: Duration = Duration::from_secs(2);

/// Open requests per body slot: room for the hanging few percent of ten thousand feeds, and
/// still a bound on sockets.
pub const SOCKETS_PER_BODY: usize = 16;

#[derive(Debug)]
pub struct Politeness {
    bodies: Arc<Semaphore>,
    body_limit: usize,
    sockets: Arc<Semaphore>,
    slow_after: Duration,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    min_delay: std::time::Duration,
    /// When each host may next be asked, and its own delay when robots.txt set a longer one.
    next_slot: Mutex<HashMap<String, (tokio::time::Instant, std::time::Duration)>>,
}

/// One request's slots; dropping it frees them. The fetch reports through it (as its
/// [`FetchGate`]) when the server answers and when a body is about to be read.
#[derive(Debug)]
pub struct FetchPermit {
    socket: Mutex<Option<OwnedSemaphorePermit>>,
    host: Mutex<Option<OwnedSemaphorePermit>>,
    body: Mutex<Option<OwnedSemaphorePermit>>,
    bodies: Arc<Semaphore>,
    answered: AtomicBool,
}

fn take(slot: &Mutex<Option<OwnedSemaphorePermit>>) -> Option<OwnedSemaphorePermit> {
    slot.lock().unwrap_or_else(|p| p.into_inner()).take()
}

impl FetchPermit {
    /// Frees every slot now (the permit itself may live on in the caller's scope).
    pub fn release(&self) {
        drop(take(&self.socket));
        drop(take(&self.host));
        drop(take(&self.body));
    }
}

impl FetchGate for FetchPermit {
    fn answered(&self) {
        self.answered.store(true, Ordering::Relaxed);
    }

    async fn body(&self) {
        if self
            .body
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
        {
            return;
        }
        // Never closed; if that changed, bodies would be read unthrottled rather than fail.
        let permit = self.bodies.clone().acquire_owned().await.ok();
        *self.body.lock().unwrap_or_else(|p| p.into_inner()) = permit;
    }
}

impl Politeness {
    pub fn new(bodies: usize, per_host: usize) -> Politeness {
        Politeness::with_delay(bodies, per_host, std::time::Duration::ZERO)
    }

    pub fn with_delay(
        bodies: usize,
        per_host: usize,
        min_delay: std::time::Duration,
    ) -> Politeness {
        let bodies = bodies.max(1);
        Politeness {
            bodies: Arc::new(Semaphore::new(bodies)),
            body_limit: bodies,
            sockets: Arc::new(Semaphore::new(bodies * SOCKETS_PER_BODY)),
            slow_after: SLOW_AFTER,
            per_host: per_host.max(1),
            hosts: Mutex::new(HashMap::new()),
            min_delay,
            next_slot: Mutex::new(HashMap::new()),
        }
    }

    /// Runs `fetch` (which reports to `permit` as its gate). When the server has still not
    /// answered after [`SLOW_AFTER`], the host slot is freed so the host's other feeds go on.
    pub async fn run<F: Future>(&self, permit: &FetchPermit, fetch: F) -> F::Output {
        let mut fetch = std::pin::pin!(fetch);
        tokio::select! {
            out = &mut fetch => return out,
            _ = tokio::time::sleep(self.slow_after) => {}
        }
        if !permit.answered.load(Ordering::Relaxed) {
            drop(take(&permit.host));
        }
        fetch.await
    }

    /// How many feeds may be in progress at once: one per socket, and some to spare for feeds
    /// between fetch and store, so hanging feeds never take them all.
    pub fn feeds_in_progress(&self) -> usize {
        self.body_limit * (SOCKETS_PER_BODY + 4)
    }

    /// A host asked for more time between requests (robots.txt `Crawl-delay`, capped at a minute).
    pub fn set_host_delay(&self, host: &str, delay: std::time::Duration) {
        let delay = delay.min(std::time::Duration::from_secs(60));
        let mut m = self.next_slot.lock().unwrap_or_else(|p| p.into_inner());
        let e = m
            .entry(host.to_ascii_lowercase())
            .or_insert((tokio::time::Instant::now(), delay));
        e.1 = e.1.max(delay);
    }

    /// Waits for a slot for `url`'s host, then for a socket (host first, so a busy host does
    /// not sit on sockets that other hosts could use). The body slot comes later, from the
    /// fetch itself.
    pub async fn acquire(&self, url: &str) -> FetchPermit {
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        let sem = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            hosts
                .entry(host.clone())
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        // The semaphores are never closed, so acquisition only fails if that changes; then the
        // fetch goes ahead unthrottled rather than failing.
        let host_permit = sem.acquire_owned().await.ok();
        // Reserve this host's next slot, then wait for ours.
        let wait_until = {
            let now = tokio::time::Instant::now();
            let mut m = self.next_slot.lock().unwrap_or_else(|p| p.into_inner());
            let e = m.entry(host).or_insert((now, self.min_delay));
            let delay = e.1.max(self.min_delay);
            let at = e.0.max(now);
            e.0 = at + delay;
            at
        };
        tokio::time::sleep_until(wait_until).await;
        let socket = self.sockets.clone().acquire_owned().await.ok();
        FetchPermit {
            socket: Mutex::new(socket),
            host: Mutex::new(host_permit),
            body: Mutex::new(None),
            bodies: self.bodies.clone(),
            answered: AtomicBool::new(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn requests_to_one_host_are_spaced_by_the_delay() {
        let p = Politeness::with_delay(4, 4, std::time::Duration::from_millis(200));
        let t0 = tokio::time::Instant::now();
        for _ in 0..3 {
            let _permit = p.acquire("http://a.example/x").await;
        }
        // Three requests: the first at once, then two delays.
        assert!(
            t0.elapsed() >= std::time::Duration::from_millis(400),
            "{:?}",
            t0.elapsed()
        );
        // Another host is not held up by a's delay.
        let t1 = tokio::time::Instant::now();
        let _b = p.acquire("http://b.example/x").await;
        assert!(t1.elapsed() < std::time::Duration::from_millis(100));
        // A Crawl-delay raises it for that host only.
        p.set_host_delay("c.example", std::time::Duration::from_millis(300));
        let t2 = tokio::time::Instant::now();
        let _c1 = p.acquire("http://c.example/1").await;
        drop(_c1);
        let _c2 = p.acquire("http://c.example/2").await;
        assert!(t2.elapsed() >= std::time::Duration::from_millis(300));
    }

    #[tokio::test]
    async fn per_host_limit_does_not_block_other_hosts() {
        let p = Politeness::new(4, 1);
        let _a = p.acquire("http://a.example/1").await;
        // Same host must wait; another host must not.
        let same = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            p.acquire("http://a.example/2"),
        )
        .await;
        assert!(same.is_err());
        let other = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            p.acquire("http://b.example/1"),
        )
        .await;
        assert!(other.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_that_never_answers_holds_up_no_other_feed() {
        // One body slot and one slot per host: the next feed of the same host, the worst case.
        let p = Arc::new(Politeness::new(1, 1));
        let hung = {
            let p = p.clone();
            tokio::spawn(async move {
                let permit = p.acquire("http://hang.example/feed").await;
                p.run(&permit, tokio::time::sleep(Duration::from_secs(600)))
                    .await
            })
        };
        tokio::task::yield_now().await;
        // Another host: at once, and it can read a body (the silent one holds no body slot).
        let t0 = tokio::time::Instant::now();
        let other = p.acquire("http://healthy.example/feed").await;
        other.answered();
        other.body().await;
        assert!(
            t0.elapsed() < Duration::from_millis(10),
            "{:?}",
            t0.elapsed()
        );
        other.release();
        // The same host: once the silent request has freed its host slot.
        let t1 = tokio::time::Instant::now();
        let same = p.acquire("http://hang.example/other-feed").await;
        let waited = t1.elapsed();
        assert!(
            waited <= SLOW_AFTER + Duration::from_millis(50),
            "the healthy feed waited {waited:?} behind a hanging one"
        );
        // A fetch keeps its slots when it finishes in time, and returns its own result.
        assert_eq!(p.run(&same, async { 7 }).await, 7);
        assert!(same.host.lock().unwrap().is_some());
        hung.abort();
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_holds_its_slot_until_released() {
        let p = Arc::new(Politeness::new(1, 4));
        let first = p.acquire("http://a.example/feed").await;
        first.answered();
        first.body().await;
        let second = p.acquire("http://b.example/feed").await;
        second.answered();
        let waited = tokio::time::timeout(Duration::from_secs(30), second.body()).await;
        assert!(waited.is_err(), "two bodies were read with one body slot");
        // Stored: the slot passes on.
        first.release();
        let got = tokio::time::timeout(Duration::from_secs(1), second.body()).await;
        assert!(got.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn open_sockets_are_bounded() {
        // One body slot gives SOCKETS_PER_BODY sockets: one more silent request than that waits.
        let p = Arc::new(Politeness::new(1, 1000));
        let mut held = Vec::new();
        for i in 0..SOCKETS_PER_BODY {
            held.push(p.acquire(&format!("http://h{i}.example/")).await);
        }
        let got =
            tokio::time::timeout(Duration::from_secs(60), p.acquire("http://late.example/")).await;
        assert!(got.is_err(), "more sockets than the bound");
        drop(held.pop());
        let got =
            tokio::time::timeout(Duration::from_secs(1), p.acquire("http://late.example/")).await;
        assert!(got.is_ok());
    }
}
