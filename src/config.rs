//! The TOML configuration: its schema, its defaults and its validation.
//!
//! Loading happens in two passes. Serde (with `deny_unknown_fields`) checks the shape and reports
//! syntax errors and unknown keys; a second pass checks meaning (URLs, durations, time zones,
//! topic queries, recipients naming topics) and collects *every* problem it finds, each with the
//! file, line and column it comes from. The daemon, `check-config` and reload all go through
//! [`Config::load`], so an operator sees the same messages everywhere.
//!
//! Secrets never live in this file: SMTP passwords are read from the environment variable named by
//! `password_env` or from `password_file` when the mailer needs them (see [`SmtpConfig::password`]).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::digest::schedule::DigestSchedule;
use crate::query::Query;

/// One problem found in a configuration file, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Every problem found in a configuration file; `Display` prints one per line.
#[derive(Debug, Clone, thiserror::Error)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// The raw file, as serde sees it. Spans are kept on everything that is validated later.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    daemon: RawDaemon,
    #[serde(default)]
    feed: Vec<RawFeed>,
    #[serde(default)]
    topic: Vec<RawTopic>,
    #[serde(default)]
    recipient: Vec<RawRecipient>,
    email: Option<RawEmail>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDaemon {
    state_dir: Option<Spanned<String>>,
    poll_interval: Option<Spanned<String>>,
    user_agent: Option<String>,
    allow_private_networks: Option<bool>,
    max_age: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    connect_timeout: Option<Spanned<String>>,
    max_feed_size: Option<Spanned<String>>,
    max_article_size: Option<Spanned<String>>,
    max_concurrent_fetches: Option<Spanned<i64>>,
    per_host_concurrency: Option<Spanned<i64>>,
    max_backoff: Option<Spanned<String>>,
    listen: Option<Spanned<String>>,
    disable_after: Option<Spanned<i64>>,
    respect_robots_txt: Option<bool>,
    adaptive_polling: Option<bool>,
    per_host_delay: Option<Spanned<String>>,
    min_poll_interval: Option<Spanned<String>>,
    max_poll_interval: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: Spanned<String>,
    name: Option<String>,
    poll_interval: Option<Spanned<String>>,
    enabled: Option<bool>,
    autodiscover: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    name: Spanned<String>,
    query: Spanned<String>,
    alert: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecipient {
    email: Spanned<String>,
    topics: Option<Vec<Spanned<String>>>,
    at: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    days: Option<Spanned<Vec<String>>>,
    send_empty: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    from: Spanned<String>,
    transport: Option<Spanned<String>>,
    file: Option<RawEmailFile>,
    smtp: Option<RawSmtp>,
    list_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmailFile {
    dir: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSmtp {
    host: Spanned<String>,
    port: Option<u16>,
    security: Option<Spanned<String>>,
    username: Option<String>,
    password_env: Option<String>,
    password_file: Option<String>,
    timeout: Option<Spanned<String>>,
    /// A PEM certificate to trust besides the system roots (a private CA or a test server).
    ca_file: Option<String>,
    /// Present only so that a password written in plain text gets a clear error, not "unknown key".
    password: Option<Spanned<toml::Value>>,
}

/// The validated configuration the daemon runs with.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub daemon: DaemonConfig,
    pub feeds: Vec<FeedConfig>,
    pub topics: Vec<TopicConfig>,
    pub recipients: Vec<RecipientConfig>,
    pub email: Option<EmailConfig>,
}

#[derive(Debug, Clone)]
pub struct DaemonConfig {
    pub state_dir: PathBuf,
    pub poll_interval: Duration,
    pub user_agent: String,
    pub allow_private_networks: bool,
    pub max_age: Duration,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_feed_size: usize,
    pub max_article_size: usize,
    pub max_concurrent_fetches: usize,
    pub per_host_concurrency: usize,
    pub max_backoff: Duration,
    /// Where `/healthz` and `/metrics` are served; off when unset.
    pub listen: Option<std::net::SocketAddr>,
    /// Permanent errors in a row (404, 410, an HTML page with no feed…) before a feed is
    /// disabled; 0 never disables.
    pub disable_after: u32,
    /// Article pages disallowed by the site's robots.txt are not fetched.
    pub respect_robots_txt: bool,
    /// The least time between two requests to one host (raised per host by robots.txt).
    pub per_host_delay: Duration,
    /// Poll each feed at a rhythm learned from its publishing rate, within these bounds.
    pub adaptive_polling: bool,
    pub min_poll_interval: Duration,
    pub max_poll_interval: Duration,
}

impl Default for DaemonConfig {
    fn default() -> Self {
        DaemonConfig {
            state_dir: PathBuf::from("./state"),
            poll_interval: Duration::from_secs(15 * 60),
            user_agent: format!(
                "newswatch/{} (+https://example.org/newswatch)",
                env!("CARGO_PKG_VERSION")
            ),
            allow_private_networks: false,
            max_age: Duration::from_secs(2 * 86_400),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_feed_size: 10 * 1024 * 1024,
            max_article_size: 5 * 1024 * 1024,
            max_concurrent_fetches: 16,
            per_host_concurrency: 2,
            max_backoff: Duration::from_secs(6 * 3600),
            listen: None,
            disable_after: 20,
            respect_robots_txt: true,
            adaptive_polling: true,
            per_host_delay: Duration::ZERO,
            min_poll_interval: Duration::from_secs(5 * 60),
            max_poll_interval: Duration::from_secs(2 * 3600),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedConfig {
    pub url: String,
    pub name: String,
    pub poll_interval: Duration,
    pub enabled: bool,
    pub autodiscover: bool,
}

#[derive(Debug, Clone)]
pub struct TopicConfig {
    pub name: String,
    pub query_text: String,
    pub query: Query,
    pub alert_immediate: bool,
}

#[derive(Debug, Clone)]
pub struct RecipientConfig {
    pub email: String,
    pub topics: Vec<String>,
    pub schedule: DigestSchedule,
    pub timezone: String,
    pub send_empty: bool,
}

#[derive(Debug, Clone)]
pub struct EmailConfig {
    pub from: String,
    pub list_id: String,
    pub transport: Transport,
}

#[derive(Debug, Clone)]
pub enum Transport {
    File { dir: PathBuf },
    Smtp(SmtpConfig),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    None,
}

#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub password_env: Option<String>,
    pub password_file: Option<PathBuf>,
    pub timeout: Duration,
    pub ca_file: Option<PathBuf>,
}

// Hand-written so that a password read into memory can never reach a log through `{:?}`; the
// struct itself holds only where the secret lives.
impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password_env", &self.password_env)
            .field("password_file", &self.password_file)
            .finish()
    }
}

/// Why the SMTP password could not be read. Never contains the secret itself.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("environment variable {0} is not set (it should hold the SMTP password)")]
    EnvMissing(String),
    #[error("cannot read the SMTP password file {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl SmtpConfig {
    /// The password, read now from the environment or the file: never stored in the config.
    pub fn password(&self) -> Result<Option<String>, SecretError> {
        if let Some(var) = &self.password_env {
            return match std::env::var(var) {
                Ok(v) => Ok(Some(v)),
                Err(_) => Err(SecretError::EnvMissing(var.clone())),
            };
        }
        if let Some(path) = &self.password_file {
            let raw = std::fs::read_to_string(path).map_err(|source| SecretError::File {
                path: path.clone(),
                source,
            })?;
            return Ok(Some(raw.trim_end_matches(['\r', '\n']).to_string()));
        }
        Ok(None)
    }
}

/// Parses `"90s"`, `"15m"`, `"1h"`, `"2d"`, `"1h30m"`, `"500ms"`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let expected = "expected a duration like \"90s\", \"15m\", \"1h\" or \"2d\"";
    let t = s.trim();
    if t.is_empty() {
        return Err(format!("empty duration, {expected}"));
    }
    let mut total = Duration::ZERO;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return Err(format!("invalid duration \"{s}\", {expected}"));
        }
        let n: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("invalid duration \"{s}\", {expected}"))?;
        rest = rest[digits..].trim_start();
        let unit_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        let unit = &rest[..unit_len];
        rest = rest[unit_len..].trim_start();
        let secs = match unit {
            "ms" => {
                total += Duration::from_millis(n);
                continue;
            }
            "s" | "sec" | "secs" => 1,
            "m" | "min" | "mins" => 60,
            "h" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            "" => return Err(format!("duration \"{s}\" has no unit, {expected}")),
            other => {
                return Err(format!(
                    "unknown duration unit \"{other}\" in \"{s}\", {expected}"
                ));
            }
        };
        total += Duration::from_secs(n.saturating_mul(secs));
    }
    Ok(total)
}

