//! The story widget: its stories (a story is a target, whatever links and images point at
//! it), each with text, resolving to an allowed host, shown once, and, when asked, answering.

mod check;
mod observe;
mod section;
mod spec;
mod table;

pub use check::{count, evaluate, resolve_links, ResolvedLink, StoryCount};
pub use observe::{StoriesArgs, StoriesObservation};
pub use section::section;
pub use spec::{StoriesFile, StoriesSpec};
pub(crate) use table::stories as table;
