//! Test support: a temporary suite folder and a builder that runs the real `harness` binary
//! in it, as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root (where `scenarios/` and `snapshots/` of the example suite live).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder holding `scenarios/` (the suite) and `snapshots/`.
pub struct Suite {
    dir: tempfile::TempDir,
}

impl Suite {
    /// An empty suite folder.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("harness-test-")
            .tempdir()
            .expect("temp dir");
        std::fs::create_dir_all(dir.path().join("scenarios")).unwrap();
        Suite { dir }
    }

    /// A copy of the shipped example suite and its accepted snapshots.
    pub fn example() -> Self {
        let suite = Suite::new();
        copy_dir(&repo_root().join("scenarios"), &suite.path("scenarios"));
        copy_dir(&repo_root().join("snapshots"), &suite.path("snapshots"));
        suite
    }

    /// A path inside the folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (folders are created).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Copies a page from `tests/fixtures/pages` into the suite's `pages/` folder.
    pub fn page(&self, name: &str) -> &Self {
        let from = repo_root().join("tests/fixtures/pages").join(name);
        self.write(
            &format!("scenarios/pages/{name}"),
            std::fs::read(&from).unwrap_or_else(|e| panic!("{}: {e}", from.display())),
        )
    }

    /// Copies the example suite's test clip to `scenarios/pages/media/clip.webm`.
    pub fn media(&self) -> &Self {
        let clip = std::fs::read(repo_root().join("scenarios/pages/media/clip.webm")).unwrap();
        self.write("scenarios/pages/media/clip.webm", clip)
    }

    /// Reads a file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Whether a file exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Replaces text in a file, failing when the text is not there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "`{from}` not in {rel}");
        self.write(rel, text.replace(from, to));
    }

    /// Every file name in `snapshots/`, sorted.
    pub fn snapshot_files(&self) -> Vec<String> {
        let mut names: Vec<String> = match std::fs::read_dir(self.path("snapshots")) {
            Ok(entries) => entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        names
    }

    /// `harness` with the working directory at this folder.
    pub fn harness(&self) -> HarnessCmd {
        HarnessCmd::new(self.dir.path())
    }

    /// `harness` with the working directory at a folder inside this one.
    pub fn harness_in(&self, rel: &str) -> HarnessCmd {
        HarnessCmd::new(&self.path(rel))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if !entry.file_name().to_string_lossy().ends_with(".snap.new") {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The finished process.
pub struct Output {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Output {
    /// Asserts the exit code, showing all output when it differs.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code:\n{self:?}");
        self
    }

    /// Everything the run printed: results (stdout), then progress and errors (stderr).
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Asserts that stdout or stderr contains a text.
    #[track_caller]
    pub fn assert_output_has(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text) || self.stderr.contains(text),
            "output lacks `{text}`:\n{self:?}"
        );
        self
    }
}

/// A `harness` invocation with a clean environment.
pub struct HarnessCmd {
    cmd: Command,
    stdin: Option<String>,
}

impl HarnessCmd {
    fn new(cwd: &Path) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_harness"));
        cmd.current_dir(cwd);
        // The tests decide about CI mode and colour themselves, whatever runs them.
        for var in [
            "CI",
            "NO_COLOR",
            "HARNESS_WEBDRIVER_URL",
            "HARNESS_BASE_URL",
            "HARNESS_SNAPSHOTS",
        ] {
            cmd.env_remove(var);
        }
        HarnessCmd { cmd, stdin: None }
    }

    /// Adds arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    /// Feeds text to standard input.
    pub fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_owned());
        self
    }

    /// Runs to completion.
    pub fn run(mut self) -> Output {
        self.cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("the harness binary runs");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            if let Some(text) = &self.stdin {
                stdin.write_all(text.as_bytes()).unwrap();
            }
        }
        let out = child.wait_with_output().unwrap();
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// A tiny HTTP server on 127.0.0.1 for pages whose answer depends on how often they were
/// asked, or that never answer. `respond(n, path, head)` gets the request count (from 1), the
/// path and the request head (request line and headers); it answers with the response's
/// extra header lines and body, or `None` to keep the connection open without a reply until
/// the server is dropped.
pub struct TestServer {
    /// `http://IP:PORT/`.
    pub url: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl TestServer {
    /// `IP:PORT`.
    pub fn host(&self) -> &str {
        self.url.trim_start_matches("http://").trim_end_matches('/')
    }
}

impl TestServer {
    /// Starts serving on a free port of 127.0.0.1.
    pub fn start(
        respond: impl Fn(usize, &str, &str) -> Option<(String, String)> + Send + Sync + 'static,
    ) -> TestServer {
        TestServer::start_on("127.0.0.1", respond)
    }

