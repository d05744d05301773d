//! Running a suite: start what is needed (page server, driver, session), observe every
//! scenario, check it, compare its snapshot, and close everything again, on success, error
//! and Ctrl-C alike. The main function here is [`run`]; it emits [`RunEvent`]s and never
//! prints.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use url::Url;

use crate::browser::{
    BrowserError, BrowserKind, BrowserPrograms, Session, SessionPool, SessionSettings,
    SessionSource, Slot,
};
use crate::check::{evaluate, resolve_links, CheckContext, CheckOutcome, CheckSubject};
use crate::error::HarnessError;
use crate::network::{NetworkMode, NetworkPolicy};
use crate::probe::{exercise, observe, LinkChecker, Observation};
use crate::scenario::{PageTarget, Scenario, ScenarioId, ScenarioList};
use crate::serve::PageServer;
use crate::snapshot::{widget_sections, Header, SnapshotBody, SnapshotStore};
use crate::text::{normalize_text, redact};

/// What happens to snapshot files during a run (insta's `INSTA_UPDATE` in our words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotUpdate {
    /// Write `.snap.new` for new and changed snapshots; the scenario fails.
    Pending,
    /// Write `.snap` directly (`--accept`); the scenario passes.
    Accept,
    /// Write nothing (`--ci` or `CI`); a new or changed snapshot fails.
    Never,
}

/// Where the WebDriver endpoint comes from.
#[derive(Debug, Clone)]
pub enum WebDriverTarget {
    /// Start chromedriver from PATH and drive headless Chromium.
    Embedded(BrowserPrograms),
    /// Use an endpoint that is already running (`--webdriver URL`).
    Remote(Url),
}

/// Everything a run needs, resolved from the command line.
#[derive(Debug)]
pub struct RunConfig {
    /// The scenarios to run, in order.
    pub suite: ScenarioList,
    /// Where snapshots live.
    pub store: SnapshotStore,
    /// What to do with snapshot files.
    pub update: SnapshotUpdate,
    /// The browser.
    pub webdriver: WebDriverTarget,
    /// Resolve suite-relative pages against this instead of the embedded server.
    pub base_url: Option<Url>,
    /// The reference date for comment lockout checks (`--today`).
    pub today: Option<chrono::NaiveDate>,
    /// Which browser the embedded default drives (and which capabilities a remote endpoint
    /// is asked for).
    pub browser: BrowserKind,
    /// How many sessions run scenarios at once.
    pub jobs: usize,
    /// How often a failed scenario is run again.
    pub retries: u32,
    /// The timeout of scenarios that do not set their own.
    pub default_timeout: Duration,
    /// Where failing scenarios' screenshots go; none are taken without it.
    pub screenshot_dir: Option<PathBuf>,
    /// How the run overrides the scenarios' network policies (`--network`).
    pub network: NetworkMode,
    /// Hosts no page of the run reaches (`--block`), besides those the scenarios block.
    pub block: Vec<String>,
}

impl RunConfig {
    /// The default `--jobs`: half the machine's cores, since rendering is CPU-bound and each
    /// session's browser uses more than one core while it lays a page out.
    pub fn default_jobs() -> usize {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get() / 2)
            .clamp(1, 8)
    }

    /// The default scenario timeout.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// The timeout of one scenario: its own, or the run's default.
    pub fn scenario_timeout(&self, scenario: &Scenario) -> Duration {
        scenario.timeout.unwrap_or(self.default_timeout)
    }

    /// The hosts a scenario's page may reach: its `[network]` table, where the page is served
    /// from (a page from the suite folder is hermetic unless the table says more), the page's
    /// own host, and `--network` and `--block`.
    pub fn network_policy(&self, scenario: &Scenario, base: Option<&Url>) -> NetworkPolicy {
        let url = page_url(scenario, base).ok();
        let local = match &scenario.page {
            PageTarget::SuiteRelative(_) => true,
            PageTarget::Absolute(u) => u.scheme() == "file",
        };
        NetworkPolicy::resolve(
            scenario.network.allow.as_deref(),
            &scenario.network.block,
            &self.block,
            local,
            url.as_ref().and_then(Url::host_str),
            self.network,
        )
    }
}

