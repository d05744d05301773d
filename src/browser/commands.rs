//! WebDriver commands that fantoccini does not have: the browsers' own extensions, sent
//! through its `issue_cmd`.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value as Json};
use url::Url;

/// Navigation to an absolute URL: WebDriver's "Navigate To" alone. fantoccini's `goto` asks
/// for the current URL first (to resolve relative ones), a round-trip the harness never
/// needs: its URLs are absolute.
#[derive(Debug)]
pub(super) struct NavigateTo {
    pub url: Url,
}

impl WebDriverCompatibleCommand for NavigateTo {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, url::ParseError> {
        base.join(&format!("session/{}/url", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &Url) -> (http::Method, Option<String>) {
        let body = json!({ "url": self.url.as_str() });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// A Chrome DevTools Protocol command, through chromedriver.
#[derive(Debug)]
pub(super) struct Cdp {
    pub cmd: &'static str,
    pub params: Json,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// geckodriver's own command for a screenshot of the whole page (Chromium's goes through
/// [`Cdp`] as `Page.captureScreenshot`).
#[derive(Debug)]
pub(super) struct FirefoxFullScreenshot;

impl WebDriverCompatibleCommand for FirefoxFullScreenshot {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, url::ParseError> {
        base.join(&format!(
            "session/{}/moz/screenshot/full",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &Url) -> (http::Method, Option<String>) {
        (http::Method::GET, None)
    }
}
