//! A farm of news sites on loopback for newswatch's scale benchmark (`bench/scale/run.py`).
//!
//! It serves `--feeds N` RSS 2.0 feeds of 20 items each, spread over `--hosts H` hosts (distinct
//! loopback addresses 127.0.1.1, 127.0.1.2, …, one listener each on a shared port, so per-host
//! politeness applies as it would on the web), their article pages (real news pages of 30–80 KB
//! from the article-extraction benchmark, given with `--pages DIR`), and a robots.txt per host.
//!
//! `--cycle 1`: every feed answers 200 with an ETag; two items in twenty (one in ten) were published
//! within the last day, the rest three days or more ago.
//! `--cycle 2` (the same feeds, polled again): by a hash of the feed number, 70% answer 304 to
//! their ETag, 20% carry one new item, and 10% fail: 500, 404, 429 with Retry-After, or accept the
//! connection and never answer (the client's timeout ends it).
//!
//! It writes `{"port": P}` to `--port-file` once listening, and on SIGTERM/SIGINT prints a JSON
//! line of what it served, with the wall-clock time (unix ms) of the last answer to a healthy
//! request, which tells the runner whether hanging feeds delayed healthy ones.

use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const ITEMS: u64 = 20;
const DAY: u64 = 86_400;

struct Farm {
    feeds: u64,
    hosts: u64,
    port: u16,
    cycle: u8,
    /// The farm's "now" (unix seconds), fixed at start so both processes of a run agree.
    now: u64,
    pages: Vec<Vec<u8>>,
    stats: Stats,
}

#[derive(Default)]
struct Stats {
    feeds_200: AtomicU64,
    feeds_304: AtomicU64,
    feeds_failed: AtomicU64,
    hung: AtomicU64,
    articles: AtomicU64,
    article_bytes: AtomicU64,
    robots: AtomicU64,
    other: AtomicU64,
    first_request_ms: AtomicU64,
    last_healthy_ms: AtomicU64,
}

/// What cycle 2 does with feed `i`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    Unchanged,
    NewItem,
    Status(u16),
    Hang,
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Farm {
    fn fate(&self, i: u64) -> Fate {
        if self.cycle < 2 {
            return Fate::Unchanged;
        }
        // A hash, not `i % 10`, so that failures do not line up with hosts (`i % hosts`).
        let h = splitmix(i);
        match h % 10 {
            0..=6 => Fate::Unchanged,
            7 | 8 => Fate::NewItem,
            _ => match (h / 10) % 4 {
                0 => Fate::Status(500),
                1 => Fate::Status(404),
                2 => Fate::Status(429),
                _ => Fate::Hang,
            },
        }
    }

    fn host_of(&self, i: u64) -> Ipv4Addr {
        host_addr(i % self.hosts)
    }

    fn etag(&self, i: u64) -> String {
        let version = if self.fate(i) == Fate::NewItem { 2 } else { 1 };
        format!("\"f{i}-v{version}\"")
    }

    fn feed_xml(&self, i: u64) -> String {
        let host = self.host_of(i);
        let base = format!("http://{host}:{}", self.port);
        let mut items: Vec<(String, u64)> = Vec::new();
        if self.fate(i) == Fate::NewItem {
            items.push(("new".into(), self.now - 600));
        }
        for j in 0..ITEMS {
            // Items 0 and 1 are recent; the rest are older than max_age (2 days by default).
            let age = if j < 2 {
                3600 * (1 + j * 5)
            } else {
                DAY * (3 + j)
            };
            items.push((j.to_string(), self.now - age));
        }
        items.truncate(ITEMS as usize);
        let mut xml = String::with_capacity(8 * 1024);
        xml.push_str(&format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
             <title>Farm site {i}</title><link>{base}/</link>\
             <description>Feed {i} of the newswatch benchmark farm</description>\n"
        ));
        for (j, published) in items {
            xml.push_str(&format!(
                "<item><title>Story {j} of feed {i}</title>\
                 <link>{base}/articles/{i}/{j}.html</link>\
                 <guid isPermaLink=\"false\">farm-{i}-{j}</guid>\
                 <pubDate>{}</pubDate>\
                 <description>Summary of story {j} from feed {i}: officials met on Tuesday to \
                 discuss the ceasefire proposal and the release of hostages.</description></item>\n",
                rfc2822(published)
            ));
        }
        xml.push_str("</channel></rss>\n");
        xml
    }

    fn page(&self, i: u64, j: &str) -> &[u8] {
        let n = self.pages.len() as u64;
        let k = splitmix(i * 31 + j.len() as u64 + j.bytes().map(u64::from).sum::<u64>()) % n;
        self.pages.get(k as usize).map(Vec::as_slice).unwrap_or(b"")
    }
}

