//! Decoding: from a record's bytes to every field with its meaning, and findings.
//!
//! `decode_record` is the one entry point; `decode`, `timeline` (for what its fast
//! reader leaves) and the fuzz targets call it. It reads the record by its format
//! (`crate::input`), names query parameters and call-log fields from the dictionary
//! (`crate::vocabulary`), detects the call log's family there, and returns values;
//! it never prints. `walk` flattens a call log into rows, `interpret` reads a value
//! by its field's type, `document` parses a JSON document keeping key order.

pub(crate) mod document;
pub(crate) mod interpret;
pub(crate) mod walk;

pub use walk::FieldRow;

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::findings::{Finding, FindingId, Severity};
use crate::input::form::{FormContext, FormPair, parse_form};
use crate::input::json_array;
use crate::input::target::parse_target;
use crate::input::url::UrlParts;
use crate::input::{
    Body, Capture, Credentials, InputFormat, ParseError, RawRecord, RecordError, Source, access_log, basic, curl, har,
    http, json_kind, listen_log,
};
use crate::privacy::{exposed_secrets, is_secret_name};
use crate::vocabulary::lookup::resolve;
use crate::vocabulary::{Family, Field, ValueType};
use document::{Document, Key};
use interpret::interpret;
use walk::Walker;

/// A query parameter or form field, named from the dictionary where it can be.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub(crate) raw: String,
    pub value: String,
    pub(crate) field: Option<&'static Field>,
    /// Named by its name alone, without a configuration mapping it.
    pub(crate) inferred: bool,
    pub(crate) display: Option<Cow<'static, str>>,
    pub(crate) secret: bool,
}

/// A header as captured, with what output may show of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderField {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) secret: bool,
    /// The `$_SERVER` key PHP reads this header under.
    pub(crate) php_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub(crate) method: Option<String>,
    pub(crate) url: Option<String>,
    pub query: Vec<Param>,
    pub(crate) headers: Vec<HeaderField>,
    pub(crate) credentials: Option<Credentials>,
    /// When the capture says the request arrived.
    pub(crate) received: Option<DateTime<FixedOffset>>,
    /// The response status an access log recorded.
    pub(crate) status: Option<u16>,
    pub(crate) content_type: Option<String>,
    pub(crate) form: Vec<Param>,
    /// A body that is neither a form nor a call log, as text.
    pub(crate) body_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub(crate) family: Family,
    pub fields: Vec<FieldRow>,
}

/// One decoded record.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedRecord {
    pub(crate) source: Source,
    pub(crate) format: InputFormat,
    pub request: Option<Request>,
    pub payload: Option<Payload>,
    pub(crate) findings: Vec<Finding>,
}

impl DecodedRecord {
    /// Whether a finding of error severity makes this record a problem.
    pub(crate) fn has_error(&self) -> bool {
        self.findings.iter().any(|f| f.severity() == Severity::Error)
    }
}

/// Decodes one record. A JSON array or a HAR archive yields one result per element.
#[must_use]
pub fn decode_record(raw: &RawRecord, tz: FixedOffset) -> Vec<Result<DecodedRecord, RecordError>> {
    let positioned = |text: &[u8], e: ParseError| RecordError::at(&raw.source, text, e.offset, e.message);
    match raw.format {
        InputFormat::Json | InputFormat::Har => json_document(raw, tz),
        InputFormat::Http => vec![
            http::parse_request(&raw.text)
                .map(|capture| from_capture(capture, raw, tz))
                .map_err(|e| positioned(&raw.text, e)),
        ],
        InputFormat::Url | InputFormat::Curl | InputFormat::AccessLog => {
            let (text, findings) = text_of(raw);
            let parsed = match raw.format {
                InputFormat::Url => parse_target(&text),
                InputFormat::Curl => curl::parse_curl(&text),
                _ => access_log::parse_access_log(&text),
            };
            vec![match parsed {
                Ok(mut capture) => {
                    capture.findings.splice(0..0, findings);
                    Ok(from_capture(capture, raw, tz))
                }
                Err(e) => Err(positioned(text.as_bytes(), e)),
            }]
        }
        InputFormat::ListenLog => match listen_log::parse_line(&raw.text) {
            Ok(listen_log::LogLine::Request(request)) => vec![Ok(from_capture(request.into_capture(), raw, tz))],
            // Forward attempts and notes are not requests.
            Ok(_) => Vec::new(),
            Err(e) => vec![Err(positioned(&raw.text, e))],
        },
        InputFormat::Form => vec![Ok(from_capture(
            Capture {
                method: Some("POST".into()),
                body: Some(Body {
                    bytes: raw.text.clone(),
                    content_type: Some(FORM_TYPE.into()),
                }),
                ..Capture::default()
            },
            raw,
            tz,
        ))],
    }
}

