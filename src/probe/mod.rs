//! Observing a page: the only code besides `browser` that talks to the browser. The main
//! entry is [`observe`], which loads a scenario's page and returns an [`Observation`] built
//! from ONE extraction round-trip (readiness wait and all regions together).
//!
//! Probes observe; they never decide. Whether an observation passes is `check`'s business.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;
use url::Url;

use crate::browser::Session;
use crate::scenario::{Scenario, Viewport};

mod links;

pub use crate::widget::comments::{
    AroundObservation, CommentsObservation, DateObservation, FieldObservation, SubmitObservation,
};
pub use crate::widget::player::{
    control_hints, exercise, BehaviourObservation, ControlObservation, MediaState,
    PlayerObservation, Step, STEP_TIMEOUT,
};
pub use crate::widget::stories::StoriesObservation;
pub use crate::widget::{LinkObservation, WidgetObservations};
pub use links::{LinkChecker, LinkStatus};

/// The extraction script (shared helpers, then the extraction), run with `execute_async`.
pub const EXTRACT_JS: &str = concat!(include_str!("dom.js"), include_str!("extract.js"));

/// Waits until the current document has loaded and is not one the harness already read.
const LOADED_JS: &str =
    "const done = arguments[arguments.length - 1]; const limit = arguments[0]; \
const t0 = performance.now(); (function check() { \
if (document.readyState === 'complete' && !window.__harnessRead) return done(true); \
if (performance.now() - t0 > limit) return done(false); setTimeout(check, 25); })();";

/// How often the in-page readiness loop re-checks its conditions.
const POLL: Duration = Duration::from_millis(50);

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
    /// What the browser's own error page says, when it shows one instead of the page.
    #[serde(default)]
    pub error_page: Option<ErrorPage>,
    /// Where the regions and widgets are, when the scenario keeps a layout section.
    #[serde(default)]
    pub layout: Option<LayoutObservation>,
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
    /// `loading`, `selector`, `text_present`, `text_absent`, `stable` or `error`.
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

/// Why a page could not be observed.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// Navigation failed (timeout, unreachable server, …).
    #[error("failed to load `{url}`")]
    Navigate {
        /// The page.
        url: String,
        /// The WebDriver error.
        #[source]
        source: fantoccini::error::CmdError,
    },
    /// The extraction script failed.
    #[error("failed to read the page `{url}`")]
    Extract {
        /// The page.
        url: String,
        /// The WebDriver error.
        #[source]
        source: fantoccini::error::CmdError,
    },
    /// The page went away (a reload or a redirect by script) while it was being read.
    #[error("the page `{url}` navigated away (a reload or a redirect) while it was being read")]
    Navigated {
        /// The page.
        url: String,
    },
    /// The script answered something that is not an observation.
    #[error("the page `{url}` returned an unexpected extraction result: {detail}")]
    Malformed {
        /// The page.
        url: String,
        /// The decoding error.
        detail: String,
    },
}

impl ProbeError {
    /// Whether another navigation cut the load or the read short.
    fn is_navigation_interference(&self) -> bool {
        match self {
            ProbeError::Navigated { .. } => true,
            ProbeError::Navigate { source, .. } | ProbeError::Extract { source, .. } => {
                let text = source.to_string();
                text.contains("aborted by navigation") || text.contains("loader has changed")
            }
            _ => false,
        }
    }

    /// The underlying WebDriver error, when it means the session is gone.
    pub fn into_session_lost(self) -> Option<fantoccini::error::CmdError> {
        match self {
            ProbeError::Navigate { source, .. } | ProbeError::Extract { source, .. }
                if crate::browser::is_session_lost(&source) =>
            {
                Some(source)
            }
            _ => None,
        }
    }
}

/// The extraction script's argument: everything scenario-specific, as data (never pasted
/// into code). Field names are the script's (camelCase).
#[derive(Debug, Clone, Serialize)]
struct ExtractionArgs<'a> {
    regions: Vec<RegionArg<'a>>,
    ignore: &'a [String],
    /// Whether this read is the page's last script (no behaviour step follows it).
    last: bool,
    widgets: crate::widget::WidgetArgs,
    ready: ReadyArgs<'a>,
    /// What the layout section measures, when the scenario keeps one.
    layout: Option<LayoutArgs>,
}

/// The boxes to measure for the layout section.
#[derive(Debug, Clone, Serialize)]
struct LayoutArgs {
    items: Vec<LayoutItemArg>,
}

/// One box to measure.
#[derive(Debug, Clone, Serialize)]
struct LayoutItemArg {
    kind: &'static str,
    name: String,
    selector: String,
}

