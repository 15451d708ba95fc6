//! Attribution: who said a quoted span, with what role and cue verb.
//!
//! Works on small token windows around each span (the rest of its sentence before and after the
//! marks), recognising the newswriting patterns `“…,” said X`, `“…,” X said`, `X said: “…”`,
//! `X, <role>, stated, “…”`, `according to X, “…”`. Names are split into speaker and role (office
//! titles before the name, appositives after it). What it finds is a `Found` source, a name, a
//! pronoun or a description, that `entities` later resolves to a full name. A participle adjunct
//! (`…, telling reporters “…”`) or a coordinated verb (`… but later said`) takes the subject of
//! its main clause; a document (`the IMF report said`) speaks for whoever issued it. Everything
//! is bounded by the window sizes, so the cost is linear in the article length.

use super::lexicon;
use super::tokens::{Tok, TokKind, tokenize};

/// Grammatical gender guessed for a person, used to resolve `he`/`she`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

/// How far back (bytes) a document's introduction is looked for.
pub(super) const DOCUMENT_LOOKBACK: usize = 3000;

/// Role words compared in their full form (`Sen.` is `senator`).
pub(super) fn role_word(w: &str) -> &str {
    match w.trim_end_matches('.') {
        "sen" => "senator",
        "rep" => "representative",
        "gov" => "governor",
        "pres" => "president",
        "gen" => "general",
        other => other,
    }
}

const ORG_WORDS: &[&str] = &[
    "party",
    "board",
    "committee",
    "university",
    "college",
    "institute",
    "post",
    "times",
    "news",
    "department",
    "ministry",
    "council",
    "association",
    "foundation",
    "center",
    "centre",
    "campaign",
    "office",
    "agency",
    "authority",
    "bureau",
    "court",
    "union",
    "group",
    "network",
    "journal",
    "press",
    "reuters",
    "service",
    "commission",
    "administration",
    "house",
    "senate",
    "congress",
    "company",
    "corporation",
    "inc.",
    "corp.",
    "bank",
    "fund",
    "club",
    "school",
    "church",
    "police",
    "army",
    "force",
    "county",
    "city",
    "state",
    "states",
    "republicans",
    "democrats",
    "politifact",
    "cnn",
    "msnbc",
    "fox",
    "nbc",
    "abc",
    "cbs",
    "npr",
    "fbi",
    "gop",
    "dnc",
    "rnc",
    "tribune",
    "herald",
    "magazine",
    "review",
    "daily",
    "street",
    "avenue",
    "tower",
    "hall",
    "project",
    "program",
    "watch",
    "coalition",
    "alliance",
    "organization",
    "institution",
    "hospital",
    "museum",
    "airlines",
    "media",
    "systems",
    "technologies",
    "industries",
    "labs",
    "pharmaceuticals",
    "motors",
    "front",
    "chamber",
    "academy",
    "academies",
    "directorate",
    "secretariat",
    "division",
    "forum",
];

pub(super) fn is_org_word(lower: &str) -> bool {
    static SET: std::sync::LazyLock<std::collections::HashSet<&str, lexicon::Fx>> =
        std::sync::LazyLock::new(|| ORG_WORDS.iter().copied().collect());
    SET.contains(lower)
}

/// A person name as written (`Dr. Rachel Goodman` -> `Rachel Goodman`, role none; `White
/// House Press Secretary James Corbin` -> `James Corbin`, role `White House Press Secretary`).
#[derive(Debug, Clone, PartialEq)]
pub struct NameParts {
    pub name: String,
    pub role: Option<String>,
    pub gender: Gender,
    pub org: bool,
    /// Preceded by an honorific (`Mr.`, `Sen.`): a person even when only the surname follows.
    pub honorific: bool,
    pub pos: usize,
}

pub(super) fn name_token_ok(t: &Tok) -> bool {
    if !t.is_word() {
        return false;
    }
    // Weekdays follow names in news (`Sen. Ted Cruz Wednesday`) but are never part of them.
    if matches!(
        t.s,
        "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday"
    ) {
        return false;
    }
    t.is_cap() || lexicon::is_name_particle(t.s)
}

/// Splits a run of capitalised tokens into role (title words, honorifics) and name.
pub fn split_name(run: &[Tok]) -> Option<NameParts> {
    let mut gender = Gender::Unknown;
    let mut honorific = false;
    let mut i = 0;
    if run.first().is_some_and(|t| lexicon::is_stop_any_case(t.s)) {
        return None;
    }
    let mut role_end = 0;
    // Titles and honorifics lead; the name is what follows the last of them.
    while i < run.len() {
        let l = run[i].lower();
        let lt = l.trim_end_matches('.');
        if lexicon::is_honorific(lt) {
            honorific = true;
            match lt {
                "mr" | "sir" | "lord" | "father" | "brother" => gender = Gender::Male,
                "mrs" | "ms" | "miss" | "dame" | "lady" | "sister" => gender = Gender::Female,
                _ => {}
            }
            i += 1;
            if !matches!(lt, "mr" | "mrs" | "ms" | "miss" | "dr" | "prof") {
                role_end = i;
            }
            continue;
        }
        // `Witness Darnell Price`, `Resident Mary Cole`: a word for a person, capitalised
        // as the sentence opens, before a full name.
        let label = i == 0
            && run.len() >= 3
            && lexicon::is_anon_head(&l)
            && (!l.ends_with('s') || l.ends_with("ss"))
            && !run.iter().any(|t| is_org_word(&t.lower()));
        if (label || lexicon::is_title_word(&l) || is_origin_word(&l)) && i + 1 < run.len() {
            i += 1;
            role_end = i;
            continue;
        }
        // A title further in (`Research Director Raj Shah`, `Retired Army Gen. Norman Ham`):
        // everything up to the last title word or honorific is the role.
        // A suffix is no name by itself: in `Martin Luther King Jr.` the name ends with
        // `King`, whatever `King` means elsewhere.
        let suffixes = run
            .iter()
            .rev()
            .take_while(|t| matches!(t.s, "Jr." | "Sr." | "Jr" | "Sr" | "II" | "III" | "IV"))
            .count();
        let last = run.len().saturating_sub(suffixes).max(i + 1);
        if let Some(j) = run[i..last - 1].iter().rposition(|t| {
            let l = t.lower();
            lexicon::is_honorific(l.trim_end_matches('.'))
                || lexicon::is_title_word(&l)
                    && t.s != "Jr."
                    // `Local MP Sarah Quinn`: a short title word only in capitals.
                    && (t.s.chars().count() > 2 || t.s == "MP")
        }) {
            let j = i + j;
            let lt = run[j].lower();
            if lexicon::is_honorific(lt.trim_end_matches('.')) {
                honorific = true;
            }
            i = j + 1;
            role_end = i;
            continue;
        }
        break;
    }
    let mut name_toks = run.get(i..)?;
    if name_toks.is_empty() {
        return None;
    }
    // `the Prime Minister`, `Vice President`: an office alone names no one.
    if i > 0
        && !honorific
        && name_toks
            .iter()
            .all(|t| lexicon::is_title_word(&t.lower()) && !is_org_word(&t.lower()))
        && name_toks.last().is_some_and(|t| {
            matches!(
                t.lower().trim_end_matches('.'),
                "minister"
                    | "president"
                    | "secretary"
                    | "chancellor"
                    | "governor"
                    | "premier"
                    | "chairman"
                    | "chairwoman"
                    | "general"
                    | "ambassador"
                    | "envoy"
                    | "commissioner"
                    | "director"
                    | "leader"
            )
        })
    {
        return None;
    }
    // `National Review`, `White House`, `Supreme Court`: title words before an organisation
    // word are its name, not a role.
    // So are they before a name ending in one (`Hywel Dda University Health Board`,
    // `Supreme Political Council`).
    if i > 0 && !honorific && name_toks.last().is_some_and(|t| is_org_word(&t.lower())) {
        name_toks = run;
        role_end = 0;
    }
    // `Fox's Chris Wallace`, `Iowa State University's Dianne Bystrom`: a possessor before a
    // full name is where the person works, so it belongs to the role.
    if let Some(j) = name_toks[..name_toks.len() - 1]
        .iter()
        .rposition(|t| t.s.ends_with("'s") || t.s.ends_with("\u{2019}s"))
    {
        let person = &name_toks[j + 1..];
        if person.len() >= 2
            && !person.iter().any(|t| is_org_word(&t.lower()))
            && !person
                .last()
                .is_some_and(|t| lexicon::is_place_word(&t.lower()))
        {
            role_end = run.len() - name_toks.len() + j + 1;
            name_toks = person;
        }
    }
    // A possessive ends a name (`Trump’s claim` is Trump's): the name is without it.
    let mut name: Vec<&str> = name_toks.iter().map(|t| t.s).collect();
    if let Some(last) = name.last_mut() {
        *last = last
            .strip_suffix("'s")
            .or_else(|| last.strip_suffix("\u{2019}s"))
            .unwrap_or(last);
    }
    if name.last().is_some_and(|w| w.is_empty()) {
        return None;
    }
    // A known first name makes a person of a surname that is also a place (`Linda Park`,
    // `Whitney Houston`), and of a first name that is also a place before a surname that is
    // not one (`Carolina Milanesi`, not `Virginia Beach`).
    let first_name_first = || {
        name_toks.len() >= 2
            && name_toks.first().is_some_and(|t| {
                let l = t.lower();
                lexicon::first_name_gender(&l).is_some()
                    && (!lexicon::is_place_word(&l)
                        || name_toks
                            .last()
                            .is_some_and(|t| !lexicon::is_place_word(&t.lower())))
            })
    };
    // A title or honorific before a full name makes a person too (`Police Chief Marcus Hill`).
    let titled = (honorific || role_end > 0) && name_toks.len() >= 2;
    let org = name_toks.iter().any(|t| is_org_word(&t.lower()))
        || !titled
            && name_toks.iter().any(|t| lexicon::is_place_word(&t.lower()))
            && !first_name_first()
        || name_toks
            .iter()
            .all(|t| t.s.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) && t.s.len() > 1);
    let role = if role_end > 0 {
        let r: Vec<&str> = run[..role_end]
            .iter()
            .filter(|t| {
                !matches!(
                    t.lower().trim_end_matches('.'),
                    "mr" | "mrs" | "ms" | "miss" | "dr" | "prof"
                )
            })
            .map(|t| t.s)
            .collect();
        // `The Queens-born, Manhattan-made Mr. Trump`: where someone is from is no role.
        let origin_only = r.iter().all(|w| is_origin_word(w));
        if r.is_empty() || origin_only {
            None
        } else {
            Some(r.join(" "))
        }
    } else {
        None
    };
    Some(NameParts {
        name: name.join(" "),
        role,
        gender,
        org,
        honorific,
        pos: run[0].start,
    })
}

/// `Queens-born`, `Manhattan-made`, `Texas-based`: where someone comes from, before a name.
fn is_origin_word(word: &str) -> bool {
    word.split_once('-').is_some_and(|(_, tail)| {
        matches!(
            tail,
            "born" | "made" | "bred" | "raised" | "based" | "educated"
        )
    })
}

/// Where the capitalised body before role words starting at `r` begins (`Wedbush` before
/// `analyst Dan Ives`, `Manchester United` before `manager Ruben Amorim`): it belongs to the
/// role. At most `max` words.
pub(super) fn body_before(toks: &[Tok], r: usize, max: usize) -> usize {
    let mut b = r;
    while b > 0
        && r - b < max
        && toks[b - 1].is_word()
        && toks[b - 1].is_cap()
        && !lexicon::is_stop_any_case(toks[b - 1].s)
    {
        b -= 1;
    }
    b
}

/// A role that is a possessor (`Fox's`): where the person named after it works.
fn is_possessor(role: &str) -> bool {
    role.ends_with("'s") || role.ends_with("\u{2019}s")
}

/// Length of the run of name tokens starting at `i` (a candidate name), if any.
pub(super) fn cap_run_at(toks: &[Tok], i: usize) -> Option<usize> {
    let t = toks.get(i)?;
    if !t.is_cap() || lexicon::is_stop_any_case(t.s) || is_number_word(t.s) {
        return None;
    }
    let mut j = i;
    while j < toks.len() && name_token_ok(&toks[j]) && !(j > i && ends_name(toks[j].s)) {
        j += 1;
        // A possessive is the run's last word.
        if toks[j - 1].s.ends_with("'s") || toks[j - 1].s.ends_with("\u{2019}s") {
            break;
        }
    }
    (j > i).then_some(j - i)
}

/// A function word inside a run of capitalised words ends the name; a capitalised verb there
/// is part of it (`Judicial Watch`, `Ian Read`), not the verb it spells.
fn ends_name(word: &str) -> bool {
    lexicon::is_stop_any_case(word) && !verb_in_name(word)
}

fn verb_in_name(word: &str) -> bool {
    matches!(word, "Watch" | "Read" | "Follow" | "See")
}

/// A capitalised number word opening a sentence (`Six newspapers …`), never a name.
fn is_number_word(w: &str) -> bool {
    matches!(
        w,
        "One"
            | "Two"
            | "Three"
            | "Four"
            | "Five"
            | "Six"
            | "Seven"
            | "Eight"
            | "Nine"
            | "Ten"
            | "Dozens"
            | "Hundreds"
            | "Thousands"
            | "Millions"
    )
}

