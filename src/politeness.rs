//! How many requests are in flight, globally and per host, and how often a host is asked.
//!
//! One global semaphore bounds the daemon's sockets and memory; a semaphore per host keeps
//! newswatch from hammering one publisher that hosts many feeds and articles, and an optional
//! minimum delay spaces the requests that one host receives (`per_host_delay`, raised by a
//! site's robots.txt `Crawl-delay`). Permits are held for the whole fetch, body included.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug)]
pub struct Politeness {
    global: Arc<Semaphore>,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    min_delay: std::time::Duration,
    /// When each host may next be asked, and its own delay when robots.txt set a longer one.
    next_slot: Mutex<HashMap<String, (tokio::time::Instant, std::time::Duration)>>,
}

/// Both permits; dropping it frees the slots.
#[derive(Debug)]
pub struct FetchPermit {
    _global: Option<OwnedSemaphorePermit>,
    _host: Option<OwnedSemaphorePermit>,
}

impl Politeness {
    pub fn new(global: usize, per_host: usize) -> Politeness {
        Politeness::with_delay(global, per_host, std::time::Duration::ZERO)
    }

    pub fn with_delay(
        global: usize,
        per_host: usize,
        min_delay: std::time::Duration,
    ) -> Politeness {
        Politeness {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_host: per_host.max(1),
            hosts: Mutex::new(HashMap::new()),
            min_delay,
            next_slot: Mutex::new(HashMap::new()),
        }
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

    /// Waits for a slot for `url`'s host, then for a global slot (host first, so a busy host
    /// does not sit on global slots that other hosts could use).
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
        let global = self.global.clone().acquire_owned().await.ok();
        FetchPermit {
            _global: global,
            _host: host_permit,
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
}
