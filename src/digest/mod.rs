//! The pure half of the daily email digest: what a recipient's digest says and when it is due.
//!
//! The daemon (store, outbox, mailer) builds a [`DigestInput`] from the store, asks a
//! [`DigestRenderer`] for the subject and the text/HTML parts, and asks a [`DigestSchedule`] which
//! slot is due. Nothing here does I/O except reading operator template overrides, and nothing reads
//! the clock: the caller passes `now`, so every behaviour is testable with fixed instants.
//!
//! - [`model`]: the input structs the daemon fills.
//! - [`dedup`]: canonical URLs and SimHash, used to show a syndicated story once.
//! - [`render`]: the minijinja environment and the view model the templates in `templates/` see.
//! - [`schedule`]: per-recipient local-time schedule, DST-safe.

pub mod dedup;
pub mod model;
pub mod render;
pub mod schedule;

pub use dedup::{canonical_url, hamming, simhash};
pub use model::{AlertInput, DigestArticle, DigestInput, DigestQuote, FailingFeed, TopicSection};
pub use render::{DigestError, DigestRenderer, RenderedDigest};
pub use schedule::{DigestSchedule, ScheduleError};
