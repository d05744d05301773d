//! Writing scenarios from pages: `harness new PAGE` proposes a scenario, `harness scrape
//! PAGE` shows what the harness sees. The main functions here are [`propose`] (pure: what
//! two reads of a page say → the scenario's TOML) and [`probe_scenario`] (the TOML a first
//! read uses).
//!
//! `new` works in two steps. `candidates` reads the page's HTML for where the headline,
//! article and widgets probably are. The page is then read twice in the browser as a
//! scenario that names every candidate and every player control: what the widget sections
//! report confirms each candidate (controls found, the comment section's state and lockout
//! message, the stories' link count), and text that differs between the two reads becomes a
//! proposed redaction. Nothing is written into the scenario that the browser did not see.

mod candidates;
mod command;
mod scrape;

use std::fmt::Write;

pub use candidates::{candidates, Candidate, Candidates};
pub use command::{new_scenario, scrape};
pub use scrape::{scrape_report, ScrapeReport, SelectorMatches};

use crate::scenario::ControlKind;
use crate::snapshot::parse_sections;

/// A TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The scenario of the first reads: the page, every candidate as a region and widget, every
/// player control.
pub fn probe_scenario(page: &str, c: &Candidates, settled: bool) -> String {
    let mut t = format!("page = {}\n", quoted(page));
    if settled {
        t.push_str("[ready]\nstable_for = \"300ms\"\n");
    }
    t.push_str("[regions]\n");
    for (name, cand) in regions(c) {
        let _ = writeln!(t, "{name} = {}", quoted(&cand));
    }
    if let Some(p) = &c.player {
        let kinds: Vec<String> = ControlKind::ALL.iter().map(|k| quoted(k.name())).collect();
        let _ = write!(
            t,
            "[player]\nroot = {}\ncontrols = [{}]\n",
            quoted(&p.selector),
            kinds.join(", ")
        );
    }
    if let Some(cm) = &c.comments {
        let _ = write!(
            t,
            "[comments]\nroot = {}\nexpect = \"open\"\n",
            quoted(&cm.selector)
        );
    }
    if let Some(s) = c.stories.first() {
        let _ = write!(t, "[stories]\nroot = {}\n", quoted(&s.selector));
    }
    t
}

/// The regions a scenario reads: headline, article, and each widget's root (a player in a
/// frame by its iframe).
fn regions(c: &Candidates) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(h) = &c.headline {
        out.push(("headline", h.selector.clone()));
    }
    if let Some(a) = &c.article {
        out.push(("article", a.selector.clone()));
    }
    if let Some(p) = &c.player {
        out.push((
            "player",
            p.frame.clone().unwrap_or_else(|| p.selector.clone()),
        ));
    }
    if let Some(s) = c.stories.first() {
        out.push(("stories", s.selector.clone()));
    }
    if let Some(cm) = &c.comments {
        out.push(("comments", cm.selector.clone()));
    }
    out
}

fn section<'a>(sections: &'a [(String, String)], name: &str) -> Option<&'a str> {
    sections
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
}

/// Whether a line reads like a comment section's lockout message (German or English).
pub fn reads_like_lockout(line: &str) -> bool {
    let l = line.to_lowercase();
    let about = ["komment", "comment", "diskussion", "discussion"]
        .iter()
        .any(|w| l.contains(w));
    let closed = [
        "geschlossen",
        "deaktiviert",
        "nicht mehr",
        "kein",
        "nicht erlaubt",
        "closed",
        "disabled",
        "no longer",
        "not be opened",
        "not possible",
    ]
    .iter()
    .any(|w| l.contains(w));
    about && closed
}

