//! `callhook listen`: a live receiver. It sits above decode and timeline (it decodes
//! each request and re-judges its call with their logic) and below commands (which
//! turn arguments into [`Options`] and hand it a [`Report`] from `render`).
//!
//! The path of one request:
//!
//! 1. `server` (hyper on tokio) reads it, within the limits, and hands its record to
//! 2. `capture_log`, the one writer of the log, which appends it with one write (and,
//!    under `--durability fsync`, one `fdatasync` for the whole batch) before the
//!    server answers; a request that could not be stored gets 503;
//! 3. `live` decodes the stored line, checks it against `--config`, re-judges its
//!    call (`calls`), and hands it to the [`Report`] and, with `--forward-to`, to
//! 4. `forwarder`, which sends it to the app in order within its call (`lanes`),
//!    retries with back-off, and logs every attempt.
//!
//! At start, `lock` keeps a second listener off the log and `recovery` sets a torn
//! last line aside and rebuilds the pending queue from the log. `summary` counts.

pub mod calls;
pub mod capture_log;
pub mod forwarder;
pub mod lanes;
pub mod live;
pub mod lock;
pub mod recovery;
pub mod server;
pub mod summary;

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::decode::DecodedRecord;
use crate::input::listen_log::Outcome;
use crate::timeline::anomaly::AnomalyId;
use crate::validate::Webhooks;

pub use summary::Summary;

/// When a request counts as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Durability {
    /// Once `write(2)` returned: the kernel has it, so it survives the process being
    /// killed (SIGKILL included), not a power loss.
    Write,
    /// Once `fdatasync(2)` returned: it survives a power loss too. One sync covers
    /// every request that arrived while the previous one ran (group commit).
    Fsync,
}

/// What the sender is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// 200 as soon as the request is stored; the app gets it afterwards.
    Ack,
    /// The app's own answer, waited for up to `--ack-timeout`.
    Proxy,
}

/// Where and how to forward.
#[derive(Debug, Clone)]
pub struct Forwarding {
    /// `http://host:port/base`: the request's path and query go after the base path.
    pub url: hyper::Uri,
    pub timeout: Duration,
    pub concurrency: usize,
    pub retry_delay: Duration,
    pub retry_max_delay: Duration,
    pub give_up_after: Duration,
}

/// The checked configuration of one `listen` run.
#[derive(Debug, Clone)]
pub struct Options {
    pub bind: SocketAddr,
    pub log: PathBuf,
    pub durability: Durability,
    pub max_body: usize,
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub mode: Mode,
    pub ack_timeout: Duration,
    pub forward: Option<Forwarding>,
    pub webhooks: Option<Webhooks>,
    pub enforce_auth: bool,
    pub grace: Duration,
    pub tz: chrono::FixedOffset,
}

/// One stored request, decoded, as the live line shows it.
#[derive(Debug)]
pub struct LiveRequest {
    pub n: u64,
    pub received: DateTime<Utc>,
    pub peer: String,
    pub method: String,
    pub target: String,
    /// The status `listen` answered with, where it was not the usual one (401).
    pub answer: Option<u16>,
    pub decoded: Option<DecodedRecord>,
    /// Why the stored line could not be decoded (it always can; a bug otherwise).
    pub undecodable: Option<String>,
    pub call: Option<String>,
    pub caller: Option<String>,
    /// The anomalies of its call that became known with this request.
    pub anomalies: Vec<LiveAnomaly>,
    /// The app's answer, when it came within the moment the line waits for it.
    pub forward: Option<ForwardEvent>,
    /// Forwarding is on, and the app had not answered when the line was shown.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveAnomaly {
    pub id: AnomalyId,
    pub message: String,
}

/// One forward attempt, as it ended.
#[derive(Debug, Clone)]
pub struct ForwardEvent {
    pub n: u64,
    pub attempt: u32,
    pub url: String,
    pub outcome: Outcome,
    pub status: Option<u16>,
    pub latency: Duration,
    pub error: Option<String>,
    pub retry_in: Option<Duration>,
    /// The start of the app's answer.
    pub response_start: Vec<u8>,
}

/// A request that was answered without being stored.
#[derive(Debug, Clone)]
pub struct Refused {
    pub status: u16,
    pub peer: SocketAddr,
    pub method: String,
    pub target: String,
    pub reason: String,
}

/// What `listen` says as it starts.
#[derive(Debug, Clone)]
pub struct Started {
    pub address: SocketAddr,
    pub log: PathBuf,
    pub durability: Durability,
    pub mode: Mode,
    pub forward: Option<String>,
    /// Requests already in the log.
    pub earlier_requests: u64,
    /// Requests from earlier runs still waiting for the app.
    pub pending: u64,
}

/// Where everything `listen` says goes: `render` implements it. Data (the live
/// lines) and status are told apart, so that `--format ndjson` can keep stdout
/// for data. Called from one thread only, the caller's.
pub trait Report {
    fn started(&mut self, started: &Started) -> io::Result<()>;
    /// A note on stderr: recovery, bad lines in the log, pending requests.
    fn note(&mut self, message: &str) -> io::Result<()>;
    fn request(&mut self, request: &LiveRequest) -> io::Result<()>;
    /// A forward attempt that ended after its request's line was shown.
    fn forward(&mut self, event: &ForwardEvent) -> io::Result<()>;
    fn refused(&mut self, refused: &Refused) -> io::Result<()>;
    fn summary(&mut self, summary: &Summary) -> io::Result<()>;
    /// Nothing more is waiting to be shown for now.
    fn flush(&mut self) -> io::Result<()>;
}

/// Why `listen` could not run: said once, at the edge, with what to do.
#[derive(Debug)]
pub struct ListenError(pub String);

impl std::fmt::Display for ListenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ListenError {}

pub use server::run;
