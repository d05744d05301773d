//! The command line as clap sees it ([`Cli`]) and its translation into what runs
//! ([`crate::run::RunConfig`]). Doc comments here are the `--help` text.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use url::Url;

use crate::browser::BrowserKind;
use crate::error::HarnessError;
use crate::network::NetworkMode;
use crate::snapshot::SnapshotUpdate;
use crate::suite::SuiteLocation;

/// Test harness for news pages: loads each scenario's page in a real browser, checks it and
/// diffs its text against insta snapshots.
///
/// Exit codes: 0 all passed, 1 a check failed or a snapshot differs or is new, 2 bad usage or
/// scenario files, 3 browser or driver unavailable, 4 no scenario matched, 130 interrupted.
#[derive(Debug, Parser)]
#[command(name = "harness", version, propagate_version = true)]
pub struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether output to stderr should be coloured.
    pub fn for_stderr(self) -> bool {
        self.on(std::io::stderr().is_terminal())
    }

    /// Whether output to stdout should be coloured.
    pub fn for_stdout(self) -> bool {
        self.on(std::io::stdout().is_terminal())
    }

    fn on(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal
            }
        }
    }
}

/// What to do with snapshots that no scenario writes any more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Unreferenced {
    /// Say nothing.
    Ignore,
    /// Name them after the summary.
    Warn,
    /// Name them and fail the run.
    Reject,
    /// Delete them (with their pending files) and say so.
    Delete,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every scenario of a suite and compare its snapshots.
    Run(RunArgs),
    /// Print the scenarios of a suite, one name a line.
    List(ListArgs),
    /// Accept pending snapshots: each `.snap.new` replaces its `.snap` in one rename.
    Accept(PendingArgs),
    /// Reject pending snapshots: only the `.snap.new` files are removed.
    Reject(PendingArgs),
    /// Show each pending snapshot's diff and accept (a), reject (r) or skip (s) it.
    Review(PendingArgs),
    /// Write a starting scenario for a page (a suite-relative path or a URL): its headline and
    /// article, the player with the controls the browser found, the comment section and its
    /// lockout message, story widgets, and redactions for text that changed between two reads.
    New(NewArgs),
    /// Print what the harness sees on a page: the text, the widgets it recognises, and the
    /// matches of `--selector`, as text or JSON.
    Scrape(ScrapeArgs),
    /// Load every scenario's page from two servers and diff their text, widget and layout
    /// sections directly (no snapshots read or written): staging against production.
    Compare(CompareArgs),
    /// Scaffold a suite: `scenarios/example.toml` and the page it reads.
    Init(InitArgs),
    /// Print the JSON Schema of the scenario format, for editors.
    Schema,
    /// (internal) End a driver's process group once the harness that started it is gone.
    #[command(hide = true)]
    Guard {
        /// The process group to end.
        pgid: i32,
    },
}

/// Where the suite and its snapshots are.
#[derive(Debug, Clone, Args)]
pub struct SuiteArgs {
    /// The suite folder, or scenario files and folders inside it to run only those
    /// [default: the nearest `scenarios/` folder, from the current folder upwards].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The snapshot folder [default: `snapshots/` beside the suite folder].
    #[arg(long, value_name = "DIR", env = "HARNESS_SNAPSHOTS")]
    pub snapshots: Option<PathBuf>,
}

impl SuiteArgs {
    /// The suite these paths name, its snapshot folder replaced by `--snapshots`.
    ///
    /// # Errors
    ///
    /// [`HarnessError::Usage`] when no suite is found (see [`SuiteLocation::resolve`]).
    pub fn locate(&self) -> Result<SuiteLocation, HarnessError> {
        let cwd = std::env::current_dir().map_err(|source| HarnessError::Runtime {
            what: "read the current folder",
            source,
        })?;
        let mut location = SuiteLocation::resolve(&self.paths, &cwd)?;
        if let Some(dir) = &self.snapshots {
            location.snapshots = dir.clone();
        }
        Ok(location)
    }
}

/// `harness new`.
#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The page: a path inside the suite folder (`pages/article.html`) or an http(s) URL.
    pub page: String,
    /// The suite folder [default: the nearest `scenarios/`, from the current folder upwards].
    #[arg(long, value_name = "DIR")]
    pub suite: Option<PathBuf>,
    /// The scenario's name (its file is `NAME.toml` in the suite) [default: the page's file
    /// name without extension].
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    /// The browser.
    pub browser: BrowserArgs,
}

