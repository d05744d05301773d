//! Handling pending snapshots after a run: `harness accept`, `harness reject` and the
//! interactive `harness review`. Nothing is lost: accepting a whole snapshot is one rename
//! over the old one, rejecting removes only the pending file, skipping leaves both, and a
//! decision per section (region, widget or layout) rewrites the two files atomically.
//!
//! On a terminal, review answers are single keys; from a pipe, one answer a line.

use std::io::{BufRead, Write};

use crate::report::{plural, render_snapshot_diff};
use crate::snapshot::{changed_sections, read_body_of, PendingSnapshot, SnapshotStore, StoreError};

/// What the person decided for one pending snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Replace the accepted snapshot.
    Accept,
    /// Remove the pending file.
    Reject,
    /// Leave it for later.
    Skip,
}

/// Counts of what a review did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReviewTally {
    /// Snapshots accepted (wholly or in part).
    pub accepted: usize,
    /// Snapshots rejected (wholly or in part).
    pub rejected: usize,
    /// Snapshots skipped.
    pub skipped: usize,
}

impl ReviewTally {
    /// `2 accepted, 1 rejected, 0 skipped`.
    pub fn describe(&self) -> String {
        format!(
            "{} accepted, {} rejected, {} skipped",
            self.accepted, self.rejected, self.skipped
        )
    }
}

/// Which pending snapshots a command takes.
#[derive(Debug, Clone, Default)]
pub struct PendingFilter {
    /// `--filter` patterns: a scenario name matching any is taken (none: all).
    pub filters: Vec<String>,
    /// Scenario names (`news/a`) or folder prefixes (`news/`) from path arguments (none:
    /// all).
    pub paths: Vec<String>,
}

impl PendingFilter {
    /// Whether the scenario `name` is taken.
    pub fn keeps(&self, name: &str) -> bool {
        let by_filter = self.filters.is_empty()
            || self
                .filters
                .iter()
                .any(|f| crate::scenario::name_matches(f, name));
        let by_path = self.paths.is_empty()
            || self
                .paths
                .iter()
                .any(|p| name == p || (p.ends_with('/') && name.starts_with(p.as_str())));
        by_filter && by_path
    }
}

/// The pending snapshots the filter keeps (snapshot files name nested scenarios with `__`
/// for `/`).
fn pending(
    store: &SnapshotStore,
    keep: &PendingFilter,
) -> Result<Vec<PendingSnapshot>, StoreError> {
    let mut all = store.list_pending()?;
    all.retain(|p| keep.keeps(&p.name.replace("__", "/")));
    Ok(all)
}

/// What `harness accept` / `reject` did to one pending snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// The snapshot's name.
    pub name: String,
    /// The sections decided (empty: the whole snapshot).
    pub sections: Vec<String>,
}

/// Whether a `--region` argument names a section: exactly, or as a glob (`layout*`).
fn names_section(pattern: &str, section: &str) -> bool {
    if pattern.contains(['*', '?']) {
        crate::scenario::name_matches(pattern, section)
    } else {
        pattern == section
    }
}

/// Applies one decision to every pending snapshot the filter keeps (`harness accept` /
/// `harness reject`); with `regions`, only to those sections of each, the others staying
/// pending. A snapshot none of whose changed sections is named is left alone.
///
/// # Errors
///
/// The first file that cannot be read, renamed, written or removed; those before it are done.
pub fn decide_all(
    store: &SnapshotStore,
    decision: Decision,
    keep: &PendingFilter,
    regions: &[String],
) -> Result<(Vec<Decided>, ReviewTally), StoreError> {
    let mut tally = ReviewTally::default();
    let mut done = Vec::new();
    for p in pending(store, keep)? {
        let sections = if regions.is_empty() {
            Vec::new()
        } else {
            let old = read_body_of(&p.accepted)?;
            let new = read_body_of(&p.pending)?.unwrap_or_default();
            let named: Vec<String> = changed_sections(old.as_deref(), &new)
                .into_iter()
                .filter(|s| regions.iter().any(|r| names_section(r, s)))
                .collect();
            if named.is_empty() {
                tally.skipped += 1;
                continue;
            }
            named
        };
        apply(store, &p, decision, &sections, &mut tally)?;
        done.push(Decided {
            name: p.name.clone(),
            sections,
        });
    }
    Ok((done, tally))
}

