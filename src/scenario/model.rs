//! The scenario file format as serde sees it ([`ScenarioFile`]) and the validated form the
//! runner uses ([`Scenario`]).
//!
//! Fields that are checked after parsing keep their source span (`toml::Spanned`), so a bad
//! selector or regex is reported at its line and column.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;
use url::Url;

/// One scenario file, exactly as written. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// What the page is, for people reading the suite.
    #[serde(default)]
    pub description: Option<String>,
    /// The page: an absolute `http(s)://` or `file://` URL, or a path relative to the suite.
    pub page: Spanned<String>,
    /// The longest the whole scenario may take (`"30s"`); `--timeout` sets the default.
    #[serde(default)]
    pub timeout: Option<Spanned<String>>,
    /// The character encoding the embedded server declares for the page (`"windows-1252"`),
    /// for saved pages that declare none and are not UTF-8.
    #[serde(default)]
    pub charset: Option<Spanned<String>>,
    /// Which hosts the page may reach.
    #[serde(default)]
    pub network: Option<NetworkFile>,
    /// The browser window size.
    #[serde(default)]
    pub viewport: Option<ViewportFile>,
    /// Several window sizes, each read in turn: presets (`"desktop"`, `"phone"`), `"WxH"`, or
    /// `{ name, width, height }` tables.
    #[serde(default)]
    pub viewports: Option<Vec<Spanned<ViewportEntry>>>,
    /// How to tell that the page is ready to be read.
    #[serde(default)]
    pub ready: Option<ReadyFile>,
    /// The reader's language (`"de-AT"`).
    #[serde(default)]
    pub locale: Option<Spanned<String>>,
    /// The reader's time zone (`"Europe/Vienna"`).
    #[serde(default)]
    pub timezone: Option<Spanned<String>>,
    /// How to get past a consent dialog: `"accept"`, `"reject"`, or `{ click = "selector" }`.
    #[serde(default)]
    pub consent: Option<Spanned<toml::Value>>,
    /// Named regions to snapshot: name → CSS selector, in the order written.
    #[serde(default)]
    pub regions: IndexMap<String, Spanned<String>>,
    /// CSS selectors of elements left out of every region (ads, tickers).
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// CSS selectors of elements left out of one region only: region name → selectors (a
    /// widget inside the article, which its own section snapshots).
    #[serde(default)]
    pub region_ignore: IndexMap<String, Vec<Spanned<String>>>,
    /// Regions that may be empty (their names); every other region must show some text.
    #[serde(default)]
    pub allow_empty: Vec<Spanned<String>>,
    /// Patterns replaced in the extracted text before comparing.
    #[serde(default)]
    pub redact: Vec<RedactFile>,
    /// The layout section: on unless turned off, with more elements to watch.
    #[serde(default)]
    pub layout: Option<LayoutFile>,
    /// The media player's checks.
    #[serde(default)]
    pub player: Option<crate::widget::player::PlayerFile>,
    /// The comment section's checks.
    #[serde(default)]
    pub comments: Option<crate::widget::comments::CommentsFile>,
    /// The story widget's checks.
    #[serde(default)]
    pub stories: Option<crate::widget::stories::StoriesFile>,
}

/// `[viewport]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewportFile {
    /// Width in CSS pixels.
    pub width: Spanned<u32>,
    /// Height in CSS pixels.
    pub height: Spanned<u32>,
}

/// `[network]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkFile {
    /// The only hosts the page may reach (besides its own and loopback); `["*"]` is every host.
    #[serde(default)]
    pub allow: Option<Vec<Spanned<String>>>,
    /// Hosts the page never reaches.
    #[serde(default)]
    pub block: Vec<Spanned<String>>,
}

/// One entry of `viewports` as written.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ViewportEntry {
    /// A preset name or `"WxH"`.
    Named(String),
    /// A size with a name of its own.
    Sized {
        /// Its name in the snapshot.
        name: String,
        /// Width in CSS pixels.
        width: u32,
        /// Height in CSS pixels.
        height: u32,
    },
}

/// A window size with the name the snapshot calls it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedViewport {
    /// `desktop`, `phone`, `1024x768` or the scenario's own name.
    pub name: String,
    /// The size.
    pub size: Viewport,
}

/// The preset window sizes `viewports` can name.
pub const VIEWPORT_PRESETS: [(&str, u32, u32); 3] = [
    ("desktop", 1280, 800),
    ("tablet", 768, 1024),
    ("phone", 390, 844),
];

/// `[layout]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutFile {
    /// Whether the snapshot has a layout section (default true).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// More elements to place: name → CSS selector, in the order written.
    #[serde(default)]
    pub elements: IndexMap<String, Spanned<String>>,
}

/// `[ready]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadyFile {
    /// Wait until an element matches this CSS selector.
    #[serde(default)]
    pub selector: Option<Spanned<String>>,
    /// Wait until each of these texts appears in the page text.
    #[serde(default)]
    pub text_present: Vec<String>,
    /// Wait until none of these texts (such as `Loading...`) is in the page text.
    #[serde(default)]
    pub text_absent: Vec<String>,
    /// Wait until the text of the regions has not changed for this long (`"300ms"`).
    #[serde(default)]
    pub stable_for: Option<Spanned<String>>,
    /// Give up waiting after this long (`"10s"`); the scenario then fails.
    #[serde(default)]
    pub timeout: Option<Spanned<String>>,
    /// Scroll through the page first (in steps, inside the page), so that widgets built only
    /// when scrolled into view appear, then wait for every widget's root.
    #[serde(default)]
    pub scroll: bool,
}

