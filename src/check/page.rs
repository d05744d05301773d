//! Page-level checks: readiness and regions.

use super::{Check, CheckOutcome, CheckSubject};
use crate::network::NetworkPolicy;
use crate::probe::Observation;
use crate::scenario::Scenario;

/// Judges readiness and every region; `policy` is the network policy the page ran under.
pub(super) fn evaluate(
    scenario: &Scenario,
    obs: &Observation,
    policy: Option<&NetworkPolicy>,
) -> Vec<CheckOutcome> {
    let mut out = Vec::new();
    // A page the browser could not load at all (a redirect loop, a DNS failure) becomes the
    // browser's own error page, which would otherwise be read as if it were the page.
    if obs.is_error_page() {
        // Nothing else of an unloaded page is worth a line: its readiness, regions and
        // widgets are the error page's.
        let found = error_page_text(obs.error_page.as_ref(), policy);
        out.push(CheckOutcome::Fail {
            check: CheckSubject::Page.into(),
            expected: "the page loaded".into(),
            found,
        });
        return out;
    }
    match obs.status {
        Some(code) if code >= 400 => out.push(CheckOutcome::Fail {
            check: CheckSubject::Page.into(),
            expected: "the page served with a success status".into(),
            found: format!("HTTP {code} from `{}`", obs.url),
        }),
        _ => out.push(CheckOutcome::Pass {
            check: CheckSubject::Page.into(),
        }),
    }
    if obs.ready {
        out.push(CheckOutcome::Pass {
            check: CheckSubject::Ready.into(),
        });
    } else {
        out.push(CheckOutcome::Fail {
            check: CheckSubject::Ready.into(),
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
        let check: Check = CheckSubject::Region(region.name.clone()).into();
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
        } else if !region.allow_empty && seen.text.trim().is_empty() {
            // A page kept hidden (an anti-flicker style whose script never ran) reads as
            // nothing; an empty snapshot is never accepted without a word.
            out.push(CheckOutcome::Fail {
                check,
                expected: format!(
                    "text in `{}` (list the region in `allow_empty` if it may be empty)",
                    region.selector
                ),
                found: format!(
                    "{} matching element{} showing no text: hidden, or never filled",
                    seen.count,
                    if seen.count == 1 { "" } else { "s" }
                ),
            });
        } else {
            out.push(CheckOutcome::Pass { check });
        }
    }
    out
}

/// What a reader of the result should know about the page itself, one note each: its own
/// files that did not load (the first three named), and a body hidden when it was read.
pub fn diagnostics_notes(page: &crate::probe::PageDiagnostics) -> Vec<String> {
    let mut notes = Vec::new();
    let failed = &page.failed_own;
    if !failed.is_empty() {
        let all_404 = failed.iter().all(|f| f.status == 404);
        let named: Vec<String> = failed
            .iter()
            .take(3)
            .map(|f| {
                if all_404 {
                    format!("`{}`", f.path)
                } else {
                    format!("`{}` ({})", f.path, f.status)
                }
            })
            .collect();
        let more = if failed.len() > 3 { ", …" } else { "" };
        let (count, verb, them) = match failed.len() {
            1 => ("one".to_owned(), "was", "it"),
            n => (n.to_string(), "were", "them"),
        };
        let why = if all_404 { "not found" } else { "not loaded" };
        notes.push(format!(
            "{count} of the page's own files {verb} {why}: {}{more}; without {them} the page may show what its live version hides (a saved copy often lacks its stylesheets and scripts)",
            named.join(", "),
        ));
    }
    if page.body_gone {
        notes.push(
            "the page has no body when read: one of its scripts removed it, so a reader sees nothing (a saved copy's script that checks where it runs, or one that rewrites the document)".to_owned(),
        );
    } else if let Some(hidden) = &page.body_hidden {
        notes.push(format!(
            "the page's {} is hidden when read ({}, set by {}): a reader sees nothing of it; a script meant to show it (an anti-flicker snippet) did not run",
            hidden.element, hidden.how, hidden.by
        ));
    }
    notes
}

/// What a failure says of the browser's error page: the URL that failed (or the one the
/// harness loaded, when the browser does not name it), the network error, and its message;
/// and why, where the harness can tell: a host outside the network policy, or a page that
/// moved itself to https.
fn error_page_text(
    page: Option<&crate::probe::ErrorPage>,
    policy: Option<&NetworkPolicy>,
) -> String {
    let page = page.cloned().unwrap_or_default();
    let mut out = match (&page.url, &page.loaded) {
        (Some(url), _) if !url.is_empty() => format!("the browser's error page for `{url}`"),
        (_, Some(loaded)) => format!("the browser's error page after loading `{loaded}`"),
        _ => "the browser's error page".to_owned(),
    };
    if let Some(code) = &page.code {
        out.push_str(&format!(": {code}"));
    }
    if let Some(message) = page.message.as_deref().filter(|m| !m.is_empty()) {
        out.push_str(&format!(" (“{message}”)"));
    }
    if page.code.as_deref() == Some("ERR_SSL_PROTOCOL_ERROR")
        && page
            .loaded
            .as_deref()
            .is_some_and(|u| u.starts_with("http:"))
    {
        out.push_str(
            "; the page was loaded over http and moved itself to https (a script or a `<meta http-equiv=\"refresh\">` in it): a saved copy on a server that speaks http only cannot follow it; take that redirect out of the saved page",
        );
    }
    let failed_host = page
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_owned));
    if let (Some(host), Some(policy)) = (failed_host, policy) {
        if !policy.allows(&host) {
            out.push_str(&format!(
                "; `{host}` is outside the page's network policy ({}): allow it in the scenario's `[network]`",
                policy.describe()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_diagnostics_are_said_once_each() {
        use crate::probe::{BodyHidden, FailedFile, PageDiagnostics};
        let file = |path: &str, status| FailedFile {
            path: path.into(),
            status,
        };
        let cases = [
            (PageDiagnostics::default(), vec![]),
            (
                PageDiagnostics {
                    failed_own: vec![file("/lib/app.css", 404)],
                    ..PageDiagnostics::default()
                },
                vec!["one of the page's own files was not found: `/lib/app.css`; without it the page may show what its live version hides (a saved copy often lacks its stylesheets and scripts)"],
            ),
            (
                PageDiagnostics {
                    failed_own: vec![
                        file("/lib/app.css", 404),
                        file("/lib/app.js", 500),
                        file("/img/a.png", 404),
                        file("/img/b.png", 404),
                    ],
                    body_hidden: Some(BodyHidden {
                        element: "body".into(),
                        how: "visibility: hidden".into(),
                        by: "a style element".into(),
                    }),
                    body_gone: false,
                },
                vec![
                    "4 of the page's own files were not loaded: `/lib/app.css` (404), `/lib/app.js` (500), `/img/a.png` (404), …; without them the page may show what its live version hides (a saved copy often lacks its stylesheets and scripts)",
                    "the page's body is hidden when read (visibility: hidden, set by a style element): a reader sees nothing of it; a script meant to show it (an anti-flicker snippet) did not run",
                ],
            ),
        ];
        let gone = PageDiagnostics {
            body_gone: true,
            ..PageDiagnostics::default()
        };
        assert_eq!(
            diagnostics_notes(&gone),
            ["the page has no body when read: one of its scripts removed it, so a reader sees nothing (a saved copy's script that checks where it runs, or one that rewrites the document)"]
        );
        for (page, expected) in cases {
            assert_eq!(diagnostics_notes(&page), expected);
        }
    }
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
            charset: None,
            network: Default::default(),
            layout: Default::default(),
            viewport: Viewport::default(),
            viewports: vec![],
            ready: Readiness {
                selector: None,
                text_present: vec![],
                text_absent: vec![],
                stable_for: None,
                timeout: Duration::from_secs(2),
                scroll: false,
                consent: None,
            },
            regions: vec![Region {
                name: "player".into(),
                selector: "#player".into(),
                allow_empty: false,
                ignore: vec![],
            }],
            ignore: vec![],
            redactions: vec![],
            widgets: Widgets::default(),
            locale: Default::default(),
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
            error_page: None,
            page: Default::default(),
            layout: None,
            consent: None,
            today: None,
            navigation_time: std::time::Duration::ZERO,
            extraction_time: std::time::Duration::ZERO,
            url: "http://127.0.0.1/p.html".into(),
            regions: vec![RegionText {
                name: "player".into(),
                count,
                text: if count > 0 {
                    "Spieler".into()
                } else {
                    String::new()
                },
                error: None,
            }],
            widgets: Default::default(),
        }
    }

    #[test]
    fn a_ready_page_with_its_regions_passes() {
        assert!(evaluate(&scenario(), &observation(true, 1), None)
            .iter()
            .all(|c| !c.is_fail()));
    }

    #[test]
    fn a_page_still_loading_fails_with_the_pending_condition() {
        let out = evaluate(&scenario(), &observation(false, 1), None);
        assert_eq!(
            out[1],
            CheckOutcome::Fail {
                check: CheckSubject::Ready.into(),
                expected: "the page ready within 2000 ms".into(),
                found: "text `Loading...` is still shown".into()
            }
        );
    }

    #[test]
    fn a_missing_region_fails_naming_its_selector() {
        let out = evaluate(&scenario(), &observation(true, 0), None);
        assert!(
            matches!(&out[2], CheckOutcome::Fail { expected, .. } if expected.contains("`#player`"))
        );
    }

    #[test]
    fn an_empty_region_fails_unless_allowed() {
        let mut obs = observation(true, 1);
        obs.regions[0].text = " \n ".into();
        let out = evaluate(&scenario(), &obs, None);
        assert!(
            matches!(&out[2], CheckOutcome::Fail { found, .. } if found == "1 matching element showing no text: hidden, or never filled"),
            "{out:?}"
        );
        let mut allowed = scenario();
        allowed.regions[0].allow_empty = true;
        assert!(evaluate(&allowed, &obs, None).iter().all(|c| !c.is_fail()));
    }

    #[test]
    fn an_error_page_says_what_failed_and_why() {
        use crate::probe::ErrorPage;
        let page = |url: &str, code: &str, loaded: &str| ErrorPage {
            url: Some(url.into()),
            code: Some(code.into()),
            message: None,
            loaded: Some(loaded.into()),
        };
        let hermetic = NetworkPolicy::hermetic();
        let cases = [
            (
                page("https://127.0.0.1:8080/a.html", "ERR_SSL_PROTOCOL_ERROR", "http://127.0.0.1:8080/a.html"),
                Some(&hermetic),
                "the browser's error page for `https://127.0.0.1:8080/a.html`: ERR_SSL_PROTOCOL_ERROR; the page was loaded over http and moved itself to https (a script or a `<meta http-equiv=\"refresh\">` in it): a saved copy on a server that speaks http only cannot follow it; take that redirect out of the saved page",
            ),
            (
                page("https://www.news.test/a.html", "ERR_NAME_NOT_RESOLVED", "http://127.0.0.1:8080/a.html"),
                Some(&hermetic),
                "the browser's error page for `https://www.news.test/a.html`: ERR_NAME_NOT_RESOLVED; `www.news.test` is outside the page's network policy (hermetic: loopback only): allow it in the scenario's `[network]`",
            ),
            (
                page("https://www.news.test/a.html", "ERR_NAME_NOT_RESOLVED", "http://127.0.0.1:8080/a.html"),
                None,
                "the browser's error page for `https://www.news.test/a.html`: ERR_NAME_NOT_RESOLVED",
            ),
        ];
        for (page, policy, want) in cases {
            assert_eq!(error_page_text(Some(&page), policy), want);
        }
    }
}
