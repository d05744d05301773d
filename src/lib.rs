//! `harness`: a test harness for news pages. Scenario files describe pages; the harness
//! loads each in a real browser over WebDriver, checks it, extracts its text in one
//! round-trip and diffs it against insta snapshots.
//!
//! Data flows one way: scenario → browser → probe → check → snapshot → report.
//! [`scenario::load_suite`] builds a sorted [`scenario::ScenarioList`] without any browser;
//! [`run::run`] opens sessions ([`browser`]) under each page's [`network`] policy, observes
//! each page ([`probe`]), judges it ([`check`]), compares its snapshot ([`snapshot`]) and
//! emits [`report::RunEvent`]s, which [`report`] turns into text and files. No layer imports
//! one after it; [`text`] and [`error`] are shared by all. `main.rs` only glues these
//! together.

pub mod author;
pub mod browser;
pub mod check;
pub mod cli;
pub mod compare;
pub mod consent;
pub mod error;
pub mod init;
pub mod network;
pub mod probe;
pub mod report;
pub mod review;
pub mod run;
pub mod scenario;
pub mod serve;
pub mod signal;
pub mod snapshot;
pub mod suite;
pub mod text;
pub mod widget;
