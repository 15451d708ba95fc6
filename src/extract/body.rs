//! Choosing the article body among the page's text blocks.
//!
//! Readability-style: paragraph-like blocks vote for their ancestors (text length, commas), the
//! best-scoring container wins after a link-density penalty, related siblings are merged (bodies
//! split over many `<div>`s), and the blocks inside the chosen containers are filtered for
//! link lists, bylines, datelines and stock phrases. JSON-LD `articleBody`, when present and
//! consistent with the page, is used to drop DOM blocks it does not contain, or replaces a DOM
//! result that clearly missed the body.

use super::dom::{Block, Doc, Kind, Tag};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Ancestor levels a paragraph's score reaches.
const SCORE_LEVELS: usize = 5;
/// Ancestor levels the chosen container may climb.
const CLIMB_LEVELS: usize = 8;
/// How much more prose an ancestor must hold for the container to climb to it.
const CLIMB_GAIN: f64 = 1.5;
/// Candidates compared when deciding whether to move up to a shared ancestor.
const TOP_N: usize = 5;

static BYLINE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:by|von|par|por|di|door|av|written by|words by|reporting by|story by)\s*:?\s+\p{Lu}")
        .unwrap_or_else(|_| unreachable!("static regex"))
});

static BOILERPLATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:advertisement|advertisements|ad|sponsored|anzeige|werbung|publicité|publicidad|publicidade|pubblicità|reclame|advertentie|реклама|iklan|read more|read next|related|related articles?|related stories|more stories|see also|share|share this|share this article|share on \w+|follow us|tweet|email|print|comments?|\d+ comments?|tags|topics|don'?t miss|don’t miss|advert|most popular|popular|trending|tell us what you think|sign up|subscribe|subscribe now|skip to (?:main )?content|click here|watch|listen|loading|continue reading|photo|image|getty images|reuters|ap|afp|copyright|all rights reserved|©.*|\(c\).*|updated|published|posted)\s*[:.!…]*$")
        .unwrap_or_else(|_| unreachable!("static regex"))
});

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:published|updated|posted|last updated|first published|modified)\s*(?:on|at)?\s*:?\s*)?(?:\w+,?\s+)?(?:\d{1,2}\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})(?:[\s,|•·-]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?\s*$")
        .unwrap_or_else(|_| unreachable!("static regex"))
});

/// Calls to action that publishers drop into the body: never article text when short.
static CALL_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:contributed to this (?:report|story|article)|filed under|(?:posted|published|written) (?:on|by) |subscribe|newsletters?|sign up|signup|follow (?:us|@\w+|\w+ on (?:twitter|facebook|instagram))|(?:may|can) be reached at|reach (?:him|her|them|us) at|click here|download (?:our|the) app|join our|more great \w+ stories|all rights reserved|terms of (?:use|service)|privacy policy)\b")
        .unwrap_or_else(|_| unreachable!("static regex"))
});

/// Picture captions that sit in plain paragraphs: "… (Image: Agency)", "Photo: Agency".
static CAPTION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\((?:image|images|photo|photos|picture|pic|credit|foto|video)\s*:[^)]*\)\s*$|^(?:image|photo|picture|foto)\s*(?:credit)?\s*:|(?:photo|image)\s*(?:credit)?\s*:\s*[^.]{0,60}$)")
        .unwrap_or_else(|_| unreachable!("static regex"))
});

/// A numeric date opening a short line: a dateline or "posted by" strip, not prose.
static LEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}|(?:19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2})\b",
    )
    .unwrap_or_else(|_| unreachable!("static regex"))
});

/// A year and a clock time in a short line: a timestamp in any language.
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:19|20)\d{2}\b.*\b\d{1,2}[:h]\d{2}\b|\b\d{1,2}[:h]\d{2}\b.*\b(?:19|20)\d{2}\b")
        .unwrap_or_else(|_| unreachable!("static regex"))
});

/// Result of the DOM-based choice: the kept blocks' texts in document order.
pub(crate) fn extract_body(doc: &Doc, ld_body: Option<&str>, title: Option<&str>) -> Vec<String> {
    let dom = dom_body(doc, title);
    let Some(ld) = ld_body
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() >= 50)
    else {
        return dom;
    };
    let dom_text_len: usize = dom.iter().map(|p| p.len()).sum();
    // A short or cut-off articleBody is a teaser, not a statement of the whole body.
    let truncated = ld.ends_with('…') || ld.ends_with("&hellip;") || ld.ends_with("...");
    if truncated || ld.len() * 2 < dom_text_len {
        return dom;
    }
    let ld_words = word_set(ld);
    let covered = coverage(&ld_words, &dom);
    if covered >= 0.8 {
        // The DOM found the body; JSON-LD prunes what is not part of it.
        let confirmed: Vec<String> = dom
            .iter()
            .filter(|p| containment(p, &ld_words) >= 0.6)
            .cloned()
            .collect();
        if !confirmed.is_empty() {
            return confirmed;
        }
        return dom;
    }
    // The DOM choice missed part of the declared body: look for its paragraphs anywhere.
    let all = all_confirmed(doc, &ld_words);
    if coverage(&ld_words, &all) > covered.max(0.6) {
        return all;
    }
    if dom_text_len * 2 < ld.len() {
        return split_ld(ld);
    }
    dom
}

