//! Page-level checks: readiness and regions.

use super::CheckOutcome;
use crate::probe::Observation;
use crate::scenario::Scenario;

/// Judges readiness and every region.
pub(super) fn evaluate(scenario: &Scenario, obs: &Observation) -> Vec<CheckOutcome> {
    let mut out = Vec::new();
    // A page the browser could not load at all (a redirect loop, a DNS failure) becomes the
    // browser's own error page, which would otherwise be read as if it were the page.
    let error_page = obs.url.starts_with("chrome-error:") || obs.url.starts_with("about:neterror");
    match obs.status {
        _ if error_page => out.push(CheckOutcome::Fail {
            check: "page".into(),
            expected: "the page loaded".into(),
            found: format!(
                "the browser's error page: {}",
                obs.regions
                    .first()
                    .map(|r| r
                        .text
                        .split_whitespace()
                        .take(24)
                        .collect::<Vec<_>>()
                        .join(" "))
                    .unwrap_or_default()
            ),
        }),
        Some(code) if code >= 400 => out.push(CheckOutcome::Fail {
            check: "page".into(),
            expected: "the page served with a success status".into(),
            found: format!("HTTP {code} from `{}`", obs.url),
        }),
        _ => out.push(CheckOutcome::Pass {
            check: "page".into(),
        }),
    }
    if obs.ready {
        out.push(CheckOutcome::Pass {
            check: "ready".into(),
        });
    } else {
        out.push(CheckOutcome::Fail {
            check: "ready".into(),
            expected: format!(
                "the page ready within {} ms",
                scenario.ready.timeout.as_millis()
            ),
            found: obs
                .pending
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    for (region, seen) in scenario.regions.iter().zip(&obs.regions) {
        let check = format!("region `{}`", region.name);
        if let Some(err) = &seen.error {
            out.push(CheckOutcome::Fail {
                check,
                expected: format!("a usable selector `{}`", region.selector),
                found: format!("the browser rejected it: {err}"),
            });
        } else if seen.count == 0 {
            out.push(CheckOutcome::Fail {
                check,
                expected: format!("at least one element matching `{}`", region.selector),
                found: "none".into(),
            });
        } else {
            out.push(CheckOutcome::Pass { check });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::CheckOutcome;
    use crate::probe::{PendingCondition, RegionText};
    use crate::scenario::{PageTarget, Readiness, Region, ScenarioId, Viewport, Widgets};
    use std::time::Duration;

    fn scenario() -> Scenario {
        Scenario {
            id: ScenarioId("s".into()),
            path: "s.toml".into(),
            description: None,
            page: PageTarget::SuiteRelative("p.html".into()),
            timeout: None,
            viewport: Viewport::default(),
            ready: Readiness {
                selector: None,
                text_present: vec![],
                text_absent: vec![],
                stable_for: None,
                timeout: Duration::from_secs(2),
            },
            regions: vec![Region {
                name: "player".into(),
                selector: "#player".into(),
            }],
            ignore: vec![],
            redactions: vec![],
            widgets: Widgets::default(),
        }
    }

    fn observation(ready: bool, count: u32) -> Observation {
        Observation {
            ready,
            pending: if ready {
                vec![]
            } else {
                vec![PendingCondition {
                    kind: "text_absent".into(),
                    value: "Loading...".into(),
                }]
            },
            waited_ms: 0,
            read_ms: 0.0,
            status: Some(200),
            cookies_left: false,
            dialogs: vec![],
            url: "http://127.0.0.1/p.html".into(),
            regions: vec![RegionText {
                name: "player".into(),
                count,
                text: String::new(),
                error: None,
            }],
            widgets: Default::default(),
        }
    }

    #[test]
    fn a_ready_page_with_its_regions_passes() {
        assert!(evaluate(&scenario(), &observation(true, 1))
            .iter()
            .all(|c| !c.is_fail()));
    }

    #[test]
    fn a_page_still_loading_fails_with_the_pending_condition() {
        let out = evaluate(&scenario(), &observation(false, 1));
        assert_eq!(
            out[1],
            CheckOutcome::Fail {
                check: "ready".into(),
                expected: "the page ready within 2000 ms".into(),
                found: "text `Loading...` is still shown".into()
            }
        );
    }

    #[test]
    fn a_missing_region_fails_naming_its_selector() {
        let out = evaluate(&scenario(), &observation(true, 0));
        assert!(
            matches!(&out[2], CheckOutcome::Fail { expected, .. } if expected.contains("`#player`"))
        );
    }
}
