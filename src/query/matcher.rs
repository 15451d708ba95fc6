//! The compiled [`TopicMatcher`]: every word of every topic is interned once into dictionaries
//! (normalized form -> exact words, per-language stem -> stemmed words, 3-letter prefix ->
//! wildcards). An article is tokenized once; each distinct token is classified once (and cached
//! per thread across articles, since news vocabulary saturates quickly and Snowball stemming is
//! the dominant cost), producing posting lists per query word. Only topics with at least one
//! word present (or that can match without any, like `NOT x`) are then evaluated, over those
//! posting lists.
//!
//! Hot-path layout (the benchmark is ~750 tokens per article, most of them seen before): tokens
//! that meet nothing sit in flat open-addressing sets of their inline bytes (one cache line per
//! lookup), checked straight from the token arena before anything else; token, posting and
//! candidate buffers are reused per thread; sentence/paragraph bounds and the URL host are
//! computed only when a `NEAR/s`, `NEAR/p` or `site:` needs them; candidate topics are first
//! checked for their required words by a flat program kept for all topics in one array (the
//! topic trees, scattered over the heap, cost a cache miss per node), and evaluation borrows
//! posting lists instead of copying them wherever it can.

use super::parse::{Meta, NearKind, Node, Query, Scope, WordSpec};
use super::snippet;
use super::text::{
    FxMap, FxSet, LANGS, MAX_STEM_LEN, Tok, Tokens, glob_match, lang_index, stem, tokenize_into,
};
use super::{Document, TermHit, TopicMatch};
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};

pub(crate) const F_TITLE: u8 = 0;
pub(crate) const F_BODY: u8 = 1;
pub(crate) const F_FEED: u8 = 2;
pub(crate) const F_AUTHOR: u8 = 3;
const FIELD_NAMES: [&str; 4] = ["title", "body", "feed", "author"];

/// Per-thread classification cache size bound (entries per language).
const CACHE_MAX: usize = 200_000;
/// Longer tokens are classified on every occurrence instead of cached: bounds cache memory.
const MAX_LONG: usize = 128;

/// A run of tokens in one field, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Span {
    pub field: u8,
    pub start: u32,
    pub end: u32,
}

/// An article as token streams, shared by the compiled and the reference evaluators.
pub(crate) struct DocText<'a> {
    pub fields: [Tokens; 4],
    pub texts: [&'a str; 4],
    pub lang: usize,
    lang_tag: Option<String>,
    url: Option<&'a str>,
    /// The URL's host, parsed on first use: only `site:` needs it.
    host: OnceCell<Option<String>>,
    /// Per field, per sentence / paragraph id: first and last token position. Built on first
    /// use: only `NEAR/s` and `NEAR/p` need them.
    bounds: OnceCell<Bounds>,
}

type Bounds = ([Vec<(u32, u32)>; 4], [Vec<(u32, u32)>; 4]);

thread_local! {
    /// Token buffers of finished documents, reused so that an article costs no large
    /// allocations.
    static TOKEN_POOL: RefCell<Vec<Tokens>> = const { RefCell::new(Vec::new()) };
}

/// Buffers kept in the pool at most, and the largest arena worth keeping (bounds memory).
const POOL_MAX: usize = 8;
const POOL_MAX_BYTES: usize = 1 << 20;

impl Drop for DocText<'_> {
    fn drop(&mut self) {
        let _ = TOKEN_POOL.try_with(|p| {
            if let Ok(mut pool) = p.try_borrow_mut() {
                for t in &mut self.fields {
                    if pool.len() < POOL_MAX
                        && t.arena.capacity() <= POOL_MAX_BYTES
                        && t.toks.capacity() * std::mem::size_of::<Tok>() <= POOL_MAX_BYTES
                    {
                        pool.push(std::mem::take(t));
                    }
                }
            }
        });
    }
}

fn bounds(toks: &[Tok], key: impl Fn(&Tok) -> u32) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let k = key(t) as usize;
        while out.len() <= k {
            out.push((i as u32, i as u32));
        }
        if let Some(b) = out.get_mut(k) {
            b.1 = i as u32;
        }
    }
    out
}

impl<'a> DocText<'a> {
    pub fn new(doc: &Document<'a>) -> Self {
        let texts = [
            doc.title,
            doc.body,
            doc.feed.unwrap_or(""),
            doc.author.unwrap_or(""),
        ];
        let fields = texts.map(|t| {
            let mut toks = TOKEN_POOL
                .try_with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.pop()))
                .ok()
                .flatten()
                .unwrap_or_default();
            tokenize_into(t, false, &mut toks);
            toks
        });
        DocText {
            fields,
            texts,
            lang: lang_index(doc.language),
            lang_tag: doc
                .language
                .map(|l| l.trim().to_lowercase().replace('_', "-")),
            url: doc.url,
            host: OnceCell::new(),
            bounds: OnceCell::new(),
        }
    }

    fn host(&self) -> Option<&str> {
        self.host
            .get_or_init(|| {
                self.url
                    .and_then(|u| url::Url::parse(u.trim()).ok())
                    .and_then(|u| u.host_str().map(|h| h.trim_end_matches('.').to_lowercase()))
            })
            .as_deref()
    }

    fn bounds(&self) -> &Bounds {
        self.bounds.get_or_init(|| {
            let f = &self.fields;
            (
                [0, 1, 2, 3].map(|i| bounds(&f[i].toks, |t| t.sent)),
                [0, 1, 2, 3].map(|i| bounds(&f[i].toks, |t| t.para)),
            )
        })
    }

    pub fn tok(&self, field: u8, pos: u32) -> Option<&Tok> {
        self.fields.get(field as usize)?.toks.get(pos as usize)
    }

    fn sent(&self, field: u8, pos: u32) -> u32 {
        self.tok(field, pos).map_or(u32::MAX, |t| t.sent)
    }

    fn para(&self, field: u8, pos: u32) -> u32 {
        self.tok(field, pos).map_or(u32::MAX, |t| t.para)
    }

    /// Whether a span lies in the text a scope looks at.
    pub fn scope_ok(&self, scope: Scope, s: Span) -> bool {
        match scope {
            Scope::Any => s.field == F_TITLE || s.field == F_BODY,
            Scope::Title => s.field == F_TITLE,
            Scope::Lead => s.field == F_BODY && self.para(s.field, s.end) == 0,
            Scope::Feed => s.field == F_FEED,
            Scope::Author => s.field == F_AUTHOR,
        }
    }

    /// Whether two spans satisfy a proximity operator (`a` the left operand).
    pub fn near_ok(&self, kind: NearKind, a: Span, b: Span) -> bool {
        if a.field != b.field {
            return false;
        }
        match kind {
            NearKind::Words(n) => {
                let dist = if b.start > a.end {
                    b.start - a.end
                } else {
                    a.start.saturating_sub(b.end)
                };
                dist <= n
            }
            NearKind::Ordered(n) => b.start > a.end && b.start - a.end <= n,
            NearKind::Sentence => {
                let s = self.sent(a.field, a.start);
                s == self.sent(a.field, a.end)
                    && s == self.sent(b.field, b.start)
                    && s == self.sent(b.field, b.end)
            }
            NearKind::Paragraph => {
                let p = self.para(a.field, a.start);
                p == self.para(a.field, a.end)
                    && p == self.para(b.field, b.start)
                    && p == self.para(b.field, b.end)
            }
        }
    }

    pub fn meta_ok(&self, m: &Meta) -> bool {
        match m {
            Meta::Site(site) => self.host().is_some_and(|h| {
                h == site
                    || h.strip_suffix(site.as_str())
                        .is_some_and(|rest| rest.ends_with('.'))
            }),
            Meta::Lang(code) => self.lang_tag.as_deref().is_some_and(|l| {
                l == code
                    || l.strip_prefix(code.as_str())
                        .is_some_and(|r| r.starts_with('-'))
            }),
        }
    }

    /// Code-point range of a span in its field's text.
    pub fn cp_range(&self, s: Span) -> Option<(usize, usize)> {
        let a = self.tok(s.field, s.start)?;
        let b = self.tok(s.field, s.end)?;
        Some((a.cp_start as usize, b.cp_end as usize))
    }
}