    /// Starts serving on a free port of another loopback address (`127.0.0.2`): a host of
    /// its own, which a network policy can tell from the harness's server.
    pub fn start_on(
        ip: &str,
        respond: impl Fn(usize, &str, &str) -> Option<(String, String)> + Send + Sync + 'static,
    ) -> TestServer {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        use std::sync::Arc;
        let listener = std::net::TcpListener::bind((ip, 0)).unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        let count = Arc::new(AtomicUsize::new(0));
        let respond = Arc::new(respond);
        let stopping = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let (respond, count, stopping) = (respond.clone(), count.clone(), stopping.clone());
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut request = String::new();
                    if reader.read_line(&mut request).is_err() {
                        return;
                    }
                    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    let mut head = request.clone();
                    let mut line = String::new();
                    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                        head.push_str(&line);
                        line.clear();
                    }
                    if path == "/favicon.ico" {
                        let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        return;
                    }
                    let n = count.fetch_add(1, Ordering::SeqCst) + 1;
                    match respond(n, &path, &head) {
                        Some((headers, body)) => {
                            let _ = write!(
                                stream,
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                                body.len()
                            );
                        }
                        None => {
                            // Never answer; hold the connection until the test ends.
                            while !stopping.load(Ordering::SeqCst) {
                                std::thread::sleep(std::time::Duration::from_millis(100));
                            }
                        }
                    }
                });
            }
        });
        TestServer { url, stop }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept loop so its thread ends.
        let _ = std::net::TcpStream::connect(self.host());
    }
}

/// A `harness` run in the background, its output (stdout and stderr) read line by line, so
/// that a test can act (kill something, send a signal) at a chosen point of the run.
pub struct Running {
    /// The process.
    pub child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    /// Everything read so far.
    pub seen: String,
}

impl Running {
    /// Starts `harness ARGS` in `dir` with the given extra environment.
    pub fn start(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Running {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_harness"));
        cmd.args(args)
            .current_dir(dir)
            .env_remove("CI")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the harness binary runs");
        let (tx, lines) = std::sync::mpsc::channel();
        fn pump(from: impl std::io::Read + Send + 'static, tx: std::sync::mpsc::Sender<String>) {
            std::thread::spawn(move || {
                use std::io::BufRead;
                for line in std::io::BufReader::new(from).lines().map_while(Result::ok) {
                    if tx.send(line + "\n").is_err() {
                        break;
                    }
                }
            });
        }
        pump(child.stdout.take().unwrap(), tx.clone());
        pump(child.stderr.take().unwrap(), tx);
        Running {
            child,
            lines,
            seen: String::new(),
        }
    }

    /// Reads output until `count` lines containing `text` have gone by; false if the run
    /// ended first.
    pub fn wait_for(&mut self, text: &str, count: usize) -> bool {
        let mut found = 0;
        // Both pipes close when the process ends, and then the channel does.
        while let Ok(line) = self.lines.recv() {
            self.seen.push_str(&line);
            if line.contains(text) {
                found += 1;
                if found == count {
                    return true;
                }
            }
        }
        false
    }

    /// Sends a signal to the harness process.
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) on a child this test started.
        unsafe { libc::kill(self.child.id() as i32, signal) };
    }

    /// Waits for the end and returns everything it printed (in `stderr`, stdout's lines
    /// among them in the order they were read).
    pub fn finish(mut self) -> Output {
        let status = self.child.wait().unwrap();
        while let Ok(line) = self.lines.recv() {
            self.seen.push_str(&line);
        }
        Output {
            code: status.code().unwrap_or(-1),
            stdout: String::new(),
            stderr: self.seen,
        }
    }
}

/// A loopback server that the pages of a test call (`new Image().src = BEACON + "name"`), so
/// that the test acts at the point of a run it chose — when a page is really loading — and
/// not after a delay guessed for a quiet machine. With [`Beacon::gated`], every call is held
/// unanswered until [`Beacon::open`], so a page that makes one cannot finish loading before
/// the test lets it.
pub struct Beacon {
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    calls: std::sync::Mutex<std::sync::mpsc::Receiver<String>>,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
    _server: TestServer,
}

impl Beacon {
    /// A beacon that answers every call at once.
    pub fn start() -> Beacon {
        Beacon::new(true)
    }

