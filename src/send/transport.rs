//! Where a request carries its call log, read out as JSON and written back in the
//! same transport: the `myoperator` field of a form body, a JSON body (the log bare,
//! or under `myoperator` as an object or as JSON text, the 2025 shapes), or the
//! query string of a GET webhook, each parameter a field.
//!
//! Writing back re-encodes only what holds the log: the form's other fields and the
//! query's other parameters keep their bytes.

use serde_json::{Map, Value};

use super::request::OutboundRequest;
use crate::input::form::{FormContext, parse_form};

/// How the log travels in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `myoperator=<JSON>` in a form body.
    FormField,
    /// A JSON object body that is the log.
    JsonBare,
    /// A JSON object body with the log under `myoperator`.
    JsonWrapped,
    /// A JSON object body with the log as JSON text under `myoperator`.
    JsonWrappedText,
    /// The query string: one parameter per field, values as text.
    Query,
}

impl Transport {
    pub fn describe(self) -> &'static str {
        match self {
            Self::FormField => "the form field `myoperator`",
            Self::JsonBare => "the JSON body",
            Self::JsonWrapped => "the JSON body's `myoperator` object",
            Self::JsonWrappedText => "the JSON text in the JSON body's `myoperator`",
            Self::Query => "the query string",
        }
    }
}

/// A call log read out of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct CallLog {
    pub transport: Transport,
    pub log: Map<String, Value>,
}

/// The call log in the body, if the body holds one.
pub fn body_log(request: &OutboundRequest) -> Option<CallLog> {
    let text = std::str::from_utf8(&request.body).ok()?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        let Ok(Value::Object(mut object)) = serde_json::from_str::<Value>(text) else {
            return None;
        };
        return Some(match object.remove("myoperator") {
            Some(Value::Object(log)) if object.is_empty() => CallLog {
                transport: Transport::JsonWrapped,
                log,
            },
            Some(Value::String(inner)) if object.is_empty() => match serde_json::from_str(&inner) {
                Ok(Value::Object(log)) => CallLog {
                    transport: Transport::JsonWrappedText,
                    log,
                },
                _ => return None,
            },
            Some(other) => {
                object.insert("myoperator".into(), other);
                CallLog {
                    transport: Transport::JsonBare,
                    log: object,
                }
            }
            None => CallLog {
                transport: Transport::JsonBare,
                log: object,
            },
        });
    }
    let (pairs, _) = parse_form(text, FormContext::Body);
    let pair = pairs.iter().find(|p| p.name == "myoperator")?;
    match serde_json::from_str(&pair.value) {
        Ok(Value::Object(log)) => Some(CallLog {
            transport: Transport::FormField,
            log,
        }),
        _ => None,
    }
}

/// The query string's parameters as a log of text values (the first of a repeated
/// name), if there are any.
pub fn query_log(request: &OutboundRequest) -> Option<CallLog> {
    let query = request.path_and_query().split_once('?')?.1;
    let (pairs, _) = parse_form(query, FormContext::Query);
    let mut log = Map::new();
    for pair in pairs {
        log.entry(pair.name).or_insert(Value::String(pair.value));
    }
    (!log.is_empty()).then_some(CallLog {
        transport: Transport::Query,
        log,
    })
}

/// The call log a request carries: the body's, else the query string's.
pub fn call_log(request: &OutboundRequest) -> Option<CallLog> {
    body_log(request).or_else(|| query_log(request))
}

