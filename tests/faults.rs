//! The fault matrix: the real binary against a loopback feed server that breaks in the ways the
//! network and the disk break. For each fault: the error is logged and recorded in the feed's
//! health, the healthy feeds are processed all the same, nothing is lost, and everything recovers
//! once the fault clears. (Mail server faults are in `tests/digest.rs`.)

mod support;

use std::io::Write;
use std::time::{Duration, Instant};

use newswatch::store::Store;
use support::http::{Route, TestServer};
use support::*;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn raw(head: &str, body: &[u8], stall: bool) -> Route {
    let mut bytes = head.replace('\n', "\r\n").into_bytes();
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(body);
    Route::Raw { bytes, stall }
}

/// (feed name, path, the route that breaks, what the recorded error must mention)
fn faults(feed_xml: &[u8]) -> Vec<(&'static str, &'static str, Route, &'static [&'static str])> {
    let half = &feed_xml[..feed_xml.len() / 2];
    let gz = gzip(feed_xml);
    vec![
        (
            "Reset mid-body",
            "/f/reset.xml",
            raw(
                &format!(
                    "HTTP/1.1 200 OK\nContent-Type: application/rss+xml\nContent-Length: {}\n",
                    feed_xml.len()
                ),
                half,
                false,
            ),
            &["connection", "body", "closed", "reset", "error"],
        ),
        (
            "Stall after headers",
            "/f/stall.xml",
            raw(
                &format!(
                    "HTTP/1.1 200 OK\nContent-Type: application/rss+xml\nContent-Length: {}\n",
                    feed_xml.len()
                ),
                &feed_xml[..100],
                true,
            ),
            &["timed out"],
        ),
        (
            "Truncated gzip",
            "/f/gzip.xml",
            raw(
                &format!(
                    "HTTP/1.1 200 OK\nContent-Type: application/rss+xml\nContent-Encoding: gzip\nContent-Length: {}\n",
                    gz.len() / 2
                ),
                &gz[..gz.len() / 2],
                false,
            ),
            &["error", "decod", "body", "end of file", "parse"],
        ),
        (
            "Wrong Content-Length",
            "/f/length.xml",
            raw(
                &format!(
                    "HTTP/1.1 200 OK\nContent-Type: application/rss+xml\nContent-Length: {}\n",
                    feed_xml.len() * 3
                ),
                feed_xml,
                false,
            ),
            &["connection", "body", "closed", "error"],
        ),
    ]
}

