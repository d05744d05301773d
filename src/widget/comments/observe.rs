//! What the page script reports of a comment section: its fields, submit controls, links,
//! the text around it and the article's publication dates.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::spec::CommentsSpec;

use super::super::LinkObservation;

/// What the page script needs to read a comment section. Field names are the script's.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentsArgs {
    /// The root selector.
    pub root: String,
    /// The comment form's selector, when the scenario names it.
    pub form: Option<String>,
    /// The visible publication date's selector, when the scenario names it.
    pub published_selector: Option<String>,
}

impl From<&CommentsSpec> for CommentsArgs {
    fn from(spec: &CommentsSpec) -> Self {
        CommentsArgs {
            root: spec.root.clone(),
            form: spec.form.clone(),
            published_selector: spec.published_visible.as_ref().map(|(sel, _)| sel.clone()),
        }
    }
}

/// The comment section.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommentsObservation {
    /// Whether the root selector matched.
    pub found: bool,
    /// The root element, described.
    #[serde(default)]
    pub element: Option<String>,
    /// How many elements the root selector matches (the first is read).
    #[serde(default)]
    pub matches: u32,
    /// Text inputs (textarea, text input, contenteditable).
    #[serde(default)]
    pub fields: Vec<FieldObservation>,
    /// Submit buttons.
    #[serde(default)]
    pub submits: Vec<SubmitObservation>,
    /// The section's raw text.
    #[serde(default)]
    pub text: String,
    /// The links in the section.
    #[serde(default)]
    pub links: Vec<LinkObservation>,
    /// Publication dates the page states, strongest source first.
    #[serde(default)]
    pub dates: Vec<DateObservation>,
    /// The text around the section (its parent, then its grandparent), where a lockout
    /// message beside the comment list is found.
    #[serde(default)]
    pub around: Vec<AroundObservation>,
    /// A script error, if the observation failed.
    #[serde(default)]
    pub error: Option<String>,
}

impl CommentsObservation {
    /// The fields a reader can type into (shown and enabled), described.
    pub fn usable_fields(&self) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|f| f.visible && f.enabled)
            .map(|f| f.element.as_str())
            .collect()
    }
}

/// An element around the comment section, and its text.
#[derive(Debug, Clone, Deserialize)]
pub struct AroundObservation {
    /// The element, described.
    pub element: String,
    /// Its raw text.
    pub text: String,
}

/// A text input of the comment form.
#[derive(Debug, Clone, Deserialize)]
pub struct FieldObservation {
    /// The element, described.
    pub element: String,
    /// Whether it is shown.
    pub visible: bool,
    /// Whether it accepts input.
    pub enabled: bool,
}

/// A submit button of the comment form.
#[derive(Debug, Clone, Deserialize)]
pub struct SubmitObservation {
    /// The element, described.
    pub element: String,
    /// Its label.
    pub text: String,
    /// Whether it is shown.
    pub visible: bool,
    /// Whether it can be used.
    pub enabled: bool,
}

/// A publication date as the page states it.
#[derive(Debug, Clone, Deserialize)]
pub struct DateObservation {
    /// `visible`, `meta`, `json-ld` or `time`.
    pub source: String,
    /// The raw value.
    pub value: Option<String>,
}

impl DateObservation {
    /// Reads a publication date from one of the page's sources. Machine dates (`meta`,
    /// `json-ld`, `time`) are ISO 8601, with or without a time; a visible date is read with the
    /// scenario's chrono format. The date is the one written, in the page's own offset.
    pub fn date(&self, visible_format: Option<&str>) -> Option<NaiveDate> {
        let seen = self;
        let value = seen.value.as_deref()?.trim();
        if seen.source == "visible" {
            let format = visible_format?;
            return NaiveDate::parse_from_str(value, format)
                .ok()
                .or_else(|| {
                    chrono::NaiveDateTime::parse_from_str(value, format)
                        .ok()
                        .map(|d| d.date())
                })
                .or_else(|| {
                    // A format without a time reads the leading part of a longer visible date.
                    chrono::NaiveDate::parse_and_remainder(value, format)
                        .ok()
                        .map(|(d, _)| d)
                });
        }
        chrono::DateTime::parse_from_rfc3339(value)
            .map(|d| d.date_naive())
            .ok()
            .or_else(|| {
                chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S")
                    .ok()
                    .map(|d| d.date())
            })
            .or_else(|| {
                NaiveDate::parse_and_remainder(value, "%Y-%m-%d")
                    .ok()
                    .map(|(d, _)| d)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::DateObservation;
    use chrono::NaiveDate;

    #[test]
    fn dates_are_read_from_every_source() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let cases = [
            (
                "json-ld",
                "2019-04-25T17:09:00+02:00",
                None,
                day("2019-04-25"),
            ),
            ("time", "2019-04-25", None, day("2019-04-25")),
            ("meta", "2019-04-25T17:09:00", None, day("2019-04-25")),
            (
                "visible",
                "25.04.2019 17:09",
                Some("%d.%m.%Y"),
                day("2019-04-25"),
            ),
            ("visible", "gestern", Some("%d.%m.%Y"), None),
            ("visible", "25.04.2019", None, None),
        ];
        for (source, value, format, want) in cases {
            let seen = DateObservation {
                source: source.into(),
                value: Some(value.into()),
            };
            assert_eq!(seen.date(format), want, "{source}: {value}");
        }
    }
}
