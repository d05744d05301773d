//! The body of a scenario's snapshot: one section per region, each under a heading line
//! `── name ──`, in the order the scenario lists them.

/// The heading that opens a region's section.
fn heading(name: &str) -> String {
    format!("── {name} ──")
}

/// A snapshot body under construction.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SnapshotBody {
    sections: Vec<(String, String)>,
}

impl SnapshotBody {
    /// Adds a region's normalised text.
    pub fn push(&mut self, name: &str, text: &str) {
        self.sections.push((name.to_owned(), text.to_owned()));
    }

    /// The body as it is stored: sections separated by a blank line, ending with a newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (i, (name, text)) in self.sections.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&heading(name));
            out.push('\n');
            if !text.is_empty() {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}

/// Splits a stored body back into `(region, text)` sections. Text before the first heading
/// (a snapshot written by hand, say) becomes a section with an empty name.
pub fn parse_sections(body: &str) -> Vec<(String, String)> {
    let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
    for line in body.lines() {
        let name = line.strip_prefix("── ").and_then(|l| l.strip_suffix(" ──"));
        match name {
            Some(name) => sections.push((name.to_owned(), Vec::new())),
            None => match sections.last_mut() {
                Some((_, lines)) => lines.push(line),
                None => sections.push((String::new(), vec![line])),
            },
        }
    }
    sections
        .into_iter()
        .map(|(name, mut lines)| {
            while lines.last().is_some_and(|l| l.is_empty()) {
                lines.pop();
            }
            (name, lines.join("\n"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_round_trip() {
        let mut body = SnapshotBody::default();
        body.push("headline", "A title");
        body.push("empty", "");
        body.push("player", "play_arrow\n\n00:00 / 00:00");
        let text = body.render();
        assert_eq!(
            text,
            "── headline ──\nA title\n\n── empty ──\n\n── player ──\nplay_arrow\n\n00:00 / 00:00\n"
        );
        assert_eq!(
            parse_sections(&text),
            vec![
                ("headline".into(), "A title".into()),
                ("empty".into(), String::new()),
                ("player".into(), "play_arrow\n\n00:00 / 00:00".into()),
            ]
        );
    }
}
