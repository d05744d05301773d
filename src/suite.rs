//! Where the suite is: from the command line's paths, or found by walking up from the
//! current folder. The main type here is [`SuiteLocation`].
//!
//! A suite is a folder of scenario files, by convention `scenarios/`, with its snapshots in
//! `snapshots/` beside it. Every path argument is resolved to the suite that holds it, so
//! `harness run` works the same from the project folder, from inside `scenarios/` (`.`), or
//! with a scenario file (`scenarios/news/a.toml` runs that scenario only):
//!
//! - no path: the nearest folder, from the current one upwards, that is named `scenarios` or
//!   holds a `scenarios/` folder;
//! - a folder named `scenarios`, or one inside such a folder: that `scenarios` folder, the run
//!   limited to the scenarios under the given folder;
//! - any other folder: that folder is the suite;
//! - a scenario file: the suite that holds its folder, the run limited to that file.

use std::path::{Component, Path, PathBuf};

use crate::error::HarnessError;
use crate::scenario::{ScenarioList, Selection};

/// The conventional name of a suite folder.
pub const SUITE_FOLDER: &str = "scenarios";

/// A suite found from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuiteLocation {
    /// The suite folder, as close to what was typed as possible (relative when it was).
    pub root: PathBuf,
    /// `snapshots/` beside the suite folder.
    pub snapshots: PathBuf,
    /// The suite-relative files and folders the run is limited to; empty for the whole
    /// suite.
    pub only: Vec<PathBuf>,
}

impl SuiteLocation {
    /// Resolves the command line's paths (none: search from `cwd` upwards).
    ///
    /// # Errors
    ///
    /// [`HarnessError::Usage`] for a path that does not exist, paths in two suites, or no
    /// suite found, each with the folder looked in and what to do.
    pub fn resolve(paths: &[PathBuf], cwd: &Path) -> Result<SuiteLocation, HarnessError> {
        if paths.is_empty() {
            return search_upwards(cwd);
        }
        let mut found: Option<(PathBuf, SuiteLocation)> = None;
        let mut only = Vec::new();
        let mut whole = false;
        for path in paths {
            let (canonical_root, location, rel) = locate(path, cwd)?;
            if let Some((root, first)) = &found {
                if *root != canonical_root {
                    return Err(HarnessError::Usage(format!(
                        "`{}` and `{}` are in different suites (`{}` and `{}`); run them one at a time",
                        paths[0].display(),
                        path.display(),
                        first.root.display(),
                        location.root.display()
                    )));
                }
            } else {
                found = Some((canonical_root, location));
            }
            match rel {
                // A path that names the whole suite wins over any narrower one.
                None => whole = true,
                Some(rel) => only.push(rel),
            }
        }
        let (_, mut location) = found.expect("at least one path");
        location.only = if whole { Vec::new() } else { only };
        Ok(location)
    }

    /// Takes the scenarios the paths name, then applies `--filter` and `--shard`; also says
    /// whether the whole suite was taken (only then can snapshots be called unreferenced).
    ///
    /// # Errors
    ///
    /// [`HarnessError::NoMatch`] when nothing is left, saying what was asked for.
    pub fn select(
        &self,
        selection: &Selection,
        mut suite: ScenarioList,
    ) -> Result<(ScenarioList, bool), HarnessError> {
        let whole = selection.is_everything() && self.only.is_empty();
        suite.scenarios.retain(|s| self.includes(&s.path));
        let suite = selection.apply(suite);
        if suite.scenarios.is_empty() {
            let mut what = selection.describe();
            if !self.only.is_empty() {
                let paths: Vec<String> = self
                    .only
                    .iter()
                    .map(|p| format!("`{}`", p.display()))
                    .collect();
                what = format!("{what} within {}", paths.join(", "));
            }
            return Err(HarnessError::NoMatch(what));
        }
        Ok((suite, whole))
    }

    /// Whether a scenario file (a path below [`SuiteLocation::root`]) is one the paths name.
    pub fn includes(&self, file: &Path) -> bool {
        let rel = file.strip_prefix(&self.root).unwrap_or(file);
        self.only.is_empty() || self.only.iter().any(|o| rel.starts_with(o))
    }
}

