//! Story-link checks: how many links, each with text, each resolving against the page's
//! final URL to an absolute http(s) URL on an allowed host, no duplicates, and (when asked)
//! each target answering with a success status.

use std::collections::{HashMap, HashSet};

use url::Url;

use super::CheckOutcome;
use crate::probe::StoriesObservation;
use crate::scenario::StoriesSpec;

/// What requesting a link target gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// The final HTTP status (after redirects).
    Status(u16),
    /// No response: refused, timed out, …
    Failed(String),
}

/// A story link with its `href` resolved against the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    /// Its visible text.
    pub text: String,
    /// The `href` as written.
    pub href: String,
    /// The resolved URL, or why it does not resolve.
    pub url: Result<Url, String>,
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
                href: l.href.clone(),
                url,
            }
        })
        .collect()
}

pub(super) fn evaluate(
    spec: &StoriesSpec,
    seen: &StoriesObservation,
    page_url: &str,
    status: Option<&HashMap<Url, LinkStatus>>,
) -> Vec<CheckOutcome> {
    let widget = format!("stories `{}`", spec.root);
    let mut out = Vec::new();
    if let Some(err) = &seen.error {
        out.push(CheckOutcome::fail(
            &widget,
            "the story widget to be readable",
            format!("the page script failed: {err}"),
        ));
        return out;
    }
    if !seen.found {
        out.push(CheckOutcome::fail(
            &widget,
            format!("an element matching `{}`", spec.root),
            "none",
        ));
        return out;
    }
    let n = seen.links.len() as u32;
    let check = format!("{widget}: number of links");
    match (spec.min_links, spec.max_links) {
        (Some(min), _) if n < min => out.push(CheckOutcome::fail(
            check,
            format!("at least {min} links"),
            format!("{n}"),
        )),
        (_, Some(max)) if n > max => out.push(CheckOutcome::fail(
            check,
            format!("at most {max} links"),
            format!("{n}"),
        )),
        _ => out.push(CheckOutcome::pass(check)),
    }
    let page_host = Url::parse(page_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    let allowed: Vec<String> = if spec.allowed_hosts.is_empty() {
        page_host.into_iter().collect()
    } else {
        spec.allowed_hosts.clone()
    };
    let mut seen_urls: HashSet<Url> = HashSet::new();
    for link in resolve_links(seen, page_url) {
        let check = format!(
            "{widget}: link `{}`",
            if link.text.is_empty() {
                link.href.as_str()
            } else {
                link.text.as_str()
            }
        );
        let before = out.len();
        if link.text.trim().is_empty() {
            out.push(CheckOutcome::fail(
                &check,
                "a link with text",
                format!("an empty link to `{}`", link.href),
            ));
        }
        match &link.url {
            Err(e) => out.push(CheckOutcome::fail(
                &check,
                "an href that resolves to a URL",
                format!("`{}`: {e}", link.href),
            )),
            Ok(url) if !matches!(url.scheme(), "http" | "https") => out.push(CheckOutcome::fail(
                &check,
                "an http(s) link",
                format!("`{url}`"),
            )),
            Ok(url) => {
                let host = url.host_str().unwrap_or("").to_ascii_lowercase();
                if !allowed.contains(&host) {
                    out.push(CheckOutcome::fail(
                        &check,
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
                let mut key = url.clone();
                key.set_fragment(None);
                if !seen_urls.insert(key) {
                    out.push(CheckOutcome::fail(
                        &check,
                        "no duplicate links",
                        format!("`{url}` appears again"),
                    ));
                }
                if let Some(status) = status.and_then(|s| s.get(url)) {
                    match status {
                        LinkStatus::Status(code) if (200..300).contains(code) => {}
                        LinkStatus::Status(code) => out.push(CheckOutcome::fail(
                            &check,
                            "a success status (2xx)",
                            format!("`{url}` answered {code}"),
                        )),
                        LinkStatus::Failed(e) => out.push(CheckOutcome::fail(
                            &check,
                            "a success status (2xx)",
                            format!("`{url}`: {e}"),
                        )),
                    }
                }
            }
        }
        if out.len() == before {
            out.push(CheckOutcome::pass(check));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::LinkObservation;
    use std::time::Duration;

    fn spec() -> StoriesSpec {
        StoriesSpec {
            root: "#stories".into(),
            min_links: Some(2),
            max_links: Some(5),
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
                })
                .collect(),
            error: None,
        }
    }

    fn fails(out: Vec<CheckOutcome>) -> Vec<String> {
        out.into_iter()
            .filter_map(|o| match o {
                CheckOutcome::Fail {
                    check,
                    expected,
                    found,
                } => Some(format!("{check} | {expected} | {found}")),
                _ => None,
            })
            .collect()
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
        ]);
        let f = fails(evaluate(&spec(), &s, PAGE, None));
        assert_eq!(
            f,
            [
                "stories `#stories`: number of links | at most 5 links | 6",
                "stories `#stories`: link `leer.html` | a link with text | an empty link to `leer.html`",
                "stories `#stories`: link `Fremd` | a link on `127.0.0.1` | `https://elsewhere.example/x`",
                "stories `#stories`: link `Doppelt 2` | no duplicate links | `http://127.0.0.1:8080/pages/eins.html#a` appears again",
                "stories `#stories`: link `Mail` | an http(s) link | `mailto:a@b.example`",
                "stories `#stories`: link `Kaputt` | an href that resolves to a URL | `http://[::1`: invalid IPv6 address",
            ]
        );
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
            ["stories `#stories`: link `Zwei` | a success status (2xx) | `http://127.0.0.1:8080/pages/zwei.html` answered 404"]
        );
    }
}
