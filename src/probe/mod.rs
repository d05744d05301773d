//! Observing a page: the only code besides `browser` that talks to the browser. The main
//! entry is [`observe`], which loads a scenario's page and returns an [`Observation`] built
//! from ONE extraction round-trip (readiness wait and all regions together).
//!
//! Probes observe; they never decide. Whether an observation passes is `check`'s business.

use std::time::Duration;

use serde_json::json;
use url::Url;

use crate::browser::Session;
use crate::scenario::{Scenario, Viewport};

mod args;
mod links;
mod observation;

use args::extraction_args;
pub use observation::{
    BodyHidden, ErrorPage, FailedFile, LayoutItem, LayoutObservation, Observation, PageDiagnostics,
    PendingCondition, RegionText,
};

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
    let navigation_started = std::time::Instant::now();
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
    let navigation_time = navigation_started.elapsed();
    let extraction_started = std::time::Instant::now();
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
    observation.navigation_time = navigation_time;
    observation.extraction_time = extraction_started.elapsed();
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
