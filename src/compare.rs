//! `harness compare`: every selected scenario's page read from two servers and diffed
//! section by section, with no snapshot read or written — staging against production.

use std::io::Write;

use crate::cli::{as_folder, parse_http_url, CompareArgs};
use crate::error::{ExitCode, HarnessError};
use crate::report::{compare_results, plural};
use crate::run::read_pages;
use crate::scenario::{load_suite, LoadOptions};

/// Runs `harness compare`: exit 0 when every page is the same on both servers, 1 when one
/// differs or cannot be read on one of them.
///
/// # Errors
///
/// Bad URLs or scenario files, no browser, Ctrl-C.
pub fn compare(args: &CompareArgs, color: bool) -> Result<i32, HarnessError> {
    let first = as_folder(parse_http_url("--base-url", &args.base_url)?);
    let second = as_folder(parse_http_url("--against", &args.against)?);
    let location = args.suite.locate()?;
    let options = LoadOptions {
        base_url: Some(first.clone()),
    };
    let (suite, _) = location.select(
        &args.select.selection(),
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
    let comparison = compare_results(&a.results, &b.results);
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
