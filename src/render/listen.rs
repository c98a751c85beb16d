//! `listen`'s output: one line per request as it arrives, its call's anomalies
//! under it, the app's answers, and status (start, notes, the closing summary).
//!
//! Text puts the live lines on stdout; `--format ndjson` puts one decoded record a
//! line on stdout (`decode --format ndjson`'s schema, with a `listen` member) and
//! everything else on stderr as text, so that `listen --format ndjson | jq` never
//! meets anything but records. Captured text is escaped and secrets redacted here as
//! in every other output.

use std::io::{self, Write};
use std::time::Duration;

use chrono::{DateTime, Utc};
use colored::Colorize;
use serde::Serialize;

use super::decode::json::RecordView;
use super::json_writer::{RecordNumber, WriteJson};
use crate::decode::DecodedRecord;
use crate::http_client::humantime;
use crate::input::listen_log::Outcome;
use crate::listen::{Durability, ForwardEvent, LiveRequest, Mode, Refused, Report, Started, Summary};
use crate::settings::Settings;
use crate::terminal::{escape_control, escape_control_in_json};

/// How much of the app's answer `--show-response` shows.
const RESPONSE_SHOWN_CHARS: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListenFormat {
    /// One line per request, for a terminal.
    Text,
    /// One decoded record per line on stdout; status on stderr.
    Ndjson,
}

pub struct ListenPrinter<'w> {
    format: ListenFormat,
    settings: Settings,
    show_response: bool,
    out: &'w mut dyn Write,
    err: &'w mut dyn Write,
}

impl<'w> ListenPrinter<'w> {
    pub fn new(
        format: ListenFormat,
        settings: Settings,
        show_response: bool,
        out: &'w mut dyn Write,
        err: &'w mut dyn Write,
    ) -> Self {
        Self {
            format,
            settings,
            show_response,
            out,
            err,
        }
    }

    /// `10:00:03.412`, at the chosen offset.
    fn clock(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.settings.tz).format("%H:%M:%S%.3f").to_string()
    }

    fn data(&mut self) -> &mut dyn Write {
        match self.format {
            ListenFormat::Text => self.out,
            ListenFormat::Ndjson => self.err,
        }
    }
}

fn clean(text: &str) -> String {
    escape_control(text).into_owned()
}

/// `state 1 (incoming call on server)`, `status 1 (answered)`, `call.initiated`:
/// what the decoder says the request is.
fn event_of(decoded: &DecodedRecord) -> Option<String> {
    if let Some(event) = decoded.v2_event_type() {
        return Some(event.to_owned());
    }
    let labelled = |name: &str, value: &str, label: Option<&str>| match label {
        Some(label) => format!("{name} {value} ({label})"),
        None => format!("{name} {value}"),
    };
    // The call log's fields first, then a GET webhook's query parameters.
    let from_payload = |id: &str| {
        let row = decoded
            .payload
            .as_ref()?
            .fields
            .iter()
            .find(|r| r.field.is_some_and(|f| f.id == id))?;
        let value = match &row.value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Some((value, row.display.as_deref().map(str::to_owned)))
    };
    let from_query = |id: &str| {
        let request = decoded.request.as_ref()?;
        let p = request
            .query
            .iter()
            .chain(&request.form)
            .find(|p| p.field.is_some_and(|f| f.id == id))?;
        Some((p.value.clone(), p.display.as_deref().map(str::to_owned)))
    };
    for (id, name) in [("call_state", "state"), ("status", "status")] {
        if let Some((value, label)) = from_payload(id).or_else(|| from_query(id)) {
            return Some(labelled(name, &value, label.as_deref()));
        }
    }
    None
}

/// The path of a target, without its query: query values can be secret, and the
/// decoded record shows them redacted.
fn path_of(target: &str) -> &str {
    target.split(['?', '#']).next().unwrap_or(target)
}

