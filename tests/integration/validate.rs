//! `callhook validate`: every rule triggered and not, positions, masking, exit
//! statuses; and `decode --config`.

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

/// A valid webhook with `change` merged over it (a JSON object's text without braces).
fn webhook(change: &str) -> String {
    let base = r#""target_url": "https://crm.example.com/webhook.php", "method": "POST", "log_criteria": "call_logs""#;
    if change.is_empty() {
        format!("{{{base}}}")
    } else {
        format!("{{{base}, {change}}}")
    }
}

#[test]
fn the_shipped_configuration_passes() {
    callhook()
        .args(["validate", "examples/webhook.json"])
        .assert()
        .success()
        .stdout("")
        .stderr("callhook: 0 errors and 0 warnings in 1 file\n");
    assert!(rules(&webhook("")).is_empty());
}

#[test]
fn each_rule_triggers_where_it_applies() {
    let param = |p: &str| webhook(&format!(r#""query_params": [{p}]"#));
    let cases: Vec<(Rule, String)> = vec![
        (Rule::InvalidJson, r#"{"target_url": "https://x.example/h",}"#.into()),
        (Rule::RootType, "\"just a string\"".into()),
        (Rule::NoWebhooks, "[]".into()),
        (Rule::UnknownKey, webhook(r#""target_ulr": "x""#)),
        (Rule::DuplicateKey, webhook(r#""method": "GET""#)),
        (Rule::MissingKey, r#"{"method": "POST", "log_criteria": "call_logs"}"#.into()),
        (Rule::WrongType, webhook(r#""headers": "x-a: 1""#)),
        (Rule::TargetUrlInvalid, r#"{"target_url": "crm.example.com/h", "method": "POST", "log_criteria": "call_logs"}"#.into()),
        (Rule::TargetUrlFragment, r#"{"target_url": "https://crm.example.com/h#x", "method": "POST", "log_criteria": "call_logs"}"#.into()),
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
        let code = if rule.severity() == callhook::findings::Severity::Error {
            1
        } else {
            0
        };
        callhook()
            .args(["validate", "-"])
            .write_stdin(config.clone())
            .assert()
            .code(code);
    }
}

#[test]
fn near_misses_do_not_trigger() {
    // Authorization without credentials is a header like any other.
    assert!(rules(&webhook(r#""headers": ["Authorization: Bearer t"]"#)).is_empty());
    // A secret header over https is fine; the same over http is not.
    assert!(
        rules(&webhook(
            r#""headers": ["x-api-key: k"], "credentials": {"username": "a", "password": "b"}"#
        ))
        .is_empty()
    );
    // Dropdown labels in any case, ids, and the panel's spelling of log criteria.
    let config = r#"{"target_url": "https://crm.example.com/h", "method": "GET", "log_criteria": "Mobile Logs",
        "query_params": [{"name": "caller_number", "field": "CALLER NUMBER WITH COUNTRY CODE"}, {"name": "state", "field": "call_state"},
                         {"name": "src", "field": "custom", "value": "myoperator"}]}"#;
    assert!(rules(config).is_empty(), "{:?}", rules(config));
    // Public addresses are reachable.
    let public = r#"{"target_url": "https://203.0.113.7:8443/h", "method": "POST", "log_criteria": "call_logs"}"#;
    assert!(rules(public).is_empty());
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
        .stderr(predicate::str::contains("in 3 files"));
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
