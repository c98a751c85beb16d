//! `--set PATH=VALUE`: a change to a field of the decoded call log, made in the
//! request's own transport (`transport`), and checked for every request before
//! anything is sent.
//!
//! PATH is a path in the log as `decode` shows it (`call_state`, `_ld[0]._ds`,
//! `_pm[ui]`, `payload.status`), or any name the field dictionary knows for a
//! top-level field (`status` finds `_su` in an After-Call log, `uid` its
//! `_pm[ui]`). A GET's query parameters are fields by name, and a POST's query
//! parameters named after the field change with it. VALUE is text, converted to the
//! JSON type the field is sent as (a string stays a string, a number must be one)
//! and checked against the dictionary's type for the field (a code must be a
//! documented one); `PATH:=JSON` sets any JSON value, checked only that the path
//! exists. A path that matches no request, or a value the field cannot take, is an
//! error with the path, where, and a did-you-mean: never ignored.

use std::fmt::Write as _;

use chrono::FixedOffset;
use serde_json::{Map, Value};

use super::request::OutboundRequest;
use super::transport::{CallLog, Transport, body_log, query_log, write_back};
use crate::decode::interpret::{compact, interpret};
use crate::findings::FindingId;
use crate::vocabulary::Field;
use crate::vocabulary::codes::documented_values;
use crate::vocabulary::lookup::{after_call_keys, by_pattern, in_call_key, nearest, resolve, suggest};

/// One `--set`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// As given, for messages.
    pub arg: String,
    pub path: String,
    segments: Vec<Segment>,
    value: EditValue,
}

#[derive(Debug, Clone, PartialEq)]
enum EditValue {
    Text(String),
    Json(Value),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
    /// `[ui]`: the element of a `{"ky","vl"}` list whose `ky` is this.
    Keyed(String),
}

/// A `--set` that cannot be made, said as the user should read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    pub message: String,
    pub help: Option<String>,
}

impl Edit {
    /// `PATH=VALUE` or `PATH:=JSON`.
    pub fn parse(arg: &str) -> Result<Edit, EditError> {
        let error = |message: String, help: &str| EditError {
            message: format!("--set {arg}: {message}"),
            help: Some(help.to_owned()),
        };
        let Some(eq) = arg.find('=') else {
            return Err(error(
                "expected PATH=VALUE".into(),
                "write the field's path, `=` and the new value: `--set call_state=6`, `--set _ld[0]._ds=NOANSWER`",
            ));
        };
        let (path, value) = if arg[..eq].ends_with(':') {
            let json = &arg[eq + 1..];
            let value = serde_json::from_str(json).map_err(|e| {
                error(
                    format!("`{json}` is not JSON ({e})"),
                    "`:=` takes a JSON value (`--set _su:=2`, `--set users:='[\"9180\"]'`); `=` takes text",
                )
            })?;
            (&arg[..eq - 1], EditValue::Json(value))
        } else {
            (&arg[..eq], EditValue::Text(arg[eq + 1..].to_owned()))
        };
        let segments = parse_path(path).map_err(|m| error(m, "paths are written as decode shows them: `call_state`, `_ld[0]._rr[0]._ct`, `_pm[ui]`, `payload.legs[1].dial_status`"))?;
        Ok(Edit {
            arg: arg.to_owned(),
            path: path.to_owned(),
            segments,
            value,
        })
    }
}

fn parse_path(path: &str) -> Result<Vec<Segment>, String> {
    if path.is_empty() {
        return Err("the path is empty".into());
    }
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']').ok_or_else(|| format!("`[` without `]` in `{path}`"))?;
            let inner = &after[..close];
            if inner.is_empty() {
                return Err(format!("`[]` in `{path}`: name one element, such as `[0]`"));
            }
            segments.push(match inner.parse::<usize>() {
                Ok(i) => Segment::Index(i),
                Err(_) => Segment::Keyed(inner.to_owned()),
            });
            rest = &after[close + 1..];
            rest = rest.strip_prefix('.').unwrap_or(rest);
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            if end == 0 {
                return Err(format!("an empty name in `{path}`"));
            }
            segments.push(Segment::Key(rest[..end].to_owned()));
            rest = &rest[end..];
            if let Some(after) = rest.strip_prefix('.') {
                if after.is_empty() {
                    return Err(format!("`{path}` ends with `.`"));
                }
                rest = after;
            }
        }
    }
    Ok(segments)
}

/// Where an edit landed in one log: the concrete path and the field, if the
/// dictionary has it.
struct Target {
    segments: Vec<Segment>,
    field: Option<&'static Field>,
}

