//! The widget sections of a snapshot: what the harness recognised of the player, the comment
//! section and the story widget, written so that a removed control or a link that changed
//! shows up as a diff as well as a failed check. Only stable facts go in: labels, states and
//! links as written (never resolved URLs, which carry the server's port).

use std::fmt::Write;

use crate::probe::{
    CommentsObservation, PlayerObservation, StoriesObservation, WidgetObservations,
};
use crate::scenario::{ControlKind, Widgets};

/// `(section name, text)` for every widget the scenario checks.
pub fn widget_sections(spec: &Widgets, seen: &WidgetObservations) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let (Some(spec), Some(seen)) = (&spec.player, &seen.player) {
        out.push(("widget player".into(), player(&spec.root, seen)));
    }
    if let (Some(spec), Some(seen)) = (&spec.comments, &seen.comments) {
        let format = spec.published_visible.as_ref().map(|(_, f)| f.as_str());
        out.push(("widget comments".into(), comments(&spec.root, seen, format)));
    }
    if let (Some(spec), Some(seen)) = (&spec.stories, &seen.stories) {
        out.push(("widget stories".into(), stories(&spec.root, seen)));
    }
    out
}

fn player(root: &str, seen: &PlayerObservation) -> String {
    if !seen.found {
        return format!("(no element matches `{root}`)");
    }
    let mut out = String::new();
    for kind in ControlKind::ALL {
        let c = seen.controls.get(kind.name()).cloned().unwrap_or_default();
        if !c.found {
            let _ = writeln!(out, "{}: missing", kind.name());
            continue;
        }
        let shown = match kind {
            ControlKind::Time | ControlKind::Speed => c.text.unwrap_or_default(),
            _ => c.label.unwrap_or_default(),
        };
        let mut flags = Vec::new();
        if !c.visible {
            flags.push("hidden");
        }
        if c.menu.is_some() {
            flags.push("in a menu");
        }
        if !c.enabled && kind != ControlKind::Time {
            flags.push("disabled");
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(", {}", flags.join(", "))
        };
        let _ = writeln!(
            out,
            "{}: {shown} (by {}{flags})",
            kind.name(),
            c.by.unwrap_or_default()
        );
    }
    match seen.revealed.as_deref() {
        Some("play") => out.push_str("controls shown after play\n"),
        Some("hover") => out.push_str("controls shown on hover\n"),
        _ => {}
    }
    match &seen.media {
        Some(m) => {
            let duration = m
                .duration
                .map(|d| format!("{d:.1} s"))
                .unwrap_or_else(|| "duration unknown".into());
            let _ = writeln!(out, "media: {}, {duration}", m.tag);
        }
        None => out.push_str("media: none\n"),
    }
    out.trim_end().to_owned()
}

fn comments(root: &str, seen: &CommentsObservation, visible_format: Option<&str>) -> String {
    if !seen.found {
        return format!("(no element matches `{root}`)");
    }
    let mut out = String::new();
    let usable: Vec<&str> = seen
        .fields
        .iter()
        .filter(|f| f.visible && f.enabled)
        .map(|f| f.element.as_str())
        .collect();
    if usable.is_empty() {
        out.push_str("state: locked (no field accepts input)\n");
    } else {
        let _ = writeln!(out, "state: open ({} accepts input)", usable.join(", "));
    }
    match seen
        .dates
        .iter()
        .find_map(|d| d.date(visible_format).map(|p| (p, &d.source)))
    {
        Some((date, source)) => {
            let _ = writeln!(out, "published: {date} ({source})");
        }
        None => out.push_str("published: unknown\n"),
    }
    for l in &seen.links {
        let _ = writeln!(out, "link: {} → {}", l.text, l.href);
    }
    out.trim_end().to_owned()
}

fn stories(root: &str, seen: &StoriesObservation) -> String {
    if !seen.found {
        return format!("(no element matches `{root}`)");
    }
    let mut out = format!(
        "{} link{}\n",
        seen.links.len(),
        if seen.links.len() == 1 { "" } else { "s" }
    );
    for l in &seen.links {
        match (&l.alt, l.text.is_empty()) {
            (Some(alt), true) => {
                let _ = writeln!(out, "[image: {alt}] → {}", l.href);
            }
            _ => {
                let _ = writeln!(out, "{} → {}", l.text, l.href);
            }
        }
    }
    out.trim_end().to_owned()
}
