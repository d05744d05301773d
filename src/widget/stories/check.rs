//! Story-link checks: how many links, each with text, each resolving against the page's
//! final URL to an absolute http(s) URL on an allowed host, no duplicates, and (when asked)
//! each target answering with a success status.

use std::collections::HashMap;

use url::Url;

use super::observe::StoriesObservation;
use super::spec::StoriesSpec;
use crate::check::{unreadable, CheckOutcome, CheckSubject};
use crate::probe::LinkStatus;

/// A story link with its `href` resolved against the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    /// Its text as shown.
    pub text: String,
    /// The name it is given when it shows no text (`aria-label`, `title`).
    pub label: Option<String>,
    /// The `alt` of an image inside it.
    pub alt: Option<String>,
    /// The `href` as written.
    pub href: String,
    /// The resolved URL, or why it does not resolve.
    pub url: Result<Url, String>,
    /// The card it sits in.
    pub card: Option<usize>,
    /// Whether a reader sees it.
    pub visible: bool,
    /// Whether it is, or holds, a heading.
    pub heading: bool,
    /// Its card's heading.
    pub card_heading: Option<String>,
}

impl ResolvedLink {
    /// The story it leads to: its URL without the fragment, or its `href` as written when it
    /// does not resolve.
    fn target(&self) -> String {
        match &self.url {
            Ok(u) => without_fragment(u),
            Err(_) => self.href.trim().to_owned(),
        }
    }

    /// Whether it leads to the page itself (`#next-section`, a skip link, an empty `href`),
    /// not to another page.
    fn within(&self, page: Option<&str>) -> bool {
        self.href.trim().starts_with('#') || page.is_some_and(|p| self.target() == p)
    }
}

fn without_fragment(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    u.to_string()
}

/// Resolves every link of the widget against the page's final URL.
pub fn resolve_links(seen: &StoriesObservation, page_url: &str) -> Vec<ResolvedLink> {
    let base = Url::parse(page_url).ok();
    seen.links
        .iter()
        .map(|l| {
            let url = match &base {
                Some(b) => b.join(l.href.trim()).map_err(|e| e.to_string()),
                None => Url::parse(l.href.trim()).map_err(|e| e.to_string()),
            };
            ResolvedLink {
                text: l.text.clone(),
                label: l.label.clone(),
                alt: l.alt.clone(),
                href: l.href.clone(),
                url,
                card: l.card,
                visible: l.visible,
                heading: l.heading,
                card_heading: l.card_heading.clone(),
            }
        })
        .collect()
}

/// One story of the widget: a target, the link that stands for it, its words, and the cards
/// that show it.
#[derive(Debug)]
struct Story<'a> {
    link: &'a ResolvedLink,
    text: String,
    cards: usize,
}

/// Groups a widget's links into stories as a reader sees them. Only links a reader sees and
/// can follow to another page count (a hidden duplicate for small screens, a skip link to
/// `#next-section` do not). A card (one `item`, or one card the page script found) shows one
/// story: among the targets no other card leads to (a category such as "Ressort:
/// Deutschland", repeated in every card, is no card's story), the one of its heading's link,
/// else the one most of its links lead to (a teaser's image, title and "more" links), the
/// first on a tie. A card whose every target other cards share shows the first of them (the
/// same story twice is a duplicate). A link outside any card is a card of its own.
fn stories<'a>(links: &'a [ResolvedLink], page_url: &str) -> Vec<Story<'a>> {
    let page = Url::parse(page_url).ok().map(|u| without_fragment(&u));
    let targets: Vec<String> = links.iter().map(ResolvedLink::target).collect();
    let counted = |i: &usize| links[*i].visible && !links[*i].within(page.as_deref());
    // Cards in page order, each with the indices of its counted links.
    let mut cards: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for i in (0..links.len()).filter(counted) {
        match links[i].card {
            Some(c) => match cards.iter_mut().find(|(k, _)| *k == Some(c)) {
                Some((_, members)) => members.push(i),
                None => cards.push((Some(c), vec![i])),
            },
            None => cards.push((None, vec![i])),
        }
    }
    // How many cards lead to each target.
    let mut spread: HashMap<&str, usize> = HashMap::new();
    for (_, members) in &cards {
        let mut own: Vec<&str> = members.iter().map(|&i| targets[i].as_str()).collect();
        own.sort_unstable();
        own.dedup();
        for t in own {
            *spread.entry(t).or_default() += 1;
        }
    }
    let mut out: Vec<(String, Story<'_>)> = Vec::new();
    for (_, members) in &cards {
        let count = |t: &str| members.iter().filter(|&&i| targets[i] == t).count();
        let unique: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| spread[targets[i].as_str()] == 1)
            .collect();
        let candidates = if unique.is_empty() { members } else { &unique };
        let rank = |i: usize| (links[i].heading, count(&targets[i]));
        let main = candidates
            .iter()
            .copied()
            .fold(None::<usize>, |best, i| match best {
                Some(b) if rank(b) >= rank(i) => Some(b),
                _ => Some(i),
            })
            .expect("a card has a link");
        let target = &targets[main];
        match out.iter_mut().find(|(t, _)| t == target) {
            Some((_, story)) => story.cards += 1,
            None => out.push((
                target.clone(),
                Story {
                    link: &links[main],
                    text: String::new(),
                    cards: 1,
                },
            )),
        }
    }
    for (target, story) in &mut out {
        story.text = words(links, &targets, target, story.link);
    }
    out.into_iter().map(|(_, s)| s).collect()
}

