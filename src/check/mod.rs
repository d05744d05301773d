//! Checks decide; they never talk to the browser. The main function here is [`evaluate`],
//! which turns a scenario, what the page showed and what the behaviour and link probes saw
//! into [`CheckOutcome`]s. Every function here is pure, so checks are table-tested without a
//! browser. Each widget's checks live in its folder under `crate::widget`; this module
//! holds what they share (the outcome types) and the page's own checks.

pub mod page;

use std::collections::HashMap;

use chrono::NaiveDate;
use url::Url;

use crate::probe::{BehaviourObservation, LinkStatus, Observation};
use crate::scenario::Scenario;

pub use crate::widget::comments::CommentsVerdict;
pub use crate::widget::stories::{resolve_links, ResolvedLink};
use crate::widget::{comments, player, stories};

/// What a check is about. Reports show it as text; the runner decides by it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CheckSubject {
    /// The page itself: loaded, and served with a success status.
    Page,
    /// The readiness conditions.
    Ready,
    /// A region, by name.
    Region(String),
    /// The media player at a root selector.
    Player(String),
    /// The comment section at a root selector.
    Comments(String),
    /// The story widget at a root selector.
    Stories(String),
}

impl CheckSubject {
    /// One part of this subject (`control \`forward_10\``).
    pub fn part(&self, part: impl Into<String>) -> Check {
        Check {
            subject: self.clone(),
            part: Some(part.into()),
        }
    }

    /// The widget kind (`player`, `comments`, `stories`) and its root, for a widget.
    pub fn widget(&self) -> Option<(&'static str, &str)> {
        match self {
            CheckSubject::Player(root) => Some(("player", root)),
            CheckSubject::Comments(root) => Some(("comments", root)),
            CheckSubject::Stories(root) => Some(("stories", root)),
            CheckSubject::Page | CheckSubject::Ready | CheckSubject::Region(_) => None,
        }
    }
}

impl std::fmt::Display for CheckSubject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckSubject::Page => f.write_str("page"),
            CheckSubject::Ready => f.write_str("ready"),
            CheckSubject::Region(name) => write!(f, "region `{name}`"),
            _ => {
                let (kind, root) = self.widget().expect("a widget");
                write!(f, "{kind} `{root}`")
            }
        }
    }
}

/// One check: its subject and, for a widget, which part of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Check {
    /// What the check is about.
    pub subject: CheckSubject,
    /// The part checked (`control \`forward_10\``), when not the whole subject.
    pub part: Option<String>,
}

impl From<CheckSubject> for Check {
    fn from(subject: CheckSubject) -> Check {
        Check {
            subject,
            part: None,
        }
    }
}

impl From<&CheckSubject> for Check {
    fn from(subject: &CheckSubject) -> Check {
        subject.clone().into()
    }
}

impl From<&Check> for Check {
    fn from(check: &Check) -> Check {
        check.clone()
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.part {
            Some(part) => write!(f, "{}: {part}", self.subject),
            None => self.subject.fmt(f),
        }
    }
}

/// The verdict of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// The check held.
    Pass {
        /// What was checked.
        check: Check,
    },
    /// The check failed.
    Fail {
        /// What was checked: the widget, its selector and the part (`player \`#player\`:
        /// control \`forward_10\``).
        check: Check,
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

    /// What was checked.
    pub fn check(&self) -> &Check {
        match self {
            CheckOutcome::Pass { check } | CheckOutcome::Fail { check, .. } => check,
        }
    }

    /// Whether this is a failed check of `subject`.
    pub fn fails(&self, subject: &CheckSubject) -> bool {
        matches!(self, CheckOutcome::Fail { check, .. } if &check.subject == subject)
    }

    pub(crate) fn pass(check: impl Into<Check>) -> Self {
        CheckOutcome::Pass {
            check: check.into(),
        }
    }

    pub(crate) fn fail(
        check: impl Into<Check>,
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

/// What a widget's verdict says was found when its root matched nothing.
const NO_ROOT: &str = "none";

/// Whether a verdict is [`unreadable`]'s for a widget whose root matched nothing.
fn is_missing_root(outcome: &CheckOutcome) -> bool {
    matches!(outcome, CheckOutcome::Fail { check, found, .. }
        if check.part.is_none() && check.subject.widget().is_some() && found == NO_ROOT)
}

/// The one verdict for a widget that cannot be judged: the page script failed on it
/// (`error`), or its root matched nothing (`found` false). `None` when it can be judged.
pub(crate) fn unreadable(
    widget: &CheckSubject,
    what: &str,
    error: Option<&str>,
    found: bool,
) -> Option<CheckOutcome> {
    let root = widget.widget().map_or("", |(_, root)| root);
    match error {
        Some(err) => Some(CheckOutcome::fail(
            widget,
            format!("{what} to be readable"),
            format!("the page script failed: {err}"),
        )),
        None if !found => Some(CheckOutcome::fail(
            widget,
            format!("an element matching `{root}`"),
            NO_ROOT,
        )),
        None => None,
    }
}

/// Every failed check as `check | expected | found`, for tables of expected failures.
#[cfg(test)]
pub(crate) fn failures(outcomes: &[CheckOutcome]) -> Vec<String> {
    outcomes
        .iter()
        .filter_map(|o| match o {
            CheckOutcome::Fail {
                check,
                expected,
                found,
            } => Some(format!("{check} | {expected} | {found}")),
            CheckOutcome::Pass { .. } => None,
        })
        .collect()
}

/// What the checks need beyond the page's observation.
#[derive(Debug, Default, Clone)]
pub struct CheckContext<'a> {
    /// The reference date from `--today`, which wins over the scenario's.
    pub today: Option<NaiveDate>,
    /// The real date, used when neither `--today` nor the scenario fixes one: the reader's,
    /// in the page's time zone.
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
    // A widget root that is not there may be one built only when scrolled into view.
    if !scenario.ready.scroll {
        for outcome in out.iter_mut().filter(|o| is_missing_root(o)) {
            if let CheckOutcome::Fail { found, .. } = outcome {
                found.push_str("; a widget built only when scrolled into view appears with `[ready] scroll = true`");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Check, CheckSubject};

    #[test]
    fn checks_read_as_their_subject_and_part() {
        let player = CheckSubject::Player("#player".into());
        let cases: [(Check, &str); 5] = [
            (CheckSubject::Page.into(), "page"),
            (CheckSubject::Ready.into(), "ready"),
            (CheckSubject::Region("body".into()).into(), "region `body`"),
            (
                player.part("control `forward_10`"),
                "player `#player`: control `forward_10`",
            ),
            (
                CheckSubject::Stories(".card".into()).part("number of stories"),
                "stories `.card`: number of stories",
            ),
        ];
        for (check, want) in cases {
            assert_eq!(check.to_string(), want);
        }
        assert_eq!(player.widget(), Some(("player", "#player")));
        assert_eq!(CheckSubject::Region("x".into()).widget(), None);
    }
}
