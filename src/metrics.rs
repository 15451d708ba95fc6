//! Counters an operator scrapes, and the small HTTP listener that serves them.
//!
//! `GET /metrics` returns the Prometheus text format; `GET /healthz` returns 200 with a one-line
//! summary while the store answers, 503 otherwise. The listener is optional
//! (`[daemon] listen = "127.0.0.1:9108"`), loopback by default, and serves nothing else: it reads
//! one bounded request line per connection and closes, so it cannot be made to hold memory.
//!
//! The registry is process-wide (the stages record into it without being handed a handle) and
//! lock-free except for the per-feed error map.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::db::Db;
use crate::shutdown::Shutdown;

/// Upper bounds (seconds) of the fetch latency histogram.
const BUCKETS: [f64; 10] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

#[derive(Default)]
pub struct Metrics {
    pub polls_not_modified: AtomicU64,
    pub polls_fetched: AtomicU64,
    pub polls_failed: AtomicU64,
    pub entries_new: AtomicU64,
    pub articles: AtomicU64,
    pub matches: AtomicU64,
    pub mail_sent: AtomicU64,
    pub mail_retried: AtomicU64,
    pub mail_failed: AtomicU64,
    fetch_buckets: [AtomicU64; BUCKETS.len()],
    fetch_count: AtomicU64,
    fetch_sum_micros: AtomicU64,
    feed_errors: Mutex<BTreeMap<String, u64>>,
}

pub static METRICS: std::sync::LazyLock<Metrics> = std::sync::LazyLock::new(Metrics::default);

pub fn inc(c: &AtomicU64, by: u64) {
    c.fetch_add(by, Ordering::Relaxed);
}

impl Metrics {
    pub fn observe_fetch(&self, d: Duration) {
        let secs = d.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                self.fetch_buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.fetch_count.fetch_add(1, Ordering::Relaxed);
        self.fetch_sum_micros
            .fetch_add(d.as_micros() as u64, Ordering::Relaxed);
    }

    pub fn feed_error(&self, feed: &str) {
        let mut m = self.feed_errors.lock().unwrap_or_else(|p| p.into_inner());
        *m.entry(feed.to_string()).or_default() += 1;
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut out = String::new();
        let mut counter = |name: &str, help: &str, samples: &[(&str, u64)]| {
            out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} counter\n"));
            for (labels, v) in samples {
                out.push_str(&format!("{name}{labels} {v}\n"));
            }
        };
        counter(
            "newswatch_polls_total",
            "Feed polls by outcome.",
            &[
                ("{outcome=\"not_modified\"}", g(&self.polls_not_modified)),
                ("{outcome=\"fetched\"}", g(&self.polls_fetched)),
                ("{outcome=\"failed\"}", g(&self.polls_failed)),
            ],
        );
        counter(
            "newswatch_entries_new_total",
            "New feed entries recorded.",
            &[("", g(&self.entries_new))],
        );
        counter(
            "newswatch_articles_total",
            "Articles stored.",
            &[("", g(&self.articles))],
        );
        counter(
            "newswatch_matches_total",
            "Topic matches stored.",
            &[("", g(&self.matches))],
        );
        counter(
            "newswatch_mail_total",
            "Digest and alert deliveries by outcome.",
            &[
                ("{outcome=\"sent\"}", g(&self.mail_sent)),
                ("{outcome=\"retrying\"}", g(&self.mail_retried)),
                ("{outcome=\"failed\"}", g(&self.mail_failed)),
            ],
        );
        out.push_str("# HELP newswatch_fetch_duration_seconds Duration of feed and article fetches.\n# TYPE newswatch_fetch_duration_seconds histogram\n");
        for (i, b) in BUCKETS.iter().enumerate() {
            out.push_str(&format!(
                "newswatch_fetch_duration_seconds_bucket{{le=\"{b}\"}} {}\n",
                g(&self.fetch_buckets[i])
            ));
        }
        let count = g(&self.fetch_count);
        out.push_str(&format!(
            "newswatch_fetch_duration_seconds_bucket{{le=\"+Inf\"}} {count}\nnewswatch_fetch_duration_seconds_sum {}\nnewswatch_fetch_duration_seconds_count {count}\n",
            g(&self.fetch_sum_micros) as f64 / 1e6
        ));
        out.push_str("# HELP newswatch_feed_errors_total Failed polls by feed.\n# TYPE newswatch_feed_errors_total counter\n");
        let errors = self.feed_errors.lock().unwrap_or_else(|p| p.into_inner());
        for (feed, n) in errors.iter() {
            out.push_str(&format!(
                "newswatch_feed_errors_total{{feed=\"{}\"}} {n}\n",
                escape_label(feed)
            ));
        }
        out
    }
}

fn escape_label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Serves `/healthz` and `/metrics` on `listener` until shutdown.
pub async fn serve(listener: tokio::net::TcpListener, db: Db, mut shutdown: Shutdown) {
    loop {
        let (mut sock, _) = tokio::select! {
            r = listener.accept() => match r {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(error = %e, "health listener accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = shutdown.recv() => return,
        };
        let db = db.clone();
        tokio::spawn(async move {
            // Read until the request line is complete (bounded in size and time).
            let mut buf = [0u8; 1024];
            let mut n = 0;
            let read_line = async {
                while n < buf.len() {
                    match sock.read(&mut buf[n..]).await {
                        Ok(0) | Err(_) => break,
                        Ok(k) => n += k,
                    }
                    if buf[..n].contains(&b'\n') {
                        break;
                    }
                }
            };
            if tokio::time::timeout(Duration::from_secs(5), read_line)
                .await
                .is_err()
            {
                return;
            }
            let req = String::from_utf8_lossy(&buf[..n]);
            let path = req.split_whitespace().nth(1).unwrap_or("/");
            let (status, ctype, body) = match path {
                "/metrics" => ("200 OK", "text/plain; version=0.0.4", METRICS.render()),
                "/healthz" => match db.call(|s| s.counts()).await {
                    Ok(c) => (
                        "200 OK",
                        "text/plain",
                        format!(
                            "ok: {} feeds, {} articles, {} pending entries, outbox {} pending / {} failed\n",
                            c.feeds, c.articles, c.pending, c.outbox_pending, c.outbox_failed
                        ),
                    ),
                    Err(e) => (
                        "503 Service Unavailable",
                        "text/plain",
                        format!("store unavailable: {e}\n"),
                    ),
                },
                _ => (
                    "404 Not Found",
                    "text/plain",
                    "try /healthz or /metrics\n".to_string(),
                ),
            };
            let resp = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = sock.write_all(resp.as_bytes()).await;
            let _ = sock.shutdown().await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let m = Metrics::default();
        inc(&m.polls_fetched, 2);
        m.observe_fetch(Duration::from_millis(300));
        m.feed_error("BBC \"World\"");
        let t = m.render();
        assert!(
            t.contains("newswatch_polls_total{outcome=\"fetched\"} 2"),
            "{t}"
        );
        assert!(t.contains("newswatch_fetch_duration_seconds_bucket{le=\"0.25\"} 0"));
        assert!(t.contains("newswatch_fetch_duration_seconds_bucket{le=\"0.5\"} 1"));
        assert!(t.contains("newswatch_fetch_duration_seconds_count 1"));
        assert!(t.contains("newswatch_feed_errors_total{feed=\"BBC \\\"World\\\"\"} 1"));
    }
}
