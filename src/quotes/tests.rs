//! Tests of the QuoteExtractor: one per form listed in issue 5, plus the seed article.

use super::*;

fn q(text: &str) -> Vec<Quote> {
    QuoteExtractor::new().extract(text)
}

#[test]
fn seed_article_has_exactly_three_attributed_quotes() {
    let text = include_str!("fixtures/seed.txt");
    let qs = q(text);
    let got: Vec<(Option<&str>, Option<&str>, Option<&str>)> = qs
        .iter()
        .map(|q| (q.speaker.as_deref(), q.role.as_deref(), q.cue.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("Rachel Goodman"),
                Some("a Middle East policy expert"),
                Some("explains")
            ),
            (
                Some("Amira Nasser"),
                Some("a spokesperson for a leading NGO"),
                Some("stated")
            ),
            (
                Some("James Corbin"),
                Some("White House Press Secretary"),
                Some("stated")
            ),
        ]
    );
    for quote in &qs {
        let s: String = text
            .chars()
            .skip(quote.start)
            .take(quote.end - quote.start)
            .collect();
        assert_eq!(s, quote.text);
        assert!(!quote.partial);
    }
    assert_eq!(qs[0].start, 1416);
    assert_eq!(qs[0].paragraph, 6);
}

/// (speaker, role) of each quote.
fn speakers_and_roles(qs: &[Quote]) -> Vec<(Option<&str>, Option<&str>)> {
    qs.iter()
        .map(|x| (x.speaker.as_deref(), x.role.as_deref()))
        .collect()
}

/// (speaker, cue) of each quote.
fn speakers_and_cues(qs: &[Quote]) -> Vec<(Option<&str>, Option<&str>)> {
    qs.iter()
        .map(|x| (x.speaker.as_deref(), x.cue.as_deref()))
        .collect()
}

/// The one quote of `text`, with (speaker, role, cue, partial).
fn only(text: &str) -> (String, Option<String>, Option<String>, Option<String>, bool) {
    let qs = q(text);
    assert_eq!(qs.len(), 1, "expected one quote in {text:?}, got {qs:?}");
    let x = &qs[0];
    (
        x.text.clone(),
        x.speaker.clone(),
        x.role.clone(),
        x.cue.clone(),
        x.partial,
    )
}

fn speakers(text: &str) -> Vec<(String, Option<String>)> {
    q(text).into_iter().map(|x| (x.text, x.speaker)).collect()
}

#[test]
fn cue_after_with_inversion() {
    let (t, s, r, c, _) = only("“We will not back down,” said Maria Lopez, the union's president.");
    assert_eq!(t, "We will not back down,");
    assert_eq!(s.as_deref(), Some("Maria Lopez"));
    assert_eq!(r.as_deref(), Some("the union's president"));
    assert_eq!(c.as_deref(), Some("said"));
}

#[test]
fn verb_phrases_are_no_roles_and_quantified_descriptions_are_whole() {
    let (_, s, r, _, _) = only(
        "The United Nations special envoy for Yemen, Ingrid Solberg, welcomed what she called \
         “a fragile but real opening.”",
    );
    assert_eq!((s.as_deref(), r), (Some("Ingrid Solberg"), None));
    let (_, s, r, _, _) =
        only("Intro.\n\n“Nothing is agreed,” said one of the sources, a regional diplomat.");
    assert_eq!((s, r.as_deref()), (None, Some("one of the sources")));
    // A participle that is an adjective still opens a role.
    let (_, _, r, _, _) = only("“It is time,” said Maria Lopez, a retired teacher.");
    assert_eq!(r.as_deref(), Some("a retired teacher"));
}

#[test]
fn sports_titles_are_roles() {
    let text = "Intro.\n\n“We played hard,” Rivermen coach Sam Brennan said. Rookie Jalen Price \
        added: “We will be back.”";
    let got: Vec<(Option<String>, Option<String>)> =
        q(text).into_iter().map(|x| (x.speaker, x.role)).collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        vec![
            (s("Sam Brennan"), s("Rivermen coach")),
            (s("Jalen Price"), s("Rookie"))
        ]
    );
}

#[test]
fn a_description_renamed_by_a_name_in_narrative_is_remembered_as_the_role() {
    let (_, s, r, _, _) = only(
        "Intro.\n\nClinton's campaign manager, Robby Mook, dismissed the remarks. “This is \
         what he does,” Mook told CNN.",
    );
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Robby Mook"), Some("Clinton's campaign manager"))
    );
    // A document is not the person whose role mentions it.
    let text = "The author of the book, Mitchell Zuckoff, spoke on Friday.\n\n\
        The book accuses Bob of treating the contractors like “Wal-Mart security guards.”";
    let qs = q(text);
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_ne!(qs[0].speaker.as_deref(), Some("Mitchell Zuckoff"));
}

#[test]
fn role_opening_on_an_employers_possessive() {
    let (_, s, r, _, _) =
        only("“We will build homes,” said Polly Neame, Shelter’s director of policy.");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Polly Neame"), Some("Shelter’s director of policy"))
    );
}

#[test]
fn cue_after_subject_first() {
    let (_, s, _, c, _) = only("“The vote is final,” Senator Tom Hale said on Monday.");
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Tom Hale"), Some("said"))
    );
}

#[test]
fn cue_before_with_colon() {
    let (t, s, _, c, _) = only("Governor Ann Price said: “We are ready for the storm.”");
    assert_eq!(t, "We are ready for the storm.");
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Ann Price"), Some("said"))
    );
}

#[test]
fn appositive_role_before_cue() {
    let (_, s, r, c, _) = only(
        "Amira Nasser, a spokesperson for a leading NGO, stated, “Civilians must be protected.”",
    );
    assert_eq!(s.as_deref(), Some("Amira Nasser"));
    assert_eq!(r.as_deref(), Some("a spokesperson for a leading NGO"));
    assert_eq!(c.as_deref(), Some("stated"));
}

#[test]
fn description_set_off_before_the_name_is_the_role() {
    let (_, s, r, _, _) =
        only("The foreign secretary, David Lammy, told MPs: “The suffering must end.”");
    assert_eq!(s.as_deref(), Some("David Lammy"));
    assert_eq!(r.as_deref(), Some("The foreign secretary"));
    // A time adjunct before the name is no description of the person.
    let (_, s, r, _, _) = only("The next day, David Lammy told MPs: “The suffering must end.”");
    assert_eq!((s.as_deref(), r), (Some("David Lammy"), None));
}

#[test]
fn british_single_quotes_are_quotation_marks() {
    let text = "Hostage talks resume in Cairo\n\n\
        ‘Every day that passes is a day too many,’ said Sarah Cohen, whose brother is held. \
        ‘We want them home now.’\n\n\
        Labour MP Jane Smith told the BBC: ‘The families’ suffering must end, and it won’t \
        end with another summit.’\n\n\
        ‘I told him, “Don’t give up hope,” and he hasn’t,’ Cohen said.\n\n\
        Officials called the plan ‘dead in the water’.\n\n\
        'We have been here before,' said Ahmed Khalil, an analyst in the ’90s.";
    let got: Vec<(String, Option<String>, Option<String>, bool)> = q(text)
        .into_iter()
        .map(|x| (x.text, x.speaker, x.role, x.partial))
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        vec![
            (
                "Every day that passes is a day too many,".into(),
                s("Sarah Cohen"),
                None,
                false
            ),
            (
                "We want them home now.".into(),
                s("Sarah Cohen"),
                None,
                false
            ),
            (
                "The families’ suffering must end, and it won’t end with another summit.".into(),
                s("Jane Smith"),
                s("Labour MP"),
                false
            ),
            (
                "I told him, “Don’t give up hope,” and he hasn’t,".into(),
                s("Sarah Cohen"),
                None,
                false
            ),
            ("dead in the water".into(), None, s("Officials"), true),
            (
                "We have been here before,".into(),
                s("Ahmed Khalil"),
                s("an analyst in the ’90s"),
                false
            ),
        ]
    );
}

#[test]
fn single_quotes_stay_nested_or_apostrophes_in_double_quoted_articles() {
    // Double marks quote here, so the single ones are a nested quote and apostrophes, and
    // `‘Crooked Hillary’` in narrative is no quotation of its own.
    let text = "“He told me ‘no’ twice,” said Ann Lee. The ‘Crooked Hillary’ line returned.\n\n\
        “The voters’ anger is real,” Lee added.";
    assert_eq!(
        speakers(text),
        vec![
            ("He told me ‘no’ twice,".into(), Some("Ann Lee".into())),
            ("The voters’ anger is real,".into(), Some("Ann Lee".into())),
        ]
    );
}

#[test]
fn according_to() {
    let (_, s, _, c, _) = only("According to John Reyes, “the bridge was never safe.”");
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("John Reyes"), Some("According to"))
    );
}

#[test]
fn told_an_outlet() {
    let (_, s, _, c, _) = only("“There is no deal yet,” Karen Holt told Reuters.");
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Karen Holt"), Some("told"))
    );
}

#[test]
fn split_quote_around_attribution() {
    let text = "Mayor Lena Ortiz spoke first. “First part,” she said. “Second part.”";
    assert_eq!(
        speakers(text),
        vec![
            ("First part,".to_string(), Some("Lena Ortiz".to_string())),
            ("Second part.".to_string(), Some("Lena Ortiz".to_string())),
        ]
    );
    // Split inside a sentence, the second half goes on in lowercase and is no partial quote.
    let qs = q(
        "Mayor Lena Ortiz spoke first. “He is a flight risk,” she said, “and he has \
        ties to people in other states.”",
    );
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(qs[1].speaker.as_deref(), Some("Lena Ortiz"));
    assert!(!qs[1].partial, "{qs:?}");
}

#[test]
fn full_set_of_reporting_verbs() {
    for cue in [
        "said",
        "told reporters",
        "added",
        "explained",
        "warned",
        "stated",
        "insisted",
        "wrote",
        "argued",
        "noted",
        "asked",
        "gloated",
        "muttered",
        "beamed",
    ] {
        let text = format!("“This plan will cost far more than anyone admits,” Paul Grant {cue}.");
        let (_, s, _, c, _) = only(&text);
        assert_eq!(s.as_deref(), Some("Paul Grant"), "cue {cue}");
        assert_eq!(c.as_deref(), cue.split(' ').next(), "cue {cue}");
    }
    // A cue verb after a conjunction and an honorific, before a colon.
    let (_, s, _, c, _) = only(
        "Chris Christie spoke.\n\nAnd Mr. Christie gloated: “I told you he wouldn't be ready.”",
    );
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Chris Christie"), Some("gloated"))
    );
}

#[test]
fn a_name_renaming_the_subject_before_a_copula_is_the_antecedent() {
    let text = "Kevin Guthrie, the director, said troops had been deployed.\n\n\
        Her neighbor, Tom Reed, was more sanguine. “We'll ride it out,” he said.";
    assert_eq!(
        speakers(text),
        vec![("We'll ride it out,".into(), Some("Tom Reed".into()))]
    );
}

#[test]
fn a_subject_after_an_opening_adjunct_is_the_antecedent() {
    let text = "Hillary Clinton spoke first.\n\n\
        “This is what he does,” campaign manager Robby Mook told CNN.\n\n\
        Speaking to reporters aboard her plane, Clinton herself was more measured. “I'm not \
        going to respond to every insult,” she said.";
    assert_eq!(
        speakers(text)[1],
        (
            "I'm not going to respond to every insult,".into(),
            Some("Hillary Clinton".into())
        )
    );
    let text = "Sanders's campaign was silent.\n\n\
        Asked about fraud, Michael Briggs, Sanders's spokesman, suggested sabotage.\n\n\
        “Most state parties tried to do a good job,” he said.";
    assert_eq!(speakers(text)[0].1.as_deref(), Some("Michael Briggs"));
}

#[test]
fn a_parenthetical_pronoun_is_not_the_name_its_sentence_opens_on() {
    let text = "Donald Trump spoke in Jackson. Sen. Tim Kaine went further.\n\n\
        Trump, he said, is “the most dangerous candidate in my lifetime.”";
    assert_eq!(speakers(text)[0].1.as_deref(), Some("Tim Kaine"));
}

#[test]
fn a_name_set_off_with_an_age_or_appositive_before_its_verb_is_the_antecedent() {
    for intro in [
        "Her husband, Walter Fenwick, 80, said he has never been able to nap.",
        "At the rally, her husband, Walter Fenwick, a family physician in nearby Chatsworth, \
         introduced her.",
        "One voter, Walter Fenwick, 35, showed up in a brown beret.",
    ] {
        let text = format!(
            "“Naps help,” said Howard Klein, a sleep researcher.\n\n{intro}\n\n\
             “I lie down and my mind just goes,” he said."
        );
        assert_eq!(
            speakers(&text)[1].1.as_deref(),
            Some("Walter Fenwick"),
            "{intro}"
        );
    }
}

#[test]
fn pronoun_resolves_to_last_fitting_person() {
    let text = "Dr. Rachel Goodman has studied the region for years.\n\
                Talks resumed on Monday after a pause.\n\
                “This is a pragmatic shift in policy,” she explained.";
    let (_, s, _, c, _) = only(text);
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Rachel Goodman"), Some("explained"))
    );
}

#[test]
fn surname_resolves_to_full_name() {
    let text = "Hillary Clinton spoke in Ohio on Tuesday.\n“We are going to win this state,” Clinton said.";
    assert_eq!(only(text).1.as_deref(), Some("Hillary Clinton"));
}

#[test]
fn definite_description_resolves_to_named_holder() {
    let text = "The company hired spokesperson Dana Wu last year.\n\
                “We do not comment on rumours about mergers,” the spokesperson said.";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Dana Wu"));
    assert_eq!(r.as_deref(), Some("the spokesperson"));
}

#[test]
fn title_before_name_is_the_role() {
    let (_, s, r, _, _) =
        only("White House Press Secretary James Corbin stated, “Our focus is the hostages.”");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("James Corbin"), Some("White House Press Secretary"))
    );
}

#[test]
fn multi_paragraph_quote_is_one_segment_per_paragraph() {
    let text = "Union leader Sam Price said: “We have waited long enough for this contract.\n\
                “Our members will not wait another year.”\nThe talks resume Friday.";
    let qs = q(text);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!((qs[0].paragraph, qs[1].paragraph), (0, 1));
    assert!(qs.iter().all(|x| x.speaker.as_deref() == Some("Sam Price")));
}

#[test]
fn all_kinds_of_marks() {
    let cases = [
        "“Curly marks work fine here,” Ann Lee said.",
        "\"Straight marks work fine here,\" Ann Lee said.",
        "''Doubled apostrophes work fine here,'' Ann Lee said.",
        "«Guillemets work fine here,» Ann Lee said.",
        "\u{FF02}Full-width marks work fine here,\u{FF02} Ann Lee said.",
        // A paragraph with a guillemet elsewhere is searched byte by byte: curly marks still
        // count there.
        "At the «Café», “curly marks work fine here,” Ann Lee said.",
        "”Wrong direction marks work fine here,” Ann Lee said.",
    ];
    for c in cases {
        let (t, s, _, _, _) = only(c);
        assert!(t.contains("work fine here"), "{c}");
        assert_eq!(s.as_deref(), Some("Ann Lee"), "{c}");
    }
}