const FORM_TYPE: &str = "application/x-www-form-urlencoded";

/// A JSON record: a call log, an array of them, or a HAR archive.
fn json_document(raw: &RawRecord, tz: FixedOffset) -> Vec<Result<DecodedRecord, RecordError>> {
    // Trailing white space trimmed, so that a truncated document is reported at its
    // last character, not on the line after it.
    let text = raw.text.trim_ascii_end();
    // One UTF-8 check for the record, so `serde_json` need not check each string; bytes
    // that are not UTF-8 go to the byte parser, which says where they are.
    let parsed = match std::str::from_utf8(text) {
        Ok(text) => serde_json::from_str::<Document>(text),
        Err(_) => serde_json::from_slice::<Document>(text),
    };
    let doc = match parsed {
        Ok(doc) => doc,
        Err(e) => return vec![Err(json_error(&raw.source, &raw.text, &e))],
    };
    let at_start = |message: String| {
        let leading = raw.text.len() - raw.text.trim_ascii_start().len();
        RecordError::at(&raw.source, &raw.text, leading, message)
    };
    let looks_har =
        matches!(&doc, Document::Object(entries) if entries.iter().any(|(k, v)| har::is_archive_root(&k.text, v)));
    if looks_har || raw.format == InputFormat::Har {
        let mut har_record = RawRecord {
            format: InputFormat::Har,
            ..raw.clone()
        };
        return match har::parse_har(&doc.into_value()) {
            Ok(entries) => {
                // Each entry is placed at its own line (the record's, where it cannot
                // be found), counted on from the one before.
                let starts = json_array::har_entry_offsets(&raw.text);
                let (mut counted, mut line) = (0, raw.source.line);
                let mut decoded = Vec::with_capacity(entries.len());
                for (i, entry) in entries.into_iter().enumerate() {
                    let start = starts.get(i).copied();
                    if let Some(start) = start {
                        line += memchr::memchr_iter(b'\n', &raw.text[counted..start]).count();
                        counted = start;
                    }
                    har_record.source.line = line;
                    decoded.push(
                        entry
                            .map(|capture| from_capture(capture, &har_record, tz))
                            .map_err(|message| match start {
                                Some(start) => {
                                    RecordError::at(&raw.source, &raw.text, start, format!("HAR archive: {message}"))
                                }
                                None => at_start(format!("HAR archive: {message}")),
                            }),
                    );
                }
                decoded
            }
            Err(message) => vec![Err(at_start(format!("HAR archive: {message}")))],
        };
    }
    match doc {
        Document::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(map) => Ok(bare_call_log(
                    map.into_iter().map(|(k, v)| (Key::from(k.as_str()), v)).collect(),
                    raw,
                    tz,
                )),
                other => Err(at_start(format!(
                    "expected a call log (a JSON object) as element {} of the array, found {}",
                    i + 1,
                    json_kind::described(&other)
                ))),
            })
            .collect(),
        Document::Object(entries) => vec![Ok(bare_call_log(entries, raw, tz))],
        scalar @ Document::Scalar(_) => vec![Err(at_start(format!(
            "expected a call log (a JSON object), found {}",
            scalar.kind()
        )))],
    }
}

