//! A QA engineer's day: running from any folder, one scenario by its file, reviewing one
//! region at a time in a terminal, writing a scenario with `harness new`, and comparing two
//! servers.

use crate::support::{copy_dir, repo_root, run_in_terminal, Suite, TestServer};

/// A page with a headline and a teaser, each its own region.
const PAGE: &str =
    "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>t</title></head>\
<body><h1>Erste Schlagzeile</h1><p class=\"teaser\">Der erste Teaser</p></body></html>";

fn two_regions() -> Suite {
    let suite = Suite::new();
    suite.write("scenarios/pages/a.html", PAGE);
    suite.write(
        "scenarios/news.toml",
        "page = \"pages/a.html\"\n[layout]\nenabled = false\n[regions]\nheadline = \"h1\"\nteaser = \".teaser\"\n",
    );
    suite.write(
        "scenarios/other.toml",
        "page = \"pages/a.html\"\n[layout]\nenabled = false\n[regions]\nheadline = \"h1\"\n",
    );
    suite
}

#[test]
fn the_suite_is_found_from_any_folder_and_a_file_runs_one_scenario() {
    let suite = two_regions();
    // `-u` is the habit's alias of `--accept`.
    let out = suite.harness().args(["run", "-u"]).run();
    out.assert_code(0)
        .assert_output_has("2 scenarios run: 2 passed");
    let accepted = suite.snapshot_files();
    assert_eq!(accepted, ["news.snap", "other.snap"]);

    // Inside the suite folder, `.` is the suite and the baseline beside it is used.
    let out = suite.harness_in("scenarios").args(["run", "."]).run();
    out.assert_code(0)
        .assert_output_has("2 scenarios run: 2 passed, 0 failed");
    // From a folder below, with no argument, the suite is found by walking up.
    let out = suite.harness_in("scenarios/pages").args(["run"]).run();
    out.assert_code(0)
        .assert_output_has("2 scenarios run: 2 passed, 0 failed");
    assert!(
        !suite.exists("scenarios/snapshots"),
        "no second snapshot set"
    );
    assert!(!suite.exists("scenarios/pages/snapshots"));
    assert_eq!(suite.snapshot_files(), accepted, "nothing new was written");

    // A scenario file runs that scenario only; `--filter` matches file names and repeats.
    let out = suite.harness().args(["run", "scenarios/news.toml"]).run();
    out.assert_code(0)
        .assert_output_has("1 scenario run: 1 passed");
    assert!(
        out.stdout.contains("] news\n") && !out.stdout.contains("] other\n"),
        "{out:?}"
    );
    let out = suite
        .harness()
        .args(["run", "--filter", "news.toml", "--filter", "other"])
        .run();
    out.assert_code(0)
        .assert_output_has("2 scenarios run: 2 passed");
    // Round-trips are for `--verbose`; the summary line keeps to verdicts.
    assert!(!out.all().contains("round-trips"), "{out:?}");

    // A path that is not there: the error says where it looked and what to do.
    suite
        .harness()
        .args(["run", "nowhere"])
        .run()
        .assert_code(2)
        .assert_output_has("`nowhere` does not exist (looked for `")
        .assert_output_has("give the suite folder");

    // A scenario that fails is listed again after the summary, with its reason.
    suite.edit(
        "scenarios/pages/a.html",
        "Der erste Teaser",
        "Der zweite Teaser",
    );
    let out = suite.harness().args(["run", "--ci"]).run();
    out.assert_code(1);
    let after_summary: Vec<&str> = out
        .stdout
        .split("Summary")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("FAIL"))
        .collect();
    assert_eq!(after_summary, ["FAIL news: snapshot differs"], "{out:?}");
}