/// Whether a compound of two adjacent words starting with `first` may count as `word`: the
/// first part must begin the query word (or its stem), so "cease fire" joins for `ceasefire`.
pub(crate) fn compound_ok(word: &WordSpec, word_stem: Option<&str>, first: &str) -> bool {
    match word {
        WordSpec::Stem(s) => {
            s.starts_with(first) || word_stem.is_some_and(|st| st.starts_with(first))
        }
        WordSpec::Exact(s) => s.starts_with(first),
        WordSpec::Wild(_) => false,
    }
}

/// Joins tokens `i` and `i + 1` into `out` when they may form a compound (both parts at least
/// 2 letters, one sentence).
pub(crate) fn compound_candidate_into(
    doc: &DocText,
    field: u8,
    i: usize,
    out: &mut String,
) -> bool {
    let Some(toks) = doc.fields.get(field as usize) else {
        return false;
    };
    let (Some(a), Some(b)) = (toks.toks.get(i), toks.toks.get(i + 1)) else {
        return false;
    };
    if a.sent != b.sent {
        return false;
    }
    let (x, y) = (toks.norm(i), toks.norm(i + 1));
    if x.chars().nth(1).is_none() || y.chars().nth(1).is_none() {
        return false;
    }
    out.clear();
    out.push_str(x);
    out.push_str(y);
    true
}

/// [`compound_candidate_into`] returning a new string.
#[cfg(test)]
pub(crate) fn compound_candidate(doc: &DocText, field: u8, i: usize) -> Option<String> {
    let mut s = String::new();
    compound_candidate_into(doc, field, i, &mut s).then_some(s)
}

#[derive(Debug, Clone)]
enum CNode {
    Word {
        id: u32,
        scope: Scope,
    },
    Phrase {
        ids: Vec<u32>,
        slop: u32,
        scope: Scope,
    },
    Meta(Meta),
    And(Vec<CNode>),
    Or(Vec<CNode>),
    Not(Box<CNode>),
    Near {
        left: Box<CNode>,
        right: Box<CNode>,
        kind: NearKind,
    },
}

struct WordInfo {
    spec: WordSpec,
    /// For stemmed words, the stem in each language of [`LANGS`].
    stems: Vec<String>,
}

impl WordInfo {
    /// Length of the literal part: longer words are rarer, better triggers.
    fn spec_len(&self) -> usize {
        match &self.spec {
            WordSpec::Stem(s) | WordSpec::Exact(s) => s.len(),
            WordSpec::Wild(p) => p.chars().take_while(|c| *c != '*' && *c != '?').count(),
        }
    }
}

struct Topic {
    name: String,
    root: CNode,
    /// Leaves outside any NOT, with the term as written: what explanations report.
    leaves: Vec<(String, CNode)>,
}

/// What one token meets: query word ids, and whether it may start a joined form.
#[derive(Default)]
struct Entry {
    ids: Box<[u32]>,
    prefix: bool,
}

struct Cache {
    owner: u64,
    /// Per language: token with hits or the prefix flag -> (start in `ids`, number of ids << 1 |
    /// prefix flag). Small, so it stays in cache.
    maps: Vec<FxMap<Key, (u32, u32)>>,
    /// Per language: tokens that meet nothing ([0]), and joined pairs of tokens that meet
    /// nothing ([1]): kept apart, the pairs (mostly seen once) do not crowd the tokens' sets
    /// out of the CPU caches.
    none: Vec<[NoneSets; 2]>,
    /// Per language: tokens too long for a [`Key`] (bounded by [`MAX_LONG`] bytes), like `maps`.
    long: Vec<FxMap<Box<str>, (u32, u32)>>,
    ids: Vec<u32>,
}

impl Cache {
    fn len(&self) -> usize {
        self.maps.iter().map(|m| m.len()).sum::<usize>()
            + self.none.iter().flatten().map(NoneSets::len).sum::<usize>()
            + self.long.iter().map(|m| m.len()).sum::<usize>()
    }
}

/// Keys that meet nothing, keyed by their zero-padded bytes (normalized tokens never hold a NUL
/// byte) in the narrowest width: most of the vocabulary is here, and narrow keys keep the sets
/// small enough for the CPU caches.
#[derive(Default)]
struct NoneSets {
    n8: FlatSet<1>,
    n16: FlatSet<2>,
    n24: FxSet<Key>,
}

impl NoneSets {
    #[inline]
    fn contains(&self, len: usize, k: &Key) -> bool {
        match len {
            0..=8 => self.n8.contains(&[k.0[0]]),
            9..=16 => self.n16.contains(&[k.0[0], k.0[1]]),
            _ => self.n24.contains(k),
        }
    }

