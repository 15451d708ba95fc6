//! The topic query language: lexer, recursive-descent parser and the validated AST that both the
//! compiled [`super::TopicMatcher`] and the reference evaluator work from. Errors carry the
//! 1-based column (in characters) and what was expected, so config loading can point at them.

use super::text::tokenize;
use std::fmt;

/// Deepest nesting of groups and operators a query may have: keeps parsing and evaluation
/// recursion bounded whatever the input.
const MAX_DEPTH: usize = 64;
/// Longest accepted query, in characters.
const MAX_QUERY_CHARS: usize = 20_000;
/// Largest NEAR distance or phrase slop.
const MAX_DISTANCE: u32 = 1_000;

/// A query that does not parse: where and what was expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message} at column {column}")]
pub struct QueryError {
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

fn err<T>(column: usize, message: impl Into<String>) -> Result<T, QueryError> {
    Err(QueryError {
        column,
        message: message.into(),
    })
}

/// Which text of the document a word or phrase is looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Scope {
    /// Title and body (no field given).
    Any,
    Title,
    /// The first paragraph of the body.
    Lead,
    Feed,
    Author,
}

/// How one query word meets a document word.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum WordSpec {
    /// Same stem (normalized word as written in the query).
    Stem(String),
    /// Same normalized word.
    Exact(String),
    /// Glob over the normalized word.
    Wild(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NearKind {
    /// Within n words, either order.
    Words(u32),
    /// Within n words, left operand first.
    Ordered(u32),
    Sentence,
    Paragraph,
}

/// Document-level predicates without positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Meta {
    /// Host equals this or is a subdomain of it (lowercase, no "www.").
    Site(String),
    /// Language tag: "en" matches "en" and "en-GB"; "pt-br" matches only "pt-BR".
    Lang(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Word {
        word: WordSpec,
        scope: Scope,
        /// The term as the user wrote it, for explanations.
        display: String,
    },
    Phrase {
        words: Vec<WordSpec>,
        slop: u32,
        scope: Scope,
        display: String,
    },
    Meta(Meta),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Near {
        left: Box<Node>,
        right: Box<Node>,
        kind: NearKind,
    },
}

/// A parsed, validated topic query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub(crate) root: Node,
    source: String,
}

impl Query {
    /// Parses a query; the error says at which column and what was expected.
    pub fn parse(src: &str) -> Result<Query, QueryError> {
        if src.chars().count() > MAX_QUERY_CHARS {
            return err(MAX_QUERY_CHARS, "query too long");
        }
        let toks = lex(src)?;
        let mut p = Parser {
            toks,
            pos: 0,
            end_col: src.chars().count() + 1,
        };
        if p.toks.is_empty() {
            return err(1, "empty query: expected a term, phrase or group");
        }
        let root = p.parse_or(0)?;
        if let Some(t) = p.peek() {
            return match t.kind {
                TokKind::RParen => err(t.col, "unbalanced parenthesis"),
                _ => err(t.col, "expected an operator or the end of the query"),
            };
        }
        Ok(Query {
            root,
            source: src.to_string(),
        })
    }

