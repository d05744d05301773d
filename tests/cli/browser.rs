//! Where the browser comes from: the embedded chromedriver, a missing one, an endpoint that
//! is already running, and pages from another server.

use crate::support::{repo_root, Suite};

#[test]
fn without_chromedriver_and_chromium_the_run_exits_3_with_the_install_command() {
    let suite = Suite::example();
    let empty = tempfile::tempdir().unwrap();
    let out = suite
        .harness()
        .env("PATH", empty.path())
        .args(["run", "scenarios"])
        .run();
    out.assert_code(3)
        .assert_output_has("chromedriver and Chromium (`chromium`) not found on PATH")
        .assert_output_has("apt-get install -y chromium chromium-driver");
}

#[test]
fn without_chromium_alone_the_message_names_chromium() {
    let suite = Suite::example();
    let bin = tempfile::tempdir().unwrap();
    let driver = which::which("chromedriver").expect("chromedriver is installed for the tests");
    std::os::unix::fs::symlink(driver, bin.path().join("chromedriver")).unwrap();
    let out = suite
        .harness()
        .env("PATH", bin.path())
        .args(["run", "scenarios"])
        .run();
    out.assert_code(3)
        .assert_output_has("error: Chromium (`chromium`) not found on PATH");
}

#[test]
fn an_unreachable_webdriver_endpoint_exits_3() {
    let suite = Suite::example();
    let refused = crate::support::RefusedPort::new();
    let port = refused.port;
    let out = suite
        .harness()
        .args([
            "run",
            "scenarios",
            "--webdriver",
            &format!("http://127.0.0.1:{port}"),
        ])
        .run();
    out.assert_code(3).assert_output_has(&format!(
        "failed to create a browser session at `http://127.0.0.1:{port}/`"
    ));
}

#[test]
fn a_running_webdriver_endpoint_is_used_as_it_is() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let programs =
        harness::browser::locate_chromium().expect("Chromium and chromedriver are installed");
    let driver = runtime
        .block_on(harness::browser::Driver::start(
            &programs.driver,
            harness::browser::BrowserKind::Chromium,
        ))
        .unwrap();
    let suite = Suite::example();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--webdriver", driver.url().as_str()])
        .run();
    runtime.block_on(driver.shutdown());
    out.assert_code(0).assert_output_has("4 passed, 0 failed");
}

#[test]
fn base_url_loads_relative_pages_from_another_server() {
    // The "staging server" serves a changed copy of the example pages; the suite folder's
    // own pages are not used.
    let staging = Suite::example();
    staging.edit(
        "scenarios/pages/article-open-comments.html",
        "Schön wäre das",
        "Staging: schön wäre das",
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(harness::serve::PageServer::start(
            &staging.path("scenarios"),
            Default::default(),
        ))
        .unwrap();
    let base = server.base_url();

    let suite = Suite::example();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--ci", "--base-url", base.as_str()])
        .run();
    out.assert_code(1)
        .assert_output_has("│+Staging: schön wäre das auch unter der Woche.")
        .assert_output_has("3 passed, 1 failed");
    runtime.block_on(server.stop());
    assert!(repo_root()
        .join("scenarios/pages/article-open-comments.html")
        .exists());
}

#[test]
fn bad_urls_on_the_command_line_exit_2() {
    let suite = Suite::example();
    suite
        .harness()
        .args(["run", "scenarios", "--base-url", "ftp://x/"])
        .run()
        .assert_code(2)
        .assert_output_has("--base-url needs an http:// or https:// URL");
    suite
        .harness()
        .args(["run", "scenarios", "--webdriver", "not a url"])
        .run()
        .assert_code(2)
        .assert_output_has("invalid URL `not a url` for --webdriver");
}
