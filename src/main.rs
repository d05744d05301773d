//! The `harness` binary: parse arguments, load scenarios (no async, no browser), build the
//! runtime, run, and map the outcome to a documented exit code.

use std::io::{IsTerminal, Write};

use anstyle::AnsiColor;
use clap::Parser;

use harness::browser::locate_browser;
use harness::cli::{as_folder, parse_http_url, Cli, Command, ListArgs, PendingArgs, RunArgs};
use harness::cli::{ColorChoice, SelectArgs, Unreferenced};
use harness::error::{ExitCode, HarnessError};
use harness::report::{error_lines, plural, HumanReporter};
use harness::review::{
    confirm, decide_all, review, Decision, KeyAnswers, LineAnswers, PendingFilter,
};
use harness::run::{run, RunConfig, WebDriverTarget};
use harness::scenario::{load_suite, LoadOptions, ScenarioList};
use harness::snapshot::{SnapshotOutcome, SnapshotStore};
use harness::suite::SuiteLocation;

fn main() {
    let cli = Cli::parse();
    if let Command::Guard { pgid } = cli.command {
        std::process::exit(harness::browser::run_guard(pgid));
    }
    if let Ok(exe) = std::env::current_exe() {
        harness::browser::set_guard_program(exe);
    }
    let color = cli.color.for_stderr();
    let code = match dispatch(cli.command, cli.color) {
        Ok(code) => code,
        Err(e) => {
            print_error(&e, color);
            e.exit_code()
        }
    };
    std::process::exit(code);
}

fn print_error(e: &HarnessError, color: bool) {
    let mut err = std::io::stderr().lock();
    if let HarnessError::Scenarios(list) = e {
        let _ = writeln!(err, "{}", list.render(color));
    }
    let label = if color {
        let s = AnsiColor::Red.on_default().bold();
        format!("{}error:{}", s.render(), s.render_reset())
    } else {
        "error:".into()
    };
    let _ = writeln!(err, "{label} {}", error_lines(e));
}

fn dispatch(command: Command, color: ColorChoice) -> Result<i32, HarnessError> {
    match command {
        Command::Run(args) => run_command(args, color.for_stdout()),
        Command::List(args) => list_command(&args),
        Command::Accept(args) => decide_command(&args, Decision::Accept),
        Command::Reject(args) => decide_command(&args, Decision::Reject),
        Command::Review(args) => review_command(&args, color.for_stderr()),
        Command::Init(args) => init_command(&args.dir),
        Command::New(args) => new_command(&args),
        Command::Scrape(args) => scrape_command(&args),
        Command::Compare(args) => compare_command(&args, color.for_stdout()),
        Command::Guard { .. } => unreachable!("handled before anything else starts"),
        Command::Schema => {
            // A closed pipe is a normal end (`harness schema | head`).
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                harness::scenario::SCHEMA.trim_end()
            );
            Ok(ExitCode::OK)
        }
    }
}

