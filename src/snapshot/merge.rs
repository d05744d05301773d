//! Deciding a pending snapshot section by section: accept a headline change while the
//! player's change is rejected. The main function is [`split_decision`]; it is pure, and the
//! review and `harness accept --region` write what it returns.

use super::body::{parse_sections, SnapshotBody};

/// A snapshot body as `(section, text)` pairs.
pub type Sections = Vec<(String, String)>;

/// The names of the sections that differ between the accepted body (none: a new snapshot)
/// and the pending one, in the pending body's order, then removed sections.
pub fn changed_sections(accepted: Option<&str>, pending: &str) -> Vec<String> {
    let old = accepted.map(parse_sections).unwrap_or_default();
    let new = parse_sections(pending);
    let find = |s: &Sections, name: &str| s.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone());
    let mut names: Vec<String> = Vec::new();
    for (name, _) in new.iter().chain(old.iter()) {
        if !names.contains(name) && find(&old, name) != find(&new, name) {
            names.push(name.clone());
        }
    }
    names
}

/// `primary`'s sections in its order, where `from_secondary(name)` says to take `secondary`'s
/// version instead (dropping the section when `secondary` has none); sections only
/// `secondary` has are appended when `from_secondary` takes them.
fn overlay(
    primary: &Sections,
    secondary: &Sections,
    from_secondary: impl Fn(&str) -> bool,
) -> Sections {
    let mut out = Sections::new();
    for (name, text) in primary {
        if from_secondary(name) {
            if let Some(other) = secondary.iter().find(|(n, _)| n == name) {
                out.push(other.clone());
            }
        } else {
            out.push((name.clone(), text.clone()));
        }
    }
    for (name, text) in secondary {
        if from_secondary(name) && !primary.iter().any(|(n, _)| n == name) {
            out.push((name.clone(), text.clone()));
        }
    }
    out
}

fn render(sections: &Sections) -> String {
    let mut body = SnapshotBody::default();
    for (name, text) in sections {
        body.push(name, text);
    }
    body.render()
}

/// What a per-section decision leaves on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitOutcome {
    /// The new accepted body, when it changes (`None`: leave `.snap` as it is).
    pub accepted: Option<String>,
    /// The new pending body (`None`: nothing is left pending; remove `.snap.new`).
    pub pending: Option<String>,
}

/// Applies per-section decisions to a pending snapshot: `accept` sections take the pending
/// text into the accepted body, `reject` sections take the accepted text back into the
/// pending body, and every other section stays as it is (still pending when it differs).
/// The pending body keeps the page's order of sections, so accepting the rest later gives
/// exactly what the next run reads.
pub fn split_decision(
    accepted: Option<&str>,
    pending: &str,
    accept: &[String],
    reject: &[String],
) -> SplitOutcome {
    let old = accepted.map(parse_sections).unwrap_or_default();
    let new = parse_sections(pending);
    let pending_after = overlay(&new, &old, |n| reject.iter().any(|r| r == n));
    let accepted_after = overlay(&pending_after, &old, |n| !accept.iter().any(|a| a == n));
    let accepted_text = render(&accepted_after);
    let pending_text = render(&pending_after);
    let accepted_changed = match accepted {
        Some(a) => render(&old) != accepted_text && a != accepted_text,
        None => !accepted_after.is_empty(),
    };
    let still_pending =
        accepted_text != pending_text && !(accepted.is_none() && pending_after.is_empty());
    SplitOutcome {
        accepted: accepted_changed.then_some(accepted_text),
        pending: still_pending.then_some(pending_text),
    }
}

/// Splits a snapshot file's text into its `---` header (with both fences) and its body.
pub fn split_file(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            let cut = 4 + end + 5;
            return (&text[..cut], &text[cut..]);
        }
    }
    ("", text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str =
        "── headline ──\nOld title\n\n── player ──\nplay\n\n── layout (chrome) ──\nA\n";
    const NEW: &str =
        "── headline ──\nNew title\n\n── player ──\nplay pause\n\n── layout (chrome) ──\nA\n";

    /// (accepted, pending, accept, reject) → (new accepted, new pending)
    type Case = (
        Option<&'static str>,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        Option<&'static str>,
        Option<&'static str>,
    );

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn decisions_per_section() {
        let headline_new =
            "── headline ──\nNew title\n\n── player ──\nplay\n\n── layout (chrome) ──\nA\n";
        let player_new =
            "── headline ──\nOld title\n\n── player ──\nplay pause\n\n── layout (chrome) ──\nA\n";
        // (accepted, pending, accept, reject) → (new accepted, new pending)
        let cases: Vec<Case> = vec![
            // Accept one section: it moves into .snap; the other stays pending.
            (
                Some(OLD),
                NEW,
                &["headline"],
                &[],
                Some(headline_new),
                Some(NEW),
            ),
            // Accept one, reject the other: .snap takes the headline, nothing stays pending.
            (
                Some(OLD),
                NEW,
                &["headline"],
                &["player"],
                Some(headline_new),
                None,
            ),
            // Reject one only: the pending file keeps the other change.
            (Some(OLD), NEW, &[], &["headline"], None, Some(player_new)),
            // Reject everything: no file changes but the pending one goes.
            (Some(OLD), NEW, &[], &["headline", "player"], None, None),
            // Accept everything: the pending body becomes the accepted one.
            (
                Some(OLD),
                NEW,
                &["headline", "player"],
                &[],
                Some(NEW),
                None,
            ),
            // A section of no change: nothing happens.
            (Some(OLD), NEW, &["layout (chrome)"], &[], None, Some(NEW)),
            // A new snapshot: accepted sections form the first .snap.
            (
                None,
                NEW,
                &["headline"],
                &["player", "layout (chrome)"],
                Some("── headline ──\nNew title\n"),
                None,
            ),
            (
                None,
                NEW,
                &[],
                &["headline", "player", "layout (chrome)"],
                None,
                None,
            ),
        ];
        for (acc, pen, accept, reject, want_acc, want_pen) in cases {
            let got = split_decision(acc, pen, &names(accept), &names(reject));
            assert_eq!(
                got,
                SplitOutcome {
                    accepted: want_acc.map(str::to_owned),
                    pending: want_pen.map(str::to_owned)
                },
                "accept {accept:?} reject {reject:?} of new={}",
                acc.is_none()
            );
        }
    }

    #[test]
    fn added_and_removed_sections_keep_the_page_order() {
        let old = "── a ──\n1\n\n── gone ──\nx\n";
        let new = "── a ──\n1\n\n── b ──\n2\n";
        assert_eq!(changed_sections(Some(old), new), ["b", "gone"]);
        let add = split_decision(Some(old), new, &names(&["b"]), &[]);
        assert_eq!(
            add.accepted.as_deref(),
            Some("── a ──\n1\n\n── b ──\n2\n\n── gone ──\nx\n")
        );
        assert_eq!(add.pending.as_deref(), Some(new));
        let remove = split_decision(Some(old), new, &names(&["gone", "b"]), &[]);
        assert_eq!(remove.accepted.as_deref(), Some(new));
        assert_eq!(remove.pending, None);
    }

    #[test]
    fn a_file_splits_at_its_header() {
        let file = "---\nsource: a.toml\nexpression: a\n---\n── a ──\n1\n";
        assert_eq!(
            split_file(file),
            ("---\nsource: a.toml\nexpression: a\n---\n", "── a ──\n1\n")
        );
        assert_eq!(split_file("── a ──\n"), ("", "── a ──\n"));
    }
}
