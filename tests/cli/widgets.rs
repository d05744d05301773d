//! Widget checks against real Chromium: for every check a fixture that fails, with the
//! message naming scenario, widget, selector, what was expected and what was found. The
//! passing side of each check is the shipped example suite (ligature player, player in an
//! iframe, video.js, locked and open comments, story links with their targets), plus the
//! shadow-DOM player here.

use crate::support::Suite;

/// Asserts that stderr has a failed check with this check name, expectation and finding.
#[track_caller]
fn assert_fails(
    out: &crate::support::Output,
    scenario: &str,
    check: &str,
    expected: &str,
    found: &str,
) {
    let needle = format!("check failed {scenario}: {check}\n");
    let at = out
        .all()
        .find(&needle)
        .unwrap_or_else(|| panic!("no failed check `{check}`:\n{out:?}"));
    let rest = &out.all()[at + needle.len()..];
    let mut lines = rest.lines();
    let e = lines.next().unwrap_or_default().trim();
    let f = lines.next().unwrap_or_default().trim();
    assert_eq!(e, format!("expected: {expected}"), "{out:?}");
    assert_eq!(f, format!("found:    {found}"), "{out:?}");
}

#[test]
fn missing_hidden_disabled_and_misshapen_player_controls_fail() {
    let suite = Suite::new();
    suite.page("player-broken.html").write(
        "scenarios/broken.toml",
        r##"page = "pages/player-broken.html"
[player]
root = "#player"
controls = ["play", "back_10", "forward_10", "previous", "next", "time", "speed"]
time_format = "00:00 / 00:00"
speed = "1.0x"
"##,
    );
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(1);
    let p = "player `#player`";
    assert_fails(&out, "broken", &format!("{p}: control `forward_10`"), "present: ligature `forward_10`, an aria-label or title like `10 Sekunden vor`, or a known player class", "no such control; if the player has it elsewhere, point at it: `[player.selectors] forward_10 = \"…\"`");
    assert_fails(
        &out,
        "broken",
        &format!("{p}: control `previous`"),
        "enabled",
        "`button.material-icons` (ligature `skip_previous`) is disabled",
    );
    assert_fails(
        &out,
        "broken",
        &format!("{p}: control `next`"),
        "visible",
        "`button.material-icons.hidden` (ligature `skip_next`) is hidden or has no size; if the player has it elsewhere, point at it: `[player.selectors] next = \"…\"`",
    );
    assert_fails(
        &out,
        "broken",
        &format!("{p}: control `time`"),
        "a time display shaped `00:00 / 00:00`",
        "`0:00 / 0:30` in `span.time`",
    );
    assert_fails(
        &out,
        "broken",
        &format!("{p}: control `speed`"),
        "the speed control showing `1.0x`",
        "`1.5x Geschwindigkeit` in `button.speed`",
    );
    // The widget section of the snapshot records the same state.
    let pending = suite.read("snapshots/broken.snap.new");
    assert!(pending.contains("forward_10: missing\n"), "{pending}");
    assert!(
        pending.contains("next: skip_next (by ligature, hidden)\n"),
        "{pending}"
    );
    assert!(
        pending.contains("previous: skip_previous (by ligature, disabled)\n"),
        "{pending}"
    );
}

#[test]
fn a_player_whose_controls_misbehave_fails_its_behaviour_checks() {
    let suite = Suite::new();
    suite.page("player-misbehaving.html").media().write(
        "scenarios/odd.toml",
        r##"page = "pages/player-misbehaving.html"
[player]
root = "#player"
controls = ["play", "back_10", "forward_10", "speed"]
behaviour = true
"##,
    );
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(1);
    let p = "player `#player`";
    assert_fails(
        &out,
        "odd",
        &format!("{p}: play control label follows the state (play)"),
        "the label to change from `play_arrow` after play",
        "still `play_arrow`",
    );
    assert_fails(
        &out,
        "odd",
        &format!("{p}: pause works"),
        "a second click on play pauses playback",
        "still playing",
    );
    assert!(out.all().contains(&format!("check failed odd: {p}: forward_10 works\n               expected: currentTime moves by +10.0 s (±0.5 s)\n               found:    it moved by +5.00 s")), "{out:?}");
    assert_fails(
        &out,
        "odd",
        &format!("{p}: speed works"),
        "the speed control changes playbackRate",
        "playbackRate stayed 1",
    );
    // Play itself and back 10 s work.
    for ok in ["play works", "back_10 works"] {
        assert!(
            !out.all().contains(&format!("{p}: {ok}")),
            "{ok} should pass:\n{out:?}"
        );
    }
}

