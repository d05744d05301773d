//! Validating `[stories]`.

use std::time::Duration;

use super::spec::{StoriesFile, StoriesSpec};
use crate::scenario::Validator;
use toml::Spanned;

/// `[stories]`.
pub(crate) fn stories(v: &mut Validator<'_>, s: &StoriesFile) -> StoriesSpec {
    let root = v.selector(&s.root, "`stories.root`");
    let mut bound = |new: &Option<Spanned<u32>>, old: &Option<Spanned<u32>>, name: &str| {
        if let (Some(_), Some(o)) = (new, old) {
            v.error(
                o.span(),
                format!("`stories.{name}_links` is the former name of `{name}_stories`: write one of them"),
                "written twice",
            );
        }
        new.as_ref()
            .or(old.as_ref())
            .map(|b| (*b.get_ref(), new.is_none()))
    };
    let min = bound(&s.min_stories, &s.min_links, "min");
    let max = bound(&s.max_stories, &s.max_links, "max");
    if let (Some((min, old_min)), Some((max, old_max))) = (min, max) {
        if min > max {
            let name = |old: bool, bound: &str| {
                if old {
                    format!("{bound}_links")
                } else {
                    format!("{bound}_stories")
                }
            };
            v.error(
                s.root.span(),
                format!(
                    "`stories.{}` ({min}) is more than `{}` ({max})",
                    name(old_min, "min"),
                    name(old_max, "max")
                ),
                "this widget",
            );
        }
    }
    StoriesSpec {
        root,
        item: s.item.as_ref().map(|i| v.selector(i, "`stories.item`")),
        min_stories: min.map(|(n, _)| n),
        max_stories: max.map(|(n, _)| n),
        bounds_named_links: s.min_links.is_some() || s.max_links.is_some(),
        allowed_hosts: v.host_patterns(&s.allowed_hosts),
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
    use crate::scenario::run_table as with;

    #[test]
    fn stories_tables_keep_their_bounds_in_order() {
        let text = "page = \"p\"\n[stories]\nroot = \"#s\"\nmin_links = 5\nmax_links = 2\nconcurrency = 1000\n";
        let (s, errors) = with(text, |v, f| stories(v, f.stories.as_ref().unwrap()));
        assert_eq!(s.concurrency, 64);
        assert_eq!(
            errors,
            ["`stories.min_links` (5) is more than `max_links` (2)"]
        );
        assert!(s.bounds_named_links);
    }

    #[test]
    fn allowed_hosts_are_host_patterns() {
        let text = "page = \"p\"\n[stories]\nroot = \"#s\"\nallowed_hosts = [\"*.News.example\", \"https://x.example/\"]\n";
        let (s, errors) = with(text, |v, f| stories(v, f.stories.as_ref().unwrap()));
        assert_eq!(s.allowed_hosts, ["*.news.example"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("`https://x.example/` is not a host pattern"),
            "{errors:?}"
        );
    }

    #[test]
    fn story_bounds_have_their_own_names_and_the_former_ones_still_read() {
        let cases = [
            (
                "min_stories = 3\nmax_stories = 9\n",
                (Some(3), Some(9), false),
                vec![],
            ),
            ("min_links = 3\n", (Some(3), None, true), vec![]),
            (
                "min_stories = 4\nmax_links = 9\n",
                (Some(4), Some(9), true),
                vec![],
            ),
            (
                "min_stories = 4\nmin_links = 3\n",
                (Some(4), None, true),
                vec!["`stories.min_links` is the former name of `min_stories`: write one of them"],
            ),
            (
                "min_stories = 4\nmax_stories = 1\n",
                (Some(4), Some(1), false),
                vec!["`stories.min_stories` (4) is more than `max_stories` (1)"],
            ),
        ];
        for (keys, (min, max, old), expected) in cases {
            let text = format!("page = \"p\"\n[stories]\nroot = \"#s\"\n{keys}");
            let (s, errors) = with(&text, |v, f| stories(v, f.stories.as_ref().unwrap()));
            assert_eq!(
                (s.min_stories, s.max_stories, s.bounds_named_links),
                (min, max, old),
                "{keys}"
            );
            assert_eq!(errors, expected, "{keys}");
        }
    }
}
