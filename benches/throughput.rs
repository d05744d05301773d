//! Throughput benchmark: generates N news-like pages with one scenario each, times
//! `harness run` over them, and beside it a bare loop on the same pages that only navigates
//! and runs one script per page (the floor the harness is measured against).
//!
//! It reports, for `harness run` at `--jobs` 1, 2 and 4 and for the bare loop: wall time,
//! pages per second, WebDriver round-trips per scenario, time to the first result, and peak
//! memory (the summed proportional set size of the run's processes: harness, driver and every
//! browser process, sampled every 200 ms). The one-session run and the bare loop take turns,
//! so both see the same machine; each figure is the best of five for those two, of three for
//! the others.
//!
//! Run with `cargo bench --bench throughput -- --pages 50`; `--generate-only` leaves the
//! generated suite in place for timing or profiling by hand.
//!
//! `cargo bench --bench throughput -- --layout-cost --pages 50` times the generated suite
//! with its layout sections, without them, and read at two viewports.
//!
//! `cargo bench --bench throughput -- --network-tail` times instead one news page whose
//! consent script, font stylesheet, tag manager, ad slot, video embed and pixels sit on a
//! host that accepts connections and never answers: with the default network policy, with
//! those hosts refusing at once, and with an open network.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use harness::browser::{locate_chromium, BrowserKind, Driver, Session, SessionSettings};
use harness::network::NetworkPolicy;
use harness::scenario::Viewport;
use harness::serve::PageServer;

const WORDS: &[&str] = &[
    "Stadt",
    "Gemeinderat",
    "beschließt",
    "neue",
    "Regeln",
    "für",
    "den",
    "Verkehr",
    "im",
    "Zentrum",
    "Anrainer",
    "kritisieren",
    "Kosten",
    "und",
    "Bauzeit",
    "Bürgermeisterin",
    "verspricht",
    "rasche",
    "Umsetzung",
    "während",
    "Opposition",
    "weitere",
    "Prüfung",
    "fordert",
    "Landesregierung",
    "plant",
    "Förderung",
    "Schulen",
    "Spitäler",
    "Straßenbahn",
    "Radweg",
    "Hochwasser",
    "Wetter",
    "Sport",
    "Meisterschaft",
    "Trainer",
    "Saison",
    "Spieler",
    "Tor",
    "Sieg",
    "Niederlage",
    "Budget",
    "Millionen",
    "Euro",
    "Jahr",
    "Woche",
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
];

/// A small deterministic generator, so every run benchmarks the same pages.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.next() % WORDS.len()]);
        }
        s.push('.');
        s
    }
}

fn page(i: usize, rng: &mut Lcg) -> String {
    let mut html = String::from("<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\">");
    let _ = write!(html, "<title>Artikel {i}</title><style>body{{font-family:sans-serif}} nav a{{margin:4px}} .vp-controls{{display:flex}}</style></head><body>");
    html.push_str("<header><nav>");
    for n in 0..60 {
        let _ = write!(
            html,
            "<a href=\"/rubrik/{n}.html\">{}</a>",
            WORDS[(i + n) % WORDS.len()]
        );
    }
    html.push_str("</nav></header><aside class=\"ad\">Anzeige</aside><main><article>");
    let _ = write!(html, "<h1>{}</h1><time datetime=\"2024-03-{:02}T10:00:00Z\">{:02}.03.2024</time><div class=\"body\">", rng.sentence(8), 1 + i % 28, 1 + i % 28);
    let paragraphs = 40 + rng.next() % 80;
    for _ in 0..paragraphs {
        let _ = write!(
            html,
            "<p>{} {} {}</p>",
            rng.sentence(25),
            rng.sentence(30),
            rng.sentence(20)
        );
    }
    html.push_str("</div></article>");
    html.push_str(
        "<section id=\"player\"><div class=\"vp-controls\"><button>replay_10</button><button>skip_previous</button>\
         <button>play_arrow</button><button>skip_next</button><button>forward_10</button><span>00:00 / 00:00</span>\
         <button>1.0x Geschwindigkeit</button></div></section>",
    );
    html.push_str("<section id=\"stories\"><h2>Neue \"Stories\" entdecken</h2><ul>");
    for n in 0..10 {
        let _ = write!(
            html,
            "<li><a href=\"/story/{i}-{n}.html\">{}</a></li>",
            rng.sentence(5)
        );
    }
    html.push_str("</ul></section><section id=\"comments\"><h2>Kommentare</h2><p>Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.</p></section>");
    html.push_str("</main><footer>Impressum</footer></body></html>");
    html
}