    fn insert(&mut self, len: usize, k: Key) {
        match len {
            0..=8 => self.n8.insert([k.0[0]]),
            9..=16 => self.n16.insert([k.0[0], k.0[1]]),
            _ => {
                self.n24.insert(k);
            }
        }
    }

    fn len(&self) -> usize {
        self.n8.len() + self.n16.len() + self.n24.len()
    }
}

/// An open-addressing set of non-zero keys (zero marks an empty slot: token keys are never all
/// zero), linear probing, at most 3/4 full. Key and slot share one cache line, so a lookup of a
/// rare token costs one memory access where a control-byte table costs two.
#[derive(Default)]
struct FlatSet<const W: usize> {
    slots: Vec<[u64; W]>,
    len: usize,
}

impl<const W: usize> FlatSet<W> {
    #[inline]
    fn slot(k: &[u64; W], mask: usize) -> usize {
        let mut h = 0u64;
        for &w in k {
            h = (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        // The multiply mixes into the high bits.
        (h >> 32) as usize & mask
    }

    #[inline]
    fn contains(&self, k: &[u64; W]) -> bool {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = Self::slot(k, mask);
        while let Some(s) = self.slots.get(i) {
            if s == k {
                return true;
            }
            if s.iter().all(|&w| w == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
        false
    }

    fn insert(&mut self, k: [u64; W]) {
        if k.iter().all(|&w| w == 0) {
            return;
        }
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![[0u64; W]; (old.len() * 2).max(1024)];
            self.len = 0;
            for o in old {
                if o.iter().any(|&w| w != 0) {
                    self.insert(o);
                }
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = Self::slot(&k, mask);
        while let Some(s) = self.slots.get_mut(i) {
            if *s == k {
                return;
            }
            if s.iter().all(|&w| w == 0) {
                *s = k;
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn len(&self) -> usize {
        self.len
    }
}

/// A short token inline (bytes zero-padded, length in the last byte): one cache line holds the
/// key, so a lookup costs one memory access and no string comparison call.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key([u64; 3]);

impl std::hash::Hash for Key {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.0[0]);
        state.write_u64(self.0[1]);
        state.write_u64(self.0[2]);
    }
}

/// The inline key of a token, `None` for tokens longer than 23 bytes (classified uncached).
#[inline]
fn key(s: &str) -> Option<Key> {
    let bytes = s.as_bytes();
    if bytes.len() > 23 {
        return None;
    }
    // Little-endian packing byte by byte: a variable-length copy would call memcpy.
    let mut w = [0u64; 3];
    for (i, &x) in bytes.iter().enumerate() {
        if let Some(slot) = w.get_mut(i / 8) {
            *slot |= u64::from(x) << ((i % 8) * 8);
        }
    }
    w[2] |= (bytes.len() as u64) << 56;
    Some(Key(w))
}

/// [`key`] of the token at bytes `start..end` of an arena, reading whole words when the arena
/// extends far enough (it holds the following tokens): no per-byte loop on the hot path.
#[inline]
fn key_at(arena: &[u8], start: usize, end: usize) -> Option<Key> {
    let len = end.checked_sub(start)?;
    if len > 23 {
        return None;
    }
    let word = |i: usize| -> Option<u64> {
        let mut w = [0u8; 8];
        w.copy_from_slice(arena.get(start + i * 8..start + i * 8 + 8)?);
        let v = u64::from_le_bytes(w);
        let keep = len.saturating_sub(i * 8);
        Some(if keep >= 8 {
            v
        } else {
            v & ((1u64 << (keep * 8)) - 1)
        })
    };
    // Most tokens fit in one word: read only what the key needs.
    let k = if len <= 8 {
        word(0).map(|w0| Key([w0, 0, (len as u64) << 56]))
    } else if len <= 16 {
        word(0)
            .zip(word(1))
            .map(|(w0, w1)| Key([w0, w1, (len as u64) << 56]))
    } else {
        word(0)
            .zip(word(1))
            .zip(word(2))
            .map(|((w0, w1), w2)| Key([w0, w1, w2 | ((len as u64) << 56)]))
    };
    match k {
        Some(k) => Some(k),
        // Near the end of the arena: byte by byte.
        None => key(std::str::from_utf8(arena.get(start..end)?).ok()?),
    }
}

thread_local! {
    static CACHE: RefCell<Cache> = const { RefCell::new(Cache { owner: u64::MAX, maps: Vec::new(), none: Vec::new(), long: Vec::new(), ids: Vec::new() }) };
}

/// Buffers [`TopicMatcher::matches`] reuses from one article to the next.
#[derive(Default)]
struct Scratch {
    hits: Vec<(u32, Span)>,
    post: Postings,
    cand: Vec<u32>,
}

impl Scratch {
    /// Heap bytes held: large buffers (from a huge article) are not kept.
    fn bytes(&self) -> usize {
        self.hits.capacity() * std::mem::size_of::<(u32, Span)>()
            + self.post.ids.capacity() * 4
            + self.post.spans.capacity() * std::mem::size_of::<Span>()
            + self.post.offsets.capacity() * 4
            + self.cand.capacity() * 4
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// All topics compiled together.
pub struct TopicMatcher {
    id: u64,
    words: Vec<WordInfo>,
    exact: FxMap<String, Vec<u32>>,
    stems: Vec<FxMap<String, Vec<u32>>>,
    wild3: FxMap<String, Vec<u32>>,
    wild_other: Vec<u32>,
    /// Per language: prefixes (2+ letters) of the words and stems that joined forms may build.
    prefixes: Vec<FxSet<String>>,
    word_topics: Vec<Vec<u32>>,
    always: Vec<u32>,
    topics: Vec<Topic>,
    /// [`may_code`] programs of all topics, and each topic's range in it.
    may: Vec<u32>,
    may_at: Vec<(u32, u32)>,
}

impl std::fmt::Debug for TopicMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TopicMatcher")
            .field("topics", &self.topics.len())
            .field("words", &self.words.len())
            .finish()
    }
}

struct Builder {
    interned: FxMap<WordSpec, u32>,
    words: Vec<WordInfo>,
}

impl Builder {
    fn intern(&mut self, w: &WordSpec) -> u32 {
        if let Some(&id) = self.interned.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        let stems = match w {
            WordSpec::Stem(s) => (0..LANGS.len()).map(|l| stem(s, l)).collect(),
            _ => Vec::new(),
        };
        self.words.push(WordInfo {
            spec: w.clone(),
            stems,
        });
        self.interned.insert(w.clone(), id);
        id
    }

    fn compile(&mut self, n: &Node, leaves: &mut Vec<(String, CNode)>, negated: bool) -> CNode {
        match n {
            Node::Word {
                word,
                scope,
                display,
            } => {
                let c = CNode::Word {
                    id: self.intern(word),
                    scope: *scope,
                };
                if !negated {
                    leaves.push((display.clone(), c.clone()));
                }
                c
            }
            Node::Phrase {
                words,
                slop,
                scope,
                display,
            } => {
                let ids = words.iter().map(|w| self.intern(w)).collect();
                let c = CNode::Phrase {
                    ids,
                    slop: *slop,
                    scope: *scope,
                };
                if !negated {
                    leaves.push((display.clone(), c.clone()));
                }
                c
            }
            Node::Meta(m) => CNode::Meta(m.clone()),
            Node::And(v) => {
                CNode::And(v.iter().map(|c| self.compile(c, leaves, negated)).collect())
            }
            Node::Or(v) => CNode::Or(v.iter().map(|c| self.compile(c, leaves, negated)).collect()),
            Node::Not(c) => CNode::Not(Box::new(self.compile(c, leaves, true))),
            Node::Near { left, right, kind } => CNode::Near {
                left: Box::new(self.compile(left, leaves, negated)),
                right: Box::new(self.compile(right, leaves, negated)),
                kind: *kind,
            },
        }
    }
}

/// Trigger words of a node: a set of words at least one of which occurs in every document the
/// node matches (`None` when it may match without any word, like `NOT x` or `site:…`). A topic is
/// evaluated only for documents where one of its triggers occurs, so among the children of an
/// AND (or the two sides of a NEAR) the smallest set, with the longest (so likely rarest) words,
/// is kept: `"Gaza" AND (election* OR protest*)` is triggered by `gaza` alone.
fn triggers(n: &CNode, words: &[WordInfo]) -> Option<Vec<u32>> {
    let len = |id: &u32| words.get(*id as usize).map_or(0, |w| w.spec_len());
    let best = |sets: Vec<Vec<u32>>| {
        sets.into_iter().min_by_key(|s| {
            (
                s.len(),
                std::cmp::Reverse(s.iter().map(len).min().unwrap_or(0)),
            )
        })
    };
    match n {
        CNode::Word { id, .. } => Some(vec![*id]),
        CNode::Phrase { ids, .. } => ids.iter().max_by_key(|id| len(id)).map(|id| vec![*id]),
        CNode::Meta(_) | CNode::Not(_) => None,
        CNode::And(v) => best(v.iter().filter_map(|c| triggers(c, words)).collect()),
        CNode::Near { left, right, .. } => best(
            [triggers(left, words), triggers(right, words)]
                .into_iter()
                .flatten()
                .collect(),
        ),
        CNode::Or(v) => {
            let mut all = Vec::new();
            for c in v {
                all.extend(triggers(c, words)?);
            }
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
    }
}

/// Classifies a token: the query word ids it meets and whether it may start a joined form.
trait TokenLookup {
    /// `k` is `key(s)`, computed by the caller (often straight from the token arena); `joined`
    /// tells a joined pair of tokens from a token.
    fn get(&mut self, s: &str, k: Option<Key>, joined: bool) -> (&[u32], bool);
    /// Whether a token of `len` bytes and key `k` is already known to meet nothing: the answer
    /// for most tokens, checked first without building the token's `&str`.
    fn known_none(&self, len: usize, k: &Key) -> bool;
}

/// Lookup without the per-thread cache (when it is busy): classifies every token.
struct PlainLookup<'m> {
    m: &'m TopicMatcher,
    lang: usize,
    e: Entry,
}

impl TokenLookup for PlainLookup<'_> {
    fn get(&mut self, s: &str, _k: Option<Key>, _joined: bool) -> (&[u32], bool) {
        self.e = self.m.classify(s, self.lang);
        (&self.e.ids, self.e.prefix)
    }
    fn known_none(&self, _len: usize, _k: &Key) -> bool {
        false
    }
}

/// Lookup through the per-thread cache of one language.
struct CachedLookup<'a> {
    m: &'a TopicMatcher,
    lang: usize,
    map: &'a mut FxMap<Key, (u32, u32)>,
    none: &'a mut [NoneSets; 2],
    long: &'a mut FxMap<Box<str>, (u32, u32)>,
    ids: &'a mut Vec<u32>,
    tmp: Vec<u32>,
}

/// A cached entry's ids (`start`, length in the high bits of `packed`) and its prefix flag (the
/// low bit).
#[inline]
fn unpack(ids: &[u32], start: u32, packed: u32) -> (&[u32], bool) {
    let ids = ids
        .get(start as usize..(start + (packed >> 1)) as usize)
        .unwrap_or(&[]);
    (ids, packed & 1 == 1)
}

impl TokenLookup for CachedLookup<'_> {
    #[inline]
    fn get(&mut self, s: &str, k: Option<Key>, joined: bool) -> (&[u32], bool) {
        let Some(k) = k else {
            if let Some(&(start, packed)) = self.long.get(s) {
                return unpack(self.ids, start, packed);
            }
            let e = self.m.classify(s, self.lang);
            if s.len() > MAX_LONG {
                self.tmp.clear();
                self.tmp.extend_from_slice(&e.ids);
                return (&self.tmp, e.prefix);
            }
            let start = self.ids.len();
            self.ids.extend_from_slice(&e.ids);
            self.long.insert(
                s.into(),
                (
                    start as u32,
                    ((e.ids.len() as u32) << 1) | u32::from(e.prefix),
                ),
            );
            return (self.ids.get(start..).unwrap_or(&[]), e.prefix);
        };
        // The map first: the scan calls this only for tokens it found in no none-set (a key
        // is in the map or in a none-set, never both).
        if let Some(&(start, packed)) = self.map.get(&k) {
            return unpack(self.ids, start, packed);
        }
        let sets = self.none.get_mut(usize::from(joined));
        if sets.as_ref().is_some_and(|n| n.contains(s.len(), &k)) {
            return (&[], false);
        }
        let e = self.m.classify(s, self.lang);
        if e.ids.is_empty() && !e.prefix {
            if let Some(n) = sets {
                n.insert(s.len(), k);
            }
            return (&[], false);
        }
        let start = self.ids.len();
        self.ids.extend_from_slice(&e.ids);
        self.map.insert(
            k,
            (
                start as u32,
                ((e.ids.len() as u32) << 1) | u32::from(e.prefix),
            ),
        );
        (self.ids.get(start..).unwrap_or(&[]), e.prefix)
    }

    #[inline]
    fn known_none(&self, len: usize, k: &Key) -> bool {
        self.none[0].contains(len, k)
    }
}

/// Sorted, deduplicated posting lists of one document: word id -> spans.
#[derive(Default)]
struct Postings {
    ids: Vec<u32>,
    spans: Vec<Span>,
    /// `offsets[id]..offsets[id + 1]` is the range of word `id` in `spans`: a lookup is two
    /// loads, which matters since every candidate topic looks its words up.
    offsets: Vec<u32>,
}

impl Postings {
    /// Refills the lists from sorted, deduplicated `hits`, reusing the buffers.
    fn fill(&mut self, hits: &[(u32, Span)], n_words: usize) {
        self.ids.clear();
        self.ids.extend(hits.iter().map(|h| h.0));
        self.spans.clear();
        self.spans.extend(hits.iter().map(|h| h.1));
        self.offsets.clear();
        self.offsets.resize(n_words + 1, 0);
        for &id in &self.ids {
            if let Some(o) = self.offsets.get_mut(id as usize + 1) {
                *o += 1;
            }
        }
        let mut sum = 0u32;
        for o in &mut self.offsets {
            sum = sum.saturating_add(*o);
            *o = sum;
        }
    }

    #[inline]
    fn get(&self, id: u32) -> &[Span] {
        match (
            self.offsets.get(id as usize),
            self.offsets.get(id as usize + 1),
        ) {
            (Some(&lo), Some(&hi)) => self.spans.get(lo as usize..hi as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl TopicMatcher {
    /// Compiles the topics (name, query), kept in this order in results.
    pub fn new(topics: Vec<(String, Query)>) -> Self {
        let mut b = Builder {
            interned: FxMap::default(),
            words: Vec::new(),
        };
        let mut compiled = Vec::with_capacity(topics.len());
        for (name, q) in topics {
            let mut leaves = Vec::new();
            let root = b.compile(&q.root, &mut leaves, false);
            compiled.push(Topic { name, root, leaves });
        }
        let mut may = Vec::new();
        let mut may_at = Vec::with_capacity(compiled.len());
        for t in &compiled {
            let a = may.len() as u32;
            may_code(&t.root, &mut may);
            may_at.push((a, may.len() as u32));
        }
        let words = b.words;
        let mut exact: FxMap<String, Vec<u32>> = FxMap::default();
        let mut stems: Vec<FxMap<String, Vec<u32>>> =
            (0..LANGS.len()).map(|_| FxMap::default()).collect();
        let mut wild3: FxMap<String, Vec<u32>> = FxMap::default();
        let mut wild_other = Vec::new();
        let mut prefixes: Vec<FxSet<String>> = (0..LANGS.len()).map(|_| FxSet::default()).collect();
        let add_prefixes = |w: &str, set: &mut FxSet<String>| {
            for (i, _) in w.char_indices().skip(2) {
                if let Some(p) = w.get(..i) {
                    set.insert(p.to_string());
                }
            }
            if w.chars().nth(1).is_some() {
                set.insert(w.to_string());
            }
        };
        for (id, w) in words.iter().enumerate() {
            let id = id as u32;
            match &w.spec {
                WordSpec::Exact(s) => {
                    exact.entry(s.clone()).or_default().push(id);
                    for set in prefixes.iter_mut() {
                        add_prefixes(s, set);
                    }
                }
                WordSpec::Stem(s) => {
                    for (l, st) in w.stems.iter().enumerate() {
                        if let Some(m) = stems.get_mut(l) {
                            m.entry(st.clone()).or_default().push(id);
                        }
                        if let Some(set) = prefixes.get_mut(l) {
                            add_prefixes(st, set);
                            add_prefixes(s, set);
                        }
                    }
                }
                WordSpec::Wild(p) => {
                    let head: String = p.chars().take(3).collect();
                    if head.chars().count() == 3 && !head.contains(['*', '?']) {
                        wild3.entry(head).or_default().push(id);
                    } else {
                        wild_other.push(id);
                    }
                }
            }
        }
        let mut word_topics = vec![Vec::new(); words.len()];
        let mut always = Vec::new();
        for (t, topic) in compiled.iter().enumerate() {
            match triggers(&topic.root, &words) {
                Some(ids) => {
                    for id in ids {
                        if let Some(v) = word_topics.get_mut(id as usize) {
                            v.push(t as u32);
                        }
                    }
                }
                None => always.push(t as u32),
            }
        }
        TopicMatcher {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            words,
            exact,
            stems,
            wild3,
            wild_other,
            prefixes,
            word_topics,
            always,
            topics: compiled,
            may,
            may_at,
        }
    }

    /// Number of compiled topics.
    pub fn len(&self) -> usize {
        self.topics.len()
    }

    /// Whether there are no topics.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// The query words a normalized token meets in a language.
    fn classify(&self, s: &str, lang: usize) -> Entry {
        let mut ids: Vec<u32> = Vec::new();
        if let Some(v) = self.exact.get(s) {
            ids.extend(v);
        }
        if s.len() <= MAX_STEM_LEN {
            if let Some(m) = self.stems.get(lang)
                && !m.is_empty()
                && let Some(v) = m.get(stem(s, lang).as_str())
            {
                ids.extend(v);
            }
            let head: String = s.chars().take(3).collect();
            if let Some(v) = self.wild3.get(head.as_str()) {
                ids.extend(v.iter().filter(|&&id| self.wild_matches(id, s)));
            }
            ids.extend(
                self.wild_other
                    .iter()
                    .filter(|&&id| self.wild_matches(id, s)),
            );
        }
        ids.sort_unstable();
        ids.dedup();
        let prefix = self.prefixes.get(lang).is_some_and(|p| p.contains(s));
        Entry {
            ids: ids.into_boxed_slice(),
            prefix,
        }
    }

    fn wild_matches(&self, id: u32, s: &str) -> bool {
        match self.words.get(id as usize).map(|w| &w.spec) {
            Some(WordSpec::Wild(p)) => glob_match(p, s),
            _ => false,
        }
    }

    /// Fills `post` with the document's posting lists (`hits` is a reused buffer).
    fn postings(&self, doc: &DocText, hits: &mut Vec<(u32, Span)>, post: &mut Postings) {
        hits.clear();
        let lang = doc.lang;
        let cached = CACHE.with(|c| {
            let Ok(mut cache) = c.try_borrow_mut() else {
                return false;
            };
            let cache = &mut *cache;
            if cache.owner != self.id || cache.maps.len() != LANGS.len() || cache.len() > CACHE_MAX
            {
                cache.owner = self.id;
                cache.maps = (0..LANGS.len()).map(|_| FxMap::default()).collect();
                cache.none = (0..LANGS.len()).map(|_| Default::default()).collect();
                cache.long = (0..LANGS.len()).map(|_| FxMap::default()).collect();
                cache.ids.clear();
            }
            let Cache {
                maps,
                none,
                long,
                ids,
                ..
            } = cache;
            let (Some(map), Some(none), Some(long)) =
                (maps.get_mut(lang), none.get_mut(lang), long.get_mut(lang))
            else {
                return false;
            };
            let mut lk = CachedLookup {
                m: self,
                lang,
                map,
                none,
                long,
                ids,
                tmp: Vec::new(),
            };
            self.scan(doc, &mut lk, hits);
            true
        });
        if !cached {
            let mut lk = PlainLookup {
                m: self,
                lang,
                e: Entry::default(),
            };
            self.scan(doc, &mut lk, hits);
        }
        hits.sort_unstable();
        hits.dedup();
        post.fill(hits, self.words.len());
    }

    /// Looks every token (and every joined pair a token may start) up, appending the hits.
    fn scan<L: TokenLookup>(&self, doc: &DocText, lk: &mut L, hits: &mut Vec<(u32, Span)>) {
        let lang = doc.lang;
        let mut joined = String::new();
        for (f, toks) in doc.fields.iter().enumerate() {
            let field = f as u8;
            let arena = toks.arena.as_bytes();
            for (i, t) in toks.toks.iter().enumerate() {
                let pos = i as u32;
                let k = key_at(arena, t.norm_start as usize, t.norm_end as usize);
                if let Some(k) = &k
                    && lk.known_none((t.norm_end - t.norm_start) as usize, k)
                {
                    continue;
                }
                let s = toks.norm(i);
                let (ids, prefix) = lk.get(s, k, false);
                hits.extend(ids.iter().map(|&id| {
                    (
                        id,
                        Span {
                            field,
                            start: pos,
                            end: pos,
                        },
                    )
                }));
                if prefix && compound_candidate_into(doc, field, i, &mut joined) {
                    let (ids, _) = lk.get(&joined, key(&joined), true);
                    for &id in ids {
                        let Some(w) = self.words.get(id as usize) else {
                            continue;
                        };
                        if compound_ok(&w.spec, w.stems.get(lang).map(String::as_str), s) {
                            hits.push((
                                id,
                                Span {
                                    field,
                                    start: pos,
                                    end: pos + 1,
                                },
                            ));
                        }
                    }
                }
            }
        }
    }

    /// The candidate topics of a document, in topic order: those triggered by a word present,
    /// and those that can match without any word.
    fn candidates(&self, post: &Postings, cand: &mut Vec<u32>) {
        cand.clear();
        cand.extend_from_slice(&self.always);
        let mut last = u32::MAX;
        for &id in &post.ids {
            if id == last {
                continue;
            }
            last = id;
            cand.extend_from_slice(
                self.word_topics
                    .get(id as usize)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
            );
        }
        cand.sort_unstable();
        cand.dedup();
    }

    /// Topic `t`'s [`may_code`] program.
    fn may_code_of(&self, t: u32) -> &[u32] {
        self.may_at
            .get(t as usize)
            .and_then(|&(a, b)| self.may.get(a as usize..b as usize))
            .unwrap_or(&[])
    }

    /// The topics that match the document, in topic order, each with its explanation.
    pub fn matches(&self, doc: &Document) -> Vec<TopicMatch> {
        let text = DocText::new(doc);
        // Per-thread buffers: an article then costs no large allocations.
        let mut scratch = SCRATCH
            .try_with(|s| s.try_borrow_mut().ok().map(|mut s| std::mem::take(&mut *s)))
            .ok()
            .flatten()
            .unwrap_or_default();
        let Scratch { hits, post, cand } = &mut scratch;
        self.postings(&text, hits, post);
        self.candidates(post, cand);
        let mut out = Vec::new();
        for &t in cand.iter() {
            if !may_run(self.may_code_of(t), post).0 {
                continue;
            }
            let Some(topic) = self.topics.get(t as usize) else {
                continue;
            };
            let Some(root) = eval(&topic.root, &text, post) else {
                continue;
            };
            out.push(explain(&topic.name, &topic.leaves, &root, &text, post));
        }
        if scratch.bytes() <= POOL_MAX_BYTES {
            let _ = SCRATCH.try_with(|s| {
                if let Ok(mut s) = s.try_borrow_mut() {
                    *s = scratch;
                }
            });
        }
        out
    }
}

fn explain(
    name: &str,
    leaves: &[(String, CNode)],
    root: &[Span],
    doc: &DocText,
    post: &Postings,
) -> TopicMatch {
    let mut hits: Vec<(Span, &str)> = Vec::new();
    for (display, leaf) in leaves {
        if let Some(spans) = eval(leaf, doc, post) {
            hits.extend(
                spans
                    .iter()
                    .copied()
                    .filter(|s| contained(root, *s))
                    .map(|s| (s, display.as_str())),
            );
        }
    }
    hits.sort_unstable();
    hits.dedup();
    let terms: Vec<TermHit> = hits
        .iter()
        .filter_map(|&(s, term)| {
            let (start, end) = doc.cp_range(s)?;
            Some(TermHit {
                term: term.to_string(),
                field: FIELD_NAMES
                    .get(s.field as usize)
                    .copied()
                    .unwrap_or("body")
                    .to_string(),
                start,
                end,
            })
        })
        .collect();
    let body_hits: Vec<(usize, usize)> = terms
        .iter()
        .filter(|h| h.field == "body")
        .map(|h| (h.start, h.end))
        .collect();
    let (snippet, highlights) = snippet::build(
        doc.texts[F_BODY as usize],
        &doc.fields[F_BODY as usize],
        &body_hits,
    );
    TopicMatch {
        name: name.to_string(),
        terms,
        snippet,
        highlights,
    }
}

/// Whether span `s` lies inside one of the sorted `spans`.
pub(crate) fn contained(spans: &[Span], s: Span) -> bool {
    let idx = spans.partition_point(|r| (r.field, r.start) <= (s.field, s.start));
    spans
        .get(..idx)
        .unwrap_or(&[])
        .iter()
        .rev()
        .take_while(|r| r.field == s.field)
        .any(|r| r.start <= s.start && s.end <= r.end)
}

fn normalize_spans(mut v: Vec<Span>) -> Vec<Span> {
    v.sort_unstable();
    v.dedup();
    v
}

/// Opcodes of [`may_code`] programs.
const OP_TRUE: u32 = 0;
const OP_WORD: u32 = 1;
/// `[OP_ALL, n, id...]`: all `n` words present.
const OP_ALL: u32 = 2;
/// `[OP_AND or OP_OR, len, child...]`: `len` is the length of the children's code.
const OP_AND: u32 = 3;
const OP_OR: u32 = 4;

/// Appends [`may_match`] of a node as a flat program: the candidate topics of an article are
/// checked against it, and topic trees scattered over the heap cost a cache miss per node while
/// one array for all topics stays in cache.
fn may_code(n: &CNode, out: &mut Vec<u32>) {
    match n {
        CNode::Word { id, .. } => out.extend([OP_WORD, *id]),
        CNode::Phrase { ids, .. } => {
            out.extend([OP_ALL, ids.len() as u32]);
            out.extend(ids);
        }
        CNode::Meta(_) | CNode::Not(_) => out.push(OP_TRUE),
        CNode::And(_) | CNode::Or(_) | CNode::Near { .. } => {
            let (op, kids): (u32, Vec<&CNode>) = match n {
                CNode::And(v) => (OP_AND, v.iter().collect()),
                CNode::Or(v) => (OP_OR, v.iter().collect()),
                CNode::Near { left, right, .. } => (OP_AND, vec![&**left, &**right]),
                _ => (OP_TRUE, Vec::new()),
            };
            let at = out.len();
            out.extend([op, 0]);
            for k in kids {
                may_code(k, out);
            }
            let len = (out.len() - at - 2) as u32;
            if let Some(l) = out.get_mut(at + 1) {
                *l = len;
            }
        }
    }
}

/// Runs the [`may_code`] program at the start of `code`: its result and its length. A malformed
/// program (impossible) answers `true`, which only costs a full evaluation.
fn may_run(code: &[u32], post: &Postings) -> (bool, usize) {
    let present = |id: &u32| !post.get(*id).is_empty();
    match (code.first(), code.get(1)) {
        (Some(&OP_WORD), Some(id)) => (present(id), 2),
        (Some(&OP_ALL), Some(&n)) => {
            let n = n as usize;
            match code.get(2..2 + n) {
                Some(ids) => (ids.iter().all(present), 2 + n),
                None => (true, code.len()),
            }
        }
        (Some(&op), Some(&len)) if op == OP_AND || op == OP_OR => {
            let len = len as usize;
            let Some(mut kids) = code.get(2..2 + len) else {
                return (true, code.len());
            };
            let want = op == OP_OR;
            while !kids.is_empty() {
                let (r, l) = may_run(kids, post);
                if r == want {
                    return (want, 2 + len);
                }
                kids = kids.get(l.max(1)..).unwrap_or(&[]);
            }
            (!want, 2 + len)
        }
        _ => (true, 1),
    }
}

/// A necessary condition for [`eval`] to return `Some`, checked without allocating: every word
/// the node needs has a posting (scopes and positions aside). Most candidate topics fail it.
/// [`may_code`] / [`may_run`] compute the same on the hot path.
#[cfg(test)]
fn may_match(n: &CNode, post: &Postings) -> bool {
    match n {
        CNode::Word { id, .. } => !post.get(*id).is_empty(),
        CNode::Phrase { ids, .. } => ids.iter().all(|id| !post.get(*id).is_empty()),
        CNode::Meta(_) | CNode::Not(_) => true,
        CNode::And(items) => items.iter().all(|c| may_match(c, post)),
        CNode::Or(items) => items.iter().any(|c| may_match(c, post)),
        CNode::Near { left, right, .. } => may_match(left, post) && may_match(right, post),
    }
}

/// The union of sorted, deduplicated span lists. When at most one of them is non-empty (the
/// usual case: `x AND NOT y`, one word of an OR present) that list is the union as it is, so
/// nothing is copied or sorted.
#[derive(Default)]
struct Union<'p> {
    acc: Option<Cow<'p, [Span]>>,
    merged: bool,
}

impl<'p> Union<'p> {
    fn add(&mut self, v: Cow<'p, [Span]>) {
        match &mut self.acc {
            Some(_) if v.is_empty() => {}
            Some(a) if a.is_empty() => *a = v,
            Some(a) => {
                a.to_mut().extend_from_slice(&v);
                self.merged = true;
            }
            None => self.acc = Some(v),
        }
    }

    fn finish(self) -> Cow<'p, [Span]> {
        match self.acc {
            Some(Cow::Owned(v)) if self.merged => Cow::Owned(normalize_spans(v)),
            Some(a) => a,
            None => Cow::Borrowed(&[]),
        }
    }
}

/// The posting spans a scope keeps: borrowed when it keeps them all (the usual case), which
/// spares an allocation per word.
fn scoped<'p>(doc: &DocText, scope: Scope, spans: &'p [Span]) -> Cow<'p, [Span]> {
    if spans.iter().all(|s| doc.scope_ok(scope, *s)) {
        Cow::Borrowed(spans)
    } else {
        Cow::Owned(
            spans
                .iter()
                .copied()
                .filter(|s| doc.scope_ok(scope, *s))
                .collect(),
        )
    }
}

/// Evaluates a compiled node: `None` when it does not match, else the spans that make it match
/// (sorted; empty for matches without positions, like `NOT x`).
fn eval<'p>(n: &CNode, doc: &DocText, post: &'p Postings) -> Option<Cow<'p, [Span]>> {
    match n {
        CNode::Word { id, scope } => {
            let v = scoped(doc, *scope, post.get(*id));
            (!v.is_empty()).then_some(v)
        }
        CNode::Phrase { ids, slop, scope } => {
            let lists: Vec<Cow<[Span]>> = ids
                .iter()
                .map(|id| scoped(doc, *scope, post.get(*id)))
                .collect();
            if lists.iter().any(|l| l.is_empty()) {
                return None;
            }
            let v = phrase_spans(doc, &lists, *slop);
            (!v.is_empty()).then_some(Cow::Owned(v))
        }
        CNode::Meta(m) => doc.meta_ok(m).then_some(Cow::Borrowed(&[])),
        CNode::And(items) => {
            let mut u = Union::default();
            for c in items {
                u.add(eval(c, doc, post)?);
            }
            Some(u.finish())
        }
        CNode::Or(items) => {
            let mut any = false;
            let mut u = Union::default();
            for c in items {
                if let Some(v) = eval(c, doc, post) {
                    any = true;
                    u.add(v);
                }
            }
            any.then(|| u.finish())
        }
        CNode::Not(c) => match eval(c, doc, post) {
            Some(_) => None,
            None => Some(Cow::Borrowed(&[])),
        },
        CNode::Near { left, right, kind } => {
            let l = eval(left, doc, post)?;
            let r = eval(right, doc, post)?;
            let v = near_spans(doc, *kind, &l, &r);
            (!v.is_empty()).then_some(Cow::Owned(v))
        }
    }
}

/// Phrase occurrences: each list holds one word's spans (sorted); words in order, at most `slop`
/// extra words in all, within one sentence. Greedy earliest continuation is optimal because
/// taking the earliest next word leaves the most slop and room for the rest.
fn phrase_spans(doc: &DocText, lists: &[Cow<[Span]>], slop: u32) -> Vec<Span> {
    let mut out = Vec::new();
    let Some((first, rest)) = lists.split_first() else {
        return out;
    };
    'starts: for &h0 in first.iter() {
        let sent = doc.sent(h0.field, h0.start);
        let mut end = h0.end;
        let mut budget = slop;
        for list in rest {
            let idx = list.partition_point(|s| (s.field, s.start) <= (h0.field, end));
            let Some(&next) = list.get(idx) else {
                continue 'starts;
            };
            if next.field != h0.field {
                continue 'starts;
            }
            let gap = next.start - end - 1;
            if gap > budget || doc.sent(next.field, next.end) != sent {
                continue 'starts;
            }
            budget -= gap;
            end = next.end;
        }
        if doc.sent(h0.field, h0.start) == doc.sent(h0.field, end) {
            out.push(Span {
                field: h0.field,
                start: h0.start,
                end,
            });
        }
    }
    normalize_spans(out)
}