/// ` → 200 23 ms "ok"`, ` → ERR connection refused (retry 2 in 4 s)`.
fn answer_text(event: &ForwardEvent, show_response: bool) -> String {
    let mut text = match (event.status, &event.error) {
        (Some(status), _) => {
            let status = status.to_string();
            let status = if event.outcome == Outcome::Delivered || event.status.is_some_and(|s| s < 300) {
                status.green().to_string()
            } else {
                status.red().to_string()
            };
            format!("{status} {}", millis(event.latency))
        }
        (None, Some(error)) => format!("{} {}", "ERR".red(), clean(error)),
        (None, None) => "ERR".red().to_string(),
    };
    match (event.outcome, event.retry_in) {
        (Outcome::Retry, Some(delay)) => {
            text.push_str(&format!(" (attempt {}; retry in {})", event.attempt, humantime(delay)));
        }
        (Outcome::GaveUp, _) => text.push_str(&format!(" (attempt {}; gave up)", event.attempt)),
        (Outcome::Rejected, _) => text.push_str(" (rejected: not retried)"),
        _ if event.attempt > 1 => text.push_str(&format!(" (attempt {})", event.attempt)),
        _ => {}
    }
    if show_response && !event.response_start.is_empty() {
        let body = String::from_utf8_lossy(&event.response_start);
        let shown: String = body.chars().take(RESPONSE_SHOWN_CHARS).collect();
        let more = if body.chars().count() > RESPONSE_SHOWN_CHARS {
            "…"
        } else {
            ""
        };
        text.push_str(&format!(" {:?}{more}", clean(shown.trim_end())));
    }
    text
}

fn millis(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// The `listen` member of an NDJSON record.
#[derive(Serialize)]
struct ListenView<'a> {
    n: u64,
    received: String,
    peer: &'a str,
    call: Option<&'a str>,
    answered: Option<u16>,
    anomalies: Vec<AnomalyView<'a>>,
    forward: Option<ForwardView>,
    pending: bool,
}

#[derive(Serialize)]
struct AnomalyView<'a> {
    id: &'static str,
    message: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct ForwardView {
    attempt: u32,
    outcome: &'static str,
    status: Option<u16>,
    latency_ms: f64,
    error: Option<String>,
}

impl Report for ListenPrinter<'_> {
    fn started(&mut self, s: &Started) -> io::Result<()> {
        let durability = match s.durability {
            Durability::Write => "write",
            Durability::Fsync => "fsync",
        };
        let mut line = format!(
            "{} listening on http://{} · log {} (durability {durability})",
            "callhook listen:".bold(),
            s.address,
            clean(&s.log.display().to_string())
        );
        if let Some(url) = &s.forward {
            let mode = match s.mode {
                Mode::Ack => "ack",
                Mode::Proxy => "proxy",
            };
            line.push_str(&format!(" · forwarding to {} ({mode} mode)", clean(url)));
        }
        if s.earlier_requests > 0 {
            line.push_str(&format!(" · {} requests already in the log", s.earlier_requests));
        }
        writeln!(self.err, "{line}")?;
        if s.pending > 0 && s.forward.is_some() {
            writeln!(
                self.err,
                "  {} requests from an earlier run wait for the app; they go first, in order per call",
                s.pending
            )?;
        }
        let port = s.address.port();
        writeln!(
            self.err,
            "  {}: expose it to MyOperator through any tunnel: `ngrok http {port}`, `cloudflared tunnel --url http://127.0.0.1:{port}` or `ssh -R 80:127.0.0.1:{port} HOST`",
            "hint".cyan().bold()
        )?;
        if !s.address.ip().is_loopback() {
            writeln!(
                self.err,
                "  {}: listening on {}, reachable from other machines, not only this one",
                "warning".yellow().bold(),
                s.address.ip()
            )?;
        }
        self.err.flush()
    }

    fn note(&mut self, message: &str) -> io::Result<()> {
        writeln!(self.err, "{} {}", "callhook listen:".bold(), clean(message))?;
        self.err.flush()
    }

    fn request(&mut self, r: &LiveRequest) -> io::Result<()> {
        if self.format == ListenFormat::Ndjson {
            return self.request_json(r);
        }
        let privacy = self.settings.privacy;
        let mut line = format!(
            "{}  {}  {} {}",
            self.clock(r.received).dimmed(),
            format!("#{}", r.n).bold(),
            clean(&r.method),
            clean(path_of(&r.target))
        );
        if let Some(d) = &r.decoded {
            let family = d.payload.as_ref().map(|p| p.family.as_str());
            let what: Vec<String> = family.map(str::to_owned).into_iter().chain(event_of(d)).collect();
            if !what.is_empty() {
                line.push_str(&format!("  {}", clean(&what.join(" "))));
            }
        }
        if let Some(call) = &r.call {
            line.push_str(&format!("  call {}", clean(call)));
        }
        if let Some(caller) = &r.caller {
            line.push_str(&format!("  caller {}", clean(&privacy.phone(caller))));
        }
        if let Some(d) = &r.decoded {
            let mut ids: Vec<&str> = Vec::new();
            for f in &d.findings {
                if !ids.contains(&f.id.as_str()) {
                    ids.push(f.id.as_str());
                }
            }
            if !ids.is_empty() {
                line.push_str(&format!("  [{}]", ids.join(", ").yellow()));
            }
        }
        if let Some(why) = &r.undecodable {
            line.push_str(&format!("  (not decoded: {})", clean(why)));
        }
        if let Some(status) = r.answer {
            line.push_str(&format!("  {} answered {status}", "!!".red().bold()));
        }
        match (&r.forward, r.pending) {
            (Some(event), _) => line.push_str(&format!("  → {}", answer_text(event, self.show_response))),
            (None, true) => line.push_str(&format!("  → {}", "… pending".dimmed())),
            (None, false) => {}
        }
        writeln!(self.out, "{line}")?;
        for a in &r.anomalies {
            writeln!(
                self.out,
                "              {} {}: {}",
                "!!".red().bold(),
                a.id.as_str().red(),
                clean(&privacy.text(&a.message))
            )?;
        }
        Ok(())
    }

    fn forward(&mut self, e: &ForwardEvent) -> io::Result<()> {
        let line = format!(
            "{}  {}  → {} {}",
            self.clock(Utc::now()).dimmed(),
            format!("#{}", e.n).bold(),
            answer_text(e, self.show_response),
            clean(&e.url).dimmed()
        );
        writeln!(self.data(), "{line}")
    }

    fn refused(&mut self, r: &Refused) -> io::Result<()> {
        let line = format!(
            "{}  {}  {} {} from {}: {}",
            self.clock(Utc::now()).dimmed(),
            r.status.to_string().red().bold(),
            clean(&r.method),
            clean(path_of(&r.target)),
            r.peer,
            clean(&r.reason)
        );
        writeln!(self.data(), "{line}")
    }

    fn summary(&mut self, s: &Summary) -> io::Result<()> {
        let err = &mut *self.err;
        writeln!(err, "{} stopped", "callhook listen:".bold())?;
        writeln!(
            err,
            "  requests  {} received, {} stored, {} not stored (503), {} refused (413, 400, 408), {} unauthorized (401)",
            s.received, s.stored, s.not_stored, s.refused, s.unauthorized
        )?;
        writeln!(
            err,
            "  forwards  {} delivered, {} rejected by the app, {} failed attempts, {} given up, {} pending",
            s.delivered, s.rejected, s.failed_attempts, s.gave_up, s.pending
        )?;
        match &s.latency {
            Some(p) => writeln!(
                err,
                "  app       p50 {} · p90 {} · p99 {} · max {} ({} answers)",
                millis(p.p50),
                millis(p.p90),
                millis(p.p99),
                millis(p.max),
                s.answers
            )?,
            None => writeln!(err, "  app       no answers")?,
        }
        if s.live_skipped > 0 {
            writeln!(
                err,
                "  {} requests were not shown live: the live view fell behind (they are in the log)",
                s.live_skipped
            )?;
        }
        if s.live_lost > 0 {
            writeln!(err, "  {} live lines could not be written", s.live_lost)?;
        }
        err.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.err.flush()
    }
}

