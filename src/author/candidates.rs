//! Where a page's headline, article and widgets probably are, read from its HTML: the first
//! half of `harness new`. Pure (HTML in, selectors out); the browser then confirms each
//! candidate, and the ones it does not confirm are dropped.

use scraper::{ElementRef, Html, Selector};

/// One guess: a CSS selector and how it was found (written as a comment beside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The selector, unique in its document.
    pub selector: String,
    /// How it was found.
    pub why: String,
    /// For a player inside an iframe: the iframe's selector in the page.
    pub frame: Option<String>,
}

/// Every guess for one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// The headline.
    pub headline: Option<Candidate>,
    /// The article body.
    pub article: Option<Candidate>,
    /// The media player.
    pub player: Option<Candidate>,
    /// The comment section.
    pub comments: Option<Candidate>,
    /// Story widgets (teaser lists, "more stories").
    pub stories: Vec<Candidate>,
    /// Loading indicators (`Loading...`) in the HTML as served, inside the candidates (and in
    /// a player's frame): a region that shows one until a script replaces it is not ready
    /// while it shows.
    pub loading: Vec<String>,
    /// The selectors of the other candidates (headline, player or its frame, story widget,
    /// comment section) that lie inside the article: left out of the article region, so
    /// that each text is read in one region only.
    pub in_article: Vec<String>,
}

