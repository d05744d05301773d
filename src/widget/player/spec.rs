//! `[player]` as written ([`PlayerFile`]) and validated ([`PlayerSpec`]), with the control
//! kinds the harness knows and the time and rate shapes a scenario can ask for.

use indexmap::IndexMap;
use serde::Deserialize;
use std::time::Duration;
use toml::Spanned;

/// A player control the harness knows how to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlKind {
    /// Play / pause.
    Play,
    /// Back 10 seconds.
    #[serde(rename = "back_10")]
    Back10,
    /// Forward 10 seconds.
    #[serde(rename = "forward_10")]
    Forward10,
    /// Previous item.
    Previous,
    /// Next item.
    Next,
    /// The time display.
    Time,
    /// The playback-speed control.
    Speed,
}

impl ControlKind {
    /// Every kind, in the order snapshots list them.
    pub const ALL: [ControlKind; 7] = [
        ControlKind::Play,
        ControlKind::Back10,
        ControlKind::Forward10,
        ControlKind::Previous,
        ControlKind::Next,
        ControlKind::Time,
        ControlKind::Speed,
    ];

    /// The name used in scenario files and reports.
    pub fn name(self) -> &'static str {
        match self {
            ControlKind::Play => "play",
            ControlKind::Back10 => "back_10",
            ControlKind::Forward10 => "forward_10",
            ControlKind::Previous => "previous",
            ControlKind::Next => "next",
            ControlKind::Time => "time",
            ControlKind::Speed => "speed",
        }
    }
}

/// `[player]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlayerFile {
    /// CSS selector of the player's root element.
    pub root: Spanned<String>,
    /// The controls that must be present, visible and enabled.
    #[serde(default)]
    pub controls: Vec<ControlKind>,
    /// The time display's shape: digits stand for any digit (`"00:00 / 00:00"`).
    #[serde(default)]
    pub time_format: Option<String>,
    /// The rate the speed control must show (`"1.0x"`).
    #[serde(default)]
    pub speed: Option<Spanned<String>>,
    /// Exercise the controls on the page's real media element.
    #[serde(default)]
    pub behaviour: bool,
    /// How far a ±10 s jump may be off (`"0.5s"`).
    #[serde(default)]
    pub tolerance: Option<Spanned<String>>,
    /// CSS selector of the `<video>`/`<audio>` element, when it is not inside the root.
    #[serde(default)]
    pub media: Option<Spanned<String>>,
    /// Per-control CSS selectors, for players the built-in knowledge does not cover.
    #[serde(default)]
    pub selectors: IndexMap<String, Spanned<String>>,
}

/// A validated `[player]`.
#[derive(Debug, Clone)]
pub struct PlayerSpec {
    /// CSS selector of the root.
    pub root: String,
    /// Required controls.
    pub controls: Vec<ControlKind>,
    /// The time display shape as written.
    pub time_format: Option<String>,
    /// The same shape as a regular expression source (digits → `\d`).
    pub time_pattern: Option<String>,
    /// The declared rate, as written and as a number.
    pub speed: Option<(String, f64)>,
    /// Whether to exercise the controls.
    pub behaviour: bool,
    /// Allowed error of a ±10 s jump.
    pub tolerance: Duration,
    /// Selector of the media element.
    pub media: Option<String>,
    /// Per-control selector overrides.
    pub selectors: Vec<(ControlKind, String)>,
}

impl PlayerSpec {
    /// The controls the scenario checks: those listed in `controls`, and the time display or
    /// the speed control when their shape or rate is given.
    pub fn checked_controls(&self) -> Vec<ControlKind> {
        let mut checked = self.controls.clone();
        if self.time_pattern.is_some() && !checked.contains(&ControlKind::Time) {
            checked.push(ControlKind::Time);
        }
        if self.speed.is_some() && !checked.contains(&ControlKind::Speed) {
            checked.push(ControlKind::Speed);
        }
        checked
    }
}

/// Turns a declared time shape into a regex source: every digit stands for any digit.
pub fn time_shape_pattern(shape: &str) -> String {
    let mut out = String::from("^");
    for c in shape.trim().chars() {
        if c.is_ascii_digit() {
            out.push_str("\\d");
        } else {
            out.push_str(&regex::escape(&c.to_string()));
        }
    }
    out.push('$');
    out
}

/// Reads a declared rate such as `1.0x`, `1,5x` or `2×` as a number.
pub fn parse_rate(text: &str) -> Option<f64> {
    let t = text
        .trim()
        .trim_end_matches(['x', 'X', '×'])
        .trim()
        .replace(',', ".");
    t.parse::<f64>().ok().filter(|r| *r > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_shapes_and_rates() {
        let re = regex::Regex::new(&time_shape_pattern("00:00 / 00:00")).unwrap();
        assert!(re.is_match("12:34 / 05:00"));
        assert!(!re.is_match("1:34 / 05:00"));
        assert_eq!(parse_rate("1.0x"), Some(1.0));
        assert_eq!(parse_rate("1,5x"), Some(1.5));
        assert_eq!(parse_rate("fast"), None);
    }
}
