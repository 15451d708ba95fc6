//! Quote-mark scanner: turns the paragraphs of an article into candidate quoted spans.
//!
//! It reads every double quote mark (curly, straight, `''` pairs, guillemets, low-9), decides
//! from the characters around it whether it opens or closes (so wrong-direction glyphs still
//! pair), and pairs marks inside one paragraph. Single marks are apostrophes or nested quotes,
//! except in an article that quotes in single marks (the British convention, [`Style`]), where
//! they are quotation marks too. A quote left open at the end of a paragraph is
//! continued when the next paragraph opens with a mark (the newspaper convention for quotes
//! running over several paragraphs). Spans never cross an unrelated paragraph and are bounded in
//! length, so broken text cannot produce a runaway quote. Attribution happens in `attrib`.

use std::ops::Range;

/// Longest quoted span accepted inside one paragraph, in bytes; longer "quotes" come from a
/// stray mark and are dropped rather than swallowing the article.
const MAX_SPAN_BYTES: usize = 4000;

/// A quoted span found in the text, all offsets in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// First byte inside the marks.
    pub start: usize,
    /// End of the quoted words (the closing mark starts here, or the paragraph ends).
    pub end: usize,
    /// Byte just after the closing mark (equal to `end` when the span runs to the paragraph end).
    pub close_end: usize,
    /// Index of the paragraph holding the span.
    pub paragraph: usize,
    /// The closing mark was found in this paragraph.
    pub closed: bool,
    /// The span is the continuation of a quote opened in an earlier paragraph.
    pub continued_from_previous: bool,
    /// The quote goes on in the next paragraph.
    pub continues: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
    /// A single mark after a plural before a lowercase word: the apostrophe of `the workers’
    /// rights` or the end of `called for ‘robust steps’ in`. It closes an open quote only
    /// when no surer closing mark follows.
    CloseOrApostrophe,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    pos: usize,
    len: usize,
    dir: Dir,
    /// A single quotation mark (in a [`Style::Single`] article).
    single: bool,
}

fn glyph_dir(c: char) -> Option<Dir> {
    match c {
        '\u{201C}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' => Some(Dir::Open),
        '\u{201D}' | '\u{00BB}' => Some(Dir::Close),
        '"' | '\u{FF02}' => Some(Dir::Either),
        _ => None,
    }
}

fn is_open_context_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '[' | '{' | '\u{2014}' | '\u{2013}' | '-' | '/' | ':'
        )
}

fn is_close_context_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\u{2014}' | '\u{2013}' | '-'
        )
}

/// Which marks an article quotes with. American news quotes in double marks and nests single
/// ones inside; British papers do the reverse (`‘We will not negotiate,’ the minister said.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Double,
    Single,
}

/// The article's quoting style, judged from the marks that open a quotation: single marks
/// when their openers outnumber double ones. An apostrophe never opens (`don't`, `’80s`), so
/// only a quote-like `‘word` or `'word` after a space counts. Taking a double-quoted article
/// for a single-quoted one costs little (double marks stay quotation marks and apostrophes are
/// told apart), the other mistake loses every quote, so a bare majority decides.
pub fn style_of(text: &str) -> Style {
    let bytes = text.as_bytes();
    let (mut doubles, mut singles) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes
        .get(i..)
        .and_then(|b| memchr::memchr3(b'"', b'\'', 0xE2, b))
    {
        i += off;
        let Some(c) = text.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        let mut len = c.len_utf8();
        let after = text.get(i + len..).unwrap_or("");
        let next = after.chars().next();
        let opens = text
            .get(..i)
            .and_then(|s| s.chars().next_back())
            .is_none_or(is_open_context_char);
        match c {
            '\'' if next == Some('\'') => {
                doubles += usize::from(opens);
                len += 1;
            }
            '"' | '\u{201C}' | '\u{201E}' => {
                doubles += usize::from(opens && next.is_some_and(|n| !n.is_whitespace()));
            }
            '\'' | '\u{2018}' => {
                singles += usize::from(opens && next.is_some_and(char::is_alphanumeric));
            }
            _ => {}
        }
        // Plenty of double openers and few single ones settle it (most articles).
        if doubles >= 8 && singles * 4 < doubles {
            return Style::Double;
        }
        i += len;
    }
    if singles > doubles {
        Style::Single
    } else {
        Style::Double
    }
}

