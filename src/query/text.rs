//! Tokenization and normalization shared by the query parser, the compiled matcher and the
//! reference evaluator: one function turns text into word tokens carrying their normalized form
//! (NFKC, case-folded, diacritics and apostrophes removed), their code-point offsets into the
//! original text, and the sentence and paragraph they belong to. Queries and articles go through
//! the same code so that a query word and an article word meet exactly when their normalized
//! forms do.

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

/// Abbreviations whose final period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st",
    "jr", "sr", "inc", "corp", "co", "ltd", "vs", "etc", "no", "mt", "ft", "fig", "jan", "feb",
    "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "us", "uk", "un", "eu", "rev", "maj",
    "adm", "cmdr", "supt", "hon", "pres", "approx", "dept", "est", "vol", "pp", "cf",
];

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
fn is_word_char(c: char, wild: bool) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || (wild && (c == '*' || c == '?'));
    }
    if let Some(i) = char_info(c) {
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
}

/// The Unicode-table work (classification, NFKD, case folding, mark removal) for the code points
/// below [`TABLE_END`], done once: per character it is context-free, and on Cyrillic or accented
/// text it used to dominate tokenization.
struct CharTable {
    info: Vec<CharInfo>,
    norm: String,
}

static CHARS: LazyLock<CharTable> = LazyLock::new(|| {
    let mut info = Vec::with_capacity((TABLE_END - 0x80) as usize);
    let mut norm = String::new();
    let (mut a, mut b) = (String::new(), String::new());
    for cp in 0x80..TABLE_END {
        let Some(c) = char::from_u32(cp) else {
            info.push(CharInfo {
                flags: C_SLOW,
                len: 0,
                off: 0,
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
            norm.push_str(&a);
        }
        info.push(CharInfo {
            flags,
            len: (norm.len() - off) as u8,
            off: off as u16,
        });
    }
    CharTable { info, norm }
});

#[inline]
fn char_info(c: char) -> Option<&'static CharInfo> {
    if (c as u32) < TABLE_END {
        CHARS.info.get((c as u32).wrapping_sub(0x80) as usize)
    } else {
        None
    }
}

#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match char_info(c) {
        Some(i) => i.flags & C_ALNUM != 0,
        None => c.is_alphanumeric(),
    }
}