#[test]
fn nested_single_quotes_stay_inside() {
    let (t, s, _, _, _) = only("“He told me ‘never again’ and left,” said Bo Kim.");
    assert_eq!(t, "He told me ‘never again’ and left,");
    assert_eq!(s.as_deref(), Some("Bo Kim"));
}

#[test]
fn unbalanced_marks_do_not_run_away() {
    let text = format!(
        "He said “this never closes {}\n“A real quote here,” Li Na said.",
        "word ".repeat(3000)
    );
    let qs = q(&text);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].text, "A real quote here,");
}

#[test]
fn partial_quote_in_reported_speech() {
    let (t, s, _, _, partial) =
        only("Senator Maya Ross called the plan \"beyond preposterous\" on Tuesday.");
    assert_eq!(t, "beyond preposterous");
    assert_eq!(s.as_deref(), Some("Maya Ross"));
    assert!(partial);
}

#[test]
fn a_sentence_after_an_abbreviation_ending_the_last_one_is_not_partial() {
    let text = "“I can't vote for him,” said Rachel Woolard, 20, of Jacksonville, Fla. “She \
        definitely has the stereotypical politician approach.”\n\n\
        “It’s a disgrace,” Rep. Ann Lee said in a post on X. “They should be ashamed.”";
    let qs = q(text);
    assert_eq!(qs.len(), 4, "{qs:?}");
    assert!(qs.iter().all(|q| !q.partial), "{qs:?}");
    // A nickname after initials is no sentence of its own.
    assert!(q("His campaign was represented by Gov. C.L. “Butch” Otter of Idaho.").is_empty());
}

#[test]
fn scare_quotes_and_titles_are_not_quotations() {
    assert!(q("Officials discussed the so-called \"deal\" for hours on end yesterday.").is_empty());
    assert!(q("He appeared on CBS's \"Face the Nation\" on Sunday morning.").is_empty());
    assert!(q("The film \"The Long Road Home\" opens in theaters next week.").is_empty());
}

#[test]
fn unnamed_source_has_no_speaker_but_a_role() {
    let (_, s, r, _, _) = only("“The talks are close to collapse,” a senior official said.");
    assert_eq!(s, None);
    assert_eq!(r.as_deref(), Some("a senior official"));
}

#[test]
fn unnamed_source_described_by_a_phrase_keeps_the_whole_description() {
    let quote = "“We will not pay for a wall that nobody in this country wants,”";
    for desc in [
        "a senior official in the ministry",
        "a spokesman for Hillary Clinton",
        "an aide to the governor",
        "a narrator in the Clinton ad",
        "a longtime consultant in the state",
        "a spokeswoman for the House Armed Services Committee",
    ] {
        let (_, s, r, c, _) = only(&format!("Intro.\n\n{quote} {desc} said."));
        assert_eq!(
            (s, r.as_deref(), c.as_deref()),
            (None, Some(desc), Some("said"))
        );
    }
    // Before the quote, and as the subject of a sentence the quote ends with a participle.
    let (_, s, r, _, _) =
        only("A spokesman for the ministry said: “The border will stay closed all week.”");
    assert_eq!(
        (s, r.as_deref()),
        (None, Some("A spokesman for the ministry"))
    );
    let (_, s, r, c, _) = only(
        "A spokeswoman for the committee emailed reporters with the text of the Defense Act, \
         arguing, “The text of the law says nothing of the kind.”",
    );
    assert_eq!(
        (s, r.as_deref(), c.as_deref()),
        (
            None,
            Some("A spokeswoman for the committee"),
            Some("arguing")
        )
    );
    // A description set off after a name is that person's role, not a second subject.
    let (_, s, r, _, _) = only(
        "Willie Minor, an actor in Dallas, who runs a small theater company, recalled that, \
         “I called all my lenders and creditors.”",
    );
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Willie Minor"), Some("an actor in Dallas"))
    );
}

#[test]
fn organisation_speaking() {
    let (_, s, _, _, _) = only("“The border will stay closed,” the ministry said in a statement.");
    assert_eq!(s.as_deref(), Some("the ministry"));
    let (_, s, _, _, _) = only("“We stand by our reporting,” The New York Times said.");
    assert_eq!(s.as_deref(), Some("The New York Times"));
    let (_, s, r, _, _) =
        only("Intro.\n\n“We are under pressure,” Hywel Dda University Health Board said.");
    assert_eq!(
        (s.as_deref(), r),
        (Some("Hywel Dda University Health Board"), None)
    );
    // Title words inside an organisation's name stay in it.
    let (_, s, r, _, _) =
        only("“Storm surge will be life-threatening,” the National Hurricane Center said.");
    assert_eq!(
        (s.as_deref(), r),
        (Some("the National Hurricane Center"), None)
    );
    // After a named person, `the union` and `the committee` are still the body speaking,
    // though their head words are also title words (`Union President Ann Lee`).
    let text = "“We want a deal,” said Sarah Cohen.\n\n\
        “Bring them home,” the union said. “Not yet,” the committee said.";
    assert_eq!(
        speakers(text),
        vec![
            ("We want a deal,".into(), Some("Sarah Cohen".into())),
            ("Bring them home,".into(), Some("the union".into())),
            ("Not yet,".into(), Some("the committee".into())),
        ]
    );
    // `her campaign` speaks for the woman named last, not for the last person.
    let text = "Hillary Clinton spoke first. Then Bernie Sanders spoke.\n\n\
        “It was a fine night,” her campaign said.";
    assert_eq!(
        speakers(text),
        vec![(
            "It was a fine night,".into(),
            Some("Hillary Clinton".into())
        )]
    );
}

#[test]
fn a_named_owners_office_or_campaign_speaks() {
    let text = "Colin Powell wrote to Hillary Clinton in 2009.\n\n\
        “At the time there was no equivalent to the system,” Powell’s office said.";
    assert_eq!(
        speakers(text),
        vec![(
            "At the time there was no equivalent to the system,".into(),
            Some("Powell’s office".into())
        )]
    );
    // Also as the subject a participle follows, and never a spokesperson whose role merely
    // mentions such a body.
    let text = "“Stop arming Taiwan,” foreign ministry spokesperson Mao Ning said.\n\n\
        Taiwan's defence ministry thanked Washington, saying the sale would help it \
        “maintain a sufficient self-defence capability.”";
    let qs = q(text);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(qs[1].speaker.as_deref(), Some("Taiwan's defence ministry"));
}

#[test]
fn quotes_in_title_or_caption_are_skipped() {
    let text = "Mayor Says “No More Delays” On Bridge\n\
                Photo: “Open it now,” reads a sign at the protest.\n\
                “We will open the bridge in May,” Mayor Ella Stone said on Friday.";
    let qs = q(text);
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Ella Stone"));
    assert_eq!(qs[0].paragraph, 2);
}

#[test]
fn paragraphs_split_on_blank_lines_or_lines() {
    assert_eq!(split_paragraphs("a\nb\n\nc\n").len(), 2);
    assert_eq!(split_paragraphs("a\nb\n  \nc").len(), 2);
    assert_eq!(split_paragraphs("a\nb\nc").len(), 3);
    let t = "  first  \n\n second";
    let ps = split_paragraphs(t);
    assert_eq!(&t[ps[0].clone()], "first");
    assert_eq!(&t[ps[1].clone()], "second");
}

#[test]
fn offsets_are_code_points_into_the_input() {
    let text = "Ünïcödé — “Grüße aus Köln,” sagte Jürgen Weiß, said Ana Gómez.";
    for x in q(text) {
        let s: String = text.chars().skip(x.start).take(x.end - x.start).collect();
        assert_eq!(s, x.text);
    }
}

/// Hostile input: random mixes of marks, multi-byte letters and newlines never panic and
/// always yield valid offsets.
#[test]
fn never_panics_on_random_input() {
    let alphabet: Vec<char> = "ab Z.,:;\n\"'“”‘’«»„—()Mr.é漢\u{2015}said he"
        .chars()
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..400 {
        let len = (seed % 300) as usize;
        let mut s = String::new();
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        let n = s.chars().count();
        for x in q(&s) {
            assert!(x.start <= x.end && x.end <= n);
            let t: String = s.chars().skip(x.start).take(x.end - x.start).collect();
            assert_eq!(t, x.text);
        }
    }
}

/// Many quotes in many paragraphs, and in one giant paragraph: all found, in linear time
/// (a quadratic step would make this test hang).
#[test]
fn large_input_is_handled() {
    let sentence = "“We need more time to finish the work,” Dana Lee said. He agreed.";
    let lines = format!("{sentence}\n").repeat(20_000);
    assert_eq!(q(&lines).len(), 20_000);
    let one_paragraph = format!("{sentence} ").repeat(20_000);
    let qs = q(&one_paragraph);
    assert_eq!(qs.len(), 20_000);
    assert!(qs.iter().all(|x| x.speaker.as_deref() == Some("Dana Lee")));
}

#[test]
fn hostile_marks_stay_bounded() {
    for text in [
        "“".repeat(50_000),
        "”".repeat(50_000),
        "\"".repeat(50_001),
        "''".repeat(30_001),
    ] {
        let qs = q(&text);
        assert!(qs.iter().all(|x| x.end - x.start <= 4000));
    }
}

#[test]
fn pronoun_prefers_the_subject_over_a_later_object() {
    let text = "Retired Army Gen. Norman Ham met Donald Trump in New York on Tuesday.\n\
                “We will rebuild the army,” he said.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Norman Ham"));
}

#[test]
fn pronoun_gender_learned_from_a_later_possessive() {
    // Nothing says whether Dinesh is a man's name; `his` in his own sentence does.
    let text = "After Glenn Beck asked the question, Dinesh D’Souza gave his answer.\n\
                “We should never confuse who we want to win with who is going to win,” he added.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Dinesh D’Souza"));
}

#[test]
fn role_noun_description_resolves_to_the_titled_person() {
    let text = "Sen. Bernie Sanders (I-Vt.) spoke in Iowa on Monday. Hillary Clinton was in Ohio.\n\
                “We have a lot of work to do,” the Vermont senator acknowledged.";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Bernie Sanders"));
    assert_eq!(r.as_deref(), Some("the Vermont senator"));
}

#[test]
fn participle_adjunct_takes_the_main_clause_subject() {
    let text = "Hours later, Donald Trump returned the compliment to Sheldon Adelson, telling \
                reporters, “He is an amazing man and a good friend.”";
    let (_, s, _, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Donald Trump"));
    assert_eq!(c.as_deref(), Some("telling"));
    let text = "Donald Trump spoke in Ohio. Later, Trump subsequently defended the incident, \
                calling the protester “a very obnoxious guy who was a troublemaker.”";
    let (_, s, _, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Donald Trump"));
    assert_eq!(c.as_deref(), Some("calling"));
}

#[test]
fn relative_clause_after_a_surname_keeps_the_speaker() {
    let text = "Michael Petrilli runs an education think tank.\n\
                Still, Petrilli, who thinks the administration overreached, called the new law \
                “much, much better” than the old one.";
    let (_, s, _, _, partial) = only(text);
    assert_eq!(s.as_deref(), Some("Michael Petrilli"));
    assert!(partial);
}

#[test]
fn sentence_subject_speaks_a_quote_without_a_reporting_verb() {
    let text = "Hillary Clinton has long opposed “a fantasy plan that will never pass Congress.”";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Hillary Clinton"));
}

#[test]
fn speaker_after_a_quote_and_a_clause() {
    let text = "Judge Mary Smith spoke at length on Monday.\n\
                “The sentence was far too lenient” for criminal behavior, she said.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Mary Smith"));
    let text = "Working-class whites “drew quite well” in the 2008 primary, said Ohio State \
                University professor Paul Beck.";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Paul Beck"));
    assert_eq!(r.as_deref(), Some("Ohio State University professor"));
}

#[test]
fn possessive_before_a_role_is_part_of_the_role() {
    let text = "“This is the first time a candidate has done this,” said Clinton’s top foreign \
                policy aide Jake Sullivan.";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Jake Sullivan"));
    assert_eq!(r.as_deref(), Some("Clinton’s top foreign policy aide"));
}

#[test]
fn a_document_speaks_for_whoever_issued_it() {
    let text = "Dr. Cook provided a written statement in response to the inquiries.\n\
                “After reviewing his email practices, the secretary believes it was a mistake,” \
                the statement said.";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Cook"));
    assert_eq!(r.as_deref(), Some("the statement"));
}

#[test]
fn sentence_final_partial_quote_keeps_the_speaker_before_it() {
    let text = "Donald Trump said Hillary Clinton “caused death.” Bernie Sanders called Trump a \
                “pathological liar.” Carly Fiorina said little.";
    assert_eq!(
        speakers(text),
        vec![
            (
                "caused death.".to_string(),
                Some("Donald Trump".to_string())
            ),
            (
                "pathological liar.".to_string(),
                Some("Bernie Sanders".to_string())
            ),
        ]
    );
}

#[test]
fn titles_of_works_with_subtitles_are_not_quotations() {
    assert!(
        q("Mr. Rubio said in his 2012 book, “An American Son: A Memoir of Exile,” that he wept.")
            .is_empty()
    );
    assert!(
        q("A collection from the cartoonist is called “Yuge!: 30 Years of Doonesbury on Trump.”")
            .is_empty()
    );
}

#[test]
fn name_modifiers_are_not_names() {
    // `Los Angeles-area` and `Obama-era` modify the noun after them; they neither name a
    // speaker nor stall the scan.
    let text = "Obama-era rules were dropped. Los Angeles-area Sanders supporter Jane Roe spoke.\n\
                “We are not going away,” she said.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Jane Roe"));
}

/// Speaker of the last quote of `text`.
fn last_speaker(text: &str) -> Option<String> {
    q(text).last().and_then(|x| x.speaker.clone())
}

#[test]
fn participle_after_a_prepositional_object_takes_the_subject_before_the_verb() {
    // `on Facebook` is the object of `on`; the subject is the titled name before the verb,
    // even though no clause subject is recognised (`campaign spokesman` is lowercase).
    let text = "Senate campaign spokesman Paul Dorsey replied on Facebook, calling the ad \
                “desperate” and “dishonest.”";
    let last = q(text).pop();
    assert_eq!(
        last.as_ref().and_then(|x| x.speaker.as_deref()),
        Some("Paul Dorsey")
    );
    assert_eq!(
        last.as_ref().and_then(|x| x.cue.as_deref()),
        Some("calling")
    );
}

#[test]
fn a_state_after_a_hometown_is_not_the_speaker() {
    let text = "“We have waited long enough,” Ruth Kellerman, 61, of Dayton, Ohio, said.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Ruth Kellerman"));
    // A person named after a title with `of` stays the speaker.
    let text = "The chairman of the Federal Reserve Board, Alan K. Morrow, said, \
                “Rates will stay low.”";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Alan K. Morrow"));
}

#[test]
fn pronoun_prefers_a_person_just_introduced_with_an_appositive() {
    let text = "Michael Dunn spoke first at the hearing.\n\n\
                The mood worried others, like Henry Albright, a senior fellow at a \
                policy institute, who watched from the gallery.\n\n\
                “Nobody is listening anymore,” he said.";
    assert_eq!(last_speaker(text).as_deref(), Some("Henry Albright"));
}