/// A redaction for a clock or an age in a line, whether or not it changed yet: a time of
/// day with seconds (`um 12:34:56`), or an age (`vor 3 Stunden`, `5 minutes ago`).
pub fn clock_redaction(line: &str) -> Option<(String, String)> {
    let clock = regex::Regex::new(r"\b\d{1,2}:\d{2}:\d{2}\b").expect("a valid pattern");
    if let Some(m) = clock.find(line) {
        let before = line[..m.start()].trim_end();
        let start = before.rfind(' ').map_or(0, |i| i + 1);
        let anchor = &line[start..m.start()];
        return Some((
            format!(r"{}\d{{1,2}}:\d{{2}}:\d{{2}}", regex::escape(anchor)),
            format!("{anchor}[TIME]"),
        ));
    }
    let german = regex::Regex::new(r"\bvor \d+ (Sekunden|Minuten|Stunden|Tagen|Wochen|Monaten)\b")
        .expect("a valid pattern");
    if german.is_match(line) {
        return Some((
            r"vor \d+ (Sekunden|Minuten|Stunden|Tagen|Wochen|Monaten)".into(),
            "vor [AGE]".into(),
        ));
    }
    let english = regex::Regex::new(r"\b\d+ (seconds?|minutes?|hours?|days?|weeks?|months?) ago\b")
        .expect("a valid pattern");
    english.is_match(line).then(|| {
        (
            r"\d+ (seconds?|minutes?|hours?|days?|weeks?|months?) ago".into(),
            "[AGE] ago".into(),
        )
    })
}

/// Whether a line is a loading indicator (`Loading...`, `Wird geladen …`, `Lädt…`).
pub fn reads_like_loading(line: &str) -> bool {
    let l = line.trim().trim_end_matches(['.', '…', ' ']).to_lowercase();
    l.len() <= 30
        && [
            "loading",
            "wird geladen",
            "werden geladen",
            "lädt",
            "bitte warten",
            "please wait",
        ]
        .iter()
        .any(|w| l == *w || l.ends_with(&format!(" {w}")) || l.starts_with(&format!("{w} ")))
}

/// A redaction for a line that changed between two reads: its digits become `\d+`, the
/// rest is matched literally, and the replacement names what it stands for.
pub fn redaction_for(line: &str) -> Option<(String, String)> {
    let digits = regex::Regex::new(r"\d+").expect("a valid pattern");
    let first = digits.find(line)?;
    // From the first number to the last: the words before it stay, as a stable anchor.
    let last = digits.find_iter(line).last()?;
    let before = line[..first.start()].trim_end();
    let start = before.rfind(' ').map_or(0, |i| i + 1);
    let anchor = &line[start..first.start()];
    let core = &line[first.start()..last.end()];
    let mut pattern = regex::escape(anchor);
    let mut rest = core;
    while let Some(m) = digits.find(rest) {
        pattern.push_str(&regex::escape(&rest[..m.start()]));
        pattern.push_str(r"\d+");
        rest = &rest[m.end()..];
    }
    Some((pattern, format!("{anchor}[DYNAMIC]")))
}

/// The scenario `harness new` writes, from the candidates and two reads of the page (the
/// snapshot bodies of the probe scenario), each key with a comment saying how it was found.
/// Three reads of a page, as snapshot bodies of the probe scenario: one as soon as the
/// harness would read it by default, two after its text has settled.
#[derive(Debug, Clone)]
pub struct Reads<'a> {
    /// Read as the page loaded, with the default readiness.
    pub as_loaded: &'a str,
    /// Read once its text had settled.
    pub first: &'a str,
    /// Read again, as settled.
    pub second: &'a str,
    /// What the story check counted in the settled reads (the fewer stories of the two), and
    /// the hosts their links lead to besides the page's own.
    pub stories: Option<crate::widget::stories::StoryCount>,
}

