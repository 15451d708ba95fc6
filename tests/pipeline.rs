//! The whole pipeline on real servers: `newswatch once` against a loopback HTTP server serving
//! good and misbehaving feeds, checked through the real SQLite file it leaves behind.

mod support;

use newswatch::store::Store;
use support::http::{Route, TestServer};
use support::*;

fn serve_fixtures(server: &TestServer) {
    let base = server.base();
    server.ok(
        "/feeds/rss2.xml",
        "application/rss+xml",
        render(&fixture("feeds/rss2.xml"), &base),
        Some("\"rss-v1\""),
    );
    server.ok(
        "/feeds/atom.xml",
        "application/atom+xml",
        render(&fixture("feeds/atom.xml"), &base),
        Some("\"atom-v1\""),
    );
    server.ok(
        "/feeds/feed.json",
        "application/feed+json",
        render(&fixture("feeds/feed.json"), &base),
        Some("\"json-v1\""),
    );
    for page in ["seed-article.html", "ceasefire-holds.html", "markets.html"] {
        server.ok(
            &format!("/pages/{page}"),
            "text/html; charset=utf-8",
            fixture(&format!("pages/{page}")),
            None,
        );
    }
    // /pages/gone.html is not routed: 404, so the JSON item falls back to its content_html.

    // Misbehaving feeds.
    server.ok(
        "/bad/malformed.xml",
        "application/rss+xml",
        "<<<>>> this is {not] a feed",
        None,
    );
    server.route(
        "/bad/500.xml",
        Route::Status {
            code: 500,
            headers: vec![],
        },
    );
    server.route("/bad/hang.xml", Route::Hang);
    server.route(
        "/bad/huge.xml",
        Route::Huge {
            bytes: 4 * 1024 * 1024,
        },
    );
    server.route(
        "/bad/loop-a.xml",
        Route::Redirect {
            code: 302,
            location: "/bad/loop-b.xml".into(),
        },
    );
    server.route(
        "/bad/loop-b.xml",
        Route::Redirect {
            code: 302,
            location: "/bad/loop-a.xml".into(),
        },
    );
    // Invalid UTF-8 inside a title; the item is old, so it is recorded but never fetched.
    let mut invalid = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Bytes</title><item><title>Caf".to_vec();
    invalid.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    invalid.extend_from_slice(b" news</title><guid>bytes-1</guid><pubDate>Mon, 07 Jan 2019 10:00:00 GMT</pubDate></item></channel></rss>");
    server.ok(
        "/bad/invalid-utf8.xml",
        "application/rss+xml",
        invalid,
        None,
    );
}

fn config(dir: &std::path::Path, server: &TestServer) -> std::path::PathBuf {
    let feeds: String = [
        ("World Wire", "/feeds/rss2.xml"),
        ("Daily Ledger", "/feeds/atom.xml"),
        ("Gulf Monitor", "/feeds/feed.json"),
        ("Malformed", "/bad/malformed.xml"),
        ("Missing", "/bad/404.xml"),
        ("Broken server", "/bad/500.xml"),
        ("Rate limited", "/bad/429.xml"),
        ("Hanging", "/bad/hang.xml"),
        ("Huge", "/bad/huge.xml"),
        ("Redirect loop", "/bad/loop-a.xml"),
        ("Invalid UTF-8", "/bad/invalid-utf8.xml"),
    ]
    .iter()
    .map(|(name, path)| {
        format!(
            "[[feed]]\nname = \"{name}\"\nurl = \"{}\"\n\n",
            server.url(path)
        )
    })
    .collect();
    let body = format!(
        r#"[daemon]
state_dir = "{state}"
poll_interval = "15m"
allow_private_networks = true
timeout = "2s"
connect_timeout = "2s"
max_feed_size = "1MB"

{feeds}
{TOPICS}
"#,
        state = dir.join("state").display()
    );
    write(dir, "newswatch.toml", &body)
}

