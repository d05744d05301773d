//! What the page script reports of a story widget.

use serde::{Deserialize, Serialize};

use super::spec::StoriesSpec;

use super::super::LinkObservation;

/// What the page script needs to read a story widget.
#[derive(Debug, Clone, Serialize)]
pub struct StoriesArgs {
    /// The root selector.
    pub root: String,
    /// The cards' selector, when the scenario names it.
    pub item: Option<String>,
}

impl From<&StoriesSpec> for StoriesArgs {
    fn from(spec: &StoriesSpec) -> Self {
        StoriesArgs {
            root: spec.root.clone(),
            item: spec.item.clone(),
        }
    }
}

/// The story widget.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StoriesObservation {
    /// Whether the root selector matched.
    pub found: bool,
    /// The root element, described.
    #[serde(default)]
    pub element: Option<String>,
    /// Its links.
    #[serde(default)]
    pub links: Vec<LinkObservation>,
    /// A script error, if the observation failed.
    #[serde(default)]
    pub error: Option<String>,
}
