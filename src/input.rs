//! The inputs of the analyst commands (`extract`, `quotes`, `feed`, `match`): a file (`.html`,
//! `.html.gz`, `.txt`, a feed), standard input (`-`) or an `http(s)://` URL fetched with the
//! daemon's own client. Reading is bounded like the daemon's fetches.

use std::io::Read;
use std::path::Path;

use crate::fetch::{FetchOutcome, FetchSettings, Fetcher, Validators};

/// Inputs larger than this are refused (the daemon's default article cap is far below).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Text,
    /// Anything else (feeds, unknown extensions): the command decides.
    Other,
}

#[derive(Debug)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    pub url: Option<String>,
    pub kind: Kind,
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}: {source}")]
    Io {
        name: String,
        source: std::io::Error,
    },
    #[error("{name}: larger than {MAX_INPUT_BYTES} bytes")]
    TooLarge { name: String },
    #[error("{name}: {source}")]
    Fetch {
        name: String,
        source: crate::fetch::FetchError,
    },
}

pub async fn read(spec: &str, settings: &FetchSettings) -> Result<Input, InputError> {
    if spec.starts_with("http://") || spec.starts_with("https://") {
        let fetcher = Fetcher::trusted(settings.clone()).map_err(|source| InputError::Fetch {
            name: spec.to_string(),
            source,
        })?;
        return match fetcher.get(spec, &Validators::default()).await {
            Ok(FetchOutcome::Body(b)) => {
                let kind = match b.content_type.as_deref() {
                    Some(ct) if ct.contains("html") => Kind::Html,
                    Some(ct) if ct.starts_with("text/plain") => Kind::Text,
                    _ => Kind::Other,
                };
                Ok(Input {
                    name: spec.to_string(),
                    bytes: b.body,
                    content_type: b.content_type,
                    url: Some(b.final_url.to_string()),
                    kind,
                })
            }
            Ok(FetchOutcome::NotModified { .. }) => Err(InputError::Fetch {
                name: spec.to_string(),
                source: crate::fetch::FetchError::Http("unexpected 304".into()),
            }),
            Err(source) => Err(InputError::Fetch {
                name: spec.to_string(),
                source,
            }),
        };
    }
    let spec_owned = spec.to_string();
    tokio::task::spawn_blocking(move || read_local(&spec_owned))
        .await
        .map_err(|e| InputError::Io {
            name: spec.to_string(),
            source: std::io::Error::other(e.to_string()),
        })?
}

fn read_local(spec: &str) -> Result<Input, InputError> {
    let io = |source| InputError::Io {
        name: spec.to_string(),
        source,
    };
    let mut raw = Vec::new();
    if spec == "-" {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut raw)
            .map_err(io)?;
    } else {
        std::fs::File::open(spec)
            .map_err(io)?
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut raw)
            .map_err(io)?;
    }
    let lower = spec.to_ascii_lowercase();
    let (bytes, inner) = if lower.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(io)?;
        (out, lower.trim_end_matches(".gz").to_string())
    } else {
        (raw, lower)
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            name: spec.to_string(),
        });
    }
    let ext = Path::new(&inner)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let kind = match ext {
        "html" | "htm" | "xhtml" => Kind::Html,
        "txt" | "text" => Kind::Text,
        _ if spec == "-" && looks_like_html(&bytes) => Kind::Html,
        _ if spec == "-" => Kind::Text,
        _ => Kind::Other,
    };
    Ok(Input {
        name: spec.to_string(),
        bytes,
        content_type: None,
        url: None,
        kind,
    })
}

fn looks_like_html(b: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&b[..b.len().min(1024)]).to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<!doctype html")
        || head.contains("<body")
        || head.contains("<p>")
}
