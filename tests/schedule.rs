//! The digest schedule driven through the real DigestScheduler and a real SQLite store, with the
//! clock simulated: one digest per local day across DST changes, and a catch-up after downtime
//! that sends once, not once per missed day.

use std::path::Path;
use std::sync::Arc;

use newswatch::config::Config;
use newswatch::db::Db;
use newswatch::delivery::DeliveryLoop;
use newswatch::store::Store;

fn delivery(dir: &Path, tz: &str) -> DeliveryLoop {
    let body = format!(
        "[daemon]\nstate_dir = \"{}\"\n\n[[topic]]\nname = \"T\"\nquery = \"ceasefire\"\n\n[[recipient]]\nemail = \"a@example.org\"\nat = \"01:30\"\ntimezone = \"{tz}\"\nsend_empty = true\n\n[email]\nfrom = \"n@example.org\"\ntransport = \"file\"\n[email.file]\ndir = \"{}\"\n",
        dir.join("state").display(),
        dir.join("out").display()
    );
    let config = Config::parse(&dir.join("c.toml"), &body).expect("valid config");
    let db = Db::new(Store::open(&config.daemon.state_dir).unwrap());
    DeliveryLoop::new(db, Arc::new(config)).unwrap()
}

fn ts(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
}

async fn tick_through(d: &DeliveryLoop, from: i64, to: i64, step: i64) -> usize {
    let mut queued = 0;
    let mut now = from;
    while now <= to {
        queued += d.queue_due(now).await.unwrap();
        now += step;
    }
    queued
}

#[tokio::test]
async fn one_digest_per_local_day_across_both_dst_changes() {
    // 01:30 does not exist in London on 2026-03-29 and happens twice on 2026-10-25.
    for (start, end, days) in [
        ("2026-03-27T12:00:00Z", "2026-03-31T12:00:00Z", 4),
        ("2026-10-23T12:00:00Z", "2026-10-27T12:00:00Z", 4),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = delivery(dir.path(), "Europe/London");
        // The first tick registers the recipient (no digest of the past).
        assert_eq!(d.queue_due(ts(start)).await.unwrap(), 0);
        let n = tick_through(&d, ts(start) + 600, ts(end), 600).await;
        assert_eq!(n, days, "{start}..{end}");
        let outbox = d.db.store().outbox().unwrap();
        let slots: std::collections::BTreeSet<i64> = outbox.iter().map(|m| m.slot).collect();
        assert_eq!(slots.len(), days, "distinct slots");
    }
}

#[tokio::test]
async fn a_digest_missed_while_down_goes_out_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = delivery(dir.path(), "America/New_York");
    assert_eq!(d.queue_due(ts("2026-06-01T12:00:00Z")).await.unwrap(), 0);
    // Down for three days: the next tick sends one catch-up digest, the following ticks nothing.
    assert_eq!(d.queue_due(ts("2026-06-04T12:00:00Z")).await.unwrap(), 1);
    assert_eq!(d.queue_due(ts("2026-06-04T12:10:00Z")).await.unwrap(), 0);
    assert_eq!(d.queue_due(ts("2026-06-05T12:00:00Z")).await.unwrap(), 1);
}
