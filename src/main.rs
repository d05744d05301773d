//! The `harness` binary: parse arguments, load scenarios (no async, no browser), build the
//! runtime, run, and map the outcome to a documented exit code.

use std::io::{IsTerminal, Write};

use anstyle::AnsiColor;
use clap::Parser;

use harness::cli::{as_folder, parse_http_url, Cli, Command, ListArgs, PendingArgs, RunArgs};
use harness::cli::{ColorChoice, Unreferenced};
use harness::error::{ExitCode, HarnessError};
use harness::report::{error_lines, plural, HumanReporter};
use harness::review::{
    confirm, decide_all, review, Decision, KeyAnswers, LineAnswers, PendingFilter,
};
use harness::run::{run, RunConfig};
use harness::scenario::{load_suite, LoadOptions};
use harness::snapshot::SnapshotStore;
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
        Command::New(args) => harness::author::new_scenario(&args),
        Command::Scrape(args) => harness::author::scrape(&args),
        Command::Compare(args) => harness::compare::compare(&args, color.for_stdout()),
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
    // A bad endpoint URL is said before the scenario files are read.
    if let Some(u) = args.browser.webdriver.as_deref() {
        parse_http_url("--webdriver", u)?;
    }
    let location = args.suite.locate()?;
    // Scenario files are checked before any browser or server starts.
    let suite = load_suite(
        &location.root,
        &LoadOptions {
            base_url: base_url.clone(),
        },
    )?;
    let (suite, whole_suite) = location.select(&args.select.selection(), suite)?;
    let mut config = RunConfig::with_browser(
        suite,
        SnapshotStore::new(&location.snapshots),
        args.snapshot_update(),
        base_url,
        &args.browser,
        RunConfig::default_jobs(),
    )?;
    config.retries = args.retries;
    config.screenshot_dir = args.screenshot_dir();
    let runtime = harness::run::runtime()?;
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
    let (suite, _) = location.select(
        &args.select.selection(),
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
