//! Player behaviour: one extra `execute_async` round-trip that clicks play, pause, ±10 s and
//! speed like a user and reports what the real media element did. The main function here is
//! [`exercise`]; [`BehaviourObservation`] is what it returns.

use std::time::Duration;

use serde::Deserialize;

use super::observe::{player_args, MediaState, PlayerArgs};
use super::spec::PlayerSpec;
use crate::browser::Session;
use crate::probe::ProbeError;

const BEHAVE_JS: &str = concat!(
    include_str!("../../probe/dom.js"),
    include_str!("behave.js")
);

/// How long each step may take to show its effect.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(5);

/// What the media element did when the controls were used.
#[derive(Debug, Clone, Deserialize)]
pub struct BehaviourObservation {
    /// The media element before the steps.
    #[serde(default)]
    pub media: Option<MediaState>,
    /// Each step, in order.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Why the steps could not run.
    #[serde(default)]
    pub error: Option<String>,
    /// Whether cookies were left that the page's scripts could not expire.
    #[serde(default, rename = "cookiesLeft")]
    pub cookies_left: bool,
}

/// One step of the behaviour script.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// `play`, `pause`, `forward_10`, `back_10` or `speed`.
    pub step: String,
    /// Play: whether playback started and time advanced.
    #[serde(default)]
    pub started: Option<bool>,
    /// Pause: whether playback stopped.
    #[serde(default)]
    pub paused: Option<bool>,
    /// Jumps: whether the position moved at all.
    #[serde(default)]
    pub moved: Option<bool>,
    /// Speed: whether the rate changed.
    #[serde(default)]
    pub changed: Option<bool>,
    /// Position before, in seconds.
    #[serde(default)]
    pub before: Option<f64>,
    /// Position after, in seconds.
    #[serde(default)]
    pub after: Option<f64>,
    /// The media duration, in seconds.
    #[serde(default)]
    pub duration: Option<f64>,
    /// The play control's label before the click.
    #[serde(default)]
    pub label_before: Option<String>,
    /// The play control's label after the click.
    #[serde(default)]
    pub label_after: Option<String>,
    /// Speed: the rate before.
    #[serde(default)]
    pub rate_before: Option<f64>,
    /// Speed: the rate after.
    #[serde(default)]
    pub rate_after: Option<f64>,
    /// Speed: the control's text before.
    #[serde(default)]
    pub text_before: Option<String>,
    /// Speed: the control's text after.
    #[serde(default)]
    pub text_after: Option<String>,
    /// Speed: `click` when the control itself changed the rate, `menu` when a rate was
    /// picked from the menu it opened.
    #[serde(default)]
    pub via: Option<String>,
    /// Pause: whether the clip had ended, so the pause could not be judged.
    #[serde(default)]
    pub ended: Option<bool>,
    /// Pause: seconds of the clip left when play was pressed again.
    #[serde(default)]
    pub left_before: Option<f64>,
    /// Jumps: the clip is too short for a 10 s jump.
    #[serde(default)]
    pub too_short: Option<bool>,
    /// Jumps: whether the media could be seeked at all.
    #[serde(default)]
    pub seekable: Option<bool>,
    /// Speed: whether the changed rate still held a second later.
    #[serde(default)]
    pub held: Option<bool>,
    /// Speed: the rate a second after the change.
    #[serde(default)]
    pub rate_later: Option<f64>,
}

/// Clicks the player's controls in the page and reports what happened.
///
/// # Errors
///
/// [`ProbeError`] when the script cannot run or answers nonsense.
pub async fn exercise(
    session: &mut Session,
    spec: &PlayerSpec,
    url: &str,
) -> Result<BehaviourObservation, ProbeError> {
    let args = PlayerArgs {
        step_timeout_ms: Some(STEP_TIMEOUT.as_millis() as u64),
        ..player_args(spec)
    };
    let args = serde_json::to_value(args).expect("the arguments serialise");
    let value = session
        .execute_async(BEHAVE_JS, vec![args])
        .await
        .map_err(|source| ProbeError::Extract {
            url: url.to_owned(),
            source,
        })?;
    serde_json::from_value(value).map_err(|e| ProbeError::Malformed {
        url: url.to_owned(),
        detail: e.to_string(),
    })
}
