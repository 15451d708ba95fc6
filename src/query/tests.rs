//! Behaviour tests of the query language, one group per row of DESIGN.md's "Topic query
//! language" table, the Unicode rules, explanations, the default config's topics on the seed
//! article, and the property test checking the compiled matcher against the reference evaluator.

use super::matcher::DocText;
use super::*;
use proptest::prelude::*;

const HOSTAGES: &str = "(hostage* OR captive* OR abduct* OR kidnap*) NEAR/20 (negotiat* OR talks OR deal OR release* OR swap OR exchange OR mediat*) -\"hostage to fortune\"";
const CEASEFIRE: &str = "ceasefire OR truce OR armistice OR \"cessation of hostilities\" OR (halt* NEAR/3 (fighting OR hostilities))";

fn doc<'a>(title: &'a str, body: &'a str) -> Document<'a> {
    Document {
        title,
        body,
        ..Document::default()
    }
}

fn matcher(queries: &[&str]) -> TopicMatcher {
    let topics = queries
        .iter()
        .enumerate()
        .map(|(i, q)| match Query::parse(q) {
            Ok(q) => (format!("t{i}"), q),
            Err(e) => panic!("query {q:?} does not parse: {e}"),
        })
        .collect();
    TopicMatcher::new(topics)
}

/// Whether `query` matches a document with this title and body.
fn hit(query: &str, title: &str, body: &str) -> bool {
    !matcher(&[query]).matches(&doc(title, body)).is_empty()
}

fn body_hit(query: &str, body: &str) -> bool {
    hit(query, "", body)
}

#[test]
fn term_any_inflection_case_and_accents() {
    assert!(body_hit("hostage", "Two HOSTAGES were freed."));
    assert!(body_hit("negotiations", "They negotiated for days."));
    assert!(body_hit("cafe", "Le Café de Flore"));
    assert!(body_hit("Café", "at the cafe"));
    assert!(!body_hit("hostage", "The host was aged."));
    assert!(!body_hit("hostage", "a hostel"));
}

#[test]
fn exact_term_is_not_stemmed_but_case_insensitive() {
    assert!(body_hit("=Hamas", "a HAMAS official"));
    assert!(body_hit("=talk", "a short talk"));
    assert!(!body_hit("=talk", "long talks"));
    assert!(body_hit("talk", "long talks"));
}

#[test]
fn wildcards() {
    assert!(body_hit("negotiat*", "negotiators met"));
    assert!(body_hit("negotiat*", "renewed negotiations"));
    assert!(!body_hit("negotiat*", "a negotiable price"));
    assert!(body_hit("wom?n", "two women"));
    assert!(body_hit("wom?n", "a woman"));
    assert!(!body_hit("wom?n", "a wombat"));
    assert_eq!(
        Query::parse("ne*").map(|_| ()).map_err(|e| e.to_string()),
        Err("wildcard needs at least 3 letters before * at column 1".into())
    );
}

#[test]
fn phrases_and_slop() {
    assert!(body_hit("\"white house\"", "The White House said."));
    assert!(!body_hit("\"white house\"", "a white and blue house"));
    assert!(!body_hit("\"white house\"", "house white"));
    assert!(!body_hit(
        "\"white house\"",
        "It was white. House prices rose."
    ));
    assert!(body_hit(
        "\"release hostages\"~3",
        "release of the two hostages"
    ));
    assert!(!body_hit(
        "\"release hostages\"~3",
        "release of all the many hostages"
    ));
    assert!(!body_hit("\"release hostages\"~3", "hostages release"));
    assert!(body_hit("\"release hostages\"", "they released hostages"));
}

