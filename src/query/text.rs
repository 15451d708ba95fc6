//! Tokenization and normalization shared by the query parser, the compiled matcher and the
//! reference evaluator: one function turns text into word tokens carrying their normalized form
//! (NFKC, case-folded, diacritics and apostrophes removed), their code-point offsets into the
//! original text, and the sentence and paragraph they belong to. Queries and articles go through
//! the same code so that a query word and an article word meet exactly when their normalized
//! forms do.
//!
//! Speed: the tokenizer runs over every article. Its hot loop handles spaces, ASCII punctuation
//! and words of ASCII letters and digits (found and lowercased eight bytes at a time); anything
//! else goes through one out-of-line general step, which decides every case the hot loop does the
//! same way.

use rust_stemmers::{Algorithm, Stemmer};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// Tokens past this count in one field are ignored: bounds time and memory on hostile input.
pub(crate) const MAX_TOKENS: usize = 200_000;
/// Words longer than this (in bytes, normalized) are only compared exactly: stemming and
/// wildcard matching of megabyte-long "words" would cost time for nothing.
pub(crate) const MAX_STEM_LEN: usize = 64;

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    /// Byte range of the normalized form inside [`Tokens::arena`].
    pub norm_start: u32,
    pub norm_end: u32,
    /// Code-point range of the word inside the original text.
    pub cp_start: u32,
    pub cp_end: u32,
    /// Byte range of the word inside the original text.
    pub byte_start: u32,
    pub byte_end: u32,
    /// Sentence and paragraph numbers, counted from 0 over the whole text.
    pub sent: u32,
    pub para: u32,
}

/// The tokens of one text.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tokens {
    pub arena: String,
    pub toks: Vec<Tok>,
}

impl Tokens {
    pub fn norm(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) => self
                .arena
                .get(t.norm_start as usize..t.norm_end as usize)
                .unwrap_or(""),
            None => "",
        }
    }
    pub fn len(&self) -> usize {
        self.toks.len()
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Letters of scripts without case or compatibility forms (CJK, kana, Hangul, Arabic, Hebrew,
/// Thai): they normalize to themselves, which spares the Unicode tables on the hot path.
#[inline]
fn is_plain_letter(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' | '\u{ac00}'..='\u{d7a3}' | '\u{0620}'..='\u{064a}' | '\u{05d0}'..='\u{05ea}' | '\u{0e01}'..='\u{0e30}')
}

#[inline]
fn is_word_char(t: &CharTable, c: char, wild: bool) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || (wild && (c == '*' || c == '?'));
    }
    if let Some(i) = char_info(t, c) {
        return i.flags & C_WORD != 0;
    }
    is_word_char_slow(c)
}

/// [`is_word_char`] for a non-ASCII character, from the Unicode tables.
fn is_word_char_slow(c: char) -> bool {
    if matches!(c, '\u{a0}'..='\u{a9}' | '\u{ab}'..='\u{b1}' | '\u{b4}' | '\u{b6}'..='\u{b8}' | '\u{bb}' | '\u{bf}' | '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{3003}')
    {
        // Spaces, quotes, dashes and bullets: the common non-ASCII separators.
        return false;
    }
    is_plain_letter(c) || c.is_alphanumeric() || is_mark(c)
}

/// First code point past the precomputed character table: Latin, Greek, Cyrillic, Armenian,
/// Hebrew and Arabic, where most non-ASCII news text lives.
const TABLE_END: u32 = 0x800;
const C_WORD: u8 = 1;
const C_ALNUM: u8 = 2;
const C_LOWER: u8 = 4;
/// The normalized form depends on `wild` (never in practice): take the slow path.
const C_SLOW: u8 = 8;

/// Precomputed classification and normalized form of one non-ASCII character.
#[derive(Clone, Copy)]
struct CharInfo {
    flags: u8,
    len: u8,
    off: u16,
    /// The normalized form when at most 4 bytes (zero-padded): copied as one word.
    inline: [u8; 4],
}

