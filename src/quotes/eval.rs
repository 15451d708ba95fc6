//! Scorer for the labelled quotation dataset (`datasets/quotes/README.md`), so anyone can rerun
//! the QuoteExtractor benchmark: exact and overlap precision/recall/F1, speaker accuracy on
//! overlapping matches, end-to-end F1 and single-thread throughput.
//!
//! Matching follows the README: both sides are trimmed of quote marks and edge punctuation,
//! exact matches are identical trimmed spans, overlap matches share a character and are paired
//! one-to-one, largest overlap first. Precision counts a match against any `direct` or `mixed`
//! segment, recall counts matched `direct` segments. A speaker is right when it shares a name
//! token with `speaker_resolved` after case folding and dropping honorifics; a pronoun never
//! counts. The README leaves unnamed sources open: a gold `ANONYMOUS` or null speaker is scored
//! right exactly when the prediction is `None` (reported separately as well).

use std::time::Instant;

use serde::Deserialize;

use super::{Quote, QuoteExtractor};

/// Failure to read the dataset.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("line {line}: not a dataset record: {source}")]
    Json {
        line: usize,
        source: serde_json::Error,
    },
}

/// One labelled segment.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub quote: String,
    pub quote_start: usize,
    pub quote_end: usize,
    pub kind: String,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub speaker_resolved: Option<String>,
    #[serde(default)]
    pub cue: Option<String>,
    #[serde(default)]
    pub not_speech: bool,
}

/// One labelled article.
#[derive(Debug, Clone, Deserialize)]
pub struct Article {
    pub id: String,
    #[serde(default)]
    pub publisher: Option<String>,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

/// All figures of one evaluation run.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Report {
    pub articles: usize,
    pub predictions: usize,
    pub gold_segments: usize,
    pub gold_direct: usize,
    pub exact_precision: f64,
    pub exact_recall: f64,
    pub exact_f1: f64,
    pub overlap_precision: f64,
    pub overlap_recall: f64,
    pub overlap_f1: f64,
    /// Speaker right among overlapping matches.
    pub speaker_accuracy: f64,
    /// Same, only over matches whose gold speaker is a name.
    pub speaker_accuracy_named: f64,
    /// Over the same matches, the predicted speaker is the gold name in full (the same name
    /// words, honorifics and case aside): `Clinton` for `Hillary Clinton` counts above, not
    /// here. Stricter than the issue's metric; it measures what a digest reader sees.
    pub speaker_full_name: f64,
    pub e2e_precision: f64,
    pub e2e_recall: f64,
    pub e2e_f1: f64,
    pub bytes: usize,
    pub seconds: f64,
    pub mb_per_second: f64,
    /// Thread CPU time of the extraction (Linux schedstat), immune to other processes' load.
    pub cpu_seconds: Option<f64>,
    pub mb_per_cpu_second: Option<f64>,
}

/// Counts summed over articles.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub preds: usize,
    pub gold: usize,
    pub direct: usize,
    pub exact_pred: usize,
    pub exact_direct: usize,
    pub overlap_pred: usize,
    pub overlap_direct: usize,
    pub spk_total: usize,
    pub spk_right: usize,
    pub spk_named_total: usize,
    pub spk_named_right: usize,
    pub spk_full_right: usize,
    pub e2e_pred: usize,
    pub e2e_direct: usize,
}

const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sen",
    "rep",
    "gov",
    "rev",
    "gen",
    "lt",
    "col",
    "capt",
    "sgt",
    "hon",
    "sir",
    "dame",
    "president",
    "senator",
    "representative",
    "governor",
    "secretary",
    "jr",
    "sr",
    "ii",
    "iii",
    "the",
    "of",
    "and",
    "a",
    "an",
    "for",
];

const PRONOUNS: &[&str] = &[
    "he", "she", "him", "her", "they", "them", "it", "we", "i", "you", "his", "hers", "their",
];

fn is_edge(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '\u{201C}'
                | '\u{201D}'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{00AB}'
                | '\u{00BB}'
                | '\u{201E}'
                | '\u{201F}'
                | '.'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '\u{2014}'
                | '\u{2013}'
                | '-'
                | '\u{2026}'
                | '('
                | ')'
        )
}