/// The suite that holds `path`: its canonical folder, its location and the path relative to
/// it (`None` when the path is the suite folder itself).
fn locate(
    path: &Path,
    cwd: &Path,
) -> Result<(PathBuf, SuiteLocation, Option<PathBuf>), HarnessError> {
    let absolute = cwd.join(path);
    let canonical = absolute.canonicalize().map_err(|_| {
        HarnessError::Usage(format!(
            "`{}` does not exist (looked for `{}`); give the suite folder (`harness run path/to/{SUITE_FOLDER}`) or one of its scenario files, or run `harness` in a folder at or below the one that holds `{SUITE_FOLDER}/`",
            path.display(),
            absolute.display()
        ))
    })?;
    let is_file = canonical.is_file();
    if is_file && canonical.extension().is_none_or(|e| e != "toml") {
        return Err(HarnessError::Usage(format!(
            "`{}` is not a scenario file (`*.toml`) nor a suite folder",
            path.display()
        )));
    }
    let folder = if is_file {
        canonical.parent().unwrap_or(&canonical).to_path_buf()
    } else {
        canonical.clone()
    };
    let root = folder
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == SUITE_FOLDER))
        .unwrap_or(&folder)
        .to_path_buf();
    let rel = canonical
        .strip_prefix(&root)
        .expect("the root is an ancestor")
        .to_path_buf();
    let rel = (!rel.as_os_str().is_empty()).then_some(rel);
    let depth = rel.as_ref().map_or(0, |r| r.components().count());
    let shown = lexical_ancestor(path, depth).unwrap_or_else(|| root.clone());
    let location = beside(shown, &root);
    Ok((root, location, rel))
}

/// `path` with its last `depth` components taken off, when that can be done without
/// resolving (they are plain names); `None` otherwise (`.`, `..`, or too short).
fn lexical_ancestor(path: &Path, depth: usize) -> Option<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..depth {
        if !matches!(p.components().next_back(), Some(Component::Normal(_))) {
            return None;
        }
        p.pop();
    }
    match p.components().next_back() {
        Some(Component::Normal(_)) | Some(Component::RootDir) => Some(p),
        _ => None,
    }
}

/// The location of a suite shown as `shown` (canonically `canonical`), with its snapshots
/// beside it.
fn beside(shown: PathBuf, canonical: &Path) -> SuiteLocation {
    let snapshots = match shown.parent() {
        Some(parent) if lexical_ancestor(&shown, 0).is_some() => parent.join("snapshots"),
        _ => canonical.parent().unwrap_or(canonical).join("snapshots"),
    };
    SuiteLocation {
        root: shown,
        snapshots,
        only: Vec::new(),
    }
}