impl ListenPrinter<'_> {
    fn request_json(&mut self, r: &LiveRequest) -> io::Result<()> {
        let Some(decoded) = &r.decoded else {
            return writeln!(
                self.err,
                "callhook listen: #{} could not be decoded: {}",
                r.n,
                clean(r.undecodable.as_deref().unwrap_or_default())
            );
        };
        let mut buffer = Vec::with_capacity(4096);
        RecordView::new(
            decoded,
            RecordNumber::Known(usize::try_from(r.n).unwrap_or(usize::MAX)),
            self.settings.privacy,
            self.settings.tz,
        )
        .write_json(&mut buffer);
        if buffer.last() == Some(&b'}') {
            buffer.pop();
            buffer.extend_from_slice(b",\"listen\":");
            let view = ListenView {
                n: r.n,
                received: crate::input::listen_log::log_time(r.received),
                peer: &r.peer,
                call: r.call.as_deref(),
                answered: r.answer,
                anomalies: r
                    .anomalies
                    .iter()
                    .map(|a| AnomalyView {
                        id: a.id.as_str(),
                        message: self.settings.privacy.text(&a.message),
                    })
                    .collect(),
                forward: r.forward.as_ref().map(|e| ForwardView {
                    attempt: e.attempt,
                    outcome: e.outcome.as_str(),
                    status: e.status,
                    latency_ms: e.latency.as_secs_f64() * 1000.0,
                    error: e.error.clone(),
                }),
                pending: r.pending,
            };
            buffer.extend_from_slice(escape_control_in_json(&serde_json::to_string(&view)?).as_bytes());
            buffer.push(b'}');
        }
        buffer.push(b'\n');
        self.out.write_all(&buffer)
    }
}