#[test]
fn once_stores_matches_and_quotes_and_survives_bad_feeds() {
    let server = TestServer::start();
    serve_fixtures(&server);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &server);
    let cfg_s = cfg.to_str().unwrap();

    let started = std::time::Instant::now();
    let out = run(&["--config", cfg_s, "once"]);
    let log = stderr(&out);
    assert!(out.status.success(), "once failed:\n{log}");
    // The hanging feed costs its timeout, not the run.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );

    let store = Store::open(&dir.path().join("state")).unwrap();
    let counts = store.counts().unwrap();
    // rss2: seed + markets + no-link briefing (+ the old one recorded but not fetched);
    // atom: truce; json: the hostage-release item.
    assert_eq!(counts.articles, 5, "{counts:?}\n{log}");
    assert_eq!(counts.pending, 0, "{counts:?}");

    let rows = store
        .digest_rows(0, &["Hostage negotiations".into(), "Ceasefire".into()])
        .unwrap();
    let seed: Vec<_> = rows.iter().filter(|r| r.title.contains("Hamas")).collect();
    let seed_topics: Vec<&str> = seed.iter().map(|r| r.topic.as_str()).collect();
    assert!(
        seed_topics.contains(&"Hostage negotiations") && seed_topics.contains(&"Ceasefire"),
        "{seed_topics:?}"
    );
    let quotes = &seed[0].quotes;
    let speakers: Vec<&str> = quotes.iter().filter_map(|q| q.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        ["Rachel Goodman", "Amira Nasser", "James Corbin"],
        "{quotes:?}"
    );
    assert_eq!(
        quotes[0].role.as_deref(),
        Some("a Middle East policy expert")
    );
    assert_eq!(
        quotes[2].role.as_deref(),
        Some("White House Press Secretary")
    );

    // The truce page matches Ceasefire only; markets match nothing.
    assert!(
        rows.iter()
            .any(|r| r.title.contains("truce") && r.topic == "Ceasefire")
    );
    assert!(
        !rows
            .iter()
            .any(|r| r.title.contains("truce") && r.topic == "Hostage negotiations")
    );
    assert!(!rows.iter().any(|r| r.title.contains("Markets")));
    // The JSON item's page is gone: its content stands in, and still matches.
    assert!(
        rows.iter()
            .any(|r| r.title.contains("Mediators") && r.topic == "Hostage negotiations")
    );

    // Bad feeds: each recorded with a clear reason; good feeds healthy.
    let feeds = store.feeds().unwrap();
    let feed = |name: &str| {
        feeds
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("feed {name}"))
    };
    for good in ["World Wire", "Daily Ledger", "Gulf Monitor"] {
        assert!(
            feed(good).last_error.is_none(),
            "{good}: {:?}",
            feed(good).last_error
        );
        assert!(feed(good).last_success_at.is_some());
    }
    let reason = |name: &str| feed(name).last_error.clone().unwrap_or_default();
    assert!(
        reason("Missing").contains("HTTP 404"),
        "{}",
        reason("Missing")
    );
    assert!(
        reason("Broken server").contains("HTTP 500"),
        "{}",
        reason("Broken server")
    );
    assert!(
        reason("Hanging").contains("timed out"),
        "{}",
        reason("Hanging")
    );
    assert!(reason("Huge").contains("limit"), "{}", reason("Huge"));
    assert!(
        reason("Redirect loop").contains("redirect loop"),
        "{}",
        reason("Redirect loop")
    );
    assert!(!reason("Malformed").is_empty());
    for bad in [
        "Missing",
        "Broken server",
        "Hanging",
        "Huge",
        "Redirect loop",
        "Malformed",
    ] {
        assert_eq!(feed(bad).consecutive_failures, 1, "{bad}");
        assert!(log.contains(bad), "{bad} not in the log:\n{log}");
    }
    // Invalid UTF-8 is either repaired (and says so) or recorded as an error.
    let inv = feed("Invalid UTF-8");
    assert!(
        inv.last_error.is_some() || !inv.repairs.is_empty() || inv.entries_seen > 0,
        "{inv:?}"
    );
    // Its entries came in a burst: the learned interval is the configured minimum (5 minutes).
    assert_eq!(feed("World Wire").learned_interval, Some(300));
    // The old entry is seen, not fetched.
    assert!(server.requests_to("/pages/old.html").is_empty());
    drop(store);

    // Second cycle (a restart, since each `once` is a new process): 304s, nothing new.
    let before = server.requests_to("/pages/seed-article.html").len();
    let out = run(&["--config", cfg_s, "once"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rss = server.requests_to("/feeds/rss2.xml");
    assert_eq!(rss.len(), 2);
    assert_eq!(
        rss[1].headers.get("if-none-match").map(String::as_str),
        Some("\"rss-v1\"")
    );
    assert_eq!(rss[1].status, 304);
    assert_eq!(server.requests_to("/pages/seed-article.html").len(), before);
    let store = Store::open(&dir.path().join("state")).unwrap();
    let again = store.counts().unwrap();
    assert_eq!(
        (again.entries, again.articles, again.matches, again.quotes),
        (
            counts.entries,
            counts.articles,
            counts.matches,
            counts.quotes
        )
    );
}

#[test]
fn entries_without_guid_or_link_keep_their_identity_across_changed_etags() {
    let server = TestServer::start();
    serve_fixtures(&server);
    let feed = render(&fixture("feeds/rss2.xml"), &server.base());
    server.ok(
        "/feeds/rss2.xml",
        "application/rss+xml",
        feed.clone(),
        Some("\"rss-v1\""),
    );
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\n\n[[feed]]\nurl = \"{}\"\n{TOPICS}",
        dir.path().join("state").display(),
        server.url("/feeds/rss2.xml")
    );
    let cfg = write(dir.path(), "c.toml", &body);
    let cfg_s = cfg.to_str().unwrap();
    assert!(run(&["--config", cfg_s, "once"]).status.success());
    // The server changes its ETag: the feed is refetched and reparsed, entries are not duplicated.
    server.ok(
        "/feeds/rss2.xml",
        "application/rss+xml",
        feed,
        Some("\"rss-v2\""),
    );
    assert!(run(&["--config", cfg_s, "once"]).status.success());
    let store = Store::open(&dir.path().join("state")).unwrap();
    assert_eq!(store.counts().unwrap().entries, 4);
}