#[test]
fn a_player_that_does_not_start_or_jumps_short_fails() {
    let suite = Suite::new();
    suite.page("player-stuck.html").media().write(
        "scenarios/stuck.toml",
        r##"page = "pages/player-stuck.html"
[player]
root = "#player"
controls = ["play", "back_10", "forward_10", "speed"]
behaviour = true
tolerance = "0.25s"
"##,
    );
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(1);
    let p = "player `#player`";
    assert!(out.all().contains(&format!("check failed stuck: {p}: play works\n               expected: play starts playback and currentTime advances\n               found:    currentTime 0.00 s → 0.00 s")), "{out:?}");
    assert!(out.all().contains(&format!("check failed stuck: {p}: back_10 works\n               expected: currentTime moves by -10.0 s (±0.25 s)\n               found:    it moved by -3.00 s")), "{out:?}");
    assert_fails(
        &out,
        "stuck",
        &format!("{p}: speed control shows the new rate"),
        "the control to show the new playbackRate 2x",
        "`1.0x`",
    );
    for ok in ["forward_10 works", "speed works"] {
        assert!(
            !out.all().contains(&format!("{p}: {ok}")),
            "{ok} should pass:\n{out:?}"
        );
    }
}

#[test]
fn a_player_in_an_open_shadow_root_is_found_and_works() {
    let suite = Suite::new();
    suite.page("player-shadow.html").media().write(
        "scenarios/shadow.toml",
        r##"page = "pages/player-shadow.html"
[ready]
text_present = ["00:30"]
[player]
root = "#player"
controls = ["play", "back_10", "forward_10", "previous", "next", "time", "speed"]
time_format = "00:00 / 00:00"
speed = "1.0x"
behaviour = true
"##,
    );
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(0);
    let snap = suite.read("snapshots/shadow.snap");
    assert!(snap.contains("── widget player ──\nplay: Abspielen (by label)\nback_10: Zurück 10 Sekunden (by label)\n"), "{snap}");
    assert!(
        snap.contains(
            "time: 00:00 / 00:30 (by text)\nspeed: 1.0x (by label)\nmedia: video, 30.0 s"
        ),
        "{snap}"
    );
}

#[test]
fn an_old_article_with_an_open_form_fails_naming_the_dates() {
    let suite = Suite::new();
    suite.page("comments-open-old.html").write(
        "scenarios/old.toml",
        r##"page = "pages/comments-open-old.html"
[comments]
root = "#comments"
expect = "by_age"
lockout_after = "18 months"
message_pattern = 'älter als \d+ Monate'
"##,
    );
    suite.page("plain.html").write(
        "scenarios/undated.toml",
        "page = \"pages/plain.html\"\n[comments]\nroot = \"main\"\nexpect = \"by_age\"\nlockout_after = \"18 months\"\n",
    );
    let out = suite
        .harness()
        .args(["run", "scenarios", "--today", "2026-11-27"])
        .run();
    out.assert_code(1);
    assert_fails(
        &out,
        "old",
        "comments `#comments`: lockout message",
        "the lockout message `/älter als \\d+ Monate/`",
        "section text `Kommentare Senden`",
    );
    assert_fails(
        &out,
        "undated",
        "comments `main`: publication date",
        "a publication date (`<time datetime>`, JSON-LD `datePublished`, `article:published_time`, or the visible date with `published_selector`)",
        "none on the page",
    );
    assert_fails(
        &out,
        "old",
        "comments `#comments`: state",
        "published 2019-04-25 (json-ld), older than 18 months on 2026-11-27, so comments must be locked",
        "the form is open: `textarea#comment-text` accepts input",
    );
}

#[test]
fn a_new_article_locked_too_early_fails_using_the_visible_date() {
    let suite = Suite::new();
    suite.page("comments-locked-new.html").write(
        "scenarios/new.toml",
        r##"page = "pages/comments-locked-new.html"
[comments]
root = "#comments"
expect = "by_age"
lockout_after = "18 months"
today = "2026-11-27"
published_selector = "article .date"
published_format = "Veröffentlicht am %d.%m.%Y"
message = "Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich."
"##,
    );
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(1);
    assert_fails(
        &out,
        "new",
        "comments `#comments`: state",
        "published 2026-10-02 (visible), younger than 18 months on 2026-11-27, so comments must be open",
        "no field accepts input (`textarea#comment-text` disabled)",
    );
    assert_fails(
        &out,
        "new",
        "comments `#comments`: lockout message",
        "no lockout message, since comments are open",
        "`Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.` is shown",
    );
}

