//! The player's section of a snapshot.

use std::fmt::Write;

use super::observe::PlayerObservation;
use super::spec::ControlKind;

pub fn section(root: &str, seen: &PlayerObservation) -> String {
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