fn search_upwards(cwd: &Path) -> Result<SuiteLocation, HarnessError> {
    for (up, dir) in cwd.ancestors().enumerate() {
        let dots = || {
            let mut p = PathBuf::new();
            for _ in 0..up {
                p.push("..");
            }
            p
        };
        if dir.file_name().is_some_and(|n| n == SUITE_FOLDER) {
            let shown = if up == 0 { PathBuf::from(".") } else { dots() };
            let mut location = beside(dir.to_path_buf(), dir);
            location.root = shown;
            location.snapshots = {
                let mut s = dots();
                s.push("..");
                s.push("snapshots");
                s
            };
            return Ok(location);
        }
        if dir.join(SUITE_FOLDER).is_dir() {
            let mut shown = dots();
            shown.push(SUITE_FOLDER);
            let mut snapshots = dots();
            snapshots.push("snapshots");
            return Ok(SuiteLocation {
                root: shown,
                snapshots,
                only: Vec::new(),
            });
        }
    }
    Err(HarnessError::Usage(format!(
        "no suite found: neither `{}` nor any folder above it holds a `{SUITE_FOLDER}/` folder; give the suite folder (`harness run path/to/{SUITE_FOLDER}`), or create one here with `harness init`",
        cwd.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project: `proj/scenarios/{a.toml, news/b.toml}`, `proj/other/c.toml`.
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("proj");
        std::fs::create_dir_all(p.join("scenarios/news")).unwrap();
        std::fs::create_dir_all(p.join("other")).unwrap();
        for f in ["scenarios/a.toml", "scenarios/news/b.toml", "other/c.toml"] {
            std::fs::write(p.join(f), "").unwrap();
        }
        dir
    }

    fn at(cwd: &Path, args: &[&str]) -> Result<SuiteLocation, String> {
        let paths: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
        SuiteLocation::resolve(&paths, cwd).map_err(|e| e.to_string())
    }

    fn loc(root: &str, snapshots: &str, only: &[&str]) -> Result<SuiteLocation, String> {
        Ok(SuiteLocation {
            root: root.into(),
            snapshots: snapshots.into(),
            only: only.iter().map(PathBuf::from).collect(),
        })
    }

    #[test]
    fn every_way_of_naming_a_suite_finds_the_same_snapshots() {
        let dir = project();
        let proj = dir.path().join("proj");
        let suite = proj.join("scenarios");
        let cases: Vec<(PathBuf, Vec<&str>, Result<SuiteLocation, String>)> = vec![
            (proj.clone(), vec![], loc("scenarios", "snapshots", &[])),
            (
                proj.clone(),
                vec!["scenarios"],
                loc("scenarios", "snapshots", &[]),
            ),
            (
                proj.clone(),
                vec!["scenarios/"],
                loc("scenarios/", "snapshots", &[]),
            ),
            (suite.clone(), vec![], loc(".", "../snapshots", &[])),
            (
                suite.join("news"),
                vec![],
                loc("..", "../../snapshots", &[]),
            ),
            (
                proj.clone(),
                vec!["scenarios/a.toml"],
                loc("scenarios", "snapshots", &["a.toml"]),
            ),
            (
                proj.clone(),
                vec!["scenarios/news", "scenarios/a.toml"],
                loc("scenarios", "snapshots", &["news", "a.toml"]),
            ),
            (
                proj.clone(),
                vec!["scenarios/news", "scenarios"],
                loc("scenarios", "snapshots", &[]),
            ),
            (proj.clone(), vec!["other"], loc("other", "snapshots", &[])),
            (
                proj.clone(),
                vec!["other/c.toml"],
                loc("other", "snapshots", &["c.toml"]),
            ),
            (
                suite.join("news"),
                vec!["b.toml"],
                loc(
                    &suite.display().to_string(),
                    &proj.join("snapshots").display().to_string(),
                    &["news/b.toml"],
                ),
            ),
        ];
        for (cwd, args, want) in cases {
            let got = at(&cwd, &args);
            assert_eq!(got, want, "in {} with {args:?}", cwd.display());
        }
        // `.` inside the suite: the suite itself, snapshots resolved beside it.
        let dot = at(&suite, &["."]).unwrap();
        assert_eq!(dot.snapshots.canonicalize().ok(), None, "no snapshots yet");
        assert_eq!(dot.snapshots, proj.join("snapshots"));
        assert!(dot.only.is_empty());
    }

    #[test]
    fn mistakes_name_what_was_looked_for() {
        let dir = project();
        let proj = dir.path().join("proj");
        let missing = at(&proj, &["scenario"]).unwrap_err();
        assert!(missing.contains("`scenario` does not exist"), "{missing}");
        assert!(
            missing.contains(&proj.join("scenario").display().to_string()),
            "{missing}"
        );
        let two = at(&proj, &["scenarios/a.toml", "other/c.toml"]).unwrap_err();
        assert!(two.contains("different suites"), "{two}");
        let none = at(dir.path(), &[]).unwrap_err();
        assert!(none.contains("no suite found"), "{none}");
        assert!(none.contains(&dir.path().display().to_string()), "{none}");
        assert!(none.contains("harness init"), "{none}");
        std::fs::write(proj.join("notes.txt"), "").unwrap();
        let not_toml = at(&proj, &["notes.txt"]).unwrap_err();
        assert!(not_toml.contains("not a scenario file"), "{not_toml}");
    }

    #[test]
    fn includes_only_the_named_files() {
        let l = loc("scenarios", "snapshots", &["news", "a.toml"]).unwrap();
        assert!(l.includes(Path::new("scenarios/a.toml")));
        assert!(l.includes(Path::new("scenarios/news/b.toml")));
        assert!(!l.includes(Path::new("scenarios/ab.toml")));
        assert!(loc("s", "x", &[])
            .unwrap()
            .includes(Path::new("s/any.toml")));
    }
}
