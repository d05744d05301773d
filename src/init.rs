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

/// Writes `DIR/scenarios/example.toml` and `DIR/scenarios/pages/example.html`.
///
/// # Errors
///
/// The file that already exists, or the I/O error that stopped the writing.
pub fn scaffold(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let files = [
        (dir.join("scenarios/example.toml"), SCENARIO),
        (dir.join("scenarios/pages/example.html"), PAGE),
    ];
    for (path, _) in &files {
        if path.exists() {
            return Err(format!(
                "`{}` already exists; `harness init` never overwrites a file",
                path.display()
            ));
        }
    }
    let mut written = Vec::new();
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("failed to create `{}`: {e}", parent.display()))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| format!("failed to write `{}`: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
