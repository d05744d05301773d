//! Throughput benchmark: generates N news-like pages with one scenario each, times
//! `harness run` over them, and beside it a bare loop on the same pages that only navigates
//! and runs one script per page (the floor the harness is measured against).
//!
//! Run with `cargo bench --bench throughput -- --pages 50`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use harness::browser::{locate_chromium, BrowserKind, Driver, Session, SessionSettings};
use harness::scenario::Viewport;
use harness::serve::PageServer;

const WORDS: &[&str] = &[
    "Stadt", "Gemeinderat", "beschließt", "neue", "Regeln", "für", "den", "Verkehr", "im", "Zentrum",
    "Anrainer", "kritisieren", "Kosten", "und", "Bauzeit", "Bürgermeisterin", "verspricht", "rasche",
    "Umsetzung", "während", "Opposition", "weitere", "Prüfung", "fordert", "Landesregierung", "plant",
    "Förderung", "Schulen", "Spitäler", "Straßenbahn", "Radweg", "Hochwasser", "Wetter", "Sport",
    "Meisterschaft", "Trainer", "Saison", "Spieler", "Tor", "Sieg", "Niederlage", "Budget", "Millionen",
    "Euro", "Jahr", "Woche", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag",
];

/// A small deterministic generator, so every run benchmarks the same pages.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
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
        let _ = write!(html, "<a href=\"/rubrik/{n}.html\">{}</a>", WORDS[(i + n) % WORDS.len()]);
    }
    html.push_str("</nav></header><aside class=\"ad\">Anzeige</aside><main><article>");
    let _ = write!(html, "<h1>{}</h1><time datetime=\"2024-03-{:02}T10:00:00Z\">{:02}.03.2024</time><div class=\"body\">", rng.sentence(8), 1 + i % 28, 1 + i % 28);
    let paragraphs = 40 + rng.next() % 80;
    for _ in 0..paragraphs {
        let _ = write!(html, "<p>{} {} {}</p>", rng.sentence(25), rng.sentence(30), rng.sentence(20));
    }
    html.push_str("</div></article>");
    html.push_str(
        "<section id=\"player\"><div class=\"vp-controls\"><button>replay_10</button><button>skip_previous</button>\
         <button>play_arrow</button><button>skip_next</button><button>forward_10</button><span>00:00 / 00:00</span>\
         <button>1.0x Geschwindigkeit</button></div></section>",
    );
    html.push_str("<section id=\"stories\"><h2>Neue \"Stories\" entdecken</h2><ul>");
    for n in 0..10 {
        let _ = write!(html, "<li><a href=\"/story/{i}-{n}.html\">{}</a></li>", rng.sentence(5));
    }
    html.push_str("</ul></section><section id=\"comments\"><h2>Kommentare</h2><p>Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.</p></section>");
    html.push_str("</main><footer>Impressum</footer></body></html>");
    html
}

fn generate(dir: &Path, pages: usize) -> usize {
    let mut rng = Lcg(42);
    let mut bytes = 0;
    std::fs::create_dir_all(dir.join("scenarios/pages")).unwrap();
    for i in 0..pages {
        let html = page(i, &mut rng);
        bytes += html.len();
        std::fs::write(dir.join(format!("scenarios/pages/article-{i:03}.html")), html).unwrap();
        std::fs::write(
            dir.join(format!("scenarios/article-{i:03}.toml")),
            format!(
                "page = \"pages/article-{i:03}.html\"\nignore = [\".ad\"]\n[regions]\nheadline = \"article h1\"\nbody = \"article .body\"\nplayer = \"#player\"\nstories = \"#stories\"\ncomments = \"#comments\"\n"
            ),
        )
        .unwrap();
    }
    bytes
}

struct HarnessRun {
    wall: Duration,
    first_result: Option<Duration>,
    round_trips: u64,
}

