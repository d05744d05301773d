//! `harness init`: scaffolds a suite with one working scenario and the page it reads, so a
//! new user starts from something that runs. Nothing that exists is overwritten.

use std::path::{Path, PathBuf};

const SCENARIO: &str = r##"# A first scenario: the page, when it is ready, what to snapshot, and a widget check.
# Every key is described in the README ("Scenario files"); `harness schema` prints a JSON
# Schema for editors.
description = "A first article page"
page = "pages/example.html"
ignore = [".ad"]

[ready]
text_absent = ["Loading..."]
timeout = "10s"

[regions]
headline = "article h1"
article = "article .body"
comments = "#comments"

[comments]
root = "#comments"
expect = "locked"
message = "Comments are closed."
"##;

const PAGE: &str = r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>A first article</title>
</head>
<body>
<main>
  <article>
    <h1>A first article</h1>
    <div class="body">
      <p id="status">Loading...</p>
      <p>Write the page you want to check here, or point `page` at your site.</p>
    </div>
  </article>
  <aside class="ad">An advertisement the snapshot leaves out</aside>
  <section id="comments">
    <h2>Comments</h2>
    <p>Comments are closed.</p>
  </section>
</main>
<script>
  // The page "loads" a moment after it appears, as real pages do; the scenario waits for it.
  setTimeout(function () { document.getElementById('status').textContent = 'Ready to read.'; }, 100);
</script>
</body>
</html>
"##;

/// Why `harness init` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A file of the scaffold is there already; nothing was written.
    #[error("`{}` already exists; `harness init` never overwrites a file", .0.display())]
    Exists(PathBuf),
    /// A folder or file could not be written.
    #[error("failed to write `{}`", path.display())]
    Write {
        /// The folder or file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Writes `DIR/scenarios/example.toml` and `DIR/scenarios/pages/example.html`.
///
/// # Errors
///
/// [`InitError::Exists`] for a file that is already there, or the I/O error that stopped
/// the writing.
pub fn scaffold(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let files = [
        (dir.join("scenarios/example.toml"), SCENARIO),
        (dir.join("scenarios/pages/example.html"), PAGE),
    ];
    for (path, _) in &files {
        if path.exists() {
            return Err(InitError::Exists(path.clone()));
        }
    }
    let mut written = Vec::new();
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| InitError::Write {
                path: parent.to_owned(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| InitError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
