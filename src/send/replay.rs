//! The replay source: every request of the captures `decode` reads, as it was
//! captured, in input order. Raw HTTP and the `listen` log keep their bytes
//! exactly; curl lines, HAR entries, URLs and access-log lines are the requests they
//! describe; a form body is a POST of it; a bare call log is POSTed as MyOperator
//! posts one (`myoperator=<JSON>`), a bare v2 event as its JSON.
//!
//! `--only-failed` keeps the requests of a `listen` log that no forward attempt
//! delivered; `--call` keeps the requests of some calls.

use std::io::{self, BufRead};
use std::sync::Arc;

use chrono::Utc;
use serde_json::Value;

use super::request::{Label, OutboundRequest};
use super::transport::call_log;
use crate::input::listen_log::{LogLine, Outcome, parse_line};
use crate::input::reader::{ReadError, RecordReader};
use crate::input::target::parse_target;
use crate::input::{Capture, InputFormat, ParseError, RawRecord, RecordError, access_log, curl, har, http};

/// What to keep.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub calls: Vec<String>,
    pub only_failed: bool,
    pub input_format: Option<InputFormat>,
}

/// The requests read, and what could not be.
#[derive(Debug, Default)]
pub struct Replayed {
    pub requests: Vec<OutboundRequest>,
    pub errors: Vec<RecordError>,
    /// Records that are not requests of a `listen` log, under `--only-failed`.
    pub not_listen_log: Vec<String>,
    /// Requests read before the filters.
    pub read: usize,
}

/// One request as read, with its number in a `listen` log.
struct Read {
    request: OutboundRequest,
    listen_n: Option<u64>,
}

/// Reads one input (named `name`) into `out`.
pub fn read_input(input: impl BufRead, name: &str, filter: &Filter, out: &mut Replayed) -> io::Result<()> {
    let file: Arc<str> = Arc::from(name);
    let mut read: Vec<Read> = Vec::new();
    let mut delivered: Vec<u64> = Vec::new();
    let mut attempted: Vec<u64> = Vec::new();
    for record in RecordReader::new(input, file, filter.input_format) {
        let raw = match record {
            Ok(raw) => raw,
            Err(ReadError::Io(e)) => return Err(e),
            Err(ReadError::Record(e)) => {
                out.errors.push(e);
                continue;
            }
        };
        if raw.format == InputFormat::ListenLog {
            match parse_line(&raw.text) {
                Ok(LogLine::Request(r)) => {
                    let request = OutboundRequest {
                        method: r.method,
                        host: r
                            .headers
                            .iter()
                            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
                            .map(|(_, v)| String::from_utf8_lossy(v).into_owned()),
                        target: r.target,
                        headers: r.headers,
                        body: r.body,
                        label: origin(&raw, None),
                        at: Some(r.received),
                        ..OutboundRequest::default()
                    };
                    if r.forward.is_some() {
                        attempted.push(r.n);
                    }
                    read.push(Read {
                        request,
                        listen_n: Some(r.n),
                    });
                }
                Ok(LogLine::Attempt(a)) => {
                    let ok = match a.outcome {
                        Outcome::Delivered => true,
                        Outcome::Proxied => a.status.is_some_and(|s| (200..300).contains(&s)),
                        _ => false,
                    };
                    attempted.push(a.request);
                    if ok {
                        delivered.push(a.request);
                    }
                }
                Ok(LogLine::Other) => {}
                Err(e) => out
                    .errors
                    .push(RecordError::at(&raw.source, &raw.text, e.offset, e.message)),
            }
            continue;
        }
        if filter.only_failed {
            out.not_listen_log.push(format!(
                "{}:{} is {}, not a request of a `callhook listen` log",
                raw.source.file,
                raw.source.line,
                article(raw.format.describe())
            ));
        }
        match requests_of(&raw) {
            Ok(requests) => read.extend(requests.into_iter().map(|request| Read {
                request,
                listen_n: None,
            })),
            Err(e) => out.errors.push(e),
        }
    }
    for mut r in read {
        out.read += 1;
        if filter.only_failed
            && r.listen_n
                .is_some_and(|n| delivered.contains(&n) || !attempted.contains(&n))
        {
            continue;
        }
        name_the_call(&mut r.request);
        if !filter.calls.is_empty() && !r.request.label.call.as_ref().is_some_and(|c| filter.calls.contains(c)) {
            continue;
        }
        out.requests.push(r.request);
    }
    Ok(())
}

fn article(what: &str) -> String {
    let vowel = what.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'H', 'I', 'O']);
    format!("{} {what}", if vowel { "an" } else { "a" })
}

fn origin(raw: &RawRecord, element: Option<usize>) -> Label {
    Label {
        call: None,
        event: "request".into(),
        origin: match element {
            Some(i) => format!("{}:{} #{}", raw.source.file, raw.source.line, i + 1),
            None => format!("{}:{}", raw.source.file, raw.source.line),
        },
    }
}