/// Applies a decision to a whole snapshot (`sections` empty) or to some of its sections.
fn apply(
    store: &SnapshotStore,
    p: &PendingSnapshot,
    decision: Decision,
    sections: &[String],
    tally: &mut ReviewTally,
) -> Result<(), StoreError> {
    match (decision, sections.is_empty()) {
        (Decision::Accept, true) => store.accept(p)?,
        (Decision::Reject, true) => store.reject(p)?,
        (Decision::Accept, false) => {
            store.decide_sections(p, sections, &[])?;
        }
        (Decision::Reject, false) => {
            store.decide_sections(p, &[], sections)?;
        }
        (Decision::Skip, _) => {}
    }
    match decision {
        Decision::Accept => tally.accepted += 1,
        Decision::Reject => tally.rejected += 1,
        Decision::Skip => tally.skipped += 1,
    }
    Ok(())
}

/// Where review answers come from.
pub trait Answers {
    /// Shows `prompt` and returns one of the `keys` (`None`: the person quit or the input
    /// ended).
    fn ask(&mut self, out: &mut dyn Write, prompt: &str, keys: &str) -> Option<char>;
}

/// Single keys from the terminal, no Enter needed.
pub struct KeyAnswers(pub console::Term);

impl Answers for KeyAnswers {
    fn ask(&mut self, out: &mut dyn Write, prompt: &str, keys: &str) -> Option<char> {
        loop {
            let _ = write!(out, "{prompt} ");
            let _ = out.flush();
            // An error (Ctrl-C in raw mode, a closed terminal) quits.
            let key = self.0.read_char().ok()?;
            let _ = writeln!(out, "{key}");
            if keys.contains(key) && key != '\n' {
                return Some(key);
            }
            let _ = writeln!(out, "  press one of {}", spelled(keys));
        }
    }
}

/// One answer a line (a pipe, a script); the first character of the line counts.
pub struct LineAnswers<R: BufRead>(pub R);

impl<R: BufRead> Answers for LineAnswers<R> {
    fn ask(&mut self, out: &mut dyn Write, prompt: &str, keys: &str) -> Option<char> {
        loop {
            let _ = write!(out, "{prompt} ");
            let _ = out.flush();
            let mut line = String::new();
            match self.0.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let _ = writeln!(out);
            match line.trim().chars().next() {
                Some(key) if keys.contains(key) => return Some(key),
                Some(_) => {
                    let _ = writeln!(
                        out,
                        "  `{}` is not an answer; type one of {}",
                        line.trim(),
                        spelled(keys)
                    );
                }
                None => {
                    let _ = writeln!(out, "  nothing typed; type one of {}", spelled(keys));
                }
            }
        }
    }
}

fn spelled(keys: &str) -> String {
    keys.chars()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lines of a pending file's header a reviewer needs: the page and the failed checks.
fn context(p: &PendingSnapshot) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(&p.pending) else {
        return Vec::new();
    };
    let (header, _) = crate::snapshot::split_file(&text);
    let mut out = Vec::new();
    for line in header.lines() {
        let Some((key, value)) = line.trim().split_once(": ") else {
            continue;
        };
        let value = serde_json::from_str::<String>(value).unwrap_or_else(|_| value.to_owned());
        match key {
            "final_url" => out.push(format!("page: {value}")),
            "failed_checks" => {
                for check in value.split('\n') {
                    out.push(format!("check failed: {check}"));
                }
            }
            _ => {}
        }
    }
    out
}

