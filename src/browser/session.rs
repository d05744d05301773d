//! One WebDriver session. The main type here is [`Session`]: it wraps a fantoccini
//! `Client`, counts round-trips (the cost the harness controls) and is closed explicitly.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value as Json};
use url::Url;

use super::BrowserError;
use crate::scenario::Viewport;

/// How sessions are created.
#[derive(Debug, Clone)]
pub struct SessionSettings {
    /// The Chromium binary to start; `None` leaves the choice to the WebDriver endpoint.
    pub browser_binary: Option<PathBuf>,
    /// The initial window size.
    pub viewport: Viewport,
    /// The longest an in-page script may run (readiness waits happen inside one).
    pub script_timeout: Duration,
    /// The longest a navigation may take.
    pub page_load_timeout: Duration,
}

/// An open browser session.
#[derive(Debug)]
pub struct Session {
    client: Client,
    viewport: Viewport,
    round_trips: u64,
    browser: String,
}

impl Session {
    /// Creates a headless Chromium session at `webdriver`.
    ///
    /// # Errors
    ///
    /// [`BrowserError::Connect`] when the endpoint refuses or cannot be reached.
    pub async fn open(webdriver: &Url, settings: &SessionSettings) -> Result<Session, BrowserError> {
        let caps = capabilities(settings);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(webdriver.as_str())
            .await
            .map_err(|source| BrowserError::Connect { url: webdriver.to_string(), source })?;
        let browser = client
            .capabilities()
            .map(|c| {
                let name = c.get("browserName").and_then(Json::as_str).unwrap_or("browser");
                let version = c.get("browserVersion").and_then(Json::as_str).unwrap_or("");
                format!("{name} {version}").trim().to_owned()
            })
            .unwrap_or_else(|| "browser".into());
        Ok(Session { client, viewport: settings.viewport, round_trips: 1, browser })
    }

    /// The browser's name and version, as the endpoint reported them.
    pub fn browser(&self) -> &str {
        &self.browser
    }

    /// WebDriver commands sent so far, session creation included.
    pub fn round_trips(&self) -> u64 {
        self.round_trips
    }

    /// Resizes the window when the scenario asks for another size (one round-trip, only then).
    ///
    /// # Errors
    ///
    /// The WebDriver error.
    pub async fn set_viewport(&mut self, viewport: Viewport) -> Result<(), fantoccini::error::CmdError> {
        if viewport != self.viewport {
            self.round_trips += 1;
            self.client.set_window_size(viewport.width, viewport.height).await?;
            self.viewport = viewport;
        }
        Ok(())
    }

    /// Navigates and waits for the page's load event.
    ///
    /// # Errors
    ///
    /// The WebDriver error (a page-load timeout among them).
    pub async fn goto(&mut self, url: &Url) -> Result<(), fantoccini::error::CmdError> {
        self.round_trips += 1;
        self.client.goto(url.as_str()).await
    }

    /// Runs an asynchronous script; `args` reach it as `arguments[..]`, never as code.
    ///
    /// # Errors
    ///
    /// The WebDriver error (a script timeout among them).
    pub async fn execute_async(&mut self, script: &str, args: Vec<Json>) -> Result<Json, fantoccini::error::CmdError> {
        self.round_trips += 1;
        self.client.execute_async(script, args).await
    }

    /// Runs a synchronous script; `args` reach it as `arguments[..]`, never as code.
    ///
    /// # Errors
    ///
    /// The WebDriver error.
    pub async fn execute(&mut self, script: &str, args: Vec<Json>) -> Result<Json, fantoccini::error::CmdError> {
        self.round_trips += 1;
        self.client.execute(script, args).await
    }

    /// Closes the session. Errors are ignored: the driver is ended next in any case.
    pub async fn close(self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.close()).await;
    }
}

fn capabilities(settings: &SessionSettings) -> Capabilities {
    let vp = settings.viewport;
    let mut chrome = json!({
        "args": [
            "--headless=new",
            // Needed when running as root (CI containers).
            "--no-sandbox",
            // CI machines can have a tiny /dev/shm.
            "--disable-dev-shm-usage",
            "--disable-gpu",
            // The machine may have no network at all: no background fetches to wait for.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--hide-scrollbars",
            "--mute-audio",
            "--autoplay-policy=no-user-gesture-required",
            format!("--window-size={},{}", vp.width, vp.height),
        ],
    });
    if let Some(bin) = &settings.browser_binary {
        chrome["binary"] = json!(bin.display().to_string());
    }
    let mut caps = Capabilities::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), chrome);
    caps.insert("pageLoadStrategy".into(), json!("normal"));
    caps.insert("unhandledPromptBehavior".into(), json!("dismiss and notify"));
    caps.insert(
        "timeouts".into(),
        json!({
            "script": settings.script_timeout.as_millis() as u64,
            "pageLoad": settings.page_load_timeout.as_millis() as u64,
            "implicit": 0,
        }),
    );
    caps
}
