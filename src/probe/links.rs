//! Requesting story-link targets: one bounded concurrent stage with a per-request timeout
//! and a cache for the whole run, so a target shared by many pages is asked once. The main
//! type here is [`LinkChecker`].

use std::collections::HashMap;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use tokio::sync::Mutex;
use url::Url;

/// What requesting a link target gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// The final HTTP status (after redirects).
    Status(u16),
    /// No response: refused, timed out, …
    Failed(String),
}

/// Requests link targets and remembers the answers for the rest of the run.
#[derive(Debug)]
pub struct LinkChecker {
    client: reqwest::Client,
    cache: Mutex<HashMap<Url, LinkStatus>>,
}

impl Default for LinkChecker {
    fn default() -> Self {
        Self::new()
    }
}

impl LinkChecker {
    /// A checker with an empty cache.
    pub fn new() -> Self {
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "harness/",
                env!("CARGO_PKG_VERSION"),
                " (link check)"
            ))
            .redirect(reqwest::redirect::Policy::limited(10))
            .build()
            .expect("a client without custom TLS settings builds");
        LinkChecker {
            client,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The status of every URL, requesting at most `concurrency` at once.
    pub async fn check(
        &self,
        urls: &[Url],
        concurrency: usize,
        timeout: Duration,
    ) -> HashMap<Url, LinkStatus> {
        let mut todo = Vec::new();
        let mut out = HashMap::new();
        {
            let cache = self.cache.lock().await;
            for url in urls {
                match cache.get(&target(url)) {
                    Some(status) => {
                        out.insert(url.clone(), status.clone());
                    }
                    None if !todo.contains(&target(url)) => todo.push(target(url)),
                    None => {}
                }
            }
        }
        let fetched: Vec<(Url, LinkStatus)> = stream::iter(todo)
            .map(|url| async move {
                let status = self.request(&url, timeout).await;
                (url, status)
            })
            .buffer_unordered(concurrency.max(1))
            .collect()
            .await;
        let mut cache = self.cache.lock().await;
        for (url, status) in fetched {
            cache.insert(url, status);
        }
        for url in urls {
            if let Some(status) = cache.get(&target(url)) {
                out.insert(url.clone(), status.clone());
            }
        }
        out
    }

    /// HEAD first; servers that refuse HEAD get a GET.
    async fn request(&self, url: &Url, timeout: Duration) -> LinkStatus {
        let head = self.client.head(url.clone()).timeout(timeout).send().await;
        match head {
            Ok(r) if !matches!(r.status().as_u16(), 405 | 501) => {
                LinkStatus::Status(r.status().as_u16())
            }
            _ => match self.client.get(url.clone()).timeout(timeout).send().await {
                Ok(r) => LinkStatus::Status(r.status().as_u16()),
                Err(e) if e.is_timeout() => {
                    LinkStatus::Failed(format!("no answer within {} ms", timeout.as_millis()))
                }
                Err(e) => LinkStatus::Failed(crate::error::error_chain(&e)),
            },
        }
    }
}

/// The URL that is requested: the fragment never reaches the server.
fn target(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_fragment(None);
    u
}
