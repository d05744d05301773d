//! Hardening: broken scenario files, bad pages, hostile input, process faults and
//! determinism. Each test here proves one promise of the README's "Guarantees".

use crate::support::{repo_root, status_block as block, Suite};

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
    let mut names: Vec<String> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 30, "only {} broken suites", names.len());
    let empty_path = tempfile::tempdir().unwrap();
    for name in names {
        let suite = Suite::new();
        copy_tree(&cases.join(&name), &suite.path("scenarios"));
        suite.page("plain.html");
        let out = suite
            .harness()
            .env("PATH", empty_path.path())
            .args(["run", "scenarios"])
            .run();
        assert_eq!(out.code, 2, "{name}: {out:?}");
        assert!(out.all().contains("error: "), "{name}: {out:?}");
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("bad_suite", out.all());
        });
    }
}

#[test]
fn bad_pages_end_in_clear_verdicts_and_leave_the_others_alone() {
    use crate::support::TestServer;
    let server = TestServer::start(|_, path, _| match path {
        "/missing" => Some((String::new(), "<h1>Seite nicht gefunden</h1>".into())),
        "/broken" => Some((String::new(), "<h1>Serverfehler</h1>".into())),
        "/loop" => Some(("Refresh: 0\r\n".into(), String::new())),
        _ => Some((String::new(), "<p>ok</p>".into())),
    });
    // Statuses and redirects need a server that can say them; the TestServer answers 200,
    // so the 404, 500 and redirect loop come from a second, raw server.
    let raw = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let raw_url = format!("http://{}/", raw.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in raw.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 2048];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).into_owned();
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let response = match path.as_str() {
                "/404" => "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 29\r\nConnection: close\r\n\r\n<h1>Seite nicht gefunden</h1>".to_owned(),
                "/500" => "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: 21\r\nConnection: close\r\n\r\n<h1>Serverfehler</h1>".to_owned(),
                p if p.starts_with("/loop") => "HTTP/1.1 302 Found\r\nLocation: /loop-again\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned(),
                _ => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".to_owned(),
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    drop(server);
    let hang = TestServer::start(|_, _, _| None);
    let refused = crate::support::RefusedPort::new();
    let refused_port = refused.port;

    let suite = Suite::new();
    suite.page("plain.html");
    let write = |name: &str, toml: String| suite.write(&format!("scenarios/{name}.toml"), toml);
    write("a-ok", "page = \"pages/plain.html\"\n".into());
    write("b-404", format!("page = \"{raw_url}404\"\n"));
    write("c-500", format!("page = \"{raw_url}500\"\n"));
    write(
        "d-refused",
        format!("page = \"http://127.0.0.1:{refused_port}/\"\n"),
    );
    write("e-redirect-loop", format!("page = \"{raw_url}loop\"\n"));
    write(
        "f-never-finishes",
        format!("page = \"{}slow\"\ntimeout = \"3s\"\n", hang.url),
    );
    // 10 MB of paragraphs, read whole: the scenario snapshots its heading and the line after
    // the last paragraph. What is under test is that a page this large is read whole and leaves
    // the other scenarios alone, not how fast the browser lays out 180,000 paragraphs: laying
    // them out is nearly all of a plain page's time (about 4 s on a quiet 2-core machine,
    // over a minute with the test suite running beside it). The paragraphs sit in sections
    // the browser lays out only when they come into view (`content-visibility: auto`, as long
    // real pages use it): the same bytes, parsed and read, in about 0.6 s.
    let mut big = String::from(
        "<!doctype html><meta charset=\"utf-8\"><h1>Zehn Megabyte</h1>\n\
         <style>section { content-visibility: auto; contain-intrinsic-size: auto 30000px }</style>\n",
    );
    let paragraph = "<p>Ein Absatz unter vielen, damit die Seite groß wird.</p>\n";
    while big.len() < 10 * 1024 * 1024 {
        big.push_str("<section>\n");
        for _ in 0..1000 {
            big.push_str(paragraph);
        }
        big.push_str("</section>\n");
    }
    big.push_str("<p id=\"ende\">Ende der Seite</p>\n");
    suite.write("scenarios/pages/big.html", big);
    write(
        "g-ten-megabytes",
        "page = \"pages/big.html\"\ntimeout = \"60s\"\n[regions]\nheading = \"h1\"\nend = \"#ende\"\n".into(),
    );
    suite.write(
        "scenarios/pages/latin1.html",
        b"<!doctype html><meta charset=\"iso-8859-1\"><p>Gr\xfc\xdfe aus \xd6sterreich</p>"
            .as_slice(),
    );
    write("h-latin1", "page = \"pages/latin1.html\"\n".into());
    suite.write("scenarios/pages/reload.html", "<!doctype html><p>Gleich wieder</p><script>setTimeout(function () { location.reload(); }, 20);</script>");
    write("i-reloads-forever", "page = \"pages/reload.html\"\ntimeout = \"5s\"\n[ready]\nstable_for = \"300ms\"\ntimeout = \"2s\"\n".into());
    suite.write(
        "scenarios/pages/alert.html",
        "<!doctype html><p>Vorsicht</p><script>alert('Hallo aus der Seite');</script>",
    );
    write("j-alert", "page = \"pages/alert.html\"\n".into());
    suite.write(
        "scenarios/pages/throws.html",
        "<!doctype html><p>Trotzdem lesbar</p><script>throw new Error('kaputt');</script>",
    );
    write("k-script-throws", "page = \"pages/throws.html\"\n".into());
    write("z-ok", "page = \"pages/plain.html\"\n".into());

    let started = std::time::Instant::now();
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--jobs", "1"])
        .run();
    let took = started.elapsed();
    out.assert_code(1);
    let err = &out.all();
    assert!(block(err, "a-ok").contains("ACCEPTED"), "{err}");
    assert!(
        block(err, "z-ok").contains("ACCEPTED"),
        "the scenario after all of them is unaffected:\n{err}"
    );
    assert!(
        block(err, "b-404").contains("found:    HTTP 404 from"),
        "{}",
        block(err, "b-404")
    );
    assert!(
        block(err, "c-500").contains("found:    HTTP 500 from"),
        "{}",
        block(err, "c-500")
    );
    assert!(
        block(err, "d-refused").contains("ERR_CONNECTION_REFUSED"),
        "{}",
        block(err, "d-refused")
    );
    assert!(
        block(err, "e-redirect-loop")
            .contains("found:    the browser's error page after loading `")
            && block(err, "e-redirect-loop").contains("ERR_TOO_MANY_REDIRECTS"),
        "{}",
        block(err, "e-redirect-loop")
    );
    assert!(
        !suite.exists("snapshots/e-redirect-loop.snap"),
        "an error page is not a snapshot"
    );
    let never = block(err, "f-never-finishes");
    assert!(never.contains("did not finish within 3s"), "{never}");
    // The verdict comes when the timeout is up, not after the session is replaced.
    assert!(never.contains("FAIL [   3."), "{never}");
    assert!(
        block(err, "g-ten-megabytes").contains("ACCEPTED"),
        "{}",
        block(err, "g-ten-megabytes")
    );
    assert!(
        crate::support::without_layout(&suite.read("snapshots/g-ten-megabytes.snap"))
            .ends_with("── heading ──\nZehn Megabyte\n\n── end ──\nEnde der Seite\n")
    );
    assert!(
        block(err, "h-latin1").contains("ACCEPTED"),
        "{}",
        block(err, "h-latin1")
    );
    assert!(suite
        .read("snapshots/h-latin1.snap")
        .contains("Grüße aus Österreich"));
    // A page that reloads itself fails with an error; which words the browser finds for it
    // depends on when the reload hits the read ("navigated away …", "no such execution
    // context", a script timeout).
    let reloads = block(err, "i-reloads-forever");
    assert!(
        reloads.contains("FAIL") && reloads.contains("error: "),
        "{reloads}"
    );
    // The browser dismisses the dialog; whether a command sees it is a matter of timing, so
    // it never changes the verdict (it is noted when seen).
    let alert = block(err, "j-alert");
    assert!(
        alert.contains("ACCEPTED"),
        "{alert}\n--- whole run ---\n{err}"
    );
    let alert_snap = suite.read("snapshots/j-alert.snap");
    assert!(
        alert_snap.contains("Vorsicht"),
        "{alert_snap}\n--- whole run ---\n{err}"
    );
    assert!(
        block(err, "k-script-throws").contains("ACCEPTED"),
        "{}",
        block(err, "k-script-throws")
    );
    assert!(suite
        .read("snapshots/k-script-throws.snap")
        .contains("Trotzdem lesbar"));
    // No page held the run beyond its own timeout: the run ends within the sum of them.
    assert!(took < std::time::Duration::from_secs(180), "took {took:?}");
}