pub(super) fn gender_of(np: &NameParts) -> Gender {
    if np.gender != Gender::Unknown {
        return np.gender;
    }
    let first = lexicon::lower_of(np.name.split(' ').next().unwrap_or(""));
    match lexicon::first_name_gender(&first) {
        Some(true) => Gender::Male,
        Some(false) => Gender::Female,
        None => Gender::Unknown,
    }
}

pub(super) fn is_verbish(t: &Tok) -> bool {
    if !t.is_word() || t.is_cap() {
        return false;
    }
    let l = t.lower();
    // The suffixes first: they settle most words without a lookup.
    l.ends_with("ed")
        || (l.ends_with('s') && !l.ends_with("ss"))
        || lexicon::is_cue(&l)
        || matches!(
            l.as_ref(),
            "has"
                | "had"
                | "was"
                | "is"
                | "will"
                | "would"
                | "can"
                | "could"
                | "did"
                | "does"
                | "also"
                | "then"
                | "told"
        )
        || IRREGULAR_PAST.contains(&l.as_ref())
}

/// Common irregular past tenses, so that `Carly Fiorina threw her support …` reads as a
/// subject and its verb.
const IRREGULAR_PAST: &[&str] = &[
    "grew",
    "chose",
    "drove",
    "flew",
    "bought",
    "caught",
    "fought",
    "sought",
    "taught",
    "understood",
    "wore",
    "sold",
    "shook",
    "struck",
    "swore",
    "withdrew",
    "forgot",
    "stole",
    "tore",
    "wept",
    "threw",
    "took",
    "gave",
    "made",
    "came",
    "went",
    "got",
    "spoke",
    "sent",
    "left",
    "kept",
    "held",
    "brought",
    "felt",
    "found",
    "saw",
    "knew",
    "became",
    "ran",
    "won",
    "lost",
    "met",
    "paid",
    "stood",
    "sat",
    "led",
    "heard",
    "meant",
    "built",
    "spent",
    "drew",
    "rose",
    "fell",
    "broke",
    "chose",
    "struck",
    "fought",
    "sought",
    "taught",
    "bought",
    "shook",
    "swore",
    "wore",
    "forgot",
    "understood",
    "withdrew",
    "shot",
    "hit",
    "cut",
    "quit",
    "let",
    "set",
];

/// The issuer of a document: named in the description itself (`the IMF report`) or right
/// before an earlier mention of the document word (`a New York Times article`, `Mariano's
/// book`). `pos` is where the description stands; only text before it is read.
pub fn document_issuer(text: &str, desc: &str, head: &str, pos: usize) -> Option<NameParts> {
    // The description is normally the text at `pos`; when it is not, only earlier mentions count.
    let own = if text.get(pos..pos + desc.len()) == Some(desc) {
        tokenize(text, pos, pos + desc.len())
    } else {
        Vec::new()
    };
    if let Some(np) = own
        .split_last()
        .and_then(|(_, before)| name_right_before(before, text))
    {
        return Some(np);
    }
    let mut from = pos.saturating_sub(DOCUMENT_LOOKBACK);
    while from < pos && !text.is_char_boundary(from) {
        from += 1;
    }
    let window = text.get(from..pos)?.as_bytes();
    let h = head.as_bytes();
    let is_word_byte = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    let mut end = window.len();
    // The nearest few mentions of the word; the first with a name before it decides.
    for _ in 0..8 {
        let i = (0..(end + 1).saturating_sub(h.len())).rev().find(|&i| {
            window
                .get(i..i + h.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(h))
                // `the American Community Survey`: a capitalised word is part of a name.
                && window.get(i).is_some_and(u8::is_ascii_lowercase)
                && !is_word_byte(i.checked_sub(1).and_then(|j| window.get(j)))
                && !is_word_byte(window.get(i + h.len()))
        })?;
        let occ = from + i;
        let mut s = occ.saturating_sub(80);
        while s < occ && !text.is_char_boundary(s) {
            s += 1;
        }
        if let Some(np) = name_right_before(&tokenize(text, s, occ), text) {
            return Some(np);
        }
        if let Some(np) = issuer_named_after(text, occ + h.len()) {
            return Some(np);
        }
        end = i;
    }
    None
}

/// `a statement attributed to the Ridge Liberation Front`, `a report released on Monday by
/// the United Nations Office for Climate Adaptation`: the issuer named after the document
/// word at `after`, in the same sentence.
fn issuer_named_after(text: &str, after: usize) -> Option<NameParts> {
    let mut end = (after + 160).min(text.len());
    while end > after && !text.is_char_boundary(end) {
        end -= 1;
    }
    let toks = tokenize(text, after, end);
    let stop = toks
        .iter()
        .position(|t| t.ends_sentence() || t.is_punct(','))
        .unwrap_or(toks.len());
    let toks = &toks[..stop];
    let k = toks.iter().position(|t| {
        matches!(t.s, "by" | "from")
            || t.s == "to" && toks.first().is_some_and(|f| f.s == "attributed")
    })?;
    // Only the words of a participle phrase between (`released on Monday by`).
    if toks[..k]
        .iter()
        .any(|t| is_finite_verb(t) && !t.s.ends_with("ed"))
    {
        return None;
    }
    // The capitalised run after it, with `of`/`for`/`and` inside (`the National Academies
    // of Sciences`); a body's name as written.
    let rest = toks.get(k + 1..)?;
    let first = usize::from(rest.first().is_some_and(|t| t.lower() == "the"));
    let mut last = None;
    for (j, t) in rest.iter().enumerate().skip(first) {
        if t.is_cap() && name_token_ok(t) {
            last = Some(j);
        } else if !(matches!(t.s, "of" | "for" | "and") && last.is_some_and(|l| l + 1 == j)) {
            break;
        }
    }
    let last = last?;
    let name = text.get(rest[first].start..rest[last].end)?.to_string();
    let org = name.contains(' ') && rest[first..=last].iter().any(|t| is_org_word(&t.lower()));
    Some(NameParts {
        name,
        role: None,
        gender: Gender::Unknown,
        org,
        honorific: false,
        pos: rest[first].start,
    })
    .filter(|np| np.org)
}

/// The name that ends `toks`, if its last word is capitalised.
fn name_right_before(toks: &[Tok], src: &str) -> Option<NameParts> {
    if !toks.last().is_some_and(|t| t.is_cap() && t.is_word()) {
        return None;
    }
    match np_backward(toks, src)? {
        (Source::Name(np), _) => Some(np),
        _ => None,
    }
}

/// The source found for a quote before resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Name(NameParts),
    Pronoun(Gender),
    /// A description: its text, head noun, and whether it is definite (`the spokesperson`).
    Desc {
        text: String,
        head: String,
        definite: bool,
    },
}

/// An attribution found in a window.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub source: Source,
    /// Appositive role (`, a spokesperson for a leading NGO,`).
    pub appositive: Option<String>,
    pub cue: String,
    /// Byte offset of the source mention, for resolution order.
    pub pos: usize,
}

const DETERMINERS: &[&str] = &[
    "a", "an", "the", "another", "one", "two", "three", "some", "several", "many", "other", "this",
    "that", "these", "those", "his", "her", "their", "its", "our",
];

fn text_of(toks: &[Tok], src: &str) -> String {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => src.get(a.start..b.end).unwrap_or("").to_string(),
        _ => String::new(),
    }
}

/// Parses the noun phrase that ends at the end of `toks` (the subject before a cue verb);
/// `Mr. Morgan of the Sierra Club` is Mr. Morgan with the organisation as role.
fn np_backward(toks: &[Tok], src: &str) -> Option<(Source, usize)> {
    // `A person who attended the meeting`, `A Republican strategist who advises the Hale
    // campaign`: a relative clause belongs to the description before it.
    if let Some(w) = toks.iter().rposition(|t| t.s == "who")
        && w > 0
        && (3..=9).contains(&(toks.len() - w))
        && toks[w + 1..].iter().enumerate().all(|(n, t)| {
            // The clause's own verb may be a cue word (`who declined to be named`).
            t.is_word()
                && (n == 0 || !is_cue_tok(t))
                && !matches!(
                    t.lower().as_ref(),
                    "he" | "she"
                        | "they"
                        | "it"
                        | "we"
                        | "i"
                        | "when"
                        | "while"
                        | "and"
                        | "but"
                        | "because"
                        | "as"
                        | "if"
                )
        })
        && toks.last().is_some_and(|t| !lexicon::is_stop(&t.lower()))
        && let Some((Source::Desc { head, definite, .. }, pos)) = np_backward_inner(&toks[..w], src)
        && is_person_noun(&head)
        && let Some(k) = toks.iter().position(|t| t.start == pos)
    {
        return Some(desc_from(toks, k, head, definite, src));
    }
    // `Another intelligence source speaking to Fox News`, `One official speaking on condition
    // of anonymity`: a participle phrase after the description belongs to it.
    // Only the last eight tokens can hold it, and this runs for every attribution.
    let tail_from = toks.len().saturating_sub(8);
    if let Some(w) = toks[tail_from..]
        .iter()
        .rposition(|t| {
            matches!(
                t.s,
                "speaking" | "talking" | "writing" | "commenting" | "responding"
            )
        })
        .map(|w| w + tail_from)
        && w > 0
        && toks.len() - w >= 2
        && let Some((Source::Desc { head, definite, .. }, pos)) = np_backward_inner(&toks[..w], src)
        && is_person_noun(&head)
        && let Some(k) = toks.iter().position(|t| t.start == pos)
    {
        return Some(desc_from(toks, k, head, definite, src));
    }
    let r = np_backward_inner(toks, src)?;
    // `Steve Smith of the Bank of England`, `Archbishop Aris Shirvanian of the Armenian
    // Patriarchate of Jerusalem`: a person before a chain of `of` / `at` phrases is the subject.
    if let (Source::Name(_), pos) = &r {
        let mut j = toks.iter().position(|t| t.start == *pos)?;
        for _ in 0..3 {
            if j > 0 && toks[j - 1].lower() == "the" {
                j -= 1;
            }
            // `for` inside a body's name (`the James Martin Center for Nonproliferation
            // Studies`) links like `of`.
            let link = match toks[j.saturating_sub(1)].s {
                "of" | "at" => true,
                "for" => j >= 2 && toks[j - 2].is_cap() && is_org_word(&toks[j - 2].lower()),
                _ => false,
            };
            if j <= 1 || !link {
                break;
            }
            let Some((Source::Name(mut p2), pos2)) = np_backward_inner(&toks[..j - 1], src) else {
                break;
            };
            if p2.honorific || p2.name.contains(' ') && !p2.org {
                if p2.role.is_none() {
                    p2.role = Some(text_of(&toks[j - 1..], src));
                }
                return Some((Source::Name(p2), pos2));
            }
            j = toks.iter().position(|t| t.start == pos2)?;
        }
    }
    // `a spokesman for Hillary Clinton`, `a senior official in the ministry`: a person
    // described by a prepositional phrase, which belongs to the description.
    let mut j = toks.iter().position(|t| t.start == r.1)?;
    if j > 0 && toks[j - 1].lower() == "the" {
        j -= 1;
    }
    // `a source familiar with the matter`, `sources close to the campaign`: an adjective
    // between the description and its preposition.
    let adjective = j > 2
        && matches!(
            toks[j - 2].lower().as_ref(),
            "familiar" | "close" | "knowledgeable" | "briefed" | "loyal" | "opposed" | "involved"
        );
    if j > 1
        && matches!(
            toks[j - 1].lower().as_ref(),
            "for" | "to" | "at" | "in" | "of" | "with" | "from" | "on" | "about"
        )
        && (adjective || !matches!(toks[j - 1].lower().as_ref(), "on" | "about"))
        && let Some((Source::Desc { head, definite, .. }, pos2)) =
            np_backward_inner(&toks[..j - 1 - usize::from(adjective)], src)
                .map(|(s, p)| (plural_as_description(s), p))
        && is_person_noun(&head)
        && let Some(k) = toks.iter().position(|t| t.start == pos2)
    {
        return Some(desc_from(toks, k, head, definite, src));
    }
    // `Secretary of State Antony Blinken`: the office before `of` belongs to the role.
    if let (Source::Name(np), pos) = &r
        && let Some(role) = &np.role
        && let Some(j) = toks.iter().position(|t| t.start == *pos)
        && j >= 2
        && toks[j - 1].lower() == "of"
    {
        let mut s = j - 1;
        while s > 0 && toks[s - 1].is_cap() && lexicon::is_title_word(&toks[s - 1].lower()) {
            s -= 1;
        }
        // `the Department of Homeland Security`: an organisation word before `of` makes
        // the whole an organisation's name.
        if s < j - 1 && toks[s..j - 1].iter().any(|t| is_org_word(&t.lower())) {
            return Some(body_named_from(toks, s, src));
        }
        if s < j - 1 {
            let mut np = np.clone();
            np.role = Some(format!("{} {role}", text_of(&toks[s..j], src)));
            return Some((Source::Name(np), toks[s].start));
        }
    }
    // `the International Committee of the Red Cross`, `the University of Eastbrook`: a body
    // named `X of Y`.
    // `the Center for American Progress`: `for` after an organisation word joins a name too.
    let after_org_for = |j: usize| {
        j >= 2
            && toks[j - 1].s == "for"
            && toks[j - 2].is_cap()
            && is_org_word(&toks[j - 2].lower())
    };
    if let (Source::Name(np), pos) = &r
        && let Some(mut j) = toks.iter().position(|t| t.start == *pos)
        && (np.org || !np.name.contains(' ') && !np.honorific || !np.honorific && after_org_for(j))
    {
        // `of Health and Social Care`: the words after `of` may be joined by `and`.
        while j >= 2 && toks[j - 1].s == "and" && toks[j - 2].is_cap() {
            j -= 2;
            while j > 0 && toks[j - 1].is_cap() && name_token_ok(&toks[j - 1]) {
                j -= 1;
            }
        }
        if j > 0 && toks[j - 1].lower() == "the" {
            j -= 1;
        }
        if j >= 2 && (toks[j - 1].s == "of" || after_org_for(j)) {
            let mut s = j - 1;
            while s > 0 && toks[s - 1].is_cap() && name_token_ok(&toks[s - 1]) {
                s -= 1;
            }
            if s < j - 1 && toks[s..j - 1].iter().any(|t| is_org_word(&t.lower())) {
                return Some(body_named_from(toks, s, src));
            }
        }
    }
    // `Trump at the time said`, `Trump in his announcement speech called`: a phrase after a
    // preposition is an adjunct; the subject is the name or pronoun before it.
    if let (Source::Desc { .. }, pos) = &r {
        let j = toks.iter().position(|t| t.start == *pos)?;
        if j > 1
            && matches!(
                toks[j - 1].lower().as_ref(),
                "at" | "in" | "on" | "during" | "after" | "before" | "over" | "with" | "from"
            )
            && let Some(r2 @ (Source::Name(_) | Source::Pronoun(_), _)) =
                np_backward_inner(&toks[..j - 1], src)
        {
            return Some(r2);
        }
    }
    Some(r)
}