/// The call and event a request's log names.
pub fn name_the_call(request: &mut OutboundRequest) {
    let Some(log) = call_log(request) else { return };
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let log = &log.log;
    let ui = log
        .get("_pm")
        .and_then(Value::as_array)
        .and_then(|pm| pm.iter().find(|e| e.get("ky").and_then(Value::as_str) == Some("ui")))
        .and_then(|e| e.get("vl"));
    request.label.call = text(log.get("uid"))
        .or_else(|| text(ui))
        .or_else(|| text(log.get("session_id")));
    request.label.event = if let Some(event) = text(log.get("event_type")) {
        event
    } else if let Some(state) = text(log.get("call_state")) {
        format!("state {state}")
    } else if log.contains_key("_dsp") {
        "disposition".into()
    } else if log.keys().any(|k| k.starts_with('_')) {
        "after-call".into()
    } else {
        "request".into()
    };
}

/// The requests one record describes.
fn requests_of(raw: &RawRecord) -> Result<Vec<OutboundRequest>, RecordError> {
    let positioned = |text: &[u8], e: ParseError| RecordError::at(&raw.source, text, e.offset, e.message);
    let text = || String::from_utf8_lossy(&raw.text).into_owned();
    let capture = match raw.format {
        InputFormat::Http => http::parse_request(&raw.text).map_err(|e| positioned(&raw.text, e))?,
        InputFormat::Curl => {
            let t = text();
            curl::parse_curl(&t).map_err(|e| positioned(t.as_bytes(), e))?
        }
        InputFormat::Url => {
            let t = text();
            parse_target(&t).map_err(|e| positioned(t.as_bytes(), e))?
        }
        InputFormat::AccessLog => {
            let t = text();
            access_log::parse_access_log(&t).map_err(|e| positioned(t.as_bytes(), e))?
        }
        InputFormat::Form => {
            return Ok(vec![OutboundRequest {
                method: "POST".into(),
                target: "/".into(),
                host: None,
                headers: vec![("Content-Type".into(), b"application/x-www-form-urlencoded".to_vec())],
                body: raw.text.trim_ascii().to_vec(),
                label: origin(raw, None),
                at: None,
                ..OutboundRequest::default()
            }]);
        }
        InputFormat::Json | InputFormat::Har => return json_requests(raw),
        InputFormat::ListenLog => return Ok(Vec::new()),
    };
    Ok(vec![from_capture(capture, origin(raw, None))])
}

fn from_capture(capture: Capture, label: Label) -> OutboundRequest {
    let url = capture.url.unwrap_or_else(|| "/".into());
    let host = url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?']).next().unwrap_or_default().to_owned())
        .or_else(|| crate::input::header(&capture.headers, "host").map(|h| h.value.clone()));
    let mut headers: Vec<(String, Vec<u8>)> = capture
        .headers
        .into_iter()
        .map(|h| (h.name, h.value.into_bytes()))
        .collect();
    if let Some(c) = capture.credentials
        && let Some(password) = c.password
        && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    {
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{}:{password}", c.username));
        headers.push(("Authorization".into(), format!("Basic {token}").into_bytes()));
    }
    let mut body = capture.body.map(|b| b.bytes).unwrap_or_default();
    if let Some(content_type) = capture_content_type(&headers, &body) {
        headers.push(("Content-Type".into(), content_type.to_vec()));
    }
    if body.is_empty() && capture.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("GET")) {
        body.clear();
    }
    OutboundRequest {
        method: capture.method.unwrap_or_else(|| "GET".into()),
        target: url,
        host,
        headers,
        body,
        label,
        at: capture.received.map(|t| t.with_timezone(&Utc)),
        ..OutboundRequest::default()
    }
}

/// The Content-Type a capture implies without naming it (curl `-d` sends a form).
fn capture_content_type(headers: &[(String, Vec<u8>)], body: &[u8]) -> Option<&'static [u8]> {
    if body.is_empty() || headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
        return None;
    }
    Some(if body.trim_ascii_start().starts_with(b"{") {
        b"application/json"
    } else {
        b"application/x-www-form-urlencoded"
    })
}

/// A JSON record: a HAR archive's entries, or call logs (an object, or an array).
fn json_requests(raw: &RawRecord) -> Result<Vec<OutboundRequest>, RecordError> {
    let text = raw.text.trim_ascii();
    let at_start = |message: String| {
        let leading = raw.text.len() - raw.text.trim_ascii_start().len();
        RecordError::at(&raw.source, &raw.text, leading, message)
    };
    let doc: Value = serde_json::from_slice(text).map_err(|e| {
        RecordError::at_line_column(
            &raw.source,
            &raw.text,
            e.line(),
            e.column(),
            format!("invalid JSON: {e}"),
        )
    })?;
    let archive = doc
        .as_object()
        .is_some_and(|o| o.iter().any(|(k, v)| har::is_archive_root(k, v)));
    if archive || raw.format == InputFormat::Har {
        let entries = har::parse_har(&doc).map_err(|m| at_start(format!("HAR archive: {m}")))?;
        return entries
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                entry
                    .map(|capture| from_capture(capture, origin(raw, Some(i))))
                    .map_err(|m| at_start(format!("HAR archive: {m}")))
            })
            .collect();
    }
    match doc {
        Value::Object(_) => Ok(vec![bare_log(text.to_vec(), &doc, origin(raw, None))]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(_) => Ok(bare_log(item.to_string().into_bytes(), item, origin(raw, Some(i)))),
                _ => Err(at_start(format!(
                    "expected a call log (a JSON object) as element {} of the array",
                    i + 1
                ))),
            })
            .collect(),
        _ => Err(at_start("expected a call log (a JSON object)".into())),
    }
}