#[test]
fn booleans_and_precedence() {
    assert!(body_hit("gaza AND talks", "talks on Gaza"));
    assert!(!body_hit("gaza AND talks", "talks on Sudan"));
    assert!(body_hit("gaza talks", "talks on Gaza"));
    assert!(body_hit("gaza OR sudan", "Sudan today"));
    assert!(body_hit("gaza AND NOT football", "Gaza news"));
    assert!(!body_hit("gaza AND NOT football", "Gaza football"));
    assert!(!body_hit("gaza -football", "Gaza football"));
    assert!(!body_hit("gaza NOT football", "Gaza football"));
    // NOT tightest, then AND, then OR: "a OR b c" is "a OR (b AND c)".
    assert!(body_hit("sudan OR gaza talks", "Sudan"));
    assert!(!body_hit("sudan OR gaza talks", "Gaza"));
    assert!(body_hit("(sudan OR gaza) talks", "Gaza talks"));
    assert!(!body_hit("(sudan OR gaza) talks", "Gaza"));
    assert!(body_hit("NOT gaza OR sudan", "Sudan and Gaza"));
}

#[test]
fn pure_not_matches_documents_without_the_term() {
    assert!(body_hit("NOT football", "Talks resumed."));
    assert!(!body_hit("NOT football", "Football resumed."));
    assert!(body_hit("-football", "Talks resumed."));
}

#[test]
fn proximity() {
    let body = "The hostage families met officials before the talks began.";
    assert!(body_hit("hostage NEAR/6 talks", body));
    assert!(!body_hit("hostage NEAR/5 talks", body));
    assert!(body_hit("talks NEAR/6 hostage", body));
    assert!(body_hit("hostage ONEAR/6 talks", body));
    assert!(!body_hit("talks ONEAR/6 hostage", body));
    assert!(body_hit(
        "\"hostage families\" NEAR/5 (talks OR deal)",
        body
    ));
    assert!(body_hit(
        "(captive* OR hostage*) NEAR/10 (negotiat* OR talks)",
        body
    ));
    assert!(!body_hit("(captive* OR sudan) NEAR/10 talks", body));
}

#[test]
fn same_sentence_and_paragraph() {
    let body = "Hostages were seen. Talks began later.\n\nA deal was signed.";
    assert!(!body_hit("hostages NEAR/s talks", body));
    assert!(body_hit("hostages NEAR/p talks", body));
    assert!(!body_hit("hostages NEAR/p deal", body));
    assert!(body_hit("talks NEAR/s later", body));
    // An abbreviation does not end the sentence.
    assert!(body_hit(
        "envoy NEAR/s talks",
        "The U.S. envoy joined talks."
    ));
}

#[test]
fn fields() {
    let d = Document {
        title: "Ceasefire holds in Gaza",
        body: "Lead paragraph about Sudan.\n\nLater paragraph about hostages.",
        url: Some("https://www.reuters.com/world/x"),
        feed: Some("BBC World"),
        author: Some("Jane Q. Doe"),
        language: Some("en-GB"),
    };
    let on = |q: &str| !matcher(&[q]).matches(&d).is_empty();
    assert!(on("title:ceasefire"));
    assert!(!on("title:sudan"));
    assert!(on("lead:sudan"));
    assert!(!on("lead:hostages"));
    assert!(on("hostages"));
    assert!(on("title:(gaza OR sudan)"));
    assert!(on("site:reuters.com"));
    assert!(on("site:www.reuters.com"));
    assert!(!on("site:euters.com"));
    assert!(!on("site:bbc.co.uk"));
    assert!(on("feed:\"BBC World\""));
    assert!(on("feed:bbc"));
    assert!(!on("feed:cnn"));
    assert!(on("author:doe"));
    assert!(on("lang:en"));
    assert!(on("lang:en-gb"));
    assert!(!on("lang:de"));
    assert!(on("ceasefire site:reuters.com -site:bbc.com"));
}

