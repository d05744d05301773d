//! The layout section of a snapshot: where the regions and widgets are, in words and on a
//! coarse grid, so that a widget pushed below the fold, collapsed, hidden, moved or laid
//! over another reads as plainly in a diff as a changed sentence.
//!
//! The grid: the window's width in 12 columns and its height in 8 rows (at 1280 × 800, a
//! column is 106.7 px and a row 100 px); rows go on down the page. An edge is first rounded
//! to a whole pixel, then the first column (row) a box touches and the last one are named,
//! so sub-pixel jitter never changes a line; an edge that sits within a pixel of a grid line
//! is the only thing that can, and only across machines. The fold is the window's bottom
//! edge: a box is above it, below it, or across it.

use super::{parse_sections, SnapshotBody};
use crate::probe::{LayoutItem, LayoutObservation};

/// The layout section's name for a browser and a viewport (`chrome 156.0` → `layout
/// (chrome)`, or `layout (chrome, phone)` where the scenario names its viewports).
pub fn section_name(browser: &str, viewport: &str) -> String {
    let family = browser
        .split_whitespace()
        .next()
        .unwrap_or("browser")
        .to_ascii_lowercase();
    if viewport.is_empty() {
        format!("layout ({family})")
    } else {
        format!("layout ({family}, {viewport})")
    }
}

/// The browser family of a layout section (`layout (chrome, phone)` → `chrome`), or `None`
/// for any other section.
fn layout_family(name: &str) -> Option<&str> {
    let inner = name.strip_prefix("layout (")?.strip_suffix(')')?;
    Some(inner.split(',').next().unwrap_or(inner).trim())
}

/// Whether a section is a layout section.
fn is_layout(name: &str) -> bool {
    layout_family(name).is_some()
}

/// The new body with the layout sections other browsers wrote into the accepted one, so
/// that each browser keeps its own layout while all share the text. Layout sections come
/// last, by name. A new body without a layout section (the scenario turned it off) keeps
/// none.
pub fn with_other_layouts(accepted: Option<&str>, new: &str) -> String {
    let sections = parse_sections(new);
    if !sections.iter().any(|(name, _)| is_layout(name)) {
        return new.to_owned();
    }
    let mut layouts: Vec<(String, String)> = sections
        .iter()
        .filter(|(name, _)| is_layout(name))
        .cloned()
        .collect();
    // This browser's sections are all new (a viewport dropped from the scenario goes with
    // them); another browser's stay as that browser last wrote them.
    let families: Vec<String> = layouts
        .iter()
        .filter_map(|(name, _)| layout_family(name).map(str::to_owned))
        .collect();
    for (name, text) in accepted.map(parse_sections).unwrap_or_default() {
        if layout_family(&name).is_some_and(|f| !families.iter().any(|g| g == f)) {
            layouts.push((name, text));
        }
    }
    layouts.sort();
    let mut body = SnapshotBody::default();
    for (name, text) in sections.iter().filter(|(name, _)| !is_layout(name)) {
        body.push(name, text);
    }
    for (name, text) in &layouts {
        body.push(name, text);
    }
    body.render()
}

/// Columns across the window.
pub const COLUMNS: f64 = 12.0;
/// Rows per window height.
pub const ROWS: f64 = 8.0;

/// A box on the grid, 1-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cells {
    row_first: i64,
    row_last: i64,
    col_first: i64,
    col_last: i64,
}

/// The layout section's text.
pub fn layout_section(seen: &LayoutObservation) -> String {
    let (vw, vh) = (seen.width.max(1.0), seen.height.max(1.0));
    let (col, row) = (vw / COLUMNS, vh / ROWS);
    let mut placed: Vec<(Cells, &LayoutItem, String)> = Vec::new();
    let mut unplaced: Vec<String> = Vec::new();
    for item in &seen.items {
        let (x, y) = (item.x.round(), item.y.round());
        let (w, h) = (item.width.round(), item.height.round());
        if item.count == 0 {
            unplaced.push(format!("{}: no element", item.name));
            continue;
        }
        if item.shown == 0 {
            unplaced.push(format!("{}: hidden", item.name));
            continue;
        }
        let cells = Cells {
            row_first: (y / row).floor() as i64 + 1,
            row_last: ((y + h) / row).ceil().max(y / row + 1.0) as i64,
            col_first: (x / col).floor() as i64 + 1,
            col_last: ((x + w) / col).ceil().max(x / col + 1.0) as i64,
        };
        let mut where_ = format!(
            "{}, {}",
            span("column", "columns", cells.col_first, cells.col_last),
            span("row", "rows", cells.row_first, cells.row_last)
        );
        let off_screen = x + w <= 0.0 || x >= vw || y + h <= 0.0;
        if w == 0.0 || h == 0.0 {
            where_ = format!("zero size ({w}×{h}) at {where_}");
        } else if off_screen {
            where_ = format!("off-screen, at {where_}");
        } else if y + h <= vh {
            where_.push_str(", above the fold");
        } else if y >= vh {
            where_.push_str(", below the fold");
        } else {
            where_.push_str(", across the fold");
        }
        placed.push((cells, item, format!("{}: {where_}", item.name)));
    }
    // In visual order: by the row, then the column a box starts in.
    placed.sort_by(|a, b| {
        (a.0.row_first, a.0.col_first, &a.1.name).cmp(&(b.0.row_first, b.0.col_first, &b.1.name))
    });
    let mut out = format!(
        "window {}×{}: {} columns of {:.0} px, rows of {:.0} px, the fold below row {}\n",
        vw, vh, COLUMNS, col, row, ROWS
    );
    for (_, _, line) in &placed {
        out.push_str(line);
        out.push('\n');
    }
    for line in &unplaced {
        out.push_str(line);
        out.push('\n');
    }
    // Widgets laid over each other.
    let widgets: Vec<&LayoutItem> = placed
        .iter()
        .map(|(_, item, _)| *item)
        .filter(|i| i.kind == "widget" && i.width.round() > 0.0 && i.height.round() > 0.0)
        .collect();
    for (n, a) in widgets.iter().enumerate() {
        for b in &widgets[n + 1..] {
            if overlap(a, b) {
                out.push_str(&format!("overlap: {} and {}\n", a.name, b.name));
            }
        }
    }
    out.trim_end().to_owned()
}

