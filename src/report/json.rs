//! The JSON report (`--json FILE`): every scenario with its status, checks, snapshot result
//! and screenshots. The main type here is [`JsonReport`]; its shape is documented in the
//! README and versioned by `format`.

use serde::Serialize;

use super::render_snapshot_diff;
use super::{RunSummary, ScenarioResult};
use crate::check::CheckOutcome;
use crate::snapshot::SnapshotOutcome;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// The report format's version.
    pub format: u32,
    /// The browser's name and version.
    pub browser: &'a str,
    /// Wall time of the run in milliseconds.
    pub duration_ms: u128,
    /// Counts.
    pub summary: Counts,
    /// Where the scenarios' time went, summed over the run, in milliseconds.
    pub stages_ms: JsonStages,
    /// Every scenario, in scenario order.
    pub scenarios: Vec<JsonScenario<'a>>,
}

/// Counts of a run.
#[derive(Debug, Serialize, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Scenarios run.
    pub total: usize,
    /// Passed (flaky ones included).
    pub passed: usize,
    /// Failed.
    pub failed: usize,
    /// Passed only on a retry.
    pub flaky: usize,
    /// Pending snapshots written (`.snap.new`).
    pub pending: usize,
}

impl Counts {
    /// Counts the results of a run.
    pub fn of(summary: &RunSummary) -> Counts {
        let total = summary.results.len();
        let passed = summary.results.iter().filter(|r| r.passed()).count();
        Counts {
            total,
            passed,
            failed: total - passed,
            flaky: summary.flaky(),
            pending: summary.results.iter().filter(|r| has_pending(r)).count(),
        }
    }
}

/// Whether a result wrote a pending snapshot.
pub fn has_pending(r: &ScenarioResult) -> bool {
    matches!(
        &r.snapshot,
        SnapshotOutcome::New {
            written: Some(_),
            ..
        } | SnapshotOutcome::Changed {
            written: Some(_),
            ..
        }
    )
}

/// The status word of a result: `passed`, `flaky`, `failed`.
pub fn status(r: &ScenarioResult) -> &'static str {
    if r.flaky() {
        "flaky"
    } else if r.passed() {
        "passed"
    } else {
        "failed"
    }
}

/// One scenario.
#[derive(Debug, Serialize)]
pub struct JsonScenario<'a> {
    /// Its name.
    pub name: &'a str,
    /// `passed`, `flaky` or `failed`.
    pub status: &'static str,
    /// How many times it ran.
    pub attempts: u32,
    /// Why earlier attempts failed.
    pub earlier_failures: &'a [String],
    /// Wall time of the last attempt in milliseconds.
    pub duration_ms: u128,
    /// The URL loaded.
    pub url: &'a str,
    /// The page's final URL.
    pub final_url: Option<&'a str>,
    /// The window size.
    pub viewport: [u32; 2],
    /// An error that stopped the scenario.
    pub error: Option<&'a str>,
    /// Things worth knowing that are no verdict.
    pub notes: &'a [String],
    /// Every check.
    pub checks: Vec<JsonCheck<'a>>,
    /// The snapshot comparison.
    pub snapshot: JsonSnapshot,
    /// Screenshots of the failure.
    pub screenshots: Vec<JsonScreenshot>,
    /// WebDriver round-trips of the last attempt.
    pub round_trips: u64,
    /// Where the last attempt's time went, in milliseconds.
    pub stages_ms: JsonStages,
}

/// Milliseconds spent in each stage (see [`Stages`](super::Stages)), to a tenth.
#[derive(Debug, Serialize, Clone, Copy, PartialEq)]
pub struct JsonStages {
    /// Navigation round-trips and window resizes.
    pub navigation: f64,
    /// Waiting inside the page for readiness.
    pub wait: f64,
    /// The extraction script's reading.
    pub script: f64,
    /// The rest of the extraction round-trip and decoding the answer.
    pub transfer: f64,
    /// Widget checks, player behaviour, link requests.
    pub checks: f64,
    /// Building the snapshot body.
    pub normalisation: f64,
    /// Comparing with (and writing) snapshot files.
    pub comparison: f64,
    /// Printing the result.
    pub reporting: f64,
}