    /// The query text as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl std::str::FromStr for Query {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Query::parse(s)
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum TokKind {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Minus,
    Near(NearKind),
    /// `title:` and friends; `site:`/`lang:` carry their value.
    Field(Scope),
    Meta(Meta),
    Word {
        text: String,
        exact: bool,
    },
    Phrase {
        text: String,
        slop: u32,
    },
}

#[derive(Debug, Clone)]
struct Tok {
    kind: TokKind,
    col: usize,
}

fn lex(src: &str) -> Result<Vec<Tok>, QueryError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0usize;
    let is_break =
        |c: char| c.is_whitespace() || c == '(' || c == ')' || c == '"' || c == '“' || c == '”';
    while let Some(&c) = chars.get(i) {
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                out.push(Tok {
                    kind: TokKind::LParen,
                    col,
                });
                i += 1;
            }
            ')' => {
                out.push(Tok {
                    kind: TokKind::RParen,
                    col,
                });
                i += 1;
            }
            '"' | '“' | '”' => {
                let close = chars
                    .iter()
                    .skip(i + 1)
                    .position(|&q| q == '"' || q == '”' || q == '“')
                    .map(|p| p + i + 1);
                let Some(close) = close else {
                    return err(col, "unterminated phrase: expected a closing quote");
                };
                let text: String = chars.get(i + 1..close).unwrap_or(&[]).iter().collect();
                i = close + 1;
                let mut slop = 0;
                if chars.get(i) == Some(&'~') {
                    let tilde_col = i + 1;
                    i += 1;
                    let start = i;
                    while chars.get(i).is_some_and(|d| d.is_ascii_digit()) {
                        i += 1;
                    }
                    let digits: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                    slop = match digits.parse::<u32>() {
                        Ok(n) if n <= MAX_DISTANCE => n,
                        Ok(_) => {
                            return err(
                                tilde_col,
                                format!("slop too large (at most {MAX_DISTANCE})"),
                            );
                        }
                        Err(_) => return err(tilde_col, "~ needs a number"),
                    };
                }
                out.push(Tok {
                    kind: TokKind::Phrase { text, slop },
                    col,
                });
            }
            '-' if chars
                .get(i + 1)
                .is_some_and(|&n| !is_break(n) || n == '(' || n == '"' || n == '“') =>
            {
                out.push(Tok {
                    kind: TokKind::Minus,
                    col,
                });
                i += 1;
            }
            _ => {
                let start = i;
                while chars.get(i).is_some_and(|&w| !is_break(w)) {
                    // A field name ends at its colon; the rest is the field's operand.
                    if chars.get(i) == Some(&':') && i > start {
                        break;
                    }
                    i += 1;
                }
                let word: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                if chars.get(i) == Some(&':') && word.chars().all(|w| w.is_ascii_alphabetic()) {
                    i += 1;
                    let scope = match word.to_ascii_lowercase().as_str() {
                        "title" => Scope::Title,
                        "lead" => Scope::Lead,
                        "feed" => Scope::Feed,
                        "author" => Scope::Author,
                        f @ ("site" | "lang") => {
                            let vstart = i;
                            while chars.get(i).is_some_and(|&w| !is_break(w)) {
                                i += 1;
                            }
                            let value: String =
                                chars.get(vstart..i).unwrap_or(&[]).iter().collect();
                            let value = value.trim_end_matches('/').to_lowercase();
                            if f == "site" {
                                let host = value
                                    .trim_start_matches("https://")
                                    .trim_start_matches("http://")
                                    .trim_start_matches("www.")
                                    .to_string();
                                if host.is_empty() || host.contains('/') {
                                    return err(
                                        vstart + 1,
                                        "site: needs a host name, e.g. site:reuters.com",
                                    );
                                }
                                out.push(Tok {
                                    kind: TokKind::Meta(Meta::Site(host)),
                                    col,
                                });
                            } else {
                                if value.is_empty()
                                    || !value
                                        .chars()
                                        .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_')
                                {
                                    return err(
                                        vstart + 1,
                                        "lang: needs a language code, e.g. lang:en",
                                    );
                                }
                                out.push(Tok {
                                    kind: TokKind::Meta(Meta::Lang(value.replace('_', "-"))),
                                    col,
                                });
                            }
                            continue;
                        }
                        _ => {
                            return err(
                                col,
                                format!(
                                    "unknown field '{word}:' (expected title:, lead:, site:, feed:, author: or lang:)"
                                ),
                            );
                        }
                    };
                    if chars.get(i).is_none_or(|&n| n.is_whitespace()) {
                        return err(i + 1, format!("{word}: needs a term, phrase or group"));
                    }
                    out.push(Tok {
                        kind: TokKind::Field(scope),
                        col,
                    });
                    continue;
                }
                if chars.get(i) == Some(&':') {
                    // A colon inside a word ("10:30"): part of the word.
                    i += 1;
                    while chars.get(i).is_some_and(|&w| !is_break(w)) {
                        i += 1;
                    }
                }
                let word: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                let kind = match word.as_str() {
                    "AND" => TokKind::And,
                    "OR" => TokKind::Or,
                    "NOT" => TokKind::Not,
                    w if w == "NEAR" || w.starts_with("NEAR/") => match w.strip_prefix("NEAR/") {
                        Some("s") | Some("S") => TokKind::Near(NearKind::Sentence),
                        Some("p") | Some("P") => TokKind::Near(NearKind::Paragraph),
                        Some(n) => TokKind::Near(NearKind::Words(near_number(n, col, "NEAR")?)),
                        None => return err(col, "NEAR needs a number"),
                    },
                    w if w == "ONEAR" || w.starts_with("ONEAR/") => {
                        match w.strip_prefix("ONEAR/") {
                            Some(n) => {
                                TokKind::Near(NearKind::Ordered(near_number(n, col, "ONEAR")?))
                            }
                            None => return err(col, "ONEAR needs a number"),
                        }
                    }
                    w => match w.strip_prefix('=') {
                        Some(rest) => TokKind::Word {
                            text: rest.to_string(),
                            exact: true,
                        },
                        None => TokKind::Word {
                            text: w.to_string(),
                            exact: false,
                        },
                    },
                };
                out.push(Tok { kind, col });
            }
        }
    }
    Ok(out)
}

