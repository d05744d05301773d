//! Scenario files: what a QA engineer writes. The main types here are [`ScenarioList`],
//! built by [`load_suite`], and [`Scenario`], one validated page description.
//!
//! Loading is synchronous and happens before any browser starts, so a bad CSS selector or
//! regex costs nothing but an error message. `load` finds and parses the files; each table
//! is validated in `tables` (page-level) or in its widget's folder (`crate::widget`), with the
//! one `Validator`
//! type of `validate`; `page` checks where the page is, `hints` says what the parser's
//! errors mean.

mod diagnostic;
mod hints;
mod load;
mod model;
mod page;
mod select;
mod tables;
mod validate;

pub use crate::widget::comments::{AgeUnit, CommentsExpectation, CommentsSpec, LockoutAge};
pub use crate::widget::player::{parse_rate, time_shape_pattern, ControlKind, PlayerSpec};
pub use crate::widget::stories::StoriesSpec;
pub use crate::widget::Widgets;
pub use diagnostic::{LoadError, LoadErrors};
pub use load::{load_suite, parse_str, LoadOptions, ScenarioList};
pub use model::{
    LayoutSpec, LocaleSpec, NamedViewport, NetworkSpec, PageTarget, Readiness, Redaction, Region,
    Scenario, ScenarioFile, ScenarioId, Viewport,
};
pub use select::{matches as name_matches, Selection, Shard};
#[cfg(test)]
pub(crate) use validate::run_table;
pub(crate) use validate::Validator;

/// The JSON Schema of the scenario format (`harness schema`), for editors that complete and
/// check TOML against a schema.
pub const SCHEMA: &str = include_str!("schema.json");
