//! The widget tables of a scenario file, one function each: `[player]`, `[comments]` and
//! `[stories]`, turned into the specs the probes and checks use.

use std::time::Duration;

use super::model::ScenarioFile;
use super::validate::Validator;
use super::widgets::{
    parse_rate, time_shape_pattern, CommentsExpectation, CommentsFile, CommentsSpec, ControlKind,
    LockoutAge, PlayerFile, PlayerSpec, StoriesFile, StoriesSpec, Widgets,
};

/// Every widget table the file has.
pub(super) fn widgets(v: &mut Validator<'_>, file: &ScenarioFile) -> Widgets {
    Widgets {
        player: file.player.as_ref().map(|p| player(v, p)),
        comments: file.comments.as_ref().map(|c| comments(v, c)),
        stories: file.stories.as_ref().map(|s| stories(v, s)),
    }
}

/// `[player]`.
pub(super) fn player(v: &mut Validator<'_>, p: &PlayerFile) -> PlayerSpec {
    let root = v.selector(&p.root, "`player.root`");
    let media = p.media.as_ref().map(|m| v.selector(m, "`player.media`"));
    let mut selectors = Vec::new();
    for (name, sel) in &p.selectors {
        let value = v.selector(sel, &format!("`player.selectors.{name}`"));
        match ControlKind::ALL.iter().find(|k| k.name() == name) {
            Some(kind) => selectors.push((*kind, value)),
            None => {
                let known: Vec<String> = ControlKind::ALL
                    .iter()
                    .map(|k| format!("`{}`", k.name()))
                    .collect();
                let e = v
                    .at(
                        sel.span(),
                        format!("unknown player control `{name}` in `player.selectors`"),
                        "this control",
                    )
                    .with_help(format!("known controls: {}", known.join(", ")));
                v.push(e);
            }
        }
    }
    let speed = p
        .speed
        .as_ref()
        .and_then(|s| match parse_rate(s.get_ref()) {
            Some(r) => Some((s.get_ref().clone(), r)),
            None => {
                v.error(
                    s.span(),
                    format!(
                        "`player.speed` must be a rate such as \"1.0x\", got `{}`",
                        s.get_ref()
                    ),
                    "this rate",
                );
                None
            }
        });
    PlayerSpec {
        root,
        controls: p.controls.clone(),
        time_pattern: p.time_format.as_deref().map(time_shape_pattern),
        time_format: p.time_format.clone(),
        speed,
        behaviour: p.behaviour,
        tolerance: v
            .duration(p.tolerance.as_ref(), "player.tolerance")
            .unwrap_or(Duration::from_millis(500)),
        media,
        selectors,
    }
}