/// The Unicode-table work (classification, NFKD, case folding, mark removal) for the code points
/// below [`TABLE_END`], done once: per character it is context-free, and on Cyrillic or accented
/// text it used to dominate tokenization.
struct CharTable {
    info: Vec<CharInfo>,
    /// The normalized forms, UTF-8.
    norm: Vec<u8>,
}

static CHARS: LazyLock<CharTable> = LazyLock::new(|| {
    let mut info = Vec::with_capacity((TABLE_END - 0x80) as usize);
    let mut norm = Vec::new();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for cp in 0x80..TABLE_END {
        let Some(c) = char::from_u32(cp) else {
            info.push(CharInfo {
                flags: C_SLOW,
                len: 0,
                off: 0,
                inline: [0; 4],
            });
            continue;
        };
        let mut flags = 0u8;
        if is_word_char_slow(c) {
            flags |= C_WORD;
        }
        if c.is_alphanumeric() {
            flags |= C_ALNUM;
        }
        if c.is_lowercase() {
            flags |= C_LOWER;
        }
        a.clear();
        b.clear();
        normalize_char_slow(c, false, &mut a);
        normalize_char_slow(c, true, &mut b);
        let off = norm.len();
        if a != b || a.len() > usize::from(u8::MAX) || off > usize::from(u16::MAX) {
            flags |= C_SLOW;
        } else {
            norm.extend_from_slice(&a);
        }
        let mut inline = [0u8; 4];
        if let (Some(src), Some(dst)) = (norm.get(off..), inline.get_mut(..norm.len() - off)) {
            dst.copy_from_slice(src);
        }
        info.push(CharInfo {
            flags,
            len: (norm.len() - off) as u8,
            off: off as u16,
            inline,
        });
    }
    CharTable { info, norm }
});

/// `t` is [`CHARS`], dereferenced once by the caller: a `LazyLock` check per character
/// showed on Cyrillic text.
#[inline]
fn char_info(t: &CharTable, c: char) -> Option<&CharInfo> {
    if (c as u32) < TABLE_END {
        t.info.get((c as u32).wrapping_sub(0x80) as usize)
    } else {
        None
    }
}

#[inline]
fn is_alnum(t: &CharTable, c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match char_info(t, c) {
        Some(i) => i.flags & C_ALNUM != 0,
        None => c.is_alphanumeric(),
    }
}

