//! Article metadata from the raw sources the DOM walk collected.
//!
//! Each field has an ordered list of sources, most reliable first: JSON-LD (the publisher's
//! structured statement), OpenGraph / `<meta>` tags, then visible markup (`<h1>`, `<time>`,
//! `.byline`). Values are cleaned (no "By", no " | Site" suffix) and dates normalised to UTC.

use super::dom::RawMeta;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::Value;

/// Longest string kept for a title or byline; longer values are markup mistakes.
const MAX_FIELD_CHARS: usize = 300;
/// JSON-LD values visited per page, bounding work on hostile graphs.
const MAX_JSON_NODES: usize = 10_000;

#[derive(Debug, Default, Clone)]
pub(crate) struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
    pub article_body: Option<String>,
}

/// The JSON-LD facts we use, from the first article-like object (or any object as fallback).
#[derive(Debug, Default)]
struct LdFacts {
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    body: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
    url: Option<String>,
}

pub(crate) fn build(raw: &RawMeta, page_url: Option<&url::Url>) -> Metadata {
    let ld = json_ld_facts(&raw.json_ld);
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            raw.metas
                .iter()
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(_, v)| super::body::collapse(v))
        })
    };

    let site_name = meta(&["og:site_name", "application-name"])
        .or_else(|| ld.publisher.clone())
        .map(|s| clip(&s))
        .filter(|s| !s.is_empty());

    let title = meta(&["og:title", "twitter:title"])
        .or_else(|| ld.headline.clone())
        .or_else(|| raw.h1.as_deref().map(super::body::collapse))
        .or_else(|| raw.title.as_deref().map(super::body::collapse))
        .map(|t| clean_title(&t, site_name.as_deref()))
        .filter(|t| !t.is_empty());

    let byline = (!ld.authors.is_empty())
        .then(|| ld.authors.join(", "))
        .or_else(|| {
            meta(&[
                "author",
                "article:author",
                "byl",
                "dc.creator",
                "parsely-author",
                "sailthru.author",
            ])
            .filter(|a| !looks_like_url(a))
        })
        .or_else(|| raw.byline_class.as_deref().map(super::body::collapse))
        .map(|b| clean_byline(&b))
        .filter(|b| !b.is_empty());

    let published = ld
        .published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| {
            [
                "article:published_time",
                "og:published_time",
                "datepublished",
                "published_time",
                "publish-date",
                "publishdate",
                "pubdate",
                "publication_date",
                "date",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "dcterms.date",
                "sailthru.date",
                "parsely-pub-date",
                "article.published",
                "datecreated",
            ]
            .iter()
            .find_map(|k| {
                raw.metas
                    .iter()
                    .filter(|(key, _)| key == k)
                    .find_map(|(_, v)| parse_date(v))
            })
        })
        .or_else(|| raw.time_datetime.as_deref().and_then(parse_date));

    let language = raw
        .html_lang
        .as_deref()
        .and_then(normalise_lang)
        .or_else(|| meta(&["og:locale"]).as_deref().and_then(normalise_lang))
        .or_else(|| {
            meta(&["content-language", "language", "dc.language"])
                .as_deref()
                .and_then(normalise_lang)
        })
        .or_else(|| ld.language.as_deref().and_then(normalise_lang));

    let canonical_url = raw
        .canonical
        .as_deref()
        .and_then(|h| resolve(h, page_url))
        .or_else(|| {
            meta(&["og:url"])
                .as_deref()
                .and_then(|h| resolve(h, page_url))
        })
        .or_else(|| ld.url.as_deref().and_then(|h| resolve(h, page_url)));

    Metadata {
        title,
        byline,
        published,
        language,
        canonical_url,
        site_name,
        article_body: ld.body,
    }
}

fn clip(s: &str) -> String {
    s.chars()
        .take(MAX_FIELD_CHARS)
        .collect::<String>()
        .trim()
        .to_string()
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("//")
        || s.starts_with('/')
}