fn host_addr(h: u64) -> Ipv4Addr {
    Ipv4Addr::new(127, 0, 1 + (h / 250) as u8, 1 + (h % 250) as u8)
}

/// RFC 2822 date for RSS, computed by hand to keep the farm's dependencies to tokio and flate2.
fn rfc2822(unix: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix / DAY;
    let secs = unix % DAY;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        d,
        MONTHS[(m - 1) as usize],
        y,
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

struct Request {
    path: String,
    if_none_match: Option<String>,
    close: bool,
}

/// Reads one request head; `None` when the client closed or sent garbage.
async fn read_request(sock: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Request> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            buf.drain(..end + 4);
            let mut lines = head.split("\r\n");
            let path = lines.next()?.split(' ').nth(1)?.to_string();
            let mut req = Request {
                path,
                if_none_match: None,
                close: false,
            };
            for line in lines {
                let Some((k, v)) = line.split_once(':') else { continue };
                let v = v.trim();
                if k.eq_ignore_ascii_case("if-none-match") {
                    req.if_none_match = Some(v.to_string());
                } else if k.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close") {
                    req.close = true;
                }
            }
            return Some(req);
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 4096];
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn respond(
    sock: &mut TcpStream,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    sock.write_all(head.as_bytes()).await?;
    sock.write_all(body).await
}

fn mark_healthy(farm: &Farm) {
    farm.stats.last_healthy_ms.fetch_max(unix_ms(), Ordering::Relaxed);
}

async fn serve(farm: Arc<Farm>, mut sock: TcpStream) {
    let _ = sock.set_nodelay(true);
    let mut buf = Vec::new();
    while let Some(req) = read_request(&mut sock, &mut buf).await {
        let _ = farm.stats.first_request_ms.compare_exchange(
            0,
            unix_ms(),
            Ordering::Relaxed,
            Ordering::Relaxed,
        );
        let r = route(&farm, &mut sock, &req).await;
        if r.is_err() || req.close {
            return;
        }
    }
}

async fn route(farm: &Farm, sock: &mut TcpStream, req: &Request) -> std::io::Result<()> {
    let s = &farm.stats;
    if req.path == "/robots.txt" {
        s.robots.fetch_add(1, Ordering::Relaxed);
        respond(sock, "200 OK", &[("Content-Type", "text/plain".into())], b"User-agent: *\nAllow: /\n").await?;
        mark_healthy(farm);
        return Ok(());
    }
    if let Some(rest) = req.path.strip_prefix("/feeds/")
        && let Some(i) = rest.strip_suffix(".xml").and_then(|n| n.parse::<u64>().ok())
        && i < farm.feeds
    {
        match farm.fate(i) {
            Fate::Status(code) => {
                s.feeds_failed.fetch_add(1, Ordering::Relaxed);
                let (status, extra) = match code {
                    500 => ("500 Internal Server Error", vec![]),
                    404 => ("404 Not Found", vec![]),
                    _ => ("429 Too Many Requests", vec![("Retry-After", "3600".to_string())]),
                };
                return respond(sock, status, &extra, b"no").await;
            }
            Fate::Hang => {
                s.hung.fetch_add(1, Ordering::Relaxed);
                // Hold the connection without answering until the client gives up.
                let mut sink = [0u8; 1024];
                let _ = tokio::time::timeout(Duration::from_secs(300), async {
                    while let Ok(n) = sock.read(&mut sink).await {
                        if n == 0 {
                            break;
                        }
                    }
                })
                .await;
                return Err(std::io::ErrorKind::ConnectionAborted.into());
            }
            Fate::Unchanged | Fate::NewItem => {
                let etag = farm.etag(i);
                if req.if_none_match.as_deref() == Some(etag.as_str()) {
                    s.feeds_304.fetch_add(1, Ordering::Relaxed);
                    respond(sock, "304 Not Modified", &[("ETag", etag)], b"").await?;
                } else {
                    s.feeds_200.fetch_add(1, Ordering::Relaxed);
                    let xml = farm.feed_xml(i);
                    respond(
                        sock,
                        "200 OK",
                        &[("Content-Type", "application/rss+xml".into()), ("ETag", etag)],
                        xml.as_bytes(),
                    )
                    .await?;
                }
                mark_healthy(farm);
                return Ok(());
            }
        }
    }
    if let Some(rest) = req.path.strip_prefix("/articles/")
        && let Some((i, j)) = rest.strip_suffix(".html").and_then(|r| r.split_once('/'))
        && let Ok(i) = i.parse::<u64>()
    {
        let page = farm.page(i, j);
        s.articles.fetch_add(1, Ordering::Relaxed);
        s.article_bytes.fetch_add(page.len() as u64, Ordering::Relaxed);
        respond(sock, "200 OK", &[("Content-Type", "text/html; charset=utf-8".into())], page).await?;
        mark_healthy(farm);
        return Ok(());
    }
    s.other.fetch_add(1, Ordering::Relaxed);
    respond(sock, "404 Not Found", &[], b"not here").await
}

