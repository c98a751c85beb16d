//! An event's record, decoded: where it came from, the request (method, URL,
//! credentials, headers, query and form fields), every call-log field with its
//! meaning, value and interpretation, the findings, the call's anomalies at this
//! event, and the raw request. Values go through `render::visible`, as `decode`'s
//! output does, so secrets are redacted unless `--show-secrets` and phone numbers
//! masked under `--mask-pii`; the raw request has the same secrets taken out.

use std::borrow::Cow;
use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Look, Theme};
use crate::browse::app::App;
use crate::browse::records::Reread;
use crate::decode::interpret::format_time;
use crate::decode::{DecodedRecord, Param};
use crate::findings::Severity;
use crate::input::InputFormat;
use crate::input::listen_log::{LogLine, parse_line};
use crate::privacy::{Privacy, REDACTED};
use crate::render::entry_text::meaning;
use crate::render::visible;
use crate::terminal::escape_control;
use crate::timeline::Timeline;
use crate::timeline::call::Call;

/// How much of the raw request is shown; `decode --format json` has it all.
const RAW_SHOWN_LINES: usize = 400;
const RAW_SHOWN_CHARS: usize = 20_000;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &mut App, look: Look) {
    let Some((timeline, call, _)) = app.open_call() else {
        return;
    };
    let Some(view) = &app.event else { return };
    let lines = match &view.record {
        Ok(reread) => record_lines(reread, view.number, Some((timeline, call, view.index)), look),
        Err(message) => vec![
            Line::styled("this event's record could not be read again", look.theme.bad()),
            Line::raw(escape_control(message).into_owned()),
        ],
    };
    let width = usize::from(area.width).max(1);
    let total: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    let height = usize::from(area.height);
    let most = u16::try_from(total.saturating_sub(height)).unwrap_or(u16::MAX);
    let page = height;
    let Some(view) = &mut app.event else { return };
    view.scroll = view.scroll.min(most);
    let scroll = view.scroll;
    app.page = page.saturating_sub(1).max(1);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)),
        area,
    );
}

/// The lines of a decoded record; with its call, the event's place in it and the
/// anomalies at it.
pub fn record_lines(
    reread: &Reread,
    number: u32,
    at: Option<(&Timeline, &Call, usize)>,
    look: Look,
) -> Vec<Line<'static>> {
    let (theme, privacy) = (look.theme, look.privacy);
    let r = &reread.record;
    let mut lines = Vec::new();
    let clean = |s: &str| escape_control(s).into_owned();
    if let Some((timeline, call, index)) = at
        && let Some(e) = timeline.events(call).get(index)
    {
        let offset = Call::offsets(timeline.events(call))
            .nth(index)
            .flatten()
            .map(crate::render::timeline::text::offset_text)
            .unwrap_or_default();
        lines.push(Line::styled(
            format!(
                "event {} of {} · arrived #{} · {offset}",
                index + 1,
                timeline.events(call).len(),
                e.arrival()
            ),
            theme.heading(),
        ));
    }
    lines.push(Line::raw(format!(
        "record {number} · {}:{} · {}",
        clean(&reread.raw.source.file),
        reread.raw.source.line,
        reread.raw.format.describe()
    )));
    request_lines(&mut lines, r, look);
    call_log_lines(&mut lines, r, look);
    if !r.findings.is_empty() {
        section(&mut lines, "findings", theme);
        for f in &r.findings {
            let style = match f.severity() {
                Severity::Error => theme.bad(),
                Severity::Warning => theme.anomaly(),
                Severity::Info => theme.info(),
            };
            let at = f
                .path
                .as_deref()
                .map(|p| format!(" {}:", clean(&privacy.text(p))))
                .unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {}[{}]", f.severity().as_str(), f.id.as_str()), style),
                Span::raw(format!("{at} {}", clean(&privacy.text(&f.message)))),
            ]));
        }
    }
    if let Some((_, call, index)) = at {
        let here: Vec<_> = call.anomalies.iter().filter(|a| a.event == Some(index)).collect();
        if !here.is_empty() {
            section(&mut lines, "anomalies at this event", theme);
            for a in here {
                lines.push(Line::from(vec![
                    Span::styled(format!("  ⚠ {}", a.id.as_str()), theme.anomaly()),
                    Span::raw(format!(": {}", clean(&privacy.text(&a.message)))),
                ]));
            }
        }
    }
    section(&mut lines, "raw request", theme);
    lines.extend(text_lines(&raw_request(reread, privacy), theme));
    lines
}

