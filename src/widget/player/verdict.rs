//! Verdicts on what the behaviour script saw the media element do: play plays, pause
//! pauses, a jump moves by ten seconds, the speed control changes the rate, and the labels
//! follow.

use super::behave::{BehaviourObservation, Step};
use super::check::shown_rate;
use super::spec::PlayerSpec;
use crate::check::{CheckOutcome, CheckSubject};

pub(super) fn evaluate_behaviour(
    spec: &PlayerSpec,
    widget: &CheckSubject,
    behaviour: Option<&BehaviourObservation>,
) -> Vec<CheckOutcome> {
    let check = widget.part("behaviour");
    let Some(b) = behaviour else {
        return vec![CheckOutcome::fail(
            check,
            "the controls exercised on the media element",
            "they were not run",
        )];
    };
    if let Some(err) = &b.error {
        return vec![CheckOutcome::fail(
            check,
            "the controls exercised on the media element",
            err.clone(),
        )];
    }
    let tolerance = spec.tolerance.as_secs_f64();
    let mut out = Vec::new();
    for step in &b.steps {
        out.push(judge_step(widget, step, tolerance));
        if step.step == "speed" {
            out.push(judge_speed_text(widget, step));
        }
        if step.step == "play" || step.step == "pause" {
            out.push(judge_label(widget, step));
        }
    }
    out
}

fn secs(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.2} s")).unwrap_or_else(|| "?".into())
}

pub(super) fn judge_step(widget: &CheckSubject, s: &Step, tolerance: f64) -> CheckOutcome {
    let check = widget.part(format!("{} works", s.step));
    match s.step.as_str() {
        "play" => {
            if s.started == Some(true) {
                CheckOutcome::pass(check)
            } else {
                CheckOutcome::fail(
                    check,
                    "play starts playback and currentTime advances",
                    format!("currentTime {} → {}", secs(s.before), secs(s.after)),
                )
            }
        }
        "pause" => {
            if s.paused == Some(true) {
                CheckOutcome::pass(check)
            } else if s.ended == Some(true) {
                CheckOutcome::fail(
                    check,
                    "a second click on play pauses playback",
                    format!(
                        "the clip ended before the pause could be judged ({} were left)",
                        secs(s.left_before)
                    ),
                )
            } else {
                CheckOutcome::fail(
                    check,
                    "a second click on play pauses playback",
                    "still playing",
                )
            }
        }
        "forward_10" | "back_10" if s.too_short == Some(true) => CheckOutcome::fail(
            check,
            "currentTime moves by 10 s",
            format!(
                "the clip is {} long, too short for a 10 s jump",
                secs(s.duration)
            ),
        ),
        "forward_10" | "back_10" if s.seekable == Some(false) => CheckOutcome::fail(
            check,
            "currentTime moves by 10 s",
            "the media cannot be seeked (its `seekable` ranges are empty: is it served without byte ranges?)",
        ),
        "forward_10" | "back_10" => {
            let sign = if s.step == "forward_10" { 1.0 } else { -1.0 };
            let (before, after) = (s.before.unwrap_or(0.0), s.after.unwrap_or(0.0));
            // Near either end the player can only move as far as the media reaches.
            let room = if sign > 0.0 {
                s.duration.map_or(10.0, |d| d - before)
            } else {
                before
            };
            let wanted = sign * room.clamp(0.0, 10.0);
            let moved = after - before;
            if (moved - wanted).abs() <= tolerance {
                CheckOutcome::pass(check)
            } else {
                CheckOutcome::fail(
                    check,
                    format!("currentTime moves by {wanted:+.1} s (±{tolerance} s)"),
                    format!(
                        "it moved by {moved:+.2} s ({} → {})",
                        secs(s.before),
                        secs(s.after)
                    ),
                )
            }
        }
        "speed" => {
            if s.changed == Some(true) && s.held == Some(false) {
                CheckOutcome::fail(
                    check,
                    "the speed control changes playbackRate, and the new rate holds",
                    format!(
                        "playbackRate went {} → {} and back to {} within a second",
                        s.rate_before.unwrap_or(1.0),
                        s.rate_after.unwrap_or(1.0),
                        s.rate_later.unwrap_or(1.0)
                    ),
                )
            } else if s.changed == Some(true) {
                CheckOutcome::pass(check)
            } else {
                CheckOutcome::fail(
                    check,
                    "the speed control changes playbackRate",
                    format!("playbackRate stayed {}", s.rate_before.unwrap_or(1.0)),
                )
            }
        }
        other => CheckOutcome::fail(check, "a known step", format!("unknown step `{other}`")),
    }
}

pub(super) fn judge_label(widget: &CheckSubject, s: &Step) -> CheckOutcome {
    let check = widget.part(format!("play control label follows the state ({})", s.step));
    let (before, after) = (
        s.label_before.as_deref().unwrap_or(""),
        s.label_after.as_deref().unwrap_or(""),
    );
    if before != after && !after.is_empty() {
        CheckOutcome::pass(check)
    } else {
        CheckOutcome::fail(
            check,
            format!("the label to change from `{before}` after {}", s.step),
            format!("still `{after}`"),
        )
    }
}

pub(super) fn judge_speed_text(widget: &CheckSubject, s: &Step) -> CheckOutcome {
    let check = widget.part("speed control shows the new rate");
    let after = s.text_after.as_deref().unwrap_or("");
    match (s.rate_after, shown_rate(after)) {
        (Some(rate), Some(shown)) if (rate - shown).abs() < 1e-6 => CheckOutcome::pass(check),
        (rate, _) => CheckOutcome::fail(
            check,
            format!(
                "the control to show the new playbackRate {}x",
                rate.unwrap_or(0.0)
            ),
            format!("`{after}`"),
        ),
    }
}
