//! Reading a suite folder into a [`ScenarioList`]: find the `*.toml` files, parse each one,
//! validate selectors, patterns, durations and pages, and collect every problem.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use toml::Spanned;
use url::Url;

use super::diagnostic::{LoadError, LoadErrors};
use super::model::{
    NetworkSpec, PageTarget, Readiness, Redaction, Region, Scenario, ScenarioFile, ScenarioId,
    Viewport,
};
use super::widgets::{
    parse_rate, time_shape_pattern, CommentsExpectation, CommentsSpec, ControlKind, LockoutAge,
    PlayerSpec, StoriesSpec, Widgets,
};

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
    let file: ScenarioFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => return Err(vec![toml_error(path, text, &e)]),
    };
    let mut errors = Vec::new();
    let at = |span: std::ops::Range<usize>, message: String, label: &str| {
        LoadError::at(path, text, span, message, label)
    };

    let page = match check_page(&file.page, suite, options) {
        Ok(p) => Some(p),
        Err((message, help)) => {
            let mut e = at(file.page.span(), message, "this page");
            if let Some(h) = help {
                e = e.with_help(h);
            }
            errors.push(e);
            None
        }
    };

    let mut check_selector = |sel: &Spanned<String>, what: &str| {
        if let Err(msg) = check_selector(sel.get_ref()) {
            errors.push(at(
                sel.span(),
                format!("invalid CSS selector in {what}: {msg}"),
                "this selector",
            ));
        }
    };
    let mut regions = Vec::new();
    for (name, sel) in &file.regions {
        check_selector(sel, &format!("region `{name}`"));
        regions.push(Region {
            name: name.clone(),
            selector: sel.get_ref().clone(),
            allow_empty: file.allow_empty.iter().any(|n| n.get_ref() == name),
        });
    }
    for sel in &file.ignore {
        check_selector(sel, "`ignore`");
    }
    let ready_file = file.ready.as_ref();
    if let Some(sel) = ready_file.and_then(|r| r.selector.as_ref()) {
        check_selector(sel, "`ready.selector`");
    }
    for (name, sel) in &file.regions {
        if name.trim().is_empty() || name.chars().any(char::is_control) {
            errors.push(at(
                sel.span(),
                format!(
                    "region name `{}` is empty or has control characters",
                    name.escape_debug()
                ),
                "this region",
            ));
        }
    }
    if regions.is_empty() {
        regions.push(Region {
            name: "page".into(),
            selector: "body".into(),
            allow_empty: file.allow_empty.iter().any(|n| n.get_ref() == "page"),
        });
    }
    for name in &file.allow_empty {
        if !regions.iter().any(|r| &r.name == name.get_ref()) {
            errors.push(at(
                name.span(),
                format!(
                    "`allow_empty` names `{}`, which is no region",
                    name.get_ref()
                ),
                "this name",
            ));
        }
    }

    let mut duration =
        |d: Option<&Spanned<String>>, default: Option<Duration>, key: &str| -> Option<Duration> {
            match d {
                None => default,
                Some(d) => match humantime::parse_duration(d.get_ref()) {
                    Ok(v) if v > Duration::ZERO => Some(v),
                    Ok(_) => {
                        errors.push(at(
                            d.span(),
                            format!("`{key}` must be longer than zero"),
                            "this duration",
                        ));
                        default
                    }
                    Err(e) => {
                        errors.push(
                            at(
                                d.span(),
                                format!("invalid duration for `{key}`: {e}"),
                                "this duration",
                            )
                            .with_help(
                                "write a number and a unit, such as \"500ms\", \"10s\" or \"1m\"",
                            ),
                        );
                        default
                    }
                },
            }
        };
    let ready = Readiness {
        selector: ready_file.and_then(|r| r.selector.as_ref().map(|s| s.get_ref().clone())),
        text_present: ready_file
            .map(|r| r.text_present.clone())
            .unwrap_or_default(),
        text_absent: ready_file
            .map(|r| r.text_absent.clone())
            .unwrap_or_default(),
        stable_for: duration(
            ready_file.and_then(|r| r.stable_for.as_ref()),
            None,
            "ready.stable_for",
        ),
        timeout: duration(
            ready_file.and_then(|r| r.timeout.as_ref()),
            Some(Readiness::DEFAULT_TIMEOUT),
            "ready.timeout",
        )
        .unwrap_or(Readiness::DEFAULT_TIMEOUT),
    };

    let timeout = duration(file.timeout.as_ref(), None, "timeout");

    let mut redactions = Vec::new();
    for r in &file.redact {
        match regex::Regex::new(r.pattern.get_ref()) {
            Ok(pattern) => redactions.push(Redaction {
                pattern,
                replacement: r.replacement.clone(),
            }),
            Err(e) => errors.push(
                at(
                    r.pattern.span(),
                    "invalid regular expression in `redact.pattern`".into(),
                    "this pattern",
                )
                .with_help(regex_help(&e)),
            ),
        }
    }

    let mut viewport = Viewport::default();
    if let Some(v) = &file.viewport {
        for (value, key) in [(&v.width, "width"), (&v.height, "height")] {
            if !(100..=10_000).contains(value.get_ref()) {
                errors.push(at(
                    value.span(),
                    format!("viewport {key} must be between 100 and 10000 pixels"),
                    "this size",
                ));
            }
        }
        viewport = Viewport {
            width: *v.width.get_ref(),
            height: *v.height.get_ref(),
        };
    }

    let network = check_network(&file, &mut errors, &at);
    let charset = file.charset.as_ref().and_then(|c| {
        let served_here = matches!(page, Some(PageTarget::SuiteRelative(_)) | None);
        match encoding_rs::Encoding::for_label(c.get_ref().trim().as_bytes()) {
            Some(_) if !served_here => {
                errors.push(
                    at(
                        c.span(),
                        "`charset` applies to pages from the suite folder; a remote server declares its own".into(),
                        "this charset",
                    )
                    .with_help("remove `charset`, or save the page into the suite folder and point `page` at it"),
                );
                None
            }
            Some(encoding) => Some(encoding),
            None => {
                errors.push(
                    at(
                        c.span(),
                        format!("unknown character encoding `{}`", c.get_ref()),
                        "this charset",
                    )
                    .with_help("use an encoding label browsers know, such as \"utf-8\", \"windows-1252\" or \"iso-8859-15\""),
                );
                None
            }
        }
    });
    let widgets = check_widgets(&file, &mut errors, &at);
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
            viewport,
            ready,
            regions,
            ignore: file.ignore.iter().map(|s| s.get_ref().clone()).collect(),
            redactions,
            widgets,
        }),
        _ => Err(errors),
    }
}

