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

use std::error::Error as _;
use std::fs::File;
use std::os::unix::fs::FileExt as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::sync::{Notify, Semaphore, oneshot, watch};

use super::capture_log::LogWriter;
use super::lanes::Lanes;
use super::live::LiveInput;
use super::summary::Counters;
use super::{ForwardEvent, Forwarding, Mode};
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

/// The most of an app's answer read.
const MAX_RESPONSE: usize = 16 << 20;

pub struct Forwarder {
    forwarding: Forwarding,
    mode: Mode,
    client: Client<HttpConnector, Full<Bytes>>,
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
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(forwarding.timeout));
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
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
        let method = Method::from_bytes(r.method.as_bytes()).map_err(|e| format!("method {:?}: {e}", r.method))?;
        let mut builder = Request::builder().method(method).uri(url.clone());
        let dropped = hop_by_hop(r);
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
            builder = builder.header(name, value.as_slice());
        }
        let request = builder
            .header("x-callhook-id", r.n)
            .header("x-callhook-attempt", attempt)
            .header("content-length", r.body.len())
            .body(Full::new(Bytes::from(r.body.clone())))
            .map_err(|e| format!("the request cannot be rebuilt: {e}"))?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| chain(&e))?;
            let status = response.status().as_u16();
            let headers: Vec<(HeaderName, HeaderValue)> =
                response.headers().iter().map(|(n, v)| (n.clone(), v.clone())).collect();
            let body = Limited::new(response.into_body(), MAX_RESPONSE)
                .collect()
                .await
                .map_err(|e| format!("reading the app's answer failed: {e}"))?
                .to_bytes();
            Ok((status, headers, body.to_vec()))
        };
        match tokio::time::timeout(self.forwarding.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(format!(
                "the app did not answer within {}",
                humantime(self.forwarding.timeout)
            )),
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

/// `http://host/base` and `/hook?x=1` make `http://host/base/hook?x=1`; an
/// absolute target gives its path and query.
pub fn rebase(base: &Uri, target: &str) -> Uri {
    let path_and_query = match target.parse::<Uri>() {
        Ok(uri) if uri.scheme().is_some() => uri.path_and_query().map_or("/".to_owned(), |p| p.as_str().to_owned()),
        _ => target.to_owned(),
    };
    let base_path = base.path().trim_end_matches('/');
    let joined = format!("{base_path}{path_and_query}");
    let mut parts = base.clone().into_parts();
    parts.path_and_query = joined.parse().ok().or_else(|| "/".parse().ok());
    Uri::from_parts(parts).unwrap_or_else(|_| base.clone())
}

/// Hop-by-hop headers, those `Connection` names, and the ones rebuilt for the app.
fn hop_by_hop(r: &LoggedRequest) -> Vec<String> {
    let mut names: Vec<String> = [
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "x-callhook-id",
        "x-callhook-attempt",
    ]
    .map(str::to_owned)
    .to_vec();
    for (name, value) in &r.headers {
        if name.eq_ignore_ascii_case("connection") {
            names.extend(
                String::from_utf8_lossy(value)
                    .split(',')
                    .map(|t| t.trim().to_ascii_lowercase())
                    .filter(|t| !t.is_empty()),
            );
        }
    }
    names
}

/// An error and its causes, as one line: hyper's own message says little.
fn chain(e: &hyper_util::client::legacy::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `250 ms`, `4 s`, `1.5 s`.
pub fn humantime(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_go_after_the_base_path() {
        let base: Uri = "http://127.0.0.1:3000/app/".parse().unwrap();
        assert_eq!(
            rebase(&base, "/hook?a=%2B91&b=+1").to_string(),
            "http://127.0.0.1:3000/app/hook?a=%2B91&b=+1"
        );
        let root: Uri = "http://127.0.0.1:3000".parse().unwrap();
        assert_eq!(rebase(&root, "/h").to_string(), "http://127.0.0.1:3000/h");
        assert_eq!(
            rebase(&root, "http://other/x?y=1").to_string(),
            "http://127.0.0.1:3000/x?y=1"
        );
    }

    #[test]
    fn hop_by_hop_headers_and_those_connection_names_are_dropped() {
        let r = LoggedRequest {
            n: 1,
            received: Utc::now(),
            peer: String::new(),
            method: "POST".into(),
            target: "/".into(),
            headers: vec![("Connection".into(), b"keep-alive, X-Private".to_vec())],
            forward: None,
            answer: None,
            body: Vec::new(),
        };
        let dropped = hop_by_hop(&r);
        assert!(dropped.contains(&"x-private".to_owned()));
        assert!(dropped.contains(&"transfer-encoding".to_owned()));
        assert!(!dropped.contains(&"content-type".to_owned()));
    }
}
