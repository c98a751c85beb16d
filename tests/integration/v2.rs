//! Webhook v2 and the 2025 shapes of v1: every v2 event decoded from MyOperator's
//! published samples, every shape a body arrives in, each v2 finding shown where it
//! applies and only there, `decode --config` against a v2 configuration, `fields`
//! on v2 names, and the generator's v2 sessions.

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::harness::{Scratch, callhook, decode_ndjson, field, finding_ids};

/// MyOperator's `call.end` sample (Postman, as public code quotes it), as JSON.
fn call_end() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/v2-call-end.json")).unwrap(),
    )
    .unwrap()
}

/// MyOperator's `call.summary` sample, agents hunted.
fn call_summary() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/v2-call-summary.json")).unwrap(),
    )
    .unwrap()
}

/// The one record `callhook decode` makes of `event` sent as a bare JSON line.
fn decoded(event: &Value) -> Value {
    let mut out = decode_ndjson(&[], format!("{event}\n"));
    assert_eq!(out.records.len(), 1, "{}", out.stderr);
    out.records.remove(0)
}

fn has(record: &Value, id: &str) -> bool {
    finding_ids(record).contains(&id)
}

fn message<'a>(record: &'a Value, id: &str) -> &'a str {
    record["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .and_then(|f| f["message"].as_str())
        .unwrap_or_else(|| panic!("no {id} in {record}"))
}

