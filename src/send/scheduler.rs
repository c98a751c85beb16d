//! The scheduler and load generator: sends a plan of requests to `--to`, each when
//! it is due, in order within its call and concurrently across calls, retrying on
//! the chosen schedule, and hands every try to the [`Report`] as it ends.
//!
//! Pacing is one of: as fast as `--concurrency` allows (each request due when its
//! turn comes); a fixed `--rate` (request *i* due at *i*/rate after the start,
//! whatever happened to the ones before: an open loop); or the plan's own times
//! (`--preserve-timing`, divided by `--speed`). A call's next request waits for the
//! one before it, retries included, and its latency counts that wait, since it is
//! measured from when the request was due.
//!
//! The network runs on a tokio runtime; the report is driven from the calling
//! thread, which receives each try over a channel.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::Utc;
use hyper::Uri;
use tokio::sync::{Semaphore, watch};

use super::delivery::Schedule;
use super::planting::Planned;
use super::report::{Attempt, Report, Summary, Tally};
use crate::http_client::{HttpClient, Outgoing, rebase};
use crate::listen::lanes::Lanes;

/// When requests are due.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pacing {
    /// Each when its turn comes.
    AsFastAsPossible,
    /// Request *i* at *i*/rate seconds.
    Rate(f64),
    /// At the plan's own times, divided by `speed`.
    Timing { speed: f64 },
}

/// How often the calling thread looks for tries that ended.
const POLL: Duration = Duration::from_millis(2);

/// How to send.
#[derive(Debug, Clone)]
pub struct Sending {
    pub to: Uri,
    pub pacing: Pacing,
    pub concurrency: usize,
    pub timeout: Duration,
    pub schedule: Schedule,
}

/// One request ready for the wire.
struct Ready {
    n: usize,
    // Shared with every try's report, so that a try copies no string.
    call: Option<Arc<str>>,
    event: Arc<str>,
    method: Arc<str>,
    url: Uri,
    url_text: Arc<str>,
    headers: Vec<(String, Vec<u8>)>,
    body: Bytes,
    /// When it is due, after the start; and the instant, once the start is set.
    due: Option<Duration>,
    due_at: Option<Instant>,
    duplicate_of: Option<usize>,
}

enum Message {
    Attempt(Box<Attempt>, Instant),
    Done,
}

struct Shared {
    client: HttpClient,
    permits: Semaphore,
    lanes: Lanes<Ready>,
    schedule: Schedule,
    results: std_mpsc::Sender<Message>,
    stopping: watch::Receiver<bool>,
    /// Lanes still working, and whether the dispatcher has pushed everything.
    busy: AtomicUsize,
}

/// Sends the plan; returns the summary once every delivery ended or the run was
/// stopped (Ctrl-C, SIGTERM).
pub fn run(plan: Vec<Planned>, sending: &Sending, report: &mut dyn Report) -> io::Result<Summary> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let deliveries = plan.len();
    let first_at = plan.iter().filter_map(|p| p.request.at).min();
    let ready: Vec<Ready> = plan
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            // How long after the start it is due.
            let due = match sending.pacing {
                Pacing::AsFastAsPossible => None,
                Pacing::Rate(rate) => Some(Duration::from_secs_f64(i as f64 / rate)),
                Pacing::Timing { speed } => {
                    let offset = match (p.request.at, first_at) {
                        (Some(at), Some(first)) => (at - first).to_std().unwrap_or_default(),
                        _ => Duration::ZERO,
                    };
                    Some(Duration::from_secs_f64(offset.as_secs_f64() / speed))
                }
            };
            let length = p.request.body.len().to_string();
            let headers = p
                .request
                .wire_headers(&length)
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.to_vec()))
                .collect();
            let url = rebase(&sending.to, p.request.path_and_query());
            Ready {
                n: i + 1,
                url_text: Arc::from(url.to_string()),
                url,
                call: p.request.label.call.as_deref().map(Arc::from),
                event: Arc::from(p.request.label.event.as_str()),
                method: Arc::from(p.request.method.as_str()),
                headers,
                body: Bytes::from(p.request.body),
                due,
                due_at: None,
                duplicate_of: p.duplicate_of,
            }
        })
        .collect();
    let (results, received) = std_mpsc::channel();
    let (stop, stopping) = watch::channel(false);
    let shared = {
        let _guard = runtime.enter();
        Arc::new(Shared {
            client: HttpClient::new(sending.timeout, sending.concurrency.max(1)),
            permits: Semaphore::new(sending.concurrency.max(1)),
            lanes: Lanes::default(),
            schedule: sending.schedule,
            results,
            stopping,
            busy: AtomicUsize::new(1),
        })
    };
    runtime.spawn(async move {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = async { match terminate.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending().await } } => {}
        }
        let _ = stop.send(true);
    });
    // Paced requests start a moment from now, so that the first is not late already.
    let began = Instant::now();
    let start = began + Duration::from_millis(20);
    let dispatcher = {
        let (shared, handle) = (Arc::clone(&shared), runtime.handle().clone());
        std::thread::Builder::new()
            .name("send-dispatch".into())
            .spawn(move || dispatch(&shared, ready, start, &handle))?
    };
    let mut tally = Tally::new(deliveries, began);
    let mut outcome = Ok(());
    // The tries are collected by polling, a few milliseconds apart, rather than by
    // waiting on the channel: a thread asleep on it is woken (a futex call) for
    // every try, which at tens of thousands a second costs more than the tries.
    let mut idle_since = Instant::now();
    loop {
        match received.try_recv() {
            Ok(Message::Attempt(attempt, ended)) => {
                tally.add(&attempt, ended);
                if outcome.is_ok() {
                    outcome = report.attempt(&attempt);
                }
                idle_since = Instant::now();
            }
            Ok(Message::Done) | Err(std_mpsc::TryRecvError::Disconnected) => break,
            Err(std_mpsc::TryRecvError::Empty) => {
                if outcome.is_ok() && idle_since.elapsed() >= Duration::from_millis(50) {
                    outcome = report.flush();
                    idle_since = Instant::now();
                }
                std::thread::sleep(POLL);
            }
        }
    }
    let _ = dispatcher.join();
    drop(shared);
    runtime.shutdown_timeout(Duration::from_secs(1));
    outcome?;
    Ok(tally.summary(Instant::now()))
}

