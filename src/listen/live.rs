//! The live view: one thread that owns the [`Report`], so that lines never
//! interleave. It decodes each stored line with the decoder every command uses
//! (the line as stored, so what is shown is what was kept), checks it against
//! `--config`, joins it to its call (`calls`), and hands it to the forwarder.
//!
//! A request's line waits up to [`WAIT_FOR_APP`] for the app's answer, so that the
//! status and latency usually stand on the request's own line; after that it is
//! shown as pending, and the answer follows on a line of its own (as Hookdeck does).

use std::collections::VecDeque;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt as _;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::calls::LiveCalls;
use super::capture_log::StoredLine;
use super::forwarder::{Attached, ForwardItem, Forwarder};
use super::recovery::PendingRef;
use super::summary::Counters;
use super::{ForwardEvent, LiveRequest, Mode, Refused, Report, Started};
use crate::decode::decode_record;
use crate::input::listen_log::{RequestHead, request_head};
use crate::input::{InputFormat, RawRecord, Source};
use crate::timeline::event::Sighting;
use crate::validate::Webhooks;
use crate::validate::check_against;

/// How long a request's line waits for the app's answer before it is shown.
pub const WAIT_FOR_APP: Duration = Duration::from_millis(100);

/// How many stored requests may wait for the live view before it stops showing
/// them (they are counted, and in the log): under a load it cannot keep up with,
/// the live view must not hold memory without bound, nor slow the server down.
/// Requests to forward are decoded whatever the backlog: their call orders them.
pub const LIVE_BACKLOG: u64 = 8192;

/// What the live view is told, in the order it happened.
pub enum LiveInput {
    Started(Started),
    Stored(StoredLine<Attached>),
    /// A request from an earlier run that still waits for the app.
    Pending(PendingRef),
    Forwarded(ForwardEvent),
    Refused(Refused),
    Note(String),
    /// The server has stopped and the log is closed: nothing more will come.
    End,
}

pub struct Live<'r> {
    pub report: &'r mut dyn Report,
    pub log: File,
    pub log_name: Arc<str>,
    pub webhooks: Option<Webhooks>,
    pub tz: chrono::FixedOffset,
    pub mode: Mode,
    /// Weak, so that the forwarder (and the log writer it holds) ends with the server.
    pub forwarder: Option<Weak<Forwarder>>,
    pub counters: Arc<Counters>,
    /// Set when `listen` stops: nothing more is handed to the forwarder.
    pub stopping: watch::Receiver<bool>,
    /// Asks `listen` to stop: its output was closed (`| head`).
    pub stop: watch::Sender<bool>,
    pub calls: LiveCalls,
    held: VecDeque<(Instant, LiveRequest)>,
    output_closed: bool,
}

impl<'r> Live<'r> {
    #[allow(clippy::too_many_arguments, reason = "the one place these meet")]
    pub fn new(
        report: &'r mut dyn Report,
        log: File,
        log_name: Arc<str>,
        webhooks: Option<Webhooks>,
        tz: chrono::FixedOffset,
        mode: Mode,
        forwarder: Option<Weak<Forwarder>>,
        counters: Arc<Counters>,
        stopping: watch::Receiver<bool>,
        stop: watch::Sender<bool>,
    ) -> Self {
        Self {
            report,
            log,
            log_name,
            webhooks,
            tz,
            mode,
            forwarder,
            counters,
            stopping,
            stop,
            calls: LiveCalls::default(),
            held: VecDeque::new(),
            output_closed: false,
        }
    }