#[inline]
fn is_lower(t: &CharTable, c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    match char_info(t, c) {
        Some(i) => i.flags & C_LOWER != 0,
        None => c.is_lowercase(),
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{2bc}' | '\u{2032}')
}

/// ASCII letters and digits, by byte.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` set where that byte is an ASCII letter or digit (SWAR: eight
/// bytes at once).
#[inline]
fn alnum_mask(x: u64) -> u64 {
    let high = x & HIGH;
    let x7 = x & !HIGH;
    // Bytes below 0x80 only, so the additions never carry into the next byte.
    let in_range =
        |v: u64, lo: u64, hi: u64| (v + LOW * (0x80 - lo)) & !(v + LOW * (0x7f - hi)) & HIGH;
    let digit = in_range(x7, 0x30, 0x39);
    let letter = in_range(x7 | (LOW * 0x20), 0x61, 0x7a);
    (digit | letter) & !high
}

/// Length of the run of ASCII letters and digits starting at byte `from`: a plain table loop,
/// for the words the hot loop's one 8-byte test does not settle (longer words, and words
/// inside the general step).
#[inline]
fn ascii_run(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or(&[]);
    rest.iter()
        .position(|&x| !ASCII_ALNUM[usize::from(x)])
        .unwrap_or(rest.len())
}

/// The character starting at byte `b` of `text` and its length in bytes.
#[inline]
fn char_at(text: &str, b: usize) -> Option<(char, usize)> {
    match text.as_bytes().get(b) {
        Some(&x) if x < 0x80 => Some((x as char, 1)),
        Some(_) => text.get(b..)?.chars().next().map(|c| (c, c.len_utf8())),
        None => None,
    }
}

fn is_abbreviation(toks: &[Tok], arena: &[u8]) -> bool {
    let Some(t) = toks.last() else {
        return false;
    };
    let norm = arena
        .get(t.norm_start as usize..t.norm_end as usize)
        .unwrap_or(&[]);
    let cps = t.cp_end - t.cp_start;
    cps == 1 || is_abbreviation_word(norm) || (cps > 2 && norm.len() as u32 <= cps / 2 + 1)
}

/// Whether a normalized word is an abbreviation whose final period does not end a sentence (a
/// `match` on the bytes: this runs at every period).
#[rustfmt::skip] // one abbreviation per line would take 55 lines
fn is_abbreviation_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"mr" | b"mrs" | b"ms" | b"dr" | b"prof" | b"sen" | b"rep" | b"gov" | b"gen" | b"col"
            | b"lt" | b"sgt" | b"capt" | b"st" | b"jr" | b"sr" | b"inc" | b"corp" | b"co"
            | b"ltd" | b"vs" | b"etc" | b"no" | b"mt" | b"ft" | b"fig" | b"jan" | b"feb"
            | b"mar" | b"apr" | b"aug" | b"sep" | b"sept" | b"oct" | b"nov" | b"dec" | b"us"
            | b"uk" | b"un" | b"eu" | b"rev" | b"maj" | b"adm" | b"cmdr" | b"supt" | b"hon"
            | b"pres" | b"approx" | b"dept" | b"est" | b"vol" | b"pp" | b"cf"
    )
}

/// Tokenizes `text`. With `wild`, `*` and `?` are word characters (query wildcards).
pub(crate) fn tokenize(text: &str, wild: bool) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(text, wild, &mut out);
    out
}