/// How a scenario's snapshot compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotOutcome {
    /// Same as the accepted snapshot.
    Matched,
    /// No accepted snapshot yet; `written` is the pending file (none under `--ci`).
    New {
        /// The new body.
        new: String,
        /// The pending file written, if any.
        written: Option<PathBuf>,
    },
    /// Differs from the accepted snapshot.
    Changed {
        /// The accepted body.
        old: String,
        /// The new body.
        new: String,
        /// The pending file written, if any.
        written: Option<PathBuf>,
    },
    /// Written straight to `.snap` by `--accept`.
    Accepted {
        /// The snapshot file.
        path: PathBuf,
    },
    /// Not compared, because the page could not be read.
    Skipped,
}

/// The result of one scenario.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// The scenario.
    pub id: ScenarioId,
    /// The scenario's description.
    pub description: Option<String>,
    /// The URL the harness loaded.
    pub url: String,
    /// The page's final URL, when it was read.
    pub final_url: Option<String>,
    /// Wall time of the scenario.
    pub duration: Duration,
    /// Every check's verdict.
    pub checks: Vec<CheckOutcome>,
    /// The snapshot comparison.
    pub snapshot: SnapshotOutcome,
    /// A failure that stopped the scenario early (page not loadable, snapshot not writable).
    pub error: Option<String>,
    /// WebDriver round-trips this scenario cost (its last attempt).
    pub round_trips: u64,
    /// How many times it ran: 1, or more with `--retries`.
    pub attempts: u32,
    /// One line for each failed attempt before the last.
    pub earlier_failures: Vec<String>,
    /// Things worth knowing that are no verdict (a dialog the browser dismissed).
    pub notes: Vec<String>,
    /// The window size the page was read at.
    pub viewport: crate::scenario::Viewport,
    /// Screenshots taken because the scenario failed.
    pub screenshots: Vec<Screenshot>,
    /// Whether the session must delete cookies over WebDriver before the next scenario: the
    /// page came from another server (which may set cookies scripts cannot see), or left
    /// cookies its scripts could not expire.
    pub cookies_to_delete: bool,
    /// Whether the page's last script ran, which ends the page's timers: otherwise the page
    /// may still reload or redirect itself, and its browsing context is replaced before the
    /// next scenario.
    pub page_quiet: bool,
}

impl ScenarioResult {
    /// An empty result for a scenario, before anything ran.
    pub fn new(scenario: &Scenario) -> Self {
        ScenarioResult {
            id: scenario.id.clone(),
            description: scenario.description.clone(),
            url: String::new(),
            final_url: None,
            duration: Duration::ZERO,
            checks: Vec::new(),
            snapshot: SnapshotOutcome::Skipped,
            error: None,
            round_trips: 0,
            attempts: 1,
            earlier_failures: Vec::new(),
            notes: Vec::new(),
            viewport: scenario.viewport,
            screenshots: Vec::new(),
            // Until a page says otherwise, assume it left cookies behind.
            cookies_to_delete: true,
            page_quiet: false,
        }
    }

    /// Whether it passed only after failing first.
    pub fn flaky(&self) -> bool {
        self.passed() && self.attempts > 1
    }

    /// Why it failed, in one line.
    pub fn failure_summary(&self) -> String {
        if let Some(e) = &self.error {
            return e.clone();
        }
        let failed: Vec<String> = self
            .checks
            .iter()
            .filter_map(|c| match c {
                CheckOutcome::Fail { check, .. } => Some(check.to_string()),
                CheckOutcome::Pass { .. } => None,
            })
            .collect();
        if !failed.is_empty() {
            return format!("failed {}", failed.join(", "));
        }
        match self.snapshot {
            SnapshotOutcome::New { .. } => "new snapshot".into(),
            SnapshotOutcome::Changed { .. } => "snapshot differs".into(),
            _ => "failed".into(),
        }
    }

    /// Whether the scenario passed.
    pub fn passed(&self) -> bool {
        self.error.is_none()
            && !self.checks.iter().any(CheckOutcome::is_fail)
            && matches!(
                self.snapshot,
                SnapshotOutcome::Matched | SnapshotOutcome::Accepted { .. }
            )
    }
}

