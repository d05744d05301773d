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

/// A chromedriver started by the test with its log on: every command it receives is a
/// `COMMAND` line, so round-trips are counted where they arrive, not by the harness.
struct LoggedDriver {
    child: std::process::Child,
    url: String,
    log: tempfile::TempPath,
}

impl LoggedDriver {
    fn start() -> LoggedDriver {
        use std::io::{BufRead, BufReader};
        let programs =
            harness::browser::locate_chromium().expect("Chromium and chromedriver are installed");
        // A port that was free a moment ago may be taken by the time chromedriver binds it.
        for _ in 0..3 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let log = tempfile::NamedTempFile::new().unwrap().into_temp_path();
            let mut child = std::process::Command::new(&programs.driver)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .arg("--log-level=INFO")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
            if lines.any(|l| l.is_ok_and(|l| l.contains("started successfully"))) {
                // Keep reading its output, so that it never writes into a closed pipe.
                std::thread::spawn(move || lines.for_each(drop));
                return LoggedDriver {
                    child,
                    url: format!("http://127.0.0.1:{port}/"),
                    log,
                };
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("chromedriver did not start");
    }

    /// The commands received so far, in order (`Navigate`, `ExecuteAsyncScript`, …).
    fn commands(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap()
            .lines()
            .filter_map(|l| l.split("] COMMAND ").nth(1))
            .map(|rest| rest.split_whitespace().next().unwrap_or("").to_owned())
            .collect()
    }

    /// The commands from the first navigation until the session ended: those its pages cost.
    fn commands_for_pages(&self) -> Vec<String> {
        let commands = self.commands();
        let first = commands
            .iter()
            .position(|c| c == "Navigate")
            .unwrap_or_else(|| panic!("no navigation: {commands:?}"));
        let last = commands
            .iter()
            .rposition(|c| c == "Quit")
            .unwrap_or_else(|| panic!("the session was not ended: {commands:?}"));
        commands[first..last].to_vec()
    }
}

impl Drop for LoggedDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_page_costs_two_webdriver_commands_counted_at_the_driver() {
    // Six plain pages from the suite folder, one session: after the session is set up, the
    // driver must see exactly one navigation and one script per page, nothing else, until
    // the session ends. (A hidden command, such as asking for the current URL before each
    // navigation, would show here even when the harness's own count missed it.)
    let suite = Suite::new();
    for i in 0..6 {
        suite.write(
            &format!("scenarios/pages/p{i}.html"),
            format!("<!doctype html><meta charset=\"utf-8\"><h1>Seite {i}</h1><p>Text {i}</p>"),
        );
        suite.write(
            &format!("scenarios/p{i}.toml"),
            format!("page = \"pages/p{i}.html\"\n[regions]\nheadline = \"h1\"\n"),
        );
    }
    let driver = LoggedDriver::start();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--jobs", "1", "--verbose"])
        .args(["--webdriver", driver.url.as_str(), "--json", "report.json"])
        .run();
    out.assert_code(0)
        .assert_output_has("6 passed, 0 failed")
        .assert_output_has("12 WebDriver round-trips in scenarios")
        .assert_output_has("stages: navigation ")
        .assert_output_has("Stages navigation ");
    // Where each scenario's time went: every page was navigated to and read, and the stages
    // never add up to more than the scenario took.
    let report: serde_json::Value = serde_json::from_str(&suite.read("report.json")).unwrap();
    for s in report["scenarios"].as_array().unwrap() {
        let stages = s["stages_ms"].as_object().unwrap();
        let mut names: Vec<&str> = stages.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "checks",
                "comparison",
                "navigation",
                "normalisation",
                "reporting",
                "script",
                "transfer",
                "wait"
            ],
            "{s}"
        );
        let ms = |k: &str| stages[k].as_f64().unwrap();
        assert!(ms("navigation") > 0.0 && ms("transfer") > 0.0, "{s}");
        let sum: f64 = stages.values().map(|v| v.as_f64().unwrap()).sum();
        let reported = ms("reporting");
        assert!(
            sum - reported <= s["duration_ms"].as_f64().unwrap() + 1.0,
            "stages beyond the scenario's time: {s}"
        );
    }
    assert!(
        report["stages_ms"]["navigation"].as_f64().unwrap() > 0.0,
        "{report}"
    );
    assert_eq!(
        driver.commands_for_pages(),
        ["Navigate", "ExecuteAsyncScript"].repeat(6)
    );
}

#[test]
fn pages_from_another_server_cost_two_commands_and_leave_no_cookie() {
    // A server other than the harness's own sets an HttpOnly cookie on every page (which no
    // page script can remove) and says whether the browser sent one back. The cookies go
    // between scenarios without a WebDriver command: still one navigation and one script a
    // page, and every page after the first is served as to a first visitor.
    let (_server, suite) = crate::support::pages_that_leave_httponly_cookies(4);
    let driver = LoggedDriver::start();
    suite
        .harness()
        .args(["run", "scenarios", "--accept", "--jobs", "1", "--verbose"])
        .args(["--webdriver", driver.url.as_str()])
        .run()
        .assert_code(0)
        .assert_output_has("4 passed, 0 failed")
        .assert_output_has("8 WebDriver round-trips in scenarios");
    crate::support::assert_every_page_was_a_first_visit(&suite, 4);
    assert_eq!(
        driver.commands_for_pages(),
        ["Navigate", "ExecuteAsyncScript"].repeat(4)
    );
}