/// A page that reloads itself on a timer, read (or not) just before another page: whether its
/// reload falls into the next navigation is a matter of timing, and when it did, the next
/// scenario was superseded or, worse, read the reloading page as its own. Twenty pairs give
/// the race many chances; every page after a reloading one must be read as itself.
#[test]
fn a_page_that_reloads_itself_never_reaches_the_next_scenario() {
    let suite = Suite::new();
    suite.write(
        "scenarios/pages/reload.html",
        "<!doctype html><p>Gleich wieder</p><script>setTimeout(function () { location.reload(); }, 20);</script>",
    );
    suite.write(
        "scenarios/pages/alert.html",
        "<!doctype html><p>Vorsicht</p><script>alert('Hallo');</script>",
    );
    for i in 0..20 {
        let name = format!("p{i:02}");
        suite.write(
            &format!("scenarios/pages/{name}.html"),
            format!("<!doctype html><meta charset=\"utf-8\"><p>Seite {name}</p>"),
        );
        suite.write(
            &format!("scenarios/{name}-a-reloads.toml"),
            "page = \"pages/reload.html\"\n",
        );
        // Every fourth follower opens a dialog too, as the alert case of the bad-pages test.
        let page = if i % 4 == 3 {
            "alert".to_owned()
        } else {
            name.clone()
        };
        suite.write(
            &format!("scenarios/{name}-b-next.toml"),
            format!("page = \"pages/{page}.html\"\n"),
        );
    }
    let out = suite
        .harness()
        .args(["run", "scenarios", "--accept", "--jobs", "1"])
        .run();
    let err = &out.all();
    for i in 0..20 {
        let name = format!("p{i:02}");
        let next = block(err, &format!("{name}-b-next"));
        assert!(
            next.contains("ACCEPTED"),
            "{next}\n--- whole run ---\n{err}"
        );
        let text = if i % 4 == 3 {
            "Vorsicht".to_owned()
        } else {
            format!("Seite {name}")
        };
        let snap = suite.read(&format!("snapshots/{name}-b-next.snap"));
        assert!(
            snap.contains(&text) && !snap.contains("Gleich wieder"),
            "{name}-b-next read another page:\n{snap}"
        );
    }
}

