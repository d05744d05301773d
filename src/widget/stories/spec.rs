//! `[stories]` as written ([`StoriesFile`]) and validated ([`StoriesSpec`]).

use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

/// `[stories]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoriesFile {
    /// CSS selector of the story widget.
    pub root: Spanned<String>,
    /// CSS selector of its cards (one story each); `root` may then match several elements.
    #[serde(default)]
    pub item: Option<Spanned<String>>,
    /// At least this many stories.
    #[serde(default)]
    pub min_stories: Option<Spanned<u32>>,
    /// At most this many stories.
    #[serde(default)]
    pub max_stories: Option<Spanned<u32>>,
    /// The former name of `min_stories` (it always counted stories), still read.
    #[serde(default)]
    pub min_links: Option<Spanned<u32>>,
    /// The former name of `max_stories`, still read.
    #[serde(default)]
    pub max_links: Option<Spanned<u32>>,
    /// Hosts (or `*` patterns) links may lead to besides the page's own, always allowed.
    #[serde(default)]
    pub allowed_hosts: Vec<Spanned<String>>,
    /// Request every target and require a success status.
    #[serde(default)]
    pub check_targets: bool,
    /// How many targets are requested at once.
    #[serde(default)]
    pub concurrency: Option<u32>,
    /// Per-request timeout (`"5s"`).
    #[serde(default)]
    pub timeout: Option<Spanned<String>>,
}

/// A validated `[stories]`.
#[derive(Debug, Clone)]
pub struct StoriesSpec {
    /// CSS selector of the widget.
    pub root: String,
    /// CSS selector of its cards.
    pub item: Option<String>,
    /// Least number of stories.
    pub min_stories: Option<u32>,
    /// Greatest number of stories.
    pub max_stories: Option<u32>,
    /// Whether the bounds were written under their former names (`min_links`,
    /// `max_links`): the run says they count stories.
    pub bounds_named_links: bool,
    /// Allowed hosts (the page's own when empty).
    pub allowed_hosts: Vec<String>,
    /// Whether to request every target.
    pub check_targets: bool,
    /// Requests at once.
    pub concurrency: usize,
    /// Per-request timeout.
    pub timeout: Duration,
}