#[test]
fn pronoun_prefers_a_person_named_by_a_sentence_final_inverted_cue() {
    let text = "Robert Kane has led the polls all year.\n\n\
                Debates rarely move the numbers, said Martin Ellery.\n\n\
                “Voters have already made up their minds,” he wrote.";
    assert_eq!(last_speaker(text).as_deref(), Some("Martin Ellery"));
}

#[test]
fn a_dash_relative_clause_marks_the_name_as_a_subject() {
    let text = "Economist Laura Finch said the figures were weak.\n\n\
                The plan drew fire, with Diane Porter — who’s called for higher taxes — \
                leading the attack.\n\n\
                “It is a giveaway to the rich,” she said.";
    assert_eq!(last_speaker(text).as_deref(), Some("Diane Porter"));
}

#[test]
fn a_bare_surname_means_the_most_prominent_holder() {
    let text = "Donald Trump held a rally on Monday. Donald Trump spoke for an hour.\n\n\
                His son Eric Trump joined him on stage.\n\n\
                “We will win this state,” Trump said.";
    assert_eq!(last_speaker(text).as_deref(), Some("Donald Trump"));
}

#[test]
fn reflexives_and_weekdays_between_subject_and_cue_are_skipped() {
    let text = "Aides expected a quiet week. Kessler himself said the vote was \
                “a foregone conclusion.”";
    let last = q(text).pop();
    assert_eq!(
        last.as_ref().and_then(|x| x.speaker.as_deref()),
        Some("Kessler")
    );
    let text = "Party chairman Tom Vance met donors. Vance later Thursday told reporters \
                that the race was “far from over.”";
    let last = q(text).pop();
    assert_eq!(
        last.as_ref().and_then(|x| x.speaker.as_deref()),
        Some("Tom Vance")
    );
}

#[test]
fn geographic_features_are_not_pronoun_antecedents() {
    // The governor's first name gives no gender, so only the kind of name rules the sea out.
    let text = "Governor Tal Okafor toured the coast on Monday.\n\n\
                Coral Sea waters warmed again this year.\n\n\
                “We are running out of time,” he said.";
    assert_eq!(last_speaker(text).as_deref(), Some("Tal Okafor"));
}

#[test]
fn a_description_then_a_name_in_commas_after_a_quote() {
    let (_, s, role, _, _) =
        only("“We expected a close race,” the mayor's campaign manager, Lena Ford, said.");
    assert_eq!(s.as_deref(), Some("Lena Ford"));
    assert_eq!(role.as_deref(), Some("the mayor's campaign manager"));
    // A hometown and state before a relative clause are not the speaker either.
    let (_, s, _, _, _) = only(
        "“It scares me,” Ruth Kellerman, 61, of Dayton, Ohio, who was among those polled, said.",
    );
    assert_eq!(s.as_deref(), Some("Ruth Kellerman"));
    // A titled name after an opening adjunct is the subject, not a place.
    let text = "Worried by the protests in Ohio, Senator Carl Boone, the party leader, said \
                the governor faced a “test of nerve.”";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Carl Boone"));
}

#[test]
fn headline_gives_the_full_name_and_never_a_speaker_of_its_own() {
    // The headline's Title Case run is not a person called "Black Lawmakers Rip Donald Trump".
    let text = "Black Lawmakers Rip Donald Trump Over Birther Claims\n\
                The remarks came on Friday.\n\
                “I finished it,” Trump said.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Donald Trump"));
}

#[test]
fn continuation_paragraph_naming_its_own_speaker_is_a_new_quote() {
    // The first quote never closes; the next paragraph's quote names another speaker.
    let text = "“It’s a dog whistle,” Rep. Gwen Moore (D-Wis.) said Friday. “If indeed he is not \
                legitimate, how can you feel good about yourself.\n\
                “I have been doing a lot of thinking,” added Rep. Jim Clyburn (D-S.C.), the \
                assistant leader of the Democratic caucus.";
    let qs = q(text);
    let last = qs.last().expect("quotes");
    assert!(last.text.starts_with("I have been"), "{qs:?}");
    assert_eq!(last.speaker.as_deref(), Some("Jim Clyburn"));
}

#[test]
fn possessed_cue_noun_yields_to_the_verb_before_it() {
    let text = "Minyon Moore, a senior adviser to the Clinton campaign, called Mr. Obama's \
                remarks on Saturday “a true wake-up call” to his supporters.";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Minyon Moore"));
    assert_eq!(
        r.as_deref(),
        Some("a senior adviser to the Clinton campaign")
    );
}

#[test]
fn possessive_speaker_is_named_without_the_possessive() {
    let text = "Donald Trump’s campaign was in Ohio.\n\
                Politifact examined Trump’s claim that there had been “thousands of shootings” \
                in Chicago.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Donald Trump"));
}

#[test]
fn subject_after_a_sentence_adverb_or_as_keeps_its_appositive() {
    let text = "As Steven M. Rosenthal, a tax lawyer at the Urban-Brookings Tax Policy Center, \
                recently put it, “Did he lower his taxes through legal tax avoidance?”";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Steven M. Rosenthal"));
    assert_eq!(
        r.as_deref(),
        Some("a tax lawyer at the Urban-Brookings Tax Policy Center")
    );
    let text = "Even China, Pyongyang's only ally, said it was “resolutely opposed” to the test.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("China"));
}

#[test]
fn participle_cue_after_an_appositive_subject() {
    let text = "Dean, a former party chairman, poked at the candidate during the debate, \
                tweeting, “Notice him sniffing all the time.”";
    let (_, s, r, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Dean"));
    assert_eq!(r.as_deref(), Some("a former party chairman"));
    assert_eq!(c.as_deref(), Some("tweeting"));
}

#[test]
fn a_colon_attribution_belongs_to_the_next_quote() {
    let text = "''We are refugees,'' Ms. Alawee said. ''We are not terrorists.'' Mr. Zahed said: \
                ''The attack that happened today is the work of terrorists.''";
    let qs = q(text);
    let who: Vec<Option<&str>> = qs.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(
        who,
        vec![Some("Alawee"), Some("Alawee"), Some("Zahed")],
        "{qs:?}"
    );
}

#[test]
fn missing_space_after_a_period_still_ends_the_sentence() {
    let text = "“The Chinese have complete control over North Korea,” Trump said.Trump claimed \
                that he learned this from business people.";
    let (_, s, _, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Trump"));
    assert_eq!(c.as_deref(), Some("said"));
}

#[test]
fn adjuncts_after_an_inverted_cue_do_not_make_a_new_statement() {
    let text = "Trump held a news conference.\n\
                \"You think I'm going to change?\" Trump asked reporters rhetorically during a \
                news conference late last month. \"I'm not changing.\"";
    let qs = q(text);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert!(
        qs.iter().all(|q| q.speaker.as_deref() == Some("Trump")),
        "{qs:?}"
    );
}

#[test]
fn office_with_of_in_its_title_is_a_role() {
    let text = "Former Secretary of State Madeleine Albright urged women to vote for Hillary \
                Clinton, saying “there is a special place in hell for women who don't help each \
                other.”";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Madeleine Albright"));
    assert_eq!(r.as_deref(), Some("Former Secretary of State"));
    // Right before the cue, after the quote or before it.
    let (_, s, r, _, _) =
        only("Intro.\n\n“We are not there yet,” Secretary of State Antony Blinken said.");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Antony Blinken"), Some("Secretary of State"))
    );
    let (_, s, r, _, _) =
        only("U.S. Secretary of State Antony Blinken said: “We are not there yet.”");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Antony Blinken"), Some("U.S. Secretary of State"))
    );
    let (_, s, r, _, _) =
        only("UN Secretary-General António Guterres said, “The situation is intolerable.”");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("António Guterres"), Some("UN Secretary-General"))
    );
}

#[test]
fn a_title_does_not_fall_back_to_someone_holding_another_office() {
    let text = "Intro.\n\n“It’s a disgrace,” Rep. Alexandria Ocasio-Cortez said.\n\n\
        The president, speaking at a rally in Pennsylvania, said: “I will never stop fighting \
        for you.”";
    let qs = q(text);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(qs[1].speaker, None);
    assert_eq!(qs[1].role.as_deref(), Some("The president"));
    // With no office known, the last person named is still the best guess, and a former
    // office may be anyone's.
    let text = "Intro.\n\n“It’s a disgrace,” Rep. Chris Murphy said.\n\n\
        “It is a litmus test,” the former senator said.";
    assert_eq!(q(text)[1].speaker.as_deref(), Some("Chris Murphy"));
}

#[test]
fn employer_and_role_word_before_a_full_name_after_an_inverted_cue() {
    let (_, s, r, _, _) = only(
        "Intro.\n\n“The market has already priced this in,” said Goldman Sachs economist Jan \
         Hatzius in a note to clients.",
    );
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Jan Hatzius"), Some("Goldman Sachs economist"))
    );
    let (_, s, r, _, _) =
        only("Intro.\n\n“It’s an incremental update,” said Dan Ives of Wedbush Securities.");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Dan Ives"), Some("of Wedbush Securities"))
    );
    // A home town is no employer, and a title already found stays the role.
    let (_, _, r, _, _) = only("Intro.\n\n“It’s time,” said Patricia Moran of Cheyenne.");
    assert_eq!(r, None);
    let (_, _, r, _, _) = only("Intro.\n\n“It’s time,” said Sen. Tom Carper of Delaware.");
    assert_eq!(r.as_deref(), Some("Sen."));
    let (_, s, r, _, _) =
        only("Intro.\n\n“I can't vote for Trump,” said Concord resident Whit Symms.");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Whit Symms"), Some("Concord resident"))
    );
}

#[test]
fn a_description_right_after_the_cue_and_before_a_partial_quote_is_not_the_speaker() {
    // `said the island “…”`: the island is the subject of the reported clause.
    let (_, s, r, _, _) = only(
        "Intro.\n\nA Taiwanese official, speaking on condition of anonymity, said the island \
         “will not be intimidated.”",
    );
    assert_eq!((s, r.as_deref()), (None, Some("A Taiwanese official")));
    let (_, s, _, _, _) = only(
        "Intro.\n\nAnother critic, Laurence H. Tribe, likened the rules to “burning the \
         Constitution.”",
    );
    assert_eq!(s.as_deref(), Some("Laurence H. Tribe"));
    // Set off by a comma, it is an inverted subject.
    let (_, s, r, _, _) = only("Intro.\n\nAs the crowd left, said the official, “It is over.”");
    assert_eq!((s, r.as_deref()), (None, Some("the official")));
}

#[test]
fn an_organisation_with_a_relative_clause_speaks_unless_the_clause_has_its_own_subject() {
    let text = "“We will build homes,” said Rebecca Okafor.\n\n\
        The Downtown Maplewood Business Association, which represents about 120 merchants, \
        said in a statement that it was “disappointed but ready to work with the city.”";
    assert_eq!(
        speakers(text)[1].1.as_deref(),
        Some("The Downtown Maplewood Business Association")
    );
    let text = "Donald Trump spoke in Ohio. Trump said the countries should be “working \
        beautifully together.”\n\n\
        And the North American Free Trade Agreement, which Trump had called a “disaster” and \
        promised to “rip up”?";
    assert_eq!(speakers(text)[1].1.as_deref(), Some("Donald Trump"));
    // An adjunct after the name is no role.
    let (_, _, r, _, _) =
        only("Intro.\n\n“We are fine,” said Mike Lowe, in a brief interview on Saturday.");
    assert_eq!(r, None);
}

#[test]
fn descriptions_with_a_quantifier_or_a_day_still_attribute() {
    let (_, s, r, _, _) = only(
        "Intro.\n\n“I was bleeding and they told me to wait,” one of the women, Amanda \
         Zurawski, told reporters last year.",
    );
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Amanda Zurawski"), Some("one of the women"))
    );
    let (_, s, r, _, partial) = only(
        "Intro.\n\nA state judge on Friday blocked the law from taking effect, calling it \
         “unconstitutionally vague.”",
    );
    assert_eq!(
        (s, r.as_deref(), partial),
        (None, Some("A state judge"), true)
    );
}

#[test]
fn an_age_after_the_name_is_not_the_role() {
    let (_, s, r, _, _) = only(
        "Intro.\n\n“I've never seen it like this,” said Maria Lopez, 58, as she loaded \
         sandbags into her car.",
    );
    assert_eq!((s.as_deref(), r), (Some("Maria Lopez"), None));
    let (_, _, r, _, _) =
        only("Intro.\n\n“I've never seen it like this,” said Maria Lopez, 58, a retired teacher.");
    assert_eq!(r.as_deref(), Some("a retired teacher"));
}

#[test]
fn a_surname_that_is_also_a_place_after_a_first_name_names_a_person() {
    let text = "Raj Patel puts it more bluntly: “We got lucky.”\n\n\
        “The chemistry is promising,” says Linda Park — an analyst at BloombergNEF.\n\n\
        “Can they do it? Maybe,” she says.";
    let qs = q(text);
    assert_eq!(qs.len(), 3, "{qs:?}");
    assert_eq!(qs[1].role.as_deref(), Some("an analyst at BloombergNEF"));
    assert_eq!(qs[2].speaker.as_deref(), Some("Linda Park"));
}

#[test]
fn a_surname_that_is_a_place_word_resolves_to_the_person_named() {
    let text = "Intro.\n\n“It is bad,” Police Chief Marcus Hill said. “Very bad,” Hill added.\n\n\
        Rep. Steve Israel spoke next.\n\n“Worse,” Israel said.";
    let got: Vec<Option<String>> = q(text).into_iter().map(|x| x.speaker).collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        vec![s("Marcus Hill"), s("Marcus Hill"), s("Steve Israel")]
    );
}

#[test]
fn a_first_name_that_is_also_a_place_names_a_person() {
    let text = "“Competition is good for consumers,” said Carolina Milanesi, an analyst with \
        Creative Strategies. She added that “prices are what will matter most.”";
    assert_eq!(
        speakers(text),
        vec![
            (
                "Competition is good for consumers,".into(),
                Some("Carolina Milanesi".into())
            ),
            (
                "prices are what will matter most.".into(),
                Some("Carolina Milanesi".into())
            ),
        ]
    );
}

#[test]
fn names_with_lowercase_particles_are_whole() {
    let text = "Intro.\n\n\
        “We are making progress,” Qatari spokesman Majed al-Ansari told reporters.\n\n\
        “We are not done,” al-Ansari said.\n\n\
        “Nothing is agreed,” said European Commission President Ursula von der Leyen.\n\n\
        “We have to look at ourselves,” said Manchester United manager Erik ten Hag.";
    assert_eq!(
        speakers(text),
        vec![
            (
                "We are making progress,".into(),
                Some("Majed al-Ansari".into())
            ),
            ("We are not done,".into(), Some("Majed al-Ansari".into())),
            (
                "Nothing is agreed,".into(),
                Some("Ursula von der Leyen".into())
            ),
            (
                "We have to look at ourselves,".into(),
                Some("Erik ten Hag".into())
            ),
        ]
    );
}

#[test]
fn a_surname_with_its_particle_resolves_to_the_full_name() {
    let text = "Farmers protested, whose leader Bart de Wit addressed the crowd.\n\n\
        “We will not stop,” de Wit said.\n\n“Never,” De Wit said later. “We will win,” said \
        Prime Minister Joris van der Meulen. “Soon,” van der Meulen added.\n\n\
        “Enough,” said Dr Catrin ap Rhys.";
    let got: Vec<Option<String>> = q(text).into_iter().map(|x| x.speaker).collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        vec![
            s("Bart de Wit"),
            s("Bart de Wit"),
            s("Joris van der Meulen"),
            s("Joris van der Meulen"),
            s("Catrin ap Rhys"),
        ]
    );
}

