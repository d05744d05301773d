//! The page-level tables of a scenario file, one function each: regions (with `ignore` and
//! `allow_empty`), `[ready]`, `[[redact]]`, `[viewport]`, `[network]`, `[layout]` and `charset`. Each
//! turns what was written into the validated value, recording problems in the
//! [`Validator`] and answering a usable default where a value is bad.

use std::time::Duration;

use super::model::{
    LayoutSpec, NamedViewport, NetworkSpec, PageTarget, Readiness, Redaction, Region, ScenarioFile,
    Viewport, ViewportEntry, VIEWPORT_PRESETS,
};
use super::validate::Validator;

/// The regions in the order written (the whole `<body>` as `page` when there are none),
/// with `ignore` and `allow_empty` checked against them.
pub(super) fn regions(v: &mut Validator<'_>, file: &ScenarioFile) -> Vec<Region> {
    let allowed = |name: &str| file.allow_empty.iter().any(|n| n.get_ref() == name);
    let mut regions = Vec::new();
    for (name, sel) in &file.regions {
        if name.trim().is_empty() || name.chars().any(char::is_control) {
            v.error(
                sel.span(),
                format!(
                    "region name `{}` is empty or has control characters",
                    name.escape_debug()
                ),
                "this region",
            );
        }
        let ignore = file
            .region_ignore
            .get(name)
            .map(|sels| {
                sels.iter()
                    .map(|s| v.selector(s, &format!("`region_ignore.{name}`")))
                    .collect()
            })
            .unwrap_or_default();
        regions.push(Region {
            name: name.clone(),
            selector: v.selector(sel, &format!("region `{name}`")),
            allow_empty: allowed(name),
            ignore,
        });
    }
    for (name, sels) in &file.region_ignore {
        if !file.regions.contains_key(name) {
            let span = sels.first().map_or(0..0, |s| s.span());
            v.error(
                span,
                format!("`region_ignore` names `{name}`, which is no region"),
                "this region's selectors",
            );
        }
    }
    for sel in &file.ignore {
        v.selector(sel, "`ignore`");
    }
    if regions.is_empty() {
        regions.push(Region {
            name: "page".into(),
            selector: "body".into(),
            allow_empty: allowed("page"),
            ignore: Vec::new(),
        });
    }
    for name in &file.allow_empty {
        if !regions.iter().any(|r| &r.name == name.get_ref()) {
            v.error(
                name.span(),
                format!(
                    "`allow_empty` names `{}`, which is no region",
                    name.get_ref()
                ),
                "this name",
            );
        }
    }
    regions
}

/// `[ready]`: the conditions, and the timeout (10 s unless set).
pub(super) fn ready(v: &mut Validator<'_>, file: &ScenarioFile) -> Readiness {
    let consent = consent(v, file);
    let Some(r) = &file.ready else {
        return Readiness {
            selector: None,
            text_present: Vec::new(),
            text_absent: Vec::new(),
            stable_for: None,
            timeout: Readiness::DEFAULT_TIMEOUT,
            scroll: false,
            consent,
        };
    };
    Readiness {
        selector: r
            .selector
            .as_ref()
            .map(|s| v.selector(s, "`ready.selector`")),
        text_present: r.text_present.clone(),
        text_absent: r.text_absent.clone(),
        stable_for: v.positive_duration(r.stable_for.as_ref(), "ready.stable_for"),
        timeout: v
            .positive_duration(r.timeout.as_ref(), "ready.timeout")
            .unwrap_or(Readiness::DEFAULT_TIMEOUT),
        scroll: r.scroll,
        consent,
    }
}

/// `consent`: `"accept"`, `"reject"` or `{ click = "selector" }`.
fn consent(v: &mut Validator<'_>, file: &ScenarioFile) -> Option<crate::consent::Consent> {
    use crate::consent::Consent;
    let value = file.consent.as_ref()?;
    let span = value.span();
    let wrong = |v: &mut Validator<'_>| {
        let e = v
            .at(span.clone(), "`consent` must be \"accept\", \"reject\" or { click = \"selector\" }", "this value")
            .with_help("`consent = \"accept\"` clicks the known consent platforms' accept button or one that says `Alle akzeptieren`, `Accept all` and the like; `consent = { click = \"#cmp .ok\" }` clicks that element");
        v.push(e);
        None
    };
    match value.get_ref() {
        toml::Value::String(s) if s == "accept" => Some(Consent::Accept),
        toml::Value::String(s) if s == "reject" => Some(Consent::Reject),
        toml::Value::Table(t) if t.len() == 1 => match t.get("click") {
            Some(toml::Value::String(sel)) => {
                let spanned = toml::Spanned::new(span.clone(), sel.clone());
                Some(Consent::Click(v.selector(&spanned, "`consent.click`")))
            }
            _ => wrong(v),
        },
        _ => wrong(v),
    }
}

