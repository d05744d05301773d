//! Pending snapshots after a run: review, accept and reject, with nothing lost.

use crate::support::Suite;

fn suite_with_two_pending() -> Suite {
    let suite = Suite::example();
    suite.edit(
        "scenarios/pages/article-open-comments.html",
        "Schön wäre das",
        "Gut wäre das",
    );
    suite.edit(
        "scenarios/pages/article-embedded-player.html",
        "Pegel an der Mur",
        "Pegel der Mur",
    );
    suite
        .harness()
        .args(["run", "scenarios"])
        .run()
        .assert_code(1);
    assert_eq!(
        suite.snapshot_files(),
        [
            "article-locked.snap",
            "article-open-comments.snap",
            "article-open-comments.snap.new",
            "player-in-iframe.snap",
            "player-in-iframe.snap.new",
            "player-videojs.snap"
        ]
    );
    suite
}

#[test]
fn review_accepts_rejects_and_skips_one_snapshot_at_a_time() {
    let suite = suite_with_two_pending();
    let old_iframe = suite.read("snapshots/player-in-iframe.snap");
    let out = suite
        .harness()
        .args(["review", "scenarios"])
        .stdin("a\nr\n")
        .run();
    out.assert_code(0)
        .assert_output_has("Snapshot 1/2: article-open-comments (changed)")
        .assert_output_has("│+Gut wäre das auch unter der Woche.")
        .assert_output_has("Snapshot 2/2: player-in-iframe (changed)")
        .assert_output_has("2 pending snapshots: 1 accepted, 1 rejected, 0 skipped");
    assert!(suite
        .read("snapshots/article-open-comments.snap")
        .contains("Gut wäre das"));
    assert_eq!(suite.read("snapshots/player-in-iframe.snap"), old_iframe);
    assert_eq!(
        suite.snapshot_files(),
        [
            "article-locked.snap",
            "article-open-comments.snap",
            "player-in-iframe.snap",
            "player-videojs.snap"
        ]
    );
}

#[test]
fn review_skips_what_it_is_not_told_about() {
    let suite = suite_with_two_pending();
    let out = suite
        .harness()
        .args(["review", "scenarios"])
        .stdin("s\n")
        .run();
    out.assert_code(0)
        .assert_output_has("0 accepted, 0 rejected, 2 skipped");
    assert_eq!(suite.snapshot_files().len(), 6);
}

#[test]
fn reject_removes_only_pending_files() {
    let suite = suite_with_two_pending();
    let accepted = suite.read("snapshots/article-open-comments.snap");
    suite
        .harness()
        .args(["reject", "scenarios"])
        .run()
        .assert_code(0)
        .assert_output_has("2 snapshots rejected");
    assert_eq!(
        suite.snapshot_files(),
        [
            "article-locked.snap",
            "article-open-comments.snap",
            "player-in-iframe.snap",
            "player-videojs.snap"
        ]
    );
    assert_eq!(suite.read("snapshots/article-open-comments.snap"), accepted);
}

#[test]
fn accept_and_reject_take_a_filter() {
    let suite = suite_with_two_pending();
    let out = suite
        .harness()
        .args(["accept", "scenarios", "--filter", "iframe"])
        .run();
    out.assert_code(0)
        .assert_output_has("accepted player-in-iframe")
        .assert_output_has("1 snapshot accepted");
    assert!(suite
        .read("snapshots/player-in-iframe.snap")
        .contains("Pegel der Mur"));
    assert!(
        suite.exists("snapshots/article-open-comments.snap.new"),
        "the other pending snapshot is left"
    );
    suite
        .harness()
        .args(["reject", "scenarios", "--filter", "article-*"])
        .run()
        .assert_code(0)
        .assert_output_has("1 snapshot rejected");
    assert_eq!(
        suite.snapshot_files(),
        [
            "article-locked.snap",
            "article-open-comments.snap",
            "player-in-iframe.snap",
            "player-videojs.snap"
        ]
    );
}
