//! Daily digests over real SMTP (aiosmtpd on 127.0.0.1): content, format, TLS and AUTH, faults,
//! crash safety and exactly-once delivery. The daemon under test is the real binary.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use support::http::TestServer;
use support::smtp::{SmtpServer, parse, read_maildir};
use support::*;

/// A feed server with the seed article (and other fixture feeds) ready.
fn news_server() -> TestServer {
    let server = TestServer::start();
    let base = server.base();
    server.ok(
        "/feeds/rss2.xml",
        "application/rss+xml",
        render(&fixture("feeds/rss2.xml"), &base),
        Some("\"v1\""),
    );
    server.ok(
        "/feeds/atom.xml",
        "application/atom+xml",
        render(&fixture("feeds/atom.xml"), &base),
        None,
    );
    for page in ["seed-article.html", "ceasefire-holds.html", "markets.html"] {
        server.ok(
            &format!("/pages/{page}"),
            "text/html; charset=utf-8",
            fixture(&format!("pages/{page}")),
            None,
        );
    }
    server
}

struct Setup {
    dir: tempfile::TempDir,
    cfg: PathBuf,
}

impl Setup {
    fn cfg(&self) -> &str {
        self.cfg.to_str().unwrap()
    }
}

fn smtp_block(port: u16, extra: &str) -> String {
    format!(
        "[email]\nfrom = \"newswatch <newswatch@example.org>\"\ntransport = \"smtp\"\n\n[email.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout = \"5s\"\n{extra}\n"
    )
}

fn setup(server: &TestServer, feeds: &[&str], recipients: &[&str], email: &str) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let feeds: String = feeds
        .iter()
        .map(|p| format!("[[feed]]\nurl = \"{}\"\n\n", server.url(p)))
        .collect();
    let recipients: String = recipients
        .iter()
        .map(|r| {
            format!(
                "[[recipient]]\nemail = \"{r}\"\nat = \"07:00\"\ntimezone = \"Europe/London\"\n\n"
            )
        })
        .collect();
    let body = format!(
        "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\ntimeout = \"5s\"\n\n{feeds}{TOPICS}\n{recipients}{email}",
        dir.path().join("state").display()
    );
    let cfg = write(dir.path(), "newswatch.toml", &body);
    Setup { dir, cfg }
}

fn once(s: &Setup) {
    let out = run(&["--config", s.cfg(), "once"]);
    assert!(out.status.success(), "once failed: {}", stderr(&out));
}

fn send(s: &Setup) -> std::process::Output {
    run(&["--config", s.cfg(), "digest", "send"])
}

#[test]
fn seed_article_digest_over_smtp_has_both_topics_and_the_three_quotes() {
    let server = news_server();
    let mail = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(mail.path(), &[]);
    let s = setup(
        &server,
        &["/feeds/rss2.xml", "/feeds/atom.xml"],
        &["analyst@example.org"],
        &smtp_block(smtp.port, ""),
    );
    once(&s);
    let out = send(&s);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));

    let msgs = smtp.messages();
    assert_eq!(msgs.len(), 1);
    let m = parse(&msgs[0]);
    assert_eq!(m.content_type, "multipart/alternative");
    assert!(
        m.message_id.starts_with("<digest.") && m.message_id.ends_with("@example.org>"),
        "{}",
        m.message_id
    );
    assert!(m.list_id.contains("<"), "{}", m.list_id);
    assert!(m.subject.contains("newswatch"), "{}", m.subject);
    // Text is wrapped for reading: compare with whitespace collapsed.
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in [&flat(&m.text), &flat(&m.html)] {
        assert!(part.contains("Hostage negotiations"), "{part}");
        assert!(part.contains("Ceasefire"));
        assert!(part.contains("US confirms direct talks with Hamas over hostages"));
        for (speaker, role) in [
            ("Rachel Goodman", "a Middle East policy expert"),
            ("Amira Nasser", "a spokesperson for a leading NGO"),
            ("James Corbin", "White House Press Secretary"),
        ] {
            assert!(part.contains(speaker), "{speaker} missing");
            assert!(part.contains(role), "{role} missing");
        }
        assert!(part.contains("This represents a pragmatic shift"));
    }
    // The seed is one story in each of its two topics, never repeated within one.
    assert_eq!(
        m.text
            .matches("US confirms direct talks with Hamas over hostages")
            .count(),
        2,
        "{}",
        m.text
    );
    assert!(!m.text.contains("Markets rally"));
    // HTML: no scripts, no remote resources, inline styles only.
    assert!(!m.html.contains("<script") && !m.html.contains("<img") && !m.html.contains("<link"));
    assert!(
        m.html.contains("<mark") || m.html.contains("font-weight"),
        "matched terms are highlighted"
    );

    // Nothing new: a second send sends nothing.
    let out = send(&s);
    assert!(out.status.success());
    assert_eq!(smtp.messages().len(), 1);
}

