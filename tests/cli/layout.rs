//! Layout regressions that change no text: the fixture article
//! (`tests/fixtures/pages/layout/article.html`) read at a desktop and a phone window, then
//! changed by CSS alone. Each change fails the run with a layout diff that names the
//! widget; the text sections stay as they were.

use crate::support::{repo_root, Suite};

const SCENARIO: &str = "page = \"pages/article.html\"\nviewports = [\"desktop\", \"phone\"]\n\
[regions]\nheadline = \"h1\"\narticle = \"article\"\n\
[player]\nroot = \"#player\"\ncontrols = [\"play\"]\n\
[stories]\nroot = \"#stories\"\n\
[comments]\nroot = \"#comments\"\nexpect = \"open\"\n";

fn page(css: &str) -> String {
    let page =
        std::fs::read_to_string(repo_root().join("tests/fixtures/pages/layout/article.html"))
            .unwrap();
    page.replace("/* LAYOUT */", css)
}

#[test]
fn css_only_layout_changes_fail_with_a_layout_diff_naming_the_widget() {
    let suite = Suite::new();
    suite.media();
    suite.write("scenarios/pages/article.html", page(""));
    suite.write("scenarios/article.toml", SCENARIO);
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(0);
    let accepted = suite.read("snapshots/article.snap");
    assert!(
        accepted.contains("── layout (chrome, desktop) ──")
            && accepted.contains("── layout (chrome, phone) ──"),
        "{accepted}"
    );
    // (the CSS, what the diff must say)
    let cases = [
        (
            "#comments { order: 1; } #stories { order: 2; }",
            "+widget comments: columns",
        ),
        (
            "#player { margin-top: 900px; }",
            "+widget player: columns 2–11, rows 12–15, below the fold",
        ),
        (
            "#stories { height: 0; padding: 0; overflow: hidden; }",
            "+widget stories: zero size",
        ),
        (
            "@media (max-width: 600px) { #stories { display: none; } }",
            "+widget stories: hidden",
        ),
        (
            "#comments { margin-top: -120px; }",
            "+overlap: widget comments and widget stories",
        ),
    ];
    for (css, want) in cases {
        suite.write("scenarios/pages/article.html", page(css));
        let out = suite.harness().args(["run", "scenarios", "--ci"]).run();
        assert_eq!(out.code, 1, "{css}: {out:?}");
        let err = &out.all();
        assert!(
            err.contains("─── article › layout (chrome, "),
            "{css}: {err}"
        );
        assert!(err.contains(want), "{css}: wanted `{want}` in\n{err}");
        // The text is the same: no text section differs.
        for section in [
            "headline",
            "article",
            "widget player",
            "widget stories",
            "widget comments",
        ] {
            assert!(
                !err.contains(&format!("─── article › {section} ───")),
                "{css}: {err}"
            );
        }
        assert_eq!(
            suite.read("snapshots/article.snap"),
            accepted,
            "--ci writes nothing"
        );
    }
}