/// The description running from `toks[k]` to the end, with its head noun.
fn desc_from(toks: &[Tok], k: usize, head: String, definite: bool, src: &str) -> (Source, usize) {
    let text = text_of(&toks[k..], src);
    (
        Source::Desc {
            text,
            head,
            definite,
        },
        toks[k].start,
    )
}

/// The organisation whose name runs from `toks[s]` to the end, with the article before it.
fn body_named_from(toks: &[Tok], s: usize, src: &str) -> (Source, usize) {
    let from = if s > 0 && toks[s - 1].lower() == "the" {
        s - 1
    } else {
        s
    };
    let np = NameParts {
        name: text_of(&toks[from..], src),
        role: None,
        gender: Gender::Unknown,
        org: true,
        honorific: false,
        pos: toks[from].start,
    };
    (Source::Name(np), toks[from].start)
}

/// A capitalised plural naming people (`Families of the hostages`) as the description it is.
fn plural_as_description(source: Source) -> Source {
    match source {
        Source::Name(np)
            if !np.honorific && !np.name.contains(' ') && {
                let l = np.name.to_lowercase();
                l.ends_with('s') && lexicon::is_anon_head(&l)
            } =>
        {
            Source::Desc {
                head: np.name.to_lowercase(),
                text: np.name,
                definite: false,
            }
        }
        other => other,
    }
}

/// The head of a description that names a person (`spokesman`, `senator`, `narrator`); not a
/// title's modifier, which heads a description only when the noun was cut off (`One of
/// Grayson’s former supporters`).
pub(super) fn is_person_noun(head: &str) -> bool {
    (lexicon::is_anon_head(head) || super::is_person_head(head))
        && !matches!(
            head,
            "former"
                | "senior"
                | "top"
                | "acting"
                | "interim"
                | "incoming"
                | "outgoing"
                | "vice"
                | "deputy"
                | "assistant"
                | "then"
                | "national"
                | "federal"
                | "special"
                | "presidential"
                | "congressional"
                | "democratic"
                | "republican"
        )
}

fn np_backward_inner(toks: &[Tok], src: &str) -> Option<(Source, usize)> {
    let last = toks.last()?;
    if !last.is_word() {
        return None;
    }
    let l = last.bare();
    if lexicon::is_pronoun(&l) {
        let g = if l == "he" || l == "him" {
            Gender::Male
        } else {
            Gender::Female
        };
        return Some((Source::Pronoun(g), last.start));
    }
    // `“…,” I said`, `we said`: the writer, whom the article does not name here, not a reason
    // to look further back for someone else.
    if matches!(l.as_str(), "i" | "we") && toks.len() == 1 {
        return Some((
            Source::Desc {
                text: last.s.to_string(),
                head: l,
                definite: true,
            },
            last.start,
        ));
    }
    if lexicon::is_other_pronoun(&l) {
        return None;
    }
    if last.is_cap() {
        // Longest trailing run of name tokens.
        let mut s = toks.len();
        while s > 0 && name_token_ok(&toks[s - 1]) && !(s < toks.len() && ends_name(toks[s - 1].s))
        {
            s -= 1;
        }
        // `Will Doyle said`: a first name that is also a function word stays before a lone
        // surname.
        let mut forename_stop = None;
        if s < toks.len()
            && lexicon::is_stop(&toks[s].lower())
            && toks[s].lower() != "the"
            && !verb_in_name(toks[s].s)
        {
            if s + 2 == toks.len()
                && toks[s].is_cap()
                && !lexicon::is_stop_any_case(toks[s + 1].s)
                && let Some(male) = lexicon::first_name_gender(&toks[s].lower())
            {
                forename_stop = Some((toks[s], male));
            }
            s += 1;
        }
        if forename_stop.is_none()
            && s >= 1
            && s + 1 == toks.len()
            && toks[s - 1].is_cap()
            && lexicon::is_stop(&toks[s - 1].lower())
            && (s == 1 || !toks[s - 2].is_word())
            && let Some(male) = lexicon::first_name_gender(&toks[s - 1].lower())
        {
            forename_stop = Some((toks[s - 1], male));
        }
        // `the Hostages and Missing Families Forum`, `the Bill and Melinda Gates Foundation`:
        // a body's name may hold `and`.
        if s >= 2
            && s < toks.len()
            && toks[s - 1].s == "and"
            && toks[s - 2].is_cap()
            && is_org_word(&last.lower())
        {
            let mut k = s - 1;
            while k > 0 && name_token_ok(&toks[k - 1]) && !lexicon::is_stop(&toks[k - 1].lower()) {
                k -= 1;
            }
            s = k;
        }
        if s > 0 && s < toks.len() && toks[s - 1].lower() == "the" {
            s -= 1;
        }
        let mut run = &toks[s..];
        let mut the = false;
        if run.first().is_some_and(|t| t.lower() == "the") {
            the = true;
            run = &run[1..];
        }
        if run.is_empty() {
            return None;
        }
        // `The Democrat said`, `the Dallas Republican said`: a party member described, not a
        // body's name.
        if the
            && run.len() <= 3
            && run
                .last()
                .is_some_and(|t| matches!(t.lower().as_ref(), "democrat" | "republican"))
        {
            return Some((
                Source::Desc {
                    text: text_of(&toks[s..], src),
                    head: run.last()?.lower().to_string(),
                    definite: true,
                },
                toks[s].start,
            ));
        }
        // `the German said`: a nationality names the person last in view, not a body.
        if the && let [one] = run {
            let l = one.lower();
            if lexicon::is_demonym(&l) {
                return Some((
                    Source::Desc {
                        text: text_of(&toks[s..], src),
                        head: l.to_string(),
                        definite: true,
                    },
                    toks[s].start,
                ));
            }
        }
        let mut np = split_name(run)?;
        if let Some((forename, male)) = forename_stop
            && !np.org
            && !np.honorific
            && np.role.is_none()
        {
            np.name = format!("{} {}", forename.s, np.name);
            np.gender = if male { Gender::Male } else { Gender::Female };
            np.pos = forename.start;
            return Some((Source::Name(np), forename.start));
        }
        // `the Rev. Al Sharpton`, `the Zionist Union Party’s Nachman Shai`: the article
        // belongs to the honorific or the possessor, not to a body's name.
        if the && !np.org && np.role.as_deref().is_some_and(is_possessor) {
            np.role = np.role.take().map(|r| format!("{} {r}", toks[s].s));
        } else if the && (!np.honorific || np.org) {
            np.org = true;
            // `the National Hurricane Center`: an organisation's name keeps its title words.
            if np.role.is_some() && run.last().is_some_and(|t| is_org_word(&t.lower())) {
                np.role = None;
                np.name = text_of(run, src);
            }
            np.name = format!("{} {}", toks[s].s, np.name);
        }
        // Lowercase role words right before the name (`presidential nominee Donald Trump`).
        let mut r = s;
        while r > 0 && toks[r - 1].is_word() && !toks[r - 1].is_cap() && s - r < 5 {
            let lw = toks[r - 1].lower();
            if DETERMINERS.contains(&lw.as_ref()) || lexicon::is_cue(&lw) || lexicon::is_stop(&lw) {
                break;
            }
            r -= 1;
        }
        if r < s
            && (np.role.is_some()
                || lexicon::is_title_word(&toks[s - 1].lower())
                || lexicon::is_anon_head(&toks[s - 1].lower()))
        {
            let r = body_before(toks, r, 4);
            let pre = text_of(&toks[r..s], src);
            np.role = Some(match np.role.take() {
                Some(x) => format!("{pre} {x}"),
                None => pre,
            });
        }
        return Some((Source::Name(np), run[0].start));
    }
    // Description: back to a determiner within a few words.
    let head = l.clone();
    let lim = toks.len().saturating_sub(12);
    for k in (lim..toks.len()).rev() {
        let t = &toks[k];
        if !t.is_word() {
            break;
        }
        let lw = t.lower();
        if matches!(lw.as_ref(), "that" | "this" | "these" | "those") || is_aux(t) {
            break;
        }
        // `Taiwan's defence ministry`: a possessor before an organisation is its determiner.
        let possessor = k + 1 < toks.len()
            && t.is_cap()
            && (t.s.ends_with("'s") || t.s.ends_with("\u{2019}s"))
            // … and so is one before a person's office (`Ukraine's foreign minister`,
            // `Clinton's spokesman`).
            && (super::is_org_head(&head)
                || (is_person_noun(&head) || lexicon::is_title_word(&head))
                    // Not across a verb (`Clinton’s right-hand woman rallied supporters`).
                    && !toks[k + 1..]
                        .iter()
                        .any(|x| x.s.ends_with("ed") && is_finite_verb(x)));
        // `21 percent said`, `12 senators wrote`: a numeral opens the description.
        let numeral = k + 1 < toks.len()
            && (head == "percent" || is_person_noun(&head))
            && t.s.starts_with(|c: char| c.is_ascii_digit())
            && t.s.bytes().all(|b| b.is_ascii_digit() || b == b',');
        if DETERMINERS.contains(&lw.as_ref()) || possessor || numeral {
            // `the Chamber's chief political strategist`: the article opens the description.
            let k = if possessor && k > 0 && toks[k - 1].lower() == "the" {
                k - 1
            } else {
                k
            };
            let t = &toks[k];
            let definite = possessor
                || lw == "the"
                || lw == "this"
                || lw == "that"
                || lw == "his"
                || lw == "her";
            return Some((
                Source::Desc {
                    text: text_of(&toks[k..], src),
                    head,
                    definite,
                },
                t.start,
            ));
        }
        if lexicon::is_stop(&lw)
            && !matches!(lw.as_ref(), "of" | "and" | "for" | "at" | "in" | "on")
            || lexicon::is_cue(&lw)
            || k + 1 == toks.len() && lexicon::is_stop(&lw)
        {
            break;
        }
    }
    if lexicon::is_anon_head(&head) {
        return Some((
            Source::Desc {
                text: last.s.to_string(),
                head,
                definite: false,
            },
            last.start,
        ));
    }
    None
}

/// Parses the noun phrase at the start of `toks` (after an inverted cue: `said Mr. Holtz-Eakin`).
/// After an inverted cue right before a quote (`said Mr. Holtz-Eakin, “…`), the phrase up to
/// the next punctuation must be the speaker alone, not the start of a clause (`said North
/// Korea's test was a “…”`).
fn inversion_fills(rest: &[Tok], source: &Source) -> bool {
    let end = rest.iter().position(|t| !t.is_word()).unwrap_or(rest.len());
    let chunk = &rest[..end];
    match source {
        // Role words may stand before the name (`explained CBS moderator Nancy Cordes:`).
        Source::Name(_) => {
            chunk.len() <= 8
                && chunk.iter().all(|t| {
                    name_token_ok(t)
                        || !is_aux(t)
                            && !is_cue_tok(t)
                            && !t.s.ends_with("ed")
                            && !lexicon::is_stop(&t.lower())
                            && is_person_noun(&t.lower())
                })
        }
        Source::Pronoun(_) => chunk.len() == 1,
        Source::Desc { .. } => {
            chunk.len() <= 6
                && !chunk.iter().any(|t| {
                    is_aux(t)
                        || is_cue_tok(t)
                        || t.s.ends_with("ed")
                        || IRREGULAR_PAST.contains(&t.lower().as_ref())
                })
        }
    }
}