#[test]
fn the_published_call_end_sample_decodes_field_by_field() {
    let r = decoded(&call_end());
    assert_eq!(r["shape"], "v2-envelope");
    assert_eq!(r["payload"]["family"], "v2-call");
    let fields = r["payload"]["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 42);
    for f in fields {
        assert!(!f["field"].is_null(), "{f} is not in the dictionary");
    }
    assert_eq!(field(&r, "timestamp")["display"], "2025-12-23 12:21:48.962 +00:00");
    assert_eq!(
        field(&r, "session_id")["display"],
        "host s4, began 2025-12-23 12:21:05 +00:00, seq 1359"
    );
    assert_eq!(
        field(&r, "event_type")["display"],
        "the call ended: the whole call record, legs included"
    );
    assert_eq!(field(&r, "payload.status")["display"], "connected to an agent");
    assert_eq!(
        field(&r, "payload.legs[1].dial_status")["field"],
        "payload.legs[].dial_status"
    );
    assert_eq!(field(&r, "payload.legs[1].dial_status")["display"], "answered");
    assert_eq!(field(&r, "payload.legs[1].ring_duration")["display"], "9s");
    assert_eq!(field(&r, "payload.legs[0].ring_duration")["display"], "(absent)");
    assert_eq!(
        field(&r, "customer_identifier")["display"],
        "+917906225789 (national 7906225789)"
    );
    assert_eq!(field(&r, "company_id")["display"], "embeds 2025-05-28 08:35:37 +00:00");
    assert_eq!(
        finding_ids(&r),
        [
            "v2-event-version-string",
            "v2-first-leg-is-customer",
            "v2-duration-includes-ring"
        ]
    );
}

#[test]
fn the_published_call_summary_sample_decodes_with_its_agents() {
    let r = decoded(&call_summary());
    assert_eq!(r["payload"]["family"], "v2-call");
    assert_eq!(field(&r, "payload.legs[2].agent.name")["value"], "Agent2 Name");
    assert_eq!(field(&r, "payload.legs[1].dial_status")["display"], "busy");
    assert_eq!(field(&r, "payload.legs[0].agent")["display"], "(absent)");
    // Nine fraction digits, kept as sent and shown at the offset asked for.
    assert_eq!(
        field(&r, "timestamp")["display"],
        "2026-04-14 05:29:28.838594394 +00:00"
    );
    assert_eq!(field(&r, "payload.started_at")["display"], "2026-04-14 05:28:04 +00:00");
    let ist = decode_ndjson(&["--tz", "+05:30"], format!("{}\n", call_summary()));
    assert_eq!(
        field(&ist.records[0], "timestamp")["display"],
        "2026-04-14 10:59:28.838594394 +05:30"
    );
    assert_eq!(
        finding_ids(&r),
        [
            "v2-system-identifier-empty",
            "v2-first-leg-is-customer",
            "v2-nanosecond-time"
        ]
    );
    assert!(message(&r, "v2-first-leg-is-customer").contains("`payload.legs[2]` answered"));
}

#[test]
fn the_field_verified_whatsapp_message_decodes() {
    let out = decode_ndjson(&["examples/v2-whatsapp-received.json"], "");
    let r = &out.records[0];
    assert_eq!(r["payload"]["family"], "v2-whatsapp");
    assert_eq!(field(r, "payload.data.context.body")["value"], "Test 1");
    assert_eq!(field(r, "payload.status")["display"], "the WhatsApp message arrived");
    // A WhatsApp number without `+`, read as one.
    assert_eq!(
        field(r, "customer_identifier")["display"],
        "+919837114044 (national 9837114044)"
    );
    // No call findings on a WhatsApp event.
    assert_eq!(finding_ids(r), ["v2-nanosecond-time"]);
}

#[test]
fn an_unknown_event_type_or_field_is_named_not_dropped() {
    let mut event = call_end();
    event["event_type"] = json!("call.transferred");
    event["payload"]["transfer_to"] = json!("+919000000000");
    let r = decoded(&event);
    assert_eq!(r["payload"]["family"], "v2-call", "a `call.*` type is a call event");
    assert!(message(&r, "v2-unknown-event-type").contains("read as a call event"));
    assert_eq!(field(&r, "payload.transfer_to")["field"], Value::Null);
    assert!(has(&r, "unknown-field"));
    // A type that names no channel: the envelope's `channel` decides, else nothing.
    event["event_type"] = json!("order.placed");
    assert_eq!(decoded(&event)["payload"]["family"], "v2-call");
    event.as_object_mut().unwrap().remove("channel");
    let r = decoded(&event);
    assert_eq!(r["payload"]["family"], "unknown");
    assert!(message(&r, "v2-unknown-event-type").contains("does not say whether"));
    assert_eq!(r["shape"], "v2-envelope");
    event["channel"] = json!("WhatsApp");
    assert_eq!(decoded(&event)["payload"]["family"], "v2-whatsapp");
    let mut event = call_end();
    event["event_type"] = json!("call.disposition");
    let r = decoded(&event);
    assert!(!has(&r, "v2-unknown-event-type"));
    assert!(
        field(&r, "event_type")["display"]
            .as_str()
            .unwrap()
            .contains("match both")
    );
}

#[test]
fn code_words_are_labelled_and_unknown_ones_said() {
    let mut event = call_end();
    event["payload"]["legs"][1]["dial_status"] = json!("NO ANSWER");
    event["payload"]["status"] = json!("answered");
    let r = decoded(&event);
    assert!(
        field(&r, "payload.legs[1].dial_status")["display"]
            .as_str()
            .unwrap()
            .starts_with("no answer (spelt \"NO ANSWER\" here; also sent as \"NOANSWER\"")
    );
    assert_eq!(field(&r, "payload.status")["display"], Value::Null);
    assert!(message(&r, "v2-unknown-value").contains("\"answered\" is not a `payload.status` value"));
    assert!(!has(&decoded(&call_end()), "v2-unknown-value"));
}

#[test]
fn ref_id_read_as_the_obd_reference_is_said() {
    let mut event = call_end();
    event["payload"]["ref_id"] = json!("3b4014a4-76cd-11f1-9c1e-0a58a9feac02");
    let r = decoded(&event);
    assert!(message(&r, "v2-ref-id-not-yours").contains("which is empty here"));
    event["payload"].as_object_mut().unwrap().remove("client_ref_id");
    assert!(message(&decoded(&event), "v2-ref-id-not-yours").contains("does not carry"));
    event["payload"]["client_ref_id"] = json!("crm-20931");
    assert!(!has(&decoded(&event), "v2-ref-id-not-yours"));
    assert!(!has(&decoded(&call_end()), "v2-ref-id-not-yours"));
}

#[test]
fn duration_and_talk_time_are_told_apart() {
    let r = decoded(&call_end());
    let said = message(&r, "v2-duration-includes-ring");
    assert!(said.contains("(43s)") && said.contains("talked 6s"), "{said}");
    // Where the answering leg talked the whole call, there is nothing to say.
    assert!(!has(&decoded(&call_summary()), "v2-duration-includes-ring"));
}

#[test]
fn the_first_leg_is_the_customer_s() {
    assert!(has(&decoded(&call_end()), "v2-first-leg-is-customer"));
    let mut event = call_end();
    let legs = event["payload"]["legs"].as_array_mut().unwrap();
    legs.swap(0, 1);
    assert!(!has(&decoded(&event), "v2-first-leg-is-customer"));
}

#[test]
fn an_empty_system_identifier_points_at_the_did() {
    assert!(!has(&decoded(&call_end()), "v2-system-identifier-empty"));
    let mut event = call_end();
    event["event_type"] = json!("call.summary");
    event["system_identifier"] = Value::Null;
    let said = decoded(&event);
    let said = message(&said, "v2-system-identifier-empty");
    assert!(
        said.contains("is null, as MyOperator documents it on `call.summary`"),
        "{said}"
    );
    assert!(said.contains("`payload.did` (+911206544510)"), "{said}");
    assert!(message(&decoded(&call_summary()), "v2-system-identifier-empty").contains("absent too"));
}

#[test]
fn a_status_that_disagrees_with_the_legs_is_a_warning() {
    assert!(!has(&decoded(&call_end()), "v2-status-legs-mismatch"));
    let mut event = call_end();
    event["payload"]["status"] = json!("missed");
    assert!(message(&decoded(&event), "v2-status-legs-mismatch").contains("`payload.legs[1]` was answered"));
    let mut event = call_end();
    event["payload"]["legs"][1]["result"] = json!("not_answered");
    event["payload"]["legs"][1]["dial_status"] = json!("BUSY");
    assert!(message(&decoded(&event), "v2-status-legs-mismatch").contains("no agent leg was answered"));
}

#[test]
fn the_session_s_time_is_checked_against_the_start() {
    assert!(!has(&decoded(&call_end()), "v2-session-time-mismatch"));
    assert!(!has(&decoded(&call_summary()), "v2-session-time-mismatch"));
    let mut event = call_end();
    event["payload"]["started_at"] = json!("2025-12-23T13:21:05.779Z");
    let r = decoded(&event);
    assert!(message(&r, "v2-session-time-mismatch").contains("embeds 2025-12-23 12:21:05 +00:00"));
}

#[test]
fn event_version_sent_as_a_string_is_said_once() {
    assert!(has(&decoded(&call_end()), "v2-event-version-string"));
    let mut event = call_end();
    event["event_version"] = json!(1);
    assert!(!has(&decoded(&event), "v2-event-version-string"));
}

#[test]
fn nanosecond_times_are_read_and_said() {
    let r = decoded(&call_summary());
    assert!(message(&r, "v2-nanosecond-time").contains("9 fraction digits"));
    assert!(!has(&decoded(&call_end()), "v2-nanosecond-time"));
}

#[test]
fn talk_longer_than_the_leg_was_answered_is_a_warning() {
    // MyOperator's summary sample as one public copy prints it: the answering agent
    // talked 82 s between 05:28:59 and the end at 05:29:26.
    let mut event = call_summary();
    event["payload"]["legs"][2]["answered_at"] = json!("2026-04-14T05:28:59+00:00");
    let said = decoded(&event);
    let said = message(&said, "v2-talk-exceeds-leg");
    assert!(said.contains("is 82s, but only 27s passed"), "{said}");
    event["payload"]["legs"][2]["talk_duration"] = json!(26);
    assert!(!has(&decoded(&event), "v2-talk-exceeds-leg"));
}

#[test]
fn an_envelope_and_payload_that_disagree_are_said() {
    assert!(!has(&decoded(&call_end()), "v2-envelope-payload-mismatch"));
    let mut event = call_end();
    event["payload"]["direction"] = json!("outgoing");
    event["customer_identifier"] = json!("7906225789");
    let r = decoded(&event);
    let paths: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "v2-envelope-payload-mismatch")
        .filter_map(|f| f["path"].as_str())
        .collect();
    // The number without its country code is the same number.
    assert_eq!(paths, ["payload.direction"]);
}

