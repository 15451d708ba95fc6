//! QuoteExtractor: finds the direct quotations of an article body and who said them.
//!
//! A pure function of the article text (no I/O), used by the daemon to store each matched
//! article's quotes and by `newswatch quotes`. The pipeline: `split_paragraphs` → `scan` (quote
//! marks paired into candidate spans, bounded) → `tokens` (word windows around each span) →
//! `attrib` (cue verb and speaker in the same sentence, then split-quote / multi-paragraph /
//! paragraph-level fallbacks, the subject of the quote's own sentence when no reporting verb is
//! found) → `entities` (pronouns, surnames, `the spokesperson` and documents such as `the
//! statement` resolved to the people and organisations named earlier) → filtering of titles,
//! transcripts and scare quotes → offsets converted to Unicode code points. `lexicon` holds the
//! word lists; `eval` scores the output against the labelled dataset.

mod attrib;
mod entities;
pub mod eval;
mod lexicon;
mod scan;
mod tokens;

use std::ops::Range;

use attrib::{Found, Gender, Source};
use entities::Entities;
use tokens::Tok;

/// One quotation found in an article.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quote {
    /// The quoted words without the quote marks.
    pub text: String,
    /// Unicode code-point offsets into the input, end-exclusive: `text == input[start..end]`.
    pub start: usize,
    pub end: usize,
    /// 0-based paragraph index (see [`split_paragraphs`]).
    pub paragraph: usize,
    /// Full name as the article gives it, honorifics dropped; an organisation; `None` if unnamed.
    pub speaker: Option<String>,
    /// Description attached to the speaker (`White House Press Secretary`).
    pub role: Option<String>,
    /// The cue verb as written (`said`, `explains`, `according to`).
    pub cue: Option<String>,
    /// A few quoted words inside reported speech rather than a full quotation.
    pub partial: bool,
}

/// Extracts attributed quotations from article text. Stateless and cheap to build; one instance
/// can serve every article.
#[derive(Debug, Clone, Default)]
pub struct QuoteExtractor {
    _private: (),
}

/// Paragraph byte ranges of `text`: when the text contains a blank line, paragraphs are the
/// blank-line-separated blocks; otherwise each non-empty line. Ranges are trimmed of
/// surrounding whitespace.
pub fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        lines.push(pos..pos + line.len());
        pos += line.len();
    }
    let blank = |r: &Range<usize>| text.get(r.clone()).is_none_or(|s| s.trim().is_empty());
    let has_blank = lines.iter().any(blank);
    let mut out = Vec::new();
    let mut push = |r: Range<usize>| {
        if let Some(s) = text.get(r.clone()) {
            let lead = s.len() - s.trim_start().len();
            let trimmed = s.trim();
            if !trimmed.is_empty() {
                out.push(r.start + lead..r.start + lead + trimmed.len());
            }
        }
    };
    if has_blank {
        let mut cur: Option<Range<usize>> = None;
        for l in &lines {
            if blank(l) {
                if let Some(c) = cur.take() {
                    push(c);
                }
            } else {
                cur = Some(cur.map_or(l.clone(), |c| c.start..l.end));
            }
        }
        if let Some(c) = cur {
            push(c);
        }
    } else {
        for l in lines {
            push(l);
        }
    }
    out
}

/// The writer of an opinion piece or a first-person essay, named by the tagline newspapers
/// close it with: `Charlotte Meehan is playwright-in-residence at Wheaton College.`, `Joel
/// B. Pollak is Senior Editor-at-Large at Breitbart News.` Only a full name (two to four
/// capitalised words) opening one of the last two paragraphs, followed by `is`.
fn author_from_tagline(text: &str, paragraphs: &[Range<usize>]) -> Option<String> {
    paragraphs.iter().rev().take(2).find_map(|r| {
        let para = text.get(r.clone())?;
        let (name, rest) = para.split_once(" is ")?;
        let words: Vec<&str> = name.split(' ').collect();
        let name_like = (2..=4).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '\u{2019}'))
            })
            && !words.iter().any(|w| lexicon::is_stop(&w.to_lowercase()));
        // `… is a retired teacher`, `… is Senior Editor-at-Large`: a description follows.
        let first = rest.split(' ').next().unwrap_or("");
        let described =
            first.starts_with(char::is_lowercase) || lexicon::is_title_word(&first.to_lowercase());
        (name_like && described).then(|| name.to_string())
    })
}

/// What is known about one span after attribution.
#[derive(Debug, Clone)]
struct Attr {
    speaker: Option<String>,
    role: Option<String>,
    cue: Option<String>,
}

/// Quote text needs at least this many words to stand as a quotation without an attribution.
const MIN_UNATTRIBUTED_WORDS: usize = 5;

impl QuoteExtractor {
    pub fn new() -> Self {
        Self::default()
    }