/// Writes `edited` back into the request, in its transport.
pub fn write_back(request: &mut OutboundRequest, edited: &CallLog) {
    let compact = |log: &Map<String, Value>| Value::Object(log.clone()).to_string();
    match edited.transport {
        Transport::JsonBare => request.body = compact(&edited.log).into_bytes(),
        Transport::JsonWrapped => {
            let mut outer = Map::new();
            outer.insert("myoperator".into(), Value::Object(edited.log.clone()));
            request.body = Value::Object(outer).to_string().into_bytes();
        }
        Transport::JsonWrappedText => {
            let mut outer = Map::new();
            outer.insert("myoperator".into(), Value::String(compact(&edited.log)));
            request.body = Value::Object(outer).to_string().into_bytes();
        }
        Transport::FormField => {
            let text = String::from_utf8_lossy(&request.body).into_owned();
            let encoded = encode_pair("myoperator", &compact(&edited.log));
            request.body = replace_pairs(&text, FormContext::Body, |name, _| {
                (name == "myoperator").then(|| encoded.clone())
            })
            .into_bytes();
        }
        Transport::Query => {
            let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
            let mut done: Vec<String> = Vec::new();
            let rebuilt = replace_pairs(query, FormContext::Query, |name, value| {
                let new = edited.log.get(name)?;
                let new = match new {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                // Only the first of a repeated name is the log's.
                if done.iter().any(|d| d == name) || new == value {
                    return None;
                }
                done.push(name.to_owned());
                Some(encode_pair(name, &new))
            });
            request.target = format!("{path}?{rebuilt}");
        }
    }
}

/// `name=value`, form-encoded.
pub fn encode_pair(name: &str, value: &str) -> String {
    form_encode(&[(name, value)])
}

/// Pairs form-encoded by serde_urlencoded, with its `+` for a space written `%20`:
/// both mean a space, but a `+` reads as a literal plus to anyone who decodes by
/// hand (`decode` warns of it), and serde_urlencoded writes a literal `+` as `%2B`,
/// so every `+` it writes is a space.
pub fn form_encode<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    serde_urlencoded::to_string(pairs)
        .unwrap_or_default()
        .replace('+', "%20")
}

/// The form text with the pairs `replace` gives new text for replaced, the others
/// kept byte for byte.
fn replace_pairs(text: &str, context: FormContext, mut replace: impl FnMut(&str, &str) -> Option<String>) -> String {
    let (pairs, _) = parse_form(text, context);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for pair in pairs {
        let end = text[pair.offset..].find('&').map_or(text.len(), |p| pair.offset + p);
        if let Some(new) = replace(&pair.name, &pair.value) {
            out.push_str(&text[copied..pair.offset]);
            out.push_str(&new);
            copied = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::send::request::Label;

    fn request(target: &str, body: &str) -> OutboundRequest {
        OutboundRequest {
            method: "POST".into(),
            target: target.into(),
            host: None,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
            label: Label::default(),
            at: None,
            ..OutboundRequest::default()
        }
    }

    #[test]
    fn a_form_keeps_its_other_fields_byte_for_byte() {
        let mut r = request("/h", "a=%2b1&myoperator=%7B%22call_state%22%3A%221%22%7D&b=x+y");
        let mut log = body_log(&r).unwrap();
        assert_eq!(log.transport, Transport::FormField);
        log.log.insert("call_state".into(), Value::String("6".into()));
        write_back(&mut r, &log);
        assert_eq!(
            String::from_utf8(r.body.clone()).unwrap(),
            "a=%2b1&myoperator=%7B%22call_state%22%3A%226%22%7D&b=x+y"
        );
    }

    #[test]
    fn every_json_shape_reads_and_writes_back() {
        for (body, transport) in [
            (r#"{"uid":"a","call_state":"1"}"#, Transport::JsonBare),
            (r#"{"myoperator":{"uid":"a","call_state":"1"}}"#, Transport::JsonWrapped),
            (
                r#"{"myoperator":"{\"uid\":\"a\",\"call_state\":\"1\"}"}"#,
                Transport::JsonWrappedText,
            ),
        ] {
            let mut r = request("/h", body);
            let mut log = body_log(&r).unwrap();
            assert_eq!(log.transport, transport);
            log.log.insert("call_state".into(), Value::String("2".into()));
            write_back(&mut r, &log);
            assert_eq!(body_log(&r).unwrap(), log, "{body}");
        }
    }

    #[test]
    fn a_query_changes_only_the_edited_parameter() {
        let mut r = request("/hook?caller_number=%2B91971&call_state=1&x=a+b&call_state=9", "");
        r.body.clear();
        let mut log = call_log(&r).unwrap();
        assert_eq!(log.transport, Transport::Query);
        assert_eq!(log.log["caller_number"], "+91971");
        log.log.insert("call_state".into(), Value::String("6 x".into()));
        write_back(&mut r, &log);
        assert_eq!(
            r.target,
            "/hook?caller_number=%2B91971&call_state=6%20x&x=a+b&call_state=9"
        );
    }
}
