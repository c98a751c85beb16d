//! The simulator: the requests MyOperator would send for calls of a flow, under a
//! checked configuration, as [`OutboundRequest`]s in the order they would go out.
//!
//! Per v1 webhook: an In-Call webhook (or one that names no `type`) gets one request
//! per state, an After-Call webhook the After-Call log once the call has ended, a
//! Disposition webhook nothing (no flow submits a disposition); each to its
//! `target_url` with its mapped query parameters (form-encoded with
//! serde_urlencoded), as a `myoperator=` form POST, a JSON POST (`format: json`) or
//! a GET, with its headers and Basic credentials. Only the webhooks whose log
//! criteria match the flow's get anything. Per v2 webhook: the events it subscribes
//! to, each the 12-field envelope with its payload, with the configured headers and
//! Basic credentials or API key (a header, or a query parameter).
//!
//! The In-Call and After-Call shapes are those of MyOperator's published samples;
//! the v2 payloads of `call.end` and `call.summary` those of the Postman samples.
//! No sample of the `call.initiated`, `call.dial_begin` and `call.answered`
//! payloads is known: they carry the call's identity and its legs so far, as the
//! consumers of those events read them.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Map, Value, json};

use super::edit::{Edit, EditError, apply};
use super::flow::Flow;
use super::ids::Random;
use super::request::{Label, OutboundRequest};
use super::transport::body_log;
use crate::validate::Webhook;
use crate::validate::config::BodyFormat;
use crate::validate::config::ConfigParam;
use crate::validate::v2::Webhook as V2Webhook;
use crate::validate::v2::{Auth, KeyLocation};
use crate::vocabulary::Field;
use crate::vocabulary::ValueType;
use crate::vocabulary::call_states::CallType;
use crate::vocabulary::counterparts::counterpart;
use crate::vocabulary::lookup::{after_call_keys, in_call_key};
use crate::vocabulary::v2_events::{Channel, V1WebhookType};

/// What to simulate.
pub struct Simulation<'a> {
    pub webhooks: &'a [Webhook],
    pub v2_webhooks: &'a [V2Webhook],
    pub flow: &'a Flow,
    pub calls: usize,
    pub seed: u64,
    /// When the first call starts.
    pub start: i64,
    pub tz: FixedOffset,
}

/// The requests, and notes on webhooks that send nothing for this flow.
pub struct Simulated {
    pub requests: Vec<OutboundRequest>,
    pub notes: Vec<String>,
}

/// Why a configuration cannot be simulated.
#[derive(Debug)]
pub enum SimulateError {
    Unsupported(String),
    Edits(Vec<EditError>),
}

/// The run's constants: one company, its IVR, DID and department.
struct Company {
    id: String,
    ivr: String,
    did: String,
    department: (String, String),
}

/// One agent of a call.
#[derive(Clone)]
struct Agent {
    number: String,
    id: String,
    name: &'static str,
    extension: String,
}

const AGENT_NAMES: &[&str] = &["Priya", "Arjun", "Kavya", "Rohan", "Ananya", "Vikram", "Meera", "Karan"];

/// Everything one call's requests share.
struct Call<'f> {
    flow: &'f Flow,
    uid: String,
    start: i64,
    log_id: String,
    caller: String,
    agents: Vec<Agent>,
    reference_id: String,
    client_ref_id: String,
    job_id: Option<String>,
    recording: String,
    recording_v2: String,
}

