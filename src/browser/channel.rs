//! A second line to the browser beside WebDriver: the browser's own protocol on a WebSocket
//! (the DevTools protocol for Chromium, WebDriver BiDi for Firefox).
//!
//! The harness uses it for one thing that WebDriver classic can only do with a command per
//! page: forgetting the cookies between two scenarios, HttpOnly ones and those of other
//! hosts included. On the channel that is one message, answered in 1–3 ms on the driver's
//! machine (Chromium and Firefox alike, after Firefox's first), and no WebDriver round-trip.
//! [`locate`] finds the channel in the capabilities a session was created with; a session
//! without one (a remote endpoint that offers none, a Firefox whose geckodriver the harness
//! did not start, a channel that cannot be opened) keeps WebDriver's "Delete All Cookies".

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value as Json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use url::Url;

/// The longest one call on the channel may take, connecting included.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// The browser's protocol on the channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// The Chrome DevTools Protocol, at the browser's own target.
    Cdp,
    /// WebDriver BiDi.
    Bidi,
}

/// Where a session's channel is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// A WebSocket to connect to as it is.
    Socket { url: Url, protocol: Protocol },
    /// Chromium's DevTools HTTP endpoint on the driver's machine, which names the browser's
    /// WebSocket when asked (`/json/version`).
    DevTools(Url),
}

/// Finds the channel in a new session's capabilities. `webdriver` is the endpoint the
/// session was created at: Chromium's `debuggerAddress` is an address on the driver's
/// machine, so it is used only when that machine is this one.
pub fn locate(caps: &serde_json::Map<String, Json>, webdriver: &Url) -> Option<Address> {
    let text = |key: &str| caps.get(key).and_then(Json::as_str);
    let socket = |key: &str, protocol| {
        let url = Url::parse(text(key)?).ok()?;
        matches!(url.scheme(), "ws" | "wss").then_some(Address::Socket { url, protocol })
    };
    let browser = text("browserName").unwrap_or_default().to_ascii_lowercase();
    if browser.contains("firefox") {
        return socket("webSocketUrl", Protocol::Bidi);
    }
    // A Selenium Grid relays the DevTools protocol of the node's browser itself.
    if let Some(grid) = socket("se:cdp", Protocol::Cdp) {
        return Some(grid);
    }
    let local = match webdriver.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    let debugger = caps
        .get("goog:chromeOptions")
        .and_then(|o| o.get("debuggerAddress"))
        .and_then(Json::as_str)?;
    let url = Url::parse(&format!("http://{debugger}/")).ok()?;
    (local && url.port().is_some()).then_some(Address::DevTools(url))
}

/// What went wrong on the channel; the session then falls back to WebDriver.
#[derive(Debug, thiserror::Error)]
#[error("the browser's own protocol channel: {0}")]
pub struct ChannelError(String);

/// An open channel.
pub struct Channel {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    protocol: Protocol,
    next_id: u64,
}

impl std::fmt::Debug for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channel")
            .field("protocol", &self.protocol)
            .finish_non_exhaustive()
    }
}

impl Channel {
    /// Connects to the channel at `address`.
    ///
    /// # Errors
    ///
    /// When the address does not answer, or does not name a WebSocket.
    pub async fn open(address: &Address) -> Result<Channel, ChannelError> {
        tokio::time::timeout(CALL_TIMEOUT, Self::connect(address))
            .await
            .map_err(|_| ChannelError(format!("no answer in {CALL_TIMEOUT:?}")))?
    }

    async fn connect(address: &Address) -> Result<Channel, ChannelError> {
        let (url, protocol) = match address {
            Address::Socket { url, protocol } => (url.clone(), *protocol),
            Address::DevTools(http) => (devtools_socket(http).await?, Protocol::Cdp),
        };
        let (socket, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .map_err(|e| ChannelError(format!("{url}: {e}")))?;
        Ok(Channel {
            socket,
            protocol,
            next_id: 0,
        })
    }

    /// Forgets the cookies of every host: all of them in Chromium; in Firefox those of the
    /// default partition (cookies a third-party frame keeps in a partition under a top-level
    /// site stay, as they do with WebDriver's "Delete All Cookies").
    ///
    /// # Errors
    ///
    /// When the browser refuses or the channel breaks.
    pub async fn clear_cookies(&mut self) -> Result<(), ChannelError> {
        let (method, params) = match self.protocol {
            Protocol::Cdp => ("Storage.clearCookies", json!({})),
            Protocol::Bidi => ("storage.deleteCookies", json!({})),
        };
        tokio::time::timeout(CALL_TIMEOUT, self.call(method, params))
            .await
            .map_err(|_| ChannelError(format!("{method}: no answer in {CALL_TIMEOUT:?}")))?
            .map(|_| ())
    }

    /// Sends one command and waits for its answer (events in between are passed over).
    async fn call(&mut self, method: &str, params: Json) -> Result<Json, ChannelError> {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(Message::text(message.to_string()))
            .await
            .map_err(|e| ChannelError(format!("{method}: {e}")))?;
        while let Some(message) = self.socket.next().await {
            let message = message.map_err(|e| ChannelError(format!("{method}: {e}")))?;
            let Message::Text(text) = message else {
                continue;
            };
            let Ok(answer) = serde_json::from_str::<Json>(text.as_str()) else {
                continue;
            };
            if answer.get("id").and_then(Json::as_u64) == Some(id) {
                return answer_of(method, answer);
            }
        }
        Err(ChannelError(format!("{method}: the channel closed")))
    }

    /// Closes the channel (the browser closes it anyway when it quits).
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(1), self.socket.close(None)).await;
    }
}