fn load_pages(dir: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut pages = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read --pages {dir}: {e}"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    names.sort();
    for path in names {
        let raw = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let html = if path.extension().is_some_and(|e| e == "gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(raw.as_slice())
                .read_to_end(&mut out)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            out
        } else {
            raw
        };
        if (30_000..=80_000).contains(&html.len()) {
            pages.push(html);
        }
    }
    if pages.is_empty() {
        return Err(format!("no page of 30-80 KB in {dir}"));
    }
    Ok(pages)
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let num = |name: &str, default: u64| {
        arg(&args, name).and_then(|v| v.parse().ok()).unwrap_or(default)
    };
    let Some(pages_dir) = arg(&args, "--pages") else {
        eprintln!("usage: newswatch-farm --pages DIR [--feeds N] [--hosts H] [--cycle 1|2] [--now UNIX] [--port P] [--port-file F]");
        std::process::exit(2);
    };
    let pages = match load_pages(&pages_dir) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("newswatch-farm: {e}");
            std::process::exit(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("newswatch-farm: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    let hosts = num("--hosts", 500).clamp(1, 250 * 250);
    let result = rt.block_on(async {
        // The first listener picks the port (or takes --port); the others share it.
        let first = TcpListener::bind(SocketAddr::from((host_addr(0), num("--port", 0) as u16))).await?;
        let port = first.local_addr()?.port();
        let mut listeners = vec![first];
        for h in 1..hosts {
            listeners.push(TcpListener::bind(SocketAddr::from((host_addr(h), port))).await?);
        }
        let farm = Arc::new(Farm {
            feeds: num("--feeds", 1000),
            hosts,
            port,
            cycle: num("--cycle", 1) as u8,
            now: num("--now", unix_ms() / 1000),
            pages,
            stats: Stats::default(),
        });
        for l in listeners {
            let farm = farm.clone();
            tokio::spawn(async move {
                while let Ok((sock, _)) = l.accept().await {
                    tokio::spawn(serve(farm.clone(), sock));
                }
            });
        }
        if let Some(f) = arg(&args, "--port-file") {
            std::fs::write(&f, format!("{{\"port\": {port}, \"pages\": {}}}\n", farm.pages.len()))?;
        }
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        let s = &farm.stats;
        let g = |a: &AtomicU64| a.load(Ordering::Relaxed);
        println!(
            "{{\"feeds_200\": {}, \"feeds_304\": {}, \"feeds_failed\": {}, \"hung\": {}, \"articles\": {}, \"article_bytes\": {}, \"robots\": {}, \"other\": {}, \"first_request_ms\": {}, \"last_healthy_ms\": {}}}",
            g(&s.feeds_200), g(&s.feeds_304), g(&s.feeds_failed), g(&s.hung), g(&s.articles),
            g(&s.article_bytes), g(&s.robots), g(&s.other), g(&s.first_request_ms), g(&s.last_healthy_ms)
        );
        Ok::<(), std::io::Error>(())
    });
    if let Err(e) = result {
        eprintln!("newswatch-farm: {e}");
        std::process::exit(1);
    }
}
