//! Runs at scale: the session pool, output order, selection, timeouts, retries, and a
//! driver or browser that dies mid-run.

use crate::cleanup::processes_with;
use crate::support::{Suite, TestServer};

/// The order of the status lines in the output.
fn status_order(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let word = l.split_whitespace().next()?;
            // Status lines carry a `[time]`; the list of failures after the summary does not.
            (matches!(word, "PASS" | "FAIL" | "FLAKY" | "NEW" | "ACCEPTED") && l.contains("] "))
                .then(|| {
                    l.split("] ")
                        .nth(1)
                        .unwrap_or("")
                        .split(' ')
                        .next()
                        .unwrap_or("")
                        .to_owned()
                })
        })
        .collect()
}

#[test]
fn a_pool_of_sessions_reports_in_scenario_order() {
    let suite = Suite::example();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--jobs", "3", "--verbose"])
        .run();
    out.assert_code(0)
        .assert_output_has("(3 sessions at once)")
        .assert_output_has("4 passed, 0 failed")
        .assert_output_has("3 sessions,");
    assert_eq!(
        status_order(&out.all()),
        [
            "article-locked",
            "article-open-comments",
            "player-in-iframe",
            "player-videojs"
        ]
    );
}

#[test]
fn sessions_are_reused_with_cookies_and_storage_cleared() {
    // Each page records whether it saw what the previous one left behind, then leaves a
    // cookie and storage entries for the next.
    let suite = Suite::new();
    let page = r#"<!doctype html><html><head><meta charset="utf-8"></head><body><p id="out"></p><script>
      var seen = [document.cookie.indexOf('left=') >= 0 ? 'cookie' : '', localStorage.getItem('left') ? 'local' : '', sessionStorage.getItem('left') ? 'session' : ''].filter(Boolean);
      document.getElementById('out').textContent = seen.length ? 'saw ' + seen.join(', ') : 'clean';
      document.cookie = 'left=1; path=/'; localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1');
    </script></body></html>"#;
    for name in ["a", "b", "c"] {
        suite.write(&format!("scenarios/pages/{name}.html"), page);
        suite.write(
            &format!("scenarios/{name}.toml"),
            format!("page = \"pages/{name}.html\"\n[regions]\nout = \"#out\"\n"),
        );
    }
    let out = suite
        .harness()
        .args(["run", "scenarios", "--jobs", "1", "--accept", "-v"])
        .run();
    out.assert_code(0).assert_output_has("1 session,");
    for name in ["a", "b", "c"] {
        let snap = crate::support::without_layout(&suite.read(&format!("snapshots/{name}.snap")));
        assert!(snap.ends_with("── out ──\nclean\n"), "{name}: {snap}");
    }
}

#[test]
fn cookies_scripts_cannot_see_are_deleted_too() {
    // Every page sets an HttpOnly cookie; on two sessions at once, each next page on a
    // session must still be a first visit.
    let (_server, suite) = crate::support::pages_that_leave_httponly_cookies(4);
    suite
        .harness()
        .args(["run", "scenarios", "--jobs", "2", "--accept"])
        .run()
        .assert_code(0);
    crate::support::assert_every_page_was_a_first_visit(&suite, 4);
}