    /// The quotations of `text`, in text order. Never panics; time is linear in the text.
    pub fn extract(&self, text: &str) -> Vec<Quote> {
        let paragraphs = split_paragraphs(text);
        // Lines inside a paragraph are scanned as their own units: in flattened articles a
        // single newline is still a paragraph break for quoting and attribution.
        let mut units: Vec<Range<usize>> = Vec::new();
        let mut unit_para: Vec<usize> = Vec::new();
        for (pi, r) in paragraphs.iter().enumerate() {
            let mut pos = r.start;
            for line in text.get(r.clone()).unwrap_or("").split_inclusive('\n') {
                let lead = line.len() - line.trim_start().len();
                let t = line.trim();
                if !t.is_empty() {
                    units.push(pos + lead..pos + lead + t.len());
                    unit_para.push(pi);
                }
                pos += line.len();
            }
        }
        let spans = scan::scan(text, &units);
        let skip_unit: Vec<bool> = units
            .iter()
            .enumerate()
            .map(|(i, u)| is_title_or_caption(text, u, i, units.len()))
            .collect();
        let mut ents = Entities::default();
        ents.author = author_from_tagline(text, &paragraphs);
        let mut attrs: Vec<Option<Attr>> = Vec::with_capacity(spans.len());
        let mut keep: Vec<bool> = Vec::with_capacity(spans.len());
        let mut partial: Vec<bool> = Vec::with_capacity(spans.len());
        let mut short_split: Vec<bool> = Vec::with_capacity(spans.len());
        // Whether the previous span belongs to a transcript in quote marks (`"PENCE: …` and
        // the paragraphs that continue it).
        let mut in_transcript = false;
        // A headline's Title Case (`Black Lawmakers Rip Donald Trump`) reads as one long name;
        // only its full names are taken, the body introduces its people again.
        let headline: Vec<bool> = units
            .iter()
            .zip(&skip_unit)
            .map(|(u, &skip)| skip && text.get(u.clone()).is_some_and(is_title_cased))
            .collect();
        let mut mentions = MentionScanner::default();
        for (i, sp) in spans.iter().enumerate() {
            mentions.scan_through(sp.paragraph, &mut ents, text, &units, &spans, &headline);
            let unit = units.get(sp.paragraph).cloned().unwrap_or(0..0);
            let prev_end = i
                .checked_sub(1)
                .and_then(|j| spans.get(j))
                .filter(|p| p.paragraph == sp.paragraph)
                .map_or(unit.start, |p| p.close_end);
            let next_open = spans
                .get(i + 1)
                .filter(|n| n.paragraph == sp.paragraph)
                .map_or(unit.end, |n| n.open);
            let (pre, post_window) = mentions.windows(i);
            // `''We are refugees,'' Ms. Alawee said. ''We are not terrorists.'' Mr. Zahed said:
            // ''…''`: a sentence ending in a colon introduces the next quote, not this one.
            let post = if post_window.last().is_some_and(|t| t.s == ":")
                && !post_window.iter().any(|t| matches!(t.s, "." | "?" | "!"))
                && next_open < unit.end
            {
                // `“…,” Blinken told a news conference, adding: “…”`: the clause before the
                // participle still attributes this quote.
                match post_window.iter().rposition(|t| t.s == ",") {
                    Some(c)
                        if c + 3 == post_window.len()
                            && post_window
                                .get(c + 1)
                                .is_some_and(|t| t.s.ends_with("ing") && is_cue_word(t)) =>
                    {
                        &post_window[..c]
                    }
                    _ => &[][..],
                }
            } else {
                post_window
            };
            let inner = text.get(sp.start..sp.end).unwrap_or("");
            let ends_sentence = inner.trim_end().ends_with(['.', '?', '!']);
            // A partial quote closing its sentence (`Sanders called Trump a “liar.” Fiorina
            // said …`) belongs to the words before it; the next sentence is another statement.
            let partial_at_end = ends_sentence
                && pre
                    .last()
                    .is_some_and(|t| t.kind == tokens::TokKind::Word || t.s == ",")
                && !pre.last().is_some_and(is_cue_word)
                && inner
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            // `Brafman said, “… we have found.” He added, “…”`: a new sentence whose
            // attribution runs into the next quote introduces that one; this quote keeps the
            // attribution that led into it.
            let leads_both_ways = || {
                let lead = &pre[pre
                    .iter()
                    .rposition(Tok::ends_sentence)
                    .map_or(0, |k| k + 1)..];
                ends_sentence
                    && next_open < unit.end
                    && post.last().is_some_and(|t| t.s == ",")
                    && lead.last().is_some_and(|t| matches!(t.s, "," | ":"))
                    && !post.iter().any(Tok::ends_sentence)
                    && post.iter().any(is_cue_word)
                    && lead.iter().any(is_cue_word)
            };
            // A paragraph continuing an unclosed quote that names its own speaker (`“…,” added
            // Rep. Jim Clyburn.`) is a new quotation: broken text, or a missing closing mark.
            let found = if sp.continued_from_previous {
                attrib::after(post, text, ends_sentence).filter(|f| {
                    matches!(&f.source, attrib::Source::Name(np)
                        if np.name.contains(' ') || np.honorific)
                })
            } else if partial_at_end || pre.last().is_some_and(is_cue_word) || leads_both_ways() {
                // `Roberts said "the question is the timing." Gov. McCrory said …`: a quote
                // right after its cue verb belongs to that verb's subject.
                attrib::before(pre, text)
                    .or_else(|| attrib::after(post, text, ends_sentence))
                    .or_else(|| attrib::colon_label(pre, text))
            } else {
                attrib::after(post, text, ends_sentence)
                    .or_else(|| attrib::before(pre, text))
                    .or_else(|| attrib::colon_label(pre, text))
                    .or_else(|| participle_after(pre, post, text))
            };
            let same_sentence_as_prev =
                prev_end > unit.start && !pre.iter().any(|t| matches!(t.s, "." | "?" | "!"));
            // A word that took the sentence's period (`said in a post on X. “They …`, `of
            // Jacksonville, Fla. “She …`) ends the sentence before a capitalised quote that
            // is a sentence itself, unlike a nickname after initials (`C.L. “Butch” Otter`).
            let pre_ends_word = pre.last().is_some_and(|t| {
                t.kind == tokens::TokKind::Word
                    && !(t.s.ends_with('.')
                        && inner
                            .trim_start()
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                        && inner.trim_end().ends_with(['.', '!', '?', ',']))
            });
            let first_lower = inner
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
            // `“He is a flight risk,” she said, “and he has ties …”`: the second half of a
            // quotation split around its attribution goes on in lowercase.
            let split_half = same_sentence_as_prev
                && pre.last().is_some_and(|t| t.s == ",")
                && pre.iter().any(is_cue_word)
                && i.checked_sub(1)
                    .and_then(|j| spans.get(j))
                    .and_then(|p| text.get(p.start..p.end))
                    .is_some_and(|prev| prev.trim_end().ends_with(','));
            let is_partial = sp.closed
                && !sp.continued_from_previous
                && !split_half
                && (first_lower || pre_ends_word && !pre.last().is_some_and(is_cue_word));
            partial.push(is_partial);
            ents.unit = sp.paragraph;
            let attr = found.map(|f| resolve(&f, &mut ents, sp.open, text));
            let words = inner.split_whitespace().count();
            // The previous span of the paragraph is a kept quote with a named speaker.
            let after_attributed_quote = i
                .checked_sub(1)
                .filter(|&j| spans.get(j).is_some_and(|p| p.paragraph == sp.paragraph))
                .is_some_and(|j| {
                    keep.get(j).copied().unwrap_or(false)
                        && attrs
                            .get(j)
                            .is_some_and(|a| a.as_ref().is_some_and(|a| a.speaker.is_some()))
                });
            // `“We’ve got a common enemy …,” Burton told delegates. “Donald Trump.”`: a
            // sentence in marks right after an attributed quote's attribution goes on with
            // the speech, however much it looks like a name.
            let speech_goes_on = after_attributed_quote
                && pre.last().is_some_and(Tok::ends_sentence)
                && pre.iter().any(is_cue_word)
                && inner.trim_end().ends_with(['.', '!', '?']);
            let title_like = is_title_like(inner) && !speech_goes_on;
            let introduced_as_title = introduces_title(pre);
            // `"PENCE: Well, …"`: a transcript block in quote marks, and the paragraphs that
            // continue it.
            in_transcript = is_transcript(inner) || sp.continued_from_previous && in_transcript;
            let markup = in_transcript
                || pre.last().is_some_and(|t| t.s == "=")
                || inner.chars().all(|c| c.is_ascii_digit());
            let mut ok = !markup
                && words > 0
                && !names_a_work(
                    pre,
                    post_window,
                    &SpanText {
                        inner,
                        words,
                        title_like,
                    },
                    attr.is_some(),
                    is_partial,
                );
            let attr = attr.or_else(|| {
                let f = sign_off(text, &units, sp.paragraph, post)
                    .or_else(|| colon_paragraph(text, &units, sp))
                    .or_else(|| (!markup && !title_like).then(|| colon_clause(pre, text))?)?;
                Some(resolve(&f, &mut ents, sp.open, text))
            });
            // Not markup, not the name of a work: a quotation if anyone is saying it.
            let plausible = ok;
            if ok && attr.is_none() {
                // A quote left open at the end of its paragraph, with the next paragraph
                // opening on a mark, runs on into it: a quotation however it is attributed.
                ok = (words >= MIN_UNATTRIBUTED_WORDS && (sp.closed || sp.continues))
                    || sp.continued_from_previous
                    || same_sentence_as_prev;
            }
            // A quote left open at the end of its paragraph is kept only when it goes on
            // into the next one, or when it follows an attributed quote of the same paragraph
            // (`“…,” said Baron. “His candidacy has defied all conventions` with the closing
            // mark lost): the speaker goes on.
            if !sp.closed && !sp.continues && attr.is_none() {
                ok = plausible
                    && words >= MIN_UNATTRIBUTED_WORDS
                    && after_attributed_quote
                    && !skip_unit.get(sp.paragraph).copied().unwrap_or(false);
            }
            // Short unattributed spans get a second chance as part of a split quote.
            let split_candidate = plausible
                && attr.is_none()
                && sp.closed
                && !title_like
                && !introduced_as_title
                && !ok;
            let ok = ok && !skip_unit.get(sp.paragraph).copied().unwrap_or(false);
            // `… will carry “a great deal of weight,” … they need to win, DFA spokesman Neil
            // Sroka said.`: a partial quote in a sentence that closes on its attribution.
            let attr = if ok && attr.is_none() && is_partial && !ends_sentence {
                sentence_closing_attribution(text, sp.close_end, unit.end)
                    .map(|f| resolve(&f, &mut ents, sp.open, text))
            } else {
                attr
            };
            // A kept quote opening its own sentence, with no attribution around it, belongs to
            // whoever the previous sentence of the paragraph has speaking (`Trump spoke at
            // length. He said the plan failed. “It's a disaster.”`). Only when no earlier quote
            // of the paragraph could pass its speaker on (a title in quote marks cannot). With
            // no reporting verb there, the previous sentence's subject (`Sen. Bernie Sanders,
            // who lost the primaries, identified young voters' exhaustion. “The younger …”`).
            let no_kept_before = (0..i)
                .rev()
                .take_while(|&j| spans[j].paragraph == sp.paragraph)
                .all(|j| !keep.get(j).copied().unwrap_or(false));
            let attr = if ok && attr.is_none() && no_kept_before && !sp.continued_from_previous {
                previous_sentence(pre, text)
                    .or_else(|| previous_paragraph(text, &units, &spans, i, &skip_unit, &ents))
                    .map(|f| resolve(&f, &mut ents, sp.open, text))
            } else {
                attr
            };
            // A kept quote inside a sentence with no reporting verb of its own (`Clinton
            // dismissed the idea as “a fantasy”`): the subject of that sentence is the source.
            let attr = if ok && attr.is_none() && !same_sentence_as_prev {
                attrib::clause_subject(pre, text)
                    .map(|(source, pos)| resolve(&uncued(source, pos), &mut ents, sp.open, text))
            } else {
                attr
            };
            keep.push(ok);
            short_split.push(split_candidate);
            attrs.push(attr);
        }
        // Fallbacks for spans without their own attribution: the previous span of the same
        // unit or the quote it continues, else a later span of the same unit.
        for i in 0..spans.len() {
            if attrs.get(i).is_some_and(Option::is_some) {
                continue;
            }
            let sp = &spans[i];
            let prev = i.checked_sub(1).and_then(|j| spans.get(j).map(|p| (j, p)));
            let inherited = prev
                .filter(|(_, p)| {
                    p.paragraph == sp.paragraph
                        || sp.continued_from_previous
                        || p.paragraph + 1 == sp.paragraph
                })
                .and_then(|(j, _)| attrs.get(j).cloned().flatten())
                .filter(|a| a.speaker.is_some() || a.role.is_some());
            let inherited = inherited.or_else(|| {
                spans
                    .get(i + 1)
                    .filter(|n| n.paragraph == sp.paragraph)
                    .and_then(|_| attrs.get(i + 1).cloned().flatten())
            });
            if let Some(a) = inherited {
                attrs[i] = Some(a);
                // `“First part,” she said. “Second.”`: the second part is a quotation too,
                // however short, when its neighbour in the same paragraph is attributed.
                let same_unit = |j: usize| {
                    spans.get(j).is_some_and(|n| {
                        n.paragraph == sp.paragraph && keep.get(j).copied().unwrap_or(false)
                    })
                };
                if short_split.get(i).copied().unwrap_or(false)
                    && (i.checked_sub(1).is_some_and(same_unit) || same_unit(i + 1))
                {
                    keep[i] = true;
                }
            }
        }
        let mut out = Vec::new();
        for (i, sp) in spans.iter().enumerate() {
            if !keep.get(i).copied().unwrap_or(false) {
                continue;
            }
            let a = attrs.get(i).cloned().flatten();
            // A partial quote nobody is presented as saying is a scare quote or a label
            // (`The Post sent its “national enterprise reporter”`), not a quotation.
            let is_partial = partial.get(i).copied().unwrap_or(false);
            if is_partial
                && a.as_ref()
                    .is_none_or(|a| a.speaker.is_none() && a.role.is_none())
            {
                continue;
            }
            let role = a.as_ref().and_then(|a| tidy_role(a.role.as_deref()?));
            out.push(Quote {
                text: text.get(sp.start..sp.end).unwrap_or("").to_string(),
                start: sp.start,
                end: sp.end,
                paragraph: unit_para.get(sp.paragraph).copied().unwrap_or(0),
                speaker: a
                    .as_ref()
                    .and_then(|a| a.speaker.as_deref().map(tidy_speaker)),
                role,
                cue: a.as_ref().and_then(|a| a.cue.clone()),
                partial: partial.get(i).copied().unwrap_or(false),
            });
        }
        // `“…,” said Jo Smith, the party's treasurer, “and …”`: the second half of a split
        // quote is said by the same person in the same role.
        for i in 1..out.len() {
            let (before, after) = out.split_at_mut(i);
            let (prev, cur) = (&before[i - 1], &mut after[0]);
            if cur.role.is_none()
                && cur.speaker.is_some()
                && cur.speaker == prev.speaker
                && cur.paragraph == prev.paragraph
                && cur.start.saturating_sub(prev.end) <= SPLIT_QUOTE_GAP
            {
                cur.role.clone_from(&prev.role);
            }
        }
        to_char_offsets(text, &mut out);
        out
    }
}