/// Trims quote marks and edge punctuation from the code-point span `[s, e)` of `chars`.
pub fn trim_span(chars: &[char], s: usize, e: usize) -> (usize, usize) {
    let (mut s, mut e) = (s.min(chars.len()), e.min(chars.len()));
    while s < e && chars.get(s).copied().is_some_and(is_edge) {
        s += 1;
    }
    while e > s && chars.get(e - 1).copied().is_some_and(is_edge) {
        e -= 1;
    }
    (s, e)
}

fn name_tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}' && c != '-')
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .filter(|w| w.chars().count() > 1 && !HONORIFICS.contains(&w.as_str()))
        .collect()
}

/// Does the predicted speaker name the gold speaker? Pronouns never count.
pub fn speaker_right(pred: Option<&str>, gold: Option<&str>) -> bool {
    match gold {
        None | Some("ANONYMOUS") => pred.is_none(),
        Some(g) => {
            let Some(p) = pred else { return false };
            if PRONOUNS.contains(&p.trim().to_lowercase().as_str()) {
                return false;
            }
            let gt = name_tokens(g);
            name_tokens(p).iter().any(|t| gt.contains(t))
        }
    }
}

/// Is the predicted speaker the gold name in full? The same name words in the same order,
/// after case folding and dropping honorifics, initials and a leading `the`.
pub fn full_name_right(pred: Option<&str>, gold: Option<&str>) -> bool {
    let words = |s: &str| {
        let mut w = name_tokens(s);
        if w.first().is_some_and(|t| t == "the") {
            w.remove(0);
        }
        w
    };
    match (pred, gold) {
        (Some(p), Some(g)) if g != "ANONYMOUS" => {
            let p = words(p);
            !p.is_empty() && p == words(g)
        }
        _ => false,
    }
}

