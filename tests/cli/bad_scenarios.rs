//! Broken scenario files: every problem of every file is reported with file, line, column
//! and a caret, the exit code is 2, and no browser starts.

use crate::support::Suite;

fn broken_suite() -> Suite {
    let suite = Suite::new();
    suite.page("plain.html");
    suite.write(
        "scenarios/a-syntax.toml",
        "page = \"pages/plain.html\"\n[regions\nmain = \"main\"\n",
    );
    suite.write(
        "scenarios/b-unknown-key.toml",
        "page = \"pages/plain.html\"\nregoins = { main = \"main\" }\n",
    );
    suite.write(
        "scenarios/c-selectors.toml",
        "page = \"pages/plain.html\"\nignore = [\".ad\", \"div[\"]\n[regions]\nmain = \"main >\"\nok = \"article\"\n",
    );
    suite.write(
        "scenarios/d-regex.toml",
        "page = \"pages/plain.html\"\n[[redact]]\npattern = '\\d{2:\\d{2}'\nreplacement = \"[TIME]\"\n",
    );
    suite.write(
        "scenarios/e-page.toml",
        "page = \"ftp://example.org/a.html\"\n",
    );
    suite.write(
        "scenarios/f-missing-page.toml",
        "page = \"pages/nope.html\"\n",
    );
    suite.write(
        "scenarios/g-type.toml",
        "page = \"pages/plain.html\"\n[ready]\ntimeout = 10\n",
    );
    suite.write(
        "scenarios/h-misplaced.toml",
        "page = \"pages/plain.html\"\n[regions]\nmain = \"main\"\nignore = [\".ad\"]\n",
    );
    suite.write(
        "scenarios/i-latin1.toml",
        b"page = \"pages/plain.html\"\ndescription = \"Gr\xfc\xdfe\"\n".as_slice(),
    );
    suite.write(
        "scenarios/j-duration.toml",
        "page = \"pages/plain.html\"\n[ready]\nstable_for = \"soon\"\n",
    );
    suite.write(
        "scenarios/k-network.toml",
        "page = \"pages/plain.html\"\ncharset = \"klingon\"\n[network]\nblock = [\"*.ads.test\", \"https://tracker.test/p\"]\n",
    );
    suite.write(
        "scenarios/l-remote-charset.toml",
        "page = \"https://news.test/a.html\"\ncharset = \"latin1\"\n",
    );
    suite
}

#[test]
fn every_bad_file_is_reported_with_its_position() {
    let suite = broken_suite();
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(2)
        .assert_output_has("error: 14 problems in the scenario files");
    insta::assert_snapshot!("bad_scenarios", out.all());
}

#[test]
fn bad_files_are_found_before_any_browser_is_looked_for() {
    // With no browser on PATH a good suite exits 3; a bad one still exits 2, so the files
    // were checked first.
    let suite = broken_suite();
    let empty = tempfile::tempdir().unwrap();
    let out = suite
        .harness()
        .env("PATH", empty.path())
        .args(["run", "scenarios"])
        .run();
    out.assert_code(2);
    assert!(!out.all().contains("not found on PATH"), "{out:?}");
}

#[test]
fn an_empty_suite_is_an_error() {
    let suite = Suite::new();
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(2)
        .assert_output_has("no scenario files (`*.toml`) in `scenarios`");
    let out = suite.harness().args(["run", "no-such-folder"]).run();
    out.assert_code(2)
        .assert_output_has("`no-such-folder` does not exist (looked for `")
        .assert_output_has("no-such-folder`); give the suite folder");
}
