//! What the extraction script reports about the widgets, and the arguments it needs for
//! them. The main type here is [`WidgetObservations`]; the knowledge of how real players
//! mark their controls lives in [`control_hints`] and reaches the page as data.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use crate::scenario::{ControlKind, Widgets};

/// The widgets as the page showed them (each `None` when the scenario does not check it).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WidgetObservations {
    /// The media player.
    pub player: Option<PlayerObservation>,
    /// The comment section.
    pub comments: Option<CommentsObservation>,
    /// The story widget.
    pub stories: Option<StoriesObservation>,
}

/// The player: its root, every known control, and its media element.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlayerObservation {
    /// Whether the root selector matched.
    pub found: bool,
    /// The root element, described.
    #[serde(default)]
    pub element: Option<String>,
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

/// The comment section.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommentsObservation {
    /// Whether the root selector matched.
    pub found: bool,
    /// The root element, described.
    #[serde(default)]
    pub element: Option<String>,
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

/// A link.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct LinkObservation {
    /// Its visible text.
    pub text: String,
    /// Its `href` attribute as written.
    pub href: String,
    /// Whether it is shown.
    pub visible: bool,
    /// The `alt` text of an image inside it (a teaser's image link has no text of its own).
    #[serde(default)]
    pub alt: Option<String>,
    /// The card it sits in, counted from 0 in page order (story widgets only).
    #[serde(default)]
    pub card: Option<usize>,
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

/// The story widget.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StoriesObservation {
    /// Whether the root selector matched.
    pub found: bool,
    /// The root element, described.
    #[serde(default)]
    pub element: Option<String>,
    /// Its links.
    #[serde(default)]
    pub links: Vec<LinkObservation>,
    /// A script error, if the observation failed.
    #[serde(default)]
    pub error: Option<String>,
}

/// How known players mark each control: ligature texts (Material Icons), an aria-label or
/// title pattern (JavaScript regex source, matched case-insensitively, English and German),
/// CSS selectors of video.js, Plyr, MediaElement, Shaka and media-chrome, and for the speed
/// control a text pattern.
pub fn control_hints(kind: ControlKind) -> Json {
    let (ligatures, label, selectors, text): (&[&str], &str, &[&str], Option<&str>) = match kind {
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
    json!({ "ligatures": ligatures, "label": label, "selectors": selectors, "text": text })
}

/// The player part of the script arguments.
pub fn player_args(spec: &crate::scenario::PlayerSpec) -> Json {
    let hints: serde_json::Map<String, Json> = ControlKind::ALL
        .iter()
        .map(|k| (k.name().to_owned(), control_hints(*k)))
        .collect();
    let selectors: serde_json::Map<String, Json> = spec
        .selectors
        .iter()
        .map(|(k, s)| (k.name().to_owned(), json!(s)))
        .collect();
    json!({
        "root": spec.root,
        "media": spec.media,
        "kinds": ControlKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>(),
        // The controls the scenario checks: the ones revealed for and exercised.
        "listed": spec.checked_controls().iter().map(|k| k.name()).collect::<Vec<_>>(),
        "hints": hints,
        "selectors": selectors,
        "timePattern": spec.time_pattern,
    })
}

/// The widget part of the extraction script's arguments.
pub fn widget_args(widgets: &Widgets) -> Json {
    json!({
        "player": widgets.player.as_ref().map(player_args),
        "comments": widgets.comments.as_ref().map(|c| json!({
            "root": c.root,
            "form": c.form,
            "publishedSelector": c.published_visible.as_ref().map(|(sel, _)| sel),
        })),
        "stories": widgets.stories.as_ref().map(|s| json!({ "root": s.root, "item": s.item })),
    })
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
