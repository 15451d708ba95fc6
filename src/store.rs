//! The embedded database: every row the daemon must not lose, and all of newswatch's SQL.
//!
//! SQLite in WAL mode under `state_dir`. The schema evolves by numbered migrations recorded in
//! `PRAGMA user_version`. Every multi-row change is one transaction, and the order of writes is
//! chosen so a kill at any instant resumes cleanly:
//!
//! * a poll stores its new entries as `pending` in the same transaction as the feed's new ETag, so a
//!   304 after a crash can never hide an entry that was never processed;
//! * an article, its matches and its quotes are written with the entry's `done` mark in one
//!   transaction, so nothing is half-stored and nothing is stored twice;
//! * a digest is rendered once into the outbox together with the recipient's cursor, then marked
//!   sent only after the mail server accepted it.
//!
//! The API is synchronous; async callers run it with `spawn_blocking` (see [`crate::db`]).
//! Keeping all SQL here is what lets a PostgreSQL backend follow later.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};

use crate::query::TopicMatch;
use crate::quotes::Quote;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the state directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("database error while {context}: {source}")]
    Sql {
        context: &'static str,
        source: rusqlite::Error,
    },
    #[error("a database task failed: {0}")]
    TaskFailed(String),
    #[error(
        "the database was written by a newer newswatch (schema {found}, this build knows {known})"
    )]
    TooNew { found: i64, known: i64 },
}

type Result<T> = std::result::Result<T, StoreError>;

trait Ctx<T> {
    fn ctx(self, context: &'static str) -> Result<T>;
}
impl<T> Ctx<T> for std::result::Result<T, rusqlite::Error> {
    fn ctx(self, context: &'static str) -> Result<T> {
        self.map_err(|source| StoreError::Sql { context, source })
    }
}

const MIGRATIONS: &[&str] = &[
    // 1: the pipeline
    r#"
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,          -- as configured
        name TEXT NOT NULL,
        fetch_url TEXT,                     -- after a permanent redirect
        etag TEXT,
        last_modified TEXT,
        format TEXT,
        title TEXT,
        last_polled_at INTEGER,
        last_success_at INTEGER,
        last_status INTEGER,
        last_error TEXT,
        last_error_at INTEGER,
        failing_since INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        next_poll_at INTEGER,
        repairs TEXT,                       -- JSON array of the last parse's repairs
        entries_seen INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds(id),
        entry_key TEXT NOT NULL,
        title TEXT,
        link TEXT,
        published INTEGER,
        summary TEXT,
        content_html TEXT,
        authors TEXT,
        state TEXT NOT NULL,                -- pending | done | old
        state_reason TEXT,
        first_seen INTEGER NOT NULL,
        article_id INTEGER,
        UNIQUE (feed_id, entry_key)
    );
    CREATE INDEX entries_pending ON entries(state) WHERE state = 'pending';
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL UNIQUE REFERENCES entries(id),
        feed_id INTEGER NOT NULL REFERENCES feeds(id),
        url TEXT,
        canonical_url TEXT,
        title TEXT NOT NULL,
        byline TEXT,
        published INTEGER,
        language TEXT,
        text TEXT NOT NULL,
        paragraphs TEXT NOT NULL,           -- JSON array
        source TEXT NOT NULL,               -- page | feed-content | feed-summary | title-only
        fallback_reason TEXT,
        fetched_at INTEGER NOT NULL
    );
    CREATE TABLE matches (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        topic TEXT NOT NULL,
        terms TEXT NOT NULL,                -- JSON
        snippet TEXT NOT NULL,
        highlights TEXT NOT NULL,           -- JSON
        matched_at INTEGER NOT NULL,
        UNIQUE (article_id, topic)
    );
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        speaker TEXT,
        role TEXT,
        cue TEXT,
        partial INTEGER NOT NULL,
        UNIQUE (article_id, idx)
    );
    "#,
    // 2: delivery
    r#"
    CREATE TABLE recipients (
        email TEXT PRIMARY KEY,
        match_cursor INTEGER NOT NULL DEFAULT 0,   -- matches up to this id are in a digest
        last_slot INTEGER                          -- the schedule slot last digested (unix seconds)
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        recipient TEXT NOT NULL,
        kind TEXT NOT NULL,                 -- digest | alert | test
        slot INTEGER NOT NULL,              -- digest: schedule slot; alert: match id
        message_id TEXT NOT NULL UNIQUE,
        subject TEXT NOT NULL,
        message BLOB NOT NULL,              -- the whole RFC 5322 message, rendered once
        state TEXT NOT NULL,                -- pending | sent | failed
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        UNIQUE (recipient, kind, slot)
    );
    "#,
    // 3: immediate alerts have their own cursor, so they never consume the daily digest's
    r#"
    ALTER TABLE recipients ADD COLUMN alert_cursor INTEGER;
    "#,
    // 4: feeds that keep failing for good are disabled, with the reason kept
    r#"
    ALTER TABLE feeds ADD COLUMN permanent_failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feeds ADD COLUMN disabled_reason TEXT;
    "#,
    // 5: the poll interval learned from a feed's publishing rate
    r#"
    ALTER TABLE feeds ADD COLUMN learned_interval INTEGER;
    "#,
    // 6: a feed's pending entries without scanning everyone's: at ten thousand feeds the
    // pending set of a first cycle is tens of thousands of rows, and every feed asks for its own
    r#"
    CREATE INDEX entries_pending_by_feed ON entries(feed_id, id) WHERE state = 'pending';
    "#,
];

