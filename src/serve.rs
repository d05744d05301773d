//! The embedded page server: serves a suite folder on `127.0.0.1` at a free port, so that a
//! suite with relative pages runs with no server of its own and no network. The main type
//! here is [`PageServer`].

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

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
    /// Starts serving `root` on a free loopback port. `charsets` maps URL paths (`/a/b.html`)
    /// to the encoding declared for them, as scenarios set it.
    ///
    /// # Errors
    ///
    /// The I/O error when no port can be bound.
    pub async fn start(
        root: &Path,
        charsets: HashMap<String, &'static encoding_rs::Encoding>,
    ) -> std::io::Result<PageServer> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let charsets = Arc::new(charsets);
        let app = axum::Router::new()
            .fallback_service(ServeDir::new(root).append_index_html_on_directories(true))
            .layer(axum::middleware::from_fn(move |request, next| {
                declare_charset(charsets.clone(), request, next)
            }));
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

/// Saved pages often declare no charset, and a browser then reads them as Windows-1252
/// (`fÃ¼r` for `für`). A page whose scenario sets `charset` is served with that encoding; any
/// other page that is valid UTF-8 and declares nothing is served as UTF-8; the rest is left
/// to the browser.
async fn declare_charset(
    charsets: Arc<HashMap<String, &'static encoding_rs::Encoding>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::header::CONTENT_TYPE;
    let set = charsets.get(request.uri().path()).copied();
    let response = next.run(request).await;
    let bare_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("text/html"));
    if !bare_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    if let Some(encoding) = set {
        let value = format!(
            "text/html; charset={}",
            encoding.name().to_ascii_lowercase()
        );
        if let Ok(value) = axum::http::HeaderValue::from_str(&value) {
            parts.headers.insert(CONTENT_TYPE, value);
        }
        return axum::response::Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    if utf8_without_declaration(&bytes) {
        parts.headers.insert(
            CONTENT_TYPE,
            axum::http::HeaderValue::from_static("text/html; charset=utf-8"),
        );
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Whether a page is valid UTF-8 and declares no encoding of its own (no byte order mark, no
/// `charset` in its first 1024 bytes, where browsers look for `<meta charset>`).
fn utf8_without_declaration(page: &[u8]) -> bool {
    if page.starts_with(b"\xEF\xBB\xBF") || std::str::from_utf8(page).is_err() {
        return false;
    }
    let head = &page[..page.len().min(1024)];
    !head
        .windows(b"charset".len())
        .any(|w| w.eq_ignore_ascii_case(b"charset"))
}

#[cfg(test)]
mod tests {
    use super::utf8_without_declaration;

    #[test]
    fn only_undeclared_utf8_pages_are_declared() {
        let cases: &[(&[u8], bool)] = &[
            (b"<p>f\xC3\xBCr alle</p>", true),
            (b"<p>plain ascii</p>", true),
            (b"<meta charset=\"utf-8\"><p>f\xC3\xBCr</p>", false),
            (b"<meta http-equiv=\"Content-Type\" content=\"text/html; CHARSET=iso-8859-1\"><p>f\xFCr</p>", false),
            (b"<p>f\xFCr</p>", false),
            (b"\xEF\xBB\xBF<p>f\xC3\xBCr</p>", false),
        ];
        for (page, want) in cases {
            assert_eq!(
                utf8_without_declaration(page),
                *want,
                "{}",
                String::from_utf8_lossy(page)
            );
        }
    }
}