#[test]
fn attribution_ending_in_a_participle_and_colon_serves_both_quotes() {
    let text = "Antony Blinken arrived on Monday.\n\n\
        “This is a moment of truth,” Blinken told a news conference, adding: “Now is the time \
        to get it done.”";
    let got: Vec<(String, Option<String>, Option<String>)> = q(text)
        .into_iter()
        .map(|x| (x.text, x.speaker, x.cue))
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        vec![
            (
                "This is a moment of truth,".into(),
                s("Antony Blinken"),
                s("told")
            ),
            (
                "Now is the time to get it done.".into(),
                s("Antony Blinken"),
                s("adding")
            ),
        ]
    );
}

#[test]
fn capitalised_group_with_a_phrase_is_an_unnamed_source() {
    let (_, s, r, _, _) = only(
        "Families of the hostages, who rallied in Tel Aviv, said in a statement: “Time is \
         running out.”",
    );
    assert_eq!((s, r.as_deref()), (None, Some("Families of the hostages")));
}

#[test]
fn document_speaks_for_its_issuer() {
    // The issuer named in the description, by acronym of a name seen before.
    let text = "The International Monetary Fund cut its forecast on Tuesday.\n\
                \"The ultimate impact remains very unclear,\" the IMF report stated.";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("International Monetary Fund"));
    assert_eq!(r.as_deref(), Some("the IMF report"));
    // The issuer named before an earlier mention of the document.
    let text = "Sanders cited a New York Times article about the 1990s.\n\
                “Business leaders honored Donald J. Trump yesterday,” the article read.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("New York Times"));
}

#[test]
fn a_document_word_inside_a_name_names_no_issuer() {
    let text = "Officials use the American Community Survey every year.\n\
                The survey asks whether anyone in the house has “difficulty remembering, \
                concentrating or making decisions.”";
    let qs = q(text);
    assert!(
        qs.iter()
            .all(|q| q.speaker.as_deref() != Some("American Community")),
        "{qs:?}"
    );
}

#[test]
fn title_cased_headline_ending_in_a_period_is_still_a_headline() {
    let text = "The Email That Makes Benghazi Look Way Worse Was Just Released.\n\
                Officials hid this compelling Benghazi email for years.\n\
                The email appears to contradict comments that “time, distance, the lack of an \
                adequate warning” prevented a response.";
    let qs = q(text);
    assert!(
        qs.iter()
            .all(|q| !q.speaker.as_deref().unwrap_or("").contains("Makes")),
        "{qs:?}"
    );
}

#[test]
fn a_first_name_of_either_gender_takes_she() {
    let text = "“If this bill were to enter into force, we are at risk,” White House Press \
                Secretary Josh Earnest said.\n\
                “They are 100 percent wrong,” said 9/11 widow Terry Strada.\n\
                She continued, “For us, all we are asking for is an opportunity to have our case \
                heard in a courtroom.”";
    let qs = q(text);
    assert_eq!(qs.len(), 3, "{qs:?}");
    assert_eq!(qs[2].speaker.as_deref(), Some("Terry Strada"));
}

#[test]
fn a_quote_after_a_title_takes_the_previous_sentence_subject() {
    let text = "Mike Pence spoke on another show.\n\
                On “Face the Nation,” Sen. Bernie Sanders (Vt.), who lost the primaries to \
                Clinton, identified young voters' exhaustion with bigotry as a reason. “The \
                younger people are more than any generation in American history anti-racist.”";
    let qs = q(text);
    let last = qs.last().expect("a quote");
    assert!(last.text.starts_with("The younger"), "{qs:?}");
    assert_eq!(last.speaker.as_deref(), Some("Bernie Sanders"));
}

#[test]
fn pronoun_skips_possessors_and_embedded_subjects() {
    // `Mr. Trump's threats` does not make Trump a subject.
    let text = "The minister of the economy, Mr. Guajardo Villarreal, argues there is little \
                point in responding to Mr. Trump's threats to wall off the Mexican people. \
                ''We must not overreact to campaign rhetoric,'' he told me.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Guajardo Villarreal"));
    // `he does believe McConnell is correct`: McConnell is not who goes on speaking.
    let text = "“Our assumption is that the veto will be overridden,” Senate Majority Leader \
                Mitch McConnell said Tuesday.\n\
                House Speaker Paul Ryan said the victims need their day in court, and he does \
                believe McConnell is correct about the override.\n\
                “I do think the votes are there for the override,” he said.";
    let qs = q(text);
    assert_eq!(
        qs.last().and_then(|q| q.speaker.as_deref()),
        Some("Paul Ryan"),
        "{qs:?}"
    );
}

#[test]
fn a_name_after_its_employers_possessive_is_introduced_by_the_cue() {
    let text = "Sean Spicer said the debates matter.\n\
                Debates rarely move the polls, noted NBC's Dante Chinni. “By the time those \
                candidates hit the stage most voters have seen and heard a lot,” he wrote.";
    let qs = q(text);
    assert_eq!(
        qs.last().and_then(|q| q.speaker.as_deref()),
        Some("Dante Chinni"),
        "{qs:?}"
    );
}

#[test]
fn quote_right_after_its_cue_verb_ignores_the_next_sentence() {
    let text = "Charlotte Mayor Jennifer Roberts said Friday that she thinks the video should \
                be released but said \"the question is the timing.\" Gov. Pat McCrory (R) said \
                it would be improper to comment.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Jennifer Roberts"));
}

#[test]
fn a_subject_before_was_is_a_subject() {
    let text = "“That's not accepting responsibility,” Senator Merkley said.\n\
                In a statement issued Tuesday morning, presidential nominee Hillary Clinton was \
                more circumspect. Though she called the bank's behavior “outrageous,” she made \
                no promises.";
    let qs = q(text);
    assert_eq!(
        qs.last().and_then(|q| q.speaker.as_deref()),
        Some("Hillary Clinton"),
        "{qs:?}"
    );
}

#[test]
fn a_partial_quote_nobody_says_is_not_reported() {
    let text = "The Post sent its “national enterprise reporter” to a rally in Ohio.";
    assert!(q(text).is_empty(), "{:?}", q(text));
}

#[test]
fn paragraphs_continuing_a_transcript_are_not_quotations() {
    let text = "Pence spoke to Fox News on Sunday.\n\
                \"PENCE: Donald Trump’s not about that. He’s going to focus on the issues.\n\
                \"WALLACE: Governor, I don’t want to interrupt.\n\
                \"Follow Pam Key on Twitter @pamkeyNEN.\"";
    assert!(q(text).is_empty(), "{:?}", q(text));
}

#[test]
fn a_closing_glyph_opening_a_paragraph_opens_a_quote() {
    let text = "President Barack Obama spoke at a town hall.\n\
                ” … what I learned from listening to some of these families is that the words \
                matter,” he said.";
    let (t, s, _, _, _) = only(text);
    assert!(t.trim_start().starts_with("… what I learned"), "{t}");
    assert_eq!(s.as_deref(), Some("Barack Obama"));
}

#[test]
fn a_short_quote_after_a_colon_takes_the_clause_subject() {
    let text = "President Obama is rolling out a new and more personal campaign message: \
                “It's about me.”";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Obama"));
}

#[test]
fn a_quote_nested_in_the_same_glyphs_stays_inside() {
    let text = "“As a young, Hispanic woman, I’d rather live in what he calls “hell” than live in \
                a world where he is president.” ― Adriana Rodarte";
    let (t, s, _, _, _) = only(text);
    assert!(
        t.starts_with("As a young") && t.ends_with("president."),
        "{t}"
    );
    assert_eq!(s.as_deref(), Some("Adriana Rodarte"));
    // A stray opener before a complete pair still leaves the pair.
    let text = "“It was broken, he said. “This part is whole,” Smith added.";
    let qs = q(text);
    assert!(
        qs.iter().any(|q| q.text.starts_with("This part is whole")),
        "{qs:?}"
    );
}

#[test]
fn titles_after_their_introducer_or_a_show_spoken_to_are_not_quotes() {
    let text = "Mr. Rubio said in his 2012 book, ''An American Son.''";
    assert!(q(text).is_empty(), "{:?}", q(text));
    let text = "\"He's a former president,\" Fiorina told \"Fox and Friends.\"";
    let qs = q(text);
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert!(qs[0].text.starts_with("He's"));
}

#[test]
fn a_headline_with_a_byline_is_not_a_quote() {
    let text = "The morning reads.\n\
                \"Posthumous books could come with a lot of dollar signs,\" by Hyperallergic's \
                Carey Dunne.";
    assert!(q(text).is_empty(), "{:?}", q(text));
}

#[test]
fn party_title_and_role_words_before_a_name_with_a_prepositional_object_before_the_cue() {
    let text = "Democratic presidential candidate Sen. Bernie Sanders (I-Vt.) on Saturday \
                criticized the accord adopted after two weeks of negotiations among diplomats in \
                Paris, saying the agreement goes “nowhere near far enough.”";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Bernie Sanders"));
    assert_eq!(r.as_deref(), Some("Democratic presidential candidate Sen."));
}

#[test]
fn a_continuation_paragraph_credited_to_an_honorific_surname_is_theirs() {
    // The previous paragraph's stray marks leave a quote open.
    let text = "Forbes says it tracks an additional 500 billionaire ''family fortunes.'.'\n\
                ''The quality of these lists comes down to resources,'' Mr. Friedman said.";
    let qs = q(text);
    let last = qs.last().expect("a quote");
    assert!(last.text.starts_with("The quality"), "{qs:?}");
    assert_eq!(last.speaker.as_deref(), Some("Friedman"));
}

#[test]
fn more_reporting_verbs_and_an_appositive_after_an_inverted_cue() {
    let text = "Intro.\n\
                \"It was a liability in her primary campaign,\" remembered Roy Verley, HP's \
                former chief corporate spokesman.";
    let (_, s, _, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Roy Verley"));
    assert_eq!(c.as_deref(), Some("remembered"));
    let text = "Intro.\n\
                \"We are Muslim Americans and proud of it.\" LeVell declared, a point he likes \
                to make after a recent attack.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("LeVell"));
}

#[test]
fn a_sign_off_in_its_own_paragraph_names_the_speaker() {
    let text = "Sen. Bernie Sanders wrote about the bill.\n\
                \"Her bill to curb corporate compensation also went nowhere in the Senate.\"\n\
                - Sanders.\n\
                This is a complex issue.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Bernie Sanders"));
}

#[test]
fn with_a_name_and_a_participle_the_name_speaks() {
    let text = "Republicans were quick to chime in, with Donald Trump tweeting that it was a \
                \"disaster\" for Clinton.";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Donald Trump"));
    // Other prepositions introduce objects: the writer wrote to Wired.
    let text = "Peter Thiel wrote in a statement to Wired explaining that \"most Americans agree \
                that our country is on the wrong track.\"";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Peter Thiel"));
}