/// Records the article's names unit by unit, outside quotes, up to the unit being attributed,
/// so that a pronoun resolves to people introduced before it.
///
/// The text between a unit's quotes is tokenized once here and kept for the unit last scanned:
/// the same stretches are the windows its quotes are attributed from.
#[derive(Default)]
struct MentionScanner<'a> {
    next_unit: usize,
    first_span_of_unit: usize,
    /// Tokens of the stretches before, between and after the quotes of the last unit scanned.
    segments: Vec<Vec<Tok<'a>>>,
}

impl<'a> MentionScanner<'a> {
    fn scan_through(
        &mut self,
        unit: usize,
        ents: &mut Entities,
        text: &'a str,
        units: &[Range<usize>],
        spans: &[scan::Span],
        headline: &[bool],
    ) {
        while self.next_unit <= unit {
            let u = self.next_unit;
            self.next_unit += 1;
            let Some(r) = units.get(u) else {
                continue;
            };
            while spans
                .get(self.first_span_of_unit)
                .is_some_and(|s| s.paragraph < u)
            {
                self.first_span_of_unit += 1;
            }
            self.segments.clear();
            let mut from = r.start;
            let in_unit = spans
                .get(self.first_span_of_unit..)
                .unwrap_or(&[])
                .iter()
                .take_while(|s| s.paragraph == u);
            // Whether the span after each segment is a nickname inside a name.
            let mut nickname_after = Vec::new();
            for s in in_unit {
                self.segments
                    .push(tokens::tokenize(text, from, s.open.max(from)));
                nickname_after.push(is_nickname(text.get(s.start..s.end).unwrap_or("")));
                from = s.close_end.max(from);
            }
            self.segments
                .push(tokens::tokenize(text, from, r.end.max(from)));
            if headline.get(u).copied().unwrap_or(false) {
                ents.scan_headline(&tokens::tokenize(text, r.start, r.end));
            } else {
                // `Tyrell “T-Bone” Dawson`: the name runs on across its nickname.
                let mut joined: Vec<Tok> = Vec::new();
                for (k, seg) in self.segments.iter().enumerate() {
                    let joins = nickname_after.get(k).copied().unwrap_or(false)
                        && seg.last().is_some_and(|t| t.is_cap() && t.is_word())
                        && self
                            .segments
                            .get(k + 1)
                            .and_then(|n| n.first())
                            .is_some_and(|t| t.is_cap() && t.is_word());
                    if joins || !joined.is_empty() {
                        joined.extend_from_slice(seg);
                        if !joins {
                            ents.scan_mentions(&joined);
                            joined.clear();
                        }
                    } else {
                        ents.scan_mentions(seg);
                    }
                }
            }
        }
    }

    /// The tokens before and after span `i` of the whole text, which must belong to the unit
    /// last scanned.
    fn windows(&self, i: usize) -> (&[Tok<'a>], &[Tok<'a>]) {
        let k = i.saturating_sub(self.first_span_of_unit);
        let seg = |j: usize| self.segments.get(j).map_or(&[][..], Vec::as_slice);
        (seg(k), seg(k + 1))
    }
}

/// Longest nickname looked at; quotations are far longer, and most spans are quotations.
const NICKNAME_MAX_BYTES: usize = 32;

