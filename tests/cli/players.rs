//! Real player libraries as they ship — video.js 8 (default skin, no options), Plyr 3,
//! MediaElement 7, Shaka Player 4 (its Material Icons ligature UI) and media-chrome 4 —
//! vendored from npm in `tests/fixtures/players/vendor`, each checked by a short scenario with
//! no per-control selectors, in Chromium and in Firefox, and each shown to fail, naming the
//! control, when a listed control is taken away or misbehaves.

use serde_json::Value;

use crate::support::{copy_dir, repo_root, Suite};

/// Each player page and its scenario: what a user writes for a player they did not build.
const PLAYERS: &[(&str, &str)] = &[
    (
        "videojs",
        "[player]\nroot = \"#clip\"\ncontrols = [\"play\"]\nbehaviour = true\n",
    ),
    (
        "plyr",
        "[player]\nroot = \".plyr\"\ncontrols = [\"play\", \"speed\"]\nspeed = \"1x\"\nbehaviour = true\n",
    ),
    (
        "mediaelement",
        "[player]\nroot = \".mejs__container\"\ncontrols = [\"play\", \"time\"]\ntime_format = \"00:00\"\nbehaviour = true\n",
    ),
    (
        "shaka",
        "[ready]\ntext_present = [\"0:30\"]\n[player]\nroot = \"#player\"\ncontrols = [\"play\", \"time\", \"speed\"]\nspeed = \"1x\"\nbehaviour = true\n",
    ),
    (
        "media-chrome",
        "[player]\nroot = \"#player\"\ncontrols = [\"play\", \"back_10\", \"forward_10\", \"time\", \"speed\"]\ntime_format = \"0:00 / 0:00\"\nspeed = \"1x\"\nbehaviour = true\n",
    ),
];

/// What a reader would take away from each player, so that a player that disappears from
/// the page (rather than working) cannot pass: the behaviour steps that must have run.
const STEPS: &[(&str, &[&str])] = &[
    ("videojs", &["play works", "pause works"]),
    (
        "plyr",
        &[
            "play works",
            "pause works",
            "speed works",
            "speed control shows the new rate",
        ],
    ),
    ("mediaelement", &["play works", "pause works"]),
    (
        "shaka",
        &[
            "play works",
            "pause works",
            "speed works",
            "speed control shows the new rate",
        ],
    ),
    (
        "media-chrome",
        &[
            "play works",
            "pause works",
            "forward_10 works",
            "back_10 works",
            "speed works",
            "speed control shows the new rate",
        ],
    ),
];

/// A suite holding the player pages, their libraries and the example suite's 30 s clip.
fn players_suite() -> Suite {
    let suite = Suite::new();
    copy_dir(
        &repo_root().join("tests/fixtures/players"),
        &suite.path("scenarios/pages/players"),
    );
    copy_dir(
        &repo_root().join("scenarios/pages/vendor/video.js-8.23.4"),
        &suite.path("scenarios/pages/players/vendor/video.js-8.23.4"),
    );
    let clip = std::fs::read(repo_root().join("scenarios/pages/media/clip.webm")).unwrap();
    suite.write("scenarios/pages/players/media/clip.webm", clip);
    suite
}

fn scenario(page: &str, rest: &str) -> String {
    format!("page = \"pages/players/{page}.html\"\n{rest}")
}

/// Adds a script to a player page that takes away every element matching `selector`, now
/// and whenever the player builds one again.
fn without(suite: &Suite, page: &str, variant: &str, selector: &str) {
    let html = suite.read(&format!("scenarios/pages/players/{page}.html"));
    let script = format!(
        "<script>(function () {{ var gone = function () {{ document.querySelectorAll({sel}).forEach(function (e) {{ e.remove(); }}); }}; new MutationObserver(gone).observe(document.documentElement, {{ childList: true, subtree: true }}); gone(); }})();</script>\n</body>",
        sel = serde_json::to_string(selector).unwrap()
    );
    suite.write(
        &format!("scenarios/pages/players/{variant}.html"),
        html.replace("</body>", &script),
    );
}

