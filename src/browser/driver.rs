//! The driver process of the embedded default (chromedriver, or geckodriver for Firefox).
//! The main type here is [`Driver`].
//!
//! Killing a driver leaves its browser processes running, so the driver gets a process
//! group of its own (also keeping a terminal's Ctrl-C away from it, so the harness decides the
//! order: sessions first, then the driver) and a private `TMPDIR` that holds every browser
//! profile. [`Driver::shutdown`] asks the driver to stop, then ends whatever is left of the
//! group and deletes the folder; dropping a `Driver` does the same without waiting.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};
use url::Url;

use super::{BrowserError, BrowserKind};

/// How long chromedriver may take to say it is listening.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running chromedriver owned by this process.
#[derive(Debug)]
pub struct Driver {
    child: Option<Child>,
    pgid: Option<i32>,
    url: Url,
    port: u16,
    kind: BrowserKind,
    /// The time zone its browsers run in (`TZ`), when one was asked for.
    timezone: Option<String>,
    /// Ends the driver's process group if this process dies without doing it.
    guard: Option<std::process::Child>,
    // Dropped last: deleted after the processes that write into it are gone.
    _tmp: tempfile::TempDir,
}

impl Driver {
    /// Starts the driver on a free loopback port and waits until it is listening.
    ///
    /// # Errors
    ///
    /// [`BrowserError::Spawn`] when the program cannot run, [`BrowserError::DriverStart`]
    /// when it exits or stays silent.
    pub async fn start(program: &Path, kind: BrowserKind) -> Result<Driver, BrowserError> {
        Driver::start_in(program, kind, None).await
    }

    /// [`Driver::start`], with the browsers it starts in a time zone (`TZ` in their
    /// environment: how Firefox takes one).
    ///
    /// # Errors
    ///
    /// As [`Driver::start`].
    pub async fn start_in(
        program: &Path,
        kind: BrowserKind,
        timezone: Option<&str>,
    ) -> Result<Driver, BrowserError> {
        let name = program.display().to_string();
        let tmp = tempfile::Builder::new()
            .prefix("harness-driver-")
            .tempdir()
            .map_err(|source| BrowserError::Spawn {
                program: name.clone(),
                source,
            })?;
        // A port that was free a moment ago; a clash shows up as a start failure and is retried.
        let mut last_detail = String::new();
        for _ in 0..3 {
            let port = free_port().map_err(|source| BrowserError::Spawn {
                program: name.clone(),
                source,
            })?;
            let mut cmd = Command::new(program);
            match kind {
                BrowserKind::Chromium => cmd
                    .arg(format!("--port={port}"))
                    .arg("--allowed-ips=127.0.0.1"),
                BrowserKind::Firefox => cmd
                    .arg("--port")
                    .arg(port.to_string())
                    .arg("--host")
                    .arg("127.0.0.1")
                    // Each Firefox's BiDi socket on a port of its own (the default, 9222, is
                    // one for all: a second Firefox at once would not get it).
                    .arg("--websocket-port")
                    .arg("0"),
            };
            if let Some(zone) = timezone {
                cmd.env("TZ", zone);
            }
            cmd.env("TMPDIR", tmp.path())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .kill_on_drop(true)
                .process_group(0);
            let mut child = cmd.spawn().map_err(|source| BrowserError::Spawn {
                program: name.clone(),
                source,
            })?;
            let pgid = child.id().map(|id| id as i32);
            let stdout = child.stdout.take().expect("stdout is piped");
            let mut lines = BufReader::new(stdout).lines();
            let mut seen = Vec::new();
            let ready = tokio::time::timeout(START_TIMEOUT, async {
                while let Ok(Some(line)) = lines.next_line().await {
                    let started = match kind {
                        BrowserKind::Chromium => line.contains("started successfully"),
                        BrowserKind::Firefox => line.contains("Listening on"),
                    };
                    seen.push(line);
                    if started {
                        return true;
                    }
                }
                false
            })
            .await;
            match ready {
                Ok(true) => {
                    // Keep draining the driver's output so it never blocks on a full pipe.
                    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
                    if let Some(err) = child.stderr.take() {
                        let mut err = BufReader::new(err).lines();
                        tokio::spawn(
                            async move { while let Ok(Some(_)) = err.next_line().await {} },
                        );
                    }
                    let url =
                        Url::parse(&format!("http://127.0.0.1:{port}/")).expect("a valid URL");
                    let guard = pgid.and_then(super::guard::spawn_guard);
                    return Ok(Driver {
                        child: Some(child),
                        pgid,
                        url,
                        port,
                        kind,
                        timezone: timezone.map(str::to_owned),
                        guard,
                        _tmp: tmp,
                    });
                }
                Ok(false) => {
                    let _ = child.kill().await;
                    let mut err = String::new();
                    if let Some(mut e) = child.stderr.take() {
                        let _ = tokio::io::AsyncReadExt::read_to_string(&mut e, &mut err).await;
                    }
                    last_detail = format!(
                        "it exited: {}",
                        seen.into_iter()
                            .chain(err.lines().map(str::to_owned))
                            .collect::<Vec<_>>()
                            .join(" / ")
                    );
                }
                Err(_) => {
                    kill_group(pgid);
                    return Err(BrowserError::DriverStart {
                        program: name,
                        detail: format!(
                            "it did not say it was listening within {}s",
                            START_TIMEOUT.as_secs()
                        ),
                    });
                }
            }
        }
        Err(BrowserError::DriverStart {
            program: name,
            detail: last_detail,
        })
    }

    /// The WebDriver URL of this driver.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The time zone its browsers run in, when one was asked for.
    pub fn timezone(&self) -> Option<&str> {
        self.timezone.as_deref()
    }

    /// Whether the driver process is still running.
    pub fn is_alive(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Stops the driver: asks it to shut down (which also removes its temporary profiles),
    /// waits briefly, then ends whatever is left of its process group.
    pub async fn shutdown(mut self) {
        // chromedriver has a shutdown command; geckodriver is simply ended below.
        if self.kind == BrowserKind::Chromium {
            let _ = tokio::time::timeout(Duration::from_secs(2), request_shutdown(self.port)).await;
        }
        if let Some(mut child) = self.child.take() {
            // geckodriver has no shutdown command and never exits on its own.
            let grace = if self.kind == BrowserKind::Chromium {
                Duration::from_secs(3)
            } else {
                Duration::ZERO
            };
            if tokio::time::timeout(grace, child.wait()).await.is_err() {
                let _ = child.kill().await;
            }
        }
        kill_group(self.pgid.take());
        self.release_guard();
    }

    /// Closes the guard's pipe and reaps it: the group it watched is already gone.
    fn release_guard(&mut self) {
        if let Some(mut guard) = self.guard.take() {
            drop(guard.stdin.take());
            let _ = guard.wait();
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(self.pgid.take());
        self.release_guard();
    }
}

async fn request_shutdown(port: u16) -> std::io::Result<()> {
    let mut stream =
        tokio::net::TcpStream::connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
    stream
        .write_all(
            format!(
                "GET /shutdown HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        )
        .await?;
    let mut buf = Vec::new();
    tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut buf).await?;
    Ok(())
}

/// Ends every process left in the driver's group (Chromium and its helpers included).
fn kill_group(pgid: Option<i32>) {
    if let Some(pgid) = pgid.filter(|p| *p > 1) {
        // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}

fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}
