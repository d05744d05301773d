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

/// The browser-specific command for a screenshot of the whole page.
#[derive(Debug)]
pub(super) struct FullPageScreenshot {
    pub firefox: bool,
}

impl WebDriverCompatibleCommand for FullPageScreenshot {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, url::ParseError> {
        let id = session.unwrap_or_default();
        if self.firefox {
            base.join(&format!("session/{id}/moz/screenshot/full"))
        } else {
            base.join(&format!("session/{id}/goog/cdp/execute"))
        }
    }

    fn method_and_body(&self, _: &Url) -> (http::Method, Option<String>) {
        if self.firefox {
            (http::Method::GET, None)
        } else {
            let body = serde_json::json!({
                "cmd": "Page.captureScreenshot",
                "params": { "format": "png", "captureBeyondViewport": true },
            });
            (http::Method::POST, Some(body.to_string()))
        }
    }
}
