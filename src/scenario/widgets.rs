//! The widget sections of a scenario file — `[player]`, `[comments]`, `[stories]` — as
//! written ([`PlayerFile`], [`CommentsFile`], [`StoriesFile`]) and validated ([`Widgets`]).

use std::time::Duration;

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Deserialize;
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

/// What the comment section must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentsExpectation {
    /// A form that accepts input.
    Open,
    /// No usable form, and the lockout message shown.
    Locked,
    /// Locked when the article is older than `lockout_after`, open otherwise.
    ByAge,
}

/// `[comments]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentsFile {
    /// CSS selector of the comment section.
    pub root: Spanned<String>,
    /// `open`, `locked` or `by_age`.
    pub expect: Spanned<CommentsExpectation>,
    /// The lockout message, matched exactly (after normalising whitespace).
    #[serde(default)]
    pub message: Option<String>,
    /// The lockout message as a regular expression.
    #[serde(default)]
    pub message_pattern: Option<Spanned<String>>,
    /// Texts of links the locked section must carry.
    #[serde(default)]
    pub links: Vec<String>,
    /// The age after which comments lock (`"18 months"`), for `expect = "by_age"`.
    #[serde(default)]
    pub lockout_after: Option<Spanned<String>>,
    /// The reference date (`"2026-11-27"`); `--today` overrides it, the real date is the default.
    #[serde(default)]
    pub today: Option<Spanned<String>>,
    /// CSS selector of a visible publication date, read with `published_format`.
    #[serde(default)]
    pub published_selector: Option<Spanned<String>>,
    /// chrono format of the visible date (`"%d.%m.%Y"`).
    #[serde(default)]
    pub published_format: Option<String>,
    /// CSS selector of the comment form, when the section holds other forms too.
    #[serde(default)]
    pub form: Option<Spanned<String>>,
}

/// `[stories]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoriesFile {
    /// CSS selector of the story widget.
    pub root: Spanned<String>,
    /// CSS selector of its cards (one story each); `root` may then match several elements.
    #[serde(default)]
    pub item: Option<Spanned<String>>,
    /// At least this many links.
    #[serde(default)]
    pub min_links: Option<u32>,
    /// At most this many links.
    #[serde(default)]
    pub max_links: Option<u32>,
    /// Hosts links may point to; the page's own host when empty.
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// Request every target and require a success status.
    #[serde(default)]
    pub check_targets: bool,
    /// How many targets are requested at once.
    #[serde(default)]
    pub concurrency: Option<u32>,
    /// Per-request timeout (`"5s"`).
    #[serde(default)]
    pub timeout: Option<Spanned<String>>,
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

/// A validated `[comments]`.
#[derive(Debug, Clone)]
pub struct CommentsSpec {
    /// CSS selector of the section.
    pub root: String,
    /// CSS selector of the comment form.
    pub form: Option<String>,
    /// What it must be.
    pub expect: CommentsExpectation,
    /// The exact message.
    pub message: Option<String>,
    /// The message pattern.
    pub message_pattern: Option<regex::Regex>,
    /// Link texts the section must carry.
    pub links: Vec<String>,
    /// The lockout age.
    pub lockout_after: Option<LockoutAge>,
    /// The fixed reference date.
    pub today: Option<NaiveDate>,
    /// Visible-date selector and format.
    pub published_visible: Option<(String, String)>,
}

/// An age in calendar units, as in "18 months".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutAge {
    /// How many.
    pub amount: u32,
    /// Of what.
    pub unit: AgeUnit,
}

/// Calendar units of a [`LockoutAge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeUnit {
    /// Days.
    Days,
    /// Weeks.
    Weeks,
    /// Months.
    Months,
    /// Years.
    Years,
}

impl std::fmt::Display for LockoutAge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match (self.unit, self.amount) {
            (AgeUnit::Days, 1) => "day",
            (AgeUnit::Days, _) => "days",
            (AgeUnit::Weeks, 1) => "week",
            (AgeUnit::Weeks, _) => "weeks",
            (AgeUnit::Months, 1) => "month",
            (AgeUnit::Months, _) => "months",
            (AgeUnit::Years, 1) => "year",
            (AgeUnit::Years, _) => "years",
        };
        write!(f, "{} {unit}", self.amount)
    }
}

impl LockoutAge {
    /// Parses "18 months", "2 years", "30 days", "1 week".
    pub fn parse(text: &str) -> Option<LockoutAge> {
        let mut parts = text.split_whitespace();
        let amount: u32 = parts.next()?.parse().ok()?;
        let unit = match parts.next()?.to_ascii_lowercase().trim_end_matches('s') {
            "day" => AgeUnit::Days,
            "week" => AgeUnit::Weeks,
            "month" => AgeUnit::Months,
            "year" => AgeUnit::Years,
            _ => return None,
        };
        parts
            .next()
            .is_none()
            .then_some(LockoutAge { amount, unit })
    }

    /// The date at which something published on `published` reaches this age.
    pub fn reached_on(&self, published: NaiveDate) -> Option<NaiveDate> {
        use chrono::{Days, Months};
        match self.unit {
            AgeUnit::Days => published.checked_add_days(Days::new(self.amount.into())),
            AgeUnit::Weeks => published.checked_add_days(Days::new(u64::from(self.amount) * 7)),
            AgeUnit::Months => published.checked_add_months(Months::new(self.amount)),
            AgeUnit::Years => {
                published.checked_add_months(Months::new(self.amount.checked_mul(12)?))
            }
        }
    }
}

/// A validated `[stories]`.
#[derive(Debug, Clone)]
pub struct StoriesSpec {
    /// CSS selector of the widget.
    pub root: String,
    /// CSS selector of its cards.
    pub item: Option<String>,
    /// Least number of links.
    pub min_links: Option<u32>,
    /// Greatest number of links.
    pub max_links: Option<u32>,
    /// Allowed hosts (the page's own when empty).
    pub allowed_hosts: Vec<String>,
    /// Whether to request every target.
    pub check_targets: bool,
    /// Requests at once.
    pub concurrency: usize,
    /// Per-request timeout.
    pub timeout: Duration,
}

/// The widgets a scenario checks.
#[derive(Debug, Clone, Default)]
pub struct Widgets {
    /// The media player.
    pub player: Option<PlayerSpec>,
    /// The comment section.
    pub comments: Option<CommentsSpec>,
    /// The story links.
    pub stories: Option<StoriesSpec>,
}

impl Widgets {
    /// The player, when the scenario has its controls used on the media (one more script,
    /// after the read).
    pub fn exercised_player(&self) -> Option<&PlayerSpec> {
        self.player.as_ref().filter(|p| p.behaviour)
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
    fn lockout_ages_count_calendar_months() {
        let age = LockoutAge::parse("18 months").unwrap();
        let published = NaiveDate::from_ymd_opt(2019, 4, 25).unwrap();
        assert_eq!(
            age.reached_on(published),
            NaiveDate::from_ymd_opt(2020, 10, 25)
        );
        assert_eq!(LockoutAge::parse("1 year").unwrap().unit, AgeUnit::Years);
        assert!(LockoutAge::parse("soon").is_none());
        assert!(LockoutAge::parse("18 moons").is_none());
    }

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
