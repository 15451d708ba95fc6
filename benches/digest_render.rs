//! Render time of a 1,000-article digest (5 topics, ~400-word bodies, 3 quotes each).
//! Run: cargo bench --bench digest_render
#[path = "common/digest_input.rs"]
mod common;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let input = common::big_input(1000, 5);
    let r = newswatch::digest::DigestRenderer::new()?;
    let warm = r.render(&input)?;
    let runs = 10;
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let d = r.render(&input)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(d.article_count, warm.article_count);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "1000 articles -> {} stories in {} topics; text {} KB, html {} KB; render median {:.1} ms, min {:.1} ms, max {:.1} ms over {runs} runs",
        warm.article_count,
        warm.topic_count,
        warm.text.len() / 1024,
        warm.html.len() / 1024,
        times[runs / 2],
        times[0],
        times[runs - 1]
    );
    // The same digest without bodies: what the templates and view model cost without dedup.
    let mut no_bodies = input.clone();
    for t in &mut no_bodies.topics {
        for a in &mut t.articles {
            a.body_text.clear();
        }
    }
    let t = Instant::now();
    for _ in 0..runs {
        r.render(&no_bodies)?;
    }
    println!(
        "same without bodies (no content dedup): mean {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0 / runs as f64
    );
    Ok(())
}
