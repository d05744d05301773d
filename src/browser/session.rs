//! One WebDriver session. The main type here is [`Session`]: it wraps a fantoccini
//! `Client`, counts round-trips (the cost the harness controls) and is closed explicitly.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value as Json};
use url::Url;

use super::channel::{Address, Channel};
use super::commands::{Cdp, FirefoxFullScreenshot, NavigateTo};
use super::Profile;
use super::{BrowserError, BrowserKind};
use crate::network::NetworkPolicy;
use crate::scenario::Viewport;

/// How sessions are created.
#[derive(Debug, Clone)]
pub struct SessionSettings {
    /// Which browser to ask for.
    pub kind: BrowserKind,
    /// The Chromium binary to start; `None` leaves the choice to the WebDriver endpoint.
    pub browser_binary: Option<PathBuf>,
    /// The initial window size.
    pub viewport: Viewport,
    /// The longest an in-page script may run (readiness waits happen inside one).
    pub script_timeout: Duration,
    /// The longest a navigation may take.
    pub page_load_timeout: Duration,
    /// The harness started the driver itself, with a port of its own for Firefox's BiDi
    /// socket. Only then does a Firefox session ask for that socket: a geckodriver started
    /// elsewhere gives every Firefox port 9222 by default, and Firefoxes sharing it were seen
    /// to lose pages ("Document was unloaded").
    pub own_driver: bool,
}

/// An open browser session.
#[derive(Debug)]
pub struct Session {
    client: Client,
    viewport: Viewport,
    /// The window may not have `viewport`'s size (a new browsing context).
    viewport_unknown: bool,
    round_trips: u64,
    browser: String,
    /// The hosts its pages may reach and the reader's locale, fixed when the browser starts.
    profile: Profile,
    /// The browser's own frame around the page (window size minus the page's inner size),
    /// added to every window size asked for, so that the page sees the scenario's viewport.
    frame: (u32, u32),
    /// The line to the browser's own protocol, for forgetting cookies without a WebDriver
    /// command.
    channel: ChannelState,
}

/// Whether a session has its channel, opened the first time it is needed.
#[derive(Debug)]
enum ChannelState {
    /// Found in the capabilities, not yet needed.
    Closed(Address),
    Open(Box<Channel>),
    /// None offered, or it failed once: WebDriver's commands do its work.
    Absent,
}

impl Session {
    /// Creates a headless browser session at `webdriver` whose pages reach only the hosts
    /// the profile's policy lets through, in the profile's locale and time zone.
    ///
    /// # Errors
    ///
    /// [`BrowserError::Connect`] when the endpoint refuses or cannot be reached.
    pub async fn open(
        webdriver: &Url,
        settings: &SessionSettings,
        profile: &Profile,
    ) -> Result<Session, BrowserError> {
        let caps = match settings.kind {
            BrowserKind::Chromium => chromium_capabilities(settings, profile),
            BrowserKind::Firefox => firefox_capabilities(settings, profile),
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(webdriver.as_str())
            .await
            .map_err(|source| connect_error(webdriver, source))?;
        let channel = client
            .capabilities()
            .and_then(|caps| super::channel::locate(caps, webdriver))
            .map_or(ChannelState::Absent, ChannelState::Closed);
        let browser = client
            .capabilities()
            .map(|c| {
                let name = c
                    .get("browserName")
                    .and_then(Json::as_str)
                    .unwrap_or("browser");
                let version = c.get("browserVersion").and_then(Json::as_str).unwrap_or("");
                format!("{name} {version}").trim().to_owned()
            })
            .unwrap_or_else(|| "browser".into());
        let mut session = Session {
            client,
            viewport: settings.viewport,
            viewport_unknown: false,
            round_trips: 1,
            browser,
            profile: profile.clone(),
            frame: (0, 0),
            channel,
        };
        // Chromium takes a time zone per page target, not per browser: set it now (and
        // again in a fresh browsing context). Firefox gets it from its environment.
        if settings.kind == BrowserKind::Chromium && profile.timezone.is_some() {
            session
                .apply_timezone()
                .await
                .map_err(|e| BrowserError::Setup {
                    what: "set the time zone",
                    detail: e.to_string(),
                })?;
        }
        // The window was opened at the viewport's size; the page inside it is smaller by the
        // browser's frame. A session whose frame cannot be measured keeps its window.
        if session.measure_frame().await.is_ok() && session.frame != (0, 0) {
            session.viewport_unknown = true;
            let _ = session.set_viewport(settings.viewport).await;
        }
        Ok(session)
    }

    /// Measures the browser's frame around the page once, so that the page's inner size (what
    /// media queries and the fold see) is the scenario's viewport, not the window's.
    async fn measure_frame(&mut self) -> Result<(), fantoccini::error::CmdError> {
        self.round_trips += 1;
        let inner = self
            .client
            .execute(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];",
                vec![],
            )
            .await?;
        let part = |i: usize| {
            inner
                .get(i)
                .and_then(Json::as_f64)
                .map_or(0, |v| v.max(0.0).round() as u32)
        };
        self.frame = (part(0), part(1));
        Ok(())
    }