/// A bare log, sent as MyOperator sends one: a v2 event as its JSON, a v1 log as
/// the `myoperator` field of a form.
fn bare_log(json: Vec<u8>, doc: &Value, label: Label) -> OutboundRequest {
    let v2 = doc.get("event_type").is_some() && doc.get("payload").is_some();
    let (content_type, body): (&[u8], Vec<u8>) = if v2 {
        (b"application/json", json)
    } else {
        let text = String::from_utf8_lossy(&json);
        (
            b"application/x-www-form-urlencoded",
            super::transport::encode_pair("myoperator", &text).into_bytes(),
        )
    };
    OutboundRequest {
        method: "POST".into(),
        target: "/".into(),
        host: None,
        headers: vec![("Content-Type".into(), content_type.to_vec())],
        body,
        label,
        at: None,
        ..OutboundRequest::default()
    }
}

/// Whether every request has a time, for `--preserve-timing`; the first that has
/// none otherwise.
pub fn first_untimed(requests: &[OutboundRequest]) -> Option<&OutboundRequest> {
    requests.iter().find(|r| r.at.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, filter: &Filter) -> Replayed {
        let mut out = Replayed::default();
        read_input(text.as_bytes(), "t", filter, &mut out).unwrap();
        out
    }

    #[test]
    fn every_format_is_a_request() {
        let body = "myoperator=%7B%22uid%22%3A%22n1.2.3%22%2C%22call_state%22%3A%225%22%7D";
        let r = read(
            &format!(
                "POST /hook?a=1 HTTP/1.1\r\nHost: crm.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}\n",
                body.len()
            ),
            &Filter::default(),
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let first = &r.requests[0];
        assert_eq!((first.method.as_str(), first.path_and_query()), ("POST", "/hook?a=1"));
        assert_eq!(first.host.as_deref(), Some("crm.example.com"));
        let curl = read(
            "curl -u admin:123456 https://crm.example.com/w.php -d 'myoperator={\"uid\":\"n1.2.3\",\"call_state\":\"6\"}'\n",
            &Filter::default(),
        );
        let c = &curl.requests[0];
        assert_eq!(c.header("authorization"), Some(&b"Basic YWRtaW46MTIzNDU2"[..]));
        assert_eq!(c.label.call.as_deref(), Some("n1.2.3"));
        assert_eq!(c.label.event, "state 6");
        let url = read("https://x.example/w?uid=n1.2.3&call_state=2\n", &Filter::default());
        assert_eq!(url.requests[0].method, "GET");
        assert_eq!(url.requests[0].label.event, "state 2");
        let logs = read(
            "{\"uid\":\"n1.2.3\",\"call_state\":\"1\"}\n{\"event_type\":\"call.end\",\"session_id\":\"s4.1.2\",\"payload\":{}}\n",
            &Filter::default(),
        );
        assert_eq!(logs.requests.len(), 2);
        assert!(logs.requests[0].body.starts_with(b"myoperator=%7B"));
        assert_eq!(logs.requests[1].header("content-type"), Some(&b"application/json"[..]));
        assert_eq!(logs.requests[1].label.call.as_deref(), Some("s4.1.2"));
    }

    #[test]
    fn only_failed_keeps_what_no_attempt_delivered() {
        let log = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/listen.ndjson")).unwrap();
        let all = read(&log, &Filter::default());
        let failed = read(
            &log,
            &Filter {
                only_failed: true,
                ..Filter::default()
            },
        );
        assert!(all.errors.is_empty() && failed.errors.is_empty());
        assert!(failed.requests.len() < all.requests.len());
        let not = read(
            "/w?uid=1\n",
            &Filter {
                only_failed: true,
                ..Filter::default()
            },
        );
        assert!(
            not.not_listen_log[0].contains("t:1 is a URL, not a request of a `callhook listen` log"),
            "{:?}",
            not.not_listen_log
        );
    }

    #[test]
    fn calls_are_filtered_by_uid() {
        let r = read(
            "{\"uid\":\"a.1.1\",\"call_state\":\"1\"}\n{\"uid\":\"b.1.1\",\"call_state\":\"1\"}\n",
            &Filter {
                calls: vec!["b.1.1".into()],
                ..Filter::default()
            },
        );
        assert_eq!(r.requests.len(), 1);
        assert_eq!(r.read, 2);
    }
}
