//! Checks decide; they never talk to the browser. The main function here is [`evaluate`],
//! which turns a scenario, what the page showed and what the behaviour and link probes saw
//! into [`CheckOutcome`]s. Every function here is pure, so checks are table-tested without a
//! browser.

mod comments;
mod page;
mod player;
mod stories;

use std::collections::HashMap;

use chrono::NaiveDate;
use url::Url;

use crate::probe::{BehaviourObservation, Observation};
use crate::scenario::Scenario;

pub use comments::{parse_publication_date, CommentsVerdict};
pub use stories::{resolve_links, LinkStatus, ResolvedLink};

/// The verdict of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// The check held.
    Pass {
        /// What was checked.
        check: String,
    },
    /// The check failed.
    Fail {
        /// What was checked: the widget, its selector and the part (`player \`#player\`:
        /// control \`forward_10\``).
        check: String,
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },
}

impl CheckOutcome {
    /// Whether the check failed.
    pub fn is_fail(&self) -> bool {
        matches!(self, CheckOutcome::Fail { .. })
    }

    /// The check's name.
    pub fn check(&self) -> &str {
        match self {
            CheckOutcome::Pass { check } | CheckOutcome::Fail { check, .. } => check,
        }
    }

    pub(crate) fn pass(check: impl Into<String>) -> Self {
        CheckOutcome::Pass {
            check: check.into(),
        }
    }

    pub(crate) fn fail(
        check: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        CheckOutcome::Fail {
            check: check.into(),
            expected: expected.into(),
            found: found.into(),
        }
    }
}

/// What the checks need beyond the page's observation.
#[derive(Debug, Default, Clone)]
pub struct CheckContext<'a> {
    /// The reference date from `--today`, which wins over the scenario's.
    pub today: Option<NaiveDate>,
    /// The real date, used when neither `--today` nor the scenario fixes one.
    pub system_today: Option<NaiveDate>,
    /// What the player's media element did, when behaviour was exercised.
    pub behaviour: Option<&'a BehaviourObservation>,
    /// Status of requested link targets, by URL.
    pub link_status: Option<&'a HashMap<Url, LinkStatus>>,
    /// The hosts the page could reach.
    pub policy: Option<&'a crate::network::NetworkPolicy>,
}

/// Judges everything a scenario asks for.
pub fn evaluate(
    scenario: &Scenario,
    obs: &Observation,
    ctx: &CheckContext<'_>,
) -> Vec<CheckOutcome> {
    let mut out = page::evaluate(scenario, obs, ctx.policy);
    // The browser's error page instead of the page: one verdict says so, nothing follows.
    if obs.is_error_page() {
        return out;
    }
    if let (Some(spec), Some(seen)) = (&scenario.widgets.player, &obs.widgets.player) {
        out.extend(player::evaluate(spec, seen, ctx.behaviour));
    }
    if let (Some(spec), Some(seen)) = (&scenario.widgets.comments, &obs.widgets.comments) {
        let today = ctx.today.or(spec.today).or(ctx.system_today);
        out.extend(comments::evaluate(spec, seen, today).outcomes);
    }
    if let (Some(spec), Some(seen)) = (&scenario.widgets.stories, &obs.widgets.stories) {
        out.extend(stories::evaluate(spec, seen, &obs.url, ctx.link_status));
    }
    out
}
