//! The story widget's part of a snapshot.

use std::fmt::Write;

use super::observe::StoriesObservation;

pub fn section(root: &str, seen: &StoriesObservation) -> String {
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
