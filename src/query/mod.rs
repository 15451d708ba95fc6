//! Topic queries: the boolean/proximity query language analysts write topics in (see
//! `docs/query-language.md` and DESIGN.md "Topic query language"), and the [`TopicMatcher`] that
//! compiles all topics together so an article is tokenized and looked up once, whatever the number
//! of topics. Pure functions of their input: no I/O, no clock.
//!
//! Layout: [`text`] tokenizes and normalizes (shared by queries and articles), [`parse`] turns a
//! query into a validated AST, [`matcher`] compiles the topics and evaluates them over posting
//! lists, [`snippet`] picks the densest passage, [`naive`] is the one-regex-set-per-topic reference
//! the benchmark compares against, and `reference` (tests only) is a plain recursive evaluator the
//! property test checks the compiled matcher against.

mod matcher;
pub mod naive;
mod parse;
#[cfg(test)]
mod reference;
mod snippet;
mod text;

pub use matcher::TopicMatcher;
pub use parse::{Query, QueryError};

/// What the matcher sees of an article. Offsets reported for body hits are Unicode code-point
/// offsets into `body` (the article text: paragraphs joined by "\n\n").
#[derive(Debug, Clone, Copy, Default)]
pub struct Document<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub url: Option<&'a str>,
    pub feed: Option<&'a str>,
    pub author: Option<&'a str>,
    pub language: Option<&'a str>,
}

/// One topic that matched an article, with the explanation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TopicMatch {
    pub name: String,
    /// The matched query terms and where, in field order then text order.
    pub terms: Vec<TermHit>,
    /// The body passage with the densest matched terms (a substring of the body).
    pub snippet: String,
    /// Code-point ranges of the matched terms inside `snippet`, end-exclusive.
    pub highlights: Vec<(usize, usize)>,
}

/// One occurrence of a query term in the article.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TermHit {
    /// The query term as written, e.g. "negotiat*" or "\"white house\"".
    pub term: String,
    /// "title", "body", "feed" or "author" (a `lead:` hit is in "body").
    pub field: String,
    /// Code points into that field's text, end-exclusive.
    pub start: usize,
    pub end: usize,
}

#[cfg(test)]
mod tests;