/// Pairs of (pred index, gold index) matched one-to-one, largest overlap first.
fn overlap_pairs(p: &[(usize, usize)], g: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (i, &(ps, pe)) in p.iter().enumerate() {
        for (j, &(gs, ge)) in g.iter().enumerate() {
            let ov = pe.min(ge).saturating_sub(ps.max(gs));
            if ov > 0 {
                cands.push((ov, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_p = vec![false; p.len()];
    let mut used_g = vec![false; g.len()];
    let mut out = Vec::new();
    for (_, i, j) in cands {
        if !used_p[i] && !used_g[j] {
            used_p[i] = true;
            used_g[j] = true;
            out.push((i, j));
        }
    }
    out
}

/// Scores one article's predictions into `c`.
pub fn score_article(article: &Article, preds: &[Quote], c: &mut Counts) {
    let chars: Vec<char> = article.text.chars().collect();
    let p: Vec<(usize, usize)> = preds
        .iter()
        .map(|q| trim_span(&chars, q.start, q.end))
        .collect();
    let g: Vec<(usize, usize)> = article
        .quotes
        .iter()
        .map(|q| trim_span(&chars, q.quote_start, q.quote_end))
        .collect();
    c.preds += p.len();
    c.gold += g.len();
    c.direct += article.quotes.iter().filter(|q| q.kind == "direct").count();
    // Exact: identical trimmed spans, one-to-one in order.
    let mut used = vec![false; g.len()];
    for (i, ps) in p.iter().enumerate() {
        if let Some(j) = (0..g.len()).find(|&j| !used[j] && g[j] == *ps && ps.0 < ps.1) {
            used[j] = true;
            c.exact_pred += 1;
            let gq = &article.quotes[j];
            let right = speaker_right(preds[i].speaker.as_deref(), gq.speaker_resolved.as_deref());
            if right {
                c.e2e_pred += 1;
            }
            if gq.kind == "direct" {
                c.exact_direct += 1;
                if right {
                    c.e2e_direct += 1;
                }
            }
        }
    }
    for (i, j) in overlap_pairs(&p, &g) {
        c.overlap_pred += 1;
        let gq = &article.quotes[j];
        if gq.kind == "direct" {
            c.overlap_direct += 1;
        }
        let right = speaker_right(preds[i].speaker.as_deref(), gq.speaker_resolved.as_deref());
        c.spk_total += 1;
        c.spk_right += usize::from(right);
        if gq
            .speaker_resolved
            .as_deref()
            .is_some_and(|s| s != "ANONYMOUS")
        {
            c.spk_named_total += 1;
            c.spk_named_right += usize::from(right);
            c.spk_full_right += usize::from(full_name_right(
                preds[i].speaker.as_deref(),
                gq.speaker_resolved.as_deref(),
            ));
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Parses a JSONL dataset.
pub fn parse(jsonl: &str) -> Result<Vec<Article>, EvalError> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| EvalError::Json {
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// The article with British quote marks, to check that single-quoted articles read as well as
/// double-quoted ones: double marks become single, and the single marks nested inside a
/// labelled quotation become double. Each mark is replaced by one code point, so the labels'
/// offsets still hold. Single marks outside labelled quotations (headlines, unlabelled quotes)
/// stay as they are.
pub fn with_british_marks(article: &Article) -> Article {
    let chars: Vec<char> = article.text.chars().collect();
    let mut nested = vec![false; chars.len()];
    for q in &article.quotes {
        let end = q.quote_end.saturating_sub(1).min(chars.len());
        for flag in nested.get_mut(q.quote_start + 1..end).into_iter().flatten() {
            *flag = true;
        }
    }
    let text: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '\u{201C}' => '\u{2018}',
            '\u{201D}' => '\u{2019}',
            '"' => '\'',
            '\'' | '\u{2018}' | '\u{2019}' if nested[i] => nested_mark(&chars, i),
            _ => c,
        })
        .collect();
    let quotes = article
        .quotes
        .iter()
        .map(|q| GoldQuote {
            quote: text
                .chars()
                .skip(q.quote_start)
                .take(q.quote_end.saturating_sub(q.quote_start))
                .collect(),
            ..q.clone()
        })
        .collect();
    Article {
        text,
        quotes,
        ..article.clone()
    }
}

/// The double mark for the single one at `chars[i]` inside a quotation, or the character
/// itself when it is an apostrophe (`don't`, `the workers’ rights`).
fn nested_mark(chars: &[char], i: usize) -> char {
    let c = chars[i];
    let prev = i
        .checked_sub(1)
        .and_then(|p| chars.get(p))
        .copied()
        .unwrap_or(' ');
    let next = chars.get(i + 1).copied().unwrap_or(' ');
    if prev.is_alphanumeric() && next.is_alphanumeric() {
        return c;
    }
    let opens = c != '\u{2019}'
        && (prev.is_whitespace() || "(\u{2014}-:,\"\u{201C}".contains(prev))
        && !next.is_whitespace();
    if opens {
        return if c == '\'' { '"' } else { '\u{201C}' };
    }
    let closes = !prev.is_whitespace()
        && (next.is_whitespace() || ".,;:!?)\"\u{201D}\u{2014}".contains(next));
    let plural_possessive = matches!(prev, 's' | 'S')
        && next.is_whitespace()
        && chars
            .get(i + 1..)
            .and_then(|rest| rest.iter().find(|c| !c.is_whitespace()))
            .is_some_and(|c| c.is_lowercase());
    if !closes || plural_possessive || c == '\'' && prev == '\'' {
        return c;
    }
    if c == '\'' { '"' } else { '\u{201D}' }
}

/// CPU time consumed by the calling thread, where the OS reports it.
pub fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// Runs the extractor over `articles` `repeat` times (at least once) and scores the first run;
/// throughput is timed on extraction only, in wall-clock and thread CPU time.
pub fn evaluate(articles: &[Article], ex: &QuoteExtractor, repeat: usize) -> Report {
    let repeat = repeat.max(1);
    let cpu0 = thread_cpu_seconds();
    let t0 = Instant::now();
    let preds: Vec<Vec<Quote>> = articles.iter().map(|a| ex.extract(&a.text)).collect();
    for _ in 1..repeat {
        for a in articles {
            std::hint::black_box(ex.extract(&a.text));
        }
    }
    let seconds = t0.elapsed().as_secs_f64() / repeat as f64;
    let cpu = cpu0
        .zip(thread_cpu_seconds())
        .map(|(a, b)| (b - a) / repeat as f64);
    let mut c = Counts::default();
    for (a, p) in articles.iter().zip(&preds) {
        score_article(a, p, &mut c);
    }
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut r = report(&c, articles.len(), bytes, seconds);
    r.cpu_seconds = cpu;
    r.mb_per_cpu_second = cpu.filter(|&c| c > 0.0).map(|c| bytes as f64 / 1e6 / c);
    r
}

/// Figures from summed counts.
pub fn report(c: &Counts, articles: usize, bytes: usize, seconds: f64) -> Report {
    let ep = ratio(c.exact_pred, c.preds);
    let er = ratio(c.exact_direct, c.direct);
    let op = ratio(c.overlap_pred, c.preds);
    let or = ratio(c.overlap_direct, c.direct);
    let zp = ratio(c.e2e_pred, c.preds);
    let zr = ratio(c.e2e_direct, c.direct);
    Report {
        articles,
        predictions: c.preds,
        gold_segments: c.gold,
        gold_direct: c.direct,
        exact_precision: ep,
        exact_recall: er,
        exact_f1: f1(ep, er),
        overlap_precision: op,
        overlap_recall: or,
        overlap_f1: f1(op, or),
        speaker_accuracy: ratio(c.spk_right, c.spk_total),
        speaker_accuracy_named: ratio(c.spk_named_right, c.spk_named_total),
        speaker_full_name: ratio(c.spk_full_right, c.spk_named_total),
        e2e_precision: zp,
        e2e_recall: zr,
        e2e_f1: f1(zp, zr),
        bytes,
        seconds,
        mb_per_second: if seconds > 0.0 {
            bytes as f64 / 1e6 / seconds
        } else {
            0.0
        },
        cpu_seconds: None,
        mb_per_cpu_second: None,
    }
}

/// Human-readable predictions against gold for one article, for error analysis.
pub fn diff(article: &Article, preds: &[Quote]) -> String {
    use std::fmt::Write;
    let chars: Vec<char> = article.text.chars().collect();
    let snip = |s: usize, e: usize| -> String {
        let t: String = chars
            .get(s.min(chars.len())..e.min(chars.len()))
            .unwrap_or(&[])
            .iter()
            .collect();
        let t = t.replace('\n', " ");
        if t.chars().count() > 70 {
            format!("{}…", t.chars().take(70).collect::<String>())
        } else {
            t
        }
    };
    let p: Vec<(usize, usize)> = preds
        .iter()
        .map(|q| trim_span(&chars, q.start, q.end))
        .collect();
    let g: Vec<(usize, usize)> = article
        .quotes
        .iter()
        .map(|q| trim_span(&chars, q.quote_start, q.quote_end))
        .collect();
    let pairs = overlap_pairs(&p, &g);
    let mut out = String::new();
    let _ = writeln!(out, "== {}", article.id);
    let mut gold_done = vec![false; g.len()];
    for (i, q) in preds.iter().enumerate() {
        let m = pairs.iter().find(|&&(a, _)| a == i).map(|&(_, j)| j);
        match m {
            Some(j) => {
                gold_done[j] = true;
                let gq = &article.quotes[j];
                let exact = p[i] == g[j];
                let right = speaker_right(q.speaker.as_deref(), gq.speaker_resolved.as_deref());
                let ctx = if right {
                    String::new()
                } else {
                    format!(
                        " ctx=…{}‖{}",
                        snip(q.start.saturating_sub(80), q.start),
                        snip(q.end, q.end + 60)
                    )
                };
                let _ = writeln!(
                    out,
                    "{} {} [{}] pred={:?} role={:?} cue={:?} gold={:?} ({:?}) {}{ctx}",
                    if exact { "EXACT" } else { "OVERL" },
                    if right { "ok " } else { "SPK" },
                    snip(p[i].0, p[i].1),
                    q.speaker,
                    q.role,
                    q.cue,
                    gq.speaker_resolved,
                    gq.speaker,
                    if exact {
                        String::new()
                    } else {
                        format!("gold=[{}]", snip(g[j].0, g[j].1))
                    }
                );
            }
            None => {
                let ctx = snip(q.start.saturating_sub(60), q.start);
                let _ = writeln!(
                    out,
                    "FP [{}] pred={:?} partial={} ctx=…{}",
                    snip(p[i].0, p[i].1),
                    q.speaker,
                    q.partial,
                    ctx
                );
            }
        }
    }
    for (j, done) in gold_done.iter().enumerate() {
        if !done {
            let gq = &article.quotes[j];
            let ctx = snip(gq.quote_start.saturating_sub(60), gq.quote_start);
            let _ = writeln!(
                out,
                "FN {} [{}] gold={:?} ({:?}) ctx=…{}",
                gq.kind,
                snip(g[j].0, g[j].1),
                gq.speaker_resolved,
                gq.speaker,
                ctx
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_removes_marks_and_edge_punctuation() {
        let chars: Vec<char> = "x “Hello, world.” y".chars().collect();
        let (s, e) = trim_span(&chars, 2, 16);
        assert_eq!(chars[s..e].iter().collect::<String>(), "Hello, world");
    }

    #[test]
    fn speaker_matching_shares_a_token_but_not_pronouns() {
        assert!(speaker_right(Some("Mr. Trump"), Some("Donald Trump")));
        assert!(!speaker_right(Some("he"), Some("Donald Trump")));
        assert!(!speaker_right(
            Some("Hillary Clinton"),
            Some("Donald Trump")
        ));
        assert!(speaker_right(None, Some("ANONYMOUS")));
        assert!(!speaker_right(None, Some("Donald Trump")));
    }

    #[test]
    fn full_name_needs_every_name_word() {
        assert!(full_name_right(Some("Donald Trump"), Some("Donald Trump")));
        assert!(full_name_right(
            Some("Vladimir V. Putin"),
            Some("Vladimir Putin")
        ));
        assert!(full_name_right(
            Some("The New York Times"),
            Some("New York Times")
        ));
        assert!(!full_name_right(Some("Trump"), Some("Donald Trump")));
        assert!(!full_name_right(
            Some("Fox's Chris Wallace"),
            Some("Chris Wallace")
        ));
        assert!(!full_name_right(None, Some("ANONYMOUS")));
    }

    #[test]
    fn perfect_predictions_score_one() {
        let line = r#"{"id":"t","text":"He said “Go home now.” Then left.","quotes":[{"quote":"“Go home now.”","quote_start":8,"quote_end":22,"kind":"direct","speaker_resolved":"Bob Smith"}]}"#;
        let arts = parse(line).unwrap_or_default();
        assert_eq!(arts.len(), 1);
        let pred = Quote {
            text: "Go home now.".into(),
            start: 9,
            end: 21,
            paragraph: 0,
            speaker: Some("Bob Smith".into()),
            role: None,
            cue: Some("said".into()),
            partial: false,
        };
        let mut c = Counts::default();
        score_article(&arts[0], &[pred], &mut c);
        let r = report(&c, 1, 10, 1.0);
        assert_eq!(
            (
                r.exact_f1,
                r.speaker_accuracy,
                r.speaker_full_name,
                r.e2e_f1
            ),
            (1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn british_marks_swap_the_levels_and_keep_offsets() {
        let line = r#"{"id":"t","text":"“He said ‘no’ to the workers’ plan,” Ann said. \"It's 'done'.\" \"Yes,\" Bo said.","quotes":[{"quote":"","quote_start":0,"quote_end":36,"kind":"direct"},{"quote":"","quote_start":47,"quote_end":61,"kind":"direct"}]}"#;
        let arts = parse(line).unwrap_or_default();
        let b = with_british_marks(&arts[0]);
        assert_eq!(
            b.text,
            "‘He said “no” to the workers’ plan,’ Ann said. 'It's \"done\".' 'Yes,' Bo said."
        );
        assert_eq!(b.text.chars().count(), arts[0].text.chars().count());
        assert_eq!(b.quotes[0].quote, "‘He said “no” to the workers’ plan,’");
        assert_eq!(b.quotes[1].quote, "'It's \"done\".'");
        // And the extractor reads the rewritten article as it reads the original.
        let ex = QuoteExtractor::new();
        let spans = |a: &Article| -> Vec<(usize, usize, Option<String>)> {
            ex.extract(&a.text)
                .into_iter()
                .map(|q| (q.start, q.end, q.speaker))
                .collect()
        };
        assert_eq!(spans(&b), spans(&arts[0]));
        assert_eq!(spans(&b).len(), 3);
    }
}