/// The scenario's own `timeout`, when set.
pub(super) fn timeout(v: &mut Validator<'_>, file: &ScenarioFile) -> Option<Duration> {
    v.positive_duration(file.timeout.as_ref(), "timeout")
}

/// `[[redact]]`: compiled patterns, in order.
pub(super) fn redactions(v: &mut Validator<'_>, file: &ScenarioFile) -> Vec<Redaction> {
    file.redact
        .iter()
        .filter_map(|r| {
            v.regex(&r.pattern, "`redact.pattern`")
                .map(|pattern| Redaction {
                    pattern,
                    replacement: r.replacement.clone(),
                })
        })
        .collect()
}

/// `[viewport]`: 100 to 10000 pixels each way (1280 × 800 unless set).
pub(super) fn viewport(v: &mut Validator<'_>, file: &ScenarioFile) -> Viewport {
    let Some(vp) = &file.viewport else {
        return Viewport::default();
    };
    for (value, key) in [(&vp.width, "width"), (&vp.height, "height")] {
        if !(100..=10_000).contains(value.get_ref()) {
            v.error(
                value.span(),
                format!("viewport {key} must be between 100 and 10000 pixels"),
                "this size",
            );
        }
    }
    Viewport {
        width: *vp.width.get_ref(),
        height: *vp.height.get_ref(),
    }
}

/// `[layout]`: on unless `enabled = false`; its elements' selectors checked.
pub(super) fn layout(v: &mut Validator<'_>, file: &ScenarioFile) -> LayoutSpec {
    let Some(layout) = &file.layout else {
        return LayoutSpec::default();
    };
    LayoutSpec {
        enabled: layout.enabled.unwrap_or(true),
        elements: layout
            .elements
            .iter()
            .map(|(name, sel)| {
                let selector = v.selector(sel, &format!("`layout.elements.{name}`"));
                (name.clone(), selector)
            })
            .collect(),
    }
}

/// `viewports`: every window size the page is read at, the first being the one checks run
/// at. Without it, the one `[viewport]` (or the default), unnamed.
pub(super) fn viewports(
    v: &mut Validator<'_>,
    file: &ScenarioFile,
    single: Viewport,
) -> Vec<NamedViewport> {
    let Some(list) = &file.viewports else {
        return vec![NamedViewport {
            name: String::new(),
            size: single,
        }];
    };
    if file.viewport.is_some() {
        if let Some(first) = list.first() {
            let e = v
                .at(
                    first.span(),
                    "`viewports` and `[viewport]` both set",
                    "here",
                )
                .with_help("list every size in `viewports` and remove `[viewport]`");
            v.push(e);
        }
    }
    let mut out: Vec<NamedViewport> = Vec::new();
    for entry in list {
        let named = match entry.get_ref() {
            ViewportEntry::Named(name) => VIEWPORT_PRESETS
                .iter()
                .find(|(preset, _, _)| preset == name)
                .map(|(_, width, height)| (name.clone(), *width, *height))
                .or_else(|| {
                    let (w, h) = name.split_once(['x', '×'])?;
                    Some((name.clone(), w.trim().parse().ok()?, h.trim().parse().ok()?))
                }),
            ViewportEntry::Sized {
                name,
                width,
                height,
            } => Some((name.clone(), *width, *height)),
        };
        let Some((name, width, height)) = named else {
            let presets: Vec<String> = VIEWPORT_PRESETS
                .iter()
                .map(|(p, w, h)| format!("`{p}` ({w}×{h})"))
                .collect();
            let e = v
                .at(entry.span(), "unknown viewport", "this viewport")
                .with_help(format!(
                    "name a preset ({}), write \"WIDTHxHEIGHT\", or a table {{ name = \"…\", width = …, height = … }}",
                    presets.join(", ")
                ));
            v.push(e);
            continue;
        };
        if !(100..=10_000).contains(&width) || !(100..=10_000).contains(&height) {
            v.error(
                entry.span(),
                format!("viewport `{name}` must be between 100 and 10000 pixels each way"),
                "this viewport",
            );
        } else if name.is_empty() || name.chars().any(|c| c.is_control() || c == ')') {
            v.error(
                entry.span(),
                "a viewport needs a plain name",
                "this viewport",
            );
        } else if let Some(same) = out
            .iter()
            .find(|o| o.name == name || (o.size.width, o.size.height) == (width, height))
        {
            v.error(
                entry.span(),
                format!("viewport `{name}` is listed twice (as `{}`)", same.name),
                "this viewport",
            );
        } else {
            out.push(NamedViewport {
                name,
                size: Viewport { width, height },
            });
        }
    }
    if out.is_empty() {
        out.push(NamedViewport {
            name: String::new(),
            size: single,
        });
    } else if out.len() == 1 {
        // One size needs no name in the snapshot.
        out[0].name.clear();
    }
    out
}

