//! Throughput of `feed::parse_feed` on clean and broken feeds, against plain feed-rs.
//! Run: cargo run --release --example bench
use std::hint::black_box;

use newswatch::feed::parse_feed;

fn rss(items: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Bench &amp; Co</title><link>https://bench.example/</link><description>d</description>\n",
    );
    for i in 0..items {
        s.push_str(&format!(
            "<item><title>Story number {i}: council &amp; harbour news</title><link>https://bench.example/news/{i}?utm_source=rss</link><guid isPermaLink=\"false\">bench-{i}</guid><pubDate>Wed, 25 Nov 2026 09:15:00 +0000</pubDate><dc:creator>Reporter {i}</dc:creator><description>&lt;p&gt;Paragraph one of story {i}, with enough text to look like a real summary of a local news article.&lt;/p&gt;</description><content:encoded><![CDATA[<p>Body of story {i}. <b>Bold</b> and <a href=\"https://bench.example/x\">a link</a>. Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>]]></content:encoded></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

fn atom(items: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Bench</title><id>tag:bench</id><updated>2026-11-25T10:00:00Z</updated>\n",
    );
    for i in 0..items {
        s.push_str(&format!("<entry><title>Entry {i}</title><link href=\"https://bench.example/e/{i}\"/><id>tag:bench:{i}</id><updated>2026-11-25T10:00:00Z</updated><summary>Summary of entry {i} with some words in it.</summary><content type=\"html\">&lt;p&gt;Content of entry {i}, a paragraph of text.&lt;/p&gt;</content></entry>\n"));
    }
    s.push_str("</feed>\n");
    s
}

/// CPU seconds of this thread (utime + stime, 10 ms ticks): the machine is shared by several
/// busy processes, so wall time mostly measures the others.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, a)| a);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

/// CPU seconds per parse over at least 0.4 CPU seconds of repetitions.
fn round(parse: &mut dyn FnMut()) -> f64 {
    let start = cpu_secs();
    let mut n = 0u32;
    while cpu_secs() - start < 0.4 {
        parse();
        n += 1;
    }
    (cpu_secs() - start) / f64::from(n)
}

/// Best of 5 rounds.
fn best(mut parse: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| round(&mut parse))
        .fold(f64::INFINITY, f64::min)
}

/// Plain feed-rs and parse_feed on the same clean feed, rounds interleaved so both see the
/// same machine load; best of 7 rounds each.
fn compare(name: &str, bytes: &[u8], expect: usize) {
    let f = parse_feed(bytes, None, None);
    assert_eq!(f.entries.len(), expect);
    let mut plain = || {
        let p = feed_rs::parser::Builder::new().build();
        black_box(p.parse(black_box(bytes)).ok());
    };
    let mut ours = || {
        black_box(parse_feed(black_box(bytes), None, None));
    };
    let (mut a, mut b) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..7 {
        a = a.min(round(&mut plain));
        b = b.min(round(&mut ours));
    }
    report(name, bytes, a, "(plain feed-rs 3, no ingestion layer)");
    let note = format!("parse_feed: {:+.0}% CPU vs feed-rs", (b / a - 1.0) * 100.0);
    report(name, bytes, b, &note);
}

fn report(name: &str, bytes: &[u8], secs: f64, note: &str) {
    println!(
        "{name:<34} {:>8.1} KB  {:>6.1} MB/s  {:>7.2} ms/feed (CPU)  {note}",
        bytes.len() as f64 / 1e3,
        bytes.len() as f64 / secs / 1e6,
        secs * 1e3
    );
}

fn time(name: &str, bytes: &[u8], ct: Option<&str>, expect: usize) {
    let f = parse_feed(bytes, ct, None);
    assert_eq!(
        f.entries.len(),
        expect,
        "{name}: {:?} {:?}",
        f.error,
        f.repairs
    );
    let secs = best(|| {
        black_box(parse_feed(black_box(bytes), ct, None));
    });
    report(
        name,
        bytes,
        secs,
        &format!("repairs: {}", f.repairs.join("; ")),
    );
}

fn main() {
    let n = 1000;
    let clean = rss(n);
    let clean_atom = atom(n);
    compare("rss2 clean", clean.as_bytes(), n);
    compare("atom clean", clean_atom.as_bytes(), n);

    time(
        "rss2 missing version",
        clean.replacen(" version=\"2.0\"", "", 1).as_bytes(),
        None,
        n,
    );
    time(
        "rss2 bare &",
        clean.replace("&amp;", "&").as_bytes(),
        None,
        n,
    );
    time(
        "rss2 raw <br> in descriptions",
        clean.replace("&lt;/p&gt;", "<br>").as_bytes(),
        None,
        n,
    );
    let cut = clean.len() * 9 / 10;
    let trunc = &clean[..cut];
    let kept = trunc.matches("</item>").count();
    time("rss2 truncated at 90%", trunc.as_bytes(), None, kept);
    let mut w = encoding_rs::WINDOWS_1252
        .encode(&clean.replace("Story", "Stóry"))
        .0
        .into_owned();
    w.truncate(w.len());
    time("rss2 windows-1252 declared UTF-8", &w, None, n);
    let mut u16: Vec<u8> = vec![0xfe, 0xff];
    clean
        .replace("UTF-8", "utf-16")
        .encode_utf16()
        .for_each(|c| u16.extend_from_slice(&c.to_be_bytes()));
    time("rss2 UTF-16BE declared utf-16", &u16, None, n);
    time(
        "rss2 PHP warning before root",
        format!("Warning: x in y.php\n{clean}").as_bytes(),
        None,
        n,
    );
    time(
        "atom 0.3 namespace",
        clean_atom
            .replace("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")
            .as_bytes(),
        None,
        n,
    );
}