/// Direction of a single mark that is a quotation mark rather than an apostrophe, in a
/// [`Style::Single`] article. `’` opens only a paragraph (`’80s`, `’em`), a mark between
/// letters (`don’t`, `O’Brien`) is an apostrophe, and one after a plural before a lowercase
/// word (`the workers’ rights`) may be either.
fn single_mark_dir(c: char, prev: Option<char>, next: Option<char>, after: &str) -> Option<Dir> {
    if prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let open_ctx = prev.is_none_or(|p| is_open_context_char(p) || glyph_dir(p) == Some(Dir::Open))
        && next.is_some_and(|n| !n.is_whitespace());
    let close_ctx = prev.is_some_and(|p| !p.is_whitespace())
        && next.is_none_or(|n| is_close_context_char(n) || glyph_dir(n) == Some(Dir::Close));
    let possessive = || {
        prev.is_some_and(|p| p == 's' || p == 'S')
            && next.is_some_and(char::is_whitespace)
            && after
                .trim_start()
                .chars()
                .next()
                .is_some_and(|n| n.is_lowercase() || n.is_ascii_digit())
    };
    // No apostrophe follows sentence punctuation: `…,’Clinton said`, `.’‘Your facts`.
    let after_punct = prev.is_some_and(|p| matches!(p, ',' | '.' | '!' | '?' | ';'));
    match c {
        // Nothing is open at the start of a paragraph: a wrong-direction opener (`’ … what I
        // learned`), unless it stands for the century of a year (`’90s`).
        '\u{2019}' if prev.is_none() && !next.is_some_and(|n| n.is_ascii_digit()) => {
            Some(Dir::Open)
        }
        // `‘` is never an apostrophe: it opens after anything but a letter (`said,‘Look`), and
        // closes as a wrong-direction mark (`…here,‘ said Jim Clyburn`).
        '\u{2018}'
            if open_ctx
                || !close_ctx
                    && !prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(|n| !n.is_whitespace()) =>
        {
            Some(Dir::Open)
        }
        '\u{2018}' if close_ctx => Some(Dir::Close),
        '\'' if open_ctx && !close_ctx => Some(Dir::Open),
        '\u{2019}' if after_punct => Some(Dir::Close),
        '\u{2019}' | '\'' if close_ctx => Some(if possessive() {
            Dir::CloseOrApostrophe
        } else {
            Dir::Close
        }),
        _ => None,
    }
}

/// Direction of a mark judged from its neighbours, falling back to the glyph.
fn context_dir(prev: Option<char>, next: Option<char>, glyph: Dir) -> Dir {
    // Nothing is open at the start of a paragraph (`” … what I learned …,” he said.`).
    if prev.is_none() {
        return Dir::Open;
    }
    let open_ctx =
        prev.is_none_or(is_open_context_char) && next.is_some_and(|c| !c.is_whitespace());
    let close_ctx =
        next.is_none_or(is_close_context_char) && prev.is_some_and(|c| !c.is_whitespace());
    match (open_ctx, close_ctx) {
        (true, false) => Dir::Open,
        (false, true) => Dir::Close,
        _ => glyph,
    }
}