/// The loading indicators among an element's text nodes.
fn loading_texts(el: ElementRef<'_>, out: &mut Vec<String>) {
    for text in el.text() {
        let text = text.trim();
        if super::reads_like_loading(text) && !out.iter().any(|t| t == text) {
            out.push(text.to_owned());
        }
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid built-in selector")
}

/// A selector that matches `el` alone in `doc`: `#id`, or `tag.class`, or `None`.
fn unique_selector(doc: &Html, el: ElementRef<'_>) -> Option<String> {
    let v = el.value();
    let simple = |s: &str| {
        !s.is_empty()
            && !s.starts_with(|c: char| c.is_ascii_digit() || c == '-')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let count = |s: &str| Selector::parse(s).map_or(0, |q| doc.select(&q).count());
    if let Some(id) = v.id().filter(|i| simple(i)) {
        let s = format!("#{id}");
        if count(&s) == 1 {
            return Some(s);
        }
    }
    for class in v.classes().filter(|c| simple(c)) {
        let s = format!("{}.{class}", v.name());
        if count(&s) == 1 {
            return Some(s);
        }
    }
    let s = v.name().to_owned();
    (count(&s) == 1).then_some(s)
}

/// Whether the element's id or one of its classes matches one of the words.
fn named_like(el: ElementRef<'_>, words: &[&str]) -> Option<String> {
    let v = el.value();
    let names = v.id().into_iter().chain(v.classes());
    for name in names {
        let lower = name.to_ascii_lowercase();
        if let Some(w) = words.iter().find(|w| lower.contains(*w)) {
            return Some(format!(
                "its {} `{name}` has `{w}`",
                if v.id() == Some(name) { "id" } else { "class" }
            ));
        }
    }
    None
}

/// The outermost elements whose id or class has one of `words`, in document order, with the
/// reason.
fn outermost_named<'a>(doc: &'a Html, words: &[&str]) -> Vec<(ElementRef<'a>, String)> {
    let all = sel("body *");
    let mut out: Vec<(ElementRef<'a>, String)> = Vec::new();
    for el in doc.select(&all) {
        let Some(why) = named_like(el, words) else {
            continue;
        };
        let inside = el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| named_like(a, words).is_some());
        if !inside
            && !matches!(
                el.value().name(),
                "a" | "button" | "span" | "img" | "script" | "style" | "link" | "meta"
            )
        {
            out.push((el, why));
        }
    }
    out
}

const COMMENT_WORDS: &[&str] = &[
    "comment",
    "kommentar",
    "discussion",
    "diskussion",
    "forum-thread",
];
const STORY_WORDS: &[&str] = &[
    "stories",
    "story",
    "teaser",
    "related",
    "more-",
    "weitere",
    "empfehl",
    "recommend",
];
const PLAYER_WORDS: &[&str] = &["player", "video-js", "plyr", "jwplayer", "audio-"];

/// Reads the candidates of a page. `frame_html(src)` returns the HTML of a same-site
/// iframe (`None` for others), so a player inside one is found too.
pub fn candidates(html: &str, frame_html: &dyn Fn(&str) -> Option<String>) -> Candidates {
    let doc = Html::parse_document(html);
    let mut c = Candidates::default();
    for (query, why) in [
        ("article h1", "the `h1` inside the `article`"),
        ("main h1", "the `h1` inside `main`"),
        ("h1", "the page's only `h1`"),
    ] {
        let found: Vec<_> = doc.select(&sel(query)).collect();
        if let [_] = found.as_slice() {
            c.headline = Some(Candidate {
                selector: query.into(),
                why: why.into(),
                frame: None,
            });
            break;
        }
    }
    for (query, why) in [
        ("article", "the page's only `article`"),
        (
            "[itemprop=articleBody]",
            "the element marked `itemprop=articleBody`",
        ),
        ("main", "the page's `main`"),
    ] {
        if doc.select(&sel(query)).count() == 1 {
            c.article = Some(Candidate {
                selector: query.into(),
                why: why.into(),
                frame: None,
            });
            break;
        }
    }
    if c.article.is_none() {
        c.article = article_body(&doc);
    }
    c.player = find_player(&doc, None);
    if c.player.is_none() {
        for frame in doc.select(&sel("iframe[src]")) {
            let src = frame.value().attr("src").unwrap_or_default();
            let (Some(inner), Some(frame_sel)) = (frame_html(src), unique_selector(&doc, frame))
            else {
                continue;
            };
            let inner = Html::parse_document(&inner);
            if let Some(mut p) = find_player(&inner, Some(src)) {
                p.frame = Some(frame_sel);
                c.player = Some(p);
                loading_texts(inner.root_element(), &mut c.loading);
                break;
            }
        }
    }
    // The comment section a reader would name: one with a form to write in, else one that
    // holds some text (comments, a lockout message) or is an empty box a script fills;
    // a comment count ("12 Kommentare") beside the headline is none.
    let mut comments: Vec<(u8, Candidate)> = outermost_named(&doc, COMMENT_WORDS)
        .into_iter()
        .filter_map(|(el, why)| {
            let text: String = el.text().collect::<String>();
            let words = text.split_whitespace().count();
            let rank = if el.select(&sel("textarea, form, iframe")).next().is_some() {
                3
            } else if words >= 8 {
                2
            } else if words == 0 {
                1
            } else {
                return None;
            };
            unique_selector(&doc, el).map(|selector| {
                (
                    rank,
                    Candidate {
                        selector,
                        why,
                        frame: None,
                    },
                )
            })
        })
        .collect();
    comments.sort_by(|a, b| b.0.cmp(&a.0));
    c.comments = comments.into_iter().map(|(_, c)| c).next();
    let mut stories: Vec<(usize, Candidate)> = Vec::new();
    for (el, why) in outermost_named(&doc, STORY_WORDS) {
        let Some(selector) = unique_selector(&doc, el) else {
            continue;
        };
        let in_comments = c.comments.as_ref().is_some_and(|cm| {
            el.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| unique_selector(&doc, a).as_deref() == Some(&cm.selector))
        });
        let in_article_headline = el.select(&sel("h1")).next().is_some();
        // The page's header, navigation and footer are no story widgets, whatever their
        // classes say (a header row named `logo-teaser-search`).
        let landmark = std::iter::once(el)
            .chain(el.ancestors().filter_map(ElementRef::wrap))
            .any(|e| {
                matches!(e.value().name(), "header" | "nav" | "footer")
                    || matches!(
                        e.value().attr("role"),
                        Some("banner" | "navigation" | "contentinfo")
                    )
            });
        let targets = link_targets(el);
        // A story widget leads to several places, or is an empty box a script fills; a
        // block named like one that holds text but leads nowhere (an article body in
        // `.story-text`), or whose text is mostly not its links' (an article body in
        // `.storyBody` with links in its prose), is none.
        let words = el
            .text()
            .map(|t| t.split_whitespace().count())
            .sum::<usize>();
        let chars = |e: ElementRef<'_>| -> usize {
            e.text()
                .map(|t| t.split_whitespace().map(str::len).sum::<usize>())
                .sum()
        };
        let linked: usize = el.select(&sel("a[href]")).map(chars).sum();
        // A box a script fills holds at most a heading and a placeholder as served.
        let to_be_filled = targets == 0 && words <= 20;
        let prose = !to_be_filled && linked * 5 < chars(el);
        let why = match targets {
            0 => format!("{why}, without links as served"),
            n => format!("{why}, with links to {n} places"),
        };
        if !in_comments
            && !in_article_headline
            && !landmark
            && !prose
            && (targets >= 2 || to_be_filled)
        {
            stories.push((
                targets,
                Candidate {
                    selector,
                    why,
                    frame: None,
                },
            ));
        }
    }
    // The list of teasers before one of its cards: the candidate leading to the most places
    // first (a stable sort keeps page order among equals).
    stories.sort_by(|a, b| b.0.cmp(&a.0));
    c.stories = stories.into_iter().map(|(_, s)| s).collect();
    c.in_article = inside_article(&doc, &c);
    let selectors = [
        c.headline.as_ref(),
        c.article.as_ref(),
        c.player.as_ref().filter(|p| p.frame.is_none()),
        c.comments.as_ref(),
        c.stories.first(),
    ];
    for candidate in selectors.into_iter().flatten() {
        if let Some(el) = Selector::parse(&candidate.selector)
            .ok()
            .and_then(|q| doc.select(&q).next())
        {
            loading_texts(el, &mut c.loading);
        }
    }
    c
}

