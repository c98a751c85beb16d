//! What `send` reports: one [`Attempt`] per request sent, the [`Summary`] at the
//! end (counts by status, latency percentiles from an HDR histogram, a per-second
//! series), and the [`Report`] interface `render` implements for each format.
//!
//! Latency is counted from when the request was due, not from when it was written:
//! when the target, or the sender, falls behind a `--rate`, the wait shows in the
//! latency instead of vanishing from it (coordinated omission). The time the
//! exchange itself took is kept beside it.

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hdrhistogram::Histogram;

use super::planting::Planted;

/// One request sent, and how it ended.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The delivery's place in the plan, from 1.
    pub n: usize,
    /// 1 for the first try.
    pub attempt: u32,
    /// The most tries the retry policy makes.
    pub attempts: u32,
    /// When it was due.
    pub due: DateTime<Utc>,
    pub call: Option<Arc<str>>,
    pub event: Arc<str>,
    pub method: Arc<str>,
    pub url: Arc<str>,
    pub status: Option<u16>,
    pub error: Option<String>,
    /// From when it was due to the end of the answer.
    pub latency: Duration,
    /// From when it was written to the end of the answer.
    pub service: Duration,
    /// When the next try comes, after this one failed.
    pub retry_in: Option<Duration>,
    /// A planted repeat of delivery `n`.
    pub duplicate_of: Option<usize>,
    /// The start of the answer's body.
    pub response_start: Vec<u8>,
}

impl Attempt {
    pub fn ok(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// Whether no try of this delivery follows.
    pub fn is_final(&self) -> bool {
        self.retry_in.is_none()
    }
}

/// What a run is about to do, said before the first request.
#[derive(Debug, Clone)]
pub struct Plan {
    pub deliveries: usize,
    pub calls: usize,
    pub url: String,
    pub retries: String,
    /// `--rate 500/s`, `as fast as --concurrency 8 allows`, `original timing at 10x`.
    pub pacing: String,
    pub planted: Vec<Planted>,
    pub notes: Vec<String>,
}

/// One second of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct Second {
    /// Seconds since the run started.
    pub second: u64,
    pub sent: u64,
    pub ok: u64,
    pub failed: u64,
    pub p50: Duration,
    pub p99: Duration,
}