pub fn simulate(s: &Simulation<'_>) -> Result<Simulated, SimulateError> {
    for w in s.webhooks {
        if let Some(format @ (BodyFormat::Xml | BodyFormat::Text)) = w.format {
            return Err(SimulateError::Unsupported(format!(
                "a webhook sends `format: {}`, and no MyOperator page says how a call log is written as {}: callhook simulates form and JSON bodies and GET",
                format.as_str(),
                format.as_str()
            )));
        }
    }
    let mut random = Random::new(s.seed);
    let company = Company {
        id: random.hex_id(s.start - 3 * 365 * 86_400),
        ivr: random.hex_id(s.start - 365 * 86_400),
        did: format!("9111{}", 40_000_000 + random.below(9_999_999)),
        department: (random.hex_id(s.start - 300 * 86_400), "Sales".to_owned()),
    };
    let mut notes = Vec::new();
    if !s.webhooks.is_empty() {
        notes.push(
            "MyOperator retired v1 webhooks on 31 July 2026: these are the requests they sent (`callhook migrate` writes the v2 configuration)"
                .to_owned(),
        );
    }
    let mut requests: Vec<(i64, usize, OutboundRequest)> = Vec::new();
    let mut start = s.start;
    for n in 0..s.calls {
        let call = make_call(s.flow, start, &mut random);
        let mut ordinal = 0;
        let mut push = |at_ms: i64, r: OutboundRequest| {
            requests.push((at_ms, n * 10_000 + ordinal, r));
            ordinal += 1;
        };
        let after_call = after_call_log(&call, &company);
        for (w, webhook) in s.webhooks.iter().enumerate() {
            let origin = format!("flow {}, call {}, webhook {}", s.flow.name, n + 1, w + 1);
            let mobile = webhook
                .log_criteria
                .as_deref()
                .is_some_and(|c| c.to_ascii_lowercase().starts_with("mobile"));
            if mobile != s.flow.mobile {
                if n == 0 {
                    notes.push(format!(
                        "webhook {} ({}) receives {} logs, and this flow is a {} call: it gets nothing",
                        w + 1,
                        webhook.target_url.as_deref().unwrap_or("no URL"),
                        if mobile { "mobile" } else { "call" },
                        if s.flow.mobile { "mobile" } else { "panel" }
                    ));
                }
                continue;
            }
            match webhook.kind.unwrap_or(V1WebhookType::InCall) {
                V1WebhookType::InCall => {
                    for (i, step) in s.flow.steps.iter().enumerate() {
                        let log = in_call_log(&call, &company, i);
                        let log = edited(log, &s.flow.in_call, &origin, s.tz)?;
                        let at = (call.start + secs(step.at)) * 1000 + 200 + random.offset_below(600);
                        let label = Label {
                            call: Some(call.uid.clone()),
                            event: format!("state {}", step.state),
                            origin: origin.clone(),
                        };
                        push(at, v1_request(webhook, &log, Some(&after_call), label, at));
                    }
                }
                V1WebhookType::AfterCall => {
                    let log = edited(after_call.clone(), &s.flow.after_call, &origin, s.tz)?;
                    let at = (call.start + secs(s.flow.end_time())) * 1000 + 1000 + random.offset_below(1500);
                    let label = Label {
                        call: Some(call.uid.clone()),
                        event: "after-call".into(),
                        origin: origin.clone(),
                    };
                    push(at, v1_request(webhook, &log, None, label, at));
                }
                V1WebhookType::Disposition => {
                    if n == 0 {
                        notes.push(format!(
                            "webhook {} is a Disposition webhook: it fires when an agent submits a disposition, which no flow does; it gets nothing",
                            w + 1
                        ));
                    }
                }
            }
        }
        let events = v2_events(&call);
        for (w, webhook) in s.v2_webhooks.iter().enumerate() {
            let origin = format!("flow {}, call {}, v2 webhook {}", s.flow.name, n + 1, w + 1);
            let subscribed: Vec<&V2Event> = events
                .iter()
                .filter(|e| webhook.events.iter().any(|w| w.name == e.name))
                .collect();
            if subscribed.is_empty() && n == 0 {
                let calls = webhook.events.iter().any(|e| e.channel == Channel::Call);
                notes.push(format!(
                    "v2 webhook {} ({}) subscribes to {}: it gets nothing for this flow",
                    w + 1,
                    webhook.name.as_deref().or(webhook.url.as_deref()).unwrap_or("unnamed"),
                    if calls {
                        "no event this flow raises"
                    } else {
                        "WhatsApp events only"
                    }
                ));
            }
            for event in subscribed {
                let envelope = envelope(&call, &company, event, &mut random);
                let envelope = edited(envelope, &s.flow.v2, &origin, s.tz)?;
                let label = Label {
                    call: Some(call.uid.clone()),
                    event: event.name.to_owned(),
                    origin: origin.clone(),
                };
                push(event.at_ms, v2_request(webhook, &envelope, label, event.at_ms));
            }
        }
        // Calls start 0 to 4 seconds apart: several are in progress at once.
        start += random.offset_below(5);
    }
    requests.sort_by_key(|(at, order, _)| (*at, *order));
    Ok(Simulated {
        requests: requests.into_iter().map(|(.., r)| r).collect(),
        notes,
    })
}