#[test]
fn shot_back_is_a_reporting_verb() {
    let text = "Bush spoke first.\n\"Let me talk,\" Trump shot back.";
    let (_, s, _, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Trump"));
    assert_eq!(c.as_deref(), Some("shot"));
}

#[test]
fn a_subject_after_a_subordinator_speaks_in_its_clause() {
    let text = "In 1992, when Mr. Buchanan, who had failed to win his party's nomination, called \
                for a ''cultural war,'' the party split.";
    let (_, s, _, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Buchanan"));
    assert_eq!(c.as_deref(), Some("called"));
}

#[test]
fn a_thing_called_by_a_title_is_named_not_quoted() {
    let text = "A group of Mexican comedians is performing a popular play called \"Sons of \
                Trump.\"";
    assert!(q(text).is_empty(), "{:?}", q(text));
}

#[test]
fn a_late_participle_after_an_inverted_cue_is_an_adjunct() {
    let text = "Cameron criticised Trump in parliament.\n\
                “It looks like we’re not going to have a very good relationship, who knows?” \
                Trump told Britain’s ITV television station in an interview aired on Monday.";
    let (_, s, _, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Trump"));
    assert_eq!(c.as_deref(), Some("told"));
}

#[test]
fn chants_are_quotations_of_the_crowd() {
    let text = "Orlando was on everyone's mind, with many marchers and spectators chanting \"We \
                are Orlando\" all afternoon.";
    let (t, s, r, c, _) = only(text);
    assert_eq!(t, "We are Orlando");
    assert_eq!(s, None);
    assert_eq!(r.as_deref(), Some("many marchers and spectators"));
    assert_eq!(c.as_deref(), Some("chanting"));
}

#[test]
fn a_description_with_a_relative_clause_is_the_subject() {
    let text = "One Club for Growth ad, which is currently airing, argues that “only Ted Cruz can \
                beat Donald Trump.”";
    let (_, s, r, c, _) = only(text);
    assert_eq!(s, None);
    assert_eq!(r.as_deref(), Some("One Club for Growth ad"));
    assert_eq!(c.as_deref(), Some("argues"));
}

#[test]
fn second_quote_left_open_runs_into_the_next_paragraph() {
    // The paragraph's second quote has no closing mark and the next paragraph opens on one:
    // it is a multi-paragraph quotation, said by the speaker of the first.
    let text = "“One I would describe as a casual hate,” Jared Sexton said. “Trump events are \
                outlets for people to engage in hatred and revel in it.\n\
                “There’s another side that’s kind of nihilistic,” Sexton said.";
    let qs = q(text);
    assert_eq!(qs.len(), 3, "{qs:?}");
    assert!(qs[1].text.starts_with("Trump events are outlets"), "{qs:?}");
    assert!(
        qs.iter()
            .all(|x| x.speaker.as_deref() == Some("Jared Sexton")),
        "{qs:?}"
    );
}

#[test]
fn paragraph_quote_after_a_narrative_paragraph_takes_its_subject() {
    let text = "Christie was joined by Buddy Valastro, star of a reality show.\n\n\
                Valastro praised Christie’s leadership after the storm.\n\n\
                “We need someone who’s going to cut through it and bring people together.”";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Buddy Valastro"));
    // A capitalised word opening the paragraph before is no speaker unless it names someone
    // the article has introduced.
    let text = "Outside groups spent heavily in the state this year.\n\n\
                “These super PACs have been setting the tone of the race for months.”";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s, None);
}

#[test]
fn partial_quote_closing_its_sentence_is_not_the_next_sentences() {
    // The next sentence's subject (`Romney fired back`) did not say the partial quote.
    let text = "Donald Trump attacked Mitt Romney, calling him, among other things, “a failed \
                candidate.” Romney fired back in March, attacking Trump for his greed.";
    let (t, s, _, _, partial) = only(text);
    assert_eq!(t, "a failed candidate.");
    assert!(partial);
    assert_eq!(s.as_deref(), Some("Donald Trump"));
}

#[test]
fn possessor_before_a_full_name_is_not_the_speaker() {
    let (_, s, r, _, _) = only(
        "“If we don’t expand our reach, we lose,” said Florida’s Rick Wilson, a Republican \
         political consultant.",
    );
    assert_eq!(s.as_deref(), Some("Rick Wilson"));
    assert_eq!(r.as_deref(), Some("a Republican political consultant"));
    let (_, s, r, _, _) = only("“The race is close,” noted NBC's Dante Chinni.");
    assert_eq!(s.as_deref(), Some("Dante Chinni"));
    assert_eq!(r.as_deref(), Some("NBC's"));
}

#[test]
fn dated_slogans_and_headlines_with_bylines_are_not_quotations() {
    // Posters and slogans dated in parentheses.
    let text = "The party's campaigns took centre stage: “Lose safety? Lose work? No to the \
                treaty at all” (2005) — “We are increasingly becoming strangers here” (local \
                election poster 2003).";
    assert!(q(text).is_empty(), "{:?}", q(text));
    // A headline with its byline, before the colon that introduces the story's first line.
    let text = "FAREWELL—\"The Living Room to close at the end of December,\" by Times' Ben \
                Sisario: \"The Living Room, a nightclub that gave an early start to many, will \
                close at the end of December.\"";
    let qs = q(text);
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert!(
        qs[0].text.starts_with("The Living Room, a nightclub"),
        "{qs:?}"
    );
}

#[test]
fn possessive_pronoun_before_a_statement_noun_names_its_owner() {
    let text = "Mayor Bill de Blasio spoke on Tuesday. He also repeated his claim that \
                “profit-making” drove the companies.";
    let (t, s, r, _, partial) = only(text);
    assert_eq!(t, "profit-making");
    assert!(partial);
    assert_eq!(s.as_deref(), Some("Bill de Blasio"));
    assert_eq!(r, None);
}

#[test]
fn label_after_a_dash_or_from_names_the_speaker() {
    let text = "Polls closed late in Iowa.\n\
                Pollsters agree - Carl Bialik: “One of the biggest lessons was a simple one.” \
                [538.]\n\
                More from Bialik: “Keep on contacting voters as late as possible, always.”\n\
                More from the report: “Today numerous online survey vendors condition their \
                samples.”";
    let qs = q(text);
    assert_eq!(qs.len(), 3, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Carl Bialik"));
    assert_eq!(qs[1].speaker.as_deref(), Some("Carl Bialik"));
    assert_ne!(qs[2].speaker.as_deref(), Some("More"));
}

#[test]
fn trailing_inversion_with_an_appositive_after_the_name() {
    let text = "''The most impressive aspect has been a newfound resilience by consumers,'' like \
                the recent volatility of markets, said Richard Curtin, the chief economist for \
                the Michigan Survey of Consumers.";
    let (_, s, r, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Richard Curtin"));
    assert_eq!(
        r.as_deref(),
        Some("the chief economist for the Michigan Survey of Consumers")
    );
    assert_eq!(c.as_deref(), Some("said"));
}

#[test]
fn opening_said_inverts_with_an_appositive() {
    let text = "The home was turned into a museum. Said Dorothy Poynter, who grew up with Ali in \
                the neighborhood, “We were all so proud of him.”";
    let (_, s, _, c, _) = only(text);
    assert_eq!(s.as_deref(), Some("Dorothy Poynter"));
    assert_eq!(c.as_deref(), Some("Said"));
}

#[test]
fn description_with_preposition_then_name_set_off_by_commas() {
    let (_, s, r, _, _) = only(
        "“Positions are gonna soften on him now,” Rep. Duncan Hunter’s chief of staff, Joe \
         Kasper, told reporters.",
    );
    assert_eq!(s.as_deref(), Some("Joe Kasper"));
    assert_eq!(r.as_deref(), Some("Rep. Duncan Hunter’s chief of staff"));
}

#[test]
fn inverted_cue_after_a_quote_keeps_the_appositive_role() {
    // A second quote's window starts on the cue: the role after the name must survive.
    let text = "\"You will see more people enter the job market,\" says Gavin Hamilton, 23, a \
                student from Fresno, Calif. \"I think it would offer more jobs in the state.\"";
    let qs = q(text);
    assert_eq!(qs.len(), 2, "{qs:?}");
    let last = qs.last().expect("two quotes");
    assert_eq!(last.speaker.as_deref(), Some("Gavin Hamilton"), "{qs:?}");
    assert!(
        last.role
            .as_deref()
            .is_some_and(|r| r.contains("a student from Fresno")),
        "{qs:?}"
    );
}

#[test]
fn surname_spelled_like_a_plural_is_a_name_inside_a_sentence() {
    let text = "At Sunday night’s debate, Sanders compared himself to Clinton, saying “I don’t \
                get personal speaking fees from Goldman Sachs.”";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Sanders"));
    assert_eq!(r, None);
    // A plural opening the sentence is a group: no speaker, the group as role.
    let (_, s, r, _, _) = only("Protesters said “we will stay here until the law is changed.”");
    assert_eq!(s, None);
    assert_eq!(r.as_deref(), Some("Protesters"));
}

#[test]
fn quote_left_open_after_an_attributed_one_goes_on_with_its_speaker() {
    let text = "The editor spoke to the staff on Monday.\n\
                “Donald Trump is a candidate unlike any we have seen before,” said Marty Baron. \
                “His candidacy and his positions have defied all conventions\n\
                He continued with a plan for the newsroom.";
    let qs = q(text);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert!(qs[1].text.starts_with("His candidacy"), "{qs:?}");
    assert_eq!(qs[1].speaker.as_deref(), Some("Marty Baron"));
    // Alone in its paragraph, an unclosed quote without attribution is still dropped.
    assert!(
        q("He spoke.\nThere was “this never closes and goes nowhere at all\nNext paragraph.")
            .is_empty()
    );
}

#[test]
fn invisible_characters_do_not_hide_a_paragraph_opening_mark() {
    // A left-to-right embedding before a wrong-direction mark that opens the paragraph.
    let text = "Palin’s post resonated with readers.\n\n\u{202A}”Sorry Sarah, you should have \
                said it better, because you can!” posted Sharon Geyer.";
    let (t, s, _, _, _) = only(text);
    assert!(t.starts_with("Sorry Sarah"), "{t}");
    assert_eq!(s.as_deref(), Some("Sharon Geyer"));
}

#[test]
fn presenting_label_with_a_time_adjunct() {
    let text = "Hillary Clinton has changed her tune on trade.\n\
                Here’s Clinton in December 1992: “Our new direction must rest on an understanding \
                of the new realities of global competition.”\n\
                Donald Trump on Monday: “We are going to win so much, you will get tired of it.”";
    let qs = q(text);
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Hillary Clinton"));
    assert_eq!(qs[1].speaker.as_deref(), Some("Donald Trump"));
}

#[test]
fn appositive_role_ends_where_a_reporting_clause_starts() {
    let text = "“This platform’s language just says it plainly,” said Kristen Day, executive \
                director of Democrats for Life, reports USA Today.";
    let (_, s, r, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Kristen Day"));
    assert_eq!(
        r.as_deref(),
        Some("executive director of Democrats for Life")
    );
}

#[test]
fn clause_after_the_name_is_no_role() {
    let (_, s, r, _, _) = only(
        "“It is not the vision we want,” said Jane Rivera, when asked what about the plan is \
         wrong.",
    );
    assert_eq!(s.as_deref(), Some("Jane Rivera"));
    assert_eq!(r, None);
    let (_, _, r, _, _) = only(
        "“Investors want growth,” said Robert Peck, managing director and internet analyst at \
         SunTrust.",
    );
    assert_eq!(
        r.as_deref(),
        Some("managing director and internet analyst at SunTrust")
    );
    let (_, _, r, _, _) =
        only("“We saw it coming,” said Tom Ruiz, now a partner at a communications firm.");
    assert_eq!(r.as_deref(), Some("now a partner at a communications firm"));
}

#[test]
fn sentence_adverb_is_no_clause_subject() {
    let text = "Hillary Clinton spoke in Ohio on Monday.\n\
                Earlier this week, Clinton shared a bit of her anxiety with an audience at a \
                fundraiser, “I do not know which Donald Trump will show up.”";
    let (_, s, _, _, _) = only(text);
    assert_eq!(s.as_deref(), Some("Hillary Clinton"));
}

#[test]
fn organisation_named_with_title_words_keeps_its_whole_name() {
    let (_, s, r, _, _) = only("“We have no comment on the report,” the State Department said.");
    assert_eq!(s.as_deref(), Some("the State Department"));
    assert_eq!(r, None);
    let (_, s, r, _, _) =
        only("“The strikes are a clear violation,” the United Nations Security Council said.");
    assert_eq!(s.as_deref(), Some("the United Nations Security Council"));
    assert_eq!(r, None);
}

#[test]
fn capitalised_adverb_or_quantifier_is_never_the_speaker() {
    for text in [
        "Repeatedly, the complex filled with chants of “Welcome home, Joe, we missed you.”",
        "Thirteen years earlier, she voted for the war from “the perspective of a senator \
         from New York.”",
        "Eight years ago, he supported Barack Obama over Clinton and said, “Hillary Clinton \
         has never done anything for us.”",
    ] {
        let qs = q(text);
        assert!(
            qs.iter().all(|x| !matches!(
                x.speaker.as_deref(),
                Some("Repeatedly" | "Thirteen" | "Eight")
            )),
            "{qs:?}"
        );
    }
}

#[test]
fn capitalised_verb_inside_a_name_is_part_of_it() {
    let (_, s, _, _, _) =
        only("“The documents show a clear pattern,” according to Judicial Watch.");
    assert_eq!(s.as_deref(), Some("Judicial Watch"));
    // At the head of a sentence the verb is still a verb.
    let qs = q("Sen. Ann Kolb spoke.\n“Watch the video now, it is all there to see,” she said.");
    assert_eq!(
        qs.first().and_then(|x| x.speaker.as_deref()),
        Some("Ann Kolb")
    );
}

#[test]
fn the_before_an_honorific_is_not_an_organisation() {
    let (_, s, r, _, _) = only(
        "“To be frank, the city will never go back to normal,” said the Rev. Peter Wherry, \
         of Mayfield Memorial Missionary Baptist Church.",
    );
    assert_eq!(s.as_deref(), Some("Peter Wherry"));
    assert_eq!(
        r.as_deref(),
        Some("of Mayfield Memorial Missionary Baptist Church")
    );
    let (_, s, r, _, _) = only("“We will pray for them,” the Rev. Al Sharpton said.");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Al Sharpton"), Some("Rev."))
    );
    // A body's name after `the` keeps it.
    let (_, s, _, _, _) = only("“Stay indoors,” the National Weather Service said.");
    assert_eq!(s.as_deref(), Some("the National Weather Service"));
}

#[test]
fn employer_possessive_before_a_name_is_the_role() {
    for (text, speaker, role) in [
        (
            "“The greed. The showing off,” Fox's Chris Wallace said, as the crowd cheered.",
            "Chris Wallace",
            "Fox's",
        ),
        (
            "Iowa State University's Dianne Bystrom agreed. “It is a close race.”",
            "Dianne Bystrom",
            "Iowa State University's",
        ),
        (
            "“Values should trump interests,” the Zionist Union Party’s Nachman Shai told the AP.",
            "Nachman Shai",
            "the Zionist Union Party’s",
        ),
    ] {
        let (_, s, r, _, _) = only(text);
        assert_eq!(
            (s.as_deref(), r.as_deref()),
            (Some(speaker), Some(role)),
            "{text}"
        );
    }
    // A possessive before an organisation's or a place's name is part of that name.
    let (_, s, _, _, _) = only("“We are hiring,” McDonald's Corporation said.");
    assert_eq!(s.as_deref(), Some("McDonald's Corporation"));
}

#[test]
fn joined_office_is_a_title() {
    let (_, s, r, _, _) =
        only("“It is over,” said United Auto Workers Secretary-Treasurer Gary Casteel.");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (
            Some("Gary Casteel"),
            Some("United Auto Workers Secretary-Treasurer")
        )
    );
    // `in-state` is no office.
    assert!(!lexicon::is_title_word("in-state"));
    assert!(lexicon::is_title_word("editor-in-chief"));
}

#[test]
fn surname_after_an_opening_adverbial_speaks_through_its_appositive() {
    let qs = q(
        "“This used to be Russia's back yard,” said Raffaello Pantucci, director of \
         studies at the Royal United Services Institute.\n\
         For now, Pantucci, at the Royal United Services Institute, said the two countries \
         have reached “a modus vivendi” here.",
    );
    let last = qs.last().expect("two quotes");
    assert_eq!(last.speaker.as_deref(), Some("Raffaello Pantucci"));
    assert_eq!(
        last.role.as_deref(),
        Some("at the Royal United Services Institute")
    );
}

#[test]
fn role_set_off_before_the_rest_of_a_quote_has_no_trailing_comma() {
    let qs = q(
        "“We have had offices here since April,” said Stephanie Formas, the campaign's \
         communications director, “and we have built relationships that last.”",
    );
    assert!(!qs.is_empty());
    for x in &qs {
        assert_eq!(x.speaker.as_deref(), Some("Stephanie Formas"));
        assert_eq!(
            x.role.as_deref(),
            Some("the campaign's communications director")
        );
    }
}

#[test]
fn role_ends_before_a_participle_or_a_new_clause() {
    let qs = q(
        "“We are going to resist the urge to overreact,” said Josh Earnest, the White \
         House press secretary, echoing comments made earlier by President Obama.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(
        qs[0].role.as_deref(),
        Some("the White House press secretary")
    );
    let qs = q(
        "“It kind of scares me,” says Jorge Llamas, of Tujunga, Calif., but he was \
         shocked when he heard about the plan.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].role.as_deref(), Some("of Tujunga, Calif."));
}

#[test]
fn office_with_of_in_narrative_is_kept_whole_for_later_quotes() {
    let qs = q(
        "The court dealt a blow to Republican Secretary of State Jon Husted on \
         Friday.\n\nIn a statement, Husted said the decision “will force us to put voters back \
         on the rolls.”",
    );
    let last = qs.last().expect("one quote");
    assert_eq!(last.speaker.as_deref(), Some("Jon Husted"));
    assert_eq!(last.role.as_deref(), Some("Republican Secretary of State"));
}

#[test]
fn employer_possessive_opens_an_appositive_role() {
    let qs = q(
        "“We have had offices here since April,” said Stephanie Formas, Clinton's \
         longtime aide, “and we have built relationships that last.”",
    );
    assert_eq!(qs.len(), 2, "{qs:?}");
    for x in &qs {
        assert_eq!(x.speaker.as_deref(), Some("Stephanie Formas"));
        assert_eq!(x.role.as_deref(), Some("Clinton's longtime aide"));
    }
}

#[test]
fn adverb_age_or_participle_set_off_by_commas_is_no_role() {
    for text in [
        "Hunter, meanwhile, told Politico that he backs Trump because “he is a fighter.”",
        "Mr. Trump, however, said he was “the perfect messenger because I fully understand.”",
        "Clinton, exasperated, famously responded: “What difference does it make?”",
        "“I was, like, shocked,” said Jon Haines, 44.",
    ] {
        let qs = q(text);
        assert_eq!(qs.len(), 1, "{text}: {qs:?}");
        assert!(qs[0].speaker.is_some(), "{text}: {qs:?}");
        assert_eq!(qs[0].role, None, "{text}");
    }
}

#[test]
fn role_ends_before_an_adjunct_about_the_quote() {
    let qs = q(
        "“It’s not as if he overlooked it,” said Steven Aftergood, director of the \
         Project on Government Secrecy, about Comey’s statement.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(
        qs[0].role.as_deref(),
        Some("director of the Project on Government Secrecy")
    );
}

#[test]
fn nickname_in_quote_marks_stays_inside_the_name() {
    let qs = q(
        "Running back Tyrell \"T-Bone\" Dawson scored twice on Sunday.\n\n\
         \"We just kept pushing,\" Dawson said.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Tyrell Dawson"));
    let qs = q(
        "Earlier, Neema Bahrami spoke.\n\nJuan “Chico” Manriquez of Oakland carried \
         one of the photos. “I pretty much cried the whole parade,” he said.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Juan Manriquez"));
}

#[test]
fn lowercase_role_before_a_name_in_narrative_is_kept_for_later_quotes() {
    let qs = q(
        "City Council member Angela Ruiz said she would fight the closure.\n\n\
         “This library is the heart of the neighborhood,” Ruiz said.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Angela Ruiz"));
    assert_eq!(qs[0].role.as_deref(), Some("City Council member"));
    let qs = q(
        "She was attacked by former secretary of state Hillary Clinton on Monday.\n\n\
         “We need steady hands,” Clinton told the crowd.",
    );
    assert_eq!(qs[0].role.as_deref(), Some("former secretary of state"));
    // A relation is no role: the name here is not the friend.
    let qs = q(
        "For years, Bill Clinton was the best friend Donald J. Trump always hoped to \
         have.\n\n“He's got the toughest skin,” Mr. Trump told the AP.",
    );
    assert_eq!(qs[0].speaker.as_deref(), Some("Donald J. Trump"));
    assert_eq!(qs[0].role, None);
}

#[test]
fn description_does_not_point_to_someone_of_another_party_or_a_vice_office() {
    let qs = q(
        "Republicans are slamming Democratic vice presidential nominee Tim Kaine.\n\n\
         Donald Trump spoke in Virginia on Monday.\n\n\
         The Republican nominee vowed to punish “those who violate classification rules.”",
    );
    let last = qs.last().expect("a quote");
    assert_eq!(last.speaker.as_deref(), Some("Donald Trump"));
}

#[test]
fn body_described_by_its_kind_is_the_one_named_before() {
    let (_, s, r, _, _) = only(
        "Human Rights Watch condemned the arrest on Monday.\n\n\
         “Journalism is not a crime,” the group said in a statement.",
    );
    assert_eq!(s.as_deref(), Some("Human Rights Watch"));
    assert_eq!(r.as_deref(), Some("the group"));
    let (_, s, _, _, _) = only(
        "The Washington Post published the letter in full.\n\n\
         “We stand by our reporting,” the newspaper said.",
    );
    assert_eq!(s.as_deref(), Some("Washington Post"));
    // A place is never the group.
    let (_, s, _, _, _) = only(
        "Residents gathered at the Civic Center in Orlando.\n\n\
         “We will not be divided,” the group said.",
    );
    assert_eq!(s.as_deref(), Some("the group"));
}

#[test]
fn description_after_an_inverted_cue_renamed_by_a_name() {
    for (text, speaker, role) in [
        (
            "“It was a mistake,” said the group's president, John Smith.",
            "John Smith",
            "the group's president",
        ),
        (
            "“It was a mistake,” said her lawyer, John Smith.",
            "John Smith",
            "her lawyer",
        ),
        (
            "“It was a mistake,” said Clinton's spokesman, Brian Fallon.",
            "Brian Fallon",
            "Clinton's spokesman",
        ),
        (
            "“It's about time,” exhorted Clinton's introducer, actress Jamie Lee Curtis.",
            "Jamie Lee Curtis",
            "Clinton's introducer, actress",
        ),
    ] {
        let (_, s, r, _, _) = only(text);
        assert_eq!(
            (s.as_deref(), r.as_deref()),
            (Some(speaker), Some(role)),
            "{text}"
        );
    }
    // A full name before the comma keeps the role after it.
    let (_, s, r, _, _) = only("“It was a mistake,” said John Smith, her lawyer.");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("John Smith"), Some("her lawyer"))
    );
}