/// Shows each pending snapshot's diff and asks what to do with it: for a snapshot with more
/// than one changed section, section by section (accept or reject this section, or all the
/// rest, skip, quit). Every decision is confirmed on a line of its own.
///
/// # Errors
///
/// A snapshot that cannot be read, renamed, written or removed.
pub fn review(
    store: &SnapshotStore,
    keep: &PendingFilter,
    answers: &mut dyn Answers,
    out: &mut dyn Write,
    color: bool,
) -> Result<ReviewTally, StoreError> {
    let pending = pending(store, keep)?;
    let mut tally = ReviewTally::default();
    let total = pending.len();
    if total == 0 {
        let _ = writeln!(out, "no pending snapshots in {}", store.dir().display());
        return Ok(tally);
    }
    'snapshots: for (i, p) in pending.iter().enumerate() {
        let old = read_body_of(&p.accepted)?;
        let new = read_body_of(&p.pending)?.unwrap_or_default();
        let changed = changed_sections(old.as_deref(), &new);
        let _ = writeln!(
            out,
            "\nSnapshot {}/{total}: {} ({})",
            i + 1,
            p.name,
            if old.is_some() { "changed" } else { "new" }
        );
        for line in context(p) {
            let _ = writeln!(out, "  {line}");
        }
        if old.is_none() || changed.len() <= 1 {
            let _ = write!(
                out,
                "{}",
                render_snapshot_diff(&p.name, old.as_deref(), &new, color)
            );
            let key = answers.ask(out, "  a accept · r reject · s skip · q quit >", "arsq");
            let decision = match key {
                Some('a') => Decision::Accept,
                Some('r') => Decision::Reject,
                Some('s') => Decision::Skip,
                _ => {
                    tally.skipped += total - i;
                    break 'snapshots;
                }
            };
            apply(store, p, decision, &[], &mut tally)?;
            let _ = writeln!(out, "  {}", confirm(decision, &p.name, &[]));
            continue;
        }
        let (mut accept, mut reject) = (Vec::new(), Vec::new());
        let mut quit = false;
        let mut rest: Option<char> = None;
        for (j, section) in changed.iter().enumerate() {
            let key = match rest {
                Some(k) => k,
                None => {
                    let _ = write!(
                        out,
                        "{}",
                        section_diff(&p.name, old.as_deref(), &new, section, color)
                    );
                    let prompt = format!(
                        "  region {}/{} `{section}`: y accept it · n reject it · a accept all · r reject all · s skip · q quit >",
                        j + 1,
                        changed.len()
                    );
                    match answers.ask(out, &prompt, "ynarsq") {
                        Some(k @ ('a' | 'r')) => {
                            rest = Some(k);
                            k
                        }
                        Some(k) => k,
                        None => 'q',
                    }
                }
            };
            match key {
                'y' | 'a' => accept.push(section.clone()),
                'n' | 'r' => reject.push(section.clone()),
                's' => {}
                _ => {
                    quit = true;
                    break;
                }
            }
            if rest.is_none() {
                let done = match key {
                    'y' => format!("accepted `{section}`"),
                    'n' => format!("rejected `{section}`"),
                    _ => format!("left `{section}` pending"),
                };
                let _ = writeln!(out, "  {done}");
            }
        }
        // Decisions made before a quit still count.
        if !accept.is_empty() || !reject.is_empty() {
            store.decide_sections(p, &accept, &reject)?;
            // A snapshot decided in part counts where each of its parts went.
            tally.accepted += usize::from(!accept.is_empty());
            tally.rejected += usize::from(!reject.is_empty());
            let mut parts = Vec::new();
            if !accept.is_empty() {
                parts.push(confirm(Decision::Accept, &p.name, &accept));
            }
            if !reject.is_empty() {
                parts.push(confirm(Decision::Reject, &p.name, &reject));
            }
            let _ = writeln!(out, "  {}", parts.join("; "));
        } else if !quit {
            tally.skipped += 1;
            let _ = writeln!(out, "  {}", confirm(Decision::Skip, &p.name, &[]));
        }
        if quit {
            tally.skipped += total - i - usize::from(!accept.is_empty() || !reject.is_empty());
            break;
        }
    }
    let _ = writeln!(
        out,
        "{}",
        plural(total, "pending snapshot", "pending snapshots") + ": " + &tally.describe()
    );
    Ok(tally)
}

/// The diff of one section of a snapshot.
fn section_diff(name: &str, old: Option<&str>, new: &str, section: &str, color: bool) -> String {
    let only = |body: &str| {
        let mut b = crate::snapshot::SnapshotBody::default();
        for (n, t) in crate::snapshot::parse_sections(body) {
            if n == section {
                b.push(&n, &t);
            }
        }
        b.render()
    };
    let old = old.map(only);
    render_snapshot_diff(name, old.as_deref(), &only(new), color)
}

/// `accepted article (headline, player)`, `rejected article`, `skipped article`.
pub fn confirm(decision: Decision, name: &str, sections: &[String]) -> String {
    let verb = match decision {
        Decision::Accept => "accepted",
        Decision::Reject => "rejected",
        Decision::Skip => "skipped",
    };
    if sections.is_empty() {
        format!("{verb} {name}")
    } else {
        format!("{verb} {name} ({})", sections.join(", "))
    }
}
