//! A pool of browser sessions for `--jobs N`. The main type here is [`SessionPool`]: one
//! [`Slot`] per worker, each holding a session that is opened when first needed, reused
//! across scenarios, and replaced when it is lost or left in an unknown state.
//!
//! Chromium serves many sessions from one chromedriver, so its workers share one driver,
//! which is restarted if it dies. geckodriver serves one session per process, so a Firefox
//! worker gets a driver of its own. A remote endpoint (a Selenium Grid) is used as it is.

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::Mutex;
use url::Url;

use super::Profile;
use super::{BrowserError, BrowserKind, Driver, Session, SessionSettings};

/// Where sessions come from.
#[derive(Debug, Clone)]
pub enum SessionSource {
    /// One chromedriver for every session.
    SharedDriver(PathBuf),
    /// One geckodriver per session.
    DriverPerSession(PathBuf),
    /// A WebDriver endpoint that is already running.
    Remote(Url),
}

/// One worker's place in the pool.
#[derive(Debug, Default)]
pub struct Slot {
    session: Option<Session>,
    driver: Option<Driver>,
    /// Sessions this slot has opened (replacements included).
    pub opened: u32,
    /// The session was left mid-command (a scenario timed out): it is closed before the
    /// slot is used again, after the scenario's verdict is out.
    pub stale: bool,
    /// Round-trips of sessions already closed.
    retired_round_trips: u64,
}

impl Slot {
    /// The profile of the slot's open session, if it has one.
    pub fn profile(&self) -> Option<&Profile> {
        self.session.as_ref().map(Session::profile)
    }

    /// The window size of the slot's open session, if it has one and knows it.
    pub fn viewport(&self) -> Option<crate::scenario::Viewport> {
        self.session.as_ref().and_then(Session::viewport)
    }

    /// WebDriver commands sent through this slot so far.
    pub fn round_trips(&self) -> u64 {
        self.retired_round_trips + self.session.as_ref().map_or(0, Session::round_trips)
    }
}

/// The sessions of a run.
#[derive(Debug)]
pub struct SessionPool {
    source: SessionSource,
    kind: BrowserKind,
    settings: SessionSettings,
    shared: Mutex<Option<Driver>>,
    /// One slot per worker.
    pub slots: Vec<Mutex<Slot>>,
    browser: std::sync::Mutex<Option<String>>,
}

impl SessionPool {
    /// A pool of `size` slots. A shared driver is started at once, so a broken installation
    /// fails before any scenario runs.
    ///
    /// # Errors
    ///
    /// [`BrowserError`] when the shared driver does not start.
    pub async fn start(
        source: SessionSource,
        kind: BrowserKind,
        settings: SessionSettings,
        size: usize,
    ) -> Result<SessionPool, BrowserError> {
        let shared = match &source {
            SessionSource::SharedDriver(program) => Some(Driver::start(program, kind).await?),
            _ => None,
        };
        Ok(SessionPool {
            source,
            kind,
            settings,
            shared: Mutex::new(shared),
            slots: (0..size.max(1))
                .map(|_| Mutex::new(Slot::default()))
                .collect(),
            browser: std::sync::Mutex::new(None),
        })
    }

    /// The browser's name and version, once a session has reported it.
    pub fn browser(&self) -> Option<String> {
        self.browser.lock().ok().and_then(|b| b.clone())
    }

    /// The slot's session for pages under `profile`, opened (and its driver started or
    /// restarted) when needed; a session with another profile is closed first.
    ///
    /// # Errors
    ///
    /// [`BrowserError`] when no session can be created.
    pub async fn session<'s>(
        &self,
        slot: &'s mut Slot,
        profile: &Profile,
    ) -> Result<&'s mut Session, BrowserError> {
        if slot.stale || slot.profile().is_some_and(|p| p != profile) {
            self.discard(slot).await;
        }
        if slot.session.is_none() {
            let endpoint = match &self.source {
                SessionSource::Remote(url) => url.clone(),
                SessionSource::SharedDriver(program) => {
                    let mut shared = self.shared.lock().await;
                    if !shared.as_mut().is_some_and(Driver::is_alive) {
                        if let Some(dead) = shared.take() {
                            dead.shutdown().await;
                        }
                        *shared = Some(Driver::start(program, self.kind).await?);
                    }
                    shared.as_ref().expect("started above").url().clone()
                }
                SessionSource::DriverPerSession(program) => {
                    // Its browsers run in the driver's time zone: another one needs another
                    // driver.
                    let zone = profile.timezone.as_deref();
                    if !slot
                        .driver
                        .as_mut()
                        .is_some_and(|d| d.is_alive() && d.timezone() == zone)
                    {
                        if let Some(old) = slot.driver.take() {
                            old.shutdown().await;
                        }
                        slot.driver = Some(Driver::start_in(program, self.kind, zone).await?);
                    }
                    slot.driver.as_ref().expect("started above").url().clone()
                }
            };
            let session = match Session::open(&endpoint, &self.settings, profile).await {
                Ok(s) => s,
                // A replacement after a loss may meet a Grid that has not yet noticed its node
                // is gone: give it a few chances, a little apart. A first session fails at once.
                Err(first) if slot.opened > 0 => {
                    let mut last = first;
                    let mut opened = None;
                    for pause in [1, 2, 4] {
                        tokio::time::sleep(Duration::from_secs(pause)).await;
                        match Session::open(&endpoint, &self.settings, profile).await {
                            Ok(s) => {
                                opened = Some(s);
                                break;
                            }
                            Err(e) => last = e,
                        }
                    }
                    opened.ok_or(last)?
                }
                Err(e) => return Err(e),
            };
            if let Ok(mut b) = self.browser.lock() {
                b.get_or_insert_with(|| session.browser().to_owned());
            }
            slot.opened += 1;
            slot.session = Some(session);
        }
        Ok(slot.session.as_mut().expect("opened above"))
    }

    /// Closes the slot's session (briefly: it may be dead) so that the next scenario gets a
    /// new one.
    pub async fn discard(&self, slot: &mut Slot) {
        slot.stale = false;
        if let Some(session) = slot.session.take() {
            slot.retired_round_trips += session.round_trips();
            let _ = tokio::time::timeout(Duration::from_secs(3), session.close()).await;
        }
    }

    /// Closes every session, then ends every driver.
    pub async fn shutdown(self) {
        let mut drivers = Vec::new();
        let closing = self.slots.into_iter().map(|slot| async move {
            let mut slot = slot.into_inner();
            if let Some(session) = slot.session.take() {
                session.close().await;
            }
            slot.driver.take()
        });
        for driver in futures::future::join_all(closing)
            .await
            .into_iter()
            .flatten()
        {
            drivers.push(driver);
        }
        drivers.extend(self.shared.into_inner());
        futures::future::join_all(drivers.into_iter().map(Driver::shutdown)).await;
    }
}