/// `R-Ky.`, `D-N.C.`, `59`: a party-state tag or an age.
fn is_tag_or_age(t: &Tok) -> bool {
    let b = t.s.as_bytes();
    t.s.chars().all(|c| c.is_ascii_digit())
        || b.len() >= 3 && matches!(b.first(), Some(b'R' | b'D' | b'I')) && b.get(1) == Some(&b'-')
}

/// Like `np_forward_at`, but lets a few role words precede the name (`9/11 widow Terry
/// Strada`, `former aide John Smith`), which become the role.
fn np_forward(toks: &[Tok], src: &str) -> Option<(Source, usize)> {
    let direct = np_forward_at(toks, src);
    if direct.is_some() {
        return direct;
    }
    let limit = toks.len().min(7);
    let k = (1..limit).find(|&k| {
        toks.get(k).is_some_and(Tok::is_cap)
            && toks[..k].iter().all(|t| {
                (t.is_word()
                    && !t.is_cap()
                    && !lexicon::is_stop_any_case(t.s)
                    && !lexicon::is_cue(&t.lower()))
                    || t.is_punct('/')
                    || t.is_punct('-')
            })
    })?;
    let (source, pos) = np_forward_at(toks.get(k..)?, src)?;
    match source {
        Source::Name(mut np) if !np.org => {
            let pre = text_of(&toks[..k], src);
            np.role = Some(match np.role.take() {
                Some(r) => format!("{pre} {r}"),
                None => pre,
            });
            Some((Source::Name(np), pos))
        }
        _ => None,
    }
}

fn np_forward_at(toks: &[Tok], src: &str) -> Option<(Source, usize)> {
    // The phrase runs to the first punctuation.
    let end = toks.iter().position(|t| !t.is_word()).unwrap_or(toks.len());
    let chunk = toks.get(..end)?;
    let first = chunk.first()?;
    let l = first.bare();
    // `said Will Doyle, a professor …`: a first name that is also a function word, before a
    // surname.
    if first.is_cap()
        && lexicon::is_stop(&l)
        && let Some(male) = lexicon::first_name_gender(&l)
        && chunk
            .get(1)
            .is_some_and(|t| t.is_cap() && !lexicon::is_stop_any_case(t.s))
        && let Some((Source::Name(mut np), _)) = np_forward_at(&chunk[1..], src)
        && !np.org
        && !np.honorific
        && np.role.is_none()
        && !np.name.contains(' ')
    {
        np.name = format!("{} {}", first.s, np.name);
        np.gender = if male { Gender::Male } else { Gender::Female };
        np.pos = first.start;
        return Some((Source::Name(np), first.start));
    }
    if lexicon::is_stop(&l) && !DETERMINERS.contains(&l.as_ref()) && !lexicon::is_pronoun(&l) {
        return None;
    }
    if lexicon::is_pronoun(&l) {
        let g = if l == "he" || l == "him" {
            Gender::Male
        } else {
            Gender::Female
        };
        return Some((Source::Pronoun(g), first.start));
    }
    if first.is_cap() && l != "the" {
        let mut e = 0;
        while e < chunk.len() && name_token_ok(&chunk[e]) && !(e > 0 && ends_name(chunk[e].s)) {
            e += 1;
            if chunk[e - 1].s.ends_with("'s") || chunk[e - 1].s.ends_with("\u{2019}s") {
                break;
            }
        }
        // `Clinton’s top foreign policy aide Jake Sullivan`: a possessive with role words
        // before a second name; the possessor belongs to the role.
        let possessive = chunk
            .get(e.wrapping_sub(1))
            .is_some_and(|t| t.s.ends_with("'s") || t.s.ends_with("\u{2019}s"));
        // Likewise an organisation before a role (`Ohio State University professor Paul Beck`).
        let org_first = e > 0
            && split_name(&chunk[..e]).is_some_and(|np| np.org)
            && chunk[..e]
                .iter()
                .any(|t| is_org_word(&t.lower()) || lexicon::is_place_word(&t.lower()));
        // Any name before a word for a person and a full name (`Goldman Sachs economist Jan
        // Hatzius`) is where that person works.
        // So are role words with a modifier (`Slate technology columnist David Auerbach`).
        let employer = e > 0
            && chunk
                .get(e..)
                .unwrap_or(&[])
                .iter()
                .take(3)
                .take_while(|t| t.is_word() && !t.is_cap())
                .any(|t| is_person_noun(&t.lower()));
        if possessive || org_first || employer {
            let mut k = e;
            while k < chunk.len()
                && k - e < 5
                && !chunk[k].is_cap()
                && !lexicon::is_stop(&chunk[k].lower())
                && !is_cue_tok(&chunk[k])
                && !is_aux(&chunk[k])
                && !is_finite_verb(&chunk[k])
            {
                k += 1;
            }
            // `Florida’s Rick Wilson`, `NBC's Dante Chinni`: a possessor right before a full
            // name says where the person is from; a place is no role.
            let full_name_follows = possessive && k == e;
            if (k > e || full_name_follows)
                && chunk.get(k).is_some_and(Tok::is_cap)
                && let Some((Source::Name(mut np), pos)) = np_forward_at(chunk.get(k..)?, src)
                && !np.org
                && (k > e || np.name.contains(' '))
                && (possessive || org_first || np.name.contains(' '))
            {
                let place = k == e
                    && chunk[..k].iter().all(|t| {
                        lexicon::is_place_word(&lexicon::lower_of(lexicon::without_possessive(t.s)))
                    });
                if !place {
                    let pre = text_of(&chunk[..k], src);
                    np.role = Some(match np.role.take() {
                        Some(r) => format!("{pre} {r}"),
                        None => pre,
                    });
                }
                return Some((Source::Name(np), pos));
            }
        }
        // `Secretary of State Madeleine Albright`: an office with `of` inside its title.
        if e > 0
            && chunk[..e]
                .iter()
                .all(|t| lexicon::is_title_word(&t.lower()))
            && chunk.get(e).is_some_and(|t| t.s == "of")
            && chunk.get(e + 1).is_some_and(Tok::is_cap)
            && let Some((Source::Name(mut np), _)) = np_forward_at(chunk.get(e + 1..)?, src)
            && !np.org
            && np.name.contains(' ')
            && np.role.is_some()
        {
            let pre = text_of(&chunk[..=e], src);
            np.role = np.role.take().map(|r| format!("{pre} {r}"));
            return Some((Source::Name(np), first.start));
        }
        // `Democratic presidential candidate Sen. Bernie Sanders`: title words, lowercase role
        // words, then the name.
        if e > 0
            && chunk[..e]
                .iter()
                .all(|t| lexicon::is_title_word(&t.lower()))
            && let Some(k) = (e + 1..chunk.len().min(e + 5)).find(|&k| {
                chunk.get(k).is_some_and(Tok::is_cap)
                    && chunk[e..k].iter().all(|t| {
                        !t.is_cap()
                            && !lexicon::is_stop(&t.lower())
                            && !is_cue_tok(t)
                            && !is_finite_verb(t)
                    })
            })
            && let Some((Source::Name(mut np), pos)) = np_forward_at(chunk.get(k..)?, src)
            && !np.org
            && (np.name.contains(' ') || np.honorific)
        {
            let pre = text_of(&chunk[..k], src);
            np.role = Some(match np.role.take() {
                Some(r) => format!("{pre} {r}"),
                None => pre,
            });
            return Some((Source::Name(np), pos));
        }
        let np = split_name(chunk.get(..e)?)?;
        return Some((Source::Name(np), first.start));
    }
    if DETERMINERS.contains(&l.as_ref())
        && !matches!(l.as_ref(), "that" | "this" | "these" | "those")
        && chunk.len() >= 2
    {
        // `the president`, `a senior official`, `The New York Post`.
        let rest = &chunk[1..];
        // `the White House said`: a capitalised name after `the`, ending the phrase.
        let e = rest.iter().take_while(|t| name_token_ok(t)).count();
        let ends_phrase = !rest.get(e).is_some_and(|t| {
            t.is_word() && !lexicon::is_stop_any_case(t.s) && !lexicon::is_cue(&t.lower())
        });
        // `the University of Michigan`, `the Department of Justice`: an organisation word
        // before `of` takes the capitalised words after it into its name.
        let e = if rest.get(e).is_some_and(|t| t.s == "of")
            && e > 0
            && is_org_word(&rest[e - 1].lower())
        {
            let more = rest
                .get(e + 1..)
                .unwrap_or(&[])
                .iter()
                .take_while(|t| name_token_ok(t) && !lexicon::is_stop_any_case(t.s))
                .count();
            if more > 0 { e + 1 + more } else { e }
        } else {
            e
        };
        let ends_phrase = ends_phrase
            && !rest.get(e).is_some_and(|t| {
                t.is_word() && !lexicon::is_stop_any_case(t.s) && !lexicon::is_cue(&t.lower())
            });
        if l == "the"
            && e == 1
            && ends_phrase
            && let Some(one) = rest.first()
            && lexicon::is_demonym(&one.lower())
        {
            return Some((
                Source::Desc {
                    text: text_of(&chunk[..2], src),
                    head: one.lower().to_string(),
                    definite: true,
                },
                first.start,
            ));
        }
        if l == "the" && e > 0 && ends_phrase {
            if rest.get(..e).is_some_and(|r| r.iter().any(|t| t.s == "of")) {
                let np = NameParts {
                    name: text_of(&chunk[..=e], src),
                    role: None,
                    gender: Gender::Unknown,
                    org: true,
                    honorific: false,
                    pos: first.start,
                };
                return Some((Source::Name(np), first.start));
            }
            let mut np = split_name(rest.get(..e)?)?;
            if np.honorific && !np.org {
                return Some((Source::Name(np), first.start));
            }
            if !np.org && np.role.as_deref().is_some_and(is_possessor) {
                np.role = np.role.take().map(|r| format!("{} {r}", first.s));
                return Some((Source::Name(np), first.start));
            }
            np.org = true;
            np.name = format!("{} {}", first.s, np.name);
            return Some((Source::Name(np), first.start));
        }
        let stop = chunk
            .iter()
            .position(|t| {
                lexicon::is_cue(&t.lower())
                    || is_aux(t)
                    || matches!(
                        t.lower().as_ref(),
                        "in" | "on" | "at" | "who" | "that" | "of" | "for" | "with" | "to" | "from"
                    )
            })
            .unwrap_or(chunk.len())
            .min(6);
        // `one of the sources`: a quantifier's `of` phrase is the description.
        let stop = if stop == 1
            && chunk.get(1).is_some_and(|t| t.s == "of")
            && matches!(
                l.as_ref(),
                "one" | "some" | "two" | "three" | "several" | "many"
            ) {
            chunk
                .iter()
                .skip(2)
                .position(|t| {
                    lexicon::is_cue(&t.lower())
                        || is_aux(t)
                        || matches!(t.lower().as_ref(), "who" | "that" | "in" | "at" | "on")
                })
                .map_or(chunk.len(), |p| p + 2)
                .min(6)
        } else {
            stop
        };
        let desc = chunk.get(..stop.max(2))?;
        let head = desc.last()?.lower();
        let definite = matches!(l.as_ref(), "the" | "this" | "that" | "his" | "her");
        return Some((
            Source::Desc {
                text: text_of(desc, src),
                head: head.to_string(),
                definite,
            },
            first.start,
        ));
    }
    None
}