/// A screenshot of a failing scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screenshot {
    /// `page`, or the widget it shows (`player`, `comments`, `stories`).
    pub subject: String,
    /// The PNG file.
    pub path: PathBuf,
}

/// What the reporter hears about.
#[derive(Debug)]
pub enum RunEvent<'a> {
    /// The browser is up and scenarios start.
    Started {
        /// How many scenarios will run.
        total: usize,
        /// The browser's name and version.
        browser: &'a str,
        /// How many sessions run at once.
        jobs: usize,
    },
    /// A scenario finished.
    Finished(&'a ScenarioResult),
}

/// The whole run.
#[derive(Debug, Clone)]
pub struct RunSummary {
    /// Every result, in scenario order.
    pub results: Vec<ScenarioResult>,
    /// The browser's name and version.
    pub browser: String,
    /// Wall time of the run.
    pub duration: Duration,
    /// The snapshot folder.
    pub snapshot_dir: PathBuf,
    /// WebDriver round-trips of the whole run, session creation included.
    pub round_trips: u64,
    /// Browser sessions opened (replacements of lost ones included).
    pub sessions: u32,
    /// Sessions that ran at once.
    pub jobs: usize,
}

impl RunSummary {
    /// Whether every scenario passed.
    pub fn passed(&self) -> bool {
        self.results.iter().all(ScenarioResult::passed)
    }

    /// How many scenarios passed only on a retry.
    pub fn flaky(&self) -> usize {
        self.results.iter().filter(|r| r.flaky()).count()
    }
}

