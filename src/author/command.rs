//! `harness new` and `harness scrape`: find the suite and the page, read it in the browser
//! with the candidates as a scenario, and write the proposal or print what was seen.

use std::io::Write;

use crate::cli::{NewArgs, ScrapeArgs};
use crate::error::{ExitCode, HarnessError};
use crate::run::{read_body, read_pages};
use crate::scenario::{LoadOptions, ScenarioList};
use crate::suite::SuiteLocation;

/// Reads the HTML of a frame's `src` when it is on the page's own site.
type FrameReader = Box<dyn Fn(&str) -> Option<String>>;

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
fn page_html(location: &SuiteLocation, page: &str) -> (String, FrameReader) {
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
    let scenario = crate::scenario::parse_str(
        &format!("{name}.toml"),
        text,
        crate::scenario::ScenarioId::named(name),
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

/// What the story check counted in the settled reads: the fewer stories of them (a read that
/// saw a late teaser more would make a bound the page does not always meet), and the hosts
/// their links lead to besides the page's own.
fn settled_stories(
    results: &[crate::report::ScenarioResult],
) -> Option<crate::widget::stories::StoryCount> {
    let mut out: Option<crate::widget::stories::StoryCount> = None;
    for r in results {
        let count = r.stories.as_ref()?;
        let own = r
            .final_url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        let hosts = count.hosts.iter().filter(|h| Some(*h) != own.as_ref());
        let merged = out.get_or_insert_with(|| crate::widget::stories::StoryCount {
            stories: count.stories,
            hosts: Vec::new(),
        });
        merged.stories = merged.stories.min(count.stories);
        for h in hosts {
            if !merged.hosts.contains(h) {
                merged.hosts.push(h.clone());
            }
        }
    }
    out
}

/// Tries the proposed player's controls on the real media element (one more read, only for a
/// page with a player): when play, pause, the jumps and the speed control all do what they
/// say, the scenario gets `behaviour = true`, so a dead button fails it later; otherwise a
/// comment says what did not work.
fn with_behaviour_when_it_works(
    args: &NewArgs,
    location: &SuiteLocation,
    name: &str,
    text: String,
) -> Result<String, HarnessError> {
    let Some(trial) = crate::author::with_behaviour(&text) else {
        return Ok(text);
    };
    let scenario = own_scenario(location, &format!("{name}-behaviour"), &trial)?;
    let summary = read_pages(&args.browser, scenario, None)?;
    let failed: Vec<String> = summary
        .results
        .iter()
        .flat_map(|r| &r.checks)
        .filter_map(|c| match c {
            crate::check::CheckOutcome::Fail { check, found, .. }
                if matches!(check.subject, crate::check::CheckSubject::Player(_)) =>
            {
                Some(format!(
                    "{}: {found}",
                    check.part.as_deref().unwrap_or("player")
                ))
            }
            _ => None,
        })
        .collect();
    let error = summary.results.iter().find_map(|r| r.error.clone());
    Ok(match (failed.is_empty(), error) {
        (true, None) => trial,
        (_, error) => crate::author::behaviour_not_kept(
            &text,
            &failed.into_iter().chain(error).collect::<Vec<_>>(),
        ),
    })
}

pub fn new_scenario(args: &NewArgs) -> Result<i32, HarnessError> {
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
    let started = std::time::Instant::now();
    let (html, frames) = page_html(&location, &page);
    let candidates = crate::author::candidates(&html, &*frames);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{:>12} {page} three times, to see what it shows, what changes and when it is ready",
        "Reading"
    );
    // One run, one browser: the page as it loads, then twice once its text has settled.
    let mut reads = own_scenario(
        &location,
        &format!("{name}-1"),
        &crate::author::probe_scenario(&page, &candidates, false),
    )?;
    for n in 2..=3 {
        let settled = own_scenario(
            &location,
            &format!("{name}-{n}"),
            &crate::author::probe_scenario(&page, &candidates, true),
        )?;
        reads.scenarios.extend(settled.scenarios);
    }
    let summary = read_pages(&args.browser, reads, None)?;
    let bodies = summary
        .results
        .iter()
        .map(read_body)
        .collect::<Result<Vec<_>, _>>()?;
    let text = crate::author::propose(
        &page,
        &candidates,
        crate::author::Reads {
            as_loaded: &bodies[0],
            first: &bodies[1],
            second: &bodies[2],
            stories: settled_stories(&summary.results[1..]),
        },
    );
    let text = with_behaviour_when_it_works(args, &location, &name, text)?;
    // The proposal must be a scenario the harness reads, before it is written.
    own_scenario(&location, &name, &text)?;
    crate::snapshot::write_atomic(&target, &text)?;
    let _ = writeln!(err, "{:>12} {}", "Created", target.display());
    for line in crate::author::summary(&candidates, &text) {
        let _ = writeln!(err, "{:>12} {line}", "");
    }
    let _ = writeln!(
        err,
        "{:>12} {:.1} s (three reads of the page, and one of its player's controls when it has one)",
        "Took",
        started.elapsed().as_secs_f64()
    );
    let file = target.display();
    let _ = writeln!(
        err,
        "{:>12} read it, then `harness run {file}` (the first run writes a pending snapshot) and `harness accept {file}`",
        "Next"
    );
    Ok(ExitCode::OK)
}

pub fn scrape(args: &ScrapeArgs) -> Result<i32, HarnessError> {
    let (location, page) = page_in_suite(args.suite.as_deref(), &args.page)?;
    let (html, frames) = page_html(&location, &page);
    let candidates = crate::author::candidates(&html, &*frames);
    let mut probe = crate::author::probe_scenario(&page, &candidates, true);
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
        crate::author::scrape_report(&page, &body, &result.notes, args.selector.as_deref());
    let mut out = std::io::stdout().lock();
    let text = if args.json {
        serde_json::to_string_pretty(&report).expect("the report serialises") + "\n"
    } else {
        report.render()
    };
    let _ = out.write_all(text.as_bytes());
    Ok(ExitCode::OK)
}
