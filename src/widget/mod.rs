//! The widgets a scenario checks: the media player, the comment section and the story links,
//! each kind in one folder with everything it is: its scenario table (`spec`, `table`), what
//! the page script reads of it (`observe`), its checks (`check`) and its snapshot section
//! (`section`); the player also its behaviour script (`behave`) and that script's verdicts
//! (`verdict`).
//!
//! The pipeline stays layered around them: loading a scenario calls the tables, the probe
//! passes [`widget_args`] to the page and decodes [`WidgetObservations`], `check` calls each
//! kind's checks and `snapshot` its section. Adding a widget kind means adding a folder and
//! a line in each of [`Widgets`], [`WidgetObservations`], [`widget_args`] and
//! [`widget_sections`].

pub mod comments;
pub mod player;
pub mod stories;

use serde::{Deserialize, Serialize};

use crate::scenario::{ScenarioFile, Validator};
use comments::{CommentsObservation, CommentsSpec};
use player::{player_args, PlayerObservation, PlayerSpec};
use stories::{StoriesObservation, StoriesSpec};

/// Every widget table a scenario file has, validated.
pub(crate) fn tables(v: &mut Validator<'_>, file: &ScenarioFile) -> Widgets {
    Widgets {
        player: file.player.as_ref().map(|p| player::table(v, p)),
        comments: file.comments.as_ref().map(|c| comments::table(v, c)),
        stories: file.stories.as_ref().map(|s| stories::table(v, s)),
    }
}

/// The widgets a scenario checks.
#[derive(Debug, Clone, Default)]
pub struct Widgets {
    /// The media player.
    pub player: Option<PlayerSpec>,
    /// The comment section.
    pub comments: Option<CommentsSpec>,
    /// The story links.
    pub stories: Option<StoriesSpec>,
}

impl Widgets {
    /// The player, when the scenario has its controls used on the media (one more script,
    /// after the read).
    pub fn exercised_player(&self) -> Option<&PlayerSpec> {
        self.player.as_ref().filter(|p| p.behaviour)
    }
}

/// The widgets as the page showed them (each `None` when the scenario does not check it).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WidgetObservations {
    /// The media player.
    pub player: Option<PlayerObservation>,
    /// The comment section.
    pub comments: Option<CommentsObservation>,
    /// The story widget.
    pub stories: Option<StoriesObservation>,
}

/// A link.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct LinkObservation {
    /// Its visible text.
    pub text: String,
    /// Its `href` attribute as written.
    pub href: String,
    /// Whether it is shown.
    pub visible: bool,
    /// The `alt` text of an image inside it (a teaser's image link has no text of its own).
    #[serde(default)]
    pub alt: Option<String>,
    /// The card it sits in, counted from 0 in page order (story widgets only).
    #[serde(default)]
    pub card: Option<usize>,
    /// The name it is given when it shows no text: its `aria-label`, the text its
    /// `aria-labelledby` names, or its `title` (story widgets only).
    #[serde(default)]
    pub label: Option<String>,
    /// Whether it is, or holds, a heading: a card's title link (story widgets only).
    #[serde(default)]
    pub heading: bool,
    /// The text of its card's heading (story widgets only): the name of a card whose link has
    /// no words of its own (an empty link laid over the whole card).
    #[serde(default, rename = "cardHeading")]
    pub card_heading: Option<String>,
}

/// The widget part of the extraction script's arguments. Field names are the script's
/// (camelCase).
#[derive(Debug, Clone, Serialize)]
pub struct WidgetArgs {
    /// The player, when checked.
    pub player: Option<player::PlayerArgs>,
    /// The comment section, when checked.
    pub comments: Option<comments::CommentsArgs>,
    /// The story widget, when checked.
    pub stories: Option<stories::StoriesArgs>,
}

/// The widget part of the extraction script's arguments.
pub fn widget_args(widgets: &Widgets) -> WidgetArgs {
    WidgetArgs {
        player: widgets.player.as_ref().map(player_args),
        comments: widgets.comments.as_ref().map(comments::CommentsArgs::from),
        stories: widgets.stories.as_ref().map(stories::StoriesArgs::from),
    }
}

/// `(section name, text)` for every widget the scenario checks.
pub fn widget_sections(spec: &Widgets, seen: &WidgetObservations) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let (Some(spec), Some(seen)) = (&spec.player, &seen.player) {
        out.push(("widget player".into(), player::section(&spec.root, seen)));
    }
    if let (Some(spec), Some(seen)) = (&spec.comments, &seen.comments) {
        let format = spec.published_visible.as_ref().map(|(_, f)| f.as_str());
        out.push((
            "widget comments".into(),
            comments::section(&spec.root, seen, format),
        ));
    }
    if let (Some(spec), Some(seen)) = (&spec.stories, &seen.stories) {
        out.push(("widget stories".into(), stories::section(&spec.root, seen)));
    }
    out
}