fn make_call<'f>(flow: &'f Flow, start: i64, random: &mut Random) -> Call<'f> {
    let uid = random.call_uid(start);
    let caller = flow.caller.clone().unwrap_or_else(|| random.mobile());
    let agents = flow
        .agents
        .iter()
        .enumerate()
        .map(|(i, number)| Agent {
            // Written the way the caller is (`+91 98...`, `9198...`, `98...` alike), so
            // that `+` is put in front once.
            number: number.as_deref().map_or_else(|| random.mobile(), digits),
            id: random.hex_id(start - 200 * 86_400 - i as i64 * 86_400),
            name: AGENT_NAMES[(random.below(AGENT_NAMES.len() as u64) as usize + i) % AGENT_NAMES.len()],
            extension: (10 + random.below(89)).to_string(),
        })
        .collect();
    let obd = flow.call_type == CallType::Obd;
    Call {
        flow,
        log_id: random.hex_id(start),
        start,
        caller: digits(&caller),
        agents,
        reference_id: if obd { random.time_uuid() } else { String::new() },
        client_ref_id: if obd {
            format!("crm-{}", 10_000 + random.below(90_000))
        } else {
            String::new()
        },
        job_id: obd.then(|| random.hex_id(start - 3600)),
        recording: format!("{}.mp3", random.hex(32)),
        recording_v2: format!("{}-v2.mp3", random.hex(16)),
        uid,
    }
}

/// The digits of a number, with `91` in front of a bare ten-digit one.
fn digits(number: &str) -> String {
    let d: String = number.chars().filter(char::is_ascii_digit).collect();
    if d.len() == 10 { format!("91{d}") } else { d }
}

/// The last ten digits: the number without its country code.
fn national(number: &str) -> &str {
    number.get(number.len().saturating_sub(10)..).unwrap_or(number)
}

/// Whole seconds, as the epoch arithmetic takes them.
fn secs(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 2)
}