/// One `[[redact]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactFile {
    /// A regular expression (Rust `regex` syntax).
    pub pattern: Spanned<String>,
    /// What each match becomes; `$1` and `${name}` refer to capture groups.
    pub replacement: String,
}

/// A scenario's name: its file path inside the suite without `.toml`, with `/` between
/// folders. It names the snapshot file too, so it only holds safe characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScenarioId(pub(crate) String);

impl ScenarioId {
    /// The name as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The snapshot file stem: folders joined with `__`, as insta names nested snapshots.
    /// A name for a scenario the harness writes itself (`harness new`, `scrape`).
    pub fn named(name: &str) -> Self {
        ScenarioId(name.to_owned())
    }

    pub fn snapshot_stem(&self) -> String {
        self.0.replace('/', "__")
    }
}

impl fmt::Display for ScenarioId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where the page comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageTarget {
    /// An absolute URL, used as it is.
    Absolute(Url),
    /// A path relative to the suite folder (with an optional `?query` or `#fragment`),
    /// served by the embedded server or resolved against `--base-url`.
    SuiteRelative(String),
}

/// A named region: its snapshot section and the CSS selector of its element(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The section name in the snapshot.
    pub name: String,
    /// The CSS selector; every match, in document order, contributes its text.
    pub selector: String,
    /// Whether it may show no text.
    pub allow_empty: bool,
    /// Selectors of elements left out of this region only (`[region_ignore]`).
    pub ignore: Vec<String>,
}

/// When the page counts as ready to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// Wait for an element matching this selector.
    pub selector: Option<String>,
    /// Wait for these texts to appear.
    pub text_present: Vec<String>,
    /// Wait for these texts to disappear.
    pub text_absent: Vec<String>,
    /// Wait for the regions' text to stay the same for this long.
    pub stable_for: Option<Duration>,
    /// Give up after this long.
    pub timeout: Duration,
    /// Scroll through the page before reading it, then wait for the widgets' roots.
    pub scroll: bool,
    /// Get past a consent dialog first.
    pub consent: Option<crate::consent::Consent>,
}

impl Readiness {
    /// The readiness wait used when a scenario has no `[ready]` table.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
}

/// A scenario's `[network]` table: host patterns, checked. The run turns it into a
/// [`crate::network::NetworkPolicy`] once it knows where the page is served from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkSpec {
    /// The only hosts the page may reach, when the scenario lists them.
    pub allow: Option<Vec<String>>,
    /// Hosts the page never reaches.
    pub block: Vec<String>,
}

/// What a scenario's layout section places: its regions and widgets unless turned off,
/// and the elements it adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutSpec {
    /// Whether the snapshot has a layout section.
    pub enabled: bool,
    /// More elements to place: (name, selector).
    pub elements: Vec<(String, String)>,
}

impl Default for LayoutSpec {
    fn default() -> Self {
        LayoutSpec {
            enabled: true,
            elements: Vec::new(),
        }
    }
}

/// The browser window size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    /// Width in CSS pixels.
    pub width: u32,
    /// Height in CSS pixels.
    pub height: u32,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            width: 1280,
            height: 800,
        }
    }
}

/// A compiled redaction.
#[derive(Debug, Clone)]
pub struct Redaction {
    /// The compiled pattern.
    pub pattern: regex::Regex,
    /// Its replacement text.
    pub replacement: String,
}

/// A validated scenario, ready to run.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The scenario's name.
    pub id: ScenarioId,
    /// The file it came from.
    pub path: PathBuf,
    /// The human description, if any.
    pub description: Option<String>,
    /// Where the page is.
    pub page: PageTarget,
    /// The longest the scenario may take, when it sets its own.
    pub timeout: Option<Duration>,
    /// The encoding the embedded server declares for the page, when the scenario sets one.
    pub charset: Option<&'static encoding_rs::Encoding>,
    /// The hosts the page may reach, as the scenario says.
    pub network: NetworkSpec,
    /// What the layout section places.
    pub layout: LayoutSpec,
    /// The window size (the first of `viewports`): the one checks and behaviour run at.
    pub viewport: Viewport,
    /// Every window size the page is read at, the first being `viewport`; one entry (with
    /// no names in the snapshot) unless the scenario lists several.
    pub viewports: Vec<NamedViewport>,
    /// How to wait for the page.
    pub ready: Readiness,
    /// The regions to snapshot, in the order written.
    pub regions: Vec<Region>,
    /// Selectors of elements left out of every region.
    pub ignore: Vec<String>,
    /// Redactions, applied in order.
    pub redactions: Vec<Redaction>,
    /// The widgets to check.
    pub widgets: crate::widget::Widgets,
    /// The reader's language and time zone.
    pub locale: LocaleSpec,
}

/// A scenario's `locale` and `timezone`: what its browser session is opened with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocaleSpec {
    /// The reader's language (`de-AT`).
    pub locale: Option<String>,
    /// The reader's time zone (`Europe/Vienna`).
    pub timezone: Option<String>,
}