/// `[network]`: host patterns, lowercased.
pub(super) fn network(v: &mut Validator<'_>, file: &ScenarioFile) -> NetworkSpec {
    let Some(network) = &file.network else {
        return NetworkSpec::default();
    };
    NetworkSpec {
        allow: network.allow.as_deref().map(|list| v.host_patterns(list)),
        block: v.host_patterns(&network.block),
    }
}

/// `charset`: an encoding label browsers know, for a page from the suite folder only.
pub(super) fn charset(
    v: &mut Validator<'_>,
    file: &ScenarioFile,
    page: Option<&PageTarget>,
) -> Option<&'static encoding_rs::Encoding> {
    let c = file.charset.as_ref()?;
    let served_here = matches!(page, Some(PageTarget::SuiteRelative(_)) | None);
    match encoding_rs::Encoding::for_label(c.get_ref().trim().as_bytes()) {
        Some(_) if !served_here => {
            let e = v
                .at(
                    c.span(),
                    "`charset` applies to pages from the suite folder; a remote server declares its own",
                    "this charset",
                )
                .with_help("remove `charset`, or save the page into the suite folder and point `page` at it");
            v.push(e);
            None
        }
        Some(encoding) => Some(encoding),
        None => {
            let e = v
                .at(
                    c.span(),
                    format!("unknown character encoding `{}`", c.get_ref()),
                    "this charset",
                )
                .with_help("use an encoding label browsers know, such as \"utf-8\", \"windows-1252\" or \"iso-8859-15\"");
            v.push(e);
            None
        }
    }
}