/// The quote marks of `para` (a slice starting at byte `base` of the text).
fn marks(para: &str, base: usize, style: Style) -> Vec<Mark> {
    let mut out = Vec::new();
    let bytes = para.as_bytes();
    let mut i = 0;
    // Jump from one byte that may start a mark to the next: ASCII quotes and apostrophes, and
    // the lead bytes of the typographic ones (U+2018-201F; U+00AB/BB and U+FF02, rare in
    // English, only when the paragraph has their lead bytes at all). The rest of the text is
    // never decoded.
    let rare_marks = memchr::memchr2(0xC2, 0xEF, bytes).is_some();
    let next_candidate = |b: &[u8]| {
        if rare_marks {
            b.iter()
                .position(|&b| matches!(b, b'"' | b'\'' | 0xC2 | 0xE2 | 0xEF))
        } else {
            memchr::memchr3(b'"', b'\'', 0xE2, b)
        }
    };
    while let Some(off) = bytes.get(i..).and_then(next_candidate) {
        i += off;
        // Lead bytes and ASCII are always on a character boundary.
        let Some(c) = para.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        let prev = para
            .get(..i)
            .and_then(|s| s.chars().rev().find(|&c| !is_invisible(c)));
        if c == '\'' || c == '\u{2019}' || c == '\u{2018}' {
            // A run of apostrophes: two make one double mark (`''word''`), one is an apostrophe
            // or a nested single quote, which is never a top-level quotation mark.
            let mut run = 1;
            let mut j = i + c.len_utf8();
            while para.get(j..).is_some_and(|s| s.starts_with(c)) {
                run += 1;
                j += c.len_utf8();
            }
            if c == '\'' && (2..=3).contains(&run) {
                let next = para
                    .get(j..)
                    .and_then(|s| s.chars().find(|&c| !is_invisible(c)));
                let dir = context_dir(prev, next, Dir::Either);
                // With three, the odd one is the nested single quote: inside for an opener.
                let pos = if run == 3 && dir == Dir::Close {
                    i + 1
                } else {
                    i
                };
                out.push(Mark {
                    pos: base + pos,
                    len: 2,
                    dir,
                    single: false,
                });
            } else if run == 1 && style == Style::Single {
                let after = para.get(j..).unwrap_or("");
                let next = after.chars().find(|&c| !is_invisible(c));
                if let Some(dir) = single_mark_dir(c, prev, next, after) {
                    out.push(Mark {
                        pos: base + i,
                        len: c.len_utf8(),
                        dir,
                        single: true,
                    });
                }
            }
            i = j;
            continue;
        }
        if let Some(g) = glyph_dir(c) {
            let next = para
                .get(i + c.len_utf8()..)
                .and_then(|s| s.chars().find(|&c| !is_invisible(c)));
            out.push(Mark {
                pos: base + i,
                len: c.len_utf8(),
                dir: context_dir(prev, next, g),
                single: false,
            });
        }
        i += c.len_utf8();
    }
    out
}

/// Zero-width and direction-control characters (`U+202A` before a pasted comment, a BOM):
/// web text carries them, and they are no neighbours for judging a mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Does the paragraph open with a quote mark (after leading spaces)?
fn starts_with_mark(para: &str, style: Style) -> bool {
    let t = para.trim_start_matches(|c: char| c.is_whitespace() || is_invisible(c));
    let mut cs = t.chars();
    match cs.next() {
        Some(c) if glyph_dir(c).is_some() => true,
        Some('\'') => cs.next() == Some('\'') || style == Style::Single,
        Some('\u{2018}') => style == Style::Single,
        _ => false,
    }
}

