//! The browser side: finding Chromium and chromedriver, running the driver, opening and
//! closing WebDriver sessions. The main types here are [`Driver`], the chromedriver process
//! the harness owns, and [`Session`], one browser session.
//!
//! Only this module and `probe` talk WebDriver. Errors are sorted here: a missing program is
//! [`BrowserError::Missing`], a session that cannot be created is
//! [`BrowserError::Connect`], and both map to exit code 3.

mod channel;
mod commands;
mod driver;
mod guard;
mod locate;
mod pool;
mod profile;
mod session;

pub use driver::Driver;
pub use guard::{run_guard, set_guard_program};
pub use locate::{locate_browser, locate_chromium, BrowserPrograms};
pub use pool::{SessionPool, SessionSource, Slot};
pub use profile::Profile;
pub use session::{Session, SessionSettings};

/// The browsers the embedded default can drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum BrowserKind {
    /// Headless Chromium through chromedriver.
    #[default]
    Chromium,
    /// Headless Firefox through geckodriver.
    Firefox,
}

/// Why the browser could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    /// Chromium or chromedriver is not installed.
    #[error("{what} not found on PATH\n  install it with: {install}")]
    Missing {
        /// What is missing, such as "chromedriver".
        what: String,
        /// The command that installs it.
        install: String,
    },
    /// The driver program could not be started.
    #[error("failed to start `{program}`")]
    Spawn {
        /// The program that failed.
        program: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The driver started but never said it was listening.
    #[error("`{program}` did not start: {detail}")]
    DriverStart {
        /// The program.
        program: String,
        /// What it printed or why we gave up.
        detail: String,
    },
    /// No session could be created at the WebDriver endpoint.
    #[error("failed to create a browser session at `{url}`")]
    Connect {
        /// The WebDriver URL.
        url: String,
        /// The WebDriver error.
        #[source]
        source: fantoccini::error::NewSessionError,
    },
    /// A new session could not be given the scenario's settings (its time zone).
    #[error("failed to {what} of a new browser session: {detail}")]
    Setup {
        /// What was being set.
        what: &'static str,
        /// The WebDriver error.
        detail: String,
    },
    /// No session could be created at the WebDriver endpoint, and it said why.
    #[error("the WebDriver endpoint `{url}` refused a new session: {detail}")]
    Refused {
        /// The WebDriver URL.
        url: String,
        /// What it said.
        detail: String,
    },
    /// The session stopped answering during a scenario.
    #[error("lost the browser session during `{scenario}`")]
    Lost {
        /// The scenario that was running.
        scenario: String,
        /// The WebDriver error.
        #[source]
        source: fantoccini::error::CmdError,
    },
}

/// Whether a WebDriver error means the session (or its browser or driver) is gone, so that
/// the pool replaces it. The one place that sorts WebDriver errors this way: fantoccini's
/// own predicates, and for chromedriver's "unknown error" the words it reports a dead
/// browser with.
pub fn is_session_lost(e: &fantoccini::error::CmdError) -> bool {
    use fantoccini::error::CmdError;
    match e {
        CmdError::Lost(_) | CmdError::Failed(_) | CmdError::FailedC(_) => true,
        CmdError::Standard(w) => {
            e.is_invalid_session_id()
                || (e.is_unknown_error()
                    && [
                        "not reachable",
                        "disconnected",
                        "session deleted",
                        "crashed",
                        "Unable to execute request for an existing session",
                    ]
                    .iter()
                    .any(|m| w.message.contains(m)))
        }
        _ => false,
    }
}