fn date_time(epoch: i64) -> String {
    DateTime::<Utc>::from_timestamp(epoch, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

fn iso(epoch_ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(epoch_ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

fn hms(seconds: i64) -> String {
    format!("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
}

fn direction(call: &Call<'_>) -> u8 {
    if call.flow.call_type == CallType::Incoming {
        1
    } else {
        2
    }
}

/// The agents dialled up to step `upto`, each once, in order.
fn dialled(call: &Call<'_>, upto: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for step in &call.flow.steps[..=upto.min(call.flow.steps.len() - 1)] {
        if let Some(a) = step.agent
            && !out.contains(&a)
        {
            out.push(a);
        }
    }
    out
}

/// The In-Call log of step `i`, keys in the order of MyOperator's sample.
fn in_call_log(call: &Call<'_>, company: &Company, i: usize) -> Map<String, Value> {
    let step = &call.flow.steps[i];
    let time = date_time(call.start + secs(step.at));
    let ended = i + 1 == call.flow.steps.len();
    let status = ended.then(|| if call.flow.answered() { "1" } else { "2" });
    let users: Vec<String> = dialled(call, i)
        .iter()
        .map(|&a| call.agents[a].number.clone())
        .collect();
    let log = json!({
        "id": call.log_id,
        "uid": call.uid,
        "reference_id": call.reference_id,
        "company_id": company.id,
        "clid_raw": call.caller,
        "clid": national(&call.caller),
        "rdnis": company.did,
        "call_state": step.state.to_string(),
        "event": direction(call).to_string(),
        "status": status,
        "users": users,
        "created": time,
        "call_time": time,
        "public_ivr_id": company.ivr,
        "client_ref_id": call.client_ref_id,
        "job_id": call.job_id,
    });
    object(log)
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn user(agent: &Agent) -> Value {
    json!({
        "_id": agent.id,
        "_na": agent.name,
        "_em": format!("{}@example.com", agent.name.to_ascii_lowercase()),
        "_ex": agent.extension,
        "_ct": national(&agent.number),
        "_nr": format!("+{}", agent.number),
    })
}

/// One dial leg per agent dialled: when it rang, how it ended.
struct Leg {
    agent: usize,
    ring: i64,
    answered: Option<i64>,
    end: i64,
    status: String,
}

fn legs(call: &Call<'_>) -> Vec<Leg> {
    let end = call.start + secs(call.flow.end_time());
    let steps = &call.flow.steps;
    let mut legs: Vec<Leg> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let Some(agent) = step.agent else { continue };
        let at = call.start + secs(step.at);
        if step.state == 6 {
            if let Some(leg) = legs.iter_mut().rev().find(|l| l.agent == agent) {
                leg.answered = Some(at);
                leg.end = end;
                leg.status = "ANSWER".into();
            }
            continue;
        }
        if legs.iter().any(|l| l.agent == agent && l.ring == at) {
            continue;
        }
        let next = steps.get(i + 1).map_or(end, |s| call.start + secs(s.at));
        legs.push(Leg {
            agent,
            ring: at,
            answered: None,
            end: next,
            status: step.dial_status.clone().unwrap_or_else(|| "NOANSWER".into()),
        });
    }
    legs
}

/// The After-Call log, keys in the order of MyOperator's sample.
fn after_call_log(call: &Call<'_>, company: &Company) -> Map<String, Value> {
    let start = call.start;
    let end = start + secs(call.flow.end_time());
    let duration = end - start;
    let answered = call.flow.answered();
    let legs = legs(call);
    let talk: Vec<(usize, i64)> = legs
        .iter()
        .filter_map(|l| l.answered.map(|a| (l.agent, l.end - a)))
        .collect();
    let ld: Vec<Value> = legs
        .iter()
        .map(|l| {
            json!({
                "_rst": date_time(l.ring),
                "_ds": l.status,
                "_did": "",
                "_rr": [user(&call.agents[l.agent])],
                "_tt": [],
                "_su": if l.answered.is_some() { "1" } else { "2" },
                "_st": l.answered.unwrap_or(l.ring),
                "_et": l.end,
                "_dr": hms(l.end - l.answered.unwrap_or(l.end)),
                "_ac": if l.answered.is_some() { "received" } else { "missed" },
            })
        })
        .collect();
    let outcomes: Vec<Value> = legs
        .iter()
        .map(|l| json!({"ky": call.agents[l.agent].id, "vl": if l.answered.is_some() { "received" } else { "missed" }}))
        .collect();
    let talk_times: Vec<Value> = talk
        .iter()
        .map(|(a, secs)| json!({"ye": call.agents[*a].id, "yf": secs}))
        .collect();
    let source = match call.flow.call_type {
        CallType::Incoming => "0",
        CallType::ClickToCall => "1",
        CallType::Obd => "2",
    };
    let log = json!({
        "_ai": call.log_id,
        "_so": if call.flow.mobile { "2" } else { "1" },
        "_ci": company.id,
        "_cr": national(&call.caller),
        "_cm": "",
        "_cl": format!("+{}", call.caller),
        "_cy": "91",
        "_se": "DL, IN",
        "_ts": end - 1,
        "_st": start,
        "_ms": start * 1000,
        "_ss": start.rem_euclid(86_400),
        "_et": end,
        "_dr": hms(duration),
        "_drm": (duration as f64 / 60.0 * 100.0).round() / 100.0,
        "_ty": 1,
        "_ev": direction(call),
        "_fn": if answered { call.recording.clone() } else { String::new() },
        "_fu": if answered { format!("https://recordings.example.com/{}", call.recording) } else { String::new() },
        "_ns": source,
        "_su": if answered { 1 } else { 2 },
        "_dn": company.department.1,
        "_di": company.department.0,
        "_pm": [{"ky": "ui", "vl": call.uid}, {"ky": "is", "vl": "0"}, {"ky": "vt", "vl": "1"}],
        "_cn": [],
        "_ld": ld,
        "_an": 0,
        "_bp": {"_tm": [{"type": "call", "use": 1}]},
        "_us": outcomes,
        "_tc": talk_times,
        "_ri": call.reference_id,
        "_ji": call.job_id.clone().unwrap_or_default(),
        "_ivid": company.ivr,
        "_cri": call.client_ref_id,
    });
    object(log)
}

/// A log with a flow file's edits made, as `--set` makes them.
fn edited(
    log: Map<String, Value>,
    edits: &[Edit],
    origin: &str,
    tz: FixedOffset,
) -> Result<Map<String, Value>, SimulateError> {
    if edits.is_empty() {
        return Ok(log);
    }
    let mut requests = [OutboundRequest {
        method: "POST".into(),
        target: "/".into(),
        host: None,
        headers: Vec::new(),
        body: Value::Object(log).to_string().into_bytes(),
        label: Label {
            origin: origin.to_owned(),
            ..Label::default()
        },
        at: None,
        ..OutboundRequest::default()
    }];
    apply(edits, &mut requests, tz).map_err(SimulateError::Edits)?;
    Ok(body_log(&requests[0]).map(|l| l.log).unwrap_or_default())
}

/// A v1 webhook's request for one log.
fn v1_request(
    webhook: &Webhook,
    log: &Map<String, Value>,
    after_call: Option<&Map<String, Value>>,
    label: Label,
    at_ms: i64,
) -> OutboundRequest {
    let url = webhook.target_url.as_deref().unwrap_or("/");
    let (host, mut target) = split_url(url);
    let params: Vec<(String, String)> = webhook
        .query_params
        .iter()
        .map(|p| (p.name.clone(), param_value(p, log, after_call)))
        .collect();
    if !params.is_empty() {
        target.push(if target.contains('?') { '&' } else { '?' });
        target.push_str(&super::transport::form_encode(&params));
    }
    let get = webhook.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("GET"));
    let mut headers: Vec<(String, Vec<u8>)> = webhook
        .headers
        .iter()
        .map(|h| (h.name.clone(), h.value.clone().into_bytes()))
        .collect();
    if let Some((user, password)) = &webhook.credentials {
        headers.push(basic(user, password));
    }
    let text = Value::Object(log.clone()).to_string();
    let body = if get {
        Vec::new()
    } else if webhook.format == Some(BodyFormat::Json) {
        headers.push(("Content-Type".into(), b"application/json".to_vec()));
        text.into_bytes()
    } else {
        headers.push(("Content-Type".into(), b"application/x-www-form-urlencoded".to_vec()));
        super::transport::encode_pair("myoperator", &text).into_bytes()
    };
    OutboundRequest {
        method: if get { "GET" } else { "POST" }.into(),
        target,
        host,
        secret_names: webhook.headers.iter().map(|h| h.name.clone()).collect(),
        headers,
        body,
        label,
        at: DateTime::from_timestamp_millis(at_ms),
    }
}

fn basic(user: &str, password: &str) -> (String, Vec<u8>) {
    (
        "Authorization".into(),
        format!("Basic {}", BASE64.encode(format!("{user}:{password}"))).into_bytes(),
    )
}

/// `https://host/path?q` as its host and `/path?q`.
fn split_url(url: &str) -> (Option<String>, String) {
    match url.split_once("://") {
        Some((_, rest)) => {
            let slash = rest.find(['/', '?']).unwrap_or(rest.len());
            let path = &rest[slash..];
            let host = rest[..slash].rsplit('@').next().unwrap_or_default();
            let path = if path.starts_with('?') {
                format!("/{path}")
            } else {
                path.to_owned()
            };
            (Some(host.to_owned()), if path.is_empty() { "/".into() } else { path })
        }
        None => (None, url.to_owned()),
    }
}

/// A mapped query parameter's value: a custom one's own, else the field's value in
/// this log, else in the call's After-Call log (the caller's number with country
/// code, the agent's number); an epoch for a date-time, as the dropdown's
/// "Creation date of log (epoch)" says.
fn param_value(p: &ConfigParam, log: &Map<String, Value>, after_call: Option<&Map<String, Value>>) -> String {
    let Some(field) = p.field else {
        return p.value.clone().unwrap_or_default();
    };
    if field.id == "custom" {
        return p.value.clone().unwrap_or_default();
    }
    let value = value_of(field, log).or_else(|| after_call.and_then(|a| value_of(field, a)));
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    if field.value_type == ValueType::DateTime
        && let Some(epoch) = crate::decode::interpret::parse_date_time_utc(&text)
    {
        return epoch.timestamp().to_string();
    }
    text
}

fn value_of<'v>(field: &Field, log: &'v Map<String, Value>) -> Option<&'v Value> {
    if let Some(key) = in_call_key(field)
        && let Some(v) = log.get(key)
    {
        return Some(v);
    }
    after_call_keys(field).iter().find_map(|pattern| first_at(log, pattern))
}

/// The value at a dictionary pattern, the first element for every `[]`.
fn first_at<'v>(log: &'v Map<String, Value>, pattern: &str) -> Option<&'v Value> {
    let mut parts = pattern.split('.');
    let first = parts.next()?;
    let mut value = step_into(log.get(key_of(first))?, first)?;
    for part in parts {
        value = step_into(value.get(key_of(part))?, part)?;
    }
    Some(value)
}