fn self_signed(dir: &Path) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let out = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "extendedKeyUsage=serverAuth"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (cert, key)
}

#[test]
fn starttls_with_auth_and_a_password_from_the_environment() {
    let server = news_server();
    let mail = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed(mail.path());
    let secret = "s3cret-Pa55word-never-logged";
    let smtp = SmtpServer::start(
        mail.path(),
        &[
            "--mode",
            "starttls",
            "--cert",
            cert.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--auth",
            &format!("newswatch:{secret}"),
        ],
    );
    let extra = format!(
        "username = \"newswatch\"\npassword_env = \"NW_TEST_SMTP_PASSWORD\"\nca_file = \"{}\"\n",
        cert.display()
    );
    let email = smtp_block(smtp.port, &extra)
        .replace("host = \"127.0.0.1\"", "host = \"localhost\"")
        .replace("security = \"none\"", "security = \"starttls\"");
    let s = setup(
        &server,
        &["/feeds/rss2.xml"],
        &["analyst@example.org"],
        &email,
    );

    let out = newswatch()
        .args([
            "--config",
            s.cfg(),
            "test-email",
            "--to",
            "analyst@example.org",
        ])
        .env("NW_TEST_SMTP_PASSWORD", secret)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("250"), "{}", stdout(&out));

    // A wrong password: a clear failure with the server's reply, and no secret in the output.
    let out = newswatch()
        .args([
            "--config",
            s.cfg(),
            "test-email",
            "--to",
            "analyst@example.org",
        ])
        .env("NW_TEST_SMTP_PASSWORD", "wrong-password")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr(&out).contains("wrong-password") && !stdout(&out).contains("wrong-password"));
    assert!(
        stderr(&out).contains("535") || stderr(&out).to_lowercase().contains("auth"),
        "{}",
        stderr(&out)
    );

    // Missing variable: says which one.
    let out = newswatch()
        .args([
            "--config",
            s.cfg(),
            "test-email",
            "--to",
            "analyst@example.org",
        ])
        .env_remove("NW_TEST_SMTP_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("NW_TEST_SMTP_PASSWORD"),
        "{}",
        stderr(&out)
    );

    let out = newswatch()
        .args(["--config", s.cfg(), "once"])
        .env("NW_TEST_SMTP_PASSWORD", secret)
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = newswatch()
        .args(["--config", s.cfg(), "digest", "send"])
        .env("NW_TEST_SMTP_PASSWORD", secret)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(!stderr(&out).contains(secret) && !stdout(&out).contains(secret));
    assert_eq!(smtp.messages().len(), 2, "test message + digest");
    let out = newswatch()
        .args(["--config", s.cfg(), "check-config"])
        .env("NW_TEST_SMTP_PASSWORD", secret)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!stderr(&out).contains(secret) && !stdout(&out).contains(secret));
    // The secret is in neither the store nor the config.
    let db = std::fs::read(s.dir.path().join("state/newswatch.db")).unwrap();
    assert!(!String::from_utf8_lossy(&db).contains(secret));
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Message-IDs received per envelope recipient.
fn received(maildir: &Path) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for raw in read_maildir(maildir) {
        let m = parse(&raw);
        out.entry(m.envelope_to).or_default().push(m.message_id);
    }
    out
}

