//! Shared helpers of the integration tests: real servers, fixtures and the real binary.

#![allow(dead_code)]

pub mod http;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("fixture {}: {e}", p.display()))
}

pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Fills a feed template: `{{BASE}}` is the test server, `{{RECENT}}` an RFC 2822 date an hour
/// ago, `{{RECENT_ISO}}` the same in RFC 3339 (so entries fall inside `max_age`).
pub fn render(template: &str, base: &str) -> String {
    let recent = chrono::Utc::now() - chrono::Duration::hours(1);
    template
        .replace("{{BASE}}", base)
        .replace("{{RECENT}}", &recent.to_rfc2822())
        .replace(
            "{{RECENT_ISO}}",
            &recent.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )
}

pub fn newswatch() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newswatch"));
    c.env("RUST_LOG", "info").env_remove("NEWSWATCH_CONFIG");
    c
}

pub fn run(args: &[&str]) -> Output {
    newswatch().args(args).output().expect("run newswatch")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).expect("write file");
    p
}

/// The two topics of the default config, as the tests use them.
pub const TOPICS: &str = r#"
[[topic]]
name = "Hostage negotiations"
query = '(hostage* OR captive*) NEAR/20 (negotiat* OR talks OR deal OR release*)'

[[topic]]
name = "Ceasefire"
query = 'ceasefire OR truce OR "cessation of hostilities"'
"#;