/// One or two capitalised words in quote marks (`T-Bone`, `Butch`): a nickname when a name
/// stands on both sides.
fn is_nickname(inner: &str) -> bool {
    if inner.len() > NICKNAME_MAX_BYTES {
        return false;
    }
    let words = inner.split_whitespace().count();
    (1..=2).contains(&words)
        && inner
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !inner.ends_with(['.', ',', '!', '?'])
}

/// The words inside a span's marks, with the measures several checks need.
#[derive(Clone, Copy)]
struct SpanText<'a> {
    inner: &'a str,
    words: usize,
    title_like: bool,
}

/// A quote-marked span that names a work or a thing rather than quoting anyone: `on “Meet the
/// Press”`, `in his 2012 book, ''An American Son''`, `Fiorina told “Fox and Friends”`, a
/// headline with its byline, `a play called “Sons of Trump”`.
fn names_a_work(
    pre: &[Tok],
    post: &[Tok],
    span: &SpanText,
    attributed: bool,
    partial: bool,
) -> bool {
    let SpanText {
        inner,
        words,
        title_like,
    } = *span;
    let last = pre.last();
    let before_last = pre.len().checked_sub(2).and_then(|k| pre.get(k));
    // `on “Meet the Press.”`, `in ''The Apprentice''`: a work named after a preposition.
    let after_preposition = last.is_some_and(|t| {
        matches!(
            t.lower().as_ref(),
            "on" | "in" | "of" | "from" | "about" | "to" | "wrote" | "read" | "watched"
        )
    });
    // A title opens on a capital; `sign the bill “immediately.”` is speech.
    let introduced_as_title =
        introduces_title(pre) && !inner.trim_start().starts_with(char::is_lowercase);
    if (title_like || introduced_as_title)
        && (!attributed || words <= 6 && partial || title_like && after_preposition)
    {
        return true;
    }
    let introduced_past_comma = last.is_some_and(|t| t.s == ",")
        && before_last.is_some_and(|t| lexicon::is_title_introducer(&t.lower()));
    // A longer Title Case name of a work, introduced as one (`in his 2012 book, “An American
    // Son”`) or with a subtitle (`“Yuge!: 30 Years of Doonesbury on Trump”`).
    if is_title_case_loose(inner)
        && (introduced_as_title || introduced_past_comma || inner.contains(':'))
    {
        return true;
    }
    let told = last.is_some_and(|t| matches!(t.s, "told" | "tells" | "telling"));
    let named_thing = last.is_some_and(|t| matches!(t.s, "called" | "named"))
        && before_last.is_some_and(|t| {
            t.kind == tokens::TokKind::Word
                && t.s.starts_with(char::is_lowercase)
                && !matches!(t.s, "he" | "she" | "they" | "it" | "who" | "which" | "that")
        });
    // `“The Living Room to close,” by Ben Sisario`: a headline and its author.
    let after_comma = usize::from(post.first().is_some_and(|t| t.s == ","));
    // (The comma sets a byline off; `a “hit piece” by The New York Times` is an agent.)
    let byline = (after_comma == 1 || inner.trim_end().ends_with(','))
        && post.get(after_comma).is_some_and(|t| t.s == "by")
        && post
            .get(after_comma + 1)
            .is_some_and(|t| t.s.starts_with(char::is_uppercase));
    title_like && (introduced_past_comma || told || named_thing) || byline || dated(post)
}

/// `“No to Schengen” (2005)`, `“…” (election poster 2003)`: a year in parentheses right after
/// the marks dates a work, a slogan or a poster; speech is dated in words.
fn dated(post: &[Tok]) -> bool {
    post.first().is_some_and(|t| t.s == "(")
        && post
            .iter()
            .skip(1)
            .take(8)
            .take_while(|t| t.s != ")")
            .any(|t| t.s.len() == 4 && t.s.parse::<u16>().is_ok_and(|y| (1800..=2100).contains(&y)))
}

/// The word before the marks introduces a title (`his book “…”`, `the show's “…”`).
fn introduces_title(pre: &[Tok]) -> bool {
    let Some(last) = pre.last() else {
        return false;
    };
    let lower = last.lower();
    // `Trump says he's “losing …”`, `It's “this new …”`: a pronoun's `'s` is a verb.
    if last.s.ends_with("'s") || last.s.ends_with("\u{2019}s") {
        return !lexicon::is_pronoun(&last.bare())
            && !matches!(
                last.bare().as_str(),
                "it" | "that" | "there" | "here" | "what" | "who"
            );
    }
    // `Jones described the plan as “news to me”`: after a verb of characterising, `as`
    // introduces the words used, not a name (`known as “the yuca primary”`).
    if lower == "as" {
        let clause = pre
            .iter()
            .rev()
            .skip(1)
            .take(8)
            .take_while(|t| !t.ends_sentence() && !t.is_punct(','));
        return !clause.into_iter().any(|t| characterises(&t.lower()));
    }
    lexicon::is_title_introducer(&lower)
}

/// A verb whose `… as “…”` gives the speaker's own words for something.
fn characterises(lower: &str) -> bool {
    [
        "describ",
        "characteriz",
        "characteris",
        "dismiss",
        "deride",
        "derid",
        "denounc",
        "portray",
    ]
    .iter()
    .any(|stem| lower.starts_with(stem))
}

/// `"PENCE: Well, …"`: a transcript line in quote marks, with its speaker's label.
fn is_transcript(inner: &str) -> bool {
    inner.split_once(':').is_some_and(|(label, _)| {
        label.len() >= 2
            && label.len() <= 30
            && label
                .chars()
                .all(|c| c.is_uppercase() || c == ' ' || c == '.')
    })
}

/// An attribution found without a reporting verb: a sentence's subject.
fn uncued(source: Source, pos: usize) -> Found {
    Found {
        source,
        appositive: None,
        cue: String::new(),
        pos,
    }
}

/// `Donald Trump has delivered a defense of “New York values,” saying …`: a reporting
/// participle right after the quote continues the clause before it, whose subject speaks.
fn participle_after(pre: &[Tok], post: &[Tok], text: &str) -> Option<Found> {
    let first = post.iter().find(|t| t.is_word())?;
    let leading_punct = post.iter().take_while(|t| !t.is_word()).count();
    if leading_punct > 2 || first.is_cap() || !first.s.ends_with("ing") || !is_cue_word(first) {
        return None;
    }
    let (source, pos) = attrib::clause_subject(pre, text)?;
    matches!(source, Source::Name(_)).then(|| Found {
        source,
        appositive: None,
        cue: first.s.to_string(),
        pos,
    })
}

/// Whoever the previous sentence of the paragraph has speaking (`He said the plan failed.
/// “It's a disaster.”`), else that sentence's named subject (`Sen. Bernie Sanders, who lost the
/// primaries, identified young voters' exhaustion. “The younger …”`).
fn previous_sentence(pre: &[Tok], text: &str) -> Option<Found> {
    let end = pre.iter().rposition(|t| matches!(t.s, "." | "?" | "!"))?;
    let sentence = pre.get(..end)?;
    attrib::before(sentence, text).or_else(|| {
        attrib::clause_subject(sentence, text)
            .filter(|(s, _)| matches!(s, Source::Name(np) if !np.org))
            .map(|(source, pos)| uncued(source, pos))
    })
}

