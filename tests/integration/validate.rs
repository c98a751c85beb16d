//! `callhook validate`: every rule triggered and not, v1 and v2, positions, masking,
//! exit statuses; and `decode --config`.

use callhook::validate::Rule;
use predicates::prelude::*;
use serde_json::Value;

use crate::harness::{Scratch, callhook, decode_ndjson, finding_ids as ids};

/// The diagnostics of `--format json` for a configuration given on stdin.
fn diagnostics(config: &str) -> Vec<Value> {
    let out = callhook()
        .args(["validate", "--format", "json", "-"])
        .write_stdin(config)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["diagnostics"].as_array().unwrap().clone()
}

fn rules(config: &str) -> Vec<String> {
    diagnostics(config)
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// The rules a v1 configuration breaks besides `v1-retired`, which every one does.
fn v1_rules(config: &str) -> Vec<String> {
    let mut found = rules(config);
    let retired = found.iter().position(|r| r == "v1-retired");
    assert!(retired.is_some(), "no v1-retired for {config}: {found:?}");
    found.retain(|r| r != "v1-retired");
    found
}

/// A v1 webhook as the 2025 update allows it, with `change` merged over it (a JSON
/// object's text without braces).
fn webhook(change: &str) -> String {
    let base = r#""target_url": "https://crm.example.com/webhook.php", "method": "POST", "format": "json", "log_criteria": "call_logs""#;
    if change.is_empty() {
        format!("{{{base}}}")
    } else {
        format!("{{{base}, {change}}}")
    }
}

/// A valid v2 webhook with `change` merged over it.
fn v2(change: &str) -> String {
    let base = r#""version": 2, "url": "https://crm.example.in/hooks/myoperator", "events": ["call.end"]"#;
    if change.is_empty() {
        format!("{{{base}}}")
    } else {
        format!("{{{base}, {change}}}")
    }
}

#[test]
fn the_shipped_v2_configuration_passes_and_the_v1_one_fails_on_the_2025_rules() {
    callhook()
        .args(["validate", "examples/webhook-v2.json"])
        .assert()
        .success()
        .stdout("")
        .stderr("callhook: 0 errors and 0 warnings in 1 file\n");
    let out = callhook()
        .args(["validate", "examples/webhook.json"])
        .assert()
        .code(1)
        .stderr("callhook: 7 errors and 1 warning in 1 file\n");
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        text.matches("warning[v1-retired]").count(),
        1,
        "one for the file:\n{text}"
    );
    let found = v1_rules(&std::fs::read_to_string("examples/webhook.json").unwrap());
    assert!(found.iter().all(|r| r.starts_with("v1-")), "{found:?}");
    assert!(v1_rules(&webhook("")).is_empty());
    assert!(rules(&v2("")).is_empty());
}

