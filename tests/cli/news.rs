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
        "page = \"pages/teasers.html\"\n[stories]\nroot = \"#teasers\"\nmin_stories = 4\nmax_stories = 4\n",
    );
    // Cards that are roots of their own, one of them a second card for the same story.
    suite.write(
        "scenarios/cards.toml",
        "page = \"pages/teaser-cards.html\"\n[stories]\nroot = \".card\"\nitem = \".card\"\n",
    );
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(1);
    let teasers = block(&out.all(), "teasers");
    assert!(teasers.contains("ACCEPTED"), "{teasers}");
    let snap = suite.read("snapshots/teasers.snap");
    assert!(
        snap.contains("[image: Das Freibad vor der Saison] → /meldungen/bad.html"),
        "{snap}"
    );
    // One block, for the one story two cards show, named by its text.
    let cards = block(&out.all(), "cards");
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
    let locked = block(&out.all(), "locked");
    assert!(
        !locked.contains(": state"),
        "the section is locked:\n{locked}"
    );
    assert!(
        locked.contains("the message is shown beside the section, in `div.comments-wrap`: point `root` at that element"),
        "{locked}"
    );
    let ignored = block(&out.all(), "ignored");
    assert!(
        ignored.contains("link `Themenübersicht`") && ignored.contains("no links"),
        "{ignored}"
    );
    assert!(
        block(&out.all(), "wrapper").contains("ACCEPTED"),
        "{}",
        out.all()
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
    // A scenario can say what a page that declares the wrong encoding really is: UTF-8, or
    // Windows-1250 declared as ISO-8859-2.
    // (A page has one encoding, so that scenario reads a copy of the page.)
    suite.write(
        "scenarios/pages/wrong-charset-copy.html",
        suite.read("scenarios/pages/wrong-charset.html"),
    );
    write(
        "wrong-charset-set",
        "page = \"pages/wrong-charset-copy.html\"\ncharset = \"utf-8\"\n",
    );
    suite.write(
        "scenarios/pages/legacy-copy.html",
        std::fs::read(suite.path("scenarios/pages/legacy-1250.html")).unwrap(),
    );
    write("legacy", "page = \"pages/legacy-copy.html\"\n");
    write(
        "legacy-set",
        "page = \"pages/legacy-1250.html\"\ncharset = \"windows-1250\"\n",
    );
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
    let err = &out.all();
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
    let fixed = block(err, "wrong-charset-set");
    assert!(
        fixed.contains("ACCEPTED") && !fixed.contains("note:"),
        "{fixed}"
    );
    assert!(suite
        .read("snapshots/wrong-charset-set.snap")
        .contains("für"));
    let legacy = suite.read("snapshots/legacy.snap");
    assert!(!legacy.contains("Příliš"), "{legacy}");
    let legacy = suite.read("snapshots/legacy-set.snap");
    assert!(
        legacy.contains("Příliš žluťoučký kůň na výstavě v Brně")
            && legacy.contains("Pořadatelé hlásí rekordní účast"),
        "{legacy}"
    );
    // The caption in the hidden lightbox adds nothing; the selector's two matches are noted.
    let snap = crate::support::without_layout(&suite.read("snapshots/lightbox.snap"));
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
    // ...and the run says why, once: the body is hidden, and by what.
    assert_eq!(
        hidden
            .matches("note: the page's body is hidden when read")
            .count(),
        1,
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
            && https.contains("moved itself to https"),
        "{https}"
    );
    assert!(!suite.exists("snapshots/https.snap"));
    // Two scenarios that disagree about one page's encoding stop the run before it starts.
    write("legacy-again", "page = \"pages/legacy-1250.html\"\n");
    suite
        .harness()
        .args(["run", "scenarios", "--ci"])
        .run()
        .assert_code(2)
        .assert_output_has("scenarios `legacy-again` and `legacy-set` load the page `pages/legacy-1250.html` with different `charset`s (none and `windows-1250`)");
}

/// The fixture page with its network tail pointed at `tail` (`host:port`).
pub(crate) fn tail_page(tail: &str) -> String {
    let page = std::fs::read_to_string(
        crate::support::repo_root().join("tests/fixtures/pages/news/network-tail.html"),
    )
    .unwrap();
    page.replace("TAIL", tail)
}