pub fn propose(page: &str, c: &Candidates, reads: Reads<'_>) -> String {
    let a = parse_sections(reads.first);
    let b = parse_sections(reads.second);
    let early = parse_sections(reads.as_loaded);
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Written by `harness new {page}`: each key says how it was found. Read it, trim it,"
    );
    let _ = writeln!(
        t,
        "# then `harness run` (the first run writes a pending snapshot) and `harness accept`."
    );
    let _ = writeln!(t, "page = {}", quoted(page));
    let mut ready = Vec::new();
    let mut t_regions = String::from("\n[regions]\n");
    let mut found_regions = 0;
    for (name, selector) in regions(c) {
        let why = match name {
            "headline" => c.headline.as_ref().map(|x| x.why.clone()),
            "article" => c.article.as_ref().map(|x| x.why.clone()),
            "player" => c.player.as_ref().map(|x| x.why.clone()),
            "stories" => c.stories.first().map(|x| x.why.clone()),
            _ => c.comments.as_ref().map(|x| x.why.clone()),
        }
        .unwrap_or_default();
        let text = section(&a, name).unwrap_or_default();
        if text.is_empty() {
            let _ = writeln!(
                t_regions,
                "# {name} = {} ({why}) read no text in the browser",
                quoted(&selector)
            );
            continue;
        }
        found_regions += 1;
        let _ = writeln!(t_regions, "# {why}; {} of text", plural_lines(text));
        let _ = writeln!(t_regions, "{name} = {}", quoted(&selector));
    }
    if found_regions == 0 {
        t_regions.push_str("# nothing was recognised; the whole page is read\npage = \"body\"\n");
    }
    // What has a region of its own is left out of the article's: one change, one section.
    let written = |sel: &str| {
        t_regions
            .lines()
            .any(|l| l.ends_with(&format!(" = {}", quoted(sel))) && !l.starts_with('#'))
    };
    let inside: Vec<String> = c
        .in_article
        .iter()
        .filter(|s| written(s))
        .map(|s| quoted(s))
        .collect();
    if !inside.is_empty() && section(&a, "article").is_some_and(|t| !t.is_empty()) {
        let _ = writeln!(
            t_regions,
            "\n# Read in their own regions, so left out of the article's.\n[region_ignore]\narticle = [{}]",
            inside.join(", ")
        );
    }
    let mut redactions: Vec<(String, String, &str)> = Vec::new();
    // Text that reads like a clock or an age changes later even when two reads close
    // together agree: a time with seconds, "vor 3 Stunden", "5 minutes ago".
    for (name, text) in &a {
        if name.starts_with("widget ") || name.starts_with("layout (") {
            continue;
        }
        for line in text.lines() {
            if let Some((p, r)) = clock_redaction(line) {
                if !redactions.iter().any(|(q, _, _)| *q == p) {
                    redactions.push((
                        p,
                        r,
                        "Reads like a clock or an age, which changes with time",
                    ));
                }
            }
        }
    }
    // Text that changed between two reads of the same page.
    for (name, text) in &a {
        if name.starts_with("widget ") || name.starts_with("layout (") {
            continue;
        }
        let other = section(&b, name).unwrap_or_default();
        let other: Vec<&str> = other.lines().collect();
        for line in text.lines().filter(|l| !other.contains(l)) {
            let covered = redactions
                .iter()
                .any(|(p, _, _)| regex::Regex::new(p).is_ok_and(|re| re.is_match(line)));
            if covered {
                continue;
            }
            if let Some(r) = redaction_for(line) {
                if !redactions.iter().any(|(p, _, _)| *p == r.0) {
                    redactions.push((r.0, r.1, "Changed between two reads of the page"));
                }
            }
        }
    }
    let mut widgets = String::new();
    if let (Some(p), Some(seen)) = (&c.player, section(&a, "widget player")) {
        let controls: Vec<&str> = seen
            .lines()
            .filter(|l| !l.contains("missing") && !l.contains("hidden") && !l.contains("disabled"))
            .filter_map(|l| l.split_once(": ").map(|(k, _)| k))
            .filter(|k| ControlKind::ALL.iter().any(|c| c.name() == *k))
            .collect();
        if !controls.is_empty() {
            let _ = writeln!(
                widgets,
                "\n# The player: {}. The browser found these controls:",
                p.why
            );
            for line in seen.lines() {
                let _ = writeln!(widgets, "#   {line}");
            }
            let _ = writeln!(
                widgets,
                "# If one is missing, name its element under [player.selectors]."
            );
            let list: Vec<String> = controls.iter().map(|k| quoted(k)).collect();
            let _ = write!(
                widgets,
                "[player]\nroot = {}\ncontrols = [{}]\n",
                quoted(&p.selector),
                list.join(", ")
            );
        }
    }
    if let (Some(cm), Some(seen)) = (&c.comments, section(&a, "widget comments")) {
        let text = section(&a, "comments").unwrap_or_default();
        let state = seen.lines().next().unwrap_or_default();
        let _ = writeln!(
            widgets,
            "\n# The comment section: {}. The browser saw `{state}`.",
            cm.why
        );
        if state.starts_with("state: open") {
            let _ = write!(
                widgets,
                "[comments]\nroot = {}\nexpect = \"open\"\n",
                quoted(&cm.selector)
            );
        } else if let Some(message) = text.lines().find(|l| reads_like_lockout(l)) {
            let published = seen
                .lines()
                .find_map(|l| l.strip_prefix("published: "))
                .filter(|p| *p != "unknown");
            match (published, lockout_age(message)) {
                // The page says when it was published and after how long comments close:
                // the check derives locked or open from the date.
                (Some(published), Some(age)) => {
                    let _ = writeln!(
                        widgets,
                        "# Published {published}; its lockout message says comments close after {age}: locked or open follows from the date."
                    );
                    let _ = write!(
                        widgets,
                        "[comments]\nroot = {}\nexpect = \"by_age\"\nlockout_after = {}\nmessage = {}\n",
                        quoted(&cm.selector),
                        quoted(&age),
                        quoted(message)
                    );
                }
                (published, _) => {
                    if let Some(published) = published {
                        let _ = writeln!(
                            widgets,
                            "# Published {published}: with the site's lockout age, `expect = \"by_age\"` and `lockout_after` would derive locked or open from the date."
                        );
                    }
                    let _ = writeln!(widgets, "# Its lockout message, as the page shows it:");
                    let _ = write!(
                        widgets,
                        "[comments]\nroot = {}\nexpect = \"locked\"\nmessage = {}\n",
                        quoted(&cm.selector),
                        quoted(message)
                    );
                }
            }
        } else {
            let _ = writeln!(
                widgets,
                "# No line of it reads like a lockout message; add `message` when it has one."
            );
            let _ = write!(
                widgets,
                "[comments]\nroot = {}\nexpect = \"locked\"\n",
                quoted(&cm.selector)
            );
        }
    }
    if let (Some(s), Some(count)) = (c.stories.first(), reads.stories.as_ref()) {
        if count.stories > 0 {
            let _ = writeln!(
                widgets,
                "\n# A story widget: {}; the browser saw {} {}.",
                s.why,
                count.stories,
                if count.stories == 1 {
                    "story"
                } else {
                    "stories"
                }
            );
            if let Some(next) = c.stories.get(1) {
                let _ = writeln!(
                    widgets,
                    "# The runner-up: `{}` ({}).",
                    next.selector, next.why
                );
            }
            let _ = write!(
                widgets,
                "[stories]\nroot = {}\nmin_stories = {}\n",
                quoted(&s.selector),
                count.stories
            );
            if !count.hosts.is_empty() {
                let _ = writeln!(
                    widgets,
                    "# The hosts its stories lead to besides the page's own (a saved copy's links keep its site's host)."
                );
                let _ = writeln!(
                    widgets,
                    "allowed_hosts = [{}]",
                    count
                        .hosts
                        .iter()
                        .map(|h| quoted(h))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            ready.push(format!("{} a", s.selector));
        }
    }
    // A loading indicator seen in a read and gone by the last: the page is not ready while
    // it shows. One the last read still shows stays for good (the script that would replace
    // it is missing, as in many saved copies): waiting for it would never end.
    let last_text: String = b
        .iter()
        .filter(|(name, _)| !name.starts_with("widget ") && !name.starts_with("layout ("))
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // A line of a read is the indicator; a text node of the served HTML may be part of a
    // line (`Loading comments… Trouble loading?`).
    let stays = |line: &str| last_text.lines().any(|l| l.trim() == line);
    let still_shown = |text: &str| last_text.contains(text);
    let mut loading: Vec<&str> = Vec::new();
    let mut lasting: Vec<&str> = Vec::new();
    for (name, text) in early.iter().chain(a.iter()).chain(b.iter()) {
        if name.starts_with("widget ") || name.starts_with("layout (") {
            continue;
        }
        for line in text.lines().map(str::trim) {
            if !reads_like_loading(line) || loading.contains(&line) || lasting.contains(&line) {
                continue;
            }
            if stays(line) {
                lasting.push(line);
            } else {
                loading.push(line);
            }
        }
    }
    // An indicator in a region's HTML as served (a player's frame's too) that the last read
    // no longer shows: a script replaces it, and the page is not ready before (it may be
    // gone before the first read, but not on a busy machine). One still shown stays for good.
    for indicator in &c.loading {
        if !still_shown(indicator)
            && !loading.iter().any(|l| indicator.contains(l))
            && !lasting.contains(&indicator.as_str())
        {
            loading.push(indicator);
        }
    }
    // Text that was not there yet, or no more, when the page had just loaded (after the
    // proposed redactions): without a loading indicator to wait for, wait for the text to
    // settle.
    let redacted = |text: &str| {
        redactions.iter().fold(text.to_owned(), |t, (p, r, _)| {
            regex::Regex::new(p).map_or(t.clone(), |re| re.replace_all(&t, r.as_str()).into_owned())
        })
    };
    let unsettled = early.iter().find_map(|(name, text)| {
        if name.starts_with("widget ") || name.starts_with("layout (") {
            return None;
        }
        let settled = redacted(section(&a, name).unwrap_or_default());
        let text = redacted(text);
        (text != settled).then(|| name.clone())
    });
    let settle = loading.is_empty() && unsettled.is_some();
    if !lasting.is_empty() {
        let list: Vec<String> = lasting.iter().map(|l| format!("`{l}`")).collect();
        let _ = writeln!(
            t,
            "\n# {} stayed on the page in every read: not waited for (whatever replaces it never came).",
            list.join(", ")
        );
    }
    if !ready.is_empty() || !loading.is_empty() || settle {
        t.push('\n');
        if settle {
            let _ = writeln!(
                t,
                "# Region `{}` read differently as the page loaded and a moment later: wait for its text to settle.",
                unsettled.as_deref().unwrap_or_default()
            );
        }
        if !loading.is_empty() {
            let _ = writeln!(
                t,
                "# The page showed a loading indicator when it was read: wait until it is gone."
            );
        }
        if !ready.is_empty() {
            let _ = writeln!(
                t,
                "# Wait for the story links, which may be filled in after the page loads."
            );
        }
        t.push_str("[ready]\n");
        if !loading.is_empty() {
            let list: Vec<String> = loading.iter().map(|l| quoted(l)).collect();
            let _ = writeln!(t, "text_absent = [{}]", list.join(", "));
        }
        if !ready.is_empty() {
            let _ = writeln!(t, "selector = {}", quoted(&ready.join(", ")));
        }
        if settle {
            t.push_str("stable_for = \"300ms\"\n");
        }
    }
    t.push_str(&t_regions);
    for (pattern, replacement, why) in &redactions {
        let _ = writeln!(t, "\n# {why}:");
        let _ = write!(
            t,
            "[[redact]]\npattern = {}\nreplacement = {}\n",
            toml_literal(pattern),
            quoted(replacement)
        );
    }
    t.push_str(&widgets);
    t
}

/// The age after which a lockout message says comments close (`älter als 18 Monate`,
/// `older than 30 days`), as `lockout_after` writes it (`18 months`).
pub fn lockout_age(message: &str) -> Option<String> {
    let re = regex::Regex::new(
        r"(?i)\b(\d{1,4})\s*(tag(?:e|en)?|days?|woche(?:n)?|weeks?|monat(?:e|en)?|months?|jahr(?:e|en)?|years?)\b",
    )
    .expect("a valid pattern");
    let c = re.captures(message)?;
    let unit = c[2].to_lowercase();
    let unit = match unit.chars().next()? {
        't' | 'd' => "days",
        'w' => "weeks",
        'm' => "months",
        _ => "years",
    };
    Some(format!("{} {unit}", &c[1]))
}

/// The proposal with `lines` written under its `[player]` table's `controls`, when it has
/// them.
fn under_player_controls(proposal: &str, lines: &str) -> Option<String> {
    let mut out = String::new();
    let mut in_player = false;
    let mut added = false;
    for line in proposal.lines() {
        if line.starts_with('[') {
            in_player = line == "[player]";
        }
        out.push_str(line);
        out.push('\n');
        if in_player && !added && line.starts_with("controls = ") {
            out.push_str(lines);
            added = true;
        }
    }
    added.then_some(out)
}

/// The proposal with `behaviour = true` in its `[player]` table, when it has one.
pub fn with_behaviour(proposal: &str) -> Option<String> {
    under_player_controls(
        proposal,
        "# The controls were used on the media element, and each did what it says.\nbehaviour = true\n",
    )
}

/// The proposal with a comment under its `[player]` table's controls saying why
/// `behaviour = true` was not written.
pub fn behaviour_not_kept(proposal: &str, failed: &[String]) -> String {
    let mut why = String::from("# `behaviour = true` was tried and left out; what did not work:\n");
    for f in failed.iter().take(5) {
        why.push_str(&format!("#   {}\n", f.replace('\n', " ")));
    }
    under_player_controls(proposal, &why).unwrap_or_else(|| proposal.to_owned())
}

/// What `harness new` says after writing: one line per part it looks for, found (with its
/// selector and how) or not (with what it looked for), so a user knows where to add a
/// selector of their own.
pub fn summary(c: &Candidates, written: &str) -> Vec<String> {
    let has_table = |t: &str| written.lines().any(|l| l.trim() == format!("[{t}]"));
    let region = |name: &str| {
        written
            .lines()
            .any(|l| l.starts_with(&format!("{name} = ")))
    };
    let mut out = Vec::new();
    let mut line = |what: &str, candidate: Option<&Candidate>, kept: bool, looked: &str| {
        out.push(match (candidate, kept) {
            (Some(x), true) => format!("found    {what}: `{}` ({})", x.selector, x.why),
            (Some(x), false) => format!(
                "skipped  {what}: `{}` ({}) showed nothing the harness could check in the browser",
                x.selector, x.why
            ),
            (None, _) => format!("missing  {what}: looked for {looked}"),
        });
    };
    line(
        "headline",
        c.headline.as_ref(),
        region("headline"),
        "`article h1`, `main h1`, a page's only `h1`",
    );
    line(
        "article",
        c.article.as_ref(),
        region("article"),
        "`article`, `[itemprop=articleBody]`, `main`, the text of the JSON-LD `articleBody`, a block of paragraphs of 500 characters or more",
    );
    line(
        "player",
        c.player.as_ref(),
        has_table("player"),
        "an id or class naming a player (`player`, `video-js`, `plyr`, …) or the element around a `video`/`audio`, also in a same-site iframe",
    );
    line(
        "comment section",
        c.comments.as_ref(),
        has_table("comments"),
        "an id or class naming comments (`comment`, `kommentar`, `discussion`, …)",
    );
    line(
        "story widget",
        c.stories.first(),
        has_table("stories"),
        "an id or class naming teasers (`stories`, `teaser`, `related`, `weitere`, …) holding links",
    );
    out
}

/// A TOML literal string when the text allows one (regexes read better without escapes).
fn toml_literal(s: &str) -> String {
    if s.contains('\'') || s.contains('\n') {
        quoted(s)
    } else {
        format!("'{s}'")
    }
}

fn plural_lines(text: &str) -> String {
    let n = text.lines().count();
    if n == 1 {
        "1 line".into()
    } else {
        format!("{n} lines")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_lines_are_recognised() {
        for (line, want) in [
            ("Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.", true),
            ("Die Kommentarfunktion unter diesem Artikel ist geschlossen.", true),
            ("This discussion is closed for comments.", true),
            ("Comments are closed.", true),
            ("Kommentare", false),
            ("Schreiben Sie einen Kommentar", false),
        ] {
            assert_eq!(reads_like_lockout(line), want, "{line}");
        }
    }

    #[test]
    fn clocks_and_ages_are_redacted_before_they_change() {
        for (line, want) in [
            (
                "Seite geladen um 12:34:56",
                Some((r"um \d{1,2}:\d{2}:\d{2}", "um [TIME]")),
            ),
            (
                "Pendlerin_G vor 3 Stunden",
                Some((
                    r"vor \d+ (Sekunden|Minuten|Stunden|Tagen|Wochen|Monaten)",
                    "vor [AGE]",
                )),
            ),
            (
                "posted 5 minutes ago",
                Some((
                    r"\d+ (seconds?|minutes?|hours?|days?|weeks?|months?) ago",
                    "[AGE] ago",
                )),
            ),
            // A publication time without seconds, a player's time: left alone.
            ("Steiermark 25.04.2019 17:09", None),
            ("00:00 / 00:30", None),
        ] {
            let got = clock_redaction(line);
            assert_eq!(
                got,
                want.map(|(p, r)| (p.to_owned(), r.to_owned())),
                "{line}"
            );
            if let Some((p, _)) = got {
                assert!(regex::Regex::new(&p).unwrap().is_match(line));
            }
        }
    }

    #[test]
    fn changing_lines_become_redactions() {
        for (line, want) in [
            (
                "Seite geladen um 12:34:56",
                Some((r"um \d+:\d+:\d+", "um [DYNAMIC]")),
            ),
            ("42 Leser online", Some((r"\d+", "[DYNAMIC]"))),
            ("no digits", None),
        ] {
            let got = redaction_for(line);
            assert_eq!(
                got,
                want.map(|(p, r)| (p.to_owned(), r.to_owned())),
                "{line}"
            );
            if let Some((p, _)) = got {
                assert!(regex::Regex::new(&p).unwrap().is_match(line));
            }
        }
    }

    #[test]
    fn a_proposal_keeps_only_what_the_browser_saw() {
        let c = candidates(
            "<article><h1>T</h1><div id=player></div></article><section id=comments></section><div id=stories></div>",
            &|_| None,
        );
        let first = "── headline ──\nT\n\n── article ──\nT\nSeite geladen um 10:00:01\n\n── player ──\nLoading...\nplay_arrow\n\n── stories ──\nA\nB\n\n── comments ──\nKommentare\nKommentare sind geschlossen.\n\n── widget player ──\nplay: play_arrow (by ligature)\nback_10: missing\ntime: 00:00 (by text, hidden)\nmedia: video, 3.0 s\n\n── widget comments ──\nstate: locked (no field accepts input)\n\n── widget stories ──\n2 links\nA → a.html\nB → b.html\n";
        // The indicator is gone by the last read: it is waited for.
        let second = first
            .replace("10:00:01", "10:00:02")
            .replace("Loading...\n", "");
        let toml = propose(
            "pages/a.html",
            &c,
            Reads {
                as_loaded: first,
                first,
                second: &second,
                stories: Some(crate::widget::stories::StoryCount {
                    stories: 2,
                    hosts: vec!["www.tagespost.example".into()],
                }),
            },
        );
        assert!(toml.contains("controls = [\"play\"]\n"), "{toml}");
        assert!(
            toml.contains("expect = \"locked\"\nmessage = \"Kommentare sind geschlossen.\""),
            "{toml}"
        );
        assert!(toml.contains("min_stories = 2"), "{toml}");
        assert!(
            toml.contains("allowed_hosts = [\"www.tagespost.example\"]"),
            "{toml}"
        );
        assert!(toml.contains("the browser saw 2 stories."), "{toml}");
        // The headline and the player have regions of their own: not read again in the
        // article's.
        assert!(
            toml.contains("[region_ignore]\narticle = [\"article h1\", \"#player\"]\n"),
            "{toml}"
        );
        assert!(
            toml.contains(r"pattern = 'um \d{1,2}:\d{2}:\d{2}'"),
            "{toml}"
        );
        // Two reads within one second agree on the clock; it is redacted all the same.
        let same = propose(
            "pages/a.html",
            &c,
            Reads {
                as_loaded: first,
                first,
                second: first,
                stories: None,
            },
        );
        assert!(
            same.contains(r"pattern = 'um \d{1,2}:\d{2}:\d{2}'"),
            "{same}"
        );
        assert!(
            toml.contains("[ready]\ntext_absent = [\"Loading...\"]\nselector = \"#stories a\""),
            "{toml}"
        );
        for (line, loading) in [
            ("Loading...", true),
            ("Wird geladen …", true),
            ("Seite geladen um 10:00", false),
            ("Lädt", true),
            // A button that loads comments is no indicator.
            ("Kommentare laden", false),
            ("Kommentare werden geladen", true),
            ("Die Straßenbahn lädt zur Fahrt ein", false),
        ] {
            assert_eq!(reads_like_loading(line), loading, "{line}");
        }
        let parsed: toml::Table = toml::from_str(&toml).unwrap();
        assert_eq!(parsed["regions"]["headline"].as_str(), Some("article h1"));
    }

    #[test]
    fn behaviour_is_added_to_the_player_table_only() {
        let proposal = "page = \"p\"\n[regions]\ncontrols = \"#c\"\n[player]\nroot = \"#p\"\ncontrols = [\"play\"]\n\n[comments]\nroot = \"#c\"\n";
        let with = with_behaviour(proposal).unwrap();
        assert!(
            with.contains("[player]\nroot = \"#p\"\ncontrols = [\"play\"]\n# The controls were used on the media element, and each did what it says.\nbehaviour = true\n"),
            "{with}"
        );
        assert_eq!(with.matches("behaviour = true").count(), 1);
        assert!(with_behaviour("page = \"p\"\n").is_none());
        let not = behaviour_not_kept(
            proposal,
            &["play works: currentTime 0.00 s → 0.00 s".into()],
        );
        assert!(
            not.contains("controls = [\"play\"]\n# `behaviour = true` was tried and left out; what did not work:\n#   play works: currentTime 0.00 s → 0.00 s\n"),
            "{not}"
        );
    }

    #[test]
    fn lockout_ages_are_read_from_the_message() {
        for (message, age) in [
            (
                "Da dieser Artikel älter als 18 Monate ist, ist kein Kommentieren mehr möglich.",
                Some("18 months"),
            ),
            (
                "Comments are closed on articles older than 30 days.",
                Some("30 days"),
            ),
            (
                "Nach 2 Wochen wird die Diskussion geschlossen.",
                Some("2 weeks"),
            ),
            ("Kommentare sind nach einem Jahr geschlossen.", None),
            ("Die Kommentarfunktion ist geschlossen.", None),
        ] {
            assert_eq!(lockout_age(message).as_deref(), age, "{message}");
        }
    }

    #[test]
    fn the_summary_names_what_was_found_and_what_was_looked_for() {
        let c = candidates(
            "<article><h1>T</h1><p>Text</p></article><section id=comments></section><div id=stories><a href=a>A</a><a href=b>B</a></div>",
            &|_| None,
        );
        let written = "page = \"p\"\n[regions]\nheadline = \"article h1\"\narticle = \"article\"\n[comments]\nroot = \"#comments\"\nexpect = \"open\"\n";
        let lines = summary(&c, written);
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(
            lines[0].starts_with("found    headline: `article h1`"),
            "{lines:#?}"
        );
        assert!(
            lines[1].starts_with("found    article: `article`"),
            "{lines:#?}"
        );
        assert!(
            lines[2].starts_with("missing  player: looked for an id or class naming a player"),
            "{lines:#?}"
        );
        assert!(
            lines[3].starts_with("found    comment section: `#comments`"),
            "{lines:#?}"
        );
        assert!(
            lines[4].starts_with("skipped  story widget: `#stories`")
                && lines[4].ends_with("showed nothing the harness could check in the browser"),
            "{lines:#?}"
        );
    }

    #[test]
    fn a_page_that_changes_after_load_is_waited_for() {
        let c = candidates(
            "<article><h1>T</h1><div id=player></div></article>",
            &|_| None,
        );
        let settled = "── headline ──\nT\n\n── player ──\n00:00 / 00:30\n";
        let cases = [
            // A loading indicator as the page loaded: wait until it is gone.
            (
                "── headline ──\nT\n\n── player ──\nLoading...\n",
                "text_absent = [\"Loading...\"]",
            ),
            // Other text that was not there yet: wait for the text to settle.
            (
                "── headline ──\nT\n\n── player ──\n\n",
                "stable_for = \"300ms\"",
            ),
        ];
        for (early, wanted) in cases {
            let toml = propose(
                "p.html",
                &c,
                Reads {
                    as_loaded: early,
                    first: settled,
                    second: settled,
                    stories: None,
                },
            );
            assert!(toml.contains(wanted), "{toml}");
        }
        let steady = propose(
            "p.html",
            &c,
            Reads {
                as_loaded: settled,
                first: settled,
                second: settled,
                stories: None,
            },
        );
        assert!(!steady.contains("[ready]"), "{steady}");
        // An indicator every read shows stays for good (a saved copy without the script
        // that replaces it): waiting for it would time out, so it is only mentioned.
        let stuck = "── headline ──\nT\n\n── player ──\nLoading...\n";
        let toml = propose(
            "p.html",
            &c,
            Reads {
                as_loaded: stuck,
                first: stuck,
                second: stuck,
                stories: None,
            },
        );
        assert!(!toml.contains("text_absent"), "{toml}");
        assert!(
            toml.contains("# `Loading...` stayed on the page in every read: not waited for"),
            "{toml}"
        );
        // A served indicator that is part of a line the last read still shows stays too.
        let served = candidates(
            "<article><h1>T</h1><div id=player><span>Loading comments…</span> <a href=x>Trouble loading?</a></div></article>",
            &|_| None,
        );
        let line = "── headline ──\nT\n\n── player ──\nLoading comments… Trouble loading?\n";
        let toml = propose(
            "p.html",
            &served,
            Reads {
                as_loaded: line,
                first: line,
                second: line,
                stories: None,
            },
        );
        assert!(!toml.contains("text_absent"), "{toml}");
    }
}