/// The record as text; bytes that are not UTF-8 are replaced and reported.
fn text_of(raw: &RawRecord) -> (String, Vec<Finding>) {
    match std::str::from_utf8(&raw.text) {
        Ok(text) => (text.to_owned(), Vec::new()),
        Err(e) => (
            String::from_utf8_lossy(&raw.text).into_owned(),
            vec![Finding::new(
                FindingId::InvalidUtf8,
                None,
                format!(
                    "the record has bytes that are not UTF-8 (first at byte {}); they are shown as U+FFFD",
                    e.valid_up_to() + 1
                ),
            )],
        ),
    }
}

fn json_error(source: &Source, text: &[u8], e: &serde_json::Error) -> RecordError {
    RecordError::at_line_column(
        source,
        text,
        e.line(),
        e.column(),
        format!("invalid JSON: {}", json_message(e)),
    )
}

/// `serde_json`'s message without its " at line X column Y" tail: we say where ourselves.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

fn bare_call_log(entries: Vec<(Key, Value)>, raw: &RawRecord, tz: FixedOffset) -> DecodedRecord {
    let mut findings = Vec::new();
    let payload = payload(entries, tz, &mut findings);
    DecodedRecord {
        source: raw.source.clone(),
        format: raw.format,
        request: None,
        payload: Some(payload),
        findings,
    }
}

fn payload(entries: Vec<(Key, Value)>, tz: FixedOffset, findings: &mut Vec<Finding>) -> Payload {
    let mut walker = Walker::new(tz, findings);
    walker.rows.reserve(entries.len());
    walker.top_level(entries);
    Payload {
        family: walker.family.family(),
        fields: walker.rows,
    }
}

fn from_capture(capture: Capture, raw: &RawRecord, tz: FixedOffset) -> DecodedRecord {
    let Capture {
        method,
        url,
        query,
        headers,
        credentials,
        body,
        received,
        status,
        mut findings,
    } = capture;
    let query = params(query, true, tz, &mut findings);
    let mut credentials = credentials;
    for h in headers.iter().filter(|h| h.name.eq_ignore_ascii_case("authorization")) {
        if let Some(Ok(basic)) = basic::parse_basic(&h.value) {
            credentials.get_or_insert(basic);
        }
    }
    let headers: Vec<HeaderField> = headers
        .into_iter()
        .map(|h| HeaderField {
            secret: is_secret_name(&h.name),
            php_name: php_server_key(&h.name),
            name: h.name,
            value: h.value,
        })
        .collect();
    header_findings(&headers, url.as_deref(), credentials.is_some(), &mut findings);
    let content_type = body.as_ref().and_then(|b| b.content_type.clone());
    let (form, body_text, payload) = match body {
        Some(body) => read_body(&body, tz, &mut findings),
        None => (Vec::new(), None, None),
    };
    DecodedRecord {
        source: raw.source.clone(),
        format: raw.format,
        request: Some(Request {
            method,
            url,
            query,
            headers,
            credentials,
            received,
            status,
            content_type,
            form,
            body_text,
        }),
        payload,
        findings,
    }
}

/// What a body holds: a form (with the call log in `myoperator`), a JSON call log,
/// or text, as its Content-Type says and its shape confirms.
fn read_body(
    body: &Body,
    tz: FixedOffset,
    findings: &mut Vec<Finding>,
) -> (Vec<Param>, Option<String>, Option<Payload>) {
    let Ok(text) = std::str::from_utf8(&body.bytes) else {
        findings.push(Finding::new(
            FindingId::BodyNotForm,
            None,
            format!(
                "the body is {} bytes of binary data, not a form or JSON",
                body.bytes.len()
            ),
        ));
        return (
            Vec::new(),
            Some(String::from_utf8_lossy(&body.bytes).into_owned()),
            None,
        );
    };
    let declared = body.content_type.as_deref().unwrap_or_default().to_ascii_lowercase();
    let looks_json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
    let looks_form = !looks_json && looks_like_form(text);
    if declared.contains("json") || (declared.is_empty() && looks_json) {
        return json_body(text, tz, findings);
    }
    if declared.contains("x-www-form-urlencoded") && !looks_form {
        let what = if looks_json { "JSON" } else { "not a form" };
        findings.push(Finding::new(
            FindingId::BodyNotForm,
            None,
            format!("Content-Type says form but the body is {what}: PHP's $_POST['myoperator'] stays unset"),
        ));
        return (Vec::new(), Some(text.to_owned()), None);
    }
    if !declared.is_empty() && !declared.contains("x-www-form-urlencoded") || !looks_form {
        findings.push(Finding::new(
            FindingId::BodyNotForm,
            None,
            match body.content_type.as_deref() {
                Some(t) => format!("the body is `{t}`, neither a form nor JSON; it is shown as text"),
                None => "the body is neither a form nor JSON; it is shown as text".into(),
            },
        ));
        return (Vec::new(), Some(text.to_owned()), None);
    }
    form_body(text, tz, findings)
}