fn json_report(suite: &Suite, file: &str) -> Value {
    serde_json::from_str(&suite.read(file)).expect("the JSON report parses")
}

#[test]
fn real_players_pass_unconfigured_in_chromium_and_firefox_with_the_same_snapshots() {
    let suite = players_suite();
    for (page, rest) in PLAYERS {
        let toml = scenario(page, rest);
        assert!(toml.lines().count() <= 15, "{page}: {toml}");
        suite.write(&format!("scenarios/{page}.toml"), toml);
    }
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--json", "chromium.json"])
        .run();
    out.assert_code(0).assert_output_has("5 passed, 0 failed");
    let report = json_report(&suite, "chromium.json");
    for (name, steps) in STEPS {
        let s = report["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == *name)
            .unwrap_or_else(|| panic!("{name} in {report}"));
        let passed: Vec<&str> = s["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "passed")
            .filter_map(|c| c["check"].as_str())
            .collect();
        for step in *steps {
            assert!(
                passed.iter().any(|c| c.ends_with(step)),
                "{name}: `{step}` did not pass: {passed:#?}"
            );
        }
        // Navigation, the read (reveal included) and the behaviour script: nothing more.
        assert_eq!(s["round_trips"], 3, "{name}: {s}");
    }
    let snap = |name: &str| suite.read(&format!("snapshots/{name}.snap"));
    // video.js's default skin hides its control bar until the first play.
    assert!(
        snap("videojs").contains("\ncontrols shown after play\n"),
        "{}",
        snap("videojs")
    );
    // Plyr shows 1× as "Normal" in its Settings menu.
    assert!(
        snap("plyr").contains("\nspeed: Normal (by class, in a menu)\n"),
        "{}",
        snap("plyr")
    );
    // Shaka's speed lives in its overflow menu.
    assert!(
        snap("shaka").contains("1x (by ligature, in a menu)\n"),
        "{}",
        snap("shaka")
    );
    // media-chrome: the time display's text sits in a slot; only the active label of each
    // toggle is read, and no icon's CSS.
    let chrome = snap("media-chrome");
    assert!(
        chrome.contains("\ntime: 0:00 / 0:30 (by class)\n"),
        "{chrome}"
    );
    assert!(chrome.contains("\nplay: play (by class)\n"), "{chrome}");
    // Paused, media-chrome shows its controls: read at rest, not while they fade in.
    assert!(!chrome.contains("controls shown"), "{chrome}");
    assert!(
        !chrome.contains('{') && !chrome.contains("Play Pause"),
        "{chrome}"
    );

    // The same pages in Firefox against the snapshots Chromium wrote: every text section is
    // the same; Firefox only adds its own layout sections.
    let body = |text: &str| {
        text.splitn(3, "---\n")
            .nth(2)
            .unwrap_or_default()
            .to_owned()
    };
    let before: Vec<String> = PLAYERS.iter().map(|(page, _)| body(&snap(page))).collect();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--browser", "firefox", "--accept"])
        .run();
    out.assert_code(0)
        .assert_output_has("with firefox ")
        .assert_output_has("5 passed, 0 failed");
    for ((page, _), before) in PLAYERS.iter().zip(before) {
        let after = body(&snap(page));
        assert!(after.contains("── layout (firefox) ──"), "{after}");
        assert_eq!(
            crate::support::without_layouts_of(&after, "firefox"),
            before,
            "{page}: Firefox read other text"
        );
    }
}

#[test]
fn a_listed_control_taken_away_fails_and_is_named() {
    let suite = players_suite();
    // Each listed control of each player, and where the library puts it.
    let cases: &[(&str, &str, &str)] = &[
        ("videojs", "play", ".vjs-play-control"),
        ("plyr", "play", ".plyr__controls [data-plyr=\"play\"]"),
        ("plyr", "speed", "[data-plyr=\"speed\"]"),
        ("mediaelement", "play", ".mejs__playpause-button"),
        ("mediaelement", "time", ".mejs__currenttime-container"),
        ("shaka", "play", ".shaka-small-play-button"),
        ("shaka", "time", ".shaka-current-time"),
        ("shaka", "speed", ".shaka-playbackrate-button"),
        ("media-chrome", "play", "media-play-button"),
        ("media-chrome", "back_10", "media-seek-backward-button"),
        ("media-chrome", "forward_10", "media-seek-forward-button"),
        ("media-chrome", "time", "media-time-display"),
        ("media-chrome", "speed", "media-playback-rate-button"),
    ];
    for (page, kind, selector) in cases {
        let variant = format!("{page}-without-{kind}");
        without(&suite, page, &variant, selector);
        let rest = PLAYERS.iter().find(|(p, _)| p == page).unwrap().1;
        suite.write(
            &format!("scenarios/{variant}.toml"),
            scenario(&variant, &rest.replace("behaviour = true\n", "")),
        );
    }
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--json", "removed.json"])
        .run();
    out.assert_code(1)
        .assert_output_has(&format!("0 passed, {} failed", cases.len()));
    // Without behaviour a scenario costs its navigation and one read, reveal included; the
    // report's screenshots of the failing page (one) and widget (find and shoot) come on top.
    for s in json_report(&suite, "removed.json")["scenarios"]
        .as_array()
        .unwrap()
    {
        let shots = s["screenshots"].as_array().unwrap();
        let widget_shots = shots.iter().filter(|p| p["subject"] != "page").count() as u64;
        let page_shots = shots.len() as u64 - widget_shots;
        assert_eq!(
            s["round_trips"].as_u64().unwrap() - page_shots - 2 * widget_shots,
            2,
            "{s}"
        );
    }
    for (page, kind, _) in cases {
        let root = PLAYERS
            .iter()
            .find(|(p, _)| p == page)
            .unwrap()
            .1
            .split("root = \"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        // Missing, or (where the library keeps another element of that kind, such as a
        // seek bar's hover time) that element hidden: either way the control is named.
        let needle =
            format!("check failed {page}-without-{kind}: player `{root}`: control `{kind}`\n");
        assert!(
            out.all().contains(&needle),
            "{needle}\n--- run ---\n{}",
            out.all()
        );
    }
}

#[test]
fn a_player_whose_pause_rate_or_jump_does_nothing_fails_naming_it() {
    let suite = players_suite();
    let page = suite.read("scenarios/pages/players/media-chrome.html");
    // Scripts a broken site might run: each breaks one thing a user would try.
    let breakers: &[(&str, &str)] = &[
        (
            "pause-ignored",
            "HTMLMediaElement.prototype.pause = function () {};",
        ),
        (
            "rate-reverted",
            "document.addEventListener('ratechange', function (e) { var m = e.target; if (m.playbackRate !== 1) setTimeout(function () { m.playbackRate = 1; }, 300); }, true);",
        ),
        (
            "jump-ignored",
            "document.addEventListener('click', function (e) { if (e.target.localName === 'media-seek-forward-button') e.stopImmediatePropagation(); }, true);",
        ),
    ];
    let rest = PLAYERS
        .iter()
        .find(|(p, _)| *p == "media-chrome")
        .unwrap()
        .1;
    for (name, script) in breakers {
        suite.write(
            &format!("scenarios/pages/players/{name}.html"),
            page.replace("<body>", &format!("<body>\n<script>{script}</script>")),
        );
        suite.write(&format!("scenarios/{name}.toml"), scenario(name, rest));
    }
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(1).assert_output_has("0 passed, 3 failed");
    let err = &out.all();
    let fails = |scenario: &str, check: &str, found: &str| {
        let needle = format!("check failed {scenario}: player `#player`: {check}\n");
        let at = err
            .find(&needle)
            .unwrap_or_else(|| panic!("no `{needle}` in\n{err}"));
        let block: String = err[at..].lines().take(3).collect::<Vec<_>>().join("\n");
        assert!(block.contains(found), "{block}");
    };
    fails("pause-ignored", "pause works", "found:    still playing");
    fails(
        "rate-reverted",
        "speed works",
        "and back to 1 within a second",
    );
    fails("jump-ignored", "forward_10 works", "it moved by +0.00 s");
}