#[test]
fn organisation_named_with_of_is_whole() {
    for (text, speaker) in [
        (
            "“We are reviewing the matter,” the Department of Homeland Security said.",
            "the Department of Homeland Security",
        ),
        (
            "“We are reviewing the matter,” said the University of Michigan.",
            "the University of Michigan",
        ),
    ] {
        let (_, s, r, _, _) = only(text);
        assert_eq!((s.as_deref(), r), (Some(speaker), None), "{text}");
    }
    // A person's office with `of` is still a role.
    let (_, s, r, _, _) = only("“It is over,” Secretary of State Antony Blinken said.");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Antony Blinken"), Some("Secretary of State"))
    );
}

#[test]
fn web_site_speaker_keeps_no_full_stop() {
    let (_, s, _, _, _) =
        only("The family was proud, according to Tchadinfos.com. “He was a good man.”");
    assert_eq!(s.as_deref(), Some("Tchadinfos.com"));
    let (_, s, _, _, _) = only("“We are ready,” said Martin Luther King Jr.");
    assert_eq!(s.as_deref(), Some("Martin Luther King Jr."));
}

#[test]
fn surname_first_seen_alone_is_the_full_name_once_given() {
    let qs = q("Putin chides Turkey at news conference.\n\n\
         Mr. Putin forecast that the economy would rebound.\n\n\
         President Vladimir V. Putin held forth on a sweeping array of topics.\n\n\
         Mr. Putin drew applause when he lashed out at Turkey, and he said they ''wanted to \
         lick the Americans in a certain place.''");
    let last = qs.last().expect("a quote");
    assert_eq!(last.speaker.as_deref(), Some("Vladimir V. Putin"));
    // Where someone is from is no role.
    let qs = q("The Queens-born, Manhattan-made Donald J. Trump won.\n\n\
         The Manhattan-made Mr. Trump was poised to win. “I think I'll get there,” Mr. \
         Trump said.");
    let last = qs.last().expect("a quote");
    assert_eq!(last.speaker.as_deref(), Some("Donald J. Trump"));
    assert_eq!(last.role, None);
}

#[test]
fn first_paragraph_ending_in_a_single_closing_mark_is_no_headline() {
    let qs = q(
        "The prime minister, Keir Starmer, insisted: ‘We will not go back.’\n\n\
         ‘This is a budget for nobody,’ the former chancellor said.",
    );
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Keir Starmer"));
    // A headline ending on a quoted phrase still is one.
    let qs = q("Starmer says deal is ‘the best available’\n\n\
         ‘This is a budget for nobody,’ the former chancellor said.");
    assert_eq!(qs.len(), 1, "{qs:?}");
}

#[test]
fn body_before_role_words_belongs_to_the_role() {
    for (text, speaker, role) in [
        (
            "“Demand remains soft in China,” Wedbush analyst Dan Ives wrote in a note.",
            "Dan Ives",
            "Wedbush analyst",
        ),
        (
            "Manchester United manager Ruben Amorim admitted his side were “not good enough.”",
            "Ruben Amorim",
            "Manchester United manager",
        ),
        (
            "“The evidence is clear,” Republican National Committee chairman Reince Priebus \
             said.",
            "Reince Priebus",
            "Republican National Committee chairman",
        ),
    ] {
        let (_, s, r, _, _) = only(text);
        assert_eq!(
            (s.as_deref(), r.as_deref()),
            (Some(speaker), Some(role)),
            "{text}"
        );
    }
}

#[test]
fn nationality_epithet_is_the_person_last_named() {
    let qs = q(
        "Brighton head coach Fabian Hurzeler praised his team's intensity. “From the \
         first minute we were brave,” the German said.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Fabian Hurzeler"));
    assert_eq!(qs[0].role.as_deref(), Some("the German"));
}

#[test]
fn description_owned_by_a_name_speaks_as_a_description() {
    for (text, role) in [
        (
            "Intro.\n\n“We are done,” Clinton's spokesman said.",
            "Clinton's spokesman",
        ),
        (
            "Intro.\n\n“It is over,” Ukraine's foreign minister said.",
            "Ukraine's foreign minister",
        ),
        (
            "Trump spoke at noon.\n\n5:45 p.m.\n\nLibertarian candidate Gary Johnson’s doctor \
             is calling the candidate “extremely physically fit.”",
            "Johnson’s doctor",
        ),
    ] {
        let qs = q(text);
        let last = qs.last().expect("a quote");
        assert_eq!(
            (last.speaker.as_deref(), last.role.as_deref()),
            (None, Some(role)),
            "{text}"
        );
    }
    // It renames the subject of the sentence just before, never its possessor.
    let qs = q(
        "David Axelrod on Wednesday called on Howard Dean to apologize to Donald Trump.\n\n\
         “My reaction, that was outrageous,” Obama's former campaign strategist said.",
    );
    assert_eq!(qs[0].speaker.as_deref(), Some("David Axelrod"));
    assert_eq!(
        qs[0].role.as_deref(),
        Some("Obama's former campaign strategist")
    );
}

#[test]
fn gender_from_a_possessive_in_a_clause_set_off_after_a_lone_name() {
    let qs = q(
        "Spokesman Dmitry Peskov told reporters Moscow was open to talks.\n\n\
         Zelenskiy, speaking in his nightly video address, said: “We will not give up our \
         land.”\n\nHe added that Ukraine would need more air defence systems.\n\n\
         “Every day matters,” he said.",
    );
    let last = qs.last().expect("a quote");
    assert_eq!(last.speaker.as_deref(), Some("Zelenskiy"));
}

#[test]
fn name_with_its_role_before_a_relative_clause_speaks() {
    let (_, s, r, _, _) = only(
        "Intro.\n\nCouncil member Jose Velasquez, whose district includes the neighborhood, \
         said residents “deserve answers.”",
    );
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Jose Velasquez"), Some("Council member"))
    );
    // An occasion set off by commas is no role; a place of work is.
    let (_, s, r, _, _) = only(
        "Intro.\n\nDemocratic nominee Hillary Clinton, at a later press gaggle, said, “I’ve \
         been briefed about the bombings.”",
    );
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Hillary Clinton"), Some("Democratic nominee"))
    );
    let (_, _, r, _, _) = only(
        "“Beijing's strategists avoid the word,” said Tom Miller, at a consulting firm called \
         Gavekal Dragonomics.",
    );
    assert_eq!(
        r.as_deref(),
        Some("at a consulting firm called Gavekal Dragonomics")
    );
}

#[test]
fn first_name_alone_renaming_the_subject_is_the_later_pronoun() {
    let qs = q(
        "Sanders advisers insist there have been few talks. But his wife, Jane, offered a \
         preview of the candidate's thinking.\n\n“If he's president, he wants to keep this \
         movement going,” she said.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Jane"));
    let qs = q(
        "“I cried for a week,” says Maria Santos, a nurse from Brazil.\n\n\
         Her husband, Carlos, is less sure. “Some days I miss everything,” he says.",
    );
    assert_eq!(qs.last().and_then(|x| x.speaker.as_deref()), Some("Carlos"));
}

#[test]
fn headline_with_a_lowercase_if_is_still_a_headline() {
    let qs = q(
        "Obama Sees 'Personal Insult' if Blacks Don't Rally for Hillary Clinton.\n\n\
         President Obama is rolling out a new campaign message.\n\n\
         “My name may not be on the ballot,” Mr. Obama said.",
    );
    let last = qs.last().expect("a quote");
    assert_eq!(last.speaker.as_deref(), Some("Obama"));
}

#[test]
fn journalists_jobs_are_roles_and_never_the_last_person_named() {
    let (_, s, r, _, _) =
        only("“Twitter as we know it is over,” wrote Slate technology columnist David Auerbach.");
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("David Auerbach"), Some("Slate technology columnist"))
    );
    let qs = q(
        "Donald Trump spoke first.\n\n“As you know, Mr. Trump, the polls disagree,” the \
         moderator said.",
    );
    let last = qs.last().expect("a quote");
    assert_eq!(
        (last.speaker.as_deref(), last.role.as_deref()),
        (None, Some("the moderator"))
    );
}

#[test]
fn a_pronouns_contracted_is_no_possessive_before_the_marks() {
    let (text, s, _, c, partial) =
        only("Maria Lopez says she's “not going anywhere,” whatever the polls show.");
    assert_eq!(text, "not going anywhere,");
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Maria Lopez"), Some("says"))
    );
    assert!(partial);
    // A possessive still introduces a name (`the show's “Morning Edition”`).
    assert!(q("She listens to the network's “Morning Edition” every day.").is_empty());
}

#[test]
fn as_after_a_verb_of_characterising_gives_the_speakers_words() {
    let (_, s, _, c, partial) = only("Sen. Ann Ruiz described the bill as “dead on arrival.”");
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Ann Ruiz"), Some("described"))
    );
    assert!(partial);
    let (_, s, _, _, _) = only("The mayor, Tom Hale, characterized the audit as “a fishing trip.”");
    assert_eq!(s.as_deref(), Some("Tom Hale"));
    let (_, s, _, c, _) = only("Mayor Tom Hale dismissed the audit as “a fishing trip.”");
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Tom Hale"), Some("dismissed"))
    );
    // `known as` still names something.
    assert!(q("Ruiz toured all 99 counties, a feat known as “the full tour.”").is_empty());
}

#[test]
fn a_cue_after_a_preposition_takes_the_clause_subject() {
    let (_, s, _, c, _) = only("Gov. Ellen Marsh ended her speech by saying “No more excuses.”");
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Ellen Marsh"), Some("saying"))
    );
}

#[test]
fn a_relative_clause_with_its_own_named_subject_gives_the_speaker() {
    let (_, s, _, c, _) = only(
        "The protesters turned on Bannon, who Ruiz on Tuesday called “a menace to the republic.”",
    );
    assert_eq!((s.as_deref(), c.as_deref()), (Some("Ruiz"), Some("called")));
}

#[test]
fn a_share_of_respondents_speaks_as_a_description() {
    let qs = q(
        "The survey then turned to the economy, to which 41 percent of voters said “very \
         worried” and 12 percent said “not worried at all.”",
    );
    let got: Vec<(Option<&str>, Option<&str>)> = qs
        .iter()
        .map(|x| (x.speaker.as_deref(), x.role.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (None, Some("41 percent of voters")),
            (None, Some("12 percent"))
        ]
    );
    // A number is no description of anyone else (`a $100 bill`, `the Nov. 8 election`).
    assert!(q("He waved a $100 bill calling it “the people's money.”").is_empty());
}

#[test]
fn a_sentence_in_marks_after_an_attribution_goes_on_with_the_speech() {
    let qs = q("“We have one opponent this fall,” Ruiz told supporters on Sunday. “Richard Hale.”");
    let got: Vec<(&str, Option<&str>)> = qs
        .iter()
        .map(|x| (x.text.as_str(), x.speaker.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("We have one opponent this fall,", Some("Ruiz")),
            ("Richard Hale.", Some("Ruiz"))
        ]
    );
}

#[test]
fn first_person_quotes_are_the_writers() {
    let body = "My mother, Ruth Alden, drove us home that night.\n\n\
                “I remember everything about that storm,” I said, and she laughed.";
    // The closing tagline names the writer.
    let qs = q(&format!(
        "{body}\n\nJane Roe is a retired teacher in Tucson and a fellow of the Op-Ed Project."
    ));
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(
        (qs[0].speaker.as_deref(), qs[0].cue.as_deref()),
        (Some("Jane Roe"), Some("said"))
    );
    // Without it nobody is named, and the mother did not say it.
    let qs = q(&format!("{body}\n\nThe storm passed by morning."));
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker, None);
}

