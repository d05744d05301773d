//! Real news markup judged as a reader sees it: each pattern met on real saved pages,
//! reproduced in a fixture page of our own (`tests/fixtures/pages/teaser-patterns.html`,
//! `comment-patterns.html`, `page-diagnostics/`).

use crate::support::Suite;

/// Every check of every scenario in a JSON report: `(scenario, check, status)`.
fn checks(report: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for s in report["scenarios"].as_array().unwrap() {
        for c in s["checks"].as_array().unwrap() {
            out.push((
                s["name"].as_str().unwrap().to_owned(),
                c["check"].as_str().unwrap().to_owned(),
                c["status"].as_str().unwrap().to_owned(),
            ));
        }
    }
    out
}

/// Teaser rows, headed lists, category badges with screen-reader text, skip links, hidden
/// duplicates and overlay links: every widget has the stories a reader sees, named by the
/// words a reader reads.
#[test]
fn teaser_patterns_have_the_stories_a_reader_sees() {
    let suite = Suite::new();
    suite.page("teaser-patterns.html");
    let widgets = [
        ("rows", 6),
        ("rail", 6),
        ("badges", 3),
        ("skip", 3),
        ("overlay", 3),
    ];
    for (id, n) in widgets {
        suite.write(
            &format!("scenarios/{id}.toml"),
            format!(
                "page = \"pages/teaser-patterns.html\"\n[regions]\nteasers = \"#{id}\"\n[stories]\nroot = \"#{id}\"\nmin_stories = {n}\nmax_stories = {n}\nallowed_hosts = [\"127.0.0.1\"]\n"
            ),
        );
    }
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--json", "report.json"])
        .run();
    out.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&suite.read("report.json")).unwrap();
    let stories = |scenario: &str| -> Vec<String> {
        checks(&report)
            .into_iter()
            .filter(|(s, c, status)| s == scenario && c.contains(": story ") && status == "passed")
            .map(|(_, c, _)| c.split(": story ").nth(1).unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        stories("rows"),
        [
            "`Sturm zieht über das Land`",
            "`Erster Schnee im Tal`",
            "`Derby endet torlos`",
            "`Oper feiert Premiere`",
            "`Ein Buch über den Fluss`",
            "`Stadtlauf mit Rekord`",
        ]
    );
    assert_eq!(stories("rail").len(), 6, "{:?}", stories("rail"));
    assert_eq!(
        stories("badges"),
        [
            "`Wahltermin steht fest`",
            "`Budget passiert den Ausschuss`",
            "`Gipfel ohne Einigung`",
        ]
    );
    assert_eq!(
        stories("skip"),
        [
            "`Hafen wird ausgebaut`",
            "`Museum zeigt Funde`",
            "`Fähre fährt wieder`",
        ]
    );
    assert_eq!(
        stories("overlay"),
        [
            "`Tunnel wird eröffnet`",
            "`Neuer Park im Süden`",
            "`Konzert im Freien`",
        ]
    );
    // Screen-reader-only text stays out of what the checks call a story.
    assert!(!out.all().contains("Ressort:"), "{out:?}");
}

/// A story widget's root that matches several elements (a site that gives every list a root
/// of its own): every match is read, not silently the first.
#[test]
fn a_story_root_matching_several_elements_reads_them_all() {
    let suite = Suite::new();
    suite.page("teaser-patterns.html");
    suite.write(
        "scenarios/lists.toml",
        "page = \"pages/teaser-patterns.html\"\n[stories]\nroot = \"#rail ul\"\nmin_stories = 6\nmax_stories = 6\n",
    );
    suite
        .harness()
        .args(["run", "scenarios", "--accept"])
        .run()
        .assert_code(0);
}