fn resolve(href: &str, base: Option<&url::Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let parsed = match base {
        Some(b) => b.join(href).ok(),
        None => url::Url::parse(href).ok(),
    }?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// "en-US" / "en_GB" / "EN" -> "en"; rejects values that are not language tags.
fn normalise_lang(s: &str) -> Option<String> {
    let primary = s
        .trim()
        .split(['-', '_', ',', ';'])
        .next()?
        .trim()
        .to_ascii_lowercase();
    (primary.len() >= 2 && primary.len() <= 3 && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then_some(primary)
}

/// Removes a trailing or leading " | Site" style part from a title.
pub(crate) fn clean_title(title: &str, site: Option<&str>) -> String {
    let title = clip(&super::body::collapse(title));
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · ", " « ", " » "] {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        let (first, last) = match (parts.first(), parts.last()) {
            (Some(f), Some(l)) => (*f, *l),
            _ => continue,
        };
        let is_site = |p: &str| {
            site.is_some_and(|s| {
                let (p, s) = (p.trim().to_lowercase(), s.trim().to_lowercase());
                p == s
                    || p.replace(' ', "") == s.replace(' ', "")
                    || s.contains(&p)
                    || p.contains(&s)
            })
        };
        if is_site(last) {
            return parts
                .get(..parts.len() - 1)
                .unwrap_or(&[])
                .join(sep)
                .trim()
                .to_string();
        }
        if is_site(first) {
            return parts.get(1..).unwrap_or(&[]).join(sep).trim().to_string();
        }
        // Without a known site name, a short final part after " | " is a site name.
        if sep == " | "
            && last.split_whitespace().count() <= 4
            && first.split_whitespace().count() >= 3
        {
            return parts
                .get(..parts.len() - 1)
                .unwrap_or(&[])
                .join(sep)
                .trim()
                .to_string();
        }
    }
    title
}

/// Names only: no leading "By", no trailing role or date, authors separated by ", ".
pub(crate) fn clean_byline(s: &str) -> String {
    let mut b = super::body::collapse(s);
    loop {
        let lower = b.to_lowercase();
        let stripped = [
            "by:",
            "by ",
            "written by ",
            "words by ",
            "reporting by ",
            "von ",
            "par ",
            "por ",
        ]
        .iter()
        .find(|p| lower.starts_with(*p))
        .and_then(|p| b.get(p.len()..))
        .map(|r| r.trim_start().to_string());
        match stripped {
            Some(r) if r != b => b = r,
            _ => break,
        }
    }
    // A byline box often continues with a date or a role after a separator.
    for sep in [
        " | ",
        " • ",
        " · ",
        "\u{2014}",
        " - ",
        "Updated",
        "Published",
        "Posted",
    ] {
        if let Some(pos) = b.find(sep)
            && pos > 0
        {
            b.truncate(pos);
        }
    }
    let b = b.trim().trim_end_matches([',', ';', ':']).trim();
    let b = b.replace(" and ", ", ").replace(" & ", ", ");
    let b = clip(&b);
    // A byline is a few names, not a sentence.
    if b.split_whitespace().count() > 20 {
        String::new()
    } else {
        b
    }
}

/// Parses the date formats publishers put in metadata, as UTC.
pub(crate) fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d.with_timezone(&Utc));
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    // Naive times carry no zone: UTC is the only assumption that needs no clock or locale.
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    let day = s.get(..10).unwrap_or(s);
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(day, fmt) {
            return d.and_hms_opt(0, 0, 0).map(|t| Utc.from_utc_datetime(&t));
        }
    }
    None
}

fn json_ld_facts(scripts: &[String]) -> LdFacts {
    let mut article: Option<LdFacts> = None;
    let mut any = LdFacts::default();
    let mut budget = MAX_JSON_NODES;
    for script in scripts {
        // Some CMSs wrap JSON-LD in CDATA or HTML comments.
        let text = script
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>")
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        // Iterative walk over objects and arrays, including @graph.
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            match v {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(g) = map.get("@graph") {
                        stack.push(g);
                    }
                    if article.is_none() && is_article_type(map.get("@type")) {
                        article = Some(facts_of(map));
                    } else if any.headline.is_none() && any.published.is_none() {
                        let f = facts_of(map);
                        if f.headline.is_some() || f.published.is_some() {
                            any = f;
                        }
                    }
                    if let Some(main) = map.get("mainEntity") {
                        stack.push(main);
                    }
                }
                _ => {}
            }
        }
    }
    article.unwrap_or(any)
}

