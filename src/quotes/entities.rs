//! The people and organisations an article has named, and where: the memory that resolves
//! `he`, `Clinton`, `the spokesperson` and `the statement` to a full name. Names are recorded in
//! text order (`scan_mentions`, outside quotes), each with whether it stood as a subject; a
//! reference resolves to the fitting entity mentioned most recently before it. Lookups are
//! bounded (`LOOKBACK` mentions, `MAX_PER_WORD` holders of a name word), so the cost per quote
//! stays constant on hostile input.

use std::collections::HashMap;

use super::attrib::{
    AUXILIARIES, DOCUMENT_LOOKBACK, Gender, NameParts, body_before, cap_run_at, gender_of, is_aux,
    is_finite_verb, is_org_word, is_person_noun, is_role_description, is_verbish, name_token_ok,
    role_word, split_name, takes_object,
};
use super::lexicon;
use super::tokens::Tok;

/// A person (or organisation) the article has named.
#[derive(Debug, Clone)]
pub struct Entity {
    pub name: String,
    pub role: Option<String>,
    pub gender: Gender,
    /// Byte offset of the latest mention.
    pub last: usize,
    pub person: bool,
    /// Mentions so far: the prominence that decides which holder a bare surname means.
    pub count: u32,
}

/// One mention of an entity in the text.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub pos: usize,
    pub ent: usize,
    /// Grammatical subject (sentence-initial, or followed by a verb), the likely antecedent of
    /// a later pronoun.
    pub subject: bool,
}

/// How far back (bytes) the subject a possessed epithet renames may lie.
const RECENT_SUBJECT_REACH: usize = 600;

/// Per-article list of named entities, and their mentions sorted by position.
#[derive(Debug, Default)]
pub struct Entities {
    pub list: Vec<Entity>,
    pub mentions: Vec<Mention>,
    by_name: HashMap<String, usize, lexicon::Fx>,
    /// Entities by each word of their name, for surname lookups.
    by_word: HashMap<String, Vec<usize>, lexicon::Fx>,
    /// Paragraph unit being attributed, set by the extractor.
    pub unit: usize,
    /// (unit, entity) of the latest quote's named speaker.
    last_speaker: Option<(usize, usize)>,
    /// The writer of a first-person piece, from its closing line (`Jane Roe is a retired
    /// teacher in Tucson.`): who `I said` is.
    pub author: Option<String>,
}

/// Byte offset just past the last sentence break in `s`: a line break, `?`, `!`, or a period
/// after a lowercase word of four letters or more (so `Dr.`, `Sen.`, `U.S.` do not count).
pub(super) fn last_sentence_break(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len()).rev().find_map(|i| match b[i] {
        b'\n' | b'?' | b'!' => Some(i + 1),
        b'.' if i >= 4 && b[i - 4..i].iter().all(u8::is_ascii_lowercase) => Some(i + 1),
        _ => None,
    })
}

/// From the comma at `comma` after a name, over set-off ages and appositives (at most two,
/// each short and with no verb), a finite verb follows a comma.
fn verb_after_appositives(toks: &[Tok], comma: usize) -> bool {
    let mut c = comma;
    for _ in 0..3 {
        let Some(t) = toks.get(c + 1) else {
            return false;
        };
        if is_finite_verb(t) && !is_aux(t)
            || matches!(t.s, "was" | "is" | "has" | "had" | "will" | "would")
        {
            return true;
        }
        // An age or an appositive up to the next comma.
        let Some(len) = toks
            .get(c + 1..)
            .and_then(|r| r.iter().take(14).position(|t| t.is_punct(',')))
        else {
            return false;
        };
        let chunk = &toks[c + 1..c + 1 + len];
        let appositive = chunk.iter().all(|t| t.is_word() && !is_finite_verb(t))
            && chunk.first().is_some_and(|t| {
                t.s.bytes().all(|b| b.is_ascii_digit())
                    || matches!(
                        t.lower().as_ref(),
                        "a" | "an" | "the" | "his" | "her" | "their"
                    )
            });
        if !appositive {
            return false;
        }
        c += 1 + len;
    }
    false
}

/// The sentence holding the comma at `comma` opens on an adverbial phrase that ends there
/// (`Speaking to reporters aboard her plane, Clinton …`, `After the vote, Ryan …`), so the
/// name after the comma starts the main clause.
fn opens_on_adjunct(toks: &[Tok], comma: usize) -> bool {
    let start = toks[..comma]
        .iter()
        .rposition(|t| t.ends_sentence() || t.is_punct(','))
        .map_or(0, |k| k + 1);
    // Only when the phrase before the comma is the first thing in its sentence.
    if start > 0 && !toks[start - 1].ends_sentence() || comma - start > 12 {
        return false;
    }
    toks.get(start).is_some_and(|t| {
        let l = t.lower();
        t.is_cap()
            && (l.ends_with("ing")
                || matches!(
                    l.as_ref(),
                    "in" | "on"
                        | "at"
                        | "after"
                        | "before"
                        | "during"
                        | "asked"
                        | "with"
                        | "for"
                        | "from"
                        | "by"
                        | "since"
                        | "under"
                        | "despite"
                ))
    })
}

/// How far back (bytes) from a document word its sentence's subject may be.
const SUBJECT_REACH: usize = 300;

/// Largest number of later mentions a new mention may be inserted before.
const MAX_SHIFT: usize = 256;

/// Entities remembered per name word for surname lookups.
const MAX_PER_WORD: usize = 32;

/// How far back a pronoun looks for its antecedent, in mentions; bounds the cost per quote.
const LOOKBACK: usize = 60;

/// A subject of known matching gender this many mentions back wins over a nearer one of
/// unknown gender.
const GENDER_WINDOW: usize = 3;