/// The request: method, URL, times, credentials, headers, query, form, other body.
fn request_lines(lines: &mut Vec<Line<'static>>, r: &DecodedRecord, look: Look) {
    let (theme, privacy) = (look.theme, look.privacy);
    let clean = |s: &str| escape_control(s).into_owned();
    if let Some(q) = &r.request {
        section(lines, "request", theme);
        let pair = |lines: &mut Vec<Line<'static>>, label: &str, value: &str| {
            lines.push(Line::from(vec![
                Span::styled(format!("  {label:<12}"), theme.dim()),
                Span::raw(clean(value)),
            ]));
        };
        if let Some(method) = &q.method {
            pair(lines, "method", method);
        }
        if let Some(url) = &q.url {
            pair(lines, "url", &visible::url(url, &q.query, privacy));
        }
        if let Some(received) = q.received {
            pair(lines, "received", &format_time(received.to_utc(), look.tz));
        }
        if let Some(status) = q.status {
            pair(lines, "status", &status.to_string());
        }
        if let Some(c) = &q.credentials {
            pair(lines, "credentials", &visible::credentials(c, privacy));
        }
        if !q.headers.is_empty() {
            section(lines, "headers", theme);
            for h in &q.headers {
                lines.push(Line::from(vec![
                    Span::raw(format!("  {}: ", clean(&h.name))),
                    Span::raw(clean(&visible::header_value(h, privacy))),
                    Span::styled(format!("  (PHP: {})", clean(&h.php_name)), theme.dim()),
                ]));
            }
        }
        params(lines, "query parameters", &q.query, look);
        let form: Vec<Param> = q
            .form
            .iter()
            .filter(|p| p.name != "myoperator" || r.payload.is_none())
            .cloned()
            .collect();
        params(lines, "form fields", &form, look);
        if let Some(body) = &q.body_text {
            let kind = q.content_type.as_deref().unwrap_or("no Content-Type");
            section(lines, &format!("body ({}, {} bytes)", clean(kind), body.len()), theme);
            lines.extend(text_lines(&privacy.text(body), theme));
        }
    }
}

/// The call log: every field with its value, interpretation and meaning.
fn call_log_lines(lines: &mut Vec<Line<'static>>, r: &DecodedRecord, look: Look) {
    let (theme, privacy) = (look.theme, look.privacy);
    let clean = |s: &str| escape_control(s).into_owned();
    if let Some(p) = &r.payload {
        let noun = if p.fields.len() == 1 { "field" } else { "fields" };
        section(
            lines,
            &format!("call log · {} · {} {noun}", p.family.as_str(), p.fields.len()),
            theme,
        );
        let width = p
            .fields
            .iter()
            .map(|f| f.path().chars().count())
            .max()
            .unwrap_or(0)
            .min(24);
        for row in &p.fields {
            let mut spans = vec![
                Span::styled(format!("  {:<width$}  ", clean(row.path())), theme.heading()),
                Span::raw(clean(&visible::value(row, privacy).to_string())),
            ];
            if let Some(display) = visible::display(row, privacy) {
                spans.push(Span::styled(format!("  → {}", clean(&display)), theme.info()));
            }
            lines.push(Line::from(spans));
            lines.push(Line::styled(
                format!("  {:<width$}  {}", "", meaning(row.field)),
                theme.dim(),
            ));
        }
    }
}

fn section(lines: &mut Vec<Line<'static>>, title: &str, theme: Theme) {
    lines.push(Line::raw(""));
    lines.push(Line::styled(title.to_owned(), theme.heading()));
}

