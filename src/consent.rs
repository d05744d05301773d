//! Getting past a consent dialog: what a scenario asks for ([`Consent`]) and what the harness
//! knows of the common consent-management platforms — their buttons and the wordings sites
//! use — passed to the page script as data. The click happens inside the page, in the same
//! readiness step that waits for the page, so it costs no WebDriver round-trip.
//!
//! The platforms' buttons are facts about their markup (ids, classes and test ids they
//! ship); the wordings are what German and English sites write on the buttons.

use serde::Serialize;

/// How a scenario gets past a consent dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consent {
    /// Accept, with the known platforms' buttons and wordings.
    Accept,
    /// Reject, with the known platforms' buttons and wordings.
    Reject,
    /// Click the element this CSS selector matches (searched through same-site frames and
    /// shadow roots).
    Click(String),
}

/// A platform's accept and reject buttons.
pub struct Platform {
    /// Its name.
    pub name: &'static str,
    /// Selectors of its accept-all button.
    pub accept: &'static [&'static str],
    /// Selectors of its reject-all button.
    pub reject: &'static [&'static str],
}

/// The consent-management platforms whose buttons the harness knows.
pub const PLATFORMS: &[Platform] = &[
    Platform {
        name: "OneTrust",
        accept: &["#onetrust-accept-btn-handler"],
        reject: &["#onetrust-reject-all-handler"],
    },
    Platform {
        name: "Didomi",
        accept: &["#didomi-notice-agree-button"],
        reject: &["#didomi-notice-disagree-button"],
    },
    Platform {
        name: "Usercentrics",
        accept: &["[data-testid=\"uc-accept-all-button\"]"],
        reject: &["[data-testid=\"uc-deny-all-button\"]"],
    },
    Platform {
        name: "Sourcepoint",
        accept: &["button.sp_choice_type_11"],
        reject: &["button.sp_choice_type_13"],
    },
    Platform {
        name: "Quantcast Choice",
        accept: &[".qc-cmp2-summary-buttons button[mode=\"primary\"]"],
        reject: &[".qc-cmp2-summary-buttons button[mode=\"secondary\"]"],
    },
    Platform {
        name: "Cookiebot",
        accept: &["#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll"],
        reject: &["#CybotCookiebotDialogBodyButtonDecline"],
    },
];

/// What accept buttons say, most specific first (compared whole, ignoring case).
pub const ACCEPT_WORDINGS: &[&str] = &[
    "Alle akzeptieren",
    "Akzeptieren und weiter",
    "Alle Cookies akzeptieren",
    "Alle zulassen",
    "Alle erlauben",
    "Zustimmen und weiter",
    "Akzeptieren",
    "Zustimmen",
    "Einverstanden",
    "Accept all",
    "Accept all cookies",
    "Accept and continue",
    "Allow all",
    "I accept",
    "I agree",
    "Accept",
    "Agree",
];

/// What reject buttons say, most specific first (compared whole, ignoring case).
pub const REJECT_WORDINGS: &[&str] = &[
    "Alle ablehnen",
    "Nur notwendige Cookies",
    "Nur erforderliche Cookies",
    "Nur notwendige",
    "Ablehnen und weiter",
    "Ablehnen",
    "Reject all",
    "Reject all cookies",
    "Necessary cookies only",
    "Only necessary",
    "Continue without accepting",
    "Decline",
    "Reject",
];

/// The consent step's argument to the page script.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentArgs {
    /// `accept`, `reject` or `click`.
    pub mode: &'static str,
    /// Selectors to try in order: the scenario's own, or the known platforms' buttons.
    pub selectors: Vec<String>,
    /// Button texts to look for when no selector matches.
    pub wordings: Vec<&'static str>,
}

impl Consent {
    /// The page script's argument.
    pub fn args(&self) -> ConsentArgs {
        let known = |pick: fn(&Platform) -> &'static [&'static str]| {
            PLATFORMS
                .iter()
                .flat_map(|p| pick(p).iter().map(|s| (*s).to_owned()))
                .collect()
        };
        match self {
            Consent::Accept => ConsentArgs {
                mode: "accept",
                selectors: known(|p| p.accept),
                wordings: ACCEPT_WORDINGS.to_vec(),
            },
            Consent::Reject => ConsentArgs {
                mode: "reject",
                selectors: known(|p| p.reject),
                wordings: REJECT_WORDINGS.to_vec(),
            },
            Consent::Click(selector) => ConsentArgs {
                mode: "click",
                selectors: vec![selector.clone()],
                wordings: Vec::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_selector_parses_and_no_wording_is_on_both_sides() {
        for p in PLATFORMS {
            for s in p.accept.iter().chain(p.reject) {
                assert!(scraper::Selector::parse(s).is_ok(), "{}: {s}", p.name);
            }
        }
        for a in ACCEPT_WORDINGS {
            assert!(
                !REJECT_WORDINGS.iter().any(|r| r.eq_ignore_ascii_case(a)),
                "{a}"
            );
        }
        assert_eq!(Consent::Click("#ok".into()).args().selectors, ["#ok"]);
        assert_eq!(Consent::Reject.args().wordings[0], "Alle ablehnen");
    }
}