fn run_command(args: RunArgs, color: bool) -> Result<i32, HarnessError> {
    let base_url = args
        .base_url
        .as_deref()
        .map(|u| parse_http_url("--base-url", u).map(as_folder))
        .transpose()?;
    let remote = args
        .browser
        .webdriver
        .as_deref()
        .map(|u| parse_http_url("--webdriver", u))
        .transpose()?;
    let location = args.suite.locate()?;
    // Scenario files are checked before any browser or server starts.
    let suite = load_suite(
        &location.root,
        &LoadOptions {
            base_url: base_url.clone(),
        },
    )?;
    let (suite, whole_suite) = select(&args.select, &location, suite)?;
    let webdriver = match remote {
        Some(url) => WebDriverTarget::Remote(url),
        None => WebDriverTarget::Embedded(locate_browser(args.browser.kind)?),
    };
    let config = RunConfig {
        suite,
        store: SnapshotStore::new(&location.snapshots),
        update: args.snapshot_update(),
        webdriver,
        base_url,
        today: args.browser.today,
        browser: args.browser.kind,
        jobs: args
            .browser
            .jobs
            .map_or_else(RunConfig::default_jobs, usize::from),
        retries: args.retries,
        default_timeout: args.browser.timeout,
        screenshot_dir: args.screenshot_dir(),
        network: args.browser.network,
        block: args.browser.block.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| HarnessError::Runtime {
            what: "start the async runtime",
            source,
        })?;
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr()) && !harness::cli::ci_env();
    let stems: std::collections::BTreeSet<String> = config
        .suite
        .scenarios
        .iter()
        .map(|s| s.id.snapshot_stem())
        .collect();
    let store = config.store.clone();
    let may_write = config.update != harness::snapshot::SnapshotUpdate::Never;
    let mut reporter = HumanReporter::new(
        std::io::stdout(),
        Box::new(std::io::stderr()),
        color,
        location.root.display().to_string(),
    )
    .with_progress(progress)
    .verbose(args.verbose);
    let summary = runtime.block_on(run(config, |event| reporter.on_event(event)))?;
    reporter.summary(&summary);
    // Only a run of the whole suite knows which snapshots no scenario writes.
    let mut unreferenced_fails = false;
    if whole_suite && args.unreferenced != Unreferenced::Ignore {
        let files = store.list_unreferenced(&stems)?;
        let delete = args.unreferenced == Unreferenced::Delete && may_write;
        if delete {
            store.remove_files(&files)?;
        }
        unreferenced_fails = args.unreferenced == Unreferenced::Reject && !files.is_empty();
        reporter.unreferenced(&files, delete, unreferenced_fails);
    }
    write_reports(&args, &location, &summary)?;
    let failed =
        !summary.passed() || unreferenced_fails || (args.fail_on_flaky && summary.flaky() > 0);
    Ok(if failed {
        ExitCode::FAILED
    } else {
        ExitCode::OK
    })
}

fn write_reports(
    args: &RunArgs,
    location: &SuiteLocation,
    summary: &harness::report::RunSummary,
) -> Result<(), HarnessError> {
    let suite = location
        .root
        .canonicalize()
        .unwrap_or_else(|_| location.root.clone());
    let suite = suite
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenarios".into());
    let write = |kind: &'static str, path: &std::path::Path, text: String| {
        harness::snapshot::write_atomic(path, text)
            .map_err(|source| HarnessError::Report { kind, source })
    };
    if let Some(path) = &args.json {
        let report = harness::report::json_report(summary);
        write(
            "JSON",
            path,
            serde_json::to_string_pretty(&report).expect("the report serialises") + "\n",
        )?;
    }
    if let Some(path) = &args.junit {
        write(
            "JUnit",
            path,
            harness::report::junit_report(summary, &suite),
        )?;
    }
    if let Some(dir) = &args.html {
        write(
            "HTML",
            &dir.join("index.html"),
            harness::report::html_report(summary, &suite, &location.root.display().to_string()),
        )?;
    }
    Ok(())
}

fn init_command(dir: &std::path::Path) -> Result<i32, HarnessError> {
    let written = harness::init::scaffold(dir)?;
    let mut err = std::io::stderr().lock();
    for path in &written {
        let _ = writeln!(err, "{:>12} {}", "Created", path.display());
    }
    let suite = dir.join("scenarios");
    let suite = suite.display();
    let _ = writeln!(
        err,
        "{:>12} run `harness run {suite}` (the first run writes a pending snapshot), look at it, then `harness accept {suite}`",
        "Next"
    );
    Ok(ExitCode::OK)
}

fn list_command(args: &ListArgs) -> Result<i32, HarnessError> {
    // Listing needs no pages: they may live on a server named only at run time.
    let options = LoadOptions {
        base_url: Some(url::Url::parse("http://list.invalid/").expect("a valid URL")),
    };
    let location = args.suite.locate()?;
    let (suite, _) = select(
        &args.select,
        &location,
        load_suite(&location.root, &options)?,
    )?;
    let mut out = std::io::stdout().lock();
    for s in &suite.scenarios {
        // A closed pipe (`harness list | head`) is a normal end, as for any Unix tool.
        if writeln!(out, "{}", s.id).is_err() {
            return Ok(ExitCode::OK);
        }
    }
    Ok(ExitCode::OK)
}