/// Runs the suite.
///
/// # Errors
///
/// [`HarnessError::Browser`] when the browser cannot be started, or a lost session cannot be
/// replaced; [`HarnessError::Interrupted`] on Ctrl-C or SIGTERM. Everything started is
/// stopped first.
pub async fn run(
    config: RunConfig,
    mut on_event: impl FnMut(RunEvent<'_>),
) -> Result<RunSummary, HarnessError> {
    let started = Instant::now();
    let mut shutdown = Shutdown::listen()
        .map_err(|e| HarnessError::Usage(format!("failed to listen for Ctrl-C: {e}")))?;
    let needs_server = config.base_url.is_none()
        && config
            .suite
            .scenarios
            .iter()
            .any(|s| matches!(s.page, PageTarget::SuiteRelative(_)));
    let charsets = declared_charsets(&config)?;
    let server = if needs_server {
        Some(
            PageServer::start(&config.suite.root, charsets)
                .await
                .map_err(|e| HarnessError::io(&config.suite.root, e))?,
        )
    } else {
        None
    };
    let base = config
        .base_url
        .clone()
        .or_else(|| server.as_ref().map(PageServer::base_url));

    let (source, binary) = match &config.webdriver {
        WebDriverTarget::Embedded(programs) => (
            match config.browser {
                BrowserKind::Chromium => SessionSource::SharedDriver(programs.driver.clone()),
                BrowserKind::Firefox => SessionSource::DriverPerSession(programs.driver.clone()),
            },
            Some(programs.browser.clone()),
        ),
        WebDriverTarget::Remote(url) => (SessionSource::Remote(url.clone()), None),
    };
    let longest = config
        .suite
        .scenarios
        .iter()
        .map(|s| config.scenario_timeout(s))
        .max()
        .unwrap_or_default();
    let settings = SessionSettings {
        kind: config.browser,
        browser_binary: binary,
        viewport: config
            .suite
            .scenarios
            .first()
            .map(|s| s.viewport)
            .unwrap_or_default(),
        // The harness's own per-scenario timeout ends a scenario first; these only keep the
        // browser from waiting forever on its own.
        script_timeout: longest + Duration::from_secs(5),
        page_load_timeout: longest + Duration::from_secs(5),
    };
    let jobs = config.jobs.clamp(1, config.suite.scenarios.len().max(1));
    let pool = tokio::select! {
        p = SessionPool::start(source, config.browser, settings, jobs) => p.map_err(HarnessError::from),
        _ = shutdown.requested() => Err(HarnessError::Interrupted),
    };
    let pool = match pool {
        Ok(p) => p,
        Err(e) => {
            stop_server(server).await;
            return Err(e);
        }
    };

    // The first session is opened before anything is reported, so the run starts by naming
    // the browser it really got (and fails early when no session can be had).
    let first_policy = config
        .suite
        .scenarios
        .first()
        .map(|s| config.network_policy(s, base.as_ref()))
        .unwrap_or_default();
    let first = tokio::select! {
        s = async { pool.session(&mut *pool.slots[0].lock().await, &first_policy).await.map(|_| ()) } => s.map_err(HarnessError::from),
        _ = shutdown.requested() => Err(HarnessError::Interrupted),
    };
    if let Err(e) = first {
        pool.shutdown().await;
        stop_server(server).await;
        return Err(e);
    }
    let browser = pool.browser().unwrap_or_else(|| "browser".into());
    on_event(RunEvent::Started {
        total: config.suite.scenarios.len(),
        browser: &browser,
        jobs,
    });

    let links = LinkChecker::new();
    let mut results = Vec::new();
    let outcome = tokio::select! {
        r = run_all(&config, base.as_ref(), &pool, &links, &mut results, &mut on_event) => r,
        _ = shutdown.requested() => Err(HarnessError::Interrupted),
    };
    let round_trips = futures::future::join_all(
        pool.slots
            .iter()
            .map(|s| async { s.lock().await.round_trips() }),
    )
    .await;
    let sessions_opened =
        futures::future::join_all(pool.slots.iter().map(|s| async { s.lock().await.opened })).await;
    pool.shutdown().await;
    stop_server(server).await;
    outcome?;
    Ok(RunSummary {
        results,
        browser,
        duration: started.elapsed(),
        snapshot_dir: config.store.dir().to_path_buf(),
        round_trips: round_trips.into_iter().sum(),
        sessions: sessions_opened.into_iter().sum(),
        jobs,
    })
}

/// The encodings scenarios set for their pages, by the URL path the embedded server sees.
/// A page has one encoding: every scenario that loads it says the same, or none does.
///
/// # Errors
///
/// [`HarnessError::Usage`] when scenarios say different things of one page, or a scenario
/// sets `charset` while `--base-url` serves the pages.
fn declared_charsets(
    config: &RunConfig,
) -> Result<std::collections::HashMap<String, &'static encoding_rs::Encoding>, HarnessError> {
    use std::collections::HashMap;
    let root = Url::parse("http://suite.invalid/").expect("a valid URL");
    let mut said: HashMap<String, (Option<&'static encoding_rs::Encoding>, &ScenarioId)> =
        HashMap::new();
    for scenario in &config.suite.scenarios {
        let PageTarget::SuiteRelative(rel) = &scenario.page else {
            continue;
        };
        if scenario.charset.is_some() && config.base_url.is_some() {
            return Err(HarnessError::Usage(format!(
                "scenario `{}` sets `charset`, which only the embedded server declares; with --base-url its server decides",
                scenario.id
            )));
        }
        let Ok(url) = root.join(rel) else { continue };
        let name = |e: Option<&'static encoding_rs::Encoding>| {
            e.map_or_else(|| "none".to_owned(), |e| format!("`{}`", e.name()))
        };
        match said.get(url.path()) {
            Some((other, by)) if *other != scenario.charset => {
                return Err(HarnessError::Usage(format!(
                    "scenarios `{by}` and `{}` load the page `{rel}` with different `charset`s ({} and {}); a page has one encoding: set the same in both, or copy the page",
                    scenario.id,
                    name(*other),
                    name(scenario.charset)
                )));
            }
            Some(_) => {}
            None => {
                said.insert(url.path().to_owned(), (scenario.charset, &scenario.id));
            }
        }
    }
    Ok(said
        .into_iter()
        .filter_map(|(path, (encoding, _))| Some((path, encoding?)))
        .collect())
}

async fn stop_server(server: Option<PageServer>) {
    if let Some(s) = server {
        s.stop().await;
    }
}

