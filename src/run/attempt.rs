//! One scenario's pipeline, within its timeout: load and read the page (probe), exercise
//! the player, request link targets, judge (check), compare the snapshot, and take
//! screenshots of what failed. A lost session or a timeout is turned into the scenario's
//! error here, and the session is replaced before the slot's next use.

use std::time::{Duration, Instant};

use url::Url;

use super::{page_url, RunConfig};
use crate::browser::Profile;
use crate::browser::{BrowserError, Session, SessionPool, Slot};
use crate::check::{evaluate, resolve_links, CheckContext, CheckOutcome, CheckSubject};
use crate::error::HarnessError;
use crate::probe::{exercise, observe, LinkChecker, ProbeError};
use crate::report::{ScenarioResult, Screenshot, Stages};
use crate::scenario::{PageTarget, Scenario};
use crate::snapshot::{compare_snapshot, snapshot_body, snapshot_header, Provenance};

/// One attempt at a scenario, within its timeout. A session that is lost, or left mid-command
/// by the timeout, is discarded; the next attempt or scenario gets a new one.
pub(super) async fn attempt(
    config: &RunConfig,
    base: Option<&Url>,
    pool: &SessionPool,
    slot: &mut Slot,
    links: &LinkChecker,
    scenario: &Scenario,
    profile: &Profile,
) -> Result<ScenarioResult, HarnessError> {
    let timeout = config.scenario_timeout(scenario);
    // Opening a session is the pool's cost, not the scenario's: time and count after it.
    // A lost browser is replaced here; only one that cannot be started again ends the run.
    pool.session(slot, profile).await?;
    let start = Instant::now();
    let trips_before = slot.round_trips();
    let session = pool.session(slot, profile).await?;
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
        let left = match pool.session(slot, profile).await {
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
    // Every other viewport first, each a fresh load at its size (regions and layout only);
    // then the first, where the checks and the player's behaviour run.
    let mut others = Vec::new();
    for at in scenario.viewports.iter().skip(1) {
        match observe(session, scenario, &url, at.size).await {
            Ok(obs) if obs.ready => {
                result.stages.add(&read_stages(&obs));
                others.push((at.clone(), obs));
            }
            Ok(obs) => {
                let pending: Vec<String> = obs.pending.iter().map(ToString::to_string).collect();
                result.error = Some(format!(
                    "at viewport `{}` the page was not ready: {}",
                    at.name,
                    pending.join("; ")
                ));
                return Ok(result);
            }
            Err(e) => {
                result.error = Some(format!(
                    "at viewport `{}`: {}",
                    at.name,
                    crate::error::error_chain(&e)
                ));
                lost(scenario, e)?;
                return Ok(result);
            }
        }
    }
    match observe(session, scenario, &url, scenario.viewport).await {
        Ok(obs) => {
            result.stages.add(&read_stages(&obs));
            let checks_started = Instant::now();
            result.final_url = Some(obs.url.clone());
            for text in &obs.dialogs {
                result.notes.push(format!(
                    "the page opened a dialog, which the browser dismissed: `{text}`"
                ));
            }
            result.notes.extend(page_and_widget_notes(scenario, &obs));
            result.stories = obs
                .widgets
                .stories
                .as_ref()
                .filter(|s| s.found)
                .map(|s| crate::widget::stories::count(s, &obs.url));
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
            // With a report, a scenario that fails already as read (its text differs, a check
            // other than the player's behaviour fails) is shot now, before its player is
            // exercised: the screenshot shows the page the snapshot was taken from. One that
            // fails only on behaviour is shot afterwards; one that passes costs nothing more.
            let mut before_exercise = None;
            if let Some(spec) = scenario.widgets.exercised_player() {
                if obs.ready && obs.widgets.player.as_ref().is_some_and(|p| p.found) {
                    if config.screenshot_dir.is_some()
                        && fails_as_read(config, scenario, &obs, &others, session)
                    {
                        before_exercise = session.full_page_screenshot().await.ok();
                    }
                    match exercise(session, spec, url.as_str()).await {
                        Ok(b) => behaviour = Some(b),
                        Err(e) => {
                            result.error = Some(crate::error::error_chain(&e));
                            lost(scenario, e)?;
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
                system_today: Some(obs.readers_today()),
                behaviour: behaviour.as_ref(),
                link_status: link_status.as_ref(),
                policy: Some(session.policy()),
            };
            result.checks = evaluate(scenario, &obs, &ctx);
            result.stages.checks = checks_started.elapsed();
            // An error page or an HTTP error is not the page: its text is no snapshot.
            let page_loaded = !result.checks.iter().any(|c| c.fails(&CheckSubject::Page));
            if obs.ready && page_loaded {
                let normalising = Instant::now();
                let body = snapshot_body(scenario, &obs, &others, session.browser());
                result.stages.normalisation = normalising.elapsed();
                let final_url = match base.filter(|_| config.base_url.is_none()) {
                    Some(b) if obs.url.starts_with(b.as_str()) => {
                        format!("suite:{}", &obs.url[b.as_str().len()..])
                    }
                    _ => obs.url.clone(),
                };
                let provenance = Provenance {
                    browser: session.browser(),
                    final_url,
                    consent: obs.consent.clone(),
                };
                let failed: Vec<String> = result
                    .checks
                    .iter()
                    .filter_map(|c| match c {
                        crate::check::CheckOutcome::Fail {
                            check,
                            expected,
                            found,
                        } => Some(format!("{check}: expected {expected}; found {found}")),
                        crate::check::CheckOutcome::Pass { .. } => None,
                    })
                    .collect();
                // A reviewer sees the checks that failed beside the diff.
                let header = || {
                    let mut h = snapshot_header(&config.suite.root, scenario, &provenance);
                    if !failed.is_empty() {
                        h.info.push(("failed_checks".into(), failed.join("\n")));
                    }
                    h
                };
                let comparing = Instant::now();
                match compare_snapshot(&config.store, config.update, &scenario.id, &body, header) {
                    Ok(outcome) => result.snapshot = outcome,
                    Err(e) => result.error = Some(crate::error::error_chain(&e)),
                }
                result.stages.comparison = comparing.elapsed();
            }
            if !result.passed() {
                if let Some(dir) = &config.screenshot_dir {
                    result.screenshots =
                        take_screenshots(session, scenario, &result.checks, dir, before_exercise)
                            .await;
                }
            }
        }
        Err(e) => {
            result.error = Some(crate::error::error_chain(&e));
            lost(scenario, e)?;
        }
    }
    Ok(result)
}

/// The navigation and extraction stages of one read of the page.
fn read_stages(obs: &crate::probe::Observation) -> Stages {
    let mut stages = Stages {
        navigation: obs.navigation_time,
        ..Stages::default()
    };
    stages.split_extraction(obs.extraction_time, obs.waited_ms, obs.read_ms);
    stages
}

/// A probe error that means the session is gone becomes [`BrowserError::Lost`], so that the
/// pool replaces the session; any other stays the scenario's own error.
fn lost(scenario: &Scenario, e: ProbeError) -> Result<(), BrowserError> {
    match e.into_session_lost() {
        Some(source) => Err(BrowserError::Lost {
            scenario: scenario.id.to_string(),
            source,
        }),
        None => Ok(()),
    }
}

/// Saves a PNG of the page and of every widget with a failed check. Screenshots are a help
/// for the reader, never a verdict: one that cannot be taken is left out.
/// Whether a scenario fails whatever its player's behaviour: its snapshot differs or is new
/// (and not accepted), or a check fails that does not depend on the behaviour or on the
/// story links' answers.
fn fails_as_read(
    config: &RunConfig,
    scenario: &Scenario,
    obs: &crate::probe::Observation,
    others: &[(crate::scenario::NamedViewport, crate::probe::Observation)],
    session: &Session,
) -> bool {
    let ctx = CheckContext {
        today: config.today,
        system_today: Some(obs.readers_today()),
        behaviour: None,
        link_status: None,
        policy: Some(session.policy()),
    };
    let independent = |c: &CheckOutcome| {
        let check = c.check();
        let behaviour = matches!(check.subject, CheckSubject::Player(_))
            && check.part.as_deref() == Some("behaviour");
        !behaviour && !matches!(check.subject, CheckSubject::Stories(_))
    };
    if evaluate(scenario, obs, &ctx)
        .iter()
        .any(|c| c.is_fail() && independent(c))
    {
        return true;
    }
    let body = snapshot_body(scenario, obs, others, session.browser());
    crate::snapshot::would_fail(&config.store, config.update, &scenario.id, &body)
}

async fn take_screenshots(
    session: &mut Session,
    scenario: &Scenario,
    checks: &[CheckOutcome],
    dir: &std::path::Path,
    page: Option<Vec<u8>>,
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
    // The whole page, as it was read (taken earlier when a player was exercised since).
    let page = match page {
        Some(png) => Some(png),
        None => session.full_page_screenshot().await.ok(),
    };
    if let Some(png) = page {
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

/// What a reader of the result should know beside the checks: the page's own diagnostics
/// (files that failed to load, a hidden body), a widget root that matched several elements,
/// and story bounds written under their former names.
fn page_and_widget_notes(scenario: &Scenario, obs: &crate::probe::Observation) -> Vec<String> {
    let mut notes = crate::check::page::diagnostics_notes(&obs.page);
    let (specs, seen) = (&scenario.widgets, &obs.widgets);
    let read_first = [
        (
            "player",
            specs.player.as_ref().map(|s| &s.root),
            seen.player.as_ref().map(|p| p.matches),
        ),
        (
            "comments",
            specs.comments.as_ref().map(|s| &s.root),
            seen.comments.as_ref().map(|c| c.matches),
        ),
    ];
    for (table, root, matches) in read_first {
        if let (Some(root), Some(n)) = (root, matches.filter(|&n| n > 1)) {
            notes.push(format!(
                "`[{table}] root` `{root}` matches {n} elements; the first in page order is checked (a selector that matches one names the one you mean)"
            ));
        }
    }
    if specs.stories.as_ref().is_some_and(|s| s.bounds_named_links) {
        notes.push(
            "`[stories]` `min_links`/`max_links` count stories (a card's image, title and \"more\" links are one story): they are now called `min_stories`/`max_stories`".to_owned(),
        );
    }
    notes
}
