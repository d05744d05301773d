//! The comment section's part of a snapshot.

use std::fmt::Write;

use super::observe::CommentsObservation;

pub fn section(root: &str, seen: &CommentsObservation, visible_format: Option<&str>) -> String {
    if !seen.found {
        return format!("(no element matches `{root}`)");
    }
    let mut out = String::new();
    let usable = seen.usable_fields();
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