/// Query parameters or form fields: name, as sent, decoded, interpretation, meaning.
fn params(lines: &mut Vec<Line<'static>>, title: &str, params: &[Param], look: Look) {
    if params.is_empty() {
        return;
    }
    section(lines, title, look.theme);
    for p in params {
        let shown = visible::param(p, look.privacy);
        let mut spans = vec![
            Span::styled(format!("  {}", escape_control(&shown.name)), look.theme.heading()),
            Span::raw(format!(" = {}", escape_control(&shown.raw))),
        ];
        if shown.value != shown.raw {
            spans.push(Span::raw(format!(" (decoded {:?})", escape_control(&shown.value))));
        }
        if let Some(display) = &shown.display {
            spans.push(Span::styled(
                format!("  → {}", escape_control(display)),
                look.theme.info(),
            ));
        }
        lines.push(Line::from(spans));
        if let Some(field) = p.field {
            lines.push(Line::styled(
                format!("      {}", meaning(Some(field))),
                look.theme.dim(),
            ));
        }
    }
}

/// Text shown line by line, each escaped, cut where it is long.
fn text_lines(text: &str, theme: Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut chars = 0;
    for line in text.lines() {
        if lines.len() >= RAW_SHOWN_LINES || chars >= RAW_SHOWN_CHARS {
            lines.push(Line::styled(
                "  … (cut; `callhook decode --format json` has it whole)",
                theme.dim(),
            ));
            break;
        }
        chars += line.len();
        let line: String = line.trim_end_matches('\r').chars().take(RAW_SHOWN_CHARS).collect();
        lines.push(Line::raw(format!("  {}", escape_control(&line))));
    }
    lines
}

/// The request as captured: the record's text, or for a `listen` log line the HTTP
/// request it holds; secrets taken out unless `--show-secrets`, phone numbers masked
/// under `--mask-pii`.
pub fn raw_request(reread: &Reread, privacy: Privacy) -> String {
    let text = match reread.raw.format {
        InputFormat::ListenLog => match parse_line(&reread.raw.text) {
            Ok(LogLine::Request(r)) => {
                let mut http = format!("{} {} HTTP/1.1\n", r.method, r.target);
                for (name, value) in &r.headers {
                    let _ = writeln!(http, "{name}: {}", String::from_utf8_lossy(value));
                }
                http.push('\n');
                http.push_str(&String::from_utf8_lossy(&r.body));
                http
            }
            _ => String::from_utf8_lossy(&reread.raw.text).into_owned(),
        },
        _ => String::from_utf8_lossy(&reread.raw.text).into_owned(),
    };
    let text = if privacy.show_secrets {
        text
    } else {
        redact(&text, &secrets(&reread.record, privacy)).into_owned()
    };
    privacy.text(&text).into_owned()
}

/// Each secret the decoded record holds, with what output shows in its place.
fn secrets(r: &DecodedRecord, privacy: Privacy) -> Vec<(String, String)> {
    let mut secrets: Vec<(String, String)> = Vec::new();
    let Some(q) = &r.request else { return secrets };
    for h in q.headers.iter().filter(|h| h.secret) {
        let shown = visible::header_value(h, privacy);
        // `Basic <redacted>`: the scheme stays, the rest is the secret.
        match shown
            .strip_suffix(REDACTED)
            .filter(|scheme| h.value.starts_with(scheme))
        {
            Some(scheme) if !scheme.is_empty() => secrets.push((h.value[scheme.len()..].to_owned(), REDACTED.into())),
            _ => secrets.push((h.value.clone(), shown.into_owned())),
        }
    }
    for p in q
        .query
        .iter()
        .chain(&q.form)
        .filter(|p| visible::param(p, privacy).redacted)
    {
        secrets.push((p.raw.clone(), REDACTED.into()));
        secrets.push((p.value.clone(), REDACTED.into()));
    }
    if let Some(password) = q.credentials.as_ref().and_then(|c| c.password.clone()) {
        secrets.push((password, REDACTED.into()));
    }
    secrets.retain(|(secret, _)| !secret.trim().is_empty());
    // Longest first, so a secret inside another is not cut out of it first.
    secrets.sort_by_key(|(secret, _)| std::cmp::Reverse(secret.len()));
    secrets
}

/// `text` with every occurrence of each secret replaced.
fn redact<'a>(text: &'a str, secrets: &[(String, String)]) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(text);
    for (secret, shown) in secrets {
        if text.contains(secret.as_str()) {
            text = Cow::Owned(text.replace(secret.as_str(), shown));
        }
    }
    text
}