/// Role in an appositive following a name: `, a spokesperson for a leading NGO,`.
fn appositive(toks: &[Tok], src: &str) -> Option<String> {
    let mut inner = strip_parens(toks);
    // The role ends where a reporting clause starts (`executive director of Democrats for Life,
    // reports USA Today`).
    // So does a participle clause or a new clause (`the press secretary, echoing comments
    // …`, `of Tujunga, Calif., but he was shocked …`).
    if let Some(k) = (0..inner.len()).find(|&k| {
        inner[k].is_punct(',')
            && inner.get(k + 1).is_some_and(|n| {
                let l = n.lower();
                is_cue_tok(n)
                    || n.is_word()
                        && !n.is_cap()
                        && (l.ends_with("ing") && !is_adjectival_ing(&l)
                            || matches!(
                                l.as_ref(),
                                "but"
                                    | "while"
                                    | "although"
                                    | "though"
                                    | "about"
                                    | "when"
                                    | "after"
                                    | "before"
                                    | "as"
                                    | "because"
                            ))
            })
    }) {
        inner.truncate(k);
    }
    // An age says nothing of the role (`Maria Lopez, 58, a retired teacher`, `Maria Lopez,
    // 58, as she loaded sandbags`).
    if inner.first().is_some_and(is_tag_or_age) && inner.get(1).is_some_and(|t| t.is_punct(',')) {
        inner.drain(..2);
    }
    let t = inner.first()?;
    let l = t.lower();
    // `at a later press gaggle`: an occasion, unlike a place of work (`at the Royal United
    // Services Institute`).
    if l == "at"
        && inner.get(1).is_some_and(|n| matches!(n.s, "a" | "an"))
        && inner.iter().skip(2).take(4).any(|n| {
            matches!(
                n.s,
                "conference"
                    | "gaggle"
                    | "rally"
                    | "event"
                    | "meeting"
                    | "hearing"
                    | "briefing"
                    | "debate"
                    | "forum"
                    | "summit"
                    | "dinner"
                    | "luncheon"
                    | "breakfast"
                    | "ceremony"
                    | "speech"
                    | "fundraiser"
                    | "roundtable"
                    | "interview"
                    | "stop"
            )
        })
    {
        return None;
    }
    // An age alone (`said Carla Cruz, 24.`), or a sentence adverb or a lone participle set off
    // by commas (`Hunter, meanwhile, told`, `Clinton, exasperated, responded`), is no role.
    if inner
        .iter()
        .all(|t| t.s.bytes().all(|b| b.is_ascii_digit()))
        || inner.len() == 1 && !t.is_cap() && (l.ends_with("ly") || l.ends_with("ed"))
        || matches!(
            l.as_ref(),
            "however"
                // A picture of the person, not a role (`clad in a red cape`).
                | "clad"
                | "dressed"
                | "flanked"
                | "surrounded"
                | "meanwhile"
                | "too"
                | "instead"
                | "nonetheless"
                | "nevertheless"
                | "therefore"
                | "moreover"
                | "furthermore"
                | "indeed"
                | "again"
                | "perhaps"
                | "apparently"
        )
    {
        return None;
    }
    let starts_role = DETERMINERS.contains(&l.as_ref())
        || t.is_word()
            && !t.is_cap()
            && !lexicon::is_cue(&l)
            && !matches!(l.as_ref(), "who" | "which" | "that" | "and" | "but")
            // A clause or an adjunct after the comma is no role (`when asked …`, `speaking on
            // WOR`, `still excoriated by …`).
            && (!l.ends_with("ing") || is_adjectival_ing(&l))
            && !matches!(
                l.as_ref(),
                "when"
                    | "while"
                    | "after"
                    | "before"
                    | "as"
                    | "because"
                    | "if"
                    | "although"
                    | "though"
                    | "since"
                    | "until"
                    | "where"
                    | "whose"
                    | "whom"
                    | "so"
                    | "or"
                    | "nor"
                    | "yet"
                    | "still"
                    | "then"
                    | "also"
                    | "even"
                    | "just"
                    | "only"
                    | "not"
                    // An adjunct (`, in its daily media summary Monday`).
                    | "in"
                    | "on"
                    | "during"
                    | "by"
                    | "through"
                    | "via"
                    | "to"
                    | "into"
                    | "over"
                    | "under"
                    | "about"
                    | "amid"
                    | "despite"
            )
        || lexicon::is_title_word(&l)
        // `Shelter’s director of policy`, `Clinton's communications director`: an employer's
        // possessive before the role.
        || t.is_cap()
            && (t.s.ends_with("'s") || t.s.ends_with("\u{2019}s"))
            && inner
                .iter()
                .skip(1)
                .take(4)
                .take_while(|n| n.is_word() && !n.is_cap())
                .any(|n| {
                    let l = n.lower();
                    lexicon::is_title_word(&l) || is_person_noun(&l)
                });
    // A verb phrase is no role (`, welcomed what she called`), though a participle may be
    // an adjective in one (`retired teacher`).
    let verb_phrase = t.s.ends_with("ed")
        && inner.get(1).is_some_and(|n| {
            matches!(
                n.lower().as_ref(),
                "what" | "that" | "the" | "a" | "an" | "his" | "her" | "their" | "it" | "him"
            )
        });
    if starts_role && !verb_phrase && inner.len() <= 20 {
        return Some(text_of(&inner, src)).filter(|s| !s.is_empty());
    }
    None
}

/// `-ing` words that open a title rather than a clause (`managing director`, `acting chief`).
fn is_adjectival_ing(lower: &str) -> bool {
    matches!(
        lower,
        "managing"
            | "acting"
            | "founding"
            | "leading"
            | "presiding"
            | "ranking"
            | "outgoing"
            | "incoming"
            | "visiting"
            | "governing"
            | "sitting"
            | "retiring"
            | "reigning"
            | "consulting"
            | "supervising"
            | "coordinating"
            | "operating"
    )
}

fn strip_parens<'a>(toks: &[Tok<'a>]) -> Vec<Tok<'a>> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for t in toks {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        } else if depth == 0 {
            out.push(*t);
        }
    }
    out
}

/// A reporting verb as used in running text (lowercase: `States` is not `states`).
fn is_cue_tok(t: &Tok) -> bool {
    t.is_word() && !t.is_cap() && lexicon::is_cue(&t.lower())
}

/// Words allowed between a subject and its cue verb (`he later said`, `she has said`).
pub(super) fn is_aux(t: &Tok) -> bool {
    t.is_word()
        && !t.is_cap()
        && (t.s.ends_with("ly")
            || matches!(
                t.lower().as_ref(),
                "also"
                    | "then"
                    | "later"
                    | "once"
                    | "has"
                    | "had"
                    | "have"
                    | "was"
                    | "is"
                    | "will"
                    | "would"
                    | "again"
                    | "further"
                    | "often"
                    | "previously"
                    | "recently"
                    | "did"
                    | "does"
                    | "just"
                    | "even"
                    | "still"
                    | "never"
                    | "earlier"
            ))
}

/// Attribution in the words after a closing mark: `, said X`, `, X said`, `, X told Reuters`.
/// The attribution must start right after the mark.
/// Index of the first sentence end outside parentheses.
fn sentence_end(toks: &[Tok]) -> usize {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate() {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && t.ends_sentence() {
            return i;
        }
    }
    toks.len()
}

pub fn after(toks: &[Tok], src: &str, quote_ends_sentence: bool) -> Option<Found> {
    after_mark(toks, src, quote_ends_sentence).or_else(|| {
        (!quote_ends_sentence)
            .then(|| trailing_inversion(toks, src))
            .flatten()
    })
}

/// `said her lawyer, John Smith.`, `said Clinton's spokesman, Brian Fallon.`: a description
/// after an inverted cue, renamed by a full name after the comma. The name speaks and the
/// description is its role. `rest` follows the cue; `c` is the comma.
fn inverted_description_renamed(rest: &[Tok], c: usize, src: &str) -> Option<Found> {
    let desc = rest.get(..c).filter(|d| (2..=6).contains(&d.len()))?;
    let opens = desc.first().is_some_and(|t| {
        let l = t.lower();
        DETERMINERS.contains(&l.as_ref()) || t.s.ends_with("'s") || t.s.ends_with("\u{2019}s")
    });
    let head = desc.last().filter(|t| t.is_word() && !t.is_cap())?.lower();
    if !opens
        || !rest[c].is_punct(',')
        || !(is_person_noun(&head)
            || lexicon::is_title_word(&head)
            // An agent noun (`introducer`, `organizer`, `activist`).
            || ["er", "or", "ist"].iter().any(|x| head.ends_with(x)))
    {
        return None;
    }
    let after = rest.get(c + 1..)?;
    let (Source::Name(mut np), pos) = np_forward(after, src)? else {
        return None;
    };
    // The name must close the phrase: `said her lawyer, John Smith, who …` still counts, `said
    // his aide, Smith Barney said …` does not.
    let k = after.iter().position(|t| t.start == pos)?;
    let len = after[k..].iter().take_while(|t| name_token_ok(t)).count();
    let closes = after
        .get(k + len)
        .is_none_or(|t| !t.is_word() || t.s == "in" || t.s == "on");
    if np.org || !np.name.contains(' ') || !closes {
        return None;
    }
    let d = text_of(desc, src);
    np.role = Some(match np.role.take() {
        Some(r) => format!("{d}, {r}"),
        None => d,
    });
    Some(Found {
        source: Source::Name(np),
        appositive: None,
        cue: String::new(),
        pos,
    })
}

/// `said Dan Ives of Wedbush Securities`: the organisation after an inverted name, as the
/// role (the same words a subject before its cue keeps).
fn employer_after_name(rest: &[Tok], pos: usize, src: &str) -> Option<String> {
    let k = rest
        .iter()
        .position(|t| t.start > pos && !name_token_ok(t))?;
    if !matches!(rest.get(k)?.s, "of" | "at" | "with" | "from") {
        return None;
    }
    let mut j = k + 1;
    if rest.get(j).is_some_and(|t| t.s == "the") {
        j += 1;
    }
    let org_start = j;
    while rest
        .get(j)
        .is_some_and(|t| t.is_cap() || matches!(t.s, "of" | "and" | "&" | "for"))
    {
        j += 1;
    }
    while j > org_start && rest.get(j - 1).is_some_and(|t| !t.is_cap()) {
        j -= 1;
    }
    // `of Cheyenne`, `of New Mexico`: a home town, not an employer.
    let org = rest.get(org_start..j)?;
    let employer = org.iter().any(|t| is_org_word(&t.lower()))
        || org.len() >= 2 && !org.iter().all(|t| lexicon::is_place_word(&t.lower()));
    employer.then(|| text_of(&rest[k..j], src))
}

/// `“…” in the 2008 primary, said Ohio State professor Paul Beck.`: a quote inside a sentence
/// whose attribution closes it, inverted after a comma.
fn trailing_inversion(toks: &[Tok], src: &str) -> Option<Found> {
    let end = sentence_end(toks);
    let w = toks.get(..end.min(40))?;
    // The last comma that a reporting verb follows: an appositive may come after the name
    // (`, said Richard Curtin, the chief economist for …`).
    let c = (0..w.len()).rev().find(|&c| {
        w[c].is_punct(',')
            && w.get(c + 1)
                .is_some_and(|t| is_cue_tok(t) && !takes_object(t.s))
    })?;
    let cue = w.get(c + 1)?;
    let rest = w.get(c + 2..)?;
    let (source, pos) = np_forward(rest, src)?;
    let with_role = matches!(&source, Source::Name(np) if np.role.is_some());
    if matches!(source, Source::Desc { .. }) || !(with_role || inversion_fills(rest, &source)) {
        return None;
    }
    let comma = rest.iter().position(|t| t.is_punct(','));
    let app = comma.and_then(|k| appositive(rest.get(k + 1..)?, src));
    Some(Found {
        source,
        appositive: app,
        cue: cue.s.to_string(),
        pos,
    })
}

