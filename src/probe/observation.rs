//! What one read of a page gives: [`Observation`], with the readiness conditions still
//! pending, each region's raw text, the widgets, the layout boxes and the browser's error
//! page when it showed one. Decoded from the extraction script's answer.

use serde::Deserialize;

pub use crate::widget::WidgetObservations;

/// What the page showed.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    /// Whether every readiness condition held before the timeout.
    pub ready: bool,
    /// The conditions still unmet when the wait ended.
    pub pending: Vec<PendingCondition>,
    /// How long the page took to become ready, in milliseconds.
    pub waited_ms: u64,
    /// How long reading the regions and widgets took inside the page, in milliseconds.
    #[serde(default)]
    pub read_ms: f64,
    /// Whether cookies were left that the page's scripts could not expire (set for another
    /// path or domain); readable ones are expired by the script itself.
    #[serde(default)]
    pub cookies_left: bool,
    /// The page's final URL, after redirects.
    pub url: String,
    /// The HTTP status the page was served with, where the browser reports it.
    #[serde(default)]
    pub status: Option<u16>,
    /// Each region's raw text, in scenario order.
    pub regions: Vec<RegionText>,
    /// The widgets the scenario checks.
    #[serde(default)]
    pub widgets: WidgetObservations,
    /// Dialogs (`alert()`, `confirm()`) the browser dismissed while the page was read, when a
    /// command saw them.
    #[serde(default)]
    pub dialogs: Vec<String>,
    /// What about the page itself changes what it shows (its own files that failed to
    /// load, a hidden body).
    #[serde(default)]
    pub page: PageDiagnostics,
    /// What the browser's own error page says, when it shows one instead of the page.
    #[serde(default)]
    pub error_page: Option<ErrorPage>,
    /// Where the regions and widgets are, when the scenario keeps a layout section.
    #[serde(default)]
    pub layout: Option<LayoutObservation>,
    /// How the consent dialog was passed (`accepted with the button \`Alle akzeptieren\``),
    /// when the scenario asked for it and it was.
    #[serde(default)]
    pub consent: Option<String>,
    /// The date in the page's time zone (`YYYY-MM-DD`): the reader's today, with the
    /// scenario's `timezone`.
    #[serde(default)]
    pub today: Option<String>,
    /// How long the navigation took, window resize included (measured by the harness).
    #[serde(skip)]
    pub navigation_time: std::time::Duration,
    /// How long the extraction round-trip took, the page's wait included (measured by the
    /// harness).
    #[serde(skip)]
    pub extraction_time: std::time::Duration,
}

impl Observation {
    /// The reader's date: the page's, else this machine's.
    pub fn readers_today(&self) -> chrono::NaiveDate {
        self.today
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// The boxes of a page's regions and widgets, and the window's size, in CSS pixels.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct LayoutObservation {
    /// The window's width (without a scroll bar).
    pub width: f64,
    /// The window's height.
    pub height: f64,
    /// Each region, widget and added element, in scenario order.
    pub items: Vec<LayoutItem>,
}

/// One box: the union of the shown elements a selector matches, from the page's top left.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct LayoutItem {
    /// `region`, `widget` or `element`.
    pub kind: String,
    /// Its name in the section (`headline`, `widget player`).
    pub name: String,
    /// How many elements match.
    pub count: u32,
    /// How many of them are shown.
    pub shown: u32,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Observation {
    /// Whether the browser showed its own error page instead of the page.
    pub fn is_error_page(&self) -> bool {
        self.url.starts_with("chrome-error:") || self.url.starts_with("about:neterror")
    }
}

/// The browser's error page: the URL it could not load and the network error it names.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct ErrorPage {
    /// The URL that failed (after the page's own redirects), when the page names it.
    #[serde(default)]
    pub url: Option<String>,
    /// The network error (`ERR_SSL_PROTOCOL_ERROR`, Firefox's `nssFailure2`), when named.
    #[serde(default)]
    pub code: Option<String>,
    /// The start of the error page's text.
    #[serde(default)]
    pub message: Option<String>,
    /// The URL the harness loaded (the page may have moved on before it failed).
    #[serde(skip)]
    pub loaded: Option<String>,
}

/// A readiness condition that did not hold.
#[derive(Debug, Clone, Deserialize)]
pub struct PendingCondition {
    /// `loading`, `selector`, `text_present`, `text_absent`, `stable`, `consent`, `scroll`,
    /// `widget` or `error`.
    pub kind: String,
    /// The selector, text or duration involved.
    pub value: String,
}

impl std::fmt::Display for PendingCondition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind.as_str() {
            "selector" => write!(f, "no element matches `{}`", self.value),
            "text_present" => write!(f, "text `{}` never appeared", self.value),
            "text_absent" => write!(f, "text `{}` is still shown", self.value),
            "loading" => write!(f, "the page was still loading {}", self.value),
            "stable" => write!(
                f,
                "the text kept changing (wanted {} ms without change)",
                self.value
            ),
            "scroll" => write!(
                f,
                "the page was still being scrolled through (at {} px)",
                self.value
            ),
            "consent" => write!(f, "the consent dialog was not passed: {}", self.value),
            "widget" => write!(
                f,
                "{} never appeared, although the page was scrolled through",
                self.value
            ),
            _ => write!(f, "the readiness check failed in the page: {}", self.value),
        }
    }
}

/// The raw text of one region.
#[derive(Debug, Clone, Deserialize)]
pub struct RegionText {
    /// The region's name.
    pub name: String,
    /// How many elements matched its selector.
    pub count: u32,
    /// Their text, before normalisation.
    pub text: String,
    /// The browser's error when the selector could not be used.
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readers_today_is_the_pages_date() {
        let obs = |today: Option<&str>| -> Observation {
            serde_json::from_value(serde_json::json!({
                "ready": true, "pending": [], "waitedMs": 0, "url": "http://x/",
                "regions": [], "today": today,
            }))
            .unwrap()
        };
        assert_eq!(
            obs(Some("2026-01-02")).readers_today(),
            chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()
        );
        // A page that said nothing (an older script) or nonsense: this machine's date.
        let local = chrono::Local::now().date_naive();
        for today in [None, Some("soon")] {
            let got = obs(today).readers_today();
            assert!((got - local).num_days().abs() <= 1, "{got}");
        }
    }
}

/// What about the page itself changes what it shows.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PageDiagnostics {
    /// The page's own files (from its own host) that answered with an error status, in the
    /// order they were requested (where the browser reports statuses: Chromium).
    #[serde(default)]
    pub failed_own: Vec<FailedFile>,
    /// Whether the document had no body when it was read (one of its scripts removed it).
    #[serde(default)]
    pub body_gone: bool,
    /// How the page's body (or root element) was hidden when it was read.
    #[serde(default)]
    pub body_hidden: Option<BodyHidden>,
}

/// A file of the page's own that did not load.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct FailedFile {
    /// Its path (and query) on the page's host.
    pub path: String,
    /// The HTTP status it answered with.
    pub status: u16,
}

/// A hidden body: which element, how and by what.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct BodyHidden {
    /// `body` or `html`.
    pub element: String,
    /// The declaration (`visibility: hidden`).
    pub how: String,
    /// What sets it (`a style element`, `its style attribute`, `a style sheet`).
    pub by: String,
}