/// Makes every edit in every request it matches, or changes nothing and says every
/// edit that cannot be made. Returns how many requests each edit changed.
pub fn apply(edits: &[Edit], requests: &mut [OutboundRequest], tz: FixedOffset) -> Result<Vec<usize>, Vec<EditError>> {
    let mut errors: Vec<(usize, EditError)> = Vec::new();
    let mut counts = vec![0; edits.len()];
    let mut edited: Vec<(usize, Vec<CallLog>)> = Vec::new();
    for (i, request) in requests.iter().enumerate() {
        let body = body_log(request);
        let query = query_log(request).filter(|_| body.is_none() || !request.method.eq_ignore_ascii_case("GET"));
        let mut logs: Vec<CallLog> = body.into_iter().chain(query).collect();
        let mut changed = false;
        for (e, edit) in edits.iter().enumerate() {
            let mut hit = false;
            for n in 0..logs.len() {
                let is_query_beside_body = n > 0;
                let Some(target) = locate(&logs[n], edit, is_query_beside_body) else {
                    continue;
                };
                let v2 = is_v2(&logs[0].log);
                match new_value(edit, &logs[n], &target, v2, tz) {
                    Ok(value) => {
                        if let Some(slot) = get_mut(&mut logs[n].log, &target.segments) {
                            *slot = value;
                            hit = true;
                        }
                    }
                    Err(message) => {
                        if !errors.iter().any(|(x, _)| *x == e) {
                            errors.push((
                                e,
                                EditError {
                                    message: format!(
                                        "--set {}: {message} (in {}, {})",
                                        edit.arg,
                                        request.label.origin,
                                        logs[n].transport.describe()
                                    ),
                                    help: help_for(edit, &logs[n], &target),
                                },
                            ));
                        }
                    }
                }
            }
            if hit {
                counts[e] += 1;
                changed = true;
            }
        }
        if changed {
            edited.push((i, logs));
        }
    }
    for (e, edit) in edits.iter().enumerate() {
        if counts[e] == 0 && !errors.iter().any(|(x, _)| *x == e) {
            errors.push((e, no_match(edit, requests)));
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|(e, _)| *e);
        return Err(errors.into_iter().map(|(_, error)| error).collect());
    }
    for (i, logs) in edited {
        for log in &logs {
            write_back(&mut requests[i], log);
        }
    }
    Ok(counts)
}

fn is_v2(log: &Map<String, Value>) -> bool {
    log.contains_key("event_type") && log.contains_key("payload")
}

/// Where `edit` lands in `log`: its path as written, else (for one top-level name)
/// the key the dictionary gives that field in this log.
fn locate(log: &CallLog, edit: &Edit, query_beside_body: bool) -> Option<Target> {
    let v2 = is_v2(&log.log);
    let field_of = |segments: &[Segment]| {
        if v2 {
            None
        } else if log.transport == Transport::Query {
            match segments {
                [Segment::Key(k)] => resolve(k),
                _ => None,
            }
        } else {
            by_pattern(&pattern(segments))
        }
    };
    if !query_beside_body && get(&log.log, &edit.segments).is_some() {
        return Some(Target {
            field: field_of(&edit.segments),
            segments: edit.segments.clone(),
        });
    }
    let [Segment::Key(name)] = edit.segments.as_slice() else {
        return None;
    };
    let wanted = resolve(name).filter(|_| !v2)?;
    if log.transport == Transport::Query {
        let key = log.log.keys().find(|k| resolve(k).is_some_and(|f| f.id == wanted.id))?;
        return Some(Target {
            segments: vec![Segment::Key(key.clone())],
            field: Some(wanted),
        });
    }
    let keys = in_call_key(wanted)
        .into_iter()
        .chain(after_call_keys(wanted).iter().copied().filter(|k| !k.contains("[]")));
    for key in keys {
        let segments = parse_path(key).ok()?;
        if get(&log.log, &segments).is_some() {
            return Some(Target {
                segments,
                field: Some(wanted),
            });
        }
    }
    None
}

/// `_ld[0]._ds` as the dictionary's pattern `_ld[]._ds`.
fn pattern(segments: &[Segment]) -> String {
    join(segments, false)
}

/// `_ld[0]._ds`, as the user writes it.
fn written(segments: &[Segment]) -> String {
    join(segments, true)
}

fn join(segments: &[Segment], with_indexes: bool) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Index(i) if with_indexes => {
                let _ = write!(out, "[{i}]");
            }
            Segment::Index(_) => out.push_str("[]"),
            Segment::Keyed(k) => {
                let _ = write!(out, "[{k}]");
            }
        }
    }
    out
}

