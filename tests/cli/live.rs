//! Live news pages: widgets built only when scrolled into view, consent dialogs and the
//! reader's locale, each on fixture pages written after how real sites build them.

use serde_json::Value;

use crate::support::Suite;

const LAZY: &str = "page = \"pages/live/lazy-widgets.html\"\n[regions]\nheadline = \"h1\"\nstories = \"#more-stories\"\ncomments = \"#comments\"\n[comments]\nroot = \"#comments\"\nexpect = \"locked\"\nmessage = \"Die Kommentarfunktion unter diesem Artikel ist geschlossen.\"\n[stories]\nroot = \"#more-stories\"\nmin_links = 3\n";

#[test]
fn widgets_built_when_scrolled_into_view_are_read_with_scroll() {
    let suite = Suite::new();
    suite.page("live/lazy-widgets.html");
    // Without scrolling, the widgets are never built: each check says what would help.
    suite.write(
        "scenarios/lazy.toml",
        format!("allow_empty = [\"stories\", \"comments\"]\n{LAZY}"),
    );
    let out = suite.harness().args(["run", "--ci"]).run();
    out.assert_code(1)
        .assert_output_has("comments `#comments`")
        .assert_output_has(
            "a widget built only when scrolled into view appears with `[ready] scroll = true`",
        );

    // With scrolling: read whole, in two round-trips, the page back at its top.
    suite.write(
        "scenarios/lazy.toml",
        LAZY.replace("[regions]", "[ready]\nscroll = true\n[regions]"),
    );
    let out = suite
        .harness()
        .args(["run", "--accept", "--json", "lazy.json"])
        .run();
    out.assert_code(0).assert_output_has("1 passed");
    let snap = suite.read("snapshots/lazy.snap");
    assert!(
        snap.contains("Die Kommentarfunktion unter diesem Artikel ist geschlossen."),
        "{snap}"
    );
    assert!(snap.contains("3 links\nNeue Radwege im Westen"), "{snap}");
    // The headline is measured where a reader sees it first: the page was scrolled back.
    assert!(
        snap.lines()
            .any(|l| l.starts_with("headline: ") && l.contains("row 1, above the fold")),
        "{snap}"
    );
    let report: Value = serde_json::from_str(&suite.read("lazy.json")).unwrap();
    assert_eq!(report["scenarios"][0]["round_trips"], 2, "{report}");

    // A widget that never appears, although the page was scrolled through, is named.
    suite.write(
        "scenarios/lazy.toml",
        LAZY.replace(
            "[regions]",
            "[ready]\nscroll = true\ntimeout = \"2s\"\n[regions]",
        )
        .replace("root = \"#more-stories\"", "root = \"#no-such-list\""),
    );
    let out = suite.harness().args(["run", "--ci"]).run();
    out.assert_code(1).assert_output_has(
        "stories `#no-such-list` never appeared, although the page was scrolled through",
    );
}

const OVERLAY: &str = "page = \"pages/live/consent-overlay.html\"\n[regions]\npage = \"body\"\n";

#[test]
fn a_consent_dialog_is_passed_inside_the_page_and_named_in_the_header() {
    let suite = Suite::new();
    suite
        .page("live/consent-overlay.html")
        .page("live/consent-in-frame.html")
        .page("live/consent-frame.html");
    // Without a consent setting the article stays hidden behind the dialog.
    suite.write(
        "scenarios/overlay.toml",
        format!("{OVERLAY}[ready]\ntimeout = \"2s\"\ntext_present = [\"Ihre Wahl: alle\"]\n"),
    );
    suite.harness().args(["run", "--ci"]).run().assert_code(1);

    // Accepted: by the wording on its button, in the same read (two round-trips), and the
    // dialog's text is in no region.
    suite.write(
        "scenarios/overlay.toml",
        format!("consent = \"accept\"\n{OVERLAY}"),
    );
    // Rejected: the other button, found by its wording too.
    suite.write(
        "scenarios/rejected.toml",
        format!("consent = \"reject\"\n{OVERLAY}"),
    );
    // In a frame of its own, as the common platforms put it: the platform's button.
    suite.write(
        "scenarios/framed.toml",
        "consent = \"accept\"\npage = \"pages/live/consent-in-frame.html\"\n[regions]\npage = \"body\"\n",
    );
    let out = suite
        .harness()
        .args(["run", "--accept", "--json", "consent.json"])
        .run();
    out.assert_code(0).assert_output_has("3 passed");
    let overlay = suite.read("snapshots/overlay.snap");
    assert!(overlay.contains("Ihre Wahl: alle Cookies"), "{overlay}");
    assert!(
        !overlay.contains("verwenden Cookies"),
        "the dialog's text: {overlay}"
    );
    assert!(
        overlay.contains("consent: \"accepted with the button `Alle akzeptieren`\""),
        "{overlay}"
    );
    let rejected = suite.read("snapshots/rejected.snap");
    assert!(
        rejected.contains("Ihre Wahl: nur notwendige Cookies"),
        "{rejected}"
    );
    assert!(
        rejected.contains("consent: \"rejected with the button `Alle ablehnen`\""),
        "{rejected}"
    );
    let framed = suite.read("snapshots/framed.snap");
    assert!(framed.contains("Die Linie 12 verbindet"), "{framed}");
    assert!(!framed.contains("ähnliche Technologien"), "{framed}");
    assert!(
        framed.contains("consent: \"accepted with `button.sp_choice_type_11` in a frame\""),
        "{framed}"
    );
    let report: Value = serde_json::from_str(&suite.read("consent.json")).unwrap();
    for s in report["scenarios"].as_array().unwrap() {
        assert_eq!(s["round_trips"], 2, "{s}");
    }

    // A dialog that cannot be passed the way the scenario says: what was found is named.
    suite.write(
        "scenarios/framed.toml",
        "consent = \"reject\"\npage = \"pages/live/consent-in-frame.html\"\n[ready]\ntimeout = \"2s\"\n[regions]\npage = \"body\"\n",
    );
    let out = suite
        .harness()
        .args(["run", "scenarios/framed.toml", "--ci"])
        .run();
    out.assert_code(1).assert_output_has(
        "the consent dialog was not passed: no button to reject was found; buttons seen: `Einstellungen`, `Akzeptieren und weiter`",
    );
}