#[test]
fn network_faults_are_recorded_isolated_and_recovered_from() {
    let server = TestServer::start();
    let base = server.base();
    server.ok(
        "/good.xml",
        "application/rss+xml",
        render(&fixture("feeds/rss2.xml"), &base),
        None,
    );
    for page in ["seed-article.html", "markets.html", "ceasefire-holds.html"] {
        server.ok(
            &format!("/pages/{page}"),
            "text/html",
            fixture(&format!("pages/{page}")),
            None,
        );
    }
    let atom = render(&fixture("feeds/atom.xml"), &base);
    let matrix = faults(atom.as_bytes());
    for (_, path, route, _) in &matrix {
        server.route(path, route.clone());
    }
    let dir = tempfile::tempdir().unwrap();
    let mut feeds = format!(
        "[[feed]]\nname = \"Good\"\nurl = \"{}\"\n\n",
        server.url("/good.xml")
    );
    for (name, path, _, _) in &matrix {
        feeds.push_str(&format!(
            "[[feed]]\nname = \"{name}\"\nurl = \"{}\"\n\n",
            server.url(path)
        ));
    }
    // TLS failure: an https URL to a plain-HTTP port.
    feeds.push_str(&format!(
        "[[feed]]\nname = \"TLS failure\"\nurl = \"https://127.0.0.1:{}/good.xml\"\n\n",
        server.port
    ));
    let cfg = write(
        dir.path(),
        "c.toml",
        &format!(
            "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\ntimeout = \"3s\"\n\n{feeds}{TOPICS}",
            dir.path().join("state").display()
        ),
    );
    let cfg_s = cfg.to_str().unwrap();

    let t0 = Instant::now();
    let out = run(&["--config", cfg_s, "once"]);
    let log = stderr(&out);
    assert!(out.status.success(), "{log}");
    assert!(
        t0.elapsed() < Duration::from_secs(20),
        "faults must not hold the cycle up: {:?}",
        t0.elapsed()
    );
    let store = Store::open(&dir.path().join("state")).unwrap();
    let rows = store.feeds().unwrap();
    let feed = |n: &str| rows.iter().find(|f| f.name == n).unwrap().clone();
    // The healthy feed is processed all the same.
    assert!(feed("Good").last_error.is_none());
    assert_eq!(store.counts().unwrap().articles, 3, "{log}");
    let mut table = String::from("\n| fault | recorded error |\n| --- | --- |\n");
    for (name, _, _, words) in &matrix {
        let f = feed(name);
        let err = f.last_error.clone().unwrap_or_default();
        table.push_str(&format!("| {name} | {err} |\n"));
        assert!(!err.is_empty(), "{name}: no error recorded");
        assert!(
            words.iter().any(|w| err.to_lowercase().contains(w)),
            "{name}: {err}"
        );
        assert!(log.contains(name), "{name} is not in the log");
        assert_eq!(f.consecutive_failures, 1);
    }
    let tls = feed("TLS failure").last_error.unwrap_or_default();
    table.push_str(&format!("| TLS failure | {tls} |\n"));
    assert!(!tls.is_empty());
    eprintln!("{table}");
    drop(store);

    // The faults clear: every feed recovers on the next cycle, and its entries arrive.
    for (_, path, _, _) in &matrix {
        server.ok(path, "application/rss+xml", atom.clone(), None);
    }
    let out = run(&["--config", cfg_s, "once"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&dir.path().join("state")).unwrap();
    for (name, _, _, _) in &matrix {
        let f = store
            .feeds()
            .unwrap()
            .into_iter()
            .find(|f| f.name == *name)
            .unwrap();
        assert!(
            f.failing_since.is_none(),
            "{name} did not recover: {:?}",
            f.last_error
        );
        assert_eq!(f.entries_seen, 1, "{name}");
    }
    // 3 from the good feed + the truce article once per recovered feed.
    assert_eq!(store.counts().unwrap().articles, 3 + matrix.len() as i64);
}

/// A server with the World Wire feed (seed, markets, a no-link briefing) and its pages, and a
/// config polling it.
fn one_good_feed() -> (TestServer, tempfile::TempDir, std::path::PathBuf) {
    let server = TestServer::start();
    let base = server.base();
    server.ok(
        "/good.xml",
        "application/rss+xml",
        render(&fixture("feeds/rss2.xml"), &base),
        Some("\"v1\""),
    );
    for page in ["seed-article.html", "markets.html"] {
        server.ok(
            &format!("/pages/{page}"),
            "text/html",
            fixture(&format!("pages/{page}")),
            None,
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "c.toml",
        &format!(
            "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\n\n[[feed]]\nname = \"Good\"\nurl = \"{}\"\n{TOPICS}",
            dir.path().join("state").display(),
            server.url("/good.xml")
        ),
    );
    (server, dir, cfg)
}

#[test]
fn a_full_disk_loses_nothing_and_recovers_when_space_returns() {
    let (_server, dir, cfg) = one_good_feed();
    let cfg_s = cfg.to_str().unwrap();
    // Create the database first (an empty cycle), then fill the disk: a file-size limit of 40 KB
    // (the machine gives no small tmpfs to a test) with SIGXFSZ ignored, so writes fail with
    // EFBIG exactly as on a full disk.
    let empty = write(
        dir.path(),
        "empty.toml",
        &format!(
            "[daemon]\nstate_dir = \"{}\"\n",
            dir.path().join("state").display()
        ),
    );
    assert!(
        run(&["--config", empty.to_str().unwrap(), "once"])
            .status
            .success()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", "trap '' XFSZ; ulimit -f 40; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_newswatch"))
        .args(["--config", cfg_s, "once"])
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    let log = stderr(&out);
    assert!(
        log.contains("disk I/O error") || log.contains("full"),
        "the failure is logged: {log}"
    );
    // Entries recorded before the disk filled stay pending rather than being dropped.
    assert!(log.contains("stays pending"), "{log}");
    // Space returns: the next cycle fetches the feed again (its ETag was never committed) and
    // stores every article.
    let out = run(&["--config", cfg_s, "once"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&dir.path().join("state")).unwrap();
    let c = store.counts().unwrap();
    assert_eq!((c.articles, c.pending), (3, 0), "{c:?}");
}

#[test]
fn a_busy_database_is_waited_for_not_failed() {
    let (_server, dir, cfg) = one_good_feed();
    drop(Store::open(&dir.path().join("state")).unwrap());
    // Another process holds the write lock for two seconds while the cycle runs.
    let db = rusqlite::Connection::open(dir.path().join("state/newswatch.db")).unwrap();
    db.execute_batch("BEGIN IMMEDIATE").unwrap();
    let child = newswatch()
        .args(["--config", cfg.to_str().unwrap(), "once"])
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    db.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&dir.path().join("state")).unwrap();
    assert_eq!(store.counts().unwrap().articles, 3);
}

#[test]
fn servers_that_never_answer_do_not_hold_up_healthy_feeds() {
    // The worst case for politeness: one body slot, one request per host, every feed on the
    // same host, and two feeds in front whose server accepts the connection and never answers.
    // The healthy feeds behind them must be polled long before the hanging ones time out.
    let server = TestServer::start();
    let old = (chrono::Utc::now() - chrono::Duration::days(10)).to_rfc2822();
    let mut feeds = String::new();
    for k in 0..2 {
        let path = format!("/hang{k}.xml");
        server.route(&path, Route::Hang);
        feeds.push_str(&format!(
            "[[feed]]\nname = \"Silent-{k}\"\nurl = \"{}\"\n\n",
            server.url(&path)
        ));
    }
    for k in 0..4 {
        let path = format!("/ok{k}.xml");
        server.ok(
            &path,
            "application/rss+xml",
            format!(
                "<rss version=\"2.0\"><channel><title>Ok {k}</title><item><title>Old news {k}</title><link>{}</link><pubDate>{old}</pubDate></item></channel></rss>",
                server.url(&format!("/old{k}.html"))
            ),
            None,
        );
        feeds.push_str(&format!(
            "[[feed]]\nname = \"Healthy-{k}\"\nurl = \"{}\"\n\n",
            server.url(&path)
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "c.toml",
        &format!(
            "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\ntimeout = \"8s\"\nmax_concurrent_fetches = 1\nper_host_concurrency = 1\n\n{feeds}{TOPICS}",
            dir.path().join("state").display()
        ),
    );
    let started = Instant::now();
    let out = run(&["--config", cfg.to_str().unwrap(), "once"]);
    let took = started.elapsed();
    let log = stderr(&out);
    assert!(out.status.success(), "{log}");
    // The silent ones did run to their timeout…
    assert!(took >= Duration::from_secs(8), "{took:?}\n{log}");
    assert_eq!(log.matches("timed out").count(), 2, "{log}");
    // …and no healthy feed waited for it: each waited about two seconds per silent request
    // ahead of it on the host, not eight.
    for k in 0..4 {
        let line = log
            .lines()
            .find(|l| l.contains(&format!("feed=Healthy-{k} ")) && l.contains("polled"))
            .unwrap_or_else(|| panic!("no poll line for Healthy-{k}:\n{log}"));
        let wait_ms: u64 = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("wait_ms="))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no wait_ms in {line}"));
        assert!(
            wait_ms < 6_000,
            "Healthy-{k} waited {wait_ms} ms behind the silent feeds:\n{log}"
        );
    }
}
