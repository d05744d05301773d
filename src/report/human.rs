//! Human-readable output: a status line per scenario (`        PASS [   0.412s] name`),
//! the failed checks and snapshot diffs under it, and a closing summary.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::{plural, render_snapshot_diff};
use super::{RunEvent, RunSummary, ScenarioResult};
use crate::check::CheckOutcome;
use crate::snapshot::SnapshotOutcome;

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
    /// Where the start line goes (stderr), apart from the results (stdout).
    status: Box<dyn Write + Send>,
    /// `--verbose`: round-trips and sessions in the summary and per scenario.
    verbose: bool,
    /// On a terminal: a progress bar under the status lines.
    progress: Option<indicatif::ProgressBar>,
    wants_progress: bool,
}

impl<W: Write> HumanReporter<W> {
    /// A reporter writing results to `out` and the start line and progress bar to
    /// `status`; `suite_arg` is the suite as the user typed it.
    pub fn new(
        out: W,
        status: Box<dyn Write + Send>,
        color: bool,
        suite_arg: impl Into<String>,
    ) -> Self {
        HumanReporter {
            out,
            status,
            verbose: false,
            color,
            suite_arg: suite_arg.into(),
            progress: None,
            wants_progress: false,
        }
    }

    /// Draws a progress bar on stderr under the status lines (for a terminal, not for CI
    /// logs or pipes, which get plain lines only).
    #[must_use]
    pub fn with_progress(mut self, on: bool) -> Self {
        self.wants_progress = on;
        self
    }

    /// Adds round-trips and sessions to the summary and each result (`--verbose`).
    #[must_use]
    pub fn verbose(mut self, on: bool) -> Self {
        self.verbose = on;
        self
    }

    fn emit(&mut self, text: &str) {
        let out = &mut self.out;
        let mut write = || {
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        };
        match &self.progress {
            // The bar is hidden while a result is written, so lines and bar never tangle.
            Some(bar) => bar.suspend(write),
            None => write(),
        }
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
        match event {
            RunEvent::Started {
                total,
                browser,
                jobs,
            } => {
                let text = format!(
                    "{} {} with {} ({})\n",
                    self.paint(NOTE, &format!("{:>12}", "Starting")),
                    plural(total, "scenario", "scenarios"),
                    browser,
                    plural(jobs, "session", "sessions at once")
                );
                let _ = self.status.write_all(text.as_bytes());
                let _ = self.status.flush();
                if self.wants_progress {
                    let bar = indicatif::ProgressBar::new(total as u64);
                    let style = indicatif::ProgressStyle::with_template(
                        "{prefix:>12.cyan.bold} [{bar:40}] {pos}/{len} {wide_msg}",
                    )
                    .expect("a valid template")
                    .progress_chars("=> ");
                    bar.set_style(style);
                    bar.set_prefix("Running");
                    self.progress = Some(bar);
                }
            }
            RunEvent::Cancelling => {
                if let Some(bar) = self.progress.take() {
                    bar.finish_and_clear();
                }
                let text = format!(
                    "{} closing the browser sessions; press Ctrl-C again to stop at once\n",
                    self.paint(NOTE, &format!("{:>12}", "Cancelling…"))
                );
                let _ = self.status.write_all(text.as_bytes());
                let _ = self.status.flush();
            }
            RunEvent::Finished(result) => {
                let text = self.render_result(result);
                self.emit(&text);
                if let Some(bar) = &self.progress {
                    bar.inc(1);
                    bar.set_message(result.id.to_string());
                }
            }
        }
    }

    fn verb(&self, r: &ScenarioResult) -> (&'static str, Style) {
        match (&r.snapshot, r.passed()) {
            (_, true) if r.flaky() => ("FLAKY", NOTE),
            (SnapshotOutcome::Accepted { .. }, true) => ("ACCEPTED", NOTE),
            (_, true) => ("PASS", PASS),
            (SnapshotOutcome::New { .. }, false)
                if r.error.is_none() && !r.checks.iter().any(CheckOutcome::is_fail) =>
            {
                ("NEW", NOTE)
            }
            _ => ("FAIL", FAIL),
        }
    }