#[test]
fn every_v1_json_shape_decodes_as_its_family_and_says_how_it_came() {
    let out = decode_ndjson(&["examples/v1-json-shapes.http"], "");
    let got: Vec<(&str, &str)> = out
        .records
        .iter()
        .map(|r| (r["shape"].as_str().unwrap(), r["payload"]["family"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("json", "after-call"),
            ("json", "in-call"),
            ("json-in-myoperator", "in-call"),
            ("json-text-in-myoperator", "after-call"),
            ("form-as-text", "in-call"),
        ]
    );
    for r in &out.records[..4] {
        assert_eq!(finding_ids(r), [] as [&str; 0], "{r}");
        let uid = r["payload"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == "uid")
            .unwrap();
        assert_eq!(uid["value"], "n2.1596270949.2175190");
    }
    assert!(message(&out.records[4], "form-sent-as-text").contains("sent as `text/plain`"));
    let text = callhook()
        .args(["decode", "examples/v1-json-shapes.http"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("arrived as  JSON, the call log as an object in `myoperator`"),
        "{text}"
    );
    assert!(text.contains("arrived as  a form sent as `text/plain`"), "{text}");
}

#[test]
fn a_form_or_json_under_another_content_type_is_read_and_said() {
    let log = r#"{"uid":"n2.1596270949.2175190","call_state":"6"}"#;
    let request = |content_type: Option<&str>, body: &str| {
        let head = content_type
            .map(|t| format!("Content-Type: {t}\r\n"))
            .unwrap_or_default();
        format!(
            "POST /hook HTTP/1.1\r\nHost: x\r\n{head}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let form = format!(
        "myoperator={}",
        log.replace('"', "%22").replace('{', "%7B").replace('}', "%7D")
    );
    for (content_type, body, shape, finding) in [
        (None, form.as_str(), "form-as-text", Some("form-sent-as-text")),
        (
            Some("application/json"),
            form.as_str(),
            "form-as-text",
            Some("form-sent-as-text"),
        ),
        (Some("application/x-www-form-urlencoded"), form.as_str(), "form", None),
        (Some("text/plain"), log, "json", Some("json-sent-as-text")),
        (Some("application/json"), log, "json", None),
        (None, log, "json", None),
    ] {
        let out = decode_ndjson(&[], request(content_type, body));
        let r = &out.records[0];
        assert_eq!(r["shape"], shape, "{content_type:?}: {r}");
        assert_eq!(field(r, "call_state")["display"], "user answered");
        let forms = finding_ids(r)
            .into_iter()
            .filter(|id| id.ends_with("-as-text"))
            .collect::<Vec<_>>();
        assert_eq!(forms, finding.into_iter().collect::<Vec<_>>(), "{content_type:?}");
    }
}

#[test]
fn a_signature_looking_header_is_a_static_secret() {
    let body = call_end().to_string();
    let request = |header: &str| {
        format!(
            "POST /hooks/myoperator HTTP/1.1\r\nHost: crm.example.in\r\nContent-Type: application/json\r\n{header}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    for name in ["X-MyOperator-Signature", "x-myop-signature"] {
        let out = decode_ndjson(&[], request(&format!("{name}: sha256=deadbeef\r\n")));
        let r = &out.records[0];
        assert!(
            message(r, "signature-header").contains("MyOperator signs nothing"),
            "{r}"
        );
        let header = r["request"]["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == name)
            .unwrap();
        assert_eq!(header["value"], "<redacted>");
    }
    assert!(!has(
        &decode_ndjson(&[], request("X-Source: myoperator\r\n")).records[0],
        "signature-header"
    ));
}

#[test]
fn an_api_key_in_the_query_is_a_warning() {
    let out = decode_ndjson(&[], "https://crm.example.in/hook?key=wh-7Qx9Zt31&uid=n2.1596270949.1\n");
    let r = &out.records[0];
    assert!(
        message(r, "api-key-in-query").contains("lands in access logs")
            || message(r, "api-key-in-query").contains("URLs land")
    );
    assert!(!r["request"]["url"].as_str().unwrap().contains("wh-7Qx9Zt31"));
    let out = decode_ndjson(&[], "https://crm.example.in/hook?uid=n2.1596270949.1\n");
    assert!(!has(&out.records[0], "api-key-in-query"));
}

/// The configuration `decode --config` checks the session against.
const CRM_CALLS: &str = r#"{"version": 2, "name": "CRM calls", "url": "https://crm.example.in/hooks/myoperator?src=mo",
 "events": ["call.end", "call.summary"],
 "auth": {"type": "api_key", "in": "header", "name": "x-webhook-token", "value": "wh-7Qx9Zt31"},
 "headers": [{"name": "X-Source", "value": "myoperator"}]}"#;

fn post(target: &str, headers: &[&str], body: &Value) -> String {
    let body = body.to_string();
    let mut head = format!("POST {target} HTTP/1.1\r\nContent-Type: application/json\r\n");
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    format!("{head}Content-Length: {}\r\n\r\n{body}", body.len())
}

fn checked(config: &str, capture: &str) -> Value {
    let scratch = Scratch::new("v2-config");
    let config = scratch.write("webhook.json", config);
    let out = decode_ndjson(&["--config", config.to_str().unwrap()], capture);
    assert_eq!(out.records.len(), 1, "{}", out.stderr);
    out.records[0].clone()
}

fn config_ids(record: &Value) -> Vec<&str> {
    finding_ids(record)
        .into_iter()
        .filter(|id| id.starts_with("config-"))
        .collect()
}

#[test]
fn a_capture_is_checked_against_its_v2_webhook() {
    let good = [
        "Host: crm.example.in",
        "x-webhook-token: wh-7Qx9Zt31",
        "X-Source: myoperator",
    ];
    let r = checked(CRM_CALLS, &post("/hooks/myoperator?src=mo", &good, &call_end()));
    assert_eq!(config_ids(&r), [] as [&str; 0], "{r}");
    let token = r["request"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "x-webhook-token")
        .unwrap();
    assert_eq!(token["value"], "<redacted>");

    let r = checked(
        CRM_CALLS,
        &post(
            "/hooks/myoperator?src=x&extra=1",
            &["Host: crm.example.com", "x-webhook-token: nope"],
            &call_end(),
        ),
    );
    assert_eq!(
        config_ids(&r),
        [
            "config-host-mismatch",
            "config-header-missing",
            "config-api-key-mismatch",
            "config-custom-mismatch",
            "config-param-unexpected"
        ]
    );
    assert!(!r.to_string().contains("wh-7Qx9Zt31"), "no secret in the findings");

    let mut initiated = call_end();
    initiated["event_type"] = json!("call.initiated");
    let r = checked(CRM_CALLS, &post("/hooks/myoperator?src=mo", &good[..2], &initiated));
    assert_eq!(config_ids(&r), ["config-header-missing", "config-event-not-subscribed"]);
    assert!(message(&r, "config-event-not-subscribed").contains("does not subscribe to \"call.initiated\""));

    let r = checked(
        CRM_CALLS,
        &post("/hooks/myoperator?src=mo", &good, &json!({"uid": "n2.1.1"})),
    );
    assert_eq!(config_ids(&r), ["config-not-v2-event"]);
    let r = checked(CRM_CALLS, &post("/other?src=mo", &good, &call_end()));
    assert_eq!(config_ids(&r), ["config-path-mismatch"]);
}

#[test]
fn a_v2_webhook_s_key_in_the_query_and_basic_credentials_are_checked() {
    let query_key = r#"{"version": 2, "url": "https://crm.example.in/hook", "events": ["call.end"],
        "auth": {"type": "api_key", "in": "query", "name": "token", "value": "wh-1"}}"#;
    let r = checked(
        query_key,
        &post("/hook?token=wh-1", &["Host: crm.example.in"], &call_end()),
    );
    assert_eq!(config_ids(&r), [] as [&str; 0], "{r}");
    assert!(has(&r, "api-key-in-query"));
    let r = checked(query_key, &post("/hook", &["Host: crm.example.in"], &call_end()));
    assert_eq!(config_ids(&r), ["config-api-key-missing"]);
    let basic = r#"{"version": 2, "url": "https://crm.example.in/hook", "events": ["call.end"],
        "auth": {"type": "basic", "username": "myoperator", "password": "s3cret-pass"}}"#;
    let r = checked(basic, &post("/hook", &["Host: crm.example.in"], &call_end()));
    assert_eq!(config_ids(&r), ["config-credentials-missing"]);
    // bXlvcGVyYXRvcjpzM2NyZXQtcGFzcw== is myoperator:s3cret-pass.
    let r = checked(
        basic,
        &post(
            "/hook",
            &[
                "Host: crm.example.in",
                "Authorization: Basic bXlvcGVyYXRvcjpzM2NyZXQtcGFzcw==",
            ],
            &call_end(),
        ),
    );
    assert_eq!(config_ids(&r), [] as [&str; 0], "{r}");
}

#[test]
fn among_several_webhooks_the_one_of_the_path_and_event_is_picked() {
    let out = callhook()
        .args([
            "decode",
            "--format",
            "ndjson",
            "--config",
            "examples/webhook-v2.json",
            "examples/v2-session.http",
        ])
        .output()
        .unwrap();
    let records: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<Vec<&str>> = records.iter().map(config_ids).collect();
    assert_eq!(
        ids,
        [vec![], vec!["config-event-not-subscribed"], vec![], vec![], vec![]],
        "only `call.dial_begin` is not among CRM calls' events"
    );
    // A v1 configuration still checks v1 captures, as before.
    let v1 = decode_ndjson(
        &["--config", "examples/webhook.json", "examples/listener-capture.http"],
        "",
    );
    assert!(!config_ids(&v1.records[0]).contains(&"config-not-v2-event"));
}

#[test]
fn fields_knows_v2_paths_events_and_words_and_each_counterpart() {
    for (name, expected) in [
        (
            "payload.legs[].dial_status",
            "payload.legs[].dial_status: how dialling the leg ended",
        ),
        ("dial_status", "NOANSWER   no answer; also spelt \"NO ANSWER\""),
        ("call.dial_begin", "v1 call states  5 (dialing users)"),
        ("bridged", "v1 counterpart  status (status, _su) 1 (connected)"),
        (
            "_cr",
            "v2 counterpart  payload.customer_number, customer_identifier (inferred)",
        ),
        (
            "payload.customer_number",
            "v1 counterpart  clid_raw (clid_raw), inferred",
        ),
        (
            "_ld._rr._ct",
            "v2 counterpart  payload.legs[].agent.contact, payload.legs[].phone_number",
        ),
        (
            "payload.legs[].agent.contact",
            "agent_number (_ld[]._rr[]._ct, _cn[]._ct), inferred",
        ),
        ("_su", "v2 values       1 = bridged, 2 = missed, 3 = voicemail"),
        ("public_ivr_id", "v2 counterpart  none: No v2 sample carries the IVR."),
        ("event_sequence", "v1 counterpart  none"),
    ] {
        callhook()
            .args(["fields", name])
            .assert()
            .success()
            .stdout(predicate::str::contains(expected));
    }
    callhook()
        .args(["fields", "started_at"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`payload.started_at`, `payload.legs[].started_at`",
        ));
    let json = |name: &str| -> Value {
        serde_json::from_slice(
            &callhook()
                .args(["fields", "--format", "json", name])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    assert_eq!(json("call.dial_begin")["event"]["v1_states"][0]["value"], "5");
    assert_eq!(json("bridged")["codes"][0]["v1"][0]["value"], "1");
    assert_eq!(
        json("_cr")["field"]["v2_counterpart"]["v2"][0],
        "payload.customer_number"
    );
    let codes = &json("dial_status")["field"]["codes"];
    assert_eq!(codes[2]["value"], "NOANSWER");
    assert_eq!(codes[2]["other_spellings"][0], "NO ANSWER");
    let csv = callhook()
        .args(["fields", "--format", "csv", "call.end"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(csv.stdout)
            .unwrap()
            .starts_with("name,other_spellings,channel,")
    );
    let csv = callhook()
        .args(["fields", "--format", "csv", "bridged"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(csv.stdout)
            .unwrap()
            .contains("\npayload.status,bridged,,")
    );
}

#[test]
fn the_generator_writes_v2_sessions_that_decode_whole() {
    let run = || {
        callhook()
            .args(["generate", "--calls", "40", "--format", "v2-ndjson"])
            .output()
            .unwrap()
            .stdout
    };
    let bytes = run();
    assert_eq!(bytes, run(), "the same seed writes the same bytes");
    let out = decode_ndjson(&[], &bytes);
    assert!(out.stderr.contains("0 failed"), "{}", out.stderr);
    let mut per_call: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in &out.records {
        assert_eq!(r["payload"]["family"], "v2-call");
        for f in r["payload"]["fields"].as_array().unwrap() {
            assert!(!f["field"].is_null(), "{f}");
        }
        assert!(!has(r, "v2-unknown-value") && !has(r, "v2-status-legs-mismatch"), "{r}");
        let session = field(r, "session_id")["value"].as_str().unwrap().to_owned();
        per_call
            .entry(session)
            .or_default()
            .push(field(r, "event_type")["value"].as_str().unwrap().to_owned());
    }
    assert_eq!(per_call.len(), 40);
    for (session, events) in &per_call {
        for event in ["call.initiated", "call.dial_begin", "call.end", "call.summary"] {
            assert!(events.iter().any(|e| e == event), "{session}: no {event}");
        }
    }
    assert!(per_call.values().any(|e| e.iter().any(|e| e == "call.answered")));
    assert!(
        per_call.values().any(|e| !e.iter().any(|e| e == "call.answered")),
        "some calls are missed"
    );
}