/// [`tokenize`] into `out`, reusing its buffers.
pub(crate) fn tokenize_into(text: &str, wild: bool, out: &mut Tokens) {
    // The normalized forms are written as bytes (whole 8-byte words on the ASCII hot path) and
    // checked as UTF-8 once at the end, which is cheaper than a `String` append per token.
    let mut arena = std::mem::take(&mut out.arena).into_bytes();
    arena.clear();
    out.toks.clear();
    tokenize_bytes(text, wild, &mut arena, &mut out.toks);
    out.arena = match String::from_utf8(arena) {
        Ok(s) => s,
        // Cannot happen (only whole characters are kept); stay panic-free regardless.
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
}

/// Appends the ASCII letters and digits `bytes[b..e]` lowercased: eight bytes per step, the
/// bytes copied past `e` are cut off again.
#[inline]
fn push_lower_alnum(arena: &mut Vec<u8>, bytes: &[u8], b: usize, e: usize) {
    let start = arena.len();
    let mut k = b;
    while k < e {
        let Some(chunk) = bytes.get(k..k + 8) else {
            // Letters and digits only: setting bit 5 lowercases a letter and keeps a digit.
            arena.extend(bytes.get(k..e).unwrap_or(&[]).iter().map(|&x| x | 0x20));
            break;
        };
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        arena.extend_from_slice(&(u64::from_le_bytes(w) | (LOW * 0x20)).to_le_bytes());
        k += 8;
    }
    arena.truncate(start + (e - b));
}

fn tokenize_bytes(text: &str, wild: bool, arena: &mut Vec<u8>, toks: &mut Vec<Tok>) {
    // Room for the ASCII hot path's 8-byte overshoot.
    arena.reserve(text.len() + 8);
    toks.reserve(text.len() / 4 + 1);
    let (mut b, mut cp) = (0usize, 0usize);
    let (mut sent, mut para) = (0u32, 0u32);
    // What lies between the previous token and the next one.
    let mut saw_newline = false;
    let mut saw_terminator = false;
    let mut last_end_b = usize::MAX;
    let bytes = text.as_bytes();
    while let Some(&x) = bytes.get(b) {
        if x == b' ' {
            // Hot path: the plain space between words changes nothing.
            b += 1;
            cp += 1;
            continue;
        }
        if ASCII_ALNUM[usize::from(x)] {
            // Hot path: a word of ASCII letters and digits followed by an ASCII character that
            // can neither continue nor glue it (the general loop below decides the same: a
            // comma or period glues only digits to digits, or a single letter to a letter).
            // Most words are shorter than 8 bytes: one word-at-a-time test finds the end, and
            // the same 8 bytes, lowercased, are the normalized form.
            let (run, short) = match bytes.get(b..b + 8) {
                Some(chunk) => {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(chunk);
                    let w = u64::from_le_bytes(a);
                    let stop = !alnum_mask(w) & HIGH;
                    if stop != 0 {
                        ((stop.trailing_zeros() / 8) as usize, Some(w))
                    } else {
                        (ascii_run(bytes, b), None)
                    }
                }
                None => (ascii_run(bytes, b), None),
            };
            let e = b + run;
            let ends = match bytes.get(e) {
                None => true,
                Some(&n) => {
                    n < 0x80
                        && n != b'\''
                        && !(wild && (n == b'*' || n == b'?'))
                        && (!matches!(n, b',' | b'.')
                            || (run >= 2
                                && !(bytes.get(e - 1).is_some_and(u8::is_ascii_digit)
                                    && bytes.get(e + 1).is_some_and(u8::is_ascii_digit))))
                }
            };
            if ends {
                if toks.len() >= MAX_TOKENS {
                    break;
                }
                if !toks.is_empty() {
                    if saw_newline {
                        para += 1;
                        sent += 1;
                    } else if saw_terminator && !x.is_ascii_lowercase() {
                        sent += 1;
                    }
                }
                saw_newline = false;
                saw_terminator = false;
                let norm_start = arena.len();
                match short {
                    Some(w) => {
                        // Letters and digits only up to `e`: setting bit 5 lowercases a letter
                        // and keeps a digit; the bytes past `e` are cut off again.
                        arena.extend_from_slice(&(w | (LOW * 0x20)).to_le_bytes());
                        arena.truncate(norm_start + run);
                    }
                    None => push_lower_alnum(arena, bytes, b, e),
                }
                toks.push(Tok {
                    norm_start: norm_start as u32,
                    norm_end: arena.len() as u32,
                    cp_start: cp as u32,
                    cp_end: (cp + run) as u32,
                    byte_start: b as u32,
                    byte_end: e as u32,
                    sent,
                    para,
                });
                last_end_b = e;
                b = e;
                cp += run;
                continue;
            }
        }
        if x < 0x80 && !ASCII_ALNUM[usize::from(x)] && !(wild && (x == b'*' || x == b'?')) {
            // ASCII punctuation and controls separate words (the general step decides the same).
            if x == b'\n' {
                saw_newline = true;
            } else if matches!(x, b'!' | b'?')
                || (x == b'.'
                    && !(b == last_end_b && !saw_terminator && is_abbreviation(toks, arena)))
            {
                // A period glued to an abbreviation ("Dr.", "U.S.") does not end the sentence.
                saw_terminator = true;
            }
            b += 1;
            cp += 1;
            continue;
        }
        // Anything else (non-ASCII text, words that may glue): out of line, so that the hot
        // loop above keeps its state in registers.
        let mut st = Cursor {
            b,
            cp,
            sent,
            para,
            saw_newline,
            saw_terminator,
            last_end_b,
        };
        let go_on = general_step(text, wild, arena, toks, &mut st);
        Cursor {
            b,
            cp,
            sent,
            para,
            saw_newline,
            saw_terminator,
            last_end_b,
        } = st;
        if !go_on {
            break;
        }
    }
}

/// The tokenizer's position and what lies between the previous token and the next one.
struct Cursor {
    b: usize,
    cp: usize,
    sent: u32,
    para: u32,
    saw_newline: bool,
    saw_terminator: bool,
    last_end_b: usize,
}

/// One step of the tokenizer at a character the hot path does not handle: a separator, or a
/// word that is not a plain run of ASCII letters and digits. Returns `false` to stop.
#[inline(never)]
fn general_step(
    text: &str,
    wild: bool,
    arena: &mut Vec<u8>,
    toks: &mut Vec<Tok>,
    st: &mut Cursor,
) -> bool {
    let bytes = text.as_bytes();
    let Cursor {
        b,
        cp,
        sent,
        para,
        saw_newline,
        saw_terminator,
        last_end_b,
    } = st;
    let t: &CharTable = &CHARS;
    let (b0, cp0) = (*b, *cp);
    let Some((c, len)) = char_at(text, b0) else {
        return false;
    };
    if !is_word_char(t, c, wild) || (!c.is_ascii() && is_mark(c)) {
        if c == '\n' {
            *saw_newline = true;
        } else if matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
            // A period glued to an abbreviation ("Dr.", "U.S.") does not end the sentence.
            let abbrev =
                c == '.' && b0 == *last_end_b && !*saw_terminator && is_abbreviation(toks, arena);
            if !abbrev {
                *saw_terminator = true;
            }
        }
        *b += len;
        *cp += 1;
        return true;
    }
    // A word starts at b.
    if toks.len() >= MAX_TOKENS {
        return false;
    }
    let (start_b, start_cp) = (b0, cp0);
    let (mut j, mut jcp) = (b0, cp0);
    let mut seg_len = 0usize; // letters since the word start or the last abbreviation period
    let mut prev = c;
    let mut plain = true; // only ASCII letters and digits so far
    loop {
        // Hot path: a run of ASCII letters and digits.
        let run = ascii_run(bytes, j);
        if run > 0 {
            seg_len += run;
            j += run;
            jcp += run;
            prev = bytes.get(j - 1).map_or(prev, |&x| x as char);
        }
        let Some((cj, lj)) = char_at(text, j) else {
            break;
        };
        if is_word_char(t, cj, wild) {
            plain = false;
            seg_len += 1;
            prev = cj;
            j += lj;
            jcp += 1;
            continue;
        }
        let next = char_at(text, j + lj);
        let next_c = next.map(|n| n.0);
        let glue = if is_apostrophe(cj) {
            next_c.is_some_and(|n| is_alnum(t, n))
        } else if cj == ',' || cj == '.' {
            (prev.is_ascii_digit() && next_c.is_some_and(|n| n.is_ascii_digit()))
                // "U.S." and "e.g." stay one word: single letters joined by periods.
                || (cj == '.'
                    && seg_len == 1
                    && prev.is_alphabetic()
                    && next_c.is_some_and(|n| n.is_alphabetic())
                    && !next
                        .and_then(|(_, nl)| char_at(text, j + lj + nl))
                        .is_some_and(|(n2, _)| is_alnum(t, n2) || is_mark(n2)))
        } else {
            false
        };
        if !glue {
            break;
        }
        if cj == '.' {
            seg_len = 0;
        }
        plain = false;
        prev = cj;
        j += lj;
        jcp += 1;
    }
    if !toks.is_empty() {
        if *saw_newline {
            *para += 1;
            *sent += 1;
        } else if *saw_terminator && !is_lower(t, c) {
            *sent += 1;
        }
    }
    *saw_newline = false;
    *saw_terminator = false;
    let norm_start = arena.len();
    if plain {
        push_lower_alnum(arena, bytes, start_b, j);
    } else {
        normalize_into(t, text.get(start_b..j).unwrap_or(""), wild, arena);
    }
    let norm_end = arena.len();
    if norm_end > norm_start {
        toks.push(Tok {
            norm_start: norm_start as u32,
            norm_end: norm_end as u32,
            cp_start: start_cp as u32,
            cp_end: jcp as u32,
            byte_start: start_b as u32,
            byte_end: j as u32,
            sent: *sent,
            para: *para,
        });
        *last_end_b = j;
    }
    if j == b0 {
        // Defensive: never loop without progress.
        j = b0 + len;
        jcp = cp0 + 1;
    }
    *b = j;
    *cp = jcp;
    true
}

