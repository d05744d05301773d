//! The comment section: open (a form that accepts input) or locked (no usable form, the
//! lockout message shown, its links present), as the scenario says or as the article's age
//! decides.

mod check;
mod observe;
mod section;
mod spec;
mod table;

pub use check::{evaluate, CommentsVerdict};
pub use observe::{
    AroundObservation, CommentsArgs, CommentsObservation, DateObservation, FieldObservation,
    SubmitObservation,
};
pub use section::section;
pub use spec::{AgeUnit, CommentsExpectation, CommentsFile, CommentsSpec, LockoutAge};
pub(crate) use table::comments as table;