/// The article body where no element names it: the element holding the text of the page's
/// JSON-LD `articleBody`, else the largest block of paragraphs; each by a selector that
/// matches it alone (itself, or the nearest ancestor that has one).
fn article_body(doc: &Html) -> Option<Candidate> {
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text_of = |el: ElementRef<'_>| flat(&el.text().collect::<String>());
    let named = |el: ElementRef<'_>, why: &str| {
        std::iter::once(el)
            .chain(el.ancestors().filter_map(ElementRef::wrap))
            .take_while(|e| !matches!(e.value().name(), "body" | "html"))
            .find_map(|e| unique_selector(doc, e))
            .map(|selector| Candidate {
                selector,
                why: why.to_owned(),
                frame: None,
            })
    };
    // The JSON-LD article body's opening words, found in the page's paragraphs.
    let opening = doc
        .select(&sel("script[type=\"application/ld+json\"]"))
        .filter_map(|s| {
            serde_json::from_str::<serde_json::Value>(&s.text().collect::<String>()).ok()
        })
        .find_map(|v| json_article_body(&v))
        .map(|b| flat(&b).chars().take(60).collect::<String>())
        .filter(|o| o.chars().count() >= 30);
    if let Some(opening) = opening {
        let holder = doc
            .select(&sel("p"))
            .find(|p| text_of(*p).contains(&opening))
            .and_then(|p| p.parent().and_then(ElementRef::wrap));
        if let Some(found) =
            holder.and_then(|h| named(h, "the element holding the JSON-LD `articleBody`"))
        {
            return Some(found);
        }
    }
    // The element whose own paragraphs hold the most text.
    let mut best: Option<(usize, ElementRef<'_>)> = None;
    for el in doc.select(&sel("body *")) {
        let own: usize = el
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| c.value().name() == "p")
            .map(|p| text_of(p).chars().count())
            .sum();
        if own > best.map_or(0, |(n, _)| n) {
            best = Some((own, el));
        }
    }
    best.filter(|(n, _)| *n >= 500)
        .and_then(|(_, el)| named(el, "the largest block of paragraphs"))
}

/// The `articleBody` of a JSON-LD value (an object, a list of them, or an `@graph`).
fn json_article_body(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Array(items) => items.iter().find_map(json_article_body),
        serde_json::Value::Object(o) => o
            .get("articleBody")
            .and_then(|b| b.as_str().map(str::to_owned))
            .or_else(|| o.get("@graph").and_then(json_article_body)),
        _ => None,
    }
}

