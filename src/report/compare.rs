//! `harness compare`: the same scenarios read from two servers, diffed section by section.
//! The main type here is [`Comparison`]; building it is pure.

use std::fmt::Write;

use super::{render_sections_diff, ScenarioResult};
use crate::snapshot::SnapshotOutcome;

/// How one scenario's page compares between the two servers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageComparison {
    /// Every section is the same.
    Same,
    /// Some sections differ: the first server's body and the second's.
    Differs(String, String),
    /// A page could not be read on one server (or both): why.
    Unreadable(String),
}

/// Every scenario's comparison, in scenario order.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// `(scenario, outcome)`.
    pub pages: Vec<(String, PageComparison)>,
}

fn body(r: &ScenarioResult) -> Result<&str, String> {
    match (&r.snapshot, &r.error) {
        (SnapshotOutcome::New { new, .. }, _) => Ok(new),
        (_, Some(e)) => Err(format!("{}: {e}", r.url)),
        _ => Err(format!("{}: not read", r.url)),
    }
}

/// Pairs two runs' results by scenario (both ran the same list, without snapshots, so each
/// read page's body is a "new" one).
pub fn compare_results(first: &[ScenarioResult], second: &[ScenarioResult]) -> Comparison {
    let mut pages = Vec::new();
    for a in first {
        let Some(b) = second.iter().find(|b| b.id == a.id) else {
            continue;
        };
        let outcome = match (body(a), body(b)) {
            (Ok(x), Ok(y)) if x == y => PageComparison::Same,
            (Ok(x), Ok(y)) => PageComparison::Differs(x.to_owned(), y.to_owned()),
            (Err(e), Ok(_)) | (Ok(_), Err(e)) => PageComparison::Unreadable(e),
            (Err(e), Err(f)) => PageComparison::Unreadable(format!("{e}; {f}")),
        };
        pages.push((a.id.to_string(), outcome));
    }
    Comparison { pages }
}

impl Comparison {
    /// Whether every page is the same on both servers.
    pub fn same(&self) -> bool {
        self.pages.iter().all(|(_, p)| *p == PageComparison::Same)
    }

    /// One line per scenario, the diff of each that differs, and a summary line.
    pub fn render(&self, first: &str, second: &str, color: bool) -> String {
        let mut out = String::new();
        let (mut same, mut differ, mut unreadable) = (0, 0, 0);
        for (name, page) in &self.pages {
            match page {
                PageComparison::Same => {
                    same += 1;
                    let _ = writeln!(out, "{:>12} {name}", "SAME");
                }
                PageComparison::Differs(a, b) => {
                    differ += 1;
                    let _ = writeln!(out, "{:>12} {name}", "DIFFERS");
                    out.push_str(&render_sections_diff(
                        name,
                        Some(a),
                        b,
                        (first, second),
                        color,
                    ));
                }
                PageComparison::Unreadable(why) => {
                    unreadable += 1;
                    let _ = writeln!(out, "{:>12} {name}\n{:>12} {why}", "FAIL", "");
                }
            }
        }
        let _ = writeln!(
            out,
            "{:>12} {} pages compared: {same} the same, {differ} differ, {unreadable} not read",
            "Summary",
            self.pages.len()
        );
        out
    }
}
