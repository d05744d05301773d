//! Every browser session is closed and every driver process ended: after a normal run, after
//! a failing one, and when the run is interrupted with Ctrl-C (SIGINT) or SIGTERM.
//!
//! Each run gets a unique marker in its environment, which chromedriver and Chromium inherit,
//! so the test can find that run's processes in /proc without counting other tests' ones.

use std::time::{Duration, Instant};

use crate::support::{Running, Suite};

/// Live processes whose environment holds `marker` (zombies have no environment left).
pub fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    let needle = format!("HARNESS_TEST_MARKER={marker}");
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let Ok(env) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes()) {
            let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
            found.push(format!("{name} {}", comm.trim()));
        }
    }
    found
}

/// Waits (boundedly) for the processes of a run to be gone: the kernel may take a moment to
/// finish tearing down a killed process tree, and a killed harness's guard has to notice
/// first. The bound is about "gone at all", not about speed: on a loaded 2-core machine a
/// Chromium tree of a dozen processes has taken several seconds to be reaped.
pub fn assert_no_processes_left(marker: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let left = processes_with(marker);
        if left.is_empty() {
            return;
        }
        assert!(Instant::now() < deadline, "processes left behind: {left:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_finished_run_leaves_no_driver_or_browser_behind() {
    let suite = Suite::example();
    suite.edit(
        "scenarios/pages/article-open-comments.html",
        "Schön wäre das",
        "Gut wäre das",
    );
    let marker = format!("finished-{}", std::process::id());
    let out = suite
        .harness()
        .env("HARNESS_TEST_MARKER", &marker)
        .args(["run", "scenarios"])
        .run();
    out.assert_code(1);
    assert_no_processes_left(&marker);
}

fn interrupt_mid_run(signal: i32, name: &str) {
    let suite = Suite::new();
    suite.page("never-ready.html").write(
        "scenarios/never.toml",
        "page = \"pages/never-ready.html\"\n[ready]\ntext_absent = [\"Loading...\"]\ntimeout = \"30s\"\n",
    );
    let marker = format!("{name}-{}", std::process::id());
    let mut run = Running::start(
        &suite.path(""),
        &["run", "scenarios"],
        &[("HARNESS_TEST_MARKER", &marker)],
    );
    // The run is under way once the session is up; the page then waits for 30 s.
    assert!(
        run.wait_for("Starting", 1),
        "the run never started:\n{}",
        run.seen
    );
    assert!(
        !processes_with(&marker).is_empty(),
        "the run's driver and browser should be running"
    );
    run.signal(signal);
    let started = Instant::now();
    let out = run.finish();
    assert_eq!(out.code, 130, "{out:?}");
    assert!(
        out.all()
            .contains("interrupted: closed every browser session and ended the driver"),
        "{out:?}"
    );
    assert!(
        out.all()
            .contains("Cancelling… closing the browser sessions; press Ctrl-C again"),
        "the signal is acknowledged at once: {out:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "shutting down took {:?}",
        started.elapsed()
    );
    assert_no_processes_left(&marker);
    assert!(suite.snapshot_files().is_empty());
}

#[test]
fn ctrl_c_closes_the_session_and_ends_the_driver() {
    interrupt_mid_run(libc::SIGINT, "sigint");
}

#[test]
fn sigterm_closes_the_session_and_ends_the_driver() {
    interrupt_mid_run(libc::SIGTERM, "sigterm");
}

#[test]
fn a_second_ctrl_c_stops_at_once_and_still_ends_every_process() {
    let suite = Suite::new();
    suite.page("never-ready.html").write(
        "scenarios/never.toml",
        "page = \"pages/never-ready.html\"\n[ready]\ntext_absent = [\"Loading...\"]\ntimeout = \"30s\"\n",
    );
    let marker = format!("twice-{}", std::process::id());
    let mut run = Running::start(
        &suite.path(""),
        &["run", "scenarios"],
        &[("HARNESS_TEST_MARKER", &marker)],
    );
    assert!(run.wait_for("Starting", 1), "never started:\n{}", run.seen);
    run.signal(libc::SIGINT);
    assert!(
        run.wait_for("Cancelling…", 1),
        "the first Ctrl-C is acknowledged:\n{}",
        run.seen
    );
    run.signal(libc::SIGINT);
    let out = run.finish();
    assert_eq!(out.code, 130, "{out:?}");
    assert_no_processes_left(&marker);
}