/// The regions, the widgets' roots and the scenario's own elements, for the layout section.
fn layout_args(scenario: &Scenario) -> Option<LayoutArgs> {
    if !scenario.layout.enabled {
        return None;
    }
    let item = |kind, name: &str, selector: &str| LayoutItemArg {
        kind,
        name: name.to_owned(),
        selector: selector.to_owned(),
    };
    let w = &scenario.widgets;
    let widgets = [
        ("widget player", w.player.as_ref().map(|p| p.root.as_str())),
        (
            "widget comments",
            w.comments.as_ref().map(|c| c.root.as_str()),
        ),
        (
            "widget stories",
            w.stories.as_ref().map(|s| s.root.as_str()),
        ),
    ];
    let items = scenario
        .regions
        .iter()
        .map(|r| item("region", &r.name, &r.selector))
        .chain(
            widgets
                .into_iter()
                .filter_map(|(name, root)| root.map(|root| item("widget", name, root))),
        )
        .chain(
            scenario
                .layout
                .elements
                .iter()
                .map(|(name, sel)| item("element", name, sel)),
        )
        .collect();
    Some(LayoutArgs { items })
}

/// One region to read.
#[derive(Debug, Clone, Serialize)]
struct RegionArg<'a> {
    name: &'a str,
    selector: &'a str,
}

/// The readiness conditions, waited for inside the page.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReadyArgs<'a> {
    selector: Option<&'a str>,
    text_present: &'a [String],
    text_absent: &'a [String],
    stable_ms: Option<u64>,
    timeout_ms: u64,
    poll_ms: u64,
}

/// The arguments of one read at `viewport`. Only the scenario's first viewport reads the
/// widgets (and may be followed by the player's behaviour); another one reads the regions
/// and the layout.
fn extraction_args(scenario: &Scenario, viewport: Viewport) -> serde_json::Value {
    let primary = viewport == scenario.viewport;
    let ready = &scenario.ready;
    let args = ExtractionArgs {
        regions: scenario
            .regions
            .iter()
            .map(|r| RegionArg {
                name: &r.name,
                selector: &r.selector,
            })
            .collect(),
        ignore: &scenario.ignore,
        last: !primary || scenario.widgets.exercised_player().is_none(),
        widgets: if primary {
            crate::widget::widget_args(&scenario.widgets)
        } else {
            crate::widget::widget_args(&Default::default())
        },
        layout: layout_args(scenario),
        ready: ReadyArgs {
            selector: ready.selector.as_deref(),
            text_present: &ready.text_present,
            text_absent: &ready.text_absent,
            stable_ms: ready.stable_for.map(|d| d.as_millis() as u64),
            timeout_ms: ready.timeout.as_millis() as u64,
            poll_ms: POLL.as_millis() as u64,
        },
    };
    serde_json::to_value(args).expect("the arguments serialise")
}

/// Loads the scenario's page and reads it: one navigation, one script.
///
/// A navigation of the previous page that was already under way when it was left (a reload
/// its own timer started just before its last read) can supersede this one. When the load
/// or the read is cut short that way, the page is loaded once more in a new browsing
/// context, where nothing of the previous page is left; a page that navigates itself away
/// fails again there, with the same error.
///
/// # Errors
///
/// [`ProbeError`] when the page cannot be loaded or read.
pub async fn observe(
    session: &mut Session,
    scenario: &Scenario,
    url: &Url,
    viewport: Viewport,
) -> Result<Observation, ProbeError> {
    match observe_once(session, scenario, url, viewport).await {
        Err(e) if e.is_navigation_interference() => {
            if session.fresh_context().await.is_err() {
                return Err(e);
            }
            observe_once(session, scenario, url, viewport).await
        }
        other => other,
    }
}