/// A JSON body: the call log, or the text with why it is not one.
fn json_body(
    text: &str,
    tz: FixedOffset,
    findings: &mut Vec<Finding>,
) -> (Vec<Param>, Option<String>, Option<Payload>) {
    match serde_json::from_str::<Document>(text) {
        Ok(Document::Object(entries)) => (Vec::new(), None, Some(payload(entries, tz, findings))),
        Ok(other) => {
            findings.push(Finding::new(
                FindingId::BodyNotJson,
                None,
                format!("the JSON body is {}, not a call log object", other.kind()),
            ));
            (Vec::new(), Some(text.to_owned()), None)
        }
        Err(e) => {
            findings.push(Finding::new(
                FindingId::BodyNotJson,
                None,
                format!(
                    "the body is declared as JSON but is not: {} at line {} column {} of the body",
                    json_message(&e),
                    e.line(),
                    e.column()
                ),
            ));
            (Vec::new(), Some(text.to_owned()), None)
        }
    }
}

/// A form body: its fields, and the call log in `myoperator`.
fn form_body(
    text: &str,
    tz: FixedOffset,
    findings: &mut Vec<Finding>,
) -> (Vec<Param>, Option<String>, Option<Payload>) {
    let (pairs, form_findings) = parse_form(text, FormContext::Body);
    findings.extend(form_findings);
    let payload = match pairs.iter().find(|p| p.name == "myoperator") {
        None => {
            findings.push(Finding::new(
                FindingId::MyoperatorMissing,
                None,
                "the form body has no `myoperator` field, where MyOperator sends the call log".into(),
            ));
            None
        }
        Some(pair) => match serde_json::from_str::<Document>(&pair.value) {
            Ok(Document::Object(entries)) => Some(payload(entries, tz, findings)),
            Ok(other) => {
                findings.push(Finding::new(
                    FindingId::MyoperatorNotJson,
                    Some("myoperator"),
                    format!(
                        "`myoperator` is JSON but not an object: {}",
                        interpret::compact(&other.into_value())
                    ),
                ));
                None
            }
            Err(e) => {
                findings.push(Finding::new(
                    FindingId::MyoperatorNotJson,
                    Some("myoperator"),
                    format!(
                        "`myoperator` is not JSON: {} at character {} of its value",
                        json_message(&e),
                        e.column()
                    ),
                ));
                None
            }
        },
    };
    (params(pairs, false, tz, findings), None, payload)
}

/// `name=value&...`: a name of token characters before the first `=`.
fn looks_like_form(text: &str) -> bool {
    let text = text.trim();
    text.split('&')
        .next()
        .and_then(|first| first.split_once('='))
        .is_some_and(|(name, _)| {
            !name.is_empty() && !name.contains(|c: char| c.is_whitespace() || c == '{' || c == '"')
        })
}

/// The key PHP's `$_SERVER` gives a request header: `HTTP_` and the name upper-cased
/// with `-` as `_`. Content-Type and Content-Length lose the prefix.
pub(crate) fn php_server_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() + 5);
    key.push_str("HTTP_");
    key.extend(
        name.chars()
            .map(|c| if c == '-' { '_' } else { c.to_ascii_uppercase() }),
    );
    if matches!(&key[5..], "CONTENT_TYPE" | "CONTENT_LENGTH") {
        key.drain(..5);
    }
    key
}

