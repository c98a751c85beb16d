//! The receiver: HTTP/1.1 on hyper and tokio, any method, path and content type,
//! chunked or not, keep-alive and pipelined. Each request is read within its
//! limits (`--max-body`, `--header-timeout`, `--max-connections`), stored by the
//! capture log, and only then answered: 200 (ack mode), the app's answer (proxy
//! mode), 401 (`--enforce-auth`), or 503 with `Retry-After` when it could not be
//! stored, so that the sender's retry is the safety net.
//!
//! [`run`] puts the pieces together, and takes them apart in order on Ctrl-C or
//! SIGTERM: stop accepting, let requests in flight finish and forwards under way
//! end (within `--grace`), store what is queued, then the summary.

use std::convert::Infallible;
use std::fs::File;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use bytes::Bytes;
use chrono::Utc;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::{Semaphore, oneshot, watch};

use super::capture_log::{self, LogWriter, Position};
use super::forwarder::{Attached, Forwarder, ProxyAnswer};
use super::live::{Live, LiveInput};
use super::lock::lock;
use super::recovery::recover;
use super::summary::{Counters, Summary};
use super::{ListenError, Mode, Options, Refused, Report, Started};
use crate::decode::decode_record;
use crate::findings::FindingId;
use crate::http_client::humantime;
use crate::input::listen_log::{LoggedHeader, REQUEST_PREFIX, RequestRecord, log_time};
use crate::input::{InputFormat, RawRecord, Source};
use crate::validate::check_against;

/// How long a request's body may take to arrive once its headers have.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// What every connection's requests share.
struct State {
    options: Options,
    writer: LogWriter<Attached>,
    counters: Arc<Counters>,
    live: std_mpsc::Sender<LiveInput>,
    forward_url: Option<String>,
}