/// The subject of the sentence before `pos` when it is a definite description of a person
/// (`The prime minister thanked her for her service.`), as written.
fn described_subject_before(text: &str, pos: usize) -> Option<String> {
    /// How far back the previous sentence is looked for.
    const REACH: usize = 400;
    let from = pos.saturating_sub(REACH);
    let from = (from..pos).find(|&b| text.is_char_boundary(b))?;
    let toks = tokens::tokenize(text, from, pos);
    let end = toks.iter().rposition(Tok::ends_sentence)?;
    let sentence = toks.get(..end)?;
    let start = sentence
        .iter()
        .rposition(Tok::ends_sentence)
        .map_or(0, |k| k + 1);
    let mut w = sentence.get(start..)?;
    while w.first().is_some_and(|t| !t.is_word()) {
        w = &w[1..];
    }
    if w.first()?.lower() != "the" {
        return None;
    }
    // `The prime minister thanked`: up to four words, the last a word for an office holder,
    // then the verb.
    let k = (2..=5.min(w.len().saturating_sub(1))).find(|&k| {
        w[1..k].iter().all(|t| t.is_word())
            && is_person_head(&w[k - 1].lower())
            && w[k].is_word()
            && !w[k].is_cap()
            && !is_person_head(&w[k].lower())
    })?;
    text.get(w[0].start..w[k - 1].end).map(str::to_string)
}

/// A quote that is a paragraph of its own after a paragraph without quotes (`Valastro praised
/// Christie’s leadership. ¶ “We need someone who’s going to cut through …”`): whoever that
/// paragraph's last sentence has speaking, else its named subject, when that is a person the
/// article has already introduced (a paragraph can open on a capitalised word that is no name).
fn previous_paragraph(
    text: &str,
    units: &[Range<usize>],
    spans: &[scan::Span],
    i: usize,
    skip_unit: &[bool],
    ents: &Entities,
) -> Option<Found> {
    let sp = spans.get(i)?;
    let unit = units.get(sp.paragraph)?;
    let prev_index = sp.paragraph.checked_sub(1)?;
    let narrative_before = !skip_unit.get(prev_index).copied().unwrap_or(true)
        && i.checked_sub(1)
            .and_then(|j| spans.get(j))
            .is_none_or(|p| p.paragraph < prev_index);
    let alone = sp.open == unit.start
        && !sp.continued_from_previous
        && spans.get(i + 1).is_none_or(|n| n.paragraph != sp.paragraph);
    if !(alone && narrative_before) {
        return None;
    }
    let prev = units.get(prev_index)?;
    let from = prev.end.saturating_sub(300).max(prev.start);
    let from = (from..prev.end).find(|&b| text.is_char_boundary(b))?;
    let toks = tokens::tokenize(text, from, prev.end);
    // … or a pronoun with a reporting verb (`Her grandson, she told the council, died …`).
    previous_sentence(&toks, text).filter(|f| match &f.source {
        Source::Name(np) => {
            !np.org
                && ents
                    .find_surname(np.name.rsplit(' ').next().unwrap_or(""))
                    .is_some()
        }
        Source::Pronoun(_) => !f.cue.is_empty(),
        Source::Desc { .. } => false,
    })
}

/// A sign-off in a paragraph of its own right after a quote that ends its paragraph
/// (`- Sanders.`, `—Jane Doe`).
fn sign_off(text: &str, units: &[Range<usize>], unit: usize, post: &[Tok]) -> Option<Found> {
    if post.iter().any(|t| t.kind == tokens::TokKind::Word) {
        return None;
    }
    let next = units.get(unit + 1)?;
    let line = text.get(next.clone())?;
    if line.len() > 60 || !line.starts_with(['-', '\u{2014}', '\u{2013}', '\u{2015}']) {
        return None;
    }
    let f = attrib::after(&tokens::tokenize(text, next.start, next.end), text, true)?;
    matches!(f.source, Source::Name(_)).then_some(f)
}

/// A quote opening its paragraph after one that ends in a colon (`Caddell continued:`).
fn colon_paragraph(text: &str, units: &[Range<usize>], sp: &scan::Span) -> Option<Found> {
    let unit = units.get(sp.paragraph)?;
    let prev_unit = sp.paragraph.checked_sub(1).and_then(|u| units.get(u))?;
    let starts_unit = sp.open == unit.start && !sp.continued_from_previous;
    let ends_colon = text.get(prev_unit.clone())?.trim_end().ends_with(':');
    if !(starts_unit && ends_colon) {
        return None;
    }
    let from = prev_unit.end.saturating_sub(300).max(prev_unit.start);
    let from = (from..prev_unit.end).find(|&b| text.is_char_boundary(b))?;
    let toks = tokens::tokenize(text, from, prev_unit.end);
    attrib::before(&toks, text)
        .or_else(|| attrib::colon_label(&toks, text))
        // `Sanders made the following comment:` ¶ `“…”`: the named subject of a clause that
        // announces words (not `NBC News has proof:`, where the quote names its own speaker
        // in a form we may miss), never a document (`Transcript as follows:`).
        .or_else(|| {
            let start = toks
                .iter()
                .rposition(Tok::ends_sentence)
                .map_or(0, |i| i + 1);
            let clause = toks.get(start..)?;
            let announces_words = clause.iter().any(|t| {
                matches!(
                    t.s,
                    "comment" | "comments" | "remark" | "remarks" | "words" | "following"
                )
            });
            let found = colon_clause(clause, text).filter(|_| announces_words)?;
            match &found.source {
                Source::Name(np) if lexicon::is_document_head(&np.name.to_lowercase()) => None,
                _ => Some(found),
            }
        })
}

/// `Obama is rolling out a new campaign message: “It's about me.”`: the named subject of the
/// clause the colon closes.
fn colon_clause(pre: &[Tok], text: &str) -> Option<Found> {
    let (colon, before) = pre.split_last()?;
    if colon.s != ":" {
        return None;
    }
    let (source, pos) = attrib::clause_subject(before, text)
        .or_else(|| attrib::clause_subject(attrib::after_opener(before)?, text))?;
    // `the mayor’s reply was brief: “…”`: words announced as someone's are theirs.
    if let Source::Desc { text: desc, .. } = &source
        && let [det, owner, noun] = desc.split(' ').collect::<Vec<_>>()[..]
        && matches!(det, "the" | "The")
        && matches!(
            noun,
            "reply" | "answer" | "response" | "message" | "reaction" | "retort" | "verdict"
        )
        && let head = lexicon::without_possessive(owner)
        && head.len() < owner.len()
        && is_person_head(&head.to_lowercase())
    {
        let owner = Source::Desc {
            text: format!("{det} {head}"),
            head: head.to_lowercase(),
            definite: true,
        };
        return Some(uncued(owner, pos));
    }
    // `the mayor was blunt: “…”`: a person described, as well as one named.
    let person = match &source {
        Source::Name(np) => !np.org,
        Source::Desc { head, definite, .. } => *definite && is_person_head(head),
        Source::Pronoun(_) => false,
    };
    person.then(|| uncued(source, pos))
}

/// The article's title (a short Title Case first line) or a photo caption: quotes there are
/// not the article's quotations.
fn is_title_or_caption(text: &str, unit: &Range<usize>, index: usize, units: usize) -> bool {
    let Some(line) = text.get(unit.clone()) else {
        return false;
    };
    let line_start = line.trim_start();
    let head_end = line_start
        .char_indices()
        .nth(12)
        .map_or(line_start.len(), |(i, _)| i);
    let lower = lexicon::lower_of(line_start.get(..head_end).unwrap_or(""));
    if [
        "photo:",
        "photo by",
        "image:",
        "caption:",
        "credit:",
        "(photo",
        "pictured:",
        "file photo",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
    {
        return true;
    }
    if index != 0 || units < 2 || line.len() > 250 {
        return false;
    }
    let long_words: Vec<&str> = long_words(line).collect();
    let caps = long_words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    !long_words.is_empty() && caps * 10 >= long_words.len() * 7 || !ends_sentence(line.trim_end())
}

/// A first line ending like a sentence, not a headline. A single closing mark ends one only
/// after the sentence's own stop (`… insisted: ‘We will not go back.’`): British headlines end
/// on a quoted phrase (`Starmer says deal is ‘the best available’`).
fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', '?', '!', '"', '\u{201D}', '\''])
        || line
            .strip_suffix(['\u{2019}', '\u{BB}'])
            .is_some_and(|l| l.ends_with(['.', '?', '!', ',']))
}

