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
                "--update-snapshots",
                "--unreferenced",
                "--verbose",
                "[PATH]...",
            ][..],
        ),
        ("list", &["--filter", "--shard"][..]),
        ("accept", &["--filter", "--snapshots", "--region"][..]),
        ("reject", &["--filter", "--region"][..]),
        ("review", &["--filter"][..]),
        ("new", &["<PAGE>", "--name", "--suite", "--browser"][..]),
        ("scrape", &["<PAGE>", "--selector", "--json"][..]),
        ("compare", &["--base-url", "--against", "--filter"][..]),
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

#[test]
fn a_schema_validator_refuses_what_the_loader_refuses() {
    let suite = Suite::new();
    suite.write("scenarios/p.html", "<p>x</p>");
    let schema = suite.harness().args(["schema"]).run();
    schema.assert_code(0);
    suite.write("schema.json", &schema.stdout);
    let mut cases: Vec<(String, String)> = [
        ("durations", "page = \"p.html\"\ntimeout = \"2m\"\n[ready]\nstable_for = \"1h 30m\"\n"),
        ("bad-duration", "page = \"p.html\"\ntimeout = \"10x\"\n"),
        ("by-age-alone", "page = \"p.html\"\n[comments]\nroot = \"#c\"\nexpect = \"by_age\"\n"),
        ("by-age", "page = \"p.html\"\n[comments]\nroot = \"#c\"\nexpect = \"by_age\"\nlockout_after = \"18 months\"\n"),
        ("speed-word", "page = \"p.html\"\n[player]\nroot = \"#p\"\nspeed = \"fast\"\n"),
        ("speed", "page = \"p.html\"\n[player]\nroot = \"#p\"\nspeed = \"1,5x\"\n"),
    ]
    .iter()
    .map(|(n, t)| (n.to_string(), t.to_string()))
    .collect();
    // The shipped scenarios are valid for both.
    for entry in std::fs::read_dir(crate::support::repo_root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path)
                .unwrap()
                .replace("pages/", "");
            let text = text
                .lines()
                .map(|l| {
                    if l.starts_with("page = ") {
                        "page = \"p.html\""
                    } else {
                        l
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            cases.push((
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                text,
            ));
        }
    }
    let script = r#"
import json, sys, tomllib
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
validator = Draft202012Validator(schema)
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        ok = validator.is_valid(tomllib.load(f))
    print(path.rsplit("/", 1)[-1], "valid" if ok else "invalid")
"#;
    for (name, text) in &cases {
        suite.write(&format!("one/{name}/scenarios/{name}.toml"), text);
        suite.write(&format!("one/{name}/scenarios/p.html"), "<p>x</p>");
    }
    let mut cmd = std::process::Command::new("python3");
    cmd.arg("-c").arg(script).arg(suite.path("schema.json"));
    for (name, _) in &cases {
        cmd.arg(suite.path(&format!("one/{name}/scenarios/{name}.toml")));
    }
    let out = cmd
        .output()
        .expect("python3 runs (scripts/install-deps installs jsonschema)");
    assert!(
        out.status.success(),
        "jsonschema failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts = String::from_utf8_lossy(&out.stdout).into_owned();
    for (name, _) in &cases {
        let loader = suite
            .harness_in(&format!("one/{name}"))
            .args(["list"])
            .run();
        let loads = loader.code == 0;
        let valid = verdicts.contains(&format!("{name}.toml valid"));
        assert_eq!(
            valid,
            loads,
            "`{name}`: the schema says {}, the loader says {loader:?}",
            if valid { "valid" } else { "invalid" }
        );
    }
    assert!(verdicts.contains("bad-duration.toml invalid"), "{verdicts}");
    assert!(verdicts.contains("article-locked.toml valid"), "{verdicts}");
}