#[test]
fn faults_are_retried_and_each_recipient_gets_exactly_one_copy() {
    let server = news_server();
    let mail = tempfile::tempdir().unwrap();
    let port = free_port();
    let rcpts = ["ana@example.org", "ben@example.org", "rejected@example.org"];
    let s = setup(&server, &["/feeds/rss2.xml"], &rcpts, &smtp_block(port, ""));
    once(&s);

    // 1. The server is down: everything stays queued for retry.
    let out = send(&s);
    assert!(
        stdout(&out).contains("retrying later 3"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    // 2. It answers 421 at the greeting (service not available): still queued.
    {
        let _busy = SmtpServer::start_on(mail.path(), port, &["--greet-421"]);
        let out = send(&s);
        assert!(
            stdout(&out).contains("retrying later 3"),
            "{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
    assert!(received(mail.path()).is_empty());

    // 3. It comes back answering 451 twice, then drops the connection after one DATA; one
    //    mailbox is refused for good (550).
    let smtp = SmtpServer::start_on(
        mail.path(),
        port,
        &[
            "--tempfail-data",
            "2",
            "--drop-data",
            "1",
            "--reject-rcpt",
            "rejected@example.org",
        ],
    );
    for _ in 0..6 {
        let _ = send(&s);
    }
    let got = received(mail.path());
    assert_eq!(got.get("ana@example.org").map(Vec::len), Some(1), "{got:?}");
    assert_eq!(got.get("ben@example.org").map(Vec::len), Some(1), "{got:?}");
    assert!(!got.contains_key("rejected@example.org"));

    // The refusal is recorded with the server's reply and is not retried.
    let out = run(&["--config", s.cfg(), "status"]);
    let status = stdout(&out);
    assert!(
        status.contains("failed") && status.contains("550"),
        "{status}"
    );
    let before = smtp.messages().len();
    let _ = send(&s);
    assert_eq!(smtp.messages().len(), before);
}

#[test]
fn killing_the_sender_at_any_moment_never_loses_a_digest_and_duplicates_share_a_message_id() {
    let server = news_server();
    let mail = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(mail.path(), &[]);
    let rcpts: Vec<String> = (0..6).map(|i| format!("r{i}@example.org")).collect();
    let rcpt_refs: Vec<&str> = rcpts.iter().map(String::as_str).collect();
    let s = setup(
        &server,
        &["/feeds/rss2.xml"],
        &rcpt_refs,
        &smtp_block(smtp.port, ""),
    );
    once(&s);
    // Kill `digest send` at staggered moments, then let one run finish.
    for i in 0..12u64 {
        let mut child = newswatch()
            .args(["--config", s.cfg(), "digest", "send"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 + i * 15));
        let _ = child.kill();
        let _ = child.wait();
    }
    let out = send(&s);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = received(mail.path());
    for r in &rcpts {
        let ids = got
            .get(r)
            .unwrap_or_else(|| panic!("{r} got nothing: {got:?}"));
        assert!(!ids.is_empty());
        // Any second copy is the same digest (same Message-ID), never a different one.
        assert!(ids.iter().all(|id| *id == ids[0]), "{r}: {ids:?}");
    }
    drop(smtp);
}

#[test]
fn one_wire_story_from_three_feeds_appears_once_with_the_other_sources() {
    let server = TestServer::start();
    let body = |headline: &str, extra: &str| {
        format!(
            "<html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>\
             <p>GENEVA (Wire) — Negotiators said on Tuesday that a ceasefire agreement between the two sides was close, after a week of talks hosted by mediators in the Swiss city, with the release of detainees on both sides part of the draft.</p>\
             <p>The draft agreement includes a phased withdrawal of forces from the border towns, the opening of crossings for aid trucks, and a monitoring mission led by neutral observers who would report to both governments every week.</p>\
             <p>“We are closer than we have ever been, but nothing is agreed until everything is agreed,” said Lena Morel, the lead mediator, speaking to reporters outside the talks venue on Tuesday evening.</p>\
             <p>Officials from both delegations declined to comment on the remaining issues, which diplomats said include the sequencing of prisoner releases and the mandate of the observers.{extra}</p>\
             </article></body></html>"
        )
    };
    let stories = [
        ("/a/story-1", "Ceasefire deal close, mediators say", ""),
        (
            "/b/2025/wire-ceasefire?utm_source=rss",
            "Mediators: truce agreement within reach",
            " Talks resume Wednesday.",
        ),
        ("/c/news/99", "Sides near ceasefire after Geneva talks", ""),
    ];
    for (i, (path, headline, extra)) in stories.iter().enumerate() {
        let route = path.split('?').next().unwrap();
        server.ok(route, "text/html", body(headline, extra), None);
        let feed = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Outlet {n}</title><item><title>{headline}</title><link>{url}</link><guid>wire-{n}</guid><pubDate>{date}</pubDate></item></channel></rss>",
            n = i + 1,
            url = server.url(path).replace('&', "&amp;"),
            date = (chrono::Utc::now() - chrono::Duration::minutes(30 + i as i64)).to_rfc2822(),
        );
        server.ok(
            &format!("/feed{}.xml", i + 1),
            "application/rss+xml",
            feed,
            None,
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let feeds: String = (1..=3)
        .map(|i| {
            format!(
                "[[feed]]\nname = \"Outlet {i}\"\nurl = \"{}\"\n\n",
                server.url(&format!("/feed{i}.xml"))
            )
        })
        .collect();
    let body = format!(
        "[daemon]\nstate_dir = \"{}\"\nallow_private_networks = true\n\n{feeds}{TOPICS}\n[[recipient]]\nemail = \"a@example.org\"\ntopics = [\"Ceasefire\"]\n\n[email]\nfrom = \"n@example.org\"\ntransport = \"file\"\n[email.file]\ndir = \"{}\"\n",
        dir.path().join("state").display(),
        dir.path().join("out").display()
    );
    let cfg = write(dir.path(), "c.toml", &body);
    let cfg_s = cfg.to_str().unwrap();
    assert!(run(&["--config", cfg_s, "once"]).status.success());
    let html_out = dir.path().join("preview.html");
    let out = run(&[
        "--config",
        cfg_s,
        "digest",
        "preview",
        "--out",
        html_out.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let shown = stories.iter().filter(|(_, h, _)| text.contains(h)).count();
    assert_eq!(shown, 1, "one story, shown once:\n{text}");
    assert!(text.contains("Also in:"), "{text}");
    let also = text
        .lines()
        .skip_while(|l| !l.contains("Also in:"))
        .take(2)
        .collect::<String>();
    assert_eq!(
        ["Outlet 1", "Outlet 2", "Outlet 3"]
            .iter()
            .filter(|o| also.contains(*o))
            .count(),
        2,
        "{also}"
    );
    assert!(
        std::fs::read_to_string(&html_out)
            .unwrap()
            .contains("Also in")
    );

    // `digest send` with the file transport writes one .eml and marks it sent.
    let out = run(&["--config", cfg_s, "digest", "send"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let emls: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .collect();
    assert_eq!(emls.len(), 1);
}

#[test]
fn hostile_titles_and_quotes_are_escaped_in_html_and_intact_in_text() {
    let server = TestServer::start();
    let title = "Ceasefire <script>alert(1)</script> & \"talks\" — 停火协议";
    let page = String::from(
        "<html><head><title>x</title></head><body><article><h1>t</h1>\
         <p>The ceasefire announced on Monday was welcomed across the region by governments and aid agencies alike, who said it offered the first real chance of relief in months.</p>\
         <p>“We will not accept <script>document.location='http://evil.example'</script> & nothing less than a truce,” said Kim Lee, a spokesperson for the coalition.</p>\
         <p>Further talks are planned for next week in the capital, where delegations will discuss the details of monitoring and the return of displaced families.</p></article></body></html>",
    );
    server.ok("/p.html", "text/html", page, None);
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Hostile &lt;b&gt;feed&lt;/b&gt;</title><item><title>{}</title><link>{}</link><guid>h1</guid></item></channel></rss>",
        title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
        server.url("/p.html")
    );
    server.ok("/feed.xml", "application/rss+xml", feed, None);
    let mail = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(mail.path(), &[]);
    let s = setup(
        &server,
        &["/feed.xml"],
        &["a@example.org"],
        &smtp_block(smtp.port, ""),
    );
    once(&s);
    assert!(send(&s).status.success());
    let msgs = smtp.messages();
    assert_eq!(msgs.len(), 1);
    let m = parse(&msgs[0]);
    assert!(!m.html.contains("<script"), "{}", m.html);
    assert!(m.html.contains("&lt;script&gt;"), "{}", m.html);
    assert!(m.html.contains("停火协议"));
    assert!(!m.html.contains("href=\"javascript:"));
    assert!(
        m.text.contains("<script>alert(1)</script> & \"talks\""),
        "{}",
        m.text
    );
    assert!(m.text.contains("Kim Lee"));
    assert!(!m.subject.contains('\n'));
}

#[test]
fn immediate_alerts_arrive_while_the_daemon_runs() {
    let server = news_server();
    let mail = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(mail.path(), &[]);
    let s = setup(
        &server,
        &["/feeds/atom.xml"],
        &["analyst@example.org"],
        &smtp_block(smtp.port, ""),
    );
    // Mark Ceasefire urgent.
    let cfg = std::fs::read_to_string(&s.cfg).unwrap().replace(
        "name = \"Ceasefire\"\n",
        "name = \"Ceasefire\"\nalert = \"immediate\"\n",
    );
    std::fs::write(&s.cfg, cfg).unwrap();
    let mut child = newswatch()
        .args(["--config", s.cfg(), "run"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(40);
    while smtp.messages().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(250));
    }
    let _ = child.kill();
    let _ = child.wait();
    let msgs = smtp.messages();
    assert_eq!(msgs.len(), 1, "one alert for the one urgent match");
    let m = parse(&msgs[0]);
    assert!(m.message_id.starts_with("<alert."), "{}", m.message_id);
    assert!(
        m.text.contains("Fragile truce holds in northern region"),
        "{}",
        m.text
    );
    assert!(m.text.contains("Ceasefire"));
}

#[test]
fn implicit_tls_delivers_and_an_untrusted_certificate_is_refused() {
    let server = news_server();
    let mail = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed(mail.path());
    let smtp = SmtpServer::start(
        mail.path(),
        &[
            "--mode",
            "tls",
            "--cert",
            cert.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ],
    );
    let trusted = smtp_block(smtp.port, &format!("ca_file = \"{}\"\n", cert.display()))
        .replace("host = \"127.0.0.1\"", "host = \"localhost\"")
        .replace("security = \"none\"", "security = \"tls\"");
    let s = setup(
        &server,
        &["/feeds/rss2.xml"],
        &["analyst@example.org"],
        &trusted,
    );
    let out = run(&[
        "--config",
        s.cfg(),
        "test-email",
        "--to",
        "analyst@example.org",
    ]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(smtp.messages().len(), 1);

    // Without the CA the certificate is not trusted: a clear failure, nothing sent.
    let untrusted = smtp_block(smtp.port, "")
        .replace("host = \"127.0.0.1\"", "host = \"localhost\"")
        .replace("security = \"none\"", "security = \"tls\"");
    let s2 = setup(
        &server,
        &["/feeds/rss2.xml"],
        &["analyst@example.org"],
        &untrusted,
    );
    let out = run(&[
        "--config",
        s2.cfg(),
        "test-email",
        "--to",
        "analyst@example.org",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).to_lowercase().contains("certificate")
            || stderr(&out).to_lowercase().contains("tls"),
        "{}",
        stderr(&out)
    );
    assert_eq!(smtp.messages().len(), 1);
}