fn key_of(part: &str) -> &str {
    part.split('[').next().unwrap_or(part)
}

fn step_into<'v>(value: &'v Value, part: &str) -> Option<&'v Value> {
    match part.split_once('[') {
        None => Some(value),
        Some((_, "]")) => value.as_array()?.first(),
        Some((_, keyed)) => {
            let ky = keyed.trim_end_matches(']');
            value
                .as_array()?
                .iter()
                .find(|e| e.get("ky").and_then(Value::as_str) == Some(ky))?
                .get("vl")
        }
    }
}

/// One v2 event of a call: its type, when it is sent, its place in the session.
struct V2Event {
    name: &'static str,
    step: Option<usize>,
    at_ms: i64,
    sequence: u64,
}

/// The call's v2 events in order: one per state, by the state's counterpart event,
/// then `call.summary`.
fn v2_events(call: &Call<'_>) -> Vec<V2Event> {
    let table = counterpart("call_state").map(|c| c.values).unwrap_or_default();
    let mut events = Vec::new();
    for (i, step) in call.flow.steps.iter().enumerate() {
        let Some((_, name)) = table.iter().find(|(s, _)| s.parse() == Ok(step.state)) else {
            continue;
        };
        let at_ms = (call.start + secs(step.at)) * 1000 + 300 + (i as i64 * 37) % 500;
        events.push(V2Event {
            name,
            step: Some(i),
            at_ms,
            sequence: events.len() as u64 + 1,
        });
    }
    let end_ms = events.last().map_or(call.start * 1000, |e| e.at_ms);
    events.push(V2Event {
        name: "call.summary",
        step: None,
        at_ms: end_ms + 2_400,
        sequence: events.len() as u64 + 1,
    });
    events
}