    fn render_result(&self, r: &ScenarioResult) -> String {
        let (verb, style) = self.verb(r);
        let mut attempts = if r.attempts > 1 {
            format!(" ({} attempts)", r.attempts)
        } else {
            String::new()
        };
        if self.verbose {
            attempts.push_str(&format!(
                " {}",
                self.paint(DIM, &format!("({} WebDriver round-trips)", r.round_trips))
            ));
        }
        let mut out = format!(
            "{} {} {}{attempts}\n",
            self.paint(style, &format!("{verb:>12}")),
            self.paint(DIM, &format!("[{:>8.3}s]", r.duration.as_secs_f64())),
            r.id
        );
        let indent = " ".repeat(13);
        if self.verbose && !r.stages.total().is_zero() {
            out.push_str(&format!(
                "{indent}{}\n",
                self.paint(DIM, &format!("stages: {}", r.stages.line()))
            ));
        }
        for note in &r.notes {
            out.push_str(&format!("{indent}{} {note}\n", self.paint(DIM, "note:")));
        }
        for (i, failure) in r.earlier_failures.iter().enumerate() {
            out.push_str(&format!(
                "{indent}{} {failure}\n",
                self.paint(NOTE, &format!("attempt {}:", i + 1))
            ));
        }
        if let Some(e) = &r.error {
            out.push_str(&format!(
                "{indent}{} {e}\n{indent}  page: {}\n",
                self.paint(FAIL, "error:"),
                r.url
            ));
        }
        for c in &r.checks {
            if let CheckOutcome::Fail {
                check,
                expected,
                found,
            } = c
            {
                out.push_str(&format!(
                    "{indent}{} {}: {check}\n{indent}  expected: {expected}\n{indent}  found:    {found}\n",
                    self.paint(FAIL, "check failed"),
                    r.id
                ));
            }
        }
        // A player check that failed on an element the harness chose itself: say how to
        // point it at the right one.
        let player_failed = r.checks.iter().any(|c| match c {
            CheckOutcome::Fail { check, found, .. } => {
                check.to_string().starts_with("player ") && !found.contains("[player.selectors]")
            }
            CheckOutcome::Pass { .. } => false,
        });
        if player_failed {
            out.push_str(&format!(
                "{indent}{} if the harness used the wrong element for a control, name the right one under `[player.selectors]` (`play = \"button.play\"`)\n",
                self.paint(DIM, "hint:")
            ));
        }
        match &r.snapshot {
            SnapshotOutcome::Changed { old, new, written } => {
                out.push_str(&format!(
                    "{indent}{} {}\n",
                    self.paint(FAIL, "snapshot differs:"),
                    self.written(written)
                ));
                out.push_str(&render_snapshot_diff(
                    r.id.as_str(),
                    Some(old),
                    new,
                    self.color,
                ));
            }
            SnapshotOutcome::New { new, written } => {
                out.push_str(&format!(
                    "{indent}{} {}\n",
                    self.paint(NOTE, "new snapshot:"),
                    self.written(written)
                ));
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

    /// Writes the closing summary: counts, the slowest scenarios, and the command to review
    /// pending snapshots.
    pub fn summary(&mut self, summary: &RunSummary) {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        let total = summary.results.len();
        let passed = summary.results.iter().filter(|r| r.passed()).count();
        let failed = total - passed;
        let pending = summary
            .results
            .iter()
            .filter(|r| {
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
            })
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
            out.push_str(&format!(
                ", {}",
                plural(pending, "snapshot pending", "snapshots pending")
            ));
        }
        if self.verbose {
            out.push_str(&format!(
                " ({}, {}, {} WebDriver round-trips in scenarios, {} in all)",
                summary.browser,
                plural(summary.sessions as usize, "session", "sessions"),
                trips,
                summary.round_trips
            ));
        }
        out.push('\n');
        let stages = summary.stages();
        if self.verbose && !stages.total().is_zero() {
            out.push_str(&format!(
                "{}\n",
                self.paint(DIM, &format!("{:>12} {}", "Stages", stage_shares(&stages)))
            ));
        }
        if summary.results.len() > 1 {
            let mut slowest: Vec<_> = summary.results.iter().collect();
            slowest.sort_by(|a, b| b.duration.cmp(&a.duration).then_with(|| a.id.cmp(&b.id)));
            let list: Vec<String> = slowest
                .iter()
                .take(3)
                .map(|r| format!("{} ({:.3}s)", r.id, r.duration.as_secs_f64()))
                .collect();
            out.push_str(&format!(
                "{}\n",
                self.paint(DIM, &format!("{:>12} {}", "Slowest", list.join(", ")))
            ));
        }
        // Every scenario that did not pass, again, so a long log need not be scrolled.
        for r in summary.results.iter().filter(|r| !r.passed()) {
            let (verb, style) = self.verb(r);
            out.push_str(&format!(
                "{} {}: {}\n",
                self.paint(style, &format!("{verb:>12}")),
                r.id,
                r.failure_summary()
            ));
        }
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

    /// Names snapshots no scenario of the suite writes any more, and what was done to them.
    pub fn unreferenced(&mut self, files: &[std::path::PathBuf], deleted: bool, fails: bool) {
        if files.is_empty() {
            return;
        }
        let style = if fails { FAIL } else { NOTE };
        let what = plural(files.len(), "snapshot", "snapshots");
        let head = if deleted {
            format!("deleted {what} of scenarios that are gone:")
        } else {
            format!("{what} of scenarios that are gone:")
        };
        let mut out = format!(
            "{} {head}\n",
            self.paint(style, &format!("{:>12}", "Unreferenced"))
        );
        for f in files {
            out.push_str(&format!("{:>12} {}\n", "", f.display()));
        }
        if !deleted {
            out.push_str(&format!(
                "{}\n",
                self.paint(
                    DIM,
                    &format!(
                        "{:>12} remove them with `harness run {} --unreferenced delete`",
                        "", self.suite_arg
                    )
                )
            ));
        }
        let _ = self.out.write_all(out.as_bytes());
        let _ = self.out.flush();
    }
}

/// Each stage's time summed over the run, with its share of all stages:
/// `navigation 3012.4 ms (61 %), wait 0.0 ms (0 %), …`.
fn stage_shares(stages: &crate::report::Stages) -> String {
    let total = stages.total().as_secs_f64().max(f64::MIN_POSITIVE);
    stages
        .named()
        .iter()
        .map(|(name, d)| {
            format!(
                "{name} {} ({:.0} %)",
                crate::report::millis(*d),
                d.as_secs_f64() / total * 100.0
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::HumanReporter;
    use crate::check::{CheckOutcome, CheckSubject};
    use crate::report::{RunEvent, RunSummary, ScenarioResult};
    use crate::scenario::{parse_str, ScenarioId};
    use crate::snapshot::SnapshotOutcome;

    fn result(name: &str, millis: u64) -> ScenarioResult {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.html"), "<p>x</p>").unwrap();
        let scenario = parse_str(
            &format!("{name}.toml"),
            "page = \"p.html\"\n",
            ScenarioId(name.into()),
            dir.path(),
            &Default::default(),
        )
        .unwrap();
        let mut r = ScenarioResult::new(&scenario);
        r.duration = Duration::from_millis(millis);
        r.snapshot = SnapshotOutcome::Matched;
        r.round_trips = 2;
        r
    }

    /// A run with every kind of result, rendered as the terminal shows it without colour.
    #[test]
    fn the_terminal_report_reads_as_designed() {
        let mut failed = result("article-locked", 2004);
        failed.checks = vec![
            CheckOutcome::pass(CheckSubject::Page),
            CheckOutcome::fail(
                CheckSubject::Comments("#comments".into()).part("lockout message"),
                "`Kommentieren nicht mehr möglich` shown in the section",
                "not shown",
            ),
        ];
        failed.snapshot = SnapshotOutcome::Changed {
            old: "── page ──\nHeadline\nOld line".into(),
            new: "── page ──\nHeadline\nNew line".into(),
            written: Some(PathBuf::from("snapshots/article-locked.snap.new")),
        };
        let mut new = result("front", 310);
        new.snapshot = SnapshotOutcome::New {
            new: "── page ──\nFront page".into(),
            written: Some(PathBuf::from("snapshots/front.snap.new")),
        };
        let mut broken = result("gone", 95);
        broken.snapshot = SnapshotOutcome::Skipped;
        broken.url = "http://127.0.0.1:1/".into();
        broken.error = Some("failed to load `http://127.0.0.1:1/`: connection refused".into());
        let mut flaky = result("player", 1402);
        flaky.attempts = 2;
        flaky.earlier_failures = vec!["failed player `#player`: play works".into()];
        let mut noted = result("teasers", 77);
        noted.notes = vec!["region `page` reads `fÃ¼r`: UTF-8 text decoded as Windows-1252? Check the page's declared charset".into()];
        let results = vec![failed, new, broken, flaky, noted, result("plain", 64)];

        let mut out = Vec::new();
        let mut reporter =
            HumanReporter::new(&mut out, Box::new(std::io::sink()), false, "scenarios");
        reporter.on_event(RunEvent::Started {
            total: results.len(),
            browser: "chrome 156.0",
            jobs: 1,
        });
        for r in &results {
            reporter.on_event(RunEvent::Finished(r));
        }
        reporter.summary(&RunSummary {
            results,
            browser: "chrome 156.0".into(),
            duration: Duration::from_millis(4321),
            snapshot_dir: PathBuf::from("snapshots"),
            round_trips: 15,
            sessions: 1,
            jobs: 1,
        });
        let text = String::from_utf8(out).unwrap();
        insta::with_settings!({ filters => vec![(r"\[\s*[0-9]+\.[0-9]{3}s\]", "[DURATION]")] }, {
            insta::assert_snapshot!("terminal_report", text);
        });
    }
}
