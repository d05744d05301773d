//! Report files: JUnit XML read by a real JUnit consumer, the JSON report, the HTML report
//! opened in real headless Chromium (page text shown, escaped, and no script run), and
//! screenshots of failing pages and widgets.

use serde_json::Value;

use crate::support::Suite;

/// A suite with one passing and one failing scenario, the failing page full of markup text.
fn mixed_suite() -> Suite {
    let suite = Suite::new();
    suite.page("plain.html").page("hostile.html");
    suite.write("scenarios/a-plain.toml", "page = \"pages/plain.html\"\n");
    suite.write(
        "scenarios/b-hostile.toml",
        "description = \"<b>bold</b> <script>window.__pwned = 3</script>\"\npage = \"pages/hostile.html\"\n[regions]\nmain = \"main\"\n[comments]\nroot = \"#comments\"\nexpect = \"locked\"\n",
    );
    suite.harness().args(["run", "scenarios", "--accept"]).run();
    suite
}

#[test]
fn the_junit_report_is_read_by_a_junit_consumer() {
    let suite = mixed_suite();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--ci", "--junit", "reports/junit.xml"])
        .run();
    out.assert_code(1);
    let script = r#"
import sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    print("suite", suite.name, suite.tests, suite.failures, suite.errors)
    for case in suite:
        kinds = [type(r).__name__ for r in case.result]
        print("case", case.name, kinds)
        for r in case.result:
            if isinstance(r, Failure):
                print("message", r.message)
                print("text", r.text.splitlines()[0])
"#;
    let parsed = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(suite.path("reports/junit.xml"))
        .output()
        .expect("python3 runs (scripts/install-deps installs junitparser)");
    let text = String::from_utf8_lossy(&parsed.stdout);
    assert!(
        parsed.status.success(),
        "junitparser failed: {}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "suite scenarios 2 1 0",
            "case a-plain []",
            "case b-hostile ['Failure']",
            "message failed comments `#comments`: state",
            "text comments `#comments`: state",
        ]
    );
}