/// Parses `"10MB"`, `"512KB"`, `"1048576"` into bytes.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    let n: usize = t[..digits]
        .parse()
        .map_err(|_| format!("invalid size \"{s}\", expected a size like \"10MB\" or \"512KB\""))?;
    let mult = match t[digits..].trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" | "KIB" | "K" => 1024,
        "MB" | "MIB" | "M" => 1024 * 1024,
        "GB" | "GIB" | "G" => 1024 * 1024 * 1024,
        other => {
            return Err(format!(
                "unknown size unit \"{other}\" in \"{s}\", expected B, KB, MB or GB"
            ));
        }
    };
    Ok(n.saturating_mul(mult))
}

/// Turns byte offsets of the source into 1-based line and column (columns count characters).
struct Locator<'a> {
    file: &'a Path,
    src: &'a str,
}

impl Locator<'_> {
    fn at(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        let start = span.start.min(self.src.len());
        let before = self.src.get(..start).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before
            .get(line_start..)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        ConfigError {
            file: self.file.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigErrors> {
        let src = std::fs::read_to_string(path).map_err(|e| {
            ConfigErrors(vec![ConfigError {
                file: path.to_path_buf(),
                line: 0,
                column: 0,
                message: format!("cannot read the configuration file: {e}"),
            }])
        })?;
        Config::parse(path, &src)
    }

    /// Validates configuration text; `path` is used in messages and to resolve relative paths.
    pub fn parse(path: &Path, src: &str) -> Result<Config, ConfigErrors> {
        let loc = Locator { file: path, src };
        let raw: RawConfig = toml::from_str(src).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            ConfigErrors(vec![loc.at(span, e.message().trim().to_string())])
        })?;
        let mut errors = Vec::new();
        let cfg = validate(raw, path, &loc, &mut errors);
        if errors.is_empty() {
            Ok(cfg)
        } else {
            Err(ConfigErrors(errors))
        }
    }

    /// Topics a recipient follows, as configured (all topics when the recipient lists none).
    pub fn topic(&self, name: &str) -> Option<&TopicConfig> {
        self.topics.iter().find(|t| t.name == name)
    }
}

