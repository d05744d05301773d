//! Reading a suite folder into a [`ScenarioList`]: find the `*.toml` files, parse each one,
//! validate selectors, patterns, durations and pages, and collect every problem.

use std::path::{Path, PathBuf};

use url::Url;

use super::diagnostic::{LoadError, LoadErrors};
use super::hints::toml_error;
use super::model::{Scenario, ScenarioFile, ScenarioId};
use super::page::check_page;
use super::tables;
use super::validate::Validator;

/// Settings that change what counts as a valid scenario.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// With `--base-url`, suite-relative pages live on another server, so they need not
    /// exist in the suite folder.
    pub base_url: Option<Url>,
}

/// The scenarios of a suite, sorted by name.
#[derive(Debug, Clone)]
pub struct ScenarioList {
    /// The suite folder.
    pub root: PathBuf,
    /// The scenarios, sorted by [`ScenarioId`].
    pub scenarios: Vec<Scenario>,
}

/// Loads every `*.toml` file below `root` (pages and other files are left alone).
///
/// # Errors
///
/// Returns every problem found: unreadable or non-UTF-8 files, TOML errors, unknown keys,
/// invalid selectors, patterns, durations and pages, and an empty suite.
pub fn load_suite(root: &Path, options: &LoadOptions) -> Result<ScenarioList, LoadErrors> {
    let mut errors = LoadErrors::default();
    if !root.is_dir() {
        errors.errors.push(LoadError::whole(format!(
            "suite folder `{}` does not exist or is not a folder",
            root.display()
        )));
        return Err(errors);
    }
    let mut files = Vec::new();
    if let Err(e) = find_scenario_files(root, &mut files) {
        errors.errors.push(LoadError::whole(format!(
            "failed to list `{}`: {e}",
            root.display()
        )));
        return Err(errors);
    }
    files.sort();
    if files.is_empty() {
        errors.errors.push(
            LoadError::whole(format!(
                "no scenario files (`*.toml`) in `{}`",
                root.display()
            ))
            .with_help("write one, or run `harness init` to scaffold a suite"),
        );
        return Err(errors);
    }

    let mut scenarios = Vec::new();
    for file in files {
        let display = file.display().to_string();
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                errors
                    .errors
                    .push(LoadError::whole(format!("failed to read `{display}`: {e}")));
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                // The lossy text has the same bytes up to the first bad one.
                errors.errors.push(
                    LoadError::at(
                        &display,
                        &lossy,
                        valid..valid + 1,
                        "file is not valid UTF-8",
                        "this byte",
                    )
                    .with_help("save the scenario file as UTF-8"),
                );
                continue;
            }
        };
        let id = match scenario_id(root, &file) {
            Ok(id) => id,
            Err(e) => {
                errors.errors.push(e);
                continue;
            }
        };
        match parse_str(&display, &text, id, root, options) {
            Ok(mut s) => {
                s.path = file.clone();
                scenarios.push(s);
            }
            Err(mut errs) => errors.errors.append(&mut errs),
        }
    }
    // `news/a.toml` and `news__a.toml` would write the same snapshot file.
    let mut stems: std::collections::BTreeMap<String, &Scenario> =
        std::collections::BTreeMap::new();
    for s in &scenarios {
        if let Some(other) = stems.insert(s.id.snapshot_stem(), s) {
            errors.errors.push(
                LoadError::whole(format!(
                    "scenarios `{}` ({}) and `{}` ({}) would share the snapshot file `{}.snap`",
                    other.id,
                    other.path.display(),
                    s.id,
                    s.path.display(),
                    s.id.snapshot_stem()
                ))
                .with_help("rename one of the files; `__` in a file name stands for a folder in snapshot names"),
            );
        }
    }
    if errors.errors.is_empty() {
        scenarios.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(ScenarioList {
            root: root.to_path_buf(),
            scenarios,
        })
    } else {
        Err(errors)
    }
}

fn find_scenario_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            find_scenario_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The scenario name is the file's path in the suite without `.toml`. It becomes a file
/// name in `snapshots/`, so only characters that are safe there are allowed.
fn scenario_id(root: &Path, file: &Path) -> Result<ScenarioId, LoadError> {
    let rel = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let mut parts = Vec::new();
    for part in rel.components() {
        let part = part.as_os_str().to_string_lossy();
        let ok = !part.is_empty()
            && !part.starts_with('.')
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !ok {
            return Err(LoadError::whole(format!(
                "scenario file `{}` has a name that cannot name a snapshot file",
                file.display()
            ))
            .with_help(
                "use ASCII letters, digits, `-`, `_` and `.` in scenario file and folder names",
            ));
        }
        parts.push(part.into_owned());
    }
    Ok(ScenarioId(parts.join("/")))
}

