//! Tests of the digest renderer: what an analyst would check in the received email.

use super::super::model::TopicSection;
use super::*;

const SEED: &str = include_str!("../fixtures/seed-article-us-hamas-talks.txt");
const SEED_TITLE: &str = "US confirms direct talks with Hamas over hostages";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn paragraphs() -> Vec<&'static str> {
    SEED.lines().filter(|l| !l.trim().is_empty()).collect()
}

/// The seed article's quotes as the quote extractor reports them (text between curly quotes).
fn seed_quotes() -> Vec<DigestQuote> {
    let speakers = [
        ("Rachel Goodman", "a Middle East policy expert"),
        ("Amira Nasser", "a spokesperson for a leading NGO"),
        ("James Corbin", "White House Press Secretary"),
    ];
    let mut quotes = Vec::new();
    for (p, line) in paragraphs().iter().enumerate() {
        let mut rest = *line;
        while let Some(start) = rest.find('“') {
            let after = &rest[start + '“'.len_utf8()..];
            let Some(end) = after.find('”') else { break };
            let (speaker, role) = speakers[quotes.len()];
            quotes.push(DigestQuote {
                text: after[..end].to_string(),
                speaker: Some(speaker.to_string()),
                role: Some(role.to_string()),
                paragraph: p,
                partial: false,
            });
            rest = &after[end..];
        }
    }
    quotes
}

fn seed_article() -> DigestArticle {
    let paras = paragraphs();
    let snippet = paras[0].to_string();
    let highlight = |word: &str| {
        let byte = snippet.find(word).unwrap();
        let start = snippet[..byte].chars().count();
        (start, start + word.chars().count())
    };
    DigestArticle {
        article_id: 1,
        title: SEED_TITLE.to_string(),
        url: "https://news.example.com/world/us-hamas-talks?utm_source=rss".to_string(),
        feed_name: "Example World News".to_string(),
        published: Some(at("2026-11-25T18:30:00Z")),
        highlights: vec![highlight("talks"), highlight("hostage")],
        snippet,
        match_paragraphs: vec![0, 1],
        quotes: seed_quotes(),
        body_text: paras.join("\n\n"),
    }
}

fn input(topics: Vec<TopicSection>) -> DigestInput {
    DigestInput {
        recipient: "analyst@example.org".to_string(),
        timezone: "Europe/London".to_string(),
        generated_at: at("2026-11-26T07:00:00Z"),
        period_start: Some(at("2026-11-25T07:00:00Z")),
        topics,
        failing_feeds: vec![],
        list_id: "newswatch.example.org".to_string(),
    }
}

fn section(name: &str, articles: Vec<DigestArticle>) -> TopicSection {
    TopicSection {
        name: name.to_string(),
        articles,
    }
}

/// The text part with line wrapping undone, to check content regardless of where lines break.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn render(input: &DigestInput) -> RenderedDigest {
    DigestRenderer::new().unwrap().render(input).unwrap()
}

#[test]
fn seed_article_under_two_topics() {
    assert_eq!(seed_quotes().len(), 3);
    let d = render(&input(vec![
        section("Hostage negotiations", vec![seed_article()]),
        section("Ceasefire", vec![seed_article()]),
    ]));
    assert_eq!(d.article_count, 1);
    assert_eq!(d.topic_count, 2);
    assert_eq!(d.subject, "newswatch: 1 article in 2 topics — 26 Nov 2026");
    for part in [&d.text, &d.html] {
        assert!(part.contains("Hostage negotiations"), "{part}");
        assert!(part.contains("Ceasefire"));
        // Once per topic.
        assert_eq!(part.matches(SEED_TITLE).count(), 2, "{part}");
        assert!(part.contains("1 article in 2 topics"));
    }
    // Quotes with speakers and roles, in both parts.
    for q in seed_quotes() {
        let speaker = q.speaker.unwrap();
        let role = q.role.unwrap();
        assert!(
            flat(&d.text).contains(&format!("- {speaker} ({role}): “{}”", flat(&q.text))),
            "{speaker} missing in text:\n{}",
            d.text
        );
        assert_eq!(d.text.matches(&format!("{speaker} ({role})")).count(), 2);
        assert_eq!(
            d.html
                .matches(&format!("<strong>{speaker}</strong>"))
                .count(),
            2
        );
        assert!(d.html.contains(&format!("({role})")));
        // The quotes contain no characters HTML escaping changes, so they appear verbatim.
        assert!(
            d.html.contains(&format!("<em>“{}”</em>", q.text)),
            "{speaker} quote in html"
        );
    }
    // Published time in the recipient's zone, and the link without tracking removal (the
    // original URL is linked; only grouping uses the canonical one).
    assert!(
        d.text
            .contains("Example World News · 25 Nov 2026 18:30 GMT")
    );
    assert!(
        d.html
            .contains("href=\"https://news.example.com/world/us-hamas-talks?utm_source=rss\"")
    );
    // Highlights.
    assert!(
        flat(&d.text)
            .contains("direct *talks* with Hamas regarding the ongoing *hostage* situation")
    );
    assert!(d.html.contains(">talks</mark>"));
}