#[test]
fn the_json_report_has_every_scenario_check_and_snapshot() {
    let suite = mixed_suite();
    suite.edit(
        "scenarios/pages/plain.html",
        "Ein schlichter Absatz.",
        "Ein geänderter Absatz.",
    );
    let out = suite
        .harness()
        .args(["run", "scenarios", "--ci", "--json", "report.json"])
        .run();
    out.assert_code(1);
    let report: Value = serde_json::from_str(&suite.read("report.json")).unwrap();
    assert_eq!(report["format"], 1);
    assert!(report["browser"].as_str().unwrap().starts_with("chrome "));
    assert_eq!(
        report["summary"],
        serde_json::json!({"total": 2, "passed": 0, "failed": 2, "flaky": 0, "pending": 0})
    );
    let a = &report["scenarios"][0];
    assert_eq!(a["name"], "a-plain");
    assert_eq!(a["status"], "failed");
    assert_eq!(a["snapshot"]["status"], "changed");
    assert!(a["snapshot"]["diff"]
        .as_str()
        .unwrap()
        .contains("│+Ein geänderter Absatz."));
    assert!(a["final_url"]
        .as_str()
        .unwrap()
        .ends_with("/pages/plain.html"));
    assert_eq!(a["viewport"], serde_json::json!([1280, 800]));
    let b = &report["scenarios"][1];
    assert_eq!(b["snapshot"]["status"], "matched");
    let failed: Vec<&Value> = b["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "failed")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["check"], "comments `#comments`: state");
    assert_eq!(failed[0]["expected"], "comments locked");
    // Screenshots go beside the report.
    let shots: Vec<&str> = b["screenshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["subject"].as_str().unwrap())
        .collect();
    assert_eq!(shots, ["page", "comments"]);
    for s in b["screenshots"].as_array().unwrap() {
        let png = std::fs::read(suite.path("").join(s["file"].as_str().unwrap())).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG: {s}");
    }
    assert!(
        suite.exists("screenshots/b-hostile.png")
            && suite.exists("screenshots/b-hostile--comments.png")
    );
}

#[test]
fn the_html_report_shows_page_text_escaped_and_runs_no_script() {
    let suite = mixed_suite();
    suite.edit(
        "scenarios/pages/hostile.html",
        "&amp; &quot;Anführung&quot;",
        "&amp; &quot;Anführung&quot; neu",
    );
    let out = suite
        .harness()
        .args(["run", "scenarios", "--ci", "--html", "html"])
        .run();
    out.assert_code(1);
    let report = suite.path("html/index.html");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("&lt;script&gt;window.__pwned = 1&lt;/script&gt;"),
        "page text is escaped"
    );
    assert!(!html.contains("<script"), "no script element at all");
    assert!(
        html.contains("data:image/png;base64,"),
        "screenshots are embedded"
    );

    // Open it as a reader would, in real headless Chromium.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let seen = runtime.block_on(async {
        use harness::browser::{locate_chromium, BrowserKind, Driver, Session, SessionSettings};
        let programs = locate_chromium().expect("Chromium and chromedriver are installed");
        let driver = Driver::start(&programs.driver, BrowserKind::Chromium).await.unwrap();
        let settings = SessionSettings {
            kind: BrowserKind::Chromium,
            browser_binary: Some(programs.browser.clone()),
            viewport: Default::default(),
            script_timeout: std::time::Duration::from_secs(10),
            page_load_timeout: std::time::Duration::from_secs(10),
            own_driver: true,
        };
        // Hermetic: a report that reached out for anything would find nothing.
        let policy = harness::network::NetworkPolicy::hermetic().into();
        let mut session = Session::open(driver.url(), &settings, &policy).await.unwrap();
        session.goto(&url::Url::from_file_path(&report).unwrap()).await.unwrap();
        let seen = session
            .execute(
                "return { text: document.body.innerText, pwned: window.__pwned === undefined ? null : window.__pwned, \
                 scripts: document.scripts.length, bold: document.querySelectorAll('main b, td b, h2 b').length, \
                 images: Array.from(document.images).map((i) => i.src.slice(0, 22)) };",
                vec![],
            )
            .await
            .unwrap();
        // The status filters: links to `#failed` / `#passed`, CSS only.
        let mut filtered = Vec::new();
        for filter in ["failed", "passed", "all"] {
            let mut url = url::Url::from_file_path(&report).unwrap();
            url.set_fragment(Some(filter));
            session.goto(&url).await.unwrap();
            let shown = session
                .execute(
                    "return { table: document.querySelector('table.summary').innerText, \
                     sections: Array.from(document.querySelectorAll('section')).filter((s) => s.offsetParent !== null).length, \
                     marks: Array.from(document.querySelectorAll('pre mark')).map((m) => m.textContent) };",
                    vec![],
                )
                .await
                .unwrap();
            filtered.push(shown);
        }
        session.close().await;
        driver.shutdown().await;
        (seen, filtered)
    });
    let (seen, filtered) = seen;
    let failed = filtered[0]["table"].as_str().unwrap();
    assert!(
        failed.contains("b-hostile") && !failed.contains("a-plain"),
        "{failed}"
    );
    assert!(
        failed.contains("failed comments"),
        "the reason column: {failed}"
    );
    assert_eq!(filtered[0]["sections"], 1);
    let passed = filtered[1]["table"].as_str().unwrap();
    assert!(
        passed.contains("a-plain") && !passed.contains("b-hostile"),
        "{passed}"
    );
    assert_eq!(filtered[1]["sections"], 0);
    let all = filtered[2]["table"].as_str().unwrap();
    assert!(
        all.contains("a-plain") && all.contains("b-hostile"),
        "{all}"
    );
    // The changed word is marked inside the changed line, as the terminal underlines it.
    let marks: Vec<&str> = filtered[2]["marks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    assert!(marks.iter().any(|m| m.contains("neu")), "{marks:?}");
    assert!(
        html.contains("harness accept scenarios/b-hostile.toml"),
        "the command that accepts it"
    );
    let text = seen["text"].as_str().unwrap();
    assert!(
        text.contains("Bericht <script>window.__pwned = 1</script>"),
        "{text}"
    );
    assert!(
        text.contains(
            "<img src=x onerror=\"window.__pwned = 2\"> und <b>fett</b> & \"Anführung\" neu"
        ),
        "{text}"
    );
    assert!(
        text.contains("<b>bold</b> <script>window.__pwned = 3</script>"),
        "the description, as text: {text}"
    );
    assert_eq!(seen["pwned"], Value::Null, "a script ran");
    assert_eq!(seen["scripts"], 0);
    assert_eq!(seen["bold"], 0);
    for src in seen["images"].as_array().unwrap() {
        assert_eq!(
            src, "data:image/png;base64,",
            "only embedded screenshots are images"
        );
    }
    assert!(text.contains("Browser: chrome "), "{text}");
    assert!(text.contains("comments `#comments`: state"), "{text}");
}

#[test]
fn a_report_that_cannot_be_written_fails_the_run_after_its_results() {
    let suite = Suite::new();
    suite.page("plain.html");
    suite.write("scenarios/plain.toml", "page = \"pages/plain.html\"\n");
    // The report's folder is a file.
    let report = suite.path("scenarios/plain.toml").join("report.json");
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--json"])
        .args([&report])
        .run();
    out.assert_code(5)
        .assert_output_has("1 passed, 0 failed")
        .assert_output_has("failed to write the JSON report");
}

#[test]
fn the_page_screenshot_shows_the_whole_page() {
    let suite = Suite::new();
    suite.write(
        "scenarios/pages/tall.html",
        "<!doctype html><meta charset=\"utf-8\"><body><h1>Oben</h1><div style=\"height:3000px\"></div><p>Unten</p></body>",
    );
    suite.write(
        "scenarios/tall.toml",
        "page = \"pages/tall.html\"\n[regions]\nmain = \"body\"\n",
    );
    // A new snapshot under --ci fails: the report gets the page's screenshot.
    for browser in ["chromium", "firefox"] {
        let out = suite
            .harness()
            .args(["run", "--ci", "--html", browser, "--browser", browser])
            .run();
        out.assert_code(1);
        let png = std::fs::read(suite.path(&format!("{browser}/screenshots/tall.png"))).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        // The window is 800 px high; the page below it is in the picture too.
        assert!(height > 3000, "{browser}: a {height} px high screenshot");
    }
}