fn decide_command(args: &PendingArgs, decision: Decision) -> Result<i32, HarnessError> {
    let (store, keep) = pending_selection(args)?;
    let (done, tally) = decide_all(&store, decision, &keep, &args.region)?;
    let mut err = std::io::stderr().lock();
    for d in &done {
        let _ = writeln!(
            err,
            "{:>12} {}",
            "",
            confirm(decision, &d.name, &d.sections)
        );
    }
    let verb = if decision == Decision::Accept {
        "accepted"
    } else {
        "rejected"
    };
    let count = if decision == Decision::Accept {
        tally.accepted
    } else {
        tally.rejected
    };
    let mut line = format!(
        "{:>12} {} {verb} in {}",
        "Done",
        plural(count, "snapshot", "snapshots"),
        store.dir().display()
    );
    if !args.region.is_empty() && tally.skipped > 0 {
        line.push_str(&format!(
            "; {} no change in {}",
            plural(tally.skipped, "snapshot has", "snapshots have"),
            args.region
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let _ = writeln!(err, "{line}");
    Ok(ExitCode::OK)
}

fn review_command(args: &PendingArgs, color: bool) -> Result<i32, HarnessError> {
    let (store, keep) = pending_selection(args)?;
    let mut out = std::io::stderr().lock();
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if terminal {
        let mut answers = KeyAnswers(console::Term::stderr());
        review(&store, &keep, &mut answers, &mut out, color)?;
    } else {
        let stdin = std::io::stdin();
        let mut answers = LineAnswers(stdin.lock());
        review(&store, &keep, &mut answers, &mut out, color)?;
    }
    Ok(ExitCode::OK)
}

/// Applies the path arguments, `--filter` and `--shard`; also says whether the whole suite
/// was taken (only then can snapshots be called unreferenced).
fn select(
    args: &SelectArgs,
    location: &SuiteLocation,
    mut suite: ScenarioList,
) -> Result<(ScenarioList, bool), HarnessError> {
    let selection = args.selection();
    let whole = selection.is_everything() && location.only.is_empty();
    suite.scenarios.retain(|s| location.includes(&s.path));
    let suite = selection.apply(suite);
    if suite.scenarios.is_empty() {
        let mut what = selection.describe();
        if !location.only.is_empty() {
            let paths: Vec<String> = location
                .only
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect();
            what = format!("{what} within {}", paths.join(", "));
        }
        return Err(HarnessError::NoMatch(what));
    }
    Ok((suite, whole))
}

/// The store of `accept`, `reject` and `review`, and which pending snapshots they take:
/// those of the named scenario files and folders that match a `--filter`.
fn pending_selection(args: &PendingArgs) -> Result<(SnapshotStore, PendingFilter), HarnessError> {
    let location = args.suite.locate()?;
    let prefixes: Vec<String> = location
        .only
        .iter()
        .map(|p| {
            let s = p.to_string_lossy().replace('\\', "/");
            s.strip_suffix(".toml")
                .map_or(format!("{s}/"), str::to_owned)
        })
        .collect();
    Ok((
        SnapshotStore::new(&location.snapshots),
        PendingFilter {
            filters: args.filter.clone(),
            paths: prefixes,
        },
    ))
}

/// A run that only reads pages: no snapshot is read or written (an empty store in a
/// temporary folder, CI mode), one session, nothing reported while it goes.
fn read_pages(
    browser: &harness::cli::BrowserArgs,
    suite: ScenarioList,
    base_url: Option<url::Url>,
) -> Result<harness::report::RunSummary, HarnessError> {
    let empty = tempfile::tempdir().map_err(|source| HarnessError::Runtime {
        what: "create a temporary folder",
        source,
    })?;
    let webdriver = match browser.webdriver.as_deref() {
        Some(u) => WebDriverTarget::Remote(parse_http_url("--webdriver", u)?),
        None => WebDriverTarget::Embedded(locate_browser(browser.kind)?),
    };
    let config = RunConfig {
        suite,
        store: SnapshotStore::new(empty.path().join("none")),
        update: harness::snapshot::SnapshotUpdate::Never,
        webdriver,
        base_url,
        today: browser.today,
        browser: browser.kind,
        jobs: browser.jobs.map_or(1, usize::from),
        retries: 0,
        default_timeout: browser.timeout,
        screenshot_dir: None,
        network: browser.network,
        block: browser.block.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| HarnessError::Runtime {
            what: "start the async runtime",
            source,
        })?;
    runtime.block_on(run(config, |_| {}))
}

/// The body a read produced, or why there is none.
fn read_body(r: &harness::report::ScenarioResult) -> Result<String, HarnessError> {
    match (&r.snapshot, &r.error) {
        (SnapshotOutcome::New { new, .. }, _) => Ok(new.clone()),
        (_, Some(e)) => Err(HarnessError::Usage(format!(
            "could not read {}: {e}",
            r.url
        ))),
        _ => Err(HarnessError::Usage(format!("could not read {}", r.url))),
    }
}

/// The suite for `new` and `scrape`, and the page as a scenario's `page` value: a URL as
/// it is, a path inside the suite relative to it (a path from the current folder that
/// lies inside the suite is made relative to it too).
fn page_in_suite(
    suite: Option<&std::path::Path>,
    page: &str,
) -> Result<(SuiteLocation, String), HarnessError> {
    let location = match suite {
        Some(dir) => {
            SuiteLocation::resolve(std::slice::from_ref(&dir.to_path_buf()), &current_dir()?)?
        }
        None => SuiteLocation::resolve(&[], &current_dir()?)?,
    };
    if page.starts_with("http://") || page.starts_with("https://") {
        return Ok((location, page.to_owned()));
    }
    let root = location
        .root
        .canonicalize()
        .map_err(|e| HarnessError::io(&location.root, e))?;
    let from_cwd = std::path::Path::new(page).canonicalize().ok();
    let rel = match from_cwd.as_ref().and_then(|p| p.strip_prefix(&root).ok()) {
        Some(rel) => rel.to_string_lossy().replace('\\', "/"),
        None => page.to_owned(),
    };
    if !root.join(&rel).is_file() {
        return Err(HarnessError::Usage(format!(
            "page `{page}` is not a file in the suite folder `{}` (looked for `{}`); give a path inside it, such as `pages/article.html`, or an http(s) URL",
            location.root.display(),
            root.join(&rel).display()
        )));
    }
    Ok((location, rel))
}

fn current_dir() -> Result<std::path::PathBuf, HarnessError> {
    std::env::current_dir().map_err(|source| HarnessError::Runtime {
        what: "read the current folder",
        source,
    })
}

/// The HTML of a page and of its same-site frames, for the candidates of `new` and `scrape`.
fn page_html(
    location: &SuiteLocation,
    page: &str,
) -> (String, Box<dyn Fn(&str) -> Option<String>>) {
    if page.starts_with("http") {
        let fetch = |u: &str| -> Option<String> {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async { reqwest::get(u).await.ok()?.text().await.ok() })
        };
        let html = fetch(page).unwrap_or_default();
        let base = url::Url::parse(page).ok();
        return (
            html,
            Box::new(move |src: &str| {
                let u = base.as_ref()?.join(src).ok()?;
                (u.origin() == base.as_ref()?.origin()).then_some(())?;
                fetch(u.as_str())
            }),
        );
    }
    let root = location.root.clone();
    let file = root.join(page);
    let html = std::fs::read(&file)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let dir = file
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    (
        html,
        Box::new(move |src: &str| {
            if src.contains("://") || src.starts_with("//") {
                return None;
            }
            let path = dir.join(src.split(['?', '#']).next().unwrap_or(src));
            std::fs::read(path)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        }),
    )
}

/// Parses a scenario written by the harness itself (the probe of `new` and `scrape`).
fn own_scenario(
    location: &SuiteLocation,
    name: &str,
    text: &str,
) -> Result<ScenarioList, HarnessError> {
    let scenario = harness::scenario::parse_str(
        &format!("{name}.toml"),
        text,
        harness::scenario::ScenarioId::named(name),
        &location.root,
        &LoadOptions::default(),
    )
    .map_err(|errors| {
        HarnessError::Usage(format!(
            "the harness wrote a scenario it cannot read ({}):\n{text}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    let mut scenario = scenario;
    scenario.path = location.root.join(format!("{name}.toml"));
    Ok(ScenarioList {
        root: location.root.clone(),
        scenarios: vec![scenario],
    })
}

fn new_command(args: &harness::cli::NewArgs) -> Result<i32, HarnessError> {
    let (location, page) = page_in_suite(args.suite.as_deref(), &args.page)?;
    let name = match &args.name {
        Some(n) => n.clone(),
        None => std::path::Path::new(page.split(['?', '#']).next().unwrap_or(&page))
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "page".into()),
    };
    let target = location.root.join(format!("{name}.toml"));
    if target.exists() {
        return Err(HarnessError::Usage(format!(
            "`{}` exists already; choose another name with `--name`, or remove it",
            target.display()
        )));
    }
    let (html, frames) = page_html(&location, &page);
    let candidates = harness::author::candidates(&html, &*frames);
    let probe = harness::author::probe_scenario(&page, &candidates);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{:>12} {page} twice, to see what it shows and what changes",
        "Reading"
    );
    let mut bodies = Vec::new();
    for _ in 0..2 {
        let summary = read_pages(&args.browser, own_scenario(&location, &name, &probe)?, None)?;
        bodies.push(read_body(&summary.results[0])?);
    }
    let text = harness::author::propose(&page, &candidates, &bodies[0], &bodies[1]);
    // The proposal must be a scenario the harness reads, before it is written.
    own_scenario(&location, &name, &text)?;
    harness::snapshot::write_atomic(&target, &text)?;
    let _ = writeln!(err, "{:>12} {}", "Created", target.display());
    let file = target.display();
    let _ = writeln!(
        err,
        "{:>12} read it, then `harness run {file}` (the first run writes a pending snapshot) and `harness accept {file}`",
        "Next"
    );
    Ok(ExitCode::OK)
}

fn scrape_command(args: &harness::cli::ScrapeArgs) -> Result<i32, HarnessError> {
    let (location, page) = page_in_suite(args.suite.as_deref(), &args.page)?;
    let (html, frames) = page_html(&location, &page);
    let candidates = harness::author::candidates(&html, &*frames);
    let mut probe = harness::author::probe_scenario(&page, &candidates);
    // The whole page and the selector are read as regions of their own.
    let regions = "[regions]\n";
    let mut extra = String::from("page = \"body\"\n");
    if let Some(sel) = &args.selector {
        extra.push_str(&format!(
            "selector = {}\n",
            toml::Value::String(sel.clone())
        ));
    }
    probe = probe.replacen(regions, &format!("{regions}{extra}"), 1);
    let summary = read_pages(
        &args.browser,
        own_scenario(&location, "scrape", &probe)?,
        None,
    )?;
    let result = &summary.results[0];
    let body = read_body(result)?;
    let report =
        harness::author::scrape_report(&page, &body, &result.notes, args.selector.as_deref());
    let mut out = std::io::stdout().lock();
    let text = if args.json {
        serde_json::to_string_pretty(&report).expect("the report serialises") + "\n"
    } else {
        report.render()
    };
    let _ = out.write_all(text.as_bytes());
    Ok(ExitCode::OK)
}

fn compare_command(args: &harness::cli::CompareArgs, color: bool) -> Result<i32, HarnessError> {
    let first = as_folder(parse_http_url("--base-url", &args.base_url)?);
    let second = as_folder(parse_http_url("--against", &args.against)?);
    let location = args.suite.locate()?;
    let options = LoadOptions {
        base_url: Some(first.clone()),
    };
    let (suite, _) = select(
        &args.select,
        &location,
        load_suite(&location.root, &options)?,
    )?;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{:>12} {} on {first} and on {second}",
        "Comparing",
        plural(suite.scenarios.len(), "scenario", "scenarios")
    );
    drop(err);
    let a = read_pages(&args.browser, suite.clone(), Some(first.clone()))?;
    let b = read_pages(&args.browser, suite, Some(second.clone()))?;
    let comparison = harness::report::compare_results(&a.results, &b.results);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(
        comparison
            .render(first.as_str(), second.as_str(), color)
            .as_bytes(),
    );
    Ok(if comparison.same() {
        ExitCode::OK
    } else {
        ExitCode::FAILED
    })
}
