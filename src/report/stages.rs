//! Where a scenario's time went: [`Stages`], measured by the runner around each step and
//! shown by `--verbose` (per scenario and summed over the run) and in the JSON report.
//!
//! The stages follow one page from the harness to the browser and back: the navigation
//! round-trip, the wait inside the page for what its text depends on, the extraction script's
//! own work, the rest of the extraction round-trip (WebDriver, the answer's transfer and
//! decoding), the widget checks, turning the page's text into the snapshot body, comparing it
//! with the accepted snapshot (and writing a pending one), and telling the user.

use std::time::Duration;

/// Time spent in each stage of one scenario (or, summed, of a run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stages {
    /// Navigation round-trips (and window resizes): from the command to the parsed page.
    pub navigation: Duration,
    /// Waiting inside the page for its readiness conditions (stylesheets, fonts, widgets…).
    pub wait: Duration,
    /// The extraction script reading regions, widgets and layout inside the page.
    pub script: Duration,
    /// The rest of the extraction round-trip: WebDriver's own work, sending the answer back
    /// and decoding it.
    pub transfer: Duration,
    /// Widget checks, and the player's behaviour and link requests where a scenario has them.
    pub checks: Duration,
    /// Building the snapshot body from the page's text (normalisation, sections).
    pub normalisation: Duration,
    /// Reading the accepted snapshot, diffing, and writing a pending or accepted file.
    pub comparison: Duration,
    /// Printing the scenario's result.
    pub reporting: Duration,
}

impl Stages {
    /// Each stage with its name, in the order a page goes through them.
    pub fn named(&self) -> [(&'static str, Duration); 8] {
        [
            ("navigation", self.navigation),
            ("wait", self.wait),
            ("script", self.script),
            ("transfer", self.transfer),
            ("checks", self.checks),
            ("normalisation", self.normalisation),
            ("comparison", self.comparison),
            ("reporting", self.reporting),
        ]
    }

    /// The sum of every stage.
    pub fn total(&self) -> Duration {
        self.named().iter().map(|(_, d)| *d).sum()
    }

    /// Adds another scenario's (or attempt's) stages to these.
    pub fn add(&mut self, other: &Stages) {
        self.navigation += other.navigation;
        self.wait += other.wait;
        self.script += other.script;
        self.transfer += other.transfer;
        self.checks += other.checks;
        self.normalisation += other.normalisation;
        self.comparison += other.comparison;
        self.reporting += other.reporting;
    }

    /// Splits one extraction round-trip into the page's wait, its script and the rest, from
    /// the milliseconds the page measured itself. The page's clock and ours differ a little:
    /// the rest is never negative.
    pub fn split_extraction(&mut self, round_trip: Duration, waited_ms: u64, read_ms: f64) {
        let wait = Duration::from_millis(waited_ms).min(round_trip);
        let script = Duration::from_secs_f64(read_ms.max(0.0) / 1000.0).min(round_trip - wait);
        self.wait += wait;
        self.script += script;
        self.transfer += round_trip - wait - script;
    }

    /// `navigation 61.2 ms, wait 0.0 ms, …`, leaving out stages that took no time at all.
    pub fn line(&self) -> String {
        self.named()
            .iter()
            .filter(|(_, d)| !d.is_zero())
            .map(|(name, d)| format!("{name} {}", millis(*d)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `12.3 ms`.
pub fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn an_extraction_round_trip_is_split_into_wait_script_and_transfer() {
        // (round-trip, page's wait, page's read) → (wait, script, transfer)
        let table = [
            (ms(20), 5, 2.0, (ms(5), ms(2), ms(13))),
            (ms(20), 0, 0.0, (ms(0), ms(0), ms(20))),
            // The page's clock ran ahead of ours: nothing is left for the transfer.
            (ms(10), 12, 1.0, (ms(10), ms(0), ms(0))),
            (ms(10), 8, 5.0, (ms(8), ms(2), ms(0))),
            (ms(10), 0, -1.0, (ms(0), ms(0), ms(10))),
        ];
        for (trip, waited, read, (wait, script, transfer)) in table {
            let mut s = Stages::default();
            s.split_extraction(trip, waited, read);
            assert_eq!(
                (s.wait, s.script, s.transfer),
                (wait, script, transfer),
                "{trip:?} {waited} {read}"
            );
            assert_eq!(s.total(), trip);
        }
    }

    #[test]
    fn stages_add_up_and_print_in_page_order() {
        let mut a = Stages {
            navigation: ms(60),
            transfer: ms(10),
            ..Stages::default()
        };
        a.add(&Stages {
            navigation: ms(40),
            comparison: ms(1),
            ..Stages::default()
        });
        assert_eq!(a.total(), ms(111));
        assert_eq!(
            a.line(),
            "navigation 100.0 ms, transfer 10.0 ms, comparison 1.0 ms"
        );
        assert_eq!(Stages::default().line(), "");
    }
}
