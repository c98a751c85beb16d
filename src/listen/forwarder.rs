//! Forwarding stored requests to the app: the same method, path and query (after
//! the `--forward-to` base path), the headers less hop-by-hop ones, and the body
//! byte for byte, read back from the log. `Host` is the app's, the sender's goes in
//! `X-Forwarded-Host`; `X-Callhook-Id` (the request's `n`) and `X-Callhook-Attempt`
//! let the app tell a retry from a new request.
//!
//! Each attempt is appended to the log. A connection error, a timeout, 5xx, 408
//! or 429 is tried again after a back-off that doubles up to a cap, until the
//! request has waited `--give-up-after`; any other status is final. In proxy mode
//! there is one attempt, and its answer goes back to the sender.

use std::fs::File;
use std::os::unix::fs::FileExt as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use hyper::Uri;
use hyper::header::{HeaderName, HeaderValue};
use tokio::sync::{Notify, Semaphore, oneshot, watch};

use super::capture_log::LogWriter;
use super::lanes::Lanes;
use super::live::LiveInput;
use super::summary::Counters;
use super::{ForwardEvent, Forwarding, Mode};
use crate::http_client::{ExchangeError, HttpClient, Outgoing, hop_by_hop, humantime, rebase};
use crate::input::listen_log::{AttemptRecord, LogLine, LoggedHeader, LoggedRequest, Outcome, parse_line};

/// The app's answer for the sender, in proxy mode.
#[derive(Debug)]
pub enum ProxyAnswer {
    Response {
        status: u16,
        headers: Vec<(HeaderName, HeaderValue)>,
        body: Bytes,
    },
    /// The app could not be reached: why.
    Unreachable(String),
}

/// What a stored request carries to the forwarder: in proxy mode, where the
/// sender waits for the app's answer.
pub type Attached = Option<oneshot::Sender<ProxyAnswer>>;

/// A request to forward: where its line is in the log, and its call.
#[derive(Debug)]
pub struct ForwardItem {
    pub n: u64,
    pub offset: u64,
    pub len: u64,
    pub call: Option<String>,
    pub received: DateTime<Utc>,
    pub proxy: Attached,
}

pub struct Forwarder {
    forwarding: Forwarding,
    mode: Mode,
    client: HttpClient,
    lanes: Lanes<ForwardItem>,
    permits: Semaphore,
    log: File,
    writer: LogWriter<Attached>,
    live: std_mpsc::Sender<LiveInput>,
    counters: Arc<Counters>,
    stopping: watch::Receiver<bool>,
    runtime: tokio::runtime::Handle,
    /// Attempts under way, and a wake-up when one ends, for a clean stop.
    active: AtomicUsize,
    idle: Notify,
}

impl Forwarder {
    #[allow(clippy::too_many_arguments, reason = "the one place these meet")]
    pub fn new(
        forwarding: Forwarding,
        mode: Mode,
        log: File,
        writer: LogWriter<Attached>,
        live: std_mpsc::Sender<LiveInput>,
        counters: Arc<Counters>,
        stopping: watch::Receiver<bool>,
        runtime: tokio::runtime::Handle,
    ) -> Self {
        let client = HttpClient::new(forwarding.timeout, usize::MAX);
        Self {
            permits: Semaphore::new(forwarding.concurrency.max(1)),
            forwarding,
            mode,
            client,
            lanes: Lanes::default(),
            log,
            writer,
            live,
            counters,
            stopping,
            runtime,
            active: AtomicUsize::new(0),
            idle: Notify::new(),
        }
    }

    /// Queues a stored request behind the earlier ones of its call.
    pub fn enqueue(self: &Arc<Self>, item: ForwardItem) {
        if self.mode == Mode::Ack {
            Counters::add(&self.counters.pending);
        }
        let start = match item.call.clone() {
            Some(call) => self.lanes.push(&call, item),
            None => Some(item),
        };
        if let Some(first) = start {
            let this = Arc::clone(self);
            self.runtime.spawn(async move { this.work(first).await });
        }
    }