/// A feed's row: its HTTP state and health.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FeedRow {
    pub id: i64,
    pub url: String,
    pub name: String,
    pub fetch_url: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub format: Option<String>,
    pub last_polled_at: Option<i64>,
    pub last_success_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    pub failing_since: Option<i64>,
    pub consecutive_failures: i64,
    pub next_poll_at: Option<i64>,
    pub repairs: Vec<String>,
    pub entries_seen: i64,
    pub permanent_failures: i64,
    /// Set when the feed was disabled after a streak of permanent errors.
    pub disabled_reason: Option<String>,
    /// Seconds between polls learned from the feed's publishing rate, when known.
    pub learned_interval: Option<i64>,
}

/// An entry as the feed gave it, about to be recorded.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub key: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub published: Option<i64>,
    pub summary: Option<String>,
    pub content_html: Option<String>,
    pub authors: Vec<String>,
    /// Older than `max_age`: recorded as seen, never fetched nor matched.
    pub too_old: bool,
}

/// An entry waiting for its article to be fetched and processed.
#[derive(Debug, Clone)]
pub struct PendingEntry {
    pub id: i64,
    pub feed_id: i64,
    pub feed_name: String,
    pub feed_url: String,
    pub key: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub published: Option<i64>,
    pub summary: Option<String>,
    pub content_html: Option<String>,
    pub authors: Vec<String>,
}

/// The processed article, ready to be stored with its matches and quotes.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<i64>,
    pub language: Option<String>,
    pub paragraphs: Vec<String>,
    pub source: &'static str,
    pub fallback_reason: Option<String>,
}

/// A failed poll, as recorded.
#[derive(Debug, Clone, Default)]
pub struct PollFailure {
    pub status: Option<u16>,
    pub error: String,
    pub repairs: Vec<String>,
    pub next_poll_at: i64,
    /// Not worth retrying as is (404, 410, 401, 403, an HTML page with no feed): counts towards
    /// disabling the feed.
    pub permanent: bool,
}

/// What a poll learned, recorded in one transaction.
#[derive(Debug, Clone, Default)]
pub struct PollSuccess {
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub fetch_url: Option<String>,
    pub format: Option<String>,
    pub title: Option<String>,
    pub repairs: Vec<String>,
    pub next_poll_at: i64,
    pub learned_interval: Option<i64>,
}

