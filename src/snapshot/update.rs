//! What a run does with a scenario's snapshot: lays out its body from the observation,
//! writes its header, and compares it with the accepted one, writing `.snap` or `.snap.new`
//! as the update policy says (insta's `INSTA_UPDATE` in our words). The decision itself is
//! the pure [`decide`], table-tested below.

use std::path::{Path, PathBuf};

use super::{Header, SnapshotBody, SnapshotStore, StoreError};
use crate::probe::Observation;
use crate::scenario::{NamedViewport, Scenario, ScenarioId};
use crate::text::{normalize_text, redact};
use crate::widget::widget_sections;

/// What happens to snapshot files during a run (insta's `INSTA_UPDATE` in our words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotUpdate {
    /// Write `.snap.new` for new and changed snapshots; the scenario fails.
    Pending,
    /// Write `.snap` directly (`--accept`); the scenario passes.
    Accept,
    /// Write nothing (`--ci` or `CI`); a new or changed snapshot fails.
    Never,
}

/// How a scenario's snapshot compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotOutcome {
    /// Same as the accepted snapshot.
    Matched,
    /// No accepted snapshot yet; `written` is the pending file (none under `--ci`).
    New {
        /// The new body.
        new: String,
        /// The pending file written, if any.
        written: Option<PathBuf>,
    },
    /// Differs from the accepted snapshot.
    Changed {
        /// The accepted body.
        old: String,
        /// The new body.
        new: String,
        /// The pending file written, if any.
        written: Option<PathBuf>,
    },
    /// Written straight to `.snap` by `--accept`.
    Accepted {
        /// The snapshot file.
        path: PathBuf,
    },
    /// Not compared, because the page could not be read.
    Skipped,
}

/// The normalised, redacted snapshot body of an observation, and of the reads at the
/// scenario's other viewports (`others`, none for one viewport).
///
/// The layout section is named after the browser family (`layout (chrome)`): text is
/// shared by every browser, layout is each browser's own. With several viewports, a text
/// section that reads the same at every size is written once, one that differs once per
/// viewport (`headline @ phone`), and each viewport has its layout section
/// (`layout (chrome, phone)`).
pub fn snapshot_body(
    scenario: &Scenario,
    obs: &Observation,
    others: &[(NamedViewport, Observation)],
    browser: &str,
) -> String {
    let text = |seen: &Observation| -> Vec<(String, String)> {
        scenario
            .regions
            .iter()
            .zip(&seen.regions)
            .map(|(region, seen)| {
                let text = if seen.count == 0 {
                    format!("(no element matches `{}`)", region.selector)
                } else {
                    redact(&normalize_text(&seen.text), &scenario.redactions)
                };
                (region.name.clone(), text)
            })
            .collect()
    };
    let primary = scenario.viewports.first().map_or("", |v| v.name.as_str());
    // (viewport name, its region sections, its observation), the first viewport first.
    type Read<'a> = (&'a str, Vec<(String, String)>, &'a Observation);
    let mut reads: Vec<Read<'_>> = vec![(primary, text(obs), obs)];
    for (at, seen) in others {
        reads.push((at.name.as_str(), text(seen), seen));
    }
    let mut body = SnapshotBody::default();
    for (i, (name, first)) in reads[0].1.iter().enumerate() {
        let same = reads
            .iter()
            .all(|(_, texts, _)| texts.get(i).map(|t| &t.1) == Some(first));
        if same {
            body.push(name, first);
        } else {
            for (at, texts, _) in &reads {
                let text = texts.get(i).map_or("", |t| t.1.as_str());
                body.push(&format!("{name} @ {at}"), text);
            }
        }
    }
    for (name, text) in widget_sections(&scenario.widgets, &obs.widgets) {
        body.push(&name, &redact(&normalize_text(&text), &scenario.redactions));
    }
    for (at, _, seen) in &reads {
        if let Some(layout) = &seen.layout {
            body.push(
                &super::layout::section_name(browser, at),
                &super::layout::layout_section(layout),
            );
        }
    }
    body.render()
}

/// The header of a scenario's snapshot: where it comes from (the scenario file, named from
/// the suite folder's name) and its provenance.
pub fn snapshot_header(
    suite_root: &Path,
    scenario: &Scenario,
    provenance: &Provenance<'_>,
) -> Header {
    let rel = scenario
        .path
        .strip_prefix(suite_root)
        .unwrap_or(&scenario.path);
    let suite_name = std::fs::canonicalize(suite_root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    let rel = rel.to_string_lossy().replace('\\', "/");
    Header {
        source: match suite_name {
            Some(s) => format!("{s}/{rel}"),
            None => rel,
        },
        expression: scenario.id.to_string(),
        description: scenario.description.clone(),
        info: vec![
            ("browser".into(), provenance.browser.to_owned()),
            (
                "viewport".into(),
                format!("{}x{}", scenario.viewport.width, scenario.viewport.height),
            ),
            ("final_url".into(), provenance.final_url.to_owned()),
        ]
        .into_iter()
        .chain(
            provenance
                .consent
                .as_ref()
                .map(|c| ("consent".to_owned(), c.clone())),
        )
        .collect(),
    }
}

/// Where a snapshot's text came from; stored in its header, never compared.
pub struct Provenance<'a> {
    /// The browser's name and version.
    pub browser: &'a str,
    /// The page's final URL, with the embedded server's origin (a new port every run)
    /// written as `suite:`.
    pub final_url: String,
    /// How a consent dialog was passed, when one was.
    pub consent: Option<String>,
}

