//! The `harness` binary: parse arguments, load scenarios (no async, no browser), build the
//! runtime, run, and map the outcome to a documented exit code.

use std::io::Write;

use anstyle::AnsiColor;
use clap::Parser;

use harness::browser::locate_browser;
use harness::cli::{as_folder, parse_http_url, Cli, Command, ListArgs, PendingArgs, RunArgs};
use harness::error::{ExitCode, HarnessError};
use harness::report::{error_lines, plural, HumanReporter};
use harness::review::{decide_all, review, Decision};
use harness::run::{run, RunConfig, WebDriverTarget};
use harness::scenario::{load_suite, LoadOptions};
use harness::snapshot::SnapshotStore;

fn main() {
    let cli = Cli::parse();
    if let Command::Guard { pgid } = cli.command {
        std::process::exit(harness::browser::run_guard(pgid));
    }
    if let Ok(exe) = std::env::current_exe() {
        harness::browser::set_guard_program(exe);
    }
    let color = cli.color.for_stderr();
    let code = match dispatch(cli.command, color) {
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

fn dispatch(command: Command, color: bool) -> Result<i32, HarnessError> {
    match command {
        Command::Run(args) => run_command(args, color),
        Command::List(args) => list_command(&args),
        Command::Accept(args) => decide_command(&args, Decision::Accept),
        Command::Reject(args) => decide_command(&args, Decision::Reject),
        Command::Review(args) => review_command(&args, color),
        Command::Init(args) => init_command(&args.dir),
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
        .webdriver
        .as_deref()
        .map(|u| parse_http_url("--webdriver", u))
        .transpose()?;
    // Scenario files are checked before any browser or server starts.
    let suite = load_suite(
        &args.suite.suite,
        &LoadOptions {
            base_url: base_url.clone(),
        },
    )?;
    let selection = args.select.selection();
    let suite = selection.apply(suite);
    if suite.scenarios.is_empty() {
        return Err(HarnessError::NoMatch(selection.describe()));
    }
    let webdriver = match remote {
        Some(url) => WebDriverTarget::Remote(url),
        None => WebDriverTarget::Embedded(locate_browser(args.browser)?),
    };
    let config = RunConfig {
        suite,
        store: SnapshotStore::new(args.suite.snapshot_dir()),
        update: args.snapshot_update(),
        webdriver,
        base_url,
        today: args.today,
        browser: args.browser,
        jobs: args.jobs.map_or_else(RunConfig::default_jobs, usize::from),
        retries: args.retries,
        default_timeout: args.timeout,
        screenshot_dir: args.screenshot_dir(),
        network: args.network,
        block: args.block.clone(),
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
    let mut reporter = HumanReporter::new(
        std::io::stderr(),
        color,
        args.suite.suite.display().to_string(),
    )
    .with_progress(progress);
    let summary = runtime.block_on(run(config, |event| reporter.on_event(event)))?;
    reporter.summary(&summary);
    write_reports(&args, &summary)?;
    let failed = !summary.passed() || (args.fail_on_flaky && summary.flaky() > 0);
    Ok(if failed {
        ExitCode::FAILED
    } else {
        ExitCode::OK
    })
}

fn write_reports(
    args: &RunArgs,
    summary: &harness::report::RunSummary,
) -> Result<(), HarnessError> {
    let suite = args
        .suite
        .suite
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
            harness::report::html_report(summary, &suite),
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
    let selection = args.select.selection();
    let suite = selection.apply(load_suite(&args.suite.suite, &options)?);
    if suite.scenarios.is_empty() {
        return Err(HarnessError::NoMatch(selection.describe()));
    }
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
    let store = SnapshotStore::new(args.suite.snapshot_dir());
    let (pending, tally) = decide_all(&store, decision, args.filter.as_deref())?;
    let mut err = std::io::stderr().lock();
    let verb = if decision == Decision::Accept {
        "accepted"
    } else {
        "rejected"
    };
    for p in &pending {
        let _ = writeln!(err, "{verb:>12} {}", p.name);
    }
    let _ = writeln!(
        err,
        "{:>12} {} in {}",
        "Done",
        plural(tally.accepted + tally.rejected, "snapshot", "snapshots") + " " + verb,
        store.dir().display()
    );
    Ok(ExitCode::OK)
}

fn review_command(args: &PendingArgs, color: bool) -> Result<i32, HarnessError> {
    let store = SnapshotStore::new(args.suite.snapshot_dir());
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stderr().lock();
    review(&store, args.filter.as_deref(), &mut input, &mut out, color)?;
    Ok(ExitCode::OK)
}
