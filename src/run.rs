//! Running a suite: start what is needed (page server, driver, session), observe every
//! scenario, check it, compare its snapshot, and close everything again, on success, error
//! and Ctrl-C alike. The main function here is [`run`]; it emits [`RunEvent`]s and never
//! prints.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use url::Url;

use crate::browser::{BrowserError, BrowserPrograms, Driver, Session, SessionSettings};
use crate::check::{evaluate, resolve_links, CheckContext, CheckOutcome};
use crate::error::HarnessError;
use crate::probe::{exercise, observe, LinkChecker, Observation};
use crate::scenario::{PageTarget, Scenario, ScenarioId, ScenarioList};
use crate::serve::PageServer;
use crate::snapshot::{normalize_text, redact, widget_sections, Header, SnapshotBody, SnapshotStore};

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
    /// WebDriver round-trips this scenario cost.
    pub round_trips: u64,
}

impl ScenarioResult {
    /// Whether the scenario passed.
    pub fn passed(&self) -> bool {
        self.error.is_none()
            && !self.checks.iter().any(CheckOutcome::is_fail)
            && matches!(self.snapshot, SnapshotOutcome::Matched | SnapshotOutcome::Accepted { .. })
    }
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
}

impl RunSummary {
    /// Whether every scenario passed.
    pub fn passed(&self) -> bool {
        self.results.iter().all(ScenarioResult::passed)
    }
}