/// Parses and validates one scenario from its text. `path` is used in messages; `suite`
/// is the folder that relative pages are checked against.
///
/// # Errors
///
/// Returns every problem found in the file.
pub fn parse_str(
    path: &str,
    text: &str,
    id: ScenarioId,
    suite: &Path,
    options: &LoadOptions,
) -> Result<Scenario, Vec<LoadError>> {
    // Every problem at once: a key the format does not take is reported and set aside, and
    // the rest of the file is read and checked as if it were not there.
    let (file, early) = parse_recovering(path, text);
    let Some(file) = file else {
        return Err(early);
    };
    let mut v = Validator::new(path, text);
    v.errors = early;
    let page = match check_page(&file.page, suite, options) {
        Ok(p) => Some(p),
        Err((message, help)) => {
            let mut e = v.at(file.page.span(), message, "this page");
            if let Some(h) = help {
                e = e.with_help(h);
            }
            v.push(e);
            None
        }
    };
    // Every table is checked, so that one run reports every problem of the file.
    let timeout = tables::timeout(&mut v, &file);
    let charset = tables::charset(&mut v, &file, page.as_ref());
    let network = tables::network(&mut v, &file);
    let layout = tables::layout(&mut v, &file);
    let single = tables::viewport(&mut v, &file);
    let viewports = tables::viewports(&mut v, &file, single);
    let viewport = viewports.first().map_or(single, |n| n.size);
    let ready = tables::ready(&mut v, &file);
    let regions = tables::regions(&mut v, &file);
    let redactions = tables::redactions(&mut v, &file);
    let widgets = crate::widget::tables(&mut v, &file);
    let locale = tables::locale(&mut v, &file);
    let mut errors = v.errors;
    errors.sort_by_key(|e| e.span.map_or(0, |s| s.offset()));
    match page {
        Some(page) if errors.is_empty() => Ok(Scenario {
            id,
            path: PathBuf::from(path),
            description: file.description,
            page,
            timeout,
            charset,
            network,
            layout,
            viewport,
            viewports,
            ready,
            regions,
            ignore: file.ignore.iter().map(|s| s.get_ref().clone()).collect(),
            redactions,
            widgets,
            locale,
        }),
        _ => Err(errors),
    }
}

/// Parses a scenario file; on an error about one key (unknown, of the wrong type, an
/// unknown value), blanks that entry (spaces, so every position stays) and parses again,
/// up to a limit. Returns the file read without the faulty entries (when it then parses)
/// and one diagnostic per faulty entry, positioned in the original text.
fn parse_recovering(path: &str, text: &str) -> (Option<ScenarioFile>, Vec<LoadError>) {
    const ABOUT_ONE_ENTRY: [&str; 5] = [
        "unknown field",
        "invalid type",
        "unknown variant",
        "invalid value",
        "invalid length",
    ];
    let mut errors = Vec::new();
    let mut current = text.to_owned();
    for round in 0..32 {
        let e = match toml::from_str::<ScenarioFile>(&current) {
            Ok(file) => return (Some(file), errors),
            Err(e) => e,
        };
        let about_one = ABOUT_ONE_ENTRY.iter().any(|p| e.message().starts_with(p));
        // The first error is always reported; later ones only when they are about an entry
        // of their own, never an artefact of what was blanked.
        if round == 0 || about_one {
            errors.push(toml_error(path, text, &e));
        }
        match e.span() {
            Some(span) if about_one && blank_entry(&mut current, span.start) => {}
            _ => break,
        }
    }
    (None, errors)
}

/// Replaces the entry at byte `at` with spaces: its line, and the lines its value goes on
/// over (open brackets); for a table header, the whole table. False when nothing changed.
fn blank_entry(text: &mut String, at: usize) -> bool {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    let mut end = line_end(start);
    if text[start..end].trim_start().starts_with('[') {
        // A table: up to the next header.
        while end < text.len() && !text[end..line_end(end)].trim_start().starts_with('[') {
            end = line_end(end);
        }
    } else {
        let depth = |s: &str| {
            let mut d = 0i32;
            let mut quote: Option<char> = None;
            for c in s.chars() {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '"' | '\'') => quote = Some(c),
                    (None, '[' | '{') => d += 1,
                    (None, ']' | '}') => d -= 1,
                    (None, '#') => break,
                    _ => {}
                }
            }
            d
        };
        let mut open = depth(&text[start..end]);
        while open > 0 && end < text.len() {
            let next = line_end(end);
            open += depth(&text[end..next]);
            end = next;
        }
    }
    if text[start..end].trim().is_empty() {
        return false;
    }
    // Byte for byte, so every later position stays; the range is whole lines, so every
    // character in it is replaced whole and the text stays UTF-8.
    let mut bytes = std::mem::take(text).into_bytes();
    for b in &mut bytes[start..end] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
    *text = String::from_utf8(bytes).expect("whole lines replaced by spaces");
    true
}

#[cfg(test)]
mod recovery {
    use super::*;

    #[test]
    fn every_faulty_entry_is_reported_in_one_read() {
        let text = "page = \"p.html\"\ntimout = \"5s\"\n[ready]\nstable_for = 10\nselectr = \"main\"\n[regions]\nmain = \"main\"\nbad = \"div >\"\n[player]\nroot = \"#p\"\ncontrols = [\n  \"play\",\n  \"rewind\",\n]\n";
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.html"), "<p>x</p>").unwrap();
        let errors = parse_str(
            "s.toml",
            text,
            ScenarioId::named("s"),
            dir.path(),
            &LoadOptions::default(),
        )
        .unwrap_err();
        let said: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        let mut lines: Vec<usize> = errors
            .iter()
            .map(|e| {
                text[..e.span.map_or(0, |s| s.offset())]
                    .matches('\n')
                    .count()
                    + 1
            })
            .collect();
        lines.sort_unstable();
        // timout, stable_for = 10, selectr, the bad selector, the unknown control.
        assert_eq!(lines, [2, 4, 5, 8, 13], "{said:#?}");
    }