/// Spans of both operands that take part in at least one qualifying pair.
fn near_spans(doc: &DocText, kind: NearKind, l: &[Span], r: &[Span]) -> Vec<Span> {
    let maxlen = |v: &[Span]| v.iter().map(|s| s.end - s.start).max().unwrap_or(0);
    let (ml, mr) = (maxlen(l), maxlen(r));
    let mut out = Vec::new();
    for &a in l {
        if has_partner(doc, kind, a, r, true, mr) {
            out.push(a);
        }
    }
    if !out.is_empty() {
        for &b in r {
            if has_partner(doc, kind, b, l, false, ml) {
                out.push(b);
            }
        }
    }
    normalize_spans(out)
}

fn has_partner(
    doc: &DocText,
    kind: NearKind,
    x: Span,
    others: &[Span],
    x_left: bool,
    maxlen: u32,
) -> bool {
    let (lo, hi) = match kind {
        NearKind::Words(n) => (
            x.start.saturating_sub(n.saturating_add(maxlen)),
            x.end.saturating_add(n),
        ),
        NearKind::Ordered(n) if x_left => (x.end.saturating_add(1), x.end.saturating_add(n)),
        NearKind::Ordered(n) => (
            x.start.saturating_sub(n.saturating_add(maxlen)),
            x.start.saturating_sub(1),
        ),
        NearKind::Sentence | NearKind::Paragraph => {
            let (id, table) = if kind == NearKind::Sentence {
                (doc.sent(x.field, x.start), &doc.bounds().0)
            } else {
                (doc.para(x.field, x.start), &doc.bounds().1)
            };
            match table.get(x.field as usize).and_then(|t| t.get(id as usize)) {
                Some(&b) => b,
                None => return false,
            }
        }
    };
    let idx = others.partition_point(|s| (s.field, s.start) < (x.field, lo));
    for &o in others.get(idx..).unwrap_or(&[]) {
        if o.field != x.field || o.start > hi {
            break;
        }
        let ok = if x_left {
            doc.near_ok(kind, x, o)
        } else {
            doc.near_ok(kind, o, x)
        };
        if ok {
            return true;
        }
    }
    false
}