fn generate(dir: &Path, pages: usize) -> usize {
    generate_with(dir, pages, "")
}

/// The suite with `top` (top-level keys such as `viewports = [...]`) and `tail` (tables)
/// added to every scenario.
fn generate_variant(dir: &Path, pages: usize, top: &str, tail: &str) -> usize {
    let bytes = generate_with(dir, pages, tail);
    for i in 0..pages {
        let path = dir.join(format!("scenarios/article-{i:03}.toml"));
        let toml = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{top}{toml}")).unwrap();
    }
    bytes
}

fn generate_with(dir: &Path, pages: usize, tail: &str) -> usize {
    let mut rng = Lcg(42);
    let mut bytes = 0;
    std::fs::create_dir_all(dir.join("scenarios/pages")).unwrap();
    for i in 0..pages {
        let html = page(i, &mut rng);
        bytes += html.len();
        std::fs::write(
            dir.join(format!("scenarios/pages/article-{i:03}.html")),
            html,
        )
        .unwrap();
        std::fs::write(
            dir.join(format!("scenarios/article-{i:03}.toml")),
            format!(
                "page = \"pages/article-{i:03}.html\"\nignore = [\".ad\"]\n[regions]\nheadline = \"article h1\"\nbody = \"article .body\"\nplayer = \"#player\"\nstories = \"#stories\"\ncomments = \"#comments\"\n{tail}"
            ),
        )
        .unwrap();
    }
    bytes
}

struct HarnessRun {
    passed: bool,
    /// The scenarios' own times, from their status lines.
    scenario_times: Vec<Duration>,
    wall: Duration,
    first_result: Option<Duration>,
    round_trips: u64,
    all_round_trips: u64,
    peak_mib: f64,
}