/// Headers every HTTP client sends, whose `$_SERVER` key nobody needs told.
const STANDARD_HEADERS: &[&str] = &[
    "accept",
    "accept-encoding",
    "accept-language",
    "authorization",
    "cache-control",
    "connection",
    "content-length",
    "content-type",
    "cookie",
    "expect",
    "host",
    "origin",
    "pragma",
    "referer",
    "te",
    "transfer-encoding",
    "upgrade",
    "user-agent",
];

fn header_findings(headers: &[HeaderField], url: Option<&str>, has_credentials: bool, findings: &mut Vec<Finding>) {
    for h in headers {
        let lower = h.name.to_ascii_lowercase();
        if STANDARD_HEADERS.contains(&lower.as_str())
            || lower.starts_with("sec-")
            || lower.starts_with("x-forwarded-")
            || lower.starts_with(':')
        {
            continue;
        }
        let mut message = format!("PHP reads `{}` as $_SERVER['{}']", h.name, h.php_name);
        if h.name.contains('_') {
            message.push_str("; nginx drops header names with `_` unless `underscores_in_headers on`");
        }
        findings.push(Finding::new(FindingId::PhpHeaderName, Some(&h.name), message));
    }
    if url.is_some_and(|u| UrlParts::split(u).is_plain_http())
        && let Some(what) = exposed_secrets(has_credentials, headers.iter().map(|h| h.name.as_str()))
    {
        findings.push(Finding::new(
            FindingId::SecretOverHttp,
            None,
            format!("{what} are sent over plain http, readable by anyone on the path; use https"),
        ));
    }
}

/// Names query parameters (and form fields) from the dictionary: a parameter called
/// like a key, id or dropdown label is taken as that field, marked as inferred.
fn params(pairs: Vec<FormPair>, query: bool, tz: FixedOffset, findings: &mut Vec<Finding>) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::with_capacity(pairs.len());
    // How often each name was seen so far: one look-up a parameter, however many.
    let mut seen: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    for pair in pairs {
        let count = if query {
            let count = seen.entry(pair.name.clone()).or_default();
            *count += 1;
            *count
        } else {
            0
        };
        // Reported once, at the second occurrence.
        if count == 2 {
            findings.push(Finding::new(
                FindingId::DuplicateQueryParam,
                Some(&pair.name),
                format!(
                    "`{}` is given more than once: PHP's $_GET keeps the last value, most other frameworks the first",
                    pair.name
                ),
            ));
        }
        let field = (query || pair.name != "myoperator")
            .then(|| resolve(&pair.name))
            .flatten()
            .filter(|f| !matches!(f.value_type, ValueType::List | ValueType::KeyedList | ValueType::Opaque));
        let display = field.and_then(|f| {
            let shown = interpret(f, &Value::String(pair.value.clone()), tz);
            if let Some((id, message)) = shown.problem {
                findings.push(Finding::new(id, Some(&pair.name), message));
            }
            shown.display
        });
        let secret = is_secret_name(&pair.name);
        out.push(Param {
            name: pair.name,
            raw: pair.raw_value,
            value: pair.value,
            field,
            inferred: field.is_some(),
            display,
            secret,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_keys() {
        assert_eq!(php_server_key("my-super-secret-token"), "HTTP_MY_SUPER_SECRET_TOKEN");
        assert_eq!(php_server_key("Content-Type"), "CONTENT_TYPE");
        assert_eq!(php_server_key("X_Api_Key"), "HTTP_X_API_KEY");
    }

    #[test]
    fn form_shapes() {
        assert!(looks_like_form("myoperator=%7B%7D&a=b"));
        assert!(looks_like_form("a="));
        assert!(!looks_like_form("{\"a\": 1}"));
        assert!(!looks_like_form("hello world"));
        assert!(!looks_like_form("a b=c"));
    }
}
