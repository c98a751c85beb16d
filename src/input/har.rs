//! HAR 1.2 archives, as browser devtools and proxies export them: the request of every
//! entry, with its `startedDateTime` as the time it was received.
//!
//! A HAR file is one JSON document, so it is the one input read whole.

use chrono::DateTime;
use serde_json::Value;

use super::form::parse_query_of;
use super::json_kind::described as kind;
use super::{Body, Capture, Header};

/// The one top-level key of a HAR archive.
pub const ROOT_KEY: &str = "log";

/// Whether a top-level entry of a JSON object makes it a HAR archive rather than a
/// call log: `"log": {"entries": ...}`.
pub fn is_archive_root(key: &str, value: &Value) -> bool {
    key == ROOT_KEY && value.get("entries").is_some()
}

/// One capture per entry; an entry that is not a well-formed HAR request is an error
/// naming its JSON path and what was expected there.
pub fn parse_har(doc: &Value) -> Result<Vec<Result<Capture, String>>, String> {
    let entries = doc
        .pointer("/log/entries")
        .and_then(Value::as_array)
        .ok_or("expected `log.entries` to be an array of requests")?;
    Ok(entries
        .iter()
        .enumerate()
        .map(|(i, entry)| parse_entry(entry, i))
        .collect())
}

fn parse_entry(entry: &Value, i: usize) -> Result<Capture, String> {
    let at = |path: &str| format!("log.entries[{i}].{path}");
    let text = |value: Option<&Value>, path: &str| -> Result<String, String> {
        match value {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(format!("{}: expected a string, found {}", at(path), kind(other))),
            None => Err(format!("{}: expected a string, found nothing", at(path))),
        }
    };
    let request = entry
        .get("request")
        .filter(|r| r.is_object())
        .ok_or_else(|| format!("{}: expected an object", at("request")))?;
    let method = text(request.get("method"), "request.method")?;
    let url = text(request.get("url"), "request.url")?;
    let received = match entry.get("startedDateTime") {
        None => None,
        Some(value) => {
            let started = text(Some(value), "startedDateTime")?;
            Some(DateTime::parse_from_rfc3339(&started).map_err(|e| {
                format!(
                    "{}: expected an ISO 8601 date-time, found {started:?} ({e})",
                    at("startedDateTime")
                )
            })?)
        }
    };
    let mut headers = Vec::new();
    match request.get("headers") {
        None => {}
        Some(Value::Array(list)) => {
            for (j, h) in list.iter().enumerate() {
                headers.push(Header {
                    name: text(h.get("name"), &format!("request.headers[{j}].name"))?,
                    value: text(h.get("value"), &format!("request.headers[{j}].value"))?,
                    offset: 0,
                    has_colon: true,
                });
            }
        }
        Some(other) => {
            return Err(format!(
                "{}: expected an array, found {}",
                at("request.headers"),
                kind(other)
            ));
        }
    }
    let body = match request.get("postData") {
        None | Some(Value::Null) => None,
        Some(post) if post.is_object() => {
            let content_type = post.get("mimeType").and_then(Value::as_str).map(str::to_owned);
            let bytes = match (post.get("text"), post.get("params")) {
                (Some(Value::String(t)), _) => t.clone().into_bytes(),
                (_, Some(Value::Array(params))) => params
                    .iter()
                    .enumerate()
                    .map(|(j, p)| {
                        let name = text(p.get("name"), &format!("request.postData.params[{j}].name"))?;
                        let value = p.get("value").and_then(Value::as_str).unwrap_or_default();
                        Ok(format!("{name}={value}"))
                    })
                    .collect::<Result<Vec<_>, String>>()?
                    .join("&")
                    .into_bytes(),
                (Some(other), _) => {
                    return Err(format!(
                        "{}: expected a string, found {}",
                        at("request.postData.text"),
                        kind(other)
                    ));
                }
                _ => Vec::new(),
            };
            (!bytes.is_empty()).then_some(Body { bytes, content_type })
        }
        Some(other) => {
            return Err(format!(
                "{}: expected an object, found {}",
                at("request.postData"),
                kind(other)
            ));
        }
    };
    let (query, findings) = parse_query_of(&url);
    Ok(Capture {
        method: Some(method),
        url: Some(url),
        query,
        headers,
        body,
        received,
        findings,
        ..Capture::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_become_captures_with_their_received_time() {
        let doc = json!({"log": {"version": "1.2", "entries": [
            {"startedDateTime": "2020-08-01T08:35:56.120+05:30",
             "request": {"method": "POST", "url": "https://x/h?uid=n2.1.2",
                         "headers": [{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}],
                         "postData": {"mimeType": "application/x-www-form-urlencoded",
                                      "params": [{"name": "myoperator", "value": "%7B%7D"}]}}},
            {"request": {"method": "GET", "url": 5}}
        ]}});
        assert!(is_archive_root("log", &doc["log"]));
        assert!(!is_archive_root("log", &json!({"version": "1.2"})));
        assert!(!is_archive_root("_ld", &doc["log"]));
        let captures = parse_har(&doc).unwrap();
        let first = captures[0].as_ref().unwrap();
        assert_eq!(first.received.unwrap().to_rfc3339(), "2020-08-01T08:35:56.120+05:30");
        assert_eq!(first.body.as_ref().unwrap().bytes, b"myoperator=%7B%7D");
        assert_eq!(first.query[0].name, "uid");
        assert_eq!(
            captures[1].as_ref().unwrap_err(),
            "log.entries[1].request.url: expected a string, found a number"
        );
        assert!(parse_har(&json!({"log": {"entries": {}}})).is_err());
    }
}
