//! Snapshot files on disk, in insta's `.snap` format: a `---` header of `key: value` lines,
//! then the body. The main type here is [`SnapshotStore`].
//!
//! Every write goes to a temporary file in the same folder and is renamed into place, so a
//! reader (or a crash) never sees half a file. Pending results go to `<name>.snap.new` and
//! never touch the accepted `<name>.snap`; accepting is a rename.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::scenario::ScenarioId;

/// A snapshot-file error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading or writing failed.
    #[error("failed to {action} `{}`", path.display())]
    Io {
        /// `read`, `write`, `rename` or `remove`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a snapshot insta can read.
    #[error("`{}` is not a valid snapshot file: {detail}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// insta's complaint.
        detail: String,
    },
}

/// The header of a snapshot file: metadata that never makes a diff on its own.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// The scenario file, relative to the suite's parent folder (`scenarios/x.toml`).
    pub source: String,
    /// The scenario's name.
    pub expression: String,
    /// The scenario's description.
    pub description: Option<String>,
    /// Provenance: browser, viewport, final URL (written under `info:`).
    pub info: Vec<(String, String)>,
}

impl Header {
    fn render(&self) -> String {
        let mut out = String::from("---\n");
        out.push_str(&format!("source: {}\n", yaml_scalar(&self.source)));
        if let Some(d) = &self.description {
            out.push_str(&format!("description: {}\n", yaml_scalar(d)));
        }
        out.push_str(&format!("expression: {}\n", yaml_scalar(&self.expression)));
        if !self.info.is_empty() {
            out.push_str("info:\n");
            for (k, v) in &self.info {
                out.push_str(&format!("  {k}: {}\n", yaml_scalar(v)));
            }
        }
        out.push_str("---\n");
        out
    }
}

/// A plain scalar when it is safe to write one, otherwise a JSON string (which YAML reads
/// as a double-quoted scalar).
fn yaml_scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '.'))
        && !value.starts_with(['-', '.'])
        && !matches!(
            value,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off"
        )
        && value.parse::<f64>().is_err();
    if plain {
        value.to_owned()
    } else {
        serde_json::to_string(value).expect("a string serialises")
    }
}

/// A pending snapshot waiting for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSnapshot {
    /// The snapshot's name (the file stem).
    pub name: String,
    /// The `.snap.new` file.
    pub pending: PathBuf,
    /// The `.snap` file it would replace (which may not exist yet).
    pub accepted: PathBuf,
}

/// The snapshot folder of a suite.
#[derive(Debug, Clone)]
pub struct SnapshotStore {
    dir: PathBuf,
}

impl SnapshotStore {
    /// A store in `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        SnapshotStore { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The accepted snapshot of a scenario.
    pub fn accepted_path(&self, id: &ScenarioId) -> PathBuf {
        self.dir.join(format!("{}.snap", id.snapshot_stem()))
    }

    /// The pending snapshot of a scenario.
    pub fn pending_path(&self, id: &ScenarioId) -> PathBuf {
        self.dir.join(format!("{}.snap.new", id.snapshot_stem()))
    }

    /// Reads the body of the accepted snapshot, with insta's own reader.
    ///
    /// # Errors
    ///
    /// [`StoreError::Invalid`] when insta cannot read it.
    pub fn read_accepted(&self, id: &ScenarioId) -> Result<Option<String>, StoreError> {
        read_body(&self.accepted_path(id))
    }

    /// Writes the pending snapshot of a scenario atomically.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when the folder or file cannot be written.
    pub fn write_pending(
        &self,
        id: &ScenarioId,
        header: &Header,
        body: &str,
    ) -> Result<PathBuf, StoreError> {
        let path = self.pending_path(id);
        write_atomic(&path, format!("{}{}", header.render(), body))?;
        Ok(path)
    }

    /// Writes the accepted snapshot of a scenario atomically (`--accept`).
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when the folder or file cannot be written.
    pub fn write_accepted(
        &self,
        id: &ScenarioId,
        header: &Header,
        body: &str,
    ) -> Result<PathBuf, StoreError> {
        let path = self.accepted_path(id);
        write_atomic(&path, format!("{}{}", header.render(), body))?;
        Ok(path)
    }