fn duration_field(
    loc: &Locator,
    errors: &mut Vec<ConfigError>,
    field: &Option<Spanned<String>>,
    key: &str,
    default: Duration,
) -> Duration {
    match field {
        None => default,
        Some(v) => match parse_duration(v.get_ref()) {
            Ok(d) if d.is_zero() => {
                errors.push(loc.at(v.span(), format!("{key} must be greater than zero")));
                default
            }
            Ok(d) => d,
            Err(msg) => {
                errors.push(loc.at(v.span(), format!("{key}: {msg}")));
                default
            }
        },
    }
}

fn size_field(
    loc: &Locator,
    errors: &mut Vec<ConfigError>,
    field: &Option<Spanned<String>>,
    key: &str,
    default: usize,
) -> usize {
    match field {
        None => default,
        Some(v) => match parse_size(v.get_ref()) {
            Ok(0) => {
                errors.push(loc.at(v.span(), format!("{key} must be greater than zero")));
                default
            }
            Ok(n) => n,
            Err(msg) => {
                errors.push(loc.at(v.span(), format!("{key}: {msg}")));
                default
            }
        },
    }
}

fn count_field(
    loc: &Locator,
    errors: &mut Vec<ConfigError>,
    field: &Option<Spanned<i64>>,
    key: &str,
    default: usize,
) -> usize {
    match field {
        None => default,
        Some(v) if *v.get_ref() >= 1 && *v.get_ref() <= 10_000 => *v.get_ref() as usize,
        Some(v) => {
            errors.push(loc.at(
                v.span(),
                format!("{key} must be between 1 and 10000, got {}", v.get_ref()),
            ));
            default
        }
    }
}