/// Candidate quoted spans of `text` in its paragraphs (byte ranges from `split_paragraphs`).
pub fn scan(text: &str, paragraphs: &[Range<usize>]) -> Vec<Span> {
    let mut out = Vec::new();
    let style = style_of(text);
    // Set when the previous paragraph ended inside a quote that the next one may continue.
    let mut carried = false;
    for (pi, range) in paragraphs.iter().enumerate() {
        let Some(para) = text.get(range.clone()) else {
            carried = false;
            continue;
        };
        let ms = marks(para, range.start, style);
        let mut open: Option<(Mark, bool)> = None;
        if carried && !starts_with_mark(para, style) {
            carried = false;
        }
        let mut first_mark = true;
        // Two openers in a row are either a quote nested in the same glyphs (`“… what he calls
        // “hell” than …”`) or a stray first opener. The second pair is kept aside: if the
        // outer quote closes later it swallows it, otherwise it stands on its own.
        let mut outer: Option<(Mark, bool)> = None;
        let mut inner: Option<Span> = None;
        for (k, &m) in ms.iter().enumerate() {
            let m = if m.dir == Dir::CloseOrApostrophe {
                let surer_close = ms
                    .get(k + 1..)
                    .and_then(|rest| rest.iter().find(|n| n.dir != Dir::CloseOrApostrophe))
                    .is_some_and(|n| n.dir != Dir::Open);
                if open.is_none() || surer_close {
                    continue;
                }
                Mark {
                    dir: Dir::Close,
                    ..m
                }
            } else {
                m
            };
            let is_first = first_mark;
            first_mark = false;
            if let Some((mut o, mut cont)) = open {
                // `‘The left is saying, “Yeah, … that.’`: a single closer while a double quote
                // nested in a single one is open ends the outer quote; the nested opener was
                // never closed.
                if m.dir != Dir::Open
                    && m.single != o.single
                    && let Some((ou, ou_cont)) = outer.filter(|(ou, _)| ou.single == m.single)
                {
                    (o, cont) = (ou, ou_cont);
                    outer = None;
                }
                if m.pos.saturating_sub(o.pos) > MAX_SPAN_BYTES {
                    open = None;
                    out.extend(inner.take());
                    outer = None;
                } else if m.dir != Dir::Open {
                    let span = Span {
                        open: o.pos,
                        start: o.pos + o.len,
                        end: m.pos,
                        close_end: m.pos + m.len,
                        paragraph: pi,
                        closed: true,
                        continued_from_previous: cont,
                        continues: false,
                    };
                    if outer.is_some() {
                        inner = Some(span);
                        open = outer.take();
                    } else {
                        // Pairs nested in it that were let stand are inside it after all.
                        while out
                            .last()
                            .is_some_and(|l| l.paragraph == pi && l.open > span.open)
                        {
                            out.pop();
                        }
                        inner = None;
                        out.push(span);
                        open = None;
                    }
                    continue;
                }
            }
            if open.is_none() {
                if m.dir != Dir::Close {
                    open = Some((m, is_first && carried));
                }
            } else if m.dir == Dir::Open {
                // Another opener while one is open: nest one level deep, the open one becoming
                // the outer. A nested pair that closed before it stands on its own for now; a
                // third opener in a row means the older ones were stray.
                out.extend(inner.take());
                outer = if outer.is_none() { open } else { None };
                open = Some((m, false));
            }
        }
        carried = false;
        // The outer quote never closed: its first opener was stray, the inner pair stands.
        if let Some(sp) = inner.take() {
            out.push(sp);
            open = None;
        }
        if let Some((o, cont)) = open {
            let end = trim_end_pos(text, range.start, range.end);
            if end > o.pos + o.len && end - o.pos <= MAX_SPAN_BYTES {
                let next_opens = paragraphs
                    .get(pi + 1)
                    .and_then(|r| text.get(r.clone()))
                    .is_some_and(|p| starts_with_mark(p, style));
                out.push(Span {
                    open: o.pos,
                    start: o.pos + o.len,
                    end,
                    close_end: end,
                    paragraph: pi,
                    closed: false,
                    continued_from_previous: cont,
                    continues: next_opens,
                });
                carried = next_opens;
            }
        }
    }
    out
}

