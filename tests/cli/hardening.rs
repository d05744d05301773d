//! Hardening: broken scenario files, bad pages, hostile input, process faults and
//! determinism. Each test here proves one promise of the README's "Guarantees".

use crate::support::{repo_root, Suite};

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every folder of `tests/fixtures/scenarios/bad` is a suite with something wrong. Each one
/// exits 2 with its diagnostic (file, line, column, the line, a caret and a hint where there
/// is one) before any browser is looked for: PATH is empty, so a run that got as far as the
/// browser would exit 3 instead.
#[test]
fn every_broken_suite_gets_a_positioned_diagnostic_and_exit_2() {
    let cases = repo_root().join("tests/fixtures/scenarios/bad");
    let mut names: Vec<String> = std::fs::read_dir(&cases).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert!(names.len() >= 30, "only {} broken suites", names.len());
    let empty_path = tempfile::tempdir().unwrap();
    for name in names {
        let suite = Suite::new();
        copy_tree(&cases.join(&name), &suite.path("scenarios"));
        suite.page("plain.html");
        let out = suite.harness().env("PATH", empty_path.path()).args(["run", "scenarios"]).run();
        assert_eq!(out.code, 2, "{name}: {out:?}");
        assert!(out.stderr.contains("error: "), "{name}: {out:?}");
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("bad_suite", out.stderr);
        });
    }
}