#[test]
fn today_on_the_command_line_moves_the_reference_date() {
    // The example's open article is younger than 18 months on its fixed date; on a later
    // --today it must be locked, and its open form fails.
    let suite = Suite::example();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--ci", "--today", "2028-05-01"])
        .run();
    out.assert_code(1);
    assert_fails(
        &out,
        "article-open-comments",
        "comments `#comments`: state",
        "published 2026-10-02 (meta), older than 18 months on 2028-05-01, so comments must be locked",
        "the form is open: `input#comment-name`, `textarea#comment-text` accepts input",
    );
    suite
        .harness()
        .args(["run", "scenarios", "--today", "nonsense"])
        .run()
        .assert_code(2)
        .assert_output_has("--today");
}

#[test]
fn a_wrong_lockout_message_and_a_missing_link_are_named() {
    let suite = Suite::example();
    suite.edit(
        "scenarios/pages/article-locked.html",
        "ist zum jetzigen Zeitpunkt kein",
        "ist kein",
    );
    suite.edit(
        "scenarios/pages/article-locked.html",
        "<a href=\"themen/verkehr.html\">Themenübersicht</a>",
        "Themenübersicht",
    );
    let out = suite.harness().args(["run", "scenarios", "--ci"]).run();
    out.assert_code(1);
    assert_fails(
        &out,
        "article-locked",
        "comments `#comments`: lockout message",
        "the lockout message `Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.`",
        "section text `Kommentare Da dieser Artikel älter als 18 Monate ist, ist kein Kommentieren mehr möglich. Wir laden Sie ein, bei einer aktuelleren themenrelevanten Story mitzudiskutieren: Themenübersicht. Bei Fragen können Sie sich gern an das Community-Te…`",
    );
    assert_fails(
        &out,
        "article-locked",
        "comments `#comments`: link `Themenübersicht`",
        "a link `Themenübersicht` in the section",
        "links `forum@tagespost.example`",
    );
}

#[test]
fn bad_story_links_are_named_with_their_text_url_and_status() {
    let suite = Suite::new();
    suite.page("stories-bad.html").page("plain.html").write(
        "scenarios/stories.toml",
        r##"page = "pages/stories-bad.html"
[stories]
root = "#stories"
min_links = 7
check_targets = true
timeout = "3s"
"##,
    );
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(1);
    let w = "stories `#stories`";
    // Six links, five stories: `plain.html` and `plain.html#oben` are one target.
    assert_fails(
        &out,
        "stories",
        &format!("{w}: number of stories"),
        "at least 7 stories",
        "5",
    );
    assert_fails(
        &out,
        "stories",
        &format!("{w}: story `Schreiben Sie uns`"),
        "an http(s) link",
        "`mailto:redaktion@tagespost.example`",
    );
    let all = out.all();
    let port = all
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("a loopback URL in the output");
    let base = format!("http://127.0.0.1:{port}/pages");
    assert_fails(
        &out,
        "stories",
        &format!("{w}: story `Eine gute Story`"),
        "no duplicate stories",
        &format!("`{base}/plain.html` is the story of 2 cards"),
    );
    assert_fails(
        &out,
        "stories",
        &format!("{w}: story `Ins Leere`"),
        "a success status (2xx)",
        &format!("`{base}/gibt-es-nicht.html` answered 404"),
    );
    // One block per story, with every problem it has (the request's error text is the
    // resolver's, so only its start is checked).
    assert!(
        out.all().contains(&format!(
            "check failed stories: {w}: story `Fremde Seite`\n               expected: a link on `127.0.0.1`; a success status (2xx)\n               found:    `https://elsewhere.example/story`; `https://elsewhere.example/story`: "
        )),
        "{out:?}"
    );
    assert_fails(
        &out,
        "stories",
        &format!("{w}: story `plain.html?x=1`"),
        "a story with words (a link's text, aria-label or title, an image's `alt`, or its card's heading)",
        "no text in its links to `plain.html?x=1`",
    );
    // The bound's former name still reads, and the run says what it counts.
    assert!(
        out.all()
            .contains("`min_links`/`max_links` count stories (a card's image, title and \"more\" links are one story): they are now called `min_stories`/`max_stories`"),
        "{out:?}"
    );
}