fn trim_end_pos(text: &str, start: usize, end: usize) -> usize {
    text.get(start..end)
        .map_or(start, |s| start + s.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<String> {
        let paras = crate_paragraphs(text);
        scan(text, &paras)
            .iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    fn crate_paragraphs(text: &str) -> Vec<Range<usize>> {
        super::super::split_paragraphs(text)
    }

    #[test]
    fn curly_straight_and_double_apostrophe_marks_pair() {
        assert_eq!(
            spans("He said “one” and \"two\" and ''three''."),
            vec!["one", "two", "three"]
        );
    }

    #[test]
    fn guillemets_and_wrong_direction_marks_pair() {
        assert_eq!(
            spans("« Bonjour » and ”backwards” and „low“"),
            vec![" Bonjour ", "backwards", "low"]
        );
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        assert_eq!(
            spans("“He told me ‘no’ twice,” she said."),
            vec!["He told me ‘no’ twice,"]
        );
    }

    #[test]
    fn multi_paragraph_quote_continues() {
        let t = "“First part of it.\n“Second part.”\nAfter.";
        assert_eq!(spans(t), vec!["First part of it.", "Second part."]);
        let ss = scan(t, &crate_paragraphs(t));
        assert!(ss[0].continues && ss[1].continued_from_previous);
    }

    #[test]
    fn quotes_nested_in_the_same_glyphs_stay_inside_in_order() {
        let t = "“A “B” C “D” E.” Then “F.”";
        assert_eq!(spans(t), vec!["A “B” C “D” E.", "F."]);
        // The outer quote never closes: the nested pairs stand, in text order.
        let t = "“A “B” C “D” E. Then";
        assert_eq!(spans(t), vec!["B", "D"]);
    }

    #[test]
    fn quoting_style_is_judged_from_the_opening_marks() {
        assert_eq!(
            style_of("‘We will,’ he said. 'And now,' she said."),
            Style::Single
        );
        // A tie stays with double marks.
        assert_eq!(style_of("“We will,” he said of the ‘plan’."), Style::Double);
        assert_eq!(
            style_of("“We will,” he said of the ‘plan’ and the ‘deal’."),
            Style::Single
        );
        // Apostrophes open nothing: `don't`, `’90s`, `Jones’`.
        assert_eq!(
            style_of("Don't ask Jones’ team about the ’90s."),
            Style::Double
        );
        assert_eq!(style_of("''Yes,'' he said."), Style::Double);
    }

    #[test]
    fn single_marks_pair_around_apostrophes_in_a_single_quoted_article() {
        assert_eq!(
            spans("‘We don’t know the workers’ demands,’ he said. ‘Not yet.’"),
            vec!["We don’t know the workers’ demands,", "Not yet."]
        );
        assert_eq!(
            spans("'It's over,' said Ms O'Neill of the 'deal'."),
            vec!["It's over,", "deal"]
        );
        // A quote running over paragraphs continues on a single mark too.
        let t = "‘First part.\n‘Second part,’ he said.";
        assert_eq!(spans(t), vec!["First part.", "Second part,"]);
    }

    #[test]
    fn a_plural_apostrophe_closes_only_when_no_surer_mark_follows() {
        // `workers’ rights` is a possessive: the quote closes later.
        assert_eq!(
            spans("‘The workers’ rights matter,’ she said."),
            vec!["The workers’ rights matter,"]
        );
        // Nothing closes later, so `steps’ in` ends the partial quote.
        assert_eq!(
            spans("Kerry said they would take ‘robust steps’ in response. ‘Yes.’"),
            vec!["robust steps", "Yes."]
        );
    }

    #[test]
    fn broken_single_marks_still_pair() {
        // Wrong-direction closer, missing spaces around marks, an opener starting a paragraph.
        assert_eq!(
            spans("‘It could create real problems,‘ said Jim Clyburn. Ryan said,‘Look.’"),
            vec!["It could create real problems,", "Look."]
        );
        assert_eq!(
            spans("‘It was surprising,’Clinton said. ‘Some comments.’‘Your facts are wrong.’"),
            vec![
                "It was surprising,",
                "Some comments.",
                "Your facts are wrong."
            ]
        );
        assert_eq!(
            spans("‘Yes,’ he said.\n’ … what I learned,’ he said."),
            vec!["Yes,", " … what I learned,"]
        );
        // A double quote nested in a single one and never closed: the single closer ends the
        // outer quote.
        assert_eq!(
            spans("‘Yes,’ he said. ‘No.’ ‘The left is saying, “Yeah, that is true.’ Then"),
            vec!["Yes,", "No.", "The left is saying, “Yeah, that is true."]
        );
    }

    #[test]
    fn unbalanced_mark_does_not_run_away() {
        let long = "word ".repeat(2000);
        let t = format!("“{long}\nNext paragraph “real quote” here.");
        assert_eq!(spans(&t), vec!["real quote"]);
    }
}