fn get<'v>(log: &'v Map<String, Value>, segments: &[Segment]) -> Option<&'v Value> {
    let (first, rest) = segments.split_first()?;
    let Segment::Key(k) = first else { return None };
    let mut value = log.get(k)?;
    for s in rest {
        value = step(value, s)?;
    }
    Some(value)
}

fn step<'v>(value: &'v Value, segment: &Segment) -> Option<&'v Value> {
    match segment {
        Segment::Key(k) => value.get(k),
        Segment::Index(i) => value.as_array()?.get(*i),
        Segment::Keyed(k) => value
            .as_array()?
            .iter()
            .find(|e| e.get("ky").and_then(Value::as_str) == Some(k))?
            .get("vl"),
    }
}

fn get_mut<'v>(log: &'v mut Map<String, Value>, segments: &[Segment]) -> Option<&'v mut Value> {
    let (first, rest) = segments.split_first()?;
    let Segment::Key(k) = first else { return None };
    let mut value = log.get_mut(k)?;
    for s in rest {
        value = match s {
            Segment::Key(k) => value.get_mut(k)?,
            Segment::Index(i) => value.as_array_mut()?.get_mut(*i)?,
            Segment::Keyed(k) => value
                .as_array_mut()?
                .iter_mut()
                .find(|e| e.get("ky").and_then(Value::as_str) == Some(k))?
                .get_mut("vl")?,
        };
    }
    Some(value)
}

/// The value to write, converted to the type the field is sent as and checked
/// against the dictionary; or why it cannot be.
fn new_value(edit: &Edit, log: &CallLog, target: &Target, v2: bool, tz: FixedOffset) -> Result<Value, String> {
    let shown = written(&target.segments);
    let text = match &edit.value {
        EditValue::Json(value) => return Ok(value.clone()),
        EditValue::Text(text) => text,
    };
    let current = get(&log.log, &target.segments).unwrap_or(&Value::Null);
    let value = match current {
        Value::String(_) | Value::Null => Value::String(text.clone()),
        Value::Number(_) => match serde_json::from_str::<Value>(text.trim()) {
            Ok(n @ Value::Number(_)) => n,
            _ => {
                return Err(format!(
                    "`{shown}` is sent as a number ({}), and `{text}` is not one",
                    compact(current)
                ));
            }
        },
        Value::Bool(_) => match text.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(format!("`{shown}` is `true` or `false`, not `{text}`")),
        },
        Value::Array(_) => return Err(format!("`{shown}` is a list ({})", compact(current))),
        Value::Object(_) => return Err(format!("`{shown}` is an object ({})", compact(current))),
    };
    if v2 {
        return Ok(value);
    }
    if let Some(field) = target.field
        && let Some((id, problem)) = interpret(field, &value, tz).problem
    {
        return Err(match id {
            FindingId::CodeOutOfRange => format!(
                "`{text}` is not a documented `{}` code (the documented codes are {})",
                field.id,
                documented_values(field.value_type.codes())
            ),
            _ => format!("`{shown}` is a {} field: {problem}", field.value_type.as_str()),
        });
    }
    Ok(value)
}

fn help_for(edit: &Edit, log: &CallLog, target: &Target) -> Option<String> {
    let shown = written(&target.segments);
    let current = get(&log.log, &target.segments);
    let whole = || {
        Some(format!(
            "set a field inside it (`{shown}[0]...`, `{shown}.name`), or give the whole value as JSON: `--set {shown}:=...`"
        ))
    };
    match (&edit.value, target.field, current) {
        (_, _, Some(Value::Array(_) | Value::Object(_))) => whole(),
        (EditValue::Text(text), Some(field), _)
            if !field.value_type.codes().is_empty() && text.trim().parse::<i64>().is_ok() =>
        {
            let literal = match current {
                Some(Value::Number(_)) => text.trim().to_owned(),
                _ => serde_json::to_string(text).unwrap_or_default(),
            };
            Some(format!(
                "`callhook fields {}` lists its codes; to send an undocumented one on purpose, write `--set {shown}:={literal}`",
                field.id
            ))
        }
        (EditValue::Text(_), Some(field), _) if !field.example.is_empty() => Some(format!(
            "`callhook fields {}` says what it holds (for example `{}`)",
            field.id, field.example
        )),
        (EditValue::Text(_), Some(field), _) => Some(format!("`callhook fields {}` says what it holds", field.id)),
        _ => None,
    }
}

