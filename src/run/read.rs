//! Reading pages without snapshots, for the commands that only look (`harness new`,
//! `scrape`, `compare`): the whole run's machinery, with an empty store in a temporary
//! folder and CI mode, so nothing is read from or written to a snapshot folder.

use url::Url;

use super::{run, RunConfig, WebDriverTarget};
use crate::browser::locate_browser;
use crate::cli::{parse_http_url, BrowserArgs};
use crate::error::HarnessError;
use crate::report::{RunSummary, ScenarioResult};
use crate::scenario::ScenarioList;
use crate::snapshot::{SnapshotOutcome, SnapshotStore, SnapshotUpdate};

/// Runs the scenarios only to read their pages: no snapshot is read or written, one session
/// unless `--jobs` says more, nothing reported while it goes.
///
/// # Errors
///
/// What a run fails with: no browser, a lost session, Ctrl-C.
pub fn read_pages(
    browser: &BrowserArgs,
    suite: ScenarioList,
    base_url: Option<Url>,
) -> Result<RunSummary, HarnessError> {
    let empty = tempfile::tempdir().map_err(|source| HarnessError::Runtime {
        what: "create a temporary folder",
        source,
    })?;
    let config = RunConfig::with_browser(
        suite,
        SnapshotStore::new(empty.path().join("none")),
        SnapshotUpdate::Never,
        base_url,
        browser,
        1,
    )?;
    runtime()?.block_on(run(config, |_| {}))
}

impl RunConfig {
    /// A run's configuration from the command line's browser options; no retries and no
    /// screenshots until the caller says otherwise. `default_jobs` applies without `--jobs`.
    ///
    /// # Errors
    ///
    /// A bad `--webdriver` URL, or no browser to start.
    pub fn with_browser(
        suite: ScenarioList,
        store: SnapshotStore,
        update: SnapshotUpdate,
        base_url: Option<Url>,
        browser: &BrowserArgs,
        default_jobs: usize,
    ) -> Result<RunConfig, HarnessError> {
        let webdriver = match browser.webdriver.as_deref() {
            Some(u) => WebDriverTarget::Remote(parse_http_url("--webdriver", u)?),
            None => WebDriverTarget::Embedded(locate_browser(browser.kind)?),
        };
        Ok(RunConfig {
            suite,
            store,
            update,
            webdriver,
            base_url,
            today: browser.today,
            browser: browser.kind,
            jobs: browser.jobs.map_or(default_jobs, usize::from),
            retries: 0,
            default_timeout: browser.timeout,
            screenshot_dir: None,
            network: browser.network,
            block: browser.block.clone(),
            locale: browser.locale.clone(),
            timezone: browser.timezone.clone(),
        })
    }
}

/// The async runtime a run needs: two worker threads (the work is waiting, not computing).
///
/// # Errors
///
/// [`HarnessError::Runtime`] when it cannot be started.
pub fn runtime() -> Result<tokio::runtime::Runtime, HarnessError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| HarnessError::Runtime {
            what: "start the async runtime",
            source,
        })
}

/// The snapshot body a read produced, or why there is none.
///
/// # Errors
///
/// [`HarnessError::Usage`] naming the page and why it was not read.
pub fn read_body(r: &ScenarioResult) -> Result<String, HarnessError> {
    match (&r.snapshot, &r.error) {
        (SnapshotOutcome::New { new, .. }, _) => Ok(new.clone()),
        (_, Some(e)) => Err(HarnessError::Usage(format!(
            "could not read {}: {e}",
            r.url
        ))),
        // The page gave no text to read: its failed checks say why (the browser's error
        // page, an HTTP error status).
        _ => {
            let why: Vec<String> = r
                .checks
                .iter()
                .filter_map(|c| match c {
                    crate::check::CheckOutcome::Fail { check, found, .. } => {
                        Some(format!("{check}: {found}"))
                    }
                    crate::check::CheckOutcome::Pass { .. } => None,
                })
                .collect();
            Err(HarnessError::Usage(if why.is_empty() {
                format!("could not read {}", r.url)
            } else {
                format!("could not read {}: {}", r.url, why.join("; "))
            }))
        }
    }
}
