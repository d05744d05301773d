//! Writing scenarios: `harness init` scaffolds a suite that runs, `harness schema` describes
//! exactly the keys the loader accepts, and `--help` documents every command.

use serde_json::Value;

use crate::support::Suite;

#[test]
fn init_scaffolds_a_suite_that_runs() {
    let suite = Suite::new();
    std::fs::remove_dir(suite.path("scenarios")).unwrap();
    let out = suite.harness().args(["init"]).run();
    out.assert_code(0)
        .assert_output_has("Created ./scenarios/example.toml")
        .assert_output_has("harness run ./scenarios");
    suite
        .harness()
        .args(["run", "scenarios"])
        .run()
        .assert_code(1)
        .assert_output_has("NEW [");
    suite
        .harness()
        .args(["accept", "scenarios"])
        .run()
        .assert_code(0);
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(0).assert_output_has("1 passed, 0 failed");
    let snap = suite.read("snapshots/example.snap");
    assert!(
        snap.contains("Ready to read.") && !snap.contains("advertisement"),
        "{snap}"
    );
    // A second init changes nothing.
    let before = suite.read("scenarios/example.toml");
    suite
        .harness()
        .args(["init"])
        .run()
        .assert_code(2)
        .assert_output_has("already exists");
    assert_eq!(suite.read("scenarios/example.toml"), before);
}

/// The keys serde accepts in a table, read from its "unknown field" message.
fn accepted_keys(table: &str, required: &str) -> Vec<String> {
    let suite = Suite::new();
    suite.page("plain.html");
    let text = match table {
        "" => "page = \"pages/plain.html\"\nzzz_unknown = 1\n".to_owned(),
        "redact" => "page = \"pages/plain.html\"\n[[redact]]\nzzz_unknown = 1\n".to_owned(),
        t => format!("page = \"pages/plain.html\"\n[{t}]\n{required}zzz_unknown = 1\n"),
    };
    suite.write("scenarios/s.toml", text);
    let out = suite.harness().args(["list", "scenarios"]).run();
    let line = out
        .all()
        .lines()
        .find(|l| l.contains("unknown field `zzz_unknown`"))
        .unwrap_or_else(|| panic!("{out:?}"))
        .to_owned();
    let rest = out.all()[out.all().find(&line).unwrap()..]
        .split("╭")
        .next()
        .unwrap()
        .to_owned();
    let mut keys: Vec<String> = rest
        .split('`')
        .skip(3)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    keys.sort();
    keys
}

fn schema_keys(schema: &Value, pointer: &str) -> Vec<String> {
    let mut keys: Vec<String> = schema
        .pointer(pointer)
        .and_then(Value::as_object)
        .unwrap()
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

#[test]
fn the_schema_describes_exactly_the_keys_the_loader_accepts() {
    let suite = Suite::new();
    let out = suite.harness().args(["schema"]).run();
    out.assert_code(0);
    let schema: Value = serde_json::from_str(&out.stdout).expect("the schema is JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let tables = [
        ("", "", "/properties"),
        (
            "viewport",
            "width = 100\nheight = 100\n",
            "/properties/viewport/properties",
        ),
        ("ready", "", "/properties/ready/properties"),
        ("redact", "", "/properties/redact/items/properties"),
        ("player", "root = \"p\"\n", "/properties/player/properties"),
        (
            "comments",
            "root = \"p\"\nexpect = \"open\"\n",
            "/properties/comments/properties",
        ),
        (
            "stories",
            "root = \"p\"\n",
            "/properties/stories/properties",
        ),
    ];
    for (table, required, pointer) in tables {
        assert_eq!(
            accepted_keys(table, required),
            schema_keys(&schema, pointer),
            "table `{table}`"
        );
    }
}

#[test]
fn every_command_documents_itself() {
    let suite = Suite::new();
    for (cmd, needles) in [
        (
            "run",
            &[
                "--jobs",
                "--filter",
                "--shard",
                "--retries",
                "--fail-on-flaky",
                "--timeout",
                "--browser",
                "--webdriver",
                "--base-url",
                "--snapshots",
                "--accept",
                "--ci",
                "--today",
                "--junit",
                "--json",
                "--html",
            ][..],
        ),
        ("list", &["--filter", "--shard"][..]),
        ("accept", &["--filter", "--snapshots"][..]),
        ("reject", &["--filter"][..]),
        ("review", &["--filter"][..]),
        ("init", &["[DIR]"][..]),
        ("schema", &["JSON Schema"][..]),
    ] {
        let out = suite.harness().args([cmd, "--help"]).run();
        out.assert_code(0);
        for n in needles {
            assert!(
                out.stdout.contains(n),
                "`harness {cmd} --help` lacks {n}:\n{}",
                out.stdout
            );
        }
    }
}