#[test]
fn list_filters_and_shards_the_suite() {
    let suite = Suite::example();
    let list = |args: &[&str]| {
        let out = suite.harness().args(["list", "scenarios"]).args(args).run();
        out.assert_code(0);
        out.stdout.lines().map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(
        list(&[]),
        [
            "article-locked",
            "article-open-comments",
            "player-in-iframe",
            "player-videojs"
        ]
    );
    assert_eq!(
        list(&["--filter", "player"]),
        ["player-in-iframe", "player-videojs"]
    );
    assert_eq!(
        list(&["--filter", "article-*"]),
        ["article-locked", "article-open-comments"]
    );
    let mut all: Vec<String> = (1..=3)
        .flat_map(|k| list(&["--shard", &format!("{k}/3")]))
        .collect();
    assert_eq!(
        list(&["--shard", "1/3"]),
        ["article-locked", "player-videojs"]
    );
    all.sort();
    assert_eq!(all, list(&[]));
    let out = suite
        .harness()
        .args(["list", "scenarios", "--filter", "nothing-like-this"])
        .run();
    out.assert_code(4)
        .assert_output_has("no scenario matches the filter `nothing-like-this`");
    suite
        .harness()
        .args(["list", "scenarios", "--shard", "4/3"])
        .run()
        .assert_code(2);
}

#[test]
fn run_takes_the_same_filter_and_shard() {
    let suite = Suite::example();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--filter", "article", "--shard", "2/2"])
        .run();
    out.assert_code(0)
        .assert_output_has("1 scenario run: 1 passed");
    assert_eq!(status_order(&out.all()), ["article-open-comments"]);
    suite
        .harness()
        .args(["run", "scenarios", "--filter", "zzz"])
        .run()
        .assert_code(4);
}

#[test]
fn a_page_that_never_answers_fails_its_scenario_only() {
    let hang = TestServer::start(|_, _, _| None);
    let suite = Suite::new();
    suite.page("plain.html");
    suite.write("scenarios/a-plain.toml", "page = \"pages/plain.html\"\n");
    suite.write(
        "scenarios/b-hang.toml",
        format!("page = \"{}never\"\ntimeout = \"2s\"\n", hang.url),
    );
    suite.write("scenarios/c-plain.toml", "page = \"pages/plain.html\"\n");
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--jobs", "1"])
        .run();
    out.assert_code(1)
        .assert_output_has("the scenario did not finish within 2s (its `timeout`); the page was abandoned and a new browser session takes over")
        .assert_output_has("2 passed, 1 failed");
    assert_eq!(status_order(&out.all()), ["a-plain", "b-hang", "c-plain"]);
}

#[test]
fn a_scenario_that_passes_on_a_retry_is_flaky() {
    // The first answer is still loading forever; later answers are ready.
    let server = TestServer::start(|n, _, _| {
        Some((
            String::new(),
            if n == 1 {
                "<p>Loading...</p>".to_owned()
            } else {
                "<p>Fertig</p>".to_owned()
            },
        ))
    });
    let suite = Suite::new();
    suite.write(
        "scenarios/wobbly.toml",
        format!(
            "page = \"{}wobbly\"\n[ready]\ntext_absent = [\"Loading...\"]\ntimeout = \"500ms\"\n",
            server.url
        ),
    );
    let out = suite
        .harness()
        .args(["run", "scenarios", "--retries", "2", "--accept"])
        .run();
    out.assert_code(0)
        .assert_output_has("FLAKY [")
        .assert_output_has("] wobbly (2 attempts)")
        .assert_output_has("attempt 1: failed ready")
        .assert_output_has("1 passed, 0 failed, 1 flaky");
    let out = suite
        .harness()
        .args(["run", "scenarios", "--retries", "2", "--fail-on-flaky"])
        .run();
    // The server now answers "Fertig" at once: no flake, so the flag changes nothing.
    out.assert_code(0);

    let server = TestServer::start(|n, _, _| {
        Some((
            String::new(),
            if n == 1 {
                "<p>Loading...</p>".to_owned()
            } else {
                "<p>Fertig</p>".to_owned()
            },
        ))
    });
    suite.write(
        "scenarios/wobbly.toml",
        format!(
            "page = \"{}wobbly\"\n[ready]\ntext_absent = [\"Loading...\"]\ntimeout = \"500ms\"\n",
            server.url
        ),
    );
    let out = suite
        .harness()
        .args(["run", "scenarios", "--retries", "1", "--fail-on-flaky"])
        .run();
    out.assert_code(1).assert_output_has("1 flaky");
}

/// Runs the example suite with a slow first page, kills the run's processes named `comm`
/// while that page loads, and returns the output.
fn kill_mid_run(comm: &str, marker: &str, extra: &[&str]) -> crate::support::Output {
    let suite = Suite::example();
    let beacon = crate::support::Beacon::start();
    // The first scenario's page calls the beacon once it has loaded and becomes ready 3 s
    // later, so the kill lands while its scenario is under way, however slowly the browser
    // started.
    suite.page("slow-loading.html").write(
        "scenarios/a-slow.toml",
        "page = \"pages/slow-loading.html\"\n[ready]\nselector = \"p.late\"\ntimeout = \"20s\"\n",
    );
    suite.edit(
        "scenarios/pages/slow-loading.html",
        "}, 400);",
        &format!("}}, 400);\n    new Image().src = '{}loading';\n    setTimeout(function () {{ var p = document.createElement('p'); p.className = 'late'; document.body.appendChild(p); }}, 3000);", beacon.url),
    );
    let out = std::thread::scope(|scope| {
        let killer = scope.spawn(|| {
            assert!(beacon.wait_for("/loading"), "the slow page never loaded");
            let victims: Vec<String> = processes_with(marker)
                .into_iter()
                .filter(|p| p.ends_with(&format!(" {comm}")))
                .collect();
            for v in &victims {
                let pid: i32 = v.split(' ').next().unwrap().parse().unwrap();
                // SAFETY: kill(2) on a process of this test's own run.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            victims.len()
        });
        let out = suite
            .harness()
            .env("HARNESS_TEST_MARKER", marker)
            .args(["run", "scenarios", "--jobs", "1"])
            .args(extra)
            .run();
        assert!(killer.join().unwrap() > 0, "nothing was killed:\n{out:?}");
        out
    });
    out
}

#[test]
fn a_killed_chromedriver_is_replaced_and_the_suite_goes_on() {
    let marker = format!("kill-driver-{}", std::process::id());
    let out = kill_mid_run("chromedriver", &marker, &[]);
    out.assert_code(1)
        .assert_output_has("lost the browser session during `a-slow`")
        .assert_output_has("a new browser session takes over");
    out.assert_output_has("4 passed, 1 failed");
    assert_eq!(
        status_order(&out.all()),
        [
            "a-slow",
            "article-locked",
            "article-open-comments",
            "player-in-iframe",
            "player-videojs"
        ]
    );
    crate::cleanup::assert_no_processes_left(&marker);
}

#[test]
fn a_killed_browser_is_replaced_and_the_scenario_retried() {
    let marker = format!("kill-browser-{}", std::process::id());
    let out = kill_mid_run("chromium", &marker, &["--retries", "1", "--accept"]);
    out.assert_code(0)
        .assert_output_has("FLAKY [")
        .assert_output_has("] a-slow (2 attempts)")
        .assert_output_has("attempt 1: lost the browser session during `a-slow`")
        .assert_output_has("5 passed, 0 failed, 1 flaky");
    crate::cleanup::assert_no_processes_left(&marker);
}