/// Every acceptable block of the page whose words the JSON-LD body contains.
fn all_confirmed(doc: &Doc, ld_words: &HashSet<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    doc.blocks
        .iter()
        .filter(|b| !matches!(b.kind, Kind::Heading(1)))
        .filter(|b| b.chars >= 20 && link_density(b) < 0.5)
        .filter(|b| containment(&b.text, ld_words) >= 0.8)
        .filter(|b| seen.insert(b.text.clone()))
        .map(|b| b.text.clone())
        .collect()
}

/// Paragraphs of a JSON-LD body. Some publishers put markup or entities in it: those bodies
/// go through the HTML parser (newlines becoming breaks) so tags vanish and entities decode.
fn split_ld(ld: &str) -> Vec<String> {
    if ld.contains('<') || ld.contains('&') {
        let fragment = scraper::Html::parse_fragment(&ld.replace('\n', "<br>"));
        return super::dom::walk(&fragment)
            .blocks
            .into_iter()
            .map(|b| b.text)
            .filter(|t| !t.is_empty())
            .collect();
    }
    ld.split('\n')
        .map(collapse)
        .filter(|s| !s.is_empty())
        .collect()
}

pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn word_set(s: &str) -> HashSet<String> {
    words(s).collect()
}

/// Share of `text`'s words that occur in `set`.
fn containment(text: &str, set: &HashSet<String>) -> f64 {
    let (mut n, mut hit) = (0usize, 0usize);
    for w in words(text) {
        n += 1;
        if set.contains(&w) {
            hit += 1;
        }
    }
    if n == 0 { 0.0 } else { hit as f64 / n as f64 }
}

/// Share of `set`'s words found in the paragraphs.
fn coverage(set: &HashSet<String>, paragraphs: &[String]) -> f64 {
    if set.is_empty() {
        return 0.0;
    }
    let found: HashSet<String> = paragraphs.iter().flat_map(|p| words(p)).collect();
    set.iter().filter(|w| found.contains(*w)).count() as f64 / set.len() as f64
}

fn link_density(b: &Block) -> f64 {
    if b.chars == 0 {
        0.0
    } else {
        b.link_chars as f64 / b.chars as f64
    }
}

/// Counts commas of several scripts: a cheap signal of running prose.
fn commas(s: &str) -> usize {
    s.chars()
        .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
        .count()
}

