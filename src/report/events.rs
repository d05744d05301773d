//! The interface between the runner and the reporters, as nextest keeps its reporter
//! events: what a run tells while it goes ([`RunEvent`]) and what it hands over at the end
//! ([`RunSummary`]), with each scenario's [`ScenarioResult`].

use std::path::PathBuf;
use std::time::Duration;

use crate::check::CheckOutcome;
use crate::scenario::{Scenario, ScenarioId};
use crate::snapshot::SnapshotOutcome;

/// The result of one scenario.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// The scenario.
    pub id: ScenarioId,
    /// The scenario's description.
    pub description: Option<String>,
    /// The URL the harness loaded.
    pub url: String,
    /// The page's final URL, when it was read.
    pub final_url: Option<String>,
    /// Wall time of the scenario.
    pub duration: Duration,
    /// Where that time went (the last attempt).
    pub stages: super::Stages,
    /// Every check's verdict.
    pub checks: Vec<CheckOutcome>,
    /// The snapshot comparison.
    pub snapshot: SnapshotOutcome,
    /// A failure that stopped the scenario early (page not loadable, snapshot not writable).
    pub error: Option<String>,
    /// WebDriver round-trips this scenario cost (its last attempt).
    pub round_trips: u64,
    /// How many times it ran: 1, or more with `--retries`.
    pub attempts: u32,
    /// One line for each failed attempt before the last.
    pub earlier_failures: Vec<String>,
    /// Things worth knowing that are no verdict (a dialog the browser dismissed).
    pub notes: Vec<String>,
    /// The window size the page was read at.
    pub viewport: crate::scenario::Viewport,
    /// Screenshots taken because the scenario failed.
    pub screenshots: Vec<Screenshot>,
    /// Whether the session must delete cookies over WebDriver before the next scenario: the
    /// page came from another server (which may set cookies scripts cannot see), or left
    /// cookies its scripts could not expire.
    pub cookies_to_delete: bool,
    /// Whether the page's last script ran, which ends the page's timers: otherwise the page
    /// may still reload or redirect itself, and its browsing context is replaced before the
    /// next scenario.
    pub page_quiet: bool,
    /// What the story check counted, when the scenario has a story widget that was read:
    /// what `harness new` writes its bounds and hosts from.
    pub stories: Option<crate::widget::stories::StoryCount>,
}

impl ScenarioResult {
    /// An empty result for a scenario, before anything ran.
    pub fn new(scenario: &Scenario) -> Self {
        ScenarioResult {
            id: scenario.id.clone(),
            description: scenario.description.clone(),
            url: String::new(),
            final_url: None,
            duration: Duration::ZERO,
            stages: super::Stages::default(),
            checks: Vec::new(),
            snapshot: SnapshotOutcome::Skipped,
            error: None,
            round_trips: 0,
            attempts: 1,
            earlier_failures: Vec::new(),
            notes: Vec::new(),
            viewport: scenario.viewport,
            screenshots: Vec::new(),
            // Until a page says otherwise, assume it left cookies behind.
            cookies_to_delete: true,
            page_quiet: false,
            stories: None,
        }
    }

    /// Whether it passed only after failing first.
    pub fn flaky(&self) -> bool {
        self.passed() && self.attempts > 1
    }

    /// Why it failed, in one line.
    pub fn failure_summary(&self) -> String {
        if let Some(e) = &self.error {
            return e.clone();
        }
        let failed: Vec<String> = self
            .checks
            .iter()
            .filter_map(|c| match c {
                CheckOutcome::Fail { check, .. } => Some(check.to_string()),
                CheckOutcome::Pass { .. } => None,
            })
            .collect();
        if !failed.is_empty() {
            return format!("failed {}", failed.join(", "));
        }
        match self.snapshot {
            SnapshotOutcome::New { .. } => "new snapshot".into(),
            SnapshotOutcome::Changed { .. } => "snapshot differs".into(),
            _ => "failed".into(),
        }
    }

    /// Whether the scenario passed.
    pub fn passed(&self) -> bool {
        self.error.is_none()
            && !self.checks.iter().any(CheckOutcome::is_fail)
            && matches!(
                self.snapshot,
                SnapshotOutcome::Matched | SnapshotOutcome::Accepted { .. }
            )
    }
}

/// A screenshot of a failing scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screenshot {
    /// `page`, or the widget it shows (`player`, `comments`, `stories`).
    pub subject: String,
    /// The PNG file.
    pub path: PathBuf,
}

/// What the reporter hears about.
#[derive(Debug)]
pub enum RunEvent<'a> {
    /// The browser is up and scenarios start.
    Started {
        /// How many scenarios will run.
        total: usize,
        /// The browser's name and version.
        browser: &'a str,
        /// How many sessions run at once.
        jobs: usize,
    },
    /// A scenario finished.
    Finished(&'a ScenarioResult),
    /// Ctrl-C or SIGTERM arrived: sessions and drivers are being closed; a second signal
    /// stops at once.
    Cancelling,
}

/// The whole run.
#[derive(Debug, Clone)]
pub struct RunSummary {
    /// Every result, in scenario order.
    pub results: Vec<ScenarioResult>,
    /// The browser's name and version.
    pub browser: String,
    /// Wall time of the run.
    pub duration: Duration,
    /// The snapshot folder.
    pub snapshot_dir: PathBuf,
    /// WebDriver round-trips of the whole run, session creation included.
    pub round_trips: u64,
    /// Browser sessions opened (replacements of lost ones included).
    pub sessions: u32,
    /// Sessions that ran at once.
    pub jobs: usize,
}

impl RunSummary {
    /// Whether every scenario passed.
    pub fn passed(&self) -> bool {
        self.results.iter().all(ScenarioResult::passed)
    }

    /// How many scenarios passed only on a retry.
    pub fn flaky(&self) -> usize {
        self.results.iter().filter(|r| r.flaky()).count()
    }

    /// Where the scenarios' time went, summed over the run.
    pub fn stages(&self) -> super::Stages {
        let mut all = super::Stages::default();
        for r in &self.results {
            all.add(&r.stages);
        }
        all
    }
}
