//! The naive reference the benchmark compares [`super::TopicMatcher`] against: what a first
//! implementation typically does, one regex per query leaf compiled once, evaluated topic by
//! topic over the raw article text (so the text is scanned again for every topic). Stemmed terms
//! become `\bstem\w*`, phrases `\W+`-joined words, NEAR/n a byte-distance check (n * 8 bytes),
//! NEAR/s and NEAR/p "no sentence end / no newline in between". Its results approximate the
//! compiled matcher's; it exists to measure cost, not to define semantics.

use super::Document;
use super::parse::{Meta, NearKind, Node, Query, Scope, WordSpec};
use super::text::stem;
use regex::Regex;

enum NNode {
    Leaf {
        re: Option<Regex>,
        scope: Scope,
    },
    Meta(Meta),
    And(Vec<NNode>),
    Or(Vec<NNode>),
    Not(Box<NNode>),
    Near {
        left: Box<NNode>,
        right: Box<NNode>,
        kind: NearKind,
    },
}

/// Topics as independent regex-based evaluators.
pub struct NaiveMatcher {
    topics: Vec<(String, NNode)>,
}

fn word_pattern(w: &WordSpec) -> String {
    match w {
        WordSpec::Stem(s) => format!("{}\\w*", regex::escape(&stem(s, 0))),
        WordSpec::Exact(s) => format!("{}\\b", regex::escape(s)),
        WordSpec::Wild(p) => {
            let mut out = String::new();
            for c in p.chars() {
                match c {
                    '*' => out.push_str("\\w*"),
                    '?' => out.push_str("\\w"),
                    c => out.push_str(&regex::escape(&c.to_string())),
                }
            }
            out.push_str("\\b");
            out
        }
    }
}

fn build(n: &Node) -> NNode {
    match n {
        Node::Word { word, scope, .. } => NNode::Leaf {
            re: Regex::new(&format!("(?i)\\b{}", word_pattern(word))).ok(),
            scope: *scope,
        },
        Node::Phrase {
            words, slop, scope, ..
        } => {
            let sep = if *slop > 0 {
                format!("\\W+(?:\\w+\\W+){{0,{slop}}}")
            } else {
                "\\W+".to_string()
            };
            let body: Vec<String> = words.iter().map(word_pattern).collect();
            NNode::Leaf {
                re: Regex::new(&format!("(?i)\\b{}", body.join(&sep))).ok(),
                scope: *scope,
            }
        }
        Node::Meta(m) => NNode::Meta(m.clone()),
        Node::And(v) => NNode::And(v.iter().map(build).collect()),
        Node::Or(v) => NNode::Or(v.iter().map(build).collect()),
        Node::Not(c) => NNode::Not(Box::new(build(c))),
        Node::Near { left, right, kind } => NNode::Near {
            left: Box::new(build(left)),
            right: Box::new(build(right)),
            kind: *kind,
        },
    }
}

/// (field, byte start, byte end) of a match.
type Hit = (u8, usize, usize);

impl NaiveMatcher {
    pub fn new(topics: Vec<(String, Query)>) -> Self {
        NaiveMatcher {
            topics: topics
                .into_iter()
                .map(|(n, q)| (n, build(&q.root)))
                .collect(),
        }
    }

    /// Names of the topics that match, in topic order.
    pub fn matches(&self, doc: &Document) -> Vec<String> {
        self.topics
            .iter()
            .filter(|(_, n)| eval(n, doc).is_some())
            .map(|(name, _)| name.clone())
            .collect()
    }
}

fn texts<'a>(doc: &Document<'a>, scope: Scope) -> Vec<(u8, &'a str)> {
    match scope {
        Scope::Any => vec![(0, doc.title), (1, doc.body)],
        Scope::Title => vec![(0, doc.title)],
        Scope::Lead => vec![(
            1,
            doc.body
                .split('\n')
                .find(|p| !p.trim().is_empty())
                .unwrap_or(""),
        )],
        Scope::Feed => vec![(2, doc.feed.unwrap_or(""))],
        Scope::Author => vec![(3, doc.author.unwrap_or(""))],
    }
}

fn text_of<'a>(doc: &Document<'a>, field: u8) -> &'a str {
    match field {
        0 => doc.title,
        1 => doc.body,
        2 => doc.feed.unwrap_or(""),
        _ => doc.author.unwrap_or(""),
    }
}

fn meta_ok(doc: &Document, m: &Meta) -> bool {
    match m {
        Meta::Site(site) => doc
            .url
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_lowercase))
            .is_some_and(|h| h == *site || h.ends_with(&format!(".{site}"))),
        Meta::Lang(code) => doc.language.is_some_and(|l| {
            let l = l.to_lowercase();
            l == *code || l.starts_with(&format!("{code}-"))
        }),
    }
}

fn eval(n: &NNode, doc: &Document) -> Option<Vec<Hit>> {
    match n {
        NNode::Leaf { re, scope } => {
            let re = re.as_ref()?;
            let mut out = Vec::new();
            for (f, t) in texts(doc, *scope) {
                out.extend(re.find_iter(t).map(|m| (f, m.start(), m.end())));
            }
            (!out.is_empty()).then_some(out)
        }
        NNode::Meta(m) => meta_ok(doc, m).then(Vec::new),
        NNode::And(v) => {
            let mut all = Vec::new();
            for c in v {
                all.extend(eval(c, doc)?);
            }
            Some(all)
        }
        NNode::Or(v) => {
            let mut any = false;
            let mut all = Vec::new();
            for c in v {
                if let Some(h) = eval(c, doc) {
                    any = true;
                    all.extend(h);
                }
            }
            any.then_some(all)
        }
        NNode::Not(c) => match eval(c, doc) {
            Some(_) => None,
            None => Some(Vec::new()),
        },
        NNode::Near { left, right, kind } => {
            let l = eval(left, doc)?;
            let r = eval(right, doc)?;
            let mut out = Vec::new();
            for &a in &l {
                for &b in &r {
                    if a.0 != b.0 {
                        continue;
                    }
                    let (lo, hi) = if a.1 <= b.1 { (a.2, b.1) } else { (b.2, a.1) };
                    let between = text_of(doc, a.0).get(lo.min(hi)..hi.max(lo)).unwrap_or("");
                    let ok = match kind {
                        NearKind::Words(n) => between.len() <= *n as usize * 8,
                        NearKind::Ordered(n) => a.2 <= b.1 && between.len() <= *n as usize * 8,
                        NearKind::Sentence => !between.contains(['.', '!', '?', '\n']),
                        NearKind::Paragraph => !between.contains('\n'),
                    };
                    if ok {
                        out.push(a);
                        out.push(b);
                    }
                }
            }
            (!out.is_empty()).then_some(out)
        }
    }
}