impl From<&super::Stages> for JsonStages {
    fn from(s: &super::Stages) -> Self {
        let ms = |d: std::time::Duration| (d.as_secs_f64() * 10_000.0).round() / 10.0;
        JsonStages {
            navigation: ms(s.navigation),
            wait: ms(s.wait),
            script: ms(s.script),
            transfer: ms(s.transfer),
            checks: ms(s.checks),
            normalisation: ms(s.normalisation),
            comparison: ms(s.comparison),
            reporting: ms(s.reporting),
        }
    }
}

/// One check.
#[derive(Debug, Serialize)]
pub struct JsonCheck<'a> {
    /// What was checked.
    pub check: String,
    /// `passed` or `failed`.
    pub status: &'static str,
    /// What was expected (failed checks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<&'a str>,
    /// What was found (failed checks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<&'a str>,
}

/// A snapshot comparison.
#[derive(Debug, Serialize)]
pub struct JsonSnapshot {
    /// `matched`, `new`, `changed`, `accepted` or `skipped`.
    pub status: &'static str,
    /// The pending file written, if any.
    pub pending_file: Option<String>,
    /// The line diff (plain text), for `new` and `changed`.
    pub diff: Option<String>,
}

/// A screenshot.
#[derive(Debug, Serialize)]
pub struct JsonScreenshot {
    /// `page` or the widget.
    pub subject: String,
    /// The PNG file.
    pub file: String,
}

/// Builds the report of a run.
pub fn json_report(summary: &RunSummary) -> JsonReport<'_> {
    JsonReport {
        format: 1,
        browser: &summary.browser,
        duration_ms: summary.duration.as_millis(),
        summary: Counts::of(summary),
        stages_ms: JsonStages::from(&summary.stages()),
        scenarios: summary.results.iter().map(scenario).collect(),
    }
}

fn scenario(r: &ScenarioResult) -> JsonScenario<'_> {
    let snapshot = match &r.snapshot {
        SnapshotOutcome::Matched => JsonSnapshot {
            status: "matched",
            pending_file: None,
            diff: None,
        },
        SnapshotOutcome::Accepted { .. } => JsonSnapshot {
            status: "accepted",
            pending_file: None,
            diff: None,
        },
        SnapshotOutcome::Skipped => JsonSnapshot {
            status: "skipped",
            pending_file: None,
            diff: None,
        },
        SnapshotOutcome::New { new, written } => JsonSnapshot {
            status: "new",
            pending_file: written.as_ref().map(|p| p.display().to_string()),
            diff: Some(render_snapshot_diff(r.id.as_str(), None, new, false)),
        },
        SnapshotOutcome::Changed { old, new, written } => JsonSnapshot {
            status: "changed",
            pending_file: written.as_ref().map(|p| p.display().to_string()),
            diff: Some(render_snapshot_diff(r.id.as_str(), Some(old), new, false)),
        },
    };
    JsonScenario {
        name: r.id.as_str(),
        status: status(r),
        attempts: r.attempts,
        earlier_failures: &r.earlier_failures,
        duration_ms: r.duration.as_millis(),
        url: &r.url,
        final_url: r.final_url.as_deref(),
        viewport: [r.viewport.width, r.viewport.height],
        error: r.error.as_deref(),
        notes: &r.notes,
        checks: r
            .checks
            .iter()
            .map(|c| match c {
                CheckOutcome::Pass { check } => JsonCheck {
                    check: check.to_string(),
                    status: "passed",
                    expected: None,
                    found: None,
                },
                CheckOutcome::Fail {
                    check,
                    expected,
                    found,
                } => JsonCheck {
                    check: check.to_string(),
                    status: "failed",
                    expected: Some(expected),
                    found: Some(found),
                },
            })
            .collect(),
        snapshot,
        screenshots: r
            .screenshots
            .iter()
            .map(|s| JsonScreenshot {
                subject: s.subject.clone(),
                file: s.path.display().to_string(),
            })
            .collect(),
        round_trips: r.round_trips,
        stages_ms: JsonStages::from(&r.stages),
    }
}