/// A story's words: the text of the link that stands for it, else of any shown link to it,
/// else the name a link to it is given, else an image's `alt`, else its card's heading.
fn words(links: &[ResolvedLink], targets: &[String], target: &str, main: &ResolvedLink) -> String {
    let to_it = || {
        std::iter::once(main).chain(
            links
                .iter()
                .zip(targets)
                .filter(|(l, t)| *t == target && l.visible)
                .map(|(l, _)| l),
        )
    };
    let first = |pick: fn(&ResolvedLink) -> Option<&str>| {
        to_it()
            .filter_map(pick)
            .map(str::trim)
            .find(|t| !t.is_empty())
            .map(str::to_owned)
    };
    first(|l| Some(l.text.as_str()))
        .or_else(|| first(|l| l.label.as_deref()))
        .or_else(|| first(|l| l.alt.as_deref()))
        .or_else(|| first(|l| l.card_heading.as_deref()))
        .unwrap_or_default()
}

/// What the story check counts on a widget: its stories, and the hosts their links lead to
/// (in page order, each once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryCount {
    /// How many stories.
    pub stories: usize,
    /// The hosts of the stories' links.
    pub hosts: Vec<String>,
}

/// Counts a widget's stories as the check does.
pub fn count(seen: &StoriesObservation, page_url: &str) -> StoryCount {
    let links = resolve_links(seen, page_url);
    let stories = stories(&links, page_url);
    let mut hosts: Vec<String> = Vec::new();
    for s in &stories {
        if let Some(h) = s.link.url.as_ref().ok().and_then(|u| u.host_str()) {
            let h = h.to_ascii_lowercase();
            if !hosts.contains(&h) {
                hosts.push(h);
            }
        }
    }
    StoryCount {
        stories: stories.len(),
        hosts,
    }
}