fn after_mark(toks: &[Tok], src: &str, quote_ends_sentence: bool) -> Option<Found> {
    let end = sentence_end(toks);
    let mut w = toks.get(..end)?;
    while w.first().is_some_and(|t| !t.is_word() && !t.is_punct('(')) {
        w = &w[1..];
    }
    let w = &w[..w.len().min(40)];
    let first = w.first()?;
    // `“…” ― Name` (a signature line).
    if toks
        .first()
        .is_some_and(|t| matches!(t.s, "\u{2015}" | "\u{2014}" | "\u{2013}" | "-"))
        && let Some((source @ Source::Name(_), pos)) = np_forward(w, src)
    {
        return Some(Found {
            source,
            appositive: None,
            cue: String::new(),
            pos,
        });
    }
    // `according to X`; not `According to X, …` opening the next sentence, which is X's.
    if first.lower() == "according"
        && w.get(1).is_some_and(|t| t.lower() == "to")
        && !(quote_ends_sentence && first.is_cap())
    {
        let (source, pos) = np_forward(w.get(2..)?, src)?;
        return Some(Found {
            source,
            appositive: None,
            cue: text_of(&w[..2], src),
            pos,
        });
    }
    // `“…,” saying the city embodied …`: a participle after the quote continues the clause
    // before it; it inverts nothing.
    if is_cue_tok(first) && first.s.ends_with("ing") && !first.is_cap() {
        return None;
    }
    if is_cue_tok(first) {
        let rest = w.get(1..)?;
        let (source, pos) = np_forward(rest, src)?;
        // The role after a comma or a dash (`says Linda Park — an analyst at …`).
        let comma = rest
            .iter()
            .take(8)
            .position(|t| t.is_punct(',') || t.is_punct('\u{2014}') || t.is_punct('\u{2013}'));
        if let Some(found) = comma.and_then(|c| inverted_description_renamed(rest, c, src)) {
            return Some(Found {
                cue: first.s.to_string(),
                ..found
            });
        }
        let app = comma
            .and_then(|c| appositive(rest.get(c + 1..)?, src))
            .or_else(|| {
                matches!(&source, Source::Name(np) if np.role.is_none())
                    .then(|| employer_after_name(rest, pos, src))
                    .flatten()
            });
        return Some(Found {
            source,
            appositive: app,
            cue: first.s.to_string(),
            pos,
        });
    }
    // A capitalised word after a sentence-final quote starts a new sentence: only a name
    // directly followed by its cue continues the attribution (`“…?” Trump asked.`).
    let cue_idx = w.iter().take(30).position(is_cue_tok)?;
    let subj = w.get(..cue_idx)?;
    let has_comma = subj.iter().any(|t| t.is_punct(','));
    let new_sentence = quote_ends_sentence && first.is_cap();
    // A long subject is a new sentence, unless it is a name with its affiliation (`Jeffrey
    // Lewis of the James Martin Center for Nonproliferation Studies wrote`).
    if !has_comma && cue_idx > 9 && !(cue_idx <= 16 && name_with_affiliation(subj)) {
        return None;
    }
    let f = attribute_subject(subj, src, w[cue_idx].s)?;
    // After a full-sentence quote, a capitalised word starts a new sentence unless it is the
    // speaker's name itself (`Leonard E. Burman, director of …, said`).
    let new_sentence_desc = new_sentence
        && match &f.source {
            Source::Desc { .. } => cue_idx > 4 || has_comma,
            Source::Name(np) => has_comma && !(np.name.contains(' ') || np.honorific || np.org),
            Source::Pronoun(_) => has_comma,
        };
    // Only role words may precede the speaker (`Tulsa police Chief Chuck Jordan said`).
    let k = subj.iter().position(|t| t.start == f.pos)?;
    let prefix_ok = subj[..k].iter().all(|t| {
        t.is_word()
            && !lexicon::is_cue(&t.lower())
            && !is_aux(t)
            && (!lexicon::is_stop_any_case(t.s) || t.lower() == "the")
    }) && k <= 6;
    // `“…,” the campaign manager, Jeff Weaver, said`: a description, then the name set off by
    // commas; the description is the role.
    // The description may have its determiner and prepositions (`his chief of staff, Joe
    // Kasper,`, `a spokesman for the campaign, Jeff Weaver,`).
    let role_then_name = (2..=10).contains(&k)
        && matches!(f.source, Source::Name(_))
        && subj.get(k - 1).is_some_and(|t| t.is_punct(','))
        && subj.last().is_some_and(|t| t.is_punct(','))
        && description_words(&subj[..k - 1]);
    let mut f = f;
    if role_then_name && f.appositive.is_none() {
        f.appositive = Some(text_of(&subj[..k - 1], src));
    }
    let prefix_ok = prefix_ok || role_then_name;
    // A new sentence that goes on after its verb (`Russia insisted that …`) is a new
    // statement, not the attribution of the quote before it.
    let rest = w.get(cue_idx + 1..).unwrap_or(&[]);
    // Adjuncts alone (`Trump asked reporters rhetorically during a news conference late last
    // month.`) still attribute, as does anything after a comma (`LeVell declared, a point he
    // likes to make`).
    let rest = rest
        .iter()
        .position(|t| t.is_punct(','))
        .map_or(rest, |c| &rest[..c]);
    let new_statement = new_sentence
        && (rest.first().is_some_and(|t| t.lower() == "that")
            || rest.len() > 8
                // The reported clause's verb comes early (`said it was`, `insisted Pyongyang
                // stop`); a later one belongs to an adjunct (`told ITV in an interview aired`).
                && rest.iter().take(5).any(|t| {
                    // A plural object (`reporters`) is not a second verb.
                    is_finite_verb(t) && !t.s.ends_with('s')
                        || matches!(t.lower().as_ref(), "that" | "to" | "is" | "was" | "has")
                }));
    // `“…” for criminal behavior, she said.`: the rest of the sentence runs on after the quote
    // and a parenthetical `, she said` closes it.
    let closing_parenthetical = !new_sentence
        && !matches!(f.source, Source::Desc { .. })
        && subj
            .iter()
            .rposition(|t| t.is_punct(','))
            .and_then(|c| subj.get(c + 1))
            .is_some_and(|t| t.start == f.pos)
        && rest.len() <= 4
        && !rest
            .iter()
            .any(|t| is_finite_verb(t) || t.lower() == "that");
    ((prefix_ok || closing_parenthetical) && !new_sentence_desc && !new_statement).then_some(f)
}

/// `Jeffrey Lewis of the James Martin Center for Nonproliferation Studies`: a name of two to
/// four capitalised words, then `of` / `at` and an institution's name.
fn name_with_affiliation(subj: &[Tok]) -> bool {
    let Some(j) = subj
        .iter()
        .position(|t| matches!(t.s, "of" | "at"))
        .filter(|j| (2..=4).contains(j))
    else {
        return false;
    };
    subj[..j].iter().all(Tok::is_cap)
        && subj[j + 1..].iter().any(Tok::is_cap)
        && subj[j + 1..]
            .iter()
            .all(|t| t.is_cap() || matches!(t.s, "the" | "for" | "of" | "and" | "on"))
}

/// Words that can make up a description of a person: no verbs, no punctuation, and of the
/// function words only determiners and the prepositions of a role (`his chief of staff`, `a
/// spokesman for the campaign`).
fn description_words(toks: &[Tok]) -> bool {
    toks.iter().all(|t| {
        let l = t.lower();
        t.is_word()
            && !lexicon::is_cue(&l)
            && !is_aux(t)
            && (!lexicon::is_stop_any_case(t.s)
                // `one of the women, Amanda Zurawski,`
                || DETERMINERS.contains(&l.as_ref())
                || matches!(l.as_ref(), "of" | "for"))
    })
}

/// A description set off before a name (`The foreign secretary, David Lammy,`): it opens on a
/// determiner and holds an office or a word for a person, so that `The next day, Trump said`
/// gets no role.
pub(super) fn is_role_description(toks: &[Tok]) -> bool {
    (2..=10).contains(&toks.len())
        && toks.first().is_some_and(|t| {
            matches!(
                t.lower().as_ref(),
                "the" | "a" | "an" | "his" | "her" | "their" | "its"
            ) || t.is_cap() && (t.s.ends_with("'s") || t.s.ends_with("\u{2019}s"))
        })
        && description_words(&toks[1..])
        && !toks.iter().any(is_finite_verb)
        && toks.iter().any(|t| super::is_person_head(&t.lower()))
}

/// The subject of the clause in `toks` (a sentence up to some later point): the first name or
/// pronoun that opens the sentence or follows a comma and is itself followed by a verb or an
/// appositive (`Hours later, Trump returned …`, `Howard Dean, the former governor, said …`).
pub fn clause_subject(toks: &[Tok], src: &str) -> Option<(Source, usize)> {
    let start = toks
        .iter()
        .rposition(Tok::ends_sentence)
        .map_or(0, |i| i + 1);
    let w = toks.get(start..)?;
    let mut depth = 0usize;
    for i in 0..w.len().min(40) {
        let t = &w[i];
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        }
        let opens = i == 0
            || w.get(i - 1).is_some_and(|p| {
                p.kind == TokKind::Punct
                    && matches!(p.s, "," | ":" | "\u{2014}" | "\u{2013}" | "-" | ")")
            });
        if depth > 0 || !opens || !t.is_word() {
            continue;
        }
        let l = t.bare();
        // `The Florida senator took a heckler in stride, saying …`: a short definite
        // description opening the sentence, right before its verb.
        // So is a possessed one (`His report found …`), the possessor's.
        if i == 0 && matches!(l.as_str(), "the" | "his" | "her") {
            let v = (2..w.len().min(6)).find(|&k| {
                w.get(k).is_some_and(is_finite_verb)
                    && w[1..k]
                        .iter()
                        .all(|t| t.is_word() && !lexicon::is_stop(&t.lower()))
            });
            if let Some(k) = v
                && let Some(head) = w.get(k - 1).filter(|h| !h.is_cap())
                && (l == "the" || lexicon::is_document_head(&head.lower()))
            {
                return Some((
                    Source::Desc {
                        text: text_of(&w[..k], src),
                        head: head.lower().to_string(),
                        definite: true,
                    },
                    t.start,
                ));
            }
        }
        let pronoun = lexicon::is_pronoun(&l) && matches!(l.as_str(), "he" | "she");
        // `Following a late meeting, the Security Council issued …`: a body's name after the
        // opening phrase.
        let named_body = i > 0 && l == "the" && w.get(i + 1).is_some_and(Tok::is_cap);
        // `Likewise, a paper from …`: a sentence adverb is capitalised, but no name.
        if !(pronoun || named_body || t.is_cap()) || is_sentence_adverb(&l) {
            continue;
        }
        let at = if named_body { i + 1 } else { i };
        let Some((source, pos)) = np_forward_at(&w[at..], src) else {
            continue;
        };
        if matches!(source, Source::Desc { .. }) {
            continue;
        }
        // Past the name: the next token must be a verb (possibly after a parenthesis) or an
        // appositive comma.
        let mut j = i + 1;
        while j < w.len() && (name_token_ok(&w[j]) && !lexicon::is_stop_any_case(w[j].s)) {
            j += 1;
        }
        // A role with lowercase words (`Secretary of State Madeleine Albright`) ends where the
        // parsed name ends.
        if let Source::Name(np) = &source {
            let last = np.name.rsplit(' ').next().unwrap_or("");
            if let Some(k) = w[i..].iter().take(12).position(|t| t.s == last) {
                j = j.max(i + k + 1);
            }
        }
        if w.get(j).is_some_and(|t| t.is_punct('(')) {
            while j < w.len() && !w[j].is_punct(')') {
                j += 1;
            }
            j += 1;
        }
        // A lone capitalised word (`Specifically`, `Unless`, `Hours later`) is a name only when
        // a finite verb follows it directly.
        let full_name = match &source {
            Source::Name(np) => np.name.contains(' ') || np.honorific || np.role.is_some(),
            _ => true,
        };
        // Adverbs between subject and verb (`Trump subsequently defended`); after a lone
        // word only `-ly` ones, so that `Hours later` stays no subject.
        // A day too (`Sanders on Saturday criticized`).
        if full_name {
            if w.get(j).is_some_and(|t| t.s == "on")
                && w.get(j + 1).is_some_and(|t| is_weekday(&t.lower()))
            {
                j += 2;
            } else if w
                .get(j)
                .is_some_and(|t| t.is_cap() && is_weekday(&t.lower()))
            {
                j += 1;
            }
        }
        while w.get(j).is_some_and(|t| {
            is_aux(t) && !AUXILIARIES.contains(&t.s) && (full_name || t.s.ends_with("ly"))
        }) {
            j += 1;
        }
        let next = w.get(j);
        // After a lone capitalised word an adverb (`Hours later, …`) is no evidence of a verb.
        let verb = next.is_some_and(|t| {
            is_finite_verb(t) && (full_name || !is_aux(t) || AUXILIARIES.contains(&t.s))
        });
        let apposition = next.is_some_and(|t| t.is_punct(','))
            && !pronoun
            && full_name
            && matches!(&source, Source::Name(np) if !np.org);
        if verb || apposition {
            if let Source::Name(np) = &source
                && (np.org && !verb || lexicon::is_place_word(&np.name.to_lowercase()))
            {
                continue;
            }
            return Some((source, pos));
        }
    }
    None
}

/// `…, of Dayton, Ohio, said`, `…Church of Salem, Oregon, slammed`: the last chunk is
/// a bare capitalised run continuing a place named after a preposition in the chunk before it
/// (its state or country), so it cannot be the speaker.
fn place_continuation(chunks: &[&[Tok]]) -> bool {
    let [.., prev, last] = chunks else {
        return false;
    };
    let bare_caps = !last.is_empty()
        && last.len() <= 3
        && last
            .iter()
            .all(|t| t.is_word() && t.is_cap() || t.is_punct('.'));
    // `the director of the agency, Alan K. Morrow, said`: a first name marks a person.
    // A title (`Senator Harry Reid`) marks a person too.
    let person = last.len() > 1
        && last
            .first()
            .is_some_and(|t| lexicon::first_name_gender(&t.lower()).is_some())
        || last.iter().any(|t| lexicon::is_title_word(&t.lower()));
    if !bare_caps || person || !prev.last().is_some_and(|t| t.is_word() && t.is_cap()) {
        return false;
    }
    // The capitalised run ending `prev` must follow a locative preposition.
    let mut i = prev.len();
    while i > 0 && prev[i - 1].is_word() && prev[i - 1].is_cap() {
        i -= 1;
    }
    i > 0
        && matches!(
            prev[i - 1].lower().as_ref(),
            "of" | "in" | "from" | "near" | "outside"
        )
}