/// A report-a-comment dialog (a CSS framework's `.modal`, shown because the saved page lacks
/// the stylesheet that hides it) is no comment form: the locked section stays locked. The
/// same dialog worded as a comment form still counts, and the missing files are named once.
#[test]
fn a_report_dialog_is_no_comment_form_and_missing_files_are_named() {
    let suite = Suite::new();
    suite.page("comment-report-dialog.html");
    let page = suite.read("scenarios/pages/comment-report-dialog.html");
    suite.write(
        "scenarios/pages/comment-modal-form.html",
        page.replace("Kommentar melden", "Kommentar schreiben")
            .replace("Meldegrund", "Ihr Kommentar")
            .replace("name=\"reason\"", "name=\"comment\""),
    );
    suite.write(
        "scenarios/report.toml",
        "page = \"pages/comment-report-dialog.html\"\n[comments]\nroot = \"#comments\"\nexpect = \"locked\"\nmessage = \"Die Kommentarfunktion unter diesem Artikel ist geschlossen.\"\n",
    );
    suite.write(
        "scenarios/write.toml",
        "page = \"pages/comment-modal-form.html\"\n[comments]\nroot = \"#comments\"\nexpect = \"open\"\n",
    );
    // A root that matches two elements: the first is read, and the run says so.
    suite.write(
        "scenarios/two-roots.toml",
        "page = \"pages/comment-report-dialog.html\"\n[comments]\nroot = \"#comments, .comment-list\"\nexpect = \"locked\"\nmessage = \"Die Kommentarfunktion unter diesem Artikel ist geschlossen.\"\n",
    );
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--jobs", "1"])
        .run();
    out.assert_code(0);
    assert!(
        crate::support::status_block(&out.all(), "two-roots").contains(
            "note: `[comments] root` `#comments, .comment-list` matches 2 elements; the first in page order is checked"
        ),
        "{out:?}"
    );
    let report = crate::support::status_block(&out.all(), "report");
    assert_eq!(
        report
            .matches("note: 2 of the page's own files were not found: `/pages/css/site.css`, `/pages/js/comments.js`; without them")
            .count(),
        1,
        "{report}"
    );
}

/// `harness new` on a page as a browser saves it (links on the publisher's host, no
/// `<article>`, the body in JSON-LD, a teaser list of cards, a locked comment section that
/// names its lockout age): the scenario a QA engineer would keep, green on its first runs.
#[test]
fn harness_new_writes_a_scenario_to_keep_for_a_saved_page() {
    let suite = Suite::new();
    suite.page("saved-article.html");
    let out = suite
        .harness()
        .args(["new", "scenarios/pages/saved-article.html"])
        .run();
    out.assert_code(0);
    let toml = suite.read("scenarios/saved-article.toml");
    for wanted in [
        // The body found by the JSON-LD `articleBody`'s text.
        "article = \"div.story-text\"",
        // The teaser list, not one card; the bound counts stories, not links.
        "[stories]\nroot = \"section.related-stories\"\nmin_stories = 3\n",
        // The saved copy's links keep the publisher's host.
        "allowed_hosts = [\"www.tagespost.example\"]",
        // Published in 2020, locked after 18 months: derived from the date.
        "expect = \"by_age\"\nlockout_after = \"18 months\"\n",
    ] {
        assert!(toml.contains(wanted), "`{wanted}` missing:\n{toml}");
    }
    // What was found and what was looked for, said after writing.
    let err = out.all();
    for wanted in [
        "found    story widget: `section.related-stories`",
        "found    article: `div.story-text` (the element holding the JSON-LD `articleBody`)",
        "missing  player: looked for",
    ] {
        assert!(err.contains(wanted), "`{wanted}` missing:\n{err}");
    }
    suite
        .harness()
        .args(["run", "scenarios", "--accept"])
        .run()
        .assert_code(0);
    for _ in 0..2 {
        suite
            .harness()
            .args(["run", "scenarios", "--ci"])
            .run()
            .assert_code(0);
    }
}

/// `harness new` keeps `behaviour = true` only for a player whose controls work: the example
/// article's player gets it; the same page with a pause that does nothing gets a comment
/// saying what did not work instead.
#[test]
fn harness_new_writes_behaviour_only_for_controls_that_work() {
    let suite = Suite::example();
    let page = suite.read("scenarios/pages/article-locked.html");
    suite.write(
        "scenarios/pages/dead-pause.html",
        page.replacen(
            "<body",
            "<script>HTMLMediaElement.prototype.pause = function () {};</script>\n<body",
            1,
        ),
    );
    for (page, name) in [("article-locked", "working"), ("dead-pause", "dead")] {
        suite
            .harness()
            .args([
                "new",
                &format!("scenarios/pages/{page}.html"),
                "--name",
                name,
            ])
            .run()
            .assert_code(0);
    }
    let working = suite.read("scenarios/working.toml");
    assert!(working.contains("\nbehaviour = true\n"), "{working}");
    let dead = suite.read("scenarios/dead.toml");
    assert!(!dead.contains("\nbehaviour = true\n"), "{dead}");
    assert!(
        dead.contains(
            "# `behaviour = true` was tried and left out; what did not work:\n#   pause works: "
        ),
        "{dead}"
    );
}
