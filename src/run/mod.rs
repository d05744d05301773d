//! Running a suite: start what is needed (page server, driver, session), observe every
//! scenario, check it, compare its snapshot, and close everything again, on success, error
//! and Ctrl-C alike. The main function here is [`run`]; it emits [`RunEvent`]s and never
//! prints.
//!
//! The run is split in three: this module starts and stops what the run needs, `dispatch`
//! hands scenarios to the pool's workers and delivers their results in order, and `attempt`
//! is one scenario's pipeline.

mod attempt;
mod dispatch;
mod read;

pub use read::{read_body, read_pages, runtime};

use std::path::PathBuf;
use std::time::{Duration, Instant};

use url::Url;

use crate::browser::Profile;
use crate::browser::{BrowserKind, BrowserPrograms, SessionPool, SessionSettings, SessionSource};
use crate::error::HarnessError;
use crate::network::{NetworkMode, NetworkPolicy};
use crate::probe::LinkChecker;
use crate::report::{RunEvent, RunSummary};
use crate::scenario::{PageTarget, Scenario, ScenarioId, ScenarioList};
use crate::serve::PageServer;
use crate::signal::Shutdown;
use crate::snapshot::{SnapshotStore, SnapshotUpdate};

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
    /// The reader's language for every page (`--locale`), over the scenarios'.
    pub locale: Option<String>,
    /// The reader's time zone for every page (`--timezone`), over the scenarios'.
    pub timezone: Option<String>,
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

    /// What a scenario's session is opened with: its network policy, and the locale and
    /// time zone of `--locale` and `--timezone`, else the scenario's.
    pub fn profile(&self, scenario: &Scenario, base: Option<&Url>) -> Profile {
        Profile {
            policy: self.network_policy(scenario, base),
            locale: self
                .locale
                .clone()
                .or_else(|| scenario.locale.locale.clone()),
            timezone: self
                .timezone
                .clone()
                .or_else(|| scenario.locale.timezone.clone()),
        }
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
    let mut shutdown = Shutdown::listen().map_err(|source| HarnessError::Runtime {
        what: "listen for Ctrl-C and SIGTERM",
        source,
    })?;
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
        own_driver: !matches!(source, SessionSource::Remote(_)),
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
    let first_profile = config
        .suite
        .scenarios
        .first()
        .map(|s| config.profile(s, base.as_ref()))
        .unwrap_or_default();
    let first = tokio::select! {
        s = async { pool.session(&mut *pool.slots[0].lock().await, &first_profile).await.map(|_| ()) } => s.map_err(HarnessError::from),
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
        r = dispatch::run_all(&config, base.as_ref(), &pool, &links, &mut results, &mut on_event) => r,
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
    if matches!(outcome, Err(HarnessError::Interrupted)) {
        on_event(RunEvent::Cancelling);
        // A second signal stops at once: dropping the pool kills every driver's process
        // group (browsers included) without waiting for sessions to close.
        tokio::select! {
            () = pool.shutdown() => {}
            () = shutdown.requested() => {}
        }
    } else {
        pool.shutdown().await;
    }
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
/// [`HarnessError::Suite`] when scenarios say different things of one page, or a scenario
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
            return Err(HarnessError::Suite(format!(
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
                return Err(HarnessError::Suite(format!(
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
