//! The HTML report (`--html DIR`): one self-contained `index.html` with every scenario's
//! status and, for each failure, the failed checks with expected and found, the snapshot
//! diff, the screenshots (embedded) and the final URL, plus the browser's name and version.
//!
//! Everything from a page or a scenario is untrusted: it is escaped, and the page's content
//! security policy forbids scripts altogether, so even a mistake in escaping runs nothing.

use std::fmt::Write;

use base64::Engine;

use super::diff::Ink;
use super::json::{status, Counts};
use super::render_snapshot_diff;
use super::{RunSummary, ScenarioResult};
use crate::check::CheckOutcome;
use crate::snapshot::SnapshotOutcome;

/// Escapes text for HTML content and attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}h1{margin-bottom:0}\
.meta{color:#555}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
.passed{color:#176f2c}.failed{color:#b00020}.flaky{color:#a15c00}\
pre{background:#f6f6f6;padding:8px;overflow-x:auto}.del{background:#fde8e8;color:#8a1010}.ins{background:#e6f6e9;color:#0d5c1f}.head{font-weight:bold}\
section{border-top:2px solid #ddd;margin-top:2em}img{max-width:100%;border:1px solid #ccc;margin:4px 0}\
mark{background:#f7d36b;color:inherit}.dim{color:#666}code.cmd{background:#eef;padding:2px 6px;user-select:all}\
nav.filters a{margin-right:1em}.filter{display:none}\
#failed:target~table tr.passed,#failed:target~table tr.flaky,#failed:target~section.flaky{display:none}\
#passed:target~table tr.failed,#passed:target~table tr.flaky,#passed:target~section{display:none}\
#flaky:target~table tr.passed,#flaky:target~table tr.failed,#flaky:target~section.failed{display:none}";

/// Renders the report of a run. `suite` names the suite in the title; `suite_arg` is how
/// commands name it (`harness accept SUITE_ARG --filter …`).
///
/// The status filters work without script (the content security policy forbids any): each
/// is a link to an empty marker element, and `:target` rules hide the other rows and
/// sections.
pub fn html_report(summary: &RunSummary, suite: &str, suite_arg: &str) -> String {
    let counts = Counts::of(summary);
    let mut out = String::new();
    out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // No script may run here: all text below comes from pages and scenario files.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n");
    let _ = writeln!(out, "<title>harness report: {}</title>", html_escape(suite));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<h1>harness report: {}</h1>", html_escape(suite));
    let _ = writeln!(
        out,
        "<p class=\"meta\">Browser: {} · {} scenarios: {} passed, {} failed, {} flaky, {} snapshots pending · {:.3} s</p>",
        html_escape(&summary.browser),
        counts.total,
        counts.passed,
        counts.failed,
        counts.flaky,
        counts.pending,
        summary.duration.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "<nav class=\"filters\">Show: <a href=\"#all\">all ({})</a><a href=\"#failed\">failed ({})</a><a href=\"#flaky\">flaky ({})</a><a href=\"#passed\">passed ({})</a></nav>",
        counts.total, counts.failed, counts.flaky, counts.passed
    );
    // The filters' targets: siblings before the table and sections they hide.
    out.push_str("<span class=\"filter\" id=\"all\"></span><span class=\"filter\" id=\"failed\"></span><span class=\"filter\" id=\"flaky\"></span><span class=\"filter\" id=\"passed\"></span>\n");
    out.push_str(
        "<table class=\"summary\">\n<tr><th>Scenario</th><th>Status</th><th>Reason</th><th>Time</th><th>Attempts</th></tr>\n",
    );
    for (i, r) in summary.results.iter().enumerate() {
        let st = status(r);
        let name = if st == "passed" {
            html_escape(r.id.as_str())
        } else {
            format!("<a href=\"#s{i}\">{}</a>", html_escape(r.id.as_str()))
        };
        let reason = if r.passed() {
            String::new()
        } else {
            html_escape(&r.failure_summary())
        };
        let _ = writeln!(
            out,
            "<tr class=\"{st}\"><td>{name}</td><td class=\"{st}\">{st}</td><td>{reason}</td><td>{:.3} s</td><td>{}</td></tr>",
            r.duration.as_secs_f64(),
            r.attempts
        );
    }
    out.push_str("</table>\n");
    for (i, r) in summary.results.iter().enumerate() {
        if status(r) != "passed" {
            scenario(&mut out, i, r, &summary.browser, suite_arg);
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn scenario(out: &mut String, i: usize, r: &ScenarioResult, browser: &str, suite_arg: &str) {
    let st = status(r);
    let _ = writeln!(
        out,
        "<section class=\"{st}\" id=\"s{i}\">\n<h2>{} <span class=\"{st}\">{st}</span></h2>",
        html_escape(r.id.as_str())
    );
    out.push_str("<table>\n");
    let row = |out: &mut String, k: &str, v: &str| {
        let _ = writeln!(out, "<tr><th>{k}</th><td>{}</td></tr>", html_escape(v));
    };
    if let Some(d) = &r.description {
        row(out, "Description", d);
    }
    row(out, "Page", &r.url);
    row(
        out,
        "Final URL",
        r.final_url.as_deref().unwrap_or("(not read)"),
    );
    row(out, "Browser", browser);
    row(
        out,
        "Viewport",
        &format!("{} × {}", r.viewport.width, r.viewport.height),
    );
    row(out, "Attempts", &r.attempts.to_string());
    for (n, f) in r.earlier_failures.iter().enumerate() {
        row(out, &format!("Attempt {}", n + 1), f);
    }
    if let Some(e) = &r.error {
        row(out, "Error", e);
    }
    for note in &r.notes {
        row(out, "Note", note);
    }
    out.push_str("</table>\n");
    let failed: Vec<_> = r
        .checks
        .iter()
        .filter_map(|c| match c {
            CheckOutcome::Fail {
                check,
                expected,
                found,
            } => Some((check, expected, found)),
            CheckOutcome::Pass { .. } => None,
        })
        .collect();
    if !failed.is_empty() {
        out.push_str("<h3>Failed checks</h3>\n<table>\n<tr><th>Check</th><th>Expected</th><th>Found</th></tr>\n");
        for (check, expected, found) in failed {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                html_escape(&check.to_string()),
                html_escape(expected),
                html_escape(found)
            );
        }
        out.push_str("</table>\n");
    }
    let (diff, written) = match &r.snapshot {
        SnapshotOutcome::Changed { old, new, written } => (
            Some((
                "Snapshot diff",
                render_snapshot_diff(r.id.as_str(), Some(old), new, Ink::Html),
            )),
            written.is_some(),
        ),
        SnapshotOutcome::New { new, written } => (
            Some((
                "New snapshot",
                render_snapshot_diff(r.id.as_str(), None, new, Ink::Html),
            )),
            written.is_some(),
        ),
        _ => (None, false),
    };
    if let Some((title, diff)) = diff {
        // The diff is HTML already: every text in it was escaped where it was drawn.
        let _ = writeln!(out, "<h3>{title}</h3>\n<pre>{diff}</pre>");
        // The scenario's file names it exactly (a filter would match by substring).
        let file = std::path::Path::new(suite_arg).join(format!("{}.toml", r.id));
        let file = html_escape(&shell_word(&file.to_string_lossy()));
        let _ = writeln!(
            out,
            "<p>{} <code class=\"cmd\">harness accept {file}</code> (one region only: add <code>--region NAME</code>)</p>",
            if written {
                "To accept it:"
            } else {
                "Nothing was written (CI mode); to accept it, run without <code>--ci</code>, then:"
            }
        );
    }
    for shot in &r.screenshots {
        let _ = writeln!(out, "<h3>Screenshot: {}</h3>", html_escape(&shot.subject));
        match std::fs::read(&shot.path) {
            Ok(png) => {
                let data = base64::engine::general_purpose::STANDARD.encode(png);
                let _ = writeln!(
                    out,
                    "<img alt=\"{} of {}\" src=\"data:image/png;base64,{data}\">",
                    html_escape(&shot.subject),
                    html_escape(r.id.as_str())
                );
            }
            Err(_) => {
                let _ = writeln!(
                    out,
                    "<p>(could not read {})</p>",
                    html_escape(&shot.path.display().to_string())
                );
            }
        }
    }
    out.push_str("</section>\n");
}

/// A word for a shell command line: as it is when it is safe, else in single quotes.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            html_escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