fn dom_body(doc: &Doc, title: Option<&str>) -> Vec<String> {
    let n = doc.elems.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![0.0f64; n];
    let mut scored = vec![false; n];
    for b in &doc.blocks {
        if !matches!(
            b.kind,
            Kind::Paragraph | Kind::Loose | Kind::Pre | Kind::Cell | Kind::Quote
        ) {
            continue;
        }
        if b.chars < 25 || is_dead(doc, b.host) {
            continue;
        }
        let content = 1.0 + commas(&b.text) as f64 + (b.chars as f64 / 100.0).min(3.0);
        // A paragraph votes for the box that holds it; loose text is already in that box.
        let mut at = match b.kind {
            Kind::Loose => b.host,
            _ => parent_of(doc, b.host),
        };
        for level in 0..SCORE_LEVELS {
            let Some(e) = doc.elems.get(at) else { break };
            if let (Some(s), Some(done)) = (score.get_mut(at), scored.get_mut(at)) {
                if !*done {
                    *done = true;
                    *s += e.weight
                        + match e.tag {
                            Tag::Div | Tag::Article | Tag::Main => 5.0,
                            Tag::Section => 3.0,
                            _ => 0.0,
                        };
                }
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f64 * 3.0,
                };
                *s += content / divider;
            }
            if e.parent == at {
                break;
            }
            at = e.parent;
        }
    }
    // Final candidate scores with the link-density penalty.
    let mut cands: Vec<(usize, f64)> = doc
        .elems
        .iter()
        .zip(score.iter().zip(&scored))
        .enumerate()
        .filter(|(_, (_, (_, done)))| **done)
        .map(|(i, (e, (s, _)))| {
            let ld = if e.chars > 0 {
                e.link_chars as f64 / e.chars as f64
            } else {
                0.0
            };
            (i, s * (1.0 - ld))
        })
        .collect();
    cands.sort_by(|a, b| b.1.total_cmp(&a.1));
    let Some(&(mut top, top_score)) = cands.first() else {
        return fallback(doc);
    };
    // When several strong candidates share an ancestor, the body is split across them.
    let alternatives: Vec<usize> = cands
        .iter()
        .skip(1)
        .take(TOP_N - 1)
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|(i, _)| *i)
        .collect();
    if alternatives.len() >= 2 {
        let mut anc = parent_of(doc, top);
        while anc != top && anc != 0 {
            let contains = alternatives
                .iter()
                .filter(|&&a| within(doc, anc, a))
                .count();
            if contains >= 2 {
                if !holds_other_article(doc, anc, top) {
                    top = anc;
                }
                break;
            }
            let p = parent_of(doc, anc);
            if p == anc {
                break;
            }
            anc = p;
        }
    }
    // Bodies cut into chunks (ads between them) leave the best chunk on top: climb while an
    // ancestor holds clearly more prose, measured in link-poor paragraph characters.
    let good = good_chars(doc);
    // Wrappers that add no prose are looked through, but only climbed if a real gain lies above.
    let mut probe = top;
    for _ in 0..CLIMB_LEVELS {
        let p = parent_of(doc, probe);
        if p == probe
            || doc.elems.get(p).is_some_and(|e| e.tag == Tag::Body)
            || holds_other_article(doc, p, top)
        {
            break;
        }
        let (gp, gt) = (
            good.get(p).copied().unwrap_or(0),
            good.get(top).copied().unwrap_or(0),
        );
        if gp as f64 >= gt as f64 * CLIMB_GAIN {
            top = p;
        } else if gp != gt {
            break;
        }
        probe = p;
    }
    // On pages stacking several <article>s, the one headed by the page's title is the story.
    if let Some(titled) = title.and_then(|t| titled_article(doc, t))
        && enclosing_article(doc, top) != Some(titled)
        && !within(doc, top, titled)
        && good.get(titled).copied().unwrap_or(0) > 0
    {
        top = titled;
    }
    // The publisher's own microdata marks the body; trust it when it holds comparable prose.
    if let Some(&marked) = doc.itemprop_body.first()
        && !is_dead(doc, marked)
    {
        let (gm, gt) = (
            good.get(marked).copied().unwrap_or(0),
            good.get(top).copied().unwrap_or(0),
        );
        if gm as f64 >= gt as f64 * 0.7 && gm > 0 {
            top = marked;
        }
    }
    let mut containers = vec![top];
    let parent = parent_of(doc, top);
    if parent != top {
        let threshold = (top_score * 0.2).max(10.0);
        for (i, s) in &cands {
            if *i != top
                && parent_of(doc, *i) == parent
                && *s >= threshold
                && doc.elems.get(*i).is_some_and(|e| e.tag != Tag::Article)
            {
                containers.push(*i);
            }
        }
        // Sibling paragraphs directly beside the top candidate.
        for b in &doc.blocks {
            if b.host != top
                && parent_of(doc, b.host) == parent
                && matches!(b.kind, Kind::Paragraph)
                && b.chars >= 80
                && link_density(b) < 0.25
            {
                containers.push(b.host);
            }
        }
    }
    // Membership by one pre-order sweep (parents precede children): linear however many
    // containers were merged.
    let mut inside = vec![false; n];
    for &c in &containers {
        if let Some(x) = inside.get_mut(c) {
            *x = true;
        }
    }
    for i in 0..n {
        let p = parent_of(doc, i);
        if p != i
            && inside.get(p).copied().unwrap_or(false)
            && let Some(x) = inside.get_mut(i)
        {
            *x = true;
        }
    }
    let mut kept: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| !is_dead(doc, b.host) && inside.get(b.host).copied().unwrap_or(false))
        .filter(|b| keep_block(b))
        .collect();
    // A heading that nothing follows introduces the next box ("More on this story"), not text.
    while kept
        .last()
        .is_some_and(|b| matches!(b.kind, Kind::Heading(_)))
    {
        kept.pop();
    }
    if kept.is_empty() {
        return fallback(doc);
    }
    kept.into_iter().map(|b| b.text.clone()).collect()
}