/// The 12-field envelope of one event, in the order MyOperator's article lists them.
fn envelope(call: &Call<'_>, company: &Company, event: &V2Event, random: &mut Random) -> Map<String, Value> {
    let summary = event.step.is_none();
    let did = format!("+{}", company.did);
    let customer = format!("+{}", call.caller);
    let direction = if call.flow.call_type == CallType::Incoming {
        "incoming"
    } else {
        "outgoing"
    };
    let upto = event.step.unwrap_or(call.flow.steps.len() - 1);
    let ended = summary || event.name == "call.end";
    let start_ms = call.start * 1000 + 779;
    let end_ms = (call.start + secs(call.flow.end_time())) * 1000 + 962;
    let legs_so_far: Vec<Leg> = legs(call)
        .into_iter()
        .filter(|l| {
            call.flow.steps[..=upto]
                .iter()
                .any(|s| call.start + secs(s.at) == l.ring)
        })
        .collect();
    // The customer's leg: an incoming caller reached the IVR ("connected", as in the
    // samples); a customer MyOperator dialled (OBD, click to call) answered or not.
    let end_state = call.flow.steps.last().map_or(2, |s| s.state);
    let reached = call.flow.call_type == CallType::Incoming || call.flow.answered() || end_state == 2;
    let (customer_result, customer_status) = match (ended, reached, end_state) {
        (false, _, _) => ("ringing", ""),
        (true, true, _) => ("connected", ""),
        (true, false, 7) => ("not_answered", "BUSY"),
        (true, false, _) => ("not_answered", "NOANSWER"),
    };
    let mut legs_json = vec![json!({
        "leg_index": 1,
        "uid": call.uid,
        "type": "customer",
        "phone_number": customer,
        "result": customer_result,
        "dial_status": customer_status,
        "ring_duration": null,
        "talk_duration": if ended { json!((end_ms - start_ms) / 1000) } else { Value::Null },
    })];
    let (host, epoch, seq) = uid_parts(&call.uid);
    for (i, leg) in legs_so_far.iter().enumerate() {
        let agent = &call.agents[leg.agent];
        let answered_now = leg
            .answered
            .is_some_and(|a| call.flow.steps[..=upto].iter().any(|s| call.start + secs(s.at) == a));
        let result = match (ended, answered_now) {
            (_, true) => "answered",
            (true, false) => "not_answered",
            (false, false) if legs_so_far.len() == i + 1 => "dialing",
            (false, false) => "not_answered",
        };
        let mut leg_json = json!({
            "leg_index": i + 2,
            "uid": format!("{host}.{epoch}.{}", seq + i as u64 + 1),
            "type": "agent",
            "phone_number": format!("+{}", agent.number),
            "dial_status": if answered_now { "ANSWER".to_owned() } else if ended { leg.status.clone() } else { String::new() },
            "result": result,
            "ring_duration": (leg.answered.unwrap_or(leg.end) - leg.ring).max(0),
            "talk_duration": if ended && answered_now { json!(leg.end - leg.answered.unwrap_or(leg.end)) } else { Value::Null },
            "answered_at": if answered_now { json!(iso(leg.answered.unwrap_or(0) * 1000)) } else { Value::Null },
        });
        if summary && let Value::Object(map) = &mut leg_json {
            map.insert(
                "agent".into(),
                json!({
                    "uuid": agent.id,
                    "name": format!("{} (agent)", agent.name),
                    "email": format!("{}@example.com", agent.name.to_ascii_lowercase()),
                    "contact": format!("+{}", agent.number),
                    "extension": agent.extension,
                }),
            );
        }
        legs_json.push(leg_json);
    }
    let answered = call.flow.answered();
    let category = match call.flow.call_type {
        CallType::Incoming => "incoming",
        CallType::Obd => "obd",
        CallType::ClickToCall => "callback",
    };
    let mut payload = json!({
        "id": call.uid,
        "did": did,
        "direction": direction,
        "customer_number": customer,
        "category": category,
        "started_at": iso(start_ms),
        "legs": legs_json,
    });
    if ended && let Value::Object(map) = &mut payload {
        let status = if answered { "bridged" } else { "missed" };
        for (k, v) in [
            ("status", json!(status)),
            ("ended_at", json!(iso(end_ms))),
            ("duration", json!((end_ms - start_ms) / 1000)),
            (
                "recording_filename",
                json!(if answered {
                    call.recording_v2.clone()
                } else {
                    String::new()
                }),
            ),
            ("billable", json!(answered)),
            ("ref_id", json!(call.reference_id)),
            ("client_ref_id", json!(call.client_ref_id)),
            (
                "obd_campaign",
                match &call.job_id {
                    Some(job) => json!({"id": call.reference_id.get(..8).unwrap_or_default(), "job_id": job}),
                    None => Value::Null,
                },
            ),
        ] {
            map.insert(k.into(), v);
        }
        if summary {
            map.insert("location".into(), json!("DL, IN"));
            map.insert("comments".into(), json!([]));
        }
    }
    let log = json!({
        "event_id": format!("event-{}", random.hex(16)),
        "company_id": company.id,
        "event_type": event.name,
        "event_sequence": event.sequence,
        "event_version": "1",
        "timestamp": iso(event.at_ms),
        "channel": "call",
        "direction": direction,
        "session_id": call.uid,
        "system_identifier": if summary { String::new() } else { did },
        "customer_identifier": customer,
        "payload": payload,
    });
    object(log)
}

