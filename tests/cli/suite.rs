//! The shipped example suite, and what happens when one of its pages changes.

use crate::support::Suite;

#[test]
fn the_example_suite_passes_as_shipped() {
    let suite = Suite::example();
    let before = suite.snapshot_files();
    let out = suite
        .harness()
        .args(["run", "scenarios/", "--verbose"])
        .run();
    out.assert_code(0)
        .assert_output_has("4 scenarios run: 4 passed, 0 failed");
    // Results go to stdout, the start line and progress to stderr, as test runners do.
    assert!(
        out.stdout
            .contains("] article-locked (7 WebDriver round-trips)\n")
            && out.stdout.contains("Summary"),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("Starting 4 scenarios") && !out.stderr.contains("PASS"),
        "{out:?}"
    );
    for name in [
        "article-locked",
        "article-open-comments",
        "player-in-iframe",
        "player-videojs",
    ] {
        out.assert_output_has("PASS [");
        assert!(
            // `--verbose` adds each scenario's round-trips to its line.
            out.all().contains(&format!("] {name} (")),
            "{name} missing:\n{out:?}"
        );
    }
    // Two round-trips a scenario (navigate, then one script that waits and extracts), plus
    // one for each of the three players whose controls are exercised, plus four for each of
    // the two scenarios read at a second viewport (resize, navigate, read, resize back).
    out.assert_output_has("19 WebDriver round-trips");
    assert_eq!(
        suite.snapshot_files(),
        before,
        "a passing run writes no snapshot file"
    );
}

#[test]
fn a_changed_page_fails_with_a_diff_and_a_pending_snapshot() {
    let suite = Suite::example();
    let accepted = suite.read("snapshots/article-locked.snap");
    suite.edit(
        "scenarios/pages/article-locked.html",
        ">forward_10<",
        ">fast_forward<",
    );
    suite.edit(
        "scenarios/pages/article-locked.html",
        "<h1>Neue Straßenbahnlinie",
        "<h1>Neue Stadtbahnlinie",
    );

    let out = suite.harness().args(["run", "scenarios/"]).run();
    out.assert_code(1)
        .assert_output_has("FAIL [")
        .assert_output_has(
            "snapshot differs: pending result written to snapshots/article-locked.snap.new",
        )
        .assert_output_has("─── article-locked › player ───")
        .assert_output_has("│-forward_10")
        .assert_output_has("│+fast_forward")
        .assert_output_has("─── article-locked › headline ───")
        // The control is still found, by its title now, and the widget section shows how.
        .assert_output_has("─── article-locked › widget player ───")
        .assert_output_has("│-forward_10: forward_10 (by ligature)")
        .assert_output_has("│+forward_10: fast_forward (by label)")
        .assert_output_has("│-Neue Straßenbahnlinie: Bau beginnt im Frühjahr")
        .assert_output_has("3 passed, 1 failed, 1 snapshot pending")
        .assert_output_has("harness review scenarios/");
    // Regions that did not change are not shown.
    assert!(!out.all().contains("article-locked › comments"), "{out:?}");
    assert_eq!(
        suite.read("snapshots/article-locked.snap"),
        accepted,
        "the accepted snapshot is untouched"
    );
    let pending = suite.read("snapshots/article-locked.snap.new");
    assert!(
        pending.contains("\nfast_forward\n") && !pending.contains("\nforward_10\n"),
        "{pending}"
    );

    // Accepting makes the next run pass; the pending file is gone.
    suite
        .harness()
        .args(["accept", "scenarios/"])
        .run()
        .assert_code(0);
    assert!(!suite.exists("snapshots/article-locked.snap.new"));
    suite
        .harness()
        .args(["run", "scenarios/"])
        .run()
        .assert_code(0);
}