/// The rest of a body's name from `of` at `toks[j]`: `of Nursing`, `of Health and Social
/// Care`, `of the Red Cross`.
fn name_after_of(toks: &[Tok], j: usize) -> Option<String> {
    if toks.get(j)?.s != "of" {
        return None;
    }
    let mut end = j + 1;
    if toks.get(end).is_some_and(|t| t.s == "the") {
        end += 1;
    }
    let words_from = end;
    while end - j < 8 {
        match toks.get(end) {
            Some(t) if t.is_cap() && !t.s.ends_with("'s") && !t.s.ends_with('\u{2019}') => end += 1,
            Some(t)
                if t.s == "and"
                    && end > words_from
                    && toks.get(end + 1).is_some_and(Tok::is_cap) =>
            {
                end += 1;
            }
            _ => break,
        }
    }
    (end > words_from).then(|| {
        toks[j..end]
            .iter()
            .map(|t| t.s)
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Whether the capitalised run `toks[i..i + len]` is the photographer of a picture credit.
fn is_picture_credit(toks: &[Tok], i: usize, len: usize) -> bool {
    const AGENCIES: &[&str] = &[
        "Getty",
        "AP",
        "Reuters",
        "AFP",
        "EPA",
        "Bloomberg",
        "Shutterstock",
        "Alamy",
        "PA",
    ];
    let agency_after = match (toks.get(i + len), toks.get(i + len + 1)) {
        (Some(a), Some(b)) => (a.s == "via" || a.s == "/") && AGENCIES.contains(&b.s),
        _ => false,
    };
    let credit_before = i
        .checked_sub(2)
        .and_then(|j| toks.get(j..i))
        .is_some_and(|w| {
            matches!(w[0].s, "Photo" | "Photograph" | "Picture" | "Image")
                && matches!(w[1].s, ":" | "by")
        });
    agency_after || credit_before
}

impl Entities {
    /// Records every name mentioned in `toks` (text outside quotes).
    pub fn scan_mentions(&mut self, toks: &[Tok]) {
        let mut i = 0;
        while i < toks.len() {
            let Some(len) = cap_run_at(toks, i) else {
                i += 1;
                continue;
            };
            let run = &toks[i..i + len];
            // `the United Nations Office for Climate Adaptation`: the words after `of` or `for`
            // in a body's name are that name, not a person.
            if i >= 2
                && matches!(toks[i - 1].s, "of" | "for")
                && toks[i - 2].is_cap()
                && is_org_word(&toks[i - 2].lower())
            {
                i += len;
                continue;
            }
            // `Neilson Barnard via Getty Images`, `Photograph: Jo Smith/Reuters`: a picture
            // credit names no one in the story.
            if is_picture_credit(toks, i, len) {
                i += len;
                continue;
            }
            // Fast path: a lone capitalised word only matters as a known surname.
            if len == 1 {
                let w = lexicon::without_possessive(run[0].s);
                if !self.by_word.contains_key(w) {
                    self.renamed_first_name(toks, i);
                    i += 1;
                    continue;
                }
            }
            let prev = i.checked_sub(1).and_then(|j| toks.get(j));
            let sentence_start = prev.is_none_or(|p| p.ends_sentence() || p.is_punct(':'))
                || prev.is_some_and(|p| {
                    matches!(
                        p.lower().as_ref(),
                        "but" | "and" | "so" | "yet" | "meanwhile"
                    )
                }) && i
                    .checked_sub(2)
                    .and_then(|j| toks.get(j))
                    .is_none_or(Tok::ends_sentence);
            // A clause opens after a conjunction (`, but Representative Brooks, who …`) or a
            // sentence-initial adverbial (`Still, Petrilli …`); a name there is its subject, as
            // is a name with a relative clause (`Petrilli, who …`).
            let clause_start = prev.is_some_and(|p| {
                matches!(
                    p.lower().as_ref(),
                    "but" | "and" | "while" | "because" | "although" | "though" | "when" | "as"
                )
            }) || prev.is_some_and(|p| p.is_punct(','))
                && (i
                    .checked_sub(3)
                    .and_then(|j| toks.get(j))
                    .is_none_or(Tok::ends_sentence)
                    || opens_on_adjunct(toks, i - 1));
            let relative = toks
                .get(i + len)
                .is_some_and(|t| t.is_punct(',') || t.is_punct('\u{2014}'))
                && toks.get(i + len + 1).is_some_and(|t| {
                    let l = t.lower();
                    l == "who" || l.starts_with("who'") || l.starts_with("who\u{2019}")
                });
            // An adverb may stand between the subject and its verb (`Sanders still senses`).
            // So may a reflexive (`Clinton herself was more measured`).
            let v = i
                + len
                + usize::from(toks.get(i + len).is_some_and(|t| {
                    (is_aux(t) && !AUXILIARIES.contains(&t.s)
                        || matches!(t.s, "himself" | "herself" | "themselves"))
                        && toks.get(i + len + 1).is_some_and(is_verbish)
                }));
            let next_verb = toks.get(v).is_some_and(|t| {
                is_verbish(t)
                    && (!t.s.ends_with('s')
                        || AUXILIARIES.contains(&t.s)
                        || lexicon::is_cue(&t.lower())
                        || toks.get(v + 1).is_some_and(|n| {
                            n.is_word() && !n.is_cap() && lexicon::is_stop(&n.lower())
                        }))
            });
            // A full name introduced with an appositive (`worries Ann Kolb, president of
            // …`, `like Paul Mercer, a senior fellow at …`) or named by an inverted cue at the
            // end of its sentence (`noted Ray Ortiz.`) is the new focus of the text,
            // so a later pronoun prefers it over an older subject.
            // After a locative or genitive preposition the name is more likely a place
            // (`in the suburb of Santa Rosa, a worker named …`) unless it opens with a
            // known first name (`courtesy of John Ito, a delegate`).
            let after_locative = prev.is_some_and(|p| {
                matches!(
                    p.lower().as_ref(),
                    "of" | "in" | "at" | "on" | "from" | "near" | "outside"
                )
            });
            // An age may stand first (`Keziah Mwangale, 22, a climate activist`).
            let age = usize::from(
                toks.get(i + len + 1)
                    .is_some_and(|t| t.s.len() <= 3 && t.s.bytes().all(|b| b.is_ascii_digit()))
                    && toks.get(i + len + 2).is_some_and(|t| t.is_punct(',')),
            ) * 2;
            let appositive_intro = len >= 2
                && toks.get(i + len).is_some_and(|t| t.is_punct(','))
                && toks.get(i + len + 1 + age).is_some_and(|t| {
                    t.is_word()
                        && !t.is_cap()
                        && (matches!(t.s, "a" | "an" | "the") || lexicon::is_title_word(&t.lower()))
                })
                && (!after_locative || lexicon::first_name_gender(&run[0].lower()).is_some());
            let is_inverting_cue = |p: &Tok| {
                p.is_word()
                    && !p.is_cap()
                    && !p.s.ends_with("ing")
                    && lexicon::is_cue(&p.lower())
                    && !takes_object(p.s)
            };
            // `noted NBC's Dante Chinni.`: the employer's possessive may stand between.
            let employer = prev
                .is_some_and(|p| p.is_cap() && (p.s.ends_with("'s") || p.s.ends_with("\u{2019}s")))
                && i.checked_sub(2)
                    .and_then(|j| toks.get(j))
                    .is_some_and(is_inverting_cue);
            let inverted = len >= 2
                && toks
                    .get(i + len)
                    .is_none_or(|t| t.ends_sentence() || t.is_punct(','))
                && (prev.is_some_and(is_inverting_cue) || employer);
            // `The minister of the economy, Mr. Guajardo Villarreal, argues …`: a name set off
            // by commas before the verb is the subject it renames.
            // A copula counts too (`Her neighbor, Tom Reed, was more sanguine.`), and so
            // does a verb after an age or an appositive (`Her husband, Walter Fenwick, 80,
            // said …`, `…, Dr. Michael Harmon, a family physician in Chatsworth, introduced`).
            // Role words may come first (`Bar's counterpart, Egyptian intelligence chief Abbas
            // Kamel, has mediated …`).
            let set_off_before = || {
                let mut b = i;
                while b > 0
                    && i - b < 4
                    && toks[b - 1].is_word()
                    && (!toks[b - 1].is_cap() || lexicon::is_demonym(&toks[b - 1].lower()))
                    && !lexicon::is_stop(&toks[b - 1].lower())
                    // `retired firefighter`: a participle before a role word is an adjective.
                    && (!is_verbish(&toks[b - 1]) || b < i && toks[b - 1].s.ends_with("ed"))
                {
                    b -= 1;
                }
                b.checked_sub(1)
                    .and_then(|j| toks.get(j))
                    .is_some_and(|p| p.is_punct(','))
            };
            let renames_subject = toks.get(i + len).is_some_and(|t| t.is_punct(','))
                && set_off_before()
                && verb_after_appositives(toks, i + len);
            // A subject embedded after a verb or `that` (`he does believe McConnell is
            // correct`) is not who the text goes on about.
            // A preposition's object (`praise from Vladimir Putin would not affect …`) is
            // none either, unless the preposition is inside an office (`Secretary of State
            // John Kerry said`).
            let object_of_preposition = prev.is_some_and(|p| {
                matches!(
                    p.s,
                    "from" | "of" | "with" | "by" | "for" | "about" | "against" | "among"
                ) && i
                    .checked_sub(2)
                    .and_then(|j| toks.get(j))
                    .is_some_and(|t| t.is_word() && !t.is_cap())
            });
            let embedded = object_of_preposition
                || prev.is_some_and(|p| {
                    p.is_word()
                        && !p.is_cap()
                        && (is_verbish(p)
                            || matches!(
                                p.lower().as_ref(),
                                "that"
                                    | "whether"
                                    | "believe"
                                    | "think"
                                    | "know"
                                    | "hope"
                                    | "feel"
                                    | "expect"
                                    | "fear"
                                    | "suspect"
                                    | "doubt"
                                    | "guess"
                                    | "understand"
                                    | "realize"
                                    | "hear"
                                    | "say"
                            ))
                });
            // `I found Lindqvist at the bandstand`: in a first-person piece the person the
            // writer meets is the focus, not the writer.
            let met_by_writer = i
                .checked_sub(2)
                .and_then(|j| toks.get(j))
                .is_some_and(|t| matches!(t.s, "I" | "we" | "We"))
                && prev.is_some_and(|p| is_verbish(p) && !lexicon::is_cue(&p.lower()));
            // `The inquiry was led by Professor Sir Malcolm Brereton`: the agent of a passive
            // is who the sentence is about (not of a reporting verb: in `Rubio was asked by
            // moderator Gerard Baker`, Rubio answers).
            let passive_agent = prev.is_some_and(|p| p.s == "by")
                && i.checked_sub(2).and_then(|j| toks.get(j)).is_some_and(|v| {
                    v.s.ends_with("ed") && !v.is_cap() && !lexicon::is_cue(&v.lower())
                })
                && i.checked_sub(3)
                    .and_then(|j| toks.get(j))
                    .is_some_and(|b| matches!(b.s, "was" | "were" | "is" | "are" | "been"));
            // `For Santos, the message is simple.`: a name alone in an opening phrase is the
            // sentence's topic.
            let topic = prev.is_some_and(|p| matches!(p.s, "For" | "To" | "With"))
                && i.checked_sub(2)
                    .and_then(|j| toks.get(j))
                    .is_none_or(Tok::ends_sentence)
                && toks.get(i + len).is_some_and(|t| t.is_punct(','));
            let subject = sentence_start
                || topic
                || met_by_writer
                || passive_agent
                || next_verb && !embedded
                || renames_subject
                || relative
                || clause_start
                    && toks
                        .get(i + len)
                        .is_some_and(|t| t.is_punct(',') || is_verbish(t));
            let mut np = split_name(run);
            // `the Royal College of Nursing`, `the Department of Health and Social Care`: a
            // body's name goes on after `of`, so that `the college said` finds it whole.
            if let Some(np) = np.as_mut().filter(|np| np.org)
                && run.last().is_some_and(|t| is_org_word(&t.lower()))
                && let Some(tail) = name_after_of(toks, i + len)
            {
                np.name = format!("{} {tail}", np.name);
            }
            // `Republican Secretary of State Jon Husted`: an office with `of` inside its
            // title, which the run of capitalised words starts after.
            if let Some(np) = np.as_mut().filter(|np| np.role.is_some() && !np.org)
                && i >= 2
                && toks[i - 1].s == "of"
            {
                let mut s = i - 1;
                while s > 0 && toks[s - 1].is_cap() && lexicon::is_title_word(&toks[s - 1].lower())
                {
                    s -= 1;
                }
                if s < i - 1 {
                    let pre = toks[s..i].iter().map(|t| t.s).collect::<Vec<_>>().join(" ");
                    np.role = np.role.take().map(|r| format!("{pre} {r}"));
                }
            }
            // `City Council member Angela Ruiz said she would …`: lowercase role words right
            // before a full name, with the capitalised body they belong to, are its role.
            if let Some(np) = np
                .as_mut()
                .filter(|np| np.role.is_none() && !np.org && np.name.contains(' '))
                && i > 0
                && toks[i - 1].is_word()
                && !toks[i - 1].is_cap()
                && is_role_head(&toks[i - 1].lower())
            {
                let plain = |t: &Tok| {
                    let l = t.lower();
                    t.is_word()
                        && !t.is_cap()
                        && !lexicon::is_stop(&l)
                        && !lexicon::is_cue(&l)
                        && (!is_verbish(t) || is_plural_role_modifier(&l))
                };
                let mut r = i;
                while r > 0 && i - r < 4 && plain(&toks[r - 1]) {
                    r -= 1;
                }
                // `former secretary of state Hillary Clinton`.
                if r >= 2 && r < i && toks[r - 1].s == "of" && plain(&toks[r - 2]) {
                    r -= 2;
                    while r > 0 && i - r < 6 && plain(&toks[r - 1]) {
                        r -= 1;
                    }
                }
                let r = body_before(toks, r, 4);
                if r < i {
                    np.role = Some(toks[r..i].iter().map(|t| t.s).collect::<Vec<_>>().join(" "));
                }
            }
            // `Clinton's campaign manager, Robby Mook, dismissed …`: the description the name
            // renames is its role, for the quotes that name him later.
            if renames_subject
                && let Some(np) = np.as_mut().filter(|np| np.role.is_none() && !np.org)
            {
                np.role = renamed_description(toks, i - 1);
            }
            // `Rachel Thornbury, the housing minister, who …`, `Julian Marsh, Pell's defense
            // attorney, spent …`: the appositive after a name is its role too, for a later
            // `the minister said`.
            let possessive_appositive = toks.get(i + len).is_some_and(|t| t.is_punct(','))
                && toks.get(i + len + 1).is_some_and(|t| {
                    t.is_cap() && (t.s.ends_with("'s") || t.s.ends_with("\u{2019}s"))
                });
            if (appositive_intro || possessive_appositive)
                && let Some(np) = np.as_mut().filter(|np| np.role.is_none() && !np.org)
            {
                let rest = toks.get(i + len + 1 + age..).unwrap_or(&[]);
                let end = rest
                    .iter()
                    .position(|t| t.is_punct(',') || t.ends_sentence())
                    .unwrap_or(rest.len());
                let chunk = &rest[..end];
                // Not cut short by a title in marks (`the author of ''Hacked World Order''`).
                let cut_short = chunk.last().is_some_and(|t| lexicon::is_stop(&t.lower()));
                if chunk.len() <= 8 && is_role_description(chunk) && !cut_short {
                    np.role = Some(chunk.iter().map(|t| t.s).collect::<Vec<_>>().join(" "));
                }
            }
            // Only a first mention introduces a person; `Mr. Kane, the presumed favorite` is
            // a reminder about someone already in focus or not.
            let introduced = (appositive_intro || inverted)
                && np.as_ref().is_some_and(|np| {
                    !np.honorific
                        && !np.org
                        && !self.by_name.contains_key(&np.name)
                        && self
                            .find_surname(np.name.rsplit(' ').next().unwrap_or(""))
                            .is_none()
                });
            // A possessor (`Mr. Trump's threats to …`) is never the subject of what follows.
            let possessive = run
                .last()
                .is_some_and(|t| t.s.ends_with("'s") || t.s.ends_with("\u{2019}s"));
            let subject = (subject || introduced) && !possessive;
            if let Some(np) = np
                && let Some(idx) = self.mention(&np, len, subject)
                && subject
            {
                self.learn_gender(idx, toks.get(i + len..).unwrap_or(&[]));
            }
            i += len;
        }
    }

    /// `Her husband, Carlos, is less sure.`: a first name alone, set off by commas between a
    /// description and its verb, is the subject the description renames, so a later `he`
    /// is that person. `i` is the name's token.
    fn renamed_first_name(&mut self, toks: &[Tok], i: usize) {
        let renamed = i > 0
            && toks[i - 1].is_punct(',')
            && toks.get(i + 1).is_some_and(|t| t.is_punct(','))
            && verb_after_appositives(toks, i + 1);
        if !renamed {
            return;
        }
        let role = renamed_description(toks, i - 1);
        // A first name the lexicon lacks takes its gender from the description (`Cohen's
        // wife, Vicky,`).
        let Some(male) = lexicon::first_name_gender(&toks[i].lower()).or_else(|| {
            i.checked_sub(2)
                .and_then(|j| toks.get(j))
                .and_then(|t| kin_gender(t.s))
        }) else {
            return;
        };
        let gender = if male { Gender::Male } else { Gender::Female };
        let np = NameParts {
            name: toks[i].s.to_string(),
            role,
            gender,
            org: false,
            honorific: false,
            pos: toks[i].start,
        };
        let idx = self.add_single(&np);
        self.insert(Mention {
            pos: toks[i].start,
            ent: idx,
            subject: true,
        });
    }

    /// Records the full names of a headline. Its Title Case runs words together (`Black
    /// Lawmakers Rip Donald Trump`), so only a known first name with its surname (and a middle
    /// initial) counts: the body often names the person by surname alone.
    pub fn scan_headline(&mut self, toks: &[Tok]) {
        let mut i = 0;
        while i + 1 < toks.len() {
            let first = &toks[i];
            let is_first_name = first.is_cap()
                && first.is_word()
                && lexicon::first_name_gender(&first.lower()).is_some();
            if !is_first_name {
                i += 1;
                continue;
            }
            let initial = toks
                .get(i + 1)
                .is_some_and(|t| t.s.len() == 2 && t.s.ends_with('.') && t.is_cap());
            let last_at = if initial { i + 2 } else { i + 1 };
            let Some(last) = toks
                .get(last_at)
                .filter(|t| name_token_ok(t) && t.is_cap() && !lexicon::is_stop_any_case(t.s))
            else {
                i += 1;
                continue;
            };
            let surname = lexicon::without_possessive(last.s);
            let mut words: Vec<&str> = toks[i..last_at].iter().map(|t| t.s).collect();
            words.push(surname);
            let np = NameParts {
                name: words.join(" "),
                role: None,
                gender: Gender::Unknown,
                org: false,
                honorific: false,
                pos: first.start,
            };
            self.mention(&np, words.len(), false);
            i = last_at + 1;
        }
    }

    /// A subject's gender from the first personal pronoun later in its sentence, before any
    /// other name (`Dinesh D’Souza made his prediction`).
    fn learn_gender(&mut self, idx: usize, rest: &[Tok]) {
        if self
            .list
            .get(idx)
            .is_none_or(|e| e.gender != Gender::Unknown || !e.person)
        {
            return;
        }
        for t in rest.iter().take(25) {
            if t.ends_sentence() || t.is_cap() && !lexicon::is_stop_any_case(t.s) {
                return;
            }
            let g = match t.lower().as_ref() {
                "he" | "his" | "him" | "himself" => Gender::Male,
                "she" | "her" | "hers" | "herself" => Gender::Female,
                _ => continue,
            };
            if let Some(e) = self.list.get_mut(idx) {
                e.gender = g;
            }
            return;
        }
    }

    fn push(&mut self, np: &NameParts, person: bool) -> usize {
        let idx = self.list.len();
        self.list.push(Entity {
            name: np.name.clone(),
            role: np.role.clone(),
            gender: gender_of(np),
            last: np.pos,
            person,
            count: 0,
        });
        self.by_name.insert(np.name.clone(), idx);
        for w in np.name.split(' ') {
            let v = self.by_word.entry(w.to_string()).or_default();
            // Only the most recent holders of a name word matter; bounding them keeps surname
            // lookups cheap on hostile input.
            if v.len() >= MAX_PER_WORD {
                v.remove(0);
            }
            v.push(idx);
        }
        idx
    }

    fn insert(&mut self, m: Mention) {
        let at = self.mentions.partition_point(|x| x.pos <= m.pos);
        // Mentions arrive almost in order; one landing far back (a huge paragraph) is dropped
        // rather than shifting the whole list, which keeps the cost linear.
        if self.mentions.len() - at > MAX_SHIFT {
            return;
        }
        self.mentions.insert(at, m);
    }

    /// The person whose full name ends in this surname with its particle (`de Wit` or `De Wit`
    /// after `Bart de Wit`, `van der Meulen` after `Joris van der Meulen`).
    fn by_particle_surname(&self, name: &str) -> Option<usize> {
        let first = name.split(' ').next()?;
        let particle = lexicon::is_name_particle(&first.to_lowercase());
        if !particle || !name.contains(' ') {
            return None;
        }
        let last = name.rsplit(' ').next()?;
        self.by_word.get(last)?.iter().rev().copied().find(|&i| {
            self.list.get(i).is_some_and(|e| {
                e.person
                    && e.name.len() > name.len()
                    && e.name
                        .get(e.name.len() - name.len()..)
                        .is_some_and(|tail| tail.eq_ignore_ascii_case(name))
                    && e.name.as_bytes().get(e.name.len() - name.len() - 1) == Some(&b' ')
            })
        })
    }

    /// Records a mention of `np` and returns its entity, if it names a person or organisation.
    pub fn mention(&mut self, np: &NameParts, run_len: usize, subject: bool) -> Option<usize> {
        let words = np.name.split(' ').count();
        let last = np.name.rsplit(' ').next().unwrap_or("");
        // `Mr. Putin` before the full name, then `President Vladimir V. Putin`: later
        // surname mentions are the person in full, not the surname recorded alone.
        let idx = if let Some(idx) = (words == 1 && !np.org)
            .then(|| self.find_surname(last))
            .flatten()
        {
            idx
        } else if let Some(&idx) = self.by_name.get(&np.name) {
            idx
        } else if let Some(idx) = (words == 1 && np.org)
            .then(|| self.find_surname(last))
            .flatten()
        {
            // `Hill said` after `Police Chief Marcus Hill`: a surname that is also a place
            // word is that person.
            idx
        } else if let Some(idx) = self.by_particle_surname(&np.name) {
            idx
        } else if (2..=5).contains(&words) || np.org {
            self.push(np, !np.org)
        } else if let Some(idx) = self.find_surname(last) {
            idx
        } else if run_len >= 2
            && words == 1
            && !np.org
            && (np.honorific
                || np.role.as_deref().is_some_and(|r| {
                    let last = r.rsplit(' ').next().unwrap_or("").to_lowercase();
                    !matches!(
                        last.as_str(),
                        "presidential"
                            | "democratic"
                            | "republican"
                            | "national"
                            | "federal"
                            | "congressional"
                            | "senior"
                            | "former"
                            | "top"
                            | "acting"
                            | "special"
                            | "executive"
                            | "general"
                            | "vice"
                            | "white"
                            | "house"
                            | "state"
                    )
                }))
        {
            // Honorific + surname with no full name seen: the surname is all we have.
            self.push(np, true)
        } else {
            return None;
        };
        self.touch(idx, np);
        self.insert(Mention {
            pos: np.pos,
            ent: idx,
            subject,
        });
        Some(idx)
    }

    /// Records a one-word speaker name (`Melanie said`) as a person of its own.
    pub fn add_single(&mut self, np: &NameParts) -> usize {
        if let Some(&i) = self.by_name.get(&np.name) {
            return i;
        }
        self.push(np, true)
    }

    /// Records that entity `idx` speaks at `pos` (a subject mention for later pronouns).
    pub fn speaks(&mut self, idx: usize, pos: usize) {
        self.last_speaker = Some((self.unit, idx));
        self.insert(Mention {
            pos,
            ent: idx,
            subject: true,
        });
    }

    fn touch(&mut self, idx: usize, np: &NameParts) {
        if let Some(e) = self.list.get_mut(idx) {
            e.last = np.pos;
            e.count = e.count.saturating_add(1);
            if e.gender == Gender::Unknown {
                e.gender = gender_of(np);
            }
            if e.role.is_none() {
                e.role.clone_from(&np.role);
            }
        }
    }

    /// Most recent person whose name contains the word `surname`.
    pub fn find_surname(&self, surname: &str) -> Option<usize> {
        let s = lexicon::without_possessive(surname);
        // The most prominent (most mentioned) person carrying that word in a longer name, the
        // latest on a tie: news writes the principal `Kane` by surname and a relative in full
        // (`Lisa Kane`), so a newer mention of the relative does not take the surname over.
        self.by_word
            .get(s)?
            .iter()
            .copied()
            .filter(|&i| self.list.get(i).is_some_and(|e| e.person && e.name != s))
            .max_by_key(|&i| self.list.get(i).map_or((0, 0), |e| (e.count, e.last)))
    }

    fn before(&self, pos: usize) -> &[Mention] {
        let end = self.mentions.partition_point(|m| m.pos < pos);
        let start = end.saturating_sub(LOOKBACK);
        self.mentions.get(start..end).unwrap_or(&[])
    }

    /// Antecedent of a pronoun at `pos`: the latest subject of fitting gender, else the latest
    /// person of fitting gender.
    pub fn last_person_before(&self, pos: usize, g: Gender) -> Option<usize> {
        self.last_person_before_outside(pos, g, 0..0)
    }

    /// The person who is the subject of the text right before `pos`: the latest subject
    /// mention, if it lies in the same or the previous paragraph of `text` (`David Axelrod on
    /// Wednesday called on … ¶ “…,” Obama's former campaign strategist said`).
    pub fn recent_subject(&self, pos: usize, text: &str) -> Option<usize> {
        let m = self.before(pos).iter().rev().find(|m| m.subject)?;
        let between = text.get(m.pos..pos)?;
        let person = self.list.get(m.ent).is_some_and(|e| e.person);
        (person && between.len() <= RECENT_SUBJECT_REACH && between.matches("\n\n").count() <= 1)
            .then_some(m.ent)
    }

    /// A body the text has just been talking about, for `the company said` when no name says
    /// what kind of body it is (`Twitter said in a statement … the company said`): the latest
    /// subject within reach that is an organisation, or a one-word name no one has given a
    /// first name, gender or role (`Twitter`, `GunBroker.com`).
    pub fn recent_body(&self, pos: usize, text: &str) -> Option<usize> {
        let m = self.before(pos).iter().rev().find(|m| m.subject)?;
        let between = text.get(m.pos..pos)?;
        // `Caravel Container Lines, one of the largest carriers, said it was …`: a name
        // its own sentence calls `it`.
        let called_it = || {
            let rest = text.get(m.pos..).unwrap_or("");
            let sentence = rest.find(". ").map_or(rest, |e| &rest[..e]);
            sentence
                .split(|c: char| !c.is_alphanumeric())
                .take(30)
                .any(|w| w == "it" || w == "its")
        };
        let body = self.list.get(m.ent).is_some_and(|e| {
            let first = e.name.split(' ').next().unwrap_or("");
            !e.person
                || e.gender == Gender::Unknown
                    && e.role.is_none()
                    && lexicon::first_name_gender(&first.to_lowercase()).is_none()
                    && (!e.name.contains(' ') || called_it())
        });
        (body && between.len() <= RECENT_SUBJECT_REACH && between.matches("\n\n").count() <= 1)
            .then_some(m.ent)
    }

    /// Like [`Entities::last_person_before`], ignoring the mentions inside `skip` (`Trump, he
    /// said, is …`: the name the pronoun's own sentence opens on is what is talked about).
    pub fn last_person_before_outside(
        &self,
        pos: usize,
        g: Gender,
        skip: std::ops::Range<usize>,
    ) -> Option<usize> {
        let fits = |i: usize| {
            self.list.get(i).is_some_and(|e| {
                e.person && (g == Gender::Unknown || e.gender == Gender::Unknown || e.gender == g)
            })
        };
        // The speaker of an earlier quote in the same paragraph (`“…,” Ham said. “…,” he added.`).
        if let Some((u, i)) = self.last_speaker
            // Only within the same paragraph unit: across paragraphs a newer subject is the
            // better antecedent (measured on the dev split).
            && self.unit == u
            && fits(i)
        {
            return Some(i);
        }
        let ms = self.before(pos);
        let ms = ms.iter().filter(|m| !skip.contains(&m.pos));
        let exact = |i: usize| {
            g != Gender::Unknown && self.list.get(i).is_some_and(|e| e.person && e.gender == g)
        };
        // A recent subject known to have the pronoun's gender, else the latest fitting subject,
        // else the latest fitting mention.
        ms.clone()
            .rev()
            .take(GENDER_WINDOW)
            .find(|m| m.subject && exact(m.ent))
            .or_else(|| ms.clone().rev().find(|m| m.subject && fits(m.ent)))
            .or_else(|| ms.clone().rev().find(|m| fits(m.ent)))
            .map(|m| m.ent)
    }

    /// The organisation an acronym stands for (`IMF` after `International Monetary Fund`),
    /// from the initials of the capitalised words of its name.
    pub fn by_acronym(&self, acronym: &str) -> Option<usize> {
        if !(2..=6).contains(&acronym.len()) || !acronym.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        self.list.iter().rposition(|e| {
            let initials: String = e
                .name
                .split(' ')
                .filter_map(|w| w.chars().next().filter(char::is_ascii_uppercase))
                .collect();
            e.name.contains(' ') && initials == acronym
        })
    }

    /// Last organisation or person whose name contains `head` (`the commission`).
    pub fn by_name_word(&self, head: &str, pos: usize) -> Option<usize> {
        self.before(pos).iter().rev().map(|m| m.ent).find(|&i| {
            self.list.get(i).is_some_and(|e| {
                !e.person && e.name.split(' ').any(|w| w.eq_ignore_ascii_case(head))
            })
        })
    }

    /// Last organisation whose name says it is the kind of body `head` describes (`Human
    /// Rights Watch condemned … the group said`, `The Washington Post … the newspaper
    /// reported`). Only names carrying a word of that kind count, so a place never does.
    pub fn by_body_kind(&self, head: &str, pos: usize) -> Option<usize> {
        let kind: &[&str] = match head {
            "group" | "organization" | "organisation" | "coalition" | "nonprofit" => &[
                "front",
                "movement",
                "group",
                "association",
                "foundation",
                "council",
                "committee",
                "coalition",
                "alliance",
                "watch",
                "federation",
                "institute",
                "society",
                "league",
                "project",
                "fund",
                "trust",
                "organization",
                "organisation",
                "network",
            ],
            "newspaper" | "paper" => &[
                "times",
                "post",
                "journal",
                "herald",
                "tribune",
                "gazette",
                "guardian",
                "telegraph",
                "globe",
                "chronicle",
                "examiner",
                "inquirer",
                "observer",
                "independent",
            ],
            "agency" => &[
                "agency",
                "administration",
                "bureau",
                "authority",
                "service",
                "department",
            ],
            "union" => &["union", "federation", "teamsters", "workers", "afl-cio"],
            "airline" | "carrier" => &["airlines", "airline", "airways"],
            "automaker" | "carmaker" => &["motors", "motor", "automotive"],
            "drugmaker" => &["pharmaceuticals", "pharma"],
            "company" | "firm" => &[
                "inc",
                "inc.",
                "corp",
                "corp.",
                "co.",
                "company",
                "corporation",
                "llc",
                "ltd",
                "ltd.",
                "plc",
                "holdings",
                "systems",
                "technologies",
                "industries",
                "airlines",
                "motors",
                "labs",
                "pharmaceuticals",
            ],
            _ => return None,
        };
        self.before(pos).iter().rev().map(|m| m.ent).find(|&i| {
            self.list.get(i).is_some_and(|e| {
                !e.person
                    && e.name.contains(' ')
                    && e.name
                        .split(' ')
                        .any(|w| kind.iter().any(|k| w.eq_ignore_ascii_case(k)))
            })
        })
    }

    /// Author of a document (`the statement said`): the subject of the sentence that last
    /// mentioned such a document (`Cook provided a written statement`), if any.
    pub fn by_document(&self, head: &str, pos: usize, text: &str) -> Option<usize> {
        let mut from = pos.saturating_sub(DOCUMENT_LOOKBACK);
        while from < pos && !text.is_char_boundary(from) {
            from += 1;
        }
        let window = text.get(from..pos)?.as_bytes();
        let h = head.as_bytes();
        let occ = (0..window.len().saturating_sub(h.len()))
            .rev()
            .find(|&i| {
                window
                    .get(i..i + h.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(h))
                    && (i == 0 || !window[i - 1].is_ascii_alphanumeric())
            })
            .map(|i| from + i)?;
        // The subject must open the same sentence, a little before the document word.
        let mut reach = occ.saturating_sub(SUBJECT_REACH);
        while reach < occ && !text.is_char_boundary(reach) {
            reach += 1;
        }
        let sentence_from = text
            .get(reach..occ)
            .and_then(|s| last_sentence_break(s).map(|k| reach + k))
            .unwrap_or(reach);
        self.before(occ)
            .iter()
            .rev()
            .take_while(|m| m.pos >= sentence_from)
            .filter(|m| m.subject)
            .last()
            .map(|m| m.ent)
    }

    /// Last person whose role mentions `head` (`the spokesperson`, `the president`).
    ///
    /// The role must fit the rest of the description `desc`: `the Republican nominee` is not
    /// the Democratic vice presidential nominee.
    pub fn by_role(&self, head: &str, desc: &str, pos: usize) -> Option<usize> {
        let fits = |i: usize, strict: bool| {
            self.list.get(i).is_some_and(|e| {
                e.person
                    && e.role.as_deref().is_some_and(|r| {
                        let r = r.to_lowercase();
                        r.split(' ').any(|w| same_role(role_word(w), head))
                            && role_fits(desc, &r)
                            && (!strict || modifiers_in(desc, head, &r))
                    })
            })
        };
        // `the defense lawyer` is first the lawyer whose role says `defense`, then any.
        let mentioned = || self.before(pos).iter().rev().map(|m| m.ent);
        mentioned()
            .find(|&i| fits(i, true))
            .or_else(|| mentioned().find(|&i| fits(i, false)))
    }
}

/// Every word qualifying `head` in `desc` (`defense` in `the defense lawyer`) is in `role`.
fn modifiers_in(desc: &str, head: &str, role: &str) -> bool {
    desc.split(' ')
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "the" | "a" | "an" | "this" | "that") && w != head)
        .all(|w| role.split(' ').any(|r| r == w))
}

/// Role heads that name the same job (`the defense lawyer` after `Pell's defense attorney`).
fn same_role(a: &str, b: &str) -> bool {
    fn job(w: &str) -> &str {
        match w {
            "lawyer" | "attorney" | "counsel" => "lawyer",
            "spokesman" | "spokeswoman" | "spokesperson" => "spokesperson",
            "ceo" => "executive",
            other => other,
        }
    }
    a == b || job(a) == job(b)
}

/// A description (`the Republican nominee`) can point to someone with `role` (lowercase): no
/// other party, and no `vice` the description lacks.
fn role_fits(desc: &str, role: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == '-')
            .map(str::to_lowercase)
            .collect()
    };
    let (d, r) = (words(desc), words(role));
    let party = |ws: &[String]| {
        ws.iter().find_map(|w| match w.as_str() {
            "republican" | "gop" => Some('R'),
            "democratic" | "democrat" => Some('D'),
            _ => None,
        })
    };
    // `the minister` is not the shadow minister, nor `the president` the vice president.
    let qualified = |ws: &[String], q: &str| ws.iter().any(|w| w == q);
    let parties_differ = matches!((party(&d), party(&r)), (Some(a), Some(b)) if a != b);
    !parties_differ
        && ["vice", "shadow"]
            .iter()
            .all(|q| qualified(&d, q) || !qualified(&r, q))
}

