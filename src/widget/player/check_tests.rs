//! Table tests of the player checks and verdicts.

use super::behave::Step;
use super::check::*;
use super::observe::{ControlObservation, PlayerObservation};
use super::spec::{ControlKind, PlayerSpec};
use super::verdict::*;
use crate::check::{CheckOutcome, CheckSubject};
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
        matches: 1,
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
    crate::check::failures(out)
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