/// Runs the suite.
///
/// # Errors
///
/// [`HarnessError::Browser`] when the browser cannot be started or is lost,
/// [`HarnessError::Interrupted`] on Ctrl-C or SIGTERM. Everything started is stopped first.
pub async fn run(config: RunConfig, mut on_event: impl FnMut(RunEvent<'_>)) -> Result<RunSummary, HarnessError> {
    let started = Instant::now();
    let mut shutdown = Shutdown::listen().map_err(|e| HarnessError::Usage(format!("failed to listen for Ctrl-C: {e}")))?;
    let needs_server = config.base_url.is_none()
        && config.suite.scenarios.iter().any(|s| matches!(s.page, PageTarget::SuiteRelative(_)));
    let server = if needs_server {
        Some(PageServer::start(&config.suite.root).await.map_err(|e| HarnessError::io(&config.suite.root, e))?)
    } else {
        None
    };
    let base = config.base_url.clone().or_else(|| server.as_ref().map(PageServer::base_url));

    let (driver, endpoint, binary) = match &config.webdriver {
        WebDriverTarget::Embedded(programs) => {
            let driver = match Driver::start(&programs.driver).await {
                Ok(d) => d,
                Err(e) => {
                    stop_server(server).await;
                    return Err(e.into());
                }
            };
            let url = driver.url().clone();
            (Some(driver), url, Some(programs.browser.clone()))
        }
        WebDriverTarget::Remote(url) => (None, url.clone(), None),
    };

    let longest_wait = config.suite.scenarios.iter().map(|s| s.ready.timeout).max().unwrap_or_default();
    let settings = SessionSettings {
        browser_binary: binary,
        viewport: config.suite.scenarios.first().map(|s| s.viewport).unwrap_or_default(),
        script_timeout: longest_wait + Duration::from_secs(10),
        page_load_timeout: Duration::from_secs(30),
    };

    let session = tokio::select! {
        s = Session::open(&endpoint, &settings) => s.map_err(HarnessError::from),
        _ = shutdown.requested() => Err(HarnessError::Interrupted),
    };
    let mut session = match session {
        Ok(s) => s,
        Err(e) => {
            stop_driver(driver).await;
            stop_server(server).await;
            return Err(e);
        }
    };
    let browser = session.browser().to_owned();
    on_event(RunEvent::Started { total: config.suite.scenarios.len(), browser: &browser });

    let mut results = Vec::new();
    let links = LinkChecker::new();
    let outcome = tokio::select! {
        r = run_all(&config, base.as_ref(), &mut session, &links, &mut results, &mut on_event) => r,
        _ = shutdown.requested() => Err(HarnessError::Interrupted),
    };

    session.close().await;
    stop_driver(driver).await;
    stop_server(server).await;
    outcome?;
    Ok(RunSummary { results, browser, duration: started.elapsed(), snapshot_dir: config.store.dir().to_path_buf() })
}

async fn stop_driver(driver: Option<Driver>) {
    if let Some(d) = driver {
        d.shutdown().await;
    }
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
        Ok(Shutdown { interrupt: signal(SignalKind::interrupt())?, terminate: signal(SignalKind::terminate())? })
    }

    /// Resolves when the process is asked to stop.
    pub async fn requested(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}

async fn run_all(
    config: &RunConfig,
    base: Option<&Url>,
    session: &mut Session,
    links: &LinkChecker,
    results: &mut Vec<ScenarioResult>,
    on_event: &mut impl FnMut(RunEvent<'_>),
) -> Result<(), HarnessError> {
    for scenario in &config.suite.scenarios {
        let result = run_scenario(config, base, session, links, scenario).await?;
        on_event(RunEvent::Finished(&result));
        results.push(result);
    }
    Ok(())
}

/// The URL a scenario loads.
pub fn page_url(scenario: &Scenario, base: Option<&Url>) -> Result<Url, String> {
    match (&scenario.page, base) {
        (PageTarget::Absolute(u), _) => Ok(u.clone()),
        (PageTarget::SuiteRelative(rel), Some(base)) => {
            base.join(rel).map_err(|e| format!("cannot resolve `{rel}` against `{base}`: {e}"))
        }
        (PageTarget::SuiteRelative(rel), None) => Err(format!("no server for the relative page `{rel}`")),
    }
}

async fn run_scenario(
    config: &RunConfig,
    base: Option<&Url>,
    session: &mut Session,
    links: &LinkChecker,
    scenario: &Scenario,
) -> Result<ScenarioResult, HarnessError> {
    let start = Instant::now();
    let trips_before = session.round_trips();
    let mut result = ScenarioResult {
        id: scenario.id.clone(),
        url: String::new(),
        final_url: None,
        duration: Duration::ZERO,
        checks: Vec::new(),
        snapshot: SnapshotOutcome::Skipped,
        error: None,
        round_trips: 0,
    };
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
            // Behaviour runs after the extraction, so playing the media never changes the
            // snapshot; it is the only step that costs an extra round-trip.
            let mut behaviour = None;
            if let Some(spec) = scenario.widgets.player.as_ref().filter(|p| p.behaviour) {
                if obs.ready && obs.widgets.player.as_ref().is_some_and(|p| p.found) {
                    match exercise(session, spec, url.as_str()).await {
                        Ok(b) => behaviour = Some(b),
                        Err(e) => {
                            result.error = Some(crate::report::error_chain(&e));
                            if let Some(source) = e.into_session_lost(is_session_lost) {
                                return Err(BrowserError::Lost { scenario: scenario.id.to_string(), source }.into());
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
            let ctx = CheckContext {
                today: config.today,
                system_today: Some(chrono::Local::now().date_naive()),
                behaviour: behaviour.as_ref(),
                link_status: link_status.as_ref(),
            };
            result.checks = evaluate(scenario, &obs, &ctx);
            if obs.ready {
                let body = snapshot_body(scenario, &obs);
                match compare_snapshot(config, scenario, &body) {
                    Ok(outcome) => result.snapshot = outcome,
                    Err(e) => result.error = Some(crate::report::error_chain(&e)),
                }
            }
        }
        Err(e) => {
            result.error = Some(crate::report::error_chain(&e));
            if let Some(source) = e.into_session_lost(is_session_lost) {
                return Err(BrowserError::Lost { scenario: scenario.id.to_string(), source }.into());
            }
        }
    }
    result.duration = start.elapsed();
    result.round_trips = session.round_trips() - trips_before;
    Ok(result)
}

/// Whether a WebDriver error means the session (or its browser or driver) is gone.
fn is_session_lost(e: &fantoccini::error::CmdError) -> bool {
    use fantoccini::error::{CmdError, ErrorStatus};
    match e {
        CmdError::Lost(_) | CmdError::Failed(_) | CmdError::FailedC(_) => true,
        CmdError::Standard(w) => {
            matches!(w.error, ErrorStatus::InvalidSessionId)
                || (matches!(w.error, ErrorStatus::UnknownError)
                    && (w.message.contains("not reachable") || w.message.contains("disconnected")))
        }
        _ => false,
    }
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

fn snapshot_header(config: &RunConfig, scenario: &Scenario) -> Header {
    let rel = scenario.path.strip_prefix(&config.suite.root).unwrap_or(&scenario.path);
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
    }
}

fn compare_snapshot(
    config: &RunConfig,
    scenario: &Scenario,
    body: &str,
) -> Result<SnapshotOutcome, crate::snapshot::StoreError> {
    let store = &config.store;
    let old = store.read_accepted(&scenario.id)?;
    let new = body.trim_end().to_owned();
    let header = || snapshot_header(config, scenario);
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
        (Some(old), SnapshotUpdate::Never) => SnapshotOutcome::Changed { old, new, written: None },
        (None, SnapshotUpdate::Pending) => {
            let written = Some(store.write_pending(&scenario.id, &header(), body)?);
            SnapshotOutcome::New { new, written }
        }
        (None, SnapshotUpdate::Never) => SnapshotOutcome::New { new, written: None },
    })
}