/// Validates the `[network]` table's host patterns.
fn check_network(
    file: &ScenarioFile,
    errors: &mut Vec<LoadError>,
    at: &dyn Fn(std::ops::Range<usize>, String, &str) -> LoadError,
) -> NetworkSpec {
    let Some(network) = &file.network else {
        return NetworkSpec::default();
    };
    let mut hosts = |list: &[Spanned<String>]| -> Vec<String> {
        list.iter()
            .filter_map(|h| match crate::network::pattern_error(h.get_ref()) {
                None => Some(h.get_ref().to_ascii_lowercase()),
                Some(message) => {
                    errors.push(at(h.span(), message, "this host"));
                    None
                }
            })
            .collect()
    };
    NetworkSpec {
        allow: network.allow.as_deref().map(&mut hosts),
        block: hosts(&network.block),
    }
}

/// Validates the `[player]`, `[comments]` and `[stories]` tables.
fn check_widgets(
    file: &ScenarioFile,
    errors: &mut Vec<LoadError>,
    at: &dyn Fn(std::ops::Range<usize>, String, &str) -> LoadError,
) -> Widgets {
    let selector = |sel: &Spanned<String>, what: &str, errors: &mut Vec<LoadError>| {
        if let Err(msg) = check_selector(sel.get_ref()) {
            errors.push(at(
                sel.span(),
                format!("invalid CSS selector in {what}: {msg}"),
                "this selector",
            ));
        }
        sel.get_ref().clone()
    };
    let duration = |d: &Option<Spanned<String>>,
                    key: &str,
                    default: Duration,
                    errors: &mut Vec<LoadError>| match d {
        None => default,
        Some(d) => match humantime::parse_duration(d.get_ref()) {
            Ok(v) => v,
            Err(e) => {
                errors.push(
                    at(
                        d.span(),
                        format!("invalid duration for `{key}`: {e}"),
                        "this duration",
                    )
                    .with_help("write a number and a unit, such as \"500ms\", \"10s\" or \"1m\""),
                );
                default
            }
        },
    };
    let mut widgets = Widgets::default();

    if let Some(p) = &file.player {
        let root = selector(&p.root, "`player.root`", errors);
        let media = p
            .media
            .as_ref()
            .map(|m| selector(m, "`player.media`", errors));
        let mut selectors = Vec::new();
        for (name, sel) in &p.selectors {
            let value = selector(sel, &format!("`player.selectors.{name}`"), errors);
            match ControlKind::ALL.iter().find(|k| k.name() == name) {
                Some(kind) => selectors.push((*kind, value)),
                None => errors.push(
                    at(
                        sel.span(),
                        format!("unknown player control `{name}` in `player.selectors`"),
                        "this control",
                    )
                    .with_help(format!(
                        "known controls: {}",
                        ControlKind::ALL
                            .iter()
                            .map(|k| format!("`{}`", k.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                ),
            }
        }
        let speed = p
            .speed
            .as_ref()
            .and_then(|s| match parse_rate(s.get_ref()) {
                Some(r) => Some((s.get_ref().clone(), r)),
                None => {
                    errors.push(at(
                        s.span(),
                        format!(
                            "`player.speed` must be a rate such as \"1.0x\", got `{}`",
                            s.get_ref()
                        ),
                        "this rate",
                    ));
                    None
                }
            });
        widgets.player = Some(PlayerSpec {
            root,
            controls: p.controls.clone(),
            time_pattern: p.time_format.as_deref().map(time_shape_pattern),
            time_format: p.time_format.clone(),
            speed,
            behaviour: p.behaviour,
            tolerance: duration(
                &p.tolerance,
                "player.tolerance",
                Duration::from_millis(500),
                errors,
            ),
            media,
            selectors,
        });
    }

    if let Some(c) = &file.comments {
        let root = selector(&c.root, "`comments.root`", errors);
        let message_pattern =
            c.message_pattern
                .as_ref()
                .and_then(|p| match regex::Regex::new(p.get_ref()) {
                    Ok(re) => Some(re),
                    Err(e) => {
                        errors.push(
                            at(
                                p.span(),
                                "invalid regular expression in `comments.message_pattern`".into(),
                                "this pattern",
                            )
                            .with_help(regex_help(&e)),
                        );
                        None
                    }
                });
        let lockout_after = c.lockout_after.as_ref().and_then(|a| match LockoutAge::parse(a.get_ref()) {
            Some(age) => Some(age),
            None => {
                errors.push(
                    at(a.span(), format!("invalid age `{}` for `comments.lockout_after`", a.get_ref()), "this age")
                        .with_help("write a number and days, weeks, months or years, such as \"18 months\""),
                );
                None
            }
        });
        if *c.expect.get_ref() == CommentsExpectation::ByAge && c.lockout_after.is_none() {
            errors.push(
                at(
                    c.expect.span(),
                    "`expect = \"by_age\"` needs `lockout_after`".into(),
                    "here",
                )
                .with_help(
                    "add `lockout_after = \"18 months\"` (or the site's rule) to `[comments]`",
                ),
            );
        }
        let today = c.today.as_ref().and_then(|t| {
            match chrono::NaiveDate::parse_from_str(t.get_ref(), "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(
                        at(
                            t.span(),
                            format!("invalid date `{}` for `comments.today`: {e}", t.get_ref()),
                            "this date",
                        )
                        .with_help("write the date as YYYY-MM-DD"),
                    );
                    None
                }
            }
        });
        let published_visible = match (&c.published_selector, &c.published_format) {
            (Some(sel), Some(fmt)) => Some((
                selector(sel, "`comments.published_selector`", errors),
                fmt.clone(),
            )),
            (Some(sel), None) => {
                errors.push(
                    at(
                        sel.span(),
                        "`published_selector` needs `published_format`".into(),
                        "this selector",
                    )
                    .with_help("add a chrono format such as `published_format = \"%d.%m.%Y\"`"),
                );
                None
            }
            _ => None,
        };
        let form = c
            .form
            .as_ref()
            .map(|f| selector(f, "`comments.form`", errors));
        widgets.comments = Some(CommentsSpec {
            root,
            form,
            expect: *c.expect.get_ref(),
            message: c.message.clone(),
            message_pattern,
            links: c.links.clone(),
            lockout_after,
            today,
            published_visible,
        });
    }

    if let Some(s) = &file.stories {
        let root = selector(&s.root, "`stories.root`", errors);
        if let (Some(min), Some(max)) = (s.min_links, s.max_links) {
            if min > max {
                errors.push(at(
                    s.root.span(),
                    format!("`stories.min_links` ({min}) is more than `max_links` ({max})"),
                    "this widget",
                ));
            }
        }
        let item = s
            .item
            .as_ref()
            .map(|i| selector(i, "`stories.item`", errors));
        widgets.stories = Some(StoriesSpec {
            root,
            item,
            min_links: s.min_links,
            max_links: s.max_links,
            allowed_hosts: s
                .allowed_hosts
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
            check_targets: s.check_targets,
            concurrency: s.concurrency.unwrap_or(4).clamp(1, 64) as usize,
            timeout: duration(
                &s.timeout,
                "stories.timeout",
                Duration::from_secs(5),
                errors,
            ),
        });
    }
    widgets
}

/// The regex crate's error already draws its own caret under the pattern; keep it as the hint.
fn regex_help(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(s) => s.trim().to_owned(),
        other => other.to_string(),
    }
}

/// Validates a selector with the same CSS parser family browsers use, so a typo fails here
/// instead of inside the page.
fn check_selector(sel: &str) -> Result<(), String> {
    if sel.trim().is_empty() {
        return Err("the selector is empty".into());
    }
    scraper::Selector::parse(sel)
        .map(|_| ())
        .map_err(|e| describe_selector_error(&e))
}

/// The CSS parser's error kinds, said in words a scenario author can act on.
fn describe_selector_error(e: &scraper::error::SelectorErrorKind) -> String {
    use scraper::error::SelectorErrorKind as K;
    match e {
        K::UnexpectedToken => "an unexpected character or token".into(),
        K::EndOfLine => "the selector ends too early (an unclosed `[`, `(` or string?)".into(),
        K::ExpectedColonOnPseudoElement | K::ExpectedIdentityOnPseudoElement => {
            "a pseudo-element needs a name after `::`".into()
        }
        K::UnexpectedSelectorParseError(kind) => match format!("{kind:?}").as_str() {
            "DanglingCombinator" => {
                "the selector ends with a combinator (`>`, `+` or `~`) with nothing after it".into()
            }
            "EmptySelector" => "an empty selector (a stray comma?)".into(),
            "ClassNeedsIdent" => "a `.` must be followed by a class name".into(),
            "NoIdentForPseudo" => "a `:` must be followed by a pseudo-class name".into(),
            "UnsupportedPseudoClassOrElement" => "an unknown pseudo-class or pseudo-element".into(),
            "UnexpectedTokenInAttributeSelector"
            | "BadValueInAttr"
            | "NoQualifiedNameInAttributeSelector" => {
                "a malformed attribute selector; write it like `[name=\"value\"]`".into()
            }
            other => format!("invalid selector ({other})"),
        },
        other => other.to_string(),
    }
}

type PageError = (String, Option<String>);

fn check_page(
    page: &Spanned<String>,
    suite: &Path,
    options: &LoadOptions,
) -> Result<PageTarget, PageError> {
    let raw = page.get_ref().trim();
    if raw.is_empty() {
        return Err(("`page` is empty".into(), None));
    }
    match Url::parse(raw) {
        Ok(url) => match url.scheme() {
            "http" | "https" if url.host().is_some() => Ok(PageTarget::Absolute(url)),
            "http" | "https" => Err((format!("page URL `{raw}` has no host"), None)),
            "file" => Ok(PageTarget::Absolute(url)),
            other => Err((
                format!("unsupported URL scheme `{other}` in `page`"),
                Some("use an http://, https:// or file:// URL, or a path relative to the suite folder".into()),
            )),
        },
        Err(url::ParseError::RelativeUrlWithoutBase) => check_relative_page(raw, suite, options),
        Err(e) => Err((format!("invalid page URL `{raw}`: {e}"), None)),
    }
}

fn check_relative_page(
    raw: &str,
    suite: &Path,
    options: &LoadOptions,
) -> Result<PageTarget, PageError> {
    let path_part = raw.split(['?', '#']).next().unwrap_or(raw);
    let rel = Path::new(path_part);
    if rel.is_absolute() || raw.starts_with('\\') {
        return Err((
            format!("page `{raw}` is an absolute path"),
            Some("write the path relative to the suite folder, or use a file:// URL".into()),
        ));
    }
    if rel.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err((
            format!("page `{raw}` leaves the suite folder"),
            Some("pages served by the harness must live inside the suite folder".into()),
        ));
    }
    if options.base_url.is_none() && !suite.join(rel).is_file() {
        return Err((
            format!("page `{raw}` does not exist in the suite folder `{}`", suite.display()),
            Some("relative pages are served from the suite folder; pass --base-url to load them from another server".into()),
        ));
    }
    Ok(PageTarget::SuiteRelative(raw.to_owned()))
}

