//! The extraction script's argument: everything scenario-specific, as typed data the page
//! script reads by the same names (never pasted into code). The main function here is
//! [`extraction_args`].

use serde::Serialize;

use super::POLL;
use crate::scenario::{Scenario, Viewport};

/// The extraction script's argument: everything scenario-specific, as data (never pasted
/// into code). Field names are the script's (camelCase).
#[derive(Debug, Clone, Serialize)]
struct ExtractionArgs<'a> {
    regions: Vec<RegionArg<'a>>,
    ignore: &'a [String],
    /// Whether this read is the page's last script (no behaviour step follows it).
    last: bool,
    widgets: crate::widget::WidgetArgs,
    ready: ReadyArgs<'a>,
    /// What the layout section measures, when the scenario keeps one.
    layout: Option<LayoutArgs>,
}

/// The boxes to measure for the layout section.
#[derive(Debug, Clone, Serialize)]
struct LayoutArgs {
    items: Vec<LayoutItemArg>,
}

/// One box to measure.
#[derive(Debug, Clone, Serialize)]
struct LayoutItemArg {
    kind: &'static str,
    name: String,
    selector: String,
}

/// The regions, the widgets' roots and the scenario's own elements, for the layout section.
fn layout_args(scenario: &Scenario) -> Option<LayoutArgs> {
    if !scenario.layout.enabled {
        return None;
    }
    let item = |kind, name: &str, selector: &str| LayoutItemArg {
        kind,
        name: name.to_owned(),
        selector: selector.to_owned(),
    };
    let w = &scenario.widgets;
    let widgets = [
        ("widget player", w.player.as_ref().map(|p| p.root.as_str())),
        (
            "widget comments",
            w.comments.as_ref().map(|c| c.root.as_str()),
        ),
        (
            "widget stories",
            w.stories.as_ref().map(|s| s.root.as_str()),
        ),
    ];
    let items = scenario
        .regions
        .iter()
        .map(|r| item("region", &r.name, &r.selector))
        .chain(
            widgets
                .into_iter()
                .filter_map(|(name, root)| root.map(|root| item("widget", name, root))),
        )
        .chain(
            scenario
                .layout
                .elements
                .iter()
                .map(|(name, sel)| item("element", name, sel)),
        )
        .collect();
    Some(LayoutArgs { items })
}

/// The roots of the scenario's widgets, named as checks name them.
fn widget_roots(scenario: &Scenario) -> Vec<RootArg<'_>> {
    let w = &scenario.widgets;
    [
        ("player", w.player.as_ref().map(|p| p.root.as_str())),
        ("comments", w.comments.as_ref().map(|c| c.root.as_str())),
        ("stories", w.stories.as_ref().map(|s| s.root.as_str())),
    ]
    .into_iter()
    .filter_map(|(name, root)| root.map(|selector| RootArg { name, selector }))
    .collect()
}

/// One region to read.
#[derive(Debug, Clone, Serialize)]
struct RegionArg<'a> {
    name: &'a str,
    selector: &'a str,
    /// Left out of this region only.
    ignore: &'a [String],
}

/// The readiness conditions, waited for inside the page.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReadyArgs<'a> {
    selector: Option<&'a str>,
    text_present: &'a [String],
    text_absent: &'a [String],
    stable_ms: Option<u64>,
    timeout_ms: u64,
    poll_ms: u64,
    /// Scroll through the page first.
    scroll: bool,
    /// With `scroll`: the widgets whose roots are waited for, as `(name, selector)`.
    roots: Vec<RootArg<'a>>,
    /// How to get past a consent dialog.
    consent: Option<crate::consent::ConsentArgs>,
}

/// A widget's root, waited for after scrolling.
#[derive(Debug, Clone, Serialize)]
struct RootArg<'a> {
    name: &'static str,
    selector: &'a str,
}

/// The arguments of one read at `viewport`. Only the scenario's first viewport reads the
/// widgets (and may be followed by the player's behaviour); another one reads the regions
/// and the layout.
pub(super) fn extraction_args(scenario: &Scenario, viewport: Viewport) -> serde_json::Value {
    let primary = viewport == scenario.viewport;
    let ready = &scenario.ready;
    let args = ExtractionArgs {
        regions: scenario
            .regions
            .iter()
            .map(|r| RegionArg {
                name: &r.name,
                selector: &r.selector,
                ignore: &r.ignore,
            })
            .collect(),
        ignore: &scenario.ignore,
        last: !primary || scenario.widgets.exercised_player().is_none(),
        widgets: if primary {
            crate::widget::widget_args(&scenario.widgets)
        } else {
            crate::widget::widget_args(&Default::default())
        },
        layout: layout_args(scenario),
        ready: ReadyArgs {
            selector: ready.selector.as_deref(),
            text_present: &ready.text_present,
            text_absent: &ready.text_absent,
            stable_ms: ready.stable_for.map(|d| d.as_millis() as u64),
            timeout_ms: ready.timeout.as_millis() as u64,
            poll_ms: POLL.as_millis() as u64,
            scroll: ready.scroll,
            // Every read of the page passes the dialog: each viewport loads the page anew.
            consent: ready.consent.as_ref().map(crate::consent::Consent::args),
            roots: if ready.scroll && primary {
                widget_roots(scenario)
            } else {
                Vec::new()
            },
        },
    };
    serde_json::to_value(args).expect("the arguments serialise")
}

#[cfg(test)]
mod tests {
    use super::extraction_args;
    use crate::probe::EXTRACT_JS;

    /// Every key the Rust side sends is one the page scripts read: the argument types and
    /// the scripts cannot drift apart unnoticed.
    #[test]
    fn the_scripts_read_every_argument_they_are_given() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.html"), "<p>x</p>").unwrap();
        let text = "page = \"p.html\"\nconsent = \"accept\"\nignore = [\".ad\"]\n[ready]\nselector = \"main\"\nstable_for = \"100ms\"\nscroll = true\n[regions]\nmain = \"main\"\n[player]\nroot = \"#p\"\ncontrols = [\"play\"]\ntime_format = \"00:00\"\n[player.selectors]\nplay = \".play\"\n[comments]\nroot = \"#c\"\nexpect = \"open\"\nform = \"form\"\n[stories]\nroot = \"#s\"\nitem = \".card\"\n";
        let scenario = crate::scenario::parse_str(
            "s.toml",
            text,
            crate::scenario::ScenarioId("s".into()),
            dir.path(),
            &Default::default(),
        )
        .unwrap();
        let mut keys = Vec::new();
        fn walk(value: &serde_json::Value, keys: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        keys.push(k.clone());
                        // Maps keyed by control kind: their keys are data, not names.
                        if k == "hints" || k == "selectors" {
                            for inner in v.as_object().into_iter().flat_map(|m| m.values()) {
                                walk(inner, keys);
                            }
                        } else {
                            walk(v, keys);
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, keys)),
                _ => {}
            }
        }
        walk(&extraction_args(&scenario, scenario.viewport), &mut keys);
        let behave = include_str!("../widget/player/behave.js");
        for key in keys {
            assert!(
                EXTRACT_JS.contains(&format!(".{key}")) || behave.contains(&format!(".{key}")),
                "no script reads `{key}`"
            );
        }
    }
}