/// The result of an answer, or its error in words. Both protocols put the failure under
/// `error` (BiDi adds `message`; the DevTools protocol nests it).
fn answer_of(method: &str, answer: Json) -> Result<Json, ChannelError> {
    match answer.get("error") {
        None | Some(Json::Null) => Ok(answer.get("result").cloned().unwrap_or(Json::Null)),
        Some(error) => {
            let words = [
                error.get("message").and_then(Json::as_str),
                error.as_str(),
                answer.get("message").and_then(Json::as_str),
            ];
            let words: Vec<&str> = words.into_iter().flatten().collect();
            Err(ChannelError(format!("{method}: {}", words.join(": "))))
        }
    }
}

/// Asks Chromium's DevTools HTTP endpoint for the browser's WebSocket.
async fn devtools_socket(http: &Url) -> Result<Url, ChannelError> {
    let version = http
        .join("json/version")
        .map_err(|e| ChannelError(e.to_string()))?;
    let fail = |e: &dyn std::fmt::Display| ChannelError(format!("{version}: {e}"));
    // A plain HTTP request on this machine: no proxy, and no certificates to load.
    let client = reqwest::Client::builder()
        .no_proxy()
        .tls_built_in_root_certs(false)
        .build()
        .map_err(|e| fail(&e))?;
    let body = client
        .get(version.as_str())
        .send()
        .await
        .map_err(|e| fail(&e))?
        .bytes()
        .await
        .map_err(|e| fail(&e))?;
    let answer: Json = serde_json::from_slice(&body).map_err(|e| fail(&e))?;
    answer
        .get("webSocketDebuggerUrl")
        .and_then(Json::as_str)
        .and_then(|u| Url::parse(u).ok())
        .ok_or_else(|| fail(&"no webSocketDebuggerUrl"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(value: Json) -> serde_json::Map<String, Json> {
        value.as_object().cloned().expect("an object")
    }

    #[test]
    fn the_channel_is_found_where_each_endpoint_names_it() {
        let local = Url::parse("http://127.0.0.1:9515/").unwrap();
        let remote = Url::parse("http://grid.example:4444/").unwrap();
        let chrome = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "debuggerAddress": "localhost:40123" },
        });
        let grid_chrome = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "debuggerAddress": "localhost:40123" },
            "se:cdp": "ws://grid.example:4444/session/abc/se/cdp",
        });
        let firefox = json!({
            "browserName": "firefox",
            "webSocketUrl": "ws://127.0.0.1:9222/session/abc",
            "se:cdp": "ws://grid.example:4444/session/abc/se/cdp",
        });
        let devtools = Address::DevTools(Url::parse("http://localhost:40123/").unwrap());
        let grid = Address::Socket {
            url: Url::parse("ws://grid.example:4444/session/abc/se/cdp").unwrap(),
            protocol: Protocol::Cdp,
        };
        let bidi = Address::Socket {
            url: Url::parse("ws://127.0.0.1:9222/session/abc").unwrap(),
            protocol: Protocol::Bidi,
        };
        let table: [(&Json, &Url, Option<&Address>); 8] = [
            // Local chromedriver: its browser's DevTools endpoint.
            (&chrome, &local, Some(&devtools)),
            (
                &chrome,
                &Url::parse("http://localhost:4444/").unwrap(),
                Some(&devtools),
            ),
            // A remote endpoint's debuggerAddress is on another machine.
            (&chrome, &remote, None),
            // A Grid relays it.
            (&grid_chrome, &remote, Some(&grid)),
            // Firefox speaks BiDi, when it was asked to.
            (&firefox, &local, Some(&bidi)),
            (&json!({ "browserName": "firefox" }), &local, None),
            // Nothing named, or nothing usable.
            (&json!({ "browserName": "chrome" }), &local, None),
            (
                &json!({ "browserName": "chrome", "se:cdp": "http://x/", "goog:chromeOptions": {} }),
                &local,
                None,
            ),
        ];
        for (given, endpoint, want) in table {
            assert_eq!(
                locate(&caps(given.clone()), endpoint).as_ref(),
                want,
                "{given} at {endpoint}"
            );
        }
    }

    #[test]
    fn answers_are_results_or_errors_in_words() {
        let ok = answer_of("m", json!({ "id": 1, "result": { "a": 1 } })).unwrap();
        assert_eq!(ok, json!({ "a": 1 }));
        let bidi_ok = answer_of("m", json!({ "type": "success", "id": 1, "result": {} }));
        assert_eq!(bidi_ok.unwrap(), json!({}));
        let cdp = answer_of(
            "m",
            json!({ "id": 1, "error": { "code": -32601, "message": "'m' wasn't found" } }),
        );
        assert_eq!(
            cdp.unwrap_err().to_string(),
            "the browser's own protocol channel: m: 'm' wasn't found"
        );
        let bidi = answer_of(
            "m",
            json!({ "type": "error", "id": 1, "error": "unknown command", "message": "m" }),
        );
        assert_eq!(
            bidi.unwrap_err().to_string(),
            "the browser's own protocol channel: m: unknown command: m"
        );
    }
}