fn is_article_type(t: Option<&Value>) -> bool {
    let check = |s: &str| {
        s.contains("Article")
            || s.contains("BlogPosting")
            || s.contains("LiveBlog")
            || s == "Report"
    };
    match t {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str().is_some_and(check)),
        _ => false,
    }
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Object(o) => str_of(o.get("name")).or_else(|| str_of(o.get("@value"))),
        _ => None,
    }
}

fn facts_of(map: &serde_json::Map<String, Value>) -> LdFacts {
    let mut authors = Vec::new();
    let mut push_author = |v: &Value| {
        if let Some(n) = str_of(Some(v))
            && !looks_like_url(&n)
            && !authors.contains(&n)
        {
            authors.push(n);
        }
    };
    match map.get("author").or_else(|| map.get("creator")) {
        Some(Value::Array(a)) => a.iter().for_each(&mut push_author),
        Some(v) => push_author(v),
        None => {}
    }
    LdFacts {
        headline: str_of(map.get("headline")).or_else(|| str_of(map.get("name"))),
        authors,
        published: str_of(map.get("datePublished")).or_else(|| str_of(map.get("dateCreated"))),
        body: str_of(map.get("articleBody")).or_else(|| str_of(map.get("text"))),
        publisher: map.get("publisher").and_then(|p| str_of(Some(p))),
        language: str_of(map.get("inLanguage")),
        url: str_of(map.get("url")).or_else(|| {
            map.get("mainEntityOfPage")
                .and_then(|m| m.get("@id").and_then(Value::as_str).map(str::to_string))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ArticleExtractor, ExtractedArticle};
    use chrono::{TimeZone, Utc};

    fn meta(head: &str, body: &str) -> ExtractedArticle {
        let html = format!(
            "<html><head>{head}</head><body>{body}<p>Body text long enough, with a comma, to count as a paragraph of the story.</p></body></html>"
        );
        ArticleExtractor::new().extract(&html, None)
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Option<chrono::DateTime<Utc>> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single()
    }

    #[test]
    fn title_prefers_og_then_json_ld_then_h1_then_title() {
        let og =
            r#"<meta property="og:title" content="OG headline"><title>Doc title | Site</title>"#;
        assert_eq!(
            meta(og, "<h1>H1</h1>").title.as_deref(),
            Some("OG headline")
        );
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"LD headline"}</script><title>T</title>"#;
        assert_eq!(
            meta(ld, "<h1>H1</h1>").title.as_deref(),
            Some("LD headline")
        );
        assert_eq!(
            meta("<title>T</title>", "<h1>Heading one</h1>")
                .title
                .as_deref(),
            Some("Heading one")
        );
        assert_eq!(
            meta(
                "<title>Storm hits the coast overnight | The Daily Paper</title>",
                ""
            )
            .title
            .as_deref(),
            Some("Storm hits the coast overnight")
        );
    }

    #[test]
    fn title_site_suffix_removed_with_known_site_name() {
        let head = r#"<meta property="og:site_name" content="Daily Paper"><meta property="og:title" content="Storm hits - Daily Paper">"#;
        assert_eq!(meta(head, "").title.as_deref(), Some("Storm hits"));
        assert_eq!(
            super::clean_title("Daily Paper :: Storm hits", Some("Daily Paper")),
            "Storm hits"
        );
    }

    #[test]
    fn byline_from_json_ld_authors_is_names_only() {
        let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chen"}]}]}</script>"#;
        assert_eq!(meta(head, "").byline.as_deref(), Some("Ann Lee, Bo Chen"));
    }

    #[test]
    fn byline_from_meta_author_skips_urls() {
        assert_eq!(
            meta(r#"<meta name="author" content="By Jane Roe">"#, "")
                .byline
                .as_deref(),
            Some("Jane Roe")
        );
        let url_only = r#"<meta property="article:author" content="https://facebook.com/someone">"#;
        assert_eq!(meta(url_only, "").byline, None);
    }

    #[test]
    fn byline_from_markup_strips_by_and_dates() {
        let a = meta(
            "",
            r#"<p class="byline">By Sam Smith | Published March 3, 2024</p>"#,
        );
        assert_eq!(a.byline.as_deref(), Some("Sam Smith"));
        let a = meta(
            "",
            r#"<span>Written by <a rel="author" href="/sam">Sam Smith</a></span>"#,
        );
        assert_eq!(a.byline.as_deref(), Some("Sam Smith"));
        assert_eq!(
            super::clean_byline("BY: Ann Lee and Bo Chen"),
            "Ann Lee, Bo Chen"
        );
    }

    #[test]
    fn published_from_each_source_in_order() {
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-09T12:00:00+02:00"}</script><meta property="article:published_time" content="2020-01-01T00:00:00Z">"#;
        assert_eq!(meta(ld, "").published, utc(2024, 3, 9, 10, 0));
        let og = r#"<meta property="article:published_time" content="2024-03-09T12:00:00Z">"#;
        assert_eq!(meta(og, "").published, utc(2024, 3, 9, 12, 0));
        let m = r#"<meta name="pubdate" content="2024-03-09 08:30:00">"#;
        assert_eq!(meta(m, "").published, utc(2024, 3, 9, 8, 30));
        let itemprop = r#"<meta itemprop="datePublished" content="2024-03-09">"#;
        assert_eq!(meta(itemprop, "").published, utc(2024, 3, 9, 0, 0));
        let time = r#"<time datetime="2024-03-09T12:00:00-05:00">March 9</time>"#;
        assert_eq!(meta("", time).published, utc(2024, 3, 9, 17, 0));
        assert_eq!(
            meta(r#"<meta name="date" content="not a date">"#, "").published,
            None
        );
    }

    #[test]
    fn date_formats() {
        assert_eq!(
            super::parse_date("2024-03-09T12:00:00+0000"),
            utc(2024, 3, 9, 12, 0)
        );
        assert_eq!(
            super::parse_date("Sat, 09 Mar 2024 12:00:00 GMT"),
            utc(2024, 3, 9, 12, 0)
        );
        assert_eq!(
            super::parse_date("2024-03-09T12:00:00.123Z").map(|d| d.timestamp()),
            utc(2024, 3, 9, 12, 0).map(|d| d.timestamp())
        );
        assert_eq!(super::parse_date(""), None);
    }

    #[test]
    fn canonical_from_link_then_og_url_resolved_against_page() {
        let base = url::Url::parse("https://example.org/news/a?utm=1").ok();
        let html =
            r#"<html><head><link rel="canonical" href="/news/a"></head><body></body></html>"#;
        let a = ArticleExtractor::new().extract(html, base.as_ref());
        assert_eq!(
            a.canonical_url.as_deref(),
            Some("https://example.org/news/a")
        );
        let a = meta(
            r#"<meta property="og:url" content="https://example.org/x">"#,
            "",
        );
        assert_eq!(a.canonical_url.as_deref(), Some("https://example.org/x"));
        // A relative link without a page URL cannot be made absolute.
        assert_eq!(
            meta(r#"<link rel="canonical" href="/rel">"#, "").canonical_url,
            None
        );
        assert_eq!(
            meta(r#"<link rel="canonical" href="javascript:alert(1)">"#, "").canonical_url,
            None
        );
    }

    #[test]
    fn language_from_html_lang_og_locale_and_content_language() {
        let html = r#"<html lang="fr-CA"><body></body></html>"#;
        assert_eq!(
            ArticleExtractor::new()
                .extract(html, None)
                .language
                .as_deref(),
            Some("fr")
        );
        assert_eq!(
            meta(r#"<meta property="og:locale" content="de_DE">"#, "")
                .language
                .as_deref(),
            Some("de")
        );
        assert_eq!(
            meta(r#"<meta http-equiv="content-language" content="es">"#, "")
                .language
                .as_deref(),
            Some("es")
        );
        assert_eq!(
            meta(
                r#"<meta http-equiv="content-language" content="12345">"#,
                ""
            )
            .language,
            None
        );
    }

    #[test]
    fn hostile_json_ld_is_ignored() {
        let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
        let head = format!(
            r#"<script type="application/ld+json">{deep}</script><script type="application/ld+json">{{"@type":"Article","headline":</script>"#
        );
        let a = meta(&head, "<h1>Fallback</h1>");
        assert_eq!(a.title.as_deref(), Some("Fallback"));
    }
}
