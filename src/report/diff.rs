//! Line diffs of snapshot bodies, drawn the way insta draws them: patience algorithm, a few
//! lines of context, old and new line numbers, and word-level emphasis inside changed lines.
//! Each region is diffed on its own, under a heading that names scenario and region.

use std::fmt::Write;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use similar::{Algorithm, ChangeTag, TextDiff};

use crate::snapshot::parse_sections;

const DEL: Style = AnsiColor::Red.on_default();
const INS: Style = AnsiColor::Green.on_default();
const DIM: Style = Style::new().dimmed();
const HEAD: Style = Style::new().bold();

/// How a diff is drawn: plain or ANSI-coloured text for a terminal, or HTML (escaped text
/// in classed spans, word-level changes in `<mark>`) for the HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Terminal text, coloured or not.
    Terminal(bool),
    /// HTML.
    Html,
}

impl From<bool> for Ink {
    fn from(color: bool) -> Self {
        Ink::Terminal(color)
    }
}

fn paint(out: &mut String, style: Style, text: &str, ink: impl Into<Ink>) {
    let color = match ink.into() {
        Ink::Terminal(color) => color,
        Ink::Html => {
            let escaped = super::html_escape(text);
            let class = if style.get_effects().contains(anstyle::Effects::UNDERLINE) {
                let _ = write!(out, "<mark>{escaped}</mark>");
                return;
            } else if style == DEL {
                "del"
            } else if style == INS {
                "ins"
            } else if style == HEAD {
                "head"
            } else {
                "dim"
            };
            let _ = write!(out, "<span class=\"{class}\">{escaped}</span>");
            return;
        }
    };
    if color {
        let _ = write!(out, "{}{}{}", style.render(), text, style.render_reset());
    } else {
        out.push_str(text);
    }
}

/// Diffs two snapshot bodies region by region; regions that are the same are left out.
/// `old` is `None` for a new snapshot, whose every line is shown as added.
pub fn render_snapshot_diff(
    scenario: &str,
    old: Option<&str>,
    new: &str,
    color: impl Into<Ink>,
) -> String {
    render_sections_diff(scenario, old, new, ("old snapshot", "new results"), color)
}

/// [`render_snapshot_diff`] with other names for the two sides (`harness compare` diffs
/// two servers, not a snapshot and a result).
pub fn render_sections_diff(
    scenario: &str,
    old: Option<&str>,
    new: &str,
    labels: (&str, &str),
    color: impl Into<Ink>,
) -> String {
    let color: Ink = color.into();
    let old_sections = old.map(parse_sections).unwrap_or_default();
    let new_sections = parse_sections(new);
    let mut names: Vec<&str> = new_sections.iter().map(|(n, _)| n.as_str()).collect();
    for (n, _) in &old_sections {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    let find = |sections: &[(String, String)], name: &str| {
        sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
    };
    let mut out = String::new();
    for name in names {
        let before = find(&old_sections, name);
        let after = find(&new_sections, name);
        if before == after {
            continue;
        }
        let title = match (&before, &after) {
            (None, _) if old.is_some() => format!("{scenario} › {name} (new region)"),
            (_, None) => format!("{scenario} › {name} (region removed)"),
            _ => format!("{scenario} › {name}"),
        };
        paint(&mut out, HEAD, &format!("─── {title} ───"), color);
        out.push('\n');
        out.push_str(&render_labelled_diff(
            before.as_deref().unwrap_or(""),
            after.as_deref().unwrap_or(""),
            labels,
            color,
        ));
    }
    out
}

/// The most diff lines shown for one region; the pending file has the rest.
const MAX_LINES: usize = 400;

/// A line diff of two texts with `-old snapshot` / `+new results` headers and line numbers.
/// A huge diff (a page that grew by megabytes) is cut after a few hundred lines.
pub fn render_diff(old: &str, new: &str, color: bool) -> String {
    render_labelled_diff(
        old,
        new,
        ("old snapshot", "new results"),
        Ink::Terminal(color),
    )
}

fn render_labelled_diff(old: &str, new: &str, labels: (&str, &str), color: Ink) -> String {
    let mut shown = 0usize;
    let mut cut = 0usize;
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(Duration::from_millis(500))
        .diff_lines(old, new);
    let mut out = String::new();
    paint(&mut out, DEL, &format!("-{}", labels.0), color);
    out.push('\n');
    paint(&mut out, INS, &format!("+{}", labels.1), color);
    out.push('\n');
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            paint(&mut out, DIM, "          ┈┈┈┈", color);
            out.push('\n');
        }
        for op in group {
            for change in diff.iter_inline_changes(op) {
                if shown >= MAX_LINES {
                    cut += 1;
                    continue;
                }
                shown += 1;
                let old_no = change
                    .old_index()
                    .map(|i| format!("{:>5}", i + 1))
                    .unwrap_or_else(|| " ".repeat(5));
                let new_no = change
                    .new_index()
                    .map(|i| format!("{:>5}", i + 1))
                    .unwrap_or_else(|| " ".repeat(5));
                let (sign, style) = match change.tag() {
                    ChangeTag::Delete => ("-", DEL),
                    ChangeTag::Insert => ("+", INS),
                    ChangeTag::Equal => (" ", DIM),
                };
                paint(&mut out, DIM, &format!("{old_no} {new_no} │"), color);
                let blank = change.tag() == ChangeTag::Equal
                    && change
                        .iter_strings_lossy()
                        .all(|(_, v)| v.trim_end_matches('\n').is_empty());
                if !blank {
                    paint(&mut out, style, sign, color);
                }
                for (emphasized, value) in change.iter_strings_lossy() {
                    let value = value.trim_end_matches('\n');
                    let style = if emphasized && change.tag() != ChangeTag::Equal {
                        style.underline()
                    } else {
                        style
                    };
                    let style = if change.tag() == ChangeTag::Equal {
                        Style::new()
                    } else {
                        style
                    };
                    paint(&mut out, style, value, color);
                }
                out.push('\n');
            }
        }
    }
    if cut > 0 {
        paint(
            &mut out,
            DIM,
            &format!("          … {cut} more lines (the pending snapshot file has them all)"),
            color,
        );
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_regions_are_shown_with_line_numbers() {
        let old = "── headline ──\nSame\n\n── player ──\nplay_arrow\nreplay_10\n00:00 / 00:00\n";
        let new = "── headline ──\nSame\n\n── player ──\nplay_arrow\n00:00 / 00:00\n";
        let text = render_snapshot_diff("article", Some(old), new, false);
        assert_eq!(
            text,
            "─── article › player ───\n-old snapshot\n+new results\n    1     1 │ play_arrow\n    2       │-replay_10\n    3     2 │ 00:00 / 00:00\n"
        );
    }

    #[test]
    fn a_new_snapshot_shows_every_line_added() {
        let text = render_snapshot_diff("article", None, "── page ──\nHello\n", false);
        assert!(text.contains("article › page"), "{text}");
        assert!(text.contains("    1 │+Hello"), "{text}");
    }
}