/// How many places an element's links lead to: distinct `href`s, fragments aside, not
/// counting links to a place on the page itself or to scripts.
fn link_targets(el: ElementRef<'_>) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for a in el.select(&sel("a[href]")) {
        let href = a.value().attr("href").unwrap_or_default().trim();
        let href = href.split('#').next().unwrap_or_default();
        if href.is_empty() || href.to_ascii_lowercase().starts_with("javascript:") {
            continue;
        }
        if !seen.contains(&href) {
            seen.push(href);
        }
    }
    seen.len()
}

/// The candidates that lie inside the article candidate, by their selectors.
fn inside_article(doc: &Html, c: &Candidates) -> Vec<String> {
    let first = |s: &str| Selector::parse(s).ok().and_then(|q| doc.select(&q).next());
    let Some(article) = c.article.as_ref().and_then(|a| first(&a.selector)) else {
        return Vec::new();
    };
    let player = c
        .player
        .as_ref()
        .map(|p| p.frame.clone().unwrap_or_else(|| p.selector.clone()));
    [
        c.headline.as_ref().map(|h| h.selector.clone()),
        player,
        c.stories.first().map(|s| s.selector.clone()),
        c.comments.as_ref().map(|cm| cm.selector.clone()),
    ]
    .into_iter()
    .flatten()
    .filter(|s| {
        first(s).is_some_and(|el| {
            el.id() != article.id() && el.ancestors().any(|a| a.id() == article.id())
        })
    })
    .collect()
}