/// A suite of `n` quick pages whose accepted snapshots are all out of date.
fn suite_with_outdated_snapshots(n: usize) -> Suite {
    let suite = Suite::new();
    for i in 0..n {
        suite.write(
            &format!("scenarios/pages/p{i:02}.html"),
            format!("<!doctype html><meta charset=\"utf-8\"><h1>Seite {i}</h1><p>alt</p>"),
        );
        suite.write(
            &format!("scenarios/p{i:02}.toml"),
            format!("page = \"pages/p{i:02}.html\"\n"),
        );
    }
    suite
        .harness()
        .args(["run", "scenarios", "--accept"])
        .run()
        .assert_code(0);
    for i in 0..n {
        suite.edit(
            &format!("scenarios/pages/p{i:02}.html"),
            "<p>alt</p>",
            "<p>neu</p>",
        );
    }
    suite
}

/// Every snapshot file reads back with insta and holds a whole body, old or new.
fn assert_snapshots_whole(suite: &Suite, n: usize) -> (usize, usize) {
    let (mut old, mut new) = (0, 0);
    for i in 0..n {
        let path = suite.path(&format!("snapshots/p{i:02}.snap"));
        let snap =
            insta::Snapshot::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let body = crate::support::without_layout(&snap.as_text().unwrap().to_string())
            .trim_end()
            .to_owned();
        match body.as_str() {
            b if b == format!("── page ──\nSeite {i}\n\nalt") => old += 1,
            b if b == format!("── page ──\nSeite {i}\n\nneu") => new += 1,
            b => panic!("p{i:02}.snap holds a broken body: {b:?}"),
        }
    }
    (old, new)
}

