//! Finding the programs of the embedded default: chromedriver and a Chromium binary on PATH.

use std::path::PathBuf;

use super::{BrowserError, BrowserKind};

/// The Debian command that installs both programs.
pub const INSTALL_CHROMIUM: &str = "sudo apt-get install -y chromium chromium-driver";

/// The commands that install Firefox ESR and geckodriver.
pub const INSTALL_FIREFOX: &str =
    "sudo apt-get install -y firefox-esr && cargo install geckodriver --locked";

/// Finds the driver and browser of `kind`.
///
/// # Errors
///
/// [`BrowserError::Missing`] names every program that is missing and how to install it.
pub fn locate_browser(kind: BrowserKind) -> Result<BrowserPrograms, BrowserError> {
    match kind {
        BrowserKind::Chromium => locate_chromium(),
        BrowserKind::Firefox => {
            let driver = find(&["geckodriver"], "HARNESS_GECKODRIVER");
            let browser = find(&["firefox-esr", "firefox"], "HARNESS_FIREFOX");
            match (driver, browser) {
                (Some(driver), Some(browser)) => Ok(BrowserPrograms { driver, browser }),
                (driver, browser) => {
                    let mut missing = Vec::new();
                    if driver.is_none() {
                        missing.push("geckodriver");
                    }
                    if browser.is_none() {
                        missing.push("Firefox (`firefox-esr`)");
                    }
                    Err(BrowserError::Missing {
                        what: missing.join(" and "),
                        install: INSTALL_FIREFOX.into(),
                    })
                }
            }
        }
    }
}

/// The programs the embedded default runs.
#[derive(Debug, Clone)]
pub struct BrowserPrograms {
    /// The chromedriver executable.
    pub driver: PathBuf,
    /// The Chromium (or Chrome) executable chromedriver is told to start.
    pub browser: PathBuf,
}

/// Finds chromedriver and Chromium on PATH (`HARNESS_CHROMEDRIVER` and `HARNESS_CHROMIUM`
/// name them explicitly).
///
/// # Errors
///
/// [`BrowserError::Missing`] names every program that is missing and how to install it.
pub fn locate_chromium() -> Result<BrowserPrograms, BrowserError> {
    let driver = find(&["chromedriver"], "HARNESS_CHROMEDRIVER");
    let browser = find(
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
            "chrome",
        ],
        "HARNESS_CHROMIUM",
    );
    match (driver, browser) {
        (Some(driver), Some(browser)) => Ok(BrowserPrograms { driver, browser }),
        (driver, browser) => {
            let mut missing = Vec::new();
            if driver.is_none() {
                missing.push("chromedriver");
            }
            if browser.is_none() {
                missing.push("Chromium (`chromium`)");
            }
            Err(BrowserError::Missing {
                what: missing.join(" and "),
                install: INSTALL_CHROMIUM.into(),
            })
        }
    }
}

fn find(names: &[&str], env: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        return which::which(p).ok();
    }
    names.iter().find_map(|n| which::which(n).ok())
}
