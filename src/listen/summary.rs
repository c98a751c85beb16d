//! What a run did, counted as it goes and told when it stops: requests received,
//! stored, refused; forwards delivered, failed, given up; what is still pending;
//! and the app's latency percentiles (hdrhistogram).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hdrhistogram::Histogram;

/// Counters shared by the server, the live view and the forwarder.
#[derive(Debug)]
pub struct Counters {
    pub received: AtomicU64,
    pub stored: AtomicU64,
    /// Answered 503: the log could not take them.
    pub not_stored: AtomicU64,
    /// Answered 413 (too large) or 400 (unreadable body).
    pub refused: AtomicU64,
    /// Answered 401 under `--enforce-auth`.
    pub unauthorized: AtomicU64,
    pub delivered: AtomicU64,
    /// Requests the app answered with a status that retrying does not change.
    pub rejected: AtomicU64,
    pub failed_attempts: AtomicU64,
    pub gave_up: AtomicU64,
    /// Requests waiting for the app: queued, being sent, or between retries.
    pub pending: AtomicU64,
    /// Live lines that could not be shown because the output failed.
    pub live_lost: AtomicU64,
    /// Requests not shown live because the live view had fallen behind.
    pub live_skipped: AtomicU64,
    /// Stored requests the live view has yet to take.
    pub live_backlog: AtomicU64,
    /// The app's latency in microseconds, for every answer it gave.
    latency: Mutex<Histogram<u64>>,
}

impl Default for Counters {
    fn default() -> Self {
        Self {
            received: AtomicU64::new(0),
            stored: AtomicU64::new(0),
            not_stored: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            unauthorized: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            failed_attempts: AtomicU64::new(0),
            gave_up: AtomicU64::new(0),
            pending: AtomicU64::new(0),
            live_lost: AtomicU64::new(0),
            live_skipped: AtomicU64::new(0),
            live_backlog: AtomicU64::new(0),
            // 1 µs to an hour, three significant figures: fixed-size, about 30 KiB.
            latency: Mutex::new(Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("the bounds are valid")),
        }
    }
}

impl Counters {
    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn latency(&self, latency: Duration) {
        if let Ok(mut h) = self.latency.lock() {
            let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX).max(1);
            h.saturating_record(micros);
        }
    }

    pub fn snapshot(&self) -> Summary {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let (answers, percentiles) = match self.latency.lock() {
            Ok(h) if !h.is_empty() => (
                h.len(),
                Some(Percentiles {
                    p50: Duration::from_micros(h.value_at_quantile(0.5)),
                    p90: Duration::from_micros(h.value_at_quantile(0.9)),
                    p99: Duration::from_micros(h.value_at_quantile(0.99)),
                    max: Duration::from_micros(h.max()),
                }),
            ),
            _ => (0, None),
        };
        Summary {
            received: get(&self.received),
            stored: get(&self.stored),
            not_stored: get(&self.not_stored),
            refused: get(&self.refused),
            unauthorized: get(&self.unauthorized),
            delivered: get(&self.delivered),
            rejected: get(&self.rejected),
            failed_attempts: get(&self.failed_attempts),
            gave_up: get(&self.gave_up),
            pending: get(&self.pending),
            live_lost: get(&self.live_lost),
            live_skipped: get(&self.live_skipped),
            answers,
            latency: percentiles,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percentiles {
    pub p50: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub max: Duration,
}

/// The closing figures of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub received: u64,
    pub stored: u64,
    pub not_stored: u64,
    pub refused: u64,
    pub unauthorized: u64,
    pub delivered: u64,
    pub rejected: u64,
    pub failed_attempts: u64,
    pub gave_up: u64,
    pub pending: u64,
    pub live_lost: u64,
    pub live_skipped: u64,
    /// How many answers of the app the latency is of.
    pub answers: u64,
    pub latency: Option<Percentiles>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_the_answers() {
        let c = Counters::default();
        assert_eq!(c.snapshot().latency, None);
        for ms in 1..=100 {
            c.latency(Duration::from_millis(ms));
        }
        Counters::add(&c.received);
        let s = c.snapshot();
        assert_eq!(s.received, 1);
        assert_eq!(s.answers, 100);
        let p = s.latency.unwrap();
        assert!((49_000..=51_000).contains(&(p.p50.as_micros() as u64)), "{p:?}");
        assert!((98_000..=100_500).contains(&(p.p99.as_micros() as u64)), "{p:?}");
    }
}