fn validate(raw: RawConfig, path: &Path, loc: &Locator, errors: &mut Vec<ConfigError>) -> Config {
    let base = path.parent().unwrap_or(Path::new("."));
    let d = DaemonConfig::default();
    let rd = &raw.daemon;
    let daemon = DaemonConfig {
        state_dir: rd
            .state_dir
            .as_ref()
            .map(|s| resolve_relative(base, s.get_ref()))
            .unwrap_or_else(|| resolve_relative(base, "./state")),
        poll_interval: duration_field(
            loc,
            errors,
            &rd.poll_interval,
            "poll_interval",
            d.poll_interval,
        ),
        user_agent: rd.user_agent.clone().unwrap_or(d.user_agent),
        allow_private_networks: rd.allow_private_networks.unwrap_or(false),
        max_age: duration_field(loc, errors, &rd.max_age, "max_age", d.max_age),
        timeout: duration_field(loc, errors, &rd.timeout, "timeout", d.timeout),
        connect_timeout: duration_field(
            loc,
            errors,
            &rd.connect_timeout,
            "connect_timeout",
            d.connect_timeout,
        ),
        max_feed_size: size_field(
            loc,
            errors,
            &rd.max_feed_size,
            "max_feed_size",
            d.max_feed_size,
        ),
        max_article_size: size_field(
            loc,
            errors,
            &rd.max_article_size,
            "max_article_size",
            d.max_article_size,
        ),
        max_concurrent_fetches: count_field(
            loc,
            errors,
            &rd.max_concurrent_fetches,
            "max_concurrent_fetches",
            d.max_concurrent_fetches,
        ),
        per_host_concurrency: count_field(
            loc,
            errors,
            &rd.per_host_concurrency,
            "per_host_concurrency",
            d.per_host_concurrency,
        ),
        max_backoff: duration_field(loc, errors, &rd.max_backoff, "max_backoff", d.max_backoff),
        respect_robots_txt: rd.respect_robots_txt.unwrap_or(true),
        adaptive_polling: rd.adaptive_polling.unwrap_or(true),
        per_host_delay: match &rd.per_host_delay {
            None => Duration::ZERO,
            Some(v) => match parse_duration(v.get_ref()) {
                Ok(d) => d,
                Err(msg) => {
                    errors.push(loc.at(v.span(), format!("per_host_delay: {msg}")));
                    Duration::ZERO
                }
            },
        },
        min_poll_interval: duration_field(loc, errors, &rd.min_poll_interval, "min_poll_interval", d.min_poll_interval),
        max_poll_interval: duration_field(loc, errors, &rd.max_poll_interval, "max_poll_interval", d.max_poll_interval),
        disable_after: match &rd.disable_after {
            None => d.disable_after,
            Some(v) if (0..=100_000).contains(v.get_ref()) => *v.get_ref() as u32,
            Some(v) => {
                errors.push(loc.at(
                    v.span(),
                    format!("disable_after must be between 0 (never) and 100000, got {}", v.get_ref()),
                ));
                d.disable_after
            }
        },
        listen: rd.listen.as_ref().and_then(|l| match l.get_ref().parse::<std::net::SocketAddr>() {
            Ok(a) => Some(a),
            Err(_) => {
                errors.push(loc.at(
                    l.span(),
                    format!("listen: invalid address \"{}\", expected IP:PORT such as \"127.0.0.1:9108\"", l.get_ref()),
                ));
                None
            }
        }),
    };

    let mut feeds: Vec<FeedConfig> = Vec::new();
    for f in &raw.feed {
        let url_text = f.url.get_ref().trim();
        match url::Url::parse(url_text) {
            Ok(u) if u.scheme() == "http" || u.scheme() == "https" => {
                if feeds.iter().any(|x| x.url == u.as_str()) {
                    errors.push(loc.at(f.url.span(), format!("feed {u} is listed twice")));
                    continue;
                }
                let name = f
                    .name
                    .clone()
                    .unwrap_or_else(|| u.host_str().unwrap_or("feed").to_string());
                feeds.push(FeedConfig {
                    url: u.to_string(),
                    name,
                    poll_interval: duration_field(
                        loc,
                        errors,
                        &f.poll_interval,
                        "poll_interval",
                        daemon.poll_interval,
                    ),
                    enabled: f.enabled.unwrap_or(true),
                    autodiscover: f.autodiscover.unwrap_or(false),
                });
            }
            Ok(u) => errors.push(loc.at(
                f.url.span(),
                format!(
                    "feed url must be http or https, got scheme \"{}\"",
                    u.scheme()
                ),
            )),
            Err(e) => errors.push(loc.at(
                f.url.span(),
                format!("invalid feed url \"{url_text}\": {e}; expected an absolute http(s) URL"),
            )),
        }
    }

    let mut topics: Vec<TopicConfig> = Vec::new();
    for t in &raw.topic {
        let name = t.name.get_ref().trim().to_string();
        if name.is_empty() {
            errors.push(loc.at(t.name.span(), "topic name must not be empty"));
            continue;
        }
        if topics.iter().any(|x| x.name == name) {
            errors.push(loc.at(t.name.span(), format!("topic \"{name}\" is defined twice")));
            continue;
        }
        let alert_immediate = match &t.alert {
            None => false,
            Some(a) if a.get_ref() == "immediate" => true,
            Some(a) if a.get_ref() == "digest" || a.get_ref() == "none" => false,
            Some(a) => {
                errors.push(loc.at(
                    a.span(),
                    format!(
                        "unknown alert \"{}\", expected \"immediate\" or \"digest\"",
                        a.get_ref()
                    ),
                ));
                false
            }
        };
        match Query::parse(t.query.get_ref()) {
            Ok(q) => topics.push(TopicConfig {
                name,
                query_text: t.query.get_ref().clone(),
                query: q,
                alert_immediate,
            }),
            Err(e) => {
                // Point at the offending character inside the query string: the span starts at
                // the opening quote, so the first character of the query is one further.
                let span = t.query.span();
                let src_q = loc.src.get(span.clone()).unwrap_or("");
                let prefix = if src_q.starts_with("'''") || src_q.starts_with("\"\"\"") {
                    3
                } else {
                    1
                };
                let mut offset = span.start + prefix;
                if let Some(q) = loc.src.get(offset..) {
                    offset += q
                        .char_indices()
                        .nth(e.column.saturating_sub(1))
                        .map(|(i, _)| i)
                        .unwrap_or(0);
                }
                errors.push(loc.at(
                    offset..offset,
                    format!("topic \"{name}\": query does not parse: {e}"),
                ));
            }
        }
    }

    let mut recipients = Vec::new();
    for r in &raw.recipient {
        let email = r.email.get_ref().trim().to_string();
        if email.parse::<lettre::Address>().is_err() {
            errors.push(loc.at(
                r.email.span(),
                format!("invalid email address \"{email}\", expected name@domain"),
            ));
        }
        let mut rt = Vec::new();
        match &r.topics {
            None => rt.extend(topics.iter().map(|t| t.name.clone())),
            Some(list) => {
                for name in list {
                    if raw
                        .topic
                        .iter()
                        .any(|t| t.name.get_ref().trim() == name.get_ref().trim())
                    {
                        rt.push(name.get_ref().trim().to_string());
                    } else {
                        let known: Vec<&str> = raw
                            .topic
                            .iter()
                            .map(|t| t.name.get_ref().as_str())
                            .collect();
                        errors.push(loc.at(
                            name.span(),
                            format!(
                                "recipient {email} names unknown topic \"{}\"; known topics: {}",
                                name.get_ref(),
                                if known.is_empty() {
                                    "(none)".to_string()
                                } else {
                                    known.join(", ")
                                }
                            ),
                        ));
                    }
                }
            }
        }
        let at =
            r.at.as_ref()
                .map(|s| s.get_ref().as_str())
                .unwrap_or("07:00");
        let tz = r
            .timezone
            .as_ref()
            .map(|s| s.get_ref().as_str())
            .unwrap_or("UTC");
        let days = r.days.as_ref().map(|d| d.get_ref().clone());
        match DigestSchedule::parse(at, tz, days.as_deref()) {
            Ok(schedule) => recipients.push(RecipientConfig {
                email,
                topics: rt,
                schedule,
                timezone: tz.to_string(),
                send_empty: r.send_empty.unwrap_or(false),
            }),
            Err(e) => {
                let msg = e.to_string();
                let span = if msg.contains("zone") {
                    r.timezone.as_ref().map(|s| s.span())
                } else if msg.contains("day") {
                    r.days.as_ref().map(|s| s.span())
                } else {
                    r.at.as_ref().map(|s| s.span())
                }
                .unwrap_or(r.email.span());
                errors.push(loc.at(span, format!("recipient {email}: {msg}")));
            }
        }
    }

    let email = raw.email.as_ref().and_then(|e| {
        let from = e.from.get_ref().trim().to_string();
        if from.parse::<lettre::message::Mailbox>().is_err() {
            errors.push(loc.at(
                e.from.span(),
                format!("invalid from address \"{from}\", expected \"Name <name@domain>\" or name@domain"),
            ));
        }
        let transport_name = e.transport.as_ref().map(|t| t.get_ref().as_str()).unwrap_or("file");
        let transport = match transport_name {
            "file" => Transport::File {
                dir: resolve_relative(
                    base,
                    e.file.as_ref().map(|f| f.dir.as_str()).unwrap_or("./digests"),
                ),
            },
            "smtp" => {
                let Some(s) = &e.smtp else {
                    errors.push(loc.at(
                        e.transport.as_ref().map(|t| t.span()).unwrap_or(e.from.span()),
                        "transport = \"smtp\" needs an [email.smtp] table with at least `host`",
                    ));
                    return None;
                };
                if let Some(p) = &s.password {
                    errors.push(loc.at(
                        p.span(),
                        "passwords do not belong in the config file: set password_env = \"VAR\" or password_file = \"/path\"",
                    ));
                }
                let security = match s.security.as_ref().map(|x| x.get_ref().as_str()).unwrap_or("starttls") {
                    "starttls" => Security::StartTls,
                    "tls" => Security::Tls,
                    "none" => Security::None,
                    other => {
                        errors.push(loc.at(
                            s.security.as_ref().map(|x| x.span()).unwrap_or(s.host.span()),
                            format!("unknown security \"{other}\", expected \"starttls\", \"tls\" or \"none\""),
                        ));
                        Security::StartTls
                    }
                };
                let port = s.port.unwrap_or(match security {
                    Security::Tls => 465,
                    Security::StartTls => 587,
                    Security::None => 25,
                });
                Transport::Smtp(SmtpConfig {
                    host: s.host.get_ref().clone(),
                    port,
                    security,
                    username: s.username.clone(),
                    password_env: s.password_env.clone(),
                    password_file: s.password_file.as_ref().map(|p| resolve_relative(base, p)),
                    timeout: duration_field(loc, errors, &s.timeout, "timeout", Duration::from_secs(60)),
                    ca_file: s.ca_file.as_ref().map(|p| resolve_relative(base, p)),
                })
            }
            other => {
                errors.push(loc.at(
                    e.transport.as_ref().map(|t| t.span()).unwrap_or(e.from.span()),
                    format!("unknown transport \"{other}\", expected \"file\" or \"smtp\""),
                ));
                return None;
            }
        };
        let list_id = e.list_id.clone().unwrap_or_else(|| {
            let domain = from
                .rsplit('@')
                .next()
                .unwrap_or("localhost")
                .trim_end_matches('>')
                .to_string();
            format!("digest.newswatch.{domain}")
        });
        Some(EmailConfig {
            from,
            list_id,
            transport,
        })
    });
    if email.is_none() && raw.email.is_none() && !recipients.is_empty() {
        errors.push(loc.at(
            0..0,
            "recipients are configured but there is no [email] table saying how to send digests",
        ));
    }

    Config {
        path: path.to_path_buf(),
        daemon,
        feeds,
        topics,
        recipients,
        email,
    }
}

