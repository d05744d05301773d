//! What text the harness extracts and when: visibility, shadow roots, normalisation,
//! readiness waits, and scenario values that reach the page only as data.

use crate::support::Suite;

fn body_of(snapshot: &str) -> &str {
    // The body follows the second `---` line of the header.
    let rest = snapshot.strip_prefix("---\n").unwrap();
    &rest[rest.find("\n---\n").unwrap() + 5..]
}

#[test]
fn text_follows_what_a_reader_sees_and_is_normalised() {
    let suite = Suite::new();
    suite.page("text-rules.html").write(
        "scenarios/text.toml",
        r##"page = "pages/text-rules.html"
ignore = [".ad"]
[regions]
t = "#t"
tricky = 'div[data-label="a\"b\\c"]'
"##,
    );
    suite
        .harness()
        .args(["run", "scenarios", "--accept"])
        .run()
        .assert_code(0);
    let snap = crate::support::without_layout(&suite.read("snapshots/text.snap"));
    assert_eq!(
        body_of(&snap),
        "── t ──\n\
         Überschrift\n\
         \n\
         Straße und Weg mit Leerraum\n\
         \n\
         Zeitungsartikel mit Nullbreite\n\
         \n\
         Café in NFD\n\
         \n\
         inline fett\n\
         nach dem Umbruch\n\
         eins\n\
         zwei\n\
         Eingesetzter Titel\n\
         \n\
         Aus dem Schatten\n\
         \n\
         Ende\n\
         \n\
         ── tricky ──\n\
         Knifflige Auswahl\n"
    );
}

#[test]
fn readiness_waits_for_text_to_go_and_for_the_page_to_settle() {
    let suite = Suite::new();
    suite.page("slow-loading.html").write(
        "scenarios/slow.toml",
        r#"page = "pages/slow-loading.html"
[ready]
text_absent = ["Loading..."]
selector = "p.done"
text_present = ["Teil zwei"]
stable_for = "150ms"
timeout = "5s"
"#,
    );
    suite
        .harness()
        .args(["run", "scenarios", "--accept"])
        .run()
        .assert_code(0);
    let snap = crate::support::without_layout(&suite.read("snapshots/slow.snap"));
    assert_eq!(body_of(&snap), "── page ──\nTeil eins\n\nTeil zwei\n");
}

#[test]
fn a_page_that_never_gets_ready_fails_naming_what_it_waited_for() {
    let suite = Suite::new();
    suite.page("never-ready.html").write(
        "scenarios/never.toml",
        "page = \"pages/never-ready.html\"\n[ready]\ntext_absent = [\"Loading...\"]\ntimeout = \"700ms\"\n",
    );
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(1)
        .assert_output_has("FAIL [")
        .assert_output_has("check failed never: ready")
        .assert_output_has("expected: the page ready within 700 ms")
        .assert_output_has("found:    text `Loading...` is still shown");
    // A half-loaded page is not worth a pending snapshot.
    assert!(suite.snapshot_files().is_empty());
}

#[test]
fn a_region_that_matches_nothing_fails_and_shows_in_the_snapshot() {
    let suite = Suite::new();
    suite.page("plain.html").write(
        "scenarios/plain.toml",
        "page = \"pages/plain.html\"\n[regions]\nmain = \"main\"\nplayer = \"#player\"\n",
    );
    let out = suite.harness().args(["run", "scenarios"]).run();
    out.assert_code(1)
        .assert_output_has("check failed plain: region `player`")
        .assert_output_has("expected: at least one element matching `#player`")
        .assert_output_has("│+(no element matches `#player`)");
}

/// `[region_ignore]` leaves an element out of one region only: the article is read without
/// the player and the teasers inside it, which their own regions read, and the global
/// `ignore` still applies to every region.
#[test]
fn region_ignore_leaves_an_element_out_of_one_region_only() {
    let suite = Suite::new();
    suite.write(
        "scenarios/pages/nested.html",
        "<!doctype html><meta charset=\"utf-8\"><article><h1>Titel</h1><p>Erster Absatz.</p>\
         <div id=\"player\">play_arrow 00:00</div><ul id=\"teasers\"><li><a href=\"/a\">Anderes</a></li></ul>\
         <p>Letzter Absatz.</p><p class=\"ad\">Werbung</p></article>",
    );
    suite.write(
        "scenarios/nested.toml",
        "page = \"pages/nested.html\"\nignore = [\".ad\"]\nlayout = { enabled = false }\n[regions]\narticle = \"article\"\nplayer = \"#player\"\nteasers = \"#teasers\"\n[region_ignore]\narticle = [\"#player\", \"#teasers\", \"h1\"]\n",
    );
    suite
        .harness()
        .args(["run", "scenarios", "--accept"])
        .run()
        .assert_code(0);
    let snap = suite.read("snapshots/nested.snap");
    assert_eq!(
        body_of(&snap),
        "── article ──\nErster Absatz.\n\nLetzter Absatz.\n\n── player ──\nplay_arrow 00:00\n\n── teasers ──\nAnderes\n",
        "{snap}"
    );
}
