//! `harness`: a test harness for news pages. Scenario files describe pages; the harness
//! loads each in a real browser over WebDriver, checks it, extracts its text in one
//! round-trip and diffs it against insta snapshots.
//!
//! The pipeline is list → run → report: [`scenario::load_suite`] builds a sorted
//! [`scenario::ScenarioList`] without any browser; [`run::run`] drives the browser and emits
//! [`run::RunEvent`]s; [`report`] turns them into text. `main.rs` only glues these together.

pub mod browser;
pub mod check;
pub mod cli;
pub mod error;
pub mod init;
pub mod network;
pub mod probe;
pub mod report;
pub mod review;
pub mod run;
pub mod scenario;
pub mod serve;
pub mod snapshot;
pub mod text;