/// Hands each request to its call's lane when it is due. It runs on a thread of
/// its own: the OS sleeps to within tens of microseconds, where tokio's timer
/// wakes on millisecond ticks, up to two late, which would count as latency.
fn dispatch(shared: &Arc<Shared>, ready: Vec<Ready>, start: Instant, runtime: &tokio::runtime::Handle) {
    for mut item in ready {
        if let Some(offset) = item.due {
            let due = start + offset;
            item.due_at = Some(due);
            loop {
                if *shared.stopping.borrow() {
                    finish(shared);
                    return;
                }
                let now = Instant::now();
                if now >= due {
                    break;
                }
                // Woken now and then to see a stop.
                std::thread::sleep((due - now).min(Duration::from_millis(100)));
            }
        }
        if *shared.stopping.borrow() {
            break;
        }
        let key = item
            .call
            .as_deref()
            .map_or_else(|| format!("#{}", item.n), str::to_owned);
        if let Some(first) = shared.lanes.push(&key, item) {
            shared.busy.fetch_add(1, Ordering::SeqCst);
            runtime.spawn(lane(Arc::clone(shared), key, first));
        }
    }
    finish(shared);
}

/// One call's requests, one after another.
async fn lane(shared: Arc<Shared>, key: String, mut item: Ready) {
    loop {
        deliver(&shared, item).await;
        if *shared.stopping.borrow() {
            break;
        }
        match shared.lanes.next(&key) {
            Some(next) => item = next,
            None => break,
        }
    }
    finish(&shared);
}

fn finish(shared: &Shared) {
    if shared.busy.fetch_sub(1, Ordering::SeqCst) == 1 {
        let _ = shared.results.send(Message::Done);
    }
}

/// Every try of one delivery.
async fn deliver(shared: &Shared, item: Ready) {
    let mut attempt = 1;
    let mut due = item.due_at;
    let attempts = shared.schedule.policy.max_attempts();
    loop {
        let Ok(permit) = shared.permits.acquire().await else {
            return;
        };
        let started = Instant::now();
        let due_at = due.unwrap_or(started).min(started);
        let due_wall = Utc::now() - chrono::Duration::from_std(started - due_at).unwrap_or_default();
        let outgoing = Outgoing {
            method: &item.method,
            url: item.url.clone(),
            headers: item.headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect(),
            body: item.body.clone(),
        };
        let answer = shared.client.exchange(outgoing).await;
        let ended = Instant::now();
        drop(permit);
        let (status, error, body) = match answer {
            Ok(a) => (Some(a.status), None, a.body),
            Err(e) => (None, Some(e.to_string()), Bytes::new()),
        };
        let ok = status.is_some_and(|s| (200..300).contains(&s));
        let retry_in = if ok || *shared.stopping.borrow() {
            None
        } else {
            shared.schedule.wait_after(attempt)
        };
        let report = Attempt {
            n: item.n,
            attempt,
            attempts,
            due: due_wall,
            call: item.call.clone(),
            event: item.event.clone(),
            method: item.method.clone(),
            url: Arc::clone(&item.url_text),
            status,
            error,
            latency: ended - due_at,
            service: ended - started,
            retry_in,
            duplicate_of: item.duplicate_of,
            response_start: body[..body.len().min(256)].to_vec(),
        };
        let _ = shared.results.send(Message::Attempt(Box::new(report), ended));
        let Some(wait) = retry_in else {
            return;
        };
        let next = ended + wait;
        let mut stopping = shared.stopping.clone();
        tokio::select! {
            () = tokio::time::sleep_until(next.into()) => {}
            _ = stopping.wait_for(|s| *s) => return,
        }
        due = Some(next);
        attempt += 1;
    }
}