    /// The window size the page sees now, when it is known.
    pub fn viewport(&self) -> Option<Viewport> {
        (!self.viewport_unknown).then_some(self.viewport)
    }

    /// The browser's name and version, as the endpoint reported them.
    pub fn browser(&self) -> &str {
        &self.browser
    }

    /// The hosts this session's pages may reach.
    pub fn policy(&self) -> &NetworkPolicy {
        &self.profile.policy
    }

    /// What the session was opened with.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Chromium's time-zone override for the current browsing context (one round-trip).
    async fn apply_timezone(&mut self) -> Result<(), fantoccini::error::CmdError> {
        let Some(zone) = self.profile.timezone.clone() else {
            return Ok(());
        };
        if !self.browser.starts_with("chrome") && !self.browser.starts_with("chromium") {
            return Ok(());
        }
        self.round_trips += 1;
        self.client
            .issue_cmd(Cdp {
                cmd: "Emulation.setTimezoneOverride",
                params: serde_json::json!({ "timezoneId": zone }),
            })
            .await
            .map(|_| ())
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
    pub async fn set_viewport(
        &mut self,
        viewport: Viewport,
    ) -> Result<(), fantoccini::error::CmdError> {
        if viewport != self.viewport || self.viewport_unknown {
            self.round_trips += 1;
            self.client
                .set_window_size(
                    viewport.width + self.frame.0,
                    viewport.height + self.frame.1,
                )
                .await?;
            self.viewport = viewport;
            self.viewport_unknown = false;
        }
        Ok(())
    }

    /// Navigates and waits until the document is parsed (the "eager" strategy): what text and
    /// layout still wait for is waited for inside the page, so that images, frames and
    /// scripts of other hosts hold nothing up.
    ///
    /// # Errors
    ///
    /// The WebDriver error (a page-load timeout among them).
    pub async fn goto(&mut self, url: &Url) -> Result<(), fantoccini::error::CmdError> {
        self.round_trips += 1;
        self.client
            .issue_cmd(NavigateTo { url: url.clone() })
            .await
            .map(|_| ())
    }

    /// Runs an asynchronous script; `args` reach it as `arguments[..]`, never as code.
    ///
    /// # Errors
    ///
    /// The WebDriver error (a script timeout among them).
    pub async fn execute_async(
        &mut self,
        script: &str,
        args: Vec<Json>,
    ) -> Result<Json, fantoccini::error::CmdError> {
        self.round_trips += 1;
        self.client.execute_async(script, args).await
    }

    /// Runs a synchronous script; `args` reach it as `arguments[..]`, never as code.
    ///
    /// # Errors
    ///
    /// The WebDriver error.
    pub async fn execute(
        &mut self,
        script: &str,
        args: Vec<Json>,
    ) -> Result<Json, fantoccini::error::CmdError> {
        self.round_trips += 1;
        self.client.execute(script, args).await
    }

    /// Forgets the cookies this scenario left, so that the next scenario on this session starts
    /// without them (its storage is cleared by the scenario's last script). The cookies of
    /// every host go, in one message on the browser's own protocol and no WebDriver command;
    /// where the session has no such channel, WebDriver deletes the current page's cookies
    /// (one round-trip).
    ///
    /// # Errors
    ///
    /// The WebDriver error.
    pub async fn forget_cookies(&mut self) -> Result<(), fantoccini::error::CmdError> {
        if let Some(channel) = self.channel().await {
            if channel.clear_cookies().await.is_ok() {
                return Ok(());
            }
            // A channel that failed once is not trusted again: WebDriver does it from now on.
            if let ChannelState::Open(channel) =
                std::mem::replace(&mut self.channel, ChannelState::Absent)
            {
                channel.close().await;
            }
        }
        self.round_trips += 1;
        self.client.delete_all_cookies().await
    }

    /// The session's channel, opened now if it was not yet.
    async fn channel(&mut self) -> Option<&mut Channel> {
        if let ChannelState::Closed(address) = &self.channel {
            self.channel = match Channel::open(address).await {
                Ok(channel) => ChannelState::Open(Box::new(channel)),
                Err(_) => ChannelState::Absent,
            };
        }
        match &mut self.channel {
            ChannelState::Open(channel) => Some(channel),
            _ => None,
        }
    }

    /// A PNG of the viewport as it is now.
    ///
    /// # Errors
    ///
    /// The WebDriver error.
    pub async fn screenshot(&mut self) -> Result<Vec<u8>, fantoccini::error::CmdError> {
        self.round_trips += 1;
        self.client.screenshot().await
    }

    /// A PNG of the whole page, beyond the window (one round-trip): Chromium's
    /// `Page.captureScreenshot` through chromedriver, geckodriver's full screenshot. Where the
    /// endpoint has neither (some remote ones), the window only, then at two round-trips.
    ///
    /// # Errors
    ///
    /// The WebDriver error of the window screenshot.
    pub async fn full_page_screenshot(&mut self) -> Result<Vec<u8>, fantoccini::error::CmdError> {
        use base64::Engine;
        self.round_trips += 1;
        let answer = if self.browser.starts_with("firefox") {
            self.client.issue_cmd(FirefoxFullScreenshot).await
        } else {
            self.client
                .issue_cmd(Cdp {
                    cmd: "Page.captureScreenshot",
                    params: json!({ "format": "png", "captureBeyondViewport": true }),
                })
                .await
        };
        let data = match answer {
            Ok(serde_json::Value::String(s)) => Some(s),
            Ok(v) => v["data"].as_str().map(str::to_owned),
            Err(_) => None,
        };
        match data.and_then(|d| base64::engine::general_purpose::STANDARD.decode(d).ok()) {
            Some(png) => Ok(png),
            None => self.screenshot().await,
        }
    }

    /// A PNG of the first element matching `selector` in the top document, or `None` when
    /// there is none there (an element inside a shadow root or an iframe is not reachable
    /// this way).
    ///
    /// # Errors
    ///
    /// The WebDriver error, other than "no such element".
    pub async fn element_screenshot(
        &mut self,
        selector: &str,
    ) -> Result<Option<Vec<u8>>, fantoccini::error::CmdError> {
        self.round_trips += 1;
        let element = match self.client.find(fantoccini::Locator::Css(selector)).await {
            Ok(e) => e,
            Err(e) if e.is_no_such_element() => return Ok(None),
            Err(e) => return Err(e),
        };
        self.round_trips += 1;
        element.screenshot().await.map(Some)
    }

    /// Replaces the current browsing context with a new, blank one and closes the old one, so
    /// nothing of the page that was there (a timer that reloads it, a pending navigation)
    /// can reach the next navigation. Navigating the old context away cannot promise that:
    /// a navigation the page starts itself may supersede the harness's. Three round-trips;
    /// the next [`Session::set_viewport`] sizes the new context again.
    ///
    /// # Errors
    ///
    /// The WebDriver error.
    pub async fn fresh_context(&mut self) -> Result<(), fantoccini::error::CmdError> {
        self.round_trips += 1;
        let new = self.client.new_window(true).await?;
        self.round_trips += 1;
        self.client.close_window().await?;
        self.round_trips += 1;
        self.client.switch_to_window(new.handle).await?;
        self.viewport_unknown = true;
        // A new browsing context has no time-zone override yet.
        self.apply_timezone().await
    }

    /// Closes the session. Errors are ignored: the driver is ended next in any case.
    pub async fn close(self) {
        if let ChannelState::Open(channel) = self.channel {
            channel.close().await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.close()).await;
    }
}

/// An endpoint that answered with a WebDriver error (a Grid with no free slot, a queue that
/// timed out) says why; that is the message. Only an endpoint that could not be reached at
/// all keeps the transport error as its cause.
fn connect_error(webdriver: &Url, source: fantoccini::error::NewSessionError) -> BrowserError {
    use fantoccini::error::NewSessionError;
    match &source {
        NewSessionError::SessionNotCreated(w) => BrowserError::Refused {
            url: webdriver.to_string(),
            detail: w.message.lines().next().unwrap_or_default().to_owned(),
        },
        _ => BrowserError::Connect {
            url: webdriver.to_string(),
            source,
        },
    }
}

fn timeouts(settings: &SessionSettings) -> Json {
    json!({
        "script": settings.script_timeout.as_millis() as u64,
        "pageLoad": settings.page_load_timeout.as_millis() as u64,
        "implicit": 0,
    })
}

/// What both browsers are asked for besides their own options.
fn common_capabilities(settings: &SessionSettings) -> Capabilities {
    let mut caps = Capabilities::new();
    caps.insert("pageLoadStrategy".into(), json!("eager"));
    caps.insert(
        "unhandledPromptBehavior".into(),
        json!("dismiss and notify"),
    );
    caps.insert("timeouts".into(), timeouts(settings));
    caps
}

fn firefox_capabilities(settings: &SessionSettings, profile: &Profile) -> Capabilities {
    let policy = &profile.policy;
    let vp = settings.viewport;
    let mut firefox = json!({
        "args": ["-headless", "-width", vp.width.to_string(), "-height", vp.height.to_string()],
        "prefs": {
            // The machine may have no network at all: no background fetches to wait for.
            "app.update.enabled": false,
            "browser.shell.checkDefaultBrowser": false,
            "datareporting.policy.dataSubmissionEnabled": false,
            "toolkit.telemetry.enabled": false,
            "network.captive-portal-service.enabled": false,
            "network.connectivity-service.enabled": false,
            "media.autoplay.default": 0,
            "media.autoplay.blocking_policy": 0,
        },
    });
    if let Some(bin) = &settings.browser_binary {
        firefox["binary"] = json!(bin.display().to_string());
    }
    if let Some(Json::Object(prefs)) = policy.firefox_prefs() {
        firefox["prefs"]
            .as_object_mut()
            .expect("prefs is an object")
            .extend(prefs);
    }
    if let (Some(locale), Some(accept)) = (&profile.locale, profile.accept_language()) {
        let prefs = firefox["prefs"]
            .as_object_mut()
            .expect("prefs is an object");
        // `navigator.language` is the first of these.
        prefs.insert(
            "intl.accept_languages".into(),
            json!(accept.replace(";q=0.9", "")),
        );
        prefs.insert("intl.locale.requested".into(), json!(locale));
    }
    let mut caps = common_capabilities(settings);
    caps.insert("browserName".into(), json!("firefox"));
    if settings.own_driver {
        // A WebDriver BiDi socket beside the session: the cookie channel (`channel.rs`).
        caps.insert("webSocketUrl".into(), json!(true));
    }
    caps.insert("moz:firefoxOptions".into(), firefox);
    caps
}

fn chromium_capabilities(settings: &SessionSettings, profile: &Profile) -> Capabilities {
    let policy = &profile.policy;
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
            // Every navigation stays in the page's frame, as it was before Chromium began
            // giving each document a frame of its own: with the back-forward cache (which the
            // harness never uses: it does not go back) and per-document frames on, each page
            // costs a new frame in the browser; off, a page is read about 12 % sooner
            // (README, Benchmark). No snapshot of the test suite changed.
            "--disable-features=RenderDocument,BackForwardCache",
            format!("--window-size={},{}", vp.width, vp.height),
        ],
    });
    if let Some(bin) = &settings.browser_binary {
        chrome["binary"] = json!(bin.display().to_string());
    }
    if let Some(rules) = policy.chromium_switch() {
        chrome["args"]
            .as_array_mut()
            .expect("args is an array")
            .push(json!(rules));
    }
    if let (Some(locale), Some(accept)) = (&profile.locale, profile.accept_language()) {
        // `--lang` is `navigator.language` and the formats; the pref is `Accept-Language`.
        chrome["args"]
            .as_array_mut()
            .expect("args is an array")
            .push(json!(format!("--lang={locale}")));
        chrome["prefs"] = json!({ "intl": { "accept_languages": accept } });
    }
    let mut caps = common_capabilities(settings);
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), chrome);
    caps
}