/// The description a name set off by commas renames, as its role: `Clinton's campaign
/// manager` in `Clinton's campaign manager, Robby Mook, dismissed …`. `comma` is the comma
/// before the name; the description must open its sentence.
fn renamed_description(toks: &[Tok], comma: usize) -> Option<String> {
    let start = toks[..comma]
        .iter()
        .rposition(|t| t.ends_sentence() || t.is_punct(','))
        .map_or(0, |k| k + 1);
    let desc = &toks[start..comma];
    let opens_sentence = start == 0 || toks[start - 1].ends_sentence();
    (opens_sentence && is_role_description(desc))
        .then(|| desc.iter().map(|t| t.s).collect::<Vec<_>>().join(" "))
}

/// Plural nouns that qualify a role (`communications director`, `foreign affairs adviser`),
/// which a verb-like ending would otherwise exclude.
fn is_plural_role_modifier(lower: &str) -> bool {
    matches!(
        lower,
        "communications"
            | "affairs"
            | "relations"
            | "operations"
            | "services"
            | "sales"
            | "politics"
            | "economics"
            | "sports"
            | "rights"
            | "elections"
    )
}

/// A noun for what someone does (`member`, `anchor`, `director`) that can head a role right
/// before a name. Not a relation (`the best friend Donald Trump always hoped to have`) and not
/// a plural (`voters Jane Doe`).
fn is_role_head(lower: &str) -> bool {
    let plural = lower.ends_with('s') && !lower.ends_with("ss");
    is_person_noun(lower)
        && !plural
        && !matches!(
            lower,
            "friend"
                | "woman"
                | "man"
                | "person"
                | "wife"
                | "husband"
                | "son"
                | "daughter"
                | "mother"
                | "father"
                | "brother"
                | "sister"
                | "neighbor"
                | "neighbour"
                | "boyfriend"
                | "girlfriend"
                | "partner"
                | "ally"
                | "rival"
                | "opponent"
                | "critic"
                | "supporter"
        )
}

/// The gender a word for a relative gives (`wife` -> female): `Some(true)` for male.
fn kin_gender(word: &str) -> Option<bool> {
    match word.to_lowercase().as_str() {
        "husband" | "father" | "son" | "brother" | "widower" | "boyfriend" | "grandfather"
        | "grandson" | "uncle" | "nephew" => Some(true),
        "wife" | "mother" | "daughter" | "sister" | "widow" | "girlfriend" | "grandmother"
        | "granddaughter" | "aunt" | "niece" => Some(false),
        _ => None,
    }
}