#[test]
fn hyphenated_and_joined_forms_meet() {
    for text in [
        "a ceasefire now",
        "a cease-fire now",
        "a cease fire now",
        "a Cease-Fires now",
    ] {
        assert!(body_hit("ceasefire", text), "ceasefire vs {text}");
        assert!(body_hit("cease-fire", text), "cease-fire vs {text}");
        assert!(body_hit("\"cease fire\"", text), "\"cease fire\" vs {text}");
    }
    assert!(!body_hit("ceasefire", "cease. Fire"));
    assert!(body_hit("\"ceasefire talks\"", "cease-fire talks"));
}

#[test]
fn unicode_rules() {
    // NFKC: full-width and ligatures.
    assert!(body_hit("hamas", "ＨＡＭＡＳ said"));
    assert!(body_hit("fighting", "ﬁghting continued"));
    // Curly apostrophes and possessives.
    assert!(body_hit("O'Brien", "Mr O’Brien spoke"));
    assert!(body_hit("=Hamas", "Hamas’s leaders"));
    // Diacritics ignored both ways, case folding beyond ASCII.
    assert!(body_hit("zelensky", "Zelénsky"));
    assert!(body_hit("Ελλάδα", "ΕΛΛΑΔΑ"));
    assert!(body_hit("strasse", "Straße"));
}

#[test]
fn document_language_picks_the_stemmer() {
    let d = |lang| Document {
        body: "Die Verhandlungen gehen weiter.",
        language: lang,
        ..Document::default()
    };
    let m = matcher(&["verhandlung"]);
    assert_eq!(m.matches(&d(Some("de"))).len(), 1);
    assert!(m.matches(&d(None)).is_empty());
}

#[test]
fn explanation_offsets_point_at_the_terms() {
    let title = "Gaza talks";
    let body = "“Quoted” intro.\n\nThe hostage négotiations continue with talks.";
    let m = matcher(&["hostage NEAR/5 (negotiation OR talks)"]);
    let r = m.matches(&doc(title, body));
    assert_eq!(r.len(), 1);
    let chars: Vec<char> = body.chars().collect();
    let found: Vec<(&str, String)> = r[0]
        .terms
        .iter()
        .map(|t| (t.term.as_str(), chars[t.start..t.end].iter().collect()))
        .collect();
    assert_eq!(
        found,
        [
            ("hostage", "hostage".to_string()),
            ("negotiation", "négotiations".into()),
            ("talks", "talks".into())
        ]
    );
    let snippet: Vec<char> = r[0].snippet.chars().collect();
    let lit: Vec<String> = r[0]
        .highlights
        .iter()
        .map(|&(s, e)| snippet[s..e].iter().collect())
        .collect();
    assert_eq!(lit, ["hostage", "négotiations", "talks"]);
    assert!(r[0].snippet.starts_with("The hostage"));
}

#[test]
fn title_hits_report_title_field() {
    let r = matcher(&["title:ceasefire"]).matches(&doc("A ceasefire", "Body text here."));
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].terms.len(), 1);
    assert_eq!(
        (
            r[0].terms[0].field.as_str(),
            r[0].terms[0].start,
            r[0].terms[0].end
        ),
        ("title", 2, 11)
    );
    assert_eq!(r[0].snippet, "Body text here.");
}

#[test]
fn results_follow_topic_order_and_skip_non_matching() {
    let m = matcher(&["sudan", "gaza", "NOT football", "talks"]);
    let names: Vec<String> = m
        .matches(&doc("", "Talks on Gaza."))
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["t1", "t2", "t3"]);
}

