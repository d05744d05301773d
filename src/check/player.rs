//! Media-player checks: required controls present, visible and enabled; the time display's
//! shape; the speed control's rate; and, when exercised, what the real media element did.

use super::{CheckOutcome, CheckSubject};
use crate::probe::{BehaviourObservation, ControlObservation, PlayerObservation, Step};
use crate::scenario::{parse_rate, ControlKind, PlayerSpec};

/// Reads the rate a speed control shows (`1.0x Geschwindigkeit` → 1.0), and the word players
/// show for 1× (Plyr's `Normal`).
fn shown_rate(text: &str) -> Option<f64> {
    let re = regex::Regex::new(r"(\d+(?:[.,]\d+)?)\s*[x×]").expect("a valid pattern");
    if let Some(rate) = re.captures(text).and_then(|c| parse_rate(&c[1])) {
        return Some(rate);
    }
    let normal = regex::Regex::new(r"(?i)\bnormale?\b").expect("a valid pattern");
    normal.is_match(text).then_some(1.0)
}

/// The first time in a display's text (`1:02:03`, `02:03`, `2:03`), in seconds.
fn first_time(text: &str) -> Option<f64> {
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
fn not_the_position(text: &str, media: &crate::probe::MediaState) -> Option<String> {
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

pub(super) fn evaluate(
    spec: &PlayerSpec,
    seen: &PlayerObservation,
    behaviour: Option<&BehaviourObservation>,
) -> Vec<CheckOutcome> {
    let widget = CheckSubject::Player(spec.root.clone());
    let mut out = Vec::new();
    if let Some(err) = &seen.error {
        out.push(CheckOutcome::fail(
            &widget,
            "the player to be readable",
            format!("the page script failed: {err}"),
        ));
        return out;
    }
    if !seen.found {
        out.push(CheckOutcome::fail(
            &widget,
            format!("an element matching `{}`", spec.root),
            "none",
        ));
        return out;
    }
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

fn evaluate_behaviour(
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

fn judge_step(widget: &CheckSubject, s: &Step, tolerance: f64) -> CheckOutcome {
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

fn judge_label(widget: &CheckSubject, s: &Step) -> CheckOutcome {
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

fn judge_speed_text(widget: &CheckSubject, s: &Step) -> CheckOutcome {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::time::Duration;

    fn spec() -> PlayerSpec {
        PlayerSpec {
            root: "#player".into(),
            controls: vec![ControlKind::Play, ControlKind::Forward10],
            time_format: Some("00:00 / 00:00".into()),
            time_pattern: Some(crate::scenario::time_shape_pattern("00:00 / 00:00")),
            speed: Some(("1.0x".into(), 1.0)),
            behaviour: false,
            tolerance: Duration::from_millis(500),
            media: None,
            selectors: vec![],
        }
    }

    fn control(label: &str, text: &str) -> ControlObservation {
        ControlObservation {
            found: true,
            by: Some("ligature".into()),
            element: Some("button".into()),
            label: Some(label.into()),
            text: Some(text.into()),
            visible: true,
            menu: None,
            enabled: true,
        }
    }

    fn player(controls: &[(&str, ControlObservation)]) -> PlayerObservation {
        PlayerObservation {
            found: true,
            element: Some("section#player".into()),
            controls: controls
                .iter()
                .map(|(k, c)| (k.to_string(), c.clone()))
                .collect::<BTreeMap<_, _>>(),
            media: None,
            revealed: None,
            error: None,
        }
    }

    fn fails(out: &[CheckOutcome]) -> Vec<String> {
        out.iter()
            .filter_map(|o| match o {
                CheckOutcome::Fail {
                    check,
                    expected,
                    found,
                } => Some(format!("{check} | {expected} | {found}")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_complete_player_passes() {
        let seen = player(&[
            ("play", control("play_arrow", "play_arrow")),
            ("forward_10", control("forward_10", "forward_10")),
            ("time", control("00:00 / 00:30", "00:00 / 00:30")),
            ("speed", control("Geschwindigkeit", "1.0x Geschwindigkeit")),
        ]);
        assert_eq!(fails(&evaluate(&spec(), &seen, None)), Vec::<String>::new());
    }

    #[test]
    fn missing_hidden_disabled_and_misshapen_controls_fail() {
        let mut hidden = control("forward_10", "forward_10");
        hidden.visible = false;
        let seen = player(&[
            ("forward_10", hidden),
            ("time", control("0:00", "0:00")),
            ("speed", control("Geschwindigkeit", "1.5x Geschwindigkeit")),
        ]);
        let f = fails(&evaluate(&spec(), &seen, None));
        assert_eq!(f.len(), 4, "{f:#?}");
        assert!(
            f[0].starts_with("player `#player`: control `play` | present: ligature `play_arrow`"),
            "{}",
            f[0]
        );
        assert!(
            f[1].contains(
                "control `forward_10` | visible | `button` (ligature `forward_10`) is hidden"
            ),
            "{}",
            f[1]
        );
        assert!(
            f[2].contains(
                "control `time` | a time display shaped `00:00 / 00:00` | `0:00` in `button`"
            ),
            "{}",
            f[2]
        );
        assert!(
            f[3].contains(
                "control `speed` | the speed control showing `1.0x` | `1.5x Geschwindigkeit`"
            ),
            "{}",
            f[3]
        );
    }

    #[test]
    fn jumps_are_judged_with_the_tolerance_and_the_media_ends() {
        let jump = |step: &str, before: f64, after: f64| Step {
            step: step.into(),
            moved: Some(true),
            before: Some(before),
            after: Some(after),
            duration: Some(30.0),
            ..Step::default()
        };
        assert!(!judge_step(
            &CheckSubject::Player("p".into()),
            &jump("forward_10", 2.0, 12.3),
            0.5
        )
        .is_fail());
        assert!(judge_step(
            &CheckSubject::Player("p".into()),
            &jump("forward_10", 2.0, 13.0),
            0.5
        )
        .is_fail());
        assert!(!judge_step(
            &CheckSubject::Player("p".into()),
            &jump("back_10", 12.0, 2.0),
            0.5
        )
        .is_fail());
        // Forward from 25 s of 30 s can only reach the end.
        assert!(!judge_step(
            &CheckSubject::Player("p".into()),
            &jump("forward_10", 25.0, 30.0),
            0.5
        )
        .is_fail());
        assert!(judge_step(
            &CheckSubject::Player("p".into()),
            &jump("back_10", 12.0, 12.0),
            0.5
        )
        .is_fail());
    }

    #[test]
    fn a_time_display_must_show_the_position() {
        let media = |at: f64| crate::probe::MediaState {
            tag: "video".into(),
            paused: true,
            current_time: at,
            duration: Some(30.0),
            playback_rate: 1.0,
            ready_state: 4,
            source: None,
        };
        let cases: &[(&str, f64, Option<&str>)] = &[
            ("0:00 / 0:30", 0.0, None),
            ("00:00", 0.0, None),
            ("0:12", 12.4, None),
            ("1:00:00", 3600.0, None),
            (
                "00:30",
                0.0,
                Some("the duration (30.0 s), not the position (0.0 s)"),
            ),
            (
                "0:20",
                10.0,
                Some("the time left (20.0 s), not the position (10.0 s)"),
            ),
            ("Live", 0.0, None),
        ];
        for (text, at, want) in cases {
            assert_eq!(
                not_the_position(text, &media(*at)).as_deref(),
                *want,
                "{text} at {at}"
            );
        }
    }

    #[test]
    fn behaviour_names_what_went_wrong() {
        let cases: &[(Step, &str)] = &[
            (
                Step {
                    step: "pause".into(),
                    paused: Some(false),
                    ended: Some(true),
                    left_before: Some(0.8),
                    ..Step::default()
                },
                "the clip ended before the pause could be judged (0.80 s were left)",
            ),
            (
                Step {
                    step: "pause".into(),
                    paused: Some(false),
                    ended: Some(false),
                    ..Step::default()
                },
                "still playing",
            ),
            (
                Step {
                    step: "forward_10".into(),
                    moved: Some(false),
                    too_short: Some(true),
                    duration: Some(6.0),
                    ..Step::default()
                },
                "the clip is 6.00 s long, too short for a 10 s jump",
            ),
            (
                Step {
                    step: "back_10".into(),
                    moved: Some(false),
                    seekable: Some(false),
                    ..Step::default()
                },
                "the media cannot be seeked",
            ),
            (
                Step {
                    step: "speed".into(),
                    changed: Some(true),
                    held: Some(false),
                    rate_before: Some(1.0),
                    rate_after: Some(1.5),
                    rate_later: Some(1.0),
                    ..Step::default()
                },
                "playbackRate went 1 → 1.5 and back to 1 within a second",
            ),
        ];
        for (step, want) in cases {
            let out = judge_step(&CheckSubject::Player("p".into()), step, 0.5);
            let found = match &out {
                CheckOutcome::Fail { found, .. } => found.clone(),
                other => panic!("{} passed: {other:?}", step.step),
            };
            assert!(found.contains(want), "{found}");
        }
        let held = Step {
            step: "speed".into(),
            changed: Some(true),
            held: Some(true),
            ..Step::default()
        };
        assert!(!judge_step(&CheckSubject::Player("p".into()), &held, 0.5).is_fail());
    }

    #[test]
    fn plyr_s_normal_is_one_times() {
        assert_eq!(shown_rate("Normal"), Some(1.0));
        assert_eq!(shown_rate("Speed Normal"), Some(1.0));
        assert_eq!(shown_rate("1,5×"), Some(1.5));
        assert_eq!(shown_rate("Playback speed"), None);
    }

    #[test]
    fn a_countdown_is_no_time_display() {
        let mut spec = spec();
        spec.time_pattern = None;
        spec.time_format = None;
        spec.controls = vec![ControlKind::Time];
        spec.speed = None;
        let seen = player(&[("time", control("-00:30", "-00:30"))]);
        assert_eq!(
            fails(&evaluate(&spec, &seen, None)),
            ["player `#player`: control `time` | a display of the current position | `-00:30` in `button` shows a countdown of the remaining time"]
        );
    }
}
