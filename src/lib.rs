//! newswatch: a news-monitoring daemon.
//!
//! Feeds are polled on a schedule, new articles are fetched and extracted, matched against the
//! analysts' topics, their quotations attributed, everything stored in SQLite, and each analyst
//! gets a daily digest by email. See `ARCHITECTURE.md` for the map of these modules.
//!
//! Pure stages (no I/O, no clock): [`feed`], [`extract`], [`query`], [`quotes`], [`digest`].
//! Stages with I/O: [`fetch`], [`poller`], [`article`], [`store`], [`delivery`], [`mailer`].
//! Wiring: [`config`], [`app`], [`daemon`], [`cli`].

pub mod app;
pub mod article;
pub mod cli;
pub mod config;
pub mod daemon;
pub mod db;
pub mod delivery;
pub mod digest;
pub mod eval;
pub mod extract;
pub mod feed;
pub mod fetch;
pub mod input;
pub mod mailer;
pub mod metrics;
pub mod politeness;
pub mod poller;
pub mod query;
pub mod quotes;
pub mod robots;
pub mod shutdown;
pub mod store;
