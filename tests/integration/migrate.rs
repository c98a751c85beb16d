//! `callhook migrate`: the v2 configuration it writes passes `validate`, does the v1
//! webhook's job, and keeps secrets; the field table covers the handler's fields;
//! errors stop it as `validate` shows them.

use predicates::prelude::*;
use serde_json::Value;

use crate::harness::callhook;

/// `migrate --format json` of a configuration given on stdin.
fn migrated(config: &str) -> Value {
    let out = callhook()
        .args(["migrate", "--format", "json", "-"])
        .write_stdin(config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What `validate` says of `config`: its exit status and its summary line.
fn validated(config: &[u8]) -> (Option<i32>, String) {
    let out = callhook()
        .args(["validate", "-"])
        .write_stdin(config.to_vec())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

const CLEAN: &str = "callhook: 0 errors and 0 warnings in 1 file\n";

#[test]
fn what_migrate_writes_validates_clean_in_both_formats() {
    for file in ["examples/webhook.json", "tests/fixtures/validate/after.json"] {
        let text = callhook().args(["migrate", file]).output().unwrap();
        assert_eq!(
            text.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&text.stderr)
        );
        assert_eq!(validated(&text.stdout), (Some(0), CLEAN.to_owned()), "{file}");
        let stderr = String::from_utf8(text.stderr).unwrap();
        assert!(
            stderr.ends_with("validate finds 0 errors and 0 warnings in the result\n"),
            "{stderr}"
        );
        let json = callhook().args(["migrate", "--format", "json", file]).output().unwrap();
        let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(doc["diagnostics"], serde_json::json!([]));
        let config = serde_json::to_vec(&doc["configuration"]).unwrap();
        assert_eq!(validated(&config), (Some(0), CLEAN.to_owned()), "{file}");
        assert_eq!(
            serde_json::from_slice::<Value>(&text.stdout).unwrap(),
            doc["configuration"],
            "{file}: the text and JSON configurations differ"
        );
    }
}

#[test]
fn an_in_call_webhook_gets_the_in_call_events_and_keeps_its_job() {
    let doc = migrated(
        r#"{"target_url": "http://crm.example.com/hook.php?tenant=7", "method": "GET", "log_criteria": "call_logs",
            "headers": ["x-crm-tag: calls"],
            "query_params": [{"name": "num", "field": "Caller number with country code"},
                             {"name": "st", "field": "call_state"},
                             {"name": "src", "field": "Custom", "value": "my operator"}]}"#,
    );
    let config = &doc["configuration"];
    assert!(config.is_object(), "one webhook in, one out: {config}");
    assert_eq!(config["version"], 2);
    assert_eq!(
        config["url"],
        "https://crm.example.com/hook.php?tenant=7&src=my%20operator"
    );
    assert_eq!(
        config["events"],
        serde_json::json!(["call.initiated", "call.dial_begin", "call.answered", "call.end"])
    );
    assert_eq!(config["auth"], serde_json::json!({"type": "none"}));
    assert_eq!(config["headers"][0]["name"], "x-crm-tag");
    let webhook = &doc["webhooks"][0];
    assert_eq!(webhook["type"], "in_call");
    let notes = webhook["notes"].to_string();
    for said in [
        "no `type` is given",
        "http://",
        "`num`, `st` are dropped",
        "`src` is in the URL",
    ] {
        assert!(notes.contains(said), "no note says {said}: {notes}");
    }
    let rows = webhook["fields"].as_array().unwrap();
    let query: Vec<_> = rows.iter().filter(|r| !r["query_parameter"].is_null()).collect();
    assert_eq!(query.len(), 2, "the two mapped parameters, not the custom one");
    assert_eq!(query[0]["query_parameter"], "num");
    assert_eq!(query[0]["v2"][0], "payload.customer_number");
    assert_eq!(
        query[1]["values"][0],
        serde_json::json!({"v1": "1", "v2": "call.initiated"})
    );
    let keys: Vec<_> = rows.iter().filter_map(|r| r["v1"][0].as_str()).collect();
    assert!(
        keys.contains(&"clid") && keys.contains(&"call_state") && !keys.contains(&"_cr"),
        "{keys:?}"
    );
    let ivr = rows.iter().find(|r| r["field"] == "public_ivr_id").unwrap();
    assert_eq!(ivr["v2"], serde_json::json!([]), "no v2 counterpart");
}

#[test]
fn after_call_and_disposition_webhooks_get_their_events_and_short_keys() {
    let after = migrated(
        r#"[{"type": "after_call", "target_url": "https://crm.example.com/after", "method": "POST", "format": "json",
             "log_criteria": "call_logs", "credentials": {"username": "crm", "password": "pw"}},
            {"type": "Disposition", "target_url": "https://crm.example.com/dsp", "method": "POST", "format": "json",
             "log_criteria": "call_logs", "headers": ["Authorization: Bearer t0k"]}]"#,
    );
    let config = after["configuration"].as_array().unwrap();
    assert_eq!(config[0]["events"], serde_json::json!(["call.end", "call.summary"]));
    assert_eq!(
        config[0]["auth"],
        serde_json::json!({"type": "basic", "username": "crm", "password": "<redacted>"})
    );
    assert_eq!(config[1]["events"], serde_json::json!(["disposition"]));
    assert_eq!(config[1]["auth"]["type"], "api_key");
    assert_eq!(config[1]["auth"]["name"], "Authorization");
    assert!(config[1].get("headers").is_none(), "Authorization moved into auth");
    let rows = after["webhooks"][0]["fields"].as_array().unwrap();
    let contact = rows.iter().find(|r| r["field"] == "agent_number").unwrap();
    assert_eq!(contact["v1"], serde_json::json!(["_ld[]._rr[]._ct", "_cn[]._ct"]));
    assert_eq!(contact["v2"][0], "payload.legs[].agent.contact");
    let status = rows.iter().find(|r| r["field"] == "status").unwrap();
    assert_eq!(status["v1"], serde_json::json!(["_su"]));
    assert_eq!(status["values"][0], serde_json::json!({"v1": "1", "v2": "bridged"}));
}