fn toml_error(path: &str, text: &str, e: &toml::de::Error) -> LoadError {
    let message = e.message().trim().to_owned();
    let span = e.span().unwrap_or(0..0);
    let mut err = LoadError::at(path, text, span.clone(), first_line(&message), "here");
    let hint = missing_page_hint(&message)
        .or_else(|| unknown_key_hint(&message))
        .or_else(|| misplaced_key_hint(text, span.start))
        .or_else(|| duration_type_hint(text, span.start, &message));
    if let Some(hint) = hint {
        err = err.with_help(hint);
    }
    err
}

fn missing_page_hint(message: &str) -> Option<String> {
    message.starts_with("missing field `page`").then(|| {
        "every scenario needs `page = \"pages/article.html\"`: a path in the suite folder or an http(s):// or file:// URL".to_owned()
    })
}

/// `timeout = 10` is a common slip: durations are strings with a unit.
fn duration_type_hint(text: &str, at: usize, message: &str) -> Option<String> {
    let before = text.get(..at)?;
    let line = text[before.rfind('\n').map_or(0, |i| i + 1)..]
        .lines()
        .next()?;
    let key = line.split('=').next()?.trim();
    let number = line.split('=').nth(1)?.trim();
    (matches!(key, "timeout" | "stable_for") && message.contains("expected a string")).then(|| {
        format!("durations are strings with a unit: `{key} = \"{number}s\"` or `\"{number}ms\"`")
    })
}