#[test]
fn snapshots_of_deleted_scenarios_are_named_and_removed_on_request() {
    let suite = two_regions();
    suite.harness().args(["run", "-u"]).run().assert_code(0);
    std::fs::remove_file(suite.path("scenarios/other.toml")).unwrap();
    let out = suite.harness().args(["run"]).run();
    out.assert_code(0)
        .assert_output_has("Unreferenced 1 snapshot of scenarios that are gone:")
        .assert_output_has("other.snap")
        .assert_output_has("--unreferenced delete");
    // Only a run of the whole suite can tell: a filtered run says nothing.
    let out = suite.harness().args(["run", "--filter", "news"]).run();
    assert!(!out.all().contains("Unreferenced"), "{out:?}");
    suite
        .harness()
        .args(["run", "--unreferenced", "reject"])
        .run()
        .assert_code(1);
    assert!(suite.exists("snapshots/other.snap"));
    suite
        .harness()
        .args(["run", "--unreferenced", "delete"])
        .run()
        .assert_code(0)
        .assert_output_has("deleted 1 snapshot");
    assert_eq!(suite.snapshot_files(), ["news.snap"]);
}

#[test]
fn review_in_a_terminal_accepts_one_region_and_rejects_another() {
    let suite = two_regions();
    suite.harness().args(["run", "-u"]).run().assert_code(0);
    suite.edit(
        "scenarios/pages/a.html",
        "Erste Schlagzeile",
        "Neue Schlagzeile",
    );
    suite.edit(
        "scenarios/pages/a.html",
        "Der erste Teaser",
        "Ein kaputter Teaser",
    );
    suite
        .harness()
        .args(["run", "scenarios/news.toml"])
        .run()
        .assert_code(1);
    assert!(suite.exists("snapshots/news.snap.new"));

    // One key a decision, no Enter: accept the headline (y), reject the teaser (n).
    let (code, screen) = run_in_terminal(
        &suite.path(""),
        &["review", "--color", "never"],
        &[("region 1/2 `headline`", "y"), ("region 2/2 `teaser`", "n")],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("accepted `headline`"), "{screen}");
    assert!(screen.contains("rejected `teaser`"), "{screen}");
    assert!(
        screen.contains("accepted news (headline); rejected news (teaser)"),
        "{screen}"
    );
    let snap = suite.read("snapshots/news.snap");
    assert!(
        snap.contains("Neue Schlagzeile") && snap.contains("Der erste Teaser"),
        "{snap}"
    );
    assert!(
        !suite.exists("snapshots/news.snap.new"),
        "nothing is left pending"
    );
    // The other scenario's pending snapshot was not there and is not touched.
    assert!(suite
        .read("snapshots/other.snap")
        .contains("Erste Schlagzeile"));

    // `accept --region` does the same without a terminal: the teaser stays pending.
    suite.edit(
        "scenarios/pages/a.html",
        "Neue Schlagzeile",
        "Dritte Schlagzeile",
    );
    suite
        .harness()
        .args(["run", "scenarios/news.toml"])
        .run()
        .assert_code(1);
    let out = suite
        .harness()
        .args(["accept", "--region", "headline"])
        .run();
    out.assert_code(0)
        .assert_output_has("accepted news (headline)");
    let snap = suite.read("snapshots/news.snap");
    assert!(
        snap.contains("Dritte Schlagzeile") && snap.contains("Der erste Teaser"),
        "{snap}"
    );
    let pending = suite.read("snapshots/news.snap.new");
    assert!(pending.contains("Ein kaputter Teaser"), "{pending}");
    // Quitting (q) decides nothing more.
    let (code, screen) = run_in_terminal(&suite.path(""), &["review"], &[("q quit >", "q")]);
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("0 accepted, 0 rejected, 1 skipped"),
        "{screen}"
    );
    assert!(suite.exists("snapshots/news.snap.new"));
}

