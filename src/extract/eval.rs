//! The article-extraction benchmark metric, so anyone can rerun the extraction figures.
//!
//! Implements the metric of the public article-extraction benchmark exactly: Unicode `\w+` words
//! (case kept), multisets of 4-word shingles, per-page counts normalised to sum to 1, precision
//! averaged over pages with output, recall over pages with a non-empty truth, F1 of the two means,
//! and the bootstrap standard deviation of F1 over 1,000 resamples with a fixed-seed PRNG.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\w+").unwrap_or_else(|_| unreachable!("static regex")));

/// Shingle length of the benchmark.
const SHINGLE: usize = 4;
/// Bootstrap resamples of the benchmark.
const BOOTSTRAP_ROUNDS: usize = 1000;
/// Fixed seed so that two runs over the same outputs report the same spread.
const BOOTSTRAP_SEED: u64 = 0x5eed_2024_0bad_cafe;

/// One page's scores; `None` where the page does not count towards that mean.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PageScore {
    pub id: String,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

/// Benchmark figures over a set of pages.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub f1_std: f64,
    pub per_page: Vec<PageScore>,
}

/// Scores `(id, predicted, truth)` triples with the benchmark metric.
pub fn score(pairs: &[(String, String, String)]) -> Report {
    let per_page: Vec<PageScore> = pairs
        .iter()
        .map(|(id, pred, truth)| page_score(id, pred, truth))
        .collect();
    let (precision, recall, f1) = aggregate(per_page.iter());
    let f1_std = bootstrap_std(&per_page);
    Report {
        pages: pairs.len(),
        precision,
        recall,
        f1,
        f1_std,
        per_page,
    }
}

/// Precision/recall of one page, following the benchmark's edge cases.
pub fn page_score(id: &str, pred: &str, truth: &str) -> PageScore {
    let pred_words = words(pred);
    let truth_words = words(truth);
    let p = shingles(&pred_words);
    let t = shingles(&truth_words);
    let mut tp = 0usize;
    let mut fp = 0usize;
    for (k, &n) in &p {
        let m = t.get(k).copied().unwrap_or(0);
        tp += n.min(m);
        fp += n.saturating_sub(m);
    }
    let fn_: usize = t
        .iter()
        .map(|(k, &m)| m.saturating_sub(p.get(k).copied().unwrap_or(0)))
        .sum();
    let sum = (tp + fp + fn_) as f64;
    let (tp, fp, fn_) = if sum > 0.0 {
        (tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum)
    } else {
        (0.0, 0.0, 0.0)
    };
    let ratio = |a: f64, b: f64| {
        if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if a + b == 0.0 {
            0.0
        } else {
            a / (a + b)
        }
    };
    PageScore {
        id: id.to_string(),
        precision: (!pred.trim().is_empty()).then(|| ratio(tp, fp)),
        recall: (!truth.trim().is_empty()).then(|| ratio(tp, fn_)),
    }
}

fn words(text: &str) -> Vec<&str> {
    WORD.find_iter(text).map(|m| m.as_str()).collect()
}

/// Multiset of consecutive 4-word windows; a shorter text gives one shorter shingle.
fn shingles<'a>(words: &[&'a str]) -> HashMap<Vec<&'a str>, usize> {
    let mut out = HashMap::new();
    if words.len() < SHINGLE {
        out.insert(words.to_vec(), 1);
    } else {
        for w in words.windows(SHINGLE) {
            *out.entry(w.to_vec()).or_insert(0) += 1;
        }
    }
    out
}

fn aggregate<'a>(pages: impl Iterator<Item = &'a PageScore>) -> (f64, f64, f64) {
    let (mut ps, mut pn, mut rs, mut rn) = (0.0, 0usize, 0.0, 0usize);
    for page in pages {
        if let Some(p) = page.precision {
            ps += p;
            pn += 1;
        }
        if let Some(r) = page.recall {
            rs += r;
            rn += 1;
        }
    }
    let precision = if pn > 0 { ps / pn as f64 } else { 0.0 };
    let recall = if rn > 0 { rs / rn as f64 } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

/// SplitMix64: a tiny, well-mixed PRNG, enough for resampling indices reproducibly.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by rejection so no index is favoured.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next_u64();
            if v < zone {
                return (v % n) as usize;
            }
        }
    }
}

fn bootstrap_std(pages: &[PageScore]) -> f64 {
    if pages.len() < 2 {
        return 0.0;
    }
    let mut rng = SplitMix64(BOOTSTRAP_SEED);
    let f1s: Vec<f64> = (0..BOOTSTRAP_ROUNDS)
        .map(|_| {
            let sample = (0..pages.len()).filter_map(|_| pages.get(rng.below(pages.len())));
            aggregate(sample).2
        })
        .collect();
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    // Sample standard deviation (n - 1), as Python's statistics.stdev reports it.
    let var = f1s.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (f1s.len() - 1) as f64;
    var.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triple(id: &str, p: &str, t: &str) -> (String, String, String) {
        (id.into(), p.into(), t.into())
    }

    #[test]
    fn identical_text_scores_one() {
        let r = score(&[triple(
            "a",
            "one two three four five",
            "one two three four five",
        )]);
        assert_eq!((r.precision, r.recall, r.f1), (1.0, 1.0, 1.0));
    }

    #[test]
    fn extra_output_costs_precision_only() {
        // truth: 2 shingles; pred: those 2 plus 2 more -> tp=2, fp=2, fn=0.
        let s = page_score("a", "a b c d e f g", "a b c d e");
        assert_eq!(s.precision, Some(0.5));
        assert_eq!(s.recall, Some(1.0));
    }

    #[test]
    fn empty_output_costs_recall_only() {
        let r = score(&[
            triple("a", "", "one two three four"),
            triple("b", "w x y z", "w x y z"),
        ]);
        assert_eq!(r.per_page[0].precision, None);
        assert_eq!(r.per_page[0].recall, Some(0.0));
        assert_eq!(r.precision, 1.0);
        assert_eq!(r.recall, 0.5);
        assert!((r.f1 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn words_are_unicode_and_case_kept() {
        assert_eq!(
            words("Ünïcode wörds, 東京 e-mail"),
            vec!["Ünïcode", "wörds", "東京", "e", "mail"]
        );
        let s = page_score("a", "The cat sat down", "the cat sat down");
        assert_eq!(s.precision, Some(0.0));
    }

    #[test]
    fn shingles_are_multisets() {
        // "a b c d a b c d": shingles abcd x2, bcda, cdab, dabc; pred has abcd once.
        let s = page_score("a", "a b c d", "a b c d a b c d");
        assert_eq!(s.recall, Some(0.2));
        assert_eq!(s.precision, Some(1.0));
    }

    #[test]
    fn bootstrap_is_reproducible_and_zero_for_uniform_pages() {
        let pairs: Vec<_> = (0..20)
            .map(|i| {
                triple(
                    &i.to_string(),
                    "a b c d e",
                    if i % 2 == 0 { "a b c d e" } else { "a b c d x" },
                )
            })
            .collect();
        let a = score(&pairs);
        let b = score(&pairs);
        assert_eq!(a.f1_std, b.f1_std);
        assert!(a.f1_std > 0.0);
        let same: Vec<_> = (0..20)
            .map(|i| triple(&i.to_string(), "a b c d", "a b c d"))
            .collect();
        assert_eq!(score(&same).f1_std, 0.0);
    }
}
