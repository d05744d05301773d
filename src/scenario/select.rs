//! Picking scenarios: `--filter PATTERN` and `--shard K/N`. The main type here is
//! [`Selection`]. Scenarios are never reordered; shards take every N-th scenario of the
//! sorted, filtered list, so they are deterministic, disjoint, and together the whole suite.

use std::fmt;
use std::str::FromStr;

use super::ScenarioList;

/// One shard of N: `2/4` is the second of four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}` is not K/N, such as 1/4"))?;
        let index: u32 = k
            .trim()
            .parse()
            .map_err(|_| format!("`{k}` in `{s}` is not a number"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` in `{s}` is not a number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard `{s}` must have 1 <= K <= N"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Which scenarios of a suite to run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep scenarios whose name or suite-relative file contains one of these texts, or
    /// matches it as a glob when it has `*` or `?`; none keeps all.
    pub filters: Vec<String>,
    /// Keep one shard of what the filter left.
    pub shard: Option<Shard>,
}

impl Selection {
    /// Whether the selection keeps everything.
    pub fn is_everything(&self) -> bool {
        self.filters.is_empty() && self.shard.is_none()
    }

    /// Applies the filter, then the shard.
    pub fn apply(&self, mut list: ScenarioList) -> ScenarioList {
        if !self.filters.is_empty() {
            let root = list.root.clone();
            list.scenarios.retain(|s| {
                let file = s.path.strip_prefix(&root).unwrap_or(&s.path);
                let file = file.to_string_lossy().replace('\\', "/");
                self.filters
                    .iter()
                    .any(|f| matches(f, s.id.as_str()) || matches(f, &file))
            });
        }
        if let Some(shard) = self.shard {
            list.scenarios = list
                .scenarios
                .into_iter()
                .enumerate()
                .filter(|(i, _)| (*i as u32) % shard.count == shard.index - 1)
                .map(|(_, s)| s)
                .collect();
        }
        list
    }

    /// Describes the selection for messages: "the filter `x` and shard 1/4".
    pub fn describe(&self) -> String {
        let filters = match self.filters.as_slice() {
            [] => None,
            [f] => Some(format!("the filter `{f}`")),
            many => Some(format!(
                "the filters {}",
                many.iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        match (filters, &self.shard) {
            (Some(f), Some(s)) => format!("{f} and shard {s}"),
            (Some(f), None) => f,
            (None, Some(s)) => format!("shard {s}"),
            (None, None) => "the suite".into(),
        }
    }
}

/// A substring match, or a glob (`*` any run of characters, `?` one) when the pattern has one.
pub fn matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains(['*', '?']) {
        return name.contains(pattern);
    }
    fn glob(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) => glob(&p[1..], n) || (!n.is_empty() && glob(p, &n[1..])),
            (Some('?'), Some(_)) => glob(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => glob(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    glob(&p, &n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{PageTarget, Readiness, Scenario, ScenarioId, Viewport, Widgets};

    fn list(names: &[&str]) -> ScenarioList {
        ScenarioList {
            root: "scenarios".into(),
            scenarios: names
                .iter()
                .map(|n| Scenario {
                    id: ScenarioId(n.to_string()),
                    path: format!("{n}.toml").into(),
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
                        timeout: Readiness::DEFAULT_TIMEOUT,
                        scroll: false,
                        consent: None,
                    },
                    regions: vec![],
                    ignore: vec![],
                    redactions: vec![],
                    widgets: Widgets::default(),
                    locale: Default::default(),
                })
                .collect(),
        }
    }

    fn names(l: &ScenarioList) -> Vec<&str> {
        l.scenarios.iter().map(|s| s.id.as_str()).collect()
    }

    #[test]
    fn filters_by_substring_or_glob() {
        let all = list(&[
            "article-locked",
            "article-open",
            "player-iframe",
            "sport/match",
        ]);
        let sel = |f: &str| {
            Selection {
                filters: f.split(' ').map(str::to_owned).collect(),
                shard: None,
            }
            .apply(all.clone())
        };
        assert_eq!(names(&sel("article")), ["article-locked", "article-open"]);
        assert_eq!(names(&sel("*-i*")), ["player-iframe"]);
        assert_eq!(names(&sel("sport/*")), ["sport/match"]);
        assert_eq!(names(&sel("?layer*")), ["player-iframe"]);
        assert_eq!(
            names(&sel("article-open.toml")),
            ["article-open"],
            "by file"
        );
        assert_eq!(
            names(&sel("locked sport")),
            ["article-locked", "sport/match"],
            "any of several"
        );
        assert_eq!(names(&sel("nothing")), Vec::<&str>::new());
    }

    #[test]
    fn shards_are_disjoint_and_cover_the_suite() {
        let all = list(&["a", "b", "c", "d", "e", "f", "g"]);
        let mut seen = Vec::new();
        for k in 1..=3 {
            let shard = Selection {
                filters: vec![],
                shard: Some(Shard { index: k, count: 3 }),
            }
            .apply(all.clone());
            let again = Selection {
                filters: vec![],
                shard: Some(Shard { index: k, count: 3 }),
            }
            .apply(all.clone());
            assert_eq!(names(&shard), names(&again), "deterministic");
            seen.extend(names(&shard).into_iter().map(str::to_owned));
        }
        seen.sort();
        assert_eq!(seen, ["a", "b", "c", "d", "e", "f", "g"]);
    }

    #[test]
    fn shard_syntax_is_checked() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        assert!("0/4".parse::<Shard>().is_err());
        assert!("5/4".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