/// Every word capitalised but the short function words Title Case leaves lowercase: a
/// headline (`The Email That Makes Benghazi Look Way Worse`), not a sentence full of names.
fn is_title_cased(line: &str) -> bool {
    line.split_whitespace()
        .filter_map(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next()
        })
        .all(|c| !c.is_lowercase())
        || line.split_whitespace().all(|w| {
            let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
            !w.starts_with(char::is_lowercase)
                || matches!(
                    w.trim_end_matches(|c: char| !c.is_alphanumeric()),
                    "a" | "an"
                        | "the"
                        | "of"
                        | "in"
                        | "on"
                        | "at"
                        | "to"
                        | "for"
                        | "and"
                        | "or"
                        | "but"
                        | "with"
                        | "by"
                        | "from"
                        | "as"
                        | "vs"
                        | "if"
                        | "nor"
                        | "so"
                        | "yet"
                        | "via"
                        | "per"
                        | "off"
                        | "up"
                        | "into"
                        | "over"
                )
        })
}

/// The attribution closing the sentence that goes on after a quote (`…, DFA spokesman Neil
/// Sroka said.`, `…, said Neil Sroka.`, `…, X wrote in a court filing.`): the words after its
/// last comma, when they hold a reporting verb and no punctuation.
fn sentence_closing_attribution(text: &str, from: usize, to: usize) -> Option<attrib::Found> {
    /// Longest `, <speaker> <verb> <adjunct>.` tail looked at.
    const MAX_TAIL: usize = 16;
    let toks = tokens::tokenize(text, from, to);
    let end = toks.iter().position(Tok::ends_sentence)?;
    let sentence = toks.get(..=end)?;
    let comma = sentence.iter().rposition(|t| t.s == ",")?;
    let tail = sentence.get(comma..)?;
    let words = tail.get(1..tail.len() - 1)?;
    if tail.len() > MAX_TAIL || !words.iter().all(Tok::is_word) || !words.iter().any(is_cue_word) {
        return None;
    }
    attrib::after(tail, text, false)
}

fn is_cue_word(t: &Tok) -> bool {
    lexicon::is_cue(&t.lower())
}

/// The words of four letters or more, punctuation trimmed: the ones whose capitals tell a title
/// from a sentence.
fn long_words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 4)
}

/// Mostly capitalised words, as in the title of a book or show, allowing subtitles and
/// punctuation (`Backfire: Carly Fiorina's High-Stakes Battle for the Soul of Hewlett-Packard`).
fn is_title_case_loose(inner: &str) -> bool {
    // Titles are short: decide on long quotes without looking at every word.
    if inner.split_whitespace().nth(16).is_some() {
        return false;
    }
    let words: Vec<&str> = long_words(inner).collect();
    if words.len() < 2 || inner.contains(". ") {
        return false;
    }
    let caps = words
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    caps * 10 >= words.len() * 8
}

/// Title Case text (`Face the Nation`, `The Apprentice`): a name of a work, not speech.
fn is_title_like(inner: &str) -> bool {
    let word = |w: &str| !w.trim_matches(|c: char| !c.is_alphanumeric()).is_empty();
    if inner
        .split_whitespace()
        .filter(|w| word(w))
        .nth(8)
        .is_some()
    {
        return false;
    }
    let words: Vec<&str> = inner
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    // Several sentences or spoken contractions (`We're America.`) are speech, not a title.
    let spoken = inner.trim_end().trim_end_matches(['.', ',']).contains(". ")
        || [
            "'re",
            "'m",
            "'ll",
            "n't",
            "\u{2019}re",
            "\u{2019}m",
            "\u{2019}ll",
            "n\u{2019}t",
        ]
        .iter()
        .any(|c| inner.contains(c));
    if spoken {
        return false;
    }
    let small = |w: &str| {
        matches!(
            w,
            "a" | "an"
                | "the"
                | "of"
                | "and"
                | "or"
                | "in"
                | "on"
                | "to"
                | "for"
                | "with"
                | "at"
                | "by"
                | "is"
        )
    };
    words.iter().enumerate().all(|(i, w)| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || (i > 0 && small(w))
    }) && (words.len() >= 2 || !inner.trim_end().ends_with(['.', '?', '!']))
        && !inner.trim_end().ends_with(['?', '!'])
        || words.len() == 1
            && words[0].chars().next().is_some_and(char::is_uppercase)
            && inner.trim_end().ends_with(['.', ','])
}

/// `Trump, he said, is “…”`: the short opening of the sentence before a parenthetical cue's
/// pronoun at `pos`, whose name is what the speaker talks about, not the speaker. Empty when
/// the pronoun is not parenthetical.
fn parenthetical_opening(article: &str, pos: usize) -> Range<usize> {
    let before = article.get(..pos).unwrap_or("");
    let start = entities::last_sentence_break(before).unwrap_or(0);
    let opening = before.get(start..).unwrap_or("");
    let parenthetical = opening.trim_end().ends_with(',')
        && opening.split_whitespace().count() <= 4
        && !opening.contains(['"', '\u{201C}', '\u{201D}', '\u{2018}', '\u{00AB}'])
        && !opening.contains("''");
    if parenthetical { start..pos } else { 0..0 }
}

/// The gender the possessives in a clause set off after a name give (`from` is just after
/// the name, `to` the quote), when they agree: `Zelenskiy, speaking in his nightly video
/// address, said:` is a man. Only a clause opening on a comma counts: in `Audiences can
/// expect him to …` the pronoun is someone else.
fn gender_between(article: &str, from: usize, to: usize) -> Gender {
    let Some(words) = article
        .get(from..to)
        .filter(|w| w.len() <= 200 && w.starts_with(','))
    else {
        return Gender::Unknown;
    };
    let (mut male, mut female) = (false, false);
    for w in words.split(|c: char| !c.is_alphabetic()) {
        match w {
            "his" | "himself" => male = true,
            "her" | "herself" => female = true,
            _ => {}
        }
    }
    match (male, female) {
        (true, false) => Gender::Male,
        (false, true) => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// A speaker as printed: a web site's name keeps no sentence full stop (`according to
/// Tchadinfos.com.` gives `Tchadinfos.com`), while `Jr.` and `U.S.` keep theirs.
fn tidy_speaker(name: &str) -> String {
    let domain_stop = name.strip_suffix('.').filter(|n| {
        n.rsplit_once('.').is_some_and(|(site, tld)| {
            !site.is_empty()
                && (2..=4).contains(&tld.len())
                && tld.bytes().all(|b| b.is_ascii_lowercase())
        })
    });
    domain_stop.unwrap_or(name).to_string()
}

/// Most bytes between the halves of a quote split around its attribution (`“…,” said Jo
/// Smith, the party's treasurer, “…”`).
const SPLIT_QUOTE_GAP: usize = 120;

/// A role as printed: without the punctuation that set it off in the sentence (`said Jo Smith,
/// an economist at X, “and …”` gives `an economist at X`).
///
/// A role of function words only (`the cries of “…”` leaves `the`, `O'Leary, that read:`
/// leaves `that`) says nothing and is none.
fn tidy_role(role: &str) -> Option<String> {
    let mut r =
        role.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '\u{2014}'));
    // `a professor at the University of Reading, who was not involved in the research`: the
    // relative clause says what the person did, not what they are.
    if let Some(k) = r.bytes().enumerate().position(|(k, b)| {
        b == b','
            && r.get(k + 1..)
                .is_some_and(|t| t.starts_with(" who ") || t.starts_with(" which "))
    }) {
        r = &r[..k];
    }
    // `the author of ''Hacked World Order''`: the title in marks is no part of the role, and
    // the words left dangling before it go too.
    while let Some((head, last)) = r.rsplit_once(' ')
        && matches!(
            last,
            "of" | "for" | "at" | "with" | "by" | "to" | "from" | "on" | "in" | "the" | "a" | "an"
        )
    {
        r = head.trim_end_matches(',');
    }
    let says_something = r
        .split_whitespace()
        .any(|w| !lexicon::is_stop(&lexicon::lower_of(w)));
    says_something.then(|| r.to_string())
}