#[test]
fn a_prepositions_object_is_no_antecedent_for_he() {
    let qs = q(
        "Mayor Paul Brandt said pressure from Gov. Mark Delaney would not change his \
                budget. He said the state “has never once kept its promises to this city.”",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Paul Brandt"));
    // `of` inside an office still opens a subject.
    let qs = q("Rep. Dan Hoyt wanted every prisoner freed.\n\n\
                Secretary of State John Price said the men were close to release anyway. \
                “We gave up very little in this exchange,” he told reporters.");
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("John Price"));
}

#[test]
fn a_body_named_x_of_the_y_keeps_its_whole_name() {
    let (_, s, _, _, _) = only(
        "The exchange ended in what the International Committee of the Red Cross described \
         as “a fragile but real step.”",
    );
    assert_eq!(
        s.as_deref(),
        Some("the International Committee of the Red Cross")
    );
    let (_, s, _, _, _) = only(
        "In a press release, the University of Eastbrook said the project was “the largest \
         study of its kind.”",
    );
    assert_eq!(s.as_deref(), Some("the University of Eastbrook"));
}

#[test]
fn a_paragraph_announcing_words_gives_the_next_quote_its_speaker() {
    let quote = "“For workers who lost their jobs last year, the retraining money never came.”";
    let qs = q(&format!(
        "Sen. Ana Ruiz spoke in Dayton.\n\nOn March 3, 2024, Ruiz made the following \
         comment:\n\n{quote}\n\nThe claim was disputed."
    ));
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Ana Ruiz"));
    // A document announcing its text, or a clause that announces no words, names no one.
    for intro in [
        "Transcript as follows:",
        "Ruiz backed the plan, and the Post has proof:",
    ] {
        let qs = q(&format!(
            "Sen. Ana Ruiz spoke.\n\n{intro}\n\n{quote}\n\nMore."
        ));
        assert_eq!(qs.len(), 1, "{qs:?}");
        assert_eq!(qs[0].speaker, None, "{intro}");
    }
}

#[test]
fn the_company_and_the_agency_are_the_bodies_named_before() {
    let qs = q("Brightline Systems cut its forecast on Tuesday.\n\n\
                “Customers are taking longer to sign contracts,” the company said.");
    assert_eq!(qs[0].speaker.as_deref(), Some("Brightline Systems"));
    let qs = q(
        "The National Weather Service issued a red flag warning for the valley.\n\n\
                “Any spark could start a fast-moving fire,” the agency said.",
    );
    assert_eq!(qs[0].speaker.as_deref(), Some("National Weather Service"));
    let qs = q("The Popular Liberation Front rejected the talks.\n\n\
                “We will not be bound by any deal,” the group said in a statement.");
    assert_eq!(qs[0].speaker.as_deref(), Some("Popular Liberation Front"));
}

#[test]
fn on_a_defiant_note_is_no_cue() {
    let (_, s, r, _, _) = only(
        "Chief executive Elise Ward ended the call on a defiant note: “Ask me again in two \
         years and you will see we made the right call.”",
    );
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (Some("Elise Ward"), Some("Chief executive"))
    );
}

#[test]
fn a_description_names_whoever_holds_that_very_office() {
    // `the minister` is not the shadow minister named since.
    let qs = q(
        "Rachel Thorn, the housing minister, who is steering the bill, spoke first.\n\n\
                The rebellion is led by Tom Pell, the shadow housing minister, who opposes it.\n\n\
                “My door is open to any colleague with concerns,” the minister told the House.",
    );
    assert_eq!(
        qs.last().and_then(|x| x.speaker.as_deref()),
        Some("Rachel Thorn")
    );
    // `the defense lawyer` is the defense attorney, not the district attorney named since.
    let qs = q(
        "Julian Marsh, Pell's defense attorney, questioned the witness.\n\n\
                Under questioning by Assistant District Attorney Renata Solis, the witness \
                wept.\n\n\
                “Every figure was reviewed by outside auditors,” the defense lawyer said.",
    );
    assert_eq!(
        qs.last().and_then(|x| x.speaker.as_deref()),
        Some("Julian Marsh")
    );
}

#[test]
fn an_unnamed_spokesperson_is_nobody_named_before() {
    // Neither the office `the Prime Minister` nor the last person named.
    let qs = q(
        "Priya Raman, director of a think tank, called the row a distraction.\n\n\
                A No 10 spokesperson said the Prime Minister had full confidence in her.\n\n\
                “The Prime Minister has been clear that this is a government that builds,” the \
                spokesperson said.",
    );
    let last = qs.last().expect("a quote");
    assert_eq!(
        (last.speaker.as_deref(), last.role.as_deref()),
        (None, Some("the spokesperson"))
    );
}

#[test]
fn according_to_opening_the_next_sentence_is_that_sentences() {
    let qs = q(
        "The gap between body clocks and school bells is often labeled “social jet \
                lag.” According to the study, students with long commutes slept least.",
    );
    assert!(qs.is_empty(), "{qs:?}");
}

#[test]
fn a_relative_clause_belongs_to_the_unnamed_sources_description() {
    let (_, s, r, _, _) = only(
        "A Republican strategist who advises the Hale campaign, speaking on condition of \
         anonymity, said: “Our numbers look a little better, but nobody thinks this is won.”",
    );
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (
            None,
            Some("A Republican strategist who advises the Hale campaign")
        )
    );
    let (_, s, r, _, _) = only(
        "A person who attended the meeting said: “The numbers look better than anyone expected.”",
    );
    assert_eq!(
        (s.as_deref(), r.as_deref()),
        (None, Some("A person who attended the meeting"))
    );
}

#[test]
fn the_name_after_asked_before_a_colon_is_who_is_addressed() {
    let (_, s, _, c, _) = only(
        "The debate turned testy when the moderator, Lisa Chen of WGRN-TV, asked Hale: “If \
         you lose by a narrow margin, will you accept the result?”",
    );
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (Some("Lisa Chen"), Some("asked"))
    );
}

#[test]
fn said_then_a_name_without_a_comma_opens_the_reported_clause() {
    let (_, s, _, _, partial) = only(
        "In an interview, Steve Hahn, a former vice president of sales, said Fiorina “was \
         personally involved in all of it.”",
    );
    assert_eq!(s.as_deref(), Some("Steve Hahn"));
    assert!(partial);
}

#[test]
fn a_work_named_after_a_quote_is_not_its_second_half() {
    let qs = q(
        "“You have to be careful in public,” said James Miller, a co-author of “Those \
                Guys Have All the Fun: Inside the World of ESPN.”",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    // The title leaves no dangling `of` in the role.
    assert_eq!(qs[0].role.as_deref(), Some("a co-author"));
    // Without a comma, `by` names an agent, not a byline.
    let qs = q(
        "Cruz called it a “paperwork error” reported in a “hit piece” by The New York \
                Times.",
    );
    assert_eq!(qs.len(), 2, "{qs:?}");
}

#[test]
fn a_document_issued_by_a_body_named_after_it_speaks_for_that_body() {
    let qs = q(
        "On Monday a statement attributed to the Ridge Liberation Front was read on \
                television.\n\n\
                “The government has less time than it believes,” the statement said.",
    );
    assert_eq!(
        qs.last().and_then(|x| x.speaker.as_deref()),
        Some("Ridge Liberation Front")
    );
    let qs = q(
        "A report released on Monday by the United Nations Office for Climate \
                Adaptation added urgency.\n\n\
                “Several nations face the prospect of becoming uninhabitable,” the report warned.",
    );
    assert_eq!(
        qs.last().and_then(|x| x.speaker.as_deref()),
        Some("United Nations Office for Climate Adaptation")
    );
}

#[test]
fn a_documents_issuer_lookup_survives_a_stray_preposition() {
    // `from of` once underflowed an index in the issuer scan.
    let qs = q("A report from of the county was late.\n\n\
                “The numbers are not final and will change,” the report said.");
    assert_eq!(qs.len(), 1, "{qs:?}");
}

#[test]
fn the_words_after_of_in_a_bodys_name_are_no_person() {
    // `Climate Adaptation` is no woman for `she said`.
    let qs = q(
        "The United Nations Office for Climate Adaptation published its figures.\n\n\
                Among the crowd was Keziah Mwangale, 22, a climate activist.\n\n\
                “The people inside keep talking while our homes wash away,” she said.",
    );
    assert_eq!(
        qs.last().and_then(|x| x.speaker.as_deref()),
        Some("Keziah Mwangale")
    );
    // `island states` is a noun, not a cue.
    let (_, s, r, c, _) = only(
        "Talks opened with a bloc of small island states warning that a weak deal would be \
         “a slow eviction notice.”",
    );
    assert_eq!(
        (s.as_deref(), c.as_deref()),
        (None, Some("warning")),
        "{r:?}"
    );
}

#[test]
fn a_person_introduced_with_an_age_and_a_role_is_the_next_she() {
    let qs = q(
        "Losana Kereti, the environment minister, met the largest emitters.\n\n\
                Outside, several hundred people rallied. Among them was Keziah Mwangale, 22, a \
                climate activist, who led the chants.\n\n\
                “The people inside keep talking while our homes wash away,” she said.",
    );
    assert_eq!(
        qs.last().and_then(|x| x.speaker.as_deref()),
        Some("Keziah Mwangale")
    );
}

#[test]
fn words_announced_as_someones_reply_are_theirs() {
    let qs = q("Mayor Patricia Holloway signed the order on Monday.\n\n\
                The mayor’s reply was brief: “They’re welcome to try.”");
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Patricia Holloway"));
}

#[test]
fn a_quote_paragraph_after_she_told_the_council_is_hers() {
    let qs = q(
        "Doris Whitcomb, 71, a retired teacher, stepped to the microphone. Her grandson, \
                she told the council, died in 2021 during a crisis.\n\n\
                “They did what they were trained to do, and I don’t blame them for that.”",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Doris Whitcomb"));
}

#[test]
fn an_irregular_past_after_a_name_makes_it_the_subject() {
    let qs = q("Helena Varga, a marine ecologist, died on Friday.\n\n\
                Her closest collaborator was Ruth Abernathy, a botanist.\n\n\
                In her later years, Ms. Varga grew worried about rising seas. Speaking to a \
                film crew in 2015, she said: “The marshes can move inland if we let them.”");
    assert_eq!(
        qs.last().and_then(|x| x.speaker.as_deref()),
        Some("Helena Varga")
    );
}

#[test]
fn an_opening_participle_does_not_hide_the_colon_clause_subject() {
    let qs = q("Mayor Patricia Holloway signed the order on Monday.\n\n\
                Asked about the threat to sue, the mayor’s reply was brief: “They’re welcome \
                to try.”\n\n\
                Pressed on the budget, the mayor was blunt: “There is no money.”");
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert!(
        qs.iter()
            .all(|x| x.speaker.as_deref() == Some("Patricia Holloway")),
        "{qs:?}"
    );
}

#[test]
fn a_described_subject_announcing_words_with_a_colon_says_them() {
    let qs = q(
        "Mayor Patricia Holloway met Councillor Amos Reyes, who left early.\n\n\
                The mayor was blunt: “We will not pay.”\n\n\
                The report was clear: “Costs doubled.”",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(
        qs[0].speaker.as_deref(),
        Some("Patricia Holloway"),
        "{qs:?}"
    );
}

#[test]
fn a_description_giving_an_age_is_the_person_in_focus() {
    let qs = q(
        "Tomas Berecz leads the dock workers’ union. Berecz said the walkout would \
                last. Standing on a flatbed truck, the 58-year-old former crane operator told \
                the crowd: “We are not machines.”\n\n\
                Standing nearby, the 61-year-old told us: “We will win.”",
    );
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert!(
        qs.iter()
            .all(|x| x.speaker.as_deref() == Some("Tomas Berecz")),
        "{qs:?}"
    );
}

#[test]
fn a_picture_credit_names_no_one_in_the_story() {
    let qs = q(
        "The English comedian Peter Serafinowicz posted the clip on Thursday.\n\n\
                Neilson Barnard via Getty Images.\n\n\
                “What if he had elocution lessons?” the 43-year-old asked.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(
        qs[0].speaker.as_deref(),
        Some("Peter Serafinowicz"),
        "{qs:?}"
    );
}

#[test]
fn his_report_is_the_possessors() {
    let qs = q(
        "The inquiry was led by Professor Sir Malcolm Brereton. His report found no \
                evidence of that, but said managers had been “under intense and relentless \
                pressure” to show improvement.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Malcolm Brereton"), "{qs:?}");
}

#[test]
fn a_body_named_with_of_is_recorded_whole() {
    let qs = q(
        "The Port Authority of Marenia, the state agency that oversees the terminals, \
                said it had activated contingency plans. “Essential shipments will be given \
                priority,” the authority said.\n\n\
                The Royal College of Nursing said staff had raised concerns. “Nurses on the \
                wards could see it,” the college said.\n\n\
                The Department of Health and Social Care said it was “not the department’s \
                role to investigate” individual trusts.",
    );
    let speakers: Vec<_> = qs.iter().map(|x| x.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("Port Authority of Marenia"),
            Some("Royal College of Nursing"),
            Some("The Department of Health and Social Care"),
        ],
        "{qs:?}"
    );
}

#[test]
fn the_company_is_the_body_the_text_just_had_speaking() {
    let qs = q(
        "Twitter said on Friday that it had suspended 125,000 accounts.\n\n\
                “Our work has changed,” Twitter said in a statement. The company said its \
                moves had already produced “an increase in account reports.”\n\n\
                Caravel Container Lines, one of the largest carriers serving Marenia, said it \
                was diverting ships. In a statement, the company said: “We regret the impact \
                on our customers.”",
    );
    let speakers: Vec<_> = qs.iter().map(|x| x.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("Twitter"),
            Some("Twitter"),
            Some("Caravel Container Lines")
        ],
        "{qs:?}"
    );
}

#[test]
fn the_company_is_not_a_person_named_last() {
    let qs = q("Maria Lopez, a nurse, said she had waited for hours.\n\n\
                “We regret the delay,” the company said.");
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("the company"), "{qs:?}");
}

#[test]
fn the_person_the_writer_meets_is_the_focus() {
    let qs = q("Deborah Lindqvist has been mayor since 2017.\n\n\
                “Hope is not a strategy,” said Rachel Okonjo, her deputy.\n\n\
                On my last evening in town, I found Lindqvist at the bandstand again.\n\n\
                “Then I’ll paint the bandstand,” she said.");
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(
        qs[1].speaker.as_deref(),
        Some("Deborah Lindqvist"),
        "{qs:?}"
    );
}

#[test]
fn an_apology_quoted_in_part_is_the_apologisers() {
    let qs = q(
        "Dr Anita Sewell, who became chief executive of the trust last spring, \
                apologised “without reservation” to patients and their families.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Anita Sewell"), "{qs:?}");
    assert!(qs[0].partial, "{qs:?}");
}

#[test]
fn a_body_named_after_an_opening_phrase_is_the_subject() {
    let qs = q(
        "Following a swiftly called, late-afternoon meeting, the Security Council issued \
                a statement calling the test “a clear violation” of five resolutions.",
    );
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].speaker.as_deref(), Some("Security Council"), "{qs:?}");
}