#[test]
fn harness_new_writes_a_scenario_for_each_example_page_that_runs_green() {
    let suite = Suite::new();
    copy_dir(
        &repo_root().join("scenarios/pages"),
        &suite.path("scenarios/pages"),
    );
    let pages = [
        "article-locked",
        "article-open-comments",
        "article-videojs",
        "article-embedded-player",
    ];
    for page in pages {
        let out = suite
            .harness()
            .args(["new", &format!("scenarios/pages/{page}.html")])
            .run();
        out.assert_code(0)
            .assert_output_has(&format!("Created scenarios/{page}.toml"));
    }
    let locked = suite.read("scenarios/article-locked.toml");
    for wanted in [
        "headline = \"article h1\"",
        "controls = [\"play\", \"back_10\", \"forward_10\", \"previous\", \"next\", \"time\", \"speed\"]",
        // The page says when it was published and its lockout message after how long
        // comments close: locked or open follows from the date.
        "expect = \"by_age\"\nlockout_after = \"18 months\"\nmessage = \"Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.\"",
        "min_stories = 3",
        // The page prints the time it was loaded: a proposed redaction.
        "[[redact]]",
    ] {
        assert!(locked.contains(wanted), "`{wanted}` missing:\n{locked}");
    }
    assert!(suite
        .read("scenarios/article-open-comments.toml")
        .contains("expect = \"open\""));
    let embedded = suite.read("scenarios/article-embedded-player.toml");
    assert!(
        embedded.contains("player = \"#player-frame\""),
        "{embedded}"
    );
    // The frame's `Loading...`, replaced by its script before the reads on a quiet machine,
    // is waited for: on a busy one the page is read before the script ran.
    assert!(
        embedded.contains("text_absent = [\"Loading...\"]"),
        "{embedded}"
    );
    // Writing over a scenario is refused.
    suite
        .harness()
        .args(["new", "pages/article-locked.html"])
        .run()
        .assert_code(2)
        .assert_output_has("exists already");
    suite
        .harness()
        .args(["run", "--accept"])
        .run()
        .assert_code(0)
        .assert_output_has("4 scenarios run: 4 passed");
    suite
        .harness()
        .args(["run"])
        .run()
        .assert_code(0)
        .assert_output_has("4 scenarios run: 4 passed, 0 failed");
}

#[test]
fn scrape_shows_what_a_selector_matches() {
    let suite = Suite::new();
    copy_dir(
        &repo_root().join("scenarios/pages"),
        &suite.path("scenarios/pages"),
    );
    let out = suite
        .harness()
        .args([
            "scrape",
            "pages/article-locked.html",
            "--selector",
            "#stories li",
            "--json",
        ])
        .run();
    out.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["selector"]["count"], 3, "{report}");
    assert_eq!(report["selector"]["visible"], true, "{report}");
    assert!(report["sections"]["widget comments"]
        .as_str()
        .unwrap()
        .starts_with("state: locked"));
    let text = suite
        .harness()
        .args([
            "scrape",
            "pages/article-locked.html",
            "--selector",
            ".nothing",
        ])
        .run();
    text.assert_code(0)
        .assert_output_has("── selector `.nothing` ──\n0 elements, not visible");
}

#[test]
fn compare_diffs_two_servers_and_names_only_the_page_that_differs() {
    let dir = repo_root().join("scenarios");
    let serve = |changed: bool| {
        let dir = dir.clone();
        TestServer::start(move |_, path, _| {
            let file = dir.join(path.trim_start_matches('/').split('?').next().unwrap_or(""));
            let mut body = std::fs::read(&file).ok()?;
            if changed && path.ends_with("article-videojs.html") {
                body = String::from_utf8(body)
                    .unwrap()
                    .replace("</h1>", " (neu)</h1>")
                    .into_bytes();
            }
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                Some("json") => "application/json",
                Some("webm") => "video/webm",
                _ => "application/octet-stream",
            };
            Some((
                format!("Content-Type: {kind}\r\n"),
                String::from_utf8_lossy(&body).into_owned(),
            ))
        })
    };
    let (a, b) = (serve(false), serve(true));
    let suite = Suite::example();
    let before = suite.snapshot_files();
    let out = suite
        .harness()
        .args([
            "compare",
            "--base-url",
            &a.url,
            "--against",
            &b.url,
            // Pages with the binary test clip are left out: this server sends text only.
            "--filter",
            "article-open",
            "--filter",
            "videojs",
        ])
        .run();
    out.assert_code(1)
        .assert_output_has("DIFFERS player-videojs")
        .assert_output_has("SAME article-open-comments")
        .assert_output_has("2 pages compared: 1 the same, 1 differ, 0 not read");
    assert!(out.stdout.contains(&format!("-{}", a.url)), "{out:?}");
    assert!(out.stdout.contains("(neu)"), "{out:?}");
    assert!(
        out.stdout.contains("─── player-videojs › headline ───"),
        "{out:?}"
    );
    assert!(
        !out.stdout.contains("─── article-"),
        "only that page's diff: {out:?}"
    );
    assert_eq!(suite.snapshot_files(), before, "compare writes nothing");
}