/// `role` names an office and not the one `head` asks for (`Rep.` for `the president`).
fn other_office(role: &str, head: &str) -> bool {
    let office = |w: &str| -> Option<&'static str> {
        Some(match w.trim_end_matches('.') {
            "president" | "pres" => "president",
            "senator" | "sen" => "senator",
            "governor" | "gov" => "governor",
            "representative" | "rep" | "congressman" | "congresswoman" => "representative",
            "mayor" => "mayor",
            "secretary" => "secretary",
            "minister" => "minister",
            "chancellor" => "chancellor",
            "ambassador" => "ambassador",
            "judge" => "judge",
            "speaker" => "speaker",
            _ => return None,
        })
    };
    let Some(wanted) = office(head) else {
        return false;
    };
    let held: Vec<&str> = role
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| office(&w.to_lowercase()))
        .collect();
    !held.is_empty() && !held.contains(&wanted)
}

/// A description giving an age (`the 58-year-old former crane operator`).
fn states_an_age(desc: &str) -> bool {
    desc.split(' ').any(|w| {
        w.split_once('-').is_some_and(|(n, rest)| {
            !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && rest.eq_ignore_ascii_case("year-old")
        })
    })
}

/// Heads of definite descriptions that point back to a named person (`the president`).
fn is_person_head(head: &str) -> bool {
    // Title words include the bodies people hold office in (`union`, `committee`), and `the
    // union said` is the union speaking, not the last person named.
    // Nor is `the defense` (a legal team) anyone in particular, for all `Defense Secretary`.
    lexicon::is_title_word(head) && !is_org_head(head) && !matches!(head, "defense" | "defence")
        || lexicon::is_demonym(head)
        || matches!(
            head,
            "nominee"
                | "candidate"
                | "businessman"
                | "businesswoman"
                | "mogul"
                | "billionaire"
                | "mayor"
                | "congressman"
                | "congresswoman"
                | "lawmaker"
                | "democrat"
                | "republican"
                | "senator"
                | "governor"
                | "president"
                | "secretary"
                | "actress"
                | "actor"
                | "singer"
                | "star"
                | "leader"
                | "woman"
                | "man"
                | "economist"
                | "professor"
                | "physicist"
                | "scholar"
                | "lawyer"
                | "entrepreneur"
                | "developer"
        )
}

/// A lone capitalised word that cannot be a person's name: an adverb, a quantifier or
/// indefinite pronoun, a number, or an adjective of nationality or party.
fn is_never_a_name(word: &str) -> bool {
    let l = lexicon::lower_of(word);
    (l.len() > 4 && l.ends_with("ly"))
        || l.ends_with("ish")
        || matches!(
            l.as_ref(),
            "several"
                | "some"
                | "many"
                | "most"
                | "all"
                | "both"
                | "each"
                | "every"
                | "any"
                | "none"
                | "few"
                | "someone"
                | "somebody"
                | "everyone"
                | "everybody"
                | "nobody"
                | "anyone"
                | "anybody"
                | "nor"
                | "neither"
                | "either"
                | "likewise"
                | "meanwhile"
                | "instead"
                | "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "eleven"
                | "twelve"
                | "thirteen"
                | "fifteen"
                | "twenty"
                | "republican"
                | "democratic"
                | "royal"
                | "russian"
                | "american"
                | "chinese"
                | "iranian"
                | "israeli"
                | "mexican"
                | "syrian"
                | "european"
        )
}

/// An `-ers`/`-ors` plural (`Protesters`, `Voters`) is spelled like many surnames (`Sanders`,
/// `Rogers`, `Connors`); demonyms (`Mexicans`) are capitalised anywhere and are not.
fn surname_like(word: &str) -> bool {
    word.ends_with("ers") || word.ends_with("ors")
}

/// The word at byte `pos` opens its sentence: a common noun is capitalised only there, so a
/// capitalised `-ers` word elsewhere (`At the debate, Sanders compared …`) is a name.
fn opens_sentence(text: &str, pos: usize) -> bool {
    text.get(..pos).is_none_or(|before| {
        before
            .trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\'')
            })
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | ';'))
    })
}

/// A capitalised plural naming a group of people (`Demonstrators`, `Mexicans`, `Critics`).
fn is_group_plural(word: &str) -> bool {
    let w = word.to_lowercase();
    ["ans", "ers", "ors", "ists", "ents", "ics", "ians", "ees"]
        .iter()
        .any(|s| w.ends_with(s))
        || lexicon::is_anon_head(&w)
}

/// Heads of descriptions that name an organisation (`the ministry`, `the campaign`).
fn is_org_head(head: &str) -> bool {
    matches!(
        head,
        "ministry"
            | "department"
            | "agency"
            | "company"
            | "campaign"
            | "committee"
            | "government"
            | "police"
            | "army"
            | "military"
            | "commission"
            | "council"
            | "union"
            | "party"
            | "office"
            | "court"
            | "group"
            | "organization"
            | "organisation"
            | "administration"
            | "bank"
            | "firm"
            | "embassy"
            | "foundation"
            | "institute"
            | "university"
            | "network"
            | "newspaper"
            | "magazine"
            | "board"
            | "bureau"
            | "service"
            | "team"
            | "club"
            | "league"
            | "coalition"
            | "association"
            | "authority"
            | "authorities"
            | "regime"
            | "kremlin"
            | "pentagon"
            | "senate"
            | "house"
            | "congress"
    )
}