/// A stored match joined with its article, for digests.
#[derive(Debug, Clone)]
pub struct DigestRow {
    pub match_id: i64,
    pub topic: String,
    pub snippet: String,
    pub highlights: Vec<(usize, usize)>,
    pub terms: serde_json::Value,
    pub article_id: i64,
    pub title: String,
    pub url: String,
    pub feed_name: String,
    pub published: Option<i64>,
    pub fetched_at: i64,
    pub text: String,
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct OutboxRow {
    pub id: i64,
    pub recipient: String,
    pub kind: String,
    pub slot: i64,
    pub message_id: String,
    pub subject: String,
    #[serde(skip)]
    pub message: Vec<u8>,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// A rendered message to queue atomically with the recipient's new cursor.
#[derive(Debug, Clone)]
pub struct QueuedMessage {
    pub recipient: String,
    pub kind: &'static str,
    pub slot: i64,
    pub message_id: String,
    pub subject: String,
    pub message: Vec<u8>,
}

pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Store {
    /// Opens (creating when needed) `newswatch.db` under `state_dir` and brings its schema up to date.
    pub fn open(state_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(state_dir).map_err(|source| StoreError::CreateDir {
            path: state_dir.to_path_buf(),
            source,
        })?;
        let path = state_dir.join("newswatch.db");
        let conn = Connection::open(&path).map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        // NORMAL in WAL mode keeps every committed transaction across a process kill; only a
        // power loss can take back the last commits, which the next poll refetches.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        let store = Store {
            conn: Mutex::new(conn),
            path,
        };
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions roll
        // back on drop), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn migrate(&self) -> Result<()> {
        let mut conn = self.conn();
        let known = MIGRATIONS.len() as i64;
        loop {
            // IMMEDIATE takes the write lock before the version is read, so two processes opening
            // a new database at once apply each migration exactly once.
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .ctx("starting a migration")?;
            let version: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .ctx("reading the schema version")?;
            if version > known {
                return Err(StoreError::TooNew {
                    found: version,
                    known,
                });
            }
            let Some(sql) = MIGRATIONS.get(version as usize) else {
                return Ok(());
            };
            tx.execute_batch(sql).ctx("applying a migration")?;
            tx.pragma_update(None, "user_version", version + 1)
                .ctx("recording the schema version")?;
            tx.commit().ctx("committing a migration")?;
        }
    }

    // ---------------------------------------------------------------- feeds

    /// Makes sure a configured feed has a row; returns it.
    pub fn ensure_feed(&self, url: &str, name: &str) -> Result<FeedRow> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO feeds (url, name) VALUES (?1, ?2)
             ON CONFLICT(url) DO UPDATE SET name = excluded.name",
            params![url, name],
        )
        .ctx("registering a feed")?;
        drop(conn);
        self.feed_by_url(url)?.ok_or(StoreError::Sql {
            context: "reading a feed just registered",
            source: rusqlite::Error::QueryReturnedNoRows,
        })
    }

    pub fn feed_by_url(&self, url: &str) -> Result<Option<FeedRow>> {
        let conn = self.conn();
        conn.query_row(
            &format!("{FEED_SELECT} WHERE url = ?1"),
            params![url],
            feed_from_row,
        )
        .optional()
        .ctx("reading a feed")
    }

    pub fn feeds(&self) -> Result<Vec<FeedRow>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!("{FEED_SELECT} ORDER BY id"))
            .ctx("listing feeds")?;
        let rows = stmt
            .query_map([], feed_from_row)
            .ctx("listing feeds")?
            .collect::<std::result::Result<Vec<_>, _>>()
            .ctx("listing feeds")?;
        Ok(rows)
    }

    /// Records a successful poll and its new entries in one transaction; returns how many entries
    /// were new (already-seen entries are ignored, so re-polls never duplicate).
    pub fn record_poll_success(
        &self,
        feed_id: i64,
        poll: &PollSuccess,
        entries: &[NewEntry],
    ) -> Result<usize> {
        let now = now_unix();
        let mut conn = self.conn();
        let tx = conn.transaction().ctx("starting a poll record")?;
        let mut new = 0;
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO entries
                     (feed_id, entry_key, title, link, published, summary, content_html, authors, state, state_reason, first_seen)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .ctx("preparing entry insert")?;
            for e in entries {
                let (state, reason) = if e.too_old {
                    ("old", Some("older than max_age"))
                } else {
                    ("pending", None)
                };
                new += ins
                    .execute(params![
                        feed_id,
                        e.key,
                        e.title,
                        e.link,
                        e.published,
                        e.summary,
                        e.content_html,
                        serde_json::to_string(&e.authors).unwrap_or_else(|_| "[]".into()),
                        state,
                        reason,
                        now
                    ])
                    .ctx("inserting an entry")?;
            }
        }
        tx.execute(
            "UPDATE feeds SET etag = ?2, last_modified = ?3, fetch_url = COALESCE(?4, fetch_url),
                format = COALESCE(?5, format), title = COALESCE(?6, title), repairs = ?7,
                last_polled_at = ?8, last_success_at = ?8, last_status = ?9,
                consecutive_failures = 0, permanent_failures = 0, failing_since = NULL, next_poll_at = ?10,
                entries_seen = entries_seen + ?11, learned_interval = COALESCE(?12, learned_interval)
             WHERE id = ?1",
            params![
                feed_id,
                poll.etag,
                poll.last_modified,
                poll.fetch_url,
                poll.format,
                poll.title,
                serde_json::to_string(&poll.repairs).unwrap_or_else(|_| "[]".into()),
                now,
                poll.status,
                poll.next_poll_at,
                new as i64,
                poll.learned_interval
            ],
        )
        .ctx("updating a feed after a poll")?;
        tx.commit().ctx("committing a poll")?;
        Ok(new)
    }

    /// A 304: the feed is healthy and unchanged.
    pub fn record_not_modified(&self, feed_id: i64, next_poll_at: i64) -> Result<()> {
        let now = now_unix();
        self.conn()
            .execute(
                "UPDATE feeds SET last_polled_at = ?2, last_success_at = ?2, last_status = 304,
                    consecutive_failures = 0, permanent_failures = 0, failing_since = NULL, next_poll_at = ?3 WHERE id = ?1",
                params![feed_id, now, next_poll_at],
            )
            .ctx("recording a 304")?;
        Ok(())
    }

    /// A failed poll: the error goes into the feed's health, the backoff into `next_poll_at`.
    /// A streak of `disable_after` permanent errors (0: never) disables the feed, with the
    /// reason kept. Returns the feed's row as it now stands.
    pub fn record_poll_failure(
        &self,
        feed_id: i64,
        failure: &PollFailure,
        disable_after: i64,
    ) -> Result<FeedRow> {
        let now = now_unix();
        let mut conn = self.conn();
        let tx = conn.transaction().ctx("starting a failure record")?;
        tx.execute(
            "UPDATE feeds SET last_polled_at = ?2, last_status = ?3, last_error = ?4, last_error_at = ?2,
                failing_since = COALESCE(failing_since, ?2), consecutive_failures = consecutive_failures + 1,
                permanent_failures = CASE WHEN ?7 THEN permanent_failures + 1 ELSE 0 END,
                next_poll_at = ?5, repairs = ?6 WHERE id = ?1",
            params![
                feed_id,
                now,
                failure.status,
                failure.error,
                failure.next_poll_at,
                serde_json::to_string(&failure.repairs).unwrap_or_else(|_| "[]".into()),
                failure.permanent
            ],
        )
        .ctx("recording a poll failure")?;
        if disable_after > 0 {
            tx.execute(
                "UPDATE feeds SET disabled_reason = 'disabled after ' || permanent_failures ||
                    ' permanent errors in a row; last: ' || ?2, next_poll_at = NULL
                 WHERE id = ?1 AND permanent_failures >= ?3 AND disabled_reason IS NULL",
                params![feed_id, failure.error, disable_after],
            )
            .ctx("disabling a feed")?;
        }
        let row = tx
            .query_row(
                &format!("{FEED_SELECT} WHERE id = ?1"),
                params![feed_id],
                feed_from_row,
            )
            .ctx("reading a feed after a failure")?;
        tx.commit().ctx("committing a failure record")?;
        Ok(row)
    }

    /// Clears a feed's disabled state (the operator fixed it); returns whether it was disabled.
    pub fn enable_feed(&self, url: &str) -> Result<bool> {
        let n = self
            .conn()
            .execute(
                "UPDATE feeds SET disabled_reason = NULL, permanent_failures = 0, next_poll_at = NULL
                 WHERE url = ?1 AND disabled_reason IS NOT NULL",
                params![url],
            )
            .ctx("enabling a feed")?;
        Ok(n > 0)
    }

    /// Updates the URL a feed is fetched from after a permanent redirect.
    pub fn set_fetch_url(&self, feed_id: i64, url: &str) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE feeds SET fetch_url = ?2 WHERE id = ?1",
                params![feed_id, url],
            )
            .ctx("recording a permanent redirect")?;
        Ok(())
    }

    // ---------------------------------------------------------------- entries and articles

    /// Entries recorded but not yet processed (after a crash, these are resumed).
    pub fn pending_entries(&self, feed_id: Option<i64>, limit: usize) -> Result<Vec<PendingEntry>> {
        let conn = self.conn();
        // Two statements rather than `?1 IS NULL OR feed_id = ?1`, which SQLite cannot answer
        // from the per-feed index.
        const COLUMNS: &str = "SELECT e.id, e.feed_id, f.name, f.url, e.entry_key, e.title, e.link,
                                      e.published, e.summary, e.content_html, e.authors
                               FROM entries e JOIN feeds f ON f.id = e.feed_id";
        let sql = match feed_id {
            Some(_) => format!(
                "{COLUMNS} WHERE e.state = 'pending' AND e.feed_id = ?1 ORDER BY e.id LIMIT ?2"
            ),
            None => {
                format!("{COLUMNS} WHERE e.state = 'pending' AND ?1 IS NULL ORDER BY e.id LIMIT ?2")
            }
        };
        let mut stmt = conn.prepare_cached(&sql).ctx("listing pending entries")?;
        let rows = stmt
            .query_map(params![feed_id, limit as i64], |r| {
                let authors: Option<String> = r.get(10)?;
                Ok(PendingEntry {
                    id: r.get(0)?,
                    feed_id: r.get(1)?,
                    feed_name: r.get(2)?,
                    feed_url: r.get(3)?,
                    key: r.get(4)?,
                    title: r.get(5)?,
                    link: r.get(6)?,
                    published: r.get(7)?,
                    summary: r.get(8)?,
                    content_html: r.get(9)?,
                    authors: authors
                        .and_then(|a| serde_json::from_str(&a).ok())
                        .unwrap_or_default(),
                })
            })
            .ctx("listing pending entries")?
            .collect::<std::result::Result<Vec<_>, _>>()
            .ctx("listing pending entries")?;
        Ok(rows)
    }

    /// Stores an article with its matches and quotes and marks its entry done, atomically.
    /// Returns the article id and the ids of the new matches.
    pub fn store_article(
        &self,
        entry_id: i64,
        feed_id: i64,
        article: &NewArticle,
        matches: &[TopicMatch],
        quotes: &[Quote],
    ) -> Result<(i64, Vec<(i64, String)>)> {
        let now = now_unix();
        let mut conn = self.conn();
        let tx = conn.transaction().ctx("starting an article record")?;
        let text = article.paragraphs.join("\n\n");
        tx.execute(
            "INSERT INTO articles (entry_id, feed_id, url, canonical_url, title, byline, published,
                language, text, paragraphs, source, fallback_reason, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                entry_id,
                feed_id,
                article.url,
                article.canonical_url,
                article.title,
                article.byline,
                article.published,
                article.language,
                text,
                serde_json::to_string(&article.paragraphs).unwrap_or_else(|_| "[]".into()),
                article.source,
                article.fallback_reason,
                now
            ],
        )
        .ctx("inserting an article")?;
        let article_id = tx.last_insert_rowid();
        let mut match_ids = Vec::new();
        for m in matches {
            tx.execute(
                "INSERT INTO matches (article_id, topic, terms, snippet, highlights, matched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    article_id,
                    m.name,
                    serde_json::to_string(&m.terms).unwrap_or_else(|_| "[]".into()),
                    m.snippet,
                    serde_json::to_string(&m.highlights).unwrap_or_else(|_| "[]".into()),
                    now
                ],
            )
            .ctx("inserting a match")?;
            match_ids.push((tx.last_insert_rowid(), m.name.clone()));
        }
        for (i, q) in quotes.iter().enumerate() {
            tx.execute(
                "INSERT INTO quotes (article_id, idx, text, start, end, paragraph, speaker, role, cue, partial)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    article_id,
                    i as i64,
                    q.text,
                    q.start as i64,
                    q.end as i64,
                    q.paragraph as i64,
                    q.speaker,
                    q.role,
                    q.cue,
                    q.partial
                ],
            )
            .ctx("inserting a quote")?;
        }
        tx.execute(
            "UPDATE entries SET state = 'done', state_reason = ?2, article_id = ?3 WHERE id = ?1",
            params![entry_id, article.fallback_reason, article_id],
        )
        .ctx("marking an entry done")?;
        tx.commit().ctx("committing an article")?;
        Ok((article_id, match_ids))
    }

    pub fn quotes_of(&self, article_id: i64) -> Result<Vec<Quote>> {
        let conn = self.conn();
        quotes_of(&conn, article_id)
    }

    /// Counts for tests, `status` and metrics.
    pub fn counts(&self) -> Result<Counts> {
        let conn = self.conn();
        let one = |sql: &str| -> Result<i64> {
            conn.query_row(sql, [], |r| r.get(0)).ctx("counting rows")
        };
        Ok(Counts {
            feeds: one("SELECT COUNT(*) FROM feeds")?,
            entries: one("SELECT COUNT(*) FROM entries")?,
            pending: one("SELECT COUNT(*) FROM entries WHERE state = 'pending'")?,
            articles: one("SELECT COUNT(*) FROM articles")?,
            matches: one("SELECT COUNT(*) FROM matches")?,
            quotes: one("SELECT COUNT(*) FROM quotes")?,
            outbox_pending: one("SELECT COUNT(*) FROM outbox WHERE state = 'pending'")?,
            outbox_sent: one("SELECT COUNT(*) FROM outbox WHERE state = 'sent'")?,
            outbox_failed: one("SELECT COUNT(*) FROM outbox WHERE state = 'failed'")?,
        })
    }

    // ---------------------------------------------------------------- digests and outbox

    /// The recipient's cursor and last digested slot.
    pub fn recipient_state(&self, email: &str) -> Result<(i64, Option<i64>)> {
        let conn = self.conn();
        conn.execute(
            "INSERT OR IGNORE INTO recipients (email) VALUES (?1)",
            params![email],
        )
        .ctx("registering a recipient")?;
        conn.query_row(
            "SELECT match_cursor, last_slot FROM recipients WHERE email = ?1",
            params![email],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ctx("reading a recipient")
    }

    /// Matches after `cursor` for these topics, with their articles and quotes.
    pub fn digest_rows(&self, cursor: i64, topics: &[String]) -> Result<Vec<DigestRow>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(
                "SELECT m.id, m.topic, m.snippet, m.highlights, m.terms, a.id, a.title,
                        COALESCE(a.url, ''), f.name, a.published, a.fetched_at, a.text
                 FROM matches m JOIN articles a ON a.id = m.article_id JOIN feeds f ON f.id = a.feed_id
                 WHERE m.id > ?1 ORDER BY m.id",
            )
            .ctx("selecting digest matches")?;
        let mut rows = stmt
            .query_map(params![cursor], |r| {
                let hl: String = r.get(3)?;
                let terms: String = r.get(4)?;
                Ok(DigestRow {
                    match_id: r.get(0)?,
                    topic: r.get(1)?,
                    snippet: r.get(2)?,
                    highlights: serde_json::from_str(&hl).unwrap_or_default(),
                    terms: serde_json::from_str(&terms).unwrap_or(serde_json::Value::Null),
                    article_id: r.get(5)?,
                    title: r.get(6)?,
                    url: r.get(7)?,
                    feed_name: r.get(8)?,
                    published: r.get(9)?,
                    fetched_at: r.get(10)?,
                    text: r.get(11)?,
                    quotes: Vec::new(),
                })
            })
            .ctx("selecting digest matches")?
            .collect::<std::result::Result<Vec<_>, _>>()
            .ctx("selecting digest matches")?;
        rows.retain(|r| topics.contains(&r.topic));
        for r in &mut rows {
            r.quotes = quotes_of(&conn, r.article_id)?;
        }
        Ok(rows)
    }

    pub fn max_match_id(&self) -> Result<i64> {
        self.conn()
            .query_row("SELECT COALESCE(MAX(id), 0) FROM matches", [], |r| r.get(0))
            .ctx("reading the last match")
    }

    /// The recipient's alert cursor, initialised to the newest match on first use so that a new
    /// alert topic does not fire for everything already stored.
    pub fn alert_cursor(&self, email: &str) -> Result<i64> {
        let conn = self.conn();
        conn.execute(
            "INSERT OR IGNORE INTO recipients (email) VALUES (?1)",
            params![email],
        )
        .ctx("registering a recipient")?;
        conn.execute(
            "UPDATE recipients SET alert_cursor = (SELECT COALESCE(MAX(id), 0) FROM matches)
             WHERE email = ?1 AND alert_cursor IS NULL",
            params![email],
        )
        .ctx("initialising an alert cursor")?;
        conn.query_row(
            "SELECT alert_cursor FROM recipients WHERE email = ?1",
            params![email],
            |r| r.get(0),
        )
        .ctx("reading an alert cursor")
    }

    /// Queues an alert (slot = the match id) and advances the alert cursor in one transaction.
    pub fn queue_alert(&self, msg: &QueuedMessage) -> Result<bool> {
        let now = now_unix();
        let mut conn = self.conn();
        let tx = conn.transaction().ctx("starting to queue an alert")?;
        let inserted = tx
            .execute(
                "INSERT OR IGNORE INTO outbox (recipient, kind, slot, message_id, subject, message, state, next_attempt_at, created_at)
                 VALUES (?1, 'alert', ?2, ?3, ?4, ?5, 'pending', ?6, ?6)",
                params![msg.recipient, msg.slot, msg.message_id, msg.subject, msg.message, now],
            )
            .ctx("queueing an alert")?;
        tx.execute(
            "UPDATE recipients SET alert_cursor = MAX(COALESCE(alert_cursor, 0), ?2) WHERE email = ?1",
            params![msg.recipient, msg.slot],
        )
        .ctx("advancing an alert cursor")?;
        tx.commit().ctx("committing a queued alert")?;
        Ok(inserted == 1)
    }

    /// Queues a rendered digest and advances the recipient's cursor in one transaction. Returns
    /// false when a message for this recipient, kind and slot already exists (never queued twice).
    pub fn queue_digest(&self, msg: &QueuedMessage, new_cursor: i64) -> Result<bool> {
        let now = now_unix();
        let mut conn = self.conn();
        let tx = conn.transaction().ctx("starting to queue a digest")?;
        let inserted = tx
            .execute(
                "INSERT OR IGNORE INTO outbox (recipient, kind, slot, message_id, subject, message, state, next_attempt_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?7)",
                params![msg.recipient, msg.kind, msg.slot, msg.message_id, msg.subject, msg.message, now],
            )
            .ctx("queueing a message")?;
        if inserted == 1 && msg.kind == "digest" {
            tx.execute(
                "INSERT INTO recipients (email, match_cursor, last_slot) VALUES (?1, ?2, ?3)
                 ON CONFLICT(email) DO UPDATE SET match_cursor = MAX(match_cursor, ?2), last_slot = ?3",
                params![msg.recipient, new_cursor, msg.slot],
            )
            .ctx("advancing a recipient")?;
        }
        tx.commit().ctx("committing a queued message")?;
        Ok(inserted == 1)
    }

    /// Records that a slot passed with nothing to send (no email when nothing matched).
    pub fn skip_slot(&self, email: &str, slot: i64) -> Result<()> {
        self.conn()
            .execute(
                "INSERT INTO recipients (email, last_slot) VALUES (?1, ?2)
                 ON CONFLICT(email) DO UPDATE SET last_slot = ?2",
                params![email, slot],
            )
            .ctx("recording an empty digest slot")?;
        Ok(())
    }

    /// Messages whose time to (re)try has come.
    pub fn due_messages(&self, now: i64) -> Result<Vec<OutboxRow>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(&format!(
                "{OUTBOX_SELECT} WHERE state = 'pending' AND next_attempt_at <= ?1 ORDER BY id"
            ))
            .ctx("listing due messages")?;
        let rows = stmt
            .query_map(params![now], outbox_from_row)
            .ctx("listing due messages")?
            .collect::<std::result::Result<Vec<_>, _>>()
            .ctx("listing due messages")?;
        Ok(rows)
    }

    pub fn outbox(&self) -> Result<Vec<OutboxRow>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!("{OUTBOX_SELECT} ORDER BY id"))
            .ctx("listing the outbox")?;
        let rows = stmt
            .query_map([], outbox_from_row)
            .ctx("listing the outbox")?
            .collect::<std::result::Result<Vec<_>, _>>()
            .ctx("listing the outbox")?;
        Ok(rows)
    }

    pub fn mark_sent(&self, id: i64) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1",
                params![id, now_unix()],
            )
            .ctx("marking a message sent")?;
        Ok(())
    }

    pub fn mark_retry(&self, id: i64, error: &str, next_attempt_at: i64) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1",
                params![id, error, next_attempt_at],
            )
            .ctx("scheduling a retry")?;
        Ok(())
    }

    pub fn mark_failed(&self, id: i64, error: &str) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
                params![id, error],
            )
            .ctx("marking a message failed")?;
        Ok(())
    }

    /// Feeds failing for longer than `min_secs`, and disabled feeds, for the digest footer.
    pub fn failing_feeds(&self, now: i64, min_secs: i64) -> Result<Vec<FeedRow>> {
        Ok(self
            .feeds()?
            .into_iter()
            .filter(|f| {
                f.disabled_reason.is_some() || f.failing_since.is_some_and(|s| now - s >= min_secs)
            })
            .collect())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub feeds: i64,
    pub entries: i64,
    pub pending: i64,
    pub articles: i64,
    pub matches: i64,
    pub quotes: i64,
    pub outbox_pending: i64,
    pub outbox_sent: i64,
    pub outbox_failed: i64,
}