#[inline]
fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    match char_info(c) {
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

const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` set where that byte is an ASCII letter or digit (SWAR:
/// eight bytes per step, no per-byte branch to mispredict at the end of every word).
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

/// Length of the run of ASCII letters and digits starting at byte `from`.
#[inline]
fn ascii_run(bytes: &[u8], from: usize) -> usize {
    let mut k = from;
    while let Some(chunk) = bytes.get(k..k + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let stop = !alnum_mask(u64::from_le_bytes(w)) & HIGH;
        if stop != 0 {
            return k - from + (stop.trailing_zeros() / 8) as usize;
        }
        k += 8;
    }
    while let Some(&x) = bytes.get(k) {
        if !ASCII_ALNUM[usize::from(x)] {
            break;
        }
        k += 1;
    }
    k - from
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

fn is_abbreviation(toks: &Tokens) -> bool {
    let Some(t) = toks.toks.last() else {
        return false;
    };
    let norm = toks.norm(toks.toks.len() - 1);
    t.cp_end - t.cp_start == 1
        || ABBREVIATIONS.contains(&norm)
        || (t.cp_end - t.cp_start > 2 && norm.len() as u32 <= (t.cp_end - t.cp_start) / 2 + 1)
}

/// Tokenizes `text`. With `wild`, `*` and `?` are word characters (query wildcards).
pub(crate) fn tokenize(text: &str, wild: bool) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(text, wild, &mut out);
    out
}

/// [`tokenize`] into `out`, reusing its buffers.
pub(crate) fn tokenize_into(text: &str, wild: bool, out: &mut Tokens) {
    out.arena.clear();
    out.toks.clear();
    out.arena.reserve(text.len());
    out.toks.reserve(text.len() / 4 + 1);
    let (mut b, mut cp) = (0usize, 0usize);
    let (mut sent, mut para) = (0u32, 0u32);
    // What lies between the previous token and the next one.
    let mut saw_newline = false;
    let mut saw_terminator = false;
    let mut last_end_b = usize::MAX;
    let bytes = text.as_bytes();
    while let Some((c, len)) = char_at(text, b) {
        if out.toks.len() >= MAX_TOKENS {
            break;
        }
        if c == ' ' {
            // Hot path: the plain space between words changes nothing.
            b += 1;
            cp += 1;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            // Hot path: a word of ASCII letters and digits followed by an ASCII character that
            // can neither continue nor glue it (the general loop below decides the same).
            let run = ascii_run(bytes, b);
            let e = b + run;
            let ends = match bytes.get(e) {
                None => true,
                Some(&n) => {
                    n < 0x80
                        && !matches!(n, b'\'' | b',' | b'.')
                        && !(wild && (n == b'*' || n == b'?'))
                }
            };
            if ends && let Some(raw) = text.get(b..e) {
                if !out.toks.is_empty() {
                    if saw_newline {
                        para += 1;
                        sent += 1;
                    } else if saw_terminator && !c.is_ascii_lowercase() {
                        sent += 1;
                    }
                }
                saw_newline = false;
                saw_terminator = false;
                let norm_start = out.arena.len();
                out.arena.push_str(raw);
                if let Some(tail) = out.arena.get_mut(norm_start..) {
                    tail.make_ascii_lowercase();
                }
                out.toks.push(Tok {
                    norm_start: norm_start as u32,
                    norm_end: out.arena.len() as u32,
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
        if !is_word_char(c, wild) || (!c.is_ascii() && is_mark(c)) {
            if c == '\n' {
                saw_newline = true;
            } else if matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
                // A period glued to an abbreviation ("Dr.", "U.S.") does not end the sentence.
                let abbrev = c == '.' && b == last_end_b && !saw_terminator && is_abbreviation(out);
                if !abbrev {
                    saw_terminator = true;
                }
            }
            b += len;
            cp += 1;
            continue;
        }
        // A word starts at b.
        let (start_b, start_cp) = (b, cp);
        let (mut j, mut jcp) = (b, cp);
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
            if is_word_char(cj, wild) {
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
                next_c.is_some_and(is_alnum)
            } else if cj == ',' || cj == '.' {
                (prev.is_ascii_digit() && next_c.is_some_and(|n| n.is_ascii_digit()))
                    // "U.S." and "e.g." stay one word: single letters joined by periods.
                    || (cj == '.'
                        && seg_len == 1
                        && prev.is_alphabetic()
                        && next_c.is_some_and(|n| n.is_alphabetic())
                        && !next
                            .and_then(|(_, nl)| char_at(text, j + lj + nl))
                            .is_some_and(|(n2, _)| is_alnum(n2) || is_mark(n2)))
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
        if !out.toks.is_empty() {
            if saw_newline {
                para += 1;
                sent += 1;
            } else if saw_terminator && !is_lower(c) {
                sent += 1;
            }
        }
        saw_newline = false;
        saw_terminator = false;
        let raw = text.get(start_b..j).unwrap_or("");
        let norm_start = out.arena.len();
        if plain {
            out.arena.push_str(raw);
            if let Some(tail) = out.arena.get_mut(norm_start..) {
                tail.make_ascii_lowercase();
            }
        } else {
            normalize_into(raw, wild, &mut out.arena);
        }
        let norm_end = out.arena.len();
        if norm_end > norm_start {
            out.toks.push(Tok {
                norm_start: norm_start as u32,
                norm_end: norm_end as u32,
                cp_start: start_cp as u32,
                cp_end: jcp as u32,
                byte_start: start_b as u32,
                byte_end: j as u32,
                sent,
                para,
            });
            last_end_b = j;
        }
        if j == b {
            // Defensive: never loop without progress.
            j = b + len;
            jcp = cp + 1;
        }
        b = j;
        cp = jcp;
    }
}

/// Appends the normalized form of one raw word to `out`.
pub(crate) fn normalize_into(raw: &str, wild: bool, out: &mut String) {
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
                out.push(b.to_ascii_lowercase() as char);
            } else if b == b'.' {
                // Keep the decimal point of a number, drop abbreviation periods.
                let last_digit = out.as_bytes().last().is_some_and(|l| l.is_ascii_digit());
                if last_digit {
                    out.push('.');
                }
            }
        }
        return;
    }
    for c in raw.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || (wild && (c == '*' || c == '?')) {
                out.push(c.to_ascii_lowercase());
            } else if c == '.' && out.chars().last().is_some_and(|p| p.is_ascii_digit()) {
                out.push('.');
            }
            continue;
        }
        if let Some(i) = char_info(c)
            && i.flags & C_SLOW == 0
        {
            let off = usize::from(i.off);
            out.push_str(CHARS.norm.get(off..off + usize::from(i.len)).unwrap_or(""));
            continue;
        }
        normalize_char_slow(c, wild, out);
    }
}

/// Appends the normalized form of one non-ASCII character (see [`normalize_into`]).
fn normalize_char_slow(c: char, wild: bool, out: &mut String) {
    {
        if is_plain_letter(c) {
            out.push(c);
            return;
        }
        // Compatibility decomposition (NFKD, per character) then case folding and removal of
        // combining marks: the same result as NFKC + folding + stripping diacritics, since the
        // marks composition would bring back are removed anyway.
        unicode_normalization::char::decompose_compatible(c, |d| {
            for l in d.to_lowercase() {
                match l {
                    'ß' => out.push_str("ss"),
                    'ς' => out.push('σ'),
                    'ø' => out.push('o'),
                    'ł' => out.push('l'),
                    'đ' | 'ð' => out.push('d'),
                    'æ' => out.push_str("ae"),
                    'œ' => out.push_str("oe"),
                    'þ' => out.push_str("th"),
                    'ı' => out.push('i'),
                    _ if is_mark(l) => {}
                    _ if l.is_ascii() => {
                        if l.is_ascii_alphanumeric() || (wild && (l == '*' || l == '?')) {
                            out.push(l);
                        }
                    }
                    _ => {
                        // Lowercasing may produce a decomposable letter ("İ" -> "i̇").
                        unicode_normalization::char::decompose_canonical(l, |m| {
                            if !is_mark(m) && m.is_alphanumeric() {
                                out.push(m);
                            }
                        })
                    }
                }
            }
        });
    }
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