/// `harness scrape`.
#[derive(Debug, Clone, Args)]
pub struct ScrapeArgs {
    /// The page: a path inside the suite folder (`pages/article.html`) or an http(s) URL.
    pub page: String,
    /// Also show what this CSS selector matches: count, visibility, text length and text.
    #[arg(long, value_name = "SELECTOR")]
    pub selector: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// The suite folder [default: the nearest `scenarios/`, from the current folder upwards].
    #[arg(long, value_name = "DIR")]
    pub suite: Option<PathBuf>,
    #[command(flatten)]
    /// The browser.
    pub browser: BrowserArgs,
}

/// `harness compare`.
#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    /// The suite.
    pub suite: SuiteArgs,
    #[command(flatten)]
    /// Which scenarios.
    pub select: SelectArgs,
    /// The first server: the suite's relative pages are loaded from it.
    #[arg(long, value_name = "URL")]
    pub base_url: String,
    /// The second server, compared with the first.
    #[arg(long, value_name = "URL")]
    pub against: String,
    #[command(flatten)]
    /// The browser.
    pub browser: BrowserArgs,
}

/// `harness init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The folder to create the suite in.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// `harness accept`, `reject` and `review`.
#[derive(Debug, Clone, Args)]
pub struct PendingArgs {
    #[command(flatten)]
    /// The suite.
    pub suite: SuiteArgs,
    /// Only pending snapshots of scenarios whose name contains PATTERN, or matches it as a
    /// glob (`*`, `?`); repeat for more.
    #[arg(long, value_name = "PATTERN")]
    pub filter: Vec<String>,
    /// Only this section of each snapshot (a region, a widget, `layout (chrome)`); the
    /// other sections stay pending. Repeat for more.
    #[arg(long, value_name = "NAME")]
    pub region: Vec<String>,
}

/// Which scenarios to take.
#[derive(Debug, Clone, Default, Args)]
pub struct SelectArgs {
    /// Only scenarios whose name or file contains PATTERN, or matches it as a glob (`*`,
    /// `?`); repeat for more (a scenario matching any is taken).
    #[arg(long, value_name = "PATTERN")]
    pub filter: Vec<String>,
    /// Only the K-th of N shards (`1/4`), for splitting a suite across CI jobs. Shards are
    /// deterministic and disjoint, and together are the whole suite.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::scenario::Shard>,
}

impl SelectArgs {
    /// The selection these flags make.
    pub fn selection(&self) -> crate::scenario::Selection {
        crate::scenario::Selection {
            filters: self.filter.clone(),
            shard: self.shard,
        }
    }
}

/// The browser and how pages are loaded: shared by `run`, `compare`, `new` and `scrape`.
#[derive(Debug, Clone, Args)]
pub struct BrowserArgs {
    /// The browser the embedded default starts, or that a `--webdriver` endpoint is asked for.
    #[arg(long = "browser", value_name = "BROWSER", value_enum, default_value_t = BrowserKind::Chromium, env = "HARNESS_BROWSER")]
    pub kind: BrowserKind,
    /// How many browser sessions run scenarios at once [default: half the CPU cores, at least 1].
    #[arg(long, short = 'j', value_name = "N", env = "HARNESS_JOBS", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    /// The timeout of scenarios that do not set their own `timeout` (`30s`, `2m`).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,
    /// Use this running WebDriver endpoint (chromedriver, a Selenium Grid) instead of
    /// starting chromedriver.
    #[arg(long, value_name = "URL", env = "HARNESS_WEBDRIVER_URL")]
    pub webdriver: Option<String>,
    /// The reference date (YYYY-MM-DD) for comment lockout ages, instead of the scenario's
    /// `today` or the real date.
    #[arg(long, value_name = "DATE", env = "HARNESS_TODAY", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
    /// Which hosts pages may reach: as each scenario's `[network]` table and the page's
    /// origin say (suite pages hermetic, remote pages open), `hermetic` for every page (its
    /// own host and loopback only) or `open` for every page.
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = NetworkMode::Scenario)]
    pub network: NetworkMode,
    /// A host no page may reach (`*.doubleclick.net`), besides those the scenarios block;
    /// repeat for more.
    #[arg(long, value_name = "HOST", value_parser = parse_host_pattern)]
    pub block: Vec<String>,
    /// The reader's language for every page (`de-AT`), over the scenarios' `locale`.
    #[arg(long, value_name = "TAG", env = "HARNESS_LOCALE")]
    pub locale: Option<String>,
    /// The reader's time zone for every page (`Europe/Vienna`), over the scenarios'
    /// `timezone`.
    #[arg(long, value_name = "ZONE", env = "HARNESS_TIMEZONE")]
    pub timezone: Option<String>,
}