/// Turns a found attribution into speaker/role, resolving references against `ents`.
fn resolve(f: &Found, ents: &mut Entities, pos: usize, article: &str) -> Attr {
    // `his remarks calling …`, `repeated her claim that …`: the statement is its possessor's.
    if let Source::Desc { text, .. } = &f.source
        && matches!(
            f.cue.as_str(),
            "remarks" | "remark" | "claim" | "claims" | "comments" | "comment" | "words"
        )
    {
        let owner = match text.split(' ').next() {
            Some("his" | "His") => Some(Gender::Male),
            Some("her" | "Her") => Some(Gender::Female),
            _ => None,
        };
        if let Some(g) = owner {
            let by_owner = Found {
                source: Source::Pronoun(g),
                ..f.clone()
            };
            return resolve(&by_owner, ents, pos, article);
        }
    }
    let cue = (!f.cue.is_empty()).then(|| f.cue.clone());
    let at = f.pos.min(pos);
    let (speaker, role) = match &f.source {
        Source::Name(np) => {
            let role = f.appositive.clone().or(np.role.clone());
            let words = np.name.split(' ').count();
            // A lone place word may be the surname of someone named (`Hill said` after
            // `Police Chief Marcus Hill`).
            let surname = words == 1 && ents.find_surname(&np.name).is_some();
            if np.org && !surname {
                // Recorded, so that a later `the company said` can find it.
                if let Some(i) = ents.mention(np, words, true) {
                    ents.speaks(i, at);
                }
                (Some(np.name.clone()), role)
            } else if words == 1 {
                match ents.find_surname(&np.name) {
                    Some(i) => {
                        ents.speaks(i, at);
                        let e = ents.list.get(i);
                        (
                            e.map(|e| e.name.clone()),
                            role.or(e.and_then(|e| e.role.clone())),
                        )
                    }
                    // `Demonstrators said`, `Mexicans say`: a group, not a named person.
                    None if is_group_plural(&np.name)
                        && !np.honorific
                        && (!surname_like(&np.name) || opens_sentence(article, np.pos)) =>
                    {
                        (None, Some(np.name.clone()))
                    }
                    // `Repeatedly, …`, `Several …`, `Russian …`: a capitalised word that is no
                    // one's name and names no one the article introduced.
                    None if !np.honorific && is_never_a_name(&np.name) => (None, role),
                    None => {
                        if !lexicon::is_place_word(&np.name.to_lowercase()) {
                            let i = ents.add_single(np);
                            // `Zelenskiy, speaking in his nightly address, said:`: the words
                            // between the name and the quote may tell the gender, which a
                            // later `he said` needs against an older man named in full.
                            if let Some(e) =
                                ents.list.get_mut(i).filter(|e| e.gender == Gender::Unknown)
                            {
                                e.gender = gender_between(article, np.pos + np.name.len(), pos);
                            }
                            ents.speaks(i, at);
                        }
                        (Some(np.name.clone()), role)
                    }
                }
            } else {
                let mut np = np.clone();
                if np.role.is_none() {
                    np.role.clone_from(&f.appositive);
                }
                let mut name = np.name.clone();
                if let Some(i) = ents.mention(&np, words, true) {
                    ents.speaks(i, at);
                    // `de Wit said` after `Bart de Wit`: the full name.
                    if let Some(e) = ents.list.get(i).filter(|e| {
                        e.name.len() > name.len()
                            && e.name
                                .to_lowercase()
                                .ends_with(&format!(" {}", name.to_lowercase()))
                    }) {
                        name.clone_from(&e.name);
                    }
                }
                (Some(name), role)
            }
        }
        Source::Pronoun(g) => {
            match ents.last_person_before_outside(at, *g, parenthetical_opening(article, f.pos)) {
                Some(i) => {
                    if let Some(e) = ents.list.get_mut(i).filter(|e| e.gender == Gender::Unknown) {
                        e.gender = *g;
                    }
                    ents.speaks(i, at);
                    (ents.list.get(i).map(|e| e.name.clone()), None)
                }
                // `The prime minister thanked her. ‘…,’ he said`: nobody named fits, but the
                // sentence before has an unnamed office holder as its subject.
                None => (None, described_subject_before(article, f.pos)),
            }
        }
        // `I laughed and said, “…”`: the writer, when the piece names them.
        Source::Desc { head, .. } if head == "i" => (ents.author.clone(), None),
        Source::Desc {
            text,
            head,
            definite,
        } => {
            // A description owned by a name (`Johnson’s doctor`, `Trump’s campaign
            // manager`).
            let possessed = text.split(' ').next().is_some_and(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && (w.ends_with("'s") || w.ends_with("\u{2019}s"))
            });
            let e = if *definite {
                // A person's role may mention a body or a document (`foreign ministry
                // spokesperson`, `the author of the book`); `the ministry` and `the book` are
                // not that person.
                (!is_org_head(head) && !lexicon::is_document_head(head))
                    .then(|| ents.by_role(head, text, at))
                    .flatten()
                    .or_else(|| (!possessed).then(|| ents.by_name_word(head, at)).flatten())
                    .or_else(|| ents.by_body_kind(head, at))
                    .or_else(|| {
                        matches!(
                            head.as_str(),
                            "company" | "firm" | "newspaper" | "paper" | "group" | "organization"
                        )
                        .then(|| ents.recent_body(at, article))
                        .flatten()
                    })
                    .or_else(|| {
                        // `his campaign said`: the possessor's organisation; news names the
                        // person behind it.
                        // `his report said`, `her letter says`: the possessor wrote it.
                        let owned = is_org_head(head) || lexicon::is_document_head(head);
                        let possessor = match text.split(' ').next() {
                            Some("his" | "His") if owned => Some(Gender::Male),
                            Some("her" | "Her") if owned => Some(Gender::Female),
                            _ => None,
                        };
                        match possessor {
                            Some(g) => ents.last_person_before(at, g),
                            // `Gary Johnson’s doctor` is neither Johnson nor whoever was named
                            // last, but `Obama's former campaign strategist` may rename the
                            // subject of the sentence before; never the possessor itself.
                            None if possessed && is_org_head(head) => None,
                            None if possessed => ents.recent_subject(at, article).filter(|&i| {
                                let owner = text
                                    .split(' ')
                                    .next()
                                    .map(lexicon::without_possessive)
                                    .unwrap_or("");
                                ents.list
                                    .get(i)
                                    .is_some_and(|e| !e.name.split(' ').any(|w| w == owner))
                            }),
                            // `the moderator said`: a journalist is rarely the person
                            // the story last named; only a recorded role names them.
                            None if lexicon::is_media_role(head) => None,
                            // Nor is a spokesperson no recorded role names: that one
                            // was left unnamed.
                            None if matches!(
                                head.as_str(),
                                "spokesperson" | "spokesman" | "spokeswoman"
                            ) =>
                            {
                                None
                            }
                            // `the 58-year-old former crane operator told the crowd`: an
                            // age marks a person the text is already talking about.
                            None => (is_person_head(head) || states_an_age(text))
                                .then(|| ents.last_person_before(at, Gender::Unknown))
                                .flatten()
                                // `the president said` is not the last person named when
                                // that person holds another office (`Rep. …`); a former
                                // office may be any.
                                .filter(|&i| {
                                    let former = text.split(' ').any(|w| {
                                        w.eq_ignore_ascii_case("former")
                                            || w.starts_with("ex-")
                                            || w.starts_with("then")
                                    });
                                    former
                                        || !ents.list.get(i).is_some_and(|e| {
                                            e.role.as_deref().is_some_and(|r| other_office(r, head))
                                        })
                                }),
                        }
                    })
                    .or_else(|| {
                        let document = lexicon::is_document_head(head);
                        document
                            .then(|| attrib::document_issuer(article, text, head, f.pos))
                            .flatten()
                            .and_then(|np| issuer_entity(&np, ents))
                            .or_else(|| {
                                document
                                    .then(|| ents.by_document(head, at, article))
                                    .flatten()
                            })
                    })
            } else {
                None
            };
            match e {
                Some(i) => {
                    ents.speaks(i, at);
                    (ents.list.get(i).map(|e| e.name.clone()), Some(text.clone()))
                }
                // `the ministry said`: the organisation speaks, named as the article names it.
                None if *definite && is_org_head(head) => (Some(text.clone()), None),
                None => (None, Some(text.clone())),
            }
        }
    };
    Attr { speaker, role, cue }
}

/// The entity of a document's issuer: a known person by surname, an organisation by its name
/// or acronym (recorded if new).
fn issuer_entity(np: &attrib::NameParts, ents: &mut Entities) -> Option<usize> {
    let bare = np
        .name
        .strip_prefix("the ")
        .or_else(|| np.name.strip_prefix("The "))
        .unwrap_or(&np.name);
    if let Some(i) = ents.by_acronym(bare) {
        return Some(i);
    }
    if !bare.contains(' ') {
        return ents.find_surname(bare).or_else(|| {
            let mut org = np.clone();
            org.org = true;
            ents.mention(&org, 1, false)
        });
    }
    ents.mention(np, np.name.split(' ').count(), false)
}

/// Rewrites byte offsets of `quotes` into code-point offsets in one pass over `text`.
fn to_char_offsets(text: &str, quotes: &mut [Quote]) {
    let mut wanted: Vec<usize> = quotes.iter().flat_map(|q| [q.start, q.end]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    // Code points before each wanted offset, counted a slice at a time (the standard
    // library's counting is vectorised) and only up to the last quote.
    let mut chars = Vec::with_capacity(wanted.len());
    let (mut at, mut count) = (0usize, 0usize);
    for &x in &wanted {
        count += text.get(at..x).map_or(0, |s| s.chars().count());
        at = x.max(at);
        chars.push(count);
    }
    let to_chars = |b: usize| {
        wanted
            .binary_search(&b)
            .ok()
            .and_then(|k| chars.get(k).copied())
    };
    for q in quotes {
        q.start = to_chars(q.start).unwrap_or(0);
        q.end = to_chars(q.end).unwrap_or(q.start);
    }
}

#[cfg(test)]
mod tests;