/// Appends the normalized form of one raw word to `out`.
fn normalize_into(t: &CharTable, raw: &str, wild: bool, out: &mut Vec<u8>) {
    // A possessive "'s" adds nothing to the word: "Hamas's" is "Hamas".
    let mut raw = raw;
    for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
        if let Some(stripped) = raw.strip_suffix(suffix)
            && !stripped.is_empty()
        {
            raw = stripped;
            break;
        }
    }
    if raw.is_ascii() {
        for b in raw.bytes() {
            if b.is_ascii_alphanumeric() || (wild && (b == b'*' || b == b'?')) {
                out.push(b.to_ascii_lowercase());
            } else if b == b'.' {
                // Keep the decimal point of a number, drop abbreviation periods.
                let last_digit = out.last().is_some_and(|l| l.is_ascii_digit());
                if last_digit {
                    out.push(b'.');
                }
            }
        }
        return;
    }
    for c in raw.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || (wild && (c == '*' || c == '?')) {
                out.push(c.to_ascii_lowercase() as u8);
            } else if c == '.' && out.last().is_some_and(|p| p.is_ascii_digit()) {
                out.push(b'.');
            }
            continue;
        }
        if let Some(i) = char_info(t, c)
            && i.flags & C_SLOW == 0
        {
            let len = usize::from(i.len);
            if len <= 4 {
                // A fixed-size copy, then cut back: no variable-length copy call.
                let at = out.len();
                out.extend_from_slice(&i.inline);
                out.truncate(at + len);
            } else {
                let off = usize::from(i.off);
                out.extend_from_slice(t.norm.get(off..off + len).unwrap_or(&[]));
            }
            continue;
        }
        normalize_char_slow(c, wild, out);
    }
}

