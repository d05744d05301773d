//! News pages as sites really build them (fixtures in `tests/fixtures/pages/news`, written
//! for these tests after the patterns of real pages): teaser cards with several links to one
//! story, cards that are roots of their own, comment sections with login boxes and report
//! dialogs, pages without a charset, hidden lightboxes, an anti-flicker body, and a page that
//! moves itself to https.

use crate::support::{status_block as block, Suite};

fn news_suite() -> Suite {
    let suite = Suite::new();
    let dir = crate::support::repo_root().join("tests/fixtures/pages/news");
    crate::support::copy_dir(&dir, &suite.path("scenarios/pages"));
    suite
}

#[test]
fn teaser_cards_count_stories_not_links() {
    let suite = news_suite();
    // Four cards: image, title and "mehr" links to one story each, a category link in every
    // card, and one card with an image link only.
    suite.write(
        "scenarios/teasers.toml",
        "page = \"pages/teasers.html\"\n[stories]\nroot = \"#teasers\"\nmin_links = 4\nmax_links = 4\n",
    );
    // Cards that are roots of their own, one of them a second card for the same story.
    suite.write(
        "scenarios/cards.toml",
        "page = \"pages/teaser-cards.html\"\n[stories]\nroot = \".card\"\nitem = \".card\"\n",
    );
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(1);
    let teasers = block(&out.stderr, "teasers");
    assert!(teasers.contains("ACCEPTED"), "{teasers}");
    let snap = suite.read("snapshots/teasers.snap");
    assert!(
        snap.contains("[image: Das Freibad vor der Saison] → /meldungen/bad.html"),
        "{snap}"
    );
    // One block, for the one story two cards show, named by its text.
    let cards = block(&out.stderr, "cards");
    assert_eq!(cards.matches("check failed").count(), 1, "{cards}");
    assert!(
        cards.contains("story `Gemeinderatswahl: Beteiligung gestiegen`")
            && cards.contains("/meldungen/wahl.html` is the story of 2 cards"),
        "{cards}"
    );
}

#[test]
fn login_boxes_and_report_dialogs_are_no_comment_form() {
    let suite = news_suite();
    let message = "Da dieser Artikel älter als 18 Monate ist, ist zum jetzigen Zeitpunkt kein Kommentieren mehr möglich.";
    // The natural root (the section with the list) holds a login box, a closed report dialog
    // and an aria-hidden form, none of which opens it; the lockout text sits beside it.
    suite.write(
        "scenarios/locked.toml",
        format!("page = \"pages/comments-locked-dialogs.html\"\n[comments]\nroot = \"#comments\"\nexpect = \"locked\"\nmessage = \"{message}\"\nlinks = [\"Themenübersicht\"]\n"),
    );
    // With `ignore`, the link goes too.
    suite.write(
        "scenarios/ignored.toml",
        "page = \"pages/comments-locked-dialogs.html\"\nignore = [\"#comments a\"]\n[comments]\nroot = \"#comments\"\nexpect = \"locked\"\nlinks = [\"Themenübersicht\"]\n",
    );
    // Pointed at the wrapper, as the failure advises, it passes.
    suite.write(
        "scenarios/wrapper.toml",
        format!("page = \"pages/comments-locked-dialogs.html\"\n[comments]\nroot = \".comments-wrap\"\nexpect = \"locked\"\nmessage = \"{message}\"\nlinks = [\"Themenübersicht\"]\n"),
    );
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(1);
    let locked = block(&out.stderr, "locked");
    assert!(
        !locked.contains(": state"),
        "the section is locked:\n{locked}"
    );
    assert!(
        locked.contains("the message is shown beside the section, in `div.comments-wrap`: point `root` at that element"),
        "{locked}"
    );
    let ignored = block(&out.stderr, "ignored");
    assert!(
        ignored.contains("link `Themenübersicht`") && ignored.contains("no links"),
        "{ignored}"
    );
    assert!(
        block(&out.stderr, "wrapper").contains("ACCEPTED"),
        "{}",
        out.stderr
    );
    let snap = suite.read("snapshots/wrapper.snap");
    assert!(
        snap.contains("state: locked (no field accepts input)"),
        "{snap}"
    );
}

#[test]
fn text_follows_what_a_reader_of_a_real_page_sees() {
    let suite = news_suite();
    let write = |name: &str, toml: &str| suite.write(&format!("scenarios/{name}.toml"), toml);
    write("no-charset", "page = \"pages/no-charset.html\"\n");
    write("wrong-charset", "page = \"pages/wrong-charset.html\"\n");
    write(
        "lightbox",
        "page = \"pages/lightbox.html\"\n[regions]\ncaption = \".caption\"\n",
    );
    write("antiflicker", "page = \"pages/antiflicker.html\"\n");
    write(
        "antiflicker-allowed",
        "page = \"pages/antiflicker.html\"\nallow_empty = [\"page\"]\n",
    );
    write(
        "https",
        "page = \"pages/https-redirect.html\"\n[regions]\nheadline = \"h1\"\n[stories]\nroot = \"#none\"\n",
    );
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(1);
    let err = &out.stderr;
    // A UTF-8 page that declares no charset is read as UTF-8.
    assert!(block(err, "no-charset").contains("ACCEPTED"), "{err}");
    let snap = suite.read("snapshots/no-charset.snap");
    assert!(
        snap.contains("Grüße aus der Steiermark") && snap.contains("für alle –"),
        "{snap}"
    );
    // A page that declares the wrong one is read as declared, and the mojibake is noted.
    assert!(
        block(err, "wrong-charset").contains("note: region `page` reads `")
            && block(err, "wrong-charset").contains("fÃ¼r"),
        "{err}"
    );
    // The caption in the hidden lightbox adds nothing; the selector's two matches are noted.
    let snap = suite.read("snapshots/lightbox.snap");
    assert!(
        snap.ends_with("── caption ──\nDie Brücke am Eröffnungstag.\n"),
        "{snap}"
    );
    assert!(
        block(err, "lightbox").contains("note: region `caption`: `.caption` matches 2 elements"),
        "{err}"
    );
    // A body kept hidden is no empty snapshot accepted without a word...
    let hidden = block(err, "antiflicker");
    assert!(
        hidden.contains("check failed antiflicker: region `page`")
            && hidden.contains("showing no text"),
        "{hidden}"
    );
    // ...unless the scenario says the region may be empty.
    assert!(
        block(err, "antiflicker-allowed").contains("ACCEPTED"),
        "{err}"
    );
    // A page that moves itself to https: one line names the URL, the error and the cause.
    let https = block(err, "https");
    assert_eq!(https.matches("check failed").count(), 1, "{https}");
    assert!(
        https.contains("the browser's error page after loading `http://127.0.0.1:")
            && https.contains("ERR_SSL_PROTOCOL_ERROR")
            && https.contains("did it move itself to https?"),
        "{https}"
    );
    assert!(!suite.exists("snapshots/https.snap"));
}
