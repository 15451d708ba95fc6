//! Tokens of article text for attribution: words (with abbreviation periods and joined
//! apostrophes and hyphens kept inside) and single punctuation marks, each with its byte range
//! in the article. `Tok::lower` gives the form the word lists are looked up with.

use super::lexicon::{self, Lower, lower_of};

/// Kind of a token in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Punct,
}

/// A word or punctuation token with its byte range in the article.
#[derive(Debug, Clone, Copy)]
pub struct Tok<'a> {
    pub s: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
}

impl Tok<'_> {
    pub(super) fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
    pub(super) fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct && self.s.starts_with(c)
    }
    pub fn lower(&self) -> Lower<'_> {
        lower_of(self.s)
    }
    /// Lowercase without a contracted `'s` (`He's` -> `he`).
    pub(super) fn bare(&self) -> String {
        let l = self.lower();
        l.strip_suffix("'s")
            .map_or_else(|| l.to_string(), str::to_string)
    }
    #[inline]
    pub(super) fn is_cap(&self) -> bool {
        if !self.is_word() {
            return false;
        }
        // ASCII first: most words are, and only `a…`/`e…` can carry an article prefix.
        match self.s.as_bytes().first() {
            Some(b) if b.is_ascii_uppercase() => true,
            Some(b'a' | b'e') => has_article_prefix(self.s),
            Some(b) if b.is_ascii() => false,
            _ => self.s.chars().next().is_some_and(char::is_uppercase),
        }
    }
    /// Sentence-ending punctuation.
    pub(super) fn ends_sentence(&self) -> bool {
        self.kind == TokKind::Punct && matches!(self.s, "." | "?" | "!" | ";")
    }
}

/// An Arabic name with its article (`al-Ansari`, `el-Sisi`, `ash-Shara`): capitalised after
/// the lowercase prefix.
#[cold]
fn has_article_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.first(), Some(b'a' | b'e'))
        && [2, 3].iter().any(|&h| {
            b.get(h) == Some(&b'-')
                && b.get(h + 1).is_some_and(u8::is_ascii_uppercase)
                && b[1..h].iter().all(u8::is_ascii_lowercase)
        })
}

pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Tokens of `text[range]`. Periods stay in a word when it is an abbreviation (`Mr.`, `U.S.`,
/// an initial), so they do not end sentences.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok<'_>> {
    // About one token per five bytes of news text: one allocation, no regrowth.
    let mut out = Vec::with_capacity(end.saturating_sub(start) / 5 + 4);
    let Some(slice) = text.get(start..end) else {
        return out;
    };
    let mut i = 0;
    while let Some((c, len)) = char_at(slice, i) {
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if !is_word_char(c) {
            out.push(Tok {
                s: slice.get(i..i + len).unwrap_or(""),
                start: start + i,
                end: start + i + len,
                kind: TokKind::Punct,
            });
            i += len;
            continue;
        }
        let mut j = i + len;
        while let Some((d, dlen)) = char_at(slice, j) {
            if is_word_char(d) {
                j += dlen;
                continue;
            }
            if !matches!(d, '\'' | '\u{2019}' | '-' | '.') {
                break;
            }
            // Joiners count only when a word character follows; a period between a lowercase
            // word and a capital is a missing space (`said.Trump claimed`).
            let after = char_at(slice, j + dlen).map(|(a, _)| a);
            let run_on = d == '.'
                && after.is_some_and(char::is_uppercase)
                && slice
                    .get(i..j)
                    .is_some_and(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()));
            if after.is_some_and(is_word_char) && !run_on {
                j += dlen;
            } else {
                break;
            }
        }
        // Abbreviation period: honorifics, initials, dotted acronyms.
        if slice.as_bytes().get(j) == Some(&b'.') {
            let w = slice.get(i..j).unwrap_or("");
            let lower = lower_of(w);
            let initial = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
            if initial
                || w.contains('.')
                || lexicon::is_honorific(&lower)
                || is_abbrev(lower.rsplit('-').next().unwrap_or(""))
            {
                j += 1;
            }
        }
        out.push(Tok {
            s: slice.get(i..j).unwrap_or(""),
            start: start + i,
            end: start + j,
            kind: TokKind::Word,
        });
        i = j;
    }
    out
}

/// The character at byte `i` of `s` and its length; ASCII without decoding.
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

fn is_abbrev(lower: &str) -> bool {
    matches!(
        lower,
        "jr" | "sr"
            | "st"
            | "inc"
            | "co"
            | "corp"
            | "ltd"
            | "no"
            | "vs"
            | "mt"
            | "ft"
            | "ala"
            | "ariz"
            | "ark"
            | "calif"
            | "colo"
            | "conn"
            | "del"
            | "fla"
            | "ga"
            | "ill"
            | "ind"
            | "kan"
            | "ky"
            | "la"
            | "md"
            | "mass"
            | "mich"
            | "minn"
            | "miss"
            | "mo"
            | "mont"
            | "neb"
            | "nev"
            | "okla"
            | "ore"
            | "pa"
            | "tenn"
            | "tex"
            | "vt"
            | "va"
            | "wash"
            | "wis"
            | "wyo"
            | "n.c"
            | "s.c"
    )
}
