//! Topic matching benchmark (issue 6): 1,000 deterministic, realistic news-monitoring topics
//! (people, places, organisations, event words, wildcards, phrases, NEAR, NOT) against the
//! article bodies of the article-extraction benchmark, compiled `TopicMatcher` vs the naive
//! one-regex-per-leaf `NaiveMatcher`. Prints articles/s for both and the ratio.
//!
//! Run: `cargo bench --bench matching -- [DATASET_DIR] [TOPICS]` (default dataset dir:
//! `$DATASET`, else `../shared/datasets/article-extraction-benchmark`; default 1000 topics).

use newswatch::query::naive::NaiveMatcher;
use newswatch::query::{Document, Query, TopicMatcher};
use std::time::{Duration, Instant};

const PEOPLE: &[&str] = &[
    "Joe Biden",
    "Vladimir Putin",
    "Volodymyr Zelensky",
    "Xi Jinping",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Keir Starmer",
    "Narendra Modi",
    "Benjamin Netanyahu",
    "Elon Musk",
    "Mark Zuckerberg",
    "Tim Cook",
    "Sundar Pichai",
    "Jeff Bezos",
    "Donald Trump",
    "Kamala Harris",
    "Ursula von der Leyen",
    "Antonio Guterres",
    "Recep Tayyip Erdogan",
    "Lula da Silva",
    "Cyril Ramaphosa",
    "Fumio Kishida",
    "Kim Jong Un",
    "Ali Khamenei",
    "Mohammed bin Salman",
    "Jerome Powell",
    "Christine Lagarde",
    "Sam Altman",
    "Satya Nadella",
    "Warren Buffett",
    "Taylor Swift",
    "Lionel Messi",
    "Greta Thunberg",
    "Pope Francis",
    "Javier Milei",
    "Giorgia Meloni",
    "Pedro Sanchez",
    "Justin Trudeau",
    "Anthony Albanese",
    "Jacinda Ardern",
];
const PLACES: &[&str] = &[
    "Gaza",
    "Ukraine",
    "Kyiv",
    "Moscow",
    "Beijing",
    "Taiwan",
    "Brussels",
    "Washington",
    "London",
    "Paris",
    "Berlin",
    "Tokyo",
    "Delhi",
    "Tehran",
    "Israel",
    "Syria",
    "Yemen",
    "Sudan",
    "Haiti",
    "Venezuela",
    "Mexico",
    "Brazil",
    "Nigeria",
    "Kenya",
    "Ethiopia",
    "Afghanistan",
    "Pakistan",
    "North Korea",
    "South Korea",
    "Crimea",
    "Red Sea",
    "Silicon Valley",
    "Wall Street",
    "California",
    "Texas",
    "Scotland",
    "Hong Kong",
    "Jerusalem",
    "West Bank",
    "Australia",
];
const ORGS: &[&str] = &[
    "NATO",
    "United Nations",
    "European Union",
    "Federal Reserve",
    "IMF",
    "World Bank",
    "OPEC",
    "Hamas",
    "Hezbollah",
    "Google",
    "Apple",
    "Microsoft",
    "Amazon",
    "Meta",
    "Tesla",
    "OpenAI",
    "Nvidia",
    "Boeing",
    "Pfizer",
    "Moderna",
    "WHO",
    "FIFA",
    "Supreme Court",
    "Congress",
    "Pentagon",
    "Kremlin",
    "Reuters",
    "Goldman Sachs",
    "JPMorgan",
    "Samsung",
];
const EVENTS: &[&str] = &[
    "election*",
    "protest*",
    "sanction*",
    "strike*",
    "earthquake",
    "flood*",
    "wildfire*",
    "inflation",
    "recession",
    "merger",
    "acquisition",
    "lawsuit",
    "indictment",
    "layoff*",
    "bankrupt*",
    "cyberattack",
    "hack*",
    "outbreak",
    "vaccine*",
    "tariff*",
    "summit",
    "ceasefire",
    "invasion",
    "coup",
    "resign*",
    "scandal",
    "investigat*",
    "arrest*",
    "verdict",
    "trial",
    "negotiat*",
    "talks",
    "deal",
    "privacy",
    "regulat*",
    "antitrust",
    "launch*",
    "earnings",
];
const NOISE: &[&str] = &[
    "football",
    "cricket",
    "recipe*",
    "horoscope",
    "celebrity",
    "fashion",
];

/// Deterministic linear congruential generator: the same 1,000 topics on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v.get(self.next() % v.len()).copied().unwrap_or("news")
    }
}

fn quoted(s: &str) -> String {
    if s.contains(' ') {
        format!("\"{s}\"")
    } else {
        s.to_string()
    }
}

fn last_name(s: &str) -> &str {
    s.rsplit(' ').next().unwrap_or(s)
}