/// Samples the summed PSS of every process whose environment holds `marker`, until `stop`.
fn sample_memory(marker: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<f64> {
    std::thread::spawn(move || {
        let needle = format!("HARNESS_BENCH_MARKER={marker}");
        let mut peak_kib = 0u64;
        while !stop.load(Ordering::SeqCst) {
            let mut total = 0u64;
            for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
                let Ok(env) = std::fs::read(entry.path().join("environ")) else {
                    continue;
                };
                if !env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes()) {
                    continue;
                }
                let rollup =
                    std::fs::read_to_string(entry.path().join("smaps_rollup")).unwrap_or_default();
                total += rollup
                    .lines()
                    .find_map(|l| l.strip_prefix("Pss:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                    .unwrap_or(0);
            }
            peak_kib = peak_kib.max(total);
            std::thread::sleep(Duration::from_millis(200));
        }
        peak_kib as f64 / 1024.0
    })
}

/// The number before `suffix` in a summary line.
fn number_before(line: &str, suffix: &str) -> u64 {
    line.split(suffix)
        .next()
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn run_harness(dir: &Path, extra: &[&str]) -> HarnessRun {
    let run = run_harness_any(dir, extra);
    assert!(run.passed, "harness run failed");
    run
}

/// The time in a status line's brackets (`PASS [   0.083s] name`).
fn status_time(line: &str) -> Option<Duration> {
    let inside = line.split('[').nth(1)?.split(']').next()?;
    let secs: f64 = inside.trim().trim_end_matches('s').parse().ok()?;
    Some(Duration::from_secs_f64(secs))
}

fn run_harness_any(dir: &Path, extra: &[&str]) -> HarnessRun {
    use std::io::{BufRead, BufReader};
    static RUN: AtomicU32 = AtomicU32::new(0);
    let marker = format!(
        "run-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::SeqCst)
    );
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_memory(marker.clone(), stop.clone());
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_harness"))
        // `--verbose` for the round-trip counts; results come on stdout.
        .args(["--color", "never", "run", "scenarios", "--verbose"])
        .args(extra)
        .current_dir(dir)
        .env_remove("CI")
        .env("HARNESS_BENCH_MARKER", &marker)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("harness runs");
    let mut first_result = None;
    let mut scenario_times = Vec::new();
    let (mut round_trips, mut all_round_trips) = (0, 0);
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let status =
            line.contains(" PASS [") || line.contains(" ACCEPTED [") || line.contains(" FAIL [");
        if status {
            first_result.get_or_insert(start.elapsed());
            scenario_times.extend(status_time(&line));
        }
        if line.contains("Summary") {
            round_trips = number_before(&line, " WebDriver round-trips in scenarios");
            all_round_trips = number_before(&line, " in all)");
        }
    }
    let status = child.wait().unwrap();
    let wall = start.elapsed();
    stop.store(true, Ordering::SeqCst);
    let peak_mib = sampler.join().unwrap();
    HarnessRun {
        passed: status.success(),
        scenario_times,
        wall,
        first_result,
        round_trips,
        all_round_trips,
        peak_mib,
    }
}

/// Starts chromedriver and one session with the harness's own settings, then only navigates
/// and runs one script per page. Returns the whole wall time, the page loop's, and the time
/// to the first page read.
async fn bare_loop(dir: &Path, pages: usize) -> (Duration, Duration, Duration) {
    let start = Instant::now();
    let programs = locate_chromium().expect("Chromium and chromedriver are installed");
    let server = PageServer::start(&dir.join("scenarios"), Default::default())
        .await
        .unwrap();
    let driver = Driver::start(&programs.driver, BrowserKind::Chromium)
        .await
        .unwrap();
    let settings = SessionSettings {
        kind: BrowserKind::Chromium,
        browser_binary: Some(programs.browser.clone()),
        viewport: Viewport::default(),
        script_timeout: Duration::from_secs(30),
        page_load_timeout: Duration::from_secs(30),
        own_driver: true,
    };
    let mut session = Session::open(driver.url(), &settings, &NetworkPolicy::hermetic().into())
        .await
        .unwrap();
    let loop_start = Instant::now();
    let mut first = Duration::ZERO;
    for i in 0..pages {
        let url = server
            .base_url()
            .join(&format!("pages/article-{i:03}.html"))
            .unwrap();
        session.goto(&url).await.unwrap();
        let text = session
            .execute("return document.body.innerText;", vec![])
            .await
            .unwrap();
        assert!(text.as_str().is_some_and(|t| t.contains("Kommentare")));
        if i == 0 {
            first = start.elapsed();
        }
    }
    let loop_time = loop_start.elapsed();
    session.close().await;
    driver.shutdown().await;
    server.stop().await;
    (start.elapsed(), loop_time, first)
}

/// The Playwright loop's script, or what to install for it (Node.js and playwright-core are
/// benchmark tools, not test dependencies).
fn playwright_script() -> Result<std::path::PathBuf, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/playwright");
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("Node.js is missing: install it (Debian: `apt-get install -y nodejs npm`), then `npm ci --prefix tools/playwright`".into());
    }
    if !dir.join("node_modules/playwright-core").is_dir() {
        return Err("playwright-core is missing: run `npm ci --prefix tools/playwright` (the version is pinned in tools/playwright/package.json)".into());
    }
    Ok(dir.join("loop.js"))
}

