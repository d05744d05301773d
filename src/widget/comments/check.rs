//! Comment-section checks: open (a form that accepts input) or locked (no usable form, the
//! lockout message shown, its links present), stated by the scenario or derived from the
//! article's publication date, a lockout age and a reference date.

use chrono::NaiveDate;

use super::observe::CommentsObservation;
use super::spec::{CommentsExpectation, CommentsSpec};
use crate::check::{unreadable, CheckOutcome, CheckSubject};
use crate::text::normalize_text;

/// The outcomes of the comment checks, and what was derived on the way.
#[derive(Debug, Clone, Default)]
pub struct CommentsVerdict {
    /// Every check's verdict.
    pub outcomes: Vec<CheckOutcome>,
}

fn flat(text: &str) -> String {
    normalize_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

pub fn evaluate(
    spec: &CommentsSpec,
    seen: &CommentsObservation,
    today: Option<NaiveDate>,
) -> CommentsVerdict {
    let widget = CheckSubject::Comments(spec.root.clone());
    let error = seen.error.as_deref();
    if let Some(verdict) = unreadable(&widget, "the comment section", error, seen.found) {
        return CommentsVerdict {
            outcomes: vec![verdict],
        };
    }
    let mut out = Vec::new();

    let usable = seen.usable_fields();
    let open = !usable.is_empty();
    let form_state = if open {
        format!("the form is open: `{}` accepts input", usable.join("`, `"))
    } else if seen.fields.is_empty() {
        "there is no comment form".to_owned()
    } else {
        format!(
            "no field accepts input ({})",
            seen.fields
                .iter()
                .map(|f| format!(
                    "`{}` {}",
                    f.element,
                    if f.visible { "disabled" } else { "hidden" }
                ))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };

    // What the section must be, and why.
    let (must_lock, reason) = match spec.expect {
        CommentsExpectation::Open => (false, "comments open".to_owned()),
        CommentsExpectation::Locked => (true, "comments locked".to_owned()),
        CommentsExpectation::ByAge => {
            let age = spec.lockout_after.expect("checked when loading");
            let visible_format = spec.published_visible.as_ref().map(|(_, f)| f.as_str());
            let published = seen
                .dates
                .iter()
                .find_map(|d| d.date(visible_format).map(|date| (date, d.source.clone())));
            let Some((published, source)) = published else {
                out.push(CheckOutcome::fail(
                    widget.part("publication date"),
                    "a publication date (`<time datetime>`, JSON-LD `datePublished`, `article:published_time`, or the visible date with `published_selector`)",
                    if seen.dates.is_empty() {
                        "none on the page".to_owned()
                    } else {
                        seen.dates
                            .iter()
                            .map(|d| format!("{} `{}`", d.source, d.value.as_deref().unwrap_or("")))
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                ));
                return CommentsVerdict { outcomes: out };
            };
            let Some(today) = today else {
                out.push(CheckOutcome::fail(
                    widget.part("reference date"),
                    "a reference date",
                    "none",
                ));
                return CommentsVerdict { outcomes: out };
            };
            let Some(lock_day) = age.reached_on(published) else {
                out.push(CheckOutcome::fail(
                    widget.part("lockout date"),
                    "a date in range",
                    format!("{published} + {age}"),
                ));
                return CommentsVerdict { outcomes: out };
            };
            let older = today >= lock_day;
            let reason = format!(
                "published {published} ({source}), {} than {age} on {today}, so comments must be {}",
                if older { "older" } else { "younger" },
                if older { "locked" } else { "open" },
            );
            (older, reason)
        }
    };

    let check = widget.part("state");
    match (must_lock, open) {
        (true, true) => out.push(CheckOutcome::fail(check, reason, form_state)),
        (false, false) => out.push(CheckOutcome::fail(check, reason, form_state)),
        _ => out.push(CheckOutcome::pass(check)),
    }

    let text = flat(&seen.text);
    // Whether a text shows the lockout message; `None` when the scenario names none.
    let shows_message = |text: &str| match (&spec.message, &spec.message_pattern) {
        (Some(m), _) => Some(text.contains(&flat(m))),
        (None, Some(re)) => Some(re.is_match(text)),
        (None, None) => None,
    };
    let message_shown = shows_message(&text);
    let wanted = spec.message.clone().or_else(|| {
        spec.message_pattern
            .as_ref()
            .map(|r| format!("/{}/", r.as_str()))
    });
    if let (Some(shown), Some(wanted)) = (message_shown, wanted) {
        let check = widget.part("lockout message");
        match (must_lock, shown) {
            (true, false) => {
                // A message beside the section (next to an empty comment list) is named.
                let beside = seen
                    .around
                    .iter()
                    .find(|a| shows_message(&flat(&a.text)) == Some(true));
                let mut found = format!("section text `{}`", clip(&text, 240));
                if let Some(a) = beside {
                    found.push_str(&format!(
                        "; the message is shown beside the section, in `{}`: point `root` at that element",
                        a.element
                    ));
                }
                out.push(CheckOutcome::fail(
                    check,
                    format!("the lockout message `{wanted}`"),
                    found,
                ));
            }
            (false, true) => out.push(CheckOutcome::fail(
                check,
                "no lockout message, since comments are open",
                format!("`{wanted}` is shown"),
            )),
            _ => out.push(CheckOutcome::pass(check)),
        }
    }
    if must_lock {
        for link in &spec.links {
            let check = widget.part(format!("link `{link}`"));
            let hit = seen.links.iter().find(|l| flat(&l.text) == flat(link));
            match hit {
                Some(l) if !l.href.trim().is_empty() && l.visible => {
                    out.push(CheckOutcome::pass(check))
                }
                Some(l) => out.push(CheckOutcome::fail(
                    check,
                    "a visible link with a target",
                    format!("`{}` → `{}`", l.text, l.href),
                )),
                None => out.push(CheckOutcome::fail(
                    check,
                    format!("a link `{link}` in the section"),
                    if seen.links.is_empty() {
                        "no links".to_owned()
                    } else {
                        format!(
                            "links {}",
                            seen.links
                                .iter()
                                .map(|l| format!("`{}`", l.text))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                )),
            }
        }
    }
    CommentsVerdict { outcomes: out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widget::comments::{DateObservation, FieldObservation, LockoutAge};
    use crate::widget::LinkObservation;

    fn spec(expect: CommentsExpectation) -> CommentsSpec {
        CommentsSpec {
            root: "#comments".into(),
            form: None,
            expect,
            message: Some("Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.".into()),
            message_pattern: None,
            links: vec!["Themenübersicht".into()],
            lockout_after: LockoutAge::parse("18 months"),
            today: None,
            published_visible: None,
        }
    }

    fn seen(open: bool, published: &str) -> CommentsObservation {
        CommentsObservation {
            found: true,
            element: Some("section#comments".into()),
            matches: 1,
            fields: vec![FieldObservation {
                element: "textarea#comment-text".into(),
                visible: true,
                enabled: open,
            }],
            submits: vec![],
            text: if open {
                "Kommentare\n\nWillkommen".into()
            } else {
                "Kommentare\n\nDa dieser Artikel älter als 18 Monate ist, ist zum jetzigen\u{a0}Zeitpunkt kein Kommentieren mehr möglich.\n\nThemenübersicht".into()
            },
            links: vec![LinkObservation {
                text: "Themenübersicht".into(),
                href: "themen.html".into(),
                visible: true,
                ..LinkObservation::default()
            }],
            dates: vec![DateObservation {
                source: "meta".into(),
                value: Some(published.into()),
            }],
            around: vec![],
            error: None,
        }
    }

    fn day(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn fails(v: CommentsVerdict) -> Vec<String> {
        crate::check::failures(&v.outcomes)
    }

    #[test]
    fn an_old_article_must_be_locked() {
        let s = spec(CommentsExpectation::ByAge);
        assert!(fails(evaluate(
            &s,
            &seen(false, "2019-04-25T17:09:00+02:00"),
            day("2026-11-27")
        ))
        .is_empty());
        assert_eq!(
            fails(evaluate(&s, &seen(true, "2019-04-25T17:09:00+02:00"), day("2026-11-27"))),
            [
                "comments `#comments`: state | published 2019-04-25 (meta), older than 18 months on 2026-11-27, so comments must be locked | the form is open: `textarea#comment-text` accepts input",
                "comments `#comments`: lockout message | the lockout message `Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.` | section text `Kommentare Willkommen`",
            ]
        );
    }

    #[test]
    fn a_recent_article_must_be_open() {
        let s = spec(CommentsExpectation::ByAge);
        assert!(fails(evaluate(&s, &seen(true, "2026-10-02"), day("2026-11-27"))).is_empty());
        let f = fails(evaluate(&s, &seen(false, "2026-10-02"), day("2026-11-27")));
        assert!(f[0].contains("younger than 18 months on 2026-11-27, so comments must be open | no field accepts input"), "{f:?}");
        assert!(
            f[1].contains("no lockout message, since comments are open"),
            "{f:?}"
        );
    }

    #[test]
    fn the_lock_starts_on_the_day_the_age_is_reached() {
        let s = spec(CommentsExpectation::ByAge);
        assert!(fails(evaluate(&s, &seen(false, "2019-04-25"), day("2020-10-25"))).is_empty());
        assert!(!fails(evaluate(&s, &seen(false, "2019-04-25"), day("2020-10-24"))).is_empty());
    }

    #[test]
    fn a_missing_link_is_named() {
        let mut s = spec(CommentsExpectation::Locked);
        s.links.push("forum@tagespost.example".into());
        let f = fails(evaluate(&s, &seen(false, "2019-04-25"), None));
        assert_eq!(f, ["comments `#comments`: link `forum@tagespost.example` | a link `forum@tagespost.example` in the section | links `Themenübersicht`"]);
    }

    #[test]
    fn a_lockout_message_beside_the_section_is_named() {
        let mut s = seen(false, "2019-04-25");
        s.text = "Kommentare".into();
        s.around = vec![crate::probe::AroundObservation {
            element: "div.comments-wrap".into(),
            text: "Kommentare\n\nDa dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.".into(),
        }];
        let out = evaluate(&spec(CommentsExpectation::Locked), &s, day("2026-11-27")).outcomes;
        let found = out
            .iter()
            .find_map(|o| match o {
                CheckOutcome::Fail { check, found, .. }
                    if check.part.as_deref() == Some("lockout message") =>
                {
                    Some(found.clone())
                }
                _ => None,
            })
            .expect("the message check fails");
        assert!(
            found.ends_with("the message is shown beside the section, in `div.comments-wrap`: point `root` at that element"),
            "{found}"
        );
    }
}