fn span(one: &str, many: &str, first: i64, last: i64) -> String {
    if last <= first {
        format!("{one} {first}")
    } else {
        format!("{many} {first}–{last}")
    }
}

/// Whether two boxes share at least a pixel each way.
fn overlap(a: &LayoutItem, b: &LayoutItem) -> bool {
    let (ax, ay) = (a.x.round(), a.y.round());
    let (bx, by) = (b.x.round(), b.y.round());
    let across = (ax + a.width.round()).min(bx + b.width.round()) - ax.max(bx);
    let down = (ay + a.height.round()).min(by + b.height.round()) - ay.max(by);
    across >= 1.0 && down >= 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: &str, name: &str, x: f64, y: f64, w: f64, h: f64) -> LayoutItem {
        LayoutItem {
            kind: kind.into(),
            name: name.into(),
            count: 1,
            shown: 1,
            x,
            y,
            width: w,
            height: h,
        }
    }

    fn section(items: Vec<LayoutItem>) -> String {
        layout_section(&LayoutObservation {
            width: 1280.0,
            height: 800.0,
            items,
        })
    }

    #[test]
    fn each_browser_keeps_its_layout_and_all_share_the_text() {
        let accepted =
            "── page ──\nText\n\n── layout (chrome) ──\nc\n\n── layout (firefox) ──\nf\n";
        let firefox = "── page ──\nText\n\n── layout (firefox) ──\nf\n";
        assert_eq!(with_other_layouts(Some(accepted), firefox), accepted);
        let moved = "── page ──\nNew text\n\n── layout (firefox) ──\ng\n";
        assert_eq!(
            with_other_layouts(Some(accepted), moved),
            "── page ──\nNew text\n\n── layout (chrome) ──\nc\n\n── layout (firefox) ──\ng\n"
        );
        // Chrome's old single-viewport section goes when it reads at two viewports.
        let two = "── page ──\nText\n\n── layout (chrome, desktop) ──\nd\n\n── layout (chrome, phone) ──\np\n";
        assert_eq!(
            with_other_layouts(Some(accepted), two),
            "── page ──\nText\n\n── layout (chrome, desktop) ──\nd\n\n── layout (chrome, phone) ──\np\n\n── layout (firefox) ──\nf\n"
        );
        let off = "── page ──\nText\n";
        assert_eq!(with_other_layouts(Some(accepted), off), off);
        assert_eq!(with_other_layouts(None, firefox), firefox);
        assert_eq!(section_name("chrome 156.0.1", ""), "layout (chrome)");
        assert_eq!(
            section_name("firefox 153", "phone"),
            "layout (firefox, phone)"
        );
    }

    #[test]
    fn boxes_read_in_visual_order_on_the_grid() {
        let text = section(vec![
            item("widget", "widget comments", 0.0, 1800.0, 853.0, 400.0),
            item("region", "headline", 0.0, 20.0, 1280.0, 60.0),
            item("widget", "widget player", 0.3, 120.4, 853.3, 480.2),
        ]);
        assert_eq!(
            text,
            "window 1280×800: 12 columns of 107 px, rows of 100 px, the fold below row 8\n\
             headline: columns 1–12, row 1, above the fold\n\
             widget player: columns 1–8, rows 2–6, above the fold\n\
             widget comments: columns 1–8, rows 19–22, below the fold"
        );
    }

    #[test]
    fn jitter_changes_nothing_and_a_move_does() {
        let at = |y: f64, h: f64| section(vec![item("widget", "widget player", 0.0, y, 853.0, h)]);
        assert_eq!(at(120.0, 480.0), at(120.4, 479.7));
        assert_ne!(at(120.0, 480.0), at(820.0, 480.0));
        assert!(at(820.0, 480.0).ends_with("below the fold"));
        assert!(at(700.0, 480.0).ends_with("across the fold"));
    }

    #[test]
    fn hidden_collapsed_missing_off_screen_and_overlapping_widgets_are_named() {
        let mut hidden = item("widget", "widget stories", 0.0, 0.0, 0.0, 0.0);
        hidden.shown = 0;
        let mut missing = item("region", "ticker", 0.0, 0.0, 0.0, 0.0);
        missing.count = 0;
        let text = section(vec![
            item("widget", "widget player", 0.0, 100.0, 800.0, 450.0),
            item("widget", "widget comments", 600.0, 500.0, 600.0, 300.0),
            item("region", "teaser", 0.0, 900.0, 1280.0, 0.0),
            item("region", "promo", -2000.0, 100.0, 300.0, 100.0),
            hidden,
            missing,
        ]);
        for want in [
            "teaser: zero size (1280×0) at columns 1–12, row 10\n",
            "promo: off-screen, at ",
            "widget stories: hidden\n",
            "ticker: no element\n",
            "overlap: widget player and widget comments",
        ] {
            assert!(text.contains(want), "{want} in\n{text}");
        }
    }
}