/// One run of the Playwright loop on the same pages, served by the harness's own page server,
/// with the same Chromium: (wall time from starting Node to its exit, time to the first
/// result, peak memory).
fn playwright_run(
    runtime: &tokio::runtime::Runtime,
    dir: &Path,
    pages: usize,
    script: &Path,
    marker: &str,
) -> (Duration, Duration, f64) {
    let programs = locate_chromium().expect("Chromium and chromedriver are installed");
    let server = runtime
        .block_on(PageServer::start(
            &dir.join("scenarios"),
            Default::default(),
        ))
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_memory(marker.to_owned(), stop.clone());
    let start = Instant::now();
    let out = Command::new("node")
        .arg(script)
        .arg(server.base_url().as_str())
        .arg(pages.to_string())
        .arg(&programs.browser)
        .env("HARNESS_BENCH_MARKER", marker)
        .output()
        .expect("node runs");
    let wall = start.elapsed();
    stop.store(true, Ordering::SeqCst);
    let peak = sampler.join().unwrap();
    runtime.block_on(server.stop());
    assert!(
        out.status.success(),
        "the Playwright loop failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    let first = Duration::from_secs_f64(report["first_ms"].as_f64().unwrap_or(0.0) / 1000.0);
    (wall, first, peak)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut pages = 50;
    let mut generate_only = false;
    let mut mode = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--pages" => pages = args.next().and_then(|n| n.parse().ok()).expect("--pages N"),
            "--generate-only" => generate_only = true,
            "--network-tail" => mode = Some("network-tail"),
            "--layout-cost" => mode = Some("layout-cost"),
            _ => {}
        }
    }
    match mode {
        Some("network-tail") => return network_tail(),
        Some("layout-cost") => return layout_cost(pages),
        _ => {}
    }
    let dir = tempfile::Builder::new()
        .prefix("harness-bench-")
        .tempdir()
        .unwrap();
    let bytes = generate(dir.path(), pages);
    if generate_only {
        println!("{pages} pages with scenarios in {}", dir.keep().display());
        return;
    }
    println!("{pages} generated pages, {} KB on average, 5 regions each; best of 5 runs (one session, bare loop) or 3", bytes / pages / 1024);

    // The first run writes the snapshots; the timed runs then compare against them.
    run_harness(dir.path(), &["--accept", "--jobs", "1"]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let per_sec = |d: Duration| pages as f64 / d.as_secs_f64();

    let marker = format!("bare-{}", std::process::id());
    // The bare loop's driver and browser inherit this process's environment.
    std::env::set_var("HARNESS_BENCH_MARKER", &marker);
    let mut one_session = Vec::new();
    let mut bare_runs = Vec::new();
    let mut bare_peak: f64 = 0.0;
    let playwright = playwright_script();
    if let Err(why) = &playwright {
        println!("Playwright is left out of this run: {why}");
    }
    let mut playwright_runs: Vec<(Duration, Duration, f64)> = Vec::new();
    // The three take turns, so that each sees the same machine; every run is printed.
    for run in 1..=5 {
        let h = run_harness(dir.path(), &["--jobs", "1"]);
        let stop = Arc::new(AtomicBool::new(false));
        let sampler = sample_memory(marker.clone(), stop.clone());
        let b = runtime.block_on(bare_loop(dir.path(), pages));
        stop.store(true, Ordering::SeqCst);
        bare_peak = bare_peak.max(sampler.join().unwrap());
        let mut line = format!(
            "run {run}: harness {:.2} s, bare loop {:.2} s",
            h.wall.as_secs_f64(),
            b.0.as_secs_f64()
        );
        if let Ok(script) = &playwright {
            let p = playwright_run(
                &runtime,
                dir.path(),
                pages,
                script,
                &format!("pw-{}", std::process::id()),
            );
            let _ = write!(
                line,
                ", Playwright {:.2} s: harness pages/s {:.2}× Playwright's",
                p.0.as_secs_f64(),
                p.0.as_secs_f64() / h.wall.as_secs_f64()
            );
            playwright_runs.push(p);
        }
        println!("{line}");
        one_session.push(h);
        bare_runs.push(b);
    }

    println!();
    println!("| run | wall | pages/s | WebDriver round-trips per scenario (in all) | first result | peak memory |");
    println!("|---|---|---|---|---|---|");
    let row = |jobs: &str, runs: &[HarnessRun]| {
        let best = runs.iter().min_by_key(|r| r.wall).unwrap();
        let peak = runs.iter().map(|r| r.peak_mib).fold(0.0, f64::max);
        println!(
            "| `harness run --jobs {jobs}` | {:.2} s | {:.1} | {:.1} ({:.2}) | {:.2} s | {:.0} MiB |",
            best.wall.as_secs_f64(),
            per_sec(best.wall),
            best.round_trips as f64 / pages as f64,
            best.all_round_trips as f64 / pages as f64,
            best.first_result.unwrap_or_default().as_secs_f64(),
            peak
        );
        best.wall
    };
    let one = row("1", &one_session);
    for jobs in ["2", "4"] {
        let runs: Vec<HarnessRun> = (0..3)
            .map(|_| run_harness(dir.path(), &["--jobs", jobs]))
            .collect();
        row(jobs, &runs);
    }
    let bare = bare_runs.iter().min_by_key(|r| r.0).unwrap();
    println!(
        "| bare goto + one script, one session | {:.2} s | {:.1} | 2.0 ({:.2}) | {:.2} s | {:.0} MiB |",
        bare.0.as_secs_f64(),
        per_sec(bare.0),
        (2 * pages + 2) as f64 / pages as f64,
        bare.2.as_secs_f64(),
        bare_peak
    );
    if !playwright_runs.is_empty() {
        let best = playwright_runs.iter().min_by_key(|r| r.0).unwrap();
        println!(
            "| Playwright goto + one evaluate, one page | {:.2} s | {:.1} | (CDP) | {:.2} s | {:.0} MiB |",
            best.0.as_secs_f64(),
            per_sec(best.0),
            best.1.as_secs_f64(),
            playwright_runs.iter().map(|r| r.2).fold(0.0, f64::max)
        );
    }
    let walls = |v: Vec<f64>| {
        v.iter()
            .map(|w| format!("{w:.2}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!();
    println!(
        "one session, every run: harness {} s; bare loop {} s",
        walls(one_session.iter().map(|r| r.wall.as_secs_f64()).collect()),
        walls(bare_runs.iter().map(|r| r.0.as_secs_f64()).collect())
    );
    println!(
        "one session: harness {:.2} s against the bare loop's {:.2} s = {:+.1} %",
        one.as_secs_f64(),
        bare.0.as_secs_f64(),
        (one.as_secs_f64() / bare.0.as_secs_f64() - 1.0) * 100.0
    );
    if !playwright_runs.is_empty() {
        let ratios: Vec<f64> = one_session
            .iter()
            .zip(&playwright_runs)
            .map(|(h, p)| p.0.as_secs_f64() / h.wall.as_secs_f64())
            .collect();
        let harness_peak = one_session.iter().map(|r| r.peak_mib).fold(0.0, f64::max);
        let playwright_peak = playwright_runs.iter().map(|r| r.2).fold(0.0, f64::max);
        println!(
            "against Playwright: harness pages/s {:.2}× Playwright's (median of {} alternating runs: {}); peak memory {:.0} MiB against {:.0} MiB ({:+.0} %)",
            median(ratios.clone()),
            ratios.len(),
            walls(ratios),
            harness_peak,
            playwright_peak,
            (harness_peak / playwright_peak - 1.0) * 100.0
        );
    }
}

/// A loopback host of its own (127.0.0.2) that accepts every connection and never answers,
/// for as long as the process lives: the ad or tracker host that hangs.
fn silent_host() -> String {
    let listener = std::net::TcpListener::bind(("127.0.0.2", 0)).expect("127.0.0.2 is loopback");
    let host = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    host
}

/// The network tail: the news fixture `tests/fixtures/pages/news/network-tail.html` with its
/// other hosts pointed at a host that never answers, run with the default policy (the page
/// is in the suite folder, so hermetic), then with those hosts refusing at once and an open
/// network (the snapshot must be the same), then open with the silent host.
fn network_tail() {
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages/news/network-tail.html"),
    )
    .unwrap();
    let dir = tempfile::Builder::new()
        .prefix("harness-bench-tail-")
        .tempdir()
        .unwrap();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let silent = silent_host();
    write(
        "scenarios/pages/tail.html",
        &fixture.replace("TAIL", &silent),
    );
    write(
        "scenarios/tail.toml",
        "page = \"pages/tail.html\"\n[regions]\nstory = \"#story\"\n",
    );
    run_harness(dir.path(), &["--accept", "--jobs", "1"]);
    let runs: Vec<HarnessRun> = (0..5)
        .map(|_| run_harness(dir.path(), &["--ci", "--jobs", "1"]))
        .collect();
    let secs = |d: Duration| format!("{:.3}", d.as_secs_f64());
    let list = |runs: &[HarnessRun], pick: &dyn Fn(&HarnessRun) -> Duration| {
        runs.iter()
            .map(|r| secs(pick(r)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let scenario = |r: &HarnessRun| r.scenario_times.first().copied().unwrap_or_default();
    println!("network tail: one news page, its other hosts on {silent}, which never answers");
    println!();
    println!("| policy | the scenario | whole run (driver start to end) | snapshot |");
    println!("|---|---|---|---|");
    let best = |runs: &[HarnessRun], pick: &dyn Fn(&HarnessRun) -> Duration| {
        runs.iter().map(pick).min().unwrap_or_default()
    };
    println!(
        "| default (hermetic), silent hosts | {} s | {} s | accepted |",
        secs(best(&runs, &scenario)),
        secs(best(&runs, &|r| r.wall))
    );

    // The same page with its other hosts refusing every connection: an open network reaches
    // them and is told no at once. The accepted snapshot must still match.
    let refusing = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let refused = refusing.local_addr().unwrap().to_string();
    drop(refusing);
    write(
        "scenarios/pages/tail.html",
        &fixture.replace("TAIL", &refused),
    );
    let open_refused = run_harness_any(dir.path(), &["--ci", "--jobs", "1", "--network", "open"]);
    println!(
        "| open, hosts refusing at once | {} s | {} s | {} |",
        secs(scenario(&open_refused)),
        secs(open_refused.wall),
        if open_refused.passed {
            "the same"
        } else {
            "DIFFERENT or failed"
        }
    );

    // Open, with the silent host: the consent script in the head holds the page.
    write(
        "scenarios/pages/tail.html",
        &fixture.replace("TAIL", &silent),
    );
    let open_silent = run_harness_any(
        dir.path(),
        &[
            "--ci",
            "--jobs",
            "1",
            "--network",
            "open",
            "--timeout",
            "10s",
        ],
    );
    println!(
        "| open, silent hosts | {} s | {} s | {} |",
        secs(scenario(&open_silent)),
        secs(open_silent.wall),
        if open_silent.passed {
            "the same"
        } else {
            "none: the scenario timed out (10 s)"
        }
    );
    println!();
    println!(
        "default policy, every run: scenario {} s; whole run {} s",
        list(&runs, &scenario),
        list(&runs, &|r| r.wall)
    );
}

/// What the layout section and a second viewport cost: the generated suite (one session,
/// snapshots accepted first) with layout sections (the default), without, and read at a
/// desktop and a phone window; best of three each.
fn layout_cost(pages: usize) {
    let variants: [(&str, &str, &str); 3] = [
        ("layout sections (default)", "", ""),
        ("no layout section", "", "[layout]\nenabled = false\n"),
        (
            "layout, two viewports (desktop, phone)",
            "viewports = [\"desktop\", \"phone\"]\n",
            "",
        ),
    ];
    println!("{pages} generated pages, one session, best of 3 runs each\n");
    println!("| suite | wall | per page | WebDriver round-trips per scenario |");
    println!("|---|---|---|---|");
    for (name, top, tail) in variants {
        let dir = tempfile::Builder::new()
            .prefix("harness-bench-layout-")
            .tempdir()
            .unwrap();
        generate_variant(dir.path(), pages, top, tail);
        run_harness(dir.path(), &["--accept", "--jobs", "1"]);
        let runs: Vec<HarnessRun> = (0..3)
            .map(|_| run_harness(dir.path(), &["--jobs", "1"]))
            .collect();
        let best = runs.iter().min_by_key(|r| r.wall).unwrap();
        println!(
            "| {name} | {:.2} s | {:.0} ms | {:.1} |",
            best.wall.as_secs_f64(),
            best.wall.as_secs_f64() * 1000.0 / pages as f64,
            best.round_trips as f64 / pages as f64
        );
    }
}
