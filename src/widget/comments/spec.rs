//! `[comments]` as written ([`CommentsFile`]) and validated ([`CommentsSpec`]), with the
//! lockout age a site's rule is written in.

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

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
}
