//! The media player: its controls (play, ±10 s, previous/next, time, speed) found the way
//! real players mark them, judged as a reader meets them, and, with `behaviour = true`,
//! exercised like a user in one more round-trip.

mod behave;
mod check;
#[cfg(test)]
mod check_tests;
mod observe;
mod section;
mod spec;
mod table;
mod verdict;

pub use behave::{exercise, BehaviourObservation, Step, STEP_TIMEOUT};
pub use check::evaluate;
pub use observe::{
    control_hints, player_args, ControlHints, ControlObservation, MediaState, PlayerArgs,
    PlayerObservation,
};
pub use section::section;
pub use spec::{parse_rate, time_shape_pattern, ControlKind, PlayerFile, PlayerSpec};
pub(crate) use table::player as table;