#[cfg(test)]
impl TopicMatcher {
    /// Root spans of every topic (None when it does not match), for the property test: through
    /// the same candidate and [`may_run`] filters as [`TopicMatcher::matches`], so the test
    /// checks them too.
    pub(crate) fn root_spans(&self, doc: &Document) -> Vec<Option<Vec<Span>>> {
        let text = DocText::new(doc);
        let (mut hits, mut post, mut cand) = (Vec::new(), Postings::default(), Vec::new());
        self.postings(&text, &mut hits, &mut post);
        self.candidates(&post, &mut cand);
        self.topics
            .iter()
            .enumerate()
            .map(|(t, topic)| {
                let may = may_run(self.may_code_of(t as u32), &post).0;
                assert_eq!(may, may_match(&topic.root, &post), "may_run vs may_match");
                if !may || cand.binary_search(&(t as u32)).is_err() {
                    return None;
                }
                eval(&topic.root, &text, &post).map(Cow::into_owned)
            })
            .collect()
    }
}

#[cfg(test)]
mod flat_set_tests {
    use super::{FlatSet, key, key_at};

    #[test]
    fn arena_keys_equal_string_keys_at_every_length_and_position() {
        // Tokens of 0 to 30 bytes, near the arena's end too (where fewer than 24 bytes follow).
        let words: Vec<String> = (0..31)
            .map(|n| {
                (0..n)
                    .map(|i| (b'a' + (i * 7 + n) as u8 % 26) as char)
                    .collect()
            })
            .collect();
        let arena: String = words.concat();
        let mut start = 0;
        for w in &words {
            let end = start + w.len();
            assert!(key_at(arena.as_bytes(), start, end) == key(w), "word {w:?}");
            start = end;
        }
        assert!(key_at(arena.as_bytes(), 5, 3).is_none());
    }

    #[test]
    fn flat_set_keeps_every_key_through_growth() {
        let key = |i: u64| [i.wrapping_mul(0x9e37_79b9_7f4a_7c15), i];
        let mut s = FlatSet::<2>::default();
        assert!(!s.contains(&key(1)));
        for i in 1..5000u64 {
            s.insert(key(i));
        }
        s.insert(key(1));
        assert_eq!(s.len(), 4999);
        assert!((1..5000u64).all(|i| s.contains(&key(i))));
        assert!(!s.contains(&key(5001)));
    }
}