#[test]
fn wire_story_from_three_feeds_appears_once() {
    let base = seed_article();
    let mut a = base.clone();
    a.article_id = 10;
    a.feed_name = "Wire Service".to_string();
    a.url = "https://wire.example.net/2026/11/25/us-hamas".to_string();
    a.published = Some(at("2026-11-25T15:00:00Z"));
    let mut b = base.clone();
    b.article_id = 11;
    b.feed_name = "Daily Courier".to_string();
    b.title = "Washington opens direct channel to Hamas on hostages".to_string();
    b.url = "https://courier.example.com/news/world-12345".to_string();
    b.published = Some(at("2026-11-25T16:10:00Z"));
    b.body_text = base
        .body_text
        .replace("In a pivotal shift", "In a significant shift")
        .replace(
            "Reference: Source Article",
            "Additional reporting by staff.",
        );
    let mut c = base.clone();
    c.article_id = 12;
    c.feed_name = "Metro Times".to_string();
    c.title = "Hamas talks: what we know".to_string();
    c.url = "https://metro.example.org/a/98765?ref=rss".to_string();
    c.published = Some(at("2026-11-25T17:45:00Z"));
    c.body_text = base
        .body_text
        .replace("Many experts see", "Several analysts see")
        .replace(
            "Over 2 million residents",
            "More than two million residents",
        );
    let other = DigestArticle {
        article_id: 20,
        title: "Truce holds in the north".to_string(),
        url: "https://other.example.com/truce".to_string(),
        feed_name: "Other Feed".to_string(),
        published: Some(at("2026-11-25T20:00:00Z")),
        snippet: "The truce held overnight.".to_string(),
        highlights: vec![],
        match_paragraphs: vec![],
        quotes: vec![],
        body_text: "Completely different reporting about a truce in another region, \
                    with local officials describing calm streets, reopened markets and the \
                    return of displaced families to villages that were emptied during months \
                    of shelling, while aid convoys prepared to move at first light under \
                    supervision by international monitors stationed along the road."
            .to_string(),
    };
    let d = render(&input(vec![section("Ceasefire", vec![c, other, a, b])]));
    assert_eq!(d.article_count, 2, "{}", d.text);
    // The earliest report is the entry; the two others are listed.
    assert!(
        d.text.contains("Also in: Daily Courier, Metro Times"),
        "{}",
        d.text
    );
    assert_eq!(d.text.matches(SEED_TITLE).count(), 1);
    assert!(!d.text.contains("Washington opens direct channel"));
    assert!(!d.text.contains("Hamas talks: what we know"));
    assert!(d.text.contains("Wire Service · 25 Nov 2026 15:00 GMT"));
    assert!(d.html.contains("><bdi>Daily Courier</bdi></a>, <a href="));
    // Newest story first: the unrelated 20:00 story, then the wire story (15:00).
    let other_pos = d.text.find("Truce holds").unwrap();
    let wire_pos = d.text.find(SEED_TITLE).unwrap();
    assert!(other_pos < wire_pos);
}

#[test]
fn tracking_parameters_do_not_split_a_story() {
    let mut a = seed_article();
    a.body_text = "short".to_string();
    let mut b = a.clone();
    b.article_id = 2;
    b.feed_name = "Aggregator".to_string();
    b.url = "https://NEWS.example.com/world/us-hamas-talks?fbclid=zzz#top".to_string();
    let d = render(&input(vec![section("Ceasefire", vec![a, b])]));
    assert_eq!(d.article_count, 1);
    assert!(d.text.contains("Also in: Aggregator"));
}

