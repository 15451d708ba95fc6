//! Test-only reference evaluator: evaluates the query AST directly on the document's tokens by
//! brute force (every token tested against every leaf, every pair of occurrences tried), with no
//! dictionaries, posting lists, caches or candidate filtering. The property test checks the
//! compiled matcher against it.

use super::matcher::{DocText, Span, compound_candidate, compound_ok};
use super::parse::{Node, WordSpec};
use super::text::{MAX_STEM_LEN, glob_match, stem};

fn word_matches(w: &WordSpec, s: &str, lang: usize) -> bool {
    match w {
        WordSpec::Exact(x) => x == s,
        WordSpec::Stem(x) => s.len() <= MAX_STEM_LEN && stem(s, lang) == stem(x, lang),
        WordSpec::Wild(p) => s.len() <= MAX_STEM_LEN && glob_match(p, s),
    }
}

/// Every occurrence of one query word, single tokens and joined pairs.
fn occurrences(w: &WordSpec, doc: &DocText) -> Vec<Span> {
    let mut out = Vec::new();
    let word_stem = match w {
        WordSpec::Stem(x) => Some(stem(x, doc.lang)),
        _ => None,
    };
    for (f, toks) in doc.fields.iter().enumerate() {
        let field = f as u8;
        for i in 0..toks.len() {
            let pos = i as u32;
            if word_matches(w, toks.norm(i), doc.lang) {
                out.push(Span {
                    field,
                    start: pos,
                    end: pos,
                });
            }
            if let Some(j) = compound_candidate(doc, field, i)
                && word_matches(w, &j, doc.lang)
                && compound_ok(w, word_stem.as_deref(), toks.norm(i))
            {
                out.push(Span {
                    field,
                    start: pos,
                    end: pos + 1,
                });
            }
        }
    }
    out
}

fn sent(doc: &DocText, field: u8, pos: u32) -> Option<u32> {
    doc.tok(field, pos).map(|t| t.sent)
}

/// Smallest end of a phrase continuing after `end` with words `rest`, or None.
fn phrase_end(
    doc: &DocText,
    lists: &[Vec<Span>],
    field: u8,
    end: u32,
    budget: u32,
    s: Option<u32>,
) -> Option<u32> {
    let Some((first, rest)) = lists.split_first() else {
        return Some(end);
    };
    let mut best: Option<u32> = None;
    for o in first {
        if o.field != field
            || o.start <= end
            || o.start - end - 1 > budget
            || sent(doc, field, o.end) != s
        {
            continue;
        }
        if let Some(e) = phrase_end(doc, rest, field, o.end, budget - (o.start - end - 1), s) {
            best = Some(best.map_or(e, |b: u32| b.min(e)));
        }
    }
    best
}

pub(crate) fn eval(n: &Node, doc: &DocText) -> Option<Vec<Span>> {
    let norm = |mut v: Vec<Span>| {
        v.sort();
        v.dedup();
        v
    };
    match n {
        Node::Word { word, scope, .. } => {
            let v: Vec<Span> = occurrences(word, doc)
                .into_iter()
                .filter(|s| doc.scope_ok(*scope, *s))
                .collect();
            (!v.is_empty()).then(|| norm(v))
        }
        Node::Phrase {
            words, slop, scope, ..
        } => {
            let lists: Vec<Vec<Span>> = words
                .iter()
                .map(|w| {
                    occurrences(w, doc)
                        .into_iter()
                        .filter(|s| doc.scope_ok(*scope, *s))
                        .collect()
                })
                .collect();
            let (first, rest) = lists.split_first()?;
            let mut out = Vec::new();
            for h in first {
                let s = sent(doc, h.field, h.start);
                if sent(doc, h.field, h.end) != s {
                    continue;
                }
                if let Some(e) = phrase_end(doc, rest, h.field, h.end, *slop, s) {
                    out.push(Span {
                        field: h.field,
                        start: h.start,
                        end: e,
                    });
                }
            }
            (!out.is_empty()).then(|| norm(out))
        }
        Node::Meta(m) => doc.meta_ok(m).then(Vec::new),
        Node::And(v) => {
            let mut all = Vec::new();
            for c in v {
                all.extend(eval(c, doc)?);
            }
            Some(norm(all))
        }
        Node::Or(v) => {
            let r: Vec<Vec<Span>> = v.iter().filter_map(|c| eval(c, doc)).collect();
            (!r.is_empty()).then(|| norm(r.into_iter().flatten().collect()))
        }
        Node::Not(c) => match eval(c, doc) {
            Some(_) => None,
            None => Some(Vec::new()),
        },
        Node::Near { left, right, kind } => {
            let l = eval(left, doc)?;
            let r = eval(right, doc)?;
            let mut out = Vec::new();
            for a in &l {
                for b in &r {
                    if doc.near_ok(*kind, *a, *b) {
                        out.push(*a);
                        out.push(*b);
                    }
                }
            }
            (!out.is_empty()).then(|| norm(out))
        }
    }
}
