//! Text snapshots: normalising extracted text, laying out a scenario's snapshot body, and
//! storing `.snap` / `.snap.new` files in insta's format. The main types here are
//! [`SnapshotStore`] and [`SnapshotBody`]; `merge` decides a pending snapshot section by
//! section.

mod body;
mod layout;
mod merge;
mod store;
mod update;

pub use body::{parse_sections, SnapshotBody};
pub use layout::layout_section;
pub use merge::{changed_sections, split_decision, split_file, SplitOutcome};
pub use store::{
    read_body as read_body_of, write_atomic, Header, PendingSnapshot, SnapshotStore, StoreError,
};
pub use update::{
    compare_snapshot, snapshot_body, snapshot_header, would_fail, Provenance, SnapshotOutcome,
    SnapshotUpdate,
};