/// Ctrl-C and SIGTERM, listened to from the start of a run: a signal that arrives while no
/// one is waiting is kept until the next wait, so it is never lost between two steps.
pub struct Shutdown {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

impl Shutdown {
    /// Starts listening.
    ///
    /// # Errors
    ///
    /// The I/O error when the signal handlers cannot be installed.
    pub fn listen() -> std::io::Result<Shutdown> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Shutdown {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Resolves when the process is asked to stop.
    pub async fn requested(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}

/// One scenario to run: its place in the suite, and the hosts its page may reach.
type Job<'a> = (usize, &'a Scenario, NetworkPolicy);

/// The scenarios still to run, shared by the workers; each takes the next one when free,
/// preferring one its open session can serve (the same network policy).
struct Queue<'a> {
    next: std::sync::Mutex<std::collections::VecDeque<Job<'a>>>,
    /// Set when a worker hits an error that ends the run, so the others stop taking work.
    stop: std::sync::atomic::AtomicBool,
}

impl<'a> Queue<'a> {
    fn take(&self, open: Option<&NetworkPolicy>) -> Option<Job<'a>> {
        if self.stop.load(std::sync::atomic::Ordering::SeqCst) {
            return None;
        }
        let mut next = self.next.lock().ok()?;
        let same = open.and_then(|p| next.iter().position(|(_, _, q)| q == p));
        next.remove(same.unwrap_or(0))
    }

    fn is_empty(&self) -> bool {
        self.next.lock().map(|q| q.is_empty()).unwrap_or(true)
    }
}

async fn run_all(
    config: &RunConfig,
    base: Option<&Url>,
    pool: &SessionPool,
    links: &LinkChecker,
    results: &mut Vec<ScenarioResult>,
    on_event: &mut impl FnMut(RunEvent<'_>),
) -> Result<(), HarnessError> {
    let queue = Queue {
        next: std::sync::Mutex::new(
            config
                .suite
                .scenarios
                .iter()
                .enumerate()
                .map(|(i, s)| (i, s, config.network_policy(s, base)))
                .collect(),
        ),
        stop: std::sync::atomic::AtomicBool::new(false),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, ScenarioResult)>();
    let workers = futures::future::join_all(pool.slots.iter().map(|slot| {
        let tx = tx.clone();
        let queue = &queue;
        async move {
            let mut slot = slot.lock().await;
            let outcome = work(config, base, pool, &mut slot, links, queue, &tx).await;
            if outcome.is_err() {
                queue.stop.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            outcome
        }
    }));
    drop(tx);

    // Results arrive in the order they finish; they are reported in scenario order.
    let report = async {
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        while let Some((index, result)) = rx.recv().await {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                on_event(RunEvent::Finished(&result));
                results.push(result);
                next += 1;
            }
        }
        // After an error that ended the run, whatever finished is still reported.
        for (_, result) in std::mem::take(&mut waiting) {
            on_event(RunEvent::Finished(&result));
            results.push(result);
        }
    };
    let (outcomes, ()) = tokio::join!(workers, report);
    outcomes.into_iter().find(Result::is_err).unwrap_or(Ok(()))
}

/// One worker: takes scenarios until none is left, on the session of its slot.
async fn work<'a>(
    config: &RunConfig,
    base: Option<&Url>,
    pool: &SessionPool,
    slot: &mut Slot,
    links: &LinkChecker,
    queue: &Queue<'a>,
    tx: &tokio::sync::mpsc::UnboundedSender<(usize, ScenarioResult)>,
) -> Result<(), HarnessError> {
    while let Some((index, scenario, policy)) = queue.take(slot.policy()) {
        let mut attempts = 0;
        let mut failures = Vec::new();
        let mut result = loop {
            attempts += 1;
            let result = attempt(config, base, pool, slot, links, scenario, &policy).await?;
            if result.passed() || attempts > config.retries {
                break result;
            }
            failures.push(result.failure_summary());
        };
        result.attempts = attempts;
        result.earlier_failures = failures;
        // The next scenario on this session must not see this one's cookies. Readable ones
        // were expired by the page script; the rest cost a WebDriver round-trip.
        if result.cookies_to_delete && !slot.stale && !queue.is_empty() {
            if let Ok(session) = pool.session(slot, &policy).await {
                if session.forget_cookies().await.is_err() {
                    pool.discard(slot).await;
                }
            }
        }
        if tx.send((index, result)).is_err() {
            break;
        }
    }
    Ok(())
}