    /// Runs until told the server has ended.
    pub fn run(mut self, rx: &Receiver<LiveInput>) {
        loop {
            let input = match rx.try_recv() {
                Ok(input) => Some(input),
                Err(TryRecvError::Disconnected) => break,
                Err(TryRecvError::Empty) => {
                    let result = self.report.flush();
                    self.check(result);
                    let wait = self.held.front().map_or(Duration::from_secs(1), |(due, _)| {
                        due.saturating_duration_since(Instant::now())
                    });
                    match rx.recv_timeout(wait) {
                        Ok(input) => Some(input),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
            };
            match input {
                Some(LiveInput::End) => break,
                Some(input) => self.take(input),
                None => {}
            }
            while self.held.front().is_some_and(|(due, _)| *due <= Instant::now()) {
                if let Some((_, request)) = self.held.pop_front() {
                    self.show(&request);
                }
            }
        }
        while let Some((_, request)) = self.held.pop_front() {
            self.show(&request);
        }
        let result = self.report.flush();
        self.check(result);
    }

    fn take(&mut self, input: LiveInput) {
        let result = match input {
            LiveInput::Started(started) => self.report.started(&started),
            LiveInput::Stored(stored) => {
                self.stored(stored);
                Ok(())
            }
            LiveInput::Pending(pending) => {
                self.pending(pending);
                Ok(())
            }
            LiveInput::Forwarded(event) => match self.held.iter().position(|(_, r)| r.n == event.n) {
                Some(at) => {
                    if let Some((_, mut request)) = self.held.remove(at) {
                        request.pending = false;
                        request.forward = Some(event);
                        self.show(&request);
                    }
                    Ok(())
                }
                None => self.report.forward(&event),
            },
            LiveInput::Refused(refused) => self.report.refused(&refused),
            LiveInput::Note(note) => self.report.note(&note),
            LiveInput::End => Ok(()),
        };
        self.check(result);
    }

    fn show(&mut self, request: &LiveRequest) {
        let result = self.report.request(request);
        self.check(result);
    }

    /// A closed output ends `listen`, quietly, as a closed pipe ends every command;
    /// other output errors lose the line, counted, and `listen` goes on storing.
    fn check(&mut self, result: io::Result<()>) {
        match result {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                if !self.output_closed {
                    self.output_closed = true;
                    let _ = self.stop.send(true);
                }
            }
            Err(_) => Counters::add(&self.counters.live_lost),
        }
    }

    fn stored(&mut self, stored: StoredLine<Attached>) {
        let backlog = self.counters.live_backlog.fetch_sub(1, Ordering::Relaxed);
        if backlog > LIVE_BACKLOG && self.forwarder.is_none() {
            Counters::add(&self.counters.live_skipped);
            return;
        }
        let StoredLine { at, line, attached } = stored;
        let (mut request, logged) = self.decode(&line, at.line);
        let forwarding = self.forwarder.is_some()
            && logged
                .as_ref()
                .is_some_and(|r| r.answer.is_none() && (self.mode == Mode::Proxy || r.forward.is_some()));
        if forwarding {
            self.forward(ForwardItem {
                n: at.n,
                offset: at.offset,
                len: at.len,
                call: request.call.clone(),
                received: request.received,
                proxy: attached,
            });
            request.pending = true;
            self.held.push_back((Instant::now() + WAIT_FOR_APP, request));
        } else {
            self.show(&request);
        }
    }

    /// A request of an earlier run, queued again without a live line.
    fn pending(&mut self, p: PendingRef) {
        let mut line = vec![0; usize::try_from(p.len).unwrap_or(0)];
        let read = self.log.read_exact_at(&mut line, p.offset);
        let (request, _) = match read {
            Ok(()) => self.decode(&line, 0),
            Err(e) => {
                let note = format!("pending request #{} could not be read back from the log: {e}", p.n);
                let result = self.report.note(&note);
                self.check(result);
                return;
            }
        };
        self.forward(ForwardItem {
            n: p.n,
            offset: p.offset,
            len: p.len,
            call: request.call,
            received: request.received,
            proxy: None,
        });
    }

    fn forward(&mut self, item: ForwardItem) {
        match self.forwarder.as_ref().and_then(Weak::upgrade) {
            Some(forwarder) if !*self.stopping.borrow() => forwarder.enqueue(item),
            // Stopping: it stays pending in the log, for the next run.
            _ => {
                if self.mode == Mode::Ack {
                    self.counters.pending.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }

    /// A stored line decoded, checked and joined to its call.
    fn decode(&mut self, line: &[u8], line_number: u64) -> (LiveRequest, Option<RequestHead>) {
        // The head alone: the body is checked once, by the decoder.
        let logged = request_head(line);
        let raw = RawRecord {
            source: Source {
                file: self.log_name.clone(),
                line: usize::try_from(line_number).unwrap_or(usize::MAX),
            },
            format: InputFormat::ListenLog,
            text: line.to_vec(),
        };
        let mut request = LiveRequest {
            n: logged.as_ref().map_or(0, |r| r.n),
            received: logged
                .as_ref()
                .and_then(|r| chrono::DateTime::parse_from_rfc3339(&r.received).ok())
                .map_or_else(chrono::Utc::now, |t| t.to_utc()),
            peer: logged.as_ref().map(|r| r.peer.clone()).unwrap_or_default(),
            method: logged.as_ref().map(|r| r.method.clone()).unwrap_or_default(),
            target: logged.as_ref().map(|r| r.target.clone()).unwrap_or_default(),
            answer: logged.as_ref().and_then(|r| r.answer),
            decoded: None,
            undecodable: None,
            call: None,
            caller: None,
            anomalies: Vec::new(),
            forward: None,
            pending: false,
        };
        match decode_record(&raw, self.tz).pop() {
            Some(Ok(mut decoded)) => {
                if let Some(webhooks) = &self.webhooks {
                    check_against(&mut decoded, webhooks, self.tz);
                }
                let sighting = Sighting::from_record(&decoded);
                request.call = sighting.uid().map(str::to_owned);
                request.caller = sighting.caller().map(str::to_owned);
                if line_number > 0 {
                    request.anomalies = self.calls.see(sighting, request.n);
                }
                request.decoded = Some(decoded);
            }
            Some(Err(e)) => request.undecodable = Some(e.message),
            None => request.undecodable = Some("the stored line is not a request".into()),
        }
        (request, logged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::listen_log::{LoggedHeader, REQUEST_PREFIX, RequestRecord};
    use crate::listen::Summary;
    use crate::listen::capture_log::Stored;

    #[derive(Default)]
    struct Shown(Vec<u64>);

    impl Report for Shown {
        fn started(&mut self, _: &Started) -> io::Result<()> {
            Ok(())
        }
        fn note(&mut self, _: &str) -> io::Result<()> {
            Ok(())
        }
        fn request(&mut self, r: &LiveRequest) -> io::Result<()> {
            self.0.push(r.n);
            Ok(())
        }
        fn forward(&mut self, _: &ForwardEvent) -> io::Result<()> {
            Ok(())
        }
        fn refused(&mut self, _: &Refused) -> io::Result<()> {
            Ok(())
        }
        fn summary(&mut self, _: &Summary) -> io::Result<()> {
            Ok(())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn stored(n: u64) -> LiveInput {
        let record = RequestRecord {
            received: "2026-05-01T10:00:03.412345Z".into(),
            peer: "127.0.0.1:5000".into(),
            method: "POST",
            target: "/",
            version: "HTTP/1.1",
            headers: vec![LoggedHeader::new("content-type", b"application/x-www-form-urlencoded")],
            forward: None,
            answer: None,
        };
        let mut line = REQUEST_PREFIX.to_vec();
        line.extend_from_slice(n.to_string().as_bytes());
        line.extend(record.rest_of_line(b"myoperator=%7B%22uid%22%3A%22n2.1.1%22%2C%22call_state%22%3A1%7D"));
        LiveInput::Stored(StoredLine {
            at: Stored {
                n,
                offset: 0,
                len: line.len() as u64,
                line: n,
            },
            line,
            attached: None,
        })
    }

    /// Behind by more than the backlog allows, the live view counts requests
    /// instead of showing them, until it has caught up.
    #[test]
    fn a_live_view_far_behind_skips_and_counts() {
        let counters = Arc::new(Counters::default());
        let (stop, stopping) = watch::channel(false);
        let mut shown = Shown::default();
        let log = File::open(env!("CARGO_MANIFEST_DIR")).unwrap();
        let live = Live::new(
            &mut shown,
            log,
            Arc::from("log"),
            None,
            chrono::FixedOffset::east_opt(0).unwrap(),
            Mode::Ack,
            None,
            counters.clone(),
            stopping,
            stop,
        );
        counters.live_backlog.store(LIVE_BACKLOG + 2, Ordering::Relaxed);
        let (tx, rx) = std::sync::mpsc::channel();
        for n in 1..=3 {
            tx.send(stored(n)).unwrap();
        }
        tx.send(LiveInput::End).unwrap();
        live.run(&rx);
        assert_eq!(shown.0, [3]);
        assert_eq!(counters.snapshot().live_skipped, 2);
    }
}