/// `locale` and `timezone`: a language tag (`de-AT`) and an IANA zone (`Europe/Vienna`).
pub(super) fn locale(v: &mut Validator<'_>, file: &ScenarioFile) -> super::LocaleSpec {
    let tag = regex::Regex::new(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$").expect("a valid pattern");
    let zone = regex::Regex::new(r"^(UTC|[A-Z][A-Za-z_+-]*(/[A-Za-z0-9_+-]+)+)$")
        .expect("a valid pattern");
    let mut check =
        |value: &Option<toml::Spanned<String>>, re: &regex::Regex, what: &str, help: &str| {
            let value = value.as_ref()?;
            if re.is_match(value.get_ref()) {
                Some(value.get_ref().clone())
            } else {
                let e = v
                    .at(
                        value.span(),
                        format!("`{}` is not a {what}", value.get_ref()),
                        "this value",
                    )
                    .with_help(help.to_owned());
                v.push(e);
                None
            }
        };
    super::LocaleSpec {
        locale: check(
            &file.locale,
            &tag,
            "language tag",
            "write a language tag such as `de-AT`, `de` or `en-GB`",
        ),
        timezone: check(
            &file.timezone,
            &zone,
            "time zone",
            "write an IANA time zone such as `Europe/Vienna` or `UTC`",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::run_table as with;

    #[test]
    fn regions_keep_their_order_and_default_to_the_body() {
        let (r, errors) = with(
            "page = \"p\"\n[regions]\nzeta = \"p\"\nalpha = \"div\"\n",
            regions,
        );
        let names: Vec<_> = r.iter().map(|r| r.name.as_str()).collect();
        assert_eq!((names, errors.len()), (vec!["zeta", "alpha"], 0));
        let (r, _) = with("page = \"p\"\nallow_empty = [\"page\"]\n", regions);
        assert_eq!(
            r,
            [Region {
                name: "page".into(),
                selector: "body".into(),
                allow_empty: true,
                ignore: vec![],
            }]
        );
        let (_, errors) = with(
            "page = \"p\"\nallow_empty = [\"nav\"]\nignore = [\"div[\"]\n[regions]\nmain = \"main >\"\n",
            regions,
        );
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors
            .iter()
            .any(|e| e == "`allow_empty` names `nav`, which is no region"));
    }

    #[test]
    fn readiness_defaults_and_rejects_zero_and_bad_durations() {
        let (r, errors) = with("page = \"p\"\n", ready);
        assert_eq!((r.timeout, errors.len()), (Readiness::DEFAULT_TIMEOUT, 0));
        let (r, errors) = with(
            "page = \"p\"\n[ready]\nstable_for = \"0ms\"\ntimeout = \"ten\"\n",
            ready,
        );
        assert_eq!(r.timeout, Readiness::DEFAULT_TIMEOUT);
        assert_eq!(r.stable_for, None);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[1].starts_with("invalid duration for `ready.timeout`"),
            "{errors:?}"
        );
    }

    #[test]
    fn viewports_are_presets_sizes_or_named_tables() {
        let all = |text: &str| {
            let (vps, errors) = with(text, |v, f| viewports(v, f, Viewport::default()));
            let sizes: Vec<(String, u32, u32)> = vps
                .iter()
                .map(|n| (n.name.clone(), n.size.width, n.size.height))
                .collect();
            (sizes, errors)
        };
        let (sizes, errors) = all("page = \"p\"\nviewports = [\"desktop\", \"1024x768\", { name = \"small\", width = 360, height = 640 }]\n");
        assert_eq!(
            sizes,
            [
                ("desktop".to_owned(), 1280, 800),
                ("1024x768".to_owned(), 1024, 768),
                ("small".to_owned(), 360, 640)
            ]
        );
        assert!(errors.is_empty(), "{errors:?}");
        // One viewport needs no name in the snapshot.
        let (sizes, _) = all("page = \"p\"\nviewports = [\"phone\"]\n");
        assert_eq!(sizes, [(String::new(), 390, 844)]);
        let (_, errors) = all("page = \"p\"\nviewports = [\"desktop\", \"1280x800\", \"watch\", \"50x50\"]\n[viewport]\nwidth = 800\nheight = 600\n");
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(
            errors
                .iter()
                .any(|e| e.contains("listed twice (as `desktop`)")),
            "{errors:?}"
        );
    }

    #[test]
    fn redactions_viewports_networks_and_charsets_are_checked() {
        let (r, errors) = with("page = \"p\"\n[[redact]]\npattern = \"\\\\d+\"\nreplacement = \"N\"\n[[redact]]\npattern = \"(\"\nreplacement = \"x\"\n", redactions);
        assert_eq!((r.len(), errors.len()), (1, 1));
        let (vp, errors) = with(
            "page = \"p\"\n[viewport]\nwidth = 50\nheight = 800\n",
            viewport,
        );
        assert_eq!(
            (vp.width, errors),
            (
                50,
                vec!["viewport width must be between 100 and 10000 pixels".to_owned()]
            )
        );
        let (n, errors) = with(
            "page = \"p\"\n[network]\nallow = [\"CDN.example.com\"]\nblock = [\"a b\"]\n",
            network,
        );
        assert_eq!(n.allow, Some(vec!["cdn.example.com".to_owned()]));
        assert_eq!(errors.len(), 1);
        let suite = PageTarget::SuiteRelative("p".into());
        let remote = PageTarget::Absolute(url::Url::parse("https://news.test/").unwrap());
        let (c, errors) = with("page = \"p\"\ncharset = \"latin1\"\n", |v, f| {
            charset(v, f, Some(&suite))
        });
        assert_eq!(
            (c.map(|e| e.name()), errors.len()),
            (Some("windows-1252"), 0)
        );
        let (c, errors) = with("page = \"p\"\ncharset = \"latin1\"\n", |v, f| {
            charset(v, f, Some(&remote))
        });
        assert_eq!((c, errors.len()), (None, 1));
        let (c, errors) = with("page = \"p\"\ncharset = \"klingon\"\n", |v, f| {
            charset(v, f, Some(&suite))
        });
        assert_eq!(
            (c, errors),
            (
                None,
                vec!["unknown character encoding `klingon`".to_owned()]
            )
        );
    }
}