    /// A beacon that holds every call until [`Beacon::open`] (at most a minute).
    pub fn gated() -> Beacon {
        Beacon::new(false)
    }

    fn new(open: bool) -> Beacon {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::{mpsc, Arc, Mutex};
        let (tx, rx) = mpsc::channel::<String>();
        let tx = Mutex::new(tx);
        let open = Arc::new(AtomicBool::new(open));
        let gate = open.clone();
        let server = TestServer::start(move |_, path, _| {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(path.to_owned());
            }
            let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while !gate.load(Ordering::SeqCst) && std::time::Instant::now() < until {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Some((String::new(), String::new()))
        });
        Beacon {
            url: server.url.clone(),
            calls: Mutex::new(rx),
            open,
            _server: server,
        }
    }

    /// Waits until a page calls `path` (for example `/loading`); false when none did within
    /// a minute, which on any machine means the run never got there.
    pub fn wait_for(&self, path: &str) -> bool {
        let calls = self.calls.lock().unwrap();
        let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let left = until.saturating_duration_since(std::time::Instant::now());
            match calls.recv_timeout(left) {
                Ok(p) if p == path => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    }

    /// Lets held calls, and every later one, be answered.
    pub fn open(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// A loopback port that refuses every connection for as long as the value lives: a socket
/// bound to it that never listens. A port merely released after binding could meanwhile be
/// taken by another test's server or driver.
pub struct RefusedPort {
    /// The port.
    pub port: u16,
    _socket: std::os::fd::OwnedFd,
}

impl RefusedPort {
    /// Binds a free loopback port without listening on it.
    pub fn new() -> RefusedPort {
        use std::os::fd::FromRawFd;
        // SAFETY: plain socket(2), bind(2) and getsockname(2) calls on a socket this function
        // owns; every result is checked before use.
        unsafe {
            let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
            assert!(fd >= 0, "socket(2) failed");
            let socket = std::os::fd::OwnedFd::from_raw_fd(fd);
            let mut addr: libc::sockaddr_in = std::mem::zeroed();
            addr.sin_family = libc::AF_INET as libc::sa_family_t;
            addr.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
            let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
            let bound = libc::bind(fd, std::ptr::addr_of!(addr).cast(), len);
            assert_eq!(bound, 0, "bind(2) failed");
            let mut len = len;
            let named = libc::getsockname(fd, std::ptr::addr_of_mut!(addr).cast(), &mut len);
            assert_eq!(named, 0, "getsockname(2) failed");
            RefusedPort {
                port: u16::from_be(addr.sin_port),
                _socket: socket,
            }
        }
    }
}

/// The status line of one scenario (`PASS`, `FAIL`, `FLAKY`, `NEW` or `ACCEPTED`, matched by
/// the whole name) and the lines under it, up to the next status line or the summary.
pub fn status_block(stderr: &str, name: &str) -> String {
    let status = |l: &str| {
        let w = l.trim_start();
        ["PASS ", "FAIL ", "ACCEPTED ", "NEW ", "FLAKY ", "Summary "]
            .iter()
            .any(|s| w.starts_with(s))
    };
    let named = |l: &str| l.ends_with(&format!("] {name}")) || l.contains(&format!("] {name} ("));
    let mut lines = stderr.lines().skip_while(|l| !(status(l) && named(l)));
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no status line for {name}:\n{stderr}"));
    std::iter::once(first)
        .chain(lines.take_while(|l| !status(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A snapshot without its layout sections (they come last), for tests about text.
pub fn without_layout(snapshot: &str) -> String {
    match snapshot.find("\n── layout (") {
        Some(i) => format!("{}\n", snapshot[..i].trim_end_matches('\n')),
        None => snapshot.to_owned(),
    }
}

/// A snapshot without one browser family's layout sections (`firefox`): what a run in
/// another browser writes into a fresh snapshot folder.
pub fn without_layouts_of(snapshot: &str, family: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in snapshot.split_inclusive('\n') {
        if line.starts_with("── ") {
            skipping = line.starts_with(&format!("── layout ({family}"));
        }
        if !skipping {
            out.push_str(line);
        }
    }
    let trimmed = out.trim_end_matches('\n');
    format!("{trimmed}\n")
}

/// A snapshot split at its header's end: the header with its provenance lines (`info:`,
/// which name the browser, viewport and final URL that wrote it) taken out, the provenance
/// lines, and the body. The harness never compares provenance; a test that compares snapshot
/// files must not either, or a browser update on the machine would fail it.
pub fn split_provenance(snapshot: &str) -> (String, Vec<String>, String) {
    let rest = snapshot
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("no header:\n{snapshot}"));
    let end = rest
        .find("\n---\n")
        .unwrap_or_else(|| panic!("no end of header:\n{snapshot}"));
    let (mut header, mut info) = (String::new(), Vec::new());
    let mut in_info = false;
    for line in rest[..end].lines() {
        if line == "info:" {
            in_info = true;
        } else if in_info && line.starts_with("  ") {
            info.push(line.trim().to_owned());
        } else {
            in_info = false;
            header.push_str(line);
            header.push('\n');
        }
    }
    (header, info, rest[end + 5..].to_owned())
}

/// The snapshot with every `browser:` provenance line naming `browser` instead: what a
/// snapshot looks like when another version of the browser wrote it.
pub fn with_provenance_browser(snapshot: &str, browser: &str) -> String {
    snapshot
        .lines()
        .map(|line| match line.strip_prefix("  browser: ") {
            Some(_) => format!("  browser: \"{browser}\"\n"),
            None => format!("{line}\n"),
        })
        .collect()
}

/// The version of the installed Chromium, as `chromium --version` prints it
/// (`156.0.8078.114`).
pub fn installed_chromium_version() -> String {
    let out = Command::new("chromium")
        .arg("--version")
        .output()
        .expect("chromium --version");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.split_whitespace()
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no version in `{text}`"))
        .to_owned()
}

/// Runs `harness ARGS` in `dir` on a pseudo-terminal (stdin, stdout and stderr), as a person
/// at a terminal would: for each `(wait, keys)` step, waits until the output shows `wait`
/// (after what earlier steps waited for), then types `keys`. Returns the exit code and
/// everything the terminal showed.
pub fn run_in_terminal(dir: &Path, args: &[&str], steps: &[(&str, &str)]) -> (i32, String) {
    use std::io::{Read, Write};
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::sync::{Arc, Mutex};
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty(3) fills two descriptors this function then owns.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty failed");
    // SAFETY: both descriptors are fresh and owned here alone.
    let (master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            OwnedFd::from_raw_fd(slave),
        )
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_harness"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("CI")
        .env("TERM", "xterm")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    let mut child = cmd.spawn().expect("the harness binary runs");
    // The terminal's other end closes in this process, so reads end when the child does.
    drop(cmd);
    let shown = Arc::new(Mutex::new(String::new()));
    let mut reader = master.try_clone().unwrap();
    let sink = shown.clone();
    let pump = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let mut writer = master;
    let mut from = 0;
    for (wait, keys) in steps {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let text = shown.lock().unwrap().clone();
            if let Some(at) = text[from..].find(wait) {
                from += at + wait.len();
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the terminal never showed `{wait}`:\n{text}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }
    let status = child.wait().unwrap();
    drop(writer);
    let _ = pump.join();
    let text = shown.lock().unwrap().clone();
    (status.code().unwrap_or(-1), text)
}

/// `n` scenarios whose pages come from a server of their own, which sets an HttpOnly cookie
/// on every page (no page script can remove it) and says in the page's `h1` whether the
/// browser sent one back: "first visit" or "returning visitor".
pub fn pages_that_leave_httponly_cookies(n: usize) -> (TestServer, Suite) {
    let server = TestServer::start(|_, _, head| {
        let sent = head
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("cookie:") && l.contains("visit="));
        Some((
            "Set-Cookie: visit=1; Path=/; HttpOnly\r\n".to_owned(),
            format!(
                "<h1>{}</h1>",
                if sent {
                    "returning visitor"
                } else {
                    "first visit"
                }
            ),
        ))
    });
    let suite = Suite::new();
    for i in 0..n {
        suite.write(
            &format!("scenarios/p{i}.toml"),
            format!(
                "page = \"{}p{i}\"\n[regions]\nheadline = \"h1\"\n",
                server.url
            ),
        );
    }
    (server, suite)
}

/// Every one of the `n` pages of [`pages_that_leave_httponly_cookies`] was accepted as a
/// first visit.
pub fn assert_every_page_was_a_first_visit(suite: &Suite, n: usize) {
    for i in 0..n {
        let snap = without_layout(&suite.read(&format!("snapshots/p{i}.snap")));
        assert!(
            snap.ends_with("── headline ──\nfirst visit\n"),
            "p{i}: {snap}"
        );
    }
}