/// Appends the normalized form of one non-ASCII character (see [`normalize_into`]).
fn normalize_char_slow(c: char, wild: bool, out: &mut Vec<u8>) {
    {
        if is_plain_letter(c) {
            push_char(out, c);
            return;
        }
        // Compatibility decomposition (NFKD, per character) then case folding and removal of
        // combining marks: the same result as NFKC + folding + stripping diacritics, since the
        // marks composition would bring back are removed anyway.
        unicode_normalization::char::decompose_compatible(c, |d| {
            for l in d.to_lowercase() {
                match l {
                    'ß' => out.extend_from_slice(b"ss"),
                    'ς' => push_char(out, 'σ'),
                    'ø' => out.push(b'o'),
                    'ł' => out.push(b'l'),
                    'đ' | 'ð' => out.push(b'd'),
                    'æ' => out.extend_from_slice(b"ae"),
                    'œ' => out.extend_from_slice(b"oe"),
                    'þ' => out.extend_from_slice(b"th"),
                    'ı' => out.push(b'i'),
                    _ if is_mark(l) => {}
                    _ if l.is_ascii() => {
                        if l.is_ascii_alphanumeric() || (wild && (l == '*' || l == '?')) {
                            push_char(out, l);
                        }
                    }
                    _ => {
                        // Lowercasing may produce a decomposable letter ("İ" -> "i̇").
                        unicode_normalization::char::decompose_canonical(l, |m| {
                            if !is_mark(m) && m.is_alphanumeric() {
                                push_char(out, m);
                            }
                        })
                    }
                }
            }
        });
    }
}