#[test]
fn default_topics_match_the_seed_article() {
    let body = include_str!("fixtures/seed.txt").replace('\n', "\n\n");
    let d = Document {
        title: "U.S. confirms direct talks with Hamas on hostages",
        body: &body,
        language: Some("en"),
        ..Document::default()
    };
    let m = TopicMatcher::new(vec![
        (
            "Hostage negotiations".into(),
            Query::parse(HOSTAGES).unwrap_or_else(|e| panic!("{e}")),
        ),
        (
            "Ceasefire".into(),
            Query::parse(CEASEFIRE).unwrap_or_else(|e| panic!("{e}")),
        ),
    ]);
    let r = m.matches(&d);
    let names: Vec<&str> = r.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Hostage negotiations", "Ceasefire"]);
    let chars: Vec<char> = body.chars().collect();
    for t in &r {
        assert!(!t.highlights.is_empty(), "{} has highlights", t.name);
        for h in &t.terms {
            if h.field == "body" {
                let w: String = chars[h.start..h.end].iter().collect();
                assert!(
                    !w.is_empty()
                        && w.chars()
                            .all(|c| c.is_alphanumeric() || c == '-' || c == ' '),
                    "{w}"
                );
            }
        }
        assert!(
            (100..=320).contains(&t.snippet.chars().count()),
            "{}",
            t.snippet
        );
    }
    // The noise guard: a figure of speech is not a hostage story.
    assert!(
        m.matches(&doc(
            "",
            "The budget is a hostage to fortune, the deal said."
        ))
        .iter()
        .all(|t| t.name != "Hostage negotiations")
    );
}

#[test]
fn hostile_inputs_stay_bounded() {
    let long_word = "a".repeat(100_000);
    let many = "hostage talks ".repeat(20_000);
    let m = matcher(&[
        "hostage NEAR/s talks",
        "aaa*",
        "\"hostage talks\"~5 NEAR/p talks",
    ]);
    let r = m.matches(&doc(&long_word, &many));
    assert_eq!(r.len(), 2);
}

// ---- property test: compiled matcher == reference evaluator ----

const VOCAB: &[&str] = &[
    "hostage",
    "hostages",
    "talks",
    "talk",
    "cease",
    "fire",
    "ceasefire",
    "fires",
    "deal",
    "release",
    "released",
    "white",
    "house",
    "gaza",
    "negotiations",
    "negotiate",
    "women",
    "woman",
    "the",
];
const SEPS: &[&str] = &[" ", " ", " ", ", ", ". ", "-", "\n\n", " — "];

fn leaf() -> impl Strategy<Value = String> {
    let w = || prop::sample::select(VOCAB);
    prop_oneof![
        w().prop_map(|w| w.to_string()),
        w().prop_map(|w| format!("={w}")),
        w().prop_filter("long", |w| w.len() >= 4)
            .prop_map(|w| format!("{}*", &w[..3 + w.len() % 2])),
        w().prop_filter("long", |w| w.len() >= 4)
            .prop_map(|w| format!("{}?{}", &w[..2], &w[3..])),
        (w(), w(), 0u32..3).prop_map(|(a, b, s)| if s == 0 {
            format!("\"{a} {b}\"")
        } else {
            format!("\"{a} {b}\"~{s}")
        }),
        (w(), w()).prop_map(|(a, b)| format!("{a}-{b}")),
        w().prop_map(|w| format!("title:{w}")),
        w().prop_map(|w| format!("lead:{w}")),
    ]
}

fn query() -> impl Strategy<Value = String> {
    leaf().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} AND {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} OR {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} {b})")),
            inner.clone().prop_map(|a| format!("NOT {a}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} -{b})")),
            (inner.clone(), inner.clone(), 0u32..6)
                .prop_map(|(a, b, n)| format!("({a} NEAR/{n} {b})")),
            (inner.clone(), inner.clone(), 0u32..6)
                .prop_map(|(a, b, n)| format!("({a} ONEAR/{n} {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} NEAR/s {b})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("({a} NEAR/p {b})")),
        ]
    })
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(VOCAB),
            prop::sample::select(SEPS),
            any::<bool>(),
        ),
        0..max,
    )
    .prop_map(|v| {
        let mut s = String::new();
        for (w, sep, cap) in v {
            if cap {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push_str(w);
            }
            s.push_str(sep);
        }
        s
    })
}

