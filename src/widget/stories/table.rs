//! Validating `[stories]`.

use std::time::Duration;

use super::spec::{StoriesFile, StoriesSpec};
use crate::scenario::Validator;

/// `[stories]`.
pub(crate) fn stories(v: &mut Validator<'_>, s: &StoriesFile) -> StoriesSpec {
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
    }
}