/// The error for an edit that matched nothing: the paths that exist, nearest first.
fn no_match(edit: &Edit, requests: &[OutboundRequest]) -> EditError {
    let mut candidates: Vec<String> = Vec::new();
    let mut carried = 0;
    for request in requests {
        let logs: Vec<CallLog> = body_log(request).into_iter().chain(query_log(request)).collect();
        carried += usize::from(!logs.is_empty());
        for log in logs {
            let mut paths = Vec::new();
            flatten(&Value::Object(log.log.clone()), String::new(), &mut paths);
            for p in paths {
                if !candidates.contains(&p) {
                    candidates.push(p);
                }
            }
        }
    }
    let near = nearest(&edit.path, candidates.iter().map(String::as_str), 0.75)
        .map(str::to_owned)
        .or_else(|| suggest(&edit.path).map(str::to_owned));
    let message = if carried == 0 {
        format!(
            "--set {}: no request carries a call log (a `myoperator` form field, a JSON body or a query string) to edit",
            edit.arg
        )
    } else {
        format!(
            "--set {}: no request has `{}` ({} request{} checked, {} with a call log)",
            edit.arg,
            edit.path,
            requests.len(),
            if requests.len() == 1 { "" } else { "s" },
            carried,
        )
    };
    EditError {
        message,
        help: Some(match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => "`callhook decode` on the capture shows every path it has".into(),
        }),
    }
}