#[inline]
fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// The stemmers by language, in the order of [`LANGS`].
pub(crate) const LANGS: &[(&str, Algorithm)] = &[
    ("en", Algorithm::English),
    ("ar", Algorithm::Arabic),
    ("da", Algorithm::Danish),
    ("nl", Algorithm::Dutch),
    ("fi", Algorithm::Finnish),
    ("fr", Algorithm::French),
    ("de", Algorithm::German),
    ("el", Algorithm::Greek),
    ("hu", Algorithm::Hungarian),
    ("it", Algorithm::Italian),
    ("no", Algorithm::Norwegian),
    ("pt", Algorithm::Portuguese),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("es", Algorithm::Spanish),
    ("sv", Algorithm::Swedish),
    ("ta", Algorithm::Tamil),
    ("tr", Algorithm::Turkish),
];

static STEMMERS: LazyLock<Vec<Stemmer>> =
    LazyLock::new(|| LANGS.iter().map(|&(_, a)| Stemmer::create(a)).collect());

/// Index into [`LANGS`] of the stemmer for a document language tag ("en", "de-AT", "nb");
/// English when unknown or unsupported.
pub(crate) fn lang_index(tag: Option<&str>) -> usize {
    let Some(tag) = tag else { return 0 };
    let primary: String = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let primary = match primary.as_str() {
        "nb" | "nn" => "no",
        "eng" => "en",
        "deu" | "ger" => "de",
        "fra" | "fre" => "fr",
        "spa" => "es",
        other => other,
    };
    LANGS.iter().position(|&(c, _)| c == primary).unwrap_or(0)
}

/// Stems a normalized word with the stemmer of language `lang` (index into [`LANGS`]).
pub(crate) fn stem(word: &str, lang: usize) -> String {
    if word.len() > MAX_STEM_LEN {
        return word.to_string();
    }
    match STEMMERS.get(lang) {
        Some(s) => s.stem(word).into_owned(),
        None => word.to_string(),
    }
}

/// Glob match of a normalized word against a normalized pattern: `*` any run of characters
/// (possibly empty), `?` exactly one. Linear-time two-pointer algorithm with one backtrack point.
pub(crate) fn glob_match(pattern: &str, word: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let w: Vec<char> = word.chars().collect();
    let (mut pi, mut wi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while wi < w.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, wi));
                pi += 1;
            }
            Some(&pc) if pc == '?' || Some(&pc) == w.get(wi) => {
                pi += 1;
                wi += 1;
            }
            _ => match star {
                Some((sp, sw)) => {
                    pi = sp + 1;
                    wi = sw + 1;
                    star = Some((sp, sw + 1));
                }
                None => return false,
            },
        }
    }
    while p.get(pi) == Some(&'*') {
        pi += 1;
    }
    pi == p.len()
}