/// The player of a document: an element named like a player, or the parent of a `video`
/// or `audio` element.
fn find_player(doc: &Html, frame: Option<&str>) -> Option<Candidate> {
    let place = frame
        .map(|f| format!(" in the frame `{f}`"))
        .unwrap_or_default();
    for (el, why) in outermost_named(doc, PLAYER_WORDS) {
        // An iframe is looked into, not taken as the player.
        if el.value().name() == "iframe" {
            continue;
        }
        if let Some(selector) = unique_selector(doc, el) {
            return Some(Candidate {
                selector,
                why: format!("{why}{place}"),
                frame: None,
            });
        }
    }
    for media in doc.select(&sel("video, audio")) {
        let name = media.value().name().to_owned();
        if let Some(selector) = unique_selector(doc, media) {
            return Some(Candidate {
                selector,
                why: format!("the page's `{name}` element{place}"),
                frame: None,
            });
        }
        if let Some(parent) = media.parent().and_then(ElementRef::wrap) {
            if let Some(selector) = unique_selector(doc, parent) {
                return Some(Candidate {
                    selector,
                    why: format!("the element around the `{name}`{place}"),
                    frame: None,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unnamed_article_body_is_found_by_json_ld_or_by_its_paragraphs() {
        let para = "Ein Absatz mit genug Worten, um als Fließtext eines Artikels zu gelten, und noch etwas mehr. ";
        let body = para.repeat(3);
        let ld = format!(
            "<script type=\"application/ld+json\">{{\"@graph\": [{{\"@type\": \"NewsArticle\", \"articleBody\": \"{body}\"}}]}}</script>"
        );
        // A larger block of other paragraphs elsewhere: the JSON-LD body wins over size.
        let other =
            "Andere Worte in einem anderen Block, die mit dem Artikel nichts zu tun haben. ";
        let page = format!(
            "<html><head>{ld}</head><body><div class=\"teaser\"><p>{other}</p><p>{other}</p><p>{other}</p><p>{other}</p><p>{other}</p><p>{other}</p><p>{other}</p><p>{other}</p></div><div class=\"text\"><div><p>{body}</p></div></div></body></html>"
        );
        let c = candidates(&page, &|_| None);
        let a = c.article.unwrap();
        assert_eq!(
            (a.selector.as_str(), a.why.as_str()),
            ("div.text", "the element holding the JSON-LD `articleBody`")
        );
        // Without JSON-LD: the largest block of paragraphs.
        let plain = page.replace(&ld, "");
        let a = candidates(&plain, &|_| None).article.unwrap();
        assert_eq!(
            (a.selector.as_str(), a.why.as_str()),
            ("div.teaser", "the largest block of paragraphs")
        );
        // A page with little text has no article.
        assert!(
            candidates("<body><div><p>Kurz.</p></div></body>", &|_| None)
                .article
                .is_none()
        );
    }

    fn of(html: &str) -> Candidates {
        candidates(html, &|src| {
            (src == "frame.html").then(|| {
                "<div id=\"player\"><span>Loading...</span><video></video></div>".to_owned()
            })
        })
    }

    fn selectors(c: &Candidates) -> Vec<String> {
        let one =
            |x: &Option<Candidate>| x.as_ref().map(|c| c.selector.clone()).unwrap_or_default();
        let mut v = vec![
            one(&c.headline),
            one(&c.article),
            one(&c.player),
            one(&c.comments),
        ];
        v.extend(c.stories.iter().map(|s| s.selector.clone()));
        v
    }

    #[test]
    fn finds_what_news_markup_shows() {
        let cases = [
            (
                "<h1>Site</h1><article><h1>Title</h1><div id=player class=player><video></video></div></article><section id=comments><form></form></section><aside id=stories><ul></ul></aside>",
                vec!["article h1", "article", "#player", "#comments", "#stories"],
            ),
            (
                "<main><h1>T</h1><div class=\"video-js vjs-default\"><video></video></div></main><div class=comment-list></div><div class=teaser-box><a href=a>x</a></div><div class=teaser-box></div>",
                // Two teaser boxes of one class have no unique selector: none is proposed.
                vec!["main h1", "main", "div.video-js", "div.comment-list"],
            ),
            (
                "<h1>T</h1><figure><video id=clip></video></figure><div id=kommentare><div class=kommentar></div></div>",
                vec!["h1", "", "#clip", "#kommentare"],
            ),
            (
                "<article><h1>T</h1><iframe id=player-frame src=frame.html></iframe></article>",
                vec!["article h1", "article", "#player", ""],
            ),
            ("<p>nothing here</p>", vec!["", "", "", ""]),
            // A comment count beside the headline is no comment section; the section with
            // its form is.
            (
                "<h1>T</h1><span><a class=comment-count href=#c>12 Kommentare</a></span><div class=comment-count-box>12 Kommentare</div><section id=comments><form><textarea></textarea></form></section>",
                vec!["h1", "", "", "#comments"],
            ),
            // A header row named like teasers, and a text block named like a story, are no
            // story widgets; the teaser list leading to three places is, before one card.
            (
                "<header><div id=logo-teaser><a href=/>Logo</a><a href=/abo>Abo</a></div></header><article><h1>T</h1><div class=story-text><p>Ein Absatz des Artikels mit so vielen Worten, wie ein Artikel sie hat, und noch einigen mehr, damit er als Fließtext gilt und nicht als leerer Kasten, den ein Skript füllt.</p></div></article><div id=teaser-card><a href=/x>X</a><a href=/ressort>R</a></div><ul id=related><li><a href=/a>A</a><li><a href=/b>B</a><li><a href=/c>C</a></ul>",
                vec!["article h1", "article", "", "", "#related", "#teaser-card"],
            ),
            // An article body named like a story, with links in its prose, is none.
            (
                "<h1>T</h1><div class=storyBody><p>Ein langer Absatz über die Stadt, in dem <a href=/a>ein Link</a> und <a href=/b>noch einer</a> stehen, aber vor allem viel Text ohne Links.</p></div>",
                vec!["h1", "", "", ""],
            ),
        ];
        for (html, want) in cases {
            assert_eq!(selectors(&of(html)), want, "{html}");
        }
        let framed =
            of("<article><h1>T</h1><iframe id=player-frame src=frame.html></iframe></article>");
        assert_eq!(framed.loading, ["Loading..."], "the frame's indicator");
        let p = framed.player.unwrap();
        assert_eq!(p.frame.as_deref(), Some("#player-frame"));
        assert!(p.why.contains("in the frame `frame.html`"), "{}", p.why);
    }
}