fn near_number(n: &str, col: usize, op: &str) -> Result<u32, QueryError> {
    match n.parse::<u32>() {
        Ok(v) if v <= MAX_DISTANCE => Ok(v),
        Ok(_) => err(
            col,
            format!("{op} distance too large (at most {MAX_DISTANCE})"),
        ),
        Err(_) => err(col, format!("{op} needs a number")),
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    end_col: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next_col(&self) -> usize {
        self.peek().map_or(self.end_col, |t| t.col)
    }

    fn parse_or(&mut self, depth: usize) -> Result<Node, QueryError> {
        if depth > MAX_DEPTH {
            return err(self.next_col(), "query nested too deeply");
        }
        let mut items = vec![self.parse_and(depth)?];
        while let Some(t) = self.peek() {
            if t.kind != TokKind::Or {
                break;
            }
            let col = t.col;
            self.pos += 1;
            items.push(self.parse_and_after(depth, col, "OR")?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn parse_and_after(
        &mut self,
        depth: usize,
        _op_col: usize,
        op: &str,
    ) -> Result<Node, QueryError> {
        if !self.starts_operand() {
            return err(
                self.next_col(),
                format!("expected a term, phrase or group after {op}"),
            );
        }
        self.parse_and(depth)
    }

    fn starts_operand(&self) -> bool {
        matches!(
            self.peek().map(|t| &t.kind),
            Some(
                TokKind::Word { .. }
                    | TokKind::Phrase { .. }
                    | TokKind::LParen
                    | TokKind::Field(_)
                    | TokKind::Meta(_)
                    | TokKind::Not
                    | TokKind::Minus
            )
        )
    }

    fn parse_and(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut items = vec![self.parse_near(depth)?];
        loop {
            match self.peek().map(|t| (&t.kind, t.col)) {
                Some((TokKind::And, col)) => {
                    self.pos += 1;
                    if !self.starts_operand() {
                        return err(
                            self.next_col(),
                            "expected a term, phrase or group after AND",
                        );
                    }
                    let _ = col;
                    items.push(self.parse_near(depth)?);
                }
                _ if self.starts_operand() => items.push(self.parse_near(depth)?),
                _ => break,
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }

    fn parse_near(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut left = self.parse_unary(depth)?;
        while let Some(Tok {
            kind: TokKind::Near(kind),
            col,
        }) = self.peek().cloned()
        {
            self.pos += 1;
            let name = if matches!(kind, NearKind::Ordered(_)) {
                "ONEAR"
            } else {
                "NEAR"
            };
            if !self.starts_operand() {
                return err(
                    self.next_col(),
                    format!("expected a term, phrase or group after {name}"),
                );
            }
            let right = self.parse_unary(depth)?;
            for side in [&left, &right] {
                if !positional(side) {
                    return err(
                        col,
                        format!(
                            "{name} needs words, phrases or groups on both sides (not NOT, site: or lang:)"
                        ),
                    );
                }
            }
            left = Node::Near {
                left: Box::new(left),
                right: Box::new(right),
                kind,
            };
        }
        Ok(left)
    }

    fn parse_unary(&mut self, depth: usize) -> Result<Node, QueryError> {
        if depth > MAX_DEPTH {
            return err(self.next_col(), "query nested too deeply");
        }
        match self.peek().map(|t| t.kind.clone()) {
            Some(TokKind::Not) | Some(TokKind::Minus) => {
                let op = if self.peek().is_some_and(|t| t.kind == TokKind::Not) {
                    "NOT"
                } else {
                    "-"
                };
                self.pos += 1;
                if !self.starts_operand() {
                    return err(
                        self.next_col(),
                        format!("expected a term, phrase or group after {op}"),
                    );
                }
                Ok(Node::Not(Box::new(self.parse_unary(depth + 1)?)))
            }
            _ => self.parse_primary(depth, Scope::Any),
        }
    }

    fn parse_primary(&mut self, depth: usize, scope: Scope) -> Result<Node, QueryError> {
        let Some(tok) = self.peek().cloned() else {
            return err(self.end_col, "expected a term, phrase or group");
        };
        self.pos += 1;
        match tok.kind {
            TokKind::LParen => {
                if self.peek().is_some_and(|t| t.kind == TokKind::RParen) {
                    return err(
                        tok.col,
                        "empty group: expected a term, phrase or group inside ( )",
                    );
                }
                let inner = self.parse_or(depth + 1)?;
                match self.peek() {
                    Some(t) if t.kind == TokKind::RParen => {
                        self.pos += 1;
                        Ok(with_scope(inner, scope))
                    }
                    _ => err(tok.col, "unbalanced parenthesis"),
                }
            }
            TokKind::Field(s) => {
                if !matches!(
                    self.peek().map(|t| &t.kind),
                    Some(TokKind::Word { .. } | TokKind::Phrase { .. } | TokKind::LParen)
                ) {
                    return err(
                        self.next_col(),
                        "expected a term, phrase or group after the field",
                    );
                }
                self.parse_primary(depth + 1, s)
            }
            TokKind::Meta(m) => Ok(Node::Meta(m)),
            TokKind::Word { text, exact } => word_node(&text, exact, scope, tok.col),
            TokKind::Phrase { text, slop } => phrase_node(&text, slop, scope, tok.col),
            TokKind::RParen => err(tok.col, "unbalanced parenthesis"),
            TokKind::And | TokKind::Or => err(
                tok.col,
                "expected a term, phrase or group before the operator",
            ),
            TokKind::Near(_) => err(tok.col, "expected a term, phrase or group before NEAR"),
            TokKind::Not | TokKind::Minus => err(tok.col, "expected a term, phrase or group"),
        }
    }
}

/// Whether a node has word positions (NEAR operands need them).
fn positional(n: &Node) -> bool {
    match n {
        Node::Word { .. } | Node::Phrase { .. } | Node::Near { .. } => true,
        Node::Meta(_) | Node::Not(_) => false,
        Node::Or(items) => items.iter().all(positional),
        Node::And(items) => items.iter().any(positional),
    }
}

/// A field prefix on a group applies to every word inside that has no field of its own.
fn with_scope(n: Node, scope: Scope) -> Node {
    if scope == Scope::Any {
        return n;
    }
    match n {
        Node::Word {
            word,
            scope: Scope::Any,
            display,
        } => Node::Word {
            word,
            scope,
            display,
        },
        Node::Phrase {
            words,
            slop,
            scope: Scope::Any,
            display,
        } => Node::Phrase {
            words,
            slop,
            scope,
            display,
        },
        Node::And(v) => Node::And(v.into_iter().map(|c| with_scope(c, scope)).collect()),
        Node::Or(v) => Node::Or(v.into_iter().map(|c| with_scope(c, scope)).collect()),
        Node::Not(c) => Node::Not(Box::new(with_scope(*c, scope))),
        Node::Near { left, right, kind } => Node::Near {
            left: Box::new(with_scope(*left, scope)),
            right: Box::new(with_scope(*right, scope)),
            kind,
        },
        other => other,
    }
}

/// The words of one whitespace-free query piece ("cease-fire" gives two).
fn piece_words(piece: &str, exact: bool, col: usize) -> Result<Vec<WordSpec>, QueryError> {
    let toks = tokenize(piece, true);
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let w = toks.norm(i).to_string();
        if w.contains('*') || w.contains('?') {
            if let Some(star) = w.find('*') {
                let before = w.get(..star).unwrap_or("");
                if before.chars().filter(|c| *c != '?').count() < 3 {
                    return err(col, "wildcard needs at least 3 letters before *");
                }
            }
            if w.chars().all(|c| c == '?' || c == '*') {
                return err(col, "wildcard needs letters");
            }
            out.push(WordSpec::Wild(w));
        } else if exact {
            out.push(WordSpec::Exact(w));
        } else {
            out.push(WordSpec::Stem(w));
        }
    }
    Ok(out)
}

fn joinable(words: &[WordSpec]) -> Option<WordSpec> {
    let mut joined = String::new();
    let mut exact = false;
    for w in words {
        match w {
            WordSpec::Stem(s) => joined.push_str(s),
            WordSpec::Exact(s) => {
                exact = true;
                joined.push_str(s)
            }
            WordSpec::Wild(_) => return None,
        }
    }
    Some(if exact {
        WordSpec::Exact(joined)
    } else {
        WordSpec::Stem(joined)
    })
}

fn word_node(text: &str, exact: bool, scope: Scope, col: usize) -> Result<Node, QueryError> {
    let words = piece_words(text, exact, col)?;
    let display = if exact {
        format!("={text}")
    } else {
        text.to_string()
    };
    match words.len() {
        0 => err(col, "expected a word (letters or digits)"),
        1 => Ok(Node::Word {
            word: words.into_iter().next().ok_or(QueryError {
                column: col,
                message: "expected a word".into(),
            })?,
            scope,
            display,
        }),
        _ => {
            // "cease-fire" meets "cease-fire", "cease fire" and "ceasefire".
            let joined = joinable(&words);
            let phrase = Node::Phrase {
                words,
                slop: 0,
                scope,
                display: display.clone(),
            };
            Ok(match joined {
                Some(j) => Node::Or(vec![
                    phrase,
                    Node::Word {
                        word: j,
                        scope,
                        display,
                    },
                ]),
                None => phrase,
            })
        }
    }
}

fn phrase_node(text: &str, slop: u32, scope: Scope, col: usize) -> Result<Node, QueryError> {
    let mut words = Vec::new();
    for piece in text.split_whitespace() {
        let (exact, piece) = match piece.strip_prefix('=') {
            Some(p) => (true, p),
            None => (false, piece),
        };
        words.extend(piece_words(piece, exact, col)?);
    }
    let display = if slop > 0 {
        format!("\"{text}\"~{slop}")
    } else {
        format!("\"{text}\"")
    };
    if words.is_empty() {
        return err(col, "empty phrase: expected words between the quotes");
    }
    if words.len() == 1 {
        let word = words.into_iter().next().ok_or(QueryError {
            column: col,
            message: "empty phrase".into(),
        })?;
        return Ok(Node::Word {
            word,
            scope,
            display,
        });
    }
    if words.len() == 2 && slop == 0 {
        // A two-word phrase also meets its joined form: "cease fire" ~ "ceasefire".
        if let Some(j) = joinable(&words) {
            return Ok(Node::Or(vec![
                Node::Phrase {
                    words,
                    slop,
                    scope,
                    display: display.clone(),
                },
                Node::Word {
                    word: j,
                    scope,
                    display,
                },
            ]));
        }
    }
    Ok(Node::Phrase {
        words,
        slop,
        scope,
        display,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(q: &str) -> (usize, String) {
        match Query::parse(q) {
            Ok(_) => (0, "parsed".into()),
            Err(e) => (e.column, e.message),
        }
    }

    #[test]
    fn precedence_not_near_and_or() {
        let q = Query::parse("a b OR c NOT d").map(|q| q.root);
        let w = |s: &str| Node::Word {
            word: WordSpec::Stem(s.into()),
            scope: Scope::Any,
            display: s.into(),
        };
        assert_eq!(
            q,
            Ok(Node::Or(vec![
                Node::And(vec![w("a"), w("b")]),
                Node::And(vec![w("c"), Node::Not(Box::new(w("d")))]),
            ]))
        );
    }

    #[test]
    fn error_messages_carry_columns() {
        assert_eq!(e("(hostage OR talks"), (1, "unbalanced parenthesis".into()));
        assert_eq!(
            e("hostage OR talks)"),
            (17, "unbalanced parenthesis".into())
        );
        assert_eq!(e("hostage NEAR/x talks"), (9, "NEAR needs a number".into()));
        assert_eq!(e("hostage NEAR talks"), (9, "NEAR needs a number".into()));
        assert_eq!(e("a ONEAR/ b"), (3, "ONEAR needs a number".into()));
        assert_eq!(
            e("\"white house"),
            (1, "unterminated phrase: expected a closing quote".into())
        );
        assert_eq!(
            e("ne*"),
            (1, "wildcard needs at least 3 letters before *".into())
        );
        assert_eq!(
            e("a AND"),
            (6, "expected a term, phrase or group after AND".into())
        );
        assert_eq!(
            e("a OR"),
            (5, "expected a term, phrase or group after OR".into())
        );
        assert_eq!(
            e(""),
            (1, "empty query: expected a term, phrase or group".into())
        );
        assert_eq!(
            e("a ()"),
            (
                3,
                "empty group: expected a term, phrase or group inside ( )".into()
            )
        );
        assert_eq!(
            e("foo:bar"),
            (
                1,
                "unknown field 'foo:' (expected title:, lead:, site:, feed:, author: or lang:)"
                    .into()
            )
        );
        assert_eq!(e("\"a b\"~x"), (6, "~ needs a number".into()));
        assert_eq!(
            e("\"\""),
            (1, "empty phrase: expected words between the quotes".into())
        );
        assert_eq!(
            e("a NEAR/5 NOT b"),
            (
                3,
                "NEAR needs words, phrases or groups on both sides (not NOT, site: or lang:)"
                    .into()
            )
        );
        assert_eq!(
            e("OR a"),
            (
                1,
                "expected a term, phrase or group before the operator".into()
            )
        );
        assert_eq!(
            e("site: x"),
            (6, "site: needs a host name, e.g. site:reuters.com".into())
        );
        assert_eq!(
            e("title: x"),
            (7, "title: needs a term, phrase or group".into())
        );
        assert_eq!(e(&"(".repeat(100)), (66, "query nested too deeply".into()));
    }

    #[test]
    fn error_display_matches_contract() {
        let msg = Query::parse("(a OR (b AND c)")
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert_eq!(msg, Err("unbalanced parenthesis at column 1".to_string()));
        let q: Result<Query, _> = "hostage NEAR/x talks".parse();
        assert_eq!(
            q.map(|_| ()).map_err(|e| e.to_string()),
            Err("NEAR needs a number at column 9".into())
        );
    }

    #[test]
    fn hyphenated_terms_become_phrase_or_joined() {
        let q = Query::parse("cease-fire").map(|q| q.root);
        assert!(matches!(q, Ok(Node::Or(ref v)) if v.len() == 2));
    }
}