/// What to do with a scenario's snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The same as the accepted one; a leftover pending file goes when files may be written.
    Matched {
        /// Whether to remove a pending file.
        clear_pending: bool,
    },
    /// Write `.snap` and remove any pending file (`--accept`).
    Accept,
    /// Write `.snap.new`, never touching `.snap`; the scenario fails.
    Pending {
        /// Whether an accepted snapshot exists (changed) or not (new).
        changed: bool,
    },
    /// Write nothing (`--ci`); the scenario fails.
    Report {
        /// Whether an accepted snapshot exists (changed) or not (new).
        changed: bool,
    },
}

/// Decides from the accepted body (if any), the new one and the update policy.
pub fn decide(accepted: Option<&str>, new: &str, update: SnapshotUpdate) -> Decision {
    let changed = accepted.is_some();
    match (accepted, update) {
        (Some(old), update) if old == new => Decision::Matched {
            clear_pending: update != SnapshotUpdate::Never,
        },
        (_, SnapshotUpdate::Accept) => Decision::Accept,
        (_, SnapshotUpdate::Pending) => Decision::Pending { changed },
        (_, SnapshotUpdate::Never) => Decision::Report { changed },
    }
}

/// Whether a body would fail its comparison (it differs from the accepted snapshot, or
/// there is none and the policy does not accept), without writing anything.
pub fn would_fail(
    store: &SnapshotStore,
    update: SnapshotUpdate,
    id: &ScenarioId,
    body: &str,
) -> bool {
    let Ok(old) = store.read_accepted(id) else {
        return true;
    };
    let body = super::layout::with_other_layouts(old.as_deref(), body);
    !matches!(
        decide(old.as_deref(), body.trim_end(), update),
        Decision::Matched { .. } | Decision::Accept
    )
}

/// Compares a scenario's snapshot body with the accepted one and writes what the policy
/// says; `header` is only built when a file is written.
///
/// # Errors
///
/// [`StoreError`] when the store cannot be read or written.
pub fn compare_snapshot(
    store: &SnapshotStore,
    update: SnapshotUpdate,
    id: &ScenarioId,
    body: &str,
    header: impl FnOnce() -> Header,
) -> Result<SnapshotOutcome, StoreError> {
    let old = store.read_accepted(id)?;
    let body = &super::layout::with_other_layouts(old.as_deref(), body);
    let new = body.trim_end().to_owned();
    Ok(match decide(old.as_deref(), &new, update) {
        Decision::Matched { clear_pending } => {
            if clear_pending {
                store.remove_pending(id)?;
            }
            SnapshotOutcome::Matched
        }
        Decision::Accept => {
            let path = store.write_accepted(id, &header(), body)?;
            store.remove_pending(id)?;
            SnapshotOutcome::Accepted { path }
        }
        Decision::Pending { .. } => {
            let written = Some(store.write_pending(id, &header(), body)?);
            outcome(old, new, written)
        }
        Decision::Report { .. } => outcome(old, new, None),
    })
}

/// A snapshot that differs from the accepted one, or has none yet.
fn outcome(old: Option<String>, new: String, written: Option<PathBuf>) -> SnapshotOutcome {
    match old {
        Some(old) => SnapshotOutcome::Changed { old, new, written },
        None => SnapshotOutcome::New { new, written },
    }
}

#[cfg(test)]
mod tests {
    use super::{decide, Decision, SnapshotUpdate};

    #[test]
    fn accepted_snapshots_change_only_when_told() {
        use SnapshotUpdate::*;
        let cases = [
            (
                Some("a"),
                "a",
                Pending,
                Decision::Matched {
                    clear_pending: true,
                },
            ),
            (
                Some("a"),
                "a",
                Accept,
                Decision::Matched {
                    clear_pending: true,
                },
            ),
            (
                Some("a"),
                "a",
                Never,
                Decision::Matched {
                    clear_pending: false,
                },
            ),
            (Some("a"), "b", Pending, Decision::Pending { changed: true }),
            (None, "b", Pending, Decision::Pending { changed: false }),
            (Some("a"), "b", Accept, Decision::Accept),
            (None, "b", Accept, Decision::Accept),
            (Some("a"), "b", Never, Decision::Report { changed: true }),
            (None, "b", Never, Decision::Report { changed: false }),
        ];
        for (accepted, new, update, want) in cases {
            assert_eq!(
                decide(accepted, new, update),
                want,
                "{accepted:?} {new} {update:?}"
            );
        }
    }
}