/// A host of its own (127.0.0.2) that accepts connections and never answers, counting the
/// requests that reach it.
pub(crate) fn silent_host() -> (
    crate::support::TestServer,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    let reached = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = reached.clone();
    let server = crate::support::TestServer::start_on("127.0.0.2", move |_, _, _| {
        count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        None
    });
    (server, reached)
}

#[test]
fn a_suite_page_is_hermetic_and_its_network_tail_costs_nothing() {
    let (silent, reached) = silent_host();
    let suite = Suite::new();
    suite.write("scenarios/pages/tail.html", tail_page(silent.host()));
    // Without the policy the consent script in the head would hold the page until the
    // scenario's timeout; with it, the page is read at once.
    suite.write(
        "scenarios/tail.toml",
        "page = \"pages/tail.html\"\ntimeout = \"20s\"\n[regions]\nstory = \"#story\"\n",
    );
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(0);
    assert!(
        block(&out.all(), "tail").contains("ACCEPTED"),
        "{}",
        out.all()
    );
    assert_eq!(
        reached.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a blocked host was contacted"
    );
    let snap = suite.read("snapshots/tail.snap");
    assert!(
        snap.contains("Hochwasser: Pegel sinken langsam")
            && snap.contains("Die Mur am Montagabend."),
        "{snap}"
    );
    // With every host of the tail answering nothing (a refused port, which even an open
    // policy reaches at once), the snapshot is the same.
    let refused = crate::support::RefusedPort::new();
    suite.write(
        "scenarios/pages/tail.html",
        tail_page(&format!("127.0.0.1:{}", refused.port)),
    );
    let out = suite
        .harness()
        .args(["run", "scenarios", "--ci", "--network", "open"])
        .run();
    out.assert_code(0);
    assert!(block(&out.all(), "tail").contains("PASS"), "{}", out.all());
}

#[test]
fn a_remote_page_keeps_the_network_but_not_what_it_blocks_nor_waits_for_other_hosts() {
    let (silent, reached) = silent_host();
    let page = tail_page(silent.host());
    // The same page without what blocks its parsing (the consent script in the head) and
    // its layout (the font stylesheet): only images, frames and async scripts of the silent
    // host are left, and those hold nothing up.
    let light: String = page
        .lines()
        .filter(|l| !l.contains("cmp/stub.js") && !l.contains("fonts/css2"))
        .collect::<Vec<_>>()
        .join("\n");
    let server = crate::support::TestServer::start(move |_, path, _| {
        Some((
            String::new(),
            if path.starts_with("/light") {
                light.clone()
            } else {
                page.clone()
            },
        ))
    });
    let suite = Suite::new();
    let scenario = |name: &str, path: &str, extra: &str| {
        suite.write(
            &format!("scenarios/{name}.toml"),
            format!(
                "page = \"{}{path}\"\ntimeout = \"20s\"\n[regions]\nheadline = \"h1\"\n{extra}",
                server.url
            ),
        );
    };
    scenario(
        "blocked",
        "full.html",
        "[network]\nblock = [\"127.0.0.2\"]\n",
    );
    scenario("only-own", "full.html", "[network]\nallow = []\n");
    scenario("open", "light.html", "");
    let out = suite.harness().args(["run", "scenarios", "--accept"]).run();
    out.assert_code(0);
    for name in ["blocked", "only-own", "open"] {
        assert!(
            block(&out.all(), name).contains("ACCEPTED"),
            "{}",
            out.all()
        );
        assert!(suite
            .read(&format!("snapshots/{name}.snap"))
            .contains("Hochwasser: Pegel sinken langsam"));
    }
    // The open page reached the silent host; the others never did.
    assert!(reached.load(std::sync::atomic::Ordering::SeqCst) > 0);
    // `--block` on the command line does for every page what `block` does for one.
    suite.write(
        "scenarios/blocked.toml",
        format!(
            "page = \"{}full.html\"\ntimeout = \"20s\"\n[regions]\nheadline = \"h1\"\n",
            server.url
        ),
    );
    let out = suite
        .harness()
        .args([
            "run",
            "scenarios",
            "--ci",
            "--block",
            "127.0.0.2",
            "--filter",
            "blocked",
        ])
        .run();
    out.assert_code(0);
}
