//! Decoding: from a record's bytes to every field with its meaning, and findings.
//!
//! `decode_record` is the one entry point that `decode` (and later `timeline`) call.
//! It reads the record by its format (`crate::input`), names query parameters and
//! call-log fields from the dictionary (`crate::vocabulary`), and returns values; it
//! never prints.

pub mod interpret;
pub mod walk;

use chrono::FixedOffset;
use serde_json::{Map, Value};

use crate::findings::{Finding, FindingId};
use crate::input::form::{FormContext, FormPair, parse_form};
use crate::input::target::parse_target;
use crate::input::{Capture, InputFormat, RawRecord, RecordError, Source};
use crate::privacy::is_secret_name;
use crate::vocabulary::lookup::{by_pattern, resolve};
use crate::vocabulary::{Field, ValueType};
use interpret::interpret;
use walk::{FieldRow, Walker};

/// Which payload family a call log belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Long keys (`clid_raw`, `call_state`), sent during the call.
    InCall,
    /// Short keys (`_ai`, `_cr`), sent once the call has ended.
    AfterCall,
    Unknown,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InCall => "in-call",
            Self::AfterCall => "after-call",
            Self::Unknown => "unknown",
        }
    }
}

/// A query parameter or form field, named from the dictionary where it can be.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub raw: String,
    pub value: String,
    pub field: Option<&'static Field>,
    /// Named by its name alone, without a configuration mapping it.
    pub inferred: bool,
    pub display: Option<String>,
    pub secret: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Option<String>,
    pub url: Option<String>,
    pub query: Vec<Param>,
    pub form: Vec<Param>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub family: Family,
    pub fields: Vec<FieldRow>,
}

/// One decoded record.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedRecord {
    pub source: Source,
    pub format: InputFormat,
    pub request: Option<Request>,
    pub payload: Option<Payload>,
    pub findings: Vec<Finding>,
}

/// Decodes one record. A JSON array yields one result per element.
pub fn decode_record(raw: &RawRecord, tz: FixedOffset) -> Vec<Result<DecodedRecord, RecordError>> {
    let record = |capture: Capture| Ok(from_capture(capture, raw, tz));
    match raw.format {
        // Trailing white space trimmed, so that a truncated document is reported at its
        // last character, not on the line after it.
        InputFormat::Json => match serde_json::from_slice::<Value>(raw.text.trim_ascii_end()) {
            Err(e) => vec![Err(json_error(&raw.source, &raw.text, &e))],
            Ok(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::Object(map) => Ok(bare_call_log(&map, raw, tz)),
                    other => Err(not_an_object(raw, &other, Some(i + 1))),
                })
                .collect(),
            Ok(Value::Object(map)) => vec![Ok(bare_call_log(&map, raw, tz))],
            Ok(other) => vec![Err(not_an_object(raw, &other, None))],
        },
        InputFormat::Url => {
            let (text, findings) = text_of(raw);
            vec![match parse_target(&text) {
                Ok(mut capture) => {
                    capture.findings.splice(0..0, findings);
                    record(capture)
                }
                Err((offset, message)) => Err(RecordError::at(&raw.source, text.as_bytes(), offset, message)),
            }]
        }
        InputFormat::Form => {
            let (text, mut findings) = text_of(raw);
            let (form, form_findings) = parse_form(&text, FormContext::Body);
            findings.extend(form_findings);
            vec![record(Capture {
                method: Some("POST".into()),
                form,
                findings,
                ..Capture::default()
            })]
        }
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

/// serde_json's message without its " at line X column Y" tail: we say where ourselves.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

fn not_an_object(raw: &RawRecord, value: &Value, element: Option<usize>) -> RecordError {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let leading = raw.text.len() - raw.text.trim_ascii_start().len();
    RecordError::at(
        &raw.source,
        &raw.text,
        leading,
        match element {
            Some(n) => format!("expected a call log (a JSON object) as element {n} of the array, found {kind}"),
            None => format!("expected a call log (a JSON object), found {kind}"),
        },
    )
}

fn bare_call_log(map: &Map<String, Value>, raw: &RawRecord, tz: FixedOffset) -> DecodedRecord {
    let mut findings = Vec::new();
    let payload = payload(map, tz, &mut findings);
    DecodedRecord {
        source: raw.source.clone(),
        format: raw.format,
        request: None,
        payload: Some(payload),
        findings,
    }
}

fn payload(map: &Map<String, Value>, tz: FixedOffset, findings: &mut Vec<Finding>) -> Payload {
    let mut walker = Walker::new(tz, findings);
    walker.object(map, "", "");
    Payload {
        family: family(map),
        fields: walker.rows,
    }
}

/// After-Call logs use short `_` keys; In-Call logs use the long keys of the seed.
fn family(map: &Map<String, Value>) -> Family {
    let short = map.keys().filter(|k| k.starts_with('_')).count();
    let long = map
        .keys()
        .filter(|k| by_pattern(k).is_some_and(|f| f.in_call == Some(k.as_str())))
        .count();
    if short > long {
        Family::AfterCall
    } else if long > 0 {
        Family::InCall
    } else {
        Family::Unknown
    }
}

fn from_capture(capture: Capture, raw: &RawRecord, tz: FixedOffset) -> DecodedRecord {
    let Capture {
        method,
        url,
        query,
        form,
        json,
        mut findings,
    } = capture;
    let query = params(&query, true, tz, &mut findings);
    let mut payload_json = json.map(|text| ("body", text));
    let is_form = raw.format == InputFormat::Form;
    if is_form {
        match form.iter().find(|p| p.name == "myoperator") {
            Some(pair) => payload_json = Some(("myoperator", pair.value.clone())),
            None => findings.push(Finding::new(
                FindingId::MyoperatorMissing,
                None,
                "the form body has no `myoperator` field, where MyOperator sends the call log".into(),
            )),
        }
    }
    let form = params(&form, false, tz, &mut findings);
    let payload = payload_json.and_then(|(name, text)| match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Some(payload(&map, tz, &mut findings)),
        Ok(other) => {
            findings.push(Finding::new(
                FindingId::MyoperatorNotJson,
                Some(name),
                format!("`{name}` is JSON but not an object: {}", interpret::compact(&other)),
            ));
            None
        }
        Err(e) => {
            findings.push(Finding::new(
                FindingId::MyoperatorNotJson,
                Some(name),
                format!(
                    "`{name}` is not JSON: {} at character {} of its value",
                    json_message(&e),
                    e.column()
                ),
            ));
            None
        }
    });
    DecodedRecord {
        source: raw.source.clone(),
        format: raw.format,
        request: Some(Request {
            method,
            url,
            query,
            form,
        }),
        payload,
        findings,
    }
}

/// Names query parameters (and form fields) from the dictionary: a parameter called
/// like a key, id or dropdown label is taken as that field, marked as inferred.
fn params(pairs: &[FormPair], query: bool, tz: FixedOffset, findings: &mut Vec<Finding>) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::with_capacity(pairs.len());
    for pair in pairs {
        // Reported once, at the second occurrence.
        if query && out.iter().filter(|p| p.name == pair.name).count() == 1 {
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
        out.push(Param {
            name: pair.name.clone(),
            raw: pair.raw_value.clone(),
            value: pair.value.clone(),
            field,
            inferred: field.is_some(),
            display,
            secret: is_secret_name(&pair.name),
        });
    }
    out
}