/// In TOML every key after a `[table]` header belongs to that table, a classic trap:
/// `ignore = [..]` written below `[regions]` is read as a region. Say so when it happens.
fn misplaced_key_hint(text: &str, at: usize) -> Option<String> {
    const TOP_LEVEL: [&str; 4] = ["page", "description", "ignore", "redact"];
    let before = text.get(..at)?;
    let line = text[before.rfind('\n').map_or(0, |i| i + 1)..]
        .lines()
        .next()?;
    let key = line.split('=').next()?.trim();
    let table = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))?
        .trim_matches(['[', ']']);
    TOP_LEVEL.contains(&key).then(|| {
        format!("`{key}` is read as part of the `[{table}]` table above it; move `{key}` above the first `[table]` header")
    })
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_owned()
}

/// serde reports an unknown key as "unknown field `x`, expected one of `a`, `b`"; turn the
/// closest known key into a "did you mean" hint.
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (unknown, rest) = rest.split_once('`')?;
    let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let best = known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    Some(match best {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => format!(
            "known keys here: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
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
            }]
        );
        assert_eq!(s.ready.timeout, Readiness::DEFAULT_TIMEOUT);
        assert_eq!(s.page, PageTarget::SuiteRelative("page.html".into()));
    }

    #[test]
    fn regions_keep_the_order_written() {
        let s = parse("page = \"page.html\"\n[regions]\nzeta = \"p\"\nalpha = \"div\"\n").unwrap();
        let names: Vec<_> = s.regions.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha"]);
    }

    #[test]
    fn unknown_keys_get_a_did_you_mean_hint() {
        let errs = parse("page = \"page.html\"\nregoins = {}\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].message.contains("unknown field `regoins`"),
            "{}",
            errs[0].message
        );
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `regions`?"));
    }

    #[test]
    fn every_bad_selector_and_pattern_is_reported() {
        let msgs = messages(
            "page = \"page.html\"\nignore = [\"div[\"]\n[regions]\na = \"p >\"\nb = \"##x\"\n[[redact]]\npattern = \"(\"\nreplacement = \"x\"\n",
        );
        assert_eq!(msgs.len(), 4, "{msgs:?}");
    }

    #[test]
    fn pages_must_be_reachable_urls_or_suite_files() {
        assert!(messages("page = \"ftp://x/y\"")[0].contains("unsupported URL scheme `ftp`"));
        assert!(messages("page = \"../etc/passwd\"")[0].contains("leaves the suite folder"));
        assert!(messages("page = \"missing.html\"")[0].contains("does not exist"));
        assert!(messages("page = \"/abs.html\"")[0].contains("absolute path"));
        assert!(parse("page = \"https://example.org/a\"").is_ok());
    }

    #[test]
    fn durations_are_checked() {
        let msgs = messages("page = \"page.html\"\n[ready]\ntimeout = \"ten\"\n");
        assert!(
            msgs[0].contains("invalid duration for `ready.timeout`"),
            "{msgs:?}"
        );
    }
}
