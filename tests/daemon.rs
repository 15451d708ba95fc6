//! The daemon as a process: it polls on its own, stops promptly on SIGTERM, and a SIGKILL at any
//! moment loses nothing and duplicates nothing.

mod support;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use newswatch::store::Store;
use support::http::{Route, TestServer};
use support::*;

fn signal(child: &Child, sig: &str) {
    let ok = std::process::Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Starts `newswatch once` and SIGKILLs it after `at`.
fn once_killed_after(cfg: &str, at: Duration) {
    let mut child = newswatch()
        .args(["--config", cfg, "once"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(at);
    let _ = child.kill();
    let _ = child.wait();
}

fn big_feed(server: &TestServer, items: usize) {
    let date = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc2822();
    let mut xml =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Busy</title>");
    for i in 0..items {
        xml.push_str(&format!(
            "<item><title>Story {i}: truce talks continue</title><link>{}</link><guid>busy-{i}</guid><pubDate>{date}</pubDate></item>",
            server.url(&format!("/p/{i}.html"))
        ));
        server.ok(
            &format!("/p/{i}.html"),
            "text/html",
            format!(
                "<html><body><article><h1>Story {i}</h1><p>Negotiators met again on day {i} to discuss the ceasefire and the release of hostages, officials said.</p>\
                 <p>“We are making progress on every point,” said Jon Park, a spokesperson for the mediators, after the session ended late in the evening.</p></article></body></html>"
            ),
            None,
        );
    }
    xml.push_str("</channel></rss>");
    server.ok("/busy.xml", "application/rss+xml", xml, None);
}

fn config(dir: &std::path::Path, server: &TestServer, extra_feeds: &[&str]) -> std::path::PathBuf {
    let mut feeds = format!(
        "[[feed]]\nname = \"Busy\"\nurl = \"{}\"\npoll_interval = \"1h\"\n\n",
        server.url("/busy.xml")
    );
    for f in extra_feeds {
        feeds.push_str(&format!("[[feed]]\nurl = \"{}\"\n\n", server.url(f)));
    }
    write(
        dir,
        "c.toml",
        &format!(
            "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\ntimeout = \"30s\"\n\n{feeds}{TOPICS}",
            dir.join("state").display()
        ),
    )
}

#[test]
fn run_polls_then_stops_within_ten_seconds_of_sigterm() {
    let server = TestServer::start();
    big_feed(&server, 3);
    server.route("/hang.xml", Route::Hang);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &server, &["/hang.xml"]);
    let mut child = newswatch()
        .args(["--config", cfg.to_str().unwrap(), "run"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the busy feed's articles are stored (the first polls are spread over ≤30 s).
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let done = Store::open(&dir.path().join("state"))
            .ok()
            .and_then(|s| s.counts().ok())
            .is_some_and(|c| c.articles == 3);
        if done {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let mut log = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut log).unwrap();
            panic!("the daemon did not poll:\n{log}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    // The hanging feed is still in flight (30 s timeout); SIGTERM must not wait for it.
    let t0 = Instant::now();
    signal(&child, "-TERM");
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut log = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut log).unwrap();
    assert!(
        log.contains("polled") && log.contains("Busy") && log.contains("new=3"),
        "{log}"
    );
    assert!(log.contains("shutting down"), "{log}");
}

#[test]
fn sigkill_at_any_moment_loses_nothing_and_stores_nothing_twice() {
    let server = TestServer::start();
    big_feed(&server, 40);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &server, &[]);
    let cfg_s = cfg.to_str().unwrap();
    for i in 0..10u64 {
        once_killed_after(cfg_s, Duration::from_millis(20 + i * 37));
    }
    let out = run(&["--config", cfg_s, "once"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&dir.path().join("state")).unwrap();
    let c = store.counts().unwrap();
    assert_eq!((c.entries, c.articles, c.pending), (40, 40, 0), "{c:?}");
    // One match row per article and topic, one set of quotes per article.
    assert_eq!(c.matches, 80, "{c:?}");
    assert_eq!(c.quotes, 40, "{c:?}");
}

/// `feeds` feeds of `items` recent entries each, every entry with its own page.
fn many_feeds(server: &TestServer, feeds: usize, items: usize) -> String {
    let date = (chrono::Utc::now() - chrono::Duration::hours(3)).to_rfc2822();
    let mut config = String::new();
    for f in 0..feeds {
        let mut xml =
            format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Site {f}</title>");
        for i in 0..items {
            let page = format!("/s{f}/{i}.html");
            xml.push_str(&format!(
                "<item><title>Site {f} story {i}</title><link>{}</link><guid>s{f}-{i}</guid><pubDate>{date}</pubDate></item>",
                server.url(&page)
            ));
            server.ok(
                &page,
                "text/html",
                format!(
                    "<html><body><article><h1>Site {f} story {i}</h1><p>Mediators said the ceasefire held for a day {i} as talks on the release of hostages resumed at site {f}.</p>\
                     <p>“Every hour of quiet matters,” said Lena Ortiz, a spokesperson for the mediators, late on Tuesday evening after the session.</p></article></body></html>"
                ),
                None,
            );
        }
        xml.push_str("</channel></rss>");
        let path = format!("/feed{f}.xml");
        server.ok(&path, "application/rss+xml", xml, None);
        config.push_str(&format!(
            "[[feed]]\nname = \"Site {f}\"\nurl = \"{}\"\n\n",
            server.url(&path)
        ));
    }
    config
}

#[test]
fn sigkill_at_random_moments_of_a_busy_many_feed_cycle_loses_nothing() {
    // The scale version of the test above: many feeds polled at once, articles of several
    // feeds in flight together, killed at pseudo-random moments (a fixed seed, so a failure
    // can be replayed) many times over. The benchmark runner does the same at 10,000 feeds
    // (`bench/scale/run.py --crash`).
    const FEEDS: usize = 24;
    const ITEMS: usize = 6;
    let server = TestServer::start();
    let feeds = many_feeds(&server, FEEDS, ITEMS);
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "c.toml",
        &format!(
            "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\n\n{feeds}{TOPICS}",
            dir.path().join("state").display()
        ),
    );
    let cfg_s = cfg.to_str().unwrap();
    let mut seed: u64 = 0x5eed_1234;
    let mut stored_at_kill = Vec::new();
    for _ in 0..15 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let at = Duration::from_millis(10 + (seed >> 33) % 400);
        once_killed_after(cfg_s, at);
        if dir.path().join("state/newswatch.db").exists() {
            stored_at_kill.push(
                Store::open(&dir.path().join("state"))
                    .unwrap()
                    .counts()
                    .unwrap()
                    .articles,
            );
        }
    }
    let out = run(&["--config", cfg_s, "once"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&dir.path().join("state")).unwrap();
    let c = store.counts().unwrap();
    let n = (FEEDS * ITEMS) as i64;
    assert_eq!(
        (c.entries, c.articles, c.pending),
        (n, n, 0),
        "{c:?} (articles stored at each kill: {stored_at_kill:?})"
    );
    // Both topics match every page; one quote per page: nothing doubled, nothing half-written.
    assert_eq!((c.matches, c.quotes), (2 * n, n), "{c:?}");
    // The kills did land mid-cycle: some, not all, of the work was done before the last run.
    assert!(
        stored_at_kill.iter().any(|&a| a > 0 && a < n),
        "no kill interrupted the cycle midway: {stored_at_kill:?}"
    );
}

#[test]
fn sighup_reloads_feeds_and_keeps_running_on_an_invalid_config() {
    let server = TestServer::start();
    big_feed(&server, 2);
    server.ok(
        "/second.xml",
        "application/rss+xml",
        render(&fixture("feeds/atom.xml"), &server.base()),
        None,
    );
    server.ok(
        "/pages/ceasefire-holds.html",
        "text/html",
        fixture("pages/ceasefire-holds.html"),
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &server, &[]);
    let log_path = dir.path().join("daemon.log");
    let mut child = newswatch()
        .args(["--config", cfg.to_str().unwrap(), "run"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let wait_for = |what: &str, cond: &dyn Fn() -> bool| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !cond() {
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting for {what}:\n{}",
                    std::fs::read_to_string(&log_path).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_for("the first poll", &|| {
        !server.requests_to("/busy.xml").is_empty()
    });
    assert!(server.requests_to("/second.xml").is_empty());

    // Add a feed: it starts polling after SIGHUP without a restart.
    let body = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        format!(
            "{body}\n[[feed]]\nurl = \"{}\"\n",
            server.url("/second.xml")
        ),
    )
    .unwrap();
    signal(&child, "-HUP");
    wait_for("the new feed", &|| {
        !server.requests_to("/second.xml").is_empty()
    });
    wait_for("the reload log", &|| {
        std::fs::read_to_string(&log_path)
            .unwrap_or_default()
            .contains("configuration reloaded")
    });

    // An invalid file is rejected with its errors; the daemon keeps running.
    std::fs::write(&cfg, "[daemon]\npoll_interval = \"often\"\n").unwrap();
    signal(&child, "-HUP");
    wait_for("the rejection", &|| {
        std::fs::read_to_string(&log_path)
            .unwrap_or_default()
            .contains("still running the previous one")
    });
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("c.toml:2:17"), "{log}");
    assert!(
        child.try_wait().unwrap().is_none(),
        "the daemon must survive a bad reload"
    );
    signal(&child, "-TERM");
    assert!(child.wait().unwrap().success());
}

#[test]
fn tells_systemd_it_is_ready_alive_and_what_it_is_doing() {
    let server = TestServer::start();
    big_feed(&server, 1);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &server, &[]);
    let sock_path = dir.path().join("notify.sock");
    let sock = std::os::unix::net::UnixDatagram::bind(&sock_path).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut child = newswatch()
        .args(["--config", cfg.to_str().unwrap(), "run"])
        .env("NOTIFY_SOCKET", &sock_path)
        .env("WATCHDOG_USEC", "1000000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline
        && !(seen.contains("READY=1")
            && seen.matches("WATCHDOG=1").count() >= 2
            && seen.contains("STATUS="))
    {
        if let Ok(n) = sock.recv(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            seen.push('\n');
        }
    }
    signal(&child, "-TERM");
    let _ = child.wait();
    assert!(seen.contains("READY=1"), "{seen}");
    assert!(seen.matches("WATCHDOG=1").count() >= 2, "{seen}");
    assert!(seen.contains("STATUS=1 feeds;"), "{seen}");
}

fn http_get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn healthz_and_metrics_are_served_on_loopback() {
    let server = TestServer::start();
    big_feed(&server, 2);
    server.route(
        "/broken.xml",
        Route::Status {
            code: 500,
            headers: vec![],
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &server, &["/broken.xml"]);
    let body = std::fs::read_to_string(&cfg).unwrap().replacen(
        "[daemon]\n",
        "[daemon]\nlisten = \"127.0.0.1:0\"\n",
        1,
    );
    std::fs::write(&cfg, body).unwrap();
    let log_path = dir.path().join("daemon.log");
    let mut child = newswatch()
        .args(["--config", cfg.to_str().unwrap(), "run"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut port = None;
    let mut metrics = String::new();
    while Instant::now() < deadline {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        if port.is_none() {
            port = log
                .lines()
                .find(|l| l.contains("serving /healthz"))
                .and_then(|l| l.rsplit("addr=").next())
                .and_then(|a| a.trim().rsplit(':').next())
                .and_then(|p| p.parse::<u16>().ok());
        }
        if let Some(p) = port {
            metrics = http_get(p, "/metrics");
            if metrics.contains("newswatch_articles_total 2")
                && metrics.contains("outcome=\"failed\"} 1")
            {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let port = port.unwrap_or_else(|| {
        panic!(
            "no listen address logged:\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        )
    });
    let health = http_get(port, "/healthz");
    signal(&child, "-TERM");
    let _ = child.wait();
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    assert!(
        metrics.contains("newswatch_polls_total{outcome=\"fetched\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("newswatch_polls_total{outcome=\"failed\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("newswatch_articles_total 2"), "{metrics}");
    assert!(
        metrics.contains("newswatch_fetch_duration_seconds_count"),
        "{metrics}"
    );
    assert!(
        metrics.contains("newswatch_feed_errors_total{feed=\"127.0.0.1\"} 1"),
        "{metrics}"
    );
    assert!(
        health.starts_with("HTTP/1.1 200") && health.contains("ok: 2 feeds"),
        "{health}"
    );
}
