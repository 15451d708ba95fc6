//! The command-line contract of DESIGN.md: `check-config` messages, and the JSON of `extract`,
//! `quotes` and `match` on the seed fixture.

mod support;

use serde_json::Value;
use support::*;

fn default_config() -> String {
    format!("{}/config/newswatch.toml", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_default_config_is_valid() {
    let out = run(&["--config", &default_config(), "check-config"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("OK (6 feeds, 2 topics, 1 recipient)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_config_names_file_line_and_column_of_every_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        (
            "[daemon]\npoll_intervall = \"5m\"\n",
            ":2:1:",
            "unknown field `poll_intervall`",
        ),
        (
            "[[feed]]\nurl = \"ftp://example.org/x\"\n",
            ":2:7:",
            "http or https",
        ),
        (
            "[[feed]]\nurl = \"https://example.org/rss\"\npoll_interval = \"5 weeks\"\n",
            ":3:17:",
            "unknown duration unit",
        ),
        (
            "[[topic]]\nname = \"T\"\nquery = 'hostage AND (talks'\n",
            ":3:",
            "parenthes",
        ),
        (
            "[[topic]]\nname = \"T\"\nquery = \"x\"\n[[recipient]]\nemail = \"a@example.org\"\ntimezone = \"Mars/Olympus\"\n[email]\nfrom = \"n@example.org\"\n",
            ":6:12:",
            "Mars/Olympus",
        ),
        (
            "[[topic]]\nname = \"T\"\nquery = \"x\"\n[[recipient]]\nemail = \"a@example.org\"\ntopics = [\"T\", \"Nope\"]\n[email]\nfrom = \"n@example.org\"\n",
            ":6:16:",
            "unknown topic \"Nope\"",
        ),
        ("[daemon\n", ":1:", "expected"),
    ];
    for (i, (body, position, message)) in cases.iter().enumerate() {
        let p = write(dir.path(), &format!("bad{i}.toml"), body);
        let out = run(&["--config", p.to_str().unwrap(), "check-config"]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "case {i} should fail: {text}");
        let expected_prefix = format!("bad{i}.toml{position}");
        assert!(
            text.contains(&expected_prefix),
            "case {i}: expected {expected_prefix} in:\n{text}"
        );
        assert!(
            text.contains(message),
            "case {i}: expected {message:?} in:\n{text}"
        );
    }
}

#[test]
fn check_config_reports_several_errors_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let body = "[[feed]]\nurl = \"nope\"\n\n[[feed]]\nurl = \"https://example.org/a\"\npoll_interval = \"soon\"\n";
    let p = write(dir.path(), "two.toml", body);
    let out = run(&["--config", p.to_str().unwrap(), "check-config"]);
    let text = stdout(&out);
    assert!(
        text.contains("two.toml:2:7:") && text.contains("two.toml:6:17:"),
        "{text}"
    );
}

#[test]
fn extract_and_quotes_print_the_design_json() {
    let page = fixture_path("pages/seed-article.html");
    let out = run(&["extract", "--format", "json", page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["input"], page.to_str().unwrap());
    assert_eq!(
        v["title"],
        "US confirms direct talks with Hamas over hostages"
    );
    assert_eq!(v["byline"], "Dana Whitfield");
    assert_eq!(v["published"], "2025-03-06T14:30:00Z");
    assert_eq!(v["language"], "en");
    let text = v["text"].as_str().unwrap();
    let paragraphs = v["paragraphs"].as_array().unwrap();
    assert!(text.starts_with("In a pivotal shift"), "{text}");
    assert!(!text.contains("Sign up for our daily briefing"));
    assert!(!text.contains("Markets rally"));
    assert_eq!(
        text,
        paragraphs
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    let quotes = v["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 3, "{quotes:?}");
    let chars: Vec<char> = text.chars().collect();
    for q in quotes {
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            q["text"].as_str().unwrap()
        );
        let p = q["paragraph"].as_u64().unwrap() as usize;
        assert!(
            paragraphs[p]
                .as_str()
                .unwrap()
                .contains(q["text"].as_str().unwrap().split(". ").next().unwrap())
        );
        assert_eq!(q["partial"], false);
    }
    assert_eq!(quotes[0]["speaker"], "Rachel Goodman");
    assert_eq!(quotes[0]["role"], "a Middle East policy expert");
    assert_eq!(quotes[0]["cue"], "explains");
    assert_eq!(quotes[1]["speaker"], "Amira Nasser");
    assert_eq!(quotes[1]["role"], "a spokesperson for a leading NGO");
    assert_eq!(quotes[2]["speaker"], "James Corbin");
    assert_eq!(quotes[2]["role"], "White House Press Secretary");

    // `quotes` on the .txt: offsets into the file as read.
    let txt = fixture_path("seed-article-us-hamas-talks.txt");
    let out = run(&[
        "quotes",
        "--format",
        "jsonl",
        txt.to_str().unwrap(),
        page.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let raw: Vec<char> = fixture("seed-article-us-hamas-talks.txt").chars().collect();
    for q in lines[0]["quotes"].as_array().unwrap() {
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            raw[s..e].iter().collect::<String>(),
            q["text"].as_str().unwrap()
        );
    }
    assert_eq!(lines[0]["quotes"].as_array().unwrap().len(), 3);
    assert_eq!(lines[1]["input"], page.to_str().unwrap());
}

#[test]
fn extract_handles_gzip_and_reports_unreadable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("page.html.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut enc, fixture("pages/markets.html").as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let missing = dir.path().join("missing.html");
    let out = run(&[
        "extract",
        "--format",
        "jsonl",
        gz.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["text"].as_str().unwrap().contains("Stocks rose"));
    assert!(lines[1]["error"].as_str().unwrap().contains("missing.html"));
}

#[test]
fn both_default_topics_match_the_seed_article() {
    let txt = fixture_path("seed-article-us-hamas-talks.txt");
    let out = run(&[
        "--config",
        &default_config(),
        "match",
        txt.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["matched"], true);
    let names: Vec<&str> = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Hostage negotiations", "Ceasefire"]);
    let raw: Vec<char> = fixture("seed-article-us-hamas-talks.txt").chars().collect();
    for t in v["topics"].as_array().unwrap() {
        assert!(!t["snippet"].as_str().unwrap().is_empty());
        for term in t["terms"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["field"] == "body")
        {
            let (s, e) = (
                term["start"].as_u64().unwrap() as usize,
                term["end"].as_u64().unwrap() as usize,
            );
            let word: String = raw[s..e].iter().collect::<String>().to_lowercase();
            assert!(
                ["hostage", "talk", "releas", "ceasefire", "negotiat", "deal"]
                    .iter()
                    .any(|s| word.starts_with(s)),
                "{word}"
            );
        }
    }
}

#[test]
fn match_rejects_a_bad_query_with_its_column() {
    let txt = fixture_path("seed-article-us-hamas-talks.txt");
    let out = run(&[
        "match",
        "--query",
        "hostage NEAR talks",
        txt.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("column"), "{}", stderr(&out));
}

#[test]
fn extract_drops_a_paywall_teaser_inside_the_article() {
    let page = fixture_path("pages/paywall-teaser.html");
    let out = run(&["extract", page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let paragraphs = v["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 2, "{paragraphs:?}");
    assert!(!v["text"].as_str().unwrap().contains("subscribers"));
}

#[test]
fn feed_shows_entries_and_the_repairs_it_needed() {
    let dir = tempfile::tempdir().unwrap();
    // No version attribute and a bare ampersand: feed-rs alone refuses this document.
    let p = write(
        dir.path(),
        "broken.xml",
        "<rss><channel><title>Fish & Chips</title><item><title>Cod & haddock prices</title><link>https://example.org/cod</link><guid>cod-1</guid></item></channel></rss>",
    );
    let out = run(&["feed", "--format", "jsonl", p.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["entries"][0]["title"], "Cod & haddock prices");
    assert_eq!(v["entries"][0]["link"], "https://example.org/cod");
    assert_eq!(v["entries"][0]["id"], "cod-1");
    assert!(v["error"].is_null());
    let repairs: Vec<&str> = v["repairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(repairs.iter().any(|r| r.contains("version")), "{repairs:?}");
    assert!(repairs.iter().any(|r| r.contains('&')), "{repairs:?}");

    let html = write(
        dir.path(),
        "page.html",
        "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"https://example.org/rss\"></head><body>hi</body></html>",
    );
    let out = run(&["feed", html.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["alternates"][0], "https://example.org/rss");
    assert!(!v["error"].is_null());
}

#[test]
fn a_config_with_credentials_readable_by_everyone_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let body = "[email]\nfrom = \"n@example.org\"\ntransport = \"smtp\"\n[email.smtp]\nhost = \"smtp.example.org\"\nusername = \"nw\"\npassword_env = \"NW_PW\"\n";
    let p = write(dir.path(), "c.toml", body);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(&["--config", p.to_str().unwrap(), "check-config"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("readable by every user"),
        "{}",
        stderr(&out)
    );
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = run(&["--config", p.to_str().unwrap(), "check-config"]);
    assert!(!stderr(&out).contains("readable by every user"));
}

#[test]
fn man_page_and_completions_describe_the_commands() {
    let man = stdout(&run(&["man"]));
    assert!(
        man.contains(".TH newswatch 1") && man.contains("check\\-config"),
        "{man}"
    );
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success());
        assert!(stdout(&out).contains("check-config"), "{shell}");
    }
}

/// `newswatch … | head`: when the reader goes away the command ends quietly with status 0, as
/// Unix tools do, instead of a panic or an error about the pipe.
#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    use std::process::Stdio;
    let txt = fixture_path("seed-article-us-hamas-talks.txt");
    let txt = txt.to_str().unwrap();
    // Far more output than a pipe buffers, so a write fails whenever the reader leaves.
    let many = vec![txt; 200];
    for args in [
        [&["quotes", "--format", "jsonl"][..], &many[..]].concat(),
        [
            &["--config", &default_config(), "match", "--format", "text"][..],
            &many[..],
        ]
        .concat(),
    ] {
        let mut child = newswatch()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn newswatch");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait for newswatch");
        assert!(
            out.status.success(),
            "{:?}: {:?} {}",
            &args[..3],
            out.status,
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("panicked") && !stderr(&out).contains("Broken pipe"),
            "{}",
            stderr(&out)
        );
    }
}