/// One attempt at a scenario, within its timeout. A session that is lost, or left mid-command
/// by the timeout, is discarded; the next attempt or scenario gets a new one.
async fn attempt(
    config: &RunConfig,
    base: Option<&Url>,
    pool: &SessionPool,
    slot: &mut Slot,
    links: &LinkChecker,
    scenario: &Scenario,
    policy: &NetworkPolicy,
) -> Result<ScenarioResult, HarnessError> {
    let timeout = config.scenario_timeout(scenario);
    // Opening a session is the pool's cost, not the scenario's: time and count after it.
    // A lost browser is replaced here; only one that cannot be started again ends the run.
    pool.session(slot, policy).await?;
    let start = Instant::now();
    let trips_before = slot.round_trips();
    let session = pool.session(slot, policy).await?;
    let outcome = tokio::time::timeout(
        timeout,
        run_scenario(config, base, session, links, scenario),
    )
    .await;
    let mut result = match outcome {
        Ok(Ok(result)) => result,
        Ok(Err(lost)) => {
            pool.discard(slot).await;
            let mut r = ScenarioResult::new(scenario);
            r.error = Some(format!(
                "{}; a new browser session takes over",
                crate::error::error_chain(&lost)
            ));
            r
        }
        Err(_) => {
            // The verdict goes out now; the session is replaced before the slot's next use.
            slot.stale = true;
            let mut r = ScenarioResult::new(scenario);
            r.error = Some(format!(
                "the scenario did not finish within {} (its `timeout`); the page was abandoned and a new browser session takes over",
                humantime::format_duration(timeout)
            ));
            r
        }
    };
    result.duration = start.elapsed();
    // A page whose last script did not run may still be busy (reloading itself, say): close
    // its browsing context for a new one, so it cannot disturb the next scenario's navigation.
    if !result.page_quiet && !slot.stale {
        let left = match pool.session(slot, policy).await {
            Ok(session) => tokio::time::timeout(Duration::from_secs(5), session.fresh_context())
                .await
                .is_ok_and(|r| r.is_ok()),
            Err(_) => false,
        };
        if !left {
            slot.stale = true;
        }
    }
    result.round_trips = slot.round_trips().saturating_sub(trips_before);
    if result.url.is_empty() {
        result.url = page_url(scenario, base)
            .map(|u| u.to_string())
            .unwrap_or_default();
    }
    Ok(result)
}

/// The URL a scenario loads.
pub fn page_url(scenario: &Scenario, base: Option<&Url>) -> Result<Url, String> {
    match (&scenario.page, base) {
        (PageTarget::Absolute(u), _) => Ok(u.clone()),
        (PageTarget::SuiteRelative(rel), Some(base)) => base
            .join(rel)
            .map_err(|e| format!("cannot resolve `{rel}` against `{base}`: {e}")),
        (PageTarget::SuiteRelative(rel), None) => {
            Err(format!("no server for the relative page `{rel}`"))
        }
    }
}

