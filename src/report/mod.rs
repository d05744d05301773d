//! Everything the user reads: status lines, failures, snapshot diffs and the summary
//! ([`HumanReporter`], which writes to any `impl Write`, so tests can render it into a
//! buffer), and the report files: JSON ([`json_report`]), JUnit XML ([`junit_report`]) and
//! HTML ([`html_report`]).

mod compare;
mod diff;
mod events;
mod html;
mod human;
mod json;
mod junit;
mod stages;

pub use compare::{compare_results, Comparison, PageComparison};
pub use diff::{render_diff, render_sections_diff, render_snapshot_diff};
pub use events::{RunEvent, RunSummary, ScenarioResult, Screenshot};
pub use html::{html_escape, html_report};
pub use human::HumanReporter;
pub use json::{json_report, Counts, JsonReport};
pub use junit::{junit_report, xml_escape};
pub use stages::{millis, Stages};

pub use crate::error::{error_chain, error_lines};

/// `1 scenario`, `2 scenarios`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
