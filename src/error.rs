//! Exit codes and the top-level error type. The main type here is [`HarnessError`]: every
//! failure that stops a command before or during a run ends up here, and its
//! [`HarnessError::exit_code`] is what the process returns.
//!
//! A failed check or a differing snapshot is not an error: it is a result, counted by the
//! run and reported, and it maps to [`ExitCode::FAILED`] in `main`.

use std::path::PathBuf;

use crate::browser::BrowserError;
use crate::init::InitError;
use crate::scenario::LoadErrors;
use crate::snapshot::StoreError;

/// The documented exit codes of `harness`.
pub struct ExitCode;

impl ExitCode {
    /// Every scenario passed (or every pending snapshot was handled).
    pub const OK: i32 = 0;
    /// A check failed or a snapshot differs or is missing.
    pub const FAILED: i32 = 1;
    /// Bad usage or bad scenario files: nothing ran.
    pub const USAGE: i32 = 2;
    /// The browser or its driver is unavailable, or the session was lost.
    pub const BROWSER: i32 = 3;
    /// No scenario matched the filters.
    pub const NO_SCENARIOS: i32 = 4;
    /// The harness could not do its own work: start its runtime, its page server or its
    /// signal handlers, or write a report, a snapshot or a scaffold file.
    pub const HARNESS: i32 = 5;
    /// The run was interrupted by Ctrl-C or SIGTERM.
    pub const INTERRUPTED: i32 = 130;
}

/// An error that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// One or more scenario files are invalid.
    #[error("{0}")]
    Scenarios(#[from] LoadErrors),
    /// The browser could not be started or reached.
    #[error(transparent)]
    Browser(#[from] BrowserError),
    /// A command-line value is invalid.
    #[error("{0}")]
    Usage(String),
    /// The scenarios contradict each other (two `charset`s for one page): nothing ran.
    #[error("{0}")]
    Suite(String),
    /// The async runtime or the signal handlers could not be set up.
    #[error("failed to {what}")]
    Runtime {
        /// What failed, such as "listen for Ctrl-C".
        what: &'static str,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A report file could not be written; the run itself finished.
    #[error("failed to write the {kind} report")]
    Report {
        /// `JSON`, `JUnit` or `HTML`.
        kind: &'static str,
        /// Why.
        #[source]
        source: StoreError,
    },
    /// The snapshot folder could not be read or written (`review`, `accept`, `reject`).
    #[error(transparent)]
    Snapshots(#[from] StoreError),
    /// `harness init` could not scaffold the suite.
    #[error(transparent)]
    Init(#[from] InitError),
    /// No scenario matched the filters.
    #[error("no scenario matches {0}")]
    NoMatch(String),
    /// A file could not be read or written.
    #[error("failed to access `{}`", path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// The run was interrupted by a signal.
    #[error("interrupted: closed every browser session and ended the driver")]
    Interrupted,
}

impl HarnessError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            HarnessError::Scenarios(_) | HarnessError::Usage(_) | HarnessError::Suite(_) => {
                ExitCode::USAGE
            }
            HarnessError::Init(InitError::Exists(_)) => ExitCode::USAGE,
            HarnessError::Browser(_) => ExitCode::BROWSER,
            HarnessError::NoMatch(_) => ExitCode::NO_SCENARIOS,
            HarnessError::Io { .. }
            | HarnessError::Runtime { .. }
            | HarnessError::Report { .. }
            | HarnessError::Snapshots(_)
            | HarnessError::Init(InitError::Write { .. }) => ExitCode::HARNESS,
            HarnessError::Interrupted => ExitCode::INTERRUPTED,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        HarnessError::Io {
            path: path.into(),
            source,
        }
    }
}

/// A message followed by its causes, each once, on one line: `failed to load `x`:
/// connection refused`. (WebDriver messages carry line breaks of their own.)
pub fn error_chain(e: &dyn std::error::Error) -> String {
    error_lines(e)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The same, keeping the line breaks of the messages: for errors printed on their own.
pub fn error_lines(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