async fn run_scenario(
    config: &RunConfig,
    base: Option<&Url>,
    session: &mut Session,
    links: &LinkChecker,
    scenario: &Scenario,
) -> Result<ScenarioResult, BrowserError> {
    let mut result = ScenarioResult::new(scenario);
    let url = match page_url(scenario, base) {
        Ok(u) => u,
        Err(e) => {
            result.error = Some(e);
            return Ok(result);
        }
    };
    result.url = url.to_string();
    match observe(session, scenario, &url).await {
        Ok(obs) => {
            result.final_url = Some(obs.url.clone());
            for text in &obs.dialogs {
                result.notes.push(format!(
                    "the page opened a dialog, which the browser dismissed: `{text}`"
                ));
            }
            for (region, seen) in scenario.regions.iter().zip(&obs.regions) {
                if seen.count > 1 {
                    result.notes.push(format!(
                        "region `{}`: `{}` matches {} elements; their texts are joined in page order",
                        region.name, region.selector, seen.count
                    ));
                }
                if let Some(sample) = crate::text::mojibake(&seen.text) {
                    result.notes.push(format!(
                        "region `{}` reads `{sample}`: UTF-8 text decoded as Windows-1252? Check the page's declared charset",
                        region.name
                    ));
                }
            }
            // Behaviour runs after the extraction, so playing the media never changes the
            // snapshot; it is the only step that costs an extra round-trip.
            let mut behaviour = None;
            if let Some(spec) = scenario.widgets.exercised_player() {
                if obs.ready && obs.widgets.player.as_ref().is_some_and(|p| p.found) {
                    match exercise(session, spec, url.as_str()).await {
                        Ok(b) => behaviour = Some(b),
                        Err(e) => {
                            result.error = Some(crate::error::error_chain(&e));
                            if let Some(source) = e.into_session_lost() {
                                return Err(BrowserError::Lost {
                                    scenario: scenario.id.to_string(),
                                    source,
                                });
                            }
                        }
                    }
                }
            }
            let mut link_status = None;
            if let (Some(spec), Some(seen)) = (&scenario.widgets.stories, &obs.widgets.stories) {
                if spec.check_targets && seen.found {
                    let urls: Vec<Url> = resolve_links(seen, &obs.url)
                        .into_iter()
                        .filter_map(|l| l.url.ok())
                        .filter(|u| matches!(u.scheme(), "http" | "https"))
                        .collect();
                    link_status = Some(links.check(&urls, spec.concurrency, spec.timeout).await);
                }
            }
            // The embedded server sets no cookies, so only cookies that scripts set (and could
            // not expire) can be left from its pages.
            let embedded =
                config.base_url.is_none() && matches!(scenario.page, PageTarget::SuiteRelative(_));
            let behaviour_left = behaviour.as_ref().is_some_and(|b| b.cookies_left);
            result.page_quiet =
                scenario.widgets.exercised_player().is_none() || behaviour.is_some();
            result.cookies_to_delete = !embedded || obs.cookies_left || behaviour_left;
            let ctx = CheckContext {
                today: config.today,
                system_today: Some(chrono::Local::now().date_naive()),
                behaviour: behaviour.as_ref(),
                link_status: link_status.as_ref(),
                policy: Some(session.policy()),
            };
            result.checks = evaluate(scenario, &obs, &ctx);
            // An error page or an HTTP error is not the page: its text is no snapshot.
            let page_loaded = !result.checks.iter().any(|c| c.fails(&CheckSubject::Page));
            if obs.ready && page_loaded {
                let body = snapshot_body(scenario, &obs);
                let final_url = match base.filter(|_| config.base_url.is_none()) {
                    Some(b) if obs.url.starts_with(b.as_str()) => {
                        format!("suite:{}", &obs.url[b.as_str().len()..])
                    }
                    _ => obs.url.clone(),
                };
                let provenance = Provenance {
                    browser: session.browser(),
                    final_url,
                };
                match compare_snapshot(config, scenario, &body, &provenance) {
                    Ok(outcome) => result.snapshot = outcome,
                    Err(e) => result.error = Some(crate::error::error_chain(&e)),
                }
            }
            if !result.passed() {
                if let Some(dir) = &config.screenshot_dir {
                    result.screenshots =
                        take_screenshots(session, scenario, &result.checks, dir).await;
                }
            }
        }
        Err(e) => {
            result.error = Some(crate::error::error_chain(&e));
            if let Some(source) = e.into_session_lost() {
                return Err(BrowserError::Lost {
                    scenario: scenario.id.to_string(),
                    source,
                });
            }
        }
    }
    Ok(result)
}