#[test]
fn permanent_redirect_updates_the_stored_url() {
    let server = TestServer::start();
    serve_fixtures(&server);
    server.route(
        "/moved.xml",
        Route::Redirect {
            code: 301,
            location: "/feeds/atom.xml".into(),
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\n\n[[feed]]\nurl = \"{}\"\n",
        dir.path().join("state").display(),
        server.url("/moved.xml")
    );
    let cfg = write(dir.path(), "c.toml", &body);
    assert!(
        run(&["--config", cfg.to_str().unwrap(), "once"])
            .status
            .success()
    );
    assert!(
        run(&["--config", cfg.to_str().unwrap(), "once"])
            .status
            .success()
    );
    let store = Store::open(&dir.path().join("state")).unwrap();
    let f = &store.feeds().unwrap()[0];
    assert_eq!(
        f.fetch_url.as_deref(),
        Some(server.url("/feeds/atom.xml").as_str())
    );
    // The second poll went straight to the new URL.
    assert_eq!(server.requests_to("/moved.xml").len(), 1);
}

#[test]
fn article_links_to_private_addresses_are_refused_by_default() {
    let server = TestServer::start();
    serve_fixtures(&server);
    let dir = tempfile::tempdir().unwrap();
    // The feed itself is trusted (configured by the operator); its article links are not.
    let body = format!(
        "[daemon]\nstate_dir = \"{}\"\n\n[[feed]]\nurl = \"{}\"\n{TOPICS}",
        dir.path().join("state").display(),
        server.url("/feeds/atom.xml")
    );
    let cfg = write(dir.path(), "c.toml", &body);
    assert!(
        run(&["--config", cfg.to_str().unwrap(), "once"])
            .status
            .success()
    );
    assert!(server.requests_to("/pages/ceasefire-holds.html").is_empty());
    let store = Store::open(&dir.path().join("state")).unwrap();
    // Stored from the feed's summary, with the reason.
    assert_eq!(store.counts().unwrap().articles, 1);
    let rows = store.digest_rows(0, &["Ceasefire".into()]).unwrap();
    assert_eq!(rows.len(), 1, "the summary still matches");
}

#[test]
fn an_html_page_names_its_feeds_and_autodiscover_follows_them() {
    let server = TestServer::start();
    serve_fixtures(&server);
    let page = "<html><head><title>Ledger</title><link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feeds/atom.xml\"></head><body><p>Home page</p></body></html>";
    server.ok("/home.html", "text/html", page, None);
    server.ok("/home2.html", "text/html", page, None);
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\n\n[[feed]]\nname = \"Plain\"\nurl = \"{}\"\n\n[[feed]]\nname = \"Discovering\"\nurl = \"{}\"\nautodiscover = true\n{TOPICS}",
        dir.path().join("state").display(),
        server.url("/home.html"),
        server.url("/home2.html")
    );
    let cfg = write(dir.path(), "c.toml", &body);
    let cfg_s = cfg.to_str().unwrap();
    assert!(run(&["--config", cfg_s, "once"]).status.success());
    let store = Store::open(&dir.path().join("state")).unwrap();
    let feeds = store.feeds().unwrap();
    let plain = feeds.iter().find(|f| f.name == "Plain").unwrap();
    let err = plain.last_error.clone().unwrap_or_default();
    assert!(err.contains(&server.url("/feeds/atom.xml")), "{err}");
    let disc = feeds.iter().find(|f| f.name == "Discovering").unwrap();
    assert_eq!(
        disc.fetch_url.as_deref(),
        Some(server.url("/feeds/atom.xml").as_str())
    );
    drop(store);
    // The next poll reads the discovered feed.
    assert!(run(&["--config", cfg_s, "once"]).status.success());
    let store = Store::open(&dir.path().join("state")).unwrap();
    let disc = store
        .feeds()
        .unwrap()
        .into_iter()
        .find(|f| f.name == "Discovering")
        .unwrap();
    assert!(disc.last_error.is_none() || disc.last_success_at.is_some());
    assert_eq!(disc.entries_seen, 1);
}