#[test]
fn the_agent_of_a_passive_is_the_sentences_focus() {
    let qs = q(
        "Graham Pettifer, 71, waited two years for surgery. “I was forgotten,” he said.\n\n\
                The inquiry was led by Professor Sir Malcolm Brereton, a former medical \
                director. His report said managers had been “under intense and relentless \
                pressure” to show improvement.\n\n\
                Senator Ana Ruiz was asked by moderator Tom Baker about the report. “It is \
                damning,” she said.",
    );
    let speakers: Vec<_> = qs.iter().map(|x| x.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("Graham Pettifer"),
            Some("Malcolm Brereton"),
            Some("Ana Ruiz")
        ],
        "{qs:?}"
    );
}

#[test]
fn an_attribution_running_into_the_next_quote_introduces_that_one() {
    // `He added,` leads into the second quote; the first keeps `Brafman said,`.
    let qs = q("Then Brafman exposed the tactics.\n\n\
                Brafman said, “The zeal with which this case was brought is uncharacteristic \
                of any case that we have found.” He added, “In this case things happened \
                that are not ordinary.”");
    let got = speakers_and_cues(&qs);
    assert_eq!(
        got,
        [
            (Some("Brafman"), Some("said")),
            (Some("Brafman"), Some("added"))
        ],
        "{qs:?}"
    );
}

#[test]
fn a_person_before_a_chain_of_of_phrases_is_the_speaker() {
    let qs = q(
        "Steve Smith of the Bank of England said, “Rates will stay where they are.”\n\n\
                However, as Archbishop Aris Shirvanian of the Armenian Patriarchate of \
                Jerusalem told the Associated Press (AP), “We have suffered the same fate.”",
    );
    let got: Vec<_> = qs.iter().map(|x| x.speaker.as_deref()).collect();
    assert_eq!(
        got,
        [Some("Steve Smith"), Some("Aris Shirvanian")],
        "{qs:?}"
    );
    assert_eq!(qs[0].role.as_deref(), Some("of the Bank of England"));
    assert_eq!(qs[1].role.as_deref(), Some("Archbishop"));
}

#[test]
fn partial_quotes_in_a_sentence_closing_on_its_attribution_are_that_speakers() {
    let qs = q(
        "Bernie Sanders won the primary. Given Sanders' electoral success, his \
                endorsements will carry \"a great deal of weight\" and help bring candidates \
                the \"grass-roots firepower\" they need to win, DFA spokesman Neil Sroka said.",
    );
    let got: Vec<_> = qs
        .iter()
        .map(|x| (x.speaker.as_deref(), x.role.as_deref(), x.partial))
        .collect();
    assert_eq!(
        got,
        [
            (Some("Neil Sroka"), Some("DFA spokesman"), true),
            (Some("Neil Sroka"), Some("DFA spokesman"), true)
        ],
        "{qs:?}"
    );
}

#[test]
fn a_body_named_with_for_after_an_organisation_word_is_whole() {
    let qs = q("Progress report\n\n\
                The group met on Monday in Washington to discuss the plans.\n\n\
                \"We will not stop at all,\" the Center for American Progress said.\n\n\
                \"Building a staged weapon would seem to be a stretch,\" Jeffrey Lewis of the \
                James Martin Center for Nonproliferation Studies wrote in December.");
    let got = speakers_and_roles(&qs);
    assert_eq!(
        got,
        [
            (Some("the Center for American Progress"), None),
            (
                Some("Jeffrey Lewis"),
                Some("of the James Martin Center for Nonproliferation Studies")
            )
        ],
        "{qs:?}"
    );
}

#[test]
fn a_source_familiar_with_or_close_to_something_is_an_unnamed_source() {
    let qs = q(
        "Katie Packer runs the group. A source familiar with the ad says the group is \
                \"going to spend big\" on it.\n\n\
                Steve Adler runs rVotes. \"We are going to spend big on it,\" a source familiar \
                with the matter said.\n\n\
                \"We will spend big,\" people familiar with the plans said.\n\n\
                Katie Packer runs the group. Sources close to the campaign say it is \"going to \
                spend a lot\" on it.",
    );
    let got = speakers_and_roles(&qs);
    assert_eq!(
        got,
        [
            (None, Some("A source familiar with the ad")),
            (None, Some("a source familiar with the matter")),
            (None, Some("people familiar with the plans")),
            (None, Some("Sources close to the campaign")),
        ],
        "{qs:?}"
    );
}

#[test]
fn a_capitalised_mp_after_a_modifier_is_the_role() {
    let (_, speaker, role, _, _) =
        only("Local MP Sarah Quinn said: \"This town deserves better than this.\"");
    assert_eq!(speaker.as_deref(), Some("Sarah Quinn"));
    assert_eq!(role.as_deref(), Some("Local MP"));
}

#[test]
fn the_defense_is_a_legal_team_not_the_last_person_named() {
    let qs = q("Jury convicts mayor\n\n\
                \"He sold his office,\" Assistant U.S. Attorney Ben Carter told jurors.\n\n\
                The defense countered that the payments were \"legitimate consulting fees.\"");
    let got = speakers_and_roles(&qs);
    assert_eq!(
        got,
        [
            (Some("Ben Carter"), Some("Assistant U.S. Attorney")),
            (None, Some("The defense"))
        ],
        "{qs:?}"
    );
}

#[test]
fn a_name_alone_in_an_opening_phrase_is_the_topic_for_a_later_pronoun() {
    let qs = q("The long road back\n\n\
                When Maria Santos first walked into the clinic, she could barely stand. \
                \"I thought my life was over,\" she recalled.\n\n\
                \"The numbers are staggering,\" said Dr. Anita Rao, an epidemiologist. Rao \
                said funding had \"flatlined\" over the past decade.\n\n\
                For Santos, the message is simple. \"Don't give up,\" she said.");
    let speakers: Vec<_> = qs.iter().map(|x| x.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("Maria Santos"),
            Some("Anita Rao"),
            Some("Anita Rao"),
            Some("Maria Santos")
        ],
        "{qs:?}"
    );
}

#[test]
fn lowercase_words_after_a_title_noun_are_speech_not_a_title() {
    let qs = q("Bill passes\n\n\
                President Joe Biden said he would sign the bill \"immediately.\"\n\n\
                Trump promoted his book \"The Art of the Deal.\"");
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].text, "immediately.");
    assert_eq!(qs[0].speaker.as_deref(), Some("Joe Biden"));
    assert!(qs[0].partial);
}

#[test]
fn a_bodys_name_may_hold_and() {
    let qs = q("Families rally\n\n\
                Netanyahu has denied the accusation.\n\n\
                The Hostages and Missing Families Forum, which represents most of the families, \
                said in a statement: \"The time for excuses is over.\"\n\n\
                \"We are proud to help,\" the Bill and Melinda Gates Foundation said.");
    let got: Vec<_> = qs.iter().map(|x| x.speaker.as_deref()).collect();
    assert_eq!(
        got,
        [
            Some("The Hostages and Missing Families Forum"),
            Some("the Bill and Melinda Gates Foundation")
        ],
        "{qs:?}"
    );
}

#[test]
fn a_word_for_a_person_opening_the_sentence_before_a_full_name_is_the_role() {
    let qs = q("Shooting\n\n\
                Witness Darnell Price said: \"Everybody just hit the ground.\"\n\n\
                Resident Mary Cole said she heard \"at least five shots.\"");
    let got = speakers_and_roles(&qs);
    assert_eq!(
        got,
        [
            (Some("Darnell Price"), Some("Witness")),
            (Some("Mary Cole"), Some("Resident"))
        ],
        "{qs:?}"
    );
}

#[test]
fn a_first_name_renaming_a_relative_takes_the_relatives_gender() {
    let qs = q("Talks\n\n\
                \"It has been close for months,\" said Yehuda Cohen, whose son is held.\n\n\
                Cohen's wife, Vicky, put it more bluntly. \"They are playing with our lives,\" \
                she said.");
    let got: Vec<_> = qs.iter().map(|x| x.speaker.as_deref()).collect();
    assert_eq!(got, [Some("Yehuda Cohen"), Some("Vicky")], "{qs:?}");
}

#[test]
fn a_name_after_role_words_set_off_by_commas_renames_the_subject() {
    let qs = q("Inside the negotiations\n\n\
                Ronen Bar, the head of the Shin Bet, was among the negotiators.\n\n\
                Bar's counterpart, Egyptian intelligence chief Abbas Kamel, has mediated for \
                years. In a rare interview, he told Al-Ahram newspaper: \"Patience is the only \
                currency in this business.\"\n\n\
                One Western diplomat involved in the process described the atmosphere as \
                \"toxic.\"\n\n\
                Her neighbor, retired firefighter Gary Tate, stayed behind. \"I know what I'm \
                doing,\" he told a reporter.");
    let got = speakers_and_roles(&qs);
    assert_eq!(
        got,
        [
            (Some("Abbas Kamel"), None),
            (None, Some("One Western diplomat involved in the process")),
            (Some("Gary Tate"), None)
        ],
        "{qs:?}"
    );
}

#[test]
fn a_participle_phrase_between_subject_and_cue_is_an_adjunct() {
    let qs = q("Talks\n\n\
                The talks resumed on Monday.\n\n\
                Hamas official Osama Hamdan, speaking in Beirut, said: \"We will not give up \
                our demands.\"\n\n\
                \"We can call this right now,\" election law expert Rick Hasen tweeted.");
    let got: Vec<_> = qs
        .iter()
        .map(|x| (x.speaker.as_deref(), x.role.as_deref(), x.cue.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("Osama Hamdan"), Some("Hamas official"), Some("said")),
            (
                Some("Rick Hasen"),
                Some("election law expert"),
                Some("tweeted")
            )
        ],
        "{qs:?}"
    );
}

#[test]
fn a_pronoun_with_no_named_antecedent_takes_the_described_subject_before_as_role() {
    let qs = q("Minister resigns\n\n\
                The transport minister, Helen Carr, resigned on Thursday.\n\n\
                The prime minister thanked her for her service. 'Helen has been a dedicated \
                minister,' he said, adding that he accepted her resignation 'with regret'.");
    let got: Vec<_> = qs
        .iter()
        .map(|x| (x.speaker.as_deref(), x.role.as_deref(), x.partial))
        .collect();
    assert_eq!(
        got,
        [
            (None, Some("The prime minister"), false),
            (None, Some("The prime minister"), true)
        ],
        "{qs:?}"
    );
}

#[test]
fn the_democrat_or_the_dallas_republican_is_a_person_described() {
    let qs = q("Governor vetoes housing bill\n\n\
                Gov. Maria Alvarez vetoed a bill on Wednesday.\n\n\
                The Democrat said in a veto message that the measure \"goes too far, too \
                fast.\"\n\n\
                State Sen. Paul Whitman, the bill's Republican sponsor, was furious. \"She had a \
                chance and she blinked,\" the Dallas Republican said.");
    let got = speakers_and_roles(&qs);
    assert_eq!(
        got,
        [
            (Some("Maria Alvarez"), Some("The Democrat")),
            (Some("Paul Whitman"), Some("the Dallas Republican"))
        ],
        "{qs:?}"
    );
}

#[test]
fn a_name_after_a_subordinator_speaks_even_after_an_appositive_subject() {
    let (_, speaker, _, cue, partial) = only(
        "McCain, the GOP's presidential nominee in 2008, issued a statement after Republican \
         contender Donald Trump told a town hall on Monday that waterboarding is \"peanuts,\" \
         compared to what militants are doing.",
    );
    assert_eq!(speaker.as_deref(), Some("Donald Trump"));
    assert_eq!(cue.as_deref(), Some("told"));
    assert!(partial);
}

#[test]
fn a_first_name_that_is_also_a_function_word_is_a_name_before_a_surname() {
    let qs = q("Tuition\n\n\
                Colleges have costs.\n\n\
                \"It is a pretty expensive model,\" said Will Doyle, a professor at \
                Vanderbilt.\n\n\
                \"It is a costly model,\" Will Doyle said.\n\n\
                Will Trump win? \"Nobody knows,\" said Tom Reed.");
    let got = speakers_and_roles(&qs);
    assert_eq!(
        got,
        [
            (Some("Will Doyle"), Some("a professor at Vanderbilt")),
            (Some("Will Doyle"), None),
            (Some("Tom Reed"), None)
        ],
        "{qs:?}"
    );
}

#[test]
fn the_airline_is_the_airline_named_before() {
    let (_, speaker, role, _, _) = only(
        "Skyway Airlines grounded all its flights on Thursday after a software failure.\n\n\
         \"We sincerely apologize to our customers,\" the airline said in a statement.",
    );
    assert_eq!(speaker.as_deref(), Some("Skyway Airlines"));
    assert_eq!(role.as_deref(), Some("the airline"));
}

#[test]
fn a_participle_phrase_after_an_unnamed_source_belongs_to_its_description() {
    let qs = q("Probe\n\n\
                The FBI is investigating.\n\n\
                Another intelligence source speaking to Fox News said, \"The agents are \
                investigating the donations.\"\n\n\
                The Clinton Foundation \"received as much as $26.4 million\" from corporations \
                and foreign sources, the Washington Post reported ten days ago.");
    let got = speakers_and_roles(&qs);
    assert_eq!(
        got,
        [
            (
                None,
                Some("Another intelligence source speaking to Fox News")
            ),
            (Some("the Washington Post"), None)
        ],
        "{qs:?}"
    );
}

#[test]
fn a_colon_label_may_carry_role_words_and_a_party_tag() {
    let qs = q("Hearing\n\n\
                The exchange was tense.\n\n\
                Rep. Trey Gowdy (R-S.C.):\"I have not heard anyone other than you ever cite \
                that figure.\"\n\n\
                Former secretary of state Hillary Rodham Clinton:\"We learned that from the \
                State Department.\"\n\n\
                In other words, explained CBS moderator Nancy Cordes: \"What does that have to \
                do with taking big donations?\"");
    let speakers: Vec<_> = qs.iter().map(|x| x.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("Trey Gowdy"),
            Some("Hillary Rodham Clinton"),
            Some("Nancy Cordes")
        ],
        "{qs:?}"
    );
    assert_eq!(qs[2].role.as_deref(), Some("CBS moderator"));
}

#[test]
fn a_reporting_participle_after_the_quote_continues_the_clause_before_it() {
    let qs = q("Trump\n\n\
                Donald Trump has delivered an impassioned defense of “New York values,” saying \
                the city embodied the “bravery, heart and soul of America.”");
    let got = speakers_and_cues(&qs);
    assert_eq!(
        got,
        [
            (Some("Donald Trump"), Some("saying")),
            (Some("Donald Trump"), Some("saying"))
        ],
        "{qs:?}"
    );
    assert!(qs.iter().all(|x| x.role.is_none()), "{qs:?}");
}

#[test]
fn a_relative_clause_after_the_role_is_no_part_of_it() {
    let (_, speaker, role, _, _) = only(
        "\"These categories lump together very different foods,\" said Gunter Kuhnle, a \
         professor of nutrition at the University of Reading, who was not involved in the \
         research.",
    );
    assert_eq!(speaker.as_deref(), Some("Gunter Kuhnle"));
    assert_eq!(
        role.as_deref(),
        Some("a professor of nutrition at the University of Reading")
    );
}
