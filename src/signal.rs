//! Ctrl-C and SIGTERM. The main type here is [`Shutdown`]: it listens from the start of a
//! run, so a signal is never lost between two steps, and every wait of the run is raced
//! against it.

/// Ctrl-C and SIGTERM, listened to from the start of a run: a signal that arrives while no
/// one is waiting is kept until the next wait, so it is never lost between two steps.
pub struct Shutdown {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

impl Shutdown {
    /// Starts listening.
    ///
    /// # Errors
    ///
    /// The I/O error when the signal handlers cannot be installed.
    pub fn listen() -> std::io::Result<Shutdown> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Shutdown {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Resolves when the process is asked to stop.
    pub async fn requested(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}