#[test]
fn the_table_is_on_stderr_and_the_configuration_alone_on_stdout() {
    let assert = callhook()
        .args(["migrate", "tests/fixtures/validate/after.json"])
        .assert()
        .success();
    let out = assert.get_output();
    serde_json::from_slice::<Value>(&out.stdout).expect("stdout is the configuration alone");
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    for (v1, v2) in [
        ("clid", "payload.customer_number, customer_identifier"),
        ("?state", "event_type"),
        ("public_ivr_id", "no v2 counterpart"),
        ("", "1, 3 → call.initiated"),
    ] {
        let row = |line: &&str| {
            let cells: Vec<&str> = line.split(['│', '┆']).map(str::trim).collect();
            cells.get(1) == Some(&v1) && cells.get(2) == Some(&v2)
        };
        assert!(stderr.lines().any(|l| row(&l)), "no row `{v1}` `{v2}` in:\n{stderr}");
    }
}

#[test]
fn secrets_stay_redacted_unless_asked_for() {
    let config = r#"{"target_url": "https://crm.example.com/h?key=s1g-v4lue", "method": "POST", "log_criteria": "call_logs",
        "headers": ["x-webhook-token: tok-abc123def"], "credentials": {"username": "crm", "password": "hunter2-pass"}}"#;
    for format in ["text", "json"] {
        let out = callhook()
            .args(["migrate", "--format", format, "-"])
            .write_stdin(config)
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for secret in ["tok-abc123def", "hunter2-pass", "s1g-v4lue"] {
            assert!(!all.contains(secret), "{format} shows {secret}:\n{all}");
        }
        let shown = callhook()
            .args(["migrate", "--show-secrets", "--format", format, "-"])
            .write_stdin(config)
            .output()
            .unwrap();
        let stdout = String::from_utf8(shown.stdout).unwrap();
        for secret in ["tok-abc123def", "hunter2-pass", "s1g-v4lue"] {
            assert!(stdout.contains(secret), "{format} --show-secrets hides {secret}");
        }
    }
}

#[test]
fn errors_in_the_v1_file_stop_it_as_validate_shows_them() {
    callhook()
        .args(["migrate", "examples/webhook-broken.json"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error[unknown-key]: unknown key `target_ulr`"))
        .stderr(predicate::str::contains(" --> examples/webhook-broken.json:2:3"))
        .stderr(predicate::str::contains("has errors; fix them first"))
        .stderr(predicate::str::contains("warning[").not());
    callhook()
        .args(["migrate", "examples/webhook-v2.json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("is a v2 configuration already"));
    callhook()
        .args(["migrate", "no-such-webhook.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: cannot read no-such-webhook.json:"));
}

#[test]
fn a_result_that_does_not_pass_is_said_and_fails() {
    let headers: Vec<String> = (0..11).map(|i| format!("\"x-h{i}: v\"")).collect();
    let config = format!(
        r#"{{"target_url": "https://crm.example.com/h", "method": "POST", "log_criteria": "call_logs", "headers": [{}]}}"#,
        headers.join(", ")
    );
    callhook()
        .args(["migrate", "-"])
        .write_stdin(config)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[headers-too-many]"))
        .stderr(predicate::str::contains(
            "validate finds 1 error and 0 warnings in the result",
        ));
}

#[test]
fn a_capture_is_not_migrated_but_named_with_the_command_that_reads_it() {
    callhook()
        .args(["migrate", "examples/in-call-post.form"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: examples/in-call-post.form looks like a captured In-Call call log in a form body (Webhook v1), not a webhook configuration: decode it with `callhook decode examples/in-call-post.form`\n",
        );
}
