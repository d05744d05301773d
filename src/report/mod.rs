//! Everything the user reads: status lines, failures, snapshot diffs and the summary
//! ([`HumanReporter`], which writes to any `impl Write`, so tests can render it into a
//! buffer), and the report files: JSON ([`json_report`]), JUnit XML ([`junit_report`]) and
//! HTML ([`html_report`]).

mod diff;
mod html;
mod human;
mod json;
mod junit;

pub use diff::{render_diff, render_snapshot_diff};
pub use html::{html_escape, html_report};
pub use human::HumanReporter;
pub use json::{json_report, Counts, JsonReport};
pub use junit::{junit_report, xml_escape};

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

/// `1 scenario`, `2 scenarios`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
