//! JSON Feed quirks. feed-rs deserializes JSON Feed into strict types, so one wrong type in one
//! item (a numeric `id`, `"tags": "a,b"`, an `http://` version URL, an author given as a string)
//! loses the whole feed. After such a failure the document is normalized here as a
//! `serde_json::Value` and handed back to feed-rs.

use serde_json::{Map, Value};

/// Rewrites a JSON Feed into the shape feed-rs accepts. `None` when it is not JSON at all.
pub(super) fn normalize(text: &str) -> Option<(String, Vec<String>)> {
    let mut repairs = Vec::new();
    let mut root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(_) => {
            // Junk around the object (a JSONP wrapper, a PHP notice): keep the outer braces.
            let start = text.find('{')?;
            let end = text.rfind('}')?;
            let v = serde_json::from_str(text.get(start..=end)?).ok()?;
            repairs.push("removed text around the JSON object".to_owned());
            v
        }
    };
    let obj = root.as_object_mut()?;
    let mut note = |r: &str| {
        if !repairs.iter().any(|x| x == r) {
            repairs.push(r.to_owned());
        }
    };

    let version_ok = obj
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/1"));
    if !version_ok {
        let v = obj
            .get("version")
            .and_then(Value::as_str)
            .filter(|v| v.contains("jsonfeed.org/version/1.1"))
            .map_or(
                "https://jsonfeed.org/version/1",
                |_| "https://jsonfeed.org/version/1.1",
            );
        obj.insert("version".into(), Value::String(v.into()));
        note("fixed the JSON Feed version URL");
    }
    if !obj.get("title").is_some_and(Value::is_string) {
        let t = obj.get("title").map(to_text).unwrap_or_default();
        obj.insert("title".into(), Value::String(t));
        note("fixed a missing or non-string JSON Feed title");
    }
    for key in [
        "home_page_url",
        "feed_url",
        "description",
        "icon",
        "favicon",
        "language",
    ] {
        if obj.get(key).is_some_and(|v| !v.is_string()) {
            obj.remove(key);
            note("dropped non-string JSON Feed fields");
        }
    }
    fix_authors(obj, &mut note);
    match obj.get_mut("items") {
        Some(Value::Array(items)) => {
            items.retain(|i| {
                let keep = i.is_object();
                if !keep {
                    note("dropped JSON Feed items that are not objects");
                }
                keep
            });
            for item in items.iter_mut() {
                if let Value::Object(item) = item {
                    fix_item(item, &mut note);
                }
            }
        }
        _ => {
            obj.insert("items".into(), Value::Array(Vec::new()));
            note("added a missing JSON Feed items array");
        }
    }
    let out = serde_json::to_string(&root).ok()?;
    Some((out, repairs))
}

fn to_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn fix_item(item: &mut Map<String, Value>, note: &mut impl FnMut(&str)) {
    match item.get("id") {
        Some(Value::Number(n)) => {
            let s = n.to_string();
            item.insert("id".into(), Value::String(s));
            note("turned numeric JSON Feed ids into strings");
        }
        Some(Value::String(_)) | None => {}
        Some(_) => {
            item.remove("id");
            note("dropped invalid JSON Feed ids");
        }
    }
    for key in [
        "url",
        "external_url",
        "title",
        "content_html",
        "content_text",
        "summary",
        "date_published",
        "date_modified",
        "image",
        "banner_image",
    ] {
        match item.get(key) {
            Some(Value::String(_)) | None => {}
            Some(Value::Null) => {
                item.remove(key);
            }
            Some(Value::Number(n)) => {
                let s = n.to_string();
                item.insert(key.into(), Value::String(s));
                note("turned non-string JSON Feed item fields into strings");
            }
            Some(_) => {
                item.remove(key);
                note("dropped non-string JSON Feed item fields");
            }
        }
    }
    match item.get("tags") {
        Some(Value::String(s)) => {
            let tags = s
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| Value::String(t.to_owned()))
                .collect();
            item.insert("tags".into(), Value::Array(tags));
            note("split JSON Feed tags given as a string");
        }
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => {}
        Some(Value::Array(a)) => {
            let tags = a
                .iter()
                .filter(|t| !t.is_null())
                .map(|t| Value::String(to_text(t)))
                .collect();
            item.insert("tags".into(), Value::Array(tags));
            note("turned non-string JSON Feed tags into strings");
        }
        None => {}
        Some(_) => {
            item.remove("tags");
            note("dropped invalid JSON Feed tags");
        }
    }
    if let Some(att) = item.get_mut("attachments") {
        match att {
            Value::Array(list) => {
                let before = list.len();
                list.retain(|a| {
                    a.get("url").is_some_and(Value::is_string)
                        && a.get("mime_type").is_some_and(Value::is_string)
                });
                if list.len() != before {
                    note("dropped JSON Feed attachments without url or mime_type");
                }
            }
            _ => {
                item.remove("attachments");
                note("dropped invalid JSON Feed attachments");
            }
        }
    }
    fix_authors(item, note);
}

/// `author`/`authors` given as strings or with wrong types become `{"name": …}` objects.
fn fix_authors(obj: &mut Map<String, Value>, note: &mut impl FnMut(&str)) {
    if let Some(a) = obj.get("author").cloned() {
        match a {
            Value::Object(_) => {}
            Value::String(s) => {
                obj.insert("author".into(), name_obj(&s));
                note("turned JSON Feed authors given as strings into objects");
            }
            _ => {
                obj.remove("author");
                note("dropped invalid JSON Feed authors");
            }
        }
    }
    if let Some(list) = obj.get("authors").cloned() {
        let fixed: Vec<Value> = match &list {
            Value::Array(a) => a
                .iter()
                .cloned()
                .filter_map(|v| match v {
                    Value::Object(_) => Some(v),
                    Value::String(s) => Some(name_obj(&s)),
                    _ => None,
                })
                .collect(),
            Value::Object(_) => vec![list.clone()],
            Value::String(s) => vec![name_obj(s)],
            _ => Vec::new(),
        };
        if Value::Array(fixed.clone()) != list {
            note("turned JSON Feed authors given as strings into objects");
            obj.insert("authors".into(), Value::Array(fixed));
        }
    }
    for key in ["author", "authors"] {
        let fix_person = |p: &mut Value| {
            if let Value::Object(m) = p {
                for f in ["name", "url", "avatar"] {
                    if m.get(f).is_some_and(|v| !v.is_string()) {
                        m.remove(f);
                    }
                }
            }
        };
        match obj.get_mut(key) {
            Some(Value::Array(a)) => a.iter_mut().for_each(fix_person),
            Some(p) => fix_person(p),
            None => {}
        }
    }
}

fn name_obj(s: &str) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), Value::String(s.to_owned()));
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quirks_are_normalized() {
        let doc = r#"{"version":"http://jsonfeed.org/version/1","title":"T",
            "items":[{"id":7,"title":"A","tags":"a, b","author":"Jo"}]}"#;
        let (out, r) = normalize(doc).unwrap_or_default();
        let v: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
        assert_eq!(v["version"], "https://jsonfeed.org/version/1");
        assert_eq!(v["items"][0]["id"], "7");
        assert_eq!(v["items"][0]["tags"], serde_json::json!(["a", "b"]));
        assert_eq!(v["items"][0]["author"]["name"], "Jo");
        assert_eq!(r.len(), 4, "{r:?}");
    }

    #[test]
    fn not_json_is_none() {
        assert!(normalize("<rss/>").is_none());
    }
}