    #[test]
    fn blanking_keeps_every_position() {
        let mut text = "a = 1\nb = [\n  \"ü\",\n]\nc = 2\n".to_owned();
        let len = text.len();
        assert!(blank_entry(&mut text, 7));
        assert_eq!(text.len(), len);
        assert!(
            text.ends_with("c = 2\n") && text.starts_with("a = 1\n"),
            "{text:?}"
        );
        let mut table = "[x]\na = 1\n[y]\nb = 2\n".to_owned();
        assert!(blank_entry(&mut table, 1));
        assert!(table.ends_with("[y]\nb = 2\n") && !table.contains("a = 1"));
    }
}

#[cfg(test)]
mod fuzz {
    //! The parser is fed arbitrary text and TOML built from the format's own keys; whatever
    //! comes in, it answers with a scenario or positioned errors, never a panic. Run longer
    //! with `PROPTEST_CASES=100000 cargo test --lib scenario::load::fuzz`.

    use proptest::prelude::*;

    use super::*;

    const KEYS: &[&str] = &[
        "page",
        "description",
        "timeout",
        "ignore",
        "viewport",
        "ready",
        "regions",
        "region_ignore",
        "allow_empty",
        "charset",
        "network",
        "allow",
        "block",
        "redact",
        "player",
        "comments",
        "stories",
        "width",
        "height",
        "selector",
        "text_present",
        "text_absent",
        "stable_for",
        "root",
        "controls",
        "time_format",
        "speed",
        "behaviour",
        "tolerance",
        "media",
        "selectors",
        "expect",
        "message",
        "message_pattern",
        "links",
        "lockout_after",
        "today",
        "published_selector",
        "published_format",
        "form",
        "min_links",
        "max_links",
        "min_stories",
        "max_stories",
        "item",
        "allowed_hosts",
        "check_targets",
        "concurrency",
        "pattern",
        "replacement",
    ];

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ -~]{0,20}".prop_map(|s| format!("{s:?}")),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<bool>().prop_map(|b| b.to_string()),
            prop::collection::vec("[ -~]{0,8}".prop_map(|s| format!("{s:?}")), 0..3)
                .prop_map(|v| format!("[{}]", v.join(", "))),
            Just("\"pages/p.html\"".to_owned()),
            Just("\"10s\"".to_owned()),
            Just("\"div > [\"".to_owned()),
            Just("\"(\"".to_owned()),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            (prop::sample::select(KEYS), value()).prop_map(|(k, v)| format!("{k} = {v}")),
            prop::sample::select(KEYS).prop_map(|k| format!("[{k}]")),
            prop::sample::select(KEYS).prop_map(|k| format!("[[{k}]]")),
            "[ -~\u{a0}-\u{17f}]{0,30}",
        ]
    }

    fn check(text: &str) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pages")).unwrap();
        std::fs::write(dir.path().join("pages/p.html"), "<p>x</p>").unwrap();
        if let Err(errors) = parse_str(
            "s.toml",
            text,
            ScenarioId("s".into()),
            dir.path(),
            &LoadOptions::default(),
        ) {
            assert!(!errors.is_empty());
            for e in errors {
                // Rendering walks the span over the text: it must stay inside it.
                let _ = e.render(false);
            }
        }
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            check(&text);
        }

        #[test]
        fn scenario_shaped_toml_never_panics(lines in prop::collection::vec(line(), 0..12)) {
            check(&lines.join("\n"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{PageTarget, Readiness, Region};

    fn parse(text: &str) -> Result<Scenario, Vec<LoadError>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("page.html"), "<p>x</p>").unwrap();
        parse_str(
            "s.toml",
            text,
            ScenarioId("s".into()),
            dir.path(),
            &LoadOptions::default(),
        )
    }

    fn messages(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    #[test]
    fn a_minimal_scenario_snapshots_the_body() {
        let s = parse("page = \"page.html\"").unwrap();
        assert_eq!(
            s.regions,
            vec![Region {
                name: "page".into(),
                selector: "body".into(),
                allow_empty: false,
                ignore: vec![],
            }]
        );
        assert_eq!(s.ready.timeout, Readiness::DEFAULT_TIMEOUT);
        assert_eq!(s.page, PageTarget::SuiteRelative("page.html".into()));
    }

    #[test]
    fn every_bad_selector_and_pattern_is_reported() {
        let msgs = messages(
            "page = \"page.html\"\nignore = [\"div[\"]\n[regions]\na = \"p >\"\nb = \"##x\"\n[[redact]]\npattern = \"(\"\nreplacement = \"x\"\n",
        );
        assert_eq!(msgs.len(), 4, "{msgs:?}");
    }
}
