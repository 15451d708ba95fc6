//! How many requests are in flight, globally and per host.
//!
//! One global semaphore bounds the daemon's sockets and memory; a semaphore per host keeps
//! newswatch from hammering one publisher that hosts many feeds and articles. Permits are held
//! for the whole fetch, body included.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug)]
pub struct Politeness {
    global: Arc<Semaphore>,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

/// Both permits; dropping it frees the slots.
#[derive(Debug)]
pub struct FetchPermit {
    _global: Option<OwnedSemaphorePermit>,
    _host: Option<OwnedSemaphorePermit>,
}

impl Politeness {
    pub fn new(global: usize, per_host: usize) -> Politeness {
        Politeness {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_host: per_host.max(1),
            hosts: Mutex::new(HashMap::new()),
        }
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
                .entry(host)
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        // The semaphores are never closed, so acquisition only fails if that changes; then the
        // fetch goes ahead unthrottled rather than failing.
        let host_permit = sem.acquire_owned().await.ok();
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
