//! `send`'s output, a type per format behind `send::report::Report`: `SendText`
//! (one line per request sent: time, call, event, status, latency, and with
//! `--show-response` the start of the answer; what was planted; the closing
//! summary), with a progress bar (indicatif) on stderr while both stdout and stderr
//! are a terminal, never when output is piped; `SendNdjson` (one JSON object per
//! line for each of those).
//!
//! The dry run writes the requests instead of sending them, as raw HTTP that
//! `decode` reads back or as curl command lines. Secret header and query values are
//! `<redacted>` unless `--show-secrets`; captured text reaching a terminal has its
//! control characters escaped.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::time::Duration;

use colored::Colorize;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use super::SCHEMA_VERSION;
use crate::http_client::humantime;
use crate::privacy::{Privacy, REDACTED, is_secret_name};
use crate::send::report::{Attempt, Plan, Report, Summary};
use crate::send::request::OutboundRequest;
use crate::settings::Settings;
use crate::terminal::escape_control;

/// How much of the answer `--show-response` shows.
const RESPONSE_SHOWN_CHARS: usize = 80;

/// What `send` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SendFormat {
    /// A line per request, then a summary.
    Text,
    /// One JSON object per line: `plan`, `planted`, `attempt`, `summary`.
    Ndjson,
    /// With --dry-run: the requests as raw HTTP, which `decode` reads back.
    Http,
    /// With --dry-run: the requests as curl command lines.
    Curl,
}

/// `--format text`: a line per request on stdout, the plan and the summary on
/// stderr, a progress bar while both are a terminal.
pub struct SendText<'w> {
    settings: Settings,
    show_response: bool,
    quiet: bool,
    progress: Option<ProgressBar>,
    /// Lines are flushed at once on a terminal, and at least every 100 ms
    /// otherwise (a pipe to `tee` sees them as they come, a file is not written a
    /// line at a time at 20 000 requests a second).
    terminal: bool,
    flushed: std::time::Instant,
    out: &'w mut dyn Write,
    err: &'w mut dyn Write,
}

/// `--format ndjson`: a JSON object per line on stdout for the plan, each thing
/// planted, each request and the summary.
pub struct SendNdjson<'w> {
    settings: Settings,
    show_response: bool,
    quiet: bool,
    flushed: std::time::Instant,
    out: &'w mut dyn Write,
}

/// The line's options: `--show-response`, `--quiet`.
#[derive(Debug, Clone, Copy)]
pub struct Lines {
    pub show_response: bool,
    pub quiet: bool,
}

impl<'w> SendText<'w> {
    /// `terminal`: both outputs are a terminal, so that a bar may be drawn and
    /// lines shown at once.
    pub fn new(
        settings: Settings,
        lines: Lines,
        terminal: bool,
        out: &'w mut dyn Write,
        err: &'w mut dyn Write,
    ) -> Self {
        Self {
            settings,
            show_response: lines.show_response,
            quiet: lines.quiet,
            progress: terminal.then(ProgressBar::hidden),
            terminal,
            flushed: std::time::Instant::now(),
            out,
            err,
        }
    }

    fn line(&mut self, text: &str) -> io::Result<()> {
        match &self.progress {
            Some(bar) if !bar.is_hidden() => {
                let out = &mut *self.out;
                bar.suspend(|| {
                    writeln!(out, "{text}")?;
                    out.flush()
                })
            }
            _ => {
                writeln!(self.out, "{text}")?;
                if self.terminal || self.flushed.elapsed() >= FLUSH_EVERY {
                    self.flushed = std::time::Instant::now();
                    self.out.flush()?;
                }
                Ok(())
            }
        }
    }
}

/// The longest a written line waits in the buffer while requests keep coming.
const FLUSH_EVERY: Duration = Duration::from_millis(100);

impl<'w> SendNdjson<'w> {
    pub fn new(settings: Settings, lines: Lines, out: &'w mut dyn Write) -> Self {
        Self {
            settings,
            show_response: lines.show_response,
            quiet: lines.quiet,
            flushed: std::time::Instant::now(),
            out,
        }
    }
}

