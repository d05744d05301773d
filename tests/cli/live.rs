//! Live news pages: widgets built only when scrolled into view, consent dialogs and the
//! reader's locale, each on fixture pages written after how real sites build them.

use serde_json::Value;

use crate::support::Suite;

const LAZY: &str = "page = \"pages/live/lazy-widgets.html\"\n[regions]\nheadline = \"h1\"\nstories = \"#more-stories\"\ncomments = \"#comments\"\n[comments]\nroot = \"#comments\"\nexpect = \"locked\"\nmessage = \"Die Kommentarfunktion unter diesem Artikel ist geschlossen.\"\n[stories]\nroot = \"#more-stories\"\nmin_stories = 3\n";

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

/// A page that greets by `Accept-Language` and shows what its scripts see of the reader's
/// language and time zone: `navigator.language`, the zone, and a fixed instant's local time.
fn locale_server() -> crate::support::TestServer {
    crate::support::TestServer::start(|_, _, head| {
        let lang = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("accept-language")
                    .then(|| v.trim().to_owned())
            })
            .unwrap_or_default();
        let greeting = if lang.starts_with("de") {
            "Guten Tag"
        } else {
            "Good day"
        };
        let page = format!(
            "<!doctype html><meta charset=\"utf-8\"><title>t</title><main><p>{greeting}</p>\
             <p>Accept-Language: {lang}</p><p id=\"seen\"></p></main><script>\
             var d = new Date(Date.UTC(2026, 0, 1, 23, 30));\
             document.getElementById('seen').textContent = 'navigator.language ' + navigator.language\
             + ', zone ' + Intl.DateTimeFormat().resolvedOptions().timeZone\
             + ', 2026-01-01 23:30 UTC is ' + d.getHours() + ':' + String(d.getMinutes()).padStart(2, '0')\
             + ' on ' + d.toLocaleDateString(navigator.language, {{ weekday: 'long' }});\
             </script>"
        );
        Some(("Content-Type: text/html; charset=utf-8\r\n".into(), page))
    })
}

#[test]
fn the_readers_locale_and_time_zone_reach_the_page_in_both_browsers() {
    let server = locale_server();
    let suite = Suite::new();
    let scenario = |locale: &str, zone: &str| {
        format!(
            "page = \"{}\"\nlocale = \"{locale}\"\ntimezone = \"{zone}\"\n[layout]\nenabled = false\n[regions]\nmain = \"main\"\n",
            server.url
        )
    };
    suite.write("scenarios/vienna.toml", scenario("de-AT", "Europe/Vienna"));
    suite.write(
        "scenarios/new-york.toml",
        scenario("en-GB", "America/New_York"),
    );
    for browser in ["chromium", "firefox"] {
        // One session at a time: the second scenario needs a session of its own profile.
        let out = suite
            .harness()
            .args(["run", "--accept", "--jobs", "1", "--browser", browser])
            .args(["--snapshots", &format!("snapshots-{browser}")])
            .run();
        out.assert_code(0).assert_output_has("2 passed");
        let vienna = suite.read(&format!("snapshots-{browser}/vienna.snap"));
        for wanted in [
            "Guten Tag",
            "Accept-Language: de-AT",
            "navigator.language de-AT, zone Europe/Vienna, 2026-01-01 23:30 UTC is 0:30 on Freitag",
        ] {
            assert!(vienna.contains(wanted), "{browser}: `{wanted}` in {vienna}");
        }
        let new_york = suite.read(&format!("snapshots-{browser}/new-york.snap"));
        for wanted in [
            "Good day",
            "Accept-Language: en-GB",
            "navigator.language en-GB, zone America/New_York, 2026-01-01 23:30 UTC is 18:30 on Thursday",
        ] {
            assert!(new_york.contains(wanted), "{browser}: `{wanted}` in {new_york}");
        }
    }
    // The command line wins over the scenarios.
    let out = suite
        .harness()
        .args([
            "run",
            "scenarios/vienna.toml",
            "--ci",
            "--locale",
            "en-GB",
            "--timezone",
            "UTC",
        ])
        .args(["--snapshots", "snapshots-chromium"])
        .run();
    out.assert_code(1)
        .assert_output_has("+Good day")
        .assert_output_has("zone UTC, 2026-01-01 23:30 UTC is 23:30 on Thursday");
}
