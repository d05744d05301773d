//! Dispatch: the work queue shared by the workers, one worker per pool slot, and delivery
//! of results in scenario order whatever order they finish in.

use url::Url;

use super::attempt::attempt;
use super::RunConfig;
use crate::browser::Profile;
use crate::browser::{SessionPool, Slot};
use crate::error::HarnessError;
use crate::probe::LinkChecker;
use crate::report::{RunEvent, ScenarioResult};
use crate::scenario::{Scenario, Viewport};

/// One scenario to run: its place in the suite, and what its session must be opened with.
type Job<'a> = (usize, &'a Scenario, Profile);

/// The scenarios still to run, shared by the workers; each takes the next one when free,
/// preferring one its open session can serve (the same profile: network policy, locale).
struct Queue<'a> {
    next: std::sync::Mutex<std::collections::VecDeque<Job<'a>>>,
    /// Set when a worker hits an error that ends the run, so the others stop taking work.
    stop: std::sync::atomic::AtomicBool,
}

impl<'a> Queue<'a> {
    /// The next scenario for a slot whose session has the `open` profile and `at` window
    /// size: the first with both the same (no new session, no resize), else the first with
    /// the same profile, else the first.
    fn take(&self, open: Option<&Profile>, at: Option<Viewport>) -> Option<Job<'a>> {
        if self.stop.load(std::sync::atomic::Ordering::SeqCst) {
            return None;
        }
        let mut next = self.next.lock().ok()?;
        let same_profile = |q: &Profile| open.is_some_and(|p| p == q);
        let best = next
            .iter()
            .position(|(_, s, q)| same_profile(q) && Some(s.viewport) == at)
            .or_else(|| next.iter().position(|(_, _, q)| same_profile(q)));
        next.remove(best.unwrap_or(0))
    }

    fn is_empty(&self) -> bool {
        self.next.lock().map(|q| q.is_empty()).unwrap_or(true)
    }
}

pub(super) async fn run_all(
    config: &RunConfig,
    base: Option<&Url>,
    pool: &SessionPool,
    links: &LinkChecker,
    results: &mut Vec<ScenarioResult>,
    on_event: &mut impl FnMut(RunEvent<'_>),
) -> Result<(), HarnessError> {
    let queue = Queue {
        next: std::sync::Mutex::new(
            config
                .suite
                .scenarios
                .iter()
                .enumerate()
                .map(|(i, s)| (i, s, config.profile(s, base)))
                .collect(),
        ),
        stop: std::sync::atomic::AtomicBool::new(false),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, ScenarioResult)>();
    let workers = futures::future::join_all(pool.slots.iter().map(|slot| {
        let tx = tx.clone();
        let queue = &queue;
        async move {
            let mut slot = slot.lock().await;
            let outcome = work(config, base, pool, &mut slot, links, queue, &tx).await;
            if outcome.is_err() {
                queue.stop.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            outcome
        }
    }));
    drop(tx);

    // Results arrive in the order they finish; they are reported in scenario order.
    let report = async {
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        while let Some((index, result)) = rx.recv().await {
            waiting.insert(index, result);
            while let Some(mut result) = waiting.remove(&next) {
                let reporting = std::time::Instant::now();
                on_event(RunEvent::Finished(&result));
                result.stages.reporting = reporting.elapsed();
                results.push(result);
                next += 1;
            }
        }
        // After an error that ended the run, whatever finished is still reported.
        for (_, result) in std::mem::take(&mut waiting) {
            on_event(RunEvent::Finished(&result));
            results.push(result);
        }
    };
    let (outcomes, ()) = tokio::join!(workers, report);
    outcomes.into_iter().find(Result::is_err).unwrap_or(Ok(()))
}

/// One worker: takes scenarios until none is left, on the session of its slot.
async fn work<'a>(
    config: &RunConfig,
    base: Option<&Url>,
    pool: &SessionPool,
    slot: &mut Slot,
    links: &LinkChecker,
    queue: &Queue<'a>,
    tx: &tokio::sync::mpsc::UnboundedSender<(usize, ScenarioResult)>,
) -> Result<(), HarnessError> {
    while let Some((index, scenario, profile)) = queue.take(slot.profile(), slot.viewport()) {
        let mut attempts = 0;
        let mut failures = Vec::new();
        let mut result = loop {
            attempts += 1;
            let result = attempt(config, base, pool, slot, links, scenario, &profile).await?;
            if result.passed() || attempts > config.retries {
                break result;
            }
            failures.push(result.failure_summary());
        };
        result.attempts = attempts;
        result.earlier_failures = failures;
        // The next scenario on this session must not see this one's cookies. Readable ones
        // were expired by the page script; the rest go over the browser's own protocol, or
        // cost this scenario a WebDriver round-trip where the session has no such channel.
        if result.cookies_to_delete && !slot.stale && !queue.is_empty() {
            let trips_before = slot.round_trips();
            if let Ok(session) = pool.session(slot, &profile).await {
                if session.forget_cookies().await.is_err() {
                    pool.discard(slot).await;
                }
            }
            result.round_trips += slot.round_trips().saturating_sub(trips_before);
        }
        if tx.send((index, result)).is_err() {
            break;
        }
    }
    Ok(())
}