/// FxHash: the matcher hashes millions of short strings; SipHash's DoS resistance is not needed
/// for keys that come from the operator's own queries (documents only probe the tables).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            if let Some(dst) = b.get_mut(..rest.len()) {
                dst.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // hashbrown takes the bucket from the low bits, which the multiply leaves weak.
        self.hash.rotate_left(26)
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
pub(crate) type FxSet<K> = std::collections::HashSet<K, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        let t = tokenize(text, false);
        (0..t.len()).map(|i| t.norm(i).to_string()).collect()
    }

    #[test]
    fn folds_case_accents_width_and_apostrophes() {
        assert_eq!(norms("Café NAÏVE Ｈａｍａｓ"), ["cafe", "naive", "hamas"]);
        assert_eq!(norms("Straße Łódź"), ["strasse", "lodz"]);
        assert_eq!(norms("O’Brien’s don't"), ["obrien", "dont"]);
        assert_eq!(norms("Hamas's"), ["hamas"]);
    }

    #[test]
    fn fast_paths_agree_with_unicode_folding() {
        // Words longer than one 8-byte step, ended by ASCII and non-ASCII characters, and
        // Cyrillic / accented words folded through the precomputed character table.
        assert_eq!(
            norms("Internationalization, abcdefgh12345678x—ÉLYSÉE Путин's Ёлка Йошкар"),
            [
                "internationalization",
                "abcdefgh12345678x",
                "elysee",
                "путин",
                "елка",
                "иошкар"
            ]
        );
        let t = tokenize("Путин said", false);
        assert_eq!(t.toks.get(1).map(|t| (t.cp_start, t.cp_end)), Some((6, 10)));
    }

    #[test]
    fn words_ended_by_punctuation_match_the_general_rules() {
        // Words of every length around the 8-byte fast path, ended by periods, commas,
        // apostrophes and non-ASCII punctuation, and at the very end of the text.
        assert_eq!(
            norms(
                "Short, longer words. Abcdefgh, abcdefghi. Sept. 2,000.5 X.Y don't Biden’s “Kyiv” end"
            ),
            [
                "short",
                "longer",
                "words",
                "abcdefgh",
                "abcdefghi",
                "sept",
                "2000.5",
                "xy",
                "dont",
                "biden",
                "kyiv",
                "end"
            ]
        );
        let t = tokenize("Dr. Smith left. He said: no.\nNew", false);
        let sents: Vec<u32> = t.toks.iter().map(|t| t.sent).collect();
        let paras: Vec<u32> = t.toks.iter().map(|t| t.para).collect();
        assert_eq!(sents, [0, 0, 0, 1, 1, 1, 2]);
        assert_eq!(paras, [0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(norms("wom?n neg*"), ["wom", "n", "neg"]);
        let w = tokenize("wom?n neg*", true);
        assert_eq!(
            (0..w.len()).map(|i| w.norm(i)).collect::<Vec<_>>(),
            ["wom?n", "neg*"]
        );
    }

    #[test]
    fn hyphens_split_and_abbreviations_join() {
        assert_eq!(norms("cease-fire"), ["cease", "fire"]);
        assert_eq!(norms("the U.S. said"), ["the", "us", "said"]);
        assert_eq!(norms("2,000 people, 3.5%"), ["2000", "people", "3.5"]);
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "“Ça va” — hostages";
        let t = tokenize(text, false);
        let last = t.toks.last().copied().unwrap_or(Tok {
            norm_start: 0,
            norm_end: 0,
            cp_start: 0,
            cp_end: 0,
            byte_start: 0,
            byte_end: 0,
            sent: 0,
            para: 0,
        });
        let chars: Vec<char> = text.chars().collect();
        let word: String = chars[last.cp_start as usize..last.cp_end as usize]
            .iter()
            .collect();
        assert_eq!(word, "hostages");
    }

    #[test]
    fn sentences_and_paragraphs() {
        let t = tokenize(
            "Dr. Smith spoke. The U.S. officials agreed.\n\nNew para here",
            false,
        );
        let sents: Vec<u32> = t.toks.iter().map(|t| t.sent).collect();
        let paras: Vec<u32> = t.toks.iter().map(|t| t.para).collect();
        assert_eq!(sents, [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
        assert_eq!(paras, [0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    }

    #[test]
    fn globs() {
        assert!(glob_match("negotiat*", "negotiations"));
        assert!(glob_match("negotiat*", "negotiat"));
        assert!(!glob_match("negotiat*", "negotia"));
        assert!(glob_match("wom?n", "women"));
        assert!(!glob_match("wom?n", "womn"));
        assert!(glob_match("a*b*c", "axxbyyc"));
    }

    #[test]
    fn language_tags_pick_stemmers() {
        assert_eq!(LANGS[lang_index(Some("de-AT"))].0, "de");
        assert_eq!(LANGS[lang_index(Some("nb"))].0, "no");
        assert_eq!(LANGS[lang_index(Some("zh"))].0, "en");
        assert_eq!(stem("negotiations", 0), stem("negotiated", 0));
    }
}
