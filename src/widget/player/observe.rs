//! What the page script reports of a player, and the arguments it needs: the knowledge of
//! how real players mark their controls lives in [`control_hints`] and reaches the page as
//! data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::spec::{ControlKind, PlayerSpec};

/// The player: its root, every known control, and its media element.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlayerObservation {
    /// Whether the root selector matched.
    pub found: bool,
    /// The root element, described.
    #[serde(default)]
    pub element: Option<String>,
    /// How many elements the root selector matches (the first is read).
    #[serde(default)]
    pub matches: u32,
    /// Each control kind by its name (`play`, `back_10`, …).
    #[serde(default)]
    pub controls: BTreeMap<String, ControlObservation>,
    /// The media element's state.
    #[serde(default)]
    pub media: Option<MediaState>,
    /// How the controls had to be shown before they were read: `hover` (a pointer over the
    /// player) or `play` (playback started and paused again), or `None` when they were shown.
    #[serde(default)]
    pub revealed: Option<String>,
    /// A script error, if the observation failed.
    #[serde(default)]
    pub error: Option<String>,
}

/// One player control.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ControlObservation {
    /// Whether it was found.
    pub found: bool,
    /// How: `ligature`, `label`, `class`, `text` or `selector`.
    #[serde(default)]
    pub by: Option<String>,
    /// The element, described (`button.material-icons[data-action="play"]`).
    #[serde(default)]
    pub element: Option<String>,
    /// Its ligature, aria-label or title.
    #[serde(default)]
    pub label: Option<String>,
    /// Its visible text.
    #[serde(default)]
    pub text: Option<String>,
    /// Whether it has a box and is not hidden, or sits in a closed menu whose button is.
    #[serde(default)]
    pub visible: bool,
    /// The button that opens the closed menu the control sits in.
    #[serde(default)]
    pub menu: Option<String>,
    /// Whether it can be used.
    #[serde(default)]
    pub enabled: bool,
}

/// A `<video>` or `<audio>` element's state.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MediaState {
    /// `video` or `audio`.
    pub tag: String,
    /// Whether it is paused.
    pub paused: bool,
    /// The playback position in seconds.
    pub current_time: f64,
    /// The duration in seconds, when known.
    pub duration: Option<f64>,
    /// The playback rate.
    pub playback_rate: f64,
    /// HTMLMediaElement.readyState.
    pub ready_state: u8,
    /// The media URL.
    pub source: Option<String>,
}

/// How known players mark each control: ligature texts (Material Icons), an aria-label or
/// title pattern (JavaScript regex source, matched case-insensitively, English and German),
/// CSS selectors of video.js, Plyr, MediaElement, Shaka and media-chrome, and for the speed
/// control a text pattern.
pub fn control_hints(kind: ControlKind) -> ControlHints {
    type Hint = (
        &'static [&'static str],
        &'static str,
        &'static [&'static str],
        Option<&'static str>,
    );
    let (ligatures, label, selectors, text): Hint = match kind {
        ControlKind::Play => (
            // `replay`: the same button once the clip has ended (Shaka shows it at once when
            // its clip was loaded by `src=`).
            &[
                "play_arrow",
                "pause",
                "play_circle",
                "pause_circle",
                "replay",
            ],
            r"^(play|pause|replay|abspielen|wiedergabe|wiedergeben|pausieren|anhalten|wiederholen)\b",
            &[
                ".vjs-play-control",
                "[data-plyr=\"play\"]",
                ".mejs__playpause-button button",
                ".shaka-play-button",
                "media-play-button",
            ],
            None,
        ),
        ControlKind::Back10 => (
            &["replay_10"],
            r"(back|rewind|zurück|skip backward).*\b10\b|\b10\b.*(back|zurück)",
            &[
                ".vjs-skip-backward-10",
                "[data-plyr=\"rewind\"]",
                "media-seek-backward-button",
            ],
            None,
        ),
        ControlKind::Forward10 => (
            &["forward_10"],
            r"(forward|vorwärts|vorspulen|skip ahead|skip forward).*\b10\b|\b10\b.*(forward|vor\b|vorwärts)",
            &[
                ".vjs-skip-forward-10",
                "[data-plyr=\"fast-forward\"]",
                "media-seek-forward-button",
            ],
            None,
        ),
        ControlKind::Previous => (
            &["skip_previous"],
            r"^(previous|prev\b|vorherige|zurück zum vorherigen)",
            &[".vjs-previous", "media-previous-button"],
            None,
        ),
        ControlKind::Next => (
            &["skip_next"],
            r"^(next|nächste)",
            &[".vjs-next", "media-next-button"],
            None,
        ),
        ControlKind::Time => (&[], "", &[], None),
        ControlKind::Speed => (
            &["speed", "slow_motion_video"],
            r"speed|geschwindigkeit|playback rate|wiedergaberate",
            &[
                ".vjs-playback-rate",
                // Plyr lists its rates in the Settings menu; the checked one is the rate shown.
                ".plyr__menu [data-plyr=\"speed\"][aria-checked=\"true\"]",
                "media-playback-rate-button",
                ".shaka-playbackrate-button",
            ],
            Some(r"^\d+([.,]\d+)?\s*[x×]"),
        ),
    };
    ControlHints {
        ligatures,
        label,
        selectors,
        text,
    }
}

/// How the page script recognises one kind of control, as data.
#[derive(Debug, Clone, Serialize)]
pub struct ControlHints {
    /// Material Icons ligatures it shows (`play_arrow`).
    pub ligatures: &'static [&'static str],
    /// A pattern its label (`aria-label`, `title`) matches.
    pub label: &'static str,
    /// Selectors real players mark it with.
    pub selectors: &'static [&'static str],
    /// A pattern its text matches, where the text says what it is (`1.5x`).
    pub text: Option<&'static str>,
}

/// The player part of the script arguments (`player` in the extraction's, the whole
/// argument of the behaviour script's). Field names are the scripts' (camelCase).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlayerArgs {
    /// The root selector.
    pub root: String,
    /// The media element's selector, when the scenario names it.
    pub media: Option<String>,
    /// Every control kind the harness knows.
    pub kinds: Vec<&'static str>,
    /// The controls the scenario checks: the ones revealed for and exercised.
    pub listed: Vec<&'static str>,
    /// How each kind is recognised.
    pub hints: BTreeMap<&'static str, ControlHints>,
    /// The scenario's own selectors, by kind.
    pub selectors: BTreeMap<&'static str, String>,
    /// The time display's shape as a pattern, when the scenario gives one.
    pub time_pattern: Option<String>,
    /// The longest the behaviour script waits for one step, in milliseconds.
    pub step_timeout_ms: Option<u64>,
}

/// The player part of the script arguments.
pub fn player_args(spec: &PlayerSpec) -> PlayerArgs {
    PlayerArgs {
        root: spec.root.clone(),
        media: spec.media.clone(),
        kinds: ControlKind::ALL.iter().map(|k| k.name()).collect(),
        listed: spec.checked_controls().iter().map(|k| k.name()).collect(),
        hints: ControlKind::ALL
            .iter()
            .map(|k| (k.name(), control_hints(*k)))
            .collect(),
        selectors: spec
            .selectors
            .iter()
            .map(|(k, s)| (k.name(), s.clone()))
            .collect(),
        time_pattern: spec.time_pattern.clone(),
        step_timeout_ms: None,
    }
}