#[test]
fn a_harness_killed_while_writing_snapshots_leaves_them_whole_and_no_process_behind() {
    let n = 16;
    let suite = suite_with_outdated_snapshots(n);
    // The second half of the pages cannot finish loading until the test opens the gate, so
    // the kill always lands with some snapshots written and some not, however fast the run.
    let gate = crate::support::Beacon::gated();
    for i in n / 2..n {
        suite.edit(
            &format!("scenarios/pages/p{i:02}.html"),
            "<p>neu</p>",
            &format!("<p>neu</p><script src=\"{}hold.js\"></script>", gate.url),
        );
    }
    let marker = format!("sigkill-{}", std::process::id());
    let mut run = crate::support::Running::start(
        &suite.path(""),
        &["run", "scenarios", "--accept", "--jobs", "2"],
        &[("HARNESS_TEST_MARKER", &marker)],
    );
    assert!(
        run.wait_for("ACCEPTED", 4),
        "the run ended before it could be killed:\n{}",
        run.seen
    );
    run.signal(libc::SIGKILL);
    run.finish();
    gate.open();
    let (old, new) = assert_snapshots_whole(&suite, n);
    assert!(
        new >= 4 && old >= n / 2,
        "expected a half-done run: {new} new, {old} old"
    );
    crate::cleanup::assert_no_processes_left(&marker);
    // The next run finishes the job.
    suite
        .harness()
        .args(["run", "scenarios", "--accept"])
        .run()
        .assert_code(0);
    assert_eq!(assert_snapshots_whole(&suite, n), (0, n));
}

#[test]
fn two_runs_on_one_suite_at_once_corrupt_nothing() {
    let n = 12;
    let suite = suite_with_outdated_snapshots(n);
    let marker = format!("twice-{}", std::process::id());
    let outs = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    suite
                        .harness()
                        .env("HARNESS_TEST_MARKER", &marker)
                        .args(["run", "scenarios", "--accept"])
                        .run()
                })
            })
            .collect();
        runs.into_iter()
            .map(|r| r.join().unwrap())
            .collect::<Vec<_>>()
    });
    for out in &outs {
        out.assert_code(0);
    }
    assert_eq!(assert_snapshots_whole(&suite, n), (0, n));
    crate::cleanup::assert_no_processes_left(&marker);
    let stray: Vec<String> = suite
        .snapshot_files()
        .into_iter()
        .filter(|f| !f.ends_with(".snap"))
        .collect();
    assert!(stray.is_empty(), "stray files: {stray:?}");
}

#[test]
fn hostile_names_and_patterns_stay_in_their_place() {
    let suite = Suite::new();
    suite.write(
        "scenarios/pages/quotes.html",
        r#"<!doctype html><meta charset="utf-8"><main><p data-x='a"b\c'>Er sagte: "Los!" \ und '); alert(1); ('</p><p id="t">12:34</p></main>"#,
    );
    suite.write(
        "scenarios/hostile.toml",
        r##"page = "pages/quotes.html"
[ready]
text_present = ["\"Los!\" \\ und '); alert(1); ('"]
selector = 'p[data-x="a\"b\\c"]'
[regions]
"../../outside" = "main"
"/etc/passwd" = 'p[data-x="a\"b\\c"]'
"`); window.x = (`" = "#t"
[[redact]]
pattern = "\"Los!\" \\\\ und '\\); alert\\(1\\); \\('"
replacement = "[\"QUOTE\"]"
"##,
    );
    let outside = suite.path("outside");
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(0);
    assert_eq!(
        suite.snapshot_files(),
        ["hostile.snap"],
        "one file, inside snapshots/"
    );
    assert!(!outside.exists() && !suite.path("snapshots/../outside").exists());
    let snap = suite.read("snapshots/hostile.snap");
    assert!(
        snap.contains("── ../../outside ──\nEr sagte: [\"QUOTE\"]\n\n12:34\n"),
        "{snap}"
    );
    assert!(
        snap.contains("── /etc/passwd ──\nEr sagte: [\"QUOTE\"]\n"),
        "{snap}"
    );
    assert!(snap.contains("── `); window.x = (` ──\n12:34\n"), "{snap}");
}