async fn observe_once(
    session: &mut Session,
    scenario: &Scenario,
    url: &Url,
    viewport: Viewport,
) -> Result<Observation, ProbeError> {
    session
        .set_viewport(viewport)
        .await
        .map_err(|source| ProbeError::Navigate {
            url: url.to_string(),
            source,
        })?;
    // An `alert()` while the page loads is dismissed by the browser ("dismiss and notify");
    // whether a command sees it depends on timing, so a seen dialog never changes the verdict:
    // the step goes on, and the dialog is noted.
    let mut dialogs = Vec::new();
    if let Err(source) = session.goto(url).await {
        match alert_text(&source) {
            Some(text) => {
                dialogs.push(text);
                wait_for_new_document(session, scenario, &mut dialogs).await;
            }
            None => {
                return Err(ProbeError::Navigate {
                    url: url.to_string(),
                    source,
                })
            }
        }
    }
    let mut attempt = 0;
    let value = loop {
        attempt += 1;
        let started = std::time::Instant::now();
        match session
            .execute_async(EXTRACT_JS, vec![extraction_args(scenario, viewport)])
            .await
        {
            Ok(value) if value.get("stale") == Some(&json!(true)) && attempt < 3 => {
                wait_for_new_document(session, scenario, &mut dialogs).await;
            }
            Ok(value) => break value,
            Err(source) => {
                if let Some(text) = alert_text(&source).filter(|_| attempt < 3) {
                    dialogs.push(text);
                    continue;
                }
                // The document the script ran in was replaced by the page's own navigation
                // (the one a dialog had held up): read the new one.
                if attempt < 3 && source.to_string().contains("aborted by navigation") {
                    wait_for_new_document(session, scenario, &mut dialogs).await;
                    continue;
                }
                // The script waits at most the readiness timeout; a "script timeout" long
                // before that means the document it ran in was unloaded.
                let early = started.elapsed() < scenario.ready.timeout;
                return Err(match &source {
                    fantoccini::error::CmdError::Standard(w)
                        if early && w.error == fantoccini::error::ErrorStatus::ScriptTimeout =>
                    {
                        ProbeError::Navigated {
                            url: url.to_string(),
                        }
                    }
                    _ => ProbeError::Extract {
                        url: url.to_string(),
                        source,
                    },
                });
            }
        }
    };
    let mut observation: Observation =
        serde_json::from_value(value).map_err(|e| ProbeError::Malformed {
            url: url.to_string(),
            detail: e.to_string(),
        })?;
    observation.dialogs = dialogs;
    if let Some(error_page) = &mut observation.error_page {
        error_page.loaded = Some(url.to_string());
    }
    Ok(observation)
}

/// The dialog cut the navigation command short: the new document may not be the current one
/// yet. Waits (in the page) until a document the harness has not read before has loaded; the
/// old one may vanish under the script, so it tries again.
async fn wait_for_new_document(
    session: &mut Session,
    scenario: &Scenario,
    dialogs: &mut Vec<String>,
) {
    for _ in 0..5 {
        match session
            .execute_async(
                LOADED_JS,
                vec![json!(scenario.ready.timeout.as_millis() as u64)],
            )
            .await
        {
            Ok(serde_json::Value::Bool(true)) => return,
            Ok(_) => {}
            Err(e) => {
                if let Some(text) = alert_text(&e) {
                    dialogs.push(text);
                }
            }
        }
    }
}

/// The text of a dialog the browser dismissed, when that is what the error is about.
fn alert_text(e: &fantoccini::error::CmdError) -> Option<String> {
    match e {
        fantoccini::error::CmdError::Standard(w)
            if w.error == fantoccini::error::ErrorStatus::UnexpectedAlertOpen =>
        {
            let text = w
                .message
                .split("Alert text : ")
                .nth(1)
                .and_then(|t| t.split('}').next())
                .unwrap_or("");
            Some(text.trim().to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{extraction_args, EXTRACT_JS};

    /// Every key the Rust side sends is one the page scripts read: the argument types and
    /// the scripts cannot drift apart unnoticed.
    #[test]
    fn the_scripts_read_every_argument_they_are_given() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.html"), "<p>x</p>").unwrap();
        let text = "page = \"p.html\"\nignore = [\".ad\"]\n[ready]\nselector = \"main\"\nstable_for = \"100ms\"\n[regions]\nmain = \"main\"\n[player]\nroot = \"#p\"\ncontrols = [\"play\"]\ntime_format = \"00:00\"\n[player.selectors]\nplay = \".play\"\n[comments]\nroot = \"#c\"\nexpect = \"open\"\nform = \"form\"\n[stories]\nroot = \"#s\"\nitem = \".card\"\n";
        let scenario = crate::scenario::parse_str(
            "s.toml",
            text,
            crate::scenario::ScenarioId("s".into()),
            dir.path(),
            &Default::default(),
        )
        .unwrap();
        let mut keys = Vec::new();
        fn walk(value: &serde_json::Value, keys: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        keys.push(k.clone());
                        // Maps keyed by control kind: their keys are data, not names.
                        if k == "hints" || k == "selectors" {
                            for inner in v.as_object().into_iter().flat_map(|m| m.values()) {
                                walk(inner, keys);
                            }
                        } else {
                            walk(v, keys);
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, keys)),
                _ => {}
            }
        }
        walk(&extraction_args(&scenario, scenario.viewport), &mut keys);
        let behave = include_str!("../widget/player/behave.js");
        for key in keys {
            assert!(
                EXTRACT_JS.contains(&format!(".{key}")) || behave.contains(&format!(".{key}")),
                "no script reads `{key}`"
            );
        }
    }
}