    /// Removes a stale pending snapshot once the result matches again.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when it exists and cannot be removed.
    pub fn remove_pending(&self, id: &ScenarioId) -> Result<(), StoreError> {
        remove_if_exists(&self.pending_path(id))
    }

    /// Every file name in the folder with its path (none when the folder does not exist).
    fn files(&self) -> Result<Vec<(String, PathBuf)>, StoreError> {
        let io = |source| StoreError::Io {
            action: "read",
            path: self.dir.clone(),
            source,
        };
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(io(source)),
        };
        entries
            .map(|entry| {
                let entry = entry.map_err(io)?;
                Ok((
                    entry.file_name().to_string_lossy().into_owned(),
                    entry.path(),
                ))
            })
            .collect()
    }

    /// The `.snap` and `.snap.new` files whose name is none of `stems` (snapshots of
    /// scenarios that are gone), sorted.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when the folder cannot be listed.
    pub fn list_unreferenced(
        &self,
        stems: &std::collections::BTreeSet<String>,
    ) -> Result<Vec<PathBuf>, StoreError> {
        let mut out: Vec<PathBuf> = self
            .files()?
            .into_iter()
            .filter(|(file, _)| {
                file.strip_suffix(".snap.new")
                    .or_else(|| file.strip_suffix(".snap"))
                    .is_some_and(|stem| !stems.contains(stem))
            })
            .map(|(_, path)| path)
            .collect();
        out.sort();
        Ok(out)
    }

    /// Removes snapshot files (`--unreferenced delete`).
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] for the first file that cannot be removed.
    pub fn remove_files(&self, files: &[PathBuf]) -> Result<(), StoreError> {
        files.iter().try_for_each(|f| remove_if_exists(f))
    }

    /// Every pending snapshot in the folder, sorted by name.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when the folder cannot be listed.
    pub fn list_pending(&self) -> Result<Vec<PendingSnapshot>, StoreError> {
        let mut out: Vec<PendingSnapshot> = self
            .files()?
            .into_iter()
            .filter_map(|(file, path)| {
                let name = file.strip_suffix(".snap.new")?;
                Some(PendingSnapshot {
                    name: name.to_owned(),
                    pending: path,
                    accepted: self.dir.join(format!("{name}.snap")),
                })
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Accepts a pending snapshot: renames it over the accepted one in one step.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when the rename fails (the pending file is then left as it was).
    pub fn accept(&self, pending: &PendingSnapshot) -> Result<(), StoreError> {
        std::fs::rename(&pending.pending, &pending.accepted).map_err(|source| StoreError::Io {
            action: "rename",
            path: pending.pending.clone(),
            source,
        })
    }

    /// Applies per-section decisions ([`super::split_decision`]) to a pending snapshot: the
    /// accepted file is written first (atomically, with the pending file's header), then the
    /// pending file is rewritten or removed, so a crash between the two loses nothing.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when a file cannot be read, written or removed.
    pub fn decide_sections(
        &self,
        pending: &PendingSnapshot,
        accept: &[String],
        reject: &[String],
    ) -> Result<super::SplitOutcome, StoreError> {
        let read = |path: &Path| match std::fs::read_to_string(path) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(StoreError::Io {
                action: "read",
                path: path.to_owned(),
                source,
            }),
        };
        let old = read(&pending.accepted)?;
        let new = read(&pending.pending)?.unwrap_or_default();
        let (header, new_body) = super::split_file(&new);
        let old_body = old.as_deref().map(|o| super::split_file(o).1);
        let outcome = super::split_decision(old_body, new_body, accept, reject);
        if outcome.pending.is_none() && outcome.accepted.as_deref() == Some(new_body) {
            self.accept(pending)?;
            return Ok(outcome);
        }
        if let Some(body) = &outcome.accepted {
            write_atomic(&pending.accepted, format!("{header}{body}"))?;
        }
        match &outcome.pending {
            Some(body) => write_atomic(&pending.pending, format!("{header}{body}"))?,
            None => self.reject(pending)?,
        }
        Ok(outcome)
    }

    /// Rejects a pending snapshot: removes only the pending file.
    ///
    /// # Errors
    ///
    /// [`StoreError::Io`] when it cannot be removed.
    pub fn reject(&self, pending: &PendingSnapshot) -> Result<(), StoreError> {
        remove_if_exists(&pending.pending)
    }
}

/// Reads a snapshot file's body with insta (`None` when the file does not exist).
///
/// # Errors
///
/// [`StoreError::Invalid`] when insta cannot read it.
pub fn read_body(path: &Path) -> Result<Option<String>, StoreError> {
    if !path.exists() {
        return Ok(None);
    }
    let snap = insta::Snapshot::from_file(path).map_err(|e| StoreError::Invalid {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    match snap.as_text() {
        Some(t) => Ok(Some(t.to_string())),
        None => Err(StoreError::Invalid {
            path: path.to_owned(),
            detail: "a binary snapshot, not text".into(),
        }),
    }
}

/// Writes a file by renaming a finished temporary file over it, so no reader sees half of it.
///
/// # Errors
///
/// [`StoreError::Io`] when the folder or file cannot be written.
pub fn write_atomic(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), StoreError> {
    let io = |action, source| StoreError::Io {
        action,
        path: path.to_owned(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io("write", e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".harness-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io("write", e))?;
    tmp.write_all(contents.as_ref())
        .map_err(|e| io("write", e))?;
    // A temporary file is private (0600); the finished file is an ordinary one.
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| io("write", e))?;
    }
    tmp.as_file().sync_all().map_err(|e| io("write", e))?;
    tmp.persist(path).map_err(|e| io("rename", e.error))?;
    Ok(())
}

fn remove_if_exists(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Io {
            action: "remove",
            path: path.to_owned(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insta_reads_what_we_write() {
        let dir = tempfile::tempdir().unwrap();
        let store = SnapshotStore::new(dir.path());
        let id = ScenarioId("news/front page".replace(' ', "-"));
        let header = Header {
            source: "scenarios/news/front-page.toml".into(),
            expression: id.to_string(),
            description: Some("Front page: \"quotes\" and: colons".into()),
            info: vec![
                ("browser".into(), "chrome 156.0".into()),
                ("final_url".into(), "suite:pages/a.html?x=1#y".into()),
            ],
        };
        let body = "── page ──\nHello: world\n---\nstill body\n";
        let path = store.write_accepted(&id, &header, body).unwrap();
        assert!(path.ends_with("news__front-page.snap"));
        let snap = insta::Snapshot::from_file(&path).unwrap();
        assert_eq!(
            snap.metadata().source(),
            Some("scenarios/news/front-page.toml")
        );
        assert_eq!(
            snap.metadata().description(),
            Some("Front page: \"quotes\" and: colons")
        );
        assert_eq!(snap.metadata().expression(), Some("news/front-page"));
        let info = format!("{:?}", snap.metadata().private_info());
        assert!(
            info.contains("chrome 156.0") && info.contains("suite:pages/a.html?x=1#y"),
            "{info}"
        );
        assert_eq!(store.read_accepted(&id).unwrap().unwrap(), body.trim_end());
    }

    #[test]
    fn accepting_replaces_and_rejecting_keeps_the_accepted_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = SnapshotStore::new(dir.path());
        let id = ScenarioId("a".into());
        let h = Header {
            source: "scenarios/a.toml".into(),
            expression: "a".into(),
            description: None,
            info: vec![],
        };
        store.write_accepted(&id, &h, "old\n").unwrap();
        store.write_pending(&id, &h, "new\n").unwrap();
        let pending = store.list_pending().unwrap();
        assert_eq!(pending.len(), 1);
        store.reject(&pending[0]).unwrap();
        assert_eq!(store.read_accepted(&id).unwrap().unwrap(), "old");
        store.write_pending(&id, &h, "new\n").unwrap();
        store.accept(&store.list_pending().unwrap()[0]).unwrap();
        assert_eq!(store.read_accepted(&id).unwrap().unwrap(), "new");
        assert!(store.list_pending().unwrap().is_empty());
    }
}
