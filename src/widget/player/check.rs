//! Player checks on what the page showed: every listed control present, visible, enabled
//! and shaped as the scenario says; the time display showing the position; the speed
//! control the rate.

use super::behave::BehaviourObservation;
use super::observe::{ControlObservation, MediaState, PlayerObservation};
use super::spec::{parse_rate, ControlKind, PlayerSpec};
use super::verdict::evaluate_behaviour;
use crate::check::{unreadable, CheckOutcome, CheckSubject};

/// Reads the rate a speed control shows (`1.0x Geschwindigkeit` → 1.0), and the word players
/// show for 1× (Plyr's `Normal`).
pub(super) fn shown_rate(text: &str) -> Option<f64> {
    let re = regex::Regex::new(r"(\d+(?:[.,]\d+)?)\s*[x×]").expect("a valid pattern");
    if let Some(rate) = re.captures(text).and_then(|c| parse_rate(&c[1])) {
        return Some(rate);
    }
    let normal = regex::Regex::new(r"(?i)\bnormale?\b").expect("a valid pattern");
    normal.is_match(text).then_some(1.0)
}

/// The first time in a display's text (`1:02:03`, `02:03`, `2:03`), in seconds.
pub(super) fn first_time(text: &str) -> Option<f64> {
    let re = regex::Regex::new(r"(?:(\d+):)?(\d{1,2}):(\d{2})").expect("a valid pattern");
    let c = re.captures(text)?;
    let part = |i: usize| {
        c.get(i)
            .map_or(0.0, |m| m.as_str().parse::<f64>().unwrap_or(0.0))
    };
    Some(part(1) * 3600.0 + part(2) * 60.0 + part(3))
}

/// What a time display shows when it is not the media's position: its duration (Plyr before
/// the first play) or the time left. `None` when it shows the position, or cannot be told.
pub(super) fn not_the_position(text: &str, media: &MediaState) -> Option<String> {
    let shown = first_time(text)?;
    let (at, duration) = (media.current_time, media.duration?);
    // Displays round down to the second, and may lag a timeupdate behind.
    let near = |a: f64, b: f64| (a - b).abs() <= 1.5;
    if near(shown, at) {
        return None;
    }
    if near(shown, duration) {
        return Some(format!(
            "the duration ({duration:.1} s), not the position ({at:.1} s)"
        ));
    }
    if near(shown, duration - at) {
        return Some(format!(
            "the time left ({:.1} s), not the position ({at:.1} s)",
            duration - at
        ));
    }
    None
}

fn found_where(c: &ControlObservation) -> String {
    format!(
        "`{}` ({} `{}`)",
        c.element.as_deref().unwrap_or("?"),
        c.by.as_deref().unwrap_or("?"),
        c.label.as_deref().unwrap_or("")
    )
}

fn how_found(kind: ControlKind) -> &'static str {
    match kind {
        ControlKind::Play => "ligature `play_arrow`/`pause`, an aria-label or title like `Play`, or a known player class",
        ControlKind::Back10 => "ligature `replay_10`, an aria-label or title like `10 Sekunden zurück`, or a known player class",
        ControlKind::Forward10 => "ligature `forward_10`, an aria-label or title like `10 Sekunden vor`, or a known player class",
        ControlKind::Previous => "ligature `skip_previous`, an aria-label or title like `Previous`, or a known player class",
        ControlKind::Next => "ligature `skip_next`, an aria-label or title like `Next`, or a known player class",
        ControlKind::Time => "a time display such as `00:00 / 00:00`",
        ControlKind::Speed => "ligature `speed`, an aria-label or title like `Geschwindigkeit`, a known player class, or a rate like `1.0x`",
    }
}

pub fn evaluate(
    spec: &PlayerSpec,
    seen: &PlayerObservation,
    behaviour: Option<&BehaviourObservation>,
) -> Vec<CheckOutcome> {
    let widget = CheckSubject::Player(spec.root.clone());
    if let Some(verdict) = unreadable(&widget, "the player", seen.error.as_deref(), seen.found) {
        return vec![verdict];
    }
    let mut out = Vec::new();
    let control = |kind: ControlKind| seen.controls.get(kind.name()).cloned().unwrap_or_default();
    for kind in spec.checked_controls() {
        let c = control(kind);
        let check = widget.part(format!("control `{}`", kind.name()));
        let pointed = spec.selectors.iter().find(|(k, _)| *k == kind);
        // Where the harness looked on its own, it says how to point it at the right element.
        let hint = match pointed {
            Some(_) => String::new(),
            None => format!(
                "; if the player has it elsewhere, point at it: `[player.selectors] {} = \"…\"`",
                kind.name()
            ),
        };
        if !c.found {
            let via = pointed
                .map(|(_, s)| format!("an element matching `{s}`"))
                .unwrap_or_else(|| how_found(kind).to_owned());
            out.push(CheckOutcome::fail(
                check,
                format!("present: {via}"),
                format!("no such control{hint}"),
            ));
            continue;
        }
        if !c.visible {
            out.push(CheckOutcome::fail(
                &check,
                "visible",
                format!("{} is hidden or has no size{hint}", found_where(&c)),
            ));
            continue;
        }
        if !c.enabled && kind != ControlKind::Time {
            out.push(CheckOutcome::fail(
                &check,
                "enabled",
                format!("{} is disabled", found_where(&c)),
            ));
            continue;
        }
        let text = c.text.clone().unwrap_or_default();
        if kind == ControlKind::Time {
            // A display of another time than the position: a countdown, the duration, the
            // time left.
            let other = if text.starts_with('-') || text.starts_with('−') {
                Some("a countdown of the remaining time".to_owned())
            } else {
                seen.media.as_ref().and_then(|m| not_the_position(&text, m))
            };
            if let Some(other) = other {
                out.push(CheckOutcome::fail(
                    check,
                    "a display of the current position",
                    format!(
                        "`{text}` in `{}` shows {other}",
                        c.element.as_deref().unwrap_or("?")
                    ),
                ));
                continue;
            }
        }
        match kind {
            ControlKind::Time => match (&spec.time_pattern, &spec.time_format) {
                (Some(pattern), Some(format)) => {
                    let re = regex::Regex::new(pattern).expect("built from an escaped shape");
                    let text = c.text.clone().unwrap_or_default();
                    if re.is_match(&text) {
                        out.push(CheckOutcome::pass(check));
                    } else {
                        out.push(CheckOutcome::fail(
                            check,
                            format!("a time display shaped `{format}`"),
                            format!("`{text}` in `{}`", c.element.as_deref().unwrap_or("?")),
                        ));
                    }
                }
                _ => out.push(CheckOutcome::pass(check)),
            },
            ControlKind::Speed => match &spec.speed {
                Some((declared, rate)) => {
                    let text = c.text.clone().unwrap_or_default();
                    match shown_rate(&text) {
                        Some(r) if (r - rate).abs() < 1e-6 => out.push(CheckOutcome::pass(check)),
                        _ => out.push(CheckOutcome::fail(
                            check,
                            format!("the speed control showing `{declared}`"),
                            format!("`{text}` in `{}`", c.element.as_deref().unwrap_or("?")),
                        )),
                    }
                }
                None => out.push(CheckOutcome::pass(check)),
            },
            _ => out.push(CheckOutcome::pass(check)),
        }
    }
    if spec.behaviour {
        out.extend(evaluate_behaviour(spec, &widget, behaviour));
    }
    out
}
