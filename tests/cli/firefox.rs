//! `--browser firefox`: Firefox ESR through geckodriver, one geckodriver per worker, on the
//! same suite and the same snapshots as Chromium.

use crate::cleanup::{assert_no_processes_left, processes_with};
use crate::support::Suite;

#[test]
fn the_example_suite_passes_in_firefox_with_the_same_snapshots() {
    let suite = Suite::example();
    let before = suite.snapshot_files();
    let marker = format!("firefox-{}", std::process::id());
    let out = suite
        .harness()
        .env("HARNESS_TEST_MARKER", &marker)
        .args([
            "run",
            "scenarios",
            "--browser",
            "firefox",
            "--jobs",
            "2",
            "--ci",
            "--verbose",
        ])
        .run();
    out.assert_code(0)
        .assert_output_has("with firefox ")
        .assert_output_has("4 passed, 0 failed")
        .assert_output_has("2 sessions,");
    assert_eq!(suite.snapshot_files(), before);
    assert_no_processes_left(&marker);
    assert!(processes_with(&marker).is_empty());
}

#[test]
fn pages_from_another_server_leave_no_cookie_and_cost_two_round_trips() {
    // The HttpOnly cookies go over WebDriver BiDi between scenarios, not by a WebDriver
    // command: two round-trips a page, each page a first visit.
    let (_server, suite) = crate::support::pages_that_leave_httponly_cookies(3);
    suite
        .harness()
        .args(["run", "scenarios", "--browser", "firefox", "--jobs", "1"])
        .args(["--accept", "--verbose"])
        .run()
        .assert_code(0)
        .assert_output_has("3 passed, 0 failed")
        .assert_output_has("6 WebDriver round-trips in scenarios");
    crate::support::assert_every_page_was_a_first_visit(&suite, 3);
}

#[test]
fn a_firefox_endpoint_started_elsewhere_keeps_webdriver_cookie_deletion() {
    // A geckodriver the harness did not start may give its Firefox the shared BiDi port, so
    // the session asks for no BiDi socket: the cookies go by WebDriver's deletion (a third
    // round-trip for each page but the last), and each page is still a first visit.
    use harness::browser::{locate_browser, BrowserKind, Driver};
    let (_server, suite) = crate::support::pages_that_leave_httponly_cookies(3);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let programs = locate_browser(BrowserKind::Firefox).expect("Firefox and geckodriver");
    let driver = runtime
        .block_on(Driver::start(&programs.driver, BrowserKind::Firefox))
        .unwrap();
    suite
        .harness()
        .args(["run", "scenarios", "--browser", "firefox", "--jobs", "1"])
        .args([
            "--accept",
            "--verbose",
            "--webdriver",
            driver.url().as_str(),
        ])
        .run()
        .assert_code(0)
        .assert_output_has("3 passed, 0 failed")
        .assert_output_has("8 WebDriver round-trips in scenarios");
    crate::support::assert_every_page_was_a_first_visit(&suite, 3);
    runtime.block_on(driver.shutdown());
}

#[test]
fn without_geckodriver_the_run_exits_3_with_the_install_commands() {
    let suite = Suite::example();
    let empty = tempfile::tempdir().unwrap();
    let out = suite
        .harness()
        .env("PATH", empty.path())
        .args(["run", "scenarios", "--browser", "firefox"])
        .run();
    out.assert_code(3)
        .assert_output_has("geckodriver and Firefox (`firefox-esr`) not found on PATH")
        .assert_output_has("apt-get install -y firefox-esr && cargo install geckodriver --locked");
}

#[test]
fn a_suite_page_is_hermetic_in_firefox_too() {
    let (silent, reached) = crate::news::silent_host();
    let suite = Suite::new();
    suite.write(
        "scenarios/pages/tail.html",
        crate::news::tail_page(silent.host()),
    );
    suite.write(
        "scenarios/tail.toml",
        "page = \"pages/tail.html\"\ntimeout = \"20s\"\n[regions]\nstory = \"#story\"\n[layout]\nenabled = false\n",
    );
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--browser", "firefox"])
        .run();
    out.assert_code(0).assert_output_has("ACCEPTED");
    assert_eq!(
        reached.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a blocked host was contacted"
    );
    // The same text as Chromium reads.
    let out = suite.harness().args(["run", "scenarios", "--ci"]).run();
    out.assert_code(0);
}