fn millis(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// The start of an answer, as output may show it (phone numbers masked under
/// `--mask-pii`).
fn response_text(a: &Attempt, privacy: Privacy) -> String {
    privacy.text(&String::from_utf8_lossy(&a.response_start)).into_owned()
}

impl Report for SendText<'_> {
    fn plan(&mut self, plan: &Plan) -> io::Result<()> {
        for note in &plan.notes {
            writeln!(self.err, "{} {}", "note:".bold(), escape_control(note))?;
        }
        writeln!(
            self.err,
            "{} {} request{} of {} call{} to {}, {}; retries {}",
            "callhook send:".bold(),
            plan.deliveries,
            if plan.deliveries == 1 { "" } else { "s" },
            plan.calls,
            if plan.calls == 1 { "" } else { "s" },
            plan.url,
            plan.pacing,
            plan.retries
        )?;
        if !plan.planted.is_empty() {
            writeln!(
                self.err,
                "{} (what `callhook timeline` on the receiving side must report):",
                "planted".bold()
            )?;
            for p in &plan.planted {
                writeln!(
                    self.err,
                    "  {} {} {}",
                    p.id.as_str().yellow(),
                    escape_control(&p.call),
                    escape_control(&p.message)
                )?;
            }
        }
        if let Some(bar) = &mut self.progress
            && plan.deliveries >= 20
        {
            *bar = ProgressBar::new(plan.deliveries as u64);
            bar.set_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} requests · {elapsed} · {eta} to go")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        }
        self.err.flush()
    }

    fn attempt(&mut self, a: &Attempt) -> io::Result<()> {
        if let Some(bar) = &self.progress
            && a.is_final()
        {
            bar.inc(1);
        }
        if self.quiet {
            return Ok(());
        }
        let time = a.due.with_timezone(&self.settings.tz).format("%H:%M:%S%.3f");
        let status = match (a.status, &a.error) {
            (Some(s), _) if (200..300).contains(&s) => s.to_string().green().to_string(),
            (Some(s), _) => s.to_string().red().to_string(),
            (None, Some(e)) => format!("{} {}", "ERR".red(), escape_control(e)),
            (None, None) => "ERR".red().to_string(),
        };
        let mut text = format!(
            "{time}  #{}{} {}  {}  {}  {}",
            a.n,
            if a.attempt > 1 {
                format!(" try {}/{}", a.attempt, a.attempts)
            } else {
                String::new()
            },
            escape_control(a.call.as_deref().unwrap_or("-")),
            escape_control(&a.event),
            status,
            millis(a.latency)
        );
        if let Some(n) = a.duplicate_of {
            let _ = write!(text, "  (planted: #{n} again)");
        }
        if let Some(wait) = a.retry_in {
            let _ = write!(text, "  (retry in {})", humantime(wait));
        }
        if self.show_response && !a.response_start.is_empty() {
            let body = response_text(a, self.settings.privacy);
            let shown: String = body.chars().take(RESPONSE_SHOWN_CHARS).collect();
            let _ = write!(text, "  {:?}", escape_control(shown.trim_end()).as_ref());
        }
        self.line(&text)
    }

    fn summary(&mut self, s: &Summary) -> io::Result<()> {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        let percentiles = |list: &[(&'static str, Duration)]| {
            list.iter()
                .map(|(name, d)| format!("{name} {}", millis(*d)))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        self.out.flush()?;
        let err = &mut *self.err;
        writeln!(err, "{} done in {}", "callhook send:".bold(), humantime(s.elapsed))?;
        let statuses: Vec<String> = s.by_status.iter().map(|(k, v)| format!("{k} ×{v}")).collect();
        writeln!(
            err,
            "  deliveries {} delivered (2xx), {} failed, {} not sent; {} request{} ({}), {:.0}/s",
            s.delivered,
            s.failed,
            s.not_sent,
            s.attempts,
            if s.attempts == 1 { "" } else { "s" },
            if statuses.is_empty() {
                "none".to_owned()
            } else {
                statuses.join(", ")
            },
            s.rate()
        )?;
        if s.attempts > 0 {
            writeln!(
                err,
                "  latency    {} (from when each request was due)",
                percentiles(&s.latency)
            )?;
            writeln!(err, "  exchange   {}", percentiles(&s.service))?;
        }
        if s.per_second.len() > 1 {
            writeln!(err, "  per second (sent ok failed p50 p99):")?;
            for x in &s.per_second {
                writeln!(
                    err,
                    "    {:>4}s {:>7} {:>7} {:>6} {:>9} {:>9}",
                    x.second,
                    x.sent,
                    x.ok,
                    x.failed,
                    millis(x.p50),
                    millis(x.p99)
                )?;
            }
        }
        err.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flushed = std::time::Instant::now();
        self.out.flush()
    }
}

impl Report for SendNdjson<'_> {
    fn plan(&mut self, plan: &Plan) -> io::Result<()> {
        let record = json!({"schema_version": SCHEMA_VERSION, "send": "plan", "deliveries": plan.deliveries, "calls": plan.calls,
            "url": plan.url, "retries": plan.retries, "pacing": plan.pacing, "notes": plan.notes});
        writeln!(self.out, "{record}")?;
        for p in &plan.planted {
            let record = json!({"schema_version": SCHEMA_VERSION, "send": "planted", "anomaly": p.id.as_str(), "call": p.call, "event": p.event, "message": p.message});
            writeln!(self.out, "{record}")?;
        }
        Ok(())
    }

    fn attempt(&mut self, a: &Attempt) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let record = json!({
            "schema_version": SCHEMA_VERSION, "send": "attempt", "n": a.n, "attempt": a.attempt, "attempts": a.attempts,
            "due": a.due.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "call": a.call.as_deref(), "event": &*a.event, "method": &*a.method, "url": redact_url(&a.url, &[], self.settings.privacy),
            "status": a.status, "error": a.error,
            "latency_ms": a.latency.as_secs_f64() * 1000.0, "service_ms": a.service.as_secs_f64() * 1000.0,
            "retry_in_ms": a.retry_in.map(|d| d.as_millis()), "final": a.is_final(),
            "duplicate_of": a.duplicate_of,
            "response": self.show_response.then(|| response_text(a, self.settings.privacy)),
        });
        writeln!(self.out, "{record}")?;
        if self.flushed.elapsed() >= FLUSH_EVERY {
            self.flushed = std::time::Instant::now();
            self.out.flush()?;
        }
        Ok(())
    }

    fn summary(&mut self, s: &Summary) -> io::Result<()> {
        let ms = |list: &[(&'static str, Duration)]| {
            list.iter()
                .map(|(name, d)| ((*name).to_owned(), json!(d.as_secs_f64() * 1000.0)))
                .collect::<serde_json::Map<_, _>>()
        };
        let per_second: Vec<serde_json::Value> = s
            .per_second
            .iter()
            .map(|x| {
                json!({"second": x.second, "sent": x.sent, "ok": x.ok, "failed": x.failed,
                    "p50_ms": x.p50.as_secs_f64() * 1000.0, "p99_ms": x.p99.as_secs_f64() * 1000.0})
            })
            .collect();
        let record = json!({
            "schema_version": SCHEMA_VERSION, "send": "summary", "deliveries": s.deliveries, "delivered": s.delivered, "failed": s.failed,
            "not_sent": s.not_sent, "attempts": s.attempts, "by_status": s.by_status,
            "elapsed_s": s.elapsed.as_secs_f64(), "rate_per_s": s.rate(),
            "latency_ms": ms(&s.latency), "service_ms": ms(&s.service), "per_second": per_second,
        });
        writeln!(self.out, "{record}")?;
        self.out.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flushed = std::time::Instant::now();
        self.out.flush()
    }
}

/// A URL with the values of secret-looking query parameters (and `names`)
/// redacted, unless `--show-secrets`.
pub fn redact_url(url: &str, names: &[String], privacy: Privacy) -> String {
    if privacy.show_secrets {
        return url.to_owned();
    }
    let Some((path, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_name(name) || names.iter().any(|n| n == name) => format!("{name}={REDACTED}"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", parts.join("&"))
}

fn secret_header(name: &str, r: &OutboundRequest) -> bool {
    name.eq_ignore_ascii_case("authorization")
        || is_secret_name(name)
        || r.secret_names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// What the dry run writes of one request: its target (after `base`, the path of
/// `--to`), host, headers and body, redacted and masked as `privacy` says.
struct Shown<'a> {
    target: String,
    host: &'a str,
    headers: Vec<(String, String)>,
    body: Cow<'a, [u8]>,
}

fn shown<'a>(r: &'a OutboundRequest, host: &'a str, base_path: &str, privacy: Privacy) -> Shown<'a> {
    let path = format!("{}{}", base_path.trim_end_matches('/'), r.path_and_query());
    let target = privacy.text(&redact_url(&path, &r.secret_names, privacy)).into_owned();
    // The body through the same redaction as every captured text (secret JSON keys,
    // `password=` in a form), so a dry run prints no secret a decode would not.
    let body: Cow<'a, [u8]> = if privacy.mask_pii || !privacy.show_secrets {
        Cow::Owned(
            privacy
                .text(&String::from_utf8_lossy(&r.body))
                .into_owned()
                .into_bytes(),
        )
    } else {
        Cow::Borrowed(&r.body)
    };
    let length = body.len().to_string();
    let headers = r
        .wire_headers(&length)
        .into_iter()
        .map(|(name, value)| {
            let value = if secret_header(name, r) && !privacy.show_secrets {
                REDACTED.to_owned()
            } else {
                privacy.text(&String::from_utf8_lossy(value)).into_owned()
            };
            (name.to_owned(), value)
        })
        .collect();
    Shown {
        target,
        host,
        headers,
        body,
    }
}

/// The dry run's output: the requests, one after another.
pub struct DryRun<'w> {
    pub format: SendFormat,
    pub privacy: Privacy,
    /// Whether the output is a terminal: control characters are escaped then.
    pub terminal: bool,
    /// `--to`'s scheme, host and path, or `None` to use each request's own host.
    pub to: Option<(String, String, String)>,
    pub out: &'w mut dyn Write,
}

impl DryRun<'_> {
    pub fn write(&mut self, r: &OutboundRequest) -> io::Result<()> {
        let (scheme, host, base) = match &self.to {
            Some((scheme, host, base)) => (scheme.as_str(), host.as_str(), base.as_str()),
            None => ("https", r.host.as_deref().unwrap_or("localhost"), ""),
        };
        let s = shown(r, host, base, self.privacy);
        let mut text: Vec<u8> = Vec::new();
        match self.format {
            SendFormat::Curl => {
                text.extend_from_slice(
                    format!(
                        "curl -X {} {}",
                        r.method,
                        quote(&format!("{scheme}://{}{}", s.host, s.target))
                    )
                    .as_bytes(),
                );
                for (name, value) in &s.headers {
                    if name.eq_ignore_ascii_case("content-length") {
                        continue;
                    }
                    text.extend_from_slice(format!(" \\\n  -H {}", quote(&format!("{name}: {value}"))).as_bytes());
                }
                if !s.body.is_empty() {
                    text.extend_from_slice(b" \\\n  --data-binary ");
                    text.extend_from_slice(quote(&String::from_utf8_lossy(&s.body)).as_bytes());
                }
                text.push(b'\n');
            }
            SendFormat::Ndjson => {
                let record = json!({"schema_version": SCHEMA_VERSION, "method": r.method, "url": format!("{scheme}://{}{}", s.host, s.target),
                    "headers": s.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
                    "body": String::from_utf8_lossy(&s.body), "call": r.label.call, "event": r.label.event,
                    "origin": r.label.origin});
                text.extend_from_slice(record.to_string().as_bytes());
                text.push(b'\n');
            }
            SendFormat::Http | SendFormat::Text => {
                text.extend_from_slice(
                    format!("{} {} HTTP/1.1\r\nHost: {}\r\n", r.method, s.target, s.host).as_bytes(),
                );
                for (name, value) in &s.headers {
                    text.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
                }
                text.extend_from_slice(b"\r\n");
                text.extend_from_slice(&s.body);
                text.extend_from_slice(b"\n\n");
            }
        }
        if self.terminal {
            let text = String::from_utf8_lossy(&text).replace("\r\n", "\n");
            let lines: Vec<Cow<'_, str>> = text.split('\n').map(escape_control).collect();
            self.out.write_all(lines.join("\n").as_bytes())
        } else {
            self.out.write_all(&text)
        }
    }
}

/// Single-quoted for a POSIX shell; `$'...'` where the text has control characters.
fn quote(text: &str) -> String {
    if text.chars().any(|c| c.is_control() && c != '\n') {
        let mut out = String::from("$'");
        for c in text.chars() {
            match c {
                '\'' => out.push_str("\\'"),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32 & 0xff)),
                c => out.push(c),
            }
        }
        out.push('\'');
        return out;
    }
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_query_values_are_redacted() {
        let p = Privacy::default();
        assert_eq!(
            redact_url("/h?a=1&api_key=s3&k=v", &["k".into()], p),
            "/h?a=1&api_key=<redacted>&k=<redacted>"
        );
        let shown = Privacy {
            show_secrets: true,
            ..p
        };
        assert_eq!(redact_url("/h?api_key=s3", &[], shown), "/h?api_key=s3");
    }

    #[test]
    fn quoting_survives_a_shell() {
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote("a\u{1b}b"), "$'a\\x1bb'");
    }
}