fn uid_parts(uid: &str) -> (&str, &str, u64) {
    let mut parts = uid.split('.');
    let host = parts.next().unwrap_or_default();
    let epoch = parts.next().unwrap_or_default();
    let seq = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (host, epoch, seq)
}

/// A v2 webhook's request for one event.
fn v2_request(webhook: &V2Webhook, envelope: &Map<String, Value>, label: Label, at_ms: i64) -> OutboundRequest {
    let (host, mut target) = split_url(webhook.url.as_deref().unwrap_or("/"));
    let mut headers: Vec<(String, Vec<u8>)> = webhook
        .headers
        .iter()
        .map(|h| (h.name.clone(), h.value.clone().into_bytes()))
        .collect();
    match &webhook.auth {
        Auth::None => {}
        Auth::Basic { username, password } => headers.push(basic(username, password)),
        Auth::ApiKey {
            location: KeyLocation::Header,
            name,
            value,
        } => headers.push((name.clone(), value.clone().into_bytes())),
        Auth::ApiKey {
            location: KeyLocation::Query,
            name,
            value,
        } => {
            target.push(if target.contains('?') { '&' } else { '?' });
            target.push_str(&super::transport::encode_pair(name, value));
        }
    }
    headers.push(("Content-Type".into(), b"application/json".to_vec()));
    let mut secret_names: Vec<String> = webhook.headers.iter().map(|h| h.name.clone()).collect();
    if let Auth::ApiKey { name, .. } = &webhook.auth {
        secret_names.push(name.clone());
    }
    OutboundRequest {
        method: "POST".into(),
        target,
        host,
        secret_names,
        headers,
        body: Value::Object(envelope.clone()).to_string().into_bytes(),
        label,
        at: DateTime::from_timestamp_millis(at_ms),
    }
}