/// The example suite (with layout sections, two of its scenarios at two viewports), run 20
/// times in a row into fresh snapshot folders, half of them with `--jobs 2`, writes the same
/// bytes every time, and against the shipped snapshots passes every time (no flaky scenario).
/// The shipped snapshots are first made to say another browser version wrote them, as they
/// do on any machine whose browser is newer than the one that wrote them: what is compared
/// with them is everything but the provenance, and the provenance written names the browser
/// that ran. Slow (about a minute and a half); CI runs it.
#[test]
fn twenty_runs_of_the_example_suite_are_byte_identical() {
    use crate::support::{split_provenance, with_provenance_browser};
    let suite = Suite::example();
    let shipped: Vec<String> = suite.snapshot_files();
    for name in &shipped {
        let rel = format!("snapshots/{name}");
        let foreign = with_provenance_browser(&suite.read(&rel), "chrome 1.0.0.0");
        suite.write(&rel, foreign);
    }
    // CI against them: they pass, and stay as they are.
    suite
        .harness()
        .args(["run", "scenarios", "--ci"])
        .run()
        .assert_code(0);
    for name in &shipped {
        let rel = format!("snapshots/{name}");
        assert!(
            suite.read(&rel).contains("  browser: \"chrome 1.0.0.0\"\n"),
            "{rel}"
        );
    }
    let ran = format!(
        "browser: \"chrome {}\"",
        crate::support::installed_chromium_version()
    );
    let mut first: Option<Vec<(String, Vec<u8>)>> = None;
    for run in 0..20 {
        let dir = format!("fresh-{run}");
        // Half the runs with two sessions at once.
        let jobs = if run % 2 == 0 { "1" } else { "2" };
        let out = suite
            .harness()
            .args([
                "run",
                "scenarios",
                "--accept",
                "--jobs",
                jobs,
                "--snapshots",
                &dir,
            ])
            .run();
        out.assert_code(0);
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(suite.path(&dir))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        assert_eq!(
            files.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            shipped.iter().collect::<Vec<_>>()
        );
        match &first {
            None => {
                for (name, bytes) in &files {
                    let written = String::from_utf8_lossy(bytes);
                    // The shipped snapshots hold Firefox's layout sections too.
                    let expected = crate::support::without_layouts_of(
                        &suite.read(&format!("snapshots/{name}")),
                        "firefox",
                    );
                    let (header, info, body) = split_provenance(&written);
                    let (shipped_header, shipped_info, shipped_body) = split_provenance(&expected);
                    assert_eq!(
                        body, shipped_body,
                        "run {run}: {name}'s body differs from the shipped snapshot"
                    );
                    assert_eq!(
                        header, shipped_header,
                        "run {run}: {name}'s header differs from the shipped snapshot"
                    );
                    // Provenance is checked on its own: the browser that ran, and the same
                    // viewport and final URL as the shipped snapshot's.
                    assert!(info.contains(&ran), "{name}: {info:?} does not say {ran}");
                    let rest = |info: &[String]| -> Vec<String> {
                        info.iter()
                            .filter(|l| !l.starts_with("browser: "))
                            .cloned()
                            .collect()
                    };
                    assert_eq!(rest(&info), rest(&shipped_info), "{name}");
                    assert_eq!(
                        shipped_info
                            .iter()
                            .filter(|l| l.starts_with("browser: "))
                            .count(),
                        1,
                        "{name}: {shipped_info:?}"
                    );
                }
                first = Some(files);
            }
            Some(first) => assert_eq!(&files, first, "run {run} wrote other bytes"),
        }
    }
}
