//! The command line of DESIGN.md: the binary's edge, where errors become messages and exit codes.
//!
//! Analyst commands (`extract`, `quotes`, `feed`, `match`) run the same pure stages the daemon
//! runs and print the JSON shapes scripts rely on; operator commands (`run`, `once`,
//! `check-config`, `digest`, `test-email`, `status`) work on the configuration and the store.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{Value, json};

use crate::app::{App, build_matcher, fetch_settings};
use crate::config::{Config, DaemonConfig};
use crate::daemon;
use crate::delivery::{DeliveryLoop, message_id};
use crate::extract::{ArticleExtractor, decode_html};
use crate::fetch::FetchSettings;
use crate::input::{self, Input, Kind};
use crate::query::{Document, Query, TopicMatcher};
use crate::quotes::{QuoteExtractor, split_paragraphs};
use crate::shutdown;
use crate::store::now_unix;

#[derive(Debug, Parser)]
#[command(
    name = "newswatch",
    version,
    about = "Watch the news for your topics: feeds in, quotes and daily digests out"
)]
pub struct Cli {
    /// The configuration file.
    #[arg(
        long,
        global = true,
        default_value = "config/newswatch.toml",
        env = "NEWSWATCH_CONFIG"
    )]
    pub config: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Text,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the daemon (systemd runs this).
    Run,
    /// One poll cycle over every feed, then exit.
    Once,
    /// Validate the configuration; exit 0 when valid, 1 with every error listed.
    CheckConfig,
    /// Preview or send digests.
    #[command(subcommand)]
    Digest(DigestCommand),
    /// Send a short message to check the SMTP settings.
    TestEmail {
        #[arg(long)]
        to: String,
    },
    /// Extract the article from pages.
    Extract {
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// The page's URL, to resolve relative links of a file input.
        #[arg(long)]
        url: Option<String>,
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Extract the direct quotations with their speakers.
    Quotes {
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Parse a feed as the daemon would, showing repairs.
    Feed {
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Try topics on articles: which terms matched where, and the snippet.
    Match {
        /// A query to try instead of the config's topics.
        #[arg(long, conflicts_with = "topic")]
        query: Option<String>,
        /// Only this topic of the config.
        #[arg(long)]
        topic: Option<String>,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Re-enable a feed that was disabled after a streak of permanent errors.
    EnableFeed {
        /// The feed's URL as configured.
        url: String,
    },
    /// Feed health, the outbox and the next digests, from the store.
    Status {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Quality evaluations on labelled datasets.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Print the manual page (roff) to standard output.
    Man,
    /// Print a shell completion script to standard output.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum DigestCommand {
    /// Render what would be sent now, without marking anything.
    Preview {
        #[arg(long)]
        recipient: Option<String>,
        /// Write the HTML part here (the text part goes to standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Send now.
    Send {
        #[arg(long)]
        recipient: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Article extraction on a benchmark folder (html/*.html.gz + ground-truth.json).
    Extraction {
        #[arg(long)]
        dataset: PathBuf,
        /// Score these predictions (JSON lines with `input` and `text`, e.g. another tool's
        /// output) instead of running newswatch's extractor.
        #[arg(long)]
        predictions: Option<PathBuf>,
    },
    /// Quotation extraction on a labelled JSONL file.
    Quotes {
        #[arg(long)]
        dataset: PathBuf,
        /// Rewrite the articles' quote marks first: `british` makes double marks single and
        /// nested single marks double (labels keep their offsets).
        #[arg(long, value_enum, default_value_t = QuoteMarks::AsIs)]
        marks: QuoteMarks,
    },
}

/// `println!` that hands back the write error instead of panicking: when the reader of a pipe
/// goes away (`newswatch quotes … | head`), the command ends quietly (see [`is_broken_pipe`]).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}
pub(crate) use outln;

/// The command failed only because standard output was closed under it, as `head` does: Unix
/// tools end quietly then.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Quote marks of the articles `eval quotes` scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuoteMarks {
    /// As the dataset has them.
    AsIs,
    /// Single marks for quotations, double ones nested (the British convention).
    British,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    // Store calls and article analyses run on the blocking pool; both are bounded upstream, so
    // a pool far below tokio's default of 512 threads is plenty and keeps memory flat when ten
    // thousand feeds start at once.
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(8)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("newswatch: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(dispatch(cli)) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newswatch: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        // html5ever reports parse-error recoveries at WARN; on web pages they are noise.
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,html5ever=error"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}

fn load_config(path: &Path) -> anyhow::Result<Config> {
    match Config::load(path) {
        Ok(c) => {
            warn_if_readable_by_others(path, &c);
            Ok(c)
        }
        Err(errors) => Err(anyhow::anyhow!(
            "the configuration has errors:\n{errors}\n(run `newswatch check-config` after fixing them)"
        )),
    }
}

/// A config that names SMTP credentials should not be readable by every user: it says where the
/// password lives and who sends. Warn, do not refuse (the operator may know better).
fn warn_if_readable_by_others(path: &Path, config: &Config) {
    use std::os::unix::fs::PermissionsExt;
    let has_credentials = matches!(
        config.email.as_ref().map(|e| &e.transport),
        Some(crate::config::Transport::Smtp(s)) if s.username.is_some()
    );
    if let Ok(m) = std::fs::metadata(path)
        && m.permissions().mode() & 0o004 != 0
        && has_credentials
    {
        tracing::warn!(
            path = %path.display(),
            "the configuration names SMTP credentials and is readable by every user; run chmod o-r on it"
        );
    }
}

async fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::CheckConfig => check_config(&cli.config),
        Command::Run => run(&cli.config).await,
        Command::Once => once(&cli.config).await,
        Command::Digest(d) => digest(&cli.config, d).await,
        Command::TestEmail { to } => test_email(&cli.config, &to).await,
        Command::Extract {
            format,
            url,
            inputs,
        } => extract(format, url, &inputs, &cli.config).await,
        Command::Quotes { format, inputs } => quotes(format, &inputs, &cli.config).await,
        Command::Feed { format, inputs } => feed(format, &inputs, &cli.config).await,
        Command::Match {
            query,
            topic,
            format,
            inputs,
        } => match_cmd(&cli.config, query, topic, format, &inputs).await,
        Command::Status { format } => status(&cli.config, format).await,
        Command::EnableFeed { url } => {
            let config = load_config(&cli.config)?;
            let store = crate::store::Store::open(&config.daemon.state_dir)?;
            if store.enable_feed(&url)? {
                outln!("{url}: enabled; it is polled again at the next start or reload")?;
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("newswatch: {url} is not a disabled feed (see `newswatch status`)");
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Eval(e) => eval(e),
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out)?;
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // Into a buffer first: clap_complete panics on a closed pipe (`| head`).
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "newswatch", &mut out);
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &out);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `1 feed`, `2 feeds`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn check_config(path: &Path) -> anyhow::Result<ExitCode> {
    match Config::load(path) {
        Ok(c) => {
            warn_if_readable_by_others(path, &c);
            outln!(
                "{}: OK ({}, {}, {})",
                path.display(),
                count(c.feeds.len(), "feed"),
                count(c.topics.len(), "topic"),
                count(c.recipients.len(), "recipient")
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors.0 {
                outln!("{e}")?;
            }
            eprintln!("{} error(s) in {}", errors.0.len(), path.display());
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn run(path: &Path) -> anyhow::Result<ExitCode> {
    let config = load_config(path)?;
    let app = App::new(config).context("cannot start")?;
    let delivery = if app.config.email.is_some() && !app.config.recipients.is_empty() {
        Some(
            DeliveryLoop::new(app.db.clone(), app.config.clone())
                .context("cannot set up mail delivery")?,
        )
    } else {
        None
    };
    let (trigger, sd) = shutdown::channel();
    let (control_tx, control_rx) = tokio::sync::mpsc::channel(4);
    tokio::spawn(async move {
        wait_for_signal(control_tx).await;
        trigger.trigger();
    });
    daemon::run(app, delivery, control_rx, sd).await?;
    Ok(ExitCode::SUCCESS)
}

/// Forwards SIGHUP as a reload request; returns on SIGTERM or SIGINT.
async fn wait_for_signal(control: tokio::sync::mpsc::Sender<daemon::Control>) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
        signal(SignalKind::hangup()),
    ) else {
        tracing::error!("cannot install signal handlers; stop with Ctrl-C");
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    loop {
        tokio::select! {
            _ = term.recv() => { tracing::info!("SIGTERM received"); return; }
            _ = int.recv() => { tracing::info!("SIGINT received"); return; }
            _ = hup.recv() => {
                tracing::info!("SIGHUP received: reloading the configuration");
                let _ = control.send(daemon::Control::Reload).await;
            }
        }
    }
}

async fn once(path: &Path) -> anyhow::Result<ExitCode> {
    let config = load_config(path)?;
    let app = App::new(config).context("cannot start")?;
    let summaries = daemon::once(&app).await?;
    let counts = app.db.call(|s| s.counts()).await?;
    let failed = summaries
        .iter()
        .filter(|s| {
            !matches!(
                s.result,
                Ok(crate::poller::PollResult::NotModified
                    | crate::poller::PollResult::Fetched { .. })
            )
        })
        .count();
    outln!(
        "polled {} feeds ({} failed); store: {} entries, {} articles, {} matches, {} quotes",
        summaries.len(),
        failed,
        counts.entries,
        counts.articles,
        counts.matches,
        counts.quotes
    )?;
    Ok(ExitCode::SUCCESS)
}

async fn digest(path: &Path, cmd: DigestCommand) -> anyhow::Result<ExitCode> {
    let config = load_config(path)?;
    let app = App::new(config).context("cannot open the store")?;
    let delivery = DeliveryLoop::new(app.db.clone(), app.config.clone())?;
    let pick = |want: &Option<String>| -> anyhow::Result<Vec<crate::config::RecipientConfig>> {
        let all = app.config.recipients.clone();
        match want {
            None => Ok(all),
            Some(w) => {
                let v: Vec<_> = all
                    .into_iter()
                    .filter(|r| r.email.eq_ignore_ascii_case(w))
                    .collect();
                anyhow::ensure!(!v.is_empty(), "no recipient {w} in {}", path.display());
                Ok(v)
            }
        }
    };
    match cmd {
        DigestCommand::Preview { recipient, out } => {
            let rs = pick(&recipient)?;
            anyhow::ensure!(!rs.is_empty(), "no recipients in {}", path.display());
            for (i, r) in rs.iter().enumerate() {
                let built = delivery.build(r, now_unix()).await?;
                outln!(
                    "To: {}\nSubject: {}\n\n{}",
                    r.email,
                    built.rendered.subject,
                    built.rendered.text
                )?;
                if let Some(out) = &out
                    && i == 0
                {
                    std::fs::write(out, &built.rendered.html)
                        .with_context(|| format!("cannot write {}", out.display()))?;
                    eprintln!(
                        "HTML part of {}'s digest written to {}",
                        r.email,
                        out.display()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        DigestCommand::Send { recipient } => {
            let rs = pick(&recipient)?;
            let now = now_unix();
            for r in &rs {
                if !delivery.queue_digest(r, now, now).await? {
                    outln!("{}: nothing to send", r.email)?;
                }
            }
            let s = delivery.flush(i64::MAX).await?;
            outln!(
                "sent {}, retrying later {}, failed {}",
                s.sent,
                s.retrying,
                s.failed
            )?;
            Ok(if s.failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

async fn test_email(path: &Path, to: &str) -> anyhow::Result<ExitCode> {
    let config = load_config(path)?;
    let email = config
        .email
        .as_ref()
        .context("no [email] table in the configuration")?;
    let mailer = crate::mailer::Mailer::from_config(email)?;
    let rendered = crate::digest::RenderedDigest {
        subject: "newswatch test message".into(),
        text: "This is a test message from newswatch. If you can read it, the mail settings work.\n".into(),
        html: "<p>This is a test message from newswatch. If you can read it, the mail settings work.</p>".into(),
        article_count: 0,
        topic_count: 0,
    };
    let id = message_id("test", now_unix(), to, &email.from);
    let raw = crate::mailer::compose(&email.from, to, &email.list_id, &id, &rendered)?;
    match mailer.send(&email.from, to, &id, &raw).await {
        Ok(reply) => {
            outln!("sent to {to}: {reply}")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("newswatch: could not send to {to}: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Settings for CLI fetches: the config's when it loads, defaults otherwise (analyst commands
/// must work without a config).
fn cli_fetch_settings(path: &Path) -> FetchSettings {
    match Config::load(path) {
        Ok(c) => fetch_settings(&c, c.daemon.max_article_size),
        Err(_) => {
            let d = DaemonConfig::default();
            FetchSettings {
                user_agent: d.user_agent,
                connect_timeout: d.connect_timeout,
                timeout: d.timeout,
                max_body: d.max_article_size,
                allow_private_networks: true,
            }
        }
    }
}

/// The article text and paragraphs of an input, plus extracted metadata for HTML.
struct Article {
    meta: Option<crate::extract::ExtractedArticle>,
    text: String,
    paragraphs: Vec<String>,
    url: Option<String>,
}

fn article_of(input: &Input, url: Option<&str>, extractor: &ArticleExtractor) -> Article {
    let url = url.map(str::to_string).or_else(|| input.url.clone());
    match input.kind {
        Kind::Text => {
            let text = String::from_utf8_lossy(&input.bytes).into_owned();
            let paragraphs = split_paragraphs(&text)
                .into_iter()
                .filter_map(|r| text.get(r))
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            Article {
                meta: None,
                text,
                paragraphs,
                url,
            }
        }
        Kind::Html | Kind::Other => {
            let html = decode_html(&input.bytes, input.content_type.as_deref());
            let base = url.as_deref().and_then(|u| url::Url::parse(u).ok());
            let ex = extractor.extract(&html, base.as_ref());
            Article {
                text: ex.text(),
                paragraphs: ex.paragraphs.clone(),
                url: url.or_else(|| ex.canonical_url.clone()),
                meta: Some(ex),
            }
        }
    }
}

/// Prints results as they come: JSON lines at once (a whole dataset streams through one process
/// in constant memory), a single JSON document at the end otherwise.
struct Emitter {
    format: Format,
    held: Vec<Value>,
}

impl Emitter {
    fn new(format: Format) -> Emitter {
        Emitter {
            format,
            held: Vec::new(),
        }
    }

    fn push(&mut self, v: Value) -> anyhow::Result<()> {
        use std::io::Write;
        if self.format == Format::Jsonl {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", serde_json::to_string(&v)?)?;
        } else {
            self.held.push(v);
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<()> {
        if self.format != Format::Jsonl {
            emit_json(&self.held)?;
        }
        Ok(())
    }
}

fn emit_json(values: &[Value]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if values.len() == 1 {
        writeln!(out, "{}", serde_json::to_string_pretty(&values[0])?)?;
    } else {
        writeln!(out, "{}", serde_json::to_string_pretty(&values)?)?;
    }
    Ok(())
}

async fn extract(
    format: Format,
    url: Option<String>,
    inputs: &[String],
    cfg: &Path,
) -> anyhow::Result<ExitCode> {
    let settings = cli_fetch_settings(cfg);
    let extractor = ArticleExtractor::new();
    let quoter = QuoteExtractor::new();
    let mut values = Emitter::new(format);
    let mut failed = false;
    let mut texts = Vec::new();
    for spec in inputs {
        let r = input::read(spec, &settings)
            .await
            .map_err(|e| e.to_string());
        match r {
            Ok(input) => {
                let a = article_of(&input, url.as_deref(), &extractor);
                let quotes = quoter.extract(&a.text);
                let meta = a.meta.unwrap_or_default();
                if format == Format::Text {
                    texts.push(format!(
                        "# {}\n{}\n",
                        meta.title.clone().unwrap_or_default(),
                        a.text
                    ));
                }
                values.push(json!({
                    "input": spec,
                    "url": a.url,
                    "title": meta.title,
                    "byline": meta.byline,
                    "published": meta.published.map(|p| p.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    "language": meta.language,
                    "text": a.text,
                    "paragraphs": a.paragraphs,
                    "quotes": quotes,
                }))?;
            }
            Err(e) => {
                failed = true;
                eprintln!("newswatch: {e}");
                values.push(json!({"input": spec, "error": e}))?;
            }
        }
    }
    if format == Format::Text {
        print!("{}", texts.join("\n"));
    } else {
        values.finish()?;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

async fn quotes(format: Format, inputs: &[String], cfg: &Path) -> anyhow::Result<ExitCode> {
    let settings = cli_fetch_settings(cfg);
    let extractor = ArticleExtractor::new();
    let quoter = QuoteExtractor::new();
    let mut values = Emitter::new(format);
    let mut failed = false;
    for spec in inputs {
        let r = input::read(spec, &settings)
            .await
            .map_err(|e| e.to_string());
        match r {
            Ok(input) => {
                let a = article_of(&input, None, &extractor);
                values.push(json!({"input": spec, "quotes": quoter.extract(&a.text)}))?;
            }
            Err(e) => {
                failed = true;
                eprintln!("newswatch: {e}");
                values.push(json!({"input": spec, "error": e}))?;
            }
        }
    }
    values.finish()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

async fn feed(format: Format, inputs: &[String], cfg: &Path) -> anyhow::Result<ExitCode> {
    let mut settings = cli_fetch_settings(cfg);
    settings.max_body = DaemonConfig::default().max_feed_size.max(settings.max_body);
    let mut values = Emitter::new(format);
    let mut failed = false;
    for spec in inputs {
        let r = input::read(spec, &settings)
            .await
            .map_err(|e| e.to_string());
        match r {
            Ok(input) => {
                let parsed = crate::feed::parse_feed(
                    &input.bytes,
                    input.content_type.as_deref(),
                    input.url.as_deref(),
                );
                if parsed.error.is_some() {
                    failed = true;
                }
                let entries: Vec<Value> = parsed
                    .entries
                    .iter()
                    .map(|e| {
                        json!({"id": e.id, "title": e.title, "link": e.link,
                               "published": e.published.map(|p| p.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))})
                    })
                    .collect();
                values.push(json!({
                    "input": spec, "format": parsed.format, "title": parsed.title,
                    "entries": entries, "repairs": parsed.repairs, "error": parsed.error,
                    "alternates": parsed.alternates,
                }))?;
            }
            Err(e) => {
                failed = true;
                eprintln!("newswatch: {e}");
                values.push(json!({"input": spec, "error": e}))?;
            }
        }
    }
    values.finish()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

async fn match_cmd(
    cfg: &Path,
    query: Option<String>,
    topic: Option<String>,
    format: Format,
    inputs: &[String],
) -> anyhow::Result<ExitCode> {
    let matcher = match (&query, &topic) {
        (Some(q), _) => {
            let parsed =
                Query::parse(q).map_err(|e| anyhow::anyhow!("the query does not parse: {e}"))?;
            TopicMatcher::new(vec![("query".to_string(), parsed)])
        }
        (None, t) => {
            let config = load_config(cfg)?;
            match t {
                None => build_matcher(&config),
                Some(name) => {
                    let tc = config.topic(name).with_context(|| {
                        format!("no topic named \"{name}\" in {}", cfg.display())
                    })?;
                    TopicMatcher::new(vec![(tc.name.clone(), tc.query.clone())])
                }
            }
        }
    };
    let settings = cli_fetch_settings(cfg);
    let extractor = ArticleExtractor::new();
    let mut values = Emitter::new(format);
    let mut failed = false;
    let mut any_match = false;
    for spec in inputs {
        let r = input::read(spec, &settings)
            .await
            .map_err(|e| e.to_string());
        match r {
            Ok(input) => {
                let a = article_of(&input, None, &extractor);
                let meta = a.meta.clone().unwrap_or_default();
                let title = meta.title.clone().unwrap_or_default();
                let doc = Document {
                    title: &title,
                    body: &a.text,
                    url: a.url.as_deref(),
                    feed: None,
                    author: meta.byline.as_deref(),
                    language: meta.language.as_deref(),
                };
                let ms = matcher.matches(&doc);
                any_match |= !ms.is_empty();
                if format == Format::Text {
                    outln!(
                        "{spec}: {}",
                        if ms.is_empty() { "no match" } else { "matched" }
                    )?;
                    for m in &ms {
                        outln!("  {}", m.name)?;
                        for t in &m.terms {
                            outln!("    {} at {}..{} ({})", t.term, t.start, t.end, t.field)?;
                        }
                        outln!("    snippet: {}", m.snippet)?;
                    }
                }
                values.push(json!({"input": spec, "matched": !ms.is_empty(), "topics": ms}))?;
            }
            Err(e) => {
                failed = true;
                eprintln!("newswatch: {e}");
                values.push(json!({"input": spec, "error": e}))?;
            }
        }
    }
    if format != Format::Text {
        values.finish()?;
    }
    let _ = any_match;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

async fn status(cfg: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let config = load_config(cfg)?;
    let store = crate::store::Store::open(&config.daemon.state_dir)?;
    let feeds = store.feeds()?;
    let outbox = store.outbox()?;
    let now = now_unix();
    let fmt_t = |t: Option<i64>| {
        t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|d| d.format("%Y-%m-%d %H:%M:%SZ").to_string())
            .unwrap_or_else(|| "never".into())
    };
    let mut next_digests = Vec::new();
    for r in &config.recipients {
        let (_, last) = store.recipient_state(&r.email)?;
        let after = last.unwrap_or(now).max(now);
        let next = r.schedule.next_after(crate::digest::schedule::from_chrono(
            chrono::DateTime::from_timestamp(after, 0).unwrap_or_default(),
        ));
        next_digests.push((
            r.email.clone(),
            crate::digest::schedule::to_chrono(next).timestamp(),
        ));
    }
    if format != Format::Text {
        let v = json!({
            "feeds": feeds,
            "outbox": outbox,
            "next_digests": next_digests.iter().map(|(e, t)| json!({"recipient": e, "at": fmt_t(Some(*t))})).collect::<Vec<_>>(),
            "counts": store.counts()?,
        });
        emit_json(&[v])?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("Feeds:")?;
    for f in &feeds {
        let health = if let Some(reason) = &f.disabled_reason {
            format!("DISABLED: {reason}")
        } else if f.failing_since.is_some() {
            format!(
                "FAILING x{}: {}",
                f.consecutive_failures,
                f.last_error.clone().unwrap_or_default()
            )
        } else {
            "ok".into()
        };
        outln!(
            "  {:<30} last success {}  next poll {}  {}",
            f.name,
            fmt_t(f.last_success_at),
            fmt_t(f.next_poll_at),
            health
        )?;
    }
    outln!("Outbox:")?;
    for m in &outbox {
        outln!(
            "  {} {:<7} {:<8} {} attempts={} {}",
            fmt_t(Some(m.created_at)),
            m.kind,
            m.state,
            m.recipient,
            m.attempts,
            m.last_error.clone().unwrap_or_default()
        )?;
    }
    outln!("Next digests:")?;
    for (e, t) in &next_digests {
        outln!("  {e}: {}", fmt_t(Some(*t)))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn eval(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Extraction {
            dataset,
            predictions,
        } => crate::eval::extraction(&dataset, predictions.as_deref()),
        EvalCommand::Quotes { dataset, marks } => {
            crate::eval::quotes(&dataset, marks == QuoteMarks::British)
        }
    }
}