proptest! {
    // At least 600 cases; more with PROPTEST_CASES.
    #![proptest_config(ProptestConfig {
        cases: ProptestConfig::default().cases.max(600),
        ..ProptestConfig::default()
    })]
    #[test]
    fn compiled_matcher_agrees_with_reference(
        queries in prop::collection::vec(query(), 1..5),
        title in text(6),
        body in text(40),
        lang in prop::sample::select(vec![None, Some("en"), Some("de"), Some("fr-CA")]),
    ) {
        let parsed: Vec<(String, Query)> = queries
            .iter()
            .filter_map(|q| Query::parse(q).ok().map(|p| (q.clone(), p)))
            .collect();
        let m = TopicMatcher::new(parsed.clone());
        let d = Document { language: lang, ..doc(&title, &body) };
        let compiled = m.root_spans(&d);
        let text = DocText::new(&d);
        for ((q, p), got) in parsed.iter().zip(compiled) {
            let want = reference::eval(&p.root, &text);
            prop_assert_eq!(got, want, "query {}", q);
        }
        // Twice: the second run goes through the warm per-thread cache.
        let again = m.root_spans(&d);
        for ((_, p), got) in parsed.iter().zip(again) {
            prop_assert_eq!(got, reference::eval(&p.root, &text));
        }
    }
}

#[test]
fn documented_examples_parse_and_behave() {
    for q in [
        HOSTAGES,
        CEASEFIRE,
        "(\"Vladimir Putin\" OR =Putin) NEAR/s sanction* -(football OR olympic*)",
        "title:(OPEC OR \"oil cartel\") (site:reuters.com OR site:bloomberg.com)",
        "lead:(layoff* OR \"job cuts\" OR redundanc*) (Google OR Microsoft OR Amazon OR Meta) lang:en",
        "\"=US envoy*\"",
        "(site:reuters.com OR site:apnews.com) ceasefire",
        "lead:(hostage* NEAR/5 release*)",
    ] {
        assert!(Query::parse(q).is_ok(), "{q}");
    }
    assert!(body_hit("US", "the U.S. said"));
    assert!(body_hit("\"=US envoy*\"", "the U.S. envoys met"));
    assert!(body_hit(
        "(\"Vladimir Putin\" OR =Putin) NEAR/s sanction*",
        "Putin faces new sanctions."
    ));
    assert!(!body_hit(
        "(\"Vladimir Putin\" OR =Putin) NEAR/s sanction* -(football OR olympic*)",
        "Putin faces Olympic sanctions."
    ));
    assert!(hit(
        "title:(OPEC OR \"oil cartel\")",
        "The oil cartel meets",
        "Body."
    ));
    assert!(!hit(
        "title:(OPEC OR \"oil cartel\")",
        "Markets",
        "OPEC meets."
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    /// Hostile input: any query string parses or fails cleanly; any text is matched without
    /// panicking and every reported offset lies inside its field.
    #[test]
    fn arbitrary_input_never_panics(q in "\\PC{0,40}", body in "\\PC{0,300}", title in "\\PC{0,40}") {
        let _ = Query::parse(&q);
        let m = matcher(&["hostage* NEAR/3 talks", "NOT x", "\"a b\"~2 OR title:ca?e*"]);
        let body_len = body.chars().count();
        let title_len = title.chars().count();
        for t in m.matches(&doc(&title, &body)) {
            for h in &t.terms {
                let len = if h.field == "title" { title_len } else { body_len };
                prop_assert!(h.start < h.end && h.end <= len);
            }
            let sl = t.snippet.chars().count();
            prop_assert!(t.highlights.iter().all(|&(s, e)| s < e && e <= sl));
        }
    }
}

#[test]
fn matcher_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<TopicMatcher>();
    assert_send_sync::<Query>();
    let m = std::sync::Arc::new(matcher(&["gaza NEAR/3 talks"]));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let m = m.clone();
            std::thread::spawn(move || m.matches(&doc("", "Gaza peace talks resumed.")).len())
        })
        .collect();
    let counts: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap_or(0)).collect();
    assert_eq!(counts, [1, 1]);
}