fn run_harness(dir: &Path, extra: &[&str]) -> HarnessRun {
    use std::io::{BufRead, BufReader};
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_harness"))
        .args(["--color", "never", "run", "scenarios"])
        .args(extra)
        .current_dir(dir)
        .env_remove("CI")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("harness runs");
    let mut first_result = None;
    let mut round_trips = 0;
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        if first_result.is_none() && (line.contains(" PASS [") || line.contains(" ACCEPTED [") || line.contains(" FAIL [")) {
            first_result = Some(start.elapsed());
        }
        if let Some(rest) = line.split(", ").last().and_then(|l| l.strip_suffix(" WebDriver round-trips)")) {
            round_trips = rest.trim().parse().unwrap_or(0);
        }
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "harness run failed: {status}");
    HarnessRun { wall: start.elapsed(), first_result, round_trips }
}

async fn bare_loop(dir: &Path, pages: usize) -> (Duration, Duration) {
    let start = Instant::now();
    let programs = locate_chromium().expect("Chromium and chromedriver are installed");
    let server = PageServer::start(&dir.join("scenarios")).await.unwrap();
    let driver = Driver::start(&programs.driver, BrowserKind::Chromium).await.unwrap();
    let settings = SessionSettings {
        kind: BrowserKind::Chromium,
        browser_binary: Some(programs.browser.clone()),
        viewport: Viewport::default(),
        script_timeout: Duration::from_secs(30),
        page_load_timeout: Duration::from_secs(30),
    };
    let mut session = Session::open(driver.url(), &settings).await.unwrap();
    let loop_start = Instant::now();
    for i in 0..pages {
        let url = server.base_url().join(&format!("pages/article-{i:03}.html")).unwrap();
        session.goto(&url).await.unwrap();
        let text = session.execute("return document.body.innerText;", vec![]).await.unwrap();
        assert!(text.as_str().is_some_and(|t| t.contains("Kommentare")));
    }
    let loop_time = loop_start.elapsed();
    session.close().await;
    driver.shutdown().await;
    server.stop().await;
    (start.elapsed(), loop_time)
}

fn main() {
    let mut pages = 50;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--pages" {
            pages = args.next().and_then(|n| n.parse().ok()).expect("--pages N");
        }
    }
    let dir = tempfile::Builder::new().prefix("harness-bench-").tempdir().unwrap();
    let bytes = generate(dir.path(), pages);
    println!("{pages} generated pages, {} KB on average, 5 regions each", bytes / pages / 1024);

    // The first run writes the snapshots; the timed runs then compare against them.
    run_harness(dir.path(), &["--accept"]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut harness_runs = Vec::new();
    let mut bare_runs = Vec::new();
    for _ in 0..3 {
        harness_runs.push(run_harness(dir.path(), &[]));
        bare_runs.push(runtime.block_on(bare_loop(dir.path(), pages)));
    }
    let best = harness_runs.iter().min_by_key(|r| r.wall).unwrap();
    let bare = bare_runs.iter().min_by_key(|r| r.0).unwrap();
    let per_sec = |d: Duration| pages as f64 / d.as_secs_f64();
    println!("best of 3 runs:");
    println!(
        "  harness run             {:>7.2} s wall  {:>6.1} pages/s  first result after {:.2} s  {:.1} round-trips/scenario",
        best.wall.as_secs_f64(),
        per_sec(best.wall),
        best.first_result.unwrap_or_default().as_secs_f64(),
        best.round_trips as f64 / pages as f64
    );
    println!(
        "  bare goto + 1 script    {:>7.2} s wall  {:>6.1} pages/s  (page loop alone {:.2} s, {:.1} pages/s)",
        bare.0.as_secs_f64(),
        per_sec(bare.0),
        bare.1.as_secs_f64(),
        per_sec(bare.1)
    );
    println!("  harness / bare (wall)   {:>7.2}x", best.wall.as_secs_f64() / bare.0.as_secs_f64());
}