fn topics(n: usize) -> Vec<(String, Query)> {
    let mut r = Lcg(42);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let i = out.len();
        let (p, pl, o) = (r.pick(PEOPLE), r.pick(PLACES), r.pick(ORGS));
        let (e1, e2, nz) = (r.pick(EVENTS), r.pick(EVENTS), r.pick(NOISE));
        let q = match i % 10 {
            0 => format!("{} OR ={}", quoted(p), last_name(p)),
            1 => format!("{} AND ({e1} OR {e2})", quoted(pl)),
            2 => format!("{} NEAR/10 ({e1} OR {e2})", quoted(o)),
            3 => format!("{} NEAR/s {e1} -{nz}", quoted(p)),
            4 => format!("title:{} OR lead:{}", quoted(pl), quoted(o)),
            5 => format!(
                "({} OR {}) AND {e1} -{nz}*",
                quoted(pl),
                quoted(r.pick(PLACES))
            ),
            6 => format!("{} NEAR/p {}", quoted(o), last_name(p)),
            7 => format!("({e1} OR {e2}) ONEAR/5 {}", quoted(pl)),
            8 => format!(
                "\"{} {}\"~3 OR (wom?n NEAR/5 {e2})",
                last_name(p),
                e1.trim_end_matches('*')
            ),
            _ => format!(
                "({} OR {}) AND NOT ({nz} OR {})",
                last_name(p),
                quoted(o),
                r.pick(NOISE)
            ),
        };
        let q = q.replace("**", "*");
        match Query::parse(&q) {
            Ok(parsed) => out.push((format!("topic {i}: {q}"), parsed)),
            Err(e) => panic!("generated query {q:?} does not parse: {e}"),
        }
    }
    out
}

fn run(name: &str, docs: &[Document], min: Duration, mut f: impl FnMut(&Document) -> usize) -> f64 {
    let start = Instant::now();
    let mut articles = 0usize;
    let mut matched = 0usize;
    while start.elapsed() < min {
        for d in docs {
            matched += f(d);
            articles += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let rate = articles as f64 / secs;
    println!(
        "{name:<28} {articles:>7} articles in {secs:>6.2} s = {rate:>9.0} articles/s ({:.2} topic matches/article)",
        matched as f64 / articles as f64
    );
    rate
}

fn cold_pass(name: &str, docs: &[Document], mut f: impl FnMut(&Document) -> usize) {
    let t = Instant::now();
    let matched: usize = docs.iter().map(&mut f).sum();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{name:<28} {:>7} articles in {secs:>6.2} s = {:>9.0} articles/s ({matched} topic matches)",
        docs.len(),
        docs.len() as f64 / secs
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dir = args
        .first()
        .cloned()
        .or_else(|| std::env::var("DATASET").ok())
        .unwrap_or_else(|| "../shared/datasets/article-extraction-benchmark".to_string());
    let n_topics: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let path = format!("{dir}/ground-truth.json");
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let json: serde_json::Value =
        serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut items: Vec<(String, String)> = json
        .as_object()
        .map(|m| {
            m.values()
                .filter_map(|v| {
                    let body = v.get("articleBody")?.as_str()?.to_string();
                    let url = v
                        .get("url")
                        .and_then(|u| u.as_str())
                        .unwrap_or("")
                        .to_string();
                    Some((body, url))
                })
                .collect()
        })
        .unwrap_or_default();
    items.sort();
    let docs: Vec<Document> = items
        .iter()
        .map(|(body, url)| Document {
            title: "",
            body,
            url: Some(url),
            language: Some("en"),
            ..Document::default()
        })
        .collect();
    let chars: usize = items.iter().map(|(b, _)| b.chars().count()).sum();
    println!(
        "{} articles ({} chars on average), {n_topics} topics",
        docs.len(),
        chars / docs.len().max(1)
    );

    let t = Instant::now();
    let topics = topics(n_topics);
    let compiled = TopicMatcher::new(topics.clone());
    println!(
        "compile {n_topics} topics: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    // Cold: a fresh matcher's first pass, every token classified (and stemmed) for the first
    // time; the naive matcher's first pass builds its regexes' lazy DFAs. Then warm, timed runs.
    cold_pass("compiled, first pass (cold)", &docs, |d| {
        compiled.matches(d).len()
    });
    let fast = run("compiled (warm)", &docs, Duration::from_secs(3), |d| {
        compiled.matches(d).len()
    });
    if std::env::var("MATCHING_ONLY_COMPILED").is_ok() {
        return;
    }
    let naive = NaiveMatcher::new(topics);
    cold_pass("naive, first pass (cold)", &docs, |d| {
        naive.matches(d).len()
    });
    let slow = run(
        "naive regex per leaf (warm)",
        &docs,
        Duration::from_secs(3),
        |d| naive.matches(d).len(),
    );
    println!("ratio compiled/naive: {:.1}x", fast / slow);
}