#[test]
fn a_feed_that_keeps_failing_for_good_is_disabled_with_its_reason_shown() {
    let server = TestServer::start();
    serve_fixtures(&server);
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\ndisable_after = 2\n\n\
         [[feed]]\nname = \"Gone\"\nurl = \"{}\"\n\n[[feed]]\nname = \"Ledger\"\nurl = \"{}\"\n{TOPICS}\n\
         [[recipient]]\nemail = \"a@example.org\"\nsend_empty = true\n\n[email]\nfrom = \"n@example.org\"\n[email.file]\ndir = \"{}\"\n",
        dir.path().join("state").display(),
        server.url("/gone.xml"),
        server.url("/feeds/atom.xml"),
        dir.path().join("out").display()
    );
    let cfg = write(dir.path(), "c.toml", &body);
    let cfg_s = cfg.to_str().unwrap();
    for _ in 0..3 {
        assert!(run(&["--config", cfg_s, "once"]).status.success());
    }
    // Two 404s disable it; the third cycle does not ask again.
    assert_eq!(server.requests_to("/gone.xml").len(), 2);
    let status = stdout(&run(&["--config", cfg_s, "status"]));
    assert!(
        status.contains("DISABLED: disabled after 2 permanent errors in a row; last: HTTP 404"),
        "{status}"
    );
    // The digest footer names it.
    let preview = stdout(&run(&["--config", cfg_s, "digest", "preview"]));
    assert!(
        preview.contains("Gone") && preview.contains("disabled after 2"),
        "{preview}"
    );
    // Transient errors never disable: the healthy feed is untouched.
    let store = Store::open(&dir.path().join("state")).unwrap();
    assert!(
        store
            .feeds()
            .unwrap()
            .iter()
            .any(|f| f.name == "Ledger" && f.disabled_reason.is_none())
    );
    drop(store);
    // The operator fixes the feed and re-enables it.
    server.ok(
        "/gone.xml",
        "application/atom+xml",
        render(&fixture("feeds/atom.xml"), &server.base()),
        None,
    );
    let out = run(&["--config", cfg_s, "enable-feed", &server.url("/gone.xml")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(run(&["--config", cfg_s, "once"]).status.success());
    assert_eq!(server.requests_to("/gone.xml").len(), 3);
    let store = Store::open(&dir.path().join("state")).unwrap();
    let gone = store
        .feeds()
        .unwrap()
        .into_iter()
        .find(|f| f.name == "Gone")
        .unwrap();
    assert!(gone.disabled_reason.is_none() && gone.last_success_at.is_some());
}

#[test]
fn robots_txt_is_respected_for_article_pages() {
    let server = TestServer::start();
    let base = server.base();
    server.ok(
        "/robots.txt",
        "text/plain",
        "User-agent: *\nDisallow: /private/\n",
        None,
    );
    server.ok(
        "/private/secret.html",
        "text/html",
        fixture("pages/ceasefire-holds.html"),
        None,
    );
    server.ok(
        "/pages/markets.html",
        "text/html",
        fixture("pages/markets.html"),
        None,
    );
    let date = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc2822();
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>R</title>\
         <item><title>Truce holds</title><link>{base}/private/secret.html</link><guid>p1</guid><pubDate>{date}</pubDate><description>A truce held.</description></item>\
         <item><title>Markets</title><link>{base}/pages/markets.html</link><guid>p2</guid><pubDate>{date}</pubDate></item>\
         </channel></rss>"
    );
    server.ok("/feed.xml", "application/rss+xml", feed, None);
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\n\n[[feed]]\nurl = \"{}\"\n{TOPICS}",
        dir.path().join("state").display(),
        server.url("/feed.xml")
    );
    let cfg = write(dir.path(), "c.toml", &body);
    assert!(
        run(&["--config", cfg.to_str().unwrap(), "once"])
            .status
            .success()
    );
    assert!(
        server.requests_to("/private/secret.html").is_empty(),
        "disallowed page fetched"
    );
    assert_eq!(server.requests_to("/pages/markets.html").len(), 1);
    assert_eq!(
        server.requests_to("/robots.txt").len(),
        1,
        "robots.txt is cached per origin"
    );
    let db = rusqlite::Connection::open(dir.path().join("state/newswatch.db")).unwrap();
    let (source, reason): (String, String) = db
        .query_row(
            "SELECT source, fallback_reason FROM articles WHERE title = 'Truce holds'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(source, "feed-summary");
    assert!(reason.contains("robots.txt disallows"), "{reason}");
}