/// Every path in `value`, with indexes, and `[ky]` for keyed-list entries.
fn flatten(value: &Value, prefix: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.push(path.clone());
                flatten(v, path, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(ky) = item.get("ky").and_then(Value::as_str)
                    && item.get("vl").is_some()
                {
                    out.push(format!("{prefix}[{ky}]"));
                }
                let path = format!("{prefix}[{i}]");
                out.push(path.clone());
                flatten(item, path, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::send::request::Label;

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn form(log: &str) -> OutboundRequest {
        OutboundRequest {
            method: "POST".into(),
            target: "/hook?caller_number=%2B919711636496".into(),
            host: None,
            headers: Vec::new(),
            body: crate::send::transport::encode_pair("myoperator", log).into_bytes(),
            label: Label {
                origin: "capture.http:1".into(),
                ..Label::default()
            },
            at: None,
            ..OutboundRequest::default()
        }
    }

    fn after_call() -> OutboundRequest {
        form(
            r#"{"_ai":"5f2529654122c140","_su":1,"_pm":[{"ky":"ui","vl":"n2.1.2"}],"_ld":[{"_ds":"ANSWER","_rr":[{"_ct":"8586848544"}]}]}"#,
        )
    }

    fn set(args: &[&str], requests: &mut [OutboundRequest]) -> Result<Vec<usize>, Vec<EditError>> {
        let edits: Vec<Edit> = args.iter().map(|a| Edit::parse(a).unwrap()).collect();
        apply(&edits, requests, utc())
    }

    fn log(r: &OutboundRequest) -> Value {
        Value::Object(body_log(r).unwrap().log)
    }

    #[test]
    fn paths_parse_as_decode_writes_them() {
        assert_eq!(
            parse_path("_ld[0]._rr[1]._ct").unwrap(),
            [
                Segment::Key("_ld".into()),
                Segment::Index(0),
                Segment::Key("_rr".into()),
                Segment::Index(1),
                Segment::Key("_ct".into())
            ]
        );
        assert_eq!(parse_path("_pm[ui]").unwrap()[1], Segment::Keyed("ui".into()));
        for bad in ["", "a..b", "a[0", "a[]", "a."] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
        assert!(Edit::parse("call_state").unwrap_err().message.contains("PATH=VALUE"));
        assert!(Edit::parse("_su:=x").unwrap_err().message.contains("not JSON"));
    }

    #[test]
    fn nested_keyed_and_dictionary_paths_are_edited_in_their_types() {
        let mut r = [after_call()];
        set(
            &[
                "_ld[0]._ds=NOANSWER",
                "status=2",
                "uid=n9.1.1",
                "_ld[0]._rr[0]._ct=9999999999",
            ],
            &mut r,
        )
        .unwrap();
        let v = log(&r[0]);
        assert_eq!(v["_ld"][0]["_ds"], "NOANSWER");
        assert_eq!(v["_su"], 2, "a number stays a number");
        assert_eq!(v["_pm"][0]["vl"], "n9.1.1");
        assert_eq!(v["_ld"][0]["_rr"][0]["_ct"], "9999999999");
    }

    #[test]
    fn a_post_s_query_parameter_named_after_the_field_changes_with_it() {
        let mut r = [form(r#"{"uid":"n2.1.2","call_state":"1","clid":"9711636496"}"#)];
        set(&["call_state=6"], &mut r).unwrap();
        assert_eq!(log(&r[0])["call_state"], "6");
        assert_eq!(r[0].target, "/hook?caller_number=%2B919711636496");
        set(&["caller_number=+918000000000"], &mut r).unwrap();
        assert_eq!(r[0].target, "/hook?caller_number=%2B918000000000");
        assert_eq!(log(&r[0])["clid"], "9711636496", "a different field, not changed");
    }

    #[test]
    fn a_get_s_parameters_are_its_fields() {
        let mut r = [OutboundRequest {
            method: "GET".into(),
            body: Vec::new(),
            target: "/hook?uid=n2.1.2&caller_number=%2B919711636496&state=1".into(),
            ..form("{}")
        }];
        set(&["caller_number=+918000000001", "uid=n3.1.1"], &mut r).unwrap();
        assert_eq!(r[0].target, "/hook?uid=n3.1.1&caller_number=%2B918000000001&state=1");
        let e = set(&["caller_number=abc"], &mut r).unwrap_err();
        assert!(e[0].message.contains("phone-number"), "{e:?}");
    }

    #[test]
    fn every_error_names_the_path_and_stops_everything() {
        let mut r = [after_call(), form(r#"{"uid":"n2.1.2","call_state":"1"}"#)];
        let before = r.clone();
        let errors = set(
            &[
                "_ld[0]._ds=BUSY",
                "call_stat=6",
                "call_state=abc",
                "call_state=8",
                "_su=one",
                "_ld=x",
                "_ld[3]._ds=x",
            ],
            &mut r,
        )
        .unwrap_err();
        assert_eq!(r, before, "nothing changes when anything is wrong");
        let text: Vec<String> = errors
            .iter()
            .map(|e| format!("{} | {}", e.message, e.help.clone().unwrap_or_default()))
            .collect();
        assert_eq!(errors.len(), 6, "{text:#?}");
        assert!(
            text[0].contains("call_stat=6") && text[0].contains("did you mean `call_state`"),
            "{}",
            text[0]
        );
        assert!(
            text[1].contains("call_state=abc") && text[1].contains("integer code"),
            "{}",
            text[1]
        );
        assert!(
            text[2].contains("not a documented `call_state` code (the documented codes are 1-7, 9)")
                && text[2].contains("call_state:=\"8\""),
            "{}",
            text[2]
        );
        assert!(text[3].contains("sent as a number (1)"), "{}", text[3]);
        assert!(text[4].contains("is a list"), "{}", text[4]);
        assert!(
            text[5].contains("no request has `_ld[3]._ds`") && text[5].contains("did you mean"),
            "{}",
            text[5]
        );
    }

    #[test]
    fn json_values_skip_the_type_check_but_not_the_path_check() {
        let mut r = [form(r#"{"uid":"n2.1.2","call_state":"1"}"#)];
        set(&["call_state:=8"], &mut r).unwrap();
        assert_eq!(log(&r[0])["call_state"], 8);
        assert!(set(&["nope:=1"], &mut r).is_err());
    }

    #[test]
    fn v2_fields_keep_their_json_types() {
        let mut r = [OutboundRequest {
            headers: vec![("Content-Type".into(), b"application/json".to_vec())],
            body: br#"{"event_type":"call.end","session_id":"s4.1.2","payload":{"status":"bridged","duration":43,"billable":true}}"#.to_vec(),
            ..form("{}")
        }];
        set(
            &["payload.status=missed", "payload.duration=12", "payload.billable=false"],
            &mut r,
        )
        .unwrap();
        let v = log(&r[0]);
        assert_eq!(
            (v["payload"]["status"].clone(), v["payload"]["duration"].clone()),
            ("missed".into(), 12.into())
        );
        assert_eq!(v["payload"]["billable"], false);
        let e = set(&["payload.duration=long"], &mut r).unwrap_err();
        assert!(e[0].message.contains("sent as a number"), "{e:?}");
        let e = set(&["payload.statu=x"], &mut r).unwrap_err();
        assert_eq!(e[0].help.as_deref(), Some("did you mean `payload.status`?"));
    }

    #[test]
    fn nothing_to_edit_is_said_so() {
        let mut r = [OutboundRequest {
            body: b"hello".to_vec(),
            target: "/".into(),
            ..form("{}")
        }];
        let e = set(&["call_state=6"], &mut r).unwrap_err();
        assert!(e[0].message.contains("no request carries a call log"), "{e:?}");
    }
}
