//! `newswatch eval`: reruns the quality benchmarks on a dataset folder, single-threaded, and
//! prints the figures BENCHMARKS.md quotes. The metrics themselves live next to the stages they
//! measure ([`crate::extract::eval`], [`crate::quotes::eval`]); this is only the driver.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use crate::cli::outln;
use crate::extract::{ArticleExtractor, decode_html};
use crate::quotes::QuoteExtractor;

/// Extraction on `DIR/html/*.html.gz` against `DIR/ground-truth.json`; with `predictions`, scores
/// that file's `{"input", "text"}` lines instead (the page id is the input's file name).
pub fn extraction(dir: &Path, predictions: Option<&Path>) -> anyhow::Result<ExitCode> {
    let gt_path = dir.join("ground-truth.json");
    let gt: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&gt_path)
            .with_context(|| format!("cannot read {}", gt_path.display()))?,
    )
    .with_context(|| format!("{} is not JSON", gt_path.display()))?;
    let truth = |id: &str| {
        gt.get(id)
            .and_then(|v| v.get("articleBody"))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    if let Some(pred) = predictions {
        let text = std::fs::read_to_string(pred)
            .with_context(|| format!("cannot read {}", pred.display()))?;
        let mut triples = Vec::new();
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let v: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not JSON", pred.display(), i + 1))?;
            let input = v.get("input").and_then(|x| x.as_str()).unwrap_or("");
            let id = Path::new(input)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .trim_end_matches(".gz")
                .trim_end_matches(".html")
                .to_string();
            let text = v
                .get("text")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string();
            triples.push((id.clone(), text, truth(&id)));
        }
        let r = crate::extract::eval::score(&triples);
        outln!(
            "pages {}  precision {:.3}  recall {:.3}  F1 {:.3} (bootstrap sd {:.3})",
            r.pages,
            r.precision,
            r.recall,
            r.f1,
            r.f1_std
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut files: Vec<_> = std::fs::read_dir(dir.join("html"))
        .with_context(|| format!("cannot list {}/html", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    files.sort();
    let mut pages = Vec::new();
    for f in &files {
        let mut raw = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(f)?)
            .read_to_end(&mut raw)
            .with_context(|| format!("cannot gunzip {}", f.display()))?;
        let id = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .trim_end_matches(".html.gz")
            .to_string();
        pages.push((id, raw));
    }
    let extractor = ArticleExtractor::new();
    let t0 = Instant::now();
    let outputs: Vec<(String, String)> = pages
        .iter()
        .map(|(id, raw)| {
            let html = decode_html(raw, None);
            (id.clone(), extractor.extract(&html, None).text())
        })
        .collect();
    let secs = t0.elapsed().as_secs_f64();
    let triples: Vec<(String, String, String)> = outputs
        .into_iter()
        .map(|(id, pred)| {
            let t = truth(&id);
            (id, pred, t)
        })
        .collect();
    let report = crate::extract::eval::score(&triples);
    outln!(
        "pages {}  precision {:.3}  recall {:.3}  F1 {:.3} (bootstrap sd {:.3})  {:.0} pages/s (decode+extract, one thread)",
        report.pages,
        report.precision,
        report.recall,
        report.f1,
        report.f1_std,
        pages.len() as f64 / secs.max(1e-9)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Quotations on a labelled JSONL file (the format of the quotes dataset).
pub fn quotes(file: &Path, british_marks: bool) -> anyhow::Result<ExitCode> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut articles = crate::quotes::eval::parse(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    if british_marks {
        articles = articles
            .iter()
            .map(crate::quotes::eval::with_british_marks)
            .collect();
    }
    let r = crate::quotes::eval::evaluate(&articles, &QuoteExtractor::new(), 1);
    outln!(
        "articles {}  predictions {}  gold segments {} (direct {})\n\
         quote exact:   P {:.3}  R {:.3}  F1 {:.3}\n\
         quote overlap: P {:.3}  R {:.3}  F1 {:.3}\n\
         speaker accuracy {:.3} (named speakers {:.3}; the full name {:.3})\n\
         end-to-end:    P {:.3}  R {:.3}  F1 {:.3}\n\
         throughput {:.1} MB/s wall, {} MB per CPU-second (one thread, {} bytes)",
        r.articles,
        r.predictions,
        r.gold_segments,
        r.gold_direct,
        r.exact_precision,
        r.exact_recall,
        r.exact_f1,
        r.overlap_precision,
        r.overlap_recall,
        r.overlap_f1,
        r.speaker_accuracy,
        r.speaker_accuracy_named,
        r.speaker_full_name,
        r.e2e_precision,
        r.e2e_recall,
        r.e2e_f1,
        r.mb_per_second,
        r.mb_per_cpu_second
            .map(|v| format!("{v:.1}"))
            .unwrap_or_else(|| "n/a".into()),
        r.bytes
    )?;
    Ok(ExitCode::SUCCESS)
}