/// Runs `listen` until Ctrl-C or SIGTERM (or its output closes); the figures of
/// the run.
pub fn run(options: Options, report: &mut dyn Report) -> Result<Summary, ListenError> {
    let mut held = lock(&options.log)?;
    let (file, recovered) = recover(&options.log)
        .map_err(|e| ListenError(format!("cannot open the log {}: {e}", options.log.display())))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("listen")
        .build()
        .map_err(|e| ListenError(format!("cannot start the server: {e}")))?;
    let listener = runtime
        .block_on(TcpListener::bind(options.bind))
        .map_err(|e| bind_error(options.bind, &e))?;
    let mut signals =
        Signals::register(&runtime).map_err(|e| ListenError(format!("cannot listen for Ctrl-C and SIGTERM: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| ListenError(format!("cannot tell the address listened on: {e}")))?;
    let _ = held.describe(&format!(
        "callhook listen (pid {}) on {address}, since {}",
        std::process::id(),
        log_time(Utc::now())
    ));

    let counters = Arc::new(Counters::default());
    let (live_tx, live_rx) = std_mpsc::channel::<LiveInput>();
    let (stopping_tx, stopping_rx) = watch::channel(false);
    let (stop_tx, mut stop_rx) = watch::channel(false);
    let to_live = live_tx.clone();
    let backlog = counters.clone();
    let (writer, writer_thread) = capture_log::start(
        file,
        Position {
            len: recovered.len,
            lines: recovered.lines,
            next_n: recovered.next_n,
        },
        options.durability,
        move |stored| {
            backlog.live_backlog.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let _ = to_live.send(LiveInput::Stored(stored));
        },
    )
    .map_err(|e| ListenError(format!("cannot start the log writer: {e}")))?;
    let reopen = || {
        File::open(&options.log).map_err(|e| ListenError(format!("cannot read back {}: {e}", options.log.display())))
    };
    let forwarder = match &options.forward {
        Some(forwarding) => Some(Arc::new(Forwarder::new(
            forwarding.clone(),
            options.mode,
            reopen()?,
            writer.clone(),
            live_tx.clone(),
            counters.clone(),
            stopping_rx.clone(),
            runtime.handle().clone(),
        ))),
        None => None,
    };
    let live = Live::new(
        report,
        reopen()?,
        Arc::from(options.log.display().to_string()),
        options.webhooks.clone(),
        options.tz,
        options.mode,
        forwarder.as_ref().map(Arc::downgrade),
        counters.clone(),
        stopping_rx.clone(),
        stop_tx.clone(),
    );

    let forward_url = options.forward.as_ref().map(|f| f.url.to_string());
    let _ = live_tx.send(LiveInput::Started(Started {
        address,
        log: options.log.clone(),
        durability: options.durability,
        mode: options.mode,
        forward: forward_url.clone(),
        earlier_requests: recovered.requests,
        pending: recovered.pending.len() as u64,
    }));
    if let Some(torn) = &recovered.torn {
        let _ = live_tx.send(LiveInput::Note(format!(
            "recovered: the last line of {} was incomplete ({} bytes at byte {}), left by a listener that was killed while writing; no request it held had been answered. It was set aside in {} and the log goes on from the line before it",
            options.log.display(),
            torn.bytes,
            torn.offset,
            torn.moved_to.display()
        )));
    }
    for (line, message) in &recovered.bad_lines {
        let _ = live_tx.send(LiveInput::Note(format!(
            "{}:{line}: {message}; the line was left as it is, and is not forwarded",
            options.log.display()
        )));
    }
    match options.forward {
        Some(_) => {
            for p in &recovered.pending {
                let _ = live_tx.send(LiveInput::Pending(*p));
            }
        }
        None if !recovered.pending.is_empty() => {
            counters
                .pending
                .fetch_add(recovered.pending.len() as u64, std::sync::atomic::Ordering::Relaxed);
            let _ = live_tx.send(LiveInput::Note(format!(
                "{} requests from an earlier run still wait to be forwarded; start with --forward-to to deliver them",
                recovered.pending.len()
            )));
        }
        None => {}
    }

    let grace = options.grace;
    let end = live_tx.clone();
    let state = Arc::new(State {
        options,
        writer,
        counters: counters.clone(),
        live: live_tx,
        forward_url,
    });
    let serve = move || {
        runtime.block_on(accept(
            &state,
            listener,
            &mut signals,
            grace,
            &mut stop_rx,
            &stopping_tx,
            forwarder.as_deref(),
        ));
        runtime.shutdown_timeout(Duration::from_millis(200));
        drop(forwarder);
        drop(state);
        // Every request stored is with the live view once the writer has ended.
        let _ = writer_thread.join();
        let _ = end.send(LiveInput::End);
    };
    std::thread::scope(|scope| {
        let server = std::thread::Builder::new()
            .name("server".into())
            .spawn_scoped(scope, serve)
            .map_err(|e| ListenError(format!("cannot start the server: {e}")))?;
        live.run(&live_rx);
        server
            .join()
            .map_err(|_| ListenError("the server stopped unexpectedly".into()))
    })?;
    let summary = counters.snapshot();
    let _ = report.summary(&summary);
    let _ = report.flush();
    Ok(summary)
}

/// Accepts connections until a signal (or the live view) says stop, then winds
/// down: requests in flight first, then forwards under way, each within `grace`.
async fn accept(
    state: &Arc<State>,
    listener: TcpListener,
    signals: &mut Signals,
    grace: Duration,
    stop_rx: &mut watch::Receiver<bool>,
    stopping_tx: &watch::Sender<bool>,
    forwarder: Option<&Forwarder>,
) {
    let graceful = GracefulShutdown::new();
    let connections = Arc::new(Semaphore::new(state.options.max_connections.max(1)));
    let signals = signals.recv();
    tokio::pin!(signals);
    loop {
        let permit = tokio::select! {
            p = connections.clone().acquire_owned() => p,
            () = &mut signals => break,
            _ = stop_rx.wait_for(|s| *s) => break,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut signals => break,
            _ = stop_rx.wait_for(|s| *s) => break,
        };
        let Ok((stream, peer)) = accepted else { continue };
        let _ = stream.set_nodelay(true);
        let for_requests = state.clone();
        let service = service_fn(move |req| handle(req, peer, for_requests.clone()));
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(state.options.header_timeout)
            .keep_alive(true)
            .pipeline_flush(true)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(grace, graceful.shutdown()).await;
    let _ = stopping_tx.send(true);
    if let Some(forwarder) = forwarder {
        forwarder.drain(grace).await;
    }
}

fn bind_error(address: SocketAddr, e: &std::io::Error) -> ListenError {
    let help = match e.kind() {
        std::io::ErrorKind::AddrInUse => "; something else listens there: pick another port with --bind",
        std::io::ErrorKind::PermissionDenied => "; ports below 1024 need privileges: pick another with --bind",
        _ => "",
    };
    ListenError(format!("cannot listen on {address}: {e}{help}"))
}

/// Ctrl-C and SIGTERM, registered before the listener says it is ready: a signal
/// sent between the two would otherwise end the process without its summary.
struct Signals {
    interrupt: Signal,
    terminate: Signal,
}

impl Signals {
    fn register(runtime: &tokio::runtime::Runtime) -> std::io::Result<Self> {
        let _inside = runtime.enter();
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    async fn recv(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}

type Answer = Response<Full<Bytes>>;

fn answer(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Answer {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn text(status: StatusCode, message: String) -> Answer {
    answer(status, "text/plain; charset=utf-8", format!("{message}\n"))
}

async fn handle(req: Request<Incoming>, peer: SocketAddr, state: Arc<State>) -> Result<Answer, Infallible> {
    let received = Utc::now();
    Counters::add(&state.counters.received);
    let method = req.method().as_str().to_owned();
    let target = req.uri().to_string();
    let version = format!("{:?}", req.version());
    let headers: Vec<LoggedHeader> = req
        .headers()
        .iter()
        .map(|(name, value)| LoggedHeader::new(name.as_str(), value.as_bytes()))
        .collect();
    let max = state.options.max_body;
    let refuse = |status: StatusCode, reason: String| {
        Counters::add(&state.counters.refused);
        let _ = state.live.send(LiveInput::Refused(Refused {
            status: status.as_u16(),
            peer,
            method: method.clone(),
            target: target.clone(),
            reason: reason.clone(),
        }));
        Ok(text(status, reason))
    };
    let too_large = || format!("the body is larger than the {max} bytes this listener takes (--max-body)");
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, too_large());
    }
    let body = match tokio::time::timeout(BODY_TIMEOUT, Limited::new(req.into_body(), max).collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, too_large());
        }
        Ok(Err(e)) => return refuse(StatusCode::BAD_REQUEST, format!("the body could not be read: {e}")),
        Err(_) => {
            return refuse(
                StatusCode::REQUEST_TIMEOUT,
                format!("the body did not arrive within {}", humantime(BODY_TIMEOUT)),
            );
        }
    };
    let forward = match state.options.mode {
        Mode::Ack => state.forward_url.as_deref(),
        Mode::Proxy => None,
    };
    let mut record = RequestRecord {
        received: log_time(received),
        peer: peer.to_string(),
        method: &method,
        target: &target,
        version: &version,
        headers,
        forward,
        answer: None,
    };
    let mut rest = record.rest_of_line(&body);
    if state.options.enforce_auth && fails_auth(&state, &rest) {
        record.answer = Some(401);
        record.forward = None;
        rest = record.rest_of_line(&body);
    }
    let unauthorized = record.answer.is_some();
    let (proxy_tx, proxy_rx) = match state.options.mode {
        Mode::Proxy if !unauthorized => {
            let (tx, rx) = oneshot::channel();
            (Some(tx), Some(rx))
        }
        _ => (None, None),
    };
    let stored = match state.writer.append_request(rest, proxy_tx).await {
        Ok(stored) => stored,
        Err(e) => {
            Counters::add(&state.counters.not_stored);
            let reason = format!("callhook could not store this request ({e}); it was not kept, try again later");
            let _ = state.live.send(LiveInput::Refused(Refused {
                status: 503,
                peer,
                method: method.clone(),
                target: target.clone(),
                reason: reason.clone(),
            }));
            let mut response = text(StatusCode::SERVICE_UNAVAILABLE, reason);
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("30"));
            return Ok(response);
        }
    };
    Counters::add(&state.counters.stored);
    if unauthorized {
        Counters::add(&state.counters.unauthorized);
        let mut response = text(
            StatusCode::UNAUTHORIZED,
            format!(
                "request #{} does not carry the credentials or headers the configuration asks for; it was logged",
                stored.n
            ),
        );
        response
            .headers_mut()
            .insert("www-authenticate", HeaderValue::from_static("Basic realm=\"callhook\""));
        return Ok(response);
    }
    let Some(proxy_rx) = proxy_rx else {
        return Ok(answer(
            StatusCode::OK,
            "application/json",
            format!("{{\"ok\":true,\"n\":{}}}\n", stored.n),
        ));
    };
    match tokio::time::timeout(state.options.ack_timeout, proxy_rx).await {
        Ok(Ok(ProxyAnswer::Response { status, headers, body })) => {
            let mut response = Response::new(Full::new(body));
            *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
            for (name, value) in headers {
                let lower = name.as_str();
                if !matches!(
                    lower,
                    "connection" | "keep-alive" | "transfer-encoding" | "content-length" | "upgrade"
                ) {
                    response.headers_mut().append(name, value);
                }
            }
            Ok(response)
        }
        Ok(Ok(ProxyAnswer::Unreachable(why))) => Ok(text(
            StatusCode::BAD_GATEWAY,
            format!(
                "request #{} was stored, but the app could not be reached: {why}",
                stored.n
            ),
        )),
        Ok(Err(_)) => Ok(text(
            StatusCode::BAD_GATEWAY,
            format!(
                "request #{} was stored, but listen stopped before the app answered",
                stored.n
            ),
        )),
        Err(_) => Ok(text(
            StatusCode::GATEWAY_TIMEOUT,
            format!(
                "request #{} was stored, but the app did not answer within {} (--ack-timeout)",
                stored.n,
                humantime(state.options.ack_timeout)
            ),
        )),
    }
}

/// Whether the request lacks the headers or Basic credentials its configured
/// webhook asks for: the checks of `decode --config`, on the line to be stored.
fn fails_auth(state: &State, rest: &[u8]) -> bool {
    let Some(webhooks) = &state.options.webhooks else {
        return false;
    };
    let mut text = REQUEST_PREFIX.to_vec();
    text.push(b'0');
    text.extend_from_slice(rest);
    let raw = RawRecord {
        source: Source {
            file: Arc::from("request"),
            line: 1,
        },
        format: InputFormat::ListenLog,
        text,
    };
    let Some(Ok(mut decoded)) = decode_record(&raw, state.options.tz).pop() else {
        return false;
    };
    check_against(&mut decoded, webhooks, state.options.tz);
    decoded.findings.iter().any(|f| {
        matches!(
            f.id,
            FindingId::ConfigHeaderMissing
                | FindingId::ConfigHeaderMismatch
                | FindingId::ConfigCredentialsMissing
                | FindingId::ConfigCredentialsMismatch
        )
    })
}
