//! `harness scrape`: what the harness sees on a page, as text or JSON. The main type here
//! is [`ScrapeReport`]; it is built from one read's snapshot body and notes.

use std::fmt::Write;

use serde::Serialize;

use crate::snapshot::parse_sections;

/// What a `--selector` matched.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SelectorMatches {
    /// The selector.
    pub selector: String,
    /// How many elements match it.
    pub count: usize,
    /// Where it is (the layout outline's line: columns, rows, fold), or why it is not seen.
    pub layout: Option<String>,
    /// Whether a reader sees it.
    pub visible: bool,
    /// Characters of its text.
    pub text_length: usize,
    /// Its text, as a snapshot holds it.
    pub text: String,
}

/// Everything `harness scrape` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ScrapeReport {
    /// The page, as given.
    pub page: String,
    /// Each section: the page's text, the recognised regions, the widget sections.
    pub sections: indexmap::IndexMap<String, String>,
    /// The layout outline.
    pub layout: Option<String>,
    /// What the selector matched.
    pub selector: Option<SelectorMatches>,
    /// What the read noted (several matches, suspicious text).
    pub notes: Vec<String>,
}

/// Builds the report from a read whose regions were `page` (the body), `selector` (when
/// given) and the recognised candidates.
pub fn scrape_report(
    page: &str,
    body: &str,
    notes: &[String],
    selector: Option<&str>,
) -> ScrapeReport {
    let mut sections = indexmap::IndexMap::new();
    let mut layout = None;
    for (name, text) in parse_sections(body) {
        if name.starts_with("layout (") {
            layout.get_or_insert(text);
        } else if name != "selector" {
            sections.insert(name, text);
        }
    }
    let selector = selector.map(|s| {
        let text = parse_sections(body)
            .into_iter()
            .find(|(n, _)| n == "selector")
            .map(|(_, t)| t)
            .unwrap_or_default();
        let line = layout
            .as_deref()
            .and_then(|l| l.lines().find(|l| l.starts_with("selector: ")))
            .map(|l| l.trim_start_matches("selector: ").to_owned());
        let count = notes
            .iter()
            .find(|n| n.starts_with("region `selector`"))
            .and_then(|n| n.split(" matches ").nth(1))
            .and_then(|n| n.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(if line.as_deref() == Some("no element") {
                0
            } else {
                1
            });
        let visible = count > 0
            && line.as_deref().is_some_and(|l| {
                !["hidden", "no element", "zero size", "off-screen"]
                    .iter()
                    .any(|w| l.contains(w))
            });
        SelectorMatches {
            selector: s.to_owned(),
            count,
            layout: line,
            visible,
            text_length: text.chars().count(),
            text,
        }
    });
    ScrapeReport {
        page: page.to_owned(),
        sections,
        layout,
        selector,
        notes: notes.to_vec(),
    }
}

impl ScrapeReport {
    /// The text form: sections under headings, then the selector's matches.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (name, text) in &self.sections {
            let _ = writeln!(out, "── {name} ──\n{text}\n");
        }
        if let Some(l) = &self.layout {
            let _ = writeln!(out, "── layout ──\n{l}\n");
        }
        if let Some(m) = &self.selector {
            let _ = writeln!(
                out,
                "── selector `{}` ──\n{} {}, {}, {} characters of text",
                m.selector,
                m.count,
                if m.count == 1 { "element" } else { "elements" },
                if m.visible { "visible" } else { "not visible" },
                m.text_length
            );
            if let Some(l) = &m.layout {
                let _ = writeln!(out, "layout: {l}");
            }
            if !m.text.is_empty() {
                let _ = writeln!(out, "{}", m.text);
            }
            out.push('\n');
        }
        for n in &self.notes {
            let _ = writeln!(out, "note: {n}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selector_matches_are_counted_and_placed() {
        let body = "── page ──\nHello\n\n── selector ──\nA\nB\n\n── widget stories ──\n2 links\n\n── layout (chrome, desktop) ──\nwindow 1280×800\nselector: columns 1–12, rows 1–2, above the fold\n";
        let notes = vec![
            "region `selector`: `.x` matches 2 elements; their texts are joined in page order"
                .to_owned(),
        ];
        let r = scrape_report("p.html", body, &notes, Some(".x"));
        let m = r.selector.clone().unwrap();
        assert_eq!((m.count, m.visible, m.text_length), (2, true, 3));
        assert_eq!(
            r.sections.keys().collect::<Vec<_>>(),
            ["page", "widget stories"]
        );
        let none = scrape_report(
            "p.html",
            "── selector ──\n\n── layout (chrome, desktop) ──\nselector: no element\n",
            &[],
            Some(".y"),
        );
        let m = none.selector.unwrap();
        assert_eq!((m.count, m.visible), (0, false));
        assert!(r
            .render()
            .contains("── selector `.x` ──\n2 elements, visible, 3 characters of text\n"));
    }
}