/// `[comments]`.
pub(super) fn comments(v: &mut Validator<'_>, c: &CommentsFile) -> CommentsSpec {
    let root = v.selector(&c.root, "`comments.root`");
    let message_pattern = c
        .message_pattern
        .as_ref()
        .and_then(|p| v.regex(p, "`comments.message_pattern`"));
    let lockout_after = c.lockout_after.as_ref().and_then(|a| {
        let age = LockoutAge::parse(a.get_ref());
        if age.is_none() {
            let e = v
                .at(
                    a.span(),
                    format!("invalid age `{}` for `comments.lockout_after`", a.get_ref()),
                    "this age",
                )
                .with_help(
                    "write a number and days, weeks, months or years, such as \"18 months\"",
                );
            v.push(e);
        }
        age
    });
    if *c.expect.get_ref() == CommentsExpectation::ByAge && c.lockout_after.is_none() {
        let e = v
            .at(
                c.expect.span(),
                "`expect = \"by_age\"` needs `lockout_after`",
                "here",
            )
            .with_help("add `lockout_after = \"18 months\"` (or the site's rule) to `[comments]`");
        v.push(e);
    }
    let today = c.today.as_ref().and_then(|t| {
        match chrono::NaiveDate::parse_from_str(t.get_ref(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(err) => {
                let e = v
                    .at(
                        t.span(),
                        format!("invalid date `{}` for `comments.today`: {err}", t.get_ref()),
                        "this date",
                    )
                    .with_help("write the date as YYYY-MM-DD");
                v.push(e);
                None
            }
        }
    });
    let published_visible = match (&c.published_selector, &c.published_format) {
        (Some(sel), Some(fmt)) => Some((
            v.selector(sel, "`comments.published_selector`"),
            fmt.clone(),
        )),
        (Some(sel), None) => {
            let e = v
                .at(
                    sel.span(),
                    "`published_selector` needs `published_format`",
                    "this selector",
                )
                .with_help("add a chrono format such as `published_format = \"%d.%m.%Y\"`");
            v.push(e);
            None
        }
        _ => None,
    };
    CommentsSpec {
        root,
        form: c.form.as_ref().map(|f| v.selector(f, "`comments.form`")),
        expect: *c.expect.get_ref(),
        message: c.message.clone(),
        message_pattern,
        links: c.links.clone(),
        lockout_after,
        today,
        published_visible,
    }
}

/// `[stories]`.
pub(super) fn stories(v: &mut Validator<'_>, s: &StoriesFile) -> StoriesSpec {
    let root = v.selector(&s.root, "`stories.root`");
    if let (Some(min), Some(max)) = (s.min_links, s.max_links) {
        if min > max {
            v.error(
                s.root.span(),
                format!("`stories.min_links` ({min}) is more than `max_links` ({max})"),
                "this widget",
            );
        }
    }
    StoriesSpec {
        root,
        item: s.item.as_ref().map(|i| v.selector(i, "`stories.item`")),
        min_links: s.min_links,
        max_links: s.max_links,
        allowed_hosts: s
            .allowed_hosts
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect(),
        check_targets: s.check_targets,
        concurrency: s.concurrency.unwrap_or(4).clamp(1, 64) as usize,
        timeout: v
            .duration(s.timeout.as_ref(), "stories.timeout")
            .unwrap_or(Duration::from_secs(5)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with<T>(
        text: &str,
        f: impl FnOnce(&mut Validator<'_>, &ScenarioFile) -> T,
    ) -> (T, Vec<String>) {
        let file: ScenarioFile = toml::from_str(text).unwrap();
        let mut v = Validator::new("s.toml", text);
        let value = f(&mut v, &file);
        (value, v.errors.into_iter().map(|e| e.message).collect())
    }

    #[test]
    fn player_tables_name_unknown_controls_and_bad_rates() {
        let text = "page = \"p\"\n[player]\nroot = \"#p\"\ncontrols = [\"play\"]\nspeed = \"fast\"\n[player.selectors]\nplay = \".play\"\nrewind = \".rw\"\n";
        let (p, errors) = with(text, |v, f| player(v, f.player.as_ref().unwrap()));
        assert_eq!(p.selectors, [(ControlKind::Play, ".play".to_owned())]);
        assert_eq!(p.tolerance, Duration::from_millis(500));
        assert_eq!(
            errors,
            [
                "unknown player control `rewind` in `player.selectors`",
                "`player.speed` must be a rate such as \"1.0x\", got `fast`",
            ]
        );
    }

    #[test]
    fn comments_tables_need_what_their_expectation_needs() {
        let text = "page = \"p\"\n[comments]\nroot = \"#c\"\nexpect = \"by_age\"\ntoday = \"2020-13-01\"\npublished_selector = \".date\"\n";
        let (_, errors) = with(text, |v, f| comments(v, f.comments.as_ref().unwrap()));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("needs `lockout_after`"), "{errors:?}");
        let text = "page = \"p\"\n[comments]\nroot = \"#c\"\nexpect = \"by_age\"\nlockout_after = \"18 months\"\nmessage_pattern = \"kein.*möglich\"\n";
        let (c, errors) = with(text, |v, f| comments(v, f.comments.as_ref().unwrap()));
        assert!(errors.is_empty() && c.lockout_after.is_some() && c.message_pattern.is_some());
    }

    #[test]
    fn stories_tables_keep_their_bounds_in_order() {
        let text = "page = \"p\"\n[stories]\nroot = \"#s\"\nmin_links = 5\nmax_links = 2\nconcurrency = 1000\n";
        let (s, errors) = with(text, |v, f| stories(v, f.stories.as_ref().unwrap()));
        assert_eq!(s.concurrency, 64);
        assert_eq!(
            errors,
            ["`stories.min_links` (5) is more than `max_links` (2)"]
        );
    }
}