pub fn evaluate(
    spec: &StoriesSpec,
    seen: &StoriesObservation,
    page_url: &str,
    status: Option<&HashMap<Url, LinkStatus>>,
) -> Vec<CheckOutcome> {
    let widget = CheckSubject::Stories(spec.root.clone());
    if let Some(verdict) = unreadable(
        &widget,
        "the story widget",
        seen.error.as_deref(),
        seen.found,
    ) {
        return vec![verdict];
    }
    let mut out = Vec::new();
    let links = resolve_links(seen, page_url);
    let stories = stories(&links, page_url);
    let n = stories.len() as u32;
    let check = widget.part("number of stories");
    match (spec.min_stories, spec.max_stories) {
        (Some(min), _) if n < min => out.push(CheckOutcome::fail(
            check,
            format!("at least {min} stories"),
            format!("{n}"),
        )),
        (_, Some(max)) if n > max => out.push(CheckOutcome::fail(
            check,
            format!("at most {max} stories"),
            format!("{n}"),
        )),
        _ => out.push(CheckOutcome::pass(check)),
    }
    // The page's own host, and the hosts (or `*.` patterns) the scenario adds.
    let page_host = Url::parse(page_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    let allowed: Vec<String> = page_host
        .iter()
        .cloned()
        .chain(spec.allowed_hosts.iter().cloned())
        .collect();
    let allows = |host: &str| allowed.iter().any(|p| crate::network::matches(p, host));
    // One verdict per story, named by its text, with every problem it has.
    for story in stories {
        let link = story.link;
        let check = widget.part(format!(
            "story `{}`",
            if story.text.is_empty() {
                link.href.as_str()
            } else {
                story.text.as_str()
            }
        ));
        let mut problems: Vec<(String, String)> = Vec::new();
        if story.text.is_empty() {
            problems.push((
                "a story with words (a link's text, aria-label or title, an image's `alt`, or its card's heading)".into(),
                format!("no text in its links to `{}`", link.href),
            ));
        }
        match &link.url {
            Err(e) => problems.push((
                "an href that resolves to a URL".into(),
                format!("`{}`: {e}", link.href),
            )),
            Ok(url) if !matches!(url.scheme(), "http" | "https") => {
                problems.push(("an http(s) link".into(), format!("`{url}`")));
            }
            Ok(url) => {
                let host = url.host_str().unwrap_or("").to_ascii_lowercase();
                if !allows(&host) {
                    problems.push((
                        format!(
                            "a link on {}",
                            allowed
                                .iter()
                                .map(|h| format!("`{h}`"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                        format!("`{url}`"),
                    ));
                }
                if story.cards > 1 {
                    problems.push((
                        "no duplicate stories".into(),
                        format!("`{url}` is the story of {} cards", story.cards),
                    ));
                }
                if let Some(status) = status.and_then(|s| s.get(url)) {
                    match status {
                        LinkStatus::Status(code) if (200..300).contains(code) => {}
                        LinkStatus::Status(code) => problems.push((
                            "a success status (2xx)".into(),
                            format!("`{url}` answered {code}"),
                        )),
                        LinkStatus::Failed(e) => problems
                            .push(("a success status (2xx)".into(), format!("`{url}`: {e}"))),
                    }
                }
            }
        }
        if problems.is_empty() {
            out.push(CheckOutcome::pass(check));
        } else {
            let (expected, found): (Vec<String>, Vec<String>) = problems.into_iter().unzip();
            out.push(CheckOutcome::fail(
                check,
                expected.join("; "),
                found.join("; "),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widget::LinkObservation;
    use std::time::Duration;

    fn spec() -> StoriesSpec {
        StoriesSpec {
            root: "#stories".into(),
            item: None,
            min_stories: Some(2),
            max_stories: Some(5),
            bounds_named_links: false,
            allowed_hosts: vec![],
            check_targets: true,
            concurrency: 4,
            timeout: Duration::from_secs(5),
        }
    }

    fn seen(links: &[(&str, &str)]) -> StoriesObservation {
        StoriesObservation {
            found: true,
            element: Some("section#stories".into()),
            links: links
                .iter()
                .map(|(t, h)| LinkObservation {
                    text: t.to_string(),
                    href: h.to_string(),
                    visible: true,
                    ..LinkObservation::default()
                })
                .collect(),
            error: None,
        }
    }

    fn fails(out: Vec<CheckOutcome>) -> Vec<String> {
        crate::check::failures(&out)
    }

    const PAGE: &str = "http://127.0.0.1:8080/pages/article.html";

    #[test]
    fn good_links_pass() {
        let s = seen(&[("Eins", "eins.html"), ("Zwei", "/pages/zwei.html#top")]);
        assert!(fails(evaluate(&spec(), &s, PAGE, None)).is_empty());
    }

    #[test]
    fn bad_links_are_named_with_text_and_url() {
        let s = seen(&[
            ("", "leer.html"),
            ("Fremd", "https://elsewhere.example/x"),
            ("Doppelt", "eins.html"),
            ("Doppelt 2", "eins.html#a"),
            ("Mail", "mailto:a@b.example"),
            ("Kaputt", "http://[::1"),
            ("Dritter", "drei.html"),
        ]);
        let f = fails(evaluate(&spec(), &s, PAGE, None));
        assert_eq!(
            f,
            [
                "stories `#stories`: number of stories | at most 5 stories | 6",
                "stories `#stories`: story `leer.html` | a story with words (a link's text, aria-label or title, an image's `alt`, or its card's heading) | no text in its links to `leer.html`",
                "stories `#stories`: story `Fremd` | a link on `127.0.0.1` | `https://elsewhere.example/x`",
                "stories `#stories`: story `Doppelt` | no duplicate stories | `http://127.0.0.1:8080/pages/eins.html` is the story of 2 cards",
                "stories `#stories`: story `Mail` | an http(s) link | `mailto:a@b.example`",
                "stories `#stories`: story `Kaputt` | an href that resolves to a URL | `http://[::1`: invalid IPv6 address",
            ]
        );
    }

    /// Teaser cards as news sites build them: an image link, a title link and a "mehr" link
    /// to one story, and a category link repeated in every card.
    #[test]
    fn a_card_is_one_story_whatever_links_it_holds() {
        let link = |text: &str, alt: Option<&str>, href: &str, card: usize| LinkObservation {
            text: text.into(),
            href: href.into(),
            visible: true,
            alt: alt.map(str::to_owned),
            card: Some(card),
            ..LinkObservation::default()
        };
        let mut cards = Vec::new();
        for (i, story) in ["brücke", "wahl", "markt"].iter().enumerate() {
            let href = format!("/{story}.html");
            cards.push(link("", Some(&format!("Bild zu {story}")), &href, i));
            cards.push(link(&format!("Titel {story}"), None, &href, i));
            cards.push(link("mehr", None, &format!("{href}#weiter"), i));
            cards.push(link("Deutschland", None, "/ressort/deutschland/", i));
        }
        let s = StoriesObservation {
            found: true,
            element: None,
            links: cards.clone(),
            error: None,
        };
        let out = evaluate(&spec(), &s, PAGE, None);
        assert!(fails(out.clone()).is_empty(), "{:#?}", fails(out));
        let names: Vec<String> = evaluate(&spec(), &s, PAGE, None)
            .into_iter()
            .map(|o| o.check().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "stories `#stories`: number of stories",
                "stories `#stories`: story `Titel brücke`",
                "stories `#stories`: story `Titel wahl`",
                "stories `#stories`: story `Titel markt`",
            ]
        );
        // A card with an image link alone is named by the image's alt.
        let lone = StoriesObservation {
            links: vec![
                link("", Some("Die neue Brücke"), "/b.html", 0),
                link("Zwei", None, "/z.html", 1),
            ],
            ..s.clone()
        };
        assert!(fails(evaluate(&spec(), &lone, PAGE, None)).is_empty());
        // The same story as the story of two cards is a duplicate, named once.
        cards.push(link("Titel wahl", None, "/wahl.html", 3));
        let twice = StoriesObservation { links: cards, ..s };
        assert_eq!(
            fails(evaluate(&spec(), &twice, PAGE, None)),
            ["stories `#stories`: story `Titel wahl` | no duplicate stories | `http://127.0.0.1:8080/wahl.html` is the story of 2 cards"]
        );
    }

    /// One link of a card as the page script reports it.
    #[derive(Clone, Copy, Default)]
    struct L<'a> {
        text: &'a str,
        label: Option<&'a str>,
        href: &'a str,
        hidden: bool,
        heading: bool,
        card_heading: Option<&'a str>,
        card: usize,
    }

    fn observed(links: &[L<'_>]) -> StoriesObservation {
        StoriesObservation {
            found: true,
            element: None,
            links: links
                .iter()
                .map(|l| LinkObservation {
                    text: l.text.into(),
                    label: l.label.map(str::to_owned),
                    href: l.href.into(),
                    visible: !l.hidden,
                    heading: l.heading,
                    card_heading: l.card_heading.map(str::to_owned),
                    card: Some(l.card),
                    ..LinkObservation::default()
                })
                .collect(),
            error: None,
        }
    }

    fn story_names(seen: &StoriesObservation) -> Vec<String> {
        evaluate(&spec(), seen, PAGE, None)
            .into_iter()
            .skip(1)
            .map(|o| {
                o.check()
                    .to_string()
                    .replace("stories `#stories`: story ", "")
            })
            .collect()
    }

    /// The patterns of real teaser markup, each with the stories a reader sees.
    #[test]
    fn stories_are_what_a_reader_sees() {
        let cases: Vec<(&str, Vec<L<'_>>, Vec<&str>)> = vec![
            (
                "a category badge before the headline, the picture no link",
                vec![
                    L {
                        text: "Politik",
                        href: "/ressort/politik/",
                        card: 0,
                        ..L::default()
                    },
                    L {
                        text: "Wahl verschoben",
                        href: "/wahl.html",
                        heading: true,
                        card: 0,
                        ..L::default()
                    },
                    L {
                        text: "Politik",
                        href: "/ressort/politik/",
                        card: 1,
                        ..L::default()
                    },
                    L {
                        text: "Neue Regierung",
                        href: "/regierung.html",
                        heading: true,
                        card: 1,
                        ..L::default()
                    },
                ],
                vec!["`Wahl verschoben`", "`Neue Regierung`"],
            ),
            (
                "a skip link and a hidden duplicate for small screens",
                vec![
                    L {
                        text: "Zum nächsten Abschnitt",
                        href: "#next-section",
                        card: 0,
                        ..L::default()
                    },
                    L {
                        text: "Brücke eröffnet",
                        href: "/bruecke.html",
                        card: 1,
                        ..L::default()
                    },
                    L {
                        text: "Brücke eröffnet",
                        href: "/bruecke.html",
                        hidden: true,
                        card: 2,
                        ..L::default()
                    },
                    L {
                        text: "Markt",
                        href: "/markt.html",
                        card: 3,
                        ..L::default()
                    },
                ],
                vec!["`Brücke eröffnet`", "`Markt`"],
            ),
            (
                "an empty link over the card, named by its aria-label or the card's heading",
                vec![
                    L {
                        text: "",
                        label: Some("Zum Artikel: Hochwasser"),
                        href: "/hochwasser.html",
                        card: 0,
                        ..L::default()
                    },
                    L {
                        text: "",
                        href: "/ernte.html",
                        card_heading: Some("Ernte früh"),
                        card: 1,
                        ..L::default()
                    },
                ],
                vec!["`Zum Artikel: Hochwasser`", "`Ernte früh`"],
            ),
            (
                "a related link to a story another card shows",
                vec![
                    L {
                        text: "Eins",
                        href: "/eins.html",
                        card: 0,
                        ..L::default()
                    },
                    L {
                        text: "Mehr dazu",
                        href: "/zwei.html",
                        card: 0,
                        ..L::default()
                    },
                    L {
                        text: "Zwei",
                        href: "/zwei.html",
                        card: 1,
                        ..L::default()
                    },
                ],
                vec!["`Eins`", "`Zwei`"],
            ),
        ];
        for (pattern, links, expected) in cases {
            let seen = observed(&links);
            assert!(
                fails(evaluate(&spec(), &seen, PAGE, None)).is_empty(),
                "{pattern}: {:#?}",
                fails(evaluate(&spec(), &seen, PAGE, None))
            );
            assert_eq!(story_names(&seen), expected, "{pattern}");
        }
    }

    #[test]
    fn a_link_to_the_page_itself_is_no_story() {
        let links = [
            L {
                text: "Kommentare",
                href: "article.html#comments",
                card: 0,
                ..L::default()
            },
            L {
                text: "Neu laden",
                href: "",
                card: 3,
                ..L::default()
            },
            L {
                text: "Eins",
                href: "eins.html",
                card: 1,
                ..L::default()
            },
            L {
                text: "Zwei",
                href: "zwei.html",
                card: 2,
                ..L::default()
            },
        ];
        assert_eq!(story_names(&observed(&links)), ["`Eins`", "`Zwei`"]);
    }

    #[test]
    fn target_statuses_are_checked() {
        let s = seen(&[("Eins", "eins.html"), ("Zwei", "zwei.html")]);
        let mut status = HashMap::new();
        status.insert(
            Url::parse("http://127.0.0.1:8080/pages/eins.html").unwrap(),
            LinkStatus::Status(200),
        );
        status.insert(
            Url::parse("http://127.0.0.1:8080/pages/zwei.html").unwrap(),
            LinkStatus::Status(404),
        );
        assert_eq!(
            fails(evaluate(&spec(), &s, PAGE, Some(&status))),
            ["stories `#stories`: story `Zwei` | a success status (2xx) | `http://127.0.0.1:8080/pages/zwei.html` answered 404"]
        );
    }
}
