//! Human-readable output: a status line per scenario (`        PASS [   0.412s] name`),
//! the failed checks and snapshot diffs under it, and a closing summary.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::{plural, render_snapshot_diff};
use crate::check::CheckOutcome;
use crate::run::{RunEvent, RunSummary, ScenarioResult, SnapshotOutcome};

const PASS: Style = AnsiColor::Green.on_default().bold();
const FAIL: Style = AnsiColor::Red.on_default().bold();
const NOTE: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// Writes status lines, failures, diffs and the summary.
pub struct HumanReporter<W: Write> {
    out: W,
    color: bool,
    /// How the user names the suite, for the commands suggested in hints.
    suite_arg: String,
}

impl<W: Write> HumanReporter<W> {
    /// A reporter writing to `out`; `suite_arg` is the suite as the user typed it.
    pub fn new(out: W, color: bool, suite_arg: impl Into<String>) -> Self {
        HumanReporter { out, color, suite_arg: suite_arg.into() }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{}{}", style.render(), text, style.render_reset())
        } else {
            text.to_owned()
        }
    }

    /// Reports one event. Write errors are ignored (a closed stderr must not stop a run).
    pub fn on_event(&mut self, event: RunEvent<'_>) {
        let text = match event {
            RunEvent::Started { total, browser, jobs } => format!(
                "{} {} with {} ({})\n",
                self.paint(NOTE, &format!("{:>12}", "Starting")),
                plural(total, "scenario", "scenarios"),
                browser,
                plural(jobs, "session", "sessions at once")
            ),
            RunEvent::Finished(result) => self.render_result(result),
        };
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    fn render_result(&self, r: &ScenarioResult) -> String {
        let (verb, style) = match (&r.snapshot, r.passed()) {
            (_, true) if r.flaky() => ("FLAKY", NOTE),
            (SnapshotOutcome::Accepted { .. }, true) => ("ACCEPTED", NOTE),
            (_, true) => ("PASS", PASS),
            (SnapshotOutcome::New { .. }, false) if r.error.is_none() && !r.checks.iter().any(CheckOutcome::is_fail) => ("NEW", NOTE),
            _ => ("FAIL", FAIL),
        };
        let attempts = if r.attempts > 1 { format!(" ({} attempts)", r.attempts) } else { String::new() };
        let mut out = format!(
            "{} {} {}{attempts}\n",
            self.paint(style, &format!("{verb:>12}")),
            self.paint(DIM, &format!("[{:>8.3}s]", r.duration.as_secs_f64())),
            r.id
        );
        let indent = " ".repeat(13);
        for (i, failure) in r.earlier_failures.iter().enumerate() {
            out.push_str(&format!("{indent}{} {failure}\n", self.paint(NOTE, &format!("attempt {}:", i + 1))));
        }
        if let Some(e) = &r.error {
            out.push_str(&format!("{indent}{} {e}\n{indent}  page: {}\n", self.paint(FAIL, "error:"), r.url));
        }
        for c in &r.checks {
            if let CheckOutcome::Fail { check, expected, found } = c {
                out.push_str(&format!(
                    "{indent}{} {}: {check}\n{indent}  expected: {expected}\n{indent}  found:    {found}\n",
                    self.paint(FAIL, "check failed"),
                    r.id
                ));
            }
        }
        match &r.snapshot {
            SnapshotOutcome::Changed { old, new, written } => {
                out.push_str(&format!("{indent}{} {}\n", self.paint(FAIL, "snapshot differs:"), self.written(written)));
                out.push_str(&render_snapshot_diff(r.id.as_str(), Some(old), new, self.color));
            }
            SnapshotOutcome::New { new, written } => {
                out.push_str(&format!("{indent}{} {}\n", self.paint(NOTE, "new snapshot:"), self.written(written)));
                out.push_str(&render_snapshot_diff(r.id.as_str(), None, new, self.color));
            }
            SnapshotOutcome::Accepted { path } => {
                out.push_str(&format!("{indent}wrote {}\n", path.display()));
            }
            SnapshotOutcome::Matched | SnapshotOutcome::Skipped => {}
        }
        out
    }

    fn written(&self, written: &Option<std::path::PathBuf>) -> String {
        match written {
            Some(p) => format!("pending result written to {}", p.display()),
            None => "nothing written (CI mode)".into(),
        }
    }

    /// Writes the closing summary.
    pub fn summary(&mut self, summary: &RunSummary) {
        let total = summary.results.len();
        let passed = summary.results.iter().filter(|r| r.passed()).count();
        let failed = total - passed;
        let pending = summary
            .results
            .iter()
            .filter(|r| matches!(&r.snapshot, SnapshotOutcome::New { written: Some(_), .. } | SnapshotOutcome::Changed { written: Some(_), .. }))
            .count();
        let trips: u64 = summary.results.iter().map(|r| r.round_trips).sum();
        let flaky = summary.flaky();
        let style = if failed == 0 { PASS } else { FAIL };
        let mut out = format!(
            "{} {} {} run: {} passed, {} failed",
            self.paint(style, &format!("{:>12}", "Summary")),
            self.paint(DIM, &format!("[{:>8.3}s]", summary.duration.as_secs_f64())),
            plural(total, "scenario", "scenarios"),
            passed,
            failed,
        );
        if flaky > 0 {
            out.push_str(&format!(", {flaky} flaky"));
        }
        if pending > 0 {
            out.push_str(&format!(", {}", plural(pending, "snapshot pending", "snapshots pending")));
        }
        out.push_str(&format!(
            " ({}, {}, {} WebDriver round-trips in scenarios, {} in all)\n",
            summary.browser,
            plural(summary.sessions as usize, "session", "sessions"),
            trips,
            summary.round_trips
        ));
        if pending > 0 {
            out.push_str(&format!(
                "{}\n",
                self.paint(
                    DIM,
                    &format!(
                        "{:>12} review them with `harness review {}` or accept them all with `harness accept {}`",
                        "", self.suite_arg, self.suite_arg
                    )
                )
            ));
        }
        let _ = self.out.write_all(out.as_bytes());
        let _ = self.out.flush();
    }
}
