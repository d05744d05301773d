//! Handling pending snapshots after a run: `harness accept`, `harness reject` and the
//! interactive `harness review`. Nothing is lost: accepting is one rename over the old
//! snapshot, rejecting removes only the pending file, skipping leaves both.

use std::io::{BufRead, Write};

use crate::report::{plural, render_snapshot_diff};
use crate::snapshot::{read_body_of, PendingSnapshot, SnapshotStore, StoreError};

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
    /// Snapshots accepted.
    pub accepted: usize,
    /// Snapshots rejected.
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

/// Applies one decision to every pending snapshot (`harness accept` / `harness reject`).
///
/// # Errors
///
/// The first file that cannot be renamed or removed; those before it are done.
pub fn decide_all(
    store: &SnapshotStore,
    decision: Decision,
    filter: Option<&str>,
) -> Result<(Vec<PendingSnapshot>, ReviewTally), StoreError> {
    let pending = pending(store, filter)?;
    let mut tally = ReviewTally::default();
    for p in &pending {
        apply(store, p, decision, &mut tally)?;
    }
    Ok((pending, tally))
}

/// The pending snapshots whose scenario name matches the filter (snapshot files name nested
/// scenarios with `__` for `/`).
fn pending(
    store: &SnapshotStore,
    filter: Option<&str>,
) -> Result<Vec<PendingSnapshot>, StoreError> {
    let mut all = store.list_pending()?;
    if let Some(f) = filter {
        all.retain(|p| crate::scenario::name_matches(f, &p.name.replace("__", "/")));
    }
    Ok(all)
}

fn apply(
    store: &SnapshotStore,
    p: &PendingSnapshot,
    decision: Decision,
    tally: &mut ReviewTally,
) -> Result<(), StoreError> {
    match decision {
        Decision::Accept => {
            store.accept(p)?;
            tally.accepted += 1;
        }
        Decision::Reject => {
            store.reject(p)?;
            tally.rejected += 1;
        }
        Decision::Skip => tally.skipped += 1,
    }
    Ok(())
}

/// Shows each pending snapshot's diff on `out` and asks on `input` what to do with it. At the
/// end of `input` the remaining snapshots are skipped.
///
/// # Errors
///
/// A snapshot that cannot be read, renamed or removed.
pub fn review(
    store: &SnapshotStore,
    filter: Option<&str>,
    input: &mut impl BufRead,
    out: &mut impl Write,
    color: bool,
) -> Result<ReviewTally, StoreError> {
    let pending = pending(store, filter)?;
    let mut tally = ReviewTally::default();
    let total = pending.len();
    for (i, p) in pending.iter().enumerate() {
        let old = read_body_of(&p.accepted)?;
        let new = read_body_of(&p.pending)?.unwrap_or_default();
        let _ = writeln!(
            out,
            "\nSnapshot {}/{total}: {} ({})",
            i + 1,
            p.name,
            if old.is_some() { "changed" } else { "new" }
        );
        let _ = write!(
            out,
            "{}",
            render_snapshot_diff(&p.name, old.as_deref(), &new, color)
        );
        let decision = loop {
            let _ = write!(out, "  a accept, r reject, s skip > ");
            let _ = out.flush();
            let mut line = String::new();
            match input.read_line(&mut line) {
                Ok(0) | Err(_) => break None,
                Ok(_) => {}
            }
            match line.trim().to_ascii_lowercase().as_str() {
                "a" | "accept" => break Some(Decision::Accept),
                "r" | "reject" => break Some(Decision::Reject),
                "s" | "skip" | "" => break Some(Decision::Skip),
                other => {
                    let _ = writeln!(out, "  unknown answer `{other}`");
                }
            }
        };
        match decision {
            Some(d) => apply(store, p, d, &mut tally)?,
            None => {
                tally.skipped += total - i;
                let _ = writeln!(out);
                break;
            }
        }
    }
    let _ = writeln!(
        out,
        "{}",
        plural(total, "pending snapshot", "pending snapshots") + ": " + &tally.describe()
    );
    Ok(tally)
}