/// When scoring finds nothing (tiny pages), keep every acceptable paragraph.
fn fallback(doc: &Doc) -> Vec<String> {
    doc.blocks
        .iter()
        .filter(|b| b.chars >= 40 && !is_dead(doc, b.host) && keep_block(b))
        .map(|b| b.text.clone())
        .collect()
}

fn keep_block(b: &Block) -> bool {
    if matches!(b.kind, Kind::Heading(1)) {
        return false;
    }
    let ld = link_density(b);
    // A real paragraph keeps a sentence of its own even when inline widgets (hover cards,
    // link lists) inflate its link text.
    let own_prose = matches!(b.kind, Kind::Paragraph) && b.chars.saturating_sub(b.link_chars) >= 80;
    if (ld > 0.5 && !own_prose)
        || (b.chars < 80 && ld > 0.3 && matches!(b.kind, Kind::ListItem | Kind::Loose))
    {
        return false;
    }
    if b.chars < 120 && (BYLINE_LINE.is_match(&b.text) || DATE_LINE.is_match(&b.text)) {
        return false;
    }
    if b.chars < 60 && BOILERPLATE_LINE.is_match(&b.text) {
        return false;
    }
    if b.chars < 160 && CALL_TO_ACTION.is_match(&b.text) {
        return false;
    }
    if b.chars < 70 && TIMESTAMP.is_match(&b.text) {
        return false;
    }
    if b.chars < 300 && (CAPTION_LINE.is_match(&b.text) || b.text.starts_with('©')) {
        return false;
    }
    if b.chars < 160 && LEADING_DATE.is_match(&b.text) {
        return false;
    }
    true
}

/// Characters of link-poor paragraphs (at least 25 chars) in each element's subtree.
fn good_chars(doc: &Doc) -> Vec<usize> {
    let mut good = vec![0usize; doc.elems.len()];
    for b in &doc.blocks {
        if b.chars >= 25
            && link_density(b) < 0.3
            && matches!(
                b.kind,
                Kind::Paragraph | Kind::Loose | Kind::Pre | Kind::Quote
            )
            && !is_dead(doc, b.host)
            && let Some(g) = good.get_mut(b.host)
        {
            *g += b.chars;
        }
    }
    for i in (1..good.len()).rev() {
        let p = parent_of(doc, i);
        let v = good.get(i).copied().unwrap_or(0);
        if p != i
            && let Some(g) = good.get_mut(p)
        {
            *g += v;
        }
    }
    good
}

/// The nearest `<article>` element at or above `i`.
fn enclosing_article(doc: &Doc, mut i: usize) -> Option<usize> {
    loop {
        let e = doc.elems.get(i)?;
        if e.tag == Tag::Article {
            return Some(i);
        }
        if e.parent == i {
            return None;
        }
        i = e.parent;
    }
}

/// The `<article>` holding a heading equal to the page title, when the page has several
/// articles and exactly one such heading.
fn titled_article(doc: &Doc, title: &str) -> Option<usize> {
    if doc.elems.iter().filter(|e| e.tag == Tag::Article).count() < 2 {
        return None;
    }
    let norm = |s: &str| words(s).collect::<Vec<_>>();
    let want = norm(title);
    if want.len() < 2 {
        return None;
    }
    let mut found = None;
    for b in doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, Kind::Heading(_)))
    {
        if norm(&b.text) == want
            && let Some(a) = enclosing_article(doc, b.host)
        {
            if found.is_some_and(|f| f != a) {
                return None;
            }
            found = Some(a);
        }
    }
    found
}

/// Whether `outer` contains an `<article>` beside `inner` (neither inside nor around it):
/// listing pages and infinite-scroll pages stack several articles, which must not be merged.
fn holds_other_article(doc: &Doc, outer: usize, inner: usize) -> bool {
    let (Some(o), Some(i)) = (doc.elems.get(outer), doc.elems.get(inner)) else {
        return false;
    };
    let inner_range = inner..=i.end;
    doc.elems
        .get(outer + 1..=o.end)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .any(|(k, e)| {
            let idx = outer + 1 + k;
            e.tag == Tag::Article && !inner_range.contains(&idx) && !within(doc, idx, inner)
        })
}

fn is_dead(doc: &Doc, i: usize) -> bool {
    doc.elems.get(i).is_some_and(|e| e.dead)
}

fn parent_of(doc: &Doc, i: usize) -> usize {
    doc.elems.get(i).map(|e| e.parent).unwrap_or(i)
}

/// Whether element `inner` lies in the subtree of `outer` (pre-order ranges).
fn within(doc: &Doc, outer: usize, inner: usize) -> bool {
    doc.elems
        .get(outer)
        .is_some_and(|e| inner >= outer && inner <= e.end)
}