/// The name or pronoun right before the first finite verb of the sentence in `toks`
/// (`Senate campaign spokesman Paul Dorsey replied …`, `Kane's son, Peter, defended …`),
/// skipping adverbs between them.
fn subject_before_verb(toks: &[Tok], src: &str) -> Option<(Source, usize)> {
    let start = toks
        .iter()
        .rposition(Tok::ends_sentence)
        .map_or(0, |i| i + 1);
    let w = toks.get(start..)?;
    for v in 1..w.len().min(30) {
        if !w
            .get(v)
            .is_some_and(|t| is_finite_verb(t) && !t.s.ends_with("ly"))
        {
            continue;
        }
        let mut e = v;
        while e > 0
            && w.get(e - 1)
                .is_some_and(|t| is_aux(t) && t.s.ends_with("ly"))
        {
            e -= 1;
        }
        let mut np_toks = w.get(..e)?;
        while np_toks.last().is_some_and(|t| t.is_punct(',')) {
            np_toks = &np_toks[..np_toks.len() - 1];
        }
        // `A state judge on Friday blocked …`: the day is no part of the subject.
        if let [rest @ .., on, day] = np_toks
            && on.s == "on"
            && is_weekday(&day.lower())
        {
            np_toks = rest;
        }
        let prev = np_toks.last()?;
        let pronoun = matches!(prev.bare().as_str(), "he" | "she");
        let r = np_backward(np_toks, src)?;
        let j = np_toks.iter().position(|t| t.start == r.1)?;
        // A description opening the sentence is its subject too (`A spokeswoman for the House
        // Armed Services Committee emailed reporters …, arguing`).
        let described_person = j == 0
            && matches!(&r.0, Source::Desc { head, .. }
                if is_person_noun(head) || super::is_org_head(head));
        if !(prev.is_cap() || pronoun) {
            // The first verb-like word follows no name: the subject is a description or no
            // one.
            return described_person.then_some(r);
        }
        // A name right after a preposition is its object, not the subject.
        if j > 0
            && np_toks.get(j - 1).is_some_and(|t| {
                t.is_word() && !t.is_cap() && lexicon::is_stop(&t.lower()) && !is_aux(t)
            })
            && !matches!(np_toks[j - 1].lower().as_ref(), "and" | "but" | "the")
        {
            return None;
        }
        return (matches!(r.0, Source::Name(_) | Source::Pronoun(_)) || described_person)
            .then_some(r);
    }
    None
}

/// The clause after an opening participle or adverbial phrase of the last sentence of
/// `toks` (`Asked about the threat to sue, | the mayor’s reply was brief`), where a subject
/// description opens the clause as it would open a sentence.
pub(super) fn after_opener<'t, 'a>(toks: &'t [Tok<'a>]) -> Option<&'t [Tok<'a>]> {
    let start = toks
        .iter()
        .rposition(Tok::ends_sentence)
        .map_or(0, |i| i + 1);
    let sentence = toks.get(start..)?;
    let comma = sentence.iter().take(12).position(|t| t.is_punct(','))?;
    let opener = sentence.get(..comma)?;
    (is_participle_opener(opener) || is_adverbial_opener(opener)).then(|| &sentence[comma + 1..])
}

/// A participle phrase opening a sentence (`Asked about …`, `Standing on a flatbed truck`);
/// not a name (`Manning, …`, `Fred Smith, …`).
fn is_participle_opener(chunk: &[Tok]) -> bool {
    chunk.first().is_some_and(|t| {
        let l = t.lower();
        t.is_cap() && t.s.len() >= 5 && (l.ends_with("ed") || l.ends_with("ing"))
    }) && chunk.get(1).is_some_and(|t| t.is_word() && !t.is_cap())
        && chunk.iter().all(Tok::is_word)
}

/// Words that open a sentence without being part of its subject (`Even China said`, `As X
/// put it`).
/// A short phrase opening a sentence before its subject (`For now,`, `Still,`, `On Monday,`).
fn is_adverbial_opener(chunk: &[Tok]) -> bool {
    chunk.len() <= 4
        && chunk.first().is_some_and(|t| {
            let l = t.lower();
            t.is_cap()
                && (is_sentence_adverb(&l)
                    || l.ends_with("ly")
                    || matches!(
                        l.as_ref(),
                        "for" | "in" | "on" | "at" | "by" | "during" | "today" | "yesterday"
                    ))
        })
        && chunk
            .iter()
            .skip(1)
            .all(|t| t.is_word() && !is_cue_tok(t) && !is_aux(t))
}

fn is_sentence_adverb(lower: &str) -> bool {
    matches!(
        lower,
        "as" | "when"
            | "while"
            | "after"
            | "before"
            | "because"
            | "although"
            | "though"
            | "since"
            | "once"
            | "until"
            | "if"
            | "even"
            | "also"
            | "and"
            | "but"
            | "so"
            | "yet"
            | "still"
            | "meanwhile"
            | "now"
            | "then"
            | "later"
            | "earlier"
            | "instead"
            | "separately"
            | "similarly"
            | "likewise"
            | "finally"
            | "indeed"
    )
}

