//! The JUnit XML report (`--junit FILE`), the format CI dashboards read: one `testsuite` for
//! the suite, one `testcase` per scenario; a failed check or snapshot is a `failure`, a page
//! that could not be read an `error`, and a flaky scenario passes with its earlier failures in
//! `system-out`.

use std::fmt::Write;

use super::json::{has_pending, Counts};
use super::render_snapshot_diff;
use super::{RunSummary, ScenarioResult};
use crate::check::CheckOutcome;
use crate::snapshot::SnapshotOutcome;

/// Escapes text for XML attributes and content, dropping characters XML cannot carry.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders the JUnit XML of a run; `suite` names the testsuite (the suite folder).
pub fn junit_report(summary: &RunSummary, suite: &str) -> String {
    let counts = Counts::of(summary);
    let errors = summary
        .results
        .iter()
        .filter(|r| !r.passed() && r.error.is_some())
        .count();
    let failures = counts.failed - errors;
    let time = summary.duration.as_secs_f64();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"harness\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{time:.3}\">",
        counts.total
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{time:.3}\">",
        xml_escape(suite),
        counts.total
    );
    let _ = writeln!(out, "    <properties>");
    let _ = writeln!(
        out,
        "      <property name=\"browser\" value=\"{}\"/>",
        xml_escape(&summary.browser)
    );
    let _ = writeln!(
        out,
        "      <property name=\"flaky\" value=\"{}\"/>",
        counts.flaky
    );
    let _ = writeln!(
        out,
        "      <property name=\"pending_snapshots\" value=\"{}\"/>",
        counts.pending
    );
    let _ = writeln!(out, "    </properties>");
    for r in &summary.results {
        testcase(&mut out, r, suite);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn testcase(out: &mut String, r: &ScenarioResult, suite: &str) {
    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3}\">",
        xml_escape(r.id.as_str()),
        xml_escape(suite),
        r.duration.as_secs_f64()
    );
    if !r.passed() {
        let mut details = String::new();
        for c in &r.checks {
            if let CheckOutcome::Fail {
                check,
                expected,
                found,
            } = c
            {
                let _ = writeln!(
                    details,
                    "{check}\n  expected: {expected}\n  found:    {found}"
                );
            }
        }
        match &r.snapshot {
            SnapshotOutcome::Changed { old, new, .. } => {
                details.push_str("snapshot differs:\n");
                details.push_str(&render_snapshot_diff(r.id.as_str(), Some(old), new, false));
            }
            SnapshotOutcome::New { new, .. } => {
                details.push_str("new snapshot:\n");
                details.push_str(&render_snapshot_diff(r.id.as_str(), None, new, false));
            }
            _ => {}
        }
        let (tag, kind) = if r.error.is_some() {
            ("error", "page")
        } else {
            ("failure", "check")
        };
        let message = r.error.clone().unwrap_or_else(|| r.failure_summary());
        let body = match &r.error {
            Some(e) => format!("{e}\npage: {}\n{details}", r.url),
            None => details,
        };
        let _ = writeln!(
            out,
            "      <{tag} message=\"{}\" type=\"{kind}\">{}</{tag}>",
            xml_escape(&message),
            xml_escape(&body)
        );
    }
    let mut notes = String::new();
    if r.flaky() {
        let _ = writeln!(notes, "flaky: passed on attempt {}", r.attempts);
    }
    for (i, f) in r.earlier_failures.iter().enumerate() {
        let _ = writeln!(notes, "attempt {}: {f}", i + 1);
    }
    if let Some(url) = &r.final_url {
        let _ = writeln!(notes, "final URL: {url}");
    }
    for note in &r.notes {
        let _ = writeln!(notes, "note: {note}");
    }
    if has_pending(r) {
        notes.push_str("pending snapshot written\n");
    }
    for s in &r.screenshots {
        let _ = writeln!(notes, "screenshot ({}): {}", s.subject, s.path.display());
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "      <system-out>{}</system-out>", xml_escape(&notes));
    }
    out.push_str("    </testcase>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            xml_escape("<a href=\"x\">Tom & 'Jerry'</a>\u{1}\u{7}ok\n"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;ok\n"
        );
    }
}