/// `harness list`.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    /// The suite.
    pub suite: SuiteArgs,
    #[command(flatten)]
    /// Which scenarios.
    pub select: SelectArgs,
}

/// `harness run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[command(flatten)]
    /// The suite.
    pub suite: SuiteArgs,
    #[command(flatten)]
    /// Which scenarios.
    pub select: SelectArgs,
    #[command(flatten)]
    /// The browser.
    pub browser: BrowserArgs,
    /// Run a failed scenario up to N more times; one that then passes is reported as flaky.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retries: u32,
    /// Fail the run when a scenario passed only on a retry.
    #[arg(long)]
    pub fail_on_flaky: bool,
    /// Write a JUnit XML report to FILE (for CI dashboards).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write a JSON report of every scenario, check and snapshot to FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write a self-contained HTML report, with diffs and screenshots, to DIR/index.html.
    #[arg(long, value_name = "DIR")]
    pub html: Option<PathBuf>,
    /// Resolve the suite's relative pages against this URL (a staging server, say) instead of
    /// serving the suite folder.
    #[arg(long, value_name = "URL", env = "HARNESS_BASE_URL")]
    pub base_url: Option<String>,
    /// Write new and changed snapshots straight to `.snap` and pass.
    #[arg(
        long,
        short = 'u',
        visible_alias = "update-snapshots",
        conflicts_with = "ci"
    )]
    pub accept: bool,
    /// What to do with snapshots whose scenario is gone, after a run of the whole suite:
    /// name them (`warn`), fail the run (`reject`), delete them (`delete`) or say nothing.
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = Unreferenced::Warn)]
    pub unreferenced: Unreferenced,
    /// Also print WebDriver round-trips, sessions and per-stage details.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// CI mode: write no files; a new or changed snapshot fails. Also on when `CI` is set.
    #[arg(long)]
    pub ci: bool,
}

fn parse_host_pattern(s: &str) -> Result<String, String> {
    match crate::network::pattern_error(s) {
        None => Ok(s.to_ascii_lowercase()),
        Some(e) => Err(e),
    }
}

fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(s)
        .map_err(|e| format!("{e}; write a number and a unit, such as 30s or 2m"))
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{e}; write the date as YYYY-MM-DD"))
}

impl RunArgs {
    /// Where screenshots of failing scenarios go: beside the reports (`DIR/screenshots` of
    /// `--html`, else beside the `--json` or `--junit` file); none without a report.
    pub fn screenshot_dir(&self) -> Option<PathBuf> {
        let beside = |file: &PathBuf| {
            file.parent().map(|p| {
                if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p.to_path_buf()
                }
            })
        };
        self.html
            .clone()
            .or_else(|| self.json.as_ref().and_then(beside))
            .or_else(|| self.junit.as_ref().and_then(beside))
            .map(|d| d.join("screenshots"))
    }

    /// What to do with snapshot files: `--accept`, then `--ci` or `CI`, then pending files.
    pub fn snapshot_update(&self) -> SnapshotUpdate {
        if self.accept {
            SnapshotUpdate::Accept
        } else if self.ci || ci_env() {
            SnapshotUpdate::Never
        } else {
            SnapshotUpdate::Pending
        }
    }
}

/// Whether `CI` is set to something other than empty, `0` or `false` (as insta reads it).
pub fn ci_env() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Parses a URL option, accepting only http(s).
///
/// # Errors
///
/// [`HarnessError::Usage`] naming the option and the value.
pub fn parse_http_url(option: &str, value: &str) -> Result<Url, HarnessError> {
    let url = Url::parse(value)
        .map_err(|e| HarnessError::Usage(format!("invalid URL `{value}` for {option}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(HarnessError::Usage(format!(
            "{option} needs an http:// or https:// URL, got `{value}`"
        )));
    }
    Ok(url)
}

/// A base URL must end in `/` to act as a folder when relative pages are joined to it.
pub fn as_folder(mut url: Url) -> Url {
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url
}