    /// A lane's worker: its requests one after another.
    async fn work(self: Arc<Self>, mut item: ForwardItem) {
        loop {
            let call = item.call.clone();
            if !self.deliver(item).await {
                return;
            }
            match call.as_deref().and_then(|c| self.lanes.next(c)) {
                Some(next) => item = next,
                None => return,
            }
        }
    }

    /// Tries one request until it is delivered or given up; `false` when `listen`
    /// is stopping and the request stays pending.
    async fn deliver(&self, mut item: ForwardItem) -> bool {
        let request = match self.read(&item) {
            Ok(request) => request,
            Err(message) => {
                self.give_up(&mut item, message).await;
                return true;
            }
        };
        let url = self.url_for(&request.target);
        let mut attempt = 0;
        loop {
            if *self.stopping.borrow() {
                return false;
            }
            attempt += 1;
            let Ok(permit) = self.permits.acquire().await else {
                return false;
            };
            self.active.fetch_add(1, Ordering::SeqCst);
            let started = Instant::now();
            let answer = self.send(&request, &url, attempt).await;
            let latency = started.elapsed();
            drop(permit);
            let (status, headers, body, error) = match answer {
                Ok((status, headers, body)) => {
                    self.counters.latency(latency);
                    (Some(status), headers, body, None)
                }
                Err(error) => (None, Vec::new(), Vec::new(), Some(error)),
            };
            let retryable = status.is_none_or(|s| s >= 500 || s == 408 || s == 429);
            let waited = (Utc::now() - item.received).to_std().unwrap_or_default();
            let outcome = match (self.mode, status) {
                (Mode::Proxy, _) => Outcome::Proxied,
                (Mode::Ack, Some(s)) if (200..300).contains(&s) => Outcome::Delivered,
                (Mode::Ack, _) if !retryable => Outcome::Rejected,
                (Mode::Ack, _) if waited >= self.forwarding.give_up_after => Outcome::GaveUp,
                (Mode::Ack, _) => Outcome::Retry,
            };
            let retry_in = (outcome == Outcome::Retry).then(|| self.backoff(attempt));
            if let Some(proxy) = item.proxy.take() {
                let _ = proxy.send(match status {
                    Some(status) => ProxyAnswer::Response {
                        status,
                        headers: headers.clone(),
                        body: Bytes::from(body.clone()),
                    },
                    None => ProxyAnswer::Unreachable(error.clone().unwrap_or_default()),
                });
            }
            let logged: Vec<LoggedHeader> = headers
                .iter()
                .map(|(n, v)| LoggedHeader::new(n.as_str(), v.as_bytes()))
                .collect();
            let record = AttemptRecord {
                status,
                latency_ms: latency.as_secs_f64() * 1000.0,
                error: error.clone(),
                retry_in_ms: retry_in.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                response_headers: logged,
                ..AttemptRecord::new(item.n, attempt, url.to_string(), outcome)
            };
            self.finish_attempt(&item, record, &body, latency).await;
            self.active.fetch_sub(1, Ordering::SeqCst);
            self.idle.notify_waiters();
            let Some(delay) = retry_in else {
                return true;
            };
            let mut stopping = self.stopping.clone();
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                _ = stopping.wait_for(|stop| *stop) => return false,
            }
        }
    }

    /// Logs an attempt, counts it and tells the live view.
    async fn finish_attempt(&self, item: &ForwardItem, mut record: AttemptRecord, body: &[u8], latency: Duration) {
        record.keep_response(body);
        let outcome = record.outcome;
        match outcome {
            Outcome::Delivered => Counters::add(&self.counters.delivered),
            Outcome::Rejected => Counters::add(&self.counters.rejected),
            Outcome::GaveUp => Counters::add(&self.counters.gave_up),
            Outcome::Retry => Counters::add(&self.counters.failed_attempts),
            Outcome::Proxied => {
                if record.status.is_some_and(|s| (200..300).contains(&s)) {
                    Counters::add(&self.counters.delivered);
                } else {
                    Counters::add(&self.counters.failed_attempts);
                }
            }
        }
        if outcome.is_final() && self.mode == Mode::Ack {
            self.counters.pending.fetch_sub(1, Ordering::Relaxed);
        }
        let event = ForwardEvent {
            n: item.n,
            attempt: record.attempt,
            url: record.url.clone(),
            outcome,
            status: record.status,
            latency,
            error: record.error.clone(),
            retry_in: record.retry_in_ms.map(Duration::from_millis),
            response_start: body[..body.len().min(256)].to_vec(),
        };
        if let Err(e) = self.writer.append_line(record.line()).await {
            let _ = self.live.send(LiveInput::Note(format!(
                "the attempt to forward #{} could not be logged: {e}",
                item.n
            )));
        }
        let _ = self.live.send(LiveInput::Forwarded(event));
    }

    /// A request that cannot be sent at all (its line cannot be read back): one
    /// final attempt that says why.
    async fn give_up(&self, item: &mut ForwardItem, error: String) {
        if let Some(proxy) = item.proxy.take() {
            let _ = proxy.send(ProxyAnswer::Unreachable(error.clone()));
        }
        let record = AttemptRecord {
            error: Some(error),
            ..AttemptRecord::new(item.n, 1, self.forwarding.url.to_string(), Outcome::GaveUp)
        };
        self.finish_attempt(item, record, &[], Duration::ZERO).await;
    }

    /// The request's line, read back from the log.
    fn read(&self, item: &ForwardItem) -> Result<LoggedRequest, String> {
        let mut line = vec![0; usize::try_from(item.len).unwrap_or(0)];
        self.log
            .read_exact_at(&mut line, item.offset)
            .map_err(|e| format!("request #{} could not be read back from the log: {e}", item.n))?;
        match parse_line(&line) {
            Ok(LogLine::Request(r)) if r.n == item.n => Ok(r),
            Ok(_) => Err(format!("the log has no request #{} where it was stored", item.n)),
            Err(e) => Err(format!("request #{} in the log: {}", item.n, e.message)),
        }
    }

    /// The app's URL for a request target: the target's path and query after the
    /// `--forward-to` base path.
    fn url_for(&self, target: &str) -> Uri {
        rebase(&self.forwarding.url, target)
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(30));
        self.forwarding
            .retry_delay
            .saturating_mul(factor)
            .min(self.forwarding.retry_max_delay)
    }

    /// One try: the status, headers and body of the app's answer, or why there is
    /// none.
    async fn send(
        &self,
        r: &LoggedRequest,
        url: &Uri,
        attempt: u32,
    ) -> Result<(u16, Vec<(HeaderName, HeaderValue)>, Vec<u8>), String> {
        let mut dropped = hop_by_hop(r.headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())));
        dropped.extend(["x-callhook-id".to_owned(), "x-callhook-attempt".to_owned()]);
        let (id, attempt, length) = (r.n.to_string(), attempt.to_string(), r.body.len().to_string());
        let mut headers: Vec<(&str, &[u8])> = Vec::with_capacity(r.headers.len() + 3);
        for (name, value) in &r.headers {
            let lower = name.to_ascii_lowercase();
            if dropped.contains(&lower) {
                continue;
            }
            let name = if lower == "host" {
                "x-forwarded-host"
            } else {
                name.as_str()
            };
            headers.push((name, value.as_slice()));
        }
        headers.push(("x-callhook-id", id.as_bytes()));
        headers.push(("x-callhook-attempt", attempt.as_bytes()));
        headers.push(("content-length", length.as_bytes()));
        let outgoing = Outgoing {
            method: &r.method,
            url: url.clone(),
            headers,
            body: Bytes::from(r.body.clone()),
        };
        match self.client.exchange(outgoing).await {
            Ok(answer) => Ok((answer.status, answer.headers, answer.body.to_vec())),
            Err(ExchangeError::Timeout(d)) => Err(format!("the app did not answer within {}", humantime(d))),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Waits until no attempt is under way, or `grace` has passed; true when idle.
    pub async fn drain(&self, grace: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + grace;
        loop {
            let notified = self.idle.notified();
            if self.active.load(Ordering::SeqCst) == 0 {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.active.load(Ordering::SeqCst) == 0;
            }
        }
    }
}