/// Saves a PNG of the page and of every widget with a failed check. Screenshots are a help
/// for the reader, never a verdict: one that cannot be taken is left out.
async fn take_screenshots(
    session: &mut Session,
    scenario: &Scenario,
    checks: &[CheckOutcome],
    dir: &std::path::Path,
) -> Vec<Screenshot> {
    let stem = scenario.id.snapshot_stem();
    let mut shots = Vec::new();
    let mut save = |subject: &str, png: Vec<u8>| {
        let name = if subject == "page" {
            format!("{stem}.png")
        } else {
            format!("{stem}--{subject}.png")
        };
        let path = dir.join(name);
        if crate::snapshot::write_atomic(&path, png).is_ok() {
            shots.push(Screenshot {
                subject: subject.to_owned(),
                path,
            });
        }
    };
    if let Ok(png) = session.screenshot().await {
        save("page", png);
    }
    let mut failed: Vec<&CheckSubject> = Vec::new();
    for check in checks.iter().filter(|c| c.is_fail()) {
        if !failed.contains(&&check.check().subject) {
            failed.push(&check.check().subject);
        }
    }
    for subject in failed {
        let Some((kind, root)) = subject.widget() else {
            continue;
        };
        if let Ok(Some(png)) = session.element_screenshot(root).await {
            save(kind, png);
        }
    }
    shots
}

/// The normalised, redacted snapshot body of an observation.
pub fn snapshot_body(scenario: &Scenario, obs: &Observation) -> String {
    let mut body = SnapshotBody::default();
    for (region, seen) in scenario.regions.iter().zip(&obs.regions) {
        let text = if seen.count == 0 {
            format!("(no element matches `{}`)", region.selector)
        } else {
            redact(&normalize_text(&seen.text), &scenario.redactions)
        };
        body.push(&region.name, &text);
    }
    for (name, text) in widget_sections(&scenario.widgets, &obs.widgets) {
        body.push(&name, &redact(&normalize_text(&text), &scenario.redactions));
    }
    body.render()
}

fn snapshot_header(config: &RunConfig, scenario: &Scenario, provenance: &Provenance<'_>) -> Header {
    let rel = scenario
        .path
        .strip_prefix(&config.suite.root)
        .unwrap_or(&scenario.path);
    let suite_name = std::fs::canonicalize(&config.suite.root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    let rel = rel.to_string_lossy().replace('\\', "/");
    Header {
        source: match suite_name {
            Some(s) => format!("{s}/{rel}"),
            None => rel,
        },
        expression: scenario.id.to_string(),
        description: scenario.description.clone(),
        info: vec![
            ("browser".into(), provenance.browser.to_owned()),
            (
                "viewport".into(),
                format!("{}x{}", scenario.viewport.width, scenario.viewport.height),
            ),
            ("final_url".into(), provenance.final_url.to_owned()),
        ],
    }
}

/// Where a snapshot's text came from; stored in its header, never compared.
struct Provenance<'a> {
    browser: &'a str,
    /// The page's final URL, with the embedded server's origin (a new port every run)
    /// written as `suite:`.
    final_url: String,
}

fn compare_snapshot(
    config: &RunConfig,
    scenario: &Scenario,
    body: &str,
    provenance: &Provenance<'_>,
) -> Result<SnapshotOutcome, crate::snapshot::StoreError> {
    let store = &config.store;
    let old = store.read_accepted(&scenario.id)?;
    let new = body.trim_end().to_owned();
    let header = || snapshot_header(config, scenario, provenance);
    Ok(match (old, config.update) {
        (Some(old), update) if old == new => {
            if update != SnapshotUpdate::Never {
                store.remove_pending(&scenario.id)?;
            }
            SnapshotOutcome::Matched
        }
        (_, SnapshotUpdate::Accept) => {
            let path = store.write_accepted(&scenario.id, &header(), body)?;
            store.remove_pending(&scenario.id)?;
            SnapshotOutcome::Accepted { path }
        }
        (Some(old), SnapshotUpdate::Pending) => {
            let written = Some(store.write_pending(&scenario.id, &header(), body)?);
            SnapshotOutcome::Changed { old, new, written }
        }
        (Some(old), SnapshotUpdate::Never) => SnapshotOutcome::Changed {
            old,
            new,
            written: None,
        },
        (None, SnapshotUpdate::Pending) => {
            let written = Some(store.write_pending(&scenario.id, &header(), body)?);
            SnapshotOutcome::New { new, written }
        }
        (None, SnapshotUpdate::Never) => SnapshotOutcome::New { new, written: None },
    })
}