/// Relative paths stay relative to the working directory, as the default config's `./state`
/// promises a user running from the repo root; `_base` is kept for a future `relative_to` switch.
fn resolve_relative(_base: &Path, p: &str) -> PathBuf {
    PathBuf::from(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(src: &str) -> Vec<ConfigError> {
        match Config::parse(Path::new("t.toml"), src) {
            Ok(_) => Vec::new(),
            Err(e) => e.0,
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172_800)));
        assert!(parse_duration("15").unwrap_err().contains("no unit"));
        assert!(
            parse_duration("15 parsecs")
                .unwrap_err()
                .contains("unknown duration unit")
        );
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let e = errs("[daemon]\nstate_dir = \"x\"\npoll_intervl = \"5m\"\n");
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].line, e[0].column), (3, 1));
        assert!(
            e[0].message.contains("unknown field `poll_intervl`"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn semantic_errors_are_all_reported() {
        let src = r#"
[daemon]
poll_interval = "5 fortnights"

[[feed]]
url = "not a url"

[[topic]]
name = "T"
query = "(a OR b"

[[recipient]]
email = "a@example.org"
topics = ["T", "Nope"]
timezone = "Europe/Lodnon"

[email]
from = "n@example.org"
"#;
        let e = errs(src);
        let lines: Vec<usize> = e.iter().map(|x| x.line).collect();
        assert!(lines.contains(&3), "{e:?}");
        assert!(lines.contains(&6), "{e:?}");
        assert!(lines.contains(&10), "{e:?}");
        assert!(lines.contains(&14), "{e:?}");
        assert!(lines.contains(&15), "{e:?}");
        assert!(
            e.iter()
                .any(|x| x.message.contains("unknown topic \"Nope\""))
        );
        assert!(e.iter().any(|x| x.message.contains("Europe/Lodnon")));
    }

    #[test]
    fn plain_text_password_is_refused_without_echoing_it() {
        let src = "[email]\nfrom = \"n@example.org\"\ntransport = \"smtp\"\n[email.smtp]\nhost = \"h\"\npassword = \"hunter2\"\n";
        let e = errs(src);
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("password_env"));
        assert!(!e[0].to_string().contains("hunter2"));
    }
}