/// The closing counts.
#[derive(Debug, Clone)]
pub struct Summary {
    pub deliveries: usize,
    /// Deliveries whose last try got a 2xx.
    pub delivered: usize,
    pub failed: usize,
    pub attempts: u64,
    /// Tries by how they ended: `200`, `500`, `error`.
    pub by_status: BTreeMap<String, u64>,
    pub elapsed: Duration,
    /// Percentiles of latency from due time, over every try: 50, 90, 99, 99.9, max.
    pub latency: Vec<(&'static str, Duration)>,
    /// The same, of the exchange alone.
    pub service: Vec<(&'static str, Duration)>,
    pub per_second: Vec<Second>,
    /// Deliveries not made because the run was stopped.
    pub not_sent: usize,
}

/// Gathers the summary as tries end.
pub struct Tally {
    started: std::time::Instant,
    deliveries: usize,
    delivered: usize,
    failed: usize,
    attempts: u64,
    /// By status, `None` for no answer: keyed without allocating, per try.
    by_status: BTreeMap<Option<u16>, u64>,
    latency: Histogram<u64>,
    service: Histogram<u64>,
    seconds: Vec<(u64, u64, u64, Histogram<u64>)>,
}

fn histogram() -> Histogram<u64> {
    // Microseconds, up to an hour, three significant digits.
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("constant bounds hdrhistogram accepts")
}

const PERCENTILES: [(&str, f64); 4] = [("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p99.9", 99.9)];

impl Tally {
    pub fn new(deliveries: usize, started: std::time::Instant) -> Self {
        Self {
            started,
            deliveries,
            delivered: 0,
            failed: 0,
            attempts: 0,
            by_status: BTreeMap::new(),
            latency: histogram(),
            service: histogram(),
            seconds: Vec::new(),
        }
    }

    pub fn add(&mut self, a: &Attempt, ended: std::time::Instant) {
        self.attempts += 1;
        *self.by_status.entry(a.status).or_default() += 1;
        let micros = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX).clamp(1, 3_600_000_000);
        let _ = self.latency.record(micros(a.latency));
        let _ = self.service.record(micros(a.service));
        if a.is_final() {
            if a.ok() {
                self.delivered += 1;
            } else {
                self.failed += 1;
            }
        }
        let second = ended.saturating_duration_since(self.started).as_secs();
        let index = usize::try_from(second).unwrap_or(usize::MAX).min(24 * 3600);
        while self.seconds.len() <= index {
            let s = self.seconds.len() as u64;
            self.seconds.push((s, 0, 0, histogram()));
        }
        let slot = &mut self.seconds[index];
        slot.1 += 1;
        if a.ok() {
            slot.2 += 1;
        }
        let _ = slot.3.record(micros(a.latency));
    }

    pub fn summary(&self, ended: std::time::Instant) -> Summary {
        let at =
            |h: &Histogram<u64>, q: f64| Duration::from_micros(if h.is_empty() { 0 } else { h.value_at_percentile(q) });
        let percentiles = |h: &Histogram<u64>| {
            let mut out: Vec<(&'static str, Duration)> = PERCENTILES.iter().map(|(n, q)| (*n, at(h, *q))).collect();
            out.push(("max", Duration::from_micros(if h.is_empty() { 0 } else { h.max() })));
            out
        };
        Summary {
            deliveries: self.deliveries,
            delivered: self.delivered,
            failed: self.failed,
            attempts: self.attempts,
            by_status: self
                .by_status
                .iter()
                .map(|(status, n)| (status.map_or_else(|| "error".to_owned(), |s| s.to_string()), *n))
                .collect(),
            elapsed: ended.saturating_duration_since(self.started),
            latency: percentiles(&self.latency),
            service: percentiles(&self.service),
            per_second: self
                .seconds
                .iter()
                .map(|(second, sent, ok, h)| Second {
                    second: *second,
                    sent: *sent,
                    ok: *ok,
                    failed: sent - ok,
                    p50: at(h, 50.0),
                    p99: at(h, 99.0),
                })
                .collect(),
            not_sent: self.deliveries.saturating_sub(self.delivered + self.failed),
        }
    }
}

impl Summary {
    /// Requests per second over the run.
    pub fn rate(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 { self.attempts as f64 / secs } else { 0.0 }
    }
}

/// Where `send` says what it does: `render` implements it, one type per format.
/// Called from one thread only.
pub trait Report {
    fn plan(&mut self, plan: &Plan) -> io::Result<()>;
    fn attempt(&mut self, attempt: &Attempt) -> io::Result<()>;
    fn summary(&mut self, summary: &Summary) -> io::Result<()>;
    /// Nothing more is waiting to be shown for now: what is written should show.
    fn flush(&mut self) -> io::Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn attempt(status: Option<u16>, latency_ms: u64, retry: bool) -> Attempt {
        Attempt {
            n: 1,
            attempt: 1,
            attempts: 1,
            due: Utc::now(),
            call: None,
            event: Arc::from("state 1"),
            method: Arc::from("POST"),
            url: Arc::from("http://127.0.0.1/"),
            status,
            error: None,
            latency: Duration::from_millis(latency_ms),
            service: Duration::from_millis(latency_ms / 2),
            retry_in: retry.then(|| Duration::from_secs(1)),
            duplicate_of: None,
            response_start: Vec::new(),
        }
    }

    #[test]
    fn counts_percentiles_and_seconds() {
        let start = Instant::now();
        let mut tally = Tally::new(3, start);
        for ms in 1..=100 {
            tally.add(&attempt(Some(200), ms, false), start + Duration::from_millis(ms * 15));
        }
        tally.add(&attempt(Some(500), 1, true), start);
        tally.add(&attempt(None, 1, false), start);
        let s = tally.summary(start + Duration::from_secs(2));
        assert_eq!((s.attempts, s.delivered, s.failed), (102, 100, 1));
        assert_eq!(s.by_status["200"], 100);
        assert_eq!(s.by_status["500"], 1);
        assert_eq!(s.by_status["error"], 1);
        let p = |name: &str| s.latency.iter().find(|(n, _)| *n == name).unwrap().1.as_millis();
        assert!((49..=51).contains(&p("p50")), "{}", p("p50"));
        assert!((98..=100).contains(&p("p99")));
        assert_eq!(p("max"), 100);
        assert_eq!(s.per_second.len(), 2);
        assert_eq!(s.per_second.iter().map(|x| x.sent).sum::<u64>(), 102);
        assert!((s.rate() - 51.0).abs() < 0.01);
    }
}