#[test]
fn each_rule_triggers_where_it_applies() {
    let param = |p: &str| webhook(&format!(r#""query_params": [{p}]"#));
    let auth = |a: &str| v2(&format!(r#""auth": {a}"#));
    let headers = |h: &str| v2(&format!(r#""headers": [{h}]"#));
    let many = |n: usize, item: &str| vec![item; n].join(", ");
    let cases: Vec<(Rule, String)> = vec![
        (Rule::InvalidJson, r#"{"target_url": "https://x.example/h",}"#.into()),
        (Rule::RootType, "\"just a string\"".into()),
        (Rule::NoWebhooks, "[]".into()),
        (Rule::UnknownKey, webhook(r#""target_ulr": "x""#)),
        (Rule::DuplicateKey, webhook(r#""method": "GET""#)),
        (Rule::MissingKey, r#"{"method": "POST", "log_criteria": "call_logs"}"#.into()),
        (Rule::WrongType, webhook(r#""headers": "x-a: 1""#)),
        (Rule::TargetUrlInvalid, r#"{"target_url": "crm.example.com/h", "method": "POST", "log_criteria": "call_logs"}"#.into()),
        (Rule::TargetUrlFragment, r#"{"target_url": "https://crm.example.com/h#x", "method": "POST", "format": "json", "log_criteria": "call_logs"}"#.into()),
        (Rule::TargetUrlCredentials, r#"{"target_url": "https://a:b@crm.example.com/h", "method": "POST", "log_criteria": "call_logs"}"#.into()),
        (Rule::TargetUrlUnreachable, r#"{"target_url": "https://192.168.1.20/h", "method": "POST", "log_criteria": "call_logs"}"#.into()),
        (Rule::MethodInvalid, r#"{"target_url": "https://crm.example.com/h", "method": "PUT", "log_criteria": "call_logs"}"#.into()),
        (Rule::GetWithoutParams, r#"{"target_url": "https://crm.example.com/h", "method": "GET", "log_criteria": "call_logs"}"#.into()),
        (Rule::HeaderNoColon, webhook(r#""headers": ["x-token abc"]"#)),
        (Rule::HeaderNameInvalid, webhook(r#""headers": ["x token: abc"]"#)),
        (Rule::HeaderInjection, webhook(r#""headers": ["x-a: 1\r\nx-b: 2"]"#)),
        (Rule::HeaderUnderscore, webhook(r#""headers": ["x_a: 1"]"#)),
        (Rule::HeaderReserved, webhook(r#""headers": ["Host: evil.example"]"#)),
        (Rule::HeaderDuplicate, webhook(r#""headers": ["x-a: 1", "X-A: 2"]"#)),
        (Rule::CredentialsInvalid, webhook(r#""credentials": {"user": "a", "password": "b"}"#)),
        (Rule::CredentialsUsernameColon, webhook(r#""credentials": {"username": "a:b", "password": "c"}"#)),
        (Rule::SecretOverHttp, r#"{"target_url": "http://crm.example.com/h", "method": "POST", "log_criteria": "call_logs", "headers": ["x-api-key: k"]}"#.into()),
        (Rule::LogCriteriaInvalid, r#"{"target_url": "https://crm.example.com/h", "method": "POST", "log_criteria": "both"}"#.into()),
        (Rule::ParamNameEmpty, param(r#"{"name": "", "field": "UID"}"#)),
        (Rule::ParamNameRepeated, param(r#"{"name": "u", "field": "UID"}, {"name": "u", "field": "Call state"}"#)),
        (Rule::ParamNameEncoding, param(r#"{"name": "caller&number", "field": "UID"}"#)),
        (Rule::ParamNamePhp, param(r#"{"name": "call.uid", "field": "UID"}"#)),
        (Rule::ParamNameInUrl, r#"{"target_url": "https://crm.example.com/h?uid=1", "method": "POST", "log_criteria": "call_logs", "query_params": [{"name": "uid", "field": "UID"}]}"#.into()),
        (Rule::FieldUnknown, param(r#"{"name": "u", "field": "Unique id"}"#)),
        (Rule::FieldNotInDropdown, param(r#"{"name": "t", "field": "call_time"}"#)),
        (Rule::CustomWithoutValue, param(r#"{"name": "src", "field": "Custom"}"#)),
        (Rule::ValueOnNonCustom, param(r#"{"name": "u", "field": "UID", "value": "x"}"#)),
        (Rule::WebhookTypeInvalid, webhook(r#""type": "after-cal""#)),
        (Rule::FormatInvalid, webhook(r#""format": "yaml""#).replacen(r#""format": "json", "#, "", 1)),
        (Rule::V1Retired, r#"[{"target_url": "https://a.example/h", "method": "POST", "format": "json", "log_criteria": "call_logs"}]"#.into()),
        (Rule::V1Get, webhook(r#""query_params": [{"name": "s", "field": "Custom", "value": "x"}]"#).replace(r#""method": "POST""#, r#""method": "GET""#)),
        (Rule::V1Http, webhook("").replace("https://", "http://")),
        (Rule::V1NotJson, webhook("").replace(r#""format": "json""#, r#""format": "form""#)),
        (Rule::V1MappedParam, param(r#"{"name": "num", "field": "Caller number with country code"}"#)),
        (Rule::VersionInvalid, v2("").replace(r#""version": 2"#, r#""version": "2""#)),
        (Rule::UrlNotHttps, v2("").replace("https://", "http://")),
        (Rule::UrlTooLong, v2("").replace("/hooks/myoperator", &format!("/{}", "a".repeat(2048)))),
        (Rule::EventsEmpty, v2("").replace(r#"["call.end"]"#, "[]")),
        (Rule::EventUnknown, v2("").replace("call.end", "call.ended")),
        (Rule::EventRepeated, v2("").replace(r#""call.end""#, r#""call.end", "call.end""#)),
        (Rule::EventOtherSpelling, v2("").replace("call.end", "call.disposition")),
        (Rule::EventUnconfirmed, v2("").replace("call.end", "call.ivr_started")),
        (Rule::AuthInvalid, auth(r#"{"type": "oauth"}"#)),
        (Rule::HeaderAuthClash, v2(r#""auth": {"type": "api_key", "in": "header", "name": "x-key", "value": "k"}, "headers": [{"name": "X-Key", "value": "2"}]"#)),
        (Rule::HeaderNameRepeated, headers(r#"{"name": "X-A", "value": "1"}, {"name": "x-a", "value": "2"}"#)),
        (Rule::HeadersTooMany, headers(&(0..11).map(|i| format!(r#"{{"name": "X-{i}", "value": "v"}}"#)).collect::<Vec<_>>().join(", "))),
        (Rule::WebhooksTooMany, format!("[{}]", many(11, &v2("")))),
    ];
    let covered: Vec<Rule> = cases.iter().map(|(r, _)| *r).collect();
    for rule in Rule::ALL {
        assert!(covered.contains(rule), "no test triggers {}", rule.as_str());
    }
    for (rule, config) in cases {
        let found = rules(&config);
        assert!(
            found.contains(&rule.as_str().to_owned()),
            "{} not found in {found:?} for {config}",
            rule.as_str()
        );
        // A case may trip an error rule besides the one it tests (a secret over
        // http is also a v1 webhook on http), and any error decides the status.
        let error = found
            .iter()
            .any(|id| Rule::from_id(id).is_some_and(|r| r.severity() == callhook::findings::Severity::Error));
        let code = i32::from(error);
        let shown = format!("{}[{}]", rule.severity().as_str(), rule.as_str());
        callhook()
            .args(["validate", "-"])
            .write_stdin(config.clone())
            .assert()
            .code(code)
            .stdout(predicate::str::contains(shown));
    }
}

#[test]
fn near_misses_do_not_trigger() {
    // Authorization without credentials is a header like any other.
    assert!(v1_rules(&webhook(r#""headers": ["Authorization: Bearer t"]"#)).is_empty());
    // A secret header over https is fine; the same over http is not.
    assert!(
        v1_rules(&webhook(
            r#""headers": ["x-api-key: k"], "credentials": {"username": "a", "password": "b"}"#
        ))
        .is_empty()
    );
    // Dropdown labels in any case, ids, and the panel's spelling of log criteria;
    // only the 2025 update's rules fire, and the Custom parameter is not one of them.
    let config = r#"{"target_url": "https://crm.example.com/h", "method": "GET", "log_criteria": "Mobile Logs",
        "query_params": [{"name": "caller_number", "field": "CALLER NUMBER WITH COUNTRY CODE"}, {"name": "state", "field": "call_state"},
                         {"name": "src", "field": "custom", "value": "myoperator"}]}"#;
    assert_eq!(v1_rules(config), ["v1-get", "v1-mapped-param", "v1-mapped-param"]);
    // Public addresses are reachable.
    let public = r#"{"target_url": "https://203.0.113.7:8443/h", "method": "POST", "format": "json", "log_criteria": "call_logs"}"#;
    assert!(v1_rules(public).is_empty());
    // `"version": 1`, and the panel's spellings of the v1 types.
    for kind in ["in_call", "After-Call", "disposition"] {
        let config = webhook(&format!(r#""version": 1, "type": "{kind}""#));
        assert!(v1_rules(&config).is_empty(), "{config}: {:?}", v1_rules(&config));
    }
    // A POST without `format` is the legacy form body; GET has no body to judge.
    let form = webhook("").replace(r#""format": "json", "#, "");
    assert_eq!(v1_rules(&form), ["v1-not-json"]);
}

#[test]
fn v2_near_misses_do_not_trigger() {
    let clean = |config: &str| {
        let found: Vec<String> = rules(config);
        assert!(found.is_empty(), "{config}: {found:?}");
    };
    // Every known event, both disposition spellings once each being another matter.
    let all = r#"["call.initiated", "call.dial_begin", "call.answered", "call.end", "call.summary", "disposition",
        "message.received", "message.sent", "message.delivered", "message.read", "message.failed",
        "message.link_tracking", "conversation.assign", "conversation.close"]"#;
    clean(&v2("").replace(r#"["call.end"]"#, all));
    // A URL of exactly 2048 characters.
    let base = "https://crm.example.in/";
    clean(&v2("").replace(
        "https://crm.example.in/hooks/myoperator",
        &format!("{base}{}", "a".repeat(2048 - base.len())),
    ));
    // Ten headers, ten webhooks.
    let ten: Vec<String> = (0..10)
        .map(|i| format!(r#"{{"name": "X-{i}", "value": "v"}}"#))
        .collect();
    clean(&v2(&format!(r#""headers": [{}]"#, ten.join(", "))));
    clean(&format!("[{}]", vec![v2(""); 10].join(", ")));
    // Every auth shape; an API key may be named Authorization (a bearer token), and
    // a query key not in the URL is fine; `null` auth is none; a header needs no value.
    for auth in [
        r#"{"type": "none"}"#,
        r#"{"type": "basic", "username": "crm", "password": "p:w"}"#,
        r#"{"type": "api_key", "in": "header", "name": "Authorization", "value": "Bearer t"}"#,
        r#"{"type": "api_key", "in": "query", "name": "key", "value": "k"}"#,
        "null",
    ] {
        clean(&v2(&format!(r#""auth": {auth}, "headers": [{{"name": "X-Source"}}]"#)));
    }
    // Header names differ from the API key's when they differ.
    clean(&v2(
        r#""auth": {"type": "api_key", "in": "query", "name": "x-key", "value": "k"}, "headers": [{"name": "X-Key", "value": "1"}]"#,
    ));
}

#[test]
fn each_v2_rule_says_what_to_do() {
    let first = |config: &str, rule: &str| -> Value {
        diagnostics(config)
            .into_iter()
            .find(|d| d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {config}"))
    };
    let unknown = first(&v2("").replace("call.end", "call.summry"), "event-unknown");
    assert_eq!(unknown["help"], "did you mean `call.summary`?");
    assert_eq!(unknown["pointer"], "/events/0");
    let label = first(&v2("").replace("call.end", "Call Ended"), "event-unknown");
    assert_eq!(
        label["help"], "did you mean `call.end`?",
        "panel labels are suggested as event types"
    );
    let auth_type = first(&v2(r#""auth": {"type": "apikey"}"#), "auth-invalid");
    assert_eq!(auth_type["help"], "did you mean `api_key`?");
    let missing = first(&v2(r#""auth": {"type": "basic", "username": "u"}"#), "missing-key");
    assert_eq!(missing["message"], "this `basic` auth has no `password`");
    let in_value = first(
        &v2(r#""auth": {"type": "api_key", "in": "body", "name": "k", "value": "v"}"#),
        "auth-invalid",
    );
    assert_eq!(in_value["pointer"], "/auth/in");
    let key_name = first(
        &v2(r#""auth": {"type": "api_key", "in": "header", "name": "x key", "value": "v"}"#),
        "header-name-invalid",
    );
    assert_eq!(key_name["pointer"], "/auth/name");
    let query_name = first(
        &v2(r#""auth": {"type": "api_key", "in": "query", "name": "api key", "value": "v"}"#),
        "param-name-encoding",
    );
    assert_eq!(query_name["pointer"], "/auth/name");
    let in_url = first(
        &v2(r#""auth": {"type": "api_key", "in": "query", "name": "key", "value": "v"}"#)
            .replace("myoperator\"", "myoperator?key=1\""),
        "param-name-in-url",
    );
    assert_eq!(in_url["pointer"], "/auth/name");
    let colon = first(
        &v2(r#""auth": {"type": "basic", "username": "a:b", "password": "p"}"#),
        "credentials-username-colon",
    );
    assert_eq!(colon["pointer"], "/auth/username");
    let reserved = first(
        &v2(r#""headers": [{"name": "authorization", "value": "x"}]"#),
        "header-reserved",
    );
    assert!(
        reserved["help"]
            .as_str()
            .unwrap()
            .contains("`auth` sends Authorization"),
        "{reserved}"
    );
    let injection = first(
        &v2(r#""headers": [{"name": "X-A", "value": "1
Host: evil"}]"#),
        "header-injection",
    );
    assert_eq!(injection["pointer"], "/headers/0/value");
    let v1_key = first(&v2(r#""query_params": []"#), "unknown-key");
    assert!(
        v1_key["help"].as_str().unwrap().contains("v2 maps no query parameters"),
        "{v1_key}"
    );
    let v2_key = first(
        r#"{"url": "https://a.example/h", "events": ["call.end"]}"#,
        "unknown-key",
    );
    assert_eq!(
        v2_key["help"],
        "`url` is a v2 key: add `\"version\": 2` to read this webhook as v2"
    );
    let too_many = first(&format!("[{}]", vec![v2(""); 11].join(", ")), "webhooks-too-many");
    assert_eq!(too_many["pointer"], "/10");
    let mapped = first(
        &webhook(r#""query_params": [{"name": "u", "field": "UID"}]"#),
        "v1-mapped-param",
    );
    assert!(
        mapped["help"].as_str().unwrap().contains("in v2 it is `session_id`"),
        "{mapped}"
    );
}

#[test]
fn v2_secrets_are_masked_in_quoted_source() {
    let text = String::from_utf8(
        callhook()
            .args(["validate", "examples/webhook-v2-broken.json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    for secret in ["wh-7Qx9Zt31", "abc123", "myoperator\"", "application/json", "acme"] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
    assert!(text.contains("?token=******#calls"), "{text}");
    let config = "{\"version\": 2, \"url\": \"https://crm.example.in/h\", \"evnts\": [\"call.end\"],\n\
        \"auth\": {\"type\": \"basic\", \"username\": \"u\", \"password\": \"hunter2\", \"in\": \"header\"},\n\
        \"headers\": [{\"name\": \"X-A\", \"value\": \"tok-1\"}, {\"name\": \"x-a\", \"value\": \"tok-2\"}]}";
    let out = callhook().args(["validate", "-"]).write_stdin(config).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("hunter2") && !text.contains("tok-") && text.contains("\"*******\""),
        "{text}"
    );
    let shown = callhook()
        .args(["validate", "--show-secrets", "-"])
        .write_stdin(config)
        .output()
        .unwrap();
    assert!(String::from_utf8(shown.stdout).unwrap().contains("hunter2"));
}

/// A v2 configuration checks captures (as `v2::a_capture_is_checked_against_its_v2_webhook`
/// shows in detail); a v1 GET webhook's capture, against it, is no v2 event.
#[test]
fn decode_checks_against_v2_configurations_too() {
    callhook()
        .args([
            "decode",
            "--config",
            "examples/webhook-v2.json",
            "examples/get-webhook.url",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("config-no-match"));
    callhook()
        .args([
            "decode",
            "--config",
            "examples/webhook-v2.json",
            "examples/v2-session.http",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("config-event-not-subscribed"));
}

#[test]
fn every_problem_is_found_in_one_pass_with_positions_and_pointers() {
    let out = callhook()
        .args(["validate", "--format", "json", "examples/webhook-broken.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = doc["diagnostics"].as_array().unwrap();
    assert!(list.len() >= 15, "{}", list.len());
    let unknown = list.iter().find(|d| d["rule"] == "unknown-key").unwrap();
    assert_eq!(unknown["start"], serde_json::json!({"line": 2, "column": 3}));
    assert_eq!(unknown["end"], serde_json::json!({"line": 2, "column": 15}));
    assert_eq!(unknown["pointer"], "/target_ulr");
    assert_eq!(unknown["help"], "did you mean `target_url`?");
    assert_eq!(unknown["file"], "examples/webhook-broken.json");
    let field = list.iter().find(|d| d["rule"] == "field-unknown").unwrap();
    assert_eq!(field["pointer"], "/query_params/1/field");
    assert_eq!(field["help"], "did you mean `call_state`?");
}

#[test]
fn secrets_are_masked_in_quoted_source_at_the_same_width() {
    let assert = callhook()
        .args(["validate", "examples/webhook-broken.json"])
        .assert()
        .code(1);
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for secret in ["hunter2", "abc123def", "k-123456", "YWRtaW46MTIzNDU2", "123456\""] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
    assert!(text.contains("\"X_Api_Key: ********\""), "{text}");
    assert!(text.contains("\"http://admin:*******@localhost:8080/webhook.php?source=x#top\""));
    // The underline of the host starts where the host does, after the mask.
    assert!(
        text.contains("                                       ^^^^^^^^^^^^^^\n"),
        "{text}"
    );
    let shown = callhook()
        .args(["validate", "--show-secrets", "examples/webhook-broken.json"])
        .output()
        .unwrap();
    assert!(String::from_utf8(shown.stdout).unwrap().contains("hunter2"));
}

#[test]
fn invalid_json_is_placed_like_the_rest() {
    callhook()
        .args(["validate", "-"])
        .write_stdin("{\n  \"method\": \"POST\"\n  \"log_criteria\": \"call_logs\"\n}\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[invalid-json]: invalid JSON: Expected comma",
        ))
        .stdout(predicate::str::contains(" --> <stdin>:2:19"));
    let deep = "[".repeat(100_000);
    callhook()
        .args(["validate", "-"])
        .write_stdin(deep)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("JSON nested 65 levels deep"));
    callhook()
        .args(["validate", "-"])
        .write_stdin(b"{\"method\": \"\xff\"}".to_vec())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("the file is not UTF-8 text"));
}

#[test]
fn warnings_pass_unless_denied_and_several_files_run_at_once() {
    let warning_only = webhook(r#""headers": ["x_a: 1"]"#);
    callhook()
        .args(["validate", "-"])
        .write_stdin(warning_only.clone())
        .assert()
        .code(0);
    callhook()
        .args(["validate", "--deny-warnings", "-"])
        .write_stdin(warning_only)
        .assert()
        .code(1);
    callhook()
        .args([
            "validate",
            "examples/webhook.json",
            "examples/webhook-broken.json",
            "missing.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: cannot read missing.json"))
        .stderr(predicate::str::contains("in 2 files; 1 file could not be read"));
}

#[test]
fn explain_covers_every_rule() {
    for rule in Rule::ALL {
        callhook()
            .args(["validate", "--explain", rule.as_str()])
            .assert()
            .success()
            .stdout(predicate::str::contains(rule.explain()));
    }
    callhook()
        .args(["validate", "--explain", "header-underscor"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `header-underscore`?"));
}

/// `--explain` alone lists every rule, and an unknown rule's help points at that list.
#[test]
fn explain_alone_lists_the_rules() {
    let out = callhook().args(["validate", "--explain"]).output().unwrap();
    assert!(out.status.success());
    let listed = String::from_utf8(out.stdout).unwrap();
    for rule in Rule::ALL {
        assert!(
            listed
                .lines()
                .any(|l| l.starts_with(rule.as_str()) && l.contains(rule.severity().as_str())),
            "{} not listed:\n{listed}",
            rule.as_str()
        );
    }
    callhook()
        .args(["validate", "--explain", "nothing-like-it"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`callhook validate --explain` lists them"));
}

/// Piped into `validate` with no file named, a configuration is read from stdin, as
/// decode and timeline read captures; a UTF-8 byte order mark is skipped, so the
/// positions are those an editor shows.
#[test]
fn piped_input_and_a_byte_order_mark_are_read() {
    let config = format!("\u{feff}{}", webhook("\"methd\": 1"));
    let out = callhook().arg("validate").write_stdin(config.clone()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("invalid-json"), "{text}");
    assert!(text.contains("<stdin>:1:"), "{text}");
    assert!(text.contains("unknown-key"), "{text}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("in 1 file"), "{stderr}");
}

/// A file that cannot be read is not counted among the files checked.
#[test]
fn an_unreadable_file_is_counted_apart() {
    callhook()
        .args(["validate", "examples/webhook-v2.json", "no-such-file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read no-such-file.json"))
        .stderr(predicate::str::contains(
            "0 errors and 0 warnings in 1 file; 1 file could not be read",
        ));
}

fn decoded_with_config(config: &str, capture: &str) -> Value {
    let dir = Scratch::new("config");
    let path = dir.write("webhook.json", config);
    let mut decoded = decode_ndjson(&["--config", path.to_str().unwrap()], capture);
    assert!(!decoded.records.is_empty(), "nothing decoded: {}", decoded.stderr);
    decoded.records.swap_remove(0)
}

const CONFIG: &str = r#"{"target_url": "https://crm.example.com/webhook.php", "method": "POST", "log_criteria": "call_logs",
  "headers": ["x-webhook-token: s3cr3t-value"], "credentials": {"username": "admin", "password": "123456"},
  "query_params": [{"name": "num", "field": "Caller number with country code"}, {"name": "st", "field": "Call state"},
                   {"name": "src", "field": "Custom", "value": "myoperator"}]}"#;

#[test]
fn decode_with_a_config_names_parameters_and_finds_nothing_on_a_faithful_request() {
    let capture = "curl 'https://crm.example.com/webhook.php?num=%2B919711636496&st=5&src=myoperator' -u admin:123456 -H 'x-webhook-token: s3cr3t-value' --data-raw 'myoperator=%7B%22clid_raw%22%3A%22919711636496%22%2C%22call_state%22%3A%225%22%7D'\n";
    let record = decoded_with_config(CONFIG, capture);
    assert_eq!(ids(&record), ["php-header-name"], "{}", record["findings"]);
    let query = &record["request"]["query"];
    assert_eq!(query[0]["field"], "caller_number");
    assert_eq!(query[0]["inferred"], false);
    assert_eq!(query[1]["display"], "dialing users");
    assert_eq!(query[2]["field"], "custom");
    let header = &record["request"]["headers"][0];
    assert_eq!(header["value"], "<redacted>", "configured header values are secrets");
    assert!(!record.to_string().contains("s3cr3t-value"));
}

#[test]
fn decode_with_a_config_reports_each_mismatch() {
    let capture = "curl -X GET 'https://crm.example.com/webhook.php?num=%2B919800000000&st=6&src=other&extra=1' -u admin:wrong -H 'x-webhook-token: old' --data-raw 'myoperator=%7B%22clid_raw%22%3A%22919711636496%22%2C%22call_state%22%3A%225%22%7D'\n";
    let record = decoded_with_config(CONFIG, capture);
    let found = ids(&record);
    for id in [
        "config-method-mismatch",
        "config-header-mismatch",
        "config-credentials-mismatch",
        "config-custom-mismatch",
        "config-param-unexpected",
        "config-value-mismatch",
    ] {
        assert!(found.contains(&id), "{id} missing from {found:?}");
    }
    assert_eq!(
        found.iter().filter(|i| **i == "config-value-mismatch").count(),
        2,
        "number and state"
    );
    assert!(!record.to_string().contains("wrong") && !record.to_string().contains("\"old\""));
    let bare = decoded_with_config(CONFIG, "curl 'https://crm.example.com/webhook.php?st=5'\n");
    let found = ids(&bare);
    for id in [
        "config-header-missing",
        "config-credentials-missing",
        "config-param-missing",
    ] {
        assert!(found.contains(&id), "{id} missing from {found:?}");
    }
    let elsewhere = decoded_with_config(
        &format!("[{CONFIG}, {}]", CONFIG.replace("/webhook.php", "/other.php")),
        "curl 'https://crm.example.com/third.php?st=5'\n",
    );
    assert_eq!(ids(&elsewhere), ["config-no-match"]);
}

#[test]
fn decode_says_when_it_cannot_read_the_configuration() {
    callhook()
        .args(["decode", "--config", "no-such-webhook.json", "examples/get-webhook.url"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("error: cannot read no-such-webhook.json:"));
}

#[test]
fn decode_refuses_a_configuration_with_errors() {
    callhook()
        .args([
            "decode",
            "--config",
            "examples/webhook-broken.json",
            "examples/get-webhook.url",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("error[unknown-key]"))
        .stderr(predicate::str::contains("has errors; fix them first"));
}

#[test]
fn a_capture_is_not_validated_but_named_with_the_command_that_reads_it() {
    let cases = [
        ("examples/v2-call-end.json", "a captured call.end event (Webhook v2)"),
        (
            "examples/after-call.json",
            "a captured After-Call call log (Webhook v1)",
        ),
        (
            "examples/calls.ndjson",
            "12 captured records (the first an In-Call call log, Webhook v1)",
        ),
        (
            "examples/in-call-post.form",
            "a captured In-Call call log in a form body (Webhook v1)",
        ),
        ("examples/get-webhook.url", "a captured URL"),
    ];
    for (file, what) in cases {
        let out = callhook().args(["validate", file]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(out.stdout.is_empty(), "{file}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "error: {file} looks like {what}, not a webhook configuration: decode it with `callhook decode {file}`\n\
                 callhook: 0 errors and 0 warnings in 0 files; 1 file is a capture, not a configuration\n"
            )
        );
    }
    // With a configuration beside it, the configuration is still checked.
    callhook()
        .args(["validate", "examples/webhook-v2.json", "examples/v2-call-end.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "callhook: 0 errors and 0 warnings in 1 file; 1 file is a capture, not a configuration",
        ));
    // `--config` refuses a capture the same way.
    callhook()
        .args([
            "decode",
            "--config",
            "examples/calls.ndjson",
            "examples/get-webhook.url",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: examples/calls.ndjson looks like 12 captured records",
        ));
}
