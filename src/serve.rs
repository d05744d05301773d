//! The embedded page server: serves a suite folder on `127.0.0.1` at a free port, so that a
//! suite with relative pages runs with no server of its own and no network. The main type
//! here is [`PageServer`].

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use tokio::sync::oneshot;
use tower_http::services::ServeDir;
use url::Url;

/// A running static file server over one folder.
#[derive(Debug)]
pub struct PageServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl PageServer {
    /// Starts serving `root` on a free loopback port.
    ///
    /// # Errors
    ///
    /// The I/O error when no port can be bound.
    pub async fn start(root: &Path) -> std::io::Result<PageServer> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let app = axum::Router::new()
            .fallback_service(ServeDir::new(root).append_index_html_on_directories(true));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(PageServer {
            addr,
            stop: Some(stop),
            task,
        })
    }

    /// The URL that suite-relative pages are resolved against.
    pub fn base_url(&self) -> Url {
        Url::parse(&format!("http://{}/", self.addr)).expect("a valid URL")
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // A browser may still hold a keep-alive connection open; do not wait on it.
        self.task.abort();
    }
}
