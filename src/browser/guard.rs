//! The driver guard: a tiny process that outlives the harness only to end the driver's
//! process group when the harness dies without cleaning up (SIGKILL, a crash). The harness
//! holds the guard's stdin; when the harness is gone, for whatever reason, the pipe closes,
//! and the guard ends the group: the driver and every browser process it started.
//!
//! The guard is the `harness` binary itself, run as `harness guard PGID` (a hidden command);
//! `main` names the program once at startup with [`set_guard_program`].

use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

static GUARD_PROGRAM: OnceLock<PathBuf> = OnceLock::new();

/// Names the program that runs `guard PGID` (the harness binary); without it, drivers run
/// unguarded (the library's own tests and benchmarks clean up in-process).
pub fn set_guard_program(program: PathBuf) {
    let _ = GUARD_PROGRAM.set(program);
}

/// Starts a guard for a process group; it is ended when the returned child's stdin closes.
pub(crate) fn spawn_guard(pgid: i32) -> Option<Child> {
    use std::os::unix::process::CommandExt;
    let program = GUARD_PROGRAM.get()?;
    Command::new(program)
        .arg("guard")
        .arg(pgid.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: a terminal's Ctrl-C must not end the guard before the
        // harness has cleaned up.
        .process_group(0)
        .spawn()
        .ok()
}

/// The guard's work: wait until stdin closes, then end the process group.
pub fn run_guard(pgid: i32) -> i32 {
    let mut sink = [0u8; 64];
    let mut stdin = std::io::stdin().lock();
    // Nothing is ever written; read returns 0 (or fails) once the harness is gone.
    while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
    if pgid > 1 {
        // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
    0
}