#[test]
fn hostile_strings_are_escaped_and_intact() {
    let mut a = seed_article();
    a.title =
        "<script>alert(\"x\")</script> Talks & \"deal\"\nBcc: evil@example.com — 停火谈判 مفاوضات"
            .to_string();
    a.feed_name = "Feed <b>bold</b>".to_string();
    a.url = "javascript:alert(1)".to_string();
    a.snippet = "Hostage <img src=x onerror=alert(1)> deal & more".to_string();
    a.highlights = vec![(0, 7), (500, 900), (9, 3)];
    a.quotes = vec![DigestQuote {
        text: "We said \"no\" to <script>evil()</script> & 他们说".to_string(),
        speaker: Some("O'Brien \"The Voice\"".to_string()),
        role: Some("a <i>role</i>\r\nwith newline".to_string()),
        paragraph: 0,
        partial: false,
    }];
    let d = render(&input(vec![section("Ceasefire <T&C>", vec![a])]));
    let html = &d.html;
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>bold"));
    assert!(!html.contains("<i>role"));
    assert!(!html.contains("javascript:"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Talks &amp; &quot;deal&quot; Bcc: evil@example.com — 停火谈判 مفاوضات"));
    assert!(html.contains("Ceasefire &lt;T&amp;C&gt;"));
    assert!(
        html.contains("We said &quot;no&quot; to &lt;script&gt;evil()&lt;/script&gt; &amp; 他们说")
    );
    assert!(html.contains(
        "<mark style=\"background-color:#fde68a;color:#1f2933;padding:0 1px;\">Hostage</mark>"
    ));
    // The text part keeps the strings intact on one line each.
    let text = flat(&d.text);
    assert!(text.contains("<script>alert(\"x\")</script> Talks & \"deal\" Bcc:"));
    assert!(text.contains("停火谈判 مفاوضات"));
    assert!(text.contains("O'Brien \"The Voice\" (a <i>role</i> with newline): “We said \"no\""));
    assert!(!d.text.contains("javascript:"));
    assert!(!d.text.contains("\r"));
    // No external resources or scripts in the HTML.
    for tag in [
        "<img", "<link", "<style", " src=\"", "url(", "<iframe", "<object",
    ] {
        assert!(!html.contains(tag), "{tag}");
    }
}

#[test]
fn alert_subject_cannot_inject_headers() {
    let mut a = seed_article();
    a.title = "Breaking\r\nBcc: victim@example.com\n=?utf-8?b?SGk=?= <b>".to_string();
    let alert = AlertInput {
        recipient: "analyst@example.org".to_string(),
        timezone: "America/New_York".to_string(),
        generated_at: at("2026-11-26T12:00:00Z"),
        topic: "Hostage\nnegotiations".to_string(),
        article: a,
        list_id: "newswatch.example.org".to_string(),
    };
    let r = DigestRenderer::new().unwrap().render_alert(&alert).unwrap();
    assert!(!r.subject.contains('\n') && !r.subject.contains('\r'));
    assert!(!r.subject.contains("=?"));
    assert_eq!(
        r.subject,
        "newswatch alert: Hostage negotiations — Breaking Bcc: victim@example.com = ?utf-8?b?SGk= ?= <b>"
    );
    assert!(
        flat(&r.text).contains("Rachel Goodman (a Middle East policy expert): “This represents")
    );
    assert!(r.text.contains("25 Nov 2026 13:30 EST"), "{}", r.text);
    assert!(r.html.contains("&lt;b&gt;"));
    assert!(r.html.contains("<mark"));
}

#[test]
fn quotes_near_the_match_come_first_and_at_most_three() {
    let q = |text: &str, paragraph: usize, partial: bool| DigestQuote {
        text: text.to_string(),
        speaker: Some(format!("Speaker {paragraph}")),
        role: None,
        paragraph,
        partial,
    };
    let mut a = seed_article();
    a.match_paragraphs = vec![8];
    a.quotes = vec![
        q("far away quote", 0, false),
        q("next to the match", 9, false),
        q("a few words", 8, true),
        q("right at the match", 8, false),
        q("right at the match", 8, false),
        q("also far", 1, false),
        q("   ", 8, false),
    ];
    let d = render(&input(vec![section("Ceasefire", vec![a])]));
    let lines: Vec<&str> = d.text.lines().filter(|l| l.starts_with("  - ")).collect();
    assert_eq!(
        lines,
        vec![
            "  - Speaker 8: “right at the match”",
            "  - Speaker 8: “a few words”",
            "  - Speaker 9: “next to the match”",
        ]
    );
}

#[test]
fn empty_digest_says_so() {
    let d = render(&input(vec![section("Ceasefire", vec![])]));
    assert_eq!(d.article_count, 0);
    assert_eq!(d.topic_count, 0);
    assert_eq!(d.subject, "newswatch: no new articles — 26 Nov 2026");
    assert!(
        flat(&d.text).contains("No new articles matched your topics since 25 Nov 2026 07:00 GMT.")
    );
    assert!(d.html.contains("No new articles matched your topics"));
}

#[test]
fn failing_feeds_in_footer_and_local_times() {
    let mut inp = input(vec![section("Ceasefire", vec![seed_article()])]);
    inp.timezone = "America/New_York".to_string();
    inp.failing_feeds = vec![FailingFeed {
        name: "Broken Feed".to_string(),
        url: "https://broken.example.com/rss".to_string(),
        failing_since: at("2026-11-24T03:00:00Z"),
        last_error: "HTTP 500 <Internal Server Error>".to_string(),
    }];
    let d = render(&inp);
    assert!(d.text.contains("-- Feeds failing for over a day --"));
    assert!(
        d.text
            .contains("* Broken Feed: failing since 23 Nov 2026 22:00 EST")
    );
    assert!(
        d.text
            .contains("Last error: HTTP 500 <Internal Server Error>")
    );
    assert!(d.html.contains("HTTP 500 &lt;Internal Server Error&gt;"));
    assert!(
        d.text
            .contains("Example World News · 25 Nov 2026 13:30 EST")
    );
    assert!(d.text.contains("Times are in America/New_York."));
    // The subject date is the recipient's local date.
    inp.generated_at = at("2026-11-26T03:00:00Z");
    assert!(render(&inp).subject.ends_with("— 25 Nov 2026"));
}

#[test]
fn text_part_is_wrapped_for_reading() {
    let d = render(&input(vec![section("Ceasefire", vec![seed_article()])]));
    for line in d.text.lines() {
        // URLs are never broken; everything else fits the width.
        if !line.trim_start().starts_with("http") {
            assert!(line.chars().count() <= TEXT_WIDTH + 2, "too long: {line}");
        }
    }
}

#[test]
fn operator_templates_override_and_errors_name_the_template() {
    let dir = std::env::temp_dir().join(format!("newswatch-digest-tpl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("digest.txt"), "Custom: {{ summary }}").unwrap();
    let r = DigestRenderer::with_template_dir(&dir).unwrap();
    let d = r
        .render(&input(vec![section("Ceasefire", vec![seed_article()])]))
        .unwrap();
    assert_eq!(d.text, "Custom: 1 article in 1 topic");
    // The HTML part still comes from the built-in template.
    assert!(d.html.contains("<mark"));

    std::fs::write(dir.join("digest.html"), "line one\n{% for x in %}").unwrap();
    let err = DigestRenderer::with_template_dir(&dir).unwrap_err();
    assert!(err.to_string().contains("digest.html"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();

    assert!(matches!(
        DigestRenderer::with_template_dir(Path::new("/nonexistent/newswatch-templates")),
        Err(DigestError::TemplateDir(_))
    ));
}

#[test]
fn unknown_zone_falls_back_to_utc() {
    let mut inp = input(vec![section("Ceasefire", vec![seed_article()])]);
    inp.timezone = "Mars/Olympus".to_string();
    let d = render(&inp);
    assert!(d.text.contains("25 Nov 2026 18:30 UTC"), "{}", d.text);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn hostile_input_never_panics_or_injects(
        title in "\\PC{0,80}",
        snippet in "\\PC{0,120}",
        highlights in proptest::collection::vec((0usize..200, 0usize..200), 0..6),
        quote in "\\PC{0,60}",
        url in "\\PC{0,40}",
    ) {
        let mut a = seed_article();
        a.title = format!("<script>{title}");
        a.snippet = snippet;
        a.highlights = highlights;
        a.url = url;
        a.quotes[0].text = format!("{quote}<b onclick=x>");
        a.quotes[0].speaker = Some(format!("{title}\r\n"));
        let d = render(&input(vec![section("T", vec![a])]));
        proptest::prop_assert!(!d.html.contains("<script"));
        proptest::prop_assert!(!d.html.contains("<b onclick"));
        proptest::prop_assert!(!d.subject.contains('\n'));
        proptest::prop_assert_eq!(d.article_count, 1);
    }
}

#[test]
fn only_http_links_and_attribute_values_cannot_break_out() {
    let link = |url: &str| {
        let mut a = seed_article();
        a.url = url.to_string();
        render(&input(vec![section("T", vec![a])])).html
    };
    let html = link("https://e.example.com/q?a=1&b=\"x\" onmouseover=alert(1)");
    assert!(
        html.contains("href=\"https://e.example.com/q?a=1&amp;b=%22x%22%20onmouseover=alert(1)\""),
        "{html}"
    );
    for bad in [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:x",
        "/relative/path",
        "file:///etc/passwd",
    ] {
        let html = link(bad);
        assert!(
            !html.contains("href=\"javascript")
                && !html.contains("href=\"data")
                && !html.contains("href=\"file")
                && !html.contains("href=\"/relative")
                && !html.contains("href=\"vbscript"),
            "{bad}"
        );
        // The title is still shown, unlinked.
        assert!(html.contains(SEED_TITLE));
    }
}
