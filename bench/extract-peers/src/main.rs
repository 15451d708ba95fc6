//! Runs dom_smoothie (a Rust Readability port) over the article-extraction benchmark on one thread
//! and prints its pages/s and the benchmark F1, scored with newswatch's own metric module.
//!
//! Usage: `extract-peers DATASET_DIR [--jsonl]`. Timing covers gunzip + UTF-8 decode + extraction,
//! the same work `newswatch extract` does per file.

#[path = "../../../src/extract/eval.rs"]
mod eval;

use std::io::Read;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: extract-peers DATASET_DIR");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    let gt: serde_json::Value = match std::fs::read(dir.join("ground-truth.json"))
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("ground truth: {e}");
            std::process::exit(1);
        }
    };
    let mut ids: Vec<String> = gt
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    ids.sort();
    let files: Vec<(String, Vec<u8>)> = ids
        .iter()
        .filter_map(|id| {
            std::fs::read(dir.join("html").join(format!("{id}.html.gz")))
                .ok()
                .map(|b| (id.clone(), b))
        })
        .collect();
    let start = Instant::now();
    let mut outputs = Vec::with_capacity(files.len());
    for (id, gz) in &files {
        let mut bytes = Vec::new();
        if flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut bytes)
            .is_err()
        {
            outputs.push((id.clone(), String::new()));
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let text = dom_smoothie::Readability::new(html.as_ref(), None, None)
            .ok()
            .and_then(|mut r| r.parse().ok())
            .map(|a| a.text_content.to_string())
            .unwrap_or_default();
        outputs.push((id.clone(), text));
    }
    let secs = start.elapsed().as_secs_f64();
    let pairs: Vec<(String, String, String)> = outputs
        .into_iter()
        .map(|(id, text)| {
            let truth = gt[&id]["articleBody"].as_str().unwrap_or("").to_string();
            (id, text, truth)
        })
        .collect();
    let r = eval::score(&pairs);
    println!(
        "dom_smoothie 0.19: pages {}  F1 {:.4} ± {:.4}  precision {:.4}  recall {:.4}  {:.1} pages/s (1 thread)",
        r.pages,
        r.f1,
        r.f1_std,
        r.precision,
        r.recall,
        files.len() as f64 / secs
    );
}