const FEED_SELECT: &str =
    "SELECT id, url, name, fetch_url, etag, last_modified, format, last_polled_at,
    last_success_at, last_status, last_error, last_error_at, failing_since, consecutive_failures,
    next_poll_at, repairs, entries_seen, permanent_failures, disabled_reason, learned_interval FROM feeds";

fn feed_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FeedRow> {
    let repairs: Option<String> = r.get(15)?;
    Ok(FeedRow {
        id: r.get(0)?,
        url: r.get(1)?,
        name: r.get(2)?,
        fetch_url: r.get(3)?,
        etag: r.get(4)?,
        last_modified: r.get(5)?,
        format: r.get(6)?,
        last_polled_at: r.get(7)?,
        last_success_at: r.get(8)?,
        last_status: r.get(9)?,
        last_error: r.get(10)?,
        last_error_at: r.get(11)?,
        failing_since: r.get(12)?,
        consecutive_failures: r.get(13)?,
        next_poll_at: r.get(14)?,
        repairs: repairs
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
        entries_seen: r.get(16)?,
        permanent_failures: r.get(17)?,
        disabled_reason: r.get(18)?,
        learned_interval: r.get(19)?,
    })
}

const OUTBOX_SELECT: &str = "SELECT id, recipient, kind, slot, message_id, subject, message, state,
    attempts, next_attempt_at, last_error, created_at, sent_at FROM outbox";