fn is_month(lower: &str) -> bool {
    matches!(
        lower,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

fn is_weekday(lower: &str) -> bool {
    matches!(
        lower,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// Cue verbs whose following noun phrase is their object (`called the plan “…”`, `told
/// reporters`), never an inverted subject.
pub(super) fn takes_object(cue: &str) -> bool {
    matches!(
        cue.to_lowercase().as_str(),
        "called"
            | "calls"
            | "told"
            | "tells"
            | "described"
            | "describes"
            | "labeled"
            | "labelled"
            | "labels"
            | "dubbed"
            | "branded"
            | "termed"
            | "deemed"
            | "urged"
            | "urges"
            | "accused"
            | "praised"
            | "thanked"
            | "criticized"
            | "slammed"
            | "blasted"
            | "mocked"
            | "promised"
            | "reminded"
            | "assured"
            | "warned"
    )
}

/// Auxiliary verbs among the words `is_aux` accepts.
pub(super) const AUXILIARIES: &[&str] = &[
    "has", "had", "have", "was", "is", "will", "would", "did", "does",
];

/// A word that can be the finite verb after a subject (`returned`, `says`, `has`, `told`).
pub(super) fn is_finite_verb(t: &Tok) -> bool {
    if !t.is_word() || t.is_cap() || t.s.contains(['\'', '\u{2019}']) {
        return false;
    }
    is_verbish(t) && !t.s.ends_with("ly") || is_aux(t) && !t.s.ends_with("ly")
}

/// Interprets `subj` (the words before a cue verb) as `Name`, `Name, role,` or `Name (D-N.C.)`.
fn attribute_subject(subj: &[Tok], src: &str, cue: &str) -> Option<Found> {
    // A participle adjunct (`…, telling reporters`) or a coordinated verb (`… but later said`)
    // takes the subject of the main clause, not the noun phrase right before it.
    let mut k = subj.len();
    while k > 0 && is_aux(&subj[k - 1]) {
        k -= 1;
    }
    let before_cue = k.checked_sub(1).and_then(|j| subj.get(j));
    // … and so does one after a preposition (`Obama ended his list by saying “Too many.”`,
    // `after adding`).
    let adjunct = cue.ends_with("ing")
        && before_cue.is_some_and(|t| {
            t.is_punct(',')
                || t.is_punct('\u{2014}')
                || matches!(
                    t.lower().as_ref(),
                    "statement" | "by" | "after" | "before" | "while"
                )
        });
    let coordinated = before_cue.is_some_and(|t| matches!(t.lower().as_ref(), "and" | "but"));
    if adjunct || coordinated {
        let main = subj.get(..k.saturating_sub(1))?;
        // `Spokesman Paul Dorsey replied on Facebook, calling …`: when no clause subject is
        // recognised, the name right before the main verb still is one; the name right before
        // the comma is a prepositional object (`on Facebook`, `in Geneva`), never the speaker.
        if let Some((source, pos)) =
            clause_subject(main, src).or_else(|| subject_before_verb(main, src))
        {
            return Some(Found {
                source,
                appositive: None,
                cue: cue.to_string(),
                pos,
            });
        }
    }
    let subj = strip_parens(subj);
    let mut subj: &[Tok] = &subj;
    // Adverbials between the subject and the cue: `Kessler himself said`, `Vance later
    // Thursday told`, `Vance on Monday said`.
    while let Some(last) = subj.last() {
        let l = last.lower();
        if is_aux(last) || matches!(l.as_ref(), "himself" | "herself" | "themselves") {
            subj = &subj[..subj.len() - 1];
        } else if last.is_cap()
            && is_weekday(&l)
            // Not `an ad released Thursday`, where the day belongs to the description.
            && subj.len() >= 2
            && subj.get(subj.len() - 2).is_some_and(|p| {
                p.is_cap() || is_aux(p) || matches!(p.lower().as_ref(), "on" | "last" | "this")
            })
        {
            subj = &subj[..subj.len() - 1];
            if subj
                .last()
                .is_some_and(|t| matches!(t.lower().as_ref(), "on" | "last" | "this"))
            {
                subj = &subj[..subj.len() - 1];
            }
        } else {
            break;
        }
    }
    // A place continuation is closed by a comma (`of Dayton, Ohio, said`); without it the
    // name opens the clause (`Speaking in Ohio, Kane insisted`).
    let comma_closed = subj.last().is_some_and(|t| t.is_punct(','));
    while subj
        .last()
        .is_some_and(|t| t.is_punct(',') || t.is_punct('\u{2014}') || t.is_punct('-'))
    {
        subj = &subj[..subj.len() - 1];
    }
    // Party-state tags (`R-Ky.`) and ages (`59`) between commas say nothing about the speaker.
    let chunks: Vec<&[Tok]> = subj
        .split(|t| t.is_punct(',') || t.is_punct('\u{2014}'))
        .filter(|c| !(c.len() == 1 && c.first().is_some_and(is_tag_or_age)))
        .collect();
    let mut tail = *chunks.last()?;
    let mut chunks = chunks.clone();
    // `Stevie Wonder, who joked`: the relative pronoun stands for the name before it.
    if tail.len() == 1 && tail.first().is_some_and(|t| t.lower() == "who") && chunks.len() >= 2 {
        chunks.pop();
        tail = *chunks.last()?;
    }
    // `Osama Hamdan, speaking in Beirut, said`: a participle phrase set off by commas is an
    // adjunct; the subject stands before it.
    if comma_closed
        && chunks.len() >= 2
        && tail.first().is_some_and(|t| {
            let l = t.lower();
            t.is_word() && !t.is_cap() && l.ends_with("ing") && !is_adjectival_ing(&l)
        })
        && chunks[chunks.len() - 2].last().is_some_and(Tok::is_cap)
    {
        chunks.pop();
        tail = *chunks.last()?;
    }
    let found = |source, pos, appositive| {
        Some(Found {
            source,
            appositive,
            cue: cue.to_string(),
            pos,
        })
    };
    // The words right before the cue name the speaker (`In a statement, Trump said`).
    let relative = tail
        .first()
        .is_some_and(|t| matches!(t.lower().as_ref(), "who" | "which" | "whose"));
    // `Bannon, who Beck on Wednesday called “…”`, `NAFTA, which Trump had called a
    // “disaster”`: a relative clause with a named subject of its own; that subject speaks.
    // (Not a pronoun: `Trump, who he blasted as …` would resolve to the antecedent.)
    if relative
        && tail.first().is_some_and(|t| t.lower() != "whose")
        && let Some(second) = tail.get(1)
        && second.is_cap()
        && !is_weekday(&second.lower())
        && !is_month(&second.lower())
        && let Some((source, pos)) = np_forward(&tail[1..], src)
        && matches!(source, Source::Name(_))
    {
        return found(source, pos, None);
    }
    let tail_np = if relative || comma_closed && place_continuation(&chunks) {
        None
    } else {
        // `… negotiations among diplomats in Paris, saying`: a prepositional object is never
        // the speaker, unless a participle follows it directly (`with Donald Trump tweeting`).
        let participle = cue.ends_with("ing") && !comma_closed;
        np_backward(tail, src).filter(|(source, pos)| {
            let k = tail.iter().position(|t| t.start == *pos).unwrap_or(0);
            let absolute = participle && k > 0 && tail.get(k - 1).is_some_and(|p| p.s == "with");
            absolute
                || !(matches!(source, Source::Name(_))
                    && k > 0
                    && tail.get(k - 1).is_some_and(|p| {
                        matches!(
                            p.s,
                            "in" | "at"
                                | "on"
                                | "from"
                                | "to"
                                | "with"
                                | "among"
                                | "near"
                                | "about"
                                | "against"
                                | "into"
                                | "across"
                                | "throughout"
                                | "toward"
                                | "towards"
                        )
                    }))
        })
    };
    if let Some((source, pos)) = &tail_np {
        let k = tail.iter().position(|t| t.start == *pos).unwrap_or(0);
        let prefix_ok = tail[..k].iter().all(|t| {
            t.is_word()
                && !is_aux(t)
                && (!lexicon::is_stop_any_case(t.s)
                    || matches!(t.lower().as_ref(), "the" | "and" | "but" | "so"))
        });
        // `McCain, the GOP nominee, issued a statement after Donald Trump told …`: a name
        // right after a subordinator is the subject of the cue's own clause.
        // Role words may stand between (`after Republican contender Donald Trump told`).
        let mut b = k;
        while b > 0
            && k - b < 4
            && !lexicon::is_stop_any_case(tail[b - 1].s)
            && tail[b - 1].is_word()
        {
            b -= 1;
        }
        let subordinate = b > 0
            && matches!(source, Source::Name(_))
            && tail.get(b - 1).is_some_and(|t| {
                matches!(
                    t.lower().as_ref(),
                    "after" | "before" | "when" | "while" | "because" | "since" | "until"
                )
            });
        if chunks.len() == 1 || !matches!(source, Source::Desc { .. }) && (prefix_ok || subordinate)
        {
            // `The foreign secretary, David Lammy, told MPs`: a description set off by commas
            // right before the name is its role.
            let role = (k == 0 && matches!(source, Source::Name(_)))
                .then(|| chunks.len().checked_sub(2).and_then(|p| chunks.get(p)))
                .flatten()
                .filter(|c| is_role_description(c))
                .map(|c| text_of(c, src));
            return found(source.clone(), *pos, role);
        }
    }
    // `Name, role, [who …,] said`: the last chunk that is wholly a name, with the next chunk
    // as its role.
    for k in (0..chunks.len().saturating_sub(1)).rev() {
        let chunk = chunks[k];
        if place_continuation(chunks.get(..=k).unwrap_or(&[]))
            || k == 0 && is_participle_opener(chunk)
        {
            continue;
        }
        let Some((source, pos)) = np_backward(chunk, src) else {
            continue;
        };
        // `Even China, Pyongyang's only ally, said`: a sentence adverb may open the chunk.
        // … or the article of an organisation's name (`The Downtown Business Association,
        // which represents …, said`).
        let before_name: Vec<&str> = chunk
            .iter()
            .take_while(|t| t.start < pos)
            .map(|t| t.s)
            .collect();
        // … or the name's own role (`Council member Jose Velasquez, whose …, said`).
        let own_role = matches!(&source, Source::Name(np)
            if !before_name.is_empty()
                && np.role.as_deref().is_some_and(|r| r.split(' ').eq(before_name.iter().copied())));
        let whole = own_role
            || before_name.iter().all(|w| {
                let l = lexicon::lower_of(w);
                is_sentence_adverb(&l) || l == "the"
            });
        let name_ok = match &source {
            Source::Name(np) => {
                np.name.contains(' ')
                    || np.honorific
                    || k == 0
                    // `For now, Pantucci, at the institute, said`.
                    || k == 1 && chunks.first().is_some_and(|c| is_adverbial_opener(c))
                    // `Petrilli, who thinks …, called`: the relative clause marks a person.
                    || chunks
                        .get(k + 1)
                        .and_then(|c| c.first())
                        .is_some_and(|t| t.lower() == "who")
            }
            Source::Pronoun(_) => true,
            // `One Club for Growth ad, which is currently airing, argues`, but not the
            // appositive of a name before it (`Willie Minor, an actor in Dallas, who …`).
            Source::Desc { head, .. } => {
                chunks.get(k + 1).and_then(|c| c.first()).is_some_and(|t| {
                    matches!(t.lower().as_ref(), "which" | "who")
                            // `The president, speaking at a rally, said`.
                            || t.is_word()
                                && !t.is_cap()
                                && t.s.ends_with("ing")
                                && is_person_noun(head)
                }) && !k
                    .checked_sub(1)
                    .and_then(|p| chunks.get(p))
                    .and_then(|c| np_backward(c, src))
                    .is_some_and(|(s, _)| matches!(s, Source::Name(np) if np.name.contains(' ')))
            }
        };
        // `NAFTA, which Trump had called a “disaster”`: a relative clause with a subject of
        // its own makes its antecedent the object, not the speaker.
        let object_relative = chunks.get(k + 1).is_some_and(|c| {
            c.first()
                .is_some_and(|t| matches!(t.lower().as_ref(), "which" | "who" | "whom" | "that"))
                && c.get(1).is_some_and(|t| {
                    t.is_cap() || matches!(t.lower().as_ref(), "he" | "she" | "they" | "we" | "i")
                })
        });
        if whole && name_ok && !object_relative {
            let app = chunks.get(k + 1).and_then(|c| appositive(c, src));
            return found(source, pos, app);
        }
    }
    tail_np.and_then(|(source, pos)| found(source, pos, None))
}

/// Attribution in the words before an opening mark: `X said: `, `X, role, stated, `,
/// `according to X, `, `said X, `.
pub fn before(toks: &[Tok], src: &str) -> Option<Found> {
    let start = toks
        .iter()
        .rposition(Tok::ends_sentence)
        .map_or(0, |i| i + 1);
    let mut w = toks.get(start..)?;
    while w.last().is_some_and(|t| !t.is_word() && !t.is_punct(')')) {
        w = &w[..w.len() - 1];
    }
    let w = &w[w.len().saturating_sub(40)..];
    // `according to X,`
    if let Some(a) = w
        .windows(2)
        .rposition(|p| p[0].lower() == "according" && p[1].lower() == "to")
        && let Some((source, pos)) = np_forward(w.get(a + 2..)?, src)
    {
        return Some(Found {
            source,
            appositive: None,
            cue: text_of(&w[a..a + 2], src),
            pos,
        });
    }
    // `Said Dorothy Poynter, who grew up with Ali, “…”`: an inversion may open the sentence.
    let opening_said = |i: usize, t: &Tok| i == 0 && matches!(t.s, "Said" | "Says");
    // `a bloc of small island states warning …`: `states` after a modifier is the noun.
    let noun_states = |i: usize| {
        w[i].s == "states"
            && i.checked_sub(1).and_then(|j| w.get(j)).is_some_and(|p| {
                matches!(
                    p.lower().as_ref(),
                    "island"
                        | "member"
                        | "swing"
                        | "battleground"
                        | "border"
                        | "small"
                        | "other"
                        | "many"
                        | "some"
                        | "these"
                        | "those"
                        | "all"
                        | "several"
                        | "individual"
                        | "gulf"
                        | "arab"
                        | "southern"
                        | "northern"
                        | "western"
                        | "eastern"
                        | "red"
                        | "blue"
                        | "sovereign"
                        | "neighboring"
                        | "neighbouring"
                )
            })
    };
    let cues: Vec<usize> = w
        .iter()
        .enumerate()
        .filter(|&(i, t)| (is_cue_tok(t) || opening_said(i, t)) && !noun_states(i))
        .map(|(i, _)| i)
        .collect();
    // A cue word used as a noun (`Obama's remarks`, `his claim`) is not the clause's verb when
    // an object-taking verb comes before it: in `X called Mr. Obama's remarks “a wake-up
    // call”` X speaks.
    let noun_use = |i: usize| {
        i.checked_sub(1).and_then(|j| w.get(j)).is_some_and(|p| {
            p.s.ends_with("'s")
                || p.s.ends_with("\u{2019}s")
                || matches!(p.lower().as_ref(), "his" | "her" | "their" | "its" | "the")
        })
    };
    let governing_verb = |i: usize| {
        cues.iter()
            .any(|&c| c < i && takes_object(w[c].s) && !noun_use(c))
    };
    // The nearest cue with a named (or pronoun) subject wins; a description only as a last resort.
    let mut desc: Option<Found> = None;
    // `ended the call on a defiant note:`: after an article, `note` is a noun.
    let noun_note = |i: usize| {
        matches!(w[i].s, "note" | "notes")
            && w[i.saturating_sub(3)..i]
                .iter()
                .any(|t| matches!(t.lower().as_ref(), "a" | "an" | "the" | "this" | "that"))
    };
    // `is sometimes labeled “social jet lag”`, `has been called`: a passive has no speaker.
    let passive = |i: usize| {
        w[i].s.ends_with("ed")
            && w[..i]
                .iter()
                .rev()
                .find(|t| !(t.s.ends_with("ly") || matches!(t.s, "often" | "also" | "sometimes")))
                .is_some_and(|t| {
                    matches!(
                        t.lower().as_ref(),
                        "is" | "are" | "was" | "were" | "be" | "been" | "being"
                    )
                })
    };
    for &cue_idx in cues.iter().rev().take(3) {
        let cue = w[cue_idx].s;
        if noun_use(cue_idx) && governing_verb(cue_idx) || noun_note(cue_idx) || passive(cue_idx) {
            continue;
        }
        // Inversion right before the mark: `said Mr. X,` / `said the official:`.
        // `the moderator, Lisa Chen, asked Hale: “…”`: the name after `asked` or `told`
        // before a colon is who is addressed.
        let addressed = matches!(cue, "asked" | "asks" | "told" | "tells")
            && toks.last().is_some_and(|t| t.is_punct(':'));
        let clause_start = (cue_idx == 0 || w.get(cue_idx - 1).is_some_and(|t| !t.is_word()))
            && !addressed
            && !cue.ends_with("ing")
            && !takes_object(cue);
        // After an opening `Said` the name may carry an appositive up to the mark.
        let reach = if opening_said(cue_idx, &w[cue_idx]) {
            30
        } else {
            8
        };
        // The inverted subject is set off from the quote (`said Mr. X, “…`); without the
        // comma or colon it is the subject of the reported clause (`said the island “will
        // not be intimidated”`).
        let set_off = toks
            .last()
            .is_some_and(|t| t.is_punct(',') || t.is_punct(':'));
        if clause_start
            && let Some(rest) = w
                .get(cue_idx + 1..)
                .filter(|r| !r.is_empty() && r.len() <= reach)
            && let Some((source, pos)) = np_forward(rest, src)
            && set_off
            && inversion_fills(rest, &source)
        {
            return Some(Found {
                source,
                appositive: None,
                cue: cue.to_string(),
                pos,
            });
        }
        if let Some(f) = attribute_subject(w.get(..cue_idx)?, src, cue) {
            if !matches!(f.source, Source::Desc { .. }) {
                return Some(f);
            }
            desc.get_or_insert(f);
        }
    }
    desc
}

/// A transcript-style label before a colon: `TRUMP: “…”`, `Clinton: “…”`, also after a dash
/// (`Pollsters agree - Carl Bialik: “…”`).
pub fn colon_label(toks: &[Tok], src: &str) -> Option<Found> {
    let start = toks
        .iter()
        .rposition(|t| t.ends_sentence() || t.is_punct('-') || t.is_punct('\u{2014}'))
        .map_or(0, |i| i + 1);
    let w = toks.get(start..)?;
    // `More from Jones:`: the label names its source after `from`.
    let w = w
        .iter()
        .rposition(|t| t.s == "from")
        .map_or(w, |i| w.get(i + 1..).unwrap_or(&[]));
    // `Here’s Clinton in December:` presents its speaker.
    let w = match w {
        [here, rest @ ..] if matches!(here.s, "Here's" | "Here\u{2019}s") => rest,
        [here, is, rest @ ..] if here.s == "Here" && is.s == "is" => rest,
        _ => w,
    };
    // `Clinton in December 1992:`, `Trump on Monday:`: a time adjunct before the colon.
    let is_when = |t: &Tok| {
        let l = t.lower();
        is_weekday(&l) || is_month(&l) || t.s.bytes().all(|b| b.is_ascii_digit())
    };
    let w_owned;
    let w = match w.split_last() {
        Some((colon, head)) => match head
            .iter()
            .rposition(|t| matches!(t.s, "in" | "on" | "during"))
        {
            Some(p)
                if head.len() - p <= 3
                    && head
                        .get(p + 1..)
                        .is_some_and(|when| !when.is_empty() && when.iter().all(is_when)) =>
            {
                w_owned = [&head[..p], std::slice::from_ref(colon)].concat();
                &w_owned[..]
            }
            _ => w,
        },
        None => w,
    };
    // `Rep. Trey Gowdy (R-S.C.):`: a party-state tag before the colon says nothing.
    let w_untagged;
    let w = match w.split_last() {
        Some((colon, head)) if head.last().is_some_and(|t| t.is_punct(')')) => {
            match head.iter().rposition(|t| t.is_punct('(')) {
                Some(p) if head.len() - p <= 4 => {
                    w_untagged = [&head[..p], std::slice::from_ref(colon)].concat();
                    &w_untagged[..]
                }
                _ => w,
            }
        }
        _ => w,
    };
    // `Former secretary of state Hillary Rodham Clinton:`: a longer label is only a name with
    // its role words, no verb.
    let plain_label = |w: &[Tok]| {
        w.len() <= 9
            && w[..w.len() - 1].iter().all(|t| {
                t.is_word()
                    && !is_aux(t)
                    && !is_cue_tok(t)
                    && !t.s.ends_with("ed")
                    && !IRREGULAR_PAST.contains(&t.lower().as_ref())
            })
    };
    if !w.last().is_some_and(|t| t.is_punct(':')) || w.len() > 5 && !plain_label(w) || w.len() < 2 {
        return None;
    }
    let (source, pos) = np_backward(&w[..w.len() - 1], src)?;
    if matches!(source, Source::Name(_)) {
        return Some(Found {
            source,
            appositive: None,
            cue: String::new(),
            pos,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Option<(String, Option<String>)> {
        let toks = tokenize(s, 0, s.len());
        match np_backward(&toks, s)?.0 {
            Source::Name(n) => Some((n.name, n.role)),
            _ => None,
        }
    }

    #[test]
    fn title_before_name_becomes_role() {
        assert_eq!(
            names("White House Press Secretary James Corbin"),
            Some((
                "James Corbin".into(),
                Some("White House Press Secretary".into())
            ))
        );
    }

    #[test]
    fn honorifics_are_dropped() {
        assert_eq!(
            names("Dr. Rachel Goodman"),
            Some(("Rachel Goodman".into(), None))
        );
        assert_eq!(names("Mr. Holtz-Eakin"), Some(("Holtz-Eakin".into(), None)));
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let s = "Sen. John Smith of the U.S. said";
        let toks = tokenize(s, 0, s.len());
        assert!(!toks.iter().any(Tok::ends_sentence));
    }
}
