//! Shared sample-data builders for the preview and benchmark examples.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use newswatch::digest::*;

pub const SEED: &str =
    include_str!("/work/main/src/digest/fixtures/seed-article-us-hamas-talks.txt");

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

pub fn seed_article() -> DigestArticle {
    let paras: Vec<&str> = SEED.lines().filter(|l| !l.trim().is_empty()).collect();
    let speakers = [
        ("Rachel Goodman", "a Middle East policy expert"),
        ("Amira Nasser", "a spokesperson for a leading NGO"),
        ("James Corbin", "White House Press Secretary"),
    ];
    let mut quotes = Vec::new();
    for (p, line) in paras.iter().enumerate() {
        if let (Some(s), Some(e)) = (line.find('“'), line.find('”')) {
            let (speaker, role) = speakers[quotes.len()];
            quotes.push(DigestQuote {
                text: line[s + 3..e].to_string(),
                speaker: Some(speaker.into()),
                role: Some(role.into()),
                paragraph: p,
                partial: false,
            });
        }
    }
    let snippet = "…U.S. officials recently confirmed that they have held direct talks with Hamas regarding the ongoing hostage situation in Gaza. This significant development marks a departure…".to_string();
    let hl = |w: &str| {
        let b = snippet.find(w).unwrap();
        let s = snippet[..b].chars().count();
        (s, s + w.chars().count())
    };
    DigestArticle {
        article_id: 1,
        title: "US confirms direct talks with Hamas over Gaza hostages".into(),
        url: "https://wire.example.net/2026/11/25/us-hamas-talks".into(),
        feed_name: "Example Wire".into(),
        published: Some(at("2026-11-25T15:05:00Z")),
        highlights: vec![hl("talks"), hl("hostage")],
        snippet,
        match_paragraphs: vec![0, 1],
        quotes,
        body_text: paras.join("\n\n"),
    }
}

pub fn sample_input() -> DigestInput {
    let seed = seed_article();
    let mut b = seed.clone();
    b.article_id = 2;
    b.feed_name = "Daily Courier".into();
    b.title = "Washington opens direct channel to Hamas".into();
    b.url = "https://courier.example.com/world/123?utm_source=rss".into();
    b.published = Some(at("2026-11-25T16:40:00Z"));
    b.body_text = b.body_text.replace("pivotal", "major");
    let mut c = seed.clone();
    c.article_id = 3;
    c.feed_name = "Metro Times".into();
    c.title = "What the Hamas talks mean".into();
    c.url = "https://metro.example.org/a/98765".into();
    c.published = Some(at("2026-11-25T18:10:00Z"));
    let truce = DigestArticle {
        article_id: 4,
        title: "Truce largely holds overnight as aid convoys prepare to move <live>".into(),
        url: "https://news.example.com/live/truce?fbclid=x".into(),
        feed_name: "BBC World".into(),
        published: Some(at("2026-11-26T05:45:00Z")),
        snippet: "Local officials said the ceasefire largely held overnight, with aid agencies preparing convoys for first light.".into(),
        highlights: vec![(25, 34)],
        match_paragraphs: vec![0],
        quotes: vec![DigestQuote {
            text: "For the first time in weeks, people slept through the night".into(),
            speaker: Some("Layla Haddad".into()),
            role: Some("a nurse in Khan Younis".into()),
            paragraph: 1,
            partial: false,
        }, DigestQuote {
            text: "fragile but real".into(),
            speaker: Some("UN Office for the Coordination of Humanitarian Affairs".into()),
            role: None,
            paragraph: 3,
            partial: true,
        }],
        body_text: "Different body".into(),
    };
    let cjk = DigestArticle {
        article_id: 5,
        title: "停火谈判在开罗恢复 — Cairo talks resume".into(),
        url: "https://zh.example.com/news/1".into(),
        feed_name: "中文新闻".into(),
        published: Some(at("2026-11-25T09:00:00Z")),
        snippet: "各方代表周三在开罗恢复停火谈判。".into(),
        highlights: vec![(9, 13)],
        match_paragraphs: vec![0],
        quotes: vec![],
        body_text: "另一篇文章".into(),
    };
    DigestInput {
        recipient: "analyst@example.org".into(),
        timezone: "Europe/London".into(),
        generated_at: at("2026-11-26T07:00:00Z"),
        period_start: Some(at("2026-11-25T07:00:00Z")),
        topics: vec![
            TopicSection {
                name: "Hostage negotiations".into(),
                articles: vec![seed.clone(), b, c],
            },
            TopicSection {
                name: "Ceasefire".into(),
                articles: vec![
                    seed,
                    truce,
                    cjk,
                    DigestArticle {
                        article_id: 6,
                        title: "استئناف محادثات وقف إطلاق النار في القاهرة".into(),
                        url: "https://ar.example.com/news/7".into(),
                        feed_name: "أخبار".into(),
                        published: Some(at("2026-11-25T11:00:00Z")),
                        snippet: "استأنف الوفدان محادثات وقف إطلاق النار يوم الأربعاء.".into(),
                        highlights: vec![(22, 25)],
                        match_paragraphs: vec![],
                        quotes: vec![],
                        body_text: String::new(),
                    },
                ],
            },
        ],
        failing_feeds: vec![FailingFeed {
            name: "Regional Gazette".into(),
            url: "https://gazette.example.com/rss.xml".into(),
            failing_since: at("2026-11-24T03:12:00Z"),
            last_error: "HTTP 503 Service Unavailable (12 attempts)".into(),
        }],
        list_id: "newswatch.example.org".into(),
    }
}

/// A large digest: `n` distinct articles spread over `topics` topics, each with a ~400-word body,
/// a highlighted snippet and three quotes; every 10th article is a syndicated copy of the one
/// before it (so dedup has work to do).
pub fn big_input(n: usize, topics: usize) -> DigestInput {
    let words: Vec<&str> = SEED.split_whitespace().collect();
    let mut state: u64 = 0x1234_5678;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let base = seed_article();
    let mut sections: Vec<TopicSection> = (0..topics)
        .map(|t| TopicSection {
            name: format!("Topic {t}"),
            articles: Vec::new(),
        })
        .collect();
    let mut prev_body = String::new();
    for i in 0..n {
        let body = if i % 10 == 9 {
            prev_body.replacen("the", "a", 1)
        } else {
            (0..400)
                .map(|_| words[(next() % words.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut a = base.clone();
        a.article_id = i as i64;
        a.title = format!("Article {i}: {}", body.chars().take(60).collect::<String>());
        a.url = format!("https://site{}.example.com/story/{i}", i % 37);
        a.feed_name = format!("Feed {}", i % 50);
        a.published =
            Some(at("2026-11-25T07:00:00Z") + Duration::seconds((next() % 86_400) as i64));
        prev_body = body.clone();
        a.body_text = body;
        sections[(i / 10) % topics].articles.push(a);
    }
    DigestInput {
        recipient: "analyst@example.org".into(),
        timezone: "America/New_York".into(),
        generated_at: at("2026-11-26T12:00:00Z"),
        period_start: Some(at("2026-11-25T12:00:00Z")),
        topics: sections,
        failing_feeds: vec![],
        list_id: "newswatch.example.org".into(),
    }
}