fn outbox_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.get(0)?,
        recipient: r.get(1)?,
        kind: r.get(2)?,
        slot: r.get(3)?,
        message_id: r.get(4)?,
        subject: r.get(5)?,
        message: r.get(6)?,
        state: r.get(7)?,
        attempts: r.get(8)?,
        next_attempt_at: r.get(9)?,
        last_error: r.get(10)?,
        created_at: r.get(11)?,
        sent_at: r.get(12)?,
    })
}

fn quotes_of(conn: &Connection, article_id: i64) -> Result<Vec<Quote>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT text, start, end, paragraph, speaker, role, cue, partial FROM quotes
             WHERE article_id = ?1 ORDER BY idx",
        )
        .ctx("reading quotes")?;
    let rows = stmt
        .query_map(params![article_id], |r| {
            Ok(Quote {
                text: r.get(0)?,
                start: r.get::<_, i64>(1)? as usize,
                end: r.get::<_, i64>(2)? as usize,
                paragraph: r.get::<_, i64>(3)? as usize,
                speaker: r.get(4)?,
                role: r.get(5)?,
                cue: r.get(6)?,
                partial: r.get(7)?,
            })
        })
        .ctx("reading quotes")?
        .collect::<std::result::Result<Vec<_>, _>>()
        .ctx("reading quotes")?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str) -> NewEntry {
        NewEntry {
            key: key.into(),
            title: Some(format!("title {key}")),
            link: Some(format!("https://example.org/{key}")),
            published: None,
            summary: None,
            content_html: None,
            authors: vec![],
            too_old: false,
        }
    }

    #[test]
    fn repolls_never_duplicate_and_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let f = store.ensure_feed("https://example.org/rss", "Ex").unwrap();
        let poll = PollSuccess {
            status: 200,
            etag: Some("\"v1\"".into()),
            ..Default::default()
        };
        assert_eq!(
            store
                .record_poll_success(f.id, &poll, &[entry("a"), entry("b")])
                .unwrap(),
            2
        );
        assert_eq!(
            store
                .record_poll_success(f.id, &poll, &[entry("a"), entry("c")])
                .unwrap(),
            1
        );
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        let f2 = store
            .feed_by_url("https://example.org/rss")
            .unwrap()
            .unwrap();
        assert_eq!(f2.etag.as_deref(), Some("\"v1\""));
        assert_eq!(store.pending_entries(None, 100).unwrap().len(), 3);
    }

    #[test]
    fn a_slot_is_queued_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let msg = QueuedMessage {
            recipient: "a@example.org".into(),
            kind: "digest",
            slot: 100,
            message_id: "<x@y>".into(),
            subject: "s".into(),
            message: b"m".to_vec(),
        };
        assert!(store.queue_digest(&msg, 5).unwrap());
        let again = QueuedMessage {
            message_id: "<z@y>".into(),
            ..msg
        };
        assert!(!store.queue_digest(&again, 9).unwrap());
        assert_eq!(
            store.recipient_state("a@example.org").unwrap(),
            (5, Some(100))
        );
    }
}