#[test]
fn ci_mode_writes_nothing_and_fails_on_changes_and_missing_snapshots() {
    let suite = Suite::example();
    suite.edit(
        "scenarios/pages/article-open-comments.html",
        "Schön wäre das",
        "Gut wäre das",
    );
    std::fs::remove_file(suite.path("snapshots/player-in-iframe.snap")).unwrap();
    let before = suite.snapshot_files();

    let out = suite.harness().args(["run", "scenarios/", "--ci"]).run();
    out.assert_code(1)
        .assert_output_has("snapshot differs: nothing written (CI mode)")
        .assert_output_has("new snapshot: nothing written (CI mode)")
        .assert_output_has("│+Gut wäre das auch unter der Woche.")
        .assert_output_has("2 passed, 2 failed");
    assert_eq!(suite.snapshot_files(), before);

    // `CI=true` in the environment means the same.
    let out = suite
        .harness()
        .env("CI", "true")
        .args(["run", "scenarios/"])
        .run();
    out.assert_code(1)
        .assert_output_has("nothing written (CI mode)");
    assert_eq!(suite.snapshot_files(), before);
}

#[test]
fn a_new_scenario_is_pending_until_accepted() {
    let suite = Suite::new();
    suite.page("plain.html").write(
        "scenarios/plain.toml",
        "page = \"pages/plain.html\"\n[regions]\nmain = \"main\"\n",
    );

    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(1)
        .assert_output_has("NEW [")
        .assert_output_has("│+Ein schlichter Absatz.");
    assert_eq!(suite.snapshot_files(), ["plain.snap.new"]);

    // `--accept` writes the snapshot itself and passes.
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(0).assert_output_has("ACCEPTED [");
    assert_eq!(suite.snapshot_files(), ["plain.snap"]);
    let snap = insta::Snapshot::from_file(&suite.path("snapshots/plain.snap")).unwrap();
    assert_eq!(snap.metadata().source(), Some("scenarios/plain.toml"));
    suite
        .harness()
        .args(["run", "scenarios"])
        .run()
        .assert_code(0);
}

#[test]
fn snapshots_live_where_the_user_says() {
    let suite = Suite::new();
    suite
        .page("plain.html")
        .write("scenarios/plain.toml", "page = \"pages/plain.html\"\n");
    suite
        .harness()
        .args(["run", "scenarios", "--snapshots", "elsewhere", "--accept"])
        .run()
        .assert_code(0);
    assert!(suite.exists("elsewhere/plain.snap"));
    assert!(!suite.exists("snapshots"));
}

#[test]
fn provenance_in_the_header_never_makes_a_diff() {
    let suite = Suite::example();
    let snap = suite.read("snapshots/article-open-comments.snap");
    assert!(
        snap.contains("info:\n  browser: \"chrome ")
            && snap.contains("  viewport: 1280x800\n")
            && snap.contains("  final_url: \"suite:pages/article-open-comments.html\"\n"),
        "{snap}"
    );
    // Another browser, viewport and URL in the header: the body still matches.
    let edited = snap
        .replace("browser: \"chrome ", "browser: \"firefox 1 was chrome ")
        .replace("viewport: 1280x800", "viewport: 1x1")
        .replace(
            "suite:pages/article-open-comments.html",
            "https://elsewhere.example/",
        );
    suite.write("snapshots/article-open-comments.snap", &edited);
    suite
        .harness()
        .args(["run", "scenarios", "--filter", "open-comments"])
        .run()
        .assert_code(0);
    assert_eq!(
        suite.read("snapshots/article-open-comments.snap"),
        edited,
        "a matching snapshot is left as it is"
    );
}

#[test]
fn output_is_plain_off_a_terminal_and_coloured_on_request() {
    let suite = Suite::example();
    suite.edit(
        "scenarios/pages/article-open-comments.html",
        "Schön wäre das",
        "Gut wäre das",
    );
    let plain = suite.harness().args(["run", "scenarios", "--ci"]).run();
    plain.assert_code(1).assert_output_has("Slowest ");
    assert!(
        !plain.all().contains('\u{1b}'),
        "control codes in plain output:\n{plain:?}"
    );
    let coloured = suite
        .harness()
        .args(["--color", "always", "run", "scenarios", "--ci"])
        .run();
    assert!(
        coloured.all().contains("\u{1b}[31m") && coloured.all().contains("\u{1b}[32m"),
        "no colour:\n{coloured:?}"
    );
    // NO_COLOR wins over `auto`, which never colours off a terminal anyway.
    let no_color = suite
        .harness()
        .env("NO_COLOR", "1")
        .args(["--color", "auto", "run", "scenarios", "--ci"])
        .run();
    assert!(!no_color.all().contains('\u{1b}'));
}
